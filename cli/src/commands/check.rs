//! `ovm check`: report every diagnostic of the given files.

use super::{load, source_files};
use crate::cli::CheckArgs;
use crate::report::{Outcome, Reporter};
use ovm_compiler::{SourceMap, driver};

/// Checks each file and prints its diagnostics, then a summary.
pub fn run(args: &CheckArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let files = source_files(&args.paths)?;
    let mut sources = SourceMap::new();
    for path in &files {
        let loaded = load(&mut sources, path)?;
        let diagnostics = match loaded.encoding_error {
            Some(error) => vec![error],
            None => driver::check(&sources, loaded.file).1,
        };
        reporter.diagnostics(&sources, &diagnostics);
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
