//! The fuzzing loop end to end, with the canary engine planting a real
//! divergence: found, shrunk (keeping its signature), recorded once,
//! deduplicated on re-discovery, and reproduced from the repro directory and
//! from the raw input. Also: no half-written repro survives a dead writer,
//! and concurrent writers share a corpus safely.

use std::path::PathBuf;
use std::time::Duration;

use wasmdiff::encoding::unbase64;
use wasmdiff::fuzz::{FuzzConfig, FuzzOutcome, Fuzzer};
use wasmdiff::generate::{TestCase, seeded_input};
use wasmdiff::oracle::{Oracle, Verdict};
use wasmdiff::repro::ReproStore;
use wasmdiff::shrink::candidate_case;
use wasmdiff::{EngineKind, Limits};

/// A fresh directory for one test (removed with the guard) and its path.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let guard = tempfile::tempdir().unwrap();
    let dir = guard.path().join("repros");
    (guard, dir)
}

fn canary_config(repros: &std::path::Path) -> FuzzConfig {
    let engines = vec![
        EngineKind::WasmtimeCranelift,
        EngineKind::Wasmi,
        EngineKind::Canary,
    ];
    let mut c = FuzzConfig::default_for(engines);
    c.repros = Some(repros.to_path_buf());
    c.shrink.time_limit = Duration::from_secs(20);
    c
}

/// The first seeded input that diverges, and its outcome.
fn first_divergence(f: &mut Fuzzer) -> (Vec<u8>, Box<wasmdiff::fuzz::Found>) {
    for i in 0..300 {
        let input = seeded_input(7, i);
        if let FuzzOutcome::Diverged(found) = f.run_one(&input) {
            return (input, found);
        }
    }
    panic!("the canary's planted divergence was not found in 300 inputs");
}

#[test]
fn planted_divergence_is_found_shrunk_recorded_once_and_reproduced() {
    let (_guard, root) = scratch();
    let mut f = Fuzzer::new(canary_config(&root)).unwrap();
    let (input, found) = first_divergence(&mut f);
    let rec = found.recorded.clone().expect("recorded");
    assert!(rec.new);
    assert!(
        found.signature.text.contains("canary"),
        "{}",
        found.signature.text
    );
    println!(
        "canary: signature {} ({}), shrunk {} -> {} bytes in {} ms, {} candidates",
        found.signature.id,
        found.signature.text,
        found.shrunk.original_size,
        found.shrunk.shrunk_size,
        found.shrunk.millis,
        found.shrunk.candidates
    );
    assert!(
        found.shrunk.shrunk_size * 10 <= found.shrunk.original_size,
        "shrunk to more than 10%: {} -> {}",
        found.shrunk.original_size,
        found.shrunk.shrunk_size
    );
    for file in [
        "case.wasm",
        "case.wat",
        "original.wasm",
        "case.wast",
        "report.md",
        "meta.json",
    ] {
        assert!(rec.dir.join(file).is_file(), "{file} missing");
    }
    let wast = std::fs::read_to_string(rec.dir.join("case.wast")).unwrap();
    assert!(wast.contains("(module binary"), "{wast}");
    wast::parser::parse::<wast::Wast>(&wast::parser::ParseBuffer::new(&wast).unwrap())
        .unwrap_or_else(|e| panic!("case.wast does not parse: {e}\n{wast}"));
    let report = std::fs::read_to_string(rec.dir.join("report.md")).unwrap();
    assert!(
        report.contains(&found.signature.text) && report.contains("wasmdiff repro"),
        "{report}"
    );

    // Found again: same directory, count 2, nothing new.
    match f.run_one(&input) {
        FuzzOutcome::Diverged(again) => {
            let r = again.recorded.unwrap();
            assert_eq!(r.dir, rec.dir);
            assert!(!r.new);
            assert_eq!(r.count, 2);
        }
        other => panic!("not found again: {other:?}"),
    }
    let store = ReproStore::new(&root);
    assert_eq!(
        store.list(),
        vec![rec.dir.clone()],
        "exactly one repro directory"
    );

    // Reproduce from the directory: the saved case and calls diverge with
    // the same signature.
    let saved = ReproStore::load(&rec.dir).unwrap();
    assert_eq!(saved.meta.count, 2);
    let engines: Vec<EngineKind> = saved
        .meta
        .engines
        .iter()
        .map(|e| e.parse().unwrap())
        .collect();
    let mut oracle =
        Oracle::new(&engines, Limits::default(), f.config().generate.features).unwrap();
    let original = TestCase::generate(&input, &f.config().generate).unwrap();
    let mut case = candidate_case(&saved.wasm, &original).unwrap();
    case.calls = saved.meta.calls.clone();
    match oracle.check(&case, false).verdict {
        Verdict::Diverge(d) => assert_eq!(d.signature, found.signature),
        v => panic!("repro dir does not reproduce: {v:?}"),
    }
    // ... and from the raw input recorded in meta.json.
    let bytes = unbase64(saved.meta.input_base64.as_deref().unwrap()).unwrap();
    assert_eq!(bytes, input);
    match oracle
        .check(
            &TestCase::generate(&bytes, &f.config().generate).unwrap(),
            true,
        )
        .verdict
    {
        Verdict::Diverge(d) => assert_eq!(d.signature, found.signature),
        v => panic!("input does not reproduce: {v:?}"),
    }
    std::fs::remove_dir_all(&root).unwrap();
}

/// The fuzz target's function over a few hundred seeded inputs with the real
/// engines: nothing diverges, and most inputs reach execution.
#[test]
fn fuzz_function_smoke() {
    let mut c = FuzzConfig::default_for(crate::common::engines_for_generated_cases());
    c.repros = None;
    let mut f = Fuzzer::new(c).unwrap();
    let (mut agree, mut reached, mut inconclusive) = (0, 0, 0);
    for i in 0..300 {
        match f.run_one(&seeded_input(3, i)) {
            FuzzOutcome::Agree { reached_execution } => {
                agree += 1;
                reached += usize::from(reached_execution);
            }
            FuzzOutcome::Inconclusive(_) => inconclusive += 1,
            FuzzOutcome::GenerationFailed(e) => panic!("generation failed: {e}"),
            FuzzOutcome::Diverged(found) => panic!("{}", found.crash_message()),
        }
    }
    println!(
        "fuzz smoke: {agree} agree ({reached} reached execution), {inconclusive} inconclusive"
    );
    assert!(agree >= 250, "{agree}");
}

/// A writer that died half-way leaves a temporary directory and a lock
/// naming a dead process; neither is a repro, and the next writer completes
/// the repro.
#[test]
fn a_dead_writer_leaves_no_half_written_repro() {
    let (_guard, root) = scratch();
    let mut f = Fuzzer::new(canary_config(&root)).unwrap();
    let (input, found) = first_divergence(&mut f);
    let rec = found.recorded.unwrap();
    let id = found.signature.id.clone();
    // Simulate a writer killed mid-way through a *new* repro of this
    // signature: remove the finished directory, leave a partial temporary
    // one and its lock file (its holder no longer exists).
    std::fs::remove_dir_all(&rec.dir).unwrap();
    let tmp = root.join(format!(".tmp-{id}-999999-1"));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("case.wasm"), b"\0asm").unwrap();
    let mut dead = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    std::fs::write(root.join(format!(".{id}.lock")), dead_pid.to_string()).unwrap();
    let store = ReproStore::new(&root);
    assert!(
        store.list().is_empty(),
        "a temporary directory is not a repro"
    );
    // The next writer is not blocked and writes a complete repro.
    match f.run_one(&input) {
        FuzzOutcome::Diverged(again) => {
            let r = again.recorded.unwrap();
            assert!(r.new);
            assert!(ReproStore::load(&r.dir).is_ok());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.list().len(), 1);
    // Also a file write cut short: only the temporary name exists.
    let meta = rec.dir.join("meta.json");
    let before = std::fs::read(&meta).unwrap();
    std::fs::write(rec.dir.join(".meta.json.tmp-999999-1"), b"{ half").unwrap();
    assert_eq!(std::fs::read(&meta).unwrap(), before);
    assert!(ReproStore::load(&rec.dir).is_ok());
    std::fs::remove_dir_all(&root).unwrap();
}

/// Several writers recording the same signature at once: one directory,
/// every finding counted, valid metadata.
#[test]
fn concurrent_writers_share_a_corpus() {
    let (_guard, root) = scratch();
    let mut f = Fuzzer::new(canary_config(&root)).unwrap();
    let (input, found) = first_divergence(&mut f);
    let dir = found.recorded.unwrap().dir;
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let root = root.clone();
            let input = input.clone();
            std::thread::spawn(move || {
                let mut c = canary_config(&root);
                c.shrink.time_limit = Duration::from_millis(1);
                let mut f = Fuzzer::new(c).unwrap();
                for _ in 0..3 {
                    assert!(matches!(f.run_one(&input), FuzzOutcome::Diverged(_)));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let saved = ReproStore::load(&dir).unwrap();
    assert_eq!(saved.meta.count, 10);
    assert_eq!(ReproStore::new(&root).list(), vec![dir]);
    std::fs::remove_dir_all(&root).unwrap();
}
