//! Property tests of the parser: it never panics, whatever the input, and printing a tree
//! back to source parses to the same tree.

mod common;

use common::trees::{chain, expr_of, ident, operand};

use ovm_compiler::syntax::ast::*;
use ovm_compiler::syntax::{parse, print};
use ovm_compiler::{FileId, SourceMap, Span, driver};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

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
    "0xZ",
    "9x",
    "\"s\"",
    "\"unterminated",
    "\"bad\\q\"",
    "//c\n",
    "/*",
    "*/",
    "///d\n",
    "#",
    "é",
    "\n",
    " ",
    "@quantifier(\"a,KEY,${x}\")",
    "@library",
    ".all(",
    ".any(",
    ".any()",
    "x.0",
    "x.address",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|parts| parts.join(" "))
}

/// Compiles `source` through every pass (with the old dialect's rules, to get further) and
/// checks that every diagnostic points inside it.
fn assert_diagnostics_in_bounds(source: &str) {
    let mut sources = SourceMap::new();
    let file = sources.add("input.ovm", source);
    let options = driver::Options {
        compat: true,
        strict: true,
    };
    let (_, diagnostics) = driver::compile(&mut sources, file, None, options);
    for diagnostic in &diagnostics {
        for label in diagnostic.labels.iter().filter(|l| l.file == file) {
            let range = label.span.range();
            assert!(range.start <= range.end && range.end <= source.len());
            assert!(source.is_char_boundary(range.start) && source.is_char_boundary(range.end));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut sources = SourceMap::new();
        let loaded = driver::load_bytes(&mut sources, "fuzz.ovm".into(), bytes).expect("small inputs load");
        if loaded.encoding_error.is_none() {
            let _ = driver::compile(&mut sources, loaded.file, None, driver::Options::default());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        assert_diagnostics_in_bounds(&text);
    }

    #[test]
    fn token_soup_never_panics(source in fragments()) {
        assert_diagnostics_in_bounds(&source);
    }

    #[test]
    fn printed_trees_parse_back_the_same(tree in source_file()) {
        let printed = print::file(&tree);
        let (reparsed, diagnostics) = parse(&printed, FileId::DETACHED);
        prop_assert!(diagnostics.is_empty(), "{printed}\n{diagnostics:?}");
        prop_assert_eq!(common::shape(&reparsed), common::shape(&tree), "{}", printed);
    }
}

// ---------------------------------------------------------------- tree generation

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "a", "b", "su", "tx", "owner", "all", "any", "address", "deff", "android", "x1", "_y",
        ][..],
    )
    .prop_map(str::to_string)
}

fn arg() -> impl Strategy<Value = Arg> {
    let child =
        prop_oneof![(0u32..20).prop_map(ChildKind::Index), Just(ChildKind::Address),].prop_map(|kind| {
            Child {
                kind,
                span: Span::default(),
            }
        });
    let root = prop_oneof![
        name().prop_map(|n| PathRoot::Name(ident(&n))),
        Just(PathRoot::SelfValue {
            span: Span::default()
        }),
        name().prop_map(|n| PathRoot::Constant(ident(&n))),
    ];
    let kind = prop_oneof![
        4 => (root, prop::collection::vec(child, 0..3)).prop_map(|(root, children)| ArgKind::Path(Path { root, children })),
        1 => (0u64..u64::MAX).prop_map(|n| ArgKind::Integer(n.to_string().into())),
        1 => prop::collection::vec(any::<u8>(), 0..6).prop_map(|b| ArgKind::Hex(format!("0x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>()).into())),
        1 => any::<String>().prop_map(|s| ArgKind::String(s.into())),
    ];
    kind.prop_map(|kind| Arg {
        kind,
        span: Span::default(),
    })
}

fn call() -> impl Strategy<Value = Call> {
    (
        prop::sample::select(&["Foo", "IsValidSignature", "SignedBy", "su", "x"][..]),
        prop::collection::vec(arg(), 0..4),
    )
        .prop_map(|(callee, args)| Call {
            callee: ident(callee),
            args,
            span: Span::default(),
        })
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = call().prop_map(|c| expr_of(ExprKind::Call(c)));
    leaf.prop_recursive(5, 48, 4, |inner| {
        let quantified = (
            prop_oneof![Just(QuantifierKind::ForAll), Just(QuantifierKind::Exists)],
            prop_oneof![Just(QuantifierSyntax::Keyword), Just(QuantifierSyntax::Method)],
            name(),
            call(),
            prop::option::of(inner.clone()),
        )
            .prop_map(|(kind, syntax, variable, domain, body)| {
                // `.all` needs a body; `.any()` has neither variable nor body.
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
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| expr_of(ExprKind::And(chain(v, print::Precedence::Not)))),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| expr_of(ExprKind::Or(chain(v, print::Precedence::Not)))),
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
    let annotation =
        (name(), prop::collection::vec(any::<String>(), 0..2)).prop_map(|(n, args)| Annotation {
            name: ident(&n),
            args: args
                .into_iter()
                .map(|value| StringLit {
                    value: value.into(),
                    span: Span::default(),
                })
                .collect(),
            span: Span::default(),
        });
    let doc = prop::collection::vec("[a-z ]{0,12}".prop_map(|s: String| s.trim().to_string()), 0..2);
    let decl = (
        doc,
        prop::collection::vec(annotation, 0..2),
        name(),
        prop::collection::vec(param, 0..3),
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
        prop::collection::vec(name(), 1..3),
    )
        .prop_map(|(p, n)| Import {
            path: p.iter().map(|p| ident(p)).collect(),
            names: n.iter().map(|n| ident(n)).collect(),
            span: Span::default(),
        });
    (
        prop::collection::vec(import, 0..2),
        prop::collection::vec(decl, 0..4),
    )
        .prop_map(|(imports, decls)| SourceFile {
            imports,
            decls,
            comments: Vec::new(),
        })
}
