//! Why an atomic predicate decided as it did.
//!
//! A [`Reason`] holds only small copies of the data (numbers, addresses, hashes, lengths,
//! `&'static str`s, and at most a reference-counted clone of an input), so building one costs
//! no formatting and no allocation; its [`Display`](fmt::Display) explains it in full.

use super::Atomic;
use alloy_primitives::{Address, B256, Bytes, U256};
use std::fmt;

/// A range `[start, end)` as the contracts read it: two uint256 words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Range {
    /// The first number in the range.
    pub start: U256,
    /// One past the last number.
    pub end: U256,
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {})", Num(self.start), Num(self.end))
    }
}

/// An encoding an input must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// `abi.encode(uint256)`: one 32-byte big-endian word.
    Uint,
    /// `abi.encode(address)`: 12 zero bytes, then the 20-byte address.
    Address,
    /// `abi.encode(bytes32)`: the 32 bytes themselves.
    Bytes32,
    /// `abi.encode((uint256,uint256))`: two words, start then end.
    Range,
    /// A signature `r ‖ s ‖ v`: 65 bytes.
    Signature,
    /// `abi.encode(InclusionProof)`.
    InclusionProof,
    /// `abi.encode(Transaction)`, the message of a `typedData` signature.
    Transaction,
    /// `abi.encode(address)` in `nextStateObject.inputs[0]` of a `typedData` transaction.
    Owner,
}

impl Encoding {
    /// The exact length of the encoding, when it has one.
    pub fn size(self) -> Option<usize> {
        match self {
            Encoding::Uint | Encoding::Address | Encoding::Bytes32 => Some(32),
            Encoding::Range => Some(64),
            Encoding::Signature => Some(65),
            Encoding::InclusionProof | Encoding::Transaction | Encoding::Owner => None,
        }
    }

    /// What it is, with an article: `a 32-byte uint256 word`.
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Uint => "a 32-byte uint256 word",
            Encoding::Address => "a 32-byte address word (12 zero bytes, then the address)",
            Encoding::Bytes32 => "a 32-byte bytes32 word",
            Encoding::Range => "a 64-byte range (two uint256 words, start then end)",
            Encoding::Signature => "a 65-byte signature r ‖ s ‖ v",
            Encoding::InclusionProof => {
                "an ABI-encoded InclusionProof \
                 ((address,uint256,(bytes32,address)[]),(uint256,uint256,(bytes32,uint256)[]))"
            }
            Encoding::Transaction => {
                "an ABI-encoded Transaction \
                 (address,(uint256,uint256),uint256,(address,bytes[]),bytes32,address)"
            }
            Encoding::Owner => {
                "a typed-data transaction whose nextStateObject.inputs[0] (the owner) is an ABI address"
            }
        }
    }
}

/// Why bytes are not the ABI encoding of a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbiFault {
    /// The input ends early: an offset or a length points past its end.
    EndsEarly,
    /// An address word has non-zero bytes above the address.
    DirtyAddress,
    /// Offsets make pieces share data, so that decoding would take far more memory than the
    /// input's size.
    SharedData,
    /// Another decoding failure.
    Other,
}

impl AbiFault {
    /// The fault of an ABI decoding error.
    pub(crate) fn of(error: &alloy_sol_types::Error) -> AbiFault {
        use alloy_sol_types::Error;
        match error {
            Error::Overrun => AbiFault::EndsEarly,
            // With validation on, the only type check our types can fail is an address word
            // with dirty high bytes; without it, only an offset or length beyond `usize`.
            Error::TypeCheckFail { expected_type, .. } if expected_type == "offset (usize)" => {
                AbiFault::EndsEarly
            }
            Error::TypeCheckFail { .. } => AbiFault::DirtyAddress,
            Error::MemoryLimitExceeded(_) | Error::Reserve(_) => AbiFault::SharedData,
            _ => AbiFault::Other,
        }
    }
}

impl fmt::Display for AbiFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AbiFault::EndsEarly => "it ends early (an offset or a length points past its end)",
            AbiFault::DirtyAddress => "an address in it has non-zero bytes above its 20 bytes",
            AbiFault::SharedData => "its offsets make several parts share the same data",
            AbiFault::Other => "it does not decode",
        })
    }
}

/// How `IsValidSignature` hashes the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verifier {
    /// `secp256k1`: `keccak256(message)`, with no EIP-191 prefix.
    Secp256k1,
    /// `typedData`: the contract's `hashTransaction(message)`.
    TypedData,
}

impl fmt::Display for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verifier::Secp256k1 => "keccak256(message)",
            Verifier::TypedData => "hashTransaction(message)",
        })
    }
}

/// Why `ecrecover` recovers no address from a 65-byte signature (it then returns the zero
/// address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureFault {
    /// The last byte `v` is neither 27 nor 28.
    V(u8),
    /// `r` or `s` is not below the order of the curve.
    Overflow,
    /// `r` or `s` is zero, or `r` is not the x-coordinate of a point on the curve.
    NoKey,
}

impl fmt::Display for SignatureFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureFault::V(v) => write!(f, "v is {v}, but ecrecover accepts only 27 or 28"),
            SignatureFault::Overflow => f.write_str("r or s is not below the order of secp256k1"),
            SignatureFault::NoKey => {
                f.write_str("r or s is zero, or no point of secp256k1 has r as its x-coordinate")
            }
        }
    }
}

/// A layer of the double-layer inclusion tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// The lower layer: the leaves of one token, ordered by the start of their intervals.
    Interval,
    /// The upper layer: the roots of the interval trees, ordered by token address.
    Address,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layer::Interval => "interval",
            Layer::Address => "address",
        })
    }
}

/// Why an atomic predicate decided as it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    // ----- inputs -----
    /// The predicate was given the wrong number of inputs.
    Arity {
        /// The predicate.
        atomic: Atomic,
        /// How many inputs it was given.
        got: usize,
    },
    /// An input does not have the length of its encoding.
    Length {
        /// Which input (from 0).
        input: usize,
        /// Its length in bytes.
        len: usize,
        /// The encoding it must have.
        expected: Encoding,
    },
    /// An address word has non-zero bytes above the address (`abi.decode` reverts).
    DirtyAddress {
        /// Which input (from 0).
        input: usize,
    },
    /// An input is not the ABI encoding of the structure it must be.
    Undecodable {
        /// Which input (from 0).
        input: usize,
        /// The structure.
        what: Encoding,
        /// What is wrong.
        fault: AbiFault,
    },

    // ----- Equal -----
    /// `Equal`: the inputs are the same bytes.
    Equal {
        /// Their length.
        len: usize,
    },
    /// `Equal`: the inputs differ.
    NotEqual {
        /// The length of the first input.
        len_a: usize,
        /// The length of the second input.
        len_b: usize,
        /// The first byte at which they differ (the shorter length when one is a prefix of the
        /// other).
        at: usize,
    },

    // ----- IsLessThan -----
    /// `IsLessThan`: `a < b`.
    LessThan {
        /// The first number.
        a: U256,
        /// The second number.
        b: U256,
    },
    /// `IsLessThan`: `a >= b`.
    NotLessThan {
        /// The first number.
        a: U256,
        /// The second number.
        b: U256,
    },

    // ----- IsContained -----
    /// `IsContained`: the range contains the subrange.
    Contained {
        /// The range.
        range: Range,
        /// The subrange.
        subrange: Range,
    },
    /// `IsContained`: the subrange starts before the range or ends after it.
    NotContained {
        /// The range.
        range: Range,
        /// The subrange.
        subrange: Range,
    },

    // ----- HasIntersection -----
    /// `HasIntersection`: one range starts inside the other.
    Intersect {
        /// The first range.
        a: Range,
        /// The second range.
        b: Range,
    },
    /// `HasIntersection`: neither range starts inside the other.
    Disjoint {
        /// The first range.
        a: Range,
        /// The second range.
        b: Range,
    },

    // ----- IsSameAmount -----
    /// `IsSameAmount`: both ranges span the same amount.
    SameAmount {
        /// `end - start` of both.
        amount: U256,
    },
    /// `IsSameAmount`: the ranges span different amounts.
    DifferentAmounts {
        /// `end - start` of the first range.
        a: U256,
        /// `end - start` of the second range.
        b: U256,
    },
    /// `IsSameAmount`: a range ends before it starts, so `end - start` underflows (checked
    /// arithmetic reverts).
    Inverted {
        /// Which input (from 0).
        input: usize,
        /// The range.
        range: Range,
    },

    // ----- IsValidHash -----
    /// `IsValidHash`: `keccak256(preimage) == hash`.
    HashMatches,
    /// `IsValidHash`: `keccak256(preimage) != hash`.
    HashMismatch {
        /// The hash given.
        hash: B256,
        /// `keccak256(preimage)`.
        actual: B256,
    },

    // ----- IsConcatenatedWith -----
    /// `IsConcatenatedWith`: `c == a ‖ b`.
    Concatenation,
    /// `IsConcatenatedWith`: `c != a ‖ b`.
    NotConcatenation {
        /// The length of `c`.
        len_c: usize,
        /// The length of `a`.
        len_a: usize,
        /// The length of `b`.
        len_b: usize,
        /// The first byte of `c` that differs from `a ‖ b`, when the lengths agree.
        at: Option<usize>,
    },

    // ----- IsValidSignature -----
    /// `IsValidSignature`: the verifier type is neither `secp256k1` nor `typedData`.
    UnknownVerifierType {
        /// The verifier type given (a cheap clone of the input).
        verifier_type: Bytes,
    },
    /// `IsValidSignature` with `typedData`: the transaction's `nextStateObject` has no inputs,
    /// so reading the owner from `inputs[0]` is out of bounds.
    NoOwner,
    /// `IsValidSignature`: the signature recovers the signer.
    SignedBy {
        /// The signer.
        signer: Address,
        /// How the message was hashed.
        verifier: Verifier,
    },
    /// `IsValidSignature`: the signature recovers another address.
    WrongSigner {
        /// The address the signature recovers.
        recovered: Address,
        /// The signer given.
        signer: Address,
    },
    /// `IsValidSignature`: `ecrecover` recovers no address (it returns the zero address), and
    /// the signer is not the zero address.
    InvalidSignature {
        /// Why nothing is recovered.
        fault: SignatureFault,
        /// The signer given.
        signer: Address,
    },
    /// `IsValidSignature`: `ecrecover` recovers no address and so returns the zero address,
    /// which is the signer given: the contract accepts it.
    ZeroSigner {
        /// Why nothing is recovered.
        fault: SignatureFault,
    },

    // ----- IsStored -----
    /// `IsStored`: the storage contract holds the value under the key.
    Stored {
        /// The storage contract.
        contract: Address,
    },
    /// `IsStored`: the storage contract holds another value under the key.
    NotStored {
        /// The storage contract.
        contract: Address,
        /// The length of the value it holds.
        stored_len: usize,
        /// The length of the value given.
        value_len: usize,
    },
    /// `IsStored`: the witness store does not know what the storage contract holds under the
    /// key.
    StorageUnknown {
        /// The storage contract.
        contract: Address,
    },

    // ----- VerifyInclusion -----
    /// `VerifyInclusion`: the proof leads from the leaf to the root and covers the range.
    Included {
        /// The root.
        root: B256,
    },
    /// `VerifyInclusion`: a layer of the proof has more siblings than any tree needs.
    TooManySiblings {
        /// The layer.
        layer: Layer,
        /// How many siblings it has.
        count: usize,
    },
    /// `VerifyInclusion`: a parent in the interval layer whose right child starts before its
    /// left child ("_leftStart must be less than _rightStart").
    ChildrenOutOfOrder {
        /// The sibling's index in the proof (from the leaf up, from 0).
        sibling: usize,
        /// The start of the left child.
        left: U256,
        /// The start of the right child.
        right: U256,
    },
    /// `VerifyInclusion`: a right sibling in the interval layer starts before the first right
    /// sibling ("firstRightSiblingStart must be greater than siblingStart").
    IntervalSiblingsOutOfOrder {
        /// The sibling's index in the proof.
        sibling: usize,
        /// The start of the first right sibling.
        first_right: U256,
        /// The start of this sibling.
        start: U256,
    },
    /// `VerifyInclusion`: a right sibling in the address layer has a smaller address than the
    /// first right sibling ("firstRightSiblingAddress must be greater than siblingAddress").
    AddressSiblingsOutOfOrder {
        /// The sibling's index in the proof.
        sibling: usize,
        /// The address of the first right sibling.
        first_right: Address,
        /// The address of this sibling.
        address: Address,
    },
    /// `VerifyInclusion`: the range is not within the interval the proof gives the leaf
    /// ("required range must not exceed the implicit range").
    RangeOutsideLeaf {
        /// The range.
        range: Range,
        /// The start of the leaf's interval (`intervalInclusionProof.leafIndex`).
        leaf_start: U256,
        /// The implicit end of the leaf's interval: the start of its first right sibling.
        implicit_end: U256,
    },
    /// `VerifyInclusion`: the token is after the first right sibling's address ("required
    /// address must not exceed the implicit address").
    TokenOutsideLeaf {
        /// The token.
        token: Address,
        /// The address of the first right sibling in the address layer.
        implicit: Address,
    },
    /// `VerifyInclusion`: the proof leads to another root.
    RootMismatch {
        /// The root the proof leads to.
        computed: B256,
        /// The root given.
        root: B256,
    },
}

/// A number in decimal, with `2^256 - 1` named.
struct Num(U256);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == U256::MAX {
            f.write_str("2^256 - 1")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Bytes as a quoted string when they are short printable ASCII, else as (abbreviated) hex.
struct Shown<'a>(&'a [u8]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 32;
        let bytes = self.0;
        if !bytes.is_empty() && bytes.len() <= MAX && bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
        {
            // Printable ASCII is valid UTF-8.
            return write!(f, "\"{}\"", std::str::from_utf8(bytes).unwrap_or_default());
        }
        f.write_str("0x")?;
        for b in bytes.iter().take(MAX) {
            write!(f, "{b:02x}")?;
        }
        if bytes.len() > MAX {
            write!(f, "… ({} bytes)", bytes.len())?;
        }
        Ok(())
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Arity { atomic, got } => {
                let parameters = atomic.parameters();
                write!(
                    f,
                    "{} takes {} inputs ({}), but it was given {got}",
                    atomic.name(),
                    parameters.len(),
                    parameters.join(", ")
                )
            }
            Reason::Length { input, len, expected } => {
                write!(
                    f,
                    "input {input} is {len} bytes, expected {}",
                    expected.describe()
                )
            }
            Reason::DirtyAddress { input } => write!(
                f,
                "input {input} is not an address word: its first 12 bytes must be zero \
                 (abi.decode reverts on dirty high bytes)"
            ),
            Reason::Undecodable { input, what, fault } => {
                write!(f, "input {input} is not {}: {fault}", what.describe())
            }
            Reason::Equal { len } => write!(f, "both inputs are the same {len} bytes"),
            Reason::NotEqual { len_a, len_b, at } => {
                if len_a == len_b {
                    write!(f, "the inputs ({len_a} bytes each) differ at byte {at}")
                } else if at == len_a.min(len_b) {
                    write!(
                        f,
                        "input 0 is {len_a} bytes and input 1 is {len_b} bytes; the shorter is a prefix \
                         of the longer"
                    )
                } else {
                    write!(
                        f,
                        "input 0 is {len_a} bytes and input 1 is {len_b} bytes, and they differ at byte {at}"
                    )
                }
            }
            Reason::LessThan { a, b } => write!(f, "{} is less than {}", Num(*a), Num(*b)),
            Reason::NotLessThan { a, b } => write!(f, "{} is not less than {}", Num(*a), Num(*b)),
            Reason::Contained { range, subrange } => write!(f, "{range} contains {subrange}"),
            Reason::NotContained { range, subrange } => {
                write!(f, "{range} does not contain {subrange}: ")?;
                if subrange.start < range.start {
                    write!(
                        f,
                        "the subrange starts at {}, before {}",
                        Num(subrange.start),
                        Num(range.start)
                    )
                } else {
                    write!(
                        f,
                        "the subrange ends at {}, after {}",
                        Num(subrange.end),
                        Num(range.end)
                    )
                }
            }
            Reason::Intersect { a, b } => {
                let (inner, outer) = if a.start >= b.start && a.start < b.end {
                    (a, b)
                } else {
                    (b, a)
                };
                write!(f, "{a} and {b} intersect: {inner} starts inside {outer}")
            }
            Reason::Disjoint { a, b } => {
                write!(f, "{a} and {b} do not intersect: neither starts inside the other")
            }
            Reason::SameAmount { amount } => {
                write!(f, "both ranges span {} (end - start)", Num(*amount))
            }
            Reason::DifferentAmounts { a, b } => write!(
                f,
                "the first range spans {} but the second spans {} (end - start)",
                Num(*a),
                Num(*b)
            ),
            Reason::Inverted { input, range } => write!(
                f,
                "input {input} is the range {range}, which ends before it starts, so end - start \
                 underflows (checked arithmetic reverts)"
            ),
            Reason::HashMatches => f.write_str("keccak256 of the preimage is the hash"),
            Reason::HashMismatch { hash, actual } => {
                write!(f, "keccak256 of the preimage is {actual}, not {hash}")
            }
            Reason::Concatenation => f.write_str("c is a followed by b"),
            Reason::NotConcatenation {
                len_c,
                len_a,
                len_b,
                at,
            } => match at {
                Some(at) => write!(f, "c differs from a ‖ b at byte {at}"),
                None => write!(
                    f,
                    "c is {len_c} bytes, but a ‖ b is {} bytes ({len_a} + {len_b})",
                    len_a + len_b
                ),
            },
            Reason::UnknownVerifierType { verifier_type } => write!(
                f,
                "unknown verifier type {}: expected \"secp256k1\" or \"typedData\" (raw UTF-8 bytes)",
                Shown(verifier_type)
            ),
            Reason::NoOwner => f.write_str(
                "the typed-data transaction's nextStateObject has no inputs, so its owner \
                 (inputs[0]) is out of bounds",
            ),
            Reason::SignedBy { signer, verifier } => {
                write!(f, "the signature of {verifier} recovers the signer {signer}")
            }
            Reason::WrongSigner { recovered, signer } => {
                write!(f, "the signature recovers {recovered}, not the signer {signer}")
            }
            Reason::InvalidSignature { fault, signer } => write!(
                f,
                "the signature is invalid ({fault}), so ecrecover returns the zero address, not the \
                 signer {signer}"
            ),
            Reason::ZeroSigner { fault } => write!(
                f,
                "the signature is invalid ({fault}), so ecrecover returns the zero address, which is \
                 the signer given: the contract accepts any invalid signature for the zero address"
            ),
            Reason::Stored { contract } => {
                write!(
                    f,
                    "the storage contract {contract} holds this value under the key"
                )
            }
            Reason::NotStored {
                contract,
                stored_len,
                value_len,
            } => {
                if stored_len == value_len {
                    write!(
                        f,
                        "the storage contract {contract} holds a different {stored_len}-byte value under \
                         the key"
                    )
                } else {
                    write!(
                        f,
                        "the storage contract {contract} holds a {stored_len}-byte value under the key, \
                         not the {value_len} bytes given"
                    )
                }
            }
            Reason::StorageUnknown { contract } => write!(
                f,
                "the witness store does not know what the storage contract {contract} holds under \
                 the key"
            ),
            Reason::Included { root } => write!(
                f,
                "the proof leads from the leaf to the root {root}, and the leaf's interval covers \
                 the range"
            ),
            Reason::TooManySiblings { layer, count } => write!(
                f,
                "the {layer} layer of the proof has {count} siblings, more than the {} any tree needs",
                super::inclusion::MAX_SIBLINGS
            ),
            Reason::ChildrenOutOfOrder { sibling, left, right } => write!(
                f,
                "at interval sibling {sibling}, the right child starts at {}, before the left child's \
                 start {}",
                Num(*right),
                Num(*left)
            ),
            Reason::IntervalSiblingsOutOfOrder {
                sibling,
                first_right,
                start,
            } => write!(
                f,
                "interval sibling {sibling} is a right sibling starting at {}, before the first right \
                 sibling's start {}",
                Num(*start),
                Num(*first_right)
            ),
            Reason::AddressSiblingsOutOfOrder {
                sibling,
                first_right,
                address,
            } => write!(
                f,
                "address sibling {sibling} is a right sibling with address {address}, below the first \
                 right sibling's {first_right}"
            ),
            Reason::RangeOutsideLeaf {
                range,
                leaf_start,
                implicit_end,
            } => {
                let leaf = Range {
                    start: *leaf_start,
                    end: *implicit_end,
                };
                if range.start < *leaf_start {
                    write!(
                        f,
                        "the range {range} starts before the leaf's interval {leaf} (the end is the \
                         first right sibling's start)"
                    )
                } else {
                    write!(
                        f,
                        "the range {range} ends after the leaf's interval {leaf} (the end is the first \
                         right sibling's start)"
                    )
                }
            }
            Reason::TokenOutsideLeaf { token, implicit } => write!(
                f,
                "the token {token} is above the first right sibling's address {implicit} in the \
                 address layer"
            ),
            Reason::RootMismatch { computed, root } => {
                write!(f, "the proof leads to the root {computed}, not {root}")
            }
        }
    }
}
