;; wasmdiff's own script: every kind of directive and value the adapters
;; must pass through, with the spectest host module and registration.

(module $lib
  (global (export "g") (mut i32) (i32.const 7))
  (memory (export "mem") 1)
  (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "set") (param i32) (global.set 0 (local.get 0)))
)
(register "lib" $lib)

(module $user
  (import "lib" "inc" (func $inc (param i32) (result i32)))
  (import "lib" "g" (global $g (mut i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $sg i32))
  (import "spectest" "memory" (memory 1 2))
  (import "spectest" "table" (table 10 20 funcref))
  (func (export "twice") (param i32) (result i32)
    (call $print (local.get 0))
    (call $inc (call $inc (local.get 0))))
  (func (export "read-g") (result i32) (global.get $g))
  (func (export "spectest-g") (result i32) (global.get $sg))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "oob") (result i32) (i32.load (i32.const 131072)))
  (func (export "null-call") (call_indirect (i32.const 0)))
  (func (export "past-end") (call_indirect (i32.const 30)))
  (func (export "unreachable") unreachable)
  (func $rec (export "rec") (call $rec))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "null-ext") (result externref) (ref.null extern))
  (func (export "i64") (param i64) (result i64) (i64.mul (local.get 0) (i64.const -3)))
  (func (export "pair") (result i32 f64) (i32.const 1) (f64.const -0.5))
)

(assert_return (invoke "twice" (i32.const 40)) (i32.const 42))
(invoke $lib "set" (i32.const 9))
(assert_return (invoke $user "read-g") (i32.const 9))
(assert_return (get $lib "g") (i32.const 9))
(assert_return (invoke "spectest-g") (i32.const 666))
(assert_return (invoke "i64" (i64.const 0x100000000)) (i64.const -12884901888))
(assert_return (invoke "pair") (i32.const 1) (f64.const -0.5))
(assert_return (invoke "nan") (f32.const nan:arithmetic))
(assert_return (invoke "ext" (ref.extern 17)) (ref.extern 17))
(assert_return (invoke "null-ext") (ref.null extern))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_trap (invoke "trunc" (f32.const nan)) "invalid conversion to integer")
(assert_trap (invoke "oob") "out of bounds memory access")
(assert_trap (invoke "null-call") "uninitialized element")
(assert_trap (invoke "past-end") "undefined element")
(assert_trap (invoke "unreachable") "unreachable")
(assert_exhaustion (invoke "rec") "call stack exhausted")

(assert_unlinkable
  (module (import "lib" "missing" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "lib" "inc" (func (param i64))))
  "incompatible import type")
(assert_trap
  (module (func $start unreachable) (start $start))
  "unreachable")
(assert_invalid
  (module (func (result i32) (i64.const 0)))
  "type mismatch")
(assert_malformed
  (module binary "\00asm\02\00\00\00")
  "unknown binary version")
(assert_malformed
  (module quote "(func (i32.const))")
  "unexpected token")
