//! Writing operands and contracts out as the properties the contracts see, for challenges.
//!
//! An operand applied to its arguments is a property: an atomic or compiled predicate's
//! property with the argument values as inputs; for a contract of a compiled predicate, the
//! predicate's own property addressed by the contract's label (`[L label, values…]`, what the
//! generated contracts' `getChild` builds); for a contract of a decoded connective property,
//! the connective property itself with its operands written out. A variable without a value
//! is written as its placeholder, so writing a quantifier's body with the variable bound to
//! an element substitutes it everywhere it occurs, as the contracts' `replaceVariable` does.

use crate::frame::{self, ArgError, Constants, Frame, PredicateRef, Unbound};
use crate::hint::HexValue;
use crate::program::{self, ArgSource, Call, Connective, HintPart, Operand, Origin};
use alloy_primitives::{Address, Bytes};
use ovm_abi::{Deployment, DeploymentError, Property, input};
use std::fmt;

/// What writing properties out needs: the deployment's addresses and the program's constants.
#[derive(Clone, Copy, Debug)]
pub struct Env<'a> {
    /// The deployment.
    pub deployment: &'a Deployment,
    /// The constants of the loaded programs.
    pub constants: &'a Constants,
}

/// Why an operand cannot be written out.
#[derive(Clone, Debug)]
pub enum WriteError {
    /// An argument has no value.
    Arg(ArgError),
    /// The deployment lacks an address.
    Deployment(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Arg(error) => write!(f, "cannot write {error}"),
            WriteError::Deployment(error) => f.write_str(error),
        }
    }
}

impl From<ArgError> for WriteError {
    fn from(error: ArgError) -> WriteError {
        WriteError::Arg(error)
    }
}

impl From<DeploymentError> for WriteError {
    fn from(error: DeploymentError) -> WriteError {
        WriteError::Deployment(error.to_string())
    }
}

/// An operand written out: a property, or bytes that are not one (a placeholder standing for
/// a property, or an input that does not decode).
pub enum Written {
    /// A property.
    Property(Property),
    /// Other bytes.
    Bytes(Bytes),
}

impl Written {
    /// The bytes a connective property holds as its input.
    pub fn encode(self) -> Bytes {
        match self {
            Written::Property(property) => property.encode().into(),
            Written::Bytes(bytes) => bytes,
        }
    }
}

/// The connective's contract address.
pub fn connective_address(deployment: &Deployment, connective: Connective) -> Address {
    let c = &deployment.connectives;
    match connective {
        Connective::And => c.and,
        Connective::Or => c.or,
        Connective::Not => c.not,
        Connective::ForAll => c.for_all_such_that,
        Connective::ThereExists => c.there_exists_such_that,
    }
}

/// `Not(written)`.
pub fn not(env: &Env<'_>, written: Written) -> Property {
    Property::new(env.deployment.connectives.not, vec![written.encode()])
}

/// An operand of contract `contract` of `owner`, applied in `frame`.
pub fn operand(
    env: &Env<'_>,
    owner: &PredicateRef,
    contract: u32,
    operand: &Operand,
    frame: &Frame,
) -> Result<Written, WriteError> {
    let predicate = owner.predicate();
    let variable = predicate.contracts[contract as usize]
        .quantifier
        .as_ref()
        .map_or("", |q| q.variable.as_str());
    let args = operand
        .args
        .iter()
        .map(|arg| frame::resolve(arg, frame, owner, env.constants, Unbound::Placeholder(variable)))
        .collect::<Result<Vec<Bytes>, ArgError>>()?;
    let property = match &operand.call {
        Call::Atomic(name) => Property::new(env.deployment.atomic(name)?, args),
        Call::Compiled(name) => Property::new(env.deployment.compiled(name)?, args),
        Call::Address(address) => Property::new(*address, args),
        Call::Contract(callee) => match predicate.origin {
            Origin::Compiled => {
                let label = &predicate.contracts[*callee as usize].label;
                let label = input::label(label).map_err(|e| WriteError::Deployment(e.to_string()))?;
                Property::new(owner.address, std::iter::once(label).chain(args).collect())
            }
            Origin::Connectives => {
                let frame = Frame {
                    values: args,
                    bound: None,
                };
                return contract_property(env, owner, *callee, &frame).map(Written::Property);
            }
        },
        Call::Property(source) => {
            let value = frame::resolve(
                source,
                frame,
                owner,
                env.constants,
                Unbound::Placeholder(variable),
            )?;
            if args.is_empty() {
                return Ok(match Property::decode(&value) {
                    Ok(property) => Written::Property(property),
                    Err(_) => Written::Bytes(value),
                });
            }
            let mut property = Property::decode(&value).map_err(|_| ArgError::NotAProperty)?;
            property.inputs.extend(args);
            property
        }
    };
    Ok(Written::Property(property))
}

/// A quantifier contract's hint as a connective property writes it: as written, with the
/// value of each variable of an enclosing quantifier that has one (`${b}` → `0x…`). A variable
/// without a value (its placeholder) stays `${name}`.
fn hint(env: &Env<'_>, owner: &PredicateRef, index: u32, frame: &Frame) -> Bytes {
    let contract = &owner.predicate().contracts[index as usize];
    let Some(q) = &contract.quantifier else {
        return Bytes::new();
    };
    if q.hint.is_empty() {
        return q.written.clone();
    }
    let mut out = String::new();
    for part in &q.hint {
        let arg = match part {
            HintPart::Text(text) => {
                out.push_str(text);
                continue;
            }
            HintPart::Value(arg) => arg,
        };
        let name = match &arg.source {
            ArgSource::Value(i) => contract.values.get(*i as usize).map(String::as_str),
            ArgSource::Bound => Some(q.variable.as_str()),
            _ => None,
        };
        let value = frame::resolve(arg, frame, owner, env.constants, Unbound::Error)
            .ok()
            .filter(|value| name.is_none_or(|name| *value != frame::placeholder(name)));
        match value {
            Some(value) => out.push_str(&HexValue(&value).to_string()),
            None => out.push_str(&program::hint_template(
                std::slice::from_ref(part),
                &contract.values,
                &q.variable,
            )),
        }
    }
    Bytes::from(out.into_bytes())
}

/// A contract of a decoded connective property, written out as that connective property.
pub fn contract_property(
    env: &Env<'_>,
    owner: &PredicateRef,
    index: u32,
    frame: &Frame,
) -> Result<Property, WriteError> {
    let contract = &owner.predicate().contracts[index as usize];
    let mut inputs = Vec::with_capacity(contract.operands.len() + 2);
    if let Some(q) = &contract.quantifier {
        inputs.push(hint(env, owner, index, frame));
        inputs.push(Bytes::copy_from_slice(q.variable.as_bytes()));
    }
    for op in &contract.operands {
        inputs.push(operand(env, owner, index, op, frame)?.encode());
    }
    Ok(Property::new(
        connective_address(env.deployment, contract.connective),
        inputs,
    ))
}
