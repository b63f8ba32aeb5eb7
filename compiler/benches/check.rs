//! Throughput of the whole front end, `ovm_compiler::driver::compile`: parsing (of the file and
//! of the embedded prelude), name resolution, type checking and lowering to the IR, on
//! generated corpus-style files.
//!
//! The input is the parse benchmark's workload made well-typed: two `@library @quantifier`
//! definitions (`SignedBy`, `LessThan`) followed by N definitions mixing both quantifier
//! syntaxes, `not`/`!`, `implies`, typed and untyped parameters, child access on `Bytes`
//! parameters, constants and literals, where every tenth definition calls the one before it.
//! The file compiles without a single diagnostic, so the benchmark never measures error
//! reporting, and every definition reaches the IR.
//!
//! Run with `cargo bench -p ovm-compiler --bench check`.
//! Each timed iteration builds a fresh `SourceMap` (which `compile` adds the prelude to), adds
//! the file to it (computing its line starts) and compiles it; the syntax tree is freed inside
//! `compile` and so is timed. Copying the text beforehand and dropping the `Compilation` (HIR,
//! typing, IR) and the source map afterwards are left out, as in the parse benchmark: with
//! glibc's allocator freeing large trees costs a large and non-linear share of the time.

use criterion::{Bencher, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ovm_compiler::SourceMap;
use ovm_compiler::diagnostics::render::to_plain_text;
use ovm_compiler::driver::{self, Options};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The library quantifiers every generated definition quantifies over.
const HEADER: &str = "\
@library
@quantifier(\"signatures,KEY,${m}\")
def SignedBy(sig: Bytes, m: Bytes, signer: Address) := IsValidSignature(m, sig, signer, $secp256k1)

@library
@quantifier(\"range,NUMBER,${zero}-${upper_bound}\")
def LessThan(n: BigNumber, upper_bound: BigNumber) := IsLessThan(n, upper_bound)

";

/// A 20-byte address literal (40 hex digits) that varies with `i`.
fn address(i: usize) -> String {
    format!("0x{:040x}", 0x5eed_0000_u64.wrapping_add(i as u64 * 0x9e37_79b9))
}

/// A file of `defs` well-typed corpus-style definitions after [`HEADER`], about 200 bytes per
/// definition.
///
/// Per definition `i`, with parameters `a` (bytes, the only one with children), `b` (an
/// address) and `c` (a number):
/// * every 3rd has typed parameters (`a: Bytes, b: Address, c: BigNumber`), the others are
///   untyped and inferred;
/// * `i % 4` picks the shape: 0 and 2 the `.any()` / `.all(x -> …)` / `!` syntax, 1 and 3 the
///   first-order `exists … in …:` / `forall … in …:` / `not` syntax, 2 and 3 with `implies`;
/// * every 6th uses literals instead of `$swap`, `1000000` and `b`: a string, an integer, a
///   byte string where `Bytes` is expected and a 40-digit address where `Address` is;
/// * every 5th has a `///` doc comment;
/// * every 10th (`i % 10 == 9`) also calls the definition before it (never a later one, so
///   there is no recursion).
pub fn well_typed_source(defs: usize) -> String {
    let mut out = String::with_capacity(220 * defs + HEADER.len());
    out.push_str(HEADER);
    for i in 0..defs {
        if i % 5 == 0 {
            let _ = writeln!(out, "/// Predicate {i}: signed, bounded and swappable.");
        }
        let params = if i % 3 == 0 {
            "a: Bytes, b: Address, c: BigNumber"
        } else {
            "a, b, c"
        };
        // `(… or …)`: an `or` operand of an `and` chain, parenthesised (no W0101).
        let tail = if i % 6 == 0 {
            format!("(Equal(a.1, \"s{i}\") or IsLessThan(c, {i}) or Equal(a.0, 0x{i:08x}))")
        } else {
            "(Equal(a.1, $swap) or IsLessThan(c, 1000000))".to_string()
        };
        let signer = if i % 6 == 0 { address(i) } else { "b".to_string() };
        let _ = match i % 4 {
            0 => write!(
                out,
                "def p{i}({params}) := SignedBy(a, {signer}).any() and \
                 LessThan(c).all(x -> IsLessThan(x, c) and !Equal(a.0, $swap)) and {tail}"
            ),
            1 => write!(
                out,
                "def p{i}({params}) := {tail} and exists s in SignedBy(a, {signer}): \
                 IsValidSignature(a.0, s, b, $secp256k1) and not IsLessThan(c, 7)"
            ),
            2 => write!(
                out,
                "def p{i}({params}) := (IsStored({signer}, a.0, a.address) implies \
                 !LessThan(c).any(y -> IsLessThan(42, y))) and {tail}"
            ),
            _ => write!(
                out,
                "def p{i}({params}) := forall x in LessThan(c): \
                 (IsLessThan(x, 99) implies exists s in SignedBy(a.2, {signer}): Equal(s, a.address)) and {tail}"
            ),
        };
        if i % 10 == 9 {
            let _ = write!(out, " and p{}(a, b, c)", i - 1);
        }
        out.push('\n');
    }
    out
}

/// Compiles `text` as the root file of a fresh source map.
fn compile(
    text: String,
) -> (
    SourceMap,
    Option<driver::Compilation>,
    Vec<ovm_compiler::Diagnostic>,
) {
    let mut sources = SourceMap::new();
    let file = sources.add("bench.ovm", text);
    let (compilation, diagnostics) = driver::compile(&mut sources, file, None, Options::default());
    (sources, compilation, diagnostics)
}

/// Generates the `defs`-definition file and checks, once and untimed, that it compiles without
/// any diagnostic to `defs` predicates.
fn checked_source(defs: usize) -> String {
    let source = well_typed_source(defs);
    let (sources, compilation, diagnostics) = compile(source.clone());
    assert!(
        diagnostics.is_empty(),
        "the generated {defs}-def source has {} diagnostics; the first:\n{}",
        diagnostics.len(),
        to_plain_text(&sources, &diagnostics[..1])
    );
    let compilation = compilation.expect("a compilation without diagnostics has a result");
    assert_eq!(
        compilation.ir.predicates.len(),
        defs,
        "the generated source has the wrong number of predicates"
    );
    source
}

/// Times `compile` on a fresh source map; copying the text in and dropping the results are
/// outside the measured time.
fn bench_compile(b: &mut Bencher<'_>, source: &str) {
    b.iter_custom(|iters| {
        let mut compiling = Duration::ZERO;
        for _ in 0..iters {
            let text = source.to_owned();
            let start = Instant::now();
            let compiled = compile(black_box(text));
            compiling += start.elapsed();
            drop(black_box(compiled));
        }
        compiling
    });
}

fn check_bytes(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for defs in [1_000usize, 10_000, 100_000] {
        let source = checked_source(defs);
        group.throughput(Throughput::Bytes(source.len() as u64));
        // 100,000 defs is ~19.6 MB: 10 samples keep the run time reasonable. An iteration takes
        // ~0.15 s at 10,000 defs and ~1.5 s at 100,000: give the samples the time they need.
        group.sample_size(if defs >= 100_000 { 10 } else { 100 });
        group.measurement_time(Duration::from_secs(if defs >= 10_000 { 20 } else { 5 }));
        group.bench_with_input(BenchmarkId::new("defs", defs), source.as_str(), bench_compile);
    }
    group.finish();
}

fn check_defs(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_defs");
    group.measurement_time(Duration::from_secs(20));
    let defs = 10_000usize;
    let source = checked_source(defs);
    group.throughput(Throughput::Elements(defs as u64));
    group.bench_with_input(BenchmarkId::new("defs", defs), source.as_str(), bench_compile);
    group.finish();
}

criterion_group!(benches, check_bytes, check_defs);
criterion_main!(benches);
