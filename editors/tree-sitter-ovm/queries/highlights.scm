; Syntax highlighting for the OVM predicate language.
;
; Capture names are Neovim's (nvim-treesitter's standard set; Zed and the tree-sitter CLI fall
; back from `a.b` to `a`). helix/highlights.scm has the same patterns with Helix's names. No node
; gets two captures from different patterns, so the result does not depend on whether an editor
; prefers the first or the last matching pattern (a test checks this on every example).

; Keywords

"def" @keyword.function

[
  "from"
  "import"
] @keyword.import

[
  "forall"
  "exists"
] @keyword.repeat

[
  "in"
  "not"
  "and"
  "or"
  "implies"
] @keyword.operator

; `.all(…)` and `.any(…)`: the quantifiers of the compatible syntax.
(method_quantifier
  method: _ @keyword.repeat)

; Annotations: `@library`, `@quantifier("…")`, `@atomic`, `@external`.

(annotation
  "@" @attribute
  name: (identifier) @attribute)

; Definitions and imports

(definition
  name: (identifier) @function)

(import_declaration
  module: (module_path
    (identifier) @module))

(import_declaration
  name: (identifier) @function)

; Calls. The ten atomic predicates of the prelude (std.atomic) are builtins.

((call
  predicate: (identifier) @function.builtin)
  (#match? @function.builtin
    "^(Equal|IsLessThan|IsContained|HasIntersection|IsValidSignature|IsStored|VerifyInclusion|IsValidHash|IsConcatenatedWith|IsSameAmount)$"))

((call
  predicate: (identifier) @function.call)
  (#not-match? @function.call
    "^(Equal|IsLessThan|IsContained|HasIntersection|IsValidSignature|IsStored|VerifyInclusion|IsValidHash|IsConcatenatedWith|IsSameAmount)$"))

; Parameters, their types and bound variables

(parameter
  name: (identifier) @variable.parameter)

((type_identifier) @type.builtin
  (#match? @type.builtin "^(Address|Bytes|Bytes32|BigNumber|Range|Property)$"))

((type_identifier) @type
  (#not-match? @type "^(Address|Bytes|Bytes32|BigNumber|Range|Property)$"))

(forall_expression
  variable: (identifier) @variable)

(exists_expression
  variable: (identifier) @variable)

(lambda
  variable: (identifier) @variable.parameter)

; Arguments

(argument_list
  (identifier) @variable)

(path
  root: (identifier) @variable)

(self) @variable.builtin

(constant) @constant

(index) @number

(address) @property

(integer) @number

(bytes) @number

; Strings, and the `${…}` placeholders of quantifier hints

(string) @string

(escape_sequence) @string.escape

(interpolation
  [
    "${"
    "}"
  ] @punctuation.special)

(placeholder) @variable

; Comments

[
  (line_comment)
  (block_comment)
] @comment

(doc_comment) @comment.documentation

; Punctuation and operators

[
  "!"
  ":="
  "->"
] @operator

[
  "("
  ")"
] @punctuation.bracket

[
  ","
  "."
  ":"
] @punctuation.delimiter
