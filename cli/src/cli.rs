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
    /// Print the syntax tree of a file (for debugging the parser).
    Parse(ParseArgs),
    /// Explain a diagnostic code in detail, with an example.
    Explain(ExplainArgs),
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
