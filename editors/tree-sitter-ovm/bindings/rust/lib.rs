//! The OVM predicate language grammar for [tree-sitter](https://tree-sitter.github.io/).
//!
//! [`LANGUAGE`] is the generated parser; load it into a `tree_sitter::Parser`:
//!
//! ```
//! let code = "def ownership(owner: Address, tx: Bytes) := SignedBy(tx, owner).any()";
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_ovm::LANGUAGE.into())
//!     .expect("the OVM grammar loads");
//! let tree = parser.parse(code, None).unwrap();
//! assert!(!tree.root_node().has_error());
//! ```
//!
//! The queries are those editors use: [`HIGHLIGHTS_QUERY`], [`LOCALS_QUERY`] and
//! [`FOLDS_QUERY`].

use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_ovm() -> *const ();
}

/// The tree-sitter language of `.ovm` files.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_ovm) };

/// The node types of the grammar (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax highlighting query (`queries/highlights.scm`).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The local variable query: scopes, definitions and references (`queries/locals.scm`).
pub const LOCALS_QUERY: &str = include_str!("../../queries/locals.scm");

/// The folding query (`queries/folds.scm`).
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");
