//! Builds WAMR 2.4.3: the fast and the classic interpreter, and the fast
//! interpreter with WAMR's own WASI (libc-wasi) (feature `interp`), with
//! the `cc` crate, so nothing beyond a C compiler is needed,
//! and the fast JIT (feature `fast-jit`) with WAMR's CMake, as C++ asmjit
//! needs. Each build is a static library with every global symbol renamed
//! under its own prefix, so that all of them link into one process.
//!
//! The sources are the WAMR tree vendored in the wamrx-sys 0.3.0 package on
//! crates.io (`$WASMDIFF_WAMR_SRC` overrides). That crate itself is not a
//! dependency (its build needs cmake and libclang): when cargo's registry
//! does not hold it yet, this script has cargo fetch it. The fast JIT needs
//! asmjit, which WAMR's CMake would clone from GitHub; it is given a source
//! tree instead (`$WASMDIFF_ASMJIT_SRC`, else `~/.cache/wasmdiff/asmjit`,
//! where `scripts/fetch-asmjit.sh` puts Debian's).

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The symbol prefixes; `src/lib.rs` declares the functions under them.
const FAST_INTERP_PREFIX: &str = "wasmdiff_fast_interp_";
const CLASSIC_PREFIX: &str = "wasmdiff_classic_";
const FAST_INTERP_LIBC_WASI_PREFIX: &str = "wasmdiff_fast_interp_libc_wasi_";
const FAST_JIT_PREFIX: &str = "wasmdiff_fast_jit_";

/// The package whose tree of WAMR sources is built.
const WAMR_PACKAGE: &str = "wamrx-sys";
const WAMR_PACKAGE_VERSION: &str = "0.3.0";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=WASMDIFF_WAMR_SRC");
    println!("cargo:rerun-if-env-changed=WASMDIFF_ASMJIT_SRC");
    let interp = env::var_os("CARGO_FEATURE_INTERP").is_some();
    let fast_jit = env::var_os("CARGO_FEATURE_FAST_JIT").is_some();
    // `cargo doc` and a build without either feature link nothing.
    if !(interp || fast_jit) || env::var_os("DOCS_RS").is_some() {
        return;
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let src = wamr_sources(&out);
    if interp {
        for (name, fast, libc_wasi, prefix) in [
            ("fast_interp", true, false, FAST_INTERP_PREFIX),
            ("classic", false, false, CLASSIC_PREFIX),
            // `--wasi native`: WAMR's own WASI. A build of its own, since
            // with libc-wasi WAMR sets up WASI for every module that
            // imports it and runs a reactor's `_initialize` itself.
            (
                "fast_interp_libc_wasi",
                true,
                true,
                FAST_INTERP_LIBC_WASI_PREFIX,
            ),
        ] {
            let lib = build_interpreter(&src, &out.join(name), fast, libc_wasi);
            let renamed = format!("wasmdiff_wamr_{name}");
            rename(&lib, prefix, &out.join(format!("lib{renamed}.a")));
            println!("cargo:rustc-link-lib=static={renamed}");
        }
    }
    if fast_jit {
        let copy = copy_sources(&src, &out.join("wasm-micro-runtime"));
        let asmjit = asmjit_sources();
        let asmjit = asmjit.to_str().expect("a UTF-8 asmjit path");
        let lib = build_fast_jit(
            &copy,
            &out.join("fast-jit"),
            &[
                // Lazy compilation, WAMR's default for the fast JIT.
                ("WAMR_BUILD_LAZY_JIT", "1"),
                ("FETCHCONTENT_SOURCE_DIR_ASMJIT", asmjit),
                ("FETCHCONTENT_FULLY_DISCONNECTED", "ON"),
            ],
        );
        rename(
            &lib,
            FAST_JIT_PREFIX,
            &out.join("libwasmdiff_wamr_fast_jit.a"),
        );
        println!("cargo:rustc-link-lib=static=wasmdiff_wamr_fast_jit");
        // asmjit is C++.
        println!("cargo:rustc-link-lib=dylib=stdc++");
    }
    println!("cargo:rustc-link-search=native={}", out.display());
    for lib in ["m", "dl", "pthread"] {
        println!("cargo:rustc-link-lib=dylib={lib}");
    }
}

/// The WAMR tree: `$WASMDIFF_WAMR_SRC`, else the one in the wamrx-sys
/// package in cargo's registry, fetched there first if need be.
fn wamr_sources(out: &Path) -> PathBuf {
    if let Some(dir) = env::var_os("WASMDIFF_WAMR_SRC") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("core/version.h").exists(),
            "WASMDIFF_WAMR_SRC={} is not a WAMR source tree (no core/version.h)",
            dir.display()
        );
        return dir;
    }
    let registry = cargo_home().join("registry/src");
    let dir = match find_in_registry(&registry) {
        Some(dir) => dir,
        None => {
            fetch_package(out);
            find_in_registry(&registry).unwrap_or_else(|| {
                panic!(
                    "WAMR sources not found: cargo fetched {WAMR_PACKAGE} {WAMR_PACKAGE_VERSION} \
                     but it is not under {}/*/; set WASMDIFF_WAMR_SRC to a WAMR 2.4.3 \
                     source tree",
                    registry.display()
                )
            })
        }
    };
    println!(
        "cargo:rerun-if-changed={}",
        dir.join("core/version.h").display()
    );
    dir
}

fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("neither CARGO_HOME nor HOME is set")
}

/// The package's `wasm-micro-runtime` directory under one of the registry
/// source directories (one per registry index).
fn find_in_registry(registry: &Path) -> Option<PathBuf> {
    let package = format!("{WAMR_PACKAGE}-{WAMR_PACKAGE_VERSION}/wasm-micro-runtime");
    fs::read_dir(registry).ok()?.find_map(|index| {
        let dir = index.ok()?.path().join(&package);
        dir.join("core/version.h").exists().then_some(dir)
    })
}

/// Have cargo download (and unpack into its registry) the package, through
/// a one-dependency manifest of its own: cargo then checks the package's
/// checksum and honours the user's registry configuration and `--offline`.
fn fetch_package(out: &Path) {
    let dir = out.join("fetch-wamr-sources");
    fs::create_dir_all(&dir).unwrap();
    // Its own `[workspace]`: the target directory may lie inside this
    // workspace, which does not list it.
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"wasmdiff-fetch-wamr-sources\"\nversion = \"0.0.0\"\n\
             edition = \"2021\"\npublish = false\n[lib]\npath = \"lib.rs\"\n\
             [dependencies]\n{WAMR_PACKAGE} = {{ version = \"={WAMR_PACKAGE_VERSION}\", \
             default-features = false }}\n[workspace]\n"
        ),
    )
    .unwrap();
    fs::write(dir.join("lib.rs"), "").unwrap();
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .arg("fetch")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .status()
        .unwrap_or_else(|e| panic!("running {}: {e}", Path::new(&cargo).display()));
    assert!(
        status.success(),
        "`cargo fetch` of {WAMR_PACKAGE} {WAMR_PACKAGE_VERSION} (for WAMR's sources) failed; \
         with no registry reachable, set WASMDIFF_WAMR_SRC to a WAMR 2.4.3 source tree"
    );
}

/// The sources of the runtime with one interpreter, as WAMR's CMake picks
/// them for wasmdiff's configuration (below), relative to `core/`: its
/// common part, the interpreter's loader and runtime, the thread manager,
/// the memory allocator, the POSIX platform layer without the files only
/// WASI uses, and the utilities.
const SOURCES: &[&str] = &[
    "iwasm/common/wasm_application.c",
    "iwasm/common/wasm_blocking_op.c",
    "iwasm/common/wasm_c_api.c",
    "iwasm/common/wasm_exec_env.c",
    "iwasm/common/wasm_loader_common.c",
    "iwasm/common/wasm_memory.c",
    "iwasm/common/wasm_native.c",
    "iwasm/common/wasm_runtime_common.c",
    "iwasm/common/wasm_shared_memory.c",
    "iwasm/interpreter/wasm_loader.c",
    "iwasm/interpreter/wasm_runtime.c",
    "iwasm/libraries/thread-mgr/thread_manager.c",
    "shared/mem-alloc/ems/ems_alloc.c",
    "shared/mem-alloc/ems/ems_gc.c",
    "shared/mem-alloc/ems/ems_hmu.c",
    "shared/mem-alloc/ems/ems_kfc.c",
    "shared/mem-alloc/mem_alloc.c",
    "shared/platform/common/posix/posix_blocking_op.c",
    "shared/platform/common/posix/posix_malloc.c",
    "shared/platform/common/posix/posix_memmap.c",
    "shared/platform/common/posix/posix_sleep.c",
    "shared/platform/common/posix/posix_thread.c",
    "shared/platform/common/posix/posix_time.c",
    "shared/platform/linux/platform_init.c",
    "shared/utils/bh_assert.c",
    "shared/utils/bh_bitmap.c",
    "shared/utils/bh_common.c",
    "shared/utils/bh_hashmap.c",
    "shared/utils/bh_leb128.c",
    "shared/utils/bh_list.c",
    "shared/utils/bh_log.c",
    "shared/utils/bh_queue.c",
    "shared/utils/bh_vector.c",
    "shared/utils/runtime_timer.c",
];

const INCLUDES: &[&str] = &[
    "iwasm/interpreter",
    "iwasm/libraries/thread-mgr",
    "iwasm/include",
    "iwasm/common",
    "shared/platform/linux",
    "shared/platform/include",
    "shared/mem-alloc",
    "shared/utils",
    "shared/utils/uncommon",
];

/// The macros WAMR's CMake defines for wasmdiff's configuration: the
/// interpreter only (no AOT, no JIT), bulk memory, reference types, tail
/// calls and extended constants on; SIMD, GC, shared memory, multi-module,
/// the libc layers (but in the libc-wasi build) and custom sections off; the thread manager on (it is
/// what stops a running call); software bounds checks (no signal
/// handlers in the process), and `__heap_base` shrinking on (WAMR's
/// default, see FACTS.md).
const DEFINES: &[(&str, &str)] = &[
    ("BH_FREE", "wasm_runtime_free"),
    ("BH_MALLOC", "wasm_runtime_malloc"),
    ("BH_PLATFORM_LINUX", "1"),
    ("WASM_DISABLE_HW_BOUND_CHECK", "1"),
    ("WASM_DISABLE_STACK_HW_BOUND_CHECK", "1"),
    ("WASM_DISABLE_WAKEUP_BLOCKING_OP", "0"),
    ("WASM_DISABLE_WRITE_GS_BASE", "0"),
    ("WASM_ENABLE_AOT_INTRINSICS", "0"),
    ("WASM_ENABLE_BULK_MEMORY", "1"),
    ("WASM_ENABLE_BULK_MEMORY_OPT", "1"),
    ("WASM_ENABLE_CALL_INDIRECT_OVERLONG", "1"),
    ("WASM_ENABLE_EXTENDED_CONST_EXPR", "1"),
    ("WASM_ENABLE_INTERP", "1"),
    ("WASM_ENABLE_MINI_LOADER", "0"),
    ("WASM_ENABLE_MULTI_MODULE", "0"),
    ("WASM_ENABLE_QUICK_AOT_ENTRY", "0"),
    ("WASM_ENABLE_REF_TYPES", "1"),
    ("WASM_ENABLE_SHARED_MEMORY", "0"),
    ("WASM_ENABLE_SHRUNK_MEMORY", "1"),
    ("WASM_ENABLE_TAIL_CALL", "1"),
    ("WASM_ENABLE_THREAD_MGR", "1"),
    ("WASM_GLOBAL_HEAP_SIZE", "10485760"),
    ("WASM_HAVE_MREMAP", "1"),
    ("_GNU_SOURCE", "1"),
    ("NDEBUG", "1"),
];

/// What WAMR's CMake adds for `WAMR_BUILD_LIBC_WASI=1` (its own WASI,
/// `libc_wasi.cmake` and the POSIX files `platform_api_posix.cmake` then
/// keeps), relative to `core/`.
const LIBC_WASI_SOURCES: &[&str] = &[
    "iwasm/libraries/libc-wasi/libc_wasi_wrapper.c",
    "iwasm/libraries/libc-wasi/sandboxed-system-primitives/src/blocking_op.c",
    "iwasm/libraries/libc-wasi/sandboxed-system-primitives/src/posix.c",
    "iwasm/libraries/libc-wasi/sandboxed-system-primitives/src/random.c",
    "iwasm/libraries/libc-wasi/sandboxed-system-primitives/src/str.c",
    "shared/platform/common/libc-util/libc_errno.c",
    "shared/platform/common/posix/posix_clock.c",
    "shared/platform/common/posix/posix_file.c",
    "shared/platform/common/posix/posix_socket.c",
];

const LIBC_WASI_INCLUDES: &[&str] = &[
    "iwasm/libraries/libc-wasi",
    "iwasm/libraries/libc-wasi/sandboxed-system-primitives/include",
    "iwasm/libraries/libc-wasi/sandboxed-system-primitives/src",
    "shared/platform/common/libc-util",
];

/// Compile WAMR with the fast (`fast`) or the classic interpreter, with
/// its own WASI (`libc_wasi`) or without, into a static library in `out`,
/// optimized as WAMR's release build is in every cargo profile.
fn build_interpreter(src: &Path, out: &Path, fast: bool, libc_wasi: bool) -> PathBuf {
    let core = src.join("core");
    let (target, native_call) = match env::var("CARGO_CFG_TARGET_ARCH").as_deref() {
        Ok("x86_64") => ("BUILD_TARGET_X86_64", "invokeNative_em64.s"),
        Ok("aarch64") => ("BUILD_TARGET_AARCH64", "invokeNative_aarch64.s"),
        other => panic!("WAMR is built here for x86_64 and aarch64 only, not {other:?}"),
    };
    let interpreter = if fast {
        "iwasm/interpreter/wasm_interp_fast.c"
    } else {
        "iwasm/interpreter/wasm_interp_classic.c"
    };
    let mut build = cc::Build::new();
    build
        .cargo_metadata(false)
        .out_dir(out)
        .opt_level(3)
        .debug(false)
        .warnings(false)
        .flag("-std=gnu99")
        .flag("-fvisibility=hidden")
        .define(target, "1")
        .define("WASM_ENABLE_FAST_INTERP", if fast { "1" } else { "0" })
        .file(core.join("iwasm/common/arch").join(native_call))
        .file(core.join(interpreter));
    for (name, value) in DEFINES {
        build.define(name, *value);
    }
    for dir in INCLUDES {
        build.include(core.join(dir));
    }
    for file in SOURCES {
        build.file(core.join(file));
    }
    if libc_wasi {
        build.define("WASM_ENABLE_LIBC_WASI", "1");
        // `runtime_lib.cmake` turns module-instance contexts on with it.
        build.define("WASM_ENABLE_MODULE_INST_CONTEXT", "1");
        for dir in LIBC_WASI_INCLUDES {
            build.include(core.join(dir));
        }
        for file in LIBC_WASI_SOURCES {
            build.file(core.join(file));
        }
    }
    build.compile("iwasm");
    out.join("libiwasm.a")
}

/// asmjit's sources for the fast JIT.
fn asmjit_sources() -> PathBuf {
    let dir = match env::var_os("WASMDIFF_ASMJIT_SRC") {
        Some(d) => PathBuf::from(d),
        None => {
            Path::new(&env::var_os("HOME").expect("HOME is not set")).join(".cache/wasmdiff/asmjit")
        }
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    assert!(
        dir.join("src/asmjit/asmjit.h").exists(),
        "asmjit sources not found at {} (WAMR's fast JIT needs them; WAMR's CMake would \
         clone them from GitHub). Run scripts/fetch-asmjit.sh, which unpacks Debian's \
         asmjit source there, or set WASMDIFF_ASMJIT_SRC to an asmjit source tree",
        dir.display()
    );
    dir
}

/// Copy the parts of the WAMR tree the build reads (once per `OUT_DIR`).
fn copy_sources(from: &Path, to: &Path) -> PathBuf {
    // CMakeLists.txt last: it marks a complete copy.
    if !to.join("CMakeLists.txt").exists() {
        fs::create_dir_all(to).unwrap();
        for part in ["build-scripts", "core", "CMakeLists.txt"] {
            copy(&from.join(part), &to.join(part));
        }
    }
    to.to_path_buf()
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to)
            .unwrap_or_else(|e| panic!("copying {} to {}: {e}", from.display(), to.display()));
    }
}

/// Run WAMR's CMake for the static `vmlib` (`libiwasm.a`) with the fast JIT
/// and the classic interpreter, configured as the interpreters are (see
/// [`DEFINES`]).
fn build_fast_jit(src: &Path, out: &Path, extra: &[(&str, &str)]) -> PathBuf {
    let mut cfg = cmake::Config::new(src);
    cfg.out_dir(out)
        // Optimized (NDEBUG) in every profile, as the interpreters are.
        .profile("Release")
        .define("WAMR_BUILD_PLATFORM", "linux")
        .define("WAMR_BUILD_TARGET", "X86_64")
        .define("WAMR_BUILD_INTERP", "1")
        .define("WAMR_BUILD_FAST_INTERP", "0")
        .define("WAMR_BUILD_AOT", "0")
        .define("WAMR_BUILD_JIT", "0")
        .define("WAMR_BUILD_FAST_JIT", "1")
        .define("WAMR_BUILD_BULK_MEMORY", "1")
        .define("WAMR_BUILD_REF_TYPES", "1")
        .define("WAMR_BUILD_TAIL_CALL", "1")
        .define("WAMR_BUILD_GC", "0")
        .define("WAMR_BUILD_SHARED_MEMORY", "0")
        .define("WAMR_BUILD_EXTENDED_CONST_EXPR", "1")
        .define("WAMR_BUILD_SIMD", "0")
        .define("WAMR_BUILD_LIB_SIMDE", "0")
        .define("WAMR_BUILD_CUSTOM_NAME_SECTION", "0")
        .define("WAMR_BUILD_LOAD_CUSTOM_SECTION", "0")
        .define("WAMR_BUILD_DUMP_CALL_STACK", "0")
        .define("WAMR_BUILD_MULTI_MODULE", "0")
        .define("WAMR_BUILD_THREAD_MGR", "1")
        .define("WAMR_BUILD_PERF_PROFILING", "0")
        .define("WAMR_BUILD_LIBC_BUILTIN", "0")
        .define("WAMR_BUILD_LIBC_WASI", "0")
        .define("WAMR_DISABLE_HW_BOUND_CHECK", "1");
    for (k, v) in extra {
        cfg.define(k, v);
    }
    let dst = cfg.build_target("vmlib").build();
    dst.join("build/libiwasm.a")
}

/// Copy `lib` to `to` with every symbol it defines renamed to
/// `prefix` + name (references inside the archive follow).
fn rename(lib: &Path, prefix: &str, to: &Path) {
    let nm = env::var("NM").unwrap_or_else(|_| "nm".into());
    let objcopy = env::var("OBJCOPY").unwrap_or_else(|_| "objcopy".into());
    let listing = Command::new(&nm)
        .args(["--defined-only", "--extern-only", "--format=posix"])
        .arg(lib)
        .output()
        .unwrap_or_else(|e| panic!("running {nm}: {e}"));
    assert!(
        listing.status.success(),
        "{nm} failed on {}: {}",
        lib.display(),
        String::from_utf8_lossy(&listing.stderr)
    );
    // POSIX format: `name type value [size]`, and a `lib.a[member.o]:`
    // line before each member's symbols.
    let symbols: BTreeSet<&str> = std::str::from_utf8(&listing.stdout)
        .expect("nm's output is UTF-8")
        .lines()
        .filter(|l| !l.ends_with(':'))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        symbols.contains("wasm_runtime_load"),
        "{} defines no wasm_runtime_load",
        lib.display()
    );
    let map: String = symbols
        .iter()
        .map(|s| format!("{s} {prefix}{s}\n"))
        .collect();
    let map_file = to.with_extension("syms");
    fs::write(&map_file, map).unwrap();
    let status = Command::new(&objcopy)
        .arg(format!("--redefine-syms={}", map_file.display()))
        .arg(lib)
        .arg(to)
        .status()
        .unwrap_or_else(|e| panic!("running {objcopy}: {e}"));
    assert!(
        status.success(),
        "{objcopy} failed renaming {}",
        lib.display()
    );
}
