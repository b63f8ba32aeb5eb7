'use strict';
// Tests of the extension outside VS Code: the manifest, the snippets, and the client
// (extension.js) run against a stand-in for the `vscode` API, with the real
// vscode-languageclient loaded to check the names it is imported for, and a stand-in client to
// see what would be started.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const { tokenize } = require('./lib/textmate');

const DIR = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'package.json'), 'utf8'));

test('the manifest contributes the language, grammar, snippets, settings and command', () => {
  const { contributes } = manifest;
  assert.equal(manifest.name, 'ovm');
  assert.ok(manifest.publisher);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.ok(fs.existsSync(path.join(DIR, manifest.main)), 'main exists');
  const [language] = contributes.languages;
  assert.equal(language.id, 'ovm');
  assert.deepEqual(language.extensions, ['.ovm']);
  for (const file of [language.configuration, contributes.grammars[0].path, contributes.snippets[0].path]) {
    assert.ok(fs.existsSync(path.join(DIR, file)), `${file} exists`);
    JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
  }
  assert.equal(contributes.grammars[0].language, 'ovm');
  assert.equal(contributes.snippets[0].language, 'ovm');
  const settings = contributes.configuration.properties;
  assert.equal(settings['ovm.server.path'].default, 'ovm');
  assert.equal(settings['ovm.server.enabled'].default, true);
  assert.ok(settings['ovm.trace.server'], 'the trace setting vscode-languageclient reads for client id `ovm`');
  assert.deepEqual(contributes.commands.map((c) => c.command), ['ovm.restartServer']);
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['ovm.server.path']);
});

test('dependencies are pinned to exact versions and locked', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(DIR, 'package-lock.json'), 'utf8'));
  for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
    assert.equal(lock.packages[`node_modules/${name}`].version, version, `${name} is locked at ${version}`);
  }
  assert.ok(manifest.dependencies['vscode-languageclient']);
  assert.ok(manifest.devDependencies['vscode-textmate']);
  assert.ok(manifest.devDependencies['vscode-oniguruma']);
});

test('the language configuration regular expressions compile', () => {
  const config = JSON.parse(fs.readFileSync(path.join(DIR, 'language-configuration.json'), 'utf8'));
  const word = new RegExp(config.wordPattern, 'g');
  assert.deepEqual('SignedBy(tx, $txAddress).any() 0x00ff 42'.match(word), ['SignedBy', 'tx', '$txAddress', 'any', '0x00ff', '42']);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['def f(a) :=', '  Q(a).all(x ->', '  forall v in Q(a):', '  IsLessThan(a, b) and (', 'def f(a) := // comment']) {
    assert.ok(increase.test(line), `indent after ${JSON.stringify(line)}`);
  }
  for (const line of ['def f(a) := Equal(a, a)', '// a comment:', '/// doc (']) {
    assert.ok(!increase.test(line), `no indent after ${JSON.stringify(line)}`);
  }
  assert.ok(decrease.test('  )'));
  for (const rule of config.onEnterRules) {
    for (const key of ['beforeText', 'afterText', 'previousLineText']) if (rule[key]) new RegExp(rule[key]);
  }
  new RegExp(config.folding.markers.start);
  new RegExp(config.folding.markers.end);
});

/** A snippet body with every tabstop replaced by its default (the first choice of a choice). */
function expandSnippet(body) {
  let text = body.join('\n');
  let previous;
  do {
    previous = text;
    text = text
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/\$\d+/g, '');
  } while (text !== previous);
  return text.replace(/\\\$/g, '$');
}

test('every snippet expands to OVM the grammar reads with no error', async () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(DIR, 'snippets', 'ovm.json'), 'utf8'));
  const prefixes = Object.values(snippets).flatMap((s) => [].concat(s.prefix));
  for (const wanted of ['def', 'forall', 'exists', '@quantifier', '@library', 'from']) {
    assert.ok(prefixes.includes(wanted), `a snippet with prefix ${wanted}`);
  }
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(Array.isArray(snippet.body) && snippet.description, `${name} has a body and a description`);
    const text = expandSnippet(snippet.body);
    assert.doesNotMatch(text, /\$\{\d|\$\d/, `${name} expands completely: ${text}`);
    const invalid = (await tokenize(text)).filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
    assert.deepEqual(invalid.map((t) => t.text), [], `${name} expands to ${JSON.stringify(text)}`);
  }
  const quantifier = expandSnippet(snippets['Quantifier (library definition)'].body);
  assert.match(quantifier, /@quantifier\("bucket,KEY,\$\{m\}"\)/);
});

// ---- the client, against a stand-in for the `vscode` API ----

function fakeVscode(settings, workspaceFolder) {
  const calls = { errors: [], commands: {}, watchers: [], configListeners: [] };
  const vscode = {
    calls,
    workspace: {
      workspaceFolders: workspaceFolder ? [{ uri: { scheme: 'file', fsPath: workspaceFolder } }] : undefined,
      getConfiguration: (section) => ({
        get: (key, fallback) => {
          const full = `${section}.${key}`;
          return full in settings ? settings[full] : fallback;
        },
      }),
      createFileSystemWatcher: (glob) => {
        calls.watchers.push(glob);
        return { dispose() {} };
      },
      onDidChangeConfiguration: (listener) => {
        calls.configListeners.push(listener);
        return { dispose() {} };
      },
      onDidGrantWorkspaceTrust: () => ({ dispose() {} }),
    },
    window: {
      createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
      showErrorMessage: (message) => {
        calls.errors.push(message);
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand: (id, fn) => {
        calls.commands[id] = fn;
        return { dispose() {} };
      },
      executeCommand: () => Promise.resolve(),
    },
  };
  return vscode;
}

/** Loads extension.js with `vscode` and `vscode-languageclient/node` replaced by stand-ins. */
function loadExtension(vscode) {
  const clients = [];
  class FakeLanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, state: 2, stopped: false });
      this.outputChannel = { show() {} };
      clients.push(this);
    }
    start() {
      this.state = 2;
      return Promise.resolve();
    }
    stop() {
      this.stopped = true;
      this.state = 1;
      return Promise.resolve();
    }
  }
  const load = Module._load;
  const file = require.resolve('../extension.js');
  delete require.cache[file];
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient: FakeLanguageClient, State: { Stopped: 1, Running: 2 } };
    return load.call(this, request, ...rest);
  };
  try {
    return { extension: require(file), clients };
  } finally {
    Module._load = load;
  }
}

test('vscode-languageclient/node exports what extension.js imports', () => {
  const load = Module._load;
  const stub = new Proxy({}, { get: (target, key) => target[key] || (target[key] = class {}) });
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    const client = require('vscode-languageclient/node');
    assert.equal(typeof client.LanguageClient, 'function');
    assert.equal(typeof client.State.Stopped, 'number');
  } finally {
    Module._load = load;
  }
});

function fakeServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovm-ext-'));
  const file = path.join(dir, 'ovm');
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return { dir, file };
}

test('the client starts `ovm.server.path` with the argument `lsp`, for .ovm files', async () => {
  const { dir, file } = fakeServer();
  const vscode = fakeVscode({ 'ovm.server.path': file }, dir);
  const { extension, clients } = loadExtension(vscode);
  await extension.activate({ subscriptions: [] });
  assert.equal(clients.length, 1);
  const [client] = clients;
  assert.equal(client.id, 'ovm');
  assert.deepEqual(client.serverOptions.run, { command: file, args: ['lsp'] });
  assert.deepEqual(client.serverOptions.debug, client.serverOptions.run);
  assert.equal(client.serverOptions.run.transport, undefined, 'no --stdio argument is added');
  assert.deepEqual(client.clientOptions.documentSelector.map((s) => s.language), ['ovm', 'ovm']);
  assert.deepEqual(vscode.calls.watchers, ['**/*.ovm']);
  assert.ok(client.clientOptions.synchronize.fileEvents, 'changes of .ovm files are sent to the server');
  assert.deepEqual(vscode.calls.errors, []);

  // A change of an `ovm.server` setting restarts the server.
  vscode.calls.configListeners[0]({ affectsConfiguration: (s) => s === 'ovm.server' });
  await vscode.calls.commands['ovm.restartServer']();
  assert.ok(client.stopped, 'the old client is stopped');
  assert.equal(clients.length, 3, 'one new client per restart');
  assert.deepEqual(vscode.calls.watchers, ['**/*.ovm'], 'restarts reuse the file watcher');
  await extension.deactivate();
  assert.ok(clients[2].stopped);
});

test('a relative ovm.server.path is taken from the workspace folder', async () => {
  const { dir } = fakeServer();
  const vscode = fakeVscode({ 'ovm.server.path': './ovm' }, dir);
  const { extension, clients } = loadExtension(vscode);
  await extension.activate({ subscriptions: [] });
  assert.equal(clients[0].serverOptions.run.command, path.join(dir, 'ovm'));
});

test('no server is started when ovm.server.enabled is false', async () => {
  const { dir, file } = fakeServer();
  const { extension, clients } = loadExtension(fakeVscode({ 'ovm.server.path': file, 'ovm.server.enabled': false }, dir));
  await extension.activate({ subscriptions: [] });
  assert.equal(clients.length, 0);
});

test('a missing ovm program is reported, and nothing is started', async () => {
  const vscode = fakeVscode({ 'ovm.server.path': path.join(os.tmpdir(), 'no-such-dir', 'ovm') });
  const { extension, clients } = loadExtension(vscode);
  await extension.activate({ subscriptions: [] });
  assert.equal(clients.length, 0);
  assert.equal(vscode.calls.errors.length, 1);
  assert.match(vscode.calls.errors[0], /ovm\.server\.path/);
});

test('serverCommand expands ~ and ${workspaceFolder}, and finds bare names on PATH', () => {
  const { extension } = loadExtension(fakeVscode({}));
  assert.equal(extension.serverCommand('', undefined), 'ovm');
  assert.equal(extension.serverCommand('ovm', '/w'), 'ovm');
  assert.equal(extension.serverCommand('~/bin/ovm', '/w', '/home/u'), path.join('/home/u', 'bin/ovm'));
  assert.equal(extension.serverCommand('${workspaceFolder}/target/debug/ovm', '/w'), '/w/target/debug/ovm');
  assert.equal(extension.serverCommand('target/debug/ovm', '/w'), path.resolve('/w', 'target/debug/ovm'));
  const { dir } = fakeServer();
  assert.equal(extension.findExecutable('ovm', { PATH: dir }, 'linux'), true);
  assert.equal(extension.findExecutable('ovm', { PATH: os.tmpdir() + path.delimiter }, 'linux'), fs.existsSync(path.join(os.tmpdir(), 'ovm')));
  assert.equal(extension.findExecutable(path.join(dir, 'ovm'), {}, 'linux'), true);
  assert.equal(extension.findExecutable(path.join(dir, 'nothing'), {}, 'linux'), false);
});
