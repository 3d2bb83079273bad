//! A relation's row as an English sentence, for proofs that a lawyer reads: one template
//! per relation with `{column}` placeholders, filled with the row's values (state columns
//! as `Name (ID)`). Relations without a template fall back to their documentation.
//! The same templates are embedded in the report's JSON, so the lazily rendered proofs
//! read exactly like the inline ones.

/// The sentence template of a relation: the crate's one table ([`crate::explain::sentences`]).
pub use crate::explain::sentences::template;

/// Columns whose values are state ids.
pub fn is_state_column(col: &str) -> bool {
    matches!(
        col,
        "state" | "injured" | "victim" | "by" | "to" | "requester" | "known_by" | "against"
    )
}

/// The sentence of a row: its relation's template filled in (state columns through
/// `state_name`), or the relation's documentation with the row's atom.
pub fn sentence(
    rel: &str,
    doc: &str,
    columns: &[&str],
    values: &[String],
    state_name: &dyn Fn(&str) -> Option<String>,
) -> String {
    let fill = |col: &str, v: &str| -> String {
        match (is_state_column(col), state_name(v)) {
            (true, Some(n)) if n != v => format!("{n} ({v})"),
            _ => v.to_string(),
        }
    };
    match template(rel) {
        Some(t) => crate::explain::sentences::fill(t, &|col| {
            let k = columns.iter().position(|c| *c == col)?;
            let v = values.get(k)?;
            Some(if v.is_empty() {
                String::new()
            } else {
                fill(col, v)
            })
        })
        // Backticks mark ids in terminal output; the page sets ids apart by itself.
        .replace('`', ""),
        None => {
            let doc = doc.lines().next().unwrap_or("").replace('`', "");
            let atom = format!("{rel}({})", values.join(", "));
            if doc.is_empty() {
                atom
            } else {
                format!("{atom}: {doc}")
            }
        }
    }
}
