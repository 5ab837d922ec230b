//! Triage: saved divergences checked against the engines as they are now.
//!
//! The inputs are repro directories (with `meta.json`, see [`crate::repro`])
//! and loose libFuzzer crash files (`crash-*`: raw fuzz inputs). Each is
//! re-run and ends in a [`Status`]: still diverging with its recorded
//! signature, fixed (the engines agree now), changed (a different
//! signature), inconclusive, or an error. A crash file whose bytes are the
//! fuzz input recorded in a repro directory takes that repro's signature,
//! engines and features.
//!
//! This module finds the inputs ([`discover`]), judges a re-run
//! ([`judge`]) and renders the report ([`Report`]); running a case is the
//! caller's (the CLI reuses `wasmdiff repro`'s loading).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::crash::DivergenceClass;
use crate::encoding::unbase64;
use crate::engines::EngineKind;
use crate::oracle::Verdict;
use crate::repro::{Meta, ReproStore};
use crate::signature::{Signature, fnv1a};

/// What became of a saved divergence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It diverges with its recorded signature (on the engines that ran).
    Diverging,
    /// It diverges with a different signature.
    Changed,
    /// The engines agree on it now.
    Fixed,
    /// It could not be compared (stack, fuel, resource limit, ...).
    Inconclusive,
    /// It could not be loaded or run.
    Error,
}

impl Status {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Diverging => "diverging",
            Status::Changed => "changed",
            Status::Fixed => "fixed",
            Status::Inconclusive => "inconclusive",
            Status::Error => "error",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a saved divergence lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SavedForm {
    /// A repro directory.
    Repro,
    /// A raw fuzz input (a libFuzzer crash file).
    CrashFile,
}

/// A saved divergence found by [`discover`].
#[derive(Clone, Debug)]
pub struct SavedCase {
    /// The repro directory or crash file.
    pub path: PathBuf,
    /// Which of the two.
    pub kind: SavedForm,
    /// The repro's metadata: its own, or for a crash file that of the repro
    /// directory that recorded the same fuzz input.
    pub meta: Option<Meta>,
    /// For a crash file: that repro directory.
    pub repro: Option<PathBuf>,
    /// Modification time (seconds since the Unix epoch), for crash files.
    pub modified: Option<u64>,
    /// Why the item cannot be used (an unreadable `meta.json`, say).
    pub problem: Option<String>,
}

/// How deep [`discover`] looks below a directory it is given.
const MAX_DEPTH: usize = 4;

/// Find the repro directories and crash files in `paths`. A path may be a
/// repro directory, a file (taken as a crash file whatever its name), or a
/// directory searched (a few levels deep, skipping hidden entries and the
/// insides of repro directories) for directories with a `meta.json` and
/// files named `crash-*`. Sorted by path; a missing path is an error.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<SavedCase>, crate::error::Error> {
    let mut repros = Vec::new();
    let mut crashes = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(crate::error::Error::file(p, "no such file or directory"));
        }
        if p.is_file() {
            crashes.push(p.clone());
        } else {
            walk(p, 0, &mut repros, &mut crashes);
        }
    }
    repros.sort();
    repros.dedup();
    crashes.sort();
    crashes.dedup();

    let mut items: Vec<SavedCase> = repros
        .into_iter()
        .map(|dir| {
            let (meta, problem) = match ReproStore::load(&dir) {
                Ok(saved) => (Some(saved.meta), None),
                Err(e) => (None, Some(e.report())),
            };
            SavedCase {
                path: dir,
                kind: SavedForm::Repro,
                meta,
                repro: None,
                modified: None,
                problem,
            }
        })
        .collect();

    // Crash files are matched to repros by the fuzz input each repro keeps.
    let mut by_input: HashMap<u64, (PathBuf, Meta)> = HashMap::new();
    for item in &items {
        if let Some(meta) = &item.meta
            && let Some(Ok(input)) = meta.input_base64.as_deref().map(unbase64)
        {
            by_input.insert(fnv1a(&input), (item.path.clone(), meta.clone()));
        }
    }
    for file in crashes {
        let modified = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        let (repro, meta, problem) = match std::fs::read(&file) {
            Ok(bytes) => match by_input.get(&fnv1a(&bytes)) {
                Some((dir, meta)) => (Some(dir.clone()), Some(meta.clone()), None),
                None => (None, None, None),
            },
            Err(e) => (None, None, Some(format!("{}: {e}", file.display()))),
        };
        items.push(SavedCase {
            path: file,
            kind: SavedForm::CrashFile,
            meta,
            repro,
            modified,
            problem,
        });
    }
    Ok(items)
}

fn walk(dir: &Path, depth: usize, repros: &mut Vec<PathBuf>, crashes: &mut Vec<PathBuf>) {
    if dir.join("meta.json").is_file() {
        repros.push(dir.to_path_buf());
        return;
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, depth + 1, repros, crashes),
            Ok(t) if t.is_file() && name.starts_with("crash-") => crashes.push(path),
            _ => {}
        }
    }
}

/// The status of a re-run: `recorded` is the recorded signature's text
/// (none for a crash file without a repro), `ran` the engines that ran. It
/// is still the recorded divergence when the signature is the same, also
/// with only the engines that ran ([`Signature::project`]) and as this
/// version writes signatures ([`Signature::canonical`]).
pub fn judge(recorded: Option<&str>, ran: &[EngineKind], verdict: &Verdict) -> Status {
    match verdict {
        Verdict::Agree => Status::Fixed,
        Verdict::Inconclusive(_) => Status::Inconclusive,
        Verdict::Diverge(d) => match recorded.map(str::parse::<Signature>) {
            None => Status::Diverging,
            Some(Ok(r)) => {
                let names: Vec<&str> = ran.iter().map(|k| k.name()).collect();
                if [r.canonical(), r.project(&names).canonical()]
                    .iter()
                    .any(|s| s.text == d.signature.text)
                {
                    Status::Diverging
                } else {
                    Status::Changed
                }
            }
            Some(Err(_)) => Status::Changed,
        },
    }
}

/// A signature as reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureRef {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its class (phase and outcome classes).
    pub class: String,
}

impl SignatureRef {
    fn of(s: &Signature) -> SignatureRef {
        SignatureRef {
            id: s.id.clone(),
            text: s.text.clone(),
            class: DivergenceClass::of_signature(s).to_string(),
        }
    }

    /// A signature as a repro's `meta.json` records it.
    fn recorded(id: &str, text: &str) -> SignatureRef {
        SignatureRef {
            id: id.to_string(),
            text: text.to_string(),
            class: match text.parse::<Signature>() {
                Ok(s) => DivergenceClass::of_signature(&s).to_string(),
                Err(_) => "unreadable".to_string(),
            },
        }
    }
}

/// One line of the report.
#[derive(Clone, Debug, Serialize)]
pub struct TriageRow {
    /// The repro directory or crash file.
    pub path: String,
    /// Which of the two.
    pub kind: SavedForm,
    /// What became of it.
    pub status: Status,
    /// The recorded signature (none for a crash file without a repro).
    pub recorded: Option<SignatureRef>,
    /// The signature now, when it diverges.
    pub now: Option<SignatureRef>,
    /// Why it is inconclusive or an error.
    pub reason: Option<String>,
    /// Times the signature was found (from the repro).
    pub count: Option<u64>,
    /// When the signature was first found (seconds since the Unix epoch).
    pub first_seen: Option<u64>,
    /// When it was last found.
    pub last_seen: Option<u64>,
    /// Whether it was first found (crash file: written) at or after the
    /// `new since` time of the report.
    pub new: bool,
    /// The engines that ran.
    pub engines: Vec<String>,
    /// Recorded engines that did not run, and why.
    pub left_out: Vec<String>,
    /// The repro directory of a crash file.
    pub repro: Option<String>,
}

impl TriageRow {
    /// The entry for `item` after a run with `ran` ending in `verdict`
    /// (`left_out`: recorded engines that were not run, with the reason).
    pub fn new(
        item: &SavedCase,
        ran: &[EngineKind],
        left_out: Vec<String>,
        verdict: &Verdict,
        new_since: Option<u64>,
    ) -> TriageRow {
        let recorded = item.meta.as_ref().map(|m| m.signature.as_str());
        let status = judge(recorded, ran, verdict);
        let mut e = TriageRow::bare(item, new_since);
        e.status = status;
        e.engines = ran.iter().map(|k| k.name().to_string()).collect();
        e.left_out = left_out;
        match verdict {
            Verdict::Diverge(d) => {
                e.now = Some(SignatureRef::of(&d.signature));
            }
            Verdict::Inconclusive(r) => e.reason = Some(r.to_string()),
            Verdict::Agree => {}
        }
        e
    }

    /// The entry for an item that could not be loaded or run.
    pub fn error(item: &SavedCase, message: String, new_since: Option<u64>) -> TriageRow {
        let mut e = TriageRow::bare(item, new_since);
        e.status = Status::Error;
        e.reason = Some(message);
        e
    }

    fn bare(item: &SavedCase, new_since: Option<u64>) -> TriageRow {
        let meta = item.meta.as_ref();
        let first_seen = meta.map(|m| m.first_seen);
        let when = match item.kind {
            SavedForm::Repro => first_seen,
            SavedForm::CrashFile => item.modified,
        };
        TriageRow {
            path: item.path.display().to_string(),
            kind: item.kind,
            status: Status::Error,
            recorded: meta.map(|m| SignatureRef::recorded(&m.signature_id, &m.signature)),
            now: None,
            reason: None,
            count: meta.map(|m| m.count),
            first_seen,
            last_seen: meta.map(|m| m.last_seen),
            new: matches!((when, new_since), (Some(t), Some(s)) if t >= s),
            engines: Vec::new(),
            left_out: Vec::new(),
            repro: item.repro.as_ref().map(|p| p.display().to_string()),
        }
    }
}

/// Counts by status.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    /// Still diverging with the recorded signature.
    pub diverging: usize,
    /// Diverging with another signature.
    pub changed: usize,
    /// Engines agree now.
    pub fixed: usize,
    /// Not comparable now.
    pub inconclusive: usize,
    /// Not loaded or run.
    pub error: usize,
}

/// The triage of a set of saved divergences.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// One entry per repro directory and crash file, sorted by path.
    pub entries: Vec<TriageRow>,
    /// Repro directories by status.
    pub repros: Counts,
    /// Crash files by status.
    pub crash_files: Counts,
    /// Signatures (recorded and current) first found at or after the
    /// report's `new since` time.
    pub new_signatures: Vec<String>,
}

impl Report {
    /// The report of `entries`. A crash file that no repro recorded but
    /// that diverges now with the signature of one of the repros gets that
    /// repro as its `repro`.
    pub fn new(mut entries: Vec<TriageRow>) -> Report {
        let repro_of: HashMap<String, String> = entries
            .iter()
            .filter(|e| e.kind == SavedForm::Repro)
            .filter_map(|e| Some((e.recorded.as_ref()?.id.clone(), e.path.clone())))
            .collect();
        for e in &mut entries {
            if e.kind == SavedForm::CrashFile
                && e.repro.is_none()
                && let Some(now) = &e.now
            {
                e.repro = repro_of.get(&now.id).cloned();
            }
        }
        let mut r = Report {
            entries,
            ..Report::default()
        };
        let mut new = std::collections::BTreeSet::new();
        for e in &r.entries {
            let c = match e.kind {
                SavedForm::Repro => &mut r.repros,
                SavedForm::CrashFile => &mut r.crash_files,
            };
            *match e.status {
                Status::Diverging => &mut c.diverging,
                Status::Changed => &mut c.changed,
                Status::Fixed => &mut c.fixed,
                Status::Inconclusive => &mut c.inconclusive,
                Status::Error => &mut c.error,
            } += 1;
            if e.new
                && let Some(s) = e.recorded.as_ref().or(e.now.as_ref())
            {
                new.insert(s.id.clone());
            }
        }
        r.new_signatures = new.into_iter().collect();
        r
    }

    /// Exit status, as for the other commands: 2 if an entry could not be
    /// run, else 1 if one still diverges (with any signature), else 3 if one
    /// is inconclusive, else 0 (everything fixed, or nothing to triage).
    pub fn exit_status(&self) -> u8 {
        let any = |s: Status| self.entries.iter().any(|e| e.status == s);
        if any(Status::Error) {
            2
        } else if any(Status::Diverging) || any(Status::Changed) {
            1
        } else if any(Status::Inconclusive) {
            3
        } else {
            0
        }
    }

    /// The report as a table, then the signatures it mentions, then the
    /// totals.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut rows = vec![[
            "STATUS".to_string(),
            "SIGNATURE".into(),
            "NOW".into(),
            "COUNT".into(),
            "FIRST SEEN (UTC)".into(),
            "PATH".into(),
        ]];
        let mut signatures: BTreeMap<&str, &SignatureRef> = BTreeMap::new();
        let mut notes = Vec::new();
        for e in &self.entries {
            let now = match (&e.status, &e.now) {
                (Status::Diverging, Some(n))
                    if Some(&n.id) == e.recorded.as_ref().map(|r| &r.id) =>
                {
                    "same".to_string()
                }
                (_, Some(n)) => n.id.clone(),
                (Status::Fixed, None) => "agree".into(),
                (Status::Inconclusive, None) => "inconclusive".into(),
                _ => "-".into(),
            };
            let mut path = e.path.clone();
            if e.new {
                path.push_str(" (new)");
            }
            if let Some(r) = &e.repro {
                path.push_str(&format!(" (repro {r})"));
            }
            rows.push([
                e.status.to_string(),
                e.recorded.as_ref().map_or("-".into(), |s| s.id.clone()),
                now,
                e.count.map_or("-".into(), |c| c.to_string()),
                e.first_seen.map_or("-".into(), utc),
                path,
            ]);
            for s in e.recorded.iter().chain(e.now.iter()) {
                signatures.insert(&s.id, s);
            }
            if let Some(reason) = &e.reason {
                notes.push(format!("{}: {reason}", e.path));
            }
            if !e.left_out.is_empty() {
                notes.push(format!("{}: run without {}", e.path, e.left_out.join(", ")));
            }
        }
        let widths: Vec<usize> = (0..6)
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        let mut s = String::new();
        for r in &rows {
            let mut line = String::new();
            for (i, cell) in r.iter().enumerate() {
                if i == 3 {
                    let _ = write!(line, "{cell:>w$}  ", w = widths[i]);
                } else if i < 5 {
                    let _ = write!(line, "{cell:<w$}  ", w = widths[i]);
                } else {
                    line.push_str(cell);
                }
            }
            s.push_str(line.trim_end());
            s.push('\n');
        }
        if !signatures.is_empty() {
            s.push_str("\nsignatures:\n");
            for (id, sig) in &signatures {
                let new = if self.new_signatures.iter().any(|n| n == id) {
                    " (new)"
                } else {
                    ""
                };
                let _ = writeln!(s, "  {id}{new}  {}  {}", sig.class, sig.text);
            }
        }
        if !notes.is_empty() {
            s.push_str("\nnotes:\n");
            for n in notes {
                let _ = writeln!(s, "  {n}");
            }
        }
        s.push('\n');
        let _ = writeln!(s, "{}", self.totals());
        s
    }

    /// One line: counts by status, repros and crash files apart.
    pub fn totals(&self) -> String {
        let part = |what: &str, n: usize, c: &Counts| {
            let mut bits = Vec::new();
            for (k, v) in [
                ("still diverging", c.diverging),
                ("changed", c.changed),
                ("fixed", c.fixed),
                ("inconclusive", c.inconclusive),
                ("error", c.error),
            ] {
                if v > 0 {
                    bits.push(format!("{v} {k}"));
                }
            }
            let plural = if n == 1 { "" } else { "s" };
            if bits.is_empty() {
                format!("{n} {what}{plural}")
            } else {
                format!("{n} {what}{plural} ({})", bits.join(", "))
            }
        };
        let count = |k: SavedForm| self.entries.iter().filter(|e| e.kind == k).count();
        let mut line = format!(
            "{}; {}",
            part("repro", count(SavedForm::Repro), &self.repros),
            part("crash file", count(SavedForm::CrashFile), &self.crash_files)
        );
        if !self.new_signatures.is_empty() {
            let n = self.new_signatures.len();
            line.push_str(&format!(
                "; {n} new signature{}",
                if n == 1 { "" } else { "s" }
            ));
        }
        line
    }
}

/// Seconds since the Unix epoch as `YYYY-MM-DD HH:MM` (UTC).
pub fn utc(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or_else(
            || "(date out of range)".into(),
            |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oracle::{Divergence, Reason};

    fn diverge(text: &str) -> Verdict {
        Verdict::Diverge(Box::new(Divergence {
            phase: crate::oracle::Phase::Call(0),
            export: None,
            groups: Vec::new(),
            majority: None,
            odd: Vec::new(),
            detail: String::new(),
            signature: text.parse().unwrap(),
        }))
    }

    const RECORDED: &str = "call[0]|ok=canary|ok=wasmtime-cranelift+wasmi";

    #[test]
    fn statuses() {
        use EngineKind::*;
        let all = [WasmtimeCranelift, Wasmi, Canary];
        // This version names the majority `*`; a repro recorded before,
        // with the majority's engines listed, is the same divergence.
        let now = "call|ok=*|ok=canary";
        assert_eq!(
            judge(Some(RECORDED), &all, &diverge(now)),
            Status::Diverging
        );
        assert_eq!(judge(Some(now), &all, &diverge(now)), Status::Diverging);
        // Fewer engines, same split among those that ran.
        assert_eq!(
            judge(
                Some(RECORDED),
                &[Wasmi, Canary],
                &diverge("call|ok=canary|ok=wasmi")
            ),
            Status::Diverging
        );
        assert_eq!(
            judge(
                Some(RECORDED),
                &all,
                &diverge("call|ok=*|trap:unreachable=canary")
            ),
            Status::Changed
        );
        assert_eq!(judge(Some(RECORDED), &all, &Verdict::Agree), Status::Fixed);
        assert_eq!(
            judge(
                Some(RECORDED),
                &all,
                &Verdict::Inconclusive(Reason::StackExhausted)
            ),
            Status::Inconclusive
        );
        // A crash file nobody recorded: it diverges or it does not.
        assert_eq!(judge(None, &all, &diverge(now)), Status::Diverging);
        assert_eq!(judge(None, &all, &Verdict::Agree), Status::Fixed);
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00");
        assert_eq!(utc(1_795_245_505), "2026-11-21 07:18");
        assert_eq!(utc(u64::MAX), "(date out of range)");
    }

    #[test]
    fn discovery_finds_repros_and_crash_files_and_matches_inputs() {
        let root_guard = tempfile::tempdir().unwrap();
        let root = root_guard.path().join("wasmdiff-triage");
        let _ = std::fs::remove_dir_all(&root);
        let id = format!("{:016x}", fnv1a(RECORDED.as_bytes()));
        let repro = root.join("repros").join(&id);
        std::fs::create_dir_all(&repro).unwrap();
        std::fs::create_dir_all(root.join("repros/.tmp-half-written")).unwrap();
        let input = b"some fuzz input".to_vec();
        let meta = Meta {
            signature_id: id.clone(),
            signature: RECORDED.into(),
            count: 2,
            first_seen: 100,
            last_seen: 200,
            original_size: 10,
            shrunk_size: 8,
            shrink_millis: 1,
            engines: vec!["wasmi".into(), "canary".into()],
            features: "mvp".into(),
            calls: Vec::new(),
            input_base64: Some(crate::encoding::base64(&input)),
            tool_version: "0".into(),
            wasi: None,
        };
        std::fs::write(repro.join("meta.json"), serde_json::to_vec(&meta).unwrap()).unwrap();
        std::fs::write(repro.join("case.wasm"), b"\0asm\x01\0\0\0").unwrap();
        let artifacts = root.join("artifacts/differential");
        std::fs::create_dir_all(&artifacts).unwrap();
        std::fs::write(artifacts.join("crash-1"), &input).unwrap();
        std::fs::write(artifacts.join("crash-2"), b"other").unwrap();
        std::fs::write(artifacts.join("slow-unit-3"), b"slow").unwrap();

        let items = discover(std::slice::from_ref(&root)).unwrap();
        let names: Vec<String> = items
            .iter()
            .map(|i| i.path.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                format!("repros/{id}"),
                "artifacts/differential/crash-1".into(),
                "artifacts/differential/crash-2".into()
            ]
        );
        assert_eq!(items[0].kind, SavedForm::Repro);
        assert_eq!(items[1].repro.as_deref(), Some(repro.as_path()));
        assert_eq!(items[1].meta.as_ref().unwrap().signature, RECORDED);
        assert!(items[2].meta.is_none() && items[2].repro.is_none());
        assert!(discover(&[root.join("missing")]).is_err());

        // The report: a fixed repro (not new), and a crash file nobody
        // recorded that diverges with the repro's signature (so it is
        // shown with that repro).
        let e1 = TriageRow::new(
            &items[0],
            &[EngineKind::Wasmi],
            vec!["canary (not in --engines)".into()],
            &Verdict::Agree,
            Some(150),
        );
        let e2 = TriageRow::new(
            &items[2],
            &[EngineKind::Wasmi, EngineKind::Canary],
            Vec::new(),
            &diverge(RECORDED),
            Some(u64::MAX),
        );
        let report = Report::new(vec![e1, e2]);
        assert_eq!(report.entries[1].repro, Some(repro.display().to_string()));
        assert_eq!(report.exit_status(), 1);
        assert_eq!(report.new_signatures, Vec::<String>::new());
        let text = report.render();
        assert!(text.contains("fixed"), "{text}");
        assert!(
            text.contains("run without canary (not in --engines)"),
            "{text}"
        );
        assert!(
            text.ends_with("1 repro (1 fixed); 1 crash file (1 still diverging)\n"),
            "{text}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
