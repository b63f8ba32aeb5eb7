; Folding: definitions, parenthesised formulas, argument lists, lambdas and block comments.

[
  (definition)
  (parenthesized_expression)
  (argument_list)
  (lambda)
  (block_comment)
] @fold
