//! The writer: a [`Program`] to bytes.
//!
//! The predicate table is written first, into its own buffer, interning every string and
//! literal as it goes: an entry's pool index is the order of its first use, which is the order
//! in which the loader meets the references. The header and the pool are then written in front
//! of it. Finally the writer loads what it wrote, so a program that the loader would reject is
//! an error here rather than a file nobody can read.

use super::{LoadError, MAGIC, MAX_INPUT_LEN, VERSION, leb128, load, tag};
use crate::program::{
    Arg, ArgSource, Call, Child, Connective, Contract, HintPart, Operand, Origin, Predicate, Program,
    hint_template,
};
use std::collections::HashMap;
use thiserror::Error;

/// Why a program has no bytecode.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EncodeError {
    /// The predicate was decoded from a property of the universal connectives
    /// ([`Origin::Connectives`]); only compiled predicates have a bytecode.
    #[error(
        "predicate `{predicate}` was decoded from a property of the connectives; only compiled predicates have a bytecode"
    )]
    Connectives {
        /// The predicate's name.
        predicate: String,
    },
    /// An operand calls a predicate by address ([`Call::Address`]), which only a program
    /// decoded from a property does.
    #[error("{at}: operand {operand} calls a predicate by address, which has no bytecode")]
    Address {
        /// The predicate and contract (`predicate 0 `P`, contract 2 `PA``).
        at: String,
        /// The operand's index.
        operand: usize,
    },
    /// A quantifier contract without quantifier data, or another contract with it.
    #[error("{at}: {message}")]
    Quantifier {
        /// The predicate and contract.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A quantifier's [`written`](crate::program::Quantifier::written) hint is not the
    /// [`hint_template`] of its hint, so the loader would not give it back.
    #[error(
        "{at}: the quantifier's written hint {written:?} is not the template {template:?} of its hint parts"
    )]
    Written {
        /// The predicate and contract.
        at: String,
        /// The written hint (lossily as text).
        written: String,
        /// Its template.
        template: String,
    },
    /// A child access `.4294967295`: `n + 1` does not fit in a `u32`.
    #[error("{at}: the child access .{} cannot be encoded (the largest is .{})", u32::MAX, u32::MAX - 1)]
    ChildIndex {
        /// The predicate and contract.
        at: String,
    },
    /// The encoding would be larger than [`MAX_INPUT_LEN`].
    #[error("the encoding would take at least {len} bytes, more than the limit of {MAX_INPUT_LEN}")]
    TooLarge {
        /// The encoding's length, or a lower bound of it.
        len: usize,
    },
    /// The program breaks a rule of the verifier ([`load`]): its error, whose offset is in
    /// the encoding that was written.
    #[error("the program does not verify: {}", .0.message())]
    Invalid(LoadError),
}

/// Encodes a program.
///
/// The encoding is deterministic (the same program always gives the same bytes) and is the
/// only one of the program: `load(&encode(p)?)` is `p`. A program that [`load`] would reject
/// is an error, as is one that has no bytecode: a predicate of [`Origin::Connectives`], a
/// [`Call::Address`], or a quantifier whose `written` hint is not its [`hint_template`].
pub fn encode(program: &Program) -> Result<Vec<u8>, EncodeError> {
    let mut writer = Writer::default();
    writer.count(program.predicates.len())?;
    for (p, predicate) in program.predicates.iter().enumerate() {
        writer.predicate(p, predicate)?;
    }
    let Writer { pool, body, .. } = writer;

    let pool_len: usize = pool.iter().map(|entry| leb128::MAX_LEN + entry.len()).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 2 + leb128::MAX_LEN + pool_len + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    leb128::write(&mut out, pool.len() as u32);
    for entry in &pool {
        leb128::write(&mut out, entry.len() as u32);
        out.extend_from_slice(entry);
    }
    out.extend_from_slice(&body);
    if out.len() > MAX_INPUT_LEN {
        return Err(EncodeError::TooLarge { len: out.len() });
    }

    let loaded = load(&out).map_err(EncodeError::Invalid)?;
    debug_assert_eq!(&loaded, program, "a verified program loads back as itself");
    Ok(out)
}

/// The pool so far and the predicate table.
#[derive(Default)]
struct Writer<'a> {
    pool: Vec<&'a [u8]>,
    index: HashMap<&'a [u8], u32>,
    body: Vec<u8>,
}

/// Where a contract is, for messages.
fn at(p: usize, predicate: &Predicate, c: usize, contract: &Contract) -> String {
    format!(
        "predicate {p} `{}`, contract {c} `{}`",
        predicate.name, contract.label
    )
}

impl<'a> Writer<'a> {
    /// A count or a length: anything over [`MAX_INPUT_LEN`] cannot fit, since each element
    /// takes at least a byte.
    fn count(&mut self, n: usize) -> Result<(), EncodeError> {
        if n > MAX_INPUT_LEN {
            return Err(EncodeError::TooLarge { len: n });
        }
        leb128::write(&mut self.body, n as u32);
        Ok(())
    }

    /// A pool index, interning the entry on its first use.
    fn pooled(&mut self, bytes: &'a [u8]) -> Result<(), EncodeError> {
        if bytes.len() > MAX_INPUT_LEN {
            return Err(EncodeError::TooLarge { len: bytes.len() });
        }
        let next = self.pool.len() as u32;
        let index = *self.index.entry(bytes).or_insert(next);
        if index == next {
            self.pool.push(bytes);
        }
        leb128::write(&mut self.body, index);
        Ok(())
    }

    fn byte(&mut self, byte: u8) {
        self.body.push(byte);
    }

    fn leb(&mut self, value: u32) {
        leb128::write(&mut self.body, value);
    }

    fn predicate(&mut self, p: usize, predicate: &'a Predicate) -> Result<(), EncodeError> {
        if predicate.origin == Origin::Connectives {
            return Err(EncodeError::Connectives {
                predicate: predicate.name.clone(),
            });
        }
        self.pooled(predicate.name.as_bytes())?;
        self.count(predicate.params.len())?;
        for param in &predicate.params {
            self.pooled(param.name.as_bytes())?;
            self.byte(tag::type_byte(param.ty));
        }
        self.leb(predicate.entry);
        self.count(predicate.contracts.len())?;
        for (c, contract) in predicate.contracts.iter().enumerate() {
            self.contract(&at(p, predicate, c, contract), contract)?;
        }
        Ok(())
    }

    fn contract(&mut self, at: &str, contract: &'a Contract) -> Result<(), EncodeError> {
        self.pooled(contract.label.as_bytes())?;
        self.byte(tag::connective_byte(contract.connective));
        self.count(contract.values.len())?;
        for value in &contract.values {
            self.pooled(value.as_bytes())?;
        }
        let quantifies = matches!(contract.connective, Connective::ForAll | Connective::ThereExists);
        match (&contract.quantifier, quantifies) {
            (Some(quantifier), true) => {
                let template = hint_template(&quantifier.hint, &contract.values, &quantifier.variable);
                if quantifier.written.as_ref() != template.as_bytes() {
                    return Err(EncodeError::Written {
                        at: at.to_string(),
                        written: String::from_utf8_lossy(&quantifier.written).into_owned(),
                        template,
                    });
                }
                self.pooled(quantifier.variable.as_bytes())?;
                self.count(quantifier.hint.len())?;
                for part in &quantifier.hint {
                    match part {
                        HintPart::Text(text) => {
                            self.byte(tag::HINT_TEXT);
                            self.pooled(text.as_bytes())?;
                        }
                        HintPart::Value(arg) => {
                            self.byte(tag::HINT_VALUE);
                            self.arg(at, arg)?;
                        }
                    }
                }
            }
            (None, false) => {}
            (Some(_), false) => {
                return Err(EncodeError::Quantifier {
                    at: at.to_string(),
                    message: format!(
                        "a {:?} contract has no quantifier data, but this one has",
                        contract.connective
                    ),
                });
            }
            (None, true) => {
                return Err(EncodeError::Quantifier {
                    at: at.to_string(),
                    message: format!(
                        "a {:?} contract has a bound variable and a hint, but this one has none",
                        contract.connective
                    ),
                });
            }
        }
        self.count(contract.operands.len())?;
        for (k, operand) in contract.operands.iter().enumerate() {
            self.operand(at, k, operand)?;
        }
        Ok(())
    }

    fn operand(&mut self, at: &str, k: usize, operand: &'a Operand) -> Result<(), EncodeError> {
        match &operand.call {
            Call::Atomic(name) => {
                self.byte(tag::CALL_ATOMIC);
                self.pooled(name.as_bytes())?;
            }
            Call::Contract(index) => {
                self.byte(tag::CALL_CONTRACT);
                self.leb(*index);
            }
            Call::Compiled(name) => {
                self.byte(tag::CALL_COMPILED);
                self.pooled(name.as_bytes())?;
            }
            Call::Property(arg) => {
                self.byte(tag::CALL_PROPERTY);
                self.arg(at, arg)?;
            }
            Call::Address(_) => {
                return Err(EncodeError::Address {
                    at: at.to_string(),
                    operand: k,
                });
            }
        }
        self.count(operand.args.len())?;
        for arg in &operand.args {
            self.arg(at, arg)?;
        }
        Ok(())
    }

    fn arg(&mut self, at: &str, arg: &'a Arg) -> Result<(), EncodeError> {
        match &arg.source {
            ArgSource::Value(index) => {
                self.byte(tag::ARG_VALUE);
                self.leb(*index);
            }
            ArgSource::Bound => self.byte(tag::ARG_BOUND),
            ArgSource::Constant(name, ty) => {
                self.byte(tag::ARG_CONSTANT);
                self.pooled(name.as_bytes())?;
                self.byte(tag::type_byte(*ty));
            }
            ArgSource::SelfAddress => self.byte(tag::ARG_SELF_ADDRESS),
            ArgSource::Literal(bytes) => {
                self.byte(tag::ARG_LITERAL);
                self.pooled(bytes)?;
            }
        }
        self.count(arg.path.len())?;
        for child in &arg.path {
            let code = match child {
                Child::Address => tag::CHILD_ADDRESS,
                Child::Input(i) => i
                    .checked_add(1)
                    .ok_or_else(|| EncodeError::ChildIndex { at: at.to_string() })?,
            };
            self.leb(code);
        }
        Ok(())
    }
}
