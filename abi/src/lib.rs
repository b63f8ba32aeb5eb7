//! The on-chain side of OVM properties: what the UniversalAdjudicationContract and the
//! predicates see.
//!
//! - [`property`]: the `Property` struct, `abi.encode(property)`, property ids, strict decoding
//!   and the calldata of `claimProperty`;
//! - [`input`]: the encodings of values in a property's inputs (address and number words,
//!   ranges, labels, placeholders);
//! - [`value`]: parsing values that users write, by type, into input encodings;
//! - [`mod@describe`]: a readable tree of a property and the properties nested in it;
//! - [`deployment`]: deployment files, the addresses of contracts and predicates and the
//!   deployment constants, with a built-in one for local development chains.
//!
//! The encodings follow the contracts byte for byte; `Property::encode` is `abi.encode` of the
//! tuple `(address,bytes[])`, leading `0x20` offset word included.

pub mod deployment;
pub mod describe;
pub mod input;
pub mod property;
mod serde_hex;
pub mod types;
pub mod value;

pub use alloy_primitives::{Address, B256, Bytes, U256, hex, keccak256};
pub use deployment::{Connectives, Deployment, DeploymentError};
pub use describe::describe;
pub use input::MarkerError;
pub use property::{CLAIM_PROPERTY_SELECTOR, DecodeError, Property, claim_property_calldata};
pub use types::Type;
pub use value::{ValueError, parse_address, parse_hex, parse_value};
