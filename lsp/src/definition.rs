//! `textDocument/definition`: where a predicate, variable or imported module is defined, across
//! imports and into the standard library (served from the cache directory, see
//! [`crate::stdlib`]).

use crate::analysis::{Analysis, DefRef};
use crate::hover::imported;
use crate::locate::{self, Binding, Found};
use lsp_types::{Location, Position, Range};
use ovm_compiler::modules::Modules;

/// The definition of what is at `position` of the analysed document.
pub fn definition(analysis: &Analysis, position: Position) -> Option<Location> {
    let offset = analysis.root_lines().offset(analysis.text(), position) as u32;
    let tree = &analysis.root().tree;
    let root_file = analysis.root().file;
    match locate::find(tree, offset)? {
        Found::Predicate { name } => of_def(analysis, analysis.lookup(&name.name)?),
        Found::Definition { decl } => of_def(
            analysis,
            DefRef {
                module: Modules::ROOT,
                decl,
            },
        ),
        Found::ImportName { index, name, .. } => of_def(analysis, imported(analysis, index, name)?),
        Found::ImportPath { index, import } => {
            let module = (0..import.names.len()).find_map(|n| analysis.import_target(index, n))?;
            Some(Location::new(analysis.uri(module)?.clone(), Range::default()))
        }
        Found::Variable {
            decl,
            binding: Some(binding),
            ..
        } => {
            let span = match binding {
                Binding::Param(p) => tree.decls[decl].params.get(p)?.name.span,
                Binding::Bound { variable, .. } => variable.span,
            };
            analysis.location(root_file, span)
        }
        Found::Variable { binding: None, .. }
        | Found::Type(_)
        | Found::Annotation(_)
        | Found::Constant(_) => None,
    }
}

fn of_def(analysis: &Analysis, def: DefRef) -> Option<Location> {
    let file = analysis.module(def.module).file;
    analysis.location(file, analysis.decl(def).name.span)
}
