//! The program model: what the evaluator runs.
//!
//! A program is a list of compiled predicates. Each is a tree of *contracts*, one per
//! connective node of its formula, exactly as the compiled-predicate JSON and the generated
//! Solidity contracts have them (`docs/compiled-json.md`): a contract has a label, a connective,
//! the values it is given (`inputDefs`: the predicate's parameters for the root, the variables
//! bound outside it for the others) and its operands. An operand applies a predicate to
//! [`Arg`]s: an atomic predicate, another contract of the same predicate (by label), another
//! compiled predicate, or the property a value holds.
//!
//! Programs come from two places, and the evaluator treats them alike:
//! * bytecode ([`crate::bytecode::load`]), compiled from `.ovm` source;
//! * a property made of the universal connectives ([`crate::expand::program`]), decoded from
//!   its ABI encoding, whose nested connective properties become contracts whose values are
//!   the placeholders used inside them.
//!
//! Everything an index refers to has been checked by the loader, so the evaluator can index
//! without checking again.

use alloy_primitives::{Address, Bytes};
use ovm_abi::Type;

/// A verified program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// Its compiled predicates.
    pub predicates: Vec<Predicate>,
}

/// A compiled predicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predicate {
    /// Its name, capitalised as deployed (`Ownership`).
    pub name: String,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Its contracts; a contract's operands refer only to contracts before it.
    pub contracts: Vec<Contract>,
    /// The contract that decides a property given without a label (the root).
    pub entry: u32,
    /// How the contracts are written as properties in challenges.
    pub origin: Origin,
}

/// How a predicate's contracts are written as properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled from source and deployed as its own contract: a contract other than the one
    /// being decided is the property `(predicate address, [label, values…])`, and challenges
    /// follow the generated contracts' `getChild`.
    Compiled,
    /// Decoded from a property of the universal connectives: a contract is the connective
    /// property itself, with its operands written out, and challenges follow the connective
    /// contracts' `isValidChallenge`.
    Connectives,
}

/// A typed parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
}

/// One connective node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    /// Its label (without the `L`).
    pub label: String,
    /// Its connective.
    pub connective: Connective,
    /// The names of the values it is given, in order ([`ArgSource::Value`] indexes them).
    pub values: Vec<String>,
    /// For a quantifier, the domain and the bound variable.
    pub quantifier: Option<Quantifier>,
    /// The operands: one for `Not` and the quantifiers (the body), any number for `And`, `Or`.
    pub operands: Vec<Operand>,
}

/// The logical connectives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Connective {
    /// All operands hold.
    And,
    /// Some operand holds.
    Or,
    /// The operand does not hold.
    Not,
    /// The body holds for every element of the domain.
    ForAll,
    /// The body holds for some element of the domain.
    ThereExists,
}

impl Connective {
    /// The connective's contract name (`ForAllSuchThat`), as deployment files key it.
    pub fn contract_name(self) -> &'static str {
        match self {
            Connective::And => "And",
            Connective::Or => "Or",
            Connective::Not => "Not",
            Connective::ForAll => "ForAllSuchThat",
            Connective::ThereExists => "ThereExistsSuchThat",
        }
    }
}

/// A quantifier's domain and bound variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantifier {
    /// The bound variable's name (its placeholder is `"V" ++ name`).
    pub variable: String,
    /// The hint template, from which the domain's elements are found: text with values
    /// written in as `0x` hex when it is evaluated (`hint::evaluate`). Empty: no hint, so the
    /// domain is unknown and the quantifier is never decided from local data.
    pub hint: Vec<HintPart>,
    /// The hint as the property writes it (`inputs[0]` of the connective property). For a
    /// program decoded from a property these are the original bytes, which the contracts never
    /// rewrite; for compiled code, the template with `${name}` for each value.
    pub written: Bytes,
}

/// A piece of a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HintPart {
    /// Literal text.
    Text(String),
    /// A value, written as `0x` and lower-case hex.
    Value(Arg),
}

/// A predicate applied to arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operand {
    /// What is applied.
    pub call: Call,
    /// The arguments.
    pub args: Vec<Arg>,
}

/// What an operand applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// An atomic predicate, by name (`IsValidSignature`).
    Atomic(String),
    /// A contract of the same predicate, by index; the arguments are its values.
    Contract(u32),
    /// Another compiled predicate, by its deployed name.
    Compiled(String),
    /// A predicate deployed at an address (a property decoded from ABI bytes names its
    /// predicates only by address).
    Address(Address),
    /// The property a value holds, with the arguments appended to its inputs.
    Property(Arg),
}

/// Where an argument's value comes from, and the child accesses applied to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// The value before child accesses.
    pub source: ArgSource,
    /// Child accesses, outermost first.
    pub path: Vec<Child>,
}

impl Arg {
    /// An argument without child accesses.
    pub fn whole(source: ArgSource) -> Arg {
        Arg {
            source,
            path: Vec::new(),
        }
    }
}

/// The source of an argument's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgSource {
    /// A value of the contract, by index into [`Contract::values`].
    Value(u32),
    /// The variable bound by the contract's quantifier.
    Bound,
    /// A deployment constant, by name (without `$`), used at a type.
    Constant(String, Type),
    /// The predicate's own address, as an address word.
    SelfAddress,
    /// Literal bytes.
    Literal(Bytes),
}

/// A child access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Child {
    /// The input at an index of the property a value holds.
    Input(u32),
    /// The predicate address of the property a value holds, as an address word.
    Address,
}

/// The template text of a hint, as compiled code writes it: text as it is, a value as
/// `${name}` with its child accesses (`${su.0}`, `${su.address}`), a constant as `${$name}`,
/// the predicate's own address as `${self.address}` and a literal as its `0x` hex.
pub fn hint_template(parts: &[HintPart], values: &[String], variable: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for part in parts {
        let arg = match part {
            HintPart::Text(text) => {
                out.push_str(text);
                continue;
            }
            HintPart::Value(arg) => arg,
        };
        let head = match &arg.source {
            ArgSource::Value(i) => values.get(*i as usize).map_or("?", String::as_str).to_string(),
            ArgSource::Bound => variable.to_string(),
            ArgSource::Constant(name, _) => format!("${name}"),
            ArgSource::SelfAddress => "self.address".to_string(),
            ArgSource::Literal(bytes) if arg.path.is_empty() => {
                out.push_str(&alloy_primitives::hex::encode_prefixed(bytes));
                continue;
            }
            ArgSource::Literal(bytes) => alloy_primitives::hex::encode_prefixed(bytes),
        };
        out.push_str("${");
        out.push_str(&head);
        for child in &arg.path {
            match child {
                Child::Input(i) => {
                    let _ = write!(out, ".{i}");
                }
                Child::Address => out.push_str(".address"),
            }
        }
        out.push('}');
    }
    out
}
