;; wasmdiff repro 267fe73761095874: call[0]|panic=wasmi|trap:memory-out-of-bounds=wasmtime-cranelift
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\0c\03\60\00\00\60\00\01\7d\60\00\01\7b\03\03\02\02\00\05\07\02\01\00\00\05\00\04\06\06\01\7f\01\41\00\0b\07\04\01\00\00\00\0a\54\02\4f\05\01\70\01\7e\01\7d\01\7c\01\7b\41\00\04\40\00\0b\3f\00\fd\5d\01\00\fd\1d\00\22\01\20\01\3d\41\01\00\41\01\04\01\10\01\43\5e\4e\f5\4d\0c\00\05\43\11\6a\a8\75\0b\bc\23\00\73\24\00\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\0b\02\00\0b")
;; wasmtime-cranelift: trap: memory-out-of-bounds
;; wasmi: PANIC: internal error: entered unreachable code (at wasmi-2.0.0/src/engine/translator/func/mod.rs:2583)
(assert_trap (invoke "") "out of bounds memory access")
