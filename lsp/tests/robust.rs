//! Half-typed and mangled source never makes a request fail: every prefix of the examples, and
//! each with one character deleted, asked for everything at many positions.

use lsp_types::{Position, Url};
use ovm_compiler::driver::Options;
use ovm_lsp::analysis::Analysis;
use ovm_lsp::{completion, definition, diagnostics, hover, symbols};
use std::path::{Path, PathBuf};

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ovm") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every request, at the start, the end and every `step`-th character of `text`.
fn ask_everything(path: &Path, text: &str, step: usize) {
    let uri = Url::from_file_path(path).unwrap();
    let analysis = Analysis::new(&uri, Some(path), text, Options::default(), None);
    let _ = diagnostics::by_file(&uri, &analysis);
    let _ = symbols::symbols(&analysis);
    let lines = analysis.root_lines();
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(step).collect();
    offsets.push(text.len());
    let positions = offsets
        .iter()
        .map(|&o| lines.position(text, o))
        .chain([Position::new(0, 0), Position::new(u32::MAX, u32::MAX)]);
    for position in positions {
        let _ = hover::hover(&analysis, position);
        let _ = definition::definition(&analysis, position);
        let _ = completion::completion(&analysis, position, path.parent());
    }
}

#[test]
fn every_prefix_of_every_example() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        for cut in cuts {
            ask_everything(&path, &text[..cut], 11);
        }
    }
}

#[test]
fn every_example_with_one_character_deleted() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let cuts: Vec<(usize, char)> = text.char_indices().step_by(3).collect();
        for (at, c) in cuts {
            let mut mangled = text.clone();
            mangled.replace_range(at..at + c.len_utf8(), "");
            ask_everything(&path, &mangled, 13);
        }
    }
}
