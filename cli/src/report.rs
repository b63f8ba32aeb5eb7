//! Printing diagnostics and fatal errors, and the exit status they lead to.

use crate::cli::{ColorMode, MessageFormat};
use ovm_compiler::SourceMap;
use ovm_compiler::diagnostics::render::termcolor::{ColorChoice, StandardStream};
use ovm_compiler::diagnostics::{Diagnostic, render};
use std::io::IsTerminal;
use std::process::ExitCode;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong.
    Success,
    /// The sources have errors (exit status 1).
    SourceErrors,
    /// A bad command line or unreadable file (exit status 2).
    UsageOrIo,
}

impl Outcome {
    /// The process exit status.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::SourceErrors => ExitCode::from(1),
            Outcome::UsageOrIo => ExitCode::from(2),
        }
    }
}

/// Prints diagnostics in the chosen format and counts them.
pub struct Reporter {
    format: MessageFormat,
    stderr: StandardStream,
    /// Errors printed so far.
    pub errors: usize,
    /// Warnings printed so far.
    pub warnings: usize,
}

impl Reporter {
    /// A reporter for the given colour mode and format.
    pub fn new(color: ColorMode, format: MessageFormat) -> Reporter {
        let choice = match color {
            ColorMode::Always => ColorChoice::Always,
            ColorMode::Never => ColorChoice::Never,
            ColorMode::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
            ColorMode::Auto => ColorChoice::Never,
        };
        Reporter {
            format,
            stderr: StandardStream::stderr(choice),
            errors: 0,
            warnings: 0,
        }
    }

    /// Prints diagnostics about files in `sources`.
    pub fn diagnostics(&mut self, sources: &SourceMap, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            if diagnostic.is_error() {
                self.errors += 1;
            } else {
                self.warnings += 1;
            }
        }
        match self.format {
            MessageFormat::Human => {
                // A closed stderr leaves nothing to report to.
                let _ = render::emit(&mut self.stderr, sources, diagnostics);
            }
            MessageFormat::Json => {
                for diagnostic in diagnostics {
                    println!("{}", render::to_json(sources, diagnostic));
                }
            }
        }
    }

    /// Prints an error that is not about source code (a bad argument, an unreadable file).
    pub fn fatal(&mut self, error: &anyhow::Error) {
        eprintln!("error: {error:#}");
    }

    /// Prints an error in what the user asked for (a bad value, an undecodable property) and
    /// counts it like a source error: exit status 1.
    pub fn user_error(&mut self, error: &dyn std::fmt::Display) -> Outcome {
        eprintln!("error: {error}");
        self.errors += 1;
        Outcome::SourceErrors
    }

    /// The outcome given the diagnostics printed so far.
    pub fn outcome(&self) -> Outcome {
        if self.errors > 0 {
            Outcome::SourceErrors
        } else {
            Outcome::Success
        }
    }

    /// Whether summaries for people should be printed.
    pub fn is_human(&self) -> bool {
        self.format == MessageFormat::Human
    }
}
