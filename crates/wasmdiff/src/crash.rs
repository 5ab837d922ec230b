//! Divergences reported as crashes, for fuzzing infrastructure that groups
//! crashes by where they happen.
//!
//! ClusterFuzz (behind OSS-Fuzz and ClusterFuzzLite) files one report per
//! *crash state*: normally the top three stack frames of a crash, not
//! counting the standard library and the fuzzing runtime. If every
//! divergence crashed from the same line, every divergence would land in
//! one report. So [`raise`] prints the message and aborts from three
//! named, never-inlined functions picked by the divergence's [`DivergenceClass`] (its phase and
//! the outcome classes of its two sides). A call that returned different
//! values, for example, crashes in
//!
//! ```text
//! wasmdiff::crash::other_side_values
//! wasmdiff::crash::one_side_values
//! wasmdiff::crash::diverged_in_call
//! ```
//!
//! and one where an engine trapped while the others returned in
//! `other_side_trap`, `one_side_values`, `diverged_in_call` (the two sides
//! in [`OutcomeClass`] order, whichever is the majority). The functions
//! are plain named functions rather than one generic function per class:
//! symbolizers print every instance of a generic function under one name.
//!
//! ClusterFuzz also groups crash states that merely look alike (two equal
//! frames, or lines that are 80% the same), which frames that differ in
//! one word are. So the message carries an assertion line with a hash of
//! the class ([`assertion_line`]): ClusterFuzz puts it first in the crash
//! state and compares states with such a hash exactly. The message's first
//! line names the repro signature, so a report says which repro it is
//! about ([`first_line`]).

use std::fmt;

use serde::Serialize;

use crate::oracle::Signature;

/// Where a divergence happened, without the call index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseClass {
    /// Validation.
    Validate,
    /// Compilation.
    Compile,
    /// Instantiation (start function included).
    Instantiate,
    /// An export call's results or trap.
    Call,
    /// Exported state after a call.
    State,
    /// A signature this version cannot read.
    Unknown,
}

/// What one side of a divergence did, coarsely: the outcome class without
/// the trap kind (which the message's first line still names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeClass {
    /// Returned (values that differ from the other side's, or succeeded
    /// where the other side failed).
    Values,
    /// Trapped.
    Trap,
    /// Failed with an error (rejected the module, failed to instantiate).
    Error,
    /// Panicked.
    Panic,
    /// Crashed (in an isolated engine process).
    Crash,
    /// A different exported global.
    Global,
    /// A different exported memory.
    Memory,
    /// A different exported table.
    Table,
    /// Anything else.
    Other,
}

impl PhaseClass {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            PhaseClass::Validate => "validate",
            PhaseClass::Compile => "compile",
            PhaseClass::Instantiate => "instantiate",
            PhaseClass::Call => "call",
            PhaseClass::State => "state",
            PhaseClass::Unknown => "unknown",
        }
    }

    const ALL: [PhaseClass; 6] = [
        PhaseClass::Validate,
        PhaseClass::Compile,
        PhaseClass::Instantiate,
        PhaseClass::Call,
        PhaseClass::State,
        PhaseClass::Unknown,
    ];
}

impl OutcomeClass {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            OutcomeClass::Values => "values",
            OutcomeClass::Trap => "trap",
            OutcomeClass::Error => "error",
            OutcomeClass::Panic => "panic",
            OutcomeClass::Crash => "crash",
            OutcomeClass::Global => "global",
            OutcomeClass::Memory => "memory",
            OutcomeClass::Table => "table",
            OutcomeClass::Other => "other",
        }
    }

    /// The class of a signature group's outcome class (`ok`,
    /// `trap:<kind>`, `error`, `state:global`, ...).
    fn of_group(class: &str) -> OutcomeClass {
        match class {
            "ok" => OutcomeClass::Values,
            "error" => OutcomeClass::Error,
            "panic" => OutcomeClass::Panic,
            "crash" => OutcomeClass::Crash,
            "state:global" => OutcomeClass::Global,
            "state:memory" => OutcomeClass::Memory,
            "state:table" => OutcomeClass::Table,
            c if c.starts_with("trap:") => OutcomeClass::Trap,
            _ => OutcomeClass::Other,
        }
    }

    const ALL: [OutcomeClass; 9] = [
        OutcomeClass::Values,
        OutcomeClass::Trap,
        OutcomeClass::Error,
        OutcomeClass::Panic,
        OutcomeClass::Crash,
        OutcomeClass::Global,
        OutcomeClass::Memory,
        OutcomeClass::Table,
        OutcomeClass::Other,
    ];
}

/// A kind of divergence, as crash-grouping infrastructure should see it:
/// the phase and the outcome classes of the two sides. It is coarser than
/// a [`Signature`], which also names the engines on each side and the
/// trap kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DivergenceClass {
    /// Where the engines diverged.
    pub phase: PhaseClass,
    /// What the two sides did, in [`OutcomeClass`] order. With more than
    /// two groups of engines: the first and last of their classes in that
    /// order.
    pub sides: [OutcomeClass; 2],
}

impl DivergenceClass {
    /// The class of a signature: its phase, and the first and last of its
    /// sides' outcome classes. A phase it does not know becomes
    /// [`PhaseClass::Unknown`].
    pub fn of_signature(signature: &Signature) -> DivergenceClass {
        let phase = PhaseClass::ALL
            .into_iter()
            .find(|p| p.name() == signature.phase_name())
            .unwrap_or(PhaseClass::Unknown);
        let mut outcomes: Vec<OutcomeClass> = signature
            .sides
            .iter()
            .map(|s| OutcomeClass::of_group(&s.class))
            .collect();
        outcomes.sort();
        let first = outcomes.first().copied().unwrap_or(OutcomeClass::Other);
        let last = outcomes.last().copied().unwrap_or(first);
        DivergenceClass {
            phase,
            sides: [first, last],
        }
    }

    /// A stable 8-hex-digit hash of the class's name, for crash
    /// deduplication ([`assertion_line`]).
    pub fn hash(&self) -> String {
        let h = crate::signature::fnv1a(self.to_string().as_bytes());
        format!("{:08x}", (h >> 32) as u32 ^ h as u32)
    }

    /// Every class.
    pub fn all() -> impl Iterator<Item = DivergenceClass> {
        PhaseClass::ALL.into_iter().flat_map(|phase| {
            OutcomeClass::ALL.into_iter().flat_map(move |a| {
                OutcomeClass::ALL
                    .into_iter()
                    .filter(move |b| a <= *b)
                    .map(move |b| DivergenceClass {
                        phase,
                        sides: [a, b],
                    })
            })
        })
    }
}

impl fmt::Display for DivergenceClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} vs {}",
            self.phase.name(),
            self.sides[0].name(),
            self.sides[1].name()
        )
    }
}

/// The first line of a divergence's crash message: the repro signature
/// (id and text) and the class.
pub fn first_line(signature: &Signature) -> String {
    format!(
        "wasmdiff divergence {} ({}): {}",
        signature.id,
        DivergenceClass::of_signature(signature),
        signature.text
    )
}

/// The second line of a divergence's crash message: an assertion failure
/// that names the class and its hash as `WasmdiffFuzzerHash=<hash>`.
///
/// ClusterFuzz takes a line `assertion failed: <text>` as the crash state
/// (followed by the top two frames), and compares crash states that contain
/// `FuzzerHash=` exactly instead of by similarity (V8's differential fuzzers
/// report mismatches the same way). Without it, ClusterFuzz would group
/// crash states that look alike, such as two classes that differ in one
/// frame, into one report. The text is kept under 80 characters, where
/// ClusterFuzz cuts crash state lines.
pub fn assertion_line(class: DivergenceClass) -> String {
    format!(
        "assertion failed: WasmdiffFuzzerHash={} ({class})",
        class.hash()
    )
}

/// Print `message` and abort the process from the frames of `class` (see
/// the module documentation). In this crate's own tests it panics instead.
pub fn raise(class: DivergenceClass, message: &str) -> ! {
    let start = Trail {
        name: "wasmdiff::crash::raise",
        outer: None,
    };
    to_phase_frame!(class, message, &start)
}

/// The frames a divergence ends in, innermost first. Each frame
/// keeps its link on its own stack and hands the next frame a reference to
/// it, so no frame can be turned into a tail call and vanish from the
/// stack.
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "only tests read the links; outside tests they just sit on the stack"
    )
)]
struct Trail<'a> {
    name: &'static str,
    outer: Option<&'a Trail<'a>>,
}

#[cfg(test)]
thread_local! {
    /// The frames of the last [`raise`] on this thread, outermost first.
    static LAST_TRAIL: std::cell::RefCell<Vec<&'static str>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Remember the frames of a [`raise`] (in tests; it returns before the
/// end, so it is not on the stack then).
fn record(trail: &Trail<'_>) {
    #[cfg(test)]
    LAST_TRAIL.with(|t| {
        let mut names = Vec::new();
        let mut at = Some(trail);
        while let Some(frame) = at {
            names.push(frame.name);
            at = frame.outer;
        }
        names.reverse();
        *t.borrow_mut() = names;
    });
    let _ = trail;
}

// Every function or closure on the stack at the end is a frame in the
// crash report, inlined or not (symbolizers list inlined functions as
// frames too). So the frames pick the next one with a `match` written into
// their own bodies by these macros, never through a helper function, and
// the innermost frames end the process themselves.
//
// They abort rather than panic: a panic runs the panic hooks first, and
// the hook this library installs (`panic_guard`) would be the top frame of
// every report, above the class frames. Aborting is what the fuzzing
// runtime's own panic hook would do next anyway; libFuzzer catches the
// abort, reports it and saves the input. In tests they panic, so that a
// test can catch it.

/// Print `$message` and end the process (in tests: panic with it).
macro_rules! end_here {
    ($message:expr) => {{
        #[cfg(test)]
        panic!("{}", $message);
        #[cfg(not(test))]
        {
            report($message);
            std::process::abort()
        }
    }};
}

/// What a panic would print: the message, and a backtrace if
/// `RUST_BACKTRACE` asks for one. It returns before the abort, so it is
/// not on the stack then.
#[cfg(not(test))]
fn report(message: &str) {
    use std::io::Write as _;
    let backtrace = std::backtrace::Backtrace::capture();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{message}");
    if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
        let _ = writeln!(err, "backtrace:\n{backtrace}");
    }
    let _ = err.flush();
}

/// Call the phase frame of `$class`.
macro_rules! to_phase_frame {
    ($class:expr, $message:expr, $trail:expr) => {
        match $class.phase {
            PhaseClass::Validate => diverged_in_validate($class, $message, $trail),
            PhaseClass::Compile => diverged_in_compile($class, $message, $trail),
            PhaseClass::Instantiate => diverged_in_instantiate($class, $message, $trail),
            PhaseClass::Call => diverged_in_call($class, $message, $trail),
            PhaseClass::State => diverged_in_state($class, $message, $trail),
            PhaseClass::Unknown => diverged_in_unknown_phase($class, $message, $trail),
        }
    };
}
use to_phase_frame;

/// Call the frame of the first side of `$class`.
macro_rules! to_one_side_frame {
    ($class:expr, $message:expr, $trail:expr) => {
        match $class.sides[0] {
            OutcomeClass::Values => one_side_values($class, $message, $trail),
            OutcomeClass::Trap => one_side_trap($class, $message, $trail),
            OutcomeClass::Error => one_side_error($class, $message, $trail),
            OutcomeClass::Panic => one_side_panic($class, $message, $trail),
            OutcomeClass::Crash => one_side_crash($class, $message, $trail),
            OutcomeClass::Global => one_side_global($class, $message, $trail),
            OutcomeClass::Memory => one_side_memory($class, $message, $trail),
            OutcomeClass::Table => one_side_table($class, $message, $trail),
            OutcomeClass::Other => one_side_other($class, $message, $trail),
        }
    };
}

/// Call the frame of the other side of `$class`.
macro_rules! to_other_side_frame {
    ($class:expr, $message:expr, $trail:expr) => {
        match $class.sides[1] {
            OutcomeClass::Values => other_side_values($class, $message, $trail),
            OutcomeClass::Trap => other_side_trap($class, $message, $trail),
            OutcomeClass::Error => other_side_error($class, $message, $trail),
            OutcomeClass::Panic => other_side_panic($class, $message, $trail),
            OutcomeClass::Crash => other_side_crash($class, $message, $trail),
            OutcomeClass::Global => other_side_global($class, $message, $trail),
            OutcomeClass::Memory => other_side_memory($class, $message, $trail),
            OutcomeClass::Table => other_side_table($class, $message, $trail),
            OutcomeClass::Other => other_side_other($class, $message, $trail),
        }
    };
}

/// Define never-inlined frame functions that link themselves into the
/// trail and then run `$next` (with `$class`, `$message` and `$here`, the
/// new link, in scope).
macro_rules! frames {
    (|$class:ident, $message:ident, $here:ident| $next:expr; $($frame:ident),* $(,)?) => {
        $(
            #[inline(never)]
            fn $frame($class: DivergenceClass, $message: &str, outer: &Trail<'_>) -> ! {
                let $here = Trail {
                    name: std::any::type_name_of_val(&$frame),
                    outer: Some(outer),
                };
                std::hint::black_box(&$here);
                $next
            }
        )*
    };
}

// Outermost of the three: the phase.
frames!(|class, message, here| to_one_side_frame!(class, message, &here);
    diverged_in_validate,
    diverged_in_compile,
    diverged_in_instantiate,
    diverged_in_call,
    diverged_in_state,
    diverged_in_unknown_phase,
);

// Middle: the first side's outcome class.
frames!(|class, message, here| to_other_side_frame!(class, message, &here);
    one_side_values,
    one_side_trap,
    one_side_error,
    one_side_panic,
    one_side_crash,
    one_side_global,
    one_side_memory,
    one_side_table,
    one_side_other,
);

// Innermost, where the process ends: the other side's outcome class.
frames!(|class, message, here| {
        let _ = class;
        record(&here);
        end_here!(message)
    };
    other_side_values,
    other_side_trap,
    other_side_error,
    other_side_panic,
    other_side_crash,
    other_side_global,
    other_side_memory,
    other_side_table,
    other_side_other,
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The frames `raise` went through for `class`, outermost first (the
    /// entry point left out), and the panic message.
    fn frames_of(class: DivergenceClass, message: &str) -> (Vec<&'static str>, String) {
        let err = crate::panic_guard::catch(|| raise(class, message)).unwrap_err();
        let mut names = LAST_TRAIL.with(|t| t.borrow().clone());
        assert_eq!(names.remove(0), "wasmdiff::crash::raise");
        (names, err)
    }

    fn signature(text: &str) -> Signature {
        text.parse().unwrap()
    }

    #[test]
    fn signatures_map_to_classes() {
        let c = |t: &str| DivergenceClass::of_signature(&signature(t)).to_string();
        assert_eq!(
            c("call[0]|ok=canary|ok=wasmi+wasmtime-cranelift"),
            "call: values vs values"
        );
        assert_eq!(
            c("call[3]|ok=wasmi|trap:integer-divide-by-zero=canary"),
            "call: values vs trap"
        );
        assert_eq!(
            c("instantiate|trap:unreachable=canary|ok=wasmi"),
            "instantiate: values vs trap"
        );
        assert_eq!(
            c("state[2]:global|state:global=wasmi|state:global=wasmtime-winch"),
            "state: global vs global"
        );
        assert_eq!(
            c("compile|error=wasmi|ok=canary"),
            "compile: values vs error"
        );
        assert_eq!(c("something|new=a"), "unknown: other vs other");
    }

    #[test]
    fn two_classes_give_different_first_lines_and_frames() {
        let values = signature("call[0]|ok=canary|ok=wasmi+wasmtime-cranelift");
        let trap = signature("instantiate|ok=canary|trap:integer-divide-by-zero=wasmi");
        let (l1, l2) = (first_line(&values), first_line(&trap));
        assert_ne!(l1, l2);
        assert!(
            l1.starts_with(&format!(
                "wasmdiff divergence {} (call: values vs values): ",
                values.id
            )),
            "{l1}"
        );
        assert!(l2.contains(&trap.id) && l2.contains(&trap.text), "{l2}");

        let (f1, m1) = frames_of(DivergenceClass::of_signature(&values), &l1);
        let (f2, m2) = frames_of(DivergenceClass::of_signature(&trap), &l2);
        assert_eq!(
            f1,
            [
                "wasmdiff::crash::diverged_in_call",
                "wasmdiff::crash::one_side_values",
                "wasmdiff::crash::other_side_values",
            ]
        );
        assert_eq!(
            f2,
            [
                "wasmdiff::crash::diverged_in_instantiate",
                "wasmdiff::crash::one_side_values",
                "wasmdiff::crash::other_side_trap",
            ]
        );
        // The panic message is the message given, first line first.
        assert!(m1.starts_with(&l1), "{m1}");
        assert!(m2.starts_with(&l2), "{m2}");
    }

    #[test]
    fn assertion_lines_name_the_class_and_a_distinct_hash() {
        let mut hashes = std::collections::HashSet::new();
        for class in DivergenceClass::all() {
            let line = assertion_line(class);
            let state = line.strip_prefix("assertion failed: ").unwrap();
            assert!(state.starts_with("WasmdiffFuzzerHash="), "{line}");
            assert!(state.ends_with(&format!("({class})")), "{line}");
            assert!(state.len() <= 80, "{line}");
            assert!(hashes.insert(class.hash()), "{class}: hash collision");
        }
        let class = DivergenceClass::of_signature(&signature("call[0]|ok=canary|ok=wasmi"));
        assert_eq!(
            assertion_line(class),
            format!(
                "assertion failed: WasmdiffFuzzerHash={} (call: values vs values)",
                class.hash()
            )
        );
    }

    #[test]
    fn every_class_has_its_own_three_frames() {
        let mut seen = std::collections::HashMap::new();
        for class in DivergenceClass::all() {
            let (frames, _) = frames_of(class, "m");
            assert_eq!(frames.len(), 3, "{class}: {frames:?}");
            if let Some(other) = seen.insert(frames.clone(), class) {
                panic!("{class} and {other} share frames {frames:?}");
            }
        }
        assert_eq!(seen.len(), 6 * (9 * 10 / 2));
    }
}
