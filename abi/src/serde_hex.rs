//! Serde helpers that write addresses and bytes as `0x` hex strings and read them with the
//! parsers of [`crate::value`], so that JSON files get the same checks and messages as values
//! on the command line.

use std::collections::BTreeMap;

use alloy_primitives::{Address, Bytes, hex};
use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

use crate::value::{parse_address, parse_hex};

/// An address read as [`parse_address`] does, so that errors point at the string.
struct AddressText(Address);

impl<'de> Deserialize<'de> for AddressText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AddressText, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_address(&text).map(AddressText).map_err(D::Error::custom)
    }
}

/// An address as its EIP-55 checksummed `0x` hex.
pub(crate) mod address {
    use super::*;

    /// Writes the checksummed address.
    pub(crate) fn serialize<S: Serializer>(address: &Address, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&address.to_checksum(None))
    }

    /// Reads an address as [`parse_address`] does.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Address, D::Error> {
        AddressText::deserialize(deserializer).map(|AddressText(address)| address)
    }
}

/// A list of byte strings, each as `0x` hex.
pub(crate) mod bytes_list {
    use super::*;

    /// Writes each byte string as lower-case `0x` hex.
    pub(crate) fn serialize<S: Serializer>(list: &[Bytes], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(list.iter().map(hex::encode_prefixed))
    }

    /// Reads each byte string as [`parse_hex`] does.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Bytes>, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        texts
            .iter()
            .map(|text| parse_hex(text).map_err(D::Error::custom))
            .collect()
    }
}

/// A map from names to addresses.
pub(crate) mod address_map {
    use super::*;

    /// Writes each address checksummed.
    pub(crate) fn serialize<S: Serializer>(
        map: &BTreeMap<String, Address>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            map.iter()
                .map(|(name, address)| (name, address.to_checksum(None))),
        )
    }

    /// Reads each address as [`parse_address`] does.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, Address>, D::Error> {
        let map = BTreeMap::<String, AddressText>::deserialize(deserializer)?;
        Ok(map
            .into_iter()
            .map(|(name, AddressText(address))| (name, address))
            .collect())
    }
}
