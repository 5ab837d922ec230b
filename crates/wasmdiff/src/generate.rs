//! Turning fuzz input bytes into a test case: a wasm-smith module under a
//! named feature set, plus arguments for every exported function.
//!
//! Everything that could make engines legitimately disagree is removed at
//! generation time: module-level fuel (wasm-smith's `ensure_termination`)
//! makes termination identical everywhere; memories and tables must declare
//! small maximums so growth succeeds or fails the same in every engine; there
//! are no imports; and NaNs are canonicalized by [`crate::nan`] (which, unlike
//! wasm-smith's own option, also covers `f32.demote_f64`/`f64.promote_f32`).
//! The same bytes always give the same module and arguments.

use arbitrary::Unstructured;
use serde::{Deserialize, Serialize};

use crate::features::FeatureSet;
use crate::module_info::ModuleInfo;
use crate::value::{Val, ValType};

/// How modules are generated.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GenConfig {
    /// Features generated modules may use.
    pub features: FeatureSet,
    /// Module-level fuel: loop iterations and calls before the module traps
    /// with `unreachable`. Shared by the start function and all calls.
    pub module_fuel: u32,
    /// Maximum pages any memory may declare (always required).
    pub max_memory_pages: u64,
    /// Maximum elements any table may declare (always required).
    pub max_table_elements: u64,
    /// Upper bound on defined functions.
    pub max_funcs: usize,
    /// Upper bound on instructions per function.
    pub max_instructions: usize,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            features: FeatureSet::default_set(),
            module_fuel: 1_000,
            max_memory_pages: 4,
            max_table_elements: 100,
            max_funcs: 12,
            max_instructions: 200,
        }
    }
}

impl GenConfig {
    /// The wasm-smith configuration for this generator.
    pub fn smith_config(&self) -> wasm_smith::Config {
        let mut c = wasm_smith::Config {
            max_imports: 0,
            min_types: 3,
            min_funcs: 3,
            max_funcs: self.max_funcs,
            max_instructions: self.max_instructions,
            export_everything: true,
            allow_start_export: true,
            memory_max_size_required: true,
            max_memory32_bytes: self.max_memory_pages * 65536,
            max_memory64_bytes: u128::from(self.max_memory_pages) * 65536,
            table_max_size_required: true,
            max_table_elements: self.max_table_elements,
            max_memories: 2,
            max_tables: 2,
            // wasmdiff's own rewrite canonicalizes NaNs (see crate::nan).
            canonicalize_nans: false,
            generate_custom_sections: false,
            ..wasm_smith::Config::default()
        };
        self.features.apply_to_smith(&mut c);
        c
    }
}

/// A call to make: an exported function and its arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The export's name.
    pub export: String,
    /// Arguments, one per parameter.
    pub args: Vec<Val>,
}

/// A module with the calls to make on it.
#[derive(Clone, Debug)]
pub struct TestCase {
    /// The module's bytes.
    pub wasm: Vec<u8>,
    /// What wasmdiff knows about it.
    pub info: ModuleInfo,
    /// The calls, in export order.
    pub calls: Vec<Call>,
}

/// Why a test case could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// wasm-smith gave up (input too short or unlucky).
    #[error("wasm-smith could not generate a module: {0}")]
    Smith(#[from] arbitrary::Error),
    /// wasm-smith's termination pass failed.
    #[error("could not add module fuel: {0}")]
    Fuel(String),
    /// The NaN rewrite failed.
    #[error("could not canonicalize NaNs: {0}")]
    Nan(String),
    /// The generated module was invalid (a wasm-smith or rewrite bug).
    #[error("generated module is invalid: {0}")]
    Invalid(String),
}

impl TestCase {
    /// Generate a test case from fuzz input bytes.
    pub fn generate(data: &[u8], config: &GenConfig) -> Result<TestCase, GenError> {
        let mut u = Unstructured::new(data);
        TestCase::generate_from(&mut u, config)
    }

    /// Generate a test case, drawing the module and then the arguments from `u`.
    pub fn generate_from(
        u: &mut Unstructured<'_>,
        config: &GenConfig,
    ) -> Result<TestCase, GenError> {
        let mut module = wasm_smith::Module::new(config.smith_config(), u)?;
        module
            .ensure_termination(config.module_fuel)
            .map_err(|e| GenError::Fuel(e.to_string()))?;
        let mut wasm = module.to_bytes();
        // A start function that traps leaves nothing to execute: most cases
        // drop the start section (with `export_everything` the function is
        // still called, as an export), some keep it to test instantiation.
        if !u.ratio(1, 16).unwrap_or(false) {
            wasm = without_start_section(&wasm).map_err(GenError::Invalid)?;
        }
        let wasm = crate::nan::canonicalize_nans(&wasm).map_err(GenError::Nan)?;
        let info =
            ModuleInfo::parse_with_features(&wasm, config.features).map_err(GenError::Invalid)?;
        let calls = info
            .exported_funcs()
            .filter_map(|(name, sig)| {
                let sig = sig?;
                let args = sig.params.iter().map(|t| arbitrary_val(u, *t)).collect();
                Some(Call {
                    export: name.to_string(),
                    args,
                })
            })
            .collect();
        Ok(TestCase { wasm, info, calls })
    }

    /// A test case for a user's module: every exported function is called
    /// in declaration order with zero arguments.
    pub fn from_module(wasm: Vec<u8>) -> Result<TestCase, String> {
        let info = ModuleInfo::parse(&wasm)?;
        let calls = zero_arg_calls(&info);
        Ok(TestCase { wasm, info, calls })
    }
}

/// The module with its start section (if any) removed, every other section
/// copied byte for byte.
fn without_start_section(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Some((id, range)) = payload.as_section()
            && id != wasm_encoder::SectionId::Start as u8
        {
            let data = &wasm[range.start as usize..range.end as usize];
            out.section(&wasm_encoder::RawSection { id, data });
        }
    }
    Ok(out.finish())
}

/// Calls to every callable exported function with zero values.
pub fn zero_arg_calls(info: &ModuleInfo) -> Vec<Call> {
    info.exported_funcs()
        .filter_map(|(name, sig)| {
            let args = sig?.params.iter().map(|t| t.default_value()).collect();
            Some(Call {
                export: name.to_string(),
                args,
            })
        })
        .collect()
}

const I32_EDGES: &[i32] = &[
    0,
    1,
    -1,
    i32::MIN,
    i32::MAX,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffff,
    65536,
];
const I64_EDGES: &[i64] = &[
    0,
    1,
    -1,
    i64::MIN,
    i64::MAX,
    i32::MIN as i64,
    u32::MAX as i64,
    1 << 32,
];
const F32_EDGES: &[u32] = &[
    0x0000_0000, // 0.0
    0x8000_0000, // -0.0
    0x3f80_0000, // 1.0
    0xbf80_0000, // -1.0
    0x7fc0_0000, // canonical NaN
    0xffc0_0000, // negative NaN
    0x7fa0_0001, // NaN with payload
    0x7f80_0001, // signalling NaN
    0x7f80_0000, // inf
    0xff80_0000, // -inf
    0x0000_0001, // smallest subnormal
    0x8000_0001, // negative subnormal
    0x0080_0000, // MIN_POSITIVE
    0x7f7f_ffff, // MAX
    0xff7f_ffff, // MIN
    0x4f00_0000, // 2^31
    0xcf00_0000, // -2^31
    0x5f00_0000, // 2^63
    0x3f00_0000, // 0.5
];
const F64_EDGES: &[u64] = &[
    0x0000_0000_0000_0000,
    0x8000_0000_0000_0000,
    0x3ff0_0000_0000_0000,
    0xbff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0xfff8_0000_0000_0000,
    0x7ff4_0000_0000_0001,
    0x7ff0_0000_0000_0001,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x0000_0000_0000_0001,
    0x8000_0000_0000_0001,
    0x0010_0000_0000_0000,
    0x7fef_ffff_ffff_ffff,
    0xffef_ffff_ffff_ffff,
    0x41e0_0000_0000_0000, // 2^31
    0xc1e0_0000_0000_0000, // -2^31
    0x43e0_0000_0000_0000, // 2^63
    0x3fe0_0000_0000_0000, // 0.5
];

/// Pick an edge value half of the time, an arbitrary one otherwise.
fn pick<T: Copy>(
    u: &mut Unstructured<'_>,
    edges: &[T],
    any: impl FnOnce(&mut Unstructured<'_>) -> T,
) -> T {
    match u.int_in_range(0..=2 * edges.len() - 1) {
        Ok(i) if i < edges.len() => edges[i],
        _ => any(u),
    }
}

/// Draw an argument of type `ty`, biased toward edge values. Running out of
/// input gives zeros, never an error.
pub fn arbitrary_val(u: &mut Unstructured<'_>, ty: ValType) -> Val {
    match ty {
        ValType::I32 => Val::I32(pick(u, I32_EDGES, |u| u.arbitrary().unwrap_or(0))),
        ValType::I64 => Val::I64(pick(u, I64_EDGES, |u| u.arbitrary().unwrap_or(0))),
        ValType::F32 => Val::F32(pick(u, F32_EDGES, |u| u.arbitrary().unwrap_or(0))),
        ValType::F64 => Val::F64(pick(u, F64_EDGES, |u| u.arbitrary().unwrap_or(0))),
        ValType::V128 => {
            let mut v = 0u128;
            if u.arbitrary().unwrap_or(false) {
                for lane in 0..4 {
                    let bits = pick(u, F32_EDGES, |u| u.arbitrary().unwrap_or(0));
                    v |= u128::from(bits) << (32 * lane);
                }
            } else {
                v = u.arbitrary().unwrap_or(0);
            }
            Val::V128(v)
        }
        ValType::FuncRef | ValType::ExternRef | ValType::AnyRef => ty.default_value(),
    }
}

/// The input bytes of case `index` of a seeded run: the same `(seed, index)`
/// always gives the same bytes, on every machine and Rust version
/// (splitmix64, not std's hasher). Lengths vary between 1 KiB and 8 KiB.
pub fn seeded_input(seed: u64, index: u64) -> Vec<u8> {
    let mut state = seed ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03);
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let len = 1024 + (next() % 7168) as usize;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&next().to_le_bytes());
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(seed: u64, len: usize) -> Vec<u8> {
        let mut v = seeded_input(seed, 0);
        v.resize(len, 0x5a);
        v
    }

    #[test]
    fn seeded_inputs_are_fixed() {
        assert_eq!(seeded_input(1, 2), seeded_input(1, 2));
        assert_ne!(seeded_input(1, 2), seeded_input(1, 3));
        assert_ne!(seeded_input(1, 2), seeded_input(2, 2));
        // Pinned: the same input on every machine, forever.
        assert_eq!(&seeded_input(0, 0)[..4], &[244, 101, 185, 161]);
    }

    #[test]
    fn same_bytes_same_case() {
        let cfg = GenConfig::default();
        for seed in 0..20 {
            let data = seeded(seed, 2048);
            let a = TestCase::generate(&data, &cfg).unwrap();
            let b = TestCase::generate(&data, &cfg).unwrap();
            assert_eq!(a.wasm, b.wasm);
            assert_eq!(a.calls, b.calls);
        }
    }

    #[test]
    fn generated_modules_respect_the_rules() {
        let cfg = GenConfig::default();
        for seed in 0..50 {
            let case = TestCase::generate(&seeded(seed, 4096), &cfg).unwrap();
            assert!(case.info.imports.is_empty(), "no imports");
            for m in &case.info.memories {
                assert!(
                    m.max.is_some_and(|max| max <= cfg.max_memory_pages),
                    "{m:?}"
                );
            }
            for t in &case.info.tables {
                assert!(
                    t.max.is_some_and(|max| max <= cfg.max_table_elements),
                    "{t:?}"
                );
            }
            for c in &case.calls {
                let (_, sig) = case
                    .info
                    .exported_funcs()
                    .find(|(n, _)| *n == c.export)
                    .unwrap();
                let tys: Vec<_> = c.args.iter().map(Val::ty).collect();
                assert_eq!(tys, sig.unwrap().params);
            }
            let needed = FeatureSet::required_by(&case.wasm).unwrap();
            assert_eq!(
                needed.difference(cfg.features).iter().count(),
                0,
                "{needed}"
            );
        }
    }

    #[test]
    fn feature_sets_narrow_generation() {
        let cfg = GenConfig {
            features: FeatureSet::MVP,
            ..GenConfig::default()
        };
        for seed in 0..50 {
            let case = TestCase::generate(&seeded(seed, 4096), &cfg).unwrap();
            assert!(FeatureSet::required_by(&case.wasm).unwrap().is_mvp());
        }
    }

    #[test]
    fn arguments_hit_edge_values() {
        let data = seeded(7, 1 << 16);
        let mut u = Unstructured::new(&data);
        let vals: Vec<Val> = (0..2000)
            .map(|_| arbitrary_val(&mut u, ValType::F32))
            .collect();
        assert!(vals.iter().any(|v| v.has_nan()));
        assert!(vals.iter().any(|v| matches!(v, Val::F32(0x8000_0000))));
        assert!(vals.iter().any(|v| matches!(v, Val::F32(0xff80_0000))));
        let mut u = Unstructured::new(&[]);
        assert!(matches!(arbitrary_val(&mut u, ValType::I64), Val::I64(_)));
    }
}
