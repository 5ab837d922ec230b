//! Turning fuzz input bytes into a test case: a wasm-smith module under a
//! feature profile drawn per case ([`swarm`]), rewritten to hit edge values
//! and to make what it computes observable ([`rewrite`]), plus several calls
//! of every exported function with edge-biased arguments.
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

use crate::error::Error;
use crate::features::FeatureSet;
use crate::module_info::ModuleInfo;
use crate::value::{Val, ValType};

mod force;
pub mod rewrite;
pub mod swarm;

pub use swarm::{Knobs, Swarm};

/// How modules are generated.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GenConfig {
    /// Features generated modules may use: with [`GenConfig::swarm`], the
    /// union the per-case profiles are drawn from (and what the engines are
    /// configured with); without it, the one fixed profile.
    pub features: FeatureSet,
    /// How each case draws its feature profile; `None` pins
    /// [`GenConfig::features`].
    pub swarm: Option<Swarm>,
    /// Fold dropped values and locals into an exported checksum global
    /// (see [`rewrite`]).
    pub observe: bool,
    /// At most this many calls per exported function (each case draws how
    /// many, from 1).
    pub max_calls_per_export: u32,
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
            swarm: None,
            observe: true,
            max_calls_per_export: 3,
            module_fuel: 1_000,
            max_memory_pages: 4,
            max_table_elements: 100,
            max_funcs: 12,
            max_instructions: 200,
        }
    }
}

impl GenConfig {
    /// Pin one feature profile (what `--features` does).
    pub fn pin(&mut self, features: FeatureSet) {
        self.features = features;
        self.swarm = None;
    }

    /// Draw each case's profile from what `engines` (their supported sets)
    /// support, within `universe`.
    pub fn swarm_over(&mut self, engines: Vec<FeatureSet>, universe: FeatureSet) {
        let swarm = Swarm::new(engines, universe);
        self.features = swarm.union();
        self.swarm = Some(swarm);
    }

    /// The wasm-smith configuration for a case with feature `profile` and
    /// `knobs`.
    pub fn smith_config_for(&self, profile: FeatureSet, knobs: &Knobs) -> wasm_smith::Config {
        let mut c = self.smith_config_with(profile);
        c.allowed_instructions = knobs.instructions;
        c.max_funcs = knobs.max_funcs;
        c.max_instructions = knobs.max_instructions;
        c.max_memories = c.max_memories.min(knobs.max_memories);
        if profile.contains(crate::features::Feature::MultiMemory) && knobs.min_memories >= 2 {
            c.min_memories = 2;
            c.max_memories = c.max_memories.max(2);
        }
        c.max_tables = c.max_tables.min(knobs.max_tables);
        c.multi_value_enabled &= knobs.multi_value;
        c
    }

    /// The wasm-smith configuration for [`GenConfig::features`] without
    /// per-case knobs.
    pub fn smith_config(&self) -> wasm_smith::Config {
        self.smith_config_with(self.features)
    }

    fn smith_config_with(&self, features: FeatureSet) -> wasm_smith::Config {
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
            max_tables: 3,
            // wasmdiff's own rewrite canonicalizes NaNs (see crate::nan).
            canonicalize_nans: false,
            generate_custom_sections: false,
            ..wasm_smith::Config::default()
        };
        features.apply_to_smith(&mut c);
        c
    }
}

/// The most calls a generated case makes.
const MAX_CALLS: usize = 32;

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
    /// The edge-value and observability rewrite failed.
    #[error("could not rewrite the module: {}", .0.report())]
    Rewrite(Error),
    /// The NaN rewrite failed.
    #[error("{}", .0.report())]
    Nan(Error),
    /// The generated module was invalid (a wasm-smith or rewrite bug).
    #[error("generated module is invalid: {}", .0.report())]
    Invalid(Error),
}

impl TestCase {
    /// Generate a test case from fuzz input bytes.
    pub fn generate(data: &[u8], config: &GenConfig) -> Result<TestCase, GenError> {
        let mut u = Unstructured::new(data);
        TestCase::generate_from(&mut u, config)
    }

    /// Generate a test case, drawing the profile, the knobs, the module and
    /// then the calls from `u`.
    pub fn generate_from(
        u: &mut Unstructured<'_>,
        config: &GenConfig,
    ) -> Result<TestCase, GenError> {
        let profile = match &config.swarm {
            Some(s) => s.draw(u),
            None => config.features,
        };
        let knobs = Knobs::draw(u, config.max_funcs, config.max_instructions);
        let rounds = u
            .int_in_range(1..=config.max_calls_per_export.max(1))
            .unwrap_or(1);
        let mut module = wasm_smith::Module::new(config.smith_config_for(profile, &knobs), u)?;
        // The module's fuel is shared by all calls (and bounds recursion
        // depth, so it is not raised for more calls: deeper recursion would
        // exhaust some engines' stacks).
        let fuel_global = module
            .ensure_termination(config.module_fuel)
            .map_err(|e| GenError::Fuel(e.to_string()))?;
        let mut wasm = module.to_bytes();
        // A start function that traps leaves nothing to execute: most cases
        // drop the start section (with `export_everything` the function is
        // still called, as an export), some keep it to test instantiation.
        if !u.ratio(1, 16).unwrap_or(false) {
            wasm = without_start_section(&wasm).map_err(GenError::Invalid)?;
        }
        let options = rewrite::Options {
            edge_percent: knobs.edge_percent,
            observe: config.observe,
            seed: u.arbitrary().unwrap_or(0),
            extended_const: profile.contains(crate::features::Feature::ExtendedConst),
            fuel_global: Some(fuel_global),
        };
        let wasm =
            rewrite::rewrite(&wasm, profile.wasmparser(), options).map_err(GenError::Rewrite)?;
        let wasm = crate::nan::canonicalize_nans(&wasm).map_err(GenError::Nan)?;
        // With per-case profiles, the features the module really needs
        // decide which engines run it (a profile feature it does not use
        // excludes nobody).
        let features = match &config.swarm {
            Some(s) => FeatureSet::required_within(&wasm, profile, s.always())
                .map_err(GenError::Invalid)?,
            None => profile,
        };
        let mut info =
            ModuleInfo::parse_with_features(&wasm, features).map_err(GenError::Invalid)?;
        // Within the swarm's engines, the set is as good as exact: what it
        // holds beyond the module's needs, every one of them supports.
        info.features_exact = config.swarm.is_some();
        let exports: Vec<_> = info
            .exported_funcs()
            .filter_map(|(name, sig)| Some((name.to_string(), sig?.params.clone())))
            .collect();
        let call = |u: &mut Unstructured<'_>, (name, params): &(String, Vec<ValType>)| Call {
            export: name.clone(),
            args: params.iter().map(|t| arbitrary_val(u, *t)).collect(),
        };
        // Every export once in export order, then more calls in an order
        // drawn from the input, so that state carried between calls
        // (globals, memory, tables) is exercised.
        let mut calls: Vec<Call> = exports.iter().map(|e| call(u, e)).collect();
        let extra = (rounds as usize - 1) * exports.len();
        for _ in 0..extra.min(MAX_CALLS.saturating_sub(calls.len())) {
            match u.choose(&exports) {
                Ok(e) => calls.push(call(u, e)),
                Err(_) => break,
            }
        }
        Ok(TestCase { wasm, info, calls })
    }

    /// A test case for a user's module: every exported function is called
    /// in declaration order with zero arguments.
    pub fn from_module(wasm: Vec<u8>) -> Result<TestCase, Error> {
        let info = ModuleInfo::parse(&wasm)?;
        let calls = zero_arg_calls(&info);
        Ok(TestCase { wasm, info, calls })
    }
}

/// The module with its start section (if any) removed, every other section
/// copied byte for byte.
fn without_start_section(wasm: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload?;
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

/// A small deterministic generator (splitmix64): the same numbers on every
/// machine and Rust version, for seeded inputs and the rewrite's choices.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    /// The next 64 bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 for `n` = 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True `p` percent of the time.
    pub(crate) fn percent(&mut self, p: u8) -> bool {
        self.below(100) < usize::from(p)
    }

    /// One of `xs` (not empty).
    pub(crate) fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// The input bytes of case `index` of a seeded run: the same `(seed, index)`
/// always gives the same bytes, on every machine and Rust version
/// (splitmix64, not std's hasher). Lengths vary between 1 KiB and 8 KiB.
pub fn seeded_input(seed: u64, index: u64) -> Vec<u8> {
    let mut rng = SplitMix64(seed ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03));
    let len = 1024 + (rng.next() % 7168) as usize;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next().to_le_bytes());
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

    /// A swarm over the default engines' supported features.
    fn swarm_config() -> GenConfig {
        use crate::engines::EngineKind as E;
        let mut cfg = GenConfig::default();
        cfg.swarm_over(
            [
                E::WasmtimeCranelift,
                E::WasmtimeWinch,
                E::WasmtimePulley,
                E::Wasmi,
                E::WasmerSinglepass,
                E::WasmerCranelift,
                E::V8Liftoff,
                E::V8Turbofan,
            ]
            .iter()
            .map(|k| k.supported())
            .collect(),
            FeatureSet::all(),
        );
        cfg
    }

    #[test]
    fn swarm_cases_are_valid_varied_and_runnable() {
        let cfg = swarm_config();
        let swarm = cfg.swarm.clone().unwrap();
        let mut used = std::collections::BTreeMap::<String, u32>::new();
        let mut failed = Vec::new();
        let mut more_calls = 0;
        for seed in 0..300 {
            let data = seeded_input(seed, 3);
            let case = match TestCase::generate(&data, &cfg) {
                Ok(c) => c,
                Err(e) => {
                    failed.push(format!("{seed}: {e}"));
                    continue;
                }
            };
            // Valid with the features it says it needs, and no fewer engines
            // than two support them.
            wasmparser::Validator::new_with_features(case.info.features.wasmparser())
                .validate_all(&case.wasm)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert!(swarm.engines_for(case.info.features) >= 2, "seed {seed}");
            // The oracle takes the set as settled: what it holds beyond the
            // exact needs is supported by every engine, so each engine is
            // judged able to run the case exactly as the exact set would.
            assert!(case.info.features_exact);
            let exact = FeatureSet::required_by(&case.wasm).unwrap();
            assert!(
                exact.difference(case.info.features).is_empty(),
                "seed {seed}"
            );
            let extra = case.info.features.difference(exact);
            assert!(
                extra.difference(swarm.always()).is_empty(),
                "seed {seed}: {extra}"
            );
            for f in case.info.features.iter() {
                *used.entry(f.name().into()).or_default() += 1;
            }
            more_calls += usize::from(case.calls.len() > case.info.exported_funcs().count());
            // Same input, same case.
            let again = TestCase::generate(&data, &cfg).unwrap();
            assert_eq!(again.wasm, case.wasm);
            assert_eq!(again.calls, case.calls);
        }
        // wasm-smith gives up on some short inputs; our rewrites never fail.
        assert!(
            failed.iter().all(|e| e.contains("wasm-smith")),
            "{failed:?}"
        );
        // Every feature two engines support is used by a tenth of the
        // cases (relaxed SIMD is never drawn by default).
        for f in cfg.features.iter() {
            if f != crate::features::Feature::RelaxedSimd {
                let n = used.get(f.name()).copied().unwrap_or(0);
                assert!(n >= 30, "{f}: {n} of 300 cases; {used:?}");
            }
        }
        assert!(more_calls > 100, "{more_calls} cases call an export twice");
    }

    #[test]
    fn generated_modules_export_a_checksum() {
        let cfg = swarm_config();
        let with = (0..40)
            .filter_map(|seed| TestCase::generate(&seeded_input(seed, 4), &cfg).ok())
            .filter(|c| {
                c.info
                    .exports
                    .iter()
                    .any(|e| e.name == rewrite::CHECKSUM_EXPORT)
            })
            .count();
        assert!(with >= 30, "{with} of 40");
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
