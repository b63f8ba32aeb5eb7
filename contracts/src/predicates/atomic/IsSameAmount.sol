// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";
import {DataTypes as types} from "../../DataTypes.sol";

/// IsSameAmount(a, b): a.end - a.start == b.end - b.start (an inverted range is false).
contract IsSameAmount is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 2) return false;
        types.Range memory a = UtilsLib.bytesToRange(_inputs[0]);
        types.Range memory b = UtilsLib.bytesToRange(_inputs[1]);
        return a.end - a.start == b.end - b.start;
    }
}
