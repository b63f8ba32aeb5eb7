//! Decisions per second, against the old TypeScript client's figures
//! (`../shared/reference/peer-figures.md`), on the same properties:
//!
//! - `recover`: one secp256k1 public-key recovery, the bare cost the ownership check rests on;
//! - `ownership`: `∃ sig ∈ signatures(tx): IsValidSignature(tx, sig, owner, "secp256k1")`,
//!   true (one valid signature stored) and false (the store vouches that there is none), as a
//!   compiled predicate (the program `ovm build --emit bytecode` gives for
//!   `examples/plasma/ownership.ovm`) and as an expanded connective property;
//! - `for_all_numbers`: `∀ n ∈ NUMBER(0..N): IsLessThan(n, N)`, N = 1,000 and 1,000,000;
//! - `pure_logic`: `And(Not(Equal(a,b)), Or(Equal(a,a), Equal(b,c)))`, no crypto;
//! - `equal`: one `Equal`.
//!
//! Every decision includes decoding the claim, the store lookups, the decision tree and the
//! witness or challenge. Run with `cargo bench -p ovm-engine --bench decide`.

use alloy_primitives::{Address, Bytes, U256, hex, keccak256};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ovm_abi::{Deployment, Property, Type, input};
use ovm_engine::atomic::signature::{address_of, ecrecover, sign};
use ovm_engine::program::{
    Arg, ArgSource, Call, Connective, Contract, HintPart, Operand, Origin, Param, Predicate, Program,
    Quantifier,
};
use ovm_engine::store::MemoryStore;
use ovm_engine::{Engine, Limits, Outcome};
use secp256k1::{PublicKey, SECP256K1, SecretKey};
use std::hint::black_box;

const TX: &[u8] = b"a plasma transaction, as the bytes the owner signs";

/// The Ownership predicate as the compiler lowers `examples/plasma/ownership.ovm`.
fn ownership_program() -> Program {
    let value = |i| Arg::whole(ArgSource::Value(i));
    Program {
        predicates: vec![Predicate {
            name: "Ownership".into(),
            params: vec![
                Param {
                    name: "owner".into(),
                    ty: Type::Address,
                },
                Param {
                    name: "tx".into(),
                    ty: Type::Bytes,
                },
            ],
            contracts: vec![Contract {
                label: "OwnershipT".into(),
                connective: Connective::ThereExists,
                values: vec!["owner".into(), "tx".into()],
                quantifier: Some(Quantifier {
                    variable: "v0".into(),
                    hint: vec![
                        HintPart::Text("signatures,KEY,".into()),
                        HintPart::Value(value(1)),
                    ],
                    written: Bytes::from_static(b"signatures,KEY,${tx}"),
                }),
                operands: vec![Operand {
                    call: Call::Atomic("IsValidSignature".into()),
                    args: vec![
                        value(1),
                        Arg::whole(ArgSource::Bound),
                        value(0),
                        Arg::whole(ArgSource::Constant("secp256k1".into(), Type::Bytes)),
                    ],
                }],
            }],
            entry: 0,
            origin: Origin::Compiled,
        }],
    }
}

struct Fixture {
    deployment: Deployment,
    owner: Address,
    signature: Bytes,
}

fn fixture() -> Fixture {
    let key = SecretKey::from_byte_array(keccak256(b"bench owner").0).expect("a valid key");
    Fixture {
        deployment: Deployment::local(),
        owner: address_of(&PublicKey::from_secret_key(SECP256K1, &key)),
        signature: Bytes::from(sign(keccak256(TX), &key).to_vec()),
    }
}

fn engine(f: &Fixture, store: MemoryStore) -> Engine<MemoryStore> {
    let mut engine = Engine::new(f.deployment.clone(), store).with_limits(Limits {
        domain: 2_000_000,
        steps: 10_000_000,
        ..Limits::default()
    });
    engine
        .load(ownership_program())
        .expect("the deployment has what Ownership needs");
    engine
}

fn claims(f: &Fixture) -> [(&'static str, Property); 2] {
    let owner = input::address_word(f.owner);
    let tx = Bytes::from_static(TX);
    let compiled = Property::new(
        f.deployment.compiled("Ownership").unwrap(),
        vec![owner.clone(), tx.clone()],
    );
    let atom = Property::new(
        f.deployment.atomic("IsValidSignature").unwrap(),
        vec![
            tx.clone(),
            input::placeholder("v0").unwrap(),
            owner,
            Bytes::from_static(b"secp256k1"),
        ],
    );
    let hint = format!("signatures,KEY,{}", hex::encode_prefixed(TX));
    let expanded = Property::new(
        f.deployment.connectives.there_exists_such_that,
        vec![
            Bytes::from(hint.into_bytes()),
            Bytes::from_static(b"v0"),
            atom.encode().into(),
        ],
    );
    [("compiled", compiled), ("expanded", expanded)]
}

fn recover(c: &mut Criterion) {
    let f = fixture();
    let signature: [u8; 65] = f.signature.as_ref().try_into().unwrap();
    let hash = keccak256(TX);
    c.bench_function("recover", |b| {
        b.iter(|| ecrecover(black_box(hash), black_box(&signature)))
    });
}

fn ownership(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("ownership");
    let mut signed = MemoryStore::default();
    signed.put_signature(TX, f.signature.clone());
    let mut none = MemoryStore::default();
    none.vouch_signatures(TX);
    for (case, store, expected) in [("true", signed, Outcome::True), ("false", none, Outcome::False)] {
        let engine = engine(&f, store);
        for (shape, claim) in claims(&f) {
            assert_eq!(engine.decide(&claim).unwrap().outcome, expected, "{case} {shape}");
            group.bench_with_input(BenchmarkId::new(case, shape), &claim, |b, claim| {
                b.iter(|| engine.decide(black_box(claim)).unwrap())
            });
        }
    }
    group.finish();
}

fn for_all_numbers(c: &mut Criterion) {
    let f = fixture();
    let engine = engine(&f, MemoryStore::default());
    let mut group = c.benchmark_group("for_all_numbers");
    for n in [1_000u64, 1_000_000] {
        let upper = input::uint_word(U256::from(n));
        let hint = format!(
            "range,NUMBER,{}-{}",
            hex::encode_prefixed(input::uint_word(U256::ZERO)),
            hex::encode_prefixed(&upper)
        );
        let body = Property::new(
            f.deployment.atomic("IsLessThan").unwrap(),
            vec![input::placeholder("n").unwrap(), upper],
        );
        let claim = Property::new(
            f.deployment.connectives.for_all_such_that,
            vec![
                Bytes::from(hint.into_bytes()),
                Bytes::from_static(b"n"),
                body.encode().into(),
            ],
        );
        assert_eq!(engine.decide(&claim).unwrap().outcome, Outcome::True);
        group.throughput(Throughput::Elements(n));
        if n > 1_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &claim, |b, claim| {
            b.iter(|| engine.decide(black_box(claim)).unwrap())
        });
    }
    group.finish();
}

fn pure_logic(c: &mut Criterion) {
    let f = fixture();
    let engine = engine(&f, MemoryStore::default());
    let d = &f.deployment;
    let word = |n: u64| input::uint_word(U256::from(n));
    let equal = |a: Bytes, b: Bytes| Property::new(d.atomic("Equal").unwrap(), vec![a, b]);
    let enc = |p: Property| -> Bytes { p.encode().into() };
    let (a, b, cc) = (word(1), word(2), word(3));
    let claim = Property::new(
        d.connectives.and,
        vec![
            enc(Property::new(
                d.connectives.not,
                vec![enc(equal(a.clone(), b.clone()))],
            )),
            enc(Property::new(
                d.connectives.or,
                vec![enc(equal(a.clone(), a.clone())), enc(equal(b.clone(), cc))],
            )),
        ],
    );
    assert_eq!(engine.decide(&claim).unwrap().outcome, Outcome::True);
    c.bench_function("pure_logic", |bench| {
        bench.iter(|| engine.decide(black_box(&claim)).unwrap())
    });
    let one = equal(a.clone(), a);
    c.bench_function("equal", |bench| {
        bench.iter(|| engine.decide(black_box(&one)).unwrap())
    });
}

criterion_group!(benches, recover, ownership, for_all_numbers, pure_logic);
criterion_main!(benches);
