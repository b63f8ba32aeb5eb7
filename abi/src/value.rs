//! Parsing values that users write, such as `ovm claim --arg NAME=VALUE`, into input encodings.
//!
//! | type | written as | encoded as |
//! |---|---|---|
//! | `Address` | `0x` and 40 hex digits (lower case, upper case or a valid EIP-55 checksum) | its ABI word |
//! | `Bytes` | `0x` and an even number of hex digits (`0x` is empty) | the bytes themselves |
//! | `Bytes32` | `0x` and 64 hex digits | the word |
//! | `BigNumber` | decimal digits, or `0x` and hex digits, at most 2^256-1 | its ABI word |
//! | `Range` | `START..END`, two numbers written as for `BigNumber` | `(uint256,uint256)`, 64 bytes |
//! | `Property` | JSON `{"predicateAddress": "0x…", "inputs": ["0x…", …]}` | `abi.encode(property)` |
//!
//! A range's start may be larger than its end: the contracts do not require `start <= end`, so
//! neither does the parser (such a range contains and intersects nothing).
//!
//! Signs, whitespace and `_` separators are rejected everywhere, and the `0x` prefix must be
//! lower case.

use alloy_primitives::{Address, Bytes, U256, hex};
use thiserror::Error;

use crate::Type;
use crate::input::{address_word, bytes32_word, range, uint_word};
use crate::property::Property;

/// What an address looks like, for error messages.
const ADDRESS: &str = "an address: 0x followed by 40 hex digits";
/// What raw bytes look like, for error messages.
const BYTES: &str = "bytes: 0x followed by an even number of hex digits";
/// What a 32-byte value looks like, for error messages.
const BYTES32: &str = "32 bytes: 0x followed by 64 hex digits";
/// What a number looks like, for error messages.
const NUMBER: &str = "a number: decimal digits, or 0x followed by hex digits";
/// The longest text that error messages repeat in full.
const SHOWN_CHARS: usize = 80;

/// Why a text is not a value of the expected type. The messages say what was expected; callers
/// prefix the parameter's name.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ValueError {
    /// The text is empty.
    #[error("expected {expected}, got an empty string")]
    Empty {
        /// What a value of the type looks like.
        expected: &'static str,
    },
    /// The text does not start with `0x`.
    #[error("expected {expected}, got `{text}` (no 0x prefix)")]
    MissingPrefix {
        /// What a value of the type looks like.
        expected: &'static str,
        /// The text, shortened if long.
        text: String,
    },
    /// A character after `0x` is not a hex digit.
    #[error("expected {expected}, got `{text}` ({found:?} is not a hex digit)")]
    NotHex {
        /// What a value of the type looks like.
        expected: &'static str,
        /// The text, shortened if long.
        text: String,
        /// The first character that is not a hex digit.
        found: char,
    },
    /// An odd number of hex digits, which is not a whole number of bytes.
    #[error("expected {expected}, got `{text}` ({digits} hex digit{})", plural(.digits))]
    OddLength {
        /// What a value of the type looks like.
        expected: &'static str,
        /// The text, shortened if long.
        text: String,
        /// How many hex digits follow `0x`.
        digits: usize,
    },
    /// Not the number of hex digits that the type has.
    #[error("expected {expected}, got `{text}` ({digits} hex digit{})", plural(.digits))]
    WrongLength {
        /// What a value of the type looks like.
        expected: &'static str,
        /// The text, shortened if long.
        text: String,
        /// How many hex digits follow `0x`.
        digits: usize,
    },
    /// A mixed-case address whose EIP-55 checksum is wrong.
    #[error(
        "the address `{text}` mixes upper and lower case, but is not a valid EIP-55 checksum \
         (a mistyped digit?); write it in lower case to skip the check"
    )]
    BadChecksum {
        /// The address as written.
        text: String,
    },
    /// A number with a minus sign.
    #[error("a BigNumber cannot be negative, got `{text}`")]
    Negative {
        /// The text, shortened if long.
        text: String,
    },
    /// Not a number.
    #[error("expected {NUMBER}, got `{text}` ({reason})")]
    NotANumber {
        /// The text, shortened if long.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A number that does not fit 256 bits.
    #[error("number is larger than 2^256-1: `{text}`")]
    Overflow {
        /// The text, shortened if long.
        text: String,
    },
    /// A range not written `START..END`.
    #[error("expected a range: START..END with two numbers (decimal or 0x hex), got `{text}`")]
    RangeSyntax {
        /// The text, shortened if long.
        text: String,
    },
    /// A range whose start or end is not a number.
    #[error("in the range's {which}: {source}")]
    RangeBound {
        /// `"start"` or `"end"`.
        which: &'static str,
        /// What is wrong with it.
        source: Box<ValueError>,
    },
    /// A property that is not valid JSON of the expected shape.
    #[error(
        "expected a property as JSON {{\"predicateAddress\": \"0x…\", \"inputs\": [\"0x…\", …]}}: {message}"
    )]
    PropertyJson {
        /// serde_json's message, with the line and column.
        message: String,
    },
}

/// The plural ending for a count.
fn plural(count: &usize) -> &'static str {
    if *count == 1 { "" } else { "s" }
}

/// Parses `text` as a value of type `ty` and returns its input encoding (see the module docs).
pub fn parse_value(ty: Type, text: &str) -> Result<Bytes, ValueError> {
    match ty {
        Type::Address => parse_address(text).map(address_word),
        Type::Bytes => parse_hex(text),
        Type::Bytes32 => fixed_hex::<32>(text, BYTES32).map(|b| bytes32_word(b.into())),
        Type::BigNumber => parse_number(text).map(uint_word),
        Type::Range => parse_range(text),
        Type::Property => serde_json::from_str::<Property>(text)
            .map(|p| Bytes::from(p.encode()))
            .map_err(|e| ValueError::PropertyJson {
                message: e.to_string(),
            }),
    }
}

/// Parses raw bytes written as `0x` followed by an even number of hex digits (`0x` alone is
/// empty).
pub fn parse_hex(text: &str) -> Result<Bytes, ValueError> {
    let digits = hex_digits(text, BYTES)?;
    // The digits are hex digits, so only an odd count fails.
    hex::decode(digits)
        .map(Bytes::from)
        .map_err(|_| ValueError::OddLength {
            expected: BYTES,
            text: shown(text),
            digits: digits.len(),
        })
}

/// Parses an address written as `0x` followed by 40 hex digits. Mixed case must be a valid
/// EIP-55 checksum; all lower or all upper case is not checked.
pub fn parse_address(text: &str) -> Result<Address, ValueError> {
    let address = Address::from(fixed_hex::<20>(text, ADDRESS)?);
    let digits = &text[2..];
    let mixed =
        digits.chars().any(|c| c.is_ascii_uppercase()) && digits.chars().any(|c| c.is_ascii_lowercase());
    if mixed && address.to_checksum(None)[2..] != *digits {
        return Err(ValueError::BadChecksum { text: shown(text) });
    }
    Ok(address)
}

/// Parses `N` bytes written as `0x` followed by `2 * N` hex digits.
fn fixed_hex<const N: usize>(text: &str, expected: &'static str) -> Result<[u8; N], ValueError> {
    let digits = hex_digits(text, expected)?;
    let mut out = [0; N];
    hex::decode_to_slice(digits, &mut out).map_err(|_| ValueError::WrongLength {
        expected,
        text: shown(text),
        digits: digits.len(),
    })?;
    Ok(out)
}

/// The hex digits after the `0x` of `text`, checked to be hex digits.
fn hex_digits<'a>(text: &'a str, expected: &'static str) -> Result<&'a str, ValueError> {
    if text.is_empty() {
        return Err(ValueError::Empty { expected });
    }
    let Some(digits) = text.strip_prefix("0x") else {
        return Err(ValueError::MissingPrefix {
            expected,
            text: shown(text),
        });
    };
    if let Some(found) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(ValueError::NotHex {
            expected,
            text: shown(text),
            found,
        });
    }
    Ok(digits)
}

/// Parses a number written in decimal or as `0x` followed by hex digits.
fn parse_number(text: &str) -> Result<U256, ValueError> {
    if text.is_empty() {
        return Err(ValueError::Empty { expected: NUMBER });
    }
    if text.starts_with('-') {
        return Err(ValueError::Negative { text: shown(text) });
    }
    let (digits, radix, radix_name, max_digits) = match text.strip_prefix("0x") {
        Some(digits) => (digits, 16, "hex", 64),
        None => (text, 10, "decimal", 78),
    };
    if digits.is_empty() {
        return Err(ValueError::NotANumber {
            text: shown(text),
            reason: "no digits after 0x".to_owned(),
        });
    }
    if let Some(found) = digits.chars().find(|&c| !c.is_digit(radix)) {
        let reason = if found.is_whitespace() {
            "whitespace is not allowed".to_owned()
        } else {
            format!("{found:?} is not a {radix_name} digit")
        };
        return Err(ValueError::NotANumber {
            text: shown(text),
            reason,
        });
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > max_digits {
        return Err(ValueError::Overflow { text: shown(text) });
    }
    U256::from_str_radix(significant, u64::from(radix))
        .map_err(|_| ValueError::Overflow { text: shown(text) })
}

/// Parses a range written `START..END`.
fn parse_range(text: &str) -> Result<Bytes, ValueError> {
    let syntax = || ValueError::RangeSyntax { text: shown(text) };
    let (start, end) = text.split_once("..").ok_or_else(syntax)?;
    if start.is_empty() || end.is_empty() || start.contains('.') || end.contains('.') {
        return Err(syntax());
    }
    let bound = |which: &'static str, text: &str| {
        parse_number(text).map_err(|e| ValueError::RangeBound {
            which,
            source: Box::new(e),
        })
    };
    Ok(range(bound("start", start)?, bound("end", end)?))
}

/// `text`, shortened to [`SHOWN_CHARS`] characters for an error message.
fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{decode_range, decode_uint_word};
    use alloy_primitives::address;
    use proptest::prelude::*;

    fn error(ty: Type, text: &str) -> String {
        parse_value(ty, text).unwrap_err().to_string()
    }

    const ONE: &str = "0x0000000000000000000000000000000000000001";

    #[test]
    fn addresses() {
        let word = parse_value(Type::Address, ONE).unwrap();
        assert_eq!(word.len(), 32);
        assert_eq!(word[31], 1);
        assert!(word[..31].iter().all(|&b| b == 0));
        let checksummed = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        let expected = address!("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assert_eq!(parse_address(checksummed), Ok(expected));
        assert_eq!(parse_address(&checksummed.to_lowercase()), Ok(expected));
        assert_eq!(
            parse_address(&format!("0x{}", checksummed[2..].to_uppercase())),
            Ok(expected)
        );
    }

    #[test]
    fn address_errors() {
        assert_eq!(
            error(Type::Address, "0x12"),
            "expected an address: 0x followed by 40 hex digits, got `0x12` (2 hex digits)"
        );
        assert_eq!(
            error(Type::Address, "0000000000000000000000000000000000000001"),
            "expected an address: 0x followed by 40 hex digits, got \
             `0000000000000000000000000000000000000001` (no 0x prefix)"
        );
        assert_eq!(
            error(Type::Address, "0x000000000000000000000000000000000000000g"),
            "expected an address: 0x followed by 40 hex digits, got \
             `0x000000000000000000000000000000000000000g` ('g' is not a hex digit)"
        );
        assert_eq!(
            error(Type::Address, ""),
            "expected an address: 0x followed by 40 hex digits, got an empty string"
        );
        assert_eq!(
            error(Type::Address, "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            "the address `0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266` mixes upper and lower case, but is \
             not a valid EIP-55 checksum (a mistyped digit?); write it in lower case to skip the check"
        );
    }

    #[test]
    fn bytes() {
        assert_eq!(parse_value(Type::Bytes, "0x").unwrap(), Bytes::new());
        assert_eq!(
            parse_value(Type::Bytes, "0x12aB").unwrap(),
            Bytes::from_static(&[0x12, 0xab])
        );
        assert_eq!(parse_hex("0x00ff").unwrap(), Bytes::from_static(&[0, 0xff]));
    }

    #[test]
    fn bytes_errors() {
        assert_eq!(
            error(Type::Bytes, "0x123"),
            "expected bytes: 0x followed by an even number of hex digits, got `0x123` (3 hex digits)"
        );
        assert_eq!(
            parse_hex("0xzz").unwrap_err().to_string(),
            "expected bytes: 0x followed by an even number of hex digits, got `0xzz` ('z' is not a hex digit)"
        );
        assert_eq!(
            parse_hex("1234").unwrap_err().to_string(),
            "expected bytes: 0x followed by an even number of hex digits, got `1234` (no 0x prefix)"
        );
        assert_eq!(
            parse_hex("0X1234").unwrap_err().to_string(),
            "expected bytes: 0x followed by an even number of hex digits, got `0X1234` (no 0x prefix)"
        );
        assert_eq!(
            parse_hex(" 0x12").unwrap_err().to_string(),
            "expected bytes: 0x followed by an even number of hex digits, got ` 0x12` (no 0x prefix)"
        );
    }

    #[test]
    fn long_texts_are_shortened_in_messages() {
        let long = format!("0x{}", "1".repeat(201));
        assert_eq!(
            parse_hex(&long).unwrap_err().to_string(),
            format!(
                "expected bytes: 0x followed by an even number of hex digits, got `0x{}… (203 characters)` \
                 (201 hex digits)",
                "1".repeat(78)
            )
        );
    }

    #[test]
    fn bytes32() {
        let text = format!("0x{}", "ab".repeat(32));
        assert_eq!(
            parse_value(Type::Bytes32, &text).unwrap(),
            Bytes::from(vec![0xab; 32])
        );
        assert_eq!(
            error(Type::Bytes32, "0xabcd"),
            "expected 32 bytes: 0x followed by 64 hex digits, got `0xabcd` (4 hex digits)"
        );
        assert_eq!(
            error(Type::Bytes32, &format!("0x{}", "a".repeat(65))),
            format!(
                "expected 32 bytes: 0x followed by 64 hex digits, got `0x{}` (65 hex digits)",
                "a".repeat(65)
            )
        );
    }

    fn number(text: &str) -> U256 {
        decode_uint_word(&parse_value(Type::BigNumber, text).unwrap()).unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(number("0"), U256::ZERO);
        assert_eq!(number("42"), U256::from(42));
        assert_eq!(number("0x2a"), U256::from(42));
        assert_eq!(number("0x2A"), U256::from(42));
        assert_eq!(number("007"), U256::from(7));
        assert_eq!(number(&U256::MAX.to_string()), U256::MAX);
        assert_eq!(number(&format!("0x{}", "f".repeat(64))), U256::MAX);
        assert_eq!(number(&format!("0x{}1", "0".repeat(100))), U256::from(1));
    }

    #[test]
    fn number_errors() {
        assert_eq!(
            error(
                Type::BigNumber,
                "115792089237316195423570985008687907853269984665640564039457584007913129639936"
            ),
            "number is larger than 2^256-1: \
             `115792089237316195423570985008687907853269984665640564039457584007913129639936`"
        );
        assert_eq!(
            error(Type::BigNumber, &format!("0x1{}", "0".repeat(64))),
            format!("number is larger than 2^256-1: `0x1{}`", "0".repeat(64))
        );
        assert_eq!(
            error(Type::BigNumber, "-1"),
            "a BigNumber cannot be negative, got `-1`"
        );
        assert_eq!(
            error(Type::BigNumber, ""),
            "expected a number: decimal digits, or 0x followed by hex digits, got an empty string"
        );
        assert_eq!(
            error(Type::BigNumber, "+1"),
            "expected a number: decimal digits, or 0x followed by hex digits, got `+1` ('+' is not a decimal digit)"
        );
        assert_eq!(
            error(Type::BigNumber, " 1"),
            "expected a number: decimal digits, or 0x followed by hex digits, got ` 1` (whitespace is not allowed)"
        );
        assert_eq!(
            error(Type::BigNumber, "1_000"),
            "expected a number: decimal digits, or 0x followed by hex digits, got `1_000` ('_' is not a decimal digit)"
        );
        assert_eq!(
            error(Type::BigNumber, "0x"),
            "expected a number: decimal digits, or 0x followed by hex digits, got `0x` (no digits after 0x)"
        );
        assert_eq!(
            error(Type::BigNumber, "0xfg"),
            "expected a number: decimal digits, or 0x followed by hex digits, got `0xfg` ('g' is not a hex digit)"
        );
    }

    #[test]
    fn ranges() {
        let r = parse_value(Type::Range, "5..0x10").unwrap();
        assert_eq!(decode_range(&r), Some((U256::from(5), U256::from(16))));
        // Start after end is accepted, as on chain.
        let r = parse_value(Type::Range, "9..3").unwrap();
        assert_eq!(decode_range(&r), Some((U256::from(9), U256::from(3))));
    }

    #[test]
    fn range_errors() {
        for text in ["5", "5..", "..5", "1..2..3", "5...6", ""] {
            assert_eq!(
                error(Type::Range, text),
                format!("expected a range: START..END with two numbers (decimal or 0x hex), got `{text}`")
            );
        }
        assert_eq!(
            error(Type::Range, "-1..5"),
            "in the range's start: a BigNumber cannot be negative, got `-1`"
        );
        assert_eq!(
            error(Type::Range, "1..x"),
            "in the range's end: expected a number: decimal digits, or 0x followed by hex digits, \
             got `x` ('x' is not a decimal digit)"
        );
    }

    #[test]
    fn properties() {
        let json = format!(r#"{{"predicateAddress": "{ONE}", "inputs": ["0x1234", "0x"]}}"#);
        let p = Property::new(
            address!("0x0000000000000000000000000000000000000001"),
            vec![Bytes::from_static(&[0x12, 0x34]), Bytes::new()],
        );
        assert_eq!(
            parse_value(Type::Property, &json).unwrap(),
            Bytes::from(p.encode())
        );
    }

    #[test]
    fn property_errors() {
        assert_eq!(
            error(Type::Property, "{"),
            "expected a property as JSON {\"predicateAddress\": \"0x…\", \"inputs\": [\"0x…\", …]}: \
             EOF while parsing an object at line 1 column 1"
        );
        assert_eq!(
            error(Type::Property, r#"{"predicateAddress": "0x12", "inputs": []}"#),
            "expected a property as JSON {\"predicateAddress\": \"0x…\", \"inputs\": [\"0x…\", …]}: \
             expected an address: 0x followed by 40 hex digits, got `0x12` (2 hex digits) at line 1 column 27"
        );
        assert_eq!(
            error(Type::Property, &format!(r#"{{"predicateAddress": "{ONE}"}}"#)),
            "expected a property as JSON {\"predicateAddress\": \"0x…\", \"inputs\": [\"0x…\", …]}: \
             missing field `inputs` at line 1 column 66"
        );
    }

    proptest! {
        #[test]
        fn numbers_round_trip(limbs in any::<[u64; 4]>()) {
            let n = U256::from_limbs(limbs);
            prop_assert_eq!(number(&n.to_string()), n);
            prop_assert_eq!(number(&format!("{n:#x}")), n);
        }

        #[test]
        fn hex_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(parse_hex(&hex::encode_prefixed(&bytes)).unwrap(), Bytes::from(bytes));
        }

        #[test]
        fn parsing_never_panics(text in ".{0,100}", ty in prop::sample::select(Type::ALL.to_vec())) {
            let _ = parse_value(ty, &text);
        }
    }
}
