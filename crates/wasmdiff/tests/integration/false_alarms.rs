//! Every false alarm listed in ../shared/FACTS.md, and that it is handled.

use wasmdiff::oracle::{Observed, Phase, Reason, Verdict};
use wasmdiff::{EngineKind, Limits, Outcome, Val};

use crate::common::{assert_no_divergence, case, check, oracle_with};

/// FACTS #1: stack depth limits differ between engines (wasmi counts frames);
/// a recursion that fits in some engines and not others is inconclusive.
#[test]
fn stack_depth_differences_are_inconclusive() {
    let r = check(
        r#"(module
          (func $rec (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
          (func (export "f") (result i32) (call $rec (i32.const 3000))))"#,
    );
    assert_no_divergence(&r);
    let run = &r.runs[0];
    let exhausted: Vec<_> = run
        .dropped
        .iter()
        .filter(|d| d.2 == Reason::StackExhausted)
        .collect();
    assert!(
        !exhausted.is_empty(),
        "some engine should run out of stack at depth 3000"
    );
    assert_eq!(r.verdict, Verdict::Inconclusive(Reason::StackExhausted));
    // The engines that fit the recursion agree on the result.
    let row = run.rows.iter().find(|r| r.phase == Phase::Call(0)).unwrap();
    let ok = row
        .cells
        .iter()
        .flatten()
        .filter(|c| **c == Observed::Outcome(Outcome::Ok(vec![Val::I32(3000)])));
    assert!(
        ok.count() >= 2,
        "at least two engines complete the recursion"
    );
}

/// Infinite recursion: every engine exhausts its stack.
#[test]
fn deep_recursion_is_stack_inconclusive() {
    let r = check(r#"(module (func $f (export "f") (call $f)))"#);
    assert_eq!(r.verdict, Verdict::Inconclusive(Reason::StackExhausted));
    assert_eq!(
        r.runs[0].dropped.len(),
        r.runs[0].engines.len(),
        "{:?}",
        r.runs[0].dropped
    );
}

/// An infinite loop ends on engine fuel in every engine.
#[test]
fn infinite_loop_is_fuel_inconclusive() {
    let mut o = oracle_with(Limits {
        engine_fuel: 2_000_000,
        ..Limits::default()
    });
    let r = o.check(
        &case(r#"(module (func (export "f") (loop $l (br $l))))"#),
        false,
    );
    assert_eq!(r.verdict, Verdict::Inconclusive(Reason::EngineFuel));
    let run = &r.runs[0];
    assert_eq!(run.dropped.len(), run.engines.len());
    assert!(
        run.dropped.iter().all(|d| d.2 == Reason::EngineFuel),
        "{:?}",
        run.dropped
    );
}

/// FACTS #2: engines charge fuel differently for bulk operations (wasmtime
/// charges for the elements requested before failing). Running out of
/// engine fuel is inconclusive, never a divergence.
#[test]
fn bulk_operation_fuel_costs_never_diverge() {
    let r = check(
        r#"(module (memory 1) (table 1 10 funcref)
          (func (export "fill") (memory.fill (i32.const 0) (i32.const 0) (i32.const -1)))
          (func (export "grow") (result i32) (table.grow (ref.null func) (i32.const 0x7fffffff))))"#,
    );
    assert_no_divergence(&r);
    let run = &r.runs[0];
    let fuel_out = run.dropped.iter().any(|d| d.2 == Reason::EngineFuel);
    if !fuel_out {
        assert_eq!(r.verdict, Verdict::Agree);
    } else {
        assert_eq!(r.verdict, Verdict::Inconclusive(Reason::EngineFuel));
    }
}

/// Engine fuel is a budget per call, not per instance: many calls that each
/// use most of it never run out in one engine and not another.
#[test]
fn engine_fuel_is_reset_for_every_call() {
    let mut o = oracle_with(Limits {
        engine_fuel: 3_000_000,
        ..Limits::default()
    });
    let wat = r#"(module
      (func $spin (result i32) (local i32)
        (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 0) (i32.const 100000))))
        local.get 0)
      (func (export "a") (result i32) call $spin)
      (func (export "b") (result i32) call $spin)
      (func (export "c") (result i32) call $spin)
      (func (export "d") (result i32) call $spin))"#;
    let r = o.check(&case(wat), false);
    crate::common::assert_agree(&r);
}

/// FACTS #3: wasmi reports an element segment out of bounds at
/// instantiation as a plain error; the adapter maps it to the trap.
#[test]
fn element_segment_out_of_bounds_agrees() {
    let r = check(
        r#"(module (table 1 funcref) (func $g) (elem (i32.const 1) func $g) (func (export "f")))"#,
    );
    crate::common::assert_agree(&r);
    let row = r.runs[0]
        .rows
        .iter()
        .find(|r| r.phase == Phase::Instantiate)
        .unwrap();
    // Exactly, or SpiderMonkey's one kind for every bounds check.
    for cell in row.cells.iter().flatten() {
        assert!(
            matches!(cell, Observed::Outcome(Outcome::Trap(k))
                if k.matches(wasmdiff::TrapKind::TableOutOfBounds)
                    && *k != wasmdiff::TrapKind::UnalignedAtomic),
            "{cell:?}"
        );
    }
}

/// FACTS #4: wasmi lists exports sorted by name; calls follow the module's
/// declaration order in every engine.
#[test]
fn exports_are_called_in_declaration_order() {
    let r = check(
        r#"(module (global $g (mut i32) (i32.const 0))
          (func (export "zz") (global.set $g (i32.const 7)))
          (func (export "aa") (result i32) (global.get $g)))"#,
    );
    assert_eq!(r.verdict, Verdict::Agree);
    let labels: Vec<_> = r.runs[0]
        .rows
        .iter()
        .filter(|r| matches!(r.phase, Phase::Call(_)))
        .map(|r| r.label.clone())
        .collect();
    assert_eq!(labels, ["zz()", "aa()"]);
    let aa = r.runs[0]
        .rows
        .iter()
        .find(|r| r.phase == Phase::Call(1))
        .unwrap();
    for cell in aa.cells.iter().flatten() {
        assert_eq!(*cell, Observed::Outcome(Outcome::Ok(vec![Val::I32(7)])));
    }
}

/// FACTS #6: engines that lack a feature the module needs (Singlepass and
/// Winch: SIMD; Winch: reference types) are unsupported for the case, never
/// a divergence, and never run it (Singlepass may panic on SIMD).
#[test]
fn missing_features_are_unsupported_not_divergent() {
    let r = check(
        r#"(module (func (export "f") (result i32)
             (i32x4.extract_lane 1 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))))"#,
    );
    crate::common::assert_agree(&r);
    let unsupported: Vec<_> = r.runs[0].unsupported.iter().map(|u| u.0).collect();
    assert!(
        unsupported.contains(&EngineKind::WasmerSinglepass),
        "{unsupported:?}"
    );
    assert!(
        unsupported.contains(&EngineKind::WasmtimeWinch),
        "{unsupported:?}"
    );

    let r = check(r#"(module (table 2 externref) (func (export "f") (result i32) (table.size)))"#);
    assert_eq!(r.verdict, Verdict::Agree);
    assert!(
        r.runs[0]
            .unsupported
            .iter()
            .any(|u| u.0 == EngineKind::WasmtimeWinch)
    );
}

/// Fewer than two engines able to run a module: inconclusive (unsupported
/// feature), not agree and not diverge.
#[test]
fn a_module_only_one_engine_supports_is_inconclusive() {
    let mut o = wasmdiff::oracle::Oracle::new(
        &[EngineKind::Wasmi, EngineKind::WasmerSinglepass],
        Limits::default(),
        wasmdiff::FeatureSet::all(),
    )
    .unwrap();
    let simd = case(r#"(module (func (export "f") (result v128) (v128.const i64x2 1 2)))"#);
    let r = o.check(&simd, false);
    assert_eq!(r.verdict, Verdict::Inconclusive(Reason::UnsupportedFeature));
    assert_eq!(r.runs[0].unsupported.len(), 1);
    assert_eq!(r.runs[0].unsupported[0].0, EngineKind::WasmerSinglepass);
}

/// FACTS #7: a wasmer engine (and its `Metering` middleware) must not be
/// shared across modules: sharing slows down quadratically and the
/// middleware refuses a second module. The adapter makes a fresh wasmer
/// engine per module: many different modules in a row, each burning most of
/// its fuel budget, all run to completion in both wasmer configurations.
#[test]
fn wasmer_handles_many_modules_each_with_its_own_fuel() {
    for kind in [EngineKind::WasmerSinglepass, EngineKind::WasmerCranelift] {
        let limits = Limits {
            engine_fuel: 2_000_000,
            ..Limits::default()
        };
        let mut engine = kind.build(limits, wasmdiff::FeatureSet::all()).unwrap();
        for n in 0..40 {
            let wat = format!(
                r#"(module (func (export "f") (result i32) (local i32)
                     (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                       (br_if $l (i32.lt_u (local.get 0) (i32.const {}))))
                     local.get 0))"#,
                100_000 + n
            );
            let wasm = wat::parse_str(&wat).unwrap();
            let info = wasmdiff::module_info::ModuleInfo::parse(&wasm).unwrap();
            let mut inst = engine
                .instantiate(&wasm, &info)
                .unwrap_or_else(|e| panic!("{kind} module {n}: {e:?}"));
            assert_eq!(
                inst.call("f", &[]),
                Outcome::Ok(vec![Val::I32(100_000 + n)]),
                "{kind} module {n}"
            );
        }
    }
}

/// A wasmi 2.0.0 bug found by `wasmdiff fuzz` (signature
/// 66a17c004b77109d): for this module, the i64 global written by export "2"
/// depends on what ran earlier in the process (0, 0x3ff0_0000_0000_0000,
/// 0x7_0000_0006, or the other five engines' value), even with a fresh
/// wasmi engine per module: wasmi reads stale memory. No harness setting can
/// make that deterministic; this test fails until wasmi is fixed.
#[test]
#[ignore = "wasmi 2.0.0 reads stale memory on this module; run with --ignored against a new wasmi"]
fn wasmi_results_do_not_depend_on_earlier_modules() {
    use wasmdiff::generate::{Call, GenConfig, TestCase, seeded_input};
    let wasm = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/integration/data/wasmi-engine-history.wasm"
    ))
    .unwrap();
    let mut case = TestCase::from_module(wasm).unwrap();
    case.calls = vec![
        Call {
            export: "Q@".into(),
            args: vec![Val::F32(8388608)],
        },
        Call {
            export: "".into(),
            args: vec![Val::F32(3775044033)],
        },
        Call {
            export: "2".into(),
            args: vec![Val::F64(13250434224808415060)],
        },
    ];
    let mut o = wasmdiff::oracle::Oracle::new(
        &[EngineKind::Wasmi],
        Limits::default(),
        wasmdiff::FeatureSet::all(),
    )
    .unwrap();
    let state = |o: &mut wasmdiff::oracle::Oracle| {
        let run = o.run(&case);
        let row = run
            .rows
            .iter()
            .find(|r| r.phase == Phase::State(2))
            .expect("state after call 2");
        row.cells[0].clone()
    };
    let first = state(&mut o);
    let config = GenConfig::default();
    for i in 0..40 {
        let other = TestCase::generate(&seeded_input(99, i), &config).unwrap();
        o.run(&other);
        assert_eq!(
            state(&mut o),
            first,
            "wasmi changed its answer after {} other modules",
            i + 1
        );
    }
}

/// Growth caps: a growth only wasmdiff's cap denies is a resource limit in
/// every engine (inconclusive, never compared); a growth the module's own
/// maximum denies is the module's behaviour (-1) in every engine.
#[test]
fn growth_caps_are_resource_limits_and_module_maximums_are_behaviour() {
    let limits = Limits {
        max_memory_bytes: 2 * 65536,
        ..Limits::default()
    };
    let capped =
        case(r#"(module (memory 1) (func (export "f") (result i32) (memory.grow (i32.const 5))))"#);
    let capped_exported = case(
        r#"(module (memory (export "m") 1) (func (export "f") (result i32) (memory.grow (i32.const 5))))"#,
    );
    let own_max = case(
        r#"(module (memory 1 2) (func (export "f") (result i32) (memory.grow (i32.const 5))))"#,
    );
    for kind in EngineKind::available_kinds() {
        let mut e = kind.build(limits, wasmdiff::FeatureSet::all()).unwrap();
        let mut i = e.instantiate(&capped.wasm, &capped.info).unwrap();
        let got = i.call("f", &[]);
        // V8 applies the cap as its own page limit and cannot say why a
        // growth failed: -1. The others report the cap, so the case is
        // inconclusive (checked below), never a divergence.
        // WAMR and JavaScriptCore have no growth hook: they grow (to their
        // own limits). The others drop out as resource-limited, so they are
        // never compared.
        let js = !kind.keeps_nan_payloads();
        let uncapped = !kind.applies_growth_caps();
        assert!(
            matches!(got, Outcome::ResourceLimit(_))
                || (js && got == Outcome::Ok(vec![Val::I32(-1)]))
                || (uncapped && got == Outcome::Ok(vec![Val::I32(1)])),
            "{kind}: cap: {got:?}"
        );
        // Where they can see the memory, they report the cap after the
        // call.
        let mut i = e
            .instantiate(&capped_exported.wasm, &capped_exported.info)
            .unwrap();
        let got = i.call("f", &[]);
        assert!(
            matches!(got, Outcome::ResourceLimit(_))
                || (js && !uncapped && got == Outcome::Ok(vec![Val::I32(-1)])),
            "{kind}: cap of an exported memory: {got:?}"
        );
        let mut i = e.instantiate(&own_max.wasm, &own_max.info).unwrap();
        assert_eq!(
            i.call("f", &[]),
            Outcome::Ok(vec![Val::I32(-1)]),
            "{kind}: module maximum"
        );
    }
    let r = oracle_with(limits).check(&capped, false);
    assert_eq!(r.verdict, Verdict::Inconclusive(Reason::ResourceLimit));
}

/// An atomic access that is both misaligned and out of bounds: wasmtime
/// reports the alignment, V8 the bounds, and the threads proposal orders
/// neither check, so both kinds match (found by the edge-value generator:
/// addresses at the end of memory meet atomics).
#[test]
fn misaligned_and_out_of_bounds_atomics_may_report_either() {
    let r = check(
        r#"(module (memory 1 1 shared)
          (func (export "f") (result i32) (i32.atomic.load (i32.const 65535))))"#,
    );
    assert_no_divergence(&r);
    let row = r.runs[0]
        .rows
        .iter()
        .find(|r| r.phase == Phase::Call(0))
        .expect("the call ran");
    let ran = row.cells.iter().flatten().count();
    assert!(ran >= 2, "engines with threads ran the call: {ran}");
    assert!(
        row.cells.iter().flatten().all(|c| matches!(
            c,
            Observed::Outcome(Outcome::Trap(
                wasmdiff::TrapKind::UnalignedAtomic | wasmdiff::TrapKind::MemoryOutOfBounds
            ))
        )),
        "{row:?}"
    );
}
