//! `.wast` scripts in every engine: wasmdiff's own script, planted failures
//! and disagreements, and the official spec test suite against its
//! checked-in baseline.

use std::path::{Path, PathBuf};

use wasmdiff::EngineKind;
use wasmdiff::wast::baseline::Baseline;
use wasmdiff::wast::script::{CommandKind, Expect, ModuleExpect};
use wasmdiff::wast::{self, Script, ScriptFile};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// `../shared/spec-testsuite` beside the project root, if it is there.
fn spec_suite() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec-testsuite");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the spec test suite is not at {} (it lives beside the project root)",
            dir.display()
        );
        None
    }
}

fn script_file(path: PathBuf) -> ScriptFile {
    ScriptFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        path,
    }
}

fn run_text(text: &str, kinds: &[EngineKind]) -> wast::FileReport {
    let script = Script::parse(Path::new("inline.wast"), text).unwrap();
    wast::run_script("inline.wast", &script, kinds, wast::script_limits())
}

#[test]
fn harness_script_passes_in_every_engine() {
    let kinds = EngineKind::available_kinds();
    let report = wast::run_file(
        &script_file(data("harness.wast")),
        &kinds,
        wast::script_limits(),
        &Default::default(),
    );
    assert_eq!(report.error, None);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert!(
        report.disagreements.is_empty(),
        "{:#?}",
        report.disagreements
    );
    for k in &kinds {
        let c = report.engines[k];
        // Winch has no reference types: only the `$lib` module and what
        // uses it run there. WAMR's adapter links no modules (only host
        // stubs and the spectest print functions): `$user` and the modules
        // that import from `lib` do not run there.
        let expected = match k {
            EngineKind::WasmtimeWinch => 8,
            EngineKind::Wamr | EngineKind::WamrClassic | EngineKind::WamrFastJit => 6,
            _ => 25,
        };
        assert_eq!(c.passed, expected, "{k}: {c:?}");
        assert_eq!(c.passed + c.unsupported, 25, "{k}: {c:?}");
    }
    assert_eq!(report.text.passed, 1);
}

#[test]
fn a_wrong_assertion_fails_with_its_line_expected_and_actual() {
    let report = run_text(
        "(module (func (export \"f\") (result i32) (i32.const 1)))\n\
         (assert_return (invoke \"f\") (i32.const 2))\n\
         (assert_trap (invoke \"f\") \"unreachable\")\n",
        &[EngineKind::WasmtimeCranelift, EngineKind::Wasmi],
    );
    assert_eq!(report.failures.len(), 4, "{:#?}", report.failures);
    let f = &report.failures[0];
    assert_eq!((f.line, f.directive), (2, "assert_return"));
    assert_eq!(f.expected, "i32:2");
    assert_eq!(f.actual, "i32:1");
    assert_eq!(report.failures[1].line, 3);
    assert_eq!(report.failures[1].actual, "i32:1");
    // Both engines fail the same way: that is not a disagreement.
    assert!(report.disagreements.is_empty());
}

#[test]
fn engines_disagreeing_on_a_plain_invoke_is_reported() {
    let report = run_text(
        "(module (func (export \"add\") (param i32 i32) (result i32)\n\
           (i32.add (local.get 0) (local.get 1))))\n\
         (invoke \"add\" (i32.const 2) (i32.const 3))\n",
        &[
            EngineKind::WasmtimeCranelift,
            EngineKind::Wasmi,
            EngineKind::Canary,
        ],
    );
    // No assertion, so nothing failed; the canary still stands out.
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(report.disagreements.len(), 1, "{:#?}", report.disagreements);
    let d = &report.disagreements[0];
    assert_eq!(d.line, 3);
    assert_eq!(d.odd(), [EngineKind::Canary]);
    assert_eq!(d.groups[0].1, "i32:5");
    assert_eq!(d.groups[1].1, "i32:-1");
}

#[test]
fn nan_patterns_never_make_engines_disagree() {
    // Engines may return different NaN bits for these; the script allows
    // any arithmetic NaN, so all pass and none disagrees.
    let report = run_text(
        "(module (func (export \"f\") (param f64) (result f64)\n\
           (f64.add (local.get 0) (f64.const 1))))\n\
         (assert_return (invoke \"f\" (f64.const nan:0x4)) (f64.const nan:arithmetic))\n\
         (invoke \"f\" (f64.const -nan:0x8000000000001))\n",
        &EngineKind::available_kinds(),
    );
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert!(
        report.disagreements.is_empty(),
        "{:#?}",
        report.disagreements
    );
}

#[test]
fn nan_bits_made_visible_by_reinterpret_are_nan_nondeterminism() {
    // 0/0 is the positive canonical NaN in wasmer Singlepass (which
    // canonicalizes arithmetic results) and the negative one in engines
    // that keep x86's default NaN: `reinterpret` turns that into integers
    // that differ. The spec allows either, so with NaNs canonicalized the
    // difference vanishes: NaN non-determinism, not a disagreement.
    let kinds = [
        EngineKind::WasmtimeCranelift,
        EngineKind::Wasmi,
        EngineKind::WasmerSinglepass,
    ];
    let report = run_text(
        "(module (func (export \"n\") (result i32)\n\
           (i32.reinterpret_f32 (f32.div (f32.const 0) (f32.const 0)))))\n\
         (invoke \"n\")\n\
         (module (func (export \"add\") (result i32) (i32.add (i32.const 2) (i32.const 3))))\n\
         (assert_return (invoke \"add\") (i32.const 5))\n",
        &kinds,
    );
    assert!(
        report.disagreements.is_empty(),
        "{:#?}",
        report.disagreements
    );
    assert_eq!(
        report
            .nan_nondeterministic
            .iter()
            .map(|d| d.line)
            .collect::<Vec<_>>(),
        [3],
        "{report:#?}"
    );
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}

#[test]
fn what_uses_a_component_is_unsupported_not_missing() {
    let report = run_text(
        "(component $c)\n\
         (invoke $c \"f\")\n\
         (module $m (func (export \"g\") (result i32) (i32.const 1)))\n\
         (assert_return (invoke $m \"g\") (i32.const 1))\n",
        &[EngineKind::Wasmi],
    );
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    let counts = report.engines[&EngineKind::Wasmi];
    assert_eq!((counts.passed, counts.unsupported), (2, 2), "{counts:?}");
}

#[test]
fn named_modules_can_be_registered_by_their_names() {
    // wasmtime's harness lets a script import from `$a` without `register`.
    let text = "(module $a (global (export \"g\") i32 (i32.const 5)))\n\
                (module (import \"a\" \"g\" (global i32))\n\
                  (func (export \"get\") (result i32) (global.get 0)))\n\
                (assert_return (invoke \"get\") (i32.const 5))\n";
    let script = Script::parse(Path::new("inline.wast"), text).unwrap();
    let kinds = [EngineKind::Wasmi, EngineKind::WasmtimeCranelift];
    let plain = wast::run_script("inline.wast", &script, &kinds, wast::script_limits());
    assert!(!plain.failures.is_empty(), "the import needs the name");
    let named = wast::run_script(
        "inline.wast",
        &script.with_named_modules_registered(),
        &kinds,
        wast::script_limits(),
    );
    assert!(named.failures.is_empty(), "{:#?}", named.failures);
    assert_eq!(named.engines[&EngineKind::Wasmi].passed, 3);
}

#[test]
fn a_module_needing_a_missing_feature_is_unsupported_with_the_feature_named() {
    let report = run_text(
        "(module (func (export \"f\") (result v128) (v128.const i64x2 1 2)))\n\
         (assert_return (invoke \"f\") (v128.const i64x2 1 2))\n",
        &[EngineKind::WasmtimeWinch, EngineKind::WasmtimeCranelift],
    );
    let winch = report.engines[&EngineKind::WasmtimeWinch];
    assert_eq!((winch.passed, winch.unsupported), (0, 2));
    assert_eq!(
        report.unsupported[&EngineKind::WasmtimeWinch]["needs simd"],
        2
    );
    assert_eq!(report.engines[&EngineKind::WasmtimeCranelift].passed, 2);
}

#[test]
fn a_script_that_does_not_parse_names_its_file() {
    let dir_guard = tempfile::tempdir().unwrap();
    let dir = dir_guard.path().join("wasmdiff-wast");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.wast");
    std::fs::write(&path, "(module (func (export \"f\")").unwrap();
    let report = wast::run_file(
        &script_file(path.clone()),
        &[EngineKind::Wasmi],
        wast::script_limits(),
        &Default::default(),
    );
    let error = report.error.expect("an error");
    assert!(error.contains("broken.wast"), "{error}");
    assert_eq!(report.text.failed, 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The ground truth for trap kinds: every `assert_trap` message in the suite
/// names a kind wasmdiff knows (so an engine's trap is checked against it,
/// never accepted as "some trap").
#[test]
fn every_spec_trap_message_names_a_trap_kind() {
    let Some(dir) = spec_suite() else { return };
    let files = wast::collect(&[dir]).unwrap();
    let mut unknown = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(&f.path).unwrap();
        let Ok(script) = Script::parse(&f.path, &text) else {
            continue;
        };
        for c in &script.commands {
            let message = match &c.kind {
                CommandKind::Action {
                    expect: Expect::Trap(kind, m),
                    ..
                } => (kind.is_some(), m),
                CommandKind::AssertModule {
                    expect: ModuleExpect::Uninstantiable(kind),
                    message,
                    ..
                } => (kind.is_some(), message),
                _ => continue,
            };
            seen.insert(message.1.clone());
            if !message.0 {
                unknown.push(format!("{}:{} {:?}", f.name, c.line, message.1));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "trap messages without a kind:\n{}",
        unknown.join("\n")
    );
    assert!(
        seen.len() >= 15,
        "only {} distinct trap messages: {seen:?}",
        seen.len()
    );
}

/// The whole suite in every engine: pass counts may only go up, and every
/// failure and disagreement is in the baseline with its reason.
#[test]
fn spec_suite_matches_the_baseline() {
    let Some(dir) = spec_suite() else { return };
    let files = wast::collect(&[dir]).unwrap();
    // The baseline's V8 is Node 26 from `wasmdiff setup`; another Node's V8
    // passes another share.
    let kinds: Vec<_> = EngineKind::available_kinds()
        .into_iter()
        .filter(|k| {
            let other_node = k.name().starts_with("v8-") && k.needs_install();
            if other_node {
                eprintln!("SKIPPED for {k}: not the Node.js `wasmdiff setup` fetches");
            }
            !other_node
        })
        .collect();
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let suite = wast::run_suite(
        &files,
        &kinds,
        wast::script_limits(),
        jobs,
        &Default::default(),
        &|_, _| {},
    )
    .unwrap();
    let text = std::fs::read_to_string(data("spec-testsuite.baseline")).unwrap();
    let baseline = Baseline::parse(&text).unwrap();
    let check = baseline.check(&suite.totals, &suite.failures(), &suite.disagreements());
    for (engine, c) in &suite.totals {
        eprintln!(
            "{engine:<20} passed {:>6} failed {:>4} unsupported {:>6}",
            c.passed, c.failed, c.unsupported
        );
    }
    assert!(
        check.ok(),
        "the spec suite no longer matches {}:\nfewer passes: {:?}\nnew failures: {:#?}\nnew disagreements: {:#?}\nwithout reason: {:?}\n(see `wasmdiff wast --write-baseline`)",
        data("spec-testsuite.baseline").display(),
        check.fewer_passes,
        check.unexplained,
        check.unexplained_disagreements,
        check.without_reason,
    );
    // Every engine ran most of the core suite.
    for k in &kinds {
        assert!(
            suite.totals[k.name()].passed > 25_000,
            "{k}: {:?}",
            suite.totals[k.name()]
        );
    }
}
