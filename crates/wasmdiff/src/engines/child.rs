//! Engines in child processes: an [`Engine`] that forwards every operation
//! to a `wasmdiff engine-server` process over a small protocol, so that an
//! engine that segfaults or aborts is reported as a [`Outcome::Crash`] of
//! that engine instead of taking the tool down.
//!
//! The protocol: [`crate::ipc`]'s JSON frames. The parent sends a
//! [`Request`], the child answers with a [`Response`]. [`serve`] is the
//! child's side.

use std::cell::RefCell;
use std::io::{self, BufReader, BufWriter};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::{Engine, EngineKind, Instance, InstantiateError, Limits, Stage};
use crate::error::Error;
use crate::features::FeatureSet;
use crate::ipc;
use crate::module_info::ModuleInfo;
use crate::outcome::Outcome;
use crate::value::Val;

/// A request from the parent.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Request {
    /// Validate a module (bytes as base64).
    Validate {
        /// The module.
        wasm: String,
    },
    /// Compile and instantiate a module, replacing the current instance.
    Instantiate {
        /// The module.
        wasm: String,
        /// Its features (to rebuild the module information).
        features: String,
        /// The WASI host's configuration, when it has one.
        #[serde(default)]
        wasi: Option<crate::wasi::WasiConfig>,
    },
    /// What the current instance's WASI host saw.
    Wasi,
    /// Call an export of the current instance.
    Call {
        /// The export.
        export: String,
        /// The arguments.
        args: Vec<Val>,
    },
    /// Read an exported global.
    Global {
        /// The export.
        export: String,
    },
    /// Read an exported memory.
    Memory {
        /// The export.
        export: String,
    },
    /// Read an exported table.
    Table {
        /// The export.
        export: String,
    },
}

/// The child's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "reply", content = "value", rename_all = "kebab-case")]
pub enum Response {
    /// To `Validate`.
    Validated(Result<(), String>),
    /// To `Instantiate`: `None` on success, else the stage (`true` for
    /// compile) and outcome.
    Instantiated(Option<(bool, Outcome)>),
    /// To `Call`.
    Called(Outcome),
    /// To `Global`.
    Global(Option<Val>),
    /// To `Memory` (base64).
    Memory(Option<String>),
    /// To `Table`.
    Table(Option<Vec<bool>>),
    /// To `Wasi`.
    Wasi(Option<crate::wasi::WasiOutput>),
}

/// How to start the child: the program and its arguments (before the
/// engine-specific ones).
#[derive(Clone, Debug)]
pub struct ChildCommand {
    /// The program, usually the `wasmdiff` binary itself.
    pub program: PathBuf,
    /// Arguments that select the server mode, e.g. `["engine-server"]`.
    pub args: Vec<String>,
}

/// An engine configuration running in a child process.
pub struct ChildEngine {
    kind: EngineKind,
    limits: Limits,
    features: FeatureSet,
    command: ChildCommand,
    proc: Rc<RefCell<Option<ipc::Child>>>,
    wasi: Option<std::sync::Arc<crate::wasi::WasiConfig>>,
}

impl ChildEngine {
    /// An engine of `kind` in a child started by `command` (the child is
    /// started on first use and restarted after it dies).
    pub fn new(
        kind: EngineKind,
        limits: Limits,
        features: FeatureSet,
        command: ChildCommand,
    ) -> Self {
        let features = features.intersect(kind.supported());
        ChildEngine {
            kind,
            limits,
            features,
            command,
            proc: Rc::new(RefCell::new(None)),
            wasi: None,
        }
    }

    /// The child's process id, once started.
    pub fn pid(&self) -> Option<u32> {
        self.proc.borrow().as_ref().map(ipc::Child::pid)
    }

    fn start(&self) -> Result<ipc::Child, Error> {
        let mut command = Command::new(&self.command.program);
        command
            .args(&self.command.args)
            .args([
                "--engine",
                self.kind.name(),
                "--features",
                &self.features.to_string(),
                "--fuel",
                &self.limits.engine_fuel.to_string(),
            ])
            .stderr(Stdio::null());
        ipc::Child::spawn(format!("the engine process of {}", self.kind), command)
    }
}

/// How the message of an engine whose process died begins.
pub const DIED: &str = "engine process died";

/// Why an exchange with the engine process got no reply.
#[derive(Debug)]
enum Lost {
    /// It had died before (or never started).
    NotRunning,
    /// It died during this exchange (or answered with something else than
    /// a frame, and was killed).
    Died(ipc::Lost),
}

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lost::NotRunning => f.write_str("engine process is not running"),
            Lost::Died(ipc::Lost::Died(status) | ipc::Lost::TimedOut(status)) => {
                write!(f, "{DIED} ({status})")
            }
            Lost::Died(lost) => write!(f, "{DIED}: {lost}"),
        }
    }
}

/// Send a request and read the answer (no deadline: the engine applies
/// its own limits); a dead child is an error that says how it died.
fn exchange(proc: &RefCell<Option<ipc::Child>>, req: &Request) -> Result<Response, Lost> {
    let mut slot = proc.borrow_mut();
    let Some(p) = slot.as_mut() else {
        return Err(Lost::NotRunning);
    };
    p.request(req, None).map_err(|lost| {
        *slot = None;
        Lost::Died(lost)
    })
}

impl Engine for ChildEngine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn supported(&self) -> FeatureSet {
        self.features
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        match self.validation(wasm) {
            Outcome::Ok(_) => Ok(()),
            Outcome::Error(m) | Outcome::Crash(m) => Err(m),
            other => Err(other.to_string()),
        }
    }

    fn validation(&mut self, wasm: &[u8]) -> Outcome {
        if self.proc.borrow().is_none() {
            match self.start() {
                Ok(p) => *self.proc.borrow_mut() = Some(p),
                Err(e) => return Outcome::Error(e.report()),
            }
        }
        match exchange(
            &self.proc,
            &Request::Validate {
                wasm: crate::encoding::base64(wasm),
            },
        ) {
            Ok(Response::Validated(Ok(()))) => Outcome::Ok(Vec::new()),
            Ok(Response::Validated(Err(m))) => Outcome::Error(m),
            Ok(other) => Outcome::Error(format!("protocol error: {other:?}")),
            // The process died: a crash of the engine, as in any other phase.
            Err(died) => Outcome::Crash(died.to_string()),
        }
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        if self.proc.borrow().is_none() {
            match self.start() {
                Ok(p) => *self.proc.borrow_mut() = Some(p),
                Err(e) => return Err(InstantiateError::compile(Outcome::Error(e.report()))),
            }
        }
        let req = Request::Instantiate {
            wasm: crate::encoding::base64(wasm),
            features: info.features.to_string(),
            wasi: self.wasi.as_deref().cloned(),
        };
        match exchange(&self.proc, &req) {
            Ok(Response::Instantiated(None)) => Ok(Box::new(ChildInstance {
                proc: self.proc.clone(),
            })),
            Ok(Response::Instantiated(Some((compile, outcome)))) => Err(InstantiateError {
                stage: if compile {
                    Stage::Compile
                } else {
                    Stage::Instantiate
                },
                outcome,
            }),
            Ok(other) => Err(InstantiateError::compile(Outcome::Error(format!(
                "protocol error: {other:?}"
            )))),
            Err(died) => Err(InstantiateError::compile(Outcome::Crash(died.to_string()))),
        }
    }

    fn set_wasi(
        &mut self,
        config: Option<std::sync::Arc<crate::wasi::WasiConfig>>,
    ) -> Result<(), String> {
        self.wasi = config;
        Ok(())
    }
}

struct ChildInstance {
    proc: Rc<RefCell<Option<ipc::Child>>>,
}

impl Instance for ChildInstance {
    fn wasi(&mut self) -> Option<crate::wasi::WasiOutput> {
        match exchange(&self.proc, &Request::Wasi) {
            Ok(Response::Wasi(w)) => w,
            _ => None,
        }
    }

    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        match exchange(
            &self.proc,
            &Request::Call {
                export: export.into(),
                args: args.to_vec(),
            },
        ) {
            Ok(Response::Called(o)) => o,
            Ok(other) => Outcome::Error(format!("protocol error: {other:?}")),
            Err(died) => Outcome::Crash(died.to_string()),
        }
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        match exchange(
            &self.proc,
            &Request::Global {
                export: export.into(),
            },
        ) {
            Ok(Response::Global(v)) => v,
            _ => None,
        }
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        match exchange(
            &self.proc,
            &Request::Memory {
                export: export.into(),
            },
        ) {
            Ok(Response::Memory(Some(b))) => crate::encoding::unbase64(&b).ok(),
            _ => None,
        }
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        match exchange(
            &self.proc,
            &Request::Table {
                export: export.into(),
            },
        ) {
            Ok(Response::Table(t)) => t,
            _ => None,
        }
    }
}

/// The child's side: serve requests for one engine on stdin/stdout until
/// stdin closes.
pub fn serve(kind: EngineKind, limits: Limits, features: FeatureSet) -> Result<(), Error> {
    let mut engine = kind.build(limits, features).ok_or_else(|| Error::Engine {
        engine: format!("engine `{kind}`"),
        why: "not in this build".into(),
    })?;
    let mut instance: Option<Box<dyn Instance>> = None;
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut frames = ipc::Frames::new(
        BufReader::new(stdin.lock()),
        BufWriter::new(stdout.lock()),
        "engine server",
    );
    let bad = |e: String| Outcome::Error(format!("bad request: {e}"));
    while let Some(req) = frames.receive::<Request>()? {
        let resp = match req {
            Request::Validate { wasm } => Response::Validated(
                crate::encoding::unbase64(&wasm)
                    .map_err(|e| e.to_string())
                    .and_then(|w| engine.validate(&w)),
            ),
            Request::Instantiate {
                wasm,
                features,
                wasi,
            } => {
                instance = None;
                let wasi = wasi.map(std::sync::Arc::new);
                let wasm = crate::encoding::unbase64(&wasm).map_err(|e| e.to_string());
                let result = wasm.and_then(|wasm| {
                    let f = FeatureSet::parse(&features).map_err(|e| e.to_string())?;
                    let info = ModuleInfo::parse_with_features(&wasm, f);
                    Ok((info.map_err(|e| e.to_string())?, wasm))
                });
                let result = result.and_then(|r| engine.set_wasi(wasi).map(|()| r));
                match result {
                    Err(e) => Response::Instantiated(Some((true, bad(e)))),
                    Ok((info, wasm)) => match engine.instantiate(&wasm, &info) {
                        Ok(i) => {
                            instance = Some(i);
                            Response::Instantiated(None)
                        }
                        Err(e) => {
                            Response::Instantiated(Some((e.stage == Stage::Compile, e.outcome)))
                        }
                    },
                }
            }
            Request::Call { export, args } => Response::Called(match instance.as_mut() {
                Some(i) => i.call(&export, &args),
                None => Outcome::Error("no instance".into()),
            }),
            Request::Global { export } => {
                Response::Global(instance.as_mut().and_then(|i| i.global(&export)))
            }
            Request::Memory { export } => Response::Memory(
                instance
                    .as_mut()
                    .and_then(|i| i.memory(&export))
                    .map(|m| crate::encoding::base64(&m)),
            ),
            Request::Table { export } => {
                Response::Table(instance.as_mut().and_then(|i| i.table(&export)))
            }
            Request::Wasi => Response::Wasi(instance.as_mut().and_then(|i| i.wasi())),
        };
        frames.reply(&resp)?;
    }
    Ok(())
}
