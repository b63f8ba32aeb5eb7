//! Claims encoded per second: `lowering::claim::claim` on already compiled programs, for the
//! plasma ownership predicate in both shapes, the plasma checkpoint in the compiled shape (its
//! expanded shape does not exist: it reads children of a bound variable, which the universal
//! contracts cannot), and a quantified predicate (`no_preimage`) in the expanded shape.
//!
//! Each iteration parses the argument values by type, looks up the deployment and builds the
//! `Property`, then ABI-encodes it and hashes the encoding (the claim's id), which is what
//! `ovm claim` does after compiling.
//!
//! Run with `cargo bench -p ovm-compiler --bench claim`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ovm_abi::Deployment;
use ovm_compiler::SourceMap;
use ovm_compiler::driver::{self, Options};
use ovm_compiler::ir;
use ovm_compiler::lowering::claim::{Request, Shape, claim};
use std::hint::black_box;
use std::path::Path;

/// Compiles a file of the workspace to its IR, which must have no diagnostics.
fn compile(relative: &str) -> ir::Program {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
    let mut sources = SourceMap::new();
    let loaded = driver::load(&mut sources, &path).expect("the benchmark's sources are readable");
    let (compilation, diagnostics) =
        driver::compile(&mut sources, loaded.file, Some(&path), Options::default());
    assert!(diagnostics.is_empty(), "{relative} has diagnostics");
    compilation.expect("compiles").ir
}

/// A 4-input state update property (`(address,bytes[])` with the inputs checkpoint reads), as
/// `0x` hex: checkpoint's `su` is `Bytes`.
fn state_update() -> String {
    let word = |n: u8| ovm_abi::input::uint_word(ovm_abi::U256::from(n));
    let range = ovm_abi::input::range(ovm_abi::U256::from(5), ovm_abi::U256::from(9));
    let inputs = vec![word(1), range, word(2), word(3)];
    let property = ovm_abi::Property::new(ovm_abi::Address::repeat_byte(0x11), inputs);
    format!("{}", ovm_abi::Bytes::from(property.encode()))
}

/// `(parameter, value)` pairs.
type Args = [(String, String)];

fn claims(c: &mut Criterion) {
    let deployment = Deployment::local();
    let ownership = compile("examples/plasma/ownership.ovm");
    let preimage = compile("examples/hash/preimage.ovm");
    let checkpoint = compile("tests/ir/checkpoint.ovm");
    let owner = (
        "owner".to_string(),
        "0x5aeda56215b167893e80b4fe645ba6d5bab767de".to_string(),
    );
    let tx = ("tx".to_string(), format!("0x{}", "ab".repeat(100)));
    let ownership_args = vec![owner, tx];
    let preimage_args = vec![("h".to_string(), format!("0x{}", "2a".repeat(32)))];
    let checkpoint_args = vec![
        ("su".to_string(), state_update()),
        ("proof".to_string(), format!("0x{}", "cd".repeat(96))),
    ];
    let cases: [(&str, &ir::Program, &str, &Args, Shape); 4] = [
        (
            "ownership/compiled",
            &ownership,
            "ownership",
            &ownership_args,
            Shape::Compiled,
        ),
        (
            "ownership/expanded",
            &ownership,
            "ownership",
            &ownership_args,
            Shape::Expanded,
        ),
        (
            "checkpoint/compiled",
            &checkpoint,
            "checkpoint",
            &checkpoint_args,
            Shape::Compiled,
        ),
        (
            "no_preimage/expanded",
            &preimage,
            "no_preimage",
            &preimage_args,
            Shape::Expanded,
        ),
    ];
    let mut group = c.benchmark_group("claim");
    group.throughput(Throughput::Elements(1));
    for (name, program, predicate, args, shape) in cases {
        let request = Request {
            predicate,
            args,
            shape,
            deployment: &deployment,
        };
        claim(program, &request).unwrap_or_else(|e| panic!("{name}: {e}"));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let property = claim(black_box(program), black_box(&request)).expect("claims");
                black_box(property.id())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, claims);
criterion_main!(benches);
