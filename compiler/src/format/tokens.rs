//! The source's tokens, each with the comments attached to it.
//!
//! The formatter writes the source's code tokens in their order, with their text as written,
//! and only changes the space between them. Every comment is attached to a code token:
//!
//! * a comment that starts on the line where the previous token ends (after it, or after
//!   another such comment) *trails* that token, and stays at the end of its line;
//! * any other comment *leads* the next token (or the end of the file), and keeps whether it
//!   was on a line of its own, whether a blank line was above it and whether the code after it
//!   was on the next line.
//!
//! Two kinds of token are left out, with the whitespace around them: a trailing comma before
//! `)`, and the empty `()` of an annotation without arguments (`@library()`).

use super::FormatError;
use crate::syntax::token::Token;
use logos::Logos;
use std::ops::Range;

/// A comment attached to a token.
#[derive(Clone, Debug)]
pub(super) struct Attached {
    /// The comment as written, with the trailing whitespace of each of its lines removed.
    pub text: String,
    /// Whether it runs to the end of its line (`//` or `///`).
    pub line: bool,
    /// Whether a line break separates it from the token or comment before it.
    pub newline_before: bool,
    /// Whether a blank line separates it from the token or comment before it.
    pub blank_before: bool,
    /// Whether a line break separates it from the comment or token after it.
    pub newline_after: bool,
}

/// A code token, or the end of the file.
#[derive(Clone, Debug)]
pub(super) struct CodeToken<'src> {
    /// The token; `None` for the end of the file.
    pub token: Option<Token<'src>>,
    /// Where it is written.
    pub range: Range<usize>,
    /// The comments before it that do not trail the token before it, in order.
    pub leading: Vec<Attached>,
    /// The comments after it on its line, in order.
    pub trailing: Vec<Attached>,
    /// Whether a line break separates it from the token or comment before it.
    pub newline_before: bool,
    /// Whether a blank line separates it from the token or comment before it.
    pub blank_before: bool,
}

/// A comment's text with the trailing whitespace of each line removed: how the formatter
/// writes it.
pub(super) fn normalize_comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    out
}

fn is_comment(token: &Token<'_>) -> bool {
    matches!(
        token,
        Token::LineComment | Token::DocComment | Token::BlockComment
    )
}

fn is_name(token: &Token<'_>) -> bool {
    matches!(token, Token::Ident(_) | Token::All | Token::Any | Token::Address)
}

/// The code tokens of `source` with their comments, ending with the end of the file. Fails
/// only on a lexical error, which a source that parsed without errors does not have.
pub(super) fn tokens(source: &str) -> Result<Vec<CodeToken<'_>>, FormatError> {
    let mut raw = Vec::new();
    for (token, range) in Token::lexer(source).spanned() {
        let token = token.map_err(|error| {
            FormatError::Internal(format!("lexical error {error:?} at byte {}", range.start))
        })?;
        raw.push((token, range));
    }

    // The code tokens to leave out.
    let code: Vec<usize> = (0..raw.len()).filter(|&i| !is_comment(&raw[i].0)).collect();
    let mut dropped = vec![false; raw.len()];
    for (j, &i) in code.iter().enumerate() {
        let next = code.get(j + 1).map(|&n| raw[n].0);
        let token = raw[i].0;
        if token == Token::Comma && next == Some(Token::RParen) {
            dropped[i] = true;
        }
        if token == Token::LParen
            && next == Some(Token::RParen)
            && j >= 2
            && is_name(&raw[code[j - 1]].0)
            && raw[code[j - 2]].0 == Token::At
        {
            dropped[i] = true;
            dropped[code[j + 1]] = true;
        }
    }

    let newlines = |range: Range<usize>| source[range].bytes().filter(|&b| b == b'\n').count();
    let mut out: Vec<CodeToken<'_>> = Vec::new();
    let mut leading: Vec<Attached> = Vec::new();
    // Whether comments on the current line still trail the last code token.
    let mut trailing = false;
    let mut previous_end = 0;
    for (i, (token, range)) in raw.iter().enumerate() {
        if dropped[i] {
            continue;
        }
        let gap = newlines(previous_end..range.start);
        if is_comment(token) {
            let attached = Attached {
                text: normalize_comment(&source[range.clone()]),
                line: *token != Token::BlockComment,
                // The start of the file counts as a line break.
                newline_before: gap > 0 || (out.is_empty() && leading.is_empty()),
                blank_before: gap > 1,
                newline_after: true,
            };
            if trailing && gap == 0 {
                out.last_mut()
                    .expect("trailing comments follow a token")
                    .trailing
                    .push(attached);
            } else {
                trailing = false;
                if let Some(last) = leading.last_mut() {
                    last.newline_after = gap > 0;
                }
                leading.push(attached);
            }
        } else {
            if let Some(last) = leading.last_mut() {
                last.newline_after = gap > 0;
            }
            out.push(CodeToken {
                token: Some(*token),
                range: range.clone(),
                leading: std::mem::take(&mut leading),
                trailing: Vec::new(),
                newline_before: gap > 0,
                blank_before: gap > 1,
            });
            trailing = true;
        }
        previous_end = range.end;
    }
    let gap = newlines(previous_end..source.len());
    out.push(CodeToken {
        token: None,
        range: source.len()..source.len(),
        leading,
        trailing: Vec::new(),
        newline_before: gap > 0,
        blank_before: gap > 1,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(comments: &[Attached]) -> Vec<&str> {
        comments.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn comments_trail_on_their_line_and_lead_otherwise() {
        let tokens = tokens("a /* x */ // y\n// z\nb /* w */").unwrap();
        assert_eq!(tokens.len(), 3);
        assert_eq!(texts(&tokens[0].trailing), ["/* x */", "// y"]);
        assert_eq!(texts(&tokens[1].leading), ["// z"]);
        assert_eq!(texts(&tokens[1].trailing), ["/* w */"]);
        assert!(tokens[2].token.is_none());
    }

    #[test]
    fn trailing_commas_and_empty_annotation_arguments_are_left_out() {
        let tokens = tokens("@library() def f(a,) := F(a, /* c */)").unwrap();
        let kinds: Vec<String> = tokens
            .iter()
            .filter_map(|t| t.token.map(|t| t.to_string()))
            .collect();
        assert_eq!(
            kinds,
            [
                "@", "library", "def", "f", "(", "a", ")", ":=", "F", "(", "a", ")"
            ]
        );
        assert_eq!(texts(&tokens[10].trailing), ["/* c */"]);
    }

    #[test]
    fn comment_lines_lose_trailing_whitespace() {
        assert_eq!(normalize_comment("/* a  \n b\t\r\n*/"), "/* a\n b\n*/");
        assert_eq!(normalize_comment("// x \r"), "// x");
    }
}
