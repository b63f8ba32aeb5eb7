//! Decisions of connective properties (the expanded shape): every connective's true, false and
//! unknown cases, the exact witnesses and challenges, substitution and limits.

use alloy_primitives::{Bytes, U256, hex};
use alloy_sol_types::SolValue;
use ovm_abi::{Deployment, Property, input};
use ovm_engine::store::MemoryStore;
use ovm_engine::{Engine, EvalError, Limits, Outcome};

fn deployment() -> Deployment {
    Deployment::local()
}

fn engine(store: MemoryStore) -> Engine<MemoryStore> {
    Engine::new(deployment(), store)
}

fn word(n: u64) -> Bytes {
    input::uint_word(U256::from(n))
}

fn atomic(name: &str, inputs: Vec<Bytes>) -> Property {
    Property::new(deployment().atomic(name).unwrap(), inputs)
}

fn equal(a: Bytes, b: Bytes) -> Property {
    atomic("Equal", vec![a, b])
}

fn less(a: Bytes, b: Bytes) -> Property {
    atomic("IsLessThan", vec![a, b])
}

fn enc(p: &Property) -> Bytes {
    p.encode().into()
}

fn not(p: &Property) -> Property {
    Property::new(deployment().connectives.not, vec![enc(p)])
}

fn and(ps: &[Property]) -> Property {
    Property::new(deployment().connectives.and, ps.iter().map(enc).collect())
}

fn or(ps: &[Property]) -> Property {
    Property::new(deployment().connectives.or, ps.iter().map(enc).collect())
}

fn quantifier(for_all: bool, hint: &str, var: &str, body: Bytes) -> Property {
    let c = deployment().connectives;
    let address = if for_all {
        c.for_all_such_that
    } else {
        c.there_exists_such_that
    };
    Property::new(
        address,
        vec![
            Bytes::from(hint.as_bytes().to_vec()),
            Bytes::from(var.as_bytes().to_vec()),
            body,
        ],
    )
}

fn for_all(hint: &str, var: &str, body: &Property) -> Property {
    quantifier(true, hint, var, enc(body))
}

fn exists(hint: &str, var: &str, body: &Property) -> Property {
    quantifier(false, hint, var, enc(body))
}

fn v(name: &str) -> Bytes {
    input::placeholder(name).unwrap()
}

/// `range,NUMBER,START-END` over words.
fn numbers(start: u64, end: u64) -> String {
    format!(
        "range,NUMBER,{}-{}",
        hex::encode_prefixed(word(start)),
        hex::encode_prefixed(word(end))
    )
}

fn decide(p: &Property) -> ovm_engine::Decision {
    engine(MemoryStore::default()).decide(p).unwrap()
}

#[test]
fn and_true_has_one_witness_entry_per_operand() {
    let d = decide(&and(&[equal(word(1), word(1)), less(word(1), word(2))]));
    assert_eq!(d.outcome, Outcome::True);
    let empty: Vec<Bytes> = Vec::new();
    let entry = Bytes::from(empty.abi_encode());
    assert_eq!(d.witness, Some(vec![entry.clone(), entry]));
    assert!(d.challenge.is_none());
}

#[test]
fn and_false_is_challenged_by_the_negated_false_operand() {
    let failing = less(word(3), word(2));
    let d = decide(&and(&[
        equal(word(1), word(1)),
        failing.clone(),
        less(word(9), word(1)),
    ]));
    assert_eq!(d.outcome, Outcome::False);
    let c = d.challenge.unwrap();
    assert_eq!(c.property, not(&failing));
    assert_eq!(c.challenge_inputs, vec![word(1)]);
    // It stops at the first false operand.
    assert_eq!(d.trace.children.len(), 2);
}

#[test]
fn or_true_names_the_operand_and_false_negates_every_operand() {
    let (a, b) = (equal(word(1), word(2)), equal(word(3), word(3)));
    let d = decide(&or(&[a.clone(), b.clone()]));
    assert_eq!(d.outcome, Outcome::True);
    assert_eq!(d.witness, Some(vec![word(1)]));

    let c_ = equal(word(4), word(5));
    let d = decide(&or(&[a.clone(), not(&b), c_.clone()]));
    assert_eq!(d.outcome, Outcome::False);
    let c = d.challenge.unwrap();
    // No double negation is simplified: the Or contract compares Not(inputs[i]) exactly.
    assert_eq!(c.property, and(&[not(&a), not(&not(&b)), not(&c_)]));
    assert!(c.challenge_inputs.is_empty());
}

#[test]
fn not_is_challenged_by_its_operand_and_has_no_witness() {
    let inner = equal(word(1), word(1));
    let d = decide(&not(&inner));
    assert_eq!(d.outcome, Outcome::False);
    assert_eq!(d.challenge.unwrap().property, inner);

    let d = decide(&not(&equal(word(1), word(2))));
    assert_eq!(d.outcome, Outcome::True);
    assert_eq!(d.witness, None);
}

#[test]
fn for_all_over_numbers_is_true_without_witness_and_false_with_the_element() {
    let body = less(v("n"), word(10));
    let d = decide(&for_all(&numbers(0, 10), "n", &body));
    assert_eq!(d.outcome, Outcome::True);
    assert_eq!(d.witness, None);

    let body = less(v("n"), word(5));
    let d = decide(&for_all(&numbers(0, 10), "n", &body));
    assert_eq!(d.outcome, Outcome::False);
    let c = d.challenge.unwrap();
    assert_eq!(c.property, not(&less(word(5), word(5))));
    assert_eq!(c.challenge_inputs, vec![word(5)]);
}

#[test]
fn for_all_challenges_substitute_through_every_connective() {
    // The reference contracts substitute only through Not, And and ForAll; ours everywhere.
    let body = or(&[equal(v("n"), word(1)), equal(v("n"), word(2))]);
    let d = decide(&for_all(&numbers(0, 3), "n", &body));
    assert_eq!(d.outcome, Outcome::False);
    let c = d.challenge.unwrap();
    assert_eq!(
        c.property,
        not(&or(&[equal(word(0), word(1)), equal(word(0), word(2))]))
    );
    assert_eq!(c.challenge_inputs, vec![word(0)]);
}

#[test]
fn substitution_stops_where_a_quantifier_binds_the_same_name_again() {
    let inner = exists(&numbers(7, 8), "n", &equal(v("n"), word(7)));
    let body = and(&[less(v("n"), word(1)), inner.clone()]);
    let d = decide(&for_all(&numbers(0, 2), "n", &body));
    assert_eq!(d.outcome, Outcome::False);
    let c = d.challenge.unwrap();
    assert_eq!(c.property, not(&and(&[less(word(1), word(1)), inner])));
}

#[test]
fn there_exists_gives_the_element_as_witness_and_a_for_all_challenge() {
    let body = equal(v("n"), word(3));
    let d = decide(&exists(&numbers(0, 5), "n", &body));
    assert_eq!(d.outcome, Outcome::True);
    assert_eq!(d.witness, Some(vec![word(3)]));

    let hint = numbers(0, 3);
    let d = decide(&exists(&hint, "n", &body));
    assert_eq!(d.outcome, Outcome::False);
    let c = d.challenge.unwrap();
    assert_eq!(c.property, for_all(&hint, "n", &not(&body)));
    assert!(c.challenge_inputs.is_empty());
}

#[test]
fn a_domain_the_store_does_not_vouch_complete_is_unknown() {
    let body = not(&equal(v("s"), word(0)));
    let d = decide(&for_all("signatures,KEY,0x1234", "s", &body));
    assert_eq!(d.outcome, Outcome::Unknown);
    assert!(d.witness.is_none() && d.challenge.is_none());
    let d = decide(&exists("signatures,KEY,0x1234", "s", &body));
    assert_eq!(d.outcome, Outcome::Unknown);
    // Unknown is absorbed only by a decisive operand.
    let unknown = for_all("signatures,KEY,0x1234", "s", &body);
    assert_eq!(
        decide(&and(&[unknown.clone(), equal(word(1), word(1))])).outcome,
        Outcome::Unknown
    );
    assert_eq!(
        decide(&and(&[unknown.clone(), equal(word(1), word(2))])).outcome,
        Outcome::False
    );
    assert_eq!(
        decide(&or(&[unknown.clone(), equal(word(1), word(1))])).outcome,
        Outcome::True
    );
    assert_eq!(decide(&not(&unknown)).outcome, Outcome::Unknown);
}

#[test]
fn limits_are_errors_that_name_them() {
    let store = MemoryStore::default;
    let body = less(v("n"), word(1_000_000));
    let huge = for_all(&numbers(0, 1_000_000), "n", &body);
    let small = Limits {
        domain: 1000,
        ..Limits::default()
    };
    let error = engine(store()).with_limits(small).decide(&huge).unwrap_err();
    assert!(matches!(error, EvalError::Domain { limit: 1000, .. }), "{error}");

    let steps = Limits {
        steps: 100,
        ..Limits::default()
    };
    let error = engine(store()).with_limits(steps).decide(&huge).unwrap_err();
    assert!(error.to_string().contains("more than 100 steps"), "{error}");

    let mut deep = equal(word(1), word(1));
    for _ in 0..100 {
        deep = not(&deep);
    }
    let error = engine(store()).decide(&deep).unwrap_err();
    assert!(matches!(error, EvalError::Depth { limit: 64 }), "{error}");
}

#[test]
fn malformed_and_unknown_properties_are_unknown_with_a_reason() {
    let d = decide(&Property::new(deployment().connectives.not, vec![]));
    assert_eq!(d.outcome, Outcome::Unknown);
    assert!(d.trace.render(&|_| None).contains("takes exactly 1 inputs"));

    let d = decide(&and(&[Property::new(ovm_abi::Address::repeat_byte(7), vec![])]));
    assert_eq!(d.outcome, Outcome::Unknown);
    assert!(d.trace.render(&|_| None).contains("nothing known is deployed"));

    let garbage = Property::new(
        deployment().connectives.not,
        vec![Bytes::from_static(b"\x01\x02")],
    );
    assert_eq!(decide(&garbage).outcome, Outcome::Unknown);
}
