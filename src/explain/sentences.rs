//! Plain-language sentences for rows of every relation, with the row's values filled in
//! (states by name, incidents and other ids as written, times in ISO 8601): what
//! explanations print beside each proof node ("Borduria knew of `hosp` from
//! 2024-03-02T08:00Z (notified)"). One template per relation, keyed by its name;
//! `{column}` is replaced by that column's value, `{column?text}` prints `text` (with the
//! column's placeholders filled) only when the column has a value.

use crate::facts::Dataset;
use crate::rules::engine::{FactLike, RelMeta, Value};
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
        "concern" => "{state} fell short of an emerging standard under {duty}{incident? about `{incident}`} (a concern, not a breach)",
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
/// turn) when `value(column)` is non-empty, `{column?text|other}` by `other` when it is
/// empty. The report's script implements the same (without `|`, which only the sentences
/// of the legal argument use).
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
                let (then, other) = split_else(text);
                if value(col).is_some_and(|v| !v.is_empty()) {
                    out.push_str(&fill(then, value));
                } else {
                    out.push_str(&fill(other, value));
                }
            }
            None => out.push_str(&value(inner).unwrap_or_else(|| format!("{{{inner}}}"))),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// `then|else` split at the first `|` outside braces (`else` empty without one).
pub fn split_else(text: &str) -> (&str, &str) {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '|' if depth == 0 => return (&text[..i], &text[i + 1..]),
            _ => {}
        }
    }
    (text, "")
}

/// The template of a row in a legal argument, where it differs from [`template`] (which
/// the audit formats keep unchanged).
fn argument_template(rel: &str) -> Option<&'static str> {
    Some(match rel {
        "incident" => "{id}, an operation by {vector} with {effect} effects of {severity} severity ({scale}), ran from {start}{end? to {end}}",
        "obligation" => "{state} owed {duty}{incident? about {incident}}{since? from {since}} ({status})",
        "origin" => "{incident} is linked to {state} ({link})",
        "failed_about" => "{state} did not meet {duty} about {incident} ({status}; due by {complete})",
        "significant" => "{incident} is significant on ground {ground} ({status})",
        "sig_ground" | "sig_all" => "{incident} is significant towards {victim} on ground {ground} ({status})",
        "exposed" => "{victim}'s {sector} sector suffered {degree} cyber harm from {incident}, an operation from abroad",
        "control" => "{controller} has {kind} over {controlled}",
        "can_act" => "some measure was feasible for {state}",
        "capacity_bound" => "{state}'s capacity is medium or high",
        "cm_against_state" => "response {response} by {by} against {against} on {time} is a countermeasure{on_behalf_of? on behalf of {on_behalf_of}}",
        _ => return None,
    })
}

/// The sentence of a row as a legal argument states it: its argument template or
/// [`template`], filled with the values in words ([`crate::explain::words::value`]: states
/// by name, ids in backticks, dates, closed values in words); times read "on" a date.
pub fn say(fact: &Fact, ds: &Dataset) -> String {
    let meta = fact.rel();
    let values = fact.values();
    let t = match argument_template(meta.name) {
        Some(t) => t.to_string(),
        None => template(meta.name)
            .unwrap_or(meta.name)
            .replace('`', "")
            .replace(" at {", " on {"),
    };
    possessive(&fill(&t, &|col: &str| {
        let k = meta.columns.iter().position(|c| *c == col)?;
        Some(crate::explain::words::value(&values[k], ds).unwrap_or_default())
    }))
}

/// `United States's` → `United States'`: the possessive of a name ending in `s`.
pub fn possessive(s: &str) -> String {
    s.replace("s's ", "s' ")
}

/// The sentence saying that no row of `rel` matches `pattern` (`None`: any value), from
/// the relation's template of absence, values in words.
pub fn say_absent(rel: &RelMeta, pattern: &[Option<Value>], ds: &Dataset) -> String {
    let t = absent_template(rel.name).unwrap_or("no such row is recorded");
    possessive(&fill(t, &|col: &str| {
        let k = rel.columns.iter().position(|c| *c == col)?;
        Some(
            pattern
                .get(k)
                .copied()
                .flatten()
                .and_then(|v| crate::explain::words::value(&v, ds))
                .unwrap_or_default(),
        )
    }))
}

/// The sentence saying that a relation has no row matching a pattern: columns the pattern
/// leaves open are empty, so every column appears in a conditional `{column?…|…}` where
/// it may be open.
pub(crate) fn absent_template(rel: &str) -> Option<&'static str> {
    Some(match rel {
        // inputs
        "profile" => "no doctrinal profile is in force",
        "state" => "{id?{id} is not a state|no state is recorded}{capacity? of {capacity} capacity}",
        "institution_in" => "no {institution?{institution}|such} institution{state? of {state}}{since? in force since {since}} is recorded",
        "incident" => "no operation{id? {id}}{vector? by {vector}}{effect? with {effect} effects} is recorded",
        "in_campaign" => "{incident?{incident} is not recorded as part of|no operation is recorded as part of} {campaign?campaign {campaign}|a campaign}",
        "foiled" => "{incident?{incident} is not|no operation is} recorded as foiled",
        "target" => "{incident?{incident} did not target|no operation targeted} {state?{state}|any state}{sector?'s {sector} sector}",
        "origin" => "{incident?{incident} is not linked to|no operation is linked to} {state?{state}|any state}{link? by {link}}",
        "actor" => "{id?{id} is not|no actor is} {kind?a {kind}|an actor}{state? of {state}}",
        "perpetrator" => "no perpetrator{actor? {actor}} of {incident?{incident}|the operation} is recorded",
        "control" => "no {kind?{kind}|control} {controller?by {controller} }over {controlled?{controlled}|the actor} is recorded",
        "notified" => "no notification{by? by {by}}{to? to {to}}{incident? about {incident}}{time? on {time}} is recorded",
        "assistance_requested" => "no request for assistance{by? by {by}}{to? to {to}}{incident? about {incident}} is recorded",
        "detected" => "no detection{incident? of {incident}}{by? by {by}} is recorded",
        "reported" => "no public report{incident? of {incident}}{by? by {by}} is recorded",
        "measure_taken" => "no {measure?{measure}|measure} by {by?{by}|any state}{incident? about {incident}} is recorded",
        "warned" => "no warning{by? by {by}}{to? to {to}}{incident? about {incident}} is recorded",
        "mla_requested" => "no request for mutual legal assistance{by? by {by}}{to? to {to}}{incident? about {incident}} is recorded",
        "mla_answered" => "no answer{by? by {by}} to {to?{to}'s|the} request for mutual legal assistance{incident? about {incident}} is recorded",
        "concern_voiced" => "no concern{by? voiced by {by}}{to? to {to}}{incident? about {incident}} is recorded",
        "cm_notified" => "no notice of countermeasures{by? by {by}}{to? to {to}}{incident? about {incident}} is recorded",
        "compensation_paid" => "no compensation{by? by {by}}{to? to {to}}{incident? for {incident}} is recorded",
        "satisfaction_given" => "no satisfaction{by? by {by}}{to? to {to}}{incident? for {incident}} is recorded",
        "vulnerability" => "no vulnerability{id? {id}}{known_by? known to {known_by}} is recorded",
        "response" => "{id?response {id} is not|no response is} {means?a {means}|on record}",
        // conclusions (data model)
        "cyber_harm" => "{incident?{incident} caused no|no operation caused} {degree?{degree} }cyber harm",
        "significant" => "{incident?{incident} is not|no operation is} significant{ground? on ground {ground}}{status? ({status})}",
        "emanates" => "{incident?{incident} does not emanate|no operation emanates} from {state?{state}|any state}{link? by {link}}",
        "attributed" => "{incident?{incident} is not attributable|no operation is attributable} to {state?{state}|any state}",
        "knows" | "knows_at" => "{state?{state} neither knew nor should have known|no state knew or should have known} of {incident?{incident}|the operation}{basis? ({basis})}{since? on {since}}",
        "obligation" => "{state?{state} owed no|no state owed} {duty?{duty}|duty}{incident? about {incident}}{since? from {since}}{status? ({status})}",
        "breach" => "{state?{state} did not breach|no state breached} {duty?{duty}|any duty}{incident? about {incident}}",
        "negligent" => "{state?{state} was not|no state was} negligent about {incident?{incident}|the operation}",
        "violation" => "{state?{state} did not violate|no state violated} the harm prevention rule{incident? over {incident}}{ground? on ground {ground}}",
        "wrongful" => "{state?{state} committed no|no state committed a} wrongful act{injured? against {injured}}{incident? over {incident}}{basis? ({basis})}",
        "consequence" => "{state?{state} owes {injured?{injured} |}no|no state owes {injured?{injured} |}} {kind?{kind}|reparation}{incident? for {incident}}",
        "admissible" => "{response?response {response} is not|no response is} an admissible countermeasure",
        "inadmissible" => "{response?response {response} does not fail|no response fails} {reason?condition {reason}|any countermeasure condition}",
        "concern" => "{state?{state} did not fall|no state fell} short of {duty?an emerging standard under {duty}|an emerging standard}{incident? about {incident}}",
        "recommendation" => "nothing is recommended{state? to {state}}{duty? under {duty}}",
        // intermediate relations
        "non_cyber" => "{incident?{incident} is not|no operation is} an operation through people or information{vector? ({vector})}",
        "transboundary" => "{incident?{incident} did not cross|no operation crossed} from {state?{state}|an origin state} to {victim?{victim}|another state}",
        "exposed" => "{victim?{victim}{sector?'s {sector} sector} suffered no|no target state{sector?'s {sector} sector} suffered} {degree?{degree} }cyber harm{incident? from {incident}} from abroad",
        "sig_ground" | "sig_all" => "{incident?{incident} is not|no operation is} significant{victim? towards {victim}}{ground? on ground {ground}}{status? ({status})}",
        "has_lex_lata_ground" => "{incident?{incident} has no|no operation has a} lex lata significance ground of its own",
        "pooled" => "{incident?{incident} does not count|no operation counts} towards {campaign?campaign {campaign}|a campaign}'s pool",
        "pool_later" => "in {campaign?campaign {campaign}|the campaign}, no pooled operation {later?{later} }comes after {earlier?{earlier}|another}",
        "pool_gap" => "in {campaign?campaign {campaign}|the campaign}, no pooled operation lies between {earlier?{earlier}|one} and {later?{later}|another}",
        "pool_next" => "in {campaign?campaign {campaign}|the campaign}, {next?{next} does not directly follow|no pooled operation directly follows} {incident?{incident}|another}",
        "pool_has_earlier" => "in {campaign?campaign {campaign}|the campaign}, no pooled operation precedes {incident?{incident}|another}",
        "pool_has_later" => "in {campaign?campaign {campaign}|the campaign}, no pooled operation follows {incident?{incident}|another}",
        "pool_sum" => "{campaign?campaign {campaign} has no|no campaign has a} running count{incident? up to {incident}}{count? of {count} operations}{loss_usd? and {loss_usd} USD}",
        "pool_total" => "{campaign?campaign {campaign} has no|no campaign has a} pool{count? of {count} operations}{loss_usd? and {loss_usd} USD}",
        "sig_stronger" => "{incident?{incident} has no|no operation has a} significance ground{victim? towards {victim}} stronger than {status?{status}|another}",
        "sig_best_on" => "{incident?{incident} is not|no operation is} significant{victim? towards {victim}}{status? with {status} as its strongest status}",
        "sig_best_stronger" => "{incident?{incident} has no|no operation has a} significance ground stronger than {status?{status}|another}",
        "sig_best" => "{incident?{incident} is not|no operation is} significant{status? with {status} as its strongest status}",
        "known_in_advance" => "{state?{state} did not know|no state knew} of {incident?{incident}|the operation} before it began",
        "sig_risk" => "{incident?{incident} is not|no operation is} significant as a risk{status? ({status})}",
        "knows_at_earlier" | "knows_earlier" => "{state?{state} had no|no state had} earlier knowledge of {incident?{incident}|the operation}{since? before {since}}",
        "first_knows" => "{state?{state} neither knew nor should have known|no state knew or should have known} of {incident?{incident}|the operation}{since? on {since}}",
        "controlled_by" => "{actor?{actor} is not|no perpetrator is} under the instruction, direction or effective control of {controller?{controller}|any actor}",
        "action_duty" => "{state?{state} owed no|no state owed} DUTY-ACTION{incident? about {incident}}{since? from {since}}{status? ({status})}",
        "victim_knew" => "{victim?{victim} did not tell|no victim told} {state?{state}|the state} of {incident?{incident}|the operation} by the end of its window, and it was not publicly reported by then",
        "notify_owed" => "{state?{state} owed {victim?{victim} |}no notice|no state owed {victim?{victim} |}notice}{incident? of {incident}}{since? from {since}}",
        "notify_owed_stronger" => "{state?{state} owed no|no state owed a} duty to notify{incident? about {incident}} stronger than {status?{status}|another}",
        "notify_duty" => "{state?{state} owed no|no state owed} DUTY-NOTIFY{incident? about {incident}}{since? from {since}}{status? ({status})}",
        "mla_owed" => "{state?{state} owed {requester?{requester} |}no|no state owed {requester?{requester} |}} legal assistance{incident? about {incident}}{since? for a request of {since}}",
        "mla_owed_earlier" => "{state?{state} owed no|no state owed} legal assistance{incident? about {incident}} before {since?{since}|that}",
        "mla_duty" => "{state?{state} owed no|no state owed} DUTY-MLA{incident? about {incident}}{since? from {since}}",
        "vuln_owed" => "{state?{state} owed no|no state owed} DUTY-VULN{vulnerability? for {vulnerability}}",
        "vuln_owed_earlier" => "{state?{state} owed no|no state owed} DUTY-VULN before {since?{since}|that}",
        "vuln_duty" => "{state?{state} owed no|no state owed} DUTY-VULN{since? from {since}}",
        "capacity_bound" => "{state?{state}'s capacity is not|no state's capacity is} medium or high",
        "inst_later" => "{state?{state}'s|no state's} {institution?{institution}|institution} has no row{until? from {until}} later than the one{since? from {since}}",
        "inst_later_gap" => "{state?{state}'s|no state's} {institution?{institution}|institution} has no row between{since? {since}|the first} and {until?{until}|the next}",
        "inst_has_later" => "{state?{state}'s|no state's} {institution?{institution}|institution} has no row later than the one{since? from {since}}",
        "inst_span" => "{state?{state}'s|no state's} {institution?{institution}|institution} is not documented{status? as {status}}{since? from {since}}{until? until {until}}",
        "inst_in_force" => "{state?{state}'s|no state's} {institution?{institution}|institution} is not documented as in force at the evaluation time",
        "inst_absent" => "{state?{state}'s|no state's} {institution?{institution}|institution} is not documented as absent at the evaluation time",
        "inst_lacking" => "{state?{state} is not|no state is} documented as lacking every institution {duty?{duty}|the duty} asks for",
        "can_act" => "no measure was feasible for {state?{state}|the state}",
        "action_discharged" => "{state?{state} did not discharge|no state discharged} DUTY-ACTION{incident? about {incident}} in time",
        "warned_in_time" => "{state?{state} did not warn|no state warned} {victim?{victim}|the victim}{incident? of {incident}} in time",
        "mla_answered_in_time" => "{state?{state} did not answer|no state answered} {requester?{requester}'s|the} request{since? of {since}}{incident? about {incident}} in time with a compliant answer",
        "failed_about" => "{state?{state} did not fail|no state failed} {duty?{duty}|any duty}{incident? about {incident}}",
        "failed_state" => "{state?{state} did not fail|no state failed} {duty?{duty}|any institutional duty or DUTY-VULN}",
        "breach_about" => "{state?{state} did not breach|no state breached} {duty?{duty}|any duty}{incident? about {incident}}",
        "violated_neg1" => "{state?{state} did not violate|no state violated} the rule itself{incident? over {incident}}",
        "measure_ever" => "no measure{state? by {state}}{incident? about {incident}} is recorded at any time",
        "warned_ever" => "no warning{state? by {state}}{victim? to {victim}}{incident? about {incident}} is recorded at any time",
        "mla_answered_ever" => "no compliant answer{state? by {state}} to {requester?{requester}'s|the} request{since? of {since}}{incident? about {incident}} is recorded at any time",
        "continuing" => "{state?{state}'s wrongful act{incident? over {incident}}{basis? ({basis})} does not continue|no wrongful act{incident? over {incident}} continues}",
        "harm_occurred" => "{incident?{incident} caused no|no operation caused} harm",
        "compensated_to" => "no compensation{state? by {state}}{injured? to {injured}}{incident? for {incident}} is recorded",
        "causal_nexus" => "{state?{state}'s failure|no failure}{incident? about {incident}} was not complete before the operation ended (no causal nexus)",
        "compensation_owed" => "{injured?{injured} has|no state has} no claim to compensation{state? from {state}}{incident? for {incident}}",
        "satisfied_to" => "no satisfaction{state? by {state}}{injured? to {injured}}{incident? for {incident}} is recorded",
        "wrong_done" => "{state?{state} did no|no state did a} wrong{injured? to {injured}}{incident? over {incident}}{duty? by {duty}}{complete? complete by {complete}}",
        "cm_against_state" => "{response?response {response} is not|no response is} a countermeasure against a state{against? ({against})}",
        "cm_wrong" => "{response?response {response} answers no|no response answers a} wrong done to {injured?{injured}|the responding state or the state it acts for}{duty? by {duty}}",
        "cm_has_wrong" => "{response?response {response} answers no|no response answers a} prior wrongful act",
        "cm_purpose" => "{response?response {response} does not|no response does} seek to induce compliance",
        "measure_before" => "no measure preceded {response?response {response}|the response}",
        "warning_before" => "{victim?{victim} was not warned|no victim was warned} before {response?response {response}|the response}",
        "mla_answer_before" => "{requester?{requester}'s|the} request{since? of {since}} was not answered before {response?response {response}|the response}",
        "compensated_before" => "{injured?{injured} was not compensated|no injured state was compensated} before {response?response {response}|the response}",
        "satisfied_before" => "{injured?{injured} was not given|no injured state was given} satisfaction before {response?response {response}|the response}",
        "cm_harmed" => "the operation {response?response {response}|the response} answers had caused no harm by the response's time",
        "cm_compensable" => "{injured?{injured} was owed|no injured state was owed} no compensation when {response?response {response}|the response} was taken",
        "cm_noticed" => "{response?response {response} was not|no response was} notified in advance",
        "cm_fails" => "{response?response {response} fails no|no response fails a} countermeasure condition",
        _ => return None,
    })
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
    fn every_relation_has_an_absent_sentence_naming_only_its_columns() {
        for rel in Rel::ALL {
            let meta = rel.name();
            let t = absent_template(meta.name)
                .unwrap_or_else(|| panic!("no absent sentence for `{}`", meta.name));
            for open in [false, true] {
                let filled = fill(t, &|c| {
                    meta.columns.contains(&c).then(|| {
                        if open {
                            String::new()
                        } else {
                            "x".to_string()
                        }
                    })
                });
                assert!(
                    !filled.contains('{') && !filled.contains('}') && !filled.contains('|'),
                    "`{}`: unknown column or stray mark in {t:?}",
                    meta.name
                );
            }
        }
    }

    #[test]
    fn otherwise_parts_appear_only_without_a_value() {
        let t = "{s?{s} did not|no state did} act";
        assert_eq!(fill(t, &|_| Some("BB".into())), "BB did not act");
        assert_eq!(fill(t, &|_| Some(String::new())), "no state did act");
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
