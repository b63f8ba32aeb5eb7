'use strict';
// The OVM extension's client: starts the OVM language server, `ovm lsp` (stdio), for `.ovm`
// files, with the program chosen by the `ovm.server.path` setting. Plain JavaScript, so the
// extension runs from its folder with no build step.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');

const CLIENT_ID = 'ovm';
const CLIENT_NAME = 'OVM Language Server';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;
/** @type {vscode.FileSystemWatcher | undefined} */
let ovmFileWatcher;
/** A promise for the current start or stop, so that restarts do not overlap. */
let pending = Promise.resolve();

/**
 * The command that runs the server: `ovm.server.path` with `~` and `${workspaceFolder}`
 * expanded, and a relative path (one with a directory part) resolved against the first
 * workspace folder. A bare name such as `ovm` is left for the system to find on `PATH`.
 */
function serverCommand(configuredPath, workspaceFolder, home = os.homedir()) {
  let command = (configuredPath || '').trim() || 'ovm';
  if (workspaceFolder) command = command.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (command === '~' || command.startsWith('~/') || command.startsWith('~\\')) command = path.join(home, command.slice(1));
  const hasDirectory = command.includes('/') || command.includes('\\');
  if (hasDirectory && !path.isAbsolute(command) && workspaceFolder) command = path.resolve(workspaceFolder, command);
  return command;
}

/** The server options of vscode-languageclient: `COMMAND lsp`, talking over stdio. */
function serverOptions(command) {
  // No `transport` field: with `TransportKind.stdio` the client would append `--stdio`.
  const executable = { command, args: ['lsp'] };
  return { run: executable, debug: executable };
}

/** The client options: `.ovm` files on disk and unsaved, and changes to `.ovm` files. */
function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'ovm' },
      { scheme: 'untitled', language: 'ovm' },
    ],
    synchronize: {
      // Imports read other `.ovm` files: tell the server when one changes on disk.
      fileEvents: ovmFileWatcher,
    },
    outputChannel,
  };
}

function firstWorkspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 && folders[0].uri.scheme === 'file' ? folders[0].uri.fsPath : undefined;
}

/**
 * Whether `command` names a program that exists: a path to a file, or a bare name found in a
 * directory of `PATH` (with an extension of `PATHEXT` on Windows).
 */
function findExecutable(command, env = process.env, platform = process.platform) {
  const isFile = (file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  const extensions = platform === 'win32' ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  if (command.includes('/') || command.includes('\\')) return extensions.some((ext) => isFile(command + ext));
  const pathVar = env.PATH || env.Path || '';
  return pathVar
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => extensions.some((ext) => isFile(path.join(dir, command + ext))));
}

function reportMissingServer(command) {
  vscode.window
    .showErrorMessage(
      `OVM: the language server needs the \`ovm\` program, and \`${command}\` was not found. ` +
        'Put `ovm` on PATH, or set `ovm.server.path` (or set `ovm.server.enabled` to false).',
      'Open Settings',
    )
    .then((choice) => {
      if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'ovm.server');
    });
}

async function startClient() {
  const config = vscode.workspace.getConfiguration('ovm');
  if (!config.get('server.enabled', true)) return;
  const command = serverCommand(config.get('server.path', 'ovm'), firstWorkspaceFolder());
  if (!findExecutable(command)) {
    outputChannel.appendLine(`The language server was not started: \`${command}\` was not found.`);
    reportMissingServer(command);
    return;
  }
  const newClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions(command), clientOptions());
  client = newClient;
  try {
    await newClient.start();
  } catch {
    // vscode-languageclient has reported the failure, with the server's output.
    if (client === newClient) client = undefined;
  }
}

async function stopClient() {
  const old = client;
  client = undefined;
  if (old && old.state !== State.Stopped) {
    try {
      await old.stop();
    } catch (error) {
      if (outputChannel) outputChannel.appendLine(`stopping the server: ${error && error.message ? error.message : error}`);
    }
  }
}

function restart() {
  pending = pending.then(stopClient).then(startClient);
  return pending;
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(outputChannel);
  // One watcher for every client: a restart must not leave one behind.
  ovmFileWatcher = vscode.workspace.createFileSystemWatcher('**/*.ovm');
  context.subscriptions.push(ovmFileWatcher);
  context.subscriptions.push(vscode.commands.registerCommand('ovm.restartServer', restart));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('ovm.server')) restart();
    }),
  );
  // Trust changes which `ovm.server.path` applies (see `restrictedConfigurations`).
  if (vscode.workspace.onDidGrantWorkspaceTrust) {
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => restart()));
  }
  pending = pending.then(startClient);
  return pending;
}

function deactivate() {
  pending = pending.then(stopClient);
  return pending;
}

module.exports = { activate, deactivate, serverCommand, serverOptions, findExecutable };
