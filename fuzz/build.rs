//! Sets `cfg(wasmdiff_asan)` when the fuzz target is built with
//! AddressSanitizer (`-Zsanitizer=address` in the rustc flags, as
//! `cargo fuzz build` and OSS-Fuzz pass it), so that the target can leave
//! out the engines that do not run under ASan
//! (`FuzzConfig::for_address_sanitizer`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(wasmdiff_asan)");
    println!("cargo::rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let flags: Vec<&str> = flags.split('\x1f').collect();
    // `-Zsanitizer=address` or `-Z sanitizer=address` (any list that
    // includes address).
    let asan = flags.iter().enumerate().any(|(i, f)| {
        let value = f.strip_prefix("-Zsanitizer=").or_else(|| {
            (*f == "-Z")
                .then(|| flags.get(i + 1)?.strip_prefix("sanitizer="))
                .flatten()
        });
        value.is_some_and(|v| v.split(',').any(|s| s == "address"))
    });
    if asan {
        println!("cargo::rustc-cfg=wasmdiff_asan");
    }
}
