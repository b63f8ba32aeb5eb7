//! The disassembler: a program as a readable listing.

use crate::program::{
    Arg, ArgSource, Call, Child, Connective, Contract, Operand, Origin, Predicate, Program, hint_template,
};
use alloy_primitives::hex;
use std::fmt::Write as _;

/// Writes a program as a listing, one predicate after another with a blank line between:
///
/// ```text
/// predicate Ownership(owner: Address, tx: Bytes)
///   entry OwnershipT
///   contract OwnershipT (owner, tx)
///     ThereExists v0 in "signatures,KEY,${tx}"
///       IsValidSignature(tx, v0, owner, $secp256k1: Bytes)
/// ```
///
/// Each contract is listed with its values, then its connective (a quantifier with its bound
/// variable and its hint template, the hint omitted when it has no parts), then its operands,
/// one a line. An operand is written as its callee applied to its arguments: an atomic
/// predicate or a contract of the same predicate by name (`OwnershipTA(owner, v0)`), another
/// compiled predicate as `compiled Name(…)`, a called property as `property su.0(…)`, and a
/// predicate address as `address 0x…(…)`. An argument is a value or the bound variable by
/// name, a constant as `$name: Type`, the predicate's address as `self.address`, a literal
/// as `0x` hex, each followed by its child accesses (`su.0`, `su.address`).
///
/// A predicate of [`Origin::Connectives`] has an `origin connectives` line, and a quantifier
/// whose written hint differs from its template shows it as `written 0x…`. The listing is
/// stable, and it never fails: in a program that does not verify, an index out of range is
/// written as `?` and the index.
pub fn disassemble(program: &Program) -> String {
    let mut out = String::new();
    for (p, predicate) in program.predicates.iter().enumerate() {
        if p > 0 {
            out.push('\n');
        }
        write_predicate(&mut out, predicate);
    }
    out
}

fn write_predicate(out: &mut String, predicate: &Predicate) {
    let params: Vec<String> = predicate
        .params
        .iter()
        .map(|param| format!("{}: {}", param.name, param.ty))
        .collect();
    let _ = writeln!(out, "predicate {}({})", predicate.name, params.join(", "));
    if predicate.origin == Origin::Connectives {
        out.push_str("  origin connectives\n");
    }
    let _ = writeln!(out, "  entry {}", contract_name(predicate, predicate.entry));
    for contract in &predicate.contracts {
        let _ = writeln!(
            out,
            "  contract {} ({})",
            contract.label,
            contract.values.join(", ")
        );
        out.push_str("    ");
        out.push_str(connective_name(contract.connective));
        if let Some(quantifier) = &contract.quantifier {
            let _ = write!(out, " {}", quantifier.variable);
            let template = hint_template(&quantifier.hint, &contract.values, &quantifier.variable);
            if !quantifier.hint.is_empty() {
                let _ = write!(out, " in {template:?}");
            }
            if quantifier.written.as_ref() != template.as_bytes() {
                let _ = write!(out, " written {}", hex::encode_prefixed(&quantifier.written));
            }
        }
        out.push('\n');
        for operand in &contract.operands {
            out.push_str("      ");
            write_operand(out, predicate, contract, operand);
            out.push('\n');
        }
    }
}

/// A connective's name in listings.
fn connective_name(connective: Connective) -> &'static str {
    match connective {
        Connective::And => "And",
        Connective::Or => "Or",
        Connective::Not => "Not",
        Connective::ForAll => "ForAll",
        Connective::ThereExists => "ThereExists",
    }
}

fn contract_name(predicate: &Predicate, index: u32) -> String {
    match predicate.contracts.get(index as usize) {
        Some(contract) => contract.label.clone(),
        None => format!("?{index}"),
    }
}

fn write_operand(out: &mut String, predicate: &Predicate, contract: &Contract, operand: &Operand) {
    match &operand.call {
        Call::Atomic(name) => out.push_str(name),
        Call::Contract(index) => out.push_str(&contract_name(predicate, *index)),
        Call::Compiled(name) => {
            out.push_str("compiled ");
            out.push_str(name);
        }
        Call::Address(address) => {
            let _ = write!(out, "address {address}");
        }
        Call::Property(arg) => {
            out.push_str("property ");
            write_arg(out, contract, arg);
        }
    }
    out.push('(');
    for (i, arg) in operand.args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_arg(out, contract, arg);
    }
    out.push(')');
}

fn write_arg(out: &mut String, contract: &Contract, arg: &Arg) {
    let has_path = !arg.path.is_empty();
    match &arg.source {
        ArgSource::Value(i) => match contract.values.get(*i as usize) {
            Some(name) => out.push_str(name),
            None => {
                let _ = write!(out, "?{i}");
            }
        },
        ArgSource::Bound => match &contract.quantifier {
            Some(quantifier) => out.push_str(&quantifier.variable),
            None => out.push_str("?bound"),
        },
        ArgSource::Constant(name, ty) if has_path => {
            let _ = write!(out, "(${name}: {ty})");
        }
        ArgSource::Constant(name, ty) => {
            let _ = write!(out, "${name}: {ty}");
        }
        ArgSource::SelfAddress => out.push_str("self.address"),
        ArgSource::Literal(bytes) => out.push_str(&hex::encode_prefixed(bytes)),
    }
    for child in &arg.path {
        match child {
            Child::Input(i) => {
                let _ = write!(out, ".{i}");
            }
            Child::Address => out.push_str(".address"),
        }
    }
}
