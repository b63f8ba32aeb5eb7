//! The OVM predicate language compiler.
//!
//! The pipeline runs one way: [`syntax`] turns source text into a syntax tree, reporting
//! [`diagnostics`] with spans into the files of a [`source::SourceMap`].

pub mod diagnostics;
pub mod driver;
pub mod source;
pub mod syntax;

pub use diagnostics::{Code, Diagnostic, Severity};
pub use source::{FileId, SourceMap, Span};
