//! How definitions, variables and types are described to people: the text of hovers and of
//! completion details.

use crate::analysis::{Analysis, DefRef};
use crate::locate::Binding;
use lsp_types::SymbolKind;
use ovm_compiler::modules::Modules;
use ovm_compiler::syntax::ast::{Decl, QuantifierKind};
use ovm_compiler::syntax::print;
use ovm_compiler::types::Type;

/// What a definition is, from its annotations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Compiled into a predicate of its own.
    Compiled,
    /// `@library`: inlined where it is used.
    Library,
    /// `@library @quantifier(…)`: a quantifier domain (inlined).
    Quantifier,
    /// `@atomic`: decided natively.
    Atomic,
    /// `@external`: deployed elsewhere, called by name.
    External,
}

impl Kind {
    /// The kind of `decl`.
    pub fn of(decl: &Decl) -> Kind {
        let has = |name: &str| decl.annotations.iter().any(|a| a.name.name == name);
        if has("atomic") {
            Kind::Atomic
        } else if has("external") {
            Kind::External
        } else if has("quantifier") {
            Kind::Quantifier
        } else if has("library") {
            Kind::Library
        } else {
            Kind::Compiled
        }
    }

    /// How the kind is named to people.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Compiled => "compiled predicate",
            Kind::Library => "library predicate, inlined where it is called",
            Kind::Quantifier => "quantifier domain: its first parameter is the bound variable",
            Kind::Atomic => "atomic predicate, decided natively",
            Kind::External => "external predicate, deployed elsewhere and called by name",
        }
    }

    /// The symbol kind editors show (and pick an icon by).
    pub fn symbol_kind(self) -> SymbolKind {
        match self {
            Kind::Compiled => SymbolKind::FUNCTION,
            Kind::Library => SymbolKind::METHOD,
            Kind::Quantifier => SymbolKind::ENUM,
            Kind::Atomic | Kind::External => SymbolKind::INTERFACE,
        }
    }
}

/// `def Name(p: Type, q)`, parameters as declared.
pub fn signature(decl: &Decl) -> String {
    let params: Vec<String> = decl.params.iter().map(print::param).collect();
    format!("def {}({})", decl.name.name, params.join(", "))
}

/// The hover of a definition: its annotations and signature (as an `ovm` code block), the
/// types inferred for its untyped parameters, its doc comment, and what and where it is.
pub fn definition(analysis: &Analysis, def: DefRef) -> String {
    let decl = analysis.decl(def);
    let text = analysis.module_text(def.module);
    let mut code = String::new();
    for annotation in &decl.annotations {
        code.push_str(text.get(annotation.span.range()).unwrap_or_default());
        code.push('\n');
    }
    code.push_str(&signature(decl));
    let mut out = format!("```ovm\n{code}\n```\n");
    if let Some(inferred) = inferred_params(analysis, def) {
        out.push_str(&format!("\nParameter types: {inferred}\n"));
    }
    if !decl.doc.is_empty() {
        out.push_str("\n---\n\n");
        out.push_str(&decl.doc.join("\n"));
        out.push('\n');
    }
    out.push_str("\n---\n\n");
    out.push_str(&origin(analysis, def));
    out
}

/// `*compiled predicate* · defined in `a.ovm``: what a definition is and where.
pub fn origin(analysis: &Analysis, def: DefRef) -> String {
    let kind = Kind::of(analysis.decl(def)).describe();
    let module = analysis.module_label(def.module);
    if def.module == Modules::PRELUDE {
        format!("*{kind}* · prelude (`std.atomic`), in scope everywhere")
    } else if analysis.std_name(def.module).is_some() {
        format!(
            "*{kind}* · `from {module} import {}`",
            analysis.decl(def).name.name
        )
    } else if def.module == Modules::ROOT {
        format!("*{kind}* · defined in this file")
    } else {
        format!("*{kind}* · defined in `{module}`")
    }
}

/// `a: Address, b: Bytes` when a parameter is untyped and type checking inferred it.
fn inferred_params(analysis: &Analysis, def: DefRef) -> Option<String> {
    let decl = analysis.decl(def);
    if decl.params.iter().all(|p| p.ty.is_some()) {
        return None;
    }
    let id = analysis.def_id(def)?;
    let types = analysis.result.typing.as_ref()?.params.get(id.0 as usize)?;
    let shown: Vec<String> = decl
        .params
        .iter()
        .zip(types)
        .map(|(p, t)| {
            if p.ty.is_some() {
                format!("`{}: {}`", p.name.name, t.name())
            } else {
                format!("`{}: {}` (inferred)", p.name.name, t.name())
            }
        })
        .collect();
    Some(shown.join(", "))
}

/// The type of a variable of root definition `decl`, and whether type checking inferred it
/// (otherwise it is the declared type, or that of the domain's first parameter).
pub fn variable_type(analysis: &Analysis, decl: usize, binding: Binding<'_>) -> Option<(Type, bool)> {
    let def = DefRef {
        module: Modules::ROOT,
        decl,
    };
    let checked = analysis.def_id(def).and_then(|id| {
        let typing = analysis.result.typing.as_ref()?;
        let i = id.0 as usize;
        match binding {
            Binding::Param(p) => typing.params.get(i)?.get(p).copied(),
            Binding::Bound { variable, .. } => {
                let program = analysis.result.program.as_ref()?;
                let b = program
                    .def(id)
                    .binders
                    .iter()
                    .position(|b| b.span == variable.span)?;
                typing.binders.get(i)?.get(b).copied()
            }
        }
    });
    if let Some(t) = checked {
        return Some((t, true));
    }
    let declared = match binding {
        Binding::Param(p) => analysis.decl(def).params.get(p)?.ty.as_ref(),
        Binding::Bound { domain, .. } => {
            let domain = analysis.lookup(&domain.callee.name)?;
            analysis.decl(domain).params.first()?.ty.as_ref()
        }
    };
    Some((Type::from_name(&declared?.name)?, false))
}

/// The hover of a variable: `name: Type` and what binds it.
pub fn variable(analysis: &Analysis, decl: usize, name: &str, binding: Binding<'_>) -> String {
    let ty = variable_type(analysis, decl, binding);
    let shown = match ty {
        Some((t, _)) => format!("{name}: {}", t.name()),
        None => name.to_string(),
    };
    let def_name = &analysis.root().tree.decls[decl].name.name;
    let what = match binding {
        Binding::Param(p) => {
            let untyped = analysis.root().tree.decls[decl]
                .params
                .get(p)
                .is_some_and(|p| p.ty.is_none());
            if untyped && matches!(ty, Some((_, true))) {
                format!("parameter of `{def_name}`, untyped: the type its uses agree on")
            } else {
                format!("parameter of `{def_name}`")
            }
        }
        Binding::Bound { kind, domain, .. } => {
            let q = match kind {
                QuantifierKind::ForAll => "forall",
                QuantifierKind::Exists => "exists",
            };
            format!(
                "bound by `{q} {name} in {}(…)` in `{def_name}`",
                domain.callee.name
            )
        }
    };
    let note = match ty {
        Some((_, true)) => "",
        Some((_, false)) => " (declared; the file was not type-checked: fix its errors first)",
        None => " (untyped; the file was not type-checked: fix its errors first)",
    };
    format!("```ovm\n{shown}\n```\n\n{what}{note}\n")
}

/// What a value of a type is.
pub fn type_doc(name: &str) -> Option<&'static str> {
    Some(match Type::from_name(name)? {
        Type::Address => "a 20-byte Ethereum address (one 32-byte ABI word)",
        Type::Bytes => "raw bytes; also the dynamic type, which any value converts to and from",
        Type::Bytes32 => "32 bytes, such as a hash or a Merkle root (one ABI word)",
        Type::BigNumber => "an unsigned 256-bit integer (one ABI word)",
        Type::Range => "a half-open interval `[start, end)` of integers, `(uint256 start, uint256 end)`",
        Type::Property => "a property: a predicate address and its inputs, `(address, bytes[])`",
    })
}

/// The annotations, with what each means.
pub const ANNOTATIONS: &[(&str, &str)] = &[
    (
        "library",
        "`@library`: the predicate is a building block, inlined wherever it is used and not compiled on its own.",
    ),
    (
        "quantifier",
        "`@quantifier(\"hint\")`: the predicate can be a quantifier domain, whose elements the engine finds with the hint (`bucket,TYPE,${param}`); its first parameter is the bound variable.",
    ),
    (
        "atomic",
        "`@atomic`: a predicate decided natively, by an atomic predicate contract; declared without a body.",
    ),
    (
        "external",
        "`@external`: a compiled predicate deployed elsewhere and called by name; declared without a body.",
    ),
];

/// What an annotation means.
pub fn annotation_doc(name: &str) -> Option<&'static str> {
    ANNOTATIONS.iter().find(|(n, _)| *n == name).map(|(_, doc)| *doc)
}
