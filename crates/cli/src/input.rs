//! Reading a user's module from a file: `.wasm` binary or `.wat` text.

use std::path::Path;

use anyhow::{Context, bail};

/// Read a module, converting WAT to binary. Errors name the file and say
/// what is wrong with it (missing, a directory, not Wasm, WAT syntax with
/// line and column).
pub fn read_module(path: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = path.display();
    if path.is_dir() {
        bail!("{shown}: is a directory, not a module");
    }
    let bytes = std::fs::read(path).with_context(|| format!("{shown}: cannot read"))?;
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        bail!("{shown}: not a WebAssembly module (no \\0asm header) and not WAT text");
    };
    match wat::Parser::new().parse_str(Some(path), text) {
        Ok(wasm) => Ok(wasm),
        Err(e) => bail!("{}", one_line_wat_error(&e.to_string(), &shown.to_string())),
    }
}

/// The WAT parser renders errors over several lines (message, `--> file:line:col`,
/// a source excerpt); keep it to one line: `file:line:col: not valid WAT: message`.
fn one_line_wat_error(rendered: &str, shown: &str) -> String {
    let mut lines = rendered.lines();
    let message = lines.next().unwrap_or("").trim();
    let location = lines
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::trim)
        .unwrap_or(shown);
    format!("{location}: not valid WAT: {message}")
}
