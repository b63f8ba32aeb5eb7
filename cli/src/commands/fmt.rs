//! `ovm fmt`: lay `.ovm` files out in the canonical style, or check that they are.

use super::{load, source_files};
use crate::cli::FmtArgs;
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_compiler::SourceMap;
use ovm_compiler::format::{FormatError, format_in};
use std::path::Path;

/// The most lines of each side that `--check` shows of a difference.
const DIFF_LINES: usize = 8;

/// Formats each file in place (writing only the files that change), or with `--check` lists
/// the files that are not formatted. Files with syntax errors are reported and left alone.
pub fn run(args: &FmtArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let files = source_files(&args.paths)?;
    let mut sources = SourceMap::new();
    let (mut changed, mut unchanged, mut failed) = (0usize, 0usize, 0usize);
    for path in &files {
        let loaded = load(&mut sources, path)?;
        if let Some(error) = loaded.encoding_error {
            reporter.diagnostics(&sources, &[error]);
            failed += 1;
            continue;
        }
        let text = sources.text(loaded.file);
        let formatted = match format_in(text, loaded.file) {
            Ok(formatted) => formatted,
            Err(FormatError::Syntax(diagnostics)) => {
                reporter.diagnostics(&sources, &diagnostics);
                failed += 1;
                continue;
            }
            Err(error) => {
                reporter.user_error(&format_args!("cannot format `{}`: {error}", path.display()));
                failed += 1;
                continue;
            }
        };
        if formatted == text {
            unchanged += 1;
        } else {
            changed += 1;
            if args.check {
                print!("{}", difference(path, text, &formatted));
            } else {
                std::fs::write(path, &formatted)
                    .with_context(|| format!("cannot write `{}`", path.display()))?;
            }
        }
    }
    if reporter.is_human() {
        let total = files.len();
        let errors = if failed > 0 {
            format!(", {failed} with errors")
        } else {
            String::new()
        };
        if args.check {
            if changed > 0 {
                let (verb, them) = if changed == 1 {
                    ("is", "it")
                } else {
                    ("are", "them")
                };
                eprintln!(
                    "{changed} of {total} file{} {verb} not formatted{errors}; `ovm fmt` formats {them}",
                    plural(total)
                );
            } else {
                eprintln!("checked {total} file{}: all formatted{errors}", plural(total));
            }
        } else {
            eprintln!(
                "formatted {total} file{}: {changed} changed, {unchanged} unchanged{errors}",
                plural(total)
            );
        }
    }
    Ok(if args.check && changed > 0 {
        Outcome::SourceErrors
    } else {
        reporter.outcome()
    })
}

/// The first difference between `text` and `formatted`, as a short diff: from the first line
/// that differs to the nearest lines where the two agree again, at most [`DIFF_LINES`] lines
/// of each side.
fn difference(path: &Path, text: &str, formatted: &str) -> String {
    let old: Vec<&str> = text.lines().collect();
    let new: Vec<&str> = formatted.lines().collect();
    let first = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let (old_end, new_end) = resync(&old[first..], &new[first..]);
    let mut out = format!("{}: not formatted, from line {}:\n", path.display(), first + 1);
    for (sign, lines) in [
        ('-', &old[first..first + old_end]),
        ('+', &new[first..first + new_end]),
    ] {
        for line in lines.iter().take(DIFF_LINES) {
            out.push_str(format!("{sign} {line}").trim_end_matches(' '));
            out.push('\n');
        }
        if lines.len() > DIFF_LINES {
            out.push_str(&format!("{sign} … {} more lines\n", lines.len() - DIFF_LINES));
        }
    }
    if old_end == 0 && new_end == 0 {
        out.push_str("  (only line endings, or blank lines at the end of the file, differ)\n");
    }
    out
}

/// How many lines of `old` and of `new` (which differ in their first line) to show: up to the
/// nearest place where they agree again for two lines (or to their ends).
fn resync(old: &[&str], new: &[&str]) -> (usize, usize) {
    const SEARCH: usize = 200;
    let agree = |i: usize, j: usize| (0..2).all(|k| old.get(i + k) == new.get(j + k));
    for distance in 1..=SEARCH {
        for i in 0..=distance {
            let j = distance - i;
            if i <= old.len() && j <= new.len() && agree(i, j) {
                return (i, j);
            }
        }
    }
    (old.len().min(SEARCH), new.len().min(SEARCH))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
