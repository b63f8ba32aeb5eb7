//! `ovm lsp`: the language server, over standard input and output.

use crate::report::Outcome;
use anyhow::Context;

/// Serves one editor session. The exit status is 0 when the editor shut the server down
/// (`shutdown`, then `exit`), 1 when it exited without shutting down, as the protocol asks.
pub fn run() -> anyhow::Result<Outcome> {
    let clean = ovm_lsp::run_stdio().context("the language server stopped")?;
    Ok(if clean {
        Outcome::Success
    } else {
        Outcome::SourceErrors
    })
}
