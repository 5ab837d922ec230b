//! Campaign workers as separate processes.
//!
//! Two threads of one process that both compile and run JIT code share one
//! address space: every code mapping and protection change takes the
//! process's memory-map lock and sends TLB shootdowns to the other core, and
//! allocators and engine-internal thread pools are shared. Separate worker
//! processes share none of that, so `N` workers run close to `N` times as
//! fast as one. A worker that crashes (a segfault in an engine, an abort)
//! costs one input, which is saved as a crash file, instead of the campaign.
//!
//! The protocol is [`crate::ipc`]'s JSON frames. The parent writes a [`WorkerSpec`] and then
//! one [`Request`] per input on the worker's stdin; the worker answers each
//! request, in order, with one [`Reply`] on its protocol output. The parent
//! keeps two requests outstanding per worker, so a worker never waits for
//! its next input, and hands out input indices from one counter, so which
//! worker runs an input never changes its verdict. When stdin closes, the
//! worker finishes the input it is running and exits.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::{CampaignConfig, CaseRecord, CrashSeen, Live};
use crate::error::Error;
use crate::fuzz::{FuzzConfig, Fuzzer, input_bytes};
use crate::ipc;

/// How to start a worker process: a program and its arguments (for the
/// `wasmdiff` binary, itself with its hidden `campaign-worker` subcommand).
#[derive(Clone, Debug)]
pub struct WorkerProgram {
    /// The executable.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

/// Everything a worker needs: the campaign's [`FuzzConfig`] (the very
/// value its threads would use) and the seed of its inputs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WorkerSpec {
    fuzz: FuzzConfig,
    seed: u64,
}

impl WorkerSpec {
    /// The spec of a campaign.
    pub fn of(config: &CampaignConfig) -> WorkerSpec {
        WorkerSpec {
            fuzz: config.fuzz.clone(),
            seed: config.seed,
        }
    }
}

/// One input for a worker: seeded input `index`, or the file `path`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    index: u64,
    path: Option<PathBuf>,
}

/// A worker's answer to a request.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    /// The worker's engines are ready (sent once, before any case).
    Ready,
    /// What became of the input.
    Case(CaseRecord),
    /// The worker cannot go on (its engines cannot be created, an input
    /// file cannot be read); the campaign stops with this error.
    Error(String),
}

/// The worker's side: read the spec and then requests from `input`, answer
/// each on `output`, until `input` ends.
pub fn serve(input: impl BufRead, output: impl Write) -> Result<(), Error> {
    let mut frames = ipc::Frames::new(input, output, "worker");
    let Some(spec) = frames.receive::<WorkerSpec>()? else {
        return Ok(());
    };
    let mut fuzzer = match Fuzzer::new(spec.fuzz) {
        Ok(f) => f,
        Err(e) => {
            frames.reply(&Reply::Error(e.report()))?;
            return Err(e);
        }
    };
    frames.reply(&Reply::Ready)?;
    // Fault injection for the parent's crash handling tests: abort on this
    // input index, as an engine that crashes would. It changes no verdict.
    let abort_at: Option<u64> = std::env::var("WASMDIFF_TEST_WORKER_ABORT_AT")
        .ok()
        .and_then(|v| v.parse().ok());
    // Tests also make a worker hang on an input (WASMDIFF_TEST_WORKER_HANG_AT).
    let hang_at: Option<u64> = std::env::var("WASMDIFF_TEST_WORKER_HANG_AT")
        .ok()
        .and_then(|v| v.parse().ok());
    while let Some(req) = frames.receive::<Request>()? {
        if abort_at == Some(req.index) {
            std::process::abort();
        }
        if hang_at == Some(req.index) {
            // As an engine looping without fuel would.
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
        let data = match input_bytes(spec.seed, req.path.as_deref(), req.index) {
            Ok(d) => d,
            Err(e) => {
                frames.reply(&Reply::Error(e.report()))?;
                return Err(e);
            }
        };
        let outcome = fuzzer.run_one(&data);
        let mut record = CaseRecord::of(req.index, &outcome, fuzzer.last_metrics());
        (record.rss_kib, record.peak_rss_kib) = super::resident_kib();
        frames.reply(&Reply::Case(record))?;
    }
    Ok(())
}

/// Requests kept outstanding per worker: one running, one waiting.
const IN_FLIGHT: usize = 2;

/// How long a worker may go without a reply beyond the shrink time limit
/// before it is killed (an engine that loops where it cannot be bounded,
/// such as WAMR without fuel or a miscompiled fuel check in its fast JIT,
/// would otherwise hold the campaign past its time; the input is saved
/// like a crash's) (`WASMDIFF_WORKER_HANG_SECS` sets the whole
/// bound, for tests), plus [`HANG_PER_ENGINE`] per engine.
const HANG_MARGIN: std::time::Duration = std::time::Duration::from_secs(30);

/// What one engine may add to a reply beyond the shrink time limit: the
/// shrinker checks the clock between candidates, and a candidate (then the
/// shrunk case, checked once more) may take each engine to its own call
/// timeout (a JavaScript shell or WAMR: 5 s, then it leaves the case). With
/// 16 engines a campaign once met a shrink that overran a flat 30 s margin
/// and was reported as a hung worker.
const HANG_PER_ENGINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Consecutive crashes without a finished input after which a worker slot
/// gives up (a worker that cannot start would otherwise restart forever).
const MAX_CRASHES_IN_A_ROW: u32 = 3;

/// The parent's side: run the campaign over `config.jobs` worker processes.
pub(super) fn run(
    config: &CampaignConfig,
    program: &WorkerProgram,
    live: &Live,
    stop: &AtomicBool,
    limit: u64,
) -> Result<(), Error> {
    let spec = serde_json::to_string(&WorkerSpec::of(config))
        .map_err(|e| Error::library("encoding the worker spec", e))?;
    let results: Vec<Result<(), Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..config.jobs.max(1))
            .map(|slot| {
                let spec = &spec;
                s.spawn(move || drive(slot, config, program, spec, live, stop, limit))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::protocol("a worker driver", "panicked")))
            })
            .collect()
    });
    results.into_iter().collect()
}

/// Start a worker and give it the spec.
fn start_worker(program: &WorkerProgram, spec: &str) -> Result<ipc::Child, Error> {
    let mut cmd = Command::new(&program.program);
    cmd.args(&program.args).stderr(Stdio::inherit());
    // Ctrl-C goes to the parent alone, which lets the inputs in flight
    // finish: a worker stops when its stdin closes.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut worker = ipc::Child::spawn(format!("worker {}", program.program.display()), cmd)?;
    // A worker that died at once is found by the first receive.
    let _ = worker.send_text(spec);
    Ok(worker)
}

fn drive(
    slot: usize,
    config: &CampaignConfig,
    program: &WorkerProgram,
    spec: &str,
    live: &Live,
    stop: &AtomicBool,
    limit: u64,
) -> Result<(), Error> {
    let hang = std::env::var("WASMDIFF_WORKER_HANG_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(std::time::Duration::from_secs)
        .unwrap_or(
            config.fuzz.shrink.time_limit
                + HANG_MARGIN
                + HANG_PER_ENGINE * config.fuzz.engines.len() as u32,
        );
    let request = |i: u64| Request {
        index: i,
        path: config.inputs.get(i as usize).cloned(),
    };
    let mut worker = start_worker(program, spec)?;
    let mut first_worker = true;
    let mut outstanding: VecDeque<u64> = VecDeque::new();
    let mut crashes_in_a_row = 0u32;
    loop {
        while outstanding.len() < IN_FLIGHT && !live.should_stop(config, stop) {
            let i = live.next.fetch_add(1, Ordering::SeqCst);
            if i >= limit {
                break;
            }
            // A worker that died takes no input (the pipe is closed); the
            // reply loop below finds it gone and starts a replacement,
            // which gets this input.
            let _ = worker.send(&request(i));
            outstanding.push_back(i);
        }
        let Some(&running) = outstanding.front() else {
            // Close its stdin and wait for its exit.
            worker.finish();
            return Ok(());
        };
        let status = match worker.receive::<Reply>(Some(hang)) {
            Ok(Reply::Ready) => {
                if std::mem::take(&mut first_worker) {
                    live.ready();
                }
                continue;
            }
            Ok(Reply::Case(record)) if record.index == running => {
                outstanding.pop_front();
                crashes_in_a_row = 0;
                live.add(slot, &record);
                continue;
            }
            Ok(Reply::Case(record)) => {
                return Err(Error::protocol(
                    format!("worker {slot}"),
                    format!(
                        "answered input {} while running input {running}",
                        record.index
                    ),
                ));
            }
            Ok(Reply::Error(e)) => return Err(Error::protocol(format!("worker {slot}"), e)),
            // The worker died while running `running`, or hung and was
            // killed.
            Err(ipc::Lost::Died(status)) => status,
            Err(ipc::Lost::TimedOut(status)) => {
                format!("hung: no reply in {} s, killed ({status})", hang.as_secs())
            }
            Err(ipc::Lost::BadFrame(why)) => {
                format!(
                    "a reply that is not a frame ({why}), killed ({})",
                    worker.kill()
                )
            }
        };
        outstanding.pop_front();
        crashes_in_a_row += 1;
        live.crash(CrashSeen::save(config, running, &status));
        if crashes_in_a_row >= MAX_CRASHES_IN_A_ROW {
            return Err(Error::protocol(
                format!("worker {slot}"),
                format!(
                    "crashed {crashes_in_a_row} times in a row (last: {status}, input {running})"
                ),
            ));
        }
        // The inputs it had not started go to its replacement.
        worker = start_worker(program, spec)?;
        for &i in &outstanding {
            let _ = worker.send(&request(i));
        }
    }
}
