//! `ovm claim`: the ABI-encoded claim of a predicate applied to arguments.

use super::compile;
use super::property::{deployment, print};
use crate::cli::{ClaimArgs, ClaimShape, ClaimTarget};
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_abi::{Deployment, Property};
use ovm_compiler::SourceMap;
use ovm_compiler::driver::Compilation;
use ovm_compiler::ir;
use ovm_compiler::lowering::claim::{self, Request, Shape};

/// Compiles the file and prints the claim.
pub fn run(args: &ClaimArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    Ok(match build(&args.claim, reporter)? {
        Ok(claimed) => {
            print(&claimed.property, args.format, &claimed.deployment);
            reporter.outcome()
        }
        Err(outcome) => outcome,
    })
}

/// A claim, with what it was built from.
pub struct Claimed {
    /// The claim.
    pub property: Property,
    /// The deployment it was built against.
    pub deployment: Deployment,
    /// The compiled file.
    pub compilation: Compilation,
}

/// Reads the arguments and the deployment, compiles the file and builds the claim; or the
/// outcome of the errors it reported.
pub fn build(target: &ClaimTarget, reporter: &mut Reporter) -> anyhow::Result<Result<Claimed, Outcome>> {
    let values = match argument_values(&target.args)? {
        Ok(values) => values,
        Err(message) => return Ok(Err(reporter.user_error(&message))),
    };
    let Some(deployment) = deployment(target.deployment.as_deref(), reporter)? else {
        return Ok(Err(reporter.outcome()));
    };
    let mut sources = SourceMap::new();
    let Some(compilation) = compile(&mut sources, &target.file, &target.rules, reporter)? else {
        return Ok(Err(reporter.outcome()));
    };
    let request = Request {
        predicate: &target.predicate,
        args: &values,
        shape: match target.shape {
            ClaimShape::Compiled => Shape::Compiled,
            ClaimShape::Expanded => Shape::Expanded,
        },
        deployment: &deployment,
    };
    Ok(match claim::claim(&claimable(&compilation), &request) {
        Ok(property) => Ok(Claimed {
            property,
            deployment,
            compilation,
        }),
        Err(error) => Err(reporter.user_error(&error)),
    })
}

/// The `NAME=VALUE` arguments as pairs, with `NAME=@FILE` read from the file; a malformed
/// argument is the message of a user error.
fn argument_values(args: &[String]) -> anyhow::Result<Result<Vec<(String, String)>, String>> {
    let mut values = Vec::with_capacity(args.len());
    for arg in args {
        let Some((name, value)) = arg.split_once('=') else {
            return Ok(Err(format!("bad --arg `{arg}`: expected NAME=VALUE")));
        };
        let value = match value.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the value of `{name}` from `{path}`"))?
                .trim()
                .to_string(),
            None => value.to_string(),
        };
        values.push((name.to_string(), value));
    }
    Ok(Ok(values))
}

/// The predicates a claim may name or expand: the file's, then those of the files it imports
/// (whose code the expanded shape writes in place of their calls).
pub fn claimable(compilation: &Compilation) -> ir::Program {
    ir::Program {
        predicates: compilation
            .ir
            .predicates
            .iter()
            .chain(&compilation.imported.predicates)
            .cloned()
            .collect(),
    }
}
