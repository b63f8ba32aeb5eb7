//! Witness stores: lookups, ordering, completeness, storage, witness files and the persistent
//! store, which must answer exactly as the memory store does.

use alloy_primitives::{Address, Bytes, U256, address};
use ovm_engine::store::{
    CompleteEntry, Found, Lookup, MemoryStore, Query, RedbStore, Scope, StoreError, WitnessFile,
    WitnessStore, bucket_path, proof_bucket,
};
use proptest::prelude::*;

fn n(x: u64) -> U256 {
    U256::from(x)
}

fn bytes(text: &str) -> Bytes {
    Bytes::copy_from_slice(text.as_bytes())
}

fn names(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| s.to_string()).collect()
}

fn find(store: &dyn WitnessStore, path: &[&str], lookup: Lookup<'_>) -> Found {
    let buckets = names(path);
    store
        .find(&Query {
            buckets: &buckets,
            lookup,
        })
        .unwrap()
}

fn key(store: &dyn WitnessStore, path: &[&str], key: &str) -> Found {
    find(store, path, Lookup::Key(key.as_bytes()))
}

fn iter(store: &dyn WitnessStore, path: &[&str], lower: &str) -> Found {
    find(store, path, Lookup::Iter(lower.as_bytes()))
}

fn range(store: &dyn WitnessStore, path: &[&str], start: u64, end: u64) -> Found {
    find(
        store,
        path,
        Lookup::Range {
            start: n(start),
            end: n(end),
        },
    )
}

fn found(values: &[&str], complete: bool) -> Found {
    Found {
        values: values.iter().map(|v| bytes(v)).collect(),
        complete,
    }
}

// Lookups and ordering.

#[test]
fn key_lookups_keep_insertion_order_and_ignore_duplicates() {
    let mut store = MemoryStore::new();
    store
        .put(&["b"], "k", bytes("second"))
        .put(&["b"], "k", bytes("first"))
        .put(&["b"], "k", bytes("second"))
        .put(&["b"], "other", bytes("x"));
    assert_eq!(key(&store, &["b"], "k"), found(&["second", "first"], false));
    assert_eq!(key(&store, &["b"], "missing"), found(&[], false));
    assert_eq!(key(&store, &["missing"], "k"), found(&[], false));
    // A path is a whole path: neither a prefix nor an extension finds the bucket.
    assert_eq!(key(&store, &["b", "c"], "k"), found(&[], false));
    assert_eq!(key(&store, &[], "k"), found(&[], false));
}

#[test]
fn buckets_are_paths_of_names() {
    let mut store = MemoryStore::new();
    store
        .put(&["su", "block0x05"], "k", bytes("a"))
        .put(&["su"], "k", bytes("b"))
        .put(&["su.block0x05"], "k", bytes("c"));
    assert_eq!(key(&store, &["su", "block0x05"], "k"), found(&["a"], false));
    assert_eq!(key(&store, &["su"], "k"), found(&["b"], false));
    assert_eq!(key(&store, &["su.block0x05"], "k"), found(&["c"], false));
    assert_eq!(bucket_path("su.block0x05"), names(&["su", "block0x05"]));
}

#[test]
fn iter_lookups_go_from_the_lower_bound_in_byte_order() {
    let mut store = MemoryStore::new();
    for (k, v) in [
        ("b", "4"),
        ("a\0", "2"),
        ("ab", "3"),
        ("a", "1"),
        ("", "0"),
        ("ab", "3b"),
    ] {
        store.put(&["so"], k, bytes(v));
    }
    assert_eq!(
        iter(&store, &["so"], ""),
        found(&["0", "1", "2", "3", "3b", "4"], false)
    );
    assert_eq!(
        iter(&store, &["so"], "a"),
        found(&["1", "2", "3", "3b", "4"], false)
    );
    assert_eq!(iter(&store, &["so"], "a\u{1}"), found(&["3", "3b", "4"], false));
    assert_eq!(iter(&store, &["so"], "c"), found(&[], false));
    assert_eq!(iter(&store, &["none"], ""), found(&[], false));
}

#[test]
fn range_lookups_return_intersecting_records_by_end_then_start_then_value() {
    let mut store = MemoryStore::new();
    let su = ["su"];
    store
        .put_range(&su, n(0), n(10), bytes("a"))
        .put_range(&su, n(10), n(20), bytes("b"))
        .put_range(&su, n(5), n(20), bytes("c"))
        .put_range(&su, n(5), n(20), bytes("bb"))
        .put_range(&su, n(30), n(40), bytes("d"))
        .put_range(&su, n(0), n(100), bytes("wide"))
        .put_range(&su, n(0), n(10), bytes("a"));
    // Half-open: [0, 10) and [10, 20) touch but do not intersect.
    assert_eq!(range(&store, &su, 0, 10), found(&["a", "bb", "c", "wide"], false));
    assert_eq!(
        range(&store, &su, 10, 11),
        found(&["bb", "c", "b", "wide"], false)
    );
    assert_eq!(range(&store, &su, 9, 10), found(&["a", "bb", "c", "wide"], false));
    assert_eq!(range(&store, &su, 20, 30), found(&["wide"], false));
    assert_eq!(
        range(&store, &su, 0, 1000),
        found(&["a", "bb", "c", "b", "d", "wide"], false)
    );
    assert_eq!(range(&store, &su, 100, 1000), found(&[], false));
    // An empty query range intersects nothing, and that is certain.
    assert_eq!(range(&store, &su, 5, 5), found(&[], true));
    assert_eq!(range(&store, &su, 7, 3), found(&[], true));
    assert_eq!(range(&store, &["none"], 7, 3), found(&[], true));
}

#[test]
fn range_lookups_find_long_records_among_short_ones() {
    let mut store = MemoryStore::new();
    let b = ["b"];
    for i in 0..1000u64 {
        store.put_range(
            &b,
            n(i * 10),
            n(i * 10 + 10),
            Bytes::from(i.to_be_bytes().to_vec()),
        );
    }
    store.put_range(&b, U256::ZERO, U256::MAX, bytes("everything"));
    store.put_range(&b, n(4), U256::MAX, bytes("almost"));
    let hits = range(&store, &b, 5000, 5001);
    assert_eq!(hits.values.len(), 3);
    assert_eq!(hits.values[0], Bytes::from(500u64.to_be_bytes().to_vec()));
    assert_eq!(hits.values[1..], [bytes("everything"), bytes("almost")]);
    // A record ending at 2^256-1 is found by a query just below it, not at it.
    let top = find(
        &store,
        &b,
        Lookup::Range {
            start: U256::MAX - n(1),
            end: U256::MAX,
        },
    );
    assert_eq!(top.values, [bytes("everything"), bytes("almost")]);
    // Empty records are never stored.
    store.put_range(&["empty"], n(5), n(5), bytes("x"));
    assert_eq!(range(&store, &["empty"], 0, 10), found(&[], false));
    assert_eq!(store.to_file(), {
        let mut s = MemoryStore::new();
        s.put_range(&b, U256::ZERO, U256::MAX, bytes("everything"));
        s.put_range(&b, n(4), U256::MAX, bytes("almost"));
        for i in 0..1000u64 {
            s.put_range(
                &b,
                n(i * 10),
                n(i * 10 + 10),
                Bytes::from(i.to_be_bytes().to_vec()),
            );
        }
        s.to_file()
    });
}

// Completeness.

#[test]
fn a_vouched_bucket_makes_every_lookup_in_it_complete() {
    let mut store = MemoryStore::new();
    store
        .put(&["so"], "k", bytes("v"))
        .put_range(&["so"], n(0), n(10), bytes("r"))
        .vouch_bucket(&["so"])
        .vouch_bucket(&["empty"]);
    assert_eq!(key(&store, &["so"], "k"), found(&["v"], true));
    assert_eq!(key(&store, &["so"], "other"), found(&[], true));
    assert_eq!(iter(&store, &["so"], ""), found(&["v"], true));
    assert_eq!(range(&store, &["so"], 5, 50), found(&["r"], true));
    assert_eq!(key(&store, &["empty"], "k"), found(&[], true));
    assert_eq!(iter(&store, &["empty"], ""), found(&[], true));
    // Only that bucket: not its extensions.
    assert_eq!(key(&store, &["so", "x"], "k"), found(&[], false));
}

#[test]
fn a_vouched_key_makes_only_that_key_complete() {
    let mut store = MemoryStore::new();
    store
        .put(&["b"], "k", bytes("v"))
        .vouch_key(&["b"], "k")
        .vouch_key(&["b"], "none");
    assert_eq!(key(&store, &["b"], "k"), found(&["v"], true));
    assert_eq!(key(&store, &["b"], "none"), found(&[], true));
    assert_eq!(key(&store, &["b"], "other"), found(&[], false));
    // ITER is complete only for a vouched bucket.
    assert_eq!(iter(&store, &["b"], "k"), found(&["v"], false));
    assert_eq!(range(&store, &["b"], 0, 10), found(&[], false));
}

#[test]
fn vouched_ranges_merge_and_cover_lookups_inside_them() {
    let mut store = MemoryStore::new();
    let b = ["b"];
    store
        .put_range(&b, n(0), n(100), bytes("r"))
        .vouch_range(&b, n(0), n(10))
        .vouch_range(&b, n(10), n(20))
        .vouch_range(&b, n(15), n(30))
        .vouch_range(&b, n(40), n(50))
        .vouch_range(&b, n(60), n(60));
    for (start, end, complete) in [
        (0, 30, true),
        (5, 25, true),
        (29, 30, true),
        (0, 31, false),
        (25, 45, false),
        (40, 50, true),
        (39, 41, false),
        (60, 61, false),
        (30, 40, false),
    ] {
        assert_eq!(
            range(&store, &b, start, end),
            found(&["r"], complete),
            "[{start}, {end})"
        );
    }
    // Filling the gap joins the pieces.
    store.vouch_range(&b, n(30), n(40));
    assert_eq!(range(&store, &b, 0, 50), found(&["r"], true));
    assert_eq!(range(&store, &b, 0, 51), found(&["r"], false));
    // Range vouches say nothing of keys or ITER.
    assert_eq!(key(&store, &b, "k"), found(&[], false));
    assert_eq!(iter(&store, &b, ""), found(&[], false));
    let file = store.to_file();
    let covered: Vec<&Scope> = file.complete.iter().map(|c: &CompleteEntry| &c.scope).collect();
    assert_eq!(
        covered,
        [&Scope::Range {
            start: n(0),
            end: n(50)
        }]
    );
}

// Signatures and storage.

#[test]
fn signatures_are_keyed_by_message() {
    let mut store = MemoryStore::new();
    store
        .put_signature(b"msg", bytes("sig1"))
        .put_signature(b"msg", bytes("sig2"))
        .vouch_signatures(b"msg")
        .vouch_signatures(b"unsigned");
    assert_eq!(
        key(&store, &["signatures"], "msg"),
        found(&["sig1", "sig2"], true)
    );
    assert_eq!(key(&store, &["signatures"], "unsigned"), found(&[], true));
    assert_eq!(key(&store, &["signatures"], "other"), found(&[], false));
}

#[test]
fn storage_values_are_by_contract_and_key_and_replaced() {
    let a = address!("0x00000000000000000000000000000000000000aa");
    let b = address!("0x00000000000000000000000000000000000000bb");
    let mut store = MemoryStore::new();
    store
        .put_storage(a, b"k", bytes("old"))
        .put_storage(a, b"k", bytes("new"))
        .put_storage(b, b"k", bytes("b"));
    assert_eq!(store.stored(a, b"k").unwrap(), Some(bytes("new")));
    assert_eq!(store.stored(b, b"k").unwrap(), Some(bytes("b")));
    assert_eq!(store.stored(a, b"missing").unwrap(), None);
    assert_eq!(store.stored(Address::ZERO, b"k").unwrap(), None);
    // Storage is not a bucket.
    assert!(key(&store, &["stored"], "k").values.is_empty());
}

// Witness files.

/// The example of `docs/witness.md`: its first JSON block.
fn doc_example() -> &'static str {
    let doc = include_str!("../../docs/witness.md");
    let start = doc.find("```json\n").expect("the doc has a JSON example") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    &doc[start..end]
}

const TOKEN: Address = address!("0x9a9f2ccfde556a7e9ff0848998aa4a0cfd8863ae");
const COMMITMENT: Address = address!("0x68b1d87f95878fe05b998f19b66f4baba5de1aed");

#[test]
fn the_documented_example_reads_as_documented() {
    let file = WitnessFile::from_json(doc_example()).unwrap();
    let store = file.clone().into_store();
    let word = |x: u64| format!("0x{x:064x}");
    let token = format!("0x{:0>64}", TOKEN.to_string()[2..].to_lowercase());
    let su = [
        "su".to_string(),
        format!("block{}", word(5)),
        format!("range{token}"),
    ];
    let su: Vec<&str> = su.iter().map(String::as_str).collect();
    let sig = find(&store, &["signatures"], Lookup::Key(&[0x12, 0x34]));
    assert_eq!(sig.values, [Bytes::from_static(&[0xab, 0xcd])]);
    assert!(!sig.complete);
    assert_eq!(
        find(&store, &["signatures"], Lookup::Key(&[0x56, 0x78])),
        Found {
            values: vec![],
            complete: true
        }
    );
    let states = range(&store, &su, 10, 20);
    assert_eq!(states.values, [Bytes::from_static(&[0x01])]);
    assert!(states.complete);
    assert!(!range(&store, &su, 90, 110).complete);
    let proofs = find(
        &store,
        &proof_bucket(n(5), TOKEN)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        Lookup::Range {
            start: n(0),
            end: n(1),
        },
    );
    assert_eq!(proofs.values, [Bytes::from_static(&[0xfe, 0xed])]);
    let root = Bytes::from(vec![0x11; 32]);
    let block = ovm_abi::input::uint_word(n(5));
    assert_eq!(store.stored(COMMITMENT, &block).unwrap(), Some(root.clone()));
    let stored = [
        "stored".to_string(),
        format!("0x{:0>64}", COMMITMENT.to_string()[2..].to_lowercase()),
    ];
    let stored: Vec<&str> = stored.iter().map(String::as_str).collect();
    assert_eq!(find(&store, &stored, Lookup::Key(&block)).values, [root]);
    let orders = iter(&store, &["so"], "");
    assert_eq!(orders.values, [Bytes::from_static(&[0x0a])]);
    assert!(orders.complete);
}

#[test]
fn files_round_trip_through_stores_and_json() {
    let file = WitnessFile::from_json(doc_example()).unwrap();
    let json = file.to_json();
    assert_eq!(WitnessFile::from_json(&json).unwrap(), file);
    assert_eq!(file.to_json(), json, "the same file writes the same text");
    let store = MemoryStore::from_file(&file);
    let canonical = store.to_file();
    assert_eq!(MemoryStore::from_file(&canonical), store);
    let text = canonical.to_json();
    assert_eq!(
        MemoryStore::from_file(&WitnessFile::from_json(&text).unwrap()),
        store
    );
    assert_eq!(
        MemoryStore::from_file(&WitnessFile::from_json(&text).unwrap())
            .to_file()
            .to_json(),
        text
    );
    // Inclusion proofs stay inclusion proofs.
    assert_eq!(canonical.inclusion_proofs.len(), 1);
    assert_eq!(canonical.inclusion_proofs[0].token, TOKEN);
    assert!(WitnessFile::from_json("{}").unwrap().into_store().is_empty());
    assert_eq!(WitnessFile::default().to_json(), "{}\n");
}

#[test]
fn canonical_files_keep_signature_vouches_on_the_last_signature() {
    let mut store = MemoryStore::new();
    store
        .put_signature(b"m", bytes("s1"))
        .put_signature(b"m", bytes("s2"))
        .vouch_signatures(b"m")
        .vouch_signatures(b"n")
        .put_signature(b"o", bytes("s3"));
    let json = store.to_file().to_json();
    assert_eq!(
        json,
        r#"{
  "signatures": [
    {
      "message": "0x6d",
      "signature": "0x7331"
    },
    {
      "message": "0x6d",
      "signature": "0x7332",
      "complete": true
    },
    {
      "message": "0x6e",
      "complete": true
    },
    {
      "message": "0x6f",
      "signature": "0x7333"
    }
  ]
}
"#
    );
    assert_eq!(
        MemoryStore::from_file(&WitnessFile::from_json(&json).unwrap()),
        store
    );
}

#[test]
fn file_errors_name_the_entry_and_the_expected_form() {
    let cases = [
        (
            r#"{"ranges": [{"bucket": ["a"], "range": "5", "value": "0x"}]}"#,
            "invalid witness file: ranges[0].range: expected a range: START..END with two numbers \
             (decimal or 0x hex), got `5` at line 1 column 42",
        ),
        (
            r#"{"ranges": [{"bucket": ["a"], "range": "9..3", "value": "0x"}]}"#,
            "invalid witness file: ranges[0].range: the range `9..3` is empty (its start is not below \
             its end), so nothing could ever intersect it: write START..END with START < END (END is \
             one past the last number) at line 1 column 45",
        ),
        (
            "{\"ranges\": [\n  {\"bucket\": [\"a\"], \"range\": \"0..5\"}\n]}",
            "invalid witness file: ranges[0]: missing field `value` (an entry is {\"bucket\": \
             [\"name\", …], \"range\": \"START..END\", \"value\": \"0x…\"}) at line 2 column 36",
        ),
        (
            r#"{"values": [{"bucket": ["a"], "key": "0x", "value": "0x", "extra": 1}]}"#,
            "invalid witness file: values[0].extra: unknown field `extra`, expected one of `bucket`, \
             `key`, `value` at line 1 column 65",
        ),
        (
            r#"{"values": [{"bucket": "su.block0x05", "key": "0x", "value": "0x"}]}"#,
            "invalid witness file: values[0].bucket: expected a bucket path: an array of names, such as \
             [\"su\", \"block0x…\", \"range0x…\"], got the string \"su.block0x05\": write the names as \
             an array, [\"su\", \"block0x05\"] at line 1 column 37",
        ),
        (
            r#"{"values": [{"bucket": ["su.block0x05"], "key": "0x", "value": "0x"}]}"#,
            "invalid witness file: values[0].bucket: the bucket name \"su.block0x05\" contains a dot, \
             which separates names in a hint: write it as separate names, \"su\", \"block0x05\" at line \
             1 column 39",
        ),
        (
            r#"{"values": [{"bucket": [], "key": "0x", "value": "0x"}]}"#,
            "invalid witness file: values[0].bucket: expected a bucket path: an array of names, such as \
             [\"su\", \"block0x…\", \"range0x…\"], got an empty array at line 1 column 25",
        ),
        (
            r#"{"values": [{"bucket": ["a"], "key": "0x123", "value": "0x"}]}"#,
            "invalid witness file: values[0].key: expected bytes: 0x followed by an even number of hex \
             digits, got `0x123` (3 hex digits) at line 1 column 44",
        ),
        (
            r#"{"values": [{"bucket": ["a"], "key": 5, "value": "0x"}]}"#,
            "invalid witness file: values[0].key: invalid type: integer `5`, expected bytes as a string: \
             \"0x\" and an even number of hex digits at line 1 column 38",
        ),
        (
            r#"{"values": [{"bucket": ["a", 5], "key": "0x", "value": "0x"}]}"#,
            "invalid witness file: values[0].bucket[1]: invalid type: integer `5`, expected a string at \
             line 1 column 30",
        ),
        (
            r#"{"signatures": [{"message": "0x12"}]}"#,
            "invalid witness file: signatures[0]: a signature entry without a `signature` must say \
             \"complete\": true (to vouch that there is no signature over the message); otherwise add \
             the signature at line 1 column 36",
        ),
        (
            r#"{"storage": [{"contract": "0x12", "key": "0x", "value": "0x"}]}"#,
            "invalid witness file: storage[0].contract: expected an address: 0x followed by 40 hex \
             digits, got `0x12` (2 hex digits) at line 1 column 32",
        ),
        (
            r#"{"inclusion_proofs": [{"block": -1, "token": "0x12", "range": "0..1", "proof": "0x"}]}"#,
            "invalid witness file: inclusion_proofs[0].block: invalid type: integer `-1`, expected a \
             number: a non-negative JSON integer, or a string in decimal or 0x hex at line 1 column 34",
        ),
        (
            r#"{"complete": [{"bucket": ["a"], "key": "0x", "range": "0..1"}]}"#,
            "invalid witness file: complete[0]: an entry of `complete` vouches for a whole bucket, one \
             `key` or one `range`, not both a key and a range (write two entries) at line 1 column 62",
        ),
        (
            r#"{"complete": [{"bucket": ["a"], "range": "0..0x"}]}"#,
            "invalid witness file: complete[0].range: in the range's end: expected a number: decimal \
             digits, or 0x followed by hex digits, got `0x` (no digits after 0x) at line 1 column 48",
        ),
        (
            r#"{"ranges": {}}"#,
            "invalid witness file: ranges: invalid type: map, expected a sequence (`ranges` is an array \
             of entries {\"bucket\": [\"name\", …], \"range\": \"START..END\", \"value\": \"0x…\"}) at \
             line 1 column 11",
        ),
        (
            r#"{"ranges": [5]}"#,
            "invalid witness file: ranges[0]: invalid type: integer `5`, expected an entry of `ranges`: a \
             JSON object (an entry is {\"bucket\": [\"name\", …], \"range\": \"START..END\", \"value\": \
             \"0x…\"}) at line 1 column 13",
        ),
        (
            r#"{"signature": []}"#,
            "invalid witness file: signature: unknown field `signature`, expected one of `signatures`, \
             `values`, `ranges`, `inclusion_proofs`, `storage`, `complete` at line 1 column 12",
        ),
        (
            "{} x",
            "invalid witness file: trailing characters at line 1 column 4",
        ),
        (
            "{",
            "invalid witness file: EOF while parsing an object at line 1 column 1",
        ),
        (
            "[]",
            "invalid witness file: invalid type: sequence, expected a witness file: a JSON object of \
             sections (\"signatures\", \"values\", \"ranges\", \"inclusion_proofs\", \"storage\", \
             \"complete\") at line 1 column 0",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        let error = WitnessFile::from_json(text).unwrap_err().to_string();
        if error != expected {
            wrong.push(format!("{text}\n  got:      {error}\n  expected: {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let error = WitnessFile::from_json("{\"values\": [{}, {\"bucket\": [\"a\"], \"key\": \"0x\"}]}");
    assert_eq!(error.unwrap_err().entry.as_deref(), Some("values[0]"));
    // Entries are objects: serde's positional form of a struct is refused.
    let error = WitnessFile::from_json(r#"{"values": [[["a"], "0x", "0x"]]}"#).unwrap_err();
    assert_eq!(error.entry.as_deref(), Some("values[0]"));
    assert!(
        error
            .message
            .starts_with("invalid type: sequence, expected an entry of `values`: a JSON object")
    );
}

#[test]
fn numbers_and_ranges_may_be_hex_or_decimal() {
    let file = WitnessFile::from_json(
        r#"{"inclusion_proofs": [
            {"block": "0x10", "token": "0x9A9f2CCfdE556A7E9Ff0848998Aa4a0CFD8863AE", "range": "0x0a..20", "proof": "0x01"},
            {"block": 16, "token": "0x9a9f2ccfde556a7e9ff0848998aa4a0cfd8863ae", "range": "10..0x14", "proof": "0x02"}
        ]}"#,
    )
    .unwrap();
    assert_eq!(file.inclusion_proofs[0].block, n(16));
    assert_eq!(file.inclusion_proofs[1].block, n(16));
    assert_eq!(file.inclusion_proofs[0].start, n(10));
    assert_eq!(file.inclusion_proofs[1].end, n(20));
    let store = file.into_store();
    let bucket = proof_bucket(n(16), TOKEN);
    let bucket: Vec<&str> = bucket.iter().map(String::as_str).collect();
    assert_eq!(
        range(&store, &bucket, 0, 100).values,
        [Bytes::from_static(&[1]), Bytes::from_static(&[2])]
    );
}

// The persistent store.

fn temp_store() -> (tempfile::TempDir, RedbStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = RedbStore::create(dir.path().join("witness.redb")).unwrap();
    (dir, store)
}

#[test]
fn the_persistent_store_keeps_what_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("witness.redb");
    {
        let store = RedbStore::create(&path).unwrap();
        store
            .import(&WitnessFile::from_json(doc_example()).unwrap())
            .unwrap();
        store.put(&["b"], "k", "v").unwrap();
        store.put_signature(b"m", b"s").unwrap();
        store.vouch_signatures(b"m").unwrap();
        store.vouch_bucket(&["b"]).unwrap();
        store.put_range(&["r"], n(1), n(2), b"x").unwrap();
        store.vouch_range(&["r"], n(0), n(5)).unwrap();
        store.vouch_key(&["b"], "z").unwrap();
        store.put_storage(COMMITMENT, b"k", b"v").unwrap();
    }
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.path(), path);
    let mut expected = MemoryStore::from_file(&WitnessFile::from_json(doc_example()).unwrap());
    expected
        .put(&["b"], "k", bytes("v"))
        .put_signature(b"m", bytes("s"))
        .vouch_signatures(b"m")
        .vouch_bucket(&["b"])
        .put_range(&["r"], n(1), n(2), bytes("x"))
        .vouch_range(&["r"], n(0), n(5))
        .vouch_key(&["b"], "z")
        .put_storage(COMMITMENT, b"k", bytes("v"));
    assert_eq!(store.to_memory().unwrap(), expected);
    assert_eq!(key(&store, &["b"], "k"), found(&["v"], true));
    assert_eq!(range(&store, &["r"], 0, 5), found(&["x"], true));
    assert_eq!(store.stored(COMMITMENT, b"k").unwrap(), Some(bytes("v")));
    // `create` on an existing store opens it.
    drop(store);
    let store = RedbStore::create(&path).unwrap();
    assert_eq!(store.to_memory().unwrap(), expected);
}

#[test]
fn batches_are_atomic() {
    let (_dir, store) = temp_store();
    {
        let mut batch = store.write().unwrap();
        batch.put(&["b"], "k", "v").unwrap().vouch_bucket(&["b"]).unwrap();
        // Dropped without commit.
    }
    assert_eq!(key(&store, &["b"], "k"), found(&[], false));
    let mut batch = store.write().unwrap();
    batch
        .put(&["b"], "k", "v")
        .unwrap()
        .put(&["b"], "k", "w")
        .unwrap()
        .put(&["b"], "k", "v")
        .unwrap();
    batch.commit().unwrap();
    assert_eq!(key(&store, &["b"], "k"), found(&["v", "w"], false));
}

fn backend_error(result: Result<RedbStore, StoreError>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(StoreError::Backend(message)) => message,
    }
}

#[test]
fn foreign_and_corrupt_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.redb");
    assert!(backend_error(RedbStore::open(&missing)).starts_with("cannot open the witness store"));

    let text = dir.path().join("text.redb");
    std::fs::write(&text, "this is not a database\n".repeat(200)).unwrap();
    backend_error(RedbStore::open(&text));
    backend_error(RedbStore::create(&text));

    let other = dir.path().join("other.redb");
    {
        let db = redb::Database::create(&other).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(redb::TableDefinition::<&str, u64>::new("accounts"))
            .unwrap()
            .insert("alice", 1)
            .unwrap();
        txn.commit().unwrap();
    }
    let message = backend_error(RedbStore::open(&other));
    assert!(
        message.contains("is a redb database but not an OVM witness store"),
        "{message}"
    );
    assert!(backend_error(RedbStore::create(&other)).contains("not an OVM witness store"));

    let empty = dir.path().join("empty.redb");
    std::fs::write(&empty, "").unwrap();
    RedbStore::create(&empty).unwrap();
    RedbStore::open(&empty).unwrap();
}

#[test]
fn damaged_stores_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("witness.redb");
    {
        let store = RedbStore::create(&path).unwrap();
        store
            .import(&WitnessFile::from_json(doc_example()).unwrap())
            .unwrap();
    }
    let good = std::fs::read(&path).unwrap();
    let mut rng = 0x2545f4914f6cdd1du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for round in 0..64 {
        let mut bad = good.clone();
        if round % 4 == 0 {
            bad.truncate((next() as usize) % bad.len());
        } else {
            for _ in 0..1 + round % 8 {
                let at = (next() as usize) % bad.len();
                bad[at] ^= (next() as u8) | 1;
            }
        }
        std::fs::write(&path, &bad).unwrap();
        let Ok(store) = RedbStore::open(&path) else {
            continue;
        };
        let _ = store.to_memory();
        for path in [&["signatures"][..], &["so"], &["su"]] {
            let buckets = names(path);
            for lookup in [
                Lookup::Key(&[0x12, 0x34]),
                Lookup::Iter(&[]),
                Lookup::Range {
                    start: n(0),
                    end: n(1000),
                },
            ] {
                let _ = store.find(&Query {
                    buckets: &buckets,
                    lookup,
                });
            }
        }
        let _ = store.stored(COMMITMENT, &[0; 32]);
    }
}

// Properties.

/// Bucket paths for random data: a few, including nested and odd names.
const PATHS: [&[&str]; 5] = [
    &["signatures"],
    &["su"],
    &["su", "block0x01"],
    &["su", "block0x02"],
    &["", "a"],
];

/// A number: mostly small, so that records overlap, sometimes huge.
fn number() -> impl Strategy<Value = U256> {
    prop_oneof![
        6 => (0u64..48).prop_map(U256::from),
        1 => (0u64..3).prop_map(|d| U256::MAX - U256::from(d)),
        1 => any::<[u64; 4]>().prop_map(U256::from_limbs),
        1 => (0u32..256).prop_map(|shift| U256::ONE << shift),
    ]
}

fn small_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(vec![0u8, 1, 2, 255]), 0..3)
}

#[derive(Clone, Debug)]
enum Op {
    Put(usize, Vec<u8>, Vec<u8>),
    PutRange(usize, U256, U256, Vec<u8>),
    VouchBucket(usize),
    VouchKey(usize, Vec<u8>),
    VouchRange(usize, U256, U256),
    Storage(u8, Vec<u8>, Vec<u8>),
}

fn op() -> impl Strategy<Value = Op> {
    let path = 0..PATHS.len();
    prop_oneof![
        4 => (path.clone(), small_bytes(), small_bytes()).prop_map(|(p, k, v)| Op::Put(p, k, v)),
        4 => (path.clone(), number(), number(), small_bytes()).prop_map(|(p, s, e, v)| Op::PutRange(p, s, e, v)),
        1 => path.clone().prop_map(Op::VouchBucket),
        1 => (path.clone(), small_bytes()).prop_map(|(p, k)| Op::VouchKey(p, k)),
        2 => (path, number(), number()).prop_map(|(p, s, e)| Op::VouchRange(p, s, e)),
        1 => (0u8..3, small_bytes(), small_bytes()).prop_map(|(c, k, v)| Op::Storage(c, k, v)),
    ]
}

#[derive(Clone, Debug)]
enum Q {
    Key(usize, Vec<u8>),
    Iter(usize, Vec<u8>),
    Range(usize, U256, U256),
}

fn query() -> impl Strategy<Value = Q> {
    // One path more than PATHS: a bucket that never exists.
    let path = 0..PATHS.len() + 1;
    prop_oneof![
        1 => (path.clone(), small_bytes()).prop_map(|(p, k)| Q::Key(p, k)),
        1 => (path.clone(), small_bytes()).prop_map(|(p, k)| Q::Iter(p, k)),
        2 => (path, number(), number()).prop_map(|(p, s, e)| Q::Range(p, s, e)),
    ]
}

fn contract(c: u8) -> Address {
    Address::with_last_byte(c)
}

fn path_of(p: usize) -> Vec<String> {
    PATHS
        .get(p)
        .map_or_else(|| names(&["nowhere"]), |path| names(path))
}

fn apply_memory(store: &mut MemoryStore, op: &Op) {
    match op {
        Op::Put(p, k, v) => store.put(&path_of(*p), k, v.clone()),
        Op::PutRange(p, s, e, v) => store.put_range(&path_of(*p), *s, *e, v.clone()),
        Op::VouchBucket(p) => store.vouch_bucket(&path_of(*p)),
        Op::VouchKey(p, k) => store.vouch_key(&path_of(*p), k),
        Op::VouchRange(p, s, e) => store.vouch_range(&path_of(*p), *s, *e),
        Op::Storage(c, k, v) => store.put_storage(contract(*c), k, v.clone()),
    };
}

fn apply_batch(batch: &mut ovm_engine::store::RedbBatch<'_>, op: &Op) {
    match op {
        Op::Put(p, k, v) => batch.put(&path_of(*p), k, v),
        Op::PutRange(p, s, e, v) => batch.put_range(&path_of(*p), *s, *e, v),
        Op::VouchBucket(p) => batch.vouch_bucket(&path_of(*p)),
        Op::VouchKey(p, k) => batch.vouch_key(&path_of(*p), k),
        Op::VouchRange(p, s, e) => batch.vouch_range(&path_of(*p), *s, *e),
        Op::Storage(c, k, v) => batch.put_storage(contract(*c), k, v),
    }
    .unwrap();
}

fn apply_single(store: &RedbStore, op: &Op) {
    match op {
        Op::Put(p, k, v) => store.put(&path_of(*p), k, v),
        Op::PutRange(p, s, e, v) => store.put_range(&path_of(*p), *s, *e, v),
        Op::VouchBucket(p) => store.vouch_bucket(&path_of(*p)),
        Op::VouchKey(p, k) => store.vouch_key(&path_of(*p), k),
        Op::VouchRange(p, s, e) => store.vouch_range(&path_of(*p), *s, *e),
        Op::Storage(c, k, v) => store.put_storage(contract(*c), k, v),
    }
    .unwrap();
}

fn ask(store: &dyn WitnessStore, q: &Q) -> Found {
    let (p, lookup) = match q {
        Q::Key(p, k) => (p, Lookup::Key(k)),
        Q::Iter(p, k) => (p, Lookup::Iter(k)),
        Q::Range(p, s, e) => (p, Lookup::Range { start: *s, end: *e }),
    };
    let buckets = path_of(*p);
    store
        .find(&Query {
            buckets: &buckets,
            lookup,
        })
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_persistent_store_answers_as_the_memory_store(
        ops in prop::collection::vec(op(), 0..40),
        queries in prop::collection::vec(query(), 1..40),
    ) {
        let mut memory = MemoryStore::new();
        for op in &ops {
            apply_memory(&mut memory, op);
        }
        let (_dir, redb) = temp_store();
        // The first half in one batch, the rest one transaction each.
        let (first, rest) = ops.split_at(ops.len() / 2);
        let mut batch = redb.write().unwrap();
        for op in first {
            apply_batch(&mut batch, op);
        }
        batch.commit().unwrap();
        for op in rest {
            apply_single(&redb, op);
        }
        for q in &queries {
            prop_assert_eq!(ask(&memory, q), ask(&redb, q), "{:?}", q);
        }
        for op in &ops {
            if let Op::Storage(c, k, _) = op {
                prop_assert_eq!(memory.stored(contract(*c), k).unwrap(), redb.stored(contract(*c), k).unwrap());
            }
        }
        prop_assert_eq!(&redb.to_memory().unwrap(), &memory);
        // A whole store imported at once, and a store written as a file and read back, are the same.
        let (_dir2, imported) = temp_store();
        imported.import_store(&memory).unwrap();
        prop_assert_eq!(&imported.to_memory().unwrap(), &memory);
        let file = WitnessFile::from_json(&memory.to_file().to_json()).unwrap();
        prop_assert_eq!(&MemoryStore::from_file(&file), &memory);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn range_lookups_equal_a_brute_force_filter(
        records in prop::collection::vec((number(), number(), small_bytes()), 0..60),
        queries in prop::collection::vec((number(), number()), 1..30),
    ) {
        let mut store = MemoryStore::new();
        for (start, end, value) in &records {
            store.put_range(&["b"], *start, *end, value.clone());
        }
        for (start, end) in queries {
            let mut expected: Vec<(U256, U256, Vec<u8>)> = records
                .iter()
                .filter(|(s, e, _)| s < e && *s < end && start < *e && start < end)
                .map(|(s, e, v)| (*e, *s, v.clone()))
                .collect();
            expected.sort();
            expected.dedup();
            let expected: Vec<Bytes> = expected.into_iter().map(|(_, _, v)| Bytes::from(v)).collect();
            let found = store.lookup(&Query { buckets: &names(&["b"]), lookup: Lookup::Range { start, end } });
            prop_assert_eq!(found.values, expected);
            prop_assert_eq!(found.complete, start >= end);
        }
    }

    #[test]
    fn range_completeness_equals_a_brute_force_union(
        vouched in prop::collection::vec((0u64..64, 0u64..64), 0..12),
        queries in prop::collection::vec((0u64..70, 0u64..70), 1..30),
    ) {
        let mut store = MemoryStore::new();
        let mut points = [false; 64];
        for &(start, end) in &vouched {
            store.vouch_range(&["b"], n(start), n(end));
            for p in start..end {
                points[p as usize] = true;
            }
        }
        for (start, end) in queries {
            let expected = (start..end).all(|p| points.get(p as usize).copied().unwrap_or(false));
            prop_assert_eq!(range(&store, &["b"], start, end).complete, expected, "[{}, {})", start, end);
        }
    }
}
