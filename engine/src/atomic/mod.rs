//! The atomic predicates, decided natively with the semantics of the deployed contracts
//! (adjudicator.md §5).
//!
//! Inputs are the ABI encodings the contracts read (see [`ovm_abi::input`]). Where a contract
//! would revert (a missing input, a malformed encoding, a failed `require`), the claim can never
//! be decided true on chain, so the predicate decides [`Outcome::False`] and says why. Only
//! [`Atomic::IsStored`] can be [`Outcome::Unknown`]: when the witness store does not know what
//! the storage contract holds.
//!
//! The engine is stricter than the contracts in two ways: a predicate given more inputs than it
//! takes is false (the contracts read the inputs they need and ignore the rest), and a direct
//! input must be exactly its encoding, a 32-byte word or a 64-byte range (`abi.decode` on chain
//! also accepts bytes after them). ABI-encoded structures inside inputs (inclusion proofs,
//! typed-data transactions) are decoded as leniently as Solidity decodes them.
//!
//! One module per concept:
//! - `compare` (private): `Equal`, `IsLessThan`, `IsContained`, `HasIntersection`,
//!   `IsSameAmount`;
//! - `hash` (private): `IsValidHash`, `IsConcatenatedWith`;
//! - [`signature`]: `IsValidSignature`, `ecrecover` and the typed-data transaction hash;
//! - `storage` (private): `IsStored`;
//! - [`inclusion`]: `VerifyInclusion` and the ABI of inclusion proofs;
//! - [`tree`]: a builder of double-layer inclusion trees, for tests and witness files;
//! - `input` (private): reading the input encodings, with the reason when they are malformed;
//! - [`Reason`]: why a predicate decided as it did, cheap to build and formatted on demand.

// A `Reason` carries up to four numbers (136 bytes) and is returned by value, as the error of
// `Result<Reason, Reason>` too: moving it is far cheaper than boxing it, which would allocate
// on every decision.
#![allow(clippy::result_large_err)]

mod compare;
mod hash;
pub mod inclusion;
mod input;
mod reason;
pub mod signature;
mod storage;
pub mod tree;

pub use reason::{AbiFault, Encoding, Layer, Range, Reason, SignatureFault, Verifier};

use crate::outcome::Outcome;
use crate::store::{StoreError, WitnessStore};
use alloy_primitives::Bytes;

/// An atomic predicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Atomic {
    /// `Equal(a, b)`.
    Equal,
    /// `IsLessThan(a, b)`.
    IsLessThan,
    /// `IsContained(range, subrange)`.
    IsContained,
    /// `HasIntersection(a, b)`.
    HasIntersection,
    /// `IsValidSignature(message, signature, signer, verifierType)`.
    IsValidSignature,
    /// `IsStored(storage, key, value)`.
    IsStored,
    /// `VerifyInclusion(leaf, token, range, proof, root)`.
    VerifyInclusion,
    /// `IsValidHash(hash, preimage)`.
    IsValidHash,
    /// `IsConcatenatedWith(c, a, b)`.
    IsConcatenatedWith,
    /// `IsSameAmount(a, b)`.
    IsSameAmount,
}

impl Atomic {
    /// Every atomic predicate.
    pub const ALL: [Atomic; 10] = [
        Atomic::Equal,
        Atomic::IsLessThan,
        Atomic::IsContained,
        Atomic::HasIntersection,
        Atomic::IsValidSignature,
        Atomic::IsStored,
        Atomic::VerifyInclusion,
        Atomic::IsValidHash,
        Atomic::IsConcatenatedWith,
        Atomic::IsSameAmount,
    ];

    /// Its name, as in source and deployment files.
    pub fn name(self) -> &'static str {
        match self {
            Atomic::Equal => "Equal",
            Atomic::IsLessThan => "IsLessThan",
            Atomic::IsContained => "IsContained",
            Atomic::HasIntersection => "HasIntersection",
            Atomic::IsValidSignature => "IsValidSignature",
            Atomic::IsStored => "IsStored",
            Atomic::VerifyInclusion => "VerifyInclusion",
            Atomic::IsValidHash => "IsValidHash",
            Atomic::IsConcatenatedWith => "IsConcatenatedWith",
            Atomic::IsSameAmount => "IsSameAmount",
        }
    }

    /// The atomic predicate of a name.
    pub fn from_name(name: &str) -> Option<Atomic> {
        Atomic::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The names of its inputs, in order.
    pub fn parameters(self) -> &'static [&'static str] {
        match self {
            Atomic::Equal | Atomic::IsLessThan | Atomic::HasIntersection | Atomic::IsSameAmount => {
                &["a", "b"]
            }
            Atomic::IsContained => &["range", "subrange"],
            Atomic::IsValidSignature => &["message", "signature", "signer", "verifierType"],
            Atomic::IsStored => &["storage", "key", "value"],
            Atomic::VerifyInclusion => &["leaf", "token", "range", "proof", "root"],
            Atomic::IsValidHash => &["hash", "preimage"],
            Atomic::IsConcatenatedWith => &["c", "a", "b"],
        }
    }

    /// How many inputs it takes.
    pub fn arity(self) -> usize {
        self.parameters().len()
    }
}

/// An atomic predicate's decision and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The outcome.
    pub outcome: Outcome,
    /// Why.
    pub reason: Reason,
}

impl Verdict {
    /// The predicate holds, because of `reason`.
    pub fn holds(reason: Reason) -> Verdict {
        Verdict {
            outcome: Outcome::True,
            reason,
        }
    }

    /// The predicate does not hold, because of `reason`.
    pub fn fails(reason: Reason) -> Verdict {
        Verdict {
            outcome: Outcome::False,
            reason,
        }
    }

    /// The predicate cannot be decided from the data at hand, because of `reason`.
    pub fn unknown(reason: Reason) -> Verdict {
        Verdict {
            outcome: Outcome::Unknown,
            reason,
        }
    }
}

/// What the predicates that never need the store conclude: `Ok` holds, `Err` does not.
type Decision = Result<Reason, Reason>;

/// The verdict of a [`Decision`].
fn verdict(decision: Decision) -> Verdict {
    match decision {
        Ok(reason) => Verdict::holds(reason),
        Err(reason) => Verdict::fails(reason),
    }
}

/// Decides an atomic predicate on its inputs.
///
/// A wrong number of inputs or a malformed input decides false (the contract would revert, so a
/// claim of it can never be decided true). Only [`Atomic::IsStored`] consults the store, and
/// only it can be unknown; the error is the store's failure, never the predicate's.
pub fn decide(atomic: Atomic, inputs: &[Bytes], store: &dyn WitnessStore) -> Result<Verdict, StoreError> {
    let decision = match atomic {
        Atomic::Equal => compare::equal(inputs),
        Atomic::IsLessThan => compare::is_less_than(inputs),
        Atomic::IsContained => compare::is_contained(inputs),
        Atomic::HasIntersection => compare::has_intersection(inputs),
        Atomic::IsSameAmount => compare::is_same_amount(inputs),
        Atomic::IsValidHash => hash::is_valid_hash(inputs),
        Atomic::IsConcatenatedWith => hash::is_concatenated_with(inputs),
        Atomic::IsValidSignature => signature::is_valid_signature(inputs),
        Atomic::VerifyInclusion => inclusion::verify_inclusion(inputs),
        Atomic::IsStored => return storage::is_stored(inputs, store),
    };
    Ok(verdict(decision))
}
