;; wasmdiff repro 86a9c6b5a999a5b5: state[3]:global|state:global=wasmi|state:global=wasmtime-cranelift
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\0b\02\60\02\70\7c\01\6f\60\01\7e\00\03\05\04\01\01\00\00\06\15\04\7f\01\41\00\0b\7e\01\42\00\0b\7e\01\42\00\0b\7f\01\41\39\0b\07\14\05\01\50\00\00\00\00\01\01\32\00\02\01\33\00\03\01\63\03\00\0c\01\00\0a\74\04\02\00\0b\02\00\0b\03\00\00\0b\68\07\01\7f\01\7c\01\7e\01\7c\01\7d\01\7c\01\7b\41\00\04\40\00\0b\23\03\24\03\20\06\20\06\5b\22\02\20\03\42\01\42\00\03\01\41\00\04\40\00\0b\23\03\24\03\bf\03\40\41\00\04\40\00\0b\41\00\24\03\42\00\02\40\20\01\0c\00\0b\23\02\85\24\02\0b\bd\23\01\85\24\01\0b\23\02\85\24\02\bd\23\01\85\24\01\41\00\73\24\00\d0\6f\0b")
;; wasmtime-cranelift, wasmi: ()
(assert_return (invoke "P" (i64.const 0)))
;; wasmtime-cranelift, wasmi: ()
(assert_return (invoke "" (i64.const -8931172022096826598)))
;; wasmtime-cranelift, wasmi: trap: unreachable
(assert_trap (invoke "2" (ref.null func) (f64.const -0.0)) "unreachable")
;; wasmtime-cranelift, wasmi: ref.null extern
(assert_return (invoke "3" (ref.null func) (f64.const -4.1523939195858815e172)) (ref.null extern))
;; The engines diverged at state[3]: global `c`: i32:1 vs i32:0
