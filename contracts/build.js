#!/usr/bin/env node
// Compiles every contracts/src/**/*.sol with the pinned solc-js (standard JSON) and writes
// contracts/artifacts/<Name>.json = {abi, bytecode, deployedBytecode}; and every generated
// compiled-predicate file contracts/generated/**/*.sol (`ovm build --emit solidity`, kept up to
// date by cli/tests/solidity.rs) to contracts/artifacts/generated/**/*.json =
// {source, contracts: {Name: {abi, bytecode, deployedBytecode}}}. Deterministic (sorted keys,
// 2-space indent, trailing newline); any solc warning is an error.
//
//   node build.js           compile and write the artifacts
//   node build.js --check   compile and fail if the committed artifacts differ (CI)
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const ROOT = __dirname;
const SRC = path.join(ROOT, 'src');
const OUT = path.join(ROOT, 'artifacts');
const GENERATED = path.join(ROOT, 'generated');
const EVM_VERSION = 'cancun';

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.name.endsWith('.sol')) out.push(full);
  }
  return out;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: EVM_VERSION,
  // Bytecode must not depend on the machine: no metadata hash of absolute paths.
  metadata: { bytecodeHash: 'none', appendCBOR: false },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

// Compiles the files (paths relative to ROOT) in one solc run; exits on any error or warning.
function solcCompile(files) {
  const sources = {};
  for (const name of files) sources[name] = { content: fs.readFileSync(path.join(ROOT, name), 'utf8') };
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const findImports = (p) => {
    const full = path.join(ROOT, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
    return { error: `not found: ${p}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const problems = output.errors || [];
  if (problems.length) {
    for (const e of problems) process.stderr.write(e.formattedMessage + '\n');
    process.stderr.write(`solc ${solc.version()}: ${problems.length} errors or warnings (warnings are errors here)\n`);
    process.exit(1);
  }
  return { sources, contracts: output.contracts || {} };
}

function artifactOf(c) {
  return sortKeys({
    abi: c.abi,
    bytecode: '0x' + c.evm.bytecode.object,
    deployedBytecode: '0x' + c.evm.deployedBytecode.object,
  });
}

function json(value) {
  return JSON.stringify(value, null, 2) + '\n';
}

// The artifacts, by path relative to OUT.
function compile() {
  const relative = (file) => path.relative(ROOT, file).split(path.sep).join('/');
  const artifacts = {};

  // Our contracts: artifacts/<Name>.json.
  const own = solcCompile(walk(SRC).map(relative));
  for (const source of Object.keys(own.contracts).sort()) {
    for (const name of Object.keys(own.contracts[source]).sort()) {
      const c = own.contracts[source][name];
      if (!c.evm.bytecode.object) continue; // interfaces and abstract contracts
      if (artifacts[name + '.json']) {
        process.stderr.write(`duplicate contract name ${name} (${source})\n`);
        process.exit(1);
      }
      // Libraries with only internal functions still produce bytecode; keep them too.
      artifacts[name + '.json'] = json(artifactOf(c));
    }
  }

  // Generated compiled predicates (`ovm build --emit solidity`): one artifact per file,
  // artifacts/generated/<path>.json = {source, contracts: {Name: artifact}}. `source` is the
  // Solidity text, which `ovm test --evm` compares with what it generates.
  const generated = fs.existsSync(GENERATED) ? walk(GENERATED).map(relative) : [];
  if (generated.length) {
    const out = solcCompile(generated);
    for (const source of generated) {
      const contracts = {};
      for (const [name, c] of Object.entries(out.contracts[source] || {})) {
        if (c.evm.bytecode.object && c.abi.length) contracts[name] = artifactOf(c);
      }
      const file = 'generated/' + path.relative(GENERATED, path.join(ROOT, source)).split(path.sep).join('/');
      artifacts[file.replace(/\.sol$/, '.json')] = json(sortKeys({ source: out.sources[source].content, contracts }));
    }
  }
  return artifacts;
}

function existingArtifacts(dir, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...existingArtifacts(path.join(dir, entry.name), prefix + entry.name + '/'));
    else if (entry.name.endsWith('.json')) out.push(prefix + entry.name);
  }
  return out.sort();
}

function main() {
  const check = process.argv.includes('--check');
  const artifacts = compile();
  const expected = Object.keys(artifacts).sort();
  const existing = existingArtifacts(OUT);
  if (check) {
    const problems = [];
    for (const f of existing) if (!artifacts[f]) problems.push(`stale artifact ${f}`);
    for (const f of expected) {
      const file = path.join(OUT, f);
      if (!fs.existsSync(file)) problems.push(`missing artifact ${f}`);
      else if (fs.readFileSync(file, 'utf8') !== artifacts[f]) problems.push(`artifact ${f} differs`);
    }
    if (problems.length) {
      for (const p of problems) process.stderr.write(p + '\n');
      process.stderr.write(`solc ${solc.version()}: artifacts are stale; run \`node build.js\` in contracts/\n`);
      process.exit(1);
    }
    process.stdout.write(`${expected.length} artifacts up to date (solc ${solc.version()})\n`);
    return;
  }
  for (const f of existing) if (!artifacts[f]) fs.unlinkSync(path.join(OUT, f));
  for (const f of expected) {
    fs.mkdirSync(path.dirname(path.join(OUT, f)), { recursive: true });
    fs.writeFileSync(path.join(OUT, f), artifacts[f]);
  }
  process.stdout.write(`wrote ${expected.length} artifacts (solc ${solc.version()})\n`);
}

main();
