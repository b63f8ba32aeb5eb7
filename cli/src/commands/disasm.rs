//! `ovm disasm`: a readable listing of a bytecode file.

use crate::cli::DisasmArgs;
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_engine::bytecode;

/// Loads (and so verifies) the bytecode and prints its listing.
pub fn run(args: &DisasmArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("cannot read `{}`", args.file.display()))?;
    match bytecode::load(&bytes) {
        Ok(program) => {
            print!("{}", bytecode::disassemble(&program));
            Ok(reporter.outcome())
        }
        Err(error) => {
            let message = format!("`{}` is not valid bytecode: {error}", args.file.display());
            Ok(reporter.user_error(&message))
        }
    }
}
