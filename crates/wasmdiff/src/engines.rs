//! Every engine configuration behind one trait pair: an [`Engine`] validates
//! and instantiates modules; an [`Instance`] calls exports and reads state.
//!
//! Each engine lives in a file of its own under `engines/`, behind a cargo
//! feature; [`EngineKind::build`] returns `None` when the feature is off.
//! Adapters follow the same rules so that their observations are comparable:
//! the same [`Limits`] (engine fuel far above module fuel, memory and table
//! growth caps, a bounded stack), typed trap codes mapped to [`TrapKind`](crate::TrapKind),
//! deterministic host stubs for imports, and panics caught as outcomes.

use std::fmt;
use std::str::FromStr;

use crate::features::FeatureSet;
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::value::Val;

#[cfg(feature = "canary")]
pub mod canary;
pub mod child;
pub mod rebuild;
#[cfg(feature = "v8")]
pub mod v8;
#[cfg(feature = "wamr")]
pub mod wamr;
#[cfg(feature = "wasmer")]
mod wasmer;
#[cfg(feature = "wasmi")]
mod wasmi;
#[cfg(feature = "wasmtime")]
mod wasmtime;

/// Resource bounds every engine applies identically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Engine-level fuel for instantiation and for each export call: a
    /// safety net far above the module's own fuel. Running out is
    /// inconclusive, never a divergence (engines count fuel differently).
    pub engine_fuel: u64,
    /// The most bytes one memory may grow to. A denied growth beyond this
    /// (when the module's own maximum would allow it) is inconclusive.
    pub max_memory_bytes: u64,
    /// The most elements one table may grow to.
    pub max_table_elements: u64,
    /// Stack size for wasm code, in bytes (engines that count frames get
    /// a comparable depth).
    pub max_wasm_stack: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            engine_fuel: 200_000_000,
            max_memory_bytes: 1 << 30,
            max_table_elements: 1 << 20,
            max_wasm_stack: 512 << 10,
        }
    }
}

/// Where an [`Engine::instantiate`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Compiling the module (validation included).
    Compile,
    /// Linking and instantiating it (start function included).
    Instantiate,
}

/// A failed [`Engine::instantiate`]: where, and what happened.
#[derive(Clone, Debug, PartialEq)]
pub struct InstantiateError {
    /// The stage that failed.
    pub stage: Stage,
    /// What the engine reported.
    pub outcome: Outcome,
}

impl InstantiateError {
    /// A failure at compile time.
    pub fn compile(outcome: Outcome) -> Self {
        InstantiateError {
            stage: Stage::Compile,
            outcome,
        }
    }
    /// A failure at instantiation time.
    pub fn instantiate(outcome: Outcome) -> Self {
        InstantiateError {
            stage: Stage::Instantiate,
            outcome,
        }
    }
}

/// One engine configuration.
pub trait Engine {
    /// Which configuration this is.
    fn kind(&self) -> EngineKind;

    /// The features this engine was configured with: what its configuration
    /// supports, narrowed to what was asked for. A module that needs more is
    /// *unsupported* in this engine, never a divergence.
    fn supported(&self) -> FeatureSet;

    /// Validate the module with the engine's own validator.
    fn validate(&mut self, wasm: &[u8]) -> Result<(), String>;

    /// Compile and instantiate the module (running its start function), with
    /// deterministic host stubs for its imports (see [`host_stub_results`]).
    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError>;

    /// A fresh [`Session`] for a test script: one store in which modules
    /// link to each other and to the `spectest` host module. `Err` says why
    /// this engine cannot run scripts.
    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        Err(format!("{} cannot run test scripts", self.kind()))
    }

    /// How many times the engine was rebuilt after a panic
    /// ([`rebuild::Rebuilding`]).
    fn rebuilds(&self) -> u32 {
        0
    }
}

/// An instance inside a [`Session`].
pub type InstanceId = usize;

/// One store holding every instance of a `.wast` script, as the spec
/// interpreter does: modules import from the `spectest` host module (see
/// [`spectest`]) and from instances made importable with
/// [`Session::register`]. Engine fuel and growth caps are those of the
/// engine's [`Limits`].
pub trait Session {
    /// Compile and instantiate a module, resolving its imports by name.
    /// A missing or mistyped import fails at [`Stage::Instantiate`] with an
    /// [`Outcome::Error`]; a trap while initializing with an
    /// [`Outcome::Trap`].
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError>;

    /// Make the instance's exports importable under the module name `name`
    /// (a later registration of the same name replaces it).
    fn register(&mut self, name: &str, instance: InstanceId) -> Result<(), String>;

    /// Call an exported function. Arguments may be [`Val::HostRef`]s, and
    /// non-null references come back with their kind (a host reference
    /// with its value).
    fn call(&mut self, instance: InstanceId, export: &str, args: &[Val]) -> Outcome;

    /// Read an exported global, as `Outcome::Ok` with one value.
    fn get(&mut self, instance: InstanceId, global: &str) -> Outcome;
}

/// The `spectest` host module every [`Session`] provides, as the spec
/// interpreter defines it.
pub mod spectest {
    /// The value of `global_i32` and `global_i64`.
    pub const GLOBAL_INT: i32 = 666;
    /// The value of `global_f32` and `global_f64`.
    pub const GLOBAL_FLOAT: f64 = 666.6;
    /// `table` and `table64`: funcref, this many elements at first ...
    pub const TABLE_MIN: u32 = 10;
    /// ... and at most this many.
    pub const TABLE_MAX: u32 = 20;
    /// `memory` and `shared_memory`: pages at first ...
    pub const MEMORY_MIN: u32 = 1;
    /// ... and at most.
    pub const MEMORY_MAX: u32 = 2;
    /// The print functions (they do nothing) and their parameter types.
    pub const PRINT: &[(&str, &[crate::value::ValType])] = {
        use crate::value::ValType::*;
        &[
            ("print", &[]),
            ("print_i32", &[I32]),
            ("print_i64", &[I64]),
            ("print_f32", &[F32]),
            ("print_f64", &[F64]),
            ("print_i32_f32", &[I32, F32]),
            ("print_f64_f64", &[F64, F64]),
        ]
    };
}

/// An exported memory after a call: its size and a 128-bit XXH3 hash of
/// its bytes. Two engines' memories are equal when both are (a collision
/// is as unlikely as a random 128-bit match); where they differ, the oracle
/// reads the bytes again to name the first differing offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryImage {
    /// Size in bytes.
    pub len: usize,
    /// XXH3-128 of the bytes.
    pub hash: u128,
}

impl MemoryImage {
    /// The image of these bytes.
    pub fn of(bytes: &[u8]) -> MemoryImage {
        MemoryImage {
            len: bytes.len(),
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A live instance in one engine.
pub trait Instance {
    /// Call an exported function with arguments of its parameter types.
    /// Exhaustion is reported as a trap of kind `StackExhausted` or
    /// `OutOfFuel`; a growth denied by [`Limits`] as
    /// [`Outcome::ResourceLimit`].
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome;

    /// The value of an exported global.
    fn global(&mut self, export: &str) -> Option<Val>;

    /// A copy of an exported memory's bytes.
    fn memory(&mut self, export: &str) -> Option<Vec<u8>>;

    /// An exported table's elements, as null-ness (`true` = null).
    fn table(&mut self, export: &str) -> Option<Vec<bool>>;

    /// The size and hash of an exported memory, for comparing it after a
    /// call. The default copies it ([`Instance::memory`]); adapters that
    /// can read the engine's memory in place hash it there (no copy).
    fn memory_image(&mut self, export: &str) -> Option<MemoryImage> {
        self.memory(export).map(|bytes| MemoryImage::of(&bytes))
    }

    /// Why an export's state cannot be read through this engine's API
    /// (V8: a `v128` global across JavaScript), if it cannot. The engine
    /// then leaves the comparison as not comparable.
    fn unreadable(&mut self, export: &str) -> Option<String> {
        let _ = export;
        None
    }

    /// Wasm operators this instance has executed (start function and
    /// calls), where the engine counts them: wasmtime's fuel, about one
    /// unit per operator. A measure of how much code a case exercises.
    fn executed(&mut self) -> Option<u64> {
        None
    }
}

/// Whether a memory or table growth to `desired` is one wasmdiff's cap
/// denies although the module's own `maximum` would allow it (so the
/// outcome is a resource limit, not the module's behaviour).
pub(crate) fn cap_denies(desired: usize, maximum: Option<usize>, cap: usize) -> bool {
    desired > cap && maximum.is_none_or(|m| desired <= m)
}

/// The results host stubs return: zero values of the result types. The same
/// in every engine, so imports never cause a divergence.
pub fn host_stub_results(info: &ModuleInfo, import_index: usize) -> Vec<Val> {
    match &info.imports[import_index].ty {
        EntityType::Func { sig: Some(sig) } => {
            sig.results.iter().map(|t| t.default_value()).collect()
        }
        _ => Vec::new(),
    }
}

/// The engine configurations wasmdiff knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EngineKind {
    /// wasmtime with the Cranelift optimizing compiler.
    WasmtimeCranelift,
    /// wasmtime with the Winch baseline compiler.
    WasmtimeWinch,
    /// wasmtime running Pulley bytecode in its interpreter.
    WasmtimePulley,
    /// The wasmi interpreter.
    Wasmi,
    /// wasmer with its Singlepass compiler.
    WasmerSinglepass,
    /// wasmer with Cranelift.
    WasmerCranelift,
    /// V8 (through Node.js) with its baseline compiler, Liftoff, only.
    V8Liftoff,
    /// V8 (through Node.js) with its optimizing compiler, TurboFan, only.
    V8Turbofan,
    /// WAMR (the engine of `iwasm`), its fast interpreter (`iwasm`'s
    /// default on Linux).
    Wamr,
    /// WAMR's classic interpreter.
    WamrClassic,
    /// WAMR's fast JIT (asmjit), compiling lazily.
    WamrFastJit,
    /// wasm3: listed, never available (see [`EngineKind::unavailable`]).
    Wasm3,
    /// Not a real engine: wasmi running the module with planted faults
    /// (by default every `i32.add` turned into `i32.sub`; see the
    /// `canary` module, cargo feature `canary`), for self-tests. Never
    /// part of `all`.
    Canary,
}

impl EngineKind {
    /// Every configuration, in a fixed order.
    pub const ALL: &'static [EngineKind] = &[
        EngineKind::WasmtimeCranelift,
        EngineKind::WasmtimeWinch,
        EngineKind::WasmtimePulley,
        EngineKind::Wasmi,
        EngineKind::WasmerSinglepass,
        EngineKind::WasmerCranelift,
        EngineKind::V8Liftoff,
        EngineKind::V8Turbofan,
        EngineKind::Wamr,
        EngineKind::WamrClassic,
        EngineKind::WamrFastJit,
        EngineKind::Wasm3,
        EngineKind::Canary,
    ];

    /// The configuration's name, as used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::WasmtimeCranelift => "wasmtime-cranelift",
            EngineKind::WasmtimeWinch => "wasmtime-winch",
            EngineKind::WasmtimePulley => "wasmtime-pulley",
            EngineKind::Wasmi => "wasmi",
            EngineKind::WasmerSinglepass => "wasmer-singlepass",
            EngineKind::WasmerCranelift => "wasmer-cranelift",
            EngineKind::V8Liftoff => "v8-liftoff",
            EngineKind::V8Turbofan => "v8-turbofan",
            EngineKind::Wamr => "wamr",
            EngineKind::WamrClassic => "wamr-classic",
            EngineKind::WamrFastJit => "wamr-fast-jit",
            EngineKind::Wasm3 => "wasm3",
            EngineKind::Canary => "canary",
        }
    }

    /// The engine crate and its version.
    pub fn version(self) -> &'static str {
        match self {
            EngineKind::WasmtimeCranelift
            | EngineKind::WasmtimeWinch
            | EngineKind::WasmtimePulley => "wasmtime 48.0.0",
            EngineKind::Wasmi => "wasmi 2.0.0",
            EngineKind::Canary => canary_version(),
            EngineKind::WasmerSinglepass | EngineKind::WasmerCranelift => "wasmer 7.4.2",
            EngineKind::V8Liftoff | EngineKind::V8Turbofan => v8_version(),
            EngineKind::Wamr | EngineKind::WamrClassic | EngineKind::WamrFastJit => {
                wamr_version(self)
            }
            EngineKind::Wasm3 => "wasm3 0.3.1 (wasm3 C 0.4.7)",
        }
    }

    /// The features this configuration supports (what its adapter enables).
    pub fn supported(self) -> FeatureSet {
        use crate::features::Feature::*;
        let common = FeatureSet::from_iter([
            Mvp,
            MultiValue,
            BulkMemory,
            SignExtension,
            SaturatingFloatToInt,
            ExtendedConst,
            MultiMemory,
        ]);
        match self {
            EngineKind::WasmtimeCranelift | EngineKind::WasmtimePulley => {
                let all = common.union(FeatureSet::from_iter([
                    ReferenceTypes,
                    Simd,
                    RelaxedSimd,
                    TailCall,
                    Memory64,
                    Threads,
                    FunctionReferences,
                    Gc,
                    Exceptions,
                    WideArithmetic,
                    CustomPageSizes,
                ]));
                // Pulley cannot implement shared memory soundly in Rust.
                if self == EngineKind::WasmtimePulley {
                    all.without(Threads)
                } else {
                    all
                }
            }
            // Winch's SIMD is partial (unimplemented instructions are
            // compile errors) and it rejects reference types.
            EngineKind::WasmtimeWinch => common.union(FeatureSet::from_iter([Memory64, Threads])),
            EngineKind::Wasmi | EngineKind::Canary => common.union(FeatureSet::from_iter([
                ReferenceTypes,
                Simd,
                RelaxedSimd,
                TailCall,
                Memory64,
                WideArithmetic,
                CustomPageSizes,
            ])),
            // wasmer 7.4.2 panics with `unimplemented!` ("64bit memory not
            // implemented yet") on memory64 in both compilers.
            EngineKind::WasmerSinglepass => common.union(FeatureSet::from_iter([ReferenceTypes])),
            // ... and wasmer's Cranelift translator rejects tail calls.
            EngineKind::WasmerCranelift => {
                common.union(FeatureSet::from_iter([ReferenceTypes, Simd, RelaxedSimd]))
            }
            // What wasm3 0.4.7 would run: the MVP and little more.
            EngineKind::Wasm3 => FeatureSet::from_iter([Mvp, MultiValue, SignExtension]),
            // WAMR 2.4.3's fast interpreter as wamrx-sys builds it, and the
            // classic interpreter and fast JIT built with the same options
            // (crates/wamr-sys/build.rs). WAMR's classic interpreter could
            // also have memory64, multi-memory and exceptions, which its
            // fast interpreter and fast JIT cannot
            // (build-scripts/unsupported_combination.cmake); they are left
            // off so that the three configurations compare on one set.
            EngineKind::Wamr | EngineKind::WamrClassic | EngineKind::WamrFastJit => {
                FeatureSet::from_iter([
                    Mvp,
                    MultiValue,
                    BulkMemory,
                    ReferenceTypes,
                    TailCall,
                    ExtendedConst,
                    SignExtension,
                    SaturatingFloatToInt,
                ])
            }
            // Node 20's V8 11.3 (see engines/v8.rs).
            EngineKind::V8Liftoff | EngineKind::V8Turbofan => FeatureSet::from_iter([
                Mvp,
                MultiValue,
                BulkMemory,
                ReferenceTypes,
                Simd,
                TailCall,
                ExtendedConst,
                SignExtension,
                SaturatingFloatToInt,
                Threads,
            ]),
        }
    }

    /// Whether this build includes the engine.
    pub fn available(self) -> bool {
        match self {
            EngineKind::WasmtimeCranelift
            | EngineKind::WasmtimeWinch
            | EngineKind::WasmtimePulley => cfg!(feature = "wasmtime"),
            EngineKind::Wasmi => cfg!(feature = "wasmi"),
            EngineKind::WasmerSinglepass | EngineKind::WasmerCranelift => cfg!(feature = "wasmer"),
            // Unless $WASMDIFF_CANARY_FAULT names an unknown fault.
            EngineKind::Canary => cfg!(feature = "canary") && self.unavailable().is_none(),
            EngineKind::V8Liftoff | EngineKind::V8Turbofan => self.unavailable().is_none(),
            EngineKind::Wamr | EngineKind::WamrClassic => cfg!(feature = "wamr"),
            EngineKind::WamrFastJit => cfg!(feature = "wamr-jit"),
            EngineKind::Wasm3 => false,
        }
    }

    /// Whether results keep their NaN payloads on the way out of the
    /// engine. Not through V8's JavaScript API, whose numbers quiet them.
    pub fn keeps_nan_payloads(self) -> bool {
        !matches!(self, EngineKind::V8Liftoff | EngineKind::V8Turbofan)
    }

    /// Why the engine cannot be used here (`None` if it can): its cargo
    /// feature is off, or the program it runs is missing.
    pub fn unavailable(self) -> Option<String> {
        match self {
            #[cfg(feature = "v8")]
            EngineKind::V8Liftoff | EngineKind::V8Turbofan => v8::node_status()
                .as_ref()
                .err()
                .map(|e| format!("Node.js not usable: {e}")),
            #[cfg(not(feature = "v8"))]
            EngineKind::V8Liftoff | EngineKind::V8Turbofan => {
                Some("not in this build (cargo feature `v8` is off)".into())
            }
            // Measured here: the bindings build (feature `build-bindgen`),
            // but the C engine is not safe to run in process.
            EngineKind::Wasm3 => Some(
                "not offered: wasm3 0.3.1 (C 0.4.7) segfaults compiling memory.fill \
                 (SIGSEGV in Compile_BlockStatements, m3_compile.c:2182), has no bulk memory \
                 or reference types, no API to read globals, and recurses on the native \
                 stack without a guard"
                    .into(),
            ),
            EngineKind::Wamr | EngineKind::WamrClassic if !cfg!(feature = "wamr") => Some(
                "not in this build (cargo feature `wamr`; it needs cmake and libclang to build)"
                    .into(),
            ),
            EngineKind::WamrFastJit if !cfg!(feature = "wamr-jit") => Some(
                "not in this build (cargo feature `wamr-jit`; it needs cmake, libclang and \
                 asmjit's sources: scripts/fetch-asmjit.sh)"
                    .into(),
            ),
            #[cfg(feature = "canary")]
            EngineKind::Canary => canary::FaultSet::from_env().err(),
            k if !k.available() => Some("not in this build (its cargo feature is off)".into()),
            _ => None,
        }
    }

    /// Create the engine with the given limits and features (narrowed to
    /// what it supports), rebuilt whenever it panics
    /// ([`rebuild::Rebuilding`]). `None` when the build does not include it.
    pub fn build(self, limits: Limits, features: FeatureSet) -> Option<Box<dyn Engine>> {
        rebuild::Rebuilding::of_kind(self, limits, features).map(|e| Box::new(e) as Box<dyn Engine>)
    }

    /// The engine itself, without [`rebuild::Rebuilding`].
    pub(crate) fn build_bare(
        self,
        limits: Limits,
        features: FeatureSet,
    ) -> Option<Box<dyn Engine>> {
        let features = features.intersect(self.supported());
        let _ = (limits, features);
        match self {
            #[cfg(feature = "wasmtime")]
            EngineKind::WasmtimeCranelift
            | EngineKind::WasmtimeWinch
            | EngineKind::WasmtimePulley => Some(Box::new(wasmtime::WasmtimeEngine::new(
                self, limits, features,
            ))),
            #[cfg(feature = "wasmi")]
            EngineKind::Wasmi => Some(Box::new(wasmi::WasmiEngine::new(limits, features))),
            #[cfg(feature = "canary")]
            EngineKind::Canary => canary::CanaryEngine::from_env(limits, features)
                .ok()
                .map(|e| Box::new(e) as Box<dyn Engine>),
            #[cfg(feature = "wasmer")]
            EngineKind::WasmerSinglepass | EngineKind::WasmerCranelift => {
                Some(Box::new(wasmer::WasmerEngine::new(self, limits, features)))
            }
            #[cfg(feature = "v8")]
            EngineKind::V8Liftoff | EngineKind::V8Turbofan if self.available() => {
                Some(Box::new(v8::V8Engine::new(self, limits, features)))
            }
            #[cfg(feature = "wamr")]
            EngineKind::Wamr | EngineKind::WamrClassic | EngineKind::WamrFastJit
                if self.available() =>
            {
                Some(Box::new(wamr::WamrEngine::new(self, limits, features)))
            }
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The real engine configurations this build includes (never the
    /// canary).
    pub fn available_kinds() -> Vec<EngineKind> {
        EngineKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != EngineKind::Canary && k.available())
            .collect()
    }

    /// Parse a comma-separated list of engine names (`all` for every
    /// available one), checked against the known names.
    pub fn parse_list(list: &str) -> Result<Vec<EngineKind>, String> {
        let mut out = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let kinds = if item == "all" {
                EngineKind::available_kinds()
            } else {
                vec![item.parse::<EngineKind>()?]
            };
            for k in kinds {
                if !k.available() {
                    let why = k
                        .unavailable()
                        .unwrap_or_else(|| "not in this build (its cargo feature is off)".into());
                    return Err(format!("engine `{k}`: {why}"));
                }
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        if out.is_empty() {
            return Err("no engine selected".into());
        }
        Ok(out)
    }
}

/// `v8 <version> (node <version>)`, or `v8 (node not found)`.
fn v8_version() -> &'static str {
    #[cfg(feature = "v8")]
    {
        static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        VERSION.get_or_init(|| match v8::node_status() {
            Ok(v) => format!("v8 {v}"),
            Err(_) => "v8 (node not found)".into(),
        })
    }
    #[cfg(not(feature = "v8"))]
    {
        "v8 (not built)"
    }
}

/// `wasmi 2.0.0 (i32.add -> i32.sub)` for the default canary, or the
/// planted faults $WASMDIFF_CANARY_FAULT names.
fn canary_version() -> &'static str {
    #[cfg(feature = "canary")]
    {
        static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        VERSION.get_or_init(|| match canary::FaultSet::from_env() {
            Ok(f) if f != canary::FaultSet::default_set() => format!("wasmi 2.0.0 (faults: {f})"),
            _ => "wasmi 2.0.0 (i32.add -> i32.sub)".into(),
        })
    }
    #[cfg(not(feature = "canary"))]
    {
        "wasmi 2.0.0 (i32.add -> i32.sub)"
    }
}

/// `wamr <version> (<running mode>)`, or `wamr (not built)`.
fn wamr_version(kind: EngineKind) -> &'static str {
    #[cfg(feature = "wamr")]
    if kind.available() {
        use std::sync::OnceLock;
        static VERSIONS: [OnceLock<String>; 3] = [const { OnceLock::new() }; 3];
        let i = match kind {
            EngineKind::Wamr => 0,
            EngineKind::WamrClassic => 1,
            _ => 2,
        };
        return VERSIONS[i].get_or_init(|| wamr::version(kind));
    }
    let _ = kind;
    "wamr (not built)"
}

impl serde::Serialize for EngineKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for EngineKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for EngineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for EngineKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        EngineKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = EngineKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown engine `{s}` (known: {})", names.join(", "))
            })
    }
}
