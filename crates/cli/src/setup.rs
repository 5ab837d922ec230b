//! `wasmdiff setup`: fetch the programs some engines run into wasmdiff's
//! cache.

use clap::Args;
use wasmdiff::EngineKind;

/// Fetch what engine configurations need and this machine lacks (today:
/// JavaScriptCore's `jsc` shell, from Debian's WebKitGTK packages, and a
/// current Node.js for V8, from the npm registry) into
/// ~/.cache/wasmdiff (or $WASMDIFF_CACHE), without installing anything on
/// the system; then list every engine's status as `wasmdiff engines` does.
/// Engines that are already available are left alone unless --force.
///
/// Example:
///   wasmdiff setup && wasmdiff fuzz
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub struct SetupCmd {
    /// Fetch again even what is already available.
    #[arg(long)]
    force: bool,
}

impl SetupCmd {
    pub fn run(self) -> anyhow::Result<std::process::ExitCode> {
        let mut failed = false;
        // Configurations of one engine share one fetch.
        let mut done: Vec<String> = Vec::new();
        for &kind in EngineKind::ALL {
            let Some(d) = kind.descriptor() else { continue };
            if d.install.is_none() || (!self.force && kind.available() && !kind.needs_install()) {
                continue;
            }
            if done.iter().any(|v| v == kind.version()) {
                continue;
            }
            done.push(kind.version().to_string());
            match kind.install() {
                Some(Ok(what)) => {
                    println!("{kind}: {what}");
                    if let Some(why) = kind.unavailable() {
                        println!("{kind}: still unavailable: {why}");
                        failed = true;
                    }
                }
                Some(Err(e)) => {
                    println!("{kind}: setup failed: {}", e.report());
                    failed = true;
                }
                None => {}
            }
        }
        // A new process: this one has seen the engines as they were.
        println!();
        let status = std::process::Command::new(std::env::current_exe()?)
            .arg("engines")
            .status()?;
        if !status.success() {
            failed = true;
        }
        Ok(if failed {
            std::process::ExitCode::from(crate::EXIT_ERROR)
        } else {
            std::process::ExitCode::SUCCESS
        })
    }
}
