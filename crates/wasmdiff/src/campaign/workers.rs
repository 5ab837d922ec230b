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
//! The protocol is JSON lines. The parent writes a [`WorkerSpec`] and then
//! one [`Request`] per input on the worker's stdin; the worker answers each
//! request, in order, with one [`Reply`] on its protocol output. The parent
//! keeps two requests outstanding per worker, so a worker never waits for
//! its next input, and hands out input indices from one counter, so which
//! worker runs an input never changes its verdict. When stdin closes, the
//! worker finishes the input it is running and exits.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::{CampaignConfig, CaseRecord, CrashSeen, FuzzConfig, Fuzzer, Live};

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
pub fn serve(input: impl BufRead, mut output: impl Write) -> Result<(), String> {
    let mut lines = input.lines();
    let mut reply = |r: &Reply| -> Result<(), String> {
        let line = serde_json::to_string(r).map_err(|e| e.to_string())?;
        writeln!(output, "{line}")
            .and_then(|()| output.flush())
            .map_err(|e| format!("worker output: {e}"))
    };
    let spec: WorkerSpec = match lines.next() {
        Some(Ok(l)) => serde_json::from_str(&l).map_err(|e| format!("worker spec: {e}"))?,
        Some(Err(e)) => return Err(format!("worker input: {e}")),
        None => return Ok(()),
    };
    let mut fuzzer = match Fuzzer::new(spec.fuzz) {
        Ok(f) => f,
        Err(e) => {
            reply(&Reply::Error(e.clone()))?;
            return Err(e);
        }
    };
    reply(&Reply::Ready)?;
    // Fault injection for the parent's crash handling tests: abort on this
    // input index, as an engine that crashes would. It changes no verdict.
    let abort_at: Option<u64> = std::env::var("WASMDIFF_TEST_WORKER_ABORT_AT")
        .ok()
        .and_then(|v| v.parse().ok());
    for line in lines {
        let line = line.map_err(|e| format!("worker input: {e}"))?;
        let req: Request =
            serde_json::from_str(&line).map_err(|e| format!("worker request: {e}"))?;
        if abort_at == Some(req.index) {
            std::process::abort();
        }
        let data = match super::input_bytes(spec.seed, req.path.as_deref(), req.index) {
            Ok(d) => d,
            Err(e) => {
                reply(&Reply::Error(e.clone()))?;
                return Err(e);
            }
        };
        let outcome = fuzzer.run_one(&data);
        let mut record = CaseRecord::of(req.index, &outcome, fuzzer.last_metrics());
        (record.rss_kib, record.peak_rss_kib) = super::resident_kib();
        reply(&Reply::Case(record))?;
    }
    Ok(())
}

/// Requests kept outstanding per worker: one running, one waiting.
const IN_FLIGHT: usize = 2;

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
) -> Result<(), String> {
    let spec = serde_json::to_string(&WorkerSpec::of(config)).map_err(|e| e.to_string())?;
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
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
                    .unwrap_or_else(|_| Err("a worker driver panicked".into()))
            })
            .collect()
    });
    results.into_iter().collect()
}

/// A running worker process and its pipes.
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn start(program: &WorkerProgram, spec: &str) -> Result<Worker, String> {
        let mut cmd = Command::new(&program.program);
        cmd.args(&program.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        // Ctrl-C goes to the parent alone, which lets the inputs in flight
        // finish: a worker stops when its stdin closes.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start worker {}: {e}", program.program.display()))?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().ok_or("worker without stdout")?);
        let mut w = Worker {
            child,
            stdin,
            stdout,
        };
        w.send(spec)?;
        Ok(w)
    }

    fn send(&mut self, line: &str) -> Result<(), String> {
        let stdin = self.stdin.as_mut().ok_or("worker input closed")?;
        writeln!(stdin, "{line}")
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("worker input: {e}"))
    }

    /// The next reply, or `None` if the worker is gone.
    fn receive(&mut self) -> Option<Reply> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => serde_json::from_str(&line).ok(),
        }
    }

    /// Close stdin and wait for the exit: how the worker ended.
    fn stop(&mut self) -> String {
        self.stdin = None;
        self.child
            .wait()
            .map_or_else(|e| format!("unknown ({e})"), |s| s.to_string())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop();
    }
}

fn drive(
    slot: usize,
    config: &CampaignConfig,
    program: &WorkerProgram,
    spec: &str,
    live: &Live,
    stop: &AtomicBool,
    limit: u64,
) -> Result<(), String> {
    let request = |i: u64| -> Result<String, String> {
        let req = Request {
            index: i,
            path: config.inputs.get(i as usize).cloned(),
        };
        serde_json::to_string(&req).map_err(|e| e.to_string())
    };
    let mut worker = Worker::start(program, spec)?;
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
            let _ = worker.send(&request(i)?);
            outstanding.push_back(i);
        }
        let Some(&running) = outstanding.front() else {
            // Dropping the worker closes its stdin and waits for its exit.
            return Ok(());
        };
        match worker.receive() {
            Some(Reply::Ready) => {
                if std::mem::take(&mut first_worker) {
                    live.ready();
                }
            }
            Some(Reply::Case(record)) if record.index == running => {
                outstanding.pop_front();
                crashes_in_a_row = 0;
                live.add(slot, &record);
            }
            Some(Reply::Case(record)) => {
                return Err(format!(
                    "worker {slot} answered input {} while running input {running}",
                    record.index
                ));
            }
            Some(Reply::Error(e)) => return Err(e),
            None => {
                // The worker died while running `running`.
                let status = worker.stop();
                outstanding.pop_front();
                crashes_in_a_row += 1;
                live.crash(CrashSeen::save(config, running, &status));
                if crashes_in_a_row >= MAX_CRASHES_IN_A_ROW {
                    return Err(format!(
                        "worker {slot} crashed {crashes_in_a_row} times in a row (last: {status}, input {running})"
                    ));
                }
                // The inputs it had not started go to its replacement.
                worker = Worker::start(program, spec)?;
                for &i in &outstanding {
                    let _ = worker.send(&request(i)?);
                }
            }
        }
    }
}
