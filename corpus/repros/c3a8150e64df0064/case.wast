;; wasmdiff repro c3a8150e64df0064: state[1]:global|state:global=wasmi|state:global=wasmtime-cranelift+wasmtime-pulley+wasmer-cranelift
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\0e\03\60\02\7f\7f\00\60\01\7c\00\60\01\7d\00\03\03\02\00\01\06\2f\06\7f\01\41\00\0b\7b\01\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\0b\7e\01\42\00\0b\7e\01\42\00\0b\7f\01\41\02\0b\7e\01\42\00\0b\07\10\04\00\00\00\01\31\00\01\01\37\03\01\01\39\03\03\0c\01\00\0a\74\02\02\00\0b\6f\02\01\7d\01\7c\41\00\04\40\00\0b\23\04\24\04\03\7d\41\00\04\40\00\0b\41\00\24\04\42\00\20\00\43\c6\1b\96\07\41\01\fd\11\fd\a4\01\04\02\fc\04\b9\22\02\44\82\86\f8\6a\ad\d5\b0\e0\41\01\1b\22\00\02\40\0c\01\0b\bd\23\03\85\24\03\05\bc\23\00\73\24\00\0b\bd\23\03\85\24\03\23\02\85\24\02\43\01\af\8a\84\0b\bc\23\00\73\24\00\23\05\24\05\0b")
;; wasmtime-cranelift, wasmtime-pulley, wasmi, wasmer-cranelift, v8-liftoff, v8-turbofan: ()
(assert_return (invoke "" (i32.const 1938019958) (i32.const -2147483648)))
;; wasmtime-cranelift, wasmtime-pulley, wasmi, wasmer-cranelift, v8-liftoff, v8-turbofan: ()
(assert_return (invoke "1" (f64.const 1.1026722506586145e-300)))
;; The engines diverged at state[1]: global `9`: i64:119241372778667908 vs i64:0
