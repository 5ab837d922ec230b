//! Every trap kind, from a hand-written module, comes out as that kind in
//! every engine that supports the module's features: the adapters map typed
//! trap codes, not messages.

use wasmdiff::engines::Stage;
use wasmdiff::module_info::ModuleInfo;
use wasmdiff::{EngineKind, FeatureSet, Limits, Outcome, TrapKind};

/// (name, module, expected kind, whether it traps at instantiation).
const CASES: &[(&str, &str, TrapKind, bool)] = &[
    (
        "unreachable",
        r#"(module (func (export "f") unreachable))"#,
        TrapKind::Unreachable,
        false,
    ),
    (
        "divide by zero",
        r#"(module (func (export "f") (result i32) (i32.div_u (i32.const 1) (i32.const 0))))"#,
        TrapKind::IntegerDivideByZero,
        false,
    ),
    (
        "remainder by zero",
        r#"(module (func (export "f") (result i64) (i64.rem_s (i64.const 1) (i64.const 0))))"#,
        TrapKind::IntegerDivideByZero,
        false,
    ),
    (
        "overflow",
        r#"(module (func (export "f") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1))))"#,
        TrapKind::IntegerOverflow,
        false,
    ),
    (
        "invalid conversion of NaN",
        r#"(module (func (export "f") (result i32) (i32.trunc_f32_s (f32.const nan))))"#,
        TrapKind::InvalidConversion,
        false,
    ),
    (
        "conversion out of range (the spec's \"integer overflow\")",
        r#"(module (func (export "f") (result i64) (i64.trunc_f64_u (f64.const -1))))"#,
        TrapKind::IntegerOverflow,
        false,
    ),
    (
        "memory out of bounds",
        r#"(module (memory 1) (func (export "f") (result i32) (i32.load (i32.const 65534))))"#,
        TrapKind::MemoryOutOfBounds,
        false,
    ),
    (
        "memory.fill out of bounds",
        r#"(module (memory 1) (func (export "f") (memory.fill (i32.const 65000) (i32.const 0) (i32.const 1000))))"#,
        TrapKind::MemoryOutOfBounds,
        false,
    ),
    (
        "call_indirect past the table",
        r#"(module (type $t (func)) (table 1 funcref)
             (func (export "f") (call_indirect (type $t) (i32.const 5))))"#,
        TrapKind::TableOutOfBounds,
        false,
    ),
    (
        "table.get out of bounds",
        r#"(module (table 1 funcref) (func (export "f") (result funcref) (table.get (i32.const 1))))"#,
        TrapKind::TableOutOfBounds,
        false,
    ),
    (
        "indirect call type mismatch",
        r#"(module (type $t (func (result i64))) (table funcref (elem $g))
             (func $g (result i32) i32.const 1)
             (func (export "f") (result i64) (call_indirect (type $t) (i32.const 0))))"#,
        TrapKind::IndirectCallTypeMismatch,
        false,
    ),
    (
        "call_indirect to a null slot",
        r#"(module (type $t (func)) (table 2 funcref)
             (func (export "f") (call_indirect (type $t) (i32.const 1))))"#,
        TrapKind::UninitializedElement,
        false,
    ),
    (
        "call_ref of null",
        r#"(module (type $t (func))
             (func (export "f") (call_ref $t (ref.null $t))))"#,
        TrapKind::NullReference,
        false,
    ),
    (
        "unaligned atomic",
        r#"(module (memory 1 1 shared)
             (func (export "f") (result i32) (i32.atomic.load (i32.const 1))))"#,
        TrapKind::UnalignedAtomic,
        false,
    ),
    (
        "throw_ref of null",
        r#"(module (func (export "f") (throw_ref (ref.null exn))))"#,
        TrapKind::NullReference,
        false,
    ),
    (
        "array out of bounds",
        r#"(module (type $a (array (mut i32)))
             (func (export "f") (result i32) (array.get $a (array.new_default $a (i32.const 1)) (i32.const 5))))"#,
        TrapKind::ArrayOutOfBounds,
        false,
    ),
    (
        "cast failure",
        r#"(module (type $s (struct))
             (func (export "f") (drop (ref.cast (ref $s) (ref.i31 (i32.const 1))))))"#,
        TrapKind::CastFailure,
        false,
    ),
    (
        "infinite recursion",
        r#"(module (func $f (export "f") (call $f)))"#,
        TrapKind::StackExhausted,
        false,
    ),
    (
        "infinite loop",
        r#"(module (func (export "f") (loop $l (br $l))))"#,
        TrapKind::OutOfFuel,
        false,
    ),
    (
        "data segment out of bounds",
        r#"(module (memory 1) (data (i32.const 65535) "ab"))"#,
        TrapKind::MemoryOutOfBounds,
        true,
    ),
    (
        "element segment out of bounds",
        r#"(module (table 1 funcref) (func $g) (elem (i32.const 1) func $g))"#,
        TrapKind::TableOutOfBounds,
        true,
    ),
    (
        "start function traps",
        r#"(module (func $s unreachable) (start $s))"#,
        TrapKind::Unreachable,
        true,
    ),
];

#[test]
fn every_trap_kind_maps_the_same_in_every_engine() {
    // Small engine fuel so the infinite loop ends quickly.
    let limits = Limits {
        engine_fuel: 1_000_000,
        ..Limits::default()
    };
    let mut failures = Vec::new();
    let mut checked_kinds = std::collections::BTreeSet::new();
    for (name, wat, kind, at_instantiation) in CASES {
        let wasm = wat::parse_str(wat).unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let mut ran = 0;
        for k in EngineKind::available_kinds() {
            if info
                .features
                .difference(k.supported())
                .iter()
                .next()
                .is_some()
            {
                continue;
            }
            ran += 1;
            let mut engine = k.build(limits, FeatureSet::all()).unwrap();
            let got = match engine.instantiate(&wasm, &info) {
                Err(e) if e.stage == Stage::Instantiate => Some(e.outcome),
                Err(e) => {
                    failures.push(format!("{name}: {k}: compile failed: {:?}", e.outcome));
                    continue;
                }
                Ok(mut inst) if !at_instantiation => Some(inst.call("f", &[])),
                Ok(_) => None,
            };
            // V8 has one message for two kinds in two places (a null slot
            // or a wrong type in `call_indirect`; NaN or out-of-range
            // conversions): its kind must cover the expected one. The
            // in-process engines must be exact.
            // An engine that cannot show the result (WAMR: reference
            // results) is not compared, which is not a mapping failure.
            if matches!(got, Some(Outcome::NotComparable(_))) {
                continue;
            }
            let ok = match &got {
                Some(Outcome::Trap(t)) if !k.keeps_nan_payloads() => t.matches(*kind),
                other => *other == Some(Outcome::Trap(*kind)),
            };
            if !ok {
                failures.push(format!("{name}: {k}: expected trap {kind}, got {got:?}"));
            }
        }
        assert!(ran >= 1, "{name}: no engine supports {}", info.features);
        if ran >= 2 {
            checked_kinds.insert(*kind);
        }
    }
    assert!(
        failures.is_empty(),
        "trap mapping failures:\n{}",
        failures.join("\n")
    );
    // Every kind a deterministic program can produce in two or more of our
    // engines was checked across engines.
    for k in [
        TrapKind::Unreachable,
        TrapKind::IntegerDivideByZero,
        TrapKind::IntegerOverflow,
        TrapKind::InvalidConversion,
        TrapKind::MemoryOutOfBounds,
        TrapKind::TableOutOfBounds,
        TrapKind::IndirectCallTypeMismatch,
        TrapKind::UninitializedElement,
        TrapKind::NullReference,
        TrapKind::StackExhausted,
        TrapKind::OutOfFuel,
    ] {
        assert!(
            checked_kinds.contains(&k),
            "{k} was not checked in two engines"
        );
    }
}
