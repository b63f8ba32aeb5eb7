//! The standard library: `.ovm` modules embedded in the compiler, so they are always available.
//!
//! `std.atomic` is the prelude: its declarations (the atomic predicates) are in scope in every
//! file. Other modules are imported by dotted path: `from std.signature import SignedBy`.
//! [`reference()`] writes the reference of every module from its doc comments
//! (`docs/stdlib.md`).

use crate::FileId;
use crate::syntax::{self, ast};
use std::fmt::Write;

/// The prelude module's name.
pub const PRELUDE: &str = "atomic";

/// Every standard module: its name (the dotted path after `std.`) and its source. The
/// module `a.b` is the file `stdlib/a/b.ovm`.
pub const MODULES: &[(&str, &str)] = &[
    ("atomic", include_str!("../../stdlib/atomic.ovm")),
    ("signature", include_str!("../../stdlib/signature.ovm")),
    ("range", include_str!("../../stdlib/range.ovm")),
    ("hash", include_str!("../../stdlib/hash.ovm")),
    ("plasma", include_str!("../../stdlib/plasma.ovm")),
    ("channel", include_str!("../../stdlib/channel.ovm")),
];

/// The source of the standard module `name` (`atomic`, not `std.atomic`).
pub fn source(name: &str) -> Option<&'static str> {
    MODULES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The display name of a standard module's file, as shown in diagnostics.
pub fn file_name(name: &str) -> String {
    format!("<std>/{}.ovm", name.replace('.', "/"))
}

/// The path of a standard module's source in the repository (`stdlib/plasma.ovm`).
pub fn repository_path(name: &str) -> String {
    format!("stdlib/{}.ovm", name.replace('.', "/"))
}

/// A standard module's definition, as the reference documents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The module (`signature`).
    pub module: &'static str,
    /// The definition's name.
    pub name: String,
    /// `def Name(p: Type, …)`, parameters as declared.
    pub signature: String,
    /// The parameters as declared (`p: Type`, or `p` when untyped).
    pub params: Vec<String>,
    /// The annotations as written (`@library`, `@quantifier("…")`), in order.
    pub annotations: Vec<String>,
    /// The hint of a `@quantifier` definition.
    pub hint: Option<String>,
    /// The doc comment's lines.
    pub doc: Vec<String>,
    /// The whole definition as written, annotations and body included.
    pub source: String,
}

/// A standard module, parsed for its reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleDoc {
    /// Its name (`signature`).
    pub name: &'static str,
    /// The lines of the `//` comment that opens the file, `// ` removed.
    pub header: Vec<String>,
    /// Its definitions, in source order.
    pub entries: Vec<Entry>,
}

/// Every standard module, parsed for its reference, in [`MODULES`] order. Panics if one does
/// not parse (a test checks that every module compiles without diagnostics).
pub fn modules() -> Vec<ModuleDoc> {
    MODULES
        .iter()
        .map(|&(name, text)| module_doc(name, text))
        .collect()
}

fn module_doc(name: &'static str, text: &'static str) -> ModuleDoc {
    let (tree, diagnostics) = syntax::parse(text, FileId::DETACHED);
    assert!(
        diagnostics.is_empty(),
        "std.{name} does not parse: {diagnostics:?}"
    );
    let first = tree
        .imports
        .iter()
        .map(|i| i.span.start)
        .chain(tree.decls.iter().map(|d| d.span.start))
        .min()
        .unwrap_or(u32::MAX);
    let mut header = Vec::new();
    for comment in &tree.comments {
        let is_line = comment.kind == ast::CommentKind::Line;
        if !is_line || comment.span.start > first {
            break;
        }
        let line = &text[comment.span.range()];
        let line = line.strip_prefix("//").unwrap_or(line);
        header.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_string());
    }
    let entries = tree.decls.iter().map(|decl| entry(name, text, decl)).collect();
    ModuleDoc {
        name,
        header,
        entries,
    }
}

fn entry(module: &'static str, text: &str, decl: &ast::Decl) -> Entry {
    let params: Vec<String> = decl
        .params
        .iter()
        .map(|p| match &p.ty {
            Some(ty) => format!("{}: {}", p.name.name, ty.name),
            None => p.name.name.to_string(),
        })
        .collect();
    let annotations = decl
        .annotations
        .iter()
        .map(|a| text[a.span.range()].to_string())
        .collect();
    let hint = decl
        .annotations
        .iter()
        .find(|a| a.name.name == "quantifier")
        .and_then(|a| a.args.first())
        .map(|s| s.value.to_string());
    Entry {
        module,
        name: decl.name.name.to_string(),
        signature: format!("def {}({})", decl.name.name, params.join(", ")),
        params,
        annotations,
        hint,
        doc: decl.doc.clone(),
        source: text[decl.span.range()].to_string(),
    }
}

/// The reference of the standard library, in Markdown: every module with its opening comment,
/// and every definition with its signature, annotations, hint, doc comment and source. It is
/// `docs/stdlib.md`, which a test keeps equal to it.
pub fn reference() -> String {
    let modules = modules();
    let mut out = String::new();
    out.push_str(
        "<!-- Generated from the doc comments of stdlib/*.ovm by ovm_compiler::stdlib::reference(). \
         Do not edit: edit the modules, then run\n     \
         UPDATE_STDLIB_DOCS=1 cargo test -p ovm-compiler --test stdlib -->\n\n",
    );
    out.push_str("# The standard library\n\n");
    out.push_str(
        "The standard library is built into the compiler. `from std.NAME import X, Y` imports the \
         definitions `X` and `Y` of the module `std.NAME`, whose source is `stdlib/NAME.ovm`; \
         `std.atomic` is the *prelude*, in scope in every file without an import. The \
         `@library` definitions are inlined where they are used; a `@quantifier` definition is \
         a quantifier domain, whose first parameter is the bound variable and whose hint tells \
         the engine where to find its elements in a witness store (see \
         [witness.md](witness.md) for how a hint becomes a lookup, and \
         [engine.md](engine.md) for how a domain that the store vouches complete decides \
         `forall` and `exists`).\n\n",
    );
    out.push_str("| module | definitions |\n| --- | --- |\n");
    for module in &modules {
        let names: Vec<String> = module
            .entries
            .iter()
            .map(|e| format!("[`{}`](#{})", e.name, anchor(module.name, &e.name)))
            .collect();
        let _ = writeln!(
            out,
            "| [`std.{}`](#std{}) | {} |",
            module.name,
            module.name.replace('.', ""),
            names.join(", ")
        );
    }
    for module in &modules {
        let _ = write!(out, "\n## `std.{}`\n\n", module.name);
        let _ = writeln!(
            out,
            "Source: [`{path}`](../{path}).\n",
            path = repository_path(module.name)
        );
        out.push_str(&paragraphs(&module.header));
        for entry in &module.entries {
            let _ = write!(
                out,
                "\n<a id=\"{}\"></a>\n### `{}`\n\n",
                anchor(module.name, &entry.name),
                entry.name
            );
            let _ = write!(out, "```ovm\n{}\n```\n\n", entry.source);
            let is = |annotation: &str| entry.annotations.iter().any(|a| a == annotation);
            if is("@atomic") {
                out.push_str("- atomic predicate, decided natively on chain and off chain\n");
            } else if let Some(hint) = &entry.hint {
                let (bound, rest) = entry.params.split_first().expect("a quantifier has a parameter");
                let _ = writeln!(
                    out,
                    "- library quantifier: `exists {} in {}({})` ranges over `{bound}`",
                    bound.split(':').next().unwrap_or_default(),
                    entry.name,
                    rest.iter()
                        .map(|p| p.split(':').next().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let _ = writeln!(out, "- hint: `{hint}`");
            } else if is("@library") {
                out.push_str("- library predicate, inlined where it is called\n");
            }
            if module.name != PRELUDE {
                let _ = writeln!(out, "- import: `from std.{} import {}`", module.name, entry.name);
            }
            out.push('\n');
            if entry.doc.is_empty() {
                out.push_str("(undocumented)\n");
            } else {
                out.push_str(&paragraphs(&entry.doc));
            }
        }
    }
    out
}

/// Lines of comment text as Markdown: kept as written, with runs of blank lines made one.
fn paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out
}

/// The HTML anchor of a definition: `std-signature-signedby`.
fn anchor(module: &str, name: &str) -> String {
    format!("std-{}-{}", module.replace('.', "-"), name.to_lowercase())
}
