# The help of `wasmdiff bench`: its options as a user sees them.
wasmdiff bench --help
