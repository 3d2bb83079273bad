//! The rule catalogue as one table (printed into `docs/catalogue.md` by `diligence docs`): every rule's id, family,
//! status, legal source and one-line meaning. The clauses of the rule programs cite these
//! ids (`#[rule(BREACH_ACTION)]`), and `diligence rules`, the explanations and the output
//! read their metadata from here, so the ids cannot drift.

use std::fmt;

/// The status a catalogue rule has in the book (`docs/catalogue.md`, "Status values").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleStatus {
    /// Binding law now.
    LexLata,
    /// Nascent / emerging: a failure is a concern unless the profile makes it binding.
    Emerging,
    /// Desirable future law: reported as a recommendation.
    LexFerenda,
    /// States and scholars disagree; the active profile decides.
    Contested,
    /// Best practice: its absence is a recommendation.
    BestPractice,
    /// Not a rule of law but how conclusions are formed (status, earliest time).
    Method,
}

impl RuleStatus {
    /// The spelling used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::LexLata => "lex_lata",
            RuleStatus::Emerging => "emerging",
            RuleStatus::LexFerenda => "lex_ferenda",
            RuleStatus::Contested => "contested",
            RuleStatus::BestPractice => "best_practice",
            RuleStatus::Method => "method",
        }
    }
}

macro_rules! catalogue {
    ($($id:ident = $code:literal, $family:literal, $status:ident, $source:literal, $meaning:literal;)*) => {
        /// A rule of the catalogue. The variant names are the catalogue ids with `_` for `-`.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId { $(#[doc = $meaning] $id),* }

        impl RuleId {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id),*];
            /// The catalogue id, e.g. `BREACH-ACTION`.
            pub fn code(self) -> &'static str { match self { $(RuleId::$id => $code),* } }
            /// The family, e.g. `BREACH`.
            pub fn family(self) -> &'static str { match self { $(RuleId::$id => $family),* } }
            /// The status the book gives the rule.
            pub fn status(self) -> RuleStatus { match self { $(RuleId::$id => RuleStatus::$status),* } }
            /// The legal source (chapter, finding, ARSIWA article).
            pub fn source(self) -> &'static str { match self { $(RuleId::$id => $source),* } }
            /// What the rule says, in one line.
            pub fn meaning(self) -> &'static str { match self { $(RuleId::$id => $meaning),* } }
            /// The rule with this catalogue id.
            pub fn from_code(code: &str) -> Option<RuleId> {
                match code { $($code => Some(RuleId::$id),)* _ => None }
            }
        }
    };
}

catalogue! {
    HARM_1 = "HARM-1", "HARM", LexLata, "Ch. 1.B.I-II",
        "Cyber harm: the incident's vector exploits code or a system (exploit, malware, ransomware, ddos, supply_chain, intrusion).";
    HARM_2 = "HARM-2", "HARM", LexLata, "Ch. 1.B.III",
        "No cyber harm through people or information: social_engineering, human_error and content vectors are excluded.";
    HARM_3 = "HARM-3", "HARM", LexLata, "Ch. 1.C.I-III",
        "Degree of harm from the effect: confidentiality is intrusive, functionality disruptive, physical destructive.";
    HARM_FOILED = "HARM-FOILED", "HARM", LexLata, "Ch. 1.C; F6",
        "A foiled operation (stopped before its effect) is judged on its intended effect for significance and NEG-1, but no harm occurred: no compensation, satisfaction instead.";
    SIG_FORCE = "SIG-FORCE", "SIG", LexLata, "Ch. 3.B.I; F7",
        "Destructive harm with casualties or severe severity reaches the threshold of the prohibition on the use of force.";
    SIG_INTERVENTION = "SIG-INTERVENTION", "SIG", LexLata, "Ch. 3.B.II.3; F7",
        "Disruptive or destructive harm against a domaine reserve sector (elections, parliament, government, law enforcement, finance from high severity), or hack-and-leak against elections.";
    SIG_SOVEREIGNTY = "SIG-SOVEREIGNTY", "SIG", Contested, "Ch. 3.B.III.5; F7",
        "Only where the profile adopts a sovereignty rule: territorial (disruption inside the target or interference with governmental functions) or pure (any cyber harm).";
    SIG_CI = "SIG-CI", "SIG", LexLata, "Ch. 3.C.II; F9",
        "Disruptive or destructive harm to critical infrastructure (energy, water, health, finance, telecom, transport, food, emergency services) of at least the profile's least severity (default moderate).";
    SIG_PUBLIC_CORE = "SIG-PUBLIC-CORE", "SIG", LexLata, "Ch. 3.C.III; F10",
        "Any cyber harm to the public core of the internet.";
    SIG_ECONOMIC = "SIG-ECONOMIC", "SIG", Emerging, "Ch. 3.C.I; F8",
        "Ransomware, or confidentiality harm to industry, with losses at or above the profile's economic threshold.";
    SIG_ESPIONAGE = "SIG-ESPIONAGE", "SIG", Emerging, "Ch. 3.C.IV; F11",
        "Espionage of concern: confidentiality harm to government or international organisations, mass surveillance, or economic espionage.";
    SIG_CUMULATIVE = "SIG-CUMULATIVE", "SIG", LexLata, "Ch. 3.A.V",
        "Incidents of one campaign with no lex lata ground of their own that together reach the profile's cumulative thresholds.";
    SIG_CONCERN = "SIG-CONCERN", "SIG", LexLata, "F6",
        "An official concern voiced by a state other than an origin state makes at least disruptive harm significant.";
    SIG_RISK = "SIG-RISK", "SIG", LexLata, "F6",
        "An imminent operation (known before it starts) that would be significant on another ground is a risk of significant harm.";
    LINK_1 = "LINK-1", "LINK", LexLata, "Ch. 2.A.III; F2",
        "The operation emanates from a state: run from its territory, by persons under its jurisdiction, or from infrastructure under its control.";
    LINK_2 = "LINK-2", "LINK", LexLata, "Ch. 2.A.III; F2",
        "Only transboundary harm engages the rule: the operation emanates from S and targets another state V.";
    ATTR_ORGAN = "ATTR-ORGAN", "ATTR", LexLata, "ARSIWA Art. 4; Ch. 2.A.VI",
        "The perpetrator is an organ of the state: the operation is attributed to it.";
    ATTR_CONTROL = "ATTR-CONTROL", "ATTR", LexLata, "ARSIWA Art. 8; Ch. 2.A.VI",
        "The perpetrator acts on the instruction, under the direction or effective control of a state organ, directly or through a chain of such control; mere support is not enough.";
    KNOW_NOTICE = "KNOW-NOTICE", "KNOW", LexLata, "Ch. 2.A.IV; Ch. 4.C.II.3; ICJ Corfu Channel",
        "Actual knowledge from an event about the incident addressed to the state: a notification, assistance request, concern, warning, MLA request or countermeasure notice.";
    KNOW_DETECT = "KNOW-DETECT", "KNOW", LexLata, "Ch. 2.A.IV; Ch. 4.C.II.3",
        "Actual knowledge from the state's own detection.";
    KNOW_CONSTRUCTIVE = "KNOW-CONSTRUCTIVE", "KNOW", LexLata, "Ch. 4.D.II; F13(e)",
        "An origin state with a monitoring or CERT institution in force at the report's time (its latest documented status then) should have known of a publicly reported operation, from the report.";
    KNOW_NO_PRESUMPTION = "KNOW-NO-PRESUMPTION", "KNOW", LexLata, "ICJ Corfu Channel; Ch. 4.D.II.1",
        "Territorial control alone never yields knowledge.";
    DUTY_ACTION = "DUTY-ACTION", "DUTY", LexLata, "Ch. 4.C.II; F13(a)",
        "A state that knows of an ongoing or imminent operation emanating from it that is (a risk of) significant harm to another state must take action; not for an operation attributed to it (it answers for its conduct).";
    DUTY_NOTIFY = "DUTY-NOTIFY", "DUTY", Emerging, "Ch. 4.C.III; F13(a); ICJ Corfu Channel; ILC Prevention Articles, Art. 17",
        "A state that knows of such an operation (not attributed to it) must warn the targeted state, unless that state already knew by the end of the window: it told the state, detected the operation, or the operation was publicly reported.";
    DUTY_MLA = "DUTY-MLA", "DUTY", LexLata, "Ch. 4.C.IV; F13(b)",
        "A state receiving a mutual legal assistance request about cyber harm must cooperate, or refuse giving reasons, within the profile's MLA answer window.";
    DUTY_VULN = "DUTY-VULN", "DUTY", LexFerenda, "Ch. 4.C.V; F13(c)",
        "A state that knows of an undisclosed vulnerability should disclose it and information on remedies.";
    DUTY_SUPPLY_CHAIN = "DUTY-SUPPLY-CHAIN", "DUTY", LexLata, "F13(c)",
        "A state must not undermine the integrity of the ICT supply chain itself: an attributed, started, transboundary supply-chain operation is a violation.";
    DUTY_COOPERATE_GENERAL = "DUTY-COOPERATE-GENERAL", "DUTY", LexLata, "Ch. 4.C.I; F13(a)",
        "A general duty to cooperate is not justiciable: it never yields a breach on its own.";
    INST_CRIMINALIZE = "INST-CRIMINALIZE", "INST", LexLata, "Ch. 4.D.I.3; F13(d)",
        "Every state must criminalize the core cyber offences (cybercrime_law).";
    INST_PROCEDURE = "INST-PROCEDURE", "INST", LexLata, "Ch. 4.D.I.4; F13(d)",
        "Every state must establish key investigative powers (procedural_law); human-rights safeguards are best practice (a documented absence is a recommendation).";
    INST_KNOWLEDGE = "INST-KNOWLEDGE", "INST", LexLata, "Ch. 4.D.II.2-3; F13(e)",
        "A state of medium or high capacity must have a basic infrastructure to acquire knowledge (monitoring or cert).";
    INST_CI = "INST-CI", "INST", LexLata, "Ch. 4.D.III; F13(f)",
        "A state of medium or high capacity must protect its own critical infrastructure (ci_protection).";
    INST_POC = "INST-POC", "INST", LexLata, "Ch. 4.D.IV; F13(g)",
        "Every state must have a point of contact for international incidents (point_of_contact, or a cert).";
    CAP_1 = "CAP-1", "CAP", LexLata, "Ch. 4.B.I; Ch. 6.A",
        "Due diligence is capacity-dependent: a state with no feasible measure is not negligent for DUTY-ACTION.";
    CAP_2 = "CAP-2", "CAP", LexLata, "Ch. 6.A",
        "INST-KNOWLEDGE and INST-CI bind only states of medium or high capacity; the other institutional duties bind every state.";
    CAP_3 = "CAP-3", "CAP", LexLata, "UN GGE 2021 para. 53; Ch. 6.A",
        "A low-capacity state that requests assistance within the window has discharged DUTY-ACTION.";
    BREACH_ACTION = "BREACH-ACTION", "BREACH", LexLata, "Ch. 5.A; F14",
        "DUTY-ACTION with some measure feasible, and no measure by the state within the response window.";
    BREACH_NOTIFY = "BREACH-NOTIFY", "BREACH", Emerging, "Ch. 5.A; Ch. 4.C.III; F14",
        "DUTY-NOTIFY and no warning to the targeted state within the window (a breach only where the profile makes the duty binding).";
    BREACH_MLA = "BREACH-MLA", "BREACH", LexLata, "Ch. 5.A; F13(b); F14",
        "No compliant answer (granted, or refused with reasons) to an MLA request within the MLA answer window nor by the evaluation time; a compliant answer after the window is late: a concern, not a breach.";
    BREACH_INST = "BREACH-INST", "BREACH", LexLata, "Ch. 5.A; F13(d)-(g); F14; ICJ Pulp Mills, para. 162",
        "An institutional duty binds the state and the dataset documents, at the evaluation time, the absence of every institution that would meet it; where the dataset is silent the duty is not assessed.";
    BREACH_NEGLIGENT = "BREACH-NEGLIGENT", "BREACH", LexLata, "Ch. 5.A; F14",
        "A state is negligent about an incident if it breached any incident-level duty about it.";
    NEG_1 = "NEG-1", "NEG", LexLata, "Ch. 2.A.VI; Ch. 4.A; F4; F12",
        "A state to which a started, transboundary operation of significant harm is attributed itself violates the rule.";
    RESP_1 = "RESP-1", "RESP", LexLata, "Ch. 5.A; F14",
        "Negligence and harmful conduct are internationally wrongful acts towards the injured states; harm is not a constituent element.";
    RESP_CESSATION = "RESP-CESSATION", "RESP", LexLata, "Ch. 5.B.II; ARSIWA Art. 30",
        "While the wrongful act continues at the evaluation time, the responsible state must cease it.";
    RESP_COMPENSATION = "RESP-COMPENSATION", "RESP", LexLata, "Ch. 5.B.I; ARSIWA Arts. 31, 36; F14; ICJ Bosnian Genocide, paras. 462-463",
        "Where harm occurred (started, not foiled, at least disruptive or with a loss), the injured state is owed compensation until it is paid; for negligence only if the operation was still ongoing when the failure became complete (causal nexus).";
    RESP_SATISFACTION = "RESP-SATISFACTION", "RESP", LexLata, "Ch. 5.B.I; ARSIWA Arts. 34, 37; Rainbow Warrior",
        "For a wrongful act that gives the injured state no compensation claim (no harm occurred, or negligence without the causal nexus), it is owed satisfaction until it is given.";
    CM_WRONGFUL = "CM-WRONGFUL", "CM", LexLata, "Ch. 5.C; ARSIWA Art. 49(1)",
        "Countermeasures respond to a wrongful act, complete by the response's time, against the acting state or the state it acts for.";
    CM_STATE_TARGET = "CM-STATE-TARGET", "CM", LexLata, "Ch. 5.C.III; ARSIWA Art. 49(1)",
        "Countermeasures are taken against states only, never against a non-state actor.";
    CM_PURPOSE = "CM-PURPOSE", "CM", LexLata, "Ch. 5.C.I; ARSIWA Art. 49(1)",
        "The wrongful act is continuing or reparation (compensation or satisfaction) is outstanding at the response's time: countermeasures induce compliance, they do not punish.";
    CM_NOTICE = "CM-NOTICE", "CM", LexLata, "Ch. 5.C.II; F15; ARSIWA Art. 52",
        "The injured state called on the responsible state and notified the countermeasure before taking it, unless it is urgent.";
    CM_PROPORTION = "CM-PROPORTION", "CM", LexLata, "Ch. 5.C.I; F15; ARSIWA Art. 51",
        "The response's severity does not exceed the injury's severity.";
    CM_NO_FORCE = "CM-NO-FORCE", "CM", LexLata, "Ch. 5.C; ARSIWA Art. 50(1)(a)",
        "The response does not amount to a use of force.";
    CM_REVERSIBLE = "CM-REVERSIBLE", "CM", LexLata, "Ch. 5.C; ARSIWA Art. 49(3)",
        "The response is reversible.";
    CM_COLLECTIVE = "CM-COLLECTIVE", "CM", Contested, "Ch. 5.C.IV; ARSIWA Art. 54",
        "A state that is not injured may take countermeasures only if the profile permits collective countermeasures.";
    CM_RETORSION = "CM-RETORSION", "CM", LexLata, "Ch. 5.C.V",
        "Retorsion (a lawful unfriendly act) is always admissible and needs none of the countermeasure conditions.";
    CM_ADMISSIBLE = "CM-ADMISSIBLE", "CM", LexLata, "Ch. 5.C; ARSIWA Arts. 49-53",
        "A countermeasure that meets every CM condition is admissible.";
    STATUS = "STATUS", "STATUS", Method, "docs/catalogue.md, Status values",
        "A conclusion is as strong as the weakest rule in its proof; with several proofs, the strongest. Unmet emerging duties are concerns, lex ferenda ones recommendations.";
    EARLIEST = "EARLIEST", "STATUS", Method, "docs/decisions.md, KNOW-*",
        "Of several times for one knowledge basis or obligation, the earliest counts.";
    LATEST = "LATEST", "STATUS", Method, "docs/decisions.md, Institutions",
        "An institution's status at a time is that of its latest row dated no later: in force, or documented as absent; with no such row nothing is known.";
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
