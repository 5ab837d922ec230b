//! Rewrites of a generated module that make it test more without changing
//! what it means to a correct engine:
//!
//! - **Edge values.** A share of the constant immediates is replaced by edge
//!   values of their type *and of the operator that consumes them* (the next
//!   instruction): shift counts around the bit width before a shift or
//!   rotate, `-1`, `0` and `MIN` before a division, addresses near the end
//!   of memory before a load or store, floats at the integer conversion
//!   limits before a truncation, swizzle lane indices at and past 16, and
//!   otherwise 0, ±1, MIN, MAX, powers of two ±1, −0.0, NaNs of each class,
//!   ±inf and subnormals. Memory-access offsets are biased toward the end
//!   of memory, and data segments get edge patterns.
//! - **Observability.** Every `drop` of a value of known type folds that
//!   value into an exported `i64` checksum global instead of discarding it,
//!   and so does every function exit for the function's first locals
//!   (floats by their bits: the NaN rewrite of [`crate::nan`] runs after
//!   this one, so a NaN reaching the checksum is already canonical). The
//!   checksum is compared with the other exported state after each call.
//! - **Determinism.** `memory.atomic.wait32/64` get a timeout of zero, so a
//!   wait that would block returns "timed out" at once in every engine.
//!
//! The choices come from a generator seeded by the fuzz input, so the same
//! input always gives the same module.

use super::SplitMix64 as Rng;
use super::force;
use crate::error::Error;
use wasm_encoder::reencode::{Error as ReencodeError, Reencode, utils};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ExportKind, ExportSection, Function, GlobalSection,
    GlobalType, Ieee32, Ieee64, Instruction, ValType,
};
use wasmparser::{
    FuncToValidate, FunctionBody, Operator, Parser, Payload, ValidPayload, Validator,
    ValidatorResources, WasmFeatures,
};

/// The export name of the checksum global (a suffix is added if the module
/// already exports this name).
pub const CHECKSUM_EXPORT: &str = "wasmdiff:checksum";

/// How many locals (parameters first) are folded at each function exit.
const LOCALS_FOLDED: u32 = 8;

/// What to rewrite.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The chance, in percent, that a constant becomes an edge value (and
    /// half of it that a memory offset does).
    pub edge_percent: u8,
    /// Fold dropped values and locals into the checksum global.
    pub observe: bool,
    /// Seed of the choices.
    pub seed: u64,
    /// A global whose updates are left alone: wasm-smith's fuel counter
    /// (`global.get $fuel; i32.const 1; i32.sub; global.set $fuel`), which
    /// an edge value would stop from counting down.
    pub fuel_global: Option<u32>,
    /// Whether constant expressions may use arithmetic (extended-const):
    /// then some global initializers `c` become `a; b; add` with the same
    /// value, so that engines evaluate extended constant expressions.
    pub extended_const: bool,
}

/// The `i32` edge values of no particular operator.
pub(super) const I32_EDGES: &[i32] = &[
    0,
    1,
    -1,
    2,
    i32::MIN,
    i32::MAX,
    i32::MIN + 1,
    i32::MAX - 1,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x1_0000,
];
/// Shift and rotate counts around the bit widths (counts are taken modulo
/// the width).
pub(super) const SHIFT_COUNTS: &[i64] = &[
    0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, -1, -32, -64,
];
/// Divisors where division misbehaves.
const DIVISORS: &[i64] = &[0, -1, 1, 2, -2];
/// `f32` bit patterns at the edges: zeros, ones, NaNs, infinities,
/// subnormals, extremes, and the integer conversion limits.
pub(super) const F32_EDGES: &[u32] = &[
    0x0000_0000, // 0.0
    0x8000_0000, // -0.0
    0x3f80_0000, // 1.0
    0xbf80_0000, // -1.0
    0x3f00_0000, // 0.5
    0xbf00_0000, // -0.5
    0x3fc0_0000, // 1.5
    0x4020_0000, // 2.5
    0x7fc0_0000, // canonical NaN
    0xffc0_0000, // negative NaN
    0x7fa0_0001, // NaN with a payload
    0x7f80_0001, // signalling NaN
    0x7f80_0000, // inf
    0xff80_0000, // -inf
    0x0000_0001, // smallest subnormal
    0x807f_ffff, // largest negative subnormal
    0x0080_0000, // smallest normal
    0x7f7f_ffff, // MAX
    0xff7f_ffff, // MIN
    0x4eff_ffff, // largest below 2^31
    0x4f00_0000, // 2^31
    0xcf00_0000, // -2^31
    0xcf00_0001, // just below -2^31
    0x4f7f_ffff, // largest below 2^32
    0x4f80_0000, // 2^32
    0x5eff_ffff, // largest below 2^63
    0x5f00_0000, // 2^63
    0xdf00_0000, // -2^63
    0xdf00_0001, // just below -2^63
    0x5f7f_ffff, // largest below 2^64
    0x5f80_0000, // 2^64
    0xbf7f_ffff, // just above -1 (truncates to 0 unsigned)
];
/// `f64` bit patterns, as for `f32`.
pub(super) const F64_EDGES: &[u64] = &[
    0x0000_0000_0000_0000, // 0.0
    0x8000_0000_0000_0000, // -0.0
    0x3ff0_0000_0000_0000, // 1.0
    0xbff0_0000_0000_0000, // -1.0
    0x3fe0_0000_0000_0000, // 0.5
    0xbfe0_0000_0000_0000, // -0.5
    0x3ff8_0000_0000_0000, // 1.5
    0x4004_0000_0000_0000, // 2.5
    0x7ff8_0000_0000_0000, // canonical NaN
    0xfff8_0000_0000_0000, // negative NaN
    0x7ff4_0000_0000_0001, // NaN with a payload
    0x7ff0_0000_0000_0001, // signalling NaN
    0x7ff0_0000_0000_0000, // inf
    0xfff0_0000_0000_0000, // -inf
    0x0000_0000_0000_0001, // smallest subnormal
    0x800f_ffff_ffff_ffff, // largest negative subnormal
    0x0010_0000_0000_0000, // smallest normal
    0x7fef_ffff_ffff_ffff, // MAX
    0xffef_ffff_ffff_ffff, // MIN
    0x41df_ffff_ffc0_0000, // 2^31 - 1
    0x41df_ffff_ffff_ffff, // largest below 2^31
    0x41e0_0000_0000_0000, // 2^31
    0xc1e0_0000_0000_0000, // -2^31
    0xc1e0_0000_0020_0000, // -2^31 - 1
    0xc1e0_0000_0000_0001, // just below -2^31
    0x41ef_ffff_ffff_ffff, // largest below 2^32
    0x41f0_0000_0000_0000, // 2^32
    0x43df_ffff_ffff_ffff, // largest below 2^63
    0x43e0_0000_0000_0000, // 2^63
    0xc3e0_0000_0000_0000, // -2^63
    0xc3e0_0000_0000_0001, // just below -2^63
    0x43ef_ffff_ffff_ffff, // largest below 2^64
    0x43f0_0000_0000_0000, // 2^64
    0xbfef_ffff_ffff_ffff, // just above -1
];

/// What a constant feeds, judged by the instruction after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Consumer {
    /// A shift or rotate count (scalar or lane-wise).
    Shift,
    /// A shift count of lanes this many bits wide: at and past the width.
    LaneShift(i32),
    /// A divisor.
    Divisor,
    /// A dividend (its divisor is the next constant).
    Dividend,
    /// An address of a memory of this many bytes.
    Address(u64),
    /// A length of a bulk operation on a memory or table of this size.
    Length(u64),
    /// A `memory.grow`/`table.grow` delta, with this much room left to the
    /// declared maximum.
    Grow(u64),
    /// A `br_table` index, with this many targets besides the default.
    BrTable(u32),
    /// Lane indices of `i8x16.swizzle`.
    Swizzle,
    /// An operand of a float rounding (`nearest`, `ceil`, `floor`,
    /// `trunc`): ties and values just below them.
    Rounding,
    /// An operand of a float `min`/`max`: zeros of either sign.
    MinMax,
    /// An operand of `i16x8.q15mulr_sat_s`: -32768 lanes.
    Q15,
    /// A `v128` of `f32` lanes being converted: NaNs, infinities, limits.
    F32Lanes,
    /// A `v128` of `f64` lanes being converted.
    F64Lanes,
    /// Anything else.
    Other,
}

/// An `i64` edge value: of the `i32` list widened, or 64-bit specific.
fn i64_edge(rng: &mut Rng) -> i64 {
    match rng.below(3) {
        0 => i64::from(rng.pick(I32_EDGES)),
        1 => rng.pick(&[
            i64::MIN,
            i64::MAX,
            i64::MIN + 1,
            i64::MAX - 1,
            u32::MAX as i64,
            1 << 32,
            i64::from(i32::MIN) - 1,
            i64::from(i32::MAX) + 1,
        ]),
        _ => {
            let k = rng.below(64) as u32;
            (1i64 << k).wrapping_add(rng.pick(&[-1, 0, 1]))
        }
    }
}

/// A length at the edges of a region of `size`: all of it, one more or
/// less, nothing, one, or everything an index can say.
fn length(rng: &mut Rng, size: u64) -> u64 {
    match rng.below(6) {
        0 | 1 => size,
        2 => size.wrapping_sub(1),
        3 => size + 1,
        4 => rng.pick(&[0, 1]),
        _ => u64::from(u32::MAX),
    }
}

/// A growth delta: exactly the room left, one more, none, one, or a huge
/// one.
fn grow(rng: &mut Rng, room: u64) -> u64 {
    match rng.below(5) {
        0 | 1 => room,
        2 => room + 1,
        3 => rng.pick(&[0, 1]),
        _ => u64::from(u32::MAX),
    }
}

/// `f32` ties and their neighbours, for roundings.
const F32_TIES: &[u32] = &[
    0x3f00_0000, // 0.5
    0xbf00_0000, // -0.5
    0x3fc0_0000, // 1.5
    0xbfc0_0000, // -1.5
    0x4020_0000, // 2.5
    0xc020_0000, // -2.5
    0x4060_0000, // 3.5
    0x3eff_ffff, // just below 0.5
    0x4aff_ffff, // 8388607.5, the largest tie
    0x8000_0000, // -0.0
    0xbe80_0000, // -0.25 (rounds to -0)
];
/// `f64` ties and their neighbours, for roundings.
const F64_TIES: &[u64] = &[
    0x3fe0_0000_0000_0000, // 0.5
    0xbfe0_0000_0000_0000, // -0.5
    0x3ff8_0000_0000_0000, // 1.5
    0xbff8_0000_0000_0000, // -1.5
    0x4004_0000_0000_0000, // 2.5
    0xc004_0000_0000_0000, // -2.5
    0x400c_0000_0000_0000, // 3.5
    0x3fdf_ffff_ffff_ffff, // just below 0.5
    0x432f_ffff_ffff_ffff, // 4503599627370495.5, the largest tie
    0x8000_0000_0000_0000, // -0.0
    0xbfd0_0000_0000_0000, // -0.25 (rounds to -0)
];

/// An `f32` edge value for `consumer`, as bits.
pub(super) fn f32_for(rng: &mut Rng, consumer: Consumer) -> u32 {
    match consumer {
        Consumer::Rounding => rng.pick(F32_TIES),
        Consumer::MinMax => rng.pick(&[0, 0x8000_0000, 0, 0x8000_0000, 0x7fc0_0000]),
        _ => rng.pick(F32_EDGES),
    }
}

/// An `f64` edge value for `consumer`, as bits.
pub(super) fn f64_for(rng: &mut Rng, consumer: Consumer) -> u64 {
    match consumer {
        Consumer::Rounding => rng.pick(F64_TIES),
        Consumer::MinMax => rng.pick(&[0, 0x8000_0000_0000_0000, 0, 0x8000_0000_0000_0000]),
        _ => rng.pick(F64_EDGES),
    }
}

/// An `i32` edge value for `consumer`.
fn i32_for(rng: &mut Rng, consumer: Consumer) -> i32 {
    match consumer {
        Consumer::LaneShift(w) => w + rng.pick(&[0, 0, 1, 2, 3, -1, w - 1, w]),
        Consumer::Dividend => rng.pick(&[i32::MIN, i32::MIN, i32::MIN + 1, -1, i32::MAX]),
        Consumer::Length(size) => length(rng, size) as i32,
        Consumer::Grow(room) => grow(rng, room) as i32,
        Consumer::BrTable(n) => match rng.below(5) {
            0 | 1 => n as i32,
            2 => n.wrapping_sub(1) as i32,
            3 => (n + 1) as i32,
            _ => rng.pick(&[0, -1, i32::MAX]),
        },
        Consumer::Shift => rng.pick(SHIFT_COUNTS) as i32,
        Consumer::Divisor => match rng.below(3) {
            0 => i32::MIN,
            _ => rng.pick(DIVISORS) as i32,
        },
        Consumer::Address(size) => address(rng, size) as i32,
        _ => match rng.below(4) {
            0 => {
                let k = rng.below(32) as u32;
                (1i32 << k).wrapping_add(rng.pick(&[-1, 0, 1]))
            }
            _ => rng.pick(I32_EDGES),
        },
    }
}

/// An `i64` edge value for `consumer`.
fn i64_for(rng: &mut Rng, consumer: Consumer) -> i64 {
    match consumer {
        Consumer::LaneShift(w) => i64::from(w),
        Consumer::Dividend => rng.pick(&[i64::MIN, i64::MIN, i64::MIN + 1, -1, i64::MAX]),
        Consumer::Length(size) => length(rng, size) as i64,
        Consumer::Grow(room) => grow(rng, room) as i64,
        Consumer::Shift => rng.pick(SHIFT_COUNTS),
        Consumer::Divisor => match rng.below(3) {
            0 => i64::MIN,
            _ => rng.pick(DIVISORS),
        },
        Consumer::Address(size) => address(rng, size) as i64,
        _ => i64_edge(rng),
    }
}

/// An address at an edge of a memory of `size` bytes: at its end (minus an
/// access width), just past it, at a page or alignment boundary, or at the
/// top of the address space.
fn address(rng: &mut Rng, size: u64) -> u64 {
    match rng.below(4) {
        0 => size.wrapping_sub(rng.pick(&[1, 2, 4, 8, 16])),
        1 => size.wrapping_add(rng.pick(&[0, 1])),
        2 => rng.pick(&[0, 1, 0xffff, 0x1_0000, 0xfff9, 0xfffc]),
        _ => rng.pick(&[
            u64::from(u32::MAX),
            u64::from(u32::MAX) - 3,
            u64::MAX,
            u64::MAX - 7,
        ]),
    }
}

/// A `v128` edge value for `consumer`: swizzle indices at and past 16, or
/// lanes of one shape filled from that shape's edges.
pub(super) fn v128_for(rng: &mut Rng, consumer: Consumer) -> i128 {
    let mut bytes = [0u8; 16];
    match consumer {
        Consumer::Swizzle => {
            for b in &mut bytes {
                *b = rng.pick(&[0, 1, 14, 15, 16, 17, 31, 32, 0x7f, 0x80, 0xf0, 0xff]);
            }
            return i128::from_le_bytes(bytes);
        }
        Consumer::Q15 => {
            for c in bytes.chunks_mut(2) {
                let v: u16 = rng.pick(&[0x8000, 0x8000, 0x8000, 0x7fff, 0xffff]);
                c.copy_from_slice(&v.to_le_bytes());
            }
            return i128::from_le_bytes(bytes);
        }
        Consumer::F32Lanes => {
            for c in bytes.chunks_mut(4) {
                c.copy_from_slice(&rng.pick(F32_EDGES).to_le_bytes());
            }
            return i128::from_le_bytes(bytes);
        }
        Consumer::F64Lanes => {
            for c in bytes.chunks_mut(8) {
                c.copy_from_slice(&rng.pick(F64_EDGES).to_le_bytes());
            }
            return i128::from_le_bytes(bytes);
        }
        Consumer::MinMax | Consumer::Rounding => {
            // Lanes of one float shape, from that consumer's values.
            if rng.below(2) == 0 {
                for c in bytes.chunks_mut(4) {
                    c.copy_from_slice(&f32_for(rng, consumer).to_le_bytes());
                }
            } else {
                for c in bytes.chunks_mut(8) {
                    c.copy_from_slice(&f64_for(rng, consumer).to_le_bytes());
                }
            }
            return i128::from_le_bytes(bytes);
        }
        _ => {}
    }
    match rng.below(5) {
        0 => {
            for b in &mut bytes {
                *b = rng.pick(&[0, 1, 0x7f, 0x80, 0x81, 0xfe, 0xff]);
            }
        }
        1 => {
            for c in bytes.chunks_mut(2) {
                let v: u16 = rng.pick(&[0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, 0x00ff]);
                c.copy_from_slice(&v.to_le_bytes());
            }
        }
        2 => {
            for c in bytes.chunks_mut(4) {
                let v = if rng.below(2) == 0 {
                    rng.pick(I32_EDGES) as u32
                } else {
                    rng.pick(F32_EDGES)
                };
                c.copy_from_slice(&v.to_le_bytes());
            }
        }
        _ => {
            for c in bytes.chunks_mut(8) {
                let v = if rng.below(2) == 0 {
                    i64_edge(rng) as u64
                } else {
                    rng.pick(F64_EDGES)
                };
                c.copy_from_slice(&v.to_le_bytes());
            }
        }
    }
    i128::from_le_bytes(bytes)
}

/// One memory of the module: its initial size in bytes and whether it is
/// 64-bit.
#[derive(Clone, Copy, Debug)]
struct Mem {
    bytes: u64,
    /// Pages from the initial size to the declared maximum (`u32::MAX`
    /// pages without one).
    room: u64,
}

/// One table of the module: its initial size and the room to its maximum.
#[derive(Clone, Copy, Debug)]
struct Table {
    size: u64,
    room: u64,
}

/// Whether an operator pushes a constant.
fn is_const(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::I32Const { .. }
            | Operator::I64Const { .. }
            | Operator::F32Const { .. }
            | Operator::F64Const { .. }
            | Operator::V128Const { .. }
    )
}

/// What the instructions after a constant make of it: the next one takes
/// it as its last operand; a binary operator two instructions on, after
/// another constant, takes it as its first.
fn consumer(ops: &[(u64, Operator<'_>)], i: usize, mems: &[Mem], tables: &[Table]) -> Consumer {
    use Operator as O;
    let Some((_, op)) = ops.get(i + 1) else {
        return Consumer::Other;
    };
    let mem = |m: u32| mems.get(m as usize).copied();
    let table = |t: u32| tables.get(t as usize).copied();
    if is_const(op) {
        return match ops.get(i + 2).map(|(_, o)| o) {
            Some(
                O::I32DivS
                | O::I32DivU
                | O::I32RemS
                | O::I32RemU
                | O::I64DivS
                | O::I64DivU
                | O::I64RemS
                | O::I64RemU,
            ) => Consumer::Dividend,
            Some(o) if min_max(o) => Consumer::MinMax,
            Some(O::I16x8Q15MulrSatS) => Consumer::Q15,
            _ => Consumer::Other,
        };
    }
    match op {
        O::I32Shl
        | O::I32ShrS
        | O::I32ShrU
        | O::I32Rotl
        | O::I32Rotr
        | O::I64Shl
        | O::I64ShrS
        | O::I64ShrU
        | O::I64Rotl
        | O::I64Rotr
        | O::I64x2Shl
        | O::I64x2ShrS
        | O::I64x2ShrU => Consumer::Shift,
        O::I8x16Shl | O::I8x16ShrS | O::I8x16ShrU => Consumer::LaneShift(8),
        O::I16x8Shl | O::I16x8ShrS | O::I16x8ShrU => Consumer::LaneShift(16),
        O::I32x4Shl | O::I32x4ShrS | O::I32x4ShrU => Consumer::Shift,
        O::I32DivS
        | O::I32DivU
        | O::I32RemS
        | O::I32RemU
        | O::I64DivS
        | O::I64DivU
        | O::I64RemS
        | O::I64RemU => Consumer::Divisor,
        O::I8x16Swizzle => Consumer::Swizzle,
        O::I16x8Q15MulrSatS => Consumer::Q15,
        O::I32x4TruncSatF32x4S | O::I32x4TruncSatF32x4U => Consumer::F32Lanes,
        O::I32x4TruncSatF64x2SZero | O::I32x4TruncSatF64x2UZero => Consumer::F64Lanes,
        O::F32Nearest
        | O::F32Ceil
        | O::F32Floor
        | O::F32Trunc
        | O::F64Nearest
        | O::F64Ceil
        | O::F64Floor
        | O::F64Trunc
        | O::F32x4Nearest
        | O::F32x4Ceil
        | O::F32x4Floor
        | O::F32x4Trunc
        | O::F64x2Nearest
        | O::F64x2Ceil
        | O::F64x2Floor
        | O::F64x2Trunc => Consumer::Rounding,
        o if min_max(o) => Consumer::MinMax,
        O::BrTable { targets } => Consumer::BrTable(targets.len()),
        O::MemoryFill { mem: m } | O::MemoryInit { mem: m, .. } => {
            mem(*m).map_or(Consumer::Other, |m| Consumer::Length(m.bytes))
        }
        O::MemoryCopy { dst_mem, src_mem } => match (mem(*dst_mem), mem(*src_mem)) {
            (Some(d), Some(s)) => Consumer::Length(d.bytes.min(s.bytes)),
            _ => Consumer::Other,
        },
        O::MemoryGrow { mem: m } => mem(*m).map_or(Consumer::Other, |m| Consumer::Grow(m.room)),
        O::TableFill { table: t } | O::TableInit { table: t, .. } => {
            table(*t).map_or(Consumer::Other, |t| Consumer::Length(t.size))
        }
        O::TableCopy {
            dst_table,
            src_table,
        } => match (table(*dst_table), table(*src_table)) {
            (Some(d), Some(s)) => Consumer::Length(d.size.min(s.size)),
            _ => Consumer::Other,
        },
        O::TableGrow { table: t } => table(*t).map_or(Consumer::Other, |t| Consumer::Grow(t.room)),
        _ => match memarg_of(op).filter(|_| !is_store(op)) {
            Some(m) => Consumer::Address(mem(mem_index(&m) as u32).map_or(0x1_0000, |m| m.bytes)),
            None => Consumer::Other,
        },
    }
}

/// Float `min`/`max` (scalar or lane-wise).
fn min_max(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::F32Min
            | O::F32Max
            | O::F64Min
            | O::F64Max
            | O::F32x4Min
            | O::F32x4Max
            | O::F32x4PMin
            | O::F32x4PMax
            | O::F64x2Min
            | O::F64x2Max
            | O::F64x2PMin
            | O::F64x2PMax
    )
}

/// The or-pattern of every plain load and store, binding its memory
/// argument to `$m` (one list for [`memarg_of`] and [`with_offset`]).
macro_rules! load_or_store {
    ($m:ident) => {
        Operator::I32Load { memarg: $m }
            | Operator::I64Load { memarg: $m }
            | Operator::F32Load { memarg: $m }
            | Operator::F64Load { memarg: $m }
            | Operator::I32Load8S { memarg: $m }
            | Operator::I32Load8U { memarg: $m }
            | Operator::I32Load16S { memarg: $m }
            | Operator::I32Load16U { memarg: $m }
            | Operator::I64Load8S { memarg: $m }
            | Operator::I64Load8U { memarg: $m }
            | Operator::I64Load16S { memarg: $m }
            | Operator::I64Load16U { memarg: $m }
            | Operator::I64Load32S { memarg: $m }
            | Operator::I64Load32U { memarg: $m }
            | Operator::I32Store { memarg: $m }
            | Operator::I64Store { memarg: $m }
            | Operator::F32Store { memarg: $m }
            | Operator::F64Store { memarg: $m }
            | Operator::I32Store8 { memarg: $m }
            | Operator::I32Store16 { memarg: $m }
            | Operator::I64Store8 { memarg: $m }
            | Operator::I64Store16 { memarg: $m }
            | Operator::I64Store32 { memarg: $m }
            | Operator::V128Load { memarg: $m }
            | Operator::V128Store { memarg: $m }
            | Operator::V128Load8x8S { memarg: $m }
            | Operator::V128Load8x8U { memarg: $m }
            | Operator::V128Load16x4S { memarg: $m }
            | Operator::V128Load16x4U { memarg: $m }
            | Operator::V128Load32x2S { memarg: $m }
            | Operator::V128Load32x2U { memarg: $m }
            | Operator::V128Load8Splat { memarg: $m }
            | Operator::V128Load16Splat { memarg: $m }
            | Operator::V128Load32Splat { memarg: $m }
            | Operator::V128Load64Splat { memarg: $m }
            | Operator::V128Load32Zero { memarg: $m }
            | Operator::V128Load64Zero { memarg: $m }
    };
}

/// The memory argument of a load or store (`None` for other operators).
pub(super) fn memarg_of(op: &Operator<'_>) -> Option<wasmparser::MemArg> {
    match op {
        load_or_store!(memarg) => Some(*memarg),
        _ => None,
    }
}

/// The memory a memory argument addresses (0 for a GC array's payload,
/// which no rewrite here touches).
pub(super) fn mem_index(m: &wasmparser::MemArg) -> usize {
    match m.target {
        wasmparser::MemArgTarget::Memory(i) => i as usize,
        wasmparser::MemArgTarget::Array(_) => 0,
    }
}

/// Whether a memory access is a store (whose last operand is the value).
pub(super) fn is_store(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I32Store { .. }
            | O::I64Store { .. }
            | O::F32Store { .. }
            | O::F64Store { .. }
            | O::I32Store8 { .. }
            | O::I32Store16 { .. }
            | O::I64Store8 { .. }
            | O::I64Store16 { .. }
            | O::I64Store32 { .. }
            | O::V128Store { .. }
    )
}

/// The operator with a new memory offset (for the operators
/// [`memarg_of`] knows).
fn with_offset<'a>(op: &Operator<'a>, offset: u64) -> Operator<'a> {
    let mut op = op.clone();
    if let load_or_store!(memarg) = &mut op {
        memarg.offset = offset;
    }
    op
}

/// Rewrite `wasm` (a valid module under `features`) as the module
/// documentation says.
pub fn rewrite(wasm: &[u8], features: WasmFeatures, options: Options) -> Result<Vec<u8>, Error> {
    let mut validator = Validator::new_with_features(features);
    let mut funcs = Vec::new();
    let mut mems = Vec::new();
    let mut tables = Vec::new();
    let mut mem_facts = Vec::new();
    let mut table_facts = Vec::new();
    let mut globals = 0u32;
    let mut has_globals = false;
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        match validator.payload(&payload)? {
            ValidPayload::Func(f, _) => funcs.push(f),
            ValidPayload::End(_) => break,
            _ => {}
        }
        match &payload {
            Payload::ImportSection(s) => {
                for imp in s.clone().into_imports() {
                    let imp = imp?;
                    match imp.ty {
                        wasmparser::TypeRef::Global(_) => globals += 1,
                        wasmparser::TypeRef::Table(t) => {
                            tables.push(table_of(&t));
                            table_facts.push(table_facts_of(&t));
                        }
                        wasmparser::TypeRef::Memory(m) => {
                            mems.push(mem_of(&m));
                            mem_facts.push(mem_facts_of(&m));
                        }
                        _ => {}
                    }
                }
            }
            Payload::TableSection(s) => {
                for t in s.clone() {
                    let t = t?.ty;
                    tables.push(table_of(&t));
                    table_facts.push(table_facts_of(&t));
                }
            }
            Payload::MemorySection(s) => {
                for m in s.clone() {
                    let m = m?;
                    mems.push(mem_of(&m));
                    mem_facts.push(mem_facts_of(&m));
                }
            }
            Payload::GlobalSection(s) => {
                has_globals = true;
                globals += s.count();
            }
            Payload::ExportSection(s) => {
                for e in s.clone() {
                    exports.push(e?.name.to_string());
                }
            }
            _ => {}
        }
    }
    // The checksum needs a global and an export section to join (generated
    // modules have both: wasm-smith's fuel is a global, and every function
    // is exported).
    let observe = options.observe && has_globals && !exports.is_empty();
    let mut name = CHECKSUM_EXPORT.to_string();
    while exports.contains(&name) {
        name.push('_');
    }
    let mut rng = Rng(options.seed ^ 0x005e_ed0f_ed9e);
    // The operators this case probes (see [`force::Probe`]): none in a
    // quarter of the cases, otherwise one to four, each probed before
    // 1-4% of the instructions.
    let eligible = force::probes(
        &features,
        &force::Sizes {
            mems: &mem_facts,
            tables: &table_facts,
            table_size: features.reference_types(),
        },
    );
    let mut focus = Vec::new();
    if options.edge_percent > 0 && !eligible.is_empty() && rng.percent(75) {
        for _ in 0..1 + rng.below(4) {
            focus.push(eligible[rng.below(eligible.len())].clone());
        }
    }
    // wasm-smith has four wide-arithmetic operators among hundreds, so
    // most modules generated with the feature never use it: half of them
    // probe one.
    let wide: Vec<&force::Probe> = eligible
        .iter()
        .filter(|p| {
            matches!(
                p.op,
                Operator::I64Add128
                    | Operator::I64Sub128
                    | Operator::I64MulWideS
                    | Operator::I64MulWideU
            )
        })
        .collect();
    if options.edge_percent > 0 && !wide.is_empty() && rng.percent(50) {
        focus.push(wide[rng.below(wide.len())].clone());
    }
    let probe_percent = 1 + rng.below(4) as u8;
    let mut r = Rewriter {
        rng,
        focus,
        probe_percent,
        edge_percent: options.edge_percent,
        extended_const: options.extended_const,
        fuel_global: options.fuel_global,
        observe,
        checksum: globals,
        checksum_name: name,
        funcs: funcs.into_iter(),
        mems,
        tables,
        mem_facts,
        table_facts,
        reference_types: features.reference_types(),
        pending: None,
        allocs: Some(Default::default()),
    };
    let mut module = wasm_encoder::Module::new();
    r.parse_core_module(&mut module, Parser::new(0), wasm)?;
    Ok(module.finish())
}

fn mem_of(m: &wasmparser::MemoryType) -> Mem {
    let page = m.page_size_log2.map_or(1u64 << 16, |l| 1u64 << l);
    Mem {
        bytes: m.initial.saturating_mul(page),
        room: m
            .maximum
            .map_or(u64::from(u32::MAX), |max| max.saturating_sub(m.initial)),
    }
}

fn mem_facts_of(m: &wasmparser::MemoryType) -> force::MemFacts {
    force::MemFacts {
        page_log2: m.page_size_log2.unwrap_or(16),
        is64: m.memory64,
        max: m.maximum,
    }
}

fn table_facts_of(t: &wasmparser::TableType) -> force::TableFacts {
    force::TableFacts {
        is64: t.table64,
        max: t.maximum,
        elem: t.element_type,
    }
}

fn table_of(t: &wasmparser::TableType) -> Table {
    Table {
        size: t.initial,
        room: t
            .maximum
            .map_or(u64::from(u32::MAX), |max| max.saturating_sub(t.initial)),
    }
}

struct Rewriter {
    rng: Rng,
    /// The operators to probe, and how often (percent of instructions).
    focus: Vec<force::Probe>,
    probe_percent: u8,
    edge_percent: u8,
    extended_const: bool,
    fuel_global: Option<u32>,
    observe: bool,
    /// The checksum global's index.
    checksum: u32,
    checksum_name: String,
    funcs: std::vec::IntoIter<FuncToValidate<ValidatorResources>>,
    mems: Vec<Mem>,
    tables: Vec<Table>,
    mem_facts: Vec<force::MemFacts>,
    /// Whether `table.size` may be used (reference types).
    reference_types: bool,
    table_facts: Vec<force::TableFacts>,
    /// The value the next constant takes: the second of a pair chosen
    /// together (`i32::MIN` with -1, -0.0 with +0.0, ...).
    pending: Option<Instruction<'static>>,
    allocs: Option<wasmparser::FuncValidatorAllocations>,
}

/// Fold the `i64` on top of the stack into the checksum:
/// `checksum = value ^ rotl(checksum, 7)`.
fn mix(out: &mut Vec<Instruction<'_>>, checksum: u32) {
    out.extend([
        Instruction::GlobalGet(checksum),
        Instruction::I64Const(7),
        Instruction::I64Rotl,
        Instruction::I64Xor,
        Instruction::GlobalSet(checksum),
    ]);
}

/// Fold the value of type `ty` on top of the stack into the checksum; a
/// `v128` goes through the scratch local `v128_scratch`.
fn fold(out: &mut Vec<Instruction<'_>>, ty: wasmparser::ValType, checksum: u32, v128_scratch: u32) {
    use wasmparser::ValType as T;
    match ty {
        T::I32 => {
            out.push(Instruction::I64ExtendI32U);
        }
        T::I64 => {}
        T::F32 => {
            out.push(Instruction::I32ReinterpretF32);
            out.push(Instruction::I64ExtendI32U);
        }
        T::F64 => {
            out.push(Instruction::I64ReinterpretF64);
        }
        T::V128 => {
            out.push(Instruction::LocalTee(v128_scratch));
            out.push(Instruction::I64x2ExtractLane(0));
            mix(out, checksum);
            out.push(Instruction::LocalGet(v128_scratch));
            out.push(Instruction::I64x2ExtractLane(1));
        }
        T::Ref(_) => {
            out.push(Instruction::RefIsNull);
            out.push(Instruction::I64ExtendI32U);
        }
    }
    mix(out, checksum);
}

/// Locals appended to a function for the rewrite: the one a `v128` is
/// folded through, and those that hold a kept operand while the operands
/// above it are replaced. Each is added only when first used, so that a
/// module without SIMD does not come to need SIMD.
struct Scratch {
    /// The index of the first appended local.
    base: u32,
    /// The appended locals, by (type, slot of the operand plan; `usize::MAX`
    /// for the fold local).
    locals: Vec<(wasmparser::ValType, usize)>,
}

impl Scratch {
    const FOLD: usize = usize::MAX;

    fn get(&mut self, ty: wasmparser::ValType, slot: usize) -> u32 {
        let at = match self.locals.iter().position(|l| *l == (ty, slot)) {
            Some(at) => at,
            None => {
                self.locals.push((ty, slot));
                self.locals.len() - 1
            }
        };
        self.base + at as u32
    }

    /// Fold the value of type `ty` on top of the stack into the checksum.
    fn fold(&mut self, out: &mut Vec<Instruction<'_>>, ty: wasmparser::ValType, checksum: u32) {
        let v128 = if ty == wasmparser::ValType::V128 {
            self.get(ty, Self::FOLD)
        } else {
            0
        };
        fold(out, ty, checksum, v128);
    }
}

/// Whether a local of this type needs no initializer.
fn defaultable(ty: wasmparser::ValType) -> bool {
    match ty {
        wasmparser::ValType::Ref(r) => r.is_nullable(),
        _ => true,
    }
}

impl Rewriter {
    fn body(&mut self, func: &FunctionBody<'_>) -> Result<Function, Error> {
        let f = self
            .funcs
            .next()
            .ok_or_else(|| Error::Module("more bodies than the validator saw".into()))?;
        let mut v = f.into_validator(self.allocs.take().unwrap_or_default());
        let mut locals = Vec::new();
        for decl in func.get_locals_reader()? {
            let (count, ty) = decl?;
            v.define_locals(0, count, ty)?;
            locals.push((count, self.val_type(ty)?));
        }
        let mut scratch = Scratch {
            base: v.len_locals(),
            locals: Vec::new(),
        };
        let foldable: Vec<(u32, wasmparser::ValType)> = (0..scratch.base.min(LOCALS_FOLDED))
            .filter_map(|i| v.get_local_type(i).map(|t| (i, t)))
            .filter(|(_, t)| defaultable(*t))
            .collect();
        let mut ops = Vec::new();
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let offset = reader.original_position();
            ops.push((offset, reader.read()?));
        }
        let mut out: Vec<Instruction<'_>> = Vec::with_capacity(ops.len() * 2);
        let last = ops.len().saturating_sub(1);
        for i in 0..ops.len() {
            let (offset, op) = &ops[i];
            let exits = matches!(
                op,
                Operator::Return
                    | Operator::ReturnCall { .. }
                    | Operator::ReturnCallIndirect { .. }
                    | Operator::ReturnCallRef { .. }
            ) || i == last;
            let after_fuel = i > 0
                && matches!(ops[i - 1].1, Operator::GlobalGet { global_index }
                    if Some(global_index) == self.fuel_global);
            if !self.focus.is_empty() && !after_fuel && self.rng.percent(self.probe_percent) {
                let reachable = v.get_control_frame(0).is_some_and(|f| !f.unreachable);
                if reachable {
                    self.probe(&mut scratch, &mut out);
                }
            }
            if self.observe && exits {
                for (l, t) in &foldable {
                    out.push(Instruction::LocalGet(*l));
                    scratch.fold(&mut out, *t, self.checksum);
                }
            }
            match op {
                Operator::Drop if self.observe => match v.get_operand_type(0) {
                    Some(Some(t)) => scratch.fold(&mut out, t, self.checksum),
                    _ => out.push(Instruction::Drop),
                },
                Operator::MemoryAtomicWait32 { .. } | Operator::MemoryAtomicWait64 { .. } => {
                    out.push(Instruction::Drop);
                    out.push(Instruction::I64Const(0));
                    out.push(self.instruction(op.clone())?);
                }
                _ if after_fuel => {
                    out.push(self.instruction(op.clone())?);
                }
                _ => {
                    if !self.force(op, &v, &mut scratch, &mut out) {
                        match self.edge(&ops, i)? {
                            Some(insn) => out.push(insn),
                            None => out.push(self.instruction(op.clone())?),
                        }
                    }
                }
            }
            v.op(*offset, op)?;
        }
        self.allocs = Some(v.into_allocations());
        for (ty, _) in &scratch.locals {
            locals.push((1, self.val_type(*ty)?));
        }
        let mut f = Function::new(locals);
        for insn in &out {
            f.instruction(insn);
        }
        Ok(f)
    }

    /// Apply one of the focus operators to an edge tuple of its own and fold
    /// its results into the checksum (stack-neutral: any reachable point
    /// will do). Operands are made opaque to constant folding half of the
    /// time.
    fn probe<'a>(&mut self, scratch: &mut Scratch, out: &mut Vec<Instruction<'a>>) {
        let p = self.focus[self.rng.below(self.focus.len())].clone();
        let tys: Vec<Option<wasmparser::ValType>> = p.params.iter().map(|t| Some(*t)).collect();
        let sizes = force::Sizes {
            mems: &self.mem_facts,
            tables: &self.table_facts,
            table_size: self.reference_types,
        };
        let Some(slots) = force::plan(&p.op, &tys, &sizes, &mut self.rng) else {
            return;
        };
        let Ok(insn) = self.instruction(p.op.clone()) else {
            return;
        };
        let mut code = Vec::new();
        for (x, slot) in slots.into_iter().enumerate() {
            let pushes = match slot {
                force::Slot::New(insns) => insns,
                force::Slot::Keep => match force::edge_of(p.params[x], &mut self.rng) {
                    Some(i) => vec![i],
                    None => return,
                },
            };
            match (pushes.as_slice(), self.fuel_global) {
                ([one], Some(fuel)) if self.rng.percent(50) => {
                    code.extend(force::opaque(one.clone(), fuel))
                }
                _ => code.extend(pushes),
            }
        }
        out.extend(code);
        out.push(insn);
        for t in p.results.iter().rev() {
            if self.observe {
                scratch.fold(out, *t, self.checksum);
            } else {
                out.push(Instruction::Drop);
            }
        }
    }

    /// Sometimes (half the edge rate), for an operator whose edges need
    /// several operands at once or the current size of a memory or table:
    /// replace its computed operands by an edge tuple (see [`force`]), then
    /// emit the operator. Returns whether it did.
    fn force<'a>(
        &mut self,
        op: &Operator<'a>,
        v: &wasmparser::FuncValidator<ValidatorResources>,
        scratch: &mut Scratch,
        out: &mut Vec<Instruction<'a>>,
    ) -> bool {
        let Some(k) = force::arity(op) else {
            return false;
        };
        if !self.rng.percent(self.edge_percent / 2) {
            return false;
        }
        // In unreachable code the operands may be missing (a peek would
        // see an outer block's): only reachable code, with all k operands
        // in the current block.
        let Some(frame) = v.get_control_frame(0) else {
            return false;
        };
        if frame.unreachable || (v.operand_stack_height() as usize) < frame.height + k {
            return false;
        }
        // Operand types, bottom first; all must be known.
        let tys: Vec<Option<wasmparser::ValType>> = (0..k)
            .rev()
            .map(|d| v.get_operand_type(d).flatten())
            .collect();
        if tys.iter().any(Option::is_none) {
            return false;
        }
        // A reference to a concrete type comes from the validator
        // canonicalized (a type id, not the module's type index): it cannot
        // be written back as a scratch local's type.
        let concrete = |t: &wasmparser::ValType| {
            matches!(t, wasmparser::ValType::Ref(r)
                if matches!(r.heap_type(), wasmparser::HeapType::Concrete(_) | wasmparser::HeapType::Exact(_)))
        };
        if tys.iter().flatten().any(concrete) {
            return false;
        }
        let sizes = force::Sizes {
            mems: &self.mem_facts,
            tables: &self.table_facts,
            table_size: self.reference_types,
        };
        let Some(slots) = force::plan(op, &tys, &sizes, &mut self.rng) else {
            return false;
        };
        let Some(first) = slots.iter().position(|s| matches!(s, force::Slot::New(_))) else {
            return false;
        };
        let ty = |x: usize| tys[x].expect("checked above");
        if (first..k).any(|x| matches!(slots[x], force::Slot::Keep) && !defaultable(ty(x))) {
            return false;
        }
        let Ok(insn) = self.instruction(op.clone()) else {
            return false;
        };
        // Take the operands from the top down to the deepest replaced one.
        for x in (first..k).rev() {
            match &slots[x] {
                force::Slot::Keep => out.push(Instruction::LocalSet(scratch.get(ty(x), x))),
                force::Slot::New(_) if self.observe => scratch.fold(out, ty(x), self.checksum),
                force::Slot::New(_) => out.push(Instruction::Drop),
            }
        }
        for (x, slot) in slots.into_iter().enumerate().skip(first) {
            match slot {
                force::Slot::Keep => out.push(Instruction::LocalGet(scratch.get(ty(x), x))),
                force::Slot::New(insns) => out.extend(insns),
            }
        }
        out.push(insn);
        true
    }

    /// The second value of a pair, for the constant after `first` when the
    /// two are the operands of one operator: -1 after a MIN dividend, the
    /// zero of the other sign after a zero for `min`/`max`, -32768 lanes
    /// after -32768 lanes for `q15mulr` (most of the time; otherwise the
    /// second constant draws on its own).
    fn partner(
        &mut self,
        first: &Instruction<'_>,
        c: Consumer,
        next: Option<&Operator<'_>>,
    ) -> Option<Instruction<'static>> {
        if !self.rng.percent(70) {
            return None;
        }
        Some(match (c, first, next?) {
            (Consumer::Dividend, Instruction::I32Const(_), Operator::I32Const { .. }) => {
                Instruction::I32Const(-1)
            }
            (Consumer::Dividend, Instruction::I64Const(_), Operator::I64Const { .. }) => {
                Instruction::I64Const(-1)
            }
            (Consumer::MinMax, Instruction::F32Const(v), Operator::F32Const { .. }) => {
                Instruction::F32Const(Ieee32::new(v.bits() ^ 0x8000_0000))
            }
            (Consumer::MinMax, Instruction::F64Const(v), Operator::F64Const { .. }) => {
                Instruction::F64Const(Ieee64::new(v.bits() ^ (1 << 63)))
            }
            (Consumer::MinMax, Instruction::V128Const(v), Operator::V128Const { .. }) => {
                // The sign bit of every 32-bit lane: the signs of f32x4
                // lanes, and of f64x2 lanes (whose zeros also become the
                // smallest subnormals: still edge values).
                Instruction::V128Const(*v ^ 0x8000_0000_8000_0000_8000_0000_8000_0000u128 as i128)
            }
            (Consumer::Q15, Instruction::V128Const(_), Operator::V128Const { .. }) => {
                Instruction::V128Const(0x8000_8000_8000_8000_8000_8000_8000_8000u128 as i128)
            }
            _ => return None,
        })
    }

    /// The instruction with an edge value or offset, when the dice say so.
    fn edge<'a>(
        &mut self,
        ops: &[(u64, Operator<'a>)],
        i: usize,
    ) -> Result<Option<Instruction<'a>>, Error> {
        let op = &ops[i].1;
        if let Some(insn) = self.pending.take() {
            return Ok(Some(insn));
        }
        let p = self.edge_percent;
        if p == 0 {
            return Ok(None);
        }
        if is_const(op) {
            if !self.rng.percent(p) {
                return Ok(None);
            }
            let c = consumer(ops, i, &self.mems, &self.tables);
            let rng = &mut self.rng;
            let insn = match op {
                Operator::I32Const { .. } => Instruction::I32Const(i32_for(rng, c)),
                Operator::I64Const { .. } => Instruction::I64Const(i64_for(rng, c)),
                Operator::F32Const { .. } => Instruction::F32Const(Ieee32::new(f32_for(rng, c))),
                Operator::F64Const { .. } => Instruction::F64Const(Ieee64::new(f64_for(rng, c))),
                _ => Instruction::V128Const(v128_for(rng, c)),
            };
            self.pending = self.partner(&insn, c, ops.get(i + 1).map(|(_, o)| o));
            return Ok(Some(insn));
        }
        let Some(m) = memarg_of(op) else {
            return Ok(None);
        };
        if !matches!(m.target, wasmparser::MemArgTarget::Memory(_)) || !self.rng.percent(p / 2) {
            return Ok(None);
        }
        let size = self.mems.get(mem_index(&m)).map_or(0, |m| m.bytes);
        let is64 = self.mem_facts.get(mem_index(&m)).is_some_and(|f| f.is64);
        let mut offset = address(&mut self.rng, size);
        if !is64 {
            offset &= u64::from(u32::MAX);
        }
        Ok(self.instruction(with_offset(op, offset)).map(Some)?)
    }
}

impl Reencode for Rewriter {
    type Error = Error;

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), ReencodeError<Error>> {
        let f = self.body(&func).map_err(ReencodeError::UserError)?;
        code.function(&f);
        Ok(())
    }

    fn parse_global(
        &mut self,
        globals: &mut GlobalSection,
        global: wasmparser::Global<'_>,
    ) -> Result<(), ReencodeError<Error>> {
        let mut ops = global.init_expr.get_operators_reader();
        let first = ops.read().ok();
        let single = matches!(ops.read(), Ok(Operator::End));
        let split = self.extended_const && single && self.rng.percent(40);
        let ty = self.global_type(global.ty)?;
        let b = self
            .rng
            .pick(&[1i64, -1, i64::from(i32::MIN), i64::MAX, 0x1_0000]);
        let init = match first {
            // `v - b + b` wraps back to `v`.
            Some(Operator::I32Const { value }) if split => {
                let b = b as i32;
                ConstExpr::i32_const(value.wrapping_sub(b))
                    .with_i32_const(b)
                    .with_i32_add()
            }
            Some(Operator::I64Const { value }) if split => {
                ConstExpr::i64_const(value.wrapping_sub(b))
                    .with_i64_const(b)
                    .with_i64_add()
            }
            _ => self.const_expr(global.init_expr)?,
        };
        globals.global(ty, &init);
        Ok(())
    }

    fn parse_global_section(
        &mut self,
        globals: &mut GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), ReencodeError<Error>> {
        utils::parse_global_section(self, globals, section)?;
        if self.observe {
            globals.global(
                GlobalType {
                    val_type: ValType::I64,
                    mutable: true,
                    shared: false,
                },
                &ConstExpr::i64_const(0),
            );
        }
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), ReencodeError<Error>> {
        utils::parse_export_section(self, exports, section)?;
        if self.observe {
            exports.export(&self.checksum_name, ExportKind::Global, self.checksum);
        }
        Ok(())
    }

    fn parse_data(
        &mut self,
        data: &mut DataSection,
        datum: wasmparser::Data<'_>,
    ) -> Result<(), ReencodeError<Error>> {
        if self.edge_percent == 0 || !self.rng.percent(self.edge_percent) {
            return utils::parse_data(self, data, datum);
        }
        // An edge pattern: one edge value of a random width, repeated.
        let mut bytes = datum.data.to_vec();
        let pattern: Vec<u8> = match self.rng.below(4) {
            0 => self.rng.pick(I32_EDGES).to_le_bytes().to_vec(),
            1 => self.rng.pick(F32_EDGES).to_le_bytes().to_vec(),
            2 => self.rng.pick(F64_EDGES).to_le_bytes().to_vec(),
            _ => i64_edge(&mut self.rng).to_le_bytes().to_vec(),
        };
        for (b, p) in bytes.iter_mut().zip(pattern.iter().cycle()) {
            *b = *p;
        }
        match datum.kind {
            wasmparser::DataKind::Passive => {
                data.passive(bytes);
            }
            wasmparser::DataKind::Active {
                memory_index,
                offset_expr,
            } => {
                let offset = self.const_expr(offset_expr)?;
                data.active(memory_index, &offset, bytes);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> WasmFeatures {
        WasmFeatures::all()
    }

    #[test]
    fn dropped_values_reach_the_checksum() {
        let wasm = wat::parse_str(
            r#"(module
                 (global (mut i32) (i32.const 0))
                 (func (export "f") (param f32) (local i64)
                   (drop (i32.const 5))
                   (drop (local.get 0))
                   (local.set 1 (i64.const 9))))"#,
        )
        .unwrap();
        let out = rewrite(
            &wasm,
            all(),
            Options {
                edge_percent: 0,
                observe: true,
                seed: 1,
                extended_const: false,
                fuel_global: None,
            },
        )
        .unwrap();
        wasmparser::Validator::new_with_features(all())
            .validate_all(&out)
            .unwrap();
        let text = wasmprinter::print_bytes(&out).unwrap();
        assert!(text.contains("wasmdiff:checksum"), "{text}");
        assert!(!text.contains("drop"), "{text}");
        assert!(text.contains("i32.reinterpret_f32"), "{text}");
    }

    #[test]
    fn edge_values_follow_their_consumer() {
        let wasm = wat::parse_str(
            r#"(module
                 (global (mut i32) (i32.const 0))
                 (func (export "f") (param i32) (result i32)
                   (i32.shl (local.get 0) (i32.const 3))))"#,
        )
        .unwrap();
        let mut counts = std::collections::BTreeMap::new();
        for seed in 0..200 {
            let out = rewrite(
                &wasm,
                all(),
                Options {
                    edge_percent: 100,
                    observe: false,
                    seed,
                    extended_const: false,
                    fuel_global: None,
                },
            )
            .unwrap();
            let text = wasmprinter::print_bytes(&out).unwrap();
            let c = text
                .rsplit("i32.const ")
                .next()
                .and_then(|s| s.split_whitespace().next())
                .unwrap()
                .to_string();
            *counts.entry(c).or_insert(0) += 1;
        }
        assert!(counts.contains_key("32"), "{counts:?}");
        assert!(counts.contains_key("31"), "{counts:?}");
        assert!(counts.keys().all(|k| k.parse::<i64>().is_ok()));
    }

    /// How often each printed constant appears over 300 seeds of a module.
    fn constants(wat_text: &str, needle: &str) -> std::collections::BTreeMap<String, u32> {
        let wasm = wat::parse_str(wat_text).unwrap();
        let mut counts = std::collections::BTreeMap::new();
        for seed in 0..300 {
            let options = Options {
                edge_percent: 100,
                observe: false,
                seed,
                extended_const: false,
                fuel_global: None,
            };
            let out = rewrite(&wasm, all(), options).unwrap();
            wasmparser::Validator::new_with_features(all())
                .validate_all(&out)
                .unwrap();
            let text = wasmprinter::print_bytes(&out).unwrap();
            let body = text.split("(func (;").nth(1).unwrap();
            let found: Vec<&str> = body
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with(needle))
                .collect();
            *counts.entry(found.join(" | ")).or_insert(0) += 1;
        }
        counts
    }

    #[test]
    fn pairs_of_operands_meet_their_edges_together() {
        let divs = constants(
            r#"(module (func (export "f") (result i32)
                 (i32.rem_s (i32.const 7) (i32.const 3))))"#,
            "i32.const",
        );
        assert!(
            divs.contains_key("i32.const -2147483648 | i32.const -1"),
            "{divs:?}"
        );
        let mins = constants(
            r#"(module (func (export "f") (result f32)
                 (f32.min (f32.const 1) (f32.const 2))))"#,
            "f32.const",
        );
        assert!(
            mins.contains_key("f32.const -0x0p+0 (;=-0;) | f32.const 0x0p+0 (;=0;)"),
            "{mins:?}"
        );
        let rounds = constants(
            r#"(module (func (export "f") (result f64) (f64.nearest (f64.const 1))))"#,
            "f64.const",
        );
        assert!(
            rounds.keys().any(|k| k.contains("0x1.4p+1")),
            "2.5: {rounds:?}"
        );
        let br = constants(
            r#"(module (func (export "f") (result i32)
                 (block (block (block (br_table 0 1 2 (i32.const 0))))) (i32.const 0)))"#,
            "i32.const",
        );
        assert!(br.keys().any(|k| k.starts_with("i32.const 2 ")), "{br:?}");
    }

    /// Rewrite `wat` with every edge on, for seeds `0..n`; each output
    /// validates.
    fn rewrites(wat_text: &str, n: u64) -> Vec<Vec<u8>> {
        let wasm = wat::parse_str(wat_text).unwrap();
        (0..n)
            .map(|seed| {
                let options = Options {
                    edge_percent: 100,
                    observe: true,
                    seed,
                    extended_const: false,
                    fuel_global: None,
                };
                let out = rewrite(&wasm, all(), options).unwrap();
                wasmparser::Validator::new_with_features(all())
                    .validate_all(&out)
                    .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
                out
            })
            .collect()
    }

    #[test]
    fn forced_operands_read_the_current_size_of_memory() {
        use crate::engines::{EngineKind, Limits};
        use crate::features::FeatureSet;
        use crate::module_info::ModuleInfo;
        use crate::value::Val;
        // The memory grows from 1 to 2 pages before the fill: only a
        // tuple computed from `memory.size` at run time ends at the end.
        let outs = rewrites(
            r#"(module (memory (export "m") 1 3)
                 (func (export "f") (param i32 i32 i32)
                   (drop (memory.grow (i32.const 1)))
                   (memory.fill (local.get 0) (local.get 1) (local.get 2))))"#,
            300,
        );
        let mut engine = EngineKind::WasmtimeCranelift
            .build(Limits::default(), FeatureSet::all())
            .unwrap();
        let (mut forced, mut at_end, mut trapped) = (0, 0, 0);
        for wasm in &outs {
            let text = wasmprinter::print_bytes(wasm).unwrap();
            if !text.contains("memory.size") {
                continue;
            }
            forced += 1;
            let info = ModuleInfo::parse(wasm).unwrap();
            let mut inst = engine.instantiate(wasm, &info).unwrap();
            match inst.call("f", &[Val::I32(0), Val::I32(0x55), Val::I32(0)]) {
                crate::outcome::Outcome::Ok(_) => {
                    // Past the declared initial page: the size read at
                    // run time.
                    let m = inst.memory("m").unwrap();
                    at_end += usize::from(m.len() > 1 << 16 && m[m.len() - 1] == 0x55);
                }
                _ => trapped += 1,
            }
        }
        assert!(forced > 30, "{forced} of {} forced", outs.len());
        assert!(at_end > 0, "no fill reached the end of the grown memory");
        assert!(trapped * 5 < forced, "{trapped} of {forced} trapped");
    }

    #[test]
    fn probes_apply_edge_tuples_to_operators_the_code_lacks() {
        use crate::engines::{EngineKind, Limits};
        use crate::features::FeatureSet;
        use crate::module_info::ModuleInfo;
        let outs = rewrites(
            r#"(module (memory 1 2) (table 2 4 externref)
                 (global $g (mut i32) (i32.const 0))
                 (func (export "f") (param i32) (result i32)
                   (global.set $g (i32.add (local.get 0) (i32.const 1)))
                   (i32.mul (local.get 0) (global.get $g))))"#,
            200,
        );
        let mut engine = EngineKind::WasmtimeCranelift
            .build(Limits::default(), FeatureSet::all())
            .unwrap();
        let mut probed = std::collections::BTreeSet::new();
        for wasm in &outs {
            for op in crate::coverage::appearing(wasm).unwrap().names() {
                probed.insert(op);
            }
            // Probes are stack-neutral and only trap at an edge: the
            // function still runs (or traps), never fails otherwise.
            let info = ModuleInfo::parse(wasm).unwrap();
            let mut inst = engine.instantiate(wasm, &info).unwrap();
            let r = inst.call("f", &[crate::value::Val::I32(3)]);
            assert!(
                matches!(
                    r,
                    crate::outcome::Outcome::Ok(_) | crate::outcome::Outcome::Trap(_)
                ),
                "{r:?}"
            );
        }
        let kinds: [&[&str]; 4] = [
            &["memory.fill", "memory.copy"],
            &["i8x16.shr_s", "i16x8.shr_s", "i32x4.shr_s", "i64x2.shr_s"],
            &["table.fill", "table.set", "table.get", "table.grow"],
            &["i32.div_s", "i32.rem_s", "i64.div_s", "i64.rem_s"],
        ];
        for ops in kinds {
            assert!(
                ops.iter().any(|op| probed.contains(op)),
                "none of {ops:?} probed: {probed:?}"
            );
        }
        assert!(probed.len() > 40, "{probed:?}");
    }

    #[test]
    fn the_fuel_counter_keeps_counting() {
        let wasm = wat::parse_str(
            r#"(module
                 (global $fuel (mut i32) (i32.const 1000))
                 (func (export "f")
                   (loop
                     (global.set $fuel (i32.sub (global.get $fuel) (i32.const 1)))
                     (br_if 0 (global.get $fuel)))))"#,
        )
        .unwrap();
        for seed in 0..20 {
            let out = rewrite(
                &wasm,
                all(),
                Options {
                    edge_percent: 100,
                    observe: true,
                    seed,
                    extended_const: false,
                    fuel_global: Some(0),
                },
            )
            .unwrap();
            let text = wasmprinter::print_bytes(&out).unwrap();
            assert!(
                text.contains("global.get $fuel\n      i32.const 1\n"),
                "{text}"
            );
        }
    }

    #[test]
    fn waits_never_block() {
        let wasm = wat::parse_str(
            r#"(module
                 (global (mut i32) (i32.const 0))
                 (memory 1 1 shared)
                 (func (export "f") (result i32)
                   (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))"#,
        )
        .unwrap();
        let out = rewrite(
            &wasm,
            all(),
            Options {
                edge_percent: 0,
                observe: false,
                seed: 0,
                extended_const: false,
                fuel_global: None,
            },
        )
        .unwrap();
        let text = wasmprinter::print_bytes(&out).unwrap();
        assert!(
            text.contains("drop\n    i64.const 0\n    memory.atomic.wait32"),
            "{text}"
        );
    }

    /// Operands of a concrete reference type (here `(ref null $t)` for a
    /// typed table) come from the validator as canonical type ids, which
    /// cannot be written back as a scratch local's type: forcing leaves
    /// such operators alone, and every rewrite still encodes and validates
    /// (it failed with "a canonicalized heap type reference without type
    /// index information" before).
    #[test]
    fn operands_of_concrete_reference_types_are_not_forced() {
        let wasm = wat::parse_str(
            r#"(module
                 (type $t (func))
                 (table $tab 4 8 (ref null $t))
                 (func $f (type $t))
                 (elem declare func $f)
                 (func (export "go") (param i32) (param $r (ref null $t))
                   (table.fill $tab (local.get 0) (local.get $r) (i32.const 1))
                   (table.set $tab (local.get 0) (local.get $r))
                   (table.set $tab (i32.const 1) (ref.func $f))
                   (drop (table.grow $tab (local.get $r) (local.get 0)))
                   (drop (table.grow $tab (ref.null $t) (i32.const 2)))))"#,
        )
        .unwrap();
        for seed in 0..100 {
            let out = rewrite(
                &wasm,
                all(),
                Options {
                    edge_percent: 100,
                    observe: true,
                    seed,
                    extended_const: false,
                    fuel_global: None,
                },
            )
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            wasmparser::Validator::new_with_features(all())
                .validate_all(&out)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        }
    }
}
