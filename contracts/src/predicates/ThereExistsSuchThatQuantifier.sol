// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "../DataTypes.sol";
import {UtilsLib} from "../Utils.sol";
import {Connectives, Substitution} from "../Substitution.sol";
import {DecidablePredicate} from "../Interfaces.sol";

interface IForAllSuchThat {
    function thereExistsPredicateAddress() external view returns (address);
}

/// ThereExistsSuchThat(hint, v, body): `inputs = [hint, utf8(v), abi.encode(body)]`. Its
/// challenge is ForAllSuchThat(anyHint, v, Not(body)) (the hint is not compared); its witness
/// is `[x] ++ witness of body[v := x]`, with deep substitution.
contract ThereExistsSuchThatQuantifier {
    address public immutable adjudicationContract;
    address public immutable notPredicateAddress;
    address public immutable andPredicateAddress;
    address public immutable orPredicateAddress;
    address public immutable forAllSuchThatAddress;
    address public immutable utils;

    constructor(
        address _uacAddress,
        address _notPredicateAddress,
        address _andPredicateAddress,
        address _orPredicateAddress,
        address _forAllSuchThatAddress,
        address _utilsAddress
    ) {
        require(
            IForAllSuchThat(_forAllSuchThatAddress).thereExistsPredicateAddress() == address(this),
            "ForAllSuchThat was deployed with another ThereExistsSuchThat address"
        );
        adjudicationContract = _uacAddress;
        notPredicateAddress = _notPredicateAddress;
        andPredicateAddress = _andPredicateAddress;
        orPredicateAddress = _orPredicateAddress;
        forAllSuchThatAddress = _forAllSuchThatAddress;
        utils = _utilsAddress;
    }

    function connectives() public view returns (Connectives memory) {
        return Connectives({
            not: notPredicateAddress,
            and: andPredicateAddress,
            or: orPredicateAddress,
            forAll: forAllSuchThatAddress,
            thereExists: address(this)
        });
    }

    function isValidChallenge(
        bytes[] memory _inputs,
        bytes[] memory, /* _challengeInputs */
        types.Property memory _challenge
    ) public view returns (bool) {
        require(_challenge.predicateAddress == forAllSuchThatAddress, "challenge must be ForAllSuchThat");
        require(_inputs.length >= 3, "ThereExists: fewer than three inputs");
        require(_challenge.inputs.length >= 3, "ThereExists: the challenge has fewer than three inputs");
        require(keccak256(_challenge.inputs[1]) == keccak256(_inputs[1]), "variable must be same");
        bytes[] memory notInputs = new bytes[](1);
        notInputs[0] = _inputs[2];
        types.Property memory notProperty = types.Property({predicateAddress: notPredicateAddress, inputs: notInputs});
        require(keccak256(_challenge.inputs[2]) == keccak256(abi.encode(notProperty)), "inputs must be same");
        return true;
    }

    function replaceVariable(bytes memory _propertyBytes, bytes memory _name, bytes memory _value)
        public
        view
        returns (bytes memory)
    {
        return Substitution.replaceVariable(connectives(), _propertyBytes, _name, _value);
    }

    /// witness = [x] ++ the witness of body[v := x].
    function decideWithWitness(bytes[] memory _inputs, bytes[] memory _witness) public returns (bool) {
        require(_witness.length >= 1, "ThereExists: no witness");
        require(_inputs.length >= 3, "ThereExists: fewer than three inputs");
        bytes memory body = Substitution.replaceVariable(connectives(), _inputs[2], _inputs[1], _witness[0]);
        types.Property memory property = UtilsLib.decodeProperty(body);
        return DecidablePredicate(property.predicateAddress).decideWithWitness(
            property.inputs, UtilsLib.subArray(_witness, 1, _witness.length)
        );
    }
}
