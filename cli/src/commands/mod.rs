//! One module per subcommand.

pub mod build;
pub mod check;
pub mod claim;
pub mod disasm;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod lsp;
pub mod parse;
pub mod property;
pub mod test;

use crate::cli::Rules;
use crate::report::Reporter;
use anyhow::Context;
use ovm_compiler::SourceMap;
use ovm_compiler::driver::{self, Compilation, Loaded};
use std::path::{Path, PathBuf};

/// Reads a source file, naming it in the error when it cannot be read.
pub fn load(sources: &mut SourceMap, path: &Path) -> anyhow::Result<Loaded> {
    driver::load(sources, path).with_context(|| format!("cannot read `{}`", path.display()))
}

/// Reads and compiles the file at `path`, printing its diagnostics; the compilation if it
/// had no error.
pub fn compile(
    sources: &mut SourceMap,
    path: &Path,
    rules: &Rules,
    reporter: &mut Reporter,
) -> anyhow::Result<Option<Compilation>> {
    let loaded = load(sources, path)?;
    if let Some(error) = loaded.encoding_error {
        reporter.diagnostics(sources, &[error]);
        return Ok(None);
    }
    let options = driver::Options {
        compat: rules.compat,
        strict: rules.strict,
    };
    let (compilation, diagnostics) = driver::compile(sources, loaded.file, Some(path), options);
    reporter.diagnostics(sources, &diagnostics);
    Ok(compilation)
}

/// The `.ovm` files named by `paths`: files as given, directories searched recursively (in
/// sorted order, so that output is deterministic).
pub fn source_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    files_under(paths, "`.ovm` files", &|path| {
        path.extension().is_some_and(|e| e == "ovm")
    })
}

/// The files named by `paths`: files as given, and in directories, searched recursively in
/// sorted order, the files that `wanted` accepts (`what` names them in the error for a
/// directory that has none).
pub fn files_under(
    paths: &[PathBuf],
    what: &str,
    wanted: &dyn Fn(&Path) -> bool,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        if metadata.is_dir() {
            let before = files.len();
            collect(path, wanted, &mut files)?;
            anyhow::ensure!(
                files.len() > before,
                "no {what} in directory `{}`",
                path.display()
            );
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect(dir: &Path, wanted: &dyn Fn(&Path) -> bool, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory `{}`", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read directory `{}`", dir.display()))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, wanted, files)?;
        } else if wanted(&path) {
            files.push(path);
        }
    }
    Ok(())
}
