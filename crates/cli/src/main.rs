//! The `wasmdiff` command-line tool: a thin layer over the `wasmdiff`
//! library, one file per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod campaign_worker;
mod coverage;
mod engine_server;
mod engines;
mod fuzz;
mod input;
mod options;
mod power;
mod repro;
mod run;
mod setup;
mod shrink;
mod triage;
mod wast;

/// Find places where WebAssembly engines disagree.
///
/// wasmdiff runs modules in several engines (wasmtime with Cranelift, Winch
/// and Pulley; wasmi; wasmer with Singlepass and Cranelift) in one process
/// and compares every phase: validation, compilation, instantiation, each
/// export call, and the exported state after it.
#[derive(Parser)]
#[command(name = "wasmdiff", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Fuzz(fuzz::FuzzCmd),
    Run(run::RunCmd),
    Repro(repro::ReproCmd),
    Shrink(shrink::ShrinkCmd),
    Triage(triage::TriageCmd),
    Bench(bench::BenchCmd),
    Engines(engines::EnginesCmd),
    Setup(setup::SetupCmd),
    Wast(wast::WastCmd),
    #[command(hide = true)]
    EngineServer(engine_server::EngineServerCmd),
    #[command(hide = true)]
    CampaignWorker(campaign_worker::CampaignWorkerCmd),
}

/// Exit status for errors (bad input, tool failure), as in diff(1).
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // A value the option's parser refused (an unknown engine name, ...):
        // one line, as for any other bad input.
        Err(e) if e.kind() == clap::error::ErrorKind::ValueValidation => {
            let text = e.render().to_string();
            eprintln!("{}", text.lines().next().unwrap_or("error: invalid value"));
            return ExitCode::from(EXIT_ERROR);
        }
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Fuzz(c) => c.run(),
        Command::Bench(c) => c.run().map(|()| ExitCode::SUCCESS),
        Command::Run(c) => c.run(),
        Command::Repro(c) => c.run(),
        Command::Shrink(c) => c.run(),
        Command::Triage(c) => c.run(),
        Command::Engines(c) => c.run().map(|()| ExitCode::SUCCESS),
        Command::Setup(c) => c.run(),
        Command::Wast(c) => c.run(),
        Command::EngineServer(c) => c.run().map(|()| ExitCode::SUCCESS),
        Command::CampaignWorker(c) => c.run().map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let mut msg = format!("error: {e}");
            for cause in e.chain().skip(1) {
                msg.push_str(&format!(": {cause}"));
            }
            eprintln!("{msg}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Write to stdout; a closed pipe (`| head`) surfaces as an error that
/// `main` treats as a normal end.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
