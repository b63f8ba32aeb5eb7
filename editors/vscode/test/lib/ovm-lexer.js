'use strict';
// An independent reading of OVM source for the grammar tests: the tokens of the compiler's lexer
// (compiler/src/syntax/token.rs and lexer.rs, followed rule by rule), and for each token the
// scope the TextMate grammar must give it, decided from the tokens around it as the parser
// reads them. It works on whole files, not lines, so it also checks the grammar's handling of
// constructs that span lines.

const RESERVED = new Set(['def', 'from', 'import', 'forall', 'exists', 'in', 'not', 'and', 'or', 'implies', 'self']);
const TYPES = new Set(['Address', 'Bytes', 'Bytes32', 'BigNumber', 'Range', 'Property']);
const ANNOTATIONS = new Set(['library', 'quantifier', 'atomic', 'external']);
const PUNCTUATION = [':=', '->', '!', '(', ')', ',', '.', ':', '@'];

const isIdentStart = (c) => /[A-Za-z_]/.test(c);
const isIdentChar = (c) => /[A-Za-z0-9_]/.test(c);
const isAlnum = (c) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/**
 * The tokens of `text`, as the compiler's lexer reads them: `{ kind, text, start, end }` with
 * kind one of keyword, ident, constant, integer, hex, string, line-comment, doc-comment,
 * block-comment, punct, bad-number, unknown. Strings carry `unterminated`.
 */
function lex(text) {
  const tokens = [];
  let i = 0;
  const push = (kind, start, end, extra = {}) => tokens.push({ kind, text: text.slice(start, end), start, end, ...extra });
  while (i < text.length) {
    const c = text[i];
    if (/[ \t\r\n\f]/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (text.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else {
          i++;
        }
      }
      if (depth > 0) i = text.length;
      push('block-comment', start, i, { unterminated: depth > 0 });
      continue;
    }
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      // `///` then the end of the line or a character other than `/` is a doc comment.
      const doc = text.startsWith('///', start) && (start + 3 === i || text[start + 3] !== '/');
      push(doc ? 'doc-comment' : 'line-comment', start, i);
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        if (text[i] === '"') {
          i++;
          closed = true;
          break;
        }
        if (text[i] === '\n') break;
        if (text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n') i += 2;
        else i++;
      }
      push('string', start, i, { unterminated: !closed });
      continue;
    }
    if (/[0-9]/.test(c)) {
      // The longest of `0x[0-9a-fA-F]*` and `[0-9]+`, then: a longer alphanumeric run is one
      // malformed literal (E0105).
      let end = i;
      let kind = 'integer';
      if (text.startsWith('0x', i)) {
        kind = 'hex';
        end = i + 2;
        while (end < text.length && /[0-9a-fA-F]/.test(text[end])) end++;
      } else {
        while (end < text.length && /[0-9]/.test(text[end])) end++;
      }
      let run = i;
      while (run < text.length && isAlnum(text[run])) run++;
      if (run > end) kind = 'bad-number';
      i = Math.max(run, end);
      push(kind, start, i);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < text.length && isIdentChar(text[i])) i++;
      const word = text.slice(start, i);
      push(RESERVED.has(word) ? 'keyword' : 'ident', start, i);
      continue;
    }
    if (c === '$' && isIdentStart(text[i + 1] || '')) {
      i++;
      while (i < text.length && isIdentChar(text[i])) i++;
      push('constant', start, i);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) {
      i += punct.length;
      push('punct', start, i);
      continue;
    }
    // A run of characters that start no token is one E0101.
    i++;
    while (i < text.length && !/[\sA-Za-z0-9_$"/!(),.:@-]/.test(text[i])) i++;
    push('unknown', start, i);
  }
  return tokens;
}

/**
 * What the grammar must say about each token: `{ token, expect, alternatives, why }` where
 * `expect` is a scope prefix that some scope of every non-blank character of the token must
 * start with (`alternatives`, when present, lists further acceptable prefixes).
 *
 * `classes` gives the predicate names of the prelude (`atomic`) and of the standard library
 * (`library`), as sets.
 */
function expectations(text, classes) {
  const all = lex(text);
  const significant = all.filter((t) => !t.kind.endsWith('comment'));
  const lineOf = (offset) => {
    let line = 1;
    for (let k = 0; k < offset; k++) if (text[k] === '\n') line++;
    return line;
  };
  const sameLine = (a, b) => !text.slice(a.end, b.start).includes('\n');
  const out = [];
  const expect = (token, scope, why, alternatives) => out.push({ token, expect: scope, why, alternatives });

  for (const token of all) {
    if (token.kind === 'line-comment') expect(token, 'comment.line.double-slash.ovm', 'line comment');
    if (token.kind === 'doc-comment') expect(token, 'comment.line.documentation.ovm', 'doc comment');
    if (token.kind === 'block-comment') expect(token, 'comment.block.ovm', 'block comment');
  }

  let annotations = []; // annotation names since the last definition
  let afterAt = false;
  let quantifierArgs = 0; // > 0 inside the parentheses of `@quantifier(…)`
  let annotationArgs = 0; // > 0 inside the parentheses of another annotation
  let pendingAnnotation = null; // an annotation whose `(` may follow
  let defName = false; // the next name is a definition's
  let paramsNext = false; // the next `(` opens a parameter list
  let inParams = false;
  let importState = null; // 'module' after `from`, 'names' after `import`

  significant.forEach((token, k) => {
    const prev = significant[k - 1];
    const next = significant[k + 1];
    const is = (t, kind, textValue) => t && t.kind === kind && (textValue === undefined || t.text === textValue);
    const name = token.kind === 'ident' || token.kind === 'keyword';

    if (pendingAnnotation && !is(token, 'punct', '(')) pendingAnnotation = null;

    if (token.kind === 'punct') {
      switch (token.text) {
        case '@':
          expect(token, 'punctuation.definition.annotation.ovm', '@');
          afterAt = true;
          return;
        case '(':
          if (pendingAnnotation) {
            expect(token, 'punctuation.section.parens.begin.ovm', 'annotation arguments');
            if (pendingAnnotation === 'quantifier') quantifierArgs = 1;
            else annotationArgs = 1;
            pendingAnnotation = null;
          } else if (paramsNext) {
            expect(token, 'punctuation.definition.parameters.begin.ovm', 'parameter list');
            paramsNext = false;
            inParams = true;
          } else {
            expect(token, 'punctuation.section.parens.begin.ovm', 'parenthesis');
          }
          return;
        case ')':
          if (quantifierArgs || annotationArgs) {
            expect(token, 'punctuation.section.parens.end.ovm', 'annotation arguments');
            quantifierArgs = annotationArgs = 0;
          } else if (inParams) {
            expect(token, 'punctuation.definition.parameters.end.ovm', 'parameter list');
            inParams = false;
          } else {
            expect(token, 'punctuation.section.parens.end.ovm', 'parenthesis');
          }
          return;
        case ',':
          expect(token, 'punctuation.separator.comma.ovm', 'comma');
          return;
        case '.':
          expect(token, 'punctuation.accessor.ovm', 'dot');
          return;
        case ':':
          expect(token, inParams ? 'punctuation.separator.type.ovm' : 'punctuation.separator.quantifier.ovm', 'colon');
          return;
        case ':=':
          expect(token, 'keyword.operator.definition.ovm', ':=');
          inParams = paramsNext = defName = false;
          return;
        case '->':
          expect(token, 'storage.type.function.arrow.ovm', '->');
          return;
        case '!':
          expect(token, 'keyword.operator.logical.not.ovm', '!');
          return;
      }
    }

    if (afterAt && name) {
      afterAt = false;
      annotations.push(token.text);
      pendingAnnotation = token.text;
      expect(token, ANNOTATIONS.has(token.text) ? 'storage.type.annotation.ovm' : 'invalid.illegal.unknown-annotation.ovm', 'annotation name');
      return;
    }
    afterAt = false;

    if (token.kind === 'string') {
      const hint = quantifierArgs > 0;
      expect(token, hint ? 'string.quoted.double.hint.ovm' : 'string.quoted.double.ovm', hint ? 'hint string' : 'string');
      if (hint) {
        // Each closed `${…}` of a hint is an interpolation.
        const re = /\$\{[^}"]*\}/g;
        let m;
        while ((m = re.exec(token.text))) {
          const start = token.start + m.index;
          expect({ start, end: start + m[0].length, text: m[0] }, 'meta.interpolation.ovm', 'hint placeholder');
        }
      }
      for (const m of token.text.matchAll(/\\[\\"ntr0]/g)) {
        const start = token.start + m.index;
        expect({ start, end: start + 2, text: m[0] }, 'constant.character.escape.ovm', 'escape');
      }
      return;
    }

    if (token.kind === 'keyword' && (token.text === 'from' || token.text === 'import')) {
      expect(token, 'keyword.control.import.ovm', `keyword ${token.text}`);
      importState = token.text === 'from' ? 'module' : 'names';
      return;
    }
    if (token.kind === 'keyword' && token.text !== 'def' && (defName || inParams || importState)) {
      expect(token, 'invalid.illegal.reserved-word.ovm', 'reserved word used as a name');
      if (importState === 'names' && !is(next, 'punct', ',')) importState = null;
      return;
    }

    if (token.kind === 'keyword') {
      const scopes = {
        def: 'storage.type.function.ovm',
        from: 'keyword.control.import.ovm',
        import: 'keyword.control.import.ovm',
        forall: 'keyword.control.quantifier.ovm',
        exists: 'keyword.control.quantifier.ovm',
        in: 'keyword.control.quantifier.in.ovm',
        not: 'keyword.operator.logical.not.ovm',
        and: 'keyword.operator.logical.and.ovm',
        or: 'keyword.operator.logical.or.ovm',
        implies: 'keyword.operator.logical.implies.ovm',
        self: 'variable.language.self.ovm',
      };
      expect(token, scopes[token.text], `keyword ${token.text}`);
      if (token.text === 'def') {
        defName = true;
        paramsNext = inParams = false;
        importState = null;
      }
      return;
    }

    if (token.kind === 'ident') {
      const text = token.text;
      if (is(prev, 'punct', '.') && !importState) {
        if (text === 'all' || text === 'any') expect(token, 'keyword.control.quantifier.method.ovm', '.all/.any');
        else if (text === 'address') expect(token, 'variable.language.address.ovm', '.address');
        else expect(token, 'invalid.illegal.child.ovm', 'name after a dot');
        return;
      }
      if (defName) {
        const cls = annotations.find((a) => a === 'library' || a === 'atomic' || a === 'external') || 'user';
        expect(token, `entity.name.function.predicate.${cls}.ovm`, `${cls} definition`);
        defName = false;
        paramsNext = true;
        annotations = [];
        return;
      }
      if (importState === 'module') {
        expect(token, 'entity.name.namespace.ovm', 'module path');
        return;
      }
      if (importState === 'names') {
        expect(token, predicateScope(text, 'entity.name.function.import.ovm'), 'imported name');
        if (!is(next, 'punct', ',')) importState = null;
        return;
      }
      if (inParams) {
        if (is(prev, 'punct', ':')) {
          const scope = TYPES.has(text) ? 'support.type.primitive.ovm' : 'invalid.illegal.unknown-type.ovm';
          expect(token, scope, 'parameter type');
        } else {
          expect(token, 'variable.parameter.ovm', 'parameter');
        }
        return;
      }
      if (is(prev, 'keyword', 'forall') || is(prev, 'keyword', 'exists')) {
        expect(token, 'variable.parameter.bound.ovm', 'bound variable');
        return;
      }
      // The grammar reads one line at a time, and cannot look ahead to the next: a lambda's
      // variable, or a call's name, is recognised only with the `->` or `(` that makes it one
      // on the same line.
      if (is(next, 'punct', '->')) {
        expect(token, 'variable.parameter.bound.ovm', 'lambda variable', sameLine(token, next) ? undefined : ['variable.other.ovm']);
        return;
      }
      if (is(next, 'punct', '(')) {
        expect(token, predicateScope(text, 'entity.name.function.call.ovm'), 'call', sameLine(token, next) ? undefined : ['variable.other.ovm']);
        return;
      }
      expect(token, 'variable.other.ovm', 'name');
      return;
    }

    if (token.kind === 'constant') return expect(token, 'variable.other.constant.ovm', 'constant');
    if (token.kind === 'integer') {
      return expect(token, is(prev, 'punct', '.') ? 'constant.numeric.integer.child.ovm' : 'constant.numeric.integer.decimal.ovm', 'integer');
    }
    if (token.kind === 'hex') return expect(token, 'constant.numeric.hex.ovm', '0x literal');
    if (token.kind === 'bad-number') return expect(token, 'invalid.illegal.numeric.ovm', 'malformed number');
    if (token.kind === 'unknown') return expect(token, 'invalid.illegal', 'unknown character');
  });

  function predicateScope(text, other) {
    if (classes.atomic.has(text)) return 'support.function.predicate.atomic.ovm';
    if (classes.library.has(text)) return 'support.function.predicate.library.ovm';
    return other;
  }

  return out.map((e) => ({ ...e, line: lineOf(e.token.start) }));
}

/**
 * The predicate classes of the standard library: `atomic`, the definitions of the prelude
 * `atomic.ovm`; `library`, the `@library` definitions of the other modules.
 */
function stdlibClasses(files) {
  const atomic = new Set();
  const library = new Set();
  for (const [name, text] of files) {
    const tokens = lex(text).filter((t) => !t.kind.endsWith('comment'));
    let annotations = [];
    tokens.forEach((t, k) => {
      if (t.kind === 'ident' && tokens[k - 1] && tokens[k - 1].text === '@') annotations.push(t.text);
      if (t.kind === 'ident' && tokens[k - 1] && tokens[k - 1].text === 'def') {
        if (name === 'atomic.ovm') atomic.add(t.text);
        else if (annotations.includes('library')) library.add(t.text);
        annotations = [];
      }
    });
  }
  return { atomic, library };
}

module.exports = { lex, expectations, stdlibClasses };
