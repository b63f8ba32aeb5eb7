//! `ovm eval`, `ovm build --emit bytecode` and `ovm disasm` end to end: the plasma ownership
//! predicate decided true, false and unknown in both shapes, with the signature vector of the
//! reference contracts' own tests (`"message"` signed by `0xa7E6…31F6`, recovered from
//! `keccak256(message)` with no prefix); disassembly of every example; bad input.

mod common;

use common::{Run, ovm, ovm_files, run, workspace};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const OWNER: &str = "0xa7E678F5F3Db99bf4957AC2ebEb3a89C6f9031F6";
/// `"message"`.
const TX: &str = "0x6d657373616765";
const SIGNATURE: &str = "0x3050ed8255d5599ebce4be5ef23eceeb61bfae924db5e5b12fc975663854629204a68351940fcea4231e9e4af515e2a10c187fcd7f88f4e5ffed218c76a5553b1b";
/// The same signature with `s` changed: it recovers another address.
const WRONG: &str = "0x3050ed8255d5599ebce4be5ef23eceeb61bfae924db5e5b12fc975663854629204a68351940fcea4231e9e4af515e2a10c187fcd7f88f4e5ffed218c76a5553a1b";

fn witness_file(dir: &Path, name: &str, content: Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content.to_string()).unwrap();
    path
}

fn eval(shape: &str, witness: &Path, format: &str) -> Run {
    run(ovm()
        .current_dir(workspace())
        .args([
            "eval",
            "examples/plasma/ownership.ovm",
            "ownership",
            "--shape",
            shape,
        ])
        .args(["--format", format, "--witness"])
        .arg(witness)
        .args(["--arg", &format!("owner={OWNER}"), "--arg", &format!("tx={TX}")]))
}

fn decision(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

#[test]
fn ownership_is_true_with_a_stored_valid_signature_in_both_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let witness = witness_file(
        dir.path(),
        "w.json",
        json!({"signatures": [{"message": TX, "signature": WRONG}, {"message": TX, "signature": SIGNATURE}]}),
    );
    for shape in ["compiled", "expanded"] {
        let d = decision(&eval(shape, &witness, "json"));
        assert_eq!(d["outcome"], "true", "{shape}");
        assert_eq!(d["witness"], json!([SIGNATURE]), "{shape}");
        assert_eq!(d["challenge"], Value::Null);
    }
}

#[test]
fn ownership_is_false_when_the_signatures_are_vouched_complete_and_none_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let witness = witness_file(
        dir.path(),
        "w.json",
        json!({"signatures": [{"message": TX, "signature": WRONG, "complete": true}]}),
    );
    for shape in ["compiled", "expanded"] {
        let d = decision(&eval(shape, &witness, "json"));
        assert_eq!(d["outcome"], "false", "{shape}");
        assert_eq!(d["witness"], Value::Null);
        let challenge = &d["challenge"];
        // ForAllSuchThat(hint, "v0", Not(IsValidSignature(tx, Vv0, owner, "secp256k1"))).
        assert_eq!(challenge["challenge_inputs"], json!([]));
        let inputs = challenge["property"]["inputs"].as_array().unwrap();
        assert_eq!(inputs[0], format!("0x{}", hex(&format!("signatures,KEY,{TX}"))));
        assert_eq!(inputs[1], format!("0x{}", hex("v0")));
    }
    let text = eval("compiled", &witness, "text");
    assert_eq!(text.code, 0);
    insta::assert_snapshot!("ownership_false_text", text.stdout);
}

#[test]
fn ownership_is_unknown_when_no_valid_signature_is_stored_and_the_domain_is_not_vouched() {
    let dir = tempfile::tempdir().unwrap();
    let witness = witness_file(
        dir.path(),
        "w.json",
        json!({"signatures": [{"message": TX, "signature": WRONG}]}),
    );
    for shape in ["compiled", "expanded"] {
        let d = decision(&eval(shape, &witness, "json"));
        assert_eq!(d["outcome"], "unknown", "{shape}");
        assert_eq!(d["witness"], Value::Null);
        assert_eq!(d["challenge"], Value::Null);
    }
    let text = eval("expanded", &witness, "text");
    assert!(
        text.stdout.contains("the store does not vouch that they are all"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_bad_witness_file_names_the_entry_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let witness = witness_file(dir.path(), "w.json", json!({"signatures": [{"message": "12"}]}));
    let run = eval("compiled", &witness, "json");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("w.json") && run.stderr.contains("signatures[0]"),
        "{}",
        run.stderr
    );

    let missing = eval("compiled", &dir.path().join("absent.json"), "json");
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("absent.json"), "{}", missing.stderr);
}

#[test]
fn limits_are_user_errors() {
    let run = run(ovm()
        .current_dir(workspace())
        .args([
            "eval",
            "examples/plasma/ownership.ovm",
            "ownership",
            "--max-steps",
            "1",
        ])
        .args(["--arg", &format!("owner={OWNER}"), "--arg", &format!("tx={TX}")]));
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("more than 1 steps"), "{}", run.stderr);
}

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Every example compiles to bytecode whose disassembly is a readable listing.
#[test]
fn every_example_disassembles() {
    let dir = tempfile::tempdir().unwrap();
    let examples = ovm_files(&workspace().join("examples"));
    assert!(!examples.is_empty());
    for example in examples {
        let out = dir.path().join("out.ovmb");
        let build = run(ovm()
            .arg("build")
            .arg(&example)
            .args(["--emit", "bytecode", "-o"])
            .arg(&out));
        assert_eq!(build.code, 0, "{}: {}", example.display(), build.stderr);
        let listing = run(ovm().arg("disasm").arg(&out));
        assert_eq!(listing.code, 0, "{}", listing.stderr);
        let name = example
            .strip_prefix(workspace().join("examples"))
            .unwrap()
            .display()
            .to_string();
        insta::assert_snapshot!(
            format!("disasm_{}", name.replace(['/', '.'], "_")),
            listing.stdout
        );

        // The same bytes again: the encoding is deterministic.
        let again = dir.path().join("again.ovmb");
        run(ovm()
            .arg("build")
            .arg(&example)
            .args(["--emit", "bytecode", "-o"])
            .arg(&again));
        assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
    }
}

#[test]
fn bytecode_goes_to_standard_output_when_it_is_not_a_terminal() {
    let build = run(ovm().current_dir(workspace()).args([
        "build",
        "examples/hash/preimage.ovm",
        "--emit",
        "bytecode",
    ]));
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stdout.starts_with("OVMB"));
}

#[test]
fn hostile_bytecode_is_rejected_with_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty", Vec::new()),
        ("magic", b"ELF\x7f".to_vec()),
        ("truncated", b"OVMB\x01\x00\x05".to_vec()),
        ("huge count", b"OVMB\x01\x00\xff\xff\xff\xff\x0f".to_vec()),
    ] {
        let path = dir.path().join("bad.ovmb");
        std::fs::write(&path, &bytes).unwrap();
        let run = run(ovm().arg("disasm").arg(&path));
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not valid bytecode: at byte"),
            "{name}: {}",
            run.stderr
        );
    }
    let missing = run(ovm().arg("disasm").arg(dir.path().join("absent.ovmb")));
    assert_eq!(missing.code, 2);
}
