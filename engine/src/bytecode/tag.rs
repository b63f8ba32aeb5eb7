//! The tag bytes of the format: one byte each, and only the values listed here are valid.
//!
//! A child access is not a tag byte but a LEB128 number: [`CHILD_ADDRESS`] for `.address`,
//! `n + 1` for `.n`.

use crate::program::Connective;
use ovm_abi::Type;

/// A type byte: [`Type::Address`].
pub const TYPE_ADDRESS: u8 = 0;
/// A type byte: [`Type::Bytes`].
pub const TYPE_BYTES: u8 = 1;
/// A type byte: [`Type::Bytes32`].
pub const TYPE_BYTES32: u8 = 2;
/// A type byte: [`Type::BigNumber`].
pub const TYPE_BIG_NUMBER: u8 = 3;
/// A type byte: [`Type::Range`].
pub const TYPE_RANGE: u8 = 4;
/// A type byte: [`Type::Property`].
pub const TYPE_PROPERTY: u8 = 5;

/// A connective byte: [`Connective::And`].
pub const CONNECTIVE_AND: u8 = 0;
/// A connective byte: [`Connective::Or`].
pub const CONNECTIVE_OR: u8 = 1;
/// A connective byte: [`Connective::Not`].
pub const CONNECTIVE_NOT: u8 = 2;
/// A connective byte: [`Connective::ForAll`].
pub const CONNECTIVE_FOR_ALL: u8 = 3;
/// A connective byte: [`Connective::ThereExists`].
pub const CONNECTIVE_THERE_EXISTS: u8 = 4;

/// A call tag: an atomic predicate, followed by the pool index of its name.
pub const CALL_ATOMIC: u8 = 0;
/// A call tag: a contract of the same predicate, followed by its index (LEB128).
pub const CALL_CONTRACT: u8 = 1;
/// A call tag: another compiled predicate, followed by the pool index of its name.
pub const CALL_COMPILED: u8 = 2;
/// A call tag: the property an argument holds, followed by the argument.
pub const CALL_PROPERTY: u8 = 3;

/// An argument source tag: a value of the contract, followed by its index (LEB128).
pub const ARG_VALUE: u8 = 0;
/// An argument source tag: the variable bound by the contract's quantifier.
pub const ARG_BOUND: u8 = 1;
/// An argument source tag: a deployment constant, followed by the pool index of its name and
/// a type byte.
pub const ARG_CONSTANT: u8 = 2;
/// An argument source tag: the predicate's own address.
pub const ARG_SELF_ADDRESS: u8 = 3;
/// An argument source tag: literal bytes, followed by their pool index.
pub const ARG_LITERAL: u8 = 4;

/// A hint part tag: text, followed by its pool index.
pub const HINT_TEXT: u8 = 0;
/// A hint part tag: a value, followed by the argument.
pub const HINT_VALUE: u8 = 1;

/// The child access `.address`; `.n` is `n + 1`.
pub const CHILD_ADDRESS: u32 = 0;

/// The byte of a type.
pub fn type_byte(ty: Type) -> u8 {
    match ty {
        Type::Address => TYPE_ADDRESS,
        Type::Bytes => TYPE_BYTES,
        Type::Bytes32 => TYPE_BYTES32,
        Type::BigNumber => TYPE_BIG_NUMBER,
        Type::Range => TYPE_RANGE,
        Type::Property => TYPE_PROPERTY,
    }
}

/// The type of a byte, if it is a type byte.
pub fn type_of(byte: u8) -> Option<Type> {
    Some(match byte {
        TYPE_ADDRESS => Type::Address,
        TYPE_BYTES => Type::Bytes,
        TYPE_BYTES32 => Type::Bytes32,
        TYPE_BIG_NUMBER => Type::BigNumber,
        TYPE_RANGE => Type::Range,
        TYPE_PROPERTY => Type::Property,
        _ => return None,
    })
}

/// The byte of a connective.
pub fn connective_byte(connective: Connective) -> u8 {
    match connective {
        Connective::And => CONNECTIVE_AND,
        Connective::Or => CONNECTIVE_OR,
        Connective::Not => CONNECTIVE_NOT,
        Connective::ForAll => CONNECTIVE_FOR_ALL,
        Connective::ThereExists => CONNECTIVE_THERE_EXISTS,
    }
}

/// The connective of a byte, if it is a connective byte.
pub fn connective_of(byte: u8) -> Option<Connective> {
    Some(match byte {
        CONNECTIVE_AND => Connective::And,
        CONNECTIVE_OR => Connective::Or,
        CONNECTIVE_NOT => Connective::Not,
        CONNECTIVE_FOR_ALL => Connective::ForAll,
        CONNECTIVE_THERE_EXISTS => Connective::ThereExists,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_bytes_round_trip() {
        for ty in Type::ALL {
            assert_eq!(type_of(type_byte(ty)), Some(ty));
        }
        assert_eq!((0..=255).filter_map(type_of).count(), Type::ALL.len());
    }

    #[test]
    fn connective_bytes_round_trip() {
        let all = [
            Connective::And,
            Connective::Or,
            Connective::Not,
            Connective::ForAll,
            Connective::ThereExists,
        ];
        for connective in all {
            assert_eq!(connective_of(connective_byte(connective)), Some(connective));
        }
        assert_eq!((0..=255).filter_map(connective_of).count(), all.len());
    }
}
