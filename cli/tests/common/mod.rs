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
    files_with_extension(dir, "ovm")
}

/// Every file with the extension under `dir` (none if it does not exist), recursively, in
/// sorted order.
pub fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect_files(dir, extension, &mut out);
    out.sort();
    out
}

fn collect_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// For files a test generates (paths relative to `root`, with their content): rewrites those
/// that differ when `update` is set, and otherwise returns them, for the test to fail with.
pub fn stale_generated_files(root: &Path, files: &[(PathBuf, String)], update: bool) -> Vec<String> {
    let mut stale = Vec::new();
    for (relative, content) in files {
        let path = root.join(relative);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, content).unwrap();
        } else {
            stale.push(path.display().to_string());
        }
    }
    stale
}
