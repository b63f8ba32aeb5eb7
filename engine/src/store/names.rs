//! Bucket names as hints write them.
//!
//! A hint's bucket part is names joined by dots, with each `${x}` replaced by `0x` and the
//! lower-case hex of the value's input encoding: a number or an address is its 32-byte word,
//! so `su.block${b}.range${token}` with `b = 5` is the path
//! `["su", "block0x0000…0005", "range0x0000…<token>"]`.

use alloy_primitives::{Address, U256, hex};
use ovm_abi::input::{address_word, uint_word};

/// The bucket of inclusion proofs' first name (`proof.block${b}.range${token}`).
pub const PROOF: &str = "proof";

/// The path of a hint's bucket part: its names, split at dots (`"su.block0x05"` is
/// `["su", "block0x05"]`).
pub fn bucket_path(buckets: &str) -> Vec<String> {
    buckets.split('.').map(str::to_owned).collect()
}

/// A value as a hint writes it: `0x` and the lower-case hex of its bytes.
pub fn hint_hex(value: &[u8]) -> String {
    hex::encode_prefixed(value)
}

/// The bucket name `prefix${n}` for a number: `prefix` and the hex of its 32-byte word.
pub fn number_name(prefix: &str, n: U256) -> String {
    format!("{prefix}{}", hint_hex(&uint_word(n)))
}

/// The bucket name `prefix${a}` for an address: `prefix` and the hex of its 32-byte word.
pub fn address_name(prefix: &str, address: Address) -> String {
    format!("{prefix}{}", hint_hex(&address_word(address)))
}

/// The bucket of the inclusion proofs of a token's ranges at a block, which the standard
/// library's hint `proof.block${b}.range${token},RANGE,${range}` searches:
/// `["proof", "block0x…", "range0x…"]`.
pub fn proof_bucket(block: U256, token: Address) -> Vec<String> {
    vec![
        PROOF.to_owned(),
        number_name("block", block),
        address_name("range", token),
    ]
}

/// The block and token of a path that [`proof_bucket`] makes, if it is one.
pub(crate) fn parse_proof_bucket(path: &[String]) -> Option<(U256, Address)> {
    let [proof, block, token] = path else {
        return None;
    };
    if proof != PROOF {
        return None;
    }
    let block = word(block.strip_prefix("block")?)?;
    let token = word(token.strip_prefix("range")?)?;
    let token = ovm_abi::input::decode_address_word(&token.to_be_bytes::<32>())?;
    let block = U256::from_be_bytes(block.to_be_bytes::<32>());
    (proof_bucket(block, token) == path).then_some((block, token))
}

/// The number that `0x` and 64 hex digits spell.
fn word(text: &str) -> Option<U256> {
    let digits = text.strip_prefix("0x")?;
    let mut out = [0u8; 32];
    hex::decode_to_slice(digits, &mut out).ok()?;
    Some(U256::from_be_bytes(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    #[test]
    fn proof_buckets_spell_words() {
        let token = address!("0x00000000000000000000000000000000000000ab");
        let path = proof_bucket(U256::from(5), token);
        assert_eq!(
            path,
            [
                "proof".to_owned(),
                format!("block0x{}05", "0".repeat(62)),
                format!("range0x{}ab", "0".repeat(62)),
            ]
        );
        assert_eq!(parse_proof_bucket(&path), Some((U256::from(5), token)));
        assert_eq!(
            parse_proof_bucket(&bucket_path("proof.block0x05.range0xab")),
            None
        );
        assert_eq!(bucket_path("su.block0x05"), ["su", "block0x05"]);
    }
}
