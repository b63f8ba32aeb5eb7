//! The server loop: the initialize handshake, then requests and notifications one at a time,
//! until `exit`.
//!
//! The loop is single-threaded: each request is answered from the analysis of the current
//! text of its document, made when first needed after a change. Diagnostics are published
//! once the messages already waiting have been handled, so a burst of changes (typing) is
//! analysed once, for its last version. A request that fails (a bug: a panic) is answered with
//! an error; the server goes on.

use crate::diagnostics::{self, Published};
use crate::documents::Documents;
use crate::stdlib::StdlibFiles;
use crate::{Error, completion, definition, formatting, hover, symbols};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, LogMessage,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, Request as _, Shutdown,
};
use lsp_types::{
    CompletionOptions, CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse, InitializeParams,
    InitializeResult, LogMessageParams, MessageType, OneOf, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};
use ovm_compiler::driver::Options;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What the server can do, as announced to the client.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
        })),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["@".to_string(), ".".to_string()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The client's `initializationOptions`: the `ovm check` flags to analyse with.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InitializationOptions {
    /// `--compat`: accept the old dialect's loose rules, with warnings.
    compat: bool,
    /// `--strict`: warn about every implicit conversion through `Bytes`.
    strict: bool,
}

/// Serves `connection` until the client says `exit`. Returns whether the exit was clean
/// (`shutdown` came first), which decides the exit status the protocol asks for (0 or 1).
pub fn run(connection: Connection) -> Result<bool, Error> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let options = params
        .initialization_options
        .and_then(|o| serde_json::from_value::<InitializationOptions>(o).ok())
        .unwrap_or_default();
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "ovm".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    connection
        .sender
        .send(Response::new_ok(id, result).into())
        .map_err(|_| Error::Disconnected)?;
    let mut server = Server {
        connection,
        documents: Documents::default(),
        published: Published::default(),
        stdlib: None,
        options: Options {
            compat: options.compat,
            strict: options.strict,
        },
        shutdown: false,
    };
    match StdlibFiles::install() {
        Ok(files) => server.stdlib = Some(files),
        Err(error) => server.log(
            MessageType::WARNING,
            format!("cannot write the standard library's sources for go to definition: {error}"),
        )?,
    }
    server.main_loop()
}

struct Server {
    connection: Connection,
    documents: Documents,
    published: Published,
    stdlib: Option<StdlibFiles>,
    options: Options,
    shutdown: bool,
}

/// Why a request has no result.
struct RequestError {
    code: ErrorCode,
    message: String,
}

impl RequestError {
    fn new(code: ErrorCode, message: impl Into<String>) -> RequestError {
        RequestError {
            code,
            message: message.into(),
        }
    }
}

impl Server {
    fn main_loop(&mut self) -> Result<bool, Error> {
        loop {
            // The client went away without `exit`: not a clean exit.
            let Ok(message) = self.connection.receiver.recv() else {
                return Ok(false);
            };
            if let Some(clean) = self.handle(message)? {
                return Ok(clean);
            }
            while let Ok(message) = self.connection.receiver.try_recv() {
                if let Some(clean) = self.handle(message)? {
                    return Ok(clean);
                }
            }
            self.publish_pending()?;
        }
    }

    /// Handles one message; `Some(clean)` on `exit`.
    fn handle(&mut self, message: Message) -> Result<Option<bool>, Error> {
        match message {
            Message::Request(request) => self.request(request)?,
            Message::Notification(notification) if notification.method == "exit" => {
                return Ok(Some(self.shutdown));
            }
            Message::Notification(notification) => self.notification(notification)?,
            // The server sends no requests, so expects no responses.
            Message::Response(_) => {}
        }
        Ok(None)
    }

    fn send(&self, message: Message) -> Result<(), Error> {
        self.connection
            .sender
            .send(message)
            .map_err(|_| Error::Disconnected)
    }

    fn log(&self, kind: MessageType, message: String) -> Result<(), Error> {
        let params = LogMessageParams { typ: kind, message };
        self.send(Notification::new(LogMessage::METHOD.to_string(), params).into())
    }

    fn request(&mut self, request: Request) -> Result<(), Error> {
        let id: RequestId = request.id.clone();
        let response = if self.shutdown {
            Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            )
        } else if request.method == Shutdown::METHOD {
            self.shutdown = true;
            Response::new_ok(id, ())
        } else {
            let method = request.method.clone();
            match catch_unwind(AssertUnwindSafe(|| self.dispatch(request))) {
                Ok(Ok(value)) => Response::new_ok(id, value),
                Ok(Err(error)) => Response::new_err(id, error.code as i32, error.message),
                Err(_) => Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("the server failed to answer `{method}` (a bug; please report it)"),
                ),
            }
        };
        self.send(response.into())
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, RequestError> {
        let method = request.method.as_str();
        let value = match method {
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = parse(request.params)?;
                let at = params.text_document_position_params;
                let hover = self
                    .analysis(&at.text_document.uri)
                    .and_then(|a| hover::hover(a, at.position));
                to_value(hover)
            }
            GotoDefinition::METHOD => {
                let params: lsp_types::GotoDefinitionParams = parse(request.params)?;
                let at = params.text_document_position_params;
                let location = self
                    .analysis(&at.text_document.uri)
                    .and_then(|a| definition::definition(a, at.position));
                to_value(location.map(GotoDefinitionResponse::Scalar))
            }
            DocumentSymbolRequest::METHOD => {
                let params: lsp_types::DocumentSymbolParams = parse(request.params)?;
                let symbols = self
                    .analysis(&params.text_document.uri)
                    .map(|a| DocumentSymbolResponse::Nested(symbols::symbols(a)));
                to_value(symbols)
            }
            Completion::METHOD => {
                let params: lsp_types::CompletionParams = parse(request.params)?;
                let at = params.text_document_position;
                let uri = &at.text_document.uri;
                let dir = self
                    .documents
                    .get(uri)
                    .and_then(|d| d.path.as_deref()?.parent().map(|p| p.to_path_buf()));
                let list = self.analysis(uri).map(|a| {
                    CompletionResponse::List(completion::completion(a, at.position, dir.as_deref()))
                });
                to_value(list)
            }
            Formatting::METHOD => {
                let params: lsp_types::DocumentFormattingParams = parse(request.params)?;
                let Some(document) = self.documents.get(&params.text_document.uri) else {
                    return Ok(Value::Null);
                };
                match formatting::format(&document.text) {
                    Ok(edits) => to_value(edits),
                    Err(reason) => {
                        // Not an error of the request: the file cannot be formatted as it is.
                        let uri = params.text_document.uri;
                        let _ = self.log(MessageType::INFO, format!("not formatting {uri}: {reason}"));
                        Value::Null
                    }
                }
            }
            _ => {
                return Err(RequestError::new(
                    ErrorCode::MethodNotFound,
                    format!("unsupported request `{method}`"),
                ));
            }
        };
        Ok(value)
    }

    fn notification(&mut self, notification: Notification) -> Result<(), Error> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp_types::DidOpenTextDocumentParams>(notification.params) {
                    let document = params.text_document;
                    self.documents.open(document.uri, document.version, document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp_types::DidChangeTextDocumentParams>(notification.params) {
                    let document = params.text_document;
                    self.documents
                        .change(&document.uri, document.version, params.content_changes);
                }
            }
            DidSaveTextDocument::METHOD => {
                // Other documents may import the saved file, which they read from disk.
                if let Ok(params) = parse::<lsp_types::DidSaveTextDocumentParams>(notification.params) {
                    self.documents.invalidate_others(&params.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) = parse::<lsp_types::DidCloseTextDocumentParams>(notification.params) {
                    let uri = params.text_document.uri;
                    self.documents.close(&uri);
                    for (file, diagnostics) in self.published.remove(&uri) {
                        self.publish(file, diagnostics, None)?;
                    }
                }
            }
            // `initialized`, `$/cancelRequest` (every request is answered at once), settings…
            _ => {}
        }
        Ok(())
    }

    /// The analysis of an open document's current text.
    fn analysis(&mut self, uri: &Url) -> Option<&crate::analysis::Analysis> {
        let options = self.options;
        let stdlib = self.stdlib.as_ref();
        Some(self.documents.get_mut(uri)?.analysis(uri, options, stdlib))
    }

    /// Publishes the diagnostics of every document changed since they were last published.
    fn publish_pending(&mut self) -> Result<(), Error> {
        for uri in self.documents.unpublished() {
            let options = self.options;
            let stdlib = self.stdlib.as_ref();
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            document.published = true;
            let version = document.version;
            let files = catch_unwind(AssertUnwindSafe(|| {
                diagnostics::by_file(&uri, document.analysis(&uri, options, stdlib))
            }));
            let Ok(files) = files else {
                self.log(
                    MessageType::ERROR,
                    format!("the server failed to analyse {uri} (a bug; please report it)"),
                )?;
                continue;
            };
            for (file, diagnostics) in self.published.update(&uri, files) {
                let version = (file == uri).then_some(version);
                self.publish(file, diagnostics, version)?;
            }
        }
        Ok(())
    }

    fn publish(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Error> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_string(), params).into())
    }
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, RequestError> {
    serde_json::from_value(params)
        .map_err(|e| RequestError::new(ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
