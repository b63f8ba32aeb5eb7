//! Converting between byte offsets (the compiler's spans) and LSP positions (a line and a
//! column counted in UTF-16 code units, the protocol's default encoding).
//!
//! Lines end at `\n`; a `\r` before it belongs to no column a client can address (positions
//! past the end of a line's text are clamped to it). Offsets are computed in O(log lines) plus
//! the length of one line, so a request costs the same in a file of 10 lines or 100,000.

use lsp_types::{Position, Range};
use ovm_compiler::Span;

/// The line starts of one text, and which lines are pure ASCII (whose UTF-16 columns are
/// their byte columns).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// The byte offset of the start of every line; the first is 0.
    starts: Vec<u32>,
    /// Per line, whether it has a non-ASCII character (and so needs counting).
    wide: Vec<bool>,
    /// The length of the text.
    len: u32,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let mut wide = Vec::new();
        let mut line_wide = false;
        for (i, byte) in text.bytes().enumerate() {
            line_wide |= !byte.is_ascii();
            if byte == b'\n' {
                starts.push(clamp(i + 1));
                wide.push(line_wide);
                line_wide = false;
            }
        }
        wide.push(line_wide);
        LineIndex {
            starts,
            wide,
            len: clamp(text.len()),
        }
    }

    /// The number of lines (a text ending in `\n` has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The position of byte `offset` of `text` (the text this index was built from). An offset
    /// past the end is the end; one inside a character is that character's start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(self.len as usize));
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let character = if self.wide[line] {
            text[start..offset].chars().map(char::len_utf16).sum()
        } else {
            offset - start
        };
        Position::new(clamp(line), clamp(character))
    }

    /// The range of `span` in `text`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start as usize),
            self.position(text, span.end as usize),
        )
    }

    /// The byte offset of `position` in `text`. A line past the end is the end of the text; a
    /// column past the end of its line is the end of the line (before its `\r\n` or `\n`); a
    /// column inside a surrogate pair is the character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.len as usize;
        };
        let start = start as usize;
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.len as usize, |&next| next as usize - 1);
        let content = text[start..end].strip_suffix('\r').unwrap_or(&text[start..end]);
        let wanted = position.character as usize;
        if !self.wide[line] {
            return start + wanted.min(content.len());
        }
        let mut units = 0;
        for (i, c) in content.char_indices() {
            units += c.len_utf16();
            if units > wanted {
                return start + i;
            }
        }
        start + content.len()
    }

    /// The position of the end of `text`.
    pub fn end(&self, text: &str) -> Position {
        self.position(text, self.len as usize)
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The largest character boundary of `text` at or before `offset` (which is at most its length).
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str) {
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let position = index.position(text, offset);
            assert_eq!(index.offset(text, position), offset, "{text:?} at {offset}");
        }
    }

    #[test]
    fn ascii_columns_are_byte_columns() {
        let text = "def f() :=\n  Foo()\n";
        let index = LineIndex::new(text);
        assert_eq!(index.lines(), 3);
        assert_eq!(index.position(text, 0), Position::new(0, 0));
        assert_eq!(index.position(text, 13), Position::new(1, 2));
        assert_eq!(index.offset(text, Position::new(1, 2)), 13);
        assert_eq!(index.end(text), Position::new(2, 0));
        roundtrip(text);
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // `é` is 2 bytes and 1 UTF-16 unit; `😀` is 4 bytes and 2 units (a surrogate pair).
        let text = "// é😀x\ndef f() := Foo()";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(x, 9);
        assert_eq!(index.position(text, x), Position::new(0, 6));
        assert_eq!(index.offset(text, Position::new(0, 6)), x);
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.position(text, emoji), Position::new(0, 4));
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(index.offset(text, Position::new(0, 5)), emoji);
        // The next line is ASCII again.
        assert_eq!(
            index.position(text, text.find("def").unwrap()),
            Position::new(1, 0)
        );
        roundtrip(text);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "aé";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 2), Position::new(0, 1));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        // Past the end of line 0: before its `\r\n`.
        assert_eq!(index.offset(text, Position::new(0, 99)), 2);
        assert_eq!(index.offset(text, Position::new(1, 99)), text.len());
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        assert_eq!(index.position(text, 999), Position::new(1, 2));
        let wide = "é\n";
        let index = LineIndex::new(wide);
        assert_eq!(index.offset(wide, Position::new(0, 9)), 2);
    }

    #[test]
    fn empty_text_has_one_line() {
        let index = LineIndex::new("");
        assert_eq!(index.lines(), 1);
        assert_eq!(index.position("", 0), Position::new(0, 0));
        assert_eq!(index.offset("", Position::new(3, 3)), 0);
        assert_eq!(index.range("", Span::new(0, 0)), Range::default());
    }
}
