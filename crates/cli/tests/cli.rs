//! CLI tests: every module in `tests/cli/` is run through `wasmdiff run`,
//! and every `tests/cli/*.cmd` names a command line of any subcommand; the
//! exit status, stdout and stderr are compared with `<file>.out` beside it
//! (times, rates and temporary paths masked). `BLESS=1 cargo test -p
//! wasmdiff-cli` rewrites the expectations.
//! Bad inputs (random bytes, truncated modules, bad WAT, a directory, a
//! missing file) must give one clear error line naming the file, exit
//! status 2, and no panic.

use std::path::{Path, PathBuf};
use std::process::Command;

fn wasmdiff() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wasmdiff"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = wasmdiff().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The engines of the snapshots, named so that an engine fetched later
/// (`wasmdiff setup`) or added does not change them: every engine in this
/// process and V8.
const SNAPSHOT_ENGINES: &str = "wasmtime-cranelift,wasmtime-winch,wasmtime-pulley,wasmi,\
    wasmer-singlepass,wasmer-cranelift,v8-liftoff,v8-turbofan";

/// Compare `actual` with the expectation in `expected_path` (or, with
/// `bless`, write it there): the mismatch report for `shown`, if any.
fn compare(expected_path: &Path, actual: &str, shown: &Path, bless: bool) -> Option<String> {
    if bless {
        std::fs::write(expected_path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
            shown.display()
        )
    })
}

fn assert_matched(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "snapshot mismatch (BLESS=1 to update):\n{}",
        failures.join("\n")
    );
}

/// One command fixture's outcome as its `.out` file holds it: the command
/// line of `cmd` (the first line that is not a `#` comment, split on
/// whitespace, `{tmp}` standing for a fresh temporary directory), its exit
/// status, stdout and stderr, with what changes from run to run masked:
/// the temporary directory, durations, rates and dates.
fn run_fixture(cmd: &Path) -> String {
    let text = std::fs::read_to_string(cmd).unwrap();
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_else(|| panic!("{}: no command line", cmd.display()));
    let tmp = tempfile::tempdir().unwrap();
    let tmp_text = tmp.path().display().to_string();
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| w.replace("{tmp}", &tmp_text))
        .collect();
    assert_eq!(
        words[0],
        "wasmdiff",
        "{}: a command starts with wasmdiff",
        cmd.display()
    );
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let (code, stdout, stderr) = run(&args);
    let masks = [
        (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "<date>"),
        (r"\d+(\.\d+)? ?(cases|engine runs|calls)/s", "<rate>"),
        (r"\b\d+(\.\d+)? ?(ms|s)\b", "<time>"),
        (r"\d+ MiB", "<memory>"),
        (r"engine time: .*", "engine time: <shares>"),
    ];
    let mask = |t: &str| {
        let mut t = t.replace(&tmp_text, "{tmp}");
        for (pattern, with) in masks {
            t = regex::Regex::new(pattern)
                .unwrap()
                .replace_all(&t, with)
                .into_owned();
        }
        t
    };
    format!(
        "$ {line}\nexit: {code}\n--- stdout\n{}--- stderr\n{}",
        mask(&stdout),
        mask(&stderr)
    )
}

/// Every subcommand has a command fixture (its help at least).
#[test]
fn command_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut cmds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cmd"))
        .collect();
    cmds.sort();
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for cmd in &cmds {
        let actual = run_fixture(cmd);
        if let Some(sub) = actual.split_whitespace().nth(2) {
            covered.insert(sub.to_string());
        }
        failures.extend(compare(&cmd.with_extension("cmd.out"), &actual, cmd, bless));
    }
    assert_matched(&failures);
    for sub in [
        "fuzz", "run", "repro", "shrink", "triage", "bench", "engines", "setup", "wast",
    ] {
        assert!(
            covered.contains(sub),
            "no command fixture runs `wasmdiff {sub}`"
        );
    }
}

#[test]
fn snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "wat" || e == "wasm" || e == "bin")
        })
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "snapshot inputs missing");
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for input in inputs {
        let rel = input.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let (code, stdout, stderr) =
            run(&["run", "--engines", SNAPSHOT_ENGINES, rel.to_str().unwrap()]);
        let actual = format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}");
        let expected_path = input.with_extension(format!(
            "{}.out",
            input.extension().unwrap().to_str().unwrap()
        ));
        failures.extend(compare(&expected_path, &actual, rel, bless));
    }
    assert_matched(&failures);
}

fn assert_clean_error(args: &[&str], must_mention: &str) {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 2, "{args:?}: exit {code}\n{stdout}\n{stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: one line expected:\n{stderr}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(must_mention), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_inputs_get_one_clear_error_line() {
    let tmp_guard = tempfile::tempdir().unwrap();
    let tmp = tmp_guard.path().join("wasmdiff-cli");
    std::fs::create_dir_all(&tmp).unwrap();
    let random = tmp.join("random.bin");
    std::fs::write(
        &random,
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let valid = wat::parse_str(r#"(module (func (export "f") (result i32) i32.const 1))"#).unwrap();
    let truncated = tmp.join("truncated.wasm");
    std::fs::write(&truncated, &valid[..valid.len() - 3]).unwrap();
    let bad_wat = tmp.join("bad.wat");
    std::fs::write(&bad_wat, "(module (func (export \"f\") i32.const))").unwrap();
    let missing = tmp.join("missing.wasm");

    let s = |p: &Path| p.to_str().unwrap().to_string();
    assert_clean_error(&["run", &s(&random)], "random.bin");
    assert_clean_error(&["run", &s(&truncated)], "truncated.wasm");
    assert_clean_error(&["run", &s(&bad_wat)], "bad.wat");
    assert_clean_error(&["run", &s(&tmp)], "is a directory");
    assert_clean_error(&["run", &s(&missing)], "missing.wasm");
    assert_clean_error(
        &["run", &s(&bad_wat), "--engines", "wasmi,v9"],
        "unknown engine `v9`",
    );
    assert_clean_error(
        &["run", &s(&bad_wat), "--features", "simd,nope"],
        "unknown feature `nope`",
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}

/// ../shared/FACTS.md #8: RUST_BACKTRACE makes engines capture backtraces
/// on errors; the output must not depend on it.
#[test]
fn output_does_not_depend_on_rust_backtrace() {
    let file = "tests/cli/unsupported-simd.wat";
    let with = wasmdiff()
        .args(["run", file, "--json"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let without = wasmdiff()
        .args(["run", file, "--json"])
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .unwrap();
    assert_eq!(with.status.code(), without.status.code());
    assert_eq!(
        String::from_utf8_lossy(&with.stdout),
        String::from_utf8_lossy(&without.stdout)
    );
}

#[test]
fn engines_lists_six_configurations() {
    let (code, stdout, _) = run(&["engines"]);
    assert_eq!(code, 0);
    for name in [
        "wasmtime-cranelift",
        "wasmtime-winch",
        "wasmtime-pulley",
        "wasmi",
        "wasmer-singlepass",
        "wasmer-cranelift",
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{stdout}"));
        assert!(line.contains("mvp"), "{line}");
        assert!(!line.contains("not in this build"), "{line}");
    }
}

#[test]
fn json_output_parses() {
    let (code, stdout, _) = run(&["run", "tests/cli/agree.wat", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["result"]["verdict"]["verdict"], "agree");
    assert_eq!(v["module"]["exports"][2]["name"], "add");
    assert_eq!(v["module"]["exports"][2]["ty"]["sig"]["params"][0], "i32");
}

mod fuzzing {
    //! `wasmdiff repro` and `wasmdiff shrink` on a divergence planted by the
    //! canary engine: the crash file (raw fuzz input) and the repro
    //! directory reproduce the same signature, in process and isolated.

    use std::path::PathBuf;

    use wasmdiff::EngineKind;
    use wasmdiff::fuzz::{FuzzConfig, FuzzOutcome, Fuzzer};
    use wasmdiff::generate::seeded_input;

    use super::run;

    const ENGINES: &str = "wasmtime-cranelift,wasmi,canary";

    fn json(args: &[&str]) -> (i32, serde_json::Value) {
        let (code, stdout, stderr) = run(args);
        let v = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{stdout}\n{stderr}"));
        (code, v)
    }

    /// A canary divergence: its raw input (as a crash file) and repro dir.
    pub(super) fn planted(root: &std::path::Path) -> (PathBuf, PathBuf, String) {
        let engines = EngineKind::parse_list(ENGINES).unwrap();
        let mut c = FuzzConfig::default_for(engines);
        c.repros = Some(root.join("repros"));
        let mut f = Fuzzer::new(c).unwrap();
        for i in 0..300 {
            let input = seeded_input(11, i);
            if let FuzzOutcome::Diverged(found) = f.run_one(&input) {
                let crash = root.join("crash-0001");
                std::fs::write(&crash, &input).unwrap();
                return (crash, found.recorded.unwrap().dir, found.signature.id);
            }
        }
        panic!("no canary divergence");
    }

    #[test]
    fn repro_from_crash_file_and_repro_dir_agree() {
        let root_guard = tempfile::tempdir().unwrap();
        let root = root_guard.path().join("wasmdiff-cli-repro");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let (crash, dir, id) = planted(&root);
        let (crash, dir) = (crash.to_str().unwrap(), dir.to_str().unwrap());

        let (code, v) = json(&["repro", crash, "--engines", ENGINES, "--json"]);
        assert_eq!(code, 1);
        assert_eq!(v["input"], "fuzz input");
        assert_eq!(
            v["result"]["verdict"]["detail"]["signature"]["id"],
            id.as_str()
        );

        let (code, v) = json(&["repro", dir, "--json"]);
        assert_eq!(code, 1);
        assert_eq!(v["input"], "repro directory");
        assert_eq!(v["same_signature"], true);
        assert_eq!(
            v["result"]["verdict"]["detail"]["signature"]["id"],
            id.as_str()
        );

        // Each engine in its own process: same verdict.
        let (code, v) = json(&["repro", dir, "--json", "--isolate"]);
        assert_eq!(code, 1);
        assert_eq!(v["same_signature"], true, "{v}");

        // The text report names the signature and confirms it.
        let (_, stdout, _) = run(&["repro", dir]);
        assert!(
            stdout.contains(&format!("diverge (signature {id})")),
            "{stdout}"
        );
        assert!(stdout.contains("same signature as recorded"), "{stdout}");

        // Shrinking the original module again keeps a divergence.
        let original = format!("{dir}/original.wasm");
        let out = root.join("small.wasm");
        let (code, stdout, stderr) = run(&[
            "shrink",
            &original,
            "--engines",
            ENGINES,
            "--time",
            "20",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains("shrunk "), "{stdout}");
        let small = std::fs::read(&out).unwrap();
        assert!(small.len() < std::fs::read(&original).unwrap().len());
        let (code, _, _) = run(&["run", out.to_str().unwrap(), "--engines", ENGINES]);
        assert_eq!(code, 1, "the shrunk module still diverges");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn shrink_refuses_a_module_without_divergence() {
        let (code, _, stderr) = run(&["shrink", "tests/cli/agree.wat"]);
        assert_eq!(code, 2);
        assert!(stderr.contains("do not diverge"), "{stderr}");
    }
}

mod isolation {
    //! An engine whose process dies is reported as a crash of that engine,
    //! and its next case starts a fresh process.

    use wasmdiff::engines::child::{ChildCommand, ChildEngine};
    use wasmdiff::module_info::ModuleInfo;
    use wasmdiff::{Engine, EngineKind, FeatureSet, Limits, Outcome, Val};

    #[test]
    fn a_killed_engine_process_is_a_crash() {
        let command = ChildCommand {
            program: env!("CARGO_BIN_EXE_wasmdiff").into(),
            args: vec!["engine-server".into()],
        };
        let mut e = ChildEngine::new(
            EngineKind::Wasmi,
            Limits::default(),
            FeatureSet::all(),
            command,
        );
        let wasm =
            wat::parse_str(r#"(module (func (export "f") (result i32) i32.const 7))"#).unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let mut inst = e.instantiate(&wasm, &info).unwrap();
        assert_eq!(inst.call("f", &[]), Outcome::Ok(vec![Val::I32(7)]));
        let pid = e.pid().unwrap();
        std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        match inst.call("f", &[]) {
            Outcome::Crash(m) => assert!(m.contains("died"), "{m}"),
            other => panic!("expected a crash, got {other:?}"),
        }
        // The next case gets a new process.
        let mut inst = e.instantiate(&wasm, &info).unwrap();
        assert_eq!(inst.call("f", &[]), Outcome::Ok(vec![Val::I32(7)]));
        assert_ne!(e.pid().unwrap(), pid);
    }

    #[test]
    fn isolated_runs_match_in_process_runs() {
        for file in [
            "tests/cli/agree.wat",
            "tests/cli/traps.wat",
            "tests/cli/singlepass-multivalue-import.wat",
        ] {
            let (a, x, _) = super::run(&["run", file, "--json"]);
            let (b, y, _) = super::run(&["run", file, "--json", "--isolate"]);
            assert_eq!(a, b, "{file}");
            let (x, y): (serde_json::Value, serde_json::Value) = (
                serde_json::from_str(&x).unwrap(),
                serde_json::from_str(&y).unwrap(),
            );
            assert_eq!(x["result"]["verdict"], y["result"]["verdict"], "{file}");
        }
    }
}

mod campaign {
    //! `wasmdiff fuzz` stops by itself and writes its summary; `wasmdiff
    //! bench` reports its figures.

    use super::run;

    #[test]
    fn fuzz_stops_after_its_time_and_summarizes() {
        let corpus_guard = tempfile::tempdir().unwrap();
        let corpus = corpus_guard.path().join("wasmdiff-cli-fuzz");
        let _ = std::fs::remove_dir_all(&corpus);
        let start = std::time::Instant::now();
        let (code, stdout, stderr) = run(&[
            "fuzz",
            "--time",
            "3",
            "--jobs",
            "2",
            "--seed",
            "4",
            "--engines",
            "wasmi,wasmtime-cranelift",
            "--corpus",
            corpus.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(start.elapsed().as_secs() < 60);
        assert!(stdout.contains("seed 4, 2 worker processes"), "{stdout}");
        assert!(
            stdout.contains("cases/s") && stdout.contains("agree"),
            "{stdout}"
        );
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(corpus.join("campaign-4.json")).unwrap())
                .unwrap();
        assert!(summary["inputs"].as_u64().unwrap() > 0);
        assert_eq!(summary["diverged"], 0);
        std::fs::remove_dir_all(&corpus).unwrap();
    }

    /// `wasmdiff fuzz --json` with these arguments: the summary.
    fn fuzz_summary(args: &[&str], env: Option<(&str, &str)>) -> (i32, serde_json::Value) {
        let corpus_guard = tempfile::tempdir().unwrap();
        let corpus = corpus_guard.path().join("corpus");
        let mut cmd = super::wasmdiff();
        cmd.args(["fuzz", "--json", "--corpus", corpus.to_str().unwrap()])
            .args(args);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        let text = String::from_utf8_lossy(&out.stdout);
        let summary: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{e}: {text}{}", String::from_utf8_lossy(&out.stderr)));
        for c in summary["crashes"].as_array().unwrap() {
            let file = c["file"].as_str().expect("crash input saved");
            assert!(std::fs::metadata(file).unwrap().len() > 0, "{file}");
        }
        std::fs::remove_dir_all(&corpus).unwrap();
        (code, summary)
    }

    /// The figures that must not depend on how the work was spread.
    fn verdicts(s: &serde_json::Value) -> serde_json::Value {
        let mut v = serde_json::json!({});
        for k in [
            "inputs",
            "agree",
            "reached_execution",
            "inconclusive",
            "generation_failed",
            "diverged",
        ] {
            v[k] = s[k].clone();
        }
        let sigs = s["signatures"].as_object().unwrap();
        v["signatures"] = sigs
            .iter()
            .map(|(id, seen)| {
                (
                    id.clone(),
                    serde_json::json!([seen["count"], seen["first_input"]]),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into();
        v
    }

    #[test]
    fn worker_processes_and_threads_give_the_same_verdicts() {
        let common = [
            "--cases",
            "40",
            "--seed",
            "5",
            "--shrink-time",
            "1",
            "--engines",
            "wasmi,wasmtime-cranelift,canary",
        ];
        let (a_code, a) = fuzz_summary(
            &[&common[..], &["--jobs", "1", "--workers", "threads"]].concat(),
            None,
        );
        let (b_code, b) = fuzz_summary(
            &[&common[..], &["--jobs", "2", "--workers", "processes"]].concat(),
            None,
        );
        assert_eq!(a["workers"], "threads");
        assert_eq!(b["workers"], "processes");
        assert_eq!(verdicts(&a), verdicts(&b));
        // The canary plants divergences, so the comparison covers them.
        assert!(a["diverged"].as_u64().unwrap() > 0, "{a}");
        assert_eq!((a_code, b_code), (1, 1));
        assert!(b["rss_kib"].as_u64().unwrap() > 0, "{b}");
        // wasmtime counts the operators the cases executed.
        assert!(b["avg_executed"].as_f64().unwrap() > 0.0, "{b}");
    }

    #[test]
    fn an_engine_that_panics_is_rebuilt_for_the_next_inputs() {
        // The canary panics compiling any module with `i64.rotr`, holding
        // its engine's lock: a bare canary then fails every later module
        // with a PoisonError (as wasmer Singlepass did), which would show
        // as one divergence after another in the same worker.
        let (code, s) = fuzz_summary(
            &[
                "--cases",
                "120",
                "--seed",
                "3",
                "--jobs",
                "1",
                "--shrink-time",
                "1",
                "--engines",
                "wasmi,wasmtime-cranelift,canary",
            ],
            Some(("WASMDIFF_CANARY_FAULT", "panic-poisons")),
        );
        let signatures = s["signatures"].as_object().unwrap();
        assert!(!signatures.is_empty(), "no module used i64.rotr: {s}");
        for (id, seen) in signatures {
            let text = seen["text"].as_str().unwrap();
            assert!(text.contains("panic"), "{id}: {text}");
            assert!(!text.contains("poison"), "{id}: {text}");
        }
        // After each panic the following inputs compare normally.
        let first = signatures
            .values()
            .map(|v| v["first_input"].as_u64().unwrap())
            .min()
            .unwrap();
        assert!(first < 100, "{s}");
        assert!(s["agree"].as_u64().unwrap() > 60, "{s}");
        assert_eq!(code, 1);
    }

    #[test]
    fn a_hung_worker_is_killed_and_costs_one_input() {
        // The worker hangs on input 2, as an engine looping without fuel
        // would; the watchdog (3 s here) kills it and saves the input.
        let corpus = tempfile::tempdir().unwrap();
        let out = super::wasmdiff()
            .args([
                "fuzz", "--json", "--cases", "6", "--seed", "4", "--jobs", "1",
            ])
            .args(["--engines", "wasmi,wasmtime-cranelift", "--corpus"])
            .arg(corpus.path())
            .env("WASMDIFF_TEST_WORKER_HANG_AT", "2")
            .env("WASMDIFF_WORKER_HANG_SECS", "3")
            .output()
            .unwrap();
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{s}");
        assert_eq!(s["inputs"], 6, "{s}");
        let crashes = s["crashes"].as_array().unwrap();
        assert_eq!(crashes.len(), 1, "{s}");
        assert_eq!(crashes[0]["input"], 2);
        assert!(
            crashes[0]["status"].as_str().unwrap().starts_with("hung"),
            "{s}"
        );
        assert!(s["agree"].as_u64().unwrap() >= 4, "{s}");
    }

    #[test]
    fn a_crashing_worker_costs_one_input_which_is_saved() {
        // The worker aborts (SIGABRT) on input 3, as an engine crash would.
        let (code, s) = fuzz_summary(
            &[
                "--cases",
                "8",
                "--seed",
                "2",
                "--jobs",
                "2",
                "--engines",
                "wasmi,wasmtime-cranelift",
            ],
            Some(("WASMDIFF_TEST_WORKER_ABORT_AT", "3")),
        );
        assert_eq!(code, 1, "a crash is a finding: {s}");
        assert_eq!(s["inputs"], 8, "{s}");
        let crashes = s["crashes"].as_array().unwrap();
        assert_eq!(crashes.len(), 1, "{s}");
        assert_eq!(crashes[0]["input"], 3);
        assert!(
            crashes[0]["status"].as_str().unwrap().contains("signal"),
            "{s}"
        );
        // The other seven inputs ran in the workers, the replacement too.
        let counted = s["agree"].as_u64().unwrap()
            + s["diverged"].as_u64().unwrap()
            + s["generation_failed"].as_u64().unwrap()
            + s["inconclusive"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
                .sum::<u64>();
        assert_eq!(counted, 7, "{s}");
    }

    #[test]
    fn bench_reports_its_figures() {
        let (code, stdout, stderr) = run(&[
            "bench",
            "--cases",
            "16",
            "--jobs",
            "2",
            "--engines",
            "wasmi,wasmtime-cranelift",
            "--json",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["inputs"], 16);
        for key in [
            "cases_per_sec_1_worker",
            "cases_per_sec_n_workers",
            "scaling",
            "engine_runs_per_sec",
            "harness_overhead",
        ] {
            assert!(v[key].as_f64().unwrap() > 0.0, "{key}: {v}");
        }
        assert!(
            v["harness_overhead"].as_f64().unwrap() >= 1.0,
            "wall time cannot be less than engine time"
        );
        assert!(v["engine_ms_per_case"]["wasmi"].as_f64().unwrap() > 0.0);
        // Reporting divergences is timed apart from the loop.
        assert!(v["divergence_secs"].as_f64().unwrap() >= 0.0, "{v}");
    }

    #[test]
    fn bench_coverage_reports_shares_per_feature() {
        let (code, stdout, stderr) = run(&[
            "bench",
            "--coverage",
            "--cases",
            "200",
            "--engines",
            "wasmi,wasmtime-cranelift",
            "--json",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["cases"], 200);
        assert!(v["generated"].as_u64().unwrap() > 100, "{v}");
        let in_range = |x: &serde_json::Value| x.as_f64().is_some_and(|x| x > 0.0 && x <= 1.0);
        assert!(in_range(&v["appearing_share"]), "{v}");
        assert!(in_range(&v["executed_share"]), "{v}");
        assert!(v["executed"].as_u64() <= v["appearing"].as_u64());
        let features = v["features"].as_array().unwrap();
        let mvp = features.iter().find(|f| f["feature"] == "mvp").unwrap();
        assert!(in_range(&mvp["appearing_share"]), "{mvp}");
        assert!(in_range(&mvp["executed_share"]), "{mvp}");
        for f in features {
            let n = |k: &str| f[k].as_u64().unwrap();
            assert!(
                n("executed") <= n("appearing") && n("appearing") <= n("total"),
                "{f}"
            );
            assert_eq!(
                f["missing"].as_array().unwrap().len() as u64,
                n("total") - n("appearing"),
                "{f}"
            );
        }
    }

    #[test]
    fn bench_power_plants_one_fault_per_campaign() {
        let (code, stdout, stderr) = run(&[
            "bench",
            "--power",
            "--faults",
            "i32-clz-zero",
            "--time",
            "60",
            "--cases",
            "300",
            "--jobs",
            "2",
            "--engines",
            "wasmi,wasmtime-cranelift",
            "--json",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let faults = v["faults"].as_array().unwrap();
        assert_eq!(faults.len(), 1, "{v}");
        assert_eq!(faults[0]["fault"], "i32-clz-zero");
        // Seeded and bounded by cases, so the same inputs every time: this
        // fault shows within the first 60 of them.
        assert_eq!(faults[0]["exposed"], true, "{v}");
        let signature = faults[0]["signature"].as_str().unwrap();
        assert!(
            signature.split('|').any(|g| g.ends_with("=canary")),
            "the canary alone in a group: {signature}"
        );
        assert_eq!(v["total"], 1);
        assert_eq!(v["engines"][2], "canary");
        super::assert_clean_error(
            &["bench", "--power", "--faults", "i32-rem-s-min,nope"],
            "unknown canary fault `nope`",
        );
    }

    #[test]
    fn an_unknown_canary_fault_makes_the_canary_unavailable() {
        let out = super::wasmdiff()
            .args(["run", "tests/cli/agree.wat", "--engines", "wasmi,canary"])
            .env("WASMDIFF_CANARY_FAULT", "nope")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("engine `canary`: WASMDIFF_CANARY_FAULT: unknown canary fault `nope`"),
            "{stderr}"
        );
    }
}

mod triage {
    //! `wasmdiff triage` on a corpus with a repro planted by the canary
    //! (with its crash file), a real engine bug (wasmer Singlepass), and a
    //! repro whose recorded signature is not what the engines do now.
    //! "Fixed" is the canary's divergence re-run without the canary: the
    //! remaining engines agree, as they would after the buggy engine was
    //! fixed. "Changed" is a copy of the canary repro whose `meta.json`
    //! says it diverged at instantiation, as an older engine release might
    //! have: it now diverges elsewhere.

    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use wasmdiff::fuzz::{FuzzConfig, Fuzzer};
    use wasmdiff::generate::TestCase;
    use wasmdiff::oracle::{Oracle, Verdict};
    use wasmdiff::{EngineKind, Limits};

    use super::run;

    /// Record the divergence of a module as the fuzzer would (unshrunk).
    fn record(repros: &Path, wat: &str, engines: &str) -> PathBuf {
        let kinds = EngineKind::parse_list(engines).unwrap();
        let mut c = FuzzConfig::default_for(kinds.clone());
        c.repros = Some(repros.to_path_buf());
        c.shrink.time_limit = Duration::ZERO;
        let case = TestCase::from_module(wat::parse_str(wat).unwrap()).unwrap();
        let mut oracle = Oracle::new(&kinds, Limits::default(), c.generate.features).unwrap();
        let Verdict::Diverge(d) = oracle.check(&case, false).verdict else {
            panic!("{engines}: no divergence");
        };
        let found = Fuzzer::new(c).unwrap().found(&case, &d, None);
        found.recorded.unwrap().dir
    }

    fn triage(args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["triage"];
        all.extend_from_slice(args);
        all.push("--json");
        let (code, stdout, stderr) = run(&all);
        let v = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{all:?}: {e}\n{stdout}\n{stderr}"));
        (code, v)
    }

    /// Status of the entry whose path ends with `suffix`.
    fn status<'a>(v: &'a serde_json::Value, suffix: &str) -> &'a str {
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("no entry {suffix}: {v}"))["status"]
            .as_str()
            .unwrap()
    }

    #[test]
    fn triage_says_diverging_fixed_and_changed() {
        let root_guard = tempfile::tempdir().unwrap();
        let root = root_guard.path().join("wasmdiff-cli-triage");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let (crash, canary, canary_id) = super::fuzzing::planted(&root);
        let singlepass = record(
            &root.join("repros"),
            &std::fs::read_to_string("tests/cli/singlepass-multivalue-import.wat").unwrap(),
            "wasmtime-cranelift,wasmer-singlepass",
        );
        // The changed one: a copy of the canary repro with another recorded
        // signature (and no fuzz input, so the crash file stays matched to
        // the original).
        let changed = root.join("repros/00000000000000cc");
        std::fs::create_dir_all(&changed).unwrap();
        for f in ["case.wasm", "meta.json"] {
            std::fs::copy(canary.join(f), changed.join(f)).unwrap();
        }
        let mut meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(changed.join("meta.json")).unwrap())
                .unwrap();
        meta["signature_id"] = "00000000000000cc".into();
        meta["signature"] =
            "instantiate|ok=wasmtime-cranelift+wasmi|trap:unreachable=canary".into();
        meta["input_base64"] = serde_json::Value::Null;
        std::fs::write(changed.join("meta.json"), meta.to_string()).unwrap();
        let name = |p: &Path| p.file_name().unwrap().to_str().unwrap().to_string();
        let root_s = root.to_str().unwrap();

        // As recorded: everything still diverges, the copy differently.
        let (code, v) = triage(&[root_s]);
        assert_eq!(code, 1, "{v}");
        assert_eq!(status(&v, &name(&canary)), "diverging", "{v}");
        assert_eq!(status(&v, &name(&singlepass)), "diverging", "{v}");
        assert_eq!(status(&v, "00000000000000cc"), "changed", "{v}");
        assert_eq!(status(&v, &name(&crash)), "diverging", "{v}");
        let crash_entry = v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "crash-file")
            .unwrap();
        assert_eq!(crash_entry["recorded"]["id"], canary_id.as_str(), "{v}");
        assert_eq!(crash_entry["repro"], canary.to_str().unwrap());

        // Without the canary: its divergence is fixed, Singlepass's is not.
        let engines = "wasmtime-cranelift,wasmi,wasmer-singlepass";
        let (code, v) = triage(&[root_s, "--engines", engines]);
        assert_eq!(code, 1, "{v}");
        assert_eq!(status(&v, &name(&canary)), "fixed", "{v}");
        assert_eq!(status(&v, &name(&crash)), "fixed", "{v}");
        assert_eq!(status(&v, &name(&singlepass)), "diverging", "{v}");
        assert_eq!(v["repros"]["fixed"], 2, "{v}");
        assert_eq!(v["repros"]["diverging"], 1, "{v}");

        // The table says the same, and why the canary did not run.
        let (_, text, _) = run(&["triage", root_s, "--engines", engines]);
        assert!(
            text.contains("3 repros (1 still diverging, 2 fixed); 1 crash file (1 fixed)"),
            "{text}"
        );
        assert!(
            text.contains("run without canary (not in --engines)"),
            "{text}"
        );

        // Only the canary's: exit 0, everything fixed.
        let (code, _) = triage(&[
            canary.to_str().unwrap(),
            "--engines",
            "wasmtime-cranelift,wasmi",
        ]);
        assert_eq!(code, 0);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn triage_of_a_missing_path_is_one_clear_error() {
        super::assert_clean_error(&["triage", "no/such/dir"], "no/such/dir");
    }
}

mod crash_shrink {
    //! `wasmdiff shrink --crash ENGINE` keeps an engine crashing while it
    //! shrinks: on WAMR's fast JIT, whose background compiler segfaults on
    //! this module (the crash strikes while the module loads, so the phase
    //! it shows up in varies). Skipped where the build lacks that engine
    //! (cargo feature `wamr-jit`; CI runs it).

    #[test]
    fn shrink_keeps_an_engine_crashing() {
        let (_, engines, _) = super::run(&["engines"]);
        if engines
            .lines()
            .any(|l| l.starts_with("wamr-fast-jit") && l.contains("unavailable"))
            || !engines.contains("wamr-fast-jit")
        {
            eprintln!("SKIPPED: wamr-fast-jit is not in this build (cargo feature wamr-jit)");
            return;
        }
        let out_guard = tempfile::tempdir().unwrap();
        let out = out_guard.path().join("wasmdiff-crash.wasm");
        let engines = "wasmtime-cranelift,wamr-fast-jit";
        let (code, stdout, stderr) = super::run(&[
            "shrink",
            "../../corpus/crashes/wamr-fast-jit-return-call-in-block.wat",
            "--crash",
            "wamr-fast-jit",
            "--engines",
            engines,
            "--time",
            "20",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains("kept: wamr-fast-jit crashing"), "{stdout}");
        let (_, stdout, _) = super::run(&[
            "run",
            out.to_str().unwrap(),
            "--isolate",
            "--engines",
            engines,
        ]);
        assert!(stdout.contains("engine process died"), "{stdout}");
        let _ = std::fs::remove_file(&out);
        let _ = std::fs::remove_file(out.with_extension("wat"));
    }
}

mod wast {
    //! `wasmdiff wast`: an engine that panics on a module goes on in a
    //! rebuilt engine with the script so far replayed; host modules from
    //! `--register`; exit statuses.

    use std::path::PathBuf;

    /// A script file `name` in a fresh directory (removed with the guard).
    fn script(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn wast(args: &[&str], env: Option<(&str, &str)>) -> (i32, serde_json::Value) {
        let mut cmd = super::wasmdiff();
        cmd.args(["wast", "--json"]).args(args);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let v = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{e}: {text}{}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap_or(-1), v)
    }

    #[test]
    fn later_modules_compare_normally_after_an_engine_panics() {
        // The canary panics on the module of line 6, holding its lock; the
        // module of line 8 reads state set before the panic (42), which
        // the replay must restore.
        let (_path_dir, path) = script(
            "panic.wast",
            r#"(module $M (global (export "g") (mut i32) (i32.const 0))
  (func (export "set") (param i32) (global.set 0 (local.get 0))))
(register "M" $M)
(invoke $M "set" (i32.const 42))

(module (func (export "f") (param i64) (result i64) (i64.rotr (local.get 0) (i64.const 1))))

(module (import "M" "g" (global (mut i32))) (func (export "get") (result i32) (global.get 0)))
(assert_return (invoke "get") (i32.const 42))
"#,
        );
        let (code, v) = wast(
            &[
                path.to_str().unwrap(),
                "--engines",
                "wasmi,wasmtime-cranelift,canary",
            ],
            Some(("WASMDIFF_CANARY_FAULT", "panic-poisons")),
        );
        assert_eq!(code, 1, "the panic is a finding: {v}");
        let rebuilt = v["rebuilt_after_panic"].as_array().unwrap();
        assert_eq!(rebuilt.len(), 1, "{v}");
        assert_eq!(rebuilt[0]["engine"], "canary");
        assert_eq!(rebuilt[0]["line"], 6);
        // Only the panic itself disagrees and fails.
        let lines = |key: &str| -> Vec<u64> {
            v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["line"].as_u64().unwrap())
                .collect()
        };
        assert_eq!(lines("disagreements"), [6], "{v}");
        assert_eq!(lines("failures"), [6], "{v}");
        // Every other directive passes in the canary, as in the others.
        assert_eq!(v["totals"]["canary"]["passed"], 4, "{v}");
        assert_eq!(v["totals"]["wasmi"]["passed"], 5, "{v}");
    }

    #[test]
    fn registered_host_modules_and_unparsable_scripts() {
        let (_host_dir, host) = script(
            "host.wat",
            r#"(module (func (export "id") (param i32) (result i32) (local.get 0)))"#,
        );
        let (_uses_dir, uses) = script(
            "uses-host.wast",
            r#"(module (import "host" "id" (func $id (param i32) (result i32)))
  (func (export "twice") (param i32) (result i32) (call $id (i32.add (local.get 0) (local.get 0)))))
(assert_return (invoke "twice" (i32.const 21)) (i32.const 42))
"#,
        );
        let register = format!("host={}", host.display());
        let (code, v) = wast(
            &[
                uses.to_str().unwrap(),
                "--engines",
                "wasmi,wasmtime-cranelift",
                "--register",
                &register,
            ],
            None,
        );
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["totals"]["wasmi"]["passed"], 3, "{v}");
        // Without the host module the script's module cannot link.
        let (code, _) = wast(&[uses.to_str().unwrap(), "--engines", "wasmi"], None);
        assert_eq!(code, 1);
        // A script that does not parse is listed, the others still run:
        // exit 2 alone, 3 with findings.
        let (_dir, bad) = script("bad.wast", "(module (func (i32.frobnicate)))");
        let (code, v) = wast(
            &[
                bad.to_str().unwrap(),
                uses.to_str().unwrap(),
                "--engines",
                "wasmi",
                "--register",
                &register,
            ],
            None,
        );
        assert_eq!(code, 2, "{v}");
        assert_eq!(v["errors"].as_array().unwrap().len(), 1, "{v}");
        assert_eq!(v["totals"]["wasmi"]["passed"], 3, "{v}");
        let (code, _) = wast(
            &[
                bad.to_str().unwrap(),
                uses.to_str().unwrap(),
                "--engines",
                "wasmi",
            ],
            None,
        );
        assert_eq!(code, 3);
        // A bad --register is one clear error.
        let out = super::wasmdiff()
            .args(["wast", uses.to_str().unwrap(), "--register", "host"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("expected NAME=FILE"));
    }
}

/// `run --invoke NAME ARG...`: one call with typed arguments (integers in
/// either range and hex, a NaN with a payload, -0, v128 as hex bits), after
/// the module's `_initialize`, in every engine; JavaScript engines through
/// their exact-bits wrappers.
#[test]
fn invoke_calls_one_export_with_typed_arguments() {
    let tmp_guard = tempfile::tempdir().unwrap();
    let tmp = tmp_guard.path().join("wasmdiff-cli-invoke");
    std::fs::create_dir_all(&tmp).unwrap();
    let path = tmp.join("invoke.wat");
    std::fs::write(
        &path,
        r#"(module
             (global $base (mut i32) (i32.const 0))
             (func (export "_initialize") (global.set $base (i32.const 100)))
             (func (export "other") unreachable)
             (func (export "f") (param i32 i64 f32 f64 v128) (result i32 i64 f32 f64 v128)
               (i32.add (local.get 0) (global.get $base))
               (i64.mul (local.get 1) (i64.const 3))
               (local.get 2)
               (f64.neg (local.get 3))
               (i32x4.add (local.get 4) (v128.const i32x4 1 1 1 1))))"#,
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let args = [
        "run",
        p,
        "--json",
        "--invoke",
        "f",
        "-7",
        "0xffffffffffffffff",
        "nan:0x200001",
        "-0",
        "0x000102030405060708090a0b0c0d0e0f",
    ];
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let runs = &v["result"]["runs"][0];
    let calls: Vec<&serde_json::Value> = runs["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["phase"]["phase"] == "call")
        .collect();
    // `_initialize`, then `f` only (`other` would trap).
    let labels: Vec<&str> = calls.iter().filter_map(|r| r["label"].as_str()).collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert_eq!(labels[0], "_initialize()");
    assert_eq!(
        labels[1],
        "f(i32:-7, i64:-1, f32:nan(0x7fa00001), f64:-0.0, v128:0x000102030405060708090a0b0c0d0e0f)"
    );
    // Every engine that ran `f` returned exactly these values.
    let expected = serde_json::json!([
        {"type": "i32", "value": 93},
        {"type": "i64", "value": -3},
        {"type": "f32", "value": 0x7fa0_0001u32},
        {"type": "f64", "value": 0},
        {"type": "v128", "value": "0x000102040405060808090a0c0c0d0e10"},
    ]);
    let cells: Vec<&serde_json::Value> = calls[1]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c.is_null())
        .collect();
    assert!(cells.len() >= 2, "{stdout}");
    for c in cells {
        assert_eq!(c["outcome"], "ok", "{c}");
        assert_eq!(c["detail"], expected, "{c}");
    }
    // Each available JavaScript engine with SIMD ran `f` (its cell is
    // there, so it is among those checked above), through its wrapper.
    let engines: Vec<&str> = runs["engines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    for js in [
        wasmdiff::EngineKind::V8Turbofan,
        wasmdiff::EngineKind::JscOmg,
        wasmdiff::EngineKind::SmIon,
    ] {
        if !js.available() {
            continue;
        }
        let i = engines.iter().position(|e| *e == js.name());
        let cell = i.map(|i| &calls[1]["cells"][i]);
        assert!(
            cell.is_some_and(|c| c["outcome"] == "ok"),
            "{js} did not run f: {stdout}"
        );
    }

    // Bad input: one clear line each, exit 2, never a panic.
    assert_clean_error(&["run", p, "--invoke", "g"], "no exported function `g`");
    assert_clean_error(&["run", p, "--invoke", "f", "1"], "takes 5 arguments");
    assert_clean_error(
        &["run", p, "--invoke", "f", "1", "2", "x", "4", "0x1"],
        "argument 3 of `f` (f32)",
    );
    assert_clean_error(
        &["run", p, "--invoke", "f", "1", "2", "3", "4", "5"],
        "is not a v128",
    );
}
