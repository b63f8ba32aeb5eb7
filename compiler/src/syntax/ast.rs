//! The abstract syntax tree. Both surface syntaxes (the compatible `.all`/`.any`/`!` dialect and
//! the first-order `forall`/`exists`/`not` syntax) parse into this one tree; each node records
//! which spelling was used only so that the source can be printed back as written.
//! Every node carries its byte span.

use crate::source::Span;
use compact_str::CompactString;
use serde::Serialize;

/// A parsed `.ovm` file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    /// `from path import Name` lines, in order.
    pub imports: Vec<Import>,
    /// `def` declarations, in order.
    pub decls: Vec<Decl>,
    /// Every comment in the file, in order (kept for the formatter and for doc comments).
    pub comments: Vec<Comment>,
}

/// A name as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Ident {
    /// The text of the name (stored inline when short, as names almost always are).
    pub name: CompactString,
    /// Where it is written.
    pub span: Span,
}

/// `from path import names`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Import {
    /// The module path, `lib` or `std.signature`: its parts in order.
    pub path: Vec<Ident>,
    /// The imported definitions' names.
    pub names: Vec<Ident>,
    /// The whole import.
    pub span: Span,
}

/// `@name` or `@name("argument", …)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// The annotation's name, such as `library` or `quantifier`.
    pub name: Ident,
    /// The string arguments, such as a quantifier's hint template.
    pub args: Vec<StringLit>,
    /// The whole annotation.
    pub span: Span,
}

/// A string literal, escapes processed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StringLit {
    /// The string's value.
    pub value: CompactString,
    /// The literal including its quotes.
    pub span: Span,
}

/// `def name(params) := body`, or `def name(params)` for a predicate defined elsewhere, with
/// its annotations and doc comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decl {
    /// The text of the `///` comments directly above the declaration, one line each.
    pub doc: Vec<String>,
    /// `@library`, `@quantifier("…")` and any others, in order.
    pub annotations: Vec<Annotation>,
    /// The defined predicate's name.
    pub name: Ident,
    /// The parameters.
    pub params: Vec<Param>,
    /// The defining formula; absent in a declaration of a predicate defined elsewhere.
    pub body: Option<Expr>,
    /// From the first annotation (or `def`) to the end of the declaration.
    pub span: Span,
}

/// A parameter, `name` or `name: Type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    /// The parameter's name.
    pub name: Ident,
    /// The declared type, if any (the old dialect has none).
    pub ty: Option<Ident>,
    /// The whole parameter.
    pub span: Span,
}

/// A formula.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Expr {
    /// What kind of formula.
    pub kind: ExprKind,
    /// Where it is written (parentheses included for [`ExprKind::Paren`]).
    pub span: Span,
}

/// The kinds of formula.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ExprKind {
    /// `a and b and …`: a chain of two or more operands written without parentheses.
    And(Vec<Expr>),
    /// `a or b or …`: a chain of two or more operands written without parentheses.
    Or(Vec<Expr>),
    /// `not a` or `!a`.
    Not(NotSyntax, Box<Expr>),
    /// `a implies b`.
    Implies(Box<Expr>, Box<Expr>),
    /// A quantified formula in either syntax.
    Quantified(Box<Quantified>),
    /// A predicate call, `P(args)`, or a variable called as a predicate, `x()` / `x(args)`.
    Call(Call),
    /// `( formula )`.
    Paren(Box<Expr>),
    /// Where the parser recovered from a syntax error (a diagnostic was reported).
    Error,
}

/// How a negation was spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NotSyntax {
    /// `not P`
    Keyword,
    /// `!P`
    Bang,
}

/// Universal or existential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum QuantifierKind {
    /// `forall` / `.all`
    ForAll,
    /// `exists` / `.any`
    Exists,
}

/// How a quantifier was spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum QuantifierSyntax {
    /// `forall v in Q(args): P`, `exists v in Q(args)`.
    Keyword,
    /// `Q(args).all(v -> P)`, `Q(args).any(v -> P)`, `Q(args).any()`.
    Method,
}

/// A quantified formula: for all (or some) `variable` in `domain`, `body` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quantified {
    /// Universal or existential.
    pub kind: QuantifierKind,
    /// The spelling used.
    pub syntax: QuantifierSyntax,
    /// The bound variable; absent only in `Q(args).any()`.
    pub variable: Option<Ident>,
    /// The domain: a quantifier predicate applied to all but its first parameter.
    pub domain: Call,
    /// The body; absent in `exists v in Q(args)` and `Q(args).any()`.
    pub body: Option<Expr>,
}

/// `callee(args)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Call {
    /// The called predicate or variable.
    pub callee: Ident,
    /// The arguments.
    pub args: Vec<Arg>,
    /// The whole call.
    pub span: Span,
}

/// An argument of a call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// What kind of argument.
    pub kind: ArgKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of argument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ArgKind {
    /// A name, `self` or a constant, with child accesses: `su.3.address`, `$txAddress`.
    Path(Path),
    /// A decimal integer literal, as written.
    Integer(CompactString),
    /// A `0x` literal, as written (including `0x`).
    Hex(CompactString),
    /// A string literal.
    String(CompactString),
}

/// A value reached from a root by child accesses, `root.0.address`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Path {
    /// Where the path starts.
    pub root: PathRoot,
    /// The accesses, outermost first.
    pub children: Vec<Child>,
}

/// The start of a [`Path`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PathRoot {
    /// A parameter or bound variable.
    Name(Ident),
    /// `self`: the predicate's own address, as in `self.address`.
    SelfValue {
        /// Where `self` is written.
        span: Span,
    },
    /// `$name`: a deployment constant (the ident excludes the `$`).
    Constant(Ident),
}

/// One child access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Child {
    /// Which child.
    pub kind: ChildKind,
    /// The access including its `.`.
    pub span: Span,
}

/// The kinds of child access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChildKind {
    /// `.N`: the N-th input of a property.
    Index(u32),
    /// `.address`: a property's predicate address.
    Address,
}

/// A comment in the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Line, doc or block comment.
    pub kind: CommentKind,
    /// The comment including its delimiters.
    pub span: Span,
}

/// The kinds of comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CommentKind {
    /// `// …`
    Line,
    /// `/// …`: documents the declaration below it.
    Doc,
    /// `/* … */`
    Block,
}

impl Expr {
    /// The expression with any number of enclosing parentheses removed.
    pub fn strip_parens(&self) -> &Expr {
        let mut expr = self;
        while let ExprKind::Paren(inner) = &expr.kind {
            expr = inner;
        }
        expr
    }
}
