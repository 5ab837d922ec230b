//! WASI preview 1, deterministic, one implementation for every engine.
//!
//! A module that imports `wasi_snapshot_preview1` gets the same host in
//! every engine configuration: the same arguments, environment and
//! standard input ([`WasiConfig`]), preopened directories as in-memory
//! copies (writes never reach the user's files), a clock that starts at a
//! fixed time and moves forward by a fixed step at each reading, and random
//! bytes from a seed. The host ([`WasiHost`]) works on an engine-neutral
//! view of the caller's memory ([`GuestMemory`]): a byte slice for the
//! engines in this process, requests over the pipe for the JavaScript
//! shells. So a difference in what a program prints, writes or exits with
//! is the engines', never the host's.
//!
//! What the host records ([`WasiOutput`]: exit code, standard output and
//! error, the preopened directories' files afterwards) is compared after
//! every call like the exported state.

mod fs;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use self::fs::{Entry, Tree};
use self::fs::{Fs, Node, NodeId};
use crate::error::Error;
use crate::module_info::{EntityType, ModuleInfo};
use crate::value::{Val, ValType};

/// The module name of WASI preview 1's imports.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// WASI's error numbers (`errno`), those this host returns.
pub mod errno {
    /// An error number.
    pub type Errno = u16;
    /// No error.
    pub const SUCCESS: Errno = 0;
    /// Argument list too long / a buffer too small.
    pub const TOOBIG: Errno = 1;
    /// Bad file descriptor.
    pub const BADF: Errno = 8;
    /// File exists.
    pub const EXIST: Errno = 20;
    /// Bad address: a pointer outside the memory.
    pub const FAULT: Errno = 21;
    /// Invalid argument.
    pub const INVAL: Errno = 28;
    /// Is a directory.
    pub const ISDIR: Errno = 31;
    /// No such file or directory.
    pub const NOENT: Errno = 44;
    /// Function not supported.
    pub const NOSYS: Errno = 52;
    /// Not a directory.
    pub const NOTDIR: Errno = 54;
    /// Directory not empty.
    pub const NOTEMPTY: Errno = 55;
    /// Not supported.
    pub const NOTSUP: Errno = 58;
    /// Value too large (a seek before the start).
    pub const OVERFLOW: Errno = 61;
    /// File too large.
    pub const FBIG: Errno = 22;
    /// Illegal byte sequence (a path that is not UTF-8).
    pub const ILSEQ: Errno = 25;
    /// Name too long (or a directory nested too deep).
    pub const NAMETOOLONG: Errno = 37;
    /// Illegal seek (on a character device).
    pub const SPIPE: Errno = 70;
    /// Outside the capabilities granted (a path leaving its preopen).
    pub const NOTCAPABLE: Errno = 76;
}
use errno::Errno;

/// When the host's realtime clock starts: 2024-01-01T00:00:00Z, in
/// nanoseconds since the Unix epoch.
pub const CLOCK_START_NS: u64 = 1_704_067_200 * 1_000_000_000;
/// How far the clock moves at each reading (1 µs): a program that waits
/// for time to pass by reading the clock gets there.
pub const CLOCK_STEP_NS: u64 = 1_000;

/// A preopened directory: where the program sees it, and its contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preopen {
    /// The path the program sees (`fd_prestat_dir_name`), e.g. `/data`.
    pub guest: String,
    /// The host directory it was copied from, for reports.
    pub host: Option<PathBuf>,
    /// The contents at the start.
    pub tree: Tree,
}

/// What a WASI program is given: the same in every engine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WasiConfig {
    /// The arguments, the program's name first.
    pub args: Vec<String>,
    /// The environment, in order.
    pub env: Vec<(String, String)>,
    /// Standard input's bytes.
    #[serde(with = "crate::encoding::text_or_base64")]
    pub stdin: Vec<u8>,
    /// Preopened directories, as file descriptors 3, 4, ...
    pub dirs: Vec<Preopen>,
    /// The seed of `random_get`'s bytes.
    pub seed: u64,
    /// Run the program with each engine's own WASI implementation
    /// (`--wasi native`) instead of wasmdiff's deterministic host: engines
    /// without one here are unsupported, and differences are differences
    /// between WASI implementations (real clocks and random bytes too).
    #[serde(default)]
    pub native: bool,
}

impl WasiConfig {
    /// Parse `--env`'s `KEY=VALUE`.
    pub fn parse_env(text: &str) -> Result<(String, String), Error> {
        match text.split_once('=') {
            Some(("", _)) => Err(Error::input(format!("`{text}`: an empty variable name"))),
            Some((k, v)) => Ok((k.to_string(), v.to_string())),
            None => Err(Error::input(format!("`{text}`: expected KEY=VALUE"))),
        }
    }

    /// Parse `--dir`'s `HOST[::GUEST]` and copy the host directory (the
    /// guest path defaults to the host path as given).
    pub fn load_dir(text: &str) -> Result<Preopen, Error> {
        let (host, guest) = match text.split_once("::") {
            Some((h, g)) => (h, g),
            None => (text, text),
        };
        if guest.is_empty() || host.is_empty() {
            return Err(Error::input(format!(
                "`{text}`: expected HOST_DIR[::GUEST_DIR]"
            )));
        }
        let path = PathBuf::from(host);
        if !path.is_dir() {
            return Err(Error::file(&path, "not a directory"));
        }
        Ok(Preopen {
            guest: guest.to_string(),
            tree: Tree::load(&path)?,
            host: Some(path),
        })
    }
}

/// The most standard output (and, apart, standard error) kept from a
/// program run with an engine's own WASI implementation.
pub const NATIVE_OUTPUT_CAP: usize = 64 << 20;

/// A configuration's preopened directories written out to a private
/// temporary directory, for the engines' own WASI implementations (which
/// need real files); removed when dropped.
pub struct NativeDirs {
    root: tempfile::TempDir,
    /// Guest path and host directory of each preopen, in order.
    pub dirs: Vec<(String, PathBuf)>,
}

impl NativeDirs {
    /// Write the preopens of `config` under a new temporary directory.
    pub fn create(config: &WasiConfig) -> Result<NativeDirs, Error> {
        let root = tempfile::Builder::new()
            .prefix("wasmdiff-wasi-")
            .tempdir()
            .map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let mut dirs = Vec::new();
        for (i, d) in config.dirs.iter().enumerate() {
            let path = root.path().join(i.to_string());
            d.tree.store(&path).map_err(|e| Error::io(&path, e))?;
            dirs.push((d.guest.clone(), path));
        }
        Ok(NativeDirs { root, dirs })
    }

    /// The directories' contents now, by guest path.
    pub fn trees(&self) -> Vec<(String, Tree)> {
        self.dirs
            .iter()
            .map(|(g, p)| (g.clone(), Tree::load(p).unwrap_or_default()))
            .collect()
    }

    /// The temporary directory.
    pub fn root(&self) -> &std::path::Path {
        self.root.path()
    }
}

/// Whether a module is a WASI program: it imports from
/// `wasi_snapshot_preview1`.
pub fn is_wasi(info: &ModuleInfo) -> bool {
    info.imports.iter().any(|i| i.module == MODULE)
}

/// Check a module's WASI imports against preview 1: each a function this
/// host defines, of the type WASI gives it. The error names the first that
/// is not.
pub fn check_imports(info: &ModuleInfo) -> Result<(), Error> {
    for im in info.imports.iter().filter(|i| i.module == MODULE) {
        let EntityType::Func { sig: Some(sig) } = &im.ty else {
            return Err(Error::Module(format!(
                "imports `{MODULE}::{}` as a {}, not a function",
                im.name,
                im.ty.kind()
            )));
        };
        let Some((params, results)) = signature(&im.name) else {
            return Err(Error::Module(format!(
                "imports `{MODULE}::{}`, which WASI preview 1 does not define",
                im.name
            )));
        };
        if sig.params != params || sig.results != results {
            return Err(Error::Module(format!(
                "imports `{MODULE}::{}` with type ({}) -> ({}), but WASI preview 1 defines it as ({}) -> ({})",
                im.name,
                list(&sig.params),
                list(&sig.results),
                list(params),
                list(results)
            )));
        }
    }
    Ok(())
}

fn list(types: &[ValType]) -> String {
    types
        .iter()
        .map(ValType::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The type WASI preview 1 gives a function: parameters and results.
pub fn signature(name: &str) -> Option<(&'static [ValType], &'static [ValType])> {
    use ValType::{I32 as I, I64 as L};
    const R: &[ValType] = &[I];
    let params: &'static [ValType] = match name {
        "args_get" | "args_sizes_get" | "environ_get" | "environ_sizes_get" => &[I, I],
        "clock_res_get" => &[I, I],
        "clock_time_get" => &[I, L, I],
        "fd_advise" => &[I, L, L, I],
        "fd_allocate" => &[I, L, L],
        "fd_close" | "fd_datasync" | "fd_sync" => &[I],
        "fd_fdstat_get" | "fd_fdstat_set_flags" | "fd_filestat_get" => &[I, I],
        "fd_fdstat_set_rights" => &[I, L, L],
        "fd_filestat_set_size" => &[I, L],
        "fd_filestat_set_times" => &[I, L, L, I],
        "fd_pread" | "fd_pwrite" => &[I, I, I, L, I],
        "fd_prestat_get" | "fd_renumber" | "fd_tell" => &[I, I],
        "fd_prestat_dir_name" => &[I, I, I],
        "fd_read" | "fd_write" => &[I, I, I, I],
        "fd_readdir" => &[I, I, I, L, I],
        "fd_seek" => &[I, L, I, I],
        "path_create_directory" | "path_remove_directory" | "path_unlink_file" => &[I, I, I],
        "path_filestat_get" => &[I, I, I, I, I],
        "path_filestat_set_times" => &[I, I, I, I, L, L, I],
        "path_link" => &[I, I, I, I, I, I, I],
        "path_open" => &[I, I, I, I, I, L, L, I, I],
        "path_readlink" | "path_rename" => &[I, I, I, I, I, I],
        "path_symlink" => &[I, I, I, I, I],
        "poll_oneoff" => &[I, I, I, I],
        "proc_exit" => return Some((&[I], &[])),
        "proc_raise" => &[I],
        "sched_yield" => &[],
        "random_get" => &[I, I],
        "sock_accept" => &[I, I, I],
        "sock_recv" => &[I, I, I, I, I, I],
        "sock_send" => &[I, I, I, I, I],
        "sock_shutdown" => &[I, I],
        _ => return None,
    };
    Some((params, R))
}

/// The memory of the instance a WASI call came from (its export named
/// `memory`), however the engine reaches it.
pub trait GuestMemory {
    /// `len` bytes from `at`; `None` when out of bounds.
    fn read(&mut self, at: u32, len: u32) -> Option<Vec<u8>>;
    /// Write `bytes` at `at`; `false` (and nothing written) when out of
    /// bounds.
    fn write(&mut self, at: u32, bytes: &[u8]) -> bool;
}

/// A memory the host can borrow as bytes (the engines in this process).
pub struct Slice<'a>(pub &'a mut [u8]);

impl GuestMemory for Slice<'_> {
    fn read(&mut self, at: u32, len: u32) -> Option<Vec<u8>> {
        let start = at as usize;
        self.0
            .get(start..start.checked_add(len as usize)?)
            .map(<[u8]>::to_vec)
    }
    fn write(&mut self, at: u32, bytes: &[u8]) -> bool {
        let start = at as usize;
        match start
            .checked_add(bytes.len())
            .and_then(|end| self.0.get_mut(start..end))
        {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                true
            }
            None => false,
        }
    }
}

/// A caller without an exported memory: every access is out of bounds.
pub struct NoMemory;

impl GuestMemory for NoMemory {
    fn read(&mut self, _: u32, _: u32) -> Option<Vec<u8>> {
        None
    }
    fn write(&mut self, _: u32, _: &[u8]) -> bool {
        false
    }
}

/// `proc_exit` was called with this code: the engine must unwind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exit(pub u32);

/// What a WASI program did, as the host saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WasiOutput {
    /// The code passed to `proc_exit`, if it was called.
    pub exit: Option<u32>,
    /// Everything written to standard output.
    #[serde(with = "crate::encoding::text_or_base64")]
    pub stdout: Vec<u8>,
    /// Everything written to standard error.
    #[serde(with = "crate::encoding::text_or_base64")]
    pub stderr: Vec<u8>,
    /// The preopened directories now, by guest path.
    pub dirs: Vec<(String, Tree)>,
}

impl WasiOutput {
    /// Every file and directory of the preopens, by full guest path.
    pub fn files(&self) -> BTreeMap<String, Option<&[u8]>> {
        let mut out = BTreeMap::new();
        for (guest, tree) in &self.dirs {
            let base = guest.trim_end_matches('/');
            for (path, content) in tree.flatten() {
                out.insert(format!("{base}/{path}"), content);
            }
        }
        out
    }

    /// The first difference from `other`: what (`stdout`, `stderr`,
    /// `file`), and a description.
    pub fn diff(&self, other: &WasiOutput) -> Option<(&'static str, String)> {
        if self.stdout != other.stdout {
            return Some(("stdout", first_byte_difference(&self.stdout, &other.stdout)));
        }
        if self.stderr != other.stderr {
            return Some(("stderr", first_byte_difference(&self.stderr, &other.stderr)));
        }
        let (a, b) = (self.files(), other.files());
        if a != b {
            let paths: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for p in paths {
                let (x, y) = (a.get(p), b.get(p));
                if x != y {
                    let show = |v: Option<&Option<&[u8]>>| match v {
                        None => "missing".to_string(),
                        Some(None) => "a directory".to_string(),
                        Some(Some(bytes)) => format!("{} bytes", bytes.len()),
                    };
                    let detail = match (x, y) {
                        (Some(Some(x)), Some(Some(y))) => first_byte_difference(x, y),
                        _ => format!("{} vs {}", show(x), show(y)),
                    };
                    return Some(("file", format!("{p}: {detail}")));
                }
            }
        }
        None
    }
}

/// Where two byte strings first differ, for a report.
fn first_byte_difference(a: &[u8], b: &[u8]) -> String {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => format!(
            "first difference at byte {i}: {:#04x} vs {:#04x}",
            a[i], b[i]
        ),
        None => format!(
            "{} vs {} bytes (one is a prefix of the other)",
            a.len(),
            b.len()
        ),
    }
}

/// WASI's file types.
mod filetype {
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
}

/// Every right (preview 1 defines 30).
const ALL_RIGHTS: u64 = (1 << 30) - 1;
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_SEEK: u64 = 1 << 2;
const RIGHT_FD_TELL: u64 = 1 << 5;
const RIGHT_FD_WRITE: u64 = 1 << 6;

/// The most bytes one read or write moves (a longer one is a short
/// transfer, which programs loop over), so that a guest cannot make the
/// host allocate more than its memory could hold many times over.
const MAX_TRANSFER: usize = 16 << 20;
/// The most iovecs (or poll subscriptions) one call takes, as Linux's
/// `IOV_MAX`.
const MAX_IOVS: u32 = 1024;
/// The largest file a program may make.
const MAX_FILE: u64 = 256 << 20;

#[derive(Clone, Debug)]
enum Fd {
    Stdin,
    Stdout,
    Stderr,
    File {
        node: NodeId,
        pos: u64,
        append: bool,
        read: bool,
        write: bool,
    },
    Dir {
        node: NodeId,
        /// The guest path of a preopen.
        preopen: Option<String>,
    },
}

/// The host of one instance: its descriptors, files, output and clock.
#[derive(Clone, Debug)]
pub struct WasiHost {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Vec<u8>,
    stdin_pos: usize,
    fs: Fs,
    /// Preopens: guest path and root.
    roots: Vec<(String, NodeId)>,
    fds: BTreeMap<u32, Fd>,
    seed: u64,
    random_drawn: u64,
    /// Nanoseconds since the clock started.
    now: u64,
    out: WasiOutput,
    /// Whether instantiation finished ([`WasiHost::start`]).
    started: bool,
}

type R = Result<(), Errno>;

impl WasiHost {
    /// A host in its initial state.
    pub fn new(config: &WasiConfig) -> WasiHost {
        let mut fs = Fs::default();
        let mut fds = BTreeMap::new();
        fds.insert(0, Fd::Stdin);
        fds.insert(1, Fd::Stdout);
        fds.insert(2, Fd::Stderr);
        let mut roots = Vec::new();
        for (i, p) in config.dirs.iter().enumerate() {
            let root = fs.mount(&p.tree);
            roots.push((p.guest.clone(), root));
            fds.insert(
                3 + i as u32,
                Fd::Dir {
                    node: root,
                    preopen: Some(p.guest.clone()),
                },
            );
        }
        WasiHost {
            args: config.args.clone(),
            env: config.env.clone(),
            stdin: config.stdin.clone(),
            stdin_pos: 0,
            fs,
            roots,
            fds,
            seed: config.seed,
            random_drawn: 0,
            now: 0,
            out: WasiOutput::default(),
            started: false,
        }
    }

    /// The instance exists: calls from now on are served. Before (from a
    /// start function), every WASI function fails with `NOSYS` and
    /// `proc_exit` returns, in every engine alike: the JavaScript API and
    /// wasmer cannot show the host the instance's memory until the
    /// instance exists.
    pub fn start(&mut self) {
        self.started = true;
    }

    /// What the program did so far.
    pub fn output(&self) -> WasiOutput {
        WasiOutput {
            dirs: self
                .roots
                .iter()
                .map(|(g, root)| (g.clone(), self.fs.tree(*root)))
                .collect(),
            ..self.out.clone()
        }
    }

    /// Whether `proc_exit` was called.
    pub fn exited(&self) -> Option<u32> {
        self.out.exit
    }

    /// Run the WASI function `name` with `args` (of its preview 1 type)
    /// on `memory`: its results, or [`Exit`] for `proc_exit`. A function
    /// this host does not define returns `NOSYS` (zeros for other result
    /// types); pointers out of bounds give `FAULT`, never a trap.
    pub fn call(
        &mut self,
        name: &str,
        args: &[Val],
        memory: &mut dyn GuestMemory,
    ) -> Result<Vec<Val>, Exit> {
        let Some((params, results)) = signature(name) else {
            return Ok(Vec::new());
        };
        let typed =
            args.len() == params.len() && args.iter().zip(params).all(|(a, t)| a.ty() == *t);
        if !typed {
            return Ok(results.iter().map(|t| t.default_value()).collect());
        }
        if !self.started {
            return Ok(results
                .iter()
                .map(|_| Val::I32(i32::from(errno::NOSYS)))
                .collect());
        }
        let a = |i: usize| match args[i] {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            _ => 0,
        };
        let x = |i: usize| a(i) as u32;
        let mut m = Mem(memory);
        let r = match name {
            "proc_exit" => {
                self.out.exit = Some(x(0));
                return Err(Exit(x(0)));
            }
            "args_sizes_get" => sizes(&mut m, &strings(&self.args), x(0), x(1)),
            "args_get" => put_strings(&mut m, &strings(&self.args), x(0), x(1)),
            "environ_sizes_get" => sizes(&mut m, &env_strings(&self.env), x(0), x(1)),
            "environ_get" => put_strings(&mut m, &env_strings(&self.env), x(0), x(1)),
            "clock_res_get" => match x(0) {
                0..=3 => m.u64(x(1), CLOCK_STEP_NS),
                _ => Err(errno::INVAL),
            },
            "clock_time_get" => self.clock_time_get(&mut m, x(0), x(2)),
            "random_get" => self.random_get(&mut m, x(0), x(1)),
            "sched_yield" => Ok(()),
            "proc_raise" => Err(errno::NOSYS),
            "poll_oneoff" => self.poll_oneoff(&mut m, x(0), x(1), x(2), x(3)),
            "fd_write" => self.fd_rw(&mut m, x(0), x(1), x(2), None, x(3), true),
            "fd_pwrite" => self.fd_rw(&mut m, x(0), x(1), x(2), Some(a(3)), x(4), true),
            "fd_read" => self.fd_rw(&mut m, x(0), x(1), x(2), None, x(3), false),
            "fd_pread" => self.fd_rw(&mut m, x(0), x(1), x(2), Some(a(3)), x(4), false),
            "fd_seek" => self.fd_seek(&mut m, x(0), a(1) as i64, x(2), x(3)),
            "fd_tell" => self.fd_seek(&mut m, x(0), 0, 1, x(1)),
            "fd_close" => self.fd_close(x(0)),
            "fd_fdstat_get" => self.fd_fdstat_get(&mut m, x(0), x(1)),
            "fd_fdstat_set_flags" => self.fd_set_flags(x(0), x(1)),
            "fd_fdstat_set_rights" | "fd_advise" | "fd_datasync" | "fd_sync" => {
                self.fd(x(0)).map(|_| ())
            }
            "fd_filestat_get" => self
                .fd(x(0))
                .cloned()
                .and_then(|fd| self.filestat_fd(&mut m, &fd, x(1))),
            "fd_filestat_set_size" => self.resize(x(0), a(1), false),
            "fd_allocate" => self.resize(x(0), a(1).saturating_add(a(2)), true),
            "fd_filestat_set_times" => self.fd(x(0)).map(|_| ()),
            "fd_prestat_get" => self.fd_prestat_get(&mut m, x(0), x(1)),
            "fd_prestat_dir_name" => self.fd_prestat_dir_name(&mut m, x(0), x(1), x(2)),
            "fd_readdir" => self.fd_readdir(&mut m, x(0), x(1), x(2), a(3), x(4)),
            "fd_renumber" => self.fd_renumber(x(0), x(1)),
            "path_open" => self.path_open(&mut m, args_u64(args)),
            "path_filestat_get" => self.path_filestat_get(&mut m, x(0), x(2), x(3), x(4)),
            "path_filestat_set_times" => self
                .path(&mut m, x(0), x(2), x(3))
                .and_then(|(d, p)| self.fs.lookup(d, &p).map(|_| ())),
            "path_create_directory" => self
                .parent(&mut m, x(0), x(1), x(2))
                .and_then(|(d, n)| self.fs.create(d, &n, true).map(|_| ())),
            "path_remove_directory" => self
                .parent(&mut m, x(0), x(1), x(2))
                .and_then(|(d, n)| self.fs.remove(d, &n, true)),
            "path_unlink_file" => self
                .parent(&mut m, x(0), x(1), x(2))
                .and_then(|(d, n)| self.fs.remove(d, &n, false)),
            "path_rename" => self
                .parent(&mut m, x(0), x(1), x(2))
                .and_then(|(fd, from)| {
                    let (td, to) = self.parent(&mut m, x(3), x(4), x(5))?;
                    self.fs.rename(fd, &from, td, &to)
                }),
            "path_readlink" => self.path(&mut m, x(0), x(1), x(2)).and_then(|(d, p)| {
                // No symbolic links here: every existing path is not one.
                self.fs.lookup(d, &p).and(Err(errno::INVAL))
            }),
            "path_link" | "path_symlink" => Err(errno::NOTSUP),
            // No sockets are given to the program.
            _ => Err(errno::NOSYS),
        };
        let code = match r {
            Ok(()) => errno::SUCCESS,
            Err(e) => e,
        };
        Ok(vec![Val::I32(i32::from(code))])
    }

    fn fd(&self, fd: u32) -> Result<&Fd, Errno> {
        self.fds.get(&fd).ok_or(errno::BADF)
    }

    fn dir_fd(&self, fd: u32) -> Result<NodeId, Errno> {
        match self.fd(fd)? {
            Fd::Dir { node, .. } => Ok(*node),
            _ => Err(errno::NOTDIR),
        }
    }

    /// A directory descriptor and the path read from memory.
    fn path(&self, m: &mut Mem, fd: u32, ptr: u32, len: u32) -> Result<(NodeId, String), Errno> {
        let dir = self.dir_fd(fd)?;
        if len > 1 << 16 {
            return Err(errno::NAMETOOLONG);
        }
        let bytes = m.read(ptr, len)?;
        let path = String::from_utf8(bytes).map_err(|_| errno::ILSEQ)?;
        if path.contains('\0') {
            return Err(errno::INVAL);
        }
        Ok((dir, path))
    }

    /// The directory holding the path's last component, and that name.
    fn parent(&self, m: &mut Mem, fd: u32, ptr: u32, len: u32) -> Result<(NodeId, String), Errno> {
        let (dir, path) = self.path(m, fd, ptr, len)?;
        self.fs.parent_of(dir, &path)
    }

    fn clock_time_get(&mut self, m: &mut Mem, id: u32, out: u32) -> R {
        let base = match id {
            0 => CLOCK_START_NS,
            1..=3 => 0,
            _ => return Err(errno::INVAL),
        };
        m.u64(out, base.saturating_add(self.now))?;
        self.now = self.now.saturating_add(CLOCK_STEP_NS);
        Ok(())
    }

    fn random_get(&mut self, m: &mut Mem, buf: u32, len: u32) -> R {
        // The whole buffer must be in bounds before anything is drawn.
        if len > 0 {
            m.read(buf.checked_add(len - 1).ok_or(errno::FAULT)?, 1)?;
        }
        let mut at = 0u32;
        while at < len {
            let chunk = (len - at).min(64 << 10);
            let mut bytes = Vec::with_capacity(chunk as usize + 8);
            while bytes.len() < chunk as usize {
                let word = xxhash_rust::xxh3::xxh3_64_with_seed(
                    &self.random_drawn.to_le_bytes(),
                    self.seed,
                );
                self.random_drawn += 1;
                bytes.extend_from_slice(&word.to_le_bytes());
            }
            bytes.truncate(chunk as usize);
            m.write(buf + at, &bytes)?;
            at += chunk;
        }
        Ok(())
    }

    fn poll_oneoff(&mut self, m: &mut Mem, subs: u32, events: u32, n: u32, nevents: u32) -> R {
        if n == 0 || n > MAX_IOVS {
            return Err(errno::INVAL);
        }
        let input = m.read(subs, n * 48)?;
        let word =
            |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
        // Descriptors are ready at once: when one is asked about, those
        // events come back and time stands still. Otherwise time moves to
        // the earliest deadline, and the clocks due then fire.
        let mut fd_events: Vec<[u8; 32]> = Vec::new();
        let mut clocks: Vec<(u64, [u8; 32])> = Vec::new();
        for s in input.chunks_exact(48) {
            let mut ev = [0u8; 32];
            ev[0..8].copy_from_slice(&s[0..8]);
            ev[10] = s[8];
            match s[8] {
                0 => {
                    let clock = u32::from_le_bytes([s[16], s[17], s[18], s[19]]);
                    let timeout = word(s, 24);
                    let absolute = u16::from_le_bytes([s[40], s[41]]) & 1 != 0;
                    let deadline = match (clock, absolute) {
                        (0, true) => timeout.saturating_sub(CLOCK_START_NS),
                        (1..=3, true) => timeout,
                        (0..=3, false) => self.now.saturating_add(timeout),
                        _ => {
                            ev[8..10].copy_from_slice(&errno::INVAL.to_le_bytes());
                            fd_events.push(ev);
                            continue;
                        }
                    };
                    clocks.push((deadline, ev));
                }
                1 | 2 => {
                    let fd = u32::from_le_bytes([s[16], s[17], s[18], s[19]]);
                    let ready: u64 = match self.fds.get(&fd) {
                        None => {
                            ev[8..10].copy_from_slice(&errno::BADF.to_le_bytes());
                            0
                        }
                        Some(Fd::Stdin) => {
                            let left = (self.stdin.len() - self.stdin_pos) as u64;
                            if left == 0 {
                                // End of input: hung up.
                                ev[24..26].copy_from_slice(&1u16.to_le_bytes());
                            }
                            left
                        }
                        Some(_) => 1,
                    };
                    ev[16..24].copy_from_slice(&ready.to_le_bytes());
                    fd_events.push(ev);
                }
                _ => {
                    ev[8..10].copy_from_slice(&errno::INVAL.to_le_bytes());
                    fd_events.push(ev);
                }
            }
        }
        let (out, until) = if fd_events.is_empty() {
            let first = clocks.iter().map(|(d, _)| *d).min().unwrap_or(self.now);
            let due: Vec<[u8; 32]> = clocks
                .iter()
                .filter(|(d, _)| *d <= first)
                .map(|(_, e)| *e)
                .collect();
            (due, first.max(self.now))
        } else {
            (fd_events, self.now)
        };
        m.write(events, &out.concat())?;
        m.u32(nevents, out.len() as u32)?;
        self.now = until;
        Ok(())
    }

    /// `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`. At most
    /// [`MAX_TRANSFER`] bytes move per call (a short transfer).
    #[allow(clippy::too_many_arguments)]
    fn fd_rw(
        &mut self,
        m: &mut Mem,
        fd: u32,
        iovs: u32,
        n: u32,
        at: Option<u64>,
        done: u32,
        write: bool,
    ) -> R {
        if n > MAX_IOVS {
            return Err(errno::INVAL);
        }
        let list = m.read(iovs, n * 8)?;
        let iov: Vec<(u32, u32)> = list
            .chunks_exact(8)
            .map(|c| {
                let w = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
                (w(0), w(4))
            })
            .collect();
        let kind = self.fd(fd)?.clone();
        let total = if write {
            let mut data = Vec::new();
            for (buf, len) in &iov {
                let take = (*len as usize).min(MAX_TRANSFER - data.len());
                data.extend(m.read(*buf, take as u32)?);
                if data.len() == MAX_TRANSFER {
                    break;
                }
            }
            match kind {
                Fd::Stdout | Fd::Stderr if at.is_some() => return Err(errno::SPIPE),
                Fd::Stdout => self.out.stdout.extend_from_slice(&data),
                Fd::Stderr => self.out.stderr.extend_from_slice(&data),
                Fd::File {
                    node,
                    pos,
                    append,
                    write: true,
                    ..
                } => {
                    let Some(Node::File(bytes)) = self.fs.node_mut(node) else {
                        return Err(errno::BADF);
                    };
                    let start = match at {
                        Some(off) => off,
                        None if append => bytes.len() as u64,
                        None => pos,
                    };
                    let end = start.saturating_add(data.len() as u64);
                    if end > MAX_FILE {
                        return Err(errno::FBIG);
                    }
                    let (start, end) = (start as usize, end as usize);
                    if bytes.len() < end {
                        bytes.resize(end, 0);
                    }
                    bytes[start..end].copy_from_slice(&data);
                    if at.is_none()
                        && let Some(Fd::File { pos, .. }) = self.fds.get_mut(&fd)
                    {
                        *pos = end as u64;
                    }
                }
                Fd::Dir { .. } => return Err(errno::ISDIR),
                _ => return Err(errno::BADF),
            }
            data.len()
        } else {
            let (source, start): (&[u8], usize) = match kind {
                Fd::Stdin if at.is_some() => return Err(errno::SPIPE),
                Fd::Stdin => (&self.stdin, self.stdin_pos),
                Fd::File {
                    node,
                    pos,
                    read: true,
                    ..
                } => {
                    let Some(Node::File(bytes)) = self.fs.node(node) else {
                        return Err(errno::BADF);
                    };
                    let p = at.unwrap_or(pos);
                    (bytes, usize::try_from(p).unwrap_or(usize::MAX))
                }
                Fd::Dir { .. } => return Err(errno::ISDIR),
                _ => return Err(errno::BADF),
            };
            let mut p = start.min(source.len());
            let mut moved = 0usize;
            for (buf, len) in &iov {
                let take = (*len as usize)
                    .min(source.len() - p)
                    .min(MAX_TRANSFER - moved);
                m.write(*buf, &source[p..p + take])?;
                p += take;
                moved += take;
                if moved == MAX_TRANSFER {
                    break;
                }
            }
            if at.is_none() {
                match self.fds.get_mut(&fd) {
                    Some(Fd::File { pos, .. }) => *pos = p as u64,
                    Some(Fd::Stdin) => self.stdin_pos = p,
                    _ => {}
                }
            }
            moved
        };
        m.u32(done, total as u32)
    }

    fn fd_seek(&mut self, m: &mut Mem, fd: u32, offset: i64, whence: u32, out: u32) -> R {
        let len = match self.fd(fd)? {
            Fd::File { node, .. } => match self.fs.node(*node) {
                Some(Node::File(b)) => b.len() as i64,
                _ => 0,
            },
            Fd::Dir { .. } => return Err(errno::BADF),
            _ => return Err(errno::SPIPE),
        };
        let Some(Fd::File { pos, .. }) = self.fds.get_mut(&fd) else {
            return Err(errno::BADF);
        };
        let base = match whence {
            0 => 0,
            1 => *pos as i64,
            2 => len,
            _ => return Err(errno::INVAL),
        };
        let new = base.checked_add(offset).ok_or(errno::OVERFLOW)?;
        if new < 0 {
            return Err(errno::INVAL);
        }
        let old = *pos;
        *pos = new as u64;
        if let Err(e) = m.u64(out, new as u64) {
            if let Some(Fd::File { pos, .. }) = self.fds.get_mut(&fd) {
                *pos = old;
            }
            return Err(e);
        }
        Ok(())
    }

    fn fd_close(&mut self, fd: u32) -> R {
        self.fds.remove(&fd).map(|_| ()).ok_or(errno::BADF)
    }

    fn fd_fdstat_get(&self, m: &mut Mem, fd: u32, out: u32) -> R {
        // Rights by kind: standard streams look like a terminal (no seek
        // or tell), directories cannot be read, written or seeked as files,
        // and a file has the read and write rights it was opened with.
        let no_seek = ALL_RIGHTS & !(RIGHT_FD_SEEK | RIGHT_FD_TELL);
        let (ty, flags, rights) = match self.fd(fd)? {
            Fd::Stdin => (filetype::CHARACTER_DEVICE, 0u16, no_seek & !RIGHT_FD_WRITE),
            Fd::Stdout | Fd::Stderr => (filetype::CHARACTER_DEVICE, 0, no_seek & !RIGHT_FD_READ),
            Fd::File {
                append,
                read,
                write,
                ..
            } => {
                let mut r = ALL_RIGHTS;
                if !read {
                    r &= !RIGHT_FD_READ;
                }
                if !write {
                    r &= !RIGHT_FD_WRITE;
                }
                (filetype::REGULAR_FILE, u16::from(*append), r)
            }
            Fd::Dir { .. } => (
                filetype::DIRECTORY,
                0,
                no_seek & !(RIGHT_FD_READ | RIGHT_FD_WRITE),
            ),
        };
        let mut b = [0u8; 24];
        b[0] = ty;
        b[2..4].copy_from_slice(&flags.to_le_bytes());
        b[8..16].copy_from_slice(&rights.to_le_bytes());
        b[16..24].copy_from_slice(&ALL_RIGHTS.to_le_bytes());
        m.write(out, &b)
    }

    fn fd_set_flags(&mut self, fd: u32, flags: u32) -> R {
        match self.fds.get_mut(&fd) {
            Some(Fd::File { append, .. }) => {
                *append = flags & 1 != 0;
                Ok(())
            }
            Some(_) => Ok(()),
            None => Err(errno::BADF),
        }
    }

    fn resize(&mut self, fd: u32, size: u64, grow_only: bool) -> R {
        let Fd::File { node, write, .. } = self.fd(fd)?.clone() else {
            return Err(errno::BADF);
        };
        if !write {
            return Err(errno::BADF);
        }
        if size > MAX_FILE {
            return Err(errno::FBIG);
        }
        if let Some(Node::File(bytes)) = self.fs.node_mut(node)
            && (!grow_only || bytes.len() < size as usize)
        {
            bytes.resize(size as usize, 0);
        }
        Ok(())
    }

    fn filestat(&self, m: &mut Mem, node: Option<NodeId>, out: u32) -> R {
        let (ty, size, ino) = match node {
            None => (filetype::CHARACTER_DEVICE, 0, 0),
            Some(id) => match self.fs.node(id) {
                Some(Node::File(b)) => (filetype::REGULAR_FILE, b.len() as u64, id as u64 + 1),
                _ => (filetype::DIRECTORY, 0, id as u64 + 1),
            },
        };
        let mut b = [0u8; 64];
        b[0..8].copy_from_slice(&1u64.to_le_bytes());
        b[8..16].copy_from_slice(&ino.to_le_bytes());
        b[16] = ty;
        b[24..32].copy_from_slice(&1u64.to_le_bytes());
        b[32..40].copy_from_slice(&size.to_le_bytes());
        for t in [40, 48, 56] {
            b[t..t + 8].copy_from_slice(&CLOCK_START_NS.to_le_bytes());
        }
        m.write(out, &b)
    }

    fn filestat_fd(&self, m: &mut Mem, fd: &Fd, out: u32) -> R {
        let node = match fd {
            Fd::File { node, .. } | Fd::Dir { node, .. } => Some(*node),
            _ => None,
        };
        self.filestat(m, node, out)
    }

    fn path_filestat_get(&self, m: &mut Mem, fd: u32, ptr: u32, len: u32, out: u32) -> R {
        let (dir, path) = self.path(m, fd, ptr, len)?;
        let id = self.fs.lookup(dir, &path)?;
        self.filestat(m, Some(id), out)
    }

    fn fd_prestat_get(&self, m: &mut Mem, fd: u32, out: u32) -> R {
        match self.fd(fd)? {
            Fd::Dir {
                preopen: Some(name),
                ..
            } => {
                let mut b = [0u8; 8];
                b[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
                m.write(out, &b)
            }
            _ => Err(errno::BADF),
        }
    }

    fn fd_prestat_dir_name(&self, m: &mut Mem, fd: u32, ptr: u32, len: u32) -> R {
        match self.fd(fd)? {
            Fd::Dir {
                preopen: Some(name),
                ..
            } => {
                let bytes = name.as_bytes();
                if (len as usize) < bytes.len() {
                    return Err(errno::NAMETOOLONG);
                }
                m.write(ptr, bytes)
            }
            _ => Err(errno::BADF),
        }
    }

    fn fd_readdir(&self, m: &mut Mem, fd: u32, buf: u32, len: u32, cookie: u64, used: u32) -> R {
        let dir = self.dir_fd(fd).map_err(|_| errno::BADF)?;
        let list = self.fs.list(dir).ok_or(errno::BADF)?;
        let mut out = Vec::new();
        // Entries after the cookie (each entry's cookie is stable: removing
        // entries does not shift the rest).
        for (c, name, id) in list.iter().filter(|(c, _, _)| *c > cookie) {
            if out.len() >= len as usize {
                break;
            }
            let mut d = [0u8; 24];
            d[0..8].copy_from_slice(&c.to_le_bytes());
            d[8..16].copy_from_slice(&(*id as u64 + 1).to_le_bytes());
            d[16..20].copy_from_slice(&(name.len() as u32).to_le_bytes());
            d[20] = if self.fs.is_dir(*id) {
                filetype::DIRECTORY
            } else {
                filetype::REGULAR_FILE
            };
            out.extend_from_slice(&d);
            out.extend_from_slice(name.as_bytes());
        }
        out.truncate(len as usize);
        m.write(buf, &out)?;
        m.u32(used, out.len() as u32)
    }

    fn fd_renumber(&mut self, from: u32, to: u32) -> R {
        self.fd(to)?;
        let f = self.fds.remove(&from).ok_or(errno::BADF)?;
        self.fds.insert(to, f);
        Ok(())
    }

    fn path_open(&mut self, m: &mut Mem, a: Vec<u64>) -> R {
        let (fd, ptr, len, oflags, rights, fdflags, out) = (
            a[0] as u32,
            a[2] as u32,
            a[3] as u32,
            a[4] as u16,
            a[5],
            a[7] as u16,
            a[8] as u32,
        );
        const CREAT: u16 = 1;
        const DIRECTORY: u16 = 2;
        const EXCL: u16 = 4;
        const TRUNC: u16 = 8;
        if oflags & DIRECTORY != 0 && oflags & (CREAT | EXCL | TRUNC) != 0 {
            return Err(errno::INVAL);
        }
        // The result's place must be writable before anything changes.
        m.u32(out, 0)?;
        let (dir, path) = self.path(m, fd, ptr, len)?;
        let (parent, name) = self.fs.parent_of(dir, &path)?;
        let node = match self.fs.lookup(dir, &path) {
            Ok(_) if oflags & CREAT != 0 && oflags & EXCL != 0 => return Err(errno::EXIST),
            Ok(id) if oflags & CREAT != 0 && self.fs.is_dir(id) => return Err(errno::ISDIR),
            Ok(id) => id,
            Err(errno::NOENT) if oflags & CREAT != 0 => {
                if path.ends_with('/') {
                    return Err(errno::ISDIR);
                }
                self.fs.create(parent, &name, false)?
            }
            Err(e) => return Err(e),
        };
        let is_dir = self.fs.is_dir(node);
        if oflags & DIRECTORY != 0 && !is_dir {
            return Err(errno::NOTDIR);
        }
        let write = rights & RIGHT_FD_WRITE != 0;
        let entry = if is_dir {
            if write || oflags & TRUNC != 0 {
                return Err(errno::ISDIR);
            }
            Fd::Dir {
                node,
                preopen: None,
            }
        } else {
            if oflags & TRUNC != 0
                && let Some(Node::File(bytes)) = self.fs.node_mut(node)
            {
                bytes.clear();
            }
            Fd::File {
                node,
                pos: 0,
                append: fdflags & 1 != 0,
                read: rights & RIGHT_FD_READ != 0,
                write,
            }
        };
        // The lowest free number, as POSIX would give.
        let new = (0..)
            .find(|n| !self.fds.contains_key(n))
            .unwrap_or(u32::MAX);
        m.u32(out, new)?;
        self.fds.insert(new, entry);
        Ok(())
    }
}

fn args_u64(args: &[Val]) -> Vec<u64> {
    args.iter()
        .map(|v| match v {
            Val::I32(x) => *x as u32 as u64,
            Val::I64(x) => *x as u64,
            _ => 0,
        })
        .collect()
}

fn strings(args: &[String]) -> Vec<Vec<u8>> {
    args.iter()
        .map(|a| {
            let mut b = a.as_bytes().to_vec();
            b.push(0);
            b
        })
        .collect()
}

fn env_strings(env: &[(String, String)]) -> Vec<Vec<u8>> {
    env.iter()
        .map(|(k, v)| {
            let mut b = format!("{k}={v}").into_bytes();
            b.push(0);
            b
        })
        .collect()
}

fn sizes(m: &mut Mem, list: &[Vec<u8>], count: u32, size: u32) -> R {
    m.u32(count, list.len() as u32)?;
    m.u32(size, list.iter().map(Vec::len).sum::<usize>() as u32)
}

fn put_strings(m: &mut Mem, list: &[Vec<u8>], ptrs: u32, buf: u32) -> R {
    let mut table = Vec::with_capacity(list.len() * 4);
    let mut at = buf;
    let mut bytes = Vec::new();
    for s in list {
        table.extend_from_slice(&at.to_le_bytes());
        at = at.checked_add(s.len() as u32).ok_or(errno::FAULT)?;
        bytes.extend_from_slice(s);
    }
    m.write(ptrs, &table)?;
    m.write(buf, &bytes)
}

/// Memory access with WASI's error for a bad pointer.
struct Mem<'a>(&'a mut dyn GuestMemory);

impl Mem<'_> {
    fn read(&mut self, at: u32, len: u32) -> Result<Vec<u8>, Errno> {
        // A memory across a pipe could answer short: that is a fault too.
        self.0
            .read(at, len)
            .filter(|b| b.len() == len as usize)
            .ok_or(errno::FAULT)
    }
    fn write(&mut self, at: u32, bytes: &[u8]) -> R {
        if bytes.is_empty() && self.0.read(at, 0).is_none() {
            return Err(errno::FAULT);
        }
        if self.0.write(at, bytes) {
            Ok(())
        } else {
            Err(errno::FAULT)
        }
    }
    fn u32(&mut self, at: u32, v: u32) -> R {
        self.write(at, &v.to_le_bytes())
    }
    fn u64(&mut self, at: u32, v: u64) -> R {
        self.write(at, &v.to_le_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> WasiHost {
        let mut h;
        let mut tree = Tree::default();
        tree.entries
            .insert("in.txt".into(), Entry::File(b"abc".to_vec()));
        h = WasiHost::new(&WasiConfig {
            args: vec!["prog".into(), "x".into()],
            env: vec![("K".into(), "V".into())],
            stdin: b"input".to_vec(),
            dirs: vec![Preopen {
                guest: "/d".into(),
                host: None,
                tree,
            }],
            seed: 1,
            native: false,
        });
        h.start();
        h
    }

    /// A started host whose one preopen, `/d`, holds `tree`.
    fn started_with_dir(tree: Tree) -> WasiHost {
        let mut h = WasiHost::new(&WasiConfig {
            dirs: vec![Preopen {
                guest: "/d".into(),
                host: None,
                tree,
            }],
            ..WasiConfig::default()
        });
        h.start();
        h
    }

    fn call(h: &mut WasiHost, mem: &mut [u8], name: &str, args: &[i64]) -> i32 {
        let (params, _) = signature(name).unwrap();
        let vals: Vec<Val> = args
            .iter()
            .zip(params)
            .map(|(v, t)| match t {
                ValType::I64 => Val::I64(*v),
                _ => Val::I32(*v as i32),
            })
            .collect();
        match h.call(name, &vals, &mut Slice(mem)).unwrap()[..] {
            [Val::I32(e)] => e,
            ref other => panic!("{other:?}"),
        }
    }

    #[test]
    fn calls_before_the_instance_exists_fail_alike() {
        let mut h = WasiHost::new(&WasiConfig::default());
        let mut mem = vec![0u8; 16];
        assert_eq!(
            h.call("proc_exit", &[Val::I32(1)], &mut Slice(&mut mem)),
            Ok(vec![])
        );
        assert_eq!(
            h.call(
                "random_get",
                &[Val::I32(0), Val::I32(4)],
                &mut Slice(&mut mem)
            ),
            Ok(vec![Val::I32(errno::NOSYS as i32)])
        );
        assert_eq!(h.output().exit, None);
    }

    #[test]
    fn writes_reach_stdout_and_bad_pointers_give_efault() {
        let mut h = host();
        let mut mem = vec![0u8; 256];
        mem[100..105].copy_from_slice(b"hello");
        mem[0..4].copy_from_slice(&100u32.to_le_bytes());
        mem[4..8].copy_from_slice(&5u32.to_le_bytes());
        assert_eq!(call(&mut h, &mut mem, "fd_write", &[1, 0, 1, 16]), 0);
        assert_eq!(&mem[16..20], &5u32.to_le_bytes());
        assert_eq!(h.output().stdout, b"hello");
        // An iovec list out of bounds, and a buffer out of bounds.
        assert_eq!(
            call(&mut h, &mut mem, "fd_write", &[1, 250, 1, 16]),
            errno::FAULT as i32
        );
        mem[4..8].copy_from_slice(&500u32.to_le_bytes());
        assert_eq!(
            call(&mut h, &mut mem, "fd_write", &[1, 0, 1, 16]),
            errno::FAULT as i32
        );
        assert_eq!(h.output().stdout, b"hello");
        assert_eq!(
            call(&mut h, &mut mem, "fd_write", &[9, 0, 1, 16]),
            errno::BADF as i32
        );
    }

    #[test]
    fn files_are_a_private_copy_and_paths_stay_inside_their_preopen() {
        let mut h = host();
        let mut mem = vec![0u8; 256];
        let name = b"out.txt";
        mem[64..64 + name.len()].copy_from_slice(name);
        // path_open(3, 0, "out.txt", CREAT|TRUNC, rights read+write, 0, 0, fd -> 32)
        let rights = (RIGHT_FD_READ | RIGHT_FD_WRITE) as i64;
        assert_eq!(
            call(
                &mut h,
                &mut mem,
                "path_open",
                &[3, 0, 64, 7, 9, rights, 0, 0, 32]
            ),
            0
        );
        let fd = u32::from_le_bytes(mem[32..36].try_into().unwrap());
        assert_eq!(fd, 4);
        mem[100..102].copy_from_slice(b"hi");
        mem[0..4].copy_from_slice(&100u32.to_le_bytes());
        mem[4..8].copy_from_slice(&2u32.to_le_bytes());
        assert_eq!(
            call(&mut h, &mut mem, "fd_write", &[fd as i64, 0, 1, 16]),
            0
        );
        let files = h.output();
        let files = files.files();
        assert_eq!(files.get("/d/out.txt"), Some(&Some(&b"hi"[..])));
        assert_eq!(files.get("/d/in.txt"), Some(&Some(&b"abc"[..])));
        // `..` out of the preopen is refused.
        mem[64..72].copy_from_slice(b"../x.txt");
        assert_eq!(
            call(
                &mut h,
                &mut mem,
                "path_open",
                &[3, 0, 64, 8, 1, rights, 0, 0, 32]
            ),
            errno::NOTCAPABLE as i32
        );
    }

    #[test]
    fn clock_and_random_are_deterministic_and_move() {
        let mut a = host();
        let mut b = host();
        let mut ma = vec![0u8; 64];
        let mut mb = vec![0u8; 64];
        for (h, m) in [(&mut a, &mut ma), (&mut b, &mut mb)] {
            assert_eq!(call(h, m, "clock_time_get", &[0, 1, 0]), 0);
            assert_eq!(call(h, m, "clock_time_get", &[0, 1, 8]), 0);
            assert_eq!(call(h, m, "random_get", &[16, 12]), 0);
            assert_eq!(call(h, m, "random_get", &[32, 12]), 0);
        }
        assert_eq!(ma, mb);
        let t0 = u64::from_le_bytes(ma[0..8].try_into().unwrap());
        let t1 = u64::from_le_bytes(ma[8..16].try_into().unwrap());
        assert_eq!(t0, CLOCK_START_NS);
        assert_eq!(t1, CLOCK_START_NS + CLOCK_STEP_NS);
        assert_ne!(ma[16..28], ma[32..44]);
    }

    #[test]
    fn a_guest_cannot_exhaust_the_host() {
        let mut h = host();
        let mut mem = vec![0u8; 1 << 16];
        // 4 GiB of random bytes into 64 KiB: a fault, found before drawing.
        assert_eq!(
            call(&mut h, &mut mem, "random_get", &[16, u32::MAX as i64]),
            errno::FAULT as i32
        );
        // Overlapping iovecs that name 1024 x 64 KiB: one short write.
        for i in 0..1024usize {
            mem[i * 8 + 4..i * 8 + 8].copy_from_slice(&(60_000u32).to_le_bytes());
        }
        assert_eq!(call(&mut h, &mut mem, "fd_write", &[1, 0, 1024, 65000]), 0);
        let written = u32::from_le_bytes(mem[65000..65004].try_into().unwrap());
        assert_eq!(written as usize, MAX_TRANSFER);
        assert_eq!(
            call(&mut h, &mut mem, "fd_write", &[1, 0, 1025, 65000]),
            errno::INVAL as i32
        );
        // A file may not grow past the limit.
        let name = b"big";
        mem[300..303].copy_from_slice(name);
        let rights = (RIGHT_FD_READ | RIGHT_FD_WRITE) as i64;
        assert_eq!(
            call(
                &mut h,
                &mut mem,
                "path_open",
                &[3, 0, 300, 3, 1, rights, 0, 0, 320]
            ),
            0
        );
        let fd = u32::from_le_bytes(mem[320..324].try_into().unwrap()) as i64;
        assert_eq!(
            call(&mut h, &mut mem, "fd_filestat_set_size", &[fd, 1 << 40]),
            errno::FBIG as i32
        );
        // Directories nest no deeper than the limit.
        mem[400] = b'a';
        let mut depth = 0;
        loop {
            let e = call(&mut h, &mut mem, "path_create_directory", &[3, 400, 1]);
            if e != 0 {
                assert_eq!(e, errno::NAMETOOLONG as i32);
                break;
            }
            depth += 1;
            let e = call(
                &mut h,
                &mut mem,
                "path_open",
                &[3, 0, 400, 1, 2, 0, 0, 0, 420],
            );
            assert_eq!(e, 0);
            let dir = u32::from_le_bytes(mem[420..424].try_into().unwrap());
            h.fds.insert(3, h.fds[&dir].clone());
        }
        assert_eq!(depth, fs::MAX_DEPTH);
        // The clock saturates instead of overflowing.
        h.now = u64::MAX - 1;
        assert_eq!(call(&mut h, &mut mem, "clock_time_get", &[0, 1, 0]), 0);
        assert_eq!(call(&mut h, &mut mem, "clock_time_get", &[0, 1, 0]), 0);
        assert_eq!(u64::from_le_bytes(mem[0..8].try_into().unwrap()), u64::MAX);
    }

    #[test]
    fn readdir_cookies_survive_removals() {
        let mut tree = Tree::default();
        for n in ["a", "b", "c", "d"] {
            tree.entries.insert(n.into(), Entry::File(vec![1]));
        }
        let mut h = started_with_dir(tree);
        let mut mem = vec![0u8; 4096];
        let names = |mem: &[u8], used: usize| {
            let mut out = Vec::new();
            let mut at = 0;
            while at + 24 <= used {
                let cookie = u64::from_le_bytes(mem[1000 + at..1008 + at].try_into().unwrap());
                let len =
                    u32::from_le_bytes(mem[1016 + at..1020 + at].try_into().unwrap()) as usize;
                out.push((
                    cookie,
                    String::from_utf8_lossy(&mem[1024 + at..1024 + at + len]).into_owned(),
                ));
                at += 24 + len;
            }
            out
        };
        // Read ". .. a" (a buffer of three entries), remove a and b, read on.
        assert_eq!(
            call(&mut h, &mut mem, "fd_readdir", &[3, 1000, 76, 0, 900]),
            0
        );
        let used = u32::from_le_bytes(mem[900..904].try_into().unwrap()) as usize;
        let first = names(&mem, used);
        assert_eq!(
            first.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
            [".", "..", "a"]
        );
        for n in [b"a", b"b"] {
            mem[500] = n[0];
            assert_eq!(call(&mut h, &mut mem, "path_unlink_file", &[3, 500, 1]), 0);
        }
        let last = first.last().unwrap().0;
        assert_eq!(
            call(
                &mut h,
                &mut mem,
                "fd_readdir",
                &[3, 1000, 2000, last as i64, 900]
            ),
            0
        );
        let used = u32::from_le_bytes(mem[900..904].try_into().unwrap()) as usize;
        let rest: Vec<String> = names(&mem, used).into_iter().map(|(_, n)| n).collect();
        assert_eq!(rest, ["c", "d"]);
    }

    #[test]
    fn stdio_looks_like_a_terminal_and_files_have_their_rights() {
        let mut h = host();
        let mut mem = vec![0u8; 256];
        assert_eq!(call(&mut h, &mut mem, "fd_fdstat_get", &[1, 0]), 0);
        assert_eq!(mem[0], filetype::CHARACTER_DEVICE);
        let rights = u64::from_le_bytes(mem[8..16].try_into().unwrap());
        assert_eq!(rights & (RIGHT_FD_SEEK | RIGHT_FD_TELL), 0);
        mem[64..70].copy_from_slice(b"in.txt");
        assert_eq!(
            call(
                &mut h,
                &mut mem,
                "path_open",
                &[3, 0, 64, 6, 0, RIGHT_FD_READ as i64, 0, 0, 32]
            ),
            0
        );
        let fd = u32::from_le_bytes(mem[32..36].try_into().unwrap()) as i64;
        assert_eq!(call(&mut h, &mut mem, "fd_fdstat_get", &[fd, 0]), 0);
        let rights = u64::from_le_bytes(mem[8..16].try_into().unwrap());
        assert_eq!(rights & RIGHT_FD_WRITE, 0);
        assert_ne!(rights & RIGHT_FD_READ, 0);
        // O_DIRECTORY with O_CREAT is refused before anything is made.
        mem[64..67].copy_from_slice(b"new");
        assert_eq!(
            call(
                &mut h,
                &mut mem,
                "path_open",
                &[3, 0, 64, 3, 3, 0, 0, 0, 32]
            ),
            errno::INVAL as i32
        );
        assert!(!h.output().files().contains_key("/d/new"));
    }

    #[test]
    fn names_that_are_not_file_names_stay_out() {
        let mut tree = Tree::default();
        tree.entries
            .insert("../escape".into(), Entry::File(vec![1]));
        tree.entries.insert("ok".into(), Entry::File(vec![2]));
        let dir = tempfile::tempdir().unwrap();
        assert!(tree.store(&dir.path().join("t")).is_err());
        let h = started_with_dir(tree);
        let files = h.output();
        let files: Vec<_> = files.files().into_keys().collect();
        assert_eq!(files, ["/d/ok"]);
    }

    #[test]
    fn exit_is_recorded_and_unwinds() {
        let mut h = host();
        let mut mem = vec![0u8; 16];
        assert_eq!(
            h.call("proc_exit", &[Val::I32(3)], &mut Slice(&mut mem)),
            Err(Exit(3))
        );
        assert_eq!(h.output().exit, Some(3));
    }

    #[test]
    fn bad_options_are_named() {
        assert!(
            WasiConfig::parse_env("NOEQUALS")
                .unwrap_err()
                .to_string()
                .contains("KEY=VALUE")
        );
        assert_eq!(
            WasiConfig::parse_env("A=b=c").unwrap(),
            ("A".into(), "b=c".into())
        );
        let e = WasiConfig::load_dir("/no/such/dir::/x").unwrap_err();
        assert!(e.to_string().contains("/no/such/dir"), "{e}");
    }
}
