//! WAMR, the WebAssembly Micro Runtime (the engine of `iwasm`), in process
//! (WAMR 2.4.3), in three configurations: its fast interpreter (`wamr`),
//! its classic interpreter (`wamr-classic`), both in the default build, and
//! its fast JIT (`wamr-fast-jit`, lazy compilation, cargo feature
//! `wamr-jit`), each a build of `wasmdiff-wamr-sys`. One adapter serves all three through a table of the
//! C functions of each build ([`Api`]); each build has a runtime of its own
//! (a fourth build, with WAMR's own WASI, serves `--wasi native`).
//!
//! What the adapter can and cannot do, so that nothing becomes a false
//! divergence:
//! - Imports: WAMR takes host functions from a process-wide registry by
//!   module name. Imported functions get stubs that return zeros, as in
//!   every engine (`HostStubs`, registered under a lock while the module
//!   loads and instantiates); in scripts only the `spectest` print
//!   functions (which do nothing) are linked. Other imports (memories,
//!   tables, globals, functions with several results, modules of a
//!   script) would need WAMR's multi-module linking: such a module is *not
//!   comparable* in WAMR (the other engines' agreement still counts), or
//!   unsupported in a script. So is a module whose tail calls may reach an
//!   import, which crashes WAMR's interpreters.
//! - Values cross as `wasm_val_t` with exact bits (integer views of the
//!   union). `v128` and reference parameters or results are not comparable.
//! - Traps are WAMR's exception strings, mapped in [`trap_kind`].
//! - WAMR has no fuel in this build: a watchdog terminates a call that runs
//!   longer than [`TIMEOUT`] (`wasm_runtime_terminate`), reported as engine
//!   fuel running out (inconclusive). Recursion is bounded by the execution
//!   environment's stack (`Limits::max_wasm_stack`).
//! - Memories: wasmdiff's cap is not applied; WAMR's own limits hold.
//! - Tables are not read: state rows with one skip WAMR (see `unreadable`).
//! - WASI: wasmdiff's deterministic host is bound as natives of
//!   `wasi_snapshot_preview1`. With `--wasi native`, `wamr` runs the
//!   module in a fourth build, the fast interpreter with WAMR's own WASI
//!   (libc-wasi), given the configuration's arguments, environment,
//!   standard input (a file), private copies of the preopened directories
//!   and files for standard output and error (`NativeWasi`). That build
//!   runs a reactor's `_initialize` when it instantiates the module, as
//!   `iwasm` does; the adapter's call of `_initialize` then does nothing.

use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use wasmdiff_wamr_sys::{self as wamr_sys, Api, sys as w};

use super::{
    Descriptor, Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits, Session,
    SharedWasi, new_wasi, wasi_call, wasi_output, wasi_started,
};
use crate::error::Error;
use crate::features::FeatureSet;
use crate::module_info::{EntityType, ModuleInfo};
use crate::outcome::Outcome;
use crate::trap::TrapKind;
use crate::value::{Val, ValType};
use crate::wasi::{Exit, NoMemory, Slice, WasiConfig, WasiOutput};

/// WAMR's interpreter frames are several times the size of a compiled
/// engine's: with the same byte budget it exhausted its stack on one
/// generated case in six that the others complete (module fuel bounds
/// recursion, so no case needs more). Its stack gets this multiple of
/// `Limits::max_wasm_stack`; running out is still inconclusive.
const WAMR_STACK_FACTOR: usize = 8;

/// How long one call may run before it is terminated, at the default
/// limits ([`Limits::wall_clock`]).
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// WAMR's fast interpreter.
pub(crate) const FAST_INTERP: Descriptor = Descriptor {
    version: || versions(EngineKind::Wamr),
    features: || FEATURES,
    unavailable: Descriptor::always_available,
    keeps_nan_payloads: true,
    applies_growth_caps: false,
    runs_under_asan: true,
    kept_between_scripts: false,
    in_all: true,
    command_line: |e, a| Some(format!("iwasm -f '{e}' case.wasm {a}")),
    native_wasi: Ok("WAMR 2.4.3's libc-wasi (a fast-interpreter build of its own)"),
    install: None,
    build: |kind, limits, features| Some(Box::new(WamrEngine::new(kind, limits, features))),
};

/// WAMR's classic interpreter.
pub(crate) const CLASSIC: Descriptor = Descriptor {
    version: || versions(EngineKind::WamrClassic),
    command_line: |e, a| {
        Some(format!(
            "iwasm -f '{e}' case.wasm {a}   # an iwasm built with -DWAMR_BUILD_FAST_INTERP=0"
        ))
    },
    native_wasi: Err(ONLY_FAST_INTERP_HAS_LIBC_WASI),
    ..FAST_INTERP
};

/// WAMR's fast JIT.
#[cfg(feature = "wamr-jit")]
pub(crate) const FAST_JIT: Descriptor = Descriptor {
    version: || versions(EngineKind::WamrFastJit),
    command_line: |e, a| {
        Some(format!(
            "iwasm --fast-jit -f '{e}' case.wasm {a}   # an iwasm built with -DWAMR_BUILD_FAST_JIT=1"
        ))
    },
    native_wasi: Err(ONLY_FAST_INTERP_HAS_LIBC_WASI),
    ..FAST_INTERP
};

/// Why `--wasi native` leaves out WAMR's other configurations.
const ONLY_FAST_INTERP_HAS_LIBC_WASI: &str =
    "WAMR's libc-wasi is built here with its fast interpreter only (`wamr`)";

/// WAMR 2.4.3's fast interpreter, classic interpreter and fast JIT, built
/// with the same options (crates/wamr-sys/build.rs). WAMR's classic interpreter could also have
/// memory64, multi-memory and exceptions, which its fast interpreter and
/// fast JIT cannot (build-scripts/unsupported_combination.cmake); they are
/// left off so that the three configurations compare on one set.
const FEATURES: FeatureSet = {
    use crate::features::Feature::*;
    FeatureSet::of(&[
        MultiValue,
        BulkMemory,
        ReferenceTypes,
        TailCall,
        ExtendedConst,
        SignExtension,
        SaturatingFloatToInt,
    ])
};

/// [`version`], asked once per configuration.
fn versions(kind: EngineKind) -> &'static str {
    static VERSIONS: [OnceLock<String>; 3] = [const { OnceLock::new() }; 3];
    let i = match kind {
        EngineKind::Wamr => 0,
        EngineKind::WamrClassic => 1,
        _ => 2,
    };
    VERSIONS[i].get_or_init(|| version(kind))
}

/// WAMR's version and running mode, e.g. `wamr 2.4.3 (fast interpreter)`.
pub fn version(kind: EngineKind) -> String {
    let build = Build::of(kind);
    let api = build.runtime();
    let (mut a, mut b, mut c) = (0, 0, 0);
    // SAFETY: writes three integers.
    unsafe { (api.wasm_runtime_get_version)(&mut a, &mut b, &mut c) };
    format!("wamr {a}.{b}.{c} ({})", build.mode)
}

/// One of WAMR's configurations: a build of the C library (each with its
/// own globals, so its own runtime) and the running mode it starts in.
struct Build {
    api: &'static Api,
    /// What `version` calls the running mode.
    mode: &'static str,
    /// The runtime's default running mode (0: the build's default).
    running_mode: w::RunningMode,
    /// Whether the runtime was initialized (once per process).
    init: &'static OnceLock<bool>,
}

/// The fast JIT's code cache, shared by every module of the process (WAMR's
/// default is 10 MiB). It is reserved address space, committed as used.
const FAST_JIT_CODE_CACHE: u32 = 256 << 20;

impl Build {
    fn of(kind: EngineKind) -> Build {
        static FAST_INTERP: OnceLock<bool> = OnceLock::new();
        static CLASSIC: OnceLock<bool> = OnceLock::new();
        match kind {
            EngineKind::WamrClassic => Build {
                api: &wamr_sys::CLASSIC,
                mode: "classic interpreter",
                running_mode: w::Mode_Interp,
                init: &CLASSIC,
            },
            #[cfg(feature = "wamr-jit")]
            EngineKind::WamrFastJit => {
                static FAST_JIT: OnceLock<bool> = OnceLock::new();
                Build {
                    api: &wamr_sys::FAST_JIT,
                    mode: "fast JIT",
                    running_mode: w::Mode_Fast_JIT,
                    init: &FAST_JIT,
                }
            }
            EngineKind::Wamr => Build {
                api: &wamr_sys::FAST_INTERP,
                mode: "fast interpreter",
                running_mode: w::Mode_Interp,
                init: &FAST_INTERP,
            },
            _ => unreachable!("{kind} is not a WAMR configuration of this build"),
        }
    }

    /// The fast interpreter built with WAMR's own WASI (`--wasi native`).
    fn libc_wasi() -> Build {
        static LIBC_WASI: OnceLock<bool> = OnceLock::new();
        Build {
            api: &wamr_sys::FAST_INTERP_LIBC_WASI,
            mode: "fast interpreter with libc-wasi",
            running_mode: w::Mode_Interp,
            init: &LIBC_WASI,
        }
    }

    /// The build's API, its runtime initialized.
    fn runtime(&self) -> &'static Api {
        let api = self.api;
        let running_mode = self.running_mode;
        self.init.get_or_init(|| {
            // As `wasm_runtime_init` does, with the running mode and the
            // fast JIT's code cache set.
            let mut args = w::RuntimeInitArgs {
                mem_alloc_type: w::Alloc_With_System_Allocator,
                running_mode,
                fast_jit_code_cache_size: FAST_JIT_CODE_CACHE,
                ..Default::default()
            };
            // SAFETY: plain calls into the runtime, once per process.
            unsafe {
                let ok = (api.wasm_runtime_full_init)(&mut args);
                (api.wasm_runtime_set_log_level)(w::WASM_LOG_LEVEL_FATAL);
                ok
            }
        });
        api
    }
}

/// A call under the watchdog: its instance, how to end it, and when.
struct Watched {
    inst: usize,
    terminate: unsafe extern "C" fn(w::wasm_module_inst_t),
    deadline: Instant,
}

/// Running calls and their deadlines, watched by one thread.
fn watchdog() -> &'static Mutex<HashMap<u64, Watched>> {
    static CALLS: OnceLock<&'static Mutex<HashMap<u64, Watched>>> = OnceLock::new();
    CALLS.get_or_init(|| {
        let calls: &'static Mutex<HashMap<u64, Watched>> =
            Box::leak(Box::new(Mutex::new(HashMap::new())));
        let _ = std::thread::Builder::new()
            .name("wamr-watchdog".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(100));
                    let now = Instant::now();
                    let calls = calls.lock().unwrap_or_else(|e| e.into_inner());
                    for call in calls.values() {
                        if now > call.deadline {
                            // SAFETY: the instance is alive while its call
                            // is registered (the entry is removed before the
                            // instance is destroyed); `terminate` is its
                            // build's.
                            unsafe { (call.terminate)(call.inst as w::wasm_module_inst_t) };
                        }
                    }
                }
            });
        calls
    })
}

/// Run `f` with a deadline on `inst` (of the build `api`).
fn guarded<T>(
    api: &Api,
    inst: w::wasm_module_inst_t,
    timeout: Duration,
    f: impl FnOnce() -> T,
) -> T {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let calls = watchdog();
    calls.lock().unwrap_or_else(|e| e.into_inner()).insert(
        id,
        Watched {
            inst: inst as usize,
            terminate: api.wasm_runtime_terminate,
            deadline: Instant::now() + timeout,
        },
    );
    let r = f();
    calls.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    r
}

/// A WAMR exception string (`Exception: ...`) as a trap kind.
pub fn trap_kind(message: &str) -> Option<TrapKind> {
    // Traps while instantiating come as load/instantiate errors.
    let m = message
        .strip_prefix("WASM module instantiate failed: ")
        .unwrap_or(message);
    let m = m.strip_prefix("Exception: ").unwrap_or(m);
    const MESSAGES: &[(&str, TrapKind)] = &[
        ("unreachable", TrapKind::Unreachable),
        ("integer divide by zero", TrapKind::IntegerDivideByZero),
        ("integer overflow", TrapKind::IntegerOverflow),
        ("invalid conversion to integer", TrapKind::InvalidConversion),
        ("out of bounds memory access", TrapKind::MemoryOutOfBounds),
        ("out of bounds table access", TrapKind::TableOutOfBounds),
        ("undefined element", TrapKind::TableOutOfBounds),
        ("uninitialized element", TrapKind::UninitializedElement),
        (
            "indirect call type mismatch",
            TrapKind::IndirectCallTypeMismatch,
        ),
        ("wasm operand stack overflow", TrapKind::StackExhausted),
        ("native stack overflow", TrapKind::StackExhausted),
        ("stack overflow", TrapKind::StackExhausted),
        ("terminated by user", TrapKind::OutOfFuel),
        ("instruction limit exceeded", TrapKind::OutOfFuel),
        ("unaligned atomic", TrapKind::UnalignedAtomic),
        ("null function reference", TrapKind::NullReference),
        ("null reference", TrapKind::NullReference),
        ("data segment does not fit", TrapKind::MemoryOutOfBounds),
        ("elements segment does not fit", TrapKind::TableOutOfBounds),
    ];
    MESSAGES
        .iter()
        .find(|(p, _)| m.starts_with(p))
        .map(|(_, k)| *k)
}

fn c_error(buf: &[c_char]) -> String {
    // SAFETY: WAMR writes a NUL-terminated string into the buffer.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// An exception or error message as an outcome.
fn failure(message: String) -> Outcome {
    match trap_kind(&message) {
        Some(k) => Outcome::Trap(k),
        None => Outcome::Error(message),
    }
}

/// A loaded and instantiated module, with the buffer WAMR refers to.
struct Loaded {
    /// The WAMR build the handles belong to.
    api: &'static Api,
    module: w::wasm_module_t,
    inst: w::wasm_module_inst_t,
    env: w::wasm_exec_env_t,
    info: ModuleInfo,
    max_memory_bytes: u64,
    /// How long one call may run ([`Limits::wall_clock`]).
    timeout: Duration,
    _bytes: Box<[u8]>,
    /// The WASI host, when the module has one.
    wasi: Option<SharedWasi>,
    /// What WAMR's WASI functions find through their attachment pointers
    /// (alive as long as the instance; boxed so that they never move).
    #[allow(clippy::vec_box)]
    _wasi_imports: Vec<Box<WasiImport>>,
    /// WAMR's own WASI (`--wasi native`), when the module runs with it.
    native: Option<NativeWasi>,
}

impl Drop for Loaded {
    fn drop(&mut self) {
        // SAFETY: each handle was created once and is destroyed once, in
        // reverse order.
        unsafe {
            if !self.env.is_null() {
                (self.api.wasm_runtime_destroy_exec_env)(self.env);
            }
            if !self.inst.is_null() {
                (self.api.wasm_runtime_deinstantiate)(self.inst);
            }
            if !self.module.is_null() {
                (self.api.wasm_runtime_unload)(self.module);
            }
        }
    }
}

/// Serializes host-function registration (WAMR's registry is global).
static NATIVES: Mutex<()> = Mutex::new(());

/// Why the adapter cannot give this module its imports, if it cannot.
/// Functions get host stubs that return zeros (as in every engine); other
/// imports would need WAMR's multi-module linking, which this build lacks.
fn unstubbable(info: &ModuleInfo) -> Option<String> {
    info.imports.iter().find_map(|i| match &i.ty {
        EntityType::Func { sig: Some(sig) } => {
            if sig.results.len() > 1 {
                Some(
                    "an imported function with several results (WAMR host functions return one)"
                        .into(),
                )
            } else if !sig
                .params
                .iter()
                .chain(&sig.results)
                .all(ValType::is_number)
            {
                Some(
                    "an imported function with v128 or reference values in the WAMR adapter".into(),
                )
            } else {
                None
            }
        }
        EntityType::Func { sig: None } => Some("an imported function of a GC type".into()),
        _ => Some(format!(
            "imports other than functions (`{}` `{}`): the WAMR adapter links no modules",
            i.module.escape_debug(),
            i.name.escape_debug()
        )),
    })
}

/// Whether a `return_call` targets an imported function, or an indirect
/// tail call could (the module imports functions): WAMR's interpreters
/// crash the process on such a call made from the host's entry frame.
fn tail_calls_an_import(wasm: &[u8], info: &ModuleInfo) -> bool {
    use wasmparser::{Operator, Payload};
    let imported_funcs = info
        .imports
        .iter()
        .filter(|i| matches!(i.ty, EntityType::Func { .. }))
        .count() as u32;
    if imported_funcs == 0 {
        return false;
    }
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(Payload::CodeSectionEntry(body)) => {
                let Ok(mut ops) = body.get_operators_reader() else {
                    return false;
                };
                while !ops.eof() {
                    match ops.read() {
                        Ok(Operator::ReturnCall { function_index })
                            if function_index < imported_funcs =>
                        {
                            return true;
                        }
                        Ok(
                            Operator::ReturnCallIndirect { .. } | Operator::ReturnCallRef { .. },
                        ) => {
                            return true;
                        }
                        Ok(_) => {}
                        Err(_) => return false,
                    }
                }
            }
            Err(_) => return false,
            _ => {}
        }
    }
    false
}

/// A host function stub in WAMR's raw calling convention: its result (at
/// most one) is zero bits, whatever its type. Arguments are ignored.
unsafe extern "C" fn zero_stub(_env: w::wasm_exec_env_t, args: *mut u64) {
    // SAFETY: WAMR passes a buffer of at least 16 slots (more for more
    // parameters), and reads the result from the first.
    unsafe { *args = 0 };
}

/// A WASI function as WAMR calls it: the import's name and type, and the
/// host (the attachment of its native symbol).
struct WasiImport {
    host: SharedWasi,
    name: String,
    params: Vec<ValType>,
}

/// The WAMR build `B` names in [`wasi_native`]: 0 the fast interpreter,
/// 1 the classic interpreter, 2 the fast JIT.
fn build_api<const B: u8>() -> &'static Api {
    match B {
        1 => &wamr_sys::CLASSIC,
        #[cfg(feature = "wamr-jit")]
        2 => &wamr_sys::FAST_JIT,
        _ => &wamr_sys::FAST_INTERP,
    }
}

/// [`wasi_native`] for the build of `api` (each build reads its own exec
/// envs).
fn wasi_native_for(api: &'static Api) -> *mut std::ffi::c_void {
    let f: unsafe extern "C" fn(w::wasm_exec_env_t, *mut u64) =
        if std::ptr::eq(api, &wamr_sys::CLASSIC) {
            wasi_native::<1>
        } else if std::ptr::eq(api, &wamr_sys::FAST_INTERP) {
            wasi_native::<0>
        } else {
            wasi_native::<2>
        };
    f as *mut std::ffi::c_void
}

/// A WASI function in WAMR's raw calling convention, for build `B`:
/// arguments in 64-bit slots, the result in the first. `proc_exit` raises
/// an exception, which unwinds the wasm stack.
unsafe extern "C" fn wasi_native<const B: u8>(env: w::wasm_exec_env_t, args: *mut u64) {
    // SAFETY: WAMR runs this with the exec env of the calling instance, of
    // build `B`; the attachment is the `WasiImport` registered with this
    // symbol, which outlives the instance (see `Loaded::_wasi_imports`).
    unsafe {
        let api = build_api::<B>();
        let import = (api.wasm_runtime_get_function_attachment)(env) as *const WasiImport;
        let Some(import) = import.as_ref() else {
            return;
        };
        let inst = (api.wasm_runtime_get_module_inst)(env);
        let vals: Vec<Val> = import
            .params
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let slot = *args.add(i);
                match t {
                    ValType::I64 => Val::I64(slot as i64),
                    _ => Val::I32(slot as u32 as i32),
                }
            })
            .collect();
        let name = c"memory";
        let m = (api.wasm_runtime_lookup_memory)(inst, name.as_ptr());
        let base = if m.is_null() {
            std::ptr::null_mut()
        } else {
            (api.wasm_memory_get_base_address)(m) as *mut u8
        };
        let r = if base.is_null() {
            wasi_call(&import.host, &import.name, &vals, &mut NoMemory)
        } else {
            let len = (api.wasm_memory_get_cur_page_count)(m) as usize
                * (api.wasm_memory_get_bytes_per_page)(m) as usize;
            let bytes = std::slice::from_raw_parts_mut(base, len);
            wasi_call(&import.host, &import.name, &vals, &mut Slice(bytes))
        };
        match r {
            Ok(results) => {
                if let Some(Val::I32(v)) = results.first() {
                    *args = *v as u32 as u64;
                }
            }
            Err(Exit(code)) => {
                let msg = CString::new(format!("WASI proc_exit({code})")).unwrap_or_default();
                (api.wasm_runtime_set_exception)(inst, msg.as_ptr());
            }
        }
    }
}

/// Host stubs registered with WAMR for one module's function imports, by
/// import module name; unregistered on drop.
struct HostStubs {
    api: &'static Api,
    groups: Vec<(CString, Vec<CString>, Vec<w::NativeSymbol>)>,
}

impl HostStubs {
    #[allow(clippy::vec_box)] // the attachments' addresses must not move
    fn register(
        api: &'static Api,
        info: &ModuleInfo,
        wasi: &Option<SharedWasi>,
        wasi_imports: &mut Vec<Box<WasiImport>>,
    ) -> Option<HostStubs> {
        let mut names: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
            Default::default();
        for i in &info.imports {
            names.entry(&i.module).or_default().insert(&i.name);
        }
        if names.is_empty() {
            return None;
        }
        let mut stubs = HostStubs {
            api,
            groups: Vec::new(),
        };
        for (module, fields) in names {
            // A name with a NUL byte cannot be registered; WAMR then fails
            // to link it, as it rejects such names anyway.
            let Ok(module) = CString::new(module) else {
                continue;
            };
            let fields: Vec<CString> = fields
                .into_iter()
                .filter_map(|f| CString::new(f).ok())
                .collect();
            let symbols: Vec<w::NativeSymbol> = fields
                .iter()
                .map(|f| {
                    let served = match (wasi, f.to_str()) {
                        (Some(host), Ok(name))
                            if module.to_bytes() == crate::wasi::MODULE.as_bytes() =>
                        {
                            crate::wasi::signature(name).map(|(params, _)| (host, name, params))
                        }
                        _ => None,
                    };
                    let (func_ptr, attachment) = match served {
                        Some((host, name, params)) => {
                            let import = Box::new(WasiImport {
                                host: host.clone(),
                                name: name.to_string(),
                                params: params.to_vec(),
                            });
                            let ptr = &*import as *const WasiImport as *mut std::ffi::c_void;
                            wasi_imports.push(import);
                            (wasi_native_for(api), ptr)
                        }
                        None => (zero_stub as *mut std::ffi::c_void, std::ptr::null_mut()),
                    };
                    w::NativeSymbol {
                        symbol: f.as_ptr(),
                        func_ptr,
                        signature: std::ptr::null(),
                        attachment,
                    }
                })
                .collect();
            stubs.groups.push((module, fields, symbols));
        }
        for (module, _, symbols) in &mut stubs.groups {
            // SAFETY: the names and the array outlive the registration
            // (they are unregistered in `drop`, before they are freed).
            unsafe {
                (api.wasm_runtime_register_natives_raw)(
                    module.as_ptr(),
                    symbols.as_mut_ptr(),
                    symbols.len() as u32,
                );
            }
        }
        Some(stubs)
    }
}

impl Drop for HostStubs {
    fn drop(&mut self) {
        for (module, _, symbols) in &mut self.groups {
            // SAFETY: registered in `register` with this very array.
            unsafe {
                (self.api.wasm_runtime_unregister_natives)(module.as_ptr(), symbols.as_mut_ptr());
            }
        }
    }
}

/// WAMR's own WASI for one instance (`--wasi native`): what it is given
/// (the configuration's arguments and environment, standard input from a
/// file, the preopened directories as private copies) and where its
/// standard output and error go (files, read back without moving WAMR's
/// offsets).
struct NativeWasi {
    /// The C strings and pointer arrays WAMR's WASI arguments point into.
    _strings: Vec<CString>,
    args: Vec<*mut c_char>,
    env: Vec<*const c_char>,
    maps: Vec<*const c_char>,
    stdin: std::fs::File,
    stdout: std::fs::File,
    stderr: std::fs::File,
    dirs: crate::wasi::NativeDirs,
    /// The code passed to `proc_exit`, once the program called it.
    exit: Option<u32>,
}

impl NativeWasi {
    fn new(config: &WasiConfig) -> Result<NativeWasi, Error> {
        use std::io::{Seek, Write};
        let c = |s: &str| {
            CString::new(s)
                .map_err(|_| Error::input(format!("`{}` holds a NUL byte", s.escape_debug())))
        };
        let dirs = crate::wasi::NativeDirs::create(config)?;
        let args: Vec<CString> = config.args.iter().map(|a| c(a)).collect::<Result<_, _>>()?;
        let env: Vec<CString> = config
            .env
            .iter()
            .map(|(k, v)| c(&format!("{k}={v}")))
            .collect::<Result<_, _>>()?;
        let maps: Vec<CString> = dirs
            .dirs
            .iter()
            .map(|(guest, host)| c(&format!("{guest}::{}", host.display())))
            .collect::<Result<_, _>>()?;
        let file = || tempfile::tempfile().map_err(|e| Error::io(std::env::temp_dir(), e));
        let mut stdin = file()?;
        stdin
            .write_all(&config.stdin)
            .and_then(|()| stdin.rewind())
            .map_err(|e| Error::io(std::env::temp_dir(), e).context("writing standard input"))?;
        let mut native = NativeWasi {
            args: args.iter().map(|s| s.as_ptr() as *mut c_char).collect(),
            env: env.iter().map(|s| s.as_ptr()).collect(),
            maps: maps.iter().map(|s| s.as_ptr()).collect(),
            _strings: Vec::new(),
            stdin,
            stdout: file()?,
            stderr: file()?,
            dirs,
            exit: None,
        };
        native._strings = args.into_iter().chain(env).chain(maps).collect();
        Ok(native)
    }

    /// Give the next instance of `module` this WASI configuration.
    fn give(&self, module: w::wasm_module_t) {
        use std::os::fd::AsRawFd;
        // SAFETY: the arrays and the strings they point to live as long as
        // the instance (WAMR reads them when it instantiates); the files
        // too (WAMR does not close its standard streams).
        unsafe {
            (wamr_sys::LIBC_WASI.wasm_runtime_set_wasi_args_ex)(
                module,
                std::ptr::null(),
                0,
                self.maps.as_ptr(),
                self.maps.len() as u32,
                self.env.as_ptr(),
                self.env.len() as u32,
                self.args.as_ptr() as *mut *mut c_char,
                self.args.len() as std::ffi::c_int,
                i64::from(self.stdin.as_raw_fd()),
                i64::from(self.stdout.as_raw_fd()),
                i64::from(self.stderr.as_raw_fd()),
            );
        }
    }

    fn output(&self) -> WasiOutput {
        WasiOutput {
            exit: self.exit,
            stdout: read_from_start(&self.stdout),
            stderr: read_from_start(&self.stderr),
            dirs: self.dirs.trees(),
        }
    }
}

/// A file's bytes (at most [`crate::wasi::NATIVE_OUTPUT_CAP`]), read without moving its
/// offset, which WAMR writes at.
fn read_from_start(file: &std::fs::File) -> Vec<u8> {
    use std::os::unix::fs::FileExt;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    while out.len() < crate::wasi::NATIVE_OUTPUT_CAP {
        match file.read_at(&mut buf, out.len() as u64) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

/// Load and instantiate (start function included).
fn load(
    api: &'static Api,
    wasm: &[u8],
    info: ModuleInfo,
    limits: Limits,
    wasi: Option<SharedWasi>,
    native: Option<NativeWasi>,
) -> Result<Loaded, InstantiateError> {
    if let Some(why) = unstubbable(&info) {
        return Err(InstantiateError::compile(Outcome::NotComparable(why)));
    }
    if tail_calls_an_import(wasm, &info) {
        return Err(InstantiateError::compile(Outcome::NotComparable(
            "a tail call that may reach an imported function: WAMR 2.4.3's interpreters crash \
             on one (a freed frame is used after the host function returns; \
             wasm_interp_fast.c:7553, spec test return_call.wast:135)"
                .into(),
        )));
    }
    // Host functions are registered process-wide by module name: the
    // registration holds a lock until the module is instantiated (WAMR
    // resolves imports while loading and again while instantiating).
    let _natives_lock =
        (!info.imports.is_empty()).then(|| NATIVES.lock().unwrap_or_else(|e| e.into_inner()));
    let mut wasi_imports = Vec::new();
    let _natives = if native.is_some() {
        // WAMR's own WASI serves `wasi_snapshot_preview1`; the rest get
        // stubs.
        let mut others = info.clone();
        others.imports.retain(|i| i.module != crate::wasi::MODULE);
        HostStubs::register(api, &others, &wasi, &mut wasi_imports)
    } else {
        HostStubs::register(api, &info, &wasi, &mut wasi_imports)
    };
    let mut bytes: Box<[u8]> = wasm.into();
    let mut err = [0 as c_char; 256];
    let stack =
        u32::try_from(limits.max_wasm_stack.saturating_mul(WAMR_STACK_FACTOR)).unwrap_or(u32::MAX);
    let mut loaded = Loaded {
        api,
        module: std::ptr::null_mut(),
        inst: std::ptr::null_mut(),
        env: std::ptr::null_mut(),
        info,
        max_memory_bytes: limits.max_memory_bytes,
        timeout: limits.wall_clock(),
        _bytes: Box::default(),
        wasi,
        _wasi_imports: wasi_imports,
        native,
    };
    // SAFETY: the buffer outlives the module (it moves into `Loaded`, a
    // heap allocation that does not move); error buffers are sized.
    unsafe {
        loaded.module = (api.wasm_runtime_load)(
            bytes.as_mut_ptr(),
            bytes.len() as u32,
            err.as_mut_ptr(),
            err.len() as u32,
        );
        loaded._bytes = bytes;
        if loaded.module.is_null() {
            return Err(InstantiateError::compile(Outcome::Error(c_error(&err))));
        }
        let module = loaded.module;
        if let Some(n) = &loaded.native {
            n.give(module);
        }
        let inst =
            (api.wasm_runtime_instantiate)(module, stack, 0, err.as_mut_ptr(), err.len() as u32);
        if inst.is_null() {
            return Err(InstantiateError::instantiate(failure(c_error(&err))));
        }
        loaded.inst = inst;
        loaded.env = (api.wasm_runtime_create_exec_env)(inst, stack);
        if loaded.env.is_null() {
            return Err(InstantiateError::instantiate(Outcome::ResourceLimit(
                "cannot create a WAMR execution environment".into(),
            )));
        }
    }
    wasi_started(&loaded.wasi);
    Ok(loaded)
}

impl Loaded {
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        let Some(sig) = self
            .info
            .exported_funcs()
            .find(|(n, _)| *n == export)
            .and_then(|(_, s)| s.cloned())
        else {
            return Outcome::Error(format!("no exported function `{export}` with a known type"));
        };
        if !sig
            .params
            .iter()
            .chain(&sig.results)
            .all(ValType::is_number)
        {
            return Outcome::NotComparable("v128 and reference values in the WAMR adapter".into());
        }
        let Ok(name) = CString::new(export) else {
            return Outcome::NotComparable("an export name with a NUL byte".into());
        };
        if self.native.is_some() && export == "_initialize" {
            // WAMR's libc-wasi ran it when it instantiated the module (as
            // `iwasm` does); a trap there failed the instantiation.
            return Outcome::Ok(Vec::new());
        }
        let mut params: Vec<w::wasm_val_t> = args.iter().map(|v| to_wamr(*v)).collect();
        let mut results = vec![w::wasm_val_t::default(); sig.results.len()];
        let (api, inst, env) = (self.api, self.inst, self.env);
        // SAFETY: the function belongs to this instance; parameter and
        // result arrays have the function's arity and kinds.
        let ok = guarded(api, inst, self.timeout, || unsafe {
            let f = (api.wasm_runtime_lookup_function)(inst, name.as_ptr());
            if f.is_null() {
                return None;
            }
            Some((api.wasm_runtime_call_wasm_a)(
                env,
                f,
                results.len() as u32,
                results.as_mut_ptr(),
                params.len() as u32,
                params.as_mut_ptr(),
            ))
        });
        match ok {
            None => Outcome::Error(format!("no exported function `{export}`")),
            // WAMR has no growth hook: a memory that grew beyond wasmdiff's
            // cap (which the other engines would have denied) is reported
            // as the cap, after the fact.
            Some(true) if self.over_cap() => Outcome::ResourceLimit(
                "memory grew beyond wasmdiff's cap (checked after the call in WAMR)".into(),
            ),
            Some(true) => Outcome::Ok(
                sig.results
                    .iter()
                    .zip(&results)
                    .map(|(t, v)| from_wamr(*t, v))
                    .collect(),
            ),
            Some(false) => {
                let message = self.take_exception();
                match &mut self.native {
                    Some(n) if message.contains("wasi proc exit") => {
                        // SAFETY: the live instance of the libc-wasi build.
                        let code =
                            unsafe { (wamr_sys::LIBC_WASI.wasm_runtime_get_wasi_exit_code)(inst) };
                        n.exit = Some(code);
                        Outcome::Exit(code)
                    }
                    _ => failure(message),
                }
            }
        }
    }

    /// Whether a memory of the instance is larger than the cap.
    fn over_cap(&self) -> bool {
        // The module has no imports, so its memories are its own.
        (0..self.info.memories.len() as u32).any(|i| {
            // SAFETY: a memory index of the live instance.
            unsafe {
                let m = (self.api.wasm_runtime_get_memory)(self.inst, i);
                !m.is_null()
                    && (self.api.wasm_memory_get_cur_page_count)(m)
                        * (self.api.wasm_memory_get_bytes_per_page)(m)
                        > self.max_memory_bytes
            }
        })
    }

    fn take_exception(&mut self) -> String {
        // SAFETY: the exception string belongs to the live instance; it is
        // copied before it is cleared.
        unsafe {
            let p = (self.api.wasm_runtime_get_exception)(self.inst);
            let m = if p.is_null() {
                "call failed without an exception".to_string()
            } else {
                CStr::from_ptr(p).to_string_lossy().into_owned()
            };
            (self.api.wasm_runtime_clear_exception)(self.inst);
            m
        }
    }

    fn global(&mut self, export: &str) -> Option<Val> {
        let name = CString::new(export).ok()?;
        let mut g = w::wasm_global_inst_t::default();
        // SAFETY: `global_data` points at the global's value, of `kind`.
        unsafe {
            if !(self.api.wasm_runtime_get_export_global_inst)(self.inst, name.as_ptr(), &mut g) {
                return None;
            }
            let p = g.global_data;
            // Global data is not always 8-aligned in WAMR's instance.
            Some(match g.kind {
                w::WASM_I32 => Val::I32(std::ptr::read_unaligned(p as *const i32)),
                w::WASM_I64 => Val::I64(std::ptr::read_unaligned(p as *const i64)),
                w::WASM_F32 => Val::F32(std::ptr::read_unaligned(p as *const u32)),
                w::WASM_F64 => Val::F64(std::ptr::read_unaligned(p as *const u64)),
                _ => return None,
            })
        }
    }

    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        self.with_memory(export, <[u8]>::to_vec)
    }

    /// Run `f` on an exported memory's bytes, in place.
    fn with_memory<T>(&mut self, export: &str, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
        let name = CString::new(export).ok()?;
        // SAFETY: the memory's bytes are `pages * bytes_per_page` from its
        // base, alive while the instance is; nothing runs wasm meanwhile.
        unsafe {
            let m = (self.api.wasm_runtime_lookup_memory)(self.inst, name.as_ptr());
            if m.is_null() {
                return None;
            }
            let len = (self.api.wasm_memory_get_cur_page_count)(m) as usize
                * (self.api.wasm_memory_get_bytes_per_page)(m) as usize;
            let base = (self.api.wasm_memory_get_base_address)(m) as *const u8;
            if base.is_null() {
                return Some(f(&[]));
            }
            Some(f(std::slice::from_raw_parts(base, len)))
        }
    }

    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        let name = CString::new(export).ok()?;
        let mut t = w::wasm_table_inst_t::default();
        // SAFETY: the table belongs to this instance; indices are in range.
        unsafe {
            if !(self.api.wasm_runtime_get_export_table_inst)(self.inst, name.as_ptr(), &mut t) {
                return None;
            }
            Some(
                (0..t.cur_size)
                    .map(|i| (self.api.wasm_table_get_func_inst)(self.inst, &t, i).is_null())
                    .collect(),
            )
        }
    }

    fn unreadable(&self, export: &str) -> Option<String> {
        self.info.exports.iter().find_map(|e| {
            if e.name != export {
                return None;
            }
            match &e.ty {
                EntityType::Global { ty: Some(g) } if !g.ty.is_number() => {
                    Some(format!("a {} global in the WAMR adapter", g.ty))
                }
                EntityType::Global { ty: None } => Some("a GC-typed global".into()),
                // `wasm_table_get_func_inst` disagreed with the other engines
                // on generated modules (a shrunk 46-byte case), so tables are
                // not read until that is understood.
                EntityType::Table { .. } => Some("tables are not read in the WAMR adapter".into()),
                _ => None,
            }
        })
    }
}

fn to_wamr(v: Val) -> w::wasm_val_t {
    let mut x = w::wasm_val_t::default();
    match v {
        Val::I32(i) => {
            x.kind = w::WASM_I32;
            x.of.i32_ = i;
        }
        Val::I64(i) => {
            x.kind = w::WASM_I64;
            x.of.i64_ = i;
        }
        // Floats go in through the integer view: their bits, NaNs too.
        Val::F32(b) => {
            x.kind = w::WASM_F32;
            x.of.i32_ = b as i32;
        }
        Val::F64(b) => {
            x.kind = w::WASM_F64;
            x.of.i64_ = b as i64;
        }
        // Not reached: such calls are not comparable.
        _ => {}
    }
    x
}

fn from_wamr(t: ValType, v: &w::wasm_val_t) -> Val {
    // SAFETY: the union is read through the integer view of the result's
    // width, which every bit pattern is valid for.
    unsafe {
        match t {
            ValType::I32 => Val::I32(v.of.i32_),
            ValType::I64 => Val::I64(v.of.i64_),
            ValType::F32 => Val::F32(v.of.i32_ as u32),
            _ => Val::F64(v.of.i64_ as u64),
        }
    }
}

/// One of the WAMR configurations (`wamr`, `wamr-classic`,
/// `wamr-fast-jit`).
pub struct WamrEngine {
    kind: EngineKind,
    api: &'static Api,
    features: FeatureSet,
    limits: Limits,
    /// The WASI configuration, when modules get a WASI host.
    wasi: Option<std::sync::Arc<WasiConfig>>,
}

impl WamrEngine {
    /// The WAMR configuration `kind` with these limits and features
    /// (narrowed to what it supports).
    pub fn new(kind: EngineKind, limits: Limits, features: FeatureSet) -> Self {
        WamrEngine {
            kind,
            api: Build::of(kind).runtime(),
            features,
            limits,
            wasi: None,
        }
    }
}

impl Engine for WamrEngine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn supported(&self) -> FeatureSet {
        self.features
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        // WAMR's features are fixed when it is built: a narrower selection
        // is applied with wasmparser first.
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(wasm)
            .map_err(|e| format!("not valid with the selected features: {e}"))?;
        let api = self.api;
        let mut bytes: Box<[u8]> = wasm.into();
        let mut err = [0 as c_char; 256];
        // SAFETY: the buffer outlives the module, which is unloaded here.
        unsafe {
            let m = (api.wasm_runtime_load)(
                bytes.as_mut_ptr(),
                bytes.len() as u32,
                err.as_mut_ptr(),
                err.len() as u32,
            );
            if m.is_null() {
                return Err(c_error(&err));
            }
            (api.wasm_runtime_unload)(m);
        }
        Ok(())
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        self.validate_features(wasm)?;
        let loaded = match self.wasi.as_deref().filter(|c| c.native) {
            Some(config) => {
                let native = NativeWasi::new(config).map_err(|e| {
                    InstantiateError::instantiate(Outcome::Error(
                        e.context("setting up WAMR's WASI").report(),
                    ))
                })?;
                let api = Build::libc_wasi().runtime();
                load(api, wasm, info.clone(), self.limits, None, Some(native))?
            }
            None => load(
                self.api,
                wasm,
                info.clone(),
                self.limits,
                new_wasi(&self.wasi),
                None,
            )?,
        };
        Ok(Box::new(WamrInstance(loaded)))
    }

    fn set_wasi(&mut self, config: Option<std::sync::Arc<WasiConfig>>) -> Result<(), String> {
        if self.kind != EngineKind::Wamr {
            super::deterministic_wasi_only(self.kind, &config)?;
        }
        self.wasi = config;
        Ok(())
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        Ok(Box::new(WamrSession {
            api: self.api,
            limits: self.limits,
            features: self.features,
            instances: Vec::new(),
        }))
    }
}

impl WamrEngine {
    fn validate_features(&self, wasm: &[u8]) -> Result<(), InstantiateError> {
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(wasm)
            .map(|_| ())
            .map_err(|e| {
                InstantiateError::compile(Outcome::Error(format!(
                    "not valid with the selected features: {e}"
                )))
            })
    }
}

struct WamrInstance(Loaded);

impl Instance for WamrInstance {
    fn wasi(&mut self) -> Option<WasiOutput> {
        match &self.0.native {
            Some(n) => Some(n.output()),
            None => wasi_output(&self.0.wasi),
        }
    }
    fn call(&mut self, export: &str, args: &[Val]) -> Outcome {
        self.0.call(export, args)
    }
    fn global(&mut self, export: &str) -> Option<Val> {
        self.0.global(export)
    }
    fn memory(&mut self, export: &str) -> Option<Vec<u8>> {
        self.0.memory(export)
    }
    fn memory_image(&mut self, export: &str) -> Option<super::MemoryImage> {
        // Hashed in place: no copy of a large memory.
        self.0.with_memory(export, super::MemoryImage::of)
    }
    fn table(&mut self, export: &str) -> Option<Vec<bool>> {
        self.0.table(export)
    }
    fn unreadable(&mut self, export: &str) -> Option<String> {
        self.0.unreadable(export)
    }
}

/// Scripts in WAMR: modules without imports only (there is no linking).
struct WamrSession {
    api: &'static Api,
    limits: Limits,
    features: FeatureSet,
    instances: Vec<Loaded>,
}

impl Session for WamrSession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let info = ModuleInfo::parse_with_features(wasm, self.features)
            .map_err(|e| InstantiateError::compile(Outcome::Error(e.to_string())))?;
        // The `spectest` print functions do nothing, which the adapter's
        // host stubs do too; other imports need linking to the script's
        // modules or the spectest state, which the adapter cannot do.
        let prints = |i: &crate::module_info::Import| {
            i.module == "spectest"
                && matches!(&i.ty, EntityType::Func { sig: Some(sig) }
                    if sig.results.is_empty()
                        && super::spectest::PRINT
                            .iter()
                            .any(|(n, p)| *n == i.name && *p == sig.params.as_slice()))
        };
        if !info.imports.iter().all(prints) {
            return Err(InstantiateError::compile(Outcome::Unsupported(
                "imports other than the spectest print functions (the WAMR adapter links no modules)"
                    .into(),
            )));
        }
        let loaded = load(self.api, wasm, info, self.limits, None, None)?;
        self.instances.push(loaded);
        Ok(self.instances.len() - 1)
    }

    fn register(&mut self, _name: &str, _instance: InstanceId) -> Result<(), String> {
        // Nothing can import it here (modules with imports from script
        // modules are unsupported), so registering has no effect.
        Ok(())
    }

    fn call(&mut self, instance: InstanceId, export: &str, args: &[Val]) -> Outcome {
        match self.instances.get_mut(instance) {
            Some(i) => i.call(export, args),
            None => Outcome::Error(format!("no instance #{instance}")),
        }
    }

    fn get(&mut self, instance: InstanceId, global: &str) -> Outcome {
        let Some(i) = self.instances.get_mut(instance) else {
            return Outcome::Error(format!("no instance #{instance}"));
        };
        if let Some(why) = i.unreadable(global) {
            return Outcome::NotComparable(why);
        }
        match i.global(global) {
            Some(v) => Outcome::Ok(vec![v]),
            None => Outcome::Error(format!("no exported global `{global}`")),
        }
    }
}
