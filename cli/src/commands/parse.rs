//! `ovm parse`: print a file's syntax tree.

use super::load;
use crate::cli::{ParseArgs, TreeFormat};
use crate::report::{Outcome, Reporter};
use ovm_compiler::SourceMap;
use ovm_compiler::syntax::{self, dump};

/// Parses the file, prints its tree on stdout and its syntax diagnostics on stderr.
pub fn run(args: &ParseArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let mut sources = SourceMap::new();
    let loaded = load(&mut sources, &args.file)?;
    if let Some(error) = loaded.encoding_error {
        reporter.diagnostics(&sources, &[error]);
        return Ok(reporter.outcome());
    }
    let (tree, diagnostics) = syntax::parse(sources.text(loaded.file), loaded.file);
    match args.format {
        TreeFormat::Outline => print!("{}", dump::outline(&tree)),
        TreeFormat::Json => println!("{}", serde_json::to_string_pretty(&tree)?),
    }
    reporter.diagnostics(&sources, &diagnostics);
    Ok(reporter.outcome())
}
