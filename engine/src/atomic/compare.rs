//! Comparisons: `Equal`, `IsLessThan`, `IsContained`, `HasIntersection` and `IsSameAmount`.

use super::input::{arguments, range, uint};
use super::{Atomic, Decision, Range, Reason};
use alloy_primitives::{Bytes, U256};

/// `Equal(a, b)`: the same bytes (`keccak256(a) == keccak256(b)` on chain).
pub(super) fn equal(inputs: &[Bytes]) -> Decision {
    let [a, b] = arguments(Atomic::Equal, inputs)?;
    if a == b {
        return Ok(Reason::Equal { len: a.len() });
    }
    let at = a
        .iter()
        .zip(b.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    Err(Reason::NotEqual {
        len_a: a.len(),
        len_b: b.len(),
        at,
    })
}

/// `IsLessThan(a, b)`: two uint256 words, `a < b`.
pub(super) fn is_less_than(inputs: &[Bytes]) -> Decision {
    let [a, b] = arguments(Atomic::IsLessThan, inputs)?;
    let (a, b) = (uint(0, a)?, uint(1, b)?);
    if a < b {
        Ok(Reason::LessThan { a, b })
    } else {
        Err(Reason::NotLessThan { a, b })
    }
}

/// `IsContained(range, subrange)`: `range.start <= subrange.start && subrange.end <= range.end`.
pub(super) fn is_contained(inputs: &[Bytes]) -> Decision {
    let [r, s] = arguments(Atomic::IsContained, inputs)?;
    let (range, subrange) = (range(0, r)?, range(1, s)?);
    if range.start <= subrange.start && subrange.end <= range.end {
        Ok(Reason::Contained { range, subrange })
    } else {
        Err(Reason::NotContained { range, subrange })
    }
}

/// Whether `a` starts inside `b`: `a.start >= b.start && a.start < b.end`.
fn starts_inside(a: &Range, b: &Range) -> bool {
    a.start >= b.start && a.start < b.end
}

/// `HasIntersection(a, b)`: one range starts inside the other.
pub(super) fn has_intersection(inputs: &[Bytes]) -> Decision {
    let [x, y] = arguments(Atomic::HasIntersection, inputs)?;
    let (a, b) = (range(0, x)?, range(1, y)?);
    if starts_inside(&a, &b) || starts_inside(&b, &a) {
        Ok(Reason::Intersect { a, b })
    } else {
        Err(Reason::Disjoint { a, b })
    }
}

/// `end - start` of input `input`, which underflows (and reverts) when the range is inverted.
fn amount(input: usize, range: Range) -> Result<U256, Reason> {
    range
        .end
        .checked_sub(range.start)
        .ok_or(Reason::Inverted { input, range })
}

/// `IsSameAmount(a, b)`: `a.end - a.start == b.end - b.start`, with checked subtraction.
pub(super) fn is_same_amount(inputs: &[Bytes]) -> Decision {
    let [x, y] = arguments(Atomic::IsSameAmount, inputs)?;
    let (a, b) = (range(0, x)?, range(1, y)?);
    let (a, b) = (amount(0, a)?, amount(1, b)?);
    if a == b {
        Ok(Reason::SameAmount { amount: a })
    } else {
        Err(Reason::DifferentAmounts { a, b })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atomic::Encoding;
    use ovm_abi::input::{range as enc_range, uint_word};

    fn n(v: u64) -> U256 {
        U256::from(v)
    }

    fn r(s: u64, e: u64) -> Bytes {
        enc_range(n(s), n(e))
    }

    #[test]
    fn equal_cases() {
        let a = Bytes::from_static(b"abc");
        assert_eq!(equal(&[a.clone(), a.clone()]), Ok(Reason::Equal { len: 3 }));
        assert_eq!(
            equal(&[a.clone(), Bytes::from_static(b"abd")]),
            Err(Reason::NotEqual {
                len_a: 3,
                len_b: 3,
                at: 2
            })
        );
        assert_eq!(
            equal(&[a.clone(), Bytes::from_static(b"ab")]),
            Err(Reason::NotEqual {
                len_a: 3,
                len_b: 2,
                at: 2
            })
        );
        assert_eq!(equal(&[Bytes::new(), Bytes::new()]), Ok(Reason::Equal { len: 0 }));
        assert!(matches!(equal(&[a]), Err(Reason::Arity { got: 1, .. })));
    }

    #[test]
    fn less_than_cases() {
        assert!(is_less_than(&[uint_word(n(3)), uint_word(n(5))]).is_ok());
        let e = is_less_than(&[uint_word(n(5)), uint_word(n(3))]).unwrap_err();
        assert_eq!(e.to_string(), "5 is not less than 3");
        assert!(is_less_than(&[uint_word(n(5)), uint_word(n(5))]).is_err());
        let e = is_less_than(&[Bytes::from(vec![0; 31]), uint_word(n(5))]).unwrap_err();
        assert_eq!(
            e,
            Reason::Length {
                input: 0,
                len: 31,
                expected: Encoding::Uint
            }
        );
        assert_eq!(
            e.to_string(),
            "input 0 is 31 bytes, expected a 32-byte uint256 word"
        );
        assert!(is_less_than(&[uint_word(n(1)), Bytes::from(vec![0; 33])]).is_err());
    }

    #[test]
    fn contained_cases() {
        assert!(is_contained(&[r(0, 10), r(2, 5)]).is_ok());
        assert!(is_contained(&[r(0, 10), r(0, 10)]).is_ok());
        assert!(is_contained(&[r(2, 5), r(0, 10)]).is_err());
        assert!(is_contained(&[r(2, 10), r(1, 5)]).is_err());
        assert!(is_contained(&[r(2, 10), r(3, 11)]).is_err());
        assert!(is_contained(&[r(2, 10), Bytes::from(vec![0; 32])]).is_err());
    }

    #[test]
    fn intersection_cases() {
        assert!(has_intersection(&[r(0, 10), r(5, 15)]).is_ok());
        assert!(has_intersection(&[r(5, 15), r(0, 10)]).is_ok());
        assert!(has_intersection(&[r(0, 10), r(2, 3)]).is_ok());
        assert!(has_intersection(&[r(0, 10), r(10, 15)]).is_err());
        assert!(has_intersection(&[r(10, 15), r(0, 10)]).is_err());
        // The contract's rule is that one range starts inside the other: an empty range that
        // starts inside a non-empty one counts, two empty ranges never do.
        assert!(has_intersection(&[r(5, 5), r(5, 5)]).is_err());
        assert!(has_intersection(&[r(5, 5), r(5, 6)]).is_ok());
        assert!(has_intersection(&[r(3, 3), r(0, 10)]).is_ok());
    }

    #[test]
    fn same_amount_cases() {
        assert_eq!(
            is_same_amount(&[r(0, 10), r(5, 15)]),
            Ok(Reason::SameAmount { amount: n(10) })
        );
        assert!(is_same_amount(&[r(0, 10), r(5, 16)]).is_err());
        let e = is_same_amount(&[r(0, 10), r(16, 5)]).unwrap_err();
        assert!(matches!(e, Reason::Inverted { input: 1, .. }));
        assert_eq!(
            e.to_string(),
            "input 1 is the range [16, 5), which ends before it starts, so end - start underflows \
             (checked arithmetic reverts)"
        );
    }
}
