;; Each export traps differently; every engine maps the trap to the same kind.
(module
  (memory 1)
  (type $t (func))
  (table 2 funcref)
  (func (export "unreachable") unreachable)
  (func (export "div") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (func (export "oob") (result i32) (i32.load (i32.const 70000)))
  (func (export "null") (call_indirect (type $t) (i32.const 1))))
