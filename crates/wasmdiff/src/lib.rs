//! wasmdiff: differential testing of WebAssembly engines.
//!
//! The library generates modules under a named feature set ([`features`],
//! [`generate`]), runs them in every engine configuration behind one trait pair
//! ([`engines`]), normalizes what each engine observed ([`value`], [`trap`]),
//! and compares the observations phase by phase ([`oracle`]).
#![deny(missing_docs)]

pub mod campaign;
pub mod coverage;
pub mod crash;
pub mod encoding;
pub mod engines;
pub mod error;
pub mod features;
pub mod fuzz;
pub mod generate;
pub mod invoke;
pub mod ipc;
pub mod module_info;
pub mod nan;
pub mod oracle;
pub mod outcome;
pub mod panic_guard;
pub mod report;
pub mod repro;
pub mod shrink;
pub mod signature;
pub mod trap;
pub mod triage;
pub mod value;
pub mod wasi;
pub mod wast;

pub use engines::{Engine, EngineKind, EngineList, Instance, Limits};
pub use error::Error;
pub use features::{Feature, FeatureSet};
pub use generate::TestCase;
pub use oracle::Verdict;
pub use outcome::Outcome;
pub use trap::TrapKind;
pub use value::Val;
