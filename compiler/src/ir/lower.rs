//! From the resolved, typed program to the IR.
//!
//! Expansion is capture-avoiding by construction: a library body is inlined by substituting
//! the caller's *inputs* (structured values, child paths composed) for its parameters, never
//! text, and every bound variable becomes a fresh variable of the predicate, referred to by
//! index. Names are chosen only for display and encoding, unique within each predicate.

use super::*;
use crate::hir::{self, ChildPath, DefId, DefKind};
use crate::syntax::ast::QuantifierKind;
use crate::typeck::Typing;

/// Lowers the root file's compiled definitions of a program that resolved and type-checked.
pub fn lower(program: &hir::Program, typing: &Typing) -> Program {
    let predicates = program
        .roots
        .iter()
        .filter(|id| program.def(**id).kind == DefKind::Compiled)
        .map(|&id| lower_def(program, typing, id))
        .collect();
    Program { predicates }
}

/// Lowers the compiled definitions of the modules the root file imports (the root file's own
/// are [`lower`]'s), in definition order.
pub fn lower_imported(program: &hir::Program, typing: &Typing) -> Program {
    let predicates = (0..program.defs.len() as u32)
        .map(DefId)
        .filter(|id| program.def(*id).kind == DefKind::Compiled && !program.roots.contains(id))
        .map(|id| lower_def(program, typing, id))
        .collect();
    Program { predicates }
}

fn lower_def(program: &hir::Program, typing: &Typing, id: DefId) -> Predicate {
    let def = program.def(id);
    let params: Vec<Param> = def
        .params
        .iter()
        .zip(&typing.params[id.0 as usize])
        .map(|(p, ty)| Param {
            name: p.name.clone(),
            ty: *ty,
        })
        .collect();
    let mut lowering = Lowering {
        program,
        typing,
        names: params.iter().map(|p| p.name.clone()).collect(),
        variables: Vec::new(),
    };
    let inputs: Vec<Input> = params
        .iter()
        .enumerate()
        .map(|(i, p)| Input {
            source: Source::Param(i as u32),
            children: ChildPath::new(),
            ty: p.ty,
        })
        .collect();
    let mut frame = Frame {
        def: id,
        params: &inputs,
        binders: vec![None; def.binders.len()],
    };
    let body = def.body.as_ref().expect("compiled definitions have bodies");
    let body = lowering.formula(&mut frame, body);
    Predicate {
        name: def.name.clone(),
        params,
        variables: lowering.variables,
        body,
        file: def.file,
        span: def.name_span,
    }
}

/// One definition's body being lowered: its parameters stand for these inputs, its bound
/// variables for these predicate variables.
struct Frame<'a> {
    def: DefId,
    params: &'a [Input],
    binders: Vec<Option<u32>>,
}

struct Lowering<'p> {
    program: &'p hir::Program,
    typing: &'p Typing,
    /// Every name in use in the predicate (few: a linear search beats hashing).
    names: Vec<CompactString>,
    variables: Vec<Param>,
}

impl Lowering<'_> {
    /// A new variable of the predicate, named `base` or, if taken, `base_1`, `base_2`, …
    fn fresh(&mut self, base: Option<&str>, ty: Type) -> u32 {
        let taken = |names: &[CompactString], name: &str| names.iter().any(|n| n == name);
        let name: CompactString = match base {
            Some(base) if !taken(&self.names, base) => base.into(),
            Some(base) => (1..)
                .map(|n| CompactString::from(format!("{base}_{n}")))
                .find(|n| !taken(&self.names, n))
                .expect("some suffix is free"),
            None => (0..)
                .map(|n| CompactString::from(format!("v{n}")))
                .find(|n| !taken(&self.names, n))
                .expect("some index is free"),
        };
        self.names.push(name.clone());
        self.variables.push(Param { name, ty });
        (self.variables.len() - 1) as u32
    }

    fn formula(&mut self, frame: &mut Frame<'_>, formula: &hir::Formula) -> Formula {
        match formula {
            hir::Formula::And(items) => Formula::And(items.iter().map(|f| self.formula(frame, f)).collect()),
            hir::Formula::Or(items) => Formula::Or(items.iter().map(|f| self.formula(frame, f)).collect()),
            hir::Formula::Not(inner) => Formula::Not(Box::new(self.formula(frame, inner))),
            hir::Formula::Implies(a, b) => Formula::Or(vec![
                Formula::Not(Box::new(self.formula(frame, a))),
                self.formula(frame, b),
            ]),
            hir::Formula::Call(call) => {
                let args = self.args(frame, call, false);
                self.apply(frame, &call.callee, args)
            }
            hir::Formula::Quantified(q) => self.quantified(frame, q),
        }
    }

    /// `Q(args).all(v -> B)` is `ForAll(hint, v, Or(Not(Q(v, args)), B))`; `.any(v -> B)` is
    /// `ThereExists(hint, v, And(Q(v, args), B))`; with no body the guard alone.
    fn quantified(&mut self, frame: &mut Frame<'_>, q: &hir::Quantified) -> Formula {
        let hir::Callee::Def(domain) = q.domain.callee else {
            unreachable!("resolution only makes definitions domains")
        };
        let binder = &self.program.def(frame.def).binders[q.binder.0 as usize];
        let ty = self.typing.binders[frame.def.0 as usize][q.binder.0 as usize];
        let variable = self.fresh(binder.name.as_deref(), ty);
        let element = Input {
            source: Source::Variable(variable),
            children: ChildPath::new(),
            ty,
        };
        let mut domain_args = vec![element];
        domain_args.extend(self.args(frame, &q.domain, true));
        let hint = self.program.def(domain).hint.as_ref().map(|hint| {
            let domain_frame = Frame {
                def: domain,
                params: &domain_args,
                binders: Vec::new(),
            };
            hint.parts
                .iter()
                .map(|part| match part {
                    hir::HintPart::Text(text) => HintPart::Text(text.clone()),
                    hir::HintPart::Value(value) => {
                        HintPart::Input(self.value(&domain_frame, value, Type::Bytes))
                    }
                })
                .collect()
        });
        let guard = self.apply(frame, &q.domain.callee, domain_args);
        let slot = q.binder.0 as usize;
        let outer = frame.binders[slot].replace(variable);
        let body = q.body.as_ref().map(|b| self.formula(frame, b));
        frame.binders[slot] = outer;
        let body = match (q.kind, body) {
            (QuantifierKind::ForAll, Some(body)) => Formula::Or(vec![Formula::Not(Box::new(guard)), body]),
            (QuantifierKind::Exists, Some(body)) => Formula::And(vec![guard, body]),
            (_, None) => guard,
        };
        let quantifier = Box::new(Quantifier { hint, variable, body });
        match q.kind {
            QuantifierKind::ForAll => Formula::ForAll(quantifier),
            QuantifierKind::Exists => Formula::ThereExists(quantifier),
        }
    }

    /// A call's arguments as inputs, typed by the parameters they are passed to.
    fn args(&mut self, frame: &Frame<'_>, call: &hir::Call, domain: bool) -> Vec<Input> {
        let expected: &[Type] = match &call.callee {
            hir::Callee::Def(id) => &self.typing.params[id.0 as usize][usize::from(domain)..],
            hir::Callee::Variable(_) => &[],
        };
        call.args
            .iter()
            .enumerate()
            .map(|(i, arg)| self.value(frame, arg, expected.get(i).copied().unwrap_or(Type::Bytes)))
            .collect()
    }

    /// Applies a callee to inputs: inlines a library body, or makes an atom.
    fn apply(&mut self, frame: &Frame<'_>, callee: &hir::Callee, args: Vec<Input>) -> Formula {
        let id = match callee {
            hir::Callee::Variable(value) => {
                return Formula::Atom(Atom {
                    predicate: Target::Variable(Box::new(self.value(frame, value, Type::Property))),
                    args,
                });
            }
            hir::Callee::Def(id) => *id,
        };
        let def = self.program.def(id);
        let predicate = match def.kind {
            DefKind::Library => {
                let mut library = Frame {
                    def: id,
                    params: &args,
                    binders: vec![None; def.binders.len()],
                };
                let body = def.body.as_ref().expect("library definitions have bodies");
                return self.formula(&mut library, body);
            }
            DefKind::Atomic => Target::Atomic(def.name.clone()),
            DefKind::Compiled => Target::Compiled(def.name.clone()),
            DefKind::External => Target::External(def.name.clone()),
        };
        Formula::Atom(Atom { predicate, args })
    }

    /// A value of the definition in `frame`, with its parameters replaced by their inputs.
    fn value(&mut self, frame: &Frame<'_>, value: &hir::Value, expected: Type) -> Input {
        let (source, mut children, ty) = match &value.root {
            hir::Root::Param(i) => {
                let input = &frame.params[*i as usize];
                (input.source.clone(), input.children.clone(), input.ty)
            }
            hir::Root::Bound(b) => {
                let variable =
                    frame.binders[b.0 as usize].expect("bound variables are used inside their quantifier");
                (
                    Source::Variable(variable),
                    ChildPath::new(),
                    self.variables[variable as usize].ty,
                )
            }
            hir::Root::Constant(name) => (Source::Constant(name.clone()), ChildPath::new(), expected),
            hir::Root::SelfAddress => (Source::SelfAddress, ChildPath::new(), Type::Address),
            hir::Root::Integer(text) => (Source::Integer(text.clone()), ChildPath::new(), Type::BigNumber),
            hir::Root::Hex(text) => {
                let ty = self.typing.value_type(frame.def, value, expected);
                (Source::Hex(text.clone()), ChildPath::new(), ty)
            }
            hir::Root::String(text) => (Source::String(text.clone()), ChildPath::new(), Type::Bytes),
        };
        children.extend(value.children.iter().copied());
        let ty = match children.last() {
            _ if value.children.is_empty() => ty,
            Some(crate::syntax::ast::ChildKind::Address) => Type::Address,
            _ => Type::Bytes,
        };
        Input { source, children, ty }
    }
}
