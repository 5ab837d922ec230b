//! `wasmdiff bench`: how fast the differential loop runs, measured.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::Args;
use wasmdiff::EngineKind;
use wasmdiff::campaign::{CampaignConfig, FuzzConfig, Live, Summary, run_campaign};

/// Measure the differential loop on a fixed set of inputs, in one run: with
/// one thread and with all threads.
///
/// Prints engine runs per second (cases/s times the engine configurations
/// that ran each case), cases/s with 1 and N threads and their ratio, the
/// harness overhead (wall time / time inside engine compile + instantiate +
/// call; 1.0 is the limit of this design), per-engine cost, the share of
/// inputs that reach execution, and resident memory early and late in the
/// threaded run. Nothing is recorded.
///
/// Examples:
///   wasmdiff bench
///   wasmdiff bench --inputs fuzz/corpus/differential --json
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct BenchCmd {
    /// Seeded inputs to run (ignored with --inputs).
    #[arg(long, default_value_t = 400)]
    cases: u64,

    /// Seed of the inputs.
    #[arg(long, default_value_t = 0)]
    seed: u64,

    /// A directory of raw fuzz inputs to run instead (e.g. another fuzzer's
    /// corpus, to compare on the very same inputs).
    #[arg(long)]
    inputs: Option<PathBuf>,

    /// Threads for the parallel run (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,

    /// Engines.
    #[arg(long, default_value = "all")]
    engines: String,

    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

impl BenchCmd {
    pub fn run(self) -> anyhow::Result<()> {
        let engines = EngineKind::parse_list(&self.engines).map_err(anyhow::Error::msg)?;
        let mut fuzz = FuzzConfig::default_for(engines.clone());
        fuzz.repros = None;
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
        let jobs = self.jobs.unwrap_or_else(crate::fuzz::default_jobs);
        let base = CampaignConfig {
            fuzz,
            jobs: 1,
            seed: self.seed,
            cases: if inputs.is_empty() {
                Some(self.cases)
            } else {
                None
            },
            time: None,
            inputs,
        };
        let stop = AtomicBool::new(false);
        let one = {
            let live = Live::new(&base);
            run_campaign(&base, &live, &stop).map_err(anyhow::Error::msg)?
        };
        // The threaded run, sampling resident memory early (10% of the
        // inputs) and at the end.
        let many_cfg = CampaignConfig {
            jobs,
            ..base.clone()
        };
        let live = Live::new(&many_cfg);
        let total = one.counts.inputs;
        let (early, many) = std::thread::scope(|s| -> anyhow::Result<(u64, Summary)> {
            let sampler = s.spawn(|| {
                loop {
                    std::thread::sleep(Duration::from_millis(50));
                    if live.snapshot().counts.inputs * 10 >= total {
                        return rss_kib("VmRSS:");
                    }
                }
            });
            let many = run_campaign(&many_cfg, &live, &stop).map_err(anyhow::Error::msg)?;
            Ok((sampler.join().unwrap_or(0), many))
        })?;
        let late = rss_kib("VmRSS:");
        let peak = rss_kib("VmHWM:");
        let report = Report::new(&one, &many, jobs, early, late, peak);
        if self.json {
            crate::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))
        } else {
            crate::emit(&report.text())
        }
    }
}

#[derive(serde::Serialize)]
struct Report {
    engines: Vec<String>,
    inputs: u64,
    jobs: usize,
    cases_per_sec_1_thread: f64,
    cases_per_sec_n_threads: f64,
    thread_scaling: f64,
    engine_runs_per_sec: f64,
    engine_runs_per_sec_per_core: f64,
    engines_per_case: f64,
    harness_overhead: f64,
    engine_ms_per_case: std::collections::BTreeMap<String, f64>,
    reached_execution: f64,
    avg_module_bytes: f64,
    avg_functions: f64,
    inconclusive: std::collections::BTreeMap<String, u64>,
    diverged: u64,
    rss_early_kib: u64,
    rss_late_kib: u64,
    rss_peak_kib: u64,
}

impl Report {
    fn new(one: &Summary, many: &Summary, jobs: usize, early: u64, late: u64, peak: u64) -> Report {
        let generated = (one.counts.inputs - one.counts.generation_failed).max(1) as f64;
        Report {
            engines: one.engines.clone(),
            inputs: one.counts.inputs,
            jobs,
            cases_per_sec_1_thread: one.cases_per_sec,
            cases_per_sec_n_threads: many.cases_per_sec,
            thread_scaling: many.cases_per_sec / one.cases_per_sec.max(1e-9),
            engine_runs_per_sec: many.engine_runs_per_sec,
            engine_runs_per_sec_per_core: many.engine_runs_per_sec / jobs as f64,
            engines_per_case: one.engine_runs as f64 / one.counts.inputs.max(1) as f64,
            harness_overhead: one.elapsed_secs / one.engine_total_secs().max(1e-9),
            engine_ms_per_case: one
                .engine_secs
                .iter()
                .map(|(k, t)| (k.clone(), 1000.0 * t / one.counts.inputs.max(1) as f64))
                .collect(),
            reached_execution: one.counts.reached_execution as f64 / generated,
            avg_module_bytes: one.avg_module_bytes,
            avg_functions: one.avg_functions,
            inconclusive: one.counts.inconclusive.clone(),
            diverged: one.counts.diverged,
            rss_early_kib: early,
            rss_late_kib: late,
            rss_peak_kib: peak,
        }
    }

    fn text(&self) -> String {
        let mut t = format!(
            "{} inputs, engines: {}\n\
             cases/s: {:.1} with 1 thread, {:.1} with {} threads (x{:.2})\n\
             engine runs/s: {:.0} ({:.0} per core, {:.2} engines per case)\n\
             harness overhead: {:.3} (wall time / time inside engines, 1 thread)\n\
             reached execution: {:.1}%; modules average {:.0} bytes, {:.1} functions\n\
             resident memory: {} KiB early, {} KiB late, {} KiB peak\n\
             per-engine cost (ms per case, 1 thread):\n",
            self.inputs,
            self.engines.join(", "),
            self.cases_per_sec_1_thread,
            self.cases_per_sec_n_threads,
            self.jobs,
            self.thread_scaling,
            self.engine_runs_per_sec,
            self.engine_runs_per_sec_per_core,
            self.engines_per_case,
            self.harness_overhead,
            100.0 * self.reached_execution,
            self.avg_module_bytes,
            self.avg_functions,
            self.rss_early_kib,
            self.rss_late_kib,
            self.rss_peak_kib,
        );
        for (k, ms) in &self.engine_ms_per_case {
            t.push_str(&format!("  {k:<20} {ms:.2}\n"));
        }
        if self.diverged > 0 || !self.inconclusive.is_empty() {
            t.push_str(&format!(
                "divergences: {}; inconclusive: {:?}\n",
                self.diverged, self.inconclusive
            ));
        }
        t
    }
}
