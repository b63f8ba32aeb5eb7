//! `ovm fmt`: the canonical layout of OVM source.
//!
//! [`format()`] lays a source file out in the one style described in `docs/language.md`
//! ("Formatting"): two-space indentation, one definition after another with a blank line
//! between them, each annotation on its own line, a definition's body on its `def` line when
//! it fits in [`WIDTH`] columns and otherwise on the lines below, broken at its top-level
//! `and`/`or`/`implies` and inside quantifier bodies and parentheses as far as needed.
//!
//! Only the space between tokens changes. Every token is written as in the source (names,
//! literals, the spelling of each connective and quantifier, the parentheses), except a
//! trailing comma before `)` and the empty `()` of an annotation, which are dropped. Every
//! comment is kept, attached to the token next to it (see the `tokens` module), with the
//! trailing whitespace of its lines removed.
//!
//! The result is checked before it is returned: it must parse, with no error, to the same tree
//! as the source (spans aside) and have the same comments. A formatter bug is therefore an
//! error ([`FormatError::Internal`]), never a changed program.

mod build;
mod doc;
mod tokens;

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, MAX_SOURCE_LEN};
use crate::syntax::ast::SourceFile;
use crate::syntax::parse;

/// The line width the formatter keeps to, where it can: a line may be longer only when it
/// holds one long token, a long comment, or something that cannot be broken (an import).
pub const WIDTH: usize = 100;

/// Why a source could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The source has syntax errors: the parser's error diagnostics, sorted by position (its
    /// warnings are left out). The spans are byte offsets into the source.
    #[error("the source has {} syntax error{}", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Syntax(Vec<Diagnostic>),
    /// The source is too large for the compiler's 32-bit offsets.
    #[error("the source has {0} bytes; source files must be under 4 GiB")]
    TooLarge(usize),
    /// The formatter failed to lay the source out without changing its meaning or its
    /// comments: a bug in the formatter. The source is left as it is.
    #[error("internal formatter error: {0}")]
    Internal(String),
}

/// The canonical layout of `source`, an OVM source file. Formatting is idempotent: a
/// formatted source formats to itself. An empty (or blank) source formats to the empty
/// string; any other ends with exactly one line break.
///
/// ```
/// let formatted = ovm_compiler::format::format("def  f(a,b):=Foo(a)and  !Bar(b)").unwrap();
/// assert_eq!(formatted, "def f(a, b) := Foo(a) and !Bar(b)\n");
/// ```
pub fn format(source: &str) -> Result<String, FormatError> {
    format_in(source, FileId::DETACHED)
}

/// [`format()`], with syntax errors reported against `file` (so that they can be rendered with
/// the [`SourceMap`](crate::SourceMap) that holds `source` as `file`).
pub fn format_in(source: &str, file: FileId) -> Result<String, FormatError> {
    if source.len() >= MAX_SOURCE_LEN {
        return Err(FormatError::TooLarge(source.len()));
    }
    let (tree, diagnostics) = parse(source, file);
    let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(FormatError::Syntax(errors));
    }
    let tokens = tokens::tokens(source)?;
    let mut builder = build::Builder::new(source, tokens);
    let doc = builder.file(&tree);
    builder.finish()?;
    let mut out = doc::render(&doc, WIDTH);
    let end = out.trim_end_matches([' ', '\n']).len();
    out.truncate(end);
    if !out.is_empty() {
        out.push('\n');
    }
    verify(source, &tree, &out)?;
    Ok(out)
}

/// Checks that `formatted` parses to the same tree as `source` (parsed as `tree`) and has the
/// same comments.
fn verify(source: &str, tree: &SourceFile, formatted: &str) -> Result<(), FormatError> {
    let (reparsed, diagnostics) = parse(formatted, FileId::DETACHED);
    if let Some(error) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(FormatError::Internal(format!(
            "the formatted source does not parse: {} at byte {}",
            error.message,
            error.primary().span.start
        )));
    }
    if shape(tree) != shape(&reparsed) {
        return Err(FormatError::Internal(
            "the formatted source parses to a different tree".to_string(),
        ));
    }
    if comments(source, tree) != comments(formatted, &reparsed) {
        return Err(FormatError::Internal(
            "the formatted source has different comments".to_string(),
        ));
    }
    Ok(())
}

/// A tree's imports and definitions as JSON without their spans.
fn shape(tree: &SourceFile) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::json!({ "imports": tree.imports, "decls": tree.decls });
    strip(&mut value);
    value
}

/// The comments of a file as the formatter writes them, sorted.
fn comments(source: &str, tree: &SourceFile) -> Vec<String> {
    let mut texts: Vec<String> = tree
        .comments
        .iter()
        .map(|c| tokens::normalize_comment(&source[c.span.range()]))
        .collect();
    texts.sort();
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(source: &str) -> String {
        let formatted = format(source).unwrap_or_else(|e| panic!("{e}: {source}"));
        assert_eq!(format(&formatted).unwrap(), formatted, "not idempotent");
        formatted
    }

    #[test]
    fn spacing_is_normalised() {
        assert_eq!(
            fmt(
                "from  std.signature   import SignedBy,LessThan\ndef f( a :Address,b, ) :=Foo( a,b.0 , ) and!Bar(b)"
            ),
            "from std.signature import SignedBy, LessThan\n\ndef f(a: Address, b) := Foo(a, b.0) and !Bar(b)\n"
        );
    }

    #[test]
    fn empty_sources_format_to_nothing() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt(" \n\n "), "");
        assert_eq!(fmt("// only a comment"), "// only a comment\n");
    }

    #[test]
    fn annotations_go_on_lines_of_their_own() {
        assert_eq!(
            fmt("@library() @quantifier( \"a,KEY,${b}\" ,) def Q(a, b) := Foo(a, b)"),
            "@library\n@quantifier(\"a,KEY,${b}\")\ndef Q(a, b) := Foo(a, b)\n"
        );
    }

    #[test]
    fn a_long_body_goes_below_and_breaks_at_its_connectives() {
        let long = "def f(alice: Address, bob: Address, carol: Address, tx: Bytes) := \
                    SignedBy(tx, alice).any() and SignedBy(tx, bob).any() and SignedBy(tx, carol).any()";
        assert_eq!(
            fmt(long),
            "def f(alice: Address, bob: Address, carol: Address, tx: Bytes) :=\n  \
             SignedBy(tx, alice).any() and SignedBy(tx, bob).any() and SignedBy(tx, carol).any()\n"
        );
        let longer = long.replace("carol).any()", "carol).any() and SignedBy(tx, alice).any()");
        assert_eq!(
            fmt(&longer),
            "def f(alice: Address, bob: Address, carol: Address, tx: Bytes) :=\n  \
             SignedBy(tx, alice).any()\n  and SignedBy(tx, bob).any()\n  and SignedBy(tx, carol).any()\n  \
             and SignedBy(tx, alice).any()\n"
        );
    }

    #[test]
    fn syntax_errors_are_errors() {
        match format("def f(a) := Foo(a) Bar(a)") {
            Err(FormatError::Syntax(errors)) => assert_eq!(errors[0].code, crate::Code::MissingConnective),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn comments_stay() {
        let source =
            "// head\n\ndef f(a) := // why\n  Foo(a) /* inline */ and\n  // bar\n  Bar(a) // end\n// tail\n";
        assert_eq!(
            fmt(source),
            "// head\n\ndef f(a) := // why\n  Foo(a) /* inline */\n  // bar\n  and Bar(a) // end\n// tail\n"
        );
    }
}
