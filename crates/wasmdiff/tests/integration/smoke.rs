//! The shared smoke test every engine adapter must pass: values of every
//! type cross the boundary bit-exactly, state is readable, imports get host
//! stubs, and the start function runs.

use wasmdiff::engines::Stage;
use wasmdiff::module_info::ModuleInfo;
use wasmdiff::{EngineKind, FeatureSet, Limits, Outcome, Val};

const SMOKE: &str = r#"
(module
  (import "env" "f" (func $host (param i32) (result i64 f32)))
  (import "env" "g" (global $ig i32))
  (import "env" "m" (memory 1 2))
  (import "env" "t" (table 2 funcref))
  (global $count (export "count") (mut i32) (i32.const 0))
  (global (export "pi") f64 (f64.const 3.141592653589793))
  (table $tab (export "tab") 3 funcref)
  (elem (table $tab) (i32.const 1) func $id_i32)
  (start $init)
  (func $init (global.set $count (i32.const 100)))
  (func $id_i32 (export "id_i32") (param i32) (result i32) local.get 0)
  (func (export "id_i64") (param i64) (result i64) local.get 0)
  (func (export "id_f32") (param f32) (result f32) local.get 0)
  (func (export "id_f64") (param f64) (result f64) local.get 0)
  (func (export "id_v128") (param v128) (result v128) local.get 0)
  (func (export "multi") (param i32 i64) (result i64 i32) local.get 1 local.get 0)
  (func (export "host") (result i64 f32 i32)
    (call $host (i32.const 5)) global.get $ig)
  (func (export "bump") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store (i32.const 8) (i32.const 0x01020304))
    global.get $count)
  (func (export "load") (result i32) (i32.load (i32.const 8)))
  (func (export "null_ref") (result funcref externref) ref.null func ref.null extern)
  (func (export "func_ref") (result funcref) (table.get $tab (i32.const 1)))
)"#;

#[test]
fn every_adapter_passes_the_smoke_test() {
    let wasm = wat::parse_str(SMOKE).unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let kinds = EngineKind::available_kinds();
    for k in crate::common::IN_PROCESS {
        assert!(
            kinds.contains(k),
            "{k}: all six in-process configurations are built"
        );
    }
    for kind in kinds {
        let needs = info.features;
        // V8 cannot pass v128 through JavaScript: its SIMD calls are
        // checked as not comparable in `v8_reports_v128_calls_as_not_comparable`.
        if !kind.keeps_nan_payloads() {
            smoke_through_javascript(kind);
            continue;
        }
        if crate::common::is_wamr(kind) {
            smoke_without_imports(kind);
            continue;
        }
        if needs.difference(kind.supported()).iter().next().is_some() {
            // Singlepass and Winch lack SIMD; they get the SIMD-free part below.
            smoke_without_simd(kind);
            continue;
        }
        let mut engine = kind.build(Limits::default(), FeatureSet::all()).unwrap();
        engine
            .validate(&wasm)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        let mut inst = engine
            .instantiate(&wasm, &info)
            .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        let mut call = |name: &str, args: &[Val]| inst.call(name, args);
        let ok = |v: Vec<Val>| Outcome::Ok(v);
        // Bits must survive exactly, NaN payloads and signs included; so
        // compare the raw bits, not NaN-aware equality.
        for bits in [0x7fa0_0001u32, 0xffc0_0000, 0x8000_0000, 1] {
            match call("id_f32", &[Val::F32(bits)]) {
                Outcome::Ok(v) => {
                    assert!(matches!(v[..], [Val::F32(b)] if b == bits), "{kind}: {v:?}")
                }
                o => panic!("{kind}: {o:?}"),
            }
        }
        for bits in [
            0x7ff4_0000_0000_0001u64,
            0xfff8_0000_0000_0000,
            0x8000_0000_0000_0000,
        ] {
            match call("id_f64", &[Val::F64(bits)]) {
                Outcome::Ok(v) => {
                    assert!(matches!(v[..], [Val::F64(b)] if b == bits), "{kind}: {v:?}")
                }
                o => panic!("{kind}: {o:?}"),
            }
        }
        let v128 = 0x0123_4567_89ab_cdef_7fc0_0001_ffff_0000_u128;
        match call("id_v128", &[Val::V128(v128)]) {
            Outcome::Ok(v) => assert!(matches!(v[..], [Val::V128(b)] if b == v128), "{kind}"),
            o => panic!("{kind}: {o:?}"),
        }
        assert_eq!(
            call("id_i32", &[Val::I32(i32::MIN)]),
            ok(vec![Val::I32(i32::MIN)]),
            "{kind}"
        );
        assert_eq!(
            call("id_i64", &[Val::I64(-2)]),
            ok(vec![Val::I64(-2)]),
            "{kind}"
        );
        assert_eq!(
            call("multi", &[Val::I32(7), Val::I64(9)]),
            ok(vec![Val::I64(9), Val::I32(7)]),
            "{kind}"
        );
        assert_eq!(
            call("host", &[]),
            ok(vec![Val::I64(0), Val::F32(0), Val::I32(0)]),
            "{kind}"
        );
        assert_eq!(
            call("bump", &[]),
            ok(vec![Val::I32(101)]),
            "{kind}: start function ran first"
        );
        assert_eq!(call("load", &[]), ok(vec![Val::I32(0x01020304)]), "{kind}");
        assert_eq!(
            call("null_ref", &[]),
            ok(vec![
                Val::FuncRef { null: true },
                Val::ExternRef { null: true }
            ]),
            "{kind}"
        );
        assert_eq!(
            call("func_ref", &[]),
            ok(vec![Val::FuncRef { null: false }]),
            "{kind}"
        );
        assert!(
            matches!(call("no_such_export", &[]), Outcome::Error(_)),
            "{kind}"
        );
        assert_eq!(inst.global("count"), Some(Val::I32(101)), "{kind}");
        assert_eq!(
            inst.global("pi"),
            Some(Val::F64(std::f64::consts::PI.to_bits())),
            "{kind}"
        );
        assert_eq!(inst.global("missing"), None, "{kind}");
        assert_eq!(inst.table("tab"), Some(vec![true, false, true]), "{kind}");
        assert_eq!(inst.memory("tab"), None, "{kind}: a table is not a memory");
    }
}

/// The smoke test for V8, through JavaScript: everything but v128 values
/// and NaN payloads (see tests/integration/v8.rs), and no multi-memory.
fn smoke_through_javascript(kind: EngineKind) {
    let wat = r#"
      (module
        (import "env" "f" (func $host (param i32) (result i64 f32 i32)))
        (import "env" "m" (memory 1 2))
        (import "env" "g" (global $ig i32))
        (table $tab (export "tab") 3 funcref)
        (elem (i32.const 1) $init)
        (global $count (export "count") (mut i32) (i32.const 0))
        (global (export "big") i64 (i64.const -9007199254740993))
        (start $init)
        (func $init (global.set $count (i32.const 100)))
        (func (export "id_f64") (param f64) (result f64) local.get 0)
        (func (export "multi") (param i32 i64) (result i64 i32) local.get 1 local.get 0)
        (func (export "host") (result i64 f32 i32) (call $host (i32.const 5)))
        (func (export "store") (i32.store8 (i32.const 3) (i32.const 0xab)))
        (func (export "refs") (result funcref externref funcref)
          ref.null func ref.null extern (table.get $tab (i32.const 1))))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let mut engine = kind.build(Limits::default(), FeatureSet::all()).unwrap();
    engine
        .validate(&wasm)
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
    let mut inst = engine
        .instantiate(&wasm, &info)
        .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
    let pi = std::f64::consts::PI.to_bits();
    assert_eq!(
        inst.call("id_f64", &[Val::F64(pi)]),
        Outcome::Ok(vec![Val::F64(pi)])
    );
    assert_eq!(
        inst.call("multi", &[Val::I32(-7), Val::I64(i64::MIN + 1)]),
        Outcome::Ok(vec![Val::I64(i64::MIN + 1), Val::I32(-7)]),
        "{kind}"
    );
    assert_eq!(
        inst.call("host", &[]),
        Outcome::Ok(vec![Val::I64(0), Val::F32(0), Val::I32(0)]),
        "{kind}"
    );
    assert_eq!(
        inst.call("refs", &[]),
        Outcome::Ok(vec![
            Val::FuncRef { null: true },
            Val::ExternRef { null: true },
            Val::FuncRef { null: false }
        ]),
        "{kind}"
    );
    assert_eq!(inst.call("store", &[]), Outcome::Ok(vec![]), "{kind}");
    assert_eq!(inst.global("count"), Some(Val::I32(100)), "{kind}");
    assert_eq!(
        inst.global("big"),
        Some(Val::I64(-9007199254740993)),
        "{kind}"
    );
    assert_eq!(inst.table("tab"), Some(vec![true, false, true]), "{kind}");
    assert_eq!(inst.memory("tab"), None, "{kind}: a table is not a memory");
}

/// The smoke test for WAMR, whose adapter links no imports: exact bits,
/// multi-value, globals of every number type, memory, a start function and
/// traps; reference results are not comparable there.
fn smoke_without_imports(kind: EngineKind) {
    let wat = r#"
      (module
        (memory (export "mem") 1 2)
        (global $count (export "count") (mut i32) (i32.const 0))
        (global (export "big") i64 (i64.const -9007199254740993))
        (global (export "pi") f64 (f64.const 3.141592653589793))
        (global (export "nan") f32 (f32.const -nan:0x200001))
        (start $init)
        (func $init (global.set $count (i32.const 100)))
        (func (export "id_f32") (param f32) (result f32) local.get 0)
        (func (export "id_f64") (param f64) (result f64) local.get 0)
        (func (export "multi") (param i32 i64) (result i64 i32) local.get 1 local.get 0)
        (func (export "store") (i32.store8 (i32.const 3) (i32.const 0xab)))
        (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
        (func (export "ref") (result funcref) ref.null func))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let mut engine = kind.build(Limits::default(), FeatureSet::all()).unwrap();
    engine
        .validate(&wasm)
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
    let mut inst = engine
        .instantiate(&wasm, &info)
        .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
    for bits in [0x7fa0_0001u32, 0xffc0_1234, 0x8000_0000] {
        assert_eq!(
            inst.call("id_f32", &[Val::F32(bits)]),
            Outcome::Ok(vec![Val::F32(bits)]),
            "{kind}: {bits:#x}"
        );
    }
    let bits = 0x7ff4_0000_0000_0001u64;
    assert_eq!(
        inst.call("id_f64", &[Val::F64(bits)]),
        Outcome::Ok(vec![Val::F64(bits)])
    );
    assert_eq!(
        inst.call("multi", &[Val::I32(-7), Val::I64(i64::MIN + 1)]),
        Outcome::Ok(vec![Val::I64(i64::MIN + 1), Val::I32(-7)]),
        "{kind}"
    );
    assert_eq!(inst.call("store", &[]), Outcome::Ok(vec![]), "{kind}");
    assert_eq!(
        inst.call("div", &[Val::I32(0)]),
        Outcome::Trap(wasmdiff::TrapKind::IntegerDivideByZero),
        "{kind}"
    );
    assert_eq!(
        inst.call("div", &[Val::I32(1)]),
        Outcome::Ok(vec![Val::I32(1)]),
        "{kind}"
    );
    assert!(
        matches!(inst.call("ref", &[]), Outcome::NotComparable(_)),
        "{kind}"
    );
    assert_eq!(inst.global("count"), Some(Val::I32(100)), "{kind}");
    assert_eq!(
        inst.global("big"),
        Some(Val::I64(-9007199254740993)),
        "{kind}"
    );
    assert_eq!(
        inst.global("pi"),
        Some(Val::F64(std::f64::consts::PI.to_bits())),
        "{kind}"
    );
    assert_eq!(inst.global("nan"), Some(Val::F32(0xffa0_0001)), "{kind}");
    let mem = inst.memory("mem").unwrap();
    assert_eq!(mem.len(), 65536, "{kind}");
    assert_eq!(mem[3], 0xab, "{kind}");
}

/// The parts of the smoke test that need no SIMD or reference types. (The
/// host function has one result: wasmer's Singlepass panics compiling a
/// call to an imported function with several; see engines/wasmer.rs.)
fn smoke_without_simd(kind: EngineKind) {
    let wat = r#"
      (module
        (import "env" "f" (func $host (param i32) (result i64)))
        (import "env" "m" (memory 1 2))
        (memory $m2 (export "mem") 1 1)
        (global $count (export "count") (mut i32) (i32.const 0))
        (start $init)
        (func $init (global.set $count (i32.const 100)))
        (func (export "id_f32") (param f32) (result f32) local.get 0)
        (func (export "id_f64") (param f64) (result f64) local.get 0)
        (func (export "host") (result i64) (call $host (i32.const 5)))
        (func (export "store") (i32.store8 $m2 (i32.const 3) (i32.const 0xab))))"#;
    let wasm = wat::parse_str(wat).unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let mut engine = kind.build(Limits::default(), FeatureSet::all()).unwrap();
    let mut inst = engine
        .instantiate(&wasm, &info)
        .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
    match inst.call("id_f32", &[Val::F32(0x7fa0_0001)]) {
        Outcome::Ok(v) => assert!(matches!(v[..], [Val::F32(0x7fa0_0001)]), "{kind}: {v:?}"),
        o => panic!("{kind}: {o:?}"),
    }
    match inst.call("id_f64", &[Val::F64(0xfff4_0000_0000_0001)]) {
        Outcome::Ok(v) => assert!(matches!(v[..], [Val::F64(0xfff4_0000_0000_0001)]), "{kind}"),
        o => panic!("{kind}: {o:?}"),
    }
    assert_eq!(
        inst.call("host", &[]),
        Outcome::Ok(vec![Val::I64(0)]),
        "{kind}"
    );
    assert_eq!(inst.call("store", &[]), Outcome::Ok(vec![]), "{kind}");
    assert_eq!(inst.global("count"), Some(Val::I32(100)), "{kind}");
    let mem = inst.memory("mem").unwrap();
    assert_eq!(mem.len(), 65536, "{kind}");
    assert_eq!(mem[3], 0xab, "{kind}");
}

#[test]
fn compile_errors_are_reported_at_compile_time() {
    // Valid for wasmparser with every feature, but these engines are
    // configured without SIMD: each must refuse at validation/compilation.
    let wasm = wat::parse_str(r#"(module (func (export "f") (result v128) v128.const i64x2 0 0))"#)
        .unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    for kind in EngineKind::available_kinds() {
        let mut engine = kind.build(Limits::default(), FeatureSet::MVP).unwrap();
        assert!(
            engine.validate(&wasm).is_err(),
            "{kind} validates SIMD with SIMD off"
        );
        match engine.instantiate(&wasm, &info) {
            Err(e) => assert_eq!(e.stage, Stage::Compile, "{kind}: {e:?}"),
            Ok(_) => panic!("{kind} compiled SIMD with SIMD off"),
        }
    }
}

/// Imported functions get host stubs returning zeros in every engine, WAMR
/// included (registered natives); an imported memory leaves WAMR out as
/// not comparable, never diverging.
#[test]
fn imported_functions_are_stubbed_alike_in_every_engine() {
    use wasmdiff::oracle::{Observed, Phase, Reason};
    let r = crate::common::check(
        r#"(module
             (import "env" "f" (func $f (param i32 f64) (result i32)))
             (import "env" "g" (func $g))
             (import "other" "h" (func $h (result f64)))
             (func (export "run") (result i32)
               (call $g)
               (i32.add (call $f (i32.const 5) (f64.const 1))
                        (i32.add (i32.const 7) (i32.trunc_f64_s (call $h))))))"#,
    );
    crate::common::assert_agree(&r);
    let run = &r.runs[0];
    assert!(run.dropped.is_empty(), "{:?}", run.dropped);
    let call = run
        .rows
        .iter()
        .find(|row| matches!(row.phase, Phase::Call(_)))
        .unwrap();
    for (k, cell) in run.engines.iter().zip(&call.cells) {
        assert_eq!(
            cell,
            &Some(Observed::Outcome(Outcome::Ok(vec![Val::I32(7)]))),
            "{k}"
        );
    }

    // An imported memory, and a tail call to an imported function (which
    // would crash WAMR's interpreters): exactly WAMR's configurations leave
    // as not comparable, the rest agree.
    for wat in [
        r#"(module (import "env" "mem" (memory 1))
             (func (export "load") (result i32) (i32.load (i32.const 0))))"#,
        r#"(module (import "env" "f" (func $f (result i32)))
             (func (export "t") (result i32) (return_call $f)))"#,
    ] {
        let r = crate::common::check(wat);
        crate::common::assert_agree(&r);
        let run = &r.runs[0];
        let dropped: Vec<_> = run.dropped.iter().map(|(k, _, why)| (*k, *why)).collect();
        let wamr: Vec<_> = run
            .engines
            .iter()
            .filter(|k| crate::common::is_wamr(**k))
            .map(|k| (*k, Reason::NotComparable))
            .collect();
        assert_eq!(dropped, wamr, "{wat}");
    }
}
