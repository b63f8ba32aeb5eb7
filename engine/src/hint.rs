//! Hints: where a quantifier's domain comes from.
//!
//! A hint, once its values are written in, reads `BUCKETS,KIND,PARAM` (evaluator.md §1.4):
//! `BUCKETS` is a chain of bucket names separated by dots, and `KIND` says how `PARAM` finds
//! the elements:
//! * `KEY`: the values stored under the key `PARAM` (hex bytes, or else its UTF-8 text);
//! * `RANGE`: the values of the range records that intersect the range `PARAM` (the hex of
//!   a 64-byte range encoding);
//! * `ITER`: the values under keys from `PARAM` on;
//! * `NUMBER`: the numbers `START-END`, each written as a uint256 (hex words, as the
//!   compiler writes `${0}-${n}`, or decimal): every `n` with `START <= n < END`, as words.
//!   Needs no store, and is streamed rather than materialised.

use crate::store::{Lookup, Query};
use alloy_primitives::{Bytes, U256, hex};
use ovm_abi::input;
use std::fmt;
use thiserror::Error;

/// What a hint asks for, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Domain {
    /// A store lookup.
    Lookup {
        /// The bucket chain.
        buckets: Vec<String>,
        /// What to find.
        find: Find,
    },
    /// The numbers `start..end`.
    Numbers {
        /// The first.
        start: U256,
        /// One past the last.
        end: U256,
    },
}

/// A store lookup with owned data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Find {
    /// `KEY`.
    Key(Bytes),
    /// `RANGE`.
    Range(U256, U256),
    /// `ITER`.
    Iter(Bytes),
}

impl Domain {
    /// The store query of a lookup domain; `None` for numbers.
    pub fn query(&self) -> Option<Query<'_>> {
        let Domain::Lookup { buckets, find } = self else {
            return None;
        };
        let lookup = match find {
            Find::Key(key) => Lookup::Key(key),
            Find::Range(start, end) => Lookup::Range {
                start: *start,
                end: *end,
            },
            Find::Iter(from) => Lookup::Iter(from),
        };
        Some(Query { buckets, lookup })
    }
}

/// A hint that does not describe a domain.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum HintError {
    /// Not `BUCKETS,KIND,PARAM`.
    #[error("hint `{0}` is not of the form BUCKETS,KIND,PARAM")]
    Shape(String),
    /// A kind other than KEY, RANGE, ITER, NUMBER.
    #[error("hint `{hint}` has the unknown kind `{kind}` (expected KEY, RANGE, ITER or NUMBER)")]
    Kind {
        /// The hint.
        hint: String,
        /// The kind.
        kind: String,
    },
    /// A parameter that does not suit the kind.
    #[error("hint `{hint}`: {what}")]
    Param {
        /// The hint.
        hint: String,
        /// What is wrong.
        what: &'static str,
    },
    /// A `${…}` left that no value fills.
    #[error("hint `{0}` names a value that is not known here")]
    Unresolved(String),
}

/// Parses a hint whose values are written in.
pub fn parse(hint: &str) -> Result<Domain, HintError> {
    if hint.contains("${") {
        return Err(HintError::Unresolved(hint.to_string()));
    }
    let mut parts = hint.split(',');
    let (Some(buckets), Some(kind), Some(param), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HintError::Shape(hint.to_string()));
    };
    let bad = |what| HintError::Param {
        hint: hint.to_string(),
        what,
    };
    let buckets: Vec<String> = buckets.split('.').map(str::to_string).collect();
    let find = match kind {
        "KEY" => Find::Key(bytes_of(param)),
        "ITER" => Find::Iter(bytes_of(param)),
        "RANGE" => {
            let bytes = hex::decode(param).map_err(|_| bad("a RANGE parameter is the hex of a range"))?;
            let (start, end) =
                input::decode_range(&bytes).ok_or(bad("a RANGE parameter is a 64-byte range encoding"))?;
            Find::Range(start, end)
        }
        "NUMBER" => {
            let (start, end) = param
                .split_once('-')
                .ok_or(bad("a NUMBER parameter is START-END"))?;
            let number = |text: &str| number(text).ok_or(bad("NUMBER bounds are uint256 numbers"));
            return Ok(Domain::Numbers {
                start: number(start)?,
                end: number(end)?,
            });
        }
        other => {
            return Err(HintError::Kind {
                hint: hint.to_string(),
                kind: other.to_string(),
            });
        }
    };
    Ok(Domain::Lookup { buckets, find })
}

/// A KEY or ITER parameter's bytes: its hex, or else its UTF-8 text.
fn bytes_of(param: &str) -> Bytes {
    match param.strip_prefix("0x").map(hex::decode) {
        Some(Ok(bytes)) => bytes.into(),
        _ => Bytes::copy_from_slice(param.as_bytes()),
    }
}

/// A number written in hex (at most 32 bytes) or decimal.
fn number(text: &str) -> Option<U256> {
    match text.strip_prefix("0x") {
        Some(digits) if digits.len() <= 64 && !digits.is_empty() => U256::from_str_radix(digits, 16).ok(),
        Some(_) => None,
        None => U256::from_str_radix(text, 10).ok(),
    }
}

/// A value as hints write it: `0x` and lower-case hex.
pub struct HexValue<'a>(pub &'a [u8]);

impl fmt::Display for HexValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0x")?;
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse() {
        assert_eq!(
            parse("signatures,KEY,0x1234").unwrap(),
            Domain::Lookup {
                buckets: vec!["signatures".into()],
                find: Find::Key(Bytes::from(vec![0x12, 0x34]))
            }
        );
        let range = hex::encode_prefixed(input::range(U256::from(5), U256::from(9)));
        assert_eq!(
            parse(&format!("su.block0x05.range0x01,RANGE,{range}")).unwrap(),
            Domain::Lookup {
                buckets: vec!["su".into(), "block0x05".into(), "range0x01".into()],
                find: Find::Range(U256::from(5), U256::from(9))
            }
        );
        let word = hex::encode_prefixed(input::uint_word(U256::from(26)));
        assert_eq!(
            parse(&format!("range,NUMBER,10-{word}")).unwrap(),
            Domain::Numbers {
                start: U256::from(10),
                end: U256::from(26)
            }
        );
        assert_eq!(
            parse("so,ITER,k").unwrap(),
            Domain::Lookup {
                buckets: vec!["so".into()],
                find: Find::Iter(Bytes::from_static(b"k"))
            }
        );
    }

    #[test]
    fn malformed_hints_say_why() {
        for (hint, message) in [
            ("a,KEY", "is not of the form BUCKETS,KIND,PARAM"),
            ("a,KEY,b,c", "is not of the form"),
            ("a,HASH,b", "unknown kind `HASH`"),
            ("a,RANGE,0x12", "64-byte range"),
            ("a,NUMBER,5", "START-END"),
            ("a,NUMBER,x-5", "uint256"),
            ("a,KEY,${m}", "not known here"),
        ] {
            let error = parse(hint).unwrap_err().to_string();
            assert!(error.contains(message), "{hint}: {error}");
        }
    }
}
