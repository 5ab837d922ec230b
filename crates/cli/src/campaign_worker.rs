//! `wasmdiff campaign-worker`: one worker process of `wasmdiff fuzz` or
//! `wasmdiff bench` (`--workers processes`), answering its parent on the
//! protocol of `wasmdiff::campaign::serve_worker` (not for people).

use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd};

use clap::Args;

/// Run inputs for a parent campaign (internal).
#[derive(Args)]
pub struct CampaignWorkerCmd {
    /// Plant these canary faults: sets WASMDIFF_CANARY_FAULT for this
    /// process (`bench --power` runs one campaign per fault).
    #[arg(long)]
    canary_faults: Option<String>,
}

impl CampaignWorkerCmd {
    pub fn run(self) -> anyhow::Result<()> {
        if let Some(faults) = &self.canary_faults {
            // SAFETY: nothing else runs yet in this process (no thread has
            // been started), so nothing reads the environment meanwhile.
            unsafe { std::env::set_var(wasmdiff::engines::canary::FAULT_ENV, faults) };
        }
        let protocol = protocol_output()?;
        let stdin = std::io::stdin().lock();
        Ok(wasmdiff::campaign::serve_worker(
            stdin,
            std::io::BufWriter::new(protocol),
        )?)
    }
}

/// The protocol gets the original stdout to itself; anything else that
/// writes to stdout in this process (an engine's log line) goes to stderr
/// instead of into the replies.
fn protocol_output() -> anyhow::Result<std::fs::File> {
    std::io::stdout().flush()?;
    let out = std::io::stdout().as_raw_fd();
    let err = std::io::stderr().as_raw_fd();
    // SAFETY: duplicating and redirecting this process's own standard
    // descriptors; the new descriptor is owned by the returned file.
    unsafe {
        let fd = libc::dup(out);
        anyhow::ensure!(fd >= 0, "dup: {}", std::io::Error::last_os_error());
        anyhow::ensure!(
            libc::dup2(err, out) >= 0,
            "dup2: {}",
            std::io::Error::last_os_error()
        );
        Ok(std::fs::File::from_raw_fd(fd))
    }
}
