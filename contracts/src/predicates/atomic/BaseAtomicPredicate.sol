// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "../../DataTypes.sol";
import {IAdjudicator} from "../../Interfaces.sol";

/// The base of the atomic predicates (adjudicator.md §5). `decide` never reverts: a malformed
/// input (wrong arity, wrong length, undecodable ABI) is false, as in the engine
/// (docs/engine.md, difference 7). Each predicate implements `check`, which may revert;
/// `decide` calls it through `this` and reads a revert as false.
abstract contract BaseAtomicPredicate {
    IAdjudicator public immutable adjudicationContract;
    address public immutable utils;

    constructor(address _uacAddress, address _utilsAddress) {
        adjudicationContract = IAdjudicator(_uacAddress);
        utils = _utilsAddress;
    }

    /// The predicate's check; it may revert on malformed inputs.
    function check(bytes[] memory _inputs) public view virtual returns (bool);

    function decide(bytes[] memory _inputs) public view returns (bool) {
        try this.check(_inputs) returns (bool result) {
            return result;
        } catch {
            return false;
        }
    }

    /// Records the claim `Property(this, inputs)` True; it must have been claimed.
    function decideTrue(bytes[] memory _inputs) public {
        require(decide(_inputs), "must decide true");
        types.Property memory property = types.Property({predicateAddress: address(this), inputs: _inputs});
        adjudicationContract.setPredicateDecision(property, true);
    }

    /// Records the claim `Property(this, inputs)` False; it must have been claimed and be
    /// undecided. Anyone may call it: an atomic property cannot be challenged, so this is how
    /// a false claim of one is defeated. The reference could record False only through its
    /// TestPredicate (adjudicator.md §13.9), so a false atomic claim became True by timeout;
    /// here the game is decided False, and a decided game is final (the UAC never flips it).
    function decideFalse(bytes[] memory _inputs) public {
        require(!decide(_inputs), "must decide false");
        types.Property memory property = types.Property({predicateAddress: address(this), inputs: _inputs});
        adjudicationContract.setPredicateDecision(property, false);
    }

    /// An atomic predicate needs no witness.
    function decideWithWitness(bytes[] memory _inputs, bytes[] memory) public view returns (bool) {
        return decide(_inputs);
    }
}
