//! `ovm build --emit solidity`: the generated contracts of every example, and of every
//! compiled-predicate JSON fixture (`tests/json/*.ovm`, which cover literals, calls, property
//! inputs, long names and deep child access), are committed under `contracts/generated/`
//! (`fixtures/` for the latter). `contracts/build.js` compiles them with the pinned solc (CI
//! checks their artifacts, and any solc warning fails it); here they must be what the compiler
//! generates now. `UPDATE_GENERATED_SOLIDITY=1 cargo test -p ovm-cli --test
//! solidity` rewrites them; then run `node build.js` in `contracts/` for their artifacts.

mod common;

use common::{files_with_extension, ovm, ovm_files, run, stale_generated_files, workspace};
use std::path::{Path, PathBuf};

/// The generated Solidity of every example and fixture, by its path under
/// `contracts/generated/`.
fn generated() -> Vec<(PathBuf, String)> {
    let examples = workspace().join("examples");
    let fixtures = workspace().join("tests/json");
    let build = |file: &PathBuf| {
        let run = run(ovm().args(["build", "--emit", "solidity"]).arg(file));
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
        run.stdout
    };
    let mut out: Vec<(PathBuf, String)> = ovm_files(&examples)
        .iter()
        .map(|file| {
            (
                file.strip_prefix(&examples).unwrap().with_extension("sol"),
                build(file),
            )
        })
        .collect();
    for file in ovm_files(&fixtures) {
        let name = file.file_name().unwrap();
        out.push((
            Path::new("fixtures").join(name).with_extension("sol"),
            build(&file),
        ));
    }
    out
}

#[test]
fn generated_contracts_of_the_examples_are_up_to_date() {
    let root = workspace().join("contracts/generated");
    let update = std::env::var_os("UPDATE_GENERATED_SOLIDITY").is_some();
    let files = generated();
    assert!(files.len() >= 16, "every example and fixture is generated");
    let stale = stale_generated_files(&root, &files, update);
    let extra: Vec<String> = files_with_extension(&root, "sol")
        .into_iter()
        .filter(|path| !files.iter().any(|(relative, _)| root.join(relative) == *path))
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "generated contracts differ from what `ovm build --emit solidity` writes:\n  {}\n\
         or have no example:\n  {}\n\
         regenerate them with `UPDATE_GENERATED_SOLIDITY=1 cargo test -p ovm-cli --test solidity`, \
         then `node build.js` in contracts/",
        stale.join("\n  "),
        extra.join("\n  ")
    );
}

/// The generated file is the same whatever path names the source: only its file name is in it.
#[test]
fn generated_solidity_does_not_depend_on_the_path() {
    let file = workspace().join("examples/plasma/ownership.ovm");
    let absolute = run(ovm().args(["build", "--emit", "solidity"]).arg(&file));
    let relative = run(ovm().current_dir(workspace().join("examples/plasma")).args([
        "build",
        "--emit",
        "solidity",
        "ownership.ovm",
    ]));
    assert_eq!(absolute.code, 0, "{}", absolute.stderr);
    assert_eq!(absolute.stdout, relative.stdout);
    assert!(absolute.stdout.contains("from `ownership.ovm`"));
}

/// A predicate whose contract would clash with a declaration of the generated file is a user
/// error (exit status 1) that says what to do.
#[test]
fn a_reserved_name_is_refused_with_exit_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clash.ovm");
    std::fs::write(&file, "def iOvmUtils(a: Bytes) := Equal(a, a)\n").unwrap();
    let run = run(ovm().args(["build", "--emit", "solidity"]).arg(&file));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`IOvmUtils`"), "{}", run.stderr);
    assert!(run.stderr.contains("rename the predicate"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}
