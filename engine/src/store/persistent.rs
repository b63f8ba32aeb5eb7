//! The persistent witness store, [`RedbStore`]: the same model as [`MemoryStore`], in a
//! [redb](https://docs.rs/redb) file, for long-running clients.
//!
//! Tables (all keys and values are raw bytes; numbers big-endian, so byte order is number
//! order; `id` is an 8-byte bucket id):
//!
//! | table | key | value |
//! |---|---|---|
//! | `ovm_meta` | `format`, `version`, `next_bucket` | the format name, the format version, the next bucket id |
//! | `ovm_buckets` | the bucket path (each name as a 4-byte length and its UTF-8) | `id` |
//! | `ovm_complete_buckets` | `id` | empty |
//! | `ovm_values` | `id ++ key` | the key's values in insertion order, each as a 4-byte length and its bytes |
//! | `ovm_complete_keys` | `id ++ key` | empty |
//! | `ovm_ranges` | `id ++ class ++ end ++ start ++ keccak256(value)` | the value |
//! | `ovm_covered` | `id ++ start` | `end` of a vouched range (merged: disjoint, not adjacent) |
//! | `ovm_storage` | `contract ++ key` | the value |
//!
//! Range records are indexed by bucket, length class (the bit length of `end - start`, less
//! one, as in [`MemoryStore`]), end and start, so a `RANGE` lookup scans, for each class in
//! the bucket, from the first record ending after the query's start until records end too far
//! past the query's end to start before it. Answers are identical to [`MemoryStore`]'s for the
//! same writes.
//!
//! Nothing read from the file is trusted: a malformed entry is a [`StoreError`], never a panic.
//! redb itself asserts on some damaged files (a truncated one, for example); every call into
//! it is made under [`catch_unwind`], so that such an assertion becomes a [`StoreError`] too
//! (the panic hook still reports it on standard error). This needs the default `panic =
//! "unwind"`.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use alloy_primitives::{Address, Bytes, U256, keccak256};
use redb::{
    Database, ReadTransaction, ReadableDatabase, ReadableTable, Table, TableDefinition, TableHandle,
    WriteTransaction,
};

use super::memory::{MemoryStore, length_class, merged, past_query};
use super::{Found, Lookup, Query, StoreError, WitnessFile, WitnessStore};

/// A table of raw bytes.
type Bin = &'static [u8];

/// What [`RedbStore::scan`] calls on each entry's key and value.
type EntryFn<'a> = dyn FnMut(&[u8], &[u8]) -> Result<(), StoreError> + 'a;

/// Format name, version and bucket id counter.
const META: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_meta");
/// Bucket path → id.
const BUCKETS: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_buckets");
/// Ids of the buckets vouched complete.
const COMPLETE_BUCKETS: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_complete_buckets");
/// `id ++ key` → the key's values.
const VALUES: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_values");
/// `id ++ key` of the keys vouched complete.
const COMPLETE_KEYS: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_complete_keys");
/// `id ++ class ++ end ++ start ++ keccak256(value)` → value.
const RANGES: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_ranges");
/// `id ++ start` → end of the vouched ranges.
const COVERED: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_covered");
/// `contract ++ key` → value.
const STORAGE: TableDefinition<Bin, Bin> = TableDefinition::new("ovm_storage");

/// The `format` in `ovm_meta`.
const FORMAT: &[u8] = b"ovm-witness-store";
/// The `version` in `ovm_meta` this code reads and writes.
const VERSION: u32 = 1;
/// The `ovm_meta` key of the format name.
const FORMAT_KEY: &[u8] = b"format";
/// The `ovm_meta` key of the version.
const VERSION_KEY: &[u8] = b"version";
/// The `ovm_meta` key of the next bucket id.
const NEXT_BUCKET_KEY: &[u8] = b"next_bucket";

/// Bytes of a bucket id.
const ID: usize = 8;
/// Bytes of a range record's key.
const RANGE_KEY: usize = ID + 1 + 32 + 32 + 32;

/// A persistent witness store in a redb file.
///
/// Reads ([`WitnessStore`]) each run in a read transaction of their own; writes run in a
/// write transaction: one per call of the single-write methods ([`RedbStore::put`], …), or
/// many in one with [`RedbStore::write`] and [`RedbBatch::commit`], or a whole witness file or
/// memory store with [`RedbStore::import`] and [`RedbStore::import_store`].
///
/// Adding a value under a key rewrites the key's list of values, so many values under one key
/// are best added in one batch.
#[derive(Debug)]
pub struct RedbStore {
    /// The database; `None` only while it is dropped.
    db: Option<Database>,
    /// Its file, for messages.
    path: PathBuf,
}

/// Writes to a [`RedbStore`] in one transaction: nothing is stored until
/// [`RedbBatch::commit`], and dropping the batch discards them. After a write fails, drop the
/// batch rather than commit it: the failed write may be half done.
///
/// redb has one write transaction at a time: while a batch is open, other writes to the store
/// wait for it (from the same thread, forever). Reads are not blocked.
pub struct RedbBatch<'s> {
    /// The transaction; `None` once committed.
    txn: Option<WriteTransaction>,
    /// The store, for messages.
    store: &'s RedbStore,
}

/// A `StoreError` saying what failed where.
fn failed(what: impl Display, path: &Path, error: impl Display) -> StoreError {
    StoreError::Backend(format!("{what} `{}`: {error}", path.display()))
}

/// Runs `f`, turning a panic inside redb into a `StoreError`.
fn shielded<T>(path: &Path, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(damaged(path, &*payload)))
}

/// The `StoreError` for a panic inside redb.
fn damaged(path: &Path, payload: &(dyn Any + Send)) -> StoreError {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic");
    StoreError::Backend(format!(
        "the witness store `{}` is damaged: redb failed on it ({message})",
        path.display()
    ))
}

/// A `StoreError` for a malformed entry.
fn corrupt(path: &Path, what: impl Display) -> StoreError {
    StoreError::Backend(format!(
        "the witness store `{}` is corrupt: {what}",
        path.display()
    ))
}

impl RedbStore {
    /// Opens an existing witness store. Fails if there is no file, if it is not a redb
    /// database, or if the database is not a witness store of this version.
    pub fn open(path: impl AsRef<Path>) -> Result<RedbStore, StoreError> {
        let path = path.as_ref();
        shielded(path, || {
            let db = Database::open(path).map_err(|e| failed("cannot open the witness store", path, e))?;
            let store = RedbStore {
                db: Some(db),
                path: path.to_owned(),
            };
            store.check_format()?;
            Ok(store)
        })
    }

    /// Opens the witness store at `path`, making an empty one if there is no file there or
    /// the file is empty. Fails if the file is another kind of file or another redb database.
    pub fn create(path: impl AsRef<Path>) -> Result<RedbStore, StoreError> {
        let path = path.as_ref();
        shielded(path, || {
            let db =
                Database::create(path).map_err(|e| failed("cannot create the witness store", path, e))?;
            let store = RedbStore {
                db: Some(db),
                path: path.to_owned(),
            };
            store.initialise()?;
            store.check_format()?;
            Ok(store)
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database.
    fn db(&self) -> Result<&Database, StoreError> {
        self.db
            .as_ref()
            .ok_or_else(|| failed("cannot use the witness store", &self.path, "it is closed"))
    }

    /// A `StoreError` for a failed read.
    fn read_error(&self, error: impl Display) -> StoreError {
        failed("cannot read the witness store", &self.path, error)
    }

    /// A `StoreError` for a failed write.
    fn write_error(&self, error: impl Display) -> StoreError {
        failed("cannot write the witness store", &self.path, error)
    }

    /// Makes the tables of a database without tables; leaves a witness store alone.
    fn initialise(&self) -> Result<(), StoreError> {
        let txn = self.db()?.begin_write().map_err(|e| self.write_error(e))?;
        let tables: Vec<String> = txn
            .list_tables()
            .map_err(|e| self.read_error(e))?
            .map(|t| t.name().to_owned())
            .collect();
        if tables.iter().any(|name| name == META.name()) {
            return Ok(());
        }
        let multimaps = txn
            .list_multimap_tables()
            .map_err(|e| self.read_error(e))?
            .next()
            .is_some();
        if !tables.is_empty() || multimaps {
            return Err(self.foreign());
        }
        {
            let mut tables = Tables::open(&txn, self)?;
            let mut put = |key: &[u8], value: &[u8]| {
                tables
                    .meta
                    .insert(key, value)
                    .map(drop)
                    .map_err(|e| self.write_error(e))
            };
            put(FORMAT_KEY, FORMAT)?;
            put(VERSION_KEY, &VERSION.to_be_bytes())?;
            put(NEXT_BUCKET_KEY, &1u64.to_be_bytes())?;
        }
        txn.commit().map_err(|e| self.write_error(e))
    }

    /// The error for a redb database that is not a witness store.
    fn foreign(&self) -> StoreError {
        StoreError::Backend(format!(
            "`{}` is a redb database but not an OVM witness store (it has no `{}` table naming the \
             format {:?})",
            self.path.display(),
            META.name(),
            String::from_utf8_lossy(FORMAT)
        ))
    }

    /// Checks the format name and version.
    fn check_format(&self) -> Result<(), StoreError> {
        let txn = self.db()?.begin_read().map_err(|e| self.read_error(e))?;
        let meta = match txn.open_table(META) {
            Ok(meta) => meta,
            Err(redb::TableError::TableDoesNotExist(_)) => return Err(self.foreign()),
            Err(e) => return Err(self.read_error(e)),
        };
        let get = |key: &[u8]| -> Result<Option<Vec<u8>>, StoreError> {
            Ok(meta
                .get(key)
                .map_err(|e| self.read_error(e))?
                .map(|v| v.value().to_vec()))
        };
        if get(FORMAT_KEY)?.as_deref() != Some(FORMAT) {
            return Err(self.foreign());
        }
        let version = get(VERSION_KEY)?;
        let version = version
            .as_deref()
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map(u32::from_be_bytes);
        match version {
            Some(VERSION) => Ok(()),
            Some(other) => Err(StoreError::Backend(format!(
                "the witness store `{}` has format version {other}, but this engine reads version {VERSION}",
                self.path.display()
            ))),
            None => Err(corrupt(&self.path, "its format version is not a 4-byte number")),
        }
    }

    /// Starts a batch of writes, which waits for any other batch to end (see [`RedbBatch`]).
    pub fn write(&self) -> Result<RedbBatch<'_>, StoreError> {
        shielded(&self.path, || {
            let txn = self.db()?.begin_write().map_err(|e| self.write_error(e))?;
            Ok(RedbBatch {
                txn: Some(txn),
                store: self,
            })
        })
    }

    /// Runs `f` on a batch and commits it.
    fn batch(&self, f: impl FnOnce(&mut RedbBatch<'_>) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut batch = self.write()?;
        f(&mut batch)?;
        batch.commit()
    }

    /// [`MemoryStore::put`], in a transaction of its own.
    pub fn put(
        &self,
        buckets: &[impl AsRef<str>],
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), StoreError> {
        self.batch(|b| b.put(buckets, key, value).map(drop))
    }

    /// [`MemoryStore::put_range`], in a transaction of its own.
    pub fn put_range(
        &self,
        buckets: &[impl AsRef<str>],
        start: U256,
        end: U256,
        value: impl AsRef<[u8]>,
    ) -> Result<(), StoreError> {
        self.batch(|b| b.put_range(buckets, start, end, value).map(drop))
    }

    /// [`MemoryStore::vouch_bucket`], in a transaction of its own.
    pub fn vouch_bucket(&self, buckets: &[impl AsRef<str>]) -> Result<(), StoreError> {
        self.batch(|b| b.vouch_bucket(buckets).map(drop))
    }

    /// [`MemoryStore::vouch_key`], in a transaction of its own.
    pub fn vouch_key(&self, buckets: &[impl AsRef<str>], key: impl AsRef<[u8]>) -> Result<(), StoreError> {
        self.batch(|b| b.vouch_key(buckets, key).map(drop))
    }

    /// [`MemoryStore::vouch_range`], in a transaction of its own.
    pub fn vouch_range(&self, buckets: &[impl AsRef<str>], start: U256, end: U256) -> Result<(), StoreError> {
        self.batch(|b| b.vouch_range(buckets, start, end).map(drop))
    }

    /// [`MemoryStore::put_storage`], in a transaction of its own.
    pub fn put_storage(
        &self,
        contract: Address,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), StoreError> {
        self.batch(|b| b.put_storage(contract, key, value).map(drop))
    }

    /// [`MemoryStore::put_signature`], in a transaction of its own.
    pub fn put_signature(
        &self,
        message: impl AsRef<[u8]>,
        signature: impl AsRef<[u8]>,
    ) -> Result<(), StoreError> {
        self.batch(|b| b.put_signature(message, signature).map(drop))
    }

    /// [`MemoryStore::vouch_signatures`], in a transaction of its own.
    pub fn vouch_signatures(&self, message: impl AsRef<[u8]>) -> Result<(), StoreError> {
        self.batch(|b| b.vouch_signatures(message).map(drop))
    }

    /// Adds a witness file's witnesses, in one transaction, exactly as
    /// [`MemoryStore::add_file`] does.
    pub fn import(&self, file: &WitnessFile) -> Result<(), StoreError> {
        self.import_store(&MemoryStore::from_file(file))
    }

    /// Adds everything a memory store holds and vouches for, in one transaction, as if its
    /// writes were made here: values after the ones already under their keys, and vouches
    /// merged with the ones already made.
    pub fn import_store(&self, store: &MemoryStore) -> Result<(), StoreError> {
        self.batch(|b| b.import_store(store).map(drop))
    }

    /// Everything the store holds and vouches for, in memory: answers every lookup as this
    /// store does. Reads the whole file.
    pub fn to_memory(&self) -> Result<MemoryStore, StoreError> {
        shielded(&self.path, || self.read_all())
    }

    /// [`RedbStore::to_memory`], unshielded.
    fn read_all(&self) -> Result<MemoryStore, StoreError> {
        let txn = self.db()?.begin_read().map_err(|e| self.read_error(e))?;
        let mut paths: HashMap<[u8; ID], Vec<String>> = HashMap::new();
        self.scan(&txn, BUCKETS, &mut |key, value| {
            paths.insert(self.id_of(value)?, self.decode_path(key)?);
            Ok(())
        })?;
        let split = |key: &[u8]| -> Result<(Vec<String>, usize), StoreError> {
            let id = key
                .first_chunk::<ID>()
                .ok_or_else(|| corrupt(&self.path, "a key shorter than a bucket id"))?;
            let path = paths
                .get(id)
                .ok_or_else(|| corrupt(&self.path, format!("an entry of the unknown bucket id {id:?}")))?;
            Ok((path.clone(), ID))
        };
        let mut store = MemoryStore::new();
        self.scan(&txn, COMPLETE_BUCKETS, &mut |key, _| {
            store.vouch_bucket(&split(key)?.0);
            Ok(())
        })?;
        self.scan(&txn, VALUES, &mut |key, list| {
            let (path, at) = split(key)?;
            for value in self.decode_list(list)? {
                store.put(&path, &key[at..], value);
            }
            Ok(())
        })?;
        self.scan(&txn, COMPLETE_KEYS, &mut |key, _| {
            let (path, at) = split(key)?;
            store.vouch_key(&path, &key[at..]);
            Ok(())
        })?;
        self.scan(&txn, RANGES, &mut |key, value| {
            let (path, _) = split(key)?;
            let (_, end, start) = self.decode_range_key(key)?;
            store.put_range(&path, start, end, Bytes::copy_from_slice(value));
            Ok(())
        })?;
        self.scan(&txn, COVERED, &mut |key, end| {
            let (path, at) = split(key)?;
            store.vouch_range(&path, self.word(&key[at..])?, self.word(end)?);
            Ok(())
        })?;
        self.scan(&txn, STORAGE, &mut |key, value| {
            let (contract, key) = key
                .split_first_chunk::<20>()
                .ok_or_else(|| corrupt(&self.path, "a storage key shorter than an address"))?;
            store.put_storage(Address::from(*contract), key, Bytes::copy_from_slice(value));
            Ok(())
        })?;
        Ok(store)
    }

    /// Calls `f` on every entry of a table.
    fn scan(
        &self,
        txn: &ReadTransaction,
        table: TableDefinition<'static, Bin, Bin>,
        f: &mut EntryFn<'_>,
    ) -> Result<(), StoreError> {
        let table = txn.open_table(table).map_err(|e| self.read_error(e))?;
        for entry in table.iter().map_err(|e| self.read_error(e))? {
            let (key, value) = entry.map_err(|e| self.read_error(e))?;
            f(key.value(), value.value())?;
        }
        Ok(())
    }

    /// A bucket id from its stored bytes.
    fn id_of(&self, bytes: &[u8]) -> Result<[u8; ID], StoreError> {
        bytes
            .try_into()
            .map_err(|_| corrupt(&self.path, format!("a bucket id of {} bytes", bytes.len())))
    }

    /// A 32-byte number.
    fn word(&self, bytes: &[u8]) -> Result<U256, StoreError> {
        let word: [u8; 32] = bytes
            .try_into()
            .map_err(|_| corrupt(&self.path, format!("a number of {} bytes", bytes.len())))?;
        Ok(U256::from_be_bytes(word))
    }

    /// The class, end and start in a range record's key.
    fn decode_range_key(&self, key: &[u8]) -> Result<(u8, U256, U256), StoreError> {
        if key.len() != RANGE_KEY {
            return Err(corrupt(
                &self.path,
                format!("a range record key of {} bytes", key.len()),
            ));
        }
        let class = key[ID];
        let end = self.word(&key[ID + 1..ID + 33])?;
        let start = self.word(&key[ID + 33..ID + 65])?;
        if start >= end || length_class(start, end) != class {
            return Err(corrupt(&self.path, "a range record out of its class"));
        }
        Ok((class, end, start))
    }

    /// The values of a list.
    fn decode_list(&self, mut list: &[u8]) -> Result<Vec<Bytes>, StoreError> {
        let mut values = Vec::new();
        while !list.is_empty() {
            let (len, rest) = list
                .split_first_chunk::<4>()
                .ok_or_else(|| corrupt(&self.path, "a truncated list of values"))?;
            let len = u32::from_be_bytes(*len) as usize;
            let (value, rest) = rest
                .split_at_checked(len)
                .ok_or_else(|| corrupt(&self.path, "a truncated list of values"))?;
            values.push(Bytes::copy_from_slice(value));
            list = rest;
        }
        Ok(values)
    }

    /// A bucket path from its stored bytes.
    fn decode_path(&self, mut bytes: &[u8]) -> Result<Vec<String>, StoreError> {
        let mut names = Vec::new();
        while !bytes.is_empty() {
            let bad = || corrupt(&self.path, "a malformed bucket path");
            let (len, rest) = bytes.split_first_chunk::<4>().ok_or_else(bad)?;
            let (name, rest) = rest
                .split_at_checked(u32::from_be_bytes(*len) as usize)
                .ok_or_else(bad)?;
            names.push(String::from_utf8(name.to_vec()).map_err(|_| bad())?);
            bytes = rest;
        }
        Ok(names)
    }

    /// The id of a bucket, if it exists.
    fn find_id(
        &self,
        buckets: &impl ReadableTable<Bin, Bin>,
        path: &[String],
    ) -> Result<Option<[u8; ID]>, StoreError> {
        match buckets
            .get(encode_path(path).as_slice())
            .map_err(|e| self.read_error(e))?
        {
            Some(id) => Ok(Some(self.id_of(id.value())?)),
            None => Ok(None),
        }
    }

    /// The values under `key` in bucket `id`.
    fn key_values(
        &self,
        values: &impl ReadableTable<Bin, Bin>,
        id: [u8; ID],
        key: &[u8],
    ) -> Result<Vec<Bytes>, StoreError> {
        match values
            .get(join(&id, key).as_slice())
            .map_err(|e| self.read_error(e))?
        {
            Some(list) => self.decode_list(list.value()),
            None => Ok(Vec::new()),
        }
    }

    /// Whether a table has a key.
    fn has(&self, table: &impl ReadableTable<Bin, Bin>, key: &[u8]) -> Result<bool, StoreError> {
        Ok(table.get(key).map_err(|e| self.read_error(e))?.is_some())
    }

    /// The values of the records in bucket `id` that intersect the non-empty `[start, end)`,
    /// ordered by end, start and value.
    fn intersecting(
        &self,
        ranges: &impl ReadableTable<Bin, Bin>,
        id: [u8; ID],
        start: U256,
        end: U256,
    ) -> Result<Vec<Bytes>, StoreError> {
        let Some(first_end) = start.checked_add(U256::ONE) else {
            return Ok(Vec::new());
        };
        let bucket_end = next_id(&id);
        let mut hits: Vec<(U256, U256, Bytes)> = Vec::new();
        // The class to scan next; each pass seeks to the first record of this class or a later
        // one that ends after `start`.
        let mut class: u16 = 0;
        while class <= 255 {
            let mut from = Vec::with_capacity(ID + 33);
            from.extend_from_slice(&id);
            from.push(class as u8);
            from.extend_from_slice(&first_end.to_be_bytes::<32>());
            let mut records = ranges
                .range::<&[u8]>(from.as_slice()..bucket_end.as_slice())
                .map_err(|e| self.read_error(e))?;
            let mut next_class = None;
            for record in records.by_ref() {
                let (key, value) = record.map_err(|e| self.read_error(e))?;
                let (record_class, record_end, record_start) = self.decode_range_key(key.value())?;
                if u16::from(record_class) != class {
                    // This class has no record ending after `start`: go on with the class found.
                    next_class = Some(u16::from(record_class));
                    break;
                }
                if past_query(record_class, record_end, end) {
                    next_class = Some(class + 1);
                    break;
                }
                if record_start < end {
                    hits.push((record_end, record_start, Bytes::copy_from_slice(value.value())));
                }
            }
            match next_class {
                Some(next) => class = next,
                None => break,
            }
        }
        hits.sort_unstable();
        Ok(hits.into_iter().map(|(_, _, value)| value).collect())
    }

    /// Whether `[start, end)` lies inside the ranges vouched in bucket `id`.
    fn covered(
        &self,
        covered: &impl ReadableTable<Bin, Bin>,
        id: [u8; ID],
        start: U256,
        end: U256,
    ) -> Result<bool, StoreError> {
        let from = join(&id, &U256::ZERO.to_be_bytes::<32>());
        let to = join(&id, &start.to_be_bytes::<32>());
        let last = covered
            .range::<&[u8]>(from.as_slice()..=to.as_slice())
            .map_err(|e| self.read_error(e))?
            .next_back();
        match last {
            Some(entry) => {
                let (_, covered_end) = entry.map_err(|e| self.read_error(e))?;
                Ok(self.word(covered_end.value())? >= end)
            }
            None => Ok(false),
        }
    }
}

/// `a ++ b`.
fn join(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    out
}

/// The bytes after every key of bucket `id`: the next id (ids never reach `u64::MAX`).
fn next_id(id: &[u8; ID]) -> [u8; ID] {
    u64::from_be_bytes(*id).saturating_add(1).to_be_bytes()
}

/// The stored bytes of a bucket path: each name as a 4-byte length and its UTF-8.
fn encode_path(path: &[impl AsRef<str>]) -> Vec<u8> {
    let mut out = Vec::new();
    for name in path {
        let name = name.as_ref().as_bytes();
        out.extend_from_slice(&(name.len() as u32).to_be_bytes());
        out.extend_from_slice(name);
    }
    out
}

/// A value as an entry of a list: a 4-byte length and the bytes.
fn encode_list_entry(out: &mut Vec<u8>, value: &[u8]) {
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

/// The key of a range record.
fn range_key(id: &[u8; ID], start: U256, end: U256, value: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(RANGE_KEY);
    key.extend_from_slice(id);
    key.push(length_class(start, end));
    key.extend_from_slice(&end.to_be_bytes::<32>());
    key.extend_from_slice(&start.to_be_bytes::<32>());
    key.extend_from_slice(keccak256(value).as_slice());
    key
}

impl WitnessStore for RedbStore {
    fn find(&self, query: &Query<'_>) -> Result<Found, StoreError> {
        shielded(&self.path, || self.lookup(query))
    }

    fn stored(&self, contract: Address, key: &[u8]) -> Result<Option<Bytes>, StoreError> {
        shielded(&self.path, || {
            let txn = self.db()?.begin_read().map_err(|e| self.read_error(e))?;
            let storage = txn.open_table(STORAGE).map_err(|e| self.read_error(e))?;
            let value = storage
                .get(join(contract.as_slice(), key).as_slice())
                .map_err(|e| self.read_error(e))?;
            Ok(value.map(|v| Bytes::copy_from_slice(v.value())))
        })
    }
}

impl Drop for RedbStore {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            // Closing a damaged database may fail an assertion inside redb too.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(db)));
        }
    }
}

impl RedbStore {
    /// [`WitnessStore::find`], unshielded.
    fn lookup(&self, query: &Query<'_>) -> Result<Found, StoreError> {
        if let Lookup::Range { start, end } = query.lookup
            && start >= end
        {
            return Ok(Found {
                values: Vec::new(),
                complete: true,
            });
        }
        let txn = self.db()?.begin_read().map_err(|e| self.read_error(e))?;
        let open = |def| txn.open_table(def).map_err(|e| self.read_error(e));
        let Some(id) = self.find_id(&open(BUCKETS)?, query.buckets)? else {
            return Ok(Found::default());
        };
        let whole = self.has(&open(COMPLETE_BUCKETS)?, &id)?;
        Ok(match query.lookup {
            Lookup::Key(key) => Found {
                values: self.key_values(&open(VALUES)?, id, key)?,
                complete: whole || self.has(&open(COMPLETE_KEYS)?, &join(&id, key))?,
            },
            Lookup::Iter(lower) => {
                let values = open(VALUES)?;
                let from = join(&id, lower);
                let to = next_id(&id);
                let mut found = Vec::new();
                for entry in values
                    .range::<&[u8]>(from.as_slice()..to.as_slice())
                    .map_err(|e| self.read_error(e))?
                {
                    let (_, list) = entry.map_err(|e| self.read_error(e))?;
                    found.extend(self.decode_list(list.value())?);
                }
                Found {
                    values: found,
                    complete: whole,
                }
            }
            Lookup::Range { start, end } => Found {
                values: self.intersecting(&open(RANGES)?, id, start, end)?,
                complete: whole || self.covered(&open(COVERED)?, id, start, end)?,
            },
        })
    }
}

/// The tables, open for writing.
struct Tables<'t> {
    /// `ovm_meta`.
    meta: Table<'t, Bin, Bin>,
    /// `ovm_buckets`.
    buckets: Table<'t, Bin, Bin>,
    /// `ovm_complete_buckets`.
    complete_buckets: Table<'t, Bin, Bin>,
    /// `ovm_values`.
    values: Table<'t, Bin, Bin>,
    /// `ovm_complete_keys`.
    complete_keys: Table<'t, Bin, Bin>,
    /// `ovm_ranges`.
    ranges: Table<'t, Bin, Bin>,
    /// `ovm_covered`.
    covered: Table<'t, Bin, Bin>,
    /// `ovm_storage`.
    storage: Table<'t, Bin, Bin>,
    /// The store, for messages.
    store: &'t RedbStore,
}

impl<'t> Tables<'t> {
    /// Opens (or makes) every table.
    fn open(txn: &'t WriteTransaction, store: &'t RedbStore) -> Result<Tables<'t>, StoreError> {
        let open = |def| txn.open_table(def).map_err(|e| store.write_error(e));
        Ok(Tables {
            meta: open(META)?,
            buckets: open(BUCKETS)?,
            complete_buckets: open(COMPLETE_BUCKETS)?,
            values: open(VALUES)?,
            complete_keys: open(COMPLETE_KEYS)?,
            ranges: open(RANGES)?,
            covered: open(COVERED)?,
            storage: open(STORAGE)?,
            store,
        })
    }

    /// The id of a bucket, made if missing.
    fn bucket_id(&mut self, path: &[impl AsRef<str>]) -> Result<[u8; ID], StoreError> {
        let encoded = encode_path(path);
        if let Some(id) = self
            .buckets
            .get(encoded.as_slice())
            .map_err(|e| self.store.write_error(e))?
        {
            return self.store.id_of(id.value());
        }
        let next = match self
            .meta
            .get(NEXT_BUCKET_KEY)
            .map_err(|e| self.store.write_error(e))?
        {
            Some(next) => self.store.id_of(next.value())?,
            None => return Err(corrupt(&self.store.path, "no next bucket id")),
        };
        let after = u64::from_be_bytes(next)
            .checked_add(1)
            .filter(|&n| n < u64::MAX)
            .ok_or_else(|| corrupt(&self.store.path, "bucket ids are exhausted"))?;
        self.meta
            .insert(NEXT_BUCKET_KEY, after.to_be_bytes().as_slice())
            .map_err(|e| self.store.write_error(e))?;
        self.buckets
            .insert(encoded.as_slice(), next.as_slice())
            .map_err(|e| self.store.write_error(e))?;
        Ok(next)
    }

    /// Adds values under a key after the ones there, skipping those already there.
    fn put_values<'v>(
        &mut self,
        path: &[impl AsRef<str>],
        key: &[u8],
        new: impl IntoIterator<Item = &'v [u8]>,
    ) -> Result<(), StoreError> {
        let id = self.bucket_id(path)?;
        let key = join(&id, key);
        let mut list = match self
            .values
            .get(key.as_slice())
            .map_err(|e| self.store.write_error(e))?
        {
            Some(list) => list.value().to_vec(),
            None => Vec::new(),
        };
        let mut seen: HashSet<Bytes> = self.store.decode_list(&list)?.into_iter().collect();
        let before = list.len();
        for value in new {
            if seen.insert(Bytes::copy_from_slice(value)) {
                encode_list_entry(&mut list, value);
            }
        }
        if list.len() != before {
            self.values
                .insert(key.as_slice(), list.as_slice())
                .map_err(|e| self.store.write_error(e))?;
        }
        Ok(())
    }

    /// Adds a range record.
    fn put_range(
        &mut self,
        path: &[impl AsRef<str>],
        start: U256,
        end: U256,
        value: &[u8],
    ) -> Result<(), StoreError> {
        if start >= end {
            return Ok(());
        }
        let id = self.bucket_id(path)?;
        self.ranges
            .insert(range_key(&id, start, end, value).as_slice(), value)
            .map_err(|e| self.store.write_error(e))?;
        Ok(())
    }

    /// Vouches for a bucket.
    fn vouch_bucket(&mut self, path: &[impl AsRef<str>]) -> Result<(), StoreError> {
        let id = self.bucket_id(path)?;
        self.complete_buckets
            .insert(id.as_slice(), [].as_slice())
            .map_err(|e| self.store.write_error(e))?;
        Ok(())
    }

    /// Vouches for a key.
    fn vouch_key(&mut self, path: &[impl AsRef<str>], key: &[u8]) -> Result<(), StoreError> {
        let id = self.bucket_id(path)?;
        self.complete_keys
            .insert(join(&id, key).as_slice(), [].as_slice())
            .map_err(|e| self.store.write_error(e))?;
        Ok(())
    }

    /// Vouches for a range, merging it with the vouched ranges it overlaps or touches.
    fn vouch_range(&mut self, path: &[impl AsRef<str>], start: U256, end: U256) -> Result<(), StoreError> {
        if start >= end {
            return Ok(());
        }
        let id = self.bucket_id(path)?;
        let from = join(&id, &U256::ZERO.to_be_bytes::<32>());
        let to = join(&id, &end.to_be_bytes::<32>());
        let mut touching = Vec::new();
        for entry in self
            .covered
            .range::<&[u8]>(from.as_slice()..=to.as_slice())
            .map_err(|e| self.store.write_error(e))?
            .rev()
        {
            let (key, value) = entry.map_err(|e| self.store.write_error(e))?;
            let covered_start = self.store.word(&key.value()[ID..])?;
            let covered_end = self.store.word(value.value())?;
            if covered_end < start {
                break;
            }
            touching.push((covered_start, covered_end));
        }
        let (start, end) = merged(start, end, &touching);
        for (covered_start, _) in touching {
            self.covered
                .remove(join(&id, &covered_start.to_be_bytes::<32>()).as_slice())
                .map_err(|e| self.store.write_error(e))?;
        }
        self.covered
            .insert(
                join(&id, &start.to_be_bytes::<32>()).as_slice(),
                end.to_be_bytes::<32>().as_slice(),
            )
            .map_err(|e| self.store.write_error(e))?;
        Ok(())
    }

    /// Sets a storage value.
    fn put_storage(&mut self, contract: Address, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.storage
            .insert(join(contract.as_slice(), key).as_slice(), value)
            .map_err(|e| self.store.write_error(e))?;
        Ok(())
    }
}

impl RedbBatch<'_> {
    /// Runs `f` on the tables, shielded.
    fn with_tables(
        &mut self,
        f: impl FnOnce(&mut Tables<'_>) -> Result<(), StoreError>,
    ) -> Result<&mut Self, StoreError> {
        let store = self.store;
        let txn = self.txn.as_ref().ok_or_else(|| {
            failed(
                "cannot write the witness store",
                &store.path,
                "the batch is committed",
            )
        })?;
        shielded(&store.path, || f(&mut Tables::open(txn, store)?))?;
        Ok(self)
    }

    /// [`MemoryStore::put`].
    pub fn put(
        &mut self,
        buckets: &[impl AsRef<str>],
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<&mut Self, StoreError> {
        self.with_tables(|t| t.put_values(buckets, key.as_ref(), [value.as_ref()]))
    }

    /// [`MemoryStore::put_range`].
    pub fn put_range(
        &mut self,
        buckets: &[impl AsRef<str>],
        start: U256,
        end: U256,
        value: impl AsRef<[u8]>,
    ) -> Result<&mut Self, StoreError> {
        self.with_tables(|t| t.put_range(buckets, start, end, value.as_ref()))
    }

    /// [`MemoryStore::vouch_bucket`].
    pub fn vouch_bucket(&mut self, buckets: &[impl AsRef<str>]) -> Result<&mut Self, StoreError> {
        self.with_tables(|t| t.vouch_bucket(buckets))
    }

    /// [`MemoryStore::vouch_key`].
    pub fn vouch_key(
        &mut self,
        buckets: &[impl AsRef<str>],
        key: impl AsRef<[u8]>,
    ) -> Result<&mut Self, StoreError> {
        self.with_tables(|t| t.vouch_key(buckets, key.as_ref()))
    }

    /// [`MemoryStore::vouch_range`].
    pub fn vouch_range(
        &mut self,
        buckets: &[impl AsRef<str>],
        start: U256,
        end: U256,
    ) -> Result<&mut Self, StoreError> {
        self.with_tables(|t| t.vouch_range(buckets, start, end))
    }

    /// [`MemoryStore::put_storage`].
    pub fn put_storage(
        &mut self,
        contract: Address,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<&mut Self, StoreError> {
        self.with_tables(|t| t.put_storage(contract, key.as_ref(), value.as_ref()))
    }

    /// [`MemoryStore::put_signature`].
    pub fn put_signature(
        &mut self,
        message: impl AsRef<[u8]>,
        signature: impl AsRef<[u8]>,
    ) -> Result<&mut Self, StoreError> {
        self.put(&[super::SIGNATURES], message, signature)
    }

    /// [`MemoryStore::vouch_signatures`].
    pub fn vouch_signatures(&mut self, message: impl AsRef<[u8]>) -> Result<&mut Self, StoreError> {
        self.vouch_key(&[super::SIGNATURES], message)
    }

    /// [`RedbStore::import_store`], in this batch.
    pub fn import_store(&mut self, store: &MemoryStore) -> Result<&mut Self, StoreError> {
        self.with_tables(|tables| {
            for (path, bucket) in store.buckets() {
                if bucket.complete {
                    tables.vouch_bucket(path)?;
                }
                for (key, values) in &bucket.keys {
                    tables.put_values(path, key, values.as_slice().iter().map(|v| v.as_ref()))?;
                }
                for key in &bucket.complete_keys {
                    tables.vouch_key(path, key)?;
                }
                for (end, start, value) in bucket.ranges.values().flatten() {
                    tables.put_range(path, *start, *end, value)?;
                }
                for (start, end) in bucket.covered.ranges() {
                    tables.vouch_range(path, start, end)?;
                }
            }
            for (contract, key, value) in store.storage() {
                tables.put_storage(contract, key, value)?;
            }
            Ok(())
        })
    }

    /// Stores the batch's writes.
    pub fn commit(mut self) -> Result<(), StoreError> {
        let store = self.store;
        let txn = self.txn.take();
        shielded(&store.path, move || match txn {
            Some(txn) => txn.commit().map_err(|e| store.write_error(e)),
            None => Ok(()),
        })
    }
}

impl Drop for RedbBatch<'_> {
    fn drop(&mut self) {
        if let Some(txn) = self.txn.take() {
            // Aborting on a damaged database may fail an assertion inside redb.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(txn)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, RedbStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = RedbStore::create(dir.path().join("w.redb")).unwrap();
        (dir, store)
    }

    /// Writes raw bytes into a table, behind the store's back.
    fn poke(store: &RedbStore, table: TableDefinition<'static, Bin, Bin>, key: &[u8], value: &[u8]) {
        let txn = store.db().unwrap().begin_write().unwrap();
        txn.open_table(table).unwrap().insert(key, value).unwrap();
        txn.commit().unwrap();
    }

    fn message(result: Result<Found, StoreError>) -> String {
        match result {
            Err(StoreError::Backend(message)) => message,
            Ok(found) => panic!("expected an error, found {found:?}"),
        }
    }

    #[test]
    fn malformed_entries_are_errors() {
        let (_dir, store) = store();
        store.put(&["b"], b"k", b"v").unwrap();
        let id = 1u64.to_be_bytes();
        let buckets = vec!["b".to_string()];
        poke(&store, VALUES, &join(&id, b"k"), &[0, 0, 0, 9, 1]);
        let error = message(store.find(&Query {
            buckets: &buckets,
            lookup: Lookup::Key(b"k"),
        }));
        assert!(
            error.contains("is corrupt: a truncated list of values"),
            "{error}"
        );
        poke(&store, RANGES, &join(&id, &[0, 0xff, 0xff, 0xff, 0xff]), b"x");
        let error = message(store.find(&Query {
            buckets: &buckets,
            lookup: Lookup::Range {
                start: U256::ZERO,
                end: U256::from(10),
            },
        }));
        assert!(error.contains("a range record key of 13 bytes"), "{error}");
        assert!(store.to_memory().is_err());
        poke(&store, META, VERSION_KEY, &7u32.to_be_bytes());
        let path = store.path().to_owned();
        drop(store);
        let error = RedbStore::open(&path).unwrap_err().to_string();
        assert!(
            error.contains("has format version 7, but this engine reads version 1"),
            "{error}"
        );
    }

    #[test]
    fn range_keys_sort_by_class_then_end_then_start() {
        let id = 3u64.to_be_bytes();
        let n = U256::from;
        let mut keys = [
            range_key(&id, n(0), n(1), b"a"),
            range_key(&id, n(5), n(6), b"a"),
            range_key(&id, n(2), n(6), b"a"),
            range_key(&id, n(3), n(6), b"a"),
            range_key(&id, U256::ZERO, U256::MAX, b"a"),
        ];
        keys.sort();
        let decoded: Vec<(u8, u64, u64)> = keys
            .iter()
            .map(|k| {
                let class = k[ID];
                let end = U256::from_be_slice(&k[ID + 1..ID + 33]);
                let start = U256::from_be_slice(&k[ID + 33..ID + 65]);
                (class, end.saturating_to(), start.saturating_to())
            })
            .collect();
        assert_eq!(
            decoded,
            [(0, 1, 0), (0, 6, 5), (1, 6, 3), (2, 6, 2), (255, u64::MAX, 0)]
        );
        assert!(
            keys.iter()
                .all(|k| k.len() == RANGE_KEY && k < &next_id(&id).to_vec())
        );
    }
}
