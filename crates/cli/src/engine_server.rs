//! `wasmdiff engine-server`: one engine in a child process, serving the
//! parent's requests on stdin/stdout (used by `--isolate`; not for people).

use clap::Args;
use wasmdiff::{EngineKind, FeatureSet, Limits};

/// Serve one engine over stdin/stdout for `--isolate` (internal).
#[derive(Args)]
pub struct EngineServerCmd {
    /// The engine configuration.
    #[arg(long)]
    engine: String,
    /// Its features.
    #[arg(long)]
    features: String,
    /// Engine fuel per call.
    #[arg(long)]
    fuel: u64,
}

impl EngineServerCmd {
    pub fn run(self) -> anyhow::Result<()> {
        let kind: EngineKind = self.engine.parse()?;
        let features = FeatureSet::parse(&self.features)?;
        let limits = Limits {
            engine_fuel: self.fuel,
            ..Limits::default()
        };
        Ok(wasmdiff::engines::child::serve(kind, limits, features)?)
    }
}

/// An oracle over `kinds`, in this process or each engine in a child.
pub fn oracle(
    kinds: &[EngineKind],
    limits: Limits,
    features: FeatureSet,
    isolate: bool,
) -> anyhow::Result<wasmdiff::oracle::Oracle> {
    use wasmdiff::engines::child::{ChildCommand, ChildEngine};
    if !isolate {
        return Ok(wasmdiff::oracle::Oracle::new(kinds, limits, features)?);
    }
    let program = std::env::current_exe()?;
    let engines = kinds
        .iter()
        .map(|k| {
            let command = ChildCommand {
                program: program.clone(),
                args: vec!["engine-server".into()],
            };
            Box::new(ChildEngine::new(*k, limits, features, command)) as Box<dyn wasmdiff::Engine>
        })
        .collect();
    Ok(wasmdiff::oracle::Oracle::with_engines(engines))
}
