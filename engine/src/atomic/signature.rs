//! Signatures: `IsValidSignature(message, signature, signer, verifierType)`.
//!
//! The contract hashes the message by the verifier type (raw UTF-8 bytes):
//! - `secp256k1`: `keccak256(message)`, with **no** EIP-191 prefix;
//! - `typedData`: [`hash_transaction`]`(message)`, a legacy `eth_signTypedData` (v1) style hash
//!   of an ABI-encoded [`Transaction`];
//! - anything else reverts ("unknown verifier type").
//!
//! It then requires `ecrecover(hash, v, r, s) == signer` for the 65-byte signature `r ‖ s ‖ v`
//! ([`ecrecover`]). `ecrecover` returns the zero address when it recovers nothing (`v` not 27
//! or 28, `r` or `s` out of range, no such point), so the zero address as signer accepts every
//! invalid 65-byte signature: this module decides so too ([`Reason::ZeroSigner`]). High-`s`
//! signatures are accepted, as `ecrecover` accepts them.

use super::input::{abi_decode, address, arguments};
use super::{Atomic, Decision, Encoding, Reason, SignatureFault, Verifier};
use alloy_primitives::{Address, B256, Bytes, keccak256};
use alloy_sol_types::sol_data;
use secp256k1::ecdsa::{RecoverableSignature, RecoveryId};
use secp256k1::{Message, PublicKey, SECP256K1, SecretKey};

/// The ABI types of `DataTypes.sol` that a `typedData` message is made of.
pub mod abi {
    alloy_sol_types::sol! {
        /// `DataTypes.Range`: `[start, end)`.
        #[derive(Debug, PartialEq, Eq)]
        struct Range {
            /// The first number in the range.
            uint256 start;
            /// One past the last number.
            uint256 end;
        }

        /// `DataTypes.Property`: a predicate and its inputs.
        #[derive(Debug, PartialEq, Eq)]
        struct Property {
            /// The address of the predicate contract.
            address predicateAddress;
            /// The predicate's inputs.
            bytes[] inputs;
        }

        /// `DataTypes.Transaction`, ABI `(address,(uint256,uint256),uint256,(address,bytes[]),bytes32,address)`.
        #[derive(Debug, PartialEq, Eq)]
        struct Transaction {
            /// The deposit contract (the token) of the range.
            address depositContractAddress;
            /// The range the transaction transfers.
            Range range;
            /// The last block the transaction may be included in.
            uint256 maxBlockNumber;
            /// The state object the range moves to; `inputs[0]` is the new owner's address word.
            Property nextStateObject;
            /// The chunk the range belongs to.
            bytes32 chunkId;
            /// The sender.
            address from;
        }
    }
}

pub use abi::Transaction;

/// The type string of [`hash_transaction`]: `"address token" ‖ "uint256 amount" ‖ "address
/// owner" ‖ "bytes transaction"`.
const TRANSACTION_TYPES: &str = concat!(
    "address token",
    "uint256 amount",
    "address owner",
    "bytes transaction"
);

/// The contract's `hashTransaction(message)`:
/// `keccak256(keccak256(types) ‖ keccak256(encodePacked(token, range.end - range.start, owner, message)))`,
/// where the message is `abi.encode(Transaction)`, the token is its `depositContractAddress`
/// and the owner is `abi.decode(nextStateObject.inputs[0], (address))`.
///
/// The subtraction wraps, as in Solidity 0.5 (the contract's version), which has no checked
/// arithmetic. The error is why the contract would revert: the message or the owner does not
/// decode, or there is no owner.
pub fn hash_transaction(message: &[u8]) -> Result<B256, Reason> {
    let transaction = abi_decode::<Transaction>(0, message, Encoding::Transaction)?;
    let owner = transaction
        .nextStateObject
        .inputs
        .first()
        .ok_or(Reason::NoOwner)?;
    let owner = abi_decode::<sol_data::Address>(0, owner, Encoding::Owner)?;
    let amount = transaction.range.end.wrapping_sub(transaction.range.start);
    let mut packed = Vec::with_capacity(20 + 32 + 20 + message.len());
    packed.extend_from_slice(transaction.depositContractAddress.as_slice());
    packed.extend_from_slice(&amount.to_be_bytes::<32>());
    packed.extend_from_slice(owner.as_slice());
    packed.extend_from_slice(message);
    let mut outer = [0u8; 64];
    outer[..32].copy_from_slice(keccak256(TRANSACTION_TYPES).as_slice());
    outer[32..].copy_from_slice(keccak256(&packed).as_slice());
    Ok(keccak256(outer))
}

/// The address of a public key: the last 20 bytes of `keccak256` of its uncompressed form
/// without the `0x04` prefix.
pub fn address_of(key: &PublicKey) -> Address {
    let uncompressed = key.serialize_uncompressed();
    Address::from_slice(&keccak256(&uncompressed[1..])[12..])
}

/// What the `ecrecover` precompile recovers from `hash` and the signature `r ‖ s ‖ v`, or why
/// it recovers nothing (it then returns the zero address). `v` must be 27 or 28; `s` may be
/// high.
pub fn ecrecover(hash: B256, signature: &[u8; 65]) -> Result<Address, SignatureFault> {
    let v = signature[64];
    let id = match v {
        27 => RecoveryId::Zero,
        28 => RecoveryId::One,
        _ => return Err(SignatureFault::V(v)),
    };
    let signature =
        RecoverableSignature::from_compact(&signature[..64], id).map_err(|_| SignatureFault::Overflow)?;
    let key = SECP256K1
        .recover_ecdsa(Message::from_digest(hash.0), &signature)
        .map_err(|_| SignatureFault::NoKey)?;
    Ok(address_of(&key))
}

/// Signs `hash` as `ecrecover` expects: `r ‖ s ‖ v` with `v` 27 or 28 (RFC 6979 nonces, low
/// `s`). For tests and witness files.
pub fn sign(hash: B256, key: &SecretKey) -> [u8; 65] {
    let signature = SECP256K1.sign_ecdsa_recoverable(Message::from_digest(hash.0), key);
    let (id, compact) = signature.serialize_compact();
    let mut out = [0u8; 65];
    out[..64].copy_from_slice(&compact);
    out[64] = 27 + i32::from(id) as u8;
    out
}

/// `IsValidSignature(message, signature, signer, verifierType)`.
pub(super) fn is_valid_signature(inputs: &[Bytes]) -> Decision {
    let [message, signature, signer, verifier_type] = arguments(Atomic::IsValidSignature, inputs)?;
    let verifier = match verifier_type.as_ref() {
        b"secp256k1" => Verifier::Secp256k1,
        b"typedData" => Verifier::TypedData,
        _ => {
            return Err(Reason::UnknownVerifierType {
                verifier_type: verifier_type.clone(),
            });
        }
    };
    let hash = match verifier {
        Verifier::Secp256k1 => keccak256(message),
        Verifier::TypedData => hash_transaction(message)?,
    };
    let signer = address(2, signer)?;
    let signature: &[u8; 65] = signature.as_ref().try_into().map_err(|_| Reason::Length {
        input: 1,
        len: signature.len(),
        expected: Encoding::Signature,
    })?;
    match ecrecover(hash, signature) {
        Ok(recovered) if recovered == signer => Ok(Reason::SignedBy { signer, verifier }),
        Ok(recovered) => Err(Reason::WrongSigner { recovered, signer }),
        Err(fault) if signer == Address::ZERO => Ok(Reason::ZeroSigner { fault }),
        Err(fault) => Err(Reason::InvalidSignature { fault, signer }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{U256, address, hex};
    use ovm_abi::input::address_word;

    fn key(seed: u8) -> SecretKey {
        SecretKey::from_byte_array(keccak256([seed]).0).unwrap()
    }

    fn signer_of(key: &SecretKey) -> Address {
        address_of(&PublicKey::from_secret_key(SECP256K1, key))
    }

    fn inputs(message: &[u8], signature: &[u8], signer: Address, verifier: &'static [u8]) -> Vec<Bytes> {
        vec![
            Bytes::copy_from_slice(message),
            Bytes::copy_from_slice(signature),
            address_word(signer),
            Bytes::from_static(verifier),
        ]
    }

    #[test]
    fn known_key_address() {
        // The secret key 1 is the generator, whose address is well known.
        let one = SecretKey::from_byte_array(U256::from(1).to_be_bytes::<32>()).unwrap();
        assert_eq!(
            signer_of(&one),
            address!("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")
        );
    }

    #[test]
    fn reference_vector() {
        // The contracts' own test vector (adjudicator.md §5): "message" signed with raw
        // keccak256 (no EIP-191 prefix), v = 27.
        let signer = address!("0xa7E678F5F3Db99bf4957AC2ebEb3a89C6f9031F6");
        let sig = hex!(
            "3050ed8255d5599ebce4be5ef23eceeb61bfae924db5e5b12fc975663854629204a68351940fcea4231e9e4af515e2a10c187fcd7f88f4e5ffed218c76a5553b1b"
        );
        assert_eq!(ecrecover(keccak256(b"message"), &sig), Ok(signer));
        assert!(is_valid_signature(&inputs(b"message", &sig, signer, b"secp256k1")).is_ok());
        // With the EIP-191 prefix it recovers someone else.
        let prefixed = keccak256(b"\x19Ethereum Signed Message:\n7message");
        assert_ne!(ecrecover(prefixed, &sig), Ok(signer));
        // The contracts' invalid signature (v = 0xb2).
        let invalid = hex!(
            "00b0ed8255d5599ebce4be5ef23eceeb16bfae924db5e5b12fc975663854629204a68351940fcea4231e9e4af515e2a10c187fcd7f88f4e5ffed218c76a1113bb2"
        );
        assert_eq!(
            is_valid_signature(&inputs(b"message", &invalid, signer, b"secp256k1")),
            Err(Reason::InvalidSignature {
                fault: SignatureFault::V(0xb2),
                signer
            })
        );
        // Our own signatures round-trip.
        let k = key(1);
        let ours = sign(keccak256(b"message"), &k);
        assert!(ours[64] == 27 || ours[64] == 28);
        assert_eq!(ecrecover(keccak256(b"message"), &ours), Ok(signer_of(&k)));
    }

    #[test]
    fn secp256k1_signatures() {
        let k = key(2);
        let signer = signer_of(&k);
        let sig = sign(keccak256(b"hello"), &k);
        let verdict = is_valid_signature(&inputs(b"hello", &sig, signer, b"secp256k1"));
        assert_eq!(
            verdict,
            Ok(Reason::SignedBy {
                signer,
                verifier: Verifier::Secp256k1
            })
        );
        // Wrong message, wrong signer.
        let e = is_valid_signature(&inputs(b"hellp", &sig, signer, b"secp256k1")).unwrap_err();
        assert!(matches!(e, Reason::WrongSigner { .. }));
        let other = signer_of(&key(3));
        let e = is_valid_signature(&inputs(b"hello", &sig, other, b"secp256k1")).unwrap_err();
        assert_eq!(
            e,
            Reason::WrongSigner {
                recovered: signer,
                signer: other
            }
        );
        assert_eq!(
            e.to_string(),
            format!("the signature recovers {signer}, not the signer {other}")
        );
        // v = 29 and a 64-byte signature.
        let mut bad = sig;
        bad[64] = 29;
        let e = is_valid_signature(&inputs(b"hello", &bad, signer, b"secp256k1")).unwrap_err();
        assert_eq!(
            e,
            Reason::InvalidSignature {
                fault: SignatureFault::V(29),
                signer
            }
        );
        let e = is_valid_signature(&inputs(b"hello", &sig[..64], signer, b"secp256k1")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "input 1 is 64 bytes, expected a 65-byte signature r ‖ s ‖ v"
        );
        // v = 0 or 1 (the raw recovery id) is not what ecrecover takes.
        bad[64] = sig[64] - 27;
        assert!(is_valid_signature(&inputs(b"hello", &bad, signer, b"secp256k1")).is_err());
    }

    #[test]
    fn high_s_is_accepted_like_ecrecover() {
        // secp256k1's order n.
        let n = U256::from_be_slice(&hex!(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
        ));
        let k = key(4);
        let hash = keccak256(b"high s");
        let sig = sign(hash, &k);
        let s = U256::from_be_slice(&sig[32..64]);
        let mut high = sig;
        high[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
        high[64] = if sig[64] == 27 { 28 } else { 27 };
        assert_eq!(ecrecover(hash, &high), Ok(signer_of(&k)));
        // r or s at or above n overflows; zero recovers nothing.
        let mut over = sig;
        over[32..64].copy_from_slice(&n.to_be_bytes::<32>());
        assert_eq!(ecrecover(hash, &over), Err(SignatureFault::Overflow));
        let mut zero = sig;
        zero[..32].fill(0);
        assert_eq!(ecrecover(hash, &zero), Err(SignatureFault::NoKey));
    }

    #[test]
    fn zero_signer_accepts_invalid_signatures() {
        let e = is_valid_signature(&inputs(b"x", &[0u8; 65], Address::ZERO, b"secp256k1"));
        assert_eq!(
            e,
            Ok(Reason::ZeroSigner {
                fault: SignatureFault::V(0)
            })
        );
        // The length is still required.
        assert!(is_valid_signature(&inputs(b"x", &[0u8; 64], Address::ZERO, b"secp256k1")).is_err());
    }

    #[test]
    fn verifier_types_and_signers() {
        let k = key(5);
        let sig = sign(keccak256(b"m"), &k);
        let e = is_valid_signature(&inputs(b"m", &sig, signer_of(&k), b"ed25519")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown verifier type \"ed25519\": expected \"secp256k1\" or \"typedData\" (raw UTF-8 bytes)"
        );
        let e = is_valid_signature(&inputs(b"m", &sig, signer_of(&k), b"\x00\x01")).unwrap_err();
        assert!(e.to_string().starts_with("unknown verifier type 0x0001:"));
        let mut args = inputs(b"m", &sig, signer_of(&k), b"secp256k1");
        args[2] = Bytes::copy_from_slice(signer_of(&k).as_slice());
        let e = is_valid_signature(&args).unwrap_err();
        assert_eq!(
            e,
            Reason::Length {
                input: 2,
                len: 20,
                expected: Encoding::Address
            }
        );
        let mut dirty = address_word(signer_of(&k)).to_vec();
        dirty[0] = 1;
        args[2] = dirty.into();
        assert_eq!(is_valid_signature(&args), Err(Reason::DirtyAddress { input: 2 }));
    }

    fn transaction(owner: Address, start: u64, end: u64) -> Transaction {
        Transaction {
            depositContractAddress: address!("0x00000000000000000000000000000000000000d0"),
            range: abi::Range {
                start: U256::from(start),
                end: U256::from(end),
            },
            maxBlockNumber: U256::from(100),
            nextStateObject: abi::Property {
                predicateAddress: address!("0x00000000000000000000000000000000000000e0"),
                inputs: vec![address_word(owner)],
            },
            chunkId: B256::repeat_byte(7),
            from: address!("0x00000000000000000000000000000000000000f0"),
        }
    }

    #[test]
    fn typed_data() {
        use alloy_sol_types::SolValue;
        let k = key(6);
        let signer = signer_of(&k);
        let message = transaction(signer, 10, 25).abi_encode();
        let hash = hash_transaction(&message).unwrap();
        // The hash by hand: keccak256(typehash ‖ keccak256(token ‖ amount ‖ owner ‖ message)).
        let mut packed = hex!("00000000000000000000000000000000000000d0").to_vec();
        packed.extend_from_slice(&U256::from(15).to_be_bytes::<32>());
        packed.extend_from_slice(signer.as_slice());
        packed.extend_from_slice(&message);
        let typehash = keccak256(b"address tokenuint256 amountaddress ownerbytes transaction");
        assert_eq!(
            hash,
            keccak256([typehash.as_slice(), keccak256(&packed).as_slice()].concat())
        );

        let sig = sign(hash, &k);
        assert_eq!(
            is_valid_signature(&inputs(&message, &sig, signer, b"typedData")),
            Ok(Reason::SignedBy {
                signer,
                verifier: Verifier::TypedData
            })
        );
        // The same signature is not one of keccak256(message).
        assert!(is_valid_signature(&inputs(&message, &sig, signer, b"secp256k1")).is_err());
        // Not a transaction, no owner, a dirty owner.
        let e = is_valid_signature(&inputs(b"junk", &sig, signer, b"typedData")).unwrap_err();
        assert!(matches!(
            e,
            Reason::Undecodable {
                input: 0,
                what: Encoding::Transaction,
                ..
            }
        ));
        let mut tx = transaction(signer, 10, 25);
        tx.nextStateObject.inputs.clear();
        let e = is_valid_signature(&inputs(&tx.abi_encode(), &sig, signer, b"typedData")).unwrap_err();
        assert_eq!(e, Reason::NoOwner);
        let mut dirty = address_word(signer).to_vec();
        dirty[3] = 9;
        tx.nextStateObject.inputs = vec![dirty.into()];
        let e = is_valid_signature(&inputs(&tx.abi_encode(), &sig, signer, b"typedData")).unwrap_err();
        assert!(
            matches!(
                e,
                Reason::Undecodable {
                    what: Encoding::Owner,
                    ..
                }
            ),
            "{e:?}"
        );
        // A dirty address inside the transaction itself.
        let mut bytes = transaction(signer, 10, 25).abi_encode();
        bytes[32] = 1; // the high byte of depositContractAddress
        let e = hash_transaction(&bytes).unwrap_err();
        assert_eq!(
            e,
            Reason::Undecodable {
                input: 0,
                what: Encoding::Transaction,
                fault: crate::atomic::AbiFault::DirtyAddress
            }
        );
        // An inverted range wraps, as in Solidity 0.5.
        assert!(hash_transaction(&transaction(signer, 25, 10).abi_encode()).is_ok());
        // abi.decode accepts an owner word followed by more bytes, and many inputs.
        let mut tx = transaction(signer, 10, 25);
        let mut long = address_word(signer).to_vec();
        long.extend_from_slice(b"trailing");
        tx.nextStateObject.inputs = vec![long.into()];
        tx.nextStateObject
            .inputs
            .extend(std::iter::repeat_n(Bytes::new(), 2000));
        assert!(hash_transaction(&tx.abi_encode()).is_ok());
        // A message with trailing bytes decodes too, and they are part of the hashed message.
        let mut trailing = message.clone();
        trailing.extend_from_slice(&[0; 7]);
        assert_ne!(hash_transaction(&trailing).unwrap(), hash);
    }
}
