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

use super::{CampaignConfig, CaseRecord, CrashSeen, Live};
use crate::error::Error;
use crate::fuzz::{FuzzConfig, Fuzzer, input_bytes};

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
pub fn serve(input: impl BufRead, mut output: impl Write) -> Result<(), Error> {
    let mut lines = input.lines();
    let mut reply = |r: &Reply| -> Result<(), Error> {
        let line = serde_json::to_string(r).map_err(|e| Error::library("encoding a reply", e))?;
        writeln!(output, "{line}")
            .and_then(|()| output.flush())
            .map_err(|e| Error::Process {
                what: "worker output".into(),
                source: e,
            })
    };
    let input_error = |e| Error::Process {
        what: "worker input".into(),
        source: e,
    };
    let spec: WorkerSpec = match lines.next() {
        Some(Ok(l)) => {
            serde_json::from_str(&l).map_err(|e| Error::protocol("worker spec", e.to_string()))?
        }
        Some(Err(e)) => return Err(input_error(e)),
        None => return Ok(()),
    };
    let mut fuzzer = match Fuzzer::new(spec.fuzz) {
        Ok(f) => f,
        Err(e) => {
            reply(&Reply::Error(e.report()))?;
            return Err(e);
        }
    };
    reply(&Reply::Ready)?;
    // Fault injection for the parent's crash handling tests: abort on this
    // input index, as an engine that crashes would. It changes no verdict.
    let abort_at: Option<u64> = std::env::var("WASMDIFF_TEST_WORKER_ABORT_AT")
        .ok()
        .and_then(|v| v.parse().ok());
    // Tests also make a worker hang on an input (WASMDIFF_TEST_WORKER_HANG_AT).
    let hang_at: Option<u64> = std::env::var("WASMDIFF_TEST_WORKER_HANG_AT")
        .ok()
        .and_then(|v| v.parse().ok());
    for line in lines {
        let line = line.map_err(input_error)?;
        let req: Request = serde_json::from_str(&line)
            .map_err(|e| Error::protocol("worker request", e.to_string()))?;
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
                reply(&Reply::Error(e.report()))?;
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

/// How long a worker may go without a reply beyond the shrink time limit
/// before the watchdog kills it (`WASMDIFF_WORKER_HANG_SECS` sets the whole
/// bound, for tests), plus [`HANG_PER_ENGINE`] per engine.
const HANG_MARGIN: std::time::Duration = std::time::Duration::from_secs(30);

/// What one engine may add to a reply beyond the shrink time limit: the
/// shrinker checks the clock between candidates, and a candidate (then the
/// shrunk case, checked once more) may take each engine to its own call
/// timeout (a JavaScript shell or WAMR: 5 s, then it leaves the case). With
/// 16 engines a campaign once met a shrink that overran a flat 30 s margin
/// and was reported as a hung worker.
const HANG_PER_ENGINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Kills a worker process that sends nothing for too long: an engine that
/// loops where it cannot be bounded (WAMR has no fuel, and a miscompiled
/// fuel check in its fast JIT loops for good) would otherwise hold the
/// campaign past its time, for ever. The input is saved like a crash's.
struct Watchdog {
    start: std::time::Instant,
    /// The worker's pid while a reply is awaited (0: none).
    pid: std::sync::atomic::AtomicU32,
    /// Milliseconds since `start` after which the worker is killed.
    deadline_ms: std::sync::atomic::AtomicU64,
    /// Whether it killed the worker since the last [`Watchdog::fired`].
    fired: AtomicBool,
    done: AtomicBool,
}

impl Watchdog {
    fn new() -> Watchdog {
        Watchdog {
            start: std::time::Instant::now(),
            pid: Default::default(),
            deadline_ms: Default::default(),
            fired: AtomicBool::new(false),
            done: AtomicBool::new(false),
        }
    }

    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// Watch `pid` for `limit` from now.
    fn arm(&self, pid: u32, limit: std::time::Duration) {
        self.deadline_ms
            .store(self.now_ms() + limit.as_millis() as u64, Ordering::SeqCst);
        self.pid.store(pid, Ordering::SeqCst);
    }

    fn disarm(&self) {
        self.pid.store(0, Ordering::SeqCst);
    }

    /// Whether it killed the worker (and forget it).
    fn fired(&self) -> bool {
        self.fired.swap(false, Ordering::SeqCst)
    }

    /// The watching loop, until `done`.
    fn watch(&self) {
        while !self.done.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let pid = self.pid.load(Ordering::SeqCst);
            if pid != 0 && self.now_ms() > self.deadline_ms.load(Ordering::SeqCst) {
                self.pid.store(0, Ordering::SeqCst);
                self.fired.store(true, Ordering::SeqCst);
                // SAFETY: kill(2) on our own child's pid; it is reaped only
                // by the driving thread, after its pipe closes.
                unsafe {
                    libc::kill(pid as libc::pid_t, libc::SIGKILL);
                }
            }
        }
    }
}

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

/// A running worker process and its pipes.
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn start(program: &WorkerProgram, spec: &str) -> Result<Worker, Error> {
        let mut cmd = Command::new(&program.program);
        cmd.args(&program.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        // Ctrl-C goes to the parent alone, which lets the inputs in flight
        // finish: a worker stops when its stdin closes.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = cmd.spawn().map_err(|e| Error::Process {
            what: format!("cannot start worker {}", program.program.display()),
            source: e,
        })?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| Error::protocol("worker", "no stdout"))?;
        let stdout = BufReader::new(stdout);
        let mut w = Worker {
            child,
            stdin,
            stdout,
        };
        w.send(spec)?;
        Ok(w)
    }

    fn send(&mut self, line: &str) -> Result<(), Error> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| Error::protocol("worker input", "closed"))?;
        writeln!(stdin, "{line}")
            .and_then(|()| stdin.flush())
            .map_err(|e| Error::Process {
                what: "worker input".into(),
                source: e,
            })
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
    let dog = std::sync::Arc::new(Watchdog::new());
    let watcher = {
        let dog = dog.clone();
        std::thread::spawn(move || dog.watch())
    };
    let result = drive_watched(slot, config, program, spec, live, stop, limit, &dog, hang);
    dog.done.store(true, Ordering::SeqCst);
    let _ = watcher.join();
    result
}

#[allow(clippy::too_many_arguments)]
fn drive_watched(
    slot: usize,
    config: &CampaignConfig,
    program: &WorkerProgram,
    spec: &str,
    live: &Live,
    stop: &AtomicBool,
    limit: u64,
    dog: &Watchdog,
    hang: std::time::Duration,
) -> Result<(), Error> {
    let request = |i: u64| -> Result<String, Error> {
        let req = Request {
            index: i,
            path: config.inputs.get(i as usize).cloned(),
        };
        serde_json::to_string(&req).map_err(|e| Error::library("encoding a request", e))
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
        dog.arm(worker.child.id(), hang);
        let reply = worker.receive();
        dog.disarm();
        match reply {
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
                return Err(Error::protocol(
                    format!("worker {slot}"),
                    format!(
                        "answered input {} while running input {running}",
                        record.index
                    ),
                ));
            }
            Some(Reply::Error(e)) => return Err(Error::protocol(format!("worker {slot}"), e)),
            None => {
                // The worker died while running `running` (or hung, and
                // the watchdog killed it).
                let mut status = worker.stop();
                if dog.fired() {
                    status = format!("hung: no reply in {} s, killed ({status})", hang.as_secs());
                }
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
                worker = Worker::start(program, spec)?;
                for &i in &outstanding {
                    let _ = worker.send(&request(i)?);
                }
            }
        }
    }
}
