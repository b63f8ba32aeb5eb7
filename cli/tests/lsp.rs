//! `ovm lsp` end to end: the real binary, spoken to in JSON-RPC over its standard input and
//! output with `Content-Length` framing, as an editor does.

mod common;

use common::{ovm, run, workspace};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long any one answer may take before the test fails (the debug binary, on a busy machine).
const TIMEOUT: Duration = Duration::from_secs(120);

/// A language client: the server process, a thread reading its messages, and the
/// notifications received but not yet looked at.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    pending: Vec<Value>,
    next_id: i64,
    /// The temporary directory holding the files and the cache.
    dir: tempfile::TempDir,
}

impl Client {
    /// Starts `ovm lsp` with its cache (where it writes the standard library) in a fresh
    /// temporary directory, and initializes it.
    fn start() -> Client {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let mut child = Command::new(env!("CARGO_BIN_EXE_ovm"))
            .arg("lsp")
            .env("XDG_CACHE_HOME", &cache)
            .env("HOME", dir.path())
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 0,
            dir,
        };
        let root = Url::from_path(client.dir.path());
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}}),
        );
        assert_eq!(result["serverInfo"]["name"], "ovm");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (keeping notifications that come first).
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// Sends a request and returns its result, failing the test on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The first message, pending or new, that `wanted` accepts.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.pending.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no answer within {TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let message =
            self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Writes `text` to `name` in the temporary directory and opens it; its URI.
    fn open(&mut self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let uri = Url::from_path(&path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "ovm", "version": 1, "text": text}}),
        );
        uri
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// A request about a position of a document.
    fn at(&mut self, method: &str, uri: &str, (line, character): (u32, u32)) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    /// `shutdown`, then `exit`; the exit status.
    fn shutdown(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.wait_for_exit()
    }

    fn wait_for_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one `Content-Length`-framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = Some(value.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).unwrap())
}

/// `file://` URIs of paths (the tests' paths are ASCII, so need no escaping).
struct Url;

impl Url {
    fn from_path(path: &Path) -> String {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        format!("file://{}", path.display())
    }

    fn to_path(uri: &str) -> PathBuf {
        PathBuf::from(uri.strip_prefix("file://").expect("a file URI"))
    }
}

fn range(value: &Value) -> ((u64, u64), (u64, u64)) {
    let at = |p: &Value| (p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap());
    (at(&value["start"]), at(&value["end"]))
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn unknown_requests_are_method_not_found() {
    let mut client = Client::start();
    let response = client.request_raw("ovm/unknown", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    assert!(client.shutdown().success());
}

#[test]
fn the_initialize_result_lists_every_feature() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ovm"))
        .arg("lsp")
        .env("XDG_CACHE_HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        .to_string();
    let stdin = child.stdin.as_mut().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let response = read_message(&mut reader).unwrap();
    let capabilities = &response["result"]["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["definitionProvider"], true);
    assert_eq!(capabilities["documentSymbolProvider"], true);
    assert_eq!(capabilities["documentFormattingProvider"], true);
    assert_eq!(capabilities["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(
        capabilities["completionProvider"]["triggerCharacters"],
        json!(["@", "."])
    );
    drop(child.stdin.take());
    // Standard input closed without `exit`: the server stops, with status 1.
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn diagnostics_have_the_code_and_range_of_ovm_check() {
    let mut client = Client::start();
    let text = "def ok(a: Bytes) := Equal(a, a)\n\ndef f(a: Bytes) := Foo(a)\n";
    let uri = client.open("bad.ovm", text);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "E0201");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "ovm");
    assert_eq!(range(&d["range"]), ((2, 19), (2, 22)));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown predicate `Foo`")
    );

    // Fixing it clears the diagnostics; breaking the syntax reports E0106 or E0107.
    client.change(&uri, 2, "def ok(a: Bytes) := Equal(a, a)\n");
    assert!(client.diagnostics(&uri).is_empty());
    client.change(&uri, 3, "def ok(a: Bytes) := Equal(a, a) Equal(a, a)\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics[0]["code"], "E0108");
    // Columns count UTF-16 code units: `😀` is two.
    client.change(&uri, 4, "/* é😀 */ def f(a) := Foo(a)\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics[0]["code"], "E0201");
    assert_eq!(range(&diagnostics[0]["range"]), ((0, 22), (0, 25)));
    assert!(client.shutdown().success());
}

#[test]
fn diagnostics_are_those_of_ovm_check_with_related_locations() {
    let mut client = Client::start();
    let text = "/// Dup.\ndef f(a: Bytes) := Equal(a, a)\ndef f(b: Address) := IsLessThan(b)\n\
                def g(x: Address, y: BigNumber) := IsLessThan(x, y)\n";
    let uri = client.open("dup.ovm", text);
    let diagnostics = client.diagnostics(&uri);
    let path = Url::to_path(&uri);
    let check = run(ovm().args(["--message-format", "json", "check"]).arg(&path));
    assert_eq!(check.code, 1);
    let expected: Vec<(String, u64, u64)> = check
        .stdout
        .lines()
        .map(|line| {
            let d: Value = serde_json::from_str(line).unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() - 1,
                d["column"].as_u64().unwrap() - 1,
            )
        })
        .collect();
    let got: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            let ((line, column), _) = range(&d["range"]);
            (d["code"].as_str().unwrap().to_string(), line, column)
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
    let duplicate = diagnostics.iter().find(|d| d["code"] == "E0203").unwrap();
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri);
    assert_eq!(range(&related["location"]["range"]), ((1, 4), (1, 5)));
    // The arity error points into the standard library's source, served from the cache.
    let arity = diagnostics.iter().find(|d| d["code"] == "E0205").unwrap();
    let std_uri = arity["relatedInformation"][0]["location"]["uri"]
        .as_str()
        .unwrap();
    assert!(std_uri.ends_with("/atomic.ovm"), "{std_uri}");
    assert!(Url::to_path(std_uri).is_file());
    assert!(client.shutdown().success());
}

#[test]
fn the_examples_open_without_diagnostics() {
    let mut client = Client::start();
    for name in [
        "plasma/exit_game.ovm",
        "channel/withdrawal.ovm",
        "multisig/multisig.ovm",
    ] {
        let path = workspace().join("examples").join(name);
        let uri = Url::from_path(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "ovm", "version": 1, "text": text}}),
        );
        assert_eq!(client.diagnostics(&uri), Vec::<Value>::new(), "{name}");
    }
    assert!(client.shutdown().success());
}

#[test]
fn diagnostics_of_an_imported_file_are_published_for_it() {
    let mut client = Client::start();
    std::fs::write(
        client.dir.path().join("lib.ovm"),
        "def Helper(a) := Equal(a, a) and\n",
    )
    .unwrap();
    let uri = client.open("main.ovm", "from lib import Helper\ndef f(a) := Helper(a)\n");
    let lib = Url::from_path(&client.dir.path().join("lib.ovm"));
    let for_lib = client.diagnostics(&lib);
    assert_eq!(for_lib[0]["code"], "E0107");
    assert!(client.diagnostics(&uri).is_empty());
    assert!(client.shutdown().success());
}

#[test]
fn saving_an_imported_file_refreshes_its_importers() {
    let mut client = Client::start();
    let lib = client.open("lib.ovm", "def Helper(a) := Equal(a, a)\n");
    assert!(client.diagnostics(&lib).is_empty());
    let main = client.open("main.ovm", "from lib import Helper\ndef f(a) := Helper(a, a)\n");
    assert_eq!(client.diagnostics(&main)[0]["code"], "E0205");
    // `Helper` gets a second parameter, saved: `main.ovm` is checked again.
    let fixed = "def Helper(a, b) := Equal(a, b)\n";
    client.change(&lib, 2, fixed);
    assert!(client.diagnostics(&lib).is_empty());
    std::fs::write(Url::to_path(&lib), fixed).unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": lib}}));
    assert!(client.diagnostics(&main).is_empty());
    // Closing a document clears what it published.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": main}}));
    assert!(client.diagnostics(&main).is_empty());
    assert!(client.shutdown().success());
}

const MAIN: &str = "\
from std.signature import SignedBy
from lib import Owned

/// The owner signed `tx`.
def ownership(owner: Address, tx: Bytes) :=
  exists sig in SignedBy(tx, owner): Owned(tx, owner, sig) and Equal(sig, tx)

def unchecked(x) := IsLessThan(x, 10)
";

const LIB: &str = "\
/// `sig` is `owner`'s signature of `tx`.
@library
def Owned(tx: Bytes, owner: Address, sig: Bytes) := IsValidSignature(tx, sig, owner, $secp256k1)
";

/// A client with `lib.ovm` on disk and `main.ovm` open (without diagnostics); its URI.
fn project() -> (Client, String) {
    let mut client = Client::start();
    std::fs::write(client.dir.path().join("lib.ovm"), LIB).unwrap();
    let uri = client.open("main.ovm", MAIN);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    (client, uri)
}

/// The line and column of the first `needle` in `MAIN` (ASCII), plus `shift` columns.
fn pos(needle: &str, shift: u32) -> (u32, u32) {
    let offset = MAIN.find(needle).unwrap();
    let line = MAIN[..offset].matches('\n').count();
    let column = offset - MAIN[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line as u32, column as u32 + shift)
}

#[test]
fn hover_shows_variable_types_and_predicate_signatures() {
    let (mut client, uri) = project();
    // A bound variable: its type is the first parameter's of the domain.
    let (line, column) = pos("sig, tx)", 1);
    let hover = client.at("textDocument/hover", &uri, (line, column));
    let text = hover_text(&hover);
    assert!(text.contains("sig: Bytes"), "{text}");
    assert!(text.contains("bound by `exists sig in SignedBy(…)`"), "{text}");
    let (line, column) = (u64::from(line), u64::from(column));
    assert_eq!(range(&hover["range"]), ((line, column - 1), (line, column + 2)));
    // A parameter, untyped: inferred.
    let text = hover_text(&client.at("textDocument/hover", &uri, pos("x, 10", 0)));
    assert!(text.contains("x: BigNumber"), "{text}");
    // A predicate of the file: signature and doc comment.
    let text = hover_text(&client.at("textDocument/hover", &uri, pos("ownership", 2)));
    assert!(
        text.contains("def ownership(owner: Address, tx: Bytes)"),
        "{text}"
    );
    assert!(text.contains("The owner signed `tx`."), "{text}");
    // An imported one: annotations too.
    let text = hover_text(&client.at("textDocument/hover", &uri, pos("Owned(tx", 1)));
    assert!(
        text.contains("@library\ndef Owned(tx: Bytes, owner: Address, sig: Bytes)"),
        "{text}"
    );
    assert!(text.contains("`owner`'s signature"), "{text}");
    // The standard library's: an imported quantifier and a prelude atomic.
    let text = hover_text(&client.at("textDocument/hover", &uri, pos("SignedBy(tx", 3)));
    assert!(text.contains("@quantifier(\"signatures,KEY,${m}\")"), "{text}");
    assert!(
        text.contains("def SignedBy(sig: Bytes, m: Bytes, signer: Address)"),
        "{text}"
    );
    assert!(text.contains("`from std.signature import SignedBy`"), "{text}");
    let text = hover_text(&client.at("textDocument/hover", &uri, pos("Equal(sig", 0)));
    assert!(text.contains("@atomic\ndef Equal("), "{text}");
    assert!(text.contains("prelude"), "{text}");
    // Nothing at a keyword.
    assert_eq!(
        client.at("textDocument/hover", &uri, pos("exists", 1)),
        Value::Null
    );
    assert!(client.shutdown().success());
}

#[test]
fn definition_goes_across_imports_and_into_the_standard_library() {
    let (mut client, uri) = project();
    let lib = Url::from_path(&client.dir.path().join("lib.ovm"));
    let location = client.at("textDocument/definition", &uri, pos("Owned(tx", 0));
    assert_eq!(location["uri"], lib);
    assert_eq!(range(&location["range"]), ((2, 4), (2, 9)));
    // From the import line too.
    let location = client.at("textDocument/definition", &uri, pos("Owned\n", 0));
    assert_eq!(location["uri"], lib);

    let location = client.at("textDocument/definition", &uri, pos("SignedBy(tx", 0));
    let std_uri = location["uri"].as_str().unwrap();
    assert!(std_uri.ends_with("/signature.ovm"), "{std_uri}");
    let source = std::fs::read_to_string(Url::to_path(std_uri)).unwrap();
    let ((line, column), _) = range(&location["range"]);
    let line_text = source.lines().nth(line as usize).unwrap();
    assert!(
        line_text[column as usize..].starts_with("SignedBy("),
        "{line_text}"
    );
    // A prelude predicate is in the standard library too.
    let location = client.at("textDocument/definition", &uri, pos("Equal(sig", 0));
    assert!(location["uri"].as_str().unwrap().ends_with("/atomic.ovm"));
    // A variable: its binding.
    let location = client.at("textDocument/definition", &uri, pos("sig, tx)", 0));
    assert_eq!(location["uri"], uri);
    assert_eq!(range(&location["range"]), ((5, 9), (5, 12)));
    assert!(client.shutdown().success());
}

#[test]
fn completion_offers_what_is_in_scope() {
    let (mut client, uri) = project();
    // Inside `Owned(tx, owner, |sig)`.
    let list = client.at("textDocument/completion", &uri, pos("sig) and", 0));
    let items = list["items"].as_array().unwrap();
    let item = |label: &str| items.iter().find(|i| i["label"] == label);
    for wanted in [
        "owner",
        "tx",
        "sig",
        "SignedBy",
        "Owned",
        "Equal",
        "ownership",
        "forall",
        "not",
    ] {
        assert!(item(wanted).is_some(), "{wanted} missing");
    }
    assert_eq!(item("sig").unwrap()["detail"], "Bytes");
    assert_eq!(item("owner").unwrap()["kind"], 6, "a variable");
    let owned = item("Owned").unwrap();
    assert_eq!(
        owned["detail"],
        "def Owned(tx: Bytes, owner: Address, sig: Bytes)"
    );
    assert!(
        owned["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("signature of `tx`")
    );
    // `x` is not in scope here.
    assert!(item("x").is_none());
    // Between definitions: the top-level keywords.
    let list = client.at("textDocument/completion", &uri, (7, 0));
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"def") && labels.contains(&"@library"),
        "{labels:?}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn document_symbols_list_every_definition_with_its_kind() {
    let mut client = Client::start();
    let text = "@library\n@quantifier(\"r,NUMBER,${zero}-${n}\")\ndef Below(x: BigNumber, n: BigNumber) := IsLessThan(x, n)\n\
                @external\ndef Remote(a: Bytes)\n@library\ndef Helper(a) := Equal(a, a)\ndef main(a) := Helper(a)\n";
    let uri = client.open("symbols.ovm", text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let got: Vec<(&str, u64)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["kind"].as_u64().unwrap()))
        .collect();
    // ENUM (a quantifier), INTERFACE (declared elsewhere), METHOD (library), FUNCTION (compiled).
    assert_eq!(got, [("Below", 10), ("Remote", 11), ("Helper", 6), ("main", 12)]);
    let below = &symbols[0];
    assert_eq!(range(&below["range"]), ((0, 0), (2, 57)));
    assert_eq!(range(&below["selectionRange"]), ((2, 4), (2, 9)));
    assert_eq!(below["detail"], "(x: BigNumber, n: BigNumber) @quantifier");
    assert!(client.shutdown().success());
}

#[test]
fn formatting_goes_through_the_formatter() {
    let mut client = Client::start();
    let text = "def   f(a:Bytes):=Equal(a,a)\n";
    let uri = client.open("messy.ovm", text);
    let options = json!({"tabSize": 2, "insertSpaces": true});
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": options}),
    );
    let expected = ovm_compiler::format::format(text).unwrap();
    assert_eq!(edits.as_array().unwrap().len(), 1);
    assert_eq!(edits[0]["newText"], expected);
    assert_eq!(range(&edits[0]["range"]), ((0, 0), (1, 0)));
    // Formatted already: no edit. Syntax errors: no edit, no error.
    client.change(&uri, 2, &expected);
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": options}),
    );
    assert_eq!(edits, json!([]));
    let broken = "def f(a :=";
    client.change(&uri, 3, broken);
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": options}),
    );
    if ovm_compiler::format::format(broken).is_err() {
        assert_eq!(
            edits,
            Value::Null,
            "a file the formatter refuses gets no edit, and no error"
        );
    }
    assert!(client.shutdown().success());
}

#[test]
fn half_typed_input_never_crashes_the_server() {
    let (mut client, uri) = project();
    // Type MAIN again, a few characters at a time, asking for everything at the cursor after
    // each change; then some hostile texts.
    let mut version = 1;
    let mut texts: Vec<String> = (0..=MAIN.len())
        .step_by(7)
        .map(|n| MAIN[..n].to_string())
        .collect();
    texts.extend([
        "def f(a: Bytes) := exists s in SignedBy(a, ".to_string(),
        "@quantifier(\"unterminated\ndef".to_string(),
        "def f() := ".to_string() + &"(".repeat(10_000),
        "from std. import ,,\ndef".to_string(),
        "déf é(😀) := ß(".to_string(),
        "def f(a) := a.0.address.1(".to_string(),
        "\u{0}\u{7f}$$$@@@".to_string(),
        String::new(),
    ]);
    for text in &texts {
        version += 1;
        client.change(&uri, version, text);
        let lines = text.split('\n').count() as u32;
        let last = text
            .split('\n')
            .next_back()
            .unwrap_or_default()
            .encode_utf16()
            .count() as u32;
        for at in [
            (0, 0),
            (0, 5),
            (lines - 1, last),
            (lines - 1, last.saturating_sub(1)),
            (99, 99),
        ] {
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
            ] {
                let response = client.request_raw(
                    method,
                    json!({"textDocument": {"uri": uri}, "position": {"line": at.0, "character": at.1}}),
                );
                assert!(
                    response.get("error").is_none(),
                    "{method} at {at:?} in {text:?}: {response}"
                );
            }
        }
        client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    // Requests about documents that are not open have no result.
    let unknown = Url::from_path(&client.dir.path().join("nowhere.ovm"));
    assert_eq!(client.at("textDocument/hover", &unknown, (0, 0)), Value::Null);
    // Still answering.
    client.change(&uri, version + 1, MAIN);
    let text = hover_text(&client.at("textDocument/hover", &uri, pos("ownership", 0)));
    assert!(text.contains("def ownership"));
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_status_1_and_requests_after_shutdown_are_refused() {
    let mut client = Client::start();
    client.request("shutdown", Value::Null);
    let refused = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(refused["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_for_exit().code(), Some(0));

    let mut client = Client::start();
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_for_exit().code(), Some(1));
}

/// A well-typed file of `defs` definitions, as the compiler's `check` benchmark generates
/// (`compiler/benches/check.rs`, `well_typed_source`): two library quantifiers, then
/// definitions mixing both quantifier syntaxes, typed and untyped parameters, doc comments,
/// and every tenth calling the one before.
fn generated_source(defs: usize) -> String {
    let mut out = String::from(
        "@library\n@quantifier(\"signatures,KEY,${m}\")\n\
         def SignedBy(sig: Bytes, m: Bytes, signer: Address) := IsValidSignature(m, sig, signer, $secp256k1)\n\n\
         @library\n@quantifier(\"range,NUMBER,${zero}-${upper_bound}\")\n\
         def LessThan(n: BigNumber, upper_bound: BigNumber) := IsLessThan(n, upper_bound)\n\n",
    );
    for i in 0..defs {
        if i % 5 == 0 {
            let _ = writeln!(out, "/// Predicate {i}: signed, bounded and swappable.");
        }
        let params = if i % 3 == 0 {
            "a: Bytes, b: Address, c: BigNumber"
        } else {
            "a, b, c"
        };
        let tail = "(Equal(a.1, $swap) or IsLessThan(c, 1000000))";
        let _ = match i % 4 {
            0 => write!(
                out,
                "def p{i}({params}) := SignedBy(a, b).any() and \
                 LessThan(c).all(x -> IsLessThan(x, c) and !Equal(a.0, $swap)) and {tail}"
            ),
            1 => write!(
                out,
                "def p{i}({params}) := {tail} and exists s in SignedBy(a, b): \
                 IsValidSignature(a.0, s, b, $secp256k1) and not IsLessThan(c, 7)"
            ),
            2 => write!(
                out,
                "def p{i}({params}) := (IsStored(b, a.0, a.address) implies \
                 !LessThan(c).any(y -> IsLessThan(42, y))) and {tail}"
            ),
            _ => write!(
                out,
                "def p{i}({params}) := forall x in LessThan(c): \
                 (IsLessThan(x, 99) implies exists s in SignedBy(a.2, b): Equal(s, a.address)) and {tail}"
            ),
        };
        if i % 10 == 9 {
            let _ = write!(out, " and p{}(a, b, c)", i - 1);
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_10000_definition_file_is_answered() {
    let defs = 10_000;
    let text = generated_source(defs);
    let mut client = Client::start();
    let path = client.dir.path().join("big.ovm");
    std::fs::write(&path, &text).unwrap();
    let uri = Url::from_path(&path);

    let opened = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ovm", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics(&uri);
    let to_diagnostics = opened.elapsed();
    assert!(diagnostics.is_empty(), "{:?}", &diagnostics[..1]);

    // An error near the end: reported after a change.
    let broken = text.replace("def p9998(", "def p9998(a, ");
    let changed = Instant::now();
    client.change(&uri, 2, &broken);
    let diagnostics = client.diagnostics(&uri);
    let to_new_diagnostics = changed.elapsed();
    assert_eq!(diagnostics[0]["code"], "E0204");

    // Requests on the (analysed) text: each costs one definition, not the file.
    let last_line = broken.lines().count() as u32 - 1;
    let started = Instant::now();
    for _ in 0..20 {
        let hover = client.at("textDocument/hover", &uri, (last_line, 6));
        assert!(hover_text(&hover).contains("def p9999"));
        client.at("textDocument/definition", &uri, (last_line, 6));
    }
    let per_request = started.elapsed() / 40;
    let started = Instant::now();
    let body_column = broken.lines().last().unwrap().find("LessThan(c)").unwrap() as u32;
    let list = client.at("textDocument/completion", &uri, (last_line, body_column + 2));
    let completion = started.elapsed();
    assert_eq!(list["isIncomplete"], true, "a long list is cut");
    let started = Instant::now();
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols_time = started.elapsed();
    assert_eq!(symbols.as_array().unwrap().len(), defs + 2);
    eprintln!(
        "{defs} definitions ({} bytes): diagnostics {to_diagnostics:?} after open, \
         {to_new_diagnostics:?} after a change; hover/definition {per_request:?}; \
         completion {completion:?}; symbols {symbols_time:?}",
        text.len()
    );
    // The figures are printed, not asserted: speed is measured by benchmarks (the analysis is
    // `cargo bench -p ovm-compiler --bench check`), never by timed tests.
    assert!(client.shutdown().success());
}
