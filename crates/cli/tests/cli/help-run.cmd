# The help of `wasmdiff run`: its options as a user sees them.
wasmdiff run --help
