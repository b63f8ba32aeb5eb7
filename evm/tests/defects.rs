//! The defects of the reference contracts (adjudicator.md §13) that ours fix, shown on chain;
//! and the first smoke tests of the contracts (an atomic claim decided true).

mod common;

use alloy_primitives::{Bytes, keccak256};
use alloy_sol_types::{SolCall, SolValue, sol};
use common::*;
use ovm_abi::Property;
use ovm_engine::Outcome;
use ovm_engine::store::MemoryStore;
use ovm_evm::chain::GAS_LIMIT;
use ovm_evm::{Chain, EvmError, GameDecision};

sol! {
    struct SolProperty { address predicateAddress; bytes[] inputs; }
    function decide(bytes[] _inputs) returns (bool);
    function decideTrue(bytes[] _inputs);
    function notDecideTrue(SolProperty _innerProperty);
    function isPlaceholder(bytes _b) returns (bool);
}

fn sol_property(p: &Property) -> SolProperty {
    SolProperty {
        predicateAddress: p.predicate_address,
        inputs: p.inputs.clone(),
    }
}

/// The revert reason of an error that must be a revert.
fn reverted(result: Result<impl std::fmt::Debug, EvmError>) -> (String, String, u64) {
    match result {
        Err(EvmError::Reverted {
            call,
            reason,
            gas_used,
        }) => (call, reason, gas_used),
        other => panic!("expected a revert, got {other:?}"),
    }
}

/// `Not.decideTrue(inner)`, whose selector is `decideTrue((address,bytes[]))` (adjudicator.md
/// §4.3: `0x90cdcadf`).
fn not_decide_true(chain: &mut Chain, inner: &Property) -> Result<ovm_evm::Receipt, EvmError> {
    let mut data = notDecideTrueCall {
        _innerProperty: sol_property(inner),
    }
    .abi_encode();
    let selector = &keccak256("decideTrue((address,bytes[]))")[..4];
    assert_eq!(selector, [0x90, 0xcd, 0xca, 0xdf]);
    data[..4].copy_from_slice(selector);
    let not = chain.deployment().connectives.not;
    chain.send(not, data.into(), "Not.decideTrue")
}

#[test]
fn an_atomic_claim_is_decided_true_once_and_false_inputs_are_false_not_reverts() {
    let mut chain = Chain::local().unwrap();
    let equal_address = deployment().atomic("Equal").unwrap();
    let inputs = vec![word(1), word(1)];
    let claim = equal(word(1), word(1));
    let decides = |chain: &mut Chain, inputs: Vec<Bytes>| {
        let out = chain
            .call_view(equal_address, decideCall { _inputs: inputs }.abi_encode().into())
            .unwrap()
            .output;
        bool::abi_decode(&out).unwrap()
    };
    assert!(decides(&mut chain, inputs.clone()));
    assert!(!decides(&mut chain, vec![word(1), word(2)]));
    assert!(!decides(&mut chain, vec![Bytes::new()]));

    let decide_true = |chain: &mut Chain, inputs: Vec<Bytes>| {
        let data = decideTrueCall { _inputs: inputs }.abi_encode();
        chain.send(equal_address, data.into(), "Equal.decideTrue")
    };
    let (call, reason, _) = reverted(decide_true(&mut chain, inputs.clone()));
    assert_eq!(
        (call.as_str(), reason.as_str()),
        ("Equal.decideTrue", "game must be initiated")
    );

    chain.claim(&claim).unwrap();
    assert_eq!(chain.decision(&claim).unwrap(), GameDecision::Undecided);
    decide_true(&mut chain, inputs.clone()).unwrap();
    assert_eq!(chain.decision(&claim).unwrap(), GameDecision::True);
    let (_, reason, _) = reverted(decide_true(&mut chain, inputs));
    assert_eq!(reason, "claim is already decided");
}

/// §13.4 (first half) and §13.9: a false atomic claim is decided False by `decideFalse`, and a
/// decided game is final: `decideClaimToTrue` after the dispute period does not flip it.
#[test]
fn a_game_decided_false_is_not_flipped_to_true_by_timeout() {
    let mut chain = Chain::local().unwrap();
    let claim = equal(word(1), word(2));
    chain.claim(&claim).unwrap();
    // True inputs cannot be decided false.
    let true_claim = equal(word(1), word(1));
    chain.claim(&true_claim).unwrap();
    let (call, reason, _) = reverted(chain.decide_atomic_false(&true_claim));
    assert_eq!(
        (call.as_str(), reason.as_str()),
        ("Equal.decideFalse", "must decide false")
    );

    chain.decide_atomic_false(&claim).unwrap();
    assert_eq!(chain.decision(&claim).unwrap(), GameDecision::False);
    chain.mine(7);
    assert!(!chain.is_decidable(&claim).unwrap());
    let (call, reason, _) = reverted(chain.decide_claim_to_true(&claim));
    assert_eq!(
        (call.as_str(), reason.as_str()),
        ("UAC.decideClaimToTrue", "claim should be decidable")
    );
    assert_eq!(chain.decision(&claim).unwrap(), GameDecision::False);
    // Nor decided again.
    let (_, reason, _) = reverted(chain.decide_atomic_false(&claim));
    assert_eq!(reason, "claim is already decided");
}

/// §13.4 (second half): no `block.number - 7` underflow: a claim at block 1 is decidable
/// from block 8, not at once.
#[test]
fn a_claim_at_block_1_is_decidable_from_block_8() {
    let mut chain = Chain::local().unwrap();
    let claim = not(&equal(word(7), word(8)));
    assert_eq!(chain.block_number(), 1);
    chain.claim(&claim).unwrap();
    assert!(!chain.is_decidable(&claim).unwrap());
    chain.mine(6);
    assert_eq!(chain.block_number(), 7);
    assert!(!chain.is_decidable(&claim).unwrap());
    reverted(chain.decide_claim_to_true(&claim));
    chain.mine(1);
    assert!(chain.is_decidable(&claim).unwrap());
    chain.decide_claim_to_true(&claim).unwrap();
    assert_eq!(chain.decision(&claim).unwrap(), GameDecision::True);
    // Decided: no longer decidable.
    assert!(!chain.is_decidable(&claim).unwrap());
}

/// §13.2: `challenge` requires the challenged claim to exist.
#[test]
fn challenging_an_unclaimed_property_reverts() {
    let mut chain = Chain::local().unwrap();
    let inner = equal(word(1), word(1));
    let claim = not(&inner);
    let (call, reason, _) = reverted(chain.challenge(&claim, &[], &inner));
    assert_eq!(
        (call.as_str(), reason.as_str()),
        ("UAC.challenge", "game must be initiated")
    );
    // Once claimed, the same challenge is accepted.
    chain.claim(&claim).unwrap();
    chain.challenge(&claim, &[], &inner).unwrap();
}

/// The reference pushed a duplicate challenge twice.
#[test]
fn a_duplicate_challenge_reverts() {
    let mut chain = Chain::local().unwrap();
    let failing = equal(word(1), word(2));
    let claim = and(&[equal(word(1), word(1)), failing.clone()]);
    chain.claim(&claim).unwrap();
    chain.challenge(&claim, &[word(1)], &not(&failing)).unwrap();
    let (_, reason, _) = reverted(chain.challenge(&claim, &[word(1)], &not(&failing)));
    assert_eq!(reason, "challenge already exists");
}

/// §13.3: `Not.decideTrue` needs the inner claim decided False, not merely undecided.
#[test]
fn not_decide_true_needs_the_inner_claim_decided_false() {
    let mut chain = Chain::local().unwrap();
    let inner = equal(word(7), word(8));
    let claim = not(&inner);
    chain.claim(&claim).unwrap();
    // Never claimed.
    let (call, reason, _) = reverted(not_decide_true(&mut chain, &inner));
    assert_eq!(
        (call.as_str(), reason.as_str()),
        ("Not.decideTrue", "inner property must be false")
    );
    // Claimed but undecided.
    chain.claim(&inner).unwrap();
    let (_, reason, _) = reverted(not_decide_true(&mut chain, &inner));
    assert_eq!(reason, "inner property must be false");
    // Decided False (an atomic claim, through decideFalse): Not(inner) is true at once.
    chain.decide_atomic_false(&inner).unwrap();
    not_decide_true(&mut chain, &inner).unwrap();
    assert_eq!(chain.decision(&claim).unwrap(), GameDecision::True);
}

/// §13.6: an empty input neither reads out of bounds nor burns all the gas.
#[test]
fn empty_inputs_are_rejected_cheaply() {
    let mut chain = Chain::local().unwrap();
    let utils = chain.deployment().utils;
    let receipt = chain
        .call_view(utils, isPlaceholderCall { _b: Bytes::new() }.abi_encode().into())
        .unwrap();
    assert!(!bool::abi_decode(&receipt.output).unwrap());
    assert!(receipt.gas_used < 100_000, "{}", receipt.gas_used);

    // A quantifier whose body input is 0x: its challenge reverts, cheaply.
    let claim = quantifier(true, &numbers(0, 3), "n", Bytes::new());
    chain.claim(&claim).unwrap();
    let challenge = not(&equal(word(0), word(0)));
    let (call, _, gas_used) = reverted(chain.challenge(&claim, &[word(0)], &challenge));
    assert_eq!(call, "UAC.challenge");
    assert!(gas_used < GAS_LIMIT / 10, "{gas_used}");

    // ∀n: Equal(n, 0x) — an empty direct input under ForAll, which made the reference's
    // challenge hit an invalid opcode — is played out as the engine decides it: false, by the
    // challenge Not(Equal(0, 0x)).
    let claim = for_all(&numbers(0, 3), "n", &equal(v("n"), Bytes::new()));
    let played = check(MemoryStore::new(), &claim, Outcome::False);
    assert!(played.gas.challenge.unwrap() < GAS_LIMIT / 10);
}
