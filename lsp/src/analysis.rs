//! Running the compiler's front end on an open document, and the index the requests read.
//!
//! One [`Analysis`] is made per version of a document (when it is first needed after a
//! change): it runs [`driver::analyze`] exactly as `ovm check` compiles a file, and builds, in
//! time linear in the size of the compilation, the predicate scope of the document, so that
//! each request then costs O(log n) to find its place plus the size of one definition.

use crate::position::LineIndex;
use crate::stdlib::StdlibFiles;
use compact_str::CompactString;
use lsp_types::{Location, Url};
use ovm_compiler::driver::{self, Options};
use ovm_compiler::hir::DefId;
use ovm_compiler::modules::{ImportTarget, Module, ModuleId, Modules};
use ovm_compiler::syntax::ast;
use ovm_compiler::{FileId, SourceMap, Span};
use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;
use std::path::Path;

/// A definition of some module of an analysis: the `decl`-th declaration of `module`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefRef {
    /// The module it is in.
    pub module: ModuleId,
    /// Its index among the module's declarations.
    pub decl: usize,
}

/// What the compiler found in one version of a document.
pub struct Analysis {
    /// The texts of the document and of every module it loaded.
    pub sources: SourceMap,
    /// What the passes produced.
    pub result: driver::Analysis,
    /// Per module, its URI (absent for a file that has none, such as an unsaved document's
    /// imports when the standard library could not be written to disk).
    uris: Vec<Option<Url>>,
    /// Per module, its line index, made when first needed.
    lines: Vec<OnceCell<LineIndex>>,
    /// The module of each file.
    modules_by_file: HashMap<FileId, ModuleId>,
    /// Per module, the id its first definition has in the program (definitions are numbered
    /// module by module, in order).
    first_def: Vec<u32>,
    /// The predicates visible in the document, by name.
    scope: HashMap<CompactString, DefRef>,
}

impl Analysis {
    /// Analyses `text`, the content of the document at `uri` (a file at `path`, when it is one).
    pub fn new(
        uri: &Url,
        path: Option<&Path>,
        text: &str,
        options: Options,
        stdlib: Option<&StdlibFiles>,
    ) -> Analysis {
        let mut sources = SourceMap::new();
        let name = path.map_or_else(|| uri.to_string(), |p| p.display().to_string());
        let root = sources.add(name, text);
        let result = driver::analyze(&mut sources, root, path, options);
        let modules = &result.modules;
        let uris = modules
            .modules
            .iter()
            .enumerate()
            .map(|(i, module)| {
                let name = sources.name(module.file);
                if i == 0 {
                    Some(uri.clone())
                } else if module.is_std {
                    stdlib.and_then(|s| s.uri_of_file_name(name))
                } else {
                    Url::from_file_path(name).ok()
                }
            })
            .collect();
        let mut first_def = Vec::with_capacity(modules.modules.len());
        let mut next = 0u32;
        for module in &modules.modules {
            first_def.push(next);
            next += module.tree.decls.len() as u32;
        }
        let modules_by_file = modules
            .modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.file, ModuleId(i as u32)))
            .collect();
        let scope = scope(modules, Modules::ROOT);
        Analysis {
            lines: (0..modules.modules.len()).map(|_| OnceCell::new()).collect(),
            sources,
            result,
            uris,
            modules_by_file,
            first_def,
            scope,
        }
    }

    /// The document's own module.
    pub fn root(&self) -> &Module {
        self.module(Modules::ROOT)
    }

    /// The document's text, as analysed.
    pub fn text(&self) -> &str {
        self.sources.text(self.root().file)
    }

    /// A module by id.
    pub fn module(&self, id: ModuleId) -> &Module {
        self.result.modules.get(id)
    }

    /// A definition's syntax.
    pub fn decl(&self, def: DefRef) -> &ast::Decl {
        &self.module(def.module).tree.decls[def.decl]
    }

    /// The text of the module a definition is in.
    pub fn module_text(&self, module: ModuleId) -> &str {
        self.sources.text(self.module(module).file)
    }

    /// The line index of a module's text.
    pub fn lines(&self, module: ModuleId) -> &LineIndex {
        self.lines[module.0 as usize].get_or_init(|| LineIndex::new(self.module_text(module)))
    }

    /// The line index of the document's text.
    pub fn root_lines(&self) -> &LineIndex {
        self.lines(Modules::ROOT)
    }

    /// The module of a file of the analysis.
    pub fn module_of_file(&self, file: FileId) -> Option<ModuleId> {
        self.modules_by_file.get(&file).copied()
    }

    /// The URI of a module.
    pub fn uri(&self, module: ModuleId) -> Option<&Url> {
        self.uris[module.0 as usize].as_ref()
    }

    /// Where `span` of `file` is, for the editor.
    pub fn location(&self, file: FileId, span: Span) -> Option<Location> {
        let module = self.module_of_file(file)?;
        let uri = self.uri(module)?.clone();
        let range = self.lines(module).range(self.module_text(module), span);
        Some(Location::new(uri, range))
    }

    /// The definition a predicate name refers to in the document.
    pub fn lookup(&self, name: &str) -> Option<DefRef> {
        self.scope.get(name).copied()
    }

    /// Every predicate visible in the document, by name (in no particular order).
    pub fn scope(&self) -> impl Iterator<Item = (&str, DefRef)> {
        self.scope.iter().map(|(name, def)| (name.as_str(), *def))
    }

    /// The program's id of a definition: present when name resolution ran.
    pub fn def_id(&self, def: DefRef) -> Option<DefId> {
        self.result.program.as_ref()?;
        Some(DefId(self.first_def[def.module.0 as usize] + def.decl as u32))
    }

    /// The standard module's name of a module (`signature`), if it is one.
    pub fn std_name(&self, module: ModuleId) -> Option<&str> {
        let module = self.module(module);
        if !module.is_std {
            return None;
        }
        self.sources
            .name(module.file)
            .strip_prefix("<std>/")?
            .strip_suffix(".ovm")
    }

    /// How to name a module to people: `std.signature`, or its file name.
    pub fn module_label(&self, module: ModuleId) -> String {
        if let Some(name) = self.std_name(module) {
            return format!("std.{}", name.replace('/', "."));
        }
        let name = self.sources.name(self.module(module).file);
        Path::new(name)
            .file_name()
            .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// The module `import`'s `index`-th name was found in, if it was.
    pub fn import_target(&self, import: usize, index: usize) -> Option<ModuleId> {
        let targets = self.root().imports.get(import)?;
        targets
            .get(index)
            .copied()
            .flatten()
            .map(|t: ImportTarget| t.module)
    }
}

/// The predicates visible in `module`, as name resolution sees them: the prelude's, the
/// `@library` definitions of files imported by the one-definition-per-file convention, the
/// names imported, and the module's own definitions (which shadow the prelude's).
fn scope(modules: &Modules, module: ModuleId) -> HashMap<CompactString, DefRef> {
    let mut scope = HashMap::default();
    let defs = |id: ModuleId| {
        modules
            .get(id)
            .tree
            .decls
            .iter()
            .enumerate()
            .map(move |(decl, d)| (d, DefRef { module: id, decl }))
    };
    if module != Modules::PRELUDE {
        for (decl, def) in defs(Modules::PRELUDE) {
            scope.insert(decl.name.name.clone(), def);
        }
    }
    let m = modules.get(module);
    for target in m.imports.iter().flatten().flatten().filter(|t| t.per_definition) {
        for (decl, def) in defs(target.module) {
            if decl.annotations.iter().any(|a| a.name.name == "library") {
                scope.entry(decl.name.name.clone()).or_insert(def);
            }
        }
    }
    for (import, targets) in m.tree.imports.iter().zip(&m.imports) {
        for (name, target) in import.names.iter().zip(targets) {
            let Some(target) = target else { continue };
            if let Some((_, def)) = defs(target.module).find(|(d, _)| d.name.name == name.name) {
                scope.insert(name.name.clone(), def);
            }
        }
    }
    // Own definitions last; of two with one name (an error), the first.
    let mut own: HashMap<&str, ()> = HashMap::default();
    for (decl, def) in defs(module) {
        if own.insert(decl.name.name.as_str(), ()).is_none() {
            scope.insert(decl.name.name.clone(), def);
        }
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> Analysis {
        let uri = Url::parse("untitled:test.ovm").unwrap();
        Analysis::new(&uri, None, text, Options::default(), None)
    }

    #[test]
    fn scope_has_own_definitions_and_the_prelude() {
        let analysis = analyse("def Equal(a) := IsLessThan(a, a)\ndef f(a) := Equal(a)");
        let own = analysis.lookup("Equal").unwrap();
        assert_eq!(own.module, Modules::ROOT);
        assert_eq!(analysis.lookup("f").unwrap().decl, 1);
        assert_eq!(analysis.lookup("IsLessThan").unwrap().module, Modules::PRELUDE);
        assert_eq!(analysis.lookup("Nope"), None);
        assert!(!analysis.result.has_errors());
    }

    #[test]
    fn standard_imports_are_in_scope() {
        let analysis =
            analyse("from std.signature import SignedBy\ndef f(a, b: Address) := SignedBy(a, b).any()");
        let def = analysis.lookup("SignedBy").unwrap();
        assert_eq!(analysis.module_label(def.module), "std.signature");
        assert_eq!(analysis.std_name(def.module), Some("signature"));
        assert_eq!(analysis.decl(def).name.name, "SignedBy");
        // Not imported: not in scope.
        assert_eq!(analysis.lookup("SignedByTypedData"), None);
        let id = analysis.def_id(def).unwrap();
        assert_eq!(analysis.result.program.as_ref().unwrap().def(id).name, "SignedBy");
    }

    #[test]
    fn half_typed_text_still_has_a_tree() {
        let analysis = analyse("def f(a: Bytes) := exists s in SignedBy(a, ");
        assert!(analysis.result.has_errors());
        assert!(analysis.result.program.is_none());
        assert_eq!(analysis.root().tree.decls.len(), 1);
        assert!(analysis.lookup("f").is_some());
    }
}
