//! The command line, declared with `clap`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The OVM toolchain: check, compile and evaluate dispute properties for layer-2 protocols.
///
/// Properties are first-order formulas over atomic predicates, written in `.ovm` files and
/// decided by the Universal Adjudication Contract on chain and by the OVM engine off chain.
///
/// Exit status: 0 when all is well, 1 when the sources have errors, 2 for a bad command line
/// or a file that cannot be read.
#[derive(Debug, Parser)]
#[command(
    name = "ovm",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_long_help = "Examples:\n  ovm check examples/            check every .ovm file under examples/\n  ovm check --message-format json a.ovm\n  ovm explain E0108              what an error code means, with an example"
)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorMode::Auto, value_name = "WHEN")]
    pub color: ColorMode,

    /// How to print diagnostics: for people, or one JSON object per line on stdout.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human, value_name = "FORMAT")]
    pub message_format: MessageFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check `.ovm` files for errors without producing output.
    ///
    /// Directories are searched recursively for `.ovm` files.
    Check(CheckArgs),
    /// Compile a file and write what it compiles to.
    Build(BuildArgs),
    /// Format `.ovm` files in the canonical style, in place.
    ///
    /// Directories are searched recursively for `.ovm` files. Only the layout changes (spaces,
    /// line breaks, indentation); the tokens and comments stay as written. A file with syntax
    /// errors is left alone and its errors are reported. See docs/language.md, "Formatting".
    #[command(
        after_long_help = "Examples:\n  ovm fmt examples/               format every .ovm file under examples/\n  ovm fmt --check a.ovm b.ovm     list the files that are not formatted (exit status 1)"
    )]
    Fmt(FmtArgs),
    /// Build the ABI-encoded claim of a predicate applied to arguments.
    ///
    /// The claim is the `Property` the Universal Adjudication Contract's `claimProperty` takes.
    /// Values are parsed by each parameter's type: `0x…` hex for Address (20 bytes), Bytes and
    /// Bytes32 (32 bytes); decimal or `0x` hex for BigNumber; `START..END` for Range; a JSON
    /// property `{"predicateAddress": "0x…", "inputs": ["0x…"]}` for Property.
    #[command(
        after_long_help = "Examples:\n  ovm claim examples/plasma/ownership.ovm ownership \\\n      --arg owner=0x5aeda56215b167893e80b4fe645ba6d5bab767de --arg tx=0x1234\n  ovm claim a.ovm checkpoint --shape expanded --format json --arg su=@su.json"
    )]
    Claim(ClaimArgs),
    /// Decide a claim locally with the OVM engine: true (with the witness that decides it at
    /// once, if there is one), false (with the challenge that defeats it), or unknown.
    ///
    /// The claim is built as by `ovm claim`; quantifier domains are looked up in the witness
    /// file (see docs/witness.md).
    #[command(
        after_long_help = "Examples:\n  ovm eval examples/plasma/ownership.ovm ownership --witness w.json \\\n      --arg owner=0x5aeda56215b167893e80b4fe645ba6d5bab767de --arg tx=0x1234\n  ovm eval a.ovm no_preimage --shape expanded --format json --arg h=0x… --witness w.json"
    )]
    Eval(EvalArgs),
    /// Run scenario files (`*.test.toml`): state facts, claim predicates, and check what the
    /// engine decides (and, with `--evm`, that a chain decides the same).
    ///
    /// Each case prints `ok` or `FAILED` (with the difference and the decision tree), then a
    /// summary line; the exit status is 1 if any case failed. See docs/scenarios.md.
    Test(TestArgs),
    /// Print a readable listing of a bytecode file (`.ovmb`).
    Disasm(DisasmArgs),
    /// Encode or decode a property directly.
    #[command(subcommand)]
    Property(PropertyCommand),
    /// Print the syntax tree of a file (for debugging the parser).
    Parse(ParseArgs),
    /// Explain a diagnostic code in detail, with an example.
    Explain(ExplainArgs),
    /// Run the language server over standard input and output (for editors).
    ///
    /// It publishes the diagnostics of `ovm check` as files are edited, and answers hover, go to
    /// definition, document symbols, completion and formatting requests. See docs/lsp.md for
    /// the editor set-up.
    Lsp(LspArgs),
}

/// Arguments of `ovm check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How strictly to check.
    #[command(flatten)]
    pub rules: Rules,
}

/// Arguments of `ovm fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories to format.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Change nothing: list each file that is not formatted, with its first difference, and
    /// exit with status 1 if there is one.
    #[arg(long)]
    pub check: bool,
}

/// Flags that choose which rules apply.
#[derive(Debug, Args)]
pub struct Rules {
    /// Accept the original dialect's loose rules, each with a warning: unknown capitalised
    /// names are external predicates (the old test placeholders `Foo`, `Bar`, `A`, `B` atomic
    /// ones), and `IsValidSignature(message, signer, signature)` is the old 3-argument form.
    #[arg(long)]
    pub compat: bool,

    /// Also warn about every implicit conversion through `Bytes` (W0301).
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `ovm build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The file to compile.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// What to produce.
    #[arg(long, value_enum, value_name = "KIND")]
    pub emit: Emit,

    /// Where to write it (standard output if absent).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// How strictly to check.
    #[command(flatten)]
    pub rules: Rules,
}

/// What `ovm build` produces.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Emit {
    /// The typed intermediate representation, as a readable listing: every library predicate
    /// inlined, every quantifier expanded, every variable renamed apart and typed.
    Ir,
    /// The compiled-predicate JSON (`CompiledPredicate[]`) that the existing OVM clients load.
    Json,
    /// The engine's bytecode (`.ovmb`, see docs/bytecode.md); needs `--output` unless standard
    /// output is not a terminal.
    Bytecode,
    /// Solidity: one compiled-predicate contract per definition, for the Universal
    /// Adjudication Contract (see docs/solidity.md).
    Solidity,
}

/// Arguments of `ovm claim`.
#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// The predicate, its arguments and the claim's shape.
    #[command(flatten)]
    pub claim: ClaimTarget,
    /// How to print the claim.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// What to claim: a predicate of a file applied to arguments, in a shape, against a
/// deployment (shared by `ovm claim` and `ovm eval`).
#[derive(Debug, Args)]
pub struct ClaimTarget {
    /// The file that defines the predicate.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The predicate.
    #[arg(value_name = "PREDICATE")]
    pub predicate: String,
    /// A parameter's value, as `NAME=VALUE`; one per parameter. `NAME=@FILE` reads the value
    /// from a file (for long properties).
    #[arg(long = "arg", value_name = "NAME=VALUE")]
    pub args: Vec<String>,
    /// The claim's shape: one call of the predicate's deployed contract, or the whole formula
    /// as nested properties of the universal connective and atomic predicate contracts.
    #[arg(long, value_enum, default_value_t = ClaimShape::Compiled)]
    pub shape: ClaimShape,
    /// The deployment file (JSON) with the contracts' addresses and the constants' values;
    /// the built-in local deployment if absent.
    #[arg(long, value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    /// How strictly to check.
    #[command(flatten)]
    pub rules: Rules,
}

/// The shapes of a claim.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ClaimShape {
    /// `Property(compiled predicate address, [label?, args…])`.
    Compiled,
    /// Nested `Not`/`And`/`Or`/`ForAllSuchThat`/`ThereExistsSuchThat` and atomic properties.
    Expanded,
}

/// How to print a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable tree, then the encoding, id and calldata.
    Text,
    /// One JSON object with the keys `property`, `encoded`, `id` and `calldata`.
    Json,
}

/// Arguments of `ovm eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The predicate, its arguments and the claim's shape, as for `ovm claim`.
    #[command(flatten)]
    pub claim: ClaimTarget,
    /// The witness file (JSON): signatures, bucket values, range records, storage values and
    /// what the store vouches complete. Without one, the store is empty.
    #[arg(long, value_name = "FILE")]
    pub witness: Option<PathBuf>,
    /// How to print the decision: a readable tree with the reason at each node, or one JSON
    /// object with the keys `outcome`, `witness`, `challenge` and `steps`.
    #[arg(long, value_enum, default_value_t = DecisionFormat::Text)]
    pub format: DecisionFormat,
    /// The most steps (nodes decided and elements visited) the decision may take.
    #[arg(long, value_name = "N", default_value_t = 100_000_000)]
    pub max_steps: u64,
    /// The most elements one quantifier domain may have.
    #[arg(long, value_name = "N", default_value_t = 1 << 24)]
    pub max_domain: u64,
}

/// How `ovm eval` prints a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DecisionFormat {
    /// The outcome, the witness or challenge, and the decision tree.
    Text,
    /// One JSON object.
    Json,
}

/// Arguments of `ovm test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Scenario files, or directories to search for `*.test.toml` files.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Also play every case on an in-process EVM: deploy the adjudicator, the connectives, the
    /// atomic predicates and the compiled predicates, claim, challenge and decide as the engine
    /// says, and fail the case if the chain decides otherwise.
    #[arg(long)]
    pub evm: bool,

    /// Where the compiled predicates' artifacts are (`ovm build --emit solidity`, compiled as
    /// contracts/build.js does): a directory searched for `*.json` artifacts.
    #[arg(long, value_name = "DIR", requires = "evm")]
    pub artifacts: Option<PathBuf>,

    /// With `--evm`: print the gas of claiming, challenging and deciding each predicate, per
    /// claim shape, as a Markdown table.
    #[arg(long, requires = "evm")]
    pub gas_report: bool,
}

/// Arguments of `ovm disasm`.
#[derive(Debug, Args)]
pub struct DisasmArgs {
    /// The bytecode file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `ovm property …`.
#[derive(Debug, Subcommand)]
pub enum PropertyCommand {
    /// ABI-encode a property given its predicate address and inputs.
    Encode(EncodeArgs),
    /// Decode an ABI-encoded property and print it as a tree.
    Decode(DecodeArgs),
}

/// Arguments of `ovm property encode`.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// The predicate's address (`0x` and 40 hex digits).
    #[arg(long, value_name = "ADDRESS")]
    pub predicate_address: String,
    /// An input as `0x` hex, in order; repeat for each input.
    #[arg(long = "input", value_name = "HEX", allow_hyphen_values = true)]
    pub inputs: Vec<String>,
    /// How to print the property.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// Arguments of `ovm property decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The encoding, as `0x` hex (`abi.encode` of `(address,bytes[])`, or `claimProperty`
    /// calldata).
    #[arg(value_name = "HEX")]
    pub hex: String,
    /// The deployment whose names label known addresses; the built-in local deployment if
    /// absent.
    #[arg(long, value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    /// How to print the property.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// Arguments of `ovm parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The file to parse.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// How to print the tree: an indented outline with byte spans, or JSON.
    #[arg(long, value_enum, default_value_t = TreeFormat::Outline)]
    pub format: TreeFormat,
}

/// Arguments of `ovm explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code to explain, such as `E0106`.
    #[arg(value_name = "CODE", required_unless_present = "list")]
    pub code: Option<String>,

    /// List every code with its one-line summary instead.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorMode {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How to print diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Rendered with source excerpts, on stderr.
    Human,
    /// One JSON object per diagnostic, on stdout.
    Json,
}

/// How `ovm parse` prints a tree.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TreeFormat {
    /// One node per line, indented, with byte spans.
    Outline,
    /// The whole tree as JSON.
    Json,
}

/// Arguments of `ovm lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accepted and ignored: editors' LSP clients pass it to say that the server talks over
    /// standard input and output, which it always does.
    #[arg(long, hide = true)]
    pub stdio: bool,
}
