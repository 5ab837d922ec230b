# The help of `wasmdiff repro`: its options as a user sees them.
wasmdiff repro --help
