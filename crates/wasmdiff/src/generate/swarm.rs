//! Swarm testing (Groce et al., ISSTA 2012): each case draws its own
//! feature profile and generator knobs, so that features and instruction
//! mixes that crowd each other out in one fixed configuration each get cases
//! of their own.
//!
//! The profile is drawn from the *union* of what the selected engines
//! support. What all of them support is always on; every other feature is
//! tried, in an order drawn from the input, with its weight (a percentage),
//! and kept only if enough engines still support the profile: at least two,
//! and at least three in all but [`Swarm::pair_percent`] of the cases, so
//! that a majority can name the odd engine out. Engines that do not support
//! a case's profile are counted as unsupported for that case, never as
//! diverging (see [`crate::oracle`]). Everything is drawn from the fuzz
//! input, so the same input always gives the same profile.

use arbitrary::Unstructured;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::features::{Feature, FeatureSet};

/// How profiles are drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Swarm {
    /// What each selected engine supports (one entry per engine).
    pub engines: Vec<FeatureSet>,
    /// The chance, in percent, that a feature outside the always-on set is
    /// tried in a case (features not listed are never tried).
    pub weights: Vec<(Feature, u8)>,
    /// The share of cases, in percent, that may have as few as two engines
    /// (the rest need three, where three engines are selected).
    pub pair_percent: u8,
}

/// The default weight of a feature, in percent. Features only the wasmtime
/// pair supports (GC, exceptions, typed function references) get more, as
/// they can only be kept in the cases that allow two engines; relaxed SIMD
/// gets none, as its results are implementation-defined.
pub fn default_weight(f: Feature) -> u8 {
    match f {
        Feature::Mvp | Feature::RelaxedSimd => 0,
        Feature::Gc | Feature::Exceptions | Feature::FunctionReferences => 70,
        // Used only by modules that have a memory, or by a few operators:
        // tried always (where the engines allow) to be used in a tenth of
        // the cases or more with the 16 default engines, of which only
        // three support them (the rewrite also probes wide arithmetic).
        Feature::CustomPageSizes => 100,
        Feature::WideArithmetic => 100,
        _ => 50,
    }
}

impl Swarm {
    /// Profiles for engines with these supported feature sets, limited to
    /// `universe`, with the default weights.
    pub fn new(engines: Vec<FeatureSet>, universe: FeatureSet) -> Swarm {
        let weights = universe
            .iter()
            .map(|f| (f, default_weight(f)))
            .filter(|(_, w)| *w > 0)
            .collect();
        Swarm {
            engines: engines.into_iter().map(|s| s.intersect(universe)).collect(),
            weights,
            pair_percent: 35,
        }
    }

    /// Set weights from a list such as `simd=80,gc=10,relaxed-simd=5`.
    pub fn set_weights(&mut self, list: &str) -> Result<(), Error> {
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, w) = item.split_once('=').ok_or_else(|| {
                Error::input(format!("swarm weight `{item}`: expected FEATURE=PERCENT"))
            })?;
            let f: Feature = name.trim().parse()?;
            let w: u8 = w.trim().parse().ok().filter(|w| *w <= 100).ok_or_else(|| {
                Error::input(format!("swarm weight `{item}`: not a percentage (0-100)"))
            })?;
            match self.weights.iter_mut().find(|(g, _)| *g == f) {
                Some(entry) => entry.1 = w,
                None => self.weights.push((f, w)),
            }
        }
        Ok(())
    }

    /// The features every engine supports: always on. Relaxed SIMD is
    /// never among them: its results are implementation-defined (a case
    /// that uses it cannot diverge), so it is on only by its weight.
    pub fn always(&self) -> FeatureSet {
        self.engines
            .iter()
            .fold(FeatureSet::all(), |s, e| s.intersect(*e))
            .without(Feature::RelaxedSimd)
    }

    /// The features any engine supports.
    pub fn union(&self) -> FeatureSet {
        self.engines
            .iter()
            .fold(FeatureSet::MVP, |s, e| s.union(*e))
    }

    /// How many engines support every feature of `profile`.
    pub fn engines_for(&self, profile: FeatureSet) -> usize {
        self.engines
            .iter()
            .filter(|e| profile.difference(**e).is_empty())
            .count()
    }

    /// Draw a profile from `u` (running out of input gives the always-on
    /// set).
    pub fn draw(&self, u: &mut Unstructured<'_>) -> FeatureSet {
        let mut profile = self.always();
        let n = self.engines.len();
        let min = if n <= 2 || u.ratio(self.pair_percent, 100).unwrap_or(false) {
            2.min(n)
        } else {
            3
        };
        let anchor = if n > 0 && u.ratio(1, 2).unwrap_or(false) {
            self.engines[u.int_in_range(0..=n - 1).unwrap_or(0)]
        } else {
            FeatureSet::all()
        };
        let mut order: Vec<(Feature, u8)> = self
            .weights
            .iter()
            .copied()
            .filter(|(f, _)| !profile.contains(*f) && anchor.contains(*f))
            .collect();
        // A Fisher-Yates shuffle driven by the input.
        for i in (1..order.len()).rev() {
            let j = u.int_in_range(0..=i).unwrap_or(i);
            order.swap(i, j);
        }
        for (f, w) in order {
            if w == 0 || !u.ratio(w, 100).unwrap_or(false) {
                continue;
            }
            let candidate = profile.with(f).union(f.requires());
            if self.engines_for(candidate) >= min && candidate.difference(anchor).is_empty() {
                profile = candidate;
            }
        }
        profile
    }
}

/// Generator knobs drawn per case (besides the feature profile).
#[derive(Clone, Copy, Debug)]
pub struct Knobs {
    /// wasm-smith's allowed instruction classes.
    pub instructions: wasm_smith::InstructionKinds,
    /// Upper bound on defined functions.
    pub max_funcs: usize,
    /// Upper bound on instructions per function.
    pub max_instructions: usize,
    /// Upper bound on memories.
    pub max_memories: usize,
    /// Lower bound on memories (2 asks for multi-memory where it is on).
    pub min_memories: u32,
    /// Upper bound on tables.
    pub max_tables: usize,
    /// Whether functions and blocks may have several results.
    pub multi_value: bool,
    /// The chance, in percent, that a constant is replaced by an edge value.
    pub edge_percent: u8,
}

impl Knobs {
    /// Draw knobs from `u`, within the bounds of the generator's
    /// configuration (`max_funcs`, `max_instructions`).
    pub fn draw(u: &mut Unstructured<'_>, max_funcs: usize, max_instructions: usize) -> Knobs {
        use wasm_smith::InstructionKind as K;
        // Numbers are always allowed (a function needs something to
        // compute); each other class is left out of a quarter of the cases.
        let mut kinds = vec![K::Numeric];
        for k in [
            K::Vector,
            K::Reference,
            K::Parametric,
            K::Variable,
            K::Table,
            K::Memory,
            K::Control,
            K::Aggregate,
        ] {
            if u.ratio(3, 4).unwrap_or(true) {
                kinds.push(k);
            }
        }
        let sizes = [
            max_instructions / 4,
            max_instructions / 2,
            max_instructions,
            max_instructions * 2,
        ];
        Knobs {
            instructions: wasm_smith::InstructionKinds::new(&kinds),
            max_funcs: u.int_in_range(3..=max_funcs.max(3)).unwrap_or(max_funcs),
            max_instructions: *u.choose(&sizes).unwrap_or(&max_instructions),
            max_memories: u.int_in_range(1..=2).unwrap_or(1),
            min_memories: if u.ratio(1, 4).unwrap_or(false) { 2 } else { 0 },
            max_tables: u.int_in_range(1..=3).unwrap_or(1),
            multi_value: u.ratio(3, 4).unwrap_or(true),
            edge_percent: *u.choose(&[10u8, 25, 40, 60]).unwrap_or(&25),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn swarm() -> Swarm {
        use Feature::*;
        let common = FeatureSet::from_iter([Mvp, MultiValue, BulkMemory]);
        let rich = common.union(FeatureSet::from_iter([
            Simd,
            ReferenceTypes,
            FunctionReferences,
            Gc,
            Memory64,
        ]));
        Swarm::new(
            vec![
                rich,
                rich,
                common.with(Simd),
                common.with(ReferenceTypes),
                common,
            ],
            FeatureSet::all(),
        )
    }

    #[test]
    fn profiles_keep_enough_engines_and_vary() {
        let s = swarm();
        let mut seen = std::collections::BTreeSet::new();
        let mut three = 0;
        for seed in 0..400u64 {
            let data = crate::generate::seeded_input(seed, 1);
            let p = s.draw(&mut Unstructured::new(&data));
            let n = s.engines_for(p);
            assert!(n >= 2, "{p} runs in {n} engines");
            three += usize::from(n >= 3);
            assert!(s.always().difference(p).is_empty(), "always-on kept");
            seen.insert(p.to_string());
            // The same input, the same profile.
            assert_eq!(p, s.draw(&mut Unstructured::new(&data)));
        }
        assert!(seen.len() >= 6, "{seen:?}");
        assert!(seen.iter().any(|p| p.contains("gc")), "{seen:?}");
        assert!(three > 200, "{three} of 400 cases with three engines");
    }

    #[test]
    fn relaxed_simd_is_never_always_on() {
        // Every engine supports relaxed SIMD here; its weight (0 by
        // default) still decides, as its results are implementation-defined.
        let all = FeatureSet::all();
        let mut s = Swarm::new(vec![all, all, all], all);
        assert!(!s.always().contains(Feature::RelaxedSimd));
        assert!(s.always().contains(Feature::Simd));
        let draws = |s: &Swarm| {
            (0..50u64)
                .filter(|seed| {
                    let data = crate::generate::seeded_input(*seed, 4);
                    s.draw(&mut Unstructured::new(&data))
                        .contains(Feature::RelaxedSimd)
                })
                .count()
        };
        assert_eq!(draws(&s), 0);
        s.set_weights("relaxed-simd=100").unwrap();
        assert!(draws(&s) > 40);
    }

    #[test]
    fn weights_parse_and_zero_switches_off() {
        let mut s = swarm();
        s.set_weights("gc=0, simd=100").unwrap();
        for seed in 0..50u64 {
            let data = crate::generate::seeded_input(seed, 2);
            let p = s.draw(&mut Unstructured::new(&data));
            assert!(!p.contains(Feature::Gc));
        }
        assert!(
            s.set_weights("simd")
                .unwrap_err()
                .to_string()
                .contains("FEATURE=PERCENT")
        );
        assert!(
            s.set_weights("simd=101")
                .unwrap_err()
                .to_string()
                .contains("percentage")
        );
        assert!(
            s.set_weights("bogus=1")
                .unwrap_err()
                .to_string()
                .contains("bogus")
        );
    }
}
