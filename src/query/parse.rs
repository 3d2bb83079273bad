//! The query language's syntax: a lexer and a recovering parser from text to a
//! [`QueryFile`] of clauses, each element positioned (line and column, 1-based).
//!
//! `parse` is a pure function of the text: no dataset, no schema. It reports every syntax
//! error of the text at once (after an error it skips to the end of the clause, `.`, and
//! goes on), so a fuzzer can call it on any input.
//!
//! ```text
//! file    := clause*
//! clause  := head ":-" body "."  |  "?-" body "."  |  body "."     (the `.` of the last clause may be left out)
//! head    := name "(" [headarg ("," headarg)*] ")"
//! headarg := [Label "="] (Var | const | agg "(" Var ")")          agg := count | sum | min | max
//! body    := lit ("," lit)*
//! lit     := atom | ("!" | "not") atom | term op term               op := = != < <= > >=
//! atom    := name "(" [arg ("," arg)*] ")"                          arg := term | column ":" term
//! term    := Var | "_" | "string" | number | time
//! ```
//! Variables start with an uppercase letter or `_` (`_` alone is anonymous); names of
//! relations and columns start with a lowercase letter. Times are ISO 8601 literals
//! (`2024-03-01`, `2024-03-02T08:00Z`); comments run from `%` or `//` to the end of the
//! line, or between `/*` and `*/`.

use std::fmt;

/// A position in the query text: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A problem with a query, positioned.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct QueryError {
    /// Where it is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
}

impl QueryError {
    pub(crate) fn new(pos: Pos, message: impl Into<String>) -> Self {
        QueryError {
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

/// A constant as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// A quoted string (`""` is the absent value).
    Str(String),
    /// An integer.
    Num(i64),
    /// An ISO 8601 time literal, in seconds since the epoch, with its text.
    Time(i64, String),
}

impl fmt::Display for Const {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Const::Str(s) => write!(f, "{s:?}"),
            Const::Num(n) => write!(f, "{n}"),
            Const::Time(_, t) => f.write_str(t),
        }
    }
}

/// A term: variable, anonymous `_` or constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// A named variable.
    Var(String, Pos),
    /// `_`: any value, not bound.
    Anon(Pos),
    /// A constant.
    Const(Const, Pos),
}

impl Term {
    /// Where the term is.
    pub fn pos(&self) -> Pos {
        match self {
            Term::Var(_, p) | Term::Anon(p) | Term::Const(_, p) => *p,
        }
    }
}

/// An argument of a body atom: by position, or by column name (`loss_usd: L`).
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// The column named, if any.
    pub column: Option<(String, Pos)>,
    /// The value.
    pub term: Term,
}

/// `name(args)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    /// The relation's name.
    pub name: String,
    /// Where the name is.
    pub pos: Pos,
    /// The arguments.
    pub args: Vec<Arg>,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Op {
    /// True for `<`, `<=`, `>`, `>=`.
    pub fn is_order(self) -> bool {
        !matches!(self, Op::Eq | Op::Ne)
    }
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// One literal of a body.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A positive atom.
    Atom(Atom),
    /// A negated atom (`!atom` or `not atom`).
    Not(Atom),
    /// A comparison.
    Cmp {
        /// The left side.
        left: Term,
        /// The operator.
        op: Op,
        /// The right side.
        right: Term,
        /// Where it is written.
        pos: Pos,
    },
}

/// An aggregate function of a head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFn {
    /// `count(X)`: the number of distinct bindings of the body's variables in the group.
    Count,
    /// `sum(X)`: the sum of `X` over those bindings.
    Sum,
    /// `min(X)`: the least value of `X` (absent values skipped).
    Min,
    /// `max(X)`: the greatest value of `X` (absent values skipped).
    Max,
}

impl AggFn {
    /// The function's name.
    pub fn as_str(self) -> &'static str {
        match self {
            AggFn::Count => "count",
            AggFn::Sum => "sum",
            AggFn::Min => "min",
            AggFn::Max => "max",
        }
    }
}

/// One column of a head.
#[derive(Clone, Debug, PartialEq)]
pub enum HeadArg {
    /// A variable or constant, optionally labelled (`Label = X`).
    Term {
        /// The column's label, if given.
        label: Option<String>,
        /// The variable or constant.
        term: Term,
    },
    /// An aggregate over a variable, optionally labelled (`N = count(I)`).
    Agg {
        /// The column's label, if given.
        label: Option<String>,
        /// The function.
        func: AggFn,
        /// The variable aggregated over.
        var: String,
        /// Where the variable is written.
        var_pos: Pos,
        /// Where the aggregate is written.
        pos: Pos,
    },
}

impl HeadArg {
    /// Where the column is.
    pub fn pos(&self) -> Pos {
        match self {
            HeadArg::Term { term, .. } => term.pos(),
            HeadArg::Agg { pos, .. } => *pos,
        }
    }
}

/// The head of a clause; `None` for a head-less query (`?- body.`).
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    /// The query's name.
    pub name: String,
    /// Where the name is.
    pub pos: Pos,
    /// The columns.
    pub args: Vec<HeadArg>,
}

/// One clause: `head :- body.` (or a head-less query).
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// The head; `None` for `?- body.`, whose answer is named `query` with a column per
    /// named variable.
    pub head: Option<Head>,
    /// The body's literals.
    pub body: Vec<Literal>,
    /// Where the clause starts.
    pub pos: Pos,
}

/// A parsed query file (or query text): its clauses in order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct QueryFile {
    /// The clauses.
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// Lowercase-initial name.
    Name(String),
    /// Uppercase- or `_`-initial variable (including `_`).
    Var(String),
    Str(String),
    Num(i64),
    Time(i64, String),
    LParen,
    RParen,
    Comma,
    Dot,
    If,
    Query,
    Colon,
    Bang,
    Op(Op),
    Eof,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Name(n) => format!("`{n}`"),
            Tok::Var(v) => format!("variable `{v}`"),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::Num(n) => format!("number `{n}`"),
            Tok::Time(_, t) => format!("time `{t}`"),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Dot => "`.`".into(),
            Tok::If => "`:-`".into(),
            Tok::Query => "`?-`".into(),
            Tok::Colon => "`:`".into(),
            Tok::Bang => "`!`".into(),
            Tok::Op(o) => format!("`{}`", o.as_str()),
            Tok::Eof => "the end of the query".into(),
        }
    }
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
    column: u32,
    errors: Vec<QueryError>,
}

impl Lexer<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }
    fn peek2(&self) -> Option<char> {
        let mut it = self.chars.clone();
        it.next();
        it.next()
    }

    fn tokens(mut self) -> (Vec<(Tok, Pos)>, Vec<QueryError>) {
        let mut out = Vec::new();
        loop {
            // Whitespace and comments.
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                    continue;
                }
                Some('%') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                    continue;
                }
                Some('/') if self.peek2() == Some('/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                    continue;
                }
                Some('/') if self.peek2() == Some('*') => {
                    let at = self.pos();
                    self.bump();
                    self.bump();
                    let mut closed = false;
                    while let Some(c) = self.bump() {
                        if c == '*' && self.peek() == Some('/') {
                            self.bump();
                            closed = true;
                            break;
                        }
                    }
                    if !closed {
                        self.errors
                            .push(QueryError::new(at, "comment `/*` is not closed by `*/`"));
                    }
                    continue;
                }
                _ => {}
            }
            let at = self.pos();
            let Some(c) = self.bump() else {
                out.push((Tok::Eof, at));
                break;
            };
            let tok = match c {
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                ',' => Tok::Comma,
                '.' => Tok::Dot,
                ':' if self.peek() == Some('-') => {
                    self.bump();
                    Tok::If
                }
                ':' => Tok::Colon,
                '?' if self.peek() == Some('-') => {
                    self.bump();
                    Tok::Query
                }
                '!' if self.peek() == Some('=') => {
                    self.bump();
                    Tok::Op(Op::Ne)
                }
                '!' => Tok::Bang,
                '=' => {
                    if self.peek() == Some('=') {
                        self.bump();
                    }
                    Tok::Op(Op::Eq)
                }
                '<' if self.peek() == Some('=') => {
                    self.bump();
                    Tok::Op(Op::Le)
                }
                '<' => Tok::Op(Op::Lt),
                '>' if self.peek() == Some('=') => {
                    self.bump();
                    Tok::Op(Op::Ge)
                }
                '>' => Tok::Op(Op::Gt),
                '"' | '\'' => match self.string(c, at) {
                    Some(s) => Tok::Str(s),
                    None => continue,
                },
                '-' if self.peek().is_some_and(|d| d.is_ascii_digit()) => {
                    match self.number_or_time(String::from("-"), at) {
                        Some(t) => t,
                        None => continue,
                    }
                }
                c if c.is_ascii_digit() => match self.number_or_time(c.to_string(), at) {
                    Some(t) => t,
                    None => continue,
                },
                c if c.is_alphabetic() || c == '_' => {
                    let mut s = c.to_string();
                    while let Some(d) = self.peek() {
                        if d.is_alphanumeric() || d == '_' {
                            s.push(d);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    if c.is_uppercase() || c == '_' {
                        Tok::Var(s)
                    } else {
                        Tok::Name(s)
                    }
                }
                other => {
                    self.errors.push(QueryError::new(
                        at,
                        format!("unexpected character `{other}`"),
                    ));
                    continue;
                }
            };
            out.push((tok, at));
        }
        (out, self.errors)
    }

    fn string(&mut self, quote: char, at: Pos) -> Option<String> {
        let mut s = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => {
                    self.errors
                        .push(QueryError::new(at, "string is not closed on its line"));
                    return None;
                }
                Some('\\') => match self.bump() {
                    Some(c @ ('"' | '\'' | '\\')) => s.push(c),
                    Some('n') => s.push('\n'),
                    Some(c) => {
                        s.push('\\');
                        s.push(c);
                    }
                    None => {}
                },
                Some(c) if c == quote => return Some(s),
                Some(c) => s.push(c),
            }
        }
    }

    fn number_or_time(&mut self, mut s: String, at: Pos) -> Option<Tok> {
        while let Some(d) = self.peek() {
            // Digits, and what an ISO 8601 time may hold after its date.
            let time_char = s.len() >= 4 && matches!(d, '-' | 'T' | ':' | 'Z' | '+' | '.');
            if d.is_ascii_digit() || time_char {
                // A `.` ends the clause unless a digit follows (fractional seconds).
                if d == '.' && !self.peek2().is_some_and(|c| c.is_ascii_digit()) {
                    break;
                }
                if d == '.' && !s.contains('T') {
                    break;
                }
                s.push(d);
                self.bump();
            } else {
                break;
            }
        }
        if s.len() >= 8 && s[1..].contains('-') && !s.starts_with('-') {
            match crate::facts::Time::parse(&s) {
                Ok(t) => Some(Tok::Time(t.0, s)),
                Err(e) => {
                    self.errors.push(QueryError::new(at, e));
                    None
                }
            }
        } else {
            match s.parse::<i64>() {
                Ok(n) => Some(Tok::Num(n)),
                Err(_) => {
                    self.errors.push(QueryError::new(
                        at,
                        format!("`{s}` is neither an integer nor an ISO 8601 time"),
                    ));
                    None
                }
            }
        }
    }
}

struct Parser {
    toks: Vec<(Tok, Pos)>,
    at: usize,
    errors: Vec<QueryError>,
}

type PResult<T> = Result<T, QueryError>;

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.at].0
    }
    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.at + k).min(self.toks.len() - 1)].0
    }
    fn pos(&self) -> Pos {
        self.toks[self.at].1
    }
    fn next(&mut self) -> (Tok, Pos) {
        let t = self.toks[self.at].clone();
        if self.at + 1 < self.toks.len() {
            self.at += 1;
        }
        t
    }
    fn expect(&mut self, want: Tok, what: &str) -> PResult<Pos> {
        if *self.peek() == want {
            Ok(self.next().1)
        } else {
            Err(self.unexpected(what))
        }
    }
    fn unexpected(&self, what: &str) -> QueryError {
        QueryError::new(
            self.pos(),
            format!("expected {what}, found {}", self.peek().describe()),
        )
    }

    fn file(&mut self) -> QueryFile {
        let mut file = QueryFile::default();
        while *self.peek() != Tok::Eof {
            let start = self.at;
            match self.clause() {
                Ok(c) => file.clauses.push(c),
                Err(e) => {
                    self.errors.push(e);
                    // Recover: skip to the end of this clause.
                    while !matches!(self.peek(), Tok::Dot | Tok::Eof) {
                        self.next();
                    }
                    self.next();
                    if self.at == start {
                        break;
                    }
                }
            }
        }
        file
    }

    fn clause(&mut self) -> PResult<Clause> {
        let pos = self.pos();
        let head = if *self.peek() == Tok::Query {
            self.next();
            None
        } else if self.clause_has_if() {
            let h = self.head()?;
            self.expect(Tok::If, "`:-` after the head")?;
            Some(h)
        } else {
            None
        };
        let body = self.body()?;
        match self.peek() {
            Tok::Dot => {
                self.next();
            }
            Tok::Eof => {}
            _ => return Err(self.unexpected("`,` or `.` after a literal")),
        }
        Ok(Clause { head, body, pos })
    }

    /// True if a `:-` comes before the clause's end.
    fn clause_has_if(&self) -> bool {
        let mut k = self.at;
        let mut depth = 0i32;
        while k < self.toks.len() {
            match self.toks[k].0 {
                Tok::If => return true,
                Tok::Dot | Tok::Eof => return false,
                Tok::LParen => depth += 1,
                Tok::RParen => depth -= 1,
                _ => {}
            }
            let _ = depth;
            k += 1;
        }
        false
    }

    fn head(&mut self) -> PResult<Head> {
        let (tok, pos) = self.next();
        let name = match tok {
            Tok::Name(n) => n,
            Tok::Var(v) => {
                return Err(QueryError::new(
                    pos,
                    format!("a query's name starts with a lowercase letter, found `{v}`"),
                ))
            }
            t => {
                return Err(QueryError::new(
                    pos,
                    format!("expected the query's name, found {}", t.describe()),
                ))
            }
        };
        self.expect(Tok::LParen, "`(` after the query's name")?;
        let mut args = Vec::new();
        if *self.peek() != Tok::RParen {
            loop {
                args.push(self.head_arg()?);
                match self.peek() {
                    Tok::Comma => {
                        self.next();
                    }
                    Tok::RParen => break,
                    _ => return Err(self.unexpected("`,` or `)` in the head")),
                }
            }
        }
        self.next();
        Ok(Head { name, pos, args })
    }

    fn head_arg(&mut self) -> PResult<HeadArg> {
        let mut label = None;
        if let (Tok::Var(v), Tok::Op(Op::Eq)) = (self.peek().clone(), self.peek_at(1)) {
            if v != "_" {
                label = Some(v);
                self.next();
                self.next();
            }
        }
        if let Tok::Name(n) = self.peek().clone() {
            let func = match n.as_str() {
                "count" => Some(AggFn::Count),
                "sum" => Some(AggFn::Sum),
                "min" => Some(AggFn::Min),
                "max" => Some(AggFn::Max),
                _ => None,
            };
            let pos = self.pos();
            if let Some(func) = func {
                if *self.peek_at(1) == Tok::LParen {
                    self.next();
                    self.next();
                    let (tok, var_pos) = self.next();
                    let var = match tok {
                        Tok::Var(v) if v != "_" => v,
                        t => {
                            return Err(QueryError::new(
                                var_pos,
                                format!(
                                    "`{}` takes one named variable, found {}",
                                    func.as_str(),
                                    t.describe()
                                ),
                            ))
                        }
                    };
                    self.expect(Tok::RParen, "`)` after the aggregated variable")?;
                    return Ok(HeadArg::Agg {
                        label,
                        func,
                        var,
                        var_pos,
                        pos,
                    });
                }
            }
        }
        let term = self.term()?;
        Ok(HeadArg::Term { label, term })
    }

    fn body(&mut self) -> PResult<Vec<Literal>> {
        let mut lits = vec![self.literal()?];
        while *self.peek() == Tok::Comma {
            self.next();
            lits.push(self.literal()?);
        }
        Ok(lits)
    }

    fn literal(&mut self) -> PResult<Literal> {
        match self.peek().clone() {
            Tok::Bang => {
                self.next();
                Ok(Literal::Not(self.atom()?))
            }
            Tok::Name(n) if n == "not" && matches!(self.peek_at(1), Tok::Name(_)) => {
                self.next();
                Ok(Literal::Not(self.atom()?))
            }
            Tok::Name(_) if *self.peek_at(1) == Tok::LParen => Ok(Literal::Atom(self.atom()?)),
            _ => {
                let pos = self.pos();
                let left = self.term()?;
                let op = match self.next() {
                    (Tok::Op(op), _) => op,
                    (t, p) => {
                        return Err(QueryError::new(
                            p,
                            format!(
                            "expected a comparison (=, !=, <, <=, >, >=) after the term, found {}",
                            t.describe()
                        ),
                        ))
                    }
                };
                let right = self.term()?;
                Ok(Literal::Cmp {
                    left,
                    op,
                    right,
                    pos,
                })
            }
        }
    }

    fn atom(&mut self) -> PResult<Atom> {
        let (tok, pos) = self.next();
        let name = match tok {
            Tok::Name(n) => n,
            t => {
                return Err(QueryError::new(
                    pos,
                    format!("expected a relation's name, found {}", t.describe()),
                ))
            }
        };
        self.expect(Tok::LParen, &format!("`(` after `{name}`"))?;
        let mut args = Vec::new();
        if *self.peek() != Tok::RParen {
            loop {
                let column = match (self.peek().clone(), self.peek_at(1)) {
                    (Tok::Name(c), Tok::Colon) => {
                        let p = self.pos();
                        self.next();
                        self.next();
                        Some((c, p))
                    }
                    _ => None,
                };
                let term = self.term()?;
                args.push(Arg { column, term });
                match self.peek() {
                    Tok::Comma => {
                        self.next();
                    }
                    Tok::RParen => break,
                    _ => return Err(self.unexpected(&format!("`,` or `)` in `{name}(…)`"))),
                }
            }
        }
        self.next();
        Ok(Atom { name, pos, args })
    }

    fn term(&mut self) -> PResult<Term> {
        let (tok, pos) = self.next();
        Ok(match tok {
            Tok::Var(v) if v == "_" => Term::Anon(pos),
            Tok::Var(v) => Term::Var(v, pos),
            Tok::Str(s) => Term::Const(Const::Str(s), pos),
            Tok::Num(n) => Term::Const(Const::Num(n), pos),
            Tok::Time(t, s) => Term::Const(Const::Time(t, s), pos),
            Tok::Name(n) if n == "true" || n == "false" => Term::Const(Const::Str(n), pos),
            Tok::Name(n) => {
                return Err(QueryError::new(
                    pos,
                    format!(
                        "`{n}` is neither a variable nor a constant: variables start with an uppercase letter or `_`; quote a constant: \"{n}\""
                    ),
                ))
            }
            t => {
                return Err(QueryError::new(
                    pos,
                    format!(
                        "expected a variable, `_` or a constant, found {}",
                        t.describe()
                    ),
                ))
            }
        })
    }
}

/// Parses a query file or query text. Every syntax error is reported, positioned and
/// sorted; nothing is checked against the relations here (see `check`).
pub fn parse(text: &str) -> Result<QueryFile, Vec<QueryError>> {
    let lexer = Lexer {
        chars: text.chars().peekable(),
        line: 1,
        column: 1,
        errors: Vec::new(),
    };
    let (toks, mut errors) = lexer.tokens();
    let mut p = Parser {
        toks,
        at: 0,
        errors: Vec::new(),
    };
    let file = p.file();
    errors.extend(p.errors);
    if errors.is_empty() {
        Ok(file)
    } else {
        errors.sort();
        errors.dedup();
        Err(errors)
    }
}
