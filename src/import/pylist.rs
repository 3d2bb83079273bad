//! A reader for the Python list literals EuRepoC writes into single CSV cells:
//! `['Russia', 'China']`, `[['State institutions / political system', 'Media']]`,
//! `["Korea, Democratic People's Republic of"]`, `[None, 'Not available']`.
//!
//! The grammar is the small part of Python's literal syntax those cells use: a value is a
//! list `[v, v, …]` (a trailing comma allowed), a string in single or double quotes with
//! backslash escapes (`\\ \' \" \n \r \t \xHH \uHHHH \UHHHHHHHH`), or `None`. Anything else
//! (numbers, dicts, unquoted words, text after the closing bracket) is an error naming the
//! byte offset, so that a cell the mapping does not understand stops the import instead of
//! being split on its commas.
//!
//! No maintained crate reads Python literals without bringing a whole Python parser
//! (`rustpython-parser`); this one is a page of code with its tests below.

/// A value of a list literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyValue {
    /// `None`.
    None,
    /// A string, escapes resolved.
    Str(String),
    /// A list.
    List(Vec<PyValue>),
}

impl PyValue {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses a whole cell as one list literal (surrounding whitespace allowed).
pub fn parse_list(text: &str) -> Result<Vec<PyValue>, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    p.ws();
    if p.peek() != Some(b'[') {
        return Err(p.err("expected a list starting with `[`"));
    }
    let PyValue::List(items) = p.value(0)? else {
        unreachable!("a value starting with `[` is a list")
    };
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the list"));
    }
    Ok(items)
}

/// Lists nest at most this deep (EuRepoC uses two levels).
const MAX_DEPTH: usize = 16;

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn err(&self, what: &str) -> String {
        let near: String = self.text[self.i.min(self.text.len())..]
            .chars()
            .take(12)
            .collect();
        if near.is_empty() {
            format!("{what} at character {} (end of the cell)", self.i + 1)
        } else {
            format!("{what} at character {} (near `{near}`)", self.i + 1)
        }
    }

    fn value(&mut self, depth: usize) -> Result<PyValue, String> {
        self.ws();
        match self.peek() {
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("lists nested too deeply"));
                }
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        return Ok(PyValue::List(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return Err(self.err("expected `,` or `]`")),
                    }
                }
            }
            Some(q @ (b'\'' | b'"')) => self.string(q).map(PyValue::Str),
            Some(b'N') if self.s[self.i..].starts_with(b"None") => {
                self.i += 4;
                Ok(PyValue::None)
            }
            None => Err(self.err("unexpected end of the cell")),
            _ => Err(self.err("expected a string, `None` or a list")),
        }
    }

    fn string(&mut self, quote: u8) -> Result<String, String> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.i..];
            let Some(c) = rest.chars().next() else {
                self.i = start;
                return Err(self.err("unterminated string"));
            };
            self.i += c.len_utf8();
            match c {
                '\\' => {
                    let Some(e) = self.text[self.i..].chars().next() else {
                        self.i = start;
                        return Err(self.err("unterminated string"));
                    };
                    self.i += e.len_utf8();
                    match e {
                        '\\' | '\'' | '"' => out.push(e),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'x' => out.push(self.hex(2)?),
                        'u' => out.push(self.hex(4)?),
                        'U' => out.push(self.hex(8)?),
                        // Python keeps an unknown escape as written.
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                c if c as u32 == u32::from(quote) => return Ok(out),
                c => out.push(c),
            }
        }
    }

    fn hex(&mut self, digits: usize) -> Result<char, String> {
        let Some(h) = self.text.get(self.i..self.i + digits) else {
            return Err(self.err("incomplete escape"));
        };
        let c = u32::from_str_radix(h, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| self.err("invalid escape"))?;
        self.i += digits;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::PyValue::{List, None as Nil, Str};
    use super::*;
    use pretty_assertions::assert_eq;

    fn s(x: &str) -> PyValue {
        Str(x.to_string())
    }

    #[test]
    fn flat_and_nested_lists_as_eurepoc_writes_them() {
        assert_eq!(
            parse_list("['Russia', 'China']"),
            Ok(vec![s("Russia"), s("China")])
        );
        assert_eq!(
            parse_list("[['State institutions / political system', ''], ['Media']]"),
            Ok(vec![
                List(vec![s("State institutions / political system"), s("")]),
                List(vec![s("Media")]),
            ])
        );
        assert_eq!(parse_list(" [ ] "), Ok(vec![]));
        assert_eq!(parse_list("['a',]"), Ok(vec![s("a")]));
    }

    #[test]
    fn commas_quotes_and_none_inside_values() {
        assert_eq!(
            parse_list(r#"["Korea, Democratic People's Republic of", None, 'Not available']"#),
            Ok(vec![
                s("Korea, Democratic People's Republic of"),
                Nil,
                s("Not available")
            ])
        );
        assert_eq!(
            parse_list(r"['it\'s', 'a\\b', 'tab\there', 'nb\xa0sp', '\u00e9']"),
            Ok(vec![
                s("it's"),
                s("a\\b"),
                s("tab\there"),
                s("nb\u{a0}sp"),
                s("é")
            ])
        );
        assert_eq!(parse_list("['Türkiye']"), Ok(vec![s("Türkiye")]));
    }

    #[test]
    fn malformed_cells_are_errors_with_a_position() {
        assert_eq!(
            parse_list("Russia"),
            Err("expected a list starting with `[` at character 1 (near `Russia`)".into())
        );
        assert_eq!(
            parse_list("['Russia'"),
            Err("expected `,` or `]` at character 10 (end of the cell)".into())
        );
        assert_eq!(
            parse_list("['Russia] "),
            Err("unterminated string at character 2 (near `'Russia] `)".into())
        );
        assert_eq!(
            parse_list("['a'] x"),
            Err("unexpected text after the list at character 7 (near `x`)".into())
        );
        assert_eq!(
            parse_list("[1]"),
            Err("expected a string, `None` or a list at character 2 (near `1]`)".into())
        );
        assert_eq!(
            parse_list("['a' 'b']"),
            Err("expected `,` or `]` at character 6 (near `'b']`)".into())
        );
        assert!(parse_list(&"[".repeat(40)).is_err());
    }
}
