//! The compiler's coded diagnostics as LSP diagnostics, and which file each is published for.
//!
//! A document's analysis reports exactly the diagnostics `ovm check` prints for it: those of
//! the document and those of the files it imports (a syntax error in an imported file stops
//! the compilation). Each is published for the file its primary label is in. Several open
//! documents can report about one file (two documents importing one library): what is
//! published for a file is the union of what every open document reports about it.

use crate::analysis::Analysis;
use lsp_types::{Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Url};
use ovm_compiler::diagnostics::{self as compiler, Severity};
use rustc_hash::FxHashMap as HashMap;

/// The LSP form of a compiler diagnostic, and the file it is about; `None` for a diagnostic
/// about a file that has no URI.
pub fn convert(analysis: &Analysis, diagnostic: &compiler::Diagnostic) -> Option<(Url, Diagnostic)> {
    let primary = diagnostic.primary();
    let location = analysis.location(primary.file, primary.span)?;
    let mut message = diagnostic.message.clone();
    if !primary.message.is_empty() {
        message.push('\n');
        message.push_str(&primary.message);
    }
    for note in &diagnostic.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter(|label| !label.primary)
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: analysis.location(label.file, label.span)?,
                message: label.message.clone(),
            })
        })
        .collect();
    let lsp = Diagnostic {
        range: location.range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        code_description: None,
        source: Some("ovm".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    };
    Some((location.uri, lsp))
}

/// A document's diagnostics, grouped by the file they are about (the document's own URI is
/// always present, possibly with none).
pub fn by_file(uri: &Url, analysis: &Analysis) -> HashMap<Url, Vec<Diagnostic>> {
    let mut files: HashMap<Url, Vec<Diagnostic>> = HashMap::default();
    files.insert(uri.clone(), Vec::new());
    for diagnostic in &analysis.result.diagnostics {
        if let Some((file, d)) = convert(analysis, diagnostic) {
            files.entry(file).or_default().push(d);
        }
    }
    files
}

/// What each open document reports about each file, and so what is published for it.
#[derive(Debug, Default)]
pub struct Published {
    /// Per file, per reporting document, its diagnostics.
    reports: HashMap<Url, HashMap<Url, Vec<Diagnostic>>>,
    /// Per reporting document, the files it reports about.
    files_of: HashMap<Url, Vec<Url>>,
}

impl Published {
    /// Records what document `reporter` now reports (replacing what it reported before); returns
    /// the files whose published diagnostics change, with what to publish for each.
    pub fn update(
        &mut self,
        reporter: &Url,
        files: HashMap<Url, Vec<Diagnostic>>,
    ) -> Vec<(Url, Vec<Diagnostic>)> {
        let before = self.files_of.remove(reporter).unwrap_or_default();
        let mut touched: Vec<Url> = before;
        for file in files.keys() {
            if !touched.contains(file) {
                touched.push(file.clone());
            }
        }
        for file in &touched {
            if let Some(reports) = self.reports.get_mut(file) {
                reports.remove(reporter);
            }
        }
        let mut now = Vec::with_capacity(files.len());
        for (file, diagnostics) in files {
            now.push(file.clone());
            self.reports
                .entry(file)
                .or_default()
                .insert(reporter.clone(), diagnostics);
        }
        self.files_of.insert(reporter.clone(), now);
        touched.into_iter().map(|file| self.collect(file)).collect()
    }

    /// Forgets what document `reporter` reported (it was closed); returns the files whose
    /// published diagnostics change.
    pub fn remove(&mut self, reporter: &Url) -> Vec<(Url, Vec<Diagnostic>)> {
        let files = self.files_of.remove(reporter).unwrap_or_default();
        for file in &files {
            if let Some(reports) = self.reports.get_mut(file) {
                reports.remove(reporter);
            }
        }
        files.into_iter().map(|file| self.collect(file)).collect()
    }

    /// The union of what is reported about `file`, without duplicates.
    fn collect(&mut self, file: Url) -> (Url, Vec<Diagnostic>) {
        let mut all: Vec<Diagnostic> = Vec::new();
        if let Some(reports) = self.reports.get(&file) {
            // A file's own report first, then the others in a fixed order.
            let mut reporters: Vec<&Url> = reports.keys().collect();
            reporters.sort_by_key(|r| (*r != &file, r.as_str()));
            for reporter in reporters {
                for d in &reports[reporter] {
                    if !all.contains(d) {
                        all.push(d.clone());
                    }
                }
            }
            if reports.is_empty() {
                self.reports.remove(&file);
            }
        }
        (file, all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use ovm_compiler::driver::Options;

    fn url(s: &str) -> Url {
        Url::parse(&format!("file:///{s}")).unwrap()
    }

    fn diagnostic(message: &str) -> Diagnostic {
        Diagnostic::new_simple(Range::default(), message.to_string())
    }

    #[test]
    fn converts_code_range_and_related_labels() {
        let uri = url("a.ovm");
        let text = "def f(a) := Foo(a)\ndef f(b) := Equal(b, b)";
        let analysis = Analysis::new(&uri, None, text, Options::default(), None);
        let files = by_file(&uri, &analysis);
        let diagnostics = &files[&uri];
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code.clone().unwrap()).collect();
        assert!(
            codes.contains(&NumberOrString::String("E0203".into())),
            "{codes:?}"
        );
        let duplicate = diagnostics
            .iter()
            .find(|d| d.code == Some(NumberOrString::String("E0203".into())))
            .unwrap();
        assert_eq!(duplicate.range.start, Position::new(1, 4));
        assert_eq!(duplicate.range.end, Position::new(1, 5));
        let related = duplicate.related_information.as_ref().unwrap();
        assert_eq!(related[0].location.uri, uri);
        assert_eq!(related[0].location.range.start, Position::new(0, 4));
        assert_eq!(related[0].message, "first defined here");
        assert_eq!(duplicate.severity, Some(DiagnosticSeverity::ERROR));
        assert!(duplicate.message.starts_with("`f` is defined twice"));
    }

    #[test]
    fn publishes_the_union_of_reports_and_clears_what_is_gone() {
        let mut published = Published::default();
        let (a, b, lib) = (url("a.ovm"), url("b.ovm"), url("lib.ovm"));
        let report = |own: &Url, items: Vec<(&Url, &str)>| {
            let mut files: HashMap<Url, Vec<Diagnostic>> = HashMap::default();
            files.insert(own.clone(), Vec::new());
            for (file, message) in items {
                files.entry(file.clone()).or_default().push(diagnostic(message));
            }
            files
        };
        let changes = published.update(&a, report(&a, vec![(&lib, "broken")]));
        assert_eq!(changes.len(), 2);
        let changes = published.update(&b, report(&b, vec![(&lib, "broken")]));
        let for_lib = changes.iter().find(|(u, _)| u == &lib).unwrap();
        assert_eq!(for_lib.1.len(), 1, "the same diagnostic once");
        // `a` no longer reports about `lib`; `b` still does.
        let changes = published.update(&a, report(&a, vec![]));
        let for_lib = changes.iter().find(|(u, _)| u == &lib).unwrap();
        assert_eq!(for_lib.1.len(), 1);
        let changes = published.remove(&b);
        let for_lib = changes.iter().find(|(u, _)| u == &lib).unwrap();
        assert!(for_lib.1.is_empty());
        assert!(changes.iter().any(|(u, d)| u == &b && d.is_empty()));
    }
}
