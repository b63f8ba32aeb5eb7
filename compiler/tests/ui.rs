//! UI fixtures: `tests/ui/syntax/*.ovm` (one per syntax feature; must parse cleanly) and
//! `tests/ui/errors/<CODE>-*.ovm` (one or more per diagnostic code), each with an `insta`
//! snapshot in `tests/ui/snapshots/` of the tree or of the rendered diagnostics.

mod common;

use ovm_compiler::diagnostics::render;
use ovm_compiler::syntax::{dump, parse, print};
use ovm_compiler::{Code, Diagnostic, SourceMap, driver};
use std::path::Path;

fn check_fixture(
    path: &Path,
) -> (
    SourceMap,
    Vec<Diagnostic>,
    Option<ovm_compiler::syntax::ast::SourceFile>,
) {
    let name = format!(
        "{}/{}",
        path.parent().unwrap().file_name().unwrap().to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let mut sources = SourceMap::new();
    let loaded = driver::load_bytes(&mut sources, name, std::fs::read(path).unwrap());
    match loaded.encoding_error {
        Some(error) => (sources, vec![error], None),
        None => {
            let (tree, diagnostics) = driver::check(&sources, loaded.file);
            (sources, diagnostics, Some(tree))
        }
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
            let (sources, diagnostics, tree) = check_fixture(path);
            assert!(
                diagnostics.is_empty(),
                "{} must parse cleanly:\n{}",
                path.display(),
                render::to_plain_text(&sources, &diagnostics)
            );
            let tree = tree.unwrap();
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
            let (sources, diagnostics, _) = check_fixture(path);
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
    for code in Code::ALL {
        assert!(
            names.iter().any(|n| n.starts_with(&format!("{code}-"))),
            "no fixture in tests/ui/errors for {code}"
        );
    }
}
