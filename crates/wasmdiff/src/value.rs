//! Engine-independent WebAssembly values, with an equality that knows NaNs.
//!
//! Floats are kept as raw bits so that nothing is lost on the way out of an
//! engine; equality then treats any two NaNs as equal (their bits are not
//! deterministic across engines) and compares `v128` lane by lane.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A WebAssembly value type, as far as wasmdiff distinguishes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValType {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `v128`
    V128,
    /// Any function reference type.
    FuncRef,
    /// Any external reference type.
    ExternRef,
    /// A reference type of the `any` hierarchy (GC) or `exnref`.
    AnyRef,
}

impl ValType {
    /// Whether this is a number type (`i32`, `i64`, `f32`, `f64`): neither
    /// `v128` nor a reference.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64
        )
    }

    /// Convert from wasmparser's type. Reference types other than
    /// func/extern (GC types) map to `None`; so does a reference to a
    /// concrete type that `is_func` (given its index) says is not a
    /// function type.
    pub fn from_wasmparser_in(
        t: wasmparser::ValType,
        is_func: impl Fn(wasmparser::UnpackedIndex) -> bool,
    ) -> Option<ValType> {
        use wasmparser::HeapType;
        if let wasmparser::ValType::Ref(r) = t
            && let HeapType::Concrete(i) | HeapType::Exact(i) = r.heap_type()
            && !is_func(i)
        {
            return None;
        }
        ValType::from_wasmparser(t)
    }

    /// Convert from wasmparser's type, as [`ValType::from_wasmparser_in`]
    /// with every concrete type taken for a function type.
    pub fn from_wasmparser(t: wasmparser::ValType) -> Option<ValType> {
        use wasmparser::{AbstractHeapType, HeapType, ValType as W};
        Some(match t {
            W::I32 => ValType::I32,
            W::I64 => ValType::I64,
            W::F32 => ValType::F32,
            W::F64 => ValType::F64,
            W::V128 => ValType::V128,
            W::Ref(r) => match r.heap_type() {
                HeapType::Abstract {
                    ty: AbstractHeapType::Func,
                    ..
                } => ValType::FuncRef,
                HeapType::Abstract {
                    ty: AbstractHeapType::Extern,
                    ..
                } => ValType::ExternRef,
                HeapType::Concrete(_) | HeapType::Exact(_) => ValType::FuncRef,
                _ => return None,
            },
        })
    }

    /// The zero/null value of this type.
    pub fn default_value(self) -> Val {
        match self {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef { null: true },
            ValType::ExternRef => Val::ExternRef { null: true },
            ValType::AnyRef => Val::AnyRef(AnyKind::Null),
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
            ValType::AnyRef => "anyref",
        })
    }
}

/// A value produced or consumed by an engine.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Val {
    /// `i32`
    I32(i32),
    /// `i64`
    I64(i64),
    /// `f32`, as its bits.
    F32(u32),
    /// `f64`, as its bits.
    F64(u64),
    /// `v128`, as its bits (lane 0 in the low bits); in JSON a hex string,
    /// since JSON numbers cannot hold 128 bits.
    V128(#[serde(with = "v128_hex")] u128),
    /// A function reference; only its null-ness is comparable across engines.
    FuncRef {
        /// Whether the reference is null.
        null: bool,
    },
    /// An external reference; only its null-ness is comparable.
    ExternRef {
        /// Whether the reference is null.
        null: bool,
    },
    /// An external reference that carries a host value: a `.wast` script's
    /// `ref.extern N`, passed in and possibly returned.
    HostRef(u32),
    /// A reference in the `any` hierarchy of the GC proposal (or an
    /// exception reference), by its runtime kind.
    AnyRef(AnyKind),
}

/// The runtime kind of an `anyref`-hierarchy (or `exnref`) reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnyKind {
    /// A null reference.
    Null,
    /// An `i31ref`.
    I31,
    /// A struct.
    Struct,
    /// An array.
    Array,
    /// A host value turned into an `anyref` (`any.convert_extern`).
    Host(u32),
    /// An exception.
    Exn,
    /// Something else (non-null).
    Other,
}

mod v128_hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{v:032x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let s = String::deserialize(d)?;
        let digits = s.strip_prefix("0x").unwrap_or(&s);
        u128::from_str_radix(digits, 16).map_err(serde::de::Error::custom)
    }
}

const F32_EXP: u32 = 0x7f80_0000;
const F32_MANT: u32 = 0x007f_ffff;
const F64_EXP: u64 = 0x7ff0_0000_0000_0000;
const F64_MANT: u64 = 0x000f_ffff_ffff_ffff;

/// Whether the bits are an `f32` NaN.
pub fn f32_is_nan(bits: u32) -> bool {
    bits & F32_EXP == F32_EXP && bits & F32_MANT != 0
}

/// Whether the bits are an `f64` NaN.
pub fn f64_is_nan(bits: u64) -> bool {
    bits & F64_EXP == F64_EXP && bits & F64_MANT != 0
}

/// Whether two `v128` values are equal when NaN bits are ignored. The shape
/// of a `v128` is not known from its type, so the values are equal if they
/// are bit-identical, or if every 32-bit lane is equal or a NaN in both, or if
/// every 64-bit lane is. A v128 that holds integers never has NaN-looking
/// lanes that differ in both views unless the integers really differ.
pub fn v128_eq(a: u128, b: u128) -> bool {
    if a == b {
        return true;
    }
    let lanes32 = (0..4).all(|i| {
        let (x, y) = ((a >> (32 * i)) as u32, (b >> (32 * i)) as u32);
        x == y || (f32_is_nan(x) && f32_is_nan(y))
    });
    let lanes64 = (0..2).all(|i| {
        let (x, y) = ((a >> (64 * i)) as u64, (b >> (64 * i)) as u64);
        x == y || (f64_is_nan(x) && f64_is_nan(y))
    });
    lanes32 || lanes64
}

impl Val {
    /// The value's type.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef { .. } => ValType::FuncRef,
            Val::ExternRef { .. } | Val::HostRef(_) => ValType::ExternRef,
            Val::AnyRef(_) => ValType::AnyRef,
        }
    }

    /// Whether the value is a null reference.
    pub fn is_null_ref(&self) -> bool {
        matches!(
            self,
            Val::FuncRef { null: true }
                | Val::ExternRef { null: true }
                | Val::AnyRef(AnyKind::Null)
        )
    }

    /// Whether the value is a float NaN (or a v128 with a NaN lane in its f32
    /// view).
    pub fn has_nan(&self) -> bool {
        match *self {
            Val::F32(b) => f32_is_nan(b),
            Val::F64(b) => f64_is_nan(b),
            Val::V128(v) => (0..4).any(|i| f32_is_nan((v >> (32 * i)) as u32)),
            _ => false,
        }
    }
}

impl PartialEq for Val {
    fn eq(&self, other: &Val) -> bool {
        match (*self, *other) {
            (Val::I32(a), Val::I32(b)) => a == b,
            (Val::I64(a), Val::I64(b)) => a == b,
            (Val::F32(a), Val::F32(b)) => a == b || (f32_is_nan(a) && f32_is_nan(b)),
            (Val::F64(a), Val::F64(b)) => a == b || (f64_is_nan(a) && f64_is_nan(b)),
            (Val::V128(a), Val::V128(b)) => v128_eq(a, b),
            (Val::FuncRef { null: a }, Val::FuncRef { null: b }) => a == b,
            (Val::ExternRef { null: a }, Val::ExternRef { null: b }) => a == b,
            (Val::HostRef(a), Val::HostRef(b)) => a == b,
            (Val::AnyRef(a), Val::AnyRef(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn float(
            f: &mut fmt::Formatter<'_>,
            ty: &str,
            v: f64,
            nan: bool,
            bits: u64,
        ) -> fmt::Result {
            if nan {
                write!(f, "{ty}:nan(0x{bits:x})")
            } else if v.is_infinite() {
                write!(f, "{ty}:{}inf", if v < 0.0 { "-" } else { "" })
            } else {
                write!(f, "{ty}:{v:?}")
            }
        }
        match *self {
            Val::I32(v) => write!(f, "i32:{v}"),
            Val::I64(v) => write!(f, "i64:{v}"),
            Val::F32(b) => float(f, "f32", f32::from_bits(b) as f64, f32_is_nan(b), b as u64),
            Val::F64(b) => float(f, "f64", f64::from_bits(b), f64_is_nan(b), b),
            Val::V128(v) => write!(f, "v128:0x{v:032x}"),
            Val::FuncRef { null } => f.write_str(if null { "ref.null func" } else { "ref.func" }),
            Val::ExternRef { null } => f.write_str(if null {
                "ref.null extern"
            } else {
                "ref.extern"
            }),
            Val::HostRef(n) => write!(f, "ref.extern {n}"),
            Val::AnyRef(k) => match k {
                AnyKind::Null => f.write_str("ref.null any"),
                AnyKind::I31 => f.write_str("ref.i31"),
                AnyKind::Struct => f.write_str("ref.struct"),
                AnyKind::Array => f.write_str("ref.array"),
                AnyKind::Host(n) => write!(f, "ref.host {n}"),
                AnyKind::Exn => f.write_str("ref.exn"),
                AnyKind::Other => f.write_str("ref.any"),
            },
        }
    }
}

/// Format a list of values as `a, b, c` (or `()` when empty).
pub fn display_list(vals: &[Val]) -> String {
    if vals.is_empty() {
        return "()".to_string();
    }
    vals.iter()
        .map(Val::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nans_compare_equal_whatever_their_bits() {
        assert_eq!(Val::F32(0x7fc0_0000), Val::F32(0xffc0_0001));
        assert_eq!(
            Val::F64(0x7ff8_0000_0000_0000),
            Val::F64(0xfff0_0000_0000_0001)
        );
        assert_ne!(Val::F32(0x7fc0_0000), Val::F32(0x7f80_0000)); // NaN vs inf
        assert_ne!(Val::F32(0x8000_0000), Val::F32(0)); // -0.0 vs +0.0
        assert_ne!(Val::F32(1), Val::I32(1));
    }

    #[test]
    fn v128_compares_float_lanes() {
        let a = 0x7fc0_0000_u128 | (5u128 << 32);
        let b = 0xffc0_0001_u128 | (5u128 << 32);
        assert_eq!(Val::V128(a), Val::V128(b));
        let c = 0x7fc0_0000_u128 | (6u128 << 32);
        assert_ne!(Val::V128(a), Val::V128(c));
        let d = 0x7ff8_0000_0000_0000_u128 | (9u128 << 64);
        let e = 0xfff8_0000_0000_0001_u128 | (9u128 << 64);
        assert_eq!(Val::V128(d), Val::V128(e));
    }

    #[test]
    fn v128_round_trips_through_json() {
        let v = Val::V128(u128::MAX - 5);
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(
            text,
            r#"{"type":"v128","value":"0xfffffffffffffffffffffffffffffffa"}"#
        );
        let back: Val = serde_json::from_str(&text).unwrap();
        assert!(matches!(back, Val::V128(x) if x == u128::MAX - 5));
    }

    #[test]
    fn display_is_readable() {
        assert_eq!(Val::F32(0x7fc0_0000).to_string(), "f32:nan(0x7fc00000)");
        assert_eq!(Val::F64((-1.5f64).to_bits()).to_string(), "f64:-1.5");
        assert_eq!(
            Val::F32(f32::NEG_INFINITY.to_bits()).to_string(),
            "f32:-inf"
        );
        assert_eq!(display_list(&[]), "()");
    }
}
