// The external scanner of the OVM grammar: nesting block comments and string content.
//
// `/* a /* b */ c */` is one comment, which a regular expression cannot match. String content
// is scanned here too, so that a `/*` at the start of a string's text is never taken for a
// comment, and so that `${` opens a placeholder only when a `}` closes it on the same line
// (the compiler's lexer accepts any string; an unclosed placeholder is a semantic error).

#include "tree_sitter/parser.h"

enum TokenType {
  BLOCK_COMMENT,
  STRING_CONTENT,
  ERROR_SENTINEL,
};

void *tree_sitter_ovm_external_scanner_create(void) { return NULL; }

void tree_sitter_ovm_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_ovm_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_ovm_external_scanner_deserialize(void *payload, const char *buffer,
                                                   unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline bool at_string_end(TSLexer *lexer) {
  int32_t c = lexer->lookahead;
  return c == '"' || c == '\\' || c == '\n' || lexer->eof(lexer);
}

// The text of a string up to the next `"`, escape, newline or closed `${…}`.
static bool scan_string_content(TSLexer *lexer) {
  bool has_content = false;
  for (;;) {
    lexer->mark_end(lexer);
    if (at_string_end(lexer)) {
      break;
    }
    if (lexer->lookahead == '$') {
      advance(lexer);
      if (lexer->lookahead == '{') {
        advance(lexer);
        while (!at_string_end(lexer) && lexer->lookahead != '}') {
          advance(lexer);
        }
        if (lexer->lookahead == '}') {
          // A placeholder starts at the mark: end the content before it.
          break;
        }
      }
      has_content = true;
      continue;
    }
    advance(lexer);
    has_content = true;
  }
  if (!has_content) {
    return false;
  }
  lexer->result_symbol = STRING_CONTENT;
  return true;
}

// `/* … */`, nesting. An unterminated comment is not a token, so it shows as an error.
static bool scan_block_comment(TSLexer *lexer) {
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t' || lexer->lookahead == '\r' ||
         lexer->lookahead == '\n' || lexer->lookahead == '\f') {
    lexer->advance(lexer, true);
  }
  if (lexer->lookahead != '/') {
    return false;
  }
  advance(lexer);
  if (lexer->lookahead != '*') {
    return false;
  }
  advance(lexer);
  unsigned depth = 1;
  while (!lexer->eof(lexer)) {
    if (lexer->lookahead == '*') {
      advance(lexer);
      if (lexer->lookahead == '/') {
        advance(lexer);
        if (--depth == 0) {
          lexer->mark_end(lexer);
          lexer->result_symbol = BLOCK_COMMENT;
          return true;
        }
      }
    } else if (lexer->lookahead == '/') {
      advance(lexer);
      if (lexer->lookahead == '*') {
        advance(lexer);
        depth++;
      }
    } else {
      advance(lexer);
    }
  }
  return false;
}

bool tree_sitter_ovm_external_scanner_scan(void *payload, TSLexer *lexer,
                                           const bool *valid_symbols) {
  (void)payload;
  bool error_recovery = valid_symbols[ERROR_SENTINEL];
  if (valid_symbols[STRING_CONTENT] && !error_recovery) {
    return scan_string_content(lexer);
  }
  if (valid_symbols[BLOCK_COMMENT]) {
    return scan_block_comment(lexer);
  }
  return false;
}
