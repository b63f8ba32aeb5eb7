//! `textDocument/hover`: the type of a variable; the signature, annotations and doc comment
//! of a predicate (the standard library's included); what a type, annotation or constant is.

use crate::analysis::{Analysis, DefRef};
use crate::describe;
use crate::locate::{self, Found};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use ovm_compiler::Span;
use ovm_compiler::modules::Modules;

/// The hover at `position` of the analysed document, if there is something to say.
pub fn hover(analysis: &Analysis, position: Position) -> Option<Hover> {
    let text = analysis.text();
    let offset = analysis.root_lines().offset(text, position) as u32;
    let tree = &analysis.root().tree;
    let (value, span): (String, Span) = match locate::find(tree, offset)? {
        Found::Predicate { name } => (
            describe::definition(analysis, analysis.lookup(&name.name)?),
            name.span,
        ),
        Found::Definition { decl } => {
            let def = DefRef {
                module: Modules::ROOT,
                decl,
            };
            (describe::definition(analysis, def), tree.decls[decl].name.span)
        }
        Found::ImportName { index, name, ident } => {
            let def = imported(analysis, index, name)?;
            (describe::definition(analysis, def), ident.span)
        }
        Found::ImportPath { index, import } => {
            let module = (0..import.names.len()).find_map(|n| analysis.import_target(index, n))?;
            let names: Vec<String> = analysis
                .module(module)
                .tree
                .decls
                .iter()
                .map(|d| format!("`{}`", d.name.name))
                .collect();
            let span = import.path[0].span.to(import.path[import.path.len() - 1].span);
            let value = format!(
                "module `{}`\n\ndefines {}\n",
                analysis.module_label(module),
                names.join(", ")
            );
            (value, span)
        }
        Found::Variable {
            decl,
            name,
            binding: Some(binding),
        } => (describe::variable(analysis, decl, &name.name, binding), name.span),
        Found::Variable { binding: None, .. } => return None,
        Found::Type(ty) => {
            let doc = describe::type_doc(&ty.name)?;
            (format!("```ovm\n{}\n```\n\n{doc}\n", ty.name), ty.span)
        }
        Found::Annotation(annotation) => (
            describe::annotation_doc(&annotation.name.name)?.to_string(),
            annotation.span,
        ),
        Found::Constant(name) => (
            format!(
                "`${}`: a deployment constant, fixed when the predicates are deployed",
                name.name
            ),
            name.span,
        ),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(analysis.root_lines().range(text, span)),
    })
}

/// The definition the `name`-th name of the `import`-th import names.
pub fn imported(analysis: &Analysis, import: usize, name: usize) -> Option<DefRef> {
    let module = analysis.import_target(import, name)?;
    let wanted = &analysis.root().tree.imports.get(import)?.names.get(name)?.name;
    if let Some(def) = analysis.lookup(wanted).filter(|d| d.module == module) {
        return Some(def);
    }
    let decl = analysis
        .module(module)
        .tree
        .decls
        .iter()
        .position(|d| d.name.name == *wanted)?;
    Some(DefRef { module, decl })
}
