//! `.wast` test scripts (the spec test suite's format) in every engine.
//!
//! A script is parsed once into engine-independent commands
//! ([`script`]); each engine then runs it in one store of its own (an
//! [`engines::Session`](crate::engines::Session) with the `spectest` host
//! module), and every directive is checked twice ([`run`]): against what the
//! script expects (passed / failed / unsupported, per engine) and against
//! the other engines (a disagreement, even where the script asserts
//! nothing). A [`baseline`] records the known failures of a suite, each
//! with its reason.

pub mod baseline;
pub mod run;
pub mod script;

pub use run::{Counts, Disagreement, Failure, FileReport, run_script};
pub use script::Script;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::engines::{EngineKind, Limits};
use crate::error::Error;

/// A script to run, and the name reports give it (relative to the
/// directory it was found in).
#[derive(Clone, Debug)]
pub struct ScriptFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its name in reports and baselines.
    pub name: String,
}

/// The `.wast` files under each path (a file is taken as it is, a directory
/// is searched recursively), sorted by name within each directory.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<ScriptFile>, Error> {
    fn walk(root: &Path, out: &mut Vec<ScriptFile>) -> Result<(), Error> {
        let entries = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in entries {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(root).to_path_buf();
                match e.into_io_error() {
                    Some(io) => Error::io(path, io),
                    None => Error::file(path, "a symbolic link loop"),
                }
            })?;
            let p = entry.path();
            if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "wast") {
                let name = p.strip_prefix(root).unwrap_or(p).display().to_string();
                out.push(ScriptFile {
                    path: p.to_path_buf(),
                    name,
                });
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else if path.exists() {
            out.push(ScriptFile {
                path: path.clone(),
                name: path.display().to_string(),
            });
        } else {
            return Err(Error::file(path, "no such file or directory"));
        }
    }
    Ok(out)
}

/// Every file's report and the totals.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SuiteReport {
    /// The engines, in order.
    pub engines: Vec<EngineKind>,
    /// Totals per engine name.
    pub totals: BTreeMap<String, Counts>,
    /// Text-format checks.
    pub text: Counts,
    /// Files that could not run.
    pub errors: Vec<String>,
    /// Per file, in order.
    pub files: Vec<FileReport>,
}

impl SuiteReport {
    /// Every failure, in file order.
    pub fn failures(&self) -> Vec<Failure> {
        self.files.iter().flat_map(|f| f.failures.clone()).collect()
    }

    /// Every disagreement that vanished with NaNs canonicalized, in file
    /// order.
    pub fn nan_nondeterministic(&self) -> Vec<Disagreement> {
        self.files
            .iter()
            .flat_map(|f| f.nan_nondeterministic.clone())
            .collect()
    }

    /// Engines rebuilt after a panic: (file, engine, line).
    pub fn rebuilt(&self) -> Vec<(String, EngineKind, usize)> {
        self.files
            .iter()
            .flat_map(|f| f.rebuilt.iter().map(|(k, l)| (f.file.clone(), *k, *l)))
            .collect()
    }

    /// Every disagreement, in file order.
    pub fn disagreements(&self) -> Vec<Disagreement> {
        self.files
            .iter()
            .flat_map(|f| f.disagreements.clone())
            .collect()
    }
}

/// How every script of a run is set up, for suites written for another
/// engine's harness.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// Host modules registered before every script: (import name, binary)
    /// (`--register NAME=FILE`).
    pub register: Vec<(String, Vec<u8>)>,
    /// Make every named module importable under its name without a
    /// `register` directive, as wasmtime's harness does
    /// (`--register-named`).
    pub register_named: bool,
}

/// Read a host module for `--register NAME=FILE` (`.wat` or `.wasm`).
pub fn read_prelude_module(spec: &str) -> Result<(String, Vec<u8>), Error> {
    let (name, path) = spec
        .split_once('=')
        .filter(|(n, p)| !n.is_empty() && !p.is_empty())
        .ok_or_else(|| Error::input(format!("--register `{spec}`: expected NAME=FILE")))?;
    let bytes = wat::parse_file(path).map_err(|e| Error::file(path, e.to_string()))?;
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&bytes)
        .map_err(|e| Error::file(path, format!("invalid module: {e}")))?;
    Ok((name.to_string(), bytes))
}

/// Read, parse and run one script, set up by `setup`.
pub fn run_file(
    file: &ScriptFile,
    kinds: &[EngineKind],
    limits: Limits,
    setup: &Setup,
) -> FileReport {
    let text = match std::fs::read(&file.path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return failed(file, "not UTF-8 text, so not a .wast script".into()),
        },
        Err(e) => return failed(file, format!("cannot read it: {e}")),
    };
    let script = match crate::panic_guard::catch(|| Script::parse(&file.path, &text)) {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return failed(file, e.report()),
        Err(p) => return failed(file, format!("the parser panicked: {p}")),
    };
    let mut script = script.with_prelude(&setup.register);
    if setup.register_named {
        script = script.with_named_modules_registered();
    }
    run_script(&file.name, &script, kinds, limits)
}

/// A script that could not run: an error, and one failure of the text
/// format (so a baseline can explain it, e.g. syntax the parser lacks).
fn failed(file: &ScriptFile, error: String) -> FileReport {
    let error = format!("{}: {error}", file.path.display());
    FileReport {
        file: file.name.clone(),
        text: Counts {
            failed: 1,
            ..Counts::default()
        },
        failures: vec![Failure {
            file: file.name.clone(),
            line: 0,
            directive: "script",
            engine: None,
            what: "parse".into(),
            expected: "a script".into(),
            actual: crate::outcome::first_line(&error),
        }],
        error: Some(error),
        ..FileReport::default()
    }
}

/// Run scripts on `jobs` threads (files in parallel, engines one after the
/// other within a file); `progress` is called after each file with the
/// number done. The report lists files in the given order whatever the
/// thread count.
pub fn run_suite(
    files: &[ScriptFile],
    kinds: &[EngineKind],
    limits: Limits,
    jobs: usize,
    setup: &Setup,
    progress: &(dyn Fn(usize, &FileReport) + Sync),
) -> Result<SuiteReport, Error> {
    // Engines run wasm on these threads: give them room beyond the wasm
    // stack limit.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .stack_size(16 << 20)
        .thread_name(|i| format!("wast-{i}"))
        .build()
        .map_err(|e| Error::library("starting threads", e))?;
    let done = AtomicUsize::new(0);
    let reports: Vec<FileReport> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let r = run_file(f, kinds, limits, setup);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, &r);
                r
            })
            .collect()
    });
    let mut suite = SuiteReport {
        engines: kinds.to_vec(),
        ..SuiteReport::default()
    };
    for k in kinds {
        suite.totals.insert(k.name().to_string(), Counts::default());
    }
    for r in &reports {
        if let Some(e) = &r.error {
            suite.errors.push(e.clone());
        }
        for (k, c) in &r.engines {
            suite
                .totals
                .entry(k.name().to_string())
                .or_default()
                .add(*c);
        }
        suite.text.add(r.text);
    }
    suite.files = reports;
    Ok(suite)
}

/// The limits scripts run under: the defaults, but without a practical
/// engine-fuel bound. wasmtime charges fuel for the length a bulk memory or
/// table operation asks for before it checks bounds, so the spec suite's
/// out-of-bounds `memory.copy` of 4 GiB would run out of fuel instead of
/// trapping. Test scripts are written to terminate (the reference
/// interpreter has no fuel either); stack exhaustion still bounds recursion.
pub fn script_limits() -> Limits {
    Limits {
        engine_fuel: u64::MAX,
        ..Limits::default()
    }
}

#[cfg(test)]
mod tests {
    use super::collect;

    #[test]
    fn scripts_are_collected_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in ["z.wast", "b/d.txt", "b/c.wast", "a.wast", "b/e/f.wast"] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "(module)").unwrap();
        }
        let names: Vec<String> = collect(&[root.to_path_buf()])
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["a.wast", "b/c.wast", "b/e/f.wast", "z.wast"]);
        let missing = collect(&[root.join("nope")]).unwrap_err();
        assert!(missing.to_string().contains("no such file"), "{missing}");
    }
}
