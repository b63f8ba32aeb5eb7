// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "../DataTypes.sol";
import {UtilsLib} from "../Utils.sol";
import {IAdjudicator} from "../Interfaces.sol";

/// Not(P): `inputs = [abi.encode(P)]`. Its challenge is P itself.
contract NotPredicate {
    IAdjudicator public immutable adjudicationContract;
    address public immutable utils;

    event ValueDecided(bool decision, types.Property property);

    constructor(address _uacAddress, address _utilsAddress) {
        adjudicationContract = IAdjudicator(_uacAddress);
        utils = _utilsAddress;
    }

    function isValidChallenge(
        bytes[] memory _inputs,
        bytes[] memory, /* _challengeInputs */
        types.Property memory _challenge
    ) public pure returns (bool) {
        require(_inputs.length >= 1, "Not: the property has no input");
        return keccak256(_inputs[0]) == keccak256(abi.encode(_challenge));
    }

    /// Not(P) is true once P has been decided False (the reference accepted a P merely
    /// undecided, adjudicator.md §13.3). The claim Not(P) must have been claimed.
    function decideTrue(types.Property memory _innerProperty) public {
        bytes32 innerId = UtilsLib.getPropertyId(_innerProperty);
        require(
            adjudicationContract.getGame(innerId).decision == types.Decision.False,
            "inner property must be false"
        );
        bytes[] memory inputs = new bytes[](1);
        inputs[0] = abi.encode(_innerProperty);
        types.Property memory property = types.Property({predicateAddress: address(this), inputs: inputs});
        adjudicationContract.setPredicateDecision(property, true);
        emit ValueDecided(true, property);
    }

    /// Not is decided by the dispute period, never with a witness.
    function decideWithWitness(bytes[] memory, bytes[] memory) public pure returns (bool) {
        return false;
    }
}
