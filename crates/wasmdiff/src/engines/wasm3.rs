//! wasm3: listed so that `wasmdiff engines` says why it is not offered.
//! Measured here with the `wasm3` crate 0.3.1 (wasm3 C 0.4.7), whose
//! bindings build (feature `build-bindgen`) but whose engine is not safe to
//! run in process.

use super::Descriptor;
use crate::features::{Feature, FeatureSet};

/// Never available.
pub(crate) const WASM3: Descriptor = Descriptor {
    version: || "wasm3 0.3.1 (wasm3 C 0.4.7)",
    // What wasm3 0.4.7 would run: the MVP and little more.
    features: || FeatureSet::of(&[Feature::MultiValue, Feature::SignExtension]),
    unavailable: || {
        Some(
            "not offered: wasm3 0.3.1 (C 0.4.7) segfaults compiling memory.fill \
             (SIGSEGV in Compile_BlockStatements, m3_compile.c:2182), has no bulk memory \
             or reference types, no API to read globals, and recurses on the native \
             stack without a guard"
                .into(),
        )
    },
    keeps_nan_payloads: true,
    applies_growth_caps: true,
    runs_under_asan: false,
    kept_between_scripts: false,
    in_all: false,
    command_line: Descriptor::no_command_line,
    native_wasi: Err("not built"),
    install: None,
    build: |_, _, _| None,
};
