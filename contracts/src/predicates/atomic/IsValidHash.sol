// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";

/// IsValidHash(hash, preimage): hash is a bytes32 word and keccak256(preimage) == hash.
contract IsValidHash is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 2 || _inputs[0].length != 32) return false;
        return abi.decode(_inputs[0], (bytes32)) == keccak256(_inputs[1]);
    }
}
