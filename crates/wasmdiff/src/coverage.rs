//! Operator coverage: which of the WebAssembly operators a feature adds
//! appear in generated modules, and which of them execute.
//!
//! Every operator wasmparser knows has an id (its place in
//! `wasmparser::for_each_operator!`) and the proposal that introduced it,
//! mapped to wasmdiff's [`Feature`]. A module's operators are those of its
//! function bodies (constant expressions are not counted). To see which
//! execute, [`instrument`] makes a copy of the module in which every
//! operator is preceded by `global.get $cK; i64.const 1<<bit; i64.or;
//! global.set $cK`, one bit per distinct operator of the module, in new
//! mutable `i64` globals exported under reserved names; after running the
//! copy, [`Instrumented::executed`] reads them back.

use std::sync::OnceLock;

use wasm_encoder::reencode::{Error as ReencodeError, Reencode};
use wasm_encoder::{
    CodeSection, ConstExpr, ExportKind, ExportSection, GlobalSection, GlobalType, Instruction,
    Module, SectionId, ValType,
};
use wasmparser::Operator;

use crate::engines::{Engine, Instance};
use crate::error::Error;
use crate::features::{Feature, FeatureSet};
use crate::generate::TestCase;
use crate::module_info::ModuleInfo;
use crate::value::Val;

/// The prefix of the counter globals' export names.
pub const COUNTER_PREFIX: &str = "__wasmdiff_coverage_";

/// One operator wasmparser knows.
#[derive(Clone, Debug)]
pub struct Opcode {
    /// Its name in the text format, approximately (`i32.add`,
    /// `br_table`, `memory.atomic_notify`).
    pub name: String,
    /// The proposal wasmparser files it under (`mvp`, `simd`, ...).
    pub proposal: &'static str,
    /// The wasmdiff feature that proposal is, if wasmdiff knows it.
    pub feature: Option<Feature>,
}

macro_rules! define_opcodes {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        /// Every operator, in `for_each_operator!` order (the order is the id).
        #[derive(Clone, Copy)]
        enum Op {
            $( $op, )*
        }

        /// (visitor name, proposal) of every operator, by id.
        const RAW: &[(&str, &str)] = &[
            $( (stringify!($visit), stringify!($proposal)), )*
        ];

        /// The id of an operator.
        pub fn opcode_of(op: &Operator<'_>) -> Option<usize> {
            #[allow(unreachable_patterns)]
            match op {
                $( Operator::$op { .. } => Some(Op::$op as usize), )*
                _ => None,
            }
        }
    };
}
wasmparser::for_each_operator!(define_opcodes);

/// Every operator, by id.
pub fn opcodes() -> &'static [Opcode] {
    static TABLE: OnceLock<Vec<Opcode>> = OnceLock::new();
    TABLE.get_or_init(|| {
        RAW.iter()
            .map(|(visit, proposal)| Opcode {
                name: text_name(visit.trim_start_matches("visit_")),
                proposal,
                feature: feature_of(proposal),
            })
            .collect()
    })
}

/// `i32_add` as `i32.add`: the first underscore after a type or
/// namespace prefix is a dot.
fn text_name(snake: &str) -> String {
    const PREFIXES: &[&str] = &[
        "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
        "local", "global", "memory", "table", "ref", "data", "elem", "struct", "array", "any",
        "extern", "i31",
    ];
    match snake.split_once('_') {
        Some((head, rest)) if PREFIXES.contains(&head) => format!("{head}.{rest}"),
        _ => snake.to_string(),
    }
}

/// The wasmdiff feature of a wasmparser proposal (`None` for proposals
/// wasmdiff does not generate or run).
fn feature_of(proposal: &str) -> Option<Feature> {
    Some(match proposal {
        "mvp" => Feature::Mvp,
        "sign_extension" => Feature::SignExtension,
        "saturating_float_to_int" => Feature::SaturatingFloatToInt,
        "bulk_memory" => Feature::BulkMemory,
        "reference_types" => Feature::ReferenceTypes,
        "tail_call" => Feature::TailCall,
        "simd" => Feature::Simd,
        "relaxed_simd" => Feature::RelaxedSimd,
        "threads" => Feature::Threads,
        "exceptions" => Feature::Exceptions,
        "function_references" => Feature::FunctionReferences,
        "gc" => Feature::Gc,
        "wide_arithmetic" => Feature::WideArithmetic,
        _ => return None,
    })
}

/// Whether an operator counts towards its feature's total: not one that
/// wasmparser parses but no valid module can contain (a multi-value
/// `select`).
fn counted(op: &Opcode) -> bool {
    op.feature.is_some() && op.name != "typed_select_multi"
}

/// A set of operator ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpSet(Vec<u64>);

impl OpSet {
    /// Add an operator.
    pub fn insert(&mut self, id: usize) {
        let (word, bit) = (id / 64, id % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    /// Whether the set has the operator.
    pub fn contains(&self, id: usize) -> bool {
        self.0
            .get(id / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    /// Add every operator of `other`.
    pub fn union_with(&mut self, other: &OpSet) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    /// The ids, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.0.len() * 64).filter(|i| self.contains(*i))
    }

    /// Number of operators in the set.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The operators' names, in id order.
    pub fn names(&self) -> Vec<&'static str> {
        self.iter().map(|i| opcodes()[i].name.as_str()).collect()
    }
}

/// The operators in a module's function bodies.
pub fn appearing(wasm: &[u8]) -> Result<OpSet, Error> {
    let mut set = OpSet::default();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload? {
            let mut ops = body.get_operators_reader()?;
            while !ops.eof() {
                let op = ops.read()?;
                if let Some(id) = opcode_of(&op) {
                    set.insert(id);
                }
            }
        }
    }
    Ok(set)
}

/// A module instrumented to record which of its operators execute.
#[derive(Clone, Debug)]
pub struct Instrumented {
    /// The instrumented module.
    pub wasm: Vec<u8>,
    /// The operator each counter bit stands for: bit `k` of counter
    /// `k / 64`.
    slots: Vec<usize>,
}

/// The copy of `wasm` that records, in exported counter globals, which of
/// its operators execute (see the module documentation). The copy
/// behaves as the original otherwise.
pub fn instrument(wasm: &[u8]) -> Result<Instrumented, Error> {
    let present = appearing(wasm)?;
    let slots: Vec<usize> = present.iter().collect();
    let mut bit_of = vec![None; opcodes().len()];
    for (bit, id) in slots.iter().enumerate() {
        bit_of[*id] = Some(bit as u32);
    }
    let mut globals = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload? {
            wasmparser::Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    let import = import?;
                    globals += u32::from(matches!(import.ty, wasmparser::TypeRef::Global(_)));
                }
            }
            wasmparser::Payload::GlobalSection(r) => globals += r.count(),
            wasmparser::Payload::ExportSection(r) => {
                for export in r {
                    let export = export?;
                    if export.name.starts_with(COUNTER_PREFIX) {
                        return Err(Error::Module(format!(
                            "the module already exports `{}`",
                            export.name
                        )));
                    }
                }
            }
            _ => {}
        }
    }
    let mut counters = Counters {
        bit_of,
        first: globals,
        count: slots.len().div_ceil(64) as u32,
        globals_added: false,
        exports_added: false,
    };
    let mut module = Module::new();
    counters
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| Error::library("instrumenting the module", e))?;
    Ok(Instrumented {
        wasm: module.finish(),
        slots,
    })
}

impl Instrumented {
    /// The operators that executed in `instance` (an instance of
    /// [`Instrumented::wasm`]) so far.
    pub fn executed(&self, instance: &mut dyn Instance) -> OpSet {
        let mut set = OpSet::default();
        for (k, chunk) in self.slots.chunks(64).enumerate() {
            let Some(Val::I64(bits)) = instance.global(&counter_name(k as u32)) else {
                continue;
            };
            for (bit, id) in chunk.iter().enumerate() {
                if bits as u64 & (1 << bit) != 0 {
                    set.insert(*id);
                }
            }
        }
        set
    }
}

fn counter_name(k: u32) -> String {
    format!("{COUNTER_PREFIX}{k}")
}

/// The reencoder behind [`instrument`].
struct Counters {
    /// Each operator's bit, if the module has it.
    bit_of: Vec<Option<u32>>,
    /// Index of the first counter global.
    first: u32,
    /// Number of counter globals.
    count: u32,
    globals_added: bool,
    exports_added: bool,
}

impl Counters {
    fn add_globals(&mut self, section: &mut GlobalSection) {
        for _ in 0..self.count {
            section.global(
                GlobalType {
                    val_type: ValType::I64,
                    mutable: true,
                    shared: false,
                },
                &ConstExpr::i64_const(0),
            );
        }
        self.globals_added = true;
    }

    fn add_exports(&mut self, section: &mut ExportSection) {
        for k in 0..self.count {
            section.export(&counter_name(k), ExportKind::Global, self.first + k);
        }
        self.exports_added = true;
    }
}

/// A section's place in the binary format's order.
fn rank(id: Option<SectionId>) -> u8 {
    match id {
        Some(SectionId::Type) => 1,
        Some(SectionId::Import) => 2,
        Some(SectionId::Function) => 3,
        Some(SectionId::Table) => 4,
        Some(SectionId::Memory) => 5,
        Some(SectionId::Tag) => 6,
        Some(SectionId::Global) => 7,
        Some(SectionId::Export) => 8,
        Some(SectionId::Start) => 9,
        Some(SectionId::Element) => 10,
        Some(SectionId::DataCount) => 11,
        Some(SectionId::Code) => 12,
        Some(SectionId::Data) => 13,
        Some(SectionId::Custom) => 0,
        None => u8::MAX,
    }
}

impl Reencode for Counters {
    type Error = std::convert::Infallible;

    fn parse_global_section(
        &mut self,
        globals: &mut GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        wasm_encoder::reencode::utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        wasm_encoder::reencode::utils::parse_export_section(self, exports, section)?;
        self.add_exports(exports);
        Ok(())
    }

    // A module without a global or export section gets one where it
    // belongs.
    fn intersperse_section_hook(
        &mut self,
        module: &mut Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        if self.count == 0 {
            return Ok(());
        }
        if !self.globals_added && rank(before) > rank(Some(SectionId::Global)) {
            let mut section = GlobalSection::new();
            self.add_globals(&mut section);
            module.section(&section);
        }
        if !self.exports_added && rank(before) > rank(Some(SectionId::Export)) {
            let mut section = ExportSection::new();
            self.add_exports(&mut section);
            module.section(&section);
        }
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        let mut f = self.new_function_with_parsed_locals(&func)?;
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            if let Some(bit) = opcode_of(&op).and_then(|id| self.bit_of[id]) {
                let global = self.first + bit / 64;
                f.instruction(&Instruction::GlobalGet(global));
                f.instruction(&Instruction::I64Const(1 << (bit % 64)));
                f.instruction(&Instruction::I64Or);
                f.instruction(&Instruction::GlobalSet(global));
            }
            f.instruction(&self.instruction(op)?);
        }
        code.function(&f);
        Ok(())
    }
}

/// What one test case covered.
#[derive(Clone, Debug, Default)]
pub struct CaseCoverage {
    /// Operators in the module's function bodies.
    pub appearing: OpSet,
    /// Operators that executed (start function and every call of the
    /// case); empty if the instrumented module did not instantiate.
    pub executed: OpSet,
    /// Whether the instrumented module instantiated.
    pub instantiated: bool,
}

/// Run `case` instrumented in `engine` (instantiation, then every call of
/// the case in order) and report its coverage.
pub fn run_case(engine: &mut dyn Engine, case: &TestCase) -> Result<CaseCoverage, Error> {
    let appearing = appearing(&case.wasm)?;
    let copy = instrument(&case.wasm)?;
    let info = ModuleInfo::parse_with_features(&copy.wasm, case.info.features)?;
    let Ok(mut instance) = engine.instantiate(&copy.wasm, &info) else {
        return Ok(CaseCoverage {
            appearing,
            ..CaseCoverage::default()
        });
    };
    for call in &case.calls {
        instance.call(&call.export, &call.args);
    }
    Ok(CaseCoverage {
        appearing,
        executed: copy.executed(instance.as_mut()),
        instantiated: true,
    })
}

/// The coverage figures of one feature.
#[derive(Clone, Debug)]
pub struct FeatureCoverage {
    /// The feature.
    pub feature: Feature,
    /// Operators the feature adds.
    pub total: usize,
    /// Those that appeared in some module.
    pub appearing: usize,
    /// Those that executed in some case.
    pub executed: usize,
    /// The operators that never appeared.
    pub missing: Vec<&'static str>,
    /// The operators that appeared but never executed.
    pub not_executed: Vec<&'static str>,
}

/// Per-feature figures for the features of `features` that add operators.
pub fn by_feature(
    appearing: &OpSet,
    executed: &OpSet,
    features: FeatureSet,
) -> Vec<FeatureCoverage> {
    features
        .iter()
        .filter_map(|feature| {
            let ids: Vec<usize> = opcodes()
                .iter()
                .enumerate()
                .filter(|(_, op)| counted(op) && op.feature == Some(feature))
                .map(|(i, _)| i)
                .collect();
            if ids.is_empty() {
                return None;
            }
            let name = |i: &usize| opcodes()[*i].name.as_str();
            Some(FeatureCoverage {
                feature,
                total: ids.len(),
                appearing: ids.iter().filter(|i| appearing.contains(**i)).count(),
                executed: ids.iter().filter(|i| executed.contains(**i)).count(),
                missing: ids
                    .iter()
                    .filter(|i| !appearing.contains(**i))
                    .map(name)
                    .collect(),
                not_executed: ids
                    .iter()
                    .filter(|i| appearing.contains(**i) && !executed.contains(**i))
                    .map(name)
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::{EngineKind, Limits};
    use crate::outcome::Outcome;

    fn sorted(set: OpSet) -> Vec<&'static str> {
        let mut names = set.names();
        names.sort_unstable();
        names
    }

    fn run(wat: &str, calls: &[(&str, Vec<Val>)]) -> (Vec<Outcome>, Vec<Outcome>, OpSet, OpSet) {
        let wasm = wat::parse_str(wat).unwrap();
        let copy = instrument(&wasm).unwrap();
        wasmparser::Validator::new()
            .validate_all(&copy.wasm)
            .expect("the instrumented module validates");
        let mut engine = EngineKind::WasmtimeCranelift
            .build(Limits::default(), FeatureSet::all())
            .unwrap();
        let mut outcomes = |wasm: &[u8]| {
            let info = ModuleInfo::parse(wasm).unwrap();
            let mut inst = engine.instantiate(wasm, &info).unwrap();
            let results = calls.iter().map(|(f, args)| inst.call(f, args)).collect();
            (results, inst)
        };
        let (plain, _) = outcomes(&wasm);
        let (counted, mut inst) = outcomes(&copy.wasm);
        let executed = copy.executed(inst.as_mut());
        (plain, counted, appearing(&wasm).unwrap(), executed)
    }

    #[test]
    fn instrumented_modules_behave_the_same_and_report_what_ran() {
        let (plain, counted, appearing, executed) = run(
            r#"(module
                 (global $g (mut i32) (i32.const 0))
                 (func (export "f") (param i32) (result i32)
                   (if (result i32) (local.get 0)
                     (then (i32.add (local.get 0) (i32.const 1)))
                     (else (i32.mul (local.get 0) (i32.const 3)))))
                 (func (export "unused") (result f64) (f64.sqrt (f64.const 2))))"#,
            &[("f", vec![Val::I32(5)])],
        );
        assert_eq!(plain, counted);
        assert_eq!(plain, [Outcome::Ok(vec![Val::I32(6)])]);
        assert_eq!(
            sorted(appearing),
            [
                "else",
                "end",
                "f64.const",
                "f64.sqrt",
                "i32.add",
                "i32.const",
                "i32.mul",
                "if",
                "local.get"
            ]
        );
        // `else` is counted at the end of the `then` arm, `end` at the end
        // of the function (the `if`'s own `end` closes the `else` arm).
        assert_eq!(
            sorted(executed),
            ["else", "end", "i32.add", "i32.const", "if", "local.get"]
        );
    }

    #[test]
    fn modules_without_globals_or_exports_get_them() {
        // A trap after some operators ran: those still count.
        let (plain, counted, _, executed) = run(
            r#"(module (memory 1)
                 (func (export "f") (param i32) (result i32)
                   (drop (i32.const 1))
                   (i32.load (local.get 0))))"#,
            &[("f", vec![Val::I32(-1)])],
        );
        assert_eq!(plain, counted);
        assert!(matches!(plain[0], Outcome::Trap(_)), "{plain:?}");
        assert_eq!(
            sorted(executed),
            ["drop", "i32.const", "i32.load", "local.get"]
        );
        // No export section at all: the start function's operators count.
        let wasm = wat::parse_str(
            r#"(module (global $g (mut i32) (i32.const 0))
                 (func $s (global.set $g (i32.const 1))) (start $s))"#,
        )
        .unwrap();
        let copy = instrument(&wasm).unwrap();
        let mut engine = EngineKind::WasmtimeCranelift
            .build(Limits::default(), FeatureSet::all())
            .unwrap();
        let info = ModuleInfo::parse(&copy.wasm).unwrap();
        let mut inst = engine.instantiate(&copy.wasm, &info).unwrap();
        assert_eq!(
            sorted(copy.executed(inst.as_mut())),
            ["end", "global.set", "i32.const"]
        );
    }

    #[test]
    fn every_operator_has_an_id_and_features_have_totals() {
        assert_eq!(opcode_of(&Operator::Unreachable), Some(0));
        let simd = opcode_of(&Operator::I8x16Swizzle).unwrap();
        assert_eq!(opcodes()[simd].name, "i8x16.swizzle");
        assert_eq!(opcodes()[simd].feature, Some(Feature::Simd));
        let figures = by_feature(&OpSet::default(), &OpSet::default(), FeatureSet::all());
        let mvp = figures.iter().find(|f| f.feature == Feature::Mvp).unwrap();
        assert!(mvp.total > 150, "{}", mvp.total);
        assert_eq!(mvp.missing.len(), mvp.total);
        // Features without operators of their own are not listed.
        assert!(figures.iter().all(|f| f.feature != Feature::MultiValue));
    }
}
