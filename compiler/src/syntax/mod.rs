//! Concrete syntax: tokens, lexer, parser, the syntax tree, and printing it back.

pub mod ast;
mod construct;
pub mod dump;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod token;

pub use parser::parse;
