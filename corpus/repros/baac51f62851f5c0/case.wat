(module
  (type (;0;) (func (param i64 f64 i32) (result f32)))
  (type (;1;) (func (param f32 i64 f32 f64)))
  (type (;2;) (func (param f64 f64) (result i32)))
  (memory (;0;) 0 1)
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "`/X" (global 1))
  (func (;0;) (type 1) (param f32 i64 f32 f64))
  (func (;1;) (type 1) (param f32 i64 f32 f64))
  (func (;2;) (type 1) (param f32 i64 f32 f64))
  (func (;3;) (type 2) (param f64 f64) (result i32)
    unreachable
  )
  (func (;4;) (type 0) (param i64 f64 i32) (result f32)
    (local f32 i64 i64 f32 f64)
    i32.const 0
    i32.eqz
    if ;; label = @1
    else
      unreachable
    end
    f32.const -0x0p+0 (;=-0;)
    f32.const 0x0p+0 (;=0;)
    f32.max
    f32.const nan (;=NaN;)
    i32.const 1
    select
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 1
    i64.xor
    global.set 1
    i64.const 0
    block ;; label = @1
      i64.const 1
      memory.size
      i32.load16_u align=1
      br_table 0 (;@1;) 0 (;@1;)
    end
    global.get 0
    i64.xor
    global.set 0
    f32.const -0x1.b49ab2p+96 (;=-135122480000000000000000000000;)
  )
)
