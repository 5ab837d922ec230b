(module
  (type (;0;) (func (param i32)))
  (global (;0;) i64 i64.const 0)
  (global (;1;) (mut i32) i32.const 1 i32.const -1 i32.add)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 2)
  (global (;5;) (mut i64) i64.const 0)
  (export "" (func 0))
  (func (;0;) (type 0) (param i32)
    (local i32 f64 f32 f64)
    global.get 4
    if ;; label = @1
    else
      unreachable
    end
    global.get 4
    global.set 4
    global.get 5
    global.set 5
    f32.const -0x1p+113 (;=-10384594000000000000000000000000000;)
    local.get 4
    f32.demote_f64
    local.tee 3
    f32.const nan (;=NaN;)
    local.get 3
    local.get 3
    f32.eq
    select
    local.get 1
    i32.eqz
    select
    i32.trunc_f32_u
    i32.eqz
    i32.const 0
    i32.eq
    i64.extend_i32_u
    global.get 5
    i64.xor
    global.set 5
    global.get 0
    global.set 5
    global.get 5
    global.set 5
    global.get 5
    global.set 5
    global.get 5
    global.set 5
    f32.const nan (;=NaN;)
    i32.trunc_f32_u
    i64.extend_i32_u
    f64.convert_i64_s
    local.tee 4
    f64.const nan (;=NaN;)
    i32.const 0
    select
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    global.get 5
    global.set 5
    global.get 3
    global.set 3
    global.get 2
    global.set 2
    global.get 3
    global.set 3
    global.get 5
    global.set 5
    global.get 1
    global.set 1
    global.get 5
    global.set 5
    global.get 5
    global.set 5
    global.get 5
    global.set 5
  )
)
