//! Hashes and bytes: `IsValidHash` and `IsConcatenatedWith`.

use super::input::{arguments, word};
use super::{Atomic, Decision, Reason};
use alloy_primitives::{Bytes, keccak256};

/// `IsValidHash(hash, preimage)`: `hash` is a bytes32 word and `keccak256(preimage) == hash`.
pub(super) fn is_valid_hash(inputs: &[Bytes]) -> Decision {
    let [hash, preimage] = arguments(Atomic::IsValidHash, inputs)?;
    let hash = word(0, hash)?;
    let actual = keccak256(preimage);
    if actual == hash {
        Ok(Reason::HashMatches)
    } else {
        Err(Reason::HashMismatch { hash, actual })
    }
}

/// `IsConcatenatedWith(c, a, b)`: `c == a ‖ b`.
pub(super) fn is_concatenated_with(inputs: &[Bytes]) -> Decision {
    let [c, a, b] = arguments(Atomic::IsConcatenatedWith, inputs)?;
    let not = |at| Reason::NotConcatenation {
        len_c: c.len(),
        len_a: a.len(),
        len_b: b.len(),
        at,
    };
    if c.len() != a.len() + b.len() {
        return Err(not(None));
    }
    let (head, tail) = c.split_at(a.len());
    let differs = |x: &[u8], y: &[u8]| x.iter().zip(y).position(|(p, q)| p != q);
    if let Some(at) = differs(head, a) {
        return Err(not(Some(at)));
    }
    if let Some(at) = differs(tail, b) {
        return Err(not(Some(a.len() + at)));
    }
    Ok(Reason::Concatenation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atomic::Encoding;
    use ovm_abi::input::bytes32_word;

    #[test]
    fn valid_hash() {
        let preimage = Bytes::from_static(b"secret");
        let hash = bytes32_word(keccak256(&preimage));
        assert_eq!(is_valid_hash(&[hash.clone(), preimage]), Ok(Reason::HashMatches));
        let e = is_valid_hash(&[hash.clone(), Bytes::from_static(b"other")]).unwrap_err();
        assert!(matches!(e, Reason::HashMismatch { .. }));
        assert!(e.to_string().starts_with("keccak256 of the preimage is 0x"));
        assert_eq!(
            is_valid_hash(&[hash.slice(1..), Bytes::new()]),
            Err(Reason::Length {
                input: 0,
                len: 31,
                expected: Encoding::Bytes32
            })
        );
        assert!(is_valid_hash(&[hash]).is_err());
    }

    #[test]
    fn concatenation() {
        let b = |s: &'static [u8]| Bytes::from_static(s);
        assert_eq!(
            is_concatenated_with(&[b(b"abcd"), b(b"ab"), b(b"cd")]),
            Ok(Reason::Concatenation)
        );
        assert_eq!(
            is_concatenated_with(&[b(b""), b(b""), b(b"")]),
            Ok(Reason::Concatenation)
        );
        assert_eq!(
            is_concatenated_with(&[b(b"ab"), b(b""), b(b"ab")]),
            Ok(Reason::Concatenation)
        );
        let e = is_concatenated_with(&[b(b"abce"), b(b"ab"), b(b"cd")]).unwrap_err();
        assert_eq!(e.to_string(), "c differs from a ‖ b at byte 3");
        let e = is_concatenated_with(&[b(b"xbcd"), b(b"ab"), b(b"cd")]).unwrap_err();
        assert_eq!(e.to_string(), "c differs from a ‖ b at byte 0");
        let e = is_concatenated_with(&[b(b"abc"), b(b"ab"), b(b"cd")]).unwrap_err();
        assert_eq!(e.to_string(), "c is 3 bytes, but a ‖ b is 4 bytes (2 + 2)");
        assert!(is_concatenated_with(&[b(b"abcd"), b(b"ab")]).is_err());
    }
}
