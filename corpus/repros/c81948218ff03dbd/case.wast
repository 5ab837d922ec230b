;; wasmdiff repro c81948218ff03dbd: call|trap:integer-overflow=*|trap:invalid-conversion=wasmi
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\05\01\60\01\7f\00\03\02\01\00\06\22\06\7e\00\42\00\0b\7f\01\41\01\41\7f\6a\0b\7e\01\42\00\0b\7e\01\42\00\0b\7f\01\41\02\0b\7e\01\42\00\0b\07\04\01\00\00\00\0c\01\00\0a\90\01\01\8d\01\04\01\7f\01\7c\01\7d\01\7c\23\04\04\40\05\00\0b\23\04\24\04\23\05\24\05\43\00\00\00\f8\20\04\b6\22\03\43\00\00\c0\7f\20\03\20\03\5b\1b\20\01\45\1b\a9\45\41\00\46\ad\23\05\85\24\05\23\00\24\05\23\05\24\05\23\05\24\05\23\05\24\05\43\00\00\c0\7f\a9\ad\b9\22\04\44\00\00\00\00\00\00\f8\7f\41\00\1b\bd\23\05\85\24\05\23\05\24\05\23\03\24\03\23\02\24\02\23\03\24\03\23\05\24\05\23\01\24\01\23\05\24\05\23\05\24\05\23\05\24\05\0b")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg, jsc-omg-bounds, sm-baseline, sm-ion, wamr, wamr-classic, wamr-fast-jit: trap: integer-overflow
;; wasmi: trap: invalid-conversion
(assert_trap (invoke "" (i32.const 0)) "integer overflow")
