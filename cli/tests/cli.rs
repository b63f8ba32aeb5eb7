//! The `ovm` binary end to end: exit statuses, output formats, and hostile inputs that must
//! give a diagnostic, never a panic or a stack overflow.

mod common;

use common::{Run, ovm, run, workspace};

fn check_bytes(bytes: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.ovm");
    std::fs::write(&path, bytes).unwrap();
    run(ovm().args(["--color", "never", "check"]).arg(&path))
}

fn assert_code(run: &Run, status: i32, code: &str) {
    assert_eq!(run.code, status, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("[{code}]")),
        "expected {code}:\n{}",
        run.stderr
    );
}

#[test]
fn checking_the_examples_succeeds() {
    let run = run(ovm().arg("check").arg(workspace().join("examples")));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 errors"), "{}", run.stderr);
}

#[test]
fn the_corpus_parses_and_the_production_predicates_check() {
    let corpus = workspace().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("corpus not found: skipped");
        return;
    }
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let files: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|f| f.ends_with(".ovm"))
        .collect();
    for file in &files {
        let parsed = run(ovm().arg("parse").arg(corpus.join(file)));
        assert_eq!(parsed.code, 0, "{file}: {}", parsed.stderr);
        assert!(parsed.stdout.contains("Decl "), "{file}: {}", parsed.stdout);
    }
    println!("`ovm parse` succeeded on {} corpus files", files.len());
    let production = run(ovm()
        .args(["check", "--compat"])
        .arg(corpus.join("ovm-contracts")));
    assert_eq!(production.code, 0, "{}", production.stderr);
}

#[test]
fn errors_exit_1_with_coded_diagnostics() {
    let run = check_bytes(b"def f(a) := Foo(a) Bar(a)\n");
    assert_code(&run, 1, "E0108");
    assert!(run.stderr.contains("input.ovm:1:20"), "{}", run.stderr);
}

#[test]
fn warnings_alone_exit_0() {
    let run = check_bytes(b"def f(a) := Equal(a, 0x01) and Equal(a, 0x02) or Equal(a, 0x03)\n");
    assert_code(&run, 0, "W0101");
}

#[test]
fn json_messages_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.ovm");
    std::fs::write(&path, "def f(a) := Foo(a) Bar(a)\ndef g(in) := Foo()\n").unwrap();
    let run = run(ovm().args(["check", "--message-format", "json"]).arg(&path));
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert_eq!(lines[0]["code"], "E0108");
    assert_eq!(lines[1]["code"], "E0112");
    for line in &lines {
        for key in [
            "code", "severity", "message", "file", "start", "end", "line", "column", "labels",
        ] {
            assert!(line.get(key).is_some(), "missing `{key}` in {line}");
        }
    }
    assert_eq!(
        (lines[1]["line"].as_u64(), lines[1]["column"].as_u64()),
        (Some(2), Some(7))
    );
}

#[test]
fn missing_files_exit_2_naming_the_file() {
    let run = run(ovm().args(["check", "no/such/file.ovm"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read `no/such/file.ovm`"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(ovm().arg("check")).code, 2);
    assert_eq!(run(ovm().arg("frobnicate")).code, 2);
    let bad_format = run(ovm().args(["--message-format", "xml", "check", "x.ovm"]));
    assert_eq!(bad_format.code, 2);
    assert!(
        bad_format.stderr.contains("'xml'") && bad_format.stderr.contains("human"),
        "{}",
        bad_format.stderr
    );
}

#[test]
fn explain_prints_the_long_explanation() {
    let run = run(ovm().args(["explain", "e0108"]));
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("# E0108:"), "{}", run.stdout);
    assert!(run.stdout.contains("```ovm"));
    let list = self::run(ovm().args(["explain", "--list"]));
    assert_eq!(list.code, 0);
    assert!(
        list.stdout.lines().any(|l| l.starts_with("E0106:")),
        "{}",
        list.stdout
    );
    let unknown = self::run(ovm().args(["explain", "E9999"]));
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("unknown diagnostic code `E9999`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn parse_prints_an_outline_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ovm");
    std::fs::write(&path, "def f(a: Address) := forall x in Q(a): P(x)\n").unwrap();
    let outline = run(ovm().arg("parse").arg(&path));
    assert_eq!(outline.code, 0);
    assert!(
        outline.stdout.contains("ForAll x (Keyword) @"),
        "{}",
        outline.stdout
    );
    let json = run(ovm().args(["parse", "--format", "json"]).arg(&path));
    let tree: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(tree["decls"][0]["name"]["name"], "f");
}

#[test]
fn help_reads_well() {
    let run = run(ovm().arg("--help"));
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

// ---------------------------------------------------------------- hostile inputs

#[test]
fn empty_file_is_an_empty_program() {
    assert_eq!(check_bytes(b"").code, 0);
}

#[test]
fn binary_garbage_gives_diagnostics() {
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 & 0x7f)
        .collect();
    let run = check_bytes(&garbage);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_e0100() {
    assert_code(&check_bytes(b"def f() := Foo(\xc3\x28)"), 1, "E0100");
}

#[test]
fn unterminated_string_and_comment() {
    assert_code(&check_bytes(b"@quantifier(\"abc\ndef f() := Foo()"), 1, "E0102");
    assert_code(&check_bytes(b"def f() := Foo() /* /* */"), 1, "E0103");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let source = format!("def f(a) := {}Foo(a){}", "(".repeat(depth), ")".repeat(depth));
    assert_code(&check_bytes(source.as_bytes()), 1, "E0109");
    let negations = format!("def f(a) := {}Foo(a)", "not ".repeat(depth));
    assert_code(&check_bytes(negations.as_bytes()), 1, "E0109");
    let implications = format!("def f(a) := {}Foo(a)", "Foo(a) implies ".repeat(depth));
    assert_code(&check_bytes(implications.as_bytes()), 1, "E0109");
    let quantifiers = format!("def f(a) := {}Foo(a)", "forall x in Q(a): ".repeat(depth));
    assert_code(&check_bytes(quantifiers.as_bytes()), 1, "E0109");
    let lambdas = format!(
        "def f(a) := {}Foo(a){}",
        "Q(a).all(x -> ".repeat(depth),
        ")".repeat(depth)
    );
    assert_code(&check_bytes(lambdas.as_bytes()), 1, "E0109");
}

#[test]
fn long_flat_formulas_are_fine() {
    let source = format!(
        "def f(a) := {}",
        vec!["not Equal(a, 0x01)"; 100_000].join(" and ")
    );
    assert_eq!(check_bytes(source.as_bytes()).code, 0);
}

/// A library quantifier, then definitions `p0`, `p1`, … until `bytes` bytes.
fn large_program(bytes: usize) -> String {
    let mut source = String::from(
        "@library\n@quantifier(\"signatures,KEY,${m}\")\n\
         def SignedBy(sig: Bytes, m: Bytes, signer: Address) := IsValidSignature(m, sig, signer, $secp256k1)\n",
    );
    let mut i = 0;
    while source.len() < bytes {
        source.push_str(&format!(
            "def p{i}(a: Bytes, b: Address, c: BigNumber) := SignedBy(a, b).any() and \
             forall x in SignedBy(a.0, b): IsLessThan(c, 7) or not Equal(x, a.1)\n"
        ));
        i += 1;
    }
    source
}

#[test]
fn a_50_megabyte_file_checks() {
    let run = check_bytes(large_program(50_000_000).as_bytes());
    assert_eq!(run.code, 0, "{}", &run.stderr[..run.stderr.len().min(2000)]);
}

#[test]
fn errors_on_every_line_are_bounded() {
    // 200,000 definitions of one name, each calling an unknown predicate.
    let source = "def p(a) := Unknown(a)\n".repeat(200_000);
    let run = check_bytes(source.as_bytes());
    assert_eq!(run.code, 1);
    assert!(run.stderr.matches("error[").count() <= 100, "too many reported");
    assert!(
        run.stderr.contains("more diagnostics of this pass are not shown"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(2000)..]
    );
}

#[test]
fn a_directory_without_sources_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(ovm().arg("check").arg(dir.path()));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no `.ovm` files"), "{}", run.stderr);
}

#[test]
fn build_emits_the_expanded_checkpoint() {
    let corpus = workspace().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("corpus not found: skipped");
        return;
    }
    let file = corpus.join("ovm-contracts/contracts/Predicate/plasma/CheckpointPredicate.ovm");
    let run = run(ovm().args(["build", "--emit", "ir"]).arg(&file));
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The inner quantifier's hint names the caller's inputs: the old compiler left
    // `${token}` and `${range}` unbound here.
    assert!(
        run.stdout
            .contains("ThereExists v0: Bytes hint \"proof.block${b}.range${su.0},RANGE,${su.1}\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ThereExists root_1: Bytes"),
        "renamed apart:\n{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("${token}") && !run.stdout.contains("${range}"),
        "{}",
        run.stdout
    );
}

#[test]
fn build_writes_to_a_file_and_stops_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("ok.ovm");
    std::fs::write(&source, "def f(a: Bytes) := Equal(a, 0x01)\n").unwrap();
    let out = dir.path().join("f.ir");
    let ok = run(ovm().args(["build", "--emit", "ir", "-o"]).arg(&out).arg(&source));
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("predicate f(a: Bytes)")
    );
    let bad = dir.path().join("bad.ovm");
    std::fs::write(&bad, "def f(a: Bytes) := Equl(a, 0x01)\n").unwrap();
    let failed = run(ovm().args(["build", "--emit", "ir"]).arg(&bad));
    assert_code(&failed, 1, "E0201");
    assert!(failed.stdout.is_empty(), "no output on errors");
    assert!(
        failed.stderr.contains("did you mean `Equal`?"),
        "{}",
        failed.stderr
    );
}

#[test]
fn compat_accepts_the_original_dialect_with_warnings() {
    let source = b"def forTest(a, b) := SignedBy(a, b).all(c -> IsValidSignature(a, b, c))\n";
    let strict = check_bytes(source);
    assert_code(&strict, 1, "E0201");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ovm");
    std::fs::write(&path, source).unwrap();
    let compat = run(ovm().args(["--color", "never", "check", "--compat"]).arg(&path));
    assert_code(&compat, 0, "W0202");
    assert!(compat.stderr.contains("[W0204]"), "{}", compat.stderr);
}
