//! The OVM language server: `ovm lsp`.
//!
//! It speaks the Language Server Protocol over standard input and output (through
//! `lsp-server`, with the types of `lsp-types`) and answers from the compiler's own passes:
//!
//! * [`diagnostics`]: exactly the coded diagnostics of `ovm check`, published per file;
//! * [`hover`]: variable types, predicate signatures, annotations and doc comments;
//! * [`definition`]: go to definition, across imports and into the standard library, whose
//!   sources are written to a cache directory ([`stdlib`]);
//! * [`symbols`]: every definition of a document, with its kind;
//! * [`completion`]: predicates and variables in scope, keywords and annotations;
//! * [`formatting`]: through [`ovm_compiler::format::format`].
//!
//! [`server`] runs the loop, [`documents`] keeps the open documents, [`analysis`] runs the
//! compiler on one of them and indexes the result, [`locate`] finds what is at a position, and
//! [`position`] converts byte offsets to the protocol's UTF-16 positions.

pub mod analysis;
pub mod completion;
pub mod definition;
pub mod describe;
pub mod diagnostics;
pub mod documents;
pub mod formatting;
pub mod hover;
pub mod locate;
pub mod position;
pub mod server;
pub mod stdlib;
pub mod symbols;

use lsp_server::Connection;

/// Why the server stopped other than by the client's `exit`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The client broke the protocol (for instance, by not starting with `initialize`).
    #[error("language server protocol error: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The client closed the connection while the server was sending.
    #[error("the client closed the connection")]
    Disconnected,
    /// Reading standard input or writing standard output failed.
    #[error("cannot read or write the connection: {0}")]
    Io(#[from] std::io::Error),
}

/// Runs the server over standard input and output until the client says `exit`. Returns
/// whether the client asked to shut down first (the process should then exit with status 0,
/// otherwise 1, as the protocol says).
pub fn run_stdio() -> Result<bool, Error> {
    let (connection, io_threads) = Connection::stdio();
    let clean = server::run(connection)?;
    io_threads.join()?;
    Ok(clean)
}

/// Runs the server over an existing connection (such as [`Connection::memory`], for tests).
pub fn run(connection: Connection) -> Result<bool, Error> {
    server::run(connection)
}
