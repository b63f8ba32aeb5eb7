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
    let mut values = Vec::with_capacity(args.args.len());
    for arg in &args.args {
        let Some((name, value)) = arg.split_once('=') else {
            return Ok(reporter.user_error(&format!("bad --arg `{arg}`: expected NAME=VALUE")));
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
        shape: match args.shape {
            ClaimShape::Compiled => Shape::Compiled,
            ClaimShape::Expanded => Shape::Expanded,
        },
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
