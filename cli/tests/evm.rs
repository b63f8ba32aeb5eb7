//! `ovm test --evm`: what it reports when the chain cannot play a case as the engine decided
//! it. (That every example agrees on chain is `examples.rs`.)

mod common;

use common::{Run, ovm, run, workspace};
use std::path::Path;

const SCENARIO: &str = "examples/plasma/ownership.test.toml";

/// A directory with one artifact: the ownership example's, changed by `change`.
fn changed_ownership_artifact(change: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let artifact = workspace().join("contracts/artifacts/generated/plasma/ownership.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifact).unwrap()).unwrap();
    change(&mut json);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ownership.json"), json.to_string()).unwrap();
    dir
}

/// `ovm test --evm` of the ownership scenario with the artifacts under `dir`.
fn test_with(dir: &Path) -> Run {
    run(ovm()
        .current_dir(workspace())
        .args(["test", "--evm", "--artifacts"])
        .arg(dir)
        .arg(SCENARIO))
}

/// A contract that decides otherwise than the engine is a failure, with the chain's reason.
#[test]
fn a_disagreement_between_the_engine_and_the_chain_fails_the_case() {
    // `Not`'s code under Ownership's name: it never decides anything true with a witness.
    let not: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("contracts/artifacts/NotPredicate.json")).unwrap(),
    )
    .unwrap();
    let dir = changed_ownership_artifact(|json| {
        json["contracts"]["Ownership"]["bytecode"] = not["bytecode"].clone();
    });
    let run = test_with(dir.path());
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
    let dir = changed_ownership_artifact(|json| {
        let source = json["source"]
            .as_str()
            .unwrap()
            .replace("must decide true", "must be true");
        json["source"] = source.into();
    });
    let run = test_with(dir.path());
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
    for flag in [&["--artifacts", "x"][..], &["--gas-report"][..]] {
        let run = run(ovm().arg("test").args(flag).arg(SCENARIO));
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("--evm"), "{}", run.stderr);
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other.json"), "{\"abi\": []}").unwrap();
    let run = test_with(dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("other.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("is not an artifact of generated Solidity"),
        "{}",
        run.stderr
    );
}
