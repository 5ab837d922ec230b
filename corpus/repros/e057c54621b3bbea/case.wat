(module
  (type (;0;) (func))
  (global (;0;) (mut i64) i64.const 0)
  (export "J" (func 0))
  (export "" (func 1))
  (func (;0;) (type 0))
  (func (;1;) (type 0)
    (local f32 f64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    i32.const -2147483648
    i32.const -1
    i32.rem_s
    i64.extend_i32_u
    global.get 0
    i64.xor
    global.set 0
  )
)
