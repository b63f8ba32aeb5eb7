//! Serving the standard library's sources to the editor.
//!
//! The standard library is embedded in the compiler, so its files exist nowhere on disk. For
//! go to definition (and for diagnostics' related locations) to open them in any editor, the
//! server writes them, once, to a cache directory and hands out ordinary `file://` URIs:
//!
//! `$XDG_CACHE_HOME/ovm/stdlib/<version>-<hash>/<module>.ovm` (or `~/.cache/…`, or
//! `%LOCALAPPDATA%\ovm\…` on Windows, or the system temporary directory when none is set),
//!
//! where `<hash>` is a hash of the embedded sources, so that servers of different versions
//! never share a directory and a directory never holds stale files. A file whose content
//! already matches is not rewritten.

use lsp_types::Url;
use ovm_compiler::stdlib;
use std::io;
use std::path::{Path, PathBuf};

/// The directory the standard library's sources were written to.
#[derive(Clone, Debug)]
pub struct StdlibFiles {
    dir: PathBuf,
}

impl StdlibFiles {
    /// Writes the standard library's sources under the user's cache directory (or the
    /// temporary directory, if the cache cannot be written).
    pub fn install() -> io::Result<StdlibFiles> {
        let leaf = format!("{}-{:016x}", env!("CARGO_PKG_VERSION"), sources_hash());
        let first = cache_base().map(|base| base.join("ovm").join("stdlib").join(&leaf));
        let fallback = std::env::temp_dir().join("ovm-stdlib").join(&leaf);
        match first {
            Some(dir) => StdlibFiles::install_in(&dir).or_else(|_| StdlibFiles::install_in(&fallback)),
            None => StdlibFiles::install_in(&fallback),
        }
    }

    /// Writes the standard library's sources into `dir` (created if needed).
    pub fn install_in(dir: &Path) -> io::Result<StdlibFiles> {
        for (name, text) in stdlib::MODULES {
            let path = dir.join(relative_path(name));
            if std::fs::read(&path).is_ok_and(|existing| existing == text.as_bytes()) {
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // Write beside, then rename: another server starting at the same time never sees a
            // half-written file.
            let partial = path.with_extension(format!("ovm.{}.partial", std::process::id()));
            std::fs::write(&partial, text)?;
            std::fs::rename(&partial, &path)?;
        }
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Ok(StdlibFiles { dir })
    }

    /// The directory holding the sources.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The URI of standard module `module` (`signature`, not `std.signature`).
    pub fn uri(&self, module: &str) -> Option<Url> {
        stdlib::source(module)?;
        Url::from_file_path(self.dir.join(relative_path(module))).ok()
    }

    /// The URI of the standard-library file the compiler names `file_name` (`<std>/plasma.ovm`,
    /// see [`stdlib::file_name`]).
    pub fn uri_of_file_name(&self, file_name: &str) -> Option<Url> {
        let module = file_name.strip_prefix("<std>/")?.strip_suffix(".ovm")?;
        self.uri(&module.replace('/', "."))
    }
}

/// `a.b` is `a/b.ovm`, as in the repository's `stdlib/`.
fn relative_path(module: &str) -> PathBuf {
    let mut path: PathBuf = module.split('.').collect();
    path.set_extension("ovm");
    path
}

fn cache_base() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        return var("LOCALAPPDATA");
    }
    var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|home| home.join(".cache")))
}

/// FNV-1a over every module's name and source.
fn sources_hash() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, text) in stdlib::MODULES {
        for byte in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_module_and_names_it_by_uri() {
        let dir = tempfile::tempdir().unwrap();
        let files = StdlibFiles::install_in(dir.path()).unwrap();
        for (name, text) in stdlib::MODULES {
            let uri = files.uri(name).unwrap();
            let path = uri.to_file_path().unwrap();
            assert_eq!(std::fs::read_to_string(path).unwrap(), *text);
        }
        assert_eq!(
            files.uri_of_file_name(&stdlib::file_name("plasma")),
            files.uri("plasma")
        );
        assert_eq!(files.uri("nonexistent"), None);
        // A second install over the same directory leaves it as it is.
        StdlibFiles::install_in(dir.path()).unwrap();
    }
}
