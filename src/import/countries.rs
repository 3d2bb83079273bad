//! The country table (`countries.csv`, embedded): how a source spells a place, and what it
//! is for our data: a state (its ISO 3166-1 alpha-2 code and the short name written into
//! `states.csv`), a dependent territory (written as its sovereign: the harm prevention rule
//! runs between states, and the sovereign conducts the territory's international
//! relations), a region, an organisation, or an unknown. A spelling the table lacks is
//! reported by the importers and never guessed.
//!
//! The spellings are the ISO 3166-1 names (short, common and official), the variants that
//! EuRepoC 1.1 and the CFR tracker write (`Russia`, `Iran, Islamic Republic of`,
//! `Iran (Islamic Republic of)`, `Korea (Democratic People's Republic of)`, …), and the
//! regions, organisations and placeholders they use (`Global (region)`, `NATO (region)`,
//! `United Nations`, `Unknown`, `Not available`). Matching ignores letter case and runs of
//! white space (including no-break spaces), nothing else.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table as shipped in the repository.
pub const TABLE: &str = include_str!("countries.csv");

/// What a spelling names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A state: its id and the name written into `states.csv`.
    State {
        /// The state's id (ISO 3166-1 alpha-2 where there is one).
        id: String,
        /// Its name.
        name: String,
    },
    /// A dependent territory, written as its sovereign state (`id`, `name`).
    Territory {
        /// The sovereign state's id.
        id: String,
        /// The sovereign state's name.
        name: String,
    },
    /// A region (`Global (region)`, `EU (region)`, `North America`).
    Region,
    /// An organisation (`United Nations`, `Interpol`, `ISIS`).
    Organisation,
    /// A placeholder for an unknown place (`Unknown`, `Not available`, `None`).
    Unknown,
}

impl Place {
    /// The state id written for this place, if any.
    pub fn state(&self) -> Option<(&str, &str)> {
        match self {
            Place::State { id, name } | Place::Territory { id, name } => Some((id, name)),
            _ => None,
        }
    }
}

/// One row of the table with its line (for provenance).
#[derive(Clone, Debug)]
pub struct Entry {
    /// The place.
    pub place: Place,
    /// The line of `countries.csv` (the header is line 1).
    pub line: usize,
}

fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn table() -> &'static HashMap<String, Entry> {
    static T: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    T.get_or_init(|| {
        let mut map = HashMap::new();
        let mut r = csv::Reader::from_reader(TABLE.as_bytes());
        for (k, rec) in r.records().enumerate() {
            let Ok(rec) = rec else { continue };
            let (spelling, kind, id, name) = (&rec[0], &rec[1], &rec[2], &rec[3]);
            let place = match kind {
                "state" => Place::State {
                    id: id.into(),
                    name: name.into(),
                },
                "territory" => Place::Territory {
                    id: id.into(),
                    name: name.into(),
                },
                "region" => Place::Region,
                "organisation" => Place::Organisation,
                _ => Place::Unknown,
            };
            map.insert(key(spelling), Entry { place, line: k + 2 });
        }
        map
    })
}

/// What `name` names, with the table's line; `None` if the table lacks it.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    table().get(&key(name))
}

/// The line of `countries.csv` that defines state `id` (its `name`), for provenance.
pub fn state_line(id: &str) -> Option<usize> {
    let mut r = csv::Reader::from_reader(TABLE.as_bytes());
    r.records()
        .enumerate()
        .find(|(_, rec)| {
            rec.as_ref()
                .is_ok_and(|rec| &rec[1] == "state" && &rec[2] == id)
        })
        .map(|(k, _)| k + 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn spellings_of_both_sources_map_to_one_state() {
        for (spelling, id) in [
            ("Russia", "RU"),
            ("Russian Federation", "RU"),
            ("Iran, Islamic Republic of", "IR"),
            ("Iran (Islamic Republic of)", "IR"),
            ("Korea, Democratic People's Republic of", "KP"),
            ("Korea (Democratic People's Republic of)", "KP"),
            ("Korea, Republic of", "KR"),
            ("United States of America", "US"),
            ("united  states", "US"),
            ("Palestine, State of", "PS"),
            ("Taiwan", "TW"),
            ("The Philippines", "PH"),
        ] {
            let e = lookup(spelling).unwrap_or_else(|| panic!("{spelling} missing"));
            assert_eq!(e.place.state().map(|s| s.0), Some(id), "{spelling}");
        }
        assert_eq!(
            lookup("Russia").unwrap().place,
            Place::State {
                id: "RU".into(),
                name: "Russia".into()
            }
        );
    }

    #[test]
    fn regions_organisations_placeholders_and_territories() {
        assert_eq!(lookup("Global (region)").unwrap().place, Place::Region);
        assert_eq!(lookup("NATO (region)").unwrap().place, Place::Region);
        assert_eq!(lookup("United Nations").unwrap().place, Place::Organisation);
        assert_eq!(lookup("Unknown").unwrap().place, Place::Unknown);
        assert_eq!(lookup("Not available").unwrap().place, Place::Unknown);
        assert_eq!(
            lookup("Hong Kong").unwrap().place,
            Place::Territory {
                id: "CN".into(),
                name: "China".into()
            }
        );
        assert!(lookup("Atlantis").is_none());
    }

    #[test]
    fn every_state_id_has_one_name_and_every_spelling_one_row() {
        let mut names: HashMap<String, String> = HashMap::new();
        let mut spellings = std::collections::HashSet::new();
        let mut r = csv::Reader::from_reader(TABLE.as_bytes());
        for rec in r.records() {
            let rec = rec.unwrap();
            assert!(
                spellings.insert(key(&rec[0])),
                "duplicate spelling {}",
                &rec[0]
            );
            match &rec[1] {
                "state" | "territory" => {
                    assert_eq!(rec[2].len(), 2, "{:?}", rec);
                    let name = names
                        .entry(rec[2].to_string())
                        .or_insert(rec[3].to_string());
                    assert_eq!(*name, rec[3].to_string(), "{:?}", rec);
                }
                "region" | "organisation" | "unknown" => {
                    assert!(rec[2].is_empty() && rec[3].is_empty())
                }
                other => panic!("unknown kind {other}"),
            }
        }
        // Every territory's sovereign is a state of the table.
        for (id, _) in names {
            assert!(state_line(&id).is_some(), "no state row for {id}");
        }
    }
}
