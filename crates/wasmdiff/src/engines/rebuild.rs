//! An engine that panicked is rebuilt before its next use.
//!
//! A panic inside an engine is a finding (an [`Outcome::Panic`]), but it can
//! leave the engine broken: wasmer's compiler holds a lock while it
//! compiles, and after a panic every later module fails with a
//! `PoisonError` that has nothing to do with that module. Comparing those
//! later modules would report false disagreements. So every engine
//! [`EngineKind::build`] makes is wrapped in a [`Rebuilding`] engine: its
//! instances and script sessions raise a shared flag when they see a
//! panic, and the next validation, instantiation or session starts from a
//! new engine of the same kind, limits and features.
//!
//! What an instance or session of the old engine does afterwards is still
//! reported as it happens; script runners that must go on in the same
//! session start a new one and replay the script so far
//! ([`crate::wast`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits, Session};
use crate::features::FeatureSet;
use crate::module_info::ModuleInfo;
use crate::outcome::Outcome;
use crate::value::Val;

/// How a [`Rebuilding`] engine builds its engine (again).
pub type Builder = Box<dyn Fn() -> Option<Box<dyn Engine>> + Send>;

/// An engine rebuilt after any of its panics (see the module documentation).
pub struct Rebuilding {
    build: Builder,
    inner: Box<dyn Engine>,
    panicked: Arc<AtomicBool>,
    rebuilds: u32,
    /// The WASI configuration given, applied again to a rebuilt engine.
    wasi: Option<Arc<crate::wasi::WasiConfig>>,
}

impl Rebuilding {
    /// The engine `build` makes, made again by `build` after a panic.
    /// `None` if `build` gives none.
    pub fn new(build: Builder) -> Option<Rebuilding> {
        Some(Rebuilding {
            inner: build()?,
            build,
            panicked: Arc::new(AtomicBool::new(false)),
            rebuilds: 0,
            wasi: None,
        })
    }

    /// An engine of `kind` with these limits and features.
    pub fn of_kind(kind: EngineKind, limits: Limits, features: FeatureSet) -> Option<Rebuilding> {
        Rebuilding::new(Box::new(move || kind.build_bare(limits, features)))
    }

    /// Rebuild the engine if it panicked since the last use.
    fn fresh(&mut self) {
        if self.panicked.swap(false, Ordering::SeqCst)
            && let Some(engine) = (self.build)()
        {
            self.inner = engine;
            self.rebuilds += 1;
            // It accepted the configuration before; a failure now shows
            // when it instantiates without the host.
            let _ = self.inner.set_wasi(self.wasi.clone());
        }
    }

    fn note(&self, outcome: &Outcome) {
        note(&self.panicked, outcome);
    }
}

fn note(flag: &AtomicBool, outcome: &Outcome) {
    if matches!(outcome, Outcome::Panic(_)) {
        flag.store(true, Ordering::SeqCst);
    }
}

impl Engine for Rebuilding {
    fn kind(&self) -> EngineKind {
        self.inner.kind()
    }

    fn supported(&self) -> FeatureSet {
        self.inner.supported()
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        self.fresh();
        self.inner.validate(wasm)
    }

    fn validation(&mut self, wasm: &[u8]) -> Outcome {
        self.fresh();
        self.inner.validation(wasm)
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        self.fresh();
        match self.inner.instantiate(wasm, info) {
            Ok(inner) => Ok(Box::new(RebuildingInstance {
                inner,
                panicked: self.panicked.clone(),
            })),
            Err(e) => {
                self.note(&e.outcome);
                Err(e)
            }
        }
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        self.fresh();
        Ok(Box::new(RebuildingSession {
            inner: self.inner.session()?,
            panicked: self.panicked.clone(),
        }))
    }

    fn rebuilds(&self) -> u32 {
        self.rebuilds
    }

    fn set_wasi(&mut self, config: Option<Arc<crate::wasi::WasiConfig>>) -> Result<(), String> {
        self.fresh();
        self.inner.set_wasi(config.clone())?;
        self.wasi = config;
        Ok(())
    }
}

struct RebuildingInstance {
    inner: Box<dyn Instance>,
    panicked: Arc<AtomicBool>,
}

impl Instance for RebuildingInstance {
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        let outcome = self.inner.call(export, args);
        note(&self.panicked, &outcome);
        outcome
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        self.inner.global(export)
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        self.inner.memory(export)
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        self.inner.table(export)
    }

    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        self.inner.memory_image(export)
    }

    fn unreadable(&mut self, export: &str) -> Option<String> {
        self.inner.unreadable(export)
    }

    fn wasi(&mut self) -> Option<crate::wasi::WasiOutput> {
        self.inner.wasi()
    }

    fn executed(&mut self) -> Option<u64> {
        self.inner.executed()
    }
}

struct RebuildingSession {
    inner: Box<dyn Session>,
    panicked: Arc<AtomicBool>,
}

impl Session for RebuildingSession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let r = self.inner.instantiate(wasm);
        if let Err(e) = &r {
            note(&self.panicked, &e.outcome);
        }
        r
    }

    fn register(&mut self, name: &str, instance: InstanceId) -> Result<(), String> {
        self.inner.register(name, instance)
    }

    fn call(&mut self, instance: InstanceId, export: &str, args: &[Val]) -> Outcome {
        let outcome = self.inner.call(instance, export, args);
        note(&self.panicked, &outcome);
        outcome
    }

    fn get(&mut self, instance: InstanceId, global: &str) -> Outcome {
        let outcome = self.inner.get(instance, global);
        note(&self.panicked, &outcome);
        outcome
    }
}

#[cfg(all(test, feature = "canary"))]
mod tests {
    use super::*;
    use crate::engines::canary::{CanaryEngine, Fault, FaultSet};

    const ROTR: &str = r#"(module (func (export "f") (param i64) (result i64)
        (i64.rotr (local.get 0) (i64.const 1))))"#;
    const PLAIN: &str = r#"(module (func (export "g") (result i32) (i32.const 7)))"#;

    fn canary() -> Box<dyn Engine> {
        Box::new(CanaryEngine::new(
            Limits::default(),
            FeatureSet::all(),
            FaultSet::from_iter([Fault::PanicPoisons]),
        ))
    }

    fn run(engine: &mut dyn Engine, wat: &str, export: &str) -> Outcome {
        let wasm = wat::parse_str(wat).unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        match engine.instantiate(&wasm, &info) {
            Ok(mut i) => i.call(export, &[]),
            Err(e) => e.outcome,
        }
    }

    #[test]
    fn a_panic_poisons_the_bare_engine_but_not_a_rebuilding_one() {
        // The fault as wasmer showed it: after the panic, every module fails.
        let mut bare = canary();
        assert!(matches!(run(&mut *bare, ROTR, "f"), Outcome::Panic(_)));
        let after = run(&mut *bare, PLAIN, "g");
        assert!(
            matches!(&after, Outcome::Error(e) if e.contains("poisoned")),
            "{after:?}"
        );
        // Rebuilt after the panic, the next module runs normally.
        let mut engine = Rebuilding::new(Box::new(|| Some(canary()))).unwrap();
        assert!(matches!(run(&mut engine, ROTR, "f"), Outcome::Panic(_)));
        assert_eq!(run(&mut engine, PLAIN, "g"), Outcome::Ok(vec![Val::I32(7)]));
        assert_eq!(engine.rebuilds(), 1);
        // A script session, too: the next session is of a new engine.
        let mut session = engine.session().unwrap();
        let rotr = wat::parse_str(ROTR).unwrap();
        assert!(matches!(
            session.instantiate(&rotr).unwrap_err().outcome,
            Outcome::Panic(_)
        ));
        let mut session = engine.session().unwrap();
        let id = session
            .instantiate(&wat::parse_str(PLAIN).unwrap())
            .unwrap();
        assert_eq!(session.call(id, "g", &[]), Outcome::Ok(vec![Val::I32(7)]));
        assert_eq!(engine.rebuilds(), 2);
    }
}
