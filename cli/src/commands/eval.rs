//! `ovm eval`: decide a claim locally with the engine.

use super::claim::{Claimed, build};
use crate::cli::{DecisionFormat, EvalArgs};
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_abi::{Bytes, Deployment, describe};
use ovm_compiler::lowering::program;
use ovm_engine::store::{MemoryStore, WitnessFile};
use ovm_engine::{Decision, Engine, Limits};

/// Compiles the file, builds the claim, decides it and prints the decision.
pub fn run(args: &EvalArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let store = match &args.witness {
        None => MemoryStore::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the witness file `{}`", path.display()))?;
            match WitnessFile::from_json(&text) {
                Ok(file) => file.into_store(),
                Err(error) => {
                    let message = format!("bad witness file `{}`: {error}", path.display());
                    return Ok(reporter.user_error(&message));
                }
            }
        }
    };
    let claimed = match build(&args.claim, reporter)? {
        Ok(claimed) => claimed,
        Err(outcome) => return Ok(outcome),
    };
    let Claimed {
        property,
        deployment,
        compilation,
    } = claimed;
    let limits = Limits {
        steps: args.max_steps,
        domain: args.max_domain,
        ..Limits::default()
    };
    let mut engine = Engine::new(deployment.clone(), store).with_limits(limits);
    for ir in [&compilation.ir, &compilation.imported] {
        if let Err(error) = engine.load(program::lower(ir)) {
            return Ok(reporter.user_error(&error));
        }
    }
    match engine.decide(&property) {
        Ok(decision) => {
            print(&decision, args.format, &deployment);
            Ok(reporter.outcome())
        }
        Err(error) => Ok(reporter.user_error(&error)),
    }
}

fn hex_list(values: &[Bytes]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

fn print(decision: &Decision, format: DecisionFormat, deployment: &Deployment) {
    let names = |address| deployment.name_of(address);
    match format {
        DecisionFormat::Json => {
            let challenge = decision.challenge.as_ref().map(|c| {
                serde_json::json!({
                    "property": c.property,
                    "encoded": Bytes::from(c.property.encode()).to_string(),
                    "id": c.property.id().to_string(),
                    "challenge_inputs": hex_list(&c.challenge_inputs),
                })
            });
            let object = serde_json::json!({
                "outcome": decision.outcome,
                "witness": decision.witness.as_deref().map(hex_list),
                "challenge": challenge,
                "steps": decision.steps,
            });
            println!("{object}");
        }
        DecisionFormat::Text => {
            println!("outcome: {}", decision.outcome);
            if let Some(witness) = &decision.witness {
                println!(
                    "witness (for decideClaimWithWitness): [{}]",
                    hex_list(witness).join(", ")
                );
            } else if decision.outcome == ovm_engine::Outcome::True {
                println!("witness: none; the claim becomes true when the dispute period passes unchallenged");
            }
            if let Some(challenge) = &decision.challenge {
                println!("challenge:");
                for line in describe(&challenge.property, &names).lines() {
                    println!("  {line}");
                }
                println!(
                    "  challenge inputs: [{}]",
                    hex_list(&challenge.challenge_inputs).join(", ")
                );
                println!("  encoded: {}", Bytes::from(challenge.property.encode()));
                println!("  id:      {}", challenge.property.id());
            }
            println!("steps: {}", decision.steps);
            println!("decision:");
            for line in decision.trace.render(&names).lines() {
                println!("  {line}");
            }
        }
    }
}
