# The help of `wasmdiff triage`: its options as a user sees them.
wasmdiff triage --help
