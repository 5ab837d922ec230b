//! `wasmdiff engines`: the engine configurations, their versions and
//! features.

use clap::Args;
use wasmdiff::EngineKind;
use wasmdiff::report::columns;

/// List every engine configuration with its version and supported features.
///
/// Configurations whose cargo feature is off in this build are listed as
/// unavailable.
///
/// Example:
///   wasmdiff engines --json
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct EnginesCmd {
    #[command(flatten)]
    output: crate::options::Output,
}

impl EnginesCmd {
    pub fn run(self) -> anyhow::Result<()> {
        if self.output.json {
            let list: Vec<_> = EngineKind::ALL
                .iter()
                .map(|k| {
                    serde_json::json!({
                        "name": k.name(),
                        "version": k.version(),
                        "available": k.available(),
                        "unavailable_reason": k.unavailable(),
                        "cargo_feature": k.cargo_feature(),
                        "features": k.descriptor().map(|_| k.supported().to_string()),
                        "native_wasi": k.descriptor().and_then(|d| d.native_wasi.ok()),
                        "no_native_wasi": k.descriptor().and_then(|d| d.native_wasi.err()),
                    })
                })
                .collect();
            return crate::emit(&format!("{}\n", serde_json::to_string_pretty(&list)?));
        }
        Self::table()
    }

    /// Print the table of every configuration.
    pub fn table() -> anyhow::Result<()> {
        let rows: Vec<[String; 3]> = EngineKind::ALL
            .iter()
            .map(|k| {
                let status = match k.unavailable() {
                    None => String::new(),
                    Some(why) => format!("  (unavailable: {why})"),
                };
                let features = match k.descriptor() {
                    Some(_) => k.supported().to_string(),
                    None => "-".into(),
                };
                [
                    k.name().to_string(),
                    k.version().to_string(),
                    format!("{features}{status}"),
                ]
            })
            .collect();
        let mut s = columns(&rows);
        s.push_str("\nOwn WASI preview 1 implementation (`run --wasi native`):\n");
        let own: Vec<[String; 2]> = EngineKind::ALL
            .iter()
            .filter_map(|k| {
                let d = k.descriptor().filter(|d| d.in_all)?;
                let own = match d.native_wasi {
                    Ok(name) => name.to_string(),
                    Err(why) => format!("none: {why}"),
                };
                Some([k.name().to_string(), own])
            })
            .collect();
        s.push_str(&columns(&own));
        crate::emit(&s)
    }
}
