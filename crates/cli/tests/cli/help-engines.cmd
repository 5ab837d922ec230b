# The help of `wasmdiff engines`: its options as a user sees them.
wasmdiff engines --help
