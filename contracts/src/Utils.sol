// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DataTypes as types} from "./DataTypes.sol";

/// Internal helpers shared by the adjudicator, the connectives and the atomic predicates.
library UtilsLib {
    bytes1 internal constant PLACEHOLDER_PREFIX = "V";
    bytes1 internal constant LABEL_PREFIX = "L";

    /// keccak256(abi.encode(property)): the reference property id (adjudicator.md §2).
    function getPropertyId(types.Property memory _property) internal pure returns (bytes32) {
        return keccak256(abi.encode(_property));
    }

    /// "V" ++ name, shorter than 20 bytes. An empty input is not a placeholder (the reference
    /// read `b[0]` out of bounds and burnt all gas, adjudicator.md §2.2).
    function isPlaceholder(bytes memory _b) internal pure returns (bool) {
        return _b.length > 0 && _b.length < 20 && _b[0] == PLACEHOLDER_PREFIX;
    }

    /// "L" ++ name, shorter than 20 bytes; an empty input is not a label.
    function isLabel(bytes memory _b) internal pure returns (bool) {
        return _b.length > 0 && _b.length < 20 && _b[0] == LABEL_PREFIX;
    }

    /// `isPlaceholder(b) && b[1:] == name`.
    function isVariable(bytes memory _b, bytes memory _name) internal pure returns (bool) {
        if (!isPlaceholder(_b) || _b.length != _name.length + 1) return false;
        for (uint256 i = 0; i < _name.length; i++) {
            if (_b[i + 1] != _name[i]) return false;
        }
        return true;
    }

    /// b[1:] of a placeholder or label.
    function getInputValue(bytes memory _b) internal pure returns (bytes memory) {
        return slice(_b, 1, _b.length);
    }

    function slice(bytes memory _b, uint256 _from, uint256 _to) internal pure returns (bytes memory out) {
        require(_from <= _to && _to <= _b.length, "slice out of bounds");
        out = new bytes(_to - _from);
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = _b[_from + i];
        }
    }

    function subArray(bytes[] memory _arr, uint256 _from, uint256 _to) internal pure returns (bytes[] memory out) {
        require(_from <= _to && _to <= _arr.length, "subArray out of bounds");
        out = new bytes[](_to - _from);
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = _arr[_from + i];
        }
    }

    /// abi.decode(b, (address)): 32 bytes with clean high bytes, else revert.
    function bytesToAddress(bytes memory _b) internal pure returns (address) {
        require(_b.length == 32, "address must be a 32-byte word");
        return abi.decode(_b, (address));
    }

    /// abi.decode(b, (uint256)) of exactly 32 bytes.
    function bytesToUint(bytes memory _b) internal pure returns (uint256) {
        require(_b.length == 32, "uint256 must be a 32-byte word");
        return abi.decode(_b, (uint256));
    }

    function bytesToBytes32(bytes memory _b) internal pure returns (bytes32 out) {
        if (_b.length == 0) return 0x0;
        assembly {
            out := mload(add(_b, 32))
        }
    }

    /// abi.decode(b, (Range)) of exactly 64 bytes.
    function bytesToRange(bytes memory _b) internal pure returns (types.Range memory) {
        require(_b.length == 64, "range must be two 32-byte words");
        return abi.decode(_b, (types.Range));
    }

    function same(bytes memory _a, bytes memory _b) internal pure returns (bool) {
        return _a.length == _b.length && keccak256(_a) == keccak256(_b);
    }

    function wordAt(bytes memory _b, uint256 _at) private pure returns (uint256 w) {
        assembly {
            w := mload(add(add(_b, 32), _at))
        }
    }

    /// Decodes abi.encode(Property), accepting only the canonical encoding (what abi.encode
    /// gives for the result), and never reverting: `ok` is false for anything else. This is
    /// `ovm_abi::Property::decode`, the engine's test of "is a property".
    function tryDecodeProperty(bytes memory _b) internal pure returns (bool ok, types.Property memory p) {
        uint256 len = _b.length;
        if (len < 128 || len % 32 != 0) return (false, p);
        if (wordAt(_b, 0) != 0x20) return (false, p);
        if (wordAt(_b, 32) >> 160 != 0) return (false, p);
        if (wordAt(_b, 64) != 0x40) return (false, p);
        uint256 n = wordAt(_b, 96);
        // Each element takes at least an offset word and a length word.
        if (n > (len - 128) / 64) return (false, p);
        uint256 expected = 32 * n; // canonical offset of the next element, relative to 0x80
        for (uint256 i = 0; i < n; i++) {
            if (wordAt(_b, 128 + 32 * i) != expected) return (false, p);
            uint256 at = 128 + expected;
            if (at + 32 > len) return (false, p);
            uint256 l = wordAt(_b, at);
            if (l > len) return (false, p);
            expected += 32 + ((l + 31) / 32) * 32;
        }
        if (128 + expected != len) return (false, p);
        p = abi.decode(_b, (types.Property));
        // Padding bytes must be zero: compare with the canonical encoding.
        if (keccak256(abi.encode(p)) != keccak256(_b)) return (false, p);
        return (true, p);
    }

    /// abi.decode(b, (Property)) of the canonical encoding, else revert.
    function decodeProperty(bytes memory _b) internal pure returns (types.Property memory p) {
        bool ok;
        (ok, p) = tryDecodeProperty(_b);
        require(ok, "input is not an encoded property");
    }

    /// "0x" and the lowercase hex of b.
    function toHex(bytes memory _b) internal pure returns (bytes memory out) {
        uint256 n = _b.length;
        out = new bytes(2 + 2 * n);
        // Byte by byte in assembly: the checked, bounds-checked Solidity loop cost about 760
        // gas per byte, which made a compiled ThereExists challenge over a state update cost
        // 0.7M gas. `table` holds the 16 digits in its leading bytes.
        assembly {
            let table := "0123456789abcdef"
            mstore8(add(out, 32), 0x30)
            mstore8(add(out, 33), 0x78)
            let src := add(_b, 32)
            let dst := add(out, 34)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let b := byte(0, mload(add(src, i)))
                mstore8(add(dst, shl(1, i)), byte(shr(4, b), table))
                mstore8(add(dst, add(shl(1, i), 1)), byte(and(b, 0x0f), table))
            }
        }
    }

    /// Whether b is valid UTF-8 (as Rust's `str::from_utf8` accepts it).
    function isUtf8(bytes memory _b) internal pure returns (bool) {
        uint256 i = 0;
        uint256 n = _b.length;
        while (i < n) {
            uint8 c = uint8(_b[i]);
            if (c < 0x80) {
                i += 1;
                continue;
            }
            uint256 extra;
            uint8 lo = 0x80;
            uint8 hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                extra = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                extra = 2;
                if (c == 0xe0) lo = 0xa0;
                if (c == 0xed) hi = 0x9f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                extra = 3;
                if (c == 0xf0) lo = 0x90;
                if (c == 0xf4) hi = 0x8f;
            } else {
                return false;
            }
            if (i + extra >= n) return false;
            uint8 c1 = uint8(_b[i + 1]);
            if (c1 < lo || c1 > hi) return false;
            for (uint256 k = 2; k <= extra; k++) {
                uint8 ck = uint8(_b[i + k]);
                if (ck < 0x80 || ck > 0xbf) return false;
            }
            i += extra + 1;
        }
        return true;
    }

    /// Parses a decimal index as Rust's `usize::from_str` does (an optional '+', digits only,
    /// at most 2^64 - 1).
    function parseIndex(bytes memory _s, uint256 _from, uint256 _to) private pure returns (bool ok, uint256 v) {
        if (_from < _to && _s[_from] == "+") _from++;
        if (_from >= _to) return (false, 0);
        for (uint256 i = _from; i < _to; i++) {
            uint8 c = uint8(_s[i]);
            if (c < 0x30 || c > 0x39) return (false, 0);
            v = v * 10 + (c - 0x30);
            if (v > type(uint64).max) return (false, 0);
        }
        return (true, v);
    }

    /// The child `${name.a.b}` names: the value, then for each piece the input of that index
    /// (or the 32-byte address word for `address`) of the property the current bytes encode.
    function child(bytes memory _hint, uint256 _from, uint256 _to, bytes memory _value)
        private
        pure
        returns (bool ok, bytes memory current)
    {
        current = _value;
        uint256 s = _from;
        while (true) {
            uint256 e = s;
            while (e < _to && _hint[e] != ".") e++;
            (bool isProperty, types.Property memory p) = tryDecodeProperty(current);
            if (!isProperty) return (false, current);
            if (e - s == 7 && keccak256(slice(_hint, s, e)) == keccak256("address")) {
                current = abi.encode(p.predicateAddress);
            } else {
                (bool parsed, uint256 index) = parseIndex(_hint, s, e);
                if (!parsed || index >= p.inputs.length) return (false, current);
                current = p.inputs[index];
            }
            if (e == _to) break;
            s = e + 1;
        }
        return (true, current);
    }

    /// Writes `value` into a quantifier hint (docs/engine.md, difference 1): every `${name}`
    /// becomes "0x" and the lowercase hex of the value, and `${name.i.j}` / `${name.address}`
    /// the hex of that child; anything else is left as written. A hint or name that is not
    /// UTF-8 is returned unchanged.
    function fillHint(bytes memory _hint, bytes memory _name, bytes memory _value) internal pure returns (bytes memory) {
        if (!isUtf8(_hint) || !isUtf8(_name)) return _hint;
        bytes memory out = "";
        uint256 rest = 0;
        uint256 n = _hint.length;
        while (true) {
            // find "${" from rest
            uint256 start = n;
            for (uint256 i = rest; i + 1 < n; i++) {
                if (_hint[i] == "$" && _hint[i + 1] == "{") {
                    start = i;
                    break;
                }
            }
            if (start == n) break;
            uint256 close = n;
            for (uint256 i = start; i < n; i++) {
                if (_hint[i] == "}") {
                    close = i;
                    break;
                }
            }
            if (close == n) break;
            out = bytes.concat(out, slice(_hint, rest, start));
            // inner = hint[start+2 .. close]; the first piece runs to the first '.'
            uint256 innerFrom = start + 2;
            uint256 firstEnd = innerFrom;
            while (firstEnd < close && _hint[firstEnd] != ".") firstEnd++;
            bool filled = false;
            bytes memory value;
            if (innerFrom <= close && same(slice(_hint, innerFrom, firstEnd), _name)) {
                if (firstEnd == close) {
                    (filled, value) = (true, _value);
                } else {
                    (filled, value) = child(_hint, firstEnd + 1, close, _value);
                }
            }
            if (filled) {
                out = bytes.concat(out, toHex(value));
            } else {
                out = bytes.concat(out, slice(_hint, start, close + 1));
            }
            rest = close + 1;
        }
        return bytes.concat(out, slice(_hint, rest, n));
    }
}

/// The deployed Utils of the reference (adjudicator.md §2), for callers that used it
/// externally.
contract Utils {
    function getPropertyId(types.Property memory _property) public pure returns (bytes32) {
        return UtilsLib.getPropertyId(_property);
    }

    function isPlaceholder(bytes memory _b) public pure returns (bool) {
        return UtilsLib.isPlaceholder(_b);
    }

    function isLabel(bytes memory _b) public pure returns (bool) {
        return UtilsLib.isLabel(_b);
    }

    function getInputValue(bytes memory _b) public pure returns (bytes memory) {
        return UtilsLib.getInputValue(_b);
    }

    function prefix(bytes memory _prefix, bytes memory _source) public pure returns (bytes memory) {
        return bytes.concat(_prefix, _source);
    }

    function subArray(bytes[] memory _arr, uint256 _from, uint256 _to) public pure returns (bytes[] memory) {
        return UtilsLib.subArray(_arr, _from, _to);
    }

    function bytesToAddress(bytes memory _b) public pure returns (address) {
        return UtilsLib.bytesToAddress(_b);
    }

    function bytesToUint(bytes memory _b) public pure returns (uint256) {
        return UtilsLib.bytesToUint(_b);
    }

    function bytesToBytes32(bytes memory _b) public pure returns (bytes32) {
        return UtilsLib.bytesToBytes32(_b);
    }

    function bytesToRange(bytes memory _b) public pure returns (types.Range memory) {
        return UtilsLib.bytesToRange(_b);
    }

    function fillHint(bytes memory _hint, bytes memory _name, bytes memory _value) public pure returns (bytes memory) {
        return UtilsLib.fillHint(_hint, _name, _value);
    }

    function tryDecodeProperty(bytes memory _b) public pure returns (bool, types.Property memory) {
        return UtilsLib.tryDecodeProperty(_b);
    }

    /// "0x" and the lower-case hex of b: how compiled predicates write values into hints.
    function toHex(bytes memory _b) public pure returns (bytes memory) {
        return UtilsLib.toHex(_b);
    }
}
