// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";
import {DataTypes as types} from "../../DataTypes.sol";

/// VerifyInclusion(leaf, token, range, proof, root): the double-layer tree of
/// adjudicator.md §14 (an interval tree per token under an address tree).
contract VerifyInclusion is BaseAtomicPredicate {
    uint256 public constant MAX_SIBLINGS = 256;

    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 5) return false;
        address token = UtilsLib.bytesToAddress(_inputs[1]);
        types.Range memory range = UtilsLib.bytesToRange(_inputs[2]);
        types.InclusionProof memory proof = abi.decode(_inputs[3], (types.InclusionProof));
        if (_inputs[4].length != 32) return false;
        bytes32 root = abi.decode(_inputs[4], (bytes32));
        return verifyInclusionWithRoot(keccak256(_inputs[0]), token, range, proof, root);
    }

    function verifyInclusionWithRoot(
        bytes32 _leaf,
        address _token,
        types.Range memory _range,
        types.InclusionProof memory _proof,
        bytes32 _root
    ) public pure returns (bool) {
        types.IntervalInclusionProof memory interval = _proof.intervalInclusionProof;
        types.AddressInclusionProof memory upper = _proof.addressInclusionProof;
        if (interval.siblings.length > MAX_SIBLINGS || upper.siblings.length > MAX_SIBLINGS) return false;

        // The interval layer: the computed node carries the start of its rightmost leaf.
        bytes32 node = _leaf;
        uint256 start = interval.leafIndex;
        bool haveFirstRight = false;
        uint256 firstRight = type(uint256).max;
        for (uint256 i = 0; i < interval.siblings.length; i++) {
            types.IntervalTreeNode memory sibling = interval.siblings[i];
            if ((interval.leafPosition >> i) & 1 == 1) {
                if (start < sibling.start) return false; // rightStart >= leftStart
                node = keccak256(abi.encodePacked(sibling.data, sibling.start, node, start));
            } else {
                if (!haveFirstRight) {
                    firstRight = sibling.start;
                    haveFirstRight = true;
                }
                if (firstRight > sibling.start) return false;
                if (sibling.start < start) return false; // rightStart >= leftStart
                node = keccak256(abi.encodePacked(node, start, sibling.data, sibling.start));
                start = sibling.start;
            }
        }
        if (_range.start < interval.leafIndex || _range.end > firstRight) return false;

        // The address layer: the computed node carries the address of its leftmost leaf.
        address addr = _token;
        bool haveFirstRightAddress = false;
        address firstRightAddress = address(type(uint160).max);
        for (uint256 i = 0; i < upper.siblings.length; i++) {
            types.AddressTreeNode memory sibling = upper.siblings[i];
            if ((upper.leafPosition >> i) & 1 == 1) {
                node = keccak256(abi.encodePacked(sibling.data, sibling.tokenAddress, node, addr));
                addr = sibling.tokenAddress;
            } else {
                if (!haveFirstRightAddress) {
                    firstRightAddress = sibling.tokenAddress;
                    haveFirstRightAddress = true;
                }
                if (firstRightAddress > sibling.tokenAddress) return false;
                node = keccak256(abi.encodePacked(node, addr, sibling.data, sibling.tokenAddress));
            }
        }
        if (_token > firstRightAddress) return false;
        return node == _root;
    }
}
