//! `wasmdiff bench --power`: how fast the main job, a `wasmdiff fuzz`
//! campaign, exposes bugs planted in the canary engine, one fault at a
//! time.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmdiff::EngineKind;
use wasmdiff::campaign::{
    CampaignConfig, Live, SignatureSeen, Summary, WorkerProgram, Workers, run_campaign,
};
use wasmdiff::engines::canary::{Fault, FaultSet};
use wasmdiff::fuzz::FuzzConfig;

/// What `bench --power` measures.
pub struct PowerOptions<'a> {
    /// The faults to plant (a comma-separated list; `None`: every
    /// edge-condition fault).
    pub faults: Option<&'a str>,
    /// The longest campaign per fault.
    pub time: Duration,
    /// The most inputs per campaign.
    pub cases: Option<u64>,
    /// The campaigns' seed (the same inputs for every fault).
    pub seed: u64,
    /// Worker processes.
    pub jobs: usize,
    /// The engines the canary is compared with.
    pub engines: Vec<EngineKind>,
    /// Where to keep repros (`None`: a temporary directory, removed).
    pub repros: Option<PathBuf>,
    /// Print JSON.
    pub json: bool,
}

/// One fault's campaign.
#[derive(serde::Serialize)]
struct FaultResult {
    fault: &'static str,
    feature: &'static str,
    summary: &'static str,
    /// Whether a divergence with the canary alone in its group appeared.
    exposed: bool,
    /// Seconds from the campaign's start to the first such divergence
    /// (worker startup included).
    secs_to_expose: Option<f64>,
    /// The input that first showed it.
    first_input: Option<u64>,
    /// Its signature.
    signature: Option<String>,
    /// Its repro, if kept.
    repro: Option<String>,
    /// Inputs the campaign ran.
    cases: u64,
    /// The campaign's wall time.
    elapsed_secs: f64,
    /// Seconds until the workers were ready.
    startup_secs: f64,
    /// Divergence signatures with the canary alone.
    exposing_signatures: usize,
    /// Other divergence signatures (real engines disagreeing, or the
    /// canary not alone).
    other_signatures: usize,
}

#[derive(serde::Serialize)]
struct PowerReport {
    seed: u64,
    time_limit_secs: f64,
    cases_limit: Option<u64>,
    jobs: usize,
    engines: Vec<String>,
    faults: Vec<FaultResult>,
    exposed: usize,
    total: usize,
    share_exposed: f64,
    /// Over the exposed faults.
    median_secs_to_expose: Option<f64>,
}

/// Whether a divergence signature (as the campaign summary carries it) has
/// the canary alone on one of its sides.
fn canary_alone(text: &str) -> bool {
    text.parse::<wasmdiff::signature::Signature>()
        .is_ok_and(|s| s.sides.iter().any(|side| side.engines == ["canary"]))
}

/// The first signature that exposes the canary, if any.
fn exposing(s: &Summary) -> Option<&SignatureSeen> {
    s.signatures
        .values()
        .filter(|seen| canary_alone(&seen.text))
        .min_by(|a, b| a.first_secs.total_cmp(&b.first_secs))
}

/// Run the benchmark and print its report.
pub fn run(opts: PowerOptions<'_>) -> anyhow::Result<()> {
    let faults: Vec<Fault> = match opts.faults {
        Some(list) => FaultSet::parse(list)?.iter().collect(),
        None => Fault::edge_faults().collect(),
    };
    anyhow::ensure!(!faults.is_empty(), "--faults: no fault named");
    let mut engines: Vec<EngineKind> = opts
        .engines
        .iter()
        .copied()
        .filter(|k| *k != EngineKind::Canary)
        .collect();
    engines.push(EngineKind::Canary);
    let (repros, temporary) = match &opts.repros {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("wasmdiff-power-{}", std::process::id())),
            true,
        ),
    };
    let names: Vec<String> = engines.iter().map(|k| k.name().to_string()).collect();
    if !opts.json {
        crate::emit(&format!(
            "wasmdiff bench --power: seed {}, at most {}s{} per fault, {} worker processes\n\
             engines: {}\n\
             {:<26} {:<16} {:<8} {:>8} {:>7}  signature\n",
            opts.seed,
            opts.time.as_secs(),
            opts.cases
                .map_or(String::new(), |n| format!(" and {n} inputs")),
            opts.jobs,
            names.join(", "),
            "fault",
            "feature",
            "exposed",
            "secs",
            "inputs",
        ))?;
    }
    let mut results = Vec::new();
    for fault in faults {
        let r = one_fault(&opts, &engines, fault, &repros);
        if temporary {
            let _ = std::fs::remove_dir_all(&repros);
        }
        let r = r?;
        if !opts.json {
            crate::emit(&format!(
                "{:<26} {:<16} {:<8} {:>8} {:>7}  {}\n",
                r.fault,
                r.feature,
                if r.exposed { "yes" } else { "no" },
                r.secs_to_expose.map_or("-".into(), |s| format!("{s:.1}")),
                r.cases,
                r.signature.as_deref().unwrap_or("-"),
            ))?;
        }
        results.push(r);
    }
    let mut times: Vec<f64> = results.iter().filter_map(|r| r.secs_to_expose).collect();
    times.sort_by(f64::total_cmp);
    let median = match times.len() {
        0 => None,
        n if n % 2 == 1 => Some(times[n / 2]),
        n => Some((times[n / 2 - 1] + times[n / 2]) / 2.0),
    };
    let report = PowerReport {
        seed: opts.seed,
        time_limit_secs: opts.time.as_secs_f64(),
        cases_limit: opts.cases,
        jobs: opts.jobs,
        engines: names,
        exposed: times.len(),
        total: results.len(),
        share_exposed: times.len() as f64 / results.len() as f64,
        median_secs_to_expose: median,
        faults: results,
    };
    if opts.json {
        crate::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))
    } else {
        crate::emit(&format!(
            "exposed {}/{} ({:.0}%); median time to expose {}\n",
            report.exposed,
            report.total,
            100.0 * report.share_exposed,
            median.map_or("- (none exposed)".into(), |m| format!(
                "{m:.1}s (exposed faults)"
            )),
        ))
    }
}

/// One campaign with `fault` planted, stopped at the first exposing
/// divergence.
fn one_fault(
    opts: &PowerOptions<'_>,
    engines: &[EngineKind],
    fault: Fault,
    repros: &std::path::Path,
) -> anyhow::Result<FaultResult> {
    let mut fuzz = FuzzConfig::default_for(engines.to_vec());
    // Report at once: the time to expose is the time to find.
    fuzz.shrink.time_limit = Duration::ZERO;
    fuzz.repros = Some(repros.join(fault.name()));
    let config = CampaignConfig {
        fuzz,
        jobs: opts.jobs,
        seed: opts.seed,
        cases: opts.cases,
        time: Some(opts.time),
        inputs: Vec::new(),
        workers: Workers::Processes(WorkerProgram {
            program: std::env::current_exe()?,
            args: vec![
                "campaign-worker".into(),
                "--canary-faults".into(),
                fault.name().into(),
            ],
        }),
    };
    let live = Live::new(&config);
    let stop = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let summary = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
                if exposing(&live.snapshot()).is_some() {
                    stop.store(true, Ordering::SeqCst);
                    return;
                }
            }
        });
        let summary = run_campaign(&config, &live, &stop);
        done.store(true, Ordering::SeqCst);
        summary
    })?;
    let found = exposing(&summary);
    let exposing_count = summary
        .signatures
        .values()
        .filter(|seen| canary_alone(&seen.text))
        .count();
    Ok(FaultResult {
        fault: fault.name(),
        feature: fault.feature().name(),
        summary: fault.summary(),
        exposed: found.is_some(),
        secs_to_expose: found.map(|f| f.first_secs),
        first_input: found.map(|f| f.first_input),
        signature: found.map(|f| f.text.clone()),
        repro: found
            .and_then(|f| f.repro.clone())
            .filter(|_| opts.repros.is_some()),
        cases: summary.counts.inputs,
        elapsed_secs: summary.elapsed_secs,
        startup_secs: summary.startup_secs,
        exposing_signatures: exposing_count,
        other_signatures: summary.signatures.len() - exposing_count,
    })
}

#[cfg(test)]
mod tests {
    use super::canary_alone;

    #[test]
    fn the_canary_alone_in_a_group_exposes_it() {
        assert!(canary_alone(
            "call[0]|ok=wasmi+wasmtime-cranelift|trap:unreachable=canary"
        ));
        assert!(canary_alone("compile|error=canary|ok=wasmi"));
        assert!(!canary_alone(
            "call[0]|ok=canary+wasmi|trap:unreachable=v8-liftoff"
        ));
        assert!(!canary_alone("canary|ok=wasmi|error=v8-turbofan"));
    }
}
