//! Shrinking a diverging case while its divergence signature holds.
//!
//! The predicate keeps the *signature* (phase, split of engines, outcome
//! classes), not just "some divergence", so shrinking never turns one bug
//! into another. A reduction can delete part of a NaN-canonicalization
//! sequence and let NaN bits leak, so a candidate is checked like a user's
//! module: if it diverges, it runs again NaN-canonicalized and only counts
//! if it still diverges. Calls keep the original arguments for exports that
//! survive with the same parameter types; others get zeros.
//!
//! wasm-shrink alone stalls on code after an unconditional branch: no single
//! local edit removes it while keeping the module valid. Between its rounds
//! a second pass, [`remove_dead_code`], deletes everything between an
//! unconditional transfer (`br`, `br_table`, `return`, `unreachable`,
//! `return_call*`, `throw*`) and the end of its block. That pass preserves
//! semantics exactly, so it never changes the signature, but its result is
//! checked like any other candidate.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::Error;
use crate::generate::{Call, TestCase};
use crate::module_info::ModuleInfo;
use crate::oracle::{Oracle, Signature, Verdict};

/// Bounds for one shrink.
#[derive(Clone, Copy, Debug, Serialize, serde::Deserialize)]
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

impl Shrunk {
    /// A case kept as it is (no shrinking): a divergence reported at once,
    /// or one whose signature is recorded already.
    pub fn unshrunk(case: &TestCase) -> Shrunk {
        Shrunk {
            wasm: case.wasm.clone(),
            calls: case.calls.clone(),
            original_size: case.wasm.len(),
            shrunk_size: case.wasm.len(),
            millis: 0,
            candidates: 0,
            timed_out: false,
        }
    }
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
pub fn candidate_case(candidate: &[u8], original: &TestCase) -> Result<TestCase, Error> {
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

/// What a shrink keeps.
#[derive(Clone, Debug)]
pub enum Target {
    /// The divergence's exact signature.
    Signature(Signature),
    /// A crash of this engine, in any phase. A crash in an engine's
    /// background thread (WAMR's fast JIT compiles while it loads) strikes
    /// at a varying moment, so the phase and with it the signature vary.
    /// Needs engines in child processes ([`crate::engines::child`]).
    Crash(crate::engines::EngineKind),
}

/// Whether `case` still hits `target`, and why not otherwise.
fn judge(oracle: &mut Oracle, case: &TestCase, target: &Target) -> Interesting {
    let signature = match target {
        Target::Signature(s) => s,
        Target::Crash(kind) => return judge_crash(oracle, case, *kind),
    };
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

fn judge_crash(
    oracle: &mut Oracle,
    case: &TestCase,
    kind: crate::engines::EngineKind,
) -> Interesting {
    use crate::oracle::Observed;
    use crate::outcome::Outcome;
    let result = oracle.check(case, false);
    let run = &result.runs[0];
    let crashed = run
        .engines
        .iter()
        .position(|k| *k == kind)
        .is_some_and(|i| {
            run.rows
                .iter()
                .any(|row| matches!(&row.cells[i], Some(Observed::Outcome(Outcome::Crash(_)))))
        });
    Interesting {
        keeps: crashed,
        why: if crashed {
            format!("{kind} crashes")
        } else {
            format!("{kind} does not crash (verdict {})", result.verdict.name())
        },
    }
}

/// Delete unreachable code: everything after an unconditional transfer of
/// control up to the `end` (or `else`) of the enclosing block. The module's
/// behaviour is unchanged and it stays valid (the stack is polymorphic after
/// such a transfer).
pub fn remove_dead_code(wasm: &[u8]) -> Result<Vec<u8>, Error> {
    use wasm_encoder::reencode::{Reencode, RoundtripReencoder, utils};
    use wasmparser::Operator as O;

    struct DeadCode;
    impl Reencode for DeadCode {
        type Error = std::convert::Infallible;
        fn parse_function_body(
            &mut self,
            code: &mut wasm_encoder::CodeSection,
            func: wasmparser::FunctionBody<'_>,
        ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
            let mut f = utils::new_function_with_parsed_locals(self, &func)?;
            let mut reader = func.get_operators_reader()?;
            let mut depth: i64 = 0;
            let mut dead_at: Option<i64> = None;
            while !reader.eof() {
                let op = reader.read()?;
                let opens = matches!(
                    op,
                    O::Block { .. }
                        | O::Loop { .. }
                        | O::If { .. }
                        | O::TryTable { .. }
                        | O::Try { .. }
                );
                if let Some(d) = dead_at {
                    match op {
                        _ if opens => depth += 1,
                        O::Else if depth == d => {
                            dead_at = None;
                            f.instruction(&RoundtripReencoder.instruction(op)?);
                        }
                        O::End if depth == d => {
                            dead_at = None;
                            depth -= 1;
                            f.instruction(&RoundtripReencoder.instruction(op)?);
                        }
                        O::End => depth -= 1,
                        _ => {}
                    }
                    continue;
                }
                let transfers = matches!(
                    op,
                    O::Br { .. }
                        | O::BrTable { .. }
                        | O::Return
                        | O::Unreachable
                        | O::ReturnCall { .. }
                        | O::ReturnCallIndirect { .. }
                        | O::ReturnCallRef { .. }
                        | O::Throw { .. }
                        | O::ThrowRef
                        | O::Rethrow { .. }
                );
                match op {
                    _ if opens => depth += 1,
                    O::End => depth -= 1,
                    _ => {}
                }
                f.instruction(&RoundtripReencoder.instruction(op)?);
                if transfers {
                    dead_at = Some(depth);
                }
            }
            code.function(&f);
            Ok(())
        }
    }
    let mut module = wasm_encoder::Module::new();
    DeadCode
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| Error::library("removing dead code", e))?;
    Ok(module.finish())
}

/// Shrink `case`, which diverges with `signature`, in the engines of
/// `oracle`: wasm-shrink rounds alternating with [`remove_dead_code`], until
/// neither makes progress or the time limit is reached.
pub fn shrink(
    oracle: &mut Oracle,
    case: &TestCase,
    signature: &Signature,
    config: ShrinkConfig,
) -> Result<Shrunk, Error> {
    shrink_to(oracle, case, &Target::Signature(signature.clone()), config)
}

/// Shrink `case` while it hits `target` (see [`shrink`]).
pub fn shrink_to(
    oracle: &mut Oracle,
    case: &TestCase,
    target: &Target,
    config: ShrinkConfig,
) -> Result<Shrunk, Error> {
    let start = Instant::now();
    let mut current = case.wasm.clone();
    let mut candidates = 0;
    let mut timed_out = false;
    loop {
        let before = current.len();
        // Dead code first: cheap, exact, and it unblocks wasm-shrink.
        if let Ok(smaller) = remove_dead_code(&current)
            && smaller.len() < current.len()
            && let Ok(c) = candidate_case(&smaller, case)
        {
            candidates += 1;
            if judge(oracle, &c, target).keeps {
                current = smaller;
            }
        }
        let left = config.time_limit.saturating_sub(start.elapsed());
        let round = shrink_round(
            oracle,
            case,
            &current,
            target,
            ShrinkConfig {
                time_limit: left,
                ..config
            },
        );
        // An engine whose wrong result is whatever its stack held before
        // (wasmi's `be5e401938c995dd`) can give the right one by chance
        // when the same module runs again: a module that kept the
        // signature in one round may not in the next. What was kept so far
        // stands; only a first round that cannot start is a failure.
        let round = match round {
            Ok(r) => r,
            Err(_) if current.len() < case.wasm.len() => break,
            Err(e) => return Err(e),
        };
        candidates += round.1;
        timed_out |= round.2;
        current = round.0;
        if timed_out || current.len() >= before {
            break;
        }
    }
    let final_case = candidate_case(&current, case)?;
    Ok(Shrunk {
        original_size: case.wasm.len(),
        shrunk_size: final_case.wasm.len(),
        wasm: final_case.wasm,
        calls: final_case.calls,
        millis: start.elapsed().as_millis(),
        candidates,
        timed_out,
    })
}

/// One wasm-shrink round from `from`: the smallest module still hitting
/// the target, candidates tried, and whether time ran out.
fn shrink_round(
    oracle: &mut Oracle,
    case: &TestCase,
    from: &[u8],
    target: &Target,
    config: ShrinkConfig,
) -> Result<(Vec<u8>, u32, bool), Error> {
    let start = Instant::now();
    let best: Rc<RefCell<Vec<u8>>> = Rc::new(RefCell::new(from.to_vec()));
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
        .run(from.to_vec(), |candidate| {
            if start.elapsed() > config.time_limit {
                *timed_out.borrow_mut() = true;
                anyhow::bail!("time limit reached");
            }
            *candidates.borrow_mut() += 1;
            Ok(match candidate_case(candidate, case) {
                Ok(c) => judge(oracle, &c, target),
                Err(e) => Interesting {
                    keeps: false,
                    why: e.to_string(),
                },
            })
        });
    if let Err(e) = result
        && !*timed_out.borrow()
    {
        return Err(Error::library("shrinking", e));
    }
    let smallest = best.borrow().clone();
    let (n, t) = (*candidates.borrow(), *timed_out.borrow());
    Ok((smallest, n, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_code_after_branches_is_removed() {
        let wasm = wat::parse_str(
            r#"(module (global $g (mut i32) (i32.const 0))
                 (func (export "f") (param i32) (result i32)
                   (block $b (result i32)
                     (i32.const 1) (br $b)
                     (global.set $g (i32.const 5)) (i32.const 9))
                   (if (local.get 0) (then (return (i32.const 3)) (drop (i32.const 4))) (else (unreachable) (nop)))
                   (drop)
                   (global.get $g) (return)
                   (loop (br 0)) (i32.const 7)))"#,
        )
        .unwrap();
        let out = remove_dead_code(&wasm).unwrap();
        wasmparser::Validator::new().validate_all(&out).unwrap();
        let text = wasmprinter::print_bytes(&out).unwrap();
        assert!(!text.contains("global.set"), "{text}");
        assert!(!text.contains("loop"), "{text}");
        assert!(
            !text.contains("i32.const 9") && !text.contains("i32.const 4"),
            "{text}"
        );
        assert!(
            text.contains("i32.const 3") && text.contains("else"),
            "{text}"
        );
        assert!(out.len() < wasm.len());
    }
}
