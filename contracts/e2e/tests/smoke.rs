//! Smoke test: deploy the UAC and Equal on revm, claim `Equal(0x01, 0x01)`, decide it true
//! with `Equal.decideTrue`, and check `isDecided`. Also checks the dispute-period rule without
//! underflow (fix of adjudicator.md §13.4) and that `Not.decideTrue` needs the inner claim
//! decided False (§13.3).

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{SolCall, SolValue, sol};
use revm::context::{Context, TxEnv};
use revm::database::{CacheDB, EmptyDB};
use revm::primitives::TxKind;
use revm::{ExecuteCommitEvm, MainBuilder, MainContext};

sol! {
    struct Property { address predicateAddress; bytes[] inputs; }
    function claimProperty(Property _claim);
    function decideClaimToTrue(bytes32 _gameId);
    function isDecided(Property _property) returns (bool);
    function isDecidable(bytes32 _propertyId) returns (bool);
    function getPropertyId(Property _property) returns (bytes32);
    function decideTrue(bytes[] _inputs);
    function decide(bytes[] _inputs) returns (bool);
    function notDecideTrue(Property _innerProperty);
}

fn artifact(name: &str) -> Bytes {
    let path = format!("{}/../artifacts/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["bytecode"].as_str().unwrap().parse().unwrap()
}

const DEPLOYER: Address = Address::repeat_byte(0x11);

struct Chain {
    evm: revm::handler::MainnetEvm<revm::handler::MainnetContext<CacheDB<EmptyDB>>>,
}

enum Outcome {
    Ok(Bytes),
    Reverted(Bytes),
}

impl Chain {
    fn new() -> Chain {
        let ctx = Context::mainnet()
            .with_db(CacheDB::<EmptyDB>::default())
            .modify_cfg_chained(|cfg| cfg.disable_nonce_check = true)
            .modify_block_chained(|block| block.number = U256::from(1));
        Chain { evm: ctx.build_mainnet() }
    }

    fn tx(&mut self, kind: TxKind, data: Bytes) -> (Outcome, Option<Address>) {
        let tx = TxEnv::builder()
            .caller(DEPLOYER)
            .kind(kind)
            .data(data)
            .gas_limit(16_000_000)
            .build_fill();
        let result = self.evm.transact_commit(tx).expect("transaction executes");
        let address = result.created_address();
        let outcome = if result.is_success() {
            Outcome::Ok(result.output().cloned().unwrap_or_default())
        } else {
            Outcome::Reverted(result.output().cloned().unwrap_or_default())
        };
        (outcome, address)
    }

    fn deploy(&mut self, name: &str, args: Vec<u8>) -> Address {
        let mut code = artifact(name).to_vec();
        code.extend(args);
        match self.tx(TxKind::Create, code.into()) {
            (Outcome::Ok(_), Some(address)) => address,
            _ => panic!("deploying {name} failed"),
        }
    }

    fn call(&mut self, to: Address, data: Vec<u8>) -> Result<Bytes, Bytes> {
        match self.tx(TxKind::Call(to), data.into()).0 {
            Outcome::Ok(out) => Ok(out),
            Outcome::Reverted(out) => Err(out),
        }
    }

    fn set_block(&mut self, number: u64) {
        self.evm.ctx.block.number = U256::from(number);
    }
}

fn revert_message(out: &Bytes) -> String {
    if out.len() > 4 {
        if let Ok(s) = String::abi_decode(&out[4..]) {
            return s;
        }
    }
    format!("{out}")
}

#[test]
fn equal_claim_decided_true() {
    let mut chain = Chain::new();
    let utils = chain.deploy("Utils", vec![]);
    let uac = chain.deploy("UniversalAdjudicationContract", utils.abi_encode());
    let equal = chain.deploy("Equal", (uac, utils).abi_encode_params());

    let inputs = vec![Bytes::from_static(&[1]), Bytes::from_static(&[1])];
    let claim = Property { predicateAddress: equal, inputs: inputs.clone() };

    let decided = |chain: &mut Chain, p: &Property| {
        let out = chain.call(uac, isDecidedCall { _property: p.clone() }.abi_encode()).unwrap();
        bool::abi_decode(&out).unwrap()
    };

    // Equal(0x01, 0x01) holds; Equal(0x01, 0x02) and Equal with one input are false, not reverts.
    let out = chain.call(equal, decideCall { _inputs: inputs.clone() }.abi_encode()).unwrap();
    assert!(bool::abi_decode(&out).unwrap());
    let out = chain
        .call(equal, decideCall { _inputs: vec![Bytes::from_static(&[1]), Bytes::from_static(&[2])] }.abi_encode())
        .unwrap();
    assert!(!bool::abi_decode(&out).unwrap());
    let out = chain.call(equal, decideCall { _inputs: vec![Bytes::new()] }.abi_encode()).unwrap();
    assert!(!bool::abi_decode(&out).unwrap());

    // decideTrue before the claim: the game must be initiated.
    let err = chain.call(equal, decideTrueCall { _inputs: inputs.clone() }.abi_encode()).unwrap_err();
    assert_eq!(revert_message(&err), "game must be initiated");

    chain.call(uac, claimPropertyCall { _claim: claim.clone() }.abi_encode()).unwrap();
    assert!(!decided(&mut chain, &claim));
    chain.call(equal, decideTrueCall { _inputs: inputs.clone() }.abi_encode()).unwrap();
    assert!(decided(&mut chain, &claim));

    // A decided game is final: decideTrue again reverts.
    let err = chain.call(equal, decideTrueCall { _inputs: inputs }.abi_encode()).unwrap_err();
    assert_eq!(revert_message(&err), "claim is already decided");
}

#[test]
fn dispute_period_has_no_underflow_and_not_needs_a_false_inner() {
    let mut chain = Chain::new();
    let utils = chain.deploy("Utils", vec![]);
    let uac = chain.deploy("UniversalAdjudicationContract", utils.abi_encode());
    let equal = chain.deploy("Equal", (uac, utils).abi_encode_params());
    let not = chain.deploy("NotPredicate", (uac, utils).abi_encode_params());

    // Claimed at block 1: the reference (0.5, unchecked) made it decidable at once.
    let inner = Property { predicateAddress: equal, inputs: vec![Bytes::from_static(&[7]), Bytes::from_static(&[8])] };
    let claim = Property { predicateAddress: not, inputs: vec![Bytes::from(SolValue::abi_encode(&inner))] };
    chain.call(uac, claimPropertyCall { _claim: claim.clone() }.abi_encode()).unwrap();
    let id = chain.call(uac, getPropertyIdCall { _property: claim.clone() }.abi_encode()).unwrap();
    let id = alloy_primitives::B256::abi_decode(&id).unwrap();
    let decidable = |chain: &mut Chain| {
        let out = chain.call(uac, isDecidableCall { _propertyId: id }.abi_encode()).unwrap();
        bool::abi_decode(&out).unwrap()
    };
    assert!(!decidable(&mut chain));
    chain.set_block(7);
    assert!(!decidable(&mut chain));
    chain.set_block(8);
    assert!(decidable(&mut chain));

    // Not.decideTrue with the inner claim merely undecided (here: never claimed) reverts.
    let mut data = notDecideTrueCall { _innerProperty: inner.clone() }.abi_encode();
    data[..4].copy_from_slice(&alloy_primitives::keccak256("decideTrue((address,bytes[]))")[..4]);
    let err = chain.call(not, data).unwrap_err();
    assert_eq!(revert_message(&err), "inner property must be false");

    chain.call(uac, decideClaimToTrueCall { _gameId: id }.abi_encode()).unwrap();
    let out = chain.call(uac, isDecidedCall { _property: claim }.abi_encode()).unwrap();
    assert!(bool::abi_decode(&out).unwrap());
    // Decided: no longer decidable, so decideClaimToTrue cannot run twice.
    assert!(!decidable(&mut chain));
}
