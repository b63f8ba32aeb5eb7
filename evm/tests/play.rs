//! Games played end to end: the engine decides a hand-built property, `play` plays its game on
//! the local chain, and the chain decides what the engine did.

mod common;

use alloy_primitives::{Bytes, U256, hex, keccak256};
use common::*;
use ovm_abi::input;
use ovm_engine::Outcome;
use ovm_engine::atomic::signature::{address_of, sign};
use ovm_engine::store::MemoryStore;
use ovm_evm::Chain;
use secp256k1::{PublicKey, SECP256K1, SecretKey};

fn one() -> Bytes {
    b(&[1])
}

fn two() -> Bytes {
    b(&[2])
}

#[test]
fn equal_true_is_decided_with_its_witness() {
    let played = check(MemoryStore::new(), &equal(one(), one()), Outcome::True);
    assert!(played.gas.claim > 21_000 && played.gas.decide > 21_000);
    assert_eq!(played.gas.challenge, None);
    assert_eq!(played.steps.len(), 2);
    assert!(
        played.steps[1].contains("decideClaimWithWitness Equal(0x01, 0x01)"),
        "{:?}",
        played.steps
    );
}

#[test]
fn equal_false_is_decided_false_by_decide_false() {
    let played = check(MemoryStore::new(), &equal(one(), two()), Outcome::False);
    assert_eq!(played.gas.challenge, None);
    assert!(played.steps[1].contains("decideFalse"), "{:?}", played.steps);
}

#[test]
fn not_true_is_decided_by_timeout() {
    let mut chain = Chain::local().unwrap();
    let played = check_on(
        &mut chain,
        MemoryStore::new(),
        &not(&equal(one(), two())),
        Outcome::True,
    );
    assert_eq!(chain.block_number(), 8);
    assert!(
        played.steps.iter().any(|s| s.contains("decideClaimToTrue")),
        "{:?}",
        played.steps
    );
}

#[test]
fn not_false_is_challenged_by_its_true_operand() {
    let played = check(MemoryStore::new(), &not(&equal(one(), one())), Outcome::False);
    assert!(played.gas.challenge.is_some());
    assert!(
        played
            .steps
            .iter()
            .any(|s| s.contains("decideClaimWithWitness Equal")),
        "{:?}",
        played.steps
    );
}

#[test]
fn and_true_with_witness_and_false_with_challenge() {
    check(
        MemoryStore::new(),
        &and(&[equal(one(), one()), less(word(1), word(2))]),
        Outcome::True,
    );
    let played = check(
        MemoryStore::new(),
        &and(&[equal(one(), one()), equal(one(), two())]),
        Outcome::False,
    );
    assert!(played.gas.challenge.is_some() && played.gas.decide > 0);
}

#[test]
fn or_both_ways() {
    check(
        MemoryStore::new(),
        &or(&[equal(one(), two()), equal(two(), two())]),
        Outcome::True,
    );
    check(
        MemoryStore::new(),
        &or(&[equal(one(), two()), equal(two(), one())]),
        Outcome::False,
    );
    // A false Or with a Not operand: its challenge has Not(Not(..)), no double negation simplified.
    check(
        MemoryStore::new(),
        &or(&[not(&equal(one(), one())), equal(two(), one())]),
        Outcome::False,
    );
}

#[test]
fn for_all_over_numbers_false_with_a_challenge() {
    let claim = for_all(&numbers(0, 10), "n", &less(v("n"), word(5)));
    let played = check(MemoryStore::new(), &claim, Outcome::False);
    assert!(played.gas.challenge.is_some());
}

#[test]
fn for_all_over_numbers_true_by_timeout() {
    let claim = for_all(&numbers(0, 4), "n", &less(v("n"), word(5)));
    check(MemoryStore::new(), &claim, Outcome::True);
}

#[test]
fn for_all_over_a_vouched_key_domain_false_with_a_challenge() {
    let message = [0x12u8, 0x34];
    let mut store = MemoryStore::new();
    store
        .put_signature(message, word(0))
        .put_signature(message, word(9))
        .vouch_signatures(message);
    let claim = for_all("signatures,KEY,0x1234", "s", &not(&equal(v("s"), word(9))));
    let played = check(store, &claim, Outcome::False);
    assert!(played.gas.challenge.is_some());
}

#[test]
fn for_all_over_a_vouched_range_domain_false_with_a_challenge() {
    let mut store = MemoryStore::new();
    let n = U256::from;
    store
        .put_range(&["su"], n(0), n(10), word(3))
        .put_range(&["su"], n(10), n(20), word(7))
        .vouch_range(&["su"], n(0), n(20));
    let hint = format!("su,RANGE,{}", hex::encode_prefixed(input::range(n(0), n(20))));
    let claim = for_all(&hint, "x", &less(v("x"), word(5)));
    let played = check(store, &claim, Outcome::False);
    assert!(played.gas.challenge.is_some());
}

#[test]
fn a_domain_the_store_does_not_vouch_is_unknown_and_stays_undecided() {
    let claim = for_all("signatures,KEY,0x1234", "s", &not(&equal(v("s"), word(0))));
    let played = check(MemoryStore::new(), &claim, Outcome::Unknown);
    assert_eq!(played.gas.decide, 0);
}

#[test]
fn there_exists_true_with_witness_and_false_by_a_for_all_decided_by_timeout() {
    let body = equal(v("n"), word(3));
    let played = check(
        MemoryStore::new(),
        &exists(&numbers(0, 5), "n", &body),
        Outcome::True,
    );
    assert!(played.steps.iter().any(|s| s.contains("decideClaimWithWitness")));
    let played = check(
        MemoryStore::new(),
        &exists(&numbers(0, 3), "n", &body),
        Outcome::False,
    );
    assert!(
        played
            .steps
            .iter()
            .any(|s| s.contains("decideClaimToTrue ForAllSuchThat")),
        "{:?}",
        played.steps
    );
}

#[test]
fn is_valid_signature_true_with_a_real_signature() {
    let key = SecretKey::from_byte_array([0x42; 32]).unwrap();
    let signer = address_of(&PublicKey::from_secret_key(SECP256K1, &key));
    let message = b(b"message");
    let signature = sign(keccak256(&message), &key);
    let inputs = |signer| {
        vec![
            message.clone(),
            Bytes::copy_from_slice(&signature),
            input::address_word(signer),
            deployment().constant_bytes("secp256k1").unwrap(),
        ]
    };
    check(
        MemoryStore::new(),
        &atomic("IsValidSignature", inputs(signer)),
        Outcome::True,
    );
    // Another signer: false, recorded by decideFalse.
    let other = alloy_primitives::Address::repeat_byte(7);
    check(
        MemoryStore::new(),
        &atomic("IsValidSignature", inputs(other)),
        Outcome::False,
    );
}

#[test]
fn is_stored_true_once_the_store_is_loaded() {
    let commitment =
        ovm_abi::parse_address(deployment().constant_text("commitmentContract").unwrap()).unwrap();
    let mut store = MemoryStore::new();
    store.put_storage(commitment, b"root", word(0xabcd));
    let mut chain = Chain::local().unwrap();
    chain.load_storage(&store).unwrap();
    let claim = atomic(
        "IsStored",
        vec![input::address_word(commitment), b(b"root"), word(0xabcd)],
    );
    check_on(&mut chain, store.clone(), &claim, Outcome::True);
    let claim = atomic(
        "IsStored",
        vec![input::address_word(commitment), b(b"root"), word(1)],
    );
    check_on(&mut chain, store, &claim, Outcome::False);
}
