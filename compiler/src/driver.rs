//! Runs the passes over files: reading sources from disk and checking them.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast::SourceFile};
use std::io;
use std::path::Path;

/// A source file read from disk.
#[derive(Debug)]
pub struct Loaded {
    /// Its id in the source map.
    pub file: FileId,
    /// Present when the bytes are not UTF-8: the file cannot be compiled, and its text in the
    /// source map has the invalid bytes replaced so that this diagnostic can be shown.
    pub encoding_error: Option<Diagnostic>,
}

/// Reads the file at `path` into `sources`, under the path as its display name.
pub fn load(sources: &mut SourceMap, path: &Path) -> io::Result<Loaded> {
    let bytes = std::fs::read(path)?;
    Ok(load_bytes(sources, path.display().to_string(), bytes))
}

/// Adds `bytes` to `sources` under `name`, checking that they are UTF-8.
pub fn load_bytes(sources: &mut SourceMap, name: String, bytes: Vec<u8>) -> Loaded {
    match String::from_utf8(bytes) {
        Ok(text) => Loaded {
            file: sources.add(name, text),
            encoding_error: None,
        },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = sources.add(name, text);
            // Offsets before the first invalid byte are the same in the file and in the stored text.
            let diagnostic = Diagnostic::new(
                Code::InvalidUtf8,
                file,
                Span::new(offset, offset),
                "file is not valid UTF-8",
            )
            .with_label(format!("invalid byte sequence at byte offset {offset}"))
            .with_note("OVM source files must be encoded as UTF-8");
            Loaded {
                file,
                encoding_error: Some(diagnostic),
            }
        }
    }
}

/// Parses a loaded file and runs every check on it; returns the tree and all diagnostics.
pub fn check(sources: &SourceMap, file: FileId) -> (SourceFile, Vec<Diagnostic>) {
    syntax::parse(sources.text(file), file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_a_diagnostic_at_the_first_bad_byte() {
        let mut sources = SourceMap::new();
        let loaded = load_bytes(&mut sources, "bad.ovm".into(), b"def f() := \xff\xfe".to_vec());
        let diagnostic = loaded.encoding_error.expect("not UTF-8");
        assert_eq!(diagnostic.code, Code::InvalidUtf8);
        assert_eq!(diagnostic.primary().span.start, 11);
    }
}
