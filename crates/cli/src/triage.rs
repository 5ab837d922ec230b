//! `wasmdiff triage PATH...`: re-run saved divergences and say what became
//! of each.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use wasmdiff::triage::{Report, SavedCase, SavedForm, TriageRow, discover};
use wasmdiff::{EngineKind, FeatureSet, Limits};

/// Re-run every saved divergence against the engines of this build and
/// say, per signature: still diverging, fixed (the engines agree now) or
/// changed (it diverges with a different signature).
///
/// PATH is a repro directory, a crash file, or a directory searched for
/// both: repro directories (with a meta.json) and libFuzzer crash files
/// (named crash-*). A repro runs as `wasmdiff repro` runs it: its shrunk
/// module with the recorded calls, engines and features. A crash file is
/// regenerated from its raw fuzz input; when a repro recorded the same
/// input, with that repro's engines and features, else with `--engines`.
/// This is how to check saved bugs against a new engine release.
///
/// A recorded engine that is not in this build, or not in `--engines`, is
/// left out (and named in the notes); the divergence then counts as the same
/// when the engines that did run split as recorded.
///
/// Exit status: 0 everything fixed, 1 something still diverges (same or
/// changed signature), 3 only inconclusive ones left, 2 error.
///
/// Examples:
///   wasmdiff triage corpus/repros
///   wasmdiff triage corpus/repros fuzz/artifacts/differential --json
///   wasmdiff triage corpus --engines all --new-since 1767225600
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct TriageCmd {
    /// Repro directories, crash files, or directories holding them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,

    /// Engines to run: a repro runs those of its recorded engines that are
    /// in the list, a crash file that no repro recorded runs all of them
    /// (default: the recorded engines; `all` for such crash files).
    #[arg(long)]
    engines: Option<wasmdiff::EngineList>,

    /// Mark signatures first found (crash files: written) at or after this
    /// time, in seconds since the Unix epoch, as new.
    #[arg(long, value_name = "SECS")]
    new_since: Option<u64>,

    #[command(flatten)]
    output: crate::options::Output,

    #[command(flatten)]
    isolation: crate::options::Isolation,
}

impl TriageCmd {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let limit = self.engines.as_ref().map(|e| e.kinds.clone());
        let items = discover(&self.paths)?;
        let entries: Vec<TriageRow> = items
            .iter()
            .map(|item| match self.triage_one(item, limit.as_deref()) {
                Ok(e) => e,
                Err(e) => TriageRow::error(item, format!("{e:#}"), self.new_since),
            })
            .collect();
        let report = Report::new(entries);
        if self.output.json {
            crate::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
        } else {
            crate::emit(&report.render())?;
        }
        Ok(ExitCode::from(report.exit_status()))
    }

    /// Load one item as `wasmdiff repro` would, with the engines chosen
    /// as described above, and run it.
    fn triage_one(
        &self,
        item: &SavedCase,
        limit: Option<&[EngineKind]>,
    ) -> anyhow::Result<TriageRow> {
        if let Some(problem) = &item.problem {
            anyhow::bail!("{problem}");
        }
        let recorded: Option<Vec<EngineKind>> = match &item.meta {
            Some(meta) => Some(
                meta.engines
                    .iter()
                    .map(|e| e.parse::<EngineKind>())
                    .collect::<Result<_, _>>()?,
            ),
            None => None,
        };
        let mut left_out = Vec::new();
        let ran: Vec<EngineKind> = match &recorded {
            Some(kinds) => kinds
                .iter()
                .copied()
                .filter(|k| {
                    let why = if !k.available() {
                        "not in this build"
                    } else if limit.is_some_and(|l| !l.contains(k)) {
                        "not in --engines"
                    } else {
                        return true;
                    };
                    left_out.push(format!("{k} ({why})"));
                    false
                })
                .collect(),
            None => match limit {
                Some(l) => l.to_vec(),
                None => EngineKind::parse_list("all")?,
            },
        };
        let mut loaded = match item.kind {
            SavedForm::Repro => crate::repro::load(&item.path, None, None)?,
            SavedForm::CrashFile => {
                let features = item
                    .meta
                    .as_ref()
                    .map(|m| m.features.parse::<FeatureSet>())
                    .transpose()
                    .with_context(|| format!("{}: its repro's features", item.path.display()))?;
                crate::repro::load(&item.path, Some(&ran), features)?
            }
        };
        loaded.engines = ran;
        let mut oracle = crate::engine_server::oracle(
            &loaded.engines,
            Limits::default(),
            loaded.features,
            self.isolation.isolate,
        )?;
        oracle.set_wasi(loaded.wasi.clone());
        let result = oracle.check(&loaded.case, loaded.nan_canonical);
        Ok(TriageRow::new(
            item,
            &loaded.engines,
            left_out,
            &result.verdict,
            self.new_since,
        ))
    }
}
