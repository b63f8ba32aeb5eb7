//! Tree-building helpers called from the grammar's actions, kept here so the grammar file
//! stays a grammar.

use super::ast::*;
use super::lexer::FatalError;
use super::token::Token;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use compact_str::CompactString;
use lalrpop_util::{ErrorRecovery, ParseError};

/// A top-level item, before the facade checks their order and attaches doc comments.
#[derive(Debug)]
pub enum Item {
    /// `from … import …`
    Import(Import),
    /// `def …`
    Decl(Box<Decl>),
    /// A stretch the parser skipped after a syntax error.
    Error,
}

/// A declaration (boxed: it is the largest value on the parser's stack); its span starts at
/// its first annotation, if any.
pub fn decl(
    annotations: Vec<Annotation>,
    def_start: usize,
    name: Ident,
    params: Vec<Param>,
    body: Option<Expr>,
    end: usize,
) -> Box<Decl> {
    let start = annotations.first().map_or(def_start, |a| a.span.start as usize);
    Box::new(Decl {
        doc: Vec::new(),
        annotations,
        name,
        params,
        body,
        span: Span::new(start, end),
    })
}

/// `a and b`; extends `a` when it is itself an unparenthesised `and` chain.
pub fn and(a: Expr, b: Expr) -> Expr {
    let span = a.span.to(b.span);
    let operands = match a.kind {
        ExprKind::And(mut operands) => {
            operands.push(b);
            operands
        }
        kind => vec![Expr { kind, span: a.span }, b],
    };
    Expr {
        kind: ExprKind::And(operands),
        span,
    }
}

/// `a or b`; extends `a` when it is itself an unparenthesised `or` chain. Warns when an
/// operand is an unparenthesised `and` chain, which the old compiler read differently.
pub fn or(a: Expr, b: Expr, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> Expr {
    let span = a.span.to(b.span);
    let first_operand = match &a.kind {
        ExprKind::Or(operands) => operands.first(),
        _ => Some(&a),
    };
    for operand in [&b].into_iter().chain(first_operand) {
        let is_clean_and = match &operand.kind {
            ExprKind::And(chain) => !chain.iter().any(|e| matches!(e.kind, ExprKind::Error)),
            _ => false,
        };
        if is_clean_and {
            diagnostics.push(mixed_and_or(file, operand.span));
        }
    }
    let operands = match a.kind {
        ExprKind::Or(mut operands) => {
            operands.push(b);
            operands
        }
        kind => vec![Expr { kind, span: a.span }, b],
    };
    Expr {
        kind: ExprKind::Or(operands),
        span,
    }
}

fn mixed_and_or(file: FileId, and_span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MixedAndOr,
        file,
        and_span,
        "`and` inside `or` without parentheses",
    )
    .with_label("this `and` chain is one operand of the `or`")
    .with_note(
        "`and` binds tighter than `or`, so `A and B or C` means `(A and B) or C`; \
         the old TypeScript compiler read it as `A and B and C`",
    )
    .with_help("add parentheses to make the grouping explicit")
}

/// `a implies b`.
pub fn implies(a: Expr, b: Expr) -> Expr {
    Expr {
        span: a.span.to(b.span),
        kind: ExprKind::Implies(Box::new(a), Box::new(b)),
    }
}

/// `not e` / `!e`, starting at `start`.
pub fn not(syntax: NotSyntax, start: usize, e: Expr) -> Expr {
    Expr {
        span: Span::new(start, e.span.end as usize),
        kind: ExprKind::Not(syntax, Box::new(e)),
    }
}

/// A quantified formula spanning `start..end`.
pub fn quantified(
    start: usize,
    kind: QuantifierKind,
    syntax: QuantifierSyntax,
    variable: Option<Ident>,
    domain: Call,
    body: Option<Expr>,
    end: usize,
) -> Expr {
    Expr {
        kind: ExprKind::Quantified(Box::new(Quantified {
            kind,
            syntax,
            variable,
            domain,
            body,
        })),
        span: Span::new(start, end),
    }
}

/// `Q(args).all()`: reported, and replaced by an error node.
pub fn bodiless_all(span: Span, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> Expr {
    diagnostics.push(
        Diagnostic::new(
            Code::QuantifierWithoutBody,
            file,
            span,
            "`.all()` needs a variable and a body",
        )
        .with_label("a universal quantifier must say what holds for every element")
        .with_help("write `Q(args).all(v -> P(v))`, or `forall v in Q(args): P(v)`"),
    );
    Expr {
        kind: ExprKind::Error,
        span,
    }
}

/// `.N`; an index too large for any property is reported.
pub fn index_child(text: &str, span: Span, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> Child {
    let index = text.parse::<u32>().unwrap_or_else(|_| {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidNumber,
                file,
                span,
                format!("child index `{text}` is too large"),
            )
            .with_label("child indices must be below 4294967296"),
        );
        0
    });
    Child {
        kind: ChildKind::Index(index),
        span,
    }
}

/// At most this many recovered syntax errors are kept per file.
pub const MAX_RECOVERED_ERRORS: usize = 100;

/// Keeps a recovered syntax error, up to [`MAX_RECOVERED_ERRORS`] (one more is kept to tell
/// the facade that the limit was reached).
pub fn record<'src>(
    recovered: &mut Vec<ErrorRecovery<usize, Token<'src>, FatalError>>,
    error: ErrorRecovery<usize, Token<'src>, FatalError>,
) {
    if recovered.len() <= MAX_RECOVERED_ERRORS {
        recovered.push(error);
    }
}

/// Where a recovered syntax error was detected.
pub fn recovery_span(error: &ErrorRecovery<usize, Token<'_>, FatalError>) -> Span {
    match &error.error {
        ParseError::UnrecognizedToken { token: (l, _, r), .. }
        | ParseError::ExtraToken { token: (l, _, r) } => Span::new(*l, *r),
        ParseError::InvalidToken { location } | ParseError::UnrecognizedEof { location, .. } => {
            Span::new(*location, *location)
        }
        ParseError::User { error } => error.span(),
    }
}

/// The value of a string literal's raw text. Escapes the lexer reported as invalid are kept
/// as written.
pub fn unescape(raw: &str) -> CompactString {
    if !raw.contains('\\') {
        return raw.into();
    }
    let mut out = CompactString::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(escaped) => match escape_value(escaped) {
                Some(value) => out.push(value),
                None => {
                    out.push('\\');
                    out.push(escaped);
                }
            },
            None => out.push('\\'),
        }
    }
    out
}

/// The character an escape `\c` stands for, if `c` is a valid escape.
pub fn escape_value(c: char) -> Option<char> {
    match c {
        '\\' => Some('\\'),
        '"' => Some('"'),
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '0' => Some('\0'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_handles_valid_and_invalid_escapes() {
        assert_eq!(unescape(r#"a\"b\\c\n"#), "a\"b\\c\n");
        assert_eq!(unescape(r"\q"), r"\q");
        assert_eq!(unescape("plain ${x}"), "plain ${x}");
    }
}
