//! The decision tree: what was decided at each node, and why.
//!
//! The evaluator records only what explains the outcome: every operand decided up to the one
//! that settled a connective, and for a quantifier the element that settled it (never one node
//! per element of a large domain). The witness and the challenge are read off this tree
//! ([`crate::derive`]).

use crate::atomic::{self, Atomic};
use crate::expand::ExpandError;
use crate::frame::{ArgError, Frame, PredicateRef};
use crate::hint::{HexValue, HintError};
use crate::outcome::Outcome;
use crate::program::{Connective, Origin};
use alloy_primitives::{Address, Bytes};
use ovm_abi::Property;
use std::fmt::{self, Write as _};

/// One decided node.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Its outcome.
    pub outcome: Outcome,
    /// What was decided.
    pub node: Node,
    /// Why.
    pub reason: Reason,
    /// The nodes the reason rests on: for `And` and `Or`, the operands decided, in order; for
    /// a quantifier, the body for the element named in the reason (or, when no element is
    /// named, for the first element, as an example); for `Not`, the operand; for a property,
    /// its predicate's decision.
    pub children: Vec<Trace>,
}

/// What a node decided.
#[derive(Clone, Debug)]
pub enum Node {
    /// A contract of a predicate, with the values it ran with.
    Contract {
        /// The predicate.
        predicate: PredicateRef,
        /// The contract's index.
        contract: u32,
        /// Its values.
        frame: Frame,
    },
    /// An atomic predicate on its inputs.
    Atomic {
        /// The predicate.
        atomic: Atomic,
        /// The inputs.
        inputs: Vec<Bytes>,
    },
    /// A property, decided by the predicate at its address.
    Property(Property),
    /// A value that should hold a property and does not.
    Value(Bytes),
    /// An operand whose predicate or arguments cannot be read.
    Unreadable,
}

/// Why a node decided as it did.
#[derive(Clone, Debug)]
pub enum Reason {
    /// Every operand holds.
    AllHold,
    /// This operand fails.
    OperandFails(u32),
    /// This operand holds.
    OperandHolds(u32),
    /// No operand holds.
    NoneHolds,
    /// Nothing fails (or holds, for `Or`), and this operand is undecided.
    OperandUndecided(u32),
    /// The negated operand's outcome.
    Negation,
    /// Every element of a complete domain holds.
    EveryElementHolds {
        /// How many elements.
        count: u64,
    },
    /// No element of a complete domain holds.
    NoElementHolds {
        /// How many elements.
        count: u64,
    },
    /// This element fails.
    ElementFails {
        /// Its position in the domain.
        index: u64,
        /// The element.
        value: Bytes,
    },
    /// This element holds.
    ElementHolds {
        /// Its position in the domain.
        index: u64,
        /// The element.
        value: Bytes,
    },
    /// Nothing decisive, and this element is undecided.
    ElementUndecided {
        /// Its position in the domain.
        index: u64,
        /// The element.
        value: Bytes,
    },
    /// Nothing decisive among the elements found, and the store does not vouch that they are
    /// all there are.
    Incomplete {
        /// How many elements were found.
        count: u64,
        /// The evaluated hint.
        hint: String,
    },
    /// The quantifier has no hint, so its domain is unknown.
    NoHint,
    /// The hint does not describe a domain.
    Hint(HintError),
    /// A domain element that reads as the placeholder of a variable of the predicate: the
    /// contracts would substitute it for that variable, so no challenge built on it is sound.
    Captured(String),
    /// The atomic predicate's reason.
    Atomic(atomic::Reason),
    /// The property's predicate decided it.
    Decided,
    /// The program names an atomic predicate the engine does not know.
    UnknownAtomic(String),
    /// The deployment has no address for a predicate.
    Undeployed(String),
    /// Nothing is known to be deployed at the address.
    UnknownPredicate(Address),
    /// An input does not decode as a property.
    NotAProperty,
    /// The property does not give the values its contract needs.
    Inputs {
        /// The contract's label.
        label: String,
        /// How many it needs.
        expected: usize,
        /// How many it has.
        found: usize,
    },
    /// A connective property that cannot be read.
    Malformed(ExpandError),
    /// An argument has no value.
    Arg(ArgError),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::AllHold => f.write_str("every operand holds"),
            Reason::OperandFails(i) => write!(f, "operand {i} fails"),
            Reason::OperandHolds(i) => write!(f, "operand {i} holds"),
            Reason::NoneHolds => f.write_str("no operand holds"),
            Reason::OperandUndecided(i) => write!(f, "operand {i} is undecided"),
            Reason::Negation => f.write_str("the negation of its operand"),
            Reason::EveryElementHolds { count } => {
                write!(f, "all {count} elements of the complete domain hold")
            }
            Reason::NoElementHolds { count } => {
                write!(f, "none of the {count} elements of the complete domain holds")
            }
            Reason::ElementFails { index, value } => {
                write!(f, "element #{index} {} fails", Short(value))
            }
            Reason::ElementHolds { index, value } => {
                write!(f, "element #{index} {} holds", Short(value))
            }
            Reason::ElementUndecided { index, value } => {
                write!(f, "element #{index} {} is undecided", Short(value))
            }
            Reason::Incomplete { count, hint } => write!(
                f,
                "{count} elements found for `{hint}`, and the store does not vouch that they are all"
            ),
            Reason::NoHint => f.write_str("no hint names the domain"),
            Reason::Hint(error) => write!(f, "{error}"),
            Reason::Captured(variable) => write!(
                f,
                "the element reads as the placeholder of variable `{variable}`, which the contracts would substitute"
            ),
            Reason::Atomic(reason) => write!(f, "{reason}"),
            Reason::Decided => f.write_str("decided by its predicate"),
            Reason::UnknownAtomic(name) => write!(f, "no atomic predicate is called `{name}`"),
            Reason::Undeployed(error) => f.write_str(error),
            Reason::UnknownPredicate(address) => {
                write!(f, "nothing known is deployed at {address}")
            }
            Reason::NotAProperty => f.write_str("the value is not a property"),
            Reason::Inputs {
                label,
                expected,
                found,
            } => write!(f, "{label} takes {expected} inputs, the property gives {found}"),
            Reason::Malformed(error) => write!(f, "{error}"),
            Reason::Arg(error) => write!(f, "cannot read {error}"),
        }
    }
}

/// A value, shortened for display.
struct Short<'a>(&'a [u8]);

impl fmt::Display for Short<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= 36 {
            return write!(f, "{}", HexValue(self.0));
        }
        let hex = HexValue(self.0).to_string();
        write!(
            f,
            "{}…{} ({} bytes)",
            &hex[..10],
            &hex[hex.len() - 8..],
            self.0.len()
        )
    }
}

impl Trace {
    /// The tree as indented text, one node per line: outcome, what, and why.
    /// `names` names known addresses.
    pub fn render(&self, names: &dyn Fn(Address) -> Option<String>) -> String {
        let mut out = String::new();
        self.render_into(&mut out, 0, names);
        out
    }

    fn render_into(&self, out: &mut String, depth: usize, names: &dyn Fn(Address) -> Option<String>) {
        let _ = write!(
            out,
            "{:indent$}{:<7}  ",
            "",
            self.outcome.name(),
            indent = depth * 2
        );
        match &self.node {
            Node::Contract {
                predicate,
                contract,
                frame,
            } => {
                let c = &predicate.predicate().contracts[*contract as usize];
                out.push_str(match c.connective {
                    Connective::ForAll => "ForAll",
                    Connective::ThereExists => "ThereExists",
                    other => other.contract_name(),
                });
                if let Some(q) = &c.quantifier {
                    let _ = write!(
                        out,
                        " {} in \"{}\"",
                        q.variable,
                        String::from_utf8_lossy(&q.written)
                    );
                }
                if predicate.predicate().origin == Origin::Compiled {
                    let _ = write!(out, " [{}", c.label);
                    for (name, value) in c.values.iter().zip(&frame.values) {
                        let _ = write!(out, " {name}={}", Short(value));
                    }
                    out.push(']');
                }
            }
            Node::Atomic { atomic, inputs } => {
                let _ = write!(out, "{}(", atomic.name());
                for (i, input) in inputs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}", Short(input));
                }
                out.push(')');
            }
            Node::Property(property) => {
                let address = property.predicate_address;
                let _ = write!(
                    out,
                    "property of {} with {} inputs",
                    names(address).unwrap_or_else(|| address.to_string()),
                    property.inputs.len()
                );
            }
            Node::Value(value) => {
                let _ = write!(out, "value {}", Short(value));
            }
            Node::Unreadable => out.push_str("operand"),
        }
        let _ = writeln!(out, ": {}", self.reason);
        for child in &self.children {
            child.render_into(out, depth + 1, names);
        }
    }
}
