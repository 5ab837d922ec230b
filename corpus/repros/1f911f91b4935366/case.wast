;; wasmdiff repro 1f911f91b4935366: call|ok=*|trap:index-out-of-bounds=sm-ion
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\02\01\00\05\07\02\01\00\00\01\04\04\07\04\01\00\00\00\0c\01\00\0a\39\01\37\04\01\7c\01\7b\01\7c\01\7b\41\00\04\40\00\0b\02\40\42\00\41\01\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\fd\5b\40\01\c9\cd\05\00\20\00\41\00\0c\00\0b\0b")
;; wasmtime-cranelift, wasmtime-pulley, wasmi, wasmer-cranelift, v8-liftoff, v8-turbofan, sm-baseline: ()
;; sm-ion: trap: index-out-of-bounds
(assert_return (invoke ""))
