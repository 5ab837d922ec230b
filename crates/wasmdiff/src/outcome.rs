//! What one engine observed in one phase of a case.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::trap::TrapKind;
use crate::value::{Val, display_list};

/// The result of one phase (compile, instantiate, a call) in one engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "kebab-case")]
pub enum Outcome {
    /// The phase succeeded; for a call, with these results.
    Ok(Vec<Val>),
    /// Execution trapped.
    Trap(TrapKind),
    /// The engine refused the module or reported an error that is not a trap
    /// (validation, compilation or link error). The message is the engine's.
    Error(String),
    /// The engine panicked: a bug in the engine (or the adapter).
    Panic(String),
    /// The engine's process died (signal, abort): only seen when engines
    /// run isolated in child processes.
    Crash(String),
    /// The engine lacks a feature this case needs.
    Unsupported(String),
    /// The engine ran (or could not run) this call but cannot show its
    /// result through its API: a `v128`, or a NaN payload, across
    /// JavaScript. The engine leaves the comparison from here on (its
    /// state may now differ), without making the case inconclusive.
    NotComparable(String),
    /// The engine hit a resource limit wasmdiff imposes (memory, table size):
    /// the outcome is not comparable.
    ResourceLimit(String),
    /// A WASI program called `proc_exit` with this code.
    Exit(u32),
}

impl Outcome {
    /// The outcome class, the part that enters a divergence signature:
    /// `ok`, `trap:<kind>`, `error`, `panic`, `crash`, `unsupported`,
    /// `resource-limit`, `exit:<code>`.
    pub fn class(&self) -> String {
        match self {
            Outcome::Ok(_) => "ok".into(),
            Outcome::Trap(k) => format!("trap:{k}"),
            Outcome::Error(_) => "error".into(),
            Outcome::Panic(_) => "panic".into(),
            Outcome::Crash(_) => "crash".into(),
            Outcome::Unsupported(_) => "unsupported".into(),
            Outcome::NotComparable(_) => "not-comparable".into(),
            Outcome::ResourceLimit(_) => "resource-limit".into(),
            Outcome::Exit(code) => format!("exit:{code}"),
        }
    }

    /// Whether the outcome means the engine cannot be compared on this case
    /// (stack exhausted, engine fuel, resource limit, unsupported feature).
    pub fn is_inconclusive(&self) -> bool {
        match self {
            Outcome::Trap(k) => k.is_exhaustion(),
            Outcome::Unsupported(_) | Outcome::ResourceLimit(_) | Outcome::NotComparable(_) => true,
            _ => false,
        }
    }

    /// Whether two outcomes count as the same behaviour: same class, and for
    /// results, NaN-aware equal values. Error messages are not compared.
    pub fn same_as(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::Ok(a), Outcome::Ok(b)) => a == b,
            (Outcome::Trap(a), Outcome::Trap(b)) => a.matches(*b),
            _ => self.class() == other.class(),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok(v) => f.write_str(&display_list(v)),
            Outcome::Trap(k) => write!(f, "trap: {k}"),
            Outcome::Error(m) => write!(f, "error: {}", first_line(m)),
            Outcome::Panic(m) => write!(f, "PANIC: {}", first_line(m)),
            Outcome::Crash(m) => write!(f, "CRASH: {}", first_line(m)),
            Outcome::Unsupported(m) => write!(f, "unsupported: {m}"),
            Outcome::NotComparable(m) => write!(f, "not comparable: {m}"),
            Outcome::ResourceLimit(m) => write!(f, "resource limit: {m}"),
            Outcome::Exit(code) => write!(f, "exit {code}"),
        }
    }
}

/// The first line of a message, trimmed to a readable length.
pub fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 160 {
        let cut: String = line.chars().take(157).collect();
        format!("{cut}...")
    } else {
        line.to_string()
    }
}
