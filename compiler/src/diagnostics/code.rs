//! The stable diagnostic codes. Codes are grouped by the pass that reports them:
//! `E01xx`/`W01xx` reading, lexing and parsing; `E02xx`/`W02xx` names (resolution);
//! `E03xx`/`W03xx` types. A code is never reused for another meaning.
//! Each code's long explanation lives in `docs/errors/<CODE>.md` and is shown by `ovm explain`.

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written in messages, such as `E0106`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity of diagnostics with this code.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The long explanation, in Markdown, with an example.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("../../../docs/errors/", $code, ".md")),)*
                }
            }
        }
    };
}

codes! {
    /// The file is not valid UTF-8.
    InvalidUtf8 = "E0100", Error;
    /// A character that starts no token.
    UnknownCharacter = "E0101", Error;
    /// A string literal without its closing quote.
    UnterminatedString = "E0102", Error;
    /// A block comment without its closing `*/`.
    UnterminatedComment = "E0103", Error;
    /// An escape sequence a string literal cannot contain.
    InvalidEscape = "E0104", Error;
    /// A malformed number or byte-string literal.
    InvalidNumber = "E0105", Error;
    /// A token the grammar does not allow here.
    UnexpectedToken = "E0106", Error;
    /// The file ends in the middle of a definition.
    UnexpectedEof = "E0107", Error;
    /// Two expressions side by side with no connective between them.
    MissingConnective = "E0108", Error;
    /// Expressions nested deeper than the compiler's limit.
    NestingTooDeep = "E0109", Error;
    /// An import after the first definition.
    ImportAfterDefinition = "E0110", Error;
    /// `.all()` without a variable and body.
    QuantifierWithoutBody = "E0111", Error;
    /// A reserved word where a name is expected.
    ReservedWord = "E0112", Error;
    /// `and` and `or` mixed without parentheses, which the old compiler read differently.
    MixedAndOr = "W0101", Warning;
    /// A call of a predicate that is not defined, imported or in the prelude.
    UnknownPredicate = "E0201", Error;
    /// A variable that is neither a parameter nor bound by an enclosing quantifier.
    UnboundVariable = "E0202", Error;
    /// Two definitions with the same name in one scope.
    DuplicateDefinition = "E0203", Error;
    /// Two parameters of one definition with the same name.
    DuplicateParameter = "E0204", Error;
    /// A call with the wrong number of arguments.
    ArityMismatch = "E0205", Error;
    /// Definitions that call themselves, directly or through others.
    RecursiveDefinition = "E0206", Error;
    /// An import whose file or standard module does not exist.
    ModuleNotFound = "E0207", Error;
    /// An imported name that the imported module does not define.
    UnknownImport = "E0208", Error;
    /// An unknown annotation, or one with the wrong arguments.
    InvalidAnnotation = "E0209", Error;
    /// A body where none belongs, or none where one is needed.
    MisplacedBody = "E0210", Error;
    /// A malformed quantifier hint, or a placeholder that names no parameter.
    InvalidHint = "E0211", Error;
    /// `self` used other than as `self.address`.
    InvalidSelf = "E0212", Error;
    /// A parameter type that does not exist.
    UnknownType = "E0213", Error;
    /// A bound variable with the same name as a parameter.
    ShadowedParameter = "W0201", Warning;
    /// Under `--compat`, an unknown capitalised name taken as an external predicate.
    CompatExternal = "W0202", Warning;
    /// Under `--compat`, a placeholder atomic predicate of the old test cases.
    CompatPlaceholder = "W0203", Warning;
    /// Under `--compat`, the old 3-argument `IsValidSignature`.
    CompatSignature = "W0204", Warning;
    /// A value of one concrete type where another is expected.
    TypeMismatch = "E0301", Error;
    /// A child access (`.0`, `.address`) on a value that is not a property.
    ChildOfScalar = "E0302", Error;
    /// A variable called as a predicate that cannot hold a property.
    CalledNonProperty = "E0303", Error;
    /// A literal that does not fit the type expected of it.
    InvalidLiteral = "E0304", Error;
    /// An implicit conversion through `Bytes` (reported with `--strict`).
    ImplicitConversion = "W0301", Warning;
    /// Under `--compat`, a parameter declared with a scalar type used as a property.
    CompatScalarAsProperty = "W0302", Warning;
}

impl Code {
    /// Looks a code up by its text, ignoring ASCII case (`e0106` finds `E0106`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_explained() {
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_by_key(|t| (&t[1..3], &t[..1], &t[3..]));
        assert_eq!(
            texts, sorted,
            "codes are listed by pass, errors before warnings, in numeric order"
        );
        sorted.dedup();
        assert_eq!(texts.len(), sorted.len(), "duplicate codes");
        for code in Code::ALL {
            let text = code.explanation();
            assert!(
                text.starts_with(&format!("# {code}:")),
                "{code}'s explanation must start with `# {code}:`"
            );
            assert!(text.contains("```ovm"), "{code}'s explanation needs an example");
        }
    }

    #[test]
    fn parse_ignores_case() {
        assert_eq!(Code::parse("e0106"), Some(Code::UnexpectedToken));
        assert_eq!(Code::parse("E9999"), None);
    }
}
