//! Witness stores: where the engine finds the elements of quantifier domains and the values
//! of on-chain storage.
//!
//! A hint (`signatures,KEY,0x…`) names a chain of buckets and a lookup in the last one
//! ([`Query`]); the store answers with the values it holds and whether it vouches that they
//! are all there are ([`Found::complete`]). Only a complete answer lets a `ForAll` be decided
//! true or a `ThereExists` false: an incomplete one leaves them unknown unless an element
//! decides them. A store must never add values to an answer it once called complete; that is
//! what keeps decisions monotone.
//!
//! Implementations: [`MemoryStore`] (the default, filled from code or from a witness file,
//! [`WitnessFile`]) and [`RedbStore`], persistent on disk for long-running clients.

mod file;
mod memory;
mod names;
mod persistent;

pub use file::{
    CompleteEntry, InclusionProofEntry, RangeEntry, Scope, SignatureEntry, StorageEntry, ValueEntry,
};
pub use file::{WitnessFile, WitnessFileError};
pub use memory::{MemoryStore, SIGNATURES};
pub use names::{PROOF, address_name, bucket_path, hint_hex, number_name, proof_bucket};
pub use persistent::RedbBatch;
pub use persistent::RedbStore;

use alloy_primitives::{Address, Bytes, U256};
use thiserror::Error;

/// A lookup in a chain of buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query<'a> {
    /// The bucket names, outermost first (`["su", "block0x…", "range0x…"]`).
    pub buckets: &'a [String],
    /// What to find in the last bucket.
    pub lookup: Lookup<'a>,
}

/// What to find in a bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// `KEY`: the values stored under this key.
    Key(&'a [u8]),
    /// `RANGE`: the values of the range records that intersect `[start, end)`, in order of
    /// their ends.
    Range {
        /// The first number of the range.
        start: U256,
        /// One past the last number.
        end: U256,
    },
    /// `ITER`: the values stored under keys at or after this one, in key order.
    Iter(&'a [u8]),
}

/// A store's answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The values, in the order the lookup defines; for a key, in the order they were added.
    pub values: Vec<Bytes>,
    /// Whether the store vouches that these are all the values there are.
    pub complete: bool,
}

/// A store that cannot answer.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The persistent store failed.
    #[error("witness store: {0}")]
    Backend(String),
}

/// A source of witnesses.
pub trait WitnessStore {
    /// The values a lookup finds, and whether they are all there are.
    fn find(&self, query: &Query<'_>) -> Result<Found, StoreError>;

    /// The value a storage contract holds under `key` (what its `retrieve(key)` returns), or
    /// `None` when the store does not know it.
    fn stored(&self, contract: Address, key: &[u8]) -> Result<Option<Bytes>, StoreError>;
}

impl<S: WitnessStore + ?Sized> WitnessStore for &S {
    fn find(&self, query: &Query<'_>) -> Result<Found, StoreError> {
        (**self).find(query)
    }

    fn stored(&self, contract: Address, key: &[u8]) -> Result<Option<Bytes>, StoreError> {
        (**self).stored(contract, key)
    }
}

impl<S: WitnessStore + ?Sized> WitnessStore for Box<S> {
    fn find(&self, query: &Query<'_>) -> Result<Found, StoreError> {
        (**self).find(query)
    }

    fn stored(&self, contract: Address, key: &[u8]) -> Result<Option<Bytes>, StoreError> {
        (**self).stored(contract, key)
    }
}
