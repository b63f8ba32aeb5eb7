//! Tests of the tree-sitter grammar through the `tree-sitter` crate, so that CI needs only cargo:
//!
//! * the corpus, `test/corpus/*.txt`, in the format of `tree-sitter test`;
//! * every `.ovm` file of the repository parses as the compiler's parser parses it: without
//!   error exactly when the compiler reports no syntax error, and then into the same tree
//!   (same connectives, grouping, quantifiers, calls, arguments and byte spans);
//! * generated formulas in both syntaxes, with comments and odd spacing, parse into the
//!   compiler's tree, and single-token mutations of them are rejected exactly when the
//!   compiler rejects them;
//! * the queries compile against the language, and the highlights capture every example;
//! * incremental reparses after edits give the trees fresh parses give.

use ovm_compiler::FileId;
use ovm_compiler::syntax::ast::{
    Arg, Call, Decl, Expr, ExprKind, Import, NotSyntax, QuantifierKind, QuantifierSyntax, SourceFile,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use tree_sitter::{Language, Node, Parser, Query, QueryCursor, StreamingIterator, Tree};

fn language() -> Language {
    tree_sitter_ovm::LANGUAGE.into()
}

fn parse(source: &str) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the OVM grammar loads");
    parser.parse(source, None).expect("the parser returns a tree")
}

fn grammar_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo_root() -> PathBuf {
    grammar_dir().join("../..")
}

/// Every file under `dir` whose name ends with `.{extension}`, sorted.
fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ------------------------------------------------------------------------------------ corpus

/// One case of a corpus file.
struct CorpusCase {
    name: String,
    /// `:error`: the input must not parse; the expected tree is not compared.
    error: bool,
    skip: bool,
    input: String,
    expected: String,
}

fn is_rule(line: &str, c: char) -> bool {
    line.len() >= 3 && line.chars().all(|x| x == c)
}

/// Reads the `tree-sitter test` corpus format: a header (a line of `=`, the name and any
/// `:attribute` lines, a line of `=`), the input, a line of `-`, the expected S-expression.
fn parse_corpus(text: &str) -> Vec<CorpusCase> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_rule(lines[i].trim_end_matches('\r'), '=') {
            assert!(lines[i].trim().is_empty(), "text outside a case: {:?}", lines[i]);
            i += 1;
            continue;
        }
        // The header.
        let mut name = String::new();
        let (mut error, mut skip) = (false, false);
        i += 1;
        while i < lines.len() && !is_rule(lines[i].trim_end_matches('\r'), '=') {
            match lines[i].trim() {
                ":error" => error = true,
                ":skip" => skip = true,
                attribute if attribute.starts_with(':') => {
                    panic!("unsupported corpus attribute {attribute}")
                }
                line if !line.is_empty() => {
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(line);
                }
                _ => {}
            }
            i += 1;
        }
        assert!(i < lines.len(), "unclosed header of {name:?}");
        i += 1;
        // The body, up to the next header.
        let start = i;
        while i < lines.len() && !is_rule(lines[i].trim_end_matches('\r'), '=') {
            i += 1;
        }
        let body = &lines[start..i];
        // The longest line of dashes (the last one, if several are as long) divides input
        // from expected output.
        let divider = body
            .iter()
            .enumerate()
            .filter(|(_, line)| is_rule(line.trim_end_matches('\r'), '-'))
            .max_by_key(|(_, line)| line.len())
            .map(|(at, _)| at)
            .unwrap_or_else(|| panic!("no divider in {name:?}"));
        let expected = body[divider + 1..]
            .iter()
            .filter(|line| !line.trim_start().starts_with(';'))
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        cases.push(CorpusCase {
            name,
            error,
            skip,
            input: body[..divider].join("\n"),
            expected,
        });
    }
    cases
}

/// Collapses whitespace runs to one space and drops spaces before `)`, as `tree-sitter test`
/// does.
fn normalize_sexp(sexp: &str) -> String {
    let collapsed = sexp.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace(" )", ")")
}

/// Removes `field: ` prefixes, for expectations written without field names.
fn strip_fields(sexp: &str) -> String {
    let mut out = String::with_capacity(sexp.len());
    let mut rest = sexp;
    while let Some(at) = rest.find(": (") {
        let word_start = rest[..at]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |p| p + 1);
        out.push_str(&rest[..word_start]);
        out.push('(');
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

fn has_fields(sexp: &str) -> bool {
    sexp.contains(": (")
}

#[test]
fn corpus() {
    let corpus_dir = grammar_dir().join("test/corpus");
    let files = files_with_extension(&corpus_dir, "txt");
    assert!(!files.is_empty(), "no corpus files in {}", corpus_dir.display());
    let (mut passed, mut failures) = (0, Vec::new());
    for file in &files {
        let file_name = file.file_name().unwrap().to_string_lossy();
        let cases = parse_corpus(&read(file));
        assert!(!cases.is_empty(), "{file_name}: no cases");
        for case in cases.iter().filter(|case| !case.skip) {
            let tree = parse(&case.input);
            let root = tree.root_node();
            if case.error {
                if root.has_error() {
                    passed += 1;
                } else {
                    failures.push(format!(
                        "{file_name}: {}: expected a syntax error, got {}",
                        case.name,
                        root.to_sexp()
                    ));
                }
                continue;
            }
            let expected = normalize_sexp(&case.expected);
            let mut actual = normalize_sexp(&root.to_sexp());
            if !has_fields(&expected) {
                actual = strip_fields(&actual);
            }
            if actual == expected {
                passed += 1;
            } else {
                failures.push(format!(
                    "{file_name}: {}\n  expected: {expected}\n  actual:   {actual}",
                    case.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n{}",
        failures.len(),
        passed + failures.len(),
        failures.join("\n")
    );
    assert!(passed >= 50, "only {passed} corpus cases");
}

#[test]
fn corpus_reader() {
    let cases = parse_corpus(
        "===\nfirst\n:error\n===\ndef f(\n---\n\n(x)\n\n=====\nsecond\n=====\na\n---\nb\n------\n; c\n(y\n  (z))\n",
    );
    assert_eq!(cases.len(), 2);
    assert!(cases[0].error && cases[0].input == "def f(");
    assert_eq!(cases[1].name, "second");
    assert_eq!(cases[1].input, "a\n---\nb");
    assert_eq!(normalize_sexp(&cases[1].expected), "(y (z))");
    assert_eq!(strip_fields("(a name: (b) x_y: (c (d)))"), "(a (b) (c (d)))");
}

// ---------------------------------------------------- the compiler's tree, and tree-sitter's

/// The compiler's diagnostics that mean the text is not in the language's syntax (rather than
/// a well-formed file the compiler rejects later: an unknown escape, `.all()`, an import after
/// a definition, nesting deeper than its limit).
const SYNTAX_ERROR_CODES: [&str; 9] = [
    "E0100", "E0101", "E0102", "E0103", "E0105", "E0106", "E0107", "E0108", "E0112",
];

/// What the compiler's parser makes of `source`: its tree, and whether it found a syntax
/// error.
fn compiler_parse(source: &str) -> (SourceFile, bool, BTreeSet<&'static str>) {
    let (tree, diagnostics) = ovm_compiler::syntax::parse(source, FileId::DETACHED);
    let codes: BTreeSet<&'static str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    let syntax_error = codes.iter().any(|c| SYNTAX_ERROR_CODES.contains(c));
    (tree, syntax_error, codes)
}

/// A canonical outline of a file, built from either tree: imports, then definitions, each
/// formula node with its byte span; `and`/`or` chains written without parentheses are one
/// node; arguments and annotation strings are their source text.
struct Outline<'s> {
    source: &'s str,
    out: String,
}

impl<'s> Outline<'s> {
    fn new(source: &'s str) -> Self {
        Outline {
            source,
            out: String::new(),
        }
    }

    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{}{text}", "  ".repeat(depth));
    }

    fn text(&self, start: usize, end: usize) -> &'s str {
        &self.source[start..end]
    }

    fn span_text(&self, span: ovm_compiler::Span) -> &'s str {
        &self.source[span.range()]
    }

    // The compiler's side.

    fn compiler_file(mut self, file: &SourceFile) -> String {
        for import in &file.imports {
            self.compiler_import(import);
        }
        for decl in &file.decls {
            self.compiler_decl(decl);
        }
        self.out
    }

    fn compiler_import(&mut self, import: &Import) {
        let path: Vec<&str> = import.path.iter().map(|p| p.name.as_str()).collect();
        let names: Vec<&str> = import.names.iter().map(|p| p.name.as_str()).collect();
        let line = format!(
            "import {} [{}] @{}..{}",
            path.join("."),
            names.join(", "),
            import.span.start,
            import.span.end
        );
        self.line(0, &line);
    }

    fn compiler_decl(&mut self, decl: &Decl) {
        let line = format!("def {} @{}..{}", decl.name.name, decl.span.start, decl.span.end);
        self.line(0, &line);
        for annotation in &decl.annotations {
            let args: Vec<&str> = annotation.args.iter().map(|a| self.span_text(a.span)).collect();
            let line = format!(
                "annotation {} ({}) @{}..{}",
                annotation.name.name,
                args.join(", "),
                annotation.span.start,
                annotation.span.end
            );
            self.line(1, &line);
        }
        for param in &decl.params {
            let ty = param.ty.as_ref().map_or("", |t| t.name.as_str());
            let line = format!(
                "param {} : {ty} @{}..{}",
                param.name.name, param.span.start, param.span.end
            );
            self.line(1, &line);
        }
        if let Some(body) = &decl.body {
            self.compiler_expr(1, body);
        }
    }

    fn compiler_call(&mut self, depth: usize, role: &str, call: &Call) {
        let args: Vec<&str> = call.args.iter().map(|a: &Arg| self.span_text(a.span)).collect();
        let line = format!(
            "{role} {}({}) @{}..{}",
            call.callee.name,
            args.join(" | "),
            call.span.start,
            call.span.end
        );
        self.line(depth, &line);
    }

    fn compiler_expr(&mut self, depth: usize, expr: &Expr) {
        let at = format!("@{}..{}", expr.span.start, expr.span.end);
        match &expr.kind {
            ExprKind::And(operands) | ExprKind::Or(operands) => {
                let name = if matches!(expr.kind, ExprKind::And(_)) {
                    "and"
                } else {
                    "or"
                };
                self.line(depth, &format!("{name} {at}"));
                for operand in operands {
                    self.compiler_expr(depth + 1, operand);
                }
            }
            ExprKind::Not(syntax, operand) => {
                let spelling = match syntax {
                    NotSyntax::Keyword => "not",
                    NotSyntax::Bang => "!",
                };
                self.line(depth, &format!("not ({spelling}) {at}"));
                self.compiler_expr(depth + 1, operand);
            }
            ExprKind::Implies(left, right) => {
                self.line(depth, &format!("implies {at}"));
                self.compiler_expr(depth + 1, left);
                self.compiler_expr(depth + 1, right);
            }
            ExprKind::Quantified(q) => {
                let kind = match q.kind {
                    QuantifierKind::ForAll => "forall",
                    QuantifierKind::Exists => "exists",
                };
                let syntax = match q.syntax {
                    QuantifierSyntax::Keyword => "keyword",
                    QuantifierSyntax::Method => "method",
                };
                let variable = q.variable.as_ref().map_or("_", |v| v.name.as_str());
                self.line(depth, &format!("{kind} {variable} ({syntax}) {at}"));
                self.compiler_call(depth + 1, "domain", &q.domain);
                if let Some(body) = &q.body {
                    self.compiler_expr(depth + 1, body);
                }
            }
            ExprKind::Call(call) => self.compiler_call(depth, "call", call),
            ExprKind::Paren(inner) => {
                self.line(depth, &format!("paren {at}"));
                self.compiler_expr(depth + 1, inner);
            }
            ExprKind::Error => self.line(depth, &format!("error {at}")),
        }
    }

    // Tree-sitter's side.

    fn node_text(&self, node: Node) -> &'s str {
        self.text(node.start_byte(), node.end_byte())
    }

    fn tree_file(mut self, root: Node) -> String {
        let mut cursor = root.walk();
        let children: Vec<Node> = root.named_children(&mut cursor).collect();
        for child in children.iter().filter(|c| c.kind() == "import_declaration") {
            self.tree_import(*child);
        }
        for child in children.iter().filter(|c| c.kind() == "definition") {
            self.tree_decl(*child);
        }
        self.out
    }

    fn tree_import(&mut self, node: Node) {
        let module = node.child_by_field_name("module").expect("an import's module");
        let mut cursor = module.walk();
        let path: Vec<&str> = module
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .map(|n| self.node_text(n))
            .collect();
        let mut cursor = node.walk();
        let names: Vec<&str> = node
            .children_by_field_name("name", &mut cursor)
            .map(|n| self.node_text(n))
            .collect();
        let line = format!(
            "import {} [{}] @{}..{}",
            path.join("."),
            names.join(", "),
            node.start_byte(),
            node.end_byte()
        );
        self.line(0, &line);
    }

    fn tree_decl(&mut self, node: Node) {
        let name = self.node_text(node.child_by_field_name("name").expect("a name"));
        let line = format!("def {name} @{}..{}", node.start_byte(), node.end_byte());
        self.line(0, &line);
        let mut cursor = node.walk();
        let annotations: Vec<Node> = node.children_by_field_name("annotation", &mut cursor).collect();
        for annotation in annotations {
            let name = self.node_text(annotation.child_by_field_name("name").expect("a name"));
            let args: Vec<&str> = match annotation.child_by_field_name("arguments") {
                Some(arguments) => {
                    let mut cursor = arguments.walk();
                    arguments
                        .named_children(&mut cursor)
                        .filter(|n| n.kind() == "string")
                        .map(|n| self.node_text(n))
                        .collect()
                }
                None => Vec::new(),
            };
            let line = format!(
                "annotation {name} ({}) @{}..{}",
                args.join(", "),
                annotation.start_byte(),
                annotation.end_byte()
            );
            self.line(1, &line);
        }
        let parameters = node.child_by_field_name("parameters").expect("parameters");
        let mut cursor = parameters.walk();
        let params: Vec<Node> = parameters
            .named_children(&mut cursor)
            .filter(|n| n.kind() == "parameter")
            .collect();
        for param in params {
            let name = self.node_text(param.child_by_field_name("name").expect("a name"));
            let ty = param
                .child_by_field_name("type")
                .map_or("", |t| self.node_text(t));
            let line = format!(
                "param {name} : {ty} @{}..{}",
                param.start_byte(),
                param.end_byte()
            );
            self.line(1, &line);
        }
        if let Some(body) = node.child_by_field_name("body") {
            self.tree_expr(1, body);
        }
    }

    fn tree_call(&mut self, depth: usize, role: &str, node: Node) {
        let callee = self.node_text(node.child_by_field_name("predicate").expect("a predicate"));
        let arguments = node.child_by_field_name("arguments").expect("arguments");
        let mut cursor = arguments.walk();
        let args: Vec<&str> = arguments
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .map(|n| self.node_text(n))
            .collect();
        let line = format!(
            "{role} {callee}({}) @{}..{}",
            args.join(" | "),
            node.start_byte(),
            node.end_byte()
        );
        self.line(depth, &line);
    }

    /// The operands of an `and` (or `or`) chain: nested nodes of the same kind on the left
    /// are one chain in the compiler's tree.
    fn chain<'t>(node: Node<'t>, kind: &str, operands: &mut Vec<Node<'t>>) {
        let left = node.child_by_field_name("left").expect("a left operand");
        if left.kind() == kind {
            Self::chain(left, kind, operands);
        } else {
            operands.push(left);
        }
        operands.push(node.child_by_field_name("right").expect("a right operand"));
    }

    fn tree_expr(&mut self, depth: usize, node: Node) {
        let at = format!("@{}..{}", node.start_byte(), node.end_byte());
        match node.kind() {
            kind @ ("and_expression" | "or_expression") => {
                let name = kind.trim_end_matches("_expression");
                self.line(depth, &format!("{name} {at}"));
                let mut operands = Vec::new();
                Self::chain(node, kind, &mut operands);
                for operand in operands {
                    self.tree_expr(depth + 1, operand);
                }
            }
            "not_expression" => {
                let operator = self.node_text(node.child_by_field_name("operator").expect("an operator"));
                self.line(depth, &format!("not ({operator}) {at}"));
                self.tree_expr(
                    depth + 1,
                    node.child_by_field_name("operand").expect("an operand"),
                );
            }
            "implies_expression" => {
                self.line(depth, &format!("implies {at}"));
                self.tree_expr(
                    depth + 1,
                    node.child_by_field_name("left").expect("a left operand"),
                );
                self.tree_expr(
                    depth + 1,
                    node.child_by_field_name("right").expect("a right operand"),
                );
            }
            kind @ ("forall_expression" | "exists_expression") => {
                let name = kind.trim_end_matches("_expression");
                let variable = self.node_text(node.child_by_field_name("variable").expect("a variable"));
                self.line(depth, &format!("{name} {variable} (keyword) {at}"));
                self.tree_call(
                    depth + 1,
                    "domain",
                    node.child_by_field_name("domain").expect("a domain"),
                );
                if let Some(body) = node.child_by_field_name("body") {
                    self.tree_expr(depth + 1, body);
                }
            }
            "method_quantifier" => {
                let method = self.node_text(node.child_by_field_name("method").expect("a method"));
                let name = if method == "all" { "forall" } else { "exists" };
                let lambda = node.child_by_field_name("lambda");
                if method == "all" && lambda.is_none() {
                    // `.all()`: the compiler reports E0111 and keeps an error node.
                    self.line(depth, &format!("error {at}"));
                    return;
                }
                let variable = lambda
                    .map(|l| self.node_text(l.child_by_field_name("variable").expect("a variable")))
                    .unwrap_or("_");
                self.line(depth, &format!("{name} {variable} (method) {at}"));
                self.tree_call(
                    depth + 1,
                    "domain",
                    node.child_by_field_name("domain").expect("a domain"),
                );
                if let Some(lambda) = lambda {
                    self.tree_expr(depth + 1, lambda.child_by_field_name("body").expect("a body"));
                }
            }
            "call" => self.tree_call(depth, "call", node),
            "parenthesized_expression" => {
                self.line(depth, &format!("paren {at}"));
                let mut cursor = node.walk();
                let inner = node
                    .named_children(&mut cursor)
                    .find(|n| !n.is_extra())
                    .expect("a parenthesized formula");
                self.tree_expr(depth + 1, inner);
            }
            other => self.line(depth, &format!("unexpected {other} {at}")),
        }
    }
}

/// Compares the two parsers on `source`: the same verdict, and the same outline when both
/// accept it. Returns the disagreement, if any.
fn compare_with_compiler(source: &str) -> Result<(), String> {
    let (compiler_tree, compiler_error, codes) = compiler_parse(source);
    let tree = parse(source);
    let root = tree.root_node();
    if compiler_error != root.has_error() {
        return Err(format!(
            "the compiler {} (codes {codes:?}) but tree-sitter {}: {}",
            if compiler_error {
                "rejects it"
            } else {
                "accepts it"
            },
            if root.has_error() {
                "rejects it"
            } else {
                "accepts it"
            },
            root.to_sexp()
        ));
    }
    // Past its nesting limit the compiler stops, with a partial tree.
    if compiler_error || codes.contains("E0109") {
        return Ok(());
    }
    let expected = Outline::new(source).compiler_file(&compiler_tree);
    let actual = Outline::new(source).tree_file(root);
    if expected != actual {
        return Err(format!(
            "different trees:\ncompiler:\n{expected}tree-sitter:\n{actual}"
        ));
    }
    Ok(())
}

#[test]
fn repository_files_parse_as_the_compiler_parses_them() {
    let root = repo_root();
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in ["examples", "stdlib", "tests"] {
        for path in files_with_extension(&root.join(dir), "ovm") {
            let Ok(source) = std::fs::read_to_string(&path) else {
                // Not UTF-8 (E0100): tree-sitter must still find an error in the bytes.
                let bytes = std::fs::read(&path).expect("readable");
                assert!(
                    parse_bytes(&bytes).root_node().has_error(),
                    "{}: invalid UTF-8 parsed without error",
                    path.display()
                );
                checked += 1;
                continue;
            };
            checked += 1;
            if let Err(why) = compare_with_compiler(&source) {
                failures.push(format!("{}: {why}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 100, "only {checked} files");
}

fn parse_bytes(bytes: &[u8]) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the OVM grammar loads");
    parser.parse(bytes, None).expect("the parser returns a tree")
}

#[test]
fn example_stdlib_and_ir_files_parse_without_error() {
    let root = repo_root();
    let mut checked = 0;
    for dir in ["examples", "stdlib", "tests/ir"] {
        for path in files_with_extension(&root.join(dir), "ovm") {
            let tree = parse(&read(&path));
            let node = tree.root_node();
            assert!(!node.has_error(), "{}: {}", path.display(), node.to_sexp());
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} files");
}

#[test]
fn ui_error_files_fail_exactly_for_syntax_errors() {
    let dir = repo_root().join("tests/ui/errors");
    let mut checked = 0;
    for path in files_with_extension(&dir, "ovm") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let code = &name[..5];
        let tree = parse_bytes(&std::fs::read(&path).expect("readable"));
        let has_error = tree.root_node().has_error();
        assert_eq!(
            has_error,
            SYNTAX_ERROR_CODES.contains(&code),
            "{name}: tree-sitter {} it",
            if has_error { "rejects" } else { "accepts" }
        );
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} files");
}

// ------------------------------------------------------------------------ generated formulas

/// A small deterministic generator (xorshift64*), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NAMES: [&str; 10] = [
    "a", "b", "su", "tx", "all", "any", "address", "old_su", "x1", "_y",
];
const PREDICATES: [&str; 8] = ["P", "Q", "SignedBy", "Equal", "su", "all", "any", "address"];

/// Generates files as token lists; `tokens.join(separator)` is the source.
struct Generator {
    rng: Rng,
    tokens: Vec<String>,
}

impl Generator {
    fn push(&mut self, token: &str) {
        self.tokens.push(token.to_string());
    }

    fn name(&mut self) {
        let name = self.rng.pick(&NAMES);
        self.push(name);
    }

    fn argument(&mut self) {
        match self.rng.below(10) {
            0 => {
                let n = self.rng.below(1000).to_string();
                self.push(&n);
            }
            1 => {
                let hex = self.rng.pick(&["0x", "0x00ff", "0xDEADbeef"]);
                self.push(hex);
            }
            2 => {
                let string = self.rng.pick(&[
                    r#""plain""#,
                    r#""esc\"aped\\ \n\t\r\0""#,
                    r#""hint,${m}-${su.0},${$c}""#,
                    r#""/* not a comment */""#,
                    r#""$ ${unclosed""#,
                ]);
                self.push(string);
            }
            3 => {
                self.push("self");
                self.push(".");
                self.push("address");
            }
            _ => {
                if self.rng.below(4) == 0 {
                    let constant = self.rng.pick(&["$c", "$txAddress"]);
                    self.push(constant);
                } else {
                    self.name();
                }
                while self.rng.below(3) == 0 {
                    self.push(".");
                    let child = self.rng.pick(&["0", "3", "address", "12"]);
                    self.push(child);
                }
            }
        }
    }

    fn call(&mut self) {
        let predicate = self.rng.pick(&PREDICATES);
        self.push(predicate);
        self.push("(");
        let count = self.rng.below(4);
        for i in 0..count {
            if i > 0 {
                self.push(",");
            }
            self.argument();
        }
        if count > 0 && self.rng.below(6) == 0 {
            self.push(",");
        }
        self.push(")");
    }

    fn formula(&mut self, depth: usize) {
        let choice = if depth == 0 { 0 } else { self.rng.below(12) };
        match choice {
            0 | 1 => self.call(),
            2 => {
                let op = self.rng.pick(&["and", "or", "implies"]);
                self.formula(depth - 1);
                self.push(op);
                self.formula(depth - 1);
            }
            3 => {
                self.formula(depth - 1);
                self.push("and");
                self.formula(depth - 1);
            }
            4 => {
                self.formula(depth - 1);
                self.push("or");
                self.formula(depth - 1);
            }
            5 => {
                let op = self.rng.pick(&["not", "!"]);
                self.push(op);
                self.formula(depth - 1);
            }
            6 => {
                self.push("(");
                self.formula(depth - 1);
                self.push(")");
            }
            7 | 8 => {
                let keyword = self.rng.pick(&["forall", "exists"]);
                self.push(keyword);
                self.name();
                self.push("in");
                self.call();
                if keyword == "forall" || self.rng.below(3) != 0 {
                    self.push(":");
                    self.formula(depth - 1);
                }
            }
            _ => {
                self.call();
                self.push(".");
                let method = self.rng.pick(&["all", "any"]);
                self.push(method);
                self.push("(");
                if method == "all" || self.rng.below(3) != 0 {
                    self.name();
                    self.push("->");
                    self.formula(depth - 1);
                }
                self.push(")");
            }
        }
    }

    fn definition(&mut self) {
        if self.rng.below(3) == 0 {
            self.push("@");
            let annotation = self.rng.pick(&["library", "quantifier", "atomic"]);
            self.push(annotation);
            if self.rng.below(2) == 0 {
                self.push("(");
                self.push(r#""range,NUMBER,${zero}-${b}""#);
                self.push(")");
            }
        }
        self.push("def");
        let name = self.rng.pick(&["f", "checkpoint", "all"]);
        self.push(name);
        self.push("(");
        let count = self.rng.below(3);
        for i in 0..count {
            if i > 0 {
                self.push(",");
            }
            self.name();
            if self.rng.below(2) == 0 {
                self.push(":");
                let ty = self.rng.pick(&["Address", "Bytes", "BigNumber"]);
                self.push(ty);
            }
        }
        self.push(")");
        if self.rng.below(8) != 0 {
            self.push(":=");
            let depth = 1 + self.rng.below(5);
            self.formula(depth);
        }
    }

    fn file(&mut self) {
        if self.rng.below(3) == 0 {
            self.push("from");
            self.push("std");
            self.push(".");
            self.push("signature");
            self.push("import");
            self.push("SignedBy");
            if self.rng.below(2) == 0 {
                self.push(",");
                self.push("LessThan");
            }
        }
        for _ in 0..1 + self.rng.below(2) {
            self.definition();
        }
    }
}

/// The tokens joined with varied whitespace and comments.
fn spaced(tokens: &[String], rng: &mut Rng) -> String {
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            let separator = match rng.below(12) {
                0 => "\n",
                1 => " /* c /* nested */ */ ",
                2 => " // line\n",
                3 => "\n/// doc\n",
                4 => "\t",
                5 => "  ",
                _ => " ",
            };
            out.push_str(separator);
        }
        out.push_str(token);
    }
    out
}

#[test]
fn generated_files_parse_as_the_compiler_parses_them() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let mut failures = Vec::new();
    for case in 0..3000 {
        let mut generator = Generator {
            rng: Rng(rng.next() | 1),
            tokens: Vec::new(),
        };
        generator.file();
        let source = spaced(&generator.tokens, &mut rng);
        if let Err(why) = compare_with_compiler(&source) {
            failures.push(format!("case {case}:\n{source}\n{why}"));
            if failures.len() == 5 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Tokens that a mutation may insert.
const VOCABULARY: [&str; 27] = [
    "def", "from", "import", "forall", "exists", "in", "not", "and", "or", "implies", "self", "all", "any",
    "address", "!", "(", ")", ",", ".", ":", ":=", "->", "@", "x", "$c", "7", "\"s\"",
];

#[test]
fn mutated_files_are_rejected_exactly_when_the_compiler_rejects_them() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut failures = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for case in 0..10_000 {
        let mut generator = Generator {
            rng: Rng(rng.next() | 1),
            tokens: Vec::new(),
        };
        generator.file();
        let mut tokens = generator.tokens;
        let at = rng.below(tokens.len());
        match rng.below(4) {
            0 => {
                tokens.remove(at);
            }
            1 => {
                let token = tokens[at].clone();
                tokens.insert(at, token);
            }
            2 => {
                let token = rng.pick(&VOCABULARY).to_string();
                tokens.insert(at, token);
            }
            _ => {
                if at + 1 < tokens.len() {
                    tokens.swap(at, at + 1);
                }
            }
        }
        let source = tokens.join(" ");
        let (_, compiler_error, _) = compiler_parse(&source);
        if compiler_error {
            rejected += 1;
        } else {
            accepted += 1;
        }
        if let Err(why) = compare_with_compiler(&source) {
            failures.push(format!("case {case}: {source}\n{why}"));
            if failures.len() == 5 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Both kinds occur, so the test says something about each.
    assert!(
        accepted > 200 && rejected > 200,
        "{accepted} accepted, {rejected} rejected"
    );
}

// ------------------------------------------------------------------------------------ queries

fn query(source: &str) -> Query {
    Query::new(&language(), source).unwrap_or_else(|e| panic!("the query does not compile: {e}"))
}

/// The captures of `query` in `source`: capture name by node (start, end, kind).
fn captures(query: &Query, source: &str) -> BTreeMap<(usize, usize, u16), BTreeSet<String>> {
    let tree = parse(source);
    let mut cursor = QueryCursor::new();
    let mut found: BTreeMap<(usize, usize, u16), BTreeSet<String>> = BTreeMap::new();
    let mut matches = cursor.matches(query, tree.root_node(), source.as_bytes());
    while let Some(m) = matches.next() {
        for capture in m.captures {
            let node = capture.node;
            found
                .entry((node.start_byte(), node.end_byte(), node.kind_id()))
                .or_default()
                .insert(query.capture_names()[capture.index as usize].to_string());
        }
    }
    found
}

fn example_sources() -> Vec<(PathBuf, String)> {
    let root = repo_root();
    ["examples", "stdlib"]
        .iter()
        .flat_map(|dir| files_with_extension(&root.join(dir), "ovm"))
        .map(|path| {
            let source = read(&path);
            (path, source)
        })
        .collect()
}

#[test]
fn highlights_capture_every_example_once_per_node() {
    let highlights = query(tree_sitter_ovm::HIGHLIGHTS_QUERY);
    let examples = example_sources();
    assert!(!examples.is_empty());
    let mut seen = BTreeSet::new();
    for (path, source) in &examples {
        let found = captures(&highlights, source);
        assert!(!found.is_empty(), "{}: nothing highlighted", path.display());
        for (node, names) in &found {
            // Editors differ on which of two patterns wins; none may need to.
            assert_eq!(
                names.len(),
                1,
                "{}: {:?} captured as {names:?}",
                path.display(),
                &source[node.0..node.1]
            );
            seen.extend(names.iter().cloned());
        }
    }
    for expected in [
        "keyword.function",
        "keyword.import",
        "keyword.repeat",
        "keyword.operator",
        "attribute",
        "function",
        "function.call",
        "function.builtin",
        "variable",
        "variable.parameter",
        "type.builtin",
        "constant",
        "number",
        "string",
        "punctuation.special",
        "comment",
        "comment.documentation",
    ] {
        assert!(seen.contains(expected), "no @{expected} in the examples");
    }
}

#[test]
fn highlights_tell_atomic_predicates_and_contexts_apart() {
    let highlights = query(tree_sitter_ovm::HIGHLIGHTS_QUERY);
    let source = "@quantifier(\"k,${m}\")\ndef all(any: Range, b) := \
                  IsLessThan(any, b) and Mine(b.address, 0x01, self.address).all(x -> x())";
    let found = captures(&highlights, source);
    // The captures of `word`, found as the first `word` within the first `context`.
    let at = |context: &str, word: &str| -> BTreeSet<String> {
        let start =
            source.find(context).expect("in the source") + context.find(word).expect("in the context");
        found
            .iter()
            .filter(|(node, _)| node.0 == start && node.1 == start + word.len())
            .flat_map(|(_, names)| names.iter().cloned())
            .collect()
    };
    let one = |name: &str| BTreeSet::from([name.to_string()]);
    assert_eq!(at("@quantifier", "quantifier"), one("attribute"));
    assert_eq!(at("${m}", "${"), one("punctuation.special"));
    assert_eq!(at("${m}", "m"), one("variable"));
    assert_eq!(at("def all", "all"), one("function"));
    assert_eq!(at("(any: Range", "any"), one("variable.parameter"));
    assert_eq!(at("Range", "Range"), one("type.builtin"));
    assert_eq!(at("IsLessThan", "IsLessThan"), one("function.builtin"));
    assert_eq!(at("(any, b)", "any"), one("variable"));
    assert_eq!(at("Mine", "Mine"), one("function.call"));
    assert_eq!(at("b.address", "address"), one("property"));
    assert_eq!(at("0x01", "0x01"), one("number"));
    assert_eq!(at("self.address", "self"), one("variable.builtin"));
    assert_eq!(at(".all(", "all"), one("keyword.repeat"));
    assert_eq!(at("(x ->", "x"), one("variable.parameter"));
    assert_eq!(at("x()", "x"), one("function.call"));
}

#[test]
fn locals_and_folds_compile_and_capture() {
    let locals = query(tree_sitter_ovm::LOCALS_QUERY);
    let folds = query(tree_sitter_ovm::FOLDS_QUERY);
    let injections = query(&read(&grammar_dir().join("queries/injections.scm")));
    let source = "/// doc\ndef f(a) := forall x in Q(a): P(x) and (R(a).any(y -> S(y, a)))";
    let local_names: BTreeSet<String> = captures(&locals, source).into_values().flatten().collect();
    for expected in ["local.scope", "local.definition", "local.reference"] {
        assert!(local_names.contains(expected), "no @{expected}: {local_names:?}");
    }
    assert!(!captures(&folds, source).is_empty());
    assert!(!captures(&injections, source).is_empty());
}

#[test]
fn metadata_names_the_same_scope_and_queries() {
    let config = read(&grammar_dir().join("tree-sitter.json"));
    let package = read(&grammar_dir().join("package.json"));
    for text in [&config, &package] {
        assert!(text.contains("\"source.ovm\""));
        assert!(text.contains("\"queries/highlights.scm\""));
        assert!(text.contains("\"queries/locals.scm\""));
    }
    let node_types = tree_sitter_ovm::NODE_TYPES;
    for kind in [
        "\"definition\"",
        "\"forall_expression\"",
        "\"method_quantifier\"",
        "\"interpolation\"",
    ] {
        assert!(node_types.contains(kind), "{kind} not in node-types.json");
    }
}

/// Neovim's capture names, as used in `queries/highlights.scm`, and Helix's for them.
const HELIX_NAMES: [(&str, &str); 25] = [
    ("keyword.function", "keyword.function"),
    ("keyword.import", "keyword.control.import"),
    ("keyword.repeat", "keyword.control.repeat"),
    ("keyword.operator", "keyword.operator"),
    ("attribute", "attribute"),
    ("function", "function"),
    ("function.builtin", "function.builtin"),
    ("function.call", "function"),
    ("module", "namespace"),
    ("variable", "variable"),
    ("variable.parameter", "variable.parameter"),
    ("variable.builtin", "variable.builtin"),
    ("type", "type"),
    ("type.builtin", "type.builtin"),
    ("constant", "constant"),
    ("number", "constant.numeric.integer"),
    ("property", "variable.other.member"),
    ("string", "string"),
    ("string.escape", "constant.character.escape"),
    ("punctuation.special", "punctuation.special"),
    ("comment", "comment"),
    ("comment.documentation", "comment.line.documentation"),
    ("operator", "operator"),
    ("punctuation.bracket", "punctuation.bracket"),
    ("punctuation.delimiter", "punctuation.delimiter"),
];

/// The query's lines, comments and blank lines left out, with every capture renamed by
/// `rename`.
fn query_lines(query: &str, rename: impl Fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    for line in query.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(';') {
            continue;
        }
        let mut out = String::new();
        let mut rest = line;
        while let Some(at) = rest.find('@') {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_lowercase() || c == '.'))
                .unwrap_or(rest.len());
            if end > 0 {
                out.push_str(&rename(&rest[..end]));
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        lines.push(out);
    }
    lines
}

#[test]
fn helix_highlights_are_the_highlights_with_helix_names() {
    let helix = read(&grammar_dir().join("queries/helix/highlights.scm"));
    let names: BTreeMap<&str, &str> = HELIX_NAMES.into_iter().collect();
    let expected = query_lines(tree_sitter_ovm::HIGHLIGHTS_QUERY, |name| {
        names
            .get(name)
            .unwrap_or_else(|| panic!("@{name} has no Helix name in HELIX_NAMES"))
            .to_string()
    });
    let actual = query_lines(&helix, str::to_string);
    for (line, (expected, actual)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(
            expected, actual,
            "queries/helix/highlights.scm differs from queries/highlights.scm at pattern line {line}"
        );
    }
    assert_eq!(expected.len(), actual.len());

    let helix_highlights = query(&helix);
    let helix_locals = query(&read(&grammar_dir().join("queries/helix/locals.scm")));
    for (path, source) in example_sources() {
        for (node, names) in captures(&helix_highlights, &source) {
            assert_eq!(
                names.len(),
                1,
                "{}: {node:?} captured as {names:?}",
                path.display()
            );
        }
        assert!(!captures(&helix_locals, &source).is_empty());
    }
}

/// The `Point` (row, column in bytes) of byte `offset` in `text`.
fn point(text: &str, offset: usize) -> tree_sitter::Point {
    let before = &text[..offset];
    let row = before.matches('\n').count();
    let column = offset - before.rfind('\n').map_or(0, |at| at + 1);
    tree_sitter::Point { row, column }
}

/// Editors reparse incrementally after each edit: that must give the tree a fresh parse gives,
/// with the external scanner (strings, nesting comments) resuming mid-file. Each example is
/// edited 40 times, the edits accumulating until one leaves a syntax error.
#[test]
fn incremental_reparses_match_fresh_parses() {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the OVM grammar loads");
    let mut rng = Rng(0x5EED_F00D_0B5E_55ED);
    let edits = [
        "",
        " ",
        "/* x /* y */ */",
        "\"${",
        "\"",
        "and ",
        "not ",
        "// c\n",
        "(",
        ")",
        "${m}",
        "forall v in Q(a): ",
        ".any()",
        "*/",
        "/*",
    ];
    let mut checked = 0;
    for (path, source) in example_sources() {
        let mut text = source.clone();
        let mut tree = parser.parse(&text, None).expect("a tree");
        for _ in 0..40 {
            // Replace a random range (on character boundaries) by one of the edits.
            let mut start = rng.below(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + rng.below(6)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let inserted = rng.pick(&edits);
            let mut edited = String::with_capacity(text.len() + inserted.len());
            edited.push_str(&text[..start]);
            edited.push_str(inserted);
            edited.push_str(&text[end..]);
            tree.edit(&tree_sitter::InputEdit {
                start_byte: start,
                old_end_byte: end,
                new_end_byte: start + inserted.len(),
                start_position: point(&text, start),
                old_end_position: point(&text, end),
                new_end_position: point(&edited, start + inserted.len()),
            });
            text = edited;
            tree = parser.parse(&text, Some(&tree)).expect("a tree");
            let fresh = parser.parse(&text, None).expect("a tree");
            // Error recovery may legitimately take another path when it reuses old nodes; a
            // text without errors must give the one tree.
            if fresh.root_node().has_error() {
                assert!(
                    tree.root_node().has_error(),
                    "{}: an error lost in\n{text}",
                    path.display()
                );
                // Go on from the clean file.
                text.clone_from(&source);
                tree = parser.parse(&text, None).expect("a tree");
                continue;
            }
            assert_eq!(
                tree.root_node().to_sexp(),
                fresh.root_node().to_sexp(),
                "{}: incremental and fresh parses differ for\n{text}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} edits left the text without errors");
}
