//! The human side of a repro: `case.wast` (the module with one assertion
//! per call) and `report.md` (for a maintainer: the divergence, the case,
//! what a WASI program was given, the engines, and how to reproduce with
//! wasmdiff and with each engine's own tool).

use std::fmt::Write as _;

use super::Finding;
use crate::engines::EngineKind;
use crate::oracle::{Observed, Phase, Verdict};
use crate::outcome::Outcome;
use crate::report::engine_names;
use crate::value::Val;
use crate::wasi::WasiConfig;

/// A value in .wast syntax. `result` patterns accept any NaN.
pub(super) fn wast_val(v: &Val, result: bool) -> String {
    // Floats: a NaN by sign and payload (as a result, any NaN), anything else
    // in Rust's shortest round-trip decimal (`inf`/`-inf` included), which
    // the text format reads back to the same bits.
    let float = |ty: &str, nan: bool, negative: bool, payload: u64, decimal: String| {
        let sign = if negative { "-" } else { "" };
        match (nan, result) {
            (true, true) => format!("({ty}.const nan:arithmetic)"),
            (true, false) => format!("({ty}.const {sign}nan:0x{payload:x})"),
            _ => format!("({ty}.const {decimal})"),
        }
    };
    match *v {
        Val::I32(x) => format!("(i32.const {x})"),
        Val::I64(x) => format!("(i64.const {x})"),
        Val::F32(b) => float(
            "f32",
            crate::value::f32_is_nan(b),
            b >> 31 == 1,
            u64::from(b & 0x7f_ffff),
            format!("{:?}", f32::from_bits(b)),
        ),
        Val::F64(b) => float(
            "f64",
            crate::value::f64_is_nan(b),
            b >> 63 == 1,
            b & 0xf_ffff_ffff_ffff,
            format!("{:?}", f64::from_bits(b)),
        ),
        Val::V128(b) => {
            let lanes: Vec<String> = (0..4)
                .map(|i| format!("0x{:08x}", (b >> (32 * i)) as u32))
                .collect();
            format!("(v128.const i32x4 {})", lanes.join(" "))
        }
        Val::FuncRef { null: true } => "(ref.null func)".into(),
        Val::FuncRef { null: false } => "(ref.func)".into(),
        Val::ExternRef { null: true } => "(ref.null extern)".into(),
        Val::ExternRef { null: false } => "(ref.extern)".into(),
        Val::HostRef(n) => format!("(ref.extern {n})"),
        Val::AnyRef(crate::value::AnyKind::Null) => "(ref.null any)".into(),
        Val::AnyRef(crate::value::AnyKind::I31) => "(ref.i31)".into(),
        Val::AnyRef(crate::value::AnyKind::Struct) => "(ref.struct)".into(),
        Val::AnyRef(crate::value::AnyKind::Array) => "(ref.array)".into(),
        Val::AnyRef(crate::value::AnyKind::Host(n)) => format!("(ref.host {n})"),
        Val::AnyRef(_) => "(ref.any)".into(),
    }
}

/// A name as a WAT string literal body: printable ASCII as is, every other
/// byte (and quotes and backslashes) as `\xx`.
fn wat_string(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'"' | b'\\' => format!("\\{b:02x}"),
            0x20..=0x7e => (b as char).to_string(),
            _ => format!("\\{b:02x}"),
        })
        .collect()
}

/// The module, then one assertion per call with the majority's outcome and
/// each engine's actual outcome as comments.
pub(super) fn wast_text(f: &Finding<'_>) -> String {
    let d = f.divergence;
    let mut s = String::new();
    let _ = writeln!(
        s,
        ";; wasmdiff repro {}: {}",
        d.signature.id, d.signature.text
    );
    let _ = writeln!(
        s,
        ";; Expected outcomes are the majority's; each engine's own is in a comment."
    );
    let hex: String = f.shrunk.wasm.iter().map(|b| format!("\\{b:02x}")).collect();
    let _ = writeln!(s, "(module binary \"{hex}\")");
    let Some(run) = f.result.runs.first() else {
        return s;
    };
    for row in &run.rows {
        let Phase::Call(i) = row.phase else { continue };
        let Some(call) = f.shrunk.calls.get(i) else {
            continue;
        };
        // Group the engines by outcome; the largest group is "expected".
        let mut groups: Vec<(&Observed, Vec<EngineKind>)> = Vec::new();
        for (ei, cell) in row.cells.iter().enumerate() {
            let Some(o) = cell else { continue };
            match groups.iter_mut().find(|(g, _)| g.same_as(o)) {
                Some((_, ks)) => ks.push(run.engines[ei]),
                None => groups.push((o, vec![run.engines[ei]])),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.1.len()));
        for (o, ks) in &groups {
            let _ = writeln!(s, ";; {}: {}", engine_names(ks), o.show(row.phase));
        }
        let args: Vec<String> = call.args.iter().map(|a| wast_val(a, false)).collect();
        let invoke = format!(
            "(invoke \"{}\"{}{})",
            wat_string(&call.export),
            if args.is_empty() { "" } else { " " },
            args.join(" ")
        );
        match groups.first().map(|g| g.0) {
            Some(Observed::Outcome(Outcome::Ok(vals))) => {
                let r: Vec<String> = vals.iter().map(|v| wast_val(v, true)).collect();
                let _ = writeln!(
                    s,
                    "(assert_return {invoke}{}{})",
                    if r.is_empty() { "" } else { " " },
                    r.join(" ")
                );
            }
            Some(Observed::Outcome(Outcome::Trap(k))) if k.spec_message().is_some() => {
                let _ = writeln!(
                    s,
                    "(assert_trap {invoke} \"{}\")",
                    k.spec_message().unwrap_or_default()
                );
            }
            _ => {
                let _ = writeln!(s, "{invoke}");
            }
        }
    }
    if !matches!(d.phase, Phase::Call(_)) {
        let _ = writeln!(s, ";; The engines diverged at {}: {}", d.phase, d.detail);
    }
    s
}

/// The maintainer's report.
pub(super) fn report_md(f: &Finding<'_>) -> String {
    let d = f.divergence;
    let mut s = String::new();
    let export = d
        .export
        .as_deref()
        .map(|e| format!(", export `{}`", e.escape_debug()))
        .unwrap_or_default();
    let _ = writeln!(s, "# Divergence {}\n", d.signature.id);
    let _ = writeln!(s, "Engines disagree at **{}**{export}.\n", d.phase);
    let _ = writeln!(s, "Signature: `{}`\n", d.signature.text);
    let _ = writeln!(s, "| engines | outcome class | observed |\n|---|---|---|");
    for g in &d.groups {
        let _ = writeln!(
            s,
            "| {} | `{}` | {} |",
            engine_names(&g.engines),
            g.class,
            g.shown.replace('|', "\\|")
        );
    }
    if let Some(m) = &d.majority {
        let _ = writeln!(
            s,
            "\nExpected (majority: {}): {}\n\nActual (odd one(s) out: {}): see the table.",
            engine_names(m),
            d.groups[0].shown,
            engine_names(&d.odd)
        );
    }
    let _ = writeln!(s, "\nDetail: {}\n", d.detail);
    let _ = writeln!(s, "## Case\n");
    let _ = writeln!(
        s,
        "- `case.wasm`: {} bytes (shrunk from {} bytes in {} ms, {} candidates{}); `case.wat` is its text.",
        f.shrunk.shrunk_size,
        f.shrunk.original_size,
        f.shrunk.millis,
        f.shrunk.candidates,
        if f.shrunk.timed_out {
            ", stopped by the time limit"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "- `original.wasm`: the module as generated.");
    let _ = writeln!(
        s,
        "- `case.wast`: the module with one assertion per call (the majority's outcome)."
    );
    let _ = writeln!(s, "- Feature set: `{}`", f.features);
    let _ = writeln!(s, "- Calls, in order:");
    for c in &f.shrunk.calls {
        let args: Vec<String> = c.args.iter().map(Val::to_string).collect();
        let _ = writeln!(s, "  - `{}({})`", c.export.escape_debug(), args.join(", "));
    }
    if let Some(w) = f.wasi {
        wasi_section(&mut s, w);
    }
    let _ = writeln!(s, "\n## Engines\n");
    for k in f.engines {
        let _ = writeln!(s, "- {} ({})", k.name(), k.version());
    }
    let _ = writeln!(s, "\n## Reproduce\n\n```sh");
    let _ = writeln!(
        s,
        "wasmdiff repro corpus/repros/{}        # the recorded calls and arguments",
        d.signature.id
    );
    let _ = writeln!(
        s,
        "wasmdiff run corpus/repros/{}/case.wasm # every export with zero arguments",
        d.signature.id
    );
    if let Some(c) = f
        .shrunk
        .calls
        .iter()
        .find(|c| Some(&c.export) == d.export.as_ref())
    {
        let args: Vec<String> = c.args.iter().map(cli_arg).collect();
        let a = args.join(" ");
        let e = c.export.escape_debug().to_string();
        let lines: Vec<String> = f
            .engines
            .iter()
            .filter_map(|k| Some(format!("# {k}\n{}", k.command_line(&e, &a)?)))
            .collect();
        if !lines.is_empty() {
            let _ = writeln!(
                s,
                "\n# with the engines' own command-line tools (where they can pass these arguments):"
            );
            for line in lines {
                let _ = writeln!(s, "{line}");
            }
        }
    }
    let _ = writeln!(s, "```");
    if !matches!(f.result.verdict, Verdict::Diverge(_)) {
        let _ = writeln!(
            s,
            "\nNote: the shrunk case's own verdict was `{}`.",
            f.result.verdict.name()
        );
    }
    s
}

/// What a WASI program was given, and how to give it the same with the
/// engines' own WASI implementations, from the repro directory.
fn wasi_section(s: &mut String, w: &WasiConfig) {
    let _ = writeln!(s, "\n## WASI program\n");
    let _ = writeln!(
        s,
        "wasmdiff ran it with its deterministic WASI host (the same in every engine): \
         the clock starts at 2024-01-01T00:00:00Z and moves 1 µs per reading; random \
         bytes come from seed {}.\n",
        w.seed
    );
    let _ = writeln!(s, "- Arguments (argv[0] first): `{}`", shell_words(&w.args));
    if w.env.is_empty() {
        let _ = writeln!(s, "- Environment: empty");
    }
    for (k, v) in &w.env {
        let _ = writeln!(s, "- Environment: `{k}={v}`");
    }
    let _ = writeln!(s, "- Standard input: `stdin` ({} bytes)", w.stdin.len());
    for (i, d) in w.dirs.iter().enumerate() {
        let files = d.tree.flatten().values().filter(|c| c.is_some()).count();
        let _ = writeln!(
            s,
            "- Preopened directory `{}`: `dirs/{i}/` ({files} files{})",
            d.guest,
            d.host
                .as_ref()
                .map(|h| format!(", copied from {}", h.display()))
                .unwrap_or_default()
        );
    }
    let args = shell_words(&w.args[1.min(w.args.len())..]);
    let env = |flag: &str, sep: &str| {
        w.env
            .iter()
            .map(|(k, v)| format!("{flag}{sep}{}", shell_word(&format!("{k}={v}"))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dirs = |flag: &str, sep: &str, guest_first: bool| {
        w.dirs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let host = format!("dirs/{i}");
                if guest_first {
                    format!("{flag}{sep}{}", shell_word(&format!("{}:{host}", d.guest)))
                } else {
                    format!("{flag}{sep}{}", shell_word(&format!("{host}::{}", d.guest)))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let join = |parts: &[String]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = writeln!(
        s,
        "\nThe same program with each runtime's own WASI (their clocks and random \
         bytes are real, so a program that prints them differs by design):\n\n```sh"
    );
    // Each tool's environment and directory flags (wasmer names the guest
    // path first).
    for (tool, env_flag, sep, dir_flag, guest_first, module) in [
        ("wasmtime run", "--env", " ", "--dir", false, "case.wasm"),
        ("wasmer run", "--env", " ", "--mapdir", true, "case.wasm --"),
        ("iwasm", "--env", "=", "--map-dir", false, "case.wasm"),
    ] {
        let line = join(&[
            tool.into(),
            env(env_flag, sep),
            dirs(dir_flag, sep, guest_first),
            module.into(),
            args.clone(),
        ]);
        let _ = writeln!(s, "{line} < stdin");
    }
    let js_args: Vec<String> = w.args.iter().map(|a| format!("{a:?}")).collect();
    let js_env: Vec<String> = w.env.iter().map(|(k, v)| format!("{k:?}: {v:?}")).collect();
    let js_dirs: Vec<String> = w
        .dirs
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{:?}: \"dirs/{i}\"", d.guest))
        .collect();
    let _ = writeln!(
        s,
        "node -e 'const {{ WASI }} = require(\"node:wasi\"); \
         const w = new WASI({{ version: \"preview1\", args: [{}], env: {{{}}}, preopens: {{{}}}, returnOnExit: true }}); \
         const i = new WebAssembly.Instance(new WebAssembly.Module(require(\"fs\").readFileSync(\"case.wasm\")), w.getImportObject()); \
         process.exitCode = w.start(i)' < stdin",
        js_args.join(", "),
        js_env.join(", "),
        js_dirs.join(", ")
    );
    let _ = writeln!(s, "```");
}

/// A word for a POSIX shell: quoted when it needs to be.
fn shell_word(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

fn shell_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| shell_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn cli_arg(v: &Val) -> String {
    match *v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => format!("{:?}", f32::from_bits(b)),
        Val::F64(b) => format!("{:?}", f64::from_bits(b)),
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wast_values_parse() {
        let vals = [
            Val::I32(-1),
            Val::I64(i64::MIN),
            Val::F32(0x7fa0_0001),
            Val::F32(0xff80_0000),
            Val::F32(0x8000_0000),
            Val::F32(1.1f32.to_bits()),
            Val::F64(0xfff4_0000_0000_0001),
            Val::F64(0.1f64.to_bits()),
            Val::V128(0x1234),
        ];
        for v in vals {
            let text = format!(
                "(module (func (result {}) {}))",
                v.ty(),
                wast_val(&v, false)
            );
            let wasm = wat::parse_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            // Round trip: the constant in the module has exactly the bits.
            let op = wasmparser::Parser::new(0)
                .parse_all(&wasm)
                .find_map(|p| match p.unwrap() {
                    wasmparser::Payload::CodeSectionEntry(body) => {
                        Some(body.get_operators_reader().unwrap().read().unwrap())
                    }
                    _ => None,
                })
                .unwrap();
            use wasmparser::Operator as O;
            let back = match op {
                O::I32Const { value } => Val::I32(value),
                O::I64Const { value } => Val::I64(value),
                O::F32Const { value } => Val::F32(value.bits()),
                O::F64Const { value } => Val::F64(value.bits()),
                O::V128Const { value } => Val::V128(u128::from_le_bytes(*value.bytes())),
                other => panic!("{text}: {other:?}"),
            };
            assert_eq!(format!("{back:?}"), format!("{v:?}"), "{text}");
        }
        assert_eq!(
            wast_val(&Val::F32(1.1f32.to_bits()), false),
            "(f32.const 1.1)"
        );
        assert_eq!(
            wast_val(&Val::F32(0xffc0_0001), true),
            "(f32.const nan:arithmetic)"
        );
        assert_eq!(
            wast_val(&Val::F32(0xffc0_0001), false),
            "(f32.const -nan:0x400001)"
        );
    }
}
