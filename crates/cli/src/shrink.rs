//! `wasmdiff shrink FILE`: shrink a diverging module, keeping its signature.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;
use clap::Args;
use wasmdiff::EngineKind;
use wasmdiff::Limits;
use wasmdiff::oracle::Verdict;
use wasmdiff::repro::write_atomic;
use wasmdiff::shrink::{ShrinkConfig, Target, shrink_to};

/// Shrink a module on which engines diverge, keeping the divergence's
/// signature (same phase, same split of engines, same outcome classes).
///
/// FILE is anything `wasmdiff repro` takes. The shrunk module is written to
/// `--output` (default: FILE with `.shrunk.wasm`), its text beside it.
///
/// Examples:
///   wasmdiff shrink big.wasm --time 120 -o small.wasm
///   wasmdiff shrink corpus/crashes/crash-0a1b2c --crash wamr-fast-jit --engines wasmtime-cranelift,wamr-fast-jit
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct ShrinkCmd {
    /// A module, repro directory or raw fuzz input.
    file: PathBuf,

    /// Where to write the shrunk module.
    #[arg(short, long)]
    output: Option<PathBuf>,

    /// Engines (as for `wasmdiff repro`).
    #[arg(long)]
    engines: Option<wasmdiff::EngineList>,

    /// Consecutive failed attempts before the module counts as minimal.
    #[arg(long, default_value_t = ShrinkConfig::default().attempts)]
    attempts: u32,

    /// Time limit in seconds (the smallest module so far is kept).
    #[arg(long, default_value_t = 60)]
    time: u64,

    #[command(flatten)]
    isolation: crate::options::Isolation,

    /// Keep this engine crashing, in any phase, instead of the exact
    /// signature (for crashes that strike at varying moments, such as in a
    /// background compiler thread). Implies --isolate.
    #[arg(long, value_name = "ENGINE")]
    crash: Option<String>,
}

impl ShrinkCmd {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let l = crate::repro::load(
            &self.file,
            self.engines.as_ref().map(|e| e.kinds.as_slice()),
            None,
        )?;
        let crash: Option<EngineKind> = self.crash.as_deref().map(str::parse).transpose()?;
        if let Some(k) = crash {
            anyhow::ensure!(
                l.engines.contains(&k),
                "--crash {k}: not among the engines ({})",
                l.engines
                    .iter()
                    .map(|e| e.name())
                    .collect::<Vec<_>>()
                    .join(",")
            );
        }
        let isolate = self.isolation.isolate || crash.is_some();
        let mut oracle =
            crate::engine_server::oracle(&l.engines, Limits::default(), l.features, isolate)?;
        oracle.set_wasi(l.wasi.clone());
        let shown = self.file.display();
        let d = match oracle.check(&l.case, l.nan_canonical).verdict {
            Verdict::Diverge(d) => d,
            v => bail!(
                "{shown}: the engines do not diverge (verdict: {}); nothing to shrink",
                v.name()
            ),
        };
        let target = match crash {
            Some(k) => Target::Crash(k),
            None => Target::Signature(d.signature.clone()),
        };
        let config = ShrinkConfig {
            attempts: self.attempts,
            time_limit: Duration::from_secs(self.time),
            ..ShrinkConfig::default()
        };
        let s = shrink_to(&mut oracle, &l.case, &target, config)?;
        let out = self.output.unwrap_or_else(|| {
            let base = if self.file.is_dir() {
                self.file.join("case")
            } else {
                self.file.with_extension("")
            };
            base.with_extension("shrunk.wasm")
        });
        write_atomic(&out, &s.wasm)?;
        let wat = wasmprinter::print_bytes(&s.wasm).unwrap_or_default();
        write_atomic(&out.with_extension("wat"), wat.as_bytes())?;
        let kept = match &target {
            Target::Signature(sig) => format!("signature {} ({})", sig.id, sig.text),
            Target::Crash(k) => format!("{k} crashing (first seen as {})", d.signature.text),
        };
        crate::emit(&format!(
            "kept: {kept}\nshrunk {} -> {} bytes in {} ms ({} candidates{})\nwrote {}\n",
            s.original_size,
            s.shrunk_size,
            s.millis,
            s.candidates,
            if s.timed_out {
                ", time limit reached"
            } else {
                ""
            },
            out.display()
        ))?;
        Ok(ExitCode::SUCCESS)
    }
}
