//! [`Chain`]: an in-process EVM (revm, Cancun rules) with the contracts of the local
//! deployment, and typed calls of the Universal Adjudication Contract.

use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::{SolCall, SolError, SolValue};
use ovm_abi::deployment::{LOCAL_DEPLOYER, LOCAL_ORDER};
use ovm_abi::{Deployment, Property};
use ovm_engine::Outcome;
use ovm_engine::store::MemoryStore;
use revm::context::result::ExecutionResult;
use revm::context::{Context, ContextTr, TxEnv};
use revm::database::{CacheDB, EmptyDB};
use revm::handler::{MainnetContext, MainnetEvm};
use revm::primitives::TxKind;
use revm::primitives::hardfork::SpecId;
use revm::{ExecuteCommitEvm, ExecuteEvm, MainBuilder, MainContext};

use crate::artifacts::Contract;
use crate::error::EvmError;
use crate::sol::{ChallengeGame, IAtomicPredicate, IKeyValueStorage, IUniversalAdjudicationContract as Uac};

/// The gas limit of every transaction and call.
pub const GAS_LIMIT: u64 = 30_000_000;

/// The account that sends the game transactions (claims, challenges, decisions). Any account
/// may; this one is not the deployer, so playing never moves the deployer's nonce.
pub const PLAYER: Address = Address::repeat_byte(0x70);

/// The account that runs creation code for [`Chain::deploy_at`] before the created account is
/// moved to its place.
pub const SCRATCH_DEPLOYER: Address = Address::repeat_byte(0x5c);

/// What a successful transaction or call gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The returned data.
    pub output: Bytes,
    /// The gas used, with the 21,000 intrinsic gas and the calldata's.
    pub gas_used: u64,
}

/// The decision of a dispute game, as the UAC's `getGame` reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GameDecision {
    /// Not decided, or never claimed.
    Undecided,
    /// Decided true.
    True,
    /// Decided false.
    False,
}

impl From<Outcome> for GameDecision {
    /// What a game ends with when it is played as the engine decided it ([`crate::play`]):
    /// true and false as decided, and an unknown claim left undecided.
    fn from(outcome: Outcome) -> GameDecision {
        match outcome {
            Outcome::True => GameDecision::True,
            Outcome::False => GameDecision::False,
            Outcome::Unknown => GameDecision::Undecided,
        }
    }
}

/// The EVM of a [`Chain`].
type Evm = MainnetEvm<MainnetContext<CacheDB<EmptyDB>>>;

/// An EVM over `db` at block `number`.
fn evm(db: CacheDB<EmptyDB>, number: U256) -> Evm {
    Context::mainnet()
        .with_db(db)
        .modify_cfg_chained(|cfg| {
            // The artifacts are compiled for Cancun (contracts/build.js).
            cfg.spec = SpecId::CANCUN;
            cfg.disable_nonce_check = true;
        })
        .modify_block_chained(|block| block.number = number)
        .build_mainnet()
}

/// An in-process chain: revm over an in-memory database, with the contracts of
/// [`Deployment::local`] deployed at their addresses.
pub struct Chain {
    /// The EVM, its block and its state.
    evm: Evm,
    /// Where the contracts are.
    deployment: Deployment,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("block", &self.block_number())
            .finish_non_exhaustive()
    }
}

impl Chain {
    /// A fresh chain at block 1 with the local deployment: [`LOCAL_DEPLOYER`] deploys, at its
    /// nonces 0, 1, 2, … in the order of [`LOCAL_ORDER`], Utils, the UAC, the connectives,
    /// the ten atomic predicates, and a `KeyValueStorage` for each of the constants
    /// `txAddress`, `commitmentContract` and `swapAddress`. Every address is checked against
    /// [`Deployment::local`].
    pub fn local() -> Result<Chain, EvmError> {
        let mut chain = Chain {
            evm: evm(CacheDB::<EmptyDB>::default(), U256::from(1)),
            deployment: Deployment::local(),
        };
        let local = chain.deployment.clone();
        let c = &local.connectives;
        let (uac, utils) = (local.adjudicator, local.utils);
        for (nonce, name) in LOCAL_ORDER.iter().enumerate() {
            let (contract, args, expected) = match *name {
                "Utils" => (Contract::Utils, Vec::new(), utils),
                "UniversalAdjudicationContract" => (
                    Contract::UniversalAdjudicationContract,
                    (utils,).abi_encode_params(),
                    uac,
                ),
                "Not" => (Contract::NotPredicate, (uac, utils).abi_encode_params(), c.not),
                "And" => (
                    Contract::AndPredicate,
                    (uac, c.not, utils).abi_encode_params(),
                    c.and,
                ),
                "Or" => (Contract::OrPredicate, (c.not, c.and).abi_encode_params(), c.or),
                "ForAllSuchThat" => {
                    // ThereExists is deployed next: its address is the deployer's next CREATE
                    // address (ThereExists's constructor checks it).
                    let there_exists = LOCAL_DEPLOYER.create(nonce as u64 + 1);
                    let args = (uac, c.not, c.and, c.or, there_exists, utils).abi_encode_params();
                    (Contract::ForAllSuchThatQuantifier, args, c.for_all_such_that)
                }
                "ThereExistsSuchThat" => {
                    let args = (uac, c.not, c.and, c.or, c.for_all_such_that, utils).abi_encode_params();
                    (
                        Contract::ThereExistsSuchThatQuantifier,
                        args,
                        c.there_exists_such_that,
                    )
                }
                "txAddress" | "commitmentContract" | "swapAddress" => {
                    let expected = local
                        .constant_text(name)
                        .ok()
                        .and_then(|text| ovm_abi::parse_address(text).ok())
                        .ok_or_else(|| EvmError::AddressMismatch {
                            contract: (*name).to_owned(),
                            expected: "an address constant".to_owned(),
                            actual: "none in the local deployment".to_owned(),
                        })?;
                    (Contract::KeyValueStorage, Vec::new(), expected)
                }
                atomic => {
                    let contract = Contract::from_name(atomic).ok_or_else(|| EvmError::Artifact {
                        contract: atomic.to_owned(),
                        reason: "no artifact of that name".to_owned(),
                    })?;
                    let expected = local.atomic(atomic).map_err(|e| EvmError::AddressMismatch {
                        contract: atomic.to_owned(),
                        expected: e.to_string(),
                        actual: "not deployed".to_owned(),
                    })?;
                    (contract, (uac, utils).abi_encode_params(), expected)
                }
            };
            let init_code = contract.init_code(&args)?;
            let (actual, _) = chain.create(LOCAL_DEPLOYER, init_code, name)?;
            if actual != expected {
                return Err(EvmError::AddressMismatch {
                    contract: (*name).to_owned(),
                    expected: expected.to_checksum(None),
                    actual: actual.to_checksum(None),
                });
            }
        }
        Ok(chain)
    }

    /// An independent copy of the chain, at the same block with the same state: what is done on
    /// one is not seen on the other.
    pub fn fork(&self) -> Chain {
        Chain {
            evm: evm(
                self.evm.ctx.journaled_state.database.clone(),
                self.evm.ctx.block.number,
            ),
            deployment: self.deployment.clone(),
        }
    }

    /// The deployment of the chain's contracts ([`Deployment::local`]).
    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }

    /// The current block number.
    pub fn block_number(&self) -> u64 {
        self.evm.ctx.block.number.saturating_to()
    }

    /// Advances the block number by `blocks`.
    pub fn mine(&mut self, blocks: u64) {
        let number = self.evm.ctx.block.number.saturating_add(U256::from(blocks));
        self.evm.ctx.block.number = number;
    }

    /// The code at `address` (empty if none).
    pub fn code(&self, address: Address) -> Bytes {
        let db = self.evm.ctx.db();
        let Some(account) = db.cache.accounts.get(&address) else {
            return Bytes::new();
        };
        account
            .info
            .code
            .as_ref()
            .or_else(|| db.cache.contracts.get(&account.info.code_hash))
            .map(|code| code.original_bytes())
            .unwrap_or_default()
    }

    /// Places a contract at `address`: runs `init_code` (creation code followed by the ABI
    /// constructor arguments) from [`SCRATCH_DEPLOYER`], then moves the created account, its
    /// code and its storage, to `address`, replacing whatever was there, and removes the
    /// created one (like Foundry's `deployCodeTo`). Returns the creation's gas.
    ///
    /// This is how compiled predicates are placed at their stand-in addresses
    /// ([`ovm_abi::deployment::stand_in_address`]). It is valid only for contracts whose
    /// constructor does not depend on the contract's own address (it runs at the scratch
    /// address): no `address(this)` stored or sent anywhere during construction. The
    /// constructor's `msg.sender` is [`SCRATCH_DEPLOYER`].
    pub fn deploy_at(&mut self, address: Address, init_code: Bytes) -> Result<u64, EvmError> {
        let (created, gas) = self.create(SCRATCH_DEPLOYER, init_code, "deploy_at")?;
        let db = self.evm.ctx.db_mut();
        let account = db
            .cache
            .accounts
            .remove(&created)
            .ok_or_else(|| EvmError::NotCreated {
                contract: format!("the contract for {address}"),
            })?;
        db.cache.accounts.insert(address, account);
        Ok(gas)
    }

    /// Stores `value` under `key` in the `KeyValueStorage` at `contract`, first placing one
    /// there ([`Chain::deploy_at`]) if `contract` has no code. The transaction is sent by the
    /// storage's owner.
    pub fn store(&mut self, contract: Address, key: &[u8], value: &[u8]) -> Result<Receipt, EvmError> {
        if self.code(contract).is_empty() {
            self.deploy_at(contract, Contract::KeyValueStorage.bytecode()?)?;
        }
        let owner = self.view::<IKeyValueStorage::ownerCall>(
            contract,
            "KeyValueStorage.owner",
            &IKeyValueStorage::ownerCall {},
        )?;
        let data = IKeyValueStorage::storeCall {
            _key: Bytes::copy_from_slice(key),
            _value: Bytes::copy_from_slice(value),
        }
        .abi_encode();
        self.transact(owner, contract, data.into(), "KeyValueStorage.store")
    }

    /// Stores every storage value of `store` ([`MemoryStore::storage_entries`]) on chain,
    /// so that `IsStored` finds on chain what the engine finds in the store.
    pub fn load_storage(&mut self, store: &MemoryStore) -> Result<(), EvmError> {
        for (contract, key, value) in store.storage_entries() {
            self.store(contract, key, value)?;
        }
        Ok(())
    }

    /// Sends a transaction from [`PLAYER`] to `to` with `data`; `call` names it in errors.
    pub fn send(&mut self, to: Address, data: Bytes, call: &str) -> Result<Receipt, EvmError> {
        self.transact(PLAYER, to, data, call)
    }

    /// Calls `to` with `data` without committing anything (a view call), from [`PLAYER`].
    pub fn call_view(&mut self, to: Address, data: Bytes) -> Result<Receipt, EvmError> {
        let tx = tx(PLAYER, TxKind::Call(to), data);
        let call = format!("call to {to}");
        let result = self
            .evm
            .transact(tx)
            .map_err(|e| EvmError::Transaction {
                call: call.clone(),
                reason: e.to_string(),
            })?
            .result;
        receipt(result, &call)
    }

    /// `UAC.claimProperty(property)`.
    pub fn claim(&mut self, property: &Property) -> Result<Receipt, EvmError> {
        // The calldata `ovm claim` prints, byte for byte.
        let data = ovm_abi::claim_property_calldata(property);
        self.uac(data, "UAC.claimProperty")
    }

    /// `UAC.challenge(property, challenge_inputs, challenge)`.
    pub fn challenge(
        &mut self,
        property: &Property,
        challenge_inputs: &[Bytes],
        challenge: &Property,
    ) -> Result<Receipt, EvmError> {
        let data = Uac::challengeCall {
            _property: property.into(),
            _challengeInputs: challenge_inputs.to_vec(),
            _challengingProperty: challenge.into(),
        }
        .abi_encode();
        self.uac(data, "UAC.challenge")
    }

    /// `UAC.decideClaimWithWitness(property, witness)`.
    pub fn decide_claim_with_witness(
        &mut self,
        property: &Property,
        witness: &[Bytes],
    ) -> Result<Receipt, EvmError> {
        let data = Uac::decideClaimWithWitnessCall {
            _claim: property.into(),
            _witness: witness.to_vec(),
        }
        .abi_encode();
        self.uac(data, "UAC.decideClaimWithWitness")
    }

    /// `UAC.decideClaimToTrue(id)` of the property's id.
    pub fn decide_claim_to_true(&mut self, property: &Property) -> Result<Receipt, EvmError> {
        let data = Uac::decideClaimToTrueCall {
            _gameId: property.id(),
        }
        .abi_encode();
        self.uac(data, "UAC.decideClaimToTrue")
    }

    /// `UAC.decideClaimToFalse(property, challenge)`.
    pub fn decide_claim_to_false(
        &mut self,
        property: &Property,
        challenge: &Property,
    ) -> Result<Receipt, EvmError> {
        let data = Uac::decideClaimToFalseCall {
            _property: property.into(),
            _challengingProperty: challenge.into(),
        }
        .abi_encode();
        self.uac(data, "UAC.decideClaimToFalse")
    }

    /// `decideFalse(inputs)` of the property's (atomic) predicate: records a claim of a false
    /// atomic property False.
    pub fn decide_atomic_false(&mut self, property: &Property) -> Result<Receipt, EvmError> {
        let data = IAtomicPredicate::decideFalseCall {
            _inputs: property.inputs.clone(),
        }
        .abi_encode();
        let call = format!("{}.decideFalse", self.name(property.predicate_address));
        self.transact(PLAYER, property.predicate_address, data.into(), &call)
    }

    /// The decision of the property's game (`getGame(id).decision`); Undecided if it was
    /// never claimed.
    pub fn decision(&mut self, property: &Property) -> Result<GameDecision, EvmError> {
        match self.game(property)?.decision {
            0 => Ok(GameDecision::Undecided),
            1 => Ok(GameDecision::True),
            2 => Ok(GameDecision::False),
            other => Err(EvmError::Decode {
                call: "UAC.getGame".to_owned(),
                reason: format!("decision {other} is not 0, 1 or 2"),
            }),
        }
    }

    /// Whether the property's game has been claimed (its `propertyHash` is set).
    pub fn is_claimed(&mut self, property: &Property) -> Result<bool, EvmError> {
        Ok(self.game(property)?.propertyHash != B256::ZERO)
    }

    /// The property's game, `UAC.getGame(id)`.
    fn game(&mut self, property: &Property) -> Result<ChallengeGame, EvmError> {
        let call = Uac::getGameCall {
            _claimId: property.id(),
        };
        self.view::<Uac::getGameCall>(self.deployment.adjudicator, "UAC.getGame", &call)
    }

    /// `UAC.isDecidable(id)` of the property's id.
    pub fn is_decidable(&mut self, property: &Property) -> Result<bool, EvmError> {
        let call = Uac::isDecidableCall {
            _propertyId: property.id(),
        };
        self.view::<Uac::isDecidableCall>(self.deployment.adjudicator, "UAC.isDecidable", &call)
    }

    /// A name for an address in errors and logs: its name in the deployment, else its hex.
    pub(crate) fn name(&self, address: Address) -> String {
        self.deployment
            .name_of(address)
            .unwrap_or_else(|| address.to_checksum(None))
    }

    /// A transaction to the UAC from [`PLAYER`].
    fn uac(&mut self, data: Vec<u8>, call: &str) -> Result<Receipt, EvmError> {
        self.transact(PLAYER, self.deployment.adjudicator, data.into(), call)
    }

    /// A view call of a typed function, decoded.
    fn view<C: SolCall>(&mut self, to: Address, name: &str, call: &C) -> Result<C::Return, EvmError> {
        let receipt = self
            .call_view(to, call.abi_encode().into())
            .map_err(|e| rename(e, name))?;
        C::abi_decode_returns(&receipt.output).map_err(|e| EvmError::Decode {
            call: name.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Runs and commits a transaction from `caller` to `to`.
    fn transact(
        &mut self,
        caller: Address,
        to: Address,
        data: Bytes,
        call: &str,
    ) -> Result<Receipt, EvmError> {
        let result = self.commit(tx(caller, TxKind::Call(to), data), call)?;
        receipt(result, call)
    }

    /// Runs and commits a creation transaction from `caller`; the created address and the gas.
    fn create(&mut self, caller: Address, init_code: Bytes, what: &str) -> Result<(Address, u64), EvmError> {
        let call = format!("deploying {what}");
        let result = self.commit(tx(caller, TxKind::Create, init_code), &call)?;
        let created = result.created_address();
        let receipt = receipt(result, &call)?;
        let address = created.ok_or_else(|| EvmError::NotCreated {
            contract: what.to_owned(),
        })?;
        Ok((address, receipt.gas_used))
    }

    /// Runs and commits a transaction.
    fn commit(&mut self, tx: TxEnv, call: &str) -> Result<ExecutionResult, EvmError> {
        self.evm.transact_commit(tx).map_err(|e| EvmError::Transaction {
            call: call.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// A transaction with the crate's gas limit.
fn tx(caller: Address, kind: TxKind, data: Bytes) -> TxEnv {
    TxEnv::builder()
        .caller(caller)
        .kind(kind)
        .data(data)
        .gas_limit(GAS_LIMIT)
        .build_fill()
}

/// The receipt of a successful execution, or the error of a failed one.
fn receipt(result: ExecutionResult, call: &str) -> Result<Receipt, EvmError> {
    let gas_used = result.tx_gas_used();
    match result {
        ExecutionResult::Success { output, .. } => Ok(Receipt {
            output: output.into_data(),
            gas_used,
        }),
        ExecutionResult::Revert { output, .. } => Err(EvmError::Reverted {
            call: call.to_owned(),
            reason: revert_reason(&output),
            gas_used,
        }),
        ExecutionResult::Halt { reason, .. } => Err(EvmError::Halted {
            call: call.to_owned(),
            reason: format!("{reason:?}"),
            gas_used,
        }),
    }
}

/// Gives a view call's error the call's name.
fn rename(error: EvmError, name: &str) -> EvmError {
    match error {
        EvmError::Reverted { reason, gas_used, .. } => EvmError::Reverted {
            call: name.to_owned(),
            reason,
            gas_used,
        },
        EvmError::Halted { reason, gas_used, .. } => EvmError::Halted {
            call: name.to_owned(),
            reason,
            gas_used,
        },
        EvmError::Transaction { reason, .. } => EvmError::Transaction {
            call: name.to_owned(),
            reason,
        },
        other => other,
    }
}

/// The reason in revert data: the message of `Error(string)`, `Panic(0x..)` with its code,
/// `empty revert data`, or the data in hex.
pub fn revert_reason(output: &[u8]) -> String {
    if output.is_empty() {
        return "empty revert data".to_owned();
    }
    if let Ok(revert) = alloy_sol_types::Revert::abi_decode(output) {
        return revert.reason;
    }
    if let Ok(panic) = alloy_sol_types::Panic::abi_decode(output) {
        return match panic.kind() {
            Some(kind) => format!("Panic(0x{:x}): {kind}", panic.code),
            None => format!("Panic(0x{:x})", panic.code),
        };
    }
    alloy_primitives::hex::encode_prefixed(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sol::IUniversalAdjudicationContract as Uac;

    /// The claim transaction carries the calldata `ovm claim` prints, which is the standard
    /// ABI encoding of `claimProperty` with the UAC's selector.
    #[test]
    fn claim_calldata_is_the_abi_encoding_of_claim_property() {
        let property = Property::new(
            Address::repeat_byte(7),
            vec![Bytes::from_static(b"LOwnershipT"), Bytes::from(vec![1u8; 40])],
        );
        let sol = Uac::claimPropertyCall {
            _claim: (&property).into(),
        }
        .abi_encode();
        assert_eq!(ovm_abi::claim_property_calldata(&property), sol);
    }
}
