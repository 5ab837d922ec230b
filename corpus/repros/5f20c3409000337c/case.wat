(module
  (type (;0;) (func (param i64 v128)))
  (type (;1;) (func (param i64) (result f64)))
  (type (;2;) (func (param i32) (result i32 externref f64)))
  (table (;0;) i64 3 53 externref)
  (table (;1;) i64 40 78 funcref)
  (global (;0;) f32 f32.const -0x1.953b8cp+100 (;=-2006614700000000000000000000000;))
  (global (;1;) i32 i32.const 370610437)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i64) i64.const 0)
  (global (;7;) (mut i32) i32.const 1000)
  (export "\u{15}" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (table 0))
  (export "5" (table 1))
  (export "6" (global 0))
  (export "7" (global 1))
  (export "\u{5}\u{1a}" (global 2))
  (export "\u{1c}`" (global 3))
  (export "10" (global 4))
  (export "11" (global 5))
  (export ":" (global 6))
  (func (;0;) (type 2) (param i32) (result i32 externref f64)
    (local f32 v128)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    i32.const -2038621878
    ref.null func
    table.size 1
    i64.eqz
    i8x16.splat
    i32x4.extend_high_i16x8_s
    f32x4.ceil
    local.tee 2
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 2
    local.get 2
    f32x4.eq
    v128.bitselect
    i64x2.extract_lane 1
    i32.const 128
    i32.clz
    f32.reinterpret_i32
    f32.ceil
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
    i64.extend16_s
    i32.const -1219821450
    f32.const 0x1.p-129 (;=0.000000000000000000000000000000000000001469368;)
    i64.const 8865955280080084510
    i64.popcnt
    i64.const 3816827889739741680
    i64.lt_s
    if (result f64) ;; label = @1
      v128.const i32x4 0xc6395a66 0xb7e72700 0x9f290c29 0x8df6a624
      i16x8.extend_high_i8x16_s
      ref.null extern
      nop
      i64.const -4398046511104
      table.size 0
      i64.extend8_s
      i64.extend8_s
      i64.rotr
      i64.extend8_s
      global.get 0
      f32.const 0x1p-123 (;=0.00000000000000000000000000000000000009403955;)
      i32.trunc_sat_f32_s
      i32.eqz
      if (result i64) ;; label = @2
        loop (result externref) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          global.get 1
          global.get 0
          f32.neg
          f64.const 0x1.cp-1072 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000035;)
          i64.reinterpret_f64
          v128.const i32x4 0x9fd3224e 0xc0fff524 0xfd3fa2d0 0x31aa9665
          i32x4.extadd_pairwise_i16x8_s
          i32x4.extend_low_i16x8_u
          block (result i32) ;; label = @4
            f64.const -0x1.6fc60614670efp-659 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006005834504671617;)
            i32.const -1048577
            f32.convert_i32_s
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            i64.trunc_f32_u
            i32.wrap_i64
            i8x16.splat
            br 1 (;@3;)
            f32x4.convert_i32x4_s
            f64x2.convert_low_i32x4_s
            i8x16.bitmask
            i64.extend_i32_s
            call 1
            f64.eq
            loop (result externref) ;; label = @5
              global.get 7
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 7
              i32.const 1
              i32.sub
              global.set 7
              ref.null extern
            end
            drop
          end
          global.get 2
          i32.xor
          global.set 2
          global.get 3
          v128.xor
          global.set 3
          global.get 4
          i64.xor
          global.set 4
          i32.reinterpret_f32
          global.get 5
          i32.xor
          global.set 5
          global.get 2
          i32.xor
          global.set 2
          ref.null extern
        end
        drop
        i64.const -2199023255553
      else
        i64.const 3902836261331597495
      end
      global.get 4
      i64.xor
      global.set 4
      i32.reinterpret_f32
      global.get 5
      i32.xor
      global.set 5
      global.get 4
      i64.xor
      global.set 4
      drop
      global.get 3
      v128.xor
      global.set 3
      f64.const -0x1.fffffffffffffp+1022 (;=-89884656743115790000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    else
      f64.const 0x1.p-1053 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001036131;)
    end
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
    global.get 2
    i32.xor
    global.set 2
    global.get 4
    i64.xor
    global.set 4
    global.get 4
    i64.xor
    global.set 4
    drop
    ref.null extern
    f64.const -nan:0xfffffffc00000 (;=NaN;)
  )
  (func (;1;) (type 1) (param i64) (result f64)
    (local externref i32 v128 f32 f32 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    f64.const 0x1.fffp-1062 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004047;)
    i64.trunc_f64_s
    f64.const 0x1.p-1073 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001;)
    i32.trunc_sat_f64_u
    f64.convert_i32_s
    local.tee 7
    f64.const nan (;=NaN;)
    local.get 7
    local.get 7
    f64.eq
    select
    f64.abs
    i32.trunc_sat_f64_s
    i32x4.splat
    f64x2.neg
    i64x2.extend_high_i32x4_s
    i16x8.extract_lane_u 5
    i32.ctz
    i32.eqz
    i32.const 4095
    i32.ge_s
    block (result funcref) ;; label = @1
      f32.const 0x1p-111 (;=0.000000000000000000000000000000000385186;)
      f32.nearest
      local.tee 6
      f32.const nan (;=NaN;)
      local.get 6
      local.get 6
      f32.eq
      select
      f32.abs
      ref.null func
      br 0 (;@1;)
      f64.promote_f32
      local.tee 7
      f64.const nan (;=NaN;)
      local.get 7
      local.get 7
      f64.eq
      select
      loop (result f64) ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        ref.null extern
        block ;; label = @3
          f64.const 0x1.abd1665eb6d82p-644 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002289295465273318;)
          local.get 5
          local.tee 4
          local.set 4
          f32.demote_f64
          local.tee 6
          f32.const nan (;=NaN;)
          local.get 6
          local.get 6
          f32.eq
          select
          f32.neg
          i32.trunc_sat_f32_s
          f64.const 0x1.fffffffffffffp-1016 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000028480945388892175;)
          i64.trunc_sat_f64_s
          v128.const i32x4 0xa771f592 0x060734c4 0x73aba215 0xe11d06fc
          local.tee 3
          i64x2.extend_low_i32x4_u
          i8x16.extract_lane_u 2
          local.set 2
          i64.extend32_s
          i64.clz
          i32.const -1956237812
          i16x8.splat
          i32x4.extend_low_i16x8_s
          i64x2.all_true
          i32.popcnt
          i32.clz
          loop (result i64) ;; label = @4
            global.get 7
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 7
            i32.const 1
            i32.sub
            global.set 7
            table.size 1
            call 1
            ref.null func
            f64.const -0x1.935884a33cbfp+482 (;=-19674126326824106000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
            f64.const -nan:0xfffffff000000 (;=NaN;)
            f64.ge
            f64.const 0x1.89d9cf74c48d6p-691 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000014974929513258553;)
            table.size 1
            i64.extend32_s
            i64.clz
            block ;; label = @5
              f64.const -nan:0xffffffffffbff (;=NaN;)
              i32.trunc_sat_f64_u
              br 0 (;@5;)
              local.tee 2
              f64.const -0x1.883000152194fp-527 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000348695279945312;)
              i64.reinterpret_f64
              i64.extend32_s
              i64.extend8_s
              i64.popcnt
              i64.extend8_s
              ref.null extern
              ref.is_null
              br 3 (;@2;)
              i8x16.splat
              i32x4.extract_lane 3
              i64.const -5234719425793568957
              i32.const -32
              i64.extend_i32_s
              br 1 (;@4;)
              block (type 1) (param i64) (result f64) ;; label = @6
                i64.popcnt
                i64x2.splat
                i32x4.extend_low_i16x8_u
                global.get 3
                v128.xor
                global.set 3
                f64.const 0x1.ffep-1063 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002023;)
              end
              i64.reinterpret_f64
              global.get 6
              i64.xor
              global.set 6
              global.get 4
              i64.xor
              global.set 4
              global.get 2
              i32.xor
              global.set 2
              global.get 4
              i64.xor
              global.set 4
              global.get 2
              i32.xor
              global.set 2
            end
            global.get 4
            i64.xor
            global.set 4
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
            global.get 2
            i32.xor
            global.set 2
            drop
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
            i64.const 2047
          end
          global.get 4
          i64.xor
          global.set 4
          global.get 2
          i32.xor
          global.set 2
          global.get 4
          i64.xor
          global.set 4
          global.get 2
          i32.xor
          global.set 2
        end
        drop
        f64.const 0x1.8a3c0e9f7da3cp+604 (;=102242662670602830000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      end
      i64.reinterpret_f64
      global.get 6
      i64.xor
      global.set 6
      i64.reinterpret_f64
      global.get 6
      i64.xor
      global.set 6
      ref.null func
    end
    drop
    global.get 2
    i32.xor
    global.set 2
    global.get 4
    i64.xor
    global.set 4
    f64.const -nan:0xffffffffffffc (;=NaN;)
  )
  (func (;2;) (type 0) (param i64 v128)
    (local f32 f64 v128)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    ref.null extern
    i32.const -1201783861
    i64.extend_i32_s
    i64.popcnt
    local.get 0
    global.get 1
    i32.const 2097151
    i32.xor
    i32.popcnt
    i32.clz
    nop
    i32.const -16384
    f64.convert_i32_s
    local.tee 3
    f64.const nan (;=NaN;)
    local.get 3
    local.get 3
    f64.eq
    select
    i64.reinterpret_f64
    i64.eqz
    if (type 2) (param i32) (result i32 externref f64) ;; label = @1
      table.size 0
      ref.null extern
      table.size 0
      loop (result externref) ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        global.get 0
        i64.trunc_f32_s
        loop ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
        end
        f64.convert_i64_u
        local.tee 3
        f64.const nan (;=NaN;)
        local.get 3
        local.get 3
        f64.eq
        select
        f64.floor
        local.tee 3
        f64.const nan (;=NaN;)
        local.get 3
        local.get 3
        f64.eq
        select
        i64.trunc_sat_f64_u
        i64.ctz
        f32.convert_i64_s
        local.tee 2
        f32.const nan (;=NaN;)
        local.get 2
        local.get 2
        f32.eq
        select
        i64.trunc_f32_u
        loop (type 1) (param i64) (result f64) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          f64.reinterpret_i64
          f64.ceil
          local.tee 3
          f64.const nan (;=NaN;)
          local.get 3
          local.get 3
          f64.eq
          select
          f64.sqrt
          local.tee 3
          f64.const nan (;=NaN;)
          local.get 3
          local.get 3
          f64.eq
          select
          i64.reinterpret_f64
          table.size 0
          i64.eqz
          if ;; label = @4
            v128.const i32x4 0x001f6250 0x85a1979b 0x5467b701 0x98d81093
            i64x2.extend_low_i32x4_s
            block ;; label = @5
              global.get 1
              i32.clz
              br 1 (;@4;)
              block (result f32) ;; label = @6
                local.get 1
                f32x4.ceil
                local.tee 4
                v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
                local.get 4
                local.get 4
                f32x4.eq
                v128.bitselect
                f32x4.ceil
                local.tee 4
                v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
                local.get 4
                local.get 4
                f32x4.eq
                v128.bitselect
                i32x4.abs
                i16x8.abs
                i32x4.bitmask
                local.get 1
                i16x8.extract_lane_u 2
                i32.xor
                f64.const -0x1.925358364cc81p+743 (;=-72715072692947790000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                i32.trunc_sat_f64_u
                f32.convert_i32_u
                local.tee 2
                f32.const nan (;=NaN;)
                local.get 2
                local.get 2
                f32.eq
                select
                i64.trunc_sat_f32_u
                i64.eqz
                i32.eq
                i64.extend_i32_u
                br 4 (;@2;)
                i64.extend32_s
                br 4 (;@2;)
                f32.const 0x1.p-133 (;=0.000000000000000000000000000000000000000091835;)
                i32.trunc_sat_f32_u
                f32.convert_i32_s
                local.tee 2
                f32.const nan (;=NaN;)
                local.get 2
                local.get 2
                f32.eq
                select
                i32.trunc_f32_s
                f32.convert_i32_u
                local.tee 2
                f32.const nan (;=NaN;)
                local.get 2
                local.get 2
                f32.eq
                select
                f64.const 0x1.2596018350fdap+161 (;=3352159078856191400000000000000000000000000000000;)
                i64.const -1210647978545758130
                table.get 0
                local.get 1
                local.get 0
                loop (result v128) ;; label = @7
                  global.get 7
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  ref.null func
                  loop (result v128) ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
                    i32.const 293235821
                    i32.extend8_s
                    i32.extend8_s
                    v128.const i32x4 0x2f3b2d19 0xe69782f7 0x535802ab 0xeee6f5a3
                    i8x16.extract_lane_s 1
                    br_if 1 (;@7;)
                    global.get 2
                    i32.xor
                    global.set 2
                    v128.const i32x4 0xf35a2881 0x0587eccd 0xc011d2ae 0xebb8bddd
                  end
                  global.get 3
                  v128.xor
                  global.set 3
                  drop
                  v128.const i32x4 0xffffffff 0x0000007f 0xfffff000 0xffffffff
                end
                global.get 3
                v128.xor
                global.set 3
                global.get 4
                i64.xor
                global.set 4
                global.get 3
                v128.xor
                global.set 3
                drop
                i64.reinterpret_f64
                global.get 6
                i64.xor
                global.set 6
                i32.reinterpret_f32
                global.get 5
                i32.xor
                global.set 5
                global.get 4
                i64.xor
                global.set 4
                f32.const 0x1p-126 (;=0.000000000000000000000000000000000000011754944;)
              end
              i32.reinterpret_f32
              global.get 5
              i32.xor
              global.set 5
              global.get 2
              i32.xor
              global.set 2
            end
            global.get 3
            v128.xor
            global.set 3
          end
          global.get 4
          i64.xor
          global.set 4
          f64.const -nan:0xfffe000000000 (;=NaN;)
        end
        i64.reinterpret_f64
        global.get 6
        i64.xor
        global.set 6
        ref.null extern
      end
      drop
      global.get 4
      i64.xor
      global.set 4
      drop
      global.get 4
      i64.xor
      global.set 4
      ref.null extern
      f64.const -0x1.d7456fcc13198p+468 (;=-1403036404939160400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    else
      ref.null extern
      f64.const 0x1.8p-1073 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000015;)
    end
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    drop
    global.get 2
    i32.xor
    global.set 2
    global.get 4
    i64.xor
    global.set 4
    drop
    drop
  )
  (func (;3;) (type 2) (param i32) (result i32 externref f64)
    (local f32 f64 v128)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    local.get 0
    i32x4.splat
    f64x2.neg
    f32x4.trunc
    local.tee 3
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 3
    local.get 3
    f32x4.eq
    v128.bitselect
    i8x16.bitmask
    f32.convert_i32_s
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    v128.const i32x4 0xc59b06bc 0x049ab398 0x772e38b1 0x9d458e50
    f64x2.floor
    local.tee 3
    v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
    local.get 3
    local.get 3
    f64x2.eq
    v128.bitselect
    f64x2.neg
    i32x4.extend_low_i16x8_s
    local.get 0
    f64.const 0x1.6ef1e709a232cp+137 (;=249729779712028640000000000000000000000000;)
    table.size 1
    global.get 1
    f32.convert_i32_u
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    global.get 1
    f32.convert_i32_s
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f64.const 0x1.ce37048727b26p+271 (;=6850666295616819000000000000000000000000000000000000000000000000000000000000000000;)
    f64.abs
    loop (result i32) ;; label = @1
      global.get 7
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 7
      i32.const 1
      i32.sub
      global.set 7
      loop (result f32) ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        ref.null func
        br 0 (;@2;)
        global.get 0
        i32.trunc_sat_f32_u
        i16x8.splat
        ref.null func
        v128.const i32x4 0x900109e3 0xc82e4238 0x7b0b33ab 0xf58ebde7
        i16x8.bitmask
        i64.extend_i32_s
        ref.null extern
        br 0 (;@2;)
        loop (result v128) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          ref.null func
          local.get 0
          i32.extend8_s
          local.set 0
          local.get 0
          global.get 1
          return_call 3
          ref.null func
          f32.const -0x1.dddddcp+94 (;=-36973140000000000000000000000;)
          i32.trunc_f32_s
          i32.extend8_s
          block ;; label = @4
            local.get 0
            f64.convert_i32_s
            local.tee 2
            f64.const nan (;=NaN;)
            local.get 2
            local.get 2
            f64.eq
            select
            local.get 0
            i32.popcnt
            i32.extend16_s
            f32.convert_i32_u
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            f32.neg
            i32.trunc_sat_f32_s
            local.tee 0
            call 0
            f32.const -0x1.1a6c64p+30 (;=-1184569600;)
            f32.const 0x1.1f189p-14 (;=0.00006844901;)
            f32.mul
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            i64.trunc_f32_s
            call 1
            i64.trunc_sat_f64_u
            f64.convert_i64_u
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
            block (result f64) ;; label = @5
              f32.const -nan:0x3fffff (;=NaN;)
              f64.const 0x1.fffffffffffffp-768 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000012882297539194265;)
              f64.floor
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              local.get 0
              i32x4.splat
              f32x4.convert_i32x4_s
              ref.null extern
              ref.is_null
              br 4 (;@1;)
              i32.popcnt
              global.get 0
              i64.const -6766878285906160051
              block (type 1) (param i64) (result f64) ;; label = @6
                i64x2.splat
                i64.const -549755813889
                f64.reinterpret_i64
                i64.const 8388911787948188711
                f32.convert_i64_s
                local.tee 1
                f32.const nan (;=NaN;)
                local.get 1
                local.get 1
                f32.eq
                select
                i64.const -4294967296
                loop (type 1) (param i64) (result f64) ;; label = @7
                  global.get 7
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  v128.const i32x4 0xcee4b2a2 0x43d9bc3d 0x2bbb5cab 0x1a9b24df
                  f32x4.convert_i32x4_s
                  f64x2.convert_low_i32x4_u
                  v128.const i32x4 0x1ef15291 0xdb12a333 0x03cafb60 0x5e3329b3
                  f32x4.nearest
                  local.tee 3
                  v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
                  local.get 3
                  local.get 3
                  f32x4.eq
                  v128.bitselect
                  i16x8.min_u
                  i32x4.extract_lane 1
                  ref.null func
                  v128.const i32x4 0x6ff79f23 0x800a7437 0xe4617042 0x8ef5377a
                  i32x4.bitmask
                  f64.convert_i32_s
                  local.tee 2
                  f64.const nan (;=NaN;)
                  local.get 2
                  local.get 2
                  f64.eq
                  select
                  i32.trunc_sat_f64_u
                  local.get 0
                  i32.eqz
                  block ;; label = @8
                    v128.const i32x4 0x993cc2a3 0x2000e313 0x469956da 0x5f4ff383
                    f32x4.demote_f64x2_zero
                    local.tee 3
                    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
                    local.get 3
                    local.get 3
                    f32x4.eq
                    v128.bitselect
                    i8x16.bitmask
                    global.get 2
                    i32.xor
                    global.set 2
                  end
                  global.get 2
                  i32.xor
                  global.set 2
                  global.get 2
                  i32.xor
                  global.set 2
                  drop
                  global.get 2
                  i32.xor
                  global.set 2
                  global.get 4
                  i64.xor
                  global.set 4
                  f64.const -0x1.1045fc8fa718dp+882 (;=-34294257231634160000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                end
                i64.reinterpret_f64
                global.get 6
                i64.xor
                global.set 6
                i32.reinterpret_f32
                global.get 5
                i32.xor
                global.set 5
                i64.reinterpret_f64
                global.get 6
                i64.xor
                global.set 6
                global.get 3
                v128.xor
                global.set 3
                f64.const 0x1.a5461f38300aap+850 (;=12354378898151396000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              end
              i64.reinterpret_f64
              global.get 6
              i64.xor
              global.set 6
              i32.reinterpret_f32
              global.get 5
              i32.xor
              global.set 5
              global.get 2
              i32.xor
              global.set 2
              global.get 3
              v128.xor
              global.set 3
              i64.reinterpret_f64
              global.get 6
              i64.xor
              global.set 6
              i32.reinterpret_f32
              global.get 5
              i32.xor
              global.set 5
              f64.const -0x1.f051d71a6a848p-583 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000061239842645579646;)
            end
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
            drop
            global.get 2
            i32.xor
            global.set 2
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
          end
          global.get 2
          i32.xor
          global.set 2
          drop
          i64.reinterpret_f64
          global.get 6
          i64.xor
          global.set 6
          drop
          drop
          global.get 2
          i32.xor
          global.set 2
          drop
          v128.const i32x4 0x00000000 0x40000000 0xfefefefe 0xfefefefe
        end
        global.get 3
        v128.xor
        global.set 3
        drop
        global.get 4
        i64.xor
        global.set 4
        drop
        global.get 3
        v128.xor
        global.set 3
        drop
        f32.const -0x1.2301cep-4 (;=-0.07104664;)
      end
      i32.reinterpret_f32
      global.get 5
      i32.xor
      global.set 5
      i32.const -1630192988
    end
    global.get 2
    i32.xor
    global.set 2
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
    global.get 4
    i64.xor
    global.set 4
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    global.get 2
    i32.xor
    global.set 2
    global.get 3
    v128.xor
    global.set 3
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
    i32.const -129
    ref.null extern
    f64.const 0x1.ep-1071 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000074;)
  )
)
