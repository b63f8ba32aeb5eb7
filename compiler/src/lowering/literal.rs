//! The input encoding of literals (`42`, `0x…`, `"text"`), shared by every lowering that writes
//! values: the compiled-predicate JSON and claims.

use crate::ir::{Input, Source};
use crate::types::Type;
use ovm_abi::{Address, Bytes, input, parse_hex, parse_value};

/// The input encoding of a literal input, or `None` for an input that is not a literal. A
/// number is its uint word; `0x` text is an address word, a number word or the bytes written,
/// by the input's type; a string is its UTF-8 bytes. A literal read as a property (with
/// child accesses) is the bytes written.
pub fn encoding(input: &Input) -> Option<Bytes> {
    let whole = input.children.is_empty();
    Some(match &input.source {
        Source::Integer(text) => number_word(text),
        Source::Hex(text) if whole && input.ty == Type::BigNumber => number_word(text),
        Source::Hex(text) if whole && input.ty == Type::Address => {
            let bytes = raw_bytes(text);
            match <[u8; 20]>::try_from(bytes.as_ref()) {
                Ok(address) => input::address_word(Address::from(address)),
                // Type checking (E0304) admits only 20-byte addresses.
                Err(_) => bytes,
            }
        }
        Source::Hex(text) => raw_bytes(text),
        Source::String(text) => Bytes::copy_from_slice(text.as_bytes()),
        Source::Param(_) | Source::Variable(_) | Source::Constant(_) | Source::SelfAddress => return None,
    })
}

/// The uint word of a number written in decimal or as `0x` text.
fn number_word(text: &str) -> Bytes {
    // Type checking (E0304) admits only numbers below 2^256.
    parse_value(Type::BigNumber, text).unwrap_or_default()
}

/// The bytes that `0x` text writes.
fn raw_bytes(text: &str) -> Bytes {
    // Type checking (E0304) admits only an even number of hex digits.
    parse_hex(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ovm_abi::hex;

    #[test]
    fn numbers_of_every_form_are_words() {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        for (text, word) in [
            ("0", "0".repeat(64)),
            ("0x1", format!("{:0>64}", 1)),
            (max, "f".repeat(64)),
        ] {
            assert_eq!(
                hex::encode_prefixed(number_word(text)),
                format!("0x{word}"),
                "{text}"
            );
        }
    }
}
