//! The compiled contracts: the committed artifacts `contracts/artifacts/<Name>.json`
//! (`{abi, bytecode, deployedBytecode}`, written by `contracts/build.js`), embedded in the crate.

use std::sync::OnceLock;

use alloy_primitives::Bytes;

use crate::error::EvmError;

/// A deployable contract of `contracts/src`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Contract {
    /// `Utils`, the deployable wrapper of `UtilsLib`.
    Utils,
    /// `UniversalAdjudicationContract`.
    UniversalAdjudicationContract,
    /// `NotPredicate`.
    NotPredicate,
    /// `AndPredicate`.
    AndPredicate,
    /// `OrPredicate`.
    OrPredicate,
    /// `ForAllSuchThatQuantifier`.
    ForAllSuchThatQuantifier,
    /// `ThereExistsSuchThatQuantifier`.
    ThereExistsSuchThatQuantifier,
    /// The atomic predicate `Equal`.
    Equal,
    /// The atomic predicate `IsLessThan`.
    IsLessThan,
    /// The atomic predicate `IsContained`.
    IsContained,
    /// The atomic predicate `HasIntersection`.
    HasIntersection,
    /// The atomic predicate `IsValidSignature`.
    IsValidSignature,
    /// The atomic predicate `IsStored`.
    IsStored,
    /// The atomic predicate `VerifyInclusion`.
    VerifyInclusion,
    /// The atomic predicate `IsValidHash`.
    IsValidHash,
    /// The atomic predicate `IsConcatenatedWith`.
    IsConcatenatedWith,
    /// The atomic predicate `IsSameAmount`.
    IsSameAmount,
    /// `KeyValueStorage`, the `Storage` that `IsStored` reads.
    KeyValueStorage,
}

/// One parsed artifact.
#[derive(Debug)]
struct Artifact {
    /// The ABI, as solc writes it.
    abi: serde_json::Value,
    /// The creation code (without constructor arguments).
    bytecode: Bytes,
}

impl Contract {
    /// Every contract, in the order of [`ovm_abi::deployment::LOCAL_ORDER`] (with
    /// `KeyValueStorage` last, once, though the local deployment deploys it three times).
    pub const ALL: [Contract; 18] = [
        Contract::Utils,
        Contract::UniversalAdjudicationContract,
        Contract::NotPredicate,
        Contract::AndPredicate,
        Contract::OrPredicate,
        Contract::ForAllSuchThatQuantifier,
        Contract::ThereExistsSuchThatQuantifier,
        Contract::Equal,
        Contract::IsLessThan,
        Contract::IsContained,
        Contract::HasIntersection,
        Contract::IsValidSignature,
        Contract::IsStored,
        Contract::VerifyInclusion,
        Contract::IsValidHash,
        Contract::IsConcatenatedWith,
        Contract::IsSameAmount,
        Contract::KeyValueStorage,
    ];

    /// The contract's name in Solidity, which is its artifact's file name.
    pub fn name(self) -> &'static str {
        match self {
            Contract::Utils => "Utils",
            Contract::UniversalAdjudicationContract => "UniversalAdjudicationContract",
            Contract::NotPredicate => "NotPredicate",
            Contract::AndPredicate => "AndPredicate",
            Contract::OrPredicate => "OrPredicate",
            Contract::ForAllSuchThatQuantifier => "ForAllSuchThatQuantifier",
            Contract::ThereExistsSuchThatQuantifier => "ThereExistsSuchThatQuantifier",
            Contract::Equal => "Equal",
            Contract::IsLessThan => "IsLessThan",
            Contract::IsContained => "IsContained",
            Contract::HasIntersection => "HasIntersection",
            Contract::IsValidSignature => "IsValidSignature",
            Contract::IsStored => "IsStored",
            Contract::VerifyInclusion => "VerifyInclusion",
            Contract::IsValidHash => "IsValidHash",
            Contract::IsConcatenatedWith => "IsConcatenatedWith",
            Contract::IsSameAmount => "IsSameAmount",
            Contract::KeyValueStorage => "KeyValueStorage",
        }
    }

    /// The contract named `name` (its Solidity name), if it is one of these.
    pub fn from_name(name: &str) -> Option<Contract> {
        Contract::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The artifact's JSON text.
    fn json(self) -> &'static str {
        match self {
            Contract::Utils => include_str!("../../contracts/artifacts/Utils.json"),
            Contract::UniversalAdjudicationContract => {
                include_str!("../../contracts/artifacts/UniversalAdjudicationContract.json")
            }
            Contract::NotPredicate => include_str!("../../contracts/artifacts/NotPredicate.json"),
            Contract::AndPredicate => include_str!("../../contracts/artifacts/AndPredicate.json"),
            Contract::OrPredicate => include_str!("../../contracts/artifacts/OrPredicate.json"),
            Contract::ForAllSuchThatQuantifier => {
                include_str!("../../contracts/artifacts/ForAllSuchThatQuantifier.json")
            }
            Contract::ThereExistsSuchThatQuantifier => {
                include_str!("../../contracts/artifacts/ThereExistsSuchThatQuantifier.json")
            }
            Contract::Equal => include_str!("../../contracts/artifacts/Equal.json"),
            Contract::IsLessThan => include_str!("../../contracts/artifacts/IsLessThan.json"),
            Contract::IsContained => include_str!("../../contracts/artifacts/IsContained.json"),
            Contract::HasIntersection => include_str!("../../contracts/artifacts/HasIntersection.json"),
            Contract::IsValidSignature => include_str!("../../contracts/artifacts/IsValidSignature.json"),
            Contract::IsStored => include_str!("../../contracts/artifacts/IsStored.json"),
            Contract::VerifyInclusion => include_str!("../../contracts/artifacts/VerifyInclusion.json"),
            Contract::IsValidHash => include_str!("../../contracts/artifacts/IsValidHash.json"),
            Contract::IsConcatenatedWith => {
                include_str!("../../contracts/artifacts/IsConcatenatedWith.json")
            }
            Contract::IsSameAmount => include_str!("../../contracts/artifacts/IsSameAmount.json"),
            Contract::KeyValueStorage => include_str!("../../contracts/artifacts/KeyValueStorage.json"),
        }
    }

    /// The index of the contract in [`Contract::ALL`], which lists the variants in their
    /// declaration order (checked by a test).
    fn index(self) -> usize {
        self as usize
    }

    /// The parsed artifact, parsed once.
    fn artifact(self) -> Result<&'static Artifact, EvmError> {
        static PARSED: [OnceLock<Result<Artifact, String>>; Contract::ALL.len()] =
            [const { OnceLock::new() }; Contract::ALL.len()];
        PARSED[self.index()]
            .get_or_init(|| parse(self.json()))
            .as_ref()
            .map_err(|reason| EvmError::Artifact {
                contract: self.name().to_owned(),
                reason: reason.clone(),
            })
    }

    /// The creation code (without constructor arguments).
    pub fn bytecode(self) -> Result<Bytes, EvmError> {
        Ok(self.artifact()?.bytecode.clone())
    }

    /// The creation code followed by the ABI-encoded constructor arguments.
    pub fn init_code(self, constructor_args: &[u8]) -> Result<Bytes, EvmError> {
        let mut code = self.artifact()?.bytecode.to_vec();
        code.extend_from_slice(constructor_args);
        Ok(code.into())
    }

    /// The ABI, as solc writes it (a JSON array of functions, events and errors).
    pub fn abi(self) -> Result<&'static serde_json::Value, EvmError> {
        Ok(&self.artifact()?.abi)
    }
}

/// Parses an artifact's JSON.
fn parse(json: &str) -> Result<Artifact, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let abi = value.get("abi").cloned().ok_or("no `abi`")?;
    let hex = value
        .get("bytecode")
        .and_then(serde_json::Value::as_str)
        .ok_or("no `bytecode` string")?;
    let bytecode = alloy_primitives::hex::decode(hex)
        .map_err(|e| format!("`bytecode` is not hex: {e}"))?
        .into();
    Ok(Artifact { abi, bytecode })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_artifact_parses_and_names_round_trip() {
        for contract in Contract::ALL {
            assert!(!contract.bytecode().unwrap().is_empty(), "{}", contract.name());
            assert!(contract.abi().unwrap().is_array());
            assert_eq!(Contract::from_name(contract.name()), Some(contract));
        }
        assert_eq!(Contract::from_name("DataTypes"), None);
        for (i, contract) in Contract::ALL.into_iter().enumerate() {
            assert_eq!(contract.index(), i);
        }
    }
}
