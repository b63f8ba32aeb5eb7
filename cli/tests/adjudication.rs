//! The engine's decisions checked against an independent model of the on-chain rules
//! (`onchain`): for every decision, a true claim's witness makes `decideWithWitness` true, and
//! a false claim's challenge is accepted by `isValidChallenge` and is itself decided true.
//!
//! Each connective is decided true, false and unknown in both claim shapes, from the fixtures
//! in `tests/engine/`; then the plasma ownership predicate with real secp256k1 signatures.

mod harness;
mod onchain;

use alloy_sol_types::SolValue;
use harness::{Program, Seen, both, hex, seen, word};
use ovm_abi::{Address, Bytes, Deployment, Property, input, keccak256};
use ovm_compiler::lowering::claim::{ClaimError, Shape};
use ovm_engine::atomic::signature;
use ovm_engine::store::MemoryStore;
use ovm_engine::{Decision, Outcome};
use secp256k1::{PublicKey, SECP256K1, SecretKey};
use std::sync::LazyLock;

static CONNECTIVES: LazyLock<Program> = LazyLock::new(|| Program::file("tests/engine/connectives.ovm"));

/// The storage contract of the `IsStored` operands.
const STORAGE: &str = "0x00000000000000000000000000000000000000c0";

fn storage() -> Address {
    STORAGE.parse().unwrap()
}

/// A store in which the storage contract holds `value` under the key `0x01`.
fn stored(value: &[u8]) -> MemoryStore {
    let mut store = MemoryStore::new();
    store.put_storage(storage(), [1u8], Bytes::copy_from_slice(value));
    store
}

/// The arguments `c, k, v, a, b` of `and2` and `or2`: `IsStored(c, 0x01, 0x02)` and
/// `IsLessThan(a, b)`.
fn stored_and_less(a: &str, b: &str) -> Vec<(&'static str, String)> {
    vec![
        ("c", STORAGE.into()),
        ("k", "0x01".into()),
        ("v", "0x02".into()),
        ("a", a.into()),
        ("b", b.into()),
    ]
}

/// Borrowed `(name, value)` pairs.
fn args<'a>(list: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    list.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

fn decide_both(store: &MemoryStore, predicate: &str, list: &[(&'static str, String)]) -> (Seen, Seen) {
    both(&CONNECTIVES, store, predicate, &args(list))
}

fn true_with_witness() -> Seen {
    Seen::True { witness: true }
}

fn true_without_witness() -> Seen {
    Seen::True { witness: false }
}

fn false_at(inputs: &[Bytes]) -> Seen {
    Seen::False {
        challenge_inputs: inputs.to_vec(),
    }
}

/// The compiled shape's outcome is the expanded shape's; the challenge inputs differ (a
/// compiled challenge names the contracts' operands, which the expansion rewrites).
fn same_outcome(seen: &(Seen, Seen)) -> &Seen {
    let outcome = |s: &Seen| match s {
        Seen::True { witness } => (0, *witness),
        Seen::False { .. } => (1, false),
        Seen::Unknown => (2, false),
    };
    assert_eq!(
        outcome(&seen.0),
        outcome(&seen.1),
        "the two shapes disagree: {seen:?}"
    );
    &seen.0
}

// ----------------------------------------------------------------------------------------------
// And, Or, Not

#[test]
fn and_is_true_with_a_witness_when_both_operands_hold() {
    let seen = decide_both(&stored(&[2]), "and2", &stored_and_less("1", "2"));
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
}

#[test]
fn and_is_false_at_its_first_false_operand() {
    // Storage unknown, second operand false: the challenge is Not(operand 1).
    let seen = decide_both(&MemoryStore::new(), "and2", &stored_and_less("2", "1"));
    assert_eq!(seen, (false_at(&[word(1)]), false_at(&[word(1)])));
    // Storage says 0x03: the first operand is false.
    let seen = decide_both(&stored(&[3]), "and2", &stored_and_less("2", "1"));
    assert_eq!(seen, (false_at(&[word(0)]), false_at(&[word(0)])));
}

#[test]
fn and_is_unknown_when_an_operand_is_unknown_and_none_false() {
    let seen = decide_both(&MemoryStore::new(), "and2", &stored_and_less("1", "2"));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

#[test]
fn or_is_true_at_its_first_true_operand_with_its_index_as_witness() {
    // The first operand is unknown, the second true.
    let compiled = CONNECTIVES.claim("or2", &args(&stored_and_less("1", "2")), Shape::Compiled);
    let decision = CONNECTIVES.decide(&MemoryStore::new(), &compiled);
    assert_eq!(seen(&decision), true_with_witness());
    assert_eq!(decision.witness.as_ref().unwrap()[0], word(1));
    let seen = decide_both(&stored(&[2]), "or2", &stored_and_less("2", "1"));
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
}

#[test]
fn or_is_false_when_every_operand_is_false() {
    let seen = decide_both(&stored(&[3]), "or2", &stored_and_less("2", "1"));
    assert!(matches!(same_outcome(&seen), Seen::False { .. }), "{seen:?}");
}

#[test]
fn or_is_unknown_when_an_operand_is_unknown_and_none_true() {
    let seen = decide_both(&MemoryStore::new(), "or2", &stored_and_less("2", "1"));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

#[test]
fn not_swaps_true_and_false_and_keeps_unknown() {
    let not1 = |store: &MemoryStore| {
        decide_both(
            store,
            "not1",
            &[("c", STORAGE.into()), ("k", "0x01".into()), ("v", "0x02".into())],
        )
    };
    // A Not is never decided with a witness.
    assert_eq!(
        not1(&stored(&[3])),
        (true_without_witness(), true_without_witness())
    );
    assert!(matches!(same_outcome(&not1(&stored(&[2]))), Seen::False { .. }));
    assert_eq!(not1(&MemoryStore::new()), (Seen::Unknown, Seen::Unknown));
}

// ----------------------------------------------------------------------------------------------
// ForAll

fn n_m(n: u64, m: u64) -> Vec<(&'static str, String)> {
    vec![("n", n.to_string()), ("m", m.to_string())]
}

#[test]
fn forall_over_numbers_is_true_when_every_element_holds() {
    let seen = decide_both(&MemoryStore::new(), "forall_number", &n_m(3, 3));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
    // The empty domain.
    let seen = decide_both(&MemoryStore::new(), "forall_number", &n_m(0, 0));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
}

#[test]
fn forall_over_numbers_is_false_at_the_first_false_element() {
    let seen = decide_both(&MemoryStore::new(), "forall_number", &n_m(6, 3));
    let Seen::False { challenge_inputs } = same_outcome(&seen) else {
        panic!("{seen:?}")
    };
    assert_eq!(challenge_inputs[0], word(3));
}

/// The bucket `vals`, key `0x01`, holding `values`, vouched complete or not.
fn vals(values: &[&[u8]], complete: bool) -> MemoryStore {
    let mut store = MemoryStore::new();
    for value in values {
        store.put(&["vals"], [1u8], Bytes::copy_from_slice(value));
    }
    if complete {
        store.vouch_key(&["vals"], [1u8]);
    }
    store
}

fn k_w(w: &str) -> Vec<(&'static str, String)> {
    vec![("k", "0x01".into()), ("w", w.into())]
}

#[test]
fn forall_over_a_key_is_true_only_when_the_key_is_vouched() {
    let values: &[&[u8]] = &[&[7], &[7]];
    let seen = decide_both(&vals(values, true), "forall_key", &k_w("0x07"));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
    let seen = decide_both(&vals(values, false), "forall_key", &k_w("0x07"));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
    // A vouched key with no value: the empty domain.
    let seen = decide_both(&vals(&[], true), "forall_key", &k_w("0x07"));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
}

#[test]
fn forall_over_a_key_is_false_at_a_false_element_vouched_or_not() {
    for complete in [false, true] {
        let seen = decide_both(&vals(&[&[7], &[8], &[9]], complete), "forall_key", &k_w("0x07"));
        let Seen::False { challenge_inputs } = same_outcome(&seen) else {
            panic!("{seen:?}")
        };
        assert_eq!(challenge_inputs[0].as_ref(), &[8]);
    }
}

#[test]
fn forall_whose_body_is_an_or_is_challenged_with_the_substituted_body() {
    let args =
        |n: u64, m: u64, w: u64| vec![("n", n.to_string()), ("m", m.to_string()), ("w", w.to_string())];
    // x = 0, 1 are below 2; x = 2 is neither below 2 nor 3.
    let seen = decide_both(&MemoryStore::new(), "forall_or", &args(4, 2, 3));
    let Seen::False { challenge_inputs } = same_outcome(&seen) else {
        panic!("{seen:?}")
    };
    assert_eq!(challenge_inputs[0], word(2));
    let seen = decide_both(&MemoryStore::new(), "forall_or", &args(4, 2, 2));
    let Seen::False { challenge_inputs } = same_outcome(&seen) else {
        panic!("{seen:?}")
    };
    assert_eq!(challenge_inputs[0], word(3));
    let seen = decide_both(&MemoryStore::new(), "forall_or", &args(3, 2, 2));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
}

/// `ForAll n in [0, 4): IsLessThan(n, 2) or Equal(n, 3)` written directly with the universal
/// `Or` in the body, as the claim encoder never writes it: the reference contracts' shallow
/// `replaceVariable` would not reach the placeholders inside the `Or`, the engine's does
/// (docs/engine.md, difference 1).
#[test]
fn forall_with_a_universal_or_body_is_substituted_throughout() {
    let deployment = Deployment::local();
    let c = &deployment.connectives;
    let atomic = |name: &str, inputs: Vec<Bytes>| Property::new(deployment.atomic(name).unwrap(), inputs);
    let n = input::placeholder("n").unwrap();
    let body = Property::new(
        c.or,
        vec![
            atomic("IsLessThan", vec![n.clone(), word(2)]).encode().into(),
            atomic("Equal", vec![n.clone(), word(3)]).encode().into(),
        ],
    );
    let hint = format!("range,NUMBER,{}-{}", hex(&word(0)), hex(&word(4)));
    let claim = Property::new(
        c.for_all_such_that,
        vec![
            hint.into_bytes().into(),
            Bytes::from_static(b"n"),
            body.encode().into(),
        ],
    );
    let store = MemoryStore::new();
    let decision = CONNECTIVES.decide(&store, &claim);
    assert_eq!(seen(&decision), false_at(&[word(2)]));
    let challenge = decision.challenge.unwrap();
    let expected = Property::new(
        c.not,
        vec![
            Property::new(
                c.or,
                vec![
                    atomic("IsLessThan", vec![word(2), word(2)]).encode().into(),
                    atomic("Equal", vec![word(2), word(3)]).encode().into(),
                ],
            )
            .encode()
            .into(),
        ],
    );
    assert_eq!(challenge.property, expected);
    // The reference contracts would accept only the unsubstituted Not(body).
    let mut chain = CONNECTIVES.chain(&store);
    chain.substitution = onchain::Substitution::Reference;
    let rule = chain
        .is_valid_challenge(&claim, &challenge.challenge_inputs, &challenge.property)
        .unwrap_err();
    assert!(rule.contains("must be valid inner property"), "{rule}");
}

// ----------------------------------------------------------------------------------------------
// ThereExists

#[test]
fn exists_over_numbers_is_true_with_the_first_true_element_as_witness() {
    let lo_hi_m = |lo: u64, hi: u64, m: u64| {
        vec![
            ("lo", lo.to_string()),
            ("hi", hi.to_string()),
            ("m", m.to_string()),
        ]
    };
    let compiled = CONNECTIVES.claim("exists_number", &args(&lo_hi_m(1, 4, 2)), Shape::Compiled);
    let decision = CONNECTIVES.decide(&MemoryStore::new(), &compiled);
    assert_eq!(seen(&decision), true_with_witness());
    assert_eq!(decision.witness.as_ref().unwrap()[0], word(2));
    let seen = decide_both(&MemoryStore::new(), "exists_number", &lo_hi_m(1, 4, 2));
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    // Numbers are complete by definition: no element is 7.
    let seen = decide_both(&MemoryStore::new(), "exists_number", &lo_hi_m(1, 4, 7));
    assert_eq!(seen, (false_at(&[]), false_at(&[])));
    // The empty domain.
    let seen = decide_both(&MemoryStore::new(), "exists_number", &lo_hi_m(4, 4, 4));
    assert_eq!(seen, (false_at(&[]), false_at(&[])));
}

#[test]
fn exists_over_a_key_is_false_only_when_the_key_is_vouched() {
    let values: &[&[u8]] = &[&[5], &[6]];
    let seen = decide_both(&vals(values, true), "exists_key", &k_w("0x07"));
    assert_eq!(seen, (false_at(&[]), false_at(&[])));
    let seen = decide_both(&vals(values, false), "exists_key", &k_w("0x07"));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
    let seen = decide_both(&vals(&[&[5], &[7]], false), "exists_key", &k_w("0x07"));
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    // Nothing stored, nothing vouched: the bucket does not exist.
    let seen = decide_both(&MemoryStore::new(), "exists_key", &k_w("0x07"));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

/// The `ThereExists` challenge keeps its hint (docs/engine.md, difference 3), with the
/// contract's inputs written in.
#[test]
fn the_exists_challenge_keeps_its_hint() {
    let store = vals(&[&[5]], true);
    let claim = CONNECTIVES.claim("exists_key", &[("k", "0x01"), ("w", "0x07")], Shape::Compiled);
    let decision = CONNECTIVES.decide(&store, &claim);
    let challenge = decision.challenge.expect("false");
    assert_eq!(challenge.property.inputs[0].as_ref(), b"vals,KEY,0x01");
    assert_eq!(challenge.property.inputs[1].as_ref(), b"v");
}

// ----------------------------------------------------------------------------------------------
// Nested quantifiers

#[test]
fn nested_forall_exists_over_numbers() {
    // Every x below n has a y below m with x < y: exactly when n < m (or n = 0).
    let seen = decide_both(&MemoryStore::new(), "nested", &n_m(2, 3));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
    let seen = decide_both(&MemoryStore::new(), "nested", &n_m(0, 0));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
    let seen = decide_both(&MemoryStore::new(), "nested", &n_m(4, 3));
    let Seen::False { challenge_inputs } = same_outcome(&seen) else {
        panic!("{seen:?}")
    };
    assert_eq!(challenge_inputs[0], word(2));
}

#[test]
fn nested_exists_forall_over_a_key() {
    let k_n = |n: u64| vec![("k", "0x01".to_string()), ("n", n.to_string())];
    // v = 5 is at least 0, 1, 2; a ForAll inside: no witness.
    let seen = decide_both(&vals(&[&word(1), &word(5)], false), "nested_key", &k_n(3));
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
    // v = 1 is below 2: false for every value, and the key is vouched.
    let seen = decide_both(&vals(&[&word(1)], true), "nested_key", &k_n(3));
    assert_eq!(seen, (false_at(&[]), false_at(&[])));
    let seen = decide_both(&vals(&[&word(1)], false), "nested_key", &k_n(3));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

#[test]
fn a_domain_that_depends_on_a_bound_variable_in_the_compiled_shape() {
    let k_m = |m: u64| [("k", "0x01".to_string()), ("m", m.to_string())];
    let store = vals(&[&word(3)], true);
    let compiled = |m| CONNECTIVES.claim("dependent", &args(&k_m(m)), Shape::Compiled);
    assert_eq!(
        seen(&CONNECTIVES.decide(&store, &compiled(1))),
        true_without_witness()
    );
    let decision = CONNECTIVES.decide(&store, &compiled(5));
    assert_eq!(seen(&decision), false_at(&[word(3)]));
}

#[test]
fn a_domain_that_depends_on_a_bound_variable_in_the_expanded_shape_is_decided() {
    let k_m = |m: u64| [("k", "0x01".to_string()), ("m", m.to_string())];
    let store = vals(&[&word(3)], true);
    let expanded = |m| CONNECTIVES.claim("dependent", &args(&k_m(m)), Shape::Expanded);
    assert_eq!(
        seen(&CONNECTIVES.decide(&store, &expanded(1))),
        true_without_witness()
    );
    // The claim itself is decided false with the right challenge (accepted on chain)...
    let decision = CONNECTIVES.engine(&store).decide(&expanded(5)).unwrap();
    assert_eq!(seen(&decision), false_at(&[word(3)]));
    let challenge = decision.challenge.unwrap();
    CONNECTIVES
        .chain(&store)
        .is_valid_challenge(&expanded(5), &challenge.challenge_inputs, &challenge.property)
        .unwrap();
}

/// `forall v in Val(k): exists x in Range(0, v): Equal(x, m)` in the expanded shape: the inner
/// quantifier's hint is `range,NUMBER,0x0…0-${v}`, naming the outer bound variable. The
/// challenge of the false claim (v = 3) is `Not(body[v := 3])`, whose nested hint still reads
/// `${v}`, because `replaceVariable` never rewrites a hint (docs/engine.md difference 1) and
/// the contract compares the whole substituted body. Nothing binds `v` in the challenge any
/// more, so the engine cannot find the inner domain and decides the challenge unknown: the
/// challenger cannot play the dispute to the end (docs/engine.md, Challenges), although the
/// challenge holds (no x in [0, 3) is 5).
#[test]
fn the_challenge_of_a_dependent_domain_in_the_expanded_shape_is_decided_true() {
    let store = vals(&[&word(3)], true);
    let claim = CONNECTIVES.claim("dependent", &[("k", "0x01"), ("m", "5")], Shape::Expanded);
    // Program::decide checks that the challenge is decided true.
    let decision = CONNECTIVES.decide(&store, &claim);
    assert_eq!(seen(&decision), false_at(&[word(3)]));
}

// ----------------------------------------------------------------------------------------------
// Child accesses, called properties, calls of other predicates

fn property_json(address: Address, inputs: &[Bytes]) -> String {
    let inputs: Vec<String> = inputs.iter().map(|i| format!("\"{}\"", hex(i))).collect();
    format!(
        r#"{{"predicateAddress": "{address}", "inputs": [{}]}}"#,
        inputs.join(", ")
    )
}

#[test]
fn child_accesses_of_a_parameter() {
    let su = property_json(Address::with_last_byte(1), &[word(1), word(2)]);
    let seen = both(
        &CONNECTIVES,
        &MemoryStore::new(),
        "child",
        &[("su", &su), ("m", "5")],
    );
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    let seen = both(
        &CONNECTIVES,
        &MemoryStore::new(),
        "child",
        &[("su", &su), ("m", "2")],
    );
    assert_eq!(seen, (false_at(&[word(1)]), false_at(&[word(1)])));
    let su = property_json(Address::with_last_byte(1), &[word(3), word(2)]);
    let seen = both(
        &CONNECTIVES,
        &MemoryStore::new(),
        "child",
        &[("su", &su), ("m", "5")],
    );
    assert_eq!(seen, (false_at(&[word(0)]), false_at(&[word(0)])));
}

#[test]
fn child_accesses_of_a_bound_variable_in_the_compiled_shape() {
    let element = |n: u64| Bytes::from(Property::new(Address::with_last_byte(9), vec![word(n)]).encode());
    let mut store = MemoryStore::new();
    for n in [1, 4, 2] {
        store.put(&["vals"], [2u8], element(n));
    }
    let claim = |m: &str| CONNECTIVES.claim("child_bound", &[("k", "0x02"), ("m", m)], Shape::Compiled);
    let decision = CONNECTIVES.decide(&store, &claim("3"));
    assert_eq!(seen(&decision), false_at(&[element(4)]));
    assert_eq!(seen(&CONNECTIVES.decide(&store, &claim("5"))), Seen::Unknown);
    store.vouch_key(&["vals"], [2u8]);
    assert_eq!(
        seen(&CONNECTIVES.decide(&store, &claim("5"))),
        true_without_witness()
    );
    // The expanded shape cannot reach into a bound variable.
    let expanded = CONNECTIVES.try_claim("child_bound", &[("k", "0x02"), ("m", "5")], Shape::Expanded);
    assert!(
        matches!(expanded, Err(ClaimError::NotExpressible { .. })),
        "{expanded:?}"
    );
}

#[test]
fn a_called_property_operand() {
    let less = Deployment::local().atomic("IsLessThan").unwrap();
    let holds = property_json(less, &[word(1), word(2)]);
    let fails = property_json(less, &[word(2), word(1)]);
    let seen = both(
        &CONNECTIVES,
        &MemoryStore::new(),
        "call",
        &[("p", &holds), ("a", "1"), ("b", "2")],
    );
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    let seen = both(
        &CONNECTIVES,
        &MemoryStore::new(),
        "call",
        &[("p", &fails), ("a", "1"), ("b", "2")],
    );
    assert_eq!(seen, (false_at(&[word(0)]), false_at(&[word(0)])));
}

#[test]
fn a_call_of_another_compiled_predicate() {
    let seen = decide_both(&stored(&[2]), "calls_other", &stored_and_less("1", "2"));
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    // IsLessThan holds, and2 is false at its IsStored: the compiled shape challenges the call
    // as a whole, Not(And2(…)), which the engine decides true.
    let seen = decide_both(&stored(&[3]), "calls_other", &stored_and_less("1", "2"));
    assert!(matches!(same_outcome(&seen), Seen::False { .. }), "{seen:?}");
    let seen = decide_both(&MemoryStore::new(), "calls_other", &stored_and_less("1", "2"));
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

// ----------------------------------------------------------------------------------------------
// Plasma ownership with secp256k1 signatures

static OWNERSHIP: LazyLock<Program> = LazyLock::new(|| Program::file("examples/plasma/ownership.ovm"));

const TX: &[u8] = b"\x12\x34 a plasma transaction";

fn key(byte: u8) -> (SecretKey, Address) {
    let secret = SecretKey::from_byte_array([byte; 32]).expect("a valid secret");
    let address = signature::address_of(&PublicKey::from_secret_key(SECP256K1, &secret));
    (secret, address)
}

fn sign(message: &[u8], secret: &SecretKey) -> Bytes {
    Bytes::copy_from_slice(&signature::sign(keccak256(message), secret))
}

fn ownership_claims(owner: Address) -> [Property; 2] {
    let owner = owner.to_string();
    let tx = hex(TX);
    let args = [("owner", owner.as_str()), ("tx", tx.as_str())];
    [
        OWNERSHIP.claim("ownership", &args, Shape::Compiled),
        OWNERSHIP.claim("ownership", &args, Shape::Expanded),
    ]
}

fn decide_ownership(store: &MemoryStore, owner: Address) -> [Decision; 2] {
    ownership_claims(owner).map(|claim| OWNERSHIP.decide(store, &claim))
}

#[test]
fn ownership_is_true_with_the_owners_signature_as_witness() {
    let (alice_key, alice) = key(0x11);
    let (bob_key, _) = key(0x22);
    let mut store = MemoryStore::new();
    store.put_signature(TX, sign(TX, &bob_key));
    store.put_signature(TX, sign(TX, &alice_key));
    for decision in decide_ownership(&store, alice) {
        assert_eq!(decision.outcome, Outcome::True);
        assert_eq!(decision.witness, Some(vec![sign(TX, &alice_key)]));
    }
}

#[test]
fn ownership_is_false_when_the_signatures_are_vouched_and_none_is_valid() {
    let (_, alice) = key(0x11);
    let (bob_key, _) = key(0x22);
    let mut store = MemoryStore::new();
    store.put_signature(TX, sign(TX, &bob_key)).vouch_signatures(TX);
    for decision in decide_ownership(&store, alice) {
        assert_eq!(decision.outcome, Outcome::False);
        let challenge = decision.challenge.expect("a challenge");
        let c = Deployment::local().connectives;
        assert_eq!(challenge.property.predicate_address, c.for_all_such_that);
        assert_eq!(
            challenge.property.inputs[0].as_ref(),
            format!("signatures,KEY,{}", hex(TX)).as_bytes()
        );
        assert!(challenge.challenge_inputs.is_empty());
    }
    // A signature over another message does not count either.
    store.put_signature(TX, sign(b"another message", &key(0x11).0));
    for decision in decide_ownership(&store, alice) {
        assert_eq!(decision.outcome, Outcome::False);
    }
}

#[test]
fn ownership_is_unknown_without_the_vouch() {
    let (_, alice) = key(0x11);
    let (bob_key, _) = key(0x22);
    let mut store = MemoryStore::new();
    store.put_signature(TX, sign(TX, &bob_key));
    for decision in decide_ownership(&store, alice) {
        assert_eq!(decision.outcome, Outcome::Unknown);
    }
    for decision in decide_ownership(&MemoryStore::new(), alice) {
        assert_eq!(decision.outcome, Outcome::Unknown);
    }
}

/// The challenge of a false ownership claim, `ForAll sig: Not(IsValidSignature(…))`, is
/// decided true; challenging it with the owner's signature (which the store did not hold when
/// it vouched) would need `Not(IsValidSignature(tx, sig, owner))` false, and the checker
/// accepts exactly that substituted property.
#[test]
fn the_ownership_challenge_is_challenged_with_a_signature() {
    let (alice_key, alice) = key(0x11);
    let (bob_key, _) = key(0x22);
    let mut store = MemoryStore::new();
    store.put_signature(TX, sign(TX, &bob_key)).vouch_signatures(TX);
    let [compiled, _] = decide_ownership(&store, alice);
    let challenge = compiled.challenge.unwrap().property;
    let chain = OWNERSHIP.chain(&store);
    let signature = sign(TX, &alice_key);
    let deployment = Deployment::local();
    let atom = Property::new(
        deployment.atomic("IsValidSignature").unwrap(),
        vec![
            Bytes::from_static(TX),
            signature.clone(),
            input::address_word(alice),
            Bytes::from_static(b"secp256k1"),
        ],
    );
    let not = |p: Property| Property::new(deployment.connectives.not, vec![p.encode().into()]);
    let counter = not(not(atom));
    chain
        .is_valid_challenge(&challenge, std::slice::from_ref(&signature), &counter)
        .expect("the substituted challenge");
    // Once the store holds that signature (and no longer vouches the key), the engine decides
    // the challenge false, with exactly that counter-challenge, which it decides true.
    let mut later = MemoryStore::new();
    later
        .put_signature(TX, sign(TX, &bob_key))
        .put_signature(TX, signature.clone());
    let decision = OWNERSHIP.decide(&later, &challenge);
    assert_eq!(decision.outcome, Outcome::False);
    let found = decision.challenge.unwrap();
    assert_eq!(found.property, counter);
    assert_eq!(found.challenge_inputs, vec![signature]);
}

#[test]
fn a_signature_with_another_verifier_byte_is_not_valid() {
    let (alice_key, alice) = key(0x11);
    let mut bad = sign(TX, &alice_key).to_vec();
    bad[64] ^= 1; // 27 <-> 28: recovers another key
    let mut store = MemoryStore::new();
    store.put_signature(TX, Bytes::from(bad)).vouch_signatures(TX);
    for decision in decide_ownership(&store, alice) {
        assert_eq!(decision.outcome, Outcome::False);
    }
}

// ----------------------------------------------------------------------------------------------
// Witnesses of contracts without a decide method

/// `or_forall(0, 1, 2)`, `IsLessThan(0, 1) or (forall x in Range(0, 2): IsLessThan(x, 1))`:
/// true at its first operand, with the witness `[0]`. The root contract `Or_forallO` has
/// `hasDecideMethod: false` in the 0.7 JSON (a `ForAll` is below it), but the project's
/// contracts give every contract `decideWithWitness`, so the witness decides it.
#[test]
fn a_witness_decides_a_compiled_or_whose_other_operand_is_a_for_all() {
    let claim = CONNECTIVES.claim(
        "or_forall",
        &[("a", "0"), ("b", "1"), ("n", "2")],
        Shape::Compiled,
    );
    // Program::decide checks the witness with decideWithWitness.
    let decision = CONNECTIVES.decide(&MemoryStore::new(), &claim);
    assert_eq!(decision.outcome, Outcome::True);
}

#[test]
fn an_or_with_a_forall_operand_is_decided_in_both_shapes() {
    let store = MemoryStore::new();
    let args = [("a", "0"), ("b", "1"), ("n", "2")];
    let expanded = CONNECTIVES.claim("or_forall", &args, Shape::Expanded);
    assert_eq!(seen(&CONNECTIVES.decide(&store, &expanded)), true_with_witness());
    let compiled = CONNECTIVES.claim("or_forall", &args, Shape::Compiled);
    let decision = CONNECTIVES.engine(&store).decide(&compiled).unwrap();
    let witness = decision.witness.expect("the engine's witness");
    let mut chain = CONNECTIVES.chain(&store);
    assert_eq!(chain.decide_with_witness(&compiled, &witness), Ok(true));
    // ovm-compiler 0.7's generator would not decide it.
    chain.ignore_has_decide_method = false;
    assert!(!chain.has_decide_method(&compiled));
    assert_eq!(chain.decide_with_witness(&compiled, &witness), Ok(false));
    // False: the challenge is And(Not(IsLessThan(1, 0)), Not(Or_forallO2F(…))).
    let args = [("a", "1"), ("b", "0"), ("n", "3")];
    for shape in [Shape::Compiled, Shape::Expanded] {
        let claim = CONNECTIVES.claim("or_forall", &args, shape);
        assert!(matches!(
            seen(&CONNECTIVES.decide(&store, &claim)),
            Seen::False { .. }
        ));
    }
}

// ----------------------------------------------------------------------------------------------
// Edge cases of the universal connectives

/// `And()` and `Or()` with no operand: on chain `And()` cannot be challenged (any index is out
/// of bounds) and `Or()` is challenged by any `And`, so they are true and false. The engine
/// may leave them unknown (it does: "takes at least 1 inputs"), but never decides them the
/// other way.
#[test]
fn connectives_without_operands_are_never_decided_wrongly() {
    let c = Deployment::local().connectives;
    let store = MemoryStore::new();
    let empty_and = Property::new(c.and, vec![]);
    let empty_or = Property::new(c.or, vec![]);
    let and = CONNECTIVES.decide(&store, &empty_and);
    assert_ne!(and.outcome, Outcome::False);
    let or = CONNECTIVES.decide(&store, &empty_or);
    assert_ne!(or.outcome, Outcome::True);
    let chain = CONNECTIVES.chain(&store);
    assert!(
        chain
            .is_valid_challenge(&empty_and, &[word(0)], &Property::new(c.not, vec![]))
            .is_err()
    );
    assert_eq!(chain.is_valid_challenge(&empty_or, &[], &empty_and), Ok(()));
}

// ----------------------------------------------------------------------------------------------
// The checker rejects what the contracts reject

/// The model is not vacuous: altering any part of a witness or a challenge the engine gives
/// makes it fail.
#[test]
fn the_checker_rejects_altered_witnesses_and_challenges() {
    let store = vals(&[&[5], &[7]], true);
    for shape in [Shape::Compiled, Shape::Expanded] {
        let chain = CONNECTIVES.chain(&store);
        let engine = CONNECTIVES.engine(&store);
        // A ThereExists witness with another value.
        let claim = CONNECTIVES.claim("exists_key", &[("k", "0x01"), ("w", "0x07")], shape);
        let mut witness = engine.decide(&claim).unwrap().witness.unwrap();
        assert_eq!(chain.decide_with_witness(&claim, &witness), Ok(true));
        witness[0] = Bytes::from_static(&[5]);
        assert_ne!(chain.decide_with_witness(&claim, &witness), Ok(true), "{shape:?}");
        // An Or witness with the other index.
        let claim = CONNECTIVES.claim("or2", &args(&stored_and_less("1", "2")), shape);
        let mut witness = engine.decide(&claim).unwrap().witness.unwrap();
        assert_eq!(chain.decide_with_witness(&claim, &witness), Ok(true));
        witness[0] = word(0);
        assert_ne!(chain.decide_with_witness(&claim, &witness), Ok(true), "{shape:?}");
        witness[0] = word(2);
        assert!(chain.decide_with_witness(&claim, &witness).is_err(), "{shape:?}");
        // A ForAll challenge with another value, or the property of another value.
        let claim = CONNECTIVES.claim("forall_key", &[("k", "0x01"), ("w", "0x05")], shape);
        let challenge = engine.decide(&claim).unwrap().challenge.unwrap();
        assert_eq!(challenge.challenge_inputs, vec![Bytes::from_static(&[7])]);
        let other = [Bytes::from_static(&[5])];
        assert!(
            chain
                .is_valid_challenge(&claim, &other, &challenge.property)
                .is_err(),
            "{shape:?}"
        );
        assert!(
            chain
                .is_valid_challenge(&claim, &[], &challenge.property)
                .is_err(),
            "{shape:?}"
        );
        let mut altered = challenge.property.clone();
        altered.inputs.push(Bytes::new());
        let altered_ok = chain.is_valid_challenge(&claim, &challenge.challenge_inputs, &altered);
        // The universal ForAll reads only `c.inputs[0]` (adjudicator.md §4.1); a compiled
        // predicate compares the whole property.
        assert_eq!(altered_ok.is_ok(), shape == Shape::Expanded, "{shape:?}");
        // An And challenge naming the other operand.
        let claim = CONNECTIVES.claim("and2", &args(&stored_and_less("2", "1")), shape);
        let challenge = engine.decide(&claim).unwrap().challenge.unwrap();
        assert!(
            chain
                .is_valid_challenge(&claim, &[word(0)], &challenge.property)
                .is_err(),
            "{shape:?}"
        );
        // A ThereExists challenge with another variable name.
        let claim = CONNECTIVES.claim("exists_key", &[("k", "0x01"), ("w", "0x06")], shape);
        let challenge = engine.decide(&claim).unwrap().challenge.unwrap();
        let mut altered = challenge.property.clone();
        altered.inputs[1] = Bytes::from_static(b"w");
        assert!(
            chain.is_valid_challenge(&claim, &[], &altered).is_err(),
            "{shape:?}"
        );
        // Its hint is compared by the compiled predicate (getChild writes it), not by the
        // universal ThereExists.
        let mut altered = challenge.property.clone();
        altered.inputs[0] = Bytes::from_static(b"vals,KEY,0x02");
        let altered_ok = chain.is_valid_challenge(&claim, &[], &altered);
        assert_eq!(altered_ok.is_ok(), shape == Shape::Expanded, "{shape:?}");
    }
}

// ----------------------------------------------------------------------------------------------
// Literals, self.address, children of bound variables in a ThereExists body

#[test]
fn literals_self_address_and_address_children() {
    let own = Deployment::local().compiled("Literals").unwrap();
    let other = Address::with_last_byte(9);
    let su = |address, first: &[u8], second: &[u8]| {
        property_json(
            address,
            &[Bytes::copy_from_slice(first), Bytes::copy_from_slice(second)],
        )
    };
    let decide = |su: String| both(&CONNECTIVES, &MemoryStore::new(), "literals", &[("su", &su)]);
    assert_eq!(
        decide(su(own, b"x", &[1])),
        (true_without_witness(), true_without_witness())
    );
    assert_eq!(
        decide(su(other, b"key", &[1])),
        (true_without_witness(), true_without_witness())
    );
    assert_eq!(
        decide(su(other, b"nope", &[1])),
        (false_at(&[word(0)]), false_at(&[word(0)]))
    );
    assert_eq!(
        decide(su(own, b"key", &[])),
        (false_at(&[word(1)]), false_at(&[word(1)]))
    );
}

fn first_input_property(n: u64) -> Bytes {
    Property::new(Address::with_last_byte(9), vec![word(n)])
        .encode()
        .into()
}

#[test]
fn exists_with_a_guard_reading_a_child_of_its_variable_is_true_with_a_witness() {
    let mut store = MemoryStore::new();
    for n in [5, 1] {
        store.put(&["vals"], [3u8], first_input_property(n));
    }
    let claim = CONNECTIVES.claim("exists_child", &[("k", "0x03"), ("m", "2")], Shape::Compiled);
    let decision = CONNECTIVES.decide(&store, &claim);
    // The element, then the witness of the body's own contract (an `And` of the guard).
    let empty: Vec<Bytes> = Vec::new();
    assert_eq!(
        decision.witness,
        Some(vec![first_input_property(1), empty.abi_encode().into()])
    );
    let expanded = CONNECTIVES.try_claim("exists_child", &[("k", "0x03"), ("m", "2")], Shape::Expanded);
    assert!(
        matches!(expanded, Err(ClaimError::NotExpressible { .. })),
        "{expanded:?}"
    );
}

/// `exists_child(0x03, 2)`, `SmallFirst(k, m).any()` with the guard
/// `IsLessThan(v0.0, m)`, over the vouched values `P(5)` and `P(7)`: false. The contract
/// `Exists_childT` is a `ThereExistsSuchThat` whose body is the atom itself, reading
/// `VariableInput v0` with `children: [0]`; its `getChild` must write the body with the
/// variable as its placeholder, and a child of the placeholder `"Vv0"` does not exist. The
/// engine decides false with no challenge (`challenge: None`), so the false claim can never be
/// challenged on chain and is decided true when the dispute period ends. The compiler should
/// give such a body a contract of its own (as it does for a body that is an `and`), so that
/// the variable is passed whole.
#[test]
fn exists_with_a_guard_reading_a_child_of_its_variable_is_challenged() {
    let mut store = MemoryStore::new();
    for n in [5, 7] {
        store.put(&["vals"], [3u8], first_input_property(n));
    }
    store.vouch_key(&["vals"], [3u8]);
    let claim = CONNECTIVES.claim("exists_child", &[("k", "0x03"), ("m", "2")], Shape::Compiled);
    // Program::decide requires the challenge of a false compiled property.
    let decision = CONNECTIVES.decide(&store, &claim);
    assert_eq!(decision.outcome, Outcome::False);
}

// ----------------------------------------------------------------------------------------------
// Bound variables called as properties

fn less(a: u64, b: u64) -> Bytes {
    let address = Deployment::local().atomic("IsLessThan").unwrap();
    Property::new(address, vec![word(a), word(b)]).encode().into()
}

fn props(values: &[Bytes], complete: bool) -> MemoryStore {
    let mut store = MemoryStore::new();
    for value in values {
        store.put(&["props"], [4u8], value.clone());
    }
    if complete {
        store.vouch_key(&["props"], [4u8]);
    }
    store
}

#[test]
fn exists_whose_body_is_the_variable_called() {
    let k = [("k", "0x04")];
    let seen = both(
        &CONNECTIVES,
        &props(&[less(2, 1), less(1, 2)], false),
        "some_prop",
        &k,
    );
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    let seen = both(
        &CONNECTIVES,
        &props(&[less(2, 1), less(3, 1)], true),
        "some_prop",
        &k,
    );
    assert_eq!(seen, (false_at(&[]), false_at(&[])));
    let seen = both(&CONNECTIVES, &props(&[less(2, 1)], false), "some_prop", &k);
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

#[test]
fn forall_whose_body_calls_the_variable() {
    let k = [("k", "0x04")];
    let seen = both(
        &CONNECTIVES,
        &props(&[less(0, 1), less(1, 2)], true),
        "all_props",
        &k,
    );
    assert_eq!(seen, (true_without_witness(), true_without_witness()));
    let seen = both(
        &CONNECTIVES,
        &props(&[less(0, 1), less(2, 1)], false),
        "all_props",
        &k,
    );
    assert_eq!(seen, (false_at(&[less(2, 1)]), false_at(&[less(2, 1)])));
    let seen = both(&CONNECTIVES, &props(&[less(0, 1)], false), "all_props", &k);
    assert_eq!(seen, (Seen::Unknown, Seen::Unknown));
}

// ----------------------------------------------------------------------------------------------
// Labels

/// Shortened labels: every challenge of a compiled child goes through them.
#[test]
fn a_predicate_with_shortened_labels() {
    let decide =
        |n: u64, m: u64| decide_both(&MemoryStore::new(), "a_rather_long_predicate_name", &n_m(n, m));
    // x < 3 for x in 0..3.
    assert_eq!(decide(3, 3), (true_without_witness(), true_without_witness()));
    // x = 3: not below 3, and equal to 3.
    let seen = decide(5, 3);
    let Seen::False { challenge_inputs } = same_outcome(&seen) else {
        panic!("{seen:?}")
    };
    assert_eq!(challenge_inputs[0], word(3));
    // m = 9 >= 9: x = 9 fails both operands... and x = 0..8 pass the first.
    let seen = decide(12, 9);
    let Seen::False { challenge_inputs } = same_outcome(&seen) else {
        panic!("{seen:?}")
    };
    assert_eq!(challenge_inputs[0], word(9));
}

/// A first argument that reads as a label (short, starting with `L`): the compiled claim
/// starts with the entry point's label.
#[test]
fn a_first_argument_that_reads_as_a_label() {
    let mut store = MemoryStore::new();
    store
        .put(&["vals"], b"L1", Bytes::from_static(&[7]))
        .vouch_key(&["vals"], b"L1");
    let claim = CONNECTIVES.claim("exists_key", &[("k", "0x4c31"), ("w", "0x07")], Shape::Compiled);
    assert_eq!(claim.inputs[0].as_ref(), b"LExists_keyT");
    let seen = both(
        &CONNECTIVES,
        &store,
        "exists_key",
        &[("k", "0x4c31"), ("w", "0x07")],
    );
    assert_eq!(seen, (true_with_witness(), true_with_witness()));
    let seen = both(
        &CONNECTIVES,
        &store,
        "exists_key",
        &[("k", "0x4c31"), ("w", "0x08")],
    );
    assert_eq!(seen, (false_at(&[]), false_at(&[])));
}

// ----------------------------------------------------------------------------------------------
// Values that read as placeholders

/// `exists_key(0x01, 0x5676)` in the compiled shape, the key holding only `0x05` (vouched):
/// false, since no value is `0x5676`. But `0x5676` is `"Vv"`, the placeholder of the bound
/// variable `v`: the contract's challenge is `ForAllSuchThat(…, "v",
/// Not(Exists_key(LExists_keyTA, Vv, Vv)))`, in which the substitution replaces the argument
/// too, so the challenge says `Not(Equal(x, x))` for every `x` and the engine decides it false.
/// A false claim that cannot be defeated. The expanded shape refuses such a claim
/// (`ClaimError::PlaceholderClash`, docs/claims.md); the compiled shape accepts it.
#[test]
fn a_compiled_argument_that_reads_as_a_placeholder_is_refused() {
    let store = vals(&[&[5]], true);
    let args = [("k", "0x01"), ("w", "0x5676")];
    let expanded = CONNECTIVES.try_claim("exists_key", &args, Shape::Expanded);
    assert!(
        matches!(expanded, Err(ClaimError::PlaceholderClash { .. })),
        "{expanded:?}"
    );
    let compiled = CONNECTIVES.try_claim("exists_key", &args, Shape::Compiled);
    // Either the claim is refused as in the expanded shape, or its challenge is decided true.
    if let Ok(claim) = compiled {
        CONNECTIVES.decide(&store, &claim);
    }
}

/// `ForAll b in vals[0x01]: ForAll a in [0, 2): Equal(b, a)` with the only value of the
/// vouched key `0x5661`, which is `"Va"`, the placeholder of the inner variable. The engine
/// cannot decide it false: `Equal(0x5661, 0)` fails, but the only challenge the contracts
/// accept is `Not(ForAll a: Equal(Va, Va))` (the substitution writes the value where `Vb`
/// was, and it reads as the inner placeholder), which loses: every `Equal(x, x)` holds. So the
/// element is undecided, and so is the claim.
#[test]
fn a_domain_value_that_reads_as_a_placeholder_is_undecided() {
    let deployment = Deployment::local();
    let c = &deployment.connectives;
    let equal = Property::new(
        deployment.atomic("Equal").unwrap(),
        vec![input::placeholder("b").unwrap(), input::placeholder("a").unwrap()],
    );
    let numbers = format!("range,NUMBER,{}-{}", hex(&word(0)), hex(&word(2)));
    let inner = Property::new(
        c.for_all_such_that,
        vec![
            numbers.into_bytes().into(),
            Bytes::from_static(b"a"),
            equal.encode().into(),
        ],
    );
    let claim = Property::new(
        c.for_all_such_that,
        vec![
            Bytes::from_static(b"vals,KEY,0x01"),
            Bytes::from_static(b"b"),
            inner.encode().into(),
        ],
    );
    let store = vals(&[b"Va"], true);
    let decision = CONNECTIVES.decide(&store, &claim);
    assert_eq!(decision.outcome, Outcome::Unknown);
    assert!(
        decision
            .trace
            .render(&|_| None)
            .contains("placeholder of variable `a`")
    );
}

// ----------------------------------------------------------------------------------------------
// Hints

/// The three keys of `hint_values`: `su.0`, the constant `$secp256k1` and the predicate's own
/// address word, each holding `values` and vouched or not.
fn hint_values_store(values: &[&[u8]], complete: bool) -> MemoryStore {
    let own = input::address_word(Deployment::local().compiled("Hint_values").unwrap());
    let mut store = MemoryStore::new();
    for key in [&b"su0"[..], b"secp256k1", &own] {
        for value in values {
            store.put(&["vals"], key, Bytes::copy_from_slice(value));
        }
        if complete {
            store.vouch_key(&["vals"], key);
        }
    }
    store
}

#[test]
fn hints_filled_with_children_constants_and_self_address() {
    let su = property_json(Address::with_last_byte(9), &[Bytes::from_static(b"su0")]);
    let decide =
        |store: &MemoryStore, w: &str| both(&CONNECTIVES, store, "hint_values", &[("su", &su), ("w", w)]);
    let store = hint_values_store(&[&[1], &[2]], false);
    assert_eq!(decide(&store, "0x02"), (true_with_witness(), true_with_witness()));
    assert_eq!(decide(&store, "0x03"), (Seen::Unknown, Seen::Unknown));
    let store = hint_values_store(&[&[1], &[2]], true);
    assert_eq!(
        decide(&store, "0x03"),
        (false_at(&[word(0)]), false_at(&[word(0)]))
    );
    // The compiled challenge of the first conjunct's ThereExists has its hint written in.
    let claim = CONNECTIVES.claim("hint_values", &[("su", &su), ("w", "0x03")], Shape::Compiled);
    let challenge = CONNECTIVES.decide(&store, &claim).challenge.unwrap();
    assert_eq!(challenge.property.inputs[0].as_ref(), b"vals,KEY,0x737530");
}
