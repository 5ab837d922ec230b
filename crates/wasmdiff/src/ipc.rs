//! One way to talk to a child process. Messages are JSON frames, one per
//! line, over the child's standard input and output (JSON text never holds
//! a raw newline: serde escapes it inside strings, and so does
//! `JSON.stringify`). One handle, [`Child`], starts the process, sends
//! frames, awaits a reply with or without a deadline, kills, and says how
//! the process ended; a Rust child serves with [`Frames`].
//!
//! Three peers use it: the engine server (`engines/child.rs`, an engine in
//! a child process), the JavaScript shells (`engines/js_shell.rs`, whose
//! server is JavaScript) and the campaign's workers (`campaign/workers.rs`).

use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Why a request got no reply.
#[derive(Debug)]
pub enum Lost {
    /// The process ended, or closed its output, before replying: how it
    /// ended (its exit status or signal).
    Died(String),
    /// It did not reply within the deadline and was killed: how it ended.
    TimedOut(String),
    /// Its reply was not the frame expected.
    BadFrame(String),
}

impl fmt::Display for Lost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lost::Died(status) => write!(f, "it ended ({status})"),
            Lost::TimedOut(status) => write!(f, "no reply in time: killed ({status})"),
            Lost::BadFrame(why) => write!(f, "a reply that is not a frame: {why}"),
        }
    }
}

/// A child process spoken to in frames. Dropping it kills the process
/// (unless it already ended) and reaps it.
pub struct Child {
    process: std::process::Child,
    stdin: Option<ChildStdin>,
    frames: Receiver<io::Result<Vec<u8>>>,
    /// How it ended, once it did.
    ended: Option<String>,
}

impl Child {
    /// Start `command` with piped standard input and output (its standard
    /// error is as the caller set it). Every child is started from one
    /// thread that lives as long as wasmdiff, so that the child gets
    /// `SIGKILL` when wasmdiff dies (`PR_SET_PDEATHSIG` fires when the
    /// *thread* that started a child ends). `name` names it in errors.
    pub fn spawn(name: impl Into<String>, mut command: Command) -> Result<Child, Error> {
        let name = name.into();
        command.stdin(Stdio::piped()).stdout(Stdio::piped());
        let mut process = spawn_from_one_thread(command).map_err(|e| Error::Process {
            what: format!("cannot start {name}"),
            source: e,
        })?;
        let missing = |pipe: &str| Error::protocol(name.clone(), format!("no {pipe}"));
        let stdin = process.stdin.take().ok_or_else(|| missing("stdin"))?;
        let stdout = process.stdout.take().ok_or_else(|| missing("stdout"))?;
        let (tx, frames) = channel();
        std::thread::Builder::new()
            .name("ipc-frames".into())
            .spawn(move || read_frames(stdout, tx))
            .map_err(|e| Error::Process {
                what: "cannot start a reader thread".into(),
                source: e,
            })?;
        Ok(Child {
            process,
            stdin: Some(stdin),
            frames,
            ended: None,
        })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    /// Send one frame.
    pub fn send<T: Serialize>(&mut self, frame: &T) -> Result<(), Lost> {
        let text = serde_json::to_string(frame).map_err(|e| Lost::BadFrame(e.to_string()))?;
        self.send_text(&text)
    }

    /// Send one frame already encoded as JSON text (without a raw newline).
    pub fn send_text(&mut self, json: &str) -> Result<(), Lost> {
        debug_assert!(!json.contains('\n'), "a frame holds a newline");
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(json.as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))
                .and_then(|()| stdin.flush()),
            None => Err(io::Error::new(io::ErrorKind::BrokenPipe, "input closed")),
        };
        sent.map_err(|_| Lost::Died(self.wait()))
    }

    /// The next frame, waiting at most `deadline` (`None`: as long as it
    /// takes). A process that misses the deadline is killed.
    pub fn receive<R: DeserializeOwned>(&mut self, deadline: Option<Duration>) -> Result<R, Lost> {
        let frame = match deadline {
            Some(d) => match self.frames.recv_timeout(d) {
                Ok(frame) => frame,
                Err(RecvTimeoutError::Timeout) => return Err(Lost::TimedOut(self.kill())),
                Err(RecvTimeoutError::Disconnected) => return Err(Lost::Died(self.wait())),
            },
            None => match self.frames.recv() {
                Ok(frame) => frame,
                Err(_) => return Err(Lost::Died(self.wait())),
            },
        };
        match frame {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Lost::BadFrame(e.to_string())),
            Err(_) => Err(Lost::Died(self.wait())),
        }
    }

    /// [`Child::send`], then [`Child::receive`].
    pub fn request<T: Serialize, R: DeserializeOwned>(
        &mut self,
        frame: &T,
        deadline: Option<Duration>,
    ) -> Result<R, Lost> {
        self.send(frame)?;
        self.receive(deadline)
    }

    /// Close its input (a server then ends) and wait for it: how it ended.
    pub fn finish(&mut self) -> String {
        self.stdin = None;
        self.wait()
    }

    /// Kill it and wait for it: how it ended.
    pub fn kill(&mut self) -> String {
        if self.ended.is_none() {
            let _ = self.process.kill();
        }
        self.wait()
    }

    /// Wait for it to end: how it ended.
    fn wait(&mut self) -> String {
        if let Some(status) = &self.ended {
            return status.clone();
        }
        self.stdin = None;
        let status = self
            .process
            .wait()
            .map_or_else(|e| format!("unknown ({e})"), |s| s.to_string());
        self.ended = Some(status.clone());
        status
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Pass each line of the child's output on until it ends (then one error).
fn read_frames(stdout: ChildStdout, tx: Sender<io::Result<Vec<u8>>>) {
    let mut stdout = BufReader::with_capacity(1 << 16, stdout);
    loop {
        let mut line = Vec::new();
        let frame = match stdout.read_until(b'\n', &mut line) {
            Ok(0) => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the child closed its output",
            )),
            Ok(_) => Ok(line),
            Err(e) => Err(e),
        };
        let end = frame.is_err();
        if tx.send(frame).is_err() || end {
            break;
        }
    }
}

/// Spawn `command` on the spawner thread (see [`Child::spawn`]).
fn spawn_from_one_thread(command: Command) -> io::Result<std::process::Child> {
    type Request = (Command, Sender<io::Result<std::process::Child>>);
    static SPAWNER: OnceLock<Mutex<Sender<Request>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = channel::<Request>();
        let started = std::thread::Builder::new()
            .name("ipc-spawner".into())
            .spawn(move || {
                for (mut command, reply) in rx {
                    // SAFETY: prctl is async-signal-safe; it only sets the
                    // child's parent-death signal.
                    unsafe {
                        command.pre_exec(|| {
                            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                                return Err(io::Error::last_os_error());
                            }
                            Ok(())
                        });
                    }
                    let _ = reply.send(command.spawn());
                }
            });
        if let Err(e) = started {
            eprintln!("wasmdiff: cannot start the process spawner thread: {e}");
        }
        Mutex::new(tx)
    });
    let (tx, rx) = channel();
    let sent = spawner
        .lock()
        .map_err(|_| io::Error::other("process spawner poisoned"))?
        .send((command, tx));
    if sent.is_err() {
        return Err(io::Error::other("process spawner gone"));
    }
    rx.recv()
        .map_err(|_| io::Error::other("process spawner gone"))?
}

/// The serving side of a Rust child: frames from `input`, replies to
/// `output`.
pub struct Frames<R, W> {
    input: R,
    output: W,
    /// What the frames are, for errors ("engine server", "worker").
    what: &'static str,
}

impl<R: BufRead, W: Write> Frames<R, W> {
    /// Frames of `what` over `input` and `output`.
    pub fn new(input: R, output: W, what: &'static str) -> Self {
        Frames {
            input,
            output,
            what,
        }
    }

    /// The next frame, `None` when the input ends.
    pub fn receive<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Error> {
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => Ok(None),
            Ok(_) => serde_json::from_str(&line)
                .map(Some)
                .map_err(|e| Error::protocol(format!("{} input", self.what), e.to_string())),
            Err(e) => Err(Error::Process {
                what: format!("{} input", self.what),
                source: e,
            }),
        }
    }

    /// Answer with one frame.
    pub fn reply<T: Serialize>(&mut self, frame: &T) -> Result<(), Error> {
        let text = serde_json::to_string(frame)
            .map_err(|e| Error::library(format!("encoding a {} reply", self.what), e))?;
        writeln!(self.output, "{text}")
            .and_then(|()| self.output.flush())
            .map_err(|e| Error::Process {
                what: format!("{} output", self.what),
                source: e,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A child running the shell script `script`.
    fn sh(script: &str) -> Child {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        Child::spawn("sh", c).unwrap()
    }

    /// A real child (`cat`) answers frames, one misses its deadline and is
    /// killed, one that exits is reported with its status, and one that
    /// answers with something else than JSON sends a bad frame.
    #[test]
    fn frames_deadlines_and_deaths() {
        let mut cat = Child::spawn("cat", Command::new("cat")).unwrap();
        let back: Vec<String> = cat.request(&vec!["a\nb", "é"], None).unwrap();
        assert_eq!(back, ["a\nb", "é"]);
        assert!(cat.finish().contains("exit status: 0"));

        let lost = sh("exec sleep 30")
            .request::<_, u32>(&1, Some(Duration::from_millis(100)))
            .unwrap_err();
        assert!(
            matches!(&lost, Lost::TimedOut(s) if s.contains("signal: 9")),
            "{lost}"
        );

        let lost = sh("read line; exit 3")
            .request::<_, u32>(&1, None)
            .unwrap_err();
        assert!(
            matches!(&lost, Lost::Died(s) if s.contains("exit status: 3")),
            "{lost}"
        );

        assert!(matches!(
            sh("read line; echo not-json").request::<_, u32>(&1, None),
            Err(Lost::BadFrame(_))
        ));
    }

    #[test]
    fn frames_serve_until_the_input_ends() {
        let input = b"1\n2\n" as &[u8];
        let mut out = Vec::new();
        let mut frames = Frames::new(input, &mut out, "test");
        while let Some(n) = frames.receive::<u32>().unwrap() {
            frames.reply(&(n * 10)).unwrap();
        }
        assert_eq!(out, b"10\n20\n");
        let mut bad = Frames::new(b"{\n" as &[u8], Vec::new(), "test");
        assert!(bad.receive::<u32>().is_err());
    }
}
