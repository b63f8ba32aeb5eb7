//! The open documents: their text as the editor has it, and their analysis, made when first
//! needed after a change.

use crate::analysis::Analysis;
use crate::position::LineIndex;
use crate::stdlib::StdlibFiles;
use lsp_types::{TextDocumentContentChangeEvent, Url};
use ovm_compiler::driver::Options;
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

/// An open document.
pub struct Document {
    /// The version the editor gave its text.
    pub version: i32,
    /// Its text.
    pub text: String,
    /// Its path, for a `file:` URI (imports are found relative to it).
    pub path: Option<PathBuf>,
    /// The analysis of the current text, once made.
    analysis: Option<Analysis>,
    /// Whether the diagnostics of the current text have been published.
    pub published: bool,
}

/// The open documents, by URI.
#[derive(Default)]
pub struct Documents {
    documents: HashMap<Url, Document>,
}

impl Documents {
    /// Opens (or reopens) a document.
    pub fn open(&mut self, uri: Url, version: i32, text: String) {
        let path = (uri.scheme() == "file")
            .then(|| uri.to_file_path().ok())
            .flatten();
        self.documents.insert(
            uri,
            Document {
                version,
                text,
                path,
                analysis: None,
                published: false,
            },
        );
    }

    /// Applies the editor's changes, in order: whole texts, or ranges replaced. Unknown
    /// documents are ignored.
    pub fn change(&mut self, uri: &Url, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        for change in changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let lines = LineIndex::new(&document.text);
                    let start = lines.offset(&document.text, range.start);
                    let end = lines.offset(&document.text, range.end).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
        }
        document.version = version;
        document.invalidate();
    }

    /// Closes a document.
    pub fn close(&mut self, uri: &Url) {
        self.documents.remove(uri);
    }

    /// Marks every document's analysis out of date except `uri`'s (a file they may import
    /// changed on disk).
    pub fn invalidate_others(&mut self, uri: &Url) {
        for (other, document) in &mut self.documents {
            if other != uri {
                document.invalidate();
            }
        }
    }

    /// A document.
    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.documents.get(uri)
    }

    /// A document, mutably.
    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut Document> {
        self.documents.get_mut(uri)
    }

    /// The documents whose diagnostics are not published yet.
    pub fn unpublished(&self) -> Vec<Url> {
        let mut uris: Vec<Url> = self
            .documents
            .iter()
            .filter(|(_, d)| !d.published)
            .map(|(u, _)| u.clone())
            .collect();
        uris.sort();
        uris
    }
}

impl Document {
    fn invalidate(&mut self) {
        self.analysis = None;
        self.published = false;
    }

    /// The analysis of the current text, made now if it is out of date.
    pub fn analysis(&mut self, uri: &Url, options: Options, stdlib: Option<&StdlibFiles>) -> &Analysis {
        self.analysis
            .get_or_insert_with(|| Analysis::new(uri, self.path.as_deref(), &self.text, options, stdlib))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn ranged_changes_edit_the_text() {
        let mut documents = Documents::default();
        let uri = Url::parse("file:///tmp/a.ovm").unwrap();
        documents.open(uri.clone(), 1, "def f() := Equal(1, 2)\n// é\n".to_string());
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        };
        documents.change(
            &uri,
            2,
            vec![
                change(Some(Range::new(Position::new(0, 4), Position::new(0, 5))), "g"),
                change(Some(Range::new(Position::new(1, 4), Position::new(1, 4))), "!"),
            ],
        );
        let document = documents.get(&uri).unwrap();
        assert_eq!(document.text, "def g() := Equal(1, 2)\n// é!\n");
        assert_eq!(document.version, 2);
        assert_eq!(document.path.as_deref(), Some(std::path::Path::new("/tmp/a.ovm")));
        documents.change(&uri, 3, vec![change(None, "def h() := Equal(1, 1)")]);
        let document = documents.get_mut(&uri).unwrap();
        let analysis = document.analysis(&uri, Options::default(), None);
        assert_eq!(analysis.root().tree.decls[0].name.name, "h");
    }
}
