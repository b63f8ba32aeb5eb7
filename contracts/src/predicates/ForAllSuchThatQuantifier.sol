// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "../DataTypes.sol";
import {UtilsLib} from "../Utils.sol";
import {Connectives, Substitution} from "../Substitution.sol";

/// ForAllSuchThat(hint, v, body): `inputs = [hint, utf8(v), abi.encode(body)]`. Its challenge
/// is Not(body[v := x]) with challengeInputs `[x]`, where the substitution is deep
/// (`Substitution.replaceVariable`).
///
/// Deep substitution must recognise the ThereExistsSuchThat contract, which is deployed after
/// this one (it needs this address): the deployer passes its address, predicted from its own
/// nonce, and ThereExistsSuchThatQuantifier's constructor checks the prediction.
contract ForAllSuchThatQuantifier {
    address public immutable adjudicationContract;
    address public immutable notPredicateAddress;
    address public immutable andPredicateAddress;
    address public immutable orPredicateAddress;
    address public immutable thereExistsPredicateAddress;
    address public immutable utils;

    constructor(
        address _uacAddress,
        address _notPredicateAddress,
        address _andPredicateAddress,
        address _orPredicateAddress,
        address _thereExistsPredicateAddress,
        address _utilsAddress
    ) {
        adjudicationContract = _uacAddress;
        notPredicateAddress = _notPredicateAddress;
        andPredicateAddress = _andPredicateAddress;
        orPredicateAddress = _orPredicateAddress;
        thereExistsPredicateAddress = _thereExistsPredicateAddress;
        utils = _utilsAddress;
    }

    function connectives() public view returns (Connectives memory) {
        return Connectives({
            not: notPredicateAddress,
            and: andPredicateAddress,
            or: orPredicateAddress,
            forAll: address(this),
            thereExists: thereExistsPredicateAddress
        });
    }

    function isValidChallenge(
        bytes[] memory _inputs,
        bytes[] memory _challengeInputs,
        types.Property memory _challenge
    ) public view returns (bool) {
        require(_challenge.predicateAddress == notPredicateAddress, "_challenge must be Not predicate");
        require(_challengeInputs.length >= 1, "ForAll: no challenge input");
        require(_inputs.length >= 3, "ForAll: fewer than three inputs");
        require(_challenge.inputs.length >= 1, "ForAll: the challenge Not has no input");
        bytes memory substituted =
            Substitution.replaceVariable(connectives(), _inputs[2], _inputs[1], _challengeInputs[0]);
        require(keccak256(substituted) == keccak256(_challenge.inputs[0]), "must be valid inner property");
        return true;
    }

    /// The deep substitution this contract applies, for clients and tests.
    function replaceVariable(bytes memory _propertyBytes, bytes memory _name, bytes memory _value)
        public
        view
        returns (bytes memory)
    {
        return Substitution.replaceVariable(connectives(), _propertyBytes, _name, _value);
    }

    /// ForAll is decided by the dispute period, never with a witness.
    function decideWithWitness(bytes[] memory, bytes[] memory) public pure returns (bool) {
        return false;
    }
}
