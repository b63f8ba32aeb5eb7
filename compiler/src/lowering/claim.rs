//! Claims: a compiled predicate applied to concrete arguments, as the ABI-encoded
//! `Property` the Universal Adjudication Contract accepts.
//!
//! Two shapes come from the same IR:
//! * [`Shape::Compiled`]: `Property(address of the deployed compiled predicate, [label?, args…])`,
//!   for predicates deployed as their own contract. A label (`"L" ++ entry point`) is put first
//!   only when the first argument would otherwise be read as one (a short input starting with
//!   `L`): the generated contracts dispatch on a leading label.
//! * [`Shape::Expanded`]: the whole formula as nested properties of the universal connective
//!   contracts and the atomic predicate contracts, with bound variables as placeholders
//!   (`"V" ++ name`). Calls to other predicates of the program are expanded too, so the claim
//!   needs no per-application contract; calls to `@external` predicates stay calls to their
//!   deployed address. Challenges of a quantifier substitute its variable on chain with
//!   `replaceVariable` (adjudicator.md §4.2), which only descends into Not, And, Or (for
//!   ThereExistsSuchThat only) and quantifiers of its own kind; so that every occurrence is
//!   reached, nested quantifiers are written with the outermost one's contract (`exists v: P`
//!   as `not forall v: not P` and the other way round) and, inside ForAllSuchThat, `a or b`
//!   as `not (not a and not b)`. The contracts cannot reach into a child of a bound variable
//!   (`v.0`) or append arguments to one (`v(x)`), so those are errors in this shape.
//!
//! Every value is the input encoding of its type (see [`ovm_abi::input`]).

use super::{compiled_json, literal};
use crate::ir::{self, Formula, HintPart, Input, Source, Target};
use crate::syntax::ast::{ChildKind, QuantifierKind};
use crate::types::Type;
use ovm_abi::{Bytes, Deployment, DeploymentError, Property, ValueError, input, parse_value};
use std::fmt::Write as _;
use thiserror::Error;

/// Which form a claim takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One call of the predicate's own deployed contract.
    Compiled,
    /// The formula itself, as nested connective and atomic properties.
    Expanded,
}

/// Why a claim cannot be built.
#[derive(Debug, Error)]
pub enum ClaimError {
    /// No compiled predicate has that name.
    #[error("the file defines no predicate `{name}`{}", known_list(.known))]
    UnknownPredicate {
        /// The requested name.
        name: String,
        /// The predicates the file defines.
        known: Vec<String>,
    },
    /// An argument names no parameter.
    #[error("`{predicate}` has no parameter `{name}`{}", known_list(.params))]
    UnknownArgument {
        /// The predicate.
        predicate: String,
        /// The argument's name.
        name: String,
        /// The parameters it has.
        params: Vec<String>,
    },
    /// A parameter has no argument.
    #[error("missing a value for parameter `{name}: {ty}` of `{predicate}` (pass --arg {name}=VALUE)")]
    MissingArgument {
        /// The predicate.
        predicate: String,
        /// The parameter.
        name: String,
        /// Its type.
        ty: Type,
    },
    /// A parameter was given twice.
    #[error("parameter `{name}` is given more than once")]
    DuplicateArgument {
        /// The parameter.
        name: String,
    },
    /// A value does not parse as its parameter's type.
    #[error("bad value for parameter `{name}: {ty}`: {source}")]
    BadValue {
        /// The parameter.
        name: String,
        /// Its type.
        ty: Type,
        /// What is wrong with the value.
        source: ValueError,
    },
    /// The deployment lacks an address or a constant.
    #[error(transparent)]
    Deployment(#[from] DeploymentError),
    /// A child access on a value that is not a property with that child.
    #[error("`{path}` cannot be evaluated: {reason}")]
    BadChild {
        /// The input as written, such as `su.3`.
        path: String,
        /// Why.
        reason: String,
    },
    /// Something the expanded shape cannot say with the universal contracts.
    #[error("the expanded shape cannot express {what} in `{predicate}`; claim it in the compiled shape")]
    NotExpressible {
        /// The predicate.
        predicate: String,
        /// What, such as "a child of the bound variable `old_su`".
        what: String,
    },
    /// A concrete value that the contracts would read as a bound variable's placeholder.
    #[error(
        "the value {value} of `{input}` reads as the placeholder of bound variable `{variable}` on chain \
         (an input shorter than 20 bytes starting with `V`); the claim would be ambiguous"
    )]
    PlaceholderClash {
        /// The input as written.
        input: String,
        /// The value, in hex.
        value: String,
        /// The variable.
        variable: String,
    },
    /// A label or placeholder name too long for the contracts.
    #[error(transparent)]
    Marker(#[from] ovm_abi::MarkerError),
}

fn known_list(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" (it has: {})", names.join(", "))
    }
}

/// What a claim needs besides the program: the predicate, its arguments and the deployment.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The claimed predicate's name.
    pub predicate: &'a str,
    /// `(parameter, value)` pairs; values are parsed by the parameter's type.
    pub args: &'a [(String, String)],
    /// The claim's shape.
    pub shape: Shape,
    /// The addresses and constants.
    pub deployment: &'a Deployment,
}

/// Builds the claim `request` describes.
pub fn claim(program: &ir::Program, request: &Request<'_>) -> Result<Property, ClaimError> {
    let predicate = find(program, request.predicate)?;
    let args = arguments(predicate, request.args)?;
    match request.shape {
        Shape::Compiled => {
            let address = request
                .deployment
                .compiled(&compiled_json::compiled_name(&predicate.name))?;
            // The contracts write a bound variable as its placeholder in challenges, and would
            // substitute an element for an argument that reads as that placeholder.
            for (param, value) in predicate.params.iter().zip(&args) {
                let clash = input::is_placeholder(value)
                    .then(|| {
                        predicate
                            .variables
                            .iter()
                            .find(|v| v.name.as_bytes() == &value[1..])
                    })
                    .flatten();
                if let Some(variable) = clash {
                    return Err(ClaimError::PlaceholderClash {
                        input: param.name.to_string(),
                        value: value.to_string(),
                        variable: variable.name.to_string(),
                    });
                }
            }
            let mut inputs = Vec::with_capacity(args.len() + 1);
            if args.first().is_some_and(|first| input::is_label(first)) {
                inputs.push(input::label(&compiled_json::entry_point(predicate))?);
            }
            inputs.extend(args);
            Ok(Property::new(address, inputs))
        }
        Shape::Expanded => {
            let mut expander = Expander {
                program,
                deployment: request.deployment,
                used_names: Vec::new(),
                bound: Vec::new(),
                mode: None,
            };
            let params = args.into_iter().map(Value::Concrete).collect();
            let frame = Frame {
                predicate,
                params,
                variables: vec![None; predicate.variables.len()],
            };
            match expander.formula(&frame, &predicate.body)? {
                Node::Property(property) => Ok(property),
                Node::Placeholder(name) => Err(ClaimError::NotExpressible {
                    predicate: predicate.name.to_string(),
                    what: format!("a body that is only the bound variable `{name}`"),
                }),
            }
        }
    }
}

fn find<'p>(program: &'p ir::Program, name: &str) -> Result<&'p ir::Predicate, ClaimError> {
    program
        .predicates
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| ClaimError::UnknownPredicate {
            name: name.to_string(),
            known: program.predicates.iter().map(|p| p.name.to_string()).collect(),
        })
}

/// The encoded arguments in parameter order.
fn arguments(predicate: &ir::Predicate, given: &[(String, String)]) -> Result<Vec<Bytes>, ClaimError> {
    let mut values: Vec<Option<Bytes>> = vec![None; predicate.params.len()];
    for (name, text) in given {
        let Some(index) = predicate.params.iter().position(|p| p.name == name.as_str()) else {
            return Err(ClaimError::UnknownArgument {
                predicate: predicate.name.to_string(),
                name: name.clone(),
                params: predicate
                    .params
                    .iter()
                    .map(|p| format!("{}: {}", p.name, p.ty))
                    .collect(),
            });
        };
        if values[index].is_some() {
            return Err(ClaimError::DuplicateArgument { name: name.clone() });
        }
        let ty = predicate.params[index].ty;
        let value = parse_value(ty, text).map_err(|source| ClaimError::BadValue {
            name: name.clone(),
            ty,
            source,
        })?;
        values[index] = Some(value);
    }
    values
        .into_iter()
        .zip(&predicate.params)
        .map(|(value, param)| {
            value.ok_or_else(|| ClaimError::MissingArgument {
                predicate: predicate.name.to_string(),
                name: param.name.to_string(),
                ty: param.ty,
            })
        })
        .collect()
}

/// A value while expanding: concrete bytes, or a bound variable's placeholder.
#[derive(Clone, Debug)]
enum Value {
    Concrete(Bytes),
    Placeholder(String),
}

/// An expanded formula: a property, or a bound variable's placeholder standing for one (the
/// body of `forall p in Q(): p()`).
enum Node {
    Property(Property),
    Placeholder(String),
}

/// One predicate being expanded: its parameters' values and its bound variables' names.
struct Frame<'p> {
    predicate: &'p ir::Predicate,
    params: Vec<Value>,
    /// The placeholder name of each bound variable, once its quantifier is entered.
    variables: Vec<Option<String>>,
}

struct Expander<'p> {
    program: &'p ir::Program,
    deployment: &'p Deployment,
    /// Every placeholder name given out in this claim: nested quantifiers never share one,
    /// because the contracts substitute through nested quantifiers without a shadowing check.
    used_names: Vec<String>,
    /// The placeholder names of the quantifiers enclosing the current formula.
    bound: Vec<String>,
    /// The kind of the outermost enclosing quantifier. Its contract substitutes its variable
    /// when challenged, but its `replaceVariable` only descends into Not, And, Or (for
    /// ThereExistsSuchThat) and quantifiers of its own kind (adjudicator.md §4.2), so nested
    /// quantifiers are written as that kind and, under ForAllSuchThat, `or` through `and`.
    mode: Option<QuantifierKind>,
}

impl<'p> Expander<'p> {
    fn formula(&mut self, frame: &Frame<'p>, formula: &Formula) -> Result<Node, ClaimError> {
        let connectives = &self.deployment.connectives;
        let (address, inputs) = match formula {
            Formula::And(items) => (connectives.and, self.children(frame, items)?),
            // `a or b` as `not (not a and not b)`: ForAllSuchThat substitutes its variable through
            // Not and And only.
            Formula::Or(items) if self.mode == Some(QuantifierKind::ForAll) => {
                let negated = items
                    .iter()
                    .map(|item| self.negation(frame, item).and_then(encode))
                    .collect::<Result<Vec<_>, _>>()?;
                (
                    connectives.not,
                    vec![Property::new(connectives.and, negated).encode().into()],
                )
            }
            Formula::Or(items) => (connectives.or, self.children(frame, items)?),
            Formula::Not(inner) => (
                connectives.not,
                self.children(frame, std::slice::from_ref(inner))?,
            ),
            Formula::ForAll(q) => return self.quantified(frame, QuantifierKind::ForAll, q),
            Formula::ThereExists(q) => return self.quantified(frame, QuantifierKind::Exists, q),
            Formula::Atom(atom) => return self.atom(frame, atom),
        };
        Ok(Node::Property(Property::new(address, inputs)))
    }

    /// `not formula`, without a double negation.
    fn negation(&mut self, frame: &Frame<'p>, formula: &Formula) -> Result<Node, ClaimError> {
        if let Formula::Not(inner) = formula {
            return self.formula(frame, inner);
        }
        let node = self.formula(frame, formula)?;
        Ok(Node::Property(Property::new(
            self.deployment.connectives.not,
            vec![encode(node)?],
        )))
    }

    /// A quantifier of `kind`, written with the outermost enclosing quantifier's contract (see
    /// [`Expander::mode`]): `exists v: P` as `not forall v: not P` and the other way round.
    fn quantified(
        &mut self,
        frame: &Frame<'p>,
        kind: QuantifierKind,
        q: &ir::Quantifier,
    ) -> Result<Node, ClaimError> {
        let outermost = self.mode.is_none();
        let mode = *self.mode.get_or_insert(kind);
        let connectives = &self.deployment.connectives;
        let address = match mode {
            QuantifierKind::ForAll => connectives.for_all_such_that,
            QuantifierKind::Exists => connectives.there_exists_such_that,
        };
        let not = connectives.not;
        let inputs = self.quantifier(frame, q, mode != kind);
        if outermost {
            self.mode = None;
        }
        let property = Property::new(address, inputs?);
        Ok(Node::Property(if mode == kind {
            property
        } else {
            Property::new(not, vec![property.encode().into()])
        }))
    }

    /// The inputs of a connective: its operands' encodings (or placeholders).
    fn children(&mut self, frame: &Frame<'p>, items: &[Formula]) -> Result<Vec<Bytes>, ClaimError> {
        items
            .iter()
            .map(|item| {
                let node = self.formula(frame, item)?;
                encode(node)
            })
            .collect()
    }

    /// `[hint, variable name, body]`.
    fn quantifier(
        &mut self,
        frame: &Frame<'p>,
        q: &ir::Quantifier,
        negate_body: bool,
    ) -> Result<Vec<Bytes>, ClaimError> {
        let name = self.fresh(&frame.predicate.variables[q.variable as usize].name);
        let hint = match &q.hint {
            Some(parts) => self.hint(frame, parts)?,
            None => String::new(),
        };
        let mut inner = Frame {
            predicate: frame.predicate,
            params: frame.params.clone(),
            variables: frame.variables.clone(),
        };
        inner.variables[q.variable as usize] = Some(name.clone());
        self.bound.push(name.clone());
        let body = if negate_body {
            self.negation(&inner, &q.body)
        } else {
            self.formula(&inner, &q.body)
        };
        self.bound.pop();
        let body = encode(body?)?;
        Ok(vec![
            Bytes::from(hint.into_bytes()),
            Bytes::from(name.into_bytes()),
            body,
        ])
    }

    /// A placeholder name for a bound variable: its own name when free in this claim and short
    /// enough for a placeholder, otherwise a numbered one.
    fn fresh(&mut self, base: &str) -> String {
        let limit = input::MARKER_LIMIT - 2;
        let mut name = if base.len() <= limit {
            base.to_string()
        } else {
            String::new()
        };
        let mut n = 1;
        while name.is_empty() || self.used_names.contains(&name) {
            let suffix = format!("_{n}");
            let mut keep = (limit - suffix.len()).min(base.len());
            while !base.is_char_boundary(keep) {
                keep -= 1;
            }
            name = format!("{}{suffix}", &base[..keep]);
            n += 1;
        }
        self.used_names.push(name.clone());
        name
    }

    /// A hint with concrete values written in as `0x` hex, and bound variables left as `${name}`
    /// for the engine to fill in.
    fn hint(&mut self, frame: &Frame<'p>, parts: &[HintPart]) -> Result<String, ClaimError> {
        let mut out = String::new();
        for part in parts {
            match part {
                HintPart::Text(text) => out.push_str(text),
                HintPart::Input(value) => match self.input(frame, value)? {
                    Value::Concrete(bytes) => {
                        let _ = write!(out, "{bytes}");
                    }
                    Value::Placeholder(name) => {
                        let _ = write!(out, "${{{name}}}");
                    }
                },
            }
        }
        Ok(out)
    }

    fn atom(&mut self, frame: &Frame<'p>, atom: &ir::Atom) -> Result<Node, ClaimError> {
        let values = atom
            .args
            .iter()
            .map(|arg| {
                let value = self.input(frame, arg)?;
                self.check_clash(frame, arg, &value)?;
                Ok(value)
            })
            .collect::<Result<Vec<_>, ClaimError>>()?;
        let address = match &atom.predicate {
            Target::Compiled(name) => return self.expand_call(name, values),
            Target::Variable(holder) => return self.variable_call(frame, holder, values),
            Target::Atomic(name) => self.deployment.atomic(name)?,
            Target::External(name) => self.deployment.compiled(name)?,
        };
        let args = values
            .into_iter()
            .map(value_bytes)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Node::Property(Property::new(address, args)))
    }

    /// A call of another predicate of the program, expanded in place.
    fn expand_call(&mut self, name: &str, params: Vec<Value>) -> Result<Node, ClaimError> {
        let program = self.program;
        let callee = find(program, name)?;
        let frame = Frame {
            predicate: callee,
            params,
            variables: vec![None; callee.variables.len()],
        };
        self.formula(&frame, &callee.body)
    }

    /// `p(args…)`: the property `p` holds, with `args` appended to its inputs.
    fn variable_call(
        &mut self,
        frame: &Frame<'p>,
        holder: &Input,
        args: Vec<Value>,
    ) -> Result<Node, ClaimError> {
        match self.input(frame, holder)? {
            Value::Placeholder(name) if args.is_empty() => Ok(Node::Placeholder(name)),
            Value::Placeholder(name) => Err(ClaimError::NotExpressible {
                predicate: frame.predicate.name.to_string(),
                what: format!("the bound variable `{name}` called with arguments"),
            }),
            Value::Concrete(bytes) => {
                let mut property = Property::decode(&bytes).map_err(|error| ClaimError::BadChild {
                    path: self.describe(frame, holder),
                    reason: format!("the value called as a predicate is not a property: {error}"),
                })?;
                for arg in args {
                    property.inputs.push(value_bytes(arg)?);
                }
                Ok(Node::Property(property))
            }
        }
    }

    /// Refuses a concrete input that the contracts would substitute as a bound variable.
    fn check_clash(&self, frame: &Frame<'p>, arg: &Input, value: &Value) -> Result<(), ClaimError> {
        let Value::Concrete(bytes) = value else {
            return Ok(());
        };
        if !input::is_placeholder(bytes) {
            return Ok(());
        }
        let name = String::from_utf8_lossy(&bytes[1..]);
        match self.bound.iter().find(|bound| **bound == name) {
            Some(variable) => Err(ClaimError::PlaceholderClash {
                input: self.describe(frame, arg),
                value: bytes.to_string(),
                variable: variable.clone(),
            }),
            None => Ok(()),
        }
    }

    /// An input's value.
    fn input(&self, frame: &Frame<'p>, value: &Input) -> Result<Value, ClaimError> {
        let root = match &value.source {
            Source::Param(i) => frame.params[*i as usize].clone(),
            Source::Variable(i) => match &frame.variables[*i as usize] {
                Some(name) => Value::Placeholder(name.clone()),
                None => unreachable!("the IR binds every variable before its use"),
            },
            Source::Constant(name) => Value::Concrete(self.constant(name, value.root_type())?),
            // The address of the contract the predicate is deployed as.
            Source::SelfAddress => Value::Concrete(input::address_word(
                self.deployment
                    .compiled(&compiled_json::compiled_name(&frame.predicate.name))?,
            )),
            Source::Integer(_) | Source::Hex(_) | Source::String(_) => {
                Value::Concrete(literal::encoding(value).unwrap_or_default())
            }
        };
        if value.children.is_empty() {
            return Ok(root);
        }
        let Value::Concrete(mut bytes) = root else {
            return Err(ClaimError::NotExpressible {
                predicate: frame.predicate.name.to_string(),
                what: format!("`{}`, a child of a bound variable", self.describe(frame, value)),
            });
        };
        for child in &value.children {
            let property = Property::decode(&bytes).map_err(|error| ClaimError::BadChild {
                path: self.describe(frame, value),
                reason: format!("the value is not a property: {error}"),
            })?;
            bytes = match child {
                ChildKind::Address => input::address_word(property.predicate_address),
                ChildKind::Index(i) => {
                    property
                        .inputs
                        .get(*i as usize)
                        .cloned()
                        .ok_or_else(|| ClaimError::BadChild {
                            path: self.describe(frame, value),
                            reason: format!("the property has {} inputs", property.inputs.len()),
                        })?
                }
            };
        }
        Ok(Value::Concrete(bytes))
    }

    /// A deployment constant encoded as `ty`.
    fn constant(&self, name: &str, ty: Type) -> Result<Bytes, ClaimError> {
        Ok(self.deployment.constant_as(name, ty)?)
    }

    /// An input as written, for messages.
    fn describe(&self, frame: &Frame<'p>, value: &Input) -> String {
        ir::print::input(frame.predicate, value)
    }
}

/// The input bytes of a value.
fn value_bytes(value: Value) -> Result<Bytes, ClaimError> {
    match value {
        Value::Concrete(bytes) => Ok(bytes),
        Value::Placeholder(name) => Ok(input::placeholder(&name)?),
    }
}

/// The input bytes of an expanded formula.
fn encode(node: Node) -> Result<Bytes, ClaimError> {
    match node {
        Node::Property(property) => Ok(property.encode().into()),
        Node::Placeholder(name) => Ok(input::placeholder(&name)?),
    }
}
