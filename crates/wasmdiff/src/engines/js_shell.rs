//! The adapter for JavaScript shells: an engine reached through the
//! JavaScript API of a shell program (Node's V8, JavaScriptCore, ...). Each
//! engine value owns one persistent child process running `js_server.js`
//! after the shell's prelude (`Shell::prelude`: how that shell reads a
//! line, writes one, and converts base64), one JSON request and one JSON
//! reply per line (one process per worker, never one per case).
//!
//! The JavaScript API sets the limits of what can be compared, and the
//! adapter is honest about them: `i64` crosses as BigInt; a `v128`
//! parameter or result cannot cross at all, so such a call is
//! *unsupported* (its effects still show in the state compared after it);
//! a NaN argument with a payload other than the canonical one would lose
//! its payload in a JavaScript number, so such a call is unsupported too,
//! and NaN results are compared as NaNs (which wasmdiff always does). Error
//! messages are the shell's only trap information; each shell maps them to
//! trap kinds (`Shell::trap_kind`), tested against the spec suite's
//! `assert_trap`. A child that dies is restarted and the operation reported
//! as a crash; a call that does not answer within [`TIMEOUT`] kills the
//! child (JavaScript engines have no fuel), and counts as engine fuel
//! running out (inconclusive). Children are started by one thread that
//! lives as long as wasmdiff and die with it (`PR_SET_PDEATHSIG`), even
//! while they run wasm code.

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::time::Duration;

use serde_json::{Value as Json, json};

use super::{
    Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits, Session, SharedWasi, Stage,
    new_wasi, wasi_call, wasi_output, wasi_started,
};
use crate::encoding::base64;
use crate::error::Error;
use crate::features::{Feature, FeatureSet};
use crate::ipc;
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::trap::TrapKind;
use crate::value::{Val, ValType, f32_is_nan, f64_is_nan};
use crate::wasi::{Exit, GuestMemory, WasiConfig, WasiOutput};

/// The shell-neutral server, run after a shell's prelude.
const SERVER: &str = include_str!("js_server.js");

/// How long one request may take before the child is killed, at the
/// default limits ([`Limits::wall_clock`]).
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// How to run one JavaScript shell configuration.
pub(crate) struct Shell {
    /// The JavaScript engine, for messages (`V8`, `JavaScriptCore`).
    pub engine: &'static str,
    /// The shell program.
    pub program: PathBuf,
    /// Its flags (the engine's tier and features); the script follows as
    /// `-e SCRIPT`.
    pub flags: Vec<String>,
    /// Environment variables for it (e.g. where its libraries are).
    pub env: Vec<(String, String)>,
    /// JavaScript run before `js_server.js`, defining `io`: `read()` (the
    /// next line, `null` at the end), `write(line)`, `fromBase64(text)`
    /// (a `Uint8Array`), `toBase64(bytes)`, `exit()`, and optionally
    /// `equal(a, b)` (a faster comparison of two byte arrays than the
    /// server's own).
    pub prelude: &'static str,
    /// The trap kind an error message names, if any.
    pub trap_kind: fn(&str) -> Option<TrapKind>,
    /// A rule of the embedding rather than engine behaviour that an error
    /// message shows (e.g. no blocking on the main thread): the reason it
    /// is not comparable.
    pub host_rule: fn(&str) -> Option<String>,
    /// Whether a NaN argument keeps its sign on the way into the engine
    /// (V8: yes; JavaScriptCore makes every NaN positive).
    pub keeps_nan_sign: bool,
    /// Whether the shell applies wasmdiff's memory cap itself; if not, the
    /// server reports a call after which an exported memory is larger than
    /// the cap as a resource limit.
    pub applies_memory_cap: bool,
}

impl Shell {
    fn script(&self) -> String {
        format!("'use strict';\n{}\n{}", self.prelude, SERVER)
    }
}

/// Start the shell's server (every child is started as [`ipc::Child`]
/// starts them: it dies with wasmdiff).
fn start(shell: &Shell) -> Result<ipc::Child, Error> {
    let mut command = Command::new(&shell.program);
    command
        .args(&shell.flags)
        .arg("-e")
        .arg(shell.script())
        .envs(shell.env.iter().map(|(k, v)| (k, v)))
        .stderr(Stdio::null());
    ipc::Child::spawn(format!("`{}`", shell.program.display()), command)
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
    /// How long one request may take.
    timeout: Duration,
    shell: Shell,
    proc: Option<ipc::Child>,
}

impl Conn {
    fn request(&mut self, req: &Json) -> Result<Json, Lost> {
        if self.proc.is_none() {
            self.proc = Some(start(&self.shell).map_err(|e| Lost::Crash(e.report()))?);
        }
        let proc = self.proc.as_mut().expect("just started");
        let reply = proc
            .send_text(&ascii_json(req))
            .and_then(|()| proc.receive(Some(self.timeout)));
        reply.map_err(|lost| {
            let program = self.shell.program.display().to_string();
            self.proc = None;
            match lost {
                ipc::Lost::TimedOut(_) => Lost::Timeout,
                ipc::Lost::Died(status) => Lost::Crash(format!("{program} exited ({status})")),
                ipc::Lost::BadFrame(why) => Lost::Crash(format!("bad reply from {program}: {why}")),
            }
        })
    }
}

impl Conn {
    /// [`Conn::request`], serving the WASI calls the shell makes while it
    /// runs the request: each comes as `{host, args}`, then the host reads
    /// and writes the instance's memory over the pipe, and the function's
    /// results go back as the next request.
    fn request_serving(&mut self, req: &Json, host: Option<&SharedWasi>) -> Result<Json, Lost> {
        let mut reply = self.request(req)?;
        while let Some(name) = reply.get("host").and_then(Json::as_str).map(str::to_string) {
            let Some(host) = host else {
                return Err(Lost::Crash(format!(
                    "a WASI call ({name}) without a WASI host"
                )));
            };
            let args: Vec<Val> = reply["args"]
                .as_array()
                .map(|a| a.iter().filter_map(from_json).collect())
                .unwrap_or_default();
            let mut memory = PipeMemory {
                conn: self,
                lost: None,
            };
            let result = wasi_call(host, &name, &args, &mut memory);
            if let Some(lost) = memory.lost {
                return Err(lost);
            }
            let back = match result {
                Ok(vals) => {
                    let vals: Vec<Json> =
                        vals.iter().filter_map(|v| to_json(*v, true).ok()).collect();
                    json!({"op": "host_return", "results": vals})
                }
                Err(Exit(_)) => json!({"op": "host_return", "exit": true}),
            };
            reply = self.request(&back)?;
        }
        Ok(reply)
    }
}

/// The memory of the shell's current instance, read and written over the
/// pipe while a WASI call waits.
struct PipeMemory<'a> {
    conn: &'a mut Conn,
    /// The shell went away during an access.
    lost: Option<Lost>,
}

impl GuestMemory for PipeMemory<'_> {
    fn read(&mut self, at: u32, len: u32) -> Option<Vec<u8>> {
        if self.lost.is_some() {
            return None;
        }
        match self
            .conn
            .request(&json!({"op": "mem_read", "at": at, "len": len}))
        {
            Ok(reply) => crate::encoding::unbase64(reply["ok"].as_str()?).ok(),
            Err(l) => {
                self.lost = Some(l);
                None
            }
        }
    }
    fn write(&mut self, at: u32, bytes: &[u8]) -> bool {
        if self.lost.is_some() {
            return false;
        }
        match self
            .conn
            .request(&json!({"op": "mem_write", "at": at, "data": base64(bytes)}))
        {
            Ok(reply) => reply["ok"] == json!(true),
            Err(l) => {
                self.lost = Some(l);
                false
            }
        }
    }
}

/// A JavaScript shell configuration.
pub(crate) struct JsEngine {
    kind: EngineKind,
    features: FeatureSet,
    /// wasmdiff's memory cap, when the server must check it.
    cap: Option<u64>,
    conn: Rc<RefCell<Conn>>,
    /// The WASI configuration, when modules get a WASI host.
    wasi: Option<std::sync::Arc<WasiConfig>>,
}

impl JsEngine {
    /// The shell as `kind` with these features (already narrowed to what
    /// it supports). The child starts on first use. A call is bounded by
    /// [`TIMEOUT`] (no fuel).
    pub(crate) fn new(
        kind: EngineKind,
        limits: Limits,
        features: FeatureSet,
        shell: Shell,
    ) -> Self {
        JsEngine {
            kind,
            features,
            cap: (!shell.applies_memory_cap).then_some(limits.max_memory_bytes),
            conn: Rc::new(RefCell::new(Conn {
                timeout: limits.wall_clock(),
                shell,
                proc: None,
            })),
            wasi: None,
        }
    }
}

/// An error reply as an outcome.
fn error_outcome(shell: &Shell, error: &Json) -> Outcome {
    let kind = error["kind"].as_str().unwrap_or("error");
    let message = error["message"].as_str().unwrap_or("").to_string();
    if let Some(why) = (shell.host_rule)(&message) {
        // A rule of the embedding, not engine behaviour: not comparable
        // (the engines without it are still compared with each other).
        return Outcome::NotComparable(why);
    }
    match kind {
        // An unknown message stays visible (as an error naming it) rather
        // than becoming an anonymous trap.
        "trap" => (shell.trap_kind)(&message).map_or_else(
            || Outcome::Error(format!("unmapped {} trap: {message}", shell.engine)),
            Outcome::Trap,
        ),
        "resource" => Outcome::ResourceLimit(message),
        "range" if message.contains("call stack") || message.contains("too much recursion") => {
            Outcome::Trap(TrapKind::StackExhausted)
        }
        "range" => Outcome::ResourceLimit(message),
        "exception" => Outcome::Trap(TrapKind::UncaughtException),
        _ => Outcome::Error(message),
    }
}

/// The trap kind of the first entry of `table` whose text `message`
/// contains: how each shell maps its messages.
pub(crate) fn trap_by_message(message: &str, table: &[(&str, TrapKind)]) -> Option<TrapKind> {
    table
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, k)| *k)
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

/// JSON text in ASCII: every other character as a `\\u` escape. Some
/// shells read their input as Latin-1 (`jsc`'s `readline`).
fn ascii_json(v: &Json) -> String {
    let text = v.to_string();
    if text.is_ascii() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            // Outside strings JSON has only ASCII, so `c` is in a string.
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// A value for JavaScript, or why it cannot cross.
fn to_json(v: Val, keeps_nan_sign: bool) -> Result<Json, String> {
    const SIGN32: u32 = 0x8000_0000;
    const SIGN64: u64 = 0x8000_0000_0000_0000;
    Ok(match v {
        Val::F32(b) if f32_is_nan(b) && !keeps_nan_sign && b & SIGN32 != 0 => {
            return Err("a negative NaN argument cannot cross into JavaScript here".into());
        }
        Val::F64(b) if f64_is_nan(b) && !keeps_nan_sign && b & SIGN64 != 0 => {
            return Err("a negative NaN argument cannot cross into JavaScript here".into());
        }
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
fn stub_imports(info: &ModuleInfo, wasi: bool) -> Result<Json, Outcome> {
    let unsupported =
        |what: &str| Outcome::Unsupported(format!("import of {what} through JavaScript"));
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
                if wasi
                    && im.module == crate::wasi::MODULE
                    && crate::wasi::signature(&im.name).is_some()
                {
                    let params: Vec<_> = sig.params.iter().map(|t| type_name(*t)).collect();
                    d.insert("params".into(), json!(params));
                    d.insert("wasi".into(), json!(true));
                }
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
    host: Option<&SharedWasi>,
    native_wasi: Option<Json>,
) -> Result<InstanceId, InstantiateError> {
    let req = json!({"op": "instantiate", "wasm": base64(wasm), "imports": imports,
        "native_wasi": native_wasi});
    let reply = conn
        .borrow_mut()
        .request_serving(&req, host)
        .map_err(|l| InstantiateError::instantiate(l.outcome()))?;
    if let Some(id) = reply["ok"].as_u64() {
        return Ok(id as usize);
    }
    let outcome = error_outcome(&conn.borrow().shell, &reply["error"]);
    Err(if reply["stage"] == "compile" {
        InstantiateError::compile(outcome)
    } else {
        InstantiateError::instantiate(outcome)
    })
}

/// Call an export whose signature is known.
#[allow(clippy::too_many_arguments)]
fn call_in(
    conn: &RefCell<Conn>,
    instance: InstanceId,
    export: &str,
    sig: Option<&crate::module_info::FuncSig>,
    args: &[Val],
    cap: Option<u64>,
    wrapper: Option<&String>,
    host: Option<&SharedWasi>,
) -> Outcome {
    let Some(sig) = sig else {
        return Outcome::NotComparable(
            "a function type that cannot be called from JavaScript".into(),
        );
    };
    // Through its wrapper, v128 and float bits cross as integers.
    if let Some(wrapper) = wrapper {
        let wsig = super::js_wrap::wrapper_sig(sig);
        let wargs = super::js_wrap::wrapper_args(args);
        return match call_in(
            conn,
            instance,
            wrapper,
            Some(&wsig),
            &wargs,
            cap,
            None,
            host,
        ) {
            Outcome::Ok(vals) => super::js_wrap::export_results(sig, &vals).map_or_else(
                || Outcome::Error(format!("unreadable results through the wrapper: {vals:?}")),
                Outcome::Ok,
            ),
            other => other,
        };
    }
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
    let keeps_nan_sign = conn.borrow().shell.keeps_nan_sign;
    let args: Result<Vec<Json>, String> =
        args.iter().map(|v| to_json(*v, keeps_nan_sign)).collect();
    let args = match args {
        Ok(a) => a,
        Err(e) => return Outcome::NotComparable(e),
    };
    let results: Vec<_> = sig.results.iter().map(|t| type_name(*t)).collect();
    let req = json!({"op": "call", "instance": instance, "name": export, "args": args,
        "results": results, "cap": cap});
    let reply = match conn.borrow_mut().request_serving(&req, host) {
        Ok(r) => r,
        Err(l) => return l.outcome(),
    };
    match reply["ok"].as_array() {
        Some(vals) => match vals.iter().map(from_json).collect::<Option<Vec<_>>>() {
            Some(vals) => Outcome::Ok(vals),
            None => Outcome::Error(format!("unreadable results: {}", reply["ok"])),
        },
        None => error_outcome(&conn.borrow().shell, &reply["error"]),
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
            None => error_outcome(&conn.borrow().shell, &reply["error"]),
        },
        Err(l) => l.outcome(),
    }
}

impl JsEngine {
    /// The shell's features are fixed by its flags; a narrower selection is
    /// applied with wasmparser. With the shell's own features nothing is
    /// checked here: whether a module is valid is the engine's to say (a
    /// shell that accepts an invalid module is a finding).
    fn validate_features(&self, wasm: &[u8]) -> Result<(), String> {
        if self.features == self.kind.supported() {
            return Ok(());
        }
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(wasm)
            .map(|_| ())
            .map_err(|e| format!("not valid with the selected features: {e}"))
    }
}

impl Engine for JsEngine {
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
        let wasi = new_wasi(&self.wasi);
        let imports = stub_imports(info, wasi.is_some()).map_err(InstantiateError::instantiate)?;
        let native = match self.wasi.as_deref().filter(|c| c.native) {
            Some(config) if crate::wasi::is_wasi(info) => Some(
                NativeWasi::create(config)
                    .map_err(|e| InstantiateError::instantiate(Outcome::Error(e.report())))?,
            ),
            _ => None,
        };
        let wrapped = super::js_wrap::wrap(wasm, info);
        let id = instantiate_in(
            &self.conn,
            wrapped.as_ref().map_or(wasm, |w| &w.wasm),
            imports,
            wasi.as_ref(),
            native.as_ref().map(|n| n.request.clone()),
        )?;
        wasi_started(&wasi);
        Ok(Box::new(JsInstance {
            wasi,
            native,
            cap: self.cap,
            wrappers: wrapped.map(|w| w.wrappers).unwrap_or_default(),
            conn: self.conn.clone(),
            id,
            info: info.clone(),
            received: Default::default(),
        }))
    }

    fn set_wasi(&mut self, config: Option<std::sync::Arc<WasiConfig>>) -> Result<(), String> {
        if self
            .kind
            .descriptor()
            .is_none_or(|d| d.native_wasi.is_err())
        {
            super::deterministic_wasi_only(self.kind, &config)?;
        }
        self.wasi = config;
        Ok(())
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        let req = json!({"op": "session", "shared": self.features.contains(Feature::Threads)});
        self.conn
            .borrow_mut()
            .request(&req)
            .map_err(|l| l.outcome().to_string())?;
        Ok(Box::new(JsSession {
            cap: self.cap,
            wrappers: Vec::new(),
            conn: self.conn.clone(),
            infos: Vec::new(),
        }))
    }
}

/// A program run by the shell's own WASI (`--wasi native`): its private
/// directories and standard streams, as files.
struct NativeWasi {
    dirs: crate::wasi::NativeDirs,
    /// What the shell is sent to set it up.
    request: Json,
    /// The code the program exited with.
    exit: Option<u32>,
}

impl NativeWasi {
    fn create(config: &WasiConfig) -> Result<NativeWasi, Error> {
        let dirs = crate::wasi::NativeDirs::create(config)?;
        let file = |name: &str| dirs.root().join(name).to_string_lossy().into_owned();
        std::fs::write(file("stdin"), &config.stdin).map_err(|e| Error::io(file("stdin"), e))?;
        let env: serde_json::Map<String, Json> = config
            .env
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        let preopens: serde_json::Map<String, Json> = dirs
            .dirs
            .iter()
            .map(|(g, h)| (g.clone(), json!(h.to_string_lossy())))
            .collect();
        let request = json!({"args": config.args, "env": env, "preopens": preopens,
            "stdin": file("stdin"), "stdout": file("stdout"), "stderr": file("stderr")});
        Ok(NativeWasi {
            dirs,
            request,
            exit: None,
        })
    }

    fn output(&self) -> WasiOutput {
        let read = |name: &str| std::fs::read(self.dirs.root().join(name)).unwrap_or_default();
        WasiOutput {
            exit: self.exit,
            stdout: read("stdout"),
            stderr: read("stderr"),
            dirs: self.dirs.trees(),
        }
    }
}

struct JsInstance {
    /// The WASI host, when the module has one.
    wasi: Option<SharedWasi>,
    /// The shell's own WASI, in `--wasi native` mode.
    native: Option<NativeWasi>,
    /// wasmdiff's memory cap, when the server must check it.
    cap: Option<u64>,
    /// The wrapper of each export that has one (see `js_wrap`).
    wrappers: std::collections::HashMap<String, String>,
    conn: Rc<RefCell<Conn>>,
    id: InstanceId,
    info: ModuleInfo,
    /// Each exported memory as last received, as its size and the hash of
    /// each of its chunks: later images come as the chunks that changed
    /// (the server keeps a copy of the bytes to tell which).
    received: std::collections::HashMap<String, (usize, Vec<u128>)>,
}

impl Instance for JsInstance {
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        if let Some(native) = &mut self.native
            && args.is_empty()
            && (export == "_start" || export == "_initialize")
        {
            // The shell's own WASI starts the program (it must: it sets
            // itself up on the instance then).
            let flag = if export == "_start" {
                "wasi_start"
            } else {
                "wasi_initialize"
            };
            let req = json!({"op": "call", "instance": self.id, "name": export, flag: true});
            let reply = match self.conn.borrow_mut().request(&req) {
                Ok(r) => r,
                Err(l) => return l.outcome(),
            };
            return match reply["exit"].as_u64() {
                Some(code) => {
                    native.exit = Some(code as u32);
                    Outcome::Exit(code as u32)
                }
                None => error_outcome(&self.conn.borrow().shell, &reply["error"]),
            };
        }
        let sig = self
            .info
            .exported_funcs()
            .find(|(n, _)| *n == export)
            .and_then(|(_, s)| s);
        call_in(
            &self.conn,
            self.id,
            export,
            sig,
            args,
            self.cap,
            self.wrappers.get(export),
            self.wasi.as_ref(),
        )
    }

    fn wasi(&mut self) -> Option<WasiOutput> {
        match &self.native {
            Some(n) => Some(n.output()),
            None => wasi_output(&self.wasi),
        }
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
        crate::encoding::unbase64(reply["ok"].as_str()?).ok()
    }

    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        // Without a copy here (the first time, or after a failure), ask
        // for the whole memory; the server sends it in pages.
        let mut full = !self.received.contains_key(export);
        let mut from = 0u64;
        let (size, hashes) = self.received.entry(export.to_string()).or_default();
        const CHUNK: usize = super::MemoryImage::CHUNK;
        let mut receive = || -> Option<()> {
            loop {
                let req = json!({"op": "memory_delta", "instance": self.id, "name": export,
                    "full": full, "from": from, "max": 16 << 20});
                let reply = self.conn.borrow_mut().request(&req).ok()?;
                let ok = &reply["ok"];
                let len = usize::try_from(ok["len"].as_u64()?).ok()?;
                if ok["full"].as_bool()? && from == 0 {
                    // The server starts from zeros.
                    full = true;
                    *size = len;
                    *hashes = (0..len.div_ceil(CHUNK))
                        .map(|i| super::MemoryImage::zero_chunk_hash((len - i * CHUNK).min(CHUNK)))
                        .collect();
                }
                if *size != len {
                    return None;
                }
                for chunk in ok["chunks"].as_array()? {
                    let at = usize::try_from(chunk[0].as_u64()?).ok()?;
                    let expected = len.checked_sub(at)?.min(CHUNK);
                    if at % CHUNK != 0 || expected == 0 {
                        return None;
                    }
                    let hash = hashes.get_mut(at / CHUNK)?;
                    *hash = match chunk[1].as_str() {
                        Some(b64) => {
                            let data = crate::encoding::unbase64(b64).ok()?;
                            if data.len() != expected {
                                return None;
                            }
                            super::MemoryImage::chunk_hash(&data)
                        }
                        // A chunk of zeros.
                        None => super::MemoryImage::zero_chunk_hash(expected),
                    };
                }
                match ok["next"].as_u64() {
                    Some(next) => from = next,
                    None => return Some(()),
                }
            }
        };
        let image = receive().map(|()| super::MemoryImage::of_chunks(*size, hashes));
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

/// A script's store: instances link by name in one import object.
struct JsSession {
    /// wasmdiff's memory cap, when the server must check it.
    cap: Option<u64>,
    /// Each instance's export wrappers (see `js_wrap`).
    wrappers: Vec<std::collections::HashMap<String, String>>,
    conn: Rc<RefCell<Conn>>,
    /// Each instance's module information (for export types).
    infos: Vec<ModuleInfo>,
}

impl Session for JsSession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        // A module wasmparser rejects still goes to the shell: whether the
        // engine rejects it too is what an `assert_invalid` tests. One the
        // engine accepts has no known exports here (calls to it fail).
        let parsed = ModuleInfo::parse(wasm);
        let wrapped = parsed
            .as_ref()
            .ok()
            .and_then(|info| super::js_wrap::wrap(wasm, info));
        let id = instantiate_in(
            &self.conn,
            wrapped.as_ref().map_or(wasm, |w| &w.wasm),
            Json::Null,
            None,
            None,
        )?;
        let info = parsed.unwrap_or_else(|_| ModuleInfo::unreadable());
        if id != self.infos.len() {
            return Err(InstantiateError {
                stage: Stage::Instantiate,
                outcome: Outcome::Error("JavaScript session out of step".into()),
            });
        }
        self.infos.push(info);
        self.wrappers
            .push(wrapped.map(|w| w.wrappers).unwrap_or_default());
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
        call_in(
            &self.conn,
            instance,
            export,
            sig,
            args,
            self.cap,
            self.wrappers.get(instance).and_then(|w| w.get(export)),
            None,
        )
    }

    fn get(&mut self, instance: InstanceId, global: &str) -> Outcome {
        let Some(info) = self.infos.get(instance) else {
            return Outcome::Error(format!("no instance #{instance}"));
        };
        global_in(&self.conn, instance, info, global)
    }
}
