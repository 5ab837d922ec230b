//! A `.wast` script parsed once into engine-independent commands: module
//! bytes (with the features they need), actions with their arguments as
//! [`Val`]s, and expected results as [`Pattern`]s.

use std::path::Path;

use ::wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use ::wast::parser::{self, ParseBuffer};
use ::wast::{QuoteWat, QuoteWatTest, Wast, WastArg, WastDirective, WastExecute, WastRet};

use crate::features::FeatureSet;
use crate::trap::TrapKind;
use crate::value::{AnyKind, Val, f32_is_nan, f64_is_nan};

/// A parsed script.
#[derive(Clone, Debug)]
pub struct Script {
    /// The commands, in order.
    pub commands: Vec<Command>,
}

/// One directive of a script.
#[derive(Clone, Debug)]
pub struct Command {
    /// The 1-based line of the directive.
    pub line: usize,
    /// The directive's keyword (`assert_return`, `module`, ...).
    pub directive: &'static str,
    /// What to do.
    pub kind: CommandKind,
}

/// A module's binary, and the features it needs (`Err` when it is invalid
/// or needs a feature wasmdiff does not model).
#[derive(Clone, Debug)]
pub struct Wasm {
    /// The binary.
    pub bytes: Vec<u8>,
    /// [`FeatureSet::required_by`] of the binary.
    pub needs: Result<FeatureSet, std::sync::Arc<crate::error::Error>>,
    /// A component, not a core module: no engine here runs it, but its
    /// name is bound (so what uses it is unsupported, not missing).
    pub component: bool,
}

impl Wasm {
    fn new(bytes: Vec<u8>) -> Wasm {
        let needs = FeatureSet::required_by(&bytes).map_err(std::sync::Arc::new);
        Wasm {
            bytes,
            needs,
            component: false,
        }
    }

    fn component() -> Wasm {
        Wasm {
            bytes: Vec::new(),
            needs: Ok(FeatureSet::MVP),
            component: true,
        }
    }

    /// The module with its NaNs canonicalized ([`crate::nan`]), if it has
    /// float operators and can be rewritten.
    fn with_canonical_nans(&self) -> Option<Wasm> {
        if !crate::nan::has_float_ops(&self.bytes).unwrap_or(false) {
            return None;
        }
        let bytes = crate::nan::canonicalize_nans(&self.bytes).ok()?;
        Some(Wasm {
            bytes,
            needs: self.needs.clone(),
            component: self.component,
        })
    }
}

impl Script {
    /// The script with host modules of the user's first: each instantiated
    /// and registered under its import name (`--register NAME=FILE`), so
    /// that suites whose scripts import a few host functions of their own
    /// can run. These directives have line 0.
    pub fn with_prelude(mut self, prelude: &[(String, Vec<u8>)]) -> Script {
        let mut commands = Vec::with_capacity(prelude.len() * 2 + self.commands.len());
        for (name, bytes) in prelude {
            let internal = format!("wasmdiff-registered-{name}");
            commands.push(Command {
                line: 0,
                directive: "module",
                kind: CommandKind::Module {
                    name: Some(internal.clone()),
                    wasm: Wasm::new(bytes.clone()),
                },
            });
            commands.push(Command {
                line: 0,
                directive: "register",
                kind: CommandKind::Register {
                    as_name: name.clone(),
                    module: Some(internal),
                },
            });
        }
        commands.append(&mut self.commands);
        Script { commands }
    }

    /// The script with every named module (`(module $m ...)`, `(module
    /// instance $m ...)`) also registered under its name (`m`), as
    /// wasmtime's harness does, for suites written for it.
    pub fn with_named_modules_registered(mut self) -> Script {
        let mut commands = Vec::with_capacity(self.commands.len());
        for command in self.commands.drain(..) {
            let name = match &command.kind {
                CommandKind::Module { name: Some(n), .. }
                | CommandKind::Instance { name: Some(n), .. } => Some(n.clone()),
                _ => None,
            };
            let line = command.line;
            commands.push(command);
            if let Some(n) = name {
                commands.push(Command {
                    line,
                    directive: "register",
                    kind: CommandKind::Register {
                        as_name: n.clone(),
                        module: Some(n),
                    },
                });
            }
        }
        Script { commands }
    }

    /// The script with every module's NaNs canonicalized, or `None` when
    /// no module has float operators (nothing would change).
    pub fn with_canonical_nans(&self) -> Option<Script> {
        let mut changed = false;
        let mut canon = self.clone();
        for command in &mut canon.commands {
            let wasm = match &mut command.kind {
                CommandKind::Module { wasm, .. }
                | CommandKind::Definition { wasm, .. }
                | CommandKind::AssertModule { wasm, .. } => wasm,
                _ => continue,
            };
            if let Some(w) = wasm.with_canonical_nans() {
                *wasm = w;
                changed = true;
            }
        }
        changed.then_some(canon)
    }
}

/// What a command does.
#[derive(Clone, Debug)]
pub enum CommandKind {
    /// Instantiate a module (and make it the current one, and the named one
    /// if it has a name).
    Module {
        /// `$name`, if any.
        name: Option<String>,
        /// The module.
        wasm: Wasm,
    },
    /// Define a module without instantiating it (`module definition`).
    Definition {
        /// `$name`, if any.
        name: Option<String>,
        /// The module.
        wasm: Wasm,
    },
    /// Instantiate a defined module (`module instance $i $m`).
    Instance {
        /// The instance's name.
        name: Option<String>,
        /// The definition's name (the last one if `None`).
        definition: Option<String>,
    },
    /// Make a module's exports importable under a name.
    Register {
        /// The import module name.
        as_name: String,
        /// The module (the current one if `None`).
        module: Option<String>,
    },
    /// Invoke an export or read a global, and check the result.
    Action {
        /// What to run.
        action: Action,
        /// What the script expects.
        expect: Expect,
    },
    /// A module that must fail: engines must reject or fail to instantiate it.
    AssertModule {
        /// The module.
        wasm: Wasm,
        /// How it must fail.
        expect: ModuleExpect,
        /// The script's message.
        message: String,
    },
    /// A check of the text format alone, decided by the `wast` parser (no
    /// engine sees the module): `passed` says whether it behaved as the
    /// script expects.
    Text {
        /// Whether the text parser did what the script expects.
        passed: bool,
        /// What happened.
        detail: String,
    },
    /// A directive wasmdiff cannot run, and why (threads in scripts,
    /// components, stack switching).
    Unsupported(String),
    /// A module the script expects to work could not be turned into a
    /// binary: a problem of the script (or of the text parser).
    Broken(String),
}

/// An export call or a global read.
#[derive(Debug, Clone)]
pub enum Action {
    /// Call an exported function.
    Invoke {
        /// The module (the current one if `None`).
        module: Option<String>,
        /// The export.
        name: String,
        /// The arguments.
        args: Vec<Val>,
    },
    /// Read an exported global.
    Get {
        /// The module (the current one if `None`).
        module: Option<String>,
        /// The export.
        global: String,
    },
}

impl Action {
    /// The module the action runs in.
    pub fn module(&self) -> Option<&str> {
        match self {
            Action::Invoke { module, .. } | Action::Get { module, .. } => module.as_deref(),
        }
    }

    /// `name(args)` or `get name`, for reports.
    pub fn describe(&self) -> String {
        match self {
            Action::Invoke { name, args, .. } => {
                let args: Vec<String> = args.iter().map(Val::to_string).collect();
                format!("{name}({})", args.join(", "))
            }
            Action::Get { global, .. } => format!("get {global}"),
        }
    }
}

/// What an action must do.
#[derive(Debug, Clone)]
pub enum Expect {
    /// Nothing checked (a plain `invoke`), beyond not failing.
    Nothing,
    /// Return values matching these patterns.
    Return(Vec<Pattern>),
    /// Trap with this message (the kind, where the message names one).
    Trap(Option<TrapKind>, String),
    /// Exhaust the call stack.
    Exhaustion,
    /// Throw an exception out to the host.
    Exception,
}

/// How a module must fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleExpect {
    /// Rejected by validation.
    Invalid,
    /// Rejected by decoding.
    Malformed,
    /// Fails to link (an import is missing or has the wrong type).
    Unlinkable,
    /// Traps while instantiating, with this trap kind if the message names
    /// one.
    Uninstantiable(Option<TrapKind>),
}

/// An expected float: exact bits, or a class of NaNs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FloatPattern<T> {
    /// These bits exactly.
    Bits(T),
    /// A canonical NaN (either sign).
    CanonicalNan,
    /// An arithmetic NaN (quiet bit set, either sign).
    ArithmeticNan,
}

/// An expected result value.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// This `i32`.
    I32(i32),
    /// This `i64`.
    I64(i64),
    /// An `f32`.
    F32(FloatPattern<u32>),
    /// An `f64`.
    F64(FloatPattern<u64>),
    /// A `v128` with exact bits.
    V128(u128),
    /// A `v128` seen as four `f32` lanes.
    F32x4([FloatPattern<u32>; 4]),
    /// A `v128` seen as two `f64` lanes.
    F64x2([FloatPattern<u64>; 2]),
    /// Any null reference.
    RefNull,
    /// A non-null external reference (with this host value, if given).
    RefExtern(Option<u32>),
    /// A host value seen through `anyref`.
    RefHost(u32),
    /// A non-null function reference.
    RefFunc,
    /// A non-null `anyref`.
    RefAny,
    /// A non-null `eqref`.
    RefEq,
    /// An array.
    RefArray,
    /// A struct.
    RefStruct,
    /// An `i31ref`.
    RefI31,
    /// Any one of these.
    Either(Vec<Pattern>),
}

fn f32_matches(p: FloatPattern<u32>, bits: u32) -> bool {
    match p {
        FloatPattern::Bits(b) => b == bits,
        FloatPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        FloatPattern::ArithmeticNan => f32_is_nan(bits) && bits & 0x0040_0000 != 0,
    }
}

fn f64_matches(p: FloatPattern<u64>, bits: u64) -> bool {
    match p {
        FloatPattern::Bits(b) => b == bits,
        FloatPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        FloatPattern::ArithmeticNan => f64_is_nan(bits) && bits & 0x0008_0000_0000_0000 != 0,
    }
}

impl Pattern {
    /// Whether a value matches.
    pub fn matches(&self, v: &Val) -> bool {
        match (self, v) {
            (Pattern::I32(a), Val::I32(b)) => a == b,
            (Pattern::I64(a), Val::I64(b)) => a == b,
            (Pattern::F32(p), Val::F32(b)) => f32_matches(*p, *b),
            (Pattern::F64(p), Val::F64(b)) => f64_matches(*p, *b),
            (Pattern::V128(a), Val::V128(b)) => a == b,
            (Pattern::F32x4(lanes), Val::V128(b)) => lanes
                .iter()
                .enumerate()
                .all(|(i, p)| f32_matches(*p, (b >> (32 * i)) as u32)),
            (Pattern::F64x2(lanes), Val::V128(b)) => lanes
                .iter()
                .enumerate()
                .all(|(i, p)| f64_matches(*p, (b >> (64 * i)) as u64)),
            (Pattern::RefNull, v) => v.is_null_ref(),
            (Pattern::RefExtern(None), v) => {
                matches!(v, Val::ExternRef { null: false } | Val::HostRef(_))
            }
            (Pattern::RefExtern(Some(n)), v) => {
                matches!(v, Val::HostRef(m) if m == n)
            }
            (Pattern::RefHost(n), v) => {
                matches!(v, Val::AnyRef(AnyKind::Host(m)) | Val::HostRef(m) if m == n)
            }
            (Pattern::RefFunc, v) => matches!(v, Val::FuncRef { null: false }),
            (Pattern::RefAny, v) => {
                matches!(v, Val::AnyRef(k) if *k != AnyKind::Null && *k != AnyKind::Exn)
                    || matches!(v, Val::HostRef(_))
            }
            (Pattern::RefEq, v) => matches!(
                v,
                Val::AnyRef(AnyKind::I31 | AnyKind::Struct | AnyKind::Array)
            ),
            (Pattern::RefArray, v) => matches!(v, Val::AnyRef(AnyKind::Array)),
            (Pattern::RefStruct, v) => matches!(v, Val::AnyRef(AnyKind::Struct)),
            (Pattern::RefI31, v) => matches!(v, Val::AnyRef(AnyKind::I31)),
            (Pattern::Either(ps), v) => ps.iter().any(|p| p.matches(v)),
            _ => false,
        }
    }

    /// Whether the pattern asks for a NaN with exact bits and the value is
    /// a NaN of the same type: a match where NaN payloads cannot cross the
    /// engine's API (JavaScript numbers).
    pub fn matches_nan_class(&self, v: &Val) -> bool {
        match (self, v) {
            (Pattern::F32(FloatPattern::Bits(x)), Val::F32(b)) => f32_is_nan(*x) && f32_is_nan(*b),
            (Pattern::F64(FloatPattern::Bits(x)), Val::F64(b)) => f64_is_nan(*x) && f64_is_nan(*b),
            _ => false,
        }
    }

    /// Whether the pattern allows more than one result (NaN classes,
    /// alternatives): engines may then differ without either being wrong.
    pub fn is_loose(&self) -> bool {
        let nan = |p: &FloatPattern<u32>| !matches!(p, FloatPattern::Bits(_));
        let nan64 = |p: &FloatPattern<u64>| !matches!(p, FloatPattern::Bits(_));
        match self {
            Pattern::F32(p) => nan(p),
            Pattern::F64(p) => nan64(p),
            Pattern::F32x4(l) => l.iter().any(nan),
            Pattern::F64x2(l) => l.iter().any(nan64),
            Pattern::Either(_) => true,
            _ => false,
        }
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn float<T: std::fmt::LowerHex>(p: &FloatPattern<T>) -> String {
            match p {
                FloatPattern::Bits(b) => format!("0x{b:x}"),
                FloatPattern::CanonicalNan => "nan:canonical".into(),
                FloatPattern::ArithmeticNan => "nan:arithmetic".into(),
            }
        }
        match self {
            Pattern::I32(v) => write!(f, "i32:{v}"),
            Pattern::I64(v) => write!(f, "i64:{v}"),
            Pattern::F32(FloatPattern::Bits(b)) => write!(f, "{}", Val::F32(*b)),
            Pattern::F64(FloatPattern::Bits(b)) => write!(f, "{}", Val::F64(*b)),
            Pattern::F32(p) => write!(f, "f32:{}", float(p)),
            Pattern::F64(p) => write!(f, "f64:{}", float(p)),
            Pattern::V128(b) => write!(f, "v128:0x{b:032x}"),
            Pattern::F32x4(l) => {
                let l: Vec<String> = l.iter().map(float).collect();
                write!(f, "f32x4:[{}]", l.join(" "))
            }
            Pattern::F64x2(l) => {
                let l: Vec<String> = l.iter().map(float).collect();
                write!(f, "f64x2:[{}]", l.join(" "))
            }
            Pattern::RefNull => f.write_str("ref.null"),
            Pattern::RefExtern(None) => f.write_str("ref.extern"),
            Pattern::RefExtern(Some(n)) => write!(f, "ref.extern {n}"),
            Pattern::RefHost(n) => write!(f, "ref.host {n}"),
            Pattern::RefFunc => f.write_str("ref.func"),
            Pattern::RefAny => f.write_str("ref.any"),
            Pattern::RefEq => f.write_str("ref.eq"),
            Pattern::RefArray => f.write_str("ref.array"),
            Pattern::RefStruct => f.write_str("ref.struct"),
            Pattern::RefI31 => f.write_str("ref.i31"),
            Pattern::Either(ps) => {
                let ps: Vec<String> = ps.iter().map(Pattern::to_string).collect();
                write!(f, "either({})", ps.join(" | "))
            }
        }
    }
}

impl Script {
    /// Parse a script's text. `path` is only used in error messages.
    pub fn parse(path: &Path, text: &str) -> Result<Script, crate::error::Error> {
        let with_path = |mut e: ::wast::Error| {
            e.set_path(path);
            e.set_text(text);
            crate::error::Error::library("parsing the script", e)
        };
        // The spec suite's names.wast has bidirectional-text characters in
        // export names on purpose.
        let mut lexer = ::wast::lexer::Lexer::new(text);
        lexer.allow_confusing_unicode(true);
        let buf = ParseBuffer::new_with_lexer(lexer).map_err(with_path)?;
        let wast: Wast<'_> = parser::parse(&buf).map_err(with_path)?;
        let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let mut commands = Vec::with_capacity(wast.directives.len());
        for directive in wast.directives {
            let line = line(directive.span().offset());
            let (name, kind) = convert(directive);
            commands.push(Command {
                line,
                directive: name,
                kind,
            });
        }
        Ok(Script { commands })
    }
}

/// The message of the trap an `assert_trap` expects, as a kind.
fn trap(message: &str) -> Option<TrapKind> {
    TrapKind::from_spec_message(message)
}

fn convert(directive: WastDirective<'_>) -> (&'static str, CommandKind) {
    match directive {
        WastDirective::Module(mut q) => {
            let name = q.name().map(|id| id.name().to_string());
            (
                "module",
                module(&mut q, |wasm| CommandKind::Module { name, wasm }),
            )
        }
        WastDirective::ModuleDefinition(mut q) => {
            let name = q.name().map(|id| id.name().to_string());
            (
                "module definition",
                module(&mut q, |wasm| CommandKind::Definition { name, wasm }),
            )
        }
        WastDirective::ModuleInstance {
            instance, module, ..
        } => (
            "module instance",
            CommandKind::Instance {
                name: instance.map(|id| id.name().to_string()),
                definition: module.map(|id| id.name().to_string()),
            },
        ),
        WastDirective::Register { name, module, .. } => (
            "register",
            CommandKind::Register {
                as_name: name.to_string(),
                module: module.map(|id| id.name().to_string()),
            },
        ),
        WastDirective::Invoke(invoke) => (
            "invoke",
            action_command(invoke_action(invoke), || Expect::Nothing),
        ),
        WastDirective::AssertReturn { exec, results, .. } => {
            let expect = results
                .into_iter()
                .map(pattern)
                .collect::<Result<Vec<_>, _>>()
                .map(Expect::Return);
            match expect {
                Ok(expect) => ("assert_return", execute(exec, expect, None)),
                Err(Unsupported(why)) => ("assert_return", CommandKind::Unsupported(why)),
            }
        }
        WastDirective::AssertTrap { exec, message, .. } => {
            let kind = trap(message);
            (
                "assert_trap",
                execute(
                    exec,
                    Expect::Trap(kind, message.to_string()),
                    Some((ModuleExpect::Uninstantiable(kind), message)),
                ),
            )
        }
        WastDirective::AssertExhaustion { call, .. } => (
            "assert_exhaustion",
            action_command(invoke_action(call), || Expect::Exhaustion),
        ),
        WastDirective::AssertException { exec, .. } => {
            ("assert_exception", execute(exec, Expect::Exception, None))
        }
        WastDirective::AssertInvalid {
            mut module,
            message,
            ..
        } => (
            "assert_invalid",
            failing_module(&mut module, ModuleExpect::Invalid, message),
        ),
        WastDirective::AssertMalformed {
            mut module,
            message,
            ..
        } => (
            "assert_malformed",
            failing_module(&mut module, ModuleExpect::Malformed, message),
        ),
        WastDirective::AssertUnlinkable {
            mut module,
            message,
            ..
        } => (
            "assert_unlinkable",
            match module.encode() {
                Ok(bytes) => CommandKind::AssertModule {
                    wasm: Wasm::new(bytes),
                    expect: ModuleExpect::Unlinkable,
                    message: message.to_string(),
                },
                Err(e) => CommandKind::Broken(format!("encoding the module: {e}")),
            },
        ),
        WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
            (
                "assert_custom",
                CommandKind::Unsupported("custom-section assertions (text format only)".into()),
            )
        }
        WastDirective::AssertSuspension { .. } => (
            "assert_suspension",
            CommandKind::Unsupported("stack switching".into()),
        ),
        WastDirective::Thread(_) => (
            "thread",
            CommandKind::Unsupported("threads in scripts".into()),
        ),
        WastDirective::Wait { .. } => (
            "wait",
            CommandKind::Unsupported("threads in scripts".into()),
        ),
    }
}

/// A module directive: components are unsupported; a text module that does
/// not encode is broken.
fn module(q: &mut QuoteWat<'_>, make: impl FnOnce(Wasm) -> CommandKind) -> CommandKind {
    if matches!(q, QuoteWat::QuoteComponent(..))
        || matches!(q, QuoteWat::Wat(::wast::Wat::Component(_)))
    {
        return make(Wasm::component());
    }
    match q.encode() {
        Ok(bytes) => make(Wasm::new(bytes)),
        Err(e) => CommandKind::Broken(format!("encoding the module: {e}")),
    }
}

/// `assert_invalid` / `assert_malformed`: a text module the text parser
/// already rejects is a text-format check; anything that encodes goes to
/// the engines.
fn failing_module(q: &mut QuoteWat<'_>, expect: ModuleExpect, message: &str) -> CommandKind {
    if matches!(q, QuoteWat::QuoteComponent(..))
        || matches!(q, QuoteWat::Wat(::wast::Wat::Component(_)))
    {
        return CommandKind::Unsupported("components".into());
    }
    match q.to_test() {
        Ok(QuoteWatTest::Binary(bytes)) => CommandKind::AssertModule {
            wasm: Wasm::new(bytes),
            expect,
            message: message.to_string(),
        },
        Ok(QuoteWatTest::Text(text)) => {
            let text = String::from_utf8_lossy(&text).into_owned();
            match wat::parse_str(&text) {
                Ok(bytes) => CommandKind::AssertModule {
                    wasm: Wasm::new(bytes),
                    expect,
                    message: message.to_string(),
                },
                Err(e) => CommandKind::Text {
                    passed: true,
                    detail: format!("rejected by the text parser: {}", first(&e.to_string())),
                },
            }
        }
        Err(e) => CommandKind::Text {
            passed: true,
            detail: format!("rejected by the text parser: {}", first(&e.to_string())),
        },
    }
}

fn first(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// Why a script construct is not converted (a reason kept with the
/// command, not a failure): component-model arguments and results.
struct Unsupported(String);

fn invoke_action(invoke: ::wast::WastInvoke<'_>) -> Result<Action, Unsupported> {
    let args = invoke
        .args
        .into_iter()
        .map(argument)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Action::Invoke {
        module: invoke.module.map(|id| id.name().to_string()),
        name: invoke.name.to_string(),
        args,
    })
}

fn action_command(
    action: Result<Action, Unsupported>,
    expect: impl FnOnce() -> Expect,
) -> CommandKind {
    match action {
        Ok(action) => CommandKind::Action {
            action,
            expect: expect(),
        },
        Err(Unsupported(why)) => CommandKind::Unsupported(why),
    }
}

/// An `assert_*` on something executed: an action, or (for traps) a module
/// whose instantiation must trap.
fn execute(
    exec: WastExecute<'_>,
    expect: Expect,
    module_expect: Option<(ModuleExpect, &str)>,
) -> CommandKind {
    match exec {
        WastExecute::Invoke(invoke) => action_command(invoke_action(invoke), || expect),
        WastExecute::Get { module, global, .. } => CommandKind::Action {
            action: Action::Get {
                module: module.map(|id| id.name().to_string()),
                global: global.to_string(),
            },
            expect,
        },
        WastExecute::Wat(mut wat) => {
            if matches!(wat, ::wast::Wat::Component(_)) {
                return CommandKind::Unsupported("components".into());
            }
            match wat.encode() {
                Ok(bytes) => match module_expect {
                    Some((expect, message)) => CommandKind::AssertModule {
                        wasm: Wasm::new(bytes),
                        expect,
                        message: message.to_string(),
                    },
                    None => CommandKind::Module {
                        name: None,
                        wasm: Wasm::new(bytes),
                    },
                },
                Err(e) => CommandKind::Broken(format!("encoding the module: {e}")),
            }
        }
    }
}

fn heap_null(h: &HeapType<'_>) -> Val {
    match h {
        HeapType::Abstract { ty, .. } => match ty {
            AbstractHeapType::Func | AbstractHeapType::NoFunc => Val::FuncRef { null: true },
            AbstractHeapType::Extern | AbstractHeapType::NoExtern => Val::ExternRef { null: true },
            _ => Val::AnyRef(AnyKind::Null),
        },
        // A concrete type may be a function or a GC type; function types
        // are what the suite passes.
        HeapType::Concrete(_) | HeapType::Exact(_) => Val::FuncRef { null: true },
    }
}

fn argument(arg: WastArg<'_>) -> Result<Val, Unsupported> {
    let WastArg::Core(core) = arg else {
        return Err(Unsupported("component-model arguments".into()));
    };
    Ok(match core {
        WastArgCore::I32(v) => Val::I32(v),
        WastArgCore::I64(v) => Val::I64(v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(h) => heap_null(&h),
        WastArgCore::RefExtern(n) => Val::HostRef(n),
        WastArgCore::RefHost(n) => Val::AnyRef(AnyKind::Host(n)),
    })
}

fn float32(p: NanPattern<::wast::token::F32>) -> FloatPattern<u32> {
    match p {
        NanPattern::CanonicalNan => FloatPattern::CanonicalNan,
        NanPattern::ArithmeticNan => FloatPattern::ArithmeticNan,
        NanPattern::Value(v) => FloatPattern::Bits(v.bits),
    }
}

fn float64(p: NanPattern<::wast::token::F64>) -> FloatPattern<u64> {
    match p {
        NanPattern::CanonicalNan => FloatPattern::CanonicalNan,
        NanPattern::ArithmeticNan => FloatPattern::ArithmeticNan,
        NanPattern::Value(v) => FloatPattern::Bits(v.bits),
    }
}

fn lanes<T: Copy, const N: usize>(vals: [T; N], bits: impl Fn(T) -> u128) -> u128 {
    let width = 128 / N;
    vals.iter().enumerate().fold(0u128, |acc, (i, v)| {
        let mask = if width == 128 {
            u128::MAX
        } else {
            (1u128 << width) - 1
        };
        acc | ((bits(*v) & mask) << (width * i))
    })
}

fn core_pattern(ret: WastRetCore<'_>) -> Result<Pattern, Unsupported> {
    Ok(match ret {
        WastRetCore::I32(v) => Pattern::I32(v),
        WastRetCore::I64(v) => Pattern::I64(v),
        WastRetCore::F32(p) => Pattern::F32(float32(p)),
        WastRetCore::F64(p) => Pattern::F64(float64(p)),
        WastRetCore::V128(p) => match p {
            V128Pattern::I8x16(v) => Pattern::V128(lanes(v, |x| x as u8 as u128)),
            V128Pattern::I16x8(v) => Pattern::V128(lanes(v, |x| x as u16 as u128)),
            V128Pattern::I32x4(v) => Pattern::V128(lanes(v, |x| x as u32 as u128)),
            V128Pattern::I64x2(v) => Pattern::V128(lanes(v, |x| x as u64 as u128)),
            V128Pattern::F32x4(v) => Pattern::F32x4(v.map(float32)),
            V128Pattern::F64x2(v) => Pattern::F64x2(v.map(float64)),
        },
        WastRetCore::RefNull(_) => Pattern::RefNull,
        WastRetCore::RefExtern(n) => Pattern::RefExtern(n),
        WastRetCore::RefHost(n) => Pattern::RefHost(n),
        WastRetCore::RefFunc(_) => Pattern::RefFunc,
        WastRetCore::RefAny => Pattern::RefAny,
        WastRetCore::RefEq => Pattern::RefEq,
        WastRetCore::RefArray => Pattern::RefArray,
        WastRetCore::RefStruct => Pattern::RefStruct,
        WastRetCore::RefI31 | WastRetCore::RefI31Shared => Pattern::RefI31,
        WastRetCore::Either(alts) => Pattern::Either(
            alts.into_iter()
                .map(core_pattern)
                .collect::<Result<Vec<_>, _>>()?,
        ),
    })
}

fn pattern(ret: WastRet<'_>) -> Result<Pattern, Unsupported> {
    match ret {
        WastRet::Core(core) => core_pattern(core),
        #[allow(unreachable_patterns)]
        _ => Err(Unsupported("component-model results".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Script {
        Script::parse(Path::new("t.wast"), text).expect("parses")
    }

    #[test]
    fn directives_become_commands_with_lines() {
        let s = parse(
            r#"(module $m (func (export "f") (param i32) (result i32) local.get 0))
(assert_return (invoke "f" (i32.const 7)) (i32.const 7))
(assert_trap (invoke $m "f" (i32.const 0)) "integer divide by zero")
(assert_malformed (module quote "(func (nop") "unexpected end")
(register "m" $m)"#,
        );
        let lines: Vec<_> = s.commands.iter().map(|c| (c.line, c.directive)).collect();
        assert_eq!(
            lines,
            [
                (1, "module"),
                (2, "assert_return"),
                (3, "assert_trap"),
                (4, "assert_malformed"),
                (5, "register")
            ]
        );
        let CommandKind::Action {
            expect: Expect::Trap(kind, _),
            action,
        } = &s.commands[2].kind
        else {
            panic!("not an action: {:?}", s.commands[2].kind);
        };
        assert_eq!(*kind, Some(TrapKind::IntegerDivideByZero));
        assert_eq!(action.module(), Some("m"));
        assert!(matches!(
            s.commands[3].kind,
            CommandKind::Text { passed: true, .. }
        ));
    }

    #[test]
    fn nan_patterns_match_by_class() {
        let canonical = Pattern::F32(FloatPattern::CanonicalNan);
        assert!(canonical.matches(&Val::F32(0x7fc0_0000)));
        assert!(canonical.matches(&Val::F32(0xffc0_0000)));
        assert!(!canonical.matches(&Val::F32(0x7fc0_0001)));
        let arithmetic = Pattern::F64(FloatPattern::ArithmeticNan);
        assert!(arithmetic.matches(&Val::F64(0x7ff8_0000_0000_0001)));
        assert!(!arithmetic.matches(&Val::F64(0x7ff0_0000_0000_0001)));
        assert!(!Pattern::I32(1).matches(&Val::I64(1)));
    }

    #[test]
    fn v128_lane_patterns_pack_little_endian() {
        let s = parse(
            r#"(module (func (export "f") (result v128) v128.const i32x4 1 2 3 4))
(assert_return (invoke "f") (v128.const i16x8 1 0 2 0 3 0 4 0))"#,
        );
        let CommandKind::Action {
            expect: Expect::Return(p),
            ..
        } = &s.commands[1].kind
        else {
            panic!()
        };
        let v = 1u128 | 2 << 32 | 3 << 64 | 4 << 96;
        assert!(p[0].matches(&Val::V128(v)));
        assert!(!p[0].matches(&Val::V128(v + 1)));
    }

    #[test]
    fn bad_syntax_names_the_file() {
        let e = Script::parse(Path::new("bad.wast"), "(module (func")
            .unwrap_err()
            .report();
        assert!(e.contains("bad.wast"), "{e}");
    }
}
