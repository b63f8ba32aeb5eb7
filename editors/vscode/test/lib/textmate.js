'use strict';
// Loads syntaxes/ovm.tmLanguage.json into the real TextMate engine of VS Code (vscode-textmate,
// with the Oniguruma regular expressions of vscode-oniguruma) and tokenizes text with it.
//
// Run directly to print the tokens of files: `node test/lib/textmate.js FILE.ovm…`.

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const EXTENSION_DIR = path.resolve(__dirname, '..', '..');
const GRAMMAR_PATH = path.join(EXTENSION_DIR, 'syntaxes', 'ovm.tmLanguage.json');
const MARKDOWN_INJECTION_PATH = path.join(EXTENSION_DIR, 'syntaxes', 'markdown-ovm.tmLanguage.json');
const SCOPE_NAME = 'source.ovm';

// Markdown's own grammar is part of VS Code, not of any package: for the injection of OVM code
// blocks into Markdown, a stand-in with no rules of its own is enough.
const MARKDOWN_STANDIN = { scopeName: 'text.html.markdown', patterns: [] };

let registryPromise;
const grammars = new Map();

function registry() {
  if (!registryPromise) {
    registryPromise = (async () => {
      const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      return new vsctm.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
          createOnigString: (text) => new oniguruma.OnigString(text),
        }),
        loadGrammar: async (scopeName) => {
          const file = { [SCOPE_NAME]: GRAMMAR_PATH, 'markdown.ovm.codeblock': MARKDOWN_INJECTION_PATH }[scopeName];
          if (file) return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
          if (scopeName === MARKDOWN_STANDIN.scopeName) return MARKDOWN_STANDIN;
          return null;
        },
        getInjections: (scopeName) => (scopeName === 'text.html.markdown' ? ['markdown.ovm.codeblock'] : undefined),
      });
    })();
  }
  return registryPromise;
}

/** A grammar by scope name (the OVM grammar by default), loaded once. */
function loadGrammar(scopeName = SCOPE_NAME) {
  if (!grammars.has(scopeName)) {
    grammars.set(scopeName, (async () => {
      const grammar = await (await registry()).loadGrammar(scopeName);
      if (!grammar) throw new Error(`cannot load the grammar ${scopeName}`);
      return grammar;
    })());
  }
  return grammars.get(scopeName);
}

/**
 * Tokenizes `text` line by line, as VS Code does. Returns one entry per token:
 * `{ line, column, offset, text, scopes }` with 1-based line and column (in UTF-16 code units,
 * as VS Code counts them) and `offset` the 0-based index of the token in `text`. `scopeName`
 * chooses the grammar: `text.html.markdown` tokenizes Markdown with OVM code blocks.
 */
async function tokenize(text, scopeName = SCOPE_NAME) {
  const grammar = await loadGrammar(scopeName);
  const tokens = [];
  let ruleStack = vsctm.INITIAL;
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    // VS Code gives the grammar each line without its terminator; keep a `\r` of CRLF files out.
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const result = grammar.tokenizeLine(line, ruleStack);
    if (result.stoppedEarly) throw new Error(`tokenization stopped early on line ${index + 1}`);
    for (const token of result.tokens) {
      const end = Math.min(token.endIndex, line.length);
      if (token.startIndex >= end) continue;
      tokens.push({
        line: index + 1,
        column: token.startIndex + 1,
        offset: offset + token.startIndex,
        text: line.slice(token.startIndex, end),
        scopes: token.scopes,
      });
    }
    ruleStack = result.ruleStack;
    offset += rawLine.length + 1;
  });
  return tokens;
}

/** The snapshot text of `tokens`: one line per token that is not only whitespace. */
function snapshot(tokens) {
  return tokens
    .filter((token) => token.text.trim() !== '')
    .map((token) => `${token.line}:${token.column} ${JSON.stringify(token.text)} → ${token.scopes.join(' ')}`)
    .join('\n') + '\n';
}

module.exports = { loadGrammar, tokenize, snapshot, GRAMMAR_PATH, EXTENSION_DIR };

if (require.main === module) {
  (async () => {
    for (const file of process.argv.slice(2)) {
      process.stdout.write(`== ${file}\n`);
      process.stdout.write(snapshot(await tokenize(fs.readFileSync(file, 'utf8'))));
    }
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
