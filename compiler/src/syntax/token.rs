//! The tokens of the OVM language, recognised by a `logos` lexer.

use logos::Logos;
use std::fmt;

/// What went wrong while recognising one token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LexErrorKind {
    /// A character that starts no token.
    #[default]
    UnknownCharacter,
    /// A `"` string literal without its closing quote on the same line.
    UnterminatedString,
    /// A `/*` comment without its closing `*/`.
    UnterminatedComment,
    /// Something that starts with a digit but is neither a decimal nor a `0x` literal.
    InvalidNumber,
}

/// A token. Borrowed text is a slice of the source.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(skip r"[ \t\r\n\f]+")]
#[logos(error = LexErrorKind)]
pub enum Token<'src> {
    /// `def`
    #[token("def")]
    Def,
    /// `from`
    #[token("from")]
    From,
    /// `import`
    #[token("import")]
    Import,
    /// `forall`
    #[token("forall")]
    Forall,
    /// `exists`
    #[token("exists")]
    Exists,
    /// `in`
    #[token("in")]
    In,
    /// `not`
    #[token("not")]
    Not,
    /// `and`
    #[token("and")]
    And,
    /// `or`
    #[token("or")]
    Or,
    /// `implies`
    #[token("implies")]
    Implies,
    /// `self`
    #[token("self")]
    SelfKw,
    /// `all`: a keyword after `.`, a name elsewhere.
    #[token("all")]
    All,
    /// `any`: a keyword after `.`, a name elsewhere.
    #[token("any")]
    Any,
    /// `address`: a keyword after `.`, a name elsewhere.
    #[token("address")]
    Address,
    /// `!`
    #[token("!")]
    Bang,
    /// `(`
    #[token("(")]
    LParen,
    /// `)`
    #[token(")")]
    RParen,
    /// `,`
    #[token(",")]
    Comma,
    /// `.`
    #[token(".")]
    Dot,
    /// `:`
    #[token(":")]
    Colon,
    /// `:=`
    #[token(":=")]
    Define,
    /// `->`
    #[token("->")]
    Arrow,
    /// `@`
    #[token("@")]
    At,
    /// An identifier such as `owner` or `SignedBy`.
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice())]
    Ident(&'src str),
    /// A constant such as `$txAddress`; the text excludes the `$`.
    #[regex(r"\$[A-Za-z_][A-Za-z0-9_]*", |lex| &lex.slice()[1..])]
    Constant(&'src str),
    /// A decimal integer literal.
    #[regex(r"[0-9]+", |lex| lex.slice())]
    Integer(&'src str),
    /// A `0x` literal; the text includes the `0x`.
    #[regex(r"0x[0-9a-fA-F]*", |lex| lex.slice())]
    Hex(&'src str),
    /// A string literal; the text is between the quotes, escapes not yet processed.
    #[token("\"", string_literal)]
    Str(&'src str),
    /// A `//` comment (not a `///` doc comment).
    #[regex(r"//[^\n]*", allow_greedy = true)]
    LineComment,
    /// A `///` doc comment (four or more slashes make an ordinary comment).
    #[regex(r"///([^/\n][^\n]*)?", allow_greedy = true, priority = 10)]
    DocComment,
    /// A `/* */` comment; may nest.
    #[token("/*", block_comment)]
    BlockComment,
}

/// Lexes `"…"`: the opening quote is already consumed. Ends at the closing quote; a newline or
/// the end of input first makes the literal unterminated.
fn string_literal<'src>(lex: &mut logos::Lexer<'src, Token<'src>>) -> Result<&'src str, LexErrorKind> {
    let rest = lex.remainder();
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                lex.bump(i + 1);
                return Ok(&rest[..i]);
            }
            b'\n' => break,
            b'\\' if i + 1 < bytes.len() && bytes[i + 1] != b'\n' => i += 2,
            _ => i += 1,
        }
    }
    // Keep the character boundary: `i` may sit inside a multi-byte character after a `\`.
    while !rest.is_char_boundary(i) {
        i += 1;
    }
    lex.bump(i);
    Err(LexErrorKind::UnterminatedString)
}

/// Lexes a block comment, honouring nested `/* */` pairs. The opening `/*` is already consumed.
fn block_comment<'src>(lex: &mut logos::Lexer<'src, Token<'src>>) -> Result<(), LexErrorKind> {
    let bytes = lex.remainder().as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    lex.bump(i);
                    return Ok(());
                }
            }
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    lex.bump(bytes.len());
    Err(LexErrorKind::UnterminatedComment)
}

/// The length of the alphanumeric run at the start of `text`: for a number token, a longer run
/// than the token itself (`9x`, `0xZZ`) is one malformed literal.
pub(crate) fn alphanumeric_run_len(text: &str) -> usize {
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

impl Token<'_> {
    /// How the token is shown in "expected …" lists and messages.
    pub fn describe(&self) -> String {
        match self {
            Token::Ident(name) => format!("identifier `{name}`"),
            Token::Constant(name) => format!("constant `${name}`"),
            Token::Integer(text) | Token::Hex(text) => format!("literal `{text}`"),
            Token::Str(_) => "string literal".to_string(),
            Token::LineComment | Token::DocComment | Token::BlockComment => "comment".to_string(),
            other => format!("`{other}`"),
        }
    }

    /// Whether the token is a reserved word that cannot be used as a name.
    pub fn is_reserved_word(&self) -> bool {
        matches!(
            self,
            Token::Def
                | Token::From
                | Token::Import
                | Token::Forall
                | Token::Exists
                | Token::In
                | Token::Not
                | Token::And
                | Token::Or
                | Token::Implies
                | Token::SelfKw
        )
    }
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Token::Def => "def",
            Token::From => "from",
            Token::Import => "import",
            Token::Forall => "forall",
            Token::Exists => "exists",
            Token::In => "in",
            Token::Not => "not",
            Token::And => "and",
            Token::Or => "or",
            Token::Implies => "implies",
            Token::SelfKw => "self",
            Token::All => "all",
            Token::Any => "any",
            Token::Address => "address",
            Token::Bang => "!",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::Comma => ",",
            Token::Dot => ".",
            Token::Colon => ":",
            Token::Define => ":=",
            Token::Arrow => "->",
            Token::At => "@",
            Token::Ident(s) | Token::Integer(s) | Token::Hex(s) => s,
            Token::Constant(s) => return write!(f, "${s}"),
            Token::Str(s) => return write!(f, "\"{s}\""),
            Token::LineComment | Token::DocComment | Token::BlockComment => "comment",
        };
        f.write_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Result<Token<'_>, LexErrorKind>> {
        Token::lexer(src).collect()
    }

    #[test]
    fn keywords_end_at_word_boundaries() {
        assert_eq!(kinds("deff"), vec![Ok(Token::Ident("deff"))]);
        assert_eq!(kinds("android"), vec![Ok(Token::Ident("android"))]);
        assert_eq!(
            kinds("a and b"),
            vec![Ok(Token::Ident("a")), Ok(Token::And), Ok(Token::Ident("b"))]
        );
    }

    #[test]
    fn literals_and_constants() {
        assert_eq!(
            kinds("42 0x00ff \"hi\" $c"),
            vec![
                Ok(Token::Integer("42")),
                Ok(Token::Hex("0x00ff")),
                Ok(Token::Str("hi")),
                Ok(Token::Constant("c")),
            ]
        );
        assert_eq!(kinds("0x"), vec![Ok(Token::Hex("0x"))]);
    }

    #[test]
    fn comments_are_tokens_and_nest() {
        assert_eq!(
            kinds("/* a /* b */ c */ x // y\n/// z\n//// w\n///"),
            vec![
                Ok(Token::BlockComment),
                Ok(Token::Ident("x")),
                Ok(Token::LineComment),
                Ok(Token::DocComment),
                Ok(Token::LineComment),
                Ok(Token::DocComment),
            ]
        );
    }

    #[test]
    fn unterminated_things_are_errors() {
        assert_eq!(kinds("\"abc"), vec![Err(LexErrorKind::UnterminatedString)]);
        assert_eq!(kinds("/* abc"), vec![Err(LexErrorKind::UnterminatedComment)]);
        assert_eq!(kinds("#"), vec![Err(LexErrorKind::UnknownCharacter)]);
    }

    #[test]
    fn alphanumeric_runs() {
        assert_eq!(alphanumeric_run_len("9x rest"), 2);
        assert_eq!(alphanumeric_run_len("0xZZ)"), 4);
        assert_eq!(alphanumeric_run_len(")"), 0);
    }
}
