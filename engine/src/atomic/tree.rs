//! A builder of double-layer inclusion trees (see [`crate::atomic::inclusion`]), for tests and
//! witness files: from leaves grouped by token, the root and, for every leaf, the
//! [`InclusionProof`] that `VerifyInclusion` accepts.
//!
//! # Shape
//!
//! Leaves are sorted by token address, and by start within a token; the starts of a token must
//! be distinct. Each token gets an interval tree over `(keccak256(leaf), start)`, whose parents
//! take their right child's start; the address tree is over `(interval root, token)`, whose
//! parents take their left child's address. A tree of one node is that node (one leaf's
//! interval root is `keccak256(leaf)`; one token's address root is its interval root).
//!
//! # Padding
//!
//! Levels are paired from the left. A level with an odd number of nodes (other than the root)
//! gets one **empty node** appended before pairing, as the reference client's merkle trees do:
//! - interval layer: data `keccak256("")`, start `2^256 - 1` (the reference client's
//!   `IntervalTree.createEmptyNode`);
//! - address layer: data `keccak256("")`, address `0xff…ff`. (The reference client's
//!   `AddressTree` uses the zero address, with which the verifier's check `token <=
//!   firstRightAddress` fails for the last token, so its trees with an odd number of tokens
//!   cannot prove their last token; the largest address keeps every proof valid.)
//!
//! Padding happens at every odd level, not once up to a power of two: five leaves make levels
//! of 5 + 1, 3 + 1, 2 and 1 nodes. The empty nodes sort after every real node, so the order
//! checks of the verifier hold and the last leaf of a token ends at `2^256 - 1`.
//!
//! # Intervals
//!
//! A leaf owns `[start, next leaf's start)`, the last leaf of a token `[start, 2^256 - 1)`:
//! that is [`LeafProof::end`]. The verifier accepts any range from the start up to the *first
//! right sibling's start* ([`LeafProof::implicit_end`]). Because a parent carries its right
//! child's start, that sibling's start is the start of the rightmost leaf under it, which is
//! the next leaf's start only when the first right sibling is a single leaf (or an empty
//! node): the implicit end is never before [`LeafProof::end`], and can be after it. The
//! reference verifier behaves so; the builder reports both.

use super::Range;
use super::inclusion::{
    AddressInclusionProof, AddressTreeNode, InclusionProof, IntervalInclusionProof, IntervalTreeNode,
    MAX_ADDRESS, address_parent, interval_parent,
};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::SolValue;
use ovm_abi::input::{address_word, bytes32_word};
use thiserror::Error;

/// A leaf to put in a tree: the leaf's bytes (hashed by the tree, as `VerifyInclusion` hashes
/// its first input), its token and the start of its interval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeLeaf {
    /// The token (deposit contract) the leaf belongs to.
    pub token: Address,
    /// The start of the leaf's interval.
    pub start: U256,
    /// The leaf's bytes (for a plasma block, `abi.encode` of a state update property).
    pub leaf: Bytes,
}

/// Why leaves cannot make a tree.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TreeError {
    /// There are no leaves.
    #[error("an inclusion tree needs at least one leaf")]
    Empty,
    /// Two leaves of a token start at the same number.
    #[error(
        "two leaves of token {token} start at {start}: the intervals of a token must start at distinct \
         numbers"
    )]
    DuplicateStart {
        /// The token.
        token: Address,
        /// The start.
        start: U256,
    },
}

/// A leaf's proof: what `VerifyInclusion` needs besides the root, and the leaf's interval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafProof {
    /// The leaf's token.
    pub token: Address,
    /// The leaf's bytes.
    pub leaf: Bytes,
    /// The start of the leaf's interval.
    pub start: U256,
    /// The end of the interval the leaf owns: the next leaf's start, or `2^256 - 1` for the
    /// last leaf of its token.
    pub end: U256,
    /// The largest range end the verifier accepts with this proof: the first right sibling's
    /// start, never less than [`LeafProof::end`].
    pub implicit_end: U256,
    /// The proof.
    pub proof: InclusionProof,
}

impl LeafProof {
    /// The interval the leaf owns, `[start, end)`.
    pub fn interval(&self) -> Range {
        Range {
            start: self.start,
            end: self.end,
        }
    }

    /// `abi.encode(proof)`, the `proof` input of `VerifyInclusion`.
    pub fn encode(&self) -> Bytes {
        self.proof.abi_encode().into()
    }

    /// The inputs of `VerifyInclusion(leaf, token, range, proof, root)` for a range.
    pub fn inputs(&self, range: Range, root: B256) -> [Bytes; 5] {
        [
            self.leaf.clone(),
            address_word(self.token),
            ovm_abi::input::range(range.start, range.end),
            self.encode(),
            bytes32_word(root),
        ]
    }
}

/// The interval tree of one token.
#[derive(Clone, Debug)]
struct TokenTree {
    /// The token.
    token: Address,
    /// The leaves' bytes, in order of start.
    leaves: Vec<Bytes>,
    /// The levels from the leaves up, odd levels padded; the last is the root alone.
    levels: Vec<Vec<IntervalTreeNode>>,
}

/// A double-layer inclusion tree: its root and the proofs of its leaves.
#[derive(Clone, Debug)]
pub struct InclusionTree {
    /// The interval trees, in order of token.
    tokens: Vec<TokenTree>,
    /// The address layer's levels from the interval roots up, odd levels padded.
    levels: Vec<Vec<AddressTreeNode>>,
}

/// The levels of a tree over `leaves` (at least one), padding odd levels with `empty`.
fn build_levels<N: Clone>(leaves: Vec<N>, empty: &N, parent: impl Fn(&N, &N) -> N) -> Vec<Vec<N>> {
    let mut levels = vec![leaves];
    loop {
        let level = levels.last_mut().expect("a tree has a level");
        if level.len() <= 1 {
            return levels;
        }
        if level.len() % 2 == 1 {
            level.push(empty.clone());
        }
        let parents = level
            .chunks_exact(2)
            .map(|pair| parent(&pair[0], &pair[1]))
            .collect();
        levels.push(parents);
    }
}

/// The siblings of node `index` from the bottom level up.
fn path<N: Clone>(levels: &[Vec<N>], index: usize) -> Vec<N> {
    levels[..levels.len() - 1]
        .iter()
        .enumerate()
        .map(|(height, level)| level[(index >> height) ^ 1].clone())
        .collect()
}

impl InclusionTree {
    /// The tree of these leaves, in any order.
    pub fn new(leaves: impl IntoIterator<Item = TreeLeaf>) -> Result<InclusionTree, TreeError> {
        let mut leaves: Vec<TreeLeaf> = leaves.into_iter().collect();
        if leaves.is_empty() {
            return Err(TreeError::Empty);
        }
        leaves.sort_by_key(|l| (l.token, l.start));
        if let Some(pair) = leaves
            .windows(2)
            .find(|p| p[0].token == p[1].token && p[0].start == p[1].start)
        {
            return Err(TreeError::DuplicateStart {
                token: pair[0].token,
                start: pair[0].start,
            });
        }

        let empty_interval = IntervalTreeNode {
            data: keccak256([]),
            start: U256::MAX,
        };
        let mut tokens: Vec<TokenTree> = Vec::new();
        for chunk in leaves.chunk_by(|a, b| a.token == b.token) {
            let nodes = chunk
                .iter()
                .map(|l| IntervalTreeNode {
                    data: keccak256(&l.leaf),
                    start: l.start,
                })
                .collect();
            let levels = build_levels(nodes, &empty_interval, |l, r| IntervalTreeNode {
                data: interval_parent(l.data, l.start, r.data, r.start),
                start: r.start,
            });
            tokens.push(TokenTree {
                token: chunk[0].token,
                leaves: chunk.iter().map(|l| l.leaf.clone()).collect(),
                levels,
            });
        }

        let empty_address = AddressTreeNode {
            data: keccak256([]),
            tokenAddress: MAX_ADDRESS,
        };
        let roots = tokens
            .iter()
            .map(|t| AddressTreeNode {
                data: t.levels.last().expect("a tree has a level")[0].data,
                tokenAddress: t.token,
            })
            .collect();
        let levels = build_levels(roots, &empty_address, |l, r| AddressTreeNode {
            data: address_parent(l.data, l.tokenAddress, r.data, r.tokenAddress),
            tokenAddress: l.tokenAddress,
        });
        Ok(InclusionTree { tokens, levels })
    }

    /// The root.
    pub fn root(&self) -> B256 {
        self.levels.last().expect("a tree has a level")[0].data
    }

    /// The number of leaves.
    pub fn len(&self) -> usize {
        self.tokens.iter().map(|t| t.leaves.len()).sum()
    }

    /// Whether the tree has no leaves (never: a tree has at least one).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens, in order, with the number of leaves of each.
    pub fn tokens(&self) -> impl Iterator<Item = (Address, usize)> + '_ {
        self.tokens.iter().map(|t| (t.token, t.leaves.len()))
    }

    /// The proof of a token's leaf `index` (in order of start), if there is one.
    pub fn proof(&self, token: Address, index: usize) -> Option<LeafProof> {
        let position = self.tokens.binary_search_by(|t| t.token.cmp(&token)).ok()?;
        self.proof_at(position, index)
    }

    /// The proof of the leaf of `token` whose interval contains `point`, if there is one.
    pub fn covering(&self, token: Address, point: U256) -> Option<LeafProof> {
        let position = self.tokens.binary_search_by(|t| t.token.cmp(&token)).ok()?;
        let starts = &self.tokens[position].levels[0][..self.tokens[position].leaves.len()];
        let index = starts.partition_point(|n| n.start <= point).checked_sub(1)?;
        self.proof_at(position, index)
    }

    /// Every leaf's proof, in order of token, then start.
    pub fn proofs(&self) -> impl Iterator<Item = LeafProof> + '_ {
        self.tokens.iter().enumerate().flat_map(move |(position, t)| {
            (0..t.leaves.len()).filter_map(move |index| self.proof_at(position, index))
        })
    }

    /// The proof of leaf `index` of the token at `position`.
    fn proof_at(&self, position: usize, index: usize) -> Option<LeafProof> {
        let tree = self.tokens.get(position)?;
        let leaf = tree.leaves.get(index)?;
        let start = tree.levels[0][index].start;
        let end = tree.levels[0].get(index + 1).map_or(U256::MAX, |n| n.start);
        let siblings = path(&tree.levels, index);
        let implicit_end = siblings
            .iter()
            .enumerate()
            .find(|(height, _)| (index >> height) & 1 == 0)
            .map_or(U256::MAX, |(_, s)| s.start);
        Some(LeafProof {
            token: tree.token,
            leaf: leaf.clone(),
            start,
            end,
            implicit_end,
            proof: InclusionProof {
                addressInclusionProof: AddressInclusionProof {
                    leafIndex: tree.token,
                    leafPosition: U256::from(position),
                    siblings: path(&self.levels, position),
                },
                intervalInclusionProof: IntervalInclusionProof {
                    leafIndex: start,
                    leafPosition: U256::from(index),
                    siblings,
                },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atomic::Reason;
    use crate::atomic::inclusion::verify;

    fn leaf(token: u8, start: u64, data: &str) -> TreeLeaf {
        TreeLeaf {
            token: Address::repeat_byte(token),
            start: U256::from(start),
            leaf: Bytes::copy_from_slice(data.as_bytes()),
        }
    }

    #[test]
    fn one_leaf_is_its_hash() {
        let tree = InclusionTree::new([leaf(1, 0, "a")]).unwrap();
        assert_eq!(tree.root(), keccak256(b"a"));
        let p = tree.proof(Address::repeat_byte(1), 0).unwrap();
        assert_eq!(p.end, U256::MAX);
        assert_eq!(p.implicit_end, U256::MAX);
        assert!(p.proof.intervalInclusionProof.siblings.is_empty());
        assert!(verify(keccak256(b"a"), p.token, p.interval(), &p.proof, tree.root()).is_ok());
    }

    #[test]
    fn two_tokens_by_hand() {
        let tree = InclusionTree::new([leaf(2, 0, "b"), leaf(1, 0, "a")]).unwrap();
        let expected = address_parent(
            keccak256(b"a"),
            Address::repeat_byte(1),
            keccak256(b"b"),
            Address::repeat_byte(2),
        );
        assert_eq!(tree.root(), expected);
        assert_eq!(
            tree.tokens().collect::<Vec<_>>(),
            vec![(Address::repeat_byte(1), 1), (Address::repeat_byte(2), 1)]
        );
    }

    #[test]
    fn three_leaves_pad_with_the_empty_node() {
        let tree = InclusionTree::new([leaf(1, 0, "a"), leaf(1, 5, "b"), leaf(1, 9, "c")]).unwrap();
        let (a, b, c) = (keccak256(b"a"), keccak256(b"b"), keccak256(b"c"));
        let ab = interval_parent(a, U256::from(0), b, U256::from(5));
        let ce = interval_parent(c, U256::from(9), keccak256([]), U256::MAX);
        assert_eq!(tree.root(), interval_parent(ab, U256::from(5), ce, U256::MAX));
        // Leaf 1's first right sibling is the (c, empty) subtree, whose start is 2^256 - 1.
        let p = tree.proof(Address::repeat_byte(1), 1).unwrap();
        assert_eq!((p.end, p.implicit_end), (U256::from(9), U256::MAX));
        let p = tree.proof(Address::repeat_byte(1), 0).unwrap();
        assert_eq!((p.end, p.implicit_end), (U256::from(5), U256::from(5)));
    }

    #[test]
    fn errors_and_lookups() {
        assert_eq!(InclusionTree::new([]).unwrap_err(), TreeError::Empty);
        let e = InclusionTree::new([leaf(1, 3, "a"), leaf(1, 3, "b")]).unwrap_err();
        assert!(matches!(e, TreeError::DuplicateStart { .. }));
        let tree = InclusionTree::new([leaf(1, 3, "a"), leaf(1, 8, "b"), leaf(2, 3, "c")]).unwrap();
        assert_eq!(tree.len(), 3);
        assert!(!tree.is_empty());
        let t = Address::repeat_byte(1);
        assert_eq!(tree.covering(t, U256::from(2)), None);
        assert_eq!(tree.covering(t, U256::from(3)).unwrap().leaf.as_ref(), b"a");
        assert_eq!(tree.covering(t, U256::from(7)).unwrap().leaf.as_ref(), b"a");
        assert_eq!(tree.covering(t, U256::from(8)).unwrap().leaf.as_ref(), b"b");
        assert_eq!(tree.covering(Address::repeat_byte(3), U256::from(8)), None);
        assert_eq!(tree.proof(t, 2), None);
        for p in tree.proofs() {
            assert_eq!(
                verify(keccak256(&p.leaf), p.token, p.interval(), &p.proof, tree.root()),
                Ok(Reason::Included { root: tree.root() })
            );
        }
    }
}
