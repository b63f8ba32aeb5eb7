'use strict';
// Tests of the Vim files in editors/vim, run only when `vim` is installed: Vim detects `.ovm`
// files, loads the filetype plugin and the syntax with no error, and gives every token of the
// examples, the standard library and the fixtures the syntax item of its class (the same
// expectations as the TextMate coverage test, from test/lib/ovm-lexer.js).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { expectations, stdlibClasses } = require('./lib/ovm-lexer');

const REPO = path.resolve(__dirname, '..', '..', '..');
const VIM_DIR = path.join(REPO, 'editors', 'vim');
const FIXTURES = path.join(__dirname, 'fixtures');
const hasVim = spawnSync('vim', ['--version'], { stdio: 'ignore' }).status === 0;
const skip = hasVim ? false : 'vim is not installed';

function ovmFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ovmFiles(full);
    return entry.name.endsWith('.ovm') ? [full] : [];
  }).sort();
}

const stdlibDir = path.join(REPO, 'stdlib');
const classes = stdlibClasses(
  fs.readdirSync(stdlibDir).filter((f) => f.endsWith('.ovm')).map((f) => [f, fs.readFileSync(path.join(stdlibDir, f), 'utf8')]),
);

/** Runs Vim on `file`; returns its 'filetype', 'commentstring', 'shiftwidth', messages, and the items per character. */
function vimSyntax(file) {
  const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ovm-vim-')), 'dump.txt');
  const result = spawnSync('vim', [
    '-N', '-u', 'NONE', '-i', 'NONE', '-n', '-es',
    '--cmd', `redir! > ${dump}.messages`,
    '--cmd', `set rtp^=${VIM_DIR.replace(/([ ,\\])/g, '\\$1')}`,
    '--cmd', 'filetype plugin on',
    '--cmd', 'syntax on',
    '-c', `source ${path.join(VIM_DIR, 'test', 'dump.vim')}`,
    '-c', 'qa!',
    file,
  ], { env: { ...process.env, OVM_VIM_DUMP: dump }, encoding: 'utf8', timeout: 60000 });
  const messages = () => (fs.existsSync(`${dump}.messages`) ? fs.readFileSync(`${dump}.messages`, 'utf8') : '');
  assert.equal(result.status, 0, `vim failed on ${file}: ${result.stderr}${result.stdout}${messages()}`);
  const [header, ...lines] = fs.readFileSync(dump, 'utf8').replace(/\n$/, '').split('\n');
  const [filetype, commentstring, shiftwidth] = header.split('\t');
  const cells = lines.map((line) => (line === '' ? [] : line.split('\t').map((cell) => {
    const [item, highlight] = cell.split('/');
    return { item, highlight };
  })));
  return { filetype, commentstring, shiftwidth, messages: messages(), cells };
}

// The Vim syntax items that may stand for each TextMate scope (the most specific first).
const NOT_ERROR = (cell) => cell.highlight !== 'Error';
const IS_ERROR = (cell) => cell.highlight === 'Error';
const item = (re) => (cell) => re.test(cell.item);
const VIM_ITEMS = [
  ['comment.line.double-slash', item(/^ovm(LineComment|Todo)$/)],
  ['comment.line.documentation', item(/^ovm(DocComment|DocCode|Todo)$/)],
  ['comment.block', item(/^ovm(BlockComment|Todo)$/)],
  ['storage.type.function.arrow', item(/^ovmOperator$/)],
  ['storage.type.function', item(/^ovm(Library|Atomic|External)?Def$/)],
  ['keyword.control.import', item(/^ovm(From|Import)$/)],
  ['keyword.control.quantifier.in', item(/^ovmIn$/)],
  ['keyword.control.quantifier.method', item(/^ovmMethod$/)],
  ['keyword.control.quantifier', item(/^ovmQuantifier$/)],
  ['keyword.operator.logical.not', item(/^ovm(Logical|Operator)$/)],
  ['keyword.operator.logical', item(/^ovmLogical$/)],
  ['keyword.operator.definition', item(/^ovmOperator$/)],
  ['variable.language.self', item(/^ovmSelf$/)],
  ['variable.language.address', item(/^ovmAddress$/)],
  ['punctuation.definition.annotation', item(/^ovm(Quantifier)?Annotation(Error)?$/)],
  ['storage.type.annotation', item(/^ovm(Quantifier)?Annotation$/)],
  // Vim marks a whole malformed placeholder as an error, TextMate its contents.
  ['meta.interpolation', item(/^ovmPlaceholder(Delim|Constant|Error)?$/)],
  ['string.quoted.double.hint', item(/^ovm(HintString|HintKind|Escape|EscapeError|Placeholder\w*|Unterminated)$/)],
  ['string.quoted.double', item(/^ovm(String|Escape|EscapeError|Unterminated)$/)],
  ['constant.character.escape', item(/^ovmEscape$/)],
  ['entity.name.function.predicate.user', item(/^ovmDefName$/)],
  ['entity.name.function.predicate.library', item(/^ovmLibraryDefName$/)],
  ['entity.name.function.predicate.atomic', item(/^ovmAtomicDefName$/)],
  ['entity.name.function.predicate.external', item(/^ovmExternalDefName$/)],
  ['support.function.predicate.atomic', item(/^ovmAtomic(Predicate|Name)$/)],
  ['support.function.predicate.library', item(/^ovmLibrary(Predicate|Name)$/)],
  ['entity.name.function.call', item(/^ovmCall$/)],
  ['entity.name.function.import', item(/^ovmImportList$/)],
  ['entity.name.namespace', item(/^ovmModulePath$/)],
  ['variable.parameter.bound', item(/^ovm(BoundVar|BoundVarIn|LambdaVar)$/)],
  ['variable.parameter', item(/^ovmParam$/)],
  ['support.type.primitive', item(/^ovmType$/)],
  ['variable.other.constant', item(/^ovmConstant$/)],
  ['variable.other', NOT_ERROR], // plain names are not highlighted
  ['constant.numeric.integer.child', item(/^ovmChildIndex$/)],
  ['constant.numeric', item(/^ovm(Number|Hex)$/)],
  ['punctuation', NOT_ERROR],
  ['invalid', IS_ERROR],
];

function vimCheck(scope) {
  const entry = VIM_ITEMS.find(([prefix]) => scope === prefix || scope.startsWith(`${prefix}.`));
  assert.ok(entry, `no Vim expectation for ${scope}`);
  return entry[1];
}

const sources = [
  ...ovmFiles(path.join(REPO, 'examples')),
  ...ovmFiles(stdlibDir),
  ...ovmFiles(FIXTURES),
];

test('Vim detects .ovm files and loads the filetype plugin and syntax without errors', { skip }, () => {
  const { filetype, commentstring, shiftwidth, messages } = vimSyntax(path.join(FIXTURES, 'hints.ovm'));
  assert.equal(filetype, 'ovm');
  assert.equal(commentstring, '// %s');
  assert.equal(shiftwidth, '2');
  assert.doesNotMatch(messages, /E\d+:/, `Vim reported: ${messages}`);
});

test('the Vim syntax lists the atomic and standard library predicates of stdlib/', { skip: false }, () => {
  const syntax = fs.readFileSync(path.join(VIM_DIR, 'syntax', 'ovm.vim'), 'utf8');
  const keywords = (group) => {
    const m = syntax.match(new RegExp(`syn keyword ${group} contained ([^]*?)\\n(?!\\s*\\\\)`));
    return m[1].replace(/\n\s*\\/g, ' ').trim().split(/\s+/).sort();
  };
  const alternation = (group) => syntax.match(new RegExp(`syn match ${group} \\+\\\\<\\\\%\\(([^)]*)\\\\\\)`))[1].split('\\|').sort();
  assert.deepEqual(keywords('ovmAtomicName'), [...classes.atomic].sort());
  assert.deepEqual(keywords('ovmLibraryName'), [...classes.library].sort());
  assert.deepEqual(alternation('ovmAtomicPredicate'), [...classes.atomic].sort());
  assert.deepEqual(alternation('ovmLibraryPredicate'), [...classes.library].sort());
});

for (const file of sources) {
  test(`Vim highlights every token of ${path.relative(REPO, file)} by its class`, { skip }, () => {
    const text = fs.readFileSync(file, 'utf8');
    const { cells } = vimSyntax(file);
    // Map each UTF-16 offset of `text` to the cell of its character.
    const cellAt = [];
    text.split('\n').forEach((line, index) => {
      let offset = text.split('\n').slice(0, index).reduce((n, l) => n + l.length + 1, 0);
      Array.from(line).forEach((char, k) => {
        for (let u = 0; u < char.length; u++) cellAt[offset + u] = (cells[index] || [])[k];
        offset += char.length;
      });
    });
    const failures = [];
    for (const e of expectations(text, classes)) {
      const checks = [e.expect, ...(e.alternatives || [])].map(vimCheck);
      for (let i = e.token.start; i < e.token.end; i++) {
        if (/\s/.test(text[i])) continue;
        const cell = cellAt[i] || { item: '-', highlight: '-' };
        if (!checks.some((check) => check(cell))) {
          failures.push(`${e.line} ${JSON.stringify(e.token.text)} (${e.why}, ${e.expect}): Vim has ${cell.item}/${cell.highlight}`);
          break;
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}
