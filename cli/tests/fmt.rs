//! `ovm fmt`: rewriting files in place, `--check`, and the exit statuses for unformatted
//! files, syntax errors and unreadable paths.

mod common;

use common::{ovm, run, workspace};
use std::path::Path;

const UNFORMATTED: &str = "def  f(a,b):=Foo(a)and  !Bar(b) // why\n\n\n@library def g(x) := Foo(x)";
const FORMATTED: &str = "def f(a, b) := Foo(a) and !Bar(b) // why\n\n@library\ndef g(x) := Foo(x)\n";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_passes_on_the_examples_and_the_standard_library() {
    let root = workspace();
    let run = run(ovm()
        .current_dir(&root)
        .args(["fmt", "--check", "examples/", "stdlib/"]));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("all formatted"), "{}", run.stderr);
}

#[test]
fn check_fails_on_unformatted_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "a/clean.ovm", FORMATTED);
    let messy = write(dir.path(), "a/messy.ovm", UNFORMATTED);
    let run = run(ovm().args(["fmt", "--check"]).arg(dir.path()));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("messy.ovm: not formatted, from line 1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- def  f(a,b):=Foo(a)and  !Bar(b) // why"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+ def f(a, b) := Foo(a) and !Bar(b) // why"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("clean.ovm"), "{}", run.stdout);
    assert!(
        run.stderr.contains("1 of 2 files is not formatted"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), UNFORMATTED);
    assert_eq!(std::fs::read_to_string(&clean).unwrap(), FORMATTED);
}

#[test]
fn fmt_rewrites_only_the_files_that_change() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean.ovm", FORMATTED);
    let messy = write(dir.path(), "messy.ovm", UNFORMATTED);
    let before = std::fs::metadata(&clean).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = run(ovm().arg("fmt").arg(&clean).arg(&messy));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("formatted 2 files: 1 changed, 1 unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), FORMATTED);
    assert_eq!(std::fs::metadata(&clean).unwrap().modified().unwrap(), before);
    let again = common::run(ovm().args(["fmt", "--check"]).arg(&messy));
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn syntax_errors_exit_1_and_leave_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "broken.ovm", "def f(a) := Foo(a) Bar(a)\n");
    let messy = write(dir.path(), "messy.ovm", UNFORMATTED);
    let run = run(ovm().args(["--color", "never", "fmt"]).arg(&broken).arg(&messy));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("[E0108]"), "{}", run.stderr);
    assert!(run.stderr.contains("broken.ovm:1:20"), "{}", run.stderr);
    assert!(run.stderr.contains("1 with errors"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "def f(a) := Foo(a) Bar(a)\n"
    );
    // The other files are formatted all the same.
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), FORMATTED);

    let checked = common::run(ovm().args(["fmt", "--check"]).arg(&broken));
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    assert!(checked.stderr.contains("[E0108]"), "{}", checked.stderr);
}

#[test]
fn invalid_utf8_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ovm");
    std::fs::write(&path, b"def f(a) := Foo(a) // \xff\n").unwrap();
    let run = run(ovm().args(["fmt"]).arg(&path));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("[E0100]"), "{}", run.stderr);
}

#[test]
fn unreadable_paths_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(ovm().arg("fmt").arg(dir.path().join("missing.ovm")));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    let empty = common::run(ovm().args(["fmt", "--check"]).arg(dir.path()));
    assert_eq!(empty.code, 2, "{}", empty.stderr);
    assert!(empty.stderr.contains("no `.ovm` files"), "{}", empty.stderr);
    let none = common::run(ovm().arg("fmt"));
    assert_eq!(none.code, 2, "{}", none.stderr);
}
