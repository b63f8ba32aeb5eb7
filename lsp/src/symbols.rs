//! `textDocument/documentSymbol`: every definition of the document, with its kind.

use crate::analysis::Analysis;
use crate::describe::Kind;
use lsp_types::DocumentSymbol;
use ovm_compiler::syntax::print;

/// The document's definitions, in source order.
pub fn symbols(analysis: &Analysis) -> Vec<DocumentSymbol> {
    let text = analysis.text();
    let lines = analysis.root_lines();
    analysis
        .root()
        .tree
        .decls
        .iter()
        .map(|decl| {
            let kind = Kind::of(decl);
            let params: Vec<String> = decl.params.iter().map(print::param).collect();
            let label = match kind {
                Kind::Compiled => "predicate",
                Kind::Library => "@library",
                Kind::Quantifier => "@quantifier",
                Kind::Atomic => "@atomic",
                Kind::External => "@external",
            };
            let range = lines.range(text, decl.span);
            let selection_range = lines.range(text, decl.name.span);
            #[allow(deprecated)] // `deprecated` must be given; `tags` replaces it.
            DocumentSymbol {
                name: decl.name.name.to_string(),
                detail: Some(format!("({}) {label}", params.join(", "))),
                kind: kind.symbol_kind(),
                tags: None,
                deprecated: None,
                range,
                selection_range,
                children: None,
            }
        })
        .collect()
}
