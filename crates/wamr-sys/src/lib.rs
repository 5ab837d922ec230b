//! Three WAMR 2.4.3 builds in one process, each as an `Api` table of the C
//! functions wasmdiff's adapter calls: the fast interpreter of `wamrx-sys`
//! (`FAST_INTERP`), and two builds of this crate, the classic interpreter
//! (`CLASSIC`, feature `classic`) and the fast JIT (`FAST_JIT`, feature
//! `fast-jit`).
//!
//! Two builds of the same C library cannot be linked into one program under
//! the same names, so `build.rs` renames every symbol of this crate's builds
//! with a prefix, and the declarations here name them with `link_name`. Each
//! build has its own globals, so each runtime is initialized on its own. The
//! C API's types are wamrx-sys's (`sys`): the public structs of
//! `wasm_export.h` do not depend on the build configuration.
//!
//! Without either feature the crate is empty (so `cargo build --workspace`
//! needs no C toolchain).

#![cfg(any(feature = "classic", feature = "fast-jit"))]

use std::ffi::{c_char, c_void};

use sys::{
    NativeSymbol, RuntimeInitArgs, log_level_t, wasm_exec_env_t, wasm_function_inst_t,
    wasm_global_inst_t, wasm_memory_inst_t, wasm_module_inst_t, wasm_module_t, wasm_table_inst_t,
    wasm_val_t,
};
pub use wamrx_sys as sys;

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
/// [`Api`]'s fields (and through them against wamrx-sys's bindings) when
/// the table is built.
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
        }
    };
}

/// The fast interpreter (wamrx-sys's `libiwasm.a`).
pub static FAST_INTERP: Api = api!(sys);

#[cfg(feature = "classic")]
mod classic {
    use super::*;
    declare!("wasmdiff_classic_");
}

/// The classic interpreter.
#[cfg(feature = "classic")]
pub static CLASSIC: Api = api!(classic);

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
