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
//! without installing it (`engines/debian.rs`); `$WASMDIFF_JSC` names another
//! `jsc`. JavaScriptCore has no option to cap memories, so the server
//! reports a call after which a memory is larger than wasmdiff's cap as a
//! resource limit.

use std::sync::OnceLock;

use super::debian::DebShell;

use super::js_shell::{JsEngine, Shell};
use super::{Descriptor, EngineKind};
use crate::features::{Feature, FeatureSet};
use crate::trap::TrapKind;

/// The in-place interpreter only (no JIT).
pub(crate) const IPINT: Descriptor = Descriptor {
    version,
    // The interpreters reject SIMD.
    features: || FEATURES.without(Feature::Simd),
    unavailable: || JSC.status().err(),
    keeps_nan_payloads: false,
    applies_growth_caps: false,
    runs_under_asan: true,
    kept_between_scripts: true,
    in_all: true,
    command_line: |e, a| Some(command_line(EngineKind::JscIpint, e, a)),
    native_wasi: Err("the jsc shell has no WASI"),
    install: Some(super::Install {
        done: || JSC.fetched(),
        run: || JSC.install(),
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

/// OMG as above, with explicit bounds checks on memory accesses instead of
/// guard pages (`--useWasmFastMemory=false`): the checks an optimizing
/// compiler may merge or drop.
pub(crate) const OMG_BOUNDS: Descriptor = Descriptor {
    features: || FEATURES,
    command_line: |e, a| Some(command_line(EngineKind::JscOmgBounds, e, a)),
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

/// The shell and where it comes from: Debian's WebKitGTK packages.
static JSC: DebShell = DebShell {
    name: "JavaScriptCore",
    dir: "jsc",
    binary: "usr/bin/jsc",
    suite: None,
    env_var: "WASMDIFF_JSC",
    packages: &[
        "libjavascriptcoregtk-4.0-bin",
        "libjavascriptcoregtk-4.0-18",
    ],
    dependencies: &["libicu72", "libglib2.0-0", "libatomic1"],
    found: OnceLock::new(),
};

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
        EngineKind::JscOmgBounds => &[
            "--useWasmIPInt=false",
            "--useWasmLLInt=false",
            "--thresholdForOMGOptimizeAfterWarmUp=0",
            "--thresholdForOMGOptimizeSoon=0",
            "--useConcurrentJIT=false",
            "--useWasmFastMemory=false",
        ],
        _ => unreachable!("not a JavaScriptCore configuration: {kind}"),
    }
}

/// `javascriptcore <package version> (webkitgtk)`.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    match JSC.status() {
        Ok(v) => VERSION.get_or_init(|| format!("javascriptcore {v} (webkitgtk)")),
        Err(_) => "javascriptcore (not found)",
    }
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
  version: 'JavaScriptCore',
  exit() {},
};
"#;

/// How to run `jsc` as `kind`.
fn shell(kind: EngineKind) -> Shell {
    JSC.shell(flags(kind), PRELUDE, trap_kind)
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
    super::js_shell::trap_by_message(message, MESSAGES)
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
