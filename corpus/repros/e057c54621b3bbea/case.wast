;; wasmdiff repro e057c54621b3bbea: call[1]|ok=wasmtime-cranelift+wasmi+jsc-ipint|trap:integer-overflow=jsc-bbq
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\03\02\00\00\06\06\01\7e\01\42\00\0b\07\08\02\01\4a\00\00\00\00\01\0a\20\02\02\00\0b\1b\02\01\7d\01\7c\41\00\04\40\00\0b\41\80\80\80\80\78\41\7f\6f\ad\23\00\85\24\00\0b")
;; wasmtime-cranelift, wasmi, jsc-ipint, jsc-bbq: ()
(assert_return (invoke "J"))
;; wasmtime-cranelift, wasmi, jsc-ipint: ()
;; jsc-bbq: trap: integer-overflow
(assert_return (invoke ""))
