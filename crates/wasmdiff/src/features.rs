//! Named WebAssembly feature sets, and their mapping to wasmparser's
//! `WasmFeatures`, wasm-smith's `Config`, and (through each adapter) the
//! engines' own configurations.

use std::fmt;
use std::str::FromStr;

use wasmparser::WasmFeatures;

use crate::error::Error;

macro_rules! features {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, default: $default:literal; )*) => {
        /// One WebAssembly feature (a standardized proposal) that wasmdiff can
        /// enable, generate for, and require of engines.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Feature {
            $( $(#[$doc])* $variant, )*
        }

        impl Feature {
            /// Every feature, in a fixed order.
            pub const ALL: &'static [Feature] = &[$(Feature::$variant),*];

            /// The feature's name as written on the command line.
            pub fn name(self) -> &'static str {
                match self { $(Feature::$variant => $name,)* }
            }

            /// Whether the feature is in the default set.
            pub fn is_default(self) -> bool {
                match self { $(Feature::$variant => $default,)* }
            }
        }
    };
}

features! {
    /// The WebAssembly 1.0 baseline (floats, mutable globals). Always on.
    Mvp = "mvp", default: true;
    /// Multiple results and block parameters.
    MultiValue = "multi-value", default: true;
    /// `memory.copy/fill/init`, `table.copy/init`, passive segments.
    BulkMemory = "bulk-memory", default: true;
    /// `funcref`/`externref` values, multiple tables, `table.get/set/grow`.
    ReferenceTypes = "reference-types", default: true;
    /// 128-bit fixed-width SIMD.
    Simd = "simd", default: true;
    /// Relaxed SIMD: results are implementation-defined, so off by default.
    RelaxedSimd = "relaxed-simd", default: false;
    /// `return_call` and friends.
    TailCall = "tail-call", default: true;
    /// Arithmetic in constant expressions.
    ExtendedConst = "extended-const", default: true;
    /// `i32.extend8_s` and friends.
    SignExtension = "sign-extension", default: true;
    /// Non-trapping float-to-int conversions.
    SaturatingFloatToInt = "saturating-float-to-int", default: true;
    /// More than one memory.
    MultiMemory = "multi-memory", default: true;
    /// 64-bit memory indices.
    Memory64 = "memory64", default: true;
    /// Shared memory and atomics: timing-dependent, so off by default.
    Threads = "threads", default: false;
    /// Typed function references (`call_ref`, non-null references).
    FunctionReferences = "function-references", default: false;
    /// Garbage-collected structs and arrays.
    Gc = "gc", default: false;
    /// Exception handling (`try_table`, `throw`).
    Exceptions = "exceptions", default: false;
    /// 128-bit wide arithmetic instructions.
    WideArithmetic = "wide-arithmetic", default: false;
    /// Memories with page sizes other than 64 KiB.
    CustomPageSizes = "custom-page-sizes", default: false;
}

impl Feature {
    /// The wasmparser flags this feature switches on.
    pub fn wasmparser(self) -> WasmFeatures {
        match self {
            Feature::Mvp => WasmFeatures::MUTABLE_GLOBAL | WasmFeatures::FLOATS,
            Feature::MultiValue => WasmFeatures::MULTI_VALUE,
            Feature::BulkMemory => WasmFeatures::BULK_MEMORY,
            // wasmparser gates `externref` behind GC_TYPES ("the engine has a
            // collector"), so reference types need it too.
            Feature::ReferenceTypes => WasmFeatures::REFERENCE_TYPES | WasmFeatures::GC_TYPES,
            Feature::Simd => WasmFeatures::SIMD,
            Feature::RelaxedSimd => WasmFeatures::RELAXED_SIMD,
            Feature::TailCall => WasmFeatures::TAIL_CALL,
            Feature::ExtendedConst => WasmFeatures::EXTENDED_CONST,
            Feature::SignExtension => WasmFeatures::SIGN_EXTENSION,
            Feature::SaturatingFloatToInt => WasmFeatures::SATURATING_FLOAT_TO_INT,
            Feature::MultiMemory => WasmFeatures::MULTI_MEMORY,
            Feature::Memory64 => WasmFeatures::MEMORY64,
            Feature::Threads => WasmFeatures::THREADS,
            Feature::FunctionReferences => WasmFeatures::FUNCTION_REFERENCES,
            Feature::Gc => WasmFeatures::GC,
            Feature::Exceptions => WasmFeatures::EXCEPTIONS,
            Feature::WideArithmetic => WasmFeatures::WIDE_ARITHMETIC,
            Feature::CustomPageSizes => WasmFeatures::CUSTOM_PAGE_SIZES,
        }
    }

    /// Features this one cannot be on without (the converse of
    /// [`FeatureSet::without`]'s dependents).
    pub fn requires(self) -> FeatureSet {
        match self {
            Feature::RelaxedSimd => FeatureSet::from_iter([Feature::Simd]),
            Feature::FunctionReferences => FeatureSet::from_iter([Feature::ReferenceTypes]),
            Feature::Gc => {
                FeatureSet::from_iter([Feature::ReferenceTypes, Feature::FunctionReferences])
            }
            _ => FeatureSet::EMPTY,
        }
    }

    /// Features that cannot be on without this one.
    fn dependents(self) -> FeatureSet {
        match self {
            Feature::Simd => FeatureSet::from_iter([Feature::RelaxedSimd]),
            Feature::ReferenceTypes => {
                FeatureSet::from_iter([Feature::FunctionReferences, Feature::Gc])
            }
            Feature::FunctionReferences => FeatureSet::from_iter([Feature::Gc]),
            _ => FeatureSet::EMPTY,
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// As its name.
impl serde::Serialize for Feature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Feature {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Feature {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Feature::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Feature::ALL.iter().map(|f| f.name()).collect();
                Error::input(format!(
                    "unknown feature `{s}` (known: {})",
                    names.join(", ")
                ))
            })
    }
}

/// A set of [`Feature`]s. Always contains [`Feature::Mvp`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureSet(u32);

impl FeatureSet {
    /// Only the MVP.
    pub const MVP: FeatureSet = FeatureSet(1);
    const EMPTY: FeatureSet = FeatureSet(0);

    /// The default set: every stable, deterministic feature.
    pub fn default_set() -> FeatureSet {
        Feature::ALL
            .iter()
            .copied()
            .filter(|f| f.is_default())
            .collect()
    }

    /// Every feature wasmdiff knows.
    pub fn all() -> FeatureSet {
        Feature::ALL.iter().copied().collect()
    }

    /// Whether `f` is in the set.
    pub fn contains(self, f: Feature) -> bool {
        self.0 & (1 << f as u32) != 0
    }

    /// The set with `f` added.
    pub fn with(self, f: Feature) -> FeatureSet {
        FeatureSet(self.0 | 1 << f as u32)
    }

    /// The set with `f` (and every feature that depends on it) removed.
    /// The MVP cannot be removed.
    pub fn without(self, f: Feature) -> FeatureSet {
        if f == Feature::Mvp {
            return self;
        }
        FeatureSet(self.0 & !(1 << f as u32) & !f.dependents().0)
    }

    /// Features in both sets.
    pub fn intersect(self, other: FeatureSet) -> FeatureSet {
        FeatureSet((self.0 & other.0) | 1)
    }

    /// Features in `self` but not in `other`.
    pub fn difference(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 & !other.0)
    }

    /// Whether the set has no feature at all (not even the MVP): what a
    /// [`FeatureSet::difference`] gives when nothing is missing.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the set has no feature besides the MVP.
    pub fn is_mvp(self) -> bool {
        self.0 & !1 == 0
    }

    /// The features, in a fixed order.
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }

    /// The equivalent wasmparser feature flags.
    pub fn wasmparser(self) -> WasmFeatures {
        self.iter()
            .fold(WasmFeatures::empty(), |acc, f| acc | f.wasmparser())
    }

    /// Switch wasm-smith's proposals on or off to match this set.
    pub fn apply_to_smith(self, c: &mut wasm_smith::Config) {
        c.multi_value_enabled = self.contains(Feature::MultiValue);
        c.bulk_memory_enabled = self.contains(Feature::BulkMemory);
        c.reference_types_enabled = self.contains(Feature::ReferenceTypes);
        c.simd_enabled = self.contains(Feature::Simd);
        c.relaxed_simd_enabled = self.contains(Feature::RelaxedSimd);
        c.tail_call_enabled = self.contains(Feature::TailCall);
        c.extended_const_enabled = self.contains(Feature::ExtendedConst);
        c.sign_extension_ops_enabled = self.contains(Feature::SignExtension);
        c.saturating_float_to_int_enabled = self.contains(Feature::SaturatingFloatToInt);
        c.memory64_enabled = self.contains(Feature::Memory64);
        c.threads_enabled = self.contains(Feature::Threads);
        c.gc_enabled = self.contains(Feature::Gc);
        c.exceptions_enabled = self.contains(Feature::Exceptions);
        c.wide_arithmetic_enabled = self.contains(Feature::WideArithmetic);
        c.custom_page_sizes_enabled = self.contains(Feature::CustomPageSizes);
        c.shared_everything_threads_enabled = false;
        c.custom_descriptors_enabled = false;
        if !self.contains(Feature::MultiMemory) {
            c.max_memories = c.max_memories.min(1);
        }
        if !self.contains(Feature::ReferenceTypes) {
            c.max_tables = c.max_tables.min(1);
        }
    }

    /// Parse a comma-separated list. Each item is a feature name, `default`,
    /// `all`, or `-name` to remove a feature from what came before. A list
    /// that starts with a plain name starts from the MVP.
    pub fn parse(list: &str) -> Result<FeatureSet, Error> {
        let mut set = FeatureSet::MVP;
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            set = match item {
                "default" => set.union(FeatureSet::default_set()),
                "all" => FeatureSet::all(),
                _ => match item.strip_prefix('-') {
                    Some(name) => set.without(name.parse()?),
                    None => set.with(item.parse()?),
                },
            };
        }
        Ok(set)
    }

    /// Features in either set.
    pub const fn union(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 | other.0)
    }

    /// The MVP and these features (a `const` form of `from_iter`, for the
    /// engine descriptors).
    pub const fn of(features: &[Feature]) -> FeatureSet {
        let mut bits = 1;
        let mut i = 0;
        while i < features.len() {
            bits |= 1 << features[i] as u32;
            i += 1;
        }
        FeatureSet(bits)
    }

    /// The features a module needs: it is valid with all of them and invalid
    /// without any one of them. `Err` if the module is invalid even with every
    /// feature wasmparser knows (the message has the offset), or if it needs a
    /// feature outside [`Feature::ALL`].
    pub fn required_by(wasm: &[u8]) -> Result<FeatureSet, Error> {
        let valid = |set: WasmFeatures| {
            wasmparser::Validator::new_with_features(set)
                .validate_all(wasm)
                .map(|_| ())
        };
        valid(WasmFeatures::all())?;
        let all = FeatureSet::all();
        if let Err(e) = valid(all.wasmparser()) {
            return Err(Error::UnmodelledFeature(e.to_string()));
        }
        let mut needed = FeatureSet::MVP;
        for f in all.iter().filter(|f| *f != Feature::Mvp) {
            if valid(all.without(f).wasmparser()).is_err() {
                needed = needed.with(f);
            }
        }
        Ok(needed)
    }
}

impl FeatureSet {
    /// The features of `candidates` a valid module needs: as
    /// [`FeatureSet::required_by`], but only the features in `candidates`
    /// are tested (one validation each), for a module known to be valid
    /// with `candidates` (a generated one: its profile). Features in
    /// `assumed` are taken as needed without a test: for a campaign, those
    /// every engine supports, which cannot change which engines run a case.
    pub fn required_within(
        wasm: &[u8],
        candidates: FeatureSet,
        assumed: FeatureSet,
    ) -> Result<FeatureSet, Error> {
        let valid = |set: FeatureSet| {
            wasmparser::Validator::new_with_features(set.wasmparser())
                .validate_all(wasm)
                .is_ok()
        };
        if !valid(candidates) {
            return FeatureSet::required_by(wasm);
        }
        let mut needed = FeatureSet::MVP.union(candidates.intersect(assumed));
        for f in candidates.difference(assumed).iter() {
            if f != Feature::Mvp && !valid(candidates.without(f)) {
                needed = needed.with(f);
            }
        }
        Ok(needed)
    }
}

impl Default for FeatureSet {
    fn default() -> Self {
        FeatureSet::default_set()
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> Self {
        iter.into_iter().fold(FeatureSet(0), |s, f| s.with(f))
    }
}

/// As its list of names (`mvp,simd,...`), the form `--features` takes.
impl serde::Serialize for FeatureSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for FeatureSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = String::deserialize(d)?;
        FeatureSet::parse(&list).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.iter().map(Feature::name).collect();
        f.write_str(&names.join(","))
    }
}

impl fmt::Debug for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FeatureSet({self})")
    }
}

impl FromStr for FeatureSet {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        FeatureSet::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print_round_trip() {
        let set = FeatureSet::parse("simd,tail-call").unwrap();
        assert_eq!(set.to_string(), "mvp,simd,tail-call");
        assert_eq!(FeatureSet::parse(&set.to_string()).unwrap(), set);
        let d = FeatureSet::parse("default,-simd").unwrap();
        assert!(!d.contains(Feature::Simd));
        assert!(d.contains(Feature::BulkMemory));
        assert!(!FeatureSet::default_set().contains(Feature::RelaxedSimd));
        assert!(!FeatureSet::default_set().contains(Feature::Threads));
        assert!(
            FeatureSet::parse("simd,bogus")
                .unwrap_err()
                .to_string()
                .contains("bogus")
        );
    }

    #[test]
    fn removing_a_feature_removes_its_dependents() {
        let s = FeatureSet::all().without(Feature::Simd);
        assert!(!s.contains(Feature::RelaxedSimd));
        let s = FeatureSet::all().without(Feature::ReferenceTypes);
        assert!(!s.contains(Feature::Gc));
    }

    #[test]
    fn required_features_are_detected() {
        let wasm = wat::parse_str(
            r#"(module (func (export "f") (param v128) (result i32)
                 local.get 0 i32x4.extract_lane 0 i32.extend8_s))"#,
        )
        .unwrap();
        let need = FeatureSet::required_by(&wasm).unwrap();
        assert_eq!(need.to_string(), "mvp,simd,sign-extension");
        let mvp = wat::parse_str(r#"(module (func (export "f")))"#).unwrap();
        assert!(FeatureSet::required_by(&mvp).unwrap().is_mvp());
        assert!(FeatureSet::required_by(b"\0asm\x01\0\0\0\x01").is_err());
    }
}
