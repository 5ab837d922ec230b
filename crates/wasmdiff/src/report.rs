//! Human-readable rendering of runs and verdicts: the engine table that
//! `wasmdiff run` prints, and the divergence summary.

use std::fmt::Write;

use crate::engines::EngineKind;
use crate::module_info::{EntityType, ModuleInfo};
use crate::oracle::{CaseResult, Divergence, Run, Verdict};

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
            "import {}: \"{}\" \"{}\" (host stub)",
            imp.ty.kind(),
            imp.module,
            imp.name
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

/// The engine table: one block per phase, engines grouped by what they
/// observed (`all` when every engine agrees), and the odd ones marked.
pub fn render_run(run: &Run) -> String {
    let mut s = String::new();
    for (kind, missing) in &run.unsupported {
        let _ = writeln!(s, "{:<20} unsupported: module needs {missing}", kind.name());
    }
    let width = run
        .rows
        .iter()
        .map(|r| phase_label(r).chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 48);
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
        let label = truncate(&phase_label(row), width);
        for (gi, (text, kinds)) in groups.iter().enumerate() {
            let who = if groups.len() == 1 && ran == run.engines.len() - run.unsupported.len() {
                "all".to_string()
            } else {
                kinds
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let first = if gi == 0 { label.as_str() } else { "" };
            let _ = writeln!(s, "{first:<width$}  {:<48}  [{who}]", truncate(text, 48));
        }
    }
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
        let names: Vec<_> = g.engines.iter().map(|e| e.name()).collect();
        let _ = writeln!(s, "  {:<16} {}: {}", g.class, names.join(", "), g.shown);
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

/// The full text report for a checked case.
pub fn render_result(result: &CaseResult) -> String {
    let mut s = String::new();
    for (i, run) in result.runs.iter().enumerate() {
        if i == 1 {
            let _ = writeln!(s, "\nre-run with NaNs canonicalized:");
        }
        s.push_str(&render_run(run));
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
