//! The formatter: `tests/fmt/*.ovm` fixtures with `insta` snapshots of their formatted text
//! (in `tests/fmt/snapshots/`), and its properties, checked on every `.ovm` file of the
//! repository (and of the shared corpus, when it is there) and on random inputs:
//!
//! * it never panics, and fails only on sources with syntax errors;
//! * it is idempotent: a formatted source formats to itself;
//! * it preserves meaning: the formatted source parses to the same tree (spans aside), and so
//!   prints back to the same text;
//! * it keeps every comment: the formatted source has the same comments (each with the
//!   trailing whitespace of its lines removed);
//! * its output has no trailing whitespace, no two blank lines in a row, and ends with one
//!   line break.

mod common;

use common::trees::{chain, expr_of, ident, operand};

use ovm_compiler::format::{FormatError, format};
use ovm_compiler::syntax::ast::*;
use ovm_compiler::syntax::token::Token;
use ovm_compiler::syntax::{parse, print};
use ovm_compiler::{FileId, Span};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use std::path::PathBuf;

// ---------------------------------------------------------------- the properties

/// A comment's text as the formatter writes it: each line without its trailing whitespace.
fn normalized(comment: &str) -> String {
    comment
        .split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The comments of a parsed source, normalised and sorted.
fn comments(source: &str, tree: &SourceFile) -> Vec<String> {
    let mut texts: Vec<String> = tree
        .comments
        .iter()
        .map(|c| normalized(&source[c.span.range()]))
        .collect();
    texts.sort();
    texts
}

/// Checks every property of formatting `source`; returns the formatted text, or `None` when
/// the source has syntax errors (and then checks that it does).
fn check(source: &str) -> Result<Option<String>, TestCaseError> {
    let (tree, diagnostics) = parse(source, FileId::DETACHED);
    let has_errors = diagnostics.iter().any(|d| d.is_error());
    let formatted = match format(source) {
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(errors)) => {
            prop_assert!(
                has_errors,
                "a syntax error was reported for a clean source:\n{source}"
            );
            prop_assert!(!errors.is_empty() && errors.iter().all(|d| d.is_error()));
            return Ok(None);
        }
        Err(error) => return Err(TestCaseError::fail(format!("{error}\n----- source\n{source}"))),
    };
    prop_assert!(!has_errors, "formatted a source with syntax errors:\n{source}");

    let again = format(&formatted).map_err(|e| TestCaseError::fail(format!("{e}:\n{formatted}")))?;
    prop_assert_eq!(
        &again,
        &formatted,
        "not idempotent\n----- source\n{}\n----- formatted once\n{}",
        source,
        formatted
    );

    let (reparsed, rediagnostics) = parse(&formatted, FileId::DETACHED);
    prop_assert!(rediagnostics.iter().all(|d| !d.is_error()), "{formatted}");
    prop_assert_eq!(print::file(&reparsed), print::file(&tree), "{}", formatted);
    prop_assert_eq!(common::shape(&reparsed), common::shape(&tree), "{}", formatted);
    prop_assert_eq!(
        comments(&formatted, &reparsed),
        comments(source, &tree),
        "comments changed\n----- source\n{}\n----- formatted\n{}",
        source,
        formatted
    );

    prop_assert!(formatted.is_empty() || (formatted.ends_with('\n') && !formatted.ends_with("\n\n")));
    prop_assert!(!formatted.starts_with('\n'), "{formatted}");
    for line in formatted.split('\n') {
        prop_assert_eq!(line.trim_end(), line, "trailing whitespace:\n{}", formatted);
    }
    // (A block comment may hold blank lines of its own.)
    prop_assert!(
        formatted.contains("/*") || !formatted.contains("\n\n\n"),
        "two blank lines in a row:\n{formatted}"
    );
    Ok(Some(formatted))
}

fn assert_properties(path: &std::path::Path, source: &str) -> Option<String> {
    check(source).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- fixtures

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../tests/fmt/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn fixtures() {
    settings().bind(|| {
        insta::glob!("../../tests/fmt", "*.ovm", |path| {
            let source = std::fs::read_to_string(path).unwrap();
            let formatted = assert_properties(path, &source)
                .unwrap_or_else(|| panic!("{} must parse cleanly", path.display()));
            insta::assert_snapshot!(format!("----- INPUT\n{source}----- FORMATTED\n{formatted}"));
        });
    });
}

/// Every `.ovm` file of the repository that parses, and of the shared corpus (read-only, read
/// in place) when it is there.
fn repository_sources() -> Vec<(PathBuf, String)> {
    let root = common::workspace_root();
    let mut paths = Vec::new();
    for dir in ["examples", "stdlib", "tests", "../shared/corpus"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            common::ovm_files(&dir, &mut paths);
        }
    }
    paths
        .into_iter()
        .filter_map(|path| Some((std::fs::read_to_string(&path).ok()?, path)))
        .map(|(source, path)| (path, source))
        .collect()
}

#[test]
fn every_repository_and_corpus_file_formats_with_the_properties() {
    let (mut formatted, mut refused) = (0, 0);
    for (path, source) in repository_sources() {
        match assert_properties(&path, &source) {
            Some(_) => formatted += 1,
            None => refused += 1,
        }
    }
    assert!(formatted > 100, "only {formatted} files formatted");
    println!("{formatted} files formatted, {refused} with syntax errors refused");
}

#[test]
fn the_examples_and_the_standard_library_are_formatted() {
    let root = common::workspace_root();
    let mut paths = Vec::new();
    common::ovm_files(&root.join("examples"), &mut paths);
    common::ovm_files(&root.join("stdlib"), &mut paths);
    for path in paths {
        let source = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            format(&source).unwrap(),
            source,
            "{} is not formatted: run `ovm fmt` on it",
            path.display()
        );
    }
}

#[test]
fn line_endings_and_tabs_are_normalised() {
    assert_eq!(
        format("def f(a) :=\r\n\tFoo(a) // c\r\n\r\n\r\ndef g() := Bar()\r\n").unwrap(),
        "def f(a) := Foo(a) // c\n\ndef g() := Bar()\n"
    );
}

#[test]
fn nesting_at_the_limit_formats() {
    let depth = 250;
    let source = format!("def f(a) := {}Foo(a){}\n", "(".repeat(depth), ")".repeat(depth));
    let formatted = assert_properties(std::path::Path::new("deep"), &source).unwrap();
    assert!(formatted.lines().count() > depth);
    let source = format!("def f(a) := {}Foo(a)\n", "not ".repeat(depth));
    assert_properties(std::path::Path::new("deep"), &source).unwrap();
    let source = format!(
        "def f(a) := {}Foo(x){}\n",
        "Q(a).all(x -> ".repeat(depth / 3),
        ")".repeat(depth / 3)
    );
    assert_properties(std::path::Path::new("deep"), &source).unwrap();
}

#[test]
fn syntax_errors_carry_the_parser_diagnostics() {
    let Err(FormatError::Syntax(errors)) = format("def f(a) := Foo(a) Bar(a)\ndef g( := \n") else {
        panic!("expected syntax errors");
    };
    assert!(errors.len() >= 2, "{errors:?}");
    assert_eq!(errors[0].code, ovm_compiler::Code::MissingConnective);
    // Warnings alone do not stop formatting.
    assert!(format("def f(a) := A(a) and B(a) or C(a)").is_ok());
}

// ---------------------------------------------------------------- random inputs

/// Pieces of OVM source, so that random inputs get deep into the grammar.
const FRAGMENTS: &[&str] = &[
    "def",
    "from",
    "import",
    "forall",
    "exists",
    "in",
    "not",
    "and",
    "or",
    "implies",
    "self",
    "all",
    "any",
    "address",
    "!",
    "(",
    ")",
    ",",
    ".",
    ":",
    ":=",
    "->",
    "@",
    "f",
    "Foo",
    "x",
    "$c",
    "0",
    "42",
    "0x12",
    "\"s\"",
    "//c\n",
    "/*",
    "*/",
    "/* b */",
    "///d\n",
    "\n",
    " ",
    "\n\n",
    "@library",
    "@quantifier(\"a,KEY,${x}\")",
    ".all(",
    ".any(",
    ".any()",
    "x.0",
    "x.address",
    "Foo(x)",
    "Foo(x) and Bar(x)",
];

/// What can be put between two tokens without changing them.
const SEPARATORS: &[&str] = &[
    " ",
    " ",
    " ",
    "",
    "",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "  \n    ",
    "\t",
    "\r\n",
    " /* c */ ",
    "/*x*/",
    " // line comment\n",
    "// tight\n",
    "\n// own line\n",
    "\n\n// paragraph\n\n",
    " /* multi\n   line */ ",
    "\n/* own */\n",
    "\n/// doc\n",
    " /* a /* nested */ b */ ",
    " // trailing space   \n",
    " /* x */ // y\n",
];

/// The example, standard library, fixture and corpus sources that parse cleanly.
fn seeds() -> Vec<String> {
    repository_sources()
        .into_iter()
        .map(|(_, source)| source)
        .filter(|source| parse(source, FileId::DETACHED).1.iter().all(|d| !d.is_error()))
        .collect()
}

/// Whether two tokens written with nothing between them would lex differently.
fn would_merge(left: &str, right: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '"';
    match (left.chars().last(), right.chars().next()) {
        (Some(a), Some(b)) => word(a) && word(b),
        _ => false,
    }
}

/// `source`'s tokens (comments included) joined by the separators `seps` (cycled): the same
/// program, laid out and commented at random. With `commas`, every non-empty list (of
/// arguments, parameters or annotation arguments) gets a trailing comma.
fn relayout(source: &str, seps: &[usize], commas: bool) -> String {
    let mut out = String::new();
    let mut previous: Option<(Token<'_>, &str)> = None;
    // For each open parenthesis: whether it opens a list (it follows a name not after a `.`).
    let mut lists: Vec<bool> = Vec::new();
    let mut code: Vec<Token<'_>> = Vec::new();
    for (i, (token, range)) in logos::Logos::lexer(source).spanned().enumerate() {
        let token: Token<'_> = token.expect("the seeds lex cleanly");
        let text = &source[range];
        let is_comment = matches!(
            token,
            Token::LineComment | Token::DocComment | Token::BlockComment
        );
        if let Some((previous, previous_text)) = previous {
            let line_comment = matches!(previous, Token::LineComment | Token::DocComment);
            let mut sep = SEPARATORS[seps[i % seps.len()]];
            if (sep.is_empty() && would_merge(previous_text, text))
                || (line_comment && !sep.starts_with('\n'))
            {
                sep = "\n";
            }
            out.push_str(sep);
        }
        if !is_comment {
            match token {
                Token::LParen => {
                    let n = code.len();
                    let after_name = n >= 1
                        && matches!(
                            code[n - 1],
                            Token::Ident(_) | Token::All | Token::Any | Token::Address
                        );
                    lists.push(after_name && (n < 2 || code[n - 2] != Token::Dot));
                }
                Token::RParen => {
                    let list = lists.pop().unwrap_or(false);
                    if commas && list && !matches!(code.last(), Some(Token::LParen | Token::Comma)) {
                        out.push_str(", ");
                    }
                }
                _ => {}
            }
            code.push(token);
        }
        out.push_str(text);
        previous = Some((token, text));
    }
    out
}

fn mutation() -> impl Strategy<Value = (u8, f64, usize, usize)> {
    (0u8..4, 0.0..1.0f64, 0..FRAGMENTS.len(), 1usize..24)
}

/// Applies edits to `source`: inserting a fragment or a separator at a character boundary,
/// deleting a few characters, or duplicating a stretch.
fn mutate(source: &str, edits: &[(u8, f64, usize, usize)]) -> String {
    let mut text = source.to_string();
    for &(kind, at, which, len) in edits {
        let mut at = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        match kind {
            0 => text.insert_str(at, FRAGMENTS[which]),
            1 => text.insert_str(at, SEPARATORS[which % SEPARATORS.len()]),
            2 => text.replace_range(at..end, ""),
            _ => {
                let stretch = text[at..end].to_string();
                text.insert_str(at, &stretch);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn token_soup_formats_with_the_properties(
        parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60),
        seps in prop::collection::vec(0..SEPARATORS.len(), 1..8),
    ) {
        let mut source = String::new();
        for (i, part) in parts.iter().enumerate() {
            source.push_str(SEPARATORS[seps[i % seps.len()]]);
            source.push_str(part);
        }
        check(&source)?;
    }

    #[test]
    fn mutated_sources_format_with_the_properties(
        seed in prop::sample::select(seeds()),
        edits in prop::collection::vec(mutation(), 1..5),
    ) {
        check(&mutate(&seed, &edits))?;
    }

    #[test]
    fn relaid_sources_format_with_the_properties(
        seed in prop::sample::select(seeds()),
        seps in prop::collection::vec(0..SEPARATORS.len(), 1..12),
        commas in any::<bool>(),
    ) {
        let relaid = relayout(&seed, &seps, commas);
        let formatted = check(&relaid)?;
        prop_assert!(formatted.is_some(), "the relaid source must parse:\n{relaid}");
    }

    #[test]
    fn generated_sources_format_with_the_properties(
        tree in source_file(),
        seps in prop::collection::vec(0..SEPARATORS.len(), 1..12),
        commas in any::<bool>(),
    ) {
        let printed = print::file(&tree);
        let relaid = relayout(&printed, &seps, commas);
        let formatted = check(&relaid)?;
        prop_assert!(formatted.is_some(), "the generated source must parse:\n{relaid}");
        // Without comments, how a program was laid out does not matter (but for the blank
        // lines between imports, which are kept).
        let plain = check(&printed)?.unwrap();
        if !relaid.contains("//") && !relaid.contains("/*") {
            let lines = |text: &str| text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>();
            prop_assert_eq!(lines(&formatted.unwrap()), lines(&plain));
        }
    }
}

// ---------------------------------------------------------------- tree generation

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "a",
            "b",
            "su",
            "tx",
            "owner",
            "all",
            "any",
            "address",
            "deff",
            "android",
            "x1",
            "_y",
            "a_rather_long_variable_name",
        ][..],
    )
    .prop_map(str::to_string)
}

fn arg() -> impl Strategy<Value = Arg> {
    let child =
        prop_oneof![(0u32..20).prop_map(ChildKind::Index), Just(ChildKind::Address)].prop_map(|kind| Child {
            kind,
            span: Span::default(),
        });
    let root = prop_oneof![
        name().prop_map(|n| PathRoot::Name(ident(&n))),
        Just(PathRoot::SelfValue {
            span: Span::default()
        }),
        name().prop_map(|n| PathRoot::Constant(ident(&n))),
    ];
    let kind = prop_oneof![
        4 => (root, prop::collection::vec(child, 0..3))
            .prop_map(|(root, children)| ArgKind::Path(Path { root, children })),
        1 => (0u64..u64::MAX).prop_map(|n| ArgKind::Integer(n.to_string().into())),
        1 => prop::collection::vec(any::<u8>(), 0..6).prop_map(|b| {
            ArgKind::Hex(format!("0x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>()).into())
        }),
        1 => "[a-z ${},é\"\\\\]{0,12}".prop_map(|s: String| ArgKind::String(s.into())),
    ];
    kind.prop_map(|kind| Arg {
        kind,
        span: Span::default(),
    })
}

fn call() -> impl Strategy<Value = Call> {
    (
        prop::sample::select(
            &[
                "Foo",
                "IsValidSignature",
                "SignedBy",
                "su",
                "x",
                "VerifyInclusion",
            ][..],
        ),
        prop::collection::vec(arg(), 0..5),
    )
        .prop_map(|(callee, args)| Call {
            callee: ident(callee),
            args,
            span: Span::default(),
        })
}

/// A formula: chains are never direct operands of a chain of the same connective (the parser
/// flattens those), which `operand` ensures by parenthesising.
fn expr() -> impl Strategy<Value = Expr> {
    let leaf = call().prop_map(|c| expr_of(ExprKind::Call(c)));
    leaf.prop_recursive(6, 64, 5, |inner| {
        let quantified = (
            prop_oneof![Just(QuantifierKind::ForAll), Just(QuantifierKind::Exists)],
            prop_oneof![Just(QuantifierSyntax::Keyword), Just(QuantifierSyntax::Method)],
            name(),
            call(),
            prop::option::of(inner.clone()),
        )
            .prop_map(|(kind, syntax, variable, domain, body)| {
                let (variable, body) = match (kind, syntax, body) {
                    (QuantifierKind::ForAll, _, None) => (
                        Some(ident(&variable)),
                        Some(expr_of(ExprKind::Call(domain.clone()))),
                    ),
                    (_, QuantifierSyntax::Method, None) => (None, None),
                    (_, _, body) => (Some(ident(&variable)), body),
                };
                expr_of(ExprKind::Quantified(Box::new(Quantified {
                    kind,
                    syntax,
                    variable,
                    domain,
                    body,
                })))
            });
        let same = |kind: fn(&ExprKind) -> bool| {
            move |e: Expr| {
                if kind(&e.kind) {
                    expr_of(ExprKind::Paren(Box::new(e)))
                } else {
                    e
                }
            }
        };
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..5).prop_map(move |v| {
                let v = v
                    .into_iter()
                    .map(same(|k| matches!(k, ExprKind::And(_))))
                    .collect();
                expr_of(ExprKind::And(chain(v, print::Precedence::Not)))
            }),
            prop::collection::vec(inner.clone(), 2..5).prop_map(move |v| {
                let v = v
                    .into_iter()
                    .map(same(|k| matches!(k, ExprKind::Or(_))))
                    .collect();
                expr_of(ExprKind::Or(chain(v, print::Precedence::And)))
            }),
            (
                prop_oneof![Just(NotSyntax::Keyword), Just(NotSyntax::Bang)],
                inner.clone()
            )
                .prop_map(|(syntax, e)| expr_of(ExprKind::Not(
                    syntax,
                    Box::new(operand(e, print::Precedence::Not, false))
                ))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| expr_of(ExprKind::Implies(
                Box::new(operand(a, print::Precedence::Or, true)),
                Box::new(b)
            ))),
            inner.clone().prop_map(|e| expr_of(ExprKind::Paren(Box::new(e)))),
            quantified,
        ]
    })
}

fn source_file() -> impl Strategy<Value = SourceFile> {
    let param = (
        name(),
        prop::option::of(prop::sample::select(&["Address", "Bytes", "BigNumber"][..])),
    )
        .prop_map(|(n, ty)| Param {
            name: ident(&n),
            ty: ty.map(ident),
            span: Span::default(),
        });
    let annotation = (
        prop::sample::select(&["library", "quantifier", "atomic", "external"][..]),
        prop::collection::vec("[a-z,${}.]{0,30}", 0..2),
    )
        .prop_map(|(n, args)| Annotation {
            name: ident(n),
            args: args
                .into_iter()
                .map(|value| StringLit {
                    value: value.into(),
                    span: Span::default(),
                })
                .collect(),
            span: Span::default(),
        });
    let doc = prop::collection::vec("[a-z `]{0,40}".prop_map(|s: String| s.trim().to_string()), 0..3);
    let decl = (
        doc,
        prop::collection::vec(annotation, 0..3),
        name(),
        prop::collection::vec(param, 0..6),
        prop::option::weighted(0.9, expr()),
    )
        .prop_map(|(doc, annotations, n, params, body)| Decl {
            doc,
            annotations,
            name: ident(&n),
            params,
            body,
            span: Span::default(),
        });
    let import = (
        prop::collection::vec(name(), 1..3),
        prop::collection::vec(name(), 1..4),
    )
        .prop_map(|(p, n)| Import {
            path: p.iter().map(|p| ident(p)).collect(),
            names: n.iter().map(|n| ident(n)).collect(),
            span: Span::default(),
        });
    (
        prop::collection::vec(import, 0..3),
        prop::collection::vec(decl, 0..4),
    )
        .prop_map(|(imports, decls)| SourceFile {
            imports,
            decls,
            comments: Vec::new(),
        })
}
