(module
  (type (;0;) (func (param f32 f64 i32 i32 f32 f64 v128)))
  (memory (;0;) 1 1)
  (memory (;1;) 0 1)
  (global (;0;) (mut i64) i64.const 0)
  (export "" (func 0))
  (func (;0;) (type 0) (param f32 f64 i32 i32 f32 f64 v128)
    (local v128 f32 f64 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    i32.const 0
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    v128.store32_lane 1 0
    i32.const 0
    i32.const 0
    i32.div_s
    i64.extend_i32_u
    global.get 0
    i64.xor
    global.set 0
  )
)
