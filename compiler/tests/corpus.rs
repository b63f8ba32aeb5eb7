//! The public corpus (`../shared/corpus`, beside the workspace) as a compatibility suite:
//! every `.ovm` file of the projects that defined the language must parse without errors.
//! Skipped, with a message, when the corpus folder is absent.

mod common;

use ovm_compiler::diagnostics::render;
use ovm_compiler::{SourceMap, driver};
use std::path::{Path, PathBuf};

fn ovm_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            ovm_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ovm") {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_file_parses() {
    let corpus = common::workspace_root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("corpus not found at {}: skipped", corpus.display());
        return;
    }
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let listed = manifest
        .lines()
        .skip(1)
        .filter(|l| l.split('\t').next().is_some_and(|f| f.ends_with(".ovm")))
        .count();

    let mut files = Vec::new();
    ovm_files(&corpus, &mut files);
    assert_eq!(files.len(), listed, "MANIFEST.tsv and the folder disagree");

    let mut sources = SourceMap::new();
    let mut failures = String::new();
    let mut decls = 0;
    for path in &files {
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        let loaded = driver::load(&mut sources, path).unwrap();
        assert!(loaded.encoding_error.is_none(), "{name} is not UTF-8");
        let (tree, diagnostics) = driver::check(&sources, loaded.file);
        decls += tree.decls.len();
        let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
        if !errors.is_empty() {
            failures.push_str(&render::to_plain_text(&sources, &errors));
        }
    }
    assert!(
        failures.is_empty(),
        "corpus files with syntax errors:\n{failures}"
    );
    println!(
        "parsed {} corpus files ({decls} definitions) without errors",
        files.len()
    );
}
