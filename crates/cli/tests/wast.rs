//! `wasmdiff wast`: exit status, the per-engine table, failures, JSON and
//! bad input, through the real binary.

use std::process::Command;

fn wasmdiff(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wasmdiff"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HARNESS: &str = "../wasmdiff/tests/data/harness.wast";

#[test]
fn a_passing_script_exits_0_with_per_engine_counts() {
    let (code, stdout, stderr) = wasmdiff(&["wast", HARNESS]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let total = stdout.lines().find(|l| l.starts_with("TOTAL")).unwrap();
    let cells: Vec<&str> = total.split_whitespace().skip(1).collect();
    // Every engine passes all 25 directives but Winch (no reference
    // types: 17 unsupported) and WAMR (its adapter links no modules: the
    // importing module's 17 directives and 2 imports are unsupported); then
    // the text format's column.
    let mut expected: Vec<&str> = wasmdiff::EngineKind::available_kinds()
        .into_iter()
        .map(|k| match k.name() {
            "wasmtime-winch" => "8/0/17",
            name if name.starts_with("wamr") => "6/0/19",
            _ => "25/0/0",
        })
        .collect();
    expected.push("1/0/0");
    assert_eq!(cells, expected, "{stdout}");
    assert!(
        stdout.contains("wasmtime-winch           17  needs reference-types"),
        "{stdout}"
    );
}

#[test]
fn failures_and_json() {
    let dir_guard = tempfile::tempdir().unwrap();
    let dir = dir_guard.path().join("wasmdiff-cli-wast");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wrong.wast");
    std::fs::write(
        &path,
        "(module (func (export \"f\") (result i32) (i32.const 1)))\n\
         (assert_return (invoke \"f\") (i32.const 2))\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, stdout, _) = wasmdiff(&["wast", p, "--engines", "wasmi,wasmtime-cranelift"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("wrong.wast:2 assert_return [wasmi] f()"),
        "{stdout}"
    );
    assert!(stdout.contains("expected: i32:2"), "{stdout}");
    assert!(stdout.contains("actual:   i32:1"), "{stdout}");

    let (code, stdout, _) = wasmdiff(&["wast", p, "--engines", "wasmi", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["totals"]["wasmi"]["failed"], 1);
    assert_eq!(v["failures"][0]["line"], 2);

    // A baseline that knows the failure makes the run pass.
    let baseline = dir.join("wrong.baseline");
    let (code, _, _) = wasmdiff(&[
        "wast",
        p,
        "--engines",
        "wasmi",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert!(text.contains("pass wasmi 1"), "{text}");
    let with_reason = text.replace("-- ?", "-- planted by the test");
    std::fs::write(&baseline, with_reason).unwrap();
    let (code, stdout, _) = wasmdiff(&[
        "wast",
        p,
        "--engines",
        "wasmi",
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("baseline: ok"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_a_clear_error() {
    let (code, stdout, stderr) = wasmdiff(&["wast", "no-such.wast"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: no-such.wast: no such file or directory"
    );

    let dir_guard = tempfile::tempdir().unwrap();
    let dir = dir_guard.path().join("wasmdiff-cli-bad");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in [
        ("syntax.wast", &b"(module (func (export \"f\")"[..]),
        ("binary.wast", &b"\x00asm\xff\xfe"[..]),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, stdout, stderr) = wasmdiff(&["wast", path.to_str().unwrap()]);
        assert_eq!(code, 2, "{stdout}{stderr}");
        let line = format!("error: {}:", path.display());
        assert!(stdout.contains(&line), "{name}: {stdout}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Engines that cannot run here are listed with the reason, not left out.
#[test]
fn engines_lists_unavailable_engines_with_the_reason() {
    let (code, stdout, _) = wasmdiff(&["engines"]);
    assert_eq!(code, 0);
    let wasm3 = stdout.lines().find(|l| l.starts_with("wasm3")).unwrap();
    assert!(
        wasm3.contains("unavailable: not offered: wasm3 0.3.1"),
        "{wasm3}"
    );
    for (name, mode, feature) in [
        ("wamr", "fast interpreter", "wamr"),
        ("wamr-classic", "classic interpreter", "wamr"),
        ("wamr-fast-jit", "fast JIT", "wamr-jit"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap();
        assert!(
            line.contains(&format!("wamr 2.4.3 ({mode})"))
                || line.contains(&format!("cargo feature `{feature}`")),
            "{line}"
        );
    }
    for v8 in ["v8-liftoff", "v8-turbofan"] {
        let line = stdout.lines().find(|l| l.starts_with(v8)).unwrap();
        assert!(
            line.contains("v8 1") || line.contains("unavailable: Node.js not usable"),
            "{line}"
        );
    }
}
