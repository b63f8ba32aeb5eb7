//! The value types of the language: the ABI's input types, shared with every lowering.

pub use ovm_abi::Type;
