//! Options several subcommands share, declared once and flattened into
//! each (`#[command(flatten)]`): the same name, help and behaviour
//! everywhere.

use clap::Args;

/// `--json`.
#[derive(Args, Clone, Copy, Debug, Default)]
pub struct Output {
    /// Print JSON instead of text (the same figures, for scripts).
    #[arg(long)]
    pub json: bool,
}

/// `--isolate`.
#[derive(Args, Clone, Copy, Debug, Default)]
pub struct Isolation {
    /// Run each engine in its own child process, so that an engine that
    /// crashes (a segfault, an abort) is reported as a crash of that
    /// engine instead of ending wasmdiff.
    #[arg(long)]
    pub isolate: bool,
}
