//! The evaluator: decides a property from the loaded programs, the native atomic predicates
//! and the witness store.
//!
//! Outcomes are three-valued (Kleene): `And` is false as soon as an operand is false, true
//! when all are true, unknown otherwise; `Or` the other way round; `Not` swaps true and false.
//! `ForAll` is false at the first element of its domain whose body is false, and true only
//! when every element's body is true and the store vouches that the domain is complete;
//! `ThereExists` is true at the first element whose body is true, and false only when every
//! element's is false and the domain is complete. Everything else is unknown: missing data is
//! never read as false, nor an unvouched domain as complete, so a decision never turns from
//! true to false (or back) when more data arrives.

use crate::atomic::{self, Atomic};
use crate::derive::{self, Challenge};
use crate::expand::{self, Addresses, ExpandError};
use crate::frame::{self, ArgError, Constants, Frame, PredicateRef, Unbound};
use crate::hint::{self, Domain};
use crate::materialize::Env;
use crate::outcome::Outcome;
use crate::program::{Arg, ArgSource, Call, Connective, HintPart, Operand, Program};
use crate::store::{StoreError, WitnessStore};
use crate::trace::{Node, Reason, Trace};
use alloy_primitives::{Address, Bytes, U256};
use ovm_abi::{Deployment, DeploymentError, Property, input};
use rustc_hash::FxHashMap;
use std::sync::Arc;
use thiserror::Error;

/// Bounds on one decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Nodes decided and elements visited, in all.
    pub steps: u64,
    /// Contracts and properties nested inside one another.
    pub depth: u32,
    /// Elements of one domain.
    pub domain: u64,
}

impl Default for Limits {
    /// 100 million steps, depth 64, 16,777,216 elements per domain.
    fn default() -> Limits {
        Limits {
            steps: 100_000_000,
            depth: 64,
            domain: 1 << 24,
        }
    }
}

/// A decision that could not be completed.
#[derive(Debug, Error)]
pub enum EvalError {
    /// The step budget ran out.
    #[error("the decision needs more than {limit} steps (raise the step limit)")]
    Steps {
        /// The limit.
        limit: u64,
    },
    /// Nested too deep.
    #[error("the decision nests properties more than {limit} deep (raise the depth limit)")]
    Depth {
        /// The limit.
        limit: u32,
    },
    /// A domain too large.
    #[error("the domain of hint `{hint}` has {size} elements, more than the limit of {limit}")]
    Domain {
        /// The evaluated hint.
        hint: String,
        /// Its size.
        size: U256,
        /// The limit.
        limit: u64,
    },
    /// The witness store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A program that cannot be loaded against the deployment.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The deployment lacks an address or constant the predicate needs.
    #[error("cannot load `{predicate}`: {source}")]
    Deployment {
        /// The predicate.
        predicate: String,
        /// What is missing.
        source: DeploymentError,
    },
    /// Two loaded predicates at one address.
    #[error("`{predicate}` is deployed at {address}, where `{other}` is already loaded")]
    Duplicate {
        /// The predicate.
        predicate: String,
        /// The other one.
        other: String,
        /// The address.
        address: Address,
    },
}

/// A decision: the outcome, and what to do about it on chain.
#[derive(Clone, Debug)]
pub struct Decision {
    /// True, false or unknown.
    pub outcome: Outcome,
    /// For a true property that can be decided with a witness, the witness
    /// `decideClaimWithWitness` takes. `None` for a true property that becomes true only when
    /// the dispute period passes (one that needs a `Not` or a `ForAll` to hold).
    pub witness: Option<Vec<Bytes>>,
    /// For a false property, the challenge that defeats its claim (`None` for an atomic
    /// predicate, which cannot be challenged).
    pub challenge: Option<Challenge>,
    /// The decision tree.
    pub trace: Trace,
    /// Steps taken.
    pub steps: u64,
}

/// The engine: loaded programs, a deployment and a witness store.
pub struct Engine<S> {
    deployment: Deployment,
    store: S,
    limits: Limits,
    compiled: FxHashMap<Address, PredicateRef>,
    atomics: FxHashMap<Address, Atomic>,
    constants: Constants,
}

impl<S: WitnessStore> Engine<S> {
    /// An engine with no programs loaded and the default limits.
    pub fn new(deployment: Deployment, store: S) -> Engine<S> {
        let atomics = Atomic::ALL
            .into_iter()
            .filter_map(|atomic| Some((deployment.atomic(atomic.name()).ok()?, atomic)))
            .collect();
        Engine {
            deployment,
            store,
            limits: Limits::default(),
            compiled: FxHashMap::default(),
            atomics,
            constants: Constants::default(),
        }
    }

    /// The same engine with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Engine<S> {
        self.limits = limits;
        self
    }

    /// The deployment.
    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }

    /// The witness store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Loads a program's predicates at their deployed addresses, and resolves the deployment
    /// constants they use. Returns the addresses, in the program's order.
    pub fn load(&mut self, program: Program) -> Result<Vec<Address>, LoadError> {
        let program = Arc::new(program);
        let mut addresses = Vec::with_capacity(program.predicates.len());
        for (index, predicate) in program.predicates.iter().enumerate() {
            let failed = |source| LoadError::Deployment {
                predicate: predicate.name.clone(),
                source,
            };
            let address = self.deployment.compiled(&predicate.name).map_err(failed)?;
            for (name, ty) in constants_of(predicate) {
                let value = self.deployment.constant_as(&name, ty).map_err(failed)?;
                self.constants.insert(&name, ty, value);
            }
            if let Some(other) = self.compiled.get(&address) {
                return Err(LoadError::Duplicate {
                    predicate: predicate.name.clone(),
                    other: other.predicate().name.clone(),
                    address,
                });
            }
            let reference = PredicateRef {
                program: program.clone(),
                index: index as u32,
                address,
            };
            self.compiled.insert(address, reference);
            addresses.push(address);
        }
        Ok(addresses)
    }

    /// Decides a property: a compiled predicate's (with or without a label), a connective
    /// property, or an atomic predicate's.
    pub fn decide(&self, property: &Property) -> Result<Decision, EvalError> {
        let mut run = Run {
            engine: self,
            steps: 0,
        };
        let trace = run.property(property.clone(), 0)?;
        let env = Env {
            deployment: &self.deployment,
            constants: &self.constants,
        };
        let witness = derive::witness(&trace);
        let challenge = derive::challenge(&env, &trace).ok().flatten();
        Ok(Decision {
            outcome: trace.outcome,
            witness,
            challenge,
            trace,
            steps: run.steps,
        })
    }
}

impl<S> Addresses for Engine<S> {
    fn connective(&self, address: Address) -> Option<Connective> {
        let c = &self.deployment.connectives;
        [
            (c.not, Connective::Not),
            (c.and, Connective::And),
            (c.or, Connective::Or),
            (c.for_all_such_that, Connective::ForAll),
            (c.there_exists_such_that, Connective::ThereExists),
        ]
        .into_iter()
        .find(|(a, _)| *a == address)
        .map(|(_, connective)| connective)
    }

    fn atomic(&self, address: Address) -> Option<Atomic> {
        self.atomics.get(&address).copied()
    }
}

/// The deployment constants a predicate uses, with the types they are used at.
fn constants_of(predicate: &crate::program::Predicate) -> Vec<(String, ovm_abi::Type)> {
    let mut out = Vec::new();
    let mut visit = |arg: &Arg| {
        if let ArgSource::Constant(name, ty) = &arg.source {
            out.push((name.clone(), *ty));
        }
    };
    for contract in &predicate.contracts {
        for part in contract.quantifier.iter().flat_map(|q| &q.hint) {
            if let HintPart::Value(arg) = part {
                visit(arg);
            }
        }
        for operand in &contract.operands {
            if let Call::Property(arg) = &operand.call {
                visit(arg);
            }
            operand.args.iter().for_each(&mut visit);
        }
    }
    out
}

/// The variable of `owner` whose placeholder a value reads as, if any.
fn captured<'p>(owner: &'p PredicateRef, value: &[u8]) -> Option<&'p str> {
    if !input::is_placeholder(value) {
        return None;
    }
    owner
        .predicate()
        .contracts
        .iter()
        .filter_map(|c| c.quantifier.as_ref())
        .map(|q| q.variable.as_str())
        .find(|name| name.as_bytes() == &value[1..])
}

/// One decision in progress.
struct Run<'e, S> {
    engine: &'e Engine<S>,
    steps: u64,
}

/// A leaf of the tree.
fn leaf(outcome: Outcome, node: Node, reason: Reason) -> Trace {
    Trace {
        outcome,
        node,
        reason,
        children: Vec::new(),
    }
}

/// The elements of a domain, streamed.
enum Elements {
    Values(std::vec::IntoIter<Bytes>),
    Numbers { next: U256, end: U256 },
}

impl Iterator for Elements {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        match self {
            Elements::Values(values) => values.next(),
            Elements::Numbers { next, end } => {
                if *next >= *end {
                    return None;
                }
                let word = input::uint_word(*next);
                *next += U256::from(1);
                Some(word)
            }
        }
    }
}

impl<S: WitnessStore> Run<'_, S> {
    fn step(&mut self) -> Result<(), EvalError> {
        self.steps += 1;
        if self.steps > self.engine.limits.steps {
            return Err(EvalError::Steps {
                limit: self.engine.limits.steps,
            });
        }
        Ok(())
    }

    fn enter(&self, depth: u32) -> Result<(), EvalError> {
        if depth > self.engine.limits.depth {
            return Err(EvalError::Depth {
                limit: self.engine.limits.depth,
            });
        }
        Ok(())
    }

    /// Decides a property by the predicate at its address.
    fn property(&mut self, property: Property, depth: u32) -> Result<Trace, EvalError> {
        self.enter(depth)?;
        self.step()?;
        let engine = self.engine;
        let address = property.predicate_address;
        if engine.connective(address).is_some() {
            return match expand::program(&property, engine, engine.limits.depth.saturating_sub(depth)) {
                Ok(program) => {
                    let owner = PredicateRef {
                        program: Arc::new(program),
                        index: 0,
                        address,
                    };
                    let entry = owner.predicate().entry;
                    self.contract(&owner, entry, Frame::default(), depth + 1)
                }
                Err(ExpandError::TooDeep(_)) => Err(EvalError::Depth {
                    limit: engine.limits.depth,
                }),
                Err(error) => Ok(leaf(
                    Outcome::Unknown,
                    Node::Property(property),
                    Reason::Malformed(error),
                )),
            };
        }
        if let Some(&atomic) = engine.atomics.get(&address) {
            return self.atomic(atomic, property.inputs);
        }
        let Some(owner) = engine.compiled.get(&address) else {
            return Ok(leaf(
                Outcome::Unknown,
                Node::Property(property),
                Reason::UnknownPredicate(address),
            ));
        };
        let predicate = owner.predicate();
        let labelled = property
            .inputs
            .first()
            .filter(|first| input::is_label(first))
            .map(|first| {
                predicate
                    .contracts
                    .iter()
                    .position(|c| c.label.as_bytes() == &first[1..])
            });
        let (index, values) = match labelled {
            None => (predicate.entry as usize, &property.inputs[..]),
            Some(Some(index)) => (index, &property.inputs[1..]),
            Some(None) => {
                return Ok(leaf(
                    Outcome::Unknown,
                    Node::Property(property),
                    Reason::UnknownPredicate(address),
                ));
            }
        };
        let contract = &predicate.contracts[index];
        if values.len() < contract.values.len() {
            let reason = Reason::Inputs {
                label: contract.label.clone(),
                expected: contract.values.len(),
                found: values.len(),
            };
            return Ok(leaf(Outcome::Unknown, Node::Property(property), reason));
        }
        let frame = Frame {
            values: values[..contract.values.len()].to_vec(),
            bound: None,
        };
        self.contract(owner, index as u32, frame, depth + 1)
    }

    fn atomic(&mut self, atomic: Atomic, inputs: Vec<Bytes>) -> Result<Trace, EvalError> {
        let verdict = atomic::decide(atomic, &inputs, &self.engine.store)?;
        Ok(leaf(
            verdict.outcome,
            Node::Atomic { atomic, inputs },
            Reason::Atomic(verdict.reason),
        ))
    }

    /// Decides a contract in a frame.
    fn contract(
        &mut self,
        owner: &PredicateRef,
        index: u32,
        frame: Frame,
        depth: u32,
    ) -> Result<Trace, EvalError> {
        self.enter(depth)?;
        self.step()?;
        let contract = &owner.predicate().contracts[index as usize];
        let (outcome, reason, children, frame) = match contract.connective {
            Connective::And | Connective::Or => {
                let decisive = Outcome::of(contract.connective == Connective::Or);
                let mut children = Vec::with_capacity(contract.operands.len());
                let mut undecided = None;
                let mut settled = None;
                for (i, operand) in contract.operands.iter().enumerate() {
                    let trace = self.operand(owner, operand, &frame, depth)?;
                    let outcome = trace.outcome;
                    children.push(trace);
                    if outcome == decisive {
                        settled = Some(i as u32);
                        break;
                    }
                    if outcome == Outcome::Unknown && undecided.is_none() {
                        undecided = Some(i as u32);
                    }
                }
                let (outcome, reason) = match (settled, undecided, decisive) {
                    (Some(i), _, Outcome::False) => (Outcome::False, Reason::OperandFails(i)),
                    (Some(i), _, _) => (Outcome::True, Reason::OperandHolds(i)),
                    (None, Some(i), _) => (Outcome::Unknown, Reason::OperandUndecided(i)),
                    (None, None, Outcome::False) => (Outcome::True, Reason::AllHold),
                    (None, None, _) => (Outcome::False, Reason::NoneHolds),
                };
                (outcome, reason, children, frame)
            }
            Connective::Not => {
                let trace = self.operand(owner, &contract.operands[0], &frame, depth)?;
                (!trace.outcome, Reason::Negation, vec![trace], frame)
            }
            Connective::ForAll | Connective::ThereExists => self.quantifier(owner, index, frame, depth)?,
        };
        Ok(Trace {
            outcome,
            node: Node::Contract {
                predicate: owner.clone(),
                contract: index,
                frame,
            },
            reason,
            children,
        })
    }

    /// Decides a quantifier contract over its domain.
    fn quantifier(
        &mut self,
        owner: &PredicateRef,
        index: u32,
        mut frame: Frame,
        depth: u32,
    ) -> Result<(Outcome, Reason, Vec<Trace>, Frame), EvalError> {
        let engine = self.engine;
        let contract = &owner.predicate().contracts[index as usize];
        let for_all = contract.connective == Connective::ForAll;
        let Some(quantifier) = contract.quantifier.as_ref().filter(|q| !q.hint.is_empty()) else {
            return Ok((Outcome::Unknown, Reason::NoHint, Vec::new(), frame));
        };
        let text = match frame::hint(&quantifier.hint, &frame, owner, &engine.constants) {
            Ok(text) => text,
            Err(error) => return Ok((Outcome::Unknown, Reason::Arg(error), Vec::new(), frame)),
        };
        let domain = match hint::parse(&text) {
            Ok(domain) => domain,
            Err(error) => return Ok((Outcome::Unknown, Reason::Hint(error), Vec::new(), frame)),
        };
        let limit = engine.limits.domain;
        let too_large = |size: U256| EvalError::Domain {
            hint: text.clone(),
            size,
            limit,
        };
        let (elements, complete) = match &domain {
            Domain::Numbers { start, end } => {
                let size = end.saturating_sub(*start);
                if size > U256::from(limit) {
                    return Err(too_large(size));
                }
                (
                    Elements::Numbers {
                        next: *start,
                        end: *end,
                    },
                    true,
                )
            }
            Domain::Lookup { .. } => {
                let query = domain.query().expect("a lookup domain has a query");
                let found = engine.store.find(&query)?;
                if found.values.len() as u64 > limit {
                    return Err(too_large(U256::from(found.values.len())));
                }
                (Elements::Values(found.values.into_iter()), found.complete)
            }
        };
        let body = &contract.operands[0];
        let mut undecided = None;
        // The first element's tree, to show how the elements were decided.
        let mut first = None;
        let mut count = 0u64;
        for value in elements {
            self.step()?;
            let trace = match captured(owner, &value) {
                // The contracts would take the element for that variable when they substitute.
                Some(variable) => leaf(
                    Outcome::Unknown,
                    Node::Value(value.clone()),
                    Reason::Captured(variable.to_string()),
                ),
                None => {
                    frame.bound = Some(value.clone());
                    let trace = self.operand(owner, body, &frame, depth)?;
                    frame.bound = None;
                    trace
                }
            };
            let element = count;
            count += 1;
            match (for_all, trace.outcome) {
                (true, Outcome::False) => {
                    let reason = Reason::ElementFails {
                        index: element,
                        value,
                    };
                    return Ok((Outcome::False, reason, vec![trace], frame));
                }
                (false, Outcome::True) => {
                    let reason = Reason::ElementHolds {
                        index: element,
                        value,
                    };
                    return Ok((Outcome::True, reason, vec![trace], frame));
                }
                (_, Outcome::Unknown) if undecided.is_none() => undecided = Some((element, value, trace)),
                _ if first.is_none() => first = Some(trace),
                _ => {}
            }
        }
        let example: Vec<Trace> = first.into_iter().collect();
        Ok(match undecided {
            Some((index, value, trace)) => (
                Outcome::Unknown,
                Reason::ElementUndecided { index, value },
                vec![trace],
                frame,
            ),
            None if !complete => (
                Outcome::Unknown,
                Reason::Incomplete { count, hint: text },
                example,
                frame,
            ),
            None if for_all => (Outcome::True, Reason::EveryElementHolds { count }, example, frame),
            None => (Outcome::False, Reason::NoElementHolds { count }, example, frame),
        })
    }

    fn arg(&self, owner: &PredicateRef, arg: &Arg, frame: &Frame) -> Result<Bytes, ArgError> {
        frame::resolve(arg, frame, owner, &self.engine.constants, Unbound::Error)
    }

    /// Decides an operand of contract `index` in `frame`.
    fn operand(
        &mut self,
        owner: &PredicateRef,
        operand: &Operand,
        frame: &Frame,
        depth: u32,
    ) -> Result<Trace, EvalError> {
        let args: Result<Vec<Bytes>, ArgError> =
            operand.args.iter().map(|a| self.arg(owner, a, frame)).collect();
        let args = match args {
            Ok(args) => args,
            Err(error) => {
                return Ok(leaf(Outcome::Unknown, Node::Unreadable, Reason::Arg(error)));
            }
        };
        let engine = self.engine;
        let property = match &operand.call {
            Call::Atomic(name) => {
                self.step()?;
                return match Atomic::from_name(name) {
                    Some(atomic) => self.atomic(atomic, args),
                    None => Ok(leaf(
                        Outcome::Unknown,
                        Node::Unreadable,
                        Reason::UnknownAtomic(name.clone()),
                    )),
                };
            }
            Call::Contract(callee) => {
                let frame = Frame {
                    values: args,
                    bound: None,
                };
                return self.contract(owner, *callee, frame, depth + 1);
            }
            Call::Compiled(name) => match engine.deployment.compiled(name) {
                Ok(address) => Property::new(address, args),
                Err(error) => {
                    let reason = Reason::Undeployed(error.to_string());
                    return Ok(leaf(Outcome::Unknown, Node::Unreadable, reason));
                }
            },
            Call::Address(address) => Property::new(*address, args),
            Call::Property(source) => {
                let value = match self.arg(owner, source, frame) {
                    Ok(value) => value,
                    Err(error) => return Ok(leaf(Outcome::Unknown, Node::Unreadable, Reason::Arg(error))),
                };
                let Ok(mut property) = Property::decode(&value) else {
                    return Ok(leaf(Outcome::Unknown, Node::Value(value), Reason::NotAProperty));
                };
                property.inputs.extend(args);
                property
            }
        };
        let trace = self.property(property.clone(), depth + 1)?;
        Ok(Trace {
            outcome: trace.outcome,
            node: Node::Property(property),
            reason: Reason::Decided,
            children: vec![trace],
        })
    }
}
