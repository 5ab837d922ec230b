;; wasmdiff repro baac51f62851f5c0: state[4]:global|state:global=jsc-bbq+jsc-omg|state:global=wasmtime-cranelift+wasmtime-winch+wasmtime-pulley+wasmi+wasmer-singlepass+wasmer-cranelift+v8-liftoff+v8-turbofan+jsc-ipint
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\15\03\60\03\7e\7c\7f\01\7d\60\04\7d\7e\7d\7c\00\60\02\7c\7c\01\7f\03\06\05\01\01\01\02\00\05\04\01\01\00\01\06\0b\02\7e\01\42\00\0b\7e\01\42\00\0b\07\1a\06\00\00\00\01\31\00\01\01\32\00\02\01\33\00\03\01\34\00\04\03\60\2f\58\03\01\0c\01\00\0a\57\05\02\00\0b\02\00\0b\02\00\0b\03\00\00\0b\48\05\01\7d\01\7e\01\7e\01\7d\01\7c\41\00\45\04\40\05\00\0b\43\00\00\00\80\43\00\00\00\00\97\43\00\00\c0\7f\41\01\1b\bc\ad\23\01\85\24\01\42\00\02\40\42\01\3f\00\2f\00\00\0e\01\00\00\0b\23\00\85\24\00\43\59\4d\da\ef\0b")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg: ()
(assert_return (invoke "" (f32.const 0.0) (i64.const 0) (f32.const 0.0) (f64.const 0.0)))
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg: ()
(assert_return (invoke "1" (f32.const 0.0) (i64.const 0) (f32.const 0.0) (f64.const 0.0)))
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg: ()
(assert_return (invoke "2" (f32.const 0.0) (i64.const 0) (f32.const 0.0) (f64.const 0.0)))
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg: trap: unreachable
(assert_trap (invoke "3" (f64.const 0.0) (f64.const 0.0)) "unreachable")
;; wasmtime-cranelift, wasmtime-winch, wasmtime-pulley, wasmi, wasmer-singlepass, wasmer-cranelift, v8-liftoff, v8-turbofan, jsc-ipint, jsc-bbq, jsc-omg: trap: memory-out-of-bounds
(assert_trap (invoke "4" (i64.const 0) (f64.const 0.0) (i32.const 0)) "out of bounds memory access")
;; The engines diverged at state[4]: global ``/X`: i64:0 vs i64:2147483648
