//! `wasmdiff wast FILE_OR_DIR...`: run `.wast` test scripts in every engine.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use wasmdiff::EngineKind;
use wasmdiff::report::columns;
use wasmdiff::wast::baseline::{Baseline, Check};
use wasmdiff::wast::{self, Counts, SuiteReport};

/// Run `.wast` test scripts (the spec test suite's format) in every engine
/// configuration, each in one store with the `spectest` host module.
///
/// Every directive is checked against the script (passed, failed, or
/// unsupported where the engine lacks a feature the module needs) and
/// against the other engines: a directive where engines behave differently
/// is a disagreement, reported with the majority and the odd engines, even
/// where the script asserts nothing. Text-format checks (a quoted module the
/// text parser must reject) are decided once, by the text parser.
///
/// With `--baseline FILE`, the run is compared with a checked-in baseline
/// (pass counts that may only go up, and every known failure with its
/// reason); `--write-baseline FILE` writes one for this run, keeping the
/// reasons of an existing baseline and marking new failures `?`.
///
/// A script that cannot be read or parsed (component-model scripts, syntax
/// the parser lacks) does not stop the run: it is listed, with the
/// parser's reason, under "scripts that could not run".
///
/// Exit status, bits: 1 = failures or disagreements (with --baseline: beyond
/// the baseline), 2 = scripts that could not run (not in the baseline);
/// so 0 clean, 1 findings, 2 bad input only, 3 both. Errors that stop the
/// run (bad arguments, no such file) exit 2.
///
/// Examples:
///   wasmdiff wast ../shared/spec-testsuite
///   wasmdiff wast tests/my.wast --engines wasmtime-cranelift,wasmi --json
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct WastCmd {
    /// `.wast` files, or directories searched for them recursively.
    #[arg(required = true)]
    paths: Vec<PathBuf>,

    /// Comma-separated engine configurations, or `all`.
    #[arg(long, default_value = "all")]
    engines: wasmdiff::EngineList,

    /// Threads (files run in parallel). Default: all cores.
    #[arg(long)]
    jobs: Option<usize>,

    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,

    /// Compare with this baseline file.
    #[arg(long)]
    baseline: Option<PathBuf>,

    /// Write a baseline for this run to this file.
    #[arg(long)]
    write_baseline: Option<PathBuf>,

    /// Engine-level fuel per call and instantiation (default: unbounded, as
    /// test scripts are written to terminate; set it for scripts that may
    /// loop forever: running out fails the directive).
    #[arg(long)]
    fuel: Option<u64>,

    /// A host module to instantiate and register under NAME before every
    /// script (`.wat` or `.wasm`; repeatable): for suites whose scripts
    /// import a few host functions of their own.
    #[arg(long, value_name = "NAME=FILE")]
    register: Vec<String>,

    /// Make every named module importable under its name without a
    /// `register` directive, as wasmtime's harness does (for wasmtime's
    /// own suites).
    #[arg(long)]
    register_named: bool,

    /// How many failures and disagreements to list (`0` for all).
    #[arg(long, default_value_t = 30)]
    show: usize,
}

impl WastCmd {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let kinds = self.engines.kinds.clone();
        let files = wast::collect(&self.paths)?;
        if files.is_empty() {
            anyhow::bail!("no .wast files in {}", display_paths(&self.paths));
        }
        let old = match &self.baseline {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading the baseline {}", p.display()))?;
                Some(
                    Baseline::parse(&text)
                        .map_err(|e| anyhow::anyhow!("{}: {}", p.display(), e.report()))?,
                )
            }
            None => None,
        };
        let jobs = self
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let started = Instant::now();
        let total = files.len();
        let tty = std::io::stderr().is_terminal();
        let last = std::sync::Mutex::new(Instant::now());
        let progress = |done: usize, r: &wast::FileReport| {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            if tty {
                eprint!("\r\x1b[K[{done}/{total}] {}", r.file);
                if done == total {
                    eprintln!();
                }
            } else if last.elapsed().as_secs() >= 10 || done == total {
                eprintln!(
                    "[{done}/{total}] {} ({:.0}s)",
                    r.file,
                    started.elapsed().as_secs_f64()
                );
                *last = Instant::now();
            }
        };
        let mut limits = wast::script_limits();
        if let Some(fuel) = self.fuel {
            limits.engine_fuel = fuel;
        }
        let setup = wast::Setup {
            register: self
                .register
                .iter()
                .map(|r| wast::read_prelude_module(r))
                .collect::<Result<Vec<_>, _>>()?,
            register_named: self.register_named,
        };
        let suite = wast::run_suite(&files, &kinds, limits, jobs, &setup, &progress)?;
        let elapsed = started.elapsed().as_secs_f64();
        let failures = suite.failures();
        let disagreements = suite.disagreements();
        let check = old
            .as_ref()
            .map(|b| b.check(&suite.totals, &failures, &disagreements));
        if let Some(path) = &self.write_baseline {
            let header = format!(
                "wasmdiff wast baseline: {}\nengines: {}\nRegenerate: wasmdiff wast PATH --write-baseline FILE (reasons are kept; new failures get `?`)",
                display_paths(&self.paths),
                kinds
                    .iter()
                    .map(|k| format!("{k} ({})", k.version()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let empty = Baseline::default();
            let b = Baseline::from_run(
                &suite.totals,
                &failures,
                &disagreements,
                old.as_ref().unwrap_or(&empty),
            );
            wasmdiff::repro::write_atomic(path, b.to_text(&header).as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        if self.json {
            let value = serde_json::json!({
                "seconds": elapsed,
                "files": suite.files.len(),
                "totals": suite.totals,
                "text": suite.text,
                "errors": suite.errors,
                "per_file": suite.files.iter().map(|f| serde_json::json!({
                    "file": f.file,
                    "error": f.error,
                    "engines": f.engines.iter().map(|(k, c)| (k.name(), *c)).collect::<BTreeMap<_, _>>(),
                    "text": f.text,
                    "unsupported": f.unsupported.iter().map(|(k, m)| (k.name(), m)).collect::<BTreeMap<_, _>>(),
                })).collect::<Vec<_>>(),
                "failures": failures,
                "disagreements": disagreements,
                "nan_nondeterministic": suite.nan_nondeterministic(),
                "rebuilt_after_panic": suite.rebuilt().iter().map(|(f, k, l)| serde_json::json!({
                    "file": f, "engine": k.name(), "line": l,
                })).collect::<Vec<_>>(),
                "baseline": check.as_ref().map(|c| serde_json::json!({
                    "ok": c.ok(),
                    "fewer_passes": c.fewer_passes,
                    "unexplained_failures": c.unexplained,
                    "unexplained_disagreements": c.unexplained_disagreements,
                    "stale": c.stale.len(),
                    "without_reason": c.without_reason.len(),
                })),
            });
            crate::emit(&format!("{}\n", serde_json::to_string_pretty(&value)?))?;
        } else {
            crate::emit(&self.text(&suite, elapsed, check.as_ref()))?;
        }
        Ok(ExitCode::from(exit_status(
            &failures,
            &disagreements,
            check.as_ref(),
        )))
    }

    fn text(&self, suite: &SuiteReport, elapsed: f64, check: Option<&Check>) -> String {
        let mut out = String::new();
        let names: Vec<&str> = suite.engines.iter().map(|k| k.name()).collect();
        let cell = |c: Option<&Counts>| match c {
            Some(c) => format!("{}/{}/{}", c.passed, c.failed, c.unsupported),
            None => "-".into(),
        };
        let _ = writeln!(
            out,
            "per file and engine: passed/failed/unsupported directives"
        );
        let mut matrix: Vec<Vec<String>> = Vec::new();
        matrix.push(
            std::iter::once("file".to_string())
                .chain(names.iter().map(|n| n.to_string()))
                .chain(["text".to_string()])
                .collect(),
        );
        for f in &suite.files {
            let mut row = vec![f.file.clone()];
            match &f.error {
                Some(e) => row.push(format!("error: {e}")),
                None => {
                    row.extend(suite.engines.iter().map(|k| cell(f.engines.get(k))));
                    row.push(cell(Some(&f.text)));
                }
            }
            matrix.push(row);
        }
        matrix.push(
            std::iter::once("TOTAL".to_string())
                .chain(names.iter().map(|n| cell(suite.totals.get(*n))))
                .chain([cell(Some(&suite.text))])
                .collect(),
        );
        out.push_str(&columns(&matrix));
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} files in {elapsed:.1}s on {} engines",
            suite.files.len(),
            names.len()
        );
        let mut totals: Vec<Vec<String>> = suite
            .totals
            .iter()
            .map(|(name, c)| {
                vec![
                    format!("  {name}"),
                    format!("passed {}", c.passed),
                    format!("failed {}", c.failed),
                    format!("unsupported {}", c.unsupported),
                ]
            })
            .collect();
        totals.push(vec![
            "  text format".into(),
            format!("passed {}", suite.text.passed),
            format!("failed {}", suite.text.failed),
        ]);
        out.push_str(&columns(&totals));
        // Why directives were unsupported, per engine.
        let mut reasons: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for f in &suite.files {
            for (k, m) in &f.unsupported {
                for (why, n) in m {
                    *reasons.entry((k.name(), why.as_str())).or_default() += n;
                }
            }
        }
        if !reasons.is_empty() {
            let _ = writeln!(out, "\nunsupported, by engine and reason:");
            let mut list: Vec<_> = reasons.into_iter().collect();
            list.sort_by(|a, b| a.0.0.cmp(b.0.0).then(b.1.cmp(&a.1)));
            let limit = if self.show == 0 {
                usize::MAX
            } else {
                self.show
            };
            let mut per_engine: BTreeMap<&str, usize> = BTreeMap::new();
            for ((engine, why), n) in list {
                let shown = per_engine.entry(engine).or_default();
                *shown += 1;
                if *shown <= limit.min(8) {
                    let _ = writeln!(out, "  {engine:<20} {n:>6}  {why}");
                }
            }
        }
        let limit = if self.show == 0 {
            usize::MAX
        } else {
            self.show
        };
        let failures = suite.failures();
        let listed: Vec<_> = match check {
            Some(c) => c.unexplained.clone(),
            None => failures.clone(),
        };
        if !listed.is_empty() {
            let title = if check.is_some() {
                "failures not in the baseline"
            } else {
                "failures"
            };
            let _ = writeln!(out, "\n{title} ({}):", listed.len());
            for f in listed.iter().take(limit) {
                let engine = f.engine.map_or("text", EngineKind::name);
                let _ = writeln!(
                    out,
                    "  {}:{} {} [{engine}] {}\n      expected: {}\n      actual:   {}",
                    f.file, f.line, f.directive, f.what, f.expected, f.actual
                );
            }
            if listed.len() > limit {
                let _ = writeln!(
                    out,
                    "  ... and {} more (--show 0 lists all)",
                    listed.len() - limit
                );
            }
        }
        let disagreements = match check {
            Some(c) => c.unexplained_disagreements.clone(),
            None => suite.disagreements(),
        };
        if !disagreements.is_empty() {
            let _ = writeln!(
                out,
                "\nengines disagree ({}){}:",
                disagreements.len(),
                if check.is_some() {
                    ", not in the baseline"
                } else {
                    ""
                }
            );
            for d in disagreements.iter().take(limit) {
                let odd: Vec<&str> = d.odd().iter().map(|k| k.name()).collect();
                let _ = writeln!(
                    out,
                    "  {}:{} {} {}   odd: {}",
                    d.file,
                    d.line,
                    d.directive,
                    d.what,
                    odd.join(", ")
                );
                for (engines, behaviour) in &d.groups {
                    let engines: Vec<&str> = engines.iter().map(|k| k.name()).collect();
                    let _ = writeln!(out, "      {}: {behaviour}", engines.join(", "));
                }
            }
            if disagreements.len() > limit {
                let _ = writeln!(
                    out,
                    "  ... and {} more (--show 0 lists all)",
                    disagreements.len() - limit
                );
            }
        }
        if let Some(c) = check {
            let _ = writeln!(out);
            for (engine, want, now) in &c.fewer_passes {
                let _ = writeln!(out, "baseline: {engine} passes {now}, fewer than {want}");
            }
            for k in &c.without_reason {
                let _ = writeln!(
                    out,
                    "baseline: {} {}:{} has no reason",
                    k.engine,
                    k.file,
                    k.line.map_or("*".into(), |l| l.to_string())
                );
            }
            let _ = writeln!(
                out,
                "baseline: {} ({} known failures matched nothing now: fixed or stale)",
                if c.ok() { "ok" } else { "NOT ok" },
                c.stale.len()
            );
        }
        let nan = suite.nan_nondeterministic();
        if !nan.is_empty() {
            let _ = writeln!(
                out,
                "\nNaN non-determinism, not disagreements ({}; they vanish with NaNs canonicalized):",
                nan.len()
            );
            for d in nan.iter().take(limit) {
                let _ = writeln!(out, "  {}:{} {} {}", d.file, d.line, d.directive, d.what);
            }
        }
        let rebuilt = suite.rebuilt();
        if !rebuilt.is_empty() {
            let _ = writeln!(
                out,
                "\nengines rebuilt after a panic ({}; the script so far replayed in a new engine):",
                rebuilt.len()
            );
            for (file, engine, line) in rebuilt.iter().take(limit) {
                let _ = writeln!(out, "  {file}:{line} {engine}");
            }
        }
        if !suite.errors.is_empty() {
            let _ = writeln!(
                out,
                "\nscripts that could not run ({}):",
                suite.errors.len()
            );
            for e in &suite.errors {
                // The first line (file: reason); --json has the whole text.
                let _ = writeln!(out, "  {}", e.lines().next().unwrap_or(e));
            }
        }
        out
    }
}

/// A script that could not be read or parsed: its failure (the text-format
/// failure of line 0 that [`wast::run_file`] records).
fn unrunnable(f: &wasmdiff::wast::Failure) -> bool {
    f.directive == "script"
}

/// The exit status (see the command's help): bit 1 for findings, bit 2 for
/// scripts that could not run, each counted only where the baseline (if
/// any) does not explain it.
fn exit_status(
    failures: &[wasmdiff::wast::Failure],
    disagreements: &[wasmdiff::wast::Disagreement],
    check: Option<&Check>,
) -> u8 {
    let (findings, bad_input) = match check {
        Some(c) => (
            !c.fewer_passes.is_empty()
                || !c.without_reason.is_empty()
                || !c.unexplained_disagreements.is_empty()
                || c.unexplained.iter().any(|f| !unrunnable(f)),
            c.unexplained.iter().any(unrunnable),
        ),
        None => (
            !disagreements.is_empty() || failures.iter().any(|f| !unrunnable(f)),
            failures.iter().any(unrunnable),
        ),
    };
    u8::from(findings) | (u8::from(bad_input) << 1)
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}
