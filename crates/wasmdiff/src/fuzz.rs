//! The fuzz loop: one input at a time, as the cargo-fuzz target, the
//! plain-build stand-in ([`stand_in`]) and each worker of a campaign
//! ([`crate::campaign`]) run it. An input becomes a test case, runs in every
//! engine, and a divergence is shrunk and recorded in the repro store.
//! Inconclusive inputs are worth nothing to a coverage-guided fuzzer and are
//! rejected from its corpus.

use std::path::PathBuf;

use crate::engines::{EngineKind, Limits};
use crate::error::Error;
use crate::features::FeatureSet;
use crate::generate::{GenConfig, TestCase};
use crate::oracle::{Oracle, Reason, Signature, Verdict};
use crate::repro::{Finding, Recorded, ReproStore};
use crate::shrink::{ShrinkConfig, Shrunk, shrink};

/// How to fuzz.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct FuzzConfig {
    /// The engines to compare.
    pub engines: Vec<EngineKind>,
    /// How to generate modules (its feature set is what modules may use).
    pub generate: GenConfig,
    /// Engine limits.
    pub limits: Limits,
    /// How to shrink divergences.
    pub shrink: ShrinkConfig,
    /// Where repros go; `None` to record nothing.
    pub repros: Option<PathBuf>,
}

impl FuzzConfig {
    /// These engines, each case under its own feature profile drawn from
    /// what they support (see [`crate::generate::swarm`]), with repros in
    /// `corpus/repros`.
    pub fn default_for(engines: Vec<EngineKind>) -> FuzzConfig {
        let mut generate = GenConfig::default();
        generate.swarm_over(
            engines.iter().map(|k| k.supported()).collect(),
            FeatureSet::all(),
        );
        FuzzConfig {
            engines,
            generate,
            limits: Limits::default(),
            shrink: ShrinkConfig::default(),
            repros: Some(PathBuf::from("corpus/repros")),
        }
    }

    /// The configuration from the environment, for the cargo-fuzz target
    /// (which takes no flags): `WASMDIFF_ENGINES` (a list as for
    /// `--engines`, default `all`), `WASMDIFF_FEATURES` (pins one feature
    /// profile; default: a profile per case drawn from what the engines
    /// support), `WASMDIFF_SWARM` (swarm weights, as for `--swarm`),
    /// `WASMDIFF_REPROS` (default `corpus/repros` under `root`) and
    /// `WASMDIFF_SHRINK_SECS`. These choose what to run, never how a case
    /// is judged.
    pub fn from_env(root: &std::path::Path) -> Result<FuzzConfig, Error> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let engines = EngineKind::parse_list(&var("WASMDIFF_ENGINES").unwrap_or("all".into()))?;
        let mut c = FuzzConfig::default_for(engines);
        if let Some(f) = var("WASMDIFF_FEATURES") {
            c.generate.pin(FeatureSet::parse(&f)?);
        }
        if let (Some(w), Some(s)) = (var("WASMDIFF_SWARM"), c.generate.swarm.as_mut()) {
            s.set_weights(&w)?;
        }
        c.repros =
            Some(var("WASMDIFF_REPROS").map_or_else(|| root.join("corpus/repros"), PathBuf::from));
        if let Some(s) = var("WASMDIFF_SHRINK_SECS") {
            let secs: u64 = s
                .parse()
                .map_err(|_| Error::input(format!("WASMDIFF_SHRINK_SECS: not a number: {s}")))?;
            c.shrink.time_limit = std::time::Duration::from_secs(secs);
        }
        Ok(c)
    }

    /// As [`FuzzConfig::from_env`], for ClusterFuzz (OSS-Fuzz and
    /// ClusterFuzzLite): unless `WASMDIFF_REPROS` or `WASMDIFF_SHRINK_SECS`
    /// say otherwise, a divergence is reported at once, neither shrunk nor
    /// recorded. ClusterFuzz minimizes and keeps crashing inputs itself, its
    /// machines have no `corpus/`, and a shrink would outlast its per-input
    /// timeout and turn the divergence into a timeout report.
    pub fn from_env_for_clusterfuzz(root: &std::path::Path) -> Result<FuzzConfig, Error> {
        let mut c = FuzzConfig::from_env(root)?;
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        if !set("WASMDIFF_REPROS") {
            c.repros = None;
        }
        if !set("WASMDIFF_SHRINK_SECS") {
            c.shrink.time_limit = std::time::Duration::ZERO;
        }
        Ok(c)
    }
}

impl FuzzConfig {
    /// For a fuzz target built with AddressSanitizer: unless
    /// `WASMDIFF_ENGINES` names the engines, leave out those whose
    /// descriptors say they do not run clean under ASan (wasmer's: it
    /// switches stacks on a trap, which ASan reports as a
    /// stack-buffer-underflow). Without `WASMDIFF_FEATURES`, the
    /// profiles are drawn from what the remaining engines support.
    pub fn for_address_sanitizer(mut self) -> FuzzConfig {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        if set("WASMDIFF_ENGINES") {
            return self;
        }
        self.engines.retain(|k| k.runs_under_asan());
        if let Some(swarm) = self.generate.swarm.as_mut() {
            let weights = swarm.weights.clone();
            self.generate.swarm_over(
                self.engines.iter().map(|k| k.supported()).collect(),
                FeatureSet::all(),
            );
            if let Some(s) = self.generate.swarm.as_mut() {
                s.weights = weights;
            }
        }
        self
    }
}

/// A divergence found by fuzzing, shrunk and recorded.
#[derive(Clone, Debug)]
pub struct Found {
    /// Its signature.
    pub signature: Signature,
    /// The shrink.
    pub shrunk: Shrunk,
    /// Where it was recorded (if a store is configured and writing worked).
    pub recorded: Option<Recorded>,
    /// Why recording failed, if it did.
    pub record_error: Option<String>,
}

impl Found {
    /// The message a fuzz target crashes with. Its first line names the
    /// repro signature and the divergence class
    /// ([`crate::crash::first_line`]), the second is an assertion failure
    /// for crash deduplication ([`crate::crash::assertion_line`]), the
    /// third says where the repro went.
    pub fn crash_message(&self) -> String {
        let place = match &self.recorded {
            Some(r) => format!("repro: {}", r.dir.display()),
            None => format!(
                "not recorded: {}",
                self.record_error.as_deref().unwrap_or("no repro store")
            ),
        };
        format!(
            "{}\n{}\n{place} (shrunk {} -> {} bytes)",
            crate::crash::first_line(&self.signature),
            crate::crash::assertion_line(self.class()),
            self.shrunk.original_size,
            self.shrunk.shrunk_size
        )
    }

    /// The divergence's class (phase and outcome classes).
    pub fn class(&self) -> crate::crash::DivergenceClass {
        crate::crash::DivergenceClass::of_signature(&self.signature)
    }

    /// Print [`Found::crash_message`] and abort, from stack frames of the
    /// divergence's class, so that crash-grouping infrastructure
    /// (ClusterFuzz) files each class separately. For fuzz targets; see
    /// [`crate::crash`].
    pub fn raise(&self) -> ! {
        crate::crash::raise(self.class(), &self.crash_message())
    }
}

/// What became of one fuzz input.
#[derive(Debug)]
pub enum FuzzOutcome {
    /// The input did not make a module.
    GenerationFailed(String),
    /// Every engine agreed.
    Agree {
        /// Whether an export call ran in at least two engines.
        reached_execution: bool,
    },
    /// Not comparable.
    Inconclusive(Reason),
    /// A divergence, shrunk and recorded.
    Diverged(Box<Found>),
}

/// What became of one input, in the form a campaign counts (and a worker
/// process sends to its parent).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum CaseOutcome {
    /// The input did not make a module.
    GenerationFailed,
    /// Every engine agreed.
    Agree {
        /// Whether an export call ran in at least two engines.
        reached_execution: bool,
    },
    /// Inconclusive, with the reason.
    Inconclusive(String),
    /// A divergence.
    Diverged {
        /// The signature's id.
        id: String,
        /// The signature's text.
        text: String,
        /// The repro directory, if recorded.
        repro: Option<String>,
    },
}

impl CaseOutcome {
    /// The campaign's view of a fuzz outcome.
    pub fn of(o: &FuzzOutcome) -> CaseOutcome {
        match o {
            FuzzOutcome::GenerationFailed(_) => CaseOutcome::GenerationFailed,
            FuzzOutcome::Agree { reached_execution } => CaseOutcome::Agree {
                reached_execution: *reached_execution,
            },
            FuzzOutcome::Inconclusive(r) => CaseOutcome::Inconclusive(r.to_string()),
            FuzzOutcome::Diverged(found) => CaseOutcome::Diverged {
                id: found.signature.id.clone(),
                text: found.signature.text.clone(),
                repro: found.recorded.as_ref().map(|r| r.dir.display().to_string()),
            },
        }
    }
}

/// Counts of what became of the inputs so far.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct FuzzStats {
    /// Inputs run.
    pub inputs: u64,
    /// Inputs whose engines all agreed.
    pub agree: u64,
    /// Agreeing inputs where an export call ran in two or more engines.
    pub reached_execution: u64,
    /// Inconclusive inputs, by reason.
    pub inconclusive: std::collections::BTreeMap<String, u64>,
    /// Inputs that did not make a module.
    pub generation_failed: u64,
    /// Divergences.
    pub diverged: u64,
}

impl FuzzStats {
    /// Total inconclusive inputs.
    pub fn inconclusive_total(&self) -> u64 {
        self.inconclusive.values().sum()
    }

    fn count(&mut self, o: &FuzzOutcome) {
        self.tally(&CaseOutcome::of(o));
    }

    /// Count one input (as a campaign records it).
    pub(crate) fn tally(&mut self, o: &CaseOutcome) {
        self.inputs += 1;
        match o {
            CaseOutcome::GenerationFailed => self.generation_failed += 1,
            CaseOutcome::Agree { reached_execution } => {
                self.agree += 1;
                self.reached_execution += u64::from(*reached_execution);
            }
            CaseOutcome::Inconclusive(r) => *self.inconclusive.entry(r.clone()).or_default() += 1,
            CaseOutcome::Diverged { .. } => self.diverged += 1,
        }
    }

    /// One line for logs.
    pub fn line(&self) -> String {
        let inc: Vec<String> = self
            .inconclusive
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        format!(
            "wasmdiff: {} inputs: {} agree ({} reached execution), {} diverged, {} not generated, inconclusive {{{}}}",
            self.inputs,
            self.agree,
            self.reached_execution,
            self.diverged,
            self.generation_failed,
            inc.join(", ")
        )
    }
}

/// Measurements of the last input run by a [`Fuzzer`].
#[derive(Clone, Debug, Default)]
pub struct CaseMetrics {
    /// Time inside each engine (validate, compile, instantiate, calls,
    /// state), in configuration order.
    pub engine_time: Vec<(EngineKind, std::time::Duration)>,
    /// Engines that ran the case (not unsupported).
    pub engines_ran: usize,
    /// Those engines.
    pub ran: Vec<EngineKind>,
    /// The features the module needs (`None` if not generated).
    pub features: Option<FeatureSet>,
    /// Module size in bytes (0 if not generated).
    pub module_bytes: usize,
    /// Functions in the module.
    pub functions: u32,
    /// Time spent shrinking and recording a divergence.
    pub shrink_time: std::time::Duration,
    /// Wasm operators executed, by the first engine that counts them
    /// (wasmtime's fuel), when it ran the case to the end.
    pub executed: Option<u64>,
    /// Time spent generating the module (wasm-smith and the NaN rewrite).
    pub generate_time: std::time::Duration,
    /// Export calls the engines made, summed over the engines.
    pub calls: u64,
}

/// A fuzzing worker: engines created once, reused for every input.
pub struct Fuzzer {
    config: FuzzConfig,
    oracle: Oracle,
    store: Option<ReproStore>,
    stats: FuzzStats,
    last_progress: std::time::Instant,
    metrics: CaseMetrics,
}

impl Fuzzer {
    /// Create the engines.
    pub fn new(config: FuzzConfig) -> Result<Fuzzer, Error> {
        let oracle = Oracle::new(&config.engines, config.limits, config.generate.features)?;
        let store = config.repros.clone().map(ReproStore::new);
        Ok(Fuzzer {
            config,
            oracle,
            store,
            stats: FuzzStats::default(),
            last_progress: std::time::Instant::now(),
            metrics: CaseMetrics::default(),
        })
    }

    /// Measurements of the last input.
    pub fn last_metrics(&self) -> &CaseMetrics {
        &self.metrics
    }

    /// What became of the inputs so far.
    pub fn stats(&self) -> &FuzzStats {
        &self.stats
    }

    /// The statistics line, at most once per `every` (for fuzz targets,
    /// which have no other way to say why inputs were rejected).
    pub fn progress(&mut self, every: std::time::Duration) -> Option<String> {
        if self.last_progress.elapsed() < every {
            return None;
        }
        self.last_progress = std::time::Instant::now();
        Some(self.stats.line())
    }

    /// The configuration.
    pub fn config(&self) -> &FuzzConfig {
        &self.config
    }

    /// Run one fuzz input.
    pub fn run_one(&mut self, data: &[u8]) -> FuzzOutcome {
        let outcome = self.judge_input(data);
        self.stats.count(&outcome);
        outcome
    }

    fn judge_input(&mut self, data: &[u8]) -> FuzzOutcome {
        self.metrics = CaseMetrics::default();
        let start = std::time::Instant::now();
        let case = TestCase::generate(data, &self.config.generate);
        let generate_time = start.elapsed();
        self.metrics.generate_time = generate_time;
        let case = match case {
            Ok(c) => c,
            Err(e) => return FuzzOutcome::GenerationFailed(e.to_string()),
        };
        let result = self.oracle.check(&case, true);
        let run = &result.runs[0];
        self.metrics = CaseMetrics {
            engine_time: run
                .engines
                .iter()
                .copied()
                .zip(run.engine_time.iter().copied())
                .collect(),
            engines_ran: run.engines.len() - run.unsupported.len(),
            ran: run.ran(),
            features: Some(case.info.features),
            module_bytes: case.wasm.len(),
            functions: case.info.functions,
            shrink_time: std::time::Duration::ZERO,
            executed: run.executed.iter().find_map(|e| *e),
            generate_time,
            calls: run.calls(),
        };
        match result.verdict {
            Verdict::Agree => FuzzOutcome::Agree {
                reached_execution: result.runs[0].reached_execution,
            },
            Verdict::Inconclusive(r) => FuzzOutcome::Inconclusive(r),
            Verdict::Diverge(d) => {
                let start = std::time::Instant::now();
                let found = self.found(&case, &d, Some(data));
                self.metrics.shrink_time = start.elapsed();
                FuzzOutcome::Diverged(Box::new(found))
            }
        }
    }

    /// Shrink and record a divergence of `case`.
    pub fn found(
        &mut self,
        case: &TestCase,
        d: &crate::oracle::Divergence,
        input: Option<&[u8]>,
    ) -> Found {
        let unshrunk = || Shrunk::unshrunk(case);
        // A zero time limit means: report at once, do not shrink. Nor is a
        // signature the store already holds shrunk again: its repro is
        // there, and a known engine bug met every few hundred cases would
        // otherwise cost a shrink each time (the record counts the hit).
        let known = self
            .store
            .as_ref()
            .is_some_and(|s| s.dir_of(&d.signature.id).join("meta.json").is_file());
        let shrunk = if self.config.shrink.time_limit.is_zero() || known {
            unshrunk()
        } else {
            shrink(&mut self.oracle, case, &d.signature, self.config.shrink)
                .unwrap_or_else(|_| unshrunk())
        };
        let small = TestCase {
            info: crate::module_info::ModuleInfo::parse_with_features(
                &shrunk.wasm,
                case.info.features,
            )
            .unwrap_or_else(|_| case.info.clone()),
            wasm: shrunk.wasm.clone(),
            calls: shrunk.calls.clone(),
        };
        let result = self.oracle.check(&small, false);
        // The report describes the shrunk case's own divergence when it has
        // the same signature (it does unless shrinking failed).
        let divergence = match &result.verdict {
            Verdict::Diverge(sd) if sd.signature == d.signature => sd.as_ref().clone(),
            _ => d.clone(),
        };
        let (recorded, record_error) = match &self.store {
            Some(store) => {
                let finding = Finding {
                    divergence: &divergence,
                    original: case,
                    shrunk: &shrunk,
                    result: &result,
                    input,
                    engines: &self.config.engines,
                    features: case.info.features,
                    wasi: None,
                };
                match store.record(&finding) {
                    Ok(r) => (Some(r), None),
                    Err(e) => (None, Some(format!("{}: {e}", store.root().display()))),
                }
            }
            None => (None, None),
        };
        Found {
            signature: d.signature.clone(),
            shrunk,
            recorded,
            record_error,
        }
    }
}

/// The bytes of input `index`: the file `path` (inputs given as files) or
/// seeded input `index` of `seed`.
pub fn input_bytes(
    seed: u64,
    path: Option<&std::path::Path>,
    index: u64,
) -> Result<Vec<u8>, Error> {
    match path {
        Some(p) => std::fs::read(p).map_err(|e| Error::io(p, e)),
        None => Ok(crate::generate::seeded_input(seed, index)),
    }
}

/// The name a crashing input is saved under, as libFuzzer names crash
/// files: `crash-<hash of the input>`.
pub fn crash_file_name(data: &[u8]) -> String {
    format!("crash-{:016x}", crate::signature::fnv1a(data))
}

/// The plain-build stand-in for a fuzz target (no libFuzzer): run inputs
/// from files and directories, or seeded ones, through `one`.
///
/// Arguments: `[--seed S] [--cases N] [--time SECS] [--artifact-prefix P]
/// [PATH...]`. On a divergence the input is written to `<P>crash-<hash>`
/// (as libFuzzer names crash files), the crash message is printed, and the
/// return value is 1; otherwise 0 after a summary line. 2 for bad arguments.
pub fn stand_in(args: Vec<String>, mut one: impl FnMut(&[u8]) -> FuzzOutcome) -> i32 {
    let StandInArgs {
        seed,
        cases,
        time,
        prefix,
        paths,
    } = match StandInArgs::parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut inputs: Vec<PathBuf> = Vec::new();
    for p in &paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            inputs.extend(files);
        } else {
            inputs.push(p.clone());
        }
    }
    let start = std::time::Instant::now();
    let limit = cases.unwrap_or(if time.is_some() || !inputs.is_empty() {
        u64::MAX
    } else {
        1000
    });
    let (mut agree, mut inconclusive, mut failed) = (0u64, 0u64, 0u64);
    let mut last_report = std::time::Instant::now();
    let mut i = 0u64;
    loop {
        if i >= limit || time.is_some_and(|t| start.elapsed() >= t) {
            break;
        }
        let data = if inputs.is_empty() {
            crate::generate::seeded_input(seed, i)
        } else {
            let Some(path) = inputs.get(i as usize) else {
                break;
            };
            match std::fs::read(path) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return 2;
                }
            }
        };
        i += 1;
        match one(&data) {
            FuzzOutcome::Agree { .. } => agree += 1,
            FuzzOutcome::Inconclusive(_) => inconclusive += 1,
            FuzzOutcome::GenerationFailed(_) => failed += 1,
            FuzzOutcome::Diverged(found) => {
                let crash = format!("{prefix}{}", crash_file_name(&data));
                let saved = match crate::repro::write_atomic(std::path::Path::new(&crash), &data) {
                    Ok(()) => format!("input saved to {crash}"),
                    Err(e) => format!("could not save the input to {crash}: {e}"),
                };
                println!(
                    "{}\n{saved}\nafter {i} inputs in {:.1}s",
                    found.crash_message(),
                    start.elapsed().as_secs_f64()
                );
                return 1;
            }
        }
        if last_report.elapsed().as_secs() >= 5 {
            last_report = std::time::Instant::now();
            println!(
                "#{i} {:.0} inputs/s, {agree} agree, {inconclusive} inconclusive",
                i as f64 / start.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "done: {i} inputs in {:.1}s ({:.0}/s): {agree} agree, {inconclusive} inconclusive, {failed} not generated, 0 divergences",
        start.elapsed().as_secs_f64(),
        i as f64 / start.elapsed().as_secs_f64().max(1e-9)
    );
    0
}

/// The stand-in's command line (see [`stand_in`]).
#[derive(Debug, PartialEq)]
struct StandInArgs {
    seed: u64,
    cases: Option<u64>,
    time: Option<std::time::Duration>,
    prefix: String,
    paths: Vec<PathBuf>,
}

impl StandInArgs {
    fn parse(args: Vec<String>) -> Result<StandInArgs, Error> {
        use lexopt::prelude::*;
        let mut a = StandInArgs {
            seed: 0,
            cases: None,
            time: None,
            prefix: "./".into(),
            paths: Vec::new(),
        };
        let bad = |e: lexopt::Error| Error::input(e.to_string());
        let mut parser = lexopt::Parser::from_args(args);
        // A flag's value as a number; the error names the flag.
        let number = |parser: &mut lexopt::Parser, flag: &str| -> Result<u64, Error> {
            parser
                .value()
                .and_then(|v| v.parse())
                .map_err(|e| Error::input(format!("--{flag}: {e}")))
        };
        while let Some(arg) = parser.next().map_err(bad)? {
            match arg {
                Long("seed") => a.seed = number(&mut parser, "seed")?,
                Long("cases") => a.cases = Some(number(&mut parser, "cases")?),
                Long("time") => {
                    a.time = Some(std::time::Duration::from_secs(number(&mut parser, "time")?))
                }
                Long("artifact-prefix") => {
                    a.prefix = parser.value().and_then(|v| v.string()).map_err(bad)?
                }
                Value(path) => a.paths.push(path.into()),
                _ => return Err(bad(arg.unexpected())),
            }
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::StandInArgs;

    fn parse(args: &[&str]) -> Result<StandInArgs, String> {
        StandInArgs::parse(args.iter().map(|s| s.to_string()).collect()).map_err(|e| e.to_string())
    }

    #[test]
    fn stand_in_reads_its_flags_and_paths() {
        let a = parse(&[
            "--seed",
            "7",
            "--cases=20",
            "--time",
            "3",
            "--artifact-prefix",
            "out/",
            "corpus",
            "x.bin",
        ])
        .unwrap();
        assert_eq!(
            a,
            StandInArgs {
                seed: 7,
                cases: Some(20),
                time: Some(std::time::Duration::from_secs(3)),
                prefix: "out/".into(),
                paths: vec!["corpus".into(), "x.bin".into()],
            }
        );
        let e = parse(&["--seed", "seven"]).unwrap_err();
        assert!(e.contains("--seed"), "{e}");
        let e = parse(&["--cases"]).unwrap_err();
        assert!(e.contains("--cases"), "{e}");
        let e = parse(&["--bogus"]).unwrap_err();
        assert!(e.contains("--bogus"), "{e}");
        assert_eq!(parse(&[]).unwrap().prefix, "./");
    }
}
