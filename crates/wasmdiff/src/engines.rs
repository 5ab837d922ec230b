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
use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::features::FeatureSet;
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::value::Val;
use crate::wasi::{WasiConfig, WasiHost, WasiOutput};

#[cfg(feature = "canary")]
pub mod canary;
pub mod child;
#[cfg(any(feature = "jsc", feature = "spidermonkey"))]
mod debian;
pub mod js_shell;
mod js_wrap;
#[cfg(feature = "jsc")]
mod jsc;
pub mod rebuild;
#[cfg(feature = "spidermonkey")]
mod spidermonkey;
#[cfg(feature = "v8")]
pub mod v8;
#[cfg(feature = "wamr")]
pub mod wamr;
mod wasm3;
#[cfg(feature = "wasmer")]
mod wasmer;
#[cfg(feature = "wasmi")]
mod wasmi;
#[cfg(feature = "wasmi")]
mod wasmi_eager;
#[cfg(feature = "wasmtime")]
mod wasmtime;

/// What every engine configuration wasmdiff runs supports (the adapters'
/// descriptors add to it).
#[allow(dead_code)] // in a build without adapters
pub(crate) const BASE_FEATURES: FeatureSet = {
    use crate::features::Feature::*;
    FeatureSet::of(&[
        MultiValue,
        BulkMemory,
        SignExtension,
        SaturatingFloatToInt,
        ExtendedConst,
        MultiMemory,
    ])
};

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

impl Limits {
    /// The wall-clock bound of one call in engines that count no fuel
    /// (the JavaScript shells, WAMR): 5 s at the default engine fuel, and
    /// as much longer as `engine_fuel` is larger (a long-running program
    /// given more fuel gets more time everywhere).
    pub fn wall_clock(&self) -> std::time::Duration {
        let default = Limits::default().engine_fuel as f64;
        std::time::Duration::from_secs_f64(5.0 * (self.engine_fuel as f64 / default).max(1.0))
    }
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

    /// [`Engine::validate`] as the oracle observes it: `Ok`, the engine's
    /// rejection as an [`Outcome::Error`], or (for an engine in a child
    /// process that died while validating) an [`Outcome::Crash`].
    fn validation(&mut self, wasm: &[u8]) -> Outcome {
        match self.validate(wasm) {
            Ok(()) => Outcome::Ok(Vec::new()),
            Err(m) => Outcome::Error(m),
        }
    }

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

    /// Serve the `wasi_snapshot_preview1` imports of the modules it
    /// instantiates from now on with a fresh [`WasiHost`] made from
    /// `config` each (`None`: host stubs again, the default). `Err` says
    /// why this engine cannot.
    fn set_wasi(&mut self, config: Option<Arc<WasiConfig>>) -> Result<(), String> {
        match config {
            None => Ok(()),
            Some(_) => Err(format!("{} cannot host WASI", self.kind())),
        }
    }
}

/// A [`WasiHost`] shared by an instance's host functions and the instance
/// (which reads its output).
pub type SharedWasi = Arc<Mutex<WasiHost>>;

/// A fresh host for one instance, when the engine was given a
/// configuration.
pub(crate) fn new_wasi(config: &Option<Arc<WasiConfig>>) -> Option<SharedWasi> {
    config
        .as_ref()
        .filter(|c| !c.native)
        .map(|c| Arc::new(Mutex::new(WasiHost::new(c))))
}

/// [`Engine::set_wasi`] for an adapter without a WASI implementation of
/// the engine's own: the deterministic host only.
pub(crate) fn deterministic_wasi_only(
    kind: EngineKind,
    config: &Option<Arc<WasiConfig>>,
) -> Result<(), String> {
    match config {
        Some(c) if c.native => Err(format!(
            "its own WASI, which {kind} lacks here{}",
            kind.descriptor()
                .and_then(|d| d.native_wasi.err())
                .map(|why| format!(": {why}"))
                .unwrap_or_default()
        )),
        _ => Ok(()),
    }
}

/// Whether import `index` of the module is served by the WASI host (the
/// engine has one, and the import is a WASI function).
pub(crate) fn wasi_import<'a>(
    wasi: &Option<SharedWasi>,
    info: &'a ModuleInfo,
    index: usize,
) -> Option<&'a str> {
    let im = &info.imports[index];
    (wasi.is_some()
        && im.module == crate::wasi::MODULE
        && crate::wasi::signature(&im.name).is_some())
    .then_some(im.name.as_str())
}

/// Run a WASI function on the shared host (see [`WasiHost::call`]).
pub(crate) fn wasi_call(
    host: &SharedWasi,
    name: &str,
    args: &[Val],
    memory: &mut dyn crate::wasi::GuestMemory,
) -> Result<Vec<Val>, crate::wasi::Exit> {
    host.lock()
        .unwrap_or_else(|e| e.into_inner())
        .call(name, args, memory)
}

/// The instance exists: its WASI host serves calls from now on.
pub(crate) fn wasi_started(host: &Option<SharedWasi>) {
    if let Some(h) = host {
        h.lock().unwrap_or_else(|e| e.into_inner()).start();
    }
}

/// What an instance's WASI host saw.
pub(crate) fn wasi_output(host: &Option<SharedWasi>) -> Option<WasiOutput> {
    host.as_ref()
        .map(|h| h.lock().unwrap_or_else(|e| e.into_inner()).output())
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

/// An exported memory after a call: its size and a 128-bit hash of its
/// bytes, taken in two levels: XXH3-128 of each [`MemoryImage::CHUNK`]
/// bytes, then XXH3-128 of those hashes. Two engines' memories are equal
/// when both are (a collision is as unlikely as a random 128-bit match);
/// where they differ, the oracle reads the bytes again to name the first
/// differing offset. The two levels let an engine that receives a memory
/// as changed chunks (the JavaScript shells) keep one hash per chunk
/// instead of a copy of the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryImage {
    /// Size in bytes.
    pub len: usize,
    /// The hash of the chunks' hashes.
    pub hash: u128,
}

impl MemoryImage {
    /// Bytes per chunk (the last one may be shorter).
    pub const CHUNK: usize = 64 << 10;

    /// The image of these bytes.
    pub fn of(bytes: &[u8]) -> MemoryImage {
        let chunks: Vec<u128> = bytes.chunks(Self::CHUNK).map(Self::chunk_hash).collect();
        MemoryImage::of_chunks(bytes.len(), &chunks)
    }

    /// The hash of one chunk's bytes.
    pub fn chunk_hash(chunk: &[u8]) -> u128 {
        xxhash_rust::xxh3::xxh3_128(chunk)
    }

    /// The hash of a chunk of `len` zero bytes.
    pub fn zero_chunk_hash(len: usize) -> u128 {
        static FULL: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
        static ZEROS: [u8; MemoryImage::CHUNK] = [0; MemoryImage::CHUNK];
        if len == Self::CHUNK {
            *FULL.get_or_init(|| Self::chunk_hash(&ZEROS))
        } else {
            Self::chunk_hash(&ZEROS[..len.min(Self::CHUNK)])
        }
    }

    /// The image of a memory of `len` bytes whose chunks hash to `chunks`
    /// (in order, one per [`MemoryImage::CHUNK`] bytes).
    pub fn of_chunks(len: usize, chunks: &[u128]) -> MemoryImage {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for c in chunks {
            h.update(&c.to_le_bytes());
        }
        MemoryImage {
            len,
            hash: h.digest128(),
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

    /// What the WASI host saw the instance do (output, exit code, files),
    /// when its engine was given a WASI configuration.
    fn wasi(&mut self) -> Option<WasiOutput> {
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

/// What one engine configuration is and how to make it. Each adapter
/// declares its configurations' descriptors in its own file, next to the
/// code that configures the engine; the registry below lists them.
pub struct Descriptor {
    /// The engine and its version, e.g. `wasmtime 48.0.0` (asked of the
    /// engine where it can say).
    pub version: fn() -> &'static str,
    /// The features the adapter enables (which may depend on the version
    /// found).
    pub features: fn() -> FeatureSet,
    /// Why the configuration cannot run here although it is built (a
    /// program it needs is missing, ...); `None` when it can.
    pub unavailable: fn() -> Option<String>,
    /// Whether results keep their NaN payloads on the way out of the
    /// engine (not through a JavaScript API, whose numbers quiet them).
    pub keeps_nan_payloads: bool,
    /// Whether it applies wasmdiff's memory and table growth caps as they
    /// happen (WAMR and JavaScriptCore cannot: they grow to their own
    /// limits, and a memory found beyond the cap after a call is reported
    /// as a resource limit where they can see it).
    pub applies_growth_caps: bool,
    /// Whether it runs clean in a fuzz target built with AddressSanitizer.
    pub runs_under_asan: bool,
    /// Whether one engine is kept between `wast` scripts because it is
    /// costly to start (a child process).
    pub kept_between_scripts: bool,
    /// Whether `all` includes it (not the canary, a self-test).
    pub in_all: bool,
    /// The command line that runs `export` of `case.wasm` with `args` in
    /// the engine's own tool, where it has one.
    pub command_line: fn(export: &str, args: &str) -> Option<String>,
    /// Its own WASI preview 1 implementation, which `run --wasi native`
    /// uses: its name, or why the adapter has none.
    pub native_wasi: Result<&'static str, &'static str>,
    /// What `wasmdiff setup` fetches for it into wasmdiff's cache
    /// ([`cache_dir`]).
    pub install: Option<Install>,
    /// Create the engine with the given limits and features (already
    /// narrowed to what it supports).
    pub build: fn(EngineKind, Limits, FeatureSet) -> Option<Box<dyn Engine>>,
}

/// How `wasmdiff setup` fetches what an engine runs.
#[derive(Clone, Copy)]
pub struct Install {
    /// Whether it was fetched already.
    pub done: fn() -> bool,
    /// Fetch it; says what it did.
    pub run: fn() -> Result<String, Error>,
}

/// Where wasmdiff keeps what it fetches for engines (`wasmdiff setup`):
/// `$WASMDIFF_CACHE`, else `~/.cache/wasmdiff`.
pub fn cache_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("WASMDIFF_CACHE") {
        return dir.into();
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/tmp".into());
    std::path::Path::new(&home).join(".cache/wasmdiff")
}

impl Descriptor {
    /// A command line for an engine without a tool of its own.
    pub fn no_command_line(_: &str, _: &str) -> Option<String> {
        None
    }

    /// For [`Descriptor::unavailable`]: nothing is missing.
    pub fn always_available() -> Option<String> {
        None
    }
}

/// Declares [`EngineKind`], one line per configuration: its variant, its
/// name on the command line, the cargo feature that builds its adapter (if
/// any), and the adapter's [`Descriptor`].
macro_rules! registry {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal $(if $feature:literal)? => $descriptor:path; )*) => {
        /// The engine configurations wasmdiff knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EngineKind {
            $( $(#[$doc])* $variant, )*
        }

        impl EngineKind {
            /// Every configuration, in a fixed order.
            pub const ALL: &'static [EngineKind] = &[$(EngineKind::$variant),*];

            /// The configuration's name, as used on the command line and in
            /// reports.
            pub fn name(self) -> &'static str {
                match self {
                    $( EngineKind::$variant => $name, )*
                }
            }

            /// The cargo feature that builds the adapter (`None`: always
            /// built).
            pub fn cargo_feature(self) -> Option<&'static str> {
                match self {
                    $( EngineKind::$variant => None $(.or(Some($feature)))?, )*
                }
            }

            /// The adapter's descriptor, `None` when this build leaves the
            /// adapter out.
            pub fn descriptor(self) -> Option<&'static Descriptor> {
                match self {
                    $(
                        EngineKind::$variant => {
                            #[cfg(all($(feature = $feature)?))]
                            {
                                Some(&$descriptor)
                            }
                            #[cfg(not(all($(feature = $feature)?)))]
                            {
                                None
                            }
                        }
                    )*
                }
            }
        }
    };
}

registry! {
    /// wasmtime with the Cranelift optimizing compiler.
    WasmtimeCranelift = "wasmtime-cranelift" if "wasmtime" => wasmtime::CRANELIFT;
    /// wasmtime with the Winch baseline compiler.
    WasmtimeWinch = "wasmtime-winch" if "wasmtime" => wasmtime::WINCH;
    /// wasmtime running Pulley bytecode in its interpreter.
    WasmtimePulley = "wasmtime-pulley" if "wasmtime" => wasmtime::PULLEY;
    /// The wasmi interpreter.
    Wasmi = "wasmi" if "wasmi" => wasmi::WASMI;
    /// wasmi compiling every function when the module is compiled.
    WasmiEager = "wasmi-eager" if "wasmi" => wasmi_eager::WASMI_EAGER;
    /// wasmer with its Singlepass compiler.
    WasmerSinglepass = "wasmer-singlepass" if "wasmer" => wasmer::SINGLEPASS;
    /// wasmer with Cranelift.
    WasmerCranelift = "wasmer-cranelift" if "wasmer" => wasmer::CRANELIFT;
    /// V8 (through Node.js) with its baseline compiler, Liftoff, only.
    V8Liftoff = "v8-liftoff" if "v8" => v8::LIFTOFF;
    /// V8 (through Node.js) with its optimizing compiler, TurboFan, only.
    V8Turbofan = "v8-turbofan" if "v8" => v8::TURBOFAN;
    /// JavaScriptCore (through its `jsc` shell), its in-place interpreter
    /// only.
    JscIpint = "jsc-ipint" if "jsc" => jsc::IPINT;
    /// JavaScriptCore with its BBQ baseline compiler only.
    JscBbq = "jsc-bbq" if "jsc" => jsc::BBQ;
    /// JavaScriptCore with its OMG optimizing compiler at once.
    JscOmg = "jsc-omg" if "jsc" => jsc::OMG;
    /// JavaScriptCore's OMG with explicit bounds checks (no guard pages).
    JscOmgBounds = "jsc-omg-bounds" if "jsc" => jsc::OMG_BOUNDS;
    /// SpiderMonkey (through its `js128` shell), its baseline compiler only.
    SmBaseline = "sm-baseline" if "spidermonkey" => spidermonkey::BASELINE;
    /// SpiderMonkey with its optimizing compiler, Ion, only.
    SmIon = "sm-ion" if "spidermonkey" => spidermonkey::ION;
    /// WAMR (the engine of `iwasm`), its fast interpreter (`iwasm`'s
    /// default on Linux).
    Wamr = "wamr" if "wamr" => wamr::FAST_INTERP;
    /// WAMR's classic interpreter.
    WamrClassic = "wamr-classic" if "wamr" => wamr::CLASSIC;
    /// WAMR's fast JIT (asmjit), compiling lazily.
    WamrFastJit = "wamr-fast-jit" if "wamr-jit" => wamr::FAST_JIT;
    /// wasm3: listed, never available (see `engines/wasm3.rs`).
    Wasm3 = "wasm3" => wasm3::WASM3;
    /// Not a real engine: wasmi running the module with planted faults
    /// (by default every `i32.add` turned into `i32.sub`; see the `canary`
    /// module, cargo feature `canary`), for self-tests. Never part of `all`.
    Canary = "canary" if "canary" => canary::CANARY;
}

impl EngineKind {
    /// The engine and its version.
    pub fn version(self) -> &'static str {
        match self.descriptor() {
            Some(d) => (d.version)(),
            None => "(not built)",
        }
    }

    /// The features this configuration supports (what its adapter enables;
    /// only the MVP when the adapter is not built).
    pub fn supported(self) -> FeatureSet {
        self.descriptor()
            .map_or(FeatureSet::MVP, |d| (d.features)())
    }

    /// Whether this build includes the engine and it can run here.
    pub fn available(self) -> bool {
        self.unavailable().is_none()
    }

    /// Whether results keep their NaN payloads on the way out of the
    /// engine.
    pub fn keeps_nan_payloads(self) -> bool {
        self.descriptor().is_none_or(|d| d.keeps_nan_payloads)
    }

    /// Why the engine cannot be used here (`None` if it can): its cargo
    /// feature is off (with the command that builds it), or what it needs
    /// is missing.
    pub fn unavailable(self) -> Option<String> {
        match self.descriptor() {
            Some(d) => (d.unavailable)(),
            None => Some(match self.cargo_feature() {
                Some(f) => format!(
                    "not in this build: cargo feature `{f}` is off \
                     (cargo build --release -p wasmdiff-cli --features {f})"
                ),
                None => "not in this build".into(),
            }),
        }
    }

    /// Fetch what the engine needs into wasmdiff's cache, if it can
    /// (`None`: nothing to fetch).
    pub fn install(self) -> Option<Result<String, Error>> {
        self.descriptor().and_then(|d| d.install).map(|i| (i.run)())
    }

    /// Whether `wasmdiff setup` has something to fetch for it that it has
    /// not fetched yet.
    pub fn needs_install(self) -> bool {
        self.descriptor()
            .and_then(|d| d.install)
            .is_some_and(|i| !(i.done)())
    }

    /// Whether it applies wasmdiff's growth caps as they happen.
    pub fn applies_growth_caps(self) -> bool {
        self.descriptor().is_some_and(|d| d.applies_growth_caps)
    }

    /// Whether it runs clean in a fuzz target built with AddressSanitizer.
    pub fn runs_under_asan(self) -> bool {
        self.descriptor().is_some_and(|d| d.runs_under_asan)
    }

    /// Whether one engine is kept between `wast` scripts.
    pub fn kept_between_scripts(self) -> bool {
        self.descriptor().is_some_and(|d| d.kept_between_scripts)
    }

    /// The engine's own command line for calling `export` of `case.wasm`
    /// with `args`, where it has a tool.
    pub fn command_line(self, export: &str, args: &str) -> Option<String> {
        self.descriptor()
            .and_then(|d| (d.command_line)(export, args))
    }

    /// Create the engine with the given limits and features (narrowed to
    /// what it supports), rebuilt whenever it panics
    /// ([`rebuild::Rebuilding`]). `None` when it is unavailable.
    pub fn build(self, limits: Limits, features: FeatureSet) -> Option<Box<dyn Engine>> {
        rebuild::Rebuilding::of_kind(self, limits, features).map(|e| Box::new(e) as Box<dyn Engine>)
    }

    /// The engine itself, without [`rebuild::Rebuilding`].
    pub(crate) fn build_bare(
        self,
        limits: Limits,
        features: FeatureSet,
    ) -> Option<Box<dyn Engine>> {
        let d = self.descriptor()?;
        if (d.unavailable)().is_some() {
            return None;
        }
        (d.build)(self, limits, features.intersect((d.features)()))
    }

    /// The real engine configurations this build includes and can run
    /// (`all`: never the canary).
    pub fn available_kinds() -> Vec<EngineKind> {
        EngineKind::ALL
            .iter()
            .copied()
            .filter(|k| k.descriptor().is_some_and(|d| d.in_all) && k.available())
            .collect()
    }

    /// Parse a comma-separated list of engine names (`all` for every
    /// available one), checked against the known names. `-NAME` takes an
    /// engine out of what the items before it selected (`all,-wamr`),
    /// whether or not it is available here.
    pub fn parse_list(list: &str) -> Result<Vec<EngineKind>, Error> {
        let mut out = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(name) = item.strip_prefix('-') {
                let k = name.parse::<EngineKind>()?;
                out.retain(|o| *o != k);
                continue;
            }
            let kinds = if item == "all" {
                EngineKind::available_kinds()
            } else {
                vec![item.parse::<EngineKind>()?]
            };
            for k in kinds {
                if let Some(why) = k.unavailable() {
                    return Err(Error::Engine {
                        engine: format!("engine `{k}`"),
                        why,
                    });
                }
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        if out.is_empty() {
            return Err(Error::input("no engine selected"));
        }
        Ok(out)
    }
}

/// An `--engines` list as given and as parsed ([`EngineKind::parse_list`]):
/// a command-line value type, so that a bad name is refused while the
/// command line is read, with the same message everywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineList {
    /// The list as written.
    pub text: String,
    /// The configurations it selects, in order.
    pub kinds: Vec<EngineKind>,
}

impl FromStr for EngineList {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(EngineList {
            text: s.to_string(),
            kinds: EngineKind::parse_list(s)?,
        })
    }
}

impl fmt::Display for EngineList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
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
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        EngineKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = EngineKind::ALL.iter().map(|k| k.name()).collect();
                Error::input(format!(
                    "unknown engine `{s}` (known: {})",
                    names.join(", ")
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::{EngineKind, MemoryImage};

    #[test]
    fn an_engine_list_can_take_engines_out() {
        let all = EngineKind::parse_list("all").unwrap();
        let fewer = EngineKind::parse_list("all,-wasmi").unwrap();
        assert!(!fewer.contains(&EngineKind::Wasmi));
        assert_eq!(fewer.len(), all.len() - 1);
        // Taking out an engine that is not selected (or not built) is fine.
        assert_eq!(
            EngineKind::parse_list("wasmi,-wamr-fast-jit").unwrap(),
            [EngineKind::Wasmi]
        );
        assert!(EngineKind::parse_list("wasmi,-nonsense").is_err());
        assert!(EngineKind::parse_list("wasmi,-wasmi").is_err());
    }

    /// A memory image from chunk hashes (zero chunks by their known hash,
    /// a short last chunk included) equals the image of the bytes; one
    /// changed byte changes it.
    #[test]
    fn memory_images_from_chunks_equal_images_of_bytes() {
        let chunk = MemoryImage::CHUNK;
        let mut bytes = vec![0u8; 3 * chunk + 100];
        bytes[chunk + 7] = 1;
        let hashes: Vec<u128> = (0..4)
            .map(|i| match i {
                1 => MemoryImage::chunk_hash(&bytes[chunk..2 * chunk]),
                3 => MemoryImage::zero_chunk_hash(100),
                _ => MemoryImage::zero_chunk_hash(chunk),
            })
            .collect();
        let image = MemoryImage::of(&bytes);
        assert_eq!(MemoryImage::of_chunks(bytes.len(), &hashes), image);
        bytes[3 * chunk + 99] = 2;
        assert_ne!(MemoryImage::of(&bytes), image);
        assert_ne!(MemoryImage::of(&bytes[..bytes.len() - 1]), image);
    }
}
