// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseAtomicPredicate} from "./BaseAtomicPredicate.sol";
import {UtilsLib} from "../../Utils.sol";
import {DataTypes as types} from "../../DataTypes.sol";

/// IsValidSignature(message, signature, signer, verifierType):
/// - "secp256k1": ecrecover over the raw keccak256(message) (no EIP-191 prefix);
/// - "typedData": ecrecover over hashTransaction(message) (adjudicator.md §5).
/// The signature is 65 bytes r ‖ s ‖ v with v 27 or 28; the signer a 32-byte address word.
/// As with the precompile, a signature that recovers nothing recovers the zero address.
contract IsValidSignature is BaseAtomicPredicate {
    bytes32 private constant SECP256K1 = keccak256("secp256k1");
    bytes32 private constant TYPED_DATA = keccak256("typedData");
    bytes32 private constant TRANSACTION_TYPES =
        keccak256(abi.encodePacked("address token", "uint256 amount", "address owner", "bytes transaction"));

    constructor(address _uac, address _utils) BaseAtomicPredicate(_uac, _utils) {}

    function check(bytes[] memory _inputs) public pure override returns (bool) {
        if (_inputs.length != 4) return false;
        bytes32 verifier = keccak256(_inputs[3]);
        bytes32 hash;
        if (verifier == SECP256K1) {
            hash = keccak256(_inputs[0]);
        } else if (verifier == TYPED_DATA) {
            hash = hashTransaction(_inputs[0]);
        } else {
            return false;
        }
        address signer = UtilsLib.bytesToAddress(_inputs[2]);
        bytes memory signature = _inputs[1];
        if (signature.length != 65) return false;
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
        return ecrecover(hash, v, r, s) == signer;
    }

    /// The legacy eth_signTypedData (v1) style hash of an encoded Transaction. The amount
    /// wraps, as in the reference (Solidity 0.5).
    function hashTransaction(bytes memory _message) public pure returns (bytes32) {
        types.Transaction memory transaction = abi.decode(_message, (types.Transaction));
        require(transaction.nextStateObject.inputs.length > 0, "no owner");
        address owner = abi.decode(transaction.nextStateObject.inputs[0], (address));
        uint256 amount;
        unchecked {
            amount = transaction.range.end - transaction.range.start;
        }
        return keccak256(
            abi.encodePacked(
                TRANSACTION_TYPES,
                keccak256(abi.encodePacked(transaction.depositContractAddress, amount, owner, _message))
            )
        );
    }
}
