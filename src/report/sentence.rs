//! A relation's row as an English sentence, for proofs that a lawyer reads: one template
//! per relation with `{column}` placeholders, filled with the row's values (state columns
//! as `Name (ID)`). Relations without a template fall back to their documentation.
//! The same templates are embedded in the report's JSON, so the lazily rendered proofs
//! read exactly like the inline ones.

/// The sentence template of a relation (`{column}` placeholders), if it has one.
pub fn template(rel: &str) -> Option<&'static str> {
    Some(match rel {
        "negligent" => "{state} failed to exercise due diligence as to incident {incident}.",
        "violation" => "{state} itself violated the rule through incident {incident} (ground {ground}).",
        "wrongful" => "{state} committed an internationally wrongful act against {injured} as to incident {incident} ({basis}).",
        "consequence" => "{state} owes {injured} {kind} as to incident {incident}.",
        "admissible" => "Response {response} is an admissible countermeasure or retorsion.",
        "inadmissible" => "Response {response} is not admissible: condition {reason} is not met.",
        "cyber_harm" => "Incident {incident} is cyber harm of degree {degree}.",
        "significant" => "Incident {incident} is significant on ground {ground} ({status}).",
        "sig_ground" => "Incident {incident} is significant towards {victim} on ground {ground} ({status}).",
        "sig_all" => "Incident {incident} is significant towards {victim} on ground {ground} ({status}).",
        "emanates" => "Incident {incident} emanates from {state} ({link}).",
        "transboundary" => "Incident {incident} emanates from {state} and targets {victim}: it is transboundary.",
        "exposed" => "{victim} suffers {degree} harm in sector {sector} from incident {incident}.",
        "attributed" => "Incident {incident} is attributed to {state}.",
        "knows" => "{state} knows of incident {incident} since {since} ({basis}).",
        "knows_at" => "{state} knows of incident {incident} at {since} ({basis}).",
        "first_knows" => "{state} first knows of incident {incident} at {since}.",
        "obligation" => "{state} is bound by {duty} as to incident {incident} since {since} ({status}).",
        "action_duty" => "{state} must act against incident {incident} from {since} ({status}).",
        "notify_duty" => "{state} must warn about incident {incident} from {since} ({status}).",
        "notify_owed" => "{state} owes {victim} a warning about incident {incident} from {since} ({status}).",
        "mla_duty" => "{state} must answer legal assistance requests about incident {incident} from {since}.",
        "mla_owed" => "{state} owes {requester} an answer to its request about incident {incident} of {since}.",
        "breach" => "{state} breached {duty} (incident {incident}).",
        "breach_about" => "{state} breached {duty} as to incident {incident}.",
        "failed_about" => "{state} did not meet {duty} as to incident {incident} ({status}); the window closed at {complete}.",
        "failed_state" => "{state} did not meet {duty} ({status}).",
        "concern" => "{state} did not meet the emerging duty {duty} (incident {incident}): a concern, not a breach.",
        "recommendation" => "{state} is recommended to meet {duty}.",
        "can_act" => "{state} has a feasible measure at its capacity (CAP-1).",
        "continuing" => "The wrongful act of {state} as to incident {incident} ({basis}) is continuing.",
        "harm_occurred" => "Incident {incident} has caused harm.",
        "wrong_done" => "The wrongful act of {state} against {injured} ({duty}, incident {incident}) was complete at {complete}.",
        "cm_against_state" => "Response {response} of {by} is directed against the state {against} (incident {incident}).",
        "cm_wrong" => "Response {response} answers a wrongful act against {injured} ({duty}).",
        "cm_has_wrong" => "Response {response} answers a prior wrongful act of its target.",
        "cm_purpose" => "Response {response} is taken to induce compliance.",
        "cm_noticed" => "Response {response} was notified beforehand.",
        "cm_fails" => "Response {response} fails a countermeasure condition.",
        _ => return None,
    })
}

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
        if v.is_empty() {
            return "—".to_string();
        }
        match (is_state_column(col), state_name(v)) {
            (true, Some(n)) if n != v => format!("{n} ({v})"),
            _ => v.to_string(),
        }
    };
    match template(rel) {
        Some(t) => {
            let mut s = t.to_string();
            for (c, v) in columns.iter().zip(values) {
                s = s.replace(&format!("{{{c}}}"), &fill(c, v));
            }
            s
        }
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
