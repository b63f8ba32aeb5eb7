//! Lowerings of the typed IR: the compiled-predicate JSON that the existing OVM clients load,
//! the engine's program (and so its bytecode), and claims (ABI-encoded properties) for the
//! Universal Adjudication Contract, and the compiled predicates as Solidity contracts.

pub mod claim;
pub mod compiled_json;
pub mod literal;
pub mod program;
pub mod solidity;
