//! Human-readable rendering of runs and verdicts: the engine table that
//! `wasmdiff run` prints, and the divergence summary.

use std::fmt::Write;

use crate::engines::EngineKind;
use crate::module_info::{EntityType, ModuleInfo};
use crate::oracle::{CaseResult, Divergence, Run, Verdict};
use crate::wasi::WasiOutput;

/// Describe a module: features, imports, exports, start, memories, tables.
pub fn describe_module(info: &ModuleInfo, size: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "module: {size} bytes, {} functions", info.functions);
    let _ = writeln!(s, "features needed: {}", info.features);
    if let Some(start) = info.start {
        let _ = writeln!(s, "start function: func {start}");
    }
    for (i, m) in info.memories.iter().enumerate() {
        let max = m.max.map_or("none".to_string(), |m| m.to_string());
        let _ = writeln!(
            s,
            "memory {i}: min {} pages, max {max}{}{}",
            m.min,
            if m.memory64 { ", 64-bit" } else { "" },
            if m.shared { ", shared" } else { "" }
        );
    }
    for (i, t) in info.tables.iter().enumerate() {
        let max = t.max.map_or("none".to_string(), |m| m.to_string());
        let _ = writeln!(s, "table {i}: {} min {}, max {max}", t.element, t.min);
    }
    for imp in &info.imports {
        let _ = writeln!(
            s,
            "import {}: \"{}\" \"{}\"{}",
            imp.ty.kind(),
            imp.module,
            imp.name,
            if imp.module == crate::wasi::MODULE {
                ""
            } else {
                " (host stub)"
            }
        );
    }
    for e in &info.exports {
        let ty = match &e.ty {
            EntityType::Func { sig: Some(sig) } => {
                let p: Vec<_> = sig.params.iter().map(|t| t.to_string()).collect();
                let r: Vec<_> = sig.results.iter().map(|t| t.to_string()).collect();
                format!("func ({}) -> ({})", p.join(", "), r.join(", "))
            }
            EntityType::Func { sig: None } => {
                "func (types wasmdiff cannot pass: not called)".into()
            }
            other => other.kind().to_string(),
        };
        let _ = writeln!(s, "export \"{}\": {ty}", e.name.escape_debug());
    }
    s
}

/// Rows of cells in aligned columns two spaces apart (tabwriter's elastic
/// tabstops, which measure display width; the last cell of a row is not
/// padded). Tabs and line breaks in a cell become spaces.
pub fn columns<R: AsRef<[String]>>(rows: &[R]) -> String {
    let mut tw = tabwriter::TabWriter::new(Vec::new()).padding(2);
    for row in rows {
        let cells: Vec<String> = row
            .as_ref()
            .iter()
            .map(|c| c.replace(['\t', '\n', '\r'], " "))
            .collect();
        let _ = std::io::Write::write_all(&mut tw, format!("{}\n", cells.join("\t")).as_bytes());
    }
    let bytes = tw.into_inner().ok().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The engine table: one block per phase, engines grouped by what they
/// observed (`all` when every engine agrees), and the odd ones marked.
pub fn render_run(run: &Run) -> String {
    let mut s = String::new();
    let unsupported: Vec<[String; 2]> = run
        .unsupported
        .iter()
        .map(|(kind, missing)| {
            [
                kind.name().to_string(),
                format!("unsupported: module needs {missing}"),
            ]
        })
        .collect();
    s.push_str(&columns(&unsupported));
    let mut table: Vec<[String; 3]> = Vec::new();
    for row in &run.rows {
        let mut groups: Vec<(String, Vec<EngineKind>)> = Vec::new();
        for (i, cell) in row.cells.iter().enumerate() {
            let Some(o) = cell else { continue };
            let text = o.show(row.phase);
            match groups.iter_mut().find(|(t, _)| *t == text) {
                Some((_, ks)) => ks.push(run.engines[i]),
                None => groups.push((text, vec![run.engines[i]])),
            }
        }
        let ran: usize = groups.iter().map(|g| g.1.len()).sum();
        let label = truncate(&phase_label(row), 48);
        for (gi, (text, kinds)) in groups.iter().enumerate() {
            let who = if groups.len() == 1 && ran == run.engines.len() - run.unsupported.len() {
                "all".to_string()
            } else {
                engine_names(kinds)
            };
            let first = if gi == 0 {
                label.clone()
            } else {
                String::new()
            };
            table.push([first, truncate(text, 48), format!("[{who}]")]);
        }
    }
    s.push_str(&columns(&table));
    // Engines that left the comparison, grouped by where and why.
    let mut left: Vec<(String, Vec<&str>)> = Vec::new();
    for (kind, phase, reason) in &run.dropped {
        let key = format!("{phase}: {reason}");
        match left.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(kind.name()),
            None => left.push((key, vec![kind.name()])),
        }
    }
    for (key, names) in left {
        let who = if names.len() == run.engines.len() {
            "every engine".to_string()
        } else {
            names.join(", ")
        };
        let _ = writeln!(s, "left the comparison at {key}: {who}");
    }
    s
}

/// Engine configurations by name, comma-separated.
pub(crate) fn engine_names(kinds: &[EngineKind]) -> String {
    kinds
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn phase_label(row: &crate::oracle::Row) -> String {
    if row.label.is_empty() {
        row.phase.to_string()
    } else {
        format!("{} {}", row.phase, row.label)
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 3).collect();
        t.push_str("...");
        t
    }
}

/// The divergence summary: phase, sides, majority, detail, signature.
pub fn render_divergence(d: &Divergence) -> String {
    let mut s = String::new();
    let export = d
        .export
        .as_deref()
        .map(|e| format!(" (export \"{}\")", e.escape_debug()))
        .unwrap_or_default();
    let _ = writeln!(s, "divergence at {}{export}", d.phase);
    for g in &d.groups {
        let _ = writeln!(
            s,
            "  {:<16} {}: {}",
            g.class,
            engine_names(&g.engines),
            g.shown
        );
    }
    if let Some(m) = &d.majority {
        let odd: Vec<_> = d.odd.iter().map(|e| e.name()).collect();
        let _ = writeln!(
            s,
            "  majority: {} engines; odd one(s) out: {}",
            m.len(),
            odd.join(", ")
        );
    }
    let _ = writeln!(s, "  detail: {}", d.detail);
    let _ = writeln!(s, "  signature: {} ({})", d.signature.id, d.signature.text);
    s
}

/// What a WASI program did in each engine: engines grouped by identical
/// exit code, output and files; each group's exit code, standard output
/// and error, and files; and where groups differ, a unified diff of the
/// first two groups' output.
pub fn render_wasi(run: &Run) -> String {
    let mut s = String::new();
    if run.wasi.is_empty() {
        return s;
    }
    let mut groups: Vec<(&WasiOutput, Vec<EngineKind>)> = Vec::new();
    for (kind, out) in &run.wasi {
        match groups.iter_mut().find(|(o, _)| *o == out) {
            Some((_, ks)) => ks.push(*kind),
            None => groups.push((out, vec![*kind])),
        }
    }
    if run.wasi_native {
        let _ = writeln!(
            s,
            "\nWASI program (each engine's own WASI implementation: a difference here is \
             between WASI implementations, and real clocks and random bytes differ by design):"
        );
    } else {
        let _ = writeln!(s, "\nWASI program (deterministic host):");
    }
    let all = groups.len() == 1 && run.wasi.len() == run.engines.len() - run.unsupported.len();
    for (out, kinds) in &groups {
        let who = if all {
            "all".to_string()
        } else {
            engine_names(kinds)
        };
        let _ = writeln!(s, "[{who}]");
        match out.exit {
            Some(code) => {
                let _ = writeln!(s, "  exit code: {code} (proc_exit)");
            }
            None => {
                let _ = writeln!(s, "  exit code: none (no proc_exit)");
            }
        }
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            show_stream(&mut s, name, bytes);
        }
        let files = out.files();
        let count = files.values().filter(|c| c.is_some()).count();
        if count > 0 {
            let _ = writeln!(
                s,
                "  files in the preopened directories afterwards: {count}"
            );
            for (path, content) in files.iter().take(20) {
                if let Some(bytes) = content {
                    let _ = writeln!(
                        s,
                        "    {path} ({} bytes, xxh3 {:016x})",
                        bytes.len(),
                        xxhash_rust::xxh3::xxh3_64(bytes)
                    );
                }
            }
        }
    }
    if groups.len() > 1 {
        let (a, b) = (&groups[0], &groups[1]);
        let names = |ks: &[EngineKind]| ks.iter().map(|k| k.name()).collect::<Vec<_>>().join(",");
        for (name, x, y) in [
            ("stdout", &a.0.stdout, &b.0.stdout),
            ("stderr", &a.0.stderr, &b.0.stderr),
        ] {
            if x != y {
                let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
                let diff = similar::TextDiff::from_lines(x.as_ref(), y.as_ref());
                let _ = writeln!(s, "\n{name} differs (unified diff):");
                let _ = write!(
                    s,
                    "{}",
                    diff.unified_diff().context_radius(3).header(
                        &format!("{name} of {}", names(&a.1)),
                        &format!("{name} of {}", names(&b.1))
                    )
                );
            }
        }
    }
    s
}

/// One output stream of a WASI program, indented, cut after 4 KiB.
fn show_stream(s: &mut String, name: &str, bytes: &[u8]) {
    const SHOWN: usize = 4096;
    if bytes.is_empty() {
        let _ = writeln!(s, "  {name}: (empty)");
        return;
    }
    let _ = writeln!(s, "  {name} ({} bytes):", bytes.len());
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(SHOWN)]);
    for line in text.lines() {
        // Control characters escaped (a terminal would act on them).
        let shown: String = line
            .chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        let _ = writeln!(s, "    | {shown}");
    }
    if bytes.len() > SHOWN {
        let _ = writeln!(s, "    ... ({} more bytes)", bytes.len() - SHOWN);
    }
}

/// The full text report for a checked case.
pub fn render_result(result: &CaseResult) -> String {
    let mut s = String::new();
    for (i, run) in result.runs.iter().enumerate() {
        if i == 1 {
            let _ = writeln!(s, "\nre-run with NaNs canonicalized:");
        }
        s.push_str(&render_run(run));
    }
    if let Some(run) = result.runs.first() {
        s.push_str(&render_wasi(run));
    }
    if let Some(d) = result.runs.first().and_then(|r| r.divergence.as_ref()) {
        s.push('\n');
        s.push_str(&render_divergence(d));
    }
    let verdict = match &result.verdict {
        Verdict::Agree => "agree".to_string(),
        Verdict::Diverge(d) => format!("diverge (signature {})", d.signature.id),
        Verdict::Inconclusive(r) => format!("inconclusive: {r}"),
    };
    let _ = writeln!(s, "\nverdict: {verdict}");
    s
}

#[cfg(test)]
mod tests {
    use super::columns;

    /// Columns line up by display width (`é` is one column), two spaces
    /// apart; a tab inside a cell cannot split it; the last cell is not
    /// padded.
    #[test]
    fn columns_align_by_display_width() {
        let rows = [
            vec!["a".to_string(), "x\ty".into(), "end".into()],
            vec!["ééé".into(), "z".into(), "e".into()],
        ];
        assert_eq!(columns(&rows), "a    x y  end\nééé  z    e\n");
    }
}
