//! Name resolution: turns the syntax trees of a compilation's modules into one [`Program`] in
//! which every predicate, parameter, bound variable and constant is resolved, reporting
//! unknown and duplicate names, arity mismatches, bad annotations and hints, and recursion.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::hir::*;
use crate::modules::{ImportTarget, ModuleId, Modules};
use crate::source::{FileId, Span};
use crate::suggest;
use crate::syntax::ast::{self, ChildKind};
use crate::syntax::print;
use crate::types::Type;
use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

/// How strictly the old dialect's loose rules are enforced.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Accept the old compiler's loose rules where they had a defined meaning: an unknown
    /// capitalised name is an external predicate (the test placeholders `Foo`, `Bar`, `A`, `B`
    /// atomic ones), and `IsValidSignature(message, signer, signature)` is the old 3-argument
    /// form. Each use is a warning.
    pub compat: bool,
}

/// The placeholder atomic predicates of the old compiler's test cases.
const PLACEHOLDER_ATOMICS: &[&str] = &["Foo", "Bar", "A", "B"];

/// Resolves every module of `modules`.
pub fn resolve(modules: &Modules, options: Options) -> (Program, Sink) {
    let mut resolver = Resolver {
        modules,
        options,
        program: Program::default(),
        diagnostics: Sink::default(),
        scopes: Vec::new(),
        def_modules: Vec::new(),
        synthetic: HashMap::default(),
        failed_imports: vec![Vec::new(); modules.modules.len()],
    };
    resolver.declare_all();
    let decls: Vec<(DefId, ModuleId, &ast::Decl)> = resolver.declarations();
    for (id, module, decl) in &decls {
        resolver.signature(*id, *module, decl);
    }
    // Scopes need the definitions' kinds (imports make `@library` definitions visible).
    for module in 0..modules.modules.len() {
        let scope = resolver.module_scope(ModuleId(module as u32));
        resolver.scopes.push(scope);
    }
    for (id, module, decl) in &decls {
        if resolver.diagnostics.is_full() {
            // Enough to report: the program will not be compiled, so stop doing work.
            return (resolver.program, resolver.diagnostics);
        }
        resolver.body(*id, *module, decl);
    }
    resolver.check_recursion();
    (resolver.program, resolver.diagnostics)
}

struct Resolver<'m> {
    modules: &'m Modules,
    options: Options,
    program: Program,
    diagnostics: Sink,
    /// Per module: the predicates visible in it, by name.
    scopes: Vec<HashMap<CompactString, DefId>>,
    /// Per definition: its module (definitions made by `--compat` have none).
    def_modules: Vec<Option<ModuleId>>,
    /// `--compat` externals, by name.
    synthetic: HashMap<CompactString, DefId>,
    /// Per module: names whose import failed (already reported; their uses are not).
    failed_imports: Vec<Vec<CompactString>>,
}

/// A name bound inside a definition.
#[derive(Clone, Copy)]
enum Local {
    Param(u32),
    Bound(BinderId),
}

/// The state of resolving one definition's body.
struct Body<'a> {
    file: FileId,
    def_name: &'a str,
    params: &'a [ast::Param],
    locals: Vec<(CompactString, Local)>,
    binders: Vec<Binder>,
    calls: Vec<(DefId, Span)>,
}

impl Body<'_> {
    fn lookup(&self, name: &str) -> Option<Local> {
        self.locals.iter().rev().find(|(n, _)| n == name).map(|(_, l)| *l)
    }

    fn local_names(&self) -> impl Iterator<Item = &str> {
        self.locals.iter().map(|(n, _)| n.as_str())
    }
}

impl<'m> Resolver<'m> {
    /// Every declaration of every module, with the id it gets.
    fn declarations(&self) -> Vec<(DefId, ModuleId, &'m ast::Decl)> {
        let mut out = Vec::new();
        let mut next = 0;
        for (m, module) in self.modules.modules.iter().enumerate() {
            for decl in &module.tree.decls {
                out.push((DefId(next), ModuleId(m as u32), decl));
                next += 1;
            }
        }
        out
    }

    /// Creates a placeholder definition for every declaration, so that calls can refer to
    /// definitions not yet resolved.
    fn declare_all(&mut self) {
        for (m, module) in self.modules.modules.iter().enumerate() {
            for decl in &module.tree.decls {
                self.program.defs.push(Def {
                    name: decl.name.name.clone(),
                    file: module.file,
                    name_span: decl.name.span,
                    doc: decl.doc.clone(),
                    kind: DefKind::Compiled,
                    hint: None,
                    params: Vec::new(),
                    binders: Vec::new(),
                    body: None,
                    calls: Vec::new(),
                });
                self.def_modules.push(Some(ModuleId(m as u32)));
                if m == 0 {
                    self.program.roots.push(DefId(self.program.defs.len() as u32 - 1));
                }
            }
        }
    }

    fn defs_of(&self, module: ModuleId) -> impl Iterator<Item = DefId> + '_ {
        self.def_modules
            .iter()
            .enumerate()
            .filter(move |(_, m)| **m == Some(module))
            .map(|(i, _)| DefId(i as u32))
    }

    /// The predicates visible in `module`: the prelude's, then its imports, then its own
    /// (which shadow the prelude's; an import that clashes with an own definition is an error).
    fn module_scope(&mut self, module: ModuleId) -> HashMap<CompactString, DefId> {
        let mut scope: HashMap<CompactString, DefId> = HashMap::default();
        if module != Modules::PRELUDE {
            for id in self.defs_of(Modules::PRELUDE).collect::<Vec<_>>() {
                scope.insert(self.program.def(id).name.clone(), id);
            }
        }
        let m = self.modules.get(module);
        let mut imported: HashMap<CompactString, Span> = HashMap::default();
        // The original convention: importing `lib/X.ovm` makes its `@library` definitions
        // visible too. Names imported explicitly take precedence.
        for target in m.imports.iter().flatten().flatten().filter(|t| t.per_definition) {
            for id in self.defs_of(target.module).collect::<Vec<_>>() {
                let def = self.program.def(id);
                if def.kind == DefKind::Library {
                    scope.entry(def.name.clone()).or_insert(id);
                }
            }
        }
        for (import, targets) in m.tree.imports.iter().zip(&m.imports) {
            for (name, target) in import.names.iter().zip(targets) {
                let Some(ImportTarget { module: target, .. }) = *target else {
                    self.failed_imports[module.0 as usize].push(name.name.clone());
                    continue;
                };
                let found = self
                    .defs_of(target)
                    .find(|id| self.program.def(*id).name == name.name);
                match found {
                    Some(id) => {
                        scope.insert(name.name.clone(), id);
                        imported.insert(name.name.clone(), name.span);
                    }
                    None => {
                        self.failed_imports[module.0 as usize].push(name.name.clone());
                        let names: Vec<CompactString> = self
                            .defs_of(target)
                            .map(|id| self.program.def(id).name.clone())
                            .collect();
                        let mut diagnostic = Diagnostic::new(
                            Code::UnknownImport,
                            m.file,
                            name.span,
                            format!("`{}` is not defined in the imported module", name.name),
                        )
                        .with_label("no definition of this name there");
                        if let Some(s) = suggest::closest(&name.name, names.iter().map(|n| n.as_str())) {
                            diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
                        }
                        self.diagnostics.push(diagnostic);
                    }
                }
            }
        }
        let mut own: HashMap<CompactString, DefId> = HashMap::default();
        for id in self.defs_of(module).collect::<Vec<_>>() {
            let def = self.program.def(id);
            let (name, span) = (def.name.clone(), def.name_span);
            if let Some(first) = own.get(&name) {
                let first_span = self.program.def(*first).name_span;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateDefinition,
                        m.file,
                        span,
                        format!("`{name}` is defined twice"),
                    )
                    .with_label("defined again here")
                    .with_secondary(m.file, first_span, "first defined here")
                    .with_help("rename one of the definitions"),
                );
                continue;
            }
            if let Some(import_span) = imported.get(&name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateDefinition,
                        m.file,
                        span,
                        format!("`{name}` is both imported and defined here"),
                    )
                    .with_label("defined here")
                    .with_secondary(m.file, *import_span, "imported here")
                    .with_help("remove the import or rename the definition"),
                );
            }
            own.insert(name.clone(), id);
            scope.insert(name, id);
        }
        scope
    }

    /// Resolves what callers need: kind, parameters and hint.
    fn signature(&mut self, id: DefId, module: ModuleId, decl: &ast::Decl) {
        let file = self.modules.get(module).file;
        let mut kind = DefKind::Compiled;
        let mut quantifier: Option<&ast::StringLit> = None;
        let mut is_quantifier = false;
        for annotation in &decl.annotations {
            let name = annotation.name.name.as_str();
            let expected_args = match name {
                "library" => {
                    kind = DefKind::Library;
                    0
                }
                "atomic" => {
                    kind = DefKind::Atomic;
                    0
                }
                "external" => {
                    kind = DefKind::External;
                    0
                }
                "quantifier" => {
                    is_quantifier = true;
                    quantifier = annotation.args.first();
                    1
                }
                _ => {
                    let known = ["library", "quantifier", "atomic", "external"];
                    let mut diagnostic = Diagnostic::new(
                        Code::InvalidAnnotation,
                        file,
                        annotation.span,
                        format!("unknown annotation `@{name}`"),
                    )
                    .with_label("not an annotation the compiler knows")
                    .with_note(
                        "the annotations are `@library`, `@quantifier(\"hint\")`, `@atomic` and `@external`",
                    );
                    if let Some(s) = suggest::closest(name, known) {
                        diagnostic = diagnostic.with_help(format!("did you mean `@{s}`?"));
                    }
                    self.diagnostics.push(diagnostic);
                    continue;
                }
            };
            if annotation.args.len() != expected_args {
                let message = if expected_args == 0 {
                    format!("`@{name}` takes no argument")
                } else {
                    format!("`@{name}` takes one string: the hint")
                };
                self.diagnostics.push(
                    Diagnostic::new(Code::InvalidAnnotation, file, annotation.span, message)
                        .with_label(format!("{} given", annotation.args.len()))
                        .with_help("write `@quantifier(\"bucket,KIND,${param}\")`"),
                );
            }
        }
        let bodiless = matches!(kind, DefKind::Atomic | DefKind::External);
        match (&decl.body, bodiless) {
            (Some(body), true) => self.diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedBody,
                    file,
                    body.span,
                    format!(
                        "`{}` is declared `@{}` but has a body",
                        decl.name.name,
                        if kind == DefKind::Atomic { "atomic" } else { "external" }
                    ),
                )
                .with_label("a predicate defined elsewhere has no body here")
                .with_help("remove the body, or the annotation"),
            ),
            (None, false) => self.diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedBody,
                    file,
                    decl.name.span,
                    format!("`{}` has no body", decl.name.name),
                )
                .with_label("expected `:= formula` after the parameters")
                .with_help(
                    "write its formula after `:=`, or mark it `@external` if it is a predicate deployed elsewhere",
                ),
            ),
            _ => {}
        }
        if is_quantifier && decl.params.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidAnnotation,
                    file,
                    decl.name.span,
                    format!("quantifier `{}` has no parameter to bind", decl.name.name),
                )
                .with_label("a `@quantifier` definition's first parameter is the quantified variable")
                .with_help(format!("write `def {}(element, …)`", decl.name.name)),
            );
        }

        let params = self.params(file, decl);
        let hint = match quantifier {
            Some(lit) if !decl.params.is_empty() => self.hint(file, lit, &decl.params),
            _ => None,
        };
        let def = &mut self.program.defs[id.0 as usize];
        def.kind = kind;
        def.hint = hint;
        def.params = params;
    }

    /// Resolves the body, once every definition's signature is known.
    fn body(&mut self, id: DefId, module: ModuleId, decl: &ast::Decl) {
        let file = self.modules.get(module).file;
        let bodiless = matches!(self.program.def(id).kind, DefKind::Atomic | DefKind::External);
        let mut body = Body {
            file,
            def_name: &decl.name.name,
            params: &decl.params,
            locals: decl
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.name.clone(), Local::Param(i as u32)))
                .collect(),
            binders: Vec::new(),
            calls: Vec::new(),
        };
        let formula = decl
            .body
            .as_ref()
            .filter(|_| !bodiless)
            .map(|b| self.formula(module, &mut body, b));
        let def = &mut self.program.defs[id.0 as usize];
        def.binders = body.binders;
        def.calls = body.calls;
        def.body = formula;
    }

    fn params(&mut self, file: FileId, decl: &ast::Decl) -> Vec<Param> {
        let mut params = Vec::with_capacity(decl.params.len());
        for (i, param) in decl.params.iter().enumerate() {
            let earlier = decl.params[..i].iter().find(|p| p.name.name == param.name.name);
            if let Some(first) = earlier.map(|p| p.name.span) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateParameter,
                        file,
                        param.name.span,
                        format!("parameter `{}` is declared twice", param.name.name),
                    )
                    .with_label("declared again here")
                    .with_secondary(file, first, "first declared here"),
                );
            }
            let declared = param.ty.as_ref().and_then(|ty| {
                let found = Type::from_name(&ty.name);
                if found.is_none() {
                    let names = Type::ALL.map(Type::name);
                    let mut diagnostic = Diagnostic::new(
                        Code::UnknownType,
                        file,
                        ty.span,
                        format!("unknown type `{}`", ty.name),
                    )
                    .with_label("not a type")
                    .with_note(format!("the types are `{}`", names.join("`, `")));
                    if let Some(s) = suggest::closest(&ty.name, names) {
                        diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
                    }
                    self.diagnostics.push(diagnostic);
                }
                found
            });
            params.push(Param {
                name: param.name.name.clone(),
                span: param.span,
                declared,
            });
        }
        params
    }

    /// Parses a hint template: text with `${param}`, `${param.0}`, `${$constant}` and
    /// `${zero}` placeholders naming this definition's parameters.
    fn hint(&mut self, file: FileId, literal: &ast::StringLit, params: &[ast::Param]) -> Option<Hint> {
        let text = &literal.value;
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        let mut offset = 0;
        let mut ok = true;
        while let Some(start) = rest.find("${") {
            if start > 0 {
                parts.push(HintPart::Text(rest[..start].into()));
            }
            let inner_start = start + 2;
            let Some(len) = rest[inner_start..].find('}') else {
                let at = literal.span.start as usize + 1 + offset + start;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidHint,
                        file,
                        Span::new(at, literal.span.end as usize - 1),
                        "unclosed `${` in hint",
                    )
                    .with_label("this placeholder has no closing `}`"),
                );
                return None;
            };
            let inner = &rest[inner_start..inner_start + len];
            let at = literal.span.start as usize + 1 + offset + start;
            let span = Span::new(at, (at + len + 3).min(literal.span.end as usize));
            match self.hint_value(file, inner, span, params) {
                Some(value) => parts.push(HintPart::Value(value)),
                None => ok = false,
            }
            let consumed = inner_start + len + 1;
            offset += consumed;
            rest = &rest[consumed..];
        }
        if !rest.is_empty() {
            parts.push(HintPart::Text(rest.into()));
        }
        ok.then_some(Hint {
            parts,
            span: literal.span,
        })
    }

    fn hint_value(&mut self, file: FileId, inner: &str, span: Span, params: &[ast::Param]) -> Option<Value> {
        let mut pieces = inner.split('.');
        let head = pieces.next().unwrap_or_default();
        let mut children = ChildPath::new();
        for piece in pieces {
            match piece {
                "address" => children.push(ChildKind::Address),
                _ => match piece.parse::<u32>() {
                    Ok(i) => children.push(ChildKind::Index(i)),
                    Err(_) => {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidHint,
                                file,
                                span,
                                format!("`.{piece}` is not a child access"),
                            )
                            .with_label("expected `.N` or `.address`"),
                        );
                        return None;
                    }
                },
            }
        }
        let root = if let Some(constant) = head.strip_prefix('$') {
            Root::Constant(constant.into())
        } else if let Some(i) = params.iter().position(|p| p.name.name == head) {
            Root::Param(i as u32)
        } else if head == "zero" {
            Root::Integer("0".into())
        } else {
            let names: Vec<&str> = params.iter().map(|p| p.name.name.as_str()).collect();
            let mut diagnostic = Diagnostic::new(
                Code::InvalidHint,
                file,
                span,
                format!("hint placeholder `${{{inner}}}` names no parameter"),
            )
            .with_label("not a parameter of this quantifier")
            .with_note(format!(
                "a placeholder names a parameter (`{}`), a child of one (`${{p.0}}`), a constant (`${{$name}}`) or `${{zero}}`",
                names.join("`, `")
            ));
            if let Some(s) = suggest::closest(head, names) {
                diagnostic = diagnostic.with_help(format!("did you mean `${{{s}}}`?"));
            }
            self.diagnostics.push(diagnostic);
            return None;
        };
        if !children.is_empty() && !matches!(root, Root::Param(_) | Root::Constant(_)) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidHint,
                    file,
                    span,
                    format!("`${{{inner}}}` takes a child of a number"),
                )
                .with_label("`${zero}` is the number 0, which has no children"),
            );
            return None;
        }
        Some(Value { root, children, span })
    }

    fn formula(&mut self, module: ModuleId, body: &mut Body<'_>, expr: &ast::Expr) -> Formula {
        match &expr.kind {
            ast::ExprKind::And(operands) => {
                Formula::And(operands.iter().map(|e| self.formula(module, body, e)).collect())
            }
            ast::ExprKind::Or(operands) => {
                Formula::Or(operands.iter().map(|e| self.formula(module, body, e)).collect())
            }
            ast::ExprKind::Not(_, operand) => Formula::Not(Box::new(self.formula(module, body, operand))),
            ast::ExprKind::Implies(lhs, rhs) => Formula::Implies(
                Box::new(self.formula(module, body, lhs)),
                Box::new(self.formula(module, body, rhs)),
            ),
            ast::ExprKind::Paren(inner) => self.formula(module, body, inner),
            ast::ExprKind::Quantified(q) => self.quantified(module, body, q, expr.span),
            ast::ExprKind::Call(call) => self.call(module, body, call).map_or(TRUE, Formula::Call),
            // The parser reported the error; the node stands for nothing.
            ast::ExprKind::Error => TRUE,
        }
    }

    fn quantified(
        &mut self,
        module: ModuleId,
        body: &mut Body<'_>,
        q: &ast::Quantified,
        span: Span,
    ) -> Formula {
        let file = body.file;
        let domain = match self.predicate(module, body, &q.domain.callee) {
            Some(id) => {
                body.calls.push((id, q.domain.callee.span));
                self.fix_synthetic_arity(id, q.domain.args.len() + 1);
                let def = self.program.def(id);
                let expected = def.params.len().saturating_sub(1);
                if def.params.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::ArityMismatch,
                            file,
                            q.domain.callee.span,
                            format!("`{}` has no parameter to quantify over", def.name),
                        )
                        .with_label("used as a quantifier domain")
                        .with_secondary(
                            def.file,
                            def.name_span,
                            "declared without parameters here",
                        ),
                    );
                    None
                } else if q.domain.args.len() != expected && !self.is_synthetic(id) {
                    self.diagnostics
                        .push(self.arity_error(file, &q.domain, id, expected, true));
                    None
                } else {
                    self.args(body, &q.domain.args).map(|args| Call {
                        callee: Callee::Def(id),
                        args,
                        callee_span: q.domain.callee.span,
                        span: q.domain.span,
                    })
                }
            }
            None => None,
        };
        let binder = BinderId(body.binders.len() as u32);
        let (name, binder_span) = match &q.variable {
            Some(v) => (Some(v.name.clone()), v.span),
            None => (None, q.domain.span),
        };
        if let Some(name) = &name
            && let Some(param) = body.params.iter().find(|p| p.name.name == *name)
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::ShadowedParameter,
                    file,
                    binder_span,
                    format!("bound variable `{name}` shadows a parameter"),
                )
                .with_label("inside this quantifier, the name means the bound variable")
                .with_secondary(file, param.name.span, "the parameter it hides")
                .with_help("rename the bound variable")
                .with_note("the old compiler resolved such a name to the parameter instead"),
            );
        }
        body.binders.push(Binder {
            name: name.clone(),
            span: binder_span,
        });
        let formula_body = q.body.as_ref().map(|b| {
            if let Some(name) = &name {
                body.locals.push((name.clone(), Local::Bound(binder)));
            }
            let formula = self.formula(module, body, b);
            if name.is_some() {
                body.locals.pop();
            }
            formula
        });
        match domain {
            Some(domain) => Formula::Quantified(Box::new(Quantified {
                kind: q.kind,
                binder,
                domain,
                body: formula_body,
                span,
            })),
            None => TRUE,
        }
    }

    /// A `--compat` external takes the number of arguments of its first use.
    fn fix_synthetic_arity(&mut self, id: DefId, arity: usize) {
        if !self.is_synthetic(id) {
            return;
        }
        let def = &mut self.program.defs[id.0 as usize];
        if def.params.is_empty() {
            def.params = (0..arity)
                .map(|i| Param {
                    name: format!("arg{i}").into(),
                    span: def.name_span,
                    declared: None,
                })
                .collect();
        }
    }

    fn is_synthetic(&self, id: DefId) -> bool {
        self.def_modules.get(id.0 as usize).is_some_and(Option::is_none)
    }

    fn arity_error(
        &self,
        file: FileId,
        call: &ast::Call,
        id: DefId,
        expected: usize,
        domain: bool,
    ) -> Diagnostic {
        let def = self.program.def(id);
        let given = call.args.len();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut diagnostic = Diagnostic::new(
            Code::ArityMismatch,
            file,
            call.span,
            format!(
                "`{}` takes {expected} argument{} but {given} {} given",
                def.name,
                plural(expected),
                if given == 1 { "was" } else { "were" }
            ),
        )
        .with_label(format!("{given} argument{} here", plural(given)))
        .with_secondary(
            def.file,
            def.name_span,
            format!("`{}` is declared here", def.name),
        );
        if domain {
            diagnostic = diagnostic.with_note(
                "as a quantifier domain, a predicate is given all its arguments but the first, which is the bound variable",
            );
        }
        diagnostic
    }

    /// Resolves the name of a called predicate (not a variable).
    fn predicate(&mut self, module: ModuleId, body: &Body<'_>, name: &ast::Ident) -> Option<DefId> {
        if let Some(&id) = self.scopes[module.0 as usize].get(&name.name) {
            return Some(id);
        }
        if self.failed_imports[module.0 as usize].contains(&name.name) {
            return None;
        }
        if let Some(local) = body.lookup(&name.name) {
            let what = match local {
                Local::Param(_) => "a parameter",
                Local::Bound(_) => "a bound variable",
            };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownPredicate,
                    body.file,
                    name.span,
                    format!("`{}` is {what}, not a predicate", name.name),
                )
                .with_label("a quantifier domain must be a predicate")
                .with_note(
                    "a variable holding a property can be called (`x()`), but it has no hint to enumerate",
                ),
            );
            return None;
        }
        if self.options.compat && name.name.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Some(self.synthetic_external(body.file, name));
        }
        let scope = &self.scopes[module.0 as usize];
        let mut diagnostic = Diagnostic::new(
            Code::UnknownPredicate,
            body.file,
            name.span,
            format!("unknown predicate `{}`", name.name),
        )
        .with_label("not defined, imported or in the prelude");
        let candidates = scope.keys().map(|k| k.as_str());
        let suggestion = if self.diagnostics.is_full() {
            None
        } else {
            suggest::closest(&name.name, candidates)
        };
        if let Some(s) = suggestion {
            diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
        } else {
            diagnostic = diagnostic.with_help(format!(
                "define it, import it (`from lib import {0}`), or declare a predicate deployed elsewhere with `@external def {0}(…)`",
                name.name
            ));
        }
        self.diagnostics.push(diagnostic);
        None
    }

    /// Under `--compat`, an unknown capitalised name is an external predicate (or, for the
    /// old test placeholders, an atomic one) whose arity is fixed by its first use.
    fn synthetic_external(&mut self, file: FileId, name: &ast::Ident) -> DefId {
        let placeholder = PLACEHOLDER_ATOMICS.contains(&name.name.as_str());
        let (code, what) = if placeholder {
            (
                Code::CompatPlaceholder,
                "a placeholder atomic predicate of the old test cases",
            )
        } else {
            (Code::CompatExternal, "an external predicate")
        };
        self.diagnostics.push(
            Diagnostic::new(
                code,
                file,
                name.span,
                format!("`{}` is not declared: taken as {what}", name.name),
            )
            .with_label("accepted because of `--compat`")
            .with_help(if placeholder {
                format!("declare it: `@atomic def {}(…)`", name.name)
            } else {
                format!("declare it: `@external def {}(…)`", name.name)
            }),
        );
        if let Some(&id) = self.synthetic.get(&name.name) {
            return id;
        }
        let id = DefId(self.program.defs.len() as u32);
        self.program.defs.push(Def {
            name: name.name.clone(),
            file,
            name_span: name.span,
            doc: Vec::new(),
            kind: if placeholder {
                DefKind::Atomic
            } else {
                DefKind::External
            },
            hint: None,
            params: Vec::new(),
            binders: Vec::new(),
            body: None,
            calls: Vec::new(),
        });
        self.def_modules.push(None);
        self.synthetic.insert(name.name.clone(), id);
        id
    }

    fn call(&mut self, module: ModuleId, body: &mut Body<'_>, call: &ast::Call) -> Option<Call> {
        let file = body.file;
        if let Some(local) = body.lookup(&call.callee.name) {
            let args = self.args(body, &call.args)?;
            return Some(Call {
                callee: Callee::Variable(Box::new(Value {
                    root: local_root(local),
                    children: ChildPath::new(),
                    span: call.callee.span,
                })),
                args,
                callee_span: call.callee.span,
                span: call.span,
            });
        }
        let id = self.predicate(module, body, &call.callee)?;
        body.calls.push((id, call.callee.span));
        let mut args = self.args(body, &call.args)?;
        self.fix_synthetic_arity(id, args.len());
        let expected = self.program.def(id).params.len();
        if args.len() != expected {
            let legacy_signature = self.options.compat
                && self.program.def(id).name == "IsValidSignature"
                && self.def_modules[id.0 as usize] == Some(Modules::PRELUDE)
                && args.len() == 3;
            if legacy_signature {
                // The old form `IsValidSignature(message, signer, signature)`.
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::CompatSignature,
                        file,
                        call.span,
                        "the old 3-argument `IsValidSignature(message, signer, signature)`",
                    )
                    .with_label("read as `IsValidSignature(message, signature, signer, $secp256k1)`")
                    .with_help("write the 4-argument form, with the verifier type last"),
                );
                let signature = args.remove(2);
                args.insert(1, signature);
                args.push(Value {
                    root: Root::Constant("secp256k1".into()),
                    children: ChildPath::new(),
                    span: call.span,
                });
            } else {
                self.diagnostics
                    .push(self.arity_error(file, call, id, expected, false));
                return None;
            }
        }
        Some(Call {
            callee: Callee::Def(id),
            args,
            callee_span: call.callee.span,
            span: call.span,
        })
    }

    /// Resolves every argument (reporting each bad one); the values if all resolved.
    fn args(&mut self, body: &Body<'_>, args: &[ast::Arg]) -> Option<Vec<Value>> {
        let mut values = Vec::with_capacity(args.len());
        let mut resolved = true;
        for arg in args {
            match self.value(body, arg) {
                Some(value) => values.push(value),
                None => resolved = false,
            }
        }
        resolved.then_some(values)
    }

    fn value(&mut self, body: &Body<'_>, arg: &ast::Arg) -> Option<Value> {
        let (root, children) = match &arg.kind {
            ast::ArgKind::Integer(text) => (Root::Integer(text.clone()), ChildPath::new()),
            ast::ArgKind::Hex(text) => (Root::Hex(text.clone()), ChildPath::new()),
            ast::ArgKind::String(text) => (Root::String(text.clone()), ChildPath::new()),
            ast::ArgKind::Path(path) => {
                let children: ChildPath = path.children.iter().map(|c| c.kind).collect();
                match &path.root {
                    ast::PathRoot::Constant(name) => (Root::Constant(name.name.clone()), children),
                    ast::PathRoot::SelfValue { span } => {
                        if children.first() != Some(&ChildKind::Address) {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::InvalidSelf,
                                    body.file,
                                    *span,
                                    "`self` on its own is not a value",
                                )
                                .with_label("expected `self.address`")
                                .with_note("`self.address` is the address of the predicate being decided"),
                            );
                            return None;
                        }
                        (Root::SelfAddress, ChildPath::from_slice(&children[1..]))
                    }
                    ast::PathRoot::Name(name) => match body.lookup(&name.name) {
                        Some(local) => (local_root(local), children),
                        None => {
                            self.diagnostics.push(self.free_variable(body, name));
                            return None;
                        }
                    },
                }
            }
        };
        Some(Value {
            root,
            children,
            span: arg.span,
        })
    }

    fn free_variable(&self, body: &Body<'_>, name: &ast::Ident) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(
            Code::UnboundVariable,
            body.file,
            name.span,
            format!("`{}` is not bound", name.name),
        )
        .with_label("neither a parameter nor a bound variable in scope here");
        if let Some(s) = suggest::closest(&name.name, body.local_names()) {
            return diagnostic.with_help(format!("did you mean `{s}`?"));
        }
        // The suggested signature keeps the parameters as written, types included.
        let params: Vec<String> = body
            .params
            .iter()
            .map(print::param)
            .chain([name.name.to_string()])
            .collect();
        diagnostic = diagnostic.with_help(format!(
            "add it as a parameter, `def {}({})`, or bind it with a quantifier",
            body.def_name,
            params.join(", ")
        ));
        diagnostic.with_note("the old compiler silently turned a free variable into an unbound placeholder")
    }

    /// Reports each cycle of calls among definitions with bodies, once.
    fn check_recursion(&mut self) {
        let count = self.program.defs.len();
        let edges: Vec<&[(DefId, Span)]> = self.program.defs.iter().map(|d| d.calls.as_slice()).collect();
        // 0 = unvisited, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; count];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for start in 0..count {
            if state[start] != 0 {
                continue;
            }
            stack.push((start, 0));
            state[start] = 1;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&(callee, span)) = edges[node].get(*next) {
                    *next += 1;
                    let c = callee.0 as usize;
                    match state[c] {
                        0 => {
                            state[c] = 1;
                            stack.push((c, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|(n, _)| *n == c).expect("on the stack");
                            let cycle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                            self.diagnostics.push(self.cycle_error(&cycle, span));
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
    }

    fn cycle_error(&self, cycle: &[usize], closing_call: Span) -> Diagnostic {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&i| self.program.defs[i].name.as_str())
            .collect();
        let last = &self.program.defs[*cycle.last().expect("a cycle has a definition")];
        let first = &self.program.defs[cycle[0]];
        let path = names
            .iter()
            .chain([&names[0]])
            .copied()
            .collect::<Vec<_>>()
            .join(" → ");
        let mut diagnostic = Diagnostic::new(
            Code::RecursiveDefinition,
            last.file,
            closing_call,
            format!("recursive definition: {path}"),
        )
        .with_label("this call closes the cycle");
        if cycle.len() > 1 {
            diagnostic = diagnostic.with_secondary(
                first.file,
                first.name_span,
                format!("`{}` is defined here", first.name),
            );
        }
        diagnostic.with_note(
            "a property must be decidable by unfolding it a finite number of times, so definitions cannot call themselves",
        )
    }
}

/// The formula that always holds: stands in for a part that failed to resolve (after its
/// error was reported, so the program goes no further).
const TRUE: Formula = Formula::And(Vec::new());

fn local_root(local: Local) -> Root {
    match local {
        Local::Param(i) => Root::Param(i),
        Local::Bound(b) => Root::Bound(b),
    }
}
