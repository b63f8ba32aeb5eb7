; Scopes, definitions and references of the OVM predicate language.
;
; A definition's parameters are in scope in its body; a quantifier's bound variable is in scope
; in its body (for the keyword syntax the whole `forall`/`exists` node, which also holds the
; domain; for the method syntax the `v -> body` lambda only). An inner binding hides an outer
; one. Predicates are not local: they are looked up in the file's scope.
;
; The capture names are the plain ones that both tree-sitter's highlighter (the CLI, and tools
; built on the tree-sitter-highlight crate, which give a reference the highlight of its
; definition) and Neovim understand. helix/locals.scm has Helix's names.

; Scopes

(definition) @local.scope

(forall_expression) @local.scope

(exists_expression) @local.scope

(lambda) @local.scope

; Definitions

(parameter
  name: (identifier) @local.definition)

(forall_expression
  variable: (identifier) @local.definition)

(exists_expression
  variable: (identifier) @local.definition)

(lambda
  variable: (identifier) @local.definition)

; References: arguments, path roots and called names (a call of a variable, `su()`, refers to
; a parameter or bound variable; any other call names a predicate, and resolves to nothing).

(argument_list
  (identifier) @local.reference)

(path
  root: (identifier) @local.reference)

(call
  predicate: (identifier) @local.reference)
