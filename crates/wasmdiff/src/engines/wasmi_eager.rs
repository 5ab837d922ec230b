//! wasmi compiling eagerly: every function is translated to wasmi's
//! bytecode when the module is compiled. wasmi 2.0's default, which the
//! `wasmi` configuration runs as embedders ship it, validates eagerly but
//! translates each function on its first call. The same adapter with that
//! one setting changed: translation that only happens here (functions a
//! case never calls) and the order in which functions are translated are
//! checked against the other engines.

use super::Descriptor;
use super::wasmi::{WASMI, WasmiEngine};

/// wasmi 2.0.0 with `CompilationMode::Eager`.
pub(crate) const WASMI_EAGER: Descriptor = Descriptor {
    version: || "wasmi 2.0.0 (eager compilation)",
    command_line: |e, a| {
        Some(format!(
            "wasmi_cli --compilation-mode eager case.wasm --invoke '{e}' {a}"
        ))
    },
    build: |kind, limits, features| {
        let engine = WasmiEngine::new(limits, features)
            .configured(|c| {
                c.compilation_mode(wasmi::CompilationMode::Eager);
            })
            .reporting_as(kind);
        Some(Box::new(engine))
    },
    ..WASMI
};
