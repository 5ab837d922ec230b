//! The wasmi interpreter. One wasmi `Engine` is reused across cases; every
//! case gets a fresh `Store` with fuel and growth limits.

use wasmi::errors::{ErrorKind, InstantiationError, MemoryError, TableError};
use wasmi::{
    Config, Engine as WiEngine, Extern, ExternRef, Func, FuncType, Global, Instance as WiInstance,
    Linker, Memory, MemoryType, Module, Mutability, Nullable, Ref, RefType, ResourceLimiter, Store,
    Table, TableType, TrapCode, Val as WiVal, ValType as WiValType,
};
use wasmi_core::LimiterError;

use super::{
    BASE_FEATURES, Descriptor, Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits,
    Session, SharedWasi, host_stub_results, new_wasi, spectest, wasi_call, wasi_import,
    wasi_output, wasi_started,
};
use crate::error::Error;
use crate::features::{Feature, FeatureSet};
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::panic_guard::catch;
use crate::trap::TrapKind;
use crate::value::{Val, ValType};
use crate::wasi::{Exit, NoMemory, Slice, WasiConfig, WasiOutput};

/// Frames, not bytes, bound wasmi's stack: this depth is in the same range
/// as a 512 KiB machine stack in the compilers.
const MAX_RECURSION_DEPTH: usize = 2048;

/// wasmi 2.0.0, with every feature it implements.
pub(crate) const WASMI: Descriptor = Descriptor {
    version: || "wasmi 2.0.0",
    features: || FEATURES,
    unavailable: Descriptor::always_available,
    keeps_nan_payloads: true,
    applies_growth_caps: true,
    runs_under_asan: true,
    kept_between_scripts: false,
    in_all: true,
    command_line: |e, a| Some(format!("wasmi_cli case.wasm --invoke '{e}' {a}")),
    native_wasi: Ok("wasmi_wasi 2.0.0 (wasi-common 36)"),
    install: None,
    build: |_, limits, features| Some(Box::new(WasmiEngine::new(limits, features))),
};

/// What [`WasmiEngine::new`] can switch on.
pub(crate) const FEATURES: FeatureSet = {
    use Feature::*;
    BASE_FEATURES.union(FeatureSet::of(&[
        ReferenceTypes,
        Simd,
        RelaxedSimd,
        TailCall,
        Memory64,
        WideArithmetic,
        CustomPageSizes,
    ]))
};

/// The wasmi engine.
///
/// Every module gets a fresh wasmi `Engine`: an engine keeps the code of
/// every module it compiled, so one shared engine grows without bound over a
/// campaign, and a fresh one keeps cases independent. (wasmdiff found a
/// wasmi 2.0.0 bug where results depend on earlier executions even so; see
/// `wasmi_results_do_not_depend_on_earlier_modules`.) The configuration is
/// kept and an engine costs microseconds to create.
pub struct WasmiEngine {
    kind: EngineKind,
    limits: Limits,
    features: FeatureSet,
    config: Config,
    /// For validation only (which runs no code).
    engine: WiEngine,
    /// The WASI configuration, when modules get a WASI host.
    wasi: Option<std::sync::Arc<WasiConfig>>,
}

impl WasmiEngine {
    /// Configure wasmi with the given limits and features.
    pub fn new(limits: Limits, features: FeatureSet) -> Self {
        let mut c = Config::default();
        c.consume_fuel(true)
            .set_max_recursion_depth(MAX_RECURSION_DEPTH)
            .wasm_multi_value(features.contains(Feature::MultiValue))
            .wasm_bulk_memory(features.contains(Feature::BulkMemory))
            .wasm_reference_types(features.contains(Feature::ReferenceTypes))
            .wasm_simd(features.contains(Feature::Simd))
            .wasm_relaxed_simd(features.contains(Feature::RelaxedSimd))
            .wasm_tail_call(features.contains(Feature::TailCall))
            .wasm_extended_const(features.contains(Feature::ExtendedConst))
            .wasm_sign_extension(features.contains(Feature::SignExtension))
            .wasm_saturating_float_to_int(features.contains(Feature::SaturatingFloatToInt))
            .wasm_multi_memory(features.contains(Feature::MultiMemory))
            .wasm_memory64(features.contains(Feature::Memory64))
            .wasm_wide_arithmetic(features.contains(Feature::WideArithmetic))
            .wasm_custom_page_sizes(features.contains(Feature::CustomPageSizes));
        WasmiEngine {
            kind: EngineKind::Wasmi,
            limits,
            features,
            engine: WiEngine::new(&c),
            config: c,
            wasi: None,
        }
    }

    /// The same engine, reporting itself as `kind` (the canary and other
    /// wasmi configurations, each in a file of its own).
    pub fn reporting_as(mut self, kind: EngineKind) -> Self {
        self.kind = kind;
        self
    }

    /// The same engine with wasmi's configuration changed by `change` (a
    /// configuration in a file of its own, e.g. `wasmi_eager.rs`).
    pub fn configured(mut self, change: impl FnOnce(&mut Config)) -> Self {
        change(&mut self.config);
        self.engine = WiEngine::new(&self.config);
        self
    }
}

/// Store data: the growth limiter, which remembers whether it denied a
/// growth the module itself would have allowed.
struct Limiter {
    max_memory_bytes: usize,
    max_table_elements: usize,
    hit: bool,
    /// wasmi's own WASI, in `--wasi native` mode.
    native: Option<wasmi_wasi::WasiCtx>,
    /// The code a program passed to `proc_exit` through it.
    native_exit: Option<u32>,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        if super::cap_denies(desired, maximum, self.max_memory_bytes) {
            self.hit = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        if super::cap_denies(desired, maximum, self.max_table_elements) {
            self.hit = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        usize::MAX
    }
    fn tables(&self) -> usize {
        usize::MAX
    }
    fn memories(&self) -> usize {
        usize::MAX
    }
}

fn trap_kind(code: TrapCode) -> TrapKind {
    match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::UninitializedElement,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivideByZero,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::BadConversionToInteger => TrapKind::InvalidConversion,
        TrapCode::StackOverflow => TrapKind::StackExhausted,
        TrapCode::BadSignature => TrapKind::IndirectCallTypeMismatch,
        TrapCode::OutOfFuel => TrapKind::OutOfFuel,
        TrapCode::GrowthOperationLimited | TrapCode::OutOfSystemMemory => TrapKind::Other,
    }
}

/// Map a wasmi error to an outcome by its kind. wasmi reports a few
/// instantiation-time traps as plain errors (an element segment that does
/// not fit, ../shared/FACTS.md #3; a data segment out of bounds): those are
/// the spec's traps and are mapped to their trap kinds here.
fn error_outcome(e: &wasmi::Error, limiter_hit: &mut bool) -> Outcome {
    if std::mem::take(limiter_hit) {
        return Outcome::ResourceLimit("memory or table growth denied by wasmdiff's cap".into());
    }
    let trap = match e.kind() {
        ErrorKind::TrapCode(TrapCode::GrowthOperationLimited | TrapCode::OutOfSystemMemory) => {
            return Outcome::ResourceLimit(e.to_string());
        }
        ErrorKind::TrapCode(c) => trap_kind(*c),
        ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. }) => {
            TrapKind::TableOutOfBounds
        }
        ErrorKind::Memory(MemoryError::OutOfBoundsAccess) => TrapKind::MemoryOutOfBounds,
        ErrorKind::Memory(MemoryError::OutOfFuel { .. })
        | ErrorKind::Table(TableError::OutOfFuel { .. }) => TrapKind::OutOfFuel,
        ErrorKind::Table(
            TableError::InitOutOfBounds
            | TableError::FillOutOfBounds
            | TableError::SetOutOfBounds
            | TableError::CopyOutOfBounds,
        ) => TrapKind::TableOutOfBounds,
        ErrorKind::Memory(MemoryError::OutOfSystemMemory)
        | ErrorKind::Table(TableError::OutOfSystemMemory) => {
            return Outcome::ResourceLimit(e.to_string());
        }
        _ => return Outcome::Error(e.to_string()),
    };
    Outcome::Trap(trap)
}

fn wi_type(t: ValType) -> WiValType {
    match t {
        ValType::I32 => WiValType::I32,
        ValType::I64 => WiValType::I64,
        ValType::F32 => WiValType::F32,
        ValType::F64 => WiValType::F64,
        ValType::V128 => WiValType::V128,
        ValType::FuncRef => WiValType::FuncRef,
        // wasmi has no GC types; nothing of them ever reaches it.
        ValType::ExternRef | ValType::AnyRef => WiValType::ExternRef,
    }
}

fn to_wi(v: Val) -> WiVal {
    match v {
        Val::I32(x) => WiVal::I32(x),
        Val::I64(x) => WiVal::I64(x),
        Val::F32(b) => WiVal::F32(wasmi::F32::from_bits(b)),
        Val::F64(b) => WiVal::F64(wasmi::F64::from_bits(b)),
        Val::V128(b) => WiVal::V128(wasmi::V128::from(b)),
        // Only null references can be made from outside an instance.
        Val::FuncRef { .. } => WiVal::FuncRef(Nullable::Null),
        Val::ExternRef { .. } | Val::HostRef(_) | Val::AnyRef(_) => {
            WiVal::ExternRef(Nullable::Null)
        }
    }
}

fn from_wi(v: &WiVal) -> Val {
    match v {
        WiVal::I32(x) => Val::I32(*x),
        WiVal::I64(x) => Val::I64(*x),
        WiVal::F32(f) => Val::F32(f.to_bits()),
        WiVal::F64(f) => Val::F64(f.to_bits()),
        WiVal::V128(b) => Val::V128(b.as_u128()),
        WiVal::FuncRef(r) => Val::FuncRef { null: r.is_null() },
        WiVal::ExternRef(r) => Val::ExternRef { null: r.is_null() },
    }
}

impl WasmiEngine {
    /// A store with our growth limiter.
    fn store(&self, engine: &WiEngine) -> Store<Limiter> {
        let mut store = Store::new(
            engine,
            Limiter {
                max_memory_bytes: usize::try_from(self.limits.max_memory_bytes)
                    .unwrap_or(usize::MAX),
                max_table_elements: usize::try_from(self.limits.max_table_elements)
                    .unwrap_or(usize::MAX),
                hit: false,
                native: None,
                native_exit: None,
            },
        );
        store.limiter(|l| l as &mut dyn ResourceLimiter);
        store
    }
}

impl Engine for WasmiEngine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn supported(&self) -> FeatureSet {
        self.features
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        match catch(|| Module::validate(&self.engine, wasm)) {
            Ok(r) => r.map_err(|e| e.to_string()),
            Err(panic) => Err(format!("panic: {panic}")),
        }
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        let engine = WiEngine::new(&self.config);
        let module = match catch(|| Module::new(&engine, wasm)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return Err(InstantiateError::compile(Outcome::Error(e.to_string()))),
            Err(p) => return Err(InstantiateError::compile(Outcome::Panic(p))),
        };
        let mut store = self.store(&engine);
        let fuel = self.limits.engine_fuel;
        store
            .set_fuel(fuel)
            .map_err(|e| InstantiateError::instantiate(Outcome::Error(e.to_string())))?;
        let wasi = new_wasi(&self.wasi);
        let imports =
            host_imports(&mut store, info, &wasi).map_err(InstantiateError::instantiate)?;
        let native = match self.wasi.as_deref().filter(|c| c.native) {
            Some(config) if crate::wasi::is_wasi(info) => Some(
                native_wasi(&mut store, config)
                    .map_err(|e| InstantiateError::instantiate(Outcome::Error(e.report())))?,
            ),
            _ => None,
        };
        let linked = |store: &mut Store<Limiter>| -> Result<WiInstance, wasmi::Error> {
            if native.is_none() {
                let imports = in_wasmi_order(&module, info, imports.clone());
                return WiInstance::new(&mut *store, &module, &imports);
            }
            // WASI from wasmi_wasi, every other import as a stub.
            let mut linker = Linker::new(&engine);
            linker.allow_shadowing(true);
            wasmi_wasi::add_to_linker(&mut linker, |l: &mut Limiter| {
                l.native.as_mut().expect("a WASI context in native mode")
            })
            .map_err(|e| wasmi::Error::new(e.to_string()))?;
            for (im, ext) in info.imports.iter().zip(&imports) {
                if im.module != crate::wasi::MODULE {
                    linker.define(&im.module, &im.name, *ext)?;
                }
            }
            linker.instantiate_and_start(&mut *store, &module)
        };
        let instance = match catch(|| linked(&mut store)) {
            Ok(Ok(i)) => i,
            Ok(Err(e)) => {
                let outcome = error_outcome(&e, &mut store.data_mut().hit);
                return Err(InstantiateError::instantiate(outcome));
            }
            Err(p) => return Err(InstantiateError::instantiate(Outcome::Panic(p))),
        };
        wasi_started(&wasi);
        Ok(Box::new(WasmiInstance {
            store,
            instance,
            fuel,
            wasi,
            native,
        }))
    }

    fn set_wasi(&mut self, config: Option<std::sync::Arc<WasiConfig>>) -> Result<(), String> {
        self.wasi = config;
        Ok(())
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        let engine = WiEngine::new(&self.config);
        let mut store = self.store(&engine);
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store, self.features)
            .map_err(|e| format!("defining the spectest module: {e}"))?;
        Ok(Box::new(WasmiSession {
            engine,
            store,
            linker,
            instances: Vec::new(),
            fuel: self.limits.engine_fuel,
        }))
    }
}

/// The `spectest` module in a linker.
fn define_spectest(
    linker: &mut Linker<Limiter>,
    store: &mut Store<Limiter>,
    features: FeatureSet,
) -> Result<(), wasmi::Error> {
    for (name, params) in spectest::PRINT {
        let ty = FuncType::new(params.iter().map(|t| wi_type(*t)), []);
        linker.func_new("spectest", name, ty, |_, _, _| Ok(()))?;
    }
    let int = spectest::GLOBAL_INT;
    let float = spectest::GLOBAL_FLOAT;
    let globals = [
        ("global_i32", WiVal::I32(int)),
        ("global_i64", WiVal::I64(i64::from(int))),
        ("global_f32", WiVal::F32(wasmi::F32::from(float as f32))),
        ("global_f64", WiVal::F64(wasmi::F64::from(float))),
    ];
    for (name, val) in globals {
        let g = Global::new(&mut *store, val, Mutability::Const);
        linker.define("spectest", name, g)?;
    }
    let (min, max) = (spectest::TABLE_MIN, spectest::TABLE_MAX);
    let ty = TableType::new(RefType::Func, min, Some(max));
    let table = Table::new(&mut *store, ty, Ref::Func(Nullable::Null))?;
    linker.define("spectest", "table", table)?;
    if features.contains(Feature::Memory64) {
        let ty = TableType::new64(RefType::Func, min.into(), Some(max.into()));
        let table = Table::new(&mut *store, ty, Ref::Func(Nullable::Null))?;
        linker.define("spectest", "table64", table)?;
    }
    let ty = MemoryType::new(spectest::MEMORY_MIN, Some(spectest::MEMORY_MAX));
    let memory = Memory::new(&mut *store, ty)?;
    linker.define("spectest", "memory", memory)?;
    Ok(())
}

/// A script's store in wasmi: a linker holding `spectest` and every
/// registered instance, all in one fresh wasmi engine.
struct WasmiSession {
    engine: WiEngine,
    store: Store<Limiter>,
    linker: Linker<Limiter>,
    instances: Vec<WiInstance>,
    fuel: u64,
}

impl WasmiSession {
    fn instance(&self, id: InstanceId) -> Result<WiInstance, Outcome> {
        self.instances
            .get(id)
            .copied()
            .ok_or_else(|| Outcome::Error(format!("no instance #{id}")))
    }

    /// wasmi's value as ours, with the value of a host reference.
    fn value_of(&self, v: &WiVal) -> Val {
        match v {
            WiVal::ExternRef(Nullable::Val(r)) => r
                .data(&self.store)
                .downcast_ref::<u32>()
                .map_or(Val::ExternRef { null: false }, |n| Val::HostRef(*n)),
            other => from_wi(other),
        }
    }
}

impl Session for WasmiSession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let module = match catch(|| Module::new(&self.engine, wasm)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return Err(InstantiateError::compile(Outcome::Error(e.to_string()))),
            Err(p) => return Err(InstantiateError::compile(Outcome::Panic(p))),
        };
        self.store
            .set_fuel(self.fuel)
            .map_err(|e| InstantiateError::instantiate(Outcome::Error(e.to_string())))?;
        let (store, linker) = (&mut self.store, &self.linker);
        match catch(|| linker.instantiate_and_start(&mut *store, &module)) {
            Ok(Ok(i)) => {
                self.instances.push(i);
                Ok(self.instances.len() - 1)
            }
            Ok(Err(e)) => {
                let outcome = error_outcome(&e, &mut self.store.data_mut().hit);
                Err(InstantiateError::instantiate(outcome))
            }
            Err(p) => Err(InstantiateError::instantiate(Outcome::Panic(p))),
        }
    }

    fn register(&mut self, name: &str, id: InstanceId) -> Result<(), String> {
        let instance = self.instance(id).map_err(|o| o.to_string())?;
        self.linker
            .instance(&mut self.store, name, instance)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn call(&mut self, id: InstanceId, export: &str, args: &[Val]) -> Outcome {
        let instance = match self.instance(id) {
            Ok(i) => i,
            Err(o) => return o,
        };
        let Some(func) = instance.get_func(&self.store, export) else {
            return Outcome::Error(format!("no exported function `{export}`"));
        };
        let params: Vec<WiVal> = args
            .iter()
            .map(|v| match *v {
                Val::HostRef(n) => {
                    WiVal::ExternRef(Nullable::Val(ExternRef::new(&mut self.store, n)))
                }
                other => to_wi(other),
            })
            .collect();
        match invoke(&mut self.store, func, &params, self.fuel) {
            Ok(results) => Outcome::Ok(results.iter().map(|v| self.value_of(v)).collect()),
            Err(o) => o,
        }
    }

    fn get(&mut self, id: InstanceId, global: &str) -> Outcome {
        let instance = match self.instance(id) {
            Ok(i) => i,
            Err(o) => return o,
        };
        match instance.get_global(&self.store, global) {
            Some(g) => Outcome::Ok(vec![self.value_of(&g.get(&self.store))]),
            None => Outcome::Error(format!("no exported global `{global}`")),
        }
    }
}

/// What wasmi's own WASI writes, kept for the comparison.
struct NativeWasi {
    stdout: std::sync::Arc<std::sync::RwLock<std::io::Cursor<Vec<u8>>>>,
    stderr: std::sync::Arc<std::sync::RwLock<std::io::Cursor<Vec<u8>>>>,
    dirs: crate::wasi::NativeDirs,
}

/// Give the store wasmi_wasi's preview 1 with the configuration's
/// arguments, environment, standard input and (copied) directories.
fn native_wasi(store: &mut Store<Limiter>, config: &WasiConfig) -> Result<NativeWasi, Error> {
    use wasmi_wasi::wasi_common::pipe::{ReadPipe, WritePipe};
    let dirs = crate::wasi::NativeDirs::create(config)?;
    let fail = |e: String| Error::engine("wasmi_wasi", e);
    let stdout = std::sync::Arc::new(std::sync::RwLock::new(std::io::Cursor::new(Vec::new())));
    let stderr = std::sync::Arc::new(std::sync::RwLock::new(std::io::Cursor::new(Vec::new())));
    let mut b = wasmi_wasi::WasiCtxBuilder::new();
    b.args(&config.args)
        .map_err(|e| fail(format!("WASI arguments: {e}")))?
        .envs(&config.env)
        .map_err(|e| fail(format!("WASI environment: {e}")))?
        .stdin(Box::new(ReadPipe::from(config.stdin.clone())))
        .stdout(Box::new(WritePipe::from_shared(stdout.clone())))
        .stderr(Box::new(WritePipe::from_shared(stderr.clone())));
    for (guest, host) in &dirs.dirs {
        let dir = wasmi_wasi::Dir::open_ambient_dir(host, wasmi_wasi::ambient_authority())
            .map_err(|e| Error::io(host, e))?;
        b.preopened_dir(dir, guest)
            .map_err(|e| fail(format!("preopening {guest}: {e}")))?;
    }
    store.data_mut().native = Some(b.build());
    Ok(NativeWasi {
        stdout,
        stderr,
        dirs,
    })
}

/// Deterministic host stubs for every import, in import order.
fn host_imports(
    store: &mut Store<Limiter>,
    info: &ModuleInfo,
    wasi: &Option<SharedWasi>,
) -> Result<Vec<Extern>, Outcome> {
    let unsupported = |what: &str| Outcome::Unsupported(format!("import of {what}"));
    let err = |e: wasmi::Error| Outcome::Error(format!("creating a host import: {e}"));
    let mut out = Vec::with_capacity(info.imports.len());
    for (i, import) in info.imports.iter().enumerate() {
        let ext: Extern = match &import.ty {
            EntityType::Func { sig: Some(sig) } => {
                let ty = FuncType::new(
                    sig.params.iter().map(|t| wi_type(*t)),
                    sig.results.iter().map(|t| wi_type(*t)),
                );
                if let (Some(name), Some(host)) = (wasi_import(wasi, info, i), wasi) {
                    let (name, host) = (name.to_string(), host.clone());
                    Func::new(&mut *store, ty, move |mut caller, params, out| {
                        let args: Vec<Val> = params.iter().map(from_wi).collect();
                        let memory = caller.get_export("memory").and_then(Extern::into_memory);
                        let r = match memory {
                            Some(m) => {
                                wasi_call(&host, &name, &args, &mut Slice(m.data_mut(&mut caller)))
                            }
                            None => wasi_call(&host, &name, &args, &mut NoMemory),
                        };
                        match r {
                            Ok(vals) => {
                                for (o, v) in out.iter_mut().zip(vals) {
                                    *o = to_wi(v);
                                }
                                Ok(())
                            }
                            Err(Exit(code)) => {
                                Err(wasmi::Error::new(format!("WASI proc_exit({code})")))
                            }
                        }
                    })
                    .into()
                } else {
                    let results: Vec<WiVal> =
                        host_stub_results(info, i).into_iter().map(to_wi).collect();
                    Func::new(&mut *store, ty, move |_, _, out| {
                        out.clone_from_slice(&results);
                        Ok(())
                    })
                    .into()
                }
            }
            EntityType::Memory(m) if !m.shared => {
                let mut b = MemoryType::builder();
                b.min(m.min).max(m.max).memory64(m.memory64);
                if let Some(p) = m.page_size_log2 {
                    b.page_size_log2(p as u8);
                }
                let ty = b
                    .build()
                    .map_err(|e| Outcome::Error(format!("creating a host memory: {e}")))?;
                Memory::new(&mut *store, ty).map_err(err)?.into()
            }
            EntityType::Table { ty: Some(t) } => {
                let (elem, init) = if t.element == ValType::ExternRef {
                    (RefType::Extern, Ref::Extern(Nullable::Null))
                } else {
                    (RefType::Func, Ref::Func(Nullable::Null))
                };
                let ty = if t.table64 {
                    TableType::new64(elem, t.min, t.max)
                } else {
                    let min = u32::try_from(t.min).map_err(|_| unsupported("a huge table"))?;
                    TableType::new(elem, min, t.max.map(|m| m as u32))
                };
                Table::new(&mut *store, ty, init).map_err(err)?.into()
            }
            EntityType::Global { ty: Some(g) } => {
                let mutability = if g.mutable {
                    Mutability::Var
                } else {
                    Mutability::Const
                };
                Global::new(&mut *store, to_wi(g.ty.default_value()), mutability).into()
            }
            EntityType::Memory(_) => return Err(unsupported("a shared memory")),
            other => return Err(unsupported(other.kind())),
        };
        out.push(ext);
    }
    Ok(out)
}

/// wasmi takes the externs in the order of its own `Module::imports()`,
/// which need not be the import section's order: match each of wasmi's
/// imports to ours by name and kind (the first unused one, since a module
/// may import the same name twice).
fn in_wasmi_order(module: &Module, info: &ModuleInfo, ours: Vec<Extern>) -> Vec<Extern> {
    let mut slots: Vec<Option<Extern>> = ours.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for imp in module.imports() {
        let kind = match imp.ty() {
            wasmi::ExternType::Func(_) => "func",
            wasmi::ExternType::Table(_) => "table",
            wasmi::ExternType::Memory(_) => "memory",
            wasmi::ExternType::Global(_) => "global",
        };
        let found = info.imports.iter().enumerate().position(|(i, ours)| {
            slots[i].is_some()
                && ours.module == imp.module()
                && ours.name == imp.name()
                && ours.ty.kind() == kind
        });
        if let Some(i) = found {
            out.extend(slots[i].take());
        }
    }
    out
}

/// Call a function with fresh engine fuel: its results, or the outcome that
/// stands for its failure (a trap, the growth cap, a panic).
fn invoke(
    store: &mut Store<Limiter>,
    func: Func,
    params: &[WiVal],
    fuel: u64,
) -> Result<Vec<WiVal>, Outcome> {
    store
        .set_fuel(fuel)
        .map_err(|e| Outcome::Error(e.to_string()))?;
    let ty = func.ty(&*store);
    let mut results: Vec<WiVal> = ty
        .results()
        .iter()
        .map(|t| WiVal::default_for_ty(*t))
        .collect();
    let r = catch(|| func.call(&mut *store, params, &mut results));
    let hit = &mut store.data_mut().hit;
    match r {
        Ok(Ok(())) if std::mem::take(hit) => Err(Outcome::ResourceLimit(
            "memory or table growth denied by wasmdiff's cap".into(),
        )),
        Ok(Ok(())) => Ok(results),
        Ok(Err(e)) => {
            let outcome = error_outcome(&e, hit);
            if let Some(code) = e.i32_exit_status() {
                store.data_mut().native_exit = Some(code as u32);
            }
            Err(outcome)
        }
        Err(p) => Err(Outcome::Panic(p)),
    }
}

struct WasmiInstance {
    store: Store<Limiter>,
    instance: WiInstance,
    fuel: u64,
    wasi: Option<SharedWasi>,
    /// wasmi's own WASI's output, in `--wasi native` mode.
    native: Option<NativeWasi>,
}

impl Instance for WasmiInstance {
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        let Some(func) = self.instance.get_func(&self.store, export) else {
            return Outcome::Error(format!("no exported function `{export}`"));
        };
        let params: Vec<WiVal> = args.iter().copied().map(to_wi).collect();
        match invoke(&mut self.store, func, &params, self.fuel) {
            Ok(results) => Outcome::Ok(results.iter().map(from_wi).collect()),
            Err(o) => o,
        }
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        let g = self.instance.get_global(&self.store, export)?;
        Some(from_wi(&g.get(&self.store)))
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        let m = self.instance.get_memory(&self.store, export)?;
        Some(m.data(&self.store).to_vec())
    }

    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        let m = self.instance.get_memory(&self.store, export)?;
        Some(super::MemoryImage::of(m.data(&self.store)))
    }

    fn wasi(&mut self) -> Option<WasiOutput> {
        let bytes = |b: &std::sync::RwLock<std::io::Cursor<Vec<u8>>>| {
            b.read().map(|c| c.get_ref().clone()).unwrap_or_default()
        };
        match &self.native {
            Some(n) => Some(WasiOutput {
                exit: self.store.data().native_exit,
                stdout: bytes(&n.stdout),
                stderr: bytes(&n.stderr),
                dirs: n.dirs.trees(),
            }),
            None => wasi_output(&self.wasi),
        }
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let t = self.instance.get_table(&self.store, export)?;
        let size = t.size(&self.store);
        Some(
            (0..size)
                .map(|i| {
                    t.get(&self.store, i).is_none_or(|r| match r {
                        Ref::Func(f) => f.is_null(),
                        Ref::Extern(e) => e.is_null(),
                    })
                })
                .collect(),
        )
    }
}
