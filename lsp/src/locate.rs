//! What is written at a place in a syntax tree: the name under the cursor and what it refers to
//! syntactically, and the variables in scope there.
//!
//! These are questions about one definition (found by binary search on the definitions'
//! spans), so they cost the size of that definition, never of the file.

use ovm_compiler::syntax::ast::{
    Annotation, Arg, ArgKind, Call, Decl, Expr, ExprKind, Ident, Import, PathRoot, Quantified,
    QuantifierKind, SourceFile,
};

/// What a variable name is bound to.
#[derive(Clone, Copy, Debug)]
pub enum Binding<'a> {
    /// The definition's parameter with this index.
    Param(usize),
    /// The variable of a quantifier.
    Bound {
        /// Where it is bound.
        variable: &'a Ident,
        /// `forall` or `exists`.
        kind: QuantifierKind,
        /// The quantifier's domain.
        domain: &'a Call,
    },
}

/// A variable in scope, with its binding.
#[derive(Clone, Copy, Debug)]
pub struct Local<'a> {
    /// Its name as bound.
    pub name: &'a str,
    /// What binds it.
    pub binding: Binding<'a>,
}

/// The thing at a place of a file.
#[derive(Clone, Copy, Debug)]
pub enum Found<'a> {
    /// The name of a predicate: in a call, a quantifier domain or an import; `decl` is the
    /// definition it is written in (absent in an import).
    Predicate {
        /// The name as written.
        name: &'a Ident,
    },
    /// The name of the definition `decl` of the file, where it is defined.
    Definition {
        /// The index of the definition.
        decl: usize,
    },
    /// A variable: a parameter or bound variable where it is declared or used.
    Variable {
        /// The index of the definition it is in.
        decl: usize,
        /// The name as written here.
        name: &'a Ident,
        /// What binds it; absent for a name bound nowhere (an error).
        binding: Option<Binding<'a>>,
    },
    /// A parameter's type.
    Type(&'a Ident),
    /// An annotation.
    Annotation(&'a Annotation),
    /// A deployment constant, `$name` (the ident excludes the `$`).
    Constant(&'a Ident),
    /// The module path of the `index`-th import.
    ImportPath {
        /// Which import.
        index: usize,
        /// The import.
        import: &'a Import,
    },
    /// The `name`-th name of the `index`-th import.
    ImportName {
        /// Which import.
        index: usize,
        /// Which of its names.
        name: usize,
        /// The name as written.
        ident: &'a Ident,
    },
}

fn covers(ident: &Ident, offset: u32) -> bool {
    ident.span.start <= offset && offset <= ident.span.end
}

/// The index of the last definition that starts at or before `offset`, if any.
pub fn decl_before(tree: &SourceFile, offset: u32) -> Option<usize> {
    tree.decls
        .partition_point(|d| d.span.start <= offset)
        .checked_sub(1)
}

/// The index of the definition whose span contains `offset` (its end included).
pub fn decl_at(tree: &SourceFile, offset: u32) -> Option<usize> {
    decl_before(tree, offset).filter(|&i| offset <= tree.decls[i].span.end)
}

/// What is written at byte `offset` of `tree`.
pub fn find(tree: &SourceFile, offset: u32) -> Option<Found<'_>> {
    for (index, import) in tree.imports.iter().enumerate() {
        if import.span.start > offset || offset > import.span.end {
            continue;
        }
        if import.path.iter().any(|p| covers(p, offset)) {
            return Some(Found::ImportPath { index, import });
        }
        if let Some(name) = import.names.iter().position(|n| covers(n, offset)) {
            let ident = &import.names[name];
            return Some(Found::ImportName { index, name, ident });
        }
    }
    let index = decl_at(tree, offset)?;
    find_in_decl(&tree.decls[index], index, offset)
}

fn find_in_decl(decl: &Decl, index: usize, offset: u32) -> Option<Found<'_>> {
    if covers(&decl.name, offset) {
        return Some(Found::Definition { decl: index });
    }
    if let Some(a) = decl
        .annotations
        .iter()
        .find(|a| a.span.start <= offset && offset <= a.span.end)
    {
        return Some(Found::Annotation(a));
    }
    for (i, param) in decl.params.iter().enumerate() {
        if covers(&param.name, offset) {
            return Some(Found::Variable {
                decl: index,
                name: &param.name,
                binding: Some(Binding::Param(i)),
            });
        }
        if let Some(ty) = param.ty.as_ref().filter(|ty| covers(ty, offset)) {
            return Some(Found::Type(ty));
        }
    }
    let body = decl.body.as_ref()?;
    let mut walker = Walker {
        decl: index,
        offset,
        locals: params(decl),
    };
    walker.expr(body)
}

fn params(decl: &Decl) -> Vec<Local<'_>> {
    decl.params
        .iter()
        .enumerate()
        .map(|(i, p)| Local {
            name: &p.name.name,
            binding: Binding::Param(i),
        })
        .collect()
}

struct Walker<'a> {
    decl: usize,
    offset: u32,
    locals: Vec<Local<'a>>,
}

impl<'a> Walker<'a> {
    fn lookup(&self, name: &str) -> Option<Binding<'a>> {
        self.locals
            .iter()
            .rev()
            .find(|l| l.name == name)
            .map(|l| l.binding)
    }

    fn contains(&self, expr: &Expr) -> bool {
        expr.span.start <= self.offset && self.offset <= expr.span.end
    }

    fn expr(&mut self, expr: &'a Expr) -> Option<Found<'a>> {
        // Iterative over operand chains and parentheses; recursion follows nesting only, which
        // the parser bounds.
        match &expr.kind {
            ExprKind::And(items) | ExprKind::Or(items) => {
                // Operands are in order: find the one containing the offset.
                let i = items.partition_point(|e| e.span.end < self.offset);
                items
                    .get(i)
                    .filter(|e| self.contains(e))
                    .and_then(|e| self.expr(e))
            }
            ExprKind::Not(_, inner) | ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Implies(a, b) => {
                if self.contains(a) {
                    self.expr(a)
                } else {
                    self.expr(b)
                }
            }
            ExprKind::Quantified(q) => self.quantified(q),
            ExprKind::Call(call) => self.call(call, false),
            ExprKind::Error => None,
        }
    }

    fn quantified(&mut self, q: &'a Quantified) -> Option<Found<'a>> {
        if q.domain.span.start <= self.offset && self.offset <= q.domain.span.end {
            return self.call(&q.domain, true);
        }
        let binding = q.variable.as_ref().map(|variable| Binding::Bound {
            variable,
            kind: q.kind,
            domain: &q.domain,
        });
        if let (Some(variable), Some(binding)) = (&q.variable, binding)
            && covers(variable, self.offset)
        {
            return Some(Found::Variable {
                decl: self.decl,
                name: variable,
                binding: Some(binding),
            });
        }
        let body = q.body.as_ref()?;
        if let (Some(variable), Some(binding)) = (&q.variable, binding) {
            self.locals.push(Local {
                name: &variable.name,
                binding,
            });
        }
        self.expr(body)
    }

    fn call(&mut self, call: &'a Call, domain: bool) -> Option<Found<'a>> {
        if covers(&call.callee, self.offset) {
            // A name that is a variable in scope is called as a variable; a domain is always a
            // predicate.
            if !domain && let Some(binding) = self.lookup(&call.callee.name) {
                return Some(Found::Variable {
                    decl: self.decl,
                    name: &call.callee,
                    binding: Some(binding),
                });
            }
            return Some(Found::Predicate { name: &call.callee });
        }
        let arg = call
            .args
            .iter()
            .find(|a| a.span.start <= self.offset && self.offset <= a.span.end)?;
        self.arg(arg)
    }

    fn arg(&self, arg: &'a Arg) -> Option<Found<'a>> {
        let ArgKind::Path(path) = &arg.kind else {
            return None;
        };
        match &path.root {
            PathRoot::Name(name) if covers(name, self.offset) => Some(Found::Variable {
                decl: self.decl,
                name,
                binding: self.lookup(&name.name),
            }),
            PathRoot::Constant(name)
                if name.span.start <= self.offset + 1 && self.offset <= name.span.end =>
            {
                Some(Found::Constant(name))
            }
            _ => None,
        }
    }
}

/// The variables in scope at `offset` of definition `decl`, innermost last: its parameters
/// and the variables of the quantifiers whose bodies contain the offset.
pub fn locals_at(decl: &Decl, offset: u32) -> Vec<Local<'_>> {
    let mut locals = params(decl);
    let mut expr = decl.body.as_ref();
    while let Some(e) = expr.take() {
        if e.span.start > offset || offset > e.span.end {
            break;
        }
        expr = match &e.kind {
            ExprKind::And(items) | ExprKind::Or(items) => items
                .iter()
                .find(|i| i.span.start <= offset && offset <= i.span.end),
            ExprKind::Not(_, inner) | ExprKind::Paren(inner) => Some(inner),
            ExprKind::Implies(a, b) => Some(if offset <= a.span.end { a } else { b }),
            ExprKind::Quantified(q) => {
                let body = q.body.as_ref().filter(|b| b.span.start <= offset);
                if body.is_some()
                    && let Some(variable) = &q.variable
                {
                    locals.push(Local {
                        name: &variable.name,
                        binding: Binding::Bound {
                            variable,
                            kind: q.kind,
                            domain: &q.domain,
                        },
                    });
                }
                body
            }
            ExprKind::Call(_) | ExprKind::Error => None,
        };
    }
    locals
}

/// Whether the definition's formula has a node where the parser recovered from an error.
pub fn has_error(decl: &Decl) -> bool {
    fn walk(expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::And(items) | ExprKind::Or(items) => items.iter().any(walk),
            ExprKind::Not(_, inner) | ExprKind::Paren(inner) => walk(inner),
            ExprKind::Implies(a, b) => walk(a) || walk(b),
            ExprKind::Quantified(q) => q.body.as_ref().is_some_and(walk),
            ExprKind::Call(_) => false,
            ExprKind::Error => true,
        }
    }
    decl.body.as_ref().is_none_or(walk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ovm_compiler::FileId;
    use ovm_compiler::syntax;

    fn tree(text: &str) -> SourceFile {
        syntax::parse(text, FileId::DETACHED).0
    }

    fn at(text: &str, needle: &str) -> u32 {
        text.find(needle).unwrap() as u32
    }

    const TEXT: &str = "from std.signature import SignedBy\n\
        @library\n\
        def f(tx: Bytes, owner: Address) :=\n  \
        exists s in SignedBy(tx, owner): forall t in SignedBy(s, owner): Equal(t, $c)\n\
        def g(p) := p() and f(p, p)\n";

    #[test]
    fn finds_names_and_their_bindings() {
        let tree = tree(TEXT);
        assert!(matches!(
            find(&tree, at(TEXT, "SignedBy\n")),
            Some(Found::ImportName { name: 0, .. })
        ));
        assert!(matches!(
            find(&tree, at(TEXT, "std")),
            Some(Found::ImportPath { index: 0, .. })
        ));
        assert!(matches!(
            find(&tree, at(TEXT, "@library")),
            Some(Found::Annotation(_))
        ));
        assert!(matches!(
            find(&tree, at(TEXT, "f(tx")),
            Some(Found::Definition { decl: 0 })
        ));
        assert!(matches!(find(&tree, at(TEXT, "Address")), Some(Found::Type(_))));
        assert!(matches!(
            find(&tree, at(TEXT, "SignedBy(tx")),
            Some(Found::Predicate { name }) if name.name == "SignedBy"
        ));
        assert!(matches!(
            find(&tree, at(TEXT, "tx, owner)")),
            Some(Found::Variable {
                binding: Some(Binding::Param(0)),
                ..
            })
        ));
        // `s` used in the inner domain, bound by the outer quantifier.
        let s_use = at(TEXT, "s, owner)");
        assert!(matches!(
            find(&tree, s_use),
            Some(Found::Variable { binding: Some(Binding::Bound { variable, .. }), .. })
                if variable.span.start == at(TEXT, "s in")
        ));
        assert!(matches!(
            find(&tree, at(TEXT, "t, $c")),
            Some(Found::Variable {
                binding: Some(Binding::Bound {
                    kind: QuantifierKind::ForAll,
                    ..
                }),
                ..
            })
        ));
        assert!(matches!(find(&tree, at(TEXT, "c)")), Some(Found::Constant(_))));
        // A called parameter is a variable; a call of a definition a predicate.
        assert!(matches!(
            find(&tree, at(TEXT, "p() and")),
            Some(Found::Variable {
                binding: Some(Binding::Param(0)),
                ..
            })
        ));
        assert!(matches!(
            find(&tree, at(TEXT, "f(p, p)")),
            Some(Found::Predicate { .. })
        ));
        assert!(find(&tree, at(TEXT, ":=")).is_none());
    }

    #[test]
    fn locals_are_those_of_the_enclosing_quantifiers() {
        let tree = tree(TEXT);
        let names = |offset| -> Vec<&str> {
            let decl = &tree.decls[decl_before(&tree, offset).unwrap()];
            locals_at(decl, offset).iter().map(|l| l.name).collect()
        };
        assert_eq!(names(at(TEXT, "exists")), ["tx", "owner"]);
        assert_eq!(names(at(TEXT, "forall")), ["tx", "owner", "s"]);
        assert_eq!(names(at(TEXT, "Equal")), ["tx", "owner", "s", "t"]);
        assert_eq!(names(at(TEXT, "p() and")), ["p"]);
    }

    #[test]
    fn half_typed_definitions_do_not_break_lookups() {
        for text in [
            "def f(a: Bytes) := exists s in SignedBy(a, ",
            "def f(a: Bytes) := SignedBy(a).any(s -> Equal(s, ",
            "def f(",
            "def",
            "@quantifier(\"x",
            "from std. import",
            "def f(a) := Eq\ndef g(b) := Equal(b, b)",
        ] {
            let tree = tree(text);
            for offset in 0..=text.len() as u32 {
                let _ = find(&tree, offset);
                if let Some(i) = decl_before(&tree, offset) {
                    let _ = locals_at(&tree.decls[i], offset);
                    let _ = has_error(&tree.decls[i]);
                }
            }
        }
    }
}
