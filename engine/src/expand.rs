//! Properties of the universal connectives, decoded into programs.
//!
//! An expanded claim is a tree of `Not`, `And`, `Or`, `ForAllSuchThat` and
//! `ThereExistsSuchThat` properties over atomic and compiled predicate properties, with bound
//! variables as placeholders (`"V" ++ name`). Each connective property becomes a contract
//! ([`Origin::Connectives`]) whose values are the placeholders of enclosing quantifiers it
//! uses, so the evaluator binds a variable by setting one value instead of rewriting bytes,
//! and writing a contract back out with a variable's value reproduces exactly the property
//! the contracts' `replaceVariable` computes: every placeholder of that variable replaced,
//! except under a quantifier that binds the same name again.
//!
//! A placeholder is replaced only where the contracts replace it: as a whole input of a
//! connective, as a quantifier's body, or as a direct input of any other property. An input
//! that does not decode as a property stays as it is; deciding it is unknown.

use crate::atomic::Atomic;
use crate::program::{
    Arg, ArgSource, Call, Child, Connective, Contract, HintPart, Operand, Origin, Predicate, Program,
    Quantifier,
};
use alloy_primitives::{Address, Bytes};
use ovm_abi::{Property, input};
use thiserror::Error;

/// A property that cannot be read as a tree of connectives.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ExpandError {
    /// A connective property with the wrong number of inputs.
    #[error("a {connective} property takes {expected} inputs, this one has {found}")]
    Arity {
        /// The connective's contract name.
        connective: &'static str,
        /// What it takes.
        expected: &'static str,
        /// What it has.
        found: usize,
    },
    /// A quantifier's variable name that no placeholder can carry.
    #[error("the variable name of a {connective} property must be UTF-8 text of 1 to 18 bytes")]
    VariableName {
        /// The connective's contract name.
        connective: &'static str,
    },
    /// Nested deeper than the limit.
    #[error("the property nests connectives more than {0} deep")]
    TooDeep(u32),
    /// Not a connective property.
    #[error("the property is not a connective property")]
    NotConnective,
}

/// What the decoder needs to know about addresses.
pub trait Addresses {
    /// The connective deployed at an address.
    fn connective(&self, address: Address) -> Option<Connective>;
    /// The atomic predicate deployed at an address.
    fn atomic(&self, address: Address) -> Option<Atomic>;
}

/// The program of a connective property: one predicate of [`Origin::Connectives`] whose entry
/// contract is the property.
pub fn program(
    property: &Property,
    addresses: &dyn Addresses,
    max_depth: u32,
) -> Result<Program, ExpandError> {
    let connective = addresses
        .connective(property.predicate_address)
        .ok_or(ExpandError::NotConnective)?;
    let mut decoder = Decoder {
        addresses,
        max_depth,
        contracts: Vec::new(),
    };
    let (entry, _) = decoder.contract(connective, property, &[], 0)?;
    Ok(Program {
        predicates: vec![Predicate {
            name: String::new(),
            params: Vec::new(),
            contracts: decoder.contracts,
            entry,
            origin: Origin::Connectives,
        }],
    })
}

struct Decoder<'a> {
    addresses: &'a dyn Addresses,
    max_depth: u32,
    contracts: Vec<Contract>,
}

/// The variables a contract uses: its own quantifier's, and the enclosing ones' (its values).
struct Scope<'s> {
    /// The enclosing quantifiers' variables, innermost last.
    outer: &'s [String],
    /// The contract's own bound variable.
    own: Option<&'s str>,
    /// The names of the contract's values, in order of first use.
    values: Vec<String>,
}

impl Scope<'_> {
    /// The argument a placeholder name stands for, if a quantifier in scope binds it.
    fn variable(&mut self, name: &str) -> Option<ArgSource> {
        if self.own == Some(name) {
            return Some(ArgSource::Bound);
        }
        if !self.outer.iter().any(|n| n == name) {
            return None;
        }
        let index = match self.values.iter().position(|v| v == name) {
            Some(i) => i,
            None => {
                self.values.push(name.to_string());
                self.values.len() - 1
            }
        };
        Some(ArgSource::Value(index as u32))
    }

    /// An input: a placeholder in scope, or the bytes themselves.
    fn input(&mut self, bytes: &Bytes) -> Arg {
        let source = placeholder_name(bytes)
            .and_then(|name| self.variable(name))
            .unwrap_or_else(|| ArgSource::Literal(bytes.clone()));
        Arg::whole(source)
    }
}

/// The name in a placeholder (`Utils.isPlaceholder`: shorter than 20 bytes, starting with `V`).
fn placeholder_name(bytes: &[u8]) -> Option<&str> {
    if !input::is_placeholder(bytes) {
        return None;
    }
    std::str::from_utf8(&bytes[1..]).ok()
}

impl Decoder<'_> {
    /// Decodes a connective property into a contract; returns its index and the names of the
    /// values it needs (variables of enclosing quantifiers, in order of first use).
    fn contract(
        &mut self,
        connective: Connective,
        property: &Property,
        outer: &[String],
        depth: u32,
    ) -> Result<(u32, Vec<String>), ExpandError> {
        if depth >= self.max_depth {
            return Err(ExpandError::TooDeep(self.max_depth));
        }
        let inputs = &property.inputs;
        let name = connective.contract_name();
        let arity = |expected| ExpandError::Arity {
            connective: name,
            expected,
            found: inputs.len(),
        };
        let (quantifier, operand_inputs) = match connective {
            Connective::Not if inputs.len() != 1 => return Err(arity("exactly 1")),
            Connective::And | Connective::Or if inputs.is_empty() => return Err(arity("at least 1")),
            Connective::ForAll | Connective::ThereExists => {
                if inputs.len() != 3 {
                    return Err(arity("exactly 3"));
                }
                let variable = std::str::from_utf8(&inputs[1])
                    .ok()
                    .filter(|v| !v.is_empty() && v.len() < input::MARKER_LIMIT - 1)
                    .ok_or(ExpandError::VariableName { connective: name })?;
                (Some((variable.to_string(), &inputs[0])), &inputs[2..])
            }
            _ => (None, &inputs[..]),
        };

        let own = quantifier.as_ref().map(|(v, _)| v.as_str());
        let mut scope = Scope {
            outer,
            own,
            values: Vec::new(),
        };
        // The hint's `${name}`s are values of the quantifier's contract.
        let hint = match &quantifier {
            Some((_, written)) => parse_hint(written, &mut scope),
            None => Vec::new(),
        };
        let mut nested = outer.to_vec();
        nested.extend(own.map(str::to_string));
        let mut operands = Vec::with_capacity(operand_inputs.len());
        for bytes in operand_inputs {
            operands.push(self.operand(bytes, &mut scope, &nested, depth)?);
        }
        let values = scope.values;
        let contract = Contract {
            label: String::new(),
            connective,
            values: values.clone(),
            quantifier: quantifier.map(|(variable, written)| Quantifier {
                variable,
                hint,
                written: written.clone(),
            }),
            operands,
        };
        self.contracts.push(contract);
        Ok(((self.contracts.len() - 1) as u32, values))
    }

    /// An input of a connective, or a quantifier's body, as an operand.
    fn operand(
        &mut self,
        bytes: &Bytes,
        scope: &mut Scope<'_>,
        nested: &[String],
        depth: u32,
    ) -> Result<Operand, ExpandError> {
        let whole = |scope: &mut Scope<'_>| Operand {
            call: Call::Property(scope.input(bytes)),
            args: Vec::new(),
        };
        if placeholder_name(bytes).is_some() {
            return Ok(whole(scope));
        }
        let Ok(property) = Property::decode(bytes) else {
            return Ok(whole(scope));
        };
        let address = property.predicate_address;
        if let Some(connective) = self.addresses.connective(address) {
            return Ok(match self.contract(connective, &property, nested, depth + 1) {
                Ok((index, needs)) => Operand {
                    call: Call::Contract(index),
                    args: needs
                        .iter()
                        .map(|name| Arg::whole(scope.variable(name).expect("needed names are in scope")))
                        .collect(),
                },
                Err(ExpandError::TooDeep(limit)) => return Err(ExpandError::TooDeep(limit)),
                // A malformed connective property stays as it is, and is undecidable.
                Err(_) => whole(scope),
            });
        }
        let call = match self.addresses.atomic(address) {
            Some(atomic) => Call::Atomic(atomic.name().to_string()),
            None => Call::Address(address),
        };
        Ok(Operand {
            call,
            args: property.inputs.iter().map(|input| scope.input(input)).collect(),
        })
    }
}

/// A hint's parts: `${name}`, `${name.0}`, `${name.address}` for a variable in scope become
/// its value; everything else stays text.
fn parse_hint(written: &[u8], scope: &mut Scope<'_>) -> Vec<HintPart> {
    let Ok(text) = std::str::from_utf8(written) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let mut pending = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 2..start + len];
        pending.push_str(&rest[..start]);
        match variable_reference(inner, scope) {
            Some(arg) => {
                if !pending.is_empty() {
                    parts.push(HintPart::Text(std::mem::take(&mut pending)));
                }
                parts.push(HintPart::Value(arg));
            }
            None => pending.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    pending.push_str(rest);
    if !pending.is_empty() {
        parts.push(HintPart::Text(pending));
    }
    parts
}

/// `name`, `name.0.1` or `name.address` for a variable in scope.
fn variable_reference(text: &str, scope: &mut Scope<'_>) -> Option<Arg> {
    let mut pieces = text.split('.');
    let name = pieces.next()?;
    let mut path = Vec::new();
    for piece in pieces {
        path.push(match piece {
            "address" => Child::Address,
            index => Child::Input(index.parse().ok()?),
        });
    }
    let source = scope.variable(name)?;
    Some(Arg { source, path })
}
