//! An independent model of the on-chain adjudication rules, for checking the engine's witnesses
//! and challenges.
//!
//! It is written from the documents, not from the engine: the universal connectives'
//! `isValidChallenge` and `decideWithWitness` are adjudicator.md §4.1 and §4.3, with the
//! engine's substitution throughout the body (docs/engine.md, difference 1) and its `And`
//! witness (difference 6); compiled predicates are interpreted from their compiled-predicate
//! JSON (the output of `compiled_json::to_json`, read as `serde_json::Value`) the way
//! language.md §8 says the generated contracts implement `getChild` and `decide`, as corrected
//! by docs/engine.md (labels, `self.address` as a word, the `ThereExists` challenge keeping its
//! hint, `Or` challenges never simplified). Atomic predicates are decided by
//! `ovm_engine::atomic::decide`: their semantics are tested on their own.
//!
//! Everything works on ABI bytes and `Property` values. An `Err` is a revert (or a rule the
//! challenge breaks), with the rule in its message; `Ok(false)` is a `decideWithWitness` that
//! returns false.
//!
//! Modelling choices where the documents leave room:
//! - a called property operand (`p()`, an `InputPredicateCall` without arguments) is decided
//!   with its witness entry, as a nested `decideWithWitness`; the 0.2.13 generator reads the
//!   adjudicator's state instead (`isDecidedById`);
//! - a contract whose `hasDecideMethod` is false decides nothing with a witness, labelled or
//!   not (docs/compiled-json.md); `ignore_has_decide_method` lifts that, to tell why a witness
//!   fails;
//! - constants are the deployment's raw bytes (`constant_bytes`): the JSON has no types;
//! - a property with no inputs at all goes to the entry point (the generated
//!   `isLabel(inputs[0])` would revert);
//! - the universal `And` and `ForAll` challenges read only `c.inputs[0]` and the universal
//!   `ThereExists` challenge's hint is not compared, as on chain; a compiled predicate's
//!   challenge is compared whole, hint included.
#![allow(dead_code)]

use alloy_primitives::{Address, Bytes, U256, hex, keccak256};
use alloy_sol_types::{SolType, sol_data};
use ovm_abi::{Deployment, Property};
use ovm_engine::Outcome;
use ovm_engine::atomic::{self, Atomic};
use ovm_engine::store::WitnessStore;
use serde_json::Value;

/// A revert, or a broken rule, with what failed.
pub type Checked<T> = Result<T, String>;

/// How a quantifier challenge substitutes its value for the variable's placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Substitution {
    /// docs/engine.md difference 1: every placeholder, through any connective, stopping under a
    /// quantifier that binds the variable again, never in a hint.
    Deep,
    /// adjudicator.md §4.2: the reference contracts' `replaceVariable`, which descends only
    /// into `Not`, `And`, quantifiers of the calling contract's own kind and (for
    /// `ThereExistsSuchThat`) `Or`, and otherwise replaces direct inputs only.
    Reference,
}

/// What is deployed at an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Not,
    And,
    Or,
    ForAll,
    ThereExists,
    Atomic(Atomic),
    /// A loaded compiled predicate, by index.
    Compiled(usize),
    Unknown,
}

/// A compiled predicate: its deployed address and its JSON (`CompiledPredicate`).
#[derive(Clone)]
struct Compiled {
    address: Address,
    json: Value,
}

/// The chain: a deployment, the compiled predicates deployed on it, and what the atomic
/// predicates read (the storage values of `IsStored`).
#[derive(Clone)]
pub struct Chain<'a> {
    pub deployment: Deployment,
    pub store: &'a dyn WitnessStore,
    pub substitution: Substitution,
    /// Whether a contract whose `hasDecideMethod` is false is decided anyway. The project's
    /// generated contracts give every contract `decideWithWitness` (`Not` and `ForAll` return
    /// false), so they do (the default); ovm-compiler 0.7's generator gave it only to the
    /// contracts with `hasDecideMethod` (set this to false to model it).
    pub ignore_has_decide_method: bool,
    compiled: Vec<Compiled>,
}

/// `abi.decode(bytes, (Property))`, as the contracts decode nested properties.
pub fn decode_property(bytes: &[u8]) -> Checked<Property> {
    type Abi = (sol_data::Address, sol_data::Array<sol_data::Bytes>);
    let (address, inputs) =
        Abi::abi_decode_validate(bytes).map_err(|e| format!("abi.decode(Property) reverts: {e}"))?;
    Ok(Property::new(address, inputs))
}

/// `abi.encode(property)`.
pub fn encode(property: &Property) -> Bytes {
    property.encode().into()
}

/// `abi.encode(bytes[])`, a witness entry of an `And`.
pub fn encode_bytes_list(list: &[Bytes]) -> Bytes {
    <sol_data::Array<sol_data::Bytes>>::abi_encode(&list.to_vec()).into()
}

/// `abi.decode(bytes, (bytes[]))`.
pub fn decode_bytes_list(bytes: &[u8]) -> Checked<Vec<Bytes>> {
    <sol_data::Array<sol_data::Bytes>>::abi_decode_validate(bytes)
        .map_err(|e| format!("abi.decode(bytes[]) reverts: {e}"))
}

/// `abi.decode(bytes, (uint256))`, of a 32-byte word.
fn uint(bytes: Option<&Bytes>, what: &str) -> Checked<usize> {
    let bytes = bytes.ok_or_else(|| format!("{what}: missing (index out of bounds)"))?;
    let word: [u8; 32] = bytes
        .as_ref()
        .try_into()
        .map_err(|_| format!("{what}: not a 32-byte uint256 word ({} bytes)", bytes.len()))?;
    let value = U256::from_be_bytes(word);
    usize::try_from(value).map_err(|_| format!("{what}: {value} is out of range"))
}

fn same(a: &[u8], b: &[u8]) -> bool {
    keccak256(a) == keccak256(b)
}

/// `Utils.isPlaceholder(bytes) && bytes[1:] == name`.
fn is_variable(bytes: &[u8], name: &[u8]) -> bool {
    bytes.len() < 20 && bytes.first() == Some(&b'V') && &bytes[1..] == name
}

/// The 32-byte word of an address.
fn address_word(address: Address) -> Bytes {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(address.as_slice());
    Bytes::copy_from_slice(&word)
}

impl<'a> Chain<'a> {
    /// The chain of `deployment` with no compiled predicate deployed.
    pub fn new(deployment: Deployment, store: &'a dyn WitnessStore) -> Chain<'a> {
        Chain {
            deployment,
            store,
            substitution: Substitution::Deep,
            ignore_has_decide_method: true,
            compiled: Vec::new(),
        }
    }

    /// Deploys the compiled predicates of a compiled-predicate JSON text, each at the
    /// deployment's address of its name.
    pub fn deploy_json(&mut self, json: &str) {
        let predicates: Vec<Value> = serde_json::from_str(json).expect("compiled-predicate JSON");
        for json in predicates {
            let name = json["name"].as_str().expect("a predicate's name");
            let address = self.deployment.compiled(name).expect("a compiled address");
            self.compiled.push(Compiled { address, json });
        }
    }

    /// What is deployed at `address`.
    pub fn kind(&self, address: Address) -> Kind {
        let c = &self.deployment.connectives;
        if address == c.not {
            Kind::Not
        } else if address == c.and {
            Kind::And
        } else if address == c.or {
            Kind::Or
        } else if address == c.for_all_such_that {
            Kind::ForAll
        } else if address == c.there_exists_such_that {
            Kind::ThereExists
        } else if let Some(i) = self.compiled.iter().position(|p| p.address == address) {
            Kind::Compiled(i)
        } else if let Some(a) = Atomic::ALL
            .into_iter()
            .find(|a| self.deployment.atomic(a.name()).ok() == Some(address))
        {
            Kind::Atomic(a)
        } else {
            Kind::Unknown
        }
    }

    fn not(&self, inner: Bytes) -> Property {
        Property::new(self.deployment.connectives.not, vec![inner])
    }

    // ---------------------------------------------------------------------------------------
    // isValidChallenge

    /// `challenge(property, challengeInputs, challenge)`'s check: the predicate's
    /// `isValidChallenge(property.inputs, challengeInputs, challenge)`.
    pub fn is_valid_challenge(
        &self,
        property: &Property,
        challenge_inputs: &[Bytes],
        challenge: &Property,
    ) -> Checked<()> {
        let inputs = &property.inputs;
        let connectives = &self.deployment.connectives;
        match self.kind(property.predicate_address) {
            Kind::Not => {
                let inner = inputs.first().ok_or("Not: the property has no input")?;
                if !same(inner, &challenge.encode()) {
                    return Err("Not: the challenge is not the inner property".into());
                }
                Ok(())
            }
            Kind::And => {
                let i = uint(challenge_inputs.first(), "And: challengeInputs[0]")?;
                let operand = inputs
                    .get(i)
                    .ok_or_else(|| format!("And: index {i} out of bounds ({} operands)", inputs.len()))?;
                if challenge.predicate_address != connectives.not {
                    return Err("And: the challenge is not a Not".into());
                }
                let negated = challenge
                    .inputs
                    .first()
                    .ok_or("And: the challenge Not has no input")?;
                if !same(operand, negated) {
                    return Err(format!("And: the challenge is not Not(operand {i})"));
                }
                Ok(())
            }
            Kind::Or => {
                if challenge.predicate_address != connectives.and {
                    return Err("Or: challenge must be And".into());
                }
                for (i, operand) in inputs.iter().enumerate() {
                    let conjunct = challenge
                        .inputs
                        .get(i)
                        .ok_or_else(|| format!("Or: the challenge has no conjunct {i} (out of bounds)"))?;
                    if !same(&self.not(operand.clone()).encode(), conjunct) {
                        return Err(format!(
                            "Or: inputs must be same (conjunct {i} is not Not(operand {i}))"
                        ));
                    }
                }
                Ok(())
            }
            Kind::ForAll => {
                if challenge.predicate_address != connectives.not {
                    return Err("ForAll: _challenge must be Not predicate".into());
                }
                let value = challenge_inputs
                    .first()
                    .ok_or("ForAll: no challenge input (out of bounds)")?;
                let (name, body) = match inputs.as_slice() {
                    [_, name, body, ..] => (name, body),
                    _ => return Err("ForAll: fewer than three inputs".into()),
                };
                let substituted = self.replace_variable(body, name, value, Kind::ForAll)?;
                let negated = challenge
                    .inputs
                    .first()
                    .ok_or("ForAll: the challenge Not has no input")?;
                if !same(&substituted, negated) {
                    return Err(format!(
                        "ForAll: must be valid inner property (expected Not({}))",
                        self.show(&substituted)
                    ));
                }
                Ok(())
            }
            Kind::ThereExists => {
                if challenge.predicate_address != connectives.for_all_such_that {
                    return Err("ThereExists: challenge must be ForAllSuchThat".into());
                }
                let (name, body) = match inputs.as_slice() {
                    [_, name, body, ..] => (name, body),
                    _ => return Err("ThereExists: fewer than three inputs".into()),
                };
                let variable = challenge
                    .inputs
                    .get(1)
                    .ok_or("ThereExists: the challenge has no variable")?;
                if !same(variable, name) {
                    return Err("ThereExists: variable must be same".into());
                }
                let negated = challenge
                    .inputs
                    .get(2)
                    .ok_or("ThereExists: the challenge has no body")?;
                if !same(negated, &self.not(body.clone()).encode()) {
                    return Err("ThereExists: inputs must be same".into());
                }
                Ok(())
            }
            Kind::Compiled(index) => {
                let child = self.get_child(index, inputs, challenge_inputs)?;
                if !same(&child.encode(), &challenge.encode()) {
                    return Err(format!(
                        "compiled: the challenge is not getChild(inputs, challengeInputs) = {}",
                        self.show(&child.encode())
                    ));
                }
                Ok(())
            }
            Kind::Atomic(a) => Err(format!("{}: an atomic predicate cannot be challenged", a.name())),
            Kind::Unknown => Err(format!("nothing is deployed at {}", property.predicate_address)),
        }
    }

    // ---------------------------------------------------------------------------------------
    // replaceVariable

    /// `replaceVariable(bytes, name, value)`, as the contract of kind `caller` (`ForAll` or
    /// `ThereExists`) does it under [`Chain::substitution`].
    pub fn replace_variable(&self, bytes: &[u8], name: &[u8], value: &Bytes, caller: Kind) -> Checked<Bytes> {
        if is_variable(bytes, name) {
            return Ok(value.clone());
        }
        if bytes.is_empty() {
            return Err("replaceVariable: isPlaceholder(0x) reverts".into());
        }
        let property = decode_property(bytes)?;
        match self.substitution {
            Substitution::Deep => self.replace_deep(property, name, value),
            Substitution::Reference => self.replace_reference(property, name, value, caller),
        }
    }

    fn replace_deep(&self, property: Property, name: &[u8], value: &Bytes) -> Checked<Bytes> {
        // An input of a connective: the placeholder, a property, or anything else, unchanged.
        let operand = |bytes: &Bytes| -> Checked<Bytes> {
            if is_variable(bytes, name) {
                return Ok(value.clone());
            }
            match decode_property(bytes) {
                Ok(inner) => self.replace_deep(inner, name, value),
                Err(_) => Ok(bytes.clone()),
            }
        };
        let mut inputs = property.inputs.clone();
        match self.kind(property.predicate_address) {
            Kind::Not | Kind::And | Kind::Or => {
                for input in &mut inputs {
                    *input = operand(input)?;
                }
            }
            Kind::ForAll | Kind::ThereExists => {
                if inputs.len() < 3 {
                    return Err("replaceVariable: a quantifier with fewer than three inputs".into());
                }
                if inputs[1].as_ref() != name {
                    inputs[0] = fill_hint(&inputs[0], name, value);
                    inputs[2] = operand(&inputs[2])?;
                }
            }
            _ => {
                for input in &mut inputs {
                    if is_variable(input, name) {
                        *input = value.clone();
                    }
                }
            }
        }
        Ok(encode(&Property::new(property.predicate_address, inputs)))
    }

    fn replace_reference(
        &self,
        property: Property,
        name: &[u8],
        value: &Bytes,
        caller: Kind,
    ) -> Checked<Bytes> {
        let recurse = |bytes: &Bytes| -> Checked<Bytes> {
            if is_variable(bytes, name) {
                return Ok(value.clone());
            }
            self.replace_reference(decode_property(bytes)?, name, value, caller)
        };
        let mut inputs = property.inputs.clone();
        let kind = self.kind(property.predicate_address);
        match kind {
            Kind::Not => {
                let first = inputs.first_mut().ok_or("replaceVariable: Not without input")?;
                *first = recurse(first)?;
            }
            Kind::And => {
                for input in &mut inputs {
                    *input = recurse(input)?;
                }
            }
            Kind::Or if caller == Kind::ThereExists => {
                for input in &mut inputs {
                    *input = recurse(input)?;
                }
            }
            _ if kind == caller => {
                let body = inputs
                    .get_mut(2)
                    .ok_or("replaceVariable: quantifier without body")?;
                *body = recurse(body)?;
            }
            _ => {
                for input in &mut inputs {
                    if input.is_empty() {
                        return Err("replaceVariable: isPlaceholder(0x) reverts".into());
                    }
                    if is_variable(input, name) {
                        *input = value.clone();
                    }
                }
            }
        }
        Ok(encode(&Property::new(property.predicate_address, inputs)))
    }

    // ---------------------------------------------------------------------------------------
    // decideWithWitness

    /// `decideWithWitness(property.inputs, witness)` of the property's predicate.
    pub fn decide_with_witness(&self, property: &Property, witness: &[Bytes]) -> Checked<bool> {
        let inputs = &property.inputs;
        match self.kind(property.predicate_address) {
            Kind::Not | Kind::ForAll => Ok(false),
            Kind::And => {
                for (i, operand) in inputs.iter().enumerate() {
                    let entry = witness
                        .get(i)
                        .ok_or_else(|| format!("And: no witness entry {i} (out of bounds)"))?;
                    let inner = decode_property(operand)?;
                    if !self.decide_with_witness(&inner, &decode_bytes_list(entry)?)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Kind::Or => {
                let i = uint(witness.first(), "Or: witness[0]")?;
                let operand = inputs
                    .get(i)
                    .ok_or("Or: witness must be smaller than inputs length")?;
                self.decide_with_witness(&decode_property(operand)?, &witness[1..])
            }
            Kind::ThereExists => {
                let value = witness.first().ok_or("ThereExists: no witness (out of bounds)")?;
                let (name, body) = match inputs.as_slice() {
                    [_, name, body, ..] => (name, body),
                    _ => return Err("ThereExists: fewer than three inputs".into()),
                };
                let body = self.replace_variable(body, name, value, Kind::ThereExists)?;
                self.decide_with_witness(&decode_property(&body)?, &witness[1..])
            }
            Kind::Atomic(a) => self.atomic(a, inputs),
            Kind::Compiled(index) => self.decide(index, inputs, witness),
            Kind::Unknown => Err(format!("nothing is deployed at {}", property.predicate_address)),
        }
    }

    fn atomic(&self, atomic: Atomic, inputs: &[Bytes]) -> Checked<bool> {
        let verdict = atomic::decide(atomic, inputs, self.store).map_err(|e| e.to_string())?;
        Ok(verdict.outcome == Outcome::True)
    }

    // ---------------------------------------------------------------------------------------
    // Compiled predicates, from their JSON

    /// The contract a compiled property's inputs select, and its inputs: the contract its
    /// leading label names, or `entry` (the `entryPoint` or `entryPointOfDecide` key) with all
    /// the inputs. `None` when the predicate has no such entry.
    fn dispatch<'p>(
        &'p self,
        index: usize,
        inputs: &[Bytes],
        entry: &str,
    ) -> Checked<Option<(&'p Value, Vec<Bytes>)>> {
        let predicate = &self.compiled[index].json;
        let contracts = predicate["contracts"].as_array().ok_or("JSON: no contracts")?;
        let find = |name: &str| contracts.iter().find(|c| c["name"].as_str() == Some(name));
        match inputs.first() {
            Some(first) if first.is_empty() => Err("isLabel(0x) reverts".into()),
            Some(first) if first.len() < 20 && first[0] == b'L' => {
                let name = std::str::from_utf8(&first[1..]).map_err(|_| "a label that is not UTF-8")?;
                let contract = find(name).ok_or_else(|| format!("no contract is labelled {name}"))?;
                Ok(Some((contract, inputs[1..].to_vec())))
            }
            _ => match predicate[entry].as_str() {
                Some(name) => {
                    let contract = find(name).ok_or_else(|| format!("JSON: no contract {name}"))?;
                    Ok(Some((contract, inputs.to_vec())))
                }
                None => Ok(None),
            },
        }
    }

    /// `getChild(property.inputs, challengeInputs)` of a compiled property.
    pub fn get_child_of(&self, property: &Property, challenge_inputs: &[Bytes]) -> Checked<Property> {
        match self.kind(property.predicate_address) {
            Kind::Compiled(index) => self.get_child(index, &property.inputs, challenge_inputs),
            other => Err(format!("not a compiled predicate: {other:?}")),
        }
    }

    /// `getChild(inputs, challengeInputs)` of the compiled predicate `index`.
    pub fn get_child(&self, index: usize, inputs: &[Bytes], challenge_inputs: &[Bytes]) -> Checked<Property> {
        let (contract, values) = self
            .dispatch(index, inputs, "entryPoint")?
            .ok_or("JSON: no entryPoint")?;
        let scope = Scope {
            predicate: index,
            values: &values,
            bound: None,
        };
        self.contract_child(&scope, contract, challenge_inputs)
    }

    /// The challenge of a property of the same predicate (a compiled child), with the rest of
    /// the challenge inputs.
    fn child_of_child(&self, scope: &Scope<'_>, child: &Bytes, rest: &[Bytes]) -> Checked<Property> {
        let child = decode_property(child)?;
        self.get_child(scope.predicate, &child.inputs, rest)
    }

    fn contract_child(&self, scope: &Scope<'_>, contract: &Value, ci: &[Bytes]) -> Checked<Property> {
        let operands = contract["inputs"].as_array().ok_or("JSON: no inputs")?;
        let connective = contract["connective"].as_str().ok_or("JSON: no connective")?;
        let rest = ci.get(1..).unwrap_or(&[]);
        match connective {
            "And" => {
                let i = uint(ci.first(), "And getChild: challengeInputs[0]")?;
                let operand = operands
                    .get(i)
                    .ok_or_else(|| format!("And getChild: index {i} out of bounds"))?;
                let child = self.proposition(scope, operand)?;
                if is_compiled(operand) {
                    self.child_of_child(scope, &child, rest)
                } else {
                    Ok(self.not(child))
                }
            }
            "Or" => {
                let negated = operands
                    .iter()
                    .map(|operand| Ok(encode(&self.not(self.proposition(scope, operand)?))))
                    .collect::<Checked<Vec<_>>>()?;
                Ok(Property::new(self.deployment.connectives.and, negated))
            }
            "Not" => decode_property(&self.proposition(scope, &operands[0])?),
            "ForAllSuchThat" => {
                let name = operands[1].as_str().ok_or("JSON: a quantifier's variable")?;
                let value = ci
                    .first()
                    .ok_or("ForAll getChild: no challenge input (out of bounds)")?;
                let bound = Scope {
                    bound: Some((name, value.clone())),
                    ..scope.clone()
                };
                let body = self.proposition(&bound, &operands[2])?;
                if is_compiled(&operands[2]) {
                    self.child_of_child(scope, &body, rest)
                } else {
                    Ok(self.not(body))
                }
            }
            "ThereExistsSuchThat" => {
                let hint = self.fill_hint(scope, contract, operands[0].as_str().ok_or("JSON: a hint")?)?;
                let name = operands[1].as_str().ok_or("JSON: a quantifier's variable")?;
                let body = self.proposition(scope, &operands[2])?;
                Ok(Property::new(
                    self.deployment.connectives.for_all_such_that,
                    vec![
                        Bytes::copy_from_slice(hint.as_bytes()),
                        Bytes::copy_from_slice(name.as_bytes()),
                        encode(&self.not(body)),
                    ],
                ))
            }
            other => Err(format!("JSON: unknown connective {other}")),
        }
    }

    /// Whether a compiled property can be decided with a witness at all: the contract it
    /// selects has a decide method (`entryPointOfDecide` for a property without a label).
    pub fn has_decide_method(&self, property: &Property) -> bool {
        let Kind::Compiled(index) = self.kind(property.predicate_address) else {
            return true;
        };
        matches!(
            self.dispatch(index, &property.inputs, "entryPointOfDecide"),
            Ok(Some((contract, _))) if contract["hasDecideMethod"].as_bool() == Some(true)
        )
    }

    /// `decide(inputs, witness)` of the compiled predicate `index`.
    pub fn decide(&self, index: usize, inputs: &[Bytes], witness: &[Bytes]) -> Checked<bool> {
        let entry = if self.ignore_has_decide_method {
            "entryPoint"
        } else {
            "entryPointOfDecide"
        };
        let Some((contract, values)) = self.dispatch(index, inputs, entry)? else {
            return Ok(false);
        };
        let scope = Scope {
            predicate: index,
            values: &values,
            bound: None,
        };
        self.contract_decide(&scope, contract, witness)
    }

    fn contract_decide(&self, scope: &Scope<'_>, contract: &Value, witness: &[Bytes]) -> Checked<bool> {
        if contract["hasDecideMethod"].as_bool() != Some(true) && !self.ignore_has_decide_method {
            return Ok(false);
        }
        let operands = contract["inputs"].as_array().ok_or("JSON: no inputs")?;
        let connective = contract["connective"].as_str().ok_or("JSON: no connective")?;
        let rest = witness.get(1..).unwrap_or(&[]);
        match connective {
            "And" => {
                for (i, operand) in operands.iter().enumerate() {
                    let child = decode_property(&self.proposition(scope, operand)?)?;
                    let holds = if is_atomic(operand) {
                        self.decide_with_witness(&child, &[])?
                    } else {
                        let entry = witness
                            .get(i)
                            .ok_or_else(|| format!("And decide: no witness entry {i} (out of bounds)"))?;
                        self.decide_with_witness(&child, &decode_bytes_list(entry)?)?
                    };
                    if !holds {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            "Or" => {
                let i = uint(witness.first(), "Or decide: witness[0]")?;
                let operand = operands
                    .get(i)
                    .ok_or_else(|| format!("Or decide: index {i} out of bounds"))?;
                let child = decode_property(&self.proposition(scope, operand)?)?;
                self.decide_with_witness(&child, rest)
            }
            "ThereExistsSuchThat" => {
                let name = operands[1].as_str().ok_or("JSON: a quantifier's variable")?;
                let value = witness
                    .first()
                    .ok_or("ThereExists decide: no witness (out of bounds)")?;
                let bound = Scope {
                    bound: Some((name, value.clone())),
                    ..scope.clone()
                };
                let body = decode_property(&self.proposition(&bound, &operands[2])?)?;
                self.decide_with_witness(&body, rest)
            }
            "ForAllSuchThat" | "Not" => Ok(false),
            other => Err(format!("JSON: unknown connective {other}")),
        }
    }

    /// The encoded property a proposition stands for in `scope`.
    fn proposition(&self, scope: &Scope<'_>, proposition: &Value) -> Checked<Bytes> {
        let args = proposition["inputs"]
            .as_array()
            .ok_or("JSON: a proposition without inputs")?
            .iter()
            .map(|input| self.input(scope, input))
            .collect::<Checked<Vec<_>>>()?;
        let predicate = &proposition["predicate"];
        let source = || predicate["source"].as_str().ok_or("JSON: a call without source");
        let append = |called: Bytes| -> Checked<Bytes> {
            if args.is_empty() {
                return Ok(called);
            }
            let mut property = decode_property(&called)?;
            property.inputs.extend(args.iter().cloned());
            Ok(encode(&property))
        };
        match predicate["type"].as_str() {
            Some("AtomicPredicateCall") if is_compiled(proposition) => Ok(encode(&Property::new(
                self.compiled[scope.predicate].address,
                args,
            ))),
            Some("AtomicPredicateCall") => {
                let address = self.deployment.atomic(source()?).map_err(|e| e.to_string())?;
                Ok(encode(&Property::new(address, args)))
            }
            Some("CompiledPredicateCall") => {
                let address = self.deployment.compiled(source()?).map_err(|e| e.to_string())?;
                Ok(encode(&Property::new(address, args)))
            }
            Some("InputPredicateCall") | Some("VariablePredicateCall") => {
                append(self.input(scope, &predicate["source"])?)
            }
            other => Err(format!("JSON: unknown predicate call {other:?}")),
        }
    }

    /// The value of a compiled input in `scope`.
    fn input(&self, scope: &Scope<'_>, input: &Value) -> Checked<Bytes> {
        let children = || -> Vec<i64> {
            input["children"]
                .as_array()
                .map(|c| c.iter().filter_map(Value::as_i64).collect())
                .unwrap_or_default()
        };
        match input["type"].as_str() {
            Some("NormalInput") => {
                let i = input["inputIndex"].as_u64().ok_or("JSON: inputIndex")? as usize;
                let value = i
                    .checked_sub(1)
                    .and_then(|i| scope.values.get(i))
                    .ok_or_else(|| format!("_inputs[{i} - 1] is out of bounds"))?;
                children_of(value.clone(), &children())
            }
            Some("VariableInput") => {
                let name = input["placeholder"].as_str().ok_or("JSON: placeholder")?;
                match &scope.bound {
                    Some((bound, value)) if *bound == name => children_of(value.clone(), &children()),
                    _ if children().is_empty() => Ok(Bytes::from([b"V", name.as_bytes()].concat())),
                    _ => Err(format!("a child of the unbound variable {name}")),
                }
            }
            Some("LabelInput") => {
                let label = input["label"].as_str().ok_or("JSON: label")?;
                Ok(Bytes::from([b"L", label.as_bytes()].concat()))
            }
            Some("ConstantInput") => {
                let name = input["name"].as_str().ok_or("JSON: constant name")?;
                let value = self.deployment.constant_bytes(name).map_err(|e| e.to_string())?;
                children_of(value, &children())
            }
            Some("SelfInput") => match children().split_first() {
                Some((-1, rest)) => children_of(address_word(self.compiled[scope.predicate].address), rest),
                _ => Err("SelfInput without .address".into()),
            },
            Some("LiteralInput") => {
                let text = input["value"].as_str().ok_or("JSON: literal value")?;
                let value = hex::decode(text).map_err(|e| format!("JSON: literal {text}: {e}"))?;
                children_of(value.into(), &children())
            }
            other => Err(format!("JSON: unknown input {other:?}")),
        }
    }

    /// A quantifier contract's hint with its `${…}` written in as `0x` and lower-case hex.
    fn fill_hint(&self, scope: &Scope<'_>, contract: &Value, hint: &str) -> Checked<String> {
        let defs: Vec<&str> = contract["inputDefs"]
            .as_array()
            .ok_or("JSON: inputDefs")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let mut out = String::new();
        let mut rest = hint;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').ok_or("hint: an unclosed ${")? + start;
            let path = &rest[start + 2..end];
            let mut parts = path.split('.');
            let head = parts.next().unwrap_or_default();
            let children = parts
                .map(|p| {
                    if p == "address" {
                        Ok(-1)
                    } else {
                        p.parse::<i64>().map_err(|e| e.to_string())
                    }
                })
                .collect::<Checked<Vec<_>>>()?;
            let value = if let Some(name) = head.strip_prefix('$') {
                let value = self.deployment.constant_bytes(name).map_err(|e| e.to_string())?;
                children_of(value, &children)?
            } else if head == "self" {
                match children.split_first() {
                    Some((-1, more)) => {
                        children_of(address_word(self.compiled[scope.predicate].address), more)?
                    }
                    _ => return Err("hint: ${self} without .address".into()),
                }
            } else {
                let position = defs
                    .iter()
                    .skip(1)
                    .position(|d| *d == head)
                    .ok_or_else(|| format!("hint: ${{{head}}} is not an input of {}", defs[0]))?;
                let value = scope
                    .values
                    .get(position)
                    .ok_or_else(|| format!("hint: input {position} out of bounds"))?;
                children_of(value.clone(), &children)?
            };
            out.push_str(&format!("0x{}", hex::encode(value)));
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A short description of a property for messages.
    pub fn show(&self, bytes: &[u8]) -> String {
        match decode_property(bytes) {
            Err(_) => format!("0x{}", hex::encode(bytes)),
            Ok(p) => {
                let name = match self.kind(p.predicate_address) {
                    Kind::Atomic(a) => a.name().to_owned(),
                    Kind::Compiled(i) => self.compiled[i].json["name"].as_str().unwrap_or("?").to_owned(),
                    Kind::Unknown => p.predicate_address.to_string(),
                    other => format!("{other:?}"),
                };
                let inputs: Vec<String> = p
                    .inputs
                    .iter()
                    .map(|i| {
                        if i.len() < 20 && i.first().is_some_and(|b| *b == b'V' || *b == b'L') {
                            String::from_utf8_lossy(i).into_owned()
                        } else if decode_property(i).is_ok() {
                            self.show(i)
                        } else if !i.is_empty() && i.iter().all(|b| b.is_ascii_graphic()) {
                            format!("{:?}", String::from_utf8_lossy(i))
                        } else if i.len() == 32 && i[..31].iter().all(|b| *b == 0) {
                            format!("#{}", i[31])
                        } else {
                            format!("0x{}", hex::encode(i))
                        }
                    })
                    .collect();
                format!("{name}({})", inputs.join(", "))
            }
        }
    }
}

/// Where a contract's inputs are read: its predicate, its inputs (after the label), and the
/// value its quantifier's variable is bound to, if it is.
#[derive(Clone)]
struct Scope<'v> {
    predicate: usize,
    values: &'v [Bytes],
    bound: Option<(&'v str, Bytes)>,
}

fn is_compiled(proposition: &Value) -> bool {
    proposition["isCompiled"].as_bool() == Some(true)
}

fn is_atomic(proposition: &Value) -> bool {
    proposition["predicate"]["type"].as_str() == Some("AtomicPredicateCall") && !is_compiled(proposition)
}

/// Child accesses: `N` the N-th input of the property in the value, `-1` its address word.
fn children_of(mut value: Bytes, children: &[i64]) -> Checked<Bytes> {
    for &child in children {
        let property = decode_property(&value)?;
        value = if child == -1 {
            address_word(property.predicate_address)
        } else {
            property
                .inputs
                .get(child as usize)
                .ok_or_else(|| format!("child .{child} out of bounds"))?
                .clone()
        };
    }
    Ok(value)
}

/// The deep rule writes the value into a nested quantifier's hint: every `${name}` becomes
/// `0x` and the value's lower-case hex, and `${name.i.j}` / `${name.address}` the hex of that
/// child of the property the value holds (left as written if it has no such child).
fn fill_hint(hint: &Bytes, name: &[u8], value: &Bytes) -> Bytes {
    let (Ok(text), Ok(name)) = (std::str::from_utf8(hint), std::str::from_utf8(name)) else {
        return hint.clone();
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else { break };
        let inner = &rest[start + 2..start + len];
        out.push_str(&rest[..start]);
        let mut pieces = inner.split('.');
        let filled = if pieces.next() == Some(name) {
            let mut current = Some(value.clone());
            for piece in pieces {
                current = current.and_then(|bytes| {
                    let property = decode_property(&bytes).ok()?;
                    match piece {
                        "address" => Some(ovm_abi::input::address_word(property.predicate_address)),
                        index => property.inputs.get(index.parse::<usize>().ok()?).cloned(),
                    }
                });
            }
            current
        } else {
            None
        };
        match filled {
            Some(bytes) => out.push_str(&ovm_abi::hex::encode_prefixed(&bytes)),
            None => out.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Bytes::from(out.into_bytes())
}
