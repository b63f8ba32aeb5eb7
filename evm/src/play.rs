//! [`play`]: one claim's dispute game, played on a [`Chain`] as the engine says it should go.

use alloy_primitives::Bytes;
use ovm_abi::Property;
use ovm_engine::{Decision, Outcome};

use crate::chain::{Chain, GameDecision, Receipt};
use crate::error::EvmError;

/// The UAC's dispute period, in blocks: a claim made at block `B` is decidable by timeout
/// from block `B + DISPUTE_PERIOD`.
pub const DISPUTE_PERIOD: u64 = 7;

/// What a played game ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Played {
    /// The claim's decision on chain after the game.
    pub result: GameDecision,
    /// The gas of the game's transactions.
    pub gas: Gas,
    /// A human-readable log of the transactions, in order.
    pub steps: Vec<String>,
}

/// The gas of a played game's transactions (each with its intrinsic gas).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gas {
    /// `claimProperty` of the claim.
    pub claim: u64,
    /// `challenge` of the claim, if it was challenged.
    pub challenge: Option<u64>,
    /// The transaction that decided the claim (`decideClaimWithWitness`,
    /// `decideClaimToTrue`, `decideClaimToFalse` or the atomic predicate's `decideFalse`);
    /// 0 when nothing was decided.
    pub decide: u64,
}

/// Plays the dispute game of `claim`, whose engine decision is `decision`, and reads what the
/// chain decided. The caller compares [`Played::result`] with the engine's outcome.
///
/// The claim is claimed first. Then:
/// - true with a witness: `decideClaimWithWitness(claim, witness)`;
/// - true without a witness: the dispute period is mined, then `decideClaimToTrue`;
/// - false with a challenge: the challenge property is claimed (unless it already is), the
///   claim is challenged with it, the challenge is decided true as the engine decides it
///   (`decide` is asked; it must say true) by the two rules above, then
///   `decideClaimToFalse(claim, challenge)`;
/// - false without a challenge (an atomic property): the predicate's `decideFalse`;
/// - unknown: nothing more, so the game stays undecided.
///
/// A reverted or halted transaction is an error naming the call and its reason.
pub fn play(
    chain: &mut Chain,
    claim: &Property,
    decision: &Decision,
    decide: &mut dyn FnMut(&Property) -> Result<Decision, String>,
) -> Result<Played, EvmError> {
    let mut game = Game {
        chain,
        steps: Vec::new(),
    };
    let claimed = game.claim(claim)?;
    let mut gas = Gas {
        claim: claimed.gas_used,
        ..Gas::default()
    };
    match (decision.outcome, &decision.challenge) {
        (Outcome::True, _) => {
            gas.decide = game.decide_true(claim, decision.witness.as_deref())?;
        }
        (Outcome::False, Some(challenge)) => {
            let c = &challenge.property;
            if !game.chain.is_claimed(c)? {
                game.claim(c)?;
            }
            let challenged = game.chain.challenge(claim, &challenge.challenge_inputs, c)?;
            game.log(
                format!("challenge {} with {}", game.describe(claim), game.describe(c)),
                &challenged,
            );
            gas.challenge = Some(challenged.gas_used);
            let of_challenge = decide(c).map_err(|reason| EvmError::Engine {
                property: game.describe(c),
                reason,
            })?;
            if of_challenge.outcome != Outcome::True {
                return Err(EvmError::Disagreement {
                    property: game.describe(claim),
                    reason: format!(
                        "the engine says it is false, but its challenge {} is {:?}, not true",
                        game.describe(c),
                        of_challenge.outcome
                    ),
                });
            }
            game.decide_true(c, of_challenge.witness.as_deref())?;
            let decided = game.chain.decide_claim_to_false(claim, c)?;
            game.log(format!("decideClaimToFalse {}", game.describe(claim)), &decided);
            gas.decide = decided.gas_used;
        }
        (Outcome::False, None) => {
            let decided = game.chain.decide_atomic_false(claim)?;
            game.log(format!("decideFalse {}", game.describe(claim)), &decided);
            gas.decide = decided.gas_used;
        }
        (Outcome::Unknown, _) => {}
    }
    let result = game.chain.decision(claim)?;
    Ok(Played {
        result,
        gas,
        steps: game.steps,
    })
}

/// A game being played: the chain and the log so far.
struct Game<'a> {
    /// The chain.
    chain: &'a mut Chain,
    /// The log.
    steps: Vec<String>,
}

impl Game<'_> {
    /// A one-line description of a property, with the deployment's names.
    fn describe(&self, property: &Property) -> String {
        short(self.chain, property, 0)
    }

    /// Logs a transaction.
    fn log(&mut self, what: String, receipt: &Receipt) {
        let block = self.chain.block_number();
        self.steps
            .push(format!("block {block}: {what} (gas {})", receipt.gas_used));
    }

    /// Claims `property`.
    fn claim(&mut self, property: &Property) -> Result<Receipt, EvmError> {
        let receipt = self.chain.claim(property)?;
        self.log(format!("claim {}", self.describe(property)), &receipt);
        Ok(receipt)
    }

    /// Decides a claimed true property: with its witness, or by timeout. The gas.
    fn decide_true(&mut self, property: &Property, witness: Option<&[Bytes]>) -> Result<u64, EvmError> {
        let (receipt, what) = match witness {
            Some(witness) => (
                self.chain.decide_claim_with_witness(property, witness)?,
                "decideClaimWithWitness",
            ),
            None => {
                self.chain.mine(DISPUTE_PERIOD);
                self.steps.push(format!("mine {DISPUTE_PERIOD} blocks"));
                (self.chain.decide_claim_to_true(property)?, "decideClaimToTrue")
            }
        };
        self.log(format!("{what} {}", self.describe(property)), &receipt);
        Ok(receipt.gas_used)
    }
}

/// How deep [`short`] shows nested properties.
const SHORT_DEPTH: usize = 4;

/// `Name(input, …)`: nested properties as such (to [`SHORT_DEPTH`]), small words as numbers,
/// short inputs in hex and long ones by their first bytes and length.
fn short(chain: &Chain, property: &Property, depth: usize) -> String {
    let inputs: Vec<String> = property
        .inputs
        .iter()
        .map(|input| match Property::decode(input) {
            Ok(inner) if depth < SHORT_DEPTH => short(chain, &inner, depth + 1),
            Ok(_) => "…".to_owned(),
            Err(_) => short_bytes(input),
        })
        .collect();
    format!(
        "{}({})",
        chain.name(property.predicate_address),
        inputs.join(", ")
    )
}

/// An input in a log line.
fn short_bytes(bytes: &[u8]) -> String {
    if let Some(n) = ovm_abi::input::decode_uint_word(bytes)
        && n < alloy_primitives::U256::from(1u64 << 32)
    {
        return n.to_string();
    }
    if bytes.len() <= 12 {
        alloy_primitives::hex::encode_prefixed(bytes)
    } else {
        format!(
            "{}…({} bytes)",
            alloy_primitives::hex::encode_prefixed(&bytes[..6]),
            bytes.len()
        )
    }
}
