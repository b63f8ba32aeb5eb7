//! The token stream the parser reads: `logos` tokens as `(start, token, end)` triples, with
//! comments moved to a side table and lexical errors turned into diagnostics.
//!
//! Lexical errors do not stop parsing: the offending text is skipped (an unterminated string
//! still yields its token) and parsing goes on, so one run reports many errors. Two things do
//! stop it, each with a diagnostic: nesting deeper than [`MAX_NESTING`], which would make later
//! recursive passes overflow the stack, and more than [`MAX_LEXICAL_ERRORS`] lexical errors,
//! which bounds the work spent on a file that is not OVM source at all.

use super::ast::{Comment, CommentKind};
use super::construct::escape_value;
use super::token::{LexErrorKind, Token, alphanumeric_run_len};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use logos::Logos;

/// The deepest nesting of parentheses, negations, quantifiers and implications accepted.
pub const MAX_NESTING: usize = 256;

/// After this many lexical errors the rest of the file is not read.
pub const MAX_LEXICAL_ERRORS: usize = 100;

/// An error that ends parsing of a file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FatalError {
    /// The formula nests deeper than [`MAX_NESTING`].
    #[error("formula nested more than {MAX_NESTING} levels deep")]
    NestingTooDeep {
        /// The token that went one level too deep.
        span: Span,
    },
}

impl FatalError {
    /// Where the error was detected.
    pub fn span(&self) -> Span {
        match self {
            FatalError::NestingTooDeep { span } => *span,
        }
    }
}

/// A `(start, token, end)` triple, as LALRPOP expects.
pub type Spanned<'src> = (usize, Token<'src>, usize);

/// The parser's token stream over one source file.
pub struct Lexer<'src> {
    tokens: logos::Lexer<'src, Token<'src>>,
    file: FileId,
    nesting: NestingGuard,
    lexical_errors: usize,
    finished: bool,
    /// The comments seen so far.
    pub comments: Vec<Comment>,
    /// The lexical diagnostics reported so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'src> Lexer<'src> {
    /// A token stream over `source`, which is file `file`.
    pub fn new(source: &'src str, file: FileId) -> Lexer<'src> {
        Lexer {
            tokens: Token::lexer(source),
            file,
            nesting: NestingGuard::default(),
            lexical_errors: 0,
            finished: false,
            comments: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.lexical_errors += 1;
        self.diagnostics.push(diagnostic);
        if self.lexical_errors == MAX_LEXICAL_ERRORS {
            let span = self.span();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownCharacter,
                    self.file,
                    span,
                    "too many lexical errors; the rest of the file is not read",
                )
                .with_label("reading stopped here")
                .with_note(format!(
                    "after {MAX_LEXICAL_ERRORS} lexical errors the file is probably not OVM source"
                )),
            );
            self.finished = true;
        }
    }

    fn span(&self) -> Span {
        let range = self.tokens.span();
        Span::new(range.start, range.end)
    }

    /// Reports a run of characters that start no token, as one diagnostic.
    fn unknown_characters(&mut self) {
        let start = self.tokens.span().start;
        let rest = &self.tokens.source()[start..];
        // Extend over following characters that are unknown too (not whitespace, and not the
        // start of any token, even a malformed one such as an unterminated string).
        let len = rest
            .char_indices()
            .skip(1)
            .find(|&(i, c)| {
                c.is_whitespace()
                    || Token::lexer(&rest[i..]).next() != Some(Err(LexErrorKind::UnknownCharacter))
            })
            .map_or(rest.len(), |(i, _)| i);
        self.tokens.bump(len - self.tokens.span().len());
        let text = &rest[..len];
        let shown: String = text
            .chars()
            .take(16)
            .flat_map(|c| -> Box<dyn Iterator<Item = char>> {
                if c.is_control() {
                    Box::new(c.escape_default())
                } else {
                    Box::new(std::iter::once(c))
                }
            })
            .collect();
        let message = if text.chars().count() == 1 {
            format!("unknown character `{shown}`")
        } else {
            format!("unknown characters `{shown}`")
        };
        let diagnostic = Diagnostic::new(
            Code::UnknownCharacter,
            self.file,
            Span::new(start, start + len),
            message,
        )
        .with_label("not part of any token");
        let diagnostic = match text.chars().next() {
            Some('#') => diagnostic.with_help("comments start with `//` or are enclosed in `/* */`"),
            Some('&' | '|') => diagnostic.with_help("the connectives are written `and`, `or` and `not`"),
            Some('\'') => diagnostic.with_help("string literals use double quotes: \"…\""),
            _ => diagnostic,
        };
        self.report(diagnostic);
    }

    /// Checks the escapes of a string literal whose content starts at `content_start`.
    fn check_escapes(&mut self, content: &str, content_start: usize) {
        let mut chars = content.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                continue;
            }
            if let Some((j, escaped)) = chars.next()
                && escape_value(escaped).is_none()
            {
                let span = Span::new(content_start + i, content_start + j + escaped.len_utf8());
                self.report(
                    Diagnostic::new(
                        Code::InvalidEscape,
                        self.file,
                        span,
                        format!("unknown escape `\\{escaped}`"),
                    )
                    .with_label("not a valid escape")
                    .with_note("the escapes are `\\\\`, `\\\"`, `\\n`, `\\t`, `\\r` and `\\0`"),
                );
            }
        }
    }

    /// Checks that a number token is not the start of a longer malformed literal (`9x`, `0xZZ`).
    /// Returns false when it was malformed (and reported, and skipped).
    fn check_number(&mut self, token_len: usize) -> bool {
        let start = self.tokens.span().start;
        let run = alphanumeric_run_len(&self.tokens.source()[start..]);
        if run == token_len {
            return true;
        }
        self.tokens.bump(run - token_len);
        let text = &self.tokens.source()[start..start + run];
        let help = if text.starts_with("0X") {
            "write the `0x` prefix in lower case"
        } else if text.starts_with("0x") {
            "a `0x` literal contains only the hexadecimal digits 0-9, a-f and A-F"
        } else {
            "names cannot start with a digit"
        };
        self.report(
            Diagnostic::new(
                Code::InvalidNumber,
                self.file,
                Span::new(start, start + run),
                format!("invalid literal `{text}`"),
            )
            .with_label("not a number, byte string or name")
            .with_help(help),
        );
        false
    }

    fn lex_error(&mut self, kind: LexErrorKind) {
        let span = self.span();
        match kind {
            LexErrorKind::UnknownCharacter => self.unknown_characters(),
            LexErrorKind::UnterminatedString => self.report(
                Diagnostic::new(
                    Code::UnterminatedString,
                    self.file,
                    span,
                    "unterminated string literal",
                )
                .with_label("this string has no closing `\"` on its line")
                .with_help("close the string with `\"`; a string cannot span lines"),
            ),
            LexErrorKind::UnterminatedComment => self.report(
                Diagnostic::new(
                    Code::UnterminatedComment,
                    self.file,
                    Span {
                        start: span.start,
                        end: span.start + 2,
                    },
                    "unterminated block comment",
                )
                .with_label("this `/*` has no matching `*/`")
                .with_note("block comments nest: each `/*` inside needs its own `*/`"),
            ),
            LexErrorKind::InvalidNumber => {
                self.check_number(0);
            }
        }
    }
}

impl<'src> Iterator for Lexer<'src> {
    type Item = Result<Spanned<'src>, FatalError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.finished {
                return None;
            }
            let token = match self.tokens.next()? {
                Ok(token) => token,
                Err(kind) => {
                    // An unterminated string is still a string: keep it so parsing can go on.
                    let unterminated_string = kind == LexErrorKind::UnterminatedString;
                    self.lex_error(kind);
                    if unterminated_string && !self.finished {
                        let range = self.tokens.span();
                        let content = &self.tokens.source()[range.start + 1..range.end];
                        return Some(Ok((range.start, Token::Str(content), range.end)));
                    }
                    continue;
                }
            };
            let range = self.tokens.span();
            let span = Span::new(range.start, range.end);
            match token {
                Token::LineComment | Token::DocComment | Token::BlockComment => {
                    let kind = match token {
                        Token::LineComment => CommentKind::Line,
                        Token::DocComment => CommentKind::Doc,
                        _ => CommentKind::Block,
                    };
                    self.comments.push(Comment { kind, span });
                    continue;
                }
                Token::Integer(text) | Token::Hex(text) if !self.check_number(text.len()) => continue,
                Token::Str(content) => self.check_escapes(content, range.start + 1),
                _ => {}
            }
            if self.nesting.enter(&token) {
                self.finished = true;
                return Some(Err(FatalError::NestingTooDeep { span }));
            }
            return Some(Ok((range.start, token, range.end)));
        }
    }
}

/// Bounds the nesting depth of the tree the parser would build, from the tokens alone.
///
/// Each open parenthesis starts a level. Within a level, quantifiers, lambdas and `implies`
/// nest everything after them up to the level's end, and prefix negations nest the next
/// operand (they stop counting at the next `and`, `or`, `implies` or `,`). The sum over open
/// levels is an upper bound on the depth of the formula being parsed (up to a constant factor).
#[derive(Default)]
struct NestingGuard {
    levels: Vec<Level>,
    depth: usize,
}

#[derive(Default, Clone, Copy)]
struct Level {
    scoped: usize,
    prefix: usize,
}

impl NestingGuard {
    /// Accounts for `token`; returns true when the limit is exceeded.
    fn enter(&mut self, token: &Token<'_>) -> bool {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
            self.depth = 1;
        }
        let nested = self.levels.len() > 1;
        let level = self.levels.last_mut().expect("at least one level");
        match token {
            Token::Def => {
                self.levels.truncate(1);
                self.levels[0] = Level::default();
                self.depth = 1;
            }
            Token::LParen => {
                self.levels.push(Level::default());
                self.depth += 1;
            }
            Token::RParen if nested => {
                let closed = self.levels.pop().expect("more than one level");
                self.depth -= 1 + closed.scoped + closed.prefix;
            }
            Token::Not | Token::Bang => {
                level.prefix += 1;
                self.depth += 1;
            }
            Token::Forall | Token::Exists | Token::Arrow => {
                level.scoped += 1;
                self.depth += 1;
            }
            Token::And | Token::Or | Token::Implies | Token::Comma => {
                self.depth -= level.prefix;
                level.prefix = 0;
                if *token == Token::Implies {
                    level.scoped += 1;
                    self.depth += 1;
                }
            }
            _ => {}
        }
        self.depth > MAX_NESTING
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(src: &str) -> (Vec<Token<'_>>, Vec<Code>) {
        let mut lexer = Lexer::new(src, FileId::DETACHED);
        let tokens = lexer
            .by_ref()
            .map(|t| t.map(|(_, t, _)| t))
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        (tokens, lexer.diagnostics.iter().map(|d| d.code).collect())
    }

    #[test]
    fn comments_go_to_the_side_table() {
        let mut lexer = Lexer::new("a // x\n/* y */ b /// z", FileId::DETACHED);
        let tokens: Vec<_> = lexer.by_ref().map(|t| t.unwrap().1).collect();
        assert_eq!(tokens, vec![Token::Ident("a"), Token::Ident("b")]);
        let kinds: Vec<_> = lexer.comments.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![CommentKind::Line, CommentKind::Block, CommentKind::Doc]
        );
    }

    #[test]
    fn a_run_of_unknown_characters_is_one_error() {
        let (tokens, codes) = lex("a ##%% b");
        assert_eq!(tokens, vec![Token::Ident("a"), Token::Ident("b")]);
        assert_eq!(codes, vec![Code::UnknownCharacter]);
    }

    #[test]
    fn malformed_numbers_are_one_error_and_skipped() {
        let (tokens, codes) = lex("f(9x, 0xZZ, 7)");
        assert_eq!(
            tokens,
            vec![
                Token::Ident("f"),
                Token::LParen,
                Token::Comma,
                Token::Comma,
                Token::Integer("7"),
                Token::RParen
            ]
        );
        assert_eq!(codes, vec![Code::InvalidNumber, Code::InvalidNumber]);
    }

    #[test]
    fn unterminated_string_keeps_its_token() {
        let (tokens, codes) = lex("f(\"abc\n)");
        assert_eq!(
            tokens,
            vec![Token::Ident("f"), Token::LParen, Token::Str("abc"), Token::RParen]
        );
        assert_eq!(codes, vec![Code::UnterminatedString]);
    }

    #[test]
    fn invalid_escapes_are_reported() {
        let (_, codes) = lex(r#""a\qb\n""#);
        assert_eq!(codes, vec![Code::InvalidEscape]);
    }

    #[test]
    fn deep_parentheses_stop_the_stream() {
        let src = "(".repeat(MAX_NESTING + 10);
        let result: Result<Vec<_>, _> = Lexer::new(&src, FileId::DETACHED).collect();
        assert!(matches!(result, Err(FatalError::NestingTooDeep { .. })));
    }

    #[test]
    fn long_flat_chains_are_not_deep() {
        let src = "def f() := ".to_string() + &vec!["not A()"; 10 * MAX_NESTING].join(" and ");
        let result: Result<Vec<_>, _> = Lexer::new(&src, FileId::DETACHED).collect();
        assert!(result.is_ok());
    }

    #[test]
    fn too_many_errors_stop_reading() {
        let src = "# a ".repeat(MAX_LEXICAL_ERRORS * 3);
        let (tokens, codes) = lex(&src);
        assert!(tokens.len() < MAX_LEXICAL_ERRORS);
        assert_eq!(codes.len(), MAX_LEXICAL_ERRORS + 1);
    }
}
