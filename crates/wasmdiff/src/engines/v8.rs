//! V8 through Node.js, in two configurations: `v8-liftoff` (the baseline
//! compiler only) and `v8-turbofan` (the optimizing compiler only), chosen
//! by V8 flags. Each engine value owns one persistent `node` child process
//! running `v8_server.js`, which speaks length-prefixed JSON over
//! stdin/stdout (one process per worker, never one per case).
//!
//! The JavaScript API sets the limits of what can be compared, and the
//! adapter is honest about them: `i64` crosses as BigInt; a `v128`
//! parameter or result cannot cross at all, so such a call is
//! *unsupported* (its effects still show in the state compared after it);
//! a NaN argument with a payload other than the canonical one would lose
//! its payload in a JavaScript number, so such a call is unsupported too,
//! and NaN results are compared as NaNs (which wasmdiff always does). V8's
//! error messages are its only trap information; they are mapped to trap
//! kinds in [`trap_kind`], tested against the spec suite's `assert_trap`.
//! A child that dies is restarted and the operation reported as a crash; a
//! call that does not answer within [`TIMEOUT`] kills the child (V8 has no
//! fuel), and counts as engine fuel running out (inconclusive).

use std::cell::RefCell;
use std::io::{self, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::rc::Rc;
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use serde_json::{Value as Json, json};

use super::{
    Descriptor, Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits, Session, Stage,
};
use crate::features::{Feature, FeatureSet};
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::repro::base64;
use crate::trap::TrapKind;
use crate::value::{Val, ValType, f32_is_nan, f64_is_nan};

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
    runs_under_asan: true,
    kept_between_scripts: true,
    in_all: true,
    command_line: |e, a| {
        Some(format!(
            "node --liftoff --liftoff-only --no-wasm-tier-up -e \"{}\"",
            node_call(e, a)
        ))
    },
    build: |kind, limits, features| Some(Box::new(V8Engine::new(kind, limits, features))),
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

/// The server script, run with `node -e`.
const SERVER: &str = include_str!("v8_server.js");

/// How long one request may take before the child is killed.
pub const TIMEOUT: Duration = Duration::from_secs(5);

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

/// The child process and the thread that reads its replies.
struct Proc {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<io::Result<Vec<u8>>>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    fn start(kind: EngineKind, limits: Limits) -> Result<Proc, String> {
        let node = node_program();
        let mut child = Command::new(&node)
            .args(flags(kind, limits))
            .args(["-e", SERVER])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start `{}`: {e}", node.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let (tx, replies) = channel();
        std::thread::Builder::new()
            .name("v8-replies".into())
            .spawn(move || {
                loop {
                    let mut head = [0u8; 4];
                    let msg = stdout.read_exact(&mut head).and_then(|()| {
                        let mut body = vec![0u8; u32::from_le_bytes(head) as usize];
                        stdout.read_exact(&mut body).map(|()| body)
                    });
                    let end = msg.is_err();
                    if tx.send(msg).is_err() || end {
                        break;
                    }
                }
            })
            .map_err(|e| format!("cannot start a reader thread: {e}"))?;
        Ok(Proc {
            child,
            stdin,
            replies,
        })
    }
}

/// Why a request got no reply.
enum Lost {
    /// The child died (or could not start).
    Crash(String),
    /// The child did not answer in time and was killed.
    Timeout,
}

impl Lost {
    fn outcome(self) -> Outcome {
        match self {
            Lost::Crash(m) => Outcome::Crash(m),
            Lost::Timeout => Outcome::Trap(TrapKind::OutOfFuel),
        }
    }
}

/// One configuration's connection to its child, shared by the engine and
/// the instances it made.
struct Conn {
    kind: EngineKind,
    limits: Limits,
    proc: Option<Proc>,
}

impl Conn {
    fn request(&mut self, req: &Json) -> Result<Json, Lost> {
        if self.proc.is_none() {
            self.proc = Some(Proc::start(self.kind, self.limits).map_err(Lost::Crash)?);
        }
        let proc = self.proc.as_mut().expect("just started");
        let body = serde_json::to_vec(req).map_err(|e| Lost::Crash(e.to_string()))?;
        let sent = proc
            .stdin
            .write_all(&(body.len() as u32).to_le_bytes())
            .and_then(|()| proc.stdin.write_all(&body))
            .and_then(|()| proc.stdin.flush());
        let reply = match sent {
            Ok(()) => proc.replies.recv_timeout(TIMEOUT),
            Err(e) => Ok(Err(e)),
        };
        match reply {
            Ok(Ok(bytes)) => {
                serde_json::from_slice(&bytes).map_err(|e| Lost::Crash(format!("bad reply: {e}")))
            }
            Ok(Err(e)) => {
                let status = self
                    .proc
                    .take()
                    .and_then(|mut p| p.child.wait().ok())
                    .map_or("unknown".into(), |s| s.to_string());
                Err(Lost::Crash(format!("node exited ({status}): {e}")))
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                self.proc = None;
                Err(Lost::Timeout)
            }
        }
    }
}

/// A V8 configuration.
pub struct V8Engine {
    kind: EngineKind,
    features: FeatureSet,
    conn: Rc<RefCell<Conn>>,
}

impl V8Engine {
    /// V8 as `kind` (`V8Liftoff` or `V8Turbofan`) with these features
    /// (already narrowed to what it supports). The child starts on first
    /// use. V8 has no fuel (a call is bounded by [`TIMEOUT`] instead); the
    /// memory cap becomes V8's page limit.
    pub fn new(kind: EngineKind, limits: Limits, features: FeatureSet) -> Self {
        V8Engine {
            kind,
            features,
            conn: Rc::new(RefCell::new(Conn {
                kind,
                limits,
                proc: None,
            })),
        }
    }
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

/// An error reply as an outcome.
fn error_outcome(error: &Json) -> Outcome {
    let kind = error["kind"].as_str().unwrap_or("error");
    let message = error["message"].as_str().unwrap_or("").to_string();
    match kind {
        // The JavaScript host forbids blocking on its main thread: a rule of
        // the embedding, not engine behaviour, so not comparable (the
        // engines that can wait are still compared with each other).
        "trap" if message.contains("Atomics.wait cannot be called in this context") => {
            Outcome::NotComparable(format!("V8's host forbids the wait: {message}"))
        }
        // An unknown message stays visible (as an error naming it) rather
        // than becoming an anonymous trap.
        "trap" => trap_kind(&message).map_or_else(
            || Outcome::Error(format!("unmapped V8 trap: {message}")),
            Outcome::Trap,
        ),
        "range" if message.contains("call stack") => Outcome::Trap(TrapKind::StackExhausted),
        "range" => Outcome::ResourceLimit(message),
        "exception" => Outcome::Trap(TrapKind::UncaughtException),
        _ => Outcome::Error(message),
    }
}

fn type_name(t: ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "funcref",
        ValType::ExternRef | ValType::AnyRef => "externref",
    }
}

/// A value for JavaScript, or why it cannot cross.
fn to_json(v: Val) -> Result<Json, String> {
    Ok(match v {
        Val::I32(x) => json!({"t": "i32", "v": x}),
        Val::I64(x) => json!({"t": "i64", "v": x.to_string()}),
        Val::F32(b) if f32_is_nan(b) && b & 0x7fff_ffff != 0x7fc0_0000 => {
            return Err("a NaN argument with a payload cannot cross into JavaScript".into());
        }
        Val::F64(b) if f64_is_nan(b) && b & 0x7fff_ffff_ffff_ffff != 0x7ff8_0000_0000_0000 => {
            return Err("a NaN argument with a payload cannot cross into JavaScript".into());
        }
        Val::F32(b) => json!({"t": "f32", "v": b.to_string()}),
        Val::F64(b) => json!({"t": "f64", "v": b.to_string()}),
        Val::HostRef(n) => json!({"t": "host", "v": n}),
        Val::FuncRef { null: true } | Val::ExternRef { null: true } => json!({"t": "null"}),
        other => return Err(format!("{other} cannot cross into JavaScript")),
    })
}

/// A value from JavaScript.
fn from_json(v: &Json) -> Option<Val> {
    let text = |v: &Json| match v {
        Json::String(s) => s.parse::<u64>().ok(),
        Json::Number(n) => n.as_u64(),
        _ => None,
    };
    Some(match v["t"].as_str()? {
        "i32" => Val::I32(i32::try_from(v["v"].as_i64()?).ok()?),
        "i64" => Val::I64(v["v"].as_str()?.parse().ok()?),
        "f32" => Val::F32(u32::try_from(text(&v["v"])?).ok()?),
        "f64" => Val::F64(text(&v["v"])?),
        "funcref" => Val::FuncRef {
            null: v["v"].is_null(),
        },
        "externref" => match &v["v"] {
            Json::Null => Val::ExternRef { null: true },
            Json::Number(n) => Val::HostRef(u32::try_from(n.as_u64()?).ok()?),
            _ => Val::ExternRef { null: false },
        },
        _ => return None,
    })
}

/// The import descriptions the server turns into host stubs.
fn stub_imports(info: &ModuleInfo) -> Result<Json, Outcome> {
    let unsupported = |what: &str| Outcome::Unsupported(format!("import of {what} in V8"));
    let mut out = Vec::new();
    for im in &info.imports {
        let base = json!({"module": im.module, "name": im.name});
        let mut d = base.as_object().cloned().unwrap_or_default();
        match &im.ty {
            EntityType::Func { sig: Some(sig) } => {
                if sig
                    .params
                    .iter()
                    .chain(&sig.results)
                    .any(|t| *t == ValType::V128)
                {
                    return Err(unsupported("a function with v128 in its type"));
                }
                d.insert("kind".into(), json!("func"));
                let results: Vec<_> = sig.results.iter().map(|t| type_name(*t)).collect();
                d.insert("results".into(), json!(results));
            }
            EntityType::Memory(m) if !m.memory64 && m.page_size_log2.is_none() => {
                d.insert("kind".into(), json!("memory"));
                d.insert("min".into(), json!(m.min));
                d.insert("max".into(), json!(m.max));
                d.insert("shared".into(), json!(m.shared));
            }
            EntityType::Table { ty: Some(t) } if !t.table64 => {
                d.insert("kind".into(), json!("table"));
                d.insert("element".into(), json!(type_name(t.element)));
                d.insert("min".into(), json!(t.min));
                d.insert("max".into(), json!(t.max));
            }
            EntityType::Global { ty: Some(g) } if g.ty != ValType::V128 => {
                d.insert("kind".into(), json!("global"));
                d.insert("type".into(), json!(type_name(g.ty)));
                d.insert("mutable".into(), json!(g.mutable));
            }
            other => return Err(unsupported(other.kind())),
        }
        out.push(Json::Object(d));
    }
    Ok(Json::Array(out))
}

/// Ask the child to instantiate; `imports` is `Null` for a session's
/// linking by name.
fn instantiate_in(
    conn: &RefCell<Conn>,
    wasm: &[u8],
    imports: Json,
) -> Result<InstanceId, InstantiateError> {
    let req = json!({"op": "instantiate", "wasm": base64(wasm), "imports": imports});
    let reply = conn
        .borrow_mut()
        .request(&req)
        .map_err(|l| InstantiateError::instantiate(l.outcome()))?;
    if let Some(id) = reply["ok"].as_u64() {
        return Ok(id as usize);
    }
    let outcome = error_outcome(&reply["error"]);
    Err(if reply["stage"] == "compile" {
        InstantiateError::compile(outcome)
    } else {
        InstantiateError::instantiate(outcome)
    })
}

/// Call an export whose signature is known.
fn call_in(
    conn: &RefCell<Conn>,
    instance: InstanceId,
    export: &str,
    sig: Option<&crate::module_info::FuncSig>,
    args: &[Val],
) -> Outcome {
    let Some(sig) = sig else {
        return Outcome::NotComparable(
            "a function type V8 cannot be called with from JavaScript".into(),
        );
    };
    if sig
        .params
        .iter()
        .chain(&sig.results)
        .any(|t| *t == ValType::V128)
    {
        return Outcome::NotComparable("v128 cannot cross into JavaScript".into());
    }
    if sig
        .params
        .iter()
        .chain(&sig.results)
        .any(|t| *t == ValType::AnyRef)
    {
        return Outcome::NotComparable("GC references cannot cross into JavaScript".into());
    }
    let args: Result<Vec<Json>, String> = args.iter().map(|v| to_json(*v)).collect();
    let args = match args {
        Ok(a) => a,
        Err(e) => return Outcome::NotComparable(e),
    };
    let results: Vec<_> = sig.results.iter().map(|t| type_name(*t)).collect();
    let req = json!({"op": "call", "instance": instance, "name": export, "args": args, "results": results});
    let reply = match conn.borrow_mut().request(&req) {
        Ok(r) => r,
        Err(l) => return l.outcome(),
    };
    match reply["ok"].as_array() {
        Some(vals) => match vals.iter().map(from_json).collect::<Option<Vec<_>>>() {
            Some(vals) => Outcome::Ok(vals),
            None => Outcome::Error(format!("unreadable results from V8: {}", reply["ok"])),
        },
        None => error_outcome(&reply["error"]),
    }
}

fn global_in(conn: &RefCell<Conn>, instance: InstanceId, info: &ModuleInfo, name: &str) -> Outcome {
    let ty = info.exports.iter().find_map(|e| match &e.ty {
        EntityType::Global { ty: Some(g) } if e.name == name => Some(g.ty),
        _ => None,
    });
    let Some(ty) = ty else {
        return Outcome::Error(format!("no exported global `{name}`"));
    };
    if matches!(ty, ValType::V128 | ValType::AnyRef) {
        return Outcome::NotComparable(format!("a {ty} global cannot be read from JavaScript"));
    }
    let req = json!({"op": "global", "instance": instance, "name": name, "type": type_name(ty)});
    match conn.borrow_mut().request(&req) {
        Ok(reply) => match from_json(&reply["ok"]) {
            Some(v) => Outcome::Ok(vec![v]),
            None => error_outcome(&reply["error"]),
        },
        Err(l) => l.outcome(),
    }
}

impl V8Engine {
    /// V8's features are fixed by its flags; a narrower selection is
    /// applied with wasmparser first.
    fn validate_features(&self, wasm: &[u8]) -> Result<(), String> {
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(wasm)
            .map(|_| ())
            .map_err(|e| format!("not valid with the selected features: {e}"))
    }
}

impl Engine for V8Engine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn supported(&self) -> FeatureSet {
        self.features
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        self.validate_features(wasm)?;
        let req = json!({"op": "validate", "wasm": base64(wasm)});
        match self.conn.borrow_mut().request(&req) {
            Ok(r) if r["ok"] == json!(true) => Ok(()),
            Ok(_) => Err("WebAssembly.validate: false".into()),
            Err(l) => Err(l.outcome().to_string()),
        }
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        if let Err(e) = self.validate_features(wasm) {
            return Err(InstantiateError::compile(Outcome::Error(e)));
        }
        let imports = stub_imports(info).map_err(InstantiateError::instantiate)?;
        let id = instantiate_in(&self.conn, wasm, imports)?;
        Ok(Box::new(V8Instance {
            conn: self.conn.clone(),
            id,
            info: info.clone(),
            received: Default::default(),
        }))
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        let req = json!({"op": "session", "shared": self.features.contains(Feature::Threads)});
        self.conn
            .borrow_mut()
            .request(&req)
            .map_err(|l| l.outcome().to_string())?;
        Ok(Box::new(V8Session {
            conn: self.conn.clone(),
            infos: Vec::new(),
        }))
    }
}

struct V8Instance {
    conn: Rc<RefCell<Conn>>,
    id: InstanceId,
    info: ModuleInfo,
    /// Each exported memory's bytes as last received: later images come
    /// as the 64 KiB chunks that changed (the server keeps the same copy).
    received: std::collections::HashMap<String, Vec<u8>>,
}

impl Instance for V8Instance {
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        let sig = self
            .info
            .exported_funcs()
            .find(|(n, _)| *n == export)
            .and_then(|(_, s)| s);
        call_in(&self.conn, self.id, export, sig, args)
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        match global_in(&self.conn, self.id, &self.info, export) {
            Outcome::Ok(v) => v.first().copied(),
            _ => None,
        }
    }

    fn unreadable(&mut self, export: &str) -> Option<String> {
        self.info.exports.iter().find_map(|e| match &e.ty {
            EntityType::Global { ty: Some(g) }
                if e.name == export && matches!(g.ty, ValType::V128 | ValType::AnyRef) =>
            {
                Some(format!("a {} global cannot be read from JavaScript", g.ty))
            }
            EntityType::Global { ty: None } if e.name == export => {
                Some("a GC-typed global cannot be read from JavaScript".into())
            }
            _ => None,
        })
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        let req = json!({"op": "memory", "instance": self.id, "name": export});
        let reply = self.conn.borrow_mut().request(&req).ok()?;
        crate::repro::unbase64(reply["ok"].as_str()?).ok()
    }

    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        // Without a copy here (the first time, or after a failure), ask
        // for the whole memory; the server sends it in pages.
        let mut full = !self.received.contains_key(export);
        let mut from = 0u64;
        let bytes = self.received.entry(export.to_string()).or_default();
        let mut receive = || -> Option<()> {
            loop {
                let req = json!({"op": "memory_delta", "instance": self.id, "name": export,
                    "full": full, "from": from, "max": 16 << 20});
                let reply = self.conn.borrow_mut().request(&req).ok()?;
                let ok = &reply["ok"];
                let len = usize::try_from(ok["len"].as_u64()?).ok()?;
                if ok["full"].as_bool()? && from == 0 {
                    full = true;
                    bytes.clear();
                    bytes.resize(len, 0);
                }
                if bytes.len() != len {
                    return None;
                }
                for chunk in ok["chunks"].as_array()? {
                    let at = usize::try_from(chunk[0].as_u64()?).ok()?;
                    match chunk[1].as_str() {
                        Some(b64) => {
                            let data = crate::repro::unbase64(b64).ok()?;
                            bytes.get_mut(at..at + data.len())?.copy_from_slice(&data);
                        }
                        // A chunk of zeros.
                        None => bytes.get_mut(at..(at + (64 << 10)).min(len))?.fill(0),
                    }
                }
                match ok["next"].as_u64() {
                    Some(next) => from = next,
                    None => return Some(()),
                }
            }
        };
        let image = receive().map(|()| super::MemoryImage::of(bytes));
        if image.is_none() {
            // Out of step with the server's copy: start over next time.
            self.received.remove(export);
        }
        image
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let req = json!({"op": "table", "instance": self.id, "name": export});
        let reply = self.conn.borrow_mut().request(&req).ok()?;
        reply["ok"].as_array()?.iter().map(Json::as_bool).collect()
    }
}

/// A script's store in V8: instances link by name in one import object.
struct V8Session {
    conn: Rc<RefCell<Conn>>,
    /// Each instance's module information (for export types).
    infos: Vec<ModuleInfo>,
}

impl Session for V8Session {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let info =
            ModuleInfo::parse(wasm).map_err(|e| InstantiateError::compile(Outcome::Error(e)))?;
        let id = instantiate_in(&self.conn, wasm, Json::Null)?;
        if id != self.infos.len() {
            return Err(InstantiateError {
                stage: Stage::Instantiate,
                outcome: Outcome::Error("V8 session out of step".into()),
            });
        }
        self.infos.push(info);
        Ok(id)
    }

    fn register(&mut self, name: &str, instance: InstanceId) -> Result<(), String> {
        let req = json!({"op": "register", "name": name, "instance": instance});
        self.conn
            .borrow_mut()
            .request(&req)
            .map(|_| ())
            .map_err(|l| l.outcome().to_string())
    }

    fn call(&mut self, instance: InstanceId, export: &str, args: &[Val]) -> Outcome {
        let Some(info) = self.infos.get(instance) else {
            return Outcome::Error(format!("no instance #{instance}"));
        };
        let sig = info
            .exported_funcs()
            .find(|(n, _)| *n == export)
            .and_then(|(_, s)| s);
        call_in(&self.conn, instance, export, sig, args)
    }

    fn get(&mut self, instance: InstanceId, global: &str) -> Outcome {
        let Some(info) = self.infos.get(instance) else {
            return Outcome::Error(format!("no instance #{instance}"));
        };
        global_in(&self.conn, instance, info, global)
    }
}
