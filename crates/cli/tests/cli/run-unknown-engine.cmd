# An unknown engine name is refused while the command line is read.
wasmdiff run --engines wasmi,nope tests/cli/agree.wat
