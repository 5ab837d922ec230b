//! A campaign's results depend on the seed and case count only: the same
//! verdict counts and signatures with one worker or two.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use wasmdiff::EngineKind;
use wasmdiff::campaign::{CampaignConfig, Live, Summary, Workers, run_campaign};
use wasmdiff::fuzz::FuzzConfig;

fn campaign(jobs: usize) -> Summary {
    let engines = vec![
        EngineKind::WasmtimeCranelift,
        EngineKind::Wasmi,
        EngineKind::Canary,
    ];
    let mut fuzz = FuzzConfig::default_for(engines);
    fuzz.repros = None;
    fuzz.shrink.time_limit = Duration::from_secs(2);
    let config = CampaignConfig {
        fuzz,
        jobs,
        seed: 9,
        cases: Some(60),
        time: None,
        inputs: Vec::new(),
        workers: Workers::Threads,
    };
    let live = Live::new(&config);
    run_campaign(&config, &live, &AtomicBool::new(false)).unwrap()
}

#[test]
fn same_seed_same_results_whatever_the_job_count() {
    let (a, b) = (campaign(1), campaign(2));
    assert_eq!(a.counts.inputs, 60);
    assert_eq!(b.counts.inputs, 60);
    assert!(a.counts.diverged > 0, "the canary should diverge somewhere");
    assert_eq!(
        (
            a.counts.agree,
            a.counts.diverged,
            a.counts.generation_failed
        ),
        (
            b.counts.agree,
            b.counts.diverged,
            b.counts.generation_failed
        )
    );
    assert_eq!(a.counts.reached_execution, b.counts.reached_execution);
    assert_eq!(a.counts.inconclusive, b.counts.inconclusive);
    let sigs = |s: &Summary| -> Vec<(String, u64, u64)> {
        s.signatures
            .iter()
            .map(|(id, seen)| (id.clone(), seen.count, seen.first_input))
            .collect()
    };
    assert_eq!(sigs(&a), sigs(&b));
    println!(
        "{} signatures, {} divergences in 60 inputs",
        a.signatures.len(),
        a.counts.diverged
    );
}

#[test]
fn a_stop_request_ends_the_campaign_cleanly() {
    let mut fuzz = FuzzConfig::default_for(vec![EngineKind::Wasmi, EngineKind::WasmtimeCranelift]);
    fuzz.repros = None;
    let config = CampaignConfig {
        fuzz,
        jobs: 2,
        seed: 1,
        cases: None,
        time: None,
        inputs: Vec::new(),
        workers: Workers::Threads,
    };
    let live = Live::new(&config);
    let stop = AtomicBool::new(false);
    let summary = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(500));
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        run_campaign(&config, &live, &stop).unwrap()
    });
    assert!(summary.interrupted);
    assert!(summary.counts.inputs > 0);
    // Every input taken was finished and counted.
    let counted = summary.counts.agree
        + summary.counts.diverged
        + summary.counts.generation_failed
        + summary.counts.inconclusive_total();
    assert_eq!(counted, summary.counts.inputs);
}
