//! UI fixtures: `tests/ui/syntax/*.ovm` (one per syntax feature; must parse cleanly) and
//! `tests/ui/errors/<CODE>-*.ovm` (one or more per diagnostic code, compiled through every
//! pass), each with an `insta` snapshot in `tests/ui/snapshots/` of the tree or of the
//! rendered diagnostics. An error fixture whose first line is `// ovm: --compat --strict`
//! (either flag) is compiled with those rules, as on the command line.

mod common;

use ovm_compiler::diagnostics::render;
use ovm_compiler::syntax::{dump, parse, print};
use ovm_compiler::{Code, SourceMap, driver};
use std::path::Path;

/// Loads a fixture under the display name `<folder>/<file>`.
fn load(path: &Path) -> (SourceMap, driver::Loaded) {
    let name = format!(
        "{}/{}",
        path.parent().unwrap().file_name().unwrap().to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let mut sources = SourceMap::new();
    let loaded = driver::load_bytes(&mut sources, name, std::fs::read(path).unwrap()).unwrap();
    (sources, loaded)
}

/// The rules named by a fixture's `// ovm:` header line.
fn options(source: &str) -> driver::Options {
    let header = source.lines().next().unwrap_or_default();
    let flags: Vec<&str> = header
        .strip_prefix("// ovm:")
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    driver::Options {
        compat: flags.contains(&"--compat"),
        strict: flags.contains(&"--strict"),
    }
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../tests/ui/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn syntax() {
    settings().bind(|| {
        insta::glob!("../../tests/ui", "syntax/*.ovm", |path| {
            let (sources, loaded) = load(path);
            let (tree, diagnostics) = parse(sources.text(loaded.file), loaded.file);
            assert!(
                diagnostics.is_empty(),
                "{} must parse cleanly:\n{}",
                path.display(),
                render::to_plain_text(&sources, &diagnostics)
            );
            let printed = print::file(&tree);
            let (reparsed, rediagnostics) = parse(&printed, ovm_compiler::FileId::DETACHED);
            assert!(rediagnostics.is_empty(), "printed source must parse:\n{printed}");
            assert_eq!(
                common::shape(&reparsed),
                common::shape(&tree),
                "print/parse round trip:\n{printed}"
            );
            insta::assert_snapshot!(format!(
                "----- OUTLINE\n{}----- PRINTED\n{}",
                dump::outline(&tree),
                printed
            ));
        });
    });
}

#[test]
fn errors() {
    settings().bind(|| {
        insta::glob!("../../tests/ui", "errors/*.ovm", |path| {
            let (mut sources, loaded) = load(path);
            let diagnostics = match loaded.encoding_error {
                Some(error) => vec![error],
                None => {
                    let options = options(sources.text(loaded.file));
                    driver::compile(&mut sources, loaded.file, Some(path), options).1
                }
            };
            let stem = path.file_stem().unwrap().to_string_lossy();
            let expected = stem.split('-').next().unwrap();
            assert!(
                diagnostics.iter().any(|d| d.code.as_str() == expected),
                "{} must report {expected}:\n{}",
                path.display(),
                render::to_plain_text(&sources, &diagnostics)
            );
            insta::assert_snapshot!(render::to_plain_text(&sources, &diagnostics));
        });
    });
}

#[test]
fn every_code_has_an_error_fixture() {
    let dir = common::workspace_root().join("tests/ui/errors");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !names.iter().any(|n| n.starts_with(&format!("{code}-"))))
        .map(|code| code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture in tests/ui/errors for {missing:?}"
    );
}
