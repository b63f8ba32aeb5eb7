//! Helpers shared by the compiler's integration tests. Each test binary uses a subset of them.
#![allow(dead_code)]

pub mod trees;

use ovm_compiler::syntax::ast::SourceFile;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A syntax tree's imports and declarations as JSON with every span removed, so that two
/// trees of the same program written differently compare equal.
pub fn shape(tree: &SourceFile) -> Value {
    let mut value = serde_json::json!({ "imports": tree.imports, "decls": tree.decls });
    strip_spans(&mut value);
    value
}

fn strip_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("span");
            map.values_mut().for_each(strip_spans);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

/// Every `.ovm` file under `dir`, recursively, in sorted order, appended to `out`.
pub fn ovm_files(dir: &Path, out: &mut Vec<PathBuf>) {
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
