//! One suite every engine adapter passes, through the `Engine`/`Instance`
//! traits alone: each test runs for every engine configuration of this
//! build that is available here, and names every engine that fails. What
//! an adapter cannot do by design is read from its descriptor (NaN
//! payloads across JavaScript, growth caps applied after the fact), not
//! special-cased by name.

use std::sync::Arc;

use wasmdiff::engines::{Engine, Instance, Stage};
use wasmdiff::module_info::ModuleInfo;
use wasmdiff::wasi::WasiConfig;
use wasmdiff::{EngineKind, FeatureSet, Limits, Outcome, TrapKind, Val};

use crate::common::{all_engines, is_wamr};

fn engine(kind: EngineKind) -> Box<dyn Engine> {
    kind.build(Limits::default(), FeatureSet::all())
        .unwrap_or_else(|| panic!("{kind} is available but not built"))
}

fn instantiate(
    e: &mut dyn Engine,
    wat: &str,
) -> Result<Box<dyn Instance>, wasmdiff::engines::InstantiateError> {
    let wasm = wat::parse_str(wat).unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    e.instantiate(&wasm, &info)
}

/// Run `check` for every available engine; panic naming each that fails.
fn every_engine(check: impl Fn(EngineKind, &mut dyn Engine) -> Result<(), String>) {
    let mut failures = Vec::new();
    for kind in all_engines() {
        let mut e = engine(kind);
        if let Err(why) = check(kind, &mut *e) {
            failures.push(format!("{kind}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn results_keep_their_bits() {
    let wat = r#"(module
      (func (export "i32") (result i32) (i32.const -2147483648))
      (func (export "i64") (result i64) (i64.const -9223372036854775808))
      (func (export "f32") (result f32) (f32.const -0))
      (func (export "f64") (result f64) (f64.const 0x1p-1074))
      (func (export "multi") (result i32 f64) (i32.const 7) (f64.const -inf))
      (func (export "nan") (result f32) (f32.const nan:0x200001)))"#;
    every_engine(|kind, e| {
        let mut i = instantiate(e, wat).map_err(|x| format!("{:?}", x.outcome))?;
        let expect = [
            ("i32", vec![Val::I32(i32::MIN)]),
            ("i64", vec![Val::I64(i64::MIN)]),
            ("f32", vec![Val::F32(0x8000_0000)]),
            ("f64", vec![Val::F64(1)]),
            (
                "multi",
                vec![Val::I32(7), Val::F64(f64::NEG_INFINITY.to_bits())],
            ),
        ];
        for (name, want) in expect {
            let got = i.call(name, &[]);
            if got != Outcome::Ok(want.clone()) {
                return Err(format!("{name}: {got:?}, expected {want:?}"));
            }
        }
        // A NaN payload survives where the engine's API can carry it.
        let nan = i.call("nan", &[]);
        let kept = nan == Outcome::Ok(vec![Val::F32(0x7fa0_0001)]);
        let keeps = kind.descriptor().is_some_and(|d| d.keeps_nan_payloads);
        match (&nan, keeps) {
            (Outcome::Ok(_), true) if !kept => Err(format!("NaN payload lost: {nan:?}")),
            (Outcome::Ok(v), _) if !matches!(v[..], [Val::F32(b)] if wasmdiff::value::f32_is_nan(b)) => {
                Err(format!("not a NaN: {nan:?}"))
            }
            (Outcome::Ok(_) | Outcome::NotComparable(_), _) => Ok(()),
            _ => Err(format!("nan: {nan:?}")),
        }
    });
}

#[test]
fn traps_and_exhaustion_have_one_kind_each() {
    let wat = r#"(module
      (memory 1)
      (func $r (export "recurse") (call $r))
      (func (export "unreachable") unreachable)
      (func (export "div") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
      (func (export "oob") (result i32) (i32.load (i32.const 65536))))"#;
    every_engine(|_, e| {
        let mut i = instantiate(e, wat).map_err(|x| format!("{:?}", x.outcome))?;
        for (name, kind) in [
            ("unreachable", TrapKind::Unreachable),
            ("div", TrapKind::IntegerDivideByZero),
            ("oob", TrapKind::MemoryOutOfBounds),
            ("recurse", TrapKind::StackExhausted),
        ] {
            match i.call(name, &[]) {
                Outcome::Trap(k) if k.matches(kind) => {}
                other => return Err(format!("{name}: {other:?}, expected a {kind} trap")),
            }
        }
        Ok(())
    });
}

#[test]
fn a_trapping_start_function_fails_instantiation() {
    let wat = r#"(module (func $s unreachable) (start $s))"#;
    every_engine(|_, e| match instantiate(e, wat) {
        Err(x)
            if x.stage == Stage::Instantiate
                && x.outcome == Outcome::Trap(TrapKind::Unreachable) =>
        {
            Ok(())
        }
        Err(x) => Err(format!("{:?} at {:?}", x.outcome, x.stage)),
        Ok(_) => Err("instantiated".into()),
    });
}

#[test]
fn imports_get_deterministic_stubs() {
    // One result per imported function: wasmer 7.4.2's Singlepass panics
    // compiling a call to a host function with several (its own adapter
    // test records that; the oracle reports it as a compile-stage panic).
    let wat = r#"(module
      (import "env" "f" (func $f (param i32) (result i64)))
      (import "env" "g" (global $g i32))
      (import "env" "m" (memory 1))
      (import "env" "t" (table 2 funcref))
      (func (export "run") (result i64 i32 i32)
        (call $f (i32.const 5))
        (global.get $g)
        (i32.load (i32.const 0))))"#;
    every_engine(|kind, e| {
        let mut i = match instantiate(e, wat) {
            Ok(i) => i,
            // WAMR's adapter links no memories, tables or globals: it says
            // so, and no other adapter may.
            Err(x)
                if is_wamr(kind)
                    && matches!(
                        x.outcome,
                        Outcome::Unsupported(_) | Outcome::NotComparable(_)
                    ) =>
            {
                return Ok(());
            }
            Err(x) => return Err(format!("{:?}", x.outcome)),
        };
        let want = vec![Val::I64(0), Val::I32(0), Val::I32(0)];
        match i.call("run", &[]) {
            Outcome::Ok(v) if v == want => Ok(()),
            other => Err(format!("{other:?}")),
        }
    });
}

#[test]
fn exported_state_is_read_after_a_call() {
    let wat = r#"(module
      (global (export "g") (mut i64) (i64.const 1))
      (memory (export "m") 1)
      (table (export "t") 3 funcref)
      (func $f)
      (elem (i32.const 1) $f)
      (func (export "set")
        (global.set 0 (i64.const -5))
        (i32.store8 (i32.const 100) (i32.const 0xab))))"#;
    every_engine(|_, e| {
        let mut i = instantiate(e, wat).map_err(|x| format!("{:?}", x.outcome))?;
        if i.call("set", &[]) != Outcome::Ok(vec![]) {
            return Err("set failed".into());
        }
        if i.global("g") != Some(Val::I64(-5)) {
            return Err(format!("global: {:?}", i.global("g")));
        }
        let m = i.memory("m").ok_or("no memory")?;
        if m.len() != 65536 || m[100] != 0xab {
            return Err(format!("memory: {} bytes, [100] = {:#x}", m.len(), m[100]));
        }
        let image = i.memory_image("m").ok_or("no memory image")?;
        if image != wasmdiff::engines::MemoryImage::of(&m) {
            return Err("the memory image is not the memory's".into());
        }
        match (i.unreadable("t"), i.table("t")) {
            (Some(_), _) => Ok(()),
            (None, Some(t)) if t == [true, false, true] => Ok(()),
            (None, t) => Err(format!("table: {t:?}")),
        }
    });
}

#[test]
fn invalid_modules_are_refused() {
    // A function whose body leaves an i64 where it returns an i32.
    let wasm = wat::parse_str(r#"(module (func (result i32) (i64.const 1)))"#);
    let wasm = match wasm {
        Ok(w) => w,
        Err(_) => {
            // The text parser checks types too: write the bytes by hand.
            vec![
                0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // header
                1, 5, 1, 0x60, 0, 1, 0x7f, // type: () -> i32
                3, 2, 1, 0, // one function of type 0
                10, 6, 1, 4, 0, 0x42, 1, 0x0b, // body: i64.const 1
            ]
        }
    };
    every_engine(|_, e| match e.validate(&wasm) {
        Err(_) => Ok(()),
        Ok(()) => Err("validated an ill-typed module".into()),
    });
}

#[test]
fn the_wasi_host_is_the_same_in_every_engine() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $x (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "hi\n")
      (func (export "_start")
        (drop (call $r (i32.const 200) (i32.const 8)))
        (i32.store (i32.const 0) (i32.const 100))
        (i32.store (i32.const 4) (i32.const 3))
        (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (call $x (i32.const 4))
        unreachable))"#;
    let config = Arc::new(WasiConfig {
        args: vec!["p".into()],
        seed: 9,
        ..WasiConfig::default()
    });
    let mut reference: Option<(Vec<u8>, Vec<u8>)> = None;
    let mut failures = Vec::new();
    for kind in all_engines() {
        let mut e = engine(kind);
        if let Err(why) = e.set_wasi(Some(config.clone())) {
            failures.push(format!("{kind}: cannot host WASI: {why}"));
            continue;
        }
        let mut i = match instantiate(&mut *e, wat) {
            Ok(i) => i,
            Err(x) => {
                failures.push(format!("{kind}: {:?}", x.outcome));
                continue;
            }
        };
        // proc_exit unwinds as the engine's own error or trap.
        let call = i.call("_start", &[]);
        if matches!(call, Outcome::Ok(_)) {
            failures.push(format!("{kind}: _start returned after proc_exit"));
        }
        let out = i.wasi().expect("a WASI host");
        let random = i
            .memory("memory")
            .map(|m| m[200..208].to_vec())
            .unwrap_or_default();
        if out.exit != Some(4) || out.stdout != b"hi\n" {
            failures.push(format!(
                "{kind}: exit {:?}, stdout {:?}",
                out.exit, out.stdout
            ));
        }
        match &reference {
            None => reference = Some((out.stdout.clone(), random)),
            Some((_, r)) if *r != random => failures.push(format!("{kind}: other random bytes")),
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
