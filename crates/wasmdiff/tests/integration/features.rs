//! Each engine's declared feature support is true: for every feature an
//! engine claims, a module that needs exactly that feature compiles and runs.
//! (A wrong claim shows up as a false divergence or an inconclusive case.)

use wasmdiff::module_info::ModuleInfo;
use wasmdiff::{EngineKind, Feature, FeatureSet, Limits, Outcome};

/// A small module that needs `f` (and only what `f` depends on).
fn probe(f: Feature) -> &'static str {
    match f {
        Feature::Mvp => {
            r#"(module (func (export "f") (result f32) (f32.add (f32.const 1) (f32.const 2))))"#
        }
        Feature::MultiValue => {
            r#"(module (func (export "f") (result i32 i64) i32.const 1 i64.const 2))"#
        }
        Feature::BulkMemory => {
            r#"(module (memory 1) (func (export "f") (memory.fill (i32.const 0) (i32.const 7) (i32.const 9))))"#
        }
        Feature::ReferenceTypes => {
            // An i32 result: WAMR's adapter cannot read a reference result.
            r#"(module (table 2 externref) (func (export "f") (result i32) (ref.is_null (table.get (i32.const 1)))))"#
        }
        Feature::Simd => {
            r#"(module (func (export "f") (result i32) (i32x4.extract_lane 2 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 1 1 1 1)))))"#
        }
        Feature::RelaxedSimd => {
            r#"(module (func (export "f") (result i32) (i32x4.extract_lane 0 (i32x4.relaxed_laneselect (v128.const i64x2 1 2) (v128.const i64x2 3 4) (v128.const i64x2 -1 0)))))"#
        }
        Feature::TailCall => {
            r#"(module (func $g (result i32) i32.const 5) (func (export "f") (result i32) return_call $g))"#
        }
        Feature::ExtendedConst => {
            r#"(module (global $g i32 (i32.add (i32.const 1) (i32.const 2))) (func (export "f") (result i32) global.get $g))"#
        }
        Feature::SignExtension => {
            r#"(module (func (export "f") (result i32) (i32.extend8_s (i32.const 0x80))))"#
        }
        Feature::SaturatingFloatToInt => {
            r#"(module (func (export "f") (result i32) (i32.trunc_sat_f32_s (f32.const 1e30))))"#
        }
        Feature::MultiMemory => {
            r#"(module (memory 1) (memory $b 1) (func (export "f") (result i32) (i32.load $b (i32.const 0))))"#
        }
        Feature::Memory64 => {
            r#"(module (memory i64 1) (func (export "f") (result i32) (i32.load (i64.const 8))))"#
        }
        Feature::Threads => {
            r#"(module (memory 1 1 shared) (func (export "f") (result i32) (i32.atomic.rmw.add (i32.const 0) (i32.const 1))))"#
        }
        Feature::FunctionReferences => {
            r#"(module (type $t (func (result i32))) (func $g (type $t) i32.const 3) (elem declare func $g) (func (export "f") (result i32) (call_ref $t (ref.func $g))))"#
        }
        Feature::Gc => {
            r#"(module (type $s (struct (field i32))) (func (export "f") (result i32) (struct.get $s 0 (struct.new $s (i32.const 4)))))"#
        }
        Feature::Exceptions => {
            r#"(module (tag $e) (func (export "f") (result i32) (block $h (try_table (catch $e $h) (throw $e))) i32.const 1))"#
        }
        Feature::WideArithmetic => {
            r#"(module (func (export "f") (result i64 i64) (i64.add128 (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4))))"#
        }
        Feature::CustomPageSizes => {
            r#"(module (memory 1 (pagesize 1)) (func (export "f") (result i32) memory.size))"#
        }
    }
}

#[test]
fn probes_need_their_feature() {
    for f in Feature::ALL {
        let wasm = wat::parse_str(probe(*f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let need = FeatureSet::required_by(&wasm).unwrap();
        assert!(need.contains(*f), "{f}: probe needs only {need}");
    }
}

#[test]
fn every_declared_feature_works_in_its_engine() {
    let mut failures = Vec::new();
    for kind in EngineKind::available_kinds() {
        let mut engine = kind.build(Limits::default(), FeatureSet::all()).unwrap();
        for f in kind.supported().iter() {
            let wasm = wat::parse_str(probe(f)).unwrap();
            let info = ModuleInfo::parse(&wasm).unwrap();
            match engine.instantiate(&wasm, &info) {
                Ok(mut inst) => match inst.call("f", &[]) {
                    Outcome::Ok(_) => {}
                    other => failures.push(format!("{kind} {f}: call gave {other:?}")),
                },
                Err(e) => failures.push(format!("{kind} {f}: {:?} at {:?}", e.outcome, e.stage)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "declared support is wrong:\n{}",
        failures.join("\n")
    );
}
