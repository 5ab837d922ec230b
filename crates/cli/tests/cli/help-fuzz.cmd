# The help of `wasmdiff fuzz`: its options as a user sees them.
wasmdiff fuzz --help
