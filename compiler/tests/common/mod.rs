//! Helpers shared by the compiler's integration tests. Each test binary uses a subset of them.
#![allow(dead_code)]

use ovm_compiler::syntax::ast::SourceFile;
use serde_json::Value;
use std::path::PathBuf;

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
