# The help of `wasmdiff shrink`: its options as a user sees them.
wasmdiff shrink --help
