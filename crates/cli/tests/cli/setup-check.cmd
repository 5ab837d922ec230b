# An unknown option: a one-line error and exit status 2, nothing fetched.
wasmdiff setup --bogus
