//! Lowerings of the typed IR for the chain: the compiled-predicate JSON that the existing OVM
//! clients load, and claims (ABI-encoded properties) for the Universal Adjudication Contract.

pub mod claim;
pub mod compiled_json;
pub mod literal;
