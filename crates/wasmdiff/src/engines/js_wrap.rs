//! Exports that JavaScript can call with exact bits. A `v128` cannot cross
//! the JavaScript API at all, and a float crosses as a JavaScript number,
//! which may lose a NaN's payload or sign. For each exported function with
//! such a parameter or result, [`wrap`] appends a wrapper function and
//! exports it under a reserved name: it takes a `v128` as two `i64`s (low
//! half first) and a float as its bits (`i32`/`i64`), calls the export, and
//! returns its results the same way. Nothing else in the module changes:
//! the wrappers come after every function (no index moves) and touch no
//! state, so the engine runs the same code with the same state, and the
//! calls compare with exact bits.

use std::collections::HashMap;

use wasm_encoder::{Encode, Function, Instruction, ValType as EncType};
use wasmparser::{ExternalKind, Parser, Payload};

use crate::module_info::{FuncSig, ModuleInfo};
use crate::value::{Val, ValType};

/// The prefix of a wrapper's export name.
const PREFIX: &str = "wasmdiff-bits:";

/// A module with wrappers, and which export each wrapper calls.
pub(crate) struct Wrapped {
    pub wasm: Vec<u8>,
    /// Export name -> the wrapper's export name.
    pub wrappers: HashMap<String, String>,
}

/// Whether a call of this signature needs a wrapper to cross exactly.
fn needs_wrapper(sig: &FuncSig) -> bool {
    sig.params
        .iter()
        .chain(&sig.results)
        .any(|t| matches!(t, ValType::V128 | ValType::F32 | ValType::F64))
        && !sig
            .params
            .iter()
            .chain(&sig.results)
            .any(|t| *t == ValType::AnyRef)
}

fn enc(t: ValType) -> EncType {
    match t {
        ValType::I32 => EncType::I32,
        ValType::I64 => EncType::I64,
        ValType::F32 => EncType::F32,
        ValType::F64 => EncType::F64,
        ValType::V128 => EncType::V128,
        ValType::FuncRef => EncType::FUNCREF,
        ValType::ExternRef | ValType::AnyRef => EncType::EXTERNREF,
    }
}

/// The module with a wrapper for every export that needs one, or `None`
/// when none does (or the module's layout is not one this handles: a
/// module without its own functions).
pub(crate) fn wrap(wasm: &[u8], info: &ModuleInfo) -> Option<Wrapped> {
    let targets: Vec<(String, FuncSig)> = info
        .exported_funcs()
        .filter_map(|(name, sig)| Some((name.to_string(), sig?.clone())))
        .filter(|(_, sig)| needs_wrapper(sig))
        .collect();
    if targets.is_empty() {
        return None;
    }
    // What the sections say: counts, and the function each export names.
    let (mut types, mut funcs) = (0u32, 0u32);
    let mut export_index: HashMap<String, u32> = HashMap::new();
    let mut has = [false; 14];
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.ok()?;
        if let Some((id, _)) = payload.as_section() {
            has[usize::from(id).min(13)] = true;
        }
        match payload {
            Payload::TypeSection(r) => {
                for group in r {
                    types += group.ok()?.types().len() as u32;
                }
            }
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    if matches!(import.ok()?.ty, wasmparser::TypeRef::Func(_)) {
                        funcs += 1;
                    }
                }
            }
            Payload::FunctionSection(r) => funcs += r.count(),
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.ok()?;
                    if e.kind == ExternalKind::Func {
                        export_index.insert(e.name.to_string(), e.index);
                    }
                }
            }
            _ => {}
        }
    }
    // Type, function, export and code sections are extended in place.
    if !(has[1] && has[3] && has[7] && has[10]) {
        return None;
    }
    let mut new_types = wasm_encoder::TypeSection::new();
    let mut new_funcs = wasm_encoder::FunctionSection::new();
    let mut new_exports = wasm_encoder::ExportSection::new();
    let mut new_code = wasm_encoder::CodeSection::new();
    let mut wrappers = HashMap::new();
    for (i, (name, sig)) in targets.iter().enumerate() {
        let wrapper_name = format!("{PREFIX}{name}");
        let callee = *export_index.get(name)?;
        if export_index.contains_key(&wrapper_name) {
            continue;
        }
        let crossing = wrapper_sig(sig);
        let params: Vec<EncType> = crossing.params.iter().map(|t| enc(*t)).collect();
        let results: Vec<EncType> = crossing.results.iter().map(|t| enc(*t)).collect();
        new_types.ty().function(params.clone(), results);
        new_funcs.function(types + i as u32);
        new_exports.export(
            &wrapper_name,
            wasm_encoder::ExportKind::Func,
            funcs + i as u32,
        );
        // A local per result of the callee, to convert them in order.
        let first_local = params.len() as u32;
        let mut body = Function::new(sig.results.iter().map(|t| (1, enc(*t))));
        let mut k = 0u32;
        for t in &sig.params {
            match t {
                ValType::V128 => {
                    body.instruction(&Instruction::V128Const(0))
                        .instruction(&Instruction::LocalGet(k))
                        .instruction(&Instruction::I64x2ReplaceLane(0))
                        .instruction(&Instruction::LocalGet(k + 1))
                        .instruction(&Instruction::I64x2ReplaceLane(1));
                    k += 2;
                }
                ValType::F32 => {
                    body.instruction(&Instruction::LocalGet(k))
                        .instruction(&Instruction::F32ReinterpretI32);
                    k += 1;
                }
                ValType::F64 => {
                    body.instruction(&Instruction::LocalGet(k))
                        .instruction(&Instruction::F64ReinterpretI64);
                    k += 1;
                }
                _ => {
                    body.instruction(&Instruction::LocalGet(k));
                    k += 1;
                }
            }
        }
        body.instruction(&Instruction::Call(callee));
        for r in (0..sig.results.len() as u32).rev() {
            body.instruction(&Instruction::LocalSet(first_local + r));
        }
        for (r, t) in sig.results.iter().enumerate() {
            let local = first_local + r as u32;
            body.instruction(&Instruction::LocalGet(local));
            match t {
                ValType::V128 => {
                    body.instruction(&Instruction::I64x2ExtractLane(0))
                        .instruction(&Instruction::LocalGet(local))
                        .instruction(&Instruction::I64x2ExtractLane(1));
                }
                ValType::F32 => {
                    body.instruction(&Instruction::I32ReinterpretF32);
                }
                ValType::F64 => {
                    body.instruction(&Instruction::I64ReinterpretF64);
                }
                _ => {}
            }
        }
        body.instruction(&Instruction::End);
        new_code.function(&body);
        wrappers.insert(name.clone(), wrapper_name);
    }
    if wrappers.is_empty() {
        return None;
    }
    let mut out = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.ok()?;
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let data = &wasm[range.start as usize..range.end as usize];
        let extra = match id {
            1 => Some((new_types.len(), encoded(&new_types))),
            3 => Some((new_funcs.len(), encoded(&new_funcs))),
            7 => Some((new_exports.len(), encoded(&new_exports))),
            10 => Some((new_code.len(), encoded(&new_code))),
            _ => None,
        };
        let data = match extra {
            Some((added, entries)) => extended(data, added, &entries)?,
            None => data.to_vec(),
        };
        out.section(&wasm_encoder::RawSection { id, data: &data });
    }
    let wasm = out.finish();
    // A reference parameter or result is typed here as plain `funcref` or
    // `externref`: a wrapper of an export whose reference is concrete or
    // non-null (`(ref null $t)`, `(ref extern)`) would not validate. Such a
    // module goes unwrapped.
    let refs = targets.iter().any(|(_, sig)| {
        sig.params
            .iter()
            .chain(&sig.results)
            .any(|t| matches!(t, ValType::FuncRef | ValType::ExternRef))
    });
    if refs
        && wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
            .validate_all(&wasm)
            .is_err()
    {
        return None;
    }
    Some(Wrapped { wasm, wrappers })
}

/// A section's entries as encoded, without its size and count.
fn encoded(section: &impl Encode) -> Vec<u8> {
    let mut bytes = Vec::new();
    section.encode(&mut bytes);
    let size_len = leb(&bytes).map_or(0, |(_, n)| n);
    let count_len = leb(&bytes[size_len..]).map_or(0, |(_, n)| n);
    bytes[size_len + count_len..].to_vec()
}

/// A section body (count, entries) with `added` more entries.
fn extended(body: &[u8], added: u32, entries: &[u8]) -> Option<Vec<u8>> {
    let (count, len) = leb(body)?;
    let mut out = Vec::with_capacity(body.len() + entries.len() + 5);
    (u32::try_from(count).ok()? + added).encode(&mut out);
    out.extend_from_slice(&body[len..]);
    out.extend_from_slice(entries);
    Some(out)
}

/// An unsigned LEB128 and its length.
fn leb(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// Arguments as the wrapper takes them.
pub(crate) fn wrapper_args(args: &[Val]) -> Vec<Val> {
    let mut out = Vec::new();
    for v in args {
        match *v {
            Val::F32(b) => out.push(Val::I32(b as i32)),
            Val::F64(b) => out.push(Val::I64(b as i64)),
            Val::V128(x) => {
                out.push(Val::I64(x as u64 as i64));
                out.push(Val::I64((x >> 64) as u64 as i64));
            }
            other => out.push(other),
        }
    }
    out
}

/// The wrapper's signature for an export's.
pub(crate) fn wrapper_sig(sig: &FuncSig) -> FuncSig {
    let cross = |ts: &[ValType]| -> Vec<ValType> {
        ts.iter()
            .flat_map(|t| match t {
                ValType::F32 => vec![ValType::I32],
                ValType::F64 => vec![ValType::I64],
                ValType::V128 => vec![ValType::I64, ValType::I64],
                other => vec![*other],
            })
            .collect()
    };
    FuncSig {
        params: cross(&sig.params),
        results: cross(&sig.results),
    }
}

/// The export's results from the wrapper's.
pub(crate) fn export_results(sig: &FuncSig, got: &[Val]) -> Option<Vec<Val>> {
    let mut it = got.iter();
    let mut out = Vec::new();
    let next_i64 = |it: &mut std::slice::Iter<'_, Val>| match it.next()? {
        Val::I64(x) => Some(*x as u64),
        _ => None,
    };
    for t in &sig.results {
        out.push(match t {
            ValType::F32 => match it.next()? {
                Val::I32(b) => Val::F32(*b as u32),
                _ => return None,
            },
            ValType::F64 => Val::F64(next_i64(&mut it)?),
            ValType::V128 => {
                let lo = next_i64(&mut it)?;
                let hi = next_i64(&mut it)?;
                Val::V128(u128::from(lo) | (u128::from(hi) << 64))
            }
            _ => *it.next()?,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_cross_v128_and_float_bits_and_leave_the_rest_alone() {
        let wasm = wat::parse_str(
            r#"(module
                 (memory (export "m") 1)
                 (func (export "id") (param v128 f32) (result f32 v128 i32)
                   local.get 1 local.get 0 i32.const 7)
                 (func (export "plain") (result i32) i32.const 1))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let w = wrap(&wasm, &info).expect("a wrapper");
        assert_eq!(w.wrappers.len(), 1);
        assert_eq!(w.wrappers["id"], "wasmdiff-bits:id");
        let wrapped = ModuleInfo::parse(&w.wasm).unwrap();
        let sig = wrapped
            .exported_funcs()
            .find(|(n, _)| *n == "wasmdiff-bits:id")
            .and_then(|(_, s)| s)
            .unwrap();
        assert_eq!(sig.params, [ValType::I64, ValType::I64, ValType::I32]);
        assert_eq!(
            sig.results,
            [ValType::I32, ValType::I64, ValType::I64, ValType::I32]
        );
        // Every original export is still there.
        for name in ["m", "id", "plain"] {
            assert!(wrapped.exports.iter().any(|e| e.name == name), "{name}");
        }
        // Argument and result conversions invert each other.
        let v = Val::V128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210);
        let nan = Val::F32(0x7fa0_0001);
        let args = wrapper_args(&[v, nan]);
        let original = info
            .exported_funcs()
            .find(|(n, _)| *n == "id")
            .and_then(|(_, s)| s)
            .unwrap();
        let back = export_results(
            &FuncSig {
                params: vec![],
                results: vec![ValType::V128, ValType::F32],
            },
            &args,
        )
        .unwrap();
        assert_eq!(back, [v, nan]);
        assert_eq!(wrapper_sig(original).params, sig.params);
    }

    /// A wrapper would pass a plain `funcref` where the export takes a
    /// concrete reference: such a module stays unwrapped, never invalid (a
    /// campaign with SpiderMonkey met the invalid wrapper as a false
    /// compile divergence).
    #[test]
    fn an_export_with_a_concrete_reference_is_not_wrapped() {
        let wasm = wat::parse_str(
            r#"(module
                 (type $t (func (result f64)))
                 (func (export "f") (param (ref null $t) f32) (result f32) local.get 1)
                 (func (export "g") (param funcref f64) (result f64) local.get 1))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        assert!(wrap(&wasm, &info).is_none());
        // With plain references only, the wrapper is made and valid.
        let wasm = wat::parse_str(
            r#"(module (func (export "g") (param funcref f64) (result f64) local.get 1))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let w = wrap(&wasm, &info).expect("a wrapper");
        assert!(ModuleInfo::parse(&w.wasm).is_ok());
    }
}
