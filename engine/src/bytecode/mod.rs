//! The `.ovmb` bytecode format.
