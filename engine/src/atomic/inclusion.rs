//! Inclusion in a block: `VerifyInclusion(leaf, token, range, proof, root)`, exactly the
//! reference `CommitmentVerifier.verifyInclusionWithRoot(keccak256(leaf), token, range, proof,
//! root)` (adjudicator.md §14).
//!
//! A block commits to a double-layer tree. The lower layer has one interval tree per token:
//! its leaves are `(keccak256(leaf), start)`, sorted by start, and a leaf's interval runs from
//! its start to an implicit end. The upper layer is an address tree whose leaves are
//! `(interval root, token)`, sorted by token. Parents hash their children packed:
//! - interval layer: `keccak256(abi.encodePacked(left, leftStart, right, rightStart))` (128
//!   bytes), requiring `rightStart >= leftStart`; a parent's start is its right child's start;
//! - address layer: `keccak256(abi.encodePacked(left, leftAddress, right, rightAddress))`
//!   (104 bytes: addresses take 20); a parent's address is its left child's address.
//!
//! The verifier walks each layer from the leaf up, bit `i` of `leafPosition` telling whether
//! the computed node is the right child at step `i`. The first right sibling bounds the leaf:
//! its start is the implicit end of the interval (`2^256 - 1` without one), its address the
//! implicit upper bound of the token (`0xff…ff` without one); later right siblings must not
//! be below the first. The range must lie within `[intervalInclusionProof.leafIndex, implicit
//! end]` and the token must not exceed the implicit address; then the root must match. Every
//! failed `require` of the reference decides false, with the reason.
//!
//! Note that a first right sibling higher in the tree is a subtree, whose start is that of its
//! *rightmost* leaf: so the verifier's implicit end can lie beyond the next leaf's start. The
//! reference behaves so; [`crate::atomic::tree`] reports both bounds. Likewise, a proof with
//! no address siblings (a block of a single token) never hashes the token: the root is the
//! interval root, and any token passes `token <= 0xff…ff`.

use super::input::{abi_decode, address, arguments, range, word};
use super::{Atomic, Decision, Encoding, Layer, Range, Reason};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};

/// The most siblings a layer of a proof may have: a tree of `2^256` leaves needs 256. A proof
/// with more decides false, which bounds the work of a decision.
pub const MAX_SIBLINGS: usize = 256;

/// The address with every bit set, the address layer's bound when there is no right sibling.
pub const MAX_ADDRESS: Address = Address::repeat_byte(0xff);

alloy_sol_types::sol! {
    /// `DataTypes.IntervalTreeNode`: a node of the interval layer, ABI `(bytes32,uint256)`.
    #[derive(Debug, PartialEq, Eq, Hash)]
    struct IntervalTreeNode {
        /// The node's hash.
        bytes32 data;
        /// The node's start: a leaf's own, a parent's right child's.
        uint256 start;
    }

    /// `DataTypes.AddressTreeNode`: a node of the address layer, ABI `(bytes32,address)`.
    #[derive(Debug, PartialEq, Eq, Hash)]
    struct AddressTreeNode {
        /// The node's hash.
        bytes32 data;
        /// The node's address: a leaf's token, a parent's left child's.
        address tokenAddress;
    }

    /// `DataTypes.IntervalInclusionProof`: the path through the interval layer.
    #[derive(Debug, PartialEq, Eq, Hash)]
    struct IntervalInclusionProof {
        /// The start of the leaf's interval.
        uint256 leafIndex;
        /// Bit `i` set: at step `i` the computed node is the right child.
        uint256 leafPosition;
        /// The siblings, from the leaf up.
        IntervalTreeNode[] siblings;
    }

    /// `DataTypes.AddressInclusionProof`: the path through the address layer.
    #[derive(Debug, PartialEq, Eq, Hash)]
    struct AddressInclusionProof {
        /// The token (not read by the verifier).
        address leafIndex;
        /// Bit `i` set: at step `i` the computed node is the right child.
        uint256 leafPosition;
        /// The siblings, from the interval root up.
        AddressTreeNode[] siblings;
    }

    /// `DataTypes.InclusionProof`, ABI
    /// `((address,uint256,(bytes32,address)[]),(uint256,uint256,(bytes32,uint256)[]))`.
    #[derive(Debug, PartialEq, Eq, Hash)]
    struct InclusionProof {
        /// The path through the address layer.
        AddressInclusionProof addressInclusionProof;
        /// The path through the interval layer.
        IntervalInclusionProof intervalInclusionProof;
    }
}

/// The parent of two interval-layer nodes:
/// `keccak256(abi.encodePacked(left, leftStart, right, rightStart))`.
pub fn interval_parent(left: B256, left_start: U256, right: B256, right_start: U256) -> B256 {
    let mut packed = [0u8; 128];
    packed[..32].copy_from_slice(left.as_slice());
    packed[32..64].copy_from_slice(&left_start.to_be_bytes::<32>());
    packed[64..96].copy_from_slice(right.as_slice());
    packed[96..].copy_from_slice(&right_start.to_be_bytes::<32>());
    keccak256(packed)
}

/// The parent of two address-layer nodes:
/// `keccak256(abi.encodePacked(left, leftAddress, right, rightAddress))`, 104 bytes.
pub fn address_parent(left: B256, left_address: Address, right: B256, right_address: Address) -> B256 {
    let mut packed = [0u8; 104];
    packed[..32].copy_from_slice(left.as_slice());
    packed[32..52].copy_from_slice(left_address.as_slice());
    packed[52..84].copy_from_slice(right.as_slice());
    packed[84..].copy_from_slice(right_address.as_slice());
    keccak256(packed)
}

/// The interval layer's `getParent`, with its `require(rightStart >= leftStart)`.
fn checked_interval_parent(sibling: usize, left: (B256, U256), right: (B256, U256)) -> Result<B256, Reason> {
    if right.1 < left.1 {
        return Err(Reason::ChildrenOutOfOrder {
            sibling,
            left: left.1,
            right: right.1,
        });
    }
    Ok(interval_parent(left.0, left.1, right.0, right.1))
}

/// `verifyInclusionWithRoot(leafHash, token, range, proof, root)`: `Ok` when the proof leads
/// from the leaf to the root and covers the range, `Err` with the first failed check, in the
/// reference's order.
pub fn verify(
    leaf_hash: B256,
    token: Address,
    range: Range,
    proof: &InclusionProof,
    root: B256,
) -> Result<Reason, Reason> {
    let interval = &proof.intervalInclusionProof;
    let upper = &proof.addressInclusionProof;
    for (layer, count) in [
        (Layer::Interval, interval.siblings.len()),
        (Layer::Address, upper.siblings.len()),
    ] {
        if count > MAX_SIBLINGS {
            return Err(Reason::TooManySiblings { layer, count });
        }
    }

    // The interval layer: the computed node carries the start of its rightmost leaf.
    let mut node = leaf_hash;
    let mut start = interval.leafIndex;
    let mut first_right: Option<U256> = None;
    for (i, sibling) in interval.siblings.iter().enumerate() {
        if interval.leafPosition.bit(i) {
            node = checked_interval_parent(i, (sibling.data, sibling.start), (node, start))?;
        } else {
            let first = *first_right.get_or_insert(sibling.start);
            if first > sibling.start {
                return Err(Reason::IntervalSiblingsOutOfOrder {
                    sibling: i,
                    first_right: first,
                    start: sibling.start,
                });
            }
            node = checked_interval_parent(i, (node, start), (sibling.data, sibling.start))?;
            start = sibling.start;
        }
    }
    let implicit_end = first_right.unwrap_or(U256::MAX);
    if range.start < interval.leafIndex || range.end > implicit_end {
        return Err(Reason::RangeOutsideLeaf {
            range,
            leaf_start: interval.leafIndex,
            implicit_end,
        });
    }

    // The address layer: the computed node carries the address of its leftmost leaf.
    let mut address = token;
    let mut first_right: Option<Address> = None;
    for (i, sibling) in upper.siblings.iter().enumerate() {
        if upper.leafPosition.bit(i) {
            node = address_parent(sibling.data, sibling.tokenAddress, node, address);
            address = sibling.tokenAddress;
        } else {
            let first = *first_right.get_or_insert(sibling.tokenAddress);
            if first > sibling.tokenAddress {
                return Err(Reason::AddressSiblingsOutOfOrder {
                    sibling: i,
                    first_right: first,
                    address: sibling.tokenAddress,
                });
            }
            node = address_parent(node, address, sibling.data, sibling.tokenAddress);
        }
    }
    let implicit = first_right.unwrap_or(MAX_ADDRESS);
    if token > implicit {
        return Err(Reason::TokenOutsideLeaf { token, implicit });
    }

    if node == root {
        Ok(Reason::Included { root })
    } else {
        Err(Reason::RootMismatch { computed: node, root })
    }
}

/// `VerifyInclusion(leaf, token, range, proof, root)`.
pub(super) fn verify_inclusion(inputs: &[Bytes]) -> Decision {
    let [leaf, token, range_bytes, proof, root] = arguments(Atomic::VerifyInclusion, inputs)?;
    let token = address(1, token)?;
    let range = range(2, range_bytes)?;
    let proof = abi_decode::<InclusionProof>(3, proof, Encoding::InclusionProof)?;
    let root = word(4, root)?;
    verify(keccak256(leaf), token, range, &proof, root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::SolValue;

    fn node(data: u8, start: u64) -> IntervalTreeNode {
        IntervalTreeNode {
            data: B256::repeat_byte(data),
            start: U256::from(start),
        }
    }

    fn proof(leaf_start: u64, position: u64, siblings: Vec<IntervalTreeNode>) -> InclusionProof {
        InclusionProof {
            addressInclusionProof: AddressInclusionProof {
                leafIndex: Address::ZERO,
                leafPosition: U256::ZERO,
                siblings: vec![],
            },
            intervalInclusionProof: IntervalInclusionProof {
                leafIndex: U256::from(leaf_start),
                leafPosition: U256::from(position),
                siblings,
            },
        }
    }

    fn range(start: u64, end: u64) -> Range {
        Range {
            start: U256::from(start),
            end: U256::from(end),
        }
    }

    #[test]
    fn abi_signature() {
        use alloy_sol_types::{SolType, sol_data::*};
        // The reference ABI, spelled with tuples.
        type Abi = (
            (Address, Uint<256>, Array<(FixedBytes<32>, Address)>),
            (Uint<256>, Uint<256>, Array<(FixedBytes<32>, Uint<256>)>),
        );
        assert_eq!(
            Abi::SOL_NAME,
            "((address,uint256,(bytes32,address)[]),(uint256,uint256,(bytes32,uint256)[]))"
        );
        let token = alloy_primitives::Address::repeat_byte(0xaa);
        let p = InclusionProof {
            addressInclusionProof: AddressInclusionProof {
                leafIndex: token,
                leafPosition: U256::from(1),
                siblings: vec![AddressTreeNode {
                    data: B256::repeat_byte(1),
                    tokenAddress: token,
                }],
            },
            intervalInclusionProof: IntervalInclusionProof {
                leafIndex: U256::from(7),
                leafPosition: U256::from(2),
                siblings: vec![node(2, 3), node(4, 5)],
            },
        };
        let tuple = (
            (token, U256::from(1), vec![(B256::repeat_byte(1), token)]),
            (
                U256::from(7),
                U256::from(2),
                vec![
                    (B256::repeat_byte(2), U256::from(3)),
                    (B256::repeat_byte(4), U256::from(5)),
                ],
            ),
        );
        let encoded = p.abi_encode();
        assert_eq!(encoded, Abi::abi_encode(&tuple));
        // `abi.encode` of a dynamic struct starts with its offset word.
        assert_eq!(&encoded[..32], &U256::from(0x20).to_be_bytes::<32>());
        assert_eq!(<InclusionProof as SolValue>::abi_decode(&encoded).unwrap(), p);
    }

    #[test]
    fn two_leaves() {
        let (a, b) = (keccak256(b"a"), keccak256(b"b"));
        let root = interval_parent(a, U256::from(0), b, U256::from(10));
        let left = proof(
            0,
            0,
            vec![IntervalTreeNode {
                data: b,
                start: U256::from(10),
            }],
        );
        assert_eq!(
            verify(a, Address::ZERO, range(0, 10), &left, root),
            Ok(Reason::Included { root })
        );
        assert_eq!(
            verify(a, Address::ZERO, range(3, 7), &left, root),
            Ok(Reason::Included { root })
        );
        let e = verify(a, Address::ZERO, range(3, 11), &left, root).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the range [3, 11) ends after the leaf's interval [0, 10) (the end is the first right \
             sibling's start)"
        );
        let right = proof(
            10,
            1,
            vec![IntervalTreeNode {
                data: a,
                start: U256::from(0),
            }],
        );
        assert!(verify(b, Address::ZERO, range(10, 1000), &right, root).is_ok());
        assert!(matches!(
            verify(b, Address::ZERO, range(9, 1000), &right, root),
            Err(Reason::RangeOutsideLeaf { .. })
        ));
        assert!(matches!(
            verify(a, Address::ZERO, range(10, 1000), &right, root),
            Err(Reason::RootMismatch { .. })
        ));
    }

    #[test]
    fn order_checks() {
        // The computed node is the right child but starts before its left sibling.
        let e = verify(
            B256::ZERO,
            Address::ZERO,
            range(5, 5),
            &proof(5, 1, vec![node(1, 9)]),
            B256::ZERO,
        );
        assert_eq!(
            e,
            Err(Reason::ChildrenOutOfOrder {
                sibling: 0,
                left: U256::from(9),
                right: U256::from(5)
            })
        );
        // A later right sibling below the first.
        let e = verify(
            B256::ZERO,
            Address::ZERO,
            range(0, 1),
            &proof(0, 0, vec![node(1, 9), node(2, 8)]),
            B256::ZERO,
        );
        assert!(
            matches!(e, Err(Reason::IntervalSiblingsOutOfOrder { sibling: 1, .. })),
            "{e:?}"
        );
    }

    #[test]
    fn too_many_siblings() {
        let p = proof(0, 0, vec![node(1, 1); MAX_SIBLINGS + 1]);
        assert_eq!(
            verify(B256::ZERO, Address::ZERO, range(0, 0), &p, B256::ZERO),
            Err(Reason::TooManySiblings {
                layer: Layer::Interval,
                count: MAX_SIBLINGS + 1
            })
        );
    }
}
