; Scopes, definitions and references of the OVM predicate language, with Helix's capture names.
;
; As ../locals.scm, but a definition's capture names the highlight its references get
; (`@local.definition.variable.parameter`). Install as runtime/queries/ovm/locals.scm.

; Scopes

(definition) @local.scope

(forall_expression) @local.scope

(exists_expression) @local.scope

(lambda) @local.scope

; Definitions

(parameter
  name: (identifier) @local.definition.variable.parameter)

(forall_expression
  variable: (identifier) @local.definition.variable)

(exists_expression
  variable: (identifier) @local.definition.variable)

(lambda
  variable: (identifier) @local.definition.variable.parameter)

; References

(argument_list
  (identifier) @local.reference)

(path
  root: (identifier) @local.reference)

(call
  predicate: (identifier) @local.reference)
