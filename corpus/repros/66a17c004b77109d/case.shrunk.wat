(module
  (type (;0;) (func (param f64) (result i64 f64 i32)))
  (type (;1;) (func (param f32)))
  (type (;2;) (func))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1)
  (export "@" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "\u{1e}" (global 0))
  (func (;0;) (type 1) (param f32))
  (func (;1;) (type 1) (param f32))
  (func (;2;) (type 0) (param f64) (result i64 f64 i32)
    (local f32 f64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 4
    global.set 4
    local.get 0
    i32.const 1
    f32.const -0x1p+113 (;=-10384594000000000000000000000000000;)
    call 1
    f32.const 0x1.ffcp-139 (;=0.000000000000000000000000000000000000000002868;)
    block (type 1) (param f32) ;; label = @1
      f32.ceil
      local.tee 1
      f32.const nan (;=NaN;)
      local.get 1
      local.get 1
      f32.eq
      select
      i32.trunc_f32_s
      f32.reinterpret_i32
      i64.trunc_sat_f32_s
      i64.extend8_s
      f64.convert_i64_u
      local.tee 2
      f64.const nan (;=NaN;)
      local.get 2
      local.get 2
      f64.eq
      select
      block (type 0) (param f64) (result i64 f64 i32) ;; label = @2
        i32.trunc_sat_f64_u
        local.get 2
        i64.trunc_sat_f64_u
        i32.wrap_i64
        i32.eq
        br_if 1 (;@1;)
        block ;; label = @3
        end
        local.get 2
        i32.trunc_sat_f64_s
        loop (type 2) ;; label = @3
          global.get 4
          if ;; label = @4
            unreachable
          end
          global.get 4
          global.set 4
          local.get 1
          loop (result i32) ;; label = @4
            global.get 4
            if ;; label = @5
              unreachable
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            i64.const 0
            i64.eqz
            i32.ctz
            i64.const 0
            i64.const 0
            i32.const -89511658
            local.get 1
            call 0
            br_table 0 (;@4;) 1 (;@3;) 3 (;@1;) 0 (;@4;)
          end
          global.get 3
          i32.xor
          global.set 3
          i32.reinterpret_f32
          global.get 2
          i32.xor
          global.set 2
        end
        global.get 3
        i32.xor
        global.set 3
        i64.const 0
        f64.const -0x1.9e1fded11b63cp-21 (;=-0.000000771366979302689;)
        i32.const 0
      end
      global.get 3
      i32.xor
      global.set 3
      i64.reinterpret_f64
      i64.const 1
      i64.xor
      global.set 0
      global.get 1
      i64.xor
      global.set 1
    end
    global.get 3
    i32.xor
    global.set 3
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
    i64.const 0
    f64.const -0x1.90b425ea185e7p-466 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008214959216756558;)
    i32.const -1048577
  )
)
