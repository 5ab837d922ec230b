(module
  (rec
    (type (;0;) (sub (array i8)))
    (type (;1;) (func (result f64)))
    (type (;2;) (array (mut i16)))
  )
  (rec
    (type (;3;) (array (mut i8)))
    (type (;4;) (sub (struct (field i16) (field i8) (field (mut i16)) (field i8) (field i8) (field i8) (field i16) (field nullref) (field i8) (field (mut i16)) (field (mut i8)) (field i16))))
    (type (;5;) (sub (array (mut f64))))
    (type (;6;) (sub (array i16)))
    (type (;7;) (array (mut i8)))
    (type (;8;) (struct))
    (type (;9;) (sub (array (mut (ref null 5)))))
    (type (;10;) (sub (struct (field (mut i8)) (field i8) (field i8) (field (mut i64)) (field (mut i8)) (field i32) (field i16))))
    (type (;11;) (sub (struct (field (mut f64)) (field (mut v128)) (field (mut f64)) (field (mut i8)) (field (mut i32)) (field f32) (field f64) (field i8) (field (mut i16)) (field (mut i16)) (field nullexternref) (field i8) (field (mut i16)) (field i16) (field (mut i32)) (field i64) (field (mut (ref null 1))))))
    (type (;12;) (sub (array (mut f64))))
    (type (;13;) (sub (array (mut f32))))
    (type (;14;) (sub (func)))
    (type (;15;) (sub (func (result v128))))
    (type (;16;) (sub (func)))
    (type (;17;) (sub (func (result f64))))
    (type (;18;) (struct (field (mut i8)) (field i8) (field i8) (field (mut i8)) (field (mut i8)) (field (mut (ref null 12))) (field i16)))
    (type (;19;) (sub (array i16)))
    (type (;20;) (sub (struct (field (mut i16)) (field (mut i8)) (field nullref) (field (mut i32)) (field f64))))
    (type (;21;) (array i8))
    (type (;22;) (sub (array i16)))
    (type (;23;) (sub (array i8)))
    (type (;24;) (sub (func (param f64) (result f32))))
    (type (;25;) (func (result i32 f64)))
    (type (;26;) (sub (struct (field i32) (field i16) (field (mut i16)) (field i8) (field (mut i8)) (field (mut i8)) (field i8) (field i16) (field (mut f32)) (field f32) (field i64) (field i16) (field f32) (field (mut i16)) (field (mut i64)) (field (mut i64)) (field (mut i16)) (field anyref))))
    (type (;27;) (sub (array i16)))
    (type (;28;) (sub (func (param i32 externref v128) (result v128 i32 i64 i64))))
    (type (;29;) (sub 4 (struct (field i16) (field i8) (field (mut i16)) (field i8) (field i8) (field i8) (field i16) (field nullref) (field i8) (field (mut i16)) (field (mut i8)) (field i16))))
    (type (;30;) (sub (array (mut i16))))
    (type (;31;) (sub (func (param i32) (result v128))))
    (type (;32;) (sub (func (param i64) (result v128))))
    (type (;33;) (struct (field i8) (field (mut i16)) (field i16) (field (mut i8)) (field (mut i16)) (field i8) (field (mut (ref null 4))) (field i8) (field i64) (field i32) (field (mut f32)) (field (mut i8)) (field (mut f32)) (field v128) (field (mut i16)) (field i64) (field (mut i16)) (field i8) (field (mut i8))))
    (type (;34;) (struct (field (mut v128)) (field i16) (field (mut i8)) (field (mut i16)) (field (mut f32)) (field i16) (field (mut i16)) (field (mut i16)) (field (mut f64)) (field (mut f32))))
    (type (;35;) (sub (func (param v128 i64 f64 f64) (result nullexternref i32))))
    (type (;36;) (func))
    (type (;37;) (func (result i64 i64)))
    (type (;38;) (func (result f64)))
    (type (;39;) (struct (field i16) (field (mut i16)) (field i8) (field i16) (field (mut i64)) (field i8) (field i8) (field i16) (field i32) (field (mut i16)) (field (mut i16)) (field i8)))
    (type (;40;) (array v128))
    (type (;41;) (sub (array i16)))
    (type (;42;) (sub (array (mut i32))))
    (type (;43;) (func (param i32 v128 structref) (result funcref i64)))
    (type (;44;) (struct (field i8) (field (mut i16)) (field i16) (field (mut i16)) (field (mut i8)) (field (mut i8)) (field i8)))
    (type (;45;) (sub (array (mut i16))))
    (type (;46;) (array i16))
  )
  (table (;0;) 0 32 nullexternref)
  (table (;1;) 46 59 anyref)
  (memory (;0;) 1 2)
  (memory (;1;) 0 3 shared)
  (global (;0;) (mut f64) f64.const 0x1.e12ff60008a3bp+842 (;=55122712837515360000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;))
  (global (;1;) (mut i32) i32.const -1461814556 i32.const -357241166 i32.sub)
  (global (;2;) (mut v128) v128.const i32x4 0x57eb1f61 0x7efb0174 0xca40dc2e 0x0e157bd6)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const -9223372036854775807 i64.const 9223372036854775807 i64.add)
  (global (;5;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i64) i64.const 1 i64.const -1 i64.add)
  (global (;8;) (mut i32) i32.const -2147482648 i32.const -2147483648 i32.add)
  (global (;9;) (mut i64) i64.const 0)
  (export "c" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (table 0))
  (export "4" (table 1))
  (export "5" (memory 0))
  (export "6" (memory 1))
  (export "7" (global 0))
  (export "8" (global 1))
  (export "9" (global 2))
  (export "10" (global 3))
  (export "11" (global 4))
  (export "12" (global 5))
  (export "13" (global 6))
  (export "!Y" (global 7))
  (export "wasmdiff:checksum" (global 9))
  (func (;0;) (type 14)
    (local i32 (ref null 15) i32 i32 f32 f64 v128)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    ref.null 11
    struct.new_default 18
    ref.as_non_null
    ref.test (ref none)
    v128.load8x8_s offset=12035
    f32x4.sqrt
    local.tee 6
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 6
    local.get 6
    f32x4.eq
    v128.bitselect
    f32.const -0x1.9e875ep-71 (;=-0.00000000000000000000068578034;)
    f32.neg
    struct.new_default 39
    f64.const -nan:0xfffffc0000000 (;=NaN;)
    i32.trunc_sat_f64_u
    v128.load8x8_s offset=65012
    i32.const 1698391385
    v128.const i32x4 0x36b121f5 0x30e752eb 0xdd419b27 0x25828e7d
    i32x4.all_true
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    memory.size 1
    i32.const 16
    i32.shl
    i32.const 8
    i32.sub
    v128.load32x2_s 1 align=1
    i64x2.extract_lane 1
    i64.extend8_s
    f32.const 0x1.fffffep+127 (;=340282350000000000000000000000000000000;)
    i32.trunc_sat_f32_u
    table.get 1
    i32.const -2092140820
    i64.const 196606
    f32.const 0x1.fff8p-136 (;=0.000000000000000000000000000000000000000022957;)
    ref.null 15
    ref.as_non_null
    i32.const -268435457
    ref.null extern
    f32.const -0x1.1b1ceap-4 (;=-0.06911937;)
    global.get 8
    i32.const 31
    i32.shr_u
    i64.extend_i32_u
    i64.const -9223372036854775808
    i64.add
    f64.reinterpret_i64
    f64.const 0x0p+0 (;=0;)
    f64.min
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    i64.reinterpret_f64
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    i32.trunc_sat_f32_u
    v128.load32_splat 1 offset=22099
    i16x8.extadd_pairwise_i8x16_u
    f64x2.promote_low_f32x4
    local.tee 6
    v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
    local.get 6
    local.get 6
    f64x2.eq
    v128.bitselect
    i32x4.extend_low_i16x8_s
    i32x4.all_true
    i32.extend8_s
    i32.extend16_s
    f32.convert_i32_s
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    f32.ceil
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    f32.floor
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    i32.const 256
    v128.load8_splat offset=6171
    f64.const 0x1.fffffffffffffp-512 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000014916681462400412;)
    memory.size
    i32.const 16
    i32.shl
    i32.const 4
    i32.sub
    i32.load
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    f64.neg
    f32.const -0x1.1d7e4ep-88 (;=-0.000000000000000000000000003603433;)
    i32.trunc_sat_f32_u
    i32.extend16_s
    v128.load8_splat 1
    f64x2.abs
    i8x16.extract_lane_s 15
    global.get 3
    i32.xor
    global.set 3
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    global.get 5
    v128.xor
    global.set 5
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    global.get 3
    i32.xor
    global.set 3
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    global.get 7
    i64.xor
    global.set 7
    global.get 3
    i32.xor
    global.set 3
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    global.get 7
    i64.xor
    global.set 7
    global.get 3
    i32.xor
    global.set 3
    global.get 5
    v128.xor
    global.set 5
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    global.get 5
    v128.xor
    global.set 5
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 0
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 1
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 2
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 3
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
  )
  (func (;1;) (type 36)
    (local v128 f32 f64 v128)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    struct.new_default 39
    i64.const 7007221692117229040
    f32.convert_i64_s
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f32.abs
    i32.trunc_sat_f32_u
    i32.extend8_s
    i32.const 272399035
    i32.rotr
    v128.load64_zero offset=52896
    i32x4.extadd_pairwise_i16x8_u
    f64x2.sqrt
    local.tee 3
    v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
    local.get 3
    local.get 3
    f64x2.eq
    v128.bitselect
    i16x8.extadd_pairwise_i8x16_s
    f64x2.convert_low_i32x4_u
    f32x4.extract_lane 0
    f32.floor
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
    i64.trunc_f32_u
    f32.convert_i64_s
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f32.nearest
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    i32.reinterpret_f32
    i32.ctz
    v128.load16_splat 1
    i64x2.bitmask
    i32.extend8_s
    memory.size
    i32.const 16
    i32.shl
    i32.const 4
    i32.sub
    i32.load
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    f64.convert_i32_s
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    i64.reinterpret_f64
    f32.const -nan:0x7fffc0 (;=NaN;)
    i32.trunc_sat_f32_s
    i32x4.splat
    i64x2.extract_lane 0
    i64.shl
    f32.convert_i64_s
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f32x4.splat
    f32x4.extract_lane 3
    i64.const 72057594037927936
    f32.convert_i64_u
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f32.nearest
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    v128.const i32x4 0xfedcb236 0xd8195f1a 0xd38547b7 0x8a299bad
    i32x4.extend_low_i16x8_s
    f32x4.trunc
    local.tee 3
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 3
    local.get 3
    f32x4.eq
    v128.bitselect
    f64x2.ceil
    local.tee 3
    v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
    local.get 3
    local.get 3
    f64x2.eq
    v128.bitselect
    f32x4.extract_lane 1
    f32.lt
    i32.const -1876917028
    i32.eq
    v128.load64_zero offset=36902
    local.tee 0
    i64x2.extract_lane 0
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 0
    i64x2.extract_lane 1
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    v128.const i32x4 0xffffffff 0x43dfffff 0x00000001 0x7ff00000
    i32x4.trunc_sat_f64x2_u_zero
    f32x4.ceil
    local.tee 3
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 3
    local.get 3
    f32x4.eq
    v128.bitselect
    i16x8.extadd_pairwise_i8x16_s
    f32x4.nearest
    local.tee 3
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 3
    local.get 3
    f32x4.eq
    v128.bitselect
    global.get 5
    v128.xor
    global.set 5
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
  )
  (func (;2;) (type 16)
    (local (ref null 45) i32 f32 i32 f32 f64 v128)
    global.get 8
    i32.eqz
    if ;; label = @1
      memory.size
      i32.const 16
      i32.shl
      i32.const 4
      i32.sub
      i32.load
      i64.extend_i32_u
      global.get 9
      i64.const 7
      i64.rotl
      i64.xor
      global.set 9
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    table.size 0
    i32.extend8_s
    v128.const i32x4 0xd8f38525 0xfd361ae3 0xda749a56 0x19fb5d33
    i64x2.extend_low_i32x4_u
    v128.store64_lane 1 align=1 1
    memory.size
    i32.const 16
    i32.shl
    i32.const 4
    i32.sub
    i32.load
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    ref.null 32
    ref.null 44
    ref.as_non_null
    table.size 1
    f32.reinterpret_i32
    f32.abs
    i32.trunc_f32_s
    v128.load32_zero offset=106389 align=1
    i64x2.extend_low_i32x4_u
    i16x8.extract_lane_u 7
    f32.convert_i32_u
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    f32.nearest
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    f32.nearest
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    f32.sqrt
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    i32.const -4194304
    struct.new 8
    struct.new 8
    ref.null 18
    table.size 0
    f32.const -0x1.1abba4p-103 (;=-0.00000000000000000000000000000010890478;)
    f32x4.splat
    i32x4.bitmask
    i32.shr_u
    v128.load8x8_s 1
    i32x4.extend_low_i16x8_u
    f64x2.sqrt
    local.tee 6
    v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
    local.get 6
    local.get 6
    f64x2.eq
    v128.bitselect
    i8x16.all_true
    f64.convert_i32_s
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    ref.null 2
    struct.new_default 10
    ref.is_null
    v128.load8_splat offset=26554
    i16x8.extadd_pairwise_i8x16_s
    i8x16.bitmask
    f32.const 0x1.fffp-133 (;=0.000000000000000000000000000000000000000183649;)
    i32.const 32
    local.tee 3
    local.get 3
    global.get 8
    i32.ge_u
    if ;; label = @1
      unreachable
    end
    global.get 8
    local.get 3
    i32.sub
    global.get 8
    i32.const 31
    i32.shr_u
    i64.extend_i32_u
    i64.const -9223372036854775808
    i64.add
    f64.reinterpret_i64
    f64.const 0x0p+0 (;=0;)
    f64.min
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    i64.reinterpret_f64
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    global.set 8
    array.new_default 21
    f64.const -0x1.8a697af062cc9p+366 (;=-231573363165884640000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    f64x2.splat
    i64x2.extend_high_i32x4_u
    i8x16.extract_lane_u 3
    f64.convert_i32_u
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    f64.nearest
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    f64x2.splat
    i32x4.trunc_sat_f32x4_u
    global.get 5
    v128.xor
    global.set 5
    global.get 8
    i32.const 31
    i32.shr_u
    i64.extend_i32_u
    i64.const 0
    i64.add
    f64.reinterpret_i64
    global.get 8
    i32.const 31
    i32.shr_u
    i64.extend_i32_u
    i64.const -9223372036854775808
    i64.add
    f64.reinterpret_i64
    f64.min
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    i64.reinterpret_f64
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    i32.reinterpret_f32
    global.get 6
    i32.xor
    memory.size
    i32.const 16
    i32.shl
    i32.const 4
    i32.sub
    i32.load
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    global.set 6
    global.get 3
    i32.xor
    global.set 3
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    global.get 3
    i32.xor
    global.set 3
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 0
    ref.is_null
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 1
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 2
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
    local.get 3
    i64.extend_i32_u
    global.get 9
    i64.const 7
    i64.rotl
    i64.xor
    global.set 9
  )
  (data (;0;) (i32.const 58558) "\f6\df\8e")
)
