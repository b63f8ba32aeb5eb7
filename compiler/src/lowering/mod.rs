//! Lowerings of the typed IR for the chain: the compiled-predicate JSON that the existing OVM
//! clients load.

pub mod compiled_json;
