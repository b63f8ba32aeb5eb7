//! Runs the passes over files: reading sources from disk and compiling them.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, MAX_SOURCE_LEN, SourceMap, Span};
use crate::typeck::{self, Typing};
use crate::{hir, ir, modules, resolve};
use std::io;
use std::path::Path;

/// A source file read from disk.
#[derive(Debug)]
pub struct Loaded {
    /// Its id in the source map.
    pub file: FileId,
    /// Present when the bytes are not UTF-8: the file cannot be compiled, and its text in the
    /// source map has the invalid bytes replaced so that this diagnostic can be shown.
    pub encoding_error: Option<Diagnostic>,
}

/// Reads the file at `path` into `sources`, under the path as its display name.
pub fn load(sources: &mut SourceMap, path: &Path) -> io::Result<Loaded> {
    let bytes = std::fs::read(path)?;
    load_bytes(sources, path.display().to_string(), bytes)
}

/// Adds `bytes` to `sources` under `name`, checking that they are UTF-8. Fails (with
/// [`io::ErrorKind::FileTooLarge`]) for texts of [`MAX_SOURCE_LEN`] bytes or more, whose offsets
/// would not fit a [`Span`].
pub fn load_bytes(sources: &mut SourceMap, name: String, bytes: Vec<u8>) -> io::Result<Loaded> {
    if bytes.len() >= MAX_SOURCE_LEN {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "the file has {} bytes; source files must be under 4 GiB",
                bytes.len()
            ),
        ));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Loaded {
            file: sources.add(name, text),
            encoding_error: None,
        },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = sources.add(name, text);
            // Offsets before the first invalid byte are the same in the file and in the stored text.
            let diagnostic = Diagnostic::new(
                Code::InvalidUtf8,
                file,
                Span::new(offset, offset),
                "file is not valid UTF-8",
            )
            .with_label(format!("invalid byte sequence at byte offset {offset}"))
            .with_note("OVM source files must be encoded as UTF-8");
            Loaded {
                file,
                encoding_error: Some(diagnostic),
            }
        }
    })
}

/// What the passes are asked to accept and report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Accept the old dialect's loose rules (see [`resolve::Options::compat`]).
    pub compat: bool,
    /// Report implicit conversions through `Bytes` (warning W0301).
    pub strict: bool,
}

/// Everything the passes produced for a compilation without errors.
#[derive(Debug)]
pub struct Compilation {
    /// The resolved definitions of every module.
    pub program: hir::Program,
    /// Their types.
    pub typing: Typing,
    /// The root file's compiled predicates.
    pub ir: ir::Program,
    /// The compiled predicates of the files the root file imports (directly or not), which
    /// its predicates may call: a decision needs their code too.
    pub imported: ir::Program,
}

/// What the front-end passes found out about a file, errors or not: for tools that answer
/// questions about source being edited (the language server), which need the syntax trees and
/// whatever the later passes could still produce.
#[derive(Debug)]
pub struct Analysis {
    /// The parsed root file, the prelude and every module they import (always present:
    /// parsing recovers from syntax errors).
    pub modules: modules::Modules,
    /// The resolved definitions, when name resolution ran: parsing reported no error. Names
    /// that did not resolve are left out of it.
    pub program: Option<hir::Program>,
    /// The inferred types, when type checking ran: parsing and name resolution reported no
    /// error.
    pub typing: Option<Typing>,
    /// The diagnostics of every pass that ran, in order: exactly those of [`compile`].
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Whether a pass reported an error (so the file cannot be compiled).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs the front-end passes on the root file `file` (read from `path`, which locates its
/// imports) as [`compile`] does: each pass only if the ones before it reported no error. Keeps
/// what they produced, and does not lower to the IR.
pub fn analyze(sources: &mut SourceMap, file: FileId, path: Option<&Path>, options: Options) -> Analysis {
    let (modules, mut diagnostics) = modules::load(sources, file, path);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Analysis {
            modules,
            program: None,
            typing: None,
            diagnostics,
        };
    }
    let (program, resolution) = resolve::resolve(
        &modules,
        resolve::Options {
            compat: options.compat,
        },
    );
    let failed = resolution.has_errors();
    diagnostics.extend(resolution.finish());
    if failed {
        return Analysis {
            modules,
            program: Some(program),
            typing: None,
            diagnostics,
        };
    }
    let (typing, typing_diagnostics) = typeck::check(&program, options.strict, options.compat);
    diagnostics.extend(typing_diagnostics.finish());
    Analysis {
        modules,
        program: Some(program),
        typing: Some(typing),
        diagnostics,
    }
}

/// Runs every pass on the root file `file` (read from `path`, which locates its imports).
/// Each pass runs only if the ones before it reported no error; the diagnostics of all that
/// ran are returned, in order.
pub fn compile(
    sources: &mut SourceMap,
    file: FileId,
    path: Option<&Path>,
    options: Options,
) -> (Option<Compilation>, Vec<Diagnostic>) {
    let analysis = analyze(sources, file, path, options);
    if analysis.has_errors() {
        return (None, analysis.diagnostics);
    }
    let Analysis {
        modules,
        program,
        typing,
        diagnostics,
    } = analysis;
    // The syntax trees are not needed by the lowering.
    drop(modules);
    let (Some(program), Some(typing)) = (program, typing) else {
        unreachable!("without errors, every pass ran")
    };
    let ir = ir::lower(&program, &typing);
    let imported = ir::lower_imported(&program, &typing);
    (
        Some(Compilation {
            program,
            typing,
            ir,
            imported,
        }),
        diagnostics,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_a_diagnostic_at_the_first_bad_byte() {
        let mut sources = SourceMap::new();
        let loaded = load_bytes(&mut sources, "bad.ovm".into(), b"def f() := \xff\xfe".to_vec()).unwrap();
        let diagnostic = loaded.encoding_error.expect("not UTF-8");
        assert_eq!(diagnostic.code, Code::InvalidUtf8);
        assert_eq!(diagnostic.primary().span.start, 11);
    }
}
