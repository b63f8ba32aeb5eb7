//! `ovm claim`: the ABI-encoded claim of a predicate applied to arguments.

use super::compile;
use super::property::{deployment, print};
use crate::cli::{ClaimArgs, ClaimShape};
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_compiler::SourceMap;
use ovm_compiler::lowering::claim::{self, Request, Shape};

/// Compiles the file and prints the claim.
pub fn run(args: &ClaimArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let values = match argument_values(&args.args)? {
        Ok(values) => values,
        Err(message) => return Ok(reporter.user_error(&message)),
    };
    let Some(deployment) = deployment(args.deployment.as_deref(), reporter)? else {
        return Ok(reporter.outcome());
    };
    let mut sources = SourceMap::new();
    let Some(compilation) = compile(&mut sources, &args.file, &args.rules, reporter)? else {
        return Ok(reporter.outcome());
    };
    let request = Request {
        predicate: &args.predicate,
        args: &values,
        shape: shape(args.shape),
        deployment: &deployment,
    };
    match claim::claim(&compilation.ir, &request) {
        Ok(property) => {
            print(&property, args.format, &deployment);
            Ok(reporter.outcome())
        }
        Err(error) => Ok(reporter.user_error(&error)),
    }
}

/// The `NAME=VALUE` arguments as pairs, with `NAME=@FILE` read from the file; a malformed
/// argument is the message of a user error.
pub fn argument_values(args: &[String]) -> anyhow::Result<Result<Vec<(String, String)>, String>> {
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

/// The claim shape the command line chose.
pub fn shape(shape: ClaimShape) -> Shape {
    match shape {
        ClaimShape::Compiled => Shape::Compiled,
        ClaimShape::Expanded => Shape::Expanded,
    }
}
