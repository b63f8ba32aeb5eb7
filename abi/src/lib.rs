//! The on-chain side of OVM properties.

pub mod types;

pub use types::Type;
