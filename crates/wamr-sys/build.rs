//! Builds WAMR's classic interpreter (feature `classic`) and fast JIT
//! (feature `fast-jit`) as two static libraries, each with every global
//! symbol renamed under a prefix, so that both link into one process beside
//! wamrx-sys's `libiwasm.a` (the fast interpreter) without clashing.
//!
//! The sources are the WAMR 2.4.3 tree vendored in the wamrx-sys 0.3.0
//! package (`$WASMDIFF_WAMR_SRC` overrides), copied to `OUT_DIR` because
//! WAMR's CMake writes `core/version.h` into its source tree. The fast JIT
//! needs asmjit, which WAMR's CMake would clone from GitHub; it is given a
//! source tree instead (`$WASMDIFF_ASMJIT_SRC`, else
//! `~/.cache/wasmdiff/asmjit`, where `scripts/fetch-asmjit.sh` puts Debian's).

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The symbol prefixes; `src/lib.rs` declares the functions under them.
const CLASSIC_PREFIX: &str = "wasmdiff_classic_";
const FAST_JIT_PREFIX: &str = "wasmdiff_fast_jit_";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=WASMDIFF_WAMR_SRC");
    println!("cargo:rerun-if-env-changed=WASMDIFF_ASMJIT_SRC");
    let classic = env::var_os("CARGO_FEATURE_CLASSIC").is_some();
    let fast_jit = env::var_os("CARGO_FEATURE_FAST_JIT").is_some();
    // `cargo doc` and a build without either feature link nothing.
    if !(classic || fast_jit) || env::var_os("DOCS_RS").is_some() {
        return;
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let src = copy_sources(&wamr_sources(), &out.join("wasm-micro-runtime"));
    if classic {
        let lib = build(&src, &out.join("classic"), &[("WAMR_BUILD_FAST_JIT", "0")]);
        rename(
            &lib,
            CLASSIC_PREFIX,
            &out.join("libwasmdiff_wamr_classic.a"),
        );
        println!("cargo:rustc-link-lib=static=wasmdiff_wamr_classic");
    }
    if fast_jit {
        let asmjit = asmjit_sources();
        let asmjit = asmjit.to_str().expect("a UTF-8 asmjit path");
        let lib = build(
            &src,
            &out.join("fast-jit"),
            &[
                ("WAMR_BUILD_FAST_JIT", "1"),
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
/// package in cargo's registry.
fn wamr_sources() -> PathBuf {
    if let Some(dir) = env::var_os("WASMDIFF_WAMR_SRC") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("CMakeLists.txt").exists(),
            "WASMDIFF_WAMR_SRC={} is not a WAMR source tree (no CMakeLists.txt)",
            dir.display()
        );
        return dir;
    }
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("neither CARGO_HOME nor HOME is set");
    let registry = cargo_home.join("registry/src");
    let found = fs::read_dir(&registry).ok().and_then(|dirs| {
        dirs.filter_map(Result::ok)
            .map(|d| d.path().join("wamrx-sys-0.3.0/wasm-micro-runtime"))
            .find(|p| p.join("CMakeLists.txt").exists())
    });
    let Some(dir) = found else {
        panic!(
            "WAMR sources not found: expected the wamrx-sys 0.3.0 package under {}/*/ \
             (cargo downloads it with the `wamr` feature); set WASMDIFF_WAMR_SRC to a \
             WAMR 2.4.3 source tree otherwise",
            registry.display()
        );
    };
    println!(
        "cargo:rerun-if-changed={}",
        dir.join("CMakeLists.txt").display()
    );
    dir
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

/// Run WAMR's CMake for the static `vmlib` (`libiwasm.a`) with the
/// configuration of wamrx-sys as wasmdiff uses it (see the workspace's
/// Cargo.toml) and the classic interpreter; `extra` picks the variant.
fn build(src: &Path, out: &Path, extra: &[(&str, &str)]) -> PathBuf {
    let mut cfg = cmake::Config::new(src);
    cfg.out_dir(out)
        // wamrx-sys gets an optimized build (NDEBUG) in every profile; this
        // crate is a workspace member, built without optimization in dev.
        .profile("Release")
        .define("WAMR_BUILD_PLATFORM", "linux")
        .define("WAMR_BUILD_TARGET", "X86_64")
        .define("WAMR_BUILD_INTERP", "1")
        .define("WAMR_BUILD_FAST_INTERP", "0")
        .define("WAMR_BUILD_AOT", "0")
        .define("WAMR_BUILD_JIT", "0")
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
