; Scopes, definitions and references of the OVM predicate language.
;
; A definition's parameters are in scope in its body; a quantifier's bound variable is in scope
; in its body (for the keyword syntax the whole `forall`/`exists` node, which also holds the
; domain; for the method syntax the `v -> body` lambda only). An inner binding hides an outer
; one. Predicates live in the file's scope.

; Scopes

(source_file) @local.scope

(definition) @local.scope

(forall_expression) @local.scope

(exists_expression) @local.scope

(lambda) @local.scope

; Definitions

((definition
  name: (identifier) @local.definition.function)
  (#set! definition.function.scope "parent"))

(parameter
  name: (identifier) @local.definition.parameter)

(forall_expression
  variable: (identifier) @local.definition.var)

(exists_expression
  variable: (identifier) @local.definition.var)

(lambda
  variable: (identifier) @local.definition.parameter)

(import_declaration
  name: (identifier) @local.definition.import)

; References: arguments, path roots and called names (a call of a variable, `su()`, refers to
; a parameter or bound variable; other calls to a predicate).

(argument_list
  (identifier) @local.reference)

(path
  root: (identifier) @local.reference)

(call
  predicate: (identifier) @local.reference)
