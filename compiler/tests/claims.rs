//! Claims for every predicate of the examples and of the typed corpus (`ovm-contracts/`,
//! `gazelle/`), in both shapes, with the built-in local deployment and with a deployment file.
//! Argument values are fixed samples per type; `Bytes` and `Property` arguments are a property
//! with five word inputs, so that child accesses such as `su.3` evaluate. The outcome of every
//! claim (its id, or why the expanded shape cannot express it) is one snapshot.

mod common;

use ovm_abi::{Deployment, Property, Type, hex, input};
use ovm_compiler::lowering::claim::{ClaimError, Request, Shape, claim};
use ovm_compiler::lowering::compiled_json::compiled_name;
use ovm_compiler::{SourceMap, driver, ir};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A property with five 32-byte word inputs (small numbers), as JSON.
fn sample_property() -> String {
    let words: Vec<String> = (1..=5u8)
        .map(|n| format!("\"0x{}{n:02x}\"", "00".repeat(31)))
        .collect();
    format!(
        "{{\"predicateAddress\": \"0x{}\", \"inputs\": [{}]}}",
        "11".repeat(20),
        words.join(", ")
    )
}

/// A sample value of `ty`, as `ovm claim --arg` takes it.
fn sample(ty: Type) -> String {
    match ty {
        Type::Address => format!("0x{}", "5a".repeat(20)),
        Type::Bytes => hex::encode_prefixed(property_bytes()),
        Type::Bytes32 => format!("0x{}", "22".repeat(32)),
        Type::BigNumber => "7".to_string(),
        Type::Range => "1..9".to_string(),
        Type::Property => sample_property(),
    }
}

fn property_bytes() -> Vec<u8> {
    ovm_abi::parse_value(Type::Property, &sample_property())
        .unwrap()
        .to_vec()
}

fn compile(path: &Path, compat: bool) -> ir::Program {
    let mut sources = SourceMap::new();
    let loaded = driver::load(&mut sources, path).unwrap();
    let options = driver::Options {
        compat,
        strict: false,
    };
    let (compilation, diagnostics) = driver::compile(&mut sources, loaded.file, Some(path), options);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!(errors, 0, "{} has errors", path.display());
    compilation.expect("no errors").ir
}

/// The local deployment as a file that lists every compiled predicate of `programs` at a
/// made-up address, and nothing implicit.
fn deployment_file(programs: &[ir::Program]) -> Deployment {
    let mut deployment = Deployment::local();
    deployment.stand_ins = false;
    let text = serde_json::to_string(&deployment).unwrap();
    let mut deployment = Deployment::from_json(&text).unwrap();
    for (i, predicate) in programs.iter().flat_map(|p| &p.predicates).enumerate() {
        let address = format!("0x{:040x}", 0xc0de_0000_u64 + i as u64);
        deployment
            .compiled
            .insert(compiled_name(&predicate.name), address.parse().unwrap());
    }
    let mut externals = Vec::new();
    for predicate in programs.iter().flat_map(|p| &p.predicates) {
        externals_of(&predicate.body, &mut externals);
    }
    for (i, name) in externals.into_iter().enumerate() {
        let address = format!("0x{:040x}", 0xe0_0000_u64 + i as u64);
        deployment.compiled.insert(name, address.parse().unwrap());
    }
    for (i, name) in ["Foo", "Bar", "A", "B"].into_iter().enumerate() {
        let address = format!("0x{:040x}", 0xa0_0000_u64 + i as u64);
        deployment
            .atomic
            .insert(name.to_string(), address.parse().unwrap());
    }
    deployment
}

/// The external predicates a formula calls (the corpus's `Checkpoint`, gazelle's `Bytes()`).
fn externals_of(formula: &ir::Formula, out: &mut Vec<String>) {
    match formula {
        ir::Formula::And(items) | ir::Formula::Or(items) => items.iter().for_each(|f| externals_of(f, out)),
        ir::Formula::Not(inner) => externals_of(inner, out),
        ir::Formula::ForAll(q) | ir::Formula::ThereExists(q) => externals_of(&q.body, out),
        ir::Formula::Atom(atom) => {
            if let ir::Target::External(name) = &atom.predicate {
                out.push(name.to_string());
            }
        }
    }
}

fn outcome(program: &ir::Program, name: &str, shape: Shape, deployment: &Deployment) -> String {
    let predicate = program.predicates.iter().find(|p| p.name == name).unwrap();
    let args: Vec<(String, String)> = predicate
        .params
        .iter()
        .map(|p| (p.name.to_string(), sample(p.ty)))
        .collect();
    let request = Request {
        predicate: name,
        args: &args,
        shape,
        deployment,
    };
    match claim(program, &request) {
        Ok(property) => {
            // Every claim decodes back to itself.
            assert_eq!(Property::decode(&property.encode()).unwrap(), property);
            format!("{}", property.id())
        }
        Err(error @ ClaimError::NotExpressible { .. }) => format!("not expressible: {error}"),
        // The gazelle test cases read children of `BigNumber` parameters (accepted by --compat),
        // which the sample number cannot have.
        Err(error @ ClaimError::BadChild { .. }) => format!("bad sample: {error}"),
        // The old test cases' placeholder atomics (`Foo`, `Bar`, `A`, `B`) have no contract; the
        // deployment file below gives them addresses, the local one cannot.
        Err(error @ ClaimError::Deployment(_)) if !deployment.stand_ins => panic!("{name}: {error}"),
        Err(error @ ClaimError::Deployment(_)) => format!("local deployment: {error}"),
        Err(error) => panic!("claiming {name} ({shape:?}) failed: {error}"),
    }
}

fn files() -> Vec<(PathBuf, String, bool)> {
    let root = common::workspace_root();
    let mut examples = Vec::new();
    common::ovm_files(&root.join("examples"), &mut examples);
    let mut files: Vec<(PathBuf, String, bool)> = examples
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (path, name, false)
        })
        .collect();
    let corpus = root.join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping the corpus claims: {} is absent", corpus.display());
        return files;
    }
    for project in ["ovm-contracts", "gazelle"] {
        let mut found = Vec::new();
        common::ovm_files(&corpus.join(project), &mut found);
        found.sort();
        for path in found {
            let name = path
                .strip_prefix(&corpus)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if name.ends_with("testcases/variable/free.ovm") {
                continue; // defective: a free variable
            }
            let compat = project == "gazelle" || name.ends_with("ExitPredicate.ovm");
            files.push((path, name, compat));
        }
    }
    files
}

#[test]
fn every_example_and_typed_corpus_predicate_claims_in_both_shapes() {
    let files = files();
    let programs: Vec<ir::Program> = files
        .iter()
        .map(|(path, _, compat)| compile(path, *compat))
        .collect();
    let local = Deployment::local();
    let file = deployment_file(&programs);
    let mut table = String::new();
    for ((_, name, _), program) in files.iter().zip(&programs) {
        for predicate in &program.predicates {
            let _ = writeln!(table, "{name} {}", predicate.name);
            for shape in [Shape::Compiled, Shape::Expanded] {
                let with_local = outcome(program, &predicate.name, shape, &local);
                let with_file = outcome(program, &predicate.name, shape, &file);
                let _ = writeln!(table, "  {shape:?}: {with_local}");
                if shape == Shape::Expanded {
                    // Only compiled predicates' addresses differ between the two deployments.
                    assert_eq!(
                        with_local.starts_with("not expressible"),
                        with_file.starts_with("not expressible")
                    );
                }
            }
        }
    }
    insta::assert_snapshot!("claims", table);
}

#[test]
fn a_first_argument_that_reads_as_a_label_gets_the_entry_label_first() {
    let program = compile(&common::workspace_root().join("tests/claim/labels.ovm"), false);
    let deployment = Deployment::local();
    let claim_tag = |tag: &str| {
        let args = [("tag".to_string(), tag.to_string())];
        let request = Request {
            predicate: "tagged",
            args: &args,
            shape: Shape::Compiled,
            deployment: &deployment,
        };
        claim(&program, &request).unwrap()
    };
    // `LA` is shorter than 20 bytes and starts with `L`: the contract would dispatch on it.
    let looks_like_label = claim_tag("0x4c41");
    assert_eq!(looks_like_label.inputs.len(), 2);
    assert!(input::is_label(&looks_like_label.inputs[0]));
    assert_eq!(&looks_like_label.inputs[1][..], &[0x4c, 0x41]);
    // Anything else goes first unchanged.
    let plain = claim_tag("0x4d41");
    assert_eq!(plain.inputs.len(), 1);
}
