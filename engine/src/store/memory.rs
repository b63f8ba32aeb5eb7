//! The in-memory witness store, [`MemoryStore`].
//!
//! Every lookup is a B-tree search: a bucket by its path, a key by its bytes, `ITER` by a
//! range of keys. Range records are kept in classes by the bit length of their length (see
//! [`length_class`]), each ordered by `(end, start, value)`: a `RANGE` lookup scans each class
//! from the first record that ends after the query's start, and stops once the records end so
//! far past the query's end that none of the rest of the class can start before it. Overlapping
//! records of any sizes are therefore found, and a query scans only the records near it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Bound;

use alloy_primitives::{Address, Bytes, U256};

use super::{Found, Lookup, Query, StoreError, WitnessStore};

/// The bucket of signatures: the hint `signatures,KEY,${message}` finds the signatures over a
/// message in it, under the message's bytes.
pub const SIGNATURES: &str = "signatures";

/// Witnesses in memory: keyed values and range records in buckets, what the store vouches to be
/// complete, and the values of on-chain storage.
///
/// Built with chained calls:
///
/// ```
/// use alloy_primitives::{Bytes, U256};
/// use ovm_engine::store::{Lookup, MemoryStore, Query, WitnessStore};
///
/// let mut store = MemoryStore::new();
/// store
///     .put_signature(b"message", Bytes::from_static(b"signature"))
///     .vouch_signatures(b"message")
///     .put_range(&["su", "block0x05"], U256::from(0), U256::from(100), Bytes::from_static(b"su"));
/// let buckets = ["signatures".to_string()];
/// let found = store.find(&Query { buckets: &buckets, lookup: Lookup::Key(b"message") }).unwrap();
/// assert_eq!(found.values, [Bytes::from_static(b"signature")]);
/// assert!(found.complete);
/// ```
///
/// Writes after a vouch are allowed (a client adds its own signatures as it makes them); it is
/// the writer's business that a vouch stays true.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryStore {
    /// The buckets, by path.
    buckets: BTreeMap<Vec<String>, Bucket>,
    /// Storage values, by contract and key.
    storage: BTreeMap<Address, BTreeMap<Bytes, Bytes>>,
}

/// A range record: `(end, start, value)`, in the order lookups return records.
pub(crate) type Record = (U256, U256, Bytes);

/// One bucket's contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bucket {
    /// Keyed values, in key order.
    pub(crate) keys: BTreeMap<Bytes, Values>,
    /// Range records, by [`length_class`]. No class is empty.
    pub(crate) ranges: BTreeMap<u8, BTreeSet<Record>>,
    /// Whether every lookup in the bucket is vouched complete.
    pub(crate) complete: bool,
    /// The keys whose values are vouched complete.
    pub(crate) complete_keys: BTreeSet<Bytes>,
    /// The ranges whose records are vouched complete.
    pub(crate) covered: Coverage,
}

/// The values under one key: in insertion order, without duplicates.
#[derive(Clone, Debug, Default)]
pub(crate) struct Values {
    /// The values.
    list: Vec<Bytes>,
    /// The same values, for fast duplicate checks once the list is long.
    seen: Option<HashSet<Bytes>>,
}

/// Lists longer than this get a hash set for duplicate checks.
const SMALL_LIST: usize = 8;

impl Values {
    /// Adds `value` unless it is already there; returns whether it was added.
    pub(crate) fn push(&mut self, value: Bytes) -> bool {
        let present = match &self.seen {
            Some(seen) => seen.contains(&value),
            None => self.list.contains(&value),
        };
        if present {
            return false;
        }
        if let Some(seen) = &mut self.seen {
            seen.insert(value.clone());
        } else if self.list.len() >= SMALL_LIST {
            let mut seen: HashSet<Bytes> = self.list.iter().cloned().collect();
            seen.insert(value.clone());
            self.seen = Some(seen);
        }
        self.list.push(value);
        true
    }

    /// The values, in insertion order.
    pub(crate) fn as_slice(&self) -> &[Bytes] {
        &self.list
    }
}

impl PartialEq for Values {
    fn eq(&self, other: &Values) -> bool {
        self.list == other.list
    }
}

impl Eq for Values {}

/// A union of half-open ranges, kept as disjoint, non-adjacent ranges: start → end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Coverage(BTreeMap<U256, U256>);

impl Coverage {
    /// Adds `[start, end)`, merging it with the ranges it overlaps or touches. Empty ranges
    /// add nothing.
    pub(crate) fn insert(&mut self, start: U256, end: U256) {
        if start >= end {
            return;
        }
        let touching: Vec<(U256, U256)> = self
            .0
            .range(..=end)
            .rev()
            .take_while(|&(_, &e)| e >= start)
            .map(|(&s, &e)| (s, e))
            .collect();
        let (start, end) = merged(start, end, &touching);
        for (s, _) in touching {
            self.0.remove(&s);
        }
        self.0.insert(start, end);
    }

    /// Whether `[start, end)` lies inside the union (an empty range always does).
    pub(crate) fn covers(&self, start: U256, end: U256) -> bool {
        start >= end || self.0.range(..=start).next_back().is_some_and(|(_, &e)| e >= end)
    }

    /// The ranges, in order.
    pub(crate) fn ranges(&self) -> impl Iterator<Item = (U256, U256)> + '_ {
        self.0.iter().map(|(&s, &e)| (s, e))
    }
}

/// The union of `[start, end)` and the ranges that overlap or touch it.
pub(crate) fn merged(start: U256, end: U256, touching: &[(U256, U256)]) -> (U256, U256) {
    touching
        .iter()
        .fold((start, end), |(s, e), &(ts, te)| (s.min(ts), e.max(te)))
}

/// The class of a non-empty range `[start, end)`: the bit length of its length, less one, so
/// that a record of class `c` is shorter than `2^(c+1)`.
pub(crate) fn length_class(start: U256, end: U256) -> u8 {
    debug_assert!(start < end);
    // The length is at least 1, so its bit length is 1 to 256.
    ((end - start).bit_len() - 1) as u8
}

/// The end at and after which no record of class `class` can start before `query_end`: the
/// records of the class are shorter than `2^(class+1)`. `None` when that is past `2^256`.
pub(crate) fn class_stop(class: u8, query_end: U256) -> Option<U256> {
    let span = U256::ONE.checked_shl(usize::from(class) + 1)?;
    query_end.checked_add(span)
}

/// Whether the records of class `class` ending at `end` or later cannot intersect a query
/// range ending at `query_end`.
pub(crate) fn past_query(class: u8, end: U256, query_end: U256) -> bool {
    class_stop(class, query_end).is_some_and(|stop| end >= stop)
}

impl Bucket {
    /// Adds a range record; empty ranges add nothing.
    pub(crate) fn insert_record(&mut self, start: U256, end: U256, value: Bytes) {
        if start < end {
            self.ranges
                .entry(length_class(start, end))
                .or_default()
                .insert((end, start, value));
        }
    }

    /// The values of the records that intersect the non-empty `[start, end)`, ordered by end,
    /// then start, then value.
    fn intersecting(&self, start: U256, end: U256) -> Vec<Bytes> {
        // Records intersecting [start, end) end after `start` and start before `end`.
        let Some(first_end) = start.checked_add(U256::ONE) else {
            return Vec::new();
        };
        let from = (first_end, U256::ZERO, Bytes::new());
        let mut hits: Vec<&Record> = Vec::new();
        for (&class, records) in &self.ranges {
            for record in records.range(&from..) {
                if past_query(class, record.0, end) {
                    break;
                }
                if record.1 < end {
                    hits.push(record);
                }
            }
        }
        hits.sort_unstable();
        hits.into_iter().map(|(_, _, value)| value.clone()).collect()
    }

    /// The answer to a lookup in this bucket.
    fn find(&self, lookup: &Lookup<'_>) -> Found {
        match *lookup {
            Lookup::Key(key) => Found {
                values: self
                    .keys
                    .get(key)
                    .map(|v| v.as_slice().to_vec())
                    .unwrap_or_default(),
                complete: self.complete || self.complete_keys.contains(key),
            },
            Lookup::Iter(lower) => Found {
                values: self
                    .keys
                    .range::<[u8], _>((Bound::Included(lower), Bound::Unbounded))
                    .flat_map(|(_, values)| values.as_slice().iter().cloned())
                    .collect(),
                complete: self.complete,
            },
            Lookup::Range { start, end } => Found {
                values: if start < end {
                    self.intersecting(start, end)
                } else {
                    Vec::new()
                },
                complete: self.complete || self.covered.covers(start, end),
            },
        }
    }
}

/// The owned path of a bucket.
fn path(buckets: &[impl AsRef<str>]) -> Vec<String> {
    buckets.iter().map(|name| name.as_ref().to_owned()).collect()
}

impl MemoryStore {
    /// An empty store: it finds nothing and vouches for nothing.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The bucket at `buckets`, made if missing.
    pub(crate) fn bucket_mut(&mut self, buckets: &[impl AsRef<str>]) -> &mut Bucket {
        self.buckets.entry(path(buckets)).or_default()
    }

    /// Adds `value` under `key` in the bucket at `buckets`, after the values already there;
    /// a value already under the key is not added again.
    pub fn put(
        &mut self,
        buckets: &[impl AsRef<str>],
        key: impl AsRef<[u8]>,
        value: impl Into<Bytes>,
    ) -> &mut MemoryStore {
        let key = key.as_ref();
        let bucket = self.bucket_mut(buckets);
        match bucket.keys.get_mut(key) {
            Some(values) => {
                values.push(value.into());
            }
            None => {
                let mut values = Values::default();
                values.push(value.into());
                bucket.keys.insert(Bytes::copy_from_slice(key), values);
            }
        }
        self
    }

    /// Adds the range record `([start, end), value)` to the bucket at `buckets`. A record
    /// with `start >= end` could never be found (it intersects nothing) and is not stored;
    /// an identical record is stored once.
    pub fn put_range(
        &mut self,
        buckets: &[impl AsRef<str>],
        start: U256,
        end: U256,
        value: impl Into<Bytes>,
    ) -> &mut MemoryStore {
        if start < end {
            self.bucket_mut(buckets).insert_record(start, end, value.into());
        }
        self
    }

    /// Vouches that the bucket at `buckets` holds everything: every lookup in it is complete.
    /// Only this bucket, not the buckets whose paths extend its path.
    pub fn vouch_bucket(&mut self, buckets: &[impl AsRef<str>]) -> &mut MemoryStore {
        self.bucket_mut(buckets).complete = true;
        self
    }

    /// Vouches that the bucket at `buckets` holds every value under `key` (perhaps none).
    pub fn vouch_key(&mut self, buckets: &[impl AsRef<str>], key: impl AsRef<[u8]>) -> &mut MemoryStore {
        let key = Bytes::copy_from_slice(key.as_ref());
        self.bucket_mut(buckets).complete_keys.insert(key);
        self
    }

    /// Vouches that the bucket at `buckets` holds every range record that intersects
    /// `[start, end)`. A `RANGE` lookup is complete when its range lies inside the union of
    /// the vouched ranges; adjacent and overlapping ones merge. An empty range vouches
    /// nothing (an empty lookup is complete anyway).
    pub fn vouch_range(&mut self, buckets: &[impl AsRef<str>], start: U256, end: U256) -> &mut MemoryStore {
        if start < end {
            self.bucket_mut(buckets).covered.insert(start, end);
        }
        self
    }

    /// Sets the value that `contract` stores under `key` (what `IsStored` compares with),
    /// replacing any earlier value.
    pub fn put_storage(
        &mut self,
        contract: Address,
        key: impl AsRef<[u8]>,
        value: impl Into<Bytes>,
    ) -> &mut MemoryStore {
        self.storage
            .entry(contract)
            .or_default()
            .insert(Bytes::copy_from_slice(key.as_ref()), value.into());
        self
    }

    /// Adds a signature over `message`: `put(["signatures"], message, signature)`, found by
    /// the hint `signatures,KEY,${message}`.
    pub fn put_signature(
        &mut self,
        message: impl AsRef<[u8]>,
        signature: impl Into<Bytes>,
    ) -> &mut MemoryStore {
        self.put(&[SIGNATURES], message, signature)
    }

    /// Vouches that the store holds every signature over `message` (perhaps none):
    /// `vouch_key(["signatures"], message)`. A client may say so of the messages that only its
    /// own key could have signed.
    pub fn vouch_signatures(&mut self, message: impl AsRef<[u8]>) -> &mut MemoryStore {
        self.vouch_key(&[SIGNATURES], message)
    }

    /// The answer to a query; [`WitnessStore::find`] without the `Result`.
    pub fn lookup(&self, query: &Query<'_>) -> Found {
        if let Lookup::Range { start, end } = query.lookup
            && start >= end
        {
            // Nothing intersects an empty range, whatever the store holds.
            return Found {
                values: Vec::new(),
                complete: true,
            };
        }
        self.buckets
            .get(query.buckets)
            .map(|bucket| bucket.find(&query.lookup))
            .unwrap_or_default()
    }

    /// The storage value of `contract` under `key`; [`WitnessStore::stored`] without the
    /// `Result`.
    pub fn storage_value(&self, contract: Address, key: &[u8]) -> Option<&Bytes> {
        self.storage.get(&contract)?.get(key)
    }

    /// Whether the store holds nothing and vouches for nothing.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty() && self.storage.is_empty()
    }

    /// The buckets, in path order.
    pub(crate) fn buckets(&self) -> impl Iterator<Item = (&[String], &Bucket)> {
        self.buckets
            .iter()
            .map(|(path, bucket)| (path.as_slice(), bucket))
    }

    /// Every storage value ([`MemoryStore::put_storage`]) as `(contract, key, value)`, by
    /// contract then key: what a chain must store for `IsStored` to find there what it finds
    /// in this store.
    pub fn storage_entries(&self) -> impl Iterator<Item = (Address, &Bytes, &Bytes)> {
        self.storage()
    }

    /// The storage values, by contract then key.
    pub(crate) fn storage(&self) -> impl Iterator<Item = (Address, &Bytes, &Bytes)> {
        self.storage
            .iter()
            .flat_map(|(&contract, values)| values.iter().map(move |(key, value)| (contract, key, value)))
    }
}

impl WitnessStore for MemoryStore {
    fn find(&self, query: &Query<'_>) -> Result<Found, StoreError> {
        Ok(self.lookup(query))
    }

    fn stored(&self, contract: Address, key: &[u8]) -> Result<Option<Bytes>, StoreError> {
        Ok(self.storage_value(contract, key).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: u64) -> U256 {
        U256::from(x)
    }

    fn coverage(ranges: &[(u64, u64)]) -> Vec<(u64, u64)> {
        let mut c = Coverage::default();
        for &(s, e) in ranges {
            c.insert(n(s), n(e));
        }
        c.ranges().map(|(s, e)| (s.to::<u64>(), e.to::<u64>())).collect()
    }

    #[test]
    fn storage_entries_list_every_value_by_contract_then_key() {
        let (a, b) = (Address::with_last_byte(1), Address::with_last_byte(2));
        let mut store = MemoryStore::new();
        assert_eq!(store.storage_entries().count(), 0);
        store
            .put_storage(b, b"k", Bytes::from_static(b"v"))
            .put_storage(a, b"y", Bytes::from_static(b"1"))
            .put_storage(a, b"x", Bytes::from_static(b"old"))
            .put_storage(a, b"x", Bytes::from_static(b"2"));
        let entries: Vec<(Address, &[u8], &[u8])> = store
            .storage_entries()
            .map(|(c, k, v)| (c, k.as_ref(), v.as_ref()))
            .collect();
        assert_eq!(
            entries,
            [(a, &b"x"[..], &b"2"[..]), (a, b"y", b"1"), (b, b"k", b"v")]
        );
    }

    #[test]
    fn coverage_merges_overlapping_and_adjacent_ranges() {
        assert_eq!(coverage(&[(0, 10), (10, 20)]), [(0, 20)]);
        assert_eq!(coverage(&[(10, 20), (0, 10)]), [(0, 20)]);
        assert_eq!(coverage(&[(0, 10), (5, 15)]), [(0, 15)]);
        assert_eq!(coverage(&[(0, 10), (11, 15)]), [(0, 10), (11, 15)]);
        assert_eq!(coverage(&[(0, 5), (10, 15), (20, 25), (3, 21)]), [(0, 25)]);
        assert_eq!(
            coverage(&[(0, 5), (10, 15), (20, 25), (6, 9)]),
            [(0, 5), (6, 9), (10, 15), (20, 25)]
        );
        assert_eq!(coverage(&[(2, 8), (0, 100)]), [(0, 100)]);
        assert_eq!(coverage(&[(0, 100), (2, 8)]), [(0, 100)]);
        assert_eq!(coverage(&[(5, 5), (7, 3)]), []);
    }

    #[test]
    fn coverage_covers_ranges_inside_one_merged_range() {
        let mut c = Coverage::default();
        c.insert(n(0), n(10));
        c.insert(n(10), n(20));
        c.insert(n(30), n(40));
        assert!(c.covers(n(0), n(20)));
        assert!(c.covers(n(5), n(15)));
        assert!(c.covers(n(30), n(40)));
        assert!(!c.covers(n(15), n(35)));
        assert!(!c.covers(n(19), n(21)));
        assert!(!c.covers(n(40), n(41)));
        assert!(c.covers(n(50), n(50)));
    }

    #[test]
    fn length_classes_bound_record_lengths() {
        assert_eq!(length_class(n(0), n(1)), 0);
        assert_eq!(length_class(n(0), n(2)), 1);
        assert_eq!(length_class(n(0), n(3)), 1);
        assert_eq!(length_class(n(5), n(9)), 2);
        assert_eq!(length_class(U256::ZERO, U256::MAX), 255);
        assert_eq!(class_stop(0, n(10)), Some(n(12)));
        assert_eq!(class_stop(255, n(0)), None);
        assert_eq!(class_stop(254, U256::MAX), None);
    }

    #[test]
    fn values_ignore_duplicates_in_long_lists() {
        let mut values = Values::default();
        for i in 0..20u8 {
            assert!(values.push(Bytes::from(vec![i])));
        }
        for i in 0..20u8 {
            assert!(!values.push(Bytes::from(vec![i])));
        }
        assert_eq!(values.as_slice().len(), 20);
        assert_eq!(values.as_slice()[19], Bytes::from(vec![19]));
    }
}
