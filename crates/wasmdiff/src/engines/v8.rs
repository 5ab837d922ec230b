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
use crate::features::{Feature, FeatureSet};
use crate::trap::TrapKind;

/// V8 with Liftoff only.
pub(crate) const LIFTOFF: Descriptor = Descriptor {
    version,
    features: || FEATURES,
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
    install: None,
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

/// Node 20's V8 11.3.
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

/// The `node` program: `$WASMDIFF_NODE`, else `node` on the `PATH`.
fn node_program() -> PathBuf {
    std::env::var_os("WASMDIFF_NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from)
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
    f.push("--experimental-wasm-extended-const".into());
    // On by default in Node 20; older Nodes need it.
    f.push("--experimental-wasm-return-call".into());
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
    MESSAGES
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, k)| *k)
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
