(module
  (type (;0;) (func))
  (type (;1;) (func (result f32)))
  (type (;2;) (func (result v128)))
  (memory (;0;) 0 0)
  (memory (;1;) i64 0 4)
  (global (;0;) (mut i32) i32.const 0)
  (export "" (func 0))
  (func (;0;) (type 2) (result v128)
    (local funcref i64 f32 f64 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    memory.size
    v128.load64_zero align=2
    i64x2.extract_lane 0
    local.tee 1
    local.get 1
    i64.store16 1
    i32.const 1
    if (type 1) (result f32) ;; label = @1
      call 1
      f32.const 0x1.ea9cbcp+28 (;=514444220;)
      br 0 (;@1;)
    else
      f32.const 0x1.50d422p+108 (;=426981030000000000000000000000000;)
    end
    i32.reinterpret_f32
    global.get 0
    i32.xor
    global.set 0
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
  )
  (func (;1;) (type 0))
)
