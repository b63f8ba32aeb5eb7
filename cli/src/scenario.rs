//! Scenario files (`*.test.toml`): the facts a test states, the claims it makes and what it
//! expects the engine to decide. The format is documented in `docs/scenarios.md`.

use anyhow::{Context, anyhow, bail};
use ovm_abi::{Address, Bytes, Property, keccak256, parse_address, parse_hex};
use ovm_engine::atomic::signature::{address_of, sign};
use ovm_engine::store::{MemoryStore, WitnessFile};
use secp256k1::{PublicKey, SECP256K1, SecretKey};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A scenario file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    source: Option<PathBuf>,
    deployment: Option<PathBuf>,
    #[serde(default)]
    keys: BTreeMap<String, String>,
    #[serde(default)]
    stores: BTreeMap<String, toml::Table>,
    #[serde(default, rename = "case")]
    cases: Vec<RawCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    predicate: String,
    #[serde(default)]
    args: BTreeMap<String, RawArg>,
    store: Option<String>,
    shapes: Option<Vec<String>>,
    expect: String,
    witness: Option<Vec<String>>,
    challenge: Option<String>,
    challenge_inputs: Option<Vec<String>>,
}

/// An argument as written: its value, or `{ file = "PATH" }` to read it from a file.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawArg {
    Value(String),
    File {
        /// The file, relative to the scenario.
        file: PathBuf,
    },
}

/// A scenario, read and checked.
#[derive(Debug)]
pub struct Scenario {
    /// The `.ovm` file its cases claim predicates of.
    pub source: PathBuf,
    /// Its deployment file, if not the built-in one.
    pub deployment: Option<PathBuf>,
    /// Its witness stores, by name.
    pub stores: BTreeMap<String, MemoryStore>,
    /// Its cases, in order.
    pub cases: Vec<Case>,
}

/// One claim and what the engine should decide.
#[derive(Debug)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// The predicate.
    pub predicate: String,
    /// `(parameter, value)`, with `@key` replaced by the key's address.
    pub args: Vec<(String, String)>,
    /// The store's name, if any.
    pub store: Option<String>,
    /// The shapes to claim it in.
    pub shapes: Vec<Shape>,
    /// The outcome expected: `true`, `false` or `unknown`.
    pub expect: String,
    /// The witness expected, if given.
    pub witness: Option<Vec<Bytes>>,
    /// The challenge property expected (its encoding), if given.
    pub challenge: Option<Bytes>,
    /// The challenge inputs expected, if given.
    pub challenge_inputs: Option<Vec<Bytes>>,
}

/// A claim shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `--shape compiled`.
    Compiled,
    /// `--shape expanded`.
    Expanded,
}

impl Shape {
    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Compiled => "compiled",
            Shape::Expanded => "expanded",
        }
    }
}

/// Reads a scenario file; paths in it are relative to its directory.
pub fn read(path: &Path) -> anyhow::Result<Scenario> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let raw: RawScenario =
        toml::from_str(&text).map_err(|e| anyhow!("`{}` is not a valid scenario: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let source = match raw.source {
        Some(source) => dir.join(source),
        None => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            dir.join(format!("{}.ovm", name.trim_end_matches(".test.toml")))
        }
    };
    let mut keys = BTreeMap::new();
    for (name, secret) in &raw.keys {
        let bytes = parse_hex(secret).map_err(|e| anyhow!("key `{name}`: {e}"))?;
        let secret = <[u8; 32]>::try_from(bytes.as_ref())
            .ok()
            .and_then(|b| SecretKey::from_byte_array(b).ok())
            .ok_or_else(|| {
                anyhow!("key `{name}`: expected a 32-byte secp256k1 secret key, as 0x and 64 hex digits")
            })?;
        keys.insert(name.clone(), secret);
    }
    let mut stores = BTreeMap::new();
    for (name, table) in raw.stores {
        let store = store(table, &keys, dir).map_err(|e| anyhow!("store `{name}`: {e}"))?;
        stores.insert(name, store);
    }
    let cases = raw
        .cases
        .into_iter()
        .map(|case| {
            let name = case.name.clone();
            self::case(case, &keys, &stores, dir).map_err(|e| anyhow!("case `{name}`: {e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Scenario {
        source,
        deployment: raw.deployment.map(|d| dir.join(d)),
        stores,
        cases,
    })
}

/// The address of a key.
fn address(key: &SecretKey) -> Address {
    address_of(&PublicKey::from_secret_key(SECP256K1, key))
}

fn case(
    raw: RawCase,
    keys: &BTreeMap<String, SecretKey>,
    stores: &BTreeMap<String, MemoryStore>,
    dir: &Path,
) -> anyhow::Result<Case> {
    if !["true", "false", "unknown"].contains(&raw.expect.as_str()) {
        bail!(
            "expect = \"{}\": expected \"true\", \"false\" or \"unknown\"",
            raw.expect
        );
    }
    if let Some(store) = &raw.store
        && !stores.contains_key(store)
    {
        let known: Vec<&str> = stores.keys().map(String::as_str).collect();
        bail!(
            "no store is called `{store}` (the scenario has: {})",
            known.join(", ")
        );
    }
    let args = raw
        .args
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                RawArg::Value(value) => value,
                RawArg::File { file } => {
                    let path = dir.join(file);
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("argument `{name}`: cannot read `{}`", path.display()))?
                        .trim()
                        .to_string()
                }
            };
            match value.strip_prefix('@') {
                Some(key) if keys.contains_key(key) => Ok((name, address(&keys[key]).to_string())),
                Some(key) => Err(anyhow!(
                    "argument `{name}` names the key `{key}`, which the scenario does not define"
                )),
                None => Ok((name, value)),
            }
        })
        .collect::<anyhow::Result<_>>()?;
    let shapes = match raw.shapes {
        None => vec![Shape::Compiled, Shape::Expanded],
        Some(names) => names
            .iter()
            .map(|name| match name.as_str() {
                "compiled" => Ok(Shape::Compiled),
                "expanded" => Ok(Shape::Expanded),
                other => Err(anyhow!("shape `{other}`: expected \"compiled\" or \"expanded\"")),
            })
            .collect::<anyhow::Result<_>>()?,
    };
    let hex = |field: &str, text: &str| parse_hex(text).map_err(|e| anyhow!("{field}: {e}"));
    Ok(Case {
        name: raw.name,
        predicate: raw.predicate,
        args,
        store: raw.store,
        shapes,
        expect: raw.expect,
        witness: raw
            .witness
            .map(|w| w.iter().map(|h| hex("witness", h)).collect())
            .transpose()?,
        challenge: raw.challenge.map(|c| hex("challenge", &c)).transpose()?,
        challenge_inputs: raw
            .challenge_inputs
            .map(|c| c.iter().map(|h| hex("challenge_inputs", h)).collect())
            .transpose()?,
    })
}

/// A store: `{ file = "PATH" }` (a JSON witness file), or a witness file written in TOML, with
/// `signed` entries signed by the scenario's keys and properties written as tables encoded.
fn store(
    mut table: toml::Table,
    keys: &BTreeMap<String, SecretKey>,
    dir: &Path,
) -> anyhow::Result<MemoryStore> {
    if let Some(file) = table.get("file") {
        let Some(file) = file.as_str().filter(|_| table.len() == 1) else {
            bail!("a store read from a file is `{{ file = \"PATH\" }}` and nothing else");
        };
        let path = dir.join(file);
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let file = WitnessFile::from_json(&text).map_err(|e| anyhow!("`{}`: {e}", path.display()))?;
        return Ok(file.into_store());
    }
    if let Some(signed) = table.remove("signed") {
        let entries = signed
            .as_array()
            .ok_or_else(|| anyhow!("`signed` is a list of {{ message, by }} entries"))?;
        let mut signatures = match table.remove("signatures") {
            Some(toml::Value::Array(list)) => list,
            Some(_) => bail!("`signatures` is a list"),
            None => Vec::new(),
        };
        for (i, entry) in entries.iter().enumerate() {
            signatures.push(signed_entry(entry, keys).map_err(|e| anyhow!("signed[{i}]: {e}"))?);
        }
        table.insert("signatures".into(), toml::Value::Array(signatures));
    }
    let json = to_json(toml::Value::Table(table))?;
    let file = WitnessFile::from_json(&json.to_string()).map_err(|e| match &e.entry {
        Some(entry) => anyhow!("{entry}: {}", e.message),
        None => anyhow!("{}", e.message),
    })?;
    Ok(file.into_store())
}

/// `{ message, by, complete? }` as a signature entry.
fn signed_entry(entry: &toml::Value, keys: &BTreeMap<String, SecretKey>) -> anyhow::Result<toml::Value> {
    let table = entry
        .as_table()
        .ok_or_else(|| anyhow!("expected {{ message = \"0x…\", by = \"key\" }}"))?;
    let message = match table.get("message") {
        Some(value) => message_bytes(value)?,
        None => bail!("no `message`"),
    };
    let by = table
        .get("by")
        .and_then(toml::Value::as_str)
        .ok_or_else(|| anyhow!("no `by` (the name of a key)"))?;
    let key = keys
        .get(by)
        .ok_or_else(|| anyhow!("`by = \"{by}\"` names no key of the scenario"))?;
    let mut out = toml::Table::new();
    out.insert("message".into(), toml::Value::String(message.to_string()));
    let signature = Bytes::from(sign(keccak256(&message), key).to_vec());
    out.insert("signature".into(), toml::Value::String(signature.to_string()));
    if let Some(complete) = table.get("complete") {
        out.insert("complete".into(), complete.clone());
    }
    if let Some(unknown) = table
        .keys()
        .find(|k| !["message", "by", "complete"].contains(&k.as_str()))
    {
        bail!("unknown field `{unknown}` (expected message, by, complete)");
    }
    Ok(toml::Value::Table(out))
}

/// A message: hex, or a property table.
fn message_bytes(value: &toml::Value) -> anyhow::Result<Bytes> {
    match to_json(value.clone())? {
        serde_json::Value::String(text) => parse_hex(&text).map_err(|e| anyhow!("message: {e}")),
        _ => bail!("message: expected 0x hex or a property {{ predicateAddress, inputs }}"),
    }
}

/// A TOML value as JSON, with every table `{ predicateAddress, inputs }` replaced by the hex
/// of the property's encoding.
fn to_json(value: toml::Value) -> anyhow::Result<serde_json::Value> {
    Ok(match value {
        toml::Value::Table(table) if is_property(&table) => {
            let address = table["predicateAddress"]
                .as_str()
                .ok_or_else(|| anyhow!("predicateAddress: expected an address"))?;
            let address = parse_address(address).map_err(|e| anyhow!("predicateAddress: {e}"))?;
            let inputs = table["inputs"]
                .as_array()
                .ok_or_else(|| anyhow!("inputs: expected a list"))?
                .iter()
                .map(|input| match to_json(input.clone())? {
                    serde_json::Value::String(text) => parse_hex(&text).map_err(|e| anyhow!("inputs: {e}")),
                    _ => bail!("inputs: expected 0x hex or a property table"),
                })
                .collect::<anyhow::Result<Vec<Bytes>>>()?;
            serde_json::Value::String(Bytes::from(Property::new(address, inputs).encode()).to_string())
        }
        toml::Value::Table(table) => serde_json::Value::Object(
            table
                .into_iter()
                .map(|(k, v)| Ok((k, to_json(v)?)))
                .collect::<anyhow::Result<_>>()?,
        ),
        toml::Value::Array(list) => {
            serde_json::Value::Array(list.into_iter().map(to_json).collect::<anyhow::Result<_>>()?)
        }
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => serde_json::Value::from(i),
        toml::Value::Float(f) => serde_json::Value::from(f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
    })
}

fn is_property(table: &toml::Table) -> bool {
    table.len() == 2 && table.contains_key("predicateAddress") && table.contains_key("inputs")
}
