//! A readable outline of a syntax tree, one node per line with its byte span: what
//! `ovm parse` prints.

use super::ast::*;
use super::print;
use std::fmt::Write;

/// The outline of a whole file.
pub fn outline(tree: &SourceFile) -> String {
    let mut out = String::new();
    for import in &tree.imports {
        let _ = writeln!(
            out,
            "Import {} from {} {}",
            print::listed(&import.names),
            print::dotted(&import.path),
            span(import.span)
        );
    }
    for decl in &tree.decls {
        let _ = writeln!(out, "Decl {} {}", decl.name.name, span(decl.span));
        for line in &decl.doc {
            let _ = writeln!(out, "  Doc {line:?}");
        }
        for annotation in &decl.annotations {
            let args: Vec<String> = annotation
                .args
                .iter()
                .map(|a| print::string_literal(&a.value))
                .collect();
            let _ = writeln!(
                out,
                "  Annotation @{}({}) {}",
                annotation.name.name,
                args.join(", "),
                span(annotation.span)
            );
        }
        for param in &decl.params {
            let ty = param
                .ty
                .as_ref()
                .map_or(String::new(), |t| format!(": {}", t.name));
            let _ = writeln!(out, "  Param {}{ty} {}", param.name.name, span(param.span));
        }
        if let Some(body) = &decl.body {
            write_expr(&mut out, body, 1);
        }
    }
    out
}

fn span(s: crate::source::Span) -> String {
    format!("@{}..{}", s.start, s.end)
}

fn write_expr(out: &mut String, e: &Expr, depth: usize) {
    let indent = "  ".repeat(depth);
    let at = span(e.span);
    match &e.kind {
        ExprKind::And(operands) | ExprKind::Or(operands) => {
            let name = if matches!(e.kind, ExprKind::And(_)) {
                "And"
            } else {
                "Or"
            };
            let _ = writeln!(out, "{indent}{name} {at}");
            for operand in operands {
                write_expr(out, operand, depth + 1);
            }
        }
        ExprKind::Not(syntax, operand) => {
            let _ = writeln!(out, "{indent}Not ({syntax:?}) {at}");
            write_expr(out, operand, depth + 1);
        }
        ExprKind::Implies(lhs, rhs) => {
            let _ = writeln!(out, "{indent}Implies {at}");
            write_expr(out, lhs, depth + 1);
            write_expr(out, rhs, depth + 1);
        }
        ExprKind::Quantified(q) => {
            let kind = match q.kind {
                QuantifierKind::ForAll => "ForAll",
                QuantifierKind::Exists => "Exists",
            };
            let variable = q.variable.as_ref().map_or("<unnamed>", |v| v.name.as_str());
            let _ = writeln!(out, "{indent}{kind} {variable} ({:?}) {at}", q.syntax);
            let _ = writeln!(
                out,
                "{indent}  Domain {} {}",
                print::call(&q.domain),
                span(q.domain.span)
            );
            if let Some(body) = &q.body {
                write_expr(out, body, depth + 1);
            }
        }
        ExprKind::Call(c) => {
            let _ = writeln!(out, "{indent}Call {} {at}", print::call(c));
        }
        ExprKind::Paren(inner) => {
            let _ = writeln!(out, "{indent}Paren {at}");
            write_expr(out, inner, depth + 1);
        }
        ExprKind::Error => {
            let _ = writeln!(out, "{indent}Error {at}");
        }
    }
}
