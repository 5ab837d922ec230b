//! Saved repros: one directory per divergence signature.
//!
//! `corpus/repros/<signature-id>/` holds `case.wasm` (shrunk), `case.wat`,
//! `original.wasm`, `case.wast` (ready to paste into an engine's test
//! suite), `report.md` (for a maintainer) and `meta.json` (signature,
//! counts, first/last seen, calls, the fuzz input as base64). The same
//! signature found again increments the count and keeps the smaller case;
//! it never makes a second directory. Every file is written to a temporary
//! name and renamed, a new directory is built under a temporary name and
//! renamed into place, and writers of one signature take a lock file, so
//! several fuzzing processes can share a corpus and a crash never leaves
//! half a repro.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::engines::EngineKind;
use crate::features::FeatureSet;
use crate::generate::{Call, TestCase};
use crate::oracle::{CaseResult, Divergence, Observed, Phase, Verdict};
use crate::outcome::Outcome;
use crate::shrink::Shrunk;
use crate::value::Val;
use crate::wasi::WasiConfig;

/// What is recorded about a signature.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Meta {
    /// The signature's id (the directory name).
    pub signature_id: String,
    /// The signature's canonical text.
    pub signature: String,
    /// How many times it was found.
    pub count: u64,
    /// First found (seconds since the Unix epoch).
    pub first_seen: u64,
    /// Last found (seconds since the Unix epoch).
    pub last_seen: u64,
    /// Size of the original module.
    pub original_size: usize,
    /// Size of the saved (shrunk) module.
    pub shrunk_size: usize,
    /// How long the shrink took, in milliseconds.
    pub shrink_millis: u128,
    /// The engine configurations compared.
    pub engines: Vec<String>,
    /// The feature set the module was generated with.
    pub features: String,
    /// The calls to make on `case.wasm`, with their arguments.
    pub calls: Vec<Call>,
    /// The fuzz input that generated the original, base64 (absent for a
    /// user's module).
    pub input_base64: Option<String>,
    /// wasmdiff's version.
    pub tool_version: String,
    /// For a WASI program: what its host gave it (arguments, environment,
    /// standard input, preopened directories' contents, random seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wasi: Option<WasiConfig>,
}

/// A divergence to record.
pub struct Finding<'a> {
    /// The divergence (its signature names the directory).
    pub divergence: &'a Divergence,
    /// The original case.
    pub original: &'a TestCase,
    /// The shrunk case.
    pub shrunk: &'a Shrunk,
    /// The check of the shrunk case (for the report and the .wast).
    pub result: &'a CaseResult,
    /// The fuzz input bytes, if the case was generated.
    pub input: Option<&'a [u8]>,
    /// The engines compared.
    pub engines: &'a [EngineKind],
    /// The generation feature set.
    pub features: FeatureSet,
    /// For a WASI program: its host's configuration.
    pub wasi: Option<&'a WasiConfig>,
}

/// Where a finding went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The repro directory.
    pub dir: PathBuf,
    /// Whether the signature was new.
    pub new: bool,
    /// Times seen, this one included.
    pub count: u64,
}

/// A repro directory's contents, loaded.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The metadata.
    pub meta: Meta,
    /// The shrunk module.
    pub wasm: Vec<u8>,
}

/// A directory of repros.
#[derive(Clone, Debug)]
pub struct ReproStore {
    root: PathBuf,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Write `bytes` to `path` atomically: a temporary file in the same
/// directory, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}-{}", std::process::id(), unique()));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

fn unique() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    t ^ u128::from(N.fetch_add(1, Ordering::Relaxed)) << 64
}

/// An exclusive lock on a signature's lock file, held while one writer
/// updates the signature: the system's advisory file lock
/// (`std::fs::File::lock`, `flock` on Linux), which the system releases
/// when the holder's file closes, also when its process dies, so a dead
/// writer never blocks the next one. The file itself stays (removing it
/// would race with a writer that just opened it).
struct Lock {
    _file: fs::File,
}

impl Lock {
    fn take(path: PathBuf) -> io::Result<Lock> {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        file.lock()?;
        Ok(Lock { _file: file })
    }
}

impl ReproStore {
    /// A store rooted at `root` (created when first written).
    pub fn new(root: impl Into<PathBuf>) -> ReproStore {
        ReproStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of a signature id.
    pub fn dir_of(&self, id: &str) -> PathBuf {
        self.root.join(id)
    }

    /// Record a finding: a new directory, or an update of the existing one.
    pub fn record(&self, f: &Finding<'_>) -> io::Result<Recorded> {
        fs::create_dir_all(&self.root)?;
        let id = &f.divergence.signature.id;
        let _lock = Lock::take(self.root.join(format!(".{id}.lock")))?;
        let dir = self.dir_of(id);
        let meta_path = dir.join("meta.json");
        if let Ok(text) = fs::read_to_string(&meta_path)
            && let Ok(mut meta) = serde_json::from_str::<Meta>(&text)
        {
            meta.count += 1;
            meta.last_seen = now();
            if f.shrunk.wasm.len() < meta.shrunk_size {
                for (name, bytes) in case_files(f) {
                    write_case_file(&dir, &name, &bytes, true)?;
                }
                let fresh = new_meta(f);
                meta.original_size = fresh.original_size;
                meta.shrunk_size = fresh.shrunk_size;
                meta.shrink_millis = fresh.shrink_millis;
                meta.calls = fresh.calls;
                meta.input_base64 = fresh.input_base64;
            }
            write_atomic(&meta_path, &to_json(&meta))?;
            return Ok(Recorded {
                dir,
                new: false,
                count: meta.count,
            });
        }
        // New: build the whole directory under a temporary name, then rename.
        let tmp = self
            .root
            .join(format!(".tmp-{id}-{}-{}", std::process::id(), unique()));
        fs::create_dir_all(&tmp)?;
        let written = (|| {
            for (name, bytes) in case_files(f) {
                write_case_file(&tmp, &name, &bytes, false)?;
            }
            fs::write(tmp.join("meta.json"), to_json(&new_meta(f)))?;
            if dir.exists() {
                // A directory without a readable meta.json: an older
                // interrupted writer. Replace it.
                fs::remove_dir_all(&dir)?;
            }
            fs::rename(&tmp, &dir)
        })();
        if written.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        written?;
        Ok(Recorded {
            dir,
            new: true,
            count: 1,
        })
    }

    /// Load a repro directory.
    pub fn load(dir: &Path) -> Result<Saved, String> {
        let shown = dir.display();
        let text = fs::read_to_string(dir.join("meta.json"))
            .map_err(|e| format!("{shown}: no readable meta.json: {e}"))?;
        let meta: Meta =
            serde_json::from_str(&text).map_err(|e| format!("{shown}/meta.json: {e}"))?;
        let wasm = fs::read(dir.join("case.wasm"))
            .map_err(|e| format!("{shown}: no readable case.wasm: {e}"))?;
        Ok(Saved { meta, wasm })
    }

    /// Every repro directory under the root, sorted.
    pub fn list(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("meta.json").is_file())
            .collect();
        dirs.sort();
        dirs
    }
}

fn to_json(meta: &Meta) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(meta).expect("meta serializes");
    v.push(b'\n');
    v
}

fn new_meta(f: &Finding<'_>) -> Meta {
    let t = now();
    Meta {
        signature_id: f.divergence.signature.id.clone(),
        signature: f.divergence.signature.text.clone(),
        count: 1,
        first_seen: t,
        last_seen: t,
        original_size: f.original.wasm.len(),
        shrunk_size: f.shrunk.wasm.len(),
        shrink_millis: f.shrunk.millis,
        engines: f.engines.iter().map(|e| e.name().to_string()).collect(),
        features: f.features.to_string(),
        calls: f.shrunk.calls.clone(),
        input_base64: f.input.map(crate::encoding::base64),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        wasi: f.wasi.cloned(),
    }
}

/// The files that describe the case (all but meta.json), by relative
/// path. A WASI program's standard input is `stdin` and its preopened
/// directories' contents `dirs/<n>/`, so that the engines' own tools can
/// replay it (`report.md` has their command lines).
fn case_files(f: &Finding<'_>) -> Vec<(String, Vec<u8>)> {
    let wat = wasmprinter::print_bytes(&f.shrunk.wasm)
        .unwrap_or_else(|e| format!(";; wasmprinter could not print the module: {e}\n"));
    let mut files = vec![
        ("case.wasm".to_string(), f.shrunk.wasm.clone()),
        ("case.wat".to_string(), wat.into_bytes()),
        ("original.wasm".to_string(), f.original.wasm.clone()),
        ("case.wast".to_string(), wast_text(f).into_bytes()),
        ("report.md".to_string(), report_md(f).into_bytes()),
    ];
    if let Some(w) = f.wasi {
        files.push(("stdin".to_string(), w.stdin.clone()));
        for (i, d) in w.dirs.iter().enumerate() {
            // An empty directory still needs to exist for the tools.
            files.push((format!("dirs/{i}/.wasmdiff-keep"), Vec::new()));
            for (path, content) in d.tree.flatten() {
                if let Some(bytes) = content {
                    files.push((format!("dirs/{i}/{path}"), bytes.to_vec()));
                }
            }
        }
    }
    files
}

/// Write one of [`case_files`] under `dir`, making its parent directories.
fn write_case_file(dir: &Path, name: &str, bytes: &[u8], atomic: bool) -> io::Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    if atomic {
        write_atomic(&path, bytes)
    } else {
        fs::write(path, bytes)
    }
}

/// A value in .wast syntax. `result` patterns accept any NaN.
fn wast_val(v: &Val, result: bool) -> String {
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

fn names(kinds: &[EngineKind]) -> String {
    kinds
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The module, then one assertion per call with the majority's outcome and
/// each engine's actual outcome as comments.
fn wast_text(f: &Finding<'_>) -> String {
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
            let _ = writeln!(s, ";; {}: {}", names(ks), o.show(row.phase));
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
fn report_md(f: &Finding<'_>) -> String {
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
            names(&g.engines),
            g.class,
            g.shown.replace('|', "\\|")
        );
    }
    if let Some(m) = &d.majority {
        let _ = writeln!(
            s,
            "\nExpected (majority: {}): {}\n\nActual (odd one(s) out: {}): see the table.",
            names(m),
            d.groups[0].shown,
            names(&d.odd)
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
    let _ = writeln!(
        s,
        "{} < stdin",
        join(&[
            "wasmtime run".into(),
            env("--env", " "),
            dirs("--dir", " ", false),
            "case.wasm".into(),
            args.clone()
        ])
    );
    let _ = writeln!(
        s,
        "{} < stdin",
        join(&[
            "wasmer run".into(),
            env("--env", " "),
            dirs("--mapdir", " ", true),
            "case.wasm --".into(),
            args.clone()
        ])
    );
    let _ = writeln!(
        s,
        "{} < stdin",
        join(&[
            "iwasm".into(),
            env("--env", "="),
            dirs("--map-dir", "=", false),
            "case.wasm".into(),
            args.clone()
        ])
    );
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
