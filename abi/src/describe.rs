//! A readable, deterministic description of a property and the properties nested in it.
//!
//! ```text
//! Not 0x0000000000000000000000000000000000000002
//!   0: IsValidSignature 0x0000000000000000000000000000000000000003
//!     0: placeholder "tx"
//!     1: bytes 0x1234
//!     2: word 0x0000000000000000000000000000000000000000000000000000000000000007 (uint 7)
//!     3: bytes 0x736563703235366b31 "secp256k1"
//! ```
//!
//! Each input is classified by its bytes, in this order: a label (`L…`, shorter than 20 bytes,
//! printable UTF-8), a placeholder (`V…`, likewise), a nested property (bytes that are exactly
//! the canonical encoding of a property; described recursively, at most [`MAX_DEPTH`] levels
//! deep), a 32-byte word, and otherwise raw bytes.

use std::fmt::Write as _;

use alloy_primitives::{Address, U256, hex};

use crate::input::{decode_address_word, decode_range, decode_uint_word, is_label, is_placeholder};
use crate::property::Property;

/// How many levels of nested properties are expanded; deeper ones are shown as bytes.
pub const MAX_DEPTH: usize = 64;

/// Words below this are shown as numbers: amounts, block numbers and indices are, while hashes
/// and addresses almost never are.
const SMALL: U256 = U256::from_limbs([0, 0, 1, 0]);

/// Describes `property` as an indented tree, one line per property and input, ending with a
/// newline. `names` gives the names of known addresses (such as `Not` or `Ownership`), which
/// are shown with predicate addresses and address words.
pub fn describe(property: &Property, names: &dyn Fn(Address) -> Option<String>) -> String {
    let mut out = String::new();
    write_property(&mut out, property, names, 0);
    out
}

/// Writes the predicate line of `property` (at the current position) and its inputs, indented
/// one level deeper than `depth`.
fn write_property(
    out: &mut String,
    property: &Property,
    names: &dyn Fn(Address) -> Option<String>,
    depth: usize,
) {
    let address = property.predicate_address;
    match names(address) {
        Some(name) => _ = write!(out, "{name} {address}"),
        None => _ = write!(out, "predicate {address}"),
    }
    if property.inputs.is_empty() {
        out.push_str(" (no inputs)");
    }
    out.push('\n');
    for (i, input) in property.inputs.iter().enumerate() {
        for _ in 0..=depth {
            out.push_str("  ");
        }
        _ = write!(out, "{i}: ");
        write_input(out, input, names, depth + 1);
    }
}

/// Writes one input, classified, at the current position; nested properties' inputs are
/// indented one level deeper than `depth`.
fn write_input(out: &mut String, input: &[u8], names: &dyn Fn(Address) -> Option<String>, depth: usize) {
    if let Some(name) = marker_name(input, is_label) {
        _ = writeln!(out, "label {name:?}");
    } else if let Some(name) = marker_name(input, is_placeholder) {
        _ = writeln!(out, "placeholder {name:?}");
    } else if let Ok(property) = Property::decode(input) {
        if depth < MAX_DEPTH {
            write_property(out, &property, names, depth);
        } else {
            _ = writeln!(
                out,
                "property nested more than {MAX_DEPTH} levels deep, not shown: {}",
                hex::encode_prefixed(input)
            );
        }
    } else if let Some(value) = decode_uint_word(input) {
        _ = write!(out, "word {}", hex::encode_prefixed(input));
        let address = decode_address_word(input);
        let name = address.and_then(names);
        match (value < SMALL, address, name) {
            (true, Some(a), Some(name)) => _ = write!(out, " (uint {value}, address {a} = {name})"),
            (true, _, _) => _ = write!(out, " (uint {value})"),
            (false, Some(a), Some(name)) => _ = write!(out, " (address {a} = {name})"),
            (false, Some(a), None) => _ = write!(out, " (address {a})"),
            (false, None, _) => {}
        }
        out.push('\n');
    } else {
        _ = write!(out, "bytes {}", hex::encode_prefixed(input));
        if input.is_empty() {
            out.push_str(" (empty)");
        } else if let Some((start, end)) = decode_range(input).filter(|(s, e)| *s < SMALL && *e < SMALL) {
            _ = write!(out, " (range {start}..{end})");
        } else if input.iter().all(|b| (0x20..0x7f).contains(b)) {
            // Printable ASCII is valid UTF-8.
            _ = write!(out, " {:?}", String::from_utf8_lossy(input));
        }
        out.push('\n');
    }
}

/// The name in a marker that `is_marker` recognises, if it is printable UTF-8.
fn marker_name(input: &[u8], is_marker: fn(&[u8]) -> bool) -> Option<&str> {
    if !is_marker(input) {
        return None;
    }
    std::str::from_utf8(&input[1..])
        .ok()
        .filter(|name| !name.chars().any(char::is_control))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{address_word, label, placeholder, range, uint_word};
    use crate::property::tests::arb_property;
    use alloy_primitives::{Bytes, address};
    use proptest::prelude::*;

    fn addr(n: u8) -> Address {
        Address::with_last_byte(n)
    }

    fn names(a: Address) -> Option<String> {
        let known = [
            (addr(2), "Not"),
            (addr(3), "And"),
            (addr(4), "ForAllSuchThat"),
            (addr(5), "IsValidSignature"),
            (addr(6), "Ownership"),
            (
                address!("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
                "txAddress",
            ),
        ];
        known
            .iter()
            .find(|(k, _)| *k == a)
            .map(|(_, name)| (*name).to_owned())
    }

    fn example() -> Property {
        Property::new(addr(1), vec![Bytes::from_static(&[0x12, 0x34]), Bytes::new()])
    }

    #[test]
    fn reference_not() {
        let not = Property::new(addr(2), vec![example().encode().into()]);
        insta::assert_snapshot!(describe(&not, &names));
    }

    #[test]
    fn ownership_child() {
        // ForAllSuchThat(0x, "v0", Not(IsValidSignature(tx, V"v0", owner, "secp256k1")))
        let owner = address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        let signature = Property::new(
            addr(5),
            vec![
                Bytes::from_static(b"\x01\x02tx"),
                placeholder("v0").unwrap(),
                address_word(owner),
                Bytes::from_static(b"secp256k1"),
            ],
        );
        let not = Property::new(addr(2), vec![signature.encode().into()]);
        let for_all = Property::new(
            addr(4),
            vec![Bytes::new(), Bytes::from_static(b"v0"), not.encode().into()],
        );
        insta::assert_snapshot!(describe(&for_all, &names));
    }

    #[test]
    fn words_and_bytes() {
        let p = Property::new(
            addr(6),
            vec![
                label("OwnershipT").unwrap(),
                uint_word(U256::from(1_000_000)),
                address_word(address!("0x5FbDB2315678afecb367f032d93F642f64180aa3")),
                address_word(addr(3)),
                Bytes::from(U256::MAX.to_be_bytes::<32>().to_vec()),
                range(U256::from(100), U256::from(200)),
                Bytes::from_static(b"L\x00\x01"),
                Bytes::from_static(b"V with \"quotes\""),
                Bytes::from_static(b"plain text"),
                Bytes::from(vec![0xff; 40]),
                Property::new(addr(9), vec![]).encode().into(),
            ],
        );
        insta::assert_snapshot!(describe(&p, &names));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut p = Property::new(addr(1), vec![]);
        for _ in 0..70 {
            p = Property::new(addr(2), vec![p.encode().into()]);
        }
        let text = describe(&p, &names);
        assert_eq!(text.lines().count(), MAX_DEPTH + 1);
        let last = text.lines().last().unwrap();
        assert!(
            last.trim_start()
                .starts_with("0: property nested more than 64 levels deep, not shown: 0x")
        );
    }

    proptest! {
        #[test]
        fn describe_is_total_and_deterministic(p in arb_property()) {
            let text = describe(&p, &names);
            prop_assert!(text.ends_with('\n'));
            prop_assert_eq!(text, describe(&p, &names));
        }
    }
}
