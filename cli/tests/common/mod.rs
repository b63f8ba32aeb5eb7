//! Running the `ovm` binary in tests.

use assert_cmd::Command;
use std::path::PathBuf;

/// The `ovm` binary, with backtraces off.
pub fn ovm() -> Command {
    let mut command = Command::cargo_bin("ovm").unwrap();
    command.env_remove("RUST_BACKTRACE");
    command
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What a run of the binary printed, and its exit status.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command to completion, failing the test if the binary panicked.
pub fn run(command: &mut Command) -> Run {
    let output = command.output().unwrap();
    let run = Run {
        code: output.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the CLI panicked:\n{}",
        run.stderr
    );
    run
}
