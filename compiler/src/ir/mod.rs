//! The typed intermediate representation: one tree per compiled predicate, with `@library`
//! predicates inlined, quantifier domains expanded, `implies` desugared, and every input typed.
//! It is the single input of every lowering.

mod lower;
pub mod print;

pub use lower::{lower, lower_imported};
pub use print::print;

use crate::source::{FileId, Span};
use crate::syntax::ast::ChildKind;
use crate::types::Type;
use compact_str::CompactString;

/// The compiled predicates of a compilation (the root file's non-library definitions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// In source order.
    pub predicates: Vec<Predicate>,
}

/// A compiled predicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predicate {
    /// Its name.
    pub name: CompactString,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Its bound variables, referred to by index; names are unique within the predicate.
    pub variables: Vec<Param>,
    /// Its formula.
    pub body: Formula,
    /// Where it is defined.
    pub file: FileId,
    /// Where its name is written.
    pub span: Span,
}

/// A named, typed parameter or bound variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its name.
    pub name: CompactString,
    /// Its type.
    pub ty: Type,
}

/// A formula with explicit connectives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Formula {
    /// All hold.
    And(Vec<Formula>),
    /// One holds.
    Or(Vec<Formula>),
    /// Does not hold.
    Not(Box<Formula>),
    /// The body holds for every element the hint yields.
    ForAll(Box<Quantifier>),
    /// The body holds for some element the hint yields.
    ThereExists(Box<Quantifier>),
    /// A predicate applied to inputs.
    Atom(Atom),
}

/// A quantifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantifier {
    /// Where the engine finds the domain's elements, if the domain has a hint.
    pub hint: Option<Vec<HintPart>>,
    /// The bound variable (an index into [`Predicate::variables`]).
    pub variable: u32,
    /// The body, which includes the domain's guard.
    pub body: Formula,
}

/// A piece of a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HintPart {
    /// Literal text.
    Text(CompactString),
    /// A value, written into the hint when it is evaluated.
    Input(Input),
}

/// A predicate applied to inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    /// What is applied.
    pub predicate: Target,
    /// The inputs.
    pub args: Vec<Input>,
}

/// What an atom applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An atomic predicate.
    Atomic(CompactString),
    /// A predicate compiled in this program.
    Compiled(CompactString),
    /// A compiled predicate deployed elsewhere.
    External(CompactString),
    /// The property an input holds, with the atom's arguments appended to its inputs.
    Variable(Box<Input>),
}

/// A typed input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Where the value comes from.
    pub source: Source,
    /// Child accesses, outermost first.
    pub children: crate::hir::ChildPath,
    /// The input's type.
    pub ty: Type,
}

impl Input {
    /// The type of the value before child accesses: the input's type, or `Bytes` (a
    /// property's encoding) when children of it are read.
    pub fn root_type(&self) -> Type {
        if self.children.is_empty() {
            self.ty
        } else {
            Type::Bytes
        }
    }
}

/// Where an input's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A parameter of the predicate.
    Param(u32),
    /// A bound variable of the predicate.
    Variable(u32),
    /// A deployment constant.
    Constant(CompactString),
    /// The predicate's own address.
    SelfAddress,
    /// A decimal integer literal.
    Integer(CompactString),
    /// A `0x` literal.
    Hex(CompactString),
    /// A string literal.
    String(CompactString),
}
