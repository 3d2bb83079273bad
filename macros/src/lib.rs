//! The rule macro of `diligence`: every rule is written once, in crepe's syntax with a
//! catalogue id, and this macro derives from that one definition
//!
//! 1. the `crepe!` program itself (unchanged clauses; every derived relation is an
//!    `@output` so that proofs can be read off the final model);
//! 2. a table of clauses (`CLAUSES`: rule id, head relation, the clause's source text, its
//!    body steps and the profile positions it reads);
//! 3. one typed, top-down *matcher* per clause: given a head tuple it enumerates the body
//!    over the final model (using hash indexes on the bound columns), reporting every
//!    matched premise, checked absence, guard and binding to a visitor, and every premise
//!    that fails. `explain` (proof trees) and `why-not` (failed premises) are both visitors.
//!
//! A `macro_rules!` wrapper around `crepe!` does not compile (a hygiene bug in crepe), so
//! this is a procedural macro that parses the program itself and emits `::crepe::crepe!`.
//!
//! Input syntax (crepe's, plus attributes):
//! ```text
//! program! {
//!     /// doc
//!     @input #[cols(incident, degree)] pub struct Rel(pub IncidentId, pub Degree);
//!     #[rule(HARM_1)]
//!     Head(x, y) <- Rel(x, y), (guard), let z = f(x), !Other(z);
//! }
//! ```
//! Variables follow crepe: a lone identifier not bound before is a new variable; any other
//! expression (constants, paths, calls) must use bound variables only.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{
    parenthesized, parse_macro_input, token, Attribute, Expr, ExprLet, Field, Ident, Pat, Result,
    Token, Type, Visibility,
};

struct Program {
    relations: Vec<Relation>,
    rules: Vec<Rule>,
}

struct Relation {
    input: bool,
    attrs: Vec<Attribute>,
    cols: Vec<String>,
    vis: Visibility,
    name: Ident,
    fields: Vec<Field>,
}

struct Rule {
    id: Ident,
    attrs: Vec<Attribute>,
    goal: Atom,
    body: Vec<Clause>,
    text: String,
    /// The sentences of the clause's guards and bindings (`#[guard("holds", "fails")]`), in
    /// body order.
    says: Vec<Says>,
}

/// What a guard or binding says, for a person: when it holds, and when it fails.
struct Says {
    holds: String,
    fails: Option<String>,
    span: Span,
}

struct Atom {
    negate: bool,
    rel: Ident,
    args: Vec<Arg>,
    text: String,
}

enum Arg {
    Ignored,
    Expr(Expr),
}

enum Clause {
    Atom(Atom),
    Guard(Expr, String),
    Let(ExprLet, String),
    For(Pat, Expr, String),
}

/// Token text made readable: `Degree :: of (e)` becomes `Degree::of(e)`.
fn tidy(text: &str) -> String {
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (a, b) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" ,", ","),
        (" . ", "."),
        ("! ", "!"),
        (" ;", ";"),
        ("& &", "&&"),
        ("| |", "||"),
        ("< =", "<="),
        ("> =", ">="),
        ("= =", "=="),
        ("! =", "!="),
        ("<- ", "<-"),
    ] {
        s = s.replace(a, b);
    }
    s.replace("<-", " <- ")
}

fn text_of<T: ToTokens>(t: &T) -> String {
    let tokens = t.to_token_stream();
    let mut spans = tokens.clone().into_iter();
    if let (Some(first), Some(last)) = (spans.next(), tokens.clone().into_iter().last()) {
        if let Some(joined) = first.span().join(last.span()) {
            if let Some(src) = joined.source_text() {
                return src.split_whitespace().collect::<Vec<_>>().join(" ");
            }
        }
    }
    tidy(&tokens.to_string())
}

impl Parse for Program {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut relations = Vec::new();
        let mut rules = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(Attribute::parse_outer)?;
            if input.peek(Token![@]) {
                let _: Token![@] = input.parse()?;
                let kind: Ident = input.parse()?;
                let input_rel = match kind.to_string().as_str() {
                    "input" => true,
                    "output" => false,
                    _ => return Err(syn::Error::new(kind.span(), "expected @input or @output")),
                };
                let mut more = input.call(Attribute::parse_outer)?;
                let mut all = attrs;
                all.append(&mut more);
                relations.push(parse_relation(input, input_rel, all)?);
            } else if input.peek(Token![pub]) || input.peek(Token![struct]) {
                relations.push(parse_relation(input, false, attrs)?);
            } else {
                rules.push(parse_rule(input, attrs)?);
            }
        }
        Ok(Program { relations, rules })
    }
}

fn parse_relation(input: ParseStream, is_input: bool, attrs: Vec<Attribute>) -> Result<Relation> {
    let vis: Visibility = input.parse()?;
    let _: Token![struct] = input.parse()?;
    let name: Ident = input.parse()?;
    let content;
    parenthesized!(content in input);
    let fields: Punctuated<Field, Token![,]> =
        content.parse_terminated(Field::parse_unnamed, Token![,])?;
    let _: Token![;] = input.parse()?;
    let mut cols = Vec::new();
    let mut kept = Vec::new();
    for a in attrs {
        if a.path().is_ident("cols") {
            a.parse_nested_meta(|m| {
                cols.push(
                    m.path
                        .get_ident()
                        .map(|i| i.to_string())
                        .unwrap_or_default(),
                );
                Ok(())
            })?;
        } else {
            kept.push(a);
        }
    }
    let fields: Vec<Field> = fields.into_iter().collect();
    if cols.is_empty() {
        cols = (0..fields.len()).map(|k| format!("c{k}")).collect();
    }
    if cols.len() != fields.len() {
        return Err(syn::Error::new(
            name.span(),
            "#[cols(..)] must name every field",
        ));
    }
    Ok(Relation {
        input: is_input,
        attrs: kept,
        cols,
        vis,
        name,
        fields,
    })
}

fn parse_atom(input: ParseStream) -> Result<Atom> {
    let begin = input.cursor().span();
    let negate = input.peek(Token![!]);
    if negate {
        let _: Token![!] = input.parse()?;
    }
    let rel: Ident = input.parse()?;
    let content;
    let paren: token::Paren = parenthesized!(content in input);
    let args: Punctuated<Arg, Token![,]> = content.parse_terminated(
        |i| {
            if i.peek(Token![_]) {
                let _: Token![_] = i.parse()?;
                Ok(Arg::Ignored)
            } else {
                Ok(Arg::Expr(i.parse()?))
            }
        },
        Token![,],
    )?;
    let text = begin
        .join(paren.span.close())
        .and_then(|s| s.source_text())
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let mut atom = Atom {
        negate,
        rel,
        args: args.into_iter().collect(),
        text,
    };
    if atom.text.is_empty() {
        atom.text = tidy(&atom_tokens(&atom).to_string());
    }
    Ok(atom)
}

fn parse_rule(input: ParseStream, attrs: Vec<Attribute>) -> Result<Rule> {
    let mut id = None;
    let mut kept = Vec::new();
    let mut says = Vec::new();
    for a in attrs {
        if a.path().is_ident("rule") {
            id = Some(a.parse_args::<Ident>()?);
        } else if a.path().is_ident("guard") {
            let span = a.span();
            says.push(a.parse_args_with(|input: ParseStream| {
                let holds: syn::LitStr = input.parse()?;
                let fails = if input.peek(Token![,]) {
                    let _: Token![,] = input.parse()?;
                    Some(input.parse::<syn::LitStr>()?.value())
                } else {
                    None
                };
                Ok(Says {
                    holds: holds.value(),
                    fails,
                    span,
                })
            })?);
        } else {
            kept.push(a);
        }
    }
    let begin = input.cursor().span();
    let goal = parse_atom(input)?;
    let id = id.ok_or_else(|| {
        syn::Error::new(goal.rel.span(), "every rule needs #[rule(CATALOGUE_ID)]")
    })?;
    let _: Token![<-] = input.parse()?;
    let mut body = Vec::new();
    loop {
        let la = input.lookahead1();
        if la.peek(token::Paren) {
            let e: Expr = input.parse()?;
            let t = text_of(&e);
            let e = match e {
                Expr::Paren(p) => *p.expr,
                other => other,
            };
            body.push(Clause::Guard(e, t));
        } else if la.peek(Token![let]) {
            let e: ExprLet = input.parse()?;
            let t = text_of(&e);
            body.push(Clause::Let(e, t));
        } else if la.peek(Token![for]) {
            let _: Token![for] = input.parse()?;
            let pat = Pat::parse_single(input)?;
            let _: Token![in] = input.parse()?;
            let e: Expr = input.parse()?;
            let t = format!("for {} in {}", text_of(&pat), text_of(&e));
            body.push(Clause::For(pat, e, t));
        } else if la.peek(Ident) || la.peek(Token![!]) {
            body.push(Clause::Atom(parse_atom(input)?));
        } else {
            return Err(la.error());
        }
        if input.peek(Token![,]) {
            let _: Token![,] = input.parse()?;
        } else {
            break;
        }
    }
    let semi: Token![;] = input.parse()?;
    let text = begin
        .join(semi.span)
        .and_then(|s| s.source_text())
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    // On stable Rust spans cannot be joined: rebuild the text from the parsed parts.
    let text = if text.is_empty() {
        let body_text: Vec<String> = body
            .iter()
            .map(|c| match c {
                Clause::Atom(a) if a.negate => format!("!{}", a.text.trim_start_matches('!')),
                Clause::Atom(a) => a.text.clone(),
                Clause::Guard(_, t) => {
                    match t.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                        Some(inner) => format!("({inner})"),
                        None => format!("({t})"),
                    }
                }
                Clause::Let(_, t) | Clause::For(_, _, t) => t.clone(),
            })
            .collect();
        format!("{} <- {};", goal.text, body_text.join(", "))
    } else {
        text
    };
    Ok(Rule {
        id,
        attrs: kept,
        goal,
        body,
        text,
        says,
    })
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (k, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if k > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A lone identifier, the only form that can introduce a variable.
fn lone_ident(e: &Expr) -> Option<&Ident> {
    if let Expr::Path(p) = e {
        if p.qself.is_none() && p.path.segments.len() == 1 && p.path.leading_colon.is_none() {
            return Some(&p.path.segments[0].ident);
        }
    }
    None
}

/// The variable of a head argument written `Some(variable)`.
fn some_ident(e: &Expr) -> Option<&Ident> {
    if let Expr::Call(c) = e {
        if c.args.len() == 1 && lone_ident(&c.func).is_some_and(|f| f == "Some") {
            return lone_ident(&c.args[0]);
        }
    }
    None
}

/// Identifiers (candidate variables) used in an expression.
#[derive(Default)]
struct Idents(BTreeSet<String>, BTreeSet<String>);
impl<'a> Visit<'a> for Idents {
    fn visit_expr_path(&mut self, p: &'a syn::ExprPath) {
        if p.path.segments.len() == 1 {
            self.0.insert(p.path.segments[0].ident.to_string());
        }
        syn::visit::visit_expr_path(self, p);
    }
    fn visit_expr_field(&mut self, f: &'a syn::ExprField) {
        if let (Some(base), syn::Member::Named(m)) = (lone_ident(&f.base), &f.member) {
            if base == "p" {
                self.1.insert(m.to_string());
            }
        }
        syn::visit::visit_expr_field(self, f);
    }
    fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
        if let Some(base) = lone_ident(&m.receiver) {
            if base == "p" {
                self.1.insert(format!("{}()", m.method));
            }
        }
        syn::visit::visit_expr_method_call(self, m);
    }
}

#[derive(Default)]
struct PatIdents(Vec<Ident>);
impl<'a> Visit<'a> for PatIdents {
    fn visit_pat_ident(&mut self, p: &'a syn::PatIdent) {
        self.0.push(p.ident.clone());
        syn::visit::visit_pat_ident(self, p);
    }
}

struct Gen<'a> {
    rels: BTreeMap<String, &'a Relation>,
    /// (relation, mask) pairs that need an index.
    indexes: BTreeSet<(String, Vec<usize>)>,
    positions: BTreeSet<String>,
    /// Head-free mode: head variable → head position, pruned against `__want` when bound.
    free: Option<BTreeMap<String, usize>>,
}

impl<'a> Gen<'a> {
    /// In head-free mode, checks newly bound head variables against the wanted values.
    fn prune(&self, vars: &[String]) -> TokenStream2 {
        let Some(free) = &self.free else {
            return quote! {};
        };
        let checks = vars.iter().filter_map(|v| {
            let pos = *free.get(v)?;
            let id = format_ident!("{}", v);
            Some(quote! {
                if let Some(__w) = &__want[#pos] { if __E::Value::from(#id) != *__w { continue; } }
            })
        });
        quote! { #(#checks)* }
    }

    /// The lookup function of the index on `mask` of relation `rname`, registering the index.
    fn index(&mut self, rname: &Ident, mask: &[usize]) -> Ident {
        self.indexes.insert((rname.to_string(), mask.to_vec()));
        let suffix: Vec<String> = mask.iter().map(|m| m.to_string()).collect();
        format_ident!("lookup_{}_{}", snake(&rname.to_string()), suffix.join("_"))
    }

    fn rel(&self, name: &Ident) -> Result<&'a Relation> {
        self.rels
            .get(&name.to_string())
            .copied()
            .ok_or_else(|| syn::Error::new(name.span(), format!("unknown relation `{name}`")))
    }

    fn bound_values(&self, e: &Expr, bound: &BTreeSet<String>) -> TokenStream2 {
        let mut v = Idents::default();
        v.visit_expr(e);
        let items = v.0.iter().filter(|i| bound.contains(*i)).map(|i| {
            let id = format_ident!("{}", i);
            quote! { (#i, __E::Value::from(#id)) }
        });
        quote! { vec![#(#items),*] }
    }

    /// Generates the code for body steps `k..`, with `bound` variables in scope.
    fn body(&mut self, rule: &Rule, k: usize, bound: &BTreeSet<String>) -> Result<TokenStream2> {
        if k == rule.body.len() {
            return Ok(self.finish(rule, bound));
        }
        let step = k;
        match &rule.body[k] {
            Clause::Atom(a) if !a.negate => {
                let rel = self.rel(&a.rel)?;
                if rel.fields.len() != a.args.len() {
                    return Err(syn::Error::new(a.rel.span(), "wrong number of arguments"));
                }
                let rname = &rel.name;
                let store = format_ident!("{}", snake(&rname.to_string()));
                let mut mask = Vec::new();
                let mut keys = Vec::new();
                let mut binds = Vec::new();
                let mut now = bound.clone();
                let mut pattern = Vec::new();
                let fvars: Vec<Ident> = (0..a.args.len())
                    .map(|i| format_ident!("__f{}", i))
                    .collect();
                for (i, arg) in a.args.iter().enumerate() {
                    match arg {
                        Arg::Ignored => pattern.push(quote! { None }),
                        Arg::Expr(e) => {
                            match lone_ident(e) {
                                Some(id) if !now.contains(&id.to_string()) => {
                                    let f = &fvars[i];
                                    binds.push(quote! { let #id = #f; });
                                    now.insert(id.to_string());
                                    match self.free.as_ref().and_then(|m| m.get(&id.to_string())) {
                                        Some(pos) => pattern.push(quote! { __want[#pos] }),
                                        None => pattern.push(quote! { None }),
                                    }
                                }
                                _ => {
                                    mask.push(i);
                                    keys.push(quote! { #e });
                                    let ty = &rel.fields[i].ty;
                                    pattern.push(quote! { Some(__E::Value::from({ let __k: #ty = #e; __k })) });
                                }
                            }
                        }
                    }
                }
                let newly: Vec<String> = now.difference(bound).cloned().collect();
                let prune = self.prune(&newly);
                let rest = self.body(rule, k + 1, &now)?;
                let lookup = if mask.is_empty() {
                    quote! { __m.#store.iter().enumerate().map(|(__i, __t)| (__i as u32, *__t)).collect::<Vec<_>>() }
                } else {
                    let idx = self.index(rname, &mask);
                    quote! { __m.#idx((#(#keys,)*)).iter().map(|&__i| (__i, __m.#store[__i as usize])).collect::<Vec<_>>() }
                };
                let src = if rel.input {
                    let srcs = format_ident!("{}_src", store);
                    quote! { Some(__m.#srcs[__ix as usize]) }
                } else {
                    quote! { None }
                };
                Ok(quote! {{
                    let __cands = #lookup;
                    let mut __survived = false;
                    for (__ix, __t) in __cands {
                        let #rname(#(#fvars),*) = __t;
                        let _ = (#(#fvars),*);
                        #(#binds)*
                        #prune
                        __survived = true;
                        __stack.push(__E::Step::Premise { fact: Fact::#rname(__t), src: #src });
                        #rest
                        __stack.pop();
                    }
                    if !__survived {
                        if !__v.failed(__stack, #step, __E::Failure::NoMatch {
                            rel: Rel::#rname.name(), pattern: vec![#(#pattern),*] }) { return false; }
                    }
                }})
            }
            Clause::Atom(a) => {
                let rel = self.rel(&a.rel)?;
                let rname = &rel.name;
                let store = format_ident!("{}", snake(&rname.to_string()));
                let mut mask = Vec::new();
                let mut keys = Vec::new();
                let mut pattern = Vec::new();
                for (i, arg) in a.args.iter().enumerate() {
                    match arg {
                        Arg::Ignored => pattern.push(quote! { None }),
                        Arg::Expr(e) => {
                            if let Some(id) = lone_ident(e) {
                                if !bound.contains(&id.to_string())
                                    && id
                                        .to_string()
                                        .chars()
                                        .next()
                                        .is_some_and(|c| c.is_lowercase())
                                {
                                    return Err(syn::Error::new(
                                        id.span(),
                                        "variable first bound under negation",
                                    ));
                                }
                            }
                            mask.push(i);
                            keys.push(quote! { #e });
                            let ty = &rel.fields[i].ty;
                            pattern.push(
                                quote! { Some(__E::Value::from({ let __k: #ty = #e; __k })) },
                            );
                        }
                    }
                }
                let rest = self.body(rule, k + 1, bound)?;
                let first = if mask.is_empty() {
                    quote! { if __m.#store.is_empty() { None } else { Some(0u32) } }
                } else {
                    let idx = self.index(rname, &mask);
                    quote! { __m.#idx((#(#keys,)*)).first().copied() }
                };
                let src = if rel.input {
                    let srcs = format_ident!("{}_src", store);
                    quote! { Some(__m.#srcs[__b as usize]) }
                } else {
                    quote! { None }
                };
                Ok(quote! {{
                    match #first {
                        Some(__b) => {
                            if !__v.failed(__stack, #step, __E::Failure::Blocked {
                                fact: Fact::#rname(__m.#store[__b as usize]), src: #src }) { return false; }
                        }
                        None => {
                            __stack.push(__E::Step::Absent { rel: Rel::#rname.name(), pattern: vec![#(#pattern),*] });
                            #rest
                            __stack.pop();
                        }
                    }
                }})
            }
            Clause::Guard(e, text) => {
                let mut v = Idents::default();
                v.visit_expr(e);
                let positions: Vec<String> = v.1.iter().cloned().collect();
                self.positions.extend(positions.iter().cloned());
                let values = self.bound_values(e, bound);
                let rest = self.body(rule, k + 1, bound)?;
                Ok(quote! {{
                    let __vals = #values;
                    if #e {
                        __stack.push(__E::Step::Guard { code: #text, values: __vals, positions: &[#(#positions),*] });
                        #rest
                        __stack.pop();
                    } else if !__v.failed(__stack, #step, __E::Failure::Guard { code: #text, values: __vals, positions: &[#(#positions),*] }) {
                        return false;
                    }
                }})
            }
            Clause::Let(l, text) => {
                let mut v = Idents::default();
                v.visit_expr(&l.expr);
                let positions: Vec<String> = v.1.iter().cloned().collect();
                self.positions.extend(positions.iter().cloned());
                let values = self.bound_values(&l.expr, bound);
                let mut pi = PatIdents::default();
                pi.visit_pat(&l.pat);
                let mut now = bound.clone();
                now.extend(pi.0.iter().map(|i| i.to_string()));
                let rest = self.body(rule, k + 1, &now)?;
                let pat = &l.pat;
                let expr = &l.expr;
                Ok(quote! {{
                    let __vals = #values;
                    #[allow(irrefutable_let_patterns)]
                    if let #pat = #expr {
                        __stack.push(__E::Step::Guard { code: #text, values: __vals, positions: &[#(#positions),*] });
                        #rest
                        __stack.pop();
                    } else if !__v.failed(__stack, #step, __E::Failure::Guard { code: #text, values: __vals, positions: &[#(#positions),*] }) {
                        return false;
                    }
                }})
            }
            Clause::For(pat, e, text) => {
                let values = self.bound_values(e, bound);
                let mut pi = PatIdents::default();
                pi.visit_pat(pat);
                let mut now = bound.clone();
                now.extend(pi.0.iter().map(|i| i.to_string()));
                let rest = self.body(rule, k + 1, &now)?;
                Ok(quote! {{
                    let __vals = #values;
                    for #pat in #e {
                        __stack.push(__E::Step::Guard { code: #text, values: __vals.clone(), positions: &[] });
                        #rest
                        __stack.pop();
                    }
                }})
            }
        }
    }

    /// The *checker* of a clause, bottom-up: the `j`-th positive premise of the body is the
    /// `j`-th fact given; its columns bind the clause's variables or must equal their values,
    /// every premise must be in the model, every negated atom absent, every guard true, and
    /// the head built from the bindings must be the fact proved. Independent of the matcher
    /// (which searched for the premises), so a proof can be re-checked against its rule.
    fn verify(
        &mut self,
        rule: &Rule,
        k: usize,
        bound: &BTreeSet<String>,
        j: usize,
    ) -> Result<TokenStream2> {
        if k == rule.body.len() {
            let checks = head_checks(rule);
            return Ok(quote! {
                if __p.len() != #j {
                    __err = format!("the clause has {} positive premise(s), the proof gives {}", #j, __p.len());
                } else if true #(&& #checks)* {
                    return Ok(());
                } else {
                    __err = "the head does not follow from the premises' bindings".to_string();
                }
            });
        }
        match &rule.body[k] {
            Clause::Atom(a) if !a.negate => {
                let rel = self.rel(&a.rel)?;
                let rname = &rel.name;
                let text = &a.text;
                let fvars: Vec<Ident> = (0..a.args.len())
                    .map(|i| format_ident!("__f{}", i))
                    .collect();
                let mut now = bound.clone();
                let mut stmts = Vec::new();
                for (i, arg) in a.args.iter().enumerate() {
                    let f = &fvars[i];
                    if let Arg::Expr(e) = arg {
                        match lone_ident(e) {
                            Some(id) if !now.contains(&id.to_string()) => {
                                stmts.push(quote! { let #id = #f; let _ = &#id; });
                                now.insert(id.to_string());
                            }
                            _ => {
                                let ty = &rel.fields[i].ty;
                                stmts.push(
                                    quote! { let __ok = __ok && { let __k: #ty = #e; __k } == #f; },
                                );
                            }
                        }
                    }
                }
                let rest = self.verify(rule, k + 1, &now, j + 1)?;
                Ok(quote! {{
                    match __p.get(#j) {
                        Some(Fact::#rname(__t)) => {
                            let #rname(#(#fvars),*) = *__t;
                            let _ = (#(#fvars),*);
                            let __ok = true;
                            #(#stmts)*
                            if !__ok {
                                __err = format!("premise {} does not fit `{}`", #j + 1, #text);
                            } else if !__m.contains(&Fact::#rname(*__t)) {
                                __err = format!("premise {} (`{}`) is not in the model", #j + 1, #text);
                            } else {
                                #rest
                            }
                        }
                        _ => { __err = format!("premise {} must be a row of `{}`", #j + 1, #text); }
                    }
                }})
            }
            Clause::Atom(a) => {
                let rel = self.rel(&a.rel)?;
                let rname = &rel.name;
                let text = &a.text;
                let store = format_ident!("{}", snake(&rname.to_string()));
                let mut mask = Vec::new();
                let mut keys = Vec::new();
                for (i, arg) in a.args.iter().enumerate() {
                    if let Arg::Expr(e) = arg {
                        mask.push(i);
                        keys.push(quote! { #e });
                    }
                }
                let rest = self.verify(rule, k + 1, bound, j)?;
                let present = if mask.is_empty() {
                    quote! { !__m.#store.is_empty() }
                } else {
                    let idx = self.index(rname, &mask);
                    quote! { !__m.#idx((#(#keys,)*)).is_empty() }
                };
                Ok(quote! {{
                    if #present {
                        __err = format!("negated premise `{}` is present in the model", #text);
                    } else {
                        #rest
                    }
                }})
            }
            Clause::Guard(e, text) => {
                let rest = self.verify(rule, k + 1, bound, j)?;
                Ok(quote! {{
                    if #e { #rest } else { __err = format!("guard `{}` is false", #text); }
                }})
            }
            Clause::Let(l, text) => {
                let mut pi = PatIdents::default();
                pi.visit_pat(&l.pat);
                let mut now = bound.clone();
                now.extend(pi.0.iter().map(|i| i.to_string()));
                let rest = self.verify(rule, k + 1, &now, j)?;
                let (pat, expr) = (&l.pat, &l.expr);
                Ok(quote! {{
                    #[allow(irrefutable_let_patterns)]
                    if let #pat = #expr { #rest } else { __err = format!("binding `{}` does not hold", #text); }
                }})
            }
            Clause::For(pat, e, text) => {
                let mut pi = PatIdents::default();
                pi.visit_pat(pat);
                let mut now = bound.clone();
                now.extend(pi.0.iter().map(|i| i.to_string()));
                let rest = self.verify(rule, k + 1, &now, j)?;
                Ok(quote! {{
                    for #pat in #e { #rest }
                    if __err.is_empty() { __err = format!("no value of `{}` fits", #text); }
                }})
            }
        }
    }

    /// After the body: check head expressions that were not simple variables, then report.
    fn finish(&self, rule: &Rule, _bound: &BTreeSet<String>) -> TokenStream2 {
        if self.free.is_some() {
            let head = self.rels[&rule.goal.rel.to_string()];
            let checks = rule.goal.args.iter().enumerate().filter_map(|(i, a)| match a {
                Arg::Expr(e) => {
                    let ty = &head.fields[i].ty;
                    Some(quote! { __want[#i].map_or(true, |__w| __E::Value::from({ let __k: #ty = #e; __k }) == __w) })
                }
                Arg::Ignored => None,
            });
            return quote! {
                if true #(&& #checks)* {
                    if !__v.matched(__stack) { return false; }
                }
            };
        }
        let checks = head_checks(rule);
        quote! {
            if true #(&& #checks)* {
                if !__v.matched(__stack) { return false; }
            }
        }
    }
}

/// `head column == its expression` for every head argument, with the head's columns bound
/// as `__h0, __h1, …`: the head-bound matcher's and the checker's last test.
fn head_checks(rule: &Rule) -> Vec<TokenStream2> {
    rule.goal
        .args
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match a {
            Arg::Expr(e) => {
                let h = format_ident!("__h{}", i);
                Some(quote! { (#e) == #h })
            }
            Arg::Ignored => None,
        })
        .collect()
}

/// The placeholders of a guard sentence: `{name}`, `{name?then}`, `{name?then|else}` (then
/// and else may hold placeholders in turn); `name` is a variable or `p.POSITION`.
fn placeholders(text: &str, out: &mut Vec<String>) -> std::result::Result<(), String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let mut depth = 1;
        let mut close = None;
        for (i, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close.ok_or_else(|| format!("unclosed `{{` in {text:?}"))?;
        let inner = &after[..close];
        let end = inner.find(['?', '|']).unwrap_or(inner.len());
        let name = &inner[..end];
        let word = |n: &str| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        let ok = match name.split_once('+') {
            // `{t+p.window_hours}`: a time plus a number of hours.
            Some((var, pos)) => word(var) && pos.strip_prefix("p.").is_some_and(word),
            None => word(name.strip_prefix("p.").unwrap_or(name)),
        };
        if !ok {
            return Err(format!(
                "`{{{inner}}}`: a placeholder names a variable, `p.POSITION` or `VAR+p.POSITION`"
            ));
        }
        match name.split_once('+') {
            Some((var, pos)) => {
                out.push(var.to_string());
                out.push(pos.to_string());
            }
            None => out.push(name.to_string()),
        }
        if let Some(cond) = inner[end..].strip_prefix('?') {
            let (then, other) = split_else(cond);
            placeholders(then, out)?;
            placeholders(other, out)?;
        } else if !inner[end..].is_empty() {
            return Err(format!("`{{{inner}}}`: expected `?` after the name"));
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unopened `}}` in {text:?}"));
    }
    Ok(())
}

/// `then|else` split at the `|` outside braces.
fn split_else(cond: &str) -> (&str, &str) {
    let mut depth = 0;
    for (i, c) in cond.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '|' if depth == 0 => return (&cond[..i], &cond[i + 1..]),
            _ => {}
        }
    }
    (cond, "")
}

/// Checks a guard's sentences against the guard: every placeholder names a variable bound
/// before it in the body (the binding's own variables too, when it holds) or a profile
/// position the guard reads, and the two sentences together name every variable and
/// position the guard reads.
fn check_says(
    says: &Says,
    code: &str,
    bound: &BTreeSet<String>,
    own: &BTreeSet<String>,
    reads: &BTreeSet<String>,
    positions: &BTreeSet<String>,
) -> Result<()> {
    let err = |m: String| Err(syn::Error::new(says.span, format!("guard `{code}`: {m}")));
    let mut named = BTreeSet::new();
    for (text, with_own) in [(Some(&says.holds), true), (says.fails.as_ref(), false)] {
        let Some(text) = text else { continue };
        let mut names = Vec::new();
        if let Err(e) = placeholders(text, &mut names) {
            return err(e);
        }
        for n in names {
            match n.strip_prefix("p.") {
                Some(key) if !positions.contains(key) => {
                    return err(format!(
                        "`{{{n}}}`: the guard does not read the profile position `{key}`"
                    ))
                }
                Some(_) => {}
                None if n == "p" || !(bound.contains(&n) || (with_own && own.contains(&n))) => {
                    return err(format!(
                        "`{{{n}}}` is not a variable bound before the guard"
                    ))
                }
                None => {}
            }
            named.insert(n);
        }
    }
    for v in reads {
        if !named.contains(v) {
            return err(format!("its sentences do not name `{{{v}}}`"));
        }
    }
    for k in positions {
        if !named.contains(&format!("p.{k}")) {
            return err(format!(
                "its sentences do not name the profile position `{{p.{k}}}`"
            ));
        }
    }
    Ok(())
}

/// The clause table's body steps of a rule: premises with the variable of each column,
/// checked absences, and guards and bindings with their sentences (checked with
/// [`check_says`]) and the variables they read.
fn body_meta(rule: &Rule) -> Result<Vec<TokenStream2>> {
    let mut bound: BTreeSet<String> = BTreeSet::new();
    let mut says = rule.says.iter();
    let mut out = Vec::new();
    let mut guards = 0;
    for c in &rule.body {
        match c {
            Clause::Atom(a) => {
                let r = &a.rel;
                let t = &a.text;
                if a.negate {
                    out.push(quote! { __E::BodyMeta::Absent { rel: &REL_META[Rel::#r as usize], text: #t } });
                    continue;
                }
                let vars: Vec<TokenStream2> = a
                    .args
                    .iter()
                    .map(|x| match x {
                        Arg::Expr(e) => match lone_ident(e) {
                            Some(id) => {
                                let n = id.to_string();
                                quote! { Some(#n) }
                            }
                            None => quote! { None },
                        },
                        Arg::Ignored => quote! { None },
                    })
                    .collect();
                for x in &a.args {
                    if let Arg::Expr(e) = x {
                        if let Some(id) = lone_ident(e) {
                            bound.insert(id.to_string());
                        }
                    }
                }
                out.push(quote! { __E::BodyMeta::Premise { rel: &REL_META[Rel::#r as usize], text: #t, vars: &[#(#vars),*] } });
            }
            Clause::Guard(_, t) | Clause::Let(_, t) | Clause::For(_, _, t) => {
                guards += 1;
                let (expr, own, refutable): (&Expr, BTreeSet<String>, bool) = match c {
                    Clause::Guard(e, _) => (e, BTreeSet::new(), true),
                    Clause::Let(l, _) => {
                        let mut pi = PatIdents::default();
                        pi.visit_pat(&l.pat);
                        let own = pi.0.iter().map(|i| i.to_string()).collect();
                        let irrefutable = matches!(&*l.pat, Pat::Ident(p) if p.subpat.is_none());
                        (&l.expr, own, !irrefutable)
                    }
                    Clause::For(p, e, _) => {
                        let mut pi = PatIdents::default();
                        pi.visit_pat(p);
                        (e, pi.0.iter().map(|i| i.to_string()).collect(), true)
                    }
                    Clause::Atom(_) => unreachable!(),
                };
                let mut v = Idents::default();
                v.visit_expr(expr);
                let reads: BTreeSet<String> =
                    v.0.iter()
                        .filter(|n| *n != "p" && bound.contains(*n))
                        .cloned()
                        .collect();
                let positions: BTreeSet<String> =
                    v.1.iter()
                        .map(|k| k.trim_end_matches("()").to_string())
                        .collect();
                let (holds, fails) = match says.next() {
                    Some(s) => {
                        check_says(s, t, &bound, &own, &reads, &positions)?;
                        (s.holds.clone(), s.fails.clone().unwrap_or_default())
                    }
                    None => (String::new(), String::new()),
                };
                bound.extend(own);
                let reads = reads.iter();
                out.push(quote! {
                    __E::BodyMeta::Guard { text: #t, holds: #holds, fails: #fails,
                                           reads: &[#(#reads),*], refutable: #refutable }
                });
            }
        }
    }
    if let Some(extra) = says.next() {
        return Err(syn::Error::new(
            extra.span,
            format!("more #[guard] sentences than the clause's {guards} guard(s) and binding(s)"),
        ));
    }
    Ok(out)
}

/// See the crate documentation.
#[proc_macro]
pub fn program(input: TokenStream) -> TokenStream {
    let prog = parse_macro_input!(input as Program);
    match expand(&prog) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(prog: &Program) -> Result<TokenStream2> {
    let rels: BTreeMap<String, &Relation> = prog
        .relations
        .iter()
        .map(|r| (r.name.to_string(), r))
        .collect();
    let mut gen = Gen {
        rels: rels.clone(),
        indexes: BTreeSet::new(),
        positions: BTreeSet::new(),
        free: None,
    };

    // 1. the crepe program
    let crepe_rels = prog.relations.iter().map(|r| {
        let attrs = &r.attrs;
        let vis = &r.vis;
        let name = &r.name;
        let tys = r.fields.iter().map(|f| {
            let fv = &f.vis;
            let ty = &f.ty;
            quote! { #fv #ty }
        });
        let kind = if r.input {
            quote! { @input }
        } else {
            quote! { @output }
        };
        quote! { #kind #(#attrs)* #[derive(Debug, PartialOrd, Ord)] #vis struct #name(#(#tys),*); }
    });
    let crepe_rules = prog.rules.iter().map(|r| {
        let goal = atom_tokens(&r.goal);
        let body = r.body.iter().map(|c| match c {
            Clause::Atom(a) => atom_tokens(a),
            Clause::Guard(e, _) => quote! { (#e) },
            Clause::Let(l, _) => quote! { #l },
            Clause::For(p, e, _) => quote! { for #p in #e },
        });
        quote! { #goal <- #(#body),*; }
    });

    // 2. matchers and the clause table
    let mut matchers = Vec::new();
    let mut clause_meta = Vec::new();
    let mut dispatch = Vec::new();
    let mut free_dispatch = Vec::new();
    let mut verify_dispatch = Vec::new();
    for (k, rule) in prog.rules.iter().enumerate() {
        let head = gen.rel(&rule.goal.rel)?;
        if head.input {
            return Err(syn::Error::new(
                rule.goal.rel.span(),
                "cannot derive into an @input relation",
            ));
        }
        let hname = &head.name;
        let fname = format_ident!("__match_{}", k);
        let hvars: Vec<Ident> = (0..rule.goal.args.len())
            .map(|i| format_ident!("__h{}", i))
            .collect();
        let mut bound = BTreeSet::new();
        let mut binds = Vec::new();
        for (i, a) in rule.goal.args.iter().enumerate() {
            if let Arg::Expr(e) = a {
                if let Some(id) = lone_ident(e) {
                    if !bound.contains(&id.to_string())
                        && id
                            .to_string()
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_lowercase())
                    {
                        let h = &hvars[i];
                        binds.push(quote! { let #id = #h; });
                        bound.insert(id.to_string());
                    }
                }
            }
        }
        gen.positions.clear();
        let body = gen.body(rule, 0, &bound)?;
        let positions: Vec<String> = gen.positions.iter().cloned().collect();
        let id = &rule.id;
        let text = &rule.text;
        let doc: Vec<String> = rule
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value().trim().to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let note = doc.join(" ");
        let steps = body_meta(rule)?;
        let head_vars = rule.goal.args.iter().map(|a| match a {
            Arg::Expr(e) => match lone_ident(e) {
                Some(id) => {
                    let n = id.to_string();
                    quote! { Some(#n) }
                }
                None => quote! { None },
            },
            Arg::Ignored => quote! { None },
        });
        clause_meta.push(quote! {
            __E::ClauseMeta { rule: __R::#id, head: &REL_META[Rel::#hname as usize], text: #text, note: #note,
                              body: &[#(#steps),*], positions: &[#(#positions),*], head_vars: &[#(#head_vars),*] }
        });
        matchers.push(quote! {
            #[allow(unused_variables, unused_mut, clippy::all, non_snake_case, unreachable_code)]
            fn #fname(__m: &Model, __head: &#hname, __stack: &mut Vec<__E::Step<Fact>>, __v: &mut dyn __E::Visitor<Fact>) -> bool {
                let #hname(#(#hvars),*) = *__head;
                #(#binds)*
                #body
                true
            }
        });
        dispatch.push(quote! { (#k, Fact::#hname(h)) => #fname(self, h, &mut __stack, v), });
        // Head columns the wanted values constrain before the body runs: a variable (bound
        // when a premise binds it), `Some(variable)` (the same value: an absent wanted value
        // cannot match it), and closed expressions such as `R::DUTY_ACTION` or
        // `Option::None` (compared at once: a clause whose head cannot give the wanted row
        // does not apply, and its premises are not searched).
        let mut free = BTreeMap::new();
        let mut early = Vec::new();
        for (i, a) in rule.goal.args.iter().enumerate() {
            let Arg::Expr(e) = a else { continue };
            if let Some(id) = lone_ident(e) {
                free.entry(id.to_string()).or_insert(i);
            } else if let Some(id) = some_ident(e) {
                free.entry(id.to_string()).or_insert(i);
                early.push(quote! {
                    if let Some(__E::Value::Absent) = __want[#i] { return true; }
                });
            } else {
                let mut v = Idents::default();
                v.visit_expr(e);
                if v.0.is_empty() && v.1.is_empty() {
                    let ty = &head.fields[i].ty;
                    early.push(quote! {
                        if let Some(__w) = &__want[#i] {
                            if __E::Value::from({ let __k: #ty = #e; __k }) != *__w { return true; }
                        }
                    });
                }
            }
        }
        gen.free = Some(free);
        let free_body = gen.body(rule, 0, &BTreeSet::new())?;
        gen.free = None;
        let free_name = format_ident!("__free_{}", k);
        matchers.push(quote! {
            #[allow(unused_variables, unused_mut, clippy::all, non_snake_case, unreachable_code, unused_labels)]
            fn #free_name(__m: &Model, __want: &[Option<__E::Value>], __stack: &mut Vec<__E::Step<Fact>>, __v: &mut dyn __E::Visitor<Fact>) -> bool {
                #(#early)*
                #free_body
                true
            }
        });
        free_dispatch.push(quote! { #k => #free_name(self, want, &mut __stack, v), });
        let vbody = gen.verify(rule, 0, &bound, 0)?;
        let vname = format_ident!("__verify_{}", k);
        matchers.push(quote! {
            #[allow(unused_variables, unused_mut, clippy::all, non_snake_case, unreachable_code, unused_assignments)]
            fn #vname(__m: &Model, __head: &#hname, __p: &[Fact]) -> Result<(), String> {
                let #hname(#(#hvars),*) = *__head;
                #(#binds)*
                let mut __err = String::new();
                #vbody
                Err(__err)
            }
        });
        verify_dispatch.push(quote! { (#k, Fact::#hname(h)) => #vname(self, h, premises), });
    }

    // 3. the model: one vector per relation (+ sources for inputs), lazy indexes
    let rel_names: Vec<&Ident> = prog.relations.iter().map(|r| &r.name).collect();
    let stores: Vec<Ident> = prog
        .relations
        .iter()
        .map(|r| format_ident!("{}", snake(&r.name.to_string())))
        .collect();
    let inputs: Vec<&Relation> = prog.relations.iter().filter(|r| r.input).collect();
    let derived: Vec<&Relation> = prog.relations.iter().filter(|r| !r.input).collect();
    let in_names: Vec<&Ident> = inputs.iter().map(|r| &r.name).collect();
    let in_stores: Vec<Ident> = inputs
        .iter()
        .map(|r| format_ident!("{}", snake(&r.name.to_string())))
        .collect();
    let in_srcs: Vec<Ident> = in_stores
        .iter()
        .map(|s| format_ident!("{}_src", s))
        .collect();
    let de_names: Vec<&Ident> = derived.iter().map(|r| &r.name).collect();
    let de_stores: Vec<Ident> = derived
        .iter()
        .map(|r| format_ident!("{}", snake(&r.name.to_string())))
        .collect();
    let rel_snake: Vec<String> = prog
        .relations
        .iter()
        .map(|r| snake(&r.name.to_string()))
        .collect();
    let rel_cols: Vec<Vec<String>> = prog.relations.iter().map(|r| r.cols.clone()).collect();
    let rel_inputs: Vec<bool> = prog.relations.iter().map(|r| r.input).collect();
    let rel_docs: Vec<String> = prog
        .relations
        .iter()
        .map(|r| {
            r.attrs
                .iter()
                .filter(|a| a.path().is_ident("doc"))
                .filter_map(|a| match &a.meta {
                    syn::Meta::NameValue(nv) => match &nv.value {
                        Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) => Some(s.value().trim().to_string()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let field_values: Vec<TokenStream2> = prog
        .relations
        .iter()
        .map(|r| {
            let name = &r.name;
            let vars: Vec<Ident> = (0..r.fields.len())
                .map(|i| format_ident!("__x{}", i))
                .collect();
            quote! { Fact::#name(#name(#(#vars),*)) => vec![#(__E::Value::from(*#vars)),*], }
        })
        .collect();

    let row_values: Vec<TokenStream2> = prog
        .relations
        .iter()
        .map(|r| {
            let name = &r.name;
            let store = format_ident!("{}", snake(&r.name.to_string()));
            let idx: Vec<syn::Index> = (0..r.fields.len()).map(syn::Index::from).collect();
            if r.input {
                quote! { Rel::#name => for t in &self.#store { f(&[#(__E::Value::from(t.#idx)),*]) }, }
            } else {
                quote! { Rel::#name => self.#store.for_each_any_order(|t| f(&[#(__E::Value::from(t.#idx)),*])), }
            }
        })
        .collect();

    // Per derived relation: whether a tuple names an incident, response or campaign.
    let de_anchored: Vec<TokenStream2> = prog
        .relations
        .iter()
        .filter(|r| !r.input)
        .map(|r| {
            let name = &r.name;
            let idx: Vec<syn::Index> = (0..r.fields.len()).map(syn::Index::from).collect();
            quote! { |t: &#name| [#(__E::Value::from(t.#idx)),*].iter().any(__E::Value::is_anchor) }
        })
        .collect();

    let parse_arms: Vec<TokenStream2> = prog
        .relations
        .iter()
        .map(|r| {
            let name = &r.name;
            let fields = r.fields.iter().enumerate().map(|(k, f)| {
                let ty = &f.ty;
                quote! { <#ty as FromText>::from_text(args[#k], ds).map_err(|e| col(#k, e))? }
            });
            quote! { Rel::#name => Fact::#name(#name(#(#fields),*)), }
        })
        .collect();
    let col_arms: Vec<TokenStream2> = prog
        .relations
        .iter()
        .flat_map(|r| {
            let name = &r.name;
            r.fields.iter().enumerate().map(move |(k, f)| {
                let ty = &f.ty;
                quote! { (Rel::#name, #k) => <#ty as FromText>::from_text(text, ds).map(__E::Value::from), }
            })
        })
        .collect();
    let mut idx_fields = Vec::new();
    let mut idx_inits = Vec::new();
    let mut idx_fns = Vec::new();
    for (rname, mask) in &gen.indexes {
        let rel = rels[rname];
        let store = format_ident!("{}", snake(rname));
        let suffix = mask
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join("_");
        let field = format_ident!("__idx_{}_{}", store, suffix);
        let f = format_ident!("lookup_{}_{}", store, suffix);
        let tys: Vec<&Type> = mask.iter().map(|&i| &rel.fields[i].ty).collect();
        let sel: Vec<syn::Index> = mask.iter().map(|&i| syn::Index::from(i)).collect();
        idx_fields.push(quote! { #field: ::std::sync::OnceLock<__E::Index<(#(#tys,)*)>>, });
        idx_inits.push(quote! { #field: ::std::sync::OnceLock::new(), });
        idx_fns.push(quote! {
            fn #f(&self, key: (#(#tys,)*)) -> &[u32] {
                let idx = self.#field.get_or_init(|| {
                    let mut m: __E::Index<(#(#tys,)*)> = ::core::default::Default::default();
                    for (i, t) in self.#store.iter().enumerate() {
                        m.entry((#(t.#sel,)*)).or_default().push(i as u32);
                    }
                    m
                });
                idx.get(&key).map(|v| v.as_slice()).unwrap_or(&[])
            }
        });
    }
    let n_clauses = prog.rules.len();
    let n_rels = prog.relations.len();
    let crepe_outputs: Vec<Ident> = de_stores
        .iter()
        .map(|s| format_ident!("__o_{}", s))
        .collect();
    let _ = Span::call_site();

    // Documentation of the generated items, one line per relation, so that the program's
    // public API is documented (`#![deny(missing_docs)]`) without an allow.
    let doc_of = |fmt: &dyn Fn(&str) -> String, rels: &[&Ident]| -> Vec<String> {
        rels.iter().map(|n| fmt(&n.to_string())).collect()
    };
    let rel_variant_docs = doc_of(&|n| format!("The relation [`{n}`]."), &rel_names);
    let fact_variant_docs = doc_of(&|n| format!("A tuple of [`{n}`]."), &rel_names);
    let in_input_docs = doc_of(
        &|n| format!("The tuples of [`{n}`], each with the input row it was read from."),
        &in_names,
    );
    let de_derived_docs = doc_of(
        &|n| format!("The tuples of [`{n}`] derived in one partition (unsorted)."),
        &de_names,
    );
    let de_union_docs = doc_of(
        &|n| format!("The tuples of [`{n}`] derived in each partition, one vector each."),
        &de_names,
    );
    let in_model_docs = doc_of(
        &|n| format!("The tuples of [`{n}`], in input order."),
        &in_names,
    );
    let de_model_docs = doc_of(
        &|n| format!("The tuples of [`{n}`], sorted when first read as a slice."),
        &de_names,
    );
    let src_model_docs = doc_of(
        &|n| format!("The input row of each tuple of [`{n}`], by position."),
        &in_names,
    );

    Ok(quote! {
        use crate::rules::engine as __E;
        use crate::rules::catalogue::RuleId as __R;

        /// The crepe program. Kept in a private module: its runtime (`Crepe`, `run`, …) is
        /// not part of the API; the relation types are re-exported below.
        mod __crepe {
            use super::*;
            ::crepe::crepe! {
                #(#crepe_rels)*
                #(#crepe_rules)*
            }
        }
        pub use __crepe::{#(#rel_names),*};

        /// Every relation of this program.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rel { #(#[doc = #rel_variant_docs] #rel_names),* }

        impl Rel {
            /// Every relation, in declaration order.
            pub const ALL: &'static [Rel] = &[#(Rel::#rel_names),*];
            /// Column `k` of this relation typed from its text (see `FromText`).
            pub fn parse_value(self, k: usize, text: &str, ds: &crate::facts::Dataset) -> Result<__E::Value, String> {
                use __E::FromText;
                match (self, k) {
                    #(#col_arms)*
                    _ => Err(format!("`{}` has no column {}", self.name().name, k + 1)),
                }
            }
            /// The relation's metadata.
            pub fn name(self) -> &'static __E::RelMeta {
                &REL_META[self as usize]
            }
        }

        static REL_META: [__E::RelMeta; #n_rels] = [#(__E::RelMeta { name: #rel_snake, columns: &[#(#rel_cols),*], input: #rel_inputs, doc: #rel_docs }),*];

        /// A tuple of any relation of this program.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fact { #(#[doc = #fact_variant_docs] #rel_names(#rel_names)),* }

        impl __E::FactLike for Fact {
            fn rel(&self) -> &'static __E::RelMeta {
                match self { #(Fact::#rel_names(_) => Rel::#rel_names.name(),)* }
            }
            fn values(&self) -> Vec<__E::Value> {
                match self { #(#field_values)* }
            }
        }

        impl Fact {
            /// The tuple of relation `rel` with these column texts (ids, state names, ISO
            /// times, closed values; `""` for an absent value).
            pub fn parse(rel: Rel, args: &[&str], ds: &crate::facts::Dataset) -> Result<Fact, String> {
                use __E::FromText;
                let meta = rel.name();
                if args.len() != meta.columns.len() {
                    return Err(format!("`{}` has {} columns ({}), the atom gives {}",
                        meta.name, meta.columns.len(), meta.columns.join(", "), args.len()));
                }
                let col = |k: usize, e: String| format!("`{}` column `{}`: {e}", meta.name, meta.columns[k]);
                Ok(match rel {
                    #(#parse_arms)*
                })
            }
        }

        /// The clauses of this program, in source order: the rule id, the head, the text.
        pub static CLAUSES: [__E::ClauseMeta; #n_clauses] = [#(#clause_meta),*];

        /// Input tuples with the rows they came from.
        #[derive(Clone, Debug, Default)]
        pub struct Inputs { #(#[doc = #in_input_docs] pub #in_stores: Vec<(#in_names, crate::facts::Src)>,)* }

        /// Every derived relation of one partition (unsorted).
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Derived { #(#[doc = #de_derived_docs] pub #de_stores: Vec<#de_names>,)* }

        /// Every derived relation of all partitions, as the partitions' vectors.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Union { #(#[doc = #de_union_docs] pub #de_stores: Vec<Vec<#de_names>>,)* }

        impl Inputs {
            /// Evaluates the program on these inputs (crepe, fixed FxHash hasher).
            pub fn evaluate(&self) -> Derived {
                let mut rt = __crepe::Crepe::new();
                #(rt.extend(self.#in_stores.iter().map(|(t, _)| *t));)*
                let (#(#crepe_outputs,)*) = rt.run_with_hasher::<::rustc_hash::FxBuildHasher>();
                // Unsorted: the model sorts a relation only when it is read as a slice.
                Derived { #(#de_stores: #crepe_outputs.into_iter().collect(),)* }
            }
        }

        impl Derived {
            /// The union of the partitions' results, without repeats, unsorted
            /// ([`__E::union_runs`]).
            pub fn merge(mut parts: Vec<Derived>) -> Union {
                let mut out = Union::default();
                // Every relation on its own task.
                ::rayon::scope(|__s| {
                    #({
                        let runs: Vec<Vec<_>> = parts.iter_mut().map(|p| ::std::mem::take(&mut p.#de_stores)).collect();
                        let dst = &mut out.#de_stores;
                        __s.spawn(move |_| *dst = __E::union_runs(runs, #de_anchored));
                    })*
                });
                out
            }
        }

        /// The final model: every input and derived relation, with lazy hash indexes for
        /// the matchers.
        pub struct Model {
            #(#[doc = #in_model_docs] pub #in_stores: Vec<#in_names>,)*
            #(#[doc = #de_model_docs] pub #de_stores: __E::Lazy<#de_names>,)*
            #(#[doc = #src_model_docs] pub #in_srcs: Vec<crate::facts::Src>,)*
            #(#idx_fields)*
        }

        impl Model {
            /// Builds the model from inputs and the derived relations.
            pub fn new(inputs: Inputs, derived: Union) -> Model {
                #(let (#in_stores, #in_srcs): (Vec<_>, Vec<_>) = inputs.#in_stores.into_iter().unzip();)*
                Model {
                    #(#in_stores, #in_srcs,)*
                    #(#de_stores: __E::Lazy::new(derived.#de_stores),)*
                    #(#idx_inits)*
                }
            }

            #(#idx_fns)*

            /// Runs clause `clause` top-down with `head` given, reporting to `v`. Returns
            /// false if the visitor stopped the search.
            pub fn match_clause(&self, clause: usize, head: &Fact, v: &mut dyn __E::Visitor<Fact>) -> bool {
                let mut __stack = Vec::new();
                match (clause, head) {
                    #(#dispatch)*
                    _ => true,
                }
            }

            /// Runs clause `clause` top-down with only some head columns given (`None`: any),
            /// reporting to `v`: why-not of partial atoms.
            pub fn match_clause_partial(&self, clause: usize, want: &[Option<__E::Value>], v: &mut dyn __E::Visitor<Fact>) -> bool {
                let mut __stack = Vec::new();
                match clause {
                    #(#free_dispatch)*
                    _ => true,
                }
            }

            /// Re-checks one derivation step bottom-up against clause `clause` (see the
            /// macro's `verify`): `premises` are the positive premises in body order.
            pub fn verify_clause(&self, clause: usize, head: &Fact, premises: &[Fact]) -> Result<(), String> {
                match (clause, head) {
                    #(#verify_dispatch)*
                    _ => Err(format!("clause {} does not derive `{}`", clause, __E::FactLike::rel(head).name)),
                }
            }

            /// True if `fact` is in the model.
            pub fn contains(&self, fact: &Fact) -> bool {
                match fact {
                    #(Fact::#in_names(t) => self.#in_stores.contains(t),)*
                    #(Fact::#de_names(t) => self.#de_stores.binary_search(t).is_ok(),)*
                }
            }

            /// Every tuple of a relation, as facts.
            pub fn facts(&self, rel: Rel) -> Vec<Fact> {
                match rel { #(Rel::#rel_names => self.#stores.iter().map(|t| Fact::#rel_names(*t)).collect(),)* }
            }

            /// Calls `f` with the values of every tuple of a relation, in store order,
            /// without materialising facts (printing large relations).
            pub fn for_each_values(&self, rel: Rel, f: &mut dyn FnMut(&[__E::Value])) {
                match rel { #(#row_values)* }
            }

            /// The number of tuples of a relation.
            pub fn len(&self, rel: Rel) -> usize {
                match rel { #(Rel::#rel_names => self.#stores.len(),)* }
            }

            /// True if `fact` was read from the input row `src` (input relations only).
            pub fn input_at(&self, fact: &Fact, src: crate::facts::Src) -> bool {
                match fact {
                    #(Fact::#in_names(t) => self.#in_stores.iter().zip(&self.#in_srcs).any(|(x, s)| x == t && *s == src),)*
                    _ => false,
                }
            }

            /// The input row a tuple of an input relation came from (the first, if several).
            pub fn source_of(&self, fact: &Fact) -> Option<crate::facts::Src> {
                match fact {
                    #(Fact::#in_names(t) => self.#in_stores.iter().position(|x| x == t).map(|k| self.#in_srcs[k]),)*
                    _ => None,
                }
            }
        }

        #(#matchers)*
    })
}

fn atom_tokens(a: &Atom) -> TokenStream2 {
    let rel = &a.rel;
    let args = a.args.iter().map(|x| match x {
        Arg::Ignored => quote! { _ },
        Arg::Expr(e) => quote! { #e },
    });
    if a.negate {
        quote! { !#rel(#(#args),*) }
    } else {
        quote! { #rel(#(#args),*) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(holds: &str, fails: Option<&str>) -> Says {
        Says {
            holds: holds.into(),
            fails: fails.map(Into::into),
            span: Span::call_site(),
        }
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn placeholders_name_variables_positions_and_window_ends() {
        let mut out = Vec::new();
        placeholders("{a} and {p.b?x {c}|y} by {t+p.window_hours}", &mut out).unwrap();
        assert_eq!(out, ["a", "p.b", "c", "t", "p.window_hours"]);
        assert!(placeholders("{a", &mut Vec::new()).is_err());
        assert!(placeholders("a}", &mut Vec::new()).is_err());
        assert!(placeholders("{p.x.y}", &mut Vec::new()).is_err());
        assert!(placeholders("{A}", &mut Vec::new()).is_err());
    }

    #[test]
    fn sentences_are_checked_against_their_guard() {
        let bound = set(&["t", "since", "s"]);
        let reads = set(&["t", "since"]);
        let positions = set(&["window_hours"]);
        let ok = says(
            "{s}'s measure of {t} came within {p.window_hours} from {since}",
            Some("it came after the window ended on {since+p.window_hours}"),
        );
        check_says(&ok, "g", &bound, &set(&[]), &reads, &positions).unwrap();
        // A variable not bound before the guard.
        let unbound = says("{x} {t} {since} {p.window_hours}", None);
        assert!(check_says(&unbound, "g", &bound, &set(&[]), &reads, &positions).is_err());
        // A position the guard does not read.
        let other = says("{t} {since} {p.window_hours} {p.as_of}", None);
        assert!(check_says(&other, "g", &bound, &set(&[]), &reads, &positions).is_err());
        // A variable the guard reads, named by neither sentence.
        let silent = says("{t} {p.window_hours}", Some("{t}"));
        assert!(check_says(&silent, "g", &bound, &set(&[]), &reads, &positions).is_err());
        // A position the guard reads, named by neither sentence.
        let no_position = says("{t} {since}", None);
        assert!(check_says(&no_position, "g", &bound, &set(&[]), &reads, &positions).is_err());
        // A binding's own variable may be named when it holds, not when it fails.
        let own = set(&["end"]);
        let binding = says("{since} {t} ends {end} {p.window_hours}", None);
        check_says(&binding, "g", &bound, &own, &reads, &positions).unwrap();
        let failing = says("{since} {t} {p.window_hours}", Some("ends {end}"));
        assert!(check_says(&failing, "g", &bound, &own, &reads, &positions).is_err());
    }
}
