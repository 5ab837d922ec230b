//! Differential fuzzing: each input becomes a module and its arguments, runs
//! in every engine, and a divergence is shrunk, written to `corpus/repros/`
//! and reported to libFuzzer as a crash (so the crash file is saved too).
//! Inconclusive inputs are kept out of the corpus.
//!
//! Under `cargo fuzz` this is a libFuzzer target. In a plain `cargo build`
//! it is a stand-in that runs inputs given as files or directories, or
//! seeded ones: `differential [--seed S] [--cases N] [--time SECS] [PATH...]`;
//! on a divergence it writes the input as `crash-<hash>` like libFuzzer and
//! exits with status 1.
#![cfg_attr(fuzzing, no_main)]

use std::cell::RefCell;

use wasmdiff::fuzz::{FuzzConfig, FuzzOutcome, Fuzzer};

thread_local! {
    static FUZZER: RefCell<Fuzzer> = RefCell::new({
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let config = if cfg!(feature = "clusterfuzz") {
            FuzzConfig::from_env_for_clusterfuzz(&root)
        } else {
            FuzzConfig::from_env(&root)
        };
        let config = config.unwrap_or_else(|e| panic!("wasmdiff: {}", e.report()));
        // Set by build.rs for AddressSanitizer builds (OSS-Fuzz, ClusterFuzzLite).
        #[cfg(wasmdiff_asan)]
        let config = config.for_address_sanitizer();
        Fuzzer::new(config).unwrap_or_else(|e| panic!("wasmdiff: {}", e.report()))
    });
}

fn one(data: &[u8]) -> FuzzOutcome {
    FUZZER.with(|f| {
        let mut f = f.borrow_mut();
        let outcome = f.run_one(data);
        if let Some(line) = f.progress(std::time::Duration::from_secs(30)) {
            eprintln!("{line}");
        }
        outcome
    })
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| -> libfuzzer_sys::Corpus {
    match one(data) {
        FuzzOutcome::Agree { .. } => libfuzzer_sys::Corpus::Keep,
        FuzzOutcome::Inconclusive(_) | FuzzOutcome::GenerationFailed(_) => {
            libfuzzer_sys::Corpus::Reject
        }
        // Aborts from frames named after the divergence class, so that
        // ClusterFuzz files each class as its own crash.
        FuzzOutcome::Diverged(found) => found.raise(),
    }
});

#[cfg(not(fuzzing))]
fn main() {
    std::process::exit(wasmdiff::fuzz::stand_in(
        std::env::args().skip(1).collect(),
        one,
    ));
}
