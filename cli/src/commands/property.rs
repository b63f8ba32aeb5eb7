//! `ovm property encode|decode`, and the printing of properties that `ovm claim` shares.

use crate::cli::{DecodeArgs, EncodeArgs, OutputFormat};
use crate::report::{Outcome, Reporter};
use anyhow::Context;
use ovm_abi::{CLAIM_PROPERTY_SELECTOR, Deployment, Property, claim_property_calldata, describe, parse_hex};
use std::path::Path;

/// `ovm property encode`.
pub fn encode(args: &EncodeArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let address = match ovm_abi::parse_value(ovm_abi::Type::Address, &args.predicate_address) {
        Ok(word) => ovm_abi::Address::from_slice(&word[12..]),
        Err(error) => return Ok(reporter.user_error(&format!("bad --predicate-address: {error}"))),
    };
    let mut inputs = Vec::with_capacity(args.inputs.len());
    for (index, text) in args.inputs.iter().enumerate() {
        match parse_hex(text) {
            Ok(bytes) => inputs.push(bytes),
            Err(error) => {
                return Ok(reporter.user_error(&format!("bad --input number {}: {error}", index + 1)));
            }
        }
    }
    print(&Property::new(address, inputs), args.format, &Deployment::local());
    Ok(Outcome::Success)
}

/// `ovm property decode`.
pub fn decode(args: &DecodeArgs, reporter: &mut Reporter) -> anyhow::Result<Outcome> {
    let deployment = deployment(args.deployment.as_deref(), reporter)?;
    let Some(deployment) = deployment else {
        return Ok(reporter.outcome());
    };
    let bytes = match parse_hex(args.hex.trim()) {
        Ok(bytes) => bytes,
        Err(error) => return Ok(reporter.user_error(&format!("bad encoding: {error}"))),
    };
    // `claimProperty` calldata is the selector followed by the encoding.
    let encoding = match bytes.strip_prefix(&CLAIM_PROPERTY_SELECTOR[..]) {
        Some(rest) if bytes.len() % 32 == 4 => rest,
        _ => &bytes[..],
    };
    match Property::decode(encoding) {
        Ok(property) => {
            print(&property, args.format, &deployment);
            Ok(Outcome::Success)
        }
        Err(error) => Ok(reporter.user_error(&format!("cannot decode the property: {error}"))),
    }
}

/// Reads the deployment file at `path`, or the built-in one. `None` after reporting a file that
/// is not a valid deployment (a user error); an unreadable file is an I/O error.
pub fn deployment(path: Option<&Path>, reporter: &mut Reporter) -> anyhow::Result<Option<Deployment>> {
    let Some(path) = path else {
        return Ok(Some(Deployment::local()));
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    match Deployment::from_json(&text) {
        Ok(deployment) => Ok(Some(deployment)),
        Err(error) => {
            reporter.user_error(&format!("invalid deployment file `{}`: {error}", path.display()));
            Ok(None)
        }
    }
}

/// Prints a property in the chosen format; known addresses are named after `deployment`.
pub fn print(property: &Property, format: OutputFormat, deployment: &Deployment) {
    let encoded = ovm_abi::Bytes::from(property.encode());
    let id = property.id();
    let calldata = ovm_abi::Bytes::from(claim_property_calldata(property));
    match format {
        OutputFormat::Json => {
            let object = serde_json::json!({
                "property": property,
                "encoded": encoded.to_string(),
                "id": id.to_string(),
                "calldata": calldata.to_string(),
            });
            println!("{object}");
        }
        OutputFormat::Text => {
            print!("{}", describe(property, &|address| deployment.name_of(address)));
            println!("encoded:  {encoded}");
            println!("id:       {id}");
            println!("calldata: {calldata}");
        }
    }
}
