// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";
import {Storage} from "../../Interfaces.sol";

/// IsStored(storage, key, value): Storage(storage).retrieve(key) is value.
contract IsStored is BaseAtomicPredicate {
    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public view override returns (bool) {
        if (_inputs.length != 3) return false;
        address storageContract = UtilsLib.bytesToAddress(_inputs[0]);
        bytes memory stored = Storage(storageContract).retrieve(_inputs[1]);
        return stored.length == _inputs[2].length && keccak256(stored) == keccak256(_inputs[2]);
    }
}
