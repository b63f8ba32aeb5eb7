// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";

/// IsConcatenatedWith(c, a, b): c == a ‖ b.
contract IsConcatenatedWith is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 3) return false;
        bytes memory joined = bytes.concat(_inputs[1], _inputs[2]);
        return _inputs[0].length == joined.length && keccak256(_inputs[0]) == keccak256(joined);
    }
}
