// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "../DataTypes.sol";
import {UtilsLib} from "../Utils.sol";
import {IAdjudicator, DecidablePredicate} from "../Interfaces.sol";

/// And(P0, …, Pn): `inputs = [abi.encode(P0), …]`. Its challenge is Not(Pi), with
/// challengeInputs `[abi.encode(uint256 i)]`.
contract AndPredicate {
    IAdjudicator public immutable adjudicationContract;
    address public immutable notPredicateAddress;
    address public immutable utils;

    event ValueDecided(bool decision, types.Property property);

    constructor(address _uacAddress, address _notPredicateAddress, address _utilsAddress) {
        adjudicationContract = IAdjudicator(_uacAddress);
        notPredicateAddress = _notPredicateAddress;
        utils = _utilsAddress;
    }

    function isValidChallenge(
        bytes[] memory _inputs,
        bytes[] memory _challengeInputs,
        types.Property memory _challenge
    ) public view returns (bool) {
        require(_challengeInputs.length >= 1, "And: challengeInputs[0] is missing");
        uint256 index = UtilsLib.bytesToUint(_challengeInputs[0]);
        require(index < _inputs.length, "And: index out of bounds");
        require(_challenge.predicateAddress == notPredicateAddress, "And: the challenge is not a Not");
        require(_challenge.inputs.length >= 1, "And: the challenge Not has no input");
        require(keccak256(_inputs[index]) == keccak256(_challenge.inputs[0]), "And: the challenge is not Not(operand)");
        return true;
    }

    /// And is true once every operand has been decided true.
    function decideTrue(types.Property[] memory _innerProperties) public {
        bytes[] memory inputs = new bytes[](_innerProperties.length);
        for (uint256 i = 0; i < _innerProperties.length; i++) {
            require(adjudicationContract.isDecided(_innerProperties[i]), "This property isn't true");
            inputs[i] = abi.encode(_innerProperties[i]);
        }
        types.Property memory property = types.Property({predicateAddress: address(this), inputs: inputs});
        adjudicationContract.setPredicateDecision(property, true);
        emit ValueDecided(true, property);
    }

    /// docs/engine.md: `witness[i]` is `abi.encode(bytes[])` of operand i's witness.
    function decideWithWitness(bytes[] memory _inputs, bytes[] memory _witness) public returns (bool) {
        require(_witness.length >= _inputs.length, "And: a witness entry per operand");
        for (uint256 i = 0; i < _inputs.length; i++) {
            types.Property memory inner = UtilsLib.decodeProperty(_inputs[i]);
            bytes[] memory w = abi.decode(_witness[i], (bytes[]));
            if (!DecidablePredicate(inner.predicateAddress).decideWithWitness(inner.inputs, w)) return false;
        }
        return true;
    }
}
