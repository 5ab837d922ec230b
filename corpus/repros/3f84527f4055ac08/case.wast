;; wasmdiff repro 3f84527f4055ac08: call[1]|error=wamr-fast-jit|trap:unreachable=wasmtime-cranelift+wasmtime-winch+wasmtime-pulley+wasmi+wasmer-singlepass+wasmer-cranelift+v8-liftoff+v8-turbofan+wamr+wamr-classic
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\11\01\60\00\0d\7f\7e\7e\7c\7e\7e\7e\7d\7f\7f\7c\7e\7e\03\03\02\00\00\07\08\02\00\00\00\01\31\00\01\0a\09\02\03\00\00\0b\03\00\00\0b")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, wamr, wamr-classic, wamr-fast-jit: trap: unreachable
(assert_trap (invoke "") "unreachable")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, wamr, wamr-classic: trap: unreachable
;; wamr-fast-jit: error: call failed without an exception
(assert_trap (invoke "1") "unreachable")
