; Doc comments are Markdown (the reference in docs/stdlib.md is generated from them), but
; only inline: highlight their code spans and emphasis where the editor has the grammar.
((doc_comment) @injection.content
  (#set! injection.language "markdown_inline"))
