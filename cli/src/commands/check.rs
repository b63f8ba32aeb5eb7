//! `ovm check`: compile the given files and report every diagnostic.

use super::{compile, source_files};
use crate::cli::CheckArgs;
use crate::report::{Outcome, Reporter};
use ovm_compiler::SourceMap;

/// Compiles each file (as the root of its own compilation) and prints its diagnostics, then a
/// summary.
pub fn run(args: &CheckArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let files = source_files(&args.paths)?;
    let mut sources = SourceMap::new();
    for path in &files {
        compile(&mut sources, path, &args.rules, reporter)?;
    }
    if reporter.is_human() {
        eprintln!(
            "checked {} file{}: {} error{}, {} warning{}",
            files.len(),
            plural(files.len()),
            reporter.errors,
            plural(reporter.errors),
            reporter.warnings,
            plural(reporter.warnings),
        );
    }
    Ok(reporter.outcome())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
