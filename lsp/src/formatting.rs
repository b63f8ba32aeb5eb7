//! `textDocument/formatting`: the whole document through the formatter,
//! [`ovm_compiler::format::format`].

use crate::position::LineIndex;
use lsp_types::{Position, Range, TextEdit};

/// The edits that format `text`: none when it is formatted already, else one replacing it
/// whole. A text the formatter refuses (syntax errors) is an error, with the formatter's reason.
pub fn format(text: &str) -> Result<Vec<TextEdit>, String> {
    let formatted = ovm_compiler::format::format(text).map_err(|e| e.to_string())?;
    if formatted == text {
        return Ok(Vec::new());
    }
    let end = LineIndex::new(text).end(text);
    Ok(vec![TextEdit::new(
        Range::new(Position::new(0, 0), end),
        formatted,
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_text_or_nothing() {
        let messy = "def   f(a:Bytes):=Equal(a,a)";
        let edits = format(messy).unwrap();
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].range.end, Position::new(0, messy.len() as u32));
        assert!(
            format(&edits[0].new_text).unwrap().is_empty(),
            "formatting is idempotent"
        );
        // What the formatter refuses is refused with its reason.
        let broken = "def f(a := ";
        if let Err(reason) = ovm_compiler::format::format(broken) {
            assert_eq!(format(broken), Err(reason.to_string()));
        }
    }
}
