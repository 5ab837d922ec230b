(module
  (type (;0;) (func (param i64) (result i64)))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i32) i32.const 44)
  (global (;3;) (mut i64) i64.const 0)
  (export "" (func 0))
  (func (;0;) (type 0) (param i64) (result i64)
    (local f32 f32 f64)
    global.get 2
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 2
    global.set 2
    f32.const -0x1.c46ab2p+36 (;=-121444704000;)
    i64.trunc_f32_s
    block ;; label = @1
      i32.const 1
      loop ;; label = @2
        i32.const 1
        if ;; label = @3
          nop
        else
          unreachable
        end
        global.get 2
        global.set 2
        f32.const 0x1.7fffp-132 (;=0.000000000000000000000000000000000000000275504;)
        local.set 1
        i32.const 1695485037
        i32.const 1097028994
        br_if 1 (;@1;)
        br_if 0 (;@2;)
        ref.null func
        br 1 (;@1;)
        i64.const 1
        i64.extend32_s
        br 2
        i64.const 0
        br 2
        local.get 0
        f64.reinterpret_i64
        i64.trunc_sat_f64_s
        br 2
        loop (result i32) ;; label = @3
          global.get 2
          if ;; label = @4
            unreachable
          end
          global.get 2
          global.set 2
          block (result funcref) ;; label = @4
            nop
            i64.const 0
            local.get 2
            br 3 (;@1;)
            f32.ceil
            local.tee 2
            f32.const nan (;=NaN;)
            i32.const -1104471563
            select
            f64.promote_f32
            local.tee 3
            f64.const 0x0p+0 (;=0;)
            i32.const 1
            select
            i64.trunc_sat_f64_s
            f32.convert_i64_u
            local.tee 2
            f32.const nan (;=NaN;)
            local.get 2
            local.get 2
            f32.eq
            select
            f64.promote_f32
            local.tee 3
            f64.const nan (;=NaN;)
            i32.const 1
            select
            i64.trunc_f64_u
            global.get 0
            i64.xor
            global.set 0
            global.get 0
            i64.xor
            global.set 0
            ref.null func
          end
          ref.is_null
          i64.extend_i32_u
          global.get 3
          i64.const 7
          i64.rotl
          i64.xor
          global.set 3
          i32.const 0
        end
        global.get 1
        i32.xor
        global.set 1
        i64.extend_i32_u
        global.get 3
        i64.xor
        global.set 3
      end
      i32.const 1
      i32.xor
      global.set 1
    end
    local.get 0
    global.set 3
    global.get 3
    global.set 3
  )
)
