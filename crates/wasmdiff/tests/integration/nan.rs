//! NaN-producing modules never give a divergence: NaN results compare
//! NaN-aware, and where NaN bits escape through `reinterpret` or memory the
//! re-run with NaNs canonicalized decides (inconclusive: NaN
//! non-determinism).

use wasmdiff::oracle::{Reason, Verdict};

use crate::common::{assert_no_divergence, check};

fn assert_agree_or_nan(name: &str, wat: &str) {
    let r = check(wat);
    assert_no_divergence(&r);
    assert!(
        matches!(
            r.verdict,
            Verdict::Agree | Verdict::Inconclusive(Reason::NanNondeterminism)
        ),
        "{name}: {:?}\n{}",
        r.verdict,
        wasmdiff::report::render_result(&r)
    );
    // Every engine ran to the end: nothing was dropped for another reason
    // (V8 leaves the comparison at a v128 result it cannot show).
    assert!(
        r.runs[0]
            .dropped
            .iter()
            .all(|(_, _, reason)| *reason == Reason::NotComparable),
        "{name}: {:?}",
        r.runs[0].dropped
    );
}

#[test]
fn arithmetic_nans_agree() {
    assert_agree_or_nan(
        "arithmetic",
        r#"(module
          (func (export "div") (result f32) (f32.div (f32.const 0) (f32.const 0)))
          (func (export "sqrt") (result f64) (f64.sqrt (f64.const -1)))
          (func (export "add_payload") (result f32) (f32.add (f32.const -nan:0x123) (f32.const 1)))
          (func (export "min") (result f64) (f64.min (f64.const nan:0x4) (f64.const -nan:0x5))))"#,
    );
}

#[test]
fn demote_and_promote_of_nan_payloads_agree_or_are_nan_inconclusive() {
    assert_agree_or_nan(
        "demote/promote",
        r#"(module
          (func (export "demote") (result f32) (f32.demote_f64 (f64.const -nan:0x4000000000001)))
          (func (export "promote") (result f64) (f64.promote_f32 (f32.const nan:0x1)))
          (func (export "demote_bits") (result i32)
            (i32.reinterpret_f32 (f32.demote_f64 (f64.const -nan:0x4000000000001))))
          (func (export "promote_bits") (result i64)
            (i64.reinterpret_f64 (f64.promote_f32 (f32.const -nan:0x200001))))
          (func (export "add_bits") (result i32)
            (i32.reinterpret_f32 (f32.add (f32.const nan:0x123) (f32.const 1)))))"#,
    );
}

#[test]
fn nan_bits_in_memory_agree_or_are_nan_inconclusive() {
    assert_agree_or_nan(
        "memory",
        r#"(module (memory (export "mem") 1)
          (func (export "store")
            (f64.store (i32.const 0) (f64.promote_f32 (f32.const -nan:0x1)))
            (f32.store (i32.const 8) (f32.demote_f64 (f64.const nan:0x8000000000001)))
            (f32.store (i32.const 12) (f32.mul (f32.const nan:0x7) (f32.const 2)))))"#,
    );
}

#[test]
fn nan_lanes_in_v128_agree_or_are_nan_inconclusive() {
    assert_agree_or_nan(
        "v128",
        r#"(module
          (func (export "div") (result v128)
            (f32x4.div (v128.const f32x4 0 1 0 1) (v128.const f32x4 0 0 0 0)))
          (func (export "promote") (result v128)
            (f64x2.promote_low_f32x4 (v128.const i32x4 0x7f800001 0xffc00002 0 0)))
          (func (export "demote_lane_bits") (result i32)
            (i32x4.extract_lane 0
              (f32x4.demote_f64x2_zero (v128.const i64x2 0xfff4000000000001 0))))
          (func (export "sqrt") (result v128) (f64x2.sqrt (v128.const f64x2 -1 -2))))"#,
    );
}

#[test]
fn a_user_module_is_never_altered_before_the_first_run() {
    // The first run uses the module as given; only a divergence triggers the
    // canonicalized re-run, and then both runs are in the report.
    let r =
        check(r#"(module (func (export "f") (result f32) (f32.add (f32.const 1) (f32.const 2))))"#);
    assert_eq!(r.verdict, Verdict::Agree);
    assert_eq!(r.runs.len(), 1);
}
