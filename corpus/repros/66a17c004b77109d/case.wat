(module
  (type (;0;) (func (param f64) (result i64 f64 i32)))
  (type (;1;) (func (param f32)))
  (type (;2;) (func (param f32 f32) (result i32)))
  (type (;3;) (func))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "Q@" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "{\u{1e}" (global 0))
  (export "4" (global 1))
  (export "5" (global 2))
  (export "\u{3}" (global 3))
  (elem (;0;) func)
  (elem (;1;) declare func)
  (func (;0;) (type 1) (param f32)
    (local f32 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    data.drop 2
    block ;; label = @1
      br 0 (;@1;)
      loop (result i32) ;; label = @2
        global.get 4
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 4
        i32.const 1
        i32.sub
        global.set 4
        f64.const -nan:0xf7fffffffffff (;=NaN;)
        i64.trunc_f64_s
        f64.convert_i64_s
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        i32.trunc_f64_s
        br 2
        block (result f32) ;; label = @3
          f32.const -0x1.33fd3p+14 (;=-19711.297;)
          f64.const -0x1.38064cb5e8bep-389 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000009666751793726987;)
          nop
          f64.trunc
          local.tee 2
          f64.const nan (;=NaN;)
          local.get 2
          local.get 2
          f64.eq
          select
          i64.trunc_sat_f64_u
          data.drop 1
          data.drop 0
          i64.clz
          i64.const -2755944386675192038
          i64.rotl
          i64.clz
          elem.drop 0
          i64.extend8_s
          i32.const -262144
          local.get 0
          i64.trunc_sat_f32_s
          local.get 0
          i64.trunc_sat_f32_s
          i64.div_u
          i64.extend32_s
          elem.drop 1
          i64.extend32_s
          f64.convert_i64_s
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
          call 2
          block ;; label = @4
            f32.const 0x1.ep-146 (;=0.000000000000000000000000000000000000000000021;)
            f32.floor
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            i32.trunc_sat_f32_u
            f32.reinterpret_i32
            i32.reinterpret_f32
            nop
            br_table 0 (;@4;) 2 (;@2;) 3 (;@1;) 4 4
            loop ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
              f32.const 0x1.fffffep-120 (;=0.0000000000000000000000000000000000015046327;)
              i32.trunc_f32_s
              i32.extend8_s
              i64.extend_i32_s
              i64.const 576460752303423487
              i64.shr_s
              f64.reinterpret_i64
              i64.const 1508286405303890660
              elem.drop 0
              f32.const 0x1p+1 (;=2;)
              f32.sqrt
              local.tee 1
              f32.const nan (;=NaN;)
              local.get 1
              local.get 1
              f32.eq
              select
              i32.trunc_f32_u
              data.drop 3
              i64.extend_i32_u
              i64.eq
              f64.const 0x1.p-1073 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001;)
              i64.reinterpret_f64
              f64.convert_i64_s
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              i32.trunc_f64_s
              if (result f64) ;; label = @6
                loop (result f32) ;; label = @7
                  global.get 4
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 4
                  i32.const 1
                  i32.sub
                  global.set 4
                  elem.drop 1
                  f32.const 0x1.fe48b4p-41 (;=0.00000000000090644647;)
                  elem.drop 1
                  data.drop 0
                  i64.trunc_f32_s
                  i64.popcnt
                  i64.extend16_s
                  i64.const -1073741825
                  i64.lt_s
                  br 6 (;@1;)
                  loop (type 3) ;; label = @8
                    global.get 4
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 4
                    i32.const 1
                    i32.sub
                    global.set 4
                    data.drop 1
                  end
                  elem.drop 1
                  i64.extend_i32_u
                  i64.eqz
                  br_table 0 (;@7;) 2 (;@5;) 3 (;@4;) 5 (;@2;) 6 (;@1;) 7 3 (;@4;)
                  f32.const -0x1.fffffep+124 (;=-42535293000000000000000000000000000000;)
                  i64.trunc_f32_s
                  f32.convert_i64_s
                  local.tee 1
                  f32.const nan (;=NaN;)
                  local.get 1
                  local.get 1
                  f32.eq
                  select
                  local.tee 0
                  f32.ceil
                  local.tee 1
                  f32.const nan (;=NaN;)
                  local.get 1
                  local.get 1
                  f32.eq
                  select
                end
                i64.trunc_f32_u
                f32.const 0x1.55478ep-70 (;=0.0000000000000000000011291992;)
                f32.sqrt
                local.tee 1
                f32.const nan (;=NaN;)
                local.get 1
                local.get 1
                f32.eq
                select
                local.tee 0
                block (type 1) (param f32) ;; label = @7
                  i32.trunc_f32_u
                  i32.clz
                  if (type 3) ;; label = @8
                    i32.const 352644287
                    i32.extend16_s
                    i32.extend16_s
                    if ;; label = @9
                      loop (result i32) ;; label = @10
                        global.get 4
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        i32.const 1
                        i32.sub
                        global.set 4
                        block ;; label = @11
                          local.get 0
                          i64.trunc_sat_f32_s
                          f64.convert_i64_u
                          local.tee 2
                          f64.const nan (;=NaN;)
                          local.get 2
                          local.get 2
                          f64.eq
                          select
                          i64.reinterpret_f64
                          f64.convert_i64_u
                          local.tee 2
                          f64.const nan (;=NaN;)
                          local.get 2
                          local.get 2
                          f64.eq
                          select
                          block ;; label = @12
                            block (type 3) ;; label = @13
                            end
                            block (type 3) ;; label = @13
                              data.drop 2
                              data.drop 3
                              f64.const -0x1.293971f51db04p+664 (;=-88871315227744200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                              br 8 (;@5;)
                              i64.const -3479504519217632793
                              i64.popcnt
                              i64.popcnt
                              i64.popcnt
                              i64.popcnt
                              i64.const 888454328730163218
                              i64.or
                              f64.convert_i64_s
                              local.tee 2
                              f64.const nan (;=NaN;)
                              local.get 2
                              local.get 2
                              f64.eq
                              select
                              i64.trunc_f64_u
                              block ;; label = @14
                                local.get 0
                                call 1
                                f32.const -0x1.ed438ep-97 (;=-0.0000000000000000000000000000121598936;)
                                call 0
                                br 14
                                i64.const -64
                                f64.reinterpret_i64
                                i32.trunc_f64_s
                                i32.clz
                                data.drop 1
                                block (type 3) ;; label = @15
                                  i32.const 1138663535
                                  i32.const 268435455
                                  br_if 4 (;@11;)
                                  i32.eqz
                                  i64.const 2220947011149485588
                                  local.get 0
                                  br 14 (;@1;)
                                  f32.const 0x1.4f9c5ap+46 (;=92251980000000;)
                                  f32.eq
                                  nop
                                  elem.drop 0
                                  f32.const 0x1.1ee292p+47 (;=157716720000000;)
                                  i64.const -17
                                  i64.ctz
                                  f64.reinterpret_i64
                                  f64.trunc
                                  local.tee 2
                                  f64.const nan (;=NaN;)
                                  local.get 2
                                  local.get 2
                                  f64.eq
                                  select
                                  f32.const 0x1.a51db6p-87 (;=0.000000000000000000000000010630464;)
                                  f64.promote_f32
                                  local.tee 2
                                  f64.const nan (;=NaN;)
                                  local.get 2
                                  local.get 2
                                  f64.eq
                                  select
                                  f64.neg
                                  local.get 0
                                  f64.const -0x1.25de1a85556b7p-338 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002050091263204626;)
                                  i32.trunc_sat_f64_s
                                  i32.extend16_s
                                  if ;; label = @16
                                    local.get 0
                                    f32.abs
                                    i64.const 7608362830563854178
                                    local.get 0
                                    i32.const 903613398
                                    br 5 (;@11;)
                                    f32.convert_i32_s
                                    local.tee 1
                                    f32.const nan (;=NaN;)
                                    local.get 1
                                    local.get 1
                                    f32.eq
                                    select
                                    local.set 0
                                    i32.reinterpret_f32
                                    f64.const 0x1p-895 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003785766995733679;)
                                    local.get 0
                                    f64.const -0x1p+513 (;=-26815615859885194000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                    loop ;; label = @17
                                      global.get 4
                                      i32.eqz
                                      if ;; label = @18
                                        unreachable
                                      end
                                      global.get 4
                                      i32.const 1
                                      i32.sub
                                      global.set 4
                                      nop
                                      f64.const -nan:0xfffffffffffc0 (;=NaN;)
                                      call 2
                                      if ;; label = @18
                                        elem.drop 1
                                        i64.const -34359738369
                                        f32.const 0x1.af083p+8 (;=431.03198;)
                                        f32.abs
                                        f32.neg
                                        i64.trunc_sat_f32_s
                                        f64.convert_i64_u
                                        local.tee 2
                                        f64.const nan (;=NaN;)
                                        local.get 2
                                        local.get 2
                                        f64.eq
                                        select
                                        i64.trunc_sat_f64_u
                                        data.drop 1
                                        i64.lt_s
                                        elem.drop 1
                                        nop
                                        br 0 (;@18;)
                                        local.get 0
                                        block ;; label = @19
                                          local.get 0
                                          i32.trunc_sat_f32_u
                                          i64.extend_i32_s
                                          f32.convert_i64_s
                                          local.tee 1
                                          f32.const nan (;=NaN;)
                                          local.get 1
                                          local.get 1
                                          f32.eq
                                          select
                                          f32.const 0x1.fcp-143 (;=0.000000000000000000000000000000000000000000178;)
                                          i64.const -623766528270396768
                                          data.drop 2
                                          f64.const -0x1.96cc4161d6f49p+600 (;=-6593805101411095000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                          i64.reinterpret_f64
                                          global.get 0
                                          i64.xor
                                          global.set 0
                                          global.get 1
                                          i64.xor
                                          global.set 1
                                          i32.reinterpret_f32
                                          global.get 2
                                          i32.xor
                                          global.set 2
                                          i32.reinterpret_f32
                                          global.get 2
                                          i32.xor
                                          global.set 2
                                        end
                                        i32.reinterpret_f32
                                        global.get 2
                                        i32.xor
                                        global.set 2
                                        global.get 3
                                        i32.xor
                                        global.set 3
                                      end
                                      i64.reinterpret_f64
                                      global.get 0
                                      i64.xor
                                      global.set 0
                                      global.get 1
                                      i64.xor
                                      global.set 1
                                    end
                                    i64.reinterpret_f64
                                    global.get 0
                                    i64.xor
                                    global.set 0
                                    i32.reinterpret_f32
                                    global.get 2
                                    i32.xor
                                    global.set 2
                                    i64.reinterpret_f64
                                    global.get 0
                                    i64.xor
                                    global.set 0
                                    global.get 3
                                    i32.xor
                                    global.set 3
                                    global.get 1
                                    i64.xor
                                    global.set 1
                                    i32.reinterpret_f32
                                    global.get 2
                                    i32.xor
                                    global.set 2
                                  end
                                  i32.reinterpret_f32
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
                                  global.get 2
                                  i32.xor
                                  global.set 2
                                  global.get 3
                                  i32.xor
                                  global.set 3
                                  global.get 1
                                  i64.xor
                                  global.set 1
                                  global.get 3
                                  i32.xor
                                  global.set 3
                                end
                                global.get 3
                                i32.xor
                                global.set 3
                              end
                              global.get 1
                              i64.xor
                              global.set 1
                              i64.reinterpret_f64
                              global.get 0
                              i64.xor
                              global.set 0
                            end
                          end
                          drop
                        end
                        i32.const 2117451447
                      end
                      global.get 3
                      i32.xor
                      global.set 3
                    end
                  end
                end
                global.get 1
                i64.xor
                global.set 1
                f64.const 0x1.p-1067 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063;)
              else
                f64.const -nan:0xfffffffffffbf (;=NaN;)
              end
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              global.get 3
              i32.xor
              global.set 3
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
            end
          end
          global.get 3
          i32.xor
          global.set 3
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          global.get 1
          i64.xor
          global.set 1
          global.get 3
          i32.xor
          global.set 3
          global.get 1
          i64.xor
          global.set 1
        end
        i32.reinterpret_f32
        global.get 2
        i32.xor
        global.set 2
      end
      global.get 3
      i32.xor
      global.set 3
    end
  )
  (func (;1;) (type 1) (param f32)
    (local f32 i32 f32 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    elem.drop 0
    f64.const -0x1p-52 (;=-0.0000000000000002220446049250313;)
    f64.const 0x1.b3219fc9edefbp+558 (;=1603680999759479100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    f64.min
    local.tee 4
    f64.const nan (;=NaN;)
    local.get 4
    local.get 4
    f64.eq
    select
    f64.neg
    i64.trunc_sat_f64_u
    i64.clz
    f64.reinterpret_i64
    f64.nearest
    local.tee 4
    f64.const nan (;=NaN;)
    local.get 4
    local.get 4
    f64.eq
    select
    loop (type 0) (param f64) (result i64 f64 i32) ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      br 1
      i32.trunc_sat_f64_s
      f32.convert_i32_u
      local.tee 3
      f32.const nan (;=NaN;)
      local.get 3
      local.get 3
      f32.eq
      select
      elem.drop 0
      i32.trunc_f32_s
      i32.eqz
      br_table 1 1
      i64.const 7013767007790949522
      elem.drop 0
      data.drop 2
      f64.reinterpret_i64
      f64.floor
      local.tee 4
      f64.const nan (;=NaN;)
      local.get 4
      local.get 4
      f64.eq
      select
      block (result i64) ;; label = @2
        data.drop 2
        elem.drop 0
        data.drop 3
        f64.const -nan:0xffffffffdffff (;=NaN;)
        f64.sqrt
        local.tee 4
        f64.const nan (;=NaN;)
        local.get 4
        local.get 4
        f64.eq
        select
        data.drop 0
        loop (result f64) ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          elem.drop 0
          f64.const -nan:0xe000000000000 (;=NaN;)
          br 0 (;@3;)
          call 2
          i32.const 938227601
          elem.drop 0
          i32.popcnt
          f64.convert_i32_u
          local.tee 4
          f64.const nan (;=NaN;)
          local.get 4
          local.get 4
          f64.eq
          select
          f32.demote_f64
          local.tee 3
          f32.const nan (;=NaN;)
          local.get 3
          local.get 3
          f32.eq
          select
          f64.promote_f32
          local.tee 4
          f64.const nan (;=NaN;)
          local.get 4
          local.get 4
          f64.eq
          select
          f64.neg
          f64.floor
          local.tee 4
          f64.const nan (;=NaN;)
          local.get 4
          local.get 4
          f64.eq
          select
          i64.trunc_f64_u
          local.get 2
          block (type 3) ;; label = @4
            i32.const 32767
            local.get 2
            i32.gt_s
            f32.const 0x1.p-147 (;=0.000000000000000000000000000000000000000000006;)
            local.set 1
            loop (result i32) ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
              block (type 3) ;; label = @6
                br 0 (;@6;)
                br 2 (;@4;)
              end
              block ;; label = @6
                loop ;; label = @7
                  global.get 4
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 4
                  i32.const 1
                  i32.sub
                  global.set 4
                  br 3 (;@4;)
                  f64.const 0x1.p-1035 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002716154612436;)
                  data.drop 3
                  i32.trunc_f64_s
                  i64.extend_i32_u
                  i64.const 2305843009213693951
                  i64.rem_s
                  f64.const 0x1.fefffffep-1043 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000021178512674;)
                  call 2
                  i64.extend_i32_s
                  data.drop 2
                  i64.extend8_s
                  i64.clz
                  i32.const -536870913
                  i64.extend_i32_u
                  i64.eq
                  block (type 3) ;; label = @8
                    elem.drop 1
                  end
                  br_if 7
                  f32.const 0x1.p-141 (;=0.000000000000000000000000000000000000000000359;)
                  br 4 (;@3;)
                  i64.trunc_sat_f32_u
                  i64.extend32_s
                  i64.extend8_s
                  f32.convert_i64_u
                  local.tee 3
                  f32.const nan (;=NaN;)
                  local.get 3
                  local.get 3
                  f32.eq
                  select
                  f64.promote_f32
                  local.tee 4
                  f64.const nan (;=NaN;)
                  local.get 4
                  local.get 4
                  f64.eq
                  select
                  i32.trunc_sat_f64_s
                  f32.reinterpret_i32
                  i32.trunc_f32_u
                  i32.const -65536
                  local.get 0
                  br 2 (;@5;)
                  i32.reinterpret_f32
                  i32.shr_s
                  if ;; label = @8
                    local.get 1
                    local.get 1
                    i32.trunc_f32_s
                    block ;; label = @9
                      elem.drop 1
                      f64.const -0x1.e25e72bf06351p-688 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001467244032979134;)
                      i64.trunc_f64_u
                      i32.const 470798930
                      f64.convert_i32_u
                      local.tee 4
                      f64.const nan (;=NaN;)
                      local.get 4
                      local.get 4
                      f64.eq
                      select
                      i64.trunc_sat_f64_u
                      i64.lt_s
                      f32.convert_i32_u
                      local.tee 3
                      f32.const nan (;=NaN;)
                      local.get 3
                      local.get 3
                      f32.eq
                      select
                      i32.trunc_sat_f32_u
                      br_if 3 (;@6;)
                      br 4 (;@5;)
                      f32.const 0x1.p-144 (;=0.000000000000000000000000000000000000000000045;)
                      local.tee 1
                      i64.trunc_f32_s
                      i64.eqz
                      if ;; label = @10
                        elem.drop 0
                        elem.drop 0
                        br 0 (;@10;)
                        elem.drop 1
                        local.get 2
                        local.set 2
                        i32.const 2093988627
                        f32.convert_i32_s
                        local.tee 3
                        f32.const nan (;=NaN;)
                        local.get 3
                        local.get 3
                        f32.eq
                        select
                        f32.sqrt
                        local.tee 3
                        f32.const nan (;=NaN;)
                        local.get 3
                        local.get 3
                        f32.eq
                        select
                        block (type 3) ;; label = @11
                          local.get 1
                          f32.abs
                          f32.neg
                          f32.sqrt
                          local.tee 3
                          f32.const nan (;=NaN;)
                          local.get 3
                          local.get 3
                          f32.eq
                          select
                          loop (result f64) ;; label = @12
                            global.get 4
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            i32.const 1
                            i32.sub
                            global.set 4
                            br 12
                            f64.const 0x1.p-1053 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001036131;)
                            f64.abs
                            f32.const -0x1.282b1ap-9 (;=-0.0022595853;)
                            call 0
                            i64.trunc_f64_s
                            f64.reinterpret_i64
                          end
                          i64.reinterpret_f64
                          global.get 0
                          i64.xor
                          global.set 0
                          i32.reinterpret_f32
                          global.get 2
                          i32.xor
                          global.set 2
                        end
                        i32.reinterpret_f32
                        global.get 2
                        i32.xor
                        global.set 2
                      end
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
                  i64.reinterpret_f64
                  global.get 0
                  i64.xor
                  global.set 0
                  global.get 1
                  i64.xor
                  global.set 1
                  global.get 1
                  i64.xor
                  global.set 1
                end
              end
              i32.const -1592609362
            end
            global.get 3
            i32.xor
            global.set 3
            global.get 3
            i32.xor
            global.set 3
          end
          global.get 3
          i32.xor
          global.set 3
          global.get 1
          i64.xor
          global.set 1
          drop
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          global.get 1
          i64.xor
          global.set 1
          f64.const 0x1.1111111111111p-750 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000018010757365944223;)
        end
        i64.reinterpret_f64
        global.get 0
        i64.xor
        global.set 0
        i64.reinterpret_f64
        global.get 0
        i64.xor
        global.set 0
        i64.const -134217728
      end
      global.get 1
      i64.xor
      global.set 1
      i64.reinterpret_f64
      global.get 0
      i64.xor
      global.set 0
      i64.const -625103707072560322
      f64.const 0x1.p-1043 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010609978955;)
      i32.const 872415232
    end
    global.get 3
    i32.xor
    global.set 3
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
    global.get 1
    i64.xor
    global.set 1
  )
  (func (;2;) (type 0) (param f64) (result i64 f64 i32)
    (local f32 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    local.get 0
    elem.drop 1
    i32.const 2147483647
    data.drop 0
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
        f64.const 0x1.a94726718174fp-846 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003540434374367237;)
        f64.nearest
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        i64.trunc_sat_f64_u
        i32.wrap_i64
        i32.eq
        br_if 1 (;@1;)
        elem.drop 1
        block ;; label = @3
        end
        i32.const -1025
        i32.eqz
        f64.convert_i32_s
        local.tee 2
        f64.const nan (;=NaN;)
        local.get 2
        local.get 2
        f64.eq
        select
        i64.trunc_sat_f64_s
        i64.popcnt
        f64.reinterpret_i64
        i32.trunc_sat_f64_s
        loop (type 3) ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          i32.const -651730834
          i32.extend8_s
          f32.reinterpret_i32
          f32.floor
          local.tee 1
          f32.const nan (;=NaN;)
          local.get 1
          local.get 1
          f32.eq
          select
          loop (result i32) ;; label = @4
            global.get 4
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            i64.const -1229782938247303442
            i64.eqz
            i32.ctz
            f32.const 0x1.59b8e8p+53 (;=12164022000000000;)
            i32.reinterpret_f32
            i64.extend_i32_s
            f64.const 0x1.2fb86be781695p-636 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004160607528185257;)
            f64.nearest
            local.tee 2
            f64.const nan (;=NaN;)
            local.get 2
            local.get 2
            f64.eq
            select
            i64.trunc_f64_u
            i32.const -89511658
            i64.const 7268283711101795993
            i32.wrap_i64
            f32.convert_i32_u
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            call 0
            br_table 0 (;@4;) 1 (;@3;) 3 (;@1;) 0 (;@4;)
            loop (result i64) ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
              data.drop 3
              elem.drop 1
              local.get 0
              f64.trunc
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              f64.abs
              f64.nearest
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              i64.const 470109115313738771
              f64.convert_i64_s
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              loop ;; label = @6
                global.get 4
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 4
                i32.const 1
                i32.sub
                global.set 4
                br 1 (;@5;)
                i64.const -140737488355328
                block ;; label = @7
                  br 0 (;@7;)
                  f64.const -0x1.f6a6eeb2a245ap+515 (;=-210608204397795580000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                  f64.neg
                  i64.trunc_f64_s
                  i64.clz
                  f64.const 0x1.fa7fb94181e4fp-410 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007482389925103784;)
                  br 2 (;@5;)
                  i32.const -784903502
                  br 7
                  local.get 0
                  f64.ceil
                  local.tee 2
                  f64.const nan (;=NaN;)
                  local.get 2
                  local.get 2
                  f64.eq
                  select
                  f64.nearest
                  local.tee 2
                  f64.const nan (;=NaN;)
                  local.get 2
                  local.get 2
                  f64.eq
                  select
                  i32.trunc_f64_u
                  i32.clz
                  i64.extend_i32_s
                  br 6 (;@1;)
                  i32.const -2097153
                  if ;; label = @8
                    f64.const 0x1.9e2e1afaf0db5p-858 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008418078722265064;)
                    f64.nearest
                    local.tee 2
                    f64.const nan (;=NaN;)
                    local.get 2
                    local.get 2
                    f64.eq
                    select
                    i32.trunc_sat_f64_s
                    i32.extend8_s
                    block (type 3) ;; label = @9
                      f32.const nan (;=NaN;)
                      i64.trunc_sat_f32_u
                      f32.convert_i64_s
                      local.tee 1
                      f32.const nan (;=NaN;)
                      local.get 1
                      local.get 1
                      f32.eq
                      select
                      call 1
                      local.get 0
                      data.drop 1
                      f64.abs
                      f64.nearest
                      local.tee 2
                      f64.const nan (;=NaN;)
                      local.get 2
                      local.get 2
                      f64.eq
                      select
                      local.tee 0
                      call 2
                      f64.const 0x1.fffffffp-1046 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002652494734;)
                      br 6 (;@3;)
                      i32.trunc_sat_f64_u
                      br_table 0 (;@9;) 1 (;@8;) 2 (;@7;) 3 (;@6;) 4 (;@5;) 5 (;@4;) 6 (;@3;) 8 (;@1;) 4 (;@5;)
                      block ;; label = @10
                        block (type 3) ;; label = @11
                          elem.drop 1
                          elem.drop 1
                          br 2 (;@9;)
                          f32.const 0x1.3ae41ap+95 (;=48727025000000000000000000000;)
                          i32.trunc_sat_f32_u
                          f64.convert_i32_s
                          local.tee 2
                          f64.const nan (;=NaN;)
                          local.get 2
                          local.get 2
                          f64.eq
                          select
                          i32.trunc_f64_u
                          i64.extend_i32_s
                          i64.clz
                          i64.popcnt
                          br 1 (;@10;)
                          loop (result f64) ;; label = @12
                            global.get 4
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            i32.const 1
                            i32.sub
                            global.set 4
                            loop (result f64) ;; label = @13
                              global.get 4
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 4
                              i32.const 1
                              i32.sub
                              global.set 4
                              block ;; label = @14
                                loop (type 3) ;; label = @15
                                  global.get 4
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 4
                                  i32.const 1
                                  i32.sub
                                  global.set 4
                                end
                                i64.const 4061178234316347726
                                f32.convert_i64_s
                                local.tee 1
                                f32.const nan (;=NaN;)
                                local.get 1
                                local.get 1
                                f32.eq
                                select
                                f32.ceil
                                local.tee 1
                                f32.const nan (;=NaN;)
                                local.get 1
                                local.get 1
                                f32.eq
                                select
                                i64.trunc_f32_u
                                i32.const 1600710411
                                loop (result i32) ;; label = @15
                                  global.get 4
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 4
                                  i32.const 1
                                  i32.sub
                                  global.set 4
                                  f32.const -0x1.fffffep+126 (;=-170141170000000000000000000000000000000;)
                                  nop
                                  loop ;; label = @16
                                    global.get 4
                                    i32.eqz
                                    if ;; label = @17
                                      unreachable
                                    end
                                    global.get 4
                                    i32.const 1
                                    i32.sub
                                    global.set 4
                                    data.drop 0
                                    f64.const 0x1.0aa9bd6bef3f7p-193 (;=0.00000000000000000000000000000000000000000000000000000000008297241064993914;)
                                    i32.trunc_sat_f64_u
                                    f32.convert_i32_u
                                    local.tee 1
                                    f32.const nan (;=NaN;)
                                    local.get 1
                                    local.get 1
                                    f32.eq
                                    select
                                    i64.trunc_sat_f32_s
                                    nop
                                    f64.reinterpret_i64
                                    f64.floor
                                    local.tee 2
                                    f64.const nan (;=NaN;)
                                    local.get 2
                                    local.get 2
                                    f64.eq
                                    select
                                    i32.trunc_sat_f64_u
                                    i32.extend8_s
                                    br 15 (;@1;)
                                    f32.const 0x1p-23 (;=0.00000011920929;)
                                    call 0
                                    i32.clz
                                    i32.const 516213870
                                    i32.div_s
                                    data.drop 0
                                    data.drop 1
                                    f64.const 0x1.a5db01a3916bp-54 (;=0.00000000000000009147532856151797;)
                                    local.tee 0
                                    f32.const 0x1.62f58cp+50 (;=1561126900000000;)
                                    i64.trunc_sat_f32_u
                                    f64.convert_i64_s
                                    local.tee 2
                                    f64.const nan (;=NaN;)
                                    local.get 2
                                    local.get 2
                                    f64.eq
                                    select
                                    data.drop 3
                                    f64.eq
                                    i32.eqz
                                    local.get 0
                                    i64.reinterpret_f64
                                    f32.const -0x1.27dcdap+106 (;=-93762630000000000000000000000000;)
                                    i32.trunc_f32_u
                                    f64.const 0x1.p-1037 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000067903865311;)
                                    f64.neg
                                    i32.const 770814958
                                    i32.const -1307312811
                                    i32.div_s
                                    i32.const -1370731618
                                    local.get 0
                                    f64.trunc
                                    local.tee 2
                                    f64.const nan (;=NaN;)
                                    local.get 2
                                    local.get 2
                                    f64.eq
                                    select
                                    local.set 0
                                    i32.shl
                                    f32.convert_i32_u
                                    local.tee 1
                                    f32.const nan (;=NaN;)
                                    local.get 1
                                    local.get 1
                                    f32.eq
                                    select
                                    i32.trunc_f32_u
                                    i32.popcnt
                                    data.drop 2
                                    f32.convert_i32_s
                                    local.tee 1
                                    f32.const nan (;=NaN;)
                                    local.get 1
                                    local.get 1
                                    f32.eq
                                    select
                                    f64.const 0x1.p-1049 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016578092;)
                                    i64.reinterpret_f64
                                    data.drop 2
                                    i64.extend8_s
                                    loop (type 3) ;; label = @17
                                      global.get 4
                                      i32.eqz
                                      if ;; label = @18
                                        unreachable
                                      end
                                      global.get 4
                                      i32.const 1
                                      i32.sub
                                      global.set 4
                                      loop (type 3) ;; label = @18
                                        global.get 4
                                        i32.eqz
                                        if ;; label = @19
                                          unreachable
                                        end
                                        global.get 4
                                        i32.const 1
                                        i32.sub
                                        global.set 4
                                        i64.const 6805343445232833408
                                        f64.reinterpret_i64
                                        f64.sqrt
                                        local.tee 2
                                        f64.const nan (;=NaN;)
                                        local.get 2
                                        local.get 2
                                        f64.eq
                                        select
                                        f64.sqrt
                                        local.tee 2
                                        f64.const nan (;=NaN;)
                                        local.get 2
                                        local.get 2
                                        f64.eq
                                        select
                                        i64.trunc_f64_s
                                        i64.popcnt
                                        i64.extend16_s
                                        i64.extend8_s
                                        f64.const 0x1.p-1028 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000034766779039175;)
                                        i32.trunc_f64_s
                                        i32.extend8_s
                                        i32.ctz
                                        i64.const -6554158088425614648
                                        i64.popcnt
                                        f32.convert_i64_s
                                        local.tee 1
                                        f32.const nan (;=NaN;)
                                        local.get 1
                                        local.get 1
                                        f32.eq
                                        select
                                        i32.const 194689308
                                        if ;; label = @19
                                        else
                                          block ;; label = @20
                                          end
                                        end
                                        i32.reinterpret_f32
                                        global.get 2
                                        i32.xor
                                        global.set 2
                                        global.get 3
                                        i32.xor
                                        global.set 3
                                        global.get 1
                                        i64.xor
                                        global.set 1
                                      end
                                    end
                                    global.get 1
                                    i64.xor
                                    global.set 1
                                    i32.reinterpret_f32
                                    global.get 2
                                    i32.xor
                                    global.set 2
                                    i64.reinterpret_f64
                                    global.get 0
                                    i64.xor
                                    global.set 0
                                    global.get 3
                                    i32.xor
                                    global.set 3
                                    global.get 1
                                    i64.xor
                                    global.set 1
                                    global.get 3
                                    i32.xor
                                    global.set 3
                                    global.get 3
                                    i32.xor
                                    global.set 3
                                  end
                                  i32.reinterpret_f32
                                  global.get 2
                                  i32.xor
                                  global.set 2
                                  i32.const 1921018856
                                end
                                global.get 3
                                i32.xor
                                global.set 3
                                global.get 3
                                i32.xor
                                global.set 3
                                global.get 1
                                i64.xor
                                global.set 1
                              end
                              f64.const -0x1.8c4d3dfb1c02cp+58 (;=-446196077514722050;)
                            end
                          end
                          i64.reinterpret_f64
                          global.get 0
                          i64.xor
                          global.set 0
                          global.get 1
                          i64.xor
                          global.set 1
                        end
                      end
                      global.get 3
                      i32.xor
                      global.set 3
                      i64.reinterpret_f64
                      global.get 0
                      i64.xor
                      global.set 0
                      global.get 1
                      i64.xor
                      global.set 1
                    end
                    global.get 3
                    i32.xor
                    global.set 3
                  end
                  global.get 1
                  i64.xor
                  global.set 1
                end
                global.get 1
                i64.xor
                global.set 1
              end
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              i64.const 288230376151711743
            end
            global.get 1
            i64.xor
            global.set 1
            global.get 1
            i64.xor
            global.set 1
            global.get 1
            i64.xor
            global.set 1
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
        i64.const 4611686018427387903
        f64.const -0x1.9e1fded11b63cp-21 (;=-0.000000771366979302689;)
        i32.const 1062244776
      end
      global.get 3
      i32.xor
      global.set 3
      i64.reinterpret_f64
      global.get 0
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
    i64.const 8783993488320764918
    f64.const -0x1.90b425ea185e7p-466 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008214959216756558;)
    i32.const -1048577
  )
  (data (;0;) "")
  (data (;1;) "J")
  (data (;2;) "")
  (data (;3;) "")
)
