//! WASI programs through `wasmdiff run`: the hand-written programs of
//! `crates/wasmdiff/tests/data/wasi/` in every available engine with the
//! deterministic host (all must agree, output and exit code in the table
//! and in `--json`, the host directory untouched), a planted fault seen as
//! a divergence in output, and bad WASI input given a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasmdiff/tests/data/wasi")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wasmdiff"))
        .current_dir(data())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir` with its bytes, to see that a run left it alone.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

struct Expect {
    file: &'static str,
    args: Vec<String>,
    stdout: &'static str,
    stderr: &'static str,
    exit: Option<u32>,
}

#[test]
fn every_engine_runs_the_wasi_programs_alike() {
    let stdin_guard = tempfile::tempdir().unwrap();
    let stdin = stdin_guard.path().join("wasmdiff-wasi-stdin");
    std::fs::write(&stdin, "line one\nline two\n").unwrap();
    let strings = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases = [
        Expect {
            file: "hello.wat",
            args: vec![],
            stdout: "hello, world\n",
            stderr: "",
            exit: None,
        },
        Expect {
            file: "args_env.wat",
            args: strings(&["--env", "FOO=bar", "--env", "X=1", "--", "a", "b c"]),
            stdout: "args_env.wat\na\nb c\nFOO=bar\nX=1\n",
            stderr: "",
            exit: None,
        },
        Expect {
            file: "exit0.wat",
            args: vec![],
            stdout: "",
            stderr: "",
            exit: Some(0),
        },
        Expect {
            file: "exit3.wat",
            args: vec![],
            stdout: "exiting\n",
            stderr: "",
            exit: Some(3),
        },
        Expect {
            file: "files.wat",
            args: strings(&["--dir", "dir::/sandbox"]),
            stdout: "/sandbox\nsome input\n",
            stderr: "",
            exit: None,
        },
        Expect {
            file: "clock_random.wat",
            args: vec![],
            // 2024-01-01T00:00:00Z, then 1 µs per reading; seeded bytes.
            stdout: "realtime 17a6101701650000\nmonotonic 00000000000003e8\n\
                     realtime 17a61017016507d0\nmonotonic 0000000000000bb8\n\
                     random d9ac876fbb3a7bc7\nrandom 2e79db643559bc2f\n",
            stderr: "",
            exit: None,
        },
        Expect {
            file: "stdin_echo.wat",
            args: strings(&["--stdin", stdin.to_str().unwrap()]),
            stdout: "line one\nline two\n",
            stderr: "18\n",
            exit: None,
        },
    ];
    let before = snapshot(&data().join("dir"));
    for c in &cases {
        let mut args = vec!["run", c.file, "--json"];
        args.extend(c.args.iter().map(String::as_str));
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{}: {stdout}\n{stderr}", c.file);
        let v: Value = serde_json::from_str(&stdout).unwrap();
        let run0 = &v["result"]["runs"][0];
        assert_eq!(v["result"]["verdict"]["verdict"], "agree", "{}", c.file);
        let engines = run0["engines"].as_array().unwrap();
        assert!(engines.len() >= 8, "{}: {engines:?}", c.file);
        assert_eq!(run0["unsupported"], serde_json::json!([]), "{}", c.file);
        // Every engine ran the program to the end, with the same result.
        let outputs = run0["wasi"].as_array().unwrap();
        assert_eq!(outputs.len(), engines.len(), "{}", c.file);
        for o in outputs {
            let (engine, out) = (&o[0], &o[1]);
            assert_eq!(out["stdout"], c.stdout, "{}: {engine}", c.file);
            assert_eq!(out["stderr"], c.stderr, "{}: {engine}", c.file);
            assert_eq!(
                out["exit"],
                serde_json::json!(c.exit),
                "{}: {engine}",
                c.file
            );
        }
        // The call row shows the exit as an outcome.
        if let Some(code) = c.exit {
            let call = run0["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["phase"]["phase"] == "call")
                .unwrap();
            for cell in call["cells"].as_array().unwrap() {
                assert_eq!(cell["outcome"], "exit", "{}: {cell}", c.file);
                assert_eq!(cell["detail"], code, "{}: {cell}", c.file);
            }
        }
        // And the table shows the output and the exit code.
        let (code, table, _) = run(&args
            .iter()
            .copied()
            .filter(|a| *a != "--json")
            .collect::<Vec<_>>());
        assert_eq!(code, 0);
        let first = c.stdout.lines().next().unwrap_or("(empty)");
        assert!(table.contains(first), "{}: {table}", c.file);
        match c.exit {
            Some(code) => assert!(
                table.contains(&format!("exit code: {code} (proc_exit)")),
                "{table}"
            ),
            None => assert!(table.contains("exit code: none"), "{table}"),
        }
        assert!(table.contains("[all]"), "{table}");
    }
    // The program wrote output.txt and sub/n.txt in its copy only.
    assert_eq!(snapshot(&data().join("dir")), before);
    let (_, stdout, _) = run(&["run", "files.wat", "--json", "--dir", "dir::/sandbox"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let out = &v["result"]["runs"][0]["wasi"][0][1];
    let tree = &out["dirs"][0][1]["entries"];
    assert_eq!(tree["output.txt"]["file"], "copied: some input\n", "{out}");
    assert_eq!(
        tree["sub"]["dir"]["entries"]["n.txt"]["file"], "nested\n",
        "{out}"
    );
}

#[test]
fn engines_in_child_processes_get_the_same_host() {
    // `--isolate`: each engine in its own process, the WASI configuration
    // sent along, the output read back.
    let (code, stdout, stderr) = run(&[
        "run",
        "files.wat",
        "--json",
        "--isolate",
        "--engines",
        "wasmtime-cranelift,wasmi,wasmer-singlepass",
        "--dir",
        "dir::/sandbox",
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let outputs = v["result"]["runs"][0]["wasi"].as_array().unwrap();
    assert_eq!(outputs.len(), 3);
    for o in outputs {
        assert_eq!(o[1]["stdout"], "/sandbox\nsome input\n", "{}", o[0]);
        let tree = &o[1]["dirs"][0][1]["entries"];
        assert_eq!(
            tree["output.txt"]["file"], "copied: some input\n",
            "{}",
            o[0]
        );
    }
    let (code, stdout, _) = run(&[
        "run",
        "exit3.wat",
        "--isolate",
        "--engines",
        "wasmtime-cranelift,wasmi",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("exit code: 3 (proc_exit)"), "{stdout}");
}

#[test]
fn bad_pointers_get_efault_in_every_engine() {
    let (code, stdout, stderr) = run(&["run", "bad_pointers.wat", "--json"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    for o in v["result"]["runs"][0]["wasi"].as_array().unwrap() {
        let text = o[1]["stdout"].as_str().unwrap();
        assert_eq!(text.lines().count(), 8, "{text}");
        assert!(
            text.lines().all(|l| l.ends_with(": 21")),
            "{}: {text}",
            o[0]
        );
    }
}

#[test]
fn a_reactor_is_initialized_then_invoked() {
    let (code, stdout, stderr) = run(&["run", "reactor.wat", "--invoke", "add", "2", "3"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("call[0] _initialize()"), "{stdout}");
    assert!(stdout.contains("add(i32:2, i32:3)   i32:5"), "{stdout}");
    assert!(stdout.contains("| init"), "{stdout}");
}

#[test]
fn a_fault_in_an_engine_shows_as_different_output() {
    // Prints '0' + 1 with `i32.add`, which the canary computes as a
    // subtraction: its stdout is "/" where the others print "1".
    let dir_guard = tempfile::tempdir().unwrap();
    let dir = dir_guard.path().join("wasmdiff-wasi-canary");
    std::fs::create_dir_all(&dir).unwrap();
    let wat = dir.join("digit.wat");
    std::fs::write(
        &wat,
        r#"(module
             (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "_start")
               (i32.store8 (i32.const 100) (i32.add (i32.const 48) (i32.const 1)))
               (i32.store (i32.const 0) (i32.const 100))
               (i32.store (i32.const 4) (i32.const 1))
               (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#,
    )
    .unwrap();
    let repros = dir.join("repros");
    let _ = std::fs::remove_dir_all(&repros);
    let (code, stdout, stderr) = run(&[
        "run",
        wat.to_str().unwrap(),
        "--engines",
        "wasmtime-cranelift,wasmi,canary",
        "--env",
        "A=1",
        "--dir",
        "dir::/data",
        "--save",
        repros.to_str().unwrap(),
        "--",
        "x",
        "y z",
    ]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("state:stdout"), "{stdout}");
    assert!(stdout.contains("stdout differs (unified diff)"), "{stdout}");
    assert!(stdout.contains("-1") && stdout.contains("+/"), "{stdout}");
    // The repro holds what the program was given, and the runtimes' own
    // command lines.
    let saved: Vec<PathBuf> = std::fs::read_dir(&repros)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let r = &saved[0];
    assert_eq!(
        std::fs::read(r.join("dirs/0/input.txt")).unwrap(),
        b"some input\n"
    );
    assert!(r.join("stdin").exists());
    let report = std::fs::read_to_string(r.join("report.md")).unwrap();
    for line in [
        "wasmtime run --env A=1 --dir dirs/0::/data case.wasm x 'y z' < stdin",
        "wasmer run --env A=1 --mapdir /data:dirs/0 case.wasm -- x 'y z' < stdin",
        "iwasm --env=A=1 --map-dir=dirs/0::/data case.wasm x 'y z' < stdin",
        "require(\"node:wasi\")",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(r.join("meta.json")).unwrap()).unwrap();
    assert_eq!(
        meta["wasi"]["args"],
        serde_json::json!(["digit.wat", "x", "y z"])
    );
    // `repro` gives the program the same host again.
    let (code, stdout, stderr) = run(&["repro", r.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("same signature as recorded"), "{stdout}");
}

#[test]
fn bad_wasi_input_is_a_clear_error() {
    for (args, needle) in [
        (
            &["run", "hello.wat", "--env", "NOEQUALS"][..],
            "--env `NOEQUALS`: expected KEY=VALUE",
        ),
        (
            &["run", "hello.wat", "--dir", "/no/such/dir"][..],
            "--dir /no/such/dir: not a directory",
        ),
        (
            &["run", "hello.wat", "--stdin", "/no/such/file"][..],
            "--stdin /no/such/file",
        ),
        (
            &["run", "reactor.wat", "--invoke", "missing"][..],
            "no exported function `missing`",
        ),
        (
            &["run", "reactor.wat", "--invoke", "add", "1"][..],
            "`add` takes 2 arguments",
        ),
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stdout}\n{stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // A module that imports a function WASI does not define.
    let dir_guard = tempfile::tempdir().unwrap();
    let dir = dir_guard.path().join("wasmdiff-wasi-bad");
    std::fs::create_dir_all(&dir).unwrap();
    let wat = dir.join("bogus.wat");
    std::fs::write(
        &wat,
        r#"(module (import "wasi_snapshot_preview1" "no_such_call" (func)) (memory (export "memory") 1)
             (func (export "_start")))"#,
    )
    .unwrap();
    let (code, _, stderr) = run(&["run", wat.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("which WASI preview 1 does not define"),
        "{stderr}"
    );
}

#[test]
fn native_wasi_runs_where_engines_have_their_own() {
    let mut files_run = None;
    for args in [
        &["run", "hello.wat", "--wasi", "native", "--json"][..],
        &["run", "exit3.wat", "--wasi", "native", "--json"][..],
        &[
            "run",
            "args_env.wat",
            "--wasi",
            "native",
            "--json",
            "--env",
            "FOO=bar",
            "--",
            "a",
            "b c",
        ][..],
        // Without wasmer: wasmer-wasix always preopens its virtual root `/`
        // at descriptor 3, where this program expects its one `--dir` (a
        // real difference between WASI implementations; see
        // `wasmer_wasix_preopens_its_root_first`).
        &[
            "run",
            "files.wat",
            "--wasi",
            "native",
            "--json",
            "--dir",
            "dir::/sandbox",
            "--engines",
            "all,-wasmer-singlepass,-wasmer-cranelift",
        ][..],
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 0, "{args:?}: {stdout}\n{stderr}");
        let v: Value = serde_json::from_str(&stdout).unwrap();
        let run0 = &v["result"]["runs"][0];
        assert_eq!(run0["wasi_native"], true);
        if args[1] == "files.wat" {
            files_run = Some(v.clone());
        }
        let ran: Vec<&str> = run0["wasi"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o[0].as_str().unwrap())
            .collect();
        // wasmtime-wasi, wasmi's WASI, wasmer-wasix and WAMR's libc-wasi
        // (always built).
        for engine in ["wasmtime-cranelift", "wasmi", "wasmer-singlepass", "wamr"] {
            if args[1] != "files.wat" || !engine.starts_with("wasmer") {
                assert!(ran.contains(&engine), "{args:?}: {ran:?}");
            }
        }
        if args[1] == "args_env.wat" {
            for o in run0["wasi"].as_array().unwrap() {
                assert_eq!(
                    o[1]["stdout"], "args_env.wat\na\nb c\nFOO=bar\n",
                    "{}",
                    o[0]
                );
            }
        }
        // Engines without a WASI of their own are unsupported, not compared.
        for u in run0["unsupported"].as_array().unwrap() {
            assert!(u[1].as_str().unwrap().contains("its own WASI"), "{u}");
            assert!(!ran.contains(&u[0].as_str().unwrap()));
        }
    }
    // The program wrote into a private copy in native mode too.
    let v = files_run.expect("files.wat ran");
    for o in v["result"]["runs"][0]["wasi"].as_array().unwrap() {
        let tree = &o[1]["dirs"][0][1]["entries"];
        assert_eq!(
            tree["output.txt"]["file"], "copied: some input\n",
            "{}",
            o[0]
        );
    }
    assert!(!data().join("dir/output.txt").exists());
}

/// wasmer-wasix preopens its virtual root at descriptor 3 (`/`), before the
/// `--dir` directories: a program that takes descriptor 3 for its first
/// `--dir` (files.wat) fails with wasmer's own WASI only. Shown as what it
/// is, a difference between WASI implementations.
#[test]
fn wasmer_wasix_preopens_its_root_first() {
    let (code, stdout, stderr) = run(&[
        "run",
        "files.wat",
        "--wasi",
        "native",
        "--json",
        "--dir",
        "dir::/sandbox",
        "--engines",
        "wasmer-singlepass,wasmer-cranelift,wasmtime-cranelift",
    ]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let run0 = &v["result"]["runs"][0];
    for o in run0["wasi"].as_array().unwrap() {
        let prestat_name = o[1]["stdout"]
            .as_str()
            .unwrap()
            .lines()
            .next()
            .unwrap_or("");
        let want = if o[0].as_str().unwrap().starts_with("wasmer") {
            "/"
        } else {
            "/sandbox"
        };
        assert_eq!(prestat_name, want, "{}", o[0]);
    }
    assert!(!data().join("dir/output.txt").exists());
}
