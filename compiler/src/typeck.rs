//! Type checking: infers the types of untyped parameters and of bound variables, and checks
//! every argument against the parameter it is passed to.
//!
//! `Bytes` is the old dialect's dynamic type: any value flows into `Bytes` (as its ABI
//! encoding) and a `Bytes` value flows into any type (decoded when the property is
//! evaluated). Only two different concrete types are a mismatch. With `strict`, each implicit
//! conversion through `Bytes` is reported as a warning.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::hir::*;
use crate::source::FileId;
use crate::syntax::ast::ChildKind;
use crate::types::Type;

/// The types of every definition's parameters and bound variables.
#[derive(Debug, Default)]
pub struct Typing {
    /// Per definition, its parameters' types.
    pub params: Vec<Vec<Type>>,
    /// Per definition, its bound variables' types.
    pub binders: Vec<Vec<Type>>,
}

impl Typing {
    /// The type of a value of definition `def` (`expected` types constants and `0x` literals).
    pub fn value_type(&self, def: DefId, value: &Value, expected: Type) -> Type {
        match value.children.last() {
            None => self.root_type(def, &value.root, expected),
            Some(ChildKind::Index(_)) => Type::Bytes,
            Some(ChildKind::Address) => Type::Address,
        }
    }

    /// The type of a value's root, before any child access.
    pub fn root_type(&self, def: DefId, root: &Root, expected: Type) -> Type {
        match root {
            Root::Param(i) => self.params[def.0 as usize][*i as usize],
            Root::Bound(b) => self.binders[def.0 as usize][b.0 as usize],
            Root::Constant(_) => expected,
            Root::SelfAddress => Type::Address,
            Root::Integer(_) => Type::BigNumber,
            Root::Hex(_) => match expected {
                Type::Address | Type::Bytes32 | Type::BigNumber => expected,
                _ => Type::Bytes,
            },
            Root::String(_) => Type::Bytes,
        }
    }
}

/// Infers and checks the types of `program`, whose definitions must not be recursive. With
/// `compat`, a parameter declared with a scalar type but used as a property (as the old test
/// cases do) is a warning, not an error.
pub fn check(program: &Program, strict: bool, compat: bool) -> (Typing, Sink) {
    let mut checker = Checker {
        program,
        strict,
        compat,
        typing: Typing {
            params: program
                .defs
                .iter()
                .map(|d| {
                    d.params
                        .iter()
                        .map(|p| p.declared.unwrap_or(Type::Bytes))
                        .collect()
                })
                .collect(),
            binders: program
                .defs
                .iter()
                .map(|d| vec![Type::Bytes; d.binders.len()])
                .collect(),
        },
        diagnostics: Sink::default(),
    };
    // A definition's checks need only its own inferred types and those of its callees, which
    // come first: each body is read twice in a row, while it is in cache.
    for id in dependency_order(program) {
        if checker.diagnostics.is_full() {
            break;
        }
        checker.infer(id);
        checker.check_def(id);
    }
    checker.diagnostics.sort_by_position();
    (checker.typing, checker.diagnostics)
}

/// Definitions with callees before callers (the call graph is acyclic).
fn dependency_order(program: &Program) -> Vec<DefId> {
    let mut order = Vec::with_capacity(program.defs.len());
    let mut done = vec![false; program.defs.len()];
    let mut stack = Vec::new();
    for start in 0..program.defs.len() {
        if done[start] {
            continue;
        }
        stack.push((start, false));
        while let Some((node, expanded)) = stack.pop() {
            if done[node] {
                continue;
            }
            if expanded {
                done[node] = true;
                order.push(DefId(node as u32));
                continue;
            }
            stack.push((node, true));
            let callees = program.defs[node].calls.iter().map(|(c, _)| c.0 as usize);
            stack.extend(callees.filter(|c| !done[*c]).map(|c| (c, false)));
        }
    }
    order
}

/// What the uses of an untyped parameter say about its type.
#[derive(Clone, Copy)]
enum Uses {
    /// Not used where a type is expected.
    None,
    /// Every use expects this type.
    Agreed(Type),
    /// Uses expect different types.
    Conflicting,
}

impl Uses {
    fn add(&mut self, t: Type) {
        *self = match *self {
            Uses::None => Uses::Agreed(t),
            Uses::Agreed(u) if u == t => Uses::Agreed(t),
            _ => Uses::Conflicting,
        };
    }
}

struct Checker<'p> {
    program: &'p Program,
    strict: bool,
    compat: bool,
    typing: Typing,
    diagnostics: Sink,
}

impl Checker<'_> {
    /// The type a callee expects for argument `index` (of a domain, counting from the second
    /// parameter). An untyped parameter (the old dialect) accepts any value: it is `Bytes` to
    /// its callers, whatever its uses inside suggest.
    fn expected(&self, call: &Call, index: usize, domain: bool) -> Option<Type> {
        match call.callee {
            Callee::Def(id) => {
                let param = self.program.def(id).params.get(index + usize::from(domain))?;
                Some(param.declared.unwrap_or(Type::Bytes))
            }
            Callee::Variable(_) => None,
        }
    }

    /// Gives untyped parameters the type every use agrees on (else `Bytes`), and bound
    /// variables the type of their domain's first parameter.
    fn infer(&mut self, id: DefId) {
        let def = self.program.def(id);
        let Some(body) = &def.body else { return };
        let mut uses = vec![Uses::None; def.params.len()];
        self.collect_uses(id, body, &mut uses);
        for (i, param) in def.params.iter().enumerate() {
            if param.declared.is_none() {
                self.typing.params[id.0 as usize][i] = match uses[i] {
                    Uses::Agreed(t) => t,
                    Uses::None | Uses::Conflicting => Type::Bytes,
                };
            }
        }
    }

    fn collect_uses(&mut self, id: DefId, formula: &Formula, uses: &mut [Uses]) {
        formula.walk_calls(&mut |call, quantifier| {
            if let Callee::Variable(value) = &call.callee
                && let Root::Param(i) = &value.root
            {
                uses[*i as usize].add(Type::Property);
            }
            for (index, arg) in call.args.iter().enumerate() {
                let Root::Param(i) = &arg.root else { continue };
                if !arg.children.is_empty() {
                    // Child access reads the value as a property.
                    uses[*i as usize].add(Type::Property);
                } else if let Some(t) = self.expected(call, index, quantifier.is_some()) {
                    uses[*i as usize].add(t);
                }
            }
            if let (Some(q), Callee::Def(domain)) = (quantifier, &call.callee) {
                let element = self.typing.params[domain.0 as usize]
                    .first()
                    .copied()
                    .unwrap_or(Type::Bytes);
                self.typing.binders[id.0 as usize][q.binder.0 as usize] = element;
            }
        });
    }

    fn check_def(&mut self, id: DefId) {
        let def = self.program.def(id);
        if let Some(hint) = &def.hint {
            for part in &hint.parts {
                if let HintPart::Value(value) = part {
                    self.check_children(id, def.file, value);
                }
            }
        }
        if let Some(body) = &def.body {
            self.check_formula(id, def.file, body);
        }
    }

    fn check_formula(&mut self, id: DefId, file: FileId, formula: &Formula) {
        formula.walk_calls(&mut |call, quantifier| self.check_call(id, file, call, quantifier.is_some()));
    }

    fn check_call(&mut self, id: DefId, file: FileId, call: &Call, domain: bool) {
        if let Callee::Variable(value) = &call.callee {
            let t = self.typing.value_type(id, value, Type::Property);
            if !matches!(t, Type::Property | Type::Bytes) && !self.excused(file, value, t) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::CalledNonProperty,
                        file,
                        value.span,
                        format!("{} cannot be called as a predicate", a(t)),
                    )
                    .with_label(format!("this is {}, not a property", a(t)))
                    .with_note("only a `Property` (or `Bytes` holding one) can be decided as a predicate"),
                );
            }
        }
        for (index, arg) in call.args.iter().enumerate() {
            if !self.check_children(id, file, arg) {
                continue;
            }
            let Some(expected) = self.expected(call, index, domain) else {
                continue;
            };
            self.check_literal(file, arg, expected);
            let actual = self.typing.value_type(id, arg, expected);
            if actual == expected {
                continue;
            }
            let (callee, param_span) = match call.callee {
                Callee::Def(callee) => {
                    let def = self.program.def(callee);
                    let param = &def.params[index + usize::from(domain)];
                    (def, param.span)
                }
                Callee::Variable(_) => continue,
            };
            if actual == Type::Bytes || expected == Type::Bytes {
                if self.strict {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::ImplicitConversion,
                            file,
                            arg.span,
                            format!("implicit conversion from `{actual}` to `{expected}`"),
                        )
                        .with_label(if actual == Type::Bytes {
                            format!("decoded as `{expected}` when the property is evaluated")
                        } else {
                            "passed as its ABI encoding".to_string()
                        })
                        .with_secondary(
                            callee.file,
                            param_span,
                            format!("`{}` expects `{expected}`", callee.name),
                        ),
                    );
                }
                continue;
            }
            self.diagnostics.push(
                Diagnostic::new(
                    Code::TypeMismatch,
                    file,
                    arg.span,
                    format!("expected `{expected}`, found `{actual}`"),
                )
                .with_label(format!("this is {}", a(actual)))
                .with_secondary(
                    callee.file,
                    param_span,
                    format!("`{}` expects {} here", callee.name, a(expected)),
                ),
            );
        }
    }

    /// Checks that every child access is on a property (or bytes holding one); false if not.
    fn check_children(&mut self, id: DefId, file: FileId, value: &Value) -> bool {
        if value.children.is_empty() {
            return true;
        }
        let root = self.typing.root_type(id, &value.root, Type::Bytes);
        if matches!(root, Type::Property | Type::Bytes)
            && !matches!(value.root, Root::Integer(_) | Root::String(_))
        {
            // After `.address` the value is an address: a further child is on a scalar.
            let after_address = value.children.iter().position(|c| *c == ChildKind::Address);
            if after_address.is_none_or(|i| i + 1 == value.children.len()) {
                return true;
            }
        }
        if self.excused(file, value, root) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::new(Code::ChildOfScalar, file, value.span, format!("{} has no children", a(root)))
                .with_label("child access on a value that is not a property")
                .with_note("`.N` and `.address` read the inputs and the predicate address of a `Property` (or of `Bytes` holding one)"),
        );
        false
    }

    /// Under `--compat`, a parameter whose declared scalar type is used as a property is
    /// taken as `Bytes`, with a warning: the old compiler never checked declared types.
    fn excused(&mut self, file: FileId, value: &Value, declared: Type) -> bool {
        if !self.compat || !matches!(value.root, Root::Param(_)) {
            return false;
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::CompatScalarAsProperty,
                file,
                value.span,
                format!("a parameter declared `{declared}` used as a property"),
            )
            .with_label("taken as `Bytes` because of `--compat`")
            .with_help("declare the parameter `Bytes` or `Property`"),
        );
        true
    }

    fn check_literal(&mut self, file: FileId, value: &Value, expected: Type) {
        let problem = match (&value.root, expected) {
            (Root::Integer(text), _) if !fits_u256(text) => {
                Some("this integer is larger than 2^256 - 1, the largest `BigNumber`".to_string())
            }
            (Root::Hex(text), _) if text.len() % 2 == 1 && expected != Type::BigNumber => {
                Some("a byte string needs an even number of hex digits".to_string())
            }
            (Root::Hex(text), Type::Address) if text.len() != 42 => Some(format!(
                "an `Address` literal has 20 bytes (40 hex digits), this has {} digits",
                text.len() - 2
            )),
            (Root::Hex(text), Type::Bytes32) if text.len() != 66 => Some(format!(
                "a `Bytes32` literal has 32 bytes (64 hex digits), this has {} digits",
                text.len() - 2
            )),
            (Root::Hex(text), Type::BigNumber) if text.len() > 66 => {
                Some("a `BigNumber` has at most 32 bytes (64 hex digits)".to_string())
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidLiteral,
                    file,
                    value.span,
                    format!("this literal is not a valid `{expected}`"),
                )
                .with_label(problem),
            );
        }
    }
}

/// The type with its indefinite article: "an `Address`", "a `Bytes`".
fn a(t: Type) -> String {
    let article = if t == Type::Address { "an" } else { "a" };
    format!("{article} `{t}`")
}

/// Whether a decimal literal is at most 2^256 - 1.
fn fits_u256(text: &str) -> bool {
    const MAX: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    let digits = text.trim_start_matches('0');
    digits.len() < MAX.len() || (digits.len() == MAX.len() && digits <= MAX)
}

#[cfg(test)]
mod tests {
    use super::fits_u256;

    #[test]
    fn u256_bounds() {
        assert!(fits_u256("0"));
        assert!(fits_u256(
            "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        ));
        assert!(!fits_u256(
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        ));
        assert!(fits_u256(
            "000115792089237316195423570985008687907853269984665640564039457584007913129639935"
        ));
    }
}
