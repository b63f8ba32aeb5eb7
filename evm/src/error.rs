//! What can go wrong on the chain.

use thiserror::Error;

/// Why a deployment, a transaction or a call on the chain failed, or why a game could not be
/// played as the engine says.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EvmError {
    /// An embedded artifact is not what `contracts/build.js` writes.
    #[error("the artifact of {contract} is invalid: {reason}")]
    Artifact {
        /// The contract.
        contract: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A contract of the local deployment landed at another address than
    /// `Deployment::local()` lists.
    #[error("{contract} was deployed at {actual}, but the local deployment has it at {expected}")]
    AddressMismatch {
        /// The name in `LOCAL_ORDER`.
        contract: String,
        /// The address in the local deployment.
        expected: String,
        /// Where it was deployed.
        actual: String,
    },
    /// A creation transaction succeeded but created no account.
    #[error("deploying {contract} created no contract")]
    NotCreated {
        /// What was deployed.
        contract: String,
    },
    /// A transaction or call reverted.
    #[error("{call} reverted: {reason}")]
    Reverted {
        /// The call, e.g. `UAC.challenge`.
        call: String,
        /// The decoded `Error(string)`, `Panic(uint256)`, or the revert data in hex.
        reason: String,
        /// The gas the transaction used (with the intrinsic gas).
        gas_used: u64,
    },
    /// A transaction or call halted: out of gas, invalid opcode, stack overflow, …
    #[error("{call} halted: {reason}")]
    Halted {
        /// The call.
        call: String,
        /// Why it halted.
        reason: String,
        /// The gas the transaction used (with the intrinsic gas).
        gas_used: u64,
    },
    /// The EVM refused the transaction before running it (invalid transaction, database error).
    #[error("{call} could not be executed: {reason}")]
    Transaction {
        /// The call.
        call: String,
        /// Why.
        reason: String,
    },
    /// A call returned data that does not decode as its declared return type.
    #[error("{call} returned undecodable data: {reason}")]
    Decode {
        /// The call.
        call: String,
        /// Why it does not decode.
        reason: String,
    },
    /// The engine could not decide a property a game needs decided.
    #[error("the engine could not decide {property}: {reason}")]
    Engine {
        /// The property, described.
        property: String,
        /// The engine's error.
        reason: String,
    },
    /// The engine's decision cannot be played: the challenge of a false claim is not true.
    #[error("cannot play the game of {property}: {reason}")]
    Disagreement {
        /// The property, described.
        property: String,
        /// What is inconsistent.
        reason: String,
    },
}
