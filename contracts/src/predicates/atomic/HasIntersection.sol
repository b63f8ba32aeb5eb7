// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";
import {DataTypes as types} from "../../DataTypes.sol";

/// HasIntersection(a, b): one range starts inside the other.
contract HasIntersection is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 2) return false;
        types.Range memory a = UtilsLib.bytesToRange(_inputs[0]);
        types.Range memory b = UtilsLib.bytesToRange(_inputs[1]);
        return (a.start >= b.start && a.start < b.end) || (b.start >= a.start && b.start < a.end);
    }
}
