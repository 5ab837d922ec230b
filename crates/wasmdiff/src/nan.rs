//! NaN canonicalization: rewrites a module so that every float result whose NaN
//! bit pattern may legitimately differ between engines is replaced by the
//! canonical NaN, so differential comparisons of float results stay meaningful.
//!
//! wasm-smith has a `canonicalize_nans` option of its own, but it does not
//! cover `f32.demote_f64` / `f64.promote_f32` (and it only applies to modules
//! it generates itself); this pass works on any binary module.
//!
//! The rewrite appends a fixed sequence after each covered instruction. For a
//! scalar `f32` result (an `f64` result is analogous):
//!
//! ```text
//! local.tee $t          ;; $t := result, result stays on the stack
//! f32.const nan         ;; canonical NaN (0x7fc00000)
//! local.get $t
//! local.get $t
//! f32.eq                ;; 1 unless the result is NaN
//! select                ;; result if not NaN, canonical NaN otherwise
//! ```
//!
//! and for a `v128` result, lane-wise, with `f32x4.eq` / `f64x2.eq` producing
//! a mask and `v128.bitselect` picking the original lane where the mask is set.
//! Each rewritten function gains at most three scratch locals (`f32`, `f64`,
//! `v128`, in that order, each only if used), appended after its existing
//! locals.

use wasm_encoder::reencode::{Error as ReencodeError, Reencode, utils};
use wasm_encoder::{CodeSection, Function, Ieee32, Ieee64, Instruction, ValType};
use wasmparser::{FunctionBody, Operator, Parser, Payload};

use crate::error::Error;

/// Canonical `f32` NaN bit pattern (positive, quiet, zero payload).
const CANON_F32: u32 = 0x7fc0_0000;
/// Canonical `f64` NaN bit pattern (positive, quiet, zero payload).
const CANON_F64: u64 = 0x7ff8_0000_0000_0000;
/// `v128` with the canonical `f32` NaN in each of its four lanes.
const CANON_F32X4: u128 = 0x7fc0_0000_7fc0_0000_7fc0_0000_7fc0_0000;
/// `v128` with the canonical `f64` NaN in each of its two lanes.
const CANON_F64X2: u128 = 0x7ff8_0000_0000_0000_7ff8_0000_0000_0000;

/// What every error of this module says wasmdiff was doing.
const ERR_PREFIX: &str = "cannot canonicalize NaNs";

/// Rewrite a module so that every float-producing instruction's result has
/// NaNs replaced by the canonical NaN.
///
/// Covered instructions (see [`has_float_ops`] for the same set):
/// scalar `f32`/`f64` `add sub mul div sqrt min max ceil floor trunc nearest`,
/// `f32.demote_f64`, `f64.promote_f32`, the `f32`/`f64` `convert_i32_s/u` and
/// `convert_i64_s/u`; SIMD `f32x4`/`f64x2` `add sub mul div sqrt min max ceil
/// floor trunc nearest`, `f32x4.demote_f64x2_zero`,
/// `f64x2.promote_low_f32x4`, and the relaxed `relaxed_madd`,
/// `relaxed_nmadd`, `relaxed_min`, `relaxed_max`. Bit-exact instructions
/// (`abs`, `neg`, `copysign`, loads, constants, reinterprets, `pmin`/`pmax`,
/// lane moves) are left alone.
///
/// Every section other than the code section is re-encoded unchanged, except
/// `metadata.code.*` custom sections (e.g. branch hints), which are dropped
/// because they address instructions by byte offsets that the rewrite
/// invalidates. The input is expected to be a valid module; instructions this
/// pass does not know are passed through untouched.
pub fn canonicalize_nans(wasm: &[u8]) -> Result<Vec<u8>, Error> {
    let param_counts = defined_function_param_counts(wasm).map_err(|e| e.context(ERR_PREFIX))?;
    let mut rewriter = NanRewriter {
        param_counts,
        next_body: 0,
    };
    let mut module = wasm_encoder::Module::new();
    rewriter
        .parse_core_module(&mut module, Parser::new(0), wasm)
        .map_err(describe_reencode_error)?;
    Ok(module.finish())
}

/// Whether a module contains any instruction [`canonicalize_nans`] would
/// rewrite (a cheap scan of the code section), so callers can skip re-running
/// a test case when canonicalization cannot change anything.
pub fn has_float_ops(wasm: &[u8]) -> Result<bool, Error> {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload? {
            let mut reader = body.get_operators_reader()?;
            while !reader.eof() {
                let op = reader.read()?;
                if nan_kind(&op).is_some() {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

/// Which kind of value a covered instruction produces, i.e. which check to
/// emit after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NanKind {
    /// A scalar `f32`.
    F32,
    /// A scalar `f64`.
    F64,
    /// A `v128` interpreted as four `f32` lanes.
    F32x4,
    /// A `v128` interpreted as two `f64` lanes.
    F64x2,
}

impl NanKind {
    /// Index of the scratch local this kind needs (0: f32, 1: f64, 2: v128).
    fn scratch_slot(self) -> usize {
        match self {
            NanKind::F32 => 0,
            NanKind::F64 => 1,
            NanKind::F32x4 | NanKind::F64x2 => 2,
        }
    }
}

/// Value types of the scratch locals, in slot order.
const SCRATCH_TYPES: [ValType; 3] = [ValType::F32, ValType::F64, ValType::V128];

/// Classify `op`: `Some(kind)` if its result must be canonicalized.
fn nan_kind(op: &Operator<'_>) -> Option<NanKind> {
    use Operator as O;
    Some(match op {
        O::F32Add
        | O::F32Sub
        | O::F32Mul
        | O::F32Div
        | O::F32Sqrt
        | O::F32Min
        | O::F32Max
        | O::F32Ceil
        | O::F32Floor
        | O::F32Trunc
        | O::F32Nearest
        | O::F32DemoteF64
        | O::F32ConvertI32S
        | O::F32ConvertI32U
        | O::F32ConvertI64S
        | O::F32ConvertI64U => NanKind::F32,

        O::F64Add
        | O::F64Sub
        | O::F64Mul
        | O::F64Div
        | O::F64Sqrt
        | O::F64Min
        | O::F64Max
        | O::F64Ceil
        | O::F64Floor
        | O::F64Trunc
        | O::F64Nearest
        | O::F64PromoteF32
        | O::F64ConvertI32S
        | O::F64ConvertI32U
        | O::F64ConvertI64S
        | O::F64ConvertI64U => NanKind::F64,

        O::F32x4Add
        | O::F32x4Sub
        | O::F32x4Mul
        | O::F32x4Div
        | O::F32x4Sqrt
        | O::F32x4Min
        | O::F32x4Max
        | O::F32x4Ceil
        | O::F32x4Floor
        | O::F32x4Trunc
        | O::F32x4Nearest
        | O::F32x4DemoteF64x2Zero
        | O::F32x4RelaxedMadd
        | O::F32x4RelaxedNmadd
        | O::F32x4RelaxedMin
        | O::F32x4RelaxedMax => NanKind::F32x4,

        O::F64x2Add
        | O::F64x2Sub
        | O::F64x2Mul
        | O::F64x2Div
        | O::F64x2Sqrt
        | O::F64x2Min
        | O::F64x2Max
        | O::F64x2Ceil
        | O::F64x2Floor
        | O::F64x2Trunc
        | O::F64x2Nearest
        | O::F64x2PromoteLowF32x4
        | O::F64x2RelaxedMadd
        | O::F64x2RelaxedNmadd
        | O::F64x2RelaxedMin
        | O::F64x2RelaxedMax => NanKind::F64x2,

        _ => return None,
    })
}

/// The instructions that replace a NaN on top of the stack by the canonical
/// NaN, using `scratch` (a local of the matching type) as temporary.
fn canonicalization_sequence(kind: NanKind, scratch: u32) -> [Instruction<'static>; 6] {
    let (canonical, is_same) = match kind {
        NanKind::F32 => (
            Instruction::F32Const(Ieee32::new(CANON_F32)),
            Instruction::F32Eq,
        ),
        NanKind::F64 => (
            Instruction::F64Const(Ieee64::new(CANON_F64)),
            Instruction::F64Eq,
        ),
        NanKind::F32x4 => (
            Instruction::V128Const(CANON_F32X4 as i128),
            Instruction::F32x4Eq,
        ),
        NanKind::F64x2 => (
            Instruction::V128Const(CANON_F64X2 as i128),
            Instruction::F64x2Eq,
        ),
    };
    let choose = match kind {
        NanKind::F32 | NanKind::F64 => Instruction::Select,
        NanKind::F32x4 | NanKind::F64x2 => Instruction::V128Bitselect,
    };
    [
        Instruction::LocalTee(scratch),
        canonical,
        Instruction::LocalGet(scratch),
        Instruction::LocalGet(scratch),
        is_same,
        choose,
    ]
}

/// Number of parameters of each defined function, in function-section (and
/// therefore code-section) order. Imported functions have no body and are not
/// part of this list.
fn defined_function_param_counts(wasm: &[u8]) -> Result<Vec<u32>, Error> {
    // Parameter count per type index; `None` for non-function types.
    let mut type_params: Vec<Option<u32>> = Vec::new();
    let mut counts = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(section) => {
                for group in section {
                    let group = group?;
                    for sub in group.types() {
                        type_params.push(match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => Some(
                                u32::try_from(f.params().len())
                                    .map_err(|_| Error::Module("too many parameters".into()))?,
                            ),
                            _ => None,
                        });
                    }
                }
            }
            Payload::FunctionSection(section) => {
                for ty in section {
                    let ty = ty?;
                    let params =
                        type_params
                            .get(ty as usize)
                            .copied()
                            .flatten()
                            .ok_or_else(|| {
                                Error::Module(format!(
                                    "defined function {} uses type {ty}, \
                                 which is not a function type",
                                    counts.len()
                                ))
                            })?;
                    counts.push(params);
                }
                // Nothing after the function section matters here.
                break;
            }
            Payload::CodeSectionStart { .. } => break,
            _ => {}
        }
    }
    Ok(counts)
}

/// Render a re-encoding error as a readable message.
fn describe_reencode_error(err: ReencodeError<String>) -> Error {
    let e = match err {
        ReencodeError::ParseError(e) => e.into(),
        ReencodeError::UserError(msg) => Error::Module(msg),
        other => Error::Module(other.to_string()),
    };
    e.context(ERR_PREFIX)
}

/// A [`Reencode`] implementation that copies a module verbatim except for the
/// function bodies, into which it inserts the NaN canonicalization sequences.
struct NanRewriter {
    /// Parameter count of each defined function, in code-section order.
    param_counts: Vec<u32>,
    /// Index (among defined functions) of the next body to be rewritten.
    next_body: usize,
}

impl NanRewriter {
    /// Rewrite one function body into a new [`Function`].
    fn rewrite_body(&mut self, func: &FunctionBody<'_>) -> Result<Function, ReencodeError<String>> {
        let body_index = self.next_body;
        self.next_body += 1;
        let params = *self.param_counts.get(body_index).ok_or_else(|| {
            ReencodeError::UserError(format!(
                "function body {body_index} has no entry in the function section"
            ))
        })?;

        // Existing local declarations, kept as they are.
        let mut locals = Vec::new();
        let mut local_count = u64::from(params);
        for decl in func.get_locals_reader()? {
            let (count, ty) = decl?;
            local_count += u64::from(count);
            locals.push((count, self.val_type(ty)?));
        }

        // First pass: which scratch locals does this body need?
        let mut needed = [false; 3];
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            if let Some(kind) = nan_kind(&reader.read()?) {
                needed[kind.scratch_slot()] = true;
            }
        }
        let mut scratch = [0u32; 3];
        for (slot, ty) in SCRATCH_TYPES.iter().enumerate() {
            if needed[slot] {
                scratch[slot] = u32::try_from(local_count).map_err(|_| {
                    ReencodeError::UserError(format!(
                        "function body {body_index} has too many locals"
                    ))
                })?;
                local_count += 1;
                locals.push((1, *ty));
            }
        }

        // Second pass: copy every instruction, appending the check where
        // needed.
        let mut out = Function::new(locals);
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            let kind = nan_kind(&op);
            out.instruction(&self.instruction(op)?);
            if let Some(kind) = kind {
                for insn in canonicalization_sequence(kind, scratch[kind.scratch_slot()]) {
                    out.instruction(&insn);
                }
            }
        }
        Ok(out)
    }
}

impl Reencode for NanRewriter {
    type Error = String;

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        let rewritten = self.rewrite_body(&func)?;
        code.function(&rewritten);
        Ok(())
    }

    fn parse_custom_section(
        &mut self,
        module: &mut wasm_encoder::Module,
        section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        // Code metadata (branch hints and friends) refers to instructions by
        // byte offset within the original bodies; after the rewrite those
        // offsets are stale, and the metadata is only advisory, so drop it.
        if section.name().starts_with("metadata.code.") {
            return Ok(());
        }
        utils::parse_custom_section(self, module, section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::{Validator, WasmFeatures};

    /// Validate `wasm` with every feature enabled, panicking with the printed
    /// module on failure.
    fn assert_valid(wasm: &[u8]) {
        if let Err(e) = Validator::new_with_features(WasmFeatures::all()).validate_all(wasm) {
            let text = wasmprinter::print_bytes(wasm).unwrap_or_else(|p| format!("<{p}>"));
            panic!("output does not validate: {e}\n{text}");
        }
    }

    fn wat(text: &str) -> Vec<u8> {
        wat::parse_str(text).expect("test module must parse")
    }

    /// Local declarations and operators (including the final `end`) of one
    /// function body.
    type Body<'a> = (Vec<(u32, wasmparser::ValType)>, Vec<Operator<'a>>);

    /// Every function body of `wasm`, in code-section order.
    fn bodies(wasm: &[u8]) -> Vec<Body<'_>> {
        let mut out = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::CodeSectionEntry(body) = payload.unwrap() {
                let locals = body
                    .get_locals_reader()
                    .unwrap()
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap();
                let ops = body
                    .get_operators_reader()
                    .unwrap()
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap();
                out.push((locals, ops));
            }
        }
        out
    }

    /// A module exercising every covered instruction, with imports before
    /// the defined functions, parameters and pre-existing locals.
    const EVERYTHING: &str = r#"
      (module
        (import "env" "f" (func $imp0 (param i32 i64 f32 f64 v128 i32 i32)))
        (import "env" "mem" (memory 1))
        (import "env" "g" (func $imp1 (result f64)))
        (import "env" "glob" (global f32))
        (func $scalar (export "scalar") (param $a f32) (param $b f64) (param $i i32) (param $l i64)
                      (result f32 f64)
          (local $x i64) (local $y f32) (local $z v128)
          (local.set $y (f32.add (local.get $a) (local.get $a)))
          (local.set $y (f32.sub (local.get $y) (local.get $a)))
          (local.set $y (f32.mul (local.get $y) (local.get $a)))
          (local.set $y (f32.div (local.get $y) (local.get $a)))
          (local.set $y (f32.sqrt (local.get $y)))
          (local.set $y (f32.min (local.get $y) (local.get $a)))
          (local.set $y (f32.max (local.get $y) (local.get $a)))
          (local.set $y (f32.ceil (local.get $y)))
          (local.set $y (f32.floor (local.get $y)))
          (local.set $y (f32.trunc (local.get $y)))
          (local.set $y (f32.nearest (local.get $y)))
          (local.set $y (f32.demote_f64 (local.get $b)))
          (local.set $y (f32.convert_i32_s (local.get $i)))
          (local.set $y (f32.convert_i32_u (local.get $i)))
          (local.set $y (f32.convert_i64_s (local.get $l)))
          (local.set $y (f32.convert_i64_u (local.get $l)))
          (drop (f64.add (local.get $b) (local.get $b)))
          (drop (f64.sub (local.get $b) (local.get $b)))
          (drop (f64.mul (local.get $b) (local.get $b)))
          (drop (f64.div (local.get $b) (local.get $b)))
          (drop (f64.sqrt (local.get $b)))
          (drop (f64.min (local.get $b) (local.get $b)))
          (drop (f64.max (local.get $b) (local.get $b)))
          (drop (f64.ceil (local.get $b)))
          (drop (f64.floor (local.get $b)))
          (drop (f64.trunc (local.get $b)))
          (drop (f64.nearest (local.get $b)))
          (drop (f64.promote_f32 (local.get $a)))
          (drop (f64.convert_i32_s (local.get $i)))
          (drop (f64.convert_i32_u (local.get $i)))
          (drop (f64.convert_i64_s (local.get $l)))
          (drop (f64.convert_i64_u (local.get $l)))
          (f32.demote_f64 (call $imp1))
          (f64.promote_f32 (local.get $y)))
        (func $nofloat (param i32) (result i32)
          (i32.add (local.get 0) (i32.const 1)))
        (func $simd (export "simd") (param $v v128) (param $w v128) (result v128)
          (local $k i32)
          (local.set $v (f32x4.add (local.get $v) (local.get $w)))
          (local.set $v (f32x4.sub (local.get $v) (local.get $w)))
          (local.set $v (f32x4.mul (local.get $v) (local.get $w)))
          (local.set $v (f32x4.div (local.get $v) (local.get $w)))
          (local.set $v (f32x4.sqrt (local.get $v)))
          (local.set $v (f32x4.min (local.get $v) (local.get $w)))
          (local.set $v (f32x4.max (local.get $v) (local.get $w)))
          (local.set $v (f32x4.ceil (local.get $v)))
          (local.set $v (f32x4.floor (local.get $v)))
          (local.set $v (f32x4.trunc (local.get $v)))
          (local.set $v (f32x4.nearest (local.get $v)))
          (local.set $v (f32x4.demote_f64x2_zero (local.get $v)))
          (local.set $v (f32x4.relaxed_madd (local.get $v) (local.get $w) (local.get $v)))
          (local.set $v (f32x4.relaxed_nmadd (local.get $v) (local.get $w) (local.get $v)))
          (local.set $v (f32x4.relaxed_min (local.get $v) (local.get $w)))
          (local.set $v (f32x4.relaxed_max (local.get $v) (local.get $w)))
          (local.set $v (f64x2.add (local.get $v) (local.get $w)))
          (local.set $v (f64x2.sub (local.get $v) (local.get $w)))
          (local.set $v (f64x2.mul (local.get $v) (local.get $w)))
          (local.set $v (f64x2.div (local.get $v) (local.get $w)))
          (local.set $v (f64x2.sqrt (local.get $v)))
          (local.set $v (f64x2.min (local.get $v) (local.get $w)))
          (local.set $v (f64x2.max (local.get $v) (local.get $w)))
          (local.set $v (f64x2.ceil (local.get $v)))
          (local.set $v (f64x2.floor (local.get $v)))
          (local.set $v (f64x2.trunc (local.get $v)))
          (local.set $v (f64x2.nearest (local.get $v)))
          (local.set $v (f64x2.promote_low_f32x4 (local.get $v)))
          (local.set $v (f64x2.relaxed_madd (local.get $v) (local.get $w) (local.get $v)))
          (local.set $v (f64x2.relaxed_nmadd (local.get $v) (local.get $w) (local.get $v)))
          (local.set $v (f64x2.relaxed_min (local.get $v) (local.get $w)))
          (local.set $v (f64x2.relaxed_max (local.get $v) (local.get $w)))
          ;; mixed scalar use in the same function: all three scratch locals
          (drop (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32.const 1)))
          (drop (f64.add (f64x2.extract_lane 1 (local.get $v)) (f64.const 1)))
          (local.get $v))
        (func $unreachable_tail (result f32)
          unreachable
          f32.add)
      )
    "#;

    /// Count of covered instructions in each body.
    fn covered_per_body(wasm: &[u8]) -> Vec<usize> {
        bodies(wasm)
            .iter()
            .map(|(_, ops)| ops.iter().filter(|op| nan_kind(op).is_some()).count())
            .collect()
    }

    #[test]
    fn every_covered_instruction_validates() {
        let input = wat(EVERYTHING);
        assert_valid(&input);
        let output = canonicalize_nans(&input).unwrap();
        assert_valid(&output);

        // Each covered instruction is followed by exactly one check sequence.
        let expected = covered_per_body(&input);
        assert_eq!(expected, vec![34, 0, 34, 1]);
        let out_bodies = bodies(&output);
        assert_eq!(out_bodies.len(), 4);
        for ((_, ops), covered) in out_bodies.iter().zip(&expected) {
            let checks = ops
                .iter()
                .filter(|op| matches!(op, Operator::Select | Operator::V128Bitselect))
                .count();
            assert_eq!(checks, *covered);
        }
        // Instruction counts grow by exactly 6 per covered instruction.
        for ((_, in_ops), (_, out_ops)) in bodies(&input).iter().zip(&out_bodies) {
            let covered = in_ops.iter().filter(|op| nan_kind(op).is_some()).count();
            assert_eq!(out_ops.len(), in_ops.len() + 6 * covered);
        }

        // Scratch locals: appended after existing ones, only those needed.
        use wasmparser::ValType as V;
        assert_eq!(
            out_bodies[0].0,
            vec![
                (1, V::I64),
                (1, V::F32),
                (1, V::V128),
                (1, V::F32),
                (1, V::F64)
            ]
        );
        assert_eq!(out_bodies[1].0, vec![]);
        assert_eq!(
            out_bodies[2].0,
            vec![(1, V::I32), (1, V::F32), (1, V::F64), (1, V::V128)]
        );
        assert_eq!(out_bodies[3].0, vec![(1, V::F32)]);

        // The rewritten module is itself rewritable (checks are not covered
        // instructions, so the counts do not change).
        let twice = canonicalize_nans(&output).unwrap();
        assert_valid(&twice);
        assert_eq!(covered_per_body(&twice), expected);
    }

    #[test]
    fn scratch_indices_follow_params_and_locals() {
        let input = wat(EVERYTHING);
        let output = canonicalize_nans(&input).unwrap();
        let out_bodies = bodies(&output);

        // $scalar: 4 params + 3 locals => f32 scratch is 7, f64 scratch is 8.
        let ops = &out_bodies[0].1;
        let demote = ops
            .iter()
            .position(|op| matches!(op, Operator::F32DemoteF64))
            .unwrap();
        match &ops[demote + 1..demote + 7] {
            [
                Operator::LocalTee { local_index: 7 },
                Operator::F32Const { value },
                Operator::LocalGet { local_index: 7 },
                Operator::LocalGet { local_index: 7 },
                Operator::F32Eq,
                Operator::Select,
            ] => assert_eq!(value.bits(), CANON_F32),
            other => panic!("unexpected sequence after f32.demote_f64: {other:?}"),
        }
        let promote = ops
            .iter()
            .position(|op| matches!(op, Operator::F64PromoteF32))
            .unwrap();
        match &ops[promote + 1..promote + 7] {
            [
                Operator::LocalTee { local_index: 8 },
                Operator::F64Const { value },
                Operator::LocalGet { local_index: 8 },
                Operator::LocalGet { local_index: 8 },
                Operator::F64Eq,
                Operator::Select,
            ] => assert_eq!(value.bits(), CANON_F64),
            other => panic!("unexpected sequence after f64.promote_f32: {other:?}"),
        }

        // $simd: 2 params + 1 local => f32 scratch is 3, f64 is 4, v128 is 5.
        let ops = &out_bodies[2].1;
        let add4 = ops
            .iter()
            .position(|op| matches!(op, Operator::F32x4Add))
            .unwrap();
        match &ops[add4 + 1..add4 + 7] {
            [
                Operator::LocalTee { local_index: 5 },
                Operator::V128Const { value },
                Operator::LocalGet { local_index: 5 },
                Operator::LocalGet { local_index: 5 },
                Operator::F32x4Eq,
                Operator::V128Bitselect,
            ] => assert_eq!(value.i128() as u128, CANON_F32X4),
            other => panic!("unexpected sequence after f32x4.add: {other:?}"),
        }
        let madd2 = ops
            .iter()
            .position(|op| matches!(op, Operator::F64x2RelaxedMadd))
            .unwrap();
        match &ops[madd2 + 1..madd2 + 7] {
            [
                Operator::LocalTee { local_index: 5 },
                Operator::V128Const { value },
                Operator::LocalGet { local_index: 5 },
                Operator::LocalGet { local_index: 5 },
                Operator::F64x2Eq,
                Operator::V128Bitselect,
            ] => assert_eq!(value.i128() as u128, CANON_F64X2),
            other => panic!("unexpected sequence after f64x2.relaxed_madd: {other:?}"),
        }
        assert!(
            ops.iter()
                .any(|op| matches!(op, Operator::LocalTee { local_index: 3 }))
        );
        assert!(
            ops.iter()
                .any(|op| matches!(op, Operator::LocalTee { local_index: 4 }))
        );
    }

    #[test]
    fn printed_output_shows_check_after_demote() {
        let input = wat(r#"(module
                 (import "env" "h" (func (param f64 f64 f64)))
                 (func (export "d") (param f64) (result f32) (local i32)
                   (f32.demote_f64 (local.get 0))))"#);
        let output = canonicalize_nans(&input).unwrap();
        assert_valid(&output);
        let text = wasmprinter::print_bytes(&output).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let at = lines
            .iter()
            .position(|l| *l == "f32.demote_f64")
            .unwrap_or_else(|| panic!("no f32.demote_f64 in:\n{text}"));
        // param 0 (f64) + local 1 (i32) => the f32 scratch local is 2.
        assert_eq!(
            &lines[at + 1..at + 7],
            &[
                "local.tee 2",
                "f32.const nan (;=NaN;)",
                "local.get 2",
                "local.get 2",
                "f32.eq",
                "select",
            ],
            "printed module:\n{text}"
        );
        assert!(
            lines.contains(&"(local i32 f32)"),
            "new local missing in:\n{text}"
        );
        // The canonical NaN is printed as plain `nan` (no payload, no sign),
        // unlike e.g. `nan:0x200000` or `-nan`.
        assert!(!text.contains("nan:0x"));
        assert!(!text.contains("-nan"));
    }

    #[test]
    fn has_float_ops_detects_covered_instructions_only() {
        let yes = [
            "(func (param f64) (result f32) (f32.demote_f64 (local.get 0)))",
            "(func (param f32) (result f64) (f64.promote_f32 (local.get 0)))",
            "(func (param f32) (result f32) (f32.nearest (local.get 0)))",
            "(func (param i64) (result f64) (f64.convert_i64_u (local.get 0)))",
            "(func (param v128) (result v128) \
               (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0)))",
            "(func (param v128) (result v128) (f64x2.relaxed_max (local.get 0) (local.get 0)))",
            "(func (param v128) (result v128) (f64x2.promote_low_f32x4 (local.get 0)))",
        ];
        for body in yes {
            let wasm = wat(&format!("(module (memory 1) {body})"));
            assert!(
                has_float_ops(&wasm).unwrap(),
                "expected float ops in {body}"
            );
        }

        let no = [
            "(func (param f32) (result f32) (f32.abs (local.get 0)))",
            "(func (param f64) (result f64) (f64.neg (local.get 0)))",
            "(func (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))",
            "(func (result f64) (f64.load (i32.const 0)))",
            "(func (result f32) (f32.const nan:0x1234))",
            "(func (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))",
            "(func (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))",
            "(func (param v128) (result v128) (f32x4.pmin (local.get 0) (local.get 0)))",
            "(func (param v128) (result v128) (f64x2.pmax (local.get 0) (local.get 0)))",
            "(func (param v128) (result v128) (f32x4.abs (local.get 0)))",
            "(func (param f32) (result i32) (f32.eq (local.get 0) (local.get 0)))",
            "(func (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))",
        ];
        for body in no {
            let wasm = wat(&format!("(module (memory 1) {body})"));
            assert!(
                !has_float_ops(&wasm).unwrap(),
                "unexpected float ops in {body}"
            );
        }

        assert!(has_float_ops(&wat(EVERYTHING)).unwrap());
        assert!(!has_float_ops(&wat("(module)")).unwrap());
    }

    #[test]
    fn module_without_float_ops_round_trips() {
        let input = wat(r#"(module
                 (type $s (struct (field (mut f32))))
                 (import "env" "f" (func $f (param i32) (result i32)))
                 (memory 1)
                 (table 2 funcref)
                 (global $g (mut f64) (f64.const 1.5))
                 (tag $e (param i32))
                 (func $a (export "a") (param i32) (result i32 i64) (local f32 v128)
                   (local.set 1 (f32.neg (f32.load (local.get 0))))
                   (f32.store (i32.const 4) (f32.copysign (local.get 1) (f32.const -0)))
                   (block $b (result i32)
                     (try_table (catch $e $b)
                       (br_table 0 0 (local.get 0)))
                     (i32.const 0))
                   (call $f)
                   (i64.const 7))
                 (func $b (param f32) (result (ref $s))
                   (struct.new $s (local.get 0)))
                 (func $c (param i32) (result i32)
                   (return_call $f (local.get 0)))
                 (elem (i32.const 0) func $a $c)
                 (data (i32.const 8) "hello")
                 (@custom "keep-me" "payload"))"#);
        assert_valid(&input);
        assert!(!has_float_ops(&input).unwrap());
        let output = canonicalize_nans(&input).unwrap();
        assert_valid(&output);
        assert_eq!(
            wasmprinter::print_bytes(&input).unwrap(),
            wasmprinter::print_bytes(&output).unwrap()
        );
        assert_eq!(bodies(&input), bodies(&output));
        let custom = Parser::new(0)
            .parse_all(&output)
            .filter_map(|p| match p.unwrap() {
                Payload::CustomSection(c) if c.name() == "keep-me" => Some(c.data().to_vec()),
                _ => None,
            })
            .collect::<Vec<_>>();
        assert_eq!(custom, vec![b"payload".to_vec()]);
    }

    #[test]
    fn names_are_preserved() {
        let input = wat(r#"(module $m
                 (func $sum (param $x f32) (param $y f32) (result f32) (local $tmp f32)
                   (f32.add (local.get $x) (local.get $y))))"#);
        let output = canonicalize_nans(&input).unwrap();
        assert_valid(&output);
        let text = wasmprinter::print_bytes(&output).unwrap();
        assert!(text.contains("(module $m"), "{text}");
        assert!(text.contains("(func $sum"), "{text}");
        assert!(text.contains("(param $x f32) (param $y f32)"), "{text}");
        assert!(text.contains("(local $tmp f32) (local f32)"), "{text}");
    }

    #[test]
    fn code_metadata_is_dropped_other_custom_sections_kept() {
        let input = wat(r#"(module
                 (func (param f32) (result f32) (f32.sqrt (local.get 0)))
                 (@custom "metadata.code.branch_hint" "\00")
                 (@custom "other" "x"))"#);
        let names = |wasm: &[u8]| {
            Parser::new(0)
                .parse_all(wasm)
                .filter_map(|p| match p.unwrap() {
                    Payload::CustomSection(c) => Some(c.name().to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&input), ["metadata.code.branch_hint", "other"]);
        let output = canonicalize_nans(&input).unwrap();
        assert_valid(&output);
        assert_eq!(names(&output), ["other"]);
    }

    #[test]
    fn garbage_is_a_readable_error() {
        let err = canonicalize_nans(b"not wasm at all").unwrap_err().report();
        assert!(
            err.starts_with("cannot canonicalize NaNs: invalid module: "),
            "{err}"
        );
        assert!(
            err.len() > "cannot canonicalize NaNs: invalid module: ".len() + 5,
            "{err}"
        );
        let err = has_float_ops(b"\0asm\x01\0\0\0\x0a\xff")
            .unwrap_err()
            .report();
        assert!(err.starts_with("invalid module: "), "{err}");
    }

    // ---------------------------------------------------------------------
    // A tiny interpreter for straight-line bodies, to check what the inserted
    // code computes (there is no engine available to these tests).

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Val {
        I32(u32),
        F32(u32),
        F64(u64),
        V128(u128),
    }

    fn f32x4_lanes(v: u128) -> [f32; 4] {
        std::array::from_fn(|i| f32::from_bits((v >> (32 * i)) as u32))
    }

    fn f64x2_lanes(v: u128) -> [f64; 2] {
        std::array::from_fn(|i| f64::from_bits((v >> (64 * i)) as u64))
    }

    fn from_f32x4(lanes: [f32; 4]) -> u128 {
        lanes
            .iter()
            .enumerate()
            .fold(0, |acc, (i, l)| acc | (u128::from(l.to_bits()) << (32 * i)))
    }

    fn from_f64x2(lanes: [f64; 2]) -> u128 {
        lanes
            .iter()
            .enumerate()
            .fold(0, |acc, (i, l)| acc | (u128::from(l.to_bits()) << (64 * i)))
    }

    /// Run the first defined function of `wasm` on `args`; supports only the
    /// handful of instructions the semantic tests use.
    fn run(wasm: &[u8], args: &[Val]) -> Val {
        let (decls, ops) = bodies(wasm).into_iter().next().unwrap();
        let mut locals = args.to_vec();
        for (count, ty) in decls {
            for _ in 0..count {
                locals.push(match ty {
                    wasmparser::ValType::I32 => Val::I32(0),
                    wasmparser::ValType::F32 => Val::F32(0),
                    wasmparser::ValType::F64 => Val::F64(0),
                    wasmparser::ValType::V128 => Val::V128(0),
                    other => panic!("unsupported local type {other:?}"),
                });
            }
        }
        let mut stack: Vec<Val> = Vec::new();
        macro_rules! pop {
            ($variant:ident) => {
                match stack.pop() {
                    Some(Val::$variant(x)) => x,
                    other => panic!("expected {} on stack, got {other:?}", stringify!($variant)),
                }
            };
        }
        for op in ops {
            match op {
                Operator::LocalGet { local_index } => stack.push(locals[local_index as usize]),
                Operator::LocalSet { local_index } => {
                    locals[local_index as usize] = stack.pop().unwrap()
                }
                Operator::LocalTee { local_index } => {
                    locals[local_index as usize] = *stack.last().unwrap()
                }
                Operator::F32Const { value } => stack.push(Val::F32(value.bits())),
                Operator::F64Const { value } => stack.push(Val::F64(value.bits())),
                Operator::V128Const { value } => stack.push(Val::V128(value.i128() as u128)),
                Operator::F32Eq => {
                    let (b, a) = (f32::from_bits(pop!(F32)), f32::from_bits(pop!(F32)));
                    stack.push(Val::I32(u32::from(a == b)));
                }
                Operator::F64Eq => {
                    let (b, a) = (f64::from_bits(pop!(F64)), f64::from_bits(pop!(F64)));
                    stack.push(Val::I32(u32::from(a == b)));
                }
                Operator::F32x4Eq => {
                    let (b, a) = (f32x4_lanes(pop!(V128)), f32x4_lanes(pop!(V128)));
                    let mask = (0..4).fold(0u128, |acc, i| {
                        acc | (u128::from(if a[i] == b[i] { u32::MAX } else { 0 }) << (32 * i))
                    });
                    stack.push(Val::V128(mask));
                }
                Operator::F64x2Eq => {
                    let (b, a) = (f64x2_lanes(pop!(V128)), f64x2_lanes(pop!(V128)));
                    let mask = (0..2).fold(0u128, |acc, i| {
                        acc | (u128::from(if a[i] == b[i] { u64::MAX } else { 0 }) << (64 * i))
                    });
                    stack.push(Val::V128(mask));
                }
                Operator::Select => {
                    let c = pop!(I32);
                    let b = stack.pop().unwrap();
                    let a = stack.pop().unwrap();
                    stack.push(if c != 0 { a } else { b });
                }
                Operator::V128Bitselect => {
                    let (mask, b, a) = (pop!(V128), pop!(V128), pop!(V128));
                    stack.push(Val::V128((a & mask) | (b & !mask)));
                }
                Operator::F32Div => {
                    let (b, a) = (f32::from_bits(pop!(F32)), f32::from_bits(pop!(F32)));
                    stack.push(Val::F32((a / b).to_bits()));
                }
                Operator::F32Sub => {
                    let (b, a) = (f32::from_bits(pop!(F32)), f32::from_bits(pop!(F32)));
                    stack.push(Val::F32((a - b).to_bits()));
                }
                Operator::F64Mul => {
                    let (b, a) = (f64::from_bits(pop!(F64)), f64::from_bits(pop!(F64)));
                    stack.push(Val::F64((a * b).to_bits()));
                }
                Operator::F64PromoteF32 => {
                    let a = f32::from_bits(pop!(F32));
                    stack.push(Val::F64(f64::from(a).to_bits()));
                }
                Operator::F32DemoteF64 => {
                    let a = f64::from_bits(pop!(F64));
                    stack.push(Val::F32((a as f32).to_bits()));
                }
                Operator::F32x4Div => {
                    let (b, a) = (f32x4_lanes(pop!(V128)), f32x4_lanes(pop!(V128)));
                    stack.push(Val::V128(from_f32x4(std::array::from_fn(|i| a[i] / b[i]))));
                }
                Operator::F64x2Sub => {
                    let (b, a) = (f64x2_lanes(pop!(V128)), f64x2_lanes(pop!(V128)));
                    stack.push(Val::V128(from_f64x2(std::array::from_fn(|i| a[i] - b[i]))));
                }
                Operator::End => break,
                other => panic!("test interpreter does not support {other:?}"),
            }
        }
        assert_eq!(stack.len(), 1, "expected a single result");
        stack[0]
    }

    /// Run `body` (one function `(param T T) (result T)`-like) before and
    /// after canonicalization.
    fn before_after(func: &str, args: &[Val]) -> (Val, Val) {
        let input = wat(&format!("(module {func})"));
        let output = canonicalize_nans(&input).unwrap();
        assert_valid(&output);
        (run(&input, args), run(&output, args))
    }

    fn is_nan32(bits: u32) -> bool {
        f32::from_bits(bits).is_nan()
    }

    fn is_nan64(bits: u64) -> bool {
        f64::from_bits(bits).is_nan()
    }

    #[test]
    fn scalar_nans_become_canonical_and_other_values_are_untouched() {
        let div = "(func (param f32 f32) (result f32) (local i32) \
                   (f32.div (local.get 0) (local.get 1)))";
        let cases: [(u32, u32); 7] = [
            (0x7fa0_0001, 0x3f80_0000), // signalling NaN with payload / 1.0
            (0xffc0_0123, 0x3f80_0000), // negative quiet NaN with payload
            (0x0000_0000, 0x0000_0000), // 0 / 0
            (0x3fc0_0000, 0x4000_0000), // 1.5 / 2
            (0x8000_0000, 0x3f80_0000), // -0 / 1 = -0 (sign must survive)
            (0x3f80_0000, 0x0000_0000), // 1 / 0 = inf
            (0x0000_0001, 0x4000_0000), // subnormal / 2
        ];
        for (a, b) in cases {
            let (Val::F32(raw), Val::F32(canon)) = before_after(div, &[Val::F32(a), Val::F32(b)])
            else {
                panic!("expected f32 results");
            };
            if is_nan32(raw) {
                assert_eq!(
                    canon, CANON_F32,
                    "{a:#x}/{b:#x}: NaN {raw:#x} not canonicalized"
                );
            } else {
                assert_eq!(canon, raw, "{a:#x}/{b:#x}: non-NaN result changed");
            }
        }
        // The payload-carrying NaN really does come out non-canonical before
        // the rewrite (so the test above exercises the replacement path).
        let (raw, _) = before_after(div, &[Val::F32(0xffc0_0123), Val::F32(0x3f80_0000)]);
        assert_ne!(raw, Val::F32(CANON_F32));

        let promote = "(func (param f32) (result f64) (f64.promote_f32 (local.get 0)))";
        for a in [
            0x7fa0_0001u32,
            0xff80_0001,
            0x7fc0_0000,
            0x3f80_0000,
            0x8000_0000,
        ] {
            let (Val::F64(raw), Val::F64(canon)) = before_after(promote, &[Val::F32(a)]) else {
                panic!("expected f64 results");
            };
            if is_nan64(raw) {
                assert_eq!(canon, CANON_F64, "promote {a:#x}");
            } else {
                assert_eq!(canon, raw, "promote {a:#x}");
            }
        }

        let demote = "(func (param f64) (result f32) (f32.demote_f64 (local.get 0)))";
        for a in [
            0x7ff4_0000_0000_0001u64,
            0xfff8_0000_dead_beef,
            0x3ff8_0000_0000_0000,
        ] {
            let (Val::F32(raw), Val::F32(canon)) = before_after(demote, &[Val::F64(a)]) else {
                panic!("expected f32 results");
            };
            if is_nan32(raw) {
                assert_eq!(canon, CANON_F32, "demote {a:#x}");
            } else {
                assert_eq!(canon, raw, "demote {a:#x}");
            }
        }

        // A chain: every intermediate result is checked, the final one too.
        let chain = "(func (param f64 f64) (result f32) \
                     (f32.sub (f32.demote_f64 (f64.mul (local.get 0) (local.get 1))) \
                              (f32.const 1)))";
        let inf = f64::INFINITY.to_bits();
        let (_, out) = before_after(chain, &[Val::F64(inf), Val::F64(0)]);
        assert_eq!(out, Val::F32(CANON_F32));
        let (raw, out) = before_after(
            chain,
            &[Val::F64(3f64.to_bits()), Val::F64(0.5f64.to_bits())],
        );
        assert_eq!(raw, out);
        assert_eq!(out, Val::F32(0.5f32.to_bits()));
    }

    #[test]
    fn simd_nans_become_canonical_per_lane() {
        let div = "(func (param v128 v128) (result v128) (f32x4.div (local.get 0) (local.get 1)))";
        let a = from_f32x4([0.0, 1.5, f32::from_bits(0xffc0_0042), -0.0]);
        let b = from_f32x4([0.0, 2.0, 1.0, 4.0]);
        let (raw, out) = before_after(div, &[Val::V128(a), Val::V128(b)]);
        let (Val::V128(raw), Val::V128(out)) = (raw, out) else {
            panic!("expected v128 results");
        };
        let raw_lanes = f32x4_lanes(raw);
        let out_lanes = f32x4_lanes(out);
        assert!(raw_lanes[0].is_nan() && raw_lanes[2].is_nan());
        assert_eq!(out_lanes[0].to_bits(), CANON_F32);
        assert_eq!(out_lanes[1].to_bits(), 0.75f32.to_bits());
        assert_eq!(out_lanes[2].to_bits(), CANON_F32);
        assert_eq!(out_lanes[3].to_bits(), (-0.0f32).to_bits());

        let sub = "(func (param v128 v128) (result v128) (f64x2.sub (local.get 0) (local.get 1)))";
        let a = from_f64x2([f64::INFINITY, 10.0]);
        let b = from_f64x2([f64::INFINITY, 0.25]);
        let (Val::V128(raw), Val::V128(out)) = before_after(sub, &[Val::V128(a), Val::V128(b)])
        else {
            panic!("expected v128 results");
        };
        assert!(f64x2_lanes(raw)[0].is_nan());
        let out_lanes = f64x2_lanes(out);
        assert_eq!(out_lanes[0].to_bits(), CANON_F64);
        assert_eq!(out_lanes[1].to_bits(), 9.75f64.to_bits());
        assert_eq!(
            out,
            (CANON_F64X2 & u128::from(u64::MAX)) | (u128::from(9.75f64.to_bits()) << 64)
        );
    }

    #[test]
    fn wasm_smith_modules_stay_valid() {
        // Deterministic pseudo-random inputs (xorshift64*), many features on.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut rewritten = 0;
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..4096).map(|_| next() as u8).collect();
            let config = wasm_smith::Config {
                max_instructions: 500,
                min_funcs: 1,
                custom_page_sizes_enabled: true,
                ..Default::default()
            };
            let Ok(module) =
                wasm_smith::Module::new(config, &mut arbitrary::Unstructured::new(&bytes))
            else {
                continue;
            };
            let input = module.to_bytes();
            let output = canonicalize_nans(&input).unwrap();
            assert_valid(&output);
            let covered = covered_per_body(&input);
            assert_eq!(covered_per_body(&output), covered);
            assert_eq!(
                has_float_ops(&input).unwrap(),
                covered.iter().any(|&n| n > 0)
            );
            if covered.iter().any(|&n| n > 0) {
                rewritten += 1;
            } else {
                assert_eq!(bodies(&input), bodies(&output));
            }
        }
        assert!(
            rewritten > 10,
            "only {rewritten} generated modules had float ops"
        );
    }

    #[test]
    fn canonical_constants_are_the_canonical_nans() {
        assert!(f32::from_bits(CANON_F32).is_nan());
        assert!(f64::from_bits(CANON_F64).is_nan());
        assert!(
            f32x4_lanes(CANON_F32X4)
                .iter()
                .all(|l| l.to_bits() == CANON_F32)
        );
        assert!(
            f64x2_lanes(CANON_F64X2)
                .iter()
                .all(|l| l.to_bits() == CANON_F64)
        );
    }
}
