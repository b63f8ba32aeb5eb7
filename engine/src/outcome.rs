//! The three outcomes of a decision.

use serde::Serialize;
use std::fmt;

/// What the engine concludes about a property from the data it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The property holds: a claim of it will be decided true.
    True,
    /// The property does not hold: a claim of it can be defeated.
    False,
    /// The data needed to decide is missing, or the store cannot vouch that a domain is
    /// complete. More data may decide it either way; nothing decided stays undecided.
    Unknown,
}

impl Outcome {
    /// `true` as [`Outcome::True`], `false` as [`Outcome::False`].
    pub fn of(holds: bool) -> Outcome {
        if holds { Outcome::True } else { Outcome::False }
    }

    /// The lower-case name: `true`, `false`, `unknown`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::True => "true",
            Outcome::False => "false",
            Outcome::Unknown => "unknown",
        }
    }
}

impl std::ops::Not for Outcome {
    type Output = Outcome;

    /// The outcome of the negation: unknown stays unknown.
    fn not(self) -> Outcome {
        match self {
            Outcome::True => Outcome::False,
            Outcome::False => Outcome::True,
            Outcome::Unknown => Outcome::Unknown,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
