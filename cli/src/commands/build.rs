//! `ovm build`: compile a file and write one of its lowerings.

use super::compile;
use crate::cli::{BuildArgs, Emit};
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_compiler::lowering::{compiled_json, program, solidity};
use ovm_compiler::{SourceMap, ir};
use ovm_engine::bytecode;
use std::io::{IsTerminal, Write};

/// Compiles the file and writes the requested output, if it compiled.
pub fn run(args: &BuildArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let mut sources = SourceMap::new();
    let Some(compilation) = compile(&mut sources, &args.file, &args.rules, reporter)? else {
        return Ok(reporter.outcome());
    };
    let output = match args.emit {
        Emit::Ir => ir::print(&compilation.ir).into_bytes(),
        Emit::Json => compiled_json::to_json(&compiled_json::lower(&compilation.ir)).into_bytes(),
        Emit::Bytecode => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                anyhow::bail!("bytecode is binary: write it to a file with `--output FILE.ovmb`");
            }
            bytecode::encode(&program::lower(&compilation.ir))
                .context("the program cannot be written as bytecode")?
        }
        Emit::Solidity => {
            let name = args.file.file_name().map_or_else(
                || args.file.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            match solidity::generate(&program::lower(&compilation.ir), &name) {
                Ok(text) => text.into_bytes(),
                Err(error) => return Ok(reporter.user_error(&error)),
            }
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, output).with_context(|| format!("cannot write `{}`", path.display()))?
        }
        None => std::io::stdout()
            .write_all(&output)
            .context("cannot write to standard output")?,
    }
    Ok(reporter.outcome())
}
