//! The local deployment on chain, and the UAC's ABI against adjudicator.md §3.1.

use alloy_primitives::{Address, hex, keccak256};
use ovm_abi::Deployment;
use ovm_abi::deployment::{LOCAL_DEPLOYER, LOCAL_ORDER};
use ovm_evm::{Chain, Contract};

#[test]
fn local_chain_reproduces_the_local_deployment() {
    let chain = Chain::local().unwrap();
    let local = Deployment::local();
    assert_eq!(chain.deployment(), &local);
    // Chain::local checks every address; check again here, and that there is code at each.
    for (nonce, name) in LOCAL_ORDER.iter().enumerate() {
        let address = LOCAL_DEPLOYER.create(nonce as u64);
        assert!(!chain.code(address).is_empty(), "no code for {name}");
        assert_eq!(local.name_of(address).as_deref(), Some(*name));
    }
    assert_eq!(local.adjudicator, LOCAL_DEPLOYER.create(1));
    assert_eq!(chain.block_number(), 1);
}

#[test]
fn deploy_at_moves_code_and_storage() {
    let mut chain = Chain::local().unwrap();
    let target = ovm_abi::deployment::stand_in_address("Ownership");
    assert!(chain.code(target).is_empty());
    let gas = chain
        .deploy_at(target, Contract::KeyValueStorage.bytecode().unwrap())
        .unwrap();
    assert!(gas > 21_000);
    assert!(!chain.code(target).is_empty());
    // The immutable owner (in the code) is the scratch deployer; storing goes through it.
    chain.store(target, b"key", b"value").unwrap();
    let data = [
        &keccak256("retrieve(bytes)")[..4],
        &alloy_sol_types::SolValue::abi_encode_params(&(alloy_primitives::Bytes::from_static(b"key"),)),
    ]
    .concat();
    let out = chain.call_view(target, data.into()).unwrap().output;
    let value: alloy_primitives::Bytes = alloy_sol_types::SolValue::abi_decode(&out).unwrap();
    assert_eq!(value.as_ref(), b"value");
    // A store to an address without code places a KeyValueStorage there first.
    let fresh = Address::repeat_byte(0xab);
    chain.store(fresh, b"k", b"v").unwrap();
    assert!(!chain.code(fresh).is_empty());
}

/// The canonical signature of an ABI function or event entry: `name(type,…)`, tuples spelled
/// out.
fn signature(entry: &serde_json::Value) -> String {
    fn ty(param: &serde_json::Value) -> String {
        let t = param["type"].as_str().unwrap();
        match t.strip_prefix("tuple") {
            Some(suffix) => {
                let inner: Vec<String> = param["components"].as_array().unwrap().iter().map(ty).collect();
                format!("({}){suffix}", inner.join(","))
            }
            None => t.to_owned(),
        }
    }
    let params: Vec<String> = entry["inputs"].as_array().unwrap().iter().map(ty).collect();
    format!("{}({})", entry["name"].as_str().unwrap(), params.join(","))
}

#[test]
fn uac_selectors_and_event_topics_are_the_references() {
    // adjudicator.md §3.1.
    let functions = [
        ("0x2c26d381", "claimProperty((address,bytes[]))"),
        ("0x083deade", "decideClaimToTrue(bytes32)"),
        (
            "0x673e0c39",
            "decideClaimToFalse((address,bytes[]),(address,bytes[]))",
        ),
        ("0xf1841218", "decideClaimWithWitness((address,bytes[]),bytes[])"),
        (
            "0x58cf4f7e",
            "removeChallenge((address,bytes[]),(address,bytes[]))",
        ),
        ("0x49e81ec8", "setPredicateDecision((address,bytes[]),bool)"),
        (
            "0xe475b53e",
            "challenge((address,bytes[]),bytes[],(address,bytes[]))",
        ),
        ("0x8a0438cc", "isDecided((address,bytes[]))"),
        ("0x178f4c20", "isDecidedById(bytes32)"),
        ("0x602dbbf8", "isDecidable(bytes32)"),
        ("0x73931bbf", "getGame(bytes32)"),
        ("0x996e1120", "getPropertyId((address,bytes[]))"),
        ("0x31c357ef", "instantiatedGames(bytes32)"),
    ];
    let events = [
        (
            "0x7720f9a5d08dd7aa2dca7bcedf8dcfec9a5fb43476caa578e1a76abfd4a377a1",
            "NewPropertyClaimed(bytes32,(address,bytes[]),uint256)",
        ),
        (
            "0x84b0f1d6c78e918c7046472d2a2c0264272eb5274364c378b11d4d3f6207e919",
            "ClaimChallenged(bytes32,bytes32)",
        ),
        (
            "0x57adf69c1d9c86bbf9543a268a27650531d43ae4a5b5ad2e56899a49a27af769",
            "ClaimDecided(bytes32,bool)",
        ),
        (
            "0x58638749977303a8cfb5c06ef839f59339a9a341673d859c897d6bd139bac91d",
            "ChallengeRemoved(bytes32,bytes32)",
        ),
        (
            "0x24d8b104e9f8a5c8a176cc1892c00ffe85193a1f5b09ba59862d5844c182b6c0",
            "AtomicPropositionDecided(bytes32,bool)",
        ),
    ];
    let abi = Contract::UniversalAdjudicationContract
        .abi()
        .unwrap()
        .as_array()
        .unwrap();
    let of_type =
        |kind: &str| -> Vec<String> { abi.iter().filter(|e| e["type"] == kind).map(signature).collect() };
    let found_functions = of_type("function");
    for (selector, sig) in functions {
        assert!(found_functions.iter().any(|f| f == sig), "the UAC has no {sig}");
        assert_eq!(hex::encode_prefixed(&keccak256(sig)[..4]), selector, "{sig}");
    }
    // Two extra getters, nothing else.
    let mut extra: Vec<&String> = found_functions
        .iter()
        .filter(|f| !functions.iter().any(|(_, sig)| sig == f))
        .collect();
    extra.sort();
    assert_eq!(extra, ["DISPUTE_PERIOD()", "utils()"]);
    let found_events = of_type("event");
    assert_eq!(found_events.len(), events.len());
    for (topic, sig) in events {
        assert!(
            found_events.iter().any(|e| e == sig),
            "the UAC has no event {sig}"
        );
        assert_eq!(hex::encode_prefixed(keccak256(sig)), topic, "{sig}");
    }
}
