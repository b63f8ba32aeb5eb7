//! The `Property` struct of the adjudication contracts, its ABI encoding and its id.
//!
//! On chain a property is `struct Property { address predicateAddress; bytes[] inputs; }` and
//! everything that compares properties compares `keccak256(abi.encode(p))`. `abi.encode` of a
//! struct is the standard ABI encoding of one dynamic tuple `(address,bytes[])`, so it starts
//! with the `0x20` offset word; nested properties are stored in `inputs` in exactly that form.

use alloy_primitives::{Address, B256, Bytes, hex, keccak256};
use alloy_sol_types::{SolType, abi::AbiDecoderConfig, sol_data};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::serde_hex;

/// The ABI type `(address,bytes[])`.
type PropertyAbi = (sol_data::Address, sol_data::Array<sol_data::Bytes>);

/// The selector of `claimProperty((address,bytes[]))` on the UniversalAdjudicationContract.
pub const CLAIM_PROPERTY_SELECTOR: [u8; 4] = [0x2c, 0x26, 0xd3, 0x81];

/// A property: a predicate's address and the inputs it is applied to.
///
/// In JSON it is `{"predicateAddress": "0x…", "inputs": ["0x…", …]}`. Addresses are written
/// with their EIP-55 checksum and read in lower case, upper case or valid checksummed form;
/// inputs are `0x`-prefixed hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Property {
    /// The address of the predicate contract that decides the property.
    #[serde(with = "serde_hex::address")]
    pub predicate_address: Address,
    /// The predicate's inputs, each in its input encoding (see [`crate::input`]).
    #[serde(with = "serde_hex::bytes_list")]
    pub inputs: Vec<Bytes>,
}

/// Why bytes are not the canonical ABI encoding of a property.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// An offset or a length points past the end of the input.
    #[error(
        "not an ABI encoding of (address,bytes[]): the input ends early \
         (an offset or length points past its end, {len} bytes)"
    )]
    Truncated {
        /// The length of the input.
        len: usize,
    },
    /// A complete encoding is followed by more bytes.
    #[error("not a canonical ABI encoding of (address,bytes[]): {extra} bytes follow the encoding")]
    TrailingBytes {
        /// How many bytes follow the encoding.
        extra: usize,
    },
    /// The bytes decode, but they are not what encoding the decoded property gives.
    #[error("not a canonical ABI encoding of (address,bytes[]): {reason}")]
    NotCanonical {
        /// What differs from the canonical encoding.
        reason: String,
    },
}

impl Property {
    /// A property of the predicate at `predicate_address` with these inputs.
    pub fn new(predicate_address: Address, inputs: Vec<Bytes>) -> Property {
        Property {
            predicate_address,
            inputs,
        }
    }

    /// `abi.encode(property)`: the ABI encoding of one `(address,bytes[])` tuple, starting with
    /// its `0x20` offset word.
    pub fn encode(&self) -> Vec<u8> {
        PropertyAbi::abi_encode(&(self.predicate_address, self.inputs.as_slice()))
    }

    /// The property id, `keccak256(abi.encode(property))`, as `Utils.getPropertyId` computes it.
    pub fn id(&self) -> B256 {
        keccak256(self.encode())
    }

    /// Decodes `abi.encode(property)`, accepting only the canonical encoding: exactly the bytes
    /// that [`Property::encode`] gives for the result. Anything else would have another id on
    /// chain, so it is rejected: truncated input, trailing bytes, non-zero bytes above the
    /// address, and offsets, lengths or padding that differ from the canonical ones.
    ///
    /// Memory use is bounded by a small multiple of `bytes.len()`, whatever lengths the input
    /// claims.
    pub fn decode(bytes: &[u8]) -> Result<Property, DecodeError> {
        // The canonical encoding never makes the decoder hold more than `1.25 * len` bytes (one
        // 16-byte slice per element, each taking at least 64 bytes, plus the data), so a larger
        // demand means that offsets share data, which the canonical encoding never does.
        let limit = bytes.len().saturating_mul(2).saturating_add(1024);
        let config = AbiDecoderConfig::new().memory_limit(limit);
        let (predicate_address, inputs) =
            PropertyAbi::abi_decode_with_config(bytes, config).map_err(|error| match error {
                // `TypeCheckFail` without validation comes only from an offset or length word too
                // large for `usize`.
                alloy_sol_types::Error::Overrun | alloy_sol_types::Error::TypeCheckFail { .. } => {
                    DecodeError::Truncated { len: bytes.len() }
                }
                alloy_sol_types::Error::MemoryLimitExceeded(_) | alloy_sol_types::Error::Reserve(_) => {
                    DecodeError::NotCanonical {
                        reason: "its offsets make several inputs share the same data".to_owned(),
                    }
                }
                other => DecodeError::NotCanonical {
                    reason: other.to_string(),
                },
            })?;
        let property = Property {
            predicate_address,
            inputs,
        };
        let canonical = property.encode();
        if canonical == bytes {
            return Ok(property);
        }
        Err(non_canonical(bytes, &canonical))
    }
}

/// Why `bytes`, which decoded to the property whose encoding is `canonical`, are not `canonical`.
fn non_canonical(bytes: &[u8], canonical: &[u8]) -> DecodeError {
    if bytes.len() > canonical.len() && bytes.starts_with(canonical) {
        return DecodeError::TrailingBytes {
            extra: bytes.len() - canonical.len(),
        };
    }
    // Bytes that decode are never a strict prefix of their canonical encoding (the last datum
    // would lie past their end), so they differ within both.
    let at = bytes
        .iter()
        .zip(canonical)
        .position(|(a, b)| a != b)
        .unwrap_or(bytes.len());
    let start = at / 32 * 32;
    let reason = match start {
        0 => "the first word must be the tuple offset 0x20".to_owned(),
        32 => "the predicate address word has non-zero bytes above the 20-byte address".to_owned(),
        64 => "the offset of the inputs must be 0x40".to_owned(),
        _ => {
            let word =
                |b: &[u8]| hex::encode(b.get(start..).map_or(&[][..], |rest| &rest[..rest.len().min(32)]));
            format!(
                "the word at byte 0x{start:x} is 0x{} but the canonical encoding has 0x{} there \
                 (an offset, length or padding differs)",
                word(bytes),
                word(canonical)
            )
        }
    };
    DecodeError::NotCanonical { reason }
}

/// The calldata of `claimProperty((address,bytes[]))`: the selector followed by the standard
/// encoding of the one tuple argument, which equals the selector followed by
/// [`Property::encode`].
pub fn claim_property_calldata(property: &Property) -> Vec<u8> {
    let arguments =
        <(PropertyAbi,)>::abi_encode_params(&((property.predicate_address, property.inputs.as_slice()),));
    let mut calldata = Vec::with_capacity(CLAIM_PROPERTY_SELECTOR.len() + arguments.len());
    calldata.extend_from_slice(&CLAIM_PROPERTY_SELECTOR);
    calldata.extend_from_slice(&arguments);
    calldata
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use alloy_primitives::{U256, address, b256};
    use proptest::prelude::*;

    fn one() -> Address {
        address!("0x0000000000000000000000000000000000000001")
    }

    fn example() -> Property {
        Property::new(one(), vec![Bytes::from_static(&[0x12, 0x34]), Bytes::new()])
    }

    /// A word holding a small number.
    fn word(n: u64) -> String {
        format!("{n:064x}")
    }

    fn words(encoding: &[u8]) -> Vec<String> {
        encoding.chunks(32).map(hex::encode).collect()
    }

    #[test]
    fn reference_example_encoding_and_id() {
        let encoding = example().encode();
        assert_eq!(encoding.len(), 288);
        let expected = vec![
            word(0x20),
            word(1),
            word(0x40),
            word(2),
            word(0x40),
            word(0x80),
            word(2),
            format!("1234{}", "0".repeat(60)),
            word(0),
        ];
        assert_eq!(words(&encoding), expected);
        assert_eq!(
            example().id(),
            b256!("0x80258c7e4a36983c913c73ed8357a1e22a9368450cf39ab3768548d871e7b69d")
        );
    }

    #[test]
    fn reference_empty_inputs() {
        let p = Property::new(one(), vec![]);
        let encoding = p.encode();
        assert_eq!(encoding.len(), 128);
        assert_eq!(words(&encoding), vec![word(0x20), word(1), word(0x40), word(0)]);
        assert_eq!(
            p.id(),
            b256!("0xd9e7bce431ca8487c7edf313cae7c11573f9e7adf1fb4c1814a3824c6bbcbce9")
        );
    }

    #[test]
    fn reference_not_of_example() {
        let inner = example().encode();
        let not = Property::new(
            address!("0x0000000000000000000000000000000000000002"),
            vec![inner.clone().into()],
        );
        let encoding = not.encode();
        assert_eq!(encoding.len(), 480);
        let head: Vec<String> = vec![word(0x20), word(2), word(0x40), word(1), word(0x20), word(0x120)];
        assert_eq!(words(&encoding[..192]), head);
        assert_eq!(&encoding[192..], inner.as_slice());
        assert_eq!(
            not.id(),
            b256!("0xb40955906cabd6f5b75012939e5479a36e0b9238482d564c5f894cfeacbe7642")
        );
    }

    #[test]
    fn claim_calldata_is_selector_then_encoding() {
        let calldata = claim_property_calldata(&example());
        assert_eq!(&calldata[..4], hex!("2c26d381"));
        assert_eq!(&calldata[4..], example().encode().as_slice());
    }

    #[test]
    fn claim_selector_is_the_signature_hash() {
        let hash = keccak256("claimProperty((address,bytes[]))");
        assert_eq!(hash[..4], CLAIM_PROPERTY_SELECTOR);
    }

    #[test]
    fn decodes_the_reference_encodings() {
        assert_eq!(Property::decode(&example().encode()), Ok(example()));
        let empty = Property::new(one(), vec![]);
        assert_eq!(Property::decode(&empty.encode()), Ok(empty));
    }

    #[test]
    fn rejects_truncated_input() {
        let encoding = example().encode();
        let error = Property::decode(&encoding[..encoding.len() - 1]).unwrap_err();
        assert_eq!(error, DecodeError::Truncated { len: 287 });
        assert_eq!(
            error.to_string(),
            "not an ABI encoding of (address,bytes[]): the input ends early \
             (an offset or length points past its end, 287 bytes)"
        );
        assert_eq!(Property::decode(&[]), Err(DecodeError::Truncated { len: 0 }));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut encoding = example().encode();
        encoding.extend_from_slice(&[0; 32]);
        let error = Property::decode(&encoding).unwrap_err();
        assert_eq!(error, DecodeError::TrailingBytes { extra: 32 });
        assert_eq!(
            error.to_string(),
            "not a canonical ABI encoding of (address,bytes[]): 32 bytes follow the encoding"
        );
    }

    #[test]
    fn rejects_dirty_address_bytes() {
        let mut encoding = example().encode();
        encoding[32] = 0xff;
        assert_eq!(
            Property::decode(&encoding).unwrap_err().to_string(),
            "not a canonical ABI encoding of (address,bytes[]): the predicate address word has \
             non-zero bytes above the 20-byte address"
        );
    }

    #[test]
    fn rejects_non_canonical_offsets_and_padding() {
        // The head offset 0x40 with a junk word in between still decodes, but is not canonical.
        let mut moved = example().encode();
        moved.splice(
            0..32,
            U256::from(0x40)
                .to_be_bytes::<32>()
                .iter()
                .copied()
                .chain([0; 32]),
        );
        assert_eq!(
            Property::decode(&moved).unwrap_err().to_string(),
            "not a canonical ABI encoding of (address,bytes[]): the first word must be the tuple offset 0x20"
        );
        let mut dirty_padding = example().encode();
        dirty_padding[0xe0 + 5] = 1;
        assert_eq!(
            Property::decode(&dirty_padding).unwrap_err().to_string(),
            format!(
                "not a canonical ABI encoding of (address,bytes[]): the word at byte 0xe0 is 0x1234000000{} \
                 but the canonical encoding has 0x1234{} there (an offset, length or padding differs)",
                "01".to_owned() + &"0".repeat(52),
                "0".repeat(60)
            )
        );
    }

    #[test]
    fn rejects_inputs_sharing_data() {
        // Both inputs point at the same data: it decodes leniently, but the second offset is wrong.
        let mut shared = example().encode();
        shared[0xa0..0xc0].copy_from_slice(&U256::from(0x40).to_be_bytes::<32>());
        let error = Property::decode(&shared[..0x100]).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "not a canonical ABI encoding of (address,bytes[]): the word at byte 0xa0 is 0x{} \
                 but the canonical encoding has 0x{} there (an offset, length or padding differs)",
                word(0x40),
                word(0x80)
            )
        );
    }

    #[test]
    fn huge_claimed_lengths_do_not_allocate() {
        // inputs.length = 2^60 in a 128-byte input.
        let mut huge_count = Property::new(one(), vec![]).encode();
        huge_count[96..128].copy_from_slice(&U256::from(1u64 << 60).to_be_bytes::<32>());
        assert_eq!(
            Property::decode(&huge_count),
            Err(DecodeError::Truncated { len: 128 })
        );
        // A byte string claiming 2^62 bytes.
        let mut huge_bytes = example().encode();
        huge_bytes[0xc0..0xe0].copy_from_slice(&U256::from(1u64 << 62).to_be_bytes::<32>());
        assert_eq!(
            Property::decode(&huge_bytes),
            Err(DecodeError::Truncated { len: 288 })
        );
        // An offset larger than usize.
        let mut huge_offset = example().encode();
        huge_offset[0x40] = 1;
        assert_eq!(
            Property::decode(&huge_offset),
            Err(DecodeError::Truncated { len: 288 })
        );
    }

    #[test]
    fn many_inputs_sharing_one_large_datum_are_rejected_within_the_memory_limit() {
        // 1000 inputs all pointing at the same 64 KiB of data: lenient decoding would copy 64 MB.
        let count = 1000usize;
        let datum_len = 1 << 16;
        let mut bytes = Vec::new();
        for w in [0x20, 1, 0x40, count] {
            bytes.extend_from_slice(&U256::from(w).to_be_bytes::<32>());
        }
        for _ in 0..count {
            bytes.extend_from_slice(&U256::from(count * 32).to_be_bytes::<32>());
        }
        bytes.extend_from_slice(&U256::from(datum_len).to_be_bytes::<32>());
        bytes.extend(std::iter::repeat_n(7u8, datum_len));
        assert_eq!(
            Property::decode(&bytes),
            Err(DecodeError::NotCanonical {
                reason: "its offsets make several inputs share the same data".to_owned()
            })
        );
    }

    #[test]
    fn json_round_trip() {
        let json = serde_json::to_string(&example()).unwrap();
        assert_eq!(
            json,
            r#"{"predicateAddress":"0x0000000000000000000000000000000000000001","inputs":["0x1234","0x"]}"#
        );
        assert_eq!(serde_json::from_str::<Property>(&json).unwrap(), example());
    }

    #[test]
    fn json_accepts_checksummed_and_lowercase_addresses() {
        let checksummed = r#"{"predicateAddress":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","inputs":[]}"#;
        let lower = r#"{"predicateAddress":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","inputs":[]}"#;
        let a = serde_json::from_str::<Property>(checksummed).unwrap();
        let b = serde_json::from_str::<Property>(lower).unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&a).unwrap(), checksummed);
    }

    #[test]
    fn json_rejects_unknown_fields_and_bad_hex() {
        let unknown =
            r#"{"predicateAddress":"0x0000000000000000000000000000000000000001","inputs":[],"x":1}"#;
        assert!(
            serde_json::from_str::<Property>(unknown)
                .unwrap_err()
                .to_string()
                .contains("unknown field `x`")
        );
        let odd = r#"{"predicateAddress":"0x0000000000000000000000000000000000000001","inputs":["0x123"]}"#;
        assert!(
            serde_json::from_str::<Property>(odd)
                .unwrap_err()
                .to_string()
                .starts_with(
                    "expected bytes: 0x followed by an even number of hex digits, got `0x123` (3 hex digits)"
                )
        );
    }

    /// Arbitrary properties, some of whose inputs are encodings of arbitrary properties.
    pub(crate) fn arb_property() -> impl Strategy<Value = Property> {
        let flat = (
            any::<[u8; 20]>(),
            prop::collection::vec(prop::collection::vec(any::<u8>(), 0..100), 0..6),
        )
            .prop_map(|(a, inputs)| {
                Property::new(Address::from(a), inputs.into_iter().map(Bytes::from).collect())
            });
        flat.prop_recursive(3, 24, 6, |inner| {
            let input = prop_oneof![
                prop::collection::vec(any::<u8>(), 0..100).prop_map(Bytes::from),
                inner.prop_map(|p| Bytes::from(p.encode())),
            ];
            (any::<[u8; 20]>(), prop::collection::vec(input, 0..6))
                .prop_map(|(a, inputs)| Property::new(Address::from(a), inputs))
        })
    }

    /// A change to a valid encoding: flip one byte, truncate, or append.
    #[derive(Clone, Debug)]
    enum Mutation {
        Flip(usize, u8),
        Truncate(usize),
        Append(Vec<u8>),
    }

    fn arb_mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Mutation::Flip(i, x)),
            any::<usize>().prop_map(Mutation::Truncate),
            prop::collection::vec(any::<u8>(), 1..70).prop_map(Mutation::Append),
        ]
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(p in arb_property()) {
            prop_assert_eq!(Property::decode(&p.encode()), Ok(p));
        }

        #[test]
        fn decode_accepts_only_canonical_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            if let Ok(p) = Property::decode(&bytes) {
                prop_assert_eq!(p.encode(), bytes);
            }
        }

        #[test]
        fn decode_of_word_shaped_bytes_is_canonical(
            small in prop::collection::vec(prop_oneof![Just(0u8), Just(0x20), Just(0x40), Just(1), any::<u8>()], 0..12)
        ) {
            // Words that are mostly small offsets make decoding succeed more often than random bytes.
            let bytes: Vec<u8> = small.iter().flat_map(|&b| U256::from(b).to_be_bytes::<32>()).collect();
            if let Ok(p) = Property::decode(&bytes) {
                prop_assert_eq!(p.encode(), bytes);
            }
        }

        #[test]
        fn mutated_encodings_decode_canonically_or_fail(p in arb_property(), mutations in prop::collection::vec(arb_mutation(), 1..4)) {
            let mut bytes = p.encode();
            for mutation in mutations {
                match mutation {
                    Mutation::Flip(i, x) => {
                        let len = bytes.len();
                        if len > 0 {
                            bytes[i % len] ^= x;
                        }
                    }
                    Mutation::Truncate(n) => bytes.truncate(n % (bytes.len() + 1)),
                    Mutation::Append(extra) => bytes.extend(extra),
                }
            }
            if let Ok(decoded) = Property::decode(&bytes) {
                prop_assert_eq!(decoded.encode(), bytes);
            }
        }
    }
}
