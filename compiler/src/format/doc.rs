//! A small pretty-printing document in the style of Wadler's "prettier printer": text, break
//! points and groups that are laid out flat when they fit in the line width and broken
//! otherwise, plus the few extra elements that comments need.
//!
//! A group is flat when its whole content, followed by whatever comes after it up to the next
//! line break, fits in the width. Outer groups are decided first, so a long formula breaks at
//! its top-level connectives before anything nested in them.

/// One element of a document.
#[derive(Clone, Debug)]
pub(super) enum Doc {
    /// Text without a line break (code tokens); counts towards the width.
    Text(String),
    /// One space between two things on a line: written only if something follows on the
    /// line (and no [`Doc::NoSpace`] comes first).
    Space,
    /// Cancels a [`Doc::Space`] (or flat [`Doc::Line`]) just before: for `)` and `,` after a
    /// comment.
    NoSpace,
    /// A space when its group is flat, a line break when it is broken.
    Line,
    /// Nothing when its group is flat, a line break when it is broken.
    SoftLine,
    /// Always a line break.
    Hard,
    /// A line break unless the line is still empty (before a comment on its own line).
    EnsureLineStart,
    /// A comment, as written. A block comment counts towards the width (its last line, if it
    /// spans several); a line comment does not (it ends its line), and whatever follows it is
    /// put on the next line.
    Comment {
        /// The comment's text, delimiters included.
        text: String,
        /// Whether it runs to the end of the line (`//`, `///`).
        line: bool,
    },
    /// Laid out flat if it fits, else with its break points broken.
    Group(Vec<Doc>),
    /// Content indented by two more columns after each line break.
    Nest(Vec<Doc>),
    /// Content in sequence.
    Seq(Vec<Doc>),
}

/// How a group is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// The indentation step.
const INDENT: usize = 2;

/// Lays `doc` out in `width` columns. Lines carry no trailing spaces; line breaks are `\n`.
pub(super) fn render(doc: &Doc, width: usize) -> String {
    let mut printer = Printer {
        out: String::new(),
        width,
        col: 0,
        content: false,
        pending: false,
        space: false,
        line_indent: 0,
    };
    let mut stack: Vec<(usize, Mode, &Doc)> = vec![(0, Mode::Break, doc)];
    while let Some((indent, mode, doc)) = stack.pop() {
        match doc {
            Doc::Text(text) => printer.text(indent, text),
            Doc::Space => printer.space(),
            Doc::NoSpace => printer.space = false,
            Doc::Line if mode == Mode::Flat => printer.space(),
            Doc::SoftLine if mode == Mode::Flat => {}
            Doc::Line | Doc::SoftLine | Doc::Hard => printer.newline(indent),
            Doc::EnsureLineStart => {
                if printer.content || printer.pending {
                    printer.newline(indent);
                }
            }
            Doc::Comment { text, line } => printer.comment(indent, text, *line),
            Doc::Group(items) => {
                let mode = if mode == Mode::Flat || printer.fits(indent, items, &stack) {
                    Mode::Flat
                } else {
                    Mode::Break
                };
                stack.extend(items.iter().rev().map(|d| (indent, mode, d)));
            }
            Doc::Nest(items) => stack.extend(items.iter().rev().map(|d| (indent + INDENT, mode, d))),
            Doc::Seq(items) => stack.extend(items.iter().rev().map(|d| (indent, mode, d))),
        }
    }
    printer.out
}

/// The output so far and where it stands.
struct Printer {
    out: String,
    width: usize,
    /// The column after the last character written (indentation included).
    col: usize,
    /// Whether the current line has anything on it.
    content: bool,
    /// Whether the current line ends with a line comment, so that nothing more can go on it.
    pending: bool,
    /// Whether a space is to be written before the next text on the line.
    space: bool,
    /// The indentation of the current line, written before its first text.
    line_indent: usize,
}

impl Printer {
    fn newline(&mut self, indent: usize) {
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        self.out.push('\n');
        self.col = indent;
        self.line_indent = indent;
        self.content = false;
        self.pending = false;
        self.space = false;
    }

    /// Prepares to write on the current line: a line comment ends it, and an empty line gets
    /// its indentation.
    fn start(&mut self, indent: usize) {
        if self.pending {
            self.newline(indent);
        }
        if !self.content {
            self.out.extend(std::iter::repeat_n(' ', self.line_indent));
            self.col = self.line_indent;
            self.content = true;
        } else if self.space {
            self.out.push(' ');
            self.col += 1;
        }
        self.space = false;
    }

    fn text(&mut self, indent: usize, text: &str) {
        self.start(indent);
        self.out.push_str(text);
        self.col += width(text);
    }

    fn space(&mut self) {
        if self.content && !self.pending {
            self.space = true;
        }
    }

    fn comment(&mut self, indent: usize, text: &str, line: bool) {
        self.start(indent);
        self.out.push_str(text);
        self.col = match text.rfind('\n') {
            Some(at) => width(&text[at + 1..]),
            None => self.col + width(text),
        };
        self.pending = line;
    }

    /// Whether `items`, laid out flat from the current position, and then what follows them
    /// (`rest`, the printer's stack) up to its next line break, fit in the width.
    fn fits(&self, indent: usize, items: &[Doc], rest: &[(usize, Mode, &Doc)]) -> bool {
        let mut col = self.col;
        let mut content = self.content;
        let mut pending = self.pending;
        let mut space = self.space;
        // A line comment before the group: its first text goes on the next line.
        let mut inherited = self.pending;
        // Each entry: indentation, mode, element, and whether it comes after the group.
        let mut stack: Vec<(usize, Mode, &Doc, bool)> = items
            .iter()
            .rev()
            .map(|d| (indent, Mode::Flat, d, false))
            .collect();
        let mut rest = rest.iter().rev();
        loop {
            let (indent, mode, doc, after) = match stack.pop() {
                Some(entry) => entry,
                None => match rest.next() {
                    Some(&(indent, mode, doc)) => (indent, mode, doc, true),
                    None => return true,
                },
            };
            if pending && is_visible(doc) {
                if inherited {
                    col = indent;
                    content = false;
                    pending = false;
                    inherited = false;
                } else {
                    // Something visible on a line that a line comment ended: inside the
                    // group, that forces a break (so the group does not fit); after it, the
                    // line ends there.
                    return after;
                }
            }
            match doc {
                Doc::Text(_) | Doc::Comment { .. } => {
                    if content && space {
                        col += 1;
                    }
                    space = false;
                    content = true;
                    match doc {
                        Doc::Comment { line: true, .. } => pending = true,
                        Doc::Text(text) | Doc::Comment { text, .. } => match text.rfind('\n') {
                            Some(at) => {
                                let first = text.find('\n').unwrap_or(at);
                                if col + width(&text[..first]) > self.width {
                                    return false;
                                }
                                col = width(&text[at + 1..]);
                            }
                            None => col += width(text),
                        },
                        _ => {}
                    }
                }
                Doc::Space => space = content && !pending,
                Doc::NoSpace => space = false,
                Doc::Line if mode == Mode::Flat => space = content && !pending,
                Doc::SoftLine if mode == Mode::Flat => {}
                Doc::Line | Doc::SoftLine => return true,
                Doc::Hard => {
                    if after {
                        return true;
                    }
                    col = indent;
                    content = false;
                    pending = false;
                    space = false;
                }
                Doc::EnsureLineStart if pending && inherited => {
                    col = indent;
                    content = false;
                    pending = false;
                    inherited = false;
                }
                Doc::EnsureLineStart => {
                    if content {
                        return after;
                    }
                }
                Doc::Group(items) | Doc::Seq(items) => {
                    stack.extend(items.iter().rev().map(|d| (indent, mode, d, after)));
                }
                Doc::Nest(items) => {
                    stack.extend(items.iter().rev().map(|d| (indent + INDENT, mode, d, after)));
                }
            }
            if col > self.width {
                return false;
            }
        }
    }
}

/// Whether laying `doc` out writes characters on the current line.
fn is_visible(doc: &Doc) -> bool {
    matches!(doc, Doc::Text(_) | Doc::Comment { .. })
}

/// The width of `text` in columns: one per character.
fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Doc {
        Doc::Text(s.to_string())
    }

    #[test]
    fn a_group_that_fits_is_flat() {
        let doc = Doc::Group(vec![text("a"), Doc::Line, text("b")]);
        assert_eq!(render(&doc, 10), "a b");
        assert_eq!(render(&doc, 2), "a\nb");
    }

    #[test]
    fn nesting_indents_after_breaks_and_no_line_has_trailing_spaces() {
        let doc = Doc::Group(vec![
            text("f("),
            Doc::Nest(vec![Doc::SoftLine, text("long"), Doc::Line]),
            Doc::SoftLine,
            text(")"),
        ]);
        assert_eq!(render(&doc, 4), "f(\n  long\n\n)");
    }

    #[test]
    fn a_line_comment_breaks_its_group() {
        let doc = Doc::Group(vec![
            text("a"),
            Doc::Space,
            Doc::Comment {
                text: "// c".into(),
                line: true,
            },
            Doc::Line,
            text("b"),
        ]);
        assert_eq!(render(&doc, 80), "a // c\nb");
    }

    #[test]
    fn text_after_a_line_comment_goes_on_the_next_line() {
        let doc = Doc::Seq(vec![
            text("a"),
            Doc::Space,
            Doc::Comment {
                text: "// c".into(),
                line: true,
            },
            text("b"),
        ]);
        assert_eq!(render(&doc, 80), "a // c\nb");
    }
}
