// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "../DataTypes.sol";
import {UtilsLib} from "../Utils.sol";
import {DecidablePredicate} from "../Interfaces.sol";

/// Or(P0, …, Pn): `inputs = [abi.encode(P0), …]`. Its challenge is And(Not(P0), …, Not(Pn)),
/// never simplified (docs/engine.md, difference 4).
contract OrPredicate {
    address public immutable notPredicateAddress;
    address public immutable andPredicateAddress;

    constructor(address _notPredicateAddress, address _andPredicateAddress) {
        notPredicateAddress = _notPredicateAddress;
        andPredicateAddress = _andPredicateAddress;
    }

    function isValidChallenge(
        bytes[] memory _inputs,
        bytes[] memory, /* _challengeInputs */
        types.Property memory _challenge
    ) public view returns (bool) {
        require(_challenge.predicateAddress == andPredicateAddress, "challenge must be And");
        require(_challenge.inputs.length >= _inputs.length, "Or: the challenge has too few conjuncts");
        for (uint256 i = 0; i < _inputs.length; i++) {
            bytes[] memory notInputs = new bytes[](1);
            notInputs[0] = _inputs[i];
            types.Property memory notProperty =
                types.Property({predicateAddress: notPredicateAddress, inputs: notInputs});
            require(keccak256(abi.encode(notProperty)) == keccak256(_challenge.inputs[i]), "inputs must be same");
        }
        return true;
    }

    /// witness = [abi.encode(uint256 i)] ++ the witness of Pi.
    function decideWithWitness(bytes[] memory _inputs, bytes[] memory _witness) public returns (bool) {
        require(_witness.length >= 1, "Or: witness[0] is missing");
        uint256 index = UtilsLib.bytesToUint(_witness[0]);
        require(index < _inputs.length, "witness must be smaller than inputs length");
        types.Property memory inner = UtilsLib.decodeProperty(_inputs[index]);
        return DecidablePredicate(inner.predicateAddress).decideWithWitness(
            inner.inputs, UtilsLib.subArray(_witness, 1, _witness.length)
        );
    }
}
