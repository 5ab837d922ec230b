//! `wasmdiff run --invoke NAME ARG...`: one call of one export, with
//! arguments typed by its signature, after the module's own initialization
//! (`_start` for a command, `_initialize` for a reactor), as
//! `wasmtime run --invoke` does.
//!
//! Argument syntax, by parameter type:
//! - `i32`, `i64`: a decimal integer, signed or unsigned (`-1`,
//!   `4294967295`), or hex bits (`0xffffffff`);
//! - `f32`, `f64`: a decimal number (`1.5`, `-0`, `1e-3`), `inf`, `-inf`,
//!   `nan`, `-nan`, `nan:0x200000` (a NaN with that payload), or the exact
//!   bits in hex (`0x7fc00001`);
//! - `v128`: its 128 bits in hex (`0x` and up to 32 digits, lane 0 in the
//!   low bits), as the spec text format's `i64x2`'s bits would be written;
//! - `funcref`, `externref` and other references: `null`.

use crate::error::Error;
use crate::generate::Call;
use crate::module_info::ModuleInfo;
use crate::value::{Val, ValType};

/// The calls for `--invoke name args`: the initialization export the
/// module has, if any, then `name` with `args` parsed by its signature.
/// An error names the export and what is wrong with the arguments.
pub fn calls(info: &ModuleInfo, name: &str, args: &[String]) -> Result<Vec<Call>, Error> {
    let exported: Vec<_> = info.exported_funcs().collect();
    let Some((_, sig)) = exported.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = exported.iter().map(|(n, _)| *n).collect();
        return Err(Error::input(format!(
            "no exported function `{name}` (the module exports: {})",
            if names.is_empty() {
                "no functions".to_string()
            } else {
                names.join(", ")
            }
        )));
    };
    let Some(sig) = sig else {
        return Err(Error::input(format!(
            "`{name}` has a signature wasmdiff cannot call (a GC reference type)"
        )));
    };
    if args.len() != sig.params.len() {
        return Err(Error::input(format!(
            "`{name}` takes {} argument{} ({}), {} given",
            sig.params.len(),
            if sig.params.len() == 1 { "" } else { "s" },
            sig.params
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            args.len()
        )));
    }
    let values = sig
        .params
        .iter()
        .zip(args)
        .enumerate()
        .map(|(i, (t, a))| {
            parse(*t, a).map_err(|e| e.context(format!("argument {} of `{name}` ({t})", i + 1)))
        })
        .collect::<Result<Vec<Val>, Error>>()?;
    let mut calls = Vec::new();
    for init in ["_start", "_initialize"] {
        if init != name
            && exported
                .iter()
                .any(|(n, s)| *n == init && s.is_some_and(|s| s.params.is_empty()))
        {
            calls.push(Call {
                export: init.to_string(),
                args: Vec::new(),
            });
            break;
        }
    }
    calls.push(Call {
        export: name.to_string(),
        args: values,
    });
    Ok(calls)
}

/// One argument as a value of type `t`.
pub fn parse(t: ValType, text: &str) -> Result<Val, Error> {
    let s = text.trim();
    match t {
        ValType::I32 => int(s, 32).map(|b| Val::I32(b as u32 as i32)),
        ValType::I64 => int(s, 64).map(|b| Val::I64(b as u64 as i64)),
        ValType::F32 => float(s, 32).map(|b| Val::F32(b as u32)),
        ValType::F64 => float(s, 64).map(Val::F64),
        ValType::V128 => {
            let digits = hex_digits(s).ok_or_else(|| {
                Error::input(format!(
                    "`{s}` is not a v128: write its bits in hex (0x + up to 32 digits)"
                ))
            })?;
            u128::from_str_radix(digits, 16)
                .map(Val::V128)
                .map_err(|_| Error::input(format!("`{s}` is not a v128 (more than 128 bits?)")))
        }
        ValType::FuncRef | ValType::ExternRef | ValType::AnyRef => {
            if s == "null" {
                Ok(t.default_value())
            } else {
                Err(Error::input(format!(
                    "`{s}`: a reference argument can only be `null`"
                )))
            }
        }
    }
}

/// The hex digits after `0x`, if `s` is `0x` and 1 to 32 hex digits.
fn hex_digits(s: &str) -> Option<&str> {
    let d = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    (!d.is_empty() && d.len() <= 32 && d.bytes().all(|b| b.is_ascii_hexdigit())).then_some(d)
}

/// An integer of `bits` bits: decimal (signed or unsigned range) or hex.
fn int(s: &str, bits: u32) -> Result<u128, Error> {
    let max = (1u128 << bits) - 1;
    let value = if let Some(d) = hex_digits(s) {
        u128::from_str_radix(d, 16).ok()
    } else if let Some(neg) = s.strip_prefix('-') {
        neg.parse::<u128>()
            .ok()
            .filter(|v| *v <= 1u128 << (bits - 1))
            .map(|v| (max + 1 - v) & max)
    } else {
        s.parse::<u128>().ok()
    };
    value
        .filter(|v| *v <= max)
        .ok_or_else(|| Error::input(format!("`{s}` is not an i{bits} (decimal or 0x hex)")))
}

/// A float of `bits` bits, as its bits.
fn float(s: &str, bits: u32) -> Result<u64, Error> {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if body.starts_with(['+', '-']) {
        return Err(Error::input(format!("`{s}` is not an f{bits}")));
    }
    let sign_bit = |b: u64| if sign { b | 1 << (bits - 1) } else { b };
    let (exp_bits, frac_bits) = if bits == 32 {
        (0xffu64, 23)
    } else {
        (0x7ff, 52)
    };
    let frac_mask = (1u64 << frac_bits) - 1;
    let nan = |payload: u64| sign_bit(exp_bits << frac_bits | payload);
    let bad = || {
        Error::input(format!(
            "`{s}` is not an f{bits} (a number, inf, nan, nan:0xPAYLOAD or 0x bits)"
        ))
    };
    if let Some(d) = hex_digits(s) {
        let v = u64::from_str_radix(d, 16).map_err(|_| bad())?;
        if bits == 32 && v > u64::from(u32::MAX) {
            return Err(bad());
        }
        return Ok(v);
    }
    match body {
        "inf" | "infinity" => return Ok(sign_bit(exp_bits << frac_bits)),
        "nan" => return Ok(nan(1 << (frac_bits - 1))),
        _ => {}
    }
    if let Some(p) = body.strip_prefix("nan:") {
        let payload = hex_digits(p)
            .and_then(|d| u64::from_str_radix(d, 16).ok())
            .filter(|p| *p != 0 && *p <= frac_mask)
            .ok_or_else(|| {
                Error::input(format!("`{s}`: a NaN payload is 0x1 to {frac_mask:#x}"))
            })?;
        return Ok(nan(payload));
    }
    // A decimal number (Rust's parser rounds to nearest, as the spec's
    // text format does).
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b))
    {
        return Err(bad());
    }
    if bits == 32 {
        let v: f32 = body.parse().map_err(|_| bad())?;
        Ok(sign_bit(u64::from(v.to_bits())))
    } else {
        let v: f64 = body.parse().map_err(|_| bad())?;
        Ok(sign_bit(v.to_bits()))
    }
}

/// The calls for a WASI program: `_start` for a command; for a reactor,
/// `_initialize` (if exported) and then every other export with zero
/// arguments, in declaration order.
pub fn wasi_calls(info: &ModuleInfo) -> Vec<Call> {
    let exported: Vec<_> = info.exported_funcs().collect();
    let callable = |n: &str| {
        exported
            .iter()
            .any(|(e, s)| *e == n && s.is_some_and(|s| s.params.is_empty()))
    };
    if callable("_start") {
        return vec![Call {
            export: "_start".into(),
            args: Vec::new(),
        }];
    }
    let mut calls = crate::generate::zero_arg_calls(info);
    if let Some(i) = calls.iter().position(|c| c.export == "_initialize") {
        let init = calls.remove(i);
        calls.insert(0, init);
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::parse`] with the error as its message, to compare.
    fn parse(t: ValType, text: &str) -> Result<Val, String> {
        super::parse(t, text).map_err(|e| e.report())
    }

    #[test]
    fn integers_in_either_range_or_hex() {
        assert_eq!(parse(ValType::I32, "30"), Ok(Val::I32(30)));
        assert_eq!(parse(ValType::I32, "-1"), Ok(Val::I32(-1)));
        assert_eq!(parse(ValType::I32, "4294967295"), Ok(Val::I32(-1)));
        assert_eq!(parse(ValType::I32, "-2147483648"), Ok(Val::I32(i32::MIN)));
        assert_eq!(parse(ValType::I32, "0x80000000"), Ok(Val::I32(i32::MIN)));
        assert_eq!(
            parse(ValType::I64, "-9223372036854775808"),
            Ok(Val::I64(i64::MIN))
        );
        for bad in ["4294967296", "-2147483649", "1.5", "x", "", "0x100000000"] {
            assert!(parse(ValType::I32, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn floats_with_signed_zero_infinities_nans_and_bits() {
        assert_eq!(parse(ValType::F32, "-0"), Ok(Val::F32(0x8000_0000)));
        assert_eq!(parse(ValType::F32, "1.5"), Ok(Val::F32(1.5f32.to_bits())));
        assert_eq!(parse(ValType::F32, "-inf"), Ok(Val::F32(0xff80_0000)));
        assert_eq!(parse(ValType::F32, "nan"), Ok(Val::F32(0x7fc0_0000)));
        assert_eq!(parse(ValType::F32, "-nan"), Ok(Val::F32(0xffc0_0000)));
        assert_eq!(parse(ValType::F32, "nan:0x1"), Ok(Val::F32(0x7f80_0001)));
        assert_eq!(parse(ValType::F32, "0x7fa00001"), Ok(Val::F32(0x7fa0_0001)));
        assert_eq!(parse(ValType::F64, "-0.0"), Ok(Val::F64(1 << 63)));
        assert_eq!(
            parse(ValType::F64, "nan:0x4000000000001"),
            Ok(Val::F64(0x7ff4_0000_0000_0001))
        );
        assert_eq!(parse(ValType::F64, "1e-3"), Ok(Val::F64(1e-3f64.to_bits())));
        for bad in ["nan:0x0", "nan:0x800000", "one", "0x1ffffffff", "--1"] {
            assert!(parse(ValType::F32, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn v128_as_hex_bits_and_references_as_null() {
        assert_eq!(
            parse(ValType::V128, "0x0102030405060708090a0b0c0d0e0f10"),
            Ok(Val::V128(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10))
        );
        assert_eq!(parse(ValType::V128, "0x1"), Ok(Val::V128(1)));
        assert!(parse(ValType::V128, "1").is_err());
        assert!(parse(ValType::V128, &format!("0x{}", "f".repeat(33))).is_err());
        assert_eq!(
            parse(ValType::FuncRef, "null"),
            Ok(Val::FuncRef { null: true })
        );
        assert!(parse(ValType::ExternRef, "7").is_err());
    }

    fn info(wat: &str) -> ModuleInfo {
        ModuleInfo::parse(&wat::parse_str(wat).unwrap()).unwrap()
    }

    #[test]
    fn the_call_follows_the_modules_initialization() {
        let m = info(
            r#"(module (func (export "_initialize")) (func (export "_start"))
                 (func (export "f") (param i32 f64) (result i32) local.get 0))"#,
        );
        let calls = calls(&m, "f", &["7".into(), "-0".into()]).unwrap();
        let names: Vec<_> = calls.iter().map(|c| c.export.as_str()).collect();
        assert_eq!(names, ["_start", "f"]);
        assert_eq!(calls[1].args, [Val::I32(7), Val::F64(1 << 63)]);
        // `--invoke _start` calls it once.
        let once = super::calls(&m, "_start", &[]).unwrap();
        assert_eq!(once.len(), 2);
        assert_eq!(once[0].export, "_initialize");
    }

    #[test]
    fn a_missing_export_or_a_wrong_count_is_a_clear_error() {
        let m = info(r#"(module (func (export "f") (param i32)))"#);
        let e = calls(&m, "g", &[]).unwrap_err().report();
        assert!(
            e.contains("no exported function `g`") && e.contains("f"),
            "{e}"
        );
        let e = calls(&m, "f", &[]).unwrap_err().report();
        assert!(e.contains("takes 1 argument (i32), 0 given"), "{e}");
        let e = calls(&m, "f", &["1.5".into()]).unwrap_err().report();
        assert!(e.contains("argument 1 of `f` (i32)"), "{e}");
    }
}
