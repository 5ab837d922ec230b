(module
  (type (;0;) (func (param i32 i32)))
  (type (;1;) (func (param f64)))
  (type (;2;) (func (param f32)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 2)
  (global (;5;) (mut i64) i64.const 0)
  (export "" (func 0))
  (export "1" (func 1))
  (export "7" (global 1))
  (export "9" (global 3))
  (func (;0;) (type 0) (param i32 i32))
  (func (;1;) (type 1) (param f64)
    (local f32 f64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 4
    global.set 4
    loop (result f32) ;; label = @1
      i32.const 0
      if ;; label = @2
        unreachable
      end
      i32.const 0
      global.set 4
      i64.const 0
      local.get 0
      f32.const 0x1.2c378cp-112 (;=0.00000000000000000000000000000000022585815;)
      i32.const 1
      i32x4.splat
      i32x4.bitmask
      if (type 2) (param f32) ;; label = @2
        i64.trunc_sat_f32_s
        f64.convert_i64_s
        local.tee 2
        f64.const -0x1.0d5ad6af88682p+524 (;=-57783327000151560000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        i32.const 1
        select
        local.tee 0
        block ;; label = @3
          br 1 (;@2;)
        end
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
      else
        i32.reinterpret_f32
        global.get 0
        i32.xor
        global.set 0
      end
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      global.get 2
      i64.xor
      global.set 2
      f32.const -0x1.155e02p-118 (;=-0.000000000000000000000000000000000003260436;)
    end
    i32.reinterpret_f32
    global.get 0
    i32.xor
    global.set 0
    global.get 5
    global.set 5
  )
)
