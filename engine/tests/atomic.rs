//! The atomic predicates through `decide`: every predicate's true and false cases, malformed
//! inputs, real secp256k1 signatures, inclusion trees and proofs, and properties that hold for
//! arbitrary inputs.

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::SolValue;
use ovm_abi::input::{address_word, bytes32_word, range as range_input, uint_word};
use ovm_engine::Outcome;
use ovm_engine::atomic::inclusion::InclusionProof;
use ovm_engine::atomic::signature::{Transaction, abi as tx_abi, hash_transaction};
use ovm_engine::atomic::tree::{InclusionTree, LeafProof, TreeLeaf};
use ovm_engine::atomic::{Atomic, Encoding, Range, Reason, SignatureFault, Verdict, decide};
use ovm_engine::store::{Found, Query, StoreError, WitnessStore};
use proptest::prelude::*;
use secp256k1::{Message, PublicKey, SECP256K1, SecretKey};
use std::collections::HashMap;

/// A store that knows some storage contracts' values and nothing else.
#[derive(Default)]
struct Storage(HashMap<(Address, Vec<u8>), Bytes>);

impl WitnessStore for Storage {
    fn find(&self, _query: &Query<'_>) -> Result<Found, StoreError> {
        Ok(Found::default())
    }

    fn stored(&self, contract: Address, key: &[u8]) -> Result<Option<Bytes>, StoreError> {
        Ok(self.0.get(&(contract, key.to_vec())).cloned())
    }
}

/// A store that fails.
struct Broken;

impl WitnessStore for Broken {
    fn find(&self, _query: &Query<'_>) -> Result<Found, StoreError> {
        Err(StoreError::Backend("down".into()))
    }

    fn stored(&self, _contract: Address, _key: &[u8]) -> Result<Option<Bytes>, StoreError> {
        Err(StoreError::Backend("down".into()))
    }
}

fn run(atomic: Atomic, inputs: &[Bytes]) -> Verdict {
    decide(atomic, inputs, &Storage::default()).unwrap()
}

fn holds(atomic: Atomic, inputs: &[Bytes]) {
    let verdict = run(atomic, inputs);
    assert_eq!(
        verdict.outcome,
        Outcome::True,
        "{}: {}",
        atomic.name(),
        verdict.reason
    );
}

fn fails(atomic: Atomic, inputs: &[Bytes]) -> Reason {
    let verdict = run(atomic, inputs);
    assert_eq!(
        verdict.outcome,
        Outcome::False,
        "{}: {}",
        atomic.name(),
        verdict.reason
    );
    verdict.reason
}

fn n(v: u64) -> Bytes {
    uint_word(U256::from(v))
}

fn r(start: u64, end: u64) -> Bytes {
    range_input(U256::from(start), U256::from(end))
}

fn b(bytes: &[u8]) -> Bytes {
    Bytes::copy_from_slice(bytes)
}

// ----- names and arity -----

#[test]
fn names_round_trip() {
    for atomic in Atomic::ALL {
        assert_eq!(Atomic::from_name(atomic.name()), Some(atomic));
        assert_eq!(atomic.arity(), atomic.parameters().len());
    }
    assert_eq!(Atomic::from_name("IsHashPreimage"), None);
}

#[test]
fn wrong_arity_is_false_for_every_atomic() {
    for atomic in Atomic::ALL {
        for got in [0, atomic.arity() - 1, atomic.arity() + 1] {
            let inputs = vec![Bytes::new(); got];
            let reason = fails(atomic, &inputs);
            assert_eq!(reason, Reason::Arity { atomic, got });
        }
    }
    assert_eq!(
        Reason::Arity {
            atomic: Atomic::IsValidSignature,
            got: 3
        }
        .to_string(),
        "IsValidSignature takes 4 inputs (message, signature, signer, verifierType), but it was given 3"
    );
}

// ----- comparisons -----

#[test]
fn equal() {
    holds(Atomic::Equal, &[b(b"x"), b(b"x")]);
    holds(Atomic::Equal, &[Bytes::new(), Bytes::new()]);
    let reason = fails(Atomic::Equal, &[b(b"xy"), b(b"xz")]);
    assert_eq!(reason.to_string(), "the inputs (2 bytes each) differ at byte 1");
    let reason = fails(Atomic::Equal, &[b(b"x"), b(b"xz")]);
    assert_eq!(
        reason.to_string(),
        "input 0 is 1 bytes and input 1 is 2 bytes; the shorter is a prefix of the longer"
    );
}

#[test]
fn is_less_than() {
    holds(Atomic::IsLessThan, &[n(0), n(1)]);
    holds(Atomic::IsLessThan, &[n(5), uint_word(U256::MAX)]);
    assert_eq!(
        fails(Atomic::IsLessThan, &[n(5), n(3)]).to_string(),
        "5 is not less than 3"
    );
    assert_eq!(
        fails(Atomic::IsLessThan, &[uint_word(U256::MAX), n(3)]).to_string(),
        "2^256 - 1 is not less than 3"
    );
    fails(Atomic::IsLessThan, &[n(3), n(3)]);
    assert_eq!(
        fails(Atomic::IsLessThan, &[n(1), b(&[0; 31])]),
        Reason::Length {
            input: 1,
            len: 31,
            expected: Encoding::Uint
        }
    );
    fails(Atomic::IsLessThan, &[b(&[0; 33]), n(1)]);
}

#[test]
fn is_contained() {
    holds(Atomic::IsContained, &[r(0, 100), r(10, 20)]);
    holds(Atomic::IsContained, &[r(10, 20), r(10, 20)]);
    let reason = fails(Atomic::IsContained, &[r(10, 20), r(5, 15)]);
    assert_eq!(
        reason.to_string(),
        "[10, 20) does not contain [5, 15): the subrange starts at 5, before 10"
    );
    let reason = fails(Atomic::IsContained, &[r(10, 20), r(15, 25)]);
    assert_eq!(
        reason.to_string(),
        "[10, 20) does not contain [15, 25): the subrange ends at 25, after 20"
    );
    let reason = fails(Atomic::IsContained, &[r(10, 20), n(15)]);
    assert_eq!(
        reason.to_string(),
        "input 1 is 32 bytes, expected a 64-byte range (two uint256 words, start then end)"
    );
}

#[test]
fn has_intersection() {
    holds(Atomic::HasIntersection, &[r(0, 10), r(9, 20)]);
    holds(Atomic::HasIntersection, &[r(9, 20), r(0, 10)]);
    holds(Atomic::HasIntersection, &[r(0, 10), r(0, 10)]);
    let reason = fails(Atomic::HasIntersection, &[r(0, 10), r(10, 20)]);
    assert_eq!(
        reason.to_string(),
        "[0, 10) and [10, 20) do not intersect: neither starts inside the other"
    );
    fails(Atomic::HasIntersection, &[r(10, 20), r(0, 10)]);
    fails(Atomic::HasIntersection, &[r(0, 10), b(&[0; 65])]);
}

#[test]
fn is_same_amount() {
    holds(Atomic::IsSameAmount, &[r(0, 10), r(100, 110)]);
    holds(Atomic::IsSameAmount, &[r(5, 5), r(7, 7)]);
    let reason = fails(Atomic::IsSameAmount, &[r(0, 10), r(100, 111)]);
    assert_eq!(
        reason.to_string(),
        "the first range spans 10 but the second spans 11 (end - start)"
    );
    let reason = fails(Atomic::IsSameAmount, &[r(10, 0), r(10, 0)]);
    assert!(matches!(reason, Reason::Inverted { input: 0, .. }));
    fails(Atomic::IsSameAmount, &[r(0, 10), b(&[])]);
}

// ----- hashes -----

#[test]
fn is_valid_hash() {
    let preimage = b(b"the preimage");
    let hash = bytes32_word(keccak256(&preimage));
    holds(Atomic::IsValidHash, &[hash.clone(), preimage.clone()]);
    let reason = fails(Atomic::IsValidHash, &[hash.clone(), b(b"another")]);
    assert_eq!(
        reason.to_string(),
        format!(
            "keccak256 of the preimage is {}, not {}",
            keccak256(b"another"),
            keccak256(&preimage)
        )
    );
    fails(
        Atomic::IsValidHash,
        &[b(&keccak256(&preimage)[..31]), preimage.clone()],
    );
    // Inputs are not interchangeable.
    fails(Atomic::IsValidHash, &[preimage, hash]);
}

#[test]
fn is_concatenated_with() {
    holds(
        Atomic::IsConcatenatedWith,
        &[b(b"hello world"), b(b"hello "), b(b"world")],
    );
    holds(Atomic::IsConcatenatedWith, &[b(b"x"), b(b"x"), b(b"")]);
    fails(
        Atomic::IsConcatenatedWith,
        &[b(b"hello world"), b(b"world"), b(b"hello ")],
    );
    fails(
        Atomic::IsConcatenatedWith,
        &[b(b"hello world!"), b(b"hello "), b(b"world")],
    );
}

// ----- signatures -----

fn secret(seed: u8) -> SecretKey {
    SecretKey::from_byte_array(keccak256([seed, 0xee]).0).unwrap()
}

fn address_of(key: &SecretKey) -> Address {
    let public = PublicKey::from_secret_key(SECP256K1, key).serialize_uncompressed();
    Address::from_slice(&keccak256(&public[1..])[12..])
}

/// `r ‖ s ‖ v` with `v = 27 + recovery id`, independently of the engine's helper.
fn sign(hash: B256, key: &SecretKey) -> Vec<u8> {
    let (id, compact) = SECP256K1
        .sign_ecdsa_recoverable(Message::from_digest(hash.0), key)
        .serialize_compact();
    let mut sig = compact.to_vec();
    sig.push(27 + i32::from(id) as u8);
    sig
}

fn signature_inputs(message: &[u8], sig: &[u8], signer: Address, verifier: &[u8]) -> Vec<Bytes> {
    vec![b(message), b(sig), address_word(signer), b(verifier)]
}

#[test]
fn is_valid_signature_secp256k1() {
    let key = secret(1);
    let signer = address_of(&key);
    let message = b"a transaction";
    let sig = sign(keccak256(message), &key);
    holds(
        Atomic::IsValidSignature,
        &signature_inputs(message, &sig, signer, b"secp256k1"),
    );

    let other = address_of(&secret(2));
    let reason = fails(
        Atomic::IsValidSignature,
        &signature_inputs(message, &sig, other, b"secp256k1"),
    );
    assert_eq!(
        reason.to_string(),
        format!("the signature recovers {signer}, not the signer {other}")
    );
    let reason = fails(
        Atomic::IsValidSignature,
        &signature_inputs(b"another", &sig, signer, b"secp256k1"),
    );
    assert!(matches!(reason, Reason::WrongSigner { .. }));

    let mut v29 = sig.clone();
    v29[64] = 29;
    let reason = fails(
        Atomic::IsValidSignature,
        &signature_inputs(message, &v29, signer, b"secp256k1"),
    );
    assert_eq!(
        reason,
        Reason::InvalidSignature {
            fault: SignatureFault::V(29),
            signer
        }
    );
    assert_eq!(
        reason.to_string(),
        format!(
            "the signature is invalid (v is 29, but ecrecover accepts only 27 or 28), so ecrecover returns \
             the zero address, not the signer {signer}"
        )
    );
    let reason = fails(
        Atomic::IsValidSignature,
        &signature_inputs(message, &sig[..64], signer, b"secp256k1"),
    );
    assert_eq!(
        reason,
        Reason::Length {
            input: 1,
            len: 64,
            expected: Encoding::Signature
        }
    );
    // The EIP-191 prefix is not applied.
    let prefixed = keccak256([&b"\x19Ethereum Signed Message:\n13"[..], message].concat());
    let sig191 = sign(prefixed, &key);
    fails(
        Atomic::IsValidSignature,
        &signature_inputs(message, &sig191, signer, b"secp256k1"),
    );
    // Unknown verifier types and raw 20-byte signers.
    let reason = fails(
        Atomic::IsValidSignature,
        &signature_inputs(message, &sig, signer, b"ed25519"),
    );
    assert!(matches!(reason, Reason::UnknownVerifierType { .. }));
    let mut raw = signature_inputs(message, &sig, signer, b"secp256k1");
    raw[2] = b(signer.as_slice());
    fails(Atomic::IsValidSignature, &raw);
}

fn transaction(owner: Address) -> Transaction {
    Transaction {
        depositContractAddress: Address::repeat_byte(0xde),
        range: tx_abi::Range {
            start: U256::from(100),
            end: U256::from(250),
        },
        maxBlockNumber: U256::from(12),
        nextStateObject: tx_abi::Property {
            predicateAddress: Address::repeat_byte(0x0a),
            inputs: vec![address_word(owner), b(b"more")],
        },
        chunkId: B256::repeat_byte(0xc4),
        from: Address::repeat_byte(0xf0),
    }
}

#[test]
fn is_valid_signature_typed_data() {
    let key = secret(3);
    let signer = address_of(&key);
    let message = transaction(address_of(&secret(4))).abi_encode();
    let sig = sign(hash_transaction(&message).unwrap(), &key);
    holds(
        Atomic::IsValidSignature,
        &signature_inputs(&message, &sig, signer, b"typedData"),
    );
    // Signing keccak256(message) is not signing the typed data.
    let plain = sign(keccak256(&message), &key);
    fails(
        Atomic::IsValidSignature,
        &signature_inputs(&message, &plain, signer, b"typedData"),
    );
    holds(
        Atomic::IsValidSignature,
        &signature_inputs(&message, &plain, signer, b"secp256k1"),
    );
    // Another transaction, another hash.
    let other = transaction(address_of(&secret(5))).abi_encode();
    fails(
        Atomic::IsValidSignature,
        &signature_inputs(&other, &sig, signer, b"typedData"),
    );
    let reason = fails(
        Atomic::IsValidSignature,
        &signature_inputs(&message[..100], &sig, signer, b"typedData"),
    );
    assert_eq!(
        reason.to_string(),
        "input 0 is not an ABI-encoded Transaction (address,(uint256,uint256),uint256,(address,bytes[]),\
         bytes32,address): it ends early (an offset or a length points past its end)"
    );
}

// ----- storage -----

#[test]
fn is_stored() {
    let contract = Address::repeat_byte(0x5c);
    let mut storage = Storage::default();
    storage
        .0
        .insert((contract, n(7).to_vec()), bytes32_word(B256::repeat_byte(1)));
    let inputs = |key: Bytes, value: Bytes| vec![address_word(contract), key, value];

    let verdict = decide(
        Atomic::IsStored,
        &inputs(n(7), bytes32_word(B256::repeat_byte(1))),
        &storage,
    )
    .unwrap();
    assert_eq!(verdict, Verdict::holds(Reason::Stored { contract }));
    let verdict = decide(
        Atomic::IsStored,
        &inputs(n(7), bytes32_word(B256::repeat_byte(2))),
        &storage,
    )
    .unwrap();
    assert_eq!(verdict.outcome, Outcome::False);
    assert_eq!(
        verdict.reason.to_string(),
        format!("the storage contract {contract} holds a different 32-byte value under the key")
    );
    let verdict = decide(Atomic::IsStored, &inputs(n(7), b(b"short")), &storage).unwrap();
    assert_eq!(verdict.outcome, Outcome::False);
    let verdict = decide(Atomic::IsStored, &inputs(n(8), b(b"anything")), &storage).unwrap();
    assert_eq!(verdict, Verdict::unknown(Reason::StorageUnknown { contract }));
    // A malformed contract address is false without asking the store.
    let mut bad = inputs(n(7), b(b""));
    bad[0] = b(contract.as_slice());
    assert_eq!(
        decide(Atomic::IsStored, &bad, &Broken).unwrap().outcome,
        Outcome::False
    );
    // A failing store is an error, not a decision.
    assert!(decide(Atomic::IsStored, &inputs(n(7), b(b"")), &Broken).is_err());
}

#[test]
fn only_is_stored_asks_the_store() {
    for atomic in Atomic::ALL {
        if atomic != Atomic::IsStored {
            let inputs = vec![Bytes::new(); atomic.arity()];
            assert!(decide(atomic, &inputs, &Broken).is_ok(), "{}", atomic.name());
        }
    }
}

// ----- inclusion -----

fn token(i: u8) -> Address {
    Address::repeat_byte(0x10 * (i + 1))
}

/// `count` leaves spread over `tokens` tokens, starts 0, 10, 20… within each token.
fn leaves(count: usize, tokens: usize) -> Vec<TreeLeaf> {
    (0..count)
        .map(|i| TreeLeaf {
            token: token((i % tokens) as u8),
            start: U256::from(10 * (i / tokens) as u64),
            leaf: Bytes::from(format!("state update {i}").into_bytes()),
        })
        .collect()
}

fn verify(p: &LeafProof, range: Range, root: B256) -> Verdict {
    run(Atomic::VerifyInclusion, &p.inputs(range, root))
}

#[test]
fn every_proof_of_small_trees_verifies() {
    for (count, tokens) in [
        (1, 1),
        (2, 1),
        (2, 2),
        (3, 1),
        (3, 2),
        (3, 3),
        (5, 1),
        (5, 2),
        (5, 3),
        (8, 1),
        (8, 2),
        (8, 3),
    ] {
        let tree = InclusionTree::new(leaves(count, tokens)).unwrap();
        assert_eq!(tree.len(), count);
        assert_eq!(tree.tokens().count(), tokens);
        let root = tree.root();
        let proofs: Vec<LeafProof> = tree.proofs().collect();
        assert_eq!(proofs.len(), count);
        for p in &proofs {
            let verdict = verify(p, p.interval(), root);
            assert_eq!(
                verdict,
                Verdict::holds(Reason::Included { root }),
                "{count} leaves, {tokens} tokens"
            );
            assert!(p.implicit_end >= p.end);
            // A sub-range verifies as well.
            let inner = Range {
                start: p.start + U256::from(1),
                end: p.start + U256::from(2),
            };
            assert_eq!(verify(p, inner, root).outcome, Outcome::True);
        }
        tampering_fails(&proofs, root);
    }
}

fn tampering_fails(proofs: &[LeafProof], root: B256) {
    for p in proofs {
        // Another leaf.
        let mut inputs = p.inputs(p.interval(), root);
        inputs[0] = b(b"forged");
        let reason = fails(Atomic::VerifyInclusion, &inputs);
        assert!(matches!(reason, Reason::RootMismatch { .. }), "{reason}");
        // A range starting before the leaf, or ending after the implicit end.
        if p.start > U256::ZERO {
            let early = Range {
                start: p.start - U256::from(1),
                end: p.end,
            };
            assert!(matches!(
                verify(p, early, root).reason,
                Reason::RangeOutsideLeaf { .. }
            ));
        }
        if p.implicit_end < U256::MAX {
            let late = Range {
                start: p.start,
                end: p.implicit_end + U256::from(1),
            };
            assert!(matches!(
                verify(p, late, root).reason,
                Reason::RangeOutsideLeaf { .. }
            ));
        }
        // Another root.
        let reason = verify(p, p.interval(), keccak256(root)).reason;
        assert_eq!(
            reason,
            Reason::RootMismatch {
                computed: root,
                root: keccak256(root)
            }
        );
        // Another token (a proof with no address siblings does not commit to its token: see
        // `one_token_trees_do_not_commit_to_the_token`).
        if !p.proof.addressInclusionProof.siblings.is_empty() {
            let mut other = p.clone();
            other.token = Address::repeat_byte(0x01);
            assert_eq!(verify(&other, p.interval(), root).outcome, Outcome::False);
        }
        // A tampered sibling, in either layer.
        let interval = &p.proof.intervalInclusionProof.siblings;
        for i in 0..interval.len() {
            let mut tampered = p.clone();
            tampered.proof.intervalInclusionProof.siblings[i].data.0[0] ^= 1;
            assert_eq!(verify(&tampered, p.interval(), root).outcome, Outcome::False);
            let mut tampered = p.clone();
            tampered.proof.intervalInclusionProof.siblings[i].start ^= U256::from(1);
            assert_eq!(verify(&tampered, p.interval(), root).outcome, Outcome::False);
        }
        for i in 0..p.proof.addressInclusionProof.siblings.len() {
            let mut tampered = p.clone();
            tampered.proof.addressInclusionProof.siblings[i].data.0[31] ^= 1;
            assert_eq!(verify(&tampered, p.interval(), root).outcome, Outcome::False);
        }
        // Another position.
        if !interval.is_empty() {
            let mut tampered = p.clone();
            tampered.proof.intervalInclusionProof.leafPosition ^= U256::from(1);
            assert_eq!(verify(&tampered, p.interval(), root).outcome, Outcome::False);
        }
    }
}

#[test]
fn implicit_end_can_pass_the_next_leaf() {
    // Four leaves of one token: leaf 1's first right sibling is the subtree of leaves 2 and 3,
    // which carries leaf 3's start, so the verifier accepts ranges up to it.
    let tree = InclusionTree::new(leaves(4, 1)).unwrap();
    let p = tree.proof(token(0), 1).unwrap();
    assert_eq!(
        (p.start, p.end, p.implicit_end),
        (U256::from(10), U256::from(20), U256::from(30))
    );
    let beyond = Range {
        start: U256::from(10),
        end: U256::from(30),
    };
    assert_eq!(verify(&p, beyond, tree.root()).outcome, Outcome::True);
}

#[test]
fn one_token_trees_do_not_commit_to_the_token() {
    // With a single token the address layer has no siblings: the root is the interval root,
    // the token is hashed nowhere and only has to be at most 0xff…ff. The reference verifier
    // accepts any token then, and so does the engine.
    let tree = InclusionTree::new(leaves(3, 1)).unwrap();
    assert_eq!(tree.tokens().count(), 1);
    for p in tree.proofs() {
        let mut other = p.clone();
        other.token = Address::repeat_byte(0x01);
        assert_eq!(verify(&other, p.interval(), tree.root()).outcome, Outcome::True);
    }
}

#[test]
fn malformed_inclusion_inputs() {
    let tree = InclusionTree::new(leaves(3, 2)).unwrap();
    let p = tree.proofs().next().unwrap();
    let good = p.inputs(p.interval(), tree.root());
    let with = |i: usize, value: Bytes| {
        let mut inputs = good.clone();
        inputs[i] = value;
        fails(Atomic::VerifyInclusion, &inputs)
    };
    assert_eq!(
        with(1, b(p.token.as_slice())),
        Reason::Length {
            input: 1,
            len: 20,
            expected: Encoding::Address
        }
    );
    let mut dirty = address_word(p.token).to_vec();
    dirty[11] = 1;
    assert_eq!(with(1, dirty.into()), Reason::DirtyAddress { input: 1 });
    assert!(matches!(with(2, n(1)), Reason::Length { input: 2, .. }));
    assert!(matches!(
        with(3, b(b"not a proof")),
        Reason::Undecodable { input: 3, .. }
    ));
    let encoded = p.encode();
    assert!(matches!(
        with(3, encoded.slice(..encoded.len() - 1)),
        Reason::Undecodable { input: 3, .. }
    ));
    assert!(matches!(
        with(4, b(&tree.root()[..31])),
        Reason::Length { input: 4, .. }
    ));
    // Too many siblings.
    let mut long = p.proof.clone();
    long.intervalInclusionProof.siblings = vec![long.intervalInclusionProof.siblings[0].clone(); 257];
    let reason = with(3, long.abi_encode().into());
    assert_eq!(
        reason.to_string(),
        "the interval layer of the proof has 257 siblings, more than the 256 any tree needs"
    );
}

// ----- properties -----

/// Random leaves: distinct (token, start) pairs over up to three tokens.
fn random_leaves() -> impl Strategy<Value = Vec<TreeLeaf>> {
    proptest::collection::btree_map(
        (0u8..3, any::<u64>()),
        proptest::collection::vec(any::<u8>(), 0..40),
        1..24,
    )
    .prop_map(|map| {
        map.into_iter()
            .map(|((t, start), leaf)| TreeLeaf {
                token: token(t),
                start: U256::from(start),
                leaf: leaf.into(),
            })
            .collect()
    })
}

/// An input: random bytes, often of the lengths the encodings have.
fn random_input() -> impl Strategy<Value = Bytes> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..160),
        proptest::collection::vec(any::<u8>(), 32),
        proptest::collection::vec(any::<u8>(), 64),
        proptest::collection::vec(any::<u8>(), 65),
        Just(b"secp256k1".to_vec()),
        Just(b"typedData".to_vec()),
    ]
    .prop_map(Bytes::from)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_trees_prove_every_leaf(leaves in random_leaves(), offset in any::<u64>()) {
        let tree = InclusionTree::new(leaves.clone()).unwrap();
        prop_assert_eq!(tree.len(), leaves.len());
        let root = tree.root();
        for p in tree.proofs() {
            prop_assert!(p.implicit_end >= p.end);
            prop_assert_eq!(verify(&p, p.interval(), root).outcome, Outcome::True);
            // A point range inside the interval verifies.
            let width = p.end - p.start;
            let point = p.start + U256::from(offset) % width;
            let inside = Range { start: point, end: point };
            prop_assert_eq!(verify(&p, inside, root).outcome, Outcome::True);
            // Outside it, not.
            if p.start > U256::ZERO {
                let early = Range { start: p.start - U256::from(1), end: p.end };
                prop_assert_eq!(verify(&p, early, root).outcome, Outcome::False);
            }
            if p.implicit_end < U256::MAX {
                let late = Range { start: p.start, end: p.implicit_end + U256::from(1) };
                prop_assert_eq!(verify(&p, late, root).outcome, Outcome::False);
            }
            // The covering lookup finds the same leaf.
            let found = tree.covering(p.token, point).unwrap();
            prop_assert_eq!(found.start, p.start);
        }
    }

    #[test]
    fn decide_never_panics(
        inputs in proptest::collection::vec(random_input(), 0..7),
        stored in proptest::option::of(random_input()),
    ) {
        let mut storage = Storage::default();
        if let (Some(value), Some(contract), Some(key)) = (stored, inputs.first(), inputs.get(1))
            && let Some(contract) = ovm_abi::input::decode_address_word(contract)
        {
            storage.0.insert((contract, key.to_vec()), value);
        }
        for atomic in Atomic::ALL {
            let verdict = decide(atomic, &inputs, &storage).unwrap();
            // Formatting never panics either.
            let _ = verdict.reason.to_string();
            if atomic != Atomic::IsStored {
                prop_assert_ne!(verdict.outcome, Outcome::Unknown);
            }
            if inputs.len() != atomic.arity() {
                prop_assert_eq!(verdict.outcome, Outcome::False);
            }
        }
    }

    #[test]
    fn mutated_proofs_never_panic(
        leaves in random_leaves(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let tree = InclusionTree::new(leaves).unwrap();
        let p = tree.proofs().next().unwrap();
        let mut inputs = p.inputs(p.interval(), tree.root());
        let mut proof = inputs[3].to_vec();
        for (at, byte) in flips {
            let i = at.index(proof.len());
            proof[i] ^= byte;
        }
        inputs[3] = proof.clone().into();
        let verdict = run(Atomic::VerifyInclusion, &inputs);
        let _ = verdict.reason.to_string();
        proof.truncate(cut.index(proof.len() + 1));
        inputs[3] = proof.into();
        let verdict = run(Atomic::VerifyInclusion, &inputs);
        let _ = verdict.reason.to_string();
    }

    #[test]
    fn signatures_of_random_keys(seed in any::<[u8; 32]>(), message in proptest::collection::vec(any::<u8>(), 0..100)) {
        let key = SecretKey::from_byte_array(keccak256(seed).0).unwrap();
        let sig = sign(keccak256(&message), &key);
        holds(Atomic::IsValidSignature, &signature_inputs(&message, &sig, address_of(&key), b"secp256k1"));
        let typed = hash_transaction(&transaction(address_of(&key)).abi_encode()).unwrap();
        prop_assert_ne!(typed, keccak256(&message));
    }
}

#[test]
fn proof_decodes_as_the_reference_abi() {
    let tree = InclusionTree::new(leaves(5, 2)).unwrap();
    for p in tree.proofs() {
        let decoded = <InclusionProof as SolValue>::abi_decode(&p.encode()).unwrap();
        assert_eq!(decoded, p.proof);
        assert_eq!(decoded.addressInclusionProof.leafIndex, p.token);
        assert_eq!(decoded.intervalInclusionProof.leafIndex, p.start);
    }
}
