//! On-chain storage: `IsStored(storage, key, value)`.
//!
//! On chain the predicate calls `Storage(storage).retrieve(key)` and compares
//! `keccak256(value)` with `keccak256` of the answer, that is, the bytes. The engine does not
//! read the chain: it asks the witness store ([`WitnessStore::stored`]), and when the store does
//! not know, the predicate is unknown.

use super::input::{address, arguments};
use super::{Atomic, Reason, Verdict};
use crate::store::{StoreError, WitnessStore};
use alloy_primitives::Bytes;

/// `IsStored(storage, key, value)`: the storage contract holds `value` under `key`.
pub(super) fn is_stored(inputs: &[Bytes], store: &dyn WitnessStore) -> Result<Verdict, StoreError> {
    let read = arguments(Atomic::IsStored, inputs)
        .and_then(|[storage, key, value]| Ok((address(0, storage)?, key, value)));
    let (contract, key, value) = match read {
        Ok(read) => read,
        Err(reason) => return Ok(Verdict::fails(reason)),
    };
    Ok(match store.stored(contract, key)? {
        None => Verdict::unknown(Reason::StorageUnknown { contract }),
        Some(stored) if stored == *value => Verdict::holds(Reason::Stored { contract }),
        Some(stored) => Verdict::fails(Reason::NotStored {
            contract,
            stored_len: stored.len(),
            value_len: value.len(),
        }),
    })
}
