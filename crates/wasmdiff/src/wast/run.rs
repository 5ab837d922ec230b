//! Running a parsed [`Script`] in every engine, checking each directive
//! against the script and each engine against the others.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use wasmparser::Payload;

use super::script::{Action, Command, CommandKind, Expect, ModuleExpect, Script, Wasm};
use crate::engines::{Engine, EngineKind, InstanceId, Limits, Session, Stage};
use crate::error::Error;
use crate::features::FeatureSet;
use crate::outcome::{Outcome, first_line};
use crate::trap::TrapKind;

/// Passed / failed / unsupported directive counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Directives that did what the script expects.
    pub passed: usize,
    /// Directives that did not.
    pub failed: usize,
    /// Directives the engine cannot run (a feature it lacks).
    pub unsupported: usize,
}

impl Counts {
    /// Add another count.
    pub fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.unsupported += other.unsupported;
    }
}

/// A directive an engine failed.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    /// The script (as given, or relative to the directory given).
    pub file: String,
    /// The directive's line.
    pub line: usize,
    /// The directive.
    pub directive: &'static str,
    /// The engine (`None` for a text-format check, decided before any
    /// engine runs).
    pub engine: Option<EngineKind>,
    /// What ran (`f(i32:1)`, `module`, ...).
    pub what: String,
    /// What the script expects.
    pub expected: String,
    /// What happened.
    pub actual: String,
}

/// A directive where engines behaved differently from each other.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    /// The script.
    pub file: String,
    /// The directive's line.
    pub line: usize,
    /// The directive.
    pub directive: &'static str,
    /// What ran.
    pub what: String,
    /// Each distinct behaviour and the engines that showed it, the most
    /// common first.
    pub groups: Vec<(Vec<EngineKind>, String)>,
    /// Whether some engine's behaviour was decided when compiling (a
    /// rejection): no code ran, so NaN bits cannot explain it.
    #[serde(skip)]
    pub at_compile: bool,
}

impl Disagreement {
    /// The engines outside the largest group.
    pub fn odd(&self) -> Vec<EngineKind> {
        self.groups
            .iter()
            .skip(1)
            .flat_map(|(e, _)| e.iter().copied())
            .collect()
    }
}

/// The result of one script.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FileReport {
    /// The script.
    pub file: String,
    /// Why the script could not run at all (unreadable, bad syntax).
    pub error: Option<String>,
    /// Counts per engine.
    pub engines: BTreeMap<EngineKind, Counts>,
    /// Text-format checks (decided by the text parser, once).
    pub text: Counts,
    /// Unsupported directives per engine and reason.
    pub unsupported: BTreeMap<EngineKind, BTreeMap<String, usize>>,
    /// Every failure.
    pub failures: Vec<Failure>,
    /// Every cross-engine disagreement.
    pub disagreements: Vec<Disagreement>,
    /// Disagreements that vanish when the script runs with its NaNs
    /// canonicalized: NaN non-determinism the spec allows, not counted as
    /// disagreements.
    pub nan_nondeterministic: Vec<Disagreement>,
    /// Engines that panicked, by the line of the directive: each went on
    /// from there in a new engine and session, with the script so far
    /// replayed (a panic can leave an engine broken for every later
    /// module).
    pub rebuilt: Vec<(EngineKind, usize)>,
}

/// What an engine did with one directive.
#[derive(Clone, Debug)]
enum Status {
    Pass,
    Fail {
        expected: String,
        actual: String,
    },
    Unsupported(String),
    /// Not an assertion (register, definitions): not counted.
    Quiet,
}

/// One engine's step on one directive: its status, and what it observed
/// (for the cross-engine comparison).
struct Step {
    status: Status,
    /// The stage (`None` for an export call or a global read) and outcome.
    observed: Option<(Option<Stage>, Outcome)>,
}

impl Step {
    /// Whether the engine panicked on this directive.
    fn panicked(&self) -> bool {
        matches!(self.observed, Some((_, Outcome::Panic(_))))
    }

    fn quiet() -> Step {
        Step {
            status: Status::Quiet,
            observed: None,
        }
    }
    fn unsupported(why: impl Into<String>) -> Step {
        Step {
            status: Status::Unsupported(why.into()),
            observed: None,
        }
    }
    fn fail(expected: impl Into<String>, actual: impl Into<String>) -> Step {
        Step {
            status: Status::Fail {
                expected: expected.into(),
                actual: actual.into(),
            },
            observed: None,
        }
    }
}

/// Where a module name points in one engine.
#[derive(Clone, Debug)]
enum Slot {
    Live(InstanceId),
    Unsupported(String),
    Failed(usize),
}

/// One engine working through a script.
struct Runner<'s> {
    engine: Box<dyn Engine>,
    session: Box<dyn Session>,
    supported: FeatureSet,
    current: Option<Slot>,
    named: HashMap<String, Slot>,
    definitions: HashMap<String, &'s Wasm>,
    last_definition: Option<&'s Wasm>,
    /// Import module names whose registered module could not run here.
    registered_unsupported: HashMap<String, String>,
    /// Registered names and their instances.
    registered: HashMap<String, InstanceId>,
    /// Instances whose state a module this engine could not run may have
    /// changed (through imported memories, tables, globals): what they
    /// show no longer compares. The value is that module's line.
    tainted: HashMap<InstanceId, usize>,
    /// Whether NaN payloads survive the engine's API (not through
    /// JavaScript numbers).
    exact_nans: bool,
}

fn describe(stage: Option<Stage>, outcome: &Outcome) -> String {
    match (stage, outcome) {
        (_, Outcome::Ok(_)) | (None, _) => outcome.to_string(),
        (Some(Stage::Compile), o) => format!("rejected ({o})"),
        (Some(Stage::Instantiate), o) => format!("instantiation failed ({o})"),
    }
}

/// The names of the modules a binary imports from.
fn import_modules(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let Ok(payload) = payload else { break };
        if let Payload::ImportSection(reader) = payload {
            for import in reader.into_imports().flatten() {
                out.push(import.module.to_string());
            }
        }
    }
    out
}

/// Engines kept on a thread: kind, limits, engine.
type Kept = Vec<(EngineKind, Limits, Box<dyn Engine>)>;

thread_local! {
    /// Engines kept between scripts on this thread, where starting one is
    /// costly: V8's engines are a `node` process each, so a suite would
    /// otherwise start two per script. Every script still gets a fresh
    /// session (a new store on the JavaScript side).
    static KEPT: std::cell::RefCell<Kept> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// A kept engine of this kind and limits, or a new one.
fn engine_for_script(kind: EngineKind, limits: Limits) -> Result<Box<dyn Engine>, Error> {
    let kept = KEPT.with(|k| {
        let mut k = k.borrow_mut();
        let i = k
            .iter()
            .position(|(kk, l, _)| *kk == kind && *l == limits)?;
        Some(k.swap_remove(i).2)
    });
    match kept {
        Some(e) => Ok(e),
        None => kind
            .build(limits, FeatureSet::all())
            .ok_or_else(|| Error::engine(kind.name(), "not in this build")),
    }
}

impl<'s> Runner<'s> {
    fn new(kind: EngineKind, limits: Limits) -> Result<Runner<'s>, Error> {
        let mut engine = engine_for_script(kind, limits)?;
        let session = engine
            .session()
            .map_err(|why| Error::engine(kind.name(), format!("no script session: {why}")))?;
        Ok(Runner::with(engine, session))
    }

    fn with(engine: Box<dyn Engine>, session: Box<dyn Session>) -> Runner<'s> {
        let supported = engine.supported();
        let kind = engine.kind();
        Runner {
            engine,
            session,
            supported,
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            registered_unsupported: HashMap::new(),
            registered: HashMap::new(),
            tainted: HashMap::new(),
            exact_nans: kind.keeps_nan_payloads(),
        }
    }

    /// Go on in a new session of a rebuilt engine (the engine rebuilds
    /// itself after a panic: [`crate::engines::rebuild`]), with `done`
    /// replayed except the directives at `skip` (those that panicked). A
    /// replayed directive that panics again is an error.
    fn restart(&mut self, done: &'s [Command], skip: &[usize]) -> Result<(), Error> {
        let kind = self.engine.kind();
        self.session = self
            .engine
            .session()
            .map_err(|why| Error::engine(kind.name(), format!("no script session: {why}")))?;
        self.current = None;
        self.named.clear();
        self.definitions.clear();
        self.last_definition = None;
        self.registered_unsupported.clear();
        self.registered.clear();
        self.tainted.clear();
        for (i, command) in done.iter().enumerate() {
            if skip.contains(&i) {
                continue;
            }
            if self.step(command).panicked() {
                return Err(Error::engine(
                    kind.name(),
                    format!("replaying line {} panicked again", command.line),
                ));
            }
        }
        Ok(())
    }

    /// Why this engine cannot run the module, if it cannot.
    fn unsupported(&self, wasm: &Wasm) -> Option<String> {
        if wasm.component {
            return Some("components".into());
        }
        match &wasm.needs {
            Ok(needs) => {
                let missing = needs.difference(self.supported);
                if missing.iter().next().is_some() {
                    return Some(format!("needs {missing}"));
                }
                // A proposal wasmdiff does not model (custom descriptors)
                // that the features above do not show: wasmparser rejects
                // the module for this engine's features only.
                let validate = |f| validation_error(&wasm.bytes, f);
                if let Some(e) = validate(self.supported.wasmparser())
                    && validate(wasmparser::WasmFeatures::all()).is_none()
                {
                    return Some(format!(
                        "needs a feature wasmdiff does not model (without it: {e})"
                    ));
                }
                import_modules(&wasm.bytes).into_iter().find_map(|name| {
                    let why = self.registered_unsupported.get(&name)?;
                    Some(format!("imports from `{name}`, which {why}"))
                })
            }
            Err(e) if matches!(**e, crate::error::Error::UnmodelledFeature(_)) => {
                Some("needs a feature wasmdiff does not model".into())
            }
            // Invalid even with every feature wasmparser knows. If the
            // engine's features reject it for another reason, it needs a
            // proposal no engine here has (and wasmparser's own support of
            // it lags behind the test); otherwise let the engine say so.
            Err(_) => {
                let validate = |f| validation_error(&wasm.bytes, f);
                let with_all = validate(wasmparser::WasmFeatures::all());
                // wasmparser names the proposal a module needs when it is
                // off: one its `all()` leaves off is still a feature.
                if let Some(e) = with_all
                    .as_ref()
                    .filter(|e| e.contains("must be enabled") || e.contains("not enabled"))
                {
                    return Some(format!("needs a proposal wasmparser cannot enable: {e}"));
                }
                match validate(self.supported.wasmparser()) {
                    Some(e) if Some(&e) != with_all.as_ref() => Some(format!(
                        "needs a feature wasmdiff does not model (without it: {e})"
                    )),
                    _ => None,
                }
            }
        }
    }

    fn slot(&self, name: Option<&str>) -> Option<Slot> {
        match name {
            Some(n) => self.named.get(n).cloned(),
            None => self.current.clone(),
        }
    }

    fn set_slot(&mut self, name: Option<&str>, slot: Slot) {
        if let Some(n) = name {
            self.named.insert(n.to_string(), slot.clone());
        }
        self.current = Some(slot);
    }

    /// A module this engine cannot run would have run against the
    /// instances it imports from: mark them.
    fn taint_imports(&mut self, wasm: &Wasm, line: usize) {
        for name in import_modules(&wasm.bytes) {
            if let Some(id) = self.registered.get(&name) {
                self.tainted.entry(*id).or_insert(line);
            }
        }
    }

    fn instantiate(&mut self, name: Option<&str>, wasm: &Wasm, line: usize) -> Step {
        if let Some(why) = self.unsupported(wasm) {
            self.taint_imports(wasm, line);
            self.set_slot(name, Slot::Unsupported(why.clone()));
            return Step::unsupported(why);
        }
        match self.session.instantiate(&wasm.bytes) {
            Ok(id) => {
                self.set_slot(name, Slot::Live(id));
                Step {
                    status: Status::Pass,
                    observed: Some((Some(Stage::Instantiate), Outcome::Ok(Vec::new()))),
                }
            }
            Err(e) => {
                let actual = describe(Some(e.stage), &e.outcome);
                if e.outcome.is_inconclusive() {
                    // Unsupported by the engine, or a resource bound: so are
                    // the directives that use this module.
                    self.taint_imports(wasm, line);
                    self.set_slot(name, Slot::Unsupported(actual.clone()));
                    return Step::unsupported(actual);
                }
                self.set_slot(name, Slot::Failed(line));
                Step {
                    status: Status::Fail {
                        expected: "instantiated".into(),
                        actual,
                    },
                    observed: Some((Some(e.stage), e.outcome)),
                }
            }
        }
    }

    fn step(&mut self, command: &'s Command) -> Step {
        match &command.kind {
            CommandKind::Module { name, wasm } => {
                self.instantiate(name.as_deref(), wasm, command.line)
            }
            CommandKind::Definition { name, wasm } => {
                if let Some(n) = name {
                    self.definitions.insert(n.clone(), wasm);
                }
                self.last_definition = Some(wasm);
                Step::quiet()
            }
            CommandKind::Instance { name, definition } => {
                let wasm = match definition {
                    Some(d) => self.definitions.get(d).copied(),
                    None => self.last_definition,
                };
                match wasm {
                    Some(wasm) => self.instantiate(name.as_deref(), wasm, command.line),
                    None => Step::fail("a module definition", "no such definition"),
                }
            }
            CommandKind::Register { as_name, module } => match self.slot(module.as_deref()) {
                Some(Slot::Live(id)) => match self.session.register(as_name, id) {
                    Ok(()) => {
                        self.registered.insert(as_name.clone(), id);
                        Step::quiet()
                    }
                    Err(e) => Step::fail("registered", e),
                },
                Some(Slot::Unsupported(why)) => {
                    self.registered_unsupported
                        .insert(as_name.clone(), format!("was unsupported ({why})"));
                    Step::quiet()
                }
                Some(Slot::Failed(_)) | None => Step::quiet(),
            },
            CommandKind::Action { action, expect } => self.action(action, expect, command.line),
            CommandKind::AssertModule {
                wasm,
                expect,
                message,
            } => self.assert_module(wasm, *expect, message, command.line),
            CommandKind::Text { .. } => Step::quiet(),
            CommandKind::Unsupported(why) => Step::unsupported(why.clone()),
            // Counted once as a text-format failure; what uses it fails.
            CommandKind::Broken(_) => {
                self.current = Some(Slot::Failed(command.line));
                Step::quiet()
            }
        }
    }

    fn action(&mut self, action: &Action, expect: &Expect, line: usize) -> Step {
        let id = match self.slot(action.module()) {
            Some(Slot::Live(id)) => id,
            Some(Slot::Unsupported(why)) => return Step::unsupported(why),
            Some(Slot::Failed(line)) => {
                return Step::fail(
                    "a result",
                    format!("not run: the module of line {line} did not instantiate"),
                );
            }
            None => return Step::fail("a result", "not run: no such module"),
        };
        let outcome = match action {
            Action::Invoke { name, args, .. } => self.session.call(id, name, args),
            Action::Get { global, .. } => self.session.get(id, global),
        };
        if let Outcome::Unsupported(why) | Outcome::NotComparable(why) = &outcome {
            // A call the engine could not make may have changed state in
            // the other engines: what this instance shows no longer
            // compares.
            if matches!(action, Action::Invoke { .. }) {
                self.tainted.entry(id).or_insert(line);
            }
            return Step::unsupported(why.clone());
        }
        let exact_nans = self.exact_nans;
        let passed = match (expect, &outcome) {
            (Expect::Nothing, Outcome::Ok(_)) => true,
            (Expect::Return(pats), Outcome::Ok(vals)) => {
                pats.len() == vals.len()
                    && pats
                        .iter()
                        .zip(vals)
                        .all(|(p, v)| p.matches(v) || (!exact_nans && p.matches_nan_class(v)))
            }
            (Expect::Trap(Some(want), _), Outcome::Trap(got)) => want.matches(*got),
            (Expect::Trap(None, _), Outcome::Trap(got)) => !got.is_exhaustion(),
            (Expect::Exhaustion, Outcome::Trap(TrapKind::StackExhausted)) => true,
            (Expect::Exception, Outcome::Trap(TrapKind::UncaughtException)) => true,
            _ => false,
        };
        if let Some(line) = self.tainted.get(&id) {
            // What the skipped module would have changed is missing here.
            return if passed {
                Step {
                    status: Status::Pass,
                    observed: None,
                }
            } else {
                Step::unsupported(format!(
                    "depends on the module of line {line}, which this engine could not run"
                ))
            };
        }
        let status = if passed {
            Status::Pass
        } else {
            Status::Fail {
                expected: expected_text(expect),
                actual: outcome.to_string(),
            }
        };
        Step {
            status,
            observed: Some((None, outcome)),
        }
    }

    fn assert_module(
        &mut self,
        wasm: &Wasm,
        expect: ModuleExpect,
        message: &str,
        line: usize,
    ) -> Step {
        let expected = match expect {
            ModuleExpect::Invalid => format!("invalid ({message})"),
            ModuleExpect::Malformed => format!("malformed ({message})"),
            ModuleExpect::Unlinkable => format!("unlinkable ({message})"),
            ModuleExpect::Uninstantiable(_) => format!("trap at instantiation ({message})"),
        };
        match expect {
            ModuleExpect::Invalid | ModuleExpect::Malformed => {
                if let Some(why) = self.rejected_for_missing_feature(&wasm.bytes) {
                    return Step::unsupported(why);
                }
                let (status, outcome) = match self.engine.validate(&wasm.bytes) {
                    Err(e) => (Status::Pass, Outcome::Error(e)),
                    Ok(()) => (
                        Status::Fail {
                            expected,
                            actual: "accepted".into(),
                        },
                        Outcome::Ok(Vec::new()),
                    ),
                };
                Step {
                    status,
                    observed: Some((Some(Stage::Compile), outcome)),
                }
            }
            ModuleExpect::Unlinkable | ModuleExpect::Uninstantiable(_) => {
                if let Some(why) = self.unsupported(wasm) {
                    // A failing instantiation may still have written to
                    // imported tables and memories.
                    self.taint_imports(wasm, line);
                    return Step::unsupported(why);
                }
                let result = self.session.instantiate(&wasm.bytes);
                let (stage, outcome) = match result {
                    Ok(_) => (Stage::Instantiate, Outcome::Ok(Vec::new())),
                    Err(e) => (e.stage, e.outcome),
                };
                if let Outcome::Unsupported(why) | Outcome::NotComparable(why) = &outcome {
                    self.taint_imports(wasm, line);
                    return Step::unsupported(why.clone());
                }
                let passed = match (expect, stage, &outcome) {
                    (ModuleExpect::Unlinkable, Stage::Instantiate, Outcome::Error(_)) => true,
                    (
                        ModuleExpect::Uninstantiable(Some(k)),
                        Stage::Instantiate,
                        Outcome::Trap(t),
                    ) => k.matches(*t),
                    (ModuleExpect::Uninstantiable(None), Stage::Instantiate, Outcome::Trap(_)) => {
                        true
                    }
                    _ => false,
                };
                let status = if passed {
                    Status::Pass
                } else {
                    Status::Fail {
                        expected,
                        actual: describe(Some(stage), &outcome),
                    }
                };
                Step {
                    status,
                    observed: Some((Some(stage), outcome)),
                }
            }
        }
    }

    /// For a module that must be rejected: whether the engine's feature set
    /// alone rejects it for another reason than the full feature set does
    /// (so the engine rejecting it says nothing).
    fn rejected_for_missing_feature(&self, bytes: &[u8]) -> Option<String> {
        let validate = |f| validation_error(bytes, f);
        // Every feature wasmdiff models (not every one wasmparser knows:
        // unmodeled proposals change the error messages of core modules).
        let with_all = validate(FeatureSet::all().wasmparser());
        let with_engine = validate(self.supported.wasmparser());
        match (with_all, with_engine) {
            (Some(a), Some(e)) if a == e => None,
            (_, Some(e)) => Some(format!("rejected for a missing feature: {e}")),
            _ => None,
        }
    }
}

fn expected_text(expect: &Expect) -> String {
    match expect {
        Expect::Nothing => "no trap".into(),
        Expect::Return(pats) if pats.is_empty() => "()".into(),
        Expect::Return(pats) => pats
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Expect::Trap(Some(k), msg) => format!("trap: {k} ({msg})"),
        Expect::Trap(None, msg) => format!("trap ({msg})"),
        Expect::Exhaustion => "trap: stack-exhausted".into(),
        Expect::Exception => "uncaught exception".into(),
    }
}

fn what(command: &Command) -> String {
    match &command.kind {
        CommandKind::Action { action, .. } => action.describe(),
        CommandKind::Module { name: Some(n), .. } => format!("module ${n}"),
        _ => command.directive.to_string(),
    }
}

/// Whether an assertion allows several results, so engines may legally
/// differ while all passing.
fn loose(command: &Command) -> bool {
    match &command.kind {
        CommandKind::Action {
            expect: Expect::Return(pats),
            ..
        } => pats.iter().any(|p| p.is_loose()),
        CommandKind::Action {
            expect: Expect::Trap(None, _),
            ..
        } => true,
        _ => false,
    }
}

/// Run a parsed script in the given engines. Where engines disagree, the
/// script runs again with every module's NaNs canonicalized: a
/// disagreement that vanishes then is NaN non-determinism (the spec lets a
/// NaN's sign and payload vary, and `reinterpret` makes them visible), moved
/// to [`FileReport::nan_nondeterministic`].
pub fn run_script(file: &str, script: &Script, kinds: &[EngineKind], limits: Limits) -> FileReport {
    let mut report = run_once(file, script, kinds, limits);
    if report.disagreements.is_empty() {
        return report;
    }
    let Some(canon) = script.with_canonical_nans() else {
        return report;
    };
    let again = run_once(file, &canon, kinds, limits);
    let (stays, vanishes): (Vec<_>, Vec<_>) = report.disagreements.drain(..).partition(|d| {
        d.at_compile
            || again
                .disagreements
                .iter()
                .any(|a| a.line == d.line && a.directive == d.directive)
    });
    report.disagreements = stays;
    report.nan_nondeterministic = vanishes;
    report
}

fn run_once(file: &str, script: &Script, kinds: &[EngineKind], limits: Limits) -> FileReport {
    let mut report = FileReport {
        file: file.to_string(),
        ..FileReport::default()
    };
    // Text-format checks and broken modules are decided before any engine.
    for command in &script.commands {
        match &command.kind {
            CommandKind::Text { passed, detail } => {
                if *passed {
                    report.text.passed += 1;
                } else {
                    report.text.failed += 1;
                    report.failures.push(Failure {
                        file: file.to_string(),
                        line: command.line,
                        directive: command.directive,
                        engine: None,
                        what: command.directive.to_string(),
                        expected: "rejected by the text parser".into(),
                        actual: detail.clone(),
                    });
                }
            }
            CommandKind::Broken(why) => {
                report.text.failed += 1;
                report.failures.push(Failure {
                    file: file.to_string(),
                    line: command.line,
                    directive: command.directive,
                    engine: None,
                    what: command.directive.to_string(),
                    expected: "a module".into(),
                    actual: why.clone(),
                });
            }
            _ => {}
        }
    }
    // Each engine runs the whole script in its own store.
    let mut steps: Vec<(EngineKind, Vec<Step>)> = Vec::new();
    for &kind in kinds {
        let mut runner = match Runner::new(kind, limits) {
            Ok(r) => r,
            Err(e) => {
                report.error = Some(e.report());
                continue;
            }
        };
        let mut engine_steps: Vec<Step> = Vec::with_capacity(script.commands.len());
        // Directives this engine panicked on, skipped when replaying.
        let mut panicked: Vec<usize> = Vec::new();
        let mut broken: Option<String> = None;
        for (i, command) in script.commands.iter().enumerate() {
            if let Some(why) = &broken {
                engine_steps.push(Step::unsupported(why.clone()));
                continue;
            }
            if panicked.last().is_some_and(|p| i == p + 1) {
                // A panic may have left the engine broken: go on in a new
                // engine and session, with the script so far replayed.
                match runner.restart(&script.commands[..i], &panicked) {
                    Ok(()) => {}
                    Err(e) => {
                        broken = Some(format!(
                            "the engine panicked at line {} and could not be rebuilt: {e}",
                            script.commands[i - 1].line
                        ));
                        engine_steps.push(Step::unsupported(broken.clone().unwrap_or_default()));
                        continue;
                    }
                }
            }
            let step = runner.step(command);
            if step.panicked() {
                panicked.push(i);
                report.rebuilt.push((kind, command.line));
            }
            engine_steps.push(step);
        }
        steps.push((kind, engine_steps));
        if kind.kept_between_scripts() {
            let Runner {
                engine, session, ..
            } = runner;
            drop(session);
            KEPT.with(|k| k.borrow_mut().push((kind, limits, engine)));
        }
    }
    for (kind, engine_steps) in &steps {
        let counts = report.engines.entry(*kind).or_default();
        for (command, step) in script.commands.iter().zip(engine_steps) {
            match &step.status {
                Status::Pass => counts.passed += 1,
                Status::Fail { expected, actual } => {
                    counts.failed += 1;
                    report.failures.push(Failure {
                        file: file.to_string(),
                        line: command.line,
                        directive: command.directive,
                        engine: Some(*kind),
                        what: what(command),
                        expected: expected.clone(),
                        actual: actual.clone(),
                    });
                }
                Status::Unsupported(why) => {
                    counts.unsupported += 1;
                    *report
                        .unsupported
                        .entry(*kind)
                        .or_default()
                        .entry(first_line(why))
                        .or_default() += 1;
                }
                Status::Quiet => {}
            }
        }
    }
    // Engines against each other, directive by directive.
    for (i, command) in script.commands.iter().enumerate() {
        let mut groups: Vec<(Vec<EngineKind>, Option<Stage>, Outcome)> = Vec::new();
        let mut all_pass = true;
        for (kind, engine_steps) in &steps {
            let step = &engine_steps[i];
            match step.status {
                Status::Pass => {}
                Status::Fail { .. } => all_pass = false,
                Status::Unsupported(_) | Status::Quiet => continue,
            }
            let Some((stage, outcome)) = &step.observed else {
                continue;
            };
            if outcome.is_inconclusive() {
                continue;
            }
            match groups
                .iter_mut()
                .find(|(_, s, o)| s == stage && o.same_as(outcome))
            {
                Some(g) => g.0.push(*kind),
                None => groups.push((vec![*kind], *stage, outcome.clone())),
            }
        }
        if groups.len() < 2 || (all_pass && loose(command)) {
            continue;
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.0.len()));
        let at_compile = groups.iter().any(|g| g.1 == Some(Stage::Compile));
        report.disagreements.push(Disagreement {
            file: file.to_string(),
            line: command.line,
            directive: command.directive,
            at_compile,
            what: what(command),
            groups: groups
                .into_iter()
                .map(|(e, s, o)| (e, describe(s, &o)))
                .collect(),
        });
    }
    report
}

/// Why wasmparser rejects `bytes` with features `f`, if it does.
fn validation_error(bytes: &[u8], f: wasmparser::WasmFeatures) -> Option<String> {
    wasmparser::Validator::new_with_features(f)
        .validate_all(bytes)
        .err()
        .map(|e| e.message().to_string())
}
