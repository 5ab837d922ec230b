(module
  (type (;0;) (func (param funcref f32 i32 i64) (result f64 f32 i64 i32)))
  (type (;1;) (func (param externref i32 i32 f64 i64)))
  (type (;2;) (func (result i64 i32 f32 f32)))
  (type (;3;) (func (param i64) (result f64 i32)))
  (type (;4;) (func (param f32)))
  (type (;5;) (func))
  (table (;0;) 11 26 funcref)
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (global (;5;) (mut i64) i64.const 0)
  (export "+\u{c}s" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (table 0))
  (export "4" (global 0))
  (export "X" (global 1))
  (export "6" (global 2))
  (export "7" (global 3))
  (export "wasmdiff:checksum" (global 5))
  (elem (;0;) declare func)
  (elem (;1;) externref)
  (elem (;2;) (i32.const 0) func)
  (elem (;3;) (i32.const 0) func)
  (elem (;4;) externref)
  (elem (;5;) (table 0) (i32.const 1) func)
  (elem (;6;) func)
  (elem (;7;) (table 0) (i32.const 8) funcref)
  (func (;0;) (type 4) (param f32)
    (local f64 i32 f32)
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
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 1
    i64.reinterpret_f64
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 2
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 3
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
  )
  (func (;1;) (type 0) (param funcref f32 i32 i64) (result f64 f32 i64 i32)
    (local f32 f32 f32 i32 f32 f64)
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
    table.size 0
    table.size 0
    i32.const 127
    i32.eqz
    table.get 0
    ref.is_null
    elem.drop 5
    local.set 7
    i32.mul
    f32.convert_i32_s
    local.tee 8
    f32.const nan (;=NaN;)
    local.get 8
    local.get 8
    f32.eq
    select
    i64.trunc_f32_s
    i32.const 63
    i32.const 2097153
    i32.add
    i32.clz
    f32.reinterpret_i32
    f32.neg
    i32.trunc_sat_f32_s
    f32.convert_i32_u
    local.tee 8
    f32.const nan (;=NaN;)
    local.get 8
    local.get 8
    f32.eq
    select
    f64.const -0x1p+63 (;=-9223372036854776000;)
    i32.const 1
    i64.const -2147483649
    f32.const 0x1p-1 (;=0.5;)
    i32.const 4
    table.size 0
    f32.const 0x1.ffffp-133 (;=0.00000000000000000000000000000000000000018367;)
    i32.reinterpret_f32
    i32.popcnt
    i32.le_s
    i32.gt_u
    f32.reinterpret_i32
    f32.lt
    if (type 3) (param i64) (result f64 i32) ;; label = @1
      block ;; label = @2
        f32.const 0x1.b568bcp-88 (;=0.0000000000000000000000000055208793;)
        i32.const 128
        f32.reinterpret_i32
        f32.neg
        block (type 5) ;; label = @3
          f64.const -0x1.fffffffffffffp-1 (;=-0.9999999999999999;)
          i64.const 1
          i64.eqz
          f32.convert_i32_u
          local.tee 8
          f32.const nan (;=NaN;)
          local.get 8
          local.get 8
          f32.eq
          select
          i32.trunc_f32_u
          local.set 2
          i64.const -3
          elem.drop 7
          i32.const -2147483647
          f64.convert_i32_s
          local.tee 9
          f64.const nan (;=NaN;)
          local.get 9
          local.get 9
          f64.eq
          select
          ref.null func
          f64.const 0x1.4p+1 (;=2.5;)
          f64.const 0x1.4p+1 (;=2.5;)
          f64.div
          local.tee 9
          f64.const nan (;=NaN;)
          local.get 9
          local.get 9
          f64.eq
          select
          table.size 0
          elem.drop 6
          i64.extend_i32_s
          local.tee 3
          i64.extend8_s
          local.get 7
          if (type 3) (param i64) (result f64 i32) ;; label = @4
            local.tee 3
            f64.convert_i64_u
            local.tee 9
            f64.const nan (;=NaN;)
            local.get 9
            local.get 9
            f64.eq
            select
            i64.trunc_f64_u
            f32.const -0x1.14070ap-77 (;=-0.0000000000000000000000071351435;)
            f64.const inf (;=inf;)
            f64.neg
            f64.abs
            br 2 (;@2;)
            ref.null extern
            f64.const -inf (;=-inf;)
            table.size 0
            i32.eqz
            i64.extend_i32_s
            f64.convert_i64_s
            local.tee 9
            f64.const nan (;=NaN;)
            local.get 9
            local.get 9
            f64.eq
            select
            f64.sub
            local.tee 9
            f64.const nan (;=NaN;)
            local.get 9
            local.get 9
            f64.eq
            select
            i64.reinterpret_f64
            global.get 0
            i64.xor
            global.set 0
            ref.is_null
            i64.extend_i32_u
            global.get 5
            i64.const 7
            i64.rotl
            i64.xor
            global.set 5
            i64.reinterpret_f64
            global.get 0
            i64.xor
            global.set 0
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
            global.get 2
            i64.xor
            global.set 2
            f64.const 0x1.d6b9791ac813bp-344 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005131074648115453;)
            i32.const 2147483647
          else
            global.get 2
            i64.xor
            global.set 2
            f64.const -0x1.307d09aeaa5c6p-97 (;=-0.000000000000000000000000000007506219303823607;)
            i32.const 33554433
          end
          global.get 3
          i32.xor
          global.set 3
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          ref.is_null
          i64.extend_i32_u
          global.get 5
          i64.const 7
          i64.rotl
          i64.xor
          global.set 5
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          global.get 2
          i64.xor
          global.set 2
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
        end
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
      end
      global.get 2
      i64.xor
      global.set 2
      f64.const -0x1.fffffffffffffp+1023 (;=-179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      i32.const 1719406364
    else
      global.get 2
      i64.xor
      global.set 2
      f64.const -0x1.0000000000001p+63 (;=-9223372036854778000;)
      i32.const 435474502
    end
    global.get 3
    i32.xor
    global.set 3
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
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 2
    i64.xor
    global.set 2
    ref.is_null
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    f64.const -0x1.34e1b55fe63dep+840 (;=-8846032578332642000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    f32.const -0x1p+63 (;=-9223372000000000000;)
    i64.const 65535
    i32.const 127
    local.get 0
    ref.is_null
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 1
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 2
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 3
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 4
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 5
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 6
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 7
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
  )
  (func (;2;) (type 1) (param externref i32 i32 f64 i64)
    (local funcref f64 f32 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    br 0
    table.size 0
    br 0
    i32.clz
    i32.extend16_s
    i32.const 1
    call_indirect (type 5)
    br_if 0
    f32.const -0x1p+127 (;=-170141180000000000000000000000000000000;)
    loop (type 2) (result i64 i32 f32 f32) ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      loop (type 5) ;; label = @2
        global.get 4
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 4
        i32.const 1
        i32.sub
        global.set 4
        br 2
        i64.const -8458378686594270920
        i32.const -2147483648
        i32.popcnt
        local.tee 2
        if (type 3) (param i64) (result f64 i32) ;; label = @3
          local.set 4
          f32.const 0x1.p-149 (;=0.000000000000000000000000000000000000000000001;)
          f32.neg
          i32.trunc_f32_u
          f32.reinterpret_i32
          block (result f64) ;; label = @4
            elem.drop 4
            ref.null func
            local.tee 5
            loop (type 5) ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
              elem.drop 6
              ref.null extern
              ref.null extern
              i64.const 128
              local.tee 4
              f64.convert_i64_s
              local.tee 8
              f64.const nan (;=NaN;)
              local.get 8
              local.get 8
              f64.eq
              select
              elem.drop 0
              f64.trunc
              local.tee 8
              f64.const nan (;=NaN;)
              local.get 8
              local.get 8
              f64.eq
              select
              f64.nearest
              local.tee 8
              f64.const nan (;=NaN;)
              local.get 8
              local.get 8
              f64.eq
              select
              f64.const -0x1.5000b914ef0a3p-52 (;=-0.0000000000000002914359935009662;)
              f32.demote_f64
              local.tee 7
              f32.const nan (;=NaN;)
              local.get 7
              local.get 7
              f32.eq
              select
              br 5
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
                i32.const -512
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
                  table.size 0
                  local.tee 1
                  call_indirect (type 2)
                  call 0
                  f32.floor
                  local.tee 7
                  f32.const nan (;=NaN;)
                  local.get 7
                  local.get 7
                  f32.eq
                  select
                  f32.floor
                  local.tee 7
                  f32.const nan (;=NaN;)
                  local.get 7
                  local.get 7
                  f32.eq
                  select
                  i32.reinterpret_f32
                  call_indirect (type 2)
                  i64.trunc_f32_s
                  i64.clz
                  f32.const -inf (;=-inf;)
                  f32.const 0x1.p-134 (;=0.000000000000000000000000000000000000000045918;)
                  i64.const -9223372036854775808
                  local.get 0
                  ref.is_null
                  i64.extend_i32_u
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  local.get 1
                  i64.extend_i32_u
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  local.get 2
                  i64.extend_i32_u
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  local.get 3
                  i64.reinterpret_f64
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  local.get 4
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  local.get 5
                  ref.is_null
                  i64.extend_i32_u
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  local.get 6
                  i64.reinterpret_f64
                  global.get 5
                  i64.const 7
                  i64.rotl
                  i64.xor
                  global.set 5
                  return
                  unreachable
                  loop (result f32) ;; label = @8
                    global.get 4
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 4
                    i32.const 1
                    i32.sub
                    global.set 4
                    block (result externref) ;; label = @9
                      local.get 1
                      f64.convert_i32_s
                      local.tee 8
                      f64.const nan (;=NaN;)
                      local.get 8
                      local.get 8
                      f64.eq
                      select
                      i32.trunc_f64_s
                      i32.extend16_s
                      f64.convert_i32_s
                      local.tee 8
                      f64.const nan (;=NaN;)
                      local.get 8
                      local.get 8
                      f64.eq
                      select
                      ref.null func
                      br 1 (;@8;)
                      f64.const 0x1.fffffffffffffp+0 (;=1.9999999999999998;)
                      loop ;; label = @10
                        global.get 4
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        i32.const 1
                        i32.sub
                        global.set 4
                      end
                      f64.abs
                      elem.drop 2
                      f32.const 0x1.fffffep+31 (;=4294967000;)
                      f64.promote_f32
                      local.tee 8
                      f64.const nan (;=NaN;)
                      local.get 8
                      local.get 8
                      f64.eq
                      select
                      local.tee 6
                      f64.const -inf (;=-inf;)
                      f64.sqrt
                      local.tee 8
                      f64.const nan (;=NaN;)
                      local.get 8
                      local.get 8
                      f64.eq
                      select
                      i64.reinterpret_f64
                      i64.popcnt
                      br 8 (;@1;)
                      local.tee 4
                      f64.convert_i64_u
                      local.tee 8
                      f64.const nan (;=NaN;)
                      local.get 8
                      local.get 8
                      f64.eq
                      select
                      f64.lt
                      f64.convert_i32_u
                      local.tee 8
                      f64.const nan (;=NaN;)
                      local.get 8
                      local.get 8
                      f64.eq
                      select
                      local.tee 3
                      i32.const -1
                      local.tee 2
                      f32.reinterpret_i32
                      local.get 6
                      i32.trunc_sat_f64_u
                      i64.extend_i32_u
                      i64.eqz
                      i64.const 1048576
                      i64.clz
                      i64.extend8_s
                      i32.const 128
                      call_indirect (type 5)
                      i64.popcnt
                      local.set 4
                      loop (type 5) ;; label = @10
                        global.get 4
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        i32.const 1
                        i32.sub
                        global.set 4
                        local.get 1
                        global.get 3
                        i32.xor
                        global.set 3
                      end
                      global.get 3
                      i32.xor
                      global.set 3
                      i32.reinterpret_f32
                      global.get 1
                      i32.xor
                      global.set 1
                      i64.reinterpret_f64
                      global.get 0
                      i64.xor
                      global.set 0
                      i64.reinterpret_f64
                      global.get 0
                      i64.xor
                      global.set 0
                      i64.extend_i32_u
                      global.get 5
                      i64.const 7
                      i64.rotl
                      i64.xor
                      global.set 5
                      i64.reinterpret_f64
                      global.get 0
                      i64.xor
                      global.set 0
                      ref.null extern
                    end
                    ref.is_null
                    i64.extend_i32_u
                    global.get 5
                    i64.const 7
                    i64.rotl
                    i64.xor
                    global.set 5
                    f32.const 0x1p+31 (;=2147483600;)
                  end
                  i32.reinterpret_f32
                  global.get 1
                  i32.xor
                  global.set 1
                  global.get 2
                  i64.xor
                  global.set 2
                  i32.reinterpret_f32
                  global.get 1
                  i32.xor
                  global.set 1
                  i32.reinterpret_f32
                  global.get 1
                  i32.xor
                  global.set 1
                  global.get 2
                  i64.xor
                  global.set 2
                  i32.reinterpret_f32
                  global.get 1
                  i32.xor
                  global.set 1
                  global.get 3
                  i32.xor
                  global.set 3
                  global.get 2
                  i64.xor
                  global.set 2
                  global.get 3
                  i32.xor
                  global.set 3
                  global.get 2
                  i64.xor
                  global.set 2
                end
                global.get 3
                i32.xor
                global.set 3
              end
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              ref.is_null
              i64.extend_i32_u
              global.get 5
              i64.const 7
              i64.rotl
              i64.xor
              global.set 5
              ref.is_null
              i64.extend_i32_u
              global.get 5
              i64.const 7
              i64.rotl
              i64.xor
              global.set 5
            end
            ref.is_null
            i64.extend_i32_u
            global.get 5
            i64.const 7
            i64.rotl
            i64.xor
            global.set 5
            f64.const -0x1.b1017c2183686p+177 (;=-324013407317441300000000000000000000000000000000000000;)
          end
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
          f64.const 0x1.8p+0 (;=1.5;)
          i32.const 32768
        else
          global.get 2
          i64.xor
          global.set 2
          f64.const 0x1.63d9cedbe3f3p+129 (;=946013725039680000000000000000000000000;)
          i32.const 16
        end
        global.get 3
        i32.xor
        global.set 3
        i64.reinterpret_f64
        global.get 0
        i64.xor
        global.set 0
      end
      i64.const 1
      i32.const -2147483648
      f32.const 0x1p+63 (;=9223372000000000000;)
      f32.const 0x1p-1 (;=0.5;)
    end
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 3
    i32.xor
    global.set 3
    global.get 2
    i64.xor
    global.set 2
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    local.get 0
    ref.is_null
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 1
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 2
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 3
    i64.reinterpret_f64
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 4
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 5
    ref.is_null
    i64.extend_i32_u
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
    local.get 6
    i64.reinterpret_f64
    global.get 5
    i64.const 7
    i64.rotl
    i64.xor
    global.set 5
  )
)
