//! Frames: the values a contract runs with, and arguments resolved against them.

use crate::hint::HexValue;
use crate::program::{Arg, ArgSource, Child, HintPart, Predicate, Program};
use alloy_primitives::{Address, Bytes};
use ovm_abi::{Property, Type, input};
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::Arc;

/// A compiled predicate in a loaded program, and where it is deployed.
#[derive(Clone, Debug)]
pub struct PredicateRef {
    /// The program.
    pub program: Arc<Program>,
    /// The predicate's index in it.
    pub index: u32,
    /// Its deployed address (zero for a decoded connective property, which has none).
    pub address: Address,
}

impl PredicateRef {
    /// The predicate.
    pub fn predicate(&self) -> &Predicate {
        &self.program.predicates[self.index as usize]
    }
}

/// The values of one contract: its values, and its quantifier's variable once bound.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// By index of the contract's values.
    pub values: Vec<Bytes>,
    /// The bound variable's value, while the quantifier's body is decided for an element.
    pub bound: Option<Bytes>,
}

/// The deployment constants a program uses, each at the type it is used at.
#[derive(Clone, Debug, Default)]
pub struct Constants(FxHashMap<String, Vec<(Type, Bytes)>>);

impl Constants {
    /// Records a constant's value at a type.
    pub fn insert(&mut self, name: &str, ty: Type, value: Bytes) {
        let values = self.0.entry(name.to_string()).or_default();
        if !values.iter().any(|(t, _)| *t == ty) {
            values.push((ty, value));
        }
    }

    /// A constant's value at a type.
    pub fn get(&self, name: &str, ty: Type) -> Option<&Bytes> {
        self.0
            .get(name)?
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, value)| value)
    }
}

/// An argument that has no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// The quantifier's variable has no value yet, and the argument reads into it.
    Unbound,
    /// A child access on a value that is not a property.
    NotAProperty,
    /// A child access past a property's inputs.
    NoInput {
        /// The index.
        index: u32,
        /// How many inputs the property has.
        len: usize,
    },
    /// A value index past the frame's values.
    NoValue(u32),
    /// A constant the deployment lacks.
    NoConstant(String),
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::Unbound => f.write_str("a child of a variable that has no value"),
            ArgError::NotAProperty => f.write_str("a child access on a value that is not a property"),
            ArgError::NoInput { index, len } => {
                write!(f, "child {index} of a property that has {len} inputs")
            }
            ArgError::NoValue(i) => write!(f, "value {i}, which the property does not have"),
            ArgError::NoConstant(name) => write!(f, "the deployment has no constant `${name}`"),
        }
    }
}

/// How a variable with no value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unbound<'a> {
    /// It is an error to read it.
    Error,
    /// As its placeholder, `"V" ++ name` (writing a property out for a challenge).
    Placeholder(&'a str),
}

/// The value of an argument in a frame.
pub fn resolve(
    arg: &Arg,
    frame: &Frame,
    owner: &PredicateRef,
    constants: &Constants,
    unbound: Unbound<'_>,
) -> Result<Bytes, ArgError> {
    let value = match &arg.source {
        ArgSource::Value(i) => frame
            .values
            .get(*i as usize)
            .cloned()
            .ok_or(ArgError::NoValue(*i))?,
        ArgSource::Bound => match (&frame.bound, unbound) {
            (Some(value), _) => value.clone(),
            (None, Unbound::Placeholder(name)) if arg.path.is_empty() => placeholder(name),
            (None, _) => return Err(ArgError::Unbound),
        },
        ArgSource::Constant(name, ty) => constants
            .get(name, *ty)
            .cloned()
            .ok_or_else(|| ArgError::NoConstant(name.clone()))?,
        ArgSource::SelfAddress => input::address_word(owner.address),
        ArgSource::Literal(bytes) => bytes.clone(),
    };
    child(value, &arg.path)
}

/// A hint with the values it names written in (`0x` and lower-case hex), if all have values.
pub fn hint(
    parts: &[HintPart],
    frame: &Frame,
    owner: &PredicateRef,
    constants: &Constants,
) -> Result<String, ArgError> {
    use std::fmt::Write as _;
    let mut out = String::new();
    for part in parts {
        match part {
            HintPart::Text(text) => out.push_str(text),
            HintPart::Value(arg) => {
                let value = resolve(arg, frame, owner, constants, Unbound::Error)?;
                let _ = write!(out, "{}", HexValue(&value));
            }
        }
    }
    Ok(out)
}

/// The placeholder of a variable.
pub fn placeholder(name: &str) -> Bytes {
    let mut bytes = Vec::with_capacity(1 + name.len());
    bytes.push(b'V');
    bytes.extend_from_slice(name.as_bytes());
    bytes.into()
}

/// Child accesses applied to a value.
fn child(mut value: Bytes, path: &[Child]) -> Result<Bytes, ArgError> {
    for step in path {
        let property = Property::decode(&value).map_err(|_| ArgError::NotAProperty)?;
        value = match step {
            Child::Address => input::address_word(property.predicate_address),
            Child::Input(i) => {
                let len = property.inputs.len();
                property
                    .inputs
                    .into_iter()
                    .nth(*i as usize)
                    .ok_or(ArgError::NoInput { index: *i, len })?
            }
        };
    }
    Ok(value)
}
