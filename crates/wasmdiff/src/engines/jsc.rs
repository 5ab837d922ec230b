//! JavaScriptCore (WebKit's engine) through its `jsc` shell, in three
//! configurations by tier: the in-place interpreter only (`jsc-ipint`), the
//! BBQ baseline compiler only (`jsc-bbq`), and the OMG optimizing compiler
//! with every function tiered up at once (`jsc-omg`). The shell runs
//! `js_server.js` through the JavaScript shell adapter
//! ([`super::js_shell`]); this file holds what is JavaScriptCore's own:
//! finding and fetching the shell, its flags and features, and its trap
//! messages ([`trap_kind`]).
//!
//! The shell comes from Debian's `libjavascriptcoregtk-4.0-bin` package
//! (WebKitGTK), which `wasmdiff setup` unpacks into wasmdiff's cache
//! without installing it ([`install`]); `$WASMDIFF_JSC` names another
//! `jsc`. JavaScriptCore has no option to cap memories, so the server
//! reports a call after which a memory is larger than wasmdiff's cap as a
//! resource limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::js_shell::{JsEngine, Shell};
use super::{Descriptor, EngineKind, cache_dir};
use crate::features::{Feature, FeatureSet};
use crate::trap::TrapKind;

/// The in-place interpreter only (no JIT).
pub(crate) const IPINT: Descriptor = Descriptor {
    version,
    // The interpreters reject SIMD.
    features: || FEATURES.without(Feature::Simd),
    unavailable: || status().err(),
    keeps_nan_payloads: false,
    applies_growth_caps: false,
    runs_under_asan: true,
    kept_between_scripts: true,
    in_all: true,
    command_line: |e, a| Some(command_line(EngineKind::JscIpint, e, a)),
    install: Some(super::Install {
        done: || root().join("usr/bin/jsc").exists(),
        run: install,
    }),
    build: |kind, limits, features| {
        Some(Box::new(JsEngine::new(kind, limits, features, shell(kind))))
    },
};

/// The BBQ compiler only.
pub(crate) const BBQ: Descriptor = Descriptor {
    features: || FEATURES,
    command_line: |e, a| Some(command_line(EngineKind::JscBbq, e, a)),
    ..IPINT
};

/// BBQ, then OMG for every function at once.
pub(crate) const OMG: Descriptor = Descriptor {
    features: || FEATURES,
    command_line: |e, a| Some(command_line(EngineKind::JscOmg, e, a)),
    ..IPINT
};

/// What WebKitGTK 2.50's JavaScriptCore runs by default and wasmdiff can
/// compare through JavaScript (no memory64 or multi-memory; GC and
/// exceptions are left off: their values cannot cross into JavaScript).
const FEATURES: FeatureSet = {
    use Feature::*;
    FeatureSet::of(&[
        MultiValue,
        BulkMemory,
        ReferenceTypes,
        Simd,
        TailCall,
        ExtendedConst,
        SignExtension,
        SaturatingFloatToInt,
        Threads,
    ])
};

/// The Debian packages that hold the shell and its library.
const PACKAGES: &[&str] = &[
    "libjavascriptcoregtk-4.0-bin",
    "libjavascriptcoregtk-4.0-18",
];

/// Libraries the JavaScriptCore library needs that a minimal Debian may
/// lack; fetched too when the shell cannot find them.
const DEPENDENCIES: &[&str] = &["libicu72", "libglib2.0-0", "libatomic1"];

/// Where `wasmdiff setup` unpacks the packages.
fn root() -> PathBuf {
    cache_dir().join("jsc")
}

/// The shell's flags for a tier.
fn flags(kind: EngineKind) -> &'static [&'static str] {
    const BBQ_ONLY: &[&str] = &[
        "--useWasmIPInt=false",
        "--useWasmLLInt=false",
        "--useOMGJIT=false",
    ];
    match kind {
        EngineKind::JscIpint => &["--useBBQJIT=false", "--useOMGJIT=false"],
        EngineKind::JscBbq => BBQ_ONLY,
        EngineKind::JscOmg => &[
            "--useWasmIPInt=false",
            "--useWasmLLInt=false",
            "--thresholdForOMGOptimizeAfterWarmUp=0",
            "--thresholdForOMGOptimizeSoon=0",
            "--useConcurrentJIT=false",
        ],
        _ => unreachable!("not a JavaScriptCore configuration: {kind}"),
    }
}

/// The shell: `$WASMDIFF_JSC`, else the one `wasmdiff setup` unpacked,
/// else `jsc` on the `PATH`; with the library directory it needs.
fn program() -> (PathBuf, Vec<(String, String)>) {
    if let Some(p) = std::env::var_os("WASMDIFF_JSC") {
        return (p.into(), Vec::new());
    }
    let root = root();
    let unpacked = root.join("usr/bin/jsc");
    if unpacked.exists() {
        let lib = root.join("usr/lib/x86_64-linux-gnu");
        return (
            unpacked,
            vec![("LD_LIBRARY_PATH".into(), lib.display().to_string())],
        );
    }
    ("jsc".into(), Vec::new())
}

/// The package version, or why the shell cannot be used. A shell that
/// runs is checked once; one that does not is checked again each time
/// (`wasmdiff setup` may have fetched it since).
fn status() -> Result<&'static str, String> {
    static FOUND: OnceLock<String> = OnceLock::new();
    if let Some(v) = FOUND.get() {
        return Ok(v);
    }
    let (program, env) = program();
    let out = Command::new(&program)
        .args(["-e", "print('ok')"])
        .envs(env)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| {
            format!(
                "cannot run `{}`: {e} (run `wasmdiff setup` to fetch it)",
                program.display()
            )
        })?;
    if !out.status.success() || out.stdout != b"ok\n" {
        return Err(format!(
            "`{}` does not run: {} {} (run `wasmdiff setup` to fetch it again)",
            program.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    // The shell cannot say its version; the package can.
    let version = std::fs::read_to_string(root().join("VERSION"))
        .ok()
        .filter(|_| program.starts_with(root()))
        .or_else(|| dpkg_version("libjavascriptcoregtk-4.0-bin"))
        .unwrap_or_else(|| "(version unknown)".into());
    Ok(FOUND.get_or_init(|| version.trim().to_string()))
}

/// The installed version of a Debian package.
fn dpkg_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", package])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    (out.status.success() && !out.stdout.is_empty())
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `javascriptcore <package version> (webkitgtk)`.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    match status() {
        Ok(v) => VERSION.get_or_init(|| format!("javascriptcore {v} (webkitgtk)")),
        Err(_) => "javascriptcore (not found)",
    }
}

/// Fetch Debian's JavaScriptCore packages with `apt-get download` and
/// unpack them into the cache (`dpkg-deb -x`); nothing is installed.
fn install() -> Result<String, String> {
    let root = root();
    let debs = root.join("debs");
    std::fs::create_dir_all(&debs).map_err(|e| format!("{}: {e}", debs.display()))?;
    download(&debs, PACKAGES)?;
    unpack_all(&debs, &root)?;
    let shell = root.join("usr/bin/jsc");
    if missing_libraries(&shell, &root) {
        download(&debs, DEPENDENCIES)?;
        unpack_all(&debs, &root)?;
    }
    let deb = find_deb(&debs, PACKAGES[0])?;
    let version = run(Command::new("dpkg-deb")
        .args(["-f"])
        .arg(&deb)
        .arg("Version"))?;
    std::fs::write(root.join("VERSION"), &version)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    Ok(format!(
        "JavaScriptCore {} unpacked into {}",
        version.trim(),
        root.display()
    ))
}

/// `apt-get download` the packages into `dir`, refreshing the package
/// lists once if they do not know them (a fresh machine has none).
fn download(dir: &Path, packages: &[&str]) -> Result<(), String> {
    let fetch = || {
        Command::new("apt-get")
            .arg("download")
            .args(packages)
            .current_dir(dir)
            .output()
    };
    let out = fetch().map_err(|e| format!("cannot run apt-get: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let update = Command::new("apt-get")
        .args(["update", "-qq"])
        .output()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    let out = fetch().map_err(|e| format!("cannot run apt-get: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "apt-get download {} failed: {}{}",
        packages.join(" "),
        String::from_utf8_lossy(&out.stderr).trim(),
        if update.status.success() {
            String::new()
        } else {
            format!(
                " (apt-get update: {})",
                String::from_utf8_lossy(&update.stderr).trim()
            )
        }
    ))
}

fn find_deb(dir: &Path, package: &str) -> Result<PathBuf, String> {
    let prefix = format!("{package}_");
    std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".deb"))
        })
        .ok_or_else(|| format!("no {package} package in {}", dir.display()))
}

fn unpack_all(debs: &Path, root: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(debs).map_err(|e| format!("{}: {e}", debs.display()))? {
        let deb = entry.map_err(|e| e.to_string())?.path();
        if deb.extension().is_some_and(|e| e == "deb") {
            run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(root))?;
        }
    }
    Ok(())
}

/// Whether the unpacked shell lacks a shared library.
fn missing_libraries(shell: &Path, root: &Path) -> bool {
    let lib = root.join("usr/lib/x86_64-linux-gnu");
    Command::new("ldd")
        .arg(shell)
        .env("LD_LIBRARY_PATH", &lib)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("not found"))
        .unwrap_or(true)
}

fn run(command: &mut Command) -> Result<String, String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// How the `jsc` shell reads and writes lines and converts bytes (see
/// [`Shell::prelude`]). `readline()` returns the empty string at the end
/// of input; requests are never empty.
const PRELUDE: &str = r#"
const io = {
  read() {
    const line = readline();
    return line === '' ? null : line;
  },
  write(line) {
    print(line);
  },
  fromBase64(text) {
    const s = atob(text);
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes;
  },
  toBase64(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    }
    return btoa(s);
  },
  equal(a, b) {
    if (a.length !== b.length) return false;
    if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && a.length % 4 === 0) {
      const x = new Int32Array(a.buffer, a.byteOffset, a.length / 4);
      const y = new Int32Array(b.buffer, b.byteOffset, b.length / 4);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      return true;
    }
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  },
  version: 'JavaScriptCore',
  exit() {},
};
"#;

/// How to run `jsc` as `kind`.
fn shell(kind: EngineKind) -> Shell {
    let (program, env) = program();
    Shell {
        engine: "JavaScriptCore",
        program,
        flags: flags(kind).iter().map(|f| f.to_string()).collect(),
        env,
        prelude: PRELUDE,
        trap_kind,
        host_rule: |_| None,
        keeps_nan_sign: false,
        applies_memory_cap: false,
    }
}

/// A JavaScriptCore error message as a trap kind (the messages of
/// `Wasm::ExceptionType`).
pub fn trap_kind(message: &str) -> Option<TrapKind> {
    const MESSAGES: &[(&str, TrapKind)] = &[
        (
            "Unreachable code should not be executed",
            TrapKind::Unreachable,
        ),
        ("Out of bounds memory access", TrapKind::MemoryOutOfBounds),
        ("Division by zero", TrapKind::IntegerDivideByZero),
        ("Integer overflow", TrapKind::IntegerOverflow),
        ("Out of bounds Trunc operation", TrapKind::ConversionFailed),
        ("Out of bounds table access", TrapKind::TableOutOfBounds),
        (
            "Invalid data segment initialization",
            TrapKind::MemoryOutOfBounds,
        ),
        (
            "Element is trying to set an out of bounds table index",
            TrapKind::TableOutOfBounds,
        ),
        ("Out of bounds call_indirect", TrapKind::TableOutOfBounds),
        (
            "call_indirect to a null table entry",
            TrapKind::UninitializedElement,
        ),
        (
            "call_indirect to a signature that does not match",
            TrapKind::IndirectCallTypeMismatch,
        ),
        ("call_ref to a null reference", TrapKind::NullReference),
        ("Unaligned memory access", TrapKind::UnalignedAtomic),
        ("Stack overflow", TrapKind::StackExhausted),
    ];
    MESSAGES
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, k)| *k)
}

/// The `jsc` command line that calls `export` of `case.wasm` with `args`.
fn command_line(kind: EngineKind, export: &str, args: &str) -> String {
    let args = args.split_whitespace().collect::<Vec<_>>().join(", ");
    format!(
        "jsc {} -e \"const i = new WebAssembly.Instance(new WebAssembly.Module(read('case.wasm', \
         'binary')), new Proxy({{}}, {{get: () => new Proxy({{}}, {{get: () => () => 0}})}})); \
         print(i.exports['{export}']({args}))\"",
        flags(kind).join(" ")
    )
}
