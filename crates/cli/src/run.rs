//! `wasmdiff run FILE`: run one module in every engine and compare.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use wasmdiff::generate::TestCase;
use wasmdiff::oracle::{Oracle, Verdict};
use wasmdiff::{FeatureSet, Limits, report};

/// Run one module in every engine configuration and compare them phase by
/// phase: validation, compilation, instantiation (start function included),
/// each exported function called in declaration order with zero arguments,
/// and the exported globals, memories and tables after each call.
///
/// Imports get deterministic host stubs (functions return zeros; memories,
/// tables and globals are created from their types). The module is never
/// altered; engine-level fuel bounds it, and running out is inconclusive.
/// When engines disagree on a module that computes with floats, it is run
/// again with NaNs canonicalized; if they then agree, the verdict is
/// inconclusive (NaN non-determinism).
///
/// With `--invoke NAME ARG...`, only NAME is called, with these arguments
/// (typed by its signature: integers in decimal or 0x hex; floats as
/// numbers, -0, inf, nan, nan:0xPAYLOAD or 0x bits; v128 as 0x hex bits;
/// references as null), after `_start` or `_initialize` if the module
/// exports one, as `wasmtime run --invoke` does.
///
/// A WASI program (a module importing `wasi_snapshot_preview1`) runs as a
/// command (`_start`) or a reactor (`_initialize`, then its exports) with
/// one deterministic WASI host in every engine: the arguments after `--`,
/// the `--env` variables, `--stdin`'s bytes, `--dir` directories as private
/// in-memory copies (the program's writes never reach them), a clock that
/// starts at 2024-01-01T00:00:00Z and moves 1 µs per reading, and random
/// bytes from `--wasi-seed`. Compared: the exit code, standard output and
/// error, and the files afterwards, besides everything above.
///
/// Exit status: 0 all engines agree, 1 divergence, 2 error (bad input, tool
/// failure), 3 inconclusive.
///
/// Examples:
///   wasmdiff run module.wasm
///   wasmdiff run module.wat --engines wasmtime-cranelift,wasmi --json
///   wasmdiff run fib.wasm --invoke fib 30
///   wasmdiff run m.wat --invoke f -0 nan:0x200000 0x000102030405060708090a0b0c0d0e0f
///   wasmdiff run prog.wasm --dir data::/data --env LANG=C -- input.txt
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct RunCmd {
    /// The module: a `.wasm` binary or `.wat` text file.
    file: PathBuf,

    /// Comma-separated engine configurations, or `all`; `-NAME` takes one
    /// out (`all,-wamr`). See `wasmdiff engines`.
    #[arg(long, default_value = "all")]
    engines: wasmdiff::EngineList,

    /// Features to enable in the engines, e.g. `default`, `all`,
    /// `mvp,simd`, `default,-simd` (default: all that each engine supports).
    #[arg(long)]
    features: Option<FeatureSet>,

    /// Engine-level fuel per call (a safety net; running out is inconclusive).
    #[arg(long, default_value_t = Limits::default().engine_fuel)]
    fuel: u64,

    #[command(flatten)]
    output: crate::options::Output,

    #[command(flatten)]
    isolation: crate::options::Isolation,

    /// Call only this export, with these arguments (the rest of the
    /// command line), after `_start`/`_initialize`.
    #[arg(long, num_args = 1.., allow_hyphen_values = true, value_names = ["NAME", "ARG"])]
    invoke: Option<Vec<String>>,

    /// WASI: an environment variable for the program (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    env: Vec<String>,

    /// WASI: preopen a host directory, seen by the program as GUEST
    /// (default: the same path), as a private copy (repeatable).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,

    /// WASI: the file whose bytes are the program's standard input (default:
    /// none).
    #[arg(long, value_name = "FILE")]
    stdin: Option<PathBuf>,

    /// WASI: the seed of `random_get`'s bytes.
    #[arg(long, default_value_t = 0)]
    wasi_seed: u64,

    /// How WASI imports are served: `host`, wasmdiff's deterministic WASI
    /// host in every engine; `native`, each engine's own WASI
    /// implementation where it has one here (see `wasmdiff engines`), with
    /// real clocks and random bytes; `stubs`, zero-returning stubs like any
    /// import.
    #[arg(long, value_enum, default_value = "host")]
    wasi: WasiMode,

    /// On a divergence, record a repro in this directory (as `fuzz` does,
    /// without shrinking): the module, a `.wast`, `report.md` and, for a
    /// WASI program, what it was given (`stdin`, `dirs/`) and the
    /// runtimes' own command lines.
    #[arg(long, value_name = "DIR")]
    save: Option<PathBuf>,

    /// WASI: the program's arguments (after `--`); the program's name,
    /// argv[0], is the module's file name.
    #[arg(last = true, value_name = "ARGS")]
    args: Vec<String>,
}

/// How `run` serves WASI imports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum WasiMode {
    /// wasmdiff's deterministic WASI host.
    Host,
    /// Each engine's own WASI implementation.
    Native,
    /// Zero-returning host stubs.
    Stubs,
}

impl RunCmd {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let kinds = self.engines.kinds.clone();
        let features = match self.features {
            Some(f) => f,
            None => FeatureSet::all(),
        };
        let limits = Limits {
            engine_fuel: self.fuel,
            ..Limits::default()
        };
        let wasm = crate::input::read_module(&self.file)?;
        let shown = self.file.display();
        let mut oracle =
            crate::engine_server::oracle(&kinds, limits, features, self.isolation.isolate)?;

        let mut case = match TestCase::from_module(wasm.clone()) {
            Ok(case) => case,
            Err(e) => return self.invalid(&mut oracle, &wasm, &e.to_string()),
        };
        let wasi = self.wasi != WasiMode::Stubs && wasmdiff::wasi::is_wasi(&case.info);
        let mut wasi_config = None;
        if wasi {
            wasmdiff::wasi::check_imports(&case.info)
                .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
            let config = self.wasi_config()?;
            oracle.set_wasi(Some(config.clone()));
            wasi_config = Some(config);
            case.calls = wasmdiff::invoke::wasi_calls(&case.info);
        } else if !self.env.is_empty()
            || !self.dirs.is_empty()
            || self.stdin.is_some()
            || !self.args.is_empty()
        {
            bail!(
                "{shown}: --env, --dir, --stdin and program arguments are for WASI programs \
                 (this module imports nothing from wasi_snapshot_preview1{})",
                if self.wasi == WasiMode::Stubs {
                    ", or --wasi stubs is set"
                } else {
                    ""
                }
            );
        }
        if let Some((name, args)) = self.invoke.as_deref().and_then(<[String]>::split_first) {
            case.calls = wasmdiff::invoke::calls(&case.info, name, args)
                .map_err(|e| anyhow::anyhow!("{shown}: --invoke: {}", e.report()))?;
        }
        let result = oracle.check(&case, false);
        let saved = match (&self.save, &result.verdict) {
            (Some(dir), Verdict::Diverge(d)) => {
                let shrunk = wasmdiff::shrink::Shrunk::unshrunk(&case);
                let finding = wasmdiff::repro::Finding {
                    divergence: d,
                    original: &case,
                    shrunk: &shrunk,
                    result: &result,
                    input: None,
                    engines: &kinds,
                    features: case.info.features,
                    wasi: wasi_config.as_ref(),
                };
                let r = wasmdiff::repro::ReproStore::new(dir)
                    .record(&finding)
                    .with_context(|| format!("--save {}", dir.display()))?;
                Some(r.dir)
            }
            _ => None,
        };
        if self.output.json {
            let doc = serde_json::json!({
                "file": shown.to_string(),
                "module": case.info,
                "result": result,
            });
            crate::emit(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
        } else {
            let mut s = format!("{shown}\n");
            s.push_str(&report::describe_module(&case.info, case.wasm.len()));
            s.push('\n');
            s.push_str(&report::render_result(&result));
            if result.verdict == Verdict::Inconclusive(wasmdiff::oracle::Reason::EngineFuel) {
                s.push_str(&format!(
                    "(engine fuel is a safety net against endless loops: {} per call now; \
                     a long-running program needs more, e.g. --fuel {})\n",
                    self.fuel,
                    self.fuel.saturating_mul(100)
                ));
            }
            if let Some(dir) = &saved {
                s.push_str(&format!("repro written to {}\n", dir.display()));
            }
            crate::emit(&s)?;
        }
        Ok(exit_code(&result.verdict))
    }

    /// The WASI host's configuration from the command line. Errors name
    /// the option and the problem.
    fn wasi_config(&self) -> anyhow::Result<wasmdiff::wasi::WasiConfig> {
        let name = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut args = vec![name];
        args.extend(self.args.iter().cloned());
        let env = self
            .env
            .iter()
            .map(|e| {
                wasmdiff::wasi::WasiConfig::parse_env(e)
                    .map_err(|m| anyhow::anyhow!("--env {}", m.report()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let dirs = self
            .dirs
            .iter()
            .map(|d| {
                wasmdiff::wasi::WasiConfig::load_dir(d)
                    .map_err(|m| anyhow::anyhow!("--dir {}", m.report()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let stdin = match &self.stdin {
            Some(p) => std::fs::read(p).with_context(|| format!("--stdin {}", p.display()))?,
            None => Vec::new(),
        };
        Ok(wasmdiff::wasi::WasiConfig {
            args,
            env,
            stdin,
            dirs,
            seed: self.wasi_seed,
            native: self.wasi == WasiMode::Native,
        })
    }

    /// wasmparser rejects the module: say where, and which engines accept
    /// it. If any engine accepts it, that is a validation divergence.
    fn invalid(&self, oracle: &mut Oracle, wasm: &[u8], msg: &str) -> anyhow::Result<ExitCode> {
        let shown = self.file.display();
        let verdicts = oracle.validate_all(wasm);
        let accepting: Vec<_> = verdicts
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(k, _)| k.name())
            .collect();
        if accepting.is_empty() {
            bail!("{shown}: {msg} (every engine rejects it too)");
        }
        let mut s = format!("{shown}: wasmparser says: {msg}\n");
        for (k, r) in &verdicts {
            match r {
                Ok(()) => s.push_str(&format!("{:<20} accepts\n", k.name())),
                Err(e) => s.push_str(&format!("{:<20} rejects: {}\n", k.name(), first_line(e))),
            }
        }
        s.push_str("\nverdict: diverge (validation)\n");
        crate::emit(&s).context("writing the report")?;
        Ok(ExitCode::from(1))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// diff(1)-style exit status for a verdict.
pub fn exit_code(v: &Verdict) -> ExitCode {
    ExitCode::from(match v {
        Verdict::Agree => 0,
        Verdict::Diverge(_) => 1,
        Verdict::Inconclusive(_) => 3,
    })
}
