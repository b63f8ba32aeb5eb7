//! Helpers of the chain tests: properties built by hand, and playing them as the engine
//! decides them.

#![allow(dead_code)]

use alloy_primitives::{Bytes, U256, hex};
use ovm_abi::{Deployment, Property, input};
use ovm_engine::store::MemoryStore;
use ovm_engine::{Engine, Outcome};
use ovm_evm::{Chain, GameDecision, Played, play};

pub fn deployment() -> Deployment {
    Deployment::local()
}

pub fn word(n: u64) -> Bytes {
    input::uint_word(U256::from(n))
}

pub fn b(bytes: &[u8]) -> Bytes {
    Bytes::copy_from_slice(bytes)
}

pub fn atomic(name: &str, inputs: Vec<Bytes>) -> Property {
    Property::new(deployment().atomic(name).unwrap(), inputs)
}

pub fn equal(a: Bytes, b: Bytes) -> Property {
    atomic("Equal", vec![a, b])
}

pub fn less(a: Bytes, b: Bytes) -> Property {
    atomic("IsLessThan", vec![a, b])
}

pub fn enc(p: &Property) -> Bytes {
    p.encode().into()
}

pub fn not(p: &Property) -> Property {
    Property::new(deployment().connectives.not, vec![enc(p)])
}

pub fn and(ps: &[Property]) -> Property {
    Property::new(deployment().connectives.and, ps.iter().map(enc).collect())
}

pub fn or(ps: &[Property]) -> Property {
    Property::new(deployment().connectives.or, ps.iter().map(enc).collect())
}

pub fn quantifier(for_all: bool, hint: &str, var: &str, body: Bytes) -> Property {
    let c = deployment().connectives;
    let address = if for_all {
        c.for_all_such_that
    } else {
        c.there_exists_such_that
    };
    Property::new(address, vec![b(hint.as_bytes()), b(var.as_bytes()), body])
}

pub fn for_all(hint: &str, var: &str, body: &Property) -> Property {
    quantifier(true, hint, var, enc(body))
}

pub fn exists(hint: &str, var: &str, body: &Property) -> Property {
    quantifier(false, hint, var, enc(body))
}

pub fn v(name: &str) -> Bytes {
    input::placeholder(name).unwrap()
}

/// `range,NUMBER,START-END` over words.
pub fn numbers(start: u64, end: u64) -> String {
    format!(
        "range,NUMBER,{}-{}",
        hex::encode_prefixed(word(start)),
        hex::encode_prefixed(word(end))
    )
}

/// Decides `claim` with an engine over `store`, plays its game on `chain`, and checks that the
/// chain decided what the engine did (and that it is `outcome`).
pub fn check_on(chain: &mut Chain, store: MemoryStore, claim: &Property, outcome: Outcome) -> Played {
    let engine = Engine::new(deployment(), store);
    let decision = engine.decide(claim).unwrap();
    assert_eq!(decision.outcome, outcome, "the engine's outcome");
    let mut decide = |p: &Property| engine.decide(p).map_err(|e| e.to_string());
    let played = play(chain, claim, &decision, &mut decide).unwrap();
    assert_eq!(
        played.result,
        GameDecision::from(decision.outcome),
        "steps: {:#?}",
        played.steps
    );
    played
}

/// [`check_on`] on a fresh local chain.
pub fn check(store: MemoryStore, claim: &Property, outcome: Outcome) -> Played {
    let mut chain = Chain::local().unwrap();
    check_on(&mut chain, store, claim, outcome)
}
