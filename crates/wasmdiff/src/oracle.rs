//! The oracle: run one test case in every engine configuration and compare
//! what they did, phase by phase.
//!
//! Phases are validation, compilation, instantiation (start function
//! included), then for each export call in order: the call's results or
//! trap, and the state afterwards (exported globals, memories byte for byte,
//! tables' size and null-ness). Engines that run out of a resource wasmdiff
//! imposes (stack, engine fuel, growth caps) or lack a needed feature leave
//! the comparison for the rest of the case. A case ends as [`Verdict::Agree`],
//! [`Verdict::Diverge`] with a stable [`Signature`], or
//! [`Verdict::Inconclusive`] with the reason.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::engines::{Engine, EngineKind, Instance, Limits, Stage};
use crate::error::Error;
use crate::features::{Feature, FeatureSet};
use crate::generate::TestCase;
use crate::module_info::EntityType;
use crate::outcome::Outcome;
pub use crate::signature::{MAJORITY, Side, Signature, fnv1a};
use crate::value::Val;
use crate::wasi::{WasiConfig, WasiOutput};

/// A phase of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "phase", content = "call", rename_all = "lowercase")]
pub enum Phase {
    /// The engine's validator.
    Validate,
    /// Compilation.
    Compile,
    /// Instantiation, start function included.
    Instantiate,
    /// The n-th export call.
    Call(usize),
    /// Exported state after the n-th export call.
    State(usize),
}

impl Phase {
    /// The phase's name without the call's index (`call`, `state`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Validate => "validate",
            Phase::Compile => "compile",
            Phase::Instantiate => "instantiate",
            Phase::Call(_) => "call",
            Phase::State(_) => "state",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Phase::Validate => f.write_str("validate"),
            Phase::Compile => f.write_str("compile"),
            Phase::Instantiate => f.write_str("instantiate"),
            Phase::Call(i) => write!(f, "call[{i}]"),
            Phase::State(i) => write!(f, "state[{i}]"),
        }
    }
}

/// Exported state of an instance after a call.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct State {
    /// Exported globals, in export order.
    pub globals: Vec<(String, Val)>,
    /// Exported memories, in export order: size and hash (not serialized).
    #[serde(skip)]
    pub memories: Vec<(String, crate::engines::MemoryImage)>,
    /// Exported tables as null-ness per element, in export order.
    pub tables: Vec<(String, Vec<bool>)>,
    /// What a WASI program did so far (output, files), when it runs with
    /// a WASI host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wasi: Option<WasiOutput>,
}

/// The first difference between two states.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateDiff {
    /// `global`, `memory`, `table`, or for a WASI program `stdout`,
    /// `stderr` or `file`.
    pub kind: &'static str,
    /// The export's name.
    pub name: String,
    /// Human-readable detail (values, first differing offset).
    pub detail: String,
}

impl State {
    /// The first difference from `other`, or `None` when equal (globals
    /// compared NaN-aware, memories byte for byte, tables by size and
    /// null-ness).
    pub fn diff(&self, other: &State) -> Option<StateDiff> {
        // A WASI program's output first: what its user sees.
        if let (Some(a), Some(b)) = (&self.wasi, &other.wasi)
            && let Some((kind, detail)) = a.diff(b)
        {
            return Some(StateDiff {
                kind,
                name: kind.to_string(),
                detail,
            });
        }
        for ((name, a), (_, b)) in self.globals.iter().zip(&other.globals) {
            if a != b {
                return Some(StateDiff {
                    kind: "global",
                    name: name.clone(),
                    detail: format!("{a} vs {b}"),
                });
            }
        }
        for ((name, a), (_, b)) in self.memories.iter().zip(&other.memories) {
            if a.len != b.len {
                return Some(StateDiff {
                    kind: "memory",
                    name: name.clone(),
                    detail: format!("size {} vs {} bytes", a.len, b.len),
                });
            }
            if a.hash != b.hash {
                // The oracle names the first differing offset (it reads
                // the bytes again: see `Runner::divergence`).
                return Some(StateDiff {
                    kind: "memory",
                    name: name.clone(),
                    detail: "contents differ".into(),
                });
            }
        }
        for ((name, a), (_, b)) in self.tables.iter().zip(&other.tables) {
            if a != b {
                let detail = if a.len() != b.len() {
                    format!("size {} vs {}", a.len(), b.len())
                } else {
                    let i = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(0);
                    format!("element {i} null: {} vs {}", a[i], b[i])
                };
                return Some(StateDiff {
                    kind: "table",
                    name: name.clone(),
                    detail,
                });
            }
        }
        None
    }

    fn summary(&self) -> String {
        let mut parts = Vec::new();
        for (n, v) in &self.globals {
            parts.push(format!("{n}={v}"));
        }
        for (n, m) in &self.memories {
            parts.push(format!("{n}: {} bytes, hash {:032x}", m.len, m.hash));
        }
        for (n, t) in &self.tables {
            let live = t.iter().filter(|null| !**null).count();
            parts.push(format!("{n}: {} elements, {live} non-null", t.len()));
        }
        if let Some(w) = &self.wasi {
            parts.push(format!(
                "stdout {} bytes, stderr {} bytes, {} files",
                w.stdout.len(),
                w.stderr.len(),
                w.files().values().filter(|c| c.is_some()).count()
            ));
        }
        if parts.is_empty() {
            "(nothing exported)".into()
        } else {
            parts.join("; ")
        }
    }
}

/// What one engine observed in one phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Observed {
    /// The outcome of validation, compilation, instantiation or a call.
    Outcome(Outcome),
    /// Exported state after a call.
    State(State),
    /// Not compared in this row, with the reason: exported state the
    /// engine's API cannot read (a WAMR table, a `v128` global across
    /// JavaScript). The engine stays in the comparison for later calls.
    Skipped(String),
}

impl Observed {
    /// Whether two observations count as the same behaviour.
    pub fn same_as(&self, other: &Observed) -> bool {
        match (self, other) {
            (Observed::Outcome(a), Observed::Outcome(b)) => a.same_as(b),
            (Observed::State(a), Observed::State(b)) => a.diff(b).is_none(),
            _ => false,
        }
    }

    fn inconclusive(&self) -> Option<Reason> {
        match self {
            Observed::Outcome(o) if o.is_inconclusive() => Some(Reason::of(o)),
            _ => None,
        }
    }
}

impl Observed {
    /// How the observation reads in the table of `phase`: `ok` for a
    /// successful validation, compilation or instantiation.
    pub fn show(&self, phase: Phase) -> String {
        match self {
            Observed::Outcome(Outcome::Ok(v))
                if v.is_empty() && !matches!(phase, Phase::Call(_)) =>
            {
                "ok".to_string()
            }
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::Outcome(o) => o.fmt(f),
            Observed::State(s) => f.write_str(&s.summary()),
            Observed::Skipped(why) => write!(f, "not compared: {why}"),
        }
    }
}

/// Why a case (or an engine in it) is inconclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The call stack was exhausted (depth limits differ by engine).
    StackExhausted,
    /// The engine's own fuel ran out (cost models differ by engine).
    EngineFuel,
    /// A memory or table growth was denied by wasmdiff's cap, or the host
    /// ran out of memory.
    ResourceLimit,
    /// Fewer than two engines support the features the module needs.
    UnsupportedFeature,
    /// Fewer than two engines were selected.
    TooFewEngines,
    /// Engines disagreed only until NaNs were canonicalized.
    NanNondeterminism,
    /// Engines disagreed on a module that uses relaxed SIMD, whose results
    /// are implementation-defined.
    RelaxedSimd,
    /// An engine could not show a result through its API (V8: `v128` and
    /// NaN payloads across JavaScript) and left the comparison. Only a
    /// verdict when fewer than two engines were left to compare.
    NotComparable,
}

impl Reason {
    fn of(o: &Outcome) -> Reason {
        match o {
            Outcome::Trap(crate::TrapKind::StackExhausted) => Reason::StackExhausted,
            Outcome::Trap(_) => Reason::EngineFuel,
            Outcome::ResourceLimit(_) => Reason::ResourceLimit,
            Outcome::NotComparable(_) => Reason::NotComparable,
            _ => Reason::UnsupportedFeature,
        }
    }

    /// A short stable name.
    pub fn name(self) -> &'static str {
        match self {
            Reason::StackExhausted => "stack exhausted",
            Reason::EngineFuel => "engine fuel",
            Reason::ResourceLimit => "resource limit",
            Reason::UnsupportedFeature => "unsupported feature",
            Reason::TooFewEngines => "fewer than two engines",
            Reason::NanNondeterminism => "NaN non-determinism",
            Reason::RelaxedSimd => "relaxed SIMD non-determinism",
            Reason::NotComparable => "not comparable through the engine's API",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One row of the engine table: a phase and each engine's observation.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// The phase.
    pub phase: Phase,
    /// For calls: the export and its arguments.
    pub label: String,
    /// Per engine (same order as [`Run::engines`]); `None` if it did not run.
    pub cells: Vec<Option<Observed>>,
}

/// Engines with the same observation in a divergent phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// The engines, in configuration order.
    pub engines: Vec<EngineKind>,
    /// Their outcome class (`ok`, `trap:<kind>`, `error`, `panic`, or
    /// `state:<kind>` for state).
    pub class: String,
    /// What they observed, for people.
    pub shown: String,
}

/// A disagreement between engines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// Where the engines first disagreed.
    pub phase: Phase,
    /// For call and state phases: the export called.
    pub export: Option<String>,
    /// The groups of engines that agree among themselves.
    pub groups: Vec<Group>,
    /// With three or more engines and one strictly largest group: that group.
    pub majority: Option<Vec<EngineKind>>,
    /// The engines outside the majority (empty without a majority).
    pub odd: Vec<EngineKind>,
    /// What differed, for people.
    pub detail: String,
    /// The stable signature.
    pub signature: Signature,
}

/// The verdict for a case.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "verdict", content = "detail", rename_all = "lowercase")]
pub enum Verdict {
    /// Every engine that could run the case behaved the same.
    Agree,
    /// Engines behaved differently.
    Diverge(Box<Divergence>),
    /// The case could not be compared completely.
    Inconclusive(Reason),
}

impl Verdict {
    /// `agree`, `diverge` or `inconclusive`.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::Diverge(_) => "diverge",
            Verdict::Inconclusive(_) => "inconclusive",
        }
    }
}

/// Everything observed in one run of a case over all engines.
#[derive(Clone, Debug, Serialize)]
pub struct Run {
    /// The engine configurations, in order.
    pub engines: Vec<EngineKind>,
    /// One row per phase reached.
    pub rows: Vec<Row>,
    /// Engines that could not run the case at all, with the missing features.
    pub unsupported: Vec<(EngineKind, String)>,
    /// Engines that left the comparison: where and why.
    pub dropped: Vec<(EngineKind, Phase, Reason)>,
    /// The first divergence, if any.
    pub divergence: Option<Divergence>,
    /// Whether at least one export call ran in at least two engines.
    pub reached_execution: bool,
    /// Time spent inside each engine (validate, compile, instantiate, calls,
    /// reading state).
    #[serde(skip)]
    pub engine_time: Vec<Duration>,
    /// Wasm operators each engine executed, where it counts them
    /// ([`Instance::executed`]) and the case kept it to the end.
    #[serde(skip)]
    pub executed: Vec<Option<u64>>,
    /// For a WASI program: what each engine's host saw by the end (exit
    /// code, output, files), where the engine ran it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wasi: Vec<(EngineKind, WasiOutput)>,
    /// Whether that WASI was each engine's own (`--wasi native`) rather
    /// than wasmdiff's deterministic host.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub wasi_native: bool,
}

impl Run {
    /// The engines that ran the case (every engine but the unsupported).
    pub fn ran(&self) -> Vec<EngineKind> {
        self.engines
            .iter()
            .copied()
            .filter(|k| !self.unsupported.iter().any(|(u, _)| u == k))
            .collect()
    }

    /// Export calls the engines made: each call row's observations.
    pub fn calls(&self) -> u64 {
        self.rows
            .iter()
            .filter(|r| matches!(r.phase, Phase::Call(_)))
            .map(|r| r.cells.iter().flatten().count() as u64)
            .sum()
    }

    /// The verdict this run alone supports.
    pub fn verdict(&self) -> Verdict {
        if let Some(d) = &self.divergence {
            return Verdict::Diverge(Box::new(d.clone()));
        }
        // An engine that cannot show a result through its API leaves the
        // comparison without making the others' agreement worthless.
        let not_comparable = |r: &Reason| *r == Reason::NotComparable;
        if let Some((_, _, reason)) = self.dropped.iter().find(|(_, _, r)| !not_comparable(r)) {
            return Verdict::Inconclusive(*reason);
        }
        let left = self.dropped.len();
        if left > 0 && self.engines.len() - self.unsupported.len() - left < 2 {
            return Verdict::Inconclusive(Reason::NotComparable);
        }
        if self.engines.len() - self.unsupported.len() < 2 {
            return Verdict::Inconclusive(if self.unsupported.is_empty() {
                Reason::TooFewEngines
            } else {
                Reason::UnsupportedFeature
            });
        }
        Verdict::Agree
    }
}

/// The result of checking a case: its verdict and the runs behind it (a
/// second run on the NaN-canonicalized module when the first diverged on a
/// module that was not canonicalized already).
#[derive(Clone, Debug, Serialize)]
pub struct CaseResult {
    /// The verdict.
    pub verdict: Verdict,
    /// The runs: the original, then the NaN-canonicalized one if made.
    pub runs: Vec<Run>,
}

/// The engines of a comparison, created once and reused across cases.
pub struct Oracle {
    engines: Vec<Box<dyn Engine>>,
    /// The WASI host's configuration for modules that import WASI.
    wasi: Option<Arc<WasiConfig>>,
    /// Per engine: why it cannot host WASI, if it cannot.
    no_wasi: Vec<Option<String>>,
}

impl Oracle {
    /// Create the given engine configurations with `limits` and `features`.
    pub fn new(
        kinds: &[EngineKind],
        limits: Limits,
        features: FeatureSet,
    ) -> Result<Oracle, Error> {
        let engines = kinds
            .iter()
            .map(|k| {
                k.build(limits, features).ok_or_else(|| Error::Engine {
                    engine: format!("engine `{k}`"),
                    why: "not in this build".into(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Oracle::with_engines(engines))
    }

    /// An oracle over engines made elsewhere (for example in child
    /// processes, see [`crate::engines::child`]).
    pub fn with_engines(engines: Vec<Box<dyn Engine>>) -> Oracle {
        let n = engines.len();
        Oracle {
            engines,
            wasi: None,
            no_wasi: vec![None; n],
        }
    }

    /// Run modules that import WASI preview 1 with a deterministic WASI
    /// host made from `config` in every engine ([`crate::wasi`]); `None`
    /// gives them host stubs again. An engine that cannot host WASI counts
    /// as unsupported for such modules.
    pub fn set_wasi(&mut self, config: Option<WasiConfig>) {
        let config = config.map(Arc::new);
        self.no_wasi = self
            .engines
            .iter_mut()
            .map(|e| e.set_wasi(config.clone()).err())
            .collect();
        self.wasi = config;
    }

    /// The configurations, in order.
    pub fn kinds(&self) -> Vec<EngineKind> {
        self.engines.iter().map(|e| e.kind()).collect()
    }

    /// Check a case: run it and decide. A case whose module was not
    /// NaN-canonicalized (a user's module) and diverges is run again with
    /// the NaN-canonicalizing rewrite; if the engines then agree, the
    /// verdict is inconclusive (NaN non-determinism). A divergence on a module
    /// that uses relaxed SIMD is inconclusive too.
    pub fn check(&mut self, case: &TestCase, nan_canonical: bool) -> CaseResult {
        let run = self.run(case);
        let verdict = run.verdict();
        let mut runs = vec![run];
        let verdict = match verdict {
            Verdict::Diverge(d) => {
                // A module that is rejected (or accepted) differently ran
                // no code: NaN bits cannot explain that.
                let ran_code = !matches!(d.phase, Phase::Validate | Phase::Compile);
                if case.info.features.contains(Feature::RelaxedSimd) {
                    Verdict::Inconclusive(Reason::RelaxedSimd)
                } else if !nan_canonical
                    && ran_code
                    && crate::nan::has_float_ops(&case.wasm).unwrap_or(false)
                {
                    match crate::nan::canonicalize_nans(&case.wasm) {
                        Ok(wasm) => {
                            let canon = TestCase {
                                wasm,
                                ..case.clone()
                            };
                            let second = self.run(&canon);
                            let again = second.divergence.is_some();
                            runs.push(second);
                            if again {
                                Verdict::Diverge(d)
                            } else {
                                Verdict::Inconclusive(Reason::NanNondeterminism)
                            }
                        }
                        Err(_) => Verdict::Diverge(d),
                    }
                } else {
                    Verdict::Diverge(d)
                }
            }
            v => v,
        };
        CaseResult { verdict, runs }
    }

    /// Run a case in every engine and compare phase by phase, stopping at the
    /// first divergence.
    pub fn run(&mut self, case: &TestCase) -> Run {
        let wasi = self.wasi.is_some() && crate::wasi::is_wasi(&case.info);
        let no_wasi = if wasi { self.no_wasi.as_slice() } else { &[] };
        let native = wasi && self.wasi.as_ref().is_some_and(|c| c.native);
        Runner::new(&mut self.engines, case, wasi, native, no_wasi).go()
    }
}

/// The state of one run in progress.
struct Runner<'a> {
    engines: &'a mut [Box<dyn Engine>],
    case: &'a TestCase,
    /// Engines still compared.
    active: Vec<bool>,
    instances: Vec<Option<Box<dyn Instance>>>,
    run: Run,
    /// Whether the module runs with a WASI host (each engine's own when
    /// `run.wasi_native`).
    wasi: bool,
}

impl<'a> Runner<'a> {
    fn new(
        engines: &'a mut [Box<dyn Engine>],
        case: &'a TestCase,
        wasi: bool,
        native: bool,
        no_wasi: &[Option<String>],
    ) -> Self {
        let n = engines.len();
        let mut unsupported = Vec::new();
        let mut active = vec![true; n];
        // A module's features may be a superset of what it uses (those of
        // the original, for a shrink candidate); only when an engine lacks
        // one of them is the exact set worth computing, unless it is known.
        let mut exact: Option<FeatureSet> = case.info.features_exact.then_some(case.info.features);
        for (i, e) in engines.iter().enumerate() {
            let mut missing = case.info.features.difference(e.supported());
            if missing.iter().next().is_some() {
                let need = *exact.get_or_insert_with(|| {
                    FeatureSet::required_by(&case.wasm).unwrap_or(case.info.features)
                });
                missing = need.difference(e.supported());
            }
            if missing.iter().next().is_some() {
                active[i] = false;
                unsupported.push((e.kind(), missing.to_string()));
            } else if let Some(Some(why)) = no_wasi.get(i) {
                active[i] = false;
                unsupported.push((e.kind(), why.clone()));
            }
        }
        Runner {
            run: Run {
                engines: engines.iter().map(|e| e.kind()).collect(),
                rows: Vec::new(),
                unsupported,
                dropped: Vec::new(),
                divergence: None,
                reached_execution: false,
                engine_time: vec![Duration::ZERO; n],
                executed: vec![None; n],
                wasi: Vec::new(),
                wasi_native: native,
            },
            engines,
            case,
            active,
            instances: (0..n).map(|_| None).collect(),
            wasi,
        }
    }

    fn go(mut self) -> Run {
        if self.phases() {
            self.run.reached_execution = self.run.rows.iter().any(|r| {
                matches!(r.phase, Phase::Call(_)) && r.cells.iter().flatten().count() >= 2
            });
        }
        // Tearing an instance down (unmapping memories, dropping a
        // per-module engine) is the engine's cost too.
        for i in 0..self.instances.len() {
            self.run.executed[i] = self.instances[i].as_mut().and_then(|x| x.executed());
            if self.wasi
                && let Some(out) = self.instances[i].as_mut().and_then(|x| x.wasi())
            {
                self.run
                    .wasi
                    .push((self.run.engines[i], native_exit(self.run.wasi_native, out)));
            }
            let start = Instant::now();
            self.instances[i] = None;
            self.run.engine_time[i] += start.elapsed();
        }
        self.run
    }

    /// Run all phases; `true` if execution was reached.
    fn phases(&mut self) -> bool {
        // Validation.
        let cells = self.each(|e, _, case| Observed::Outcome(e.validation(&case.wasm)));
        if !self.compare(Phase::Validate, String::new(), cells) {
            return false;
        }

        // Compilation and instantiation come out of one engine call.
        let n = self.engines.len();
        let mut compile = vec![None; n];
        let mut inst = vec![None; n];
        for i in 0..n {
            if !self.active[i] {
                continue;
            }
            let start = Instant::now();
            let r = self.engines[i].instantiate(&self.case.wasm, &self.case.info);
            self.run.engine_time[i] += start.elapsed();
            match r {
                Ok(instance) => {
                    compile[i] = Some(Observed::Outcome(Outcome::Ok(vec![])));
                    inst[i] = Some(Observed::Outcome(Outcome::Ok(vec![])));
                    self.instances[i] = Some(instance);
                }
                Err(e) => match e.stage {
                    Stage::Compile => compile[i] = Some(Observed::Outcome(e.outcome)),
                    Stage::Instantiate => {
                        compile[i] = Some(Observed::Outcome(Outcome::Ok(vec![])));
                        inst[i] = Some(Observed::Outcome(e.outcome));
                    }
                },
            }
        }
        if !self.compare(Phase::Compile, String::new(), compile) {
            return false;
        }
        if !self.compare(Phase::Instantiate, String::new(), inst) {
            return false;
        }

        // Calls, each followed by the exported state.
        let has_state = self.wasi
            || self.case.info.exports.iter().any(|e| {
                matches!(
                    e.ty,
                    EntityType::Global { ty: Some(_) }
                        | EntityType::Memory(_)
                        | EntityType::Table { ty: Some(_) }
                )
            });
        let (wasi, native) = (self.wasi, self.run.wasi_native);
        for (ci, call) in self.case.calls.iter().enumerate() {
            // Export names are arbitrary Unicode (wasm-smith makes control
            // characters too): escape them for terminals.
            let label = format!(
                "{}({})",
                call.export.escape_debug(),
                call.args
                    .iter()
                    .map(Val::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let cells = self.each(|_, inst, _| {
                Observed::Outcome(inst.map_or_else(
                    || Outcome::Error("no instance".into()),
                    |i| {
                        let o = i.call(&call.export, &call.args);
                        // `proc_exit` unwinds as an error or trap of the
                        // engine's; the host knows it was an exit.
                        let o = match o {
                            Outcome::Error(_) | Outcome::Trap(_) if wasi => {
                                match i.wasi().and_then(|w| w.exit) {
                                    Some(code) => Outcome::Exit(code),
                                    None => o,
                                }
                            }
                            o => o,
                        };
                        // Node's WASI cannot tell `proc_exit(0)` from a
                        // return: with the engines' own WASI they are one.
                        match o {
                            Outcome::Exit(0) if native => Outcome::Ok(Vec::new()),
                            o => o,
                        }
                    },
                ))
            });
            // After an exit there is nothing left to call.
            let exited = wasi
                && cells
                    .iter()
                    .flatten()
                    .any(|c| matches!(c, Observed::Outcome(Outcome::Exit(_))));
            if !self.compare(Phase::Call(ci), label.clone(), cells) {
                return true;
            }
            if has_state {
                let exports = &self.case.info.exports;
                let cells = self.each(|_, inst, _| {
                    let inst = inst.expect("active engines have instances after instantiation");
                    match exports.iter().find_map(|e| inst.unreadable(&e.name)) {
                        Some(why) => Observed::Skipped(why),
                        None => {
                            // With the engines' own WASI, memory holds
                            // each implementation's own bookkeeping (file
                            // descriptor numbers, inodes): only what the
                            // program did is compared, as a user comparing
                            // the runtimes' command lines sees it.
                            let mut s = if native {
                                snapshot(inst, &[])
                            } else {
                                snapshot(inst, exports)
                            };
                            if wasi {
                                s.wasi = inst.wasi().map(|w| native_exit(native, w));
                            }
                            Observed::State(s)
                        }
                    }
                });
                if !self.compare(Phase::State(ci), label, cells) {
                    return true;
                }
            }
            if exited {
                return true;
            }
        }
        true
    }

    /// Observe every active engine, timing it.
    fn each(
        &mut self,
        mut f: impl FnMut(
            &mut (dyn Engine + 'static),
            Option<&mut (dyn Instance + 'static)>,
            &TestCase,
        ) -> Observed,
    ) -> Vec<Option<Observed>> {
        (0..self.engines.len())
            .map(|i| {
                if !self.active[i] {
                    return None;
                }
                let start = Instant::now();
                let inst = self.instances[i].as_deref_mut();
                let o = f(&mut *self.engines[i], inst, self.case);
                self.run.engine_time[i] += start.elapsed();
                Some(o)
            })
            .collect()
    }

    /// Record a row, drop engines whose outcome is inconclusive, and compare
    /// the rest. Returns whether to go on: `false` after a divergence, or when
    /// every engine stopped (all rejected the module or failed to
    /// instantiate it alike).
    fn compare(&mut self, phase: Phase, label: String, cells: Vec<Option<Observed>>) -> bool {
        let n = cells.len();
        // A growth that met wasmdiff's cap leaves nothing comparable: the
        // engines that do not apply the cap as it happens (WAMR,
        // JavaScriptCore) grew, V8 (the cap as its page limit) failed with
        // -1, the others stopped. Every engine drops out.
        let capped = cells
            .iter()
            .any(|c| c.as_ref().and_then(Observed::inconclusive) == Some(Reason::ResourceLimit));
        for (i, cell) in cells.iter().enumerate() {
            let reason = cell.as_ref().and_then(Observed::inconclusive);
            let reason = match reason {
                None if capped && self.active[i] => Some(Reason::ResourceLimit),
                r => r,
            };
            if let Some(reason) = reason {
                self.active[i] = false;
                let start = Instant::now();
                self.instances[i] = None;
                self.run.engine_time[i] += start.elapsed();
                self.run.dropped.push((self.run.engines[i], phase, reason));
            }
        }
        // Group the comparable observations.
        let mut groups: Vec<(Vec<usize>, &Observed)> = Vec::new();
        let mut skipped = false;
        for (i, cell) in cells.iter().enumerate() {
            let Some(o) = cell else { continue };
            if !self.active[i] {
                continue;
            }
            if matches!(o, Observed::Skipped(_)) {
                skipped = true;
                continue;
            }
            match groups.iter_mut().find(|(_, rep)| rep.same_as(o)) {
                Some((members, _)) => members.push(i),
                None => groups.push((vec![i], o)),
            }
        }
        let mut go_on = true;
        if groups.len() > 1 {
            self.run.divergence = Some(self.divergence(phase, &groups));
            go_on = false;
        } else if let Some((_, rep)) = groups.first() {
            // All agree; stop if they agree the module goes no further.
            if let Observed::Outcome(o) = rep
                && !matches!(o, Outcome::Ok(_))
                && matches!(phase, Phase::Validate | Phase::Compile | Phase::Instantiate)
            {
                go_on = false;
            }
        } else {
            // Nothing to compare: stop, unless every engine only skipped
            // this row (state none of them can read).
            go_on = skipped;
        }
        // An engine that failed before execution goes no further.
        if matches!(phase, Phase::Validate | Phase::Compile | Phase::Instantiate) {
            for (i, cell) in cells.iter().enumerate() {
                if !matches!(cell, Some(Observed::Outcome(Outcome::Ok(_)))) {
                    self.active[i] = false;
                }
            }
        }
        debug_assert_eq!(n, self.engines.len());
        self.run.rows.push(Row {
            phase,
            label,
            cells,
        });
        go_on
    }

    fn divergence(&mut self, phase: Phase, groups: &[(Vec<usize>, &Observed)]) -> Divergence {
        // For state, the first difference between the first two groups
        // names what differs; for memory contents, read from the engines.
        let mut state_diff = match (groups[0].1, groups[1].1) {
            (Observed::State(a), Observed::State(b)) => a.diff(b),
            _ => None,
        };
        if let Some(d) = &mut state_diff
            && d.kind == "memory"
            && d.detail == "contents differ"
        {
            let (a, b) = (groups[0].0[0], groups[1].0[0]);
            let mut read = |i: usize| self.instances[i].as_mut().and_then(|x| x.memory(&d.name));
            if let (Some(x), Some(y)) = (read(a), read(b))
                && let Some(off) = x.iter().zip(&y).position(|(p, q)| p != q)
            {
                d.detail = format!(
                    "first difference at offset {off:#x}: {:#04x} vs {:#04x}",
                    x[off], y[off]
                );
            }
        }
        let kinds = &self.run.engines;
        let mut gs: Vec<Group> = groups
            .iter()
            .map(|(members, o)| Group {
                engines: members.iter().map(|&i| kinds[i]).collect(),
                class: match (o, &state_diff) {
                    (Observed::Outcome(o), _) => o.class(),
                    (Observed::State(_), Some(d)) => format!("state:{}", d.kind),
                    (Observed::State(_), None) => "state".into(),
                    // Never grouped (see `compare`).
                    (Observed::Skipped(_), _) => "skipped".into(),
                },
                shown: o.show(phase),
            })
            .collect();
        gs.sort_by(|a, b| {
            b.engines
                .len()
                .cmp(&a.engines.len())
                .then(a.engines.cmp(&b.engines))
        });
        let compared: usize = gs.iter().map(|g| g.engines.len()).sum();
        let (majority, odd) = if compared >= 3 && gs[0].engines.len() > gs[1].engines.len() {
            let odd = gs[1..]
                .iter()
                .flat_map(|g| g.engines.iter().copied())
                .collect();
            (Some(gs[0].engines.clone()), odd)
        } else {
            (None, Vec::new())
        };
        let export = match phase {
            Phase::Call(i) | Phase::State(i) => Some(self.case.calls[i].export.clone()),
            _ => None,
        };
        let detail = match &state_diff {
            Some(d) if d.name == d.kind => format!("{}: {}", d.kind, d.detail),
            Some(d) => format!("{} `{}`: {}", d.kind, d.name, d.detail),
            None => gs
                .iter()
                .map(|g| {
                    let names: Vec<_> = g.engines.iter().map(|e| e.name()).collect();
                    format!("{}: {}", names.join(", "), g.shown)
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        // Which call diverged is left out, as the values are: the same
        // engine bug met at the first call or the fifth is one signature.
        let head = match state_diff.as_ref().map(|d| d.kind) {
            Some(k) => format!("{}:{k}", phase.name()),
            None => phase.name().to_string(),
        };
        let sides = gs
            .iter()
            .enumerate()
            .map(|(i, g)| Side {
                class: g.class.clone(),
                engines: if i == 0 && majority.is_some() {
                    vec![MAJORITY.to_string()]
                } else {
                    g.engines.iter().map(|e| e.name().to_string()).collect()
                },
            })
            .collect();
        let signature = Signature::new(head, sides);
        Divergence {
            phase,
            export,
            groups: gs,
            majority,
            odd,
            detail,
            signature,
        }
    }
}

/// With the engines' own WASI (`native`), exit code 0 and no exit at all
/// are one (Node's WASI cannot tell them apart).
fn native_exit(native: bool, mut out: WasiOutput) -> WasiOutput {
    if native && out.exit == Some(0) {
        out.exit = None;
    }
    out
}

/// Read the exported state of an instance, in export order.
fn snapshot(inst: &mut dyn Instance, exports: &[crate::module_info::Export]) -> State {
    let mut s = State {
        globals: Vec::new(),
        memories: Vec::new(),
        tables: Vec::new(),
        wasi: None,
    };
    for e in exports {
        let name = e.name.clone();
        match &e.ty {
            EntityType::Global { ty: Some(_) } => {
                if let Some(v) = inst.global(&e.name) {
                    s.globals.push((name, v));
                }
            }
            EntityType::Memory(_) => {
                if let Some(m) = inst.memory_image(&e.name) {
                    s.memories.push((name, m));
                }
            }
            EntityType::Table { ty: Some(_) } => {
                if let Some(t) = inst.table(&e.name) {
                    s.tables.push((name, t));
                }
            }
            _ => {}
        }
    }
    s
}

impl Oracle {
    /// Ask every engine's validator about a module (used to report which
    /// engines accept a module wasmparser rejects).
    pub fn validate_all(&mut self, wasm: &[u8]) -> Vec<(EngineKind, Result<(), String>)> {
        self.engines
            .iter_mut()
            .map(|e| (e.kind(), e.validate(wasm)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TrapKind;

    fn case() -> TestCase {
        TestCase::from_module(wat::parse_str(r#"(module (func (export "f")))"#).unwrap()).unwrap()
    }

    /// Compare hand-made observations with the oracle's grouping logic, over
    /// the real engines of this build.
    fn divergence_of(cells: Vec<Outcome>) -> Option<Divergence> {
        let kinds = EngineKind::available_kinds();
        let mut o =
            Oracle::new(&kinds[..cells.len()], Limits::default(), FeatureSet::all()).unwrap();
        let case = case();
        let mut r = Runner::new(&mut o.engines, &case, false, false, &[]);
        r.compare(
            Phase::Call(0),
            "f()".into(),
            cells
                .into_iter()
                .map(|c| Some(Observed::Outcome(c)))
                .collect(),
        );
        r.run.divergence
    }

    fn ok(v: i32) -> Outcome {
        Outcome::Ok(vec![Val::I32(v)])
    }

    #[test]
    fn majority_names_the_odd_engine_out() {
        if EngineKind::available_kinds().len() < 4 {
            return;
        }
        let d = divergence_of(vec![
            ok(1),
            ok(1),
            Outcome::Trap(TrapKind::Unreachable),
            ok(1),
        ])
        .unwrap();
        let kinds = EngineKind::available_kinds();
        assert_eq!(
            d.majority.as_deref(),
            Some(&[kinds[0], kinds[1], kinds[3]][..])
        );
        assert_eq!(d.odd, [kinds[2]]);
        assert_eq!(d.groups[1].class, "trap:unreachable");
        assert_eq!(d.export.as_deref(), Some("f"));
        assert!(
            d.signature.text.starts_with("call|"),
            "{}",
            d.signature.text
        );
    }

    #[test]
    fn signatures_ignore_values_but_not_the_split() {
        if EngineKind::available_kinds().len() < 3 {
            return;
        }
        let a = divergence_of(vec![ok(1), ok(1), ok(2)]).unwrap().signature;
        let b = divergence_of(vec![ok(5), ok(5), ok(7)]).unwrap().signature;
        let c = divergence_of(vec![ok(1), ok(2), ok(2)]).unwrap().signature;
        assert_eq!(a, b);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.len(), 16);
        // The majority's engines are `*`; the odd engine is named.
        let kinds = EngineKind::available_kinds();
        assert_eq!(a.text, format!("call|ok=*|ok={}", kinds[2]));
        // A tie has no majority.
        let d = divergence_of(vec![ok(1), ok(2)]).unwrap();
        assert!(d.majority.is_none() && d.odd.is_empty());
    }

    #[test]
    fn nan_results_and_exhaustion_are_not_divergences() {
        if EngineKind::available_kinds().len() < 3 {
            return;
        }
        let nan = |bits| Outcome::Ok(vec![Val::F32(bits)]);
        assert!(
            divergence_of(vec![nan(0x7fc0_0000), nan(0xffc0_0000), nan(0x7fa0_0001)]).is_none()
        );
        let stack = Outcome::Trap(TrapKind::StackExhausted);
        let fuel = Outcome::Trap(TrapKind::OutOfFuel);
        assert!(divergence_of(vec![ok(1), stack, fuel]).is_none());
        assert!(divergence_of(vec![ok(1), Outcome::ResourceLimit("cap".into()), ok(1)]).is_none());
        // After a growth met the cap, engines that grew anyway and engines
        // that failed it are not compared either.
        assert!(divergence_of(vec![ok(1), Outcome::ResourceLimit("cap".into()), ok(-1)]).is_none());
    }

    #[test]
    fn a_memory_divergence_names_the_first_differing_offset() {
        // The canary subtracts where the others add: the stored sums
        // differ from byte 0x10 on.
        let wasm = wat::parse_str(
            r#"(module (memory (export "m") 1)
                 (func (export "f") (i32.store (i32.const 16) (i32.add (i32.const 5) (i32.const 3)))))"#,
        )
        .unwrap();
        let case = TestCase::from_module(wasm).unwrap();
        let kinds = [
            EngineKind::WasmtimeCranelift,
            EngineKind::Wasmi,
            EngineKind::Canary,
        ];
        let mut o = Oracle::new(&kinds, Limits::default(), FeatureSet::all()).unwrap();
        let run = o.run(&case);
        let d = run.divergence.expect("the canary diverges");
        assert!(
            d.detail.contains("first difference at offset 0x10"),
            "{}",
            d.detail
        );
    }

    #[test]
    fn state_diff_compares_memories_by_size_and_hash() {
        use crate::engines::MemoryImage;
        let a = State {
            globals: vec![],
            memories: vec![("m".into(), MemoryImage::of(&[0, 0, 7, 9]))],
            tables: vec![],
            wasi: None,
        };
        let mut b = a.clone();
        b.memories[0].1 = MemoryImage::of(&[0, 0, 8, 1]);
        let d = a.diff(&b).unwrap();
        assert_eq!((d.kind, d.detail.as_str()), ("memory", "contents differ"));
        b.memories[0].1 = MemoryImage::of(&[0, 0, 7, 9, 0]);
        assert_eq!(a.diff(&b).unwrap().detail, "size 4 vs 5 bytes");
        assert!(a.diff(&a.clone()).is_none());
        let g1 = State {
            globals: vec![("g".into(), Val::F64(0x7ff8_0000_0000_0000))],
            ..a.clone()
        };
        let g2 = State {
            globals: vec![("g".into(), Val::F64(0xfff8_0000_0000_0001))],
            ..a.clone()
        };
        assert!(g1.diff(&g2).is_none(), "NaN globals are equal");
        let t1 = State {
            tables: vec![("t".into(), vec![true, false])],
            ..a.clone()
        };
        let t2 = State {
            tables: vec![("t".into(), vec![true, true])],
            ..a
        };
        assert_eq!(t1.diff(&t2).unwrap().kind, "table");
    }
}
