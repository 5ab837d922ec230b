;; wasmdiff repro a9b7e1869da19011: call|trap:integer-divide-by-zero=sm-ion|trap:memory-out-of-bounds=*
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\0b\01\60\07\7d\7c\7f\7f\7d\7c\7b\00\03\02\01\00\05\07\02\01\01\01\01\00\01\06\06\01\7e\01\42\00\0b\07\04\01\00\00\00\0c\01\00\0a\37\01\35\04\01\7b\01\7d\01\7c\01\7b\41\00\04\40\00\0b\41\00\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\fd\5a\42\01\00\00\41\00\41\00\6d\ad\23\00\85\24\00\0b")
;; wasmtime-cranelift, wasmtime-pulley, wasmi, wasmer-cranelift, v8-liftoff, v8-turbofan, sm-baseline: trap: memory-out-of-bounds
;; sm-ion: trap: integer-divide-by-zero
(assert_trap (invoke "" (f32.const 0.0) (f64.const 0.0) (i32.const 0) (i32.const 0) (f32.const 0.0) (f64.const 0.0) (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)) "out of bounds memory access")
