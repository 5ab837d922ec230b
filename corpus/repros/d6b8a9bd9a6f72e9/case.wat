(module
  (type (;0;) (func (result i64 f32)))
  (global (;0;) (mut i64) i64.const 0)
  (export "" (func 0))
  (export "w" (global 0))
  (func (;0;) (type 0) (result i64 f32)
    (local f32 f64 funcref i64 v128 f32 f64 v128)
    i32.const 1
    if ;; label = @1
    else
      unreachable
    end
    local.get 7
    v128.const i32x4 0x00000000 0x80000000 0x00000000 0x80000000
    f64x2.max
    i64x2.extract_lane 0
    i64.const 0
    i64.xor
    global.set 0
    i64.const 0
    f32.const 0x1.7dd4p+47 (;=209912230000000;)
  )
)
