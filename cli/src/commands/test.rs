//! `ovm test`: runs scenario files and reports each case like a test runner.

use super::claim::claimable;
use super::property::deployment;
use super::{compile, files_under};
use crate::cli::{Rules, TestArgs};
use crate::onchain::{Artifacts, ScenarioChain};
use crate::report::{Outcome, Reporter};
use crate::scenario::{self, Case, Scenario, Shape};
use ovm_abi::{Bytes, Deployment};
use ovm_compiler::SourceMap;
use ovm_compiler::lowering::claim::{self, Request};
use ovm_compiler::lowering::program;
use ovm_engine::program::Program;
use ovm_engine::store::MemoryStore;
use ovm_engine::{Decision, Engine, Outcome as EngineOutcome};
use ovm_evm::Played;
use std::collections::BTreeMap;
use std::path::Path;
use std::path::PathBuf;

/// Runs every scenario under the paths; exit status 1 if any case fails.
pub fn run(args: &TestArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let files = scenario_files(&args.paths)?;
    // `--artifacts` requires `--evm` (clap checks it).
    let artifacts = match &args.artifacts {
        Some(dir) => Some(Artifacts::read(dir)?),
        None => args.evm.then(Artifacts::default),
    };
    let mut gas = GasReport::default();
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        println!("{}", file.display());
        let scenario = match scenario::read(file) {
            Ok(scenario) => scenario,
            Err(error) => {
                println!("  FAILED  the scenario cannot be read:");
                for line in format!("{error:#}").lines() {
                    println!("          {line}");
                }
                failed += 1;
                continue;
            }
        };
        match prepare(&scenario, reporter)? {
            Some((ir, programs, deployment)) => {
                let chain = artifacts
                    .as_ref()
                    .map(|artifacts| ScenarioChain::new(&programs, &deployment, artifacts));
                for case in &scenario.cases {
                    for &shape in &case.shapes {
                        let label = format!("{} ({})", case.name, shape.name());
                        let context = Context {
                            scenario: &scenario,
                            ir: &ir,
                            programs: &programs,
                            deployment: &deployment,
                            chain: chain.as_ref(),
                        };
                        match check(&context, case, shape) {
                            Ok(played) => {
                                println!("  ok      {label}");
                                passed += 1;
                                if let Some((outcome, witness, played)) = played {
                                    gas.add(file, case, shape, (outcome, witness), &played);
                                }
                            }
                            Err(report) => {
                                println!("  FAILED  {label}");
                                for line in report.lines() {
                                    println!("          {line}");
                                }
                                failed += 1;
                            }
                        }
                    }
                }
            }
            None => {
                println!("  FAILED  `{}` does not compile", scenario.source.display());
                failed += 1;
            }
        }
    }
    let verdict = if failed == 0 { "ok" } else { "FAILED" };
    let on_chain = if args.evm { " (engine and EVM)" } else { "" };
    println!("\ntest result: {verdict}. {passed} passed, {failed} failed{on_chain}");
    if args.gas_report {
        println!("\n{}", gas.table());
    }
    Ok(if failed == 0 {
        reporter.outcome()
    } else {
        Outcome::SourceErrors
    })
}

/// The scenario's compiled file, the engine's programs (the file's, then those of the files it
/// imports) and the deployment; `None` if its source has errors.
fn prepare(
    scenario: &Scenario,
    reporter: &mut Reporter,
) -> anyhow::Result<Option<(ovm_compiler::ir::Program, [Program; 2], Deployment)>> {
    let Some(deployment) = deployment(scenario.deployment.as_deref(), reporter)? else {
        return Ok(None);
    };
    let mut sources = SourceMap::new();
    let rules = Rules {
        compat: false,
        strict: false,
    };
    let Some(compilation) = compile(&mut sources, &scenario.source, &rules, reporter)? else {
        return Ok(None);
    };
    let programs = [
        program::lower(&compilation.ir),
        program::lower(&compilation.imported),
    ];
    Ok(Some((claimable(&compilation), programs, deployment)))
}

/// What the cases of one scenario are checked with.
struct Context<'a> {
    scenario: &'a Scenario,
    ir: &'a ovm_compiler::ir::Program,
    programs: &'a [Program],
    deployment: &'a Deployment,
    /// With `--evm`: the chain to play the cases on, or why there is none.
    chain: Option<&'a Result<ScenarioChain, String>>,
}

/// Decides one case in one shape (and plays it on chain with `--evm`); the report of what
/// differs, if anything.
fn check(
    context: &Context<'_>,
    case: &Case,
    shape: Shape,
) -> Result<Option<(EngineOutcome, bool, Played)>, String> {
    let Context {
        scenario,
        ir,
        programs,
        deployment,
        chain,
    } = *context;
    let request = Request {
        predicate: &case.predicate,
        args: &case.args,
        shape: match shape {
            Shape::Compiled => claim::Shape::Compiled,
            Shape::Expanded => claim::Shape::Expanded,
        },
        deployment,
    };
    let property = claim::claim(ir, &request).map_err(|e| format!("cannot build the claim: {e}"))?;
    let empty = MemoryStore::default();
    let store = case.store.as_ref().map_or(&empty, |name| &scenario.stores[name]);
    let mut engine = Engine::new(deployment.clone(), store);
    for program in programs {
        engine.load(program.clone()).map_err(|e| e.to_string())?;
    }
    let decision = engine
        .decide(&property)
        .map_err(|e| format!("the engine stopped: {e}"))?;
    let mut differences = Vec::new();
    if decision.outcome.name() != case.expect {
        differences.push(difference("outcome", &case.expect, decision.outcome.name()));
    }
    if let Some(expected) = &case.witness {
        let actual = decision.witness.as_deref().map_or("none".to_string(), list);
        if decision.witness.as_ref() != Some(expected) {
            differences.push(difference("witness", &list(expected), &actual));
        }
    }
    let challenge = decision.challenge.as_ref();
    if let Some(expected) = &case.challenge {
        let actual = challenge.map(|c| Bytes::from(c.property.encode()));
        if actual.as_ref() != Some(expected) {
            let actual = actual.map_or("none".to_string(), |a| a.to_string());
            differences.push(difference("challenge", &expected.to_string(), &actual));
        }
    }
    if let Some(expected) = &case.challenge_inputs {
        let actual = challenge.map(|c| &c.challenge_inputs);
        if actual != Some(expected) {
            let actual = actual.map_or("none".to_string(), |a| list(a));
            differences.push(difference("challenge inputs", &list(expected), &actual));
        }
    }
    let atomic = matches!(decision.trace.node, ovm_engine::trace::Node::Atomic { .. });
    if decision.outcome == ovm_engine::Outcome::False && challenge.is_none() && !atomic {
        differences.push(
            "challenge: none, so the false claim could not be defeated on chain (report this as a bug)"
                .to_string(),
        );
    }
    if differences.is_empty() {
        let Some(chain) = chain else {
            return Ok(None);
        };
        let chain = chain.as_ref().map_err(|e| format!("on chain: {e}"))?;
        let played = chain
            .play(store, &engine, &property, &decision)
            .map_err(|e| format!("{e}\n{}", tree(&decision, deployment)))?;
        return Ok(Some((decision.outcome, decision.witness.is_some(), played)));
    }
    Err(format!(
        "{}\n{}",
        differences.join("\n"),
        tree(&decision, deployment)
    ))
}

fn difference(what: &str, expected: &str, actual: &str) -> String {
    format!("{what}:\n  expected: {expected}\n  actual:   {actual}")
}

fn list(values: &[Bytes]) -> String {
    let items: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// The decision tree that led to the outcome.
fn tree(decision: &Decision, deployment: &Deployment) -> String {
    let rendered = decision.trace.render(&|address| deployment.name_of(address));
    format!(
        "decision:\n{}",
        rendered
            .lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

/// The scenario files named by `paths`: files as given, directories searched recursively for
/// `*.test.toml`.
fn scenario_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    files_under(paths, "scenario files (`*.test.toml`)", &|path| {
        path.to_string_lossy().ends_with(".test.toml")
    })
}

/// The gas of each predicate's games on chain, per claim shape: the first true case's claim and
/// decision, and the first false case's challenge and decision.
#[derive(Default)]
struct GasReport {
    rows: BTreeMap<(String, String, &'static str), GasRow>,
}

#[derive(Default)]
struct GasRow {
    claim: Option<u64>,
    decide_true: Option<(u64, bool)>,
    challenge: Option<u64>,
    decide_false: Option<u64>,
}

impl GasReport {
    /// Adds a played case; `decided` is the engine's outcome and whether it had a witness.
    fn add(
        &mut self,
        file: &Path,
        case: &Case,
        shape: Shape,
        decided: (EngineOutcome, bool),
        played: &Played,
    ) {
        let (outcome, witness) = decided;
        let example = file.file_name().map_or_else(String::new, |n| {
            n.to_string_lossy().trim_end_matches(".test.toml").to_string()
        });
        let row = self
            .rows
            .entry((example, case.predicate.clone(), shape.name()))
            .or_default();
        match outcome {
            EngineOutcome::True if row.decide_true.is_none() => {
                row.claim = Some(played.gas.claim);
                row.decide_true = Some((played.gas.decide, witness));
            }
            EngineOutcome::False if row.decide_false.is_none() => {
                row.claim.get_or_insert(played.gas.claim);
                row.challenge = played.gas.challenge;
                row.decide_false = Some(played.gas.decide);
            }
            _ => {}
        }
    }

    fn table(&self) -> String {
        let cell = |gas: Option<u64>| gas.map_or("–".to_string(), thousands);
        let mut out = String::from(
            "| example | predicate | shape | claim | decide true | challenge | decide false |\n\
             | --- | --- | --- | ---: | ---: | ---: | ---: |\n",
        );
        for ((example, predicate, shape), row) in &self.rows {
            let decide_true = match row.decide_true {
                Some((gas, true)) => format!("{} (witness)", thousands(gas)),
                Some((gas, false)) => format!("{} (timeout)", thousands(gas)),
                None => "–".to_string(),
            };
            out.push_str(&format!(
                "| {example} | {predicate} | {shape} | {} | {decide_true} | {} | {} |\n",
                cell(row.claim),
                cell(row.challenge),
                cell(row.decide_false),
            ));
        }
        out
    }
}

/// A number with thousands separators: `123,456`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
