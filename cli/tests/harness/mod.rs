//! Helpers of the adjudication tests: compiling fixtures, building claims, and deciding them
//! with every decision checked against the on-chain model (`onchain`).
#![allow(dead_code)]

use crate::onchain::{Chain, Kind, Substitution};
use ovm_abi::{Bytes, Deployment, Property, U256, input};
use ovm_compiler::SourceMap;
use ovm_compiler::driver::{self, Options};
use ovm_compiler::ir;
use ovm_compiler::lowering::claim::{self, ClaimError, Request, Shape};
use ovm_compiler::lowering::{compiled_json, program};
use ovm_engine::store::{MemoryStore, WitnessStore};
use ovm_engine::{Decision, Engine, Outcome};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A compiled program: its IR (for claims and the engine) and its compiled-predicate JSON
/// (for the on-chain model).
pub struct Program {
    pub ir: ir::Program,
    pub json: String,
}

impl Program {
    /// Compiles the file at `path` (relative to the workspace root).
    pub fn file(path: &str) -> Program {
        let path = workspace().join(path);
        let mut sources = SourceMap::new();
        let loaded = driver::load(&mut sources, &path).expect("readable fixture");
        Program::compile(sources, loaded.file, Some(&path))
    }

    /// Compiles source text.
    pub fn source(text: &str) -> Program {
        let mut sources = SourceMap::new();
        let loaded = driver::load_bytes(&mut sources, "generated.ovm".into(), text.as_bytes().to_vec())
            .expect("a small source");
        Program::compile(sources, loaded.file, None)
    }

    fn compile(mut sources: SourceMap, file: ovm_compiler::FileId, path: Option<&Path>) -> Program {
        let (compilation, diagnostics) = driver::compile(&mut sources, file, path, Options::default());
        let compilation = compilation.unwrap_or_else(|| panic!("does not compile: {diagnostics:#?}"));
        let json = compiled_json::to_json(&compiled_json::lower(&compilation.ir));
        Program {
            ir: compilation.ir,
            json,
        }
    }

    /// The claim of `predicate` with `args` in `shape`.
    pub fn try_claim(
        &self,
        predicate: &str,
        args: &[(&str, &str)],
        shape: Shape,
    ) -> Result<Property, ClaimError> {
        let args: Vec<(String, String)> = args
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let deployment = Deployment::local();
        claim::claim(
            &self.ir,
            &Request {
                predicate,
                args: &args,
                shape,
                deployment: &deployment,
            },
        )
    }

    pub fn claim(&self, predicate: &str, args: &[(&str, &str)], shape: Shape) -> Property {
        self.try_claim(predicate, args, shape)
            .unwrap_or_else(|e| panic!("cannot claim {predicate} in {shape:?}: {e}"))
    }

    /// An engine with this program loaded, over `store`.
    pub fn engine<'s>(&self, store: &'s MemoryStore) -> Engine<&'s MemoryStore> {
        let mut engine = Engine::new(Deployment::local(), store);
        engine
            .load(program::lower(&self.ir))
            .expect("the program loads in the local deployment");
        engine
    }

    /// The chain with this program's predicates deployed, whose atomic predicates read `store`.
    pub fn chain<'s>(&self, store: &'s dyn WitnessStore) -> Chain<'s> {
        let mut chain = Chain::new(Deployment::local(), store);
        chain.deploy_json(&self.json);
        chain
    }

    /// Decides `property` and checks the decision ([`check`]).
    pub fn decide(&self, store: &MemoryStore, property: &Property) -> Decision {
        let engine = self.engine(store);
        let chain = self.chain(store);
        let decision = engine
            .decide(property)
            .unwrap_or_else(|e| panic!("the engine fails on {}: {e}", chain.show(&property.encode())));
        check(&engine, &chain, property, &decision, 2);
        decision
    }
}

/// Checks a decision against the on-chain model:
/// - a true decision's witness, if any, makes `decideWithWitness` true;
/// - a false decision of anything but an atomic predicate has a challenge, which
///   `isValidChallenge` accepts and which the engine decides true (and that decision is
///   checked in turn, `depth` levels deep);
/// - an unknown decision has neither.
pub fn check<S: WitnessStore>(
    engine: &Engine<S>,
    chain: &Chain<'_>,
    property: &Property,
    decision: &Decision,
    depth: u32,
) {
    let shown = || chain.show(&property.encode());
    match decision.outcome {
        Outcome::True => {
            assert!(decision.challenge.is_none(), "a true {} has a challenge", shown());
            if let Some(witness) = &decision.witness {
                let decided = chain.decide_with_witness(property, witness);
                assert_eq!(
                    decided,
                    Ok(true),
                    "decideWithWitness({}, {witness:?}) is not true\n{}",
                    shown(),
                    decision.trace.render(&|_| None)
                );
            }
        }
        Outcome::False => {
            assert!(decision.witness.is_none(), "a false {} has a witness", shown());
            if let Kind::Atomic(_) = chain.kind(property.predicate_address) {
                assert!(decision.challenge.is_none(), "an atomic predicate is challenged");
                return;
            }
            let challenge = decision
                .challenge
                .as_ref()
                .unwrap_or_else(|| panic!("a false {} has no challenge", shown()));
            if let Err(rule) =
                chain.is_valid_challenge(property, &challenge.challenge_inputs, &challenge.property)
            {
                panic!(
                    "the challenge of {} is invalid: {rule}\nchallenge: {} with inputs {:?}\n{}",
                    shown(),
                    chain.show(&challenge.property.encode()),
                    challenge.challenge_inputs,
                    decision.trace.render(&|_| None)
                );
            }
            let expected_inputs = match chain.kind(property.predicate_address) {
                Kind::Not | Kind::Or | Kind::ThereExists => Some(0),
                Kind::And | Kind::ForAll => Some(1),
                _ => None,
            };
            if let Some(n) = expected_inputs {
                assert_eq!(
                    challenge.challenge_inputs.len(),
                    n,
                    "docs/engine.md's challenge inputs of {}",
                    shown()
                );
            }
            let answer = engine.decide(&challenge.property).expect("the challenge decides");
            assert_eq!(
                answer.outcome,
                Outcome::True,
                "the challenge {} of {} is not decided true\n{}",
                chain.show(&challenge.property.encode()),
                shown(),
                answer.trace.render(&|_| None)
            );
            if depth > 0 {
                check(engine, chain, &challenge.property, &answer, depth - 1);
            }
        }
        Outcome::Unknown => {
            assert!(decision.witness.is_none(), "an unknown {} has a witness", shown());
            assert!(
                decision.challenge.is_none(),
                "an unknown {} has a challenge",
                shown()
            );
        }
    }
}

/// Checks the claim's own witness and challenge with the reference contracts' shallow
/// `replaceVariable` (the expanded shape is written so that it reaches every occurrence).
/// Except where a nested quantifier's hint names a bound variable (`${v}`): the project's
/// contracts write the value into the hint as well, and the reference contracts never do.
pub fn check_reference(program: &Program, store: &MemoryStore, property: &Property, decision: &Decision) {
    let mut chain = program.chain(store);
    chain.substitution = Substitution::Reference;
    if let (Outcome::True, Some(witness)) = (decision.outcome, &decision.witness) {
        assert_eq!(chain.decide_with_witness(property, witness), Ok(true));
    }
    let names_a_variable = property.encode().windows(2).any(|pair| pair == b"${");
    if let (Outcome::False, Some(challenge), false) =
        (decision.outcome, &decision.challenge, names_a_variable)
    {
        chain
            .is_valid_challenge(property, &challenge.challenge_inputs, &challenge.property)
            .unwrap_or_else(|rule| panic!("the reference contracts reject the challenge: {rule}"));
    }
}

/// What a decision looks like, for short assertions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// True, with a witness or not.
    True {
        witness: bool,
    },
    /// False, with the challenge inputs.
    False {
        challenge_inputs: Vec<Bytes>,
    },
    Unknown,
}

pub fn seen(decision: &Decision) -> Seen {
    match decision.outcome {
        Outcome::True => Seen::True {
            witness: decision.witness.is_some(),
        },
        Outcome::False => Seen::False {
            challenge_inputs: decision
                .challenge
                .as_ref()
                .map(|c| c.challenge_inputs.clone())
                .unwrap_or_default(),
        },
        Outcome::Unknown => Seen::Unknown,
    }
}

/// Claims `predicate` in both shapes, decides and checks both, and returns what was seen in
/// the compiled and the expanded shape.
pub fn both(program: &Program, store: &MemoryStore, predicate: &str, args: &[(&str, &str)]) -> (Seen, Seen) {
    let compiled = program.claim(predicate, args, Shape::Compiled);
    let expanded = program.claim(predicate, args, Shape::Expanded);
    let decided = program.decide(store, &compiled);
    let decided_expanded = program.decide(store, &expanded);
    check_reference(program, store, &expanded, &decided_expanded);
    (seen(&decided), seen(&decided_expanded))
}

/// The 32-byte word of a number.
pub fn word(n: u64) -> Bytes {
    input::uint_word(U256::from(n))
}

/// `0x` and the lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    format!("0x{}", ovm_abi::hex::encode(bytes))
}
