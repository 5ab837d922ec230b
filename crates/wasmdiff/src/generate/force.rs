//! Forced operands: at an operator whose bugs hide at an edge that needs
//! *all* of its operands at once (`i32::MIN rem_s -1`, `min(-0, +0)`, a
//! `memory.fill` that ends exactly at the end of memory, a load of the last
//! bytes, a shift by the lane width), replace the operands the program
//! computed with the edge tuple.
//!
//! A constant before an operator is rare in generated code, and an edge
//! that depends on the memory's *current* size cannot be a constant at all
//! (`memory.grow` changes it). So the rewrite works at the operator: a
//! [`Plan`] says, for each operand, whether to keep the computed value or
//! to push new instructions, which may read the size at run time
//! (`memory.size`, `table.size`). The rewriter folds each replaced value
//! into the checksum, parks kept values above a replaced one in scratch
//! locals, and pushes the tuple; the operator itself is unchanged, so the
//! module means the same to a correct engine.

use wasm_encoder::{Ieee32, Ieee64, Instruction};
use wasmparser::{Operator, ValType};

use super::SplitMix64 as Rng;
use super::rewrite::{
    Consumer, F32_EDGES, F64_EDGES, I32_EDGES, SHIFT_COUNTS, f32_for, f64_for, is_store, mem_index,
    memarg_of, v128_for,
};

/// One memory, as the operand plans need it.
#[derive(Clone, Copy, Debug)]
pub(super) struct MemFacts {
    /// log2 of the page size (16 unless custom page sizes say otherwise).
    pub page_log2: u32,
    /// Whether addresses are `i64`.
    pub is64: bool,
    /// The declared maximum, in pages.
    pub max: Option<u64>,
}

/// One table, as the operand plans need it.
#[derive(Clone, Copy, Debug)]
pub(super) struct TableFacts {
    /// Whether indices are `i64`.
    pub is64: bool,
    /// The declared maximum.
    pub max: Option<u64>,
    /// The element type.
    pub elem: wasmparser::RefType,
}

/// The module's memories and tables, and whether their sizes can be read
/// at run time.
pub(super) struct Sizes<'a> {
    pub mems: &'a [MemFacts],
    pub tables: &'a [TableFacts],
    /// Whether `table.size` is allowed (reference types).
    pub table_size: bool,
}

/// What happens to one operand of the operator.
#[derive(Debug)]
pub(super) enum Slot {
    /// The computed value stays.
    Keep,
    /// The computed value is folded away and these instructions push the
    /// operand instead (they leave exactly one value).
    New(Vec<Instruction<'static>>),
}

/// The operand types of an operator, bottom first; `None` where the
/// validator does not know one (unreachable code).
pub(super) type Operands = [Option<ValType>];

/// How many operands `op` takes from the stack, for the operators that
/// [`plan`] knows (`None` for the others).
pub(super) fn arity(op: &Operator<'_>) -> Option<usize> {
    use Operator as O;
    Some(match op {
        O::I32DivS | O::I32RemS | O::I64DivS | O::I64RemS => 2,
        O::I32Shl | O::I32ShrS | O::I32ShrU | O::I32Rotl | O::I32Rotr => 2,
        O::I64Shl | O::I64ShrS | O::I64ShrU | O::I64Rotl | O::I64Rotr => 2,
        O::I8x16Shl | O::I8x16ShrS | O::I8x16ShrU => 2,
        O::I16x8Shl | O::I16x8ShrS | O::I16x8ShrU => 2,
        O::I32x4Shl | O::I32x4ShrS | O::I32x4ShrU => 2,
        O::I64x2Shl | O::I64x2ShrS | O::I64x2ShrU => 2,
        O::F32Min | O::F32Max | O::F64Min | O::F64Max => 2,
        O::F32x4Min | O::F32x4Max | O::F32x4PMin | O::F32x4PMax => 2,
        O::F64x2Min | O::F64x2Max | O::F64x2PMin | O::F64x2PMax => 2,
        O::I16x8Q15MulrSatS | O::I8x16Swizzle => 2,
        O::I32TruncF32S | O::I32TruncF32U | O::I64TruncF32S | O::I64TruncF32U => 1,
        O::I32TruncSatF32S | O::I32TruncSatF32U | O::I64TruncSatF32S | O::I64TruncSatF32U => 1,
        O::I32TruncF64S | O::I32TruncF64U | O::I64TruncF64S | O::I64TruncF64U => 1,
        O::I32TruncSatF64S | O::I32TruncSatF64U | O::I64TruncSatF64S | O::I64TruncSatF64U => 1,
        O::I32x4TruncSatF32x4S | O::I32x4TruncSatF32x4U => 1,
        O::I32x4TruncSatF64x2SZero | O::I32x4TruncSatF64x2UZero => 1,
        O::F32Nearest | O::F32Ceil | O::F32Floor | O::F32Trunc => 1,
        O::F64Nearest | O::F64Ceil | O::F64Floor | O::F64Trunc => 1,
        O::F32x4Nearest | O::F32x4Ceil | O::F32x4Floor | O::F32x4Trunc => 1,
        O::F64x2Nearest | O::F64x2Ceil | O::F64x2Floor | O::F64x2Trunc => 1,
        O::I32Clz | O::I32Ctz | O::I32Popcnt | O::I64Clz | O::I64Ctz | O::I64Popcnt => 1,
        O::I32Extend8S | O::I32Extend16S => 1,
        O::I64Extend8S | O::I64Extend16S | O::I64Extend32S => 1,
        O::I8x16Abs | O::I16x8Abs | O::I32x4Abs | O::I64x2Abs => 1,
        O::I64Add128 | O::I64Sub128 => 4,
        O::I64MulWideS | O::I64MulWideU => 2,
        O::BrTable { .. } => 1,
        O::CallIndirect { .. } | O::ReturnCallIndirect { .. } => 1,
        O::MemoryFill { .. } | O::MemoryCopy { .. } | O::MemoryInit { .. } => 3,
        O::MemoryGrow { .. } => 1,
        O::TableGet { .. } | O::TableGrow { .. } => match op {
            O::TableGet { .. } => 1,
            _ => 2,
        },
        O::TableSet { .. } => 2,
        O::TableFill { .. } | O::TableCopy { .. } | O::TableInit { .. } => 3,
        _ => match memarg_of(op) {
            Some(_) if access_width(op).is_some() => {
                if is_store(op) {
                    2
                } else {
                    1
                }
            }
            _ => return None,
        },
    })
}

/// The bytes a plain load or store touches.
fn access_width(op: &Operator<'_>) -> Option<u64> {
    use Operator as O;
    Some(match op {
        O::I32Load8S { .. }
        | O::I32Load8U { .. }
        | O::I64Load8S { .. }
        | O::I64Load8U { .. }
        | O::I32Store8 { .. }
        | O::I64Store8 { .. }
        | O::V128Load8Splat { .. } => 1,
        O::I32Load16S { .. }
        | O::I32Load16U { .. }
        | O::I64Load16S { .. }
        | O::I64Load16U { .. }
        | O::I32Store16 { .. }
        | O::I64Store16 { .. }
        | O::V128Load16Splat { .. } => 2,
        O::I32Load { .. }
        | O::F32Load { .. }
        | O::I64Load32S { .. }
        | O::I64Load32U { .. }
        | O::I32Store { .. }
        | O::F32Store { .. }
        | O::I64Store32 { .. }
        | O::V128Load32Splat { .. }
        | O::V128Load32Zero { .. } => 4,
        O::I64Load { .. }
        | O::F64Load { .. }
        | O::I64Store { .. }
        | O::F64Store { .. }
        | O::V128Load8x8S { .. }
        | O::V128Load8x8U { .. }
        | O::V128Load16x4S { .. }
        | O::V128Load16x4U { .. }
        | O::V128Load32x2S { .. }
        | O::V128Load32x2U { .. }
        | O::V128Load64Splat { .. }
        | O::V128Load64Zero { .. } => 8,
        O::V128Load { .. } | O::V128Store { .. } => 16,
        _ => return None,
    })
}

/// An integer constant of type `ty` (`i32` or `i64`).
fn int(ty: ValType, v: i64) -> Instruction<'static> {
    if ty == ValType::I64 {
        Instruction::I64Const(v)
    } else {
        Instruction::I32Const(v as i32)
    }
}

/// `a - b` in `ty`, with `b` a constant, after the instructions that push `a`.
fn minus(mut a: Vec<Instruction<'static>>, ty: ValType, b: i64) -> Vec<Instruction<'static>> {
    a.push(int(ty, b));
    a.push(if ty == ValType::I64 {
        Instruction::I64Sub
    } else {
        Instruction::I32Sub
    });
    a
}

/// The current size of memory `m` in bytes, as an address of type `ty`.
fn memory_bytes(m: u32, facts: MemFacts, ty: ValType) -> Vec<Instruction<'static>> {
    let mut v = vec![Instruction::MemorySize(m)];
    if facts.is64 && ty == ValType::I32 {
        v.push(Instruction::I32WrapI64);
    } else if !facts.is64 && ty == ValType::I64 {
        v.push(Instruction::I64ExtendI32U);
    }
    if facts.page_log2 > 0 {
        v.push(int(ty, i64::from(facts.page_log2)));
        v.push(if ty == ValType::I64 {
            Instruction::I64Shl
        } else {
            Instruction::I32Shl
        });
    }
    v
}

/// The current size of table `t`, as an index of type `ty`.
fn table_size(t: u32, facts: TableFacts, ty: ValType) -> Vec<Instruction<'static>> {
    let mut v = vec![Instruction::TableSize(t)];
    if facts.is64 && ty == ValType::I32 {
        v.push(Instruction::I32WrapI64);
    } else if !facts.is64 && ty == ValType::I64 {
        v.push(Instruction::I64ExtendI32U);
    }
    v
}

/// The chance, in percent, that a tuple is chosen to trap (one past the
/// end, `i32::MIN / -1`, a truncation out of range): a trap ends the call,
/// and the rest of the function would go untested.
const TRAP_PERCENT: u8 = 5;

/// `1` (one past an edge, usually a trap) [`TRAP_PERCENT`] of the time,
/// otherwise `0`.
fn past(rng: &mut Rng) -> i64 {
    i64::from(rng.percent(TRAP_PERCENT))
}

/// A short length for a bulk operation ending at the end of a region.
fn short_length(rng: &mut Rng) -> i64 {
    rng.pick(&[0, 1, 1, 2, 3, 4, 7, 8, 16, 100])
}

/// Where a bulk operation that ends at `end` starts: `end - n` (ending
/// exactly there) most of the time, one byte later (one past: a trap) now
/// and then.
fn start_before(
    rng: &mut Rng,
    end: Vec<Instruction<'static>>,
    ty: ValType,
    n: i64,
) -> Vec<Instruction<'static>> {
    let past = i64::from(rng.percent(TRAP_PERCENT));
    minus(end, ty, n - past)
}

fn v128(v: i128) -> Slot {
    Slot::New(vec![Instruction::V128Const(v)])
}

fn f32c(bits: u32) -> Slot {
    Slot::New(vec![Instruction::F32Const(Ieee32::new(bits))])
}

fn f64c(bits: u64) -> Slot {
    Slot::New(vec![Instruction::F64Const(Ieee64::new(bits))])
}

/// A `v128` whose lanes of `width` bytes are each one of `lanes`.
fn lanes(rng: &mut Rng, width: usize, values: &[u64]) -> i128 {
    let mut bytes = [0u8; 16];
    for c in bytes.chunks_mut(width) {
        let v = rng.pick(values).to_le_bytes();
        c.copy_from_slice(&v[..width]);
    }
    i128::from_le_bytes(bytes)
}

/// Zeros of either sign, and now and then a NaN or an infinity.
const ZEROS32: &[u64] = &[0, 0x8000_0000, 0, 0x8000_0000, 0x7fc0_0000, 0xff80_0000];
const ZEROS64: &[u64] = &[
    0,
    0x8000_0000_0000_0000,
    0,
    0x8000_0000_0000_0000,
    0x7ff8_0000_0000_0000,
];

/// The plan for operator `op` with operands of types `tys` (bottom first,
/// as many as [`arity`] says), or `None` to leave it alone.
pub(super) fn plan(
    op: &Operator<'_>,
    tys: &Operands,
    sizes: &Sizes<'_>,
    rng: &mut Rng,
) -> Option<Vec<Slot>> {
    use Operator as O;
    use Slot::{Keep, New};
    let ty = |i: usize| tys.get(i).copied().flatten();
    let mem = |m: u32| sizes.mems.get(m as usize).copied();
    let table = |t: u32| {
        sizes
            .tables
            .get(t as usize)
            .copied()
            .filter(|_| sizes.table_size)
    };
    Some(match op {
        // `MIN rem_s -1` is 0; `MIN div_s -1` traps (overflow), so a
        // division gets a divisor next to -1 most of the time.
        O::I32DivS | O::I32RemS => {
            let d = if *op == O::I32RemS || rng.percent(TRAP_PERCENT) {
                -1
            } else {
                rng.pick(&[1, -2, 2, i32::MIN, i32::MAX])
            };
            vec![
                New(vec![Instruction::I32Const(i32::MIN)]),
                New(vec![Instruction::I32Const(d)]),
            ]
        }
        O::I64DivS | O::I64RemS => {
            let d = if *op == O::I64RemS || rng.percent(TRAP_PERCENT) {
                -1
            } else {
                rng.pick(&[1, -2, 2, i64::MIN, i64::MAX])
            };
            vec![
                New(vec![Instruction::I64Const(i64::MIN)]),
                New(vec![Instruction::I64Const(d)]),
            ]
        }
        O::I32Shl | O::I32ShrS | O::I32ShrU | O::I32Rotl | O::I32Rotr => vec![
            Keep,
            New(vec![Instruction::I32Const(rng.pick(SHIFT_COUNTS) as i32)]),
        ],
        // 128-bit sums whose low halves carry (or borrow) into the high
        // halves, and high halves at the signed limits: `lo_a hi_a lo_b hi_b`.
        O::I64Add128 | O::I64Sub128 => {
            let (lo_a, lo_b) = if *op == O::I64Add128 {
                rng.pick(&[(-1i64, 1i64), (-1, -1), (i64::MIN, i64::MIN), (0, 0)])
            } else {
                rng.pick(&[(0i64, 1i64), (0, -1), (i64::MIN, i64::MAX), (1, 1)])
            };
            let hi = |rng: &mut Rng| rng.pick(&[0i64, -1, i64::MAX, i64::MIN, 1]);
            let (hi_a, hi_b) = (hi(rng), hi(rng));
            [lo_a, hi_a, lo_b, hi_b]
                .into_iter()
                .map(|v| New(vec![Instruction::I64Const(v)]))
                .collect()
        }
        // Full products at the signed and unsigned limits.
        O::I64MulWideS | O::I64MulWideU => {
            let (a, b) = rng.pick(&[
                (i64::MIN, -1i64),
                (i64::MIN, i64::MIN),
                (-1, -1),
                (i64::MAX, i64::MAX),
                (i64::MIN, i64::MAX),
                (-1, 2),
            ]);
            vec![
                New(vec![Instruction::I64Const(a)]),
                New(vec![Instruction::I64Const(b)]),
            ]
        }
        O::I64Shl | O::I64ShrS | O::I64ShrU | O::I64Rotl | O::I64Rotr => vec![
            Keep,
            New(vec![Instruction::I64Const(rng.pick(SHIFT_COUNTS))]),
        ],
        O::I8x16Shl | O::I8x16ShrS | O::I8x16ShrU => lane_shift(rng, 8),
        O::I16x8Shl | O::I16x8ShrS | O::I16x8ShrU => lane_shift(rng, 16),
        O::I32x4Shl | O::I32x4ShrS | O::I32x4ShrU => lane_shift(rng, 32),
        O::I64x2Shl | O::I64x2ShrS | O::I64x2ShrU => lane_shift(rng, 64),
        O::F32Min | O::F32Max => {
            let a = rng.pick(ZEROS32) as u32;
            vec![f32c(a), f32c(a ^ 0x8000_0000)]
        }
        O::F64Min | O::F64Max => {
            let a = rng.pick(ZEROS64);
            vec![f64c(a), f64c(a ^ (1 << 63))]
        }
        O::F32x4Min | O::F32x4Max | O::F32x4PMin | O::F32x4PMax => {
            let a = lanes(rng, 4, ZEROS32);
            vec![
                v128(a),
                v128(a ^ 0x8000_0000_8000_0000_8000_0000_8000_0000u128 as i128),
            ]
        }
        O::F64x2Min | O::F64x2Max | O::F64x2PMin | O::F64x2PMax => {
            let a = lanes(rng, 8, ZEROS64);
            vec![
                v128(a),
                v128(a ^ 0x8000_0000_0000_0000_8000_0000_0000_0000u128 as i128),
            ]
        }
        O::I16x8Q15MulrSatS => {
            let q = &[0x8000, 0x8000, 0x8000, 0x7fff, 0xffff, 0x0001];
            vec![v128(lanes(rng, 2, q)), v128(lanes(rng, 2, q))]
        }
        O::I8x16Swizzle => vec![Keep, v128(v128_for(rng, Consumer::Swizzle))],
        O::I32TruncF32S
        | O::I32TruncF32U
        | O::I64TruncF32S
        | O::I64TruncF32U
        | O::I32TruncSatF32S
        | O::I32TruncSatF32U
        | O::I64TruncSatF32S
        | O::I64TruncSatF32U => vec![f32c(trunc_operand(op, rng, F32_EDGES, F32_IN_RANGE))],
        O::I32TruncF64S
        | O::I32TruncF64U
        | O::I64TruncF64S
        | O::I64TruncF64U
        | O::I32TruncSatF64S
        | O::I32TruncSatF64U
        | O::I64TruncSatF64S
        | O::I64TruncSatF64U => vec![f64c(trunc_operand(op, rng, F64_EDGES, F64_IN_RANGE))],
        O::I32x4TruncSatF32x4S | O::I32x4TruncSatF32x4U => {
            vec![v128(v128_for(rng, Consumer::F32Lanes))]
        }
        O::I32x4TruncSatF64x2SZero | O::I32x4TruncSatF64x2UZero => {
            vec![v128(v128_for(rng, Consumer::F64Lanes))]
        }
        O::F32Nearest | O::F32Ceil | O::F32Floor | O::F32Trunc => {
            vec![f32c(f32_for(rng, Consumer::Rounding))]
        }
        O::F64Nearest | O::F64Ceil | O::F64Floor | O::F64Trunc => {
            vec![f64c(f64_for(rng, Consumer::Rounding))]
        }
        O::F32x4Nearest
        | O::F32x4Ceil
        | O::F32x4Floor
        | O::F32x4Trunc
        | O::F64x2Nearest
        | O::F64x2Ceil
        | O::F64x2Floor
        | O::F64x2Trunc => vec![v128(v128_for(rng, Consumer::Rounding))],
        O::I32Clz | O::I32Ctz | O::I32Popcnt => {
            vec![New(vec![Instruction::I32Const(rng.pick(&[
                0,
                0,
                -1,
                i32::MIN,
                1,
            ]))])]
        }
        O::I64Clz | O::I64Ctz | O::I64Popcnt => {
            vec![New(vec![Instruction::I64Const(rng.pick(&[
                0,
                0,
                -1,
                i64::MIN,
                1,
            ]))])]
        }
        O::I32Extend8S | O::I32Extend16S => {
            let v = rng.pick(&[0x80, 0x7f, 0xff, 0x8000, 0x7fff, 0xffff, 0x1_0080]);
            vec![New(vec![Instruction::I32Const(v)])]
        }
        O::I64Extend8S | O::I64Extend16S | O::I64Extend32S => {
            let v = rng.pick(&[0x80, 0x7f, 0xff, 0x8000, 0xffff, 0x8000_0000, 0xffff_ffff]);
            vec![New(vec![Instruction::I64Const(v)])]
        }
        O::I8x16Abs => vec![v128(lanes(rng, 1, &[0x80, 0x80, 0x7f, 0xff, 0]))],
        O::I16x8Abs => vec![v128(lanes(rng, 2, &[0x8000, 0x8000, 0x7fff, 0xffff]))],
        O::I32x4Abs => vec![v128(lanes(
            rng,
            4,
            &[0x8000_0000, 0x8000_0000, 0xffff_ffff],
        ))],
        O::I64x2Abs => vec![v128(lanes(rng, 8, &[1 << 63, 1 << 63, u64::MAX]))],
        O::BrTable { targets } => {
            let n = i64::from(targets.len());
            vec![New(vec![Instruction::I32Const(
                rng.pick(&[n, n, n - 1, n + 1, -1]) as i32,
            )])]
        }
        O::CallIndirect { table_index, .. } | O::ReturnCallIndirect { table_index, .. } => {
            let t = table(*table_index)?;
            let ity = ty(0)?;
            vec![New(minus(
                table_size(*table_index, t, ity),
                ity,
                1 - past(rng),
            ))]
        }
        O::MemoryFill { mem: m } => {
            let f = mem(*m)?;
            let ity = ty(0)?;
            let n = short_length(rng);
            let value = if rng.percent(50) {
                Keep
            } else {
                New(vec![Instruction::I32Const(rng.pick(I32_EDGES))])
            };
            vec![
                New(start_before(rng, memory_bytes(*m, f, ity), ity, n)),
                value,
                New(vec![int(ity, n)]),
            ]
        }
        O::MemoryCopy { dst_mem, src_mem } => {
            let (d, s) = (mem(*dst_mem)?, mem(*src_mem)?);
            let (dty, sty, nty) = (ty(0)?, ty(1)?, ty(2)?);
            let n = short_length(rng);
            let src = if rng.percent(50) {
                vec![int(sty, rng.pick(&[0, 1]))]
            } else {
                start_before(rng, memory_bytes(*src_mem, s, sty), sty, n)
            };
            vec![
                New(start_before(rng, memory_bytes(*dst_mem, d, dty), dty, n)),
                New(src),
                New(vec![int(nty, n)]),
            ]
        }
        O::MemoryInit { mem: m, .. } => {
            let f = mem(*m)?;
            let ity = ty(0)?;
            let n = rng.pick(&[0, 0, 1]);
            vec![
                New(start_before(rng, memory_bytes(*m, f, ity), ity, n)),
                New(vec![Instruction::I32Const(0)]),
                New(vec![Instruction::I32Const(n as i32)]),
            ]
        }
        O::MemoryGrow { mem: m } => {
            let f = mem(*m)?;
            let ity = ty(0)?;
            let delta = match f.max {
                Some(max) if rng.percent(80) => {
                    let mut v = vec![int(ity, max as i64 + rng.pick(&[0, 0, 1]))];
                    v.extend(memory_bytes(*m, MemFacts { page_log2: 0, ..f }, ity));
                    v.push(if ity == ValType::I64 {
                        Instruction::I64Sub
                    } else {
                        Instruction::I32Sub
                    });
                    v
                }
                _ => vec![int(ity, rng.pick(&[0, 1, -1, 0x1_0000]))],
            };
            vec![New(delta)]
        }
        O::TableGet { table: t } => {
            let f = table(*t)?;
            let ity = ty(0)?;
            vec![New(minus(table_size(*t, f, ity), ity, 1 - past(rng)))]
        }
        O::TableSet { table: t } => {
            let f = table(*t)?;
            let ity = ty(0)?;
            vec![New(minus(table_size(*t, f, ity), ity, 1 - past(rng))), Keep]
        }
        O::TableGrow { table: t } => {
            let f = table(*t)?;
            let ity = ty(1)?;
            let delta = match f.max {
                Some(max) if rng.percent(80) => {
                    let mut v = vec![int(ity, max as i64 + rng.pick(&[0, 0, 1]))];
                    v.extend(table_size(*t, f, ity));
                    v.push(if ity == ValType::I64 {
                        Instruction::I64Sub
                    } else {
                        Instruction::I32Sub
                    });
                    v
                }
                _ => vec![int(ity, rng.pick(&[0, 1, -1, 0x1_0000]))],
            };
            vec![Keep, New(delta)]
        }
        O::TableFill { table: t } => {
            let f = table(*t)?;
            let ity = ty(0)?;
            let n = short_length(rng) % 4;
            vec![
                New(start_before(rng, table_size(*t, f, ity), ity, n)),
                Keep,
                New(vec![int(ity, n)]),
            ]
        }
        O::TableCopy {
            dst_table,
            src_table,
        } => {
            let (d, s) = (table(*dst_table)?, table(*src_table)?);
            let (dty, sty, nty) = (ty(0)?, ty(1)?, ty(2)?);
            let n = short_length(rng) % 4;
            vec![
                New(start_before(rng, table_size(*dst_table, d, dty), dty, n)),
                New(start_before(rng, table_size(*src_table, s, sty), sty, n)),
                New(vec![int(nty, n)]),
            ]
        }
        O::TableInit { table: t, .. } => {
            let f = table(*t)?;
            let ity = ty(0)?;
            let n = rng.pick(&[0, 0, 1]);
            vec![
                New(start_before(rng, table_size(*t, f, ity), ity, n)),
                New(vec![Instruction::I32Const(0)]),
                New(vec![Instruction::I32Const(n as i32)]),
            ]
        }
        _ => {
            // A plain load or store at the last bytes of memory (or one
            // past them), counting its static offset.
            let m = memarg_of(op)?;
            let width = access_width(op)? as i64;
            let f = mem(mem_index(&m) as u32)?;
            let ity = ty(0)?;
            let end = memory_bytes(mem_index(&m) as u32, f, ity);
            let back = (m.offset as i64).wrapping_add(width);
            let address = New(start_before(rng, end, ity, back));
            if is_store(op) {
                vec![address, Keep]
            } else {
                vec![address]
            }
        }
    })
}

/// `f32` operands of a truncation at the edges of the range that converts
/// (none traps): ±0, just above -1, and the largest values below 2^31,
/// 2^32, 2^63 and 2^64 (too large for the narrower targets, so only
/// the signed `i64` ones are safe for every truncation: the choice is by
/// the operator).
const F32_IN_RANGE: &[(u32, u8)] = &[
    (0x0000_0000, 0),
    (0x8000_0000, 0),
    (0xbf7f_ffff, 0), // just above -1
    (0x3f7f_ffff, 0), // just below 1
    (0x4eff_ffff, 1), // largest below 2^31
    (0xcf00_0000, 2), // -2^31 (signed only)
    (0x4f7f_ffff, 3), // largest below 2^32 (unsigned 32 or 64-bit)
    (0x5eff_ffff, 4), // largest below 2^63 (64-bit)
    (0xdf00_0000, 5), // -2^63 (signed 64-bit only)
    (0x5f7f_ffff, 6), // largest below 2^64 (unsigned 64-bit only)
];
/// `f64` operands of a truncation, as [`F32_IN_RANGE`].
const F64_IN_RANGE: &[(u64, u8)] = &[
    (0x0000_0000_0000_0000, 0),
    (0x8000_0000_0000_0000, 0),
    (0xbfef_ffff_ffff_ffff, 0),
    (0x3fef_ffff_ffff_ffff, 0),
    (0x41df_ffff_ffc0_0000, 1), // 2^31 - 1
    (0x41df_ffff_ffff_ffff, 1), // largest below 2^31
    (0xc1e0_0000_0000_0000, 2), // -2^31
    (0xc1e0_0000_001f_ffff, 2), // just above -2^31 - 1
    (0x41ef_ffff_ffff_ffff, 3), // largest below 2^32
    (0x43df_ffff_ffff_ffff, 4), // largest below 2^63
    (0xc3e0_0000_0000_0000, 5), // -2^63
    (0x43ef_ffff_ffff_ffff, 6), // largest below 2^64
];

/// The operand of a truncation: from `all` (which includes NaNs,
/// infinities and values out of range: a trap for the non-saturating
/// ones) for saturating truncations and [`TRAP_PERCENT`] of the others,
/// otherwise a value in `in_range` that this truncation converts. The
/// class numbers of `in_range` say which targets take a value: 0 all, 1
/// all but none, 2 signed, 3 unsigned or 64-bit, 4 64-bit, 5 signed
/// 64-bit, 6 unsigned 64-bit.
fn trunc_operand<T: Copy>(op: &Operator<'_>, rng: &mut Rng, all: &[T], in_range: &[(T, u8)]) -> T {
    use Operator as O;
    let saturating = matches!(
        op,
        O::I32TruncSatF32S
            | O::I32TruncSatF32U
            | O::I64TruncSatF32S
            | O::I64TruncSatF32U
            | O::I32TruncSatF64S
            | O::I32TruncSatF64U
            | O::I64TruncSatF64S
            | O::I64TruncSatF64U
    );
    if saturating || rng.percent(TRAP_PERCENT) {
        return rng.pick(all);
    }
    let (signed, wide) = match op {
        O::I32TruncF32S | O::I32TruncF64S => (true, false),
        O::I32TruncF32U | O::I32TruncF64U => (false, false),
        O::I64TruncF32S | O::I64TruncF64S => (true, true),
        _ => (false, true),
    };
    let fits = |class: u8| match class {
        0 | 1 => true,
        2 => signed,
        3 => !signed || wide,
        4 => wide,
        5 => signed && wide,
        _ => !signed && wide,
    };
    let ok: Vec<T> = in_range
        .iter()
        .filter(|(_, c)| fits(*c))
        .map(|(v, _)| *v)
        .collect();
    rng.pick(&ok)
}

/// A lane-wise shift by a count around the lane width `w`.
fn lane_shift(rng: &mut Rng, w: i32) -> Vec<Slot> {
    let count = w + rng.pick(&[0, 0, 1, 2, -1, w - 1, w, -w - 1]);
    vec![Slot::Keep, Slot::New(vec![Instruction::I32Const(count)])]
}

/// An operator to *probe*: applied, where the program is at a reachable
/// point, to an edge tuple of its own, its results folded into the
/// checksum. Generated code meets any one operator rarely (wasm-smith
/// draws from hundreds, so `memory.fill` is in about 1% of modules); a case
/// draws a few operators to focus on and probes them now and then (an
/// operator swarm, as the feature profiles are a feature swarm).
#[derive(Clone, Debug)]
pub(super) struct Probe {
    pub op: Operator<'static>,
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

/// Every operator the module's features, memories and tables allow
/// probing.
pub(super) fn probes(features: &wasmparser::WasmFeatures, sizes: &Sizes<'_>) -> Vec<Probe> {
    use Operator as O;
    use ValType::{F32, F64, I32, I64, V128};
    let mut v = Vec::new();
    let mut add = |ops: &[Operator<'static>], params: &[ValType], results: &[ValType]| {
        for op in ops {
            v.push(Probe {
                op: op.clone(),
                params: params.to_vec(),
                results: results.to_vec(),
            });
        }
    };
    add(&[O::I32DivS, O::I32RemS], &[I32, I32], &[I32]);
    add(&[O::I64DivS, O::I64RemS], &[I64, I64], &[I64]);
    add(
        &[O::I32Shl, O::I32ShrS, O::I32ShrU, O::I32Rotl, O::I32Rotr],
        &[I32, I32],
        &[I32],
    );
    add(
        &[O::I64Shl, O::I64ShrS, O::I64ShrU, O::I64Rotl, O::I64Rotr],
        &[I64, I64],
        &[I64],
    );
    add(&[O::F32Min, O::F32Max], &[F32, F32], &[F32]);
    add(&[O::F64Min, O::F64Max], &[F64, F64], &[F64]);
    add(&[O::I32TruncF32S, O::I32TruncF32U], &[F32], &[I32]);
    add(&[O::I64TruncF32S, O::I64TruncF32U], &[F32], &[I64]);
    add(&[O::I32TruncF64S, O::I32TruncF64U], &[F64], &[I32]);
    add(&[O::I64TruncF64S, O::I64TruncF64U], &[F64], &[I64]);
    add(
        &[O::F32Nearest, O::F32Ceil, O::F32Floor, O::F32Trunc],
        &[F32],
        &[F32],
    );
    add(
        &[O::F64Nearest, O::F64Ceil, O::F64Floor, O::F64Trunc],
        &[F64],
        &[F64],
    );
    add(&[O::I32Clz, O::I32Ctz, O::I32Popcnt], &[I32], &[I32]);
    add(&[O::I64Clz, O::I64Ctz, O::I64Popcnt], &[I64], &[I64]);
    if features.saturating_float_to_int() {
        add(&[O::I32TruncSatF32S, O::I32TruncSatF32U], &[F32], &[I32]);
        add(&[O::I64TruncSatF32S, O::I64TruncSatF32U], &[F32], &[I64]);
        add(&[O::I32TruncSatF64S, O::I32TruncSatF64U], &[F64], &[I32]);
        add(&[O::I64TruncSatF64S, O::I64TruncSatF64U], &[F64], &[I64]);
    }
    if features.wide_arithmetic() {
        add(
            &[O::I64Add128, O::I64Sub128],
            &[I64, I64, I64, I64],
            &[I64, I64],
        );
        add(&[O::I64MulWideS, O::I64MulWideU], &[I64, I64], &[I64, I64]);
    }
    if features.sign_extension() {
        add(&[O::I32Extend8S, O::I32Extend16S], &[I32], &[I32]);
        add(
            &[O::I64Extend8S, O::I64Extend16S, O::I64Extend32S],
            &[I64],
            &[I64],
        );
    }
    if features.simd() {
        add(
            &[
                O::I8x16Shl,
                O::I8x16ShrS,
                O::I8x16ShrU,
                O::I16x8Shl,
                O::I16x8ShrS,
                O::I16x8ShrU,
                O::I32x4Shl,
                O::I32x4ShrS,
                O::I32x4ShrU,
                O::I64x2Shl,
                O::I64x2ShrS,
                O::I64x2ShrU,
            ],
            &[V128, I32],
            &[V128],
        );
        add(
            &[
                O::F32x4Min,
                O::F32x4Max,
                O::F32x4PMin,
                O::F32x4PMax,
                O::F64x2Min,
                O::F64x2Max,
                O::F64x2PMin,
                O::F64x2PMax,
                O::I16x8Q15MulrSatS,
                O::I8x16Swizzle,
            ],
            &[V128, V128],
            &[V128],
        );
        add(
            &[
                O::I32x4TruncSatF32x4S,
                O::I32x4TruncSatF32x4U,
                O::I32x4TruncSatF64x2SZero,
                O::I32x4TruncSatF64x2UZero,
                O::F32x4Nearest,
                O::F32x4Ceil,
                O::F32x4Floor,
                O::F32x4Trunc,
                O::F64x2Nearest,
                O::F64x2Ceil,
                O::F64x2Floor,
                O::F64x2Trunc,
                O::I8x16Abs,
                O::I16x8Abs,
                O::I32x4Abs,
                O::I64x2Abs,
            ],
            &[V128],
            &[V128],
        );
    }
    for (m, f) in sizes.mems.iter().enumerate() {
        let m = m as u32;
        let ity = if f.is64 { I64 } else { I32 };
        let arg = |align: u8| wasmparser::MemArg {
            align,
            max_align: align,
            offset: 0,
            target: wasmparser::MemArgTarget::Memory(m),
            ordering: None,
        };
        add(&[O::MemoryGrow { mem: m }], &[ity], &[ity]);
        add(&[O::I32Load { memarg: arg(2) }], &[ity], &[I32]);
        add(&[O::I64Load { memarg: arg(3) }], &[ity], &[I64]);
        add(&[O::I32Load8S { memarg: arg(0) }], &[ity], &[I32]);
        add(&[O::I64Store { memarg: arg(3) }], &[ity, I64], &[]);
        if features.bulk_memory() {
            add(&[O::MemoryFill { mem: m }], &[ity, I32, ity], &[]);
            for (n, g) in sizes.mems.iter().enumerate() {
                let sty = if g.is64 { I64 } else { I32 };
                let nty = if f.is64 && g.is64 { I64 } else { I32 };
                add(
                    &[O::MemoryCopy {
                        dst_mem: m,
                        src_mem: n as u32,
                    }],
                    &[ity, sty, nty],
                    &[],
                );
            }
        }
        if features.simd() {
            add(&[O::V128Load { memarg: arg(4) }], &[ity], &[V128]);
        }
    }
    if sizes.table_size {
        for (t, f) in sizes.tables.iter().enumerate() {
            let t = t as u32;
            let ity = if f.is64 { I64 } else { I32 };
            let r = ValType::Ref(f.elem);
            add(&[O::TableGet { table: t }], &[ity], &[r]);
            if f.elem.is_nullable() {
                add(&[O::TableSet { table: t }], &[ity, r], &[]);
                add(&[O::TableFill { table: t }], &[ity, r, ity], &[]);
                add(&[O::TableGrow { table: t }], &[r, ity], &[ity]);
            }
        }
    }
    v
}

/// A value of type `ty` for a kept operand of a probe: an edge value, or
/// null for a reference (`None` for a type without a default).
pub(super) fn edge_of(ty: ValType, rng: &mut Rng) -> Option<Instruction<'static>> {
    Some(match ty {
        ValType::I32 => Instruction::I32Const(rng.pick(I32_EDGES)),
        ValType::I64 => Instruction::I64Const(i64::from(rng.pick(I32_EDGES))),
        ValType::F32 => Instruction::F32Const(Ieee32::new(rng.pick(F32_EDGES))),
        ValType::F64 => Instruction::F64Const(Ieee64::new(rng.pick(F64_EDGES))),
        ValType::V128 => Instruction::V128Const(v128_for(rng, Consumer::Other)),
        ValType::Ref(r) if r.is_nullable() => {
            Instruction::RefNull(wasm_encoder::HeapType::try_from(r.heap_type()).ok()?)
        }
        ValType::Ref(_) => return None,
    })
}

/// Make a constant operand opaque to constant folding: `c` becomes
/// `c + zero` (or `c | splat(zero)`), where `zero` is read from a mutable
/// global at run time (`fuel >> 31`: the fuel counter is never negative),
/// so that optimizing compilers exercise the operator's run-time code, not
/// only their folder. Floats go through their bits.
pub(super) fn opaque(insn: Instruction<'static>, fuel: u32) -> Vec<Instruction<'static>> {
    use Instruction as I;
    let zero = [I::GlobalGet(fuel), I::I32Const(31), I::I32ShrU];
    match insn {
        I::I32Const(c) => {
            let mut v = zero.to_vec();
            v.extend([I::I32Const(c), I::I32Add]);
            v
        }
        I::I64Const(c) => {
            let mut v = zero.to_vec();
            v.extend([I::I64ExtendI32U, I::I64Const(c), I::I64Add]);
            v
        }
        I::F32Const(c) => {
            let mut v = zero.to_vec();
            v.extend([
                I::I32Const(c.bits() as i32),
                I::I32Add,
                I::F32ReinterpretI32,
            ]);
            v
        }
        I::F64Const(c) => {
            let mut v = zero.to_vec();
            v.extend([
                I::I64ExtendI32U,
                I::I64Const(c.bits() as i64),
                I::I64Add,
                I::F64ReinterpretI64,
            ]);
            v
        }
        I::V128Const(c) => {
            let mut v = zero.to_vec();
            v.extend([I::I8x16Splat, I::V128Const(c), I::V128Or]);
            v
        }
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_planned_operator_has_an_arity() {
        let mut rng = Rng(1);
        let ops = [
            Operator::I32DivS,
            Operator::I8x16ShrS,
            Operator::F32x4Min,
            Operator::MemoryFill { mem: 0 },
            Operator::TableFill { table: 0 },
        ];
        let mems = [MemFacts {
            page_log2: 16,
            is64: false,
            max: Some(2),
        }];
        let tables = [TableFacts {
            is64: false,
            max: None,
            elem: wasmparser::RefType::FUNCREF,
        }];
        for op in ops {
            let n = arity(&op).unwrap();
            let tys = vec![Some(ValType::I32); n];
            let sizes = Sizes {
                mems: &mems,
                tables: &tables,
                table_size: true,
            };
            let p = plan(&op, &tys, &sizes, &mut rng).unwrap();
            assert_eq!(p.len(), n, "{op:?}");
        }
    }
}
