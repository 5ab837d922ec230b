(module
  (type (;0;) (func))
  (memory (;0;) 0 2)
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i32) i32.const 1 i32.const -1 i32.add)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 13)
  (global (;4;) (mut i64) i64.const 0)
  (export "" (func 0))
  (export "\u{17}" (global 1))
  (func (;0;) (type 0)
    (local i32 f64 f32 i64 i32 f64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 3
    global.set 3
    global.get 4
    global.set 4
    local.get 5
    i32.const 0
    i32.const 0
    memory.size
    i32.const 2
    memory.grow
    i64.extend_i32_u
    global.get 4
    i64.xor
    global.set 4
    global.get 4
    global.set 4
    memory.size
    i64.extend_i32_u
    global.set 0
    global.get 1
    i32.xor
    global.set 1
    global.get 1
    i32.xor
    global.set 1
    global.get 1
    i32.xor
    global.set 1
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    local.get 0
    i64.extend_i32_u
    global.get 4
    i64.const 7
    i64.rotl
    i64.xor
    global.set 4
    local.get 1
    i64.reinterpret_f64
    global.get 4
    i64.const 7
    i64.rotl
    i64.xor
    global.set 4
    local.get 2
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 4
    i64.const 7
    i64.rotl
    i64.xor
    global.set 4
    local.get 3
    global.get 4
    i64.const 7
    i64.rotl
    i64.xor
    global.set 4
    local.get 4
    i64.extend_i32_u
    global.get 4
    i64.const 7
    i64.rotl
    i64.xor
    global.set 4
  )
)
