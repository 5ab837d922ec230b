//! V8 through Node.js: what cannot cross JavaScript is reported as not
//! comparable (never a divergence), and V8 agrees with the in-process
//! engines where it can be compared.

use wasmdiff::features::Feature;
use wasmdiff::module_info::ModuleInfo;
use wasmdiff::{EngineKind, FeatureSet, Limits, Outcome, Val};

use crate::common::{assert_no_divergence, check};

fn v8() -> Option<Vec<EngineKind>> {
    let kinds = [EngineKind::V8Liftoff, EngineKind::V8Turbofan];
    if let Some(why) = EngineKind::V8Liftoff.unavailable() {
        eprintln!("SKIPPED: V8 is unavailable: {why}");
        return None;
    }
    Some(kinds.to_vec())
}

/// What a JavaScript number cannot carry (a v128, a NaN's payload or
/// sign) crosses through the adapter's wrappers as integers (`js_wrap`):
/// exact bits in every JavaScript engine.
#[test]
fn javascript_engines_pass_v128_and_nan_payloads_exactly() {
    if v8().is_none() {
        return;
    }
    let wasm = wat::parse_str(
        r#"(module
             (func (export "id_v128") (param v128) (result v128) local.get 0)
             (func (export "id_f32") (param f32) (result f32) local.get 0)
             (func (export "two") (param f64 v128) (result v128 f64) local.get 1 local.get 0)
             (func (export "bits") (param f64) (result i64) local.get 0 i64.reinterpret_f64))"#,
    )
    .unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let javascript: Vec<_> = EngineKind::available_kinds()
        .into_iter()
        .filter(|k| !k.keeps_nan_payloads() && k.supported().contains(Feature::Simd))
        .collect();
    assert!(javascript.contains(&EngineKind::V8Liftoff));
    let v = Val::V128(0x8000_0000_7fa0_0001_ffff_ffff_0000_0001);
    for k in javascript {
        let mut e = k.build(Limits::default(), FeatureSet::all()).unwrap();
        let mut i = e.instantiate(&wasm, &info).unwrap();
        assert_eq!(i.call("id_v128", &[v]), Outcome::Ok(vec![v]), "{k}");
        for bits in [0x7fa0_0001, 0xffc0_0000, 0x8000_0000, 0x7fc0_0000] {
            assert_eq!(
                i.call("id_f32", &[Val::F32(bits)]),
                Outcome::Ok(vec![Val::F32(bits)]),
                "{k}: {bits:#x}"
            );
        }
        let nan64 = 0xfff4_0000_0000_0001;
        assert_eq!(
            i.call("two", &[Val::F64(nan64), v]),
            Outcome::Ok(vec![v, Val::F64(nan64)]),
            "{k}"
        );
        // Exports without such types are called as they are.
        assert_eq!(
            i.call("bits", &[Val::F64((-2.5f64).to_bits())]),
            Outcome::Ok(vec![Val::I64((-2.5f64).to_bits() as i64)]),
            "{k}"
        );
    }
}

#[test]
fn a_v128_export_is_compared_in_javascript_engines_too() {
    if v8().is_none() {
        return;
    }
    let r = check(
        r#"(module
             (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
             (func (export "splat") (param i32) (result v128) (i32x4.splat (local.get 0))))"#,
    );
    assert_no_divergence(&r);
    crate::common::assert_agree(&r);
    // No engine left the comparison: v128 crossed JavaScript.
    assert!(r.runs[0].dropped.is_empty(), "{:?}", r.runs[0].dropped);
}

#[test]
fn a_hung_v8_call_is_killed_and_the_next_case_gets_a_fresh_process() {
    let Some(kinds) = v8() else { return };
    let spin = wat::parse_str(r#"(module (func (export "spin") (loop (br 0))) (func (export "one") (result i32) i32.const 1))"#).unwrap();
    let info = ModuleInfo::parse(&spin).unwrap();
    let mut e = kinds[0]
        .build(Limits::default(), FeatureSet::all())
        .unwrap();
    let mut i = e.instantiate(&spin, &info).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(
        i.call("spin", &[]),
        Outcome::Trap(wasmdiff::TrapKind::OutOfFuel)
    );
    assert!(started.elapsed() < wasmdiff::engines::v8::TIMEOUT * 2);
    let mut i = e.instantiate(&spin, &info).unwrap();
    assert_eq!(i.call("one", &[]), Outcome::Ok(vec![Val::I32(1)]));
}

/// Large replies (a memory of several pages) arrive whole, call after call:
/// a pipe may take part of a write, and the server must finish it.
/// A JavaScript shell sends a memory's chunks that are not zero once, then
/// only the 64 KiB chunks that changed (zeros as a mark), and the adapter
/// keeps one hash per chunk: images built that way equal the in-process
/// engines' after writes, a write of zeros over data, growth, and in a
/// memory too large for one JavaScript string (512 MiB). Every available
/// shell is checked (V8 compares chunks with Node's `Buffer.compare`, the
/// others in JavaScript).
#[test]
fn v8_memory_images_follow_every_change() {
    if v8().is_none() {
        return;
    }
    let kinds: Vec<_> = EngineKind::available_kinds()
        .into_iter()
        .filter(|k| !k.keeps_nan_payloads())
        .collect();
    let wasm = wat::parse_str(
        r#"(module
             (memory (export "mem") 2 8)
             (data (i32.const 65540) "\01\02")
             (func (export "set") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
             (func (export "zero") (memory.fill (i32.const 0) (i32.const 0) (i32.const 131072)))
             (func (export "grow") (drop (memory.grow (i32.const 1)))))"#,
    )
    .unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let mut reference = EngineKind::Wasmi
        .build(Limits::default(), FeatureSet::all())
        .unwrap();
    let steps: [(&str, Vec<Val>); 7] = [
        ("set", vec![Val::I32(5), Val::I32(-1)]),
        ("set", vec![Val::I32(70000), Val::I32(9)]),
        ("set", vec![Val::I32(70000), Val::I32(9)]),
        ("zero", vec![]),
        ("set", vec![Val::I32(131068), Val::I32(3)]),
        ("grow", vec![]),
        ("set", vec![Val::I32(196604), Val::I32(4)]),
    ];
    for k in kinds {
        let mut e = k.build(Limits::default(), FeatureSet::all()).unwrap();
        let mut got = e.instantiate(&wasm, &info).unwrap();
        let mut want = reference.instantiate(&wasm, &info).unwrap();
        assert_eq!(got.memory_image("mem"), want.memory_image("mem"), "{k}");
        for (f, args) in &steps {
            assert_eq!(got.call(f, args), want.call(f, args), "{k} {f}");
            assert_eq!(
                got.memory_image("mem"),
                want.memory_image("mem"),
                "{k} after {f}{args:?}"
            );
        }
    }
    // 512 MiB: more than one JavaScript string holds in base64.
    let big = wat::parse_str(
        r#"(module (memory (export "mem") 8192 8192)
             (func (export "set") (i32.store (i32.const 536870908) (i32.const 7))))"#,
    )
    .unwrap();
    let info = ModuleInfo::parse(&big).unwrap();
    let mut want = reference.instantiate(&big, &info).unwrap();
    want.call("set", &[]);
    let mut e = EngineKind::V8Liftoff
        .build(Limits::default(), FeatureSet::all())
        .unwrap();
    let mut got = e.instantiate(&big, &info).unwrap();
    assert!(got.memory_image("mem").is_some());
    got.call("set", &[]);
    let image = got.memory_image("mem");
    assert_eq!(image, want.memory_image("mem"));
    assert_eq!(image.map(|i| i.len), Some(512 << 20));
}

/// A 512 MiB memory and five exports, in every available engine: each
/// memory is hashed in place (V8 sends only what changed), so this takes
/// seconds (the time is printed, not asserted: see `wasmdiff bench`).
#[test]
fn a_512_mib_memory_compares_in_seconds() {
    let start = std::time::Instant::now();
    let r = check(
        r#"(module
             (memory (export "mem") 8192 8192)
             (global (export "g") (mut i32) (i32.const 0))
             (func (export "a") (i32.store (i32.const 0) (i32.const 1)))
             (func (export "b") (i32.store (i32.const 536870908) (i32.const 2)))
             (func (export "c") (global.set 0 (i32.const 3)))
             (func (export "d") (memory.fill (i32.const 1024) (i32.const 7) (i32.const 65536)))
             (func (export "e") (result i32) (i32.load (i32.const 0))))"#,
    );
    println!(
        "512 MiB memory, 5 exports, {} engines: {:.2} s",
        r.runs[0].engines.len(),
        start.elapsed().as_secs_f64()
    );
    crate::common::assert_agree(&r);
    assert!(r.runs[0].dropped.is_empty(), "{:?}", r.runs[0].dropped);
}

#[test]
fn v8_state_with_large_memories_agrees() {
    if v8().is_none() {
        return;
    }
    let r = check(
        r#"(module
             (memory (export "mem") 4)
             (global (export "g") (mut i64) (i64.const -5))
             (func (export "a") (i64.store (i32.const 200000) (i64.const 0x1122334455667788)))
             (func (export "b") (result i64) (global.set 0 (i64.load (i32.const 200000))) (global.get 0))
             (func (export "c") (memory.fill (i32.const 0) (i32.const 7) (i32.const 262144))))"#,
    );
    crate::common::assert_agree(&r);
    assert!(r.runs[0].dropped.is_empty(), "{:?}", r.runs[0].dropped);
}

#[test]
fn state_v8_cannot_read_is_skipped_and_later_calls_still_compare() {
    if v8().is_none() {
        return;
    }
    // A v128 global cannot be read from JavaScript: V8's state cells are
    // skipped, but it stays in the comparison, so its results of the
    // calls after the first are still compared.
    let r = check(
        r#"(module
             (global (export "v") (mut v128) (v128.const i32x4 1 2 3 4))
             (global $n (mut i32) (i32.const 0))
             (func (export "a") (result i32)
               (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n))
             (func (export "b") (result i32) (i32.mul (global.get $n) (i32.const 10))))"#,
    );
    crate::common::assert_agree(&r);
    let run = &r.runs[0];
    assert!(
        run.dropped
            .iter()
            .all(|(k, _, _)| !k.name().starts_with("v8")),
        "{:?}",
        run.dropped
    );
    let v8 = run
        .engines
        .iter()
        .position(|k| *k == EngineKind::V8Turbofan)
        .unwrap();
    let last_call = run
        .rows
        .iter()
        .rev()
        .find(|row| matches!(row.phase, wasmdiff::oracle::Phase::Call(_)))
        .unwrap();
    assert_eq!(
        last_call.cells[v8],
        Some(wasmdiff::oracle::Observed::Outcome(Outcome::Ok(vec![
            Val::I32(10)
        ])))
    );
    let state = run
        .rows
        .iter()
        .find(|row| matches!(row.phase, wasmdiff::oracle::Phase::State(_)))
        .unwrap();
    assert!(
        matches!(
            state.cells[v8],
            Some(wasmdiff::oracle::Observed::Skipped(_))
        ),
        "{:?}",
        state.cells[v8]
    );
}

/// V8's JavaScript host forbids `memory.atomic.wait` on its main thread
/// ("Atomics.wait cannot be called in this context"): a rule of the
/// embedding, so V8 leaves the comparison for that call, and the engines
/// that can wait (wasmtime: a trap, the memory is not shared) still compare.
#[test]
fn a_wait_the_javascript_host_forbids_is_not_comparable() {
    let Some(kinds) = v8() else { return };
    let wasm = wat::parse_str(
        r#"(module (memory 1 1)
             (func (export "w") (result i32)
               (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0))))"#,
    )
    .unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    for k in kinds {
        let mut e = k.build(Limits::default(), FeatureSet::all()).unwrap();
        let mut i = e.instantiate(&wasm, &info).unwrap();
        let o = i.call("w", &[]);
        assert!(matches!(o, Outcome::NotComparable(_)), "{k}: {o:?}");
    }
    // JavaScriptCore is left out: it traps on a wait on unshared memory
    // as out of bounds, where wasmtime reports the wait (a real difference
    // in trap kind, found with this test).
    let kinds: Vec<_> = EngineKind::available_kinds()
        .into_iter()
        .filter(|k| !k.name().starts_with("jsc-"))
        .collect();
    let r = wasmdiff::oracle::Oracle::new(&kinds, Limits::default(), FeatureSet::all())
        .unwrap()
        .check(
            &crate::common::case(
                r#"(module (memory 1 1)
                     (func (export "w") (result i32)
                       (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0))))"#,
            ),
            false,
        );
    crate::common::assert_no_divergence(&r);
}

/// SpiderMonkey (opt-in, not in `all`) where `wasmdiff setup` fetched it:
/// its own base64 (its shell has no `atob`) carries modules and memories,
/// its one "index out of bounds" message matches memory and table bounds,
/// and v128 crosses through the wrappers.
#[test]
fn spidermonkey_agrees_on_memory_tables_and_v128() {
    if let Some(why) = EngineKind::SmBaseline.unavailable() {
        eprintln!("SKIPPED: SpiderMonkey is unavailable: {why}");
        return;
    }
    let kinds = [
        EngineKind::WasmtimeCranelift,
        EngineKind::SmBaseline,
        EngineKind::SmIon,
    ];
    let mut oracle =
        wasmdiff::oracle::Oracle::new(&kinds, Limits::default(), FeatureSet::all()).unwrap();
    for wat in [
        r#"(module (memory (export "m") 1)
             (data (i32.const 65530) "\01\02\03\04\05\06")
             (func (export "store") (i64.store (i32.const 100) (i64.const -2)))
             (func (export "v") (result v128) (v128.load (i32.const 65520))))"#,
        r#"(module (memory 1) (func (export "f") (result i32) (i32.load (i32.const 65535))))"#,
        r#"(module (table 2 funcref) (func (export "f") (drop (table.get (i32.const 5)))))"#,
    ] {
        let r = oracle.check(&crate::common::case(wat), false);
        crate::common::assert_agree(&r);
    }
}
