//! `ovm`: the command-line front end of the OVM toolchain.

mod cli;
mod commands;
mod onchain;
mod report;
mod scenario;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, which turns a closed standard output (`ovm … | head`) into a panic
    // in `println!`; restore the default, so the process ends quietly like other Unix tools.
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = cli::Cli::parse();
    let mut reporter = report::Reporter::new(cli.color, cli.message_format);
    let result = match cli.command {
        cli::Command::Check(args) => commands::check::run(&args, &mut reporter),
        cli::Command::Build(args) => commands::build::run(&args, &mut reporter),
        cli::Command::Fmt(args) => commands::fmt::run(&args, &mut reporter),
        cli::Command::Claim(args) => commands::claim::run(&args, &mut reporter),
        cli::Command::Eval(args) => commands::eval::run(&args, &mut reporter),
        cli::Command::Test(args) => commands::test::run(&args, &mut reporter),
        cli::Command::Disasm(args) => commands::disasm::run(&args, &mut reporter),
        cli::Command::Property(cli::PropertyCommand::Encode(args)) => {
            commands::property::encode(&args, &mut reporter)
        }
        cli::Command::Property(cli::PropertyCommand::Decode(args)) => {
            commands::property::decode(&args, &mut reporter)
        }
        cli::Command::Parse(args) => commands::parse::run(&args, &mut reporter),
        cli::Command::Explain(args) => commands::explain::run(&args),
        cli::Command::Lsp(_) => commands::lsp::run(),
    };
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            reporter.fatal(&error);
            report::Outcome::UsageOrIo.exit_code()
        }
    }
}
