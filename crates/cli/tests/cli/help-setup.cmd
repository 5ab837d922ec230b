# The help of `wasmdiff setup`: its options as a user sees them.
wasmdiff setup --help
