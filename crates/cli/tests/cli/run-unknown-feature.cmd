# An unknown feature is refused while the command line is read.
wasmdiff run --features simd,bogus tests/cli/agree.wat
