//! `wasmdiff bench`: how fast the differential loop runs, measured; with
//! `--power`, how fast campaigns expose planted faults; with `--coverage`,
//! which operators generated modules contain and execute.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::Args;
use wasmdiff::campaign::{CampaignConfig, Live, Summary, run_campaign};
use wasmdiff::fuzz::FuzzConfig;

/// Measure the differential loop on a fixed set of inputs, in one run: with
/// one worker and with one worker per core (worker processes unless
/// `--workers threads`).
///
/// Prints engine runs per second (cases/s times the engine configurations
/// that ran each case), cases/s with 1 and N workers and their ratio, the
/// harness overhead (wall time / time inside engine compile + instantiate +
/// call; 1.0 is the limit of this design), per-engine cost, the share of
/// inputs that reach execution, and the workers' resident memory early and
/// late in the parallel run. Divergences are reported without shrinking
/// (nothing is recorded, so a known one would be shrunk at every hit), and
/// their second check is left out of the overhead. The two runs alternate for `--rounds` rounds
/// (the machine's speed drifts; both see the same drift) and the report
/// shows the round with the median ratio, and the range. With worker
/// processes each round also measures the machine's own ceiling: N
/// independent copies of the 1-worker run at once, against one alone (what
/// N cores give this work when nothing at all is shared). Nothing is
/// recorded.
///
/// With --power: the generator's power to expose engine bugs. For each
/// planted canary fault (--faults; default: every edge-condition fault,
/// see `wasmdiff::engines::canary`), a campaign over the engines plus the
/// canary, planting only that fault (WASMDIFF_CANARY_FAULT in the worker
/// processes), runs for at most --time seconds (and --cases inputs) and
/// stops at the first divergence where the canary stands alone. Reports
/// per fault whether it was exposed, after how long and how many inputs;
/// then the share exposed and the median time to expose.
///
/// With --coverage: generates --cases seeded inputs as a campaign does and
/// reports, per feature the engines support, how many of its operators
/// appear in the modules and how many execute (an instrumented copy of
/// each case runs in wasmtime-cranelift). --verbose lists the missing
/// operators.
///
/// Examples:
///   wasmdiff bench
///   wasmdiff bench --inputs fuzz/corpus/differential --json
///   wasmdiff bench --power --faults i32-rem-s-min,memory-fill-end --time 60
///   wasmdiff bench --coverage --cases 10000 --verbose
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct BenchCmd {
    /// Seeded inputs to run (ignored with --inputs; default 400, 10000
    /// with --coverage, no limit but --time with --power).
    #[arg(long)]
    cases: Option<u64>,

    /// Seed of the inputs.
    #[arg(long, default_value_t = 0)]
    seed: u64,

    /// A directory of raw fuzz inputs to run instead (e.g. another fuzzer's
    /// corpus, to compare on the very same inputs).
    #[arg(long)]
    inputs: Option<PathBuf>,

    /// Workers for the parallel run (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,

    /// Worker processes or threads, for both runs.
    #[arg(long, value_enum, default_value_t = crate::fuzz::WorkerKind::Processes)]
    workers: crate::fuzz::WorkerKind,

    /// Engines.
    #[arg(long, default_value = "all")]
    engines: wasmdiff::EngineList,

    /// Rounds of the 1-worker and the N-worker run (alternating); the
    /// figures are those of the round with the median ratio.
    #[arg(long, default_value_t = 3)]
    rounds: u32,

    #[command(flatten)]
    output: crate::options::Output,

    /// Measure how fast campaigns expose planted canary faults.
    #[arg(long, conflicts_with_all = ["coverage", "inputs", "rounds", "workers"])]
    power: bool,

    /// With --power: the faults to plant, one campaign each (default:
    /// every edge-condition fault).
    #[arg(long, requires = "power")]
    faults: Option<String>,

    /// With --power: seconds per fault.
    #[arg(long, default_value_t = 30)]
    time: u64,

    /// With --power: keep each fault's repros in DIR/<fault> (default: a
    /// temporary directory, removed at the end).
    #[arg(long, requires = "power")]
    repros: Option<PathBuf>,

    /// Measure which operators generated modules contain and execute.
    #[arg(long, conflicts_with_all = ["inputs", "rounds", "workers"])]
    coverage: bool,

    /// With --coverage: list the operators never generated and never
    /// executed.
    #[arg(long, requires = "coverage")]
    verbose: bool,
}

impl BenchCmd {
    pub fn run(self) -> anyhow::Result<()> {
        let engines = self.engines.kinds.clone();
        let jobs = self.jobs.unwrap_or_else(crate::fuzz::default_jobs);
        if self.power {
            return crate::power::run(crate::power::PowerOptions {
                faults: self.faults.as_deref(),
                time: Duration::from_secs(self.time),
                cases: self.cases,
                seed: self.seed,
                jobs,
                engines,
                repros: self.repros,
                json: self.output.json,
            });
        }
        if self.coverage {
            return crate::coverage::run(crate::coverage::CoverageOptions {
                cases: self.cases.unwrap_or(10_000),
                seed: self.seed,
                jobs,
                engines,
                json: self.output.json,
                verbose: self.verbose,
            });
        }
        let mut fuzz = FuzzConfig::default_for(engines.clone());
        fuzz.repros = None;
        // A campaign shrinks a signature once and then knows it; the bench
        // records nothing, so it would shrink every hit of a known engine
        // difference again (seconds each). It measures the loop: a
        // divergence is reported unshrunk, and its second check is timed
        // apart (see `Report::divergence_secs`).
        fuzz.shrink.time_limit = Duration::ZERO;
        let inputs = match &self.inputs {
            Some(dir) => {
                let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                files.sort();
                anyhow::ensure!(!files.is_empty(), "{}: no input files", dir.display());
                files
            }
            None => Vec::new(),
        };
        let base = CampaignConfig {
            fuzz,
            jobs: 1,
            seed: self.seed,
            cases: if inputs.is_empty() {
                Some(self.cases.unwrap_or(400))
            } else {
                None
            },
            time: None,
            inputs,
            workers: self.workers.workers()?,
        };
        let stop = AtomicBool::new(false);
        let many_cfg = CampaignConfig {
            jobs,
            ..base.clone()
        };
        // Rounds alternate the 1-worker and the N-worker run on the same
        // inputs, so a slow spell of a shared machine hits both; the report
        // takes the round with the median ratio.
        let mut rounds = Vec::new();
        let mut ceilings = Vec::new();
        for _ in 0..self.rounds.max(1) {
            let one = {
                let live = Live::new(&base);
                run_campaign(&base, &live, &stop)?
            };
            let (early, many) = parallel_run(&many_cfg, &stop, one.counts.inputs)?;
            if let Some(c) = independent_copies(&base, jobs, &stop)? {
                ceilings.push(c / one.cases_per_sec.max(1e-9));
            }
            rounds.push((one, many, early));
        }
        let by_round: Vec<f64> = rounds
            .iter()
            .map(|(one, many, _)| many.cases_per_sec / one.cases_per_sec.max(1e-9))
            .collect();
        let mut order: Vec<usize> = (0..rounds.len()).collect();
        order.sort_by(|a, b| by_round[*a].total_cmp(&by_round[*b]));
        let (one, many, early) = &rounds[order[order.len() / 2]];
        let mut report = Report::new(one, many, jobs, *early);
        report.scaling_min = by_round[order[0]];
        report.scaling_max = by_round[order[order.len() - 1]];
        report.scaling_by_round = by_round;
        ceilings.sort_by(f64::total_cmp);
        report.machine_scaling = ceilings.get(ceilings.len() / 2).copied();
        if self.output.json {
            crate::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))
        } else {
            crate::emit(&report.text())
        }
    }
}

/// The machine's own ceiling for this work: `jobs` independent copies of
/// the 1-worker campaign at once, each a worker process running every
/// input; their combined cases/s. Only with worker processes (copies in
/// one process would not be independent).
fn independent_copies(
    base: &CampaignConfig,
    jobs: usize,
    stop: &AtomicBool,
) -> anyhow::Result<Option<f64>> {
    if matches!(base.workers, wasmdiff::campaign::Workers::Threads) || jobs < 2 {
        return Ok(None);
    }
    let rates = std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| {
                    let live = Live::new(base);
                    run_campaign(base, &live, stop)
                        .map(|r| r.cases_per_sec)
                        .map_err(anyhow::Error::from)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a copy panicked")))
            })
            .collect::<anyhow::Result<Vec<f64>>>()
    })?;
    Ok(Some(rates.iter().sum()))
}

/// The N-worker run, sampling the workers' resident memory once 10% of
/// the inputs are done: (that sample, the summary).
fn parallel_run(
    config: &CampaignConfig,
    stop: &AtomicBool,
    total: u64,
) -> anyhow::Result<(u64, Summary)> {
    let live = Live::new(config);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| -> anyhow::Result<(u64, Summary)> {
        let sampler = s.spawn(|| {
            let mut last = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
                let now = live.snapshot();
                last = now.rss_kib;
                if now.counts.inputs * 10 >= total && now.rss_kib > 0 {
                    break;
                }
            }
            last
        });
        let many = run_campaign(config, &live, stop);
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        let early = sampler.join().unwrap_or(0);
        Ok((early, many?))
    })
}

#[derive(serde::Serialize)]
struct Report {
    engines: Vec<String>,
    inputs: u64,
    jobs: usize,
    workers: String,
    cases_per_sec_1_worker: f64,
    cases_per_sec_n_workers: f64,
    scaling: f64,
    scaling_by_round: Vec<f64>,
    scaling_min: f64,
    scaling_max: f64,
    machine_scaling: Option<f64>,
    engine_runs_per_sec: f64,
    engine_runs_per_sec_per_core: f64,
    calls_per_sec: f64,
    calls_per_sec_per_core: f64,
    calls_per_case: f64,
    engines_per_case: f64,
    harness_overhead: f64,
    harness_overhead_with_startup: f64,
    /// Seconds spent after a divergence (checking the case again to
    /// report it), left out of the overhead: the loop's cost per case is
    /// what the overhead measures.
    divergence_secs: f64,
    startup_secs: f64,
    generate_ms_per_case: f64,
    rest_of_harness_ms_per_case: f64,
    engine_ms_per_case: std::collections::BTreeMap<String, f64>,
    reached_execution: f64,
    avg_module_bytes: f64,
    avg_functions: f64,
    avg_executed: f64,
    inconclusive: std::collections::BTreeMap<String, u64>,
    diverged: u64,
    rss_early_kib: u64,
    rss_late_kib: u64,
    rss_peak_kib: u64,
}

impl Report {
    fn new(one: &Summary, many: &Summary, jobs: usize, early: u64) -> Report {
        let generated = (one.counts.inputs - one.counts.generation_failed).max(1) as f64;
        Report {
            engines: one.engines.clone(),
            inputs: one.counts.inputs,
            jobs,
            workers: many.workers.clone(),
            cases_per_sec_1_worker: one.cases_per_sec,
            cases_per_sec_n_workers: many.cases_per_sec,
            scaling: many.cases_per_sec / one.cases_per_sec.max(1e-9),
            scaling_by_round: Vec::new(),
            scaling_min: 0.0,
            scaling_max: 0.0,
            machine_scaling: None,
            engine_runs_per_sec: many.engine_runs_per_sec,
            engine_runs_per_sec_per_core: many.engine_runs_per_sec / jobs as f64,
            calls_per_sec: many.calls_per_sec,
            calls_per_sec_per_core: many.calls_per_sec / jobs as f64,
            calls_per_case: one.calls as f64 / one.counts.inputs.max(1) as f64,
            engines_per_case: one.engine_runs as f64 / one.counts.inputs.max(1) as f64,
            harness_overhead: (one.elapsed_secs - one.startup_secs - one.shrink_secs)
                / one.engine_total_secs().max(1e-9),
            harness_overhead_with_startup: (one.elapsed_secs - one.shrink_secs)
                / one.engine_total_secs().max(1e-9),
            divergence_secs: one.shrink_secs,
            startup_secs: one.startup_secs,
            generate_ms_per_case: 1000.0 * one.generate_secs / one.counts.inputs.max(1) as f64,
            rest_of_harness_ms_per_case: 1000.0
                * (one.elapsed_secs
                    - one.startup_secs
                    - one.shrink_secs
                    - one.engine_total_secs()
                    - one.generate_secs)
                / one.counts.inputs.max(1) as f64,
            engine_ms_per_case: one
                .engine_secs
                .iter()
                .map(|(k, t)| (k.clone(), 1000.0 * t / one.counts.inputs.max(1) as f64))
                .collect(),
            reached_execution: one.counts.reached_execution as f64 / generated,
            avg_module_bytes: one.avg_module_bytes,
            avg_functions: one.avg_functions,
            avg_executed: one.avg_executed,
            inconclusive: one.counts.inconclusive.clone(),
            diverged: one.counts.diverged,
            rss_early_kib: early,
            rss_late_kib: many.rss_kib,
            rss_peak_kib: many.peak_rss_kib,
        }
    }

    fn text(&self) -> String {
        let mut t = format!(
            "{} inputs, engines: {}\n\
             cases/s: {:.1} with 1 worker, {:.1} with {} workers (x{:.2}, the median of {} rounds: x{:.2} to x{:.2}; worker {})\n\
             engine runs/s: {:.0} ({:.0} per core, {:.2} engines per case)\n\
             calls/s: {:.0} ({:.0} per core, {:.1} calls per case over its engines)\n\
             harness overhead: {:.3} (wall time after the engines are created, less reporting divergences, / time inside engines, 1 worker); {:.3} with the {:.2}s startup\n\
             harness time per case: {:.2} ms generating (wasm-smith, NaN rewrite), {:.2} ms the rest (oracle, IPC)\n\
             reached execution: {:.1}%; modules average {:.0} bytes, {:.1} functions, {:.0} wasm operators executed (wasmtime fuel)\n\
             resident memory: {} KiB early, {} KiB late, {} KiB peak\n\
             per-engine cost (ms per case, 1 worker):\n",
            self.inputs,
            self.engines.join(", "),
            self.cases_per_sec_1_worker,
            self.cases_per_sec_n_workers,
            self.jobs,
            self.scaling,
            self.scaling_by_round.len(),
            self.scaling_min,
            self.scaling_max,
            self.workers,
            self.engine_runs_per_sec,
            self.engine_runs_per_sec_per_core,
            self.engines_per_case,
            self.calls_per_sec,
            self.calls_per_sec_per_core,
            self.calls_per_case,
            self.harness_overhead,
            self.harness_overhead_with_startup,
            self.startup_secs,
            self.generate_ms_per_case,
            self.rest_of_harness_ms_per_case,
            100.0 * self.reached_execution,
            self.avg_module_bytes,
            self.avg_functions,
            self.avg_executed,
            self.rss_early_kib,
            self.rss_late_kib,
            self.rss_peak_kib,
        );
        if let Some(m) = self.machine_scaling {
            t.insert_str(
                t.find("engine runs/s").unwrap_or(0),
                &format!(
                    "machine ceiling: x{m:.2} ({} independent 1-worker copies at once vs one alone; the workers reach {:.0}% of it)\n",
                    self.jobs,
                    100.0 * self.scaling / m
                ),
            );
        }
        for (k, ms) in &self.engine_ms_per_case {
            t.push_str(&format!("  {k:<20} {ms:.2}\n"));
        }
        if self.diverged > 0 || !self.inconclusive.is_empty() {
            t.push_str(&format!(
                "divergences: {} (reported unshrunk; {:.2}s checking them again, not in the overhead); inconclusive: {:?}\n",
                self.diverged, self.divergence_secs, self.inconclusive
            ));
        }
        t
    }
}
