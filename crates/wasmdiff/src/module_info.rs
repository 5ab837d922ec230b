//! What wasmdiff needs to know about a module before running it: imports,
//! exports in declaration order (engines may sort them), the start function,
//! memory and table limits, and the features it needs.

use serde::Serialize;
use wasmparser::types::Types;
use wasmparser::{Parser, Payload, TypeRef, ValidPayload, Validator};

use crate::error::Error;
use crate::features::FeatureSet;
use crate::value::ValType;

/// A function signature. A parameter or result type that wasmdiff cannot
/// represent (a GC reference) makes the whole signature `None` in
/// [`EntityType::Func`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FuncSig {
    /// Parameter types.
    pub params: Vec<ValType>,
    /// Result types.
    pub results: Vec<ValType>,
}

/// A memory's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MemoryType {
    /// Minimum size in pages.
    pub min: u64,
    /// Maximum size in pages, if declared.
    pub max: Option<u64>,
    /// 64-bit addresses.
    pub memory64: bool,
    /// Shared (threads).
    pub shared: bool,
    /// log2 of the page size, if not 64 KiB.
    pub page_size_log2: Option<u32>,
}

/// A table's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TableType {
    /// Element type (func or extern reference).
    pub element: ValType,
    /// Minimum size.
    pub min: u64,
    /// Maximum size, if declared.
    pub max: Option<u64>,
    /// 64-bit indices.
    pub table64: bool,
}

/// A global's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct GlobalType {
    /// Value type.
    pub ty: ValType,
    /// Whether it is mutable.
    pub mutable: bool,
}

/// The type of an import or export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum EntityType {
    /// A function; `None` if its signature has types wasmdiff cannot pass.
    Func {
        /// The signature.
        sig: Option<FuncSig>,
    },
    /// A memory.
    Memory(MemoryType),
    /// A table; `None` if its element type is a GC reference.
    Table {
        /// The table type.
        ty: Option<TableType>,
    },
    /// A global; `None` if its type is a GC reference.
    Global {
        /// The global type.
        ty: Option<GlobalType>,
    },
    /// An exception tag.
    Tag,
}

impl EntityType {
    /// `func`, `memory`, `table`, `global` or `tag`.
    pub fn kind(&self) -> &'static str {
        match self {
            EntityType::Func { .. } => "func",
            EntityType::Memory(_) => "memory",
            EntityType::Table { .. } => "table",
            EntityType::Global { .. } => "global",
            EntityType::Tag => "tag",
        }
    }
}

/// An import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Field name.
    pub name: String,
    /// What is imported.
    pub ty: EntityType,
}

/// An export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Export {
    /// Export name.
    pub name: String,
    /// What is exported.
    pub ty: EntityType,
}

/// Facts about a valid module.
#[derive(Clone, Debug, Serialize)]
pub struct ModuleInfo {
    /// Imports, in order.
    pub imports: Vec<Import>,
    /// Exports, in declaration order.
    pub exports: Vec<Export>,
    /// The start function's index, if any.
    pub start: Option<u32>,
    /// All memories (imported first), in index order.
    pub memories: Vec<MemoryType>,
    /// All tables (imported first), in index order.
    pub tables: Vec<TableType>,
    /// Number of functions (imported and defined).
    pub functions: u32,
    /// Features the module needs (for a generated module: the features it
    /// was generated with, which may be more than it uses).
    #[serde(serialize_with = "ser_display")]
    pub features: FeatureSet,
    /// Whether [`ModuleInfo::features`] needs no narrowing to decide which
    /// engines can run the module: it is exactly what the module needs
    /// ([`ModuleInfo::parse`]), or a generated case's set, whose features
    /// beyond the module's needs every engine of its campaign supports
    /// ([`FeatureSet::required_within`]). Otherwise (a shrink candidate
    /// keeps its original's set) the oracle searches for the exact set
    /// when an engine lacks one of them.
    #[serde(skip)]
    pub features_exact: bool,
}

fn ser_display<S: serde::Serializer>(f: &FeatureSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(f)
}

impl ModuleInfo {
    /// Inspect a module. The error says why the module is invalid, with the
    /// byte offset.
    pub fn parse(wasm: &[u8]) -> Result<ModuleInfo, Error> {
        let features = FeatureSet::required_by(wasm)?;
        let mut info = Self::inspect(wasm, features, true)?;
        info.features_exact = true;
        Ok(info)
    }

    /// The facts of a module wasmparser cannot read but an engine accepted:
    /// none (no imports, exports, memories or tables are known).
    pub fn unreadable() -> ModuleInfo {
        ModuleInfo {
            imports: Vec::new(),
            exports: Vec::new(),
            start: None,
            memories: Vec::new(),
            tables: Vec::new(),
            functions: 0,
            features: FeatureSet::MVP,
            features_exact: false,
        }
    }

    /// Like [`ModuleInfo::parse`], for a module whose features are already
    /// known (a generated one, or a shrink candidate): skips the feature
    /// search and the validation of function bodies (every engine validates
    /// them again anyway, and an invalid body shows as all engines rejecting
    /// the module).
    pub fn parse_with_features(wasm: &[u8], features: FeatureSet) -> Result<ModuleInfo, Error> {
        Self::inspect(wasm, features, false)
    }

    fn inspect(
        wasm: &[u8],
        features: FeatureSet,
        validate_bodies: bool,
    ) -> Result<ModuleInfo, Error> {
        let mut validator = Validator::new_with_features(wasmparser::WasmFeatures::all());
        let mut imports = Vec::new();
        let mut exports = Vec::new();
        let mut start = None;
        let mut types: Option<Types> = None;
        for payload in Parser::new(0).parse_all(wasm) {
            let payload = payload?;
            match &payload {
                Payload::ImportSection(s) => {
                    for i in s.clone().into_imports() {
                        let i = i?;
                        imports.push((i.module.to_string(), i.name.to_string(), i.ty));
                    }
                }
                Payload::ExportSection(s) => {
                    for e in s.clone() {
                        let e = e?;
                        exports.push((e.name.to_string(), e.kind, e.index));
                    }
                }
                Payload::StartSection { func, .. } => start = Some(*func),
                _ => {}
            }
            match validator.payload(&payload)? {
                ValidPayload::End(t) => types = Some(t),
                ValidPayload::Func(v, body) if validate_bodies => {
                    let mut v = v.into_validator(Default::default());
                    v.validate(&body)?;
                }
                _ => {}
            }
        }
        let types =
            types.ok_or_else(|| Error::Module("invalid module: no end of module".into()))?;
        let t = types.as_ref();

        // Whether a concrete type (after validation, an id) is a function
        // type rather than a GC struct or array.
        let is_func = |i: wasmparser::UnpackedIndex| match i {
            wasmparser::UnpackedIndex::Id(id) => matches!(
                types[id].composite_type.inner,
                wasmparser::CompositeInnerType::Func(_)
            ),
            _ => true,
        };
        let func_sig = |ty_id: wasmparser::types::CoreTypeId| {
            let sub: &wasmparser::SubType = &types[ty_id];
            let f = match &sub.composite_type.inner {
                wasmparser::CompositeInnerType::Func(f) => f,
                _ => return None,
            };
            let conv = |ts: &[wasmparser::ValType]| -> Option<Vec<ValType>> {
                ts.iter()
                    .map(|t| ValType::from_wasmparser_in(*t, is_func))
                    .collect()
            };
            Some(FuncSig {
                params: conv(f.params())?,
                results: conv(f.results())?,
            })
        };
        let memory = |m: wasmparser::MemoryType| MemoryType {
            min: m.initial,
            max: m.maximum,
            memory64: m.memory64,
            shared: m.shared,
            page_size_log2: m.page_size_log2,
        };
        let table = |tt: wasmparser::TableType| {
            Some(TableType {
                element: ValType::from_wasmparser_in(
                    wasmparser::ValType::Ref(tt.element_type),
                    is_func,
                )?,
                min: tt.initial,
                max: tt.maximum,
                table64: tt.table64,
            })
        };
        let global = |g: wasmparser::GlobalType| {
            Some(GlobalType {
                ty: ValType::from_wasmparser_in(g.content_type, is_func)?,
                mutable: g.mutable,
            })
        };

        let imports = imports
            .into_iter()
            .map(|(module, name, ty)| Import {
                module,
                name,
                ty: match ty {
                    TypeRef::Func(i) | TypeRef::FuncExact(i) => EntityType::Func {
                        sig: func_sig(t.core_type_at_in_module(i)),
                    },
                    TypeRef::Memory(m) => EntityType::Memory(memory(m)),
                    TypeRef::Table(tt) => EntityType::Table { ty: table(tt) },
                    TypeRef::Global(g) => EntityType::Global { ty: global(g) },
                    TypeRef::Tag(_) => EntityType::Tag,
                },
            })
            .collect();
        let exports = exports
            .into_iter()
            .map(|(name, kind, index)| Export {
                name,
                ty: match kind {
                    wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                        EntityType::Func {
                            sig: func_sig(t.core_function_at(index)),
                        }
                    }
                    wasmparser::ExternalKind::Memory => {
                        EntityType::Memory(memory(t.memory_at(index)))
                    }
                    wasmparser::ExternalKind::Table => EntityType::Table {
                        ty: table(t.table_at(index)),
                    },
                    wasmparser::ExternalKind::Global => EntityType::Global {
                        ty: global(t.global_at(index)),
                    },
                    wasmparser::ExternalKind::Tag => EntityType::Tag,
                },
            })
            .collect();
        Ok(ModuleInfo {
            imports,
            exports,
            start,
            memories: (0..t.memory_count())
                .map(|i| memory(t.memory_at(i)))
                .collect(),
            tables: (0..t.table_count())
                .filter_map(|i| table(t.table_at(i)))
                .collect(),
            functions: t.function_count(),
            features,
            features_exact: false,
        })
    }

    /// The exported functions, in declaration order.
    pub fn exported_funcs(&self) -> impl Iterator<Item = (&str, Option<&FuncSig>)> {
        self.exports.iter().filter_map(|e| match &e.ty {
            EntityType::Func { sig } => Some((e.name.as_str(), sig.as_ref())),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_keep_declaration_order() {
        // wasmi sorts exports by name (../shared/FACTS.md #4): we must not.
        let wasm = wat::parse_str(
            r#"(module
                 (import "env" "g" (global i64))
                 (memory (export "mem") 1 2)
                 (func (export "zeta") (param i32 f64) (result i64) global.get 0)
                 (func (export "alpha"))
                 (global (export "beta") (mut f32) (f32.const 1))
                 (start 1))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let names: Vec<_> = info.exports.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["mem", "zeta", "alpha", "beta"]);
        let funcs: Vec<_> = info.exported_funcs().collect();
        assert_eq!(funcs[0].0, "zeta");
        assert_eq!(funcs[0].1.unwrap().params, [ValType::I32, ValType::F64]);
        assert_eq!(funcs[0].1.unwrap().results, [ValType::I64]);
        assert_eq!(info.start, Some(1));
        assert_eq!(info.memories[0].max, Some(2));
        assert_eq!(info.imports[0].ty.kind(), "global");
    }

    #[test]
    fn invalid_modules_say_where() {
        let err = ModuleInfo::parse(b"\0asm\x01\0\0\0\x05\x03\x01\x00").unwrap_err();
        assert!(err.to_string().starts_with("invalid module:"), "{err}");
        assert!(err.to_string().contains("offset"), "{err}");
    }
}
