// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";

/// Equal(a, b): the same bytes.
contract Equal is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        return _inputs.length == 2 && _inputs[0].length == _inputs[1].length
            && keccak256(_inputs[0]) == keccak256(_inputs[1]);
    }
}
