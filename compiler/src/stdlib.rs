//! The standard library: `.ovm` modules embedded in the compiler, so they are always available.
//!
//! `std.atomic` is the prelude: its declarations (the atomic predicates) are in scope in every
//! file. Other modules are imported by dotted path: `from std.signature import SignedBy`.

/// The prelude module's name.
pub const PRELUDE: &str = "atomic";

/// Every standard module: its name (the dotted path after `std.`) and its source.
pub const MODULES: &[(&str, &str)] = &[("atomic", include_str!("../../stdlib/atomic.ovm"))];

/// The source of the standard module `name` (`atomic`, not `std.atomic`).
pub fn source(name: &str) -> Option<&'static str> {
    MODULES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The display name of a standard module's file, as shown in diagnostics.
pub fn file_name(name: &str) -> String {
    format!("<std>/{}.ovm", name.replace('.', "/"))
}
