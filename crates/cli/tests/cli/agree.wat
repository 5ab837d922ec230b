;; Every engine agrees: arithmetic, memory, a global, and a start function.
(module
  (memory (export "mem") 1 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (start $init)
  (func $init (global.set $g (i32.const 40)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 2)))
    (i32.store (i32.const 16) (global.get $g))
    (global.get $g))
  (func (export "float") (result f64) (f64.div (f64.const 1) (f64.const 3))))
