; Syntax highlighting for the OVM predicate language, with Helix's capture names.
;
; The same patterns as ../highlights.scm, with the capture names mapped to Helix's scopes (a
; test checks that the two files stay in step). Install as runtime/queries/ovm/highlights.scm.

"def" @keyword.function

[
  "from"
  "import"
] @keyword.control.import

[
  "forall"
  "exists"
] @keyword.control.repeat

[
  "in"
  "not"
  "and"
  "or"
  "implies"
] @keyword.operator

; `.all(…)` and `.any(…)`: the quantifiers of the compatible syntax.
(method_quantifier
  method: _ @keyword.control.repeat)

; Annotations: `@library`, `@quantifier("…")`, `@atomic`, `@external`.

(annotation
  "@" @attribute
  name: (identifier) @attribute)

; Definitions and imports

(definition
  name: (identifier) @function)

(import_declaration
  module: (module_path
    (identifier) @namespace))

(import_declaration
  name: (identifier) @function)

; Calls. The ten atomic predicates of the prelude (std.atomic) are builtins.

((call
  predicate: (identifier) @function.builtin)
  (#match? @function.builtin
    "^(Equal|IsLessThan|IsContained|HasIntersection|IsValidSignature|IsStored|VerifyInclusion|IsValidHash|IsConcatenatedWith|IsSameAmount)$"))

((call
  predicate: (identifier) @function)
  (#not-match? @function
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

(index) @constant.numeric.integer

(address) @variable.other.member

(integer) @constant.numeric.integer

(bytes) @constant.numeric.integer

; Strings, and the `${…}` placeholders of quantifier hints

(string) @string

(escape_sequence) @constant.character.escape

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

(doc_comment) @comment.line.documentation

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
