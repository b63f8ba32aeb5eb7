//! The standard library: every module compiles without a diagnostic, every definition is
//! documented, every hint is one that docs/witness.md describes, and `docs/stdlib.md` is the
//! reference generated from the modules' doc comments.

mod common;

use ovm_compiler::{SourceMap, driver, stdlib};

/// Compiles a file that imports every definition of the standard module `name`.
fn import_all(name: &str) -> Vec<ovm_compiler::Diagnostic> {
    let module = stdlib::modules().into_iter().find(|m| m.name == name).unwrap();
    let names: Vec<&str> = module.entries.iter().map(|e| e.name.as_str()).collect();
    let text = format!("from std.{name} import {}\n", names.join(", "));
    let mut sources = SourceMap::new();
    let file = sources.add("importer.ovm", text);
    let (compilation, diagnostics) = driver::compile(&mut sources, file, None, driver::Options::default());
    assert!(
        compilation.is_some() || !diagnostics.is_empty(),
        "std.{name}: no compilation and no diagnostic"
    );
    diagnostics
}

#[test]
fn every_standard_module_checks_without_diagnostics() {
    for (name, _) in stdlib::MODULES {
        let diagnostics = import_all(name);
        assert!(
            diagnostics.is_empty(),
            "std.{name}: {:#?}",
            diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_standard_definition_is_documented() {
    for module in stdlib::modules() {
        assert!(
            !module.header.is_empty(),
            "std.{} has no opening comment",
            module.name
        );
        for entry in &module.entries {
            assert!(
                !entry.doc.is_empty(),
                "std.{}.{} has no doc comment",
                module.name,
                entry.name
            );
        }
    }
}

/// Every hint reads `BUCKETS,KIND,PARAM` with a kind that docs/witness.md lists, and names no
/// deployment constant directly: `${$c}` in a hint is the constant's raw bytes (an address's 20
/// bytes), while the same constant passed for an `Address` parameter is its 32-byte word, so a
/// library quantifier takes constants as parameters and the hint names those.
#[test]
fn every_standard_hint_is_a_lookup_the_witness_store_serves() {
    for module in stdlib::modules() {
        for entry in module.entries.iter().filter(|e| e.hint.is_some()) {
            let hint = entry.hint.as_deref().unwrap();
            let what = format!("std.{}.{} hint `{hint}`", module.name, entry.name);
            let parts: Vec<&str> = hint.split(',').collect();
            assert_eq!(parts.len(), 3, "{what}: not BUCKETS,KIND,PARAM");
            let (buckets, kind, param) = (parts[0], parts[1], parts[2]);
            assert!(
                ["KEY", "RANGE", "ITER", "NUMBER"].contains(&kind),
                "{what}: unknown kind"
            );
            assert!(!hint.contains("${$"), "{what}: names a constant directly");
            assert!(
                buckets.split('.').all(|name| !name.is_empty()),
                "{what}: empty bucket name"
            );
            if kind == "NUMBER" {
                assert_eq!(buckets, "range", "{what}");
                let bounds: Vec<&str> = param.split('-').collect();
                assert!(
                    bounds.len() == 2 && bounds.iter().all(|b| b.starts_with("${") && b.ends_with('}')),
                    "{what}: a NUMBER hint's parameter is ${{start}}-${{end}}"
                );
            } else {
                assert!(
                    param.starts_with("${") && param.ends_with('}') && param.matches("${").count() == 1,
                    "{what}: the parameter is one value"
                );
            }
        }
    }
}

#[test]
fn docs_stdlib_md_is_the_generated_reference() {
    let path = common::workspace_root().join("docs/stdlib.md");
    let expected = stdlib::reference();
    if std::env::var_os("UPDATE_STDLIB_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/stdlib.md is not the reference generated from stdlib/*.ovm; regenerate it with\n  \
         UPDATE_STDLIB_DOCS=1 cargo test -p ovm-compiler --test stdlib"
    );
}

#[test]
fn every_module_is_a_file_under_stdlib() {
    for (name, text) in stdlib::MODULES {
        let path = common::workspace_root().join(stdlib::repository_path(name));
        let on_disk = std::fs::read_to_string(&path).unwrap();
        assert_eq!(&on_disk, text, "{}", path.display());
    }
}
