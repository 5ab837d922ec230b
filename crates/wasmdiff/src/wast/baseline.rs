//! A checked-in record of a suite's results: the pass count of every engine
//! (which may only go up) and every known failure with its reason.
//!
//! The format is line-based text, one entry per line, `#` for comments:
//!
//! ```text
//! pass wasmi 51234
//! fail wasmi simd_lane.wast:123 -- wasmi bug: ... (https://github.com/...)
//! fail wasmer-singlepass memory64.wast:* -- no memory64 in wasmer 7.4.2
//! ```
//!
//! A failure entry names an engine (or `text` for text-format checks), a
//! file and a line (or `*` for every line of the file), and after ` -- ` a
//! one-line reason, which must not be empty. A `diverge FILE:LINE -- REASON`
//! entry explains a disagreement between engines (a real difference in
//! engine behaviour, never one of the harness).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::run::{Counts, Disagreement, Failure};
use crate::engines::EngineKind;
use crate::error::Error;

/// A parsed baseline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    /// Minimum pass count per engine name.
    pub passes: BTreeMap<String, usize>,
    /// Known failures.
    pub failures: Vec<Known>,
    /// Known disagreements between engines (`engine` is `diverge`).
    pub disagreements: Vec<Known>,
}

/// One known failure (or a whole file of them).
#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    /// Engine name, or `text`.
    pub engine: String,
    /// The file, as the report names it.
    pub file: String,
    /// The line, or `None` for the whole file.
    pub line: Option<usize>,
    /// Why it fails.
    pub reason: String,
}

impl Known {
    fn covers(&self, f: &Failure) -> bool {
        let engine = f.engine.map_or("text", EngineKind::name);
        self.engine == engine && self.file == f.file && self.line.is_none_or(|l| l == f.line)
    }
}

/// What a run says about a baseline.
#[derive(Clone, Debug, Default)]
pub struct Check {
    /// Engines whose pass count went down: (engine, baseline, now).
    pub fewer_passes: Vec<(String, usize, usize)>,
    /// Failures the baseline does not list.
    pub unexplained: Vec<Failure>,
    /// Entries that matched no failure (fixed, or stale).
    pub stale: Vec<Known>,
    /// Entries without a reason.
    pub without_reason: Vec<Known>,
    /// Disagreements the baseline does not list.
    pub unexplained_disagreements: Vec<Disagreement>,
}

impl Check {
    /// Whether the run is as good as the baseline or better, and every
    /// entry has a reason.
    pub fn ok(&self) -> bool {
        self.fewer_passes.is_empty()
            && self.unexplained.is_empty()
            && self.without_reason.is_empty()
            && self.unexplained_disagreements.is_empty()
    }
}

impl Baseline {
    /// Parse the text format.
    pub fn parse(text: &str) -> Result<Baseline, Error> {
        let mut b = Baseline::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad =
                |what: &str| Error::input(format!("baseline line {}: {what}: `{line}`", n + 1));
            let (head, reason) = match line.split_once(" -- ") {
                Some((h, r)) => (h.trim(), r.trim().to_string()),
                None => (line, String::new()),
            };
            let words: Vec<&str> = head.split_whitespace().collect();
            match words.as_slice() {
                ["pass", engine, count] => {
                    let count = count.parse().map_err(|_| bad("not a count"))?;
                    b.passes.insert(engine.to_string(), count);
                }
                ["diverge", place] => {
                    let (file, line) = place.rsplit_once(':').ok_or_else(|| bad("no `:line`"))?;
                    b.disagreements.push(Known {
                        engine: "diverge".into(),
                        file: file.to_string(),
                        line: Some(line.parse().map_err(|_| bad("not a line number"))?),
                        reason,
                    });
                }
                ["fail", engine, place] => {
                    let (file, line) = place.rsplit_once(':').ok_or_else(|| bad("no `:line`"))?;
                    let line = match line {
                        "*" => None,
                        l => Some(l.parse().map_err(|_| bad("not a line number"))?),
                    };
                    b.failures.push(Known {
                        engine: engine.to_string(),
                        file: file.to_string(),
                        line,
                        reason,
                    });
                }
                _ => {
                    return Err(bad(
                        "expected `pass ENGINE N` or `fail ENGINE FILE:LINE -- REASON`",
                    ));
                }
            }
        }
        Ok(b)
    }

    /// Compare a run (totals per engine, every failure) with the baseline.
    pub fn check(
        &self,
        totals: &BTreeMap<String, Counts>,
        failures: &[Failure],
        disagreements: &[Disagreement],
    ) -> Check {
        let mut check = Check::default();
        for (engine, &want) in &self.passes {
            // An engine this run did not include (not selected, or not
            // available here) is not compared.
            let Some(now) = totals.get(engine).map(|c| c.passed) else {
                continue;
            };
            if now < want {
                check.fewer_passes.push((engine.clone(), want, now));
            }
        }
        let mut used = vec![false; self.failures.len()];
        for f in failures {
            match self.failures.iter().position(|k| k.covers(f)) {
                Some(i) => used[i] = true,
                None => check.unexplained.push(f.clone()),
            }
        }
        for (k, used) in self.failures.iter().zip(used) {
            // Entries of engines this run did not include are not stale.
            let ran = k.engine == "text" || totals.contains_key(&k.engine);
            if !used && ran {
                check.stale.push(k.clone());
            }
        }
        for d in disagreements {
            let known = self
                .disagreements
                .iter()
                .any(|k| k.file == d.file && k.line == Some(d.line));
            if !known {
                check.unexplained_disagreements.push(d.clone());
            }
        }
        for k in self.failures.iter().chain(&self.disagreements) {
            if k.reason.is_empty() || k.reason == "?" {
                check.without_reason.push(k.clone());
            }
        }
        check
    }

    /// A baseline for a run: its pass counts, and one entry per failure
    /// with the reason of the entry of `old` that covers it (`?` where
    /// there is none, which [`Baseline::check`] refuses).
    pub fn from_run(
        totals: &BTreeMap<String, Counts>,
        failures: &[Failure],
        disagreements: &[Disagreement],
        old: &Baseline,
    ) -> Baseline {
        let mut b = Baseline {
            passes: totals.iter().map(|(e, c)| (e.clone(), c.passed)).collect(),
            failures: Vec::new(),
            disagreements: Vec::new(),
        };
        for d in disagreements {
            let reason = old
                .disagreements
                .iter()
                .find(|k| k.file == d.file && k.line == Some(d.line))
                .map_or("?".to_string(), |k| k.reason.clone());
            b.disagreements.push(Known {
                engine: "diverge".into(),
                file: d.file.clone(),
                line: Some(d.line),
                reason,
            });
        }
        for f in failures {
            if b.failures.iter().any(|k| k.covers(f)) {
                continue;
            }
            let known = old.failures.iter().find(|k| k.covers(f));
            let entry = match known {
                // A whole-file entry stays one.
                Some(k) if k.line.is_none() => k.clone(),
                Some(k) => Known {
                    line: Some(f.line),
                    ..k.clone()
                },
                None => Known {
                    engine: f.engine.map_or("text", EngineKind::name).to_string(),
                    file: f.file.clone(),
                    line: Some(f.line),
                    reason: "?".into(),
                },
            };
            b.failures.push(entry);
        }
        b
    }

    /// The text format.
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        for (engine, n) in &self.passes {
            let _ = writeln!(out, "pass {engine} {n}");
        }
        for k in &self.failures {
            let line = k.line.map_or("*".to_string(), |l| l.to_string());
            let _ = writeln!(out, "fail {} {}:{} -- {}", k.engine, k.file, line, k.reason);
        }
        for k in &self.disagreements {
            let line = k.line.map_or("*".to_string(), |l| l.to_string());
            let _ = writeln!(out, "diverge {}:{} -- {}", k.file, line, k.reason);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(engine: Option<EngineKind>, file: &str, line: usize) -> Failure {
        Failure {
            file: file.into(),
            line,
            directive: "assert_return",
            engine,
            what: "f()".into(),
            expected: "i32:1".into(),
            actual: "i32:2".into(),
        }
    }

    #[test]
    fn round_trips_and_checks() {
        let text = "# header\npass wasmi 10\nfail wasmi a.wast:3 -- a wasmi bug\nfail text b.wast:* -- parser\n";
        let b = Baseline::parse(text).unwrap();
        assert_eq!(Baseline::parse(&b.to_text("header")).unwrap(), b);
        let mut totals = BTreeMap::new();
        totals.insert(
            "wasmi".to_string(),
            Counts {
                passed: 9,
                failed: 2,
                unsupported: 0,
            },
        );
        let failures = [
            failure(Some(EngineKind::Wasmi), "a.wast", 3),
            failure(None, "b.wast", 7),
            failure(Some(EngineKind::Wasmi), "a.wast", 4),
        ];
        let check = b.check(&totals, &failures, &[]);
        assert_eq!(check.fewer_passes, [("wasmi".to_string(), 10, 9)]);
        assert_eq!(check.unexplained.len(), 1);
        assert_eq!(check.unexplained[0].line, 4);
        assert!(check.stale.is_empty());
        assert!(!check.ok());
        let next = Baseline::from_run(&totals, &failures, &[], &b);
        assert_eq!(next.failures.len(), 3);
        assert_eq!(next.failures[2].reason, "?");
        assert_eq!(next.check(&totals, &failures, &[]).without_reason.len(), 1);
    }

    #[test]
    fn bad_lines_are_named() {
        let e = Baseline::parse("pass wasmi many").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        assert!(Baseline::parse("fail wasmi nowhere -- x").is_err());
    }
}
