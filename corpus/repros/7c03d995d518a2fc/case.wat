(module
  (type (;0;) (func (result f32)))
  (type (;1;) (func (param f32) (result f64)))
  (type (;2;) (func (result i32)))
  (table (;0;) 73 86 funcref)
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 9)
  (global (;5;) (mut i64) i64.const 0)
  (export "" (func 1))
  (export ":" (global 0))
  (func (;0;) (type 0) (result f32)
    f32.const -0x1.1aaccap+104 (;=-22395817000000000000000000000000;)
  )
  (func (;1;) (type 1) (param f32) (result f64)
    (local f32 f64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    call 0
    i32.reinterpret_f32
    i32.ctz
    f64.convert_i32_s
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    f64.neg
    i64.const 2147483648
    block (result i32) ;; label = @1
      i32.const 1
      f32.convert_i32_s
      local.tee 1
      f32.const nan (;=NaN;)
      local.get 1
      local.get 1
      f32.eq
      select
      block ;; label = @2
        local.get 1
        f32.const nan (;=NaN;)
        local.get 1
        local.get 1
        f32.eq
        select
        i32.reinterpret_f32
        i32.clz
        br_if 0 (;@2;)
        f32.const 0x1.ab8642p+49 (;=940136200000000;)
        local.tee 1
        f32.const nan (;=NaN;)
        local.get 1
        local.get 1
        f32.eq
        select
        f32.trunc
        local.tee 1
        f32.const nan (;=NaN;)
        local.get 1
        local.get 1
        f32.eq
        select
        br 0 (;@2;)
        f64.promote_f32
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        f64.trunc
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        f64.ceil
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        f64.trunc
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        br 2
        br 0 (;@2;)
        f64.const -nan:0xffffffffff000 (;=NaN;)
        br 0 (;@2;)
        f64.sqrt
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        i32.trunc_sat_f64_u
        f64.convert_i32_s
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        i32.trunc_sat_f64_u
        call_indirect (type 2)
        i32.eqz
        i64.const 268435457
        f64.convert_i64_s
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        f64.neg
        i32.trunc_f64_s
        i32.rotl
        i64.const -7113094257265442924
        f64.reinterpret_i64
        i64.reinterpret_f64
        i32.wrap_i64
        f32.reinterpret_i32
        f64.promote_f32
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        f64.abs
        i64.trunc_f64_u
        i64.clz
        i64.clz
        block (result i32) ;; label = @3
          call 0
          loop ;; label = @4
            global.get 4
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            block ;; label = @5
              i64.const 6415853737886047157
              i64.extend32_s
              i32.wrap_i64
              br 0 (;@5;)
              f64.const 0x1.fffep-1058 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000064757;)
              call 0
              f32.abs
              f64.const 0x1.fffffffffffffp+30 (;=2147483647.9999998;)
              f64.neg
              f64.sqrt
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              f32.const 0x1.fffff8p-128 (;=0.00000000000000000000000000000000000000587747;)
              f64.const -0x1p+0 (;=-1;)
              local.get 0
              i32.reinterpret_f32
              i64.extend_i32_u
              global.get 5
              i64.const 7
              i64.rotl
              i64.xor
              global.set 5
              return
              f32.ceil
              local.tee 1
              f32.const nan (;=NaN;)
              local.get 1
              local.get 1
              f32.eq
              select
              i64.trunc_sat_f32_u
              i64.extend32_s
              i64.extend32_s
              f64.reinterpret_i64
              i32.const 131072
              i32.const 32767
              br 1 (;@4;)
              call_indirect (type 0)
              i64.trunc_f32_u
              i64.const -18014398509481984
              i64.gt_u
              i32.eqz
              br_if 4 (;@1;)
              f32.reinterpret_i32
              i32.trunc_sat_f32_u
              i64.const 511
              block ;; label = @6
                br 0 (;@6;)
              end
              loop (result i32) ;; label = @6
                global.get 4
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 4
                i32.const 1
                i32.sub
                global.set 4
                f32.const 0x1p+32 (;=4294967300;)
                global.get 5
                global.set 5
                local.get 2
                local.tee 2
                f64.const nan (;=NaN;)
                local.get 2
                local.get 2
                f64.eq
                select
                i32.trunc_sat_f64_u
                f64.const 0x1.fffffffcp+30 (;=2147483647;)
                loop (result f64) ;; label = @7
                  global.get 4
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 4
                  global.set 4
                  global.get 5
                  global.set 5
                  f32.const 0x1p-1 (;=0.5;)
                  f32.floor
                  local.tee 1
                  f32.const nan (;=NaN;)
                  local.get 1
                  local.get 1
                  f32.eq
                  select
                  f32.floor
                  local.tee 1
                  f32.const nan (;=NaN;)
                  local.get 1
                  local.get 1
                  f32.eq
                  select
                  i64.trunc_f32_s
                  loop (result f64) ;; label = @8
                    global.get 4
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 4
                    global.set 4
                    i32.const 65535
                    call_indirect (type 2)
                    f32.reinterpret_i32
                    f32.ceil
                    local.tee 1
                    f32.const nan (;=NaN;)
                    local.get 1
                    local.get 1
                    f32.eq
                    select
                    i32.reinterpret_f32
                    i64.extend_i32_u
                    global.get 5
                    i64.const 7
                    i64.rotl
                    i64.xor
                    global.set 5
                    f32.const nan (;=NaN;)
                    i32.trunc_sat_f32_u
                    block ;; label = @9
                      f64.const -0x1.25f4a692b1ecp+1023 (;=-103211344528378440000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                      i64.reinterpret_f64
                      global.get 5
                      i64.const 7
                      i64.rotl
                      i64.xor
                      global.set 5
                      f64.const 0x1.fffffffffffffp+30 (;=2147483647.9999998;)
                      i64.trunc_sat_f64_u
                      i64.popcnt
                      f64.const 0x1.fffep-1059 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000323786;)
                      f64.trunc
                      local.tee 2
                      f64.const nan (;=NaN;)
                      f64.const 0x1.d2b197b3e66b2p+555 (;=215000557512567500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                      local.get 2
                      f64.eq
                      select
                      i32.trunc_f64_u
                      f32.reinterpret_i32
                      block (result f32) ;; label = @10
                        loop ;; label = @11
                          global.get 4
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 4
                          i32.const 1
                          i32.sub
                          global.set 4
                          loop ;; label = @12
                            global.get 4
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            i32.const 1
                            i32.sub
                            global.set 4
                            local.get 2
                            i32.const 255
                            f64.const -nan:0xf800000000000 (;=NaN;)
                            f64.nearest
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            i64.reinterpret_f64
                            global.get 5
                            i64.const 7
                            i64.rotl
                            i64.xor
                            global.set 5
                            f64.const 0x0p+0 (;=0;)
                            i32.trunc_f64_u
                            i32.and
                            i32.eqz
                            i64.extend_i32_u
                            global.get 5
                            i64.const 7
                            i64.rotl
                            i64.xor
                            global.set 5
                            i32.const 10
                            br_table 0 (;@12;) 1 (;@11;) 3 (;@9;) 4 (;@8;) 5 (;@7;) 6 (;@6;) 7 (;@5;) 8 (;@4;) 10 (;@2;) 8 (;@4;)
                            f64.trunc
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            f64.ceil
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            i32.const 1
                            call_indirect (type 2)
                            i32.extend8_s
                            f64.convert_i32_s
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            f64.div
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            br 6 (;@6;)
                            i64.const 0
                            f64.reinterpret_i64
                            call 0
                            i64.trunc_sat_f32_u
                            f64.reinterpret_i64
                            f64.ge
                            i32.clz
                            call_indirect (type 0)
                            f64.promote_f32
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            f64.div
                            local.tee 2
                            f64.const nan (;=NaN;)
                            local.get 2
                            local.get 2
                            f64.eq
                            select
                            br 3 (;@9;)
                            i64.const 1
                            block (result f64) ;; label = @13
                              call 0
                              i32.reinterpret_f32
                              i64.extend_i32_u
                              global.get 5
                              i64.const 7
                              i64.rotl
                              i64.xor
                              global.set 5
                              f32.const 0x1.fffffep-2 (;=0.49999997;)
                              f32.floor
                              local.tee 1
                              f32.const nan (;=NaN;)
                              local.get 1
                              local.get 1
                              f32.eq
                              select
                              i64.trunc_f32_u
                              i64.extend16_s
                              global.get 1
                              i64.xor
                              global.set 1
                              f64.const -nan:0xfffffffffffc0 (;=NaN;)
                            end
                            i64.reinterpret_f64
                            global.get 0
                            i64.xor
                            global.set 0
                            global.get 1
                            i64.xor
                            global.set 1
                            i64.reinterpret_f64
                            global.get 0
                            i64.xor
                            global.set 0
                          end
                        end
                        f32.const nan:0x200001 (;=NaN;)
                      end
                      i32.reinterpret_f32
                      global.get 3
                      i32.xor
                      global.set 3
                      i32.reinterpret_f32
                      global.get 3
                      i32.xor
                      global.set 3
                      global.get 1
                      i64.xor
                      global.set 1
                    end
                    global.get 2
                    i32.xor
                    global.set 2
                    f64.const -0x1.0000000000001p+63 (;=-9223372036854778000;)
                  end
                  i64.reinterpret_f64
                  global.get 0
                  i64.xor
                  global.set 0
                  global.get 1
                  i64.xor
                  global.set 1
                  f64.const -0x1p+0 (;=-1;)
                end
                i64.reinterpret_f64
                global.get 0
                i64.xor
                global.set 0
                i64.reinterpret_f64
                global.get 0
                i64.xor
                global.set 0
                global.get 2
                i32.xor
                global.set 2
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                i32.const -134217728
              end
              global.get 2
              i32.xor
              global.set 2
              global.get 1
              i64.xor
              global.set 1
              global.get 2
              i32.xor
              global.set 2
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              i32.reinterpret_f32
              global.get 3
              i32.xor
              global.set 3
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              global.get 2
              i32.xor
              global.set 2
            end
          end
          i32.reinterpret_f32
          global.get 3
          i32.xor
          global.set 3
          i32.const -932217866
        end
        global.get 2
        i32.xor
        global.set 2
        global.get 1
        i64.xor
        global.set 1
        global.get 2
        i32.xor
        global.set 2
      end
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      i32.const 628071920
    end
    global.get 2
    i32.xor
    global.set 2
    global.get 1
    i64.xor
    global.set 1
    local.get 0
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
  )
)
