(module
  (type (;0;) (func))
  (type (;1;) (func))
  (global (;0;) f32 f32.const 0x1.7c6898p+79 (;=898214340000000000000000;))
  (global (;1;) (mut f32) f32.const 0x0p+0 (;=0;))
  (global (;2;) (mut i64) i64.const -1)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 21)
  (global (;7;) (mut i64) i64.const 0)
  (export "`" (func 0))
  (export "" (func 1))
  (elem (;0;) func)
  (func (;0;) (type 1))
  (func (;1;) (type 0)
    (local i64 f32 f64)
    global.get 6
    i32.eqz
    i32.eqz
    if ;; label = @1
    else
      unreachable
    end
    i32.const 0
    global.set 6
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    i32.const 0
    f64.convert_i32_u
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    i64.reinterpret_f64
    global.get 7
    i64.xor
    global.set 7
    global.get 7
    global.set 7
    local.get 1
    global.set 1
    global.get 7
    global.set 7
    local.get 0
    global.set 7
    local.get 0
    f64.const 0x1.5cd17e5972602p-854 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000011343394635305429;)
    i64.trunc_sat_f64_s
    i64.rotr
    local.set 0
    i64.const -3217703216229511073
    local.set 0
    global.get 7
    global.set 7
    elem.drop 0
    i64.const 1717668969426394760
    global.set 7
    elem.drop 0
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    i64.const 2499602068435216990
    global.get 7
    i64.xor
    global.set 7
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    i64.const 1
    global.set 7
    global.get 7
    global.set 7
    nop
    nop
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    local.get 0
    global.set 7
    global.get 7
    global.set 7
    elem.drop 0
    i64.const 1011739019789967802
    global.get 7
    i64.const 7
    i64.rotl
    i64.xor
    global.set 7
    local.get 0
    local.set 0
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    i64.const 0
    i64.const 1
    i64.xor
    global.set 7
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    global.get 7
    global.set 7
    local.get 1
    global.set 1
    i32.const 1
    i64.extend_i32_u
    global.get 7
    i64.xor
    global.set 7
    global.get 0
    global.set 1
    local.get 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    global.set 1
    global.get 3
    global.set 3
    global.get 4
    global.set 4
    global.get 2
    global.set 2
    global.get 7
    global.set 7
    global.get 3
    global.set 3
    local.get 0
    global.set 2
    global.get 5
    global.set 5
    i32.const 1
    global.get 0
    f32.floor
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    i32.const -2147483648
    i32.const -1
    i32.div_u
    f32.reinterpret_i32
    f32.eq
    i32.eq
    i32.clz
    i32.extend16_s
    i64.const 32768
    i64.extend16_s
    f64.reinterpret_i64
    i64.trunc_f64_u
    i64.eqz
    i32.le_s
    global.get 1
    i32.trunc_sat_f32_u
    i32.rotr
    global.get 3
    i32.xor
    global.set 3
    global.get 5
    global.set 5
    global.get 5
    global.set 5
    i64.const 133102765867615486
    global.get 7
    i64.const 7
    i64.rotl
    i64.xor
    global.set 7
    global.get 5
    global.set 5
    global.get 3
    global.set 3
    global.get 2
    global.set 2
    global.get 3
    global.set 3
    local.get 2
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    global.get 7
    global.set 7
    local.get 0
    global.set 7
  )
)
