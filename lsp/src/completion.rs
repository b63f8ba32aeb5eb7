//! `textDocument/completion`: what can be written at the cursor.
//!
//! The context is read from the text before the cursor on its line (so that it works in
//! half-typed code the parser could not make sense of) and from the syntax tree:
//!
//! * after `@`: the annotations;
//! * in `from PATH`: the standard modules and the `.ovm` files and folders beside the
//!   document; in `from PATH import …`: the definitions of that module;
//! * after `.`: `all` and `any` after a call, `address` after a name;
//! * in a formula: the variables in scope, the predicates in scope (with their signature and
//!   doc comment) and the formula keywords;
//! * between definitions: `def`, `from`, `import` and the annotations.
//!
//! Nothing is offered in comments, strings and after `$` (constants are not declared).

use crate::analysis::Analysis;
use crate::describe::{self, Kind};
use crate::locate;
use logos::Logos;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, Documentation, MarkupContent, MarkupKind, Position,
};
use ovm_compiler::stdlib;
use ovm_compiler::syntax::ast::{CommentKind, Decl, SourceFile};
use ovm_compiler::syntax::token::Token;
use ovm_compiler::{FileId, syntax};
use std::path::Path;

/// At most this many predicates are listed at once: beyond it, only those starting with the
/// word typed so far, and the list is marked incomplete (the editor asks again as more is typed).
pub const MAX_PREDICATES: usize = 1000;

/// The keywords of formulas.
const FORMULA_KEYWORDS: &[&str] = &["forall", "exists", "in", "not", "and", "or", "implies"];

/// The completions at `position` of the analysed document, whose file is in `dir` (for
/// imports).
pub fn completion(analysis: &Analysis, position: Position, dir: Option<&Path>) -> CompletionList {
    let text = analysis.text();
    let offset = analysis.root_lines().offset(text, position);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let word_len = line
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let word = &line[line.len() - word_len..];
    let before = &line[..line.len() - word_len];
    let tree = &analysis.root().tree;
    let mut list = CompletionList {
        is_incomplete: false,
        items: Vec::new(),
    };
    if in_comment(tree, offset as u32) || in_string(line) || before.ends_with('$') {
        return list;
    }
    if before.ends_with('@') {
        list.items = annotations(false);
        return list;
    }
    if let Some(rest) = line.trim_start().strip_prefix("from")
        && rest.starts_with(char::is_whitespace)
    {
        list.items = import_line(rest, word_len, dir);
        return list;
    }
    if let Some(head) = before.strip_suffix('.') {
        let names: &[&str] = if head.trim_end().ends_with(')') {
            &["all", "any"]
        } else {
            &["address"]
        };
        list.items = names.iter().map(|n| keyword(n)).collect();
        return list;
    }

    let offset = offset as u32;
    let decl_index = locate::decl_before(tree, offset);
    let decl = decl_index.map(|i| &tree.decls[i]);
    let in_body = decl.is_some_and(|d| {
        text.get(d.name.span.end as usize..offset as usize)
            .is_some_and(|between| between.contains(":="))
    });
    let past_end = decl.is_none_or(|d| offset > d.span.end && !locate::has_error(d));
    if let (Some(i), Some(d), true) = (decl_index, decl, in_body) {
        list.items.extend(variables(analysis, i, d, offset));
        let (predicates, incomplete) = predicates(analysis, word);
        list.items.extend(predicates);
        list.is_incomplete = incomplete;
        list.items.extend(FORMULA_KEYWORDS.iter().map(|k| keyword(k)));
    }
    if !in_body || past_end {
        list.items
            .extend(["def", "from", "import"].iter().map(|k| keyword(k)));
        list.items.extend(annotations(true));
    }
    list
}

fn in_comment(tree: &SourceFile, offset: u32) -> bool {
    let i = tree.comments.partition_point(|c| c.span.start < offset);
    i.checked_sub(1).is_some_and(|i| {
        let c = &tree.comments[i];
        match c.kind {
            CommentKind::Block => offset < c.span.end,
            CommentKind::Line | CommentKind::Doc => offset <= c.span.end,
        }
    })
}

/// Whether the end of `line` is inside a string literal (strings cannot span lines).
fn in_string(line: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if inside && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => inside = !inside,
            _ => {}
        }
        escaped = false;
    }
    inside
}

fn keyword(name: &str) -> CompletionItem {
    CompletionItem {
        label: name.to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        sort_text: Some(format!("2{name}")),
        ..CompletionItem::default()
    }
}

/// The annotations; `with_at` when the `@` is not typed yet.
fn annotations(with_at: bool) -> Vec<CompletionItem> {
    describe::ANNOTATIONS
        .iter()
        .map(|(name, doc)| {
            let label = if with_at {
                format!("@{name}")
            } else {
                name.to_string()
            };
            CompletionItem {
                insert_text: Some(label.clone()),
                filter_text: Some(name.to_string()),
                label,
                kind: Some(CompletionItemKind::KEYWORD),
                documentation: Some(markdown(doc.to_string())),
                sort_text: Some(format!("3{name}")),
                ..CompletionItem::default()
            }
        })
        .collect()
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// The variables in scope at `offset` of definition `decl` (number `index`), innermost
/// binding of each name only. Where the parser had to recover, the variables that the text
/// before the cursor binds are added, as the tree may have lost their quantifiers.
fn variables(analysis: &Analysis, index: usize, decl: &Decl, offset: u32) -> Vec<CompletionItem> {
    let locals = locate::locals_at(decl, offset);
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for local in locals.iter().rev() {
        if seen.contains(&local.name) {
            continue;
        }
        seen.push(local.name);
        let detail =
            describe::variable_type(analysis, index, local.binding).map(|(t, _)| t.name().to_string());
        items.push(CompletionItem {
            label: local.name.to_string(),
            kind: Some(CompletionItemKind::VARIABLE),
            detail,
            sort_text: Some(format!("0{}", local.name)),
            ..CompletionItem::default()
        });
    }
    if locate::has_error(decl) || offset > decl.span.end {
        let text = analysis.text();
        let region = text
            .get(decl.span.start as usize..offset as usize)
            .unwrap_or_default();
        for name in lexical_binders(region) {
            if !seen.contains(&name) {
                seen.push(name);
                items.push(CompletionItem {
                    label: name.to_string(),
                    kind: Some(CompletionItemKind::VARIABLE),
                    sort_text: Some(format!("0{name}")),
                    ..CompletionItem::default()
                });
            }
        }
    }
    items
}

/// The names `text` binds with `forall x`, `exists x` or `x ->`.
fn lexical_binders(text: &str) -> Vec<&str> {
    let tokens: Vec<Token<'_>> = Token::lexer(text).filter_map(Result::ok).collect();
    let mut names = Vec::new();
    for pair in tokens.windows(2) {
        match pair {
            [Token::Forall | Token::Exists, Token::Ident(name)] | [Token::Ident(name), Token::Arrow] => {
                names.push(*name);
            }
            _ => {}
        }
    }
    names
}

/// The predicates in scope, and whether the list was cut to [`MAX_PREDICATES`].
fn predicates(analysis: &Analysis, word: &str) -> (Vec<CompletionItem>, bool) {
    let all: Vec<_> = analysis.scope().collect();
    let (chosen, incomplete): (Vec<_>, bool) = if all.len() <= MAX_PREDICATES {
        (all, false)
    } else {
        let word = word.to_ascii_lowercase();
        let mut matching: Vec<_> = all
            .into_iter()
            .filter(|(name, _)| name.to_ascii_lowercase().starts_with(&word))
            .collect();
        matching.sort_unstable_by_key(|(name, _)| *name);
        matching.truncate(MAX_PREDICATES);
        (matching, true)
    };
    let items = chosen
        .into_iter()
        .map(|(name, def)| {
            let decl = analysis.decl(def);
            let mut doc = decl.doc.join("\n");
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(&describe::origin(analysis, def));
            CompletionItem {
                label: name.to_string(),
                kind: Some(match Kind::of(decl) {
                    Kind::Atomic | Kind::External => CompletionItemKind::INTERFACE,
                    _ => CompletionItemKind::FUNCTION,
                }),
                detail: Some(describe::signature(decl)),
                documentation: Some(markdown(doc)),
                sort_text: Some(format!("1{name}")),
                ..CompletionItem::default()
            }
        })
        .collect();
    (items, incomplete)
}

/// Completions in `from …` (`rest` is the line after `from`, up to the cursor, ending in a
/// word of `word_len` bytes).
fn import_line(rest: &str, word_len: usize, dir: Option<&Path>) -> Vec<CompletionItem> {
    let mut words = rest.split_whitespace();
    let path = words.next().unwrap_or_default();
    let after_path = rest.trim_start().len() > path.len();
    let importing = words.next() == Some("import");
    if !after_path || (path.ends_with('.') && word_len == 0 && !importing) {
        // Still writing the path (possibly empty).
        let typed = &path[..path.len() - word_len.min(path.len())];
        return module_paths(typed, dir);
    }
    if !importing {
        return vec![keyword("import")];
    }
    imported_names(path, dir)
}

/// The modules below the path typed so far (`std.`, `plasma.`, or nothing).
fn module_paths(typed: &str, dir: Option<&Path>) -> Vec<CompletionItem> {
    let parts: Vec<&str> = typed.split('.').filter(|p| !p.is_empty()).collect();
    let module = |label: String, detail: &str| CompletionItem {
        label,
        kind: Some(CompletionItemKind::MODULE),
        detail: Some(detail.to_string()),
        ..CompletionItem::default()
    };
    let mut items = Vec::new();
    if parts.first() == Some(&"std") {
        for (name, _) in stdlib::MODULES {
            items.push(module(name.to_string(), "standard module"));
        }
        return items;
    }
    if parts.is_empty() {
        items.push(module("std".to_string(), "the standard library"));
    }
    let Some(dir) = dir else { return items };
    let folder = parts.iter().fold(dir.to_path_buf(), |p, part| p.join(part));
    let Ok(entries) = std::fs::read_dir(folder) else {
        return items;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        if path.is_dir() {
            items.push(module(stem.to_string(), "folder"));
        } else if path.extension().is_some_and(|e| e == "ovm") {
            items.push(module(stem.to_string(), "module"));
        }
    }
    items
}

/// The definitions that `from path import` can name.
fn imported_names(path: &str, dir: Option<&Path>) -> Vec<CompletionItem> {
    let parts: Vec<&str> = path.split('.').filter(|p| !p.is_empty()).collect();
    let mut decls: Vec<Decl> = Vec::new();
    if parts.first() == Some(&"std") {
        if let Some(source) = stdlib::source(&parts[1..].join(".")) {
            decls = syntax::parse(source, FileId::DETACHED).0.decls;
        }
    } else if let (Some(dir), false) = (dir, parts.is_empty()) {
        let folder = parts.iter().fold(dir.to_path_buf(), |p, part| p.join(part));
        let module = folder.with_extension("ovm");
        if let Ok(text) = std::fs::read_to_string(&module) {
            decls = syntax::parse(&text, FileId::DETACHED).0.decls;
        }
        // One definition per file: `from lib import X` is `lib/X.ovm`.
        if let Ok(entries) = std::fs::read_dir(&folder) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "ovm")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
                    let tree = syntax::parse(&text, FileId::DETACHED).0;
                    decls.extend(tree.decls.into_iter().filter(|d| d.name.name == stem));
                }
            }
        }
    }
    decls
        .iter()
        .map(|decl| CompletionItem {
            label: decl.name.name.to_string(),
            kind: Some(CompletionItemKind::FUNCTION),
            detail: Some(describe::signature(decl)),
            documentation: (!decl.doc.is_empty()).then(|| markdown(decl.doc.join("\n"))),
            ..CompletionItem::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Url;
    use ovm_compiler::driver::Options;

    /// The labels offered where `|` is in `text`.
    fn labels(text: &str) -> Vec<String> {
        let cursor = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let uri = Url::parse("untitled:t.ovm").unwrap();
        let analysis = Analysis::new(&uri, None, &text, Options::default(), None);
        let position = analysis.root_lines().position(&text, cursor);
        completion(&analysis, position, None)
            .items
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    fn has(labels: &[String], wanted: &[&str]) -> bool {
        wanted.iter().all(|w| labels.iter().any(|l| l == w))
    }

    #[test]
    fn formulas_offer_variables_predicates_and_keywords() {
        let l = labels("def f(a: Bytes, b: Address) := exists s in IsLessThan(a): Eq|");
        assert!(
            has(
                &l,
                &[
                    "a",
                    "b",
                    "s",
                    "Equal",
                    "IsValidSignature",
                    "forall",
                    "implies",
                    "f"
                ]
            ),
            "{l:?}"
        );
        assert!(!l.iter().any(|x| x == "def"), "{l:?}");
    }

    #[test]
    fn half_typed_quantifiers_still_bind_their_variables() {
        let l = labels("def f(a: Bytes) := IsLessThan(a).any(s -> Equal(s, |");
        assert!(has(&l, &["a", "s", "Equal"]), "{l:?}");
        let l = labels("def f(a: Bytes) := forall x in IsLessThan(a): |\ndef g() := Equal(1, 2)");
        assert!(has(&l, &["a", "x"]), "{l:?}");
    }

    #[test]
    fn top_level_offers_def_and_annotations() {
        let l = labels("|");
        assert!(has(&l, &["def", "from", "@library", "@quantifier"]), "{l:?}");
        let l = labels("def f(a) := Equal(a, a)\n|");
        assert!(has(&l, &["def", "@external", "Equal"]), "{l:?}");
        let l = labels("@|\ndef f() := Equal(1, 1)");
        assert_eq!(l, ["library", "quantifier", "atomic", "external"]);
    }

    #[test]
    fn imports_offer_modules_and_their_definitions() {
        let l = labels("from std.|");
        assert!(has(&l, &["signature", "plasma", "atomic"]), "{l:?}");
        let l = labels("from |");
        assert!(has(&l, &["std"]), "{l:?}");
        let l = labels("from std.signature |");
        assert_eq!(l, ["import"]);
        let l = labels("from std.signature import |");
        assert!(has(&l, &["SignedBy", "SignedByTypedData"]), "{l:?}");
    }

    #[test]
    fn nothing_in_comments_strings_and_constants() {
        assert!(labels("// Eq|").is_empty());
        assert!(labels("/* a | */").is_empty());
        assert!(labels("@quantifier(\"a,KEY,|\")").is_empty());
        assert!(labels("def f(a) := Equal(a, $|").is_empty());
    }

    #[test]
    fn after_a_dot_children_or_quantifier_methods() {
        assert_eq!(labels("def f(a) := Equal(a.|"), ["address"]);
        assert_eq!(labels("def f(a) := IsLessThan(a).|"), ["all", "any"]);
    }
}
