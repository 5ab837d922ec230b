;; wasmdiff repro be5e401938c995dd: call[3]|ok=wasmi|ok=wasmtime-cranelift+wasmtime-winch+wasmtime-pulley+wasmer-singlepass+wasmer-cranelift+v8-liftoff+v8-turbofan
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\17\05\60\00\00\60\00\01\7f\60\03\7f\7e\7d\01\7f\60\01\7d\00\60\01\7f\00\03\05\04\02\00\01\02\05\04\01\01\00\04\06\09\01\7f\01\41\01\41\7f\6a\0b\07\10\04\00\00\00\01\31\00\01\01\32\00\02\01\33\00\03\0a\54\04\03\00\00\0b\02\00\0b\03\00\00\0b\47\01\01\7d\41\00\04\40\00\0b\20\00\20\03\8d\3f\00\04\03\a9\b3\22\03\43\e9\55\22\0e\41\01\1b\8e\22\03\43\00\00\c0\7f\41\01\1b\41\00\03\04\41\00\04\40\00\0b\42\00\0c\01\0b\bc\23\00\73\24\00\05\bc\23\00\73\24\00\0b\0b")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan: trap: unreachable
(assert_trap (invoke "" (i32.const -1579385810) (i64.const -2147483648) (f32.const -2147483600.0)) "unreachable")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan: ()
(assert_return (invoke "1"))
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan: trap: unreachable
(assert_trap (invoke "2") "unreachable")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan: i32:-1674075528
;; wasmi: i32:9
(assert_return (invoke "3" (i32.const -1674075528) (i64.const -9223372036854775808) (f32.const -822577.0)) (i32.const -1674075528))
