//! Loading a compilation: the root file, the files and standard modules it imports (and what
//! they import), each read and parsed once.

use crate::diagnostics::{Code, Diagnostic};
use crate::driver;
use crate::source::{FileId, SourceMap};
use crate::stdlib;
use crate::syntax::{self, ast};
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

/// Identifies a module of a [`Modules`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleId(pub u32);

/// One parsed file.
#[derive(Debug)]
pub struct Module {
    /// Its file in the source map.
    pub file: FileId,
    /// Its syntax tree.
    pub tree: ast::SourceFile,
    /// For each import of the tree (in order) and each imported name, the module it names,
    /// when it was found.
    pub imports: Vec<Vec<Option<ImportTarget>>>,
    /// Whether it is a standard-library module.
    pub is_std: bool,
}

/// The module an imported name was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportTarget {
    /// The module.
    pub module: ModuleId,
    /// Whether it was found by the original one-definition-per-file convention
    /// (`from lib import X` is `lib/X.ovm`), which also makes the file's other `@library`
    /// definitions visible, as the original compiler did.
    pub per_definition: bool,
}

/// The modules of one compilation.
#[derive(Debug)]
pub struct Modules {
    /// Every module; the root is first, the prelude second.
    pub modules: Vec<Module>,
}

impl Modules {
    /// The module that was compiled.
    pub const ROOT: ModuleId = ModuleId(0);
    /// The prelude (`std.atomic`).
    pub const PRELUDE: ModuleId = ModuleId(1);

    /// A module by id.
    pub fn get(&self, id: ModuleId) -> &Module {
        &self.modules[id.0 as usize]
    }
}

/// Where a module comes from, for the cache.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Origin {
    File(PathBuf),
    Std(String),
}

struct Loader<'a> {
    sources: &'a mut SourceMap,
    modules: Vec<Module>,
    origins: HashMap<Origin, ModuleId>,
    diagnostics: Vec<Diagnostic>,
}

/// Loads the root file `root` (already in `sources`, at `root_path` on disk), the prelude,
/// and every module they import, transitively.
pub fn load(sources: &mut SourceMap, root: FileId, root_path: Option<&Path>) -> (Modules, Vec<Diagnostic>) {
    let mut loader = Loader {
        sources,
        modules: Vec::new(),
        origins: HashMap::default(),
        diagnostics: Vec::new(),
    };
    let root_dir = root_path.and_then(Path::parent).map(Path::to_path_buf);
    let root_id = loader.add(root, false);
    if let Some(path) = root_path {
        loader.origins.insert(Origin::File(canonical(path)), root_id);
    }
    let prelude = loader.load_std(stdlib::PRELUDE).expect("the prelude is embedded");
    debug_assert_eq!(prelude, Modules::PRELUDE);

    // Breadth-first over modules as they are added; each one's imports resolve relative to it.
    let mut dirs: Vec<Option<PathBuf>> = vec![root_dir, None];
    let mut next = 0;
    while next < loader.modules.len() {
        let dir = dirs[next].clone();
        let imports = loader.modules[next].tree.imports.clone();
        let file = loader.modules[next].file;
        let mut resolved = Vec::new();
        for import in &imports {
            let mut targets = Vec::new();
            for name in &import.names {
                let (target, target_dir) = loader.resolve_import(file, dir.as_deref(), import, name);
                if let Some(ImportTarget { module: id, .. }) = target
                    && id.0 as usize >= dirs.len()
                {
                    dirs.push(target_dir);
                }
                targets.push(target);
            }
            resolved.push(targets);
        }
        loader.modules[next].imports = resolved;
        next += 1;
    }
    (
        Modules {
            modules: loader.modules,
        },
        loader.diagnostics,
    )
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Loader<'_> {
    fn add(&mut self, file: FileId, is_std: bool) -> ModuleId {
        let (tree, diagnostics) = syntax::parse(self.sources.text(file), file);
        self.diagnostics.extend(diagnostics);
        let id = ModuleId(self.modules.len() as u32);
        self.modules.push(Module {
            file,
            tree,
            imports: Vec::new(),
            is_std,
        });
        id
    }

    fn load_std(&mut self, name: &str) -> Option<ModuleId> {
        let origin = Origin::Std(name.to_string());
        if let Some(&id) = self.origins.get(&origin) {
            return Some(id);
        }
        let text = stdlib::source(name)?;
        let file = self.sources.add(stdlib::file_name(name), text);
        let id = self.add(file, true);
        self.origins.insert(origin, id);
        Some(id)
    }

    fn load_file(&mut self, path: &Path) -> Result<ModuleId, std::io::Error> {
        let origin = Origin::File(canonical(path));
        if let Some(&id) = self.origins.get(&origin) {
            return Ok(id);
        }
        let loaded = driver::load(self.sources, path)?;
        if let Some(error) = loaded.encoding_error {
            self.diagnostics.push(error);
        }
        let id = self.add(loaded.file, false);
        self.origins.insert(origin, id);
        Ok(id)
    }

    /// Finds the module that `from path import name` names: `std.m` is the standard module
    /// `m`; otherwise `path/name.ovm` (one definition per file, the original convention) or
    /// `path.ovm` (a module of several definitions), relative to the importing file.
    fn resolve_import(
        &mut self,
        file: FileId,
        dir: Option<&Path>,
        import: &ast::Import,
        name: &ast::Ident,
    ) -> (Option<ImportTarget>, Option<PathBuf>) {
        let parts: Vec<&str> = import.path.iter().map(|p| p.name.as_str()).collect();
        let path_span = import.path[0].span.to(import.path[parts.len() - 1].span);
        if parts[0] == "std" {
            let module = parts[1..].join(".");
            return match self.load_std(&module) {
                Some(module) => (
                    Some(ImportTarget {
                        module,
                        per_definition: false,
                    }),
                    None,
                ),
                None => {
                    let known: Vec<String> = stdlib::MODULES
                        .iter()
                        .map(|(n, _)| format!("`std.{n}`"))
                        .collect();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::ModuleNotFound,
                            file,
                            path_span,
                            format!("no standard module `{}`", parts.join(".")),
                        )
                        .with_label("not in the standard library")
                        .with_note(format!("the standard modules are {}", known.join(", "))),
                    );
                    (None, None)
                }
            };
        }
        let base = dir.map_or_else(PathBuf::new, Path::to_path_buf);
        let folder = parts.iter().fold(base.clone(), |p, part| p.join(part));
        let per_definition = folder.join(format!("{}.ovm", name.name));
        let mut module_file = parts[..parts.len() - 1].iter().fold(base, |p, part| p.join(part));
        module_file.push(format!("{}.ovm", parts[parts.len() - 1]));
        for candidate in [&per_definition, &module_file] {
            if candidate.is_file() {
                return match self.load_file(candidate) {
                    Ok(module) => (
                        Some(ImportTarget {
                            module,
                            per_definition: candidate == &per_definition,
                        }),
                        candidate.parent().map(Path::to_path_buf),
                    ),
                    Err(error) => {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::ModuleNotFound,
                                file,
                                name.span,
                                format!("cannot read `{}`", candidate.display()),
                            )
                            .with_label(error.to_string()),
                        );
                        (None, None)
                    }
                };
            }
        }
        // Shown relative to the importing file, as the import is written.
        let folder_text = parts.join("/");
        self.diagnostics.push(
            Diagnostic::new(
                Code::ModuleNotFound,
                file,
                name.span,
                format!("cannot find `{}` to import", name.name),
            )
            .with_label("no file defines this")
            .with_note(format!(
                "looked for `{folder_text}/{}.ovm` and `{folder_text}.ovm`, relative to the importing file",
                name.name
            )),
        );
        (None, None)
    }
}
