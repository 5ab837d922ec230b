//! SpiderMonkey (Firefox's engine) through its `js128` shell, in two
//! configurations by compiler: `sm-baseline` (the baseline compiler only)
//! and `sm-ion` (the optimizing compiler, Ion, only), chosen with
//! `--wasm-compiler`. The shell runs `js_server.js` through the JavaScript
//! shell adapter ([`super::js_shell`]); this file holds what is
//! SpiderMonkey's own: finding and fetching the shell, its flags and
//! features, and its trap messages ([`trap_kind`]).
//!
//! The shell comes from Debian 13's `libmozjs-128-dev` package
//! (SpiderMonkey 128.14, Firefox 128 ESR's engine, the newest Debian has),
//! which `wasmdiff setup` unpacks into wasmdiff's cache without installing
//! it, with Debian 13's C library, which it needs (see [`super::debian`]);
//! `$WASMDIFF_SM` names another shell. Like JavaScriptCore it has no option to cap
//! memories.

use std::sync::OnceLock;

use super::debian::DebShell;

use super::js_shell::{JsEngine, Shell};
use super::{Descriptor, EngineKind};
use crate::features::{Feature, FeatureSet};
use crate::trap::TrapKind;

/// The baseline compiler only.
pub(crate) const BASELINE: Descriptor = Descriptor {
    version,
    features: || FEATURES,
    unavailable: || SM.status().err(),
    keeps_nan_payloads: false,
    applies_growth_caps: false,
    runs_under_asan: true,
    kept_between_scripts: true,
    in_all: true,
    command_line: |e, a| Some(command_line(EngineKind::SmBaseline, e, a)),
    native_wasi: Err("the js128 shell has no WASI"),
    install: Some(super::Install {
        done: || SM.fetched(),
        run: || SM.install(),
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

/// What SpiderMonkey 128 runs by default (what Firefox 128 ships), which
/// wasmdiff compares through JavaScript. Relaxed SIMD, memory64 and
/// exnref are behind flags in this release (`--wasm-relaxed-simd`,
/// `--wasm-memory64`, the `wasm_exnref` preference): left off, as in the
/// engine people run.
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
        TailCall,
        ExtendedConst,
        MultiMemory,
        FunctionReferences,
        Gc,
    ])
};

/// The shell and where it comes from: Debian 13's SpiderMonkey packages.
static SM: DebShell = DebShell {
    name: "SpiderMonkey",
    dir: "spidermonkey-128",
    binary: "usr/lib/x86_64-linux-gnu/mozjs-128/js128",
    suite: Some("trixie"),
    env_var: "WASMDIFF_SM",
    packages: &["libmozjs-128-dev", "libmozjs-128-0"],
    dependencies: &["libc6", "libstdc++6", "libgcc-s1", "libicu76", "zlib1g"],
    found: OnceLock::new(),
};

/// The shell's flags for a configuration.
fn flags(kind: EngineKind) -> &'static [&'static str] {
    match kind {
        EngineKind::SmBaseline => &["--wasm-compiler=baseline"],
        EngineKind::SmIon => &["--wasm-compiler=ion"],
        _ => unreachable!("not a SpiderMonkey configuration: {kind}"),
    }
}

/// `spidermonkey <package version>`.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    match SM.status() {
        Ok(v) => VERSION.get_or_init(|| format!("spidermonkey {v}")),
        Err(_) => "spidermonkey (not found)",
    }
}

/// How the `js128` shell reads and writes lines and converts bytes (see
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
    version: 'SpiderMonkey',
    exit() {},
  };
})();
"#;

/// How to run `js128` as `kind`.
fn shell(kind: EngineKind) -> Shell {
    SM.shell(flags(kind), PRELUDE, trap_kind)
}

/// A SpiderMonkey error message as a trap kind (the `JSMSG_WASM_*`
/// messages).
pub fn trap_kind(message: &str) -> Option<TrapKind> {
    const MESSAGES: &[(&str, TrapKind)] = &[
        ("unreachable executed", TrapKind::Unreachable),
        ("table index out of bounds", TrapKind::TableOutOfBounds),
        // Memories, tables (table.get, table.init, ...) and arrays alike.
        ("index out of bounds", TrapKind::IndexOutOfBounds),
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
        (
            "atomic wait on non-shared memory",
            TrapKind::AtomicWaitNonShared,
        ),
    ];
    super::js_shell::trap_by_message(message, MESSAGES)
}

/// The `js128` command line that calls `export` of `case.wasm` with `args`.
fn command_line(kind: EngineKind, export: &str, args: &str) -> String {
    let args = args.split_whitespace().collect::<Vec<_>>().join(", ");
    format!(
        "js128 {} -e \"const i = new WebAssembly.Instance(new WebAssembly.Module(\
         os.file.readFile('case.wasm', 'binary')), new Proxy({{}}, {{get: () => new Proxy({{}}, \
         {{get: () => () => 0}})}})); print(i.exports['{export}']({args}))\"",
        flags(kind).join(" ")
    )
}
