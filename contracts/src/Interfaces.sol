// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "./DataTypes.sol";

/// adjudicator.md §3.4.
interface LogicalConnective {
    function isValidChallenge(
        bytes[] calldata _inputs,
        bytes[] calldata _challengeInputs,
        types.Property calldata _challenge
    ) external view returns (bool);
}

interface DecidablePredicate {
    function decideWithWitness(bytes[] calldata _inputs, bytes[] calldata _witness) external returns (bool);
}

interface AtomicPredicate {
    function decideTrue(bytes[] calldata _inputs) external;

    function decide(bytes[] calldata _inputs) external view returns (bool);
}

interface Storage {
    function retrieve(bytes calldata _key) external view returns (bytes memory);
}

/// What the connectives and atomic predicates need of the adjudicator.
interface IAdjudicator {
    function isDecided(types.Property calldata _property) external view returns (bool);

    function isDecidedById(bytes32 _propertyId) external view returns (bool);

    function getGame(bytes32 _claimId) external view returns (types.ChallengeGame memory);

    function setPredicateDecision(types.Property calldata _property, bool _decision) external;
}
