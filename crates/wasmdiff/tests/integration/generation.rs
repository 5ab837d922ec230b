//! Generation end to end: seeded inputs through generate and every engine,
//! with no divergence. Prints the share that reaches execution.

use std::collections::BTreeMap;
use std::time::Instant;

use wasmdiff::generate::{GenConfig, TestCase, seeded_input};
use wasmdiff::oracle::{Oracle, Verdict};
use wasmdiff::{EngineKind, FeatureSet, Limits};

fn campaign(features: FeatureSet, cases: u64, seed: u64) {
    let kinds = crate::common::engines_for_generated_cases();
    let mut oracle = Oracle::new(&kinds, Limits::default(), features).unwrap();
    let config = GenConfig {
        features,
        ..GenConfig::default()
    };
    let mut verdicts: BTreeMap<String, u64> = BTreeMap::new();
    let (mut reached, mut gen_failed, mut bytes, mut funcs) = (0u64, 0u64, 0usize, 0u64);
    let mut divergences = Vec::new();
    let start = Instant::now();
    for i in 0..cases {
        let case = match TestCase::generate(&seeded_input(seed, i), &config) {
            Ok(c) => c,
            Err(_) => {
                gen_failed += 1;
                continue;
            }
        };
        bytes += case.wasm.len();
        funcs += u64::from(case.info.functions);
        let r = oracle.check(&case, true);
        if r.runs[0].reached_execution {
            reached += 1;
        }
        let key = match &r.verdict {
            Verdict::Inconclusive(reason) => format!("inconclusive ({reason})"),
            v => v.name().to_string(),
        };
        *verdicts.entry(key).or_default() += 1;
        if let Verdict::Diverge(_) = r.verdict {
            divergences.push(format!(
                "seed {seed} case {i}:\n{}",
                wasmdiff::report::render_result(&r)
            ));
        }
    }
    let generated = cases - gen_failed;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "features {features}: {cases} inputs, {gen_failed} not generated, verdicts {verdicts:?}, \
         reached execution {reached}/{generated} ({:.1}%), avg module {} bytes, avg {:.1} functions, \
         {:.0} cases/s",
        100.0 * reached as f64 / generated.max(1) as f64,
        bytes / generated.max(1) as usize,
        funcs as f64 / generated.max(1) as f64,
        generated as f64 / secs,
    );
    assert!(
        divergences.is_empty(),
        "{} divergences:\n{}",
        divergences.len(),
        divergences.join("\n")
    );
    assert!(
        generated >= cases * 99 / 100,
        "generation failed too often: {gen_failed}"
    );
    assert!(
        reached * 100 >= generated * 95,
        "only {reached}/{generated} reached execution"
    );
    // FACTS #9: default wasm-smith settings make tiny single-function modules.
    assert!(funcs as f64 / generated as f64 >= 3.0, "modules too small");
}

/// The acceptance run: 2,000 inputs over every engine, with the features all
/// six configurations share (what a default campaign generates).
#[test]
fn two_thousand_seeded_cases_do_not_diverge() {
    let common = EngineKind::available_kinds()
        .iter()
        .fold(FeatureSet::default_set(), |s, k| s.intersect(k.supported()));
    campaign(common, 2000, 1);
}

/// With SIMD, reference types and tail calls too (engines without them
/// are unsupported for the cases that use them).
#[test]
fn seeded_cases_with_every_default_feature_do_not_diverge() {
    campaign(FeatureSet::default_set(), 500, 2);
}
