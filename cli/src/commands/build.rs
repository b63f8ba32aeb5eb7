//! `ovm build`: compile a file and write one of its lowerings.

use super::compile;
use crate::cli::{BuildArgs, Emit};
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_compiler::lowering::compiled_json;
use ovm_compiler::{SourceMap, ir};

/// Compiles the file and writes the requested output, if it compiled.
pub fn run(args: &BuildArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let mut sources = SourceMap::new();
    let Some(compilation) = compile(&mut sources, &args.file, &args.rules, reporter)? else {
        return Ok(reporter.outcome());
    };
    let output = match args.emit {
        Emit::Ir => ir::print(&compilation.ir),
        Emit::Json => compiled_json::to_json(&compiled_json::lower(&compilation.ir)),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, output).with_context(|| format!("cannot write `{}`", path.display()))?
        }
        None => print!("{output}"),
    }
    Ok(reporter.outcome())
}
