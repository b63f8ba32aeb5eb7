// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";

/// IsLessThan(a, b): two uint256 words, a < b.
contract IsLessThan is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 2) return false;
        return UtilsLib.bytesToUint(_inputs[0]) < UtilsLib.bytesToUint(_inputs[1]);
    }
}
