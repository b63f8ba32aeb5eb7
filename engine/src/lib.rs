//! The OVM engine: decides properties locally, the way the adjudication contracts will.
//!
//! - [`program`]: the model of compiled predicates the evaluator runs;
//! - [`bytecode`]: the `.ovmb` format, its writer, its verifying loader and its disassembler;
//! - [`store`]: witness stores (in memory, from a witness file, persistent);
//! - [`atomic`]: the atomic predicates, natively, with the contracts' semantics;
//! - [`outcome`]: true, false or unknown.
//!
//! The engine depends on nothing that reads `.ovm` source, so a wallet can embed it alone.

pub mod atomic;
pub mod bytecode;
pub mod outcome;
pub mod program;
pub mod store;

pub use outcome::Outcome;
