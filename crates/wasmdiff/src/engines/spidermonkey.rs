//! SpiderMonkey (Firefox's engine) through its `js102` shell, in two
//! configurations by compiler: `sm-baseline` (the baseline compiler only)
//! and `sm-ion` (the optimizing compiler, Ion, only), chosen with
//! `--wasm-compiler`. The shell runs `js_server.js` through the JavaScript
//! shell adapter ([`super::js_shell`]); this file holds what is
//! SpiderMonkey's own: finding and fetching the shell, its flags and
//! features, and its trap messages ([`trap_kind`]).
//!
//! The shell comes from Debian 12's `libmozjs-102-dev` package
//! (SpiderMonkey 102.15, the newest Debian 12 has), which `wasmdiff setup`
//! unpacks into wasmdiff's cache without installing it; `$WASMDIFF_SM`
//! names another shell. Like JavaScriptCore it has no option to cap
//! memories.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::js_shell::{JsEngine, Shell};
use super::{Descriptor, EngineKind, cache_dir};
use crate::features::{Feature, FeatureSet};
use crate::trap::TrapKind;

/// The baseline compiler only.
pub(crate) const BASELINE: Descriptor = Descriptor {
    version,
    features: || FEATURES,
    unavailable: || status().err(),
    keeps_nan_payloads: false,
    applies_growth_caps: false,
    runs_under_asan: true,
    kept_between_scripts: true,
    // Not in `all` yet: its spec-suite failures are not all explained
    // (see the README); `--engines sm-baseline,sm-ion` runs it.
    in_all: false,
    command_line: |e, a| Some(command_line(EngineKind::SmBaseline, e, a)),
    install: Some(super::Install {
        done: || root().join("usr/bin/js102").exists(),
        run: install,
    }),
    build: |kind, limits, features| {
        Some(Box::new(JsEngine::new(kind, limits, features, shell(kind))))
    },
};

/// Ion only.
pub(crate) const ION: Descriptor = Descriptor {
    command_line: |e, a| Some(command_line(EngineKind::SmIon, e, a)),
    ..BASELINE
};

/// What SpiderMonkey 102 runs by default and wasmdiff compares through
/// JavaScript (no tail calls, extended-const, multi-memory or memory64 in
/// this release; its exceptions are the legacy ones, which wasmdiff does
/// not generate).
const FEATURES: FeatureSet = {
    use Feature::*;
    FeatureSet::of(&[
        MultiValue,
        BulkMemory,
        ReferenceTypes,
        Simd,
        SignExtension,
        SaturatingFloatToInt,
        Threads,
    ])
};

/// The Debian packages that hold the shell and its library.
const PACKAGES: &[&str] = &["libmozjs-102-dev", "libmozjs-102-0"];

/// Libraries the SpiderMonkey library needs that a minimal Debian may lack;
/// fetched too when the shell cannot find them.
const DEPENDENCIES: &[&str] = &["libicu72", "zlib1g"];

/// Where `wasmdiff setup` unpacks the packages.
fn root() -> PathBuf {
    cache_dir().join("spidermonkey")
}

/// The shell's flags for a configuration.
fn flags(kind: EngineKind) -> &'static [&'static str] {
    match kind {
        EngineKind::SmBaseline => &["--wasm-compiler=baseline"],
        EngineKind::SmIon => &["--wasm-compiler=ion"],
        _ => unreachable!("not a SpiderMonkey configuration: {kind}"),
    }
}

/// The shell: `$WASMDIFF_SM`, else the one `wasmdiff setup` unpacked, else
/// `js102` on the `PATH`; with the library directory it needs.
fn program() -> (PathBuf, Vec<(String, String)>) {
    if let Some(p) = std::env::var_os("WASMDIFF_SM") {
        return (p.into(), Vec::new());
    }
    let root = root();
    let unpacked = root.join("usr/bin/js102");
    if unpacked.exists() {
        let lib = root.join("usr/lib/x86_64-linux-gnu");
        return (
            unpacked,
            vec![("LD_LIBRARY_PATH".into(), lib.display().to_string())],
        );
    }
    ("js102".into(), Vec::new())
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
        .or_else(|| dpkg_version("libmozjs-102-dev"))
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

/// `spidermonkey <package version>`.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    match status() {
        Ok(v) => VERSION.get_or_init(|| format!("spidermonkey {v}")),
        Err(_) => "spidermonkey (not found)",
    }
}

/// Fetch Debian's SpiderMonkey packages with `apt-get download` and unpack
/// them into the cache (`dpkg-deb -x`); nothing is installed.
fn install() -> Result<String, String> {
    let root = root();
    let debs = root.join("debs");
    std::fs::create_dir_all(&debs).map_err(|e| format!("{}: {e}", debs.display()))?;
    download(&debs, PACKAGES)?;
    unpack_all(&debs, &root)?;
    let shell = root.join("usr/bin/js102");
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
        "SpiderMonkey {} unpacked into {}",
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

/// How the `js102` shell reads and writes lines and converts bytes (see
/// `Shell::prelude`); SpiderMonkey's shell has no `atob`.
const PRELUDE: &str = r#"
const io = (() => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const index = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) index[abc.charCodeAt(i)] = i;
  return {
    read() {
      return readline();
    },
    write(line) {
      print(line);
    },
    fromBase64(text) {
      let n = text.length;
      while (n > 0 && text[n - 1] === '=') n--;
      const bytes = new Uint8Array((n * 3) >> 2);
      let acc = 0, bits = 0, o = 0;
      for (let i = 0; i < n; i++) {
        acc = (acc << 6) | index[text.charCodeAt(i)];
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          bytes[o++] = (acc >> bits) & 0xff;
        }
      }
      return bytes;
    },
    toBase64(bytes) {
      const parts = [];
      let s = '';
      let i = 0;
      for (; i + 2 < bytes.length; i += 3) {
        const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        s += abc[v >> 18] + abc[(v >> 12) & 63] + abc[(v >> 6) & 63] + abc[v & 63];
        if (s.length > 65536) { parts.push(s); s = ''; }
      }
      if (i < bytes.length) {
        const v = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
        s += abc[v >> 18] + abc[(v >> 12) & 63]
          + (i + 1 < bytes.length ? abc[(v >> 6) & 63] : '=') + '=';
      }
      parts.push(s);
      return parts.join('');
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
    version: 'SpiderMonkey',
    exit() {},
  };
})();
"#;

/// How to run `js102` as `kind`.
fn shell(kind: EngineKind) -> Shell {
    let (program, env) = program();
    Shell {
        engine: "SpiderMonkey",
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

/// A SpiderMonkey error message as a trap kind (the `JSMSG_WASM_*`
/// messages).
pub fn trap_kind(message: &str) -> Option<TrapKind> {
    const MESSAGES: &[(&str, TrapKind)] = &[
        ("unreachable executed", TrapKind::Unreachable),
        ("table index out of bounds", TrapKind::TableOutOfBounds),
        // Memories and tables (table.get, table.init, ...) alike.
        ("index out of bounds", TrapKind::MemoryOrTableOutOfBounds),
        ("integer divide by zero", TrapKind::IntegerDivideByZero),
        ("integer overflow", TrapKind::IntegerOverflow),
        ("invalid conversion to integer", TrapKind::InvalidConversion),
        ("indirect call to null", TrapKind::UninitializedElement),
        (
            "indirect call signature mismatch",
            TrapKind::IndirectCallTypeMismatch,
        ),
        ("unaligned memory access", TrapKind::UnalignedAtomic),
        ("dereferencing null pointer", TrapKind::NullReference),
        ("bad cast", TrapKind::CastFailure),
    ];
    MESSAGES
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, k)| *k)
}

/// The `js102` command line that calls `export` of `case.wasm` with `args`.
fn command_line(kind: EngineKind, export: &str, args: &str) -> String {
    let args = args.split_whitespace().collect::<Vec<_>>().join(", ");
    format!(
        "js102 {} -e \"const i = new WebAssembly.Instance(new WebAssembly.Module(\
         os.file.readFile('case.wasm', 'binary')), new Proxy({{}}, {{get: () => new Proxy({{}}, \
         {{get: () => () => 0}})}})); print(i.exports['{export}']({args}))\"",
        flags(kind).join(" ")
    )
}
