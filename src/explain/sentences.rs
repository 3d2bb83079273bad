//! Plain-language sentences for rows of every relation, with the row's values filled in
//! (states by name, incidents and other ids as written, times in ISO 8601): what
//! explanations print beside each proof node ("Borduria knew of `hosp` from
//! 2024-03-02T08:00Z (notified)"). One template per relation, keyed by its name;
//! `{column}` is replaced by that column's value, `{column?text}` prints `text` (with the
//! column's placeholders filled) only when the column has a value.

use crate::facts::Dataset;
use crate::rules::engine::{FactLike, Value};
use crate::rules::program::Fact;

/// The template of a relation's rows.
pub fn template(rel: &str) -> Option<&'static str> {
    Some(match rel {
        // inputs
        "profile" => "the doctrinal profile in force",
        "state" => "{id} is a state of {capacity} capacity",
        "institution_in" => "{state}'s {institution} institution: {status}{since? from {since}}",
        "incident" => "`{id}` ({vector}; {effect} effects; severity {severity}; {scale}) from {start}{end? to {end}}",
        "in_campaign" => "`{incident}` is part of campaign `{campaign}`",
        "foiled" => "`{incident}` was foiled: stopped before its effect",
        "target" => "`{incident}` targeted {state}'s {sector} sector",
        "origin" => "`{incident}` is linked to {state} ({link})",
        "actor" => "`{id}` is a {kind}{state? of {state}}",
        "perpetrator" => "`{actor}` carried out `{incident}`",
        "control" => "`{controller}` has {kind} over `{controlled}`",
        "notified" => "{by} notified {to} of `{incident}` at {time}",
        "assistance_requested" => "{by} asked {to} for assistance with `{incident}` at {time}",
        "detected" => "{by} detected `{incident}` at {time}",
        "reported" => "`{incident}` was publicly reported{by? by {by}} at {time}",
        "measure_taken" => "{by} took a measure ({measure}) about `{incident}` at {time}",
        "warned" => "{by} warned {to} of `{incident}` at {time}",
        "mla_requested" => "{by} requested mutual legal assistance from {to} about `{incident}` at {time}",
        "mla_answered" => "{by} answered {to}'s legal assistance request about `{incident}` at {time} ({outcome})",
        "concern_voiced" => "{by} voiced concern{to? to {to}} about `{incident}` at {time}",
        "cm_notified" => "{by} notified {to} of intended countermeasures about `{incident}` at {time}",
        "compensation_paid" => "{by} paid compensation to {to} for `{incident}` at {time}",
        "satisfaction_given" => "{by} gave satisfaction to {to} for `{incident}` at {time}",
        "vulnerability" => "{known_by} knew of vulnerability `{id}` from {since}{disclosed? (disclosed {disclosed})}",
        "response" => "{by} responded (`{id}`, {means}) against {against} at {time} over `{incident}`",
        // conclusions (data model)
        "cyber_harm" => "`{incident}` is {degree} cyber harm",
        "significant" => "`{incident}` is significant on ground {ground} ({status})",
        "emanates" => "`{incident}` emanates from {state} ({link})",
        "attributed" => "`{incident}` is attributable to {state}",
        "knows" => "{state} knew of `{incident}` from {since} ({basis})",
        "obligation" => "{state} owed {duty}{incident? about `{incident}`} from {since} ({status})",
        "breach" => "{state} breached {duty}{incident? about `{incident}`}",
        "negligent" => "{state} was negligent about `{incident}`",
        "violation" => "{state} violated the harm prevention rule over `{incident}` ({ground})",
        "wrongful" => "{state} committed a wrongful act against {injured} over `{incident}` ({basis})",
        "consequence" => "{state} owes {injured} {kind} for `{incident}`",
        "admissible" => "response `{response}` is an admissible countermeasure",
        "inadmissible" => "response `{response}` fails condition {reason}",
        "concern" => "{state} did not meet the emerging duty {duty}{incident? about `{incident}`}",
        "recommendation" => "{state} is recommended to meet {duty}",
        // intermediate relations
        "non_cyber" => "`{incident}` is not a cyber operation ({vector})",
        "transboundary" => "`{incident}` crossed from {state} to {victim}",
        "exposed" => "{victim}'s {sector} sector suffered {degree} harm from `{incident}`",
        "sig_ground" => "`{incident}` is significant towards {victim} on ground {ground} ({status})",
        "has_lex_lata_ground" => "`{incident}` has a lex lata significance ground of its own",
        "pooled" => "`{incident}` (loss {loss_usd} USD) counts towards campaign `{campaign}`",
        "pool_later" => "in campaign `{campaign}`, `{later}` comes after `{earlier}`",
        "pool_gap" => "in campaign `{campaign}`, another incident lies between `{earlier}` and `{later}`",
        "pool_next" => "in campaign `{campaign}`, `{next}` follows `{incident}`",
        "pool_has_earlier" => "in campaign `{campaign}`, an incident precedes `{incident}`",
        "pool_has_later" => "in campaign `{campaign}`, an incident follows `{incident}`",
        "pool_sum" => "campaign `{campaign}` up to `{incident}`: {count} incident(s), {loss_usd} USD",
        "pool_total" => "campaign `{campaign}` in all: {count} incident(s), {loss_usd} USD",
        "sig_all" => "`{incident}` is significant towards {victim} on ground {ground} ({status})",
        "sig_stronger" => "`{incident}` has a stronger significance ground towards {victim} than {status}",
        "sig_best_on" => "the strongest significance of `{incident}` towards {victim} is {status}",
        "sig_best_stronger" => "`{incident}` has a significance ground stronger than {status}",
        "sig_best" => "the strongest significance of `{incident}` is {status}",
        "known_in_advance" => "{state} knew of `{incident}` before it began (from {since})",
        "sig_risk" => "`{incident}` is significant as a risk ({status})",
        "knows_at" => "{state} knew of `{incident}` at {since} ({basis})",
        "knows_at_earlier" => "{state} knew of `{incident}` ({basis}) before {since}",
        "first_knows" => "{state} first knew of `{incident}` at {since}",
        "knows_earlier" => "{state} knew of `{incident}` before {since}",
        "controlled_by" => "`{actor}` is controlled by `{controller}`",
        "action_duty" => "{state} owed DUTY-ACTION about `{incident}` from {since} ({status})",
        "victim_knew" => "{victim} knew of `{incident}` by the end of {state}'s window",
        "notify_owed" => "{state} owed {victim} notice of `{incident}` from {since} ({status})",
        "notify_owed_stronger" => "{state}'s duty to notify about `{incident}` is stronger than {status} towards some victim",
        "notify_duty" => "{state} owed DUTY-NOTIFY about `{incident}` from {since} ({status})",
        "mla_owed" => "{state} owed {requester} legal assistance about `{incident}` from {since}",
        "mla_owed_earlier" => "{state} owed legal assistance about `{incident}` before {since}",
        "mla_duty" => "{state} owed DUTY-MLA about `{incident}` from {since}",
        "vuln_owed" => "{state} owed DUTY-VULN for `{vulnerability}` from {since}",
        "vuln_owed_earlier" => "{state} owed DUTY-VULN before {since}",
        "vuln_duty" => "{state} owed DUTY-VULN from {since}",
        "capacity_bound" => "{state}'s capacity is medium or high (CAP-2)",
        "inst_later" => "{state}'s {institution} has a row from {until}, later than the one{since? from {since}}",
        "inst_later_gap" => "{state}'s {institution} has another row between{since? {since} and} {until}",
        "inst_has_later" => "{state}'s {institution} has a row later than the one{since? from {since}}",
        "inst_span" => "{state}'s {institution} is documented as {status}{since? from {since}}{until? until {until}}",
        "inst_in_force" => "{state}'s {institution} is in force at the evaluation time",
        "inst_absent" => "{state}'s {institution} is documented as absent at the evaluation time",
        "inst_lacking" => "{state} is documented as lacking every institution {duty} asks for",
        "can_act" => "some measure was feasible for {state} (CAP-1)",
        "action_discharged" => "{state} discharged DUTY-ACTION about `{incident}` in time",
        "warned_in_time" => "{state} warned {victim} of `{incident}` in time",
        "mla_answered_in_time" => "{state} answered {requester}'s request of {since} about `{incident}` in time",
        "failed_about" => "{state} did not meet {duty} about `{incident}` ({status}; due by {complete})",
        "failed_state" => "{state} did not meet {duty} ({status})",
        "breach_about" => "{state} breached {duty} about `{incident}`",
        "violated_neg1" => "{state} violated the rule itself over `{incident}` (NEG-1)",
        "measure_ever" => "{state} took some measure about `{incident}`",
        "warned_ever" => "{state} warned {victim} of `{incident}` at some time",
        "mla_answered_ever" => "{state} answered {requester}'s request of {since} about `{incident}` at some time",
        "continuing" => "{state}'s wrongful act over `{incident}` ({basis}) continues",
        "harm_occurred" => "`{incident}` caused harm",
        "causal_nexus" => "{state}'s failure about `{incident}` was complete before the operation ended (causal nexus)",
        "compensation_owed" => "{injured} has a claim to compensation from {state} for `{incident}`",
        "compensated_to" => "{state} compensated {injured} for `{incident}`",
        "satisfied_to" => "{state} gave satisfaction to {injured} for `{incident}`",
        "wrong_done" => "{state} wronged {injured} over `{incident}` by {duty} (complete {complete})",
        "cm_against_state" => "response `{response}` by {by} against {against} at {time} is a countermeasure{on_behalf_of? on behalf of {on_behalf_of}}",
        "cm_wrong" => "response `{response}` answers a wrong done to {injured} ({duty})",
        "cm_has_wrong" => "response `{response}` answers a prior wrongful act",
        "cm_purpose" => "response `{response}` seeks to induce compliance",
        "measure_before" => "a measure preceded response `{response}`",
        "warning_before" => "{victim} was warned before response `{response}`",
        "mla_answer_before" => "{requester}'s request of {since} was answered before response `{response}`",
        "compensated_before" => "{injured} was compensated before response `{response}`",
        "satisfied_before" => "{injured} was given satisfaction before response `{response}`",
        "cm_harmed" => "the operation response `{response}` answers had caused harm by the response's time",
        "cm_compensable" => "{injured} was owed compensation when response `{response}` was taken",
        "cm_noticed" => "response `{response}` was notified in advance",
        "cm_fails" => "response `{response}` fails some condition",
        _ => return None,
    })
}

/// The sentence of a row: its relation's template with the values filled in; `None` for a
/// relation without one.
pub fn sentence(fact: &Fact, ds: &Dataset) -> Option<String> {
    let meta = fact.rel();
    let t = template(meta.name)?;
    let values = fact.values();
    let value = |col: &str| -> Option<String> {
        let k = meta.columns.iter().position(|c| *c == col)?;
        Some(match values[k] {
            Value::Absent => String::new(),
            Value::State(s) => ds
                .states
                .iter()
                .find(|r| r.data.id == s)
                .map_or_else(|| ds.symbols.state(s).to_owned(), |r| r.data.name.clone()),
            v => v.render(&ds.symbols),
        })
    };
    Some(fill(t, &value))
}

/// Fills a template: `{column}` by `value(column)`, `{column?text}` by `text` (filled in
/// turn) when `value(column)` is non-empty. The report's script implements the same.
pub fn fill(t: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = matching(&rest[open..]) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &rest[open + 1..open + close];
        match inner.split_once('?') {
            Some((col, text)) => {
                if value(col).is_some_and(|v| !v.is_empty()) {
                    out.push_str(&fill(text, value));
                }
            }
            None => out.push_str(&value(inner).unwrap_or_else(|| format!("{{{inner}}}"))),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The offset of the `}` closing the `{` at the start of `s`.
fn matching(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::program::Rel;

    #[test]
    fn every_relation_has_a_sentence_naming_only_its_columns() {
        for rel in Rel::ALL {
            let meta = rel.name();
            let t =
                template(meta.name).unwrap_or_else(|| panic!("no sentence for `{}`", meta.name));
            let filled = fill(t, &|c| meta.columns.contains(&c).then(|| "x".to_string()));
            assert!(
                !filled.contains('{'),
                "`{}`: unknown column in {t:?}",
                meta.name
            );
        }
    }

    #[test]
    fn optional_parts_appear_only_with_a_value() {
        let t = "{s} breached {d}{i? about `{i}`}";
        let with = fill(t, &|c| Some(c.to_uppercase()));
        assert_eq!(with, "S breached D about `I`");
        let without = fill(t, &|c| {
            (c != "i").then(|| c.to_uppercase()).or(Some(String::new()))
        });
        assert_eq!(without, "S breached D");
    }
}
