// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "./DataTypes.sol";
import {UtilsLib} from "./Utils.sol";

/// The addresses of the five universal connectives, which substitution must recognise.
struct Connectives {
    address not;
    address and;
    address or;
    address forAll;
    address thereExists;
}

/// Deep `replaceVariable` (docs/engine.md, difference 1), shared by ForAllSuchThat and
/// ThereExistsSuchThat. It replaces every placeholder `"V" ++ name`:
/// - as a whole input of Not, And and Or (recursing into inputs that are encoded properties);
/// - as the body of a nested quantifier, whose hint gets the value written in
///   (`UtilsLib.fillHint`), unless that quantifier binds `name` again (then it stops);
/// - as a direct input of any other property (atomic, compiled, unknown).
/// This is `replace_deep` of cli/tests/onchain/mod.rs.
library Substitution {
    function replaceVariable(
        Connectives memory _c,
        bytes memory _propertyBytes,
        bytes memory _name,
        bytes memory _value
    ) internal pure returns (bytes memory) {
        if (UtilsLib.isVariable(_propertyBytes, _name)) return _value;
        require(_propertyBytes.length > 0, "replaceVariable: empty property");
        types.Property memory p = UtilsLib.decodeProperty(_propertyBytes);
        return replaceDeep(_c, p, _name, _value);
    }

    function operand(
        Connectives memory _c,
        bytes memory _b,
        bytes memory _name,
        bytes memory _value
    ) private pure returns (bytes memory) {
        if (UtilsLib.isVariable(_b, _name)) return _value;
        (bool ok, types.Property memory inner) = UtilsLib.tryDecodeProperty(_b);
        if (!ok) return _b;
        return replaceDeep(_c, inner, _name, _value);
    }

    function replaceDeep(
        Connectives memory _c,
        types.Property memory _p,
        bytes memory _name,
        bytes memory _value
    ) internal pure returns (bytes memory) {
        address a = _p.predicateAddress;
        bytes[] memory inputs = new bytes[](_p.inputs.length);
        for (uint256 i = 0; i < inputs.length; i++) {
            inputs[i] = _p.inputs[i];
        }
        if (a == _c.not || a == _c.and || a == _c.or) {
            for (uint256 i = 0; i < inputs.length; i++) {
                inputs[i] = operand(_c, inputs[i], _name, _value);
            }
        } else if (a == _c.forAll || a == _c.thereExists) {
            require(inputs.length >= 3, "replaceVariable: a quantifier with fewer than three inputs");
            if (!UtilsLib.same(inputs[1], _name)) {
                inputs[0] = UtilsLib.fillHint(inputs[0], _name, _value);
                inputs[2] = operand(_c, inputs[2], _name, _value);
            }
        } else {
            for (uint256 i = 0; i < inputs.length; i++) {
                if (UtilsLib.isVariable(inputs[i], _name)) inputs[i] = _value;
            }
        }
        return abi.encode(types.Property({predicateAddress: a, inputs: inputs}));
    }
}
