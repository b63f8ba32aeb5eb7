//! The OVM contracts (`contracts/`) running on an in-process EVM.
//!
//! [`Chain::local`] starts a revm chain (Cancun rules, block 1) and deploys the compiled
//! contracts — Utils, the Universal Adjudication Contract, the connectives, the atomic
//! predicates and three `KeyValueStorage` contracts — exactly at the addresses of
//! [`ovm_abi::Deployment::local`]. The chain has typed calls of the UAC (claim, challenge,
//! decide, read a game's decision), can place more contracts at chosen addresses
//! ([`Chain::deploy_at`], for compiled predicates at their stand-in addresses) and can load the
//! storage values of an engine store ([`Chain::load_storage`]) so that `IsStored` reads on
//! chain what the engine reads.
//!
//! [`play()`] plays one claim's dispute game as the engine's [`ovm_engine::Decision`] says it
//! should go — decide with a witness, wait out the dispute period, challenge and decide the
//! challenge, or record an atomic property false — and returns what the chain decided and the
//! gas, for comparison with the engine.
//!
//! The contracts are embedded from the committed artifacts ([`artifacts`]); regenerate them
//! with `node build.js` in `contracts/`.

pub mod artifacts;
pub mod chain;
pub mod error;
pub mod play;
mod sol;

pub use artifacts::Contract;
pub use chain::{Chain, GameDecision, Receipt};
pub use error::EvmError;
pub use play::{Gas, Played, play};
