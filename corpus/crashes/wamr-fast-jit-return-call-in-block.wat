(module
  (type (;0;) (func (result funcref i64 f32 funcref)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (func (;0;) (type 0) (result funcref i64 f32 funcref)
    (local f64 i32 i64 f32 f64)
    global.get 2
    if ;; label = @1
      unreachable
    end
    global.get 2
    global.set 2
    i64.const 1
    block (type 0) (result funcref i64 f32 funcref) ;; label = @1
      i64.const 0
      local.get 3
      return_call 0
    end
    drop
    i32.reinterpret_f32
    i32.const 1
    i32.xor
    global.set 0
    i64.const 0
    i64.xor
    global.set 1
    drop
    global.get 1
    i64.xor
    global.set 1
    ref.null func
    i64.const 0
    f32.const 0x1p+0 (;=1;)
    ref.null func
  )
)
