//! The OVM predicate language compiler.
//!
//! The pipeline runs one way: [`syntax`] turns source text into a syntax tree, reporting
//! [`diagnostics`] with spans into the files of a [`source::SourceMap`].

pub mod diagnostics;
pub mod driver;
pub mod format;
pub mod hir;
pub mod ir;
pub mod lowering;
pub mod modules;
pub mod resolve;
pub mod source;
pub mod stdlib;
mod suggest;
pub mod syntax;
pub mod typeck;
pub mod types;

pub use diagnostics::{Code, Diagnostic, Severity};
pub use source::{FileId, SourceMap, Span};
