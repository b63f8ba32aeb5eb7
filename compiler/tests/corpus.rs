//! The public corpus (`../shared/corpus`, beside the workspace) as a compatibility suite:
//! every `.ovm` file of the projects that defined the language must parse without errors, and
//! compile under `--compat` except the defective ones, each of which must get the precise
//! errors for its defects. Skipped, with a message, when the corpus folder is absent.

mod common;

use ovm_compiler::diagnostics::render;
use ovm_compiler::{SourceMap, driver};
use std::path::{Path, PathBuf};

/// The defective files and the errors a correct compiler reports for them under `--compat`.
const DEFECTS: &[(&str, &[&str])] = &[
    // A free `recipient` (and an unknown `IsEqual`, which `--compat` takes as external).
    ("chamber-lang/examples/escrow.ovm", &["E0202"]),
    // Its library `IncludedAt` uses a free `c_token` (a defect the corpus README does not list).
    ("chamber-lang/examples/lib/IncludedAt.ovm", &["E0202"]),
    // Calls the three-parameter quantifier `SignedBy` with two arguments, three times; and it
    // imports the defective `lib/IncludedAt.ovm`.
    (
        "chamber-lang/examples/order.ovm",
        &["E0202", "E0205", "E0205", "E0205"],
    ),
    // Imports the defective `lib/IncludedAt.ovm`.
    ("chamber-lang/examples/swap.ovm", &["E0202"]),
    (
        "gazelle/packages/ovm-parser/testcases/variable/free.ovm",
        &["E0202"],
    ),
    ("ovm-compiler/examples/testcases/variable/free.ovm", &["E0202"]),
    // `IncludedAt`'s hint `proof.block${b}…` names `b`, which is not one of its parameters.
    ("ovm-compiler/examples/order/order.ovm", &["E0211"]),
    // `Confsig` uses a free `new_owner`; `IncludedAt`'s hint names a non-parameter `b`.
    ("ovm-compiler/examples/swap/swap.ovm", &["E0202", "E0211"]),
];

/// The production predicates that need `--compat` without it: `exit` calls `Checkpoint`, a
/// predicate compiled from another file that it neither imports nor declares `@external`.
const PRODUCTION_NEEDING_COMPAT: &[(&str, &[&str])] = &[(
    "ovm-contracts/contracts/Predicate/plasma/ExitPredicate.ovm",
    &["E0201"],
)];

/// The codes a table expects for the corpus file `name` (none if it is not listed).
fn expected_codes(table: &[(&str, &[&str])], name: &str) -> Vec<String> {
    table
        .iter()
        .find(|(file, _)| *file == name)
        .map_or_else(Vec::new, |(_, codes)| {
            codes.iter().map(|c| c.to_string()).collect()
        })
}

/// The error codes of compiling `path`, sorted.
fn error_codes(path: &Path, compat: bool) -> (Vec<String>, String) {
    let mut sources = SourceMap::new();
    let loaded = driver::load(&mut sources, path).unwrap();
    let options = driver::Options {
        compat,
        strict: false,
    };
    let (_, diagnostics) = driver::compile(&mut sources, loaded.file, Some(path), options);
    let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    let mut codes: Vec<String> = errors.iter().map(|d| d.code.to_string()).collect();
    codes.sort();
    (codes, render::to_plain_text(&sources, &errors))
}

fn corpus() -> Option<PathBuf> {
    let corpus = common::workspace_root().join("../shared/corpus");
    if corpus.is_dir() {
        Some(corpus)
    } else {
        eprintln!("corpus not found at {}: skipped", corpus.display());
        None
    }
}

#[test]
fn the_corpus_compiles_except_its_known_defects() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    common::ovm_files(&corpus, &mut files);
    let mut failures = String::new();
    let mut clean = 0;
    for path in &files {
        let name = path.strip_prefix(&corpus).unwrap().to_string_lossy().into_owned();
        let (codes, rendered) = error_codes(path, true);
        let want = expected_codes(DEFECTS, &name);
        if codes != want {
            failures.push_str(&format!("{name}: expected {want:?}, got {codes:?}\n{rendered}\n"));
        }
        clean += usize::from(codes.is_empty());
    }
    assert!(failures.is_empty(), "{failures}");
    println!(
        "{clean} of {} corpus files compile under --compat; {} defective files report exactly their defects",
        files.len(),
        DEFECTS.len()
    );
}

#[test]
fn the_production_predicates_compile_without_compat() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    common::ovm_files(&corpus.join("ovm-contracts"), &mut files);
    for path in &files {
        let name = path.strip_prefix(&corpus).unwrap().to_string_lossy().into_owned();
        let (codes, rendered) = error_codes(path, false);
        let want = expected_codes(PRODUCTION_NEEDING_COMPAT, &name);
        assert_eq!(codes, want, "{name}:\n{rendered}");
    }
}

#[test]
fn every_corpus_file_parses() {
    let Some(corpus) = corpus() else { return };
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let listed = manifest
        .lines()
        .skip(1)
        .filter(|l| l.split('\t').next().is_some_and(|f| f.ends_with(".ovm")))
        .count();

    let mut files = Vec::new();
    common::ovm_files(&corpus, &mut files);
    assert_eq!(files.len(), listed, "MANIFEST.tsv and the folder disagree");

    let mut sources = SourceMap::new();
    let mut failures = String::new();
    let mut decls = 0;
    for path in &files {
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        let loaded = driver::load(&mut sources, path).unwrap();
        assert!(loaded.encoding_error.is_none(), "{name} is not UTF-8");
        let (tree, diagnostics) = ovm_compiler::syntax::parse(sources.text(loaded.file), loaded.file);
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
