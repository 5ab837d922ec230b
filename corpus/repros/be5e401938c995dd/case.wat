(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param i32 i64 f32) (result i32)))
  (type (;3;) (func (param f32)))
  (type (;4;) (func (param i32)))
  (memory (;0;) 0 4)
  (global (;0;) (mut i32) i32.const 1 i32.const -1 i32.add)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (func (;0;) (type 2) (param i32 i64 f32) (result i32)
    unreachable
  )
  (func (;1;) (type 0))
  (func (;2;) (type 1) (result i32)
    unreachable
  )
  (func (;3;) (type 2) (param i32 i64 f32) (result i32)
    (local f32)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    local.get 0
    local.get 3
    f32.ceil
    memory.size
    if (type 3) (param f32) ;; label = @1
      i32.trunc_f32_u
      f32.convert_i32_u
      local.tee 3
      f32.const 0x1.44abd2p-99 (;=0.0000000000000000000000000000020009406;)
      i32.const 1
      select
      f32.floor
      local.tee 3
      f32.const nan (;=NaN;)
      i32.const 1
      select
      i32.const 0
      loop (type 4) (param i32) ;; label = @2
        i32.const 0
        if ;; label = @3
          unreachable
        end
        i64.const 0
        br 1 (;@1;)
      end
      i32.reinterpret_f32
      global.get 0
      i32.xor
      global.set 0
    else
      i32.reinterpret_f32
      global.get 0
      i32.xor
      global.set 0
    end
  )
)
