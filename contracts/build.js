#!/usr/bin/env node
// Compiles every contracts/src/**/*.sol with the pinned solc-js (standard JSON) and writes
// contracts/artifacts/<Name>.json = {abi, bytecode, deployedBytecode}, deterministically
// (sorted keys, 2-space indent, trailing newline).
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

function compile() {
  const sources = {};
  for (const file of walk(SRC)) {
    const name = path.relative(ROOT, file).split(path.sep).join('/');
    sources[name] = { content: fs.readFileSync(file, 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: EVM_VERSION,
      // Bytecode must not depend on the machine: no metadata hash of absolute paths.
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const findImports = (p) => {
    const full = path.join(ROOT, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
    return { error: `not found: ${p}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) {
    if (e.severity !== 'error' && !process.env.QUIET) process.stderr.write(e.formattedMessage + '\n');
  }
  if (errors.length) {
    for (const e of errors) process.stderr.write(e.formattedMessage + '\n');
    process.exit(1);
  }
  const artifacts = {};
  for (const source of Object.keys(output.contracts).sort()) {
    for (const name of Object.keys(output.contracts[source]).sort()) {
      const c = output.contracts[source][name];
      const bytecode = c.evm.bytecode.object;
      if (!bytecode) continue; // interfaces and abstract contracts
      if (artifacts[name]) {
        process.stderr.write(`duplicate contract name ${name} (${source})\n`);
        process.exit(1);
      }
      // Libraries with only internal functions still produce bytecode; keep them too.
      const artifact = sortKeys({
        abi: c.abi,
        bytecode: '0x' + bytecode,
        deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      });
      artifacts[name] = JSON.stringify(artifact, null, 2) + '\n';
    }
  }
  return artifacts;
}

function main() {
  const check = process.argv.includes('--check');
  const artifacts = compile();
  if (check) {
    const existing = fs.existsSync(OUT) ? fs.readdirSync(OUT).filter((f) => f.endsWith('.json')).sort() : [];
    const expected = Object.keys(artifacts).map((n) => n + '.json').sort();
    const problems = [];
    for (const f of existing) if (!expected.includes(f)) problems.push(`stale artifact ${f}`);
    for (const n of Object.keys(artifacts)) {
      const file = path.join(OUT, n + '.json');
      if (!fs.existsSync(file)) problems.push(`missing artifact ${n}.json`);
      else if (fs.readFileSync(file, 'utf8') !== artifacts[n]) problems.push(`artifact ${n}.json differs`);
    }
    if (problems.length) {
      for (const p of problems) process.stderr.write(p + '\n');
      process.stderr.write(`solc ${solc.version()}: artifacts are stale; run \`node build.js\` in contracts/\n`);
      process.exit(1);
    }
    process.stdout.write(`${expected.length} artifacts up to date (solc ${solc.version()})\n`);
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.json') && !artifacts[f.slice(0, -5)]) fs.unlinkSync(path.join(OUT, f));
  for (const n of Object.keys(artifacts)) fs.writeFileSync(path.join(OUT, n + '.json'), artifacts[n]);
  process.stdout.write(`wrote ${Object.keys(artifacts).length} artifacts (solc ${solc.version()})\n`);
}

main();
