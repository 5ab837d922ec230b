//! Campaigns: many inputs of the fuzz loop ([`crate::fuzz`]) over worker
//! processes or threads, counted live ([`Live`]) into a [`Summary`], with
//! the inputs that crashed a worker saved as crash files.

use std::path::PathBuf;

use crate::error::Error;
use crate::features::FeatureSet;
use crate::fuzz::{
    CaseMetrics, CaseOutcome, FuzzConfig, FuzzOutcome, FuzzStats, Fuzzer, crash_file_name,
    input_bytes,
};

mod workers;
pub use workers::{Reply, Request, WorkerProgram, WorkerSpec, serve as serve_worker};

/// One input of a campaign: its index, outcome and measurements.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct CaseRecord {
    /// The input's index.
    pub index: u64,
    /// What became of it.
    pub outcome: CaseOutcome,
    /// Seconds inside each engine.
    pub engine_secs: Vec<(String, f64)>,
    /// Engines that ran the case.
    pub engines_ran: usize,
    /// Their names.
    #[serde(default)]
    pub ran: Vec<String>,
    /// The features the module needs (`None` if not generated).
    #[serde(default)]
    pub features: Option<FeatureSet>,
    /// Module size in bytes (0 if not generated).
    pub module_bytes: usize,
    /// Functions in the module.
    pub functions: u32,
    /// Seconds spent shrinking and recording a divergence.
    pub shrink_secs: f64,
    /// Wasm operators executed (see [`CaseMetrics::executed`]).
    pub executed: Option<u64>,
    /// Seconds spent generating the module.
    pub generate_secs: f64,
    /// Export calls the engines made, summed over the engines.
    #[serde(default)]
    pub calls: u64,
    /// The worker process's resident memory after the case, in KiB (0 for
    /// worker threads, whose process is measured as a whole).
    pub rss_kib: u64,
    /// The worker process's peak resident memory, in KiB (0 for threads).
    pub peak_rss_kib: u64,
}

impl CaseRecord {
    /// The record of input `index`.
    pub fn of(index: u64, o: &FuzzOutcome, m: &CaseMetrics) -> CaseRecord {
        CaseRecord {
            index,
            outcome: CaseOutcome::of(o),
            engine_secs: m
                .engine_time
                .iter()
                .map(|(k, t)| (k.name().to_string(), t.as_secs_f64()))
                .collect(),
            engines_ran: m.engines_ran,
            ran: m.ran.iter().map(|k| k.name().to_string()).collect(),
            features: m.features,
            module_bytes: m.module_bytes,
            functions: m.functions,
            shrink_secs: m.shrink_time.as_secs_f64(),
            executed: m.executed,
            generate_secs: m.generate_time.as_secs_f64(),
            calls: m.calls,
            rss_kib: 0,
            peak_rss_kib: 0,
        }
    }
}

/// This process's resident memory now and at its peak, in KiB: the
/// resident pages of `/proc/self/statm` (cheap: a worker reads it after
/// every case) and `VmHWM` of `/proc/self/status`, which costs several
/// times more to produce and is read at most once a second. (`getrusage`'s
/// `ru_maxrss` will not do: across `exec` it keeps the parent's size at
/// `fork`.) 0 where there are no such files.
pub fn resident_kib() -> (u64, u64) {
    use std::sync::Mutex;
    use std::time::{Duration, Instant};
    static PEAK: Mutex<Option<(Instant, u64)>> = Mutex::new(None);
    let now = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * page_size() / 1024);
    let mut peak = PEAK.lock().unwrap_or_else(|e| e.into_inner());
    let stale = peak.is_none_or(|(at, _)| at.elapsed() >= Duration::from_secs(1));
    if stale {
        let hwm = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            })
            .unwrap_or(0);
        *peak = Some((Instant::now(), hwm));
    }
    let hwm = peak.map_or(0, |(_, h)| h);
    (now, hwm.max(now))
}

/// The size of a memory page in bytes.
fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(n).ok().filter(|n| *n > 0).unwrap_or(4096)
}

/// An input on which a worker process died (a crash inside an engine or
/// the harness), saved as a crash file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CrashSeen {
    /// The input's index.
    pub input: u64,
    /// How the worker ended (exit status or signal).
    pub status: String,
    /// Where the input was saved (`CORPUS/crashes/crash-<hash>`).
    pub file: Option<String>,
    /// Why it could not be saved.
    pub save_error: Option<String>,
}

impl CrashSeen {
    /// Save input `index` of the campaign beside its repros.
    fn save(config: &CampaignConfig, index: u64, status: &str) -> CrashSeen {
        let data = config.input(index);
        let dir = config
            .fuzz
            .repros
            .as_ref()
            .map(|r| r.parent().unwrap_or(r).join("crashes"));
        let saved = match (data, dir) {
            (Err(e), _) => Err(e.report()),
            (Ok(_), None) => Err("no repro store".to_string()),
            (Ok(data), Some(dir)) => {
                let file = dir.join(crash_file_name(&data));
                std::fs::create_dir_all(&dir)
                    .and_then(|()| crate::repro::write_atomic(&file, &data))
                    .map(|()| file.display().to_string())
                    .map_err(|e| format!("{}: {e}", file.display()))
            }
        };
        let (file, save_error) = match saved {
            Ok(f) => (Some(f), None),
            Err(e) => (None, Some(e)),
        };
        CrashSeen {
            input: index,
            status: status.to_string(),
            file,
            save_error,
        }
    }
}

/// A campaign: many inputs over worker threads, each worker with its own
/// engines (a [`Fuzzer`]). Input `i` of seed `s` is always the same bytes,
/// so with `cases` set the verdict counts and signatures do not depend on
/// the number of workers.
#[derive(Clone, Debug)]
pub struct CampaignConfig {
    /// What every worker runs.
    pub fuzz: FuzzConfig,
    /// Worker threads.
    pub jobs: usize,
    /// Seed of the inputs.
    pub seed: u64,
    /// Stop after this many inputs.
    pub cases: Option<u64>,
    /// Stop after this long.
    pub time: Option<std::time::Duration>,
    /// Run these files instead of seeded inputs.
    pub inputs: Vec<PathBuf>,
    /// Worker threads in this process, or worker processes.
    pub workers: Workers,
}

impl CampaignConfig {
    /// The bytes of input `index` (see [`input_bytes`]).
    pub fn input(&self, index: u64) -> Result<Vec<u8>, Error> {
        input_bytes(
            self.seed,
            self.inputs.get(index as usize).map(PathBuf::as_path),
            index,
        )
    }
}

/// Where a campaign's workers run.
#[derive(Clone, Debug, Default)]
pub enum Workers {
    /// Threads of this process, each with its own engines.
    #[default]
    Threads,
    /// Processes started from this program (see [`serve_worker`]): they
    /// share no address space, so JIT code mapping in one does not stall
    /// the others, and a crash costs one input instead of the campaign.
    Processes(WorkerProgram),
}

/// A divergence signature seen in a campaign.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SignatureSeen {
    /// The signature's text.
    pub text: String,
    /// Times seen.
    pub count: u64,
    /// The lowest input index that produced it.
    pub first_input: u64,
    /// Seconds from the campaign's start until it was first recorded
    /// (the time to expose it; includes shrinking the first instance).
    pub first_secs: f64,
    /// Its repro directory, if recorded.
    pub repro: Option<String>,
}

/// How often a feature was used in a campaign's cases.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct FeatureUse {
    /// Generated cases whose module needs the feature.
    pub cases: u64,
    /// Their share of the generated cases.
    pub share: f64,
    /// How many of them each engine ran.
    pub engines: std::collections::BTreeMap<String, u64>,
}

/// A campaign's figures, live and final.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    /// The seed.
    pub seed: u64,
    /// Worker threads.
    pub jobs: usize,
    /// Engine configurations.
    pub engines: Vec<String>,
    /// Generation features.
    pub features: String,
    /// Wall time so far.
    pub elapsed_secs: f64,
    /// What became of the inputs (in JSON, fields of the summary itself).
    #[serde(flatten)]
    pub counts: FuzzStats,
    /// Inputs per second.
    pub cases_per_sec: f64,
    /// Divergence signatures by id.
    pub signatures: std::collections::BTreeMap<String, SignatureSeen>,
    /// Seconds inside each engine.
    pub engine_secs: std::collections::BTreeMap<String, f64>,
    /// Engine runs (an input run by one engine configuration).
    pub engine_runs: u64,
    /// Engine runs per second.
    pub engine_runs_per_sec: f64,
    /// Export calls made by the engines (each call in each engine counts).
    pub calls: u64,
    /// Calls per second.
    pub calls_per_sec: f64,
    /// Average module size in bytes.
    pub avg_module_bytes: f64,
    /// Average number of functions per module.
    pub avg_functions: f64,
    /// Average wasm operators executed per case, over the cases an engine
    /// counted them in (wasmtime's fuel, about one unit per operator).
    pub avg_executed: f64,
    /// Seconds spent shrinking and recording divergences.
    pub shrink_secs: f64,
    /// Seconds spent generating modules (wasm-smith, NaN rewrite).
    pub generate_secs: f64,
    /// Whether the campaign was stopped (Ctrl-C) before its limit.
    pub interrupted: bool,
    /// `threads` or `processes`.
    pub workers: String,
    /// Inputs on which a worker process died, saved as crash files.
    pub crashes: Vec<CrashSeen>,
    /// Resident memory of the workers now, in KiB (the process's own with
    /// worker threads, the sum over worker processes otherwise).
    pub rss_kib: u64,
    /// Peak resident memory, in KiB (summed over worker processes).
    pub peak_rss_kib: u64,
    /// Seconds from the start until the last worker had created its
    /// engines (and, for processes, started): the one-time cost before
    /// inputs run.
    pub startup_secs: f64,
    /// Mean number of engines that ran a generated case.
    pub engines_per_case: f64,
    /// Share of generated cases that ran in three or more engines.
    pub three_or_more_share: f64,
    /// The features every engine supports: on in every profile, so not
    /// tested per case and not listed in `feature_use` (empty with a
    /// pinned profile).
    pub always_on: String,
    /// Per feature beyond `always_on`: the generated cases whose module
    /// needs it, their share, and how many of them each engine ran.
    pub feature_use: std::collections::BTreeMap<String, FeatureUse>,
    #[serde(skip)]
    always: FeatureSet,
    #[serde(skip)]
    engine_counts: (u64, u64, u64),
    #[serde(skip)]
    module_bytes: u64,
    #[serde(skip)]
    functions: u64,
    #[serde(skip)]
    executed: (u64, u64),
}

impl Summary {
    fn add(&mut self, r: &CaseRecord, at: std::time::Duration) {
        self.counts.tally(&r.outcome);
        if let CaseOutcome::Diverged { id, text, repro } = &r.outcome {
            let seen = self
                .signatures
                .entry(id.clone())
                .or_insert_with(|| SignatureSeen {
                    text: text.clone(),
                    count: 0,
                    first_input: r.index,
                    first_secs: at.as_secs_f64(),
                    repro: repro.clone(),
                });
            seen.count += 1;
            seen.first_input = seen.first_input.min(r.index);
        }
        for (k, t) in &r.engine_secs {
            *self.engine_secs.entry(k.clone()).or_default() += t;
        }
        self.engine_runs += r.engines_ran as u64;
        self.calls += r.calls;
        if let Some(features) = r.features {
            self.engine_counts.0 += 1;
            self.engine_counts.1 += r.engines_ran as u64;
            self.engine_counts.2 += u64::from(r.engines_ran >= 3);
            for f in features.difference(self.always).iter() {
                let u = self.feature_use.entry(f.name().to_string()).or_default();
                u.cases += 1;
                for e in &r.ran {
                    *u.engines.entry(e.clone()).or_default() += 1;
                }
            }
        }
        self.module_bytes += r.module_bytes as u64;
        self.functions += u64::from(r.functions);
        self.shrink_secs += r.shrink_secs;
        self.generate_secs += r.generate_secs;
        if let Some(n) = r.executed {
            self.executed.0 += n;
            self.executed.1 += 1;
        }
    }

    fn finish(&mut self, elapsed: std::time::Duration) {
        self.elapsed_secs = elapsed.as_secs_f64();
        let secs = self.elapsed_secs.max(1e-9);
        self.cases_per_sec = self.counts.inputs as f64 / secs;
        self.engine_runs_per_sec = self.engine_runs as f64 / secs;
        self.calls_per_sec = self.calls as f64 / secs;
        let made = (self.counts.inputs - self.counts.generation_failed).max(1) as f64;
        self.avg_module_bytes = self.module_bytes as f64 / made;
        self.avg_functions = self.functions as f64 / made;
        self.avg_executed = self.executed.0 as f64 / self.executed.1.max(1) as f64;
        let generated = self.engine_counts.0.max(1) as f64;
        self.engines_per_case = self.engine_counts.1 as f64 / generated;
        self.three_or_more_share = self.engine_counts.2 as f64 / generated;
        for u in self.feature_use.values_mut() {
            u.share = u.cases as f64 / generated;
        }
    }

    /// Seconds inside all engines together.
    pub fn engine_total_secs(&self) -> f64 {
        self.engine_secs.values().sum()
    }
}

/// A running campaign's shared state: the live summary, for a display.
pub struct Live {
    summary: std::sync::Mutex<Summary>,
    start: std::time::Instant,
    next: std::sync::atomic::AtomicU64,
    /// Latest (resident, peak) KiB of each worker process, by slot.
    rss: std::sync::Mutex<std::collections::BTreeMap<usize, (u64, u64)>>,
    processes: bool,
}

impl Live {
    /// State for a new campaign.
    pub fn new(config: &CampaignConfig) -> Live {
        let always = config.fuzz.generate.swarm.as_ref().map(|s| s.always());
        let summary = Summary {
            seed: config.seed,
            jobs: config.jobs,
            engines: config
                .fuzz
                .engines
                .iter()
                .map(|e| e.name().to_string())
                .collect(),
            features: config.fuzz.generate.features.to_string(),
            always_on: always.map(|a| a.to_string()).unwrap_or_default(),
            always: always.unwrap_or(FeatureSet::all()),
            workers: match config.workers {
                Workers::Threads => "threads".into(),
                Workers::Processes(_) => "processes".into(),
            },
            ..Summary::default()
        };
        Live {
            summary: std::sync::Mutex::new(summary),
            start: std::time::Instant::now(),
            next: std::sync::atomic::AtomicU64::new(0),
            rss: std::sync::Mutex::default(),
            processes: matches!(config.workers, Workers::Processes(_)),
        }
    }

    /// Count one input, run by worker `slot`.
    fn add(&self, slot: usize, r: &CaseRecord) {
        if r.rss_kib > 0 {
            self.rss
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(slot, (r.rss_kib, r.peak_rss_kib));
        }
        self.summary
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add(r, self.start.elapsed());
    }

    /// A worker's engines are ready.
    fn ready(&self) {
        let t = self.start.elapsed().as_secs_f64();
        let mut s = self.summary.lock().unwrap_or_else(|e| e.into_inner());
        s.startup_secs = s.startup_secs.max(t);
    }

    /// Count an input on which a worker process died.
    fn crash(&self, c: CrashSeen) {
        let mut s = self.summary.lock().unwrap_or_else(|e| e.into_inner());
        s.counts.inputs += 1;
        s.crashes.push(c);
    }

    /// Whether workers should take no more inputs.
    fn should_stop(&self, config: &CampaignConfig, stop: &std::sync::atomic::AtomicBool) -> bool {
        stop.load(std::sync::atomic::Ordering::SeqCst)
            || config.time.is_some_and(|t| self.start.elapsed() >= t)
    }

    /// The figures so far.
    pub fn snapshot(&self) -> Summary {
        let mut s = self
            .summary
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        s.finish(self.start.elapsed());
        if self.processes {
            let rss = self.rss.lock().unwrap_or_else(|e| e.into_inner());
            s.rss_kib = rss.values().map(|v| v.0).sum();
            s.peak_rss_kib = rss.values().map(|v| v.1).sum();
        } else {
            (s.rss_kib, s.peak_rss_kib) = resident_kib();
        }
        s.crashes.sort_by_key(|c| c.input);
        s
    }
}

/// Run a campaign until its case or time limit, or until `stop` is set
/// (in-flight inputs finish; no input is left half-recorded).
pub fn run_campaign(
    config: &CampaignConfig,
    live: &Live,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<Summary, Error> {
    use std::sync::atomic::Ordering;
    let limit = match (config.cases, config.inputs.is_empty()) {
        (Some(n), true) => n,
        (Some(n), false) => n.min(config.inputs.len() as u64),
        (None, false) => config.inputs.len() as u64,
        (None, true) => u64::MAX,
    };
    if let Workers::Processes(program) = &config.workers {
        workers::run(config, program, live, stop, limit)?;
    } else {
        run_threads(config, live, stop, limit)?;
    }
    let mut s = live.snapshot();
    s.interrupted = stop.load(Ordering::SeqCst);
    Ok(s)
}

fn run_threads(
    config: &CampaignConfig,
    live: &Live,
    stop: &std::sync::atomic::AtomicBool,
    limit: u64,
) -> Result<(), Error> {
    use std::sync::atomic::Ordering;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs.max(1))
        // Compilers recurse on deeply nested code, and wasmtime runs wasm
        // on this stack (up to `Limits::max_wasm_stack`): room for both.
        .stack_size(16 << 20)
        .thread_name(|i| format!("wasmdiff-worker-{i}"))
        .build()
        .map_err(|e| Error::library("starting worker threads", e))?;
    let results = pool.broadcast(|ctx| -> Result<(), Error> {
        let mut fuzzer = Fuzzer::new(config.fuzz.clone())?;
        live.ready();
        loop {
            if live.should_stop(config, stop) {
                return Ok(());
            }
            let i = live.next.fetch_add(1, Ordering::SeqCst);
            if i >= limit {
                return Ok(());
            }
            let data = config.input(i)?;
            let outcome = fuzzer.run_one(&data);
            live.add(
                ctx.index(),
                &CaseRecord::of(i, &outcome, fuzzer.last_metrics()),
            );
        }
    });
    results.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::resident_kib;

    #[test]
    fn resident_memory_counts_touched_pages() {
        let block = vec![1u8; 64 << 20];
        let (now, peak) = resident_kib();
        // The block is resident while it is alive (vec! writes every byte).
        assert!(now >= 64 * 1024, "resident {now} KiB with 64 MiB touched");
        assert!(peak >= now, "peak {peak} KiB below resident {now} KiB");
        assert_eq!(block.iter().map(|b| *b as usize).sum::<usize>(), 64 << 20);
    }
}
