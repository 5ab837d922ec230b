//! wasmer's own WASI (wasmer-wasix), for `--wasi native`: the program gets
//! the configuration's arguments and environment, its standard input as a
//! file of those bytes, the preopened directories as private copies
//! (wasmer's host file system rooted at the copies, each mapped to its
//! guest path) and standard output and error captured. wasmer-wasix runs
//! on a tokio runtime: one per process, entered around every call into it.

use std::sync::{Arc, Mutex, OnceLock};

use ::wasmer::{Engine, Imports, Instance, Module, RuntimeError, Store};
use wasmer_wasix::virtual_fs::{self, DualWriteFile, NullFile, StaticFile};
use wasmer_wasix::{WasiEnv, WasiError, WasiFunctionEnv};

use crate::error::Error;
use crate::wasi::{NativeDirs, WasiConfig, WasiOutput};

/// The tokio runtime wasmer-wasix's tasks and file system run on, started
/// by the first native environment (see [`runtime`]).
static RUNTIME: OnceLock<std::io::Result<tokio::runtime::Runtime>> = OnceLock::new();

/// [`RUNTIME`], started if it is not yet.
fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
        })
        .as_ref()
        .map_err(|e| wasix(format!("starting its tokio runtime: {e}")))
}

/// An error of wasmer-wasix's.
fn wasix(e: impl std::fmt::Display) -> Error {
    Error::engine("wasmer-wasix", e.to_string())
}

/// Run `f` inside the runtime's context (wasmer-wasix looks it up), once
/// a native environment started it: a process that never runs wasmer's
/// own WASI starts no runtime and enters none.
pub(super) fn entered<T>(f: impl FnOnce() -> T) -> T {
    match RUNTIME.get() {
        Some(Ok(rt)) => {
            let _guard = rt.enter();
            f()
        }
        _ => f(),
    }
}

/// One instance's wasmer-wasix environment and what it saw.
pub(super) struct NativeWasi {
    env: WasiFunctionEnv,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    dirs: NativeDirs,
    /// The code passed to `proc_exit`, once the program called it.
    exit: Option<u32>,
}

/// A standard stream whose writes are kept in `into`.
fn capture(into: &Arc<Mutex<Vec<u8>>>) -> Box<DualWriteFile> {
    let into = into.clone();
    Box::new(DualWriteFile::new(
        Box::<NullFile>::default(),
        move |bytes: &[u8]| {
            let mut out = into.lock().unwrap_or_else(|e| e.into_inner());
            let room = crate::wasi::NATIVE_OUTPUT_CAP.saturating_sub(out.len());
            out.extend_from_slice(&bytes[..bytes.len().min(room)]);
        },
    ))
}

impl NativeWasi {
    /// wasmer-wasix's environment for `config`, in `store` (whose engine
    /// compiled the module).
    pub(super) fn new(
        store: &mut Store,
        engine: Engine,
        config: &WasiConfig,
    ) -> Result<NativeWasi, Error> {
        let rt = runtime()?;
        let _guard = rt.enter();
        let dirs = NativeDirs::create(config)?;
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let program = config.args.first().map_or("main", String::as_str);
        let fs = virtual_fs::host_fs::FileSystem::new(rt.handle().clone(), dirs.root())
            .map_err(|e| wasix(format!("its host file system: {e}")))?;
        let mut builder = WasiEnv::builder(program)
            .args(config.args.iter().skip(1))
            .envs(config.env.iter().map(|(k, v)| (k, v)))
            .stdin(Box::new(StaticFile::new(config.stdin.clone())))
            .stdout(capture(&stdout))
            .stderr(capture(&stderr))
            .fs(Arc::new(fs) as Arc<dyn virtual_fs::FileSystem + Send + Sync>)
            .engine(engine);
        // The file system's root is the private copy: directory N of the
        // configuration is `/N` in it.
        for (i, (guest, _)) in dirs.dirs.iter().enumerate() {
            builder = builder
                .map_dir(guest, format!("/{i}"))
                .map_err(|e| wasix(format!("preopening {guest}: {e}")))?;
        }
        let env = builder.finalize(store).map_err(wasix)?;
        Ok(NativeWasi {
            env,
            stdout,
            stderr,
            dirs,
            exit: None,
        })
    }

    /// wasmer-wasix's functions for the module's WASI imports.
    pub(super) fn imports(&self, store: &mut Store, module: &Module) -> Result<Imports, Error> {
        entered(|| {
            self.env
                .import_object(store, module)
                .map_err(|e| wasix(format!("its imports: {e}")))
        })
    }

    /// Give the environment the instance (its memory).
    pub(super) fn initialize(
        &mut self,
        store: &mut Store,
        instance: &Instance,
    ) -> Result<(), Error> {
        entered(|| self.env.initialize(store, instance.clone())).map_err(wasix)
    }

    /// The exit code when a call's error is the program's `proc_exit`.
    pub(super) fn exited(&mut self, error: &RuntimeError) -> Option<u32> {
        match error.downcast_ref::<WasiError>() {
            Some(WasiError::Exit(code)) => {
                let code = code.raw() as u32;
                self.exit = Some(code);
                Some(code)
            }
            _ => None,
        }
    }

    pub(super) fn output(&self) -> WasiOutput {
        let read = |b: &Arc<Mutex<Vec<u8>>>| b.lock().unwrap_or_else(|e| e.into_inner()).clone();
        WasiOutput {
            exit: self.exit,
            stdout: read(&self.stdout),
            stderr: read(&self.stderr),
            dirs: self.dirs.trees(),
        }
    }
}
