//! Building blocks of random syntax trees, shared by the round-trip and formatter properties.

use ovm_compiler::Span;
use ovm_compiler::syntax::ast::{Expr, ExprKind, Ident};
use ovm_compiler::syntax::print;

pub fn ident(name: &str) -> Ident {
    Ident {
        name: name.into(),
        span: Span::default(),
    }
}

pub fn expr_of(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

/// Wraps `e` in parentheses where the parser could not produce it unparenthesised.
pub fn operand(e: Expr, min: print::Precedence, closed: bool) -> Expr {
    if print::needs_parens(&e, min, closed) {
        expr_of(ExprKind::Paren(Box::new(e)))
    } else {
        e
    }
}

pub fn chain(operands: Vec<Expr>, min: print::Precedence) -> Vec<Expr> {
    let last = operands.len() - 1;
    operands
        .into_iter()
        .enumerate()
        .map(|(i, e)| operand(e, min, i != last))
        .collect()
}
