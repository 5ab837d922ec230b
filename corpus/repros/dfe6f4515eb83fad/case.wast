;; wasmdiff repro dfe6f4515eb83fad: state:global|state:global=*|state:global=wamr-fast-jit
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\02\01\00\05\04\01\01\00\02\06\1d\05\7e\01\42\00\0b\7f\01\41\01\41\7f\6a\0b\7e\01\42\00\0b\7f\01\41\0d\0b\7e\01\42\00\0b\07\08\02\00\00\00\01\17\03\01\0a\86\01\01\83\01\06\01\7f\01\7c\01\7d\01\7e\01\7f\01\7c\41\00\04\40\00\0b\23\03\24\03\23\04\24\04\20\05\41\00\41\00\3f\00\41\02\40\00\ad\23\04\85\24\04\23\04\24\04\3f\00\ad\24\00\23\01\73\24\01\23\01\73\24\01\23\01\73\24\01\bd\23\02\85\24\02\20\00\ad\23\04\42\07\89\85\24\04\20\01\bd\23\04\42\07\89\85\24\04\20\02\bc\ad\23\04\42\07\89\85\24\04\20\03\23\04\42\07\89\85\24\04\20\04\ad\23\04\42\07\89\85\24\04\0b")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg, jsc-omg-bounds, sm-baseline, sm-ion, wamr, wamr-classic, wamr-fast-jit: ()
(assert_return (invoke ""))
;; The engines diverged at state[0]: global ``: i32:0 vs i32:2
