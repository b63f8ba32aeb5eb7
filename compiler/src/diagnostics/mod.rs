//! Coded diagnostics: what every compiler pass reports, and how it is shown.
//!
//! A pass produces [`Diagnostic`]s; nothing in a pass prints. The [`render`] module turns them
//! into the human-readable form (through `codespan-reporting`) or into JSON.

mod code;
pub mod render;

pub use code::Code;

use crate::source::{FileId, Span};
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not fail the command.
    Warning,
    /// The program is wrong; the command fails.
    Error,
}

/// A span with a message, pointing into a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The file the span is in.
    pub file: FileId,
    /// The labelled bytes.
    pub span: Span,
    /// What the label says (may be empty).
    pub message: String,
    /// Whether this is the diagnostic's main location.
    pub primary: bool,
}

/// One coded message about a source file, with labelled spans, notes and an optional hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, such as `E0106`.
    pub code: Code,
    /// The severity, fixed by the code.
    pub severity: Severity,
    /// The one-line summary.
    pub message: String,
    /// The labelled spans; the first is the primary one.
    pub labels: Vec<Label>,
    /// Further explanation, one paragraph each.
    pub notes: Vec<String>,
    /// A suggestion for fixing the problem.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with code `code` whose primary span is `span` in `file`.
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            labels: vec![Label {
                file,
                span,
                message: String::new(),
                primary: true,
            }],
            notes: Vec::new(),
            help: None,
        }
    }

    /// Sets the message of the primary label.
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.labels[0].message = message.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets the hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The primary label.
    pub fn primary(&self) -> &Label {
        &self.labels[0]
    }

    /// Whether this diagnostic fails the command.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many diagnostics a pass reports at most; the rest are counted in a note on the last one.
pub const MAX_REPORTED: usize = 100;

/// Collects one pass's diagnostics, bounding how many are kept, so that a file with errors on
/// every line costs bounded memory and time to report.
#[derive(Debug, Default)]
pub struct Sink {
    kept: Vec<Diagnostic>,
    errors: usize,
    dropped: usize,
}

impl Sink {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.errors += usize::from(diagnostic.is_error());
        if self.kept.len() < MAX_REPORTED {
            self.kept.push(diagnostic);
        } else {
            self.dropped += 1;
        }
    }

    /// Whether no more diagnostics will be kept: a pass may stop looking for more.
    pub fn is_full(&self) -> bool {
        self.kept.len() >= MAX_REPORTED
    }

    /// Whether any error was recorded (kept or not).
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Orders the kept diagnostics by file and position (for passes that visit definitions
    /// in another order than the source's).
    pub fn sort_by_position(&mut self) {
        self.kept
            .sort_by_key(|d| (d.primary().file, d.primary().span.start));
    }

    /// The kept diagnostics; the last says how many more there were.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0
            && let Some(last) = self.kept.last_mut()
        {
            last.notes.push(format!(
                "{} more diagnostics of this pass are not shown; fix these first",
                self.dropped
            ));
        }
        self.kept
    }
}
