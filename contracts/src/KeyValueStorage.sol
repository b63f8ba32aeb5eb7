// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Storage} from "./Interfaces.sol";

/// A key-value store implementing the `Storage` interface that `IsStored` reads
/// (adjudicator.md §5): `IsStored(storage, key, value)` holds when `retrieve(key)` is `value`.
/// It stands for a contract that commits to values, e.g. a plasma commitment contract. A key
/// never stored retrieves as empty bytes.
///
/// Only the deployer (the account that created this contract) may `store`; anyone may
/// `retrieve`.
contract KeyValueStorage is Storage {
    address public immutable owner;
    mapping(bytes => bytes) private values;

    event Stored(bytes key, bytes value);

    constructor() {
        owner = msg.sender;
    }

    /// Sets the value under `_key`, replacing any earlier one. Only the deployer may call it.
    function store(bytes calldata _key, bytes calldata _value) external {
        require(msg.sender == owner, "only the deployer may store");
        values[_key] = _value;
        emit Stored(_key, _value);
    }

    function retrieve(bytes calldata _key) external view returns (bytes memory) {
        return values[_key];
    }
}
