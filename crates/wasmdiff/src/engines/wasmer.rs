//! The wasmer adapter: wasmer 7 with its Singlepass or Cranelift compiler, a
//! fresh engine and store per module, engine fuel from the `Metering`
//! middleware, and growth caps and the stack size from custom tunables.

use std::num::NonZero;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

use ::wasmer::sys::vm::{
    ExpectedValue, LinearMemory, ThreadConditions, Trap, TrapCode, VMConfig, VMGlobal,
    VMGlobalDefinition, VMMemory, VMMemoryDefinition, VMSharedMemory, VMTable, VMTableDefinition,
    WaiterError,
};
use ::wasmer::sys::wasmparser::Operator;
use ::wasmer::sys::{
    BaseTunables, CompilerConfig, Cranelift, EngineBuilder, Features, ModuleMiddleware, Singlepass,
    Tunables,
};
use ::wasmer::{
    CompileError, Extern, ExternRef, Function, FunctionEnv, FunctionEnvMut, FunctionType, Global,
    GlobalType, Imports, InstantiationError, LinkError, Memory, MemoryError, MemoryStyle,
    MemoryType, MemoryView, Module, Pages, RuntimeError, Store, Table, TableStyle, TableType, Type,
    Value, WASM_MAX_PAGES, WasmError,
};
use wasmer_middlewares::Metering;
use wasmer_middlewares::metering::{self, MeteringPoints};

use super::{
    BASE_FEATURES, Descriptor, Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits,
    Session, SharedWasi, host_stub_results, new_wasi, spectest, wasi_call, wasi_import,
    wasi_output, wasi_started,
};
use crate::features::{Feature, FeatureSet};
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::panic_guard::catch;
use crate::trap::TrapKind;
use crate::value::{AnyKind, Val, ValType};
use crate::wasi::{Exit, GuestMemory, NoMemory, WasiConfig, WasiOutput};

#[cfg(feature = "wasmer-wasi")]
mod wasix;
#[cfg(feature = "wasmer-wasi")]
use wasix::{NativeWasi, entered};

/// Without cargo feature `wasmer-wasi` there is no wasmer-wasix: never
/// constructed.
#[cfg(not(feature = "wasmer-wasi"))]
enum NativeWasi {}

#[cfg(not(feature = "wasmer-wasi"))]
impl NativeWasi {
    fn output(&self) -> WasiOutput {
        match *self {}
    }
    fn exited(&mut self, _: &RuntimeError) -> Option<u32> {
        match *self {}
    }
}

#[cfg(not(feature = "wasmer-wasi"))]
fn entered<T>(f: impl FnOnce() -> T) -> T {
    f()
}

/// wasmer with Singlepass. wasmer 7.4.2 panics with `unimplemented!` ("64bit
/// memory not implemented yet") on memory64 in both compilers. wasmer
/// handles a trap by switching stacks (corosensei), which AddressSanitizer
/// reports as a stack-buffer-underflow on the first trapping module.
pub(crate) const SINGLEPASS: Descriptor = Descriptor {
    version: || "wasmer 7.4.2",
    features: || BASE_FEATURES.union(FeatureSet::of(&[Feature::ReferenceTypes])),
    unavailable: Descriptor::always_available,
    keeps_nan_payloads: true,
    applies_growth_caps: true,
    runs_under_asan: false,
    kept_between_scripts: false,
    in_all: true,
    command_line: |e, a| {
        Some(format!(
            "wasmer run --singlepass case.wasm --invoke '{e}' {a}"
        ))
    },
    #[cfg(feature = "wasmer-wasi")]
    native_wasi: Ok("wasmer-wasix 0.704.2 (wasmer's WASI, on its host file system)"),
    #[cfg(not(feature = "wasmer-wasi"))]
    native_wasi: Err("not in this build: cargo feature `wasmer-wasi` (wasmer-wasix) is off"),
    install: None,
    build: |kind, limits, features| Some(Box::new(WasmerEngine::new(kind, limits, features))),
};

/// wasmer with Cranelift, whose translator also rejects tail calls.
pub(crate) const CRANELIFT: Descriptor = Descriptor {
    features: || {
        BASE_FEATURES.union(FeatureSet::of(&[
            Feature::ReferenceTypes,
            Feature::Simd,
            Feature::RelaxedSimd,
        ]))
    },
    command_line: |e, a| {
        Some(format!(
            "wasmer run --cranelift case.wasm --invoke '{e}' {a}"
        ))
    },
    ..SINGLEPASS
};

/// A wasmer configuration (Singlepass or Cranelift). Every instantiation gets
/// a fresh wasmer engine and store: one engine shared across many modules
/// slows down quadratically, and a `Metering` middleware cannot be shared
/// between modules.
pub struct WasmerEngine {
    kind: EngineKind,
    limits: Limits,
    features: FeatureSet,
    /// An engine without middleware, kept for [`Engine::validate`] (which
    /// registers nothing in the engine).
    validator: Option<::wasmer::Engine>,
    /// The WASI configuration, when modules get a WASI host.
    wasi: Option<Arc<WasiConfig>>,
}

impl WasmerEngine {
    /// A wasmer engine of the given kind (`WasmerSinglepass` or
    /// `WasmerCranelift`), with these limits and features (already narrowed
    /// to what the kind supports).
    pub fn new(kind: EngineKind, limits: Limits, features: FeatureSet) -> Self {
        assert!(
            matches!(
                kind,
                EngineKind::WasmerSinglepass | EngineKind::WasmerCranelift
            ),
            "not a wasmer configuration: {kind}"
        );
        WasmerEngine {
            kind,
            limits,
            features,
            validator: None,
            wasi: None,
        }
    }

    /// A new wasmer engine: the compiler of our kind, our features, one
    /// compilation thread, optionally the metering middleware, and tunables.
    fn wasmer_engine(
        &self,
        metering: Option<Arc<dyn ModuleMiddleware>>,
        tunables: impl Tunables + Send + Sync + 'static,
    ) -> ::wasmer::Engine {
        let one = NonZero::new(1).expect("1 is not zero");
        let builder = match self.kind {
            EngineKind::WasmerCranelift => {
                let mut config = Cranelift::new();
                // NaN canonicalization stays off: wasmdiff compares NaNs
                // itself, and canonicalizing would hide the engine's own bits.
                config.canonicalize_nans(false);
                config.num_threads(one);
                if let Some(m) = metering {
                    config.push_middleware(m);
                }
                EngineBuilder::new(config)
            }
            _ => {
                // Singlepass keeps its default NaN handling (canonicalizing
                // the results of arithmetic, which the spec allows): that is
                // the configuration wasmer ships, and its tracking of which
                // values need it is itself worth testing.
                let mut config = Singlepass::new();
                config.num_threads(one);
                if let Some(m) = metering {
                    config.push_middleware(m);
                }
                EngineBuilder::new(config)
            }
        };
        let mut engine = builder
            .set_features(Some(wasmer_features(self.features)))
            .engine();
        engine.set_tunables(tunables);
        ::wasmer::Engine::from(engine)
    }

    fn validator(&mut self) -> &::wasmer::Engine {
        if self.validator.is_none() {
            let engine = self.wasmer_engine(None, BaseTunables::new());
            self.validator = Some(engine);
        }
        self.validator.as_ref().expect("just set")
    }
}

impl WasmerEngine {
    /// With `--wasi native`, wasmer-wasix's environment for the module,
    /// its functions put in place of the stubs of the module's WASI
    /// imports.
    #[allow(unused_variables)] // without cargo feature `wasmer-wasi`
    fn native_wasi(
        &self,
        store: &mut Store,
        module: &Module,
        info: &ModuleInfo,
        externs: &mut [Extern],
    ) -> Result<Option<NativeWasi>, InstantiateError> {
        #[cfg(feature = "wasmer-wasi")]
        if let Some(config) = self.wasi.as_deref().filter(|c| c.native) {
            let fail =
                |e: crate::error::Error| InstantiateError::instantiate(Outcome::Error(e.report()));
            let engine = store.engine().clone();
            let native = NativeWasi::new(store, engine, config).map_err(fail)?;
            let imports = native.imports(store, module).map_err(fail)?;
            for (i, import) in info.imports.iter().enumerate() {
                if import.module == crate::wasi::MODULE
                    && let Some(ext) = imports.get_export(&import.module, &import.name)
                {
                    externs[i] = ext;
                }
            }
            return Ok(Some(native));
        }
        Ok(None)
    }
}

/// Our features as wasmer's. Sign extension, saturating conversions and
/// mutable globals are always on in wasmer; it has no switch for function
/// references, GC or custom page sizes (none of which it supports).
fn wasmer_features(f: FeatureSet) -> Features {
    Features {
        threads: f.contains(Feature::Threads),
        reference_types: f.contains(Feature::ReferenceTypes),
        simd: f.contains(Feature::Simd),
        bulk_memory: f.contains(Feature::BulkMemory),
        multi_value: f.contains(Feature::MultiValue),
        tail_call: f.contains(Feature::TailCall),
        module_linking: false,
        multi_memory: f.contains(Feature::MultiMemory),
        memory64: f.contains(Feature::Memory64),
        exceptions: f.contains(Feature::Exceptions),
        relaxed_simd: f.contains(Feature::RelaxedSimd),
        extended_const: f.contains(Feature::ExtendedConst),
        wide_arithmetic: f.contains(Feature::WideArithmetic),
    }
}

/// Engine fuel: every operator costs one point.
fn unit_cost(_: &Operator) -> u64 {
    1
}

impl Engine for WasmerEngine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn supported(&self) -> FeatureSet {
        self.kind.supported()
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        let engine = self.validator().clone();
        match catch(|| Module::validate(&engine, wasm)) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(panic) => {
                // The panic may have left the engine's lock poisoned.
                self.validator = None;
                Err(format!("wasmer panicked while validating: {panic}"))
            }
        }
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        let shared = Arc::new(Shared::default());
        let tunables = CappedTunables::new(&self.limits, shared.clone());
        // The middleware's initial points are the fuel for instantiation
        // (the start function); calls reset them.
        let metering: Arc<dyn ModuleMiddleware> =
            Arc::new(Metering::new(self.limits.engine_fuel, unit_cost));
        let engine = self.wasmer_engine(Some(metering), tunables);
        let mut store = Store::new(engine);

        let module = match catch(|| Module::from_binary(&store, wasm)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return Err(InstantiateError::compile(compile_outcome(e))),
            Err(panic) => return Err(InstantiateError::compile(Outcome::Panic(panic))),
        };

        let wasi = new_wasi(&self.wasi);
        let env = FunctionEnv::new(
            &mut store,
            WasiEnv {
                host: wasi.clone(),
                memory: None,
            },
        );
        let mut externs = match catch(|| host_imports(&mut store, info, &env)) {
            Ok(Ok(externs)) => externs,
            Ok(Err(outcome)) => return Err(InstantiateError::instantiate(outcome)),
            Err(panic) => return Err(InstantiateError::instantiate(Outcome::Panic(panic))),
        };
        let mut native = self.native_wasi(&mut store, &module, info, &mut externs)?;

        let result = catch(|| {
            entered(|| {
                ::wasmer::Instance::new_by_index(&mut store, &module, &externs).map_err(Box::new)
            })
        });
        let denied = |shared: &Shared| {
            shared
                .memory_denied
                .load(Ordering::Relaxed)
                .then(|| Outcome::ResourceLimit(MEMORY_DENIED.into()))
        };
        let instance = match result {
            Ok(Ok(instance)) => instance,
            Ok(Err(e)) => {
                let outcome = denied(&shared)
                    .unwrap_or_else(|| instantiation_outcome(*e, || shared.start_fuel_exhausted()));
                return Err(InstantiateError::instantiate(outcome));
            }
            Err(panic) => return Err(InstantiateError::instantiate(Outcome::Panic(panic))),
        };
        if let Some(outcome) = denied(&shared) {
            return Err(InstantiateError::instantiate(outcome));
        }
        env.as_mut(&mut store).memory = instance.exports.get_memory("memory").ok().cloned();
        wasi_started(&wasi);
        #[cfg(feature = "wasmer-wasi")]
        if let Some(n) = &mut native {
            n.initialize(&mut store, &instance)
                .map_err(|e| InstantiateError::instantiate(Outcome::Error(e.report())))?;
        }
        Ok(Box::new(WasmerInstance {
            instance,
            store,
            shared,
            fuel: self.limits.engine_fuel,
            wasi,
            native: native.take(),
        }))
    }

    fn set_wasi(&mut self, config: Option<Arc<WasiConfig>>) -> Result<(), String> {
        #[cfg(not(feature = "wasmer-wasi"))]
        super::deterministic_wasi_only(self.kind, &config)?;
        self.wasi = config;
        Ok(())
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        let shared = Arc::new(Shared::default());
        let tunables = CappedTunables::new(&self.limits, shared.clone());
        // No metering here: wasmer's `Metering` middleware serves one module
        // only, and a script's modules share one engine and store. So engine
        // fuel does not bound a script in wasmer (the spec suite has no
        // endless loops; its runaway recursion ends at the stack limit).
        let engine = self.wasmer_engine(None, tunables);
        let mut store = Store::new(engine);
        let mut imports = Imports::new();
        let features = self.features;
        catch(|| define_spectest(&mut imports, &mut store, features))
            .map_err(|p| format!("defining the spectest module: {p}"))?;
        Ok(Box::new(WasmerSession {
            store,
            imports,
            instances: Vec::new(),
            shared,
        }))
    }
}

/// The `spectest` module as wasmer imports.
fn define_spectest(imports: &mut Imports, store: &mut Store, _features: FeatureSet) {
    for (name, params) in spectest::PRINT {
        let params: Vec<Type> = params.iter().map(|t| wasmer_type(*t)).collect();
        let ty = FunctionType::new(params, []);
        let f = Function::new(&mut *store, ty, |_: &[Value]| Ok(Vec::new()));
        imports.define("spectest", name, f);
    }
    let int = spectest::GLOBAL_INT;
    let float = spectest::GLOBAL_FLOAT;
    let globals = [
        ("global_i32", Value::I32(int)),
        ("global_i64", Value::I64(i64::from(int))),
        ("global_f32", Value::F32(float as f32)),
        ("global_f64", Value::F64(float)),
    ];
    for (name, val) in globals {
        let g = Global::new(&mut *store, val);
        imports.define("spectest", name, g);
    }
    let ty = TableType::new(
        Type::FuncRef,
        spectest::TABLE_MIN,
        Some(spectest::TABLE_MAX),
    );
    if let Ok(t) = Table::new(&mut *store, ty, Value::FuncRef(None)) {
        imports.define("spectest", "table", t);
    }
    let ty = MemoryType::new(
        Pages(spectest::MEMORY_MIN),
        Some(Pages(spectest::MEMORY_MAX)),
        false,
    );
    if let Ok(m) = Memory::new(&mut *store, ty) {
        imports.define("spectest", "memory", m);
    }
}

/// A script's store in wasmer: one engine and store, and the imports
/// (`spectest` and every registered instance's exports).
struct WasmerSession {
    store: Store,
    imports: Imports,
    instances: Vec<::wasmer::Instance>,
    shared: Arc<Shared>,
}

impl WasmerSession {
    fn instance(&self, id: InstanceId) -> Result<::wasmer::Instance, Outcome> {
        self.instances
            .get(id)
            .cloned()
            .ok_or_else(|| Outcome::Error(format!("no instance #{id}")))
    }

    /// wasmer's value as ours, with the value of a host reference.
    fn value_of(&self, v: &Value) -> Option<Val> {
        match v {
            Value::ExternRef(Some(r)) => Some(
                r.downcast::<u32>(&self.store)
                    .map_or(Val::ExternRef { null: false }, |n| Val::HostRef(*n)),
            ),
            other => from_wasmer(other),
        }
    }

    fn denied(&self) -> bool {
        self.shared.memory_denied.swap(false, Ordering::Relaxed)
    }
}

impl Session for WasmerSession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let store = &mut self.store;
        let module = match catch(|| Module::from_binary(&*store, wasm)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return Err(InstantiateError::compile(compile_outcome(e))),
            Err(panic) => return Err(InstantiateError::compile(Outcome::Panic(panic))),
        };
        let imports = &self.imports;
        let result =
            catch(|| ::wasmer::Instance::new(&mut *store, &module, imports).map_err(Box::new));
        if self.denied() {
            return Err(InstantiateError::instantiate(Outcome::ResourceLimit(
                MEMORY_DENIED.into(),
            )));
        }
        match result {
            Ok(Ok(instance)) => {
                self.instances.push(instance);
                Ok(self.instances.len() - 1)
            }
            Ok(Err(e)) => Err(InstantiateError::instantiate(instantiation_outcome(
                *e,
                || false,
            ))),
            Err(panic) => Err(InstantiateError::instantiate(Outcome::Panic(panic))),
        }
    }

    fn register(&mut self, name: &str, id: InstanceId) -> Result<(), String> {
        let instance = self.instance(id).map_err(|o| o.to_string())?;
        for (export, ext) in instance.exports.iter() {
            self.imports.define(name, export, ext.clone());
        }
        Ok(())
    }

    fn call(&mut self, id: InstanceId, export: &str, args: &[Val]) -> Outcome {
        let instance = match self.instance(id) {
            Ok(i) => i,
            Err(o) => return o,
        };
        let Ok(func) = instance.exports.get_function(export).cloned() else {
            return Outcome::Error(format!("no exported function `{export}`"));
        };
        let mut params = Vec::with_capacity(args.len());
        for v in args {
            let value = match *v {
                Val::HostRef(n) => Value::ExternRef(Some(ExternRef::new(&mut self.store, n))),
                other => match to_wasmer(other) {
                    Some(value) => value,
                    None => return Outcome::Unsupported(format!("argument {other}")),
                },
            };
            params.push(value);
        }
        self.shared.memory_denied.store(false, Ordering::Relaxed);
        let store = &mut self.store;
        let result = catch(|| func.call(store, &params));
        if self.denied() {
            return Outcome::ResourceLimit(MEMORY_DENIED.into());
        }
        match result {
            Ok(Ok(results)) => match results.iter().map(|v| self.value_of(v)).collect() {
                Some(vals) => Outcome::Ok(vals),
                None => Outcome::Unsupported("exception reference results".into()),
            },
            Ok(Err(e)) => runtime_outcome(e, || false),
            Err(panic) => Outcome::Panic(panic),
        }
    }

    fn get(&mut self, id: InstanceId, global: &str) -> Outcome {
        let instance = match self.instance(id) {
            Ok(i) => i,
            Err(o) => return o,
        };
        let Ok(g) = instance.exports.get_global(global).cloned() else {
            return Outcome::Error(format!("no exported global `{global}`"));
        };
        let store = &mut self.store;
        match catch(|| g.get(store)) {
            Ok(v) => match self.value_of(&v) {
                Some(v) => Outcome::Ok(vec![v]),
                None => Outcome::Unsupported("exception reference global".into()),
            },
            Err(panic) => Outcome::Panic(panic),
        }
    }
}

/// The size of a wasm page in bytes.
const PAGE: u64 = ::wasmer::WASM_PAGE_SIZE as u64;

/// The message of a call or instantiation whose memory growth the cap denied.
const MEMORY_DENIED: &str = "memory growth beyond wasmdiff's cap (Limits::max_memory_bytes)";

/// A compile error as an outcome: what the engine says it does not support
/// is `Unsupported`, implementation limits are `ResourceLimit`, the rest is
/// an `Error`.
fn compile_outcome(e: CompileError) -> Outcome {
    let msg = e.to_string();
    match e {
        CompileError::UnsupportedFeature(_)
        | CompileError::UnsupportedTarget(_)
        | CompileError::Wasm(WasmError::Unsupported(_)) => Outcome::Unsupported(msg),
        CompileError::Resource(_) | CompileError::Wasm(WasmError::ImplLimitExceeded) => {
            Outcome::ResourceLimit(msg)
        }
        CompileError::Wasm(_)
        | CompileError::Codegen(_)
        | CompileError::Validate(_)
        | CompileError::MiddlewareError(_)
        | CompileError::Aborted(_) => Outcome::Error(msg),
    }
}

/// An instantiation error as an outcome. wasmer reports traps while
/// initializing tables and memories (segments out of bounds) and in the start
/// function as `Start(RuntimeError)` with a trap code. A resource error
/// (a memory or table too large for wasmer or for our caps) is
/// `ResourceLimit`.
fn instantiation_outcome(e: InstantiationError, exhausted: impl FnOnce() -> bool) -> Outcome {
    match e {
        InstantiationError::Start(rt) => runtime_outcome(rt, exhausted),
        // Not from running wasm code: never the metering.
        InstantiationError::Link(LinkError::Trap(rt)) => runtime_outcome(rt, || false),
        InstantiationError::Link(LinkError::Resource(msg)) => Outcome::ResourceLimit(msg),
        InstantiationError::CpuFeature(msg) => {
            Outcome::Unsupported(format!("missing required CPU features: {msg}"))
        }
        e @ (InstantiationError::Link(LinkError::Import(..))
        | InstantiationError::DifferentStores
        | InstantiationError::DifferentArchOS) => Outcome::Error(e.to_string()),
    }
}

/// A runtime error as an outcome: a trap code maps to a [`TrapKind`] (an
/// `unreachable` with the metering points exhausted is engine fuel running
/// out); an error without a trap code is an `Error`.
fn runtime_outcome(e: RuntimeError, exhausted: impl FnOnce() -> bool) -> Outcome {
    let msg = e.to_string();
    match e.to_trap() {
        Some(TrapCode::UnreachableCodeReached) if exhausted() => Outcome::Trap(TrapKind::OutOfFuel),
        Some(code) => Outcome::Trap(trap_kind(code)),
        None => Outcome::Error(msg),
    }
}

/// wasmer's trap codes as our trap kinds.
fn trap_kind(code: TrapCode) -> TrapKind {
    match code {
        TrapCode::StackOverflow => TrapKind::StackExhausted,
        TrapCode::HeapAccessOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::HeapMisaligned | TrapCode::UnalignedAtomic => TrapKind::UnalignedAtomic,
        TrapCode::TableAccessOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::UninitializedElement,
        TrapCode::BadSignature => TrapKind::IndirectCallTypeMismatch,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivideByZero,
        TrapCode::BadConversionToInteger => TrapKind::InvalidConversion,
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::UncaughtException => TrapKind::UncaughtException,
        // `throw_ref` of a null exnref.
        TrapCode::UninitializedExnRef => TrapKind::NullReference,
        TrapCode::YieldOutsideAsyncContext
        | TrapCode::HostInterrupt
        | TrapCode::ReadonlyTableModified => TrapKind::Other,
    }
}

/// Our value type as wasmer's.
fn wasmer_type(t: ValType) -> Type {
    match t {
        ValType::I32 => Type::I32,
        ValType::I64 => Type::I64,
        ValType::F32 => Type::F32,
        ValType::F64 => Type::F64,
        ValType::V128 => Type::V128,
        ValType::FuncRef => Type::FuncRef,
        // wasmer has no GC types; nothing of them ever reaches it.
        ValType::ExternRef | ValType::AnyRef => Type::ExternRef,
    }
}

/// Our value as wasmer's, float bits untouched. Only null references can be
/// made without a store; a non-null one is `None`.
fn to_wasmer(v: Val) -> Option<Value> {
    Some(match v {
        Val::I32(x) => Value::I32(x),
        Val::I64(x) => Value::I64(x),
        Val::F32(bits) => Value::F32(f32::from_bits(bits)),
        Val::F64(bits) => Value::F64(f64::from_bits(bits)),
        Val::V128(x) => Value::V128(x),
        Val::FuncRef { null: true } => Value::FuncRef(None),
        Val::ExternRef { null: true } => Value::ExternRef(None),
        Val::AnyRef(AnyKind::Null) => Value::ExternRef(None),
        Val::FuncRef { null: false }
        | Val::ExternRef { null: false }
        | Val::HostRef(_)
        | Val::AnyRef(_) => return None,
    })
}

/// wasmer's value as ours, float bits untouched; references as their
/// null-ness. An exception reference has no counterpart (`None`).
fn from_wasmer(v: &Value) -> Option<Val> {
    Some(match v {
        Value::I32(x) => Val::I32(*x),
        Value::I64(x) => Val::I64(*x),
        Value::F32(x) => Val::F32(x.to_bits()),
        Value::F64(x) => Val::F64(x.to_bits()),
        Value::V128(x) => Val::V128(*x),
        Value::FuncRef(f) => Val::FuncRef { null: f.is_none() },
        Value::ExternRef(r) => Val::ExternRef { null: r.is_none() },
        Value::ExceptionRef(_) => return None,
    })
}

/// The externs for the module's imports, in import order: host functions
/// returning zeros, and fresh memories, null-filled tables and zero globals of
/// the declared types.
fn host_imports(
    store: &mut Store,
    info: &ModuleInfo,
    env: &FunctionEnv<WasiEnv>,
) -> Result<Vec<Extern>, Outcome> {
    let wasi = env.as_ref(store).host.clone();
    let mut externs = Vec::with_capacity(info.imports.len());
    for (i, import) in info.imports.iter().enumerate() {
        let what = format!("import {}::{}", import.module, import.name);
        let unsupported = |why: &str| Outcome::Unsupported(format!("{what}: {why}"));
        let too_large = |why: String| Outcome::ResourceLimit(format!("{what}: {why}"));
        let ext = match &import.ty {
            EntityType::Func { sig: Some(sig) } => {
                let ty = FunctionType::new(
                    sig.params
                        .iter()
                        .copied()
                        .map(wasmer_type)
                        .collect::<Vec<_>>(),
                    sig.results
                        .iter()
                        .copied()
                        .map(wasmer_type)
                        .collect::<Vec<_>>(),
                );
                if let Some(name) = wasi_import(&wasi, info, i) {
                    let name = name.to_string();
                    Extern::Function(Function::new_with_env(store, env, ty, move |env, args| {
                        wasi_function(env, &name, args)
                    }))
                } else {
                    let results = host_stub_results(info, i);
                    Extern::Function(Function::new(store, ty, move |_args: &[Value]| {
                        Ok(results
                            .iter()
                            .map(|v| to_wasmer(*v).expect("stub results are zeros and nulls"))
                            .collect())
                    }))
                }
            }
            EntityType::Memory(m) => {
                if m.page_size_log2.is_some_and(|log2| log2 != 16) {
                    return Err(unsupported("custom page sizes"));
                }
                let pages = |n: u64| {
                    u32::try_from(n)
                        .map(Pages)
                        .map_err(|_| too_large(format!("{n} pages")))
                };
                let max = m.max.map(pages).transpose()?;
                let ty = MemoryType::new(pages(m.min)?, max, m.shared);
                Extern::Memory(Memory::new(store, ty).map_err(|e| too_large(e.to_string()))?)
            }
            EntityType::Table { ty: Some(t) } => {
                let elems =
                    |n: u64| u32::try_from(n).map_err(|_| too_large(format!("{n} elements")));
                let max = t.max.map(elems).transpose()?;
                let ty = TableType::new(wasmer_type(t.element), elems(t.min)?, max);
                let null = to_wasmer(t.element.default_value()).expect("null reference");
                Extern::Table(Table::new(store, ty, null).map_err(|e| too_large(e.to_string()))?)
            }
            EntityType::Global { ty: Some(g) } => {
                let zero = to_wasmer(g.ty.default_value()).expect("zero value");
                Extern::Global(if g.mutable {
                    Global::new_mut(store, zero)
                } else {
                    Global::new(store, zero)
                })
            }
            EntityType::Func { sig: None } => return Err(unsupported("GC types in signature")),
            EntityType::Table { ty: None } => return Err(unsupported("GC element type")),
            EntityType::Global { ty: None } => return Err(unsupported("GC value type")),
            EntityType::Tag => return Err(unsupported("exception tags")),
        };
        externs.push(ext);
    }
    Ok(externs)
}

/// A live wasmer instance with its own store.
/// What a WASI host function needs: the host, and the instance's memory
/// (known once the instance exists).
struct WasiEnv {
    host: Option<SharedWasi>,
    memory: Option<Memory>,
}

/// A WASI import: the shared host on the instance's memory.
fn wasi_function(
    mut env: FunctionEnvMut<WasiEnv>,
    name: &str,
    args: &[Value],
) -> Result<Vec<Value>, RuntimeError> {
    let (data, store) = env.data_and_store_mut();
    let Some(host) = data.host.clone() else {
        return Err(RuntimeError::new("no WASI host"));
    };
    let args: Vec<Val> = args.iter().filter_map(from_wasmer).collect();
    let r = match &data.memory {
        Some(m) => wasi_call(&host, name, &args, &mut View(m.view(&store))),
        None => wasi_call(&host, name, &args, &mut NoMemory),
    };
    match r {
        Ok(vals) => Ok(vals.into_iter().filter_map(to_wasmer).collect()),
        Err(Exit(code)) => Err(RuntimeError::new(format!("WASI proc_exit({code})"))),
    }
}

/// A wasmer memory as the WASI host sees it.
struct View<'a>(MemoryView<'a>);

impl GuestMemory for View<'_> {
    fn read(&mut self, at: u32, len: u32) -> Option<Vec<u8>> {
        if u64::from(at) + u64::from(len) > self.0.data_size() {
            return None;
        }
        let mut buf = vec![0u8; len as usize];
        self.0.read(u64::from(at), &mut buf).ok()?;
        Some(buf)
    }
    fn write(&mut self, at: u32, bytes: &[u8]) -> bool {
        self.0.write(u64::from(at), bytes).is_ok()
    }
}

struct WasmerInstance {
    instance: ::wasmer::Instance,
    store: Store,
    shared: Arc<Shared>,
    fuel: u64,
    wasi: Option<SharedWasi>,
    /// wasmer's own WASI (`--wasi native`), when the module runs with it.
    native: Option<NativeWasi>,
}

impl WasmerInstance {
    fn fuel_exhausted(&mut self) -> bool {
        let (store, instance) = (&mut self.store, &self.instance);
        matches!(
            catch(|| metering::get_remaining_points(store, instance)),
            Ok(MeteringPoints::Exhausted)
        )
    }
}

impl Instance for WasmerInstance {
    fn wasi(&mut self) -> Option<WasiOutput> {
        match &self.native {
            Some(n) => Some(n.output()),
            None => wasi_output(&self.wasi),
        }
    }

    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        let Ok(func) = self.instance.exports.get_function(export).cloned() else {
            return Outcome::Error(format!("no exported function `{export}`"));
        };
        let Some(args) = args
            .iter()
            .map(|v| to_wasmer(*v))
            .collect::<Option<Vec<_>>>()
        else {
            return Outcome::Unsupported("non-null reference arguments".into());
        };
        self.shared.memory_denied.store(false, Ordering::Relaxed);
        let (store, instance, fuel) = (&mut self.store, &self.instance, self.fuel);
        let result = catch(|| {
            metering::set_remaining_points(store, instance, fuel);
            entered(|| func.call(store, &args))
        });
        if self.shared.memory_denied.load(Ordering::Relaxed) {
            return Outcome::ResourceLimit(MEMORY_DENIED.into());
        }
        match result {
            Ok(Ok(results)) => match results.iter().map(from_wasmer).collect() {
                Some(vals) => Outcome::Ok(vals),
                None => Outcome::Unsupported("exception reference results".into()),
            },
            Ok(Err(e)) => match self.native.as_mut().and_then(|n| n.exited(&e)) {
                Some(code) => Outcome::Exit(code),
                None => runtime_outcome(e, || self.fuel_exhausted()),
            },
            Err(panic) => Outcome::Panic(panic),
        }
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        let global = self.instance.exports.get_global(export).ok()?.clone();
        let store = &mut self.store;
        from_wasmer(&catch(|| global.get(store)).ok()?)
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        let memory = self.instance.exports.get_memory(export).ok()?.clone();
        let store = &self.store;
        catch(|| memory.view(store).copy_to_vec().ok()).ok()?
    }

    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        let memory = self.instance.exports.get_memory(export).ok()?.clone();
        let store = &self.store;
        catch(|| {
            let view = memory.view(store);
            // SAFETY: no wasm runs and nothing resizes the memory while the
            // slice lives: this thread holds the only store.
            super::MemoryImage::of(unsafe { view.data_unchecked() })
        })
        .ok()
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let table = self.instance.exports.get_table(export).ok()?.clone();
        let store = &mut self.store;
        catch(|| {
            (0..table.size(store))
                .map(|i| match table.get(store, i)? {
                    Value::FuncRef(f) => Some(f.is_none()),
                    Value::ExternRef(r) => Some(r.is_none()),
                    Value::ExceptionRef(r) => Some(r.is_none()),
                    _ => None,
                })
                .collect()
        })
        .ok()?
    }
}

/// State the tunables share with the adapter.
#[derive(Default)]
struct Shared {
    /// Set when a memory growth was denied by the cap (and only by it).
    memory_denied: AtomicBool,
    /// Where the last global created inside an instance lives. The metering
    /// middleware appends its two globals after the module's own, so after an
    /// instantiation this is its "points exhausted" flag.
    last_global: AtomicPtr<VMGlobalDefinition>,
}

impl Shared {
    /// Whether the metering flag of the instance whose start function just
    /// trapped says the fuel ran out. Only called for a trap in the start
    /// function: wasmer keeps that partly initialized instance (and so its
    /// globals) alive in the store, which is alive here.
    fn start_fuel_exhausted(&self) -> bool {
        let flag = self.last_global.load(Ordering::Relaxed);
        if flag.is_null() {
            return false;
        }
        // SAFETY: the pointer is the location of the last global of the
        // instance that trapped (see above), still allocated; the flag is an
        // i32 global.
        unsafe { (*flag).val.i32 > 0 }
    }
}

/// wasmer's default tunables, plus: the stack size from [`Limits`], memory
/// growth beyond `max_memory_bytes` denied and reported (see
/// [`CappedMemory`]), and table maximums lowered to `max_table_elements`.
///
/// Tables are capped by lowering their maximum, so a `table.grow` beyond the
/// cap returns -1 instead of being reported as a resource limit (wasmer's
/// tables cannot be wrapped). That is acceptable: without the cap a huge
/// `table.grow` would abort the process on allocation failure, the engines
/// that report the denial make the call inconclusive, and generated modules
/// declare small maximums.
struct CappedTunables {
    base: BaseTunables,
    config: VMConfig,
    max_memory_pages: u64,
    max_table_elements: u32,
    shared: Arc<Shared>,
}

impl CappedTunables {
    fn new(limits: &Limits, shared: Arc<Shared>) -> Self {
        CappedTunables {
            base: BaseTunables::new(),
            config: VMConfig {
                wasm_stack_size: Some(limits.max_wasm_stack),
            },
            max_memory_pages: limits.max_memory_bytes / PAGE,
            max_table_elements: u32::try_from(limits.max_table_elements).unwrap_or(u32::MAX),
            shared,
        }
    }

    fn check_memory(&self, ty: &MemoryType) -> Result<(), MemoryError> {
        if u64::from(ty.minimum.0) > self.max_memory_pages {
            return Err(MemoryError::Generic(format!(
                "minimum of {} pages is beyond wasmdiff's cap of {} pages",
                ty.minimum.0, self.max_memory_pages
            )));
        }
        Ok(())
    }

    fn wrap(&self, inner: VMMemory) -> VMMemory {
        VMMemory(Box::new(CappedMemory {
            inner,
            max_pages: self.max_memory_pages,
            shared: self.shared.clone(),
        }))
    }

    fn capped_table(&self, ty: &TableType) -> Result<TableType, String> {
        let cap = self.max_table_elements;
        if ty.minimum > cap {
            return Err(format!(
                "table minimum of {} elements is beyond wasmdiff's cap of {cap}",
                ty.minimum
            ));
        }
        let mut capped = *ty;
        capped.maximum = Some(ty.maximum.map_or(cap, |m| m.min(cap)));
        Ok(capped)
    }
}

impl Tunables for CappedTunables {
    fn memory_style(&self, memory: &MemoryType) -> MemoryStyle {
        self.base.memory_style(memory)
    }

    fn table_style(&self, table: &TableType) -> TableStyle {
        self.base.table_style(table)
    }

    fn create_host_memory(
        &self,
        ty: &MemoryType,
        style: &MemoryStyle,
    ) -> Result<VMMemory, MemoryError> {
        self.check_memory(ty)?;
        Ok(self.wrap(self.base.create_host_memory(ty, style)?))
    }

    unsafe fn create_vm_memory(
        &self,
        ty: &MemoryType,
        style: &MemoryStyle,
        vm_definition_location: NonNull<VMMemoryDefinition>,
    ) -> Result<VMMemory, MemoryError> {
        self.check_memory(ty)?;
        // SAFETY: our caller's obligations are passed on unchanged.
        let inner = unsafe {
            self.base
                .create_vm_memory(ty, style, vm_definition_location)?
        };
        Ok(self.wrap(inner))
    }

    fn create_host_table(&self, ty: &TableType, style: &TableStyle) -> Result<VMTable, String> {
        self.base.create_host_table(&self.capped_table(ty)?, style)
    }

    unsafe fn create_vm_table(
        &self,
        ty: &TableType,
        style: &TableStyle,
        vm_definition_location: NonNull<VMTableDefinition>,
    ) -> Result<VMTable, String> {
        let ty = self.capped_table(ty)?;
        // SAFETY: our caller's obligations are passed on unchanged.
        unsafe {
            self.base
                .create_vm_table(&ty, style, vm_definition_location)
        }
    }

    unsafe fn create_vm_global(
        &self,
        ty: GlobalType,
        vm_definition_location: NonNull<VMGlobalDefinition>,
    ) -> Result<VMGlobal, String> {
        self.shared
            .last_global
            .store(vm_definition_location.as_ptr(), Ordering::Relaxed);
        // SAFETY: our caller's obligations are passed on unchanged (this is
        // what the trait's default implementation does).
        Ok(unsafe { VMGlobal::new_instance(ty, vm_definition_location) })
    }

    fn vmconfig(&self) -> &VMConfig {
        &self.config
    }
}

/// A linear memory that refuses to grow beyond the cap when the memory's own
/// maximum would allow it, and records that it did so: the outcome is then
/// a resource limit, not a `memory.grow` result to compare.
#[derive(Debug)]
struct CappedMemory {
    inner: VMMemory,
    max_pages: u64,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("memory_denied", &self.memory_denied.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl CappedMemory {
    /// Whether growing to `pages` is denied by the cap alone.
    fn denied(&self, pages: u64) -> bool {
        let allowed = self
            .inner
            .ty()
            .maximum
            .map_or(u64::from(WASM_MAX_PAGES), |m| u64::from(m.0));
        let denied = pages > self.max_pages && pages <= allowed;
        if denied {
            self.shared.memory_denied.store(true, Ordering::Relaxed);
        }
        denied
    }
}

impl LinearMemory for CappedMemory {
    fn ty(&self) -> MemoryType {
        self.inner.ty()
    }

    fn size(&self) -> Pages {
        self.inner.size()
    }

    fn style(&self) -> MemoryStyle {
        self.inner.style()
    }

    fn grow(&mut self, delta: Pages) -> Result<Pages, MemoryError> {
        let current = self.inner.size();
        if delta.0 > 0 && self.denied(u64::from(current.0) + u64::from(delta.0)) {
            return Err(MemoryError::CouldNotGrow {
                current,
                attempted_delta: delta,
            });
        }
        self.inner.grow(delta)
    }

    fn grow_at_least(&mut self, min_size: u64) -> Result<(), MemoryError> {
        let current = self.inner.size();
        let pages = min_size.div_ceil(PAGE);
        if pages > u64::from(current.0) && self.denied(pages) {
            return Err(MemoryError::CouldNotGrow {
                current,
                attempted_delta: Pages(
                    u32::try_from(pages - u64::from(current.0)).unwrap_or(u32::MAX),
                ),
            });
        }
        self.inner.grow_at_least(min_size)
    }

    fn reset(&mut self) -> Result<(), MemoryError> {
        self.inner.reset()
    }

    fn vmmemory(&self) -> NonNull<VMMemoryDefinition> {
        self.inner.vmmemory()
    }

    fn try_clone(&self) -> Result<Box<dyn LinearMemory + Send + Sync + 'static>, MemoryError> {
        LinearMemory::try_clone(&self.inner)
    }

    unsafe fn initialize_with_data(&self, start: usize, data: &[u8]) -> Result<(), Trap> {
        // SAFETY: our caller's obligations are passed on unchanged.
        unsafe { self.inner.initialize_with_data(start, data) }
    }

    fn copy(&self) -> Result<Box<dyn LinearMemory + Send + Sync + 'static>, MemoryError> {
        LinearMemory::copy(&self.inner)
    }

    fn as_shared(&self) -> Result<VMSharedMemory, MemoryError> {
        self.inner.as_shared()
    }

    unsafe fn do_wait(
        &mut self,
        dst: u32,
        expected: ExpectedValue,
        timeout: Option<std::time::Duration>,
    ) -> Result<u32, WaiterError> {
        // SAFETY: our caller's obligations are passed on unchanged.
        unsafe { self.inner.do_wait(dst, expected, timeout) }
    }

    fn do_notify(&mut self, dst: u32, count: u32) -> u32 {
        self.inner.do_notify(dst, count)
    }

    fn thread_conditions(&self) -> Option<&ThreadConditions> {
        self.inner.thread_conditions()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::Stage;

    const KINDS: [EngineKind; 2] = [EngineKind::WasmerSinglepass, EngineKind::WasmerCranelift];

    fn engine(kind: EngineKind, limits: Limits) -> Box<dyn Engine> {
        kind.build(limits, FeatureSet::all())
            .expect("wasmer is in this build")
    }

    fn instantiate_with(
        kind: EngineKind,
        limits: Limits,
        wat: &str,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        let wasm = wat::parse_str(wat).expect("test module parses");
        let info = ModuleInfo::parse(&wasm).expect("test module is valid");
        engine(kind, limits).instantiate(&wasm, &info)
    }

    fn instance(kind: EngineKind, wat: &str) -> Box<dyn Instance> {
        instantiate_with(kind, Limits::default(), wat)
            .unwrap_or_else(|e| panic!("{kind}: instantiation failed: {e:?}"))
    }

    fn small_fuel() -> Limits {
        Limits {
            engine_fuel: 100_000,
            ..Limits::default()
        }
    }

    /// Compare float results bit for bit (`Val`'s equality ignores NaN bits).
    fn bits(outcome: &Outcome) -> Vec<(ValType, u128)> {
        let Outcome::Ok(vals) = outcome else {
            panic!("expected results, got {outcome:?}")
        };
        vals.iter()
            .map(|v| {
                let b = match *v {
                    Val::I32(x) => x as u32 as u128,
                    Val::I64(x) => x as u64 as u128,
                    Val::F32(x) => x as u128,
                    Val::F64(x) => x as u128,
                    Val::V128(x) => x,
                    Val::FuncRef { null } | Val::ExternRef { null } => null as u128,
                    Val::HostRef(n) => n as u128,
                    Val::AnyRef(_) => 0,
                };
                (v.ty(), b)
            })
            .collect()
    }

    #[test]
    fn scalar_results_keep_their_bits() {
        for kind in KINDS {
            let mut inst = instance(
                kind,
                r#"(module
                     (func (export "i32") (result i32) i32.const -7)
                     (func (export "i64") (result i64) i64.const 0x123456789abcdef0)
                     (func (export "f32") (result f32) f32.const nan:0x200001)
                     (func (export "f64") (result f64) f64.const -nan:0x4000000000001)
                     (func (export "all") (result i32 i64 f32 f64)
                       i32.const 1 i64.const -2 f32.const -1.5 f64.const nan:0x8)
                     (func (export "swap") (param f32 f64) (result f64 f32)
                       local.get 1 local.get 0))"#,
            );
            assert_eq!(
                bits(&inst.call("i32", &[])),
                [(ValType::I32, 0xffff_fff9)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("i64", &[])),
                [(ValType::I64, 0x1234_5678_9abc_def0)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("f32", &[])),
                [(ValType::F32, 0x7fa0_0001)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("f64", &[])),
                [(ValType::F64, 0xfff4_0000_0000_0001)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("all", &[])),
                [
                    (ValType::I32, 1),
                    (ValType::I64, u64::MAX as u128 - 1),
                    (ValType::F32, (-1.5f32).to_bits() as u128),
                    (ValType::F64, 0x7ff0_0000_0000_0008),
                ],
                "{kind}"
            );
            // Arguments keep their bits on the way in too.
            assert_eq!(
                bits(&inst.call(
                    "swap",
                    &[Val::F32(0xffc0_0123), Val::F64(0x7ff0_0000_0000_0abc)]
                )),
                [
                    (ValType::F64, 0x7ff0_0000_0000_0abc),
                    (ValType::F32, 0xffc0_0123)
                ],
                "{kind}"
            );
        }
    }

    #[test]
    fn v128_results_on_cranelift() {
        let mut inst = instance(
            EngineKind::WasmerCranelift,
            r#"(module (func (export "v") (result v128) v128.const i32x4 1 2 3 0x7fc00001))"#,
        );
        let expected = 1u128 | 2 << 32 | 3 << 64 | 0x7fc0_0001u128 << 96;
        assert_eq!(bits(&inst.call("v", &[])), [(ValType::V128, expected)]);
        // Singlepass has no SIMD: the narrowed features make it a validation
        // error rather than a panic.
        let wasm = wat::parse_str(r#"(module (func (result v128) v128.const i64x2 0 0))"#).unwrap();
        let mut sp = engine(EngineKind::WasmerSinglepass, Limits::default());
        assert!(sp.validate(&wasm).is_err());
    }

    #[test]
    fn traps_are_mapped() {
        for kind in KINDS {
            let mut inst = instance(
                kind,
                r#"(module
                     (memory 1)
                     (table 2 funcref)
                     (type $v (func))
                     (func $f (result i32) i32.const 0)
                     (elem (i32.const 1) $f)
                     (func (export "div") (param i32) (result i32)
                       i32.const 1 local.get 0 i32.div_u)
                     (func (export "overflow") (result i32)
                       i32.const 0x80000000 i32.const -1 i32.div_s)
                     (func (export "conv") (result i32) f32.const nan i32.trunc_f32_s)
                     (func (export "unreachable") unreachable)
                     (func (export "oob") (result i32) i32.const 65535 i32.load)
                     (func (export "null") i32.const 0 call_indirect (type $v))
                     (func (export "sig") i32.const 1 call_indirect (type $v))
                     (func (export "table") i32.const 2 call_indirect (type $v)))"#,
            );
            let cases = [
                ("div", vec![Val::I32(0)], TrapKind::IntegerDivideByZero),
                ("overflow", vec![], TrapKind::IntegerOverflow),
                ("conv", vec![], TrapKind::InvalidConversion),
                ("unreachable", vec![], TrapKind::Unreachable),
                ("oob", vec![], TrapKind::MemoryOutOfBounds),
                ("null", vec![], TrapKind::UninitializedElement),
                ("sig", vec![], TrapKind::IndirectCallTypeMismatch),
                ("table", vec![], TrapKind::TableOutOfBounds),
            ];
            for (name, args, trap) in cases {
                assert_eq!(inst.call(name, &args), Outcome::Trap(trap), "{kind} {name}");
            }
            // The instance is still usable after traps.
            assert_eq!(
                inst.call("div", &[Val::I32(1)]),
                Outcome::Ok(vec![Val::I32(1)]),
                "{kind}"
            );
        }
    }

    #[test]
    fn engine_fuel_runs_out() {
        for kind in KINDS {
            let mut inst = instantiate_with(
                kind,
                small_fuel(),
                r#"(module
                     (func (export "spin") (loop br 0))
                     (func (export "count") (result i32) (local i32)
                       (loop
                         (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                         (br_if 0 (i32.lt_u (local.get 0) (i32.const 1000))))
                       local.get 0)
                     (func (export "unreachable") unreachable))"#,
            )
            .unwrap();
            assert_eq!(
                inst.call("spin", &[]),
                Outcome::Trap(TrapKind::OutOfFuel),
                "{kind}"
            );
            // Points are reset before each call: a short call still works,
            // and a real `unreachable` is not taken for fuel.
            assert_eq!(
                inst.call("count", &[]),
                Outcome::Ok(vec![Val::I32(1000)]),
                "{kind}"
            );
            assert_eq!(
                inst.call("unreachable", &[]),
                Outcome::Trap(TrapKind::Unreachable)
            );
            assert_eq!(
                inst.call("spin", &[]),
                Outcome::Trap(TrapKind::OutOfFuel),
                "{kind}"
            );
        }
    }

    #[test]
    fn infinite_recursion_exhausts_the_stack() {
        for kind in KINDS {
            let mut inst = instance(
                kind,
                r#"(module (func $r (export "r") (param i64) (result i64)
                     (i64.add (call $r (i64.add (local.get 0) (i64.const 1))) (local.get 0))))"#,
            );
            assert_eq!(
                inst.call("r", &[Val::I64(0)]),
                Outcome::Trap(TrapKind::StackExhausted),
                "{kind}"
            );
        }
    }

    #[test]
    fn start_function_traps_fail_instantiation() {
        for kind in KINDS {
            let err = instantiate_with(
                kind,
                Limits::default(),
                r#"(module (func $s unreachable) (start $s))"#,
            )
            .err()
            .expect("start traps");
            assert_eq!(err.stage, Stage::Instantiate, "{kind}");
            assert_eq!(err.outcome, Outcome::Trap(TrapKind::Unreachable), "{kind}");

            let err = instantiate_with(
                kind,
                small_fuel(),
                r#"(module (global (mut i32) (i32.const 5)) (func $s (loop br 0)) (start $s))"#,
            )
            .err()
            .expect("start runs out of fuel");
            assert_eq!(err.stage, Stage::Instantiate, "{kind}");
            assert_eq!(err.outcome, Outcome::Trap(TrapKind::OutOfFuel), "{kind}");
        }
    }

    #[test]
    fn segments_out_of_bounds_trap_at_instantiation() {
        for kind in KINDS {
            let err = instantiate_with(
                kind,
                Limits::default(),
                r#"(module (memory 1) (data (i32.const 65535) "ab"))"#,
            )
            .err()
            .expect("data segment out of bounds");
            assert_eq!(err.stage, Stage::Instantiate, "{kind}");
            assert_eq!(
                err.outcome,
                Outcome::Trap(TrapKind::MemoryOutOfBounds),
                "{kind}"
            );

            let err = instantiate_with(
                kind,
                Limits::default(),
                r#"(module (table 1 funcref) (func $f) (elem (i32.const 1) $f))"#,
            )
            .err()
            .expect("element segment out of bounds");
            assert_eq!(err.stage, Stage::Instantiate, "{kind}");
            assert_eq!(
                err.outcome,
                Outcome::Trap(TrapKind::TableOutOfBounds),
                "{kind}"
            );
        }
    }

    #[test]
    fn imports_of_every_kind_are_stubbed() {
        for kind in KINDS {
            let mut inst = instance(
                kind,
                r#"(module
                     (import "env" "f" (func $f (param i32 i64) (result f64)))
                     (import "env" "h" (func $h (param f32)))
                     (import "env" "m" (memory 1 3))
                     (import "env" "t" (table 2 8 funcref))
                     (import "env" "g" (global $g i64))
                     (import "env" "gm" (global $gm (mut f32)))
                     (func (export "call_f") (result f64)
                       (call $h (f32.const 1))
                       (call $f (i32.const 9) (i64.const 10)))
                     (func (export "sizes") (result i32 i32)
                       memory.size table.size 0)
                     (func (export "globals") (result i64 f32)
                       (global.set $gm (f32.const 2)) global.get $g global.get $gm)
                     (func (export "grow") (result i32) (memory.grow (i32.const 2))))"#,
            );
            assert_eq!(
                inst.call("call_f", &[]),
                Outcome::Ok(vec![Val::F64(0)]),
                "{kind}"
            );
            assert_eq!(
                inst.call("sizes", &[]),
                Outcome::Ok(vec![Val::I32(1), Val::I32(2)]),
                "{kind}"
            );
            assert_eq!(
                inst.call("globals", &[]),
                Outcome::Ok(vec![Val::I64(0), Val::F32(2f32.to_bits())]),
                "{kind}"
            );
            assert_eq!(
                inst.call("grow", &[]),
                Outcome::Ok(vec![Val::I32(1)]),
                "{kind}"
            );
            assert_eq!(
                inst.call("grow", &[]),
                Outcome::Ok(vec![Val::I32(-1)]),
                "{kind}"
            );
        }
    }

    #[test]
    fn multi_result_imports() {
        let wat = r#"(module
               (import "env" "f" (func $f (param i32) (result i32 f64 i64)))
               (func (export "call_f") (result i32 f64 i64) (call $f (i32.const 9))))"#;
        let mut inst = instance(EngineKind::WasmerCranelift, wat);
        assert_eq!(
            inst.call("call_f", &[]),
            Outcome::Ok(vec![Val::I32(0), Val::F64(0), Val::I64(0)])
        );
        // Singlepass's trampoline for host functions handles one result at
        // most and asserts so while compiling (wasmer 7.4.2): the panic is
        // caught and reported as a compile-stage outcome.
        let err = instantiate_with(EngineKind::WasmerSinglepass, Limits::default(), wat)
            .err()
            .expect("singlepass panics");
        assert_eq!(err.stage, Stage::Compile);
        assert!(
            matches!(err.outcome, Outcome::Panic(_)),
            "{:?}",
            err.outcome
        );
    }

    #[test]
    fn unsupported_imports_are_reported() {
        // No wasmer configuration enables exceptions or GC, so such modules
        // fail to compile before imports are built; the import builder still
        // refuses them on its own.
        let e = WasmerEngine::new(
            EngineKind::WasmerCranelift,
            Limits::default(),
            FeatureSet::all(),
        );
        let mut store = Store::new(e.wasmer_engine(None, BaseTunables::new()));
        let wasm = wat::parse_str(r#"(module (import "env" "tag" (tag)))"#).unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let env = FunctionEnv::new(
            &mut store,
            WasiEnv {
                host: None,
                memory: None,
            },
        );
        let Err(outcome) = host_imports(&mut store, &info, &env) else {
            panic!("tags are unsupported")
        };
        assert!(matches!(outcome, Outcome::Unsupported(_)), "{outcome:?}");
        // And the engine reports the module itself as an error at compile time.
        let err = engine(EngineKind::WasmerCranelift, Limits::default())
            .instantiate(&wasm, &info)
            .err()
            .expect("exceptions are off");
        assert_eq!(err.stage, Stage::Compile);
    }

    #[test]
    fn exported_state_is_readable() {
        for kind in KINDS {
            let mut inst = instance(
                kind,
                r#"(module
                     (global (export "g") (mut i32) (i32.const 42))
                     (global (export "f") f64 (f64.const nan:0x1234))
                     (memory (export "mem") 1)
                     (data (i32.const 0) "\01\02")
                     (table (export "tab") 3 funcref)
                     (func $f)
                     (elem (i32.const 1) $f)
                     (func (export "set") (global.set 0 (i32.const -1))
                       (i32.store8 (i32.const 65535) (i32.const 7))))"#,
            );
            assert_eq!(inst.global("g"), Some(Val::I32(42)), "{kind}");
            let Some(Val::F64(f)) = inst.global("f") else {
                panic!("{kind}: f64 global")
            };
            assert_eq!(f, 0x7ff0_0000_0000_1234, "{kind}");
            let mem = inst.memory("mem").expect("memory export");
            assert_eq!(mem.len(), 65536, "{kind}");
            assert_eq!(&mem[..3], &[1, 2, 0], "{kind}");
            assert_eq!(inst.table("tab"), Some(vec![true, false, true]), "{kind}");

            assert_eq!(inst.call("set", &[]), Outcome::Ok(vec![]), "{kind}");
            assert_eq!(inst.global("g"), Some(Val::I32(-1)), "{kind}");
            assert_eq!(inst.memory("mem").unwrap()[65535], 7, "{kind}");

            // Missing exports and exports of another kind.
            assert_eq!(inst.global("nope"), None);
            assert_eq!(inst.global("mem"), None);
            assert_eq!(inst.memory("g"), None);
            assert_eq!(inst.table("mem"), None);
            assert!(matches!(inst.call("g", &[]), Outcome::Error(_)));
        }
    }

    #[test]
    fn growth_beyond_the_caps() {
        let limits = Limits {
            max_memory_bytes: 2 * 65536,
            max_table_elements: 10,
            ..Limits::default()
        };
        for kind in KINDS {
            let wat = r#"(module
                   (memory 1)
                   (memory $small 1 2)
                   (table 1 funcref)
                   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
                   (func (export "grow_small") (param i32) (result i32)
                     (memory.grow $small (local.get 0)))
                   (func (export "grow_table") (param i32) (result i32)
                     (table.grow (ref.null func) (local.get 0))))"#;
            let mut inst = instantiate_with(kind, limits, wat).unwrap();
            // Within the cap.
            assert_eq!(
                inst.call("grow", &[Val::I32(1)]),
                Outcome::Ok(vec![Val::I32(1)])
            );
            // Beyond the cap, within the memory's own maximum: inconclusive.
            assert!(
                matches!(inst.call("grow", &[Val::I32(1)]), Outcome::ResourceLimit(_)),
                "{kind}"
            );
            // Beyond the memory's own maximum: a plain failure, comparable.
            assert_eq!(
                inst.call("grow_small", &[Val::I32(5)]),
                Outcome::Ok(vec![Val::I32(-1)])
            );
            // Tables: the cap lowers the maximum.
            assert_eq!(
                inst.call("grow_table", &[Val::I32(9)]),
                Outcome::Ok(vec![Val::I32(1)])
            );
            assert_eq!(
                inst.call("grow_table", &[Val::I32(1)]),
                Outcome::Ok(vec![Val::I32(-1)])
            );
            assert_eq!(
                inst.call("grow_table", &[Val::I32(-1)]),
                Outcome::Ok(vec![Val::I32(-1)]),
                "{kind}"
            );

            // A memory whose minimum is beyond the cap.
            let err = instantiate_with(kind, limits, "(module (memory 3))")
                .err()
                .unwrap();
            assert!(
                matches!(err.outcome, Outcome::ResourceLimit(_)),
                "{kind}: {err:?}"
            );
        }
    }

    #[test]
    fn validation_and_compile_errors() {
        for kind in KINDS {
            let mut e = engine(kind, Limits::default());
            assert_eq!(e.kind(), kind);
            assert_eq!(e.supported(), kind.supported());
            let good = wat::parse_str("(module (func (result i32) i32.const 1))").unwrap();
            assert_eq!(e.validate(&good), Ok(()));
            let bad = wat::parse_str("(module (func (result i32) i64.const 1))").unwrap();
            assert!(e.validate(&bad).is_err(), "{kind}");
            let info = ModuleInfo::parse(&good).unwrap();
            let err = e.instantiate(&bad, &info).err().expect("does not compile");
            assert_eq!(err.stage, Stage::Compile);
            assert!(matches!(err.outcome, Outcome::Error(_)), "{kind}: {err:?}");
        }
    }

    #[test]
    fn bit_operations_keep_nan_payloads() {
        for kind in KINDS {
            let mut inst = instance(
                kind,
                r#"(module
                     (memory 1)
                     (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
                     (func (export "abs") (param f64) (result f64) (f64.abs (local.get 0)))
                     (func (export "copysign") (param f32 f32) (result f32)
                       (f32.copysign (local.get 0) (local.get 1)))
                     (func (export "reinterpret") (param f32) (result i32)
                       (i32.reinterpret_f32 (local.get 0)))
                     (func (export "store") (param f64) (result i64)
                       (f64.store (i32.const 8) (local.get 0)) (i64.load (i32.const 8)))
                     (func (export "select") (param f32 f32 i32) (result f32)
                       (select (local.get 0) (local.get 1) (local.get 2))))"#,
            );
            let nan32 = 0x7fa0_0001u32;
            let nan64 = 0xfff4_0000_0000_0001u64;
            assert_eq!(
                bits(&inst.call("neg", &[Val::F32(nan32)])),
                [(ValType::F32, 0xffa0_0001)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("abs", &[Val::F64(nan64)])),
                [(ValType::F64, 0x7ff4_0000_0000_0001)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("copysign", &[Val::F32(nan32), Val::F32(0x8000_0000)])),
                [(ValType::F32, 0xffa0_0001)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("reinterpret", &[Val::F32(nan32)])),
                [(ValType::I32, nan32 as u128)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("store", &[Val::F64(nan64)])),
                [(ValType::I64, nan64 as u128)],
                "{kind}"
            );
            assert_eq!(
                bits(&inst.call("select", &[Val::F32(nan32), Val::F32(0), Val::I32(1)])),
                [(ValType::F32, nan32 as u128)],
                "{kind}"
            );
        }
    }
}
