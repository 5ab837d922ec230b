# The help of `wasmdiff wast`: its options as a user sees them.
wasmdiff wast --help
