//! The `.ovmb` bytecode format: a [`Program`](crate::program::Program) as bytes.
//!
//! A file is the magic `OVMB`, the version (a little-endian `u16`, [`VERSION`]), a constant
//! pool that holds every string and literal once, and the predicate table, which refers to the
//! pool by index. Integers are unsigned LEB128 ([`leb128`]); tags and type bytes are single
//! bytes ([`tag`]). `docs/bytecode.md` describes the layout byte by byte.
//!
//! Every program has exactly one encoding: the pool is deduplicated and ordered by first use,
//! integers are minimal, and nothing else is left to the writer. [`encode`] and [`load`] are
//! inverse bijections between verified programs and the files [`load`] accepts.
//!
//! [`load`] verifies everything the evaluator relies on before it returns (indices in range,
//! operand counts, contract references that go backwards and form a tree, bounded nesting,
//! known atomic predicates, unique labels and names, the limits below), so that a truncated,
//! corrupt or hostile file is an error, never a panic, an out-of-bounds read or an allocation
//! out of proportion to the input. [`disassemble`] writes a program as a readable listing.

mod disasm;
pub mod leb128;
mod read;
pub mod tag;
mod write;

pub use disasm::disassemble;
pub use read::{LoadError, load};
pub use write::{EncodeError, encode};

/// The first four bytes of every file.
pub const MAGIC: [u8; 4] = *b"OVMB";

/// The format version this module writes and reads.
pub const VERSION: u16 = 1;

/// The largest input [`load`] accepts, in bytes (64 MiB).
pub const MAX_INPUT_LEN: usize = 64 << 20;

/// The most elements a file may hold: constant pool entries, predicates, parameters,
/// contracts, values, hint parts, operands, arguments and child accesses, all counted
/// together.
pub const MAX_ELEMENTS: usize = 1 << 20;

/// The most bytes of strings and literals a loaded program may hold, counting a pool entry
/// once for every use (the loader copies it into each place that uses it).
pub const MAX_DECODED_BYTES: usize = 64 << 20;

/// The deepest nesting of a predicate: the longest chain of contract references from a
/// contract, counting the contracts on it and the call (atomic, compiled or property) that
/// ends it. A contract whose operands are all calls has depth 2. This bounds the evaluator's
/// recursion within one predicate.
pub const MAX_DEPTH: u32 = 64;

/// The most child accesses an argument may have (`a.0.1.address` has 3).
pub const MAX_PATH: usize = 16;

/// The longest label, in bytes: a property of a contract starts with `"L" ++ label`, and the
/// contracts recognise a label only when it is shorter than 20 bytes.
pub const MAX_LABEL_LEN: usize = 18;
