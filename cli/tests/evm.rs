//! `ovm test --evm`: what it reports when the chain cannot play a case as the engine decided
//! it. (That every example agrees on chain is `examples.rs`.)

mod common;

use common::{ovm, run, workspace};

const SCENARIO: &str = "examples/plasma/ownership.test.toml";

/// A contract that decides otherwise than the engine is a failure, with the chain's reason.
#[test]
fn a_disagreement_between_the_engine_and_the_chain_fails_the_case() {
    let root = workspace();
    let artifact = root.join("contracts/artifacts/generated/plasma/ownership.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifact).unwrap()).unwrap();
    // `Not`'s code under Ownership's name: it never decides anything true with a witness.
    let not: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("contracts/artifacts/NotPredicate.json")).unwrap(),
    )
    .unwrap();
    json["contracts"]["Ownership"]["bytecode"] = not["bytecode"].clone();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ownership.json"), json.to_string()).unwrap();

    let run = run(ovm()
        .current_dir(&root)
        .args(["test", "--evm", "--artifacts"])
        .arg(dir.path())
        .arg(SCENARIO));
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("FAILED"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "on chain: UAC.decideClaimWithWitness reverted: property must be true with given witness"
        ),
        "{}",
        run.stdout
    );
    // The expanded shape does not use the compiled predicate: its cases still pass.
    assert!(run.stdout.contains("  ok      "), "{}", run.stdout);
}

/// Without artifacts, a compiled predicate cannot be deployed: every case says how to get them.
#[test]
fn without_artifacts_the_cases_say_how_to_get_them() {
    let run = run(ovm().current_dir(workspace()).args(["test", "--evm", SCENARIO]));
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("no artifact has the contract `Ownership`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--artifacts"), "{}", run.stdout);
}

/// An artifact whose source is not what the compiler generates now is not used.
#[test]
fn a_stale_artifact_is_not_used() {
    let root = workspace();
    let artifact = root.join("contracts/artifacts/generated/plasma/ownership.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifact).unwrap()).unwrap();
    let source = json["source"]
        .as_str()
        .unwrap()
        .replace("must decide true", "must be true");
    json["source"] = source.into();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ownership.json"), json.to_string()).unwrap();
    let run = run(ovm()
        .current_dir(&root)
        .args(["test", "--evm", "--artifacts"])
        .arg(dir.path())
        .arg(SCENARIO));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("no artifact has the contract `Ownership`"),
        "{}",
        run.stdout
    );
}

/// `--artifacts` and `--gas-report` need `--evm`; a directory of other JSON is named.
#[test]
fn bad_arguments_name_the_problem() {
    let run1 = run(ovm().args(["test", "--artifacts", "x", SCENARIO]));
    assert_eq!(run1.code, 2, "{}", run1.stderr);
    assert!(run1.stderr.contains("--evm"), "{}", run1.stderr);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other.json"), "{\"abi\": []}").unwrap();
    let run2 = run(ovm()
        .current_dir(workspace())
        .args(["test", "--evm", "--artifacts"])
        .arg(dir.path())
        .arg(SCENARIO));
    assert_eq!(run2.code, 2, "{}", run2.stderr);
    assert!(run2.stderr.contains("other.json"), "{}", run2.stderr);
    assert!(
        run2.stderr.contains("is not an artifact of generated Solidity"),
        "{}",
        run2.stderr
    );
}
