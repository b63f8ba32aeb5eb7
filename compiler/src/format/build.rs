//! From the syntax tree to a [`Doc`]: the tree decides where the line breaks and spaces go;
//! the text of every token, and the comments attached to it, come from the source.

use super::FormatError;
use super::doc::Doc;
use super::tokens::{Attached, CodeToken};
use crate::syntax::ast::*;
use crate::syntax::token::Token;
use std::mem::discriminant;

/// How the first token of a top-level item (or the end of the file) is separated from what
/// comes before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Separation {
    /// Nothing: it starts the file.
    Start,
    /// A line break, and a blank line if the source has one there.
    Preserve,
    /// A blank line.
    Blank,
}

/// Walks the tree and the source's tokens together.
pub(super) struct Builder<'src> {
    source: &'src str,
    tokens: Vec<CodeToken<'src>>,
    /// The next token to write.
    pos: usize,
    /// The first disagreement between the tree and the tokens (a formatter bug).
    error: Option<String>,
}

impl<'src> Builder<'src> {
    /// A builder over `tokens`, the code tokens of `source` with their comments.
    pub(super) fn new(source: &'src str, tokens: Vec<CodeToken<'src>>) -> Builder<'src> {
        Builder {
            source,
            tokens,
            pos: 0,
            error: None,
        }
    }

    /// Fails if the tree and the tokens disagreed, or some token was not written.
    pub(super) fn finish(self) -> Result<(), FormatError> {
        if let Some(error) = self.error {
            return Err(FormatError::Internal(error));
        }
        if self.pos + 1 != self.tokens.len() {
            return Err(FormatError::Internal(format!(
                "token at byte {} was not written",
                self.tokens[self.pos].range.start
            )));
        }
        Ok(())
    }

    /// The whole file: imports, then definitions, then the comments at its end.
    pub(super) fn file(&mut self, tree: &SourceFile) -> Doc {
        let mut docs = Vec::new();
        // Before the first item, nothing; then the blank lines of the source between imports,
        // and one blank line before each definition.
        let mut separation = Separation::Start;
        for import in &tree.imports {
            docs.push(self.import(import, separation));
            separation = Separation::Preserve;
        }
        for decl in &tree.decls {
            let before = match separation {
                Separation::Start => Separation::Start,
                _ => Separation::Blank,
            };
            docs.push(self.decl(decl, before));
            separation = Separation::Preserve;
        }
        docs.push(self.top_token(None, separation));
        Doc::Seq(docs)
    }

    // ------------------------------------------------------------ tokens and comments

    /// Checks that the next token is what the tree says; records the first disagreement.
    fn expect(&mut self, ok: impl Fn(&Token<'_>) -> bool, what: &str) -> bool {
        if self.error.is_some() {
            return false;
        }
        match self.tokens.get(self.pos) {
            Some(CodeToken {
                token: Some(token), ..
            }) if ok(token) => true,
            found => {
                let found = found.map_or("nothing".to_string(), |t| {
                    format!("{:?} at byte {}", t.token.map(|t| t.to_string()), t.range.start)
                });
                self.error = Some(format!("expected {what}, found {found}"));
                false
            }
        }
    }

    /// The next token, which must be of the same kind as `expected`, with its comments.
    fn token(&mut self, expected: Token<'_>) -> Doc {
        if !self.expect(
            |t| discriminant(t) == discriminant(&expected),
            &expected.to_string(),
        ) {
            return Doc::Seq(Vec::new());
        }
        self.write_token()
    }

    /// The next token, which must be a name.
    fn name(&mut self) -> Doc {
        let is_name = |t: &Token<'_>| matches!(t, Token::Ident(_) | Token::All | Token::Any | Token::Address);
        if !self.expect(is_name, "a name") {
            return Doc::Seq(Vec::new());
        }
        self.write_token()
    }

    /// The token at `pos`: its leading comments, its text and its trailing comments.
    fn write_token(&mut self) -> Doc {
        let token = &mut self.tokens[self.pos];
        let mut docs = Vec::new();
        for comment in std::mem::take(&mut token.leading) {
            if comment.newline_before {
                docs.push(Doc::EnsureLineStart);
            }
            let newline_after = comment.newline_after;
            docs.push(comment_doc(comment));
            docs.push(if newline_after { Doc::Hard } else { Doc::Space });
        }
        let kind = token.token;
        if matches!(kind, Some(Token::RParen | Token::Comma)) {
            docs.push(Doc::NoSpace);
        }
        docs.push(Doc::Text(self.source[token.range.clone()].to_string()));
        docs.extend(trailing_docs(
            std::mem::take(&mut token.trailing),
            kind == Some(Token::LParen),
        ));
        self.pos += 1;
        Doc::Seq(docs)
    }

    /// The first token of a top-level item (or the end of the file, `expected` `None`), at
    /// the start of a line, separated from what comes before it by `separation`; its leading
    /// comments keep their lines and (at most one) blank line between them.
    fn top_token(&mut self, expected: Option<Token<'_>>, separation: Separation) -> Doc {
        let ok = match expected {
            Some(expected) => self.expect(
                |t| discriminant(t) == discriminant(&expected),
                &expected.to_string(),
            ),
            None => self.error.is_none() && self.tokens.get(self.pos).is_some_and(|t| t.token.is_none()),
        };
        if !ok {
            if self.error.is_none() {
                self.error = Some("expected the end of the file".to_string());
            }
            return Doc::Seq(Vec::new());
        }
        let token = &mut self.tokens[self.pos];
        let mut docs = Vec::new();
        let mut first = true;
        let mut separate = |docs: &mut Vec<Doc>, newline: bool, blank: bool| {
            if std::mem::take(&mut first) {
                match separation {
                    Separation::Start => {}
                    Separation::Preserve => {
                        docs.push(Doc::Hard);
                        if blank {
                            docs.push(Doc::Hard);
                        }
                    }
                    Separation::Blank => docs.extend([Doc::Hard, Doc::Hard]),
                }
            } else if newline {
                docs.push(Doc::Hard);
                if blank {
                    docs.push(Doc::Hard);
                }
            } else {
                docs.push(Doc::Space);
            }
        };
        for comment in std::mem::take(&mut token.leading) {
            separate(&mut docs, comment.newline_before, comment.blank_before);
            docs.push(comment_doc(comment));
        }
        if expected.is_some() {
            separate(&mut docs, token.newline_before, token.blank_before);
            docs.push(Doc::Text(self.source[token.range.clone()].to_string()));
            docs.extend(trailing_docs(std::mem::take(&mut token.trailing), false));
            self.pos += 1;
        }
        Doc::Seq(docs)
    }

    /// Moves the leading comments of the token after the next one (an operand's first token)
    /// to the next one (the connective before the operand): a comment above an operand goes
    /// above the connective, which starts the operand's line when the chain is broken.
    fn hoist(&mut self) {
        let Some(next) = self.tokens.get_mut(self.pos + 1) else {
            return;
        };
        let moved = std::mem::take(&mut next.leading);
        let token = &mut self.tokens[self.pos];
        if let (Some(last), false) = (token.leading.last_mut(), moved.is_empty()) {
            last.newline_after = true;
        }
        token.leading.extend(moved);
    }

    /// `open item, item, … close`, broken after `open` and each comma (each item on its own
    /// line) when it does not fit.
    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T) -> Doc) -> Doc {
        let open = self.token(Token::LParen);
        if items.is_empty() {
            let close = self.token(Token::RParen);
            return Doc::Seq(vec![open, close]);
        }
        let mut inner = vec![Doc::SoftLine];
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                inner.push(self.token(Token::Comma));
                inner.push(Doc::Line);
            }
            inner.push(item(self, it));
        }
        let close = self.token(Token::RParen);
        Doc::Group(vec![open, Doc::Nest(inner), Doc::SoftLine, close])
    }

    // ------------------------------------------------------------ items

    fn import(&mut self, import: &Import, separation: Separation) -> Doc {
        let mut docs = vec![self.top_token(Some(Token::From), separation), Doc::Space];
        for (i, _) in import.path.iter().enumerate() {
            if i > 0 {
                docs.push(self.token(Token::Dot));
            }
            docs.push(self.name());
        }
        docs.extend([Doc::Space, self.token(Token::Import), Doc::Space]);
        for (i, _) in import.names.iter().enumerate() {
            if i > 0 {
                docs.extend([self.token(Token::Comma), Doc::Space]);
            }
            docs.push(self.name());
        }
        Doc::Seq(docs)
    }

    fn decl(&mut self, decl: &Decl, separation: Separation) -> Doc {
        let mut docs = Vec::new();
        let mut separation = Some(separation);
        for annotation in &decl.annotations {
            docs.push(self.first_token(Token::At, &mut separation));
            docs.push(self.name());
            if !annotation.args.is_empty() {
                docs.push(self.list(&annotation.args, |b, _| b.token(Token::Str(""))));
            }
            docs.push(Doc::Hard);
        }
        docs.extend([
            self.first_token(Token::Def, &mut separation),
            Doc::Space,
            self.name(),
        ]);
        docs.push(self.list(&decl.params, |b, param| {
            let mut docs = vec![b.name()];
            if param.ty.is_some() {
                docs.extend([b.token(Token::Colon), Doc::Space, b.name()]);
            }
            Doc::Seq(docs)
        }));
        if let Some(body) = &decl.body {
            docs.extend([Doc::Space, self.token(Token::Define)]);
            let body = self.expr(body);
            docs.push(Doc::Group(vec![Doc::Nest(vec![Doc::Line, body])]));
        }
        Doc::Seq(docs)
    }

    /// The first token of an item if `separation` is still there to be used, else a token.
    fn first_token(&mut self, expected: Token<'_>, separation: &mut Option<Separation>) -> Doc {
        match separation.take() {
            Some(separation) => self.top_token(Some(expected), separation),
            None => self.token(expected),
        }
    }

    // ------------------------------------------------------------ formulas

    fn expr(&mut self, e: &Expr) -> Doc {
        match &e.kind {
            ExprKind::And(operands) => self.chain(&operands.iter().collect::<Vec<_>>(), Token::And),
            ExprKind::Or(operands) => self.chain(&operands.iter().collect::<Vec<_>>(), Token::Or),
            ExprKind::Implies(lhs, rhs) => {
                // `a implies b implies c` is one chain: `implies` is right-associative.
                let mut operands = vec![&**lhs];
                let mut rest = &**rhs;
                while let ExprKind::Implies(lhs, rhs) = &rest.kind {
                    operands.push(lhs);
                    rest = rhs;
                }
                operands.push(rest);
                self.chain(&operands, Token::Implies)
            }
            ExprKind::Not(syntax, operand) => {
                let mut docs = Vec::new();
                match syntax {
                    NotSyntax::Keyword => docs.extend([self.token(Token::Not), Doc::Space]),
                    NotSyntax::Bang => docs.push(self.token(Token::Bang)),
                }
                docs.push(self.expr(operand));
                Doc::Seq(docs)
            }
            ExprKind::Quantified(q) => self.quantified(q),
            ExprKind::Call(call) => self.call(call),
            ExprKind::Paren(inner) => {
                let open = self.token(Token::LParen);
                let inner = self.expr(inner);
                let close = self.token(Token::RParen);
                Doc::Group(vec![
                    open,
                    Doc::Nest(vec![Doc::SoftLine, inner]),
                    Doc::SoftLine,
                    close,
                ])
            }
            ExprKind::Error => {
                if self.error.is_none() {
                    self.error = Some("the tree has an error node".to_string());
                }
                Doc::Seq(Vec::new())
            }
        }
    }

    /// Operands joined by a connective: all on one line, or each on a line of its own with
    /// the connective starting the line.
    fn chain(&mut self, operands: &[&Expr], connective: Token<'_>) -> Doc {
        let mut docs = vec![self.operand(operands[0])];
        for operand in &operands[1..] {
            docs.push(Doc::Line);
            self.hoist();
            docs.extend([self.token(connective), Doc::Space, self.operand(operand)]);
        }
        Doc::Group(docs)
    }

    /// An operand of a chain; one that is itself a chain (of another connective, without
    /// parentheses) has its continuation lines indented.
    fn operand(&mut self, e: &Expr) -> Doc {
        let doc = self.expr(e);
        match e.kind {
            ExprKind::And(_) | ExprKind::Or(_) | ExprKind::Implies(..) => Doc::Nest(vec![doc]),
            _ => doc,
        }
    }

    fn quantified(&mut self, q: &Quantified) -> Doc {
        match q.syntax {
            QuantifierSyntax::Keyword => {
                let keyword = match q.kind {
                    QuantifierKind::ForAll => Token::Forall,
                    QuantifierKind::Exists => Token::Exists,
                };
                let mut docs = vec![
                    self.token(keyword),
                    Doc::Space,
                    self.name(),
                    Doc::Space,
                    self.token(Token::In),
                    Doc::Space,
                    self.call(&q.domain),
                ];
                if let Some(body) = &q.body {
                    docs.push(self.token(Token::Colon));
                    let body = self.expr(body);
                    docs.push(Doc::Group(vec![Doc::Nest(vec![Doc::Line, body])]));
                }
                Doc::Seq(docs)
            }
            QuantifierSyntax::Method => {
                let method = match q.kind {
                    QuantifierKind::ForAll => Token::All,
                    QuantifierKind::Exists => Token::Any,
                };
                let mut docs = vec![
                    self.call(&q.domain),
                    self.token(Token::Dot),
                    self.token(method),
                    self.token(Token::LParen),
                ];
                if let (Some(_), Some(body)) = (&q.variable, &q.body) {
                    docs.extend([self.name(), Doc::Space, self.token(Token::Arrow)]);
                    let body = self.expr(body);
                    docs.extend([Doc::Nest(vec![Doc::Line, body]), Doc::SoftLine]);
                }
                docs.push(self.token(Token::RParen));
                Doc::Group(docs)
            }
        }
    }

    fn call(&mut self, call: &Call) -> Doc {
        let callee = self.name();
        let args = self.list(&call.args, |b, arg| b.arg(arg));
        Doc::Seq(vec![callee, args])
    }

    fn arg(&mut self, arg: &Arg) -> Doc {
        match &arg.kind {
            ArgKind::Path(path) => {
                let mut docs = vec![match path.root {
                    PathRoot::Name(_) => self.name(),
                    PathRoot::SelfValue { .. } => self.token(Token::SelfKw),
                    PathRoot::Constant(_) => self.token(Token::Constant("")),
                }];
                for child in &path.children {
                    docs.push(self.token(Token::Dot));
                    docs.push(match child.kind {
                        ChildKind::Index(_) => self.token(Token::Integer("")),
                        ChildKind::Address => self.token(Token::Address),
                    });
                }
                Doc::Seq(docs)
            }
            ArgKind::Integer(_) => self.token(Token::Integer("")),
            ArgKind::Hex(_) => self.token(Token::Hex("")),
            ArgKind::String(_) => self.token(Token::Str("")),
        }
    }
}

/// The comments after a token on its line: each after a space (but a block comment right
/// after an opening parenthesis), a block comment with a space after it.
fn trailing_docs(comments: Vec<Attached>, after_open_paren: bool) -> Vec<Doc> {
    let mut docs = Vec::new();
    for (i, comment) in comments.into_iter().enumerate() {
        if i > 0 || comment.line || !after_open_paren {
            docs.push(Doc::Space);
        }
        let line = comment.line;
        docs.push(comment_doc(comment));
        if !line {
            docs.push(Doc::Space);
        }
    }
    docs
}

fn comment_doc(comment: Attached) -> Doc {
    Doc::Comment {
        text: comment.text,
        line: comment.line,
    }
}
