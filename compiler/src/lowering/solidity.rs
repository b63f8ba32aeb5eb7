//! Solidity: one compiled-predicate contract per predicate of a program, for the Universal
//! Adjudication Contract.
//!
//! The contracts are written from the engine's program (the compiled-predicate model of
//! [`super::program`]), so they have exactly the labels, values and operands the compiled JSON
//! and the engine have. Each implements the compiled-predicate interface of adjudicator.md §3.4:
//!
//! - `decide(inputs, witness)` and `decideWithWitness` (the same function): the label
//!   dispatch of language.md §8 (a first input that is a label selects that contract with the
//!   rest of the inputs; anything else is the entry point with all of them), then per
//!   connective: `And` decides every operand (an atomic one without a witness, any other with
//!   its witness entry `abi.decode(witness[i], (bytes[]))`), `Or` the operand `witness[0]`
//!   names with the rest of the witness, `ThereExistsSuchThat` its body with the bound variable
//!   `witness[0]` and the rest of the witness; `Not` and `ForAllSuchThat` are never decided
//!   with a witness (false). Every operand is decided through its predicate's
//!   `decideWithWitness`, a contract of the same predicate through this contract.
//! - `decideTrue(inputs, witness)`: `decide`, then records the property True.
//! - `getChild(inputs, challengeInputs)`, the valid challenge: `And` → `Not` of operand
//!   `challengeInputs[0]` (or, for a contract of the same predicate, its own challenge with the
//!   rest of the challenge inputs), `Or` → `And` of every operand's `Not`, `Not` → the operand,
//!   `ForAllSuchThat` → `Not` of the body with the variable bound to `challengeInputs[0]` (or
//!   the body's own challenge), `ThereExistsSuchThat` → `ForAllSuchThat(hint, variable,
//!   Not(body))` with the known values written into the hint.
//! - `isValidChallenge(inputs, challengeInputs, challenge)`: the challenge is `getChild`'s.
//!
//! The old generator's defects are not repeated (docs/compiled-json.md): the `ThereExists`
//! challenge keeps its hint, child accesses work at any depth, and no input index is out of
//! range by construction.
//!
//! A generated file is self-contained: it declares the `Property` struct and the three small
//! interfaces it calls (the adjudicator's `setPredicateDecision`, `decideWithWitness`, and two
//! functions of the deployed `Utils`), so it compiles on its own with solc [`SOLC_VERSION`].
//! The constructor takes the addresses and the constants [`constructor_params`] lists, as two
//! arrays in that order; constants are kept in storage, addresses are immutable.

use ovm_abi::Type;
use ovm_engine::program::{
    Arg, ArgSource, Call, Child, Connective, Contract, HintPart, Operand, Predicate, Program,
};
use std::fmt::Write as _;
use thiserror::Error;

/// The solc version the generated contracts are written for and tested with.
pub const SOLC_VERSION: &str = "0.8.28";

/// The names a generated file declares besides its contracts; a predicate cannot have them.
pub const RESERVED_NAMES: [&str; 4] = ["OvmTypes", "IOvmAdjudicator", "IOvmDecidable", "IOvmUtils"];

/// Why a program cannot be written as Solidity.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SolidityError {
    /// A predicate's compiled name is one the generated file declares itself.
    #[error(
        "the predicate `{0}` cannot be written as Solidity: the generated file declares `{0}` itself; rename the predicate"
    )]
    ReservedName(String),
}

/// One constructor parameter of a generated contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstructorParam {
    /// The Universal Adjudication Contract.
    Adjudicator,
    /// The deployed `Utils`.
    Utils,
    /// A logical connective (`Not`, `And` and `ForAllSuchThat`, which challenges are made of).
    Connective(Connective),
    /// An atomic predicate, by name.
    Atomic(String),
    /// Another compiled predicate, by its compiled name.
    Compiled(String),
    /// A deployment constant, by name (without `$`), as the bytes of a value of the type.
    Constant(String, Type),
}

impl ConstructorParam {
    /// What the parameter is, for the constructor's documentation.
    pub fn describe(&self) -> String {
        match self {
            ConstructorParam::Adjudicator => "the Universal Adjudication Contract".into(),
            ConstructorParam::Utils => "`Utils`".into(),
            ConstructorParam::Connective(c) => format!("the connective `{}`", c.contract_name()),
            ConstructorParam::Atomic(name) => format!("the atomic predicate `{name}`"),
            ConstructorParam::Compiled(name) => format!("the compiled predicate `{name}`"),
            ConstructorParam::Constant(name, ty) => format!("the constant `${name}` as a `{ty}`"),
        }
    }
}

/// What a predicate's generated constructor takes, in order: the adjudicator, `Utils`, `Not`,
/// `And`, `ForAllSuchThat` (the reference's order), then the atomic predicates, the other
/// compiled predicates and the constants, each in order of first use. The constructor takes
/// the addresses as `address[] _addresses` and the constants as `bytes[] _constants`, each in
/// this order.
pub fn constructor_params(predicate: &Predicate) -> Vec<ConstructorParam> {
    let mut params = vec![
        ConstructorParam::Adjudicator,
        ConstructorParam::Utils,
        ConstructorParam::Connective(Connective::Not),
        ConstructorParam::Connective(Connective::And),
        ConstructorParam::Connective(Connective::ForAll),
    ];
    let mut atomics = Vec::new();
    let mut compiled = Vec::new();
    let mut constants = Vec::new();
    let add = |list: &mut Vec<ConstructorParam>, param: ConstructorParam| {
        if !list.contains(&param) {
            list.push(param);
        }
    };
    for contract in &predicate.contracts {
        let hint_args = contract
            .quantifier
            .iter()
            .flat_map(|q| &q.hint)
            .filter_map(|part| match part {
                HintPart::Value(arg) => Some(arg),
                HintPart::Text(_) => None,
            });
        let mut args: Vec<&Arg> = hint_args.collect();
        for operand in &contract.operands {
            match &operand.call {
                Call::Atomic(name) => add(&mut atomics, ConstructorParam::Atomic(name.clone())),
                Call::Compiled(name) => add(&mut compiled, ConstructorParam::Compiled(name.clone())),
                Call::Property(arg) => args.push(arg),
                Call::Contract(_) | Call::Address(_) => {}
            }
            args.extend(&operand.args);
        }
        for arg in args {
            if let ArgSource::Constant(name, ty) = &arg.source {
                add(&mut constants, ConstructorParam::Constant(name.clone(), *ty));
            }
        }
    }
    params.extend(atomics);
    params.extend(compiled);
    params.extend(constants);
    params
}

/// The Solidity source of a program's compiled predicates. `source` names the file they were
/// compiled from, for the header comment.
pub fn generate(program: &Program, source: &str) -> Result<String, SolidityError> {
    for predicate in &program.predicates {
        if RESERVED_NAMES.contains(&predicate.name.as_str()) {
            return Err(SolidityError::ReservedName(predicate.name.clone()));
        }
    }
    let mut out = String::new();
    let version = env!("CARGO_PKG_VERSION");
    let _ = write!(
        out,
        "\
// SPDX-License-Identifier: MIT
// Generated by ovm {version} from `{source}`: one compiled predicate per definition.
// Do not edit; regenerate with `ovm build {source} --emit solidity`.
pragma solidity ^{SOLC_VERSION};

/// The types compiled predicates share with the adjudicator.
library OvmTypes {{
    /// A predicate applied to ABI-encoded inputs; its id is `keccak256(abi.encode(property))`.
    struct Property {{
        address predicateAddress;
        bytes[] inputs;
    }}
}}

/// What compiled predicates need of the Universal Adjudication Contract.
interface IOvmAdjudicator {{
    function setPredicateDecision(OvmTypes.Property calldata _property, bool _decision) external;
}}

/// Any predicate: connectives, atomic and compiled predicates all decide with a witness.
interface IOvmDecidable {{
    function decideWithWitness(bytes[] calldata _inputs, bytes[] calldata _witness) external view returns (bool);
}}

/// What compiled predicates need of the deployed `Utils`.
interface IOvmUtils {{
    function isLabel(bytes calldata _b) external pure returns (bool);

    function toHex(bytes calldata _b) external pure returns (bytes memory);
}}
"
    );
    for predicate in &program.predicates {
        out.push('\n');
        out.push_str(&contract_source(predicate));
    }
    Ok(out)
}

/// The Solidity of one predicate's contract, as [`generate`] writes it into a file (which
/// declares the types and interfaces it uses). A compiled artifact holds the source it was
/// compiled from, so that a client can check it is the contract of the predicate it has.
pub fn contract_source(predicate: &Predicate) -> String {
    let mut out = String::new();
    let params = constructor_params(predicate);
    let mut writer = Writer {
        predicate,
        params: &params,
        out: &mut out,
    };
    writer.predicate();
    out
}

/// The Solidity identifier of a constructor parameter's state variable.
fn variable(param: &ConstructorParam, params: &[ConstructorParam]) -> String {
    match param {
        ConstructorParam::Adjudicator => "adjudicationContract".into(),
        ConstructorParam::Utils => "utils".into(),
        ConstructorParam::Connective(c) => format!("{}Address", lower_first(c.contract_name())),
        ConstructorParam::Atomic(name) | ConstructorParam::Compiled(name) => format!("{name}Address"),
        ConstructorParam::Constant(name, ty) => {
            let types = params
                .iter()
                .filter(|p| matches!(p, ConstructorParam::Constant(n, _) if n == name))
                .count();
            if types > 1 {
                format!("constant_{name}_{ty}")
            } else {
                format!("constant_{name}")
            }
        }
    }
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A Solidity expression of type `bytes memory` for literal bytes: a string literal when they
/// are printable ASCII without quotes or backslashes, else a hex literal.
fn bytes_literal(bytes: &[u8]) -> String {
    if bytes
        .iter()
        .all(|b| (0x20..0x7f).contains(b) && *b != b'"' && *b != b'\\')
    {
        format!("bytes(\"{}\")", String::from_utf8_lossy(bytes))
    } else {
        format!("bytes(hex\"{}\")", ovm_abi::hex::encode(bytes))
    }
}

/// Writes one predicate's contract.
struct Writer<'a> {
    predicate: &'a Predicate,
    /// Its [`constructor_params`].
    params: &'a [ConstructorParam],
    out: &'a mut String,
}

impl<'a> Writer<'a> {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn var(&self, param: &ConstructorParam) -> String {
        variable(param, self.params)
    }

    fn predicate(&mut self) {
        let p = self.predicate;
        let signature: Vec<String> = p.params.iter().map(|x| format!("{}: {}", x.name, x.ty)).collect();
        self.line(
            0,
            &format!(
                "/// The compiled predicate `{}({})`.",
                p.name,
                signature.join(", ")
            ),
        );
        self.line(0, &format!("contract {} {{", p.name));
        self.state();
        self.constructor();
        self.entry_points();
        self.dispatch();
        for contract in &p.contracts {
            self.contract(contract);
        }
        self.helpers();
        self.line(0, "}");
    }

    fn state(&mut self) {
        for param in self.params {
            let name = self.var(param);
            let declaration = match param {
                ConstructorParam::Adjudicator => format!("IOvmAdjudicator public immutable {name};"),
                ConstructorParam::Utils => format!("IOvmUtils public immutable {name};"),
                ConstructorParam::Constant(..) => format!("bytes public {name};"),
                _ => format!("address public immutable {name};"),
            };
            self.line(1, &declaration);
        }
        self.out.push('\n');
        for contract in &self.predicate.contracts {
            let label = format!("L{}", contract.label);
            self.line(
                1,
                &format!("bytes private constant LABEL_{} = \"{label}\";", contract.label),
            );
        }
        self.out.push('\n');
    }

    fn constructor(&mut self) {
        let (constants, addresses): (Vec<&ConstructorParam>, Vec<&ConstructorParam>) = self
            .params
            .iter()
            .partition(|p| matches!(p, ConstructorParam::Constant(..)));
        self.line(
            1,
            "/// Where the predicates it uses are deployed, and the deployment constants:",
        );
        for (i, param) in addresses.iter().enumerate() {
            self.line(1, &format!("/// `_addresses[{i}]` {}", param.describe()));
        }
        for (i, param) in constants.iter().enumerate() {
            self.line(1, &format!("/// `_constants[{i}]` {}", param.describe()));
        }
        self.line(
            1,
            "constructor(address[] memory _addresses, bytes[] memory _constants) {",
        );
        self.line(
            2,
            &format!(
                "require(_addresses.length == {} && _constants.length == {}, \"expected {} addresses and {} constants\");",
                addresses.len(),
                constants.len(),
                addresses.len(),
                constants.len()
            ),
        );
        for (i, param) in addresses.iter().enumerate() {
            let name = self.var(param);
            let value = match param {
                ConstructorParam::Adjudicator => format!("IOvmAdjudicator(_addresses[{i}])"),
                ConstructorParam::Utils => format!("IOvmUtils(_addresses[{i}])"),
                _ => format!("_addresses[{i}]"),
            };
            self.line(2, &format!("{name} = {value};"));
        }
        for (i, param) in constants.iter().enumerate() {
            let name = self.var(param);
            self.line(2, &format!("{name} = _constants[{i}];"));
        }
        self.line(1, "}");
        self.out.push('\n');
    }

    fn entry_points(&mut self) {
        let contracts = &self.predicate.contracts;
        self.line(
            1,
            "/// Whether the property `(this, inputs)` is true with the witness.",
        );
        self.line(
            1,
            "function decide(bytes[] memory _inputs, bytes[] memory _witness) public view returns (bool) {",
        );
        self.line(
            2,
            "(uint256 selected, bytes[] memory values) = _dispatch(_inputs);",
        );
        for (index, contract) in contracts.iter().enumerate() {
            self.line(
                2,
                &format!(
                    "if (selected == {index}) return _decide{}(values, _witness);",
                    contract.label
                ),
            );
        }
        self.line(2, "revert(\"no such contract\");");
        self.line(1, "}");
        self.out.push('\n');
        self.line(
            1,
            "/// `decide`, under the name the adjudicator and the connectives call.",
        );
        self.line(
            1,
            "function decideWithWitness(bytes[] memory _inputs, bytes[] memory _witness) public view returns (bool) {",
        );
        self.line(2, "return decide(_inputs, _witness);");
        self.line(1, "}");
        self.out.push('\n');
        self.line(
            1,
            "/// Records the claimed property `(this, inputs)` True, if it is true with the witness.",
        );
        self.line(
            1,
            "function decideTrue(bytes[] memory _inputs, bytes[] memory _witness) public {",
        );
        self.line(2, "require(decide(_inputs, _witness), \"must decide true\");");
        self.line(
            2,
            "adjudicationContract.setPredicateDecision(OvmTypes.Property({predicateAddress: address(this), inputs: _inputs}), true);",
        );
        self.line(1, "}");
        self.out.push('\n');
        self.line(
            1,
            "/// The valid challenge of the property `(this, inputs)` with the challenge inputs.",
        );
        self.line(
            1,
            "function getChild(bytes[] memory _inputs, bytes[] memory _challengeInputs) public view returns (OvmTypes.Property memory) {",
        );
        self.line(
            2,
            "(uint256 selected, bytes[] memory values) = _dispatch(_inputs);",
        );
        for (index, contract) in contracts.iter().enumerate() {
            self.line(
                2,
                &format!(
                    "if (selected == {index}) return _getChild{}(values, _challengeInputs);",
                    contract.label
                ),
            );
        }
        self.line(2, "revert(\"no such contract\");");
        self.line(1, "}");
        self.out.push('\n');
        self.line(
            1,
            "/// Whether the challenge is the valid challenge (`getChild`); reverts if not.",
        );
        self.line(1, "function isValidChallenge(");
        self.line(2, "bytes[] memory _inputs,");
        self.line(2, "bytes[] memory _challengeInputs,");
        self.line(2, "OvmTypes.Property memory _challenge");
        self.line(1, ") public view returns (bool) {");
        self.line(2, "require(");
        self.line(
            3,
            "keccak256(abi.encode(getChild(_inputs, _challengeInputs))) == keccak256(abi.encode(_challenge)),",
        );
        self.line(3, "\"_challenge is not valid\"");
        self.line(2, ");");
        self.line(2, "return true;");
        self.line(1, "}");
        self.out.push('\n');
    }

    fn dispatch(&mut self) {
        let contracts = &self.predicate.contracts;
        self.line(
            1,
            "/// The contract a property's inputs select, and its values: the one its leading label names,",
        );
        self.line(1, "/// or the entry point with all the inputs.");
        self.line(
            1,
            "function _dispatch(bytes[] memory _inputs) private view returns (uint256, bytes[] memory) {",
        );
        self.line(
            2,
            &format!(
                "if (_inputs.length == 0 || !utils.isLabel(_inputs[0])) return ({}, _inputs);",
                self.predicate.entry
            ),
        );
        self.line(2, "bytes32 label = keccak256(_inputs[0]);");
        self.line(2, "bytes[] memory values = _tail(_inputs);");
        for (index, contract) in contracts.iter().enumerate() {
            self.line(
                2,
                &format!(
                    "if (label == keccak256(LABEL_{})) return ({index}, values);",
                    contract.label
                ),
            );
        }
        self.line(2, "revert(\"unknown label\");");
        self.line(1, "}");
        self.out.push('\n');
    }

    /// One contract: its decide, its challenge and its operands.
    fn contract(&mut self, contract: &Contract) {
        self.line(1, &format!("// {}: {}", contract.label, describe(contract)));
        self.decide_function(contract);
        self.child_function(contract);
        for (k, operand) in contract.operands.iter().enumerate() {
            self.operand_function(contract, k, operand);
        }
    }

    fn decide_function(&mut self, contract: &Contract) {
        let label = &contract.label;
        let mutability = match contract.connective {
            Connective::Not | Connective::ForAll => "pure",
            _ => "view",
        };
        self.line(
            1,
            &format!(
                "function _decide{label}(bytes[] memory _values, bytes[] memory _witness) private {mutability} returns (bool) {{"
            ),
        );
        match contract.connective {
            Connective::And => {
                if contract
                    .operands
                    .iter()
                    .all(|o| matches!(o.call, Call::Atomic(_)))
                {
                    self.line(2, "_witness;");
                }
                for (k, operand) in contract.operands.iter().enumerate() {
                    let witness = if matches!(operand.call, Call::Atomic(_)) {
                        "new bytes[](0)".to_string()
                    } else {
                        format!("_witnessEntry(_witness, {k})")
                    };
                    self.line(
                        2,
                        &format!(
                            "if (!_decideProperty(_{label}_{k}(_values, \"\"), {witness})) return false;"
                        ),
                    );
                }
                self.line(2, "return true;");
            }
            Connective::Or => {
                self.line(2, "uint256 index = _index(_witness, \"Or: witness[0]\");");
                for k in 0..contract.operands.len() {
                    self.line(
                        2,
                        &format!("if (index == {k}) return _decideProperty(_{label}_{k}(_values, \"\"), _tail(_witness));"),
                    );
                }
                self.line(2, "revert(\"Or: the witness index is out of bounds\");");
            }
            Connective::ThereExists => {
                self.line(2, "require(_witness.length > 0, \"ThereExists: no witness\");");
                self.line(
                    2,
                    &format!("return _decideProperty(_{label}_0(_values, _witness[0]), _tail(_witness));"),
                );
            }
            Connective::Not | Connective::ForAll => {
                self.line(2, "_values;");
                self.line(2, "_witness;");
                self.line(2, "return false;");
            }
        }
        self.line(1, "}");
        self.out.push('\n');
    }

    fn child_function(&mut self, contract: &Contract) {
        let label = &contract.label;
        let mutability = match contract.connective {
            Connective::Not if !reads_state(&contract.operands[0]) => "pure",
            _ => "view",
        };
        self.line(
            1,
            &format!(
                "function _getChild{label}(bytes[] memory _values, bytes[] memory _challengeInputs) private {mutability} returns (OvmTypes.Property memory) {{"
            ),
        );
        // The challenge of an operand: its own challenge when it is a contract of this
        // predicate, else its negation.
        let challenge_of = |k: usize, bound: &str| -> String {
            let operand = &contract.operands[k];
            let property = format!("_{label}_{k}(_values, {bound})");
            if matches!(operand.call, Call::Contract(_)) {
                format!("_childOfOwn({property}, _tail(_challengeInputs))")
            } else {
                format!("_not({property})")
            }
        };
        match contract.connective {
            Connective::And => {
                self.line(
                    2,
                    "uint256 index = _index(_challengeInputs, \"And: challengeInputs[0]\");",
                );
                for k in 0..contract.operands.len() {
                    let challenge = challenge_of(k, "\"\"");
                    self.line(2, &format!("if (index == {k}) return {challenge};"));
                }
                self.line(2, "revert(\"And: the challenge index is out of bounds\");");
            }
            Connective::Or => {
                let n = contract.operands.len();
                self.line(2, "_challengeInputs;");
                self.line(2, &format!("bytes[] memory negations = new bytes[]({n});"));
                for k in 0..n {
                    self.line(
                        2,
                        &format!("negations[{k}] = abi.encode(_not(_{label}_{k}(_values, \"\")));"),
                    );
                }
                self.line(
                    2,
                    "return OvmTypes.Property({predicateAddress: andAddress, inputs: negations});",
                );
            }
            Connective::Not => {
                self.line(2, "_challengeInputs;");
                self.line(
                    2,
                    &format!("return abi.decode(_{label}_0(_values, \"\"), (OvmTypes.Property));"),
                );
            }
            Connective::ForAll => {
                self.line(
                    2,
                    "require(_challengeInputs.length > 0, \"ForAll: no challenge input\");",
                );
                let challenge = challenge_of(0, "_challengeInputs[0]");
                self.line(2, &format!("return {challenge};"));
            }
            Connective::ThereExists => {
                let quantifier = contract
                    .quantifier
                    .as_ref()
                    .expect("a ThereExists contract has a quantifier");
                self.line(2, "_challengeInputs;");
                self.line(2, "bytes[] memory inputs = new bytes[](3);");
                let hint = self.hint(&quantifier.hint);
                self.line(2, &format!("inputs[0] = {hint};"));
                self.line(
                    2,
                    &format!("inputs[1] = {};", bytes_literal(quantifier.variable.as_bytes())),
                );
                let placeholder = format!("V{}", quantifier.variable);
                self.line(
                    2,
                    &format!(
                        "inputs[2] = abi.encode(_not(_{label}_0(_values, {})));",
                        bytes_literal(placeholder.as_bytes())
                    ),
                );
                self.line(
                    2,
                    "return OvmTypes.Property({predicateAddress: forAllSuchThatAddress, inputs: inputs});",
                );
            }
        }
        self.line(1, "}");
        self.out.push('\n');
    }

    /// The hint of a `ThereExistsSuchThat` challenge: its text with the values written in as
    /// `0x` and lower-case hex.
    fn hint(&self, parts: &[HintPart]) -> String {
        let pieces: Vec<String> = parts
            .iter()
            .map(|part| match part {
                HintPart::Text(text) => bytes_literal(text.as_bytes()),
                HintPart::Value(arg) => format!("utils.toHex({})", self.arg(arg)),
            })
            .collect();
        match pieces.len() {
            0 => "bytes(\"\")".to_string(),
            1 => pieces[0].clone(),
            _ => format!("bytes.concat({})", pieces.join(", ")),
        }
    }

    /// The encoded property of one operand, given the contract's values and the value of its
    /// bound variable (or the variable's placeholder).
    fn operand_function(&mut self, contract: &Contract, k: usize, operand: &Operand) {
        let label = &contract.label;
        let mutability = if reads_state(operand) { "view" } else { "pure" };
        self.line(
            1,
            &format!(
                "function _{label}_{k}(bytes[] memory _values, bytes memory _bound) private {mutability} returns (bytes memory) {{"
            ),
        );
        let sources = || {
            let called = match &operand.call {
                Call::Property(arg) => Some(arg),
                _ => None,
            };
            operand.args.iter().chain(called).map(|arg| &arg.source)
        };
        if !sources().any(|s| matches!(s, ArgSource::Value(_))) {
            self.line(2, "_values;");
        }
        if !sources().any(|s| matches!(s, ArgSource::Bound)) {
            self.line(2, "_bound;");
        }
        let args: Vec<String> = operand.args.iter().map(|a| self.arg(a)).collect();
        let (address, label) = match &operand.call {
            Call::Atomic(name) => (self.var(&ConstructorParam::Atomic(name.clone())), None),
            Call::Compiled(name) => (self.var(&ConstructorParam::Compiled(name.clone())), None),
            Call::Contract(j) => {
                let called = &self.predicate.contracts[*j as usize].label;
                ("address(this)".to_string(), Some(format!("LABEL_{called}")))
            }
            Call::Address(address) => (format!("{address}"), None),
            Call::Property(arg) => {
                let value = self.arg(arg);
                self.applied_property(&value, &args);
                self.line(1, "}");
                self.out.push('\n');
                return;
            }
        };
        let inputs: Vec<String> = label.into_iter().chain(args).collect();
        self.line(
            2,
            &format!("bytes[] memory inputs = new bytes[]({});", inputs.len()),
        );
        for (i, input) in inputs.iter().enumerate() {
            self.line(2, &format!("inputs[{i}] = {input};"));
        }
        self.line(
            2,
            &format!(
                "return abi.encode(OvmTypes.Property({{predicateAddress: {address}, inputs: inputs}}));"
            ),
        );
        self.line(1, "}");
        self.out.push('\n');
    }

    /// The body of an operand that calls the property a value holds: the value itself, or, with
    /// arguments, the property with the arguments appended to its inputs.
    fn applied_property(&mut self, value: &str, args: &[String]) {
        if args.is_empty() {
            self.line(2, &format!("return {value};"));
            return;
        }
        self.line(
            2,
            &format!("OvmTypes.Property memory called = abi.decode({value}, (OvmTypes.Property));"),
        );
        self.line(
            2,
            &format!(
                "bytes[] memory inputs = new bytes[](called.inputs.length + {});",
                args.len()
            ),
        );
        self.line(
            2,
            "for (uint256 i = 0; i < called.inputs.length; i++) inputs[i] = called.inputs[i];",
        );
        for (i, arg) in args.iter().enumerate() {
            self.line(2, &format!("inputs[called.inputs.length + {i}] = {arg};"));
        }
        self.line(
            2,
            "return abi.encode(OvmTypes.Property({predicateAddress: called.predicateAddress, inputs: inputs}));",
        );
    }

    /// The expression of an argument's value.
    fn arg(&self, arg: &Arg) -> String {
        let mut value = match &arg.source {
            ArgSource::Value(i) => format!("_values[{i}]"),
            ArgSource::Bound => "_bound".to_string(),
            ArgSource::Constant(name, ty) => self.var(&ConstructorParam::Constant(name.clone(), *ty)),
            ArgSource::SelfAddress => "abi.encode(address(this))".to_string(),
            ArgSource::Literal(bytes) => bytes_literal(bytes),
        };
        for child in &arg.path {
            value = match child {
                Child::Input(i) => format!("_child({value}, {i})"),
                Child::Address => format!("_addressOf({value})"),
            };
        }
        value
    }

    fn helpers(&mut self) {
        const HELPERS: &str = "
    /// Decides an encoded property through its predicate's `decideWithWitness`.
    function _decideProperty(bytes memory _property, bytes[] memory _witness) private view returns (bool) {
        OvmTypes.Property memory property = abi.decode(_property, (OvmTypes.Property));
        return IOvmDecidable(property.predicateAddress).decideWithWitness(property.inputs, _witness);
    }

    /// The challenge of a property of this predicate (a contract's operand), with the rest of
    /// the challenge inputs.
    function _childOfOwn(bytes memory _property, bytes[] memory _challengeInputs)
        private
        view
        returns (OvmTypes.Property memory)
    {
        OvmTypes.Property memory property = abi.decode(_property, (OvmTypes.Property));
        return getChild(property.inputs, _challengeInputs);
    }

    /// `Not(property)`.
    function _not(bytes memory _property) private view returns (OvmTypes.Property memory) {
        bytes[] memory inputs = new bytes[](1);
        inputs[0] = _property;
        return OvmTypes.Property({predicateAddress: notAddress, inputs: inputs});
    }

    /// The input `i` of the property a value holds.
    function _child(bytes memory _value, uint256 _i) private pure returns (bytes memory) {
        OvmTypes.Property memory property = abi.decode(_value, (OvmTypes.Property));
        require(_i < property.inputs.length, \"child access out of bounds\");
        return property.inputs[_i];
    }

    /// The predicate address of the property a value holds, as an ABI word.
    function _addressOf(bytes memory _value) private pure returns (bytes memory) {
        return abi.encode(abi.decode(_value, (OvmTypes.Property)).predicateAddress);
    }

    /// Everything after the first element.
    function _tail(bytes[] memory _list) private pure returns (bytes[] memory rest) {
        if (_list.length == 0) return _list;
        rest = new bytes[](_list.length - 1);
        for (uint256 i = 1; i < _list.length; i++) rest[i - 1] = _list[i];
    }

    /// `abi.decode(list[0], (uint256))`.
    function _index(bytes[] memory _list, string memory _what) private pure returns (uint256) {
        require(_list.length > 0, _what);
        return abi.decode(_list[0], (uint256));
    }

    /// The witness of an `And` operand: `abi.decode(witness[i], (bytes[]))`.
    function _witnessEntry(bytes[] memory _witness, uint256 _i) private pure returns (bytes[] memory) {
        require(_i < _witness.length, \"And: no witness entry\");
        return abi.decode(_witness[_i], (bytes[]));
    }
";
        self.out.push_str(HELPERS.trim_start_matches('\n'));
    }
}

/// Whether the encoded property of an operand reads the contract's state (an address or a
/// constant it was deployed with, or its own address), so that its function is `view`.
fn reads_state(operand: &Operand) -> bool {
    let arg_reads = |arg: &Arg| matches!(arg.source, ArgSource::Constant(..) | ArgSource::SelfAddress);
    let call_reads = match &operand.call {
        Call::Property(arg) => arg_reads(arg),
        Call::Address(_) => false,
        Call::Atomic(_) | Call::Compiled(_) | Call::Contract(_) => true,
    };
    call_reads || operand.args.iter().any(arg_reads)
}

/// A one-line description of a contract, for the comment above its functions.
fn describe(contract: &Contract) -> String {
    let operands = contract.operands.len();
    match (&contract.quantifier, contract.connective) {
        (Some(q), c) => format!("{} over {}", c.contract_name(), q.variable),
        (None, c) => format!(
            "{} of {} operand{}",
            c.contract_name(),
            operands,
            if operands == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lowering::program;
    use crate::{SourceMap, driver};

    /// The engine program of `source`, which must compile.
    fn program_of(source: &str) -> Program {
        let mut sources = SourceMap::new();
        let loaded = driver::load_bytes(&mut sources, "test.ovm".into(), source.as_bytes().to_vec()).unwrap();
        let (compilation, diagnostics) =
            driver::compile(&mut sources, loaded.file, None, driver::Options::default());
        let compilation = compilation.unwrap_or_else(|| panic!("does not compile: {diagnostics:?}"));
        program::lower(&compilation.ir)
    }

    #[test]
    fn constructor_params_are_the_reference_prefix_then_first_uses() {
        let program = program_of(
            "def f(a: Bytes, b: BigNumber) := IsLessThan(b, $limit) and Equal(a, $tag) and IsLessThan(b, $limit) and Equal(a, a)",
        );
        let params = constructor_params(&program.predicates[0]);
        assert_eq!(
            params,
            vec![
                ConstructorParam::Adjudicator,
                ConstructorParam::Utils,
                ConstructorParam::Connective(Connective::Not),
                ConstructorParam::Connective(Connective::And),
                ConstructorParam::Connective(Connective::ForAll),
                ConstructorParam::Atomic("IsLessThan".into()),
                ConstructorParam::Atomic("Equal".into()),
                ConstructorParam::Constant("limit".into(), Type::BigNumber),
                ConstructorParam::Constant("tag".into(), Type::Bytes),
            ]
        );
        let solidity = generate(&program, "test.ovm").unwrap();
        assert!(
            solidity.contains("IsLessThanAddress = _addresses[5];"),
            "{solidity}"
        );
        assert!(solidity.contains("constant_tag = _constants[1];"), "{solidity}");
    }

    #[test]
    fn a_predicate_named_like_a_declaration_of_the_file_is_refused() {
        let program = program_of("def ovmTypes(a: Bytes) := Equal(a, a)");
        assert_eq!(
            generate(&program, "test.ovm"),
            Err(SolidityError::ReservedName("OvmTypes".into()))
        );
    }

    #[test]
    fn literal_bytes_are_string_literals_only_when_printable_and_unescaped() {
        assert_eq!(bytes_literal(b"signatures,KEY,"), "bytes(\"signatures,KEY,\")");
        assert_eq!(bytes_literal(b""), "bytes(\"\")");
        assert_eq!(bytes_literal(b"a\"b"), "bytes(hex\"612262\")");
        assert_eq!(bytes_literal(b"a\\b"), "bytes(hex\"615c62\")");
        assert_eq!(bytes_literal(&[0, 0xff]), "bytes(hex\"00ff\")");
        assert_eq!(bytes_literal("é".as_bytes()), "bytes(hex\"c3a9\")");
    }

    #[test]
    fn the_same_program_gives_the_same_text() {
        let source = "def f(a: Bytes, b: Bytes) := Equal(a, b) or !Equal(b, a)";
        let a = generate(&program_of(source), "test.ovm").unwrap();
        let b = generate(&program_of(source), "test.ovm").unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("// SPDX-License-Identifier: MIT\n"));
        assert!(a.contains("contract F {"));
    }
}
