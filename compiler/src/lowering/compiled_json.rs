//! The compiled-predicate JSON of the old TypeScript compiler's release 0.7
//! (`ovm-transpiler`'s `CompiledPredicate[]`), which the existing clients load: the gazelle
//! decompiler and deciders, the Solidity generator and Astar's OVMI interpreter.
//!
//! Each IR predicate becomes one [`CompiledPredicate`]; each connective node of its formula
//! becomes one [`IntermediateCompiledPredicate`] (a *contract*), which refers to the nodes
//! below it by label. The format, field by field, and where this lowering deliberately departs
//! from ovm-compiler 0.7 are documented in `docs/compiled-json.md`.

use super::literal;
use crate::ir::{self, Atom, Formula, HintPart, Input, Quantifier, Source, Target};
use crate::syntax::ast::ChildKind;
use crate::types::Type;
use ovm_abi::{hex, input, keccak256};
use serde::{Serialize, Serializer};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// The longest contract name usable as a label, in bytes: the contracts recognise
/// `"L" ++ name` as a label only when it is shorter than [`input::MARKER_LIMIT`] (20) bytes.
pub const MAX_LABEL_LEN: usize = input::MARKER_LIMIT - 2;

/// How many hex digits of a Keccak-256 hash tag a shortened label.
const TAG_LEN: usize = 6;

/// A compiled predicate: what one deployed predicate contract implements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub struct CompiledPredicate {
    /// The predicate's name, capitalised ([`compiled_name`]).
    pub name: String,
    /// The predicate's parameters with their types.
    pub input_defs: Vec<ArgDef>,
    /// One contract per connective node, children before parents; the root is last.
    pub contracts: Vec<IntermediateCompiledPredicate>,
    /// The name of the root contract, which decides a property given without a label.
    pub entry_point: String,
    /// The contract that `decide` uses for a property given without a label: the root, when it
    /// can be decided with a witness (see `docs/compiled-json.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_point_of_decide: Option<String>,
    /// The deployment constants the contracts use, in order of first use.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constants: Vec<ConstantVariable>,
}

/// A parameter of a compiled predicate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgDef {
    /// Its name.
    pub name: String,
    /// Its type, serialised as its name (`Address`, `Bytes`, …).
    #[serde(rename = "type", serialize_with = "type_name")]
    pub ty: Type,
}

fn type_name<S: Serializer>(ty: &Type, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(ty.name())
}

/// A deployment constant a compiled predicate needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConstantVariable {
    /// What kind of value it is.
    pub var_type: VarType,
    /// Its name (without the `$`).
    pub name: String,
}

/// The kinds of deployment constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VarType {
    /// The address of another compiled predicate, called by name.
    Address,
    /// A `$name` value.
    Bytes,
}

/// One connective node of a predicate's formula.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub struct IntermediateCompiledPredicate {
    /// The name of the compiled predicate it belongs to.
    pub original_predicate_name: String,
    /// Its own name, which is also its label.
    pub name: String,
    /// Its connective.
    pub connective: Connective,
    /// Its own name, then the variables it uses that are bound outside it, in order of first
    /// use (for the root, the predicate's parameters).
    pub input_defs: Vec<String>,
    /// For `And`, `Or` and `Not`, one proposition per operand; for the quantifiers, the hint,
    /// the bound variable's name and the body.
    pub inputs: Vec<IntermediateInput>,
    /// The inputs that hold properties whose children the propositions read.
    pub property_inputs: Vec<NormalInput>,
    /// Whether the node can be decided with a witness: false for `ForAllSuchThat` and `Not`
    /// and for every node containing one.
    pub has_decide_method: bool,
    /// For a quantifier, its hint in pieces, with each value as an input in this contract's
    /// scope (the JSON has only the hint's text, `inputs[0]`).
    #[serde(skip)]
    pub hint: Vec<HintSegment>,
}

/// A piece of a quantifier's hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HintSegment {
    /// Text.
    Text(String),
    /// A value, written in as `0x` hex when the hint is evaluated.
    Value(CompiledInput),
}

/// The logical connectives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Connective {
    /// All operands hold.
    And,
    /// Some operand holds.
    Or,
    /// The operand does not hold.
    Not,
    /// The body holds for every candidate.
    ForAllSuchThat,
    /// The body holds for some candidate.
    ThereExistsSuchThat,
}

impl Connective {
    /// The letter a node of this connective adds to its name.
    pub fn letter(self) -> char {
        match self {
            Connective::And => 'A',
            Connective::Or => 'O',
            Connective::Not => 'N',
            Connective::ForAllSuchThat => 'F',
            Connective::ThereExistsSuchThat => 'T',
        }
    }
}

/// An input of a contract: a proposition, or (for a quantifier) its hint or variable name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum IntermediateInput {
    /// A quantifier's hint or bound variable's name.
    Text(String),
    /// An operand or quantifier body.
    Proposition(AtomicProposition),
}

/// A predicate applied to inputs: an atom of the formula, or a reference to the contract of a
/// nested connective node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub struct AtomicProposition {
    /// What is applied.
    pub predicate: PredicateCall,
    /// The inputs, in the enclosing contract's scope.
    pub inputs: Vec<CompiledInput>,
    /// Whether this refers to another contract of the same compiled predicate.
    #[serde(skip_serializing_if = "is_false")]
    pub is_compiled: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What an [`AtomicProposition`] applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum PredicateCall {
    /// An atomic predicate, or a contract of the same compiled predicate, by name.
    #[serde(rename = "AtomicPredicateCall")]
    Atomic {
        /// The predicate's or contract's name.
        source: String,
    },
    /// The property held by an input, with the proposition's inputs appended to its own.
    #[serde(rename = "InputPredicateCall")]
    Input {
        /// The input.
        source: NormalInput,
    },
    /// The property held by a value that is not an input of the contract (such as the bound
    /// variable of the enclosing quantifier).
    #[serde(rename = "VariablePredicateCall")]
    Variable {
        /// The value.
        source: CompiledInput,
    },
    /// Another compiled predicate, deployed at the address of the constant of its name.
    #[serde(rename = "CompiledPredicateCall")]
    Compiled {
        /// The compiled predicate's name.
        source: String,
    },
}

/// Where a proposition's input comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CompiledInput {
    /// An input of the contract.
    Normal(NormalInput),
    /// A variable bound by the enclosing quantifier.
    Variable(VariableInput),
    /// A contract's label.
    Label(LabelInput),
    /// A deployment constant.
    Constant(ConstantInput),
    /// The predicate's own address.
    SelfAddress(SelfInput),
    /// A literal value.
    Literal(LiteralInput),
}

/// An input of the contract, or a child of one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub struct NormalInput {
    /// The index in the contract's `inputDefs` (so the first input after the label is 1).
    pub input_index: u32,
    /// Child accesses, outermost first: an index into a property's inputs, or −1 for its
    /// predicate address.
    pub children: Vec<i64>,
}

/// A variable bound by the enclosing quantifier (a `"V" ++ name` placeholder on chain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub struct VariableInput {
    /// The variable's name.
    pub placeholder: String,
    /// Child accesses, as in [`NormalInput::children`].
    pub children: Vec<i64>,
}

/// A contract's label (`"L" ++ label` on chain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub struct LabelInput {
    /// The contract's name.
    pub label: String,
}

/// A deployment constant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub struct ConstantInput {
    /// Its name (without the `$`).
    pub name: String,
    /// The type it is used at (before child accesses), which decides its encoding; not in
    /// the JSON, whose clients know constants' types from the `constants` table.
    #[serde(skip)]
    pub ty: Type,
    /// Child accesses, as in [`NormalInput::children`]; omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<i64>,
}

/// The predicate's own address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub struct SelfInput {
    /// Child accesses, as in [`NormalInput::children`]: `self.address` is `[-1]`.
    pub children: Vec<i64>,
}

/// A literal value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub struct LiteralInput {
    /// Its input encoding, as `0x` and lower-case hex digits.
    pub value: String,
    /// Child accesses, as in [`NormalInput::children`]; omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<i64>,
}

/// Lowers every predicate of a program, in order.
pub fn lower(program: &ir::Program) -> Vec<CompiledPredicate> {
    program.predicates.iter().map(lower_predicate).collect()
}

/// Lowers one predicate.
pub fn lower_predicate(predicate: &ir::Predicate) -> CompiledPredicate {
    let lowering = Lowering {
        predicate,
        name: compiled_name(&predicate.name),
        labels: Labels::new(predicate),
    };
    let (connective, operands) = root(predicate);
    let root = lowering.node(connective, &operands, "", true);
    let constants = constants(&root.contracts);
    CompiledPredicate {
        name: lowering.name,
        input_defs: predicate
            .params
            .iter()
            .map(|p| ArgDef {
                name: p.name.to_string(),
                ty: p.ty,
            })
            .collect(),
        contracts: root.contracts.into_iter().map(|c| c.json).collect(),
        entry_point_of_decide: root.has_decide_method.then(|| root.name.clone()),
        entry_point: root.name,
        constants,
    }
}

/// The JSON of compiled predicates: an array, pretty-printed, with a final newline.
pub fn to_json(predicates: &[CompiledPredicate]) -> String {
    // Serialising these types cannot fail: they hold no maps and serialise no fallible values.
    let mut json = serde_json::to_string_pretty(predicates).unwrap_or_default();
    json.push('\n');
    json
}

/// The name of the compiled predicate of a definition: its name with the first letter
/// capitalised (`ownership` → `Ownership`).
pub fn compiled_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The name of a predicate's root contract ([`CompiledPredicate::entry_point`]): the label a
/// property of the predicate starts with when it carries one.
pub fn entry_point(predicate: &ir::Predicate) -> String {
    let (connective, _) = root(predicate);
    Labels::new(predicate).name(&connective.letter().to_string())
}

/// The root node of a predicate's contract tree: a body without a connective is the single
/// operand of an `And`.
fn root(predicate: &ir::Predicate) -> (Connective, Operands<'_>) {
    match shape(&predicate.body) {
        Shape::Connective(connective, operands) => (connective, operands),
        Shape::Atom(_) => (
            Connective::And,
            Operands::List(std::slice::from_ref(&predicate.body)),
        ),
    }
}

/// A formula seen as a node of the contract tree.
enum Shape<'a> {
    Atom(&'a Atom),
    Connective(Connective, Operands<'a>),
}

/// The operands of a connective node.
enum Operands<'a> {
    /// Of `And` and `Or`.
    List(&'a [Formula]),
    /// Of `Not`.
    One(&'a Formula),
    /// Of a quantifier: its body.
    Quantified(&'a Quantifier),
}

fn shape(formula: &Formula) -> Shape<'_> {
    match formula {
        Formula::Atom(atom) => Shape::Atom(atom),
        Formula::And(items) => Shape::Connective(Connective::And, Operands::List(items)),
        Formula::Or(items) => Shape::Connective(Connective::Or, Operands::List(items)),
        Formula::Not(inner) => Shape::Connective(Connective::Not, Operands::One(inner)),
        Formula::ForAll(q) => Shape::Connective(Connective::ForAllSuchThat, Operands::Quantified(q)),
        Formula::ThereExists(q) => {
            Shape::Connective(Connective::ThereExistsSuchThat, Operands::Quantified(q))
        }
    }
}

/// A formula as an operand of a connective node. A quantifier's body that is a single atom
/// reading a child of the quantifier's own variable (`Q().any(p -> P(p.0))`) becomes a
/// one-operand `And` node: the challenge of a `ThereExists` writes the body with the variable
/// as its placeholder, and a contract cannot read a child of a placeholder, but it can pass
/// the placeholder whole to a node of its own.
fn operand_shape<'a>(formula: &'a Formula, quantifier: Option<&Quantifier>) -> Shape<'a> {
    match (shape(formula), quantifier) {
        (Shape::Atom(atom), Some(q)) if reads_child_of(atom, q.variable) => {
            Shape::Connective(Connective::And, Operands::List(std::slice::from_ref(formula)))
        }
        (shape, _) => shape,
    }
}

/// Whether an atom reads a child of bound variable `variable`.
fn reads_child_of(atom: &Atom, variable: u32) -> bool {
    let called = match &atom.predicate {
        Target::Variable(input) => Some(&**input),
        _ => None,
    };
    called
        .into_iter()
        .chain(&atom.args)
        .any(|input| input.source == Source::Variable(variable) && !input.children.is_empty())
}

impl<'a> Operands<'a> {
    /// Each operand with the part of the name its node gets from this one, whose suffix is
    /// `suffix`: that suffix, then the 1-based operand index for `And`, `Or` and `Not` (a
    /// quantifier's body gets no index).
    fn with_prefixes(&self, suffix: &str) -> Vec<(&'a Formula, String)> {
        match self {
            Operands::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (item, format!("{suffix}{}", i + 1)))
                .collect(),
            Operands::One(inner) => vec![(*inner, format!("{suffix}1"))],
            Operands::Quantified(q) => vec![(&q.body, suffix.to_string())],
        }
    }

    /// The quantifier whose body these operands are.
    fn quantifier(&self) -> Option<&'a Quantifier> {
        match self {
            Operands::Quantified(q) => Some(q),
            _ => None,
        }
    }
}

/// The final names of a predicate's contracts.
struct Labels {
    /// The compiled predicate's name.
    name: String,
    /// The shortened names, by natural name (compiled predicate name and suffix).
    shortened: HashMap<String, String>,
}

impl Labels {
    /// Names the contracts of `predicate` ([`shorten`]).
    fn new(predicate: &ir::Predicate) -> Labels {
        let name = compiled_name(&predicate.name);
        let mut suffixes = Vec::new();
        let (connective, operands) = root(predicate);
        collect_suffixes(connective, &operands, "", &mut suffixes);
        let naturals = suffixes.iter().map(|suffix| format!("{name}{suffix}")).collect();
        let shortened = shorten(&name, naturals);
        Labels { name, shortened }
    }

    /// The final name of the contract with this suffix.
    fn name(&self, suffix: &str) -> String {
        let natural = format!("{}{suffix}", self.name);
        self.shortened.get(&natural).cloned().unwrap_or(natural)
    }
}

/// The suffix of every connective node in the subtree of a node whose parent's part of the
/// name is `prefix`.
fn collect_suffixes(connective: Connective, operands: &Operands<'_>, prefix: &str, out: &mut Vec<String>) {
    let suffix = format!("{prefix}{}", connective.letter());
    for (operand, prefix) in operands.with_prefixes(&suffix) {
        if let Shape::Connective(connective, operands) = operand_shape(operand, operands.quantifier()) {
            collect_suffixes(connective, &operands, &prefix, out);
        }
    }
    out.push(suffix);
}

/// The shortened names of the contracts of compiled predicate `name` whose natural names (all
/// distinct) are `naturals`, by natural name: a natural name of at most [`MAX_LABEL_LEN`]
/// bytes is kept; a longer one is shortened ([`short_label`]) to a name no other contract has,
/// taking the long names in lexicographic order and trying further attempts on a collision.
fn shorten(name: &str, naturals: Vec<String>) -> HashMap<String, String> {
    let (fitting, mut long): (Vec<String>, Vec<String>) = naturals
        .into_iter()
        .partition(|natural| natural.len() <= MAX_LABEL_LEN);
    long.sort();
    let mut taken: BTreeSet<String> = fitting.into_iter().collect();
    let mut shortened = HashMap::new();
    for natural in long {
        let mut attempt = 0;
        let short = loop {
            let candidate = short_label(name, &natural, attempt);
            if taken.insert(candidate.clone()) {
                break candidate;
            }
            attempt += 1;
        };
        shortened.insert(natural, short);
    }
    shortened
}

/// A shortened name for the contract named `natural` of compiled predicate `name`: the first
/// `MAX_LABEL_LEN - TAG_LEN` bytes of `name`, then the first `TAG_LEN` hex digits of the
/// Keccak-256 hash of `natural` (followed by `#attempt` after the first attempt).
fn short_label(name: &str, natural: &str, attempt: u32) -> String {
    let mut end = name.len().min(MAX_LABEL_LEN - TAG_LEN);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let seed = match attempt {
        0 => natural.to_string(),
        n => format!("{natural}#{n}"),
    };
    let mut tag = hex::encode_prefixed(keccak256(seed.as_bytes()));
    tag.replace_range(..2, "");
    tag.truncate(TAG_LEN);
    format!("{}{tag}", &name[..end])
}

/// A variable of the predicate: a parameter or a bound variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Var {
    Param(u32),
    Bound(u32),
}

impl Var {
    fn of(input: &Input) -> Option<Var> {
        match input.source {
            Source::Param(i) => Some(Var::Param(i)),
            Source::Variable(i) => Some(Var::Bound(i)),
            _ => None,
        }
    }
}

/// The variables an atom uses, in order: a called variable first, then the arguments'.
fn atom_vars(atom: &Atom, out: &mut Vec<Var>) {
    if let Target::Variable(input) = &atom.predicate {
        out.extend(Var::of(input));
    }
    out.extend(atom.args.iter().filter_map(Var::of));
}

/// The inputs a quantifier's hint names.
fn hint_inputs(q: &Quantifier) -> impl Iterator<Item = &Input> {
    q.hint.iter().flatten().filter_map(|part| match part {
        HintPart::Input(input) => Some(input),
        HintPart::Text(_) => None,
    })
}

/// `vars` without repetitions, keeping first occurrences.
fn dedup(vars: Vec<Var>) -> Vec<Var> {
    let mut out: Vec<Var> = Vec::with_capacity(vars.len());
    for var in vars {
        if !out.contains(&var) {
            out.push(var);
        }
    }
    out
}

/// Child accesses as numbers: an index, or −1 for `.address`.
fn children(path: &[ChildKind]) -> Vec<i64> {
    path.iter()
        .map(|child| match child {
            ChildKind::Index(i) => i64::from(*i),
            ChildKind::Address => -1,
        })
        .collect()
}

/// Child accesses as written: `.0`, `.address`.
fn path(children: &[ChildKind]) -> String {
    children
        .iter()
        .map(|child| match child {
            ChildKind::Index(i) => format!(".{i}"),
            ChildKind::Address => ".address".to_string(),
        })
        .collect()
}

/// A lowered connective node.
struct Node {
    /// The contracts of its subtree, in output order: its own last.
    contracts: Vec<Contract>,
    /// Its name.
    name: String,
    /// The variables bound outside it that it uses, in order of first use.
    free: Vec<Var>,
    /// Whether it can be decided with a witness.
    has_decide_method: bool,
}

/// A contract, with the constants its hint names (which its JSON shows only as text).
struct Contract {
    json: IntermediateCompiledPredicate,
    hint_constants: Vec<String>,
}

/// An operand of a connective node, lowered.
enum Operand<'a> {
    Atom(&'a Atom),
    Node(Node),
}

/// The lowering of one predicate.
struct Lowering<'a> {
    predicate: &'a ir::Predicate,
    name: String,
    labels: Labels,
}

impl Lowering<'_> {
    /// Lowers a connective node whose parent's part of the name is `prefix`.
    fn node(&self, connective: Connective, operands: &Operands<'_>, prefix: &str, root: bool) -> Node {
        let suffix = format!("{prefix}{}", connective.letter());
        let name = self.labels.name(&suffix);
        let lowered: Vec<Operand<'_>> = operands
            .with_prefixes(&suffix)
            .into_iter()
            .map(
                |(operand, prefix)| match operand_shape(operand, operands.quantifier()) {
                    Shape::Atom(atom) => Operand::Atom(atom),
                    Shape::Connective(connective, operands) => {
                        Operand::Node(self.node(connective, &operands, &prefix, false))
                    }
                },
            )
            .collect();
        let quantifier = operands.quantifier();

        let free = if root {
            (0..self.predicate.params.len() as u32).map(Var::Param).collect()
        } else {
            let mut vars = Vec::new();
            if let Some(q) = quantifier {
                vars.extend(hint_inputs(q).filter_map(Var::of));
            }
            for operand in &lowered {
                match operand {
                    Operand::Atom(atom) => atom_vars(atom, &mut vars),
                    Operand::Node(node) => vars.extend(&node.free),
                }
            }
            if let Some(q) = quantifier {
                vars.retain(|v| *v != Var::Bound(q.variable));
            }
            dedup(vars)
        };

        let mut inputs = Vec::with_capacity(lowered.len() + 2);
        let mut hint_constants = Vec::new();
        if let Some(q) = quantifier {
            inputs.push(IntermediateInput::Text(self.hint(q, &mut hint_constants)));
            inputs.push(IntermediateInput::Text(self.var_name(Var::Bound(q.variable))));
        }
        for operand in &lowered {
            inputs.push(IntermediateInput::Proposition(match operand {
                Operand::Atom(atom) => self.atom(atom, &free),
                Operand::Node(node) => self.reference(node, &free),
            }));
        }
        let has_decide_method = !matches!(connective, Connective::ForAllSuchThat | Connective::Not)
            && lowered.iter().all(|operand| match operand {
                Operand::Atom(_) => true,
                Operand::Node(node) => node.has_decide_method,
            });
        let json = IntermediateCompiledPredicate {
            original_predicate_name: self.name.clone(),
            name: name.clone(),
            connective,
            input_defs: std::iter::once(name.clone())
                .chain(free.iter().map(|v| self.var_name(*v)))
                .collect(),
            property_inputs: property_inputs(&inputs),
            inputs,
            has_decide_method,
            hint: quantifier.map_or_else(Vec::new, |q| self.hint_segments(q, &free)),
        };

        // ovm-compiler 0.7's order: the operands' subtrees last operand first, then the node.
        let mut contracts = Vec::new();
        for operand in lowered.into_iter().rev() {
            if let Operand::Node(node) = operand {
                contracts.extend(node.contracts);
            }
        }
        contracts.push(Contract { json, hint_constants });
        Node {
            contracts,
            name,
            free,
            has_decide_method,
        }
    }

    fn var_name(&self, var: Var) -> String {
        match var {
            Var::Param(i) => self.predicate.params[i as usize].name.to_string(),
            Var::Bound(i) => self.predicate.variables[i as usize].name.to_string(),
        }
    }

    /// A variable in the scope of a contract whose inputs are `scope`: one of its inputs, or
    /// else the variable its quantifier binds.
    fn var_input(&self, var: Var, children: Vec<i64>, scope: &[Var]) -> CompiledInput {
        match scope.iter().position(|v| *v == var) {
            Some(i) => CompiledInput::Normal(NormalInput {
                input_index: i as u32 + 1,
                children,
            }),
            None => CompiledInput::Variable(VariableInput {
                placeholder: self.var_name(var),
                children,
            }),
        }
    }

    /// An input in the scope of a contract whose inputs are `scope`.
    fn input(&self, input: &Input, scope: &[Var]) -> CompiledInput {
        let children = children(&input.children);
        if let Some(var) = Var::of(input) {
            return self.var_input(var, children, scope);
        }
        if let Some(bytes) = literal::encoding(input) {
            return CompiledInput::Literal(LiteralInput {
                value: hex::encode_prefixed(&bytes),
                children,
            });
        }
        match &input.source {
            Source::Constant(name) => CompiledInput::Constant(ConstantInput {
                name: name.to_string(),
                ty: input.root_type(),
                children,
            }),
            // `self.address`, then any further accesses.
            _ => CompiledInput::SelfAddress(SelfInput {
                children: std::iter::once(-1).chain(children).collect(),
            }),
        }
    }

    /// An atom in the scope of a contract whose inputs are `scope`.
    fn atom(&self, atom: &Atom, scope: &[Var]) -> AtomicProposition {
        let predicate = match &atom.predicate {
            Target::Atomic(name) => PredicateCall::Atomic {
                source: name.to_string(),
            },
            Target::Compiled(name) | Target::External(name) => PredicateCall::Compiled {
                source: compiled_name(name),
            },
            Target::Variable(input) => match self.input(input, scope) {
                CompiledInput::Normal(source) => PredicateCall::Input { source },
                source => PredicateCall::Variable { source },
            },
        };
        AtomicProposition {
            predicate,
            inputs: atom.args.iter().map(|arg| self.input(arg, scope)).collect(),
            is_compiled: false,
        }
    }

    /// The reference to the contract of a nested node, in the scope of its parent, whose inputs
    /// are `scope`: its label, then its inputs.
    fn reference(&self, node: &Node, scope: &[Var]) -> AtomicProposition {
        let label = CompiledInput::Label(LabelInput {
            label: node.name.clone(),
        });
        AtomicProposition {
            predicate: PredicateCall::Atomic {
                source: node.name.clone(),
            },
            inputs: std::iter::once(label)
                .chain(node.free.iter().map(|v| self.var_input(*v, Vec::new(), scope)))
                .collect(),
            is_compiled: true,
        }
    }

    /// A quantifier's hint in pieces, in the scope of its contract, whose inputs are `scope`.
    fn hint_segments(&self, q: &Quantifier, scope: &[Var]) -> Vec<HintSegment> {
        q.hint
            .iter()
            .flatten()
            .map(|part| match part {
                HintPart::Text(text) => HintSegment::Text(text.to_string()),
                HintPart::Input(input) => HintSegment::Value(self.input(input, scope)),
            })
            .collect()
    }

    /// A quantifier's hint: its text, with `${name}` for a variable (and `${name.0}` for a child
    /// of one), `${$name}` for a constant, and a literal's encoding as `0x` hex. The constants
    /// it names are added to `constants`.
    fn hint(&self, q: &Quantifier, constants: &mut Vec<String>) -> String {
        let mut out = String::new();
        for part in q.hint.iter().flatten() {
            let input = match part {
                HintPart::Text(text) => {
                    out.push_str(text);
                    continue;
                }
                HintPart::Input(input) => input,
            };
            let head = match &input.source {
                Source::Param(i) => self.var_name(Var::Param(*i)),
                Source::Variable(i) => self.var_name(Var::Bound(*i)),
                Source::Constant(name) => {
                    constants.push(name.to_string());
                    format!("${name}")
                }
                Source::SelfAddress => "self.address".to_string(),
                Source::Integer(_) | Source::Hex(_) | Source::String(_) => {
                    let bytes = literal::encoding(input).unwrap_or_default();
                    if input.children.is_empty() {
                        out.push_str(&hex::encode_prefixed(&bytes));
                        continue;
                    }
                    hex::encode_prefixed(&bytes)
                }
            };
            let _ = write!(out, "${{{head}{}}}", path(&input.children));
        }
        out
    }
}

/// The inputs of a contract that hold properties whose children its propositions read (as
/// inputs or as called properties): one entry per input, by index; its `children` lists, once
/// each, the first access of every two-level access `a.i.j`.
fn property_inputs(inputs: &[IntermediateInput]) -> Vec<NormalInput> {
    let mut out: Vec<NormalInput> = Vec::new();
    let propositions = inputs.iter().filter_map(|input| match input {
        IntermediateInput::Proposition(p) => Some(p),
        IntermediateInput::Text(_) => None,
    });
    let normal_inputs = propositions.flat_map(|p| {
        let called = match &p.predicate {
            PredicateCall::Input { source } => Some(source),
            _ => None,
        };
        called
            .into_iter()
            .chain(p.inputs.iter().filter_map(|input| match input {
                CompiledInput::Normal(normal) => Some(normal),
                _ => None,
            }))
    });
    for normal in normal_inputs {
        if normal.children.is_empty() {
            continue;
        }
        let entry = match out.iter().position(|e| e.input_index == normal.input_index) {
            Some(i) => &mut out[i],
            None => {
                out.push(NormalInput {
                    input_index: normal.input_index,
                    children: Vec::new(),
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        if let [first, _] = normal.children[..]
            && !entry.children.contains(&first)
        {
            entry.children.push(first);
        }
    }
    out.sort_by_key(|e| e.input_index);
    out
}

/// The deployment constants of a predicate's contracts, in order of first use: the address of
/// every compiled predicate called, and every `$name` (in a hint or a proposition).
fn constants(contracts: &[Contract]) -> Vec<ConstantVariable> {
    let mut out = Vec::new();
    for contract in contracts {
        for name in &contract.hint_constants {
            add_constant(&mut out, VarType::Bytes, name);
        }
        for input in &contract.json.inputs {
            let IntermediateInput::Proposition(p) = input else {
                continue;
            };
            match &p.predicate {
                PredicateCall::Compiled { source } => add_constant(&mut out, VarType::Address, source),
                PredicateCall::Variable {
                    source: CompiledInput::Constant(c),
                } => add_constant(&mut out, VarType::Bytes, &c.name),
                _ => {}
            }
            for input in &p.inputs {
                if let CompiledInput::Constant(c) = input {
                    add_constant(&mut out, VarType::Bytes, &c.name);
                }
            }
        }
    }
    out
}

/// Adds a constant unless one of that name is listed (as ovm-compiler 0.7 does).
fn add_constant(constants: &mut Vec<ConstantVariable>, var_type: VarType, name: &str) {
    if !constants.iter().any(|c| c.name == name) {
        constants.push(ConstantVariable {
            var_type,
            name: name.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceMap, driver};

    /// The IR of `source`, which must compile.
    fn ir(source: &str) -> ir::Program {
        let mut sources = SourceMap::new();
        let loaded = driver::load_bytes(&mut sources, "test.ovm".into(), source.as_bytes().to_vec()).unwrap();
        let (compilation, diagnostics) =
            driver::compile(&mut sources, loaded.file, None, driver::Options::default());
        compilation
            .unwrap_or_else(|| panic!("does not compile: {diagnostics:?}"))
            .ir
    }

    const Q: &str = "@library\n@quantifier(\"q,KEY,${k}\")\ndef Q(v: Bytes, k: Bytes) := Equal(v, k)\n";

    fn contract<'a>(predicate: &'a CompiledPredicate, name: &str) -> &'a IntermediateCompiledPredicate {
        predicate
            .contracts
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn compiled_names_capitalise_the_first_letter() {
        assert_eq!(compiled_name("forTest"), "ForTest");
        assert_eq!(compiled_name("Checkpoint"), "Checkpoint");
        assert_eq!(compiled_name("_x"), "_x");
        assert_eq!(compiled_name(""), "");
    }

    #[test]
    fn names_encode_the_path_and_siblings_are_listed_last_first() {
        let source = format!(
            "{Q}def f(a: Bytes) := (Equal(a, a) and !(Equal(a, a) or Equal(a, a))) or Q(a).all(b -> Equal(b, a))"
        );
        let predicate = &lower(&ir(&source))[0];
        let names: Vec<&str> = predicate.contracts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["FO2FO1N", "FO2FO", "FO2F", "FO1A2N1O", "FO1A2N", "FO1A", "FO"]
        );
        assert_eq!(predicate.entry_point, "FO");
        // A quantifier body gets no index; an operand of And, Or and Not does.
        let or = contract(predicate, "FO");
        assert_eq!(or.connective, Connective::Or);
        assert_eq!(contract(predicate, "FO2F").connective, Connective::ForAllSuchThat);
        assert_eq!(contract(predicate, "FO2FO").connective, Connective::Or);
    }

    #[test]
    fn free_variables_are_in_order_of_first_use_hint_first() {
        let source = format!(
            "{Q}def f(a: Bytes, b: Bytes, c: Bytes) := Equal(c, c) and Q(b).any(x -> Equal(x, a) and Equal(c, b))"
        );
        let predicate = &lower(&ir(&source))[0];
        // The root's inputs are the parameters, used or not, in order.
        assert_eq!(contract(predicate, "FA").input_defs, ["FA", "a", "b", "c"]);
        // The quantifier: its hint's `b`, then its body's variables without its own `x`.
        assert_eq!(contract(predicate, "FA2T").input_defs, ["FA2T", "b", "a", "c"]);
        assert_eq!(
            contract(predicate, "FA2TA").input_defs,
            ["FA2TA", "x", "b", "a", "c"]
        );
        // Its reference passes its inputs in the parent's scope, the bound variable as itself.
        let IntermediateInput::Proposition(body) = &contract(predicate, "FA2T").inputs[2] else {
            panic!("the body is a proposition")
        };
        assert_eq!(
            body.inputs[1],
            CompiledInput::Variable(VariableInput {
                placeholder: "x".into(),
                children: vec![]
            })
        );
        assert_eq!(
            body.inputs[2],
            CompiledInput::Normal(NormalInput {
                input_index: 1,
                children: vec![]
            })
        );
    }

    #[test]
    fn a_variable_named_only_in_a_hint_is_an_input() {
        let source = format!("{Q}def f(a: Bytes, b: Bytes) := Equal(b, b) and Q(a).any(x -> Equal(x, x))");
        let predicate = &lower(&ir(&source))[0];
        assert_eq!(contract(predicate, "FA2T").input_defs, ["FA2T", "a"]);
        assert_eq!(
            contract(predicate, "FA2T").inputs[0],
            IntermediateInput::Text("q,KEY,${a}".into())
        );
    }

    #[test]
    fn long_names_are_shortened_uniquely_and_deterministically() {
        let name = "AVeryLongPredicateName";
        let naturals: Vec<String> = ["A", "A1N", "A2O", "A2O1N"]
            .iter()
            .map(|s| format!("{name}{s}"))
            .collect();
        let shortened = shorten(name, naturals.clone());
        assert_eq!(shortened.len(), 4);
        let shorts: BTreeSet<&String> = shortened.values().collect();
        assert_eq!(shorts.len(), 4, "unique: {shortened:?}");
        for short in &shorts {
            assert!(short.len() <= MAX_LABEL_LEN, "{short}");
            assert!(short.starts_with("AVeryLongPre"), "{short}");
        }
        assert_eq!(shorten(name, naturals), shortened, "deterministic");

        // A name that fits is kept, and no shortened name takes it.
        let natural = "ShortName".to_string() + &"A1".repeat(5);
        let first = short_label("ShortName", &natural, 0);
        let shortened = shorten("ShortName", vec![natural.clone(), first.clone()]);
        assert_eq!(shortened.len(), 1);
        assert_eq!(shortened[&natural], short_label("ShortName", &natural, 1));
        assert_ne!(shortened[&natural], first);
    }

    #[test]
    fn a_shortened_name_is_the_same_everywhere() {
        let source =
            format!("{Q}def ownershipWithExpiry(a: Bytes) := Q(a).any(x -> Equal(x, a)) and !Equal(a, a)");
        let predicate = &ir(&source).predicates[0];
        let lowered = lower_predicate(predicate);
        assert_eq!(entry_point(predicate), lowered.entry_point);
        assert!(lowered.entry_point.len() <= MAX_LABEL_LEN);
        for c in &lowered.contracts {
            assert!(c.name.len() <= MAX_LABEL_LEN, "{}", c.name);
            assert_eq!(c.input_defs[0], c.name);
        }
        // Every reference names a contract, by the same name as `source` and as its label.
        let names: Vec<&String> = lowered.contracts.iter().map(|c| &c.name).collect();
        let references: Vec<&AtomicProposition> = lowered
            .contracts
            .iter()
            .flat_map(|c| &c.inputs)
            .filter_map(|input| match input {
                IntermediateInput::Proposition(p) if p.is_compiled => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(references.len(), lowered.contracts.len() - 1);
        for p in references {
            let PredicateCall::Atomic { source } = &p.predicate else {
                panic!("a contract call")
            };
            assert!(names.contains(&source), "{source}");
            assert_eq!(
                p.inputs[0],
                CompiledInput::Label(LabelInput {
                    label: source.clone()
                })
            );
        }
    }

    #[test]
    fn an_atom_body_is_the_operand_of_an_and() {
        let predicate = &ir("def f(a: Bytes) := Equal(a, 0x01)").predicates[0];
        let lowered = lower_predicate(predicate);
        assert_eq!(lowered.contracts.len(), 1);
        assert_eq!(lowered.contracts[0].connective, Connective::And);
        assert_eq!(lowered.entry_point, "FA");
        assert_eq!(entry_point(predicate), "FA");
        assert_eq!(lowered.entry_point_of_decide.as_deref(), Some("FA"));
    }

    #[test]
    fn only_a_decidable_root_is_the_entry_point_of_decide() {
        let source =
            format!("{Q}def f(a: Bytes) := Q(a).any(x -> Equal(x, a)) and Q(a).all(y -> Equal(y, a))");
        let lowered = lower_predicate(&ir(&source).predicates[0]);
        assert!(contract(&lowered, "FA1T").has_decide_method);
        assert!(!contract(&lowered, "FA").has_decide_method);
        assert_eq!(lowered.entry_point_of_decide, None);
    }

    #[test]
    fn literals_are_their_input_encodings() {
        let lowered = lower(&ir(
            "def f(a: Bytes) := IsStored(0x00000000000000000000000000000000DeaDBeef, \"key\", 0x0A) and IsLessThan(a, 256) and IsLessThan(a, 0x100)",
        ));
        let values: Vec<String> = lowered[0].contracts[0]
            .inputs
            .iter()
            .flat_map(|input| match input {
                IntermediateInput::Proposition(p) => p.inputs.clone(),
                IntermediateInput::Text(_) => vec![],
            })
            .filter_map(|input| match input {
                CompiledInput::Literal(literal) => Some(literal.value),
                _ => None,
            })
            .collect();
        let word = |digits: &str| format!("0x{digits:0>64}");
        // The mixed-case address is not an EIP-55 checksum: a literal is just its bytes.
        assert_eq!(
            values,
            [
                word("deadbeef"),
                "0x6b6579".into(),
                "0x0a".into(),
                word("100"),
                word("100")
            ]
        );
    }

    #[test]
    fn json_keys_are_in_the_old_compilers_order() {
        let source =
            format!("{Q}def f(a: Bytes) := Q(a).any(x -> Equal(x, $c)) and G(a)\n@external\ndef G(a: Bytes)");
        let json = to_json(&lower(&ir(&source)));
        assert!(json.ends_with("}\n]\n"));
        let position = |key: &str| {
            json.find(&format!("\"{key}\""))
                .unwrap_or_else(|| panic!("no {key}"))
        };
        assert!(position("type") < position("name"));
        assert!(position("name") < position("inputDefs"));
        assert!(position("contracts") < position("originalPredicateName"));
        let root = json.rfind("\"entryPoint\"").unwrap();
        assert!(root < json.rfind("\"entryPointOfDecide\"").unwrap());
        assert!(json.rfind("\"entryPointOfDecide\"").unwrap() < json.rfind("\"constants\"").unwrap());
        // `isCompiled` closes a reference and is absent elsewhere.
        assert!(json.contains("\"isCompiled\": true\n"));
        assert!(!json.contains("\"isCompiled\": false"));
        assert_eq!(to_json(&[]), "[]\n");
    }

    #[test]
    fn constants_are_listed_once_in_order_of_first_use() {
        let source = "@library\n@quantifier(\"q,KEY,${$h}\")\ndef Q(v: Bytes) := Equal(v, $c)\n\
                      def f(a: Bytes) := Equal(a, $b) and Q().any() and G(a) and Equal($b, $c)\n\
                      @external\ndef G(a: Bytes)";
        let constants: Vec<(VarType, String)> = lower(&ir(source))[0]
            .constants
            .iter()
            .map(|c| (c.var_type, c.name.clone()))
            .collect();
        // Contracts in order (the T before the root), each hint first.
        let expected = [
            (VarType::Bytes, "h"),
            (VarType::Bytes, "c"),
            (VarType::Bytes, "b"),
            (VarType::Address, "G"),
        ];
        assert_eq!(constants, expected.map(|(t, n)| (t, n.to_string())));
    }
}
