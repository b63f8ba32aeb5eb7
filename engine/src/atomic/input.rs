//! Reading the inputs of an atomic predicate: their number and their encodings, with the reason
//! when they are wrong.
//!
//! Direct inputs must be exactly their encoding ([`ovm_abi::input`]): a 32-byte word, a 64-byte
//! range, a clean address word. ABI-encoded structures (inclusion proofs, transactions) are read
//! the way Solidity's `abi.decode` reads them: addresses must be clean, trailing bytes and
//! non-canonical offsets are accepted.

use super::{AbiFault, Atomic, Encoding, Range, Reason};
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::SolType;
use alloy_sol_types::abi::AbiDecoderConfig;
use ovm_abi::input::{decode_address_word, decode_range, decode_uint_word};

/// The inputs as an array of the predicate's arity.
pub(super) fn arguments<const N: usize>(atomic: Atomic, inputs: &[Bytes]) -> Result<&[Bytes; N], Reason> {
    inputs.try_into().map_err(|_| Reason::Arity {
        atomic,
        got: inputs.len(),
    })
}

/// Checks that input `input` is `expected.size()` bytes long.
fn length(input: usize, bytes: &[u8], expected: Encoding) -> Result<(), Reason> {
    if Some(bytes.len()) == expected.size() {
        Ok(())
    } else {
        Err(Reason::Length {
            input,
            len: bytes.len(),
            expected,
        })
    }
}

/// Input `input` as a uint256 word.
pub(super) fn uint(input: usize, bytes: &[u8]) -> Result<U256, Reason> {
    length(input, bytes, Encoding::Uint)?;
    Ok(decode_uint_word(bytes).unwrap_or_default())
}

/// Input `input` as a bytes32 word.
pub(super) fn word(input: usize, bytes: &[u8]) -> Result<B256, Reason> {
    length(input, bytes, Encoding::Bytes32)?;
    Ok(B256::from_slice(bytes))
}

/// Input `input` as an address word: 32 bytes, the first 12 zero.
pub(super) fn address(input: usize, bytes: &[u8]) -> Result<Address, Reason> {
    length(input, bytes, Encoding::Address)?;
    decode_address_word(bytes).ok_or(Reason::DirtyAddress { input })
}

/// Input `input` as a range: two uint256 words.
pub(super) fn range(input: usize, bytes: &[u8]) -> Result<Range, Reason> {
    length(input, bytes, Encoding::Range)?;
    let (start, end) = decode_range(bytes).unwrap_or_default();
    Ok(Range { start, end })
}

/// `abi.decode(bytes, (T))` as Solidity's ABI decoder does it: clean addresses required, extra
/// bytes and unusual offsets accepted. Memory is bounded by a small multiple of the input's
/// length, whatever lengths the input claims.
pub(super) fn abi_decode<T: SolType>(
    input: usize,
    bytes: &[u8],
    what: Encoding,
) -> Result<T::RustType, Reason> {
    let limit = bytes.len().saturating_mul(4).saturating_add(4096);
    let config = AbiDecoderConfig::new().validate(true).memory_limit(limit);
    T::abi_decode_with_config(bytes, config).map_err(|error| Reason::Undecodable {
        input,
        what,
        fault: AbiFault::of(&error),
    })
}
