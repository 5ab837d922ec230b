//! Four WAMR 2.4.3 builds in one process, each as an `Api` table of the C
//! functions wasmdiff's adapter calls: the fast interpreter
//! (`FAST_INTERP`), the classic interpreter (`CLASSIC`) and the fast
//! interpreter with WAMR's own WASI (`FAST_INTERP_LIBC_WASI`, with its
//! WASI functions in `LIBC_WASI`), all with feature `interp`, and the fast
//! JIT (`FAST_JIT`, feature `fast-jit`).
//!
//! Several builds of the same C library cannot be linked into one program
//! under the same names, so `build.rs` renames every symbol of each build
//! with a prefix, and the declarations here name them with `link_name`.
//! Each build has its own globals, so each runtime is initialized on its
//! own. The C API's types ([`sys`]) are declared by hand from
//! `wasm_export.h` (only what the adapter uses; their sizes and offsets are
//! checked at compile time): its public structs do not depend on the build
//! configuration, and declaring them needs no libclang.
//!
//! Without either feature the crate is empty.

#![cfg(any(feature = "interp", feature = "fast-jit"))]

use std::ffi::{c_char, c_int, c_void};

use sys::{
    NativeSymbol, RuntimeInitArgs, log_level_t, wasm_exec_env_t, wasm_function_inst_t,
    wasm_global_inst_t, wasm_memory_inst_t, wasm_module_inst_t, wasm_module_t, wasm_table_inst_t,
    wasm_val_t,
};

/// The part of WAMR's C API (`core/iwasm/include/wasm_export.h`) that
/// wasmdiff uses, under its C names.
#[allow(non_camel_case_types, non_upper_case_globals)]
pub mod sys {
    use std::ffi::{c_char, c_int, c_uint, c_void};
    use std::mem::{offset_of, size_of};

    /// Opaque handles.
    pub type wasm_module_t = *mut c_void;
    pub type wasm_module_inst_t = *mut c_void;
    pub type wasm_function_inst_t = *mut c_void;
    pub type wasm_memory_inst_t = *mut c_void;
    pub type wasm_exec_env_t = *mut c_void;

    /// `mem_alloc_type_t`.
    pub type mem_alloc_type_t = c_uint;
    pub const Alloc_With_System_Allocator: mem_alloc_type_t = 2;

    /// `RunningMode`.
    pub type RunningMode = c_uint;
    pub const Mode_Interp: RunningMode = 1;
    pub const Mode_Fast_JIT: RunningMode = 2;

    /// `log_level_t`.
    pub type log_level_t = c_uint;
    pub const WASM_LOG_LEVEL_FATAL: log_level_t = 0;

    /// `wasm_valkind_enum` (stored in a `uint8_t`).
    pub type wasm_valkind_t = u8;
    pub const WASM_I32: wasm_valkind_t = 0;
    pub const WASM_I64: wasm_valkind_t = 1;
    pub const WASM_F32: wasm_valkind_t = 2;
    pub const WASM_F64: wasm_valkind_t = 3;

    /// `NativeSymbol`: one host function of a module registered with
    /// `wasm_runtime_register_natives_raw`.
    #[repr(C)]
    pub struct NativeSymbol {
        pub symbol: *const c_char,
        pub func_ptr: *mut c_void,
        pub signature: *const c_char,
        pub attachment: *mut c_void,
    }

    /// `MemAllocOption`, a union of the pool's and the allocator's options;
    /// wasmdiff uses the system allocator and leaves it zeroed.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct MemAllocOption {
        pub words: [*mut c_void; 4],
    }

    /// `RuntimeInitArgs`.
    #[repr(C)]
    pub struct RuntimeInitArgs {
        pub mem_alloc_type: mem_alloc_type_t,
        pub mem_alloc_option: MemAllocOption,
        pub native_module_name: *const c_char,
        pub native_symbols: *mut NativeSymbol,
        pub n_native_symbols: u32,
        pub max_thread_num: u32,
        pub ip_addr: [c_char; 128],
        pub unused: c_int,
        pub instance_port: c_int,
        pub fast_jit_code_cache_size: u32,
        pub gc_heap_size: u32,
        pub running_mode: RunningMode,
        pub llvm_jit_opt_level: u32,
        pub llvm_jit_size_level: u32,
        pub segue_flags: u32,
        pub enable_linux_perf: bool,
    }

    impl Default for RuntimeInitArgs {
        /// All zero, as `memset` leaves it before `wasm_runtime_full_init`.
        fn default() -> Self {
            // SAFETY: integers, booleans, arrays and raw pointers, for all
            // of which zero is a valid value.
            unsafe { std::mem::zeroed() }
        }
    }

    /// `wasm_val_t`: a kind and an 8-byte value.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct wasm_val_t {
        pub kind: wasm_valkind_t,
        pub _paddings: [u8; 7],
        pub of: wasm_val_of,
    }

    /// The value of a `wasm_val_t` (an anonymous union in C).
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub union wasm_val_of {
        pub i32_: i32,
        pub i64_: i64,
        pub f32_: f32,
        pub f64_: f64,
        pub ref_: *mut c_void,
    }

    impl Default for wasm_val_t {
        fn default() -> Self {
            wasm_val_t {
                kind: 0,
                _paddings: [0; 7],
                of: wasm_val_of { i64_: 0 },
            }
        }
    }

    /// `wasm_global_inst_t`.
    #[repr(C)]
    pub struct wasm_global_inst_t {
        pub kind: wasm_valkind_t,
        pub is_mutable: bool,
        pub global_data: *mut c_void,
    }

    impl Default for wasm_global_inst_t {
        fn default() -> Self {
            wasm_global_inst_t {
                kind: 0,
                is_mutable: false,
                global_data: std::ptr::null_mut(),
            }
        }
    }

    /// `wasm_table_inst_t`.
    #[repr(C)]
    pub struct wasm_table_inst_t {
        pub elem_kind: wasm_valkind_t,
        pub cur_size: u32,
        pub max_size: u32,
        pub elems: *mut c_void,
    }

    impl Default for wasm_table_inst_t {
        fn default() -> Self {
            wasm_table_inst_t {
                elem_kind: 0,
                cur_size: 0,
                max_size: 0,
                elems: std::ptr::null_mut(),
            }
        }
    }

    // The layouts of x86-64 and AArch64 Linux (LP64), as the C compiler
    // lays out the structs of `wasm_export.h`.
    const _: () = {
        assert!(size_of::<NativeSymbol>() == 32);
        assert!(size_of::<MemAllocOption>() == 32);
        assert!(size_of::<RuntimeInitArgs>() == 232);
        assert!(offset_of!(RuntimeInitArgs, mem_alloc_option) == 8);
        assert!(offset_of!(RuntimeInitArgs, native_module_name) == 40);
        assert!(offset_of!(RuntimeInitArgs, ip_addr) == 64);
        assert!(offset_of!(RuntimeInitArgs, fast_jit_code_cache_size) == 200);
        assert!(offset_of!(RuntimeInitArgs, running_mode) == 208);
        assert!(offset_of!(RuntimeInitArgs, enable_linux_perf) == 224);
        assert!(size_of::<wasm_val_t>() == 16);
        assert!(offset_of!(wasm_val_t, of) == 8);
        assert!(size_of::<wasm_global_inst_t>() == 16);
        assert!(offset_of!(wasm_global_inst_t, global_data) == 8);
        assert!(size_of::<wasm_table_inst_t>() == 24);
        assert!(offset_of!(wasm_table_inst_t, elems) == 16);
    };
}

/// One WAMR build's entry points: each field is the C function of its
/// name (see `wasm_export.h`).
pub struct Api {
    pub wasm_runtime_full_init: unsafe extern "C" fn(*mut RuntimeInitArgs) -> bool,
    pub wasm_runtime_set_log_level: unsafe extern "C" fn(log_level_t),
    pub wasm_runtime_get_version: unsafe extern "C" fn(*mut u32, *mut u32, *mut u32),
    pub wasm_runtime_load: unsafe extern "C" fn(*mut u8, u32, *mut c_char, u32) -> wasm_module_t,
    pub wasm_runtime_unload: unsafe extern "C" fn(wasm_module_t),
    pub wasm_runtime_instantiate:
        unsafe extern "C" fn(wasm_module_t, u32, u32, *mut c_char, u32) -> wasm_module_inst_t,
    pub wasm_runtime_deinstantiate: unsafe extern "C" fn(wasm_module_inst_t),
    pub wasm_runtime_create_exec_env:
        unsafe extern "C" fn(wasm_module_inst_t, u32) -> wasm_exec_env_t,
    pub wasm_runtime_destroy_exec_env: unsafe extern "C" fn(wasm_exec_env_t),
    pub wasm_runtime_terminate: unsafe extern "C" fn(wasm_module_inst_t),
    pub wasm_runtime_lookup_function:
        unsafe extern "C" fn(wasm_module_inst_t, *const c_char) -> wasm_function_inst_t,
    pub wasm_runtime_call_wasm_a: unsafe extern "C" fn(
        wasm_exec_env_t,
        wasm_function_inst_t,
        u32,
        *mut wasm_val_t,
        u32,
        *mut wasm_val_t,
    ) -> bool,
    pub wasm_runtime_get_exception: unsafe extern "C" fn(wasm_module_inst_t) -> *const c_char,
    pub wasm_runtime_clear_exception: unsafe extern "C" fn(wasm_module_inst_t),
    pub wasm_runtime_get_export_global_inst:
        unsafe extern "C" fn(wasm_module_inst_t, *const c_char, *mut wasm_global_inst_t) -> bool,
    pub wasm_runtime_get_export_table_inst:
        unsafe extern "C" fn(wasm_module_inst_t, *const c_char, *mut wasm_table_inst_t) -> bool,
    pub wasm_table_get_func_inst: unsafe extern "C" fn(
        wasm_module_inst_t,
        *const wasm_table_inst_t,
        u32,
    ) -> wasm_function_inst_t,
    pub wasm_runtime_get_memory:
        unsafe extern "C" fn(wasm_module_inst_t, u32) -> wasm_memory_inst_t,
    pub wasm_runtime_lookup_memory:
        unsafe extern "C" fn(wasm_module_inst_t, *const c_char) -> wasm_memory_inst_t,
    pub wasm_memory_get_cur_page_count: unsafe extern "C" fn(wasm_memory_inst_t) -> u64,
    pub wasm_memory_get_bytes_per_page: unsafe extern "C" fn(wasm_memory_inst_t) -> u64,
    pub wasm_memory_get_base_address: unsafe extern "C" fn(wasm_memory_inst_t) -> *mut c_void,
    pub wasm_runtime_register_natives_raw:
        unsafe extern "C" fn(*const c_char, *mut NativeSymbol, u32) -> bool,
    pub wasm_runtime_unregister_natives:
        unsafe extern "C" fn(*const c_char, *mut NativeSymbol) -> bool,
    pub wasm_runtime_get_function_attachment: unsafe extern "C" fn(wasm_exec_env_t) -> *mut c_void,
    pub wasm_runtime_get_module_inst: unsafe extern "C" fn(wasm_exec_env_t) -> wasm_module_inst_t,
    pub wasm_runtime_set_exception: unsafe extern "C" fn(wasm_module_inst_t, *const c_char),
}

/// An [`Api`] from a module that declares every function of its fields.
macro_rules! api {
    ($m:path) => {{
        use $m as m;
        Api {
            wasm_runtime_full_init: m::wasm_runtime_full_init,
            wasm_runtime_set_log_level: m::wasm_runtime_set_log_level,
            wasm_runtime_get_version: m::wasm_runtime_get_version,
            wasm_runtime_load: m::wasm_runtime_load,
            wasm_runtime_unload: m::wasm_runtime_unload,
            wasm_runtime_instantiate: m::wasm_runtime_instantiate,
            wasm_runtime_deinstantiate: m::wasm_runtime_deinstantiate,
            wasm_runtime_create_exec_env: m::wasm_runtime_create_exec_env,
            wasm_runtime_destroy_exec_env: m::wasm_runtime_destroy_exec_env,
            wasm_runtime_terminate: m::wasm_runtime_terminate,
            wasm_runtime_lookup_function: m::wasm_runtime_lookup_function,
            wasm_runtime_call_wasm_a: m::wasm_runtime_call_wasm_a,
            wasm_runtime_get_exception: m::wasm_runtime_get_exception,
            wasm_runtime_clear_exception: m::wasm_runtime_clear_exception,
            wasm_runtime_get_export_global_inst: m::wasm_runtime_get_export_global_inst,
            wasm_runtime_get_export_table_inst: m::wasm_runtime_get_export_table_inst,
            wasm_table_get_func_inst: m::wasm_table_get_func_inst,
            wasm_runtime_get_memory: m::wasm_runtime_get_memory,
            wasm_runtime_lookup_memory: m::wasm_runtime_lookup_memory,
            wasm_memory_get_cur_page_count: m::wasm_memory_get_cur_page_count,
            wasm_memory_get_bytes_per_page: m::wasm_memory_get_bytes_per_page,
            wasm_memory_get_base_address: m::wasm_memory_get_base_address,
            wasm_runtime_register_natives_raw: m::wasm_runtime_register_natives_raw,
            wasm_runtime_unregister_natives: m::wasm_runtime_unregister_natives,
            wasm_runtime_get_function_attachment: m::wasm_runtime_get_function_attachment,
            wasm_runtime_get_module_inst: m::wasm_runtime_get_module_inst,
            wasm_runtime_set_exception: m::wasm_runtime_set_exception,
        }
    }};
}

/// The declarations of [`Api`]'s functions under a symbol prefix (the one
/// `build.rs` gave the build).
macro_rules! prefixed {
    ($prefix:literal, $($name:ident($($arg:ty),*) $(-> $ret:ty)?;)*) => {
        unsafe extern "C" {
            $(
                #[link_name = concat!($prefix, stringify!($name))]
                pub fn $name($(_: $arg),*) $(-> $ret)?;
            )*
        }
    };
}

/// [`Api`]'s functions for one prefix. The signatures are checked against
/// [`Api`]'s fields when the table is built.
macro_rules! declare {
    ($prefix:literal) => {
        prefixed! {
            $prefix,
            wasm_runtime_full_init(*mut RuntimeInitArgs) -> bool;
            wasm_runtime_set_log_level(log_level_t);
            wasm_runtime_get_version(*mut u32, *mut u32, *mut u32);
            wasm_runtime_load(*mut u8, u32, *mut c_char, u32) -> wasm_module_t;
            wasm_runtime_unload(wasm_module_t);
            wasm_runtime_instantiate(wasm_module_t, u32, u32, *mut c_char, u32) -> wasm_module_inst_t;
            wasm_runtime_deinstantiate(wasm_module_inst_t);
            wasm_runtime_create_exec_env(wasm_module_inst_t, u32) -> wasm_exec_env_t;
            wasm_runtime_destroy_exec_env(wasm_exec_env_t);
            wasm_runtime_terminate(wasm_module_inst_t);
            wasm_runtime_lookup_function(wasm_module_inst_t, *const c_char) -> wasm_function_inst_t;
            wasm_runtime_call_wasm_a(
                wasm_exec_env_t, wasm_function_inst_t, u32, *mut wasm_val_t, u32, *mut wasm_val_t
            ) -> bool;
            wasm_runtime_get_exception(wasm_module_inst_t) -> *const c_char;
            wasm_runtime_clear_exception(wasm_module_inst_t);
            wasm_runtime_get_export_global_inst(
                wasm_module_inst_t, *const c_char, *mut wasm_global_inst_t
            ) -> bool;
            wasm_runtime_get_export_table_inst(
                wasm_module_inst_t, *const c_char, *mut wasm_table_inst_t
            ) -> bool;
            wasm_table_get_func_inst(
                wasm_module_inst_t, *const wasm_table_inst_t, u32
            ) -> wasm_function_inst_t;
            wasm_runtime_get_memory(wasm_module_inst_t, u32) -> wasm_memory_inst_t;
            wasm_runtime_lookup_memory(wasm_module_inst_t, *const c_char) -> wasm_memory_inst_t;
            wasm_memory_get_cur_page_count(wasm_memory_inst_t) -> u64;
            wasm_memory_get_bytes_per_page(wasm_memory_inst_t) -> u64;
            wasm_memory_get_base_address(wasm_memory_inst_t) -> *mut c_void;
            wasm_runtime_register_natives_raw(*const c_char, *mut NativeSymbol, u32) -> bool;
            wasm_runtime_unregister_natives(*const c_char, *mut NativeSymbol) -> bool;
            wasm_runtime_get_function_attachment(wasm_exec_env_t) -> *mut c_void;
            wasm_runtime_get_module_inst(wasm_exec_env_t) -> wasm_module_inst_t;
            wasm_runtime_set_exception(wasm_module_inst_t, *const c_char);
        }
    };
}

#[cfg(feature = "interp")]
mod fast_interp {
    use super::*;
    declare!("wasmdiff_fast_interp_");
}

/// The fast interpreter.
#[cfg(feature = "interp")]
pub static FAST_INTERP: Api = api!(fast_interp);

#[cfg(feature = "interp")]
mod classic {
    use super::*;
    declare!("wasmdiff_classic_");
}

/// The classic interpreter.
#[cfg(feature = "interp")]
pub static CLASSIC: Api = api!(classic);

#[cfg(feature = "interp")]
mod fast_interp_libc_wasi {
    use super::*;
    declare!("wasmdiff_fast_interp_libc_wasi_");
    prefixed! {
        "wasmdiff_fast_interp_libc_wasi_",
        wasm_runtime_set_wasi_args_ex(
            wasm_module_t, *const *const c_char, u32, *const *const c_char, u32,
            *const *const c_char, u32, *mut *mut c_char, c_int, i64, i64, i64
        );
        wasm_runtime_get_wasi_exit_code(wasm_module_inst_t) -> u32;
    }
}

/// The fast interpreter built with WAMR's own WASI (libc-wasi): WAMR then
/// provides `wasi_snapshot_preview1` to every module that imports it (see
/// [`LIBC_WASI`]), and runs a reactor's `_initialize` when it instantiates
/// it.
#[cfg(feature = "interp")]
pub static FAST_INTERP_LIBC_WASI: Api = api!(fast_interp_libc_wasi);

/// The WASI part of WAMR's C API, in [`FAST_INTERP_LIBC_WASI`]'s build.
pub struct WasiApi {
    /// Arguments, environment, preopened directories (`dir_list`) and
    /// mapped ones (`GUEST::HOST` in `map_dir_list`), and the host file
    /// descriptors of standard input, output and error (WAMR does not
    /// close them), for the next instance of a module.
    pub wasm_runtime_set_wasi_args_ex: unsafe extern "C" fn(
        wasm_module_t,
        *const *const c_char,
        u32,
        *const *const c_char,
        u32,
        *const *const c_char,
        u32,
        *mut *mut c_char,
        c_int,
        i64,
        i64,
        i64,
    ),
    /// The code the instance passed to `proc_exit` (0 if none).
    pub wasm_runtime_get_wasi_exit_code: unsafe extern "C" fn(wasm_module_inst_t) -> u32,
}

/// [`FAST_INTERP_LIBC_WASI`]'s WASI functions.
#[cfg(feature = "interp")]
pub static LIBC_WASI: WasiApi = WasiApi {
    wasm_runtime_set_wasi_args_ex: fast_interp_libc_wasi::wasm_runtime_set_wasi_args_ex,
    wasm_runtime_get_wasi_exit_code: fast_interp_libc_wasi::wasm_runtime_get_wasi_exit_code,
};

#[cfg(feature = "fast-jit")]
mod fast_jit {
    use super::*;
    declare!("wasmdiff_fast_jit_");
}

/// The fast JIT (with lazy compilation, WAMR's default). Its runtime's
/// default running mode must be set to `Mode_Fast_JIT` when it is
/// initialized (the classic interpreter is in the same build).
#[cfg(feature = "fast-jit")]
pub static FAST_JIT: Api = api!(fast_jit);
