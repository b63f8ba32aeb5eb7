//! The `.ovmb` format: round trips, the verifier's rules, hostile inputs and the disassembly.

use alloy_primitives::{Address, Bytes};
use ovm_abi::Type;
use ovm_engine::atomic::Atomic;
use ovm_engine::bytecode::{
    EncodeError, LoadError, MAX_DEPTH, MAX_ELEMENTS, MAX_INPUT_LEN, MAX_PATH, disassemble, encode, load,
};
use ovm_engine::program::{
    Arg, ArgSource, Call, Child, Connective, Contract, HintPart, Operand, Origin, Param, Predicate, Program,
    Quantifier, hint_template,
};
use proptest::prelude::*;
use std::time::{Duration, Instant};

// ---- building programs ----------------------------------------------------------------------

fn value(i: u32) -> Arg {
    Arg::whole(ArgSource::Value(i))
}

fn bound() -> Arg {
    Arg::whole(ArgSource::Bound)
}

fn with_path(source: ArgSource, path: &[Child]) -> Arg {
    Arg {
        source,
        path: path.to_vec(),
    }
}

fn literal(bytes: &[u8]) -> Arg {
    Arg::whole(ArgSource::Literal(Bytes::copy_from_slice(bytes)))
}

fn op(call: Call, args: Vec<Arg>) -> Operand {
    Operand { call, args }
}

fn atomic(name: &str, args: Vec<Arg>) -> Operand {
    op(Call::Atomic(name.to_string()), args)
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn contract(label: &str, connective: Connective, values: &[&str], operands: Vec<Operand>) -> Contract {
    Contract {
        label: label.to_string(),
        connective,
        values: strings(values),
        quantifier: None,
        operands,
    }
}

fn quantifier_contract(
    label: &str,
    connective: Connective,
    values: &[&str],
    variable: &str,
    hint: Vec<HintPart>,
    body: Operand,
) -> Contract {
    let values = strings(values);
    let written = Bytes::from(hint_template(&hint, &values, variable).into_bytes());
    Contract {
        label: label.to_string(),
        connective,
        values,
        quantifier: Some(Quantifier {
            variable: variable.to_string(),
            hint,
            written,
        }),
        operands: vec![body],
    }
}

fn predicate(name: &str, params: &[(&str, Type)], contracts: Vec<Contract>) -> Predicate {
    Predicate {
        name: name.to_string(),
        params: params
            .iter()
            .map(|(name, ty)| Param {
                name: name.to_string(),
                ty: *ty,
            })
            .collect(),
        entry: contracts.len() as u32 - 1,
        contracts,
        origin: Origin::Compiled,
    }
}

/// `docs/compiled-json.md`'s example.
fn ownership() -> Predicate {
    predicate(
        "Ownership",
        &[("owner", Type::Address), ("tx", Type::Bytes)],
        vec![quantifier_contract(
            "OwnershipT",
            Connective::ThereExists,
            &["owner", "tx"],
            "v0",
            vec![
                HintPart::Text("signatures,KEY,".into()),
                HintPart::Value(value(1)),
            ],
            atomic(
                "IsValidSignature",
                vec![
                    value(1),
                    bound(),
                    value(0),
                    Arg::whole(ArgSource::Constant("secp256k1".into(), Type::Bytes)),
                ],
            ),
        )],
    )
}

/// A predicate with every kind of call, source, child access and hint part.
fn exit() -> Predicate {
    let su_0 = with_path(ArgSource::Value(0), &[Child::Input(0)]);
    let su_address = with_path(ArgSource::Value(0), &[Child::Address]);
    let zero_1 = with_path(
        ArgSource::Constant("zero".into(), Type::Property),
        &[Child::Input(1)],
    );
    predicate(
        "Exit",
        &[("su", Type::Property), ("proof", Type::Bytes)],
        vec![
            contract(
                "ExitA2FO1N",
                Connective::Not,
                &["su", "b"],
                vec![op(Call::Property(su_0), vec![value(1)])],
            ),
            contract(
                "ExitA2FO",
                Connective::Or,
                &["su", "b"],
                vec![
                    op(Call::Contract(0), vec![value(0), value(1)]),
                    atomic("Equal", vec![value(1), literal(&[0x00, 0xff])]),
                ],
            ),
            quantifier_contract(
                "ExitA2F",
                Connective::ForAll,
                &["su"],
                "b",
                vec![
                    HintPart::Text("blocks,RANGE,".into()),
                    HintPart::Value(su_address),
                    HintPart::Text(",".into()),
                    HintPart::Value(literal(&[0x01])),
                    HintPart::Text(",".into()),
                    HintPart::Value(Arg::whole(ArgSource::SelfAddress)),
                    HintPart::Text(",".into()),
                    HintPart::Value(zero_1),
                ],
                op(Call::Contract(1), vec![value(0), bound()]),
            ),
            contract(
                "ExitA",
                Connective::And,
                &["su", "proof"],
                vec![
                    op(Call::Compiled("Ownership".into()), vec![value(0)]),
                    op(Call::Contract(2), vec![value(0)]),
                    atomic(
                        "IsValidHash",
                        vec![
                            value(1),
                            with_path(ArgSource::Value(0), &[Child::Input(1), Child::Address]),
                        ],
                    ),
                    atomic(
                        "IsLessThan",
                        vec![
                            Arg::whole(ArgSource::SelfAddress),
                            with_path(ArgSource::Literal(Bytes::from_static(b"ab")), &[Child::Input(3)]),
                        ],
                    ),
                ],
            ),
        ],
    )
}

fn two_predicates() -> Program {
    Program {
        predicates: vec![ownership(), exit()],
    }
}

/// A chain of `n` contracts: contract 0 an `And` of an atom, each next a `Not` of the one
/// before. Contract `i` has depth `i + 2`.
fn chain(n: usize) -> Program {
    let mut contracts = vec![contract(
        "D0",
        Connective::And,
        &[],
        vec![atomic(
            "Equal",
            vec![
                Arg::whole(ArgSource::SelfAddress),
                Arg::whole(ArgSource::SelfAddress),
            ],
        )],
    )];
    for i in 1..n {
        contracts.push(contract(
            &format!("D{i}"),
            Connective::Not,
            &[],
            vec![op(Call::Contract(i as u32 - 1), vec![])],
        ));
    }
    Program {
        predicates: vec![predicate("Deep", &[], contracts)],
    }
}

/// The loader's verdict on a program the writer refuses because it does not verify.
fn invalid(program: &Program) -> LoadError {
    match encode(program) {
        Err(EncodeError::Invalid(error)) => error,
        other => panic!("expected the verifier to reject the program, got {other:?}"),
    }
}

fn assert_invalid(program: &Program, needle: &str) {
    let error = invalid(program);
    assert!(
        error.message().contains(needle),
        "expected an error containing {needle:?}, got: {error}"
    );
}

fn round_trip(program: &Program) -> Vec<u8> {
    let bytes = encode(program).expect("the program encodes");
    let loaded = load(&bytes).expect("its encoding loads");
    assert_eq!(&loaded, program);
    assert_eq!(encode(&loaded).unwrap(), bytes, "encoding is deterministic");
    bytes
}

/// Loads bytes; when they load, encoding the program must give the same bytes.
fn load_canonical(bytes: &[u8]) -> Result<Program, LoadError> {
    let loaded = load(bytes);
    if let Ok(program) = &loaded {
        assert_eq!(
            encode(program).as_deref(),
            Ok(bytes),
            "a loaded program re-encodes to its bytes"
        );
    }
    loaded
}

// ---- round trips ----------------------------------------------------------------------------

#[test]
fn round_trips_hand_written_programs() {
    round_trip(&Program { predicates: vec![] });
    round_trip(&Program {
        predicates: vec![ownership()],
    });
    round_trip(&Program {
        predicates: vec![exit()],
    });
    round_trip(&two_predicates());
    round_trip(&chain(1));
    round_trip(&chain(MAX_DEPTH as usize - 1));
}

#[test]
fn the_empty_program_is_eight_bytes() {
    let bytes = round_trip(&Program { predicates: vec![] });
    assert_eq!(bytes, b"OVMB\x01\x00\x00\x00");
}

#[test]
fn ownership_bytes_are_stable() {
    let bytes = round_trip(&Program {
        predicates: vec![ownership()],
    });
    let expected = [
        "4f564d42 0100",                       // magic, version 1
        "08",                                  // 8 pool entries, in order of first use:
        "09 4f776e657273686970",               //   0 Ownership
        "05 6f776e6572",                       //   1 owner
        "02 7478",                             //   2 tx
        "0a 4f776e65727368697054",             //   3 OwnershipT
        "02 7630",                             //   4 v0
        "0f 7369676e6174757265732c4b45592c",   //   5 signatures,KEY,
        "10 497356616c69645369676e6174757265", //   6 IsValidSignature
        "09 736563703235366b31",               //   7 secp256k1
        "01",                                  // 1 predicate
        "00",                                  //   name: Ownership
        "02 0100 0201",                        //   params: owner Address, tx Bytes
        "00",                                  //   entry 0
        "01",                                  //   1 contract
        "03 04",                               //     OwnershipT, ThereExists
        "02 01 02",                            //     values: owner, tx
        "04",                                  //     variable v0
        "02 00 05 01 000100",                  //     hint: text 5, value 1
        "01",                                  //     1 operand
        "00 06",                               //       IsValidSignature
        "04 000100 0100 000000 02070100",      //       (tx, v0, owner, $secp256k1: Bytes)
    ]
    .concat()
    .replace(' ', "");
    assert_eq!(alloy_primitives::hex::encode(&bytes), expected);
}

#[test]
fn disassembly() {
    insta::assert_snapshot!(disassemble(&two_predicates()), @r#"
    predicate Ownership(owner: Address, tx: Bytes)
      entry OwnershipT
      contract OwnershipT (owner, tx)
        ThereExists v0 in "signatures,KEY,${tx}"
          IsValidSignature(tx, v0, owner, $secp256k1: Bytes)

    predicate Exit(su: Property, proof: Bytes)
      entry ExitA
      contract ExitA2FO1N (su, b)
        Not
          property su.0(b)
      contract ExitA2FO (su, b)
        Or
          ExitA2FO1N(su, b)
          Equal(b, 0x00ff)
      contract ExitA2F (su)
        ForAll b in "blocks,RANGE,${su.address},0x01,${self.address},${$zero.1}"
          ExitA2FO(su, b)
      contract ExitA (su, proof)
        And
          compiled Ownership(su)
          ExitA2F(su)
          IsValidHash(proof, su.1.address)
          IsLessThan(self.address, 0x6162.3)
    "#);
}

#[test]
fn disassembly_of_what_bytecode_cannot_hold() {
    // Programs decoded from properties, and programs that do not verify, are listed too.
    let mut decoded = ownership();
    decoded.origin = Origin::Connectives;
    let quantifier = decoded.contracts[0].quantifier.as_mut().unwrap();
    quantifier.written = Bytes::from_static(b"\x01\x02");
    decoded.contracts[0].operands.push(op(
        Call::Address(Address::repeat_byte(0x11)),
        vec![
            value(7),
            with_path(ArgSource::Constant("c".into(), Type::Property), &[Child::Address]),
        ],
    ));
    decoded.contracts[0].operands.push(op(Call::Contract(9), vec![]));
    decoded.entry = 5;
    insta::assert_snapshot!(disassemble(&Program { predicates: vec![decoded] }), @r#"
    predicate Ownership(owner: Address, tx: Bytes)
      origin connectives
      entry ?5
      contract OwnershipT (owner, tx)
        ThereExists v0 in "signatures,KEY,${tx}" written 0x0102
          IsValidSignature(tx, v0, owner, $secp256k1: Bytes)
          address 0x1111111111111111111111111111111111111111(?7, ($c: Property).address)
          ?9()
    "#);
}

// ---- what has no bytecode -------------------------------------------------------------------

#[test]
fn decoded_predicates_have_no_bytecode() {
    let mut decoded = ownership();
    decoded.origin = Origin::Connectives;
    let error = encode(&Program {
        predicates: vec![decoded],
    })
    .unwrap_err();
    assert!(
        matches!(error, EncodeError::Connectives { ref predicate } if predicate == "Ownership"),
        "{error}"
    );

    let mut by_address = ownership();
    by_address.contracts[0].operands[0].call = Call::Address(Address::ZERO);
    let error = encode(&Program {
        predicates: vec![by_address],
    })
    .unwrap_err();
    assert!(
        matches!(error, EncodeError::Address { operand: 0, .. }),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "predicate 0 `Ownership`, contract 0 `OwnershipT`: operand 0 calls a predicate by address, which has no bytecode"
    );
}

#[test]
fn written_hints_must_be_their_templates() {
    let mut program = Program {
        predicates: vec![ownership()],
    };
    program.predicates[0].contracts[0]
        .quantifier
        .as_mut()
        .unwrap()
        .written = Bytes::from_static(b"signatures");
    let error = encode(&program).unwrap_err();
    assert!(matches!(error, EncodeError::Written { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains(r#"is not the template "signatures,KEY,${tx}""#),
        "{error}"
    );
}

#[test]
fn quantifier_data_exactly_for_quantifiers() {
    let mut missing = ownership();
    missing.contracts[0].quantifier = None;
    let error = encode(&Program {
        predicates: vec![missing],
    })
    .unwrap_err();
    assert!(matches!(error, EncodeError::Quantifier { .. }), "{error}");

    let mut extra = ownership();
    extra.contracts[0].connective = Connective::And;
    let error = encode(&Program {
        predicates: vec![extra],
    })
    .unwrap_err();
    assert!(matches!(error, EncodeError::Quantifier { .. }), "{error}");
}

#[test]
fn the_last_child_index_cannot_be_encoded() {
    let mut program = Program {
        predicates: vec![ownership()],
    };
    program.predicates[0].contracts[0].operands[0].args[0].path = vec![Child::Input(u32::MAX)];
    assert!(matches!(encode(&program), Err(EncodeError::ChildIndex { .. })));
    program.predicates[0].contracts[0].operands[0].args[0].path = vec![Child::Input(u32::MAX - 1)];
    round_trip(&program);
}

// ---- the verifier's rules -------------------------------------------------------------------

/// A one-predicate program `P` whose entry contract `PA` is an `And` of the operands.
fn single(values: &[&str], operands: Vec<Operand>) -> Program {
    let params: Vec<(&str, Type)> = values.iter().map(|v| (*v, Type::Bytes)).collect();
    Program {
        predicates: vec![predicate(
            "P",
            &params,
            vec![contract("PA", Connective::And, values, operands)],
        )],
    }
}

fn equal() -> Operand {
    atomic(
        "Equal",
        vec![
            Arg::whole(ArgSource::SelfAddress),
            Arg::whole(ArgSource::SelfAddress),
        ],
    )
}

#[test]
fn contracts_refer_only_backwards() {
    let mut program = single(&[], vec![op(Call::Contract(0), vec![])]);
    assert_invalid(
        &program,
        "contract 0 refers to contract 0, which is not before it",
    );
    program.predicates[0].contracts.insert(
        0,
        contract("PB", Connective::And, &[], vec![op(Call::Contract(1), vec![])]),
    );
    program.predicates[0].entry = 1;
    let error = invalid(&program);
    assert_eq!(
        error.message(),
        "predicate 0 `P`, contract 0 `PB`: contract 0 refers to contract 1, which is not before it"
    );
}

#[test]
fn contracts_form_a_tree_rooted_at_the_last() {
    let leaf = contract("PB", Connective::And, &[], vec![equal()]);
    let twice = Program {
        predicates: vec![predicate(
            "P",
            &[],
            vec![
                leaf.clone(),
                contract(
                    "PA",
                    Connective::And,
                    &[],
                    vec![op(Call::Contract(0), vec![]), op(Call::Contract(0), vec![])],
                ),
            ],
        )],
    };
    assert_invalid(&twice, "refers to contract 0 `PB`, which contract 1 already uses");

    let unused = Program {
        predicates: vec![predicate(
            "P",
            &[],
            vec![leaf.clone(), contract("PA", Connective::And, &[], vec![equal()])],
        )],
    };
    assert_invalid(&unused, "contract 0 `PB` is not used by any operand");

    let mut first = Program {
        predicates: vec![predicate(
            "P",
            &[],
            vec![
                leaf,
                contract("PA", Connective::And, &[], vec![op(Call::Contract(0), vec![])]),
            ],
        )],
    };
    first.predicates[0].entry = 0;
    assert_invalid(
        &first,
        "the entry is contract 0, but the entry must be the last contract, 1",
    );
    first.predicates[0].entry = 2;
    assert_invalid(
        &first,
        "the entry is contract 2, which is out of range: there are 2 contracts",
    );

    let empty = Program {
        predicates: vec![Predicate {
            name: "P".into(),
            params: vec![],
            contracts: vec![],
            entry: 0,
            origin: Origin::Compiled,
        }],
    };
    assert_invalid(&empty, "a predicate has at least one contract");
}

#[test]
fn operand_counts() {
    assert_invalid(&single(&[], vec![]), "an And contract has at least one operand");
    let mut program = single(&[], vec![equal(), equal()]);
    program.predicates[0].contracts[0].connective = Connective::Not;
    assert_invalid(
        &program,
        "a Not contract has exactly one operand (its body), but the operand count is 2",
    );
    let mut program = Program {
        predicates: vec![ownership()],
    };
    program.predicates[0].contracts[0].operands.clear();
    assert_invalid(
        &program,
        "a ThereExists contract has exactly one operand (its body), but the operand count is 0",
    );
    program.predicates[0].contracts[0].connective = Connective::ForAll;
    program.predicates[0].contracts[0].operands = vec![equal(), equal()];
    assert_invalid(&program, "a ForAll contract has exactly one operand");
}

#[test]
fn contract_calls_pass_every_value() {
    let callee = contract(
        "PB",
        Connective::And,
        &["a", "b"],
        vec![atomic("Equal", vec![value(0), value(1)])],
    );
    let caller = contract(
        "PA",
        Connective::And,
        &["x"],
        vec![op(Call::Contract(0), vec![value(0)])],
    );
    let program = Program {
        predicates: vec![predicate("P", &[("x", Type::Bytes)], vec![callee, caller])],
    };
    assert_invalid(
        &program,
        "operand 0 passes 1 arguments to contract 0 `PB`, which has 2 values",
    );
}

#[test]
fn arguments_refer_to_what_exists() {
    assert_invalid(
        &single(&["a"], vec![atomic("Equal", vec![value(1)])]),
        "an argument uses value 1, but the contract has 1 values",
    );
    assert_invalid(
        &single(&[], vec![atomic("Equal", vec![bound()])]),
        "an argument uses the bound variable, but the contract is not a quantifier",
    );
    let mut program = Program {
        predicates: vec![ownership()],
    };
    let quantifier = program.predicates[0].contracts[0].quantifier.as_mut().unwrap();
    quantifier.hint.push(HintPart::Value(bound()));
    quantifier.written = Bytes::from_static(b"signatures,KEY,${tx}${v0}");
    assert_invalid(&program, "the hint uses the bound variable");
    let mut program = single(&[], vec![equal()]);
    program.predicates[0].contracts[0].operands[0].args[0].path = vec![Child::Address; MAX_PATH + 1];
    assert_invalid(&program, "an argument has 17 child accesses; the limit is 16");
    program.predicates[0].contracts[0].operands[0].args[0].path = vec![Child::Address; MAX_PATH];
    round_trip(&program);
}

#[test]
fn names() {
    assert_invalid(
        &single(&[], vec![atomic("Equals", vec![])]),
        "operand 0 calls `Equals`, which is not an atomic predicate",
    );
    for atomic_predicate in Atomic::ALL {
        round_trip(&single(&[], vec![atomic(atomic_predicate.name(), vec![])]));
    }
    assert_invalid(
        &single(&[], vec![op(Call::Compiled(String::new()), vec![])]),
        "the predicate operand 0 calls is empty",
    );
    assert_invalid(
        &single(
            &[],
            vec![atomic(
                "Equal",
                vec![Arg::whole(ArgSource::Constant(String::new(), Type::Bytes))],
            )],
        ),
        "the name of a constant is empty",
    );
    assert_invalid(
        &single(&["a", "a"], vec![equal()]),
        "parameter 1 is named `a`, like parameter 0",
    );
    let mut program = single(&["a", "b"], vec![equal()]);
    program.predicates[0].contracts[0].values[1] = "a".into();
    assert_invalid(&program, "value 1 is named `a`, like value 0");
    program.predicates[0].contracts[0].values.pop();
    assert_invalid(
        &program,
        "the entry contract has 1 values, but the predicate has 2 parameters",
    );
    let mut program = Program {
        predicates: vec![ownership()],
    };
    let quantifier = program.predicates[0].contracts[0].quantifier.as_mut().unwrap();
    quantifier.variable = "owner".into();
    quantifier.written = Bytes::from_static(b"signatures,KEY,${tx}");
    assert_invalid(&program, "the bound variable `owner` has the name of value 0");
}

#[test]
fn labels() {
    let mut program = single(&[], vec![equal()]);
    program.predicates[0].contracts[0].label = "P".repeat(19);
    assert_invalid(&program, "of 19 bytes; a label has at most 18");
    program.predicates[0].contracts[0].label = "P".repeat(18);
    round_trip(&program);
    program.predicates[0].contracts[0].label = String::new();
    assert_invalid(&program, "the label of contract 0 is empty");
    let duplicate = Program {
        predicates: vec![predicate(
            "P",
            &[],
            vec![
                contract("PA", Connective::And, &[], vec![equal()]),
                contract("PA", Connective::Not, &[], vec![op(Call::Contract(0), vec![])]),
            ],
        )],
    };
    assert_invalid(
        &duplicate,
        "contract 1 has the label `PA`, like contract 0: labels are unique",
    );
    // Labels are unique within a predicate only.
    let mut other = single(&[], vec![equal()]);
    other.predicates[0].name = "Q".into();
    let mut both = single(&[], vec![equal()]);
    both.predicates.extend(other.predicates);
    round_trip(&both);
}

#[test]
fn predicate_names() {
    let mut program = single(&[], vec![equal()]);
    program.predicates.push(program.predicates[0].clone());
    assert_invalid(
        &program,
        "predicate 1 is named `P`, like predicate 0: predicate names are unique",
    );
    let mut program = single(&[], vec![equal()]);
    program.predicates[0].name = String::new();
    assert_invalid(&program, "the name of predicate 0 is empty");
}

#[test]
fn nesting_is_bounded() {
    round_trip(&chain(MAX_DEPTH as usize - 1));
    let error = invalid(&chain(MAX_DEPTH as usize));
    assert_eq!(
        error.message(),
        "predicate 0 `Deep`, contract 63 `D63`: operand 0 refers to contract 62 `D62` of depth 64, which makes contract 63 deeper than the limit of 64"
    );
}

#[test]
fn element_limit() {
    // 3 pool entries (P, PA, Equal), 1 predicate, 1 contract and the operands.
    let operands = |n: usize| single(&[], vec![atomic("Equal", vec![]); n]);
    round_trip(&operands(MAX_ELEMENTS - 5));
    assert_invalid(&operands(MAX_ELEMENTS - 4), "over the limit of 1048576 elements");
}

// ---- byte-level rules -----------------------------------------------------------------------

/// `P := PA := And(Equal())`, by hand.
const MINIMAL: &[u8] = b"OVMB\x01\x00\
    \x03\x01P\x02PA\x05Equal\
    \x01\x00\x00\x00\x01\
    \x01\x00\x00\x01\x00\x02\x00";

fn minimal_with(pool: &[&[u8]], name: u8, label: u8, atomic: u8) -> Vec<u8> {
    let mut out = b"OVMB\x01\x00".to_vec();
    out.push(pool.len() as u8);
    for entry in pool {
        out.push(entry.len() as u8);
        out.extend_from_slice(entry);
    }
    out.extend_from_slice(&[1, name, 0, 0, 1, label, 0, 0, 1, 0, atomic, 0]);
    out
}

fn load_err(bytes: &[u8]) -> LoadError {
    load(bytes).expect_err("the bytes do not load")
}

#[test]
fn the_minimal_file() {
    assert_eq!(
        encode(&single(&[], vec![atomic("Equal", vec![])])).unwrap(),
        MINIMAL
    );
    assert_eq!(minimal_with(&[b"P", b"PA", b"Equal"], 0, 1, 2), MINIMAL);
    load_canonical(MINIMAL).unwrap();
}

#[test]
fn header() {
    let mut bytes = MINIMAL.to_vec();
    bytes[0] = b'X';
    assert_eq!(
        load_err(&bytes).to_string(),
        "at byte 0: expected the magic `OVMB`: this is not an .ovmb file"
    );
    let mut bytes = MINIMAL.to_vec();
    bytes[4] = 2;
    assert_eq!(
        load_err(&bytes).to_string(),
        "at byte 4: the format version is 2; this loader reads version 1"
    );
    assert!(matches!(load_err(b"OVM"), LoadError::Truncated { offset: 0, .. }));
    let error = load_err(b"OVMB\x01");
    assert!(matches!(error, LoadError::Truncated { offset: 4, .. }));
    assert_eq!(
        error.to_string(),
        "at byte 4: the input ends where the format version (2 bytes, 1 left) was expected"
    );
}

#[test]
fn no_trailing_bytes() {
    let mut bytes = MINIMAL.to_vec();
    bytes.push(0);
    let error = load_err(&bytes);
    assert_eq!(error.offset(), MINIMAL.len());
    assert!(
        error.message().contains("expected the end of the file"),
        "{error}"
    );
}

#[test]
fn pool_is_deduplicated_and_in_order_of_first_use() {
    let error = load_err(&minimal_with(&[b"PA", b"P", b"Equal"], 1, 0, 2));
    assert_eq!(
        error.to_string(),
        "at byte 19: the name of predicate 0 is constant pool entry 1, but the next new entry must be 0: entries are numbered in order of first use"
    );
    let error = load_err(&minimal_with(&[b"P", b"PA", b"Equal", b"P"], 0, 1, 2));
    assert_eq!(
        error.to_string(),
        "at byte 18: constant pool entry 3 repeats entry 0: each string or literal is in the pool once"
    );
    let error = load_err(&minimal_with(&[b"P", b"PA", b"Equal", b"Q"], 0, 1, 2));
    assert_eq!(
        error.to_string(),
        "at byte 18: constant pool entry 3 is never used: the pool holds only what the program uses"
    );
    let error = load_err(&minimal_with(&[b"P", b"PA", b"Equal"], 0, 1, 3));
    assert!(
        error
            .message()
            .contains("is constant pool entry 3, but the pool has 3 entries"),
        "{error}"
    );
}

#[test]
fn names_are_utf8() {
    let error = load_err(&minimal_with(&[b"\xff", b"PA", b"Equal"], 0, 1, 2));
    assert_eq!(
        error.to_string(),
        "at byte 19: the name of predicate 0 is constant pool entry 0, which is not valid UTF-8"
    );
    // Literals are any bytes, and share the pool with names.
    let program = single(
        &["a"],
        vec![atomic(
            "Equal",
            vec![literal(b"\xff"), literal(b"a"), literal(b"")],
        )],
    );
    let bytes = round_trip(&program);
    assert_eq!(
        bytes.windows(2).filter(|w| w == b"\x01a").count(),
        1,
        "`a` is in the pool once"
    );
}

#[test]
fn integers_are_minimal() {
    // The predicate count, 1, as 0x81 0x00.
    assert_eq!(MINIMAL[18], 1);
    let mut bytes = MINIMAL[..18].to_vec();
    bytes.extend_from_slice(&[0x81, 0x00]);
    bytes.extend_from_slice(&MINIMAL[19..]);
    let error = load_err(&bytes);
    assert_eq!(error.offset(), 18);
    assert!(error.message().contains("needless final zero byte"), "{error}");
    let mut bytes = MINIMAL[..18].to_vec();
    bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x1f]);
    let error = load_err(&bytes);
    assert!(error.message().contains("does not fit in 32 bits"), "{error}");
}

#[test]
fn tags_and_type_bytes() {
    let bad = |at: usize, byte: u8| {
        let mut bytes = MINIMAL.to_vec();
        bytes[at] = byte;
        load_err(&bytes)
    };
    assert!(
        bad(24, 5)
            .message()
            .contains("the connective is 5, which is not a connective byte")
    );
    assert!(
        bad(27, 4)
            .message()
            .contains("the call tag of operand 0 is 4, which is not a call tag")
    );
    // The parameter's type byte is where the encodings with two types differ.
    let mut program = single(&["a"], vec![equal()]);
    let mut bytes = encode(&program).unwrap();
    program.predicates[0].params[0].ty = Type::Range;
    let range = encode(&program).unwrap();
    let type_at = (0..bytes.len()).find(|&i| bytes[i] != range[i]).unwrap();
    assert_eq!((bytes[type_at], range[type_at]), (1, 4));
    bytes[type_at] = 6;
    assert!(
        load_err(&bytes)
            .message()
            .contains("the type of parameter 0 `a` is 6, which is not a type byte")
    );
}

// ---- hostile input --------------------------------------------------------------------------

#[test]
fn every_truncation_is_an_error() {
    for program in [
        two_predicates(),
        chain(5),
        Program {
            predicates: vec![ownership()],
        },
    ] {
        let bytes = encode(&program).unwrap();
        for len in 0..bytes.len() {
            assert!(load(&bytes[..len]).is_err(), "a prefix of {len} bytes loads");
        }
    }
}

#[test]
fn every_bit_flip_is_an_error_or_a_program() {
    let bytes = encode(&two_predicates()).unwrap();
    let mut loaded = 0;
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut flipped = bytes.clone();
            flipped[i] ^= 1 << bit;
            if load_canonical(&flipped).is_ok() {
                loaded += 1;
            }
        }
    }
    // Some flips give other valid programs: another name or literal, another type…
    assert!(loaded > 0);
}

mod counting {
    //! Bytes allocated by the current thread, to check that hostile counts allocate nothing.
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        static ALLOCATED: Cell<usize> = const { Cell::new(0) };
    }

    fn count(bytes: usize) {
        let _ = ALLOCATED.try_with(|allocated| allocated.set(allocated.get() + bytes));
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            count(layout.size());
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            count(layout.size());
            unsafe { System.alloc_zeroed(layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            count(new_size);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    /// The bytes `f` allocates on this thread.
    pub fn allocated<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = ALLOCATED.with(Cell::get);
        let result = f();
        (result, ALLOCATED.with(Cell::get) - before)
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

#[test]
fn huge_counts_fail_fast_without_allocating() {
    let mut bytes = b"OVMB\x01\x00\xff\xff\xff\xff\x0f".to_vec();
    bytes.resize(20, 0);
    let (result, allocated) = counting::allocated(|| load(&bytes));
    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "at byte 6: the constant pool's entry count is 4294967295, but only 9 bytes follow, room for at most 9 (each takes at least 1 bytes)"
    );
    assert!(allocated < 4096, "{allocated} bytes allocated");

    // The largest number in place of every byte of a valid file, padded to 20 more bytes.
    let valid = encode(&two_predicates()).unwrap();
    for i in 0..valid.len() {
        let mut hostile = valid[..i].to_vec();
        hostile.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        hostile.extend_from_slice(&valid[i + 1..]);
        hostile.extend_from_slice(&[0; 20]);
        let (result, allocated) = counting::allocated(|| load(&hostile));
        assert!(result.is_err());
        assert!(
            allocated < 64 * 1024,
            "{allocated} bytes allocated with the count at byte {i}"
        );
    }
}

#[test]
fn oversized_input_is_refused_at_once() {
    let bytes = vec![0u8; MAX_INPUT_LEN + 1];
    let error = load_err(&bytes);
    assert!(
        matches!(error, LoadError::TooLarge { offset, .. } if offset == MAX_INPUT_LEN),
        "{error}"
    );
}

fn leb_len(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()).div_ceil(7).max(1) as usize
}

#[test]
fn a_valid_file_of_the_maximum_size_loads_in_bounded_time() {
    // One literal fills the file to exactly MAX_INPUT_LEN bytes.
    let with_literal = |len: usize| single(&[], vec![atomic("Equal", vec![literal(&vec![0xab; len])])]);
    let overhead = encode(&with_literal(0)).unwrap().len() - 1;
    let mut len = MAX_INPUT_LEN - overhead - 4;
    while overhead + leb_len(len) + len < MAX_INPUT_LEN {
        len += 1;
    }
    let program = with_literal(len);
    let bytes = encode(&program).unwrap();
    assert_eq!(bytes.len(), MAX_INPUT_LEN);
    let start = Instant::now();
    let loaded = load(&bytes).unwrap();
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    assert_eq!(loaded, program);
    assert!(matches!(
        encode(&with_literal(len + 1)),
        Err(EncodeError::TooLarge { .. })
    ));
}

#[test]
fn a_hostile_file_of_the_maximum_size_fails_in_bounded_time() {
    // 2^19 distinct pool entries, none of them used, filling the file exactly.
    let entries = 1usize << 19;
    let mut bytes = b"OVMB\x01\x00".to_vec();
    bytes.extend_from_slice(&[0x80, 0x80, 0x20]);
    for k in 0..entries - 1 {
        bytes.push(126);
        let mut entry = [0u8; 126];
        entry[..8].copy_from_slice(&(k as u64).to_le_bytes());
        bytes.extend_from_slice(&entry);
    }
    let rest = MAX_INPUT_LEN - bytes.len() - 1;
    let mut last = rest - 1;
    while leb_len(last) + last > rest {
        last -= 1;
    }
    assert_eq!(leb_len(last) + last, rest);
    let mut leb = Vec::new();
    ovm_engine::bytecode::leb128::write(&mut leb, last as u32);
    bytes.extend_from_slice(&leb);
    bytes.resize(bytes.len() + last, 0xff);
    bytes.push(0); // no predicates
    assert_eq!(bytes.len(), MAX_INPUT_LEN);
    let start = Instant::now();
    let error = load_err(&bytes);
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    assert_eq!(error.offset(), 9);
    assert!(
        error.message().contains("constant pool entry 0 is never used"),
        "{error}"
    );
}

// ---- random programs ------------------------------------------------------------------------

/// Random programs, built from a shape and fixed up into a valid program.
mod generate {
    use super::*;

    #[derive(Clone, Debug)]
    pub enum Source {
        Value(u32),
        Bound,
        Constant(String, Type),
        SelfAddress,
        Literal(Vec<u8>),
    }

    #[derive(Clone, Debug)]
    pub struct GenArg(Source, Vec<Child>);

    #[derive(Clone, Debug)]
    pub enum GenHint {
        Text(String),
        Value(GenArg),
    }

    #[derive(Clone, Debug)]
    pub enum GenCall {
        Atomic(Atomic),
        Compiled(String),
        Property(GenArg),
    }

    #[derive(Clone, Debug)]
    pub enum GenOperand {
        Call(GenCall, Vec<GenArg>),
        Contract(Box<Node>, Vec<GenArg>),
    }

    #[derive(Clone, Debug)]
    pub struct Node {
        connective: Connective,
        values: usize,
        hint: Vec<GenHint>,
        operands: Vec<GenOperand>,
    }

    fn ty() -> impl Strategy<Value = Type> {
        proptest::sample::select(Type::ALL.to_vec())
    }

    fn name() -> impl Strategy<Value = String> {
        prop_oneof!["[a-z]{1,3}", Just("x0".to_string()), "\\PC{1,6}"]
    }

    fn child() -> impl Strategy<Value = Child> {
        prop_oneof![
            Just(Child::Address),
            (0u32..4).prop_map(Child::Input),
            (0..u32::MAX).prop_map(Child::Input),
        ]
    }

    fn arg() -> impl Strategy<Value = GenArg> {
        let source = prop_oneof![
            any::<u32>().prop_map(Source::Value),
            Just(Source::Bound),
            (name(), ty()).prop_map(|(name, ty)| Source::Constant(name, ty)),
            Just(Source::SelfAddress),
            proptest::collection::vec(any::<u8>(), 0..6).prop_map(Source::Literal),
        ];
        let path = prop_oneof![
            8 => proptest::collection::vec(child(), 0..3),
            1 => proptest::collection::vec(child(), MAX_PATH),
        ];
        (source, path).prop_map(|(source, path)| GenArg(source, path))
    }

    fn args() -> impl Strategy<Value = Vec<GenArg>> {
        proptest::collection::vec(arg(), 0..4)
    }

    fn call() -> impl Strategy<Value = GenCall> {
        prop_oneof![
            proptest::sample::select(Atomic::ALL.to_vec()).prop_map(GenCall::Atomic),
            name().prop_map(GenCall::Compiled),
            arg().prop_map(GenCall::Property),
        ]
    }

    fn connective() -> impl Strategy<Value = Connective> {
        proptest::sample::select(vec![
            Connective::And,
            Connective::Or,
            Connective::Not,
            Connective::ForAll,
            Connective::ThereExists,
        ])
    }

    fn hint() -> impl Strategy<Value = Vec<GenHint>> {
        let part = prop_oneof![
            "\\PC{0,8}".prop_map(GenHint::Text),
            arg().prop_map(GenHint::Value),
        ];
        proptest::collection::vec(part, 0..4)
    }

    fn leaf_operand() -> impl Strategy<Value = GenOperand> {
        (call(), args()).prop_map(|(call, args)| GenOperand::Call(call, args))
    }

    fn node() -> impl Strategy<Value = Node> {
        let leaf = (
            connective(),
            0usize..4,
            hint(),
            proptest::collection::vec(leaf_operand(), 1..4),
        )
            .prop_map(|(connective, values, hint, operands)| Node {
                connective,
                values,
                hint,
                operands,
            });
        leaf.prop_recursive(4, 24, 3, move |inner| {
            let operand = prop_oneof![
                leaf_operand(),
                (inner, args()).prop_map(|(node, args)| GenOperand::Contract(Box::new(node), args)),
            ];
            (
                connective(),
                0usize..4,
                hint(),
                proptest::collection::vec(operand, 1..4),
            )
                .prop_map(|(connective, values, hint, operands)| Node {
                    connective,
                    values,
                    hint,
                    operands,
                })
        })
    }

    pub fn program() -> impl Strategy<Value = Program> {
        let predicate = (proptest::collection::vec(ty(), 0..4), node());
        proptest::collection::vec(predicate, 0..4).prop_map(|predicates| Program {
            predicates: predicates
                .into_iter()
                .enumerate()
                .map(|(p, (params, root))| build_predicate(p, params, root))
                .collect(),
        })
    }

    fn build_predicate(p: usize, types: Vec<Type>, root: Node) -> Predicate {
        let params = types
            .into_iter()
            .enumerate()
            .map(|(i, ty)| Param {
                name: format!("x{i}"),
                ty,
            })
            .collect::<Vec<_>>();
        let mut contracts = Vec::new();
        let entry = build(p, &root, Some(params.len()), &mut contracts);
        Predicate {
            name: format!("P{p}"),
            params,
            contracts,
            entry,
            origin: Origin::Compiled,
        }
    }

    /// What an argument may use.
    struct Scope {
        values: usize,
        quantifier: bool,
    }

    fn fix(arg: &GenArg, scope: &Scope, hint: bool) -> Arg {
        let source = match &arg.0 {
            Source::Value(i) if scope.values > 0 => ArgSource::Value(i % scope.values as u32),
            Source::Bound if scope.quantifier && !hint => ArgSource::Bound,
            Source::Value(_) | Source::Bound => ArgSource::SelfAddress,
            Source::Constant(name, ty) => ArgSource::Constant(name.clone(), *ty),
            Source::SelfAddress => ArgSource::SelfAddress,
            Source::Literal(bytes) => ArgSource::Literal(Bytes::copy_from_slice(bytes)),
        };
        Arg {
            source,
            path: arg.1.clone(),
        }
    }

    /// Adds the contracts of a node, below it first; returns its index.
    fn build(p: usize, node: &Node, values: Option<usize>, contracts: &mut Vec<Contract>) -> u32 {
        let values: Vec<String> = (0..values.unwrap_or(node.values))
            .map(|i| format!("x{i}"))
            .collect();
        let quantifies = matches!(node.connective, Connective::ForAll | Connective::ThereExists);
        let scope = Scope {
            values: values.len(),
            quantifier: quantifies,
        };
        let single = matches!(
            node.connective,
            Connective::Not | Connective::ForAll | Connective::ThereExists
        );
        let taken = if single {
            &node.operands[..1]
        } else {
            &node.operands[..]
        };
        let mut operands = Vec::new();
        for operand in taken {
            operands.push(match operand {
                GenOperand::Call(call, args) => Operand {
                    call: match call {
                        GenCall::Atomic(atomic) => Call::Atomic(atomic.name().to_string()),
                        GenCall::Compiled(name) => Call::Compiled(name.clone()),
                        GenCall::Property(arg) => Call::Property(fix(arg, &scope, false)),
                    },
                    args: args.iter().map(|arg| fix(arg, &scope, false)).collect(),
                },
                GenOperand::Contract(sub, args) => {
                    let index = build(p, sub, None, contracts);
                    let nvalues = contracts[index as usize].values.len();
                    Operand {
                        call: Call::Contract(index),
                        args: (0..nvalues)
                            .map(|i| match args.get(i % args.len().max(1)) {
                                Some(arg) => fix(arg, &scope, false),
                                None => Arg::whole(ArgSource::SelfAddress),
                            })
                            .collect(),
                    }
                }
            });
        }
        let index = contracts.len();
        let quantifier = quantifies.then(|| {
            let variable = format!("q{index}");
            let hint: Vec<HintPart> = node
                .hint
                .iter()
                .map(|part| match part {
                    GenHint::Text(text) => HintPart::Text(text.clone()),
                    GenHint::Value(arg) => HintPart::Value(fix(arg, &scope, true)),
                })
                .collect();
            let written = Bytes::from(hint_template(&hint, &values, &variable).into_bytes());
            Quantifier {
                variable,
                hint,
                written,
            }
        });
        contracts.push(Contract {
            label: format!("P{p}C{index}"),
            connective: node.connective,
            values,
            quantifier,
            operands,
        });
        index as u32
    }
}

proptest! {
    #[test]
    fn random_programs_round_trip(program in generate::program()) {
        round_trip(&program);
        let _ = disassemble(&program);
    }

    #[test]
    fn mutated_files_are_errors_or_programs(
        program in generate::program(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = encode(&program).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = load_canonical(&bytes);
    }

    #[test]
    fn truncated_and_extended_files_are_errors(program in generate::program(), cut in any::<prop::sample::Index>(), extra in any::<u8>()) {
        let bytes = encode(&program).unwrap();
        let len = cut.index(bytes.len());
        prop_assert!(load(&bytes[..len]).is_err());
        let mut longer = bytes.clone();
        longer.push(extra);
        prop_assert!(load(&longer).is_err());
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = load_canonical(&bytes);
    }

    #[test]
    fn random_bytes_after_a_header_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut file = b"OVMB\x01\x00".to_vec();
        file.extend_from_slice(&bytes);
        let _ = load_canonical(&file);
    }
}
