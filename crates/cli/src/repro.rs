//! `wasmdiff repro FILE`: reproduce a saved case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use wasmdiff::fuzz::FuzzConfig;
use wasmdiff::generate::TestCase;
use wasmdiff::oracle::CaseResult;
use wasmdiff::repro::ReproStore;
use wasmdiff::{EngineKind, FeatureSet, Limits, report};

/// Reproduce a saved case and print the engine table and verdict.
///
/// FILE is one of:
///   - a repro directory (`corpus/repros/<id>`): its shrunk module with the
///     recorded calls, engines and features; the signature is compared with
///     the recorded one;
///   - a `.wasm` or `.wat` module: every export called with zero arguments;
///   - anything else: a raw fuzz input (a libFuzzer crash or corpus file),
///     regenerated into the same module and arguments the fuzz target made.
///
/// Exit status: 0 all engines agree, 1 divergence, 2 error, 3 inconclusive.
///
/// Examples:
///   wasmdiff repro corpus/repros/3f2a9c0d11e4b7a2
///   wasmdiff repro fuzz/artifacts/differential/crash-1b2c...
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ReproCmd {
    /// A repro directory, a module, or a raw fuzz input.
    file: PathBuf,

    /// Engines (default: the recorded ones for a repro directory, else
    /// `all`; add `canary` to include the self-test engine).
    #[arg(long)]
    engines: Option<wasmdiff::EngineList>,

    /// Generation features for a raw fuzz input (default: as the fuzz
    /// target, the default set narrowed to what the engines support).
    #[arg(long)]
    features: Option<FeatureSet>,

    #[command(flatten)]
    output: crate::options::Output,

    #[command(flatten)]
    isolation: crate::options::Isolation,
}

/// A case ready to check, with what was recorded about it.
pub struct Loaded {
    pub case: TestCase,
    pub engines: Vec<EngineKind>,
    pub features: FeatureSet,
    /// Generated modules are NaN-canonicalized already.
    pub nan_canonical: bool,
    /// For a repro directory: the recorded signature.
    pub recorded: Option<String>,
    pub kind: &'static str,
    /// For a WASI program's repro: its host's configuration.
    pub wasi: Option<wasmdiff::wasi::WasiConfig>,
}

/// Load any of the accepted inputs.
pub fn load(
    file: &Path,
    engines: Option<&[EngineKind]>,
    features: Option<FeatureSet>,
) -> anyhow::Result<Loaded> {
    let shown = file.display();
    if file.is_dir() {
        let saved = ReproStore::load(file)?;
        let engines = match engines {
            Some(e) => e.to_vec(),
            None => saved
                .meta
                .engines
                .iter()
                .map(|e| e.parse::<EngineKind>())
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow::anyhow!("{shown}/meta.json: {e}"))?,
        };
        let features = FeatureSet::parse(&saved.meta.features)?;
        let info = wasmdiff::module_info::ModuleInfo::parse_with_features(&saved.wasm, features)
            .map_err(|e| anyhow::anyhow!("{shown}/case.wasm: {e}"))?;
        let case = TestCase {
            wasm: saved.wasm,
            info,
            calls: saved.meta.calls,
        };
        return Ok(Loaded {
            case,
            engines,
            features,
            nan_canonical: false,
            recorded: Some(saved.meta.signature),
            kind: "repro directory",
            wasi: saved.meta.wasi,
        });
    }
    let engines = match engines {
        Some(e) => e.to_vec(),
        None => EngineKind::parse_list("all")?,
    };
    let is_module = file.extension().is_some_and(|e| e == "wasm" || e == "wat")
        || std::fs::read(file)
            .map(|b| b.starts_with(b"\0asm"))
            .unwrap_or(false);
    if is_module {
        let wasm = crate::input::read_module(file)?;
        let case = TestCase::from_module(wasm).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
        let features = match features {
            Some(f) => f,
            None => FeatureSet::all(),
        };
        return Ok(Loaded {
            case,
            engines,
            features,
            nan_canonical: false,
            recorded: None,
            kind: "module",
            wasi: None,
        });
    }
    let data = std::fs::read(file).with_context(|| format!("{shown}: cannot read"))?;
    let mut config = FuzzConfig::default_for(engines.clone());
    if let Some(f) = features {
        config.generate.pin(f);
    }
    let case = TestCase::generate(&data, &config.generate)
        .map_err(|e| anyhow::anyhow!("{shown}: as a fuzz input: {e}"))?;
    Ok(Loaded {
        case,
        engines,
        features: config.generate.features,
        nan_canonical: true,
        recorded: None,
        kind: "fuzz input",
        wasi: None,
    })
}

impl ReproCmd {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let l = load(
            &self.file,
            self.engines.as_ref().map(|e| e.kinds.as_slice()),
            self.features,
        )?;
        let mut oracle = crate::engine_server::oracle(
            &l.engines,
            Limits::default(),
            l.features,
            self.isolation.isolate,
        )?;
        oracle.set_wasi(l.wasi.clone());
        let result = oracle.check(&l.case, l.nan_canonical);
        let same = signature_match(&result, l.recorded.as_deref());
        if self.output.json {
            let doc = serde_json::json!({
                "file": self.file.display().to_string(),
                "input": l.kind,
                "module": l.case.info,
                "calls": l.case.calls,
                "recorded_signature": l.recorded,
                "same_signature": same,
                "result": result,
            });
            crate::emit(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
        } else {
            let mut s = format!("{} ({})\n", self.file.display(), l.kind);
            s.push_str(&report::describe_module(&l.case.info, l.case.wasm.len()));
            s.push('\n');
            s.push_str(&report::render_result(&result));
            if let Some(rec) = &l.recorded {
                s.push_str(match same {
                    Some(true) => "same signature as recorded\n",
                    _ => "",
                });
                if same != Some(true) {
                    s.push_str(&format!(
                        "recorded signature: {rec}\nNOT reproduced as recorded\n"
                    ));
                }
            }
            crate::emit(&s)?;
        }
        Ok(crate::run::exit_code(&result.verdict))
    }
}

/// Whether the result diverges with the recorded signature text.
pub fn signature_match(result: &CaseResult, recorded: Option<&str>) -> Option<bool> {
    let rec = recorded?;
    let ran = result.runs.first().map(|r| r.ran()).unwrap_or_default();
    // As triage judges it: the same divergence also when recorded by an
    // earlier version (`call[3]`, engine lists for the majority) or with
    // more engines than ran now.
    Some(matches!(
        wasmdiff::triage::judge(Some(rec), &ran, &result.verdict),
        wasmdiff::triage::Status::Diverging
    ))
}
