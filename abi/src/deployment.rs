//! Deployment files: where the adjudication contracts and predicates are deployed, and the
//! values of deployment constants.
//!
//! The format is JSON:
//!
//! ```json
//! {
//!   "adjudicator": "0x…",
//!   "utils": "0x…",
//!   "connectives": {"Not": "0x…", "And": "0x…", "Or": "0x…", "ForAllSuchThat": "0x…", "ThereExistsSuchThat": "0x…"},
//!   "atomic": {"Equal": "0x…", "IsLessThan": "0x…"},
//!   "compiled": {"Ownership": "0x…"},
//!   "constants": {"secp256k1": "secp256k1", "txAddress": "0x…"}
//! }
//! ```
//!
//! `adjudicator` (the UniversalAdjudicationContract), `utils` and all five `connectives` are
//! required; `atomic`, `compiled` and `constants` may be left out, and then are empty. Unknown
//! keys are errors. Addresses are `0x` and 40 hex digits, in lower case, upper case or with a
//! valid EIP-55 checksum.
//!
//! A constant is text. As raw bytes ([`Deployment::constant_bytes`]), an address (`0x` and 40
//! hex digits) stands for its 32-byte ABI word, as addresses always are in properties' inputs;
//! other text that starts with `0x` for the bytes its hex digits spell; and any other text for
//! its UTF-8 bytes (`"secp256k1"` is `0x736563703235366b31`). Where a constant is used as a
//! value of another type, its text ([`Deployment::constant_text`]) is read as that type.

use std::collections::BTreeMap;

use alloy_primitives::{Address, Bytes, address, keccak256};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::serde_hex;
use crate::types::Type;
use crate::value::{ValueError, parse_address, parse_hex, parse_value};

/// The well-known first account of local development chains (Anvil's and Hardhat's account 0),
/// which deploys [`Deployment::local`].
pub const LOCAL_DEPLOYER: Address = address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

/// What [`LOCAL_DEPLOYER`] deploys for [`Deployment::local`], in the order of its nonces from 0:
/// the contracts, then the atomic predicates, then three contracts whose addresses are the
/// example constants `txAddress`, `commitmentContract` and `swapAddress`.
pub const LOCAL_ORDER: [&str; 20] = [
    "Utils",
    "UniversalAdjudicationContract",
    "Not",
    "And",
    "Or",
    "ForAllSuchThat",
    "ThereExistsSuchThat",
    "Equal",
    "IsLessThan",
    "IsContained",
    "HasIntersection",
    "IsValidSignature",
    "IsStored",
    "VerifyInclusion",
    "IsValidHash",
    "IsConcatenatedWith",
    "IsSameAmount",
    "txAddress",
    "commitmentContract",
    "swapAddress",
];

/// Where the contracts of one chain are, and the deployment constants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// The UniversalAdjudicationContract.
    #[serde(with = "serde_hex::address")]
    pub adjudicator: Address,
    /// The `Utils` contract.
    #[serde(with = "serde_hex::address")]
    pub utils: Address,
    /// The logical connectives.
    pub connectives: Connectives,
    /// The atomic predicates, by name (`Equal`, `IsValidSignature`, …).
    #[serde(default, with = "serde_hex::address_map")]
    pub atomic: BTreeMap<String, Address>,
    /// The compiled predicates, by name (`Ownership`, …).
    #[serde(default, with = "serde_hex::address_map")]
    pub compiled: BTreeMap<String, Address>,
    /// The deployment constants (`$name` in sources), by name, as text: `0x…` hex or UTF-8.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// Whether a compiled predicate missing from `compiled` gets its stand-in address
    /// ([`stand_in_address`]). Only [`Deployment::local`] sets it; a file never does.
    #[serde(skip)]
    pub stand_ins: bool,
}

/// The address the local deployment gives a compiled predicate it does not list:
/// the last 20 bytes of `keccak256("ovm.local.compiled." ++ name)`. It is where nothing is
/// deployed; it lets examples and tests build compiled-shape claims without a deployment file.
pub fn stand_in_address(name: &str) -> Address {
    let hash = keccak256(format!("ovm.local.compiled.{name}"));
    Address::from_slice(&hash[12..])
}

/// The addresses of the logical connectives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connectives {
    /// `NotPredicate`.
    #[serde(rename = "Not", with = "serde_hex::address")]
    pub not: Address,
    /// `AndPredicate`.
    #[serde(rename = "And", with = "serde_hex::address")]
    pub and: Address,
    /// `OrPredicate`.
    #[serde(rename = "Or", with = "serde_hex::address")]
    pub or: Address,
    /// `ForAllSuchThatQuantifier`.
    #[serde(rename = "ForAllSuchThat", with = "serde_hex::address")]
    pub for_all_such_that: Address,
    /// `ThereExistsSuchThatQuantifier`.
    #[serde(rename = "ThereExistsSuchThat", with = "serde_hex::address")]
    pub there_exists_such_that: Address,
}

/// Why a deployment file cannot be read, or lacks something.
#[derive(Debug, Error)]
pub enum DeploymentError {
    /// The file is not valid JSON of the deployment format.
    #[error("invalid deployment file: {0}")]
    Json(#[from] serde_json::Error),
    /// A constant starts with `0x` but is not hex bytes.
    #[error("invalid deployment file: the constant `{name}` starts with 0x but is not hex bytes: {source}")]
    BadConstant {
        /// The constant's name.
        name: String,
        /// What is wrong with its hex.
        source: ValueError,
    },
    /// A constant does not parse as the type it is used at.
    #[error("the deployment's constant `${name}` is not a valid {ty}: {source}")]
    ConstantType {
        /// The constant's name.
        name: String,
        /// The type it is used at.
        ty: Type,
        /// What is wrong with its value.
        source: ValueError,
    },
    /// A lookup found nothing.
    #[error(
        "the deployment has no {} for the {kind} `{name}` (add it under \"{}\")",
        what(kind),
        section(kind)
    )]
    Missing {
        /// `"atomic predicate"`, `"compiled predicate"` or `"constant"`.
        kind: &'static str,
        /// The name looked up.
        name: String,
    },
}

/// The [`DeploymentError::Missing`] kind of atomic predicates.
const ATOMIC: &str = "atomic predicate";
/// The [`DeploymentError::Missing`] kind of compiled predicates.
const COMPILED: &str = "compiled predicate";
/// The [`DeploymentError::Missing`] kind of constants.
const CONSTANT: &str = "constant";

/// What the file gives for things of a [`DeploymentError::Missing`] kind.
fn what(kind: &str) -> &'static str {
    if kind == CONSTANT { "value" } else { "address" }
}

/// The section of the file where things of a [`DeploymentError::Missing`] kind go.
fn section(kind: &str) -> &'static str {
    match kind {
        ATOMIC => "atomic",
        COMPILED => "compiled",
        _ => "constants",
    }
}

impl Deployment {
    /// Reads a deployment file. Errors carry serde_json's line and column.
    pub fn from_json(text: &str) -> Result<Deployment, DeploymentError> {
        let deployment: Deployment = serde_json::from_str(text)?;
        for name in deployment.constants.keys() {
            deployment.constant_bytes(name)?;
        }
        Ok(deployment)
    }

    /// The built-in deployment for a local development chain, `local-deployment.json` in this
    /// crate's sources.
    ///
    /// Its addresses are the CREATE addresses of [`LOCAL_DEPLOYER`] at nonces 0, 1, 2, … in
    /// the order of [`LOCAL_ORDER`], so deploying the contracts from that account in that order
    /// on a fresh devnet (and nothing else from it before) reproduces the file. `compiled` is
    /// empty: every compiled predicate has its [`stand_in_address`]. The constants are `secp256k1` and `typedData` (the verifier types of
    /// `IsValidSignature`, as UTF-8) and the placeholder addresses `txAddress`,
    /// `commitmentContract` and `swapAddress` for examples, written as 40 hex digits.
    pub fn local() -> Deployment {
        let mut deployment = Deployment::from_json(include_str!("local-deployment.json"))
            .expect("the built-in local deployment is valid (checked by the tests)");
        deployment.stand_ins = true;
        deployment
    }

    /// The address of an atomic predicate.
    pub fn atomic(&self, name: &str) -> Result<Address, DeploymentError> {
        lookup(&self.atomic, ATOMIC, name)
    }

    /// The address of a compiled predicate (its stand-in in the local deployment).
    pub fn compiled(&self, name: &str) -> Result<Address, DeploymentError> {
        match lookup(&self.compiled, COMPILED, name) {
            Err(_) if self.stand_ins => Ok(stand_in_address(name)),
            found => found,
        }
    }

    /// The text of a constant, as the file writes it: for reading it as a value of the type
    /// expected where it is used, with [`crate::parse_value`] (so that an address written as
    /// 40 hex digits, used where an `Address` is expected, becomes its ABI word).
    pub fn constant_text(&self, name: &str) -> Result<&str, DeploymentError> {
        self.constants
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| DeploymentError::Missing {
                kind: CONSTANT,
                name: name.to_owned(),
            })
    }

    /// The bytes of a constant: an address's 32-byte ABI word (the contracts read addresses
    /// in inputs only as words: `Equal(tx.address, $txAddress)` compares words), the bytes its
    /// hex spells for other text starting with `0x`, and its UTF-8 bytes otherwise.
    pub fn constant_bytes(&self, name: &str) -> Result<Bytes, DeploymentError> {
        let text = self.constant_text(name)?;
        if let Ok(address) = parse_address(text) {
            return Ok(crate::input::address_word(address));
        }
        if text.starts_with("0x") {
            parse_hex(text).map_err(|source| DeploymentError::BadConstant {
                name: name.to_owned(),
                source,
            })
        } else {
            Ok(Bytes::copy_from_slice(text.as_bytes()))
        }
    }

    /// A constant as a value of type `ty`: its bytes ([`Deployment::constant_bytes`]) for
    /// `Bytes`, and otherwise its text read as that type (so an address written as 40 hex
    /// digits is its ABI word as an `Address`).
    pub fn constant_as(&self, name: &str, ty: Type) -> Result<Bytes, DeploymentError> {
        if ty == Type::Bytes {
            return self.constant_bytes(name);
        }
        parse_value(ty, self.constant_text(name)?).map_err(|source| DeploymentError::ConstantType {
            name: name.to_owned(),
            ty,
            source,
        })
    }

    /// The name of a known address, for [`crate::describe()`]: `UniversalAdjudicationContract`,
    /// `Utils`, a connective (`Not`, `And`, `Or`, `ForAllSuchThat`, `ThereExistsSuchThat`), an
    /// atomic or compiled predicate, or a constant whose text is an address. If several have
    /// the address, the first in that order.
    pub fn name_of(&self, address: Address) -> Option<String> {
        let c = &self.connectives;
        let fixed = [
            (self.adjudicator, "UniversalAdjudicationContract"),
            (self.utils, "Utils"),
            (c.not, "Not"),
            (c.and, "And"),
            (c.or, "Or"),
            (c.for_all_such_that, "ForAllSuchThat"),
            (c.there_exists_such_that, "ThereExistsSuchThat"),
        ];
        let found = fixed
            .into_iter()
            .find(|(a, _)| *a == address)
            .map(|(_, name)| name);
        let constant = || {
            self.constants
                .iter()
                .find(|(_, text)| parse_address(text) == Ok(address))
                .map(|(name, _)| name.as_str())
        };
        found
            .or_else(|| name_in(&self.atomic, address))
            .or_else(|| name_in(&self.compiled, address))
            .or_else(constant)
            .map(str::to_owned)
    }
}

/// The first name that `map` gives `address`.
fn name_in(map: &BTreeMap<String, Address>, address: Address) -> Option<&str> {
    map.iter()
        .find(|(_, a)| **a == address)
        .map(|(name, _)| name.as_str())
}

/// `map[name]`, or the [`DeploymentError::Missing`] error of `kind`.
fn lookup(
    map: &BTreeMap<String, Address>,
    kind: &'static str,
    name: &str,
) -> Result<Address, DeploymentError> {
    map.get(name).copied().ok_or_else(|| DeploymentError::Missing {
        kind,
        name: name.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_file_matches_the_deployer_and_order() {
        let local = Deployment::local();
        let at = |name: &str| {
            let nonce = LOCAL_ORDER.iter().position(|n| *n == name).unwrap();
            LOCAL_DEPLOYER.create(nonce as u64)
        };
        assert_eq!(local.utils, at("Utils"));
        assert_eq!(local.adjudicator, at("UniversalAdjudicationContract"));
        let c = &local.connectives;
        assert_eq!(
            [c.not, c.and, c.or, c.for_all_such_that, c.there_exists_such_that],
            ["Not", "And", "Or", "ForAllSuchThat", "ThereExistsSuchThat"].map(at)
        );
        let atomic: BTreeMap<String, Address> = LOCAL_ORDER[7..17]
            .iter()
            .map(|name| (name.to_string(), at(name)))
            .collect();
        assert_eq!(local.atomic, atomic);
        assert!(local.compiled.is_empty());
        let mut constants: BTreeMap<String, String> = LOCAL_ORDER[17..]
            .iter()
            .map(|name| (name.to_string(), at(name).to_checksum(None)))
            .collect();
        constants.insert("secp256k1".into(), "secp256k1".into());
        constants.insert("typedData".into(), "typedData".into());
        assert_eq!(local.constants, constants);
        // The file is written as serialization writes it.
        assert_eq!(
            serde_json::to_string_pretty(&local).unwrap() + "\n",
            include_str!("local-deployment.json")
        );
    }

    #[test]
    fn first_create_address_of_the_deployer() {
        // Well known: Anvil's account 0 deploys its first contract here.
        assert_eq!(
            LOCAL_DEPLOYER.create(0),
            address!("0x5FbDB2315678afecb367f032d93F642f64180aa3")
        );
    }

    #[test]
    fn lookups() {
        let local = Deployment::local();
        assert_eq!(local.atomic("Equal").unwrap(), LOCAL_DEPLOYER.create(7));
        assert_eq!(local.constant_bytes("secp256k1").unwrap().as_ref(), b"secp256k1");
        assert_eq!(
            local.constant_bytes("txAddress").unwrap(),
            crate::input::address_word(LOCAL_DEPLOYER.create(17))
        );
        assert_eq!(
            local.constant_text("txAddress").unwrap(),
            LOCAL_DEPLOYER.create(17).to_checksum(None)
        );
        assert_eq!(local.name_of(local.connectives.not).as_deref(), Some("Not"));
        assert_eq!(
            local.name_of(local.adjudicator).as_deref(),
            Some("UniversalAdjudicationContract")
        );
        assert_eq!(
            local.name_of(LOCAL_DEPLOYER.create(11)).as_deref(),
            Some("IsValidSignature")
        );
        assert_eq!(
            local.name_of(LOCAL_DEPLOYER.create(18)).as_deref(),
            Some("commitmentContract")
        );
        assert_eq!(local.name_of(LOCAL_DEPLOYER), None);
    }

    #[test]
    fn missing_lookups() {
        let local = Deployment::local();
        assert_eq!(
            local.compiled("Ownership").unwrap(),
            stand_in_address("Ownership")
        );
        let file = Deployment::from_json(include_str!("local-deployment.json")).unwrap();
        assert_eq!(
            file.compiled("Ownership").unwrap_err().to_string(),
            "the deployment has no address for the compiled predicate `Ownership` (add it under \"compiled\")"
        );
        assert_eq!(
            local.atomic("IsFoo").unwrap_err().to_string(),
            "the deployment has no address for the atomic predicate `IsFoo` (add it under \"atomic\")"
        );
        assert_eq!(
            local.constant_bytes("nope").unwrap_err().to_string(),
            "the deployment has no value for the constant `nope` (add it under \"constants\")"
        );
        assert!(matches!(
            local.constant_text("nope"),
            Err(DeploymentError::Missing { kind: "constant", .. })
        ));
    }

    const MINIMAL: &str = r#"{
  "adjudicator": "0x0000000000000000000000000000000000000001",
  "utils": "0x0000000000000000000000000000000000000002",
  "connectives": {
    "Not": "0x0000000000000000000000000000000000000003",
    "And": "0x0000000000000000000000000000000000000004",
    "Or": "0x0000000000000000000000000000000000000005",
    "ForAllSuchThat": "0x0000000000000000000000000000000000000006",
    "ThereExistsSuchThat": "0x0000000000000000000000000000000000000007"
  }
}"#;

    #[test]
    fn optional_sections_default_to_empty() {
        let d = Deployment::from_json(MINIMAL).unwrap();
        assert_eq!(d.connectives.there_exists_such_that, Address::with_last_byte(7));
        assert!(d.atomic.is_empty() && d.compiled.is_empty() && d.constants.is_empty());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = MINIMAL.replacen("\"utils\"", "\"extra\": 1,\n  \"utils\"", 1);
        assert_eq!(
            Deployment::from_json(&text).unwrap_err().to_string(),
            "invalid deployment file: unknown field `extra`, expected one of `adjudicator`, `utils`, \
             `connectives`, `atomic`, `compiled`, `constants` at line 3 column 9"
        );
        let text = MINIMAL.replacen("\"Not\"", "\"Implies\": \"0x\",\n    \"Not\"", 1);
        assert!(Deployment::from_json(&text).unwrap_err().to_string().starts_with(
            "invalid deployment file: unknown field `Implies`, expected one of `Not`, `And`, `Or`, \
             `ForAllSuchThat`, `ThereExistsSuchThat` at line 5"
        ));
    }

    #[test]
    fn required_keys() {
        let text = MINIMAL.replacen(
            "\"adjudicator\": \"0x0000000000000000000000000000000000000001\",",
            "",
            1,
        );
        assert_eq!(
            Deployment::from_json(&text).unwrap_err().to_string(),
            "invalid deployment file: missing field `adjudicator` at line 11 column 1"
        );
    }

    #[test]
    fn bad_values() {
        let text = MINIMAL.replacen("0x0000000000000000000000000000000000000002", "0x02", 1);
        assert_eq!(
            Deployment::from_json(&text).unwrap_err().to_string(),
            "invalid deployment file: expected an address: 0x followed by 40 hex digits, got `0x02` \
             (2 hex digits) at line 3 column 17"
        );
        let text = MINIMAL.replacen("\n}", ",\n  \"atomic\": {\"Equal\": \"0x1\"}\n}", 1);
        assert_eq!(
            Deployment::from_json(&text).unwrap_err().to_string(),
            "invalid deployment file: expected an address: 0x followed by 40 hex digits, got `0x1` \
             (1 hex digit) at line 11 column 28"
        );
        let text = MINIMAL.replacen("\n}", ",\n  \"constants\": {\"c\": \"0x123\"}\n}", 1);
        assert_eq!(
            Deployment::from_json(&text).unwrap_err().to_string(),
            "invalid deployment file: the constant `c` starts with 0x but is not hex bytes: expected bytes: \
             0x followed by an even number of hex digits, got `0x123` (3 hex digits)"
        );
    }

    #[test]
    fn stand_in_addresses_are_fixed() {
        // keccak256("ovm.local.compiled.Ownership")[12..], documented in docs/deployment.md.
        assert_eq!(
            stand_in_address("Ownership"),
            Address::from_slice(&keccak256("ovm.local.compiled.Ownership")[12..])
        );
        assert_ne!(stand_in_address("Ownership"), stand_in_address("Checkpoint"));
    }

    #[test]
    fn json_round_trip() {
        let local = Deployment::local();
        let text = serde_json::to_string(&local).unwrap();
        // Stand-ins belong to the built-in deployment, never to a file.
        let file = Deployment::from_json(&text).unwrap();
        assert!(!file.stand_ins);
        assert_eq!(
            Deployment {
                stand_ins: true,
                ..file
            },
            local
        );
    }
}
