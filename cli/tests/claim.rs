//! `ovm claim` and `ovm property encode|decode` end to end: the adjudicator's reference
//! vectors (adjudicator.md §2.1) byte for byte, claims in both shapes, and every class of bad
//! value with its message and exit status 1.

mod common;

use common::{Run, ovm, run, workspace};
use serde_json::Value;

/// `Property{0x…01, [0x1234, 0x]}`: 288 bytes, word by word.
const P_ENCODED: &str = concat!(
    "0x",
    "0000000000000000000000000000000000000000000000000000000000000020",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000040",
    "0000000000000000000000000000000000000000000000000000000000000002",
    "0000000000000000000000000000000000000000000000000000000000000040",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "0000000000000000000000000000000000000000000000000000000000000002",
    "1234000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
);
const P_ID: &str = "0x80258c7e4a36983c913c73ed8357a1e22a9368450cf39ab3768548d871e7b69d";
const ONE: &str = "0x0000000000000000000000000000000000000001";

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

fn encode(address: &str, inputs: &[&str]) -> Run {
    let mut command = ovm();
    command.args([
        "property",
        "encode",
        "--format",
        "json",
        "--predicate-address",
        address,
    ]);
    for input in inputs {
        command.arg(format!("--input={input}"));
    }
    run(&mut command)
}

fn assert_user_error(run: &Run, message: &str) {
    assert_eq!(run.code, 1, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(message),
        "expected {message:?} in:\n{}",
        run.stderr
    );
}

#[test]
fn the_reference_property_encodes_byte_for_byte() {
    let out = json(&encode(ONE, &["0x1234", "0x"]));
    assert_eq!(out["encoded"], P_ENCODED);
    assert_eq!(out["id"], P_ID);
    assert_eq!(out["calldata"], format!("0x2c26d381{}", &P_ENCODED[2..]));
    assert_eq!(out["property"]["predicateAddress"], ONE);
    assert_eq!(out["property"]["inputs"], serde_json::json!(["0x1234", "0x"]));
}

#[test]
fn the_reference_property_without_inputs_encodes_byte_for_byte() {
    let out = json(&encode(ONE, &[]));
    assert_eq!(
        out["encoded"],
        concat!(
            "0x",
            "0000000000000000000000000000000000000000000000000000000000000020",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000040",
            "0000000000000000000000000000000000000000000000000000000000000000",
        )
    );
    assert_eq!(
        out["id"],
        "0xd9e7bce431ca8487c7edf313cae7c11573f9e7adf1fb4c1814a3824c6bbcbce9"
    );
}

#[test]
fn the_reference_negation_encodes_byte_for_byte() {
    let out = json(&encode(
        "0x0000000000000000000000000000000000000002",
        &[P_ENCODED],
    ));
    let encoded = out["encoded"].as_str().unwrap();
    assert_eq!(encoded.len(), 2 + 2 * 480);
    assert!(encoded.ends_with(&P_ENCODED[2..]));
    assert_eq!(
        out["id"],
        "0xb40955906cabd6f5b75012939e5479a36e0b9238482d564c5f894cfeacbe7642"
    );
}

#[test]
fn decoding_prints_the_tree_and_round_trips() {
    let decoded = run(ovm().args(["property", "decode", P_ENCODED]));
    assert_eq!(decoded.code, 0, "{}", decoded.stderr);
    insta::assert_snapshot!("decode_reference_property", decoded.stdout);
    // Calldata decodes too.
    let calldata = format!("0x2c26d381{}", &P_ENCODED[2..]);
    let from_calldata = run(ovm().args(["property", "decode", &calldata]));
    assert_eq!(from_calldata.stdout, decoded.stdout);
    let json = json(&run(
        ovm().args(["property", "decode", "--format", "json", P_ENCODED])
    ));
    assert_eq!(json["id"], P_ID);
}

#[test]
fn a_non_canonical_encoding_is_rejected() {
    // The first word is the tuple offset; 0x40 points past a gap.
    let bad = P_ENCODED.replacen(
        "0000000000000000000000000000000000000000000000000000000000000020",
        "0000000000000000000000000000000000000000000000000000000000000040",
        1,
    );
    assert_user_error(
        &run(ovm().args(["property", "decode", &bad])),
        "cannot decode the property",
    );
    let truncated = &P_ENCODED[..P_ENCODED.len() - 64];
    assert_user_error(
        &run(ovm().args(["property", "decode", truncated])),
        "cannot decode the property",
    );
    let mut trailing = P_ENCODED.to_string();
    trailing.push_str("00");
    assert_user_error(
        &run(ovm().args(["property", "decode", &trailing])),
        "cannot decode the property",
    );
}

#[test]
fn bad_encode_arguments_name_the_value_and_the_expected_form() {
    assert_user_error(&encode("0x01", &[]), "bad --predicate-address");
    assert_user_error(&encode(ONE, &["0x12g4"]), "bad --input number 1");
    assert_user_error(&encode(ONE, &["0x", "0x123"]), "bad --input number 2");
    assert_user_error(&encode(ONE, &["1234"]), "bad --input number 1");
}

fn claim(file: &str, predicate: &str, shape: &str, args: &[&str]) -> Run {
    let mut command = ovm();
    command
        .args(["claim", "--format", "json", "--shape", shape])
        .arg(workspace().join(file))
        .arg(predicate);
    for arg in args {
        command.arg(format!("--arg={arg}"));
    }
    run(&mut command)
}

const OWNER: &str = "owner=0x5aeda56215b167893e80b4fe645ba6d5bab767de";

#[test]
fn ownership_claims_in_both_shapes() {
    let compiled = json(&claim(
        "examples/plasma/ownership.ovm",
        "ownership",
        "compiled",
        &[OWNER, "tx=0x1234"],
    ));
    let expanded = json(&claim(
        "examples/plasma/ownership.ovm",
        "ownership",
        "expanded",
        &[OWNER, "tx=0x1234"],
    ));
    insta::assert_snapshot!(
        "ownership_compiled",
        serde_json::to_string_pretty(&compiled).unwrap()
    );
    insta::assert_snapshot!(
        "ownership_expanded",
        serde_json::to_string_pretty(&expanded).unwrap()
    );
}

#[test]
fn quantified_claims_in_both_shapes() {
    let hash = "h=0x2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a";
    let compiled = json(&claim(
        "examples/hash/preimage.ovm",
        "no_preimage",
        "compiled",
        &[hash],
    ));
    let expanded = json(&claim(
        "examples/hash/preimage.ovm",
        "no_preimage",
        "expanded",
        &[hash],
    ));
    insta::assert_snapshot!(
        "no_preimage_compiled",
        serde_json::to_string_pretty(&compiled).unwrap()
    );
    insta::assert_snapshot!(
        "no_preimage_expanded",
        serde_json::to_string_pretty(&expanded).unwrap()
    );
}

#[test]
fn bad_claim_values_name_the_parameter_and_the_expected_form() {
    let file = "examples/plasma/ownership.ovm";
    let cases: &[(&[&str], &str)] = &[
        (
            &["owner=0x1234", "tx=0x"],
            "bad value for parameter `owner: Address`",
        ),
        (&[OWNER, "tx=0xabc"], "bad value for parameter `tx: Bytes`"),
        (&[OWNER, "tx=zz"], "bad value for parameter `tx: Bytes`"),
        (&[OWNER], "missing a value for parameter `tx: Bytes`"),
        (
            &[OWNER, "tx=0x", "nonce=1"],
            "`ownership` has no parameter `nonce`",
        ),
        (
            &[OWNER, "tx=0x", "tx=0x12"],
            "parameter `tx` is given more than once",
        ),
        (&[OWNER, "tx"], "expected NAME=VALUE"),
    ];
    for (args, message) in cases {
        assert_user_error(&claim(file, "ownership", "compiled", args), message);
    }
    assert_user_error(
        &claim(file, "owner_ship", "compiled", &[]),
        "the file defines no predicate `owner_ship`",
    );
    let too_big = format!("h={}", "1".repeat(80));
    let number = claim("tests/claim/numbers.ovm", "below", "compiled", &[&too_big]);
    assert_user_error(&number, "larger than 2^256");
}

#[test]
fn a_missing_deployment_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deployment.json");
    std::fs::write(
        &path,
        r#"{"adjudicator": "0x0000000000000000000000000000000000000009",
            "utils": "0x0000000000000000000000000000000000000008",
            "connectives": {"Not": "0x0000000000000000000000000000000000000002",
              "And": "0x0000000000000000000000000000000000000003",
              "Or": "0x0000000000000000000000000000000000000004",
              "ForAllSuchThat": "0x0000000000000000000000000000000000000005",
              "ThereExistsSuchThat": "0x0000000000000000000000000000000000000006"}}"#,
    )
    .unwrap();
    let run = run(ovm()
        .args(["claim", "--deployment"])
        .arg(&path)
        .args(["--shape", "expanded"])
        .arg(workspace().join("examples/plasma/ownership.ovm"))
        .args(["ownership", "--arg", OWNER, "--arg", "tx=0x"]));
    assert_user_error(&run, "the deployment has no value for the constant `secp256k1`");
}

#[test]
fn build_emits_the_compiled_predicate_json() {
    let built = run(ovm()
        .args(["build", "--emit", "json"])
        .arg(workspace().join("examples/plasma/ownership.ovm")));
    let predicates = json(&built);
    assert_eq!(predicates[0]["type"], "CompiledPredicate");
    assert_eq!(predicates[0]["name"], "Ownership");
    assert_eq!(predicates[0]["entryPoint"], "OwnershipT");
}
