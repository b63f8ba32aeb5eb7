//! Prints a syntax tree back as source text, in the spelling each node records.
//!
//! Parentheses are printed where the tree has [`ExprKind::Paren`] nodes, and also wherever the
//! tree's shape needs them to parse back the same (for trees not made by the parser). Comments
//! other than doc comments are not printed.

use super::ast::*;
use std::fmt::Write;

/// Binding strength of a formula's outermost connective (higher binds tighter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precedence {
    /// `implies`
    Implies,
    /// `or`
    Or,
    /// `and`
    And,
    /// `not`, `!` and bodiless `exists`
    Not,
    /// Calls, parentheses, method quantifiers and keyword quantifiers with a body (which may
    /// stand anywhere a negation may, but extend to the right; see [`is_open`]).
    Atom,
}

/// The precedence of `expr`'s outermost connective.
pub fn precedence(expr: &Expr) -> Precedence {
    match &expr.kind {
        ExprKind::Implies(..) => Precedence::Implies,
        ExprKind::Or(_) => Precedence::Or,
        ExprKind::And(_) => Precedence::And,
        ExprKind::Not(..) => Precedence::Not,
        ExprKind::Quantified(q) if q.syntax == QuantifierSyntax::Keyword && q.body.is_none() => {
            Precedence::Not
        }
        _ => Precedence::Atom,
    }
}

/// Whether `expr` ends with a keyword quantifier's body, which would swallow anything written
/// after it.
pub fn is_open(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Quantified(q) => q.syntax == QuantifierSyntax::Keyword && q.body.is_some(),
        ExprKind::Implies(_, rhs) => is_open(rhs),
        ExprKind::And(operands) | ExprKind::Or(operands) => operands.last().is_some_and(is_open),
        ExprKind::Not(_, operand) => is_open(operand),
        _ => false,
    }
}

/// Whether `expr` needs parentheses where operands of at least `min` precedence are expected
/// and, when `closed` is set, where the formula must not extend to the right.
pub fn needs_parens(expr: &Expr, min: Precedence, closed: bool) -> bool {
    !matches!(expr.kind, ExprKind::Paren(_)) && (precedence(expr) < min || (closed && is_open(expr)))
}

/// The source text of a whole file (imports, then declarations with their doc comments).
pub fn file(tree: &SourceFile) -> String {
    let mut out = String::new();
    for import in &tree.imports {
        let _ = writeln!(
            out,
            "from {} import {}",
            dotted(&import.path),
            listed(&import.names)
        );
    }
    for (i, decl) in tree.decls.iter().enumerate() {
        if i > 0 || !tree.imports.is_empty() {
            out.push('\n');
        }
        write_decl(&mut out, decl);
    }
    out
}

fn write_decl(out: &mut String, decl: &Decl) {
    for line in &decl.doc {
        if line.is_empty() {
            out.push_str("///\n");
        } else {
            let _ = writeln!(out, "/// {line}");
        }
    }
    for annotation in &decl.annotations {
        let _ = write!(out, "@{}", annotation.name.name);
        if !annotation.args.is_empty() {
            let args: Vec<String> = annotation.args.iter().map(|a| string_literal(&a.value)).collect();
            let _ = write!(out, "({})", args.join(", "));
        }
        out.push('\n');
    }
    let params: Vec<String> = decl.params.iter().map(param).collect();
    let _ = write!(out, "def {}({})", decl.name.name, params.join(", "));
    if let Some(body) = &decl.body {
        let _ = write!(out, " := {}", expr(body));
    }
    out.push('\n');
}

/// A parameter as written, `owner: Address` or `owner`.
pub fn param(p: &Param) -> String {
    match &p.ty {
        Some(ty) => format!("{}: {}", p.name.name, ty.name),
        None => p.name.name.to_string(),
    }
}

/// A module path as written, `std.signature`.
pub fn dotted(path: &[Ident]) -> String {
    path.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".")
}

/// Names separated by commas.
pub fn listed(names: &[Ident]) -> String {
    names
        .iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The source text of a formula.
pub fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, Precedence::Implies, false);
    out
}

fn write_expr(out: &mut String, e: &Expr, min: Precedence, closed: bool) {
    if needs_parens(e, min, closed) {
        out.push('(');
        write_expr(out, e, Precedence::Implies, false);
        out.push(')');
        return;
    }
    match &e.kind {
        ExprKind::And(operands) => write_chain(out, operands, " and ", Precedence::Not, closed),
        ExprKind::Or(operands) => write_chain(out, operands, " or ", Precedence::And, closed),
        ExprKind::Not(syntax, operand) => {
            out.push_str(match syntax {
                NotSyntax::Keyword => "not ",
                NotSyntax::Bang => "!",
            });
            write_expr(out, operand, Precedence::Not, closed);
        }
        ExprKind::Implies(lhs, rhs) => {
            write_expr(out, lhs, Precedence::Or, true);
            out.push_str(" implies ");
            write_expr(out, rhs, Precedence::Implies, closed);
        }
        ExprKind::Quantified(q) => write_quantified(out, q),
        ExprKind::Call(c) => out.push_str(&call(c)),
        ExprKind::Paren(inner) => {
            out.push('(');
            write_expr(out, inner, Precedence::Implies, false);
            out.push(')');
        }
        // An error node has no source; a placeholder call keeps the output parseable.
        ExprKind::Error => out.push_str("Error()"),
    }
}

fn write_chain(out: &mut String, operands: &[Expr], separator: &str, min: Precedence, closed: bool) {
    for (i, operand) in operands.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        let last = i + 1 == operands.len();
        write_expr(out, operand, min, !last || closed);
    }
}

fn write_quantified(out: &mut String, q: &Quantified) {
    let variable = q.variable.as_ref().map(|v| v.name.as_str());
    match q.syntax {
        QuantifierSyntax::Keyword => {
            let keyword = match q.kind {
                QuantifierKind::ForAll => "forall",
                QuantifierKind::Exists => "exists",
            };
            let _ = write!(
                out,
                "{keyword} {} in {}",
                variable.unwrap_or("_"),
                call(&q.domain)
            );
            if let Some(body) = &q.body {
                out.push_str(": ");
                write_expr(out, body, Precedence::Implies, false);
            }
        }
        QuantifierSyntax::Method => {
            let method = match q.kind {
                QuantifierKind::ForAll => "all",
                QuantifierKind::Exists => "any",
            };
            let _ = write!(out, "{}.{method}(", call(&q.domain));
            if let (Some(variable), Some(body)) = (variable, &q.body) {
                let _ = write!(out, "{variable} -> ");
                write_expr(out, body, Precedence::Implies, false);
            }
            out.push(')');
        }
    }
}

/// The source text of a call.
pub fn call(c: &Call) -> String {
    let args: Vec<String> = c.args.iter().map(arg).collect();
    format!("{}({})", c.callee.name, args.join(", "))
}

/// The source text of an argument.
pub fn arg(a: &Arg) -> String {
    match &a.kind {
        ArgKind::Path(path) => {
            let mut out = match &path.root {
                PathRoot::Name(name) => name.name.to_string(),
                PathRoot::SelfValue { .. } => "self".to_string(),
                PathRoot::Constant(name) => format!("${}", name.name),
            };
            for child in &path.children {
                match child.kind {
                    ChildKind::Index(i) => {
                        let _ = write!(out, ".{i}");
                    }
                    ChildKind::Address => out.push_str(".address"),
                }
            }
            out
        }
        ArgKind::Integer(text) | ArgKind::Hex(text) => text.to_string(),
        ArgKind::String(value) => string_literal(value),
    }
}

/// A string literal whose value is `value`, escaping what must be escaped.
pub fn string_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
