'use strict';
// Tests of syntaxes/ovm.tmLanguage.json with the real TextMate engine of VS Code.
//
// 1. Snapshots: every fixture in test/fixtures is tokenized and compared with
//    test/snapshots/NAME.snap, one line per token: `line:col "text" → scopes`.
//    `UPDATE_SNAPSHOTS=1 npm test` rewrites them; review the diff before committing.
// 2. Coverage: every file of examples/ and stdlib/ (and every fixture) is read by an independent
//    lexer that follows the compiler's (test/lib/ovm-lexer.js), and every character of every
//    token must carry the scope its token class calls for: keywords, predicate names by class,
//    parameters, types, literals, hint placeholders, comments, punctuation.
// 3. The grammar's lists of atomic and standard library predicates are those of stdlib/.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, snapshot, GRAMMAR_PATH, EXTENSION_DIR } = require('./lib/textmate');
const { expectations, stdlibClasses } = require('./lib/ovm-lexer');

const REPO = path.resolve(EXTENSION_DIR, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures');
const SNAPSHOTS = path.join(__dirname, 'snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

function ovmFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...ovmFiles(full));
    else if (entry.name.endsWith('.ovm')) out.push(full);
  }
  return out.sort();
}

const stdlibDir = path.join(REPO, 'stdlib');
const classes = stdlibClasses(
  fs.readdirSync(stdlibDir)
    .filter((f) => f.endsWith('.ovm'))
    .map((f) => [f, fs.readFileSync(path.join(stdlibDir, f), 'utf8')]),
);

test('the grammar is valid JSON with the scope name of package.json', () => {
  const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'package.json'), 'utf8'));
  assert.equal(grammar.scopeName, 'source.ovm');
  assert.deepEqual(manifest.contributes.grammars.map((g) => g.scopeName), ['source.ovm', 'markdown.ovm.codeblock']);
  const injection = manifest.contributes.grammars[1];
  assert.deepEqual(injection.injectTo, ['text.html.markdown']);
  assert.equal(JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, injection.path), 'utf8')).scopeName, injection.scopeName);
});

test('the grammar names the atomic and standard library predicates of stdlib/', () => {
  const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
  const listed = (scope) => {
    const rule = grammar.repository.call.patterns.find((p) => p.name === scope);
    assert.ok(rule, `no call rule for ${scope}`);
    return new Set(rule.match.match(/\(\?:([^)]*)\)/)[1].split('|'));
  };
  assert.ok(classes.atomic.size >= 10, 'stdlib/atomic.ovm defines the atomic predicates');
  assert.deepEqual([...listed('support.function.predicate.atomic.ovm')].sort(), [...classes.atomic].sort(),
    'the atomic predicates in the grammar differ from those of stdlib/atomic.ovm');
  assert.deepEqual([...listed('support.function.predicate.library.ovm')].sort(), [...classes.library].sort(),
    'the library predicates in the grammar differ from the @library definitions of stdlib/');
  // The import rule lists the same names as the call rule.
  const imports = grammar.repository['import-names'].patterns.filter((p) => p.name && p.name.startsWith('support.function'));
  const calls = grammar.repository.call.patterns.filter((p) => p.name.startsWith('support.function'));
  assert.deepEqual(imports.map((p) => p.match), calls.map((p) => p.match.replace(String.raw`(?=\s*\()`, '')));
});

const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.ovm')).sort();

test('every snapshot has its fixture', () => {
  const names = new Set(fixtures.map((f) => f.replace(/\.ovm$/, '.snap')));
  const stale = fs.existsSync(SNAPSHOTS) ? fs.readdirSync(SNAPSHOTS).filter((f) => !names.has(f)) : [];
  if (UPDATE) for (const f of stale) fs.unlinkSync(path.join(SNAPSHOTS, f));
  else assert.deepEqual(stale, [], 'snapshots without a fixture (UPDATE_SNAPSHOTS=1 removes them)');
});

for (const fixture of fixtures) {
  test(`scope snapshot of fixtures/${fixture}`, async () => {
    const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
    const actual = snapshot(await tokenize(text));
    const file = path.join(SNAPSHOTS, fixture.replace(/\.ovm$/, '.snap'));
    if (UPDATE) {
      fs.mkdirSync(SNAPSHOTS, { recursive: true });
      fs.writeFileSync(file, actual);
      return;
    }
    assert.ok(fs.existsSync(file), `no snapshot ${path.relative(EXTENSION_DIR, file)}: run UPDATE_SNAPSHOTS=1 npm test`);
    assert.equal(actual, fs.readFileSync(file, 'utf8'), `scopes of ${fixture} changed (UPDATE_SNAPSHOTS=1 npm test updates the snapshot)`);
  });
}

/** Checks every token of `text` against the scope its class calls for; returns the failures. */
async function coverage(text) {
  const tokens = await tokenize(text);
  const scopesAt = new Array(text.length);
  for (const token of tokens) {
    for (let i = 0; i < token.text.length; i++) scopesAt[token.offset + i] = token.scopes;
  }
  const failures = [];
  for (const e of expectations(text, classes)) {
    const accepted = [e.expect, ...(e.alternatives || [])];
    for (let i = e.token.start; i < e.token.end; i++) {
      if (/\s/.test(text[i])) continue;
      const scopes = scopesAt[i] || [];
      if (!scopes.some((s) => accepted.some((a) => s === a || s.startsWith(a.endsWith('.ovm') ? a : `${a}.`) || s.startsWith(`${a.replace(/\.ovm$/, '')}.`)))) {
        const col = i - text.lastIndexOf('\n', i - 1);
        failures.push(`${e.line}:${col} ${JSON.stringify(e.token.text)} (${e.why}): expected ${accepted.join(' or ')}, got ${scopes.join(' ') || 'nothing'}`);
        break;
      }
    }
  }
  // Nothing but whitespace may be left with no scope beyond source.ovm and meta scopes.
  for (const token of tokens) {
    if (token.text.trim() === '') continue;
    if (!token.scopes.some((s) => s !== 'source.ovm' && !s.startsWith('meta.'))) {
      failures.push(`${token.line}:${token.column} ${JSON.stringify(token.text)}: no scope beyond ${token.scopes.join(' ')}`);
    }
  }
  return failures;
}

const sources = [
  ...ovmFiles(path.join(REPO, 'examples')),
  ...ovmFiles(stdlibDir),
  ...fixtures.map((f) => path.join(FIXTURES, f)),
];

test('examples/ and stdlib/ have .ovm files to check', () => {
  assert.ok(sources.some((f) => f.includes(`${path.sep}examples${path.sep}`)));
  assert.ok(sources.some((f) => f.includes(`${path.sep}stdlib${path.sep}`)));
});

for (const file of sources) {
  test(`every token of ${path.relative(REPO, file)} has the scope of its class`, async () => {
    const failures = await coverage(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(failures, []);
  });
}

test('the examples and the standard library use every token class', async () => {
  // The classes the coverage check above has verified in examples/ and stdlib/ alone.
  const seen = new Set();
  for (const file of sources.filter((f) => !f.startsWith(FIXTURES))) {
    for (const e of expectations(fs.readFileSync(file, 'utf8'), classes)) seen.add(e.expect);
  }
  for (const scope of [
    'comment.line.double-slash.ovm', 'comment.line.documentation.ovm',
    'storage.type.function.ovm', 'keyword.control.import.ovm', 'keyword.control.quantifier.ovm',
    'keyword.control.quantifier.in.ovm', 'keyword.control.quantifier.method.ovm',
    'keyword.operator.logical.not.ovm', 'keyword.operator.logical.and.ovm', 'keyword.operator.logical.or.ovm',
    'keyword.operator.logical.implies.ovm', 'keyword.operator.definition.ovm', 'storage.type.function.arrow.ovm',
    'storage.type.annotation.ovm', 'string.quoted.double.hint.ovm', 'meta.interpolation.ovm',
    'entity.name.function.predicate.user.ovm', 'entity.name.function.predicate.library.ovm',
    'entity.name.function.predicate.atomic.ovm', 'entity.name.function.call.ovm',
    'support.function.predicate.atomic.ovm', 'support.function.predicate.library.ovm',
    'entity.name.namespace.ovm', 'variable.parameter.ovm', 'support.type.primitive.ovm',
    'variable.parameter.bound.ovm', 'variable.other.ovm', 'variable.other.constant.ovm',
    'variable.language.address.ovm', 'constant.numeric.integer.child.ovm',
  ]) {
    assert.ok(seen.has(scope), `no token of examples/ or stdlib/ is expected to be ${scope}`);
  }
});

test('```ovm code blocks in Markdown are highlighted with the OVM grammar', async () => {
  // The documentation's own examples: docs/language.md has OVM code blocks in both syntaxes.
  const text = fs.readFileSync(path.join(REPO, 'docs', 'language.md'), 'utf8');
  const tokens = await tokenize(text, 'text.html.markdown');
  const lines = text.split('\n');
  let inBlock = false;
  let checked = 0;
  for (const token of tokens) {
    const line = lines[token.line - 1];
    if (token.column === 1 && /^\s*```/.test(line)) inBlock = !inBlock && /^\s*```ovm\s*$/.test(line);
    const embedded = token.scopes.includes('meta.embedded.block.ovm');
    if (token.text.trim() === '' || /^\s*```/.test(line)) continue;
    assert.equal(embedded, inBlock, `line ${token.line} ${JSON.stringify(token.text)}: ${token.scopes.join(' ')}`);
    if (inBlock) {
      assert.ok(token.scopes.some((s) => s.endsWith('.ovm') && !s.startsWith('meta.')), `line ${token.line} ${JSON.stringify(token.text)} has an OVM scope`);
      checked++;
    }
  }
  assert.ok(checked > 100, 'docs/language.md has OVM code blocks');
  const def = tokens.find((t) => t.text === 'def' && t.scopes.includes('meta.embedded.block.ovm'));
  assert.ok(def && def.scopes.includes('storage.type.function.ovm'));
});
