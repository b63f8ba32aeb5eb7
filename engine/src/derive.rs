//! The witness and the challenge, read off a decision tree.
//!
//! **Witness** (for `decideClaimWithWitness`, a flat list consumed front to back): an atomic
//! predicate needs none; `And`, one entry per operand, each `abi.encode(bytes[])` of that
//! operand's witness; `Or`, the `uint256` word of the index of the operand that holds, then
//! its witness; `ThereExists`, the element, then the body's witness. `Not` and `ForAll`
//! cannot be decided with a witness (only by the dispute period passing unchallenged), nor can
//! anything that contains one where a witness is needed.
//!
//! **Challenge** (for `challenge(property, challengeInputs, challengeProperty)`):
//! * `Not(P)`: `P`, with no challenge inputs;
//! * `And(P0, …)`, `Pi` fails: `Not(Pi)` with `[uint256 i]`;
//! * `Or(P0, …)`: `And(Not(P0), Not(P1), …)`, with no challenge inputs;
//! * `ForAll v: P`, element `x` fails: `Not(P[v := x])` with `[x]`, the variable substituted
//!   everywhere in `P` except under a quantifier that binds `v` again;
//! * `ThereExists v: P`: `ForAllSuchThat(hint, v, Not(P))` with no challenge inputs, the hint
//!   with the values known written in.
//!
//! For a compiled predicate the challenge is what its contract's `getChild` returns: the same
//! rules, except that where the operand chosen by `And` or `ForAll` is another contract of the
//! same predicate, the challenge is that contract's own challenge, with the index or element
//! put in front of its challenge inputs.

use crate::frame::{self, Frame};
use crate::materialize::{self, Env, WriteError, Written};
use crate::outcome::Outcome;
use crate::program::{Call, Connective, Origin};
use crate::trace::{Node, Reason, Trace};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::SolValue;
use ovm_abi::{Property, input};

/// A challenge of a false property: the property that contradicts it, and the inputs that
/// show the contracts how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The challenging property.
    pub property: Property,
    /// The challenge inputs.
    pub challenge_inputs: Vec<Bytes>,
}

/// The witness that decides a true property at once, if it can be decided with one.
pub fn witness(trace: &Trace) -> Option<Vec<Bytes>> {
    if trace.outcome != Outcome::True {
        return None;
    }
    match &trace.node {
        Node::Atomic { .. } => Some(Vec::new()),
        Node::Value(_) | Node::Unreadable => None,
        Node::Property(_) => witness(trace.children.first()?),
        Node::Contract {
            predicate, contract, ..
        } => match predicate.predicate().contracts[*contract as usize].connective {
            Connective::And => trace
                .children
                .iter()
                .map(|child| witness(child).map(|w| Bytes::from(w.abi_encode())))
                .collect(),
            Connective::Or => {
                let Reason::OperandHolds(i) = trace.reason else {
                    return None;
                };
                let mut out = vec![input::uint_word(U256::from(i))];
                out.extend(witness(trace.children.last()?)?);
                Some(out)
            }
            Connective::ThereExists => {
                let Reason::ElementHolds { value, .. } = &trace.reason else {
                    return None;
                };
                let mut out = vec![value.clone()];
                out.extend(witness(trace.children.first()?)?);
                Some(out)
            }
            Connective::Not | Connective::ForAll => None,
        },
    }
}

/// The challenge of a false property; `None` for an atomic predicate, which has none.
pub fn challenge(env: &Env<'_>, trace: &Trace) -> Result<Option<Challenge>, WriteError> {
    if trace.outcome != Outcome::False {
        return Ok(None);
    }
    let (owner, index, frame) = match &trace.node {
        Node::Atomic { .. } | Node::Value(_) | Node::Unreadable => return Ok(None),
        Node::Property(_) => {
            return match trace.children.first() {
                Some(child) => challenge(env, child),
                None => Ok(None),
            };
        }
        Node::Contract {
            predicate,
            contract,
            frame,
        } => (predicate, *contract, frame),
    };
    let contract = &owner.predicate().contracts[index as usize];
    let compiled = owner.predicate().origin == Origin::Compiled;
    let written = |operand: usize, frame: &Frame| {
        materialize::operand(env, owner, index, &contract.operands[operand], frame)
    };
    let nested = |operand: usize| compiled && matches!(contract.operands[operand].call, Call::Contract(_));
    Ok(Some(match contract.connective {
        Connective::Not => match written(0, frame)? {
            Written::Property(property) => Challenge {
                property,
                challenge_inputs: Vec::new(),
            },
            Written::Bytes(_) => return Ok(None),
        },
        Connective::And => {
            let Reason::OperandFails(i) = trace.reason else {
                return Ok(None);
            };
            let word = input::uint_word(U256::from(i));
            if nested(i as usize) {
                return Ok(challenge(env, &trace.children[i as usize])?.map(|c| prefixed(word, c)));
            }
            Challenge {
                property: materialize::not(env, written(i as usize, frame)?),
                challenge_inputs: vec![word],
            }
        }
        Connective::Or => {
            let negations = (0..contract.operands.len())
                .map(|i| Ok(materialize::not(env, written(i, frame)?).encode().into()))
                .collect::<Result<Vec<Bytes>, WriteError>>()?;
            Challenge {
                property: Property::new(env.deployment.connectives.and, negations),
                challenge_inputs: Vec::new(),
            }
        }
        Connective::ForAll => {
            let Reason::ElementFails { value, .. } = &trace.reason else {
                return Ok(None);
            };
            if nested(0) {
                return Ok(challenge(env, &trace.children[0])?.map(|c| prefixed(value.clone(), c)));
            }
            let bound = Frame {
                values: frame.values.clone(),
                bound: Some(value.clone()),
            };
            Challenge {
                property: materialize::not(env, written(0, &bound)?),
                challenge_inputs: vec![value.clone()],
            }
        }
        Connective::ThereExists => {
            let Some(q) = &contract.quantifier else {
                return Ok(None);
            };
            // The hint with the values known written in; as written if it names one without.
            let hint = Some(&q.hint)
                .filter(|parts| !parts.is_empty())
                .and_then(|parts| frame::hint(parts, frame, owner, env.constants).ok())
                .map_or_else(|| q.written.clone(), |text| Bytes::from(text.into_bytes()));
            let body = materialize::not(env, written(0, frame)?);
            Challenge {
                property: Property::new(
                    env.deployment.connectives.for_all_such_that,
                    vec![
                        hint,
                        Bytes::copy_from_slice(q.variable.as_bytes()),
                        body.encode().into(),
                    ],
                ),
                challenge_inputs: Vec::new(),
            }
        }
    }))
}

/// `challenge` with `first` put in front of its challenge inputs.
fn prefixed(first: Bytes, mut challenge: Challenge) -> Challenge {
    challenge.challenge_inputs.insert(0, first);
    challenge
}
