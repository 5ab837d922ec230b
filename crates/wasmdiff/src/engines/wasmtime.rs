//! wasmtime in three configurations: Cranelift, Winch, and the Pulley
//! interpreter. One wasmtime `Engine` per configuration is reused across
//! cases; every case gets a fresh `Store` with fuel and growth limits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasmtime::{
    AnyRef, Config, Engine as WtEngine, Extern, ExternRef, Func, FuncType, Global, GlobalType,
    Instance as WtInstance, Linker, Memory, MemoryType, MemoryTypeBuilder, Module, Mutability, Ref,
    RefType, ResourceLimiter, SharedMemory, Store, Strategy, Table, TableType, Trap, Val as WtVal,
    ValType as WtValType,
};

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
use crate::value::{AnyKind, Val, ValType};
use crate::wasi::{Exit, NoMemory, Slice, WasiConfig, WasiOutput};

const VERSION: &str = "wasmtime 48.0.0";

/// Cranelift and Pulley: every feature wasmdiff knows but shared memory,
/// which Pulley cannot implement soundly in Rust.
const FULL: FeatureSet = {
    use Feature::*;
    BASE_FEATURES.union(FeatureSet::of(&[
        ReferenceTypes,
        Simd,
        RelaxedSimd,
        TailCall,
        Memory64,
        FunctionReferences,
        Gc,
        Exceptions,
        WideArithmetic,
        CustomPageSizes,
    ]))
};

/// wasmtime with Cranelift.
pub(crate) const CRANELIFT: Descriptor = Descriptor {
    features: || FULL.union(FeatureSet::of(&[Feature::Threads])),
    command_line: |e, a| Some(format!("wasmtime run --invoke '{e}' case.wasm {a}")),
    ..WINCH
};

/// wasmtime with Winch: its SIMD is partial (unimplemented instructions are
/// compile errors) and it rejects reference types.
pub(crate) const WINCH: Descriptor = Descriptor {
    version: || VERSION,
    features: || BASE_FEATURES.union(FeatureSet::of(&[Feature::Memory64, Feature::Threads])),
    unavailable: Descriptor::always_available,
    keeps_nan_payloads: true,
    applies_growth_caps: true,
    runs_under_asan: true,
    kept_between_scripts: false,
    in_all: true,
    command_line: |e, a| {
        Some(format!(
            "wasmtime run -C compiler=winch --invoke '{e}' case.wasm {a}"
        ))
    },
    native_wasi: Ok("wasmtime-wasi 48.0.0 (preview 1 over its preview 2)"),
    install: None,
    build: |kind, limits, features| Some(Box::new(WasmtimeEngine::new(kind, limits, features))),
};

/// wasmtime running Pulley bytecode.
pub(crate) const PULLEY: Descriptor = Descriptor {
    features: || FULL,
    command_line: |e, a| {
        Some(format!(
            "wasmtime run --target pulley64 --invoke '{e}' case.wasm {a}"
        ))
    },
    ..WINCH
};

/// A wasmtime engine configuration.
pub struct WasmtimeEngine {
    kind: EngineKind,
    limits: Limits,
    features: FeatureSet,
    /// `Err` when wasmtime refused the configuration (reported per case).
    engine: Result<WtEngine, String>,
    /// The WASI configuration, when modules get a WASI host.
    wasi: Option<Arc<WasiConfig>>,
}

impl WasmtimeEngine {
    /// Configure wasmtime as `kind` with the given limits and features.
    pub fn new(kind: EngineKind, limits: Limits, features: FeatureSet) -> Self {
        let engine = Self::config(kind, limits, features)
            .and_then(|c| WtEngine::new(&c).map_err(|e| format!("{e:#}")));
        WasmtimeEngine {
            kind,
            limits,
            features,
            engine,
            wasi: None,
        }
    }

    fn config(kind: EngineKind, limits: Limits, features: FeatureSet) -> Result<Config, String> {
        let mut c = Config::new();
        c.consume_fuel(true)
            .max_wasm_stack(limits.max_wasm_stack)
            .wasm_backtrace_max_frames(None)
            .cranelift_nan_canonicalization(false);
        // Built without wasmtime's `parallel-compilation` feature: no compile
        // threads inside a worker; and without its `backtrace` feature: errors
        // never capture Rust backtraces, whatever RUST_BACKTRACE says.
        c.wasm_multi_value(features.contains(Feature::MultiValue))
            .wasm_bulk_memory(features.contains(Feature::BulkMemory))
            .wasm_reference_types(features.contains(Feature::ReferenceTypes))
            .wasm_simd(features.contains(Feature::Simd))
            .wasm_relaxed_simd(features.contains(Feature::RelaxedSimd))
            .wasm_tail_call(features.contains(Feature::TailCall))
            .wasm_extended_const(features.contains(Feature::ExtendedConst))
            .wasm_multi_memory(features.contains(Feature::MultiMemory))
            .wasm_memory64(features.contains(Feature::Memory64))
            .wasm_threads(features.contains(Feature::Threads))
            .shared_memory(features.contains(Feature::Threads))
            .wasm_function_references(features.contains(Feature::FunctionReferences))
            .wasm_gc(features.contains(Feature::Gc))
            .wasm_exceptions(features.contains(Feature::Exceptions))
            .wasm_wide_arithmetic(features.contains(Feature::WideArithmetic))
            .wasm_custom_page_sizes(features.contains(Feature::CustomPageSizes));
        // Sign extension and saturating conversions are part of wasmtime's
        // baseline and cannot be switched off individually.
        match kind {
            EngineKind::WasmtimeCranelift => {
                c.strategy(Strategy::Cranelift);
            }
            EngineKind::WasmtimeWinch => {
                c.strategy(Strategy::Winch);
            }
            EngineKind::WasmtimePulley => {
                c.strategy(Strategy::Cranelift);
                c.target("pulley64").map_err(|e| format!("{e:#}"))?;
            }
            _ => unreachable!("not a wasmtime configuration: {kind}"),
        }
        Ok(c)
    }
}

/// Store data: the growth limiter, which remembers whether it denied a
/// growth the module itself would have allowed.
struct Limiter {
    max_memory_bytes: usize,
    max_table_elements: usize,
    hit: Arc<AtomicBool>,
    /// wasmtime's own WASI, in `--wasi native` mode.
    native: Option<wasmtime_wasi::p1::WasiP1Ctx>,
    /// The code a program passed to `proc_exit` through it.
    native_exit: Option<u32>,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if super::cap_denies(desired, maximum, self.max_memory_bytes) {
            self.hit.store(true, Ordering::Relaxed);
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if super::cap_denies(desired, maximum, self.max_table_elements) {
            self.hit.store(true, Ordering::Relaxed);
            return Ok(false);
        }
        Ok(true)
    }
}

fn trap_kind(t: Trap) -> TrapKind {
    match t {
        Trap::StackOverflow => TrapKind::StackExhausted,
        Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        Trap::HeapMisaligned => TrapKind::UnalignedAtomic,
        Trap::TableOutOfBounds => TrapKind::TableOutOfBounds,
        Trap::IndirectCallToNull => TrapKind::UninitializedElement,
        Trap::BadSignature => TrapKind::IndirectCallTypeMismatch,
        Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        Trap::IntegerDivisionByZero => TrapKind::IntegerDivideByZero,
        Trap::BadConversionToInteger => TrapKind::InvalidConversion,
        Trap::UnreachableCodeReached => TrapKind::Unreachable,
        Trap::OutOfFuel => TrapKind::OutOfFuel,
        Trap::NullReference => TrapKind::NullReference,
        Trap::ArrayOutOfBounds => TrapKind::ArrayOutOfBounds,
        Trap::AllocationTooLarge => TrapKind::AllocationTooLarge,
        Trap::CastFailure => TrapKind::CastFailure,
        Trap::UnhandledTag => TrapKind::UncaughtException,
        Trap::AtomicWaitNonSharedMemory => TrapKind::AtomicWaitNonShared,
        _ => TrapKind::Other,
    }
}

/// Map a wasmtime error to an outcome: a trap by its code, a limiter denial
/// as a resource limit, anything else as an error with its message.
fn error_outcome(e: &wasmtime::Error, hit: &AtomicBool) -> Outcome {
    if hit.swap(false, Ordering::Relaxed) {
        return Outcome::ResourceLimit("memory or table growth beyond wasmdiff's cap".into());
    }
    if let Some(t) = e.downcast_ref::<Trap>() {
        return Outcome::Trap(trap_kind(*t));
    }
    if e.downcast_ref::<wasmtime::ThrownException>().is_some() {
        return Outcome::Trap(TrapKind::UncaughtException);
    }
    Outcome::Error(format!("{e:#}"))
}

fn wt_type(t: ValType) -> WtValType {
    match t {
        ValType::I32 => WtValType::I32,
        ValType::I64 => WtValType::I64,
        ValType::F32 => WtValType::F32,
        ValType::F64 => WtValType::F64,
        ValType::V128 => WtValType::V128,
        ValType::FuncRef => WtValType::FUNCREF,
        ValType::ExternRef => WtValType::EXTERNREF,
        ValType::AnyRef => WtValType::ANYREF,
    }
}

fn to_wt(v: Val) -> WtVal {
    match v {
        Val::I32(x) => WtVal::I32(x),
        Val::I64(x) => WtVal::I64(x),
        Val::F32(b) => WtVal::F32(b),
        Val::F64(b) => WtVal::F64(b),
        Val::V128(b) => WtVal::V128(b.into()),
        // Only null references can be made from outside an instance.
        Val::FuncRef { .. } => WtVal::FuncRef(None),
        Val::ExternRef { .. } | Val::HostRef(_) => WtVal::ExternRef(None),
        Val::AnyRef(_) => WtVal::AnyRef(None),
    }
}

fn from_wt(v: &WtVal) -> Val {
    match v {
        WtVal::I32(x) => Val::I32(*x),
        WtVal::I64(x) => Val::I64(*x),
        WtVal::F32(b) => Val::F32(*b),
        WtVal::F64(b) => Val::F64(*b),
        WtVal::V128(b) => Val::V128(b.as_u128()),
        WtVal::FuncRef(f) => Val::FuncRef { null: f.is_none() },
        WtVal::ExternRef(r) => Val::ExternRef { null: r.is_none() },
        WtVal::AnyRef(r) => Val::AnyRef(if r.is_none() {
            AnyKind::Null
        } else {
            AnyKind::Other
        }),
        WtVal::ExnRef(r) => Val::AnyRef(if r.is_none() {
            AnyKind::Null
        } else {
            AnyKind::Exn
        }),
        WtVal::ContRef(r) => Val::AnyRef(if r.is_none() {
            AnyKind::Null
        } else {
            AnyKind::Other
        }),
    }
}

fn ref_type(t: ValType) -> RefType {
    if t == ValType::ExternRef {
        RefType::EXTERNREF
    } else {
        RefType::FUNCREF
    }
}

fn null_ref(t: ValType) -> Ref {
    if t == ValType::ExternRef {
        Ref::Extern(None)
    } else {
        Ref::Func(None)
    }
}

impl WasmtimeEngine {
    /// A store with our growth limiter; the flag says the cap denied a growth.
    fn store(&self, engine: &WtEngine) -> (Store<Limiter>, Arc<AtomicBool>) {
        let hit = Arc::new(AtomicBool::new(false));
        let mut store = Store::new(
            engine,
            Limiter {
                max_memory_bytes: usize::try_from(self.limits.max_memory_bytes)
                    .unwrap_or(usize::MAX),
                max_table_elements: usize::try_from(self.limits.max_table_elements)
                    .unwrap_or(usize::MAX),
                hit: hit.clone(),
                native: None,
                native_exit: None,
            },
        );
        store.limiter(|l| l as &mut dyn ResourceLimiter);
        (store, hit)
    }
}

impl Engine for WasmtimeEngine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn supported(&self) -> FeatureSet {
        self.features
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        let engine = self.engine.as_ref().map_err(Clone::clone)?;
        match catch(|| Module::validate(engine, wasm)) {
            Ok(r) => r.map_err(|e| format!("{e:#}")),
            Err(panic) => Err(format!("panic: {panic}")),
        }
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        let engine = match &self.engine {
            Ok(e) => e.clone(),
            Err(e) => return Err(InstantiateError::compile(Outcome::Error(e.clone()))),
        };
        let module = match catch(|| Module::new(&engine, wasm)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return Err(InstantiateError::compile(Outcome::Error(format!("{e:#}")))),
            Err(p) => return Err(InstantiateError::compile(Outcome::Panic(p))),
        };
        let (mut store, hit) = self.store(&engine);
        let fuel = self.limits.engine_fuel;
        store
            .set_fuel(fuel)
            .map_err(|e| InstantiateError::instantiate(Outcome::Error(format!("{e:#}"))))?;
        let wasi = new_wasi(&self.wasi);
        let imports = host_imports(&mut store, &engine, info, &wasi)
            .map_err(InstantiateError::instantiate)?;
        let native = match self.wasi.as_deref().filter(|c| c.native) {
            Some(config) if crate::wasi::is_wasi(info) => Some(
                native_wasi(&mut store, config)
                    .map_err(|e| InstantiateError::instantiate(Outcome::Error(e.report())))?,
            ),
            _ => None,
        };
        let linked = |store: &mut Store<Limiter>| -> wasmtime::Result<WtInstance> {
            if native.is_none() {
                return WtInstance::new(&mut *store, &module, &imports);
            }
            // WASI from wasmtime-wasi, every other import as a stub.
            let mut linker = Linker::new(&engine);
            linker.allow_shadowing(true);
            wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |l: &mut Limiter| {
                l.native.as_mut().expect("a WASI context in native mode")
            })?;
            for (im, ext) in info.imports.iter().zip(&imports) {
                if im.module != crate::wasi::MODULE {
                    linker.define(&mut *store, &im.module, &im.name, ext.clone())?;
                }
            }
            linker.instantiate(&mut *store, &module)
        };
        let instance = match catch(|| linked(&mut store)) {
            Ok(Ok(i)) => i,
            Ok(Err(e)) => return Err(InstantiateError::instantiate(error_outcome(&e, &hit))),
            Err(p) => return Err(InstantiateError::instantiate(Outcome::Panic(p))),
        };
        wasi_started(&wasi);
        let executed = fuel - store.get_fuel().unwrap_or(fuel);
        Ok(Box::new(WasmtimeInstance {
            store,
            instance,
            hit,
            fuel,
            executed,
            wasi,
            native,
        }))
    }

    fn set_wasi(&mut self, config: Option<Arc<WasiConfig>>) -> Result<(), String> {
        self.wasi = config;
        Ok(())
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        let engine = self.engine.clone()?;
        let (mut store, hit) = self.store(&engine);
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store, &engine, self.features)
            .map_err(|e| format!("defining the spectest module: {e:#}"))?;
        Ok(Box::new(WasmtimeSession {
            store,
            linker,
            instances: Vec::new(),
            hit,
            fuel: self.limits.engine_fuel,
        }))
    }
}

/// The `spectest` module in a linker (table64 and shared memory only where
/// the configuration has the feature that allows them).
fn define_spectest(
    linker: &mut Linker<Limiter>,
    store: &mut Store<Limiter>,
    engine: &WtEngine,
    features: FeatureSet,
) -> wasmtime::Result<()> {
    for (name, params) in spectest::PRINT {
        let ty = FuncType::new(engine, params.iter().map(|t| wt_type(*t)), []);
        linker.func_new("spectest", name, ty, |_, _, _| Ok(()))?;
    }
    let int = spectest::GLOBAL_INT;
    let float = spectest::GLOBAL_FLOAT;
    let globals = [
        ("global_i32", WtVal::I32(int)),
        ("global_i64", WtVal::I64(i64::from(int))),
        ("global_f32", WtVal::F32((float as f32).to_bits())),
        ("global_f64", WtVal::F64(float.to_bits())),
    ];
    for (name, val) in globals {
        let ty = GlobalType::new(val.ty(&*store)?, Mutability::Const);
        let g = Global::new(&mut *store, ty, val)?;
        linker.define(&mut *store, "spectest", name, g)?;
    }
    let (min, max) = (spectest::TABLE_MIN, spectest::TABLE_MAX);
    let table = Table::new(
        &mut *store,
        TableType::new(RefType::FUNCREF, min, Some(max)),
        Ref::Func(None),
    )?;
    linker.define(&mut *store, "spectest", "table", table)?;
    if features.contains(Feature::Memory64) {
        let ty = TableType::new64(RefType::FUNCREF, min.into(), Some(max.into()));
        let table = Table::new(&mut *store, ty, Ref::Func(None))?;
        linker.define(&mut *store, "spectest", "table64", table)?;
    }
    let (min, max) = (spectest::MEMORY_MIN, spectest::MEMORY_MAX);
    let memory = Memory::new(&mut *store, MemoryType::new(min, Some(max)))?;
    linker.define(&mut *store, "spectest", "memory", memory)?;
    if features.contains(Feature::Threads) {
        let shared = SharedMemory::new(engine, MemoryType::shared(min, max))?;
        linker.define(&mut *store, "spectest", "shared_memory", shared)?;
    }
    Ok(())
}

/// A script's store in wasmtime: a linker holding `spectest` and every
/// registered instance.
struct WasmtimeSession {
    store: Store<Limiter>,
    linker: Linker<Limiter>,
    instances: Vec<WtInstance>,
    hit: Arc<AtomicBool>,
    fuel: u64,
}

impl WasmtimeSession {
    /// A script value as wasmtime's: host references are allocated here.
    fn wasmtime_value(&mut self, v: Val) -> Result<WtVal, Outcome> {
        match v {
            Val::HostRef(n) => ExternRef::new(&mut self.store, n)
                .map(|r| WtVal::ExternRef(Some(r)))
                .map_err(|e| Outcome::Error(format!("creating ref.extern {n}: {e:#}"))),
            Val::AnyRef(AnyKind::Host(n)) => ExternRef::new(&mut self.store, n)
                .and_then(|r| AnyRef::convert_extern(&mut self.store, r))
                .map(|r| WtVal::AnyRef(Some(r)))
                .map_err(|e| Outcome::Error(format!("creating ref.host {n}: {e:#}"))),
            other => Ok(to_wt(other)),
        }
    }

    /// wasmtime's value as ours, with the kind of a non-null reference and
    /// the value of a host reference.
    fn value_of(&mut self, v: &WtVal) -> Val {
        let host = |store: &Store<Limiter>, r: &wasmtime::Rooted<ExternRef>| {
            r.data(store)
                .ok()
                .flatten()
                .and_then(|d| d.downcast_ref::<u32>().copied())
        };
        match v {
            WtVal::ExternRef(Some(r)) => match host(&self.store, r) {
                Some(n) => Val::HostRef(n),
                None => Val::ExternRef { null: false },
            },
            WtVal::AnyRef(Some(a)) => {
                let store = &mut self.store;
                let kind = if a.is_i31(&*store).unwrap_or(false) {
                    AnyKind::I31
                } else if a.is_struct(&*store).unwrap_or(false) {
                    AnyKind::Struct
                } else if a.is_array(&*store).unwrap_or(false) {
                    AnyKind::Array
                } else {
                    match ExternRef::convert_any(&mut *store, *a) {
                        Ok(e) => host(store, &e).map_or(AnyKind::Other, AnyKind::Host),
                        Err(_) => AnyKind::Other,
                    }
                };
                Val::AnyRef(kind)
            }
            other => from_wt(other),
        }
    }

    fn instance(&self, id: InstanceId) -> Result<WtInstance, Outcome> {
        self.instances
            .get(id)
            .copied()
            .ok_or_else(|| Outcome::Error(format!("no instance #{id}")))
    }
}

impl Session for WasmtimeSession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let engine = self.store.engine().clone();
        let module = match catch(|| Module::new(&engine, wasm)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return Err(InstantiateError::compile(Outcome::Error(format!("{e:#}")))),
            Err(p) => return Err(InstantiateError::compile(Outcome::Panic(p))),
        };
        self.store
            .set_fuel(self.fuel)
            .map_err(|e| InstantiateError::instantiate(Outcome::Error(format!("{e:#}"))))?;
        let (store, linker) = (&mut self.store, &self.linker);
        match catch(|| linker.instantiate(&mut *store, &module)) {
            Ok(Ok(i)) => {
                self.instances.push(i);
                Ok(self.instances.len() - 1)
            }
            Ok(Err(e)) => Err(InstantiateError::instantiate(error_outcome(&e, &self.hit))),
            Err(p) => Err(InstantiateError::instantiate(Outcome::Panic(p))),
        }
    }

    fn register(&mut self, name: &str, id: InstanceId) -> Result<(), String> {
        let instance = self.instance(id).map_err(|o| o.to_string())?;
        self.linker
            .instance(&mut self.store, name, instance)
            .map(|_| ())
            .map_err(|e| format!("{e:#}"))
    }

    fn call(&mut self, id: InstanceId, export: &str, args: &[Val]) -> Outcome {
        let instance = match self.instance(id) {
            Ok(i) => i,
            Err(o) => return o,
        };
        let Some(func) = instance.get_func(&mut self.store, export) else {
            return Outcome::Error(format!("no exported function `{export}`"));
        };
        let params = match args.iter().map(|v| self.wasmtime_value(*v)).collect() {
            Ok(p) => p,
            Err(o) => return o,
        };
        let params: Vec<WtVal> = params;
        match invoke(&mut self.store, func, &params, self.fuel, &self.hit) {
            Ok(results) => Outcome::Ok(results.iter().map(|v| self.value_of(v)).collect()),
            Err(o) => o,
        }
    }

    fn get(&mut self, id: InstanceId, global: &str) -> Outcome {
        let instance = match self.instance(id) {
            Ok(i) => i,
            Err(o) => return o,
        };
        match instance.get_global(&mut self.store, global) {
            Some(g) => {
                let v = g.get(&mut self.store);
                Outcome::Ok(vec![self.value_of(&v)])
            }
            None => Outcome::Error(format!("no exported global `{global}`")),
        }
    }
}

/// What wasmtime's own WASI writes, kept for the comparison.
struct NativeWasi {
    stdout: wasmtime_wasi::p2::pipe::MemoryOutputPipe,
    stderr: wasmtime_wasi::p2::pipe::MemoryOutputPipe,
    dirs: crate::wasi::NativeDirs,
}

/// Give the store wasmtime-wasi's preview 1 with the configuration's
/// arguments, environment, standard input and (copied) directories.
fn native_wasi(store: &mut Store<Limiter>, config: &WasiConfig) -> Result<NativeWasi, Error> {
    use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
    let dirs = crate::wasi::NativeDirs::create(config)?;
    use crate::wasi::NATIVE_OUTPUT_CAP;
    let stdout = MemoryOutputPipe::new(NATIVE_OUTPUT_CAP);
    let stderr = MemoryOutputPipe::new(NATIVE_OUTPUT_CAP);
    let mut b = wasmtime_wasi::WasiCtxBuilder::new();
    b.args(&config.args)
        .envs(&config.env)
        .stdin(MemoryInputPipe::new(config.stdin.clone()))
        .stdout(stdout.clone())
        .stderr(stderr.clone());
    for (guest, host) in &dirs.dirs {
        b.preopened_dir(host, guest, wasmtime_wasi::FsPerms::ReadWrite)
            .map_err(|e| Error::engine("wasmtime-wasi", format!("preopening {guest}: {e:#}")))?;
    }
    store.data_mut().native = Some(b.build_p1());
    Ok(NativeWasi {
        stdout,
        stderr,
        dirs,
    })
}

/// Deterministic host stubs for every import, in import order.
fn host_imports(
    store: &mut Store<Limiter>,
    engine: &WtEngine,
    info: &ModuleInfo,
    wasi: &Option<SharedWasi>,
) -> Result<Vec<Extern>, Outcome> {
    let unsupported = |what: &str| Outcome::Unsupported(format!("import of {what}"));
    let err = |e: wasmtime::Error| Outcome::Error(format!("creating a host import: {e:#}"));
    let mut out = Vec::with_capacity(info.imports.len());
    for (i, import) in info.imports.iter().enumerate() {
        let ext: Extern = match &import.ty {
            EntityType::Func { sig: Some(sig) } => {
                let ty = FuncType::new(
                    engine,
                    sig.params.iter().map(|t| wt_type(*t)),
                    sig.results.iter().map(|t| wt_type(*t)),
                );
                if let (Some(name), Some(host)) = (wasi_import(wasi, info, i), wasi) {
                    let (name, host) = (name.to_string(), host.clone());
                    Func::new(&mut *store, ty, move |mut caller, params, out| {
                        let args: Vec<Val> = params.iter().map(from_wt).collect();
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
                                    *o = to_wt(v);
                                }
                                Ok(())
                            }
                            Err(Exit(code)) => {
                                Err(wasmtime::Error::msg(format!("WASI proc_exit({code})")))
                            }
                        }
                    })
                    .into()
                } else {
                    let results: Vec<WtVal> =
                        host_stub_results(info, i).into_iter().map(to_wt).collect();
                    Func::new(&mut *store, ty, move |_, _, out| {
                        out.clone_from_slice(&results);
                        Ok(())
                    })
                    .into()
                }
            }
            EntityType::Memory(m) => {
                let mut b = MemoryTypeBuilder::new();
                b.min(m.min)
                    .max(m.max)
                    .memory64(m.memory64)
                    .shared(m.shared);
                if let Some(p) = m.page_size_log2 {
                    b.page_size_log2(p as u8);
                }
                let ty = b.build().map_err(err)?;
                if m.shared {
                    SharedMemory::new(engine, ty).map_err(err)?.into()
                } else {
                    Memory::new(&mut *store, ty).map_err(err)?.into()
                }
            }
            EntityType::Table { ty: Some(t) } => {
                let ty = if t.table64 {
                    TableType::new64(ref_type(t.element), t.min, t.max)
                } else {
                    let min = u32::try_from(t.min).map_err(|_| unsupported("a huge table"))?;
                    TableType::new(ref_type(t.element), min, t.max.map(|m| m as u32))
                };
                Table::new(&mut *store, ty, null_ref(t.element))
                    .map_err(err)?
                    .into()
            }
            EntityType::Global { ty: Some(g) } => {
                let mutability = if g.mutable {
                    Mutability::Var
                } else {
                    Mutability::Const
                };
                let ty = GlobalType::new(wt_type(g.ty), mutability);
                Global::new(&mut *store, ty, to_wt(g.ty.default_value()))
                    .map_err(err)?
                    .into()
            }
            other => return Err(unsupported(other.kind())),
        };
        out.push(ext);
    }
    Ok(out)
}

/// Call a function with fresh engine fuel: its results, or the outcome that
/// stands for its failure (a trap, the growth cap, a panic).
fn invoke(
    store: &mut Store<Limiter>,
    func: Func,
    params: &[WtVal],
    fuel: u64,
    hit: &AtomicBool,
) -> Result<Vec<WtVal>, Outcome> {
    store
        .set_fuel(fuel)
        .map_err(|e| Outcome::Error(format!("{e:#}")))?;
    let ty = func.ty(&*store);
    let mut results: Vec<WtVal> = ty.results().map(|_| WtVal::I32(0)).collect();
    match catch(|| func.call(&mut *store, params, &mut results)) {
        Ok(Ok(())) if hit.swap(false, Ordering::Relaxed) => Err(Outcome::ResourceLimit(
            "memory or table growth denied by wasmdiff's cap".into(),
        )),
        Ok(Ok(())) => Ok(results),
        Ok(Err(e)) => {
            if let Some(exit) = e.downcast_ref::<wasmtime_wasi::I32Exit>() {
                store.data_mut().native_exit = Some(exit.0 as u32);
            }
            Err(error_outcome(&e, hit))
        }
        Err(p) => Err(Outcome::Panic(p)),
    }
}

struct WasmtimeInstance {
    store: Store<Limiter>,
    instance: WtInstance,
    hit: Arc<AtomicBool>,
    fuel: u64,
    /// Fuel consumed so far: start function and calls.
    executed: u64,
    wasi: Option<SharedWasi>,
    /// wasmtime's own WASI's output, in `--wasi native` mode.
    native: Option<NativeWasi>,
}

impl Instance for WasmtimeInstance {
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        let Some(func) = self.instance.get_func(&mut self.store, export) else {
            return Outcome::Error(format!("no exported function `{export}`"));
        };
        let params: Vec<WtVal> = args.iter().copied().map(to_wt).collect();
        let r = invoke(&mut self.store, func, &params, self.fuel, &self.hit);
        self.executed += self.fuel - self.store.get_fuel().unwrap_or(self.fuel);
        match r {
            Ok(results) => Outcome::Ok(results.iter().map(from_wt).collect()),
            Err(o) => o,
        }
    }

    fn executed(&mut self) -> Option<u64> {
        Some(self.executed)
    }

    fn wasi(&mut self) -> Option<WasiOutput> {
        match &self.native {
            Some(n) => Some(WasiOutput {
                exit: self.store.data().native_exit,
                stdout: n.stdout.contents().to_vec(),
                stderr: n.stderr.contents().to_vec(),
                dirs: n.dirs.trees(),
            }),
            None => wasi_output(&self.wasi),
        }
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        let g = self.instance.get_global(&mut self.store, export)?;
        Some(from_wt(&g.get(&mut self.store)))
    }

    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        match self.instance.get_memory(&mut self.store, export) {
            Some(m) => Some(super::MemoryImage::of(m.data(&self.store))),
            None => self.memory(export).map(|b| super::MemoryImage::of(&b)),
        }
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        if let Some(m) = self.instance.get_memory(&mut self.store, export) {
            return Some(m.data(&self.store).to_vec());
        }
        let m = self.instance.get_shared_memory(&mut self.store, export)?;
        // SAFETY: nothing else runs wasm on this memory while we read it.
        Some(m.data().iter().map(|c| unsafe { *c.get() }).collect())
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let t = self.instance.get_table(&mut self.store, export)?;
        let size = t.size(&self.store);
        Some(
            (0..size)
                .map(|i| t.get(&mut self.store, i).is_none_or(|r| r.is_null()))
                .collect(),
        )
    }
}
