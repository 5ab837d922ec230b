//! The canary: a deliberately wrong engine for self-tests. It is wasmi
//! running a copy of the module in which every `i32.add` computes `i32.sub`,
//! an instruction wasm-smith emits in most modules. Tests use it to prove,
//! end to end, that a divergence is found, shrunk, recorded once and
//! reproduced. A second planted bug makes a different kind of divergence:
//! the canary refuses to compile modules that use `i64.rotl` (tests of crash
//! grouping need two divergence classes). It is never selected by `all`.

use wasm_encoder::reencode::Reencode;
use wasm_encoder::{Instruction, Module};

use super::wasmi::WasmiEngine;
use super::{Engine, EngineKind, Instance, InstanceId, InstantiateError, Limits, Session};
use crate::features::FeatureSet;
use crate::module_info::ModuleInfo;
use crate::outcome::Outcome;

/// wasmi with `i32.add` turned into `i32.sub`.
pub struct CanaryEngine {
    inner: WasmiEngine,
}

impl CanaryEngine {
    /// A canary with the given limits and features.
    pub fn new(limits: Limits, features: FeatureSet) -> Self {
        CanaryEngine {
            inner: WasmiEngine::new(limits, features).reporting_as(EngineKind::Canary),
        }
    }
}

struct AddToSub;

impl Reencode for AddToSub {
    type Error = &'static str;

    fn instruction<'a>(
        &mut self,
        op: wasmparser::Operator<'a>,
    ) -> Result<Instruction<'a>, wasm_encoder::reencode::Error<Self::Error>> {
        match op {
            wasmparser::Operator::I32Add => Ok(Instruction::I32Sub),
            wasmparser::Operator::I64Rotl => Err(wasm_encoder::reencode::Error::UserError(
                "the canary does not compile i64.rotl",
            )),
            other => wasm_encoder::reencode::utils::instruction(self, other),
        }
    }
}

/// The module with the planted bugs (an error for a module using
/// `i64.rotl`).
pub fn plant(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut module = Module::new();
    AddToSub
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| format!("canary rewrite failed: {e}"))?;
    Ok(module.finish())
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
        let planted = plant(wasm).map_err(|e| InstantiateError::compile(Outcome::Error(e)))?;
        self.inner.instantiate(&planted, info)
    }

    fn session(&mut self) -> Result<Box<dyn Session>, String> {
        Ok(Box::new(CanarySession {
            inner: self.inner.session()?,
        }))
    }
}

/// A wasmi script session whose modules get the planted bug.
struct CanarySession {
    inner: Box<dyn Session>,
}

impl Session for CanarySession {
    fn instantiate(&mut self, wasm: &[u8]) -> Result<InstanceId, InstantiateError> {
        let planted = plant(wasm).map_err(|e| InstantiateError::compile(Outcome::Error(e)))?;
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

    #[test]
    fn the_canary_subtracts() {
        let wasm = wat::parse_str(
            r#"(module (func (export "f") (param i32 i32) (result i32)
                 (i32.add (local.get 0) (local.get 1))))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm).unwrap();
        let mut c = CanaryEngine::new(Limits::default(), FeatureSet::all());
        let mut inst = c.instantiate(&wasm, &info).unwrap();
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
        let err = plant(&wasm).unwrap_err();
        assert!(err.contains("i64.rotl"), "{err}");
    }
}
