//! Shrinking a diverging case while its divergence signature holds.
//!
//! The predicate keeps the *signature* (phase, split of engines, outcome
//! classes), not just "some divergence", so shrinking never turns one bug
//! into another. A reduction can delete part of a NaN-canonicalization
//! sequence and let NaN bits leak, so a candidate is checked like a user's
//! module: if it diverges, it runs again NaN-canonicalized and only counts
//! if it still diverges. Calls keep the original arguments for exports that
//! survive with the same parameter types; others get zeros.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::generate::{Call, TestCase};
use crate::module_info::ModuleInfo;
use crate::oracle::{Oracle, Signature, Verdict};

/// Bounds for one shrink.
#[derive(Clone, Copy, Debug)]
pub struct ShrinkConfig {
    /// Consecutive failed reduction attempts before the case counts as
    /// minimal.
    pub attempts: u32,
    /// Wall-clock limit; the smallest case found so far is kept.
    pub time_limit: Duration,
    /// Seed for wasm-shrink's choice of mutations.
    pub seed: u64,
}

impl Default for ShrinkConfig {
    fn default() -> Self {
        ShrinkConfig {
            attempts: 1000,
            time_limit: Duration::from_secs(30),
            seed: 42,
        }
    }
}

/// A shrunk case and how the shrink went.
#[derive(Clone, Debug, Serialize)]
pub struct Shrunk {
    /// The smallest module that keeps the signature.
    #[serde(skip)]
    pub wasm: Vec<u8>,
    /// The calls to make on it.
    pub calls: Vec<Call>,
    /// Size of the original module in bytes.
    pub original_size: usize,
    /// Size of the shrunk module in bytes.
    pub shrunk_size: usize,
    /// Time spent.
    pub millis: u128,
    /// Candidates run through the engines.
    pub candidates: u32,
    /// Whether the time limit cut the shrink short.
    pub timed_out: bool,
}

/// Why a candidate is or is not interesting, in words.
struct Interesting {
    keeps: bool,
    why: String,
}

impl fmt::Display for Interesting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.why)
    }
}

impl wasm_shrink::IsInteresting for Interesting {
    fn is_interesting(&self) -> bool {
        self.keeps
    }
}

/// The case for a candidate module, with the original arguments where the
/// export survived with the same parameters.
pub fn candidate_case(candidate: &[u8], original: &TestCase) -> Result<TestCase, String> {
    let wasm = candidate.to_vec();
    let info = ModuleInfo::parse_with_features(&wasm, original.info.features)?;
    let calls = info
        .exported_funcs()
        .filter_map(|(name, sig)| {
            let sig = sig?;
            let same = original.calls.iter().find(|c| {
                c.export == name && c.args.iter().map(|a| a.ty()).eq(sig.params.iter().copied())
            });
            let args = match same {
                Some(c) => c.args.clone(),
                None => sig.params.iter().map(|t| t.default_value()).collect(),
            };
            Some(Call {
                export: name.to_string(),
                args,
            })
        })
        .collect();
    Ok(TestCase { wasm, info, calls })
}

/// Whether `case` diverges with exactly `signature`, and why not otherwise.
fn judge(oracle: &mut Oracle, case: &TestCase, signature: &Signature) -> Interesting {
    match oracle.check(case, false).verdict {
        Verdict::Diverge(d) if d.signature == *signature => Interesting {
            keeps: true,
            why: format!("keeps signature {}", signature.id),
        },
        Verdict::Diverge(d) => Interesting {
            keeps: false,
            why: format!("a different divergence: {}", d.signature.text),
        },
        v => Interesting {
            keeps: false,
            why: format!("verdict {}", v.name()),
        },
    }
}

/// Shrink `case`, which diverges with `signature`, in the engines of
/// `oracle`.
pub fn shrink(
    oracle: &mut Oracle,
    case: &TestCase,
    signature: &Signature,
    config: ShrinkConfig,
) -> Result<Shrunk, String> {
    let start = Instant::now();
    let best: Rc<RefCell<Vec<u8>>> = Rc::new(RefCell::new(case.wasm.clone()));
    let candidates = Rc::new(RefCell::new(0u32));
    let timed_out = Rc::new(RefCell::new(false));
    let on_best = {
        let best = best.clone();
        Box::new(move |wasm: &[u8]| {
            *best.borrow_mut() = wasm.to_vec();
            Ok(())
        })
    };
    let result = wasm_shrink::WasmShrink::default()
        .attempts(config.attempts)
        .seed(config.seed)
        .on_new_smallest(Some(on_best))
        .run(case.wasm.clone(), |candidate| {
            if start.elapsed() > config.time_limit {
                *timed_out.borrow_mut() = true;
                anyhow::bail!("time limit reached");
            }
            *candidates.borrow_mut() += 1;
            Ok(match candidate_case(candidate, case) {
                Ok(c) => judge(oracle, &c, signature),
                Err(e) => Interesting {
                    keeps: false,
                    why: e,
                },
            })
        });
    if let Err(e) = result
        && !*timed_out.borrow()
    {
        return Err(format!("shrinking failed: {e:#}"));
    }
    let smallest = best.borrow().clone();
    let final_case = candidate_case(&smallest, case)?;
    Ok(Shrunk {
        original_size: case.wasm.len(),
        shrunk_size: final_case.wasm.len(),
        wasm: final_case.wasm,
        calls: final_case.calls,
        millis: start.elapsed().as_millis(),
        candidates: *candidates.borrow(),
        timed_out: *timed_out.borrow(),
    })
}
