// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";
import {DataTypes as types} from "../../DataTypes.sol";

/// IsContained(range, subrange): range.start <= subrange.start && subrange.end <= range.end.
contract IsContained is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 2) return false;
        types.Range memory range = UtilsLib.bytesToRange(_inputs[0]);
        types.Range memory subrange = UtilsLib.bytesToRange(_inputs[1]);
        return range.start <= subrange.start && subrange.end <= range.end;
    }
}
