//! Importers: the incident datasets researchers already hold, written as a dataset of our
//! schema that `diligence check` accepts.
//!
//! - [`eurepoc`]: the European Repository of Cyber Incidents, Global Database 1.1, with its
//!   long-format companions (attributions, receivers).
//! - [`cfr`]: the Council on Foreign Relations' Cyber Operations Tracker.
//! - [`enrich`]: capacity and institutions a user has researched (`--states`,
//!   `--institutions`, `--with DIR`), merged by state id.
//! - [`writer`]: the shared writer: rows with provenance, notes, the temporary folder checked
//!   with the loader and renamed into place, `import/import-log.csv`, `import/import-notes.csv`.
//! - [`source`]: reading a source CSV with positioned errors; [`pylist`]: EuRepoC's Python
//!   list literals; [`countries`]: the country table.
//!
//! Every mapping decision is a rule with an id ([`RULES`], documented with its reason in
//! `docs/importers.md`); the import log names the rules behind each written row, and the
//! summary counts how often each rule was applied. What the source does not say is not
//! written: no notification, measure, institution or capacity is invented.

pub mod cfr;
pub mod countries;
pub mod enrich;
pub mod eurepoc;
pub mod pylist;
pub mod source;
pub mod writer;

use std::collections::BTreeMap;
use std::fmt::Write as _;

pub use writer::{Builder, Note, Prov};

/// A calendar date.
pub type Date = jiff::civil::Date;

/// Every mapping rule of the importers: id, and what it does (for the summary). The reasons
/// are in `docs/importers.md`; a test checks that every id is documented there.
pub const RULES: &[(&str, &str)] = &[
    // incidents
    ("EU-INCIDENT", "one incident per Global Database row; id `eurepoc-ID`, source `EuRepoC 1.1 #ID`"),
    ("CFR-INCIDENT", "one incident per tracker row; id `cfr-LINE`, source `CFR Cyber Operations Tracker: TITLE`"),
    ("SKIP-NO-START", "no start date: the incident is not written (start is required)"),
    ("SKIP-SHIFTED", "the row's values are shifted against the header (a URL in Type or Category, a source that is not a URL): not written"),
    ("DATE-TIME-ZERO", "a date written as `YYYY-MM-DD 00:00:00` is read as the date"),
    ("END-INCLUSIVE", "an end date is the last day of the operation: `end` is the next day, 00:00"),
    ("END-SAME-DAY", "end date equals start date: the operation lasted that day (`end` = start + 1 day)"),
    ("END-BEFORE-START", "end date before the start (a placeholder such as 2000-01-01 or YYYY-01-01): read as unknown, `end` = start + 1 day"),
    ("END-MISSING", "no end date: not 'still ongoing'; `end` = start + 1 day, the least the source supports"),
    ("START-JANUARY-1", "start on 1 January, possibly a year-only placeholder: kept as given"),
    ("VECTOR-SUPPLY-CHAIN", "MITRE initial access `Supply Chain Compromise`: vector supply_chain"),
    ("VECTOR-RANSOMWARE", "incident type `Ransomware` or MITRE impact `Data Encrypted for Impact`: vector ransomware"),
    ("VECTOR-DDOS", "MITRE impact `Network/Endpoint Denial of Service` (CFR: `Denial of service`): vector ddos"),
    ("VECTOR-EXPLOIT", "a zero-day, or MITRE initial access `Exploit Public-Facing Application` / `Drive-By Compromise`: vector exploit"),
    ("VECTOR-MALWARE", "MITRE impact `Disk Wipe`, `Data Destruction`, `Firmware Corruption`, `Inhibit System Recovery` (CFR: `Sabotage`, `Data destruction`): vector malware"),
    ("VECTOR-INTRUSION", "no technique recorded beyond a breach of confidentiality, integrity or availability: vector intrusion"),
    ("EFFECT-PHYSICAL", "physical effects recorded: effect physical"),
    ("EFFECT-FUNCTIONALITY", "a disruption recorded: effect functionality"),
    ("EFFECT-CONFIDENTIALITY", "data theft, hijacking, espionage or nothing more: effect confidentiality"),
    ("SEVERITY", "severity from the recorded intensity (table in docs/importers.md); low when nothing is recorded"),
    ("SCALE", "scale broad when several target states are recorded (or widespread physical effects), else targeted"),
    ("LOSS-USD", "economic impact in US dollars: loss_usd"),
    ("LOSS-NOT-USD", "economic impact in another currency: not converted, loss_usd left at 0"),
    // targets, origins, actors
    ("TARGET", "a receiver (or victim) state with its category: a targets row"),
    ("TARGET-NO-SECTOR", "a receiver category without a sector of the data model (Other, Unknown, critical infrastructure without sub-sector, Space): no targets row"),
    ("TARGET-UNALIGNED", "receiver lists of different lengths naming several countries: no targets row for the incident"),
    ("TARGET-ONE-COUNTRY", "receiver lists of different lengths naming one country: every category belongs to it"),
    ("TARGET-NOT-A-STATE", "a receiver that is a region, an organisation or unknown: no targets row"),
    ("TARGET-TEXT-UNMAPPED", "CFR victim text that names no state by itself or as `in <state>`: no targets row"),
    ("ORIGIN", "an initiator (sponsor) country that is a state: an origins row with link jurisdiction"),
    ("ORIGIN-NOT-A-STATE", "an initiator (sponsor) that is a region, an organisation or unknown: no origins row"),
    ("ACTOR", "a named initiator: an actor keyed by name, kind and state (codings are not merged)"),
    ("ACTOR-STATE-ORGAN", "initiator category `State`: a state organ of its country (unnamed: `unnamed organ of STATE`)"),
    ("ACTOR-PROXY", "initiator category `Non-state actor, state-affiliation suggested` (CFR: a sponsored group): a proxy with its home state; no control is recorded"),
    ("ACTOR-GROUP", "initiator category `Non-state-group`: a criminal_group (a company for hacking-for-hire / private technology companies)"),
    ("ACTOR-INDIVIDUAL", "initiator category `Individual hacker(s)`: an individual"),
    ("ACTOR-NOT-ATTRIBUTED", "initiator category `Unknown - not attributed`, `Not available` or empty, or a non-state initiator without a name: no perpetrator"),
    ("ACTOR-STATE-WITHOUT-COUNTRY", "a `State` initiator whose country is not a state: no perpetrator"),
    ("INITIATOR-UNALIGNED", "initiator name, country and category lists of different lengths: no perpetrators for the incident"),
    // events and responses
    ("REPORT", "a dated attribution: a public_report event on that date (one per incident and date)"),
    ("REPORT-YEAR-ONLY", "an attribution dated 1 January is read as 'in that year': dated 31 December of that year"),
    ("REPORT-BEFORE-START", "an attribution dated before the incident's start: no event"),
    ("REPORT-NO-DATE", "an attribution without a date (empty, NaT): no event"),
    ("CONCERN", "a political statement or protest by a state other than an origin state: a concern event"),
    ("POLITICAL-NOT-A-CONCERN", "a political response that is not a statement or protest (awareness raising, legislation, resignations): no event"),
    ("POLITICAL-BY-ORIGIN", "a political response by an origin state: no concern event"),
    ("POLITICAL-NOT-A-STATE", "a political response by a region, an organisation or an unknown: no event"),
    ("POLITICAL-NO-DATE", "a political response without a readable date (NaT) or type (`N`): no event"),
    ("POLITICAL-UNALIGNED", "political response lists of different lengths: no events for the incident"),
    ("RESPONSE-RETORSION", "a legal response `Peaceful means: Retorsion`: a responses row, means retorsion, against the single initiator state"),
    ("RESPONSE-SEVERITY", "the severity of a retorsion is not recorded: the incident's severity is written (CM-RETORSION needs none)"),
    ("RESPONSE-TARGET-UNKNOWN", "a retorsion whose initiator state is not one state (none, several, or the responding state): no responses row"),
    ("MEASURE-BY-ORIGIN", "a legal response `Other legal measures on national level` by an origin state: a measure event (investigate)"),
    ("LEGAL-DOMESTIC", "domestic legal measures or an emergency by a state other than an origin: no row (not a response to a state)"),
    ("LEGAL-NOT-A-RESPONSE", "legal response type `Not available`, `No justification under IL` or empty: no row"),
    ("LEGAL-UNALIGNED", "legal response lists of different lengths: no rows for the incident"),
    ("CFR-RESPONSE-NOT-IMPORTED", "CFR's Response column does not say who responded: not imported"),
    ("ATTRIBUTION-UNMATCHED", "an attribution row whose incident is not in the Global Database: not used"),
    ("RECEIVER-UNMATCHED", "a receiver row whose incident is not in the Global Database: not used"),
    ("ATTRIBUTION-NOT-LISTED", "an incident the attribution file does not list: its attributions are read from the Global Database's columns"),
    ("RECEIVER-NOT-LISTED", "an incident the receiver file does not list: its receivers are read from the Global Database's columns"),
    // states and enrichment
    ("COUNTRY", "a state named by the sources: a states row with its ISO 3166-1 alpha-2 id and short name"),
    ("COUNTRY-TERRITORY", "a dependent territory: written as its sovereign state"),
    ("COUNTRY-UNMAPPED", "a name the country table lacks: reported, nothing written"),
    ("ENRICH-CAPACITY", "capacity taken from --states / --with for this state id"),
    ("ENRICH-INSTITUTION", "an institutions row taken from --institutions / --with for this state id"),
];

/// The meaning of a rule id (for the summary).
pub(crate) fn rule_meaning(id: &str) -> &'static str {
    RULES.iter().find(|(r, _)| *r == id).map_or("", |(_, m)| m)
}

/// Parses an ISO date as the sources write it: `YYYY-MM-DD`, or `YYYY-MM-DD 00:00:00`
/// (returned with `true`: the time part was present and zero).
pub fn parse_date(text: &str) -> Result<(Date, bool), String> {
    let (day, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let bad = || format!("`{text}` is not a date (expected YYYY-MM-DD or YYYY-MM-DD 00:00:00)");
    if day.len() != 10 {
        return Err(bad());
    }
    let date: Date = day.parse().map_err(|_| bad())?;
    match time {
        None => Ok((date, false)),
        Some("00:00:00") => Ok((date, true)),
        Some(_) => Err(format!(
            "`{text}` has a time of day; the sources give dates only (expected 00:00:00)"
        )),
    }
}

/// Parses a US date `M/D/YYYY` (the CFR tracker's).
pub fn parse_us_date(text: &str) -> Result<Date, String> {
    let bad = || format!("`{text}` is not a date (expected M/D/YYYY)");
    let mut it = text.split('/');
    let (Some(m), Some(d), Some(y), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(bad());
    };
    let num = |s: &str, max: usize| -> Result<i16, String> {
        if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (m, d, y) = (num(m, 2)?, num(d, 2)?, num(y, 4)?);
    if y < 1000 {
        return Err(bad());
    }
    Date::new(y, m as i8, d as i8).map_err(|_| bad())
}

/// The day after `d`.
pub fn next_day(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
}

/// What an import did: counts for the summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// The source files read, as `name (N rows)`.
    pub sources: Vec<String>,
    /// Incidents read from the main source.
    pub read: usize,
    /// Incidents written.
    pub written: usize,
    /// Columns of the sources the mapping does not read (per file).
    pub unread: Vec<(String, Vec<String>)>,
    /// States written, and how many got their capacity and institutions from enrichment.
    pub states: usize,
    /// States with a documented capacity.
    pub with_capacity: usize,
    /// States with at least one institutions row.
    pub with_institutions: usize,
}

/// The summary printed after an import.
pub fn summary_text(title: &str, s: &Summary, b: &Builder, out: &std::path::Path) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{title} → {}", out.display());
    for src in &s.sources {
        let _ = writeln!(t, "  read {src}");
    }
    let skipped = s.read - s.written;
    let _ = writeln!(
        t,
        "incidents: {} read, {} written, {} skipped",
        s.read, s.written, skipped
    );
    let skip_rules = ["SKIP-NO-START", "SKIP-SHIFTED"];
    for r in skip_rules {
        if let Some(n) = b.counts.get(r) {
            let _ = writeln!(t, "  {n:>6}  {r}: {}", rule_meaning(r));
        }
    }
    let groups: [(&str, &[&str]); 5] = [
        (
            "repairs and readings of dates",
            &[
                "DATE-TIME-ZERO",
                "END-SAME-DAY",
                "END-BEFORE-START",
                "END-MISSING",
                "END-INCLUSIVE",
                "START-JANUARY-1",
                "REPORT-YEAR-ONLY",
            ],
        ),
        (
            "values not written (each listed with its row in import/import-notes.csv)",
            &[
                "TARGET-NO-SECTOR",
                "TARGET-UNALIGNED",
                "TARGET-NOT-A-STATE",
                "TARGET-TEXT-UNMAPPED",
                "ORIGIN-NOT-A-STATE",
                "ACTOR-NOT-ATTRIBUTED",
                "ACTOR-STATE-WITHOUT-COUNTRY",
                "INITIATOR-UNALIGNED",
                "REPORT-BEFORE-START",
                "REPORT-NO-DATE",
                "POLITICAL-NOT-A-CONCERN",
                "POLITICAL-BY-ORIGIN",
                "POLITICAL-NOT-A-STATE",
                "POLITICAL-NO-DATE",
                "POLITICAL-UNALIGNED",
                "RESPONSE-TARGET-UNKNOWN",
                "LEGAL-DOMESTIC",
                "LEGAL-NOT-A-RESPONSE",
                "LEGAL-UNALIGNED",
                "LOSS-NOT-USD",
                "CFR-RESPONSE-NOT-IMPORTED",
                "ATTRIBUTION-UNMATCHED",
                "RECEIVER-UNMATCHED",
            ],
        ),
        (
            "mappings with a default",
            &[
                "ATTRIBUTION-NOT-LISTED",
                "RECEIVER-NOT-LISTED",
                "VECTOR-INTRUSION",
                "EFFECT-CONFIDENTIALITY",
                "TARGET-ONE-COUNTRY",
                "COUNTRY-TERRITORY",
                "RESPONSE-SEVERITY",
            ],
        ),
        (
            "enrichment (by state id)",
            &["ENRICH-CAPACITY", "ENRICH-INSTITUTION"],
        ),
        (
            "other mappings",
            &[
                "VECTOR-SUPPLY-CHAIN",
                "VECTOR-RANSOMWARE",
                "VECTOR-DDOS",
                "VECTOR-EXPLOIT",
                "VECTOR-MALWARE",
                "EFFECT-PHYSICAL",
                "EFFECT-FUNCTIONALITY",
                "LOSS-USD",
                "ACTOR-STATE-ORGAN",
                "ACTOR-PROXY",
                "ACTOR-GROUP",
                "ACTOR-INDIVIDUAL",
                "CONCERN",
                "RESPONSE-RETORSION",
                "MEASURE-BY-ORIGIN",
            ],
        ),
    ];
    for (name, rules) in groups {
        let present: Vec<&str> = rules
            .iter()
            .copied()
            .filter(|r| b.counts.contains_key(r))
            .collect();
        if present.is_empty() {
            continue;
        }
        let _ = writeln!(t, "{name}:");
        for r in present {
            let _ = writeln!(t, "  {:>6}  {r}: {}", b.counts[r], rule_meaning(r));
        }
    }
    let uses: usize = b.unmapped.values().sum();
    let _ = writeln!(
        t,
        "names not in the country table: {} ({} uses){}",
        b.unmapped.len(),
        uses,
        if b.unmapped.is_empty() { "" } else { ":" }
    );
    for (name, n) in &b.unmapped {
        let _ = writeln!(t, "  {n:>6}  `{name}`");
    }
    let _ = writeln!(t, "rows written:");
    let order = crate::facts::InputFile::ALL;
    for f in order {
        if let Some(tab) = b.tables.get(f) {
            let _ = writeln!(t, "  {:>6}  {}", tab.rows.len(), f.file_name());
        }
    }
    let _ = writeln!(
        t,
        "  provenance: import/import-log.csv ({} rows), import/import-notes.csv ({} notes)",
        b.tables.values().map(|t| t.rows.len()).sum::<usize>(),
        b.notes.len()
    );
    for (file, cols) in &s.unread {
        if !cols.is_empty() {
            let _ = writeln!(t, "columns of {file} not read: {}", cols.join(", "));
        }
    }
    let _ = writeln!(t, "what the data cannot support:");
    let no_cap = s.states - s.with_capacity;
    let no_inst = s.states - s.with_institutions;
    if no_cap > 0 {
        let _ = writeln!(
            t,
            "  capacity is undocumented for {no_cap} of {} states: no measure can be shown feasible \
             for them (CAP-1), so no BREACH-ACTION and no `negligent` row arises for them; \
             INST-KNOWLEDGE and INST-CI do not bind them (CAP-2). Give --states or --with DIR.",
            s.states
        );
    }
    if no_inst > 0 {
        let _ = writeln!(
            t,
            "  no institution is recorded for {no_inst} of {} states: they have no constructive \
             knowledge (KNOW-CONSTRUCTIVE needs `monitoring` or `cert`), and no INST-* breach \
             can be found (BREACH-INST needs a documented absence). Give --institutions or --with DIR.",
            s.states
        );
    }
    let reports = b.counts.get("REPORT").copied().unwrap_or(0);
    let _ = writeln!(
        t,
        "  no notification, assistance request, warning, MLA request or detection is recorded by \
         the source, so DUTY-NOTIFY and DUTY-MLA cannot arise; {}",
        if reports > 0 {
            "knowledge can come only from the public reports (KNOW-CONSTRUCTIVE, with institutions)."
        } else {
            "no dated public report either, so no state can be shown to know of an operation \
             (KNOW-*) and DUTY-ACTION cannot arise."
        }
    );
    t
}

/// Counts of notes by rule, for tests.
pub fn note_counts(b: &Builder) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for n in &b.notes {
        *m.entry(n.rule).or_default() += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn dates_as_the_sources_write_them() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(parse_date("2021-05-07"), Ok((d("2021-05-07"), false)));
        assert_eq!(
            parse_date("2021-05-07 00:00:00"),
            Ok((d("2021-05-07"), true))
        );
        assert!(parse_date("2021-05-07 13:00:00").is_err());
        assert!(parse_date("2021-13-07").is_err());
        assert!(parse_date("NaT").is_err());
        assert!(parse_date("2021").is_err());
        assert_eq!(parse_us_date("1/20/2022"), Ok(d("2022-01-20")));
        assert_eq!(parse_us_date("12/31/2005"), Ok(d("2005-12-31")));
        assert!(parse_us_date("2/30/2022").is_err());
        assert!(parse_us_date("2022-01-20").is_err());
        assert_eq!(next_day(d("2020-12-31")), d("2021-01-01"));
    }

    #[test]
    fn every_rule_is_documented_in_the_mapping_table() {
        let doc = include_str!("../../docs/importers.md");
        for (id, _) in RULES {
            assert!(
                doc.contains(&format!("`{id}`")),
                "rule {id} is not documented in docs/importers.md"
            );
        }
    }
}
