;; wasmdiff repro 988d101984ed2a67: state[0]:global|state:global=jsc-bbq|state:global=wasmtime-cranelift+wasmi+jsc-ipint
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\03\02\00\00\06\06\01\7e\01\42\00\0b\07\08\02\00\00\01\01\6b\03\00\08\01\00\0a\1d\02\18\02\01\7d\01\7c\41\01\04\40\05\00\0b\41\01\41\20\76\ad\23\00\85\24\00\0b\02\00\0b")
;; wasmtime-cranelift, wasmi, jsc-ipint, jsc-bbq: ()
(assert_return (invoke ""))
;; The engines diverged at state[0]: global `k`: i64:1 vs i64:0
