//! `wasmdiff fuzz`: a differential campaign on all cores, with live figures.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Args;
use wasmdiff::FeatureSet;
use wasmdiff::campaign::{CampaignConfig, Live, Summary, WorkerProgram, Workers, run_campaign};
use wasmdiff::fuzz::FuzzConfig;

/// Fuzz: generate modules, run them in every engine on all cores, and shrink
/// and record every divergence in `CORPUS/repros/<signature-id>/`.
///
/// Runs until Ctrl-C (or `--time`/`--cases`); in-flight cases finish, the
/// summary is printed and written to `CORPUS/campaign-<seed>.json`. Case `i`
/// of a seed is always the same input, so `--seed` and `--cases` repeat a
/// campaign exactly, with any number of jobs.
///
/// Exit status: 0 no divergence, 1 divergences found, 2 error.
///
/// Examples:
///   wasmdiff fuzz
///   wasmdiff fuzz --time 60 --seed 7 --jobs 2
///   wasmdiff fuzz --engines wasmtime-cranelift,wasmi --features default
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct FuzzCmd {
    /// Stop after this many seconds.
    #[arg(long)]
    time: Option<u64>,

    /// Stop after this many inputs.
    #[arg(long)]
    cases: Option<u64>,

    /// Workers (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,

    /// Run workers as separate processes (default: they share no address
    /// space, so they scale with cores, and an engine crash costs one input,
    /// saved in `CORPUS/crashes`) or as threads of this process.
    #[arg(long, value_enum, default_value_t = WorkerKind::Processes)]
    workers: WorkerKind,

    /// Input seed (default: from the clock, printed so it can be repeated).
    #[arg(long)]
    seed: Option<u64>,

    /// Engines (`all` or a comma-separated list; see `wasmdiff engines`).
    #[arg(long, default_value = "all")]
    engines: wasmdiff::EngineList,

    /// Pin one feature profile for every case (default: each case draws its
    /// own from what the selected engines support; see --swarm).
    #[arg(long)]
    features: Option<FeatureSet>,

    /// Swarm weights: the chance in percent that a case tries a feature
    /// beyond what all selected engines support, e.g. `gc=10,simd=90`
    /// (relaxed SIMD is 0 unless given).
    #[arg(long, value_name = "FEATURE=PERCENT,...")]
    swarm: Option<String>,

    /// Corpus directory: repros go to `CORPUS/repros`.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,

    /// Seconds to spend shrinking each new divergence.
    #[arg(long, default_value_t = 30)]
    shrink_time: u64,

    #[command(flatten)]
    output: crate::options::Output,
}

impl FuzzCmd {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let engines = self.engines.kinds.clone();
        let mut fuzz = FuzzConfig::default_for(engines);
        if let Some(f) = self.features {
            fuzz.generate.pin(f);
        }
        if let Some(w) = &self.swarm {
            match fuzz.generate.swarm.as_mut() {
                Some(s) => s.set_weights(w)?,
                None => anyhow::bail!("--swarm and --features exclude each other"),
            }
        }
        fuzz.repros = Some(self.corpus.join("repros"));
        fuzz.shrink.time_limit = Duration::from_secs(self.shrink_time);
        let seed = self.seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
        let config = CampaignConfig {
            fuzz,
            jobs: self.jobs.unwrap_or_else(default_jobs),
            seed,
            cases: self.cases,
            time: self.time.map(Duration::from_secs),
            inputs: Vec::new(),
            workers: self.workers.workers()?,
        };
        let stop = Arc::new(AtomicBool::new(false));
        {
            let stop = stop.clone();
            // First Ctrl-C: finish the cases in flight and summarize. Second:
            // leave at once (repro files are written atomically anyway).
            let _ = ctrlc::set_handler(move || {
                if stop.swap(true, Ordering::SeqCst) {
                    std::process::exit(130);
                }
            });
        }
        if !self.output.json {
            crate::emit(&format!(
                "wasmdiff fuzz: seed {seed}, {} {}, engines {}, features {}{}, repros in {}\n",
                config.jobs,
                self.workers.noun(),
                self.engines,
                match config.fuzz.generate.swarm {
                    Some(_) => "drawn per case from ",
                    None => "",
                },
                config.fuzz.generate.features,
                self.corpus.join("repros").display()
            ))?;
        }
        let live = Live::new(&config);
        let summary = show_progress(&live, !self.output.json, || {
            run_campaign(&config, &live, &stop)
        })?;
        std::fs::create_dir_all(&self.corpus)?;
        let json = serde_json::to_string_pretty(&summary)?;
        let path = self.corpus.join(format!("campaign-{seed}.json"));
        wasmdiff::repro::write_atomic(&path, format!("{json}\n").as_bytes())?;
        if self.output.json {
            crate::emit(&format!("{json}\n"))?;
        } else {
            crate::emit(&format!(
                "{}summary written to {}\n",
                summary_text(&summary),
                path.display()
            ))?;
        }
        Ok(ExitCode::from(u8::from(
            summary.counts.diverged > 0 || !summary.crashes.is_empty(),
        )))
    }
}

/// Where campaign workers run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WorkerKind {
    /// Separate processes of this program.
    Processes,
    /// Threads of this process.
    Threads,
}

impl WorkerKind {
    /// The library's worker setting.
    pub fn workers(self) -> anyhow::Result<Workers> {
        Ok(match self {
            WorkerKind::Threads => Workers::Threads,
            WorkerKind::Processes => Workers::Processes(WorkerProgram {
                program: std::env::current_exe()?,
                args: vec!["campaign-worker".into()],
            }),
        })
    }

    fn noun(self) -> &'static str {
        match self {
            WorkerKind::Processes => "worker processes",
            WorkerKind::Threads => "worker threads",
        }
    }
}

/// All cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Run `work` while showing the live figures: a progress display on a
/// terminal, plain lines every 10 s otherwise.
pub fn show_progress<T>(live: &Live, show: bool, work: impl FnOnce() -> T) -> T {
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        if show {
            s.spawn(|| {
                let tty = std::io::stderr().is_terminal();
                let bar = tty.then(|| {
                    let b = indicatif::ProgressBar::new_spinner();
                    b.enable_steady_tick(Duration::from_millis(200));
                    b
                });
                let mut last_line = std::time::Instant::now();
                while !done.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(250));
                    let text = live_text(&live.snapshot());
                    match &bar {
                        Some(b) => b.set_message(text),
                        None if last_line.elapsed() >= Duration::from_secs(10) => {
                            last_line = std::time::Instant::now();
                            let _ = crate::emit(&format!("{}\n", text.replace('\n', " | ")));
                        }
                        None => {}
                    }
                }
                if let Some(b) = bar {
                    b.finish_and_clear();
                }
            });
        }
        let r = work();
        done.store(true, Ordering::SeqCst);
        r
    })
}

/// Share of engine time per engine, as `name 12%`.
fn engine_shares(s: &Summary) -> String {
    let total = s.engine_total_secs().max(1e-9);
    s.engine_secs
        .iter()
        .map(|(k, t)| format!("{k} {:.0}%", 100.0 * t / total))
        .collect::<Vec<_>>()
        .join(", ")
}

fn inconclusive_text(s: &Summary) -> String {
    if s.counts.inconclusive.is_empty() {
        return "none".into();
    }
    s.counts
        .inconclusive
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn live_text(s: &Summary) -> String {
    format!(
        "{:.0}s {:.1} cases/s | {} inputs: {} agree, {} diverge ({} signatures), {} inconclusive [{}], {} not generated | reached execution {:.1}% | {} crashes | RSS {} MiB\nengine time: {}",
        s.elapsed_secs,
        s.cases_per_sec,
        s.counts.inputs,
        s.counts.agree,
        s.counts.diverged,
        s.signatures.len(),
        s.counts.inconclusive_total(),
        inconclusive_text(s),
        s.counts.generation_failed,
        100.0 * s.counts.reached_execution as f64
            / (s.counts.inputs - s.counts.generation_failed).max(1) as f64,
        s.crashes.len(),
        s.rss_kib / 1024,
        engine_shares(s)
    )
}

/// The final summary for people.
pub fn summary_text(s: &Summary) -> String {
    let mut t = format!(
        "\n{} inputs in {:.1}s ({:.1} cases/s, {:.0} engine runs/s, {:.0} calls/s){}\n",
        s.counts.inputs,
        s.elapsed_secs,
        s.cases_per_sec,
        s.engine_runs_per_sec,
        s.calls_per_sec,
        if s.interrupted { ", interrupted" } else { "" }
    );
    t.push_str(&format!("  agree            {}\n", s.counts.agree));
    t.push_str(&format!(
        "  diverge          {} ({} signatures)\n",
        s.counts.diverged,
        s.signatures.len()
    ));
    t.push_str(&format!(
        "  inconclusive     {} [{}]\n",
        s.counts.inconclusive_total(),
        inconclusive_text(s)
    ));
    t.push_str(&format!(
        "  not generated    {}\n",
        s.counts.generation_failed
    ));
    t.push_str(&format!(
        "  reached execution {:.1}% of generated inputs; modules average {:.0} bytes, {:.1} functions, {:.0} wasm operators executed\n",
        100.0 * s.counts.reached_execution as f64 / (s.counts.inputs - s.counts.generation_failed).max(1) as f64,
        s.avg_module_bytes,
        s.avg_functions,
        s.avg_executed
    ));
    t.push_str(&format!("  engine time: {}\n", engine_shares(s)));
    t.push_str(&format!(
        "  engines per case {:.2} on average; {:.1}% of cases ran in three or more\n",
        s.engines_per_case,
        100.0 * s.three_or_more_share
    ));
    if !s.feature_use.is_empty() {
        if !s.always_on.is_empty() {
            t.push_str(&format!(
                "  always on (every engine supports them): {}\n",
                s.always_on
            ));
        }
        t.push_str("  features used (share of cases; engines that ran them):\n");
        for (name, u) in &s.feature_use {
            let engines: Vec<String> = u.engines.iter().map(|(e, n)| format!("{e} {n}")).collect();
            t.push_str(&format!(
                "    {name:<24} {:>5.1}%  {}\n",
                100.0 * u.share,
                engines.join(", ")
            ));
        }
    }
    t.push_str(&format!(
        "  resident memory {} MiB now, {} MiB peak ({})\n",
        s.rss_kib / 1024,
        s.peak_rss_kib / 1024,
        s.workers
    ));
    if !s.crashes.is_empty() {
        t.push_str(&format!("  worker crashes   {}\n", s.crashes.len()));
        const SHOWN: usize = 10;
        if s.crashes.len() > SHOWN {
            t.push_str(&format!(
                "    (the first {SHOWN}; all are in the JSON summary)\n"
            ));
        }
        for c in s.crashes.iter().take(SHOWN) {
            t.push_str(&format!(
                "    input {} ({}): {}\n",
                c.input,
                c.status,
                c.file
                    .as_deref()
                    .or(c.save_error.as_deref())
                    .unwrap_or("not saved")
            ));
        }
    }
    for (id, seen) in &s.signatures {
        t.push_str(&format!(
            "  signature {id} x{}: {}\n    {}\n",
            seen.count,
            seen.text,
            seen.repro.as_deref().unwrap_or("(not recorded)")
        ));
    }
    t
}
