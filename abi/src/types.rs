//! The value types of properties' inputs, as the language names them.

use std::fmt;

/// A value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// A 20-byte Ethereum address, encoded as a 32-byte ABI word.
    Address,
    /// Raw bytes: the old dialect's dynamic type, into which every value flows as its encoding.
    Bytes,
    /// 32 bytes, encoded as one ABI word.
    Bytes32,
    /// An unsigned 256-bit integer, encoded as one ABI word.
    BigNumber,
    /// A half-open interval `(uint256 start, uint256 end)`.
    Range,
    /// An encoded property `(address predicateAddress, bytes[] inputs)`.
    Property,
}

impl Type {
    /// Every type, in the order documentation lists them.
    pub const ALL: [Type; 6] = [
        Type::Address,
        Type::Bytes,
        Type::Bytes32,
        Type::BigNumber,
        Type::Range,
        Type::Property,
    ];

    /// The type a type name denotes.
    pub fn from_name(name: &str) -> Option<Type> {
        Type::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The type's name as written in source.
    pub fn name(self) -> &'static str {
        match self {
            Type::Address => "Address",
            Type::Bytes => "Bytes",
            Type::Bytes32 => "Bytes32",
            Type::BigNumber => "BigNumber",
            Type::Range => "Range",
            Type::Property => "Property",
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
