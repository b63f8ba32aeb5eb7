//! Every atomic predicate on chain agrees with the engine: the deployed contract's
//! `decide(bytes[])`, called as a view on the local chain, is true exactly when
//! `ovm_engine::atomic::decide` is true, and never reverts, whatever the inputs (wrong arity,
//! wrong lengths, undecodable ABI, dirty addresses are all false). The engine is unknown only
//! for `IsStored` when its store does not know the storage value; the chain then says false
//! (a key never stored retrieves as empty bytes, so the one exception is an empty value, which
//! the chain finds stored: see `is_stored_of_a_missing_key`).
//!
//! Hand-written vectors first, then property tests (64 cases per predicate) over random words,
//! ranges and bytes, malformed lengths included; `IsValidSignature` with real signatures of
//! both verifier types, `VerifyInclusion` with real trees (`InclusionTree`) and tampered proofs.

mod common;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::{SolCall, SolValue, sol};
use common::{b, deployment, word};
use ovm_abi::input;
use ovm_engine::Outcome;
use ovm_engine::atomic::signature::{Transaction, abi as tx_abi, address_of, hash_transaction, sign};
use ovm_engine::atomic::tree::{InclusionTree, TreeLeaf};
use ovm_engine::atomic::{self, Atomic};
use ovm_engine::store::MemoryStore;
use ovm_evm::Chain;
use proptest::prelude::*;
use proptest::test_runner::Config;
use secp256k1::{PublicKey, SECP256K1, SecretKey};

sol! {
    /// `BaseAtomicPredicate.decide`.
    interface IAtomic {
        function decide(bytes[] _inputs) external view returns (bool);
    }
}

thread_local! {
    /// The local chain, deployed once per test thread; the calls are views, so it is shared.
    static LOCAL: std::cell::RefCell<Chain> =
        std::cell::RefCell::new(Chain::local().expect("the local deployment deploys"));
}

/// The contract's `decide(inputs)` on `chain`; a revert or a halt fails the test.
fn on_chain(chain: &mut Chain, atomic: Atomic, inputs: &[Bytes]) -> bool {
    let address = chain.deployment().atomic(atomic.name()).unwrap();
    let data = IAtomic::decideCall {
        _inputs: inputs.to_vec(),
    }
    .abi_encode();
    let receipt = chain
        .call_view(address, data.into())
        .unwrap_or_else(|e| panic!("{}.decide({inputs:?}) does not return: {e}", atomic.name()));
    IAtomic::decideCall::abi_decode_returns(&receipt.output)
        .unwrap_or_else(|e| panic!("{}.decide returns {}: {e}", atomic.name(), receipt.output))
}

/// The engine's outcome.
fn in_engine(atomic: Atomic, inputs: &[Bytes], store: &MemoryStore) -> (Outcome, String) {
    let verdict = atomic::decide(atomic, inputs, store).expect("a memory store never fails");
    (verdict.outcome, verdict.reason.to_string())
}

/// Checks that the chain and the engine agree on `atomic(inputs)` (true ⇔ true; unknown only
/// for `IsStored`, false on chain) and returns the chain's answer.
fn agree_on(chain: &mut Chain, store: &MemoryStore, atomic: Atomic, inputs: &[Bytes]) -> bool {
    let decided = on_chain(chain, atomic, inputs);
    let (outcome, reason) = in_engine(atomic, inputs, store);
    match outcome {
        Outcome::Unknown => {
            assert_eq!(atomic, Atomic::IsStored, "{} is unknown: {reason}", atomic.name());
            assert!(
                !decided,
                "IsStored({inputs:?}) is unknown in the engine ({reason}) but true on chain"
            );
        }
        _ => assert_eq!(
            decided,
            outcome == Outcome::True,
            "{}({inputs:?}): chain {decided}, engine {outcome:?} ({reason})",
            atomic.name()
        ),
    }
    decided
}

/// [`agree_on`] the thread's chain with an empty store.
fn agree(atomic: Atomic, inputs: &[Bytes]) -> bool {
    LOCAL.with(|chain| agree_on(&mut chain.borrow_mut(), &MemoryStore::new(), atomic, inputs))
}

/// Checks agreement and that the chain says `expected`.
fn expect(atomic: Atomic, inputs: &[Bytes], expected: bool) {
    assert_eq!(agree(atomic, inputs), expected, "{}({inputs:?})", atomic.name());
}

fn n(x: u64) -> U256 {
    U256::from(x)
}

fn range(start: u64, end: u64) -> Bytes {
    input::range(n(start), n(end))
}

/// Inputs of the wrong arity, around `arity`.
fn wrong_arities(atomic: Atomic, good: &[Bytes]) {
    for len in 0..good.len() {
        expect(atomic, &good[..len], false);
    }
    let mut more = good.to_vec();
    more.push(word(0));
    expect(atomic, &more, false);
}

// ----------------------------------------------------------------------------------------------
// Hand-written vectors

#[test]
fn equal() {
    let a = Atomic::Equal;
    expect(a, &[word(1), word(1)], true);
    expect(a, &[b(b""), b(b"")], true);
    expect(a, &[b(b"abc"), b(b"abc")], true);
    expect(a, &[word(1), word(2)], false);
    expect(a, &[b(b"abc"), b(b"abcd")], false);
    // The same number, not the same bytes.
    expect(a, &[b(&[1]), word(1)], false);
    wrong_arities(a, &[word(1), word(1)]);
}

#[test]
fn is_less_than() {
    let a = Atomic::IsLessThan;
    expect(a, &[word(1), word(2)], true);
    expect(a, &[word(0), input::uint_word(U256::MAX)], true);
    expect(a, &[word(2), word(2)], false);
    expect(a, &[word(3), word(2)], false);
    // Not 32-byte words.
    expect(a, &[b(&[1]), word(2)], false);
    expect(a, &[word(1), b(&[2])], false);
    expect(a, &[b(&[0; 33]), word(2)], false);
    expect(a, &[b(b""), word(2)], false);
    expect(a, &[range(0, 1), word(2)], false);
    wrong_arities(a, &[word(1), word(2)]);
}

#[test]
fn is_contained() {
    let a = Atomic::IsContained;
    expect(a, &[range(0, 10), range(2, 5)], true);
    expect(a, &[range(0, 10), range(0, 10)], true);
    expect(a, &[range(0, 10), range(5, 5)], true);
    expect(a, &[range(0, 10), range(5, 11)], false);
    expect(a, &[range(3, 10), range(2, 5)], false);
    // An inverted subrange inside the range: its bounds are within.
    expect(a, &[range(0, 10), range(6, 4)], true);
    expect(a, &[range(0, 10), word(3)], false);
    expect(a, &[b(&[0; 65]), range(2, 5)], false);
    wrong_arities(a, &[range(0, 10), range(2, 5)]);
}

#[test]
fn has_intersection() {
    let a = Atomic::HasIntersection;
    expect(a, &[range(0, 10), range(5, 15)], true);
    expect(a, &[range(5, 15), range(0, 10)], true);
    expect(a, &[range(0, 10), range(2, 3)], true);
    expect(a, &[range(0, 10), range(10, 15)], false);
    expect(a, &[range(10, 15), range(0, 10)], false);
    // An empty range starting inside the other intersects it, by the reference's formula.
    expect(a, &[range(5, 5), range(0, 10)], true);
    expect(a, &[range(5, 5), range(5, 5)], false);
    expect(a, &[range(0, 10), range(63, 0)], false);
    expect(a, &[range(0, 10), b(&[0; 63])], false);
    wrong_arities(a, &[range(0, 10), range(5, 15)]);
}

#[test]
fn is_same_amount() {
    let a = Atomic::IsSameAmount;
    expect(a, &[range(0, 10), range(5, 15)], true);
    expect(a, &[range(3, 3), range(7, 7)], true);
    expect(a, &[range(0, 10), range(5, 16)], false);
    // Inverted ranges: false (the subtraction reverts on chain, the engine says so).
    expect(a, &[range(10, 0), range(10, 0)], false);
    expect(a, &[range(0, 10), range(10, 0)], false);
    expect(a, &[word(10), range(0, 10)], false);
    wrong_arities(a, &[range(0, 10), range(5, 15)]);
}

#[test]
fn is_valid_hash() {
    let a = Atomic::IsValidHash;
    let preimage = b(b"preimage");
    let hash = Bytes::from(keccak256(&preimage).to_vec());
    expect(a, &[hash.clone(), preimage.clone()], true);
    expect(a, &[Bytes::from(keccak256([]).to_vec()), b(b"")], true);
    expect(a, &[hash.clone(), b(b"preimagf")], false);
    expect(a, &[preimage.clone(), hash.clone()], false);
    // The hash must be exactly a word.
    let mut long = hash.to_vec();
    long.push(0);
    expect(a, &[Bytes::from(long), preimage.clone()], false);
    expect(a, &[Bytes::copy_from_slice(&hash[..31]), preimage.clone()], false);
    wrong_arities(a, &[hash, preimage]);
}

#[test]
fn is_concatenated_with() {
    let a = Atomic::IsConcatenatedWith;
    expect(a, &[b(b"abcd"), b(b"ab"), b(b"cd")], true);
    expect(a, &[b(b""), b(b""), b(b"")], true);
    expect(a, &[b(b"abcd"), b(b""), b(b"abcd")], true);
    expect(a, &[b(b"abcd"), b(b"abc"), b(b"cd")], false);
    expect(a, &[b(b"abcd"), b(b"cd"), b(b"ab")], false);
    wrong_arities(a, &[b(b"abcd"), b(b"ab"), b(b"cd")]);
}

/// The address of an address word.
fn at(word: &[u8]) -> Address {
    input::decode_address_word(word).expect("an address word")
}

fn storage_contract() -> Address {
    ovm_abi::parse_address(deployment().constant_text("commitmentContract").unwrap()).unwrap()
}

#[test]
fn is_stored() {
    let a = Atomic::IsStored;
    let commitment = storage_contract();
    let mut store = MemoryStore::new();
    store.put_storage(commitment, b"root", word(0xabcd));
    let mut chain = Chain::local().unwrap();
    chain.load_storage(&store).unwrap();
    let at = input::address_word(commitment);
    let mut check = |inputs: &[Bytes], expected: bool| {
        assert_eq!(
            agree_on(&mut chain, &store, a, inputs),
            expected,
            "IsStored({inputs:?})"
        );
    };
    check(&[at.clone(), b(b"root"), word(0xabcd)], true);
    check(&[at.clone(), b(b"root"), word(0xabce)], false);
    check(&[at.clone(), b(b"root"), b(&[0xab, 0xcd])], false);
    check(&[at.clone(), b(b"root"), b(b"")], false);
    // Unknown in the engine (a key it does not know), false on chain.
    check(&[at.clone(), b(b"other"), word(0xabcd)], false);
    // A storage address with no contract: unknown in the engine, false on chain.
    let nowhere = input::address_word(Address::repeat_byte(0x99));
    check(&[nowhere, b(b"root"), word(0xabcd)], false);
    // Not an address word.
    let mut dirty = at.to_vec();
    dirty[0] = 1;
    check(&[Bytes::from(dirty), b(b"root"), word(0xabcd)], false);
    check(
        &[Bytes::copy_from_slice(&commitment[..]), b(b"root"), word(0xabcd)],
        false,
    );
    check(&[at.clone(), b(b"root")], false);
    check(&[at.clone(), b(b"root"), word(0xabcd), word(0)], false);
    check(&[], false);
}

/// A key never stored retrieves as empty bytes on chain, so `IsStored(storage, key, "")` is
/// true there; the engine's store does not know the key, so it is unknown. Not a
/// contradiction (the engine never says false), but the one case where unknown is true on
/// chain.
#[test]
fn is_stored_of_a_missing_key() {
    let commitment = storage_contract();
    let inputs = [input::address_word(commitment), b(b"never stored"), b(b"")];
    let mut chain = Chain::local().unwrap();
    assert!(on_chain(&mut chain, Atomic::IsStored, &inputs));
    let (outcome, _) = in_engine(Atomic::IsStored, &inputs, &MemoryStore::new());
    assert_eq!(outcome, Outcome::Unknown);
}

/// The order of the secp256k1 group.
const SECP256K1_ORDER: [u8; 32] =
    alloy_primitives::hex!("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

fn secret(seed: u8) -> SecretKey {
    SecretKey::from_byte_array(keccak256([seed]).0).unwrap()
}

fn signer_of(key: &SecretKey) -> Address {
    address_of(&PublicKey::from_secret_key(SECP256K1, key))
}

fn verifier(name: &str) -> Bytes {
    deployment().constant_bytes(name).unwrap()
}

fn signature_inputs(message: &[u8], signature: &[u8], signer: Address, verifier_type: &str) -> Vec<Bytes> {
    vec![
        b(message),
        b(signature),
        input::address_word(signer),
        verifier(verifier_type),
    ]
}

#[test]
fn is_valid_signature_secp256k1() {
    let a = Atomic::IsValidSignature;
    let key = secret(1);
    let signer = signer_of(&key);
    let message = b"message";
    let signature = sign(keccak256(message), &key);
    let inputs = |m: &[u8], s: &[u8], who| signature_inputs(m, s, who, "secp256k1");
    expect(a, &inputs(message, &signature, signer), true);
    expect(a, &inputs(b"massage", &signature, signer), false);
    expect(a, &inputs(message, &signature, signer_of(&secret(2))), false);
    // The zero signer accepts what recovers nothing, and only that.
    expect(a, &inputs(message, &signature, Address::ZERO), false);
    let mut bad_v = signature;
    bad_v[64] = 29;
    expect(a, &inputs(message, &bad_v, Address::ZERO), true);
    expect(a, &inputs(message, &bad_v, signer), false);
    expect(a, &inputs(message, &[0; 65], Address::ZERO), true);
    // v 27 and 28 swapped: another key, or none.
    let mut other_v = signature;
    other_v[64] = 55 - other_v[64];
    expect(a, &inputs(message, &other_v, signer), false);
    // High s (n - s, v flipped) recovers the same key: ecrecover accepts it.
    let order = U256::from_be_bytes(SECP256K1_ORDER);
    let s = U256::from_be_slice(&signature[32..64]);
    let mut high = signature;
    high[32..64].copy_from_slice(&(order - s).to_be_bytes::<32>());
    high[64] = 55 - high[64];
    expect(a, &inputs(message, &high, signer), true);
    // r or s zero or not below the order: recovers nothing.
    for (at, value) in [
        (0, U256::ZERO),
        (32, U256::ZERO),
        (0, order),
        (32, order),
        (0, U256::MAX),
    ] {
        let mut bad = signature;
        bad[at..at + 32].copy_from_slice(&value.to_be_bytes::<32>());
        expect(a, &inputs(message, &bad, signer), false);
        expect(a, &inputs(message, &bad, Address::ZERO), true);
    }
    // Wrong lengths.
    expect(a, &inputs(message, &signature[..64], signer), false);
    expect(
        a,
        &inputs(message, &[&signature[..], &[0]].concat(), signer),
        false,
    );
    expect(a, &inputs(message, &[], Address::ZERO), false);
    // The EIP-191 prefixed hash is not what is signed.
    let prefixed = alloy_primitives::eip191_hash_message(message);
    expect(a, &inputs(message, &sign(prefixed, &key), signer), false);
    // The signer: a word, clean.
    let mut good = inputs(message, &signature, signer);
    good[2] = Bytes::copy_from_slice(signer.as_slice());
    expect(a, &good, false);
    let mut dirty = input::address_word(signer).to_vec();
    dirty[0] = 1;
    good[2] = Bytes::from(dirty);
    expect(a, &good, false);
    // Other verifier types.
    let mut good = inputs(message, &signature, signer);
    for other in [&b"SECP256K1"[..], b"secp256k1\0", b"", b"ed25519"] {
        good[3] = b(other);
        expect(a, &good, false);
    }
    wrong_arities(a, &inputs(message, &signature, signer));
}

fn transaction(owner: Bytes, start: u64, end: u64) -> Transaction {
    Transaction {
        depositContractAddress: Address::repeat_byte(0xde),
        range: tx_abi::Range {
            start: n(start),
            end: n(end),
        },
        maxBlockNumber: n(100),
        nextStateObject: tx_abi::Property {
            predicateAddress: Address::repeat_byte(0x0b),
            inputs: vec![owner, b(b"more")],
        },
        chunkId: B256::repeat_byte(0xc4),
        from: Address::repeat_byte(0xf0),
    }
}

#[test]
fn is_valid_signature_typed_data() {
    let a = Atomic::IsValidSignature;
    let key = secret(3);
    let signer = signer_of(&key);
    let message = transaction(input::address_word(signer), 10, 20).abi_encode();
    let hash = hash_transaction(&message).unwrap();
    let signature = sign(hash, &key);
    let inputs = |m: &[u8], s: &[u8], who| signature_inputs(m, s, who, "typedData");
    expect(a, &inputs(&message, &signature, signer), true);
    expect(a, &inputs(&message, &signature, signer_of(&secret(4))), false);
    // Signed over the raw keccak256: not a typedData signature (and vice versa).
    let raw = sign(keccak256(&message), &key);
    expect(a, &inputs(&message, &raw, signer), false);
    expect(a, &signature_inputs(&message, &raw, signer, "secp256k1"), true);
    expect(
        a,
        &signature_inputs(&message, &signature, signer, "secp256k1"),
        false,
    );
    // An inverted range: the amount wraps, as in the reference.
    let wrapped = transaction(input::address_word(signer), 20, 10).abi_encode();
    let wrapped_signature = sign(hash_transaction(&wrapped).unwrap(), &key);
    expect(a, &inputs(&wrapped, &wrapped_signature, signer), true);
    // Another transaction under the same signature.
    let other = transaction(input::address_word(signer), 10, 21).abi_encode();
    expect(a, &inputs(&other, &signature, signer), false);
    // A message that is not a transaction: false whatever the signer, the zero one too.
    for garbage in [&b""[..], b"message", &[0u8; 64], &message[..message.len() / 2]] {
        let signature = sign(keccak256(garbage), &key);
        expect(a, &inputs(garbage, &signature, signer), false);
        expect(a, &inputs(garbage, &[0; 65], Address::ZERO), false);
    }
    // Without the last byte (padding): still a transaction, to both.
    let cut = &message[..message.len() - 1];
    expect(a, &inputs(cut, &[0; 65], Address::ZERO), true);
    // A transaction without an owner, or whose owner is not an address.
    let mut no_owner = transaction(word(0), 10, 20);
    no_owner.nextStateObject.inputs.clear();
    let no_owner = no_owner.abi_encode();
    expect(a, &inputs(&no_owner, &[0; 65], Address::ZERO), false);
    let mut dirty = input::address_word(signer).to_vec();
    dirty[0] = 1;
    let dirty_owner = transaction(Bytes::from(dirty), 10, 20).abi_encode();
    expect(a, &inputs(&dirty_owner, &[0; 65], Address::ZERO), false);
    let short_owner = transaction(b(&[1; 31]), 10, 20).abi_encode();
    expect(a, &inputs(&short_owner, &[0; 65], Address::ZERO), false);
    // An owner word followed by more bytes: abi.decode(bytes, (address)) reads the first word.
    let long_owner =
        transaction(b(&[&input::address_word(signer)[..], &[7u8; 5]].concat()), 10, 20).abi_encode();
    let long_signature = sign(hash_transaction(&long_owner).unwrap(), &key);
    expect(a, &inputs(&long_owner, &long_signature, signer), true);
    // Trailing bytes after the transaction: Solidity's abi.decode ignores them.
    let trailing = [&message[..], &[0u8; 32]].concat();
    let trailing_signature = sign(hash_transaction(&trailing).unwrap(), &key);
    expect(a, &inputs(&trailing, &trailing_signature, signer), true);
    wrong_arities(a, &inputs(&message, &signature, signer));
}

fn leaf(token: Address, start: u64, data: &[u8]) -> TreeLeaf {
    TreeLeaf {
        token,
        start: n(start),
        leaf: b(data),
    }
}

#[test]
fn verify_inclusion() {
    let a = Atomic::VerifyInclusion;
    let (t1, t2, t3) = (
        Address::repeat_byte(1),
        Address::repeat_byte(2),
        Address::repeat_byte(3),
    );
    let tree = InclusionTree::new([
        leaf(t1, 0, b"a"),
        leaf(t1, 10, b"b"),
        leaf(t1, 20, b"c"),
        leaf(t2, 0, b"d"),
        leaf(t2, 100, b"e"),
        leaf(t3, 5, b"f"),
    ])
    .unwrap();
    let root = tree.root();
    let mut proofs = 0;
    for proof in tree.proofs() {
        proofs += 1;
        let inputs = proof.inputs(proof.interval(), root);
        expect(a, &inputs, true);
        // Up to the implicit end, and no further.
        let mut wide = proof.interval();
        wide.end = proof.implicit_end;
        expect(a, &proof.inputs(wide, root), true);
        if proof.implicit_end < U256::MAX {
            wide.end = proof.implicit_end + n(1);
            expect(a, &proof.inputs(wide, root), false);
        }
        // Before the start.
        if proof.start > U256::ZERO {
            let mut early = proof.interval();
            early.start = proof.start - n(1);
            expect(a, &proof.inputs(early, root), false);
        }
        // Tampered: the leaf, the token, the root, the proof.
        let mut tampered = inputs.clone();
        tampered[0] = b(b"z");
        expect(a, &tampered, false);
        let mut tampered = inputs.clone();
        tampered[1] = input::address_word(Address::repeat_byte(9));
        expect(a, &tampered, false);
        let mut tampered = inputs.clone();
        tampered[4] = input::bytes32_word(B256::repeat_byte(7));
        expect(a, &tampered, false);
        let mut bad = proof.proof.clone();
        if let Some(sibling) = bad.intervalInclusionProof.siblings.first_mut() {
            sibling.data = B256::repeat_byte(5);
            let mut tampered = inputs.clone();
            tampered[3] = bad.abi_encode().into();
            expect(a, &tampered, false);
        }
        let mut bad = proof.proof.clone();
        bad.addressInclusionProof.leafPosition ^= n(1);
        let mut tampered = inputs.clone();
        tampered[3] = bad.abi_encode().into();
        expect(a, &tampered, false);
        // Malformed: lengths, encodings.
        let mut tampered = inputs.clone();
        tampered[3] = Bytes::copy_from_slice(&inputs[3][..inputs[3].len() - 1]);
        expect(a, &tampered, false);
        let mut tampered = inputs.clone();
        tampered[3] = b(b"not a proof");
        expect(a, &tampered, false);
        let mut tampered = inputs.clone();
        tampered[4] = Bytes::copy_from_slice(&inputs[4][..31]);
        expect(a, &tampered, false);
        let mut tampered = inputs.clone();
        tampered[2] = word(0);
        expect(a, &tampered, false);
        let mut tampered = inputs.clone();
        tampered[1] = Bytes::copy_from_slice(proof.token.as_slice());
        expect(a, &tampered, false);
        // Trailing bytes after the proof's encoding are ignored by abi.decode.
        let mut tampered = inputs.clone();
        tampered[3] = [&inputs[3][..], &[0u8; 32]].concat().into();
        expect(a, &tampered, true);
        wrong_arities(a, &inputs);
    }
    assert_eq!(proofs, 6);
    // A tree of one leaf: an empty proof.
    let single = InclusionTree::new([leaf(t1, 3, b"only")]).unwrap();
    let proof = single.proofs().next().unwrap();
    expect(a, &proof.inputs(proof.interval(), single.root()), true);
}

// ----------------------------------------------------------------------------------------------
// Property tests

fn config() -> Config {
    Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    }
}

/// A random input: small numbers as words (often equal), ranges of small numbers, address
/// words, random words, random bytes of any length up to 100 (malformed lengths included).
fn any_input() -> impl Strategy<Value = Bytes> {
    prop_oneof![
        3 => (0u64..4).prop_map(word),
        3 => (0u64..6, 0u64..6).prop_map(|(s, e)| range(s, e)),
        1 => any::<[u8; 20]>().prop_map(|a| input::address_word(Address::from(a))),
        1 => any::<[u8; 32]>().prop_map(|w| b(&w)),
        1 => (any::<[u8; 32]>(), any::<[u8; 32]>()).prop_map(|(s, e)| b(&[s, e].concat())),
        2 => prop::collection::vec(any::<u8>(), 0..100).prop_map(Bytes::from),
        1 => prop::collection::vec(0u8..2, 0..4).prop_map(Bytes::from),
    ]
}

/// A random input of the kind `atomic` reads, mostly: words of small numbers for `Equal` and
/// `IsLessThan`, ranges of small numbers for the range predicates, short bit strings for
/// `IsConcatenatedWith`; any input otherwise, and sometimes.
fn input_for(atomic: Atomic) -> BoxedStrategy<Bytes> {
    let typical = match atomic {
        Atomic::Equal | Atomic::IsLessThan => (0u64..4).prop_map(word).boxed(),
        Atomic::IsContained | Atomic::HasIntersection | Atomic::IsSameAmount => {
            (0u64..6, 0u64..6).prop_map(|(s, e)| range(s, e)).boxed()
        }
        Atomic::IsConcatenatedWith => prop::collection::vec(0u8..2, 0..4).prop_map(Bytes::from).boxed(),
        _ => return any_input().boxed(),
    };
    prop_oneof![4 => typical, 1 => any_input()].boxed()
}

/// Inputs of about the arity of `atomic`: mostly exactly it, sometimes one less or more.
fn inputs_of(atomic: Atomic) -> impl Strategy<Value = Vec<Bytes>> {
    let arity = atomic.arity();
    prop_oneof![
        8 => Just(arity),
        1 => Just(arity.saturating_sub(1)),
        1 => Just(arity + 1),
    ]
    .prop_flat_map(move |len| prop::collection::vec(input_for(atomic), len))
}

fn agree_random(atomic: Atomic, inputs: &[Bytes]) {
    agree(atomic, inputs);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_equal(inputs in inputs_of(Atomic::Equal)) {
        agree_random(Atomic::Equal, &inputs);
    }

    #[test]
    fn random_is_less_than(inputs in inputs_of(Atomic::IsLessThan)) {
        agree_random(Atomic::IsLessThan, &inputs);
    }

    #[test]
    fn random_is_contained(inputs in inputs_of(Atomic::IsContained)) {
        agree_random(Atomic::IsContained, &inputs);
    }

    #[test]
    fn random_has_intersection(inputs in inputs_of(Atomic::HasIntersection)) {
        agree_random(Atomic::HasIntersection, &inputs);
    }

    #[test]
    fn random_is_same_amount(inputs in inputs_of(Atomic::IsSameAmount)) {
        agree_random(Atomic::IsSameAmount, &inputs);
    }

    #[test]
    fn random_is_valid_hash(
        inputs in inputs_of(Atomic::IsValidHash),
        preimage in prop::collection::vec(any::<u8>(), 0..80),
        hashed in any::<bool>(),
    ) {
        let mut inputs = inputs;
        if hashed && inputs.len() == 2 {
            // Often a real hash of the preimage.
            inputs[0] = Bytes::from(keccak256(&preimage).to_vec());
            inputs[1] = Bytes::from(preimage);
        }
        agree_random(Atomic::IsValidHash, &inputs);
    }

    #[test]
    fn random_is_concatenated_with(
        inputs in inputs_of(Atomic::IsConcatenatedWith),
        a in prop::collection::vec(0u8..2, 0..5),
        c in prop::collection::vec(0u8..2, 0..5),
        joined in any::<bool>(),
    ) {
        let mut inputs = inputs;
        if joined && inputs.len() == 3 {
            // Short bits: often a concatenation, often not quite.
            inputs = vec![Bytes::from([a.clone(), c[..c.len() / 2].to_vec()].concat()), Bytes::from(a), Bytes::from(c)];
        }
        agree_random(Atomic::IsConcatenatedWith, &inputs);
    }

    #[test]
    fn random_is_stored(
        entries in prop::collection::vec((0u8..4, prop::collection::vec(0u8..3, 0..3)), 0..4),
        contract in 0usize..4,
        key in 0u8..5,
        value in prop::collection::vec(0u8..3, 0..3),
        junk in inputs_of(Atomic::IsStored),
        use_junk in prop::bool::weighted(0.2),
    ) {
        // Storage contracts: two of the deployment's, one placed at a fresh address, one absent.
        let contracts = [
            storage_contract(),
            ovm_abi::parse_address(deployment().constant_text("swapAddress").unwrap()).unwrap(),
            Address::repeat_byte(0x5e),
            Address::repeat_byte(0x99),
        ];
        let mut store = MemoryStore::new();
        for (i, (k, v)) in entries.iter().enumerate() {
            store.put_storage(contracts[i % 3], [*k], Bytes::from(v.clone()));
        }
        let mut chain = LOCAL.with(|chain| chain.borrow().fork());
        chain.load_storage(&store).unwrap();
        let inputs = if use_junk {
            junk
        } else {
            vec![input::address_word(contracts[contract]), b(&[key]), Bytes::from(value.clone())]
        };
        let decided = on_chain(&mut chain, Atomic::IsStored, &inputs);
        let (outcome, reason) = in_engine(Atomic::IsStored, &inputs, &store);
        match outcome {
            // A key never stored in a deployed storage contract retrieves as empty bytes.
            Outcome::Unknown => prop_assert!(
                !decided || (inputs[2].is_empty() && !chain.code(at(&inputs[0])).is_empty()),
                "IsStored({inputs:?}) unknown ({reason}), true on chain"
            ),
            _ => prop_assert_eq!(decided, outcome == Outcome::True, "IsStored({:?}): {}", inputs, reason),
        }
    }

    #[test]
    fn random_is_valid_signature(
        seed in any::<u8>(),
        message in prop::collection::vec(any::<u8>(), 0..80),
        typed in any::<bool>(),
        start in 0u64..5,
        end in 0u64..5,
        tamper in 0u8..8,
        at in any::<usize>(),
        junk in inputs_of(Atomic::IsValidSignature),
    ) {
        let key = secret(seed);
        let signer = signer_of(&key);
        let (message, hash, verifier_type) = if typed {
            let mut tx = transaction(input::address_word(signer_of(&secret(seed ^ 1))), start, end);
            tx.nextStateObject.inputs.push(Bytes::from(message));
            let message = tx.abi_encode();
            let hash = hash_transaction(&message).unwrap();
            (message, hash, "typedData")
        } else {
            (message.clone(), keccak256(&message), "secp256k1")
        };
        let mut signature = sign(hash, &key).to_vec();
        let mut inputs = signature_inputs(&message, &signature, signer, verifier_type);
        match tamper {
            // A byte of the signature (v included), the message, or the signer; the zero signer.
            0 => {
                let i = at % signature.len();
                signature[i] ^= 1 << (at % 8);
                inputs[1] = Bytes::from(signature);
            }
            1 if !message.is_empty() => {
                let mut m = message.clone();
                let i = at % m.len();
                m[i] ^= 0x80;
                inputs[0] = Bytes::from(m);
            }
            2 => inputs[2] = input::address_word(Address::ZERO),
            3 => {
                inputs[1] = Bytes::from(signature[..at % 66].to_vec());
                inputs[2] = input::address_word(Address::ZERO);
            }
            4 => {
                signature[64] = at as u8;
                inputs[1] = Bytes::from(signature);
                inputs[2] = input::address_word(Address::ZERO);
            }
            5 => inputs = junk,
            _ => {}
        }
        agree_random(Atomic::IsValidSignature, &inputs);
    }

    /// A typed-data message with some bytes changed (often in offsets and lengths), the zero
    /// signer and a signature that recovers nothing: true exactly when the message still decodes
    /// as a transaction with an owner, so the chain's and the engine's decoders agree.
    #[test]
    fn random_typed_data_decoding(
        changes in prop::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..4),
        extra in prop::collection::vec(any::<u8>(), 0..3),
        cut in 0usize..40,
    ) {
        let mut message = transaction(input::address_word(Address::repeat_byte(0x0e)), 1, 9).abi_encode();
        let words = message.len() / 32;
        for (at, value, kind) in changes {
            match kind {
                // The low byte of a word (an offset, a length, a small number).
                0 | 1 => message[(at % words) * 32 + 31] = value,
                // Any byte.
                2 => {
                    let i = at % message.len();
                    message[i] = value;
                }
                // A high byte of a word.
                _ => message[(at % words) * 32 + 30] = value,
            }
        }
        message.extend_from_slice(&extra);
        message.truncate(message.len().saturating_sub(cut));
        agree_random(Atomic::IsValidSignature, &signature_inputs(&message, &[0; 65], Address::ZERO, "typedData"));
    }

    #[test]
    fn random_verify_inclusion(
        leaves in prop::collection::btree_map((0u8..3, 0u64..40), prop::collection::vec(any::<u8>(), 0..8), 1..10),
        pick in any::<usize>(),
        from in 0u64..4,
        to in 0u64..60,
        tamper in 0u8..10,
        at in any::<usize>(),
    ) {
        let leaves: Vec<TreeLeaf> = leaves
            .iter()
            .map(|((token, start), data)| leaf(Address::repeat_byte(token + 1), *start, data))
            .collect();
        let tree = InclusionTree::new(leaves).unwrap();
        let proofs: Vec<_> = tree.proofs().collect();
        let proof = &proofs[pick % proofs.len()];
        let mut r = proof.interval();
        // A range from about the start to about the end, sometimes beyond either.
        r.start = proof.start.saturating_add(n(from)).saturating_sub(n(1));
        r.end = r.start.saturating_add(n(to));
        let mut inputs = proof.inputs(r, tree.root()).to_vec();
        let mut encoded = inputs[3].to_vec();
        match tamper {
            0 => inputs[0] = Bytes::from([&inputs[0][..], &[at as u8]].concat()),
            1 => inputs[1] = input::address_word(Address::repeat_byte((at % 5) as u8)),
            2 if !encoded.is_empty() => {
                // A bit of the proof's encoding: a sibling, a position, an offset, a length.
                let i = at % encoded.len();
                encoded[i] ^= 1 << (at % 8);
                inputs[3] = Bytes::from(encoded);
            }
            3 => inputs[3] = Bytes::from(encoded[..at % encoded.len()].to_vec()),
            4 => inputs[4] = input::bytes32_word(B256::repeat_byte(at as u8)),
            5 => inputs[2] = range(at as u64 % 50, (at / 50) as u64 % 50),
            _ => {}
        }
        agree_random(Atomic::VerifyInclusion, &inputs);
    }
}

/// The property tests above, with fully random inputs for the two predicates whose random
/// inputs are structured.
#[test]
fn random_junk_for_signatures_and_inclusion() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    for atomic in [Atomic::IsValidSignature, Atomic::VerifyInclusion] {
        runner
            .run(&inputs_of(atomic), |inputs| {
                agree_random(atomic, &inputs);
                Ok(())
            })
            .unwrap();
    }
}
