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

/// The engines for tests that assert that generated cases never diverge:
/// every available one but those with real bugs that generated cases meet
/// all the time (findings, not regressions; each has a repro). Today:
/// JavaScriptCore 2.50.6's BBQ compiler (x86-64), which the `jsc-omg`
/// configurations run first, folds constants wrongly: `i32.div_u`, `i32.rem_u`, `i32.rem_s`
/// and `i64.rem_s` of MIN by -1 trap as "Integer overflow"
/// (corpus/repros/e057c54621b3bbea, ea4595c0f2d4ec10), a shift count of
/// 32 or more (or negative) is not masked (`i32.shr_u` of 1 by 32 gives 0:
/// 988d101984ed2a67), and `f32.max` of -0 and +0 gives -0
/// (baac51f62851f5c0). And WAMR 2.4.3, whose loader rejects a NUL byte
/// in a name (wasm-micro-runtime #3858; wasm-smith writes such names) and
/// whose fast interpreter computes wrong values and globals in generated
/// cases (corpus/repros/0cc681b87964685c, 25ea4e874bc49db4); its own tests (smoke, traps, false alarms, NaNs,
/// the spec suite) run it everywhere else.
pub fn engines_for_generated_cases() -> Vec<EngineKind> {
    EngineKind::available_kinds()
        .into_iter()
        .filter(|&k| {
            !matches!(
                k,
                EngineKind::JscBbq | EngineKind::JscOmg | EngineKind::JscOmgBounds
            ) && !is_wamr(k)
        })
        .collect()
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

/// Panic with the rendered report unless the engines agree.
pub fn assert_agree(r: &CaseResult) {
    assert_eq!(
        r.verdict,
        Verdict::Agree,
        "{}",
        wasmdiff::report::render_result(r)
    );
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
