// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "./DataTypes.sol";
import {UtilsLib} from "./Utils.sol";
import {LogicalConnective, DecidablePredicate} from "./Interfaces.sol";

/// The Universal Adjudication Contract: the external interface, selectors and events of the
/// reference (adjudicator.md §3.1), with the defects of §13 fixed:
/// - checked arithmetic: no `block.number - 7` underflow (a claim is decidable from its
///   creation block + DISPUTE_PERIOD, whatever the block number);
/// - a decided game is final: `decideClaimToTrue`, `decideClaimToFalse`,
///   `decideClaimWithWitness` and `setPredicateDecision` require it Undecided, so a game
///   decided False is never flipped to True by timeout;
/// - `challenge` requires the challenged claim to be claimed and undecided, and rejects a
///   challenge already in its list;
/// - a game is "empty" when its propertyHash is zero (not when createdBlock is 0, which is a
///   real block number on a fresh chain).
contract UniversalAdjudicationContract {
    uint256 public constant DISPUTE_PERIOD = 7;

    mapping(bytes32 => types.ChallengeGame) public instantiatedGames;
    address public utils;

    event NewPropertyClaimed(bytes32 gameId, types.Property property, uint256 createdBlock);
    event ClaimChallenged(bytes32 gameId, bytes32 challengeGameId);
    event ClaimDecided(bytes32 gameId, bool decision);
    event ChallengeRemoved(bytes32 gameId, bytes32 challengeGameId);
    event AtomicPropositionDecided(bytes32 gameId, bool decision);

    /// `_utilsAddress` is kept for the reference's constructor; ids are computed internally.
    constructor(address _utilsAddress) {
        utils = _utilsAddress;
    }

    modifier isInitiated(types.Property memory _property) {
        bytes32 id = UtilsLib.getPropertyId(_property);
        require(instantiatedGames[id].propertyHash == id, "game must be initiated");
        _;
    }

    function claimProperty(types.Property memory _claim) public {
        bytes32 id = UtilsLib.getPropertyId(_claim);
        types.ChallengeGame storage game = instantiatedGames[id];
        require(game.propertyHash == bytes32(0), "claim isn't empty");
        game.propertyHash = id;
        game.decision = types.Decision.Undecided;
        game.createdBlock = block.number;
        emit NewPropertyClaimed(id, _claim, block.number);
    }

    function decideClaimToTrue(bytes32 _gameId) public {
        require(isDecidable(_gameId), "claim should be decidable");
        instantiatedGames[_gameId].decision = types.Decision.True;
        emit ClaimDecided(_gameId, true);
    }

    function decideClaimToFalse(types.Property memory _property, types.Property memory _challengingProperty)
        public
        isInitiated(_property)
    {
        bytes32 id = UtilsLib.getPropertyId(_property);
        bytes32 challengeId = UtilsLib.getPropertyId(_challengingProperty);
        types.ChallengeGame storage game = instantiatedGames[id];
        require(game.decision == types.Decision.Undecided, "claim is already decided");
        require(isChallenge(game, challengeId), "challenge isn't valid");
        require(
            instantiatedGames[challengeId].decision == types.Decision.True,
            "challenging game haven't been decided true."
        );
        game.decision = types.Decision.False;
        emit ClaimDecided(id, false);
    }

    function decideClaimWithWitness(types.Property memory _claim, bytes[] memory _witness)
        public
        isInitiated(_claim)
    {
        bytes32 id = UtilsLib.getPropertyId(_claim);
        types.ChallengeGame storage game = instantiatedGames[id];
        require(game.decision == types.Decision.Undecided, "claim must be undecided");
        require(game.challenges.length == 0, "claim must not have challenges");
        require(
            DecidablePredicate(_claim.predicateAddress).decideWithWitness(_claim.inputs, _witness),
            "property must be true with given witness"
        );
        game.decision = types.Decision.True;
        emit ClaimDecided(id, true);
    }

    function removeChallenge(types.Property memory _property, types.Property memory _challengingProperty)
        public
        isInitiated(_property)
    {
        bytes32 id = UtilsLib.getPropertyId(_property);
        bytes32 challengeId = UtilsLib.getPropertyId(_challengingProperty);
        types.ChallengeGame storage game = instantiatedGames[id];
        uint256 n = game.challenges.length;
        uint256 index = n;
        for (uint256 i = n; i > 0; i--) {
            if (game.challenges[i - 1] == challengeId) {
                index = i - 1;
                break;
            }
        }
        require(index < n, "challenge isn't valid");
        require(
            instantiatedGames[challengeId].decision == types.Decision.False,
            "challenging game haven't been decided false."
        );
        for (uint256 i = index; i + 1 < n; i++) {
            game.challenges[i] = game.challenges[i + 1];
        }
        game.challenges.pop();
        emit ChallengeRemoved(id, challengeId);
    }

    /// Called by an atomic predicate (or a connective) to record its own property's decision.
    function setPredicateDecision(types.Property memory _property, bool _decision) public isInitiated(_property) {
        require(_property.predicateAddress == msg.sender, "setPredicateDecision must be called from predicate.");
        bytes32 id = UtilsLib.getPropertyId(_property);
        types.ChallengeGame storage game = instantiatedGames[id];
        require(game.decision == types.Decision.Undecided, "claim is already decided");
        game.decision = _decision ? types.Decision.True : types.Decision.False;
        emit AtomicPropositionDecided(id, _decision);
    }

    function challenge(
        types.Property memory _property,
        bytes[] memory _challengeInputs,
        types.Property memory _challengingProperty
    ) public isInitiated(_property) returns (bool) {
        bytes32 id = UtilsLib.getPropertyId(_property);
        types.ChallengeGame storage game = instantiatedGames[id];
        require(game.decision == types.Decision.Undecided, "claim must be undecided");
        require(
            LogicalConnective(_property.predicateAddress).isValidChallenge(
                _property.inputs, _challengeInputs, _challengingProperty
            ),
            "_challenge isn't valid"
        );
        bytes32 challengeId = UtilsLib.getPropertyId(_challengingProperty);
        require(!isChallenge(game, challengeId), "challenge already exists");
        game.challenges.push(challengeId);
        emit ClaimChallenged(id, challengeId);
        return true;
    }

    function isChallenge(types.ChallengeGame storage _game, bytes32 _challengeId) private view returns (bool) {
        for (uint256 i = 0; i < _game.challenges.length; i++) {
            if (_game.challenges[i] == _challengeId) return true;
        }
        return false;
    }

    /// decision == True. Undecided and False both read as "not decided".
    function isDecided(types.Property memory _property) public view returns (bool) {
        return instantiatedGames[UtilsLib.getPropertyId(_property)].decision == types.Decision.True;
    }

    function isDecidedById(bytes32 _propertyId) public view returns (bool) {
        return instantiatedGames[_propertyId].decision == types.Decision.True;
    }

    /// The game exists, is undecided, its dispute period (DISPUTE_PERIOD blocks from its
    /// creation) has passed, and every challenge of it has been decided False.
    function isDecidable(bytes32 _propertyId) public view returns (bool) {
        types.ChallengeGame storage game = instantiatedGames[_propertyId];
        if (game.propertyHash == bytes32(0) || game.propertyHash != _propertyId) return false;
        if (game.decision != types.Decision.Undecided) return false;
        if (block.number < game.createdBlock + DISPUTE_PERIOD) return false;
        for (uint256 i = 0; i < game.challenges.length; i++) {
            if (instantiatedGames[game.challenges[i]].decision != types.Decision.False) return false;
        }
        return true;
    }

    function getGame(bytes32 _claimId) public view returns (types.ChallengeGame memory) {
        return instantiatedGames[_claimId];
    }

    function getPropertyId(types.Property memory _property) public pure returns (bytes32) {
        return UtilsLib.getPropertyId(_property);
    }
}
