//! The encodings of values in a property's `bytes[] inputs`, as the contracts read them.
//!
//! | value | encoding | read on chain by |
//! |---|---|---|
//! | address | `abi.encode(address)`, 32 bytes | `Utils.bytesToAddress`, which reverts on 20 raw bytes |
//! | uint256 | `abi.encode(uint256)`, 32 bytes | `Utils.bytesToUint` |
//! | range | `abi.encode((uint256,uint256))`, 64 bytes | `Utils.bytesToRange`, `IsContained`, `HasIntersection` |
//! | bytes32 | `abi.encode(bytes32)`, 32 bytes | `VerifyInclusion` |
//! | label | `"L" ++ utf8(name)`, shorter than 20 bytes | `Utils.isLabel`, compiled predicates' dispatch |
//! | placeholder | `"V" ++ utf8(name)`, shorter than 20 bytes | `Utils.isPlaceholder`, quantifier substitution |
//!
//! Nested properties are `abi.encode(property)` ([`crate::Property::encode`]); constants and
//! strings are their raw bytes.

use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::SolValue;
use thiserror::Error;

/// Labels and placeholders are strictly shorter than this many bytes, prefix included
/// (`Utils.isLabel` and `Utils.isPlaceholder` test `length < 20`).
pub const MARKER_LIMIT: usize = 20;

/// Why a name cannot be made into a label or a placeholder.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MarkerError {
    /// The name is empty.
    #[error("a {kind} name cannot be empty")]
    Empty {
        /// `"label"` or `"placeholder"`.
        kind: &'static str,
    },
    /// The prefix and the name take 20 bytes or more.
    #[error(
        "the {kind} name `{name}` is too long: with its one-byte prefix it takes {len} bytes, but a \
         {kind} must be shorter than 20 bytes (at most 18 bytes of UTF-8 name)"
    )]
    TooLong {
        /// `"label"` or `"placeholder"`.
        kind: &'static str,
        /// The name.
        name: String,
        /// The length of the prefix and the name in bytes.
        len: usize,
    },
}

/// The 32-byte ABI word of an address: 12 zero bytes, then the address.
pub fn address_word(address: Address) -> Bytes {
    address.abi_encode().into()
}

/// The 32-byte big-endian ABI word of a number.
pub fn uint_word(value: U256) -> Bytes {
    value.abi_encode().into()
}

/// The 64-byte encoding of the range `(start, end)`.
pub fn range(start: U256, end: U256) -> Bytes {
    (start, end).abi_encode().into()
}

/// The 32-byte word itself.
pub fn bytes32_word(word: B256) -> Bytes {
    word.abi_encode().into()
}

/// The label of a compiled predicate's entry: `"L" ++ utf8(name)`.
pub fn label(name: &str) -> Result<Bytes, MarkerError> {
    marker(b'L', "label", name)
}

/// The placeholder of a quantified variable: `"V" ++ utf8(name)`.
pub fn placeholder(name: &str) -> Result<Bytes, MarkerError> {
    marker(b'V', "placeholder", name)
}

/// `prefix ++ utf8(name)`, checked to be a non-empty name shorter than the limit.
fn marker(prefix: u8, kind: &'static str, name: &str) -> Result<Bytes, MarkerError> {
    if name.is_empty() {
        return Err(MarkerError::Empty { kind });
    }
    let len = 1 + name.len();
    if len >= MARKER_LIMIT {
        return Err(MarkerError::TooLong {
            kind,
            name: name.to_owned(),
            len,
        });
    }
    let mut bytes = Vec::with_capacity(len);
    bytes.push(prefix);
    bytes.extend_from_slice(name.as_bytes());
    Ok(bytes.into())
}

/// `Utils.isLabel`: shorter than 20 bytes and starting with `L`.
///
/// On chain the empty input makes `isLabel` revert (an out-of-bounds index, which burns all
/// gas); here it is simply not a label.
pub fn is_label(bytes: &[u8]) -> bool {
    bytes.len() < MARKER_LIMIT && bytes.first() == Some(&b'L')
}

/// `Utils.isPlaceholder`: shorter than 20 bytes and starting with `V`.
///
/// On chain the empty input makes `isPlaceholder` revert (an out-of-bounds index, which burns
/// all gas; so does a quantifier challenge over a property with an empty direct input); here
/// it is simply not a placeholder.
pub fn is_placeholder(bytes: &[u8]) -> bool {
    bytes.len() < MARKER_LIMIT && bytes.first() == Some(&b'V')
}

/// The address in an address word: exactly 32 bytes whose first 12 are zero, as
/// `Utils.bytesToAddress` accepts.
pub fn decode_address_word(bytes: &[u8]) -> Option<Address> {
    let word: &[u8; 32] = bytes.try_into().ok()?;
    word[..12]
        .iter()
        .all(|&b| b == 0)
        .then(|| Address::from_slice(&word[12..]))
}

/// The number in a word of exactly 32 bytes.
pub fn decode_uint_word(bytes: &[u8]) -> Option<U256> {
    let word: [u8; 32] = bytes.try_into().ok()?;
    Some(U256::from_be_bytes(word))
}

/// The `(start, end)` of a range encoding of exactly 64 bytes.
pub fn decode_range(bytes: &[u8]) -> Option<(U256, U256)> {
    let (start, end) = bytes.split_at_checked(32)?;
    Some((decode_uint_word(start)?, decode_uint_word(end)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256, hex};
    use proptest::prelude::*;

    #[test]
    fn words() {
        let a = address!("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assert_eq!(
            address_word(a).as_ref(),
            hex!("000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        );
        assert_eq!(
            uint_word(U256::from(0x1234)).as_ref(),
            U256::from(0x1234).to_be_bytes::<32>()
        );
        let b = b256!("0x0102030405060708091011121314151617181920212223242526272829303132");
        assert_eq!(bytes32_word(b).as_ref(), b.as_slice());
    }

    #[test]
    fn range_is_two_words() {
        let r = range(U256::from(1), U256::from(2));
        assert_eq!(r.len(), 64);
        assert_eq!(r[31], 1);
        assert_eq!(r[63], 2);
        assert_eq!(decode_range(&r), Some((U256::from(1), U256::from(2))));
    }

    #[test]
    fn markers() {
        assert_eq!(
            label("OwnershipT").unwrap().as_ref(),
            hex!("4c4f776e65727368697054")
        );
        assert_eq!(placeholder("n").unwrap().as_ref(), hex!("566e"));
        assert_eq!(placeholder(&"x".repeat(18)).unwrap().len(), 19);
        assert!(is_label(&label("OwnershipT").unwrap()));
        assert!(is_placeholder(&placeholder("n").unwrap()));
        assert!(!is_label(&placeholder("n").unwrap()));
        assert!(!is_placeholder(b""));
        assert!(!is_label(b""));
        assert!(is_placeholder(b"V"));
        assert!(!is_placeholder(&[b'V'; 20]));
        assert!(is_placeholder(&[b'V'; 19]));
    }

    #[test]
    fn marker_errors() {
        assert_eq!(label("").unwrap_err().to_string(), "a label name cannot be empty");
        assert_eq!(
            placeholder(&"x".repeat(19)).unwrap_err().to_string(),
            "the placeholder name `xxxxxxxxxxxxxxxxxxx` is too long: with its one-byte prefix it takes 20 \
             bytes, but a placeholder must be shorter than 20 bytes (at most 18 bytes of UTF-8 name)"
        );
        // Length counts UTF-8 bytes: nine two-byte characters and the prefix make 19 bytes.
        assert!(label(&"é".repeat(9)).is_ok());
        assert!(matches!(
            label(&"é".repeat(10)),
            Err(MarkerError::TooLong { len: 21, .. })
        ));
    }

    #[test]
    fn word_decoders() {
        let a = address!("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assert_eq!(decode_address_word(&address_word(a)), Some(a));
        assert_eq!(decode_address_word(a.as_slice()), None);
        let mut dirty = address_word(a).to_vec();
        dirty[0] = 1;
        assert_eq!(decode_address_word(&dirty), None);
        assert_eq!(decode_uint_word(&[0; 31]), None);
        assert_eq!(decode_uint_word(&[0; 33]), None);
        assert_eq!(decode_range(&[0; 63]), None);
        assert_eq!(decode_range(&[0; 65]), None);
    }

    proptest! {
        #[test]
        fn words_round_trip(a in any::<[u8; 20]>(), n in any::<[u64; 4]>(), m in any::<[u64; 4]>()) {
            let a = Address::from(a);
            let (n, m) = (U256::from_limbs(n), U256::from_limbs(m));
            prop_assert_eq!(decode_address_word(&address_word(a)), Some(a));
            prop_assert_eq!(decode_uint_word(&uint_word(n)), Some(n));
            prop_assert_eq!(decode_range(&range(n, m)), Some((n, m)));
        }

        #[test]
        fn markers_are_recognised(name in "[a-zA-Z0-9]{1,18}") {
            prop_assert!(is_label(&label(&name).unwrap()));
            prop_assert!(is_placeholder(&placeholder(&name).unwrap()));
        }
    }
}
