//! The CFR Cyber Operations Tracker (`cyber-operations-incidents.csv`): one row per
//! state-sponsored operation, columns `Title, Date, Affiliations, Description, Response,
//! Victims, Sponsor, Type, Category, Sources_1, Sources_2, Sources_3`.
//!
//! How the cells are written, and read here: `Date` is `M/D/YYYY`; `Sponsor` and
//! `Category` are `", "`-joined lists; `Victims` is free text (`United States`,
//! `Political dissidents and opposition leaders in Ghana`), read only where it names a
//! state by itself or as `in <state>`; a few rows have their values shifted against the
//! header (a URL in `Type` or `Category`) and are skipped. The mapping, rule by rule with
//! its reason, is `docs/importers.md`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::facts::{InputError, InputErrors, InputFile};

use super::enrich::{Enrichment, Resolved, States};
use super::source::{Rec, Source};
use super::writer::{clean, Builder, Prov};
use super::{next_day, parse_us_date, Summary};

/// The tracker's columns.
pub const COLUMNS: &[&str] = &[
    "Title",
    "Date",
    "Affiliations",
    "Description",
    "Response",
    "Victims",
    "Sponsor",
    "Type",
    "Category",
    "Sources_1",
    "Sources_2",
    "Sources_3",
];

/// `Type` → (vector, its rule, effect, its rule).
fn kind(t: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    const INTR: (&str, &str) = ("intrusion", "VECTOR-INTRUSION");
    const CONF: (&str, &str) = ("confidentiality", "EFFECT-CONFIDENTIALITY");
    const FUNC: (&str, &str) = ("functionality", "EFFECT-FUNCTIONALITY");
    let (v, e) = match t {
        "Espionage" | "Doxing" | "Financial Theft" | "" => (INTR, CONF),
        "Defacement" => (INTR, FUNC),
        "Denial of service" => (("ddos", "VECTOR-DDOS"), FUNC),
        "Sabotage" | "Data destruction" => (("malware", "VECTOR-MALWARE"), FUNC),
        _ => return None,
    };
    Some((v.0, v.1, e.0, e.1))
}

/// `Category` item → sector.
fn category(c: &str) -> Option<&'static str> {
    Some(match c {
        "Government" => "government",
        "Military" => "military",
        "Private sector" | "Civil society" => "private",
        _ => return None,
    })
}

/// A row whose values are shifted against the header: a URL in `Type` or `Category`, or a
/// source column holding something other than a URL.
fn shifted(r: &Rec) -> bool {
    r.get("Type").contains("://")
        || r.get("Category").contains("://")
        || ["Sources_1", "Sources_2", "Sources_3"]
            .iter()
            .any(|c| !r.get(c).is_empty() && !r.get(c).contains("://"))
}

/// Imports the tracker.
pub fn import(path: &Path, enrichment: &Enrichment) -> Result<(Builder, Summary), InputErrors> {
    let mut errors: Vec<InputError> = Vec::new();
    let Some(src) = Source::read(path, COLUMNS, &mut errors) else {
        errors.sort();
        return Err(InputErrors(errors));
    };
    for r in src.rows() {
        if shifted(&r) {
            continue;
        }
        let date = r.get("Date");
        if !date.is_empty() {
            if let Err(m) = parse_us_date(date) {
                errors.push(r.error("Date", m));
            }
        }
        let t = r.get("Type");
        if kind(t).is_none() {
            errors.push(r.error(
                "Type",
                format!(
                    "unknown value `{t}`; the mapping knows: Espionage, Doxing, Financial Theft, \
                     Defacement, Denial of service, Sabotage, Data destruction, (empty)"
                ),
            ));
        }
        for c in list(r.get("Category")) {
            if category(c).is_none() {
                errors.push(r.error(
                    "Category",
                    format!(
                        "unknown value `{c}`; the mapping knows: Government, Military, Private sector, Civil society"
                    ),
                ));
            }
        }
    }
    if !errors.is_empty() {
        errors.sort();
        return Err(InputErrors(errors));
    }
    let mut b = Builder::default();
    b.table(
        InputFile::Incidents,
        &[
            "id", "title", "start", "end", "vector", "effect", "severity", "scale", "source",
        ],
    );
    b.table(InputFile::Targets, &["incident", "state", "sector"]);
    b.table(InputFile::Origins, &["incident", "state", "link"]);
    b.table(InputFile::Actors, &["id", "name", "kind", "state"]);
    b.table(InputFile::Perpetrators, &["incident", "actor"]);
    let mut states = States::default();
    let mut actors: std::collections::HashMap<(String, &'static str, String), String> =
        Default::default();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut written = 0;
    for r in src.rows() {
        let at = r.at();
        if shifted(&r) {
            b.note(
                &at,
                "Type, Category, Sources_1",
                "SKIP-SHIFTED",
                format!(
                    "the values of `{}` are shifted against the header (Type `{}`, Category `{}`, Sources_1 `{}`): not written",
                    clean(r.get("Title")),
                    r.get("Type"),
                    r.get("Category"),
                    r.get("Sources_1")
                ),
            );
            continue;
        }
        let Ok(start) = parse_us_date(r.get("Date")) else {
            b.note(
                &at,
                "Date",
                "SKIP-NO-START",
                format!("`{}` has no date: not written", clean(r.get("Title"))),
            );
            continue;
        };
        written += 1;
        let id = format!("cfr-{}", r.line);
        let (vector, vrule, effect, erule) = kind(r.get("Type")).unwrap_or((
            "intrusion",
            "VECTOR-INTRUSION",
            "confidentiality",
            "EFFECT-CONFIDENTIALITY",
        ));

        // Victims: the states they name, with the categories' sectors.
        let sectors: Vec<&str> = list(r.get("Category")).filter_map(category).collect();
        let mut victims = BTreeSet::new();
        for item in victim_items(r.get("Victims")) {
            let found = victim_state(item);
            let Some(name) = found else {
                b.note(&at, "Victims", "TARGET-TEXT-UNMAPPED", format!("victim `{item}` names no state by itself or as `in <state>`: no targets row"));
                continue;
            };
            match states.resolve(&mut b, name, &at, "Victims") {
                Resolved::State(s) => {
                    if sectors.is_empty() {
                        b.note(
                            &at,
                            "Victims, Category",
                            "TARGET-NO-SECTOR",
                            format!("victim {name} without a Category: no targets row"),
                        );
                    }
                    for sec in &sectors {
                        b.count("TARGET");
                        b.row(
                            InputFile::Targets,
                            vec![id.clone(), s.clone(), sec.to_string()],
                            Prov::new(&at, "Victims, Category", "TARGET"),
                        );
                    }
                    victims.insert(s);
                }
                Resolved::NotAState(what) => b.note(
                    &at,
                    "Victims",
                    "TARGET-NOT-A-STATE",
                    format!("victim `{name}` is {what}: no targets row"),
                ),
                Resolved::Unmapped => {}
            }
        }
        let scale = if victims.len() > 1 {
            "broad"
        } else {
            "targeted"
        };
        let mut sources = vec![format!(
            "CFR Cyber Operations Tracker: {}",
            clean(r.get("Title"))
        )];
        for c in ["Sources_1", "Sources_2", "Sources_3"] {
            if !r.get(c).is_empty() {
                sources.push(r.get(c).to_string());
            }
        }
        let end = next_day(start);
        b.note(
            &at,
            "Date",
            "END-MISSING",
            format!("the tracker records no end: end set to {end} (the start day only)"),
        );
        for rule in [vrule, erule, "SEVERITY", "SCALE", "CFR-INCIDENT"] {
            b.count(rule);
        }
        b.row(
            InputFile::Incidents,
            vec![
                id.clone(),
                clean(r.get("Title")),
                start.to_string(),
                end.to_string(),
                vector.into(),
                effect.into(),
                "low".into(),
                scale.into(),
                sources.join(" ; "),
            ],
            Prov::new(
                &at,
                "Title, Date, Type, Victims, Sources_1, Sources_2, Sources_3",
                "CFR-INCIDENT",
            )
            .with("END-MISSING")
            .with(vrule)
            .with(erule)
            .with("SEVERITY")
            .with("SCALE"),
        );

        // Sponsors: origins; the affiliation: the perpetrator.
        let mut sponsors = Vec::new();
        for name in places(r.get("Sponsor")) {
            let name = name.as_str();
            match states.resolve(&mut b, name, &at, "Sponsor") {
                Resolved::State(s) => {
                    b.count("ORIGIN");
                    b.row(
                        InputFile::Origins,
                        vec![id.clone(), s.clone(), "jurisdiction".into()],
                        Prov::new(&at, "Sponsor", "ORIGIN"),
                    );
                    sponsors.push(s);
                }
                Resolved::NotAState(what) => b.note(
                    &at,
                    "Sponsor",
                    "ORIGIN-NOT-A-STATE",
                    format!("sponsor `{name}` is {what}: no origins row"),
                ),
                Resolved::Unmapped => {}
            }
        }
        sponsors.dedup();
        let aff = r.get("Affiliations");
        let name = aff
            .strip_prefix("Believed to be the work of ")
            .unwrap_or(aff)
            .trim_end_matches('.')
            .trim();
        let name = if name.starts_with("Also known as") {
            format!("{} ({})", clean(r.get("Title")), name)
        } else {
            clean(name)
        };
        if name.is_empty() {
            b.note(
                &at,
                "Affiliations",
                "ACTOR-NOT-ATTRIBUTED",
                "no affiliation recorded: no perpetrator".into(),
            );
        } else {
            let home = if sponsors.len() == 1 {
                sponsors[0].clone()
            } else {
                String::new()
            };
            let government = name.to_lowercase().contains("government");
            let (kind, rule) = if government && !home.is_empty() {
                ("state_organ", "ACTOR-STATE-ORGAN")
            } else if government {
                b.note(&at, "Affiliations, Sponsor", "ACTOR-STATE-WITHOUT-COUNTRY", format!("`{name}` names a government but the sponsor is not one state: no perpetrator"));
                continue;
            } else {
                ("proxy", "ACTOR-PROXY")
            };
            let key = (name.to_lowercase(), kind, home.clone());
            let actor = match actors.get(&key) {
                Some(a) => a.clone(),
                None => {
                    let short = if kind == "state_organ" {
                        "organ"
                    } else {
                        "proxy"
                    };
                    let base = if home.is_empty() {
                        format!("{}-{short}", super::eurepoc::slug(&name))
                    } else {
                        format!(
                            "{}-{}-{short}",
                            super::eurepoc::slug(&name),
                            home.to_lowercase()
                        )
                    };
                    let mut a = base.clone();
                    let mut k = 2;
                    while !taken.insert(a.clone()) {
                        a = format!("{base}-{k}");
                        k += 1;
                    }
                    actors.insert(key, a.clone());
                    b.row(
                        InputFile::Actors,
                        vec![a.clone(), name.clone(), kind.into(), home.clone()],
                        Prov::new(&at, "Affiliations, Sponsor", "ACTOR").with(rule),
                    );
                    a
                }
            };
            b.count(rule);
            b.row(
                InputFile::Perpetrators,
                vec![id.clone(), actor],
                Prov::new(&at, "Affiliations", "ACTOR").with(rule),
            );
        }
        let resp = r.get("Response");
        if !resp.is_empty() && resp != "Unknown" {
            b.note(
                &at,
                "Response",
                "CFR-RESPONSE-NOT-IMPORTED",
                format!(
                    "response `{}`: who responded is not recorded; not imported",
                    clean(resp)
                ),
            );
        }
    }
    let (with_capacity, with_institutions) = states.finish(&mut b, enrichment);
    let summary = Summary {
        sources: vec![format!("{} ({} operations)", src.name, src.records.len())],
        read: src.records.len(),
        written,
        unread: vec![(src.name.clone(), src.unread(COLUMNS))],
        states: states.len(),
        with_capacity,
        with_institutions,
    };
    Ok((b, summary))
}

/// A `", "`-joined list (empty: none).
fn list(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A `", "`-joined list of places: two neighbouring items that together are a spelling of
/// the country table (`Palestine, State of`) are one place.
fn places(v: &str) -> Vec<String> {
    let items: Vec<&str> = list(v).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < items.len() {
        if k + 1 < items.len() {
            let joined = format!("{}, {}", items[k], items[k + 1]);
            if super::countries::lookup(&joined).is_some() {
                out.push(joined);
                k += 2;
                continue;
            }
        }
        out.push(items[k].to_string());
        k += 1;
    }
    out
}

/// The items of a Victims text: split on commas and a final `and`.
fn victim_items(v: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in v.split(',') {
        let part = part.trim();
        let part = part.strip_prefix("and ").unwrap_or(part).trim();
        if part.is_empty() {
            continue;
        }
        // `A and B` where both sides are places of the table.
        if let Some((a, b)) = part.split_once(" and ") {
            if victim_state(a).is_some() && super::countries::lookup(b.trim()).is_some() {
                out.push(a.trim());
                out.push(b.trim());
                continue;
            }
        }
        out.push(part);
    }
    out
}

/// The place a victim item names: the item itself, or what follows its last ` in `.
fn victim_state(item: &str) -> Option<&str> {
    let item = item.trim().trim_end_matches('.');
    fn strip(s: &str) -> &str {
        s.strip_prefix("the ").unwrap_or(s).trim()
    }
    if super::countries::lookup(strip(item)).is_some() {
        return Some(strip(item));
    }
    let (_, tail) = item.rsplit_once(" in ")?;
    super::countries::lookup(strip(tail)).map(|_| strip(tail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn victims_name_states_by_themselves_or_after_in() {
        assert_eq!(
            victim_items("Russian Federation, Pakistan, Saudi Arabia, Turkey, North America"),
            vec![
                "Russian Federation",
                "Pakistan",
                "Saudi Arabia",
                "Turkey",
                "North America"
            ]
        );
        assert_eq!(
            victim_items("Pharmaceutical companies in the United States, Canada, and South Korea"),
            vec![
                "Pharmaceutical companies in the United States",
                "Canada",
                "South Korea"
            ]
        );
        assert_eq!(
            victim_state("Pharmaceutical companies in the United States"),
            Some("United States")
        );
        assert_eq!(
            victim_state("Political dissidents and opposition leaders in Ghana"),
            Some("Ghana")
        );
        assert_eq!(victim_state("Taiwanese financial institutions"), None);
        assert_eq!(
            victim_state("Belgian Federal Public Service Interior"),
            None
        );
    }
}
