//! `ovm test --evm`: scenario cases played on the in-process EVM (`ovm-evm`) as well as decided
//! by the engine, with the generated compiled-predicate contracts deployed from their artifacts.

use crate::commands::files_under;
use anyhow::Context;
use ovm_abi::{Address, Bytes, Deployment, Property};
use ovm_compiler::lowering::solidity::{self, ConstructorParam};
use ovm_engine::materialize::connective_address;
use ovm_engine::program::{Origin, Predicate, Program};
use ovm_engine::store::MemoryStore;
use ovm_engine::{Decision, Engine};
use ovm_evm::{Chain, GameDecision, Played};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One artifact file of generated Solidity, as `contracts/build.js` writes it.
#[derive(Debug, Deserialize)]
struct ArtifactFile {
    /// The Solidity source it was compiled from.
    source: String,
    /// Its contracts, by name.
    contracts: BTreeMap<String, ContractArtifact>,
}

#[derive(Debug, Deserialize)]
struct ContractArtifact {
    /// The creation code, `0x` hex.
    bytecode: String,
}

/// The compiled-predicate artifacts under a directory (`--artifacts`).
#[derive(Debug, Default)]
pub struct Artifacts {
    files: Vec<(PathBuf, ArtifactFile)>,
}

impl Artifacts {
    /// Reads every `*.json` file under `dir`, recursively; each must be an artifact of
    /// generated Solidity (`{source, contracts}`).
    pub fn read(dir: &Path) -> anyhow::Result<Artifacts> {
        let paths = files_under(&[dir.to_path_buf()], "artifacts (`*.json`)", &|path| {
            path.extension().is_some_and(|e| e == "json")
        })?;
        let mut files = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let file: ArtifactFile = serde_json::from_str(&text).with_context(|| {
                format!(
                    "`{}` is not an artifact of generated Solidity ({{\"source\", \"contracts\"}}, as contracts/build.js writes)",
                    path.display()
                )
            })?;
            files.push((path, file));
        }
        Ok(Artifacts { files })
    }

    /// The creation code of a compiled predicate: from the artifact whose source has exactly
    /// the contract the compiler generates for it now.
    fn bytecode(&self, predicate: &Predicate) -> Result<Bytes, String> {
        let contract = solidity::contract_source(predicate);
        let found = self.files.iter().find_map(|(path, file)| {
            let artifact = file.contracts.get(&predicate.name)?;
            file.source.contains(&contract).then_some((path, artifact))
        });
        let Some((path, artifact)) = found else {
            return Err(format!(
                "no artifact has the contract `{}` as the compiler generates it now: generate it with \
                 `ovm build FILE --emit solidity`, compile it (contracts/build.js does for the examples), \
                 and pass the artifacts' directory with `--artifacts`",
                predicate.name
            ));
        };
        artifact.bytecode.parse().map_err(|e| {
            format!(
                "`{}`: the bytecode of `{}` is not hex: {e}",
                path.display(),
                predicate.name
            )
        })
    }
}

/// The ABI-encoded arguments of a generated contract's constructor:
/// `(address[] addresses, bytes[] constants)` in the order of
/// [`solidity::constructor_params`].
pub fn constructor_args(predicate: &Predicate, deployment: &Deployment) -> anyhow::Result<Bytes> {
    use alloy_sol_types::SolValue;
    let mut addresses: Vec<Address> = Vec::new();
    let mut constants: Vec<Bytes> = Vec::new();
    for param in solidity::constructor_params(predicate) {
        match param {
            ConstructorParam::Adjudicator => addresses.push(deployment.adjudicator),
            ConstructorParam::Utils => addresses.push(deployment.utils),
            ConstructorParam::Connective(c) => addresses.push(connective_address(deployment, c)),
            ConstructorParam::Atomic(name) => addresses.push(deployment.atomic(&name)?),
            ConstructorParam::Compiled(name) => addresses.push(deployment.compiled(&name)?),
            ConstructorParam::Constant(name, ty) => constants.push(deployment.constant_as(&name, ty)?),
        }
    }
    Ok((addresses, constants).abi_encode_params().into())
}

/// A chain with the local deployment and a scenario's compiled predicates, each deployed at
/// its address in the deployment; cases are played on forks of it.
pub struct ScenarioChain {
    chain: Chain,
}

impl ScenarioChain {
    /// Deploys the compiled predicates of the programs from their artifacts. The scenario
    /// must use the built-in local deployment, which is what the chain has.
    pub fn new(
        programs: &[Program],
        deployment: &Deployment,
        artifacts: &Artifacts,
    ) -> Result<ScenarioChain, String> {
        let mut chain = Chain::local().map_err(|e| e.to_string())?;
        if chain.deployment() != deployment {
            return Err(
                "`--evm` plays scenarios on the built-in local deployment; this one names a deployment file"
                    .into(),
            );
        }
        for predicate in programs.iter().flat_map(|p| &p.predicates) {
            if predicate.origin != Origin::Compiled {
                continue;
            }
            let mut code = artifacts.bytecode(predicate)?.to_vec();
            code.extend_from_slice(&constructor_args(predicate, deployment).map_err(|e| format!("{e:#}"))?);
            let address = deployment.compiled(&predicate.name).map_err(|e| e.to_string())?;
            chain
                .deploy_at(address, code.into())
                .map_err(|e| format!("deploying `{}`: {e}", predicate.name))?;
        }
        Ok(ScenarioChain { chain })
    }

    /// Plays a case's claim as the engine decided it, on a fork of the chain with the case's
    /// storage values, and checks that the chain decides as the engine did.
    pub fn play<S: ovm_engine::store::WitnessStore>(
        &self,
        store: &MemoryStore,
        engine: &Engine<S>,
        property: &Property,
        decision: &Decision,
    ) -> Result<Played, String> {
        let mut chain = self.chain.fork();
        chain.load_storage(store).map_err(|e| e.to_string())?;
        let mut decide = |p: &Property| engine.decide(p).map_err(|e| e.to_string());
        let played = ovm_evm::play(&mut chain, property, decision, &mut decide)
            .map_err(|e| format!("on chain: {e}"))?;
        let expected = GameDecision::from(decision.outcome);
        if played.result != expected {
            return Err(format!(
                "on chain: the claim was decided {:?}, the engine decided {}\n{}",
                played.result,
                decision.outcome.name(),
                played.steps.join("\n")
            ));
        }
        Ok(played)
    }
}
