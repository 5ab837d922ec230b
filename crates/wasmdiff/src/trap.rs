//! One set of trap kinds that every engine's errors are mapped to.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why execution trapped, independent of the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrapKind {
    /// `unreachable` was executed (this includes wasm-smith's fuel running out).
    Unreachable,
    /// Integer division or remainder by zero.
    IntegerDivideByZero,
    /// Integer overflow (`i32.div_s` of MIN by -1).
    IntegerOverflow,
    /// A trapping float-to-int conversion of NaN or an out-of-range value.
    InvalidConversion,
    /// A memory access out of bounds (also data segments at instantiation).
    MemoryOutOfBounds,
    /// A table access out of bounds, including `call_indirect` past the end
    /// of the table and element segments at instantiation.
    TableOutOfBounds,
    /// `call_indirect` to a slot whose function has the wrong type.
    IndirectCallTypeMismatch,
    /// A null reference was dereferenced (`call_ref`, `struct.get`, ...).
    NullReference,
    /// `call_indirect` to a null table slot (the spec's "uninitialized
    /// element"; an index past the table's end is [`TrapKind::TableOutOfBounds`],
    /// the spec's "undefined element").
    UninitializedElement,
    /// `call_indirect` to a null slot or to a function of the wrong type,
    /// where the engine cannot tell which (V8 checks both with one test).
    /// It matches either [`TrapKind::UninitializedElement`] or
    /// [`TrapKind::IndirectCallTypeMismatch`] (see [`TrapKind::matches`]).
    IndirectCallNullOrMismatch,
    /// A float-to-int conversion trapped, NaN or out of range, where the
    /// engine cannot tell which (V8 has one message for both). It matches
    /// [`TrapKind::InvalidConversion`] or [`TrapKind::IntegerOverflow`].
    ConversionFailed,
    /// A memory, table or array access out of bounds, where the engine
    /// cannot tell which (SpiderMonkey has one message, "index out of
    /// bounds", for the three). It matches [`TrapKind::MemoryOutOfBounds`],
    /// [`TrapKind::TableOutOfBounds`] or [`TrapKind::ArrayOutOfBounds`].
    IndexOutOfBounds,
    /// Misaligned atomic access.
    UnalignedAtomic,
    /// A GC cast failed.
    CastFailure,
    /// An array access out of bounds.
    ArrayOutOfBounds,
    /// An allocation was too large.
    AllocationTooLarge,
    /// An exception escaped to the host.
    UncaughtException,
    /// `memory.atomic.wait` on a memory that is not shared.
    AtomicWaitNonShared,
    /// The call stack was exhausted. Never a divergence: depth limits differ.
    StackExhausted,
    /// The engine's own fuel ran out. Never a divergence: cost models differ.
    OutOfFuel,
    /// A trap the engine reported without a code we know.
    Other,
}

impl TrapKind {
    /// Every kind.
    pub const ALL: &'static [TrapKind] = &[
        TrapKind::Unreachable,
        TrapKind::IntegerDivideByZero,
        TrapKind::IntegerOverflow,
        TrapKind::InvalidConversion,
        TrapKind::MemoryOutOfBounds,
        TrapKind::TableOutOfBounds,
        TrapKind::IndirectCallTypeMismatch,
        TrapKind::NullReference,
        TrapKind::UninitializedElement,
        TrapKind::IndirectCallNullOrMismatch,
        TrapKind::ConversionFailed,
        TrapKind::IndexOutOfBounds,
        TrapKind::UnalignedAtomic,
        TrapKind::CastFailure,
        TrapKind::ArrayOutOfBounds,
        TrapKind::AllocationTooLarge,
        TrapKind::UncaughtException,
        TrapKind::AtomicWaitNonShared,
        TrapKind::StackExhausted,
        TrapKind::OutOfFuel,
        TrapKind::Other,
    ];

    /// A short stable name (used in signatures).
    pub fn name(self) -> &'static str {
        match self {
            TrapKind::Unreachable => "unreachable",
            TrapKind::IntegerDivideByZero => "integer-divide-by-zero",
            TrapKind::IntegerOverflow => "integer-overflow",
            TrapKind::InvalidConversion => "invalid-conversion",
            TrapKind::MemoryOutOfBounds => "memory-out-of-bounds",
            TrapKind::TableOutOfBounds => "table-out-of-bounds",
            TrapKind::IndirectCallTypeMismatch => "indirect-call-type-mismatch",
            TrapKind::NullReference => "null-reference",
            TrapKind::UninitializedElement => "uninitialized-element",
            TrapKind::IndirectCallNullOrMismatch => "indirect-call-null-or-mismatch",
            TrapKind::ConversionFailed => "conversion-failed",
            TrapKind::IndexOutOfBounds => "index-out-of-bounds",
            TrapKind::UnalignedAtomic => "unaligned-atomic",
            TrapKind::CastFailure => "cast-failure",
            TrapKind::ArrayOutOfBounds => "array-out-of-bounds",
            TrapKind::AllocationTooLarge => "allocation-too-large",
            TrapKind::UncaughtException => "uncaught-exception",
            TrapKind::AtomicWaitNonShared => "atomic-wait-non-shared",
            TrapKind::StackExhausted => "stack-exhausted",
            TrapKind::OutOfFuel => "out-of-fuel",
            TrapKind::Other => "other",
        }
    }

    /// The message the spec test suite's `assert_trap` uses for this kind
    /// (a prefix of it), where there is one.
    pub fn spec_message(self) -> Option<&'static str> {
        Some(match self {
            TrapKind::Unreachable => "unreachable",
            TrapKind::IntegerDivideByZero => "integer divide by zero",
            TrapKind::IntegerOverflow => "integer overflow",
            TrapKind::InvalidConversion => "invalid conversion to integer",
            TrapKind::MemoryOutOfBounds => "out of bounds memory access",
            TrapKind::TableOutOfBounds => "out of bounds table access",
            TrapKind::IndirectCallTypeMismatch => "indirect call type mismatch",
            TrapKind::NullReference => "null reference",
            TrapKind::UninitializedElement => "uninitialized element",
            TrapKind::CastFailure => "cast failure",
            TrapKind::ArrayOutOfBounds => "out of bounds array access",
            TrapKind::StackExhausted => "call stack exhausted",
            _ => return None,
        })
    }

    /// The kind an `assert_trap` message of the spec test suite names (the
    /// spec interpreter's messages, matched by prefix), if any.
    pub fn from_spec_message(message: &str) -> Option<TrapKind> {
        const MESSAGES: &[(&str, TrapKind)] = &[
            ("unreachable", TrapKind::Unreachable),
            ("integer divide by zero", TrapKind::IntegerDivideByZero),
            ("integer overflow", TrapKind::IntegerOverflow),
            ("invalid conversion to integer", TrapKind::InvalidConversion),
            ("out of bounds memory access", TrapKind::MemoryOutOfBounds),
            ("out of bounds table access", TrapKind::TableOutOfBounds),
            // `call_indirect` past the end of the table.
            ("undefined element", TrapKind::TableOutOfBounds),
            ("uninitialized element", TrapKind::UninitializedElement),
            (
                "indirect call type mismatch",
                TrapKind::IndirectCallTypeMismatch,
            ),
            // `call_ref` and friends with a function of the wrong type.
            ("type mismatch", TrapKind::IndirectCallTypeMismatch),
            ("out of bounds array access", TrapKind::ArrayOutOfBounds),
            ("unaligned atomic", TrapKind::UnalignedAtomic),
            ("cast failure", TrapKind::CastFailure),
            ("descriptor cast failure", TrapKind::CastFailure),
            // "null function reference", "null structure reference", ...
            ("null", TrapKind::NullReference),
            ("call stack exhausted", TrapKind::StackExhausted),
            ("allocation too large", TrapKind::AllocationTooLarge),
        ];
        MESSAGES
            .iter()
            .find(|(m, _)| message.starts_with(m))
            .map(|(_, k)| *k)
    }

    /// Whether two engines' trap kinds describe the same behaviour: equal,
    /// or one of them is an ambiguous kind
    /// ([`TrapKind::IndirectCallNullOrMismatch`], [`TrapKind::ConversionFailed`],
    /// [`TrapKind::IndexOutOfBounds`])
    /// and the other one of the kinds it stands for.
    ///
    /// [`TrapKind::UnalignedAtomic`] and [`TrapKind::MemoryOutOfBounds`]
    /// (or [`TrapKind::IndexOutOfBounds`], which may be it) match too: an atomic access that is both misaligned and out of
    /// bounds may report either (the threads proposal's semantics and its
    /// tests do not order the two checks; wasmtime checks alignment first,
    /// V8 bounds first). The price: an engine that reports one for an
    /// access that is only the other goes unnoticed.
    pub fn matches(self, other: TrapKind) -> bool {
        use TrapKind::*;
        self == other
            || matches!(
                (self, other),
                (
                    IndirectCallNullOrMismatch,
                    UninitializedElement | IndirectCallTypeMismatch
                ) | (
                    UninitializedElement | IndirectCallTypeMismatch,
                    IndirectCallNullOrMismatch
                ) | (ConversionFailed, InvalidConversion | IntegerOverflow)
                    | (
                        IndexOutOfBounds,
                        MemoryOutOfBounds | TableOutOfBounds | ArrayOutOfBounds
                    )
                    | (
                        MemoryOutOfBounds | TableOutOfBounds | ArrayOutOfBounds,
                        IndexOutOfBounds
                    )
                    | (InvalidConversion | IntegerOverflow, ConversionFailed)
                    | (UnalignedAtomic, MemoryOutOfBounds | IndexOutOfBounds)
                    | (MemoryOutOfBounds | IndexOutOfBounds, UnalignedAtomic)
            )
    }

    /// Whether this trap is a resource bound rather than a deterministic
    /// outcome of the program, and so never comparable across engines.
    pub fn is_exhaustion(self) -> bool {
        matches!(self, TrapKind::StackExhausted | TrapKind::OutOfFuel)
    }
}

impl fmt::Display for TrapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::TrapKind::*;

    #[test]
    fn an_ambiguous_kind_matches_each_kind_it_stands_for_and_no_other() {
        for k in [MemoryOutOfBounds, TableOutOfBounds, ArrayOutOfBounds] {
            assert!(
                IndexOutOfBounds.matches(k) && k.matches(IndexOutOfBounds),
                "{k}"
            );
        }
        for k in [InvalidConversion, IntegerOverflow] {
            assert!(
                ConversionFailed.matches(k) && k.matches(ConversionFailed),
                "{k}"
            );
        }
        for k in [IntegerDivideByZero, Unreachable, NullReference, CastFailure] {
            assert!(
                !IndexOutOfBounds.matches(k) && !k.matches(IndexOutOfBounds),
                "{k}"
            );
        }
        assert!(!MemoryOutOfBounds.matches(TableOutOfBounds));
        assert!(!ArrayOutOfBounds.matches(MemoryOutOfBounds));
    }

    /// An atomic access both misaligned and out of bounds may report
    /// either, also through SpiderMonkey's one bounds message (a campaign
    /// with SpiderMonkey 128 and wasmtime met it).
    #[test]
    fn a_misaligned_atomic_out_of_bounds_may_report_either() {
        for k in [MemoryOutOfBounds, IndexOutOfBounds] {
            assert!(
                UnalignedAtomic.matches(k) && k.matches(UnalignedAtomic),
                "{k}"
            );
        }
        assert!(!UnalignedAtomic.matches(TableOutOfBounds));
    }
}
