//! The OVM engine: decides properties locally, the way the adjudication contracts will, and
//! gives the witness that proves a true claim or the challenge that defeats a false one.
//!
//! - [`program`]: the model of compiled predicates the evaluator runs;
//! - [`bytecode`]: the `.ovmb` format, its writer, its verifying loader and its disassembler;
//! - [`engine`]: the evaluator ([`Engine::decide`]);
//! - [`mod@derive`]: witnesses and challenges, read off the decision tree ([`trace`]);
//! - [`expand`]: properties of the universal connectives, decoded into programs;
//! - [`hint`]: quantifier domains named by hints;
//! - [`store`]: witness stores (in memory, from a witness file, persistent);
//! - [`atomic`]: the atomic predicates, natively, with the contracts' semantics.
//!
//! The engine depends on nothing that reads `.ovm` source, so a wallet can embed it alone.

pub mod atomic;
pub mod bytecode;
pub mod derive;
pub mod engine;
pub mod expand;
pub mod frame;
pub mod hint;
pub mod materialize;
pub mod outcome;
pub mod program;
pub mod store;
pub mod trace;

pub use derive::Challenge;
pub use engine::{Decision, Engine, EvalError, Limits, LoadError};
pub use outcome::Outcome;
pub use trace::Trace;
