//! Showing diagnostics: as `codespan-reporting` text for people, or as JSON lines for tools.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use codespan_reporting::diagnostic as cs;
pub use codespan_reporting::term::termcolor;
use codespan_reporting::term::{self, Config, termcolor::WriteColor};
use serde::Serialize;

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<crate::source::FileId> {
    let severity = match diagnostic.severity {
        Severity::Warning => cs::Severity::Warning,
        Severity::Error => cs::Severity::Error,
    };
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            let style = if label.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, label.file, label.span.range()).with_message(&label.message)
        })
        .collect();
    let mut notes = diagnostic.notes.clone();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes diagnostics for people, in colour when `writer` supports it.
pub fn emit(
    writer: &mut dyn WriteColor,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let config = Config::default();
    for diagnostic in diagnostics {
        term::emit_to_write_style(writer, &config, sources, &to_codespan(diagnostic))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Renders diagnostics as plain text (no colour): the form used by snapshot tests.
pub fn to_plain_text(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        term::emit_to_string(&mut out, &config, sources, &to_codespan(diagnostic))
            .expect("every diagnostic points into a file of the source map");
    }
    out
}

/// The JSON form of a label.
#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    file: &'a str,
    start: u32,
    end: u32,
    line: usize,
    column: usize,
    primary: bool,
}

/// The JSON form of a diagnostic: one object per line with `--message-format json`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    start: u32,
    end: u32,
    line: usize,
    column: usize,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
}

/// Renders one diagnostic as a single line of JSON with the keys `code`, `severity`,
/// `message`, `file`, `start`, `end`, `line`, `column`, `labels`, `notes` and `help`.
/// Offsets are bytes; lines and columns are 1-based, columns counted in characters.
pub fn to_json(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let labels: Vec<JsonLabel<'_>> = diagnostic
        .labels
        .iter()
        .map(|label| {
            let (line, column) = sources.line_column(label.file, label.span.start as usize);
            JsonLabel {
                message: &label.message,
                file: sources.name(label.file),
                start: label.span.start,
                end: label.span.end,
                line,
                column,
                primary: label.primary,
            }
        })
        .collect();
    let primary = &labels[0];
    let json = JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        file: primary.file,
        start: primary.start,
        end: primary.end,
        line: primary.line,
        column: primary.column,
        notes: &diagnostic.notes,
        help: diagnostic.help.as_deref(),
        labels,
    };
    serde_json::to_string(&json).expect("diagnostics always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::source::Span;

    #[test]
    fn json_has_the_documented_keys() {
        let mut sources = SourceMap::new();
        let file = sources.add("a.ovm", "def f() := \n  #");
        let diagnostic = Diagnostic::new(
            Code::UnknownCharacter,
            file,
            Span::new(14, 15),
            "unknown character `#`",
        )
        .with_label("not part of any token");
        let json: serde_json::Value = serde_json::from_str(&to_json(&sources, &diagnostic)).unwrap();
        assert_eq!(json["code"], "E0101");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["file"], "a.ovm");
        assert_eq!(
            (json["start"].as_u64(), json["end"].as_u64()),
            (Some(14), Some(15))
        );
        assert_eq!(
            (json["line"].as_u64(), json["column"].as_u64()),
            (Some(2), Some(3))
        );
        assert_eq!(json["labels"][0]["message"], "not part of any token");
        assert_eq!(json["labels"][0]["primary"], true);
    }

    #[test]
    fn plain_text_shows_code_and_caret() {
        let mut sources = SourceMap::new();
        let file = sources.add("a.ovm", "x #");
        let diagnostic = Diagnostic::new(
            Code::UnknownCharacter,
            file,
            Span::new(2, 3),
            "unknown character `#`",
        );
        let text = to_plain_text(&sources, &[diagnostic]);
        assert!(text.starts_with("error[E0101]: unknown character `#`"), "{text}");
        assert!(text.contains("a.ovm:1:3"), "{text}");
    }
}
