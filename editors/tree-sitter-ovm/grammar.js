/**
 * @file Tree-sitter grammar of the OVM predicate language (`.ovm` files).
 * @license MIT OR Apache-2.0
 *
 * The language is the one of `grammar/ovm.lalrpop` (the compiler's grammar; `grammar/README.md`
 * gives it as EBNF): this grammar accepts the same files and builds a tree of the same shape,
 * for editors (highlighting, folding, locals). Where the compiler reports a *semantic* error
 * (an import after a definition, `.all()` without a body, an unknown escape or placeholder, a
 * child index that does not fit 32 bits, nesting deeper than 256 levels) this grammar parses
 * the file without error, as the compiler's parser does.
 *
 * Precedence, loosest first: the body of `forall … :` / `exists … :` (extends as far right as
 * possible), `implies` (right-associative), `or`, `and`, `not`/`!`. A keyword quantifier with a
 * body therefore never stands left of a connective unless parenthesised, which is what the
 * LALRPOP grammar's open/closed expression tiers express.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const PREC = {
  quantifier: 0,
  implies: 1,
  or: 2,
  and: 3,
  not: 4,
};

/**
 * Zero or more `rule`s separated by commas, with an optional trailing comma.
 *
 * @param {RuleOrLiteral} rule
 * @returns {RuleOrLiteral}
 */
function commaSep(rule) {
  return optional(seq(rule, repeat(seq(',', rule)), optional(',')));
}

/**
 * One or more `rule`s separated by commas, without a trailing comma.
 *
 * @param {RuleOrLiteral} rule
 * @returns {RuleOrLiteral}
 */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

module.exports = grammar({
  name: 'ovm',

  word: $ => $.identifier,

  // Reserved everywhere (E0112 in the compiler). `all`, `any` and `address` are keywords only
  // right after `.`, which the parser's context already gives: elsewhere they are names.
  reserved: {
    global: _ => [
      'def', 'from', 'import', 'forall', 'exists', 'in', 'not', 'and', 'or', 'implies', 'self',
    ],
  },

  externals: $ => [
    // `/* … */`, which nests: needs a counter, so an external scanner (src/scanner.c).
    $.block_comment,
    // The text of a string between escapes and `${…}` placeholders.
    $._string_content,
    // Never used in the grammar: valid only during error recovery, when the scanner must
    // not take code for string content.
    $._error_sentinel,
  ],

  extras: $ => [
    /[ \t\r\n\f]/,
    $.line_comment,
    $.doc_comment,
    $.block_comment,
  ],

  supertypes: $ => [
    $._formula,
    $._argument,
  ],

  rules: {
    source_file: $ => repeat(choice($.import_declaration, $.definition)),

    // ------------------------------------------------------------------ file structure

    // `from std.signature import SignedBy, LessThan`
    import_declaration: $ => seq(
      'from',
      field('module', $.module_path),
      'import',
      commaSep1(field('name', $.identifier)),
    ),

    module_path: $ => seq($.identifier, repeat(seq('.', $.identifier))),

    // Annotations, `def`, a name, parameters and, unless declared `@atomic`/`@external`, a body.
    definition: $ => seq(
      repeat(field('annotation', $.annotation)),
      'def',
      field('name', $.identifier),
      field('parameters', $.parameter_list),
      optional(seq(':=', field('body', $._formula))),
    ),

    // `@library`, `@quantifier("signatures,KEY,${m}")`
    annotation: $ => seq(
      '@',
      field('name', $.identifier),
      optional(field('arguments', $.annotation_arguments)),
    ),

    annotation_arguments: $ => seq('(', commaSep($.string), ')'),

    parameter_list: $ => seq('(', commaSep($.parameter), ')'),

    // `owner` or `owner: Address`
    parameter: $ => seq(
      field('name', $.identifier),
      optional(seq(':', field('type', alias($.identifier, $.type_identifier)))),
    ),

    // ------------------------------------------------------------------ formulas

    _formula: $ => choice(
      $.implies_expression,
      $.or_expression,
      $.and_expression,
      $.not_expression,
      $.forall_expression,
      $.exists_expression,
      $.method_quantifier,
      $.parenthesized_expression,
      $.call,
    ),

    implies_expression: $ => prec.right(PREC.implies, seq(
      field('left', $._formula),
      'implies',
      field('right', $._formula),
    )),

    or_expression: $ => prec.left(PREC.or, seq(
      field('left', $._formula),
      'or',
      field('right', $._formula),
    )),

    and_expression: $ => prec.left(PREC.and, seq(
      field('left', $._formula),
      'and',
      field('right', $._formula),
    )),

    // `not P` or `!P`
    not_expression: $ => prec(PREC.not, seq(
      field('operator', choice('not', '!')),
      field('operand', $._formula),
    )),

    // `forall v in Q(args): P`; the body extends as far right as possible.
    forall_expression: $ => prec.right(PREC.quantifier, seq(
      'forall',
      field('variable', $.identifier),
      'in',
      field('domain', $.call),
      ':',
      field('body', $._formula),
    )),

    // `exists v in Q(args): P`, or without a body `exists v in Q(args)`, which ends at the
    // domain's `)` and so binds like an atom.
    exists_expression: $ => prec.right(PREC.quantifier, seq(
      'exists',
      field('variable', $.identifier),
      'in',
      field('domain', $.call),
      optional(seq(':', field('body', $._formula))),
    )),

    // `Q(args).all(v -> P)`, `Q(args).any(v -> P)`, `Q(args).any()` (and `Q(args).all()`, which
    // the compiler parses to report E0111).
    method_quantifier: $ => seq(
      field('domain', $.call),
      '.',
      field('method', choice('all', 'any')),
      '(',
      optional(field('lambda', $.lambda)),
      ')',
    ),

    // `v -> P`
    lambda: $ => seq(
      field('variable', $.identifier),
      '->',
      field('body', $._formula),
    ),

    parenthesized_expression: $ => seq('(', $._formula, ')'),

    // `P(args)`: a predicate, or a variable holding a property (`su()`), applied to arguments.
    call: $ => seq(
      field('predicate', $.identifier),
      field('arguments', $.argument_list),
    ),

    argument_list: $ => seq('(', commaSep($._argument), ')'),

    // ------------------------------------------------------------------ arguments

    _argument: $ => choice(
      $.identifier,
      $.self,
      $.constant,
      $.path,
      $.integer,
      $.bytes,
      $.string,
    ),

    // `su.0`, `su.3.address`, `self.address`, `$c.0`
    path: $ => seq(
      field('root', choice($.identifier, $.self, $.constant)),
      repeat1(seq('.', field('child', choice(alias($.integer, $.index), $.address)))),
    ),

    self: _ => 'self',

    address: _ => 'address',

    // `$txAddress`
    constant: _ => /\$[A-Za-z_][A-Za-z0-9_]*/,

    integer: _ => /[0-9]+/,

    // `0x00ff`, `0x`
    bytes: _ => /0x[0-9a-fA-F]*/,

    // `"signatures,KEY,${m}"`: one line; any `\x` escape (the compiler reports unknown ones).
    string: $ => seq(
      '"',
      repeat(choice(
        $._string_content,
        $.escape_sequence,
        $.interpolation,
      )),
      token.immediate('"'),
    ),

    escape_sequence: _ => token.immediate(/\\[^\n]/),

    // `${m}`, `${su.0}`, `${$name}` in a quantifier hint. The scanner makes `${` content when
    // no `}` closes it on the line, so an unclosed placeholder is still a valid string.
    interpolation: $ => seq(
      token.immediate('${'),
      optional(field('placeholder', $.placeholder)),
      token.immediate('}'),
    ),

    placeholder: _ => token.immediate(prec(1, /[^}"\\\n]+/)),

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    // ------------------------------------------------------------------ comments

    // `//` but not `///` (four or more slashes make an ordinary comment again).
    line_comment: _ => token(choice(
      seq('//', optional(seq(/[^/\n]/, /[^\n]*/))),
      seq('////', /[^\n]*/),
    )),

    // `///`, documenting the next definition.
    doc_comment: _ => token(seq('///', optional(seq(/[^/\n]/, /[^\n]*/)))),
  },
});
