//! Witness files: witnesses written as JSON, loaded into a [`MemoryStore`].
//!
//! ```json
//! {
//!   "signatures": [{"message": "0x…", "signature": "0x…", "complete": true}],
//!   "values": [{"bucket": ["stored", "0x…"], "key": "0x…", "value": "0x…"}],
//!   "ranges": [{"bucket": ["su", "block0x…", "range0x…"], "range": "0..100", "value": "0x…"}],
//!   "inclusion_proofs": [{"block": 5, "token": "0x…", "range": "0..100", "proof": "0x…"}],
//!   "storage": [{"contract": "0x…", "key": "0x…", "value": "0x…"}],
//!   "complete": [{"bucket": ["su", "block0x…", "range0x…"], "range": "0..100"}]
//! }
//! ```
//!
//! Every section may be left out; unknown keys are errors. Bytes are `0x` and an even number
//! of hex digits; addresses `0x` and 40 hex digits; ranges `START..END` with numbers in
//! decimal or `0x` hex, START below END; a bucket path an array of names (the hint bucket
//! part `su.block0x….range0x…` is `["su", "block0x…", "range0x…"]`). `docs/witness.md`
//! describes each field. Errors name the entry (`ranges[2].range`), say what was expected
//! and give the line and column.

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;

use alloy_primitives::{Address, Bytes, U256, hex};
use ovm_abi::input::{decode_range, decode_uint_word};
use ovm_abi::{Type, parse_address, parse_hex, parse_value};
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_path_to_error::Segment;
use thiserror::Error;

use super::memory::{MemoryStore, SIGNATURES};
use super::names::{parse_proof_bucket, proof_bucket};

/// The witnesses of a witness file, entry by entry, in the order the file lists them.
///
/// [`WitnessFile::to_json`] writes it back; [`MemoryStore::from_file`] loads it, and
/// [`MemoryStore::to_file`] writes a store as one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Object<Sections>")]
pub struct WitnessFile {
    /// Signatures over messages, in the bucket `signatures` under the message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<SignatureEntry>,
    /// Keyed values in buckets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueEntry>,
    /// Range records in buckets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<RangeEntry>,
    /// Inclusion proofs: range records in the buckets of [`proof_bucket`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inclusion_proofs: Vec<InclusionProofEntry>,
    /// Values of on-chain storage, which `IsStored` reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub storage: Vec<StorageEntry>,
    /// What the store vouches to be complete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complete: Vec<CompleteEntry>,
}

/// A signature over a message, or the vouch that there are no more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Object<RawSignature>", into = "RawSignature")]
pub struct SignatureEntry {
    /// The signed message: the key in the bucket `signatures`.
    pub message: Bytes,
    /// The signature. `None` only with `complete`: there is no signature over the message.
    pub signature: Option<Bytes>,
    /// Whether the store holds every signature over the message.
    pub complete: bool,
}

/// A value under a key in a bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Object<RawValue>", into = "RawValue")]
pub struct ValueEntry {
    /// The bucket's path.
    pub bucket: Vec<String>,
    /// The key.
    pub key: Bytes,
    /// The value.
    pub value: Bytes,
}

/// A range record in a bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Object<RawRange>", into = "RawRange")]
pub struct RangeEntry {
    /// The bucket's path.
    pub bucket: Vec<String>,
    /// The record's first number.
    pub start: U256,
    /// One past the record's last number (above `start`).
    pub end: U256,
    /// The value.
    pub value: Bytes,
}

/// An inclusion proof of a token's range at a block: the range record
/// `([start, end), proof)` in the bucket [`proof_bucket`]`(block, token)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Object<RawProof>", into = "RawProof")]
pub struct InclusionProofEntry {
    /// The block number.
    pub block: U256,
    /// The token (deposit contract) address.
    pub token: Address,
    /// The range's first number.
    pub start: U256,
    /// One past the range's last number (above `start`).
    pub end: U256,
    /// The proof.
    pub proof: Bytes,
}

/// A value of on-chain storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Object<RawStorage>", into = "RawStorage")]
pub struct StorageEntry {
    /// The storage contract.
    pub contract: Address,
    /// The key.
    pub key: Bytes,
    /// The value `retrieve(key)` returns.
    pub value: Bytes,
}

/// A vouch that the store holds everything in part of a bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Object<RawComplete>", into = "RawComplete")]
pub struct CompleteEntry {
    /// The bucket's path.
    pub bucket: Vec<String>,
    /// Which part of the bucket.
    pub scope: Scope,
}

/// Which part of a bucket a [`CompleteEntry`] vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// All of it: every lookup.
    Bucket,
    /// The values under one key.
    Key(Bytes),
    /// The range records that intersect `[start, end)`.
    Range {
        /// The first number.
        start: U256,
        /// One past the last number (above `start`).
        end: U256,
    },
}

/// Why a witness file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("invalid witness file: {}{message} at line {line} column {column}", at(.entry))]
pub struct WitnessFileError {
    /// Where in the file, as a path of keys and indices (`ranges[2].range`); `None` for the
    /// file as a whole (a JSON syntax error, an unknown section).
    pub entry: Option<String>,
    /// What is wrong, and what was expected.
    pub message: String,
    /// The line of the error, from 1.
    pub line: usize,
    /// The column of the error, from 1.
    pub column: usize,
}

/// `"ENTRY: "`, or nothing.
fn at(entry: &Option<String>) -> String {
    entry.as_ref().map(|e| format!("{e}: ")).unwrap_or_default()
}

/// What an entry of each section looks like, for messages.
fn entry_form(section: &str) -> Option<&'static str> {
    Some(match section {
        "signatures" => r#"{"message": "0x…", "signature": "0x…"}, optionally with "complete": true"#,
        "values" => r#"{"bucket": ["name", …], "key": "0x…", "value": "0x…"}"#,
        "ranges" => r#"{"bucket": ["name", …], "range": "START..END", "value": "0x…"}"#,
        "inclusion_proofs" => r#"{"block": NUMBER, "token": "0x…", "range": "START..END", "proof": "0x…"}"#,
        "storage" => r#"{"contract": "0x…", "key": "0x…", "value": "0x…"}"#,
        "complete" => {
            r#"{"bucket": ["name", …]}, {"bucket": ["name", …], "key": "0x…"} or {"bucket": ["name", …], "range": "START..END"}"#
        }
        _ => return None,
    })
}

impl WitnessFileError {
    /// The error of a failed read, with the path where it happened.
    fn new(error: serde_path_to_error::Error<serde_json::Error>) -> WitnessFileError {
        WitnessFileError::at(error.path(), error.inner())
    }

    /// The error `inner` at `path`.
    fn at(path: &serde_path_to_error::Path, inner: &serde_json::Error) -> WitnessFileError {
        let segments: Vec<&Segment> = path.iter().collect();
        let known = segments.iter().any(|s| !matches!(s, Segment::Unknown));
        let entry = known.then(|| path.to_string());
        let mut error = WitnessFileError::whole(inner);
        let mut message = std::mem::take(&mut error.message);
        // Serde's own messages about an entry's shape get the shape the entry should have.
        let section = match segments.as_slice() {
            [Segment::Map { key }] | [Segment::Map { key }, Segment::Seq { .. }] => Some(key.as_str()),
            _ => None,
        };
        let serde_message = message.starts_with("missing field") || message.starts_with("invalid type");
        if let Some(form) = section.and_then(entry_form).filter(|_| serde_message) {
            if segments.len() == 1 {
                message = format!(
                    "{message} (`{}` is an array of entries {form})",
                    section.unwrap_or("")
                );
            } else {
                message = format!("{message} (an entry is {form})");
            }
        }
        WitnessFileError {
            entry,
            message,
            ..error
        }
    }

    /// The error `inner`, of the file as a whole.
    fn whole(inner: &serde_json::Error) -> WitnessFileError {
        let (line, column) = (inner.line(), inner.column());
        let text = inner.to_string();
        let suffix = format!(" at line {line} column {column}");
        WitnessFileError {
            entry: None,
            message: text.strip_suffix(&suffix).unwrap_or(&text).to_owned(),
            line,
            column,
        }
    }
}

impl WitnessFile {
    /// Reads a witness file. Errors name the entry, say what was expected and give the line and
    /// column.
    pub fn from_json(text: &str) -> Result<WitnessFile, WitnessFileError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let file: WitnessFile =
            serde_path_to_error::deserialize(&mut deserializer).map_err(WitnessFileError::new)?;
        deserializer.end().map_err(|e| WitnessFileError::whole(&e))?;
        Ok(file)
    }

    /// The file as JSON: pretty-printed, sections in a fixed order, empty sections left out,
    /// bytes in lower-case hex, addresses checksummed, numbers in decimal; ending with a newline.
    /// The same file always gives the same text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("witness files serialise to JSON");
        text.push('\n');
        text
    }

    /// A store holding the file's witnesses.
    pub fn into_store(self) -> MemoryStore {
        MemoryStore::from_file(&self)
    }
}

impl MemoryStore {
    /// A store holding a witness file's witnesses.
    pub fn from_file(file: &WitnessFile) -> MemoryStore {
        let mut store = MemoryStore::new();
        store.add_file(file);
        store
    }

    /// Adds a witness file's witnesses, section by section in the order of
    /// [`WitnessFile`]'s fields, each in the order the file lists them.
    pub fn add_file(&mut self, file: &WitnessFile) -> &mut MemoryStore {
        for entry in &file.signatures {
            if let Some(signature) = &entry.signature {
                self.put_signature(&entry.message, signature.clone());
            }
            if entry.complete {
                self.vouch_signatures(&entry.message);
            }
        }
        for entry in &file.values {
            self.put(&entry.bucket, &entry.key, entry.value.clone());
        }
        for entry in &file.ranges {
            self.put_range(&entry.bucket, entry.start, entry.end, entry.value.clone());
        }
        for entry in &file.inclusion_proofs {
            let bucket = proof_bucket(entry.block, entry.token);
            self.put_range(&bucket, entry.start, entry.end, entry.proof.clone());
        }
        for entry in &file.storage {
            self.put_storage(entry.contract, &entry.key, entry.value.clone());
        }
        for entry in &file.complete {
            match &entry.scope {
                Scope::Bucket => self.vouch_bucket(&entry.bucket),
                Scope::Key(key) => self.vouch_key(&entry.bucket, key),
                Scope::Range { start, end } => self.vouch_range(&entry.bucket, *start, *end),
            };
        }
        self
    }

    /// The store as a witness file, which [`MemoryStore::from_file`] reads back into an equal
    /// store: the bucket `signatures`' keyed values as `signatures` (a message's vouch on its
    /// last signature), records in the buckets of [`proof_bucket`] as `inclusion_proofs`, and
    /// everything in buckets, keys and records order (a key's values in insertion order,
    /// records by end, start and value).
    ///
    /// A bucket path that witness files reject (no names, or a name with a dot, which no hint
    /// can spell) is written as it is, and reading the file fails.
    pub fn to_file(&self) -> WitnessFile {
        let mut file = WitnessFile::default();
        for (path, bucket) in self.buckets() {
            let signatures = path.len() == 1 && path[0] == SIGNATURES;
            if signatures {
                let messages: BTreeSet<&Bytes> = bucket.keys.keys().chain(&bucket.complete_keys).collect();
                for message in messages {
                    let complete = bucket.complete_keys.contains(message);
                    let values = bucket.keys.get(message).map(|v| v.as_slice()).unwrap_or_default();
                    if values.is_empty() {
                        file.signatures.push(SignatureEntry {
                            message: message.clone(),
                            signature: None,
                            complete,
                        });
                    }
                    for (i, signature) in values.iter().enumerate() {
                        file.signatures.push(SignatureEntry {
                            message: message.clone(),
                            signature: Some(signature.clone()),
                            complete: complete && i + 1 == values.len(),
                        });
                    }
                }
            } else {
                for (key, values) in &bucket.keys {
                    for value in values.as_slice() {
                        file.values.push(ValueEntry {
                            bucket: path.to_vec(),
                            key: key.clone(),
                            value: value.clone(),
                        });
                    }
                }
            }
            let mut records: Vec<_> = bucket.ranges.values().flatten().collect();
            records.sort_unstable();
            let proof = parse_proof_bucket(path);
            for (end, start, value) in records {
                match proof {
                    Some((block, token)) => file.inclusion_proofs.push(InclusionProofEntry {
                        block,
                        token,
                        start: *start,
                        end: *end,
                        proof: value.clone(),
                    }),
                    None => file.ranges.push(RangeEntry {
                        bucket: path.to_vec(),
                        start: *start,
                        end: *end,
                        value: value.clone(),
                    }),
                }
            }
            let mut vouch = |scope| {
                file.complete.push(CompleteEntry {
                    bucket: path.to_vec(),
                    scope,
                })
            };
            if bucket.complete {
                vouch(Scope::Bucket);
            }
            if !signatures {
                for key in &bucket.complete_keys {
                    vouch(Scope::Key(key.clone()));
                }
            }
            for (start, end) in bucket.covered.ranges() {
                vouch(Scope::Range { start, end });
            }
        }
        for (contract, key, value) in self.storage() {
            file.storage.push(StorageEntry {
                contract,
                key: key.clone(),
                value: value.clone(),
            });
        }
        file
    }
}

// The JSON forms of the entries, with the fields as the file writes them.

/// [`WitnessFile`] as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sections {
    /// See [`WitnessFile::signatures`].
    #[serde(default)]
    signatures: Vec<SignatureEntry>,
    /// See [`WitnessFile::values`].
    #[serde(default)]
    values: Vec<ValueEntry>,
    /// See [`WitnessFile::ranges`].
    #[serde(default)]
    ranges: Vec<RangeEntry>,
    /// See [`WitnessFile::inclusion_proofs`].
    #[serde(default)]
    inclusion_proofs: Vec<InclusionProofEntry>,
    /// See [`WitnessFile::storage`].
    #[serde(default)]
    storage: Vec<StorageEntry>,
    /// See [`WitnessFile::complete`].
    #[serde(default)]
    complete: Vec<CompleteEntry>,
}

impl From<Object<Sections>> for WitnessFile {
    fn from(Object(raw): Object<Sections>) -> WitnessFile {
        WitnessFile {
            signatures: raw.signatures,
            values: raw.values,
            ranges: raw.ranges,
            inclusion_proofs: raw.inclusion_proofs,
            storage: raw.storage,
            complete: raw.complete,
        }
    }
}

impl Form for Sections {
    const EXPECTING: &'static str = "a witness file: a JSON object of sections (\"signatures\", \"values\", \"ranges\", \"inclusion_proofs\", \"storage\", \"complete\")";
}

/// [`SignatureEntry`] as written.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignature {
    /// See [`SignatureEntry::message`].
    message: Hex,
    /// See [`SignatureEntry::signature`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signature: Option<Hex>,
    /// See [`SignatureEntry::complete`].
    #[serde(default, skip_serializing_if = "is_false")]
    complete: bool,
}

/// Whether a flag is off, to leave it out.
fn is_false(flag: &bool) -> bool {
    !flag
}

impl TryFrom<Object<RawSignature>> for SignatureEntry {
    type Error = String;

    fn try_from(Object(raw): Object<RawSignature>) -> Result<SignatureEntry, String> {
        if raw.signature.is_none() && !raw.complete {
            return Err(
                "a signature entry without a `signature` must say \"complete\": true (to vouch \
                        that there is no signature over the message); otherwise add the signature"
                    .to_owned(),
            );
        }
        Ok(SignatureEntry {
            message: raw.message.0,
            signature: raw.signature.map(|s| s.0),
            complete: raw.complete,
        })
    }
}

impl Form for RawSignature {
    const EXPECTING: &'static str = "an entry of `signatures`: a JSON object";
}

impl From<SignatureEntry> for RawSignature {
    fn from(entry: SignatureEntry) -> RawSignature {
        RawSignature {
            message: Hex(entry.message),
            signature: entry.signature.map(Hex),
            complete: entry.complete,
        }
    }
}

/// [`ValueEntry`] as written.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    /// See [`ValueEntry::bucket`].
    bucket: BucketPath,
    /// See [`ValueEntry::key`].
    key: Hex,
    /// See [`ValueEntry::value`].
    value: Hex,
}

impl From<Object<RawValue>> for ValueEntry {
    fn from(Object(raw): Object<RawValue>) -> ValueEntry {
        ValueEntry {
            bucket: raw.bucket.0,
            key: raw.key.0,
            value: raw.value.0,
        }
    }
}

impl Form for RawValue {
    const EXPECTING: &'static str = "an entry of `values`: a JSON object";
}

impl From<ValueEntry> for RawValue {
    fn from(entry: ValueEntry) -> RawValue {
        RawValue {
            bucket: BucketPath(entry.bucket),
            key: Hex(entry.key),
            value: Hex(entry.value),
        }
    }
}

/// [`RangeEntry`] as written.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    /// See [`RangeEntry::bucket`].
    bucket: BucketPath,
    /// The range, `START..END`.
    range: Span,
    /// See [`RangeEntry::value`].
    value: Hex,
}

impl From<Object<RawRange>> for RangeEntry {
    fn from(Object(raw): Object<RawRange>) -> RangeEntry {
        RangeEntry {
            bucket: raw.bucket.0,
            start: raw.range.0,
            end: raw.range.1,
            value: raw.value.0,
        }
    }
}

impl Form for RawRange {
    const EXPECTING: &'static str = "an entry of `ranges`: a JSON object";
}

impl From<RangeEntry> for RawRange {
    fn from(entry: RangeEntry) -> RawRange {
        RawRange {
            bucket: BucketPath(entry.bucket),
            range: Span(entry.start, entry.end),
            value: Hex(entry.value),
        }
    }
}

/// [`InclusionProofEntry`] as written.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProof {
    /// See [`InclusionProofEntry::block`].
    block: Number,
    /// See [`InclusionProofEntry::token`].
    token: AddressText,
    /// The range, `START..END`.
    range: Span,
    /// See [`InclusionProofEntry::proof`].
    proof: Hex,
}

impl From<Object<RawProof>> for InclusionProofEntry {
    fn from(Object(raw): Object<RawProof>) -> InclusionProofEntry {
        InclusionProofEntry {
            block: raw.block.0,
            token: raw.token.0,
            start: raw.range.0,
            end: raw.range.1,
            proof: raw.proof.0,
        }
    }
}

impl Form for RawProof {
    const EXPECTING: &'static str = "an entry of `inclusion_proofs`: a JSON object";
}

impl From<InclusionProofEntry> for RawProof {
    fn from(entry: InclusionProofEntry) -> RawProof {
        RawProof {
            block: Number(entry.block),
            token: AddressText(entry.token),
            range: Span(entry.start, entry.end),
            proof: Hex(entry.proof),
        }
    }
}

/// [`StorageEntry`] as written.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    /// See [`StorageEntry::contract`].
    contract: AddressText,
    /// See [`StorageEntry::key`].
    key: Hex,
    /// See [`StorageEntry::value`].
    value: Hex,
}

impl From<Object<RawStorage>> for StorageEntry {
    fn from(Object(raw): Object<RawStorage>) -> StorageEntry {
        StorageEntry {
            contract: raw.contract.0,
            key: raw.key.0,
            value: raw.value.0,
        }
    }
}

impl Form for RawStorage {
    const EXPECTING: &'static str = "an entry of `storage`: a JSON object";
}

impl From<StorageEntry> for RawStorage {
    fn from(entry: StorageEntry) -> RawStorage {
        RawStorage {
            contract: AddressText(entry.contract),
            key: Hex(entry.key),
            value: Hex(entry.value),
        }
    }
}

/// [`CompleteEntry`] as written.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComplete {
    /// See [`CompleteEntry::bucket`].
    bucket: BucketPath,
    /// See [`Scope`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<Hex>,
    /// The range, `START..END`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    range: Option<Span>,
}

impl TryFrom<Object<RawComplete>> for CompleteEntry {
    type Error = &'static str;

    fn try_from(Object(raw): Object<RawComplete>) -> Result<CompleteEntry, &'static str> {
        let scope = match (raw.key, raw.range) {
            (None, None) => Scope::Bucket,
            (Some(key), None) => Scope::Key(key.0),
            (None, Some(Span(start, end))) => Scope::Range { start, end },
            (Some(_), Some(_)) => {
                return Err(
                    "an entry of `complete` vouches for a whole bucket, one `key` or one \
                            `range`, not both a key and a range (write two entries)",
                );
            }
        };
        Ok(CompleteEntry {
            bucket: raw.bucket.0,
            scope,
        })
    }
}

impl Form for RawComplete {
    const EXPECTING: &'static str = "an entry of `complete`: a JSON object";
}

impl From<CompleteEntry> for RawComplete {
    fn from(entry: CompleteEntry) -> RawComplete {
        let (key, range) = match entry.scope {
            Scope::Bucket => (None, None),
            Scope::Key(key) => (Some(Hex(key)), None),
            Scope::Range { start, end } => (None, Some(Span(start, end))),
        };
        RawComplete {
            bucket: BucketPath(entry.bucket),
            key,
            range,
        }
    }
}

/// A struct read only from a JSON object: serde would also read an array of its fields in
/// order, which no one writes on purpose.
struct Object<T>(T);

/// What a struct read as an [`Object`] is, for messages.
trait Form {
    /// What was expected.
    const EXPECTING: &'static str;
}

/// The visitor of [`Object`].
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Form> Visitor<'de> for ObjectVisitor<T> {
    type Value = Object<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Object)
    }
}

impl<'de, T: Deserialize<'de> + Form> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object<T>, D::Error> {
        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

// The values in entries, each read as the command line reads it.

/// Bytes, written `0x…`.
#[derive(Clone)]
struct Hex(Bytes);

/// An address, written `0x` and 40 hex digits.
#[derive(Clone)]
struct AddressText(Address);

/// A non-empty range `[start, end)`, written `START..END`.
#[derive(Clone)]
struct Span(U256, U256);

/// A number, written as a JSON integer or as a string in decimal or `0x` hex.
#[derive(Clone)]
struct Number(U256);

/// A bucket path: an array of names, none with a dot.
#[derive(Clone)]
struct BucketPath(Vec<String>);

/// A visitor of strings that parses them with `parse`, expecting `expected`.
struct TextVisitor<T> {
    /// What the value looks like.
    expected: &'static str,
    /// The parser.
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(E::custom)
    }
}

/// Reads a string with `parse`.
fn text<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expected: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(TextVisitor { expected, parse })
}

impl<'de> Deserialize<'de> for Hex {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hex, D::Error> {
        text(
            deserializer,
            "bytes as a string: \"0x\" and an even number of hex digits",
            |t| parse_hex(t).map(Hex).map_err(|e| e.to_string()),
        )
    }
}

impl Serialize for Hex {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode_prefixed(&self.0))
    }
}

impl<'de> Deserialize<'de> for AddressText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AddressText, D::Error> {
        text(
            deserializer,
            "an address as a string: \"0x\" and 40 hex digits",
            |t| parse_address(t).map(AddressText).map_err(|e| e.to_string()),
        )
    }
}

impl Serialize for AddressText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_checksum(None))
    }
}

/// Parses a non-empty range `START..END`.
fn parse_span(text: &str) -> Result<Span, String> {
    let encoded = parse_value(Type::Range, text).map_err(|e| e.to_string())?;
    let (start, end) = decode_range(&encoded).ok_or("a range encodes as 64 bytes")?;
    if start >= end {
        return Err(format!(
            "the range `{text}` is empty (its start is not below its end), so nothing could ever \
             intersect it: write START..END with START < END (END is one past the last number)"
        ));
    }
    Ok(Span(start, end))
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        text(
            deserializer,
            "a range as a string \"START..END\" (numbers in decimal or 0x hex)",
            parse_span,
        )
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}..{}", self.0, self.1))
    }
}

/// The visitor of [`Number`].
struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number: a non-negative JSON integer, or a string in decimal or 0x hex")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
        Ok(Number(U256::from(n)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Number, E> {
        let word = parse_value(Type::BigNumber, text).map_err(E::custom)?;
        decode_uint_word(&word)
            .map(Number)
            .ok_or_else(|| E::custom("a number encodes as 32 bytes"))
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Number, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match u64::try_from(self.0) {
            Ok(n) => serializer.serialize_u64(n),
            Err(_) => serializer.collect_str(&self.0),
        }
    }
}

/// The visitor of [`BucketPath`].
struct PathVisitor;

/// What a bucket path looks like.
const PATH: &str = "a bucket path: an array of names, such as [\"su\", \"block0x…\", \"range0x…\"]";

impl<'de> Visitor<'de> for PathVisitor {
    type Value = BucketPath;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PATH)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<BucketPath, E> {
        let names: Vec<String> = text.split('.').map(|name| format!("{name:?}")).collect();
        Err(E::custom(format!(
            "expected {PATH}, got the string {text:?}: write the names as an array, [{}]",
            names.join(", ")
        )))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<BucketPath, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            if name.contains('.') {
                let parts: Vec<String> = name.split('.').map(|n| format!("{n:?}")).collect();
                return Err(de::Error::custom(format!(
                    "the bucket name {name:?} contains a dot, which separates names in a hint: \
                     write it as separate names, {}",
                    parts.join(", ")
                )));
            }
            names.push(name);
        }
        if names.is_empty() {
            return Err(de::Error::custom(format!("expected {PATH}, got an empty array")));
        }
        Ok(BucketPath(names))
    }
}

impl<'de> Deserialize<'de> for BucketPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<BucketPath, D::Error> {
        deserializer.deserialize_any(PathVisitor)
    }
}

impl Serialize for BucketPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_block_numbers_are_written_as_strings() {
        let proof = |block| InclusionProofEntry {
            block,
            token: Address::ZERO,
            start: U256::ZERO,
            end: U256::from(1),
            proof: Bytes::new(),
        };
        let file = WitnessFile {
            inclusion_proofs: vec![
                proof(U256::from(u64::MAX)),
                proof(U256::from(u64::MAX) + U256::from(1)),
            ],
            ..WitnessFile::default()
        };
        let json = file.to_json();
        assert!(json.contains("\"block\": 18446744073709551615,"), "{json}");
        assert!(json.contains("\"block\": \"18446744073709551616\","), "{json}");
        assert_eq!(WitnessFile::from_json(&json).unwrap(), file);
    }

    #[test]
    fn scopes_write_one_field() {
        let entry = |scope| CompleteEntry {
            bucket: vec!["b".to_owned()],
            scope,
        };
        let file = WitnessFile {
            complete: vec![
                entry(Scope::Bucket),
                entry(Scope::Key(Bytes::from_static(&[1]))),
                entry(Scope::Range {
                    start: U256::from(1),
                    end: U256::from(2),
                }),
            ],
            ..WitnessFile::default()
        };
        let json = serde_json::to_string(&file).unwrap();
        assert_eq!(
            json,
            r#"{"complete":[{"bucket":["b"]},{"bucket":["b"],"key":"0x01"},{"bucket":["b"],"range":"1..2"}]}"#
        );
        assert_eq!(WitnessFile::from_json(&json).unwrap(), file);
    }
}
