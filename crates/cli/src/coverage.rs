//! `wasmdiff bench --coverage`: which operators of the features the
//! engines support appear in generated modules, and which execute.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use wasmdiff::coverage::{FeatureCoverage, OpSet, by_feature, run_case};
use wasmdiff::fuzz::FuzzConfig;
use wasmdiff::generate::seeded_input;
use wasmdiff::{EngineKind, Feature, FeatureSet, TestCase};

/// The engine that runs the instrumented modules.
const RUNNER: EngineKind = EngineKind::WasmtimeCranelift;

/// What `bench --coverage` measures.
pub struct CoverageOptions {
    /// Seeded inputs to generate.
    pub cases: u64,
    /// Their seed.
    pub seed: u64,
    /// Threads.
    pub jobs: usize,
    /// The engines whose campaign is imitated (their features count).
    pub engines: Vec<EngineKind>,
    /// Print JSON.
    pub json: bool,
    /// List the missing operators.
    pub verbose: bool,
}

/// What the threads gather.
struct Tally {
    generated: u64,
    instantiated: u64,
    appearing: OpSet,
    executed: OpSet,
    /// Features some module needed.
    used: FeatureSet,
    errors: Vec<String>,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            generated: 0,
            instantiated: 0,
            appearing: OpSet::default(),
            executed: OpSet::default(),
            used: FeatureSet::MVP,
            errors: Vec::new(),
        }
    }
}

#[derive(serde::Serialize)]
struct FeatureFigures {
    feature: &'static str,
    total: usize,
    appearing: usize,
    executed: usize,
    appearing_share: f64,
    executed_share: f64,
    missing: Vec<&'static str>,
    not_executed: Vec<&'static str>,
}

impl FeatureFigures {
    fn of(f: FeatureCoverage) -> FeatureFigures {
        FeatureFigures {
            feature: f.feature.name(),
            total: f.total,
            appearing: f.appearing,
            executed: f.executed,
            appearing_share: f.appearing as f64 / f.total as f64,
            executed_share: f.executed as f64 / f.total as f64,
            missing: f.missing,
            not_executed: f.not_executed,
        }
    }
}

#[derive(serde::Serialize)]
struct CoverageReport {
    cases: u64,
    seed: u64,
    generated: u64,
    instantiated: u64,
    engines: Vec<String>,
    executed_in: &'static str,
    features: Vec<FeatureFigures>,
    total: usize,
    appearing: usize,
    executed: usize,
    appearing_share: f64,
    executed_share: f64,
    secs: f64,
}

/// Run the measurement and print its report.
pub fn run(opts: CoverageOptions) -> anyhow::Result<()> {
    let start = std::time::Instant::now();
    let fuzz = FuzzConfig::default_for(opts.engines.clone());
    let next = AtomicU64::new(0);
    let tally = Mutex::new(Tally::default());
    std::thread::scope(|s| -> anyhow::Result<()> {
        let workers: Vec<_> = (0..opts.jobs.max(1))
            .map(|_| {
                // Compilers recurse on deeply nested code and wasmtime runs
                // wasm on this stack: room for both, as campaign workers.
                std::thread::Builder::new()
                    .stack_size(16 << 20)
                    .spawn_scoped(s, || work(&opts, &fuzz, &next, &tally))
            })
            .collect::<Result<_, _>>()?;
        for w in workers {
            w.join()
                .map_err(|_| anyhow::anyhow!("a coverage thread panicked"))??;
        }
        Ok(())
    })?;
    let t = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = t.errors.first() {
        anyhow::bail!(
            "{} cases could not be instrumented, e.g.: {e}",
            t.errors.len()
        );
    }
    // What the engines support, but relaxed SIMD and threads only if some
    // module used them (their results are not deterministic, so campaigns
    // may leave them out).
    let mut features = opts
        .engines
        .iter()
        .fold(FeatureSet::MVP, |s, k| s.union(k.supported()));
    for f in [Feature::RelaxedSimd, Feature::Threads] {
        if !t.used.contains(f) {
            features = features.without(f);
        }
    }
    let figures: Vec<FeatureFigures> = by_feature(&t.appearing, &t.executed, features)
        .into_iter()
        .map(FeatureFigures::of)
        .collect();
    let total: usize = figures.iter().map(|f| f.total).sum();
    let appearing: usize = figures.iter().map(|f| f.appearing).sum();
    let executed: usize = figures.iter().map(|f| f.executed).sum();
    let report = CoverageReport {
        cases: opts.cases,
        seed: opts.seed,
        generated: t.generated,
        instantiated: t.instantiated,
        engines: opts.engines.iter().map(|k| k.name().to_string()).collect(),
        executed_in: RUNNER.name(),
        total,
        appearing,
        executed,
        appearing_share: appearing as f64 / total.max(1) as f64,
        executed_share: executed as f64 / total.max(1) as f64,
        features: figures,
        secs: start.elapsed().as_secs_f64(),
    };
    if opts.json {
        crate::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))
    } else {
        crate::emit(&text(&report, opts.verbose))
    }
}

/// One thread: take inputs until there are none left.
fn work(
    opts: &CoverageOptions,
    fuzz: &FuzzConfig,
    next: &AtomicU64,
    tally: &Mutex<Tally>,
) -> anyhow::Result<()> {
    let mut engine = RUNNER
        .build(fuzz.limits, FeatureSet::all())
        .ok_or_else(|| anyhow::anyhow!("engine `{RUNNER}` is not in this build"))?;
    let mut mine = Tally::default();
    loop {
        let i = next.fetch_add(1, Ordering::SeqCst);
        if i >= opts.cases {
            break;
        }
        // Exactly the case a campaign of this seed runs as input `i`.
        let Ok(case) = TestCase::generate(&seeded_input(opts.seed, i), &fuzz.generate) else {
            continue;
        };
        mine.generated += 1;
        mine.used = mine.used.union(case.info.features);
        match run_case(engine.as_mut(), &case) {
            Ok(c) => {
                mine.instantiated += u64::from(c.instantiated);
                mine.appearing.union_with(&c.appearing);
                mine.executed.union_with(&c.executed);
            }
            Err(e) => mine.errors.push(format!("input {i}: {}", e.report())),
        }
    }
    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
    t.generated += mine.generated;
    t.instantiated += mine.instantiated;
    t.appearing.union_with(&mine.appearing);
    t.executed.union_with(&mine.executed);
    t.used = t.used.union(mine.used);
    t.errors.append(&mut mine.errors);
    Ok(())
}

fn percent(part: usize, whole: usize) -> String {
    format!("{part} ({:.1}%)", 100.0 * part as f64 / whole.max(1) as f64)
}

fn text(r: &CoverageReport, verbose: bool) -> String {
    let mut t = format!(
        "operator coverage: {} inputs (seed {}): {} generated, {} instantiated; engines {}; \
         executed in {} (instrumented copies), {:.1}s\n\
         {:<26} {:>9}  {:<16} {:<16}\n",
        r.cases,
        r.seed,
        r.generated,
        r.instantiated,
        r.engines.join(", "),
        r.executed_in,
        r.secs,
        "feature",
        "operators",
        "appearing",
        "executed",
    );
    for f in &r.features {
        t.push_str(&format!(
            "{:<26} {:>9}  {:<16} {:<16}\n",
            f.feature,
            f.total,
            percent(f.appearing, f.total),
            percent(f.executed, f.total)
        ));
        if verbose {
            if !f.missing.is_empty() {
                t.push_str(&format!("    never generated: {}\n", f.missing.join(" ")));
            }
            if !f.not_executed.is_empty() {
                t.push_str(&format!(
                    "    generated, never executed: {}\n",
                    f.not_executed.join(" ")
                ));
            }
        }
    }
    t.push_str(&format!(
        "{:<26} {:>9}  {:<16} {:<16}\n",
        "all",
        r.total,
        percent(r.appearing, r.total),
        percent(r.executed, r.total)
    ));
    t
}
