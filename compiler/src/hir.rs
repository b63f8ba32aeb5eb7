//! The resolved tree: every name replaced by what it refers to. Made by [`crate::resolve`],
//! read by [`crate::types`] and [`crate::ir`].

use crate::source::{FileId, Span};
use crate::syntax::ast::{ChildKind, QuantifierKind};
use crate::types::Type;
use compact_str::CompactString;
use smallvec::SmallVec;

/// Child accesses, outermost first: almost always short enough to be stored inline.
pub type ChildPath = SmallVec<[ChildKind; 3]>;

/// Identifies a definition of a [`Program`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefId(pub u32);

/// Identifies a bound variable within one definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BinderId(pub u32);

/// Every definition a compilation can see.
#[derive(Debug, Default)]
pub struct Program {
    /// The definitions of every module, the prelude's included.
    pub defs: Vec<Def>,
    /// The root file's definitions, in source order.
    pub roots: Vec<DefId>,
}

impl Program {
    /// A definition by id.
    pub fn def(&self, id: DefId) -> &Def {
        &self.defs[id.0 as usize]
    }
}

/// What a definition is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefKind {
    /// `@atomic`: decided natively (an atomic predicate contract on chain).
    Atomic,
    /// `@external`: a compiled predicate deployed elsewhere, called by name.
    External,
    /// `@library`: inlined where it is used, never compiled on its own.
    Library,
    /// A predicate compiled on its own.
    Compiled,
}

/// A definition.
#[derive(Debug)]
pub struct Def {
    /// Its name.
    pub name: CompactString,
    /// The file it is in.
    pub file: FileId,
    /// Where its name is written.
    pub name_span: Span,
    /// Its doc comment, one line per element.
    pub doc: Vec<String>,
    /// What it is.
    pub kind: DefKind,
    /// The hint of a `@quantifier` definition.
    pub hint: Option<Hint>,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Its bound variables, indexed by [`BinderId`].
    pub binders: Vec<Binder>,
    /// Its formula (absent for atomic and external predicates).
    pub body: Option<Formula>,
    /// The definitions its formula calls, quantifier domains included, with where each call's
    /// name is written, in source order (a domain before its body).
    pub calls: Vec<(DefId, Span)>,
}

/// A parameter.
#[derive(Debug)]
pub struct Param {
    /// Its name.
    pub name: CompactString,
    /// Where it is declared.
    pub span: Span,
    /// Its declared type, if any.
    pub declared: Option<Type>,
}

/// A bound variable.
#[derive(Debug)]
pub struct Binder {
    /// Its name; absent for the element of `Q(args).any()`.
    pub name: Option<CompactString>,
    /// Where it is bound.
    pub span: Span,
}

/// A quantifier's hint template, such as `signatures,KEY,${m}`.
#[derive(Clone, Debug)]
pub struct Hint {
    /// Text and placeholders, in order.
    pub parts: Vec<HintPart>,
    /// The annotation's string literal.
    pub span: Span,
}

/// A piece of a hint template.
#[derive(Clone, Debug)]
pub enum HintPart {
    /// Literal text.
    Text(CompactString),
    /// `${param}`, `${param.0}`, `${$constant}` or `${zero}`.
    Value(Value),
}

/// A resolved formula.
#[derive(Clone, Debug)]
pub enum Formula {
    /// All hold.
    And(Vec<Formula>),
    /// One holds.
    Or(Vec<Formula>),
    /// Does not hold.
    Not(Box<Formula>),
    /// If the first holds, so does the second.
    Implies(Box<Formula>, Box<Formula>),
    /// A quantified formula.
    Quantified(Box<Quantified>),
    /// A call.
    Call(Call),
}

/// `forall`/`exists` over a domain.
#[derive(Clone, Debug)]
pub struct Quantified {
    /// Universal or existential.
    pub kind: QuantifierKind,
    /// The bound variable.
    pub binder: BinderId,
    /// The domain: a call of a predicate whose first parameter is the bound variable.
    pub domain: Call,
    /// The body, if any.
    pub body: Option<Formula>,
    /// The whole formula.
    pub span: Span,
}

/// A predicate call.
#[derive(Clone, Debug)]
pub struct Call {
    /// What is called.
    pub callee: Callee,
    /// The arguments (for a domain, all but the bound variable).
    pub args: Vec<Value>,
    /// Where the callee's name is written.
    pub callee_span: Span,
    /// The whole call.
    pub span: Span,
}

/// The target of a call.
#[derive(Clone, Debug)]
pub enum Callee {
    /// A definition.
    Def(DefId),
    /// A variable holding a property, called with extra arguments appended: `su()`, `a(b)`.
    Variable(Box<Value>),
}

/// A value: a root with child accesses.
#[derive(Clone, Debug)]
pub struct Value {
    /// Where the value starts.
    pub root: Root,
    /// Child accesses, outermost first.
    pub children: ChildPath,
    /// Where it is written.
    pub span: Span,
}

/// The start of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// The definition's parameter with this index.
    Param(u32),
    /// A bound variable.
    Bound(BinderId),
    /// A deployment constant, `$name` (without the `$`).
    Constant(CompactString),
    /// The predicate's own address, `self.address`.
    SelfAddress,
    /// A decimal integer literal.
    Integer(CompactString),
    /// A `0x` literal (with the prefix).
    Hex(CompactString),
    /// A string literal.
    String(CompactString),
}

impl Formula {
    /// Calls `visit` on every call of the formula, in source order: each quantifier's domain
    /// (with the quantifier) before its body, every other call with `None`.
    pub fn walk_calls<'f>(&'f self, visit: &mut impl FnMut(&'f Call, Option<&'f Quantified>)) {
        match self {
            Formula::And(items) | Formula::Or(items) => items.iter().for_each(|f| f.walk_calls(visit)),
            Formula::Not(inner) => inner.walk_calls(visit),
            Formula::Implies(a, b) => {
                a.walk_calls(visit);
                b.walk_calls(visit);
            }
            Formula::Quantified(q) => {
                visit(&q.domain, Some(q));
                if let Some(body) = &q.body {
                    body.walk_calls(visit);
                }
            }
            Formula::Call(call) => visit(call, None),
        }
    }
}
