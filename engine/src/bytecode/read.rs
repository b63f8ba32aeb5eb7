//! The verifying loader: bytes to a [`Program`], checking everything on the way.
//!
//! The loader reads the file once, front to back, and checks each item as it reads it, so an
//! error names the byte where the file stops making sense. It never allocates for a count
//! before checking the count against the bytes left and against [`MAX_ELEMENTS`], and it
//! charges every string and literal it copies against [`MAX_DECODED_BYTES`], so the memory it
//! uses is bounded by a small multiple of the input's length.

use super::{
    MAGIC, MAX_DECODED_BYTES, MAX_DEPTH, MAX_ELEMENTS, MAX_INPUT_LEN, MAX_LABEL_LEN, MAX_PATH, VERSION,
    leb128, tag,
};
use crate::atomic::Atomic;
use crate::program::{
    Arg, ArgSource, Call, Child, Connective, Contract, HintPart, Operand, Origin, Param, Predicate, Program,
    Quantifier, hint_template,
};
use alloy_primitives::Bytes;
use std::collections::HashMap;
use std::fmt::Display;
use thiserror::Error;

/// Why bytes are not a valid program. Every error has the byte offset at which the problem
/// was found and a message that says what was expected there.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LoadError {
    /// The input is longer than [`MAX_INPUT_LEN`]; the offset is the limit.
    #[error("at byte {offset}: {message}")]
    TooLarge {
        /// The first byte past the limit.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// The input ends before the item at the offset is complete.
    #[error("at byte {offset}: {message}")]
    Truncated {
        /// Where the incomplete item starts.
        offset: usize,
        /// What was expected.
        message: String,
    },
    /// The item at the offset is malformed, or breaks a rule of the verifier.
    #[error("at byte {offset}: {message}")]
    Invalid {
        /// Where the item starts.
        offset: usize,
        /// What is wrong, and what was expected.
        message: String,
    },
}

impl LoadError {
    /// The byte offset at which the problem was found.
    pub fn offset(&self) -> usize {
        match self {
            LoadError::TooLarge { offset, .. }
            | LoadError::Truncated { offset, .. }
            | LoadError::Invalid { offset, .. } => *offset,
        }
    }

    /// What is wrong, without the offset.
    pub fn message(&self) -> &str {
        match self {
            LoadError::TooLarge { message, .. }
            | LoadError::Truncated { message, .. }
            | LoadError::Invalid { message, .. } => message,
        }
    }
}

/// Loads and verifies a program.
///
/// Accepts exactly the files [`encode`](super::encode) writes: for every `bytes` it accepts,
/// `encode(&load(bytes)?)` gives `bytes` back. Loaded predicates have [`Origin::Compiled`], and
/// each quantifier's [`Quantifier::written`] is its [`hint_template`].
pub fn load(bytes: &[u8]) -> std::result::Result<Program, LoadError> {
    if bytes.len() > MAX_INPUT_LEN {
        return Err(LoadError::TooLarge {
            offset: MAX_INPUT_LEN,
            message: format!(
                "the input has {} bytes, more than the limit of {MAX_INPUT_LEN}",
                bytes.len()
            ),
        });
    }
    let mut loader = Loader {
        bytes,
        pos: 0,
        pool: Vec::new(),
        pool_offsets: Vec::new(),
        used: 0,
        elements: 0,
        decoded: 0,
        predicate: None,
        contract: None,
    };
    loader.header()?;
    loader.pool()?;
    let predicates = loader.predicates()?;
    loader.end()?;
    Ok(Program { predicates })
}

/// The reading position and what has been read so far.
struct Loader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The constant pool's entries, borrowed from the input.
    pool: Vec<&'a [u8]>,
    /// Where each pool entry starts.
    pool_offsets: Vec<usize>,
    /// How many pool entries have been used: the next new entry must be this one.
    used: u32,
    /// Elements counted so far, against [`MAX_ELEMENTS`].
    elements: usize,
    /// Bytes of strings and literals copied so far, against [`MAX_DECODED_BYTES`].
    decoded: usize,
    /// The predicate being read (index and name), for messages.
    predicate: Option<(usize, String)>,
    /// The contract being read (index and label), for messages.
    contract: Option<(usize, String)>,
}

/// What an argument may refer to.
#[derive(Clone, Copy)]
struct Scope {
    /// The number of values of the contract.
    values: usize,
    /// Whether the contract is a quantifier (so [`ArgSource::Bound`] has a meaning).
    quantifier: bool,
    /// Whether the argument is part of the quantifier's hint (where the bound variable is not
    /// yet known).
    hint: bool,
}

/// The smallest number of bytes each kind of element takes, for checking counts. These are
/// the bytes its own layout always has, whatever the rules the loader checks later require
/// (a contract needs an operand), so that breaking such a rule gets its own message.
mod min_size {
    /// A pool entry: its length.
    pub const POOL_ENTRY: usize = 1;
    /// A predicate: name, parameter count, entry and contract count.
    pub const PREDICATE: usize = 4;
    /// A parameter: name and type byte.
    pub const PARAM: usize = 2;
    /// A contract: label, connective, value count and operand count.
    pub const CONTRACT: usize = 4;
    /// A value: its name.
    pub const VALUE: usize = 1;
    /// A hint part: tag and payload.
    pub const HINT_PART: usize = 2;
    /// An operand: call tag, payload and argument count.
    pub const OPERAND: usize = 3;
    /// An argument: source tag and path count.
    pub const ARG: usize = 2;
    /// A child access.
    pub const CHILD: usize = 1;
}

type Result<T> = std::result::Result<T, LoadError>;

impl<'a> Loader<'a> {
    // ---- errors -------------------------------------------------------------------------

    /// Where the error happened, as a prefix for its message.
    fn context(&self) -> String {
        match (&self.predicate, &self.contract) {
            (Some((p, name)), Some((c, label))) => {
                format!("predicate {p} `{name}`, contract {c} `{label}`: ")
            }
            (Some((p, name)), None) => format!("predicate {p} `{name}`: "),
            _ => String::new(),
        }
    }

    fn invalid(&self, offset: usize, message: impl Display) -> LoadError {
        LoadError::Invalid {
            offset,
            message: format!("{}{message}", self.context()),
        }
    }

    fn truncated(&self, offset: usize, expected: impl Display) -> LoadError {
        LoadError::Truncated {
            offset,
            message: format!("{}the input ends where {expected} was expected", self.context()),
        }
    }

    // ---- primitives ---------------------------------------------------------------------

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn byte(&mut self, what: impl Display + Copy) -> Result<u8> {
        let Some(&byte) = self.bytes.get(self.pos) else {
            return Err(self.truncated(self.pos, what));
        };
        self.pos += 1;
        Ok(byte)
    }

    fn take(&mut self, len: usize, what: impl Display) -> Result<&'a [u8]> {
        if len > self.remaining() {
            let left = self.remaining();
            return Err(self.truncated(self.pos, format_args!("{what} ({len} bytes, {left} left)")));
        }
        let bytes = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    fn leb(&mut self, what: impl Display) -> Result<u32> {
        let start = self.pos;
        match leb128::read(&self.bytes[start..]) {
            Ok((value, len)) => {
                self.pos += len;
                Ok(value)
            }
            Err(leb128::Error::Truncated) => {
                Err(self.truncated(start, format_args!("{what} (a LEB128 number)")))
            }
            Err(leb128::Error::Overflow) => {
                Err(self.invalid(start, format_args!("{what} is a LEB128 number that does not fit in 32 bits")))
            }
            Err(leb128::Error::NotMinimal) => Err(self.invalid(
                start,
                format_args!("{what} is a LEB128 number with a needless final zero byte; only the shortest encoding is valid"),
            )),
        }
    }

    /// A count of elements that each take at least `min_size` bytes, checked against the
    /// bytes left and [`MAX_ELEMENTS`] before anything is allocated for them.
    fn count(&mut self, what: impl Display, min_size: usize) -> Result<usize> {
        let start = self.pos;
        let count = self.leb(&what)? as usize;
        let room = self.remaining() / min_size;
        if count > room {
            let left = self.remaining();
            return Err(self.invalid(
                start,
                format_args!(
                    "{what} is {count}, but only {left} bytes follow, room for at most {room} (each takes at least {min_size} bytes)"
                ),
            ));
        }
        self.elements += count;
        if self.elements > MAX_ELEMENTS {
            return Err(self.invalid(
                start,
                format_args!(
                    "{what} is {count}, which takes the file over the limit of {MAX_ELEMENTS} elements"
                ),
            ));
        }
        Ok(count)
    }

    /// Charges `len` bytes against [`MAX_DECODED_BYTES`].
    fn charge(&mut self, offset: usize, len: usize) -> Result<()> {
        self.decoded = self.decoded.saturating_add(len);
        if self.decoded > MAX_DECODED_BYTES {
            return Err(self.invalid(
                offset,
                format_args!("the strings and literals of the program take more than the limit of {MAX_DECODED_BYTES} bytes"),
            ));
        }
        Ok(())
    }

    /// A pool index: in range, and either an entry used before or the next new one.
    fn pool_ref(&mut self, what: impl Display + Copy) -> Result<(usize, u32)> {
        let start = self.pos;
        let index = self.leb(format_args!("{what} (a constant pool index)"))?;
        let len = self.pool.len();
        if index as usize >= len {
            return Err(self.invalid(
                start,
                format_args!("{what} is constant pool entry {index}, but the pool has {len} entries"),
            ));
        }
        if index > self.used {
            let next = self.used;
            return Err(self.invalid(
                start,
                format_args!(
                    "{what} is constant pool entry {index}, but the next new entry must be {next}: entries are numbered in order of first use"
                ),
            ));
        }
        if index == self.used {
            self.used += 1;
        }
        Ok((start, index))
    }

    /// A string from the pool: its pool index and the string.
    fn string(&mut self, what: impl Display + Copy) -> Result<(u32, String)> {
        let (start, index) = self.pool_ref(what)?;
        let bytes = self.pool[index as usize];
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(self.invalid(
                start,
                format_args!("{what} is constant pool entry {index}, which is not valid UTF-8"),
            ));
        };
        self.charge(start, text.len())?;
        Ok((index, text.to_owned()))
    }

    /// A non-empty string from the pool.
    fn name(&mut self, what: impl Display + Copy) -> Result<(u32, String)> {
        let start = self.pos;
        let (index, name) = self.string(what)?;
        if name.is_empty() {
            return Err(self.invalid(start, format_args!("{what} is empty")));
        }
        Ok((index, name))
    }

    // ---- sections -----------------------------------------------------------------------

    fn header(&mut self) -> Result<()> {
        let magic = self.take(MAGIC.len(), "the magic `OVMB`")?;
        if magic != MAGIC {
            return Err(self.invalid(0, "expected the magic `OVMB`: this is not an .ovmb file"));
        }
        let version = self.take(2, "the format version")?;
        let version = u16::from_le_bytes([version[0], version[1]]);
        if version != VERSION {
            return Err(self.invalid(
                MAGIC.len(),
                format_args!("the format version is {version}; this loader reads version {VERSION}"),
            ));
        }
        Ok(())
    }

    fn pool(&mut self) -> Result<()> {
        let count = self.count("the constant pool's entry count", min_size::POOL_ENTRY)?;
        let mut seen: HashMap<&'a [u8], usize> = HashMap::new();
        for k in 0..count {
            let start = self.pos;
            let len = self.leb(format_args!("the length of constant pool entry {k}"))? as usize;
            let entry = self.take(len, format_args!("the bytes of constant pool entry {k}"))?;
            if let Some(first) = seen.insert(entry, k) {
                return Err(self.invalid(
                    start,
                    format_args!("constant pool entry {k} repeats entry {first}: each string or literal is in the pool once"),
                ));
            }
            self.pool.push(entry);
            self.pool_offsets.push(start);
        }
        Ok(())
    }

    fn predicates(&mut self) -> Result<Vec<Predicate>> {
        let count = self.count("the predicate count", min_size::PREDICATE)?;
        let mut names: HashMap<u32, usize> = HashMap::new();
        let mut predicates = Vec::new();
        for p in 0..count {
            let start = self.pos;
            let (index, name) = self.name(format_args!("the name of predicate {p}"))?;
            if let Some(first) = names.insert(index, p) {
                return Err(self.invalid(
                    start,
                    format_args!(
                        "predicate {p} is named `{name}`, like predicate {first}: predicate names are unique"
                    ),
                ));
            }
            self.predicate = Some((p, name.clone()));
            predicates.push(self.predicate_body(name)?);
            self.predicate = None;
        }
        Ok(predicates)
    }

    fn end(&mut self) -> Result<()> {
        if self.pos != self.bytes.len() {
            let extra = self.remaining();
            return Err(self.invalid(
                self.pos,
                format_args!(
                    "expected the end of the file after the predicate table, found {extra} more bytes"
                ),
            ));
        }
        if (self.used as usize) < self.pool.len() {
            let unused = self.used as usize;
            return Err(self.invalid(
                self.pool_offsets[unused],
                format_args!(
                    "constant pool entry {unused} is never used: the pool holds only what the program uses"
                ),
            ));
        }
        Ok(())
    }

    // ---- predicates ---------------------------------------------------------------------

    fn predicate_body(&mut self, name: String) -> Result<Predicate> {
        let nparams = self.count("the parameter count", min_size::PARAM)?;
        let mut params = Vec::new();
        let mut param_names: HashMap<u32, usize> = HashMap::new();
        for k in 0..nparams {
            let start = self.pos;
            let (index, param) = self.name(format_args!("the name of parameter {k}"))?;
            if let Some(first) = param_names.insert(index, k) {
                return Err(self.invalid(
                    start,
                    format_args!(
                        "parameter {k} is named `{param}`, like parameter {first}: parameter names are unique"
                    ),
                ));
            }
            let ty = self.ty(format_args!("the type of parameter {k} `{param}`"))?;
            params.push(Param { name: param, ty });
        }

        let entry_start = self.pos;
        let entry = self.leb("the entry contract's index")?;
        let count_start = self.pos;
        let ncontracts = self.count("the contract count", min_size::CONTRACT)?;
        if ncontracts == 0 {
            return Err(self.invalid(
                count_start,
                "the contract count is 0; a predicate has at least one contract",
            ));
        }
        let last = ncontracts - 1;
        if entry as usize != last {
            let why = if entry as usize > last {
                format!("which is out of range: there are {ncontracts} contracts")
            } else {
                format!(
                    "but the entry must be the last contract, {last}: every other contract is used by an operand of a later one"
                )
            };
            return Err(self.invalid(entry_start, format_args!("the entry is contract {entry}, {why}")));
        }

        let mut state = Contracts::default();
        for c in 0..ncontracts {
            let start = self.pos;
            let expect_values = (c == last).then_some(nparams);
            let (contract, depth) = self.contract(c, expect_values, &mut state)?;
            state.contracts.push(contract);
            state.depth.push(depth);
            state.parent.push(None);
            state.offsets.push(start);
            self.contract = None;
        }
        if let Some(unused) = (0..last).find(|&c| state.parent[c].is_none()) {
            let label = &state.contracts[unused].label;
            return Err(self.invalid(
                state.offsets[unused],
                format_args!(
                    "contract {unused} `{label}` is not used by any operand: every contract but the entry is used by exactly one"
                ),
            ));
        }
        Ok(Predicate {
            name,
            params,
            contracts: state.contracts,
            entry,
            origin: Origin::Compiled,
        })
    }

    fn ty(&mut self, what: impl Display + Copy) -> Result<ovm_abi::Type> {
        let start = self.pos;
        let byte = self.byte(what)?;
        tag::type_of(byte).ok_or_else(|| {
            self.invalid(
                start,
                format_args!("{what} is {byte}, which is not a type byte (0 to 5)"),
            )
        })
    }

    // ---- contracts ----------------------------------------------------------------------

    /// Reads contract `c`; `expect_values` is the number of values the entry contract must
    /// have (the predicate's parameters). Returns the contract and its depth.
    fn contract(
        &mut self,
        c: usize,
        expect_values: Option<usize>,
        state: &mut Contracts,
    ) -> Result<(Contract, u32)> {
        let start = self.pos;
        let (label_index, label) = self.name(format_args!("the label of contract {c}"))?;
        if label.len() > MAX_LABEL_LEN {
            return Err(self.invalid(
                start,
                format_args!(
                    "contract {c} has the label `{label}` of {} bytes; a label has at most {MAX_LABEL_LEN}",
                    label.len()
                ),
            ));
        }
        if let Some(first) = state.labels.insert(label_index, c) {
            return Err(self.invalid(
                start,
                format_args!(
                    "contract {c} has the label `{label}`, like contract {first}: labels are unique"
                ),
            ));
        }
        self.contract = Some((c, label.clone()));

        let connective_start = self.pos;
        let byte = self.byte("the connective")?;
        let Some(connective) = tag::connective_of(byte) else {
            return Err(self.invalid(
                connective_start,
                format_args!("the connective is {byte}, which is not a connective byte (0 to 4)"),
            ));
        };
        let quantifies = matches!(connective, Connective::ForAll | Connective::ThereExists);

        let values_start = self.pos;
        let nvalues = self.count("the value count", min_size::VALUE)?;
        if let Some(nparams) = expect_values
            && nvalues != nparams
        {
            return Err(self.invalid(
                values_start,
                format_args!(
                    "the entry contract has {nvalues} values, but the predicate has {nparams} parameters: its values are the parameters"
                ),
            ));
        }
        let mut values = Vec::new();
        let mut value_names: HashMap<u32, usize> = HashMap::new();
        for k in 0..nvalues {
            let start = self.pos;
            let (index, value) = self.name(format_args!("the name of value {k}"))?;
            if let Some(first) = value_names.insert(index, k) {
                return Err(self.invalid(
                    start,
                    format_args!("value {k} is named `{value}`, like value {first}: value names are unique"),
                ));
            }
            values.push(value);
        }

        let quantifier = if quantifies {
            Some(self.quantifier(&values, &value_names)?)
        } else {
            None
        };

        let operands_start = self.pos;
        let noperands = self.count("the operand count", min_size::OPERAND)?;
        match connective {
            Connective::And | Connective::Or if noperands == 0 => {
                return Err(self.invalid(
                    operands_start,
                    format_args!(
                        "an {connective:?} contract has at least one operand, but the operand count is 0"
                    ),
                ));
            }
            Connective::Not | Connective::ForAll | Connective::ThereExists if noperands != 1 => {
                return Err(self.invalid(
                    operands_start,
                    format_args!(
                        "a {connective:?} contract has exactly one operand (its body), but the operand count is {noperands}"
                    ),
                ));
            }
            _ => {}
        }
        let scope = Scope {
            values: nvalues,
            quantifier: quantifies,
            hint: false,
        };
        let mut operands = Vec::new();
        let mut depth = 1;
        for k in 0..noperands {
            let (operand, operand_depth) = self.operand(c, k, scope, state)?;
            operands.push(operand);
            depth = depth.max(operand_depth + 1);
        }
        let contract = Contract {
            label,
            connective,
            values,
            quantifier,
            operands,
        };
        Ok((contract, depth))
    }

    fn quantifier(&mut self, values: &[String], value_names: &HashMap<u32, usize>) -> Result<Quantifier> {
        let start = self.pos;
        let (index, variable) = self.name("the bound variable's name")?;
        if let Some(k) = value_names.get(&index) {
            return Err(self.invalid(
                start,
                format_args!(
                    "the bound variable `{variable}` has the name of value {k}; it is bound here, not given"
                ),
            ));
        }
        let nparts = self.count("the hint part count", min_size::HINT_PART)?;
        let scope = Scope {
            values: values.len(),
            quantifier: true,
            hint: true,
        };
        let mut hint = Vec::new();
        let mut written_len = 0usize;
        for k in 0..nparts {
            let start = self.pos;
            let tag = self.byte(format_args!("the tag of hint part {k}"))?;
            let part = match tag {
                tag::HINT_TEXT => HintPart::Text(self.string(format_args!("the text of hint part {k}"))?.1),
                tag::HINT_VALUE => HintPart::Value(self.arg(scope)?),
                _ => {
                    return Err(self.invalid(
                        start,
                        format_args!(
                            "the tag of hint part {k} is {tag}, which is not a hint part tag (0 to 1)"
                        ),
                    ));
                }
            };
            written_len = written_len.saturating_add(part_len(&part, values));
            hint.push(part);
        }
        // The template copies the values' names into it: charge it before building it.
        self.charge(start, written_len)?;
        let written = hint_template(&hint, values, &variable);
        debug_assert_eq!(written.len(), written_len);
        Ok(Quantifier {
            variable,
            hint,
            written: Bytes::from(written.into_bytes()),
        })
    }

    // ---- operands and arguments ---------------------------------------------------------

    /// Reads operand `k` of contract `c`; returns it and its depth (1 for a call, the
    /// contract's depth for a contract).
    fn operand(&mut self, c: usize, k: usize, scope: Scope, state: &mut Contracts) -> Result<(Operand, u32)> {
        let start = self.pos;
        let tag = self.byte(format_args!("the call tag of operand {k}"))?;
        let mut depth = 1;
        let mut expect_args = None;
        let call = match tag {
            tag::CALL_ATOMIC => {
                let name_start = self.pos;
                let (_, name) = self.string(format_args!("the atomic predicate of operand {k}"))?;
                if Atomic::from_name(&name).is_none() {
                    return Err(self.invalid(
                        name_start,
                        format_args!("operand {k} calls `{name}`, which is not an atomic predicate"),
                    ));
                }
                Call::Atomic(name)
            }
            tag::CALL_CONTRACT => {
                let index_start = self.pos;
                let target = self.leb(format_args!("the contract operand {k} refers to"))?;
                let j = target as usize;
                if j >= c {
                    return Err(self.invalid(
                        index_start,
                        format_args!("contract {c} refers to contract {target}, which is not before it"),
                    ));
                }
                let callee = &state.contracts[j];
                if let Some(parent) = state.parent[j] {
                    return Err(self.invalid(
                        index_start,
                        format_args!(
                            "operand {k} refers to contract {j} `{}`, which contract {parent} already uses: every contract but the entry is used by exactly one operand",
                            callee.label
                        ),
                    ));
                }
                depth = state.depth[j];
                if depth + 1 > MAX_DEPTH {
                    return Err(self.invalid(
                        index_start,
                        format_args!(
                            "operand {k} refers to contract {j} `{}` of depth {depth}, which makes contract {c} deeper than the limit of {MAX_DEPTH}",
                            callee.label
                        ),
                    ));
                }
                expect_args = Some((j, callee.values.len()));
                state.parent[j] = Some(c);
                Call::Contract(target)
            }
            tag::CALL_COMPILED => {
                Call::Compiled(self.name(format_args!("the predicate operand {k} calls"))?.1)
            }
            tag::CALL_PROPERTY => Call::Property(self.arg(scope)?),
            _ => {
                return Err(self.invalid(
                    start,
                    format_args!("the call tag of operand {k} is {tag}, which is not a call tag (0 to 3)"),
                ));
            }
        };
        let args_start = self.pos;
        let nargs = self.count(format_args!("the argument count of operand {k}"), min_size::ARG)?;
        if let Some((j, nvalues)) = expect_args
            && nargs != nvalues
        {
            let label = &state.contracts[j].label;
            return Err(self.invalid(
                args_start,
                format_args!(
                    "operand {k} passes {nargs} arguments to contract {j} `{label}`, which has {nvalues} values"
                ),
            ));
        }
        let mut args = Vec::new();
        for _ in 0..nargs {
            args.push(self.arg(scope)?);
        }
        Ok((Operand { call, args }, depth))
    }

    fn arg(&mut self, scope: Scope) -> Result<Arg> {
        let start = self.pos;
        let tag = self.byte("an argument source tag")?;
        let source = match tag {
            tag::ARG_VALUE => {
                let index = self.leb("the index of an argument's value")?;
                if index as usize >= scope.values {
                    return Err(self.invalid(
                        start,
                        format_args!(
                            "an argument uses value {index}, but the contract has {} values",
                            scope.values
                        ),
                    ));
                }
                ArgSource::Value(index)
            }
            tag::ARG_BOUND => {
                if !scope.quantifier {
                    return Err(self.invalid(
                        start,
                        "an argument uses the bound variable, but the contract is not a quantifier",
                    ));
                }
                if scope.hint {
                    return Err(self.invalid(
                        start,
                        "the hint uses the bound variable, which the hint is there to find",
                    ));
                }
                ArgSource::Bound
            }
            tag::ARG_CONSTANT => {
                let (_, name) = self.name("the name of a constant")?;
                let ty = self.ty(format_args!("the type of the constant `{name}`"))?;
                ArgSource::Constant(name, ty)
            }
            tag::ARG_SELF_ADDRESS => ArgSource::SelfAddress,
            tag::ARG_LITERAL => {
                let (index_start, index) = self.pool_ref("a literal")?;
                let bytes = self.pool[index as usize];
                self.charge(index_start, bytes.len())?;
                ArgSource::Literal(Bytes::copy_from_slice(bytes))
            }
            _ => {
                return Err(self.invalid(
                    start,
                    format_args!("the argument source tag is {tag}, which is not a source tag (0 to 4)"),
                ));
            }
        };
        let path_start = self.pos;
        let len = self.count("the number of child accesses", min_size::CHILD)?;
        if len > MAX_PATH {
            return Err(self.invalid(
                path_start,
                format_args!("an argument has {len} child accesses; the limit is {MAX_PATH}"),
            ));
        }
        let mut path = Vec::with_capacity(len);
        for _ in 0..len {
            let child = self.leb("a child access")?;
            path.push(match child {
                tag::CHILD_ADDRESS => Child::Address,
                n => Child::Input(n - 1),
            });
        }
        Ok(Arg { source, path })
    }
}

/// The contracts of the predicate being read, and what is known about them.
#[derive(Default)]
struct Contracts {
    contracts: Vec<Contract>,
    /// Each contract's depth.
    depth: Vec<u32>,
    /// The contract whose operand uses each contract, once one does.
    parent: Vec<Option<usize>>,
    /// Where each contract starts.
    offsets: Vec<usize>,
    /// The contract of each label, by pool index.
    labels: HashMap<u32, usize>,
}

/// The length of a hint part in [`hint_template`], computed without building it (for a part
/// the loader has verified: a value index in range, and no bound variable).
fn part_len(part: &HintPart, values: &[String]) -> usize {
    let arg = match part {
        HintPart::Text(text) => return text.len(),
        HintPart::Value(arg) => arg,
    };
    let head = match &arg.source {
        ArgSource::Value(i) => values.get(*i as usize).map_or(1, String::len),
        ArgSource::Bound => 0,
        ArgSource::Constant(name, _) => 1 + name.len(),
        ArgSource::SelfAddress => "self.address".len(),
        ArgSource::Literal(bytes) if arg.path.is_empty() => return 2 + 2 * bytes.len(),
        ArgSource::Literal(bytes) => 2 + 2 * bytes.len(),
    };
    let path: usize = arg
        .path
        .iter()
        .map(|child| match child {
            Child::Input(i) => 1 + decimal_len(*i),
            Child::Address => ".address".len(),
        })
        .sum();
    "${".len() + head + path + "}".len()
}

/// The number of decimal digits of `n`.
fn decimal_len(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ovm_abi::Type;

    #[test]
    fn decimal_lengths() {
        for (n, len) in [(0, 1), (9, 1), (10, 2), (99, 2), (100, 3), (u32::MAX, 10)] {
            assert_eq!(decimal_len(n), len, "{n}");
            assert_eq!(n.to_string().len(), len, "{n}");
        }
    }

    #[test]
    fn part_lengths_are_the_template_lengths() {
        let values = vec!["su".to_string(), "a_longer_name".to_string()];
        let arg = |source: ArgSource, path: Vec<Child>| HintPart::Value(Arg { source, path });
        let parts = vec![
            HintPart::Text("blocks,".into()),
            HintPart::Text(String::new()),
            arg(ArgSource::Value(0), vec![]),
            arg(
                ArgSource::Value(1),
                vec![Child::Input(0), Child::Address, Child::Input(10)],
            ),
            arg(ArgSource::Constant("zero".into(), Type::Bytes32), vec![]),
            arg(
                ArgSource::Constant("c".into(), Type::Property),
                vec![Child::Input(u32::MAX - 1)],
            ),
            arg(ArgSource::SelfAddress, vec![]),
            arg(ArgSource::SelfAddress, vec![Child::Address]),
            arg(ArgSource::Literal(Bytes::from_static(&[1, 2, 3])), vec![]),
            arg(ArgSource::Literal(Bytes::new()), vec![]),
            arg(
                ArgSource::Literal(Bytes::from_static(&[0xff])),
                vec![Child::Input(99)],
            ),
        ];
        for part in &parts {
            let single = std::slice::from_ref(part);
            assert_eq!(
                part_len(part, &values),
                hint_template(single, &values, "v").len(),
                "{part:?}"
            );
        }
        let total: usize = parts.iter().map(|part| part_len(part, &values)).sum();
        assert_eq!(total, hint_template(&parts, &values, "v").len());
    }
}
