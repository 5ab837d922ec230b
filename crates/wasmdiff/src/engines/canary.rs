//! The canary: a deliberately wrong engine, for self-tests and for
//! measuring how well the generator exposes engine bugs. It is wasmi running
//! a rewritten copy of each module, in which *planted faults* change what
//! some instructions do. It is never selected by `all`.
//!
//! Without [`FAULT_ENV`] (`WASMDIFF_CANARY_FAULT`) the canary has its two
//! historical faults, which almost any module shows: every `i32.add`
//! computes `i32.sub`, and modules using `i64.rotl` do not compile (tests
//! of crash grouping need a second divergence class). Tests use them to
//! prove, end to end, that a divergence is found, shrunk, recorded once and
//! reproduced.
//!
//! With `WASMDIFF_CANARY_FAULT=a,b` (read when the engine is built, so
//! worker processes inherit it) *only* the named faults are planted. Apart
//! from the two historical ones, each is a classic engine-bug shape that
//! shows only at an edge condition: the rewrite keeps the instruction's
//! meaning for every other input (scratch locals appended to the function
//! hold the operands while the condition is tested). `wasmdiff bench
//! --power` plants them one at a time and measures how fast a campaign
//! exposes each. An unknown name makes the canary unavailable, with the
//! reason ([`EngineKind::unavailable`]).
//!
//! | fault | feature | what the canary does |
//! |---|---|---|
//! | `i32-add-sub` | mvp | (default) `i32.add` computes `i32.sub`, always |
//! | `i64-rotl-refused` | mvp | (default) a module using `i64.rotl` does not compile |
//! | `i32-rem-s-min` | mvp | `i32.rem_s` of `i32::MIN` by -1 traps (`unreachable`) instead of giving 0 |
//! | `i32-shl-unmasked` | mvp | `i32.shl` by a count >= 32 gives 0 (the count is not taken mod 32) |
//! | `i64-shr-s-unmasked` | mvp | `i64.shr_s` by a count >= 64 shifts by 63 (not mod 64) |
//! | `fmin-signed-zero` | mvp | `f32.min`/`f64.min` of two zeros gives +0 (`min(-0, +0)` is -0) |
//! | `i32-trunc-f32-s-edge` | mvp | `i32.trunc_f32_s` of 2147483520.0, the largest `f32` below 2^31, traps (integer overflow) |
//! | `i32-clz-zero` | mvp | `i32.clz` of 0 gives 31 (not 32) |
//! | `f64-nearest-ties-away` | mvp | `f64.nearest` rounds ties away from zero (2.5 gives 3, not 2) |
//! | `load-offset-wrap` | mvp | a load whose address + offset passes 2^32 (32-bit memory) wraps around instead of trapping |
//! | `br-table-off-by-one` | mvp | `br_table` with index = number of targets takes the last target, not the default |
//! | `memory-grow-to-max` | mvp | `memory.grow` to exactly the declared maximum fails (-1) |
//! | `i32-extend8-s` | sign-extension | `i32.extend8_s` of a value whose low byte is 0x80 gives 128 (not -128) |
//! | `i8x16-swizzle-oob` | simd | `i8x16.swizzle` with a lane index >= 16 gives lane `index % 16` (not 0) |
//! | `i8x16-shr-s-unmasked` | simd | `i8x16.shr_s` by a count >= 8 shifts by 7 (not mod 8) |
//! | `f32x4-min-signed-zero` | simd | `f32x4.min` of two zero lanes gives +0 |
//! | `i16x8-q15mulr-no-sat` | simd | `i16x8.q15mulr_sat_s` of -32768 * -32768 gives -32768 (not 32767) |
//! | `i32x4-trunc-sat-nan` | simd | `i32x4.trunc_sat_f32x4_s` of a NaN lane gives `i32::MIN` (not 0), as a bare x86 `cvttps2dq` |
//! | `memory-fill-end` | bulk-memory | `memory.fill` with dest + length = memory size traps (bounds check off by one) |
//! | `memory-copy-end` | bulk-memory | `memory.copy` with dest + length = destination size traps |
//! | `table-grow-to-max` | reference-types | `table.grow` to exactly the declared maximum fails (-1) |
//! | `table-get-oob` | reference-types | `table.get` at index = table size gives null instead of trapping |
//! | `table-fill-end` | reference-types | `table.fill` with index + length = table size traps |
//! | `return-call-indirect-oob` | tail-call | `return_call_indirect` past the table's end traps with `unreachable`, not out of bounds |
//! | `memory64-addr-truncate` | memory64 | loads and stores on a 64-bit memory use the address truncated to 32 bits (a high address does not trap) |
//! | `multi-memory-size` | multi-memory | `memory.size` of memory 1 and up answers memory 0's size (same index type) |
//! | `panic-poisons` | mvp | (a harness fault, not an edge case) compiling a module that uses `i64.rotr` panics while the canary holds its engine's lock, so every later module fails with a `PoisonError`, as wasmer Singlepass did, until the engine is rebuilt |
//!
//! Faults on memories or tables apply where the module's declarations allow
//! the rewrite: a declared maximum for the growth faults, a nullable
//! element type for the table faults.

use wasm_encoder::reencode::{Error as ReencodeError, Reencode};
use wasm_encoder::{BlockType, CodeSection, Function, Instruction, MemArg, Module, ValType};
use wasmparser::{MemArgTarget, Operator};

use std::sync::{Arc, Mutex};

use super::wasmi::WasmiEngine;
use super::{
    Descriptor, Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits, Session,
};
use crate::error::Error;
use crate::features::{Feature, FeatureSet};
use crate::module_info::ModuleInfo;
use crate::outcome::Outcome;

/// The canary: wasmi with the faults [`FAULT_ENV`] names planted. Never in
/// `all`; unavailable when [`FAULT_ENV`] names an unknown fault.
pub(crate) const CANARY: Descriptor = Descriptor {
    version,
    features: || super::wasmi::FEATURES,
    unavailable: || FaultSet::from_env().err().map(|e| e.report()),
    keeps_nan_payloads: true,
    applies_growth_caps: true,
    runs_under_asan: true,
    kept_between_scripts: false,
    in_all: false,
    command_line: Descriptor::no_command_line,
    native_wasi: Ok("wasmi_wasi 2.0.0 (wasi-common 36), as wasmi"),
    install: None,
    build: |_, limits, features| {
        CanaryEngine::from_env(limits, features)
            .ok()
            .map(|e| Box::new(e) as Box<dyn Engine>)
    },
};

/// `wasmi 2.0.0 (i32.add -> i32.sub)` for the default canary, or the
/// planted faults [`FAULT_ENV`] names.
fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| match FaultSet::from_env() {
        Ok(f) if f != FaultSet::default_set() => format!("wasmi 2.0.0 (faults: {f})"),
        _ => "wasmi 2.0.0 (i32.add -> i32.sub)".into(),
    })
}

/// The environment variable naming the faults to plant (comma-separated).
pub const FAULT_ENV: &str = "WASMDIFF_CANARY_FAULT";

macro_rules! faults {
    ($( $variant:ident = $name:literal, $feature:ident, $summary:literal; )*) => {
        /// A planted fault (see the [module documentation](self)'s table).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fault {
            $( #[doc = $summary] $variant, )*
        }

        impl Fault {
            /// Every fault, in a fixed order (the two default ones first).
            pub const ALL: &'static [Fault] = &[$(Fault::$variant),*];

            /// The fault's name, as in [`FAULT_ENV`].
            pub fn name(self) -> &'static str {
                match self { $(Fault::$variant => $name,)* }
            }

            /// The feature whose instructions carry the fault.
            pub fn feature(self) -> Feature {
                match self { $(Fault::$variant => Feature::$feature,)* }
            }

            /// What the canary does wrong, in one line.
            pub fn summary(self) -> &'static str {
                match self { $(Fault::$variant => $summary,)* }
            }
        }
    };
}

faults! {
    I32AddSub = "i32-add-sub", Mvp,
        "`i32.add` computes `i32.sub`, always (a default fault).";
    I64RotlRefused = "i64-rotl-refused", Mvp,
        "A module using `i64.rotl` does not compile (a default fault).";
    I32RemSMin = "i32-rem-s-min", Mvp,
        "`i32.rem_s` of `i32::MIN` by -1 traps (`unreachable`) instead of giving 0.";
    I32ShlUnmasked = "i32-shl-unmasked", Mvp,
        "`i32.shl` by a count >= 32 gives 0 (the count is not taken mod 32).";
    I64ShrSUnmasked = "i64-shr-s-unmasked", Mvp,
        "`i64.shr_s` by a count >= 64 shifts by 63 (not mod 64).";
    FminSignedZero = "fmin-signed-zero", Mvp,
        "`f32.min`/`f64.min` of two zeros gives +0 (`min(-0, +0)` is -0).";
    I32TruncF32SEdge = "i32-trunc-f32-s-edge", Mvp,
        "`i32.trunc_f32_s` of 2147483520.0 (the largest f32 below 2^31) traps.";
    I32ClzZero = "i32-clz-zero", Mvp,
        "`i32.clz` of 0 gives 31 (not 32).";
    F64NearestTiesAway = "f64-nearest-ties-away", Mvp,
        "`f64.nearest` rounds ties away from zero (2.5 gives 3, not 2).";
    LoadOffsetWrap = "load-offset-wrap", Mvp,
        "A load whose address + offset passes 2^32 wraps around instead of trapping.";
    BrTableOffByOne = "br-table-off-by-one", Mvp,
        "`br_table` with index = number of targets takes the last target, not the default.";
    MemoryGrowToMax = "memory-grow-to-max", Mvp,
        "`memory.grow` to exactly the declared maximum fails (-1).";
    I32Extend8S = "i32-extend8-s", SignExtension,
        "`i32.extend8_s` of a value whose low byte is 0x80 gives 128 (not -128).";
    I8x16SwizzleOob = "i8x16-swizzle-oob", Simd,
        "`i8x16.swizzle` with a lane index >= 16 gives lane index % 16 (not 0).";
    I8x16ShrSUnmasked = "i8x16-shr-s-unmasked", Simd,
        "`i8x16.shr_s` by a count >= 8 shifts by 7 (not mod 8).";
    F32x4MinSignedZero = "f32x4-min-signed-zero", Simd,
        "`f32x4.min` of two zero lanes gives +0.";
    I16x8Q15mulrNoSat = "i16x8-q15mulr-no-sat", Simd,
        "`i16x8.q15mulr_sat_s` of -32768 * -32768 gives -32768 (not 32767).";
    I32x4TruncSatNan = "i32x4-trunc-sat-nan", Simd,
        "`i32x4.trunc_sat_f32x4_s` of a NaN lane gives i32::MIN (not 0).";
    MemoryFillEnd = "memory-fill-end", BulkMemory,
        "`memory.fill` with dest + length = memory size traps (off by one).";
    MemoryCopyEnd = "memory-copy-end", BulkMemory,
        "`memory.copy` with dest + length = destination size traps (off by one).";
    TableGrowToMax = "table-grow-to-max", ReferenceTypes,
        "`table.grow` to exactly the declared maximum fails (-1).";
    TableGetOob = "table-get-oob", ReferenceTypes,
        "`table.get` at index = table size gives null instead of trapping.";
    TableFillEnd = "table-fill-end", ReferenceTypes,
        "`table.fill` with index + length = table size traps (off by one).";
    ReturnCallIndirectOob = "return-call-indirect-oob", TailCall,
        "`return_call_indirect` past the table's end traps as `unreachable`.";
    Memory64AddrTruncate = "memory64-addr-truncate", Memory64,
        "Loads and stores on a 64-bit memory truncate the address to 32 bits.";
    MultiMemorySize = "multi-memory-size", MultiMemory,
        "`memory.size` of memory 1 and up answers memory 0's size.";
    PanicPoisons = "panic-poisons", Mvp,
        "Compiling a module that uses `i64.rotr` panics while holding the engine's lock; every later module then fails (PoisonError) until the engine is rebuilt.";
}

impl Fault {
    /// Whether this is one of the canary's two default faults (always
    /// visible, not an edge case).
    pub fn is_default(self) -> bool {
        matches!(self, Fault::I32AddSub | Fault::I64RotlRefused)
    }

    /// The edge-condition faults: every fault but the two defaults and
    /// `panic-poisons` (which tests the harness, not the generator).
    pub fn edge_faults() -> impl Iterator<Item = Fault> {
        Fault::ALL
            .iter()
            .copied()
            .filter(|f| !f.is_default() && *f != Fault::PanicPoisons)
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Fault {
    type Err = Error;
    fn from_str(s: &str) -> Result<Fault, Error> {
        Fault::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
                Error::input(format!(
                    "unknown canary fault `{s}` (known: {})",
                    names.join(", ")
                ))
            })
    }
}

/// A set of [`Fault`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FaultSet(u64);

impl FaultSet {
    /// No fault: the canary behaves as wasmi.
    pub const NONE: FaultSet = FaultSet(0);

    /// The canary's faults when [`FAULT_ENV`] is unset: `i32-add-sub` and
    /// `i64-rotl-refused`.
    pub fn default_set() -> FaultSet {
        FaultSet::from_iter([Fault::I32AddSub, Fault::I64RotlRefused])
    }

    /// Whether `f` is planted.
    pub fn contains(self, f: Fault) -> bool {
        self.0 & (1 << f as u32) != 0
    }

    /// The faults, in [`Fault::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Fault> {
        Fault::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }

    /// Parse a comma-separated list of fault names.
    pub fn parse(list: &str) -> Result<FaultSet, Error> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::parse::<Fault>)
            .collect()
    }

    /// The faults a value of [`FAULT_ENV`] names: the default set when it
    /// is unset or empty.
    pub fn from_var(value: Option<&str>) -> Result<FaultSet, Error> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(FaultSet::default_set()),
            Some(v) => FaultSet::parse(v).map_err(|e| e.context(FAULT_ENV)),
        }
    }

    /// The faults named by [`FAULT_ENV`] in this process's environment
    /// (the one place the canary reads it).
    pub fn from_env() -> Result<FaultSet, Error> {
        let value = std::env::var_os(FAULT_ENV);
        let value = value
            .as_ref()
            .map(|v| {
                v.to_str()
                    .ok_or_else(|| Error::input(format!("{FAULT_ENV}: not UTF-8")))
            })
            .transpose()?;
        FaultSet::from_var(value)
    }
}

impl FromIterator<Fault> for FaultSet {
    fn from_iter<I: IntoIterator<Item = Fault>>(iter: I) -> FaultSet {
        FaultSet(iter.into_iter().fold(0, |s, f| s | (1 << f as u32)))
    }
}

impl std::fmt::Display for FaultSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.iter().map(Fault::name).collect();
        f.write_str(&names.join(","))
    }
}

/// wasmi running modules with planted faults.
pub struct CanaryEngine {
    inner: WasmiEngine,
    faults: FaultSet,
    /// The lock `panic-poisons` panics while holding.
    lock: Arc<Mutex<()>>,
}

impl CanaryEngine {
    /// A canary with the given limits and features, planting `faults`.
    pub fn new(limits: Limits, features: FeatureSet, faults: FaultSet) -> Self {
        CanaryEngine {
            inner: WasmiEngine::new(limits, features).reporting_as(EngineKind::Canary),
            faults,
            lock: Arc::new(Mutex::new(())),
        }
    }

    /// A canary planting the faults [`FAULT_ENV`] names (an error for an
    /// unknown name).
    pub fn from_env(limits: Limits, features: FeatureSet) -> Result<Self, Error> {
        Ok(CanaryEngine::new(limits, features, FaultSet::from_env()?))
    }

    /// The planted faults.
    pub fn faults(&self) -> FaultSet {
        self.faults
    }
}

/// The module with `faults` planted (an error for a module the rewrite
/// refuses: one using `i64.rotl` under `i64-rotl-refused`).
pub fn plant(wasm: &[u8], faults: FaultSet) -> Result<Vec<u8>, Error> {
    let failed =
        |e: &dyn std::fmt::Display| Error::engine("canary", format!("rewrite failed: {e}"));
    let facts = Facts::scan(wasm).map_err(|e| failed(&e))?;
    let mut planter = Planter {
        faults,
        facts: &facts,
        next_body: 0,
    };
    let mut module = Module::new();
    planter
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| failed(&e))?;
    Ok(module.finish())
}

/// What the rewrite needs to know about the module besides the operator
/// at hand: parameter counts (scratch locals go after the function's own
/// locals) and the memories' and tables' types.
#[derive(Default)]
struct Facts {
    /// Each type's parameter count (`None` for a non-function type).
    type_params: Vec<Option<u32>>,
    /// Each defined function's type index.
    defined: Vec<u32>,
    /// Every memory, imported first.
    memories: Vec<wasmparser::MemoryType>,
    /// Every table, imported first.
    tables: Vec<wasmparser::TableType>,
}

impl Facts {
    fn scan(wasm: &[u8]) -> Result<Facts, wasmparser::BinaryReaderError> {
        use wasmparser::{CompositeInnerType, Payload, TypeRef};
        let mut f = Facts::default();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(r) => {
                    for group in r {
                        for ty in group?.into_types() {
                            f.type_params.push(match &ty.composite_type.inner {
                                CompositeInnerType::Func(ft) => Some(ft.params().len() as u32),
                                _ => None,
                            });
                        }
                    }
                }
                Payload::ImportSection(r) => {
                    for import in r.into_imports() {
                        match import?.ty {
                            TypeRef::Memory(m) => f.memories.push(m),
                            TypeRef::Table(t) => f.tables.push(t),
                            _ => {}
                        }
                    }
                }
                Payload::FunctionSection(r) => {
                    for ty in r {
                        f.defined.push(ty?);
                    }
                }
                Payload::TableSection(r) => {
                    for t in r {
                        f.tables.push(t?.ty);
                    }
                }
                Payload::MemorySection(r) => {
                    for m in r {
                        f.memories.push(m?);
                    }
                }
                _ => {}
            }
        }
        Ok(f)
    }

    fn params_of_body(&self, body: usize) -> u32 {
        self.defined
            .get(body)
            .and_then(|t| self.type_params.get(*t as usize).copied().flatten())
            .unwrap_or(0)
    }

    fn memory64(&self, mem: u32) -> bool {
        self.memories.get(mem as usize).is_some_and(|m| m.memory64)
    }

    fn table64(&self, table: u32) -> bool {
        self.tables.get(table as usize).is_some_and(|t| t.table64)
    }
}

/// The type of addresses (or table indices) of a 64-bit or 32-bit memory.
fn index_type(is64: bool) -> ValType {
    if is64 { ValType::I64 } else { ValType::I32 }
}

/// A function body being rewritten: its instructions and the scratch
/// locals the rewrites asked for.
struct Body<'a> {
    code: Vec<Instruction<'a>>,
    /// Index of the first scratch local (after parameters and locals).
    first_scratch: u32,
    /// Types of the scratch locals, in order.
    scratch: Vec<ValType>,
    /// Which scratch locals the current rewrite holds.
    taken: Vec<bool>,
}

impl<'a> Body<'a> {
    fn emit(&mut self, i: Instruction<'a>) {
        self.code.push(i);
    }

    fn emit_all(&mut self, is: impl IntoIterator<Item = Instruction<'a>>) {
        self.code.extend(is);
    }

    /// A scratch local of type `ty` the current rewrite does not hold yet.
    /// Rewrites never nest, so each reuses the locals of the previous ones.
    fn local(&mut self, ty: ValType) -> u32 {
        let free = (0..self.scratch.len()).find(|&k| self.scratch[k] == ty && !self.taken[k]);
        let k = free.unwrap_or_else(|| {
            self.scratch.push(ty);
            self.taken.push(false);
            self.scratch.len() - 1
        });
        self.taken[k] = true;
        self.first_scratch + k as u32
    }

    /// The current rewrite is done: its locals are free again.
    fn release(&mut self) {
        self.taken.fill(false);
    }

    /// Push `local` widened to i64 (it holds an i32 unless `is64`).
    fn get_as_i64(&mut self, local: u32, is64: bool) {
        self.emit(Instruction::LocalGet(local));
        if !is64 {
            self.emit(Instruction::I64ExtendI32U);
        }
    }

    /// Push the size of memory `mem` in bytes, as i64.
    fn memory_bytes(&mut self, facts: &Facts, mem: u32) {
        let log2 = facts
            .memories
            .get(mem as usize)
            .map_or(16, |m| m.page_size_log2.unwrap_or(16));
        self.emit(Instruction::MemorySize(mem));
        if !facts.memory64(mem) {
            self.emit(Instruction::I64ExtendI32U);
        }
        self.emit_all([Instruction::I64Const(i64::from(log2)), Instruction::I64Shl]);
    }

    /// Push the size of table `table` as i64.
    fn table_size(&mut self, facts: &Facts, table: u32) {
        self.emit(Instruction::TableSize(table));
        if !facts.table64(table) {
            self.emit(Instruction::I64ExtendI32U);
        }
    }
}

/// A 128-bit constant with every 8-bit lane `x`.
fn splat8(x: u8) -> i128 {
    i128::from_le_bytes([x; 16])
}

/// A 128-bit constant with every 16-bit lane `x`.
fn splat16(x: i16) -> i128 {
    let mut b = [0; 16];
    for lane in b.chunks_mut(2) {
        lane.copy_from_slice(&x.to_le_bytes());
    }
    i128::from_le_bytes(b)
}

/// A 128-bit constant with every 32-bit lane `x`.
fn splat32(x: i32) -> i128 {
    let mut b = [0; 16];
    for lane in b.chunks_mut(4) {
        lane.copy_from_slice(&x.to_le_bytes());
    }
    i128::from_le_bytes(b)
}

/// An MVP load: its memory argument, result type and instruction.
type Access<'a> = (wasmparser::MemArg, ValType, fn(MemArg) -> Instruction<'a>);

/// The MVP load `op`, if it is one.
fn mvp_load<'a>(op: &Operator<'_>) -> Option<Access<'a>> {
    use Instruction as I;
    use Operator as O;
    Some(match *op {
        O::I32Load { memarg } => (memarg, ValType::I32, I::I32Load),
        O::I64Load { memarg } => (memarg, ValType::I64, I::I64Load),
        O::F32Load { memarg } => (memarg, ValType::F32, I::F32Load),
        O::F64Load { memarg } => (memarg, ValType::F64, I::F64Load),
        O::I32Load8S { memarg } => (memarg, ValType::I32, I::I32Load8S),
        O::I32Load8U { memarg } => (memarg, ValType::I32, I::I32Load8U),
        O::I32Load16S { memarg } => (memarg, ValType::I32, I::I32Load16S),
        O::I32Load16U { memarg } => (memarg, ValType::I32, I::I32Load16U),
        O::I64Load8S { memarg } => (memarg, ValType::I64, I::I64Load8S),
        O::I64Load8U { memarg } => (memarg, ValType::I64, I::I64Load8U),
        O::I64Load16S { memarg } => (memarg, ValType::I64, I::I64Load16S),
        O::I64Load16U { memarg } => (memarg, ValType::I64, I::I64Load16U),
        O::I64Load32S { memarg } => (memarg, ValType::I64, I::I64Load32S),
        O::I64Load32U { memarg } => (memarg, ValType::I64, I::I64Load32U),
        _ => return None,
    })
}

/// The MVP store `op`, if it is one: its memory argument and the type of
/// the stored value.
fn mvp_store(op: &Operator<'_>) -> Option<(wasmparser::MemArg, ValType)> {
    use Operator as O;
    Some(match *op {
        O::I32Store { memarg } | O::I32Store8 { memarg } | O::I32Store16 { memarg } => {
            (memarg, ValType::I32)
        }
        O::I64Store { memarg }
        | O::I64Store8 { memarg }
        | O::I64Store16 { memarg }
        | O::I64Store32 { memarg } => (memarg, ValType::I64),
        O::F32Store { memarg } => (memarg, ValType::F32),
        O::F64Store { memarg } => (memarg, ValType::F64),
        _ => return None,
    })
}

/// The linear memory a memory argument names (not a GC array).
fn memory_of(m: &wasmparser::MemArg) -> Option<u32> {
    match m.target {
        MemArgTarget::Memory(i) => Some(i),
        _ => None,
    }
}

/// The rewriter: function bodies go through [`Planter::rewrite`], which
/// plants the faults; everything else is copied.
struct Planter<'f> {
    faults: FaultSet,
    facts: &'f Facts,
    /// The defined function whose body comes next.
    next_body: usize,
}

impl Reencode for Planter<'_> {
    type Error = &'static str;

    // The default faults apply to every instruction, in constant
    // expressions too (extended-const may put an `i32.add` there).
    fn instruction<'a>(
        &mut self,
        op: Operator<'a>,
    ) -> Result<Instruction<'a>, ReencodeError<Self::Error>> {
        match op {
            Operator::I32Add if self.faults.contains(Fault::I32AddSub) => Ok(Instruction::I32Sub),
            Operator::I64Rotl if self.faults.contains(Fault::I64RotlRefused) => Err(
                ReencodeError::UserError("the canary does not compile i64.rotl"),
            ),
            other => wasm_encoder::reencode::utils::instruction(self, other),
        }
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        let mut locals = Vec::new();
        let mut count = self.facts.params_of_body(self.next_body);
        self.next_body += 1;
        for pair in func.get_locals_reader()? {
            let (n, ty) = pair?;
            count += n;
            locals.push((n, self.val_type(ty)?));
        }
        let mut body = Body {
            code: Vec::new(),
            first_scratch: count,
            scratch: Vec::new(),
            taken: Vec::new(),
        };
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            self.rewrite(op, &mut body)?;
            body.release();
        }
        locals.extend(body.scratch.iter().map(|t| (1, *t)));
        let mut f = Function::new(locals);
        for i in &body.code {
            f.instruction(i);
        }
        code.function(&f);
        Ok(())
    }
}

impl Planter<'_> {
    /// Append `op` to `b`, with the planted faults that apply to it.
    fn rewrite<'a>(
        &mut self,
        op: Operator<'a>,
        b: &mut Body<'a>,
    ) -> Result<(), ReencodeError<&'static str>> {
        use Fault as F;
        use Instruction as I;
        let faults = self.faults;
        let on = |f: Fault| faults.contains(f);
        let facts = self.facts;
        match op {
            Operator::I32RemS if on(F::I32RemSMin) => {
                let (d, n) = (b.local(ValType::I32), b.local(ValType::I32));
                b.emit_all([
                    I::LocalSet(d),
                    I::LocalSet(n),
                    I::LocalGet(n),
                    I::I32Const(i32::MIN),
                    I::I32Eq,
                    I::LocalGet(d),
                    I::I32Const(-1),
                    I::I32Eq,
                    I::I32And,
                    I::If(BlockType::Empty),
                    I::Unreachable,
                    I::End,
                    I::LocalGet(n),
                    I::LocalGet(d),
                    I::I32RemS,
                ]);
            }
            Operator::I32Shl if on(F::I32ShlUnmasked) => {
                let (c, v) = (b.local(ValType::I32), b.local(ValType::I32));
                b.emit_all([
                    I::LocalSet(c),
                    I::LocalSet(v),
                    I::I32Const(0),
                    I::LocalGet(v),
                    I::LocalGet(c),
                    I::I32Shl,
                    I::LocalGet(c),
                    I::I32Const(32),
                    I::I32GeU,
                    I::Select,
                ]);
            }
            Operator::I64ShrS if on(F::I64ShrSUnmasked) => {
                let (c, v) = (b.local(ValType::I64), b.local(ValType::I64));
                b.emit_all([
                    I::LocalSet(c),
                    I::LocalSet(v),
                    I::LocalGet(v),
                    I::I64Const(63),
                    I::I64ShrS,
                    I::LocalGet(v),
                    I::LocalGet(c),
                    I::I64ShrS,
                    I::LocalGet(c),
                    I::I64Const(64),
                    I::I64GeU,
                    I::Select,
                ]);
            }
            Operator::F32Min if on(F::FminSignedZero) => {
                let (y, x) = (b.local(ValType::F32), b.local(ValType::F32));
                b.emit_all([
                    I::LocalSet(y),
                    I::LocalSet(x),
                    I::F32Const(0.0f32.into()),
                    I::LocalGet(x),
                    I::LocalGet(y),
                    I::F32Min,
                    I::LocalGet(x),
                    I::F32Const(0.0f32.into()),
                    I::F32Eq,
                    I::LocalGet(y),
                    I::F32Const(0.0f32.into()),
                    I::F32Eq,
                    I::I32And,
                    I::Select,
                ]);
            }
            Operator::F64Min if on(F::FminSignedZero) => {
                let (y, x) = (b.local(ValType::F64), b.local(ValType::F64));
                b.emit_all([
                    I::LocalSet(y),
                    I::LocalSet(x),
                    I::F64Const(0.0f64.into()),
                    I::LocalGet(x),
                    I::LocalGet(y),
                    I::F64Min,
                    I::LocalGet(x),
                    I::F64Const(0.0f64.into()),
                    I::F64Eq,
                    I::LocalGet(y),
                    I::F64Const(0.0f64.into()),
                    I::F64Eq,
                    I::I32And,
                    I::Select,
                ]);
            }
            Operator::I32TruncF32S if on(F::I32TruncF32SEdge) => {
                // 2^31 itself traps with the right kind: the wrong answer
                // looks like a real overflow.
                let x = b.local(ValType::F32);
                b.emit_all([
                    I::LocalSet(x),
                    I::F32Const(2_147_483_648.0f32.into()),
                    I::LocalGet(x),
                    I::LocalGet(x),
                    I::F32Const(2_147_483_520.0f32.into()),
                    I::F32Eq,
                    I::Select,
                    I::I32TruncF32S,
                ]);
            }
            Operator::I32Clz if on(F::I32ClzZero) => {
                let x = b.local(ValType::I32);
                b.emit_all([
                    I::LocalTee(x),
                    I::I32Clz,
                    I::LocalGet(x),
                    I::I32Eqz,
                    I::I32Sub,
                ]);
            }
            Operator::F64Nearest if on(F::F64NearestTiesAway) => {
                let x = b.local(ValType::F64);
                b.emit_all([
                    I::LocalSet(x),
                    // trunc(x) + copysign(1, x): x rounded away from zero.
                    I::LocalGet(x),
                    I::F64Trunc,
                    I::F64Const(1.0f64.into()),
                    I::LocalGet(x),
                    I::F64Copysign,
                    I::F64Add,
                    I::LocalGet(x),
                    I::F64Nearest,
                    // A tie: |x - trunc(x)| = 0.5.
                    I::LocalGet(x),
                    I::LocalGet(x),
                    I::F64Trunc,
                    I::F64Sub,
                    I::F64Abs,
                    I::F64Const(0.5f64.into()),
                    I::F64Eq,
                    I::Select,
                ]);
            }
            Operator::BrTable { ref targets } if on(F::BrTableOffByOne) && !targets.is_empty() => {
                let n = targets.len() as i32;
                let i = b.local(ValType::I32);
                b.emit_all([
                    I::LocalSet(i),
                    I::I32Const(n - 1),
                    I::LocalGet(i),
                    I::LocalGet(i),
                    I::I32Const(n),
                    I::I32Eq,
                    I::Select,
                ]);
                b.emit(self.instruction(op)?);
            }
            Operator::MemoryGrow { mem } if on(F::MemoryGrowToMax) => {
                let is64 = facts.memory64(mem);
                match facts.memories.get(mem as usize).and_then(|m| m.maximum) {
                    Some(max) => {
                        // A growth to exactly the maximum asks for all it
                        // can instead, which fails.
                        let d = b.local(index_type(is64));
                        b.emit(I::LocalSet(d));
                        b.emit(if is64 {
                            I::I64Const(-1)
                        } else {
                            I::I32Const(-1)
                        });
                        b.emit(I::LocalGet(d));
                        b.emit(I::MemorySize(mem));
                        if !is64 {
                            b.emit(I::I64ExtendI32U);
                        }
                        b.get_as_i64(d, is64);
                        b.emit_all([
                            I::I64Add,
                            I::I64Const(max as i64),
                            I::I64Eq,
                            I::Select,
                            I::MemoryGrow(mem),
                        ]);
                    }
                    None => b.emit(self.instruction(op)?),
                }
            }
            Operator::MemorySize { mem }
                if on(F::MultiMemorySize)
                    && mem > 0
                    && facts.memory64(mem) == facts.memory64(0) =>
            {
                b.emit(I::MemorySize(0));
            }
            Operator::I32Extend8S if on(F::I32Extend8S) => {
                let x = b.local(ValType::I32);
                b.emit_all([
                    I::LocalSet(x),
                    I::LocalGet(x),
                    I::I32Const(0xff),
                    I::I32And,
                    I::LocalGet(x),
                    I::I32Extend8S,
                    I::LocalGet(x),
                    I::I32Const(0xff),
                    I::I32And,
                    I::I32Const(0x80),
                    I::I32Eq,
                    I::Select,
                ]);
            }
            Operator::I8x16Swizzle if on(F::I8x16SwizzleOob) => {
                b.emit_all([I::V128Const(splat8(0x0f)), I::V128And, I::I8x16Swizzle]);
            }
            Operator::I8x16ShrS if on(F::I8x16ShrSUnmasked) => {
                let c = b.local(ValType::I32);
                b.emit_all([
                    I::LocalSet(c),
                    I::I32Const(7),
                    I::LocalGet(c),
                    I::LocalGet(c),
                    I::I32Const(8),
                    I::I32GeU,
                    I::Select,
                    I::I8x16ShrS,
                ]);
            }
            Operator::F32x4Min if on(F::F32x4MinSignedZero) => {
                let (y, x, m) = (
                    b.local(ValType::V128),
                    b.local(ValType::V128),
                    b.local(ValType::V128),
                );
                b.emit_all([
                    I::LocalSet(y),
                    I::LocalSet(x),
                    I::LocalGet(x),
                    I::LocalGet(y),
                    I::F32x4Min,
                    I::LocalTee(m),
                    I::F32x4Abs,
                    I::LocalGet(m),
                    I::LocalGet(x),
                    I::V128Const(0),
                    I::F32x4Eq,
                    I::LocalGet(y),
                    I::V128Const(0),
                    I::F32x4Eq,
                    I::V128And,
                    I::V128Bitselect,
                ]);
            }
            Operator::I16x8Q15MulrSatS if on(F::I16x8Q15mulrNoSat) => {
                let (y, x) = (b.local(ValType::V128), b.local(ValType::V128));
                let min = splat16(i16::MIN);
                b.emit_all([
                    I::LocalSet(y),
                    I::LocalSet(x),
                    I::V128Const(min),
                    I::LocalGet(x),
                    I::LocalGet(y),
                    I::I16x8Q15MulrSatS,
                    I::LocalGet(x),
                    I::V128Const(min),
                    I::I16x8Eq,
                    I::LocalGet(y),
                    I::V128Const(min),
                    I::I16x8Eq,
                    I::V128And,
                    I::V128Bitselect,
                ]);
            }
            Operator::I32x4TruncSatF32x4S if on(F::I32x4TruncSatNan) => {
                let x = b.local(ValType::V128);
                b.emit_all([
                    I::LocalSet(x),
                    I::V128Const(splat32(i32::MIN)),
                    I::LocalGet(x),
                    I::I32x4TruncSatF32x4S,
                    I::LocalGet(x),
                    I::LocalGet(x),
                    I::F32x4Ne,
                    I::V128Bitselect,
                ]);
            }
            Operator::MemoryFill { mem } if on(F::MemoryFillEnd) => {
                // One more byte than asked when dest + length = size: the
                // real bounds check then traps.
                let is64 = facts.memory64(mem);
                let (n, v, d) = (
                    b.local(index_type(is64)),
                    b.local(ValType::I32),
                    b.local(index_type(is64)),
                );
                b.emit_all([
                    I::LocalSet(n),
                    I::LocalSet(v),
                    I::LocalSet(d),
                    I::LocalGet(d),
                    I::LocalGet(v),
                    I::LocalGet(n),
                ]);
                b.get_as_i64(d, is64);
                b.get_as_i64(n, is64);
                b.emit(I::I64Add);
                b.memory_bytes(facts, mem);
                b.emit(I::I64Eq);
                if is64 {
                    b.emit(I::I64ExtendI32U);
                }
                b.emit_all([if is64 { I::I64Add } else { I::I32Add }, I::MemoryFill(mem)]);
            }
            Operator::MemoryCopy { dst_mem, src_mem } if on(F::MemoryCopyEnd) => {
                let (d64, s64) = (facts.memory64(dst_mem), facts.memory64(src_mem));
                let n64 = d64 && s64;
                let (n, s, d) = (
                    b.local(index_type(n64)),
                    b.local(index_type(s64)),
                    b.local(index_type(d64)),
                );
                b.emit_all([
                    I::LocalSet(n),
                    I::LocalSet(s),
                    I::LocalSet(d),
                    I::LocalGet(d),
                    I::LocalGet(s),
                    I::LocalGet(n),
                ]);
                b.get_as_i64(d, d64);
                b.get_as_i64(n, n64);
                b.emit(I::I64Add);
                b.memory_bytes(facts, dst_mem);
                b.emit(I::I64Eq);
                if n64 {
                    b.emit(I::I64ExtendI32U);
                }
                b.emit_all([
                    if n64 { I::I64Add } else { I::I32Add },
                    I::MemoryCopy { src_mem, dst_mem },
                ]);
            }
            Operator::TableGrow { table } if on(F::TableGrowToMax) => {
                let is64 = facts.table64(table);
                match facts.tables.get(table as usize).and_then(|t| t.maximum) {
                    Some(max) => {
                        let d = b.local(index_type(is64));
                        b.emit(I::LocalSet(d));
                        b.emit(if is64 {
                            I::I64Const(-1)
                        } else {
                            I::I32Const(-1)
                        });
                        b.emit(I::LocalGet(d));
                        b.table_size(facts, table);
                        b.get_as_i64(d, is64);
                        b.emit_all([
                            I::I64Add,
                            I::I64Const(max as i64),
                            I::I64Eq,
                            I::Select,
                            I::TableGrow(table),
                        ]);
                    }
                    None => b.emit(self.instruction(op)?),
                }
            }
            Operator::TableGet { table } if on(F::TableGetOob) && self.nullable(table) => {
                let is64 = facts.table64(table);
                let elem = self.ref_type(facts.tables[table as usize].element_type)?;
                let i = b.local(index_type(is64));
                b.emit_all([
                    I::LocalTee(i),
                    I::TableSize(table),
                    if is64 { I::I64Eq } else { I::I32Eq },
                    I::If(BlockType::Result(ValType::Ref(elem))),
                    I::RefNull(elem.heap_type),
                    I::Else,
                    I::LocalGet(i),
                    I::TableGet(table),
                    I::End,
                ]);
            }
            Operator::TableFill { table } if on(F::TableFillEnd) && self.nullable(table) => {
                let is64 = facts.table64(table);
                let elem = self.ref_type(facts.tables[table as usize].element_type)?;
                let (n, r, i) = (
                    b.local(index_type(is64)),
                    b.local(ValType::Ref(elem)),
                    b.local(index_type(is64)),
                );
                b.emit_all([
                    I::LocalSet(n),
                    I::LocalSet(r),
                    I::LocalTee(i),
                    I::LocalGet(r),
                    I::LocalGet(n),
                ]);
                b.get_as_i64(i, is64);
                b.get_as_i64(n, is64);
                b.emit(I::I64Add);
                b.table_size(facts, table);
                b.emit(I::I64Eq);
                if is64 {
                    b.emit(I::I64ExtendI32U);
                }
                b.emit_all([
                    if is64 { I::I64Add } else { I::I32Add },
                    I::TableFill(table),
                ]);
            }
            Operator::ReturnCallIndirect { table_index, .. } if on(F::ReturnCallIndirectOob) => {
                let is64 = facts.table64(table_index);
                let i = b.local(index_type(is64));
                b.emit_all([
                    I::LocalTee(i),
                    I::TableSize(table_index),
                    if is64 { I::I64GeU } else { I::I32GeU },
                    I::If(BlockType::Empty),
                    I::Unreachable,
                    I::End,
                    I::LocalGet(i),
                ]);
                b.emit(self.instruction(op)?);
            }
            _ => {
                if !self.memory_access(&op, b)? {
                    b.emit(self.instruction(op)?);
                }
            }
        }
        Ok(())
    }

    /// Whether table `table`'s elements may be null (a scratch local and a
    /// `ref.null` of its type are then valid).
    fn nullable(&self, table: u32) -> bool {
        self.facts
            .tables
            .get(table as usize)
            .is_some_and(|t| t.element_type.is_nullable())
    }

    /// The faults on MVP loads and stores: `op` rewritten into `b`, or
    /// `false` if no fault applies to it.
    fn memory_access<'a>(
        &mut self,
        op: &Operator<'a>,
        b: &mut Body<'a>,
    ) -> Result<bool, ReencodeError<&'static str>> {
        use Instruction as I;
        let load = mvp_load(op);
        let store = mvp_store(op);
        let Some(memarg) = load.map(|l| l.0).or(store.map(|s| s.0)) else {
            return Ok(false);
        };
        let Some(mem) = memory_of(&memarg) else {
            return Ok(false);
        };
        let is64 = self.facts.memory64(mem);
        if is64 && self.faults.contains(Fault::Memory64AddrTruncate) {
            let value = store.map(|(_, ty)| b.local(ty));
            if let Some(v) = value {
                b.emit(I::LocalSet(v));
            }
            b.emit_all([I::I32WrapI64, I::I64ExtendI32U]);
            if let Some(v) = value {
                b.emit(I::LocalGet(v));
            }
            b.emit(self.instruction(op.clone())?);
            return Ok(true);
        }
        let Some((_, ty, make)) = load else {
            return Ok(false);
        };
        if is64 || memarg.offset == 0 || !self.faults.contains(Fault::LoadOffsetWrap) {
            return Ok(false);
        }
        // Past 2^32, load from the wrapped address (offset folded in).
        let a = b.local(ValType::I32);
        let mut wrapped = self.mem_arg(memarg)?;
        wrapped.offset = 0;
        b.emit_all([
            I::LocalTee(a),
            I::I64ExtendI32U,
            I::I64Const(memarg.offset as i64),
            I::I64Add,
            I::I64Const(1 << 32),
            I::I64GeU,
            I::If(BlockType::Result(ty)),
            I::LocalGet(a),
            I::I32Const(memarg.offset as u32 as i32),
            I::I32Add,
            make(wrapped),
            I::Else,
            I::LocalGet(a),
            self.instruction(op.clone())?,
            I::End,
        ]);
        Ok(true)
    }
}

impl Engine for CanaryEngine {
    fn kind(&self) -> EngineKind {
        EngineKind::Canary
    }

    fn supported(&self) -> FeatureSet {
        self.inner.supported()
    }

    fn validate(&mut self, wasm: &[u8]) -> Result<(), String> {
        self.inner.validate(wasm)
    }

    fn instantiate(
        &mut self,
        wasm: &[u8],
        info: &ModuleInfo,
    ) -> Result<Box<dyn Instance>, InstantiateError> {
        compile_under_lock(wasm, self.faults, &self.lock)?;
        let planted = plant(wasm, self.faults)
            .map_err(|e| InstantiateError::compile(Outcome::Error(e.report())))?;
        self.inner.instantiate(&planted, info)
    }

    fn set_wasi(
        &mut self,
        config: Option<std::sync::Arc<crate::wasi::WasiConfig>>,
    ) -> Result<(), String> {
        self.inner.set_wasi(config)
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        Ok(Box::new(CanarySession {
            inner: self.inner.session()?,
            faults: self.faults,
            lock: self.lock.clone(),
        }))
    }
}

/// With `panic-poisons`: take the engine's lock as a compiler would, and
/// panic while holding it if the module uses `i64.rotr`; a poisoned lock
/// fails the module.
fn compile_under_lock(
    wasm: &[u8],
    faults: FaultSet,
    lock: &Mutex<()>,
) -> Result<(), InstantiateError> {
    if !faults.contains(Fault::PanicPoisons) {
        return Ok(());
    }
    let uses_rotr = wasmparser::Parser::new(0)
        .parse_all(wasm)
        .filter_map(Result::ok)
        .any(|p| match p {
            wasmparser::Payload::CodeSectionEntry(body) => body
                .get_operators_reader()
                .into_iter()
                .flatten()
                .any(|op| matches!(op, Ok(Operator::I64Rotr))),
            _ => false,
        });
    let compiled = crate::panic_guard::catch(|| {
        let _held = lock.lock().map_err(|e| e.to_string())?;
        if uses_rotr {
            panic!("canary: planted panic compiling `i64.rotr`");
        }
        Ok(())
    });
    match compiled {
        Ok(Ok(())) => Ok(()),
        Ok(Err(poisoned)) => Err(InstantiateError::compile(Outcome::Error(poisoned))),
        Err(panic) => Err(InstantiateError::compile(Outcome::Panic(panic))),
    }
}

/// A wasmi script session whose modules get the planted faults.
struct CanarySession {
    inner: Box<dyn Session>,
    faults: FaultSet,
    lock: Arc<Mutex<()>>,
}

impl Session for CanarySession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        compile_under_lock(wasm, self.faults, &self.lock)?;
        let planted = plant(wasm, self.faults)
            .map_err(|e| InstantiateError::compile(Outcome::Error(e.report())))?;
        self.inner.instantiate(&planted)
    }
    fn register(&mut self, name: &str, instance: InstanceId) -> Result<(), String> {
        self.inner.register(name, instance)
    }
    fn call(&mut self, instance: InstanceId, export: &str, args: &[crate::Val]) -> Outcome {
        self.inner.call(instance, export, args)
    }
    fn get(&mut self, instance: InstanceId, global: &str) -> Outcome {
        self.inner.get(instance, global)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Val;

    fn instantiate(engine: &mut dyn Engine, wat: &str) -> Box<dyn Instance> {
        let wasm = wat::parse_str(wat).unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        engine.instantiate(&wasm, &info).unwrap()
    }

    #[test]
    fn the_canary_subtracts() {
        let mut c = CanaryEngine::new(
            Limits::default(),
            FeatureSet::all(),
            FaultSet::default_set(),
        );
        let mut inst = instantiate(
            &mut c,
            r#"(module (func (export "f") (param i32 i32) (result i32)
                 (i32.add (local.get 0) (local.get 1))))"#,
        );
        assert_eq!(
            inst.call("f", &[Val::I32(5), Val::I32(3)]),
            Outcome::Ok(vec![Val::I32(2)])
        );
    }

    #[test]
    fn the_canary_does_not_compile_i64_rotl() {
        let wasm = wat::parse_str(
            r#"(module (func (export "f") (param i64 i64) (result i64)
                 (i64.rotl (local.get 0) (local.get 1))))"#,
        )
        .unwrap();
        let err = plant(&wasm, FaultSet::default_set()).unwrap_err().report();
        assert!(err.contains("i64.rotl"), "{err}");
        // Only the named faults are planted.
        assert!(plant(&wasm, FaultSet::parse("i32-rem-s-min").unwrap()).is_ok());
    }

    #[test]
    fn fault_lists_parse() {
        assert_eq!(FaultSet::from_var(None).unwrap(), FaultSet::default_set());
        assert_eq!(
            FaultSet::from_var(Some(" ")).unwrap(),
            FaultSet::default_set()
        );
        let two = FaultSet::from_var(Some("i32-clz-zero, memory-fill-end")).unwrap();
        assert_eq!(
            two.iter().collect::<Vec<_>>(),
            [Fault::I32ClzZero, Fault::MemoryFillEnd]
        );
        assert_eq!(two.to_string(), "i32-clz-zero,memory-fill-end");
        assert!(!two.contains(Fault::I32AddSub));
        let err = FaultSet::from_var(Some("i32-clz-zero,nope")).unwrap_err();
        assert!(
            err.report().starts_with(
                "WASMDIFF_CANARY_FAULT: unknown canary fault `nope` (known: i32-add-sub"
            ),
            "{}",
            err.report()
        );
        // Names are unique and kebab-case; 16+ edge faults, 8+ past the MVP.
        let mut names: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
        assert!(names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Fault::ALL.len());
        assert!(Fault::edge_faults().count() >= 16);
        assert!(
            Fault::edge_faults()
                .filter(|f| f.feature() != Feature::Mvp)
                .count()
                >= 8
        );
    }

    /// One planted fault: a module, the call that shows it and a call that
    /// does not.
    struct Shown {
        fault: Fault,
        wat: &'static str,
        edge: (&'static str, Vec<Val>),
        normal: (&'static str, Vec<Val>),
    }

    fn f32(x: f32) -> Val {
        Val::F32(x.to_bits())
    }

    fn f64(x: f64) -> Val {
        Val::F64(x.to_bits())
    }

    fn shown() -> Vec<Shown> {
        use Fault as F;
        use Val::{I32, I64};
        let s =
            |fault, wat, edge: (&'static str, Vec<Val>), normal: (&'static str, Vec<Val>)| Shown {
                fault,
                wat,
                edge,
                normal,
            };
        vec![
            s(
                F::I32RemSMin,
                r#"(module (func (export "f") (param i32 i32) (result i32)
                     (i32.rem_s (local.get 0) (local.get 1))))"#,
                ("f", vec![I32(i32::MIN), I32(-1)]),
                ("f", vec![I32(-7), I32(3)]),
            ),
            s(
                F::I32ShlUnmasked,
                r#"(module (func (export "f") (param i32 i32) (result i32)
                     (i32.shl (local.get 0) (local.get 1))))"#,
                ("f", vec![I32(1), I32(33)]),
                ("f", vec![I32(1), I32(3)]),
            ),
            s(
                F::I64ShrSUnmasked,
                r#"(module (func (export "f") (param i64 i64) (result i64)
                     (i64.shr_s (local.get 0) (local.get 1))))"#,
                ("f", vec![I64(-256), I64(64)]),
                ("f", vec![I64(-256), I64(4)]),
            ),
            s(
                F::FminSignedZero,
                r#"(module
                     (func (export "f") (param f32 f32) (result f32)
                       (f32.min (local.get 0) (local.get 1)))
                     (func (export "g") (param f64 f64) (result f64)
                       (f64.min (local.get 0) (local.get 1))))"#,
                ("f", vec![f32(-0.0), f32(0.0)]),
                ("g", vec![f64(-1.5), f64(0.0)]),
            ),
            s(
                F::FminSignedZero,
                r#"(module (func (export "g") (param f64 f64) (result f64)
                     (f64.min (local.get 0) (local.get 1))))"#,
                ("g", vec![f64(0.0), f64(-0.0)]),
                ("g", vec![f64(2.0), f64(1.0)]),
            ),
            s(
                F::I32TruncF32SEdge,
                r#"(module (func (export "f") (param f32) (result i32)
                     (i32.trunc_f32_s (local.get 0))))"#,
                ("f", vec![f32(2_147_483_520.0)]),
                ("f", vec![f32(-1.5)]),
            ),
            s(
                F::I32ClzZero,
                r#"(module (func (export "f") (param i32) (result i32)
                     (i32.clz (local.get 0))))"#,
                ("f", vec![I32(0)]),
                ("f", vec![I32(1)]),
            ),
            s(
                F::F64NearestTiesAway,
                r#"(module (func (export "f") (param f64) (result f64)
                     (f64.nearest (local.get 0))))"#,
                ("f", vec![f64(2.5)]),
                ("f", vec![f64(1.5)]),
            ),
            s(
                F::LoadOffsetWrap,
                r#"(module (memory 1) (func (export "f") (param i32) (result i64)
                     (i64.load16_s offset=8 (local.get 0))))"#,
                ("f", vec![I32(-4)]),
                ("f", vec![I32(16)]),
            ),
            s(
                F::BrTableOffByOne,
                r#"(module (func (export "f") (param i32) (result i32)
                     (block $d
                       (block $b
                         (block $a (br_table $a $b $d (local.get 0)))
                         (return (i32.const 10)))
                       (return (i32.const 11)))
                     (i32.const 12)))"#,
                ("f", vec![I32(2)]),
                ("f", vec![I32(1)]),
            ),
            s(
                F::MemoryGrowToMax,
                r#"(module (memory 1 3) (func (export "f") (param i32) (result i32)
                     (memory.grow (local.get 0))))"#,
                ("f", vec![I32(2)]),
                ("f", vec![I32(1)]),
            ),
            s(
                F::I32Extend8S,
                r#"(module (func (export "f") (param i32) (result i32)
                     (i32.extend8_s (local.get 0))))"#,
                ("f", vec![I32(0x180)]),
                ("f", vec![I32(0x1ff)]),
            ),
            s(
                F::I8x16SwizzleOob,
                r#"(module (func (export "f") (param i32) (result i32)
                     (i8x16.extract_lane_u 0
                       (i8x16.swizzle
                         (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
                         (i8x16.splat (local.get 0))))))"#,
                ("f", vec![I32(17)]),
                ("f", vec![I32(3)]),
            ),
            s(
                F::I8x16ShrSUnmasked,
                r#"(module (func (export "f") (param i32) (result i32)
                     (i8x16.extract_lane_s 5
                       (i8x16.shr_s (i8x16.splat (i32.const -128)) (local.get 0)))))"#,
                ("f", vec![I32(8)]),
                ("f", vec![I32(2)]),
            ),
            s(
                F::F32x4MinSignedZero,
                r#"(module (func (export "f") (param f32 f32) (result f32)
                     (f32x4.extract_lane 2
                       (f32x4.min (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1))))))"#,
                ("f", vec![f32(0.0), f32(-0.0)]),
                ("f", vec![f32(0.0), f32(-1.0)]),
            ),
            s(
                F::I16x8Q15mulrNoSat,
                r#"(module (func (export "f") (param i32 i32) (result i32)
                     (i16x8.extract_lane_s 7
                       (i16x8.q15mulr_sat_s
                         (i16x8.splat (local.get 0)) (i16x8.splat (local.get 1))))))"#,
                ("f", vec![I32(-32768), I32(-32768)]),
                ("f", vec![I32(-32768), I32(16384)]),
            ),
            s(
                F::I32x4TruncSatNan,
                r#"(module (func (export "f") (param f32) (result i32)
                     (i32x4.extract_lane 1 (i32x4.trunc_sat_f32x4_s (f32x4.splat (local.get 0))))))"#,
                ("f", vec![f32(f32::NAN)]),
                ("f", vec![f32(-3e9)]),
            ),
            s(
                F::MemoryFillEnd,
                r#"(module (memory 1) (func (export "f") (param i32 i32)
                     (memory.fill (local.get 0) (i32.const 7) (local.get 1))))"#,
                ("f", vec![I32(65535), I32(1)]),
                ("f", vec![I32(65534), I32(1)]),
            ),
            s(
                F::MemoryFillEnd,
                r#"(module (memory i64 1) (func (export "f") (param i64 i64)
                     (memory.fill (local.get 0) (i32.const 7) (local.get 1))))"#,
                ("f", vec![I64(65536), I64(0)]),
                ("f", vec![I64(0), I64(65535)]),
            ),
            s(
                F::MemoryCopyEnd,
                r#"(module (memory 1) (memory i64 1)
                     (func (export "f") (param i32 i32)
                       (memory.copy 0 1 (local.get 0) (i64.const 0) (local.get 1))))"#,
                ("f", vec![I32(60000), I32(5536)]),
                ("f", vec![I32(60000), I32(5535)]),
            ),
            s(
                F::TableGrowToMax,
                r#"(module (table 1 2 funcref) (func (export "f") (param i32) (result i32)
                     (table.grow (ref.null func) (local.get 0))))"#,
                ("f", vec![I32(1)]),
                ("f", vec![I32(0)]),
            ),
            s(
                F::TableGetOob,
                r#"(module (table 2 externref) (func (export "f") (param i32) (result i32)
                     (ref.is_null (table.get (local.get 0)))))"#,
                ("f", vec![I32(2)]),
                ("f", vec![I32(1)]),
            ),
            s(
                F::TableFillEnd,
                r#"(module (table i64 3 funcref) (func (export "f") (param i64 i64)
                     (table.fill (local.get 0) (ref.null func) (local.get 1))))"#,
                ("f", vec![I64(1), I64(2)]),
                ("f", vec![I64(1), I64(1)]),
            ),
            s(
                F::ReturnCallIndirectOob,
                r#"(module (type $t (func (result i32))) (table 1 funcref) (elem (i32.const 0) $g)
                     (func $g (result i32) (i32.const 5))
                     (func (export "f") (param i32) (result i32)
                       (return_call_indirect (type $t) (local.get 0))))"#,
                ("f", vec![I32(1)]),
                ("f", vec![I32(0)]),
            ),
            s(
                F::Memory64AddrTruncate,
                r#"(module (memory i64 1) (func (export "f") (param i64) (result i32)
                     (i32.load8_u offset=1 (local.get 0))))"#,
                ("f", vec![I64(1 << 32)]),
                ("f", vec![I64(65534)]),
            ),
            s(
                F::Memory64AddrTruncate,
                r#"(module (memory i64 1) (func (export "f") (param i64)
                     (f64.store (local.get 0) (f64.const 1))))"#,
                ("f", vec![I64((1 << 32) + 8)]),
                ("f", vec![I64(65528)]),
            ),
            s(
                F::MultiMemorySize,
                r#"(module (memory 1) (memory 2)
                     (func (export "f") (result i32) (memory.size 1))
                     (func (export "g") (result i32) (memory.size 0)))"#,
                ("f", vec![]),
                ("g", vec![]),
            ),
            s(
                F::I32AddSub,
                r#"(module (func (export "f") (param i32 i32) (result i32)
                     (i32.add (local.get 0) (local.get 1))))"#,
                ("f", vec![I32(2), I32(1)]),
                ("f", vec![I32(2), I32(0)]),
            ),
        ]
    }

    /// Each fault shows on its edge input, and only there: on the normal
    /// input the canary agrees with wasmi.
    #[test]
    fn each_fault_shows_only_at_its_edge() {
        let features = EngineKind::Wasmi.supported();
        let cases = shown();
        // `panic-poisons` has its own test (in `engines::rebuild`).
        let own_tests = [Fault::I64RotlRefused, Fault::PanicPoisons];
        for f in Fault::ALL.iter().filter(|f| !own_tests.contains(f)) {
            assert!(cases.iter().any(|c| c.fault == *f), "no test for {f}");
        }
        for case in cases {
            let mut wasmi = WasmiEngine::new(Limits::default(), features);
            let mut canary = CanaryEngine::new(
                Limits::default(),
                features,
                FaultSet::from_iter([case.fault]),
            );
            let mut plain = instantiate(&mut wasmi, case.wat);
            let mut wrong = instantiate(&mut canary, case.wat);
            let (name, args) = &case.edge;
            let (want, got) = (plain.call(name, args), wrong.call(name, args));
            assert_ne!(want, got, "{}: {name}{args:?} does not show it", case.fault);
            // Every state is fresh for the normal call.
            let mut plain = instantiate(&mut wasmi, case.wat);
            let mut wrong = instantiate(&mut canary, case.wat);
            let (name, args) = &case.normal;
            let (want, got) = (plain.call(name, args), wrong.call(name, args));
            assert_eq!(want, got, "{}: {name}{args:?}", case.fault);
        }
    }

    /// Every fault at once keeps generated modules valid (the rewrites are
    /// typed right wherever the generator puts the instructions).
    #[test]
    fn planted_generated_modules_validate() {
        let config = crate::fuzz::FuzzConfig::default_for(vec![
            EngineKind::WasmtimeCranelift,
            EngineKind::Wasmi,
        ]);
        let all = FaultSet::from_iter(Fault::ALL.iter().copied().filter(|f| {
            // A refused instruction is not a rewrite.
            *f != Fault::I64RotlRefused
        }));
        let mut checked = 0;
        for i in 0..150 {
            let data = crate::generate::seeded_input(7, i);
            let Ok(case) = crate::TestCase::generate(&data, &config.generate) else {
                continue;
            };
            let planted = plant(&case.wasm, all).unwrap();
            wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
                .validate_all(&planted)
                .unwrap_or_else(|e| panic!("input {i}: {e}"));
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
    }
}
