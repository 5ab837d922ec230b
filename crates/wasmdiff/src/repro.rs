//! Saved repros: one directory per divergence signature.
//!
//! `corpus/repros/<signature-id>/` holds `case.wasm` (shrunk), `case.wat`,
//! `original.wasm`, `case.wast` (ready to paste into an engine's test
//! suite), `report.md` (for a maintainer) and `meta.json` (signature,
//! counts, first/last seen, calls, the fuzz input as base64). The same
//! signature found again increments the count and keeps the smaller case;
//! it never makes a second directory. Every file is written to a temporary
//! name and renamed, a new directory is built under a temporary name and
//! renamed into place, and writers of one signature take a lock file, so
//! several fuzzing processes can share a corpus and a crash never leaves
//! half a repro.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::engines::EngineKind;
use crate::error::Error;
use crate::features::FeatureSet;
use crate::generate::{Call, TestCase};
use crate::oracle::{CaseResult, Divergence};
use crate::shrink::Shrunk;
use crate::wasi::WasiConfig;

mod render;
use render::{report_md, wast_text};

/// What is recorded about a signature.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Meta {
    /// The signature's id (the directory name).
    pub signature_id: String,
    /// The signature's canonical text.
    pub signature: String,
    /// How many times it was found.
    pub count: u64,
    /// First found (seconds since the Unix epoch).
    pub first_seen: u64,
    /// Last found (seconds since the Unix epoch).
    pub last_seen: u64,
    /// Size of the original module.
    pub original_size: usize,
    /// Size of the saved (shrunk) module.
    pub shrunk_size: usize,
    /// How long the shrink took, in milliseconds.
    pub shrink_millis: u128,
    /// The engine configurations compared.
    pub engines: Vec<String>,
    /// The feature set the module was generated with.
    pub features: String,
    /// The calls to make on `case.wasm`, with their arguments.
    pub calls: Vec<Call>,
    /// The fuzz input that generated the original, base64 (absent for a
    /// user's module).
    pub input_base64: Option<String>,
    /// wasmdiff's version.
    pub tool_version: String,
    /// For a WASI program: what its host gave it (arguments, environment,
    /// standard input, preopened directories' contents, random seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wasi: Option<WasiConfig>,
}

/// A divergence to record.
pub struct Finding<'a> {
    /// The divergence (its signature names the directory).
    pub divergence: &'a Divergence,
    /// The original case.
    pub original: &'a TestCase,
    /// The shrunk case.
    pub shrunk: &'a Shrunk,
    /// The check of the shrunk case (for the report and the .wast).
    pub result: &'a CaseResult,
    /// The fuzz input bytes, if the case was generated.
    pub input: Option<&'a [u8]>,
    /// The engines compared.
    pub engines: &'a [EngineKind],
    /// The generation feature set.
    pub features: FeatureSet,
    /// For a WASI program: its host's configuration.
    pub wasi: Option<&'a WasiConfig>,
}

/// Where a finding went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The repro directory.
    pub dir: PathBuf,
    /// Whether the signature was new.
    pub new: bool,
    /// Times seen, this one included.
    pub count: u64,
}

/// A repro directory's contents, loaded.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The metadata.
    pub meta: Meta,
    /// The shrunk module.
    pub wasm: Vec<u8>,
}

/// A directory of repros.
#[derive(Clone, Debug)]
pub struct ReproStore {
    root: PathBuf,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Write `bytes` to `path` atomically: a temporary file in the same
/// directory, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}-{}", std::process::id(), unique()));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

fn unique() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    t ^ u128::from(N.fetch_add(1, Ordering::Relaxed)) << 64
}

/// An exclusive lock on a signature's lock file, held while one writer
/// updates the signature: the system's advisory file lock
/// (`std::fs::File::lock`, `flock` on Linux), which the system releases
/// when the holder's file closes, also when its process dies, so a dead
/// writer never blocks the next one. The file itself stays (removing it
/// would race with a writer that just opened it).
struct Lock {
    _file: fs::File,
}

impl Lock {
    fn take(path: PathBuf) -> io::Result<Lock> {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        file.lock()?;
        Ok(Lock { _file: file })
    }
}

impl ReproStore {
    /// A store rooted at `root` (created when first written).
    pub fn new(root: impl Into<PathBuf>) -> ReproStore {
        ReproStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of a signature id.
    pub fn dir_of(&self, id: &str) -> PathBuf {
        self.root.join(id)
    }

    /// Record a finding: a new directory, or an update of the existing one.
    pub fn record(&self, f: &Finding<'_>) -> io::Result<Recorded> {
        fs::create_dir_all(&self.root)?;
        let id = &f.divergence.signature.id;
        let _lock = Lock::take(self.root.join(format!(".{id}.lock")))?;
        let dir = self.dir_of(id);
        let meta_path = dir.join("meta.json");
        if let Ok(text) = fs::read_to_string(&meta_path)
            && let Ok(mut meta) = serde_json::from_str::<Meta>(&text)
        {
            meta.count += 1;
            meta.last_seen = now();
            if f.shrunk.wasm.len() < meta.shrunk_size {
                for (name, bytes) in case_files(f) {
                    write_case_file(&dir, &name, &bytes, true)?;
                }
                let fresh = new_meta(f);
                meta.original_size = fresh.original_size;
                meta.shrunk_size = fresh.shrunk_size;
                meta.shrink_millis = fresh.shrink_millis;
                meta.calls = fresh.calls;
                meta.input_base64 = fresh.input_base64;
            }
            write_atomic(&meta_path, &to_json(&meta))?;
            return Ok(Recorded {
                dir,
                new: false,
                count: meta.count,
            });
        }
        // New: build the whole directory under a temporary name, then rename.
        let tmp = self
            .root
            .join(format!(".tmp-{id}-{}-{}", std::process::id(), unique()));
        fs::create_dir_all(&tmp)?;
        let written = (|| {
            for (name, bytes) in case_files(f) {
                write_case_file(&tmp, &name, &bytes, false)?;
            }
            fs::write(tmp.join("meta.json"), to_json(&new_meta(f)))?;
            if dir.exists() {
                // A directory without a readable meta.json: an older
                // interrupted writer. Replace it.
                fs::remove_dir_all(&dir)?;
            }
            fs::rename(&tmp, &dir)
        })();
        if written.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        written?;
        Ok(Recorded {
            dir,
            new: true,
            count: 1,
        })
    }

    /// Load a repro directory.
    pub fn load(dir: &Path) -> Result<Saved, Error> {
        let meta_path = dir.join("meta.json");
        let text = fs::read_to_string(&meta_path).map_err(|e| Error::io(&meta_path, e))?;
        let meta: Meta = serde_json::from_str(&text).map_err(|e| Error::json(&meta_path, e))?;
        let wasm_path = dir.join("case.wasm");
        let wasm = fs::read(&wasm_path).map_err(|e| Error::io(&wasm_path, e))?;
        Ok(Saved { meta, wasm })
    }

    /// Every repro directory under the root, sorted.
    pub fn list(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("meta.json").is_file())
            .collect();
        dirs.sort();
        dirs
    }
}

fn to_json(meta: &Meta) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(meta).expect("meta serializes");
    v.push(b'\n');
    v
}

fn new_meta(f: &Finding<'_>) -> Meta {
    let t = now();
    Meta {
        signature_id: f.divergence.signature.id.clone(),
        signature: f.divergence.signature.text.clone(),
        count: 1,
        first_seen: t,
        last_seen: t,
        original_size: f.original.wasm.len(),
        shrunk_size: f.shrunk.wasm.len(),
        shrink_millis: f.shrunk.millis,
        engines: f.engines.iter().map(|e| e.name().to_string()).collect(),
        features: f.features.to_string(),
        calls: f.shrunk.calls.clone(),
        input_base64: f.input.map(crate::encoding::base64),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        wasi: f.wasi.cloned(),
    }
}

/// The files that describe the case (all but meta.json), by relative
/// path. A WASI program's standard input is `stdin` and its preopened
/// directories' contents `dirs/<n>/`, so that the engines' own tools can
/// replay it (`report.md` has their command lines).
fn case_files(f: &Finding<'_>) -> Vec<(String, Vec<u8>)> {
    let wat = wasmprinter::print_bytes(&f.shrunk.wasm)
        .unwrap_or_else(|e| format!(";; wasmprinter could not print the module: {e}\n"));
    let mut files = vec![
        ("case.wasm".to_string(), f.shrunk.wasm.clone()),
        ("case.wat".to_string(), wat.into_bytes()),
        ("original.wasm".to_string(), f.original.wasm.clone()),
        ("case.wast".to_string(), wast_text(f).into_bytes()),
        ("report.md".to_string(), report_md(f).into_bytes()),
    ];
    if let Some(w) = f.wasi {
        files.push(("stdin".to_string(), w.stdin.clone()));
        for (i, d) in w.dirs.iter().enumerate() {
            // An empty directory still needs to exist for the tools.
            files.push((format!("dirs/{i}/.wasmdiff-keep"), Vec::new()));
            for (path, content) in d.tree.flatten() {
                if let Some(bytes) = content {
                    files.push((format!("dirs/{i}/{path}"), bytes.to_vec()));
                }
            }
        }
    }
    files
}

/// Write one of [`case_files`] under `dir`, making its parent directories.
fn write_case_file(dir: &Path, name: &str, bytes: &[u8], atomic: bool) -> io::Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    if atomic {
        write_atomic(&path, bytes)
    } else {
        fs::write(path, bytes)
    }
}
