//! Compiled-predicate JSON (`ovm build --emit json`): each `tests/json/*.ovm` must compile
//! without errors, and its JSON is an `insta` snapshot in `tests/json/snapshots/`; so is the
//! JSON of every typed file of the public corpus (skipped when the corpus folder is absent).
//! Every lowering runs twice, and both JSON texts must be identical; `entry_point` must name
//! each predicate's root contract.

mod common;

use ovm_compiler::diagnostics::render;
use ovm_compiler::lowering::compiled_json;
use ovm_compiler::{SourceMap, driver};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Compiles the file at `path` (named `name` in diagnostics) and returns its JSON.
fn json_of(path: &Path, name: String, compat: bool) -> String {
    let mut sources = SourceMap::new();
    let loaded = driver::load_bytes(&mut sources, name, std::fs::read(path).unwrap()).unwrap();
    let options = driver::Options {
        compat,
        strict: false,
    };
    let (compilation, diagnostics) = driver::compile(&mut sources, loaded.file, Some(path), options);
    let compilation = compilation.unwrap_or_else(|| {
        panic!(
            "{} must compile:\n{}",
            path.display(),
            render::to_plain_text(&sources, &diagnostics)
        )
    });
    let lowered = compiled_json::lower(&compilation.ir);
    for (predicate, compiled) in compilation.ir.predicates.iter().zip(&lowered) {
        assert_eq!(compiled_json::entry_point(predicate), compiled.entry_point);
    }
    let json = compiled_json::to_json(&lowered);
    let again = compiled_json::to_json(&compiled_json::lower(&compilation.ir));
    assert_eq!(
        json,
        again,
        "lowering {} twice gave different JSON",
        path.display()
    );
    json
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../tests/json/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn json_fixtures() {
    snapshot_settings().bind(|| {
        insta::glob!("../../tests/json", "*.ovm", |path| {
            let name = format!("json/{}", path.file_name().unwrap().to_string_lossy());
            insta::assert_snapshot!(json_of(path, name, false));
        });
    });
}

/// `N(i)` of the worked example: the contract's input `i`.
fn n(i: u32) -> serde_json::Value {
    json!({"type": "NormalInput", "inputIndex": i, "children": []})
}

/// The worked example of the old compiler (ForTest, language study §7), with release 0.7's
/// additions: typed `inputDefs` and `hasDecideMethod` (the root is a ForAll, so there is no
/// `entryPointOfDecide`).
#[test]
fn for_test_is_the_old_compilers_output() {
    let path = common::workspace_root().join("tests/json/for_test.ovm");
    let actual: serde_json::Value =
        serde_json::from_str(&json_of(&path, "for_test.ovm".into(), false)).unwrap();
    let signature = |inputs: Vec<serde_json::Value>| {
        json!({"type": "AtomicProposition",
               "predicate": {"type": "AtomicPredicateCall", "source": "IsValidSignature"},
               "inputs": inputs})
    };
    let expected = json!([{
        "type": "CompiledPredicate", "name": "ForTest",
        "inputDefs": [{"name": "a", "type": "Bytes"}, {"name": "b", "type": "Address"}],
        "contracts": [
            {"type": "IntermediateCompiledPredicate", "originalPredicateName": "ForTest", "name": "ForTestFO1N",
             "connective": "Not", "inputDefs": ["ForTestFO1N", "a", "b", "c"],
             "inputs": [signature(vec![n(1), n(2), n(3)])],
             "propertyInputs": [], "hasDecideMethod": false},
            {"type": "IntermediateCompiledPredicate", "originalPredicateName": "ForTest", "name": "ForTestFO",
             "connective": "Or", "inputDefs": ["ForTestFO", "a", "b", "c"],
             "inputs": [
                {"type": "AtomicProposition",
                 "predicate": {"type": "AtomicPredicateCall", "source": "ForTestFO1N"},
                 "inputs": [{"type": "LabelInput", "label": "ForTestFO1N"}, n(1), n(2), n(3)],
                 "isCompiled": true},
                signature(vec![n(1), n(2), n(3)])],
             "propertyInputs": [], "hasDecideMethod": false},
            {"type": "IntermediateCompiledPredicate", "originalPredicateName": "ForTest", "name": "ForTestF",
             "connective": "ForAllSuchThat", "inputDefs": ["ForTestF", "a", "b"],
             "inputs": ["signatures,KEY,${a}", "c",
                {"type": "AtomicProposition",
                 "predicate": {"type": "AtomicPredicateCall", "source": "ForTestFO"},
                 "inputs": [{"type": "LabelInput", "label": "ForTestFO"}, n(1), n(2),
                            {"type": "VariableInput", "placeholder": "c", "children": []}],
                 "isCompiled": true}],
             "propertyInputs": [], "hasDecideMethod": false}],
        "entryPoint": "ForTestF"
    }]);
    assert_eq!(actual, expected);
}

/// The corpus files whose JSON is snapshotted, relative to the corpus, with whether each needs
/// `--compat`: the production predicates (ovm-contracts) and the 0.7 test predicates
/// (gazelle), all typed.
fn typed_corpus_files(corpus: &Path) -> Vec<(PathBuf, bool)> {
    let mut files = Vec::new();
    let mut production = Vec::new();
    common::ovm_files(&corpus.join("ovm-contracts"), &mut production);
    for path in production {
        // `exit` calls `Checkpoint`, which it neither imports nor declares.
        let compat = path.ends_with("ExitPredicate.ovm");
        files.push((path, compat));
    }
    let mut gazelle = Vec::new();
    common::ovm_files(&corpus.join("gazelle"), &mut gazelle);
    for path in gazelle {
        // A free variable: one of the corpus's known defects.
        if !path.ends_with("testcases/variable/free.ovm") {
            files.push((path, true));
        }
    }
    files
}

#[test]
fn corpus_json() {
    let corpus = common::workspace_root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("corpus not found at {}: skipped", corpus.display());
        return;
    }
    let files = typed_corpus_files(&corpus);
    assert!(
        files.len() >= 27,
        "expected the 9 production and 18 gazelle files"
    );
    let settings = snapshot_settings();
    for (path, compat) in files {
        let name = path.strip_prefix(&corpus).unwrap().to_string_lossy().into_owned();
        let json = json_of(&path, name.clone(), compat);
        settings.bind(|| {
            insta::assert_snapshot!(format!("corpus@{}", name.replace('/', "__")), json);
        });
    }
}
