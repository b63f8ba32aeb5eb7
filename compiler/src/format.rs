//! Formatting `.ovm` source.
//!
//! Replaced by the formatter branch at merge: this is a minimal stand-in with the formatter's
//! signature, so that the language server's formatting request compiles and can be tested. It
//! re-prints the syntax tree with [`syntax::print::file`], which keeps doc comments but not
//! other comments, so it refuses files that have any.

use crate::source::FileId;
use crate::syntax::{self, ast::CommentKind};

/// Why a source could not be formatted.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The source has syntax errors: it is left as it is.
    #[error("the file has syntax errors ({count}); fix them before formatting")]
    Syntax {
        /// How many syntax errors were reported.
        count: usize,
    },
    /// The source has comments that the stand-in printer would drop.
    #[error("the file has comments other than doc comments, which this formatter would drop")]
    Comments,
}

/// The source, formatted.
// Replaced by the formatter branch at merge.
pub fn format(source: &str) -> Result<String, FormatError> {
    let (tree, diagnostics) = syntax::parse(source, FileId::DETACHED);
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    if count > 0 {
        return Err(FormatError::Syntax { count });
    }
    if tree.comments.iter().any(|c| c.kind != CommentKind::Doc) {
        return Err(FormatError::Comments);
    }
    Ok(syntax::print::file(&tree))
}
