//! A readable listing of the IR: what `ovm build --emit ir` prints.

use super::*;
use std::fmt::Write;

/// The listing of a whole program.
pub fn print(program: &Program) -> String {
    let mut out = String::new();
    for (i, predicate) in program.predicates.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let params: Vec<String> = predicate
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, p.ty))
            .collect();
        let _ = writeln!(out, "predicate {}({})", predicate.name, params.join(", "));
        formula(&mut out, predicate, &predicate.body, 1);
    }
    out
}

fn formula(out: &mut String, predicate: &Predicate, f: &Formula, depth: usize) {
    let indent = "  ".repeat(depth);
    match f {
        Formula::And(items) | Formula::Or(items) => {
            let name = if matches!(f, Formula::And(_)) { "And" } else { "Or" };
            let _ = writeln!(out, "{indent}{name}");
            for item in items {
                formula(out, predicate, item, depth + 1);
            }
        }
        Formula::Not(inner) => {
            let _ = writeln!(out, "{indent}Not");
            formula(out, predicate, inner, depth + 1);
        }
        Formula::ForAll(q) | Formula::ThereExists(q) => {
            let name = if matches!(f, Formula::ForAll(_)) {
                "ForAll"
            } else {
                "ThereExists"
            };
            let variable = &predicate.variables[q.variable as usize];
            let hint = q.hint.as_ref().map_or_else(
                || " (no hint)".to_string(),
                |parts| format!(" hint \"{}\"", hint(predicate, parts)),
            );
            let _ = writeln!(out, "{indent}{name} {}: {}{hint}", variable.name, variable.ty);
            formula(out, predicate, &q.body, depth + 1);
        }
        Formula::Atom(atom) => {
            let args: Vec<String> = atom.args.iter().map(|a| typed_input(predicate, a)).collect();
            let target = match &atom.predicate {
                Target::Atomic(name) => format!("atomic {name}"),
                Target::Compiled(name) => format!("compiled {name}"),
                Target::External(name) => format!("external {name}"),
                Target::Variable(input) => format!("property {}", typed_input(predicate, input)),
            };
            let _ = writeln!(out, "{indent}{target}({})", args.join(", "));
        }
    }
}

fn hint(predicate: &Predicate, parts: &[HintPart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            HintPart::Text(text) => text.to_string(),
            HintPart::Input(value) => format!("${{{}}}", input(predicate, value)),
        })
        .collect()
}

/// An input as written in source, such as `su.3.address` or `$txAddress`.
pub fn input(predicate: &Predicate, value: &Input) -> String {
    let mut out = match &value.source {
        Source::Param(i) => predicate.params[*i as usize].name.to_string(),
        Source::Variable(i) => predicate.variables[*i as usize].name.to_string(),
        Source::Constant(name) => format!("${name}"),
        Source::SelfAddress => "self.address".to_string(),
        Source::Integer(text) | Source::Hex(text) => text.to_string(),
        Source::String(text) => crate::syntax::print::string_literal(text),
    };
    for child in &value.children {
        match child {
            ChildKind::Index(i) => {
                let _ = write!(out, ".{i}");
            }
            ChildKind::Address => out.push_str(".address"),
        }
    }
    out
}

fn typed_input(predicate: &Predicate, value: &Input) -> String {
    format!("{}: {}", input(predicate, value), value.ty)
}
