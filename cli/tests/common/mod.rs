//! Running the `ovm` binary in tests.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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

/// Every `.ovm` file under `dir`, recursively, in sorted order.
pub fn ovm_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect_ovm_files(dir, &mut out);
    out.sort();
    out
}

fn collect_ovm_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_ovm_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ovm") {
            out.push(path);
        }
    }
}
