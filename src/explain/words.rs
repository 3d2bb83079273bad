//! Values as a person reads them in a legal argument: dates as `2 March 2024 08:00 UTC`
//! (`14 June 2016` at midnight), states by name, incidents and other ids in backticks,
//! closed values in words (`point of contact`, `CERT`, `lex lata`), large numbers with
//! thousands separators, and profile positions with the profile they come from
//! (`72 hours (profile kreuzer-2024)`).
//!
//! The audit formats (`--format trace`, JSON values) keep the values as written in the
//! input files ([`Value::render`]); only the argument uses these words.

use crate::facts::{Dataset, Time};
use crate::profile::Profile;
use crate::rules::engine::Value;

/// A time for a person: `2 March 2024 08:00 UTC`, or `14 June 2016` at 00:00 UTC; seconds
/// only when they are not zero. Empty for the open ends ([`Time::NEVER`], [`Time::ALWAYS`]).
pub fn date(t: Time) -> String {
    if t.is_sentinel() {
        return String::new();
    }
    let Ok(ts) = jiff::Timestamp::from_second(t.0) else {
        return t.to_string();
    };
    let d = jiff::tz::Offset::UTC.to_datetime(ts);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS[usize::from(d.month().unsigned_abs()) - 1];
    let day = format!("{} {month} {}", d.day(), d.year());
    match (d.hour(), d.minute(), d.second()) {
        (0, 0, 0) => day,
        (h, m, 0) => format!("{day} {h:02}:{m:02} UTC"),
        (h, m, s) => format!("{day} {h:02}:{m:02}:{s:02} UTC"),
    }
}

/// A closed value (`snake_case` spelling) in words: `point_of_contact` → `point of
/// contact`, `cert` → `CERT`, `lex_lata` → `lex lata`.
pub fn closed(spelling: &str) -> String {
    match spelling {
        "cert" => "CERT".into(),
        "ddos" => "DDoS".into(),
        "vep" => "vulnerabilities equities process".into(),
        "hr_safeguards" => "human-rights safeguards".into(),
        "ci_protection" => "critical-infrastructure protection".into(),
        "public_core" => "public core of the internet".into(),
        "international_org" => "international organisation".into(),
        "mla_request" => "MLA request".into(),
        "mla_response" => "MLA answer".into(),
        "cm_notice" => "countermeasure notice".into(),
        s => s.replace('_', " "),
    }
}

/// A number with thousands separators from 10,000 on (`12,000,000`; `2024` stays).
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The name of a state (its id if the dataset has no row for it).
pub fn state(ds: &Dataset, s: crate::facts::StateId) -> String {
    ds.states
        .iter()
        .find(|r| r.data.id == s)
        .map_or_else(|| ds.symbols.state(s).to_owned(), |r| r.data.name.clone())
}

/// An id as it appears in an argument: in backticks, with any backtick inside replaced so
/// that the marks stay balanced.
pub fn id(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// A value in words: states by name, ids in backticks, times as dates, closed values in
/// words, numbers with separators, rule ids by code; `None` for an absent value.
pub fn value(v: &Value, ds: &Dataset) -> Option<String> {
    let sym = &ds.symbols;
    Some(match *v {
        Value::Absent => return None,
        Value::State(s) => state(ds, s),
        Value::Incident(i) => id(sym.incident(i)),
        Value::Actor(a) => id(sym.actor(a)),
        Value::Response(r) => id(sym.response(r)),
        Value::Vuln(x) => id(sym.vuln(x)),
        Value::Campaign(c) => id(sym.campaign(c)),
        Value::Time(t) => date(t),
        Value::Int(n) => number(n),
        Value::Bool(b) => if b { "yes" } else { "no" }.into(),
        Value::Rule(r) => r.code().into(),
        Value::Sym(s) => closed(s),
        Value::Profile => "the profile".into(),
    })
}

/// True when a value counts as "given" in a conditional placeholder `{x?then|else}`:
/// anything but an absent value, `false`, `0` and an open end of time.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Time(t) => !t.is_sentinel(),
        v => !matches!(v, Value::Absent | Value::Bool(false) | Value::Int(0)),
    }
}

/// Where the value of a profile position comes from: `profile kreuzer-2024`, or
/// `profile my-profile, inherited from kreuzer-2024`.
pub fn origin(profile: &Profile, key: &str) -> String {
    match profile.get(key).map(|p| &p.origin) {
        Some(crate::profile::Origin::Inherited { from }) => {
            format!("profile {}, inherited from {from}", profile.name)
        }
        Some(crate::profile::Origin::Set { profile: by }) if *by != profile.name => {
            format!("profile {}, set by {by}", profile.name)
        }
        _ => format!("profile {}", profile.name),
    }
}

/// A profile position read by a guard (`p.KEY` in the clause; `any_feasible` for the
/// feasibility table): its value in words, and whether it is true (for `{p.KEY?then|else}`).
/// `as_of` is the evaluation time, not a position: its date.
pub fn position(ev: &crate::Evaluation, key: &str) -> Option<(String, bool)> {
    if key == "as_of" {
        return Some((date(ev.params.as_of), true));
    }
    if key == "any_feasible" {
        let mut by_level: Vec<(String, Vec<String>)> = Vec::new();
        for kind in <crate::facts::MeasureKind as strum::IntoEnumIterator>::iter() {
            let need = closed(ev.params.required_capacity(kind).as_str());
            match by_level.iter_mut().find(|(l, _)| *l == need) {
                Some((_, kinds)) => kinds.push(closed(kind.as_str())),
                None => by_level.push((need, vec![closed(kind.as_str())])),
            }
        }
        let parts: Vec<String> = by_level
            .into_iter()
            .map(|(level, kinds)| format!("{} {level}", list(&kinds, "and")))
            .collect();
        return Some((
            format!("the capacity each measure needs: {}", parts.join("; ")),
            true,
        ));
    }
    let p = ev.profile.get(key)?;
    let v = p.value.as_str();
    let words = if key.ends_with("_hours") {
        format!("{v} hours")
    } else if key.ends_with("_usd") {
        format!("{} USD", v.parse().map_or(v.to_string(), number))
    } else if key == "cumulative_incidents" {
        format!("{v} incidents")
    } else if key == "sovereignty" {
        match v {
            "none" => "no sovereignty rule".into(),
            v => format!("the {v} sovereignty rule"),
        }
    } else {
        match v {
            "true" => "yes".into(),
            "false" => "no".into(),
            v => closed(v),
        }
    };
    Some((words, v != "false"))
}

/// The profile a position's value comes from, for `{p.KEY}` (the feasibility table: its
/// first kind's; `as_of`: none).
pub fn position_origin(ev: &crate::Evaluation, key: &str) -> Option<String> {
    match key {
        "as_of" => None,
        "any_feasible" => Some(origin(&ev.profile, "feasibility.takedown")),
        k => ev.profile.get(k).map(|_| origin(&ev.profile, k)),
    }
}

/// `a`, `a and b`, `a, b and c` (or with `or`).
pub fn list(items: &[String], conj: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conj} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_days_with_a_time_only_when_it_is_not_midnight() {
        assert_eq!(
            date(Time::parse("2024-03-02T08:00Z").unwrap()),
            "2 March 2024 08:00 UTC"
        );
        assert_eq!(date(Time::parse("2016-06-14").unwrap()), "14 June 2016");
        assert_eq!(
            date(Time::parse("2016-06-14T00:00:07Z").unwrap()),
            "14 June 2016 00:00:07 UTC"
        );
        assert_eq!(date(Time::NEVER), "");
    }

    #[test]
    fn closed_values_and_numbers_read_as_words() {
        assert_eq!(closed("point_of_contact"), "point of contact");
        assert_eq!(closed("cert"), "CERT");
        assert_eq!(closed("lex_lata"), "lex lata");
        assert_eq!(number(12_000_000), "12,000,000");
        assert_eq!(number(2024), "2024");
        assert_eq!(number(10_000), "10,000");
        assert_eq!(
            list(&["a".into(), "b".into(), "c".into()], "and"),
            "a, b and c"
        );
    }
}
