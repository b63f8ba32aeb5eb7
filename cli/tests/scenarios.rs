//! `ovm test`: scenario files pass and fail like tests, with the difference and the decision
//! tree of a failing case, a summary line and exit status 1.

mod common;

use common::{ovm, run, workspace};

#[test]
fn passing_scenarios_exit_0_with_a_summary() {
    let run = run(ovm()
        .current_dir(workspace())
        .args(["test", "tests/scenarios/passing"]));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.ends_with("test result: ok. 11 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn failing_cases_show_the_difference_and_the_decision_tree() {
    let run = run(ovm()
        .current_dir(workspace())
        .args(["test", "tests/scenarios/failing"]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn paths_without_scenarios_are_usage_errors() {
    let missing = run(ovm().args(["test", "no/such/dir"]));
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("no/such/dir"), "{}", missing.stderr);
    let empty = tempfile::tempdir().unwrap();
    let none = run(ovm().arg("test").arg(empty.path()));
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no scenario files"), "{}", none.stderr);
}
