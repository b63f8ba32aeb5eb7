//! The examples decided: every compiled predicate of `examples/` is decided true, false and
//! unknown, in every claim shape it has, by the scenario beside it (`examples/*/NAME.test.toml`,
//! run by `ovm test examples/`), with the witness files of `examples/*/witness/` and the
//! argument files of `examples/*/args/`.
//!
//! The scenarios and files are generated here, from first principles, so that they can be
//! checked: the signers are the private keys 1 (Alice), 2 (Bob) and 3 (Carol); the plasma
//! blocks have one leaf each, so a block's root is `keccak256` of the leaf and its inclusion
//! proof has no siblings. `UPDATE_EXAMPLE_WITNESSES=1 cargo test -p ovm-cli --test examples`
//! rewrites them; otherwise a file that differs from what this test generates fails it.

mod common;

use alloy_primitives::{Address, Bytes, U256, keccak256};
use common::{ovm, ovm_files, run, stale_generated_files, workspace};
use ovm_abi::input::{address_word, range, uint_word};
use ovm_abi::{Deployment, Property};
use ovm_compiler::{SourceMap, driver};
use ovm_engine::atomic::signature::{address_of, sign};
use ovm_engine::atomic::tree::{InclusionTree, TreeLeaf};
use ovm_engine::store::{WitnessFile, address_name, number_name, proof_bucket};
use secp256k1::{PublicKey, SECP256K1, SecretKey};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A signer: the secret key `n` (a 32-byte big-endian number) and its address.
struct Signer {
    key: SecretKey,
    address: Address,
}

impl Signer {
    fn new(n: u8) -> Signer {
        let mut bytes = [0u8; 32];
        bytes[31] = n;
        let key = SecretKey::from_byte_array(bytes).unwrap();
        let address = address_of(&PublicKey::from_secret_key(SECP256K1, &key));
        Signer { key, address }
    }

    /// A `signatures` entry: this signer's signature of `keccak256(message)`.
    fn signs(&self, message: &[u8]) -> Value {
        let signature = sign(keccak256(message), &self.key);
        json!({"message": hex(message), "signature": hex(&signature)})
    }
}

fn hex(bytes: &[u8]) -> String {
    ovm_abi::hex::encode_prefixed(bytes)
}

fn word(n: u64) -> Bytes {
    uint_word(U256::from(n))
}

/// The generated files, by path under `examples/`.
#[derive(Default)]
struct Files(BTreeMap<String, String>);

impl Files {
    /// A witness file, written as `WitnessFile::to_json` writes it.
    fn witness(&mut self, path: &str, sections: Value) {
        let file = WitnessFile::from_json(&sections.to_string()).unwrap_or_else(|e| panic!("{path}: {e}"));
        self.0.insert(path.to_string(), file.to_json());
    }

    /// An argument value: a property as JSON.
    fn property(&mut self, path: &str, property: &Property) {
        let text = serde_json::to_string_pretty(property).unwrap();
        self.0.insert(path.to_string(), format!("{text}\n"));
    }

    /// An argument value: bytes as hex.
    fn bytes(&mut self, path: &str, bytes: &[u8]) {
        self.0.insert(path.to_string(), format!("{}\n", hex(bytes)));
    }
}

/// One decision: `ovm eval FILE PREDICATE --arg … --witness WITNESS` in each of `shapes`.
struct Case {
    file: &'static str,
    predicate: &'static str,
    args: Vec<(&'static str, String)>,
    /// The witness file under `examples/`, or none (an empty store).
    witness: Option<String>,
    outcome: String,
    shapes: &'static [&'static str],
}

const BOTH: &[&str] = &["compiled", "expanded"];
const COMPILED: &[&str] = &["compiled"];

/// `@examples/PATH`, an argument read from a generated file.
fn at(path: &str) -> String {
    format!("@examples/{path}")
}

fn generate() -> (Files, Vec<Case>) {
    let mut files = Files::default();
    let mut cases = Vec::new();
    let alice = Signer::new(1);
    let bob = Signer::new(2);
    let carol = Signer::new(3);
    let a = || alice.address.to_string();
    let b = || bob.address.to_string();
    let c = || carol.address.to_string();
    let case =
        |file, predicate, args: &[(&'static str, String)], witness: Option<&str>, outcome: &str, shapes| {
            Case {
                file,
                predicate,
                args: args.to_vec(),
                witness: witness.map(str::to_string),
                outcome: outcome.to_string(),
                shapes,
            }
        };

    // Ownership, with the reference contracts' signature vector.
    {
        let vector_owner = "0xa7E678F5F3Db99bf4957AC2ebEb3a89C6f9031F6";
        let message = b"message";
        let signature = "0x3050ed8255d5599ebce4be5ef23eceeb61bfae924db5e5b12fc975663854629204a68351940fcea4231e9e4af515e2a10c187fcd7f88f4e5ffed218c76a5553b1b";
        // The same signature with `s` changed: it recovers another address.
        let wrong = "0x3050ed8255d5599ebce4be5ef23eceeb61bfae924db5e5b12fc975663854629204a68351940fcea4231e9e4af515e2a10c187fcd7f88f4e5ffed218c76a5553a1b";
        files.witness(
            "plasma/witness/ownership-signed.json",
            json!({"signatures": [{"message": hex(message), "signature": signature}]}),
        );
        files.witness(
            "plasma/witness/ownership-refused.json",
            json!({"signatures": [{"message": hex(message), "signature": wrong, "complete": true}]}),
        );
        files.witness(
            "plasma/witness/ownership-open.json",
            json!({"signatures": [{"message": hex(message), "signature": wrong}]}),
        );
        let args = [("owner", vector_owner.to_string()), ("tx", hex(message))];
        for (witness, outcome) in [
            ("plasma/witness/ownership-signed.json", "true"),
            ("plasma/witness/ownership-refused.json", "false"),
            ("plasma/witness/ownership-open.json", "unknown"),
        ] {
            cases.push(case(
                "plasma/ownership.ovm",
                "ownership",
                &args,
                Some(witness),
                outcome,
                BOTH,
            ));
        }
    }

    // The plasma exit game and inclusion.
    {
        let local = Deployment::local();
        let constant = |name| ovm_abi::parse_address(local.constant_text(name).unwrap()).unwrap();
        let commitment = constant("commitmentContract");
        let tx_address = constant("txAddress");
        let ownership_address = local.compiled("Ownership").unwrap();
        let state_update_address = local.compiled("StateUpdate").unwrap();
        let token: Address = "0x00000000000000000000000000000000000000aa".parse().unwrap();
        let coins = range(U256::ZERO, U256::from(100));
        let owned_by = |s: &Signer| Property::new(ownership_address, vec![address_word(s.address)]);
        let state_update = |block: u64, so: &Property| {
            Property::new(
                state_update_address,
                vec![
                    address_word(token),
                    coins.clone(),
                    word(block),
                    so.encode().into(),
                ],
            )
        };
        let transaction = |max_block: u64, next: &Property| {
            Property::new(
                tx_address,
                vec![
                    address_word(token),
                    coins.clone(),
                    word(max_block),
                    next.encode().into(),
                ],
            )
        };
        let (so_alice, so_bob, so_carol) = (owned_by(&alice), owned_by(&bob), owned_by(&carol));
        // Bob owns the coins at block 0 and sends them to Alice (tx0); Alice's update is
        // committed in block 1. Alice sends them to Carol (tx1), which makes su2 at block 2;
        // Carol sends them back to Bob (tx2).
        let su0 = state_update(0, &so_bob);
        let su1 = state_update(1, &so_alice);
        let su2 = state_update(2, &so_carol);
        let tx0 = transaction(3, &so_alice);
        let tx1 = transaction(5, &so_carol);
        let tx2 = transaction(9, &so_bob);
        for (name, property) in [
            ("so-alice", &so_alice),
            ("so-bob", &so_bob),
            ("so-carol", &so_carol),
            ("su0", &su0),
            ("su1", &su1),
            ("su2", &su2),
            ("tx0", &tx0),
            ("tx1", &tx1),
            ("tx2", &tx2),
        ] {
            files.property(&format!("plasma/args/{name}.json"), property);
        }
        for (name, property) in [("so-alice", &so_alice), ("so-bob", &so_bob), ("tx1", &tx1)] {
            files.bytes(&format!("plasma/args/{name}.hex"), &property.encode());
        }

        // Blocks of one leaf: the state object, for the token, from 0.
        let block = |so: &Property| {
            let tree = InclusionTree::new([TreeLeaf {
                token,
                start: U256::ZERO,
                leaf: so.encode().into(),
            }])
            .unwrap();
            let proof = tree.proof(token, 0).unwrap().encode();
            (tree.root(), proof)
        };
        let (root0, proof0) = block(&so_bob);
        let (root1, proof1) = block(&so_alice);
        // A one-leaf tree's proof has no siblings: it is the same for every such block.
        assert_eq!(proof0, proof1);
        files.bytes("plasma/args/proof.hex", &proof1);

        let stored_bucket = json!(["stored", address_name("", commitment)]);
        let bucket = |kind: &str, block: u64| {
            json!([
                kind,
                number_name("block", U256::from(block)),
                address_name("range", token)
            ])
        };
        let root_entries = |block: u64, root: alloy_primitives::B256| {
            (
                json!({"bucket": stored_bucket, "key": hex(&word(block)), "value": hex(root.as_slice())}),
                json!({"contract": commitment.to_string(), "key": hex(&word(block)), "value": hex(root.as_slice())}),
                json!({"bucket": stored_bucket, "key": hex(&word(block))}),
            )
        };
        let record = |kind: &str, block: u64, value: &Property| json!({"bucket": bucket(kind, block), "range": "0..100", "value": hex(&value.encode())});
        let vouched = |kind: &str, block: u64| json!({"bucket": bucket(kind, block), "range": "0..100"});
        let proof_entry = |block: u64, proof: &Bytes| json!({"block": block, "token": token.to_string(), "range": "0..100", "proof": hex(proof)});
        let (root1_value, root1_storage, root1_vouched) = root_entries(1, root1);
        let (root0_value, root0_storage, root0_vouched) = root_entries(0, root0);

        // fresh: su1 committed in block 1 and unspent; nothing in block 0.
        let fresh = json!({
            "values": [root1_value],
            "inclusion_proofs": [proof_entry(1, &proof1)],
            "storage": [root1_storage],
            "complete": [
                root1_vouched,
                {"bucket": proof_bucket(U256::from(1), token), "range": "0..100"},
                vouched("su", 0),
                vouched("tx", 1),
            ],
        });
        files.witness("plasma/witness/fresh.json", fresh.clone());
        // spent: as fresh, and Alice signed tx1, which spends su1 and makes su2 (unspent).
        let mut spent = fresh.clone();
        spent["ranges"] = json!([record("tx", 1, &tx1)]);
        // Alice vouches that she holds every signature of her own transaction.
        let mut alice_tx1 = alice.signs(&tx1.encode());
        alice_tx1["complete"] = json!(true);
        spent["signatures"] = json!([alice_tx1]);
        spent["complete"].as_array_mut().unwrap().push(vouched("tx", 2));
        files.witness("plasma/witness/spent.json", spent.clone());
        // double-spent: as spent, and Carol signed tx2, which spends su2.
        let mut double_spent = spent.clone();
        double_spent["ranges"]
            .as_array_mut()
            .unwrap()
            .push(record("tx", 2, &tx2));
        double_spent["signatures"]
            .as_array_mut()
            .unwrap()
            .push(carol.signs(&tx2.encode()));
        files.witness("plasma/witness/double-spent.json", double_spent);
        // history: as fresh, with Bob's su0 committed in block 0 and spent by tx0.
        let history = |spent: bool| {
            let mut history = fresh.clone();
            history["values"]
                .as_array_mut()
                .unwrap()
                .push(root0_value.clone());
            history["storage"]
                .as_array_mut()
                .unwrap()
                .push(root0_storage.clone());
            history["inclusion_proofs"]
                .as_array_mut()
                .unwrap()
                .push(proof_entry(0, &proof0));
            history["ranges"] = json!([record("su", 0, &su0)]);
            let complete = history["complete"].as_array_mut().unwrap();
            complete.extend([
                root0_vouched.clone(),
                json!({"bucket": proof_bucket(U256::ZERO, token), "range": "0..100"}),
                vouched("tx", 0),
            ]);
            if spent {
                history["ranges"]
                    .as_array_mut()
                    .unwrap()
                    .push(record("tx", 0, &tx0));
                history["signatures"] = json!([bob.signs(&tx0.encode())]);
            }
            history
        };
        files.witness("plasma/witness/history.json", history(true));
        files.witness("plasma/witness/unspent-history.json", history(false));
        // unvouched: su1's block root, and nothing vouched.
        files.witness(
            "plasma/witness/unvouched.json",
            json!({"values": [root_entries(1, root1).0], "storage": [root_entries(1, root1).1]}),
        );

        let game = "plasma/exit_game.ovm";
        let su = |name: &str| at(&format!("plasma/args/{name}.json"));
        let proof = || ("proof", at("plasma/args/proof.hex"));
        let decide = |cases: &mut Vec<Case>,
                      predicate,
                      args: &[(&'static str, String)],
                      decisions: &[(&'static str, &'static str)],
                      shapes| {
            for &(witness, outcome) in decisions {
                cases.push(case(game, predicate, args, Some(witness), outcome, shapes));
            }
        };
        decide(
            &mut cases,
            "ownership",
            &[("owner", a()), ("tx", at("plasma/args/tx1.hex"))],
            &[
                ("plasma/witness/spent.json", "true"),
                ("plasma/witness/fresh.json", "unknown"),
            ],
            BOTH,
        );
        decide(
            &mut cases,
            "ownership",
            &[("owner", b()), ("tx", at("plasma/args/tx1.hex"))],
            &[("plasma/witness/spent.json", "false")],
            BOTH,
        );
        decide(
            &mut cases,
            "stateUpdate",
            &[
                ("token", token.to_string()),
                ("range", "0..100".into()),
                ("block_number", "1".into()),
                ("so", su("so-alice")),
            ],
            &[
                ("plasma/witness/spent.json", "true"),
                ("plasma/witness/fresh.json", "false"),
                ("plasma/witness/unvouched.json", "unknown"),
            ],
            COMPILED,
        );
        decide(
            &mut cases,
            "checkpoint",
            &[("su", su("su1")), proof()],
            &[
                ("plasma/witness/fresh.json", "true"),
                ("plasma/witness/history.json", "true"),
                ("plasma/witness/unspent-history.json", "false"),
                ("plasma/witness/unvouched.json", "unknown"),
            ],
            COMPILED,
        );
        decide(
            &mut cases,
            "exit",
            &[("su", su("su1")), proof()],
            &[
                ("plasma/witness/fresh.json", "true"),
                ("plasma/witness/history.json", "true"),
                ("plasma/witness/spent.json", "false"),
                ("plasma/witness/unspent-history.json", "false"),
                ("plasma/witness/unvouched.json", "unknown"),
            ],
            COMPILED,
        );
        decide(
            &mut cases,
            "exitDeposit",
            &[("su", su("su1")), ("deposit", su("su1"))],
            &[
                ("plasma/witness/fresh.json", "true"),
                ("plasma/witness/spent.json", "false"),
                ("plasma/witness/unvouched.json", "unknown"),
            ],
            BOTH,
        );
        // Not part of the deposit: su0 is at another block.
        decide(
            &mut cases,
            "exitDeposit",
            &[("su", su("su1")), ("deposit", su("su0"))],
            &[("plasma/witness/fresh.json", "false")],
            BOTH,
        );
        decide(
            &mut cases,
            "limboExit",
            &[
                ("prev_su", su("su1")),
                ("tx", su("tx1")),
                ("su", su("su2")),
                proof(),
            ],
            &[
                ("plasma/witness/fresh.json", "true"),
                ("plasma/witness/spent.json", "true"),
                ("plasma/witness/double-spent.json", "false"),
                ("plasma/witness/unvouched.json", "unknown"),
            ],
            COMPILED,
        );
        // tx0 does not take su1 to su2.
        decide(
            &mut cases,
            "limboExit",
            &[
                ("prev_su", su("su1")),
                ("tx", su("tx0")),
                ("su", su("su2")),
                proof(),
            ],
            &[("plasma/witness/spent.json", "false")],
            COMPILED,
        );

        let inclusion = "plasma/included_at.ovm";
        let leaf = |so: &str| ("leaf", at(&format!("plasma/args/{so}.hex")));
        let place = || {
            [
                ("token", token.to_string()),
                ("range", "0..100".to_string()),
                ("b", "1".to_string()),
            ]
        };
        for (so, witness, outcome) in [
            ("so-alice", Some("plasma/witness/fresh.json"), "true"),
            ("so-bob", Some("plasma/witness/fresh.json"), "false"),
            ("so-alice", None, "unknown"),
        ] {
            let mut args = vec![proof(), leaf(so)];
            args.extend(place());
            cases.push(case(inclusion, "includedAt", &args, witness, outcome, BOTH));
            let mut args = vec![leaf(so)];
            args.extend(place());
            cases.push(case(inclusion, "included", &args, witness, outcome, BOTH));
        }
    }

    // The state channel.
    {
        let app: Address = "0x00000000000000000000000000000000000000cc".parse().unwrap();
        let channel = keccak256("channel");
        // Update n: the channel, the nonce, then Alice's and Bob's balances.
        let update = |nonce: u64, alice: u64, bob: u64| {
            Property::new(app, vec![channel.into(), word(nonce), word(alice), word(bob)])
        };
        let (u1, u2) = (update(1, 60, 40), update(2, 30, 70));
        files.property("channel/args/u1.json", &u1);
        files.property("channel/args/u2.json", &u2);
        let bucket = json!(["channel", hex(channel.as_slice())]);
        let stored = |u: &Property, nonce| json!({"bucket": bucket, "key": hex(&word(nonce)), "value": hex(&u.encode())});
        let (e1, e2) = (u1.encode(), u2.encode());
        // latest: u1 signed by both, u2 by Alice only; Bob's signatures of u2 are vouched (none).
        let mut u2_alice = alice.signs(&e2);
        u2_alice["complete"] = json!(true);
        let latest = json!({
            "signatures": [alice.signs(&e1), bob.signs(&e1), u2_alice],
            "values": [stored(&u1, 1), stored(&u2, 2)],
            "complete": [{"bucket": bucket}],
        });
        files.witness("channel/witness/latest.json", latest.clone());
        let mut superseded = latest.clone();
        superseded["signatures"] =
            json!([alice.signs(&e1), bob.signs(&e1), alice.signs(&e2), bob.signs(&e2)]);
        files.witness("channel/witness/superseded.json", superseded);
        files.witness(
            "channel/witness/unvouched.json",
            json!({
                "signatures": [alice.signs(&e1), bob.signs(&e1), alice.signs(&e2)],
                "values": [stored(&u1, 1), stored(&u2, 2)],
            }),
        );
        let file = "channel/withdrawal.ovm";
        let args = |u: &str| {
            [
                ("update", at(&format!("channel/args/{u}.json"))),
                ("alice", a()),
                ("bob", b()),
            ]
        };
        for (predicate, decisions) in [
            (
                "withdrawal",
                &[
                    ("latest", "true"),
                    ("superseded", "false"),
                    ("unvouched", "unknown"),
                ],
            ),
            (
                "withdrawalScan",
                &[
                    ("latest", "true"),
                    ("superseded", "false"),
                    ("unvouched", "unknown"),
                ],
            ),
            (
                "signedWithdrawal",
                &[
                    ("latest", "true"),
                    ("superseded", "false"),
                    ("unvouched", "unknown"),
                ],
            ),
        ] {
            for &(world, outcome) in decisions {
                let witness = format!("channel/witness/{world}.json");
                cases.push(case(
                    file,
                    predicate,
                    &args("u1"),
                    Some(&witness),
                    outcome,
                    COMPILED,
                ));
            }
        }
        // The last update: nothing has a higher nonce.
        cases.push(case(
            file,
            "withdrawal",
            &args("u2"),
            Some("channel/witness/superseded.json"),
            "true",
            COMPILED,
        ));
    }

    // The hash-locked swap.
    {
        let secret = b"secret";
        let hash = keccak256(secret);
        let local = Deployment::local();
        let tx_address = ovm_abi::parse_address(local.constant_text("txAddress").unwrap()).unwrap();
        let ownership_address = local.compiled("Ownership").unwrap();
        let token: Address = "0x00000000000000000000000000000000000000aa".parse().unwrap();
        // Transactions of Alice's locked coins [0, 100): to Bob (redeem) or back to Alice (refund).
        let to = |s: &Signer| {
            let next = Property::new(ownership_address, vec![address_word(s.address)]);
            Property::new(
                tx_address,
                vec![
                    address_word(token),
                    range(U256::ZERO, U256::from(100)),
                    word(20),
                    next.encode().into(),
                ],
            )
            .encode()
        };
        let (redeem, refund) = (to(&bob), to(&alice));
        files.bytes("swap/args/redeem.hex", &redeem);
        files.bytes("swap/args/refund.hex", &refund);
        let commitment = ovm_abi::parse_address(local.constant_text("commitmentContract").unwrap()).unwrap();
        let stored_bucket = json!(["stored", address_name("", commitment)]);
        let root = hex(keccak256("block 10").as_slice());
        files.witness(
            "swap/witness/redeemed.json",
            json!({
                "signatures": [bob.signs(&redeem)],
                "values": [{"bucket": ["preimages"], "key": hex(hash.as_slice()), "value": hex(secret)}],
            }),
        );
        files.witness(
            "swap/witness/expired.json",
            json!({
                "signatures": [alice.signs(&refund)],
                "values": [{"bucket": stored_bucket, "key": hex(&word(10)), "value": root}],
                "storage": [{"contract": commitment.to_string(), "key": hex(&word(10)), "value": root}],
            }),
        );
        let mut bob_only = bob.signs(&redeem);
        bob_only["complete"] = json!(true);
        files.witness(
            "swap/witness/locked.json",
            json!({
                "signatures": [bob_only, {"message": hex(&refund), "complete": true}],
                "complete": [
                    {"bucket": ["preimages"], "key": hex(hash.as_slice())},
                    {"bucket": stored_bucket, "key": hex(&word(10))},
                ],
            }),
        );
        let file = "swap/htlc.ovm";
        let h = || ("hash", hex(hash.as_slice()));
        let redeem_tx = || ("tx", at("swap/args/redeem.hex"));
        let refund_tx = || ("tx", at("swap/args/refund.hex"));
        let worlds: [(Option<&'static str>, &str, &str, &str); 4] = [
            // (witness, redeemed by Bob, refunded to Alice, htlc with the redeem transaction)
            (Some("swap/witness/redeemed.json"), "true", "unknown", "true"),
            (Some("swap/witness/expired.json"), "unknown", "true", "unknown"),
            (Some("swap/witness/locked.json"), "false", "false", "false"),
            (None, "unknown", "unknown", "unknown"),
        ];
        for (witness, redeemed, refunded, htlc) in worlds {
            cases.push(case(
                file,
                "redeemed",
                &[("recipient", b()), h(), redeem_tx()],
                witness,
                redeemed,
                BOTH,
            ));
            cases.push(case(
                file,
                "refunded",
                &[("refundee", a()), ("lock_until", "10".into()), refund_tx()],
                witness,
                refunded,
                BOTH,
            ));
            cases.push(case(
                file,
                "htlc",
                &[
                    ("recipient", b()),
                    ("refundee", a()),
                    h(),
                    ("lock_until", "10".into()),
                    redeem_tx(),
                ],
                witness,
                htlc,
                BOTH,
            ));
        }
        // Refunded with the refund transaction once the lock expired.
        cases.push(case(
            file,
            "htlc",
            &[
                ("recipient", b()),
                ("refundee", a()),
                h(),
                ("lock_until", "10".into()),
                refund_tx(),
            ],
            Some("swap/witness/expired.json"),
            "true",
            BOTH,
        ));
    }

    // Multisignatures.
    {
        let tx = b"pay 10 to Dave";
        files.bytes("multisig/args/tx.hex", tx);
        let vouched = |entry: Value| {
            let mut entry = entry;
            entry["complete"] = json!(true);
            entry
        };
        files.witness(
            "multisig/witness/alice-bob.json",
            json!({"signatures": [alice.signs(tx), bob.signs(tx)]}),
        );
        files.witness(
            "multisig/witness/alice-carol.json",
            json!({"signatures": [alice.signs(tx), vouched(carol.signs(tx))]}),
        );
        files.witness(
            "multisig/witness/alice-only.json",
            json!({"signatures": [vouched(alice.signs(tx))]}),
        );
        files.witness(
            "multisig/witness/alice-open.json",
            json!({"signatures": [alice.signs(tx)]}),
        );
        let file = "multisig/multisig.ovm";
        let tx = || ("tx", at("multisig/args/tx.hex"));
        for (world, multisig, two_of_three) in [
            ("alice-bob", "true", "true"),
            ("alice-carol", "false", "true"),
            ("alice-only", "false", "false"),
            ("alice-open", "unknown", "unknown"),
        ] {
            let witness = format!("multisig/witness/{world}.json");
            cases.push(case(
                file,
                "multisig",
                &[("alice", a()), ("bob", b()), tx()],
                Some(&witness),
                multisig,
                BOTH,
            ));
            cases.push(case(
                file,
                "twoOfThree",
                &[("a", a()), ("b", b()), ("c", c()), tx()],
                Some(&witness),
                two_of_three,
                BOTH,
            ));
        }
    }

    // Hash preimages.
    {
        let secret = b"secret";
        let hash = hex(keccak256(secret).as_slice());
        files.witness(
            "hash/witness/revealed.json",
            json!({"values": [{"bucket": ["preimages"], "key": hash, "value": hex(secret)}]}),
        );
        files.witness(
            "hash/witness/secret.json",
            json!({"complete": [{"bucket": ["preimages"], "key": hash}]}),
        );
        let file = "hash/preimage.ovm";
        for (witness, no_preimage, revealed) in [
            (Some("hash/witness/revealed.json"), "false", "true"),
            (Some("hash/witness/secret.json"), "true", "false"),
            (None, "unknown", "unknown"),
        ] {
            cases.push(case(
                file,
                "no_preimage",
                &[("h", hash.clone())],
                witness,
                no_preimage,
                BOTH,
            ));
            cases.push(case(
                file,
                "preimage_revealed",
                &[("h", hash.clone())],
                witness,
                revealed,
                BOTH,
            ));
        }
    }

    for (path, scenario) in scenarios(&cases) {
        files.0.insert(path, scenario);
    }
    (files, cases)
}

/// The scenario file of each example: its stores (the witness files its cases use) and its
/// cases, by path under `examples/`.
fn scenarios(cases: &[Case]) -> BTreeMap<String, String> {
    let mut by_file: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for case in cases {
        by_file.entry(case.file).or_default().push(case);
    }
    let mut out = BTreeMap::new();
    for (file, cases) in by_file {
        let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        let relative = |path: &str| path.strip_prefix(&format!("{dir}/")).unwrap_or(path).to_string();
        let store_name = |witness: &str| {
            let name = witness.rsplit('/').next().unwrap_or(witness);
            name.trim_end_matches(".json").to_string()
        };
        let mut text = format!(
            "# The cases of `{}`: each predicate decided true, false and unknown, in each claim\n\
             # shape it has. Generated by cli/tests/examples.rs from first principles (keys, signatures,\n\
             # inclusion proofs); regenerate with\n\
             # `UPDATE_EXAMPLE_WITNESSES=1 cargo test -p ovm-cli --test examples`. See docs/scenarios.md.\n",
            file.rsplit('/').next().unwrap_or(file)
        );
        let mut stores: Vec<&str> = cases.iter().filter_map(|c| c.witness.as_deref()).collect();
        stores.sort();
        stores.dedup();
        for witness in &stores {
            text.push_str(&format!(
                "\n[stores.{}]\nfile = \"{}\"\n",
                store_name(witness),
                relative(witness)
            ));
        }
        for case in cases {
            let store = case.witness.as_deref().map(store_name);
            let args: Vec<String> = case
                .args
                .iter()
                .map(|(name, value)| match value.strip_prefix("@examples/") {
                    Some(path) => format!("{name} = {{ file = \"{}\" }}", relative(path)),
                    None => format!("{name} = \"{value}\""),
                })
                .collect();
            let shapes: Vec<String> = case.shapes.iter().map(|s| format!("\"{s}\"")).collect();
            text.push_str(&format!(
                "\n[[case]]\nname = \"{} with {}\"\npredicate = \"{}\"\nargs = {{ {} }}\n",
                case.predicate,
                store.as_deref().unwrap_or("an empty store"),
                case.predicate,
                args.join(", ")
            ));
            if let Some(store) = &store {
                text.push_str(&format!("store = \"{store}\"\n"));
            }
            text.push_str(&format!(
                "shapes = [{}]\nexpect = \"{}\"\n",
                shapes.join(", "),
                case.outcome
            ));
        }
        out.insert(format!("{}.test.toml", file.trim_end_matches(".ovm")), text);
    }
    out
}

#[test]
fn example_witness_files_are_up_to_date() {
    let (files, _) = generate();
    let root = workspace().join("examples");
    let update = std::env::var_os("UPDATE_EXAMPLE_WITNESSES").is_some();
    let files: Vec<(std::path::PathBuf, String)> = files
        .0
        .iter()
        .map(|(path, content)| (path.into(), content.clone()))
        .collect();
    let stale = stale_generated_files(&root, &files, update);
    assert!(
        stale.is_empty(),
        "these example files differ from what the test generates:\n  {}\n\
         regenerate them with `UPDATE_EXAMPLE_WITNESSES=1 cargo test -p ovm-cli --test examples`",
        stale.join("\n  ")
    );
}

/// `ovm test examples/` runs every example's scenario, and every case passes: in the engine,
/// and (`--evm`) on the in-process EVM with the committed contracts and the examples' generated
/// compiled predicates, where every claim is claimed with the engine's calldata and decided
/// (with the witness, by timeout, or through the engine's challenge) as the engine decided it.
#[test]
fn every_example_decides_as_its_scenario_says_in_the_engine_and_on_chain() {
    let run = run(ovm().current_dir(workspace()).args([
        "test",
        "--evm",
        "--artifacts",
        "contracts/artifacts/generated",
        "examples",
    ]));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("test result: ok."), "{}", run.stdout);
    assert!(run.stdout.contains("(engine and EVM)"), "{}", run.stdout);
    assert!(!run.stdout.contains("FAILED"), "{}", run.stdout);
}

/// Every compiled predicate of every example has a case of each outcome, and cases in the
/// expanded shape exactly when it has one.
#[test]
fn every_example_predicate_has_a_case_of_each_outcome() {
    let (_, cases) = generate();
    let root = workspace().join("examples");
    let examples = ovm_files(&root);
    let mut missing = Vec::new();
    for path in examples {
        let file = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut sources = SourceMap::new();
        let loaded = driver::load(&mut sources, &path).unwrap();
        let (compilation, _) =
            driver::compile(&mut sources, loaded.file, Some(&path), driver::Options::default());
        for predicate in &compilation.expect("the examples compile").ir.predicates {
            let of: Vec<&Case> = cases
                .iter()
                .filter(|c| c.file == file && c.predicate == predicate.name.as_str())
                .collect();
            for outcome in ["true", "false", "unknown"] {
                if !of.iter().any(|c| c.outcome == outcome) {
                    missing.push(format!("{file} {}: no {outcome} case", predicate.name));
                }
            }
            let Some(first) = of.first() else { continue };
            let mut command = ovm();
            command
                .current_dir(workspace())
                .args(["claim", "--shape", "expanded"])
                .arg(format!("examples/{file}"))
                .arg(first.predicate);
            for (name, value) in &first.args {
                command.arg(format!("--arg={name}={value}"));
            }
            let expressible = run(&mut command).code == 0;
            if of.iter().any(|c| c.shapes.contains(&"expanded")) != expressible {
                missing.push(format!(
                    "{file} {}: the expanded shape is {}expressible, and the cases say otherwise",
                    predicate.name,
                    if expressible { "" } else { "not " }
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
