//! Helpers shared by the integration tests.

use wasmdiff::generate::TestCase;
use wasmdiff::oracle::{CaseResult, Oracle, Verdict};
use wasmdiff::{EngineKind, FeatureSet, Limits};

/// The six configurations that run in this process (always built).
pub const IN_PROCESS: &[EngineKind] = &[
    EngineKind::WasmtimeCranelift,
    EngineKind::WasmtimeWinch,
    EngineKind::WasmtimePulley,
    EngineKind::Wasmi,
    EngineKind::WasmerSinglepass,
    EngineKind::WasmerCranelift,
];

/// WAMR's configurations (each in this build with cargo feature `wamr`,
/// the fast JIT with `wamr-jit`). One adapter serves them, with the same
/// limits (no imports, no fuel, no growth hook).
pub fn is_wamr(kind: EngineKind) -> bool {
    matches!(
        kind,
        EngineKind::Wamr | EngineKind::WamrClassic | EngineKind::WamrFastJit
    )
}

/// Every engine configuration in this build.
pub fn all_engines() -> Vec<EngineKind> {
    EngineKind::available_kinds()
}

/// An oracle over every engine, each with all the features it supports.
pub fn oracle() -> Oracle {
    oracle_with(Limits::default())
}

/// An oracle over every engine with the given limits.
pub fn oracle_with(limits: Limits) -> Oracle {
    Oracle::new(&all_engines(), limits, FeatureSet::all()).unwrap()
}

/// A test case for a WAT module, calling every export with zero arguments.
pub fn case(wat: &str) -> TestCase {
    TestCase::from_module(wat::parse_str(wat).unwrap()).unwrap()
}

/// Check a user module (not NaN-canonicalized) in every engine.
pub fn check(wat: &str) -> CaseResult {
    oracle().check(&case(wat), false)
}

/// Panic with the rendered report unless the verdict is not a divergence.
pub fn assert_no_divergence(r: &CaseResult) {
    if let Verdict::Diverge(_) = r.verdict {
        panic!(
            "unexpected divergence:\n{}",
            wasmdiff::report::render_result(r)
        );
    }
}
