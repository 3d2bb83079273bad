//! The rule base: every rule of the catalogue (`docs/catalogue.md`) as crepe
//! clauses, each tagged with its catalogue id. This one definition is the crepe program,
//! the clause table and the proof matchers (see `diligence-macros`).
//!
//! Conventions that keep the clauses honest:
//! - constants in atoms are always paths (`R::DUTY_ACTION`, `Status::LexLata`,
//!   `Option::None`): crepe reads a lone identifier as a new variable;
//! - the profile is the one-tuple relation `Profile(p)`; every threshold, window and
//!   contested position is read from `p` (the explanation names the position);
//! - "the earliest" and "the strongest" are written with stratified negation (no
//!   aggregates in crepe): `X(..t..) <- C(..t..), !CEarlier(..t..)`;
//! - every rule is anchored at an incident (or a campaign, or a state only), so the
//!   program can be evaluated per partition of incidents and the results united.
//!
//! Decisions where the catalogue reads two ways are written as `///` beside the clause;
//! they are shown in explanations.

#![allow(clippy::all)]

use crate::facts::*;
use crate::profile::{Params, Sovereignty};
use crate::rules::catalogue::RuleId as R;

diligence_macros::program! {
    // ---------------------------------------------------------------- Facts (inputs)
    /// The active profile's positions and the evaluation time (one tuple).
    @input #[cols(profile)] pub struct Profile(pub Params);
    /// `states.csv`.
    @input #[cols(id, capacity)] pub struct State(pub StateId, pub Capacity);
    /// `institutions.csv` (`since` empty: always; `status` empty: in force).
    @input #[cols(state, institution, since, status)] pub struct InstitutionIn(pub StateId, pub Institution, pub Time, pub InstitutionStatus);
    /// `incidents.csv` (`end` empty: still ongoing).
    @input #[cols(id, vector, effect, severity, scale, casualties, loss_usd, start, end)]
    pub struct Incident(pub IncidentId, pub Vector, pub Effect, pub Severity, pub Scale, pub u64, pub u64, pub Time, pub Time);
    /// `incidents.csv` column `campaign`.
    @input #[cols(incident, campaign)] pub struct InCampaign(pub IncidentId, pub CampaignId);
    /// `incidents.csv` column `outcome` = `foiled`: stopped before its effect (HARM-FOILED).
    @input #[cols(incident)] pub struct Foiled(pub IncidentId);
    /// `targets.csv`.
    @input #[cols(incident, state, sector)] pub struct Target(pub IncidentId, pub StateId, pub Sector);
    /// `origins.csv`.
    @input #[cols(incident, state, link)] pub struct Origin(pub IncidentId, pub StateId, pub Link);
    /// `actors.csv`.
    @input #[cols(id, kind, state)] pub struct Actor(pub ActorId, pub ActorKind, pub Option<StateId>);
    /// `perpetrators.csv`.
    @input #[cols(incident, actor)] pub struct Perpetrator(pub IncidentId, pub ActorId);
    /// `control.csv`.
    @input #[cols(controller, controlled, kind)] pub struct Control(pub ActorId, pub ActorId, pub ControlKind);
    /// `events.csv` kind `notification`.
    @input #[cols(time, by, to, incident)] pub struct Notified(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `events.csv` kind `assistance_request`.
    @input #[cols(time, by, to, incident)] pub struct AssistanceRequested(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `events.csv` kind `detection`.
    @input #[cols(time, by, incident)] pub struct Detected(pub Time, pub StateId, pub IncidentId);
    /// `events.csv` kind `public_report`.
    @input #[cols(time, by, incident)] pub struct Reported(pub Time, pub Option<StateId>, pub IncidentId);
    /// `events.csv` kind `measure`.
    @input #[cols(time, by, incident, measure)] pub struct MeasureTaken(pub Time, pub StateId, pub IncidentId, pub MeasureKind);
    /// `events.csv` kind `warning`.
    @input #[cols(time, by, to, incident)] pub struct Warned(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `events.csv` kind `mla_request`.
    @input #[cols(time, by, to, incident)] pub struct MlaRequested(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `events.csv` kind `mla_response`.
    @input #[cols(time, by, to, incident, outcome)] pub struct MlaAnswered(pub Time, pub StateId, pub StateId, pub IncidentId, pub MlaOutcome);
    /// `events.csv` kind `concern`.
    @input #[cols(time, by, to, incident)] pub struct ConcernVoiced(pub Time, pub StateId, pub Option<StateId>, pub IncidentId);
    /// `events.csv` kind `cm_notice`.
    @input #[cols(time, by, to, incident)] pub struct CmNotified(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `events.csv` kind `compensation`.
    @input #[cols(time, by, to, incident)] pub struct CompensationPaid(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `events.csv` kind `satisfaction`.
    @input #[cols(time, by, to, incident)] pub struct SatisfactionGiven(pub Time, pub StateId, pub StateId, pub IncidentId);
    /// `vulnerabilities.csv` (`disclosed` empty: never).
    @input #[cols(id, known_by, since, disclosed)] pub struct Vulnerability(pub VulnId, pub StateId, pub Time, pub Time);
    /// `responses.csv`.
    @input #[cols(id, time, by, against, incident, means, severity, uses_force, reversible, urgent, on_behalf_of)]
    pub struct Response(pub ResponseId, pub Time, pub StateId, pub Against, pub IncidentId, pub Means, pub Severity, pub bool, pub bool, pub bool, pub Option<StateId>);

    // ---------------------------------------------------------------- Output relations
    /// `cyber_harm(incident, degree)`: the incident is cyber harm of this degree (HARM-1, HARM-3).
    @output #[cols(incident, degree)] pub struct CyberHarm(pub IncidentId, pub Degree);
    /// `significant(incident, ground, status)`: the incident is significant on this ground.
    @output #[cols(incident, ground, status)] pub struct Significant(pub IncidentId, pub R, pub Status);
    /// `emanates(incident, state, link)` (LINK-1).
    @output #[cols(incident, state, link)] pub struct Emanates(pub IncidentId, pub StateId, pub Link);
    /// `attributed(incident, state)` (ATTR-*).
    @output #[cols(incident, state)] pub struct Attributed(pub IncidentId, pub StateId);
    /// `knows(state, incident, since, basis)`: earliest knowledge per basis (KNOW-*).
    @output #[cols(state, incident, since, basis)] pub struct Knows(pub StateId, pub IncidentId, pub Time, pub Basis);
    /// `obligation(state, duty, incident, since, status)`: one row per (state, duty, incident).
    @output #[cols(state, duty, incident, since, status)] pub struct Obligation(pub StateId, pub R, pub Option<IncidentId>, pub Time, pub Status);
    /// `breach(state, duty, incident)`: a lex lata duty not met (incident empty for INST-*).
    @output #[cols(state, duty, incident)] pub struct Breach(pub StateId, pub R, pub Option<IncidentId>);
    /// `negligent(state, incident)`.
    @output #[cols(state, incident)] pub struct Negligent(pub StateId, pub IncidentId);
    /// `violation(state, incident, ground)`.
    @output #[cols(state, incident, ground)] pub struct Violation(pub StateId, pub IncidentId, pub R);
    /// `wrongful(state, injured, incident, basis)`.
    @output #[cols(state, injured, incident, basis)] pub struct Wrongful(pub StateId, pub StateId, pub IncidentId, pub WrongBasis);
    /// `consequence(state, injured, incident, kind)`.
    @output #[cols(state, injured, incident, kind)] pub struct Consequence(pub StateId, pub StateId, pub IncidentId, pub ConsequenceKind);
    /// `admissible(response)`.
    @output #[cols(response)] pub struct Admissible(pub ResponseId);
    /// `inadmissible(response, reason)`: one row per failed CM condition.
    @output #[cols(response, reason)] pub struct Inadmissible(pub ResponseId, pub R);
    /// `concern(state, duty, incident)`: emerging duties not met.
    @output #[cols(state, duty, incident)] pub struct Concern(pub StateId, pub R, pub Option<IncidentId>);
    /// `recommendation(state, duty)`: best-practice and lex ferenda findings.
    @output #[cols(state, duty)] pub struct Recommendation(pub StateId, pub R);

    // ---------------------------------------------------------------- Intermediate relations
    /// An incident whose vector causes harm through people or information (HARM-2).
    #[cols(incident, vector)] pub struct NonCyber(pub IncidentId, pub Vector);
    /// `transboundary(incident, state, victim)` (LINK-2).
    #[cols(incident, state, victim)] pub struct Transboundary(pub IncidentId, pub StateId, pub StateId);
    /// A target state, not an origin, of transboundary cyber harm: where significance is judged.
    #[cols(incident, victim, sector, degree)] pub struct Exposed(pub IncidentId, pub StateId, pub Sector, pub Degree);
    /// A significance ground of the incident towards a victim, other than SIG-CUMULATIVE and SIG-RISK.
    #[cols(incident, victim, ground, status)] pub struct SigGround(pub IncidentId, pub StateId, pub R, pub Status);
    /// The incident has a lex lata ground of its own (excludes it from the SIG-CUMULATIVE pool).
    #[cols(incident)] pub struct HasLexLataGround(pub IncidentId);
    /// A member of a campaign's SIG-CUMULATIVE pool, with its loss.
    #[cols(campaign, incident, loss_usd)] pub struct Pooled(pub CampaignId, pub IncidentId, pub u64);
    /// Two members of a campaign's SIG-CUMULATIVE pool, `later` after `earlier` in incident order.
    #[cols(campaign, earlier, later)] pub struct PoolLater(pub CampaignId, pub IncidentId, pub IncidentId);
    /// A member of the pool lies between `earlier` and `later` (they are not neighbours).
    #[cols(campaign, earlier, later)] pub struct PoolGap(pub CampaignId, pub IncidentId, pub IncidentId);
    /// `next` is the pool member right after `incident` (SIG-CUMULATIVE, counted in incident order).
    #[cols(campaign, incident, next)] pub struct PoolNext(pub CampaignId, pub IncidentId, pub IncidentId);
    /// The pool member has an earlier member (it is not where the count starts).
    #[cols(campaign, incident)] pub struct PoolHasEarlier(pub CampaignId, pub IncidentId);
    /// The pool member has a later member (it is not where the count ends).
    #[cols(campaign, incident)] pub struct PoolHasLater(pub CampaignId, pub IncidentId);
    /// Running count and loss of a pool, in incident order.
    #[cols(campaign, incident, count, loss_usd)] pub struct PoolSum(pub CampaignId, pub IncidentId, pub u32, pub u64);
    /// The pool's total count and loss.
    #[cols(campaign, count, loss_usd)] pub struct PoolTotal(pub CampaignId, pub u32, pub u64);
    /// Every significance ground towards a victim.
    #[cols(incident, victim, ground, status)] pub struct SigAll(pub IncidentId, pub StateId, pub R, pub Status);
    /// A significance ground towards the victim stronger than `status` exists (STATUS).
    #[cols(incident, victim, status)] pub struct SigStronger(pub IncidentId, pub StateId, pub Status);
    /// The strongest status of significance towards a victim.
    #[cols(incident, victim, status)] pub struct SigBestOn(pub IncidentId, pub StateId, pub Status);
    /// A significance towards some victim stronger than `status` exists (STATUS).
    #[cols(incident, status)] pub struct SigBestStronger(pub IncidentId, pub Status);
    /// The strongest status of significance of the incident.
    #[cols(incident, status)] pub struct SigBest(pub IncidentId, pub Status);
    /// An origin state knew of the incident before it started.
    #[cols(incident, state, since)] pub struct KnownInAdvance(pub IncidentId, pub StateId, pub Time);
    /// SIG-RISK holds for the incident with this status.
    #[cols(incident, status)] pub struct SigRisk(pub IncidentId, pub Status);
    /// The state knew (or should have known) of the incident at `since` on this basis: every time a KNOW-* rule gives, before EARLIEST picks the first.
    #[cols(state, incident, since, basis)] pub struct KnowsAt(pub StateId, pub IncidentId, pub Time, pub Basis);
    /// The state knew of the incident on this basis before `since` (EARLIEST).
    #[cols(state, incident, since, basis)] pub struct KnowsAtEarlier(pub StateId, pub IncidentId, pub Time, pub Basis);
    /// The first time the state knew (or should have known) of the incident, on any basis.
    #[cols(state, incident, since)] pub struct FirstKnows(pub StateId, pub IncidentId, pub Time);
    /// The state knew of the incident, on some basis, before `since` (EARLIEST).
    #[cols(state, incident, since)] pub struct KnowsEarlier(pub StateId, pub IncidentId, pub Time);
    /// A control link (not mere support) from a controller down to a perpetrator, direct or through a chain.
    #[cols(actor, controller)] pub struct ControlledBy(pub ActorId, pub ActorId);
    /// DUTY-ACTION of the state about the incident, from `since`, with the status of its significance.
    #[cols(state, incident, since, status)] pub struct ActionDuty(pub StateId, pub IncidentId, pub Time, pub Status);
    /// DUTY-NOTIFY's exception: the victim knew of the operation by the end of the state's window.
    #[cols(state, incident, victim)] pub struct VictimKnew(pub StateId, pub IncidentId, pub StateId);
    /// DUTY-NOTIFY owed by the state to a victim.
    #[cols(state, incident, victim, since, status)] pub struct NotifyOwed(pub StateId, pub IncidentId, pub StateId, pub Time, pub Status);
    /// A DUTY-NOTIFY of the state about the incident stronger than `status` is owed to some victim (STATUS).
    #[cols(state, incident, status)] pub struct NotifyOwedStronger(pub StateId, pub IncidentId, pub Status);
    /// DUTY-NOTIFY of the state about the incident, with its strongest status (STATUS).
    #[cols(state, incident, since, status)] pub struct NotifyDuty(pub StateId, pub IncidentId, pub Time, pub Status);
    /// DUTY-MLA owed to a requesting state for its request at `since`.
    #[cols(state, incident, requester, since)] pub struct MlaOwed(pub StateId, pub IncidentId, pub StateId, pub Time);
    /// A request for mutual legal assistance about the incident reached the state before `since` (EARLIEST).
    #[cols(state, incident, since)] pub struct MlaOwedEarlier(pub StateId, pub IncidentId, pub Time);
    /// DUTY-MLA of the state about the incident, from the first request (EARLIEST).
    #[cols(state, incident, since)] pub struct MlaDuty(pub StateId, pub IncidentId, pub Time);
    /// DUTY-VULN: a vulnerability the state knows of.
    #[cols(state, vulnerability, since)] pub struct VulnOwed(pub StateId, pub VulnId, pub Time);
    /// The state knew of some vulnerability before `since` (EARLIEST).
    #[cols(state, since)] pub struct VulnOwedEarlier(pub StateId, pub Time);
    /// DUTY-VULN of the state, from the first vulnerability it knew of (EARLIEST).
    #[cols(state, since)] pub struct VulnDuty(pub StateId, pub Time);
    /// CAP-2: the state's capacity is medium or high.
    #[cols(state)] pub struct CapacityBound(pub StateId);
    /// A later row for the same institution of the state, from `until`.
    #[cols(state, institution, since, until)] pub struct InstLater(pub StateId, pub Institution, pub Time, pub Time);
    /// A row for the institution lies between the rows of `since` and `until` (they are not neighbours; LATEST).
    #[cols(state, institution, since, until)] pub struct InstLaterGap(pub StateId, pub Institution, pub Time, pub Time);
    /// The institution's row of `since` has a later row (LATEST).
    #[cols(state, institution, since)] pub struct InstHasLater(pub StateId, pub Institution, pub Time);
    /// What a row of `institutions.csv` documents: the status from `since` until the next row for the institution (`until` empty: no later row).
    #[cols(state, institution, since, until, status)] pub struct InstSpan(pub StateId, pub Institution, pub Time, pub Time, pub InstitutionStatus);
    /// The institution is in force at `as_of`.
    #[cols(state, institution)] pub struct InstInForce(pub StateId, pub Institution);
    /// The institution is documented as absent at `as_of`.
    #[cols(state, institution)] pub struct InstAbsent(pub StateId, pub Institution);
    /// Every institution that would meet an INST-* duty is documented as absent at `as_of`.
    #[cols(state, duty)] pub struct InstLacking(pub StateId, pub R);
    /// CAP-1: some measure is feasible for the state.
    #[cols(state)] pub struct CanAct(pub StateId);
    /// DUTY-ACTION was discharged in time (a measure, or CAP-3).
    #[cols(state, incident)] pub struct ActionDischarged(pub StateId, pub IncidentId);
    /// The state warned the victim of the incident within the response window of its DUTY-NOTIFY (BREACH-NOTIFY).
    #[cols(state, incident, victim)] pub struct WarnedInTime(pub StateId, pub IncidentId, pub StateId);
    /// The state gave a compliant answer to the request of `since` within the MLA answer window (BREACH-MLA).
    #[cols(state, incident, requester, since)] pub struct MlaAnsweredInTime(pub StateId, pub IncidentId, pub StateId, pub Time);
    /// An incident-level duty not met: status of the duty, and when the failure was complete (window end).
    #[cols(state, duty, incident, status, complete)] pub struct FailedAbout(pub StateId, pub R, pub IncidentId, pub Status, pub Time);
    /// A state-level duty (INST-*, DUTY-VULN) not met at as_of, with the duty's status.
    #[cols(state, duty, status)] pub struct FailedState(pub StateId, pub R, pub Status);
    /// An incident-level breach.
    #[cols(state, duty, incident)] pub struct BreachAbout(pub StateId, pub R, pub IncidentId);
    /// The state violated a duty about the incident other than DUTY-SUPPLY-CHAIN: NEG-1 then has no concern to add.
    #[cols(state, incident)] pub struct ViolatedNeg1(pub StateId, pub IncidentId);
    /// The state took a measure about the incident at some time (RESP-CESSATION).
    #[cols(state, incident)] pub struct MeasureEver(pub StateId, pub IncidentId);
    /// The state warned the victim of the incident at some time (RESP-CESSATION).
    #[cols(state, incident, victim)] pub struct WarnedEver(pub StateId, pub IncidentId, pub StateId);
    /// The state gave a compliant answer to the request of `since` at some time, late or not (BREACH-MLA).
    #[cols(state, incident, requester, since)] pub struct MlaAnsweredEver(pub StateId, pub IncidentId, pub StateId, pub Time);
    /// The wrongful act continues at `as_of` (RESP-CESSATION).
    #[cols(state, incident, basis)] pub struct Continuing(pub StateId, pub IncidentId, pub WrongBasis);
    /// Harm occurred: started, not foiled, at least disruptive or with a loss (HARM-FOILED, RESP-COMPENSATION).
    #[cols(incident)] pub struct HarmOccurred(pub IncidentId);
    /// RESP-COMPENSATION (amended): a breach of the state about the incident could have caused its harm.
    #[cols(state, incident)] pub struct CausalNexus(pub StateId, pub IncidentId);
    /// The injured state has a compensation claim against the state about the incident.
    #[cols(state, injured, incident)] pub struct CompensationOwed(pub StateId, pub StateId, pub IncidentId);
    /// The state paid compensation to the injured state for the incident (RESP-COMPENSATION).
    #[cols(state, injured, incident)] pub struct CompensatedTo(pub StateId, pub StateId, pub IncidentId);
    /// The state gave satisfaction to the injured state for the incident (RESP-SATISFACTION).
    #[cols(state, injured, incident)] pub struct SatisfiedTo(pub StateId, pub StateId, pub IncidentId);
    /// A wrongful act of `state` towards `injured`, by duty or NEG-1, complete at `complete`.
    #[cols(state, injured, incident, duty, complete)] pub struct WrongDone(pub StateId, pub StateId, pub IncidentId, pub R, pub Time);
    /// A countermeasure (not retorsion) against a state.
    #[cols(response, time, by, against, incident, on_behalf_of)] pub struct CmAgainstState(pub ResponseId, pub Time, pub StateId, pub StateId, pub IncidentId, pub Option<StateId>);
    /// A wrongful act the countermeasure responds to: towards whom, and by which duty.
    #[cols(response, injured, duty)] pub struct CmWrong(pub ResponseId, pub StateId, pub R);
    /// The countermeasure responds to some wrongful act (CM-WRONGFUL).
    #[cols(response)] pub struct CmHasWrong(pub ResponseId);
    /// The countermeasure serves its purpose: a wrongful act continues or reparation is outstanding at its time (CM-PURPOSE).
    #[cols(response)] pub struct CmPurpose(pub ResponseId);
    /// The responsible state took a measure about the incident before the response (CM-PURPOSE).
    #[cols(response)] pub struct MeasureBefore(pub ResponseId);
    /// The victim owed a warning got one before the response.
    #[cols(response, victim)] pub struct WarningBefore(pub ResponseId, pub StateId);
    /// A compliant answer to this request came before the response.
    #[cols(response, requester, since)] pub struct MlaAnswerBefore(pub ResponseId, pub StateId, pub Time);
    /// The responsible state paid compensation to the injured state before the response (CM-PURPOSE).
    #[cols(response, injured)] pub struct CompensatedBefore(pub ResponseId, pub StateId);
    /// The responsible state gave satisfaction to the injured state before the response (CM-PURPOSE).
    #[cols(response, injured)] pub struct SatisfiedBefore(pub ResponseId, pub StateId);
    /// The operation caused harm by the response's time (started, not foiled, at least disruptive or with a loss).
    #[cols(response)] pub struct CmHarmed(pub ResponseId);
    /// The injured state had a compensation claim at the response's time.
    #[cols(response, injured)] pub struct CmCompensable(pub ResponseId, pub StateId);
    /// The countermeasure was notified to the responsible state before it was taken, by the responding state or the state it acts for (CM-NOTICE).
    #[cols(response)] pub struct CmNoticed(pub ResponseId);
    /// The countermeasure fails at least one condition (CM-ADMISSIBLE).
    #[cols(response)] pub struct CmFails(pub ResponseId);

    // ================================================================ HARM (Ch. 1.B, 1.C)
    #[rule(HARM_2)]
    #[guard("{v} works through people or information, not by exploiting code or a system",
            "{v} exploits code or a system")]
    NonCyber(i, v) <- Incident(i, v, _, _, _, _, _, _, _), (!v.is_cyber());
    /// The degree follows HARM-3: confidentiality intrusive, functionality disruptive, physical destructive.
    #[rule(HARM_1)]
    #[guard("{e} effects are {d} harm (HARM-3)")]
    CyberHarm(i, d) <- Incident(i, v, e, _, _, _, _, _, _), !NonCyber(i, v), let d = Degree::of(e);

    // ================================================================ LINK (Ch. 2.A.III; F2)
    #[rule(LINK_1)]
    Emanates(i, s, l) <- Origin(i, s, l);
    #[rule(LINK_2)]
    #[guard("{v} is a state other than {s}",
            "the target {v} is the origin state itself")]
    Transboundary(i, s, v) <- Emanates(i, s, _), Target(i, v, _), (s != v);
    /// Readings settled: significance is judged per incident and victim, on a target state that is not an origin state; an incident with no origin is significant towards no one.
    #[rule(LINK_2)]
    Exposed(i, v, sec, d) <- CyberHarm(i, d), Target(i, v, sec), Transboundary(i, _, v), !Emanates(i, v, _);

    // ================================================================ SIG (Ch. 3; F6-F11)
    #[rule(SIG_FORCE)]
    #[guard("the harm is {d}",
            "the harm is {d}, not destructive")]
    #[guard("it caused {cas?{cas} casualties|no casualties} and was of {sev} severity",
            "it caused no casualties and was of {sev} severity, not severe")]
    SigGround(i, v, R::SIG_FORCE, Status::LexLata) <-
        Exposed(i, v, _, d), (d == Degree::Destructive), Incident(i, _, _, sev, _, cas, _, _, _),
        (cas > 0 || sev == Severity::Severe);
    #[rule(SIG_INTERVENTION)]
    #[guard("the harm is {d}",
            "the harm is only {d}, not disruptive or destructive")]
    #[guard("the {sec} sector belongs to the domaine réservé (elections, parliament, government, law enforcement, and finance from high severity; the severity was {sev})",
            "the {sec} sector does not belong to the domaine réservé (elections, parliament, government, law enforcement, and finance only from high severity; the severity was {sev})")]
    SigGround(i, v, R::SIG_INTERVENTION, Status::LexLata) <-
        Exposed(i, v, sec, d), (d >= Degree::Disruptive), Incident(i, _, _, sev, _, _, _, _, _),
        (sec.is_domaine_reserve() || (sec == Sector::Finance && sev >= Severity::High));
    /// Hack-and-leak manipulation: any confidentiality effect against elections.
    #[rule(SIG_INTERVENTION)]
    #[guard("{d} harm to the {sec} sector is hack-and-leak manipulation of elections",
            "{d} harm to the {sec} sector is not an intrusion into elections")]
    SigGround(i, v, R::SIG_INTERVENTION, Status::LexLata) <-
        Exposed(i, v, sec, d), (sec == Sector::Elections && d == Degree::Intrusive);
    /// Contested: only where the profile adopts the territorial sovereignty rule; adopted, it counts as lex lata inside the profile.
    #[rule(SIG_SOVEREIGNTY)]
    #[guard("the profile adopts {p.sovereignty}",
            "the profile adopts {p.sovereignty}, not the territorial one")]
    #[guard("{d} harm to the {sec} sector is disruption inside the target state or interference with an inherently governmental function",
            "{d} harm to the {sec} sector is neither disruption nor interference with an inherently governmental function")]
    SigGround(i, v, R::SIG_SOVEREIGNTY, Status::LexLata) <-
        Profile(p), (p.sovereignty == Sovereignty::Territorial), Exposed(i, v, sec, d),
        (d >= Degree::Disruptive || sec.is_governmental());
    /// Contested: the pure sovereignty rule makes any cyber harm, intrusive included, significant.
    #[rule(SIG_SOVEREIGNTY)]
    #[guard("the profile adopts {p.sovereignty}",
            "the profile adopts {p.sovereignty}, not the pure one")]
    SigGround(i, v, R::SIG_SOVEREIGNTY, Status::LexLata) <-
        Profile(p), (p.sovereignty == Sovereignty::Pure), Exposed(i, v, _, _);
    /// Amended: of at least the profile's least severity (a few hours' outage of a public website is not significant harm, F6, F9).
    #[rule(SIG_CI)]
    #[guard("{d} harm to the {sec} sector is disruptive or destructive harm to critical infrastructure",
            "{d} harm to the {sec} sector is not disruptive or destructive harm to critical infrastructure")]
    #[guard("its severity, {sev}, reaches the least severity for critical infrastructure, {p.ci_min_severity}",
            "its severity, {sev}, is below the least severity for critical infrastructure, {p.ci_min_severity}")]
    SigGround(i, v, R::SIG_CI, Status::LexLata) <-
        Exposed(i, v, sec, d), (d >= Degree::Disruptive && sec.is_critical_infrastructure()),
        Incident(i, _, _, sev, _, _, _, _, _), Profile(p), (sev >= p.ci_min_severity);
    #[rule(SIG_PUBLIC_CORE)]
    #[guard("the sector hit is the {sec}",
            "the sector hit, {sec}, is not the public core of the internet")]
    SigGround(i, v, R::SIG_PUBLIC_CORE, Status::LexLata) <- Exposed(i, v, sec, _), (sec == Sector::PublicCore);
    #[rule(SIG_ECONOMIC)]
    #[guard("its vector is {vector}",
            "its vector is {vector}, not ransomware")]
    #[guard("its loss of {loss} USD reaches the economic threshold of {p.economic_threshold_usd}",
            "its loss of {loss} USD is below the economic threshold of {p.economic_threshold_usd}")]
    SigGround(i, v, R::SIG_ECONOMIC, Status::Emerging) <-
        Exposed(i, v, _, _), Incident(i, vector, _, _, _, _, loss, _, _), (vector == Vector::Ransomware), Profile(p),
        (loss >= p.economic_threshold_usd);
    /// Theft of intellectual property / trade secrets.
    #[rule(SIG_ECONOMIC)]
    #[guard("{d} harm to the {sec} sector is theft of intellectual property or trade secrets",
            "{d} harm to the {sec} sector is not an intrusion into industry")]
    #[guard("its loss of {loss} USD reaches the economic threshold of {p.economic_threshold_usd}",
            "its loss of {loss} USD is below the economic threshold of {p.economic_threshold_usd}")]
    SigGround(i, v, R::SIG_ECONOMIC, Status::Emerging) <-
        Exposed(i, v, sec, d), (sec == Sector::Industry && d == Degree::Intrusive),
        Incident(i, _, _, _, _, _, loss, _, _), Profile(p), (loss >= p.economic_threshold_usd);
    #[rule(SIG_ESPIONAGE)]
    #[guard("{d} harm to the {sec} sector is espionage against a government or an international organisation",
            "{d} harm to the {sec} sector is not an intrusion into a government or an international organisation")]
    SigGround(i, v, R::SIG_ESPIONAGE, Status::Emerging) <-
        Exposed(i, v, sec, d), (d == Degree::Intrusive && (sec == Sector::Government || sec == Sector::InternationalOrg));
    /// Mass surveillance.
    #[rule(SIG_ESPIONAGE)]
    #[guard("the harm is {d}",
            "the harm is {d}, not intrusive")]
    #[guard("its scale is {scale}: mass surveillance",
            "its scale is {scale}, not mass")]
    SigGround(i, v, R::SIG_ESPIONAGE, Status::Emerging) <-
        Exposed(i, v, _, d), (d == Degree::Intrusive), Incident(i, _, _, _, scale, _, _, _, _), (scale == Scale::Mass);
    /// Economic espionage (SIG-ECONOMIC's industry branch).
    #[rule(SIG_ESPIONAGE)]
    #[guard("{d} harm to the {sec} sector is economic espionage",
            "{d} harm to the {sec} sector is not an intrusion into industry")]
    #[guard("its loss of {loss} USD reaches the economic threshold of {p.economic_threshold_usd}",
            "its loss of {loss} USD is below the economic threshold of {p.economic_threshold_usd}")]
    SigGround(i, v, R::SIG_ESPIONAGE, Status::Emerging) <-
        Exposed(i, v, sec, d), (sec == Sector::Industry && d == Degree::Intrusive),
        Incident(i, _, _, _, _, _, loss, _, _), Profile(p), (loss >= p.economic_threshold_usd);
    /// F6: a concern voiced by a state that is not an origin state, about at least disruptive harm.
    #[rule(SIG_CONCERN)]
    #[guard("the harm is {d}",
            "the harm is only {d}, not disruptive or destructive")]
    SigGround(i, v, R::SIG_CONCERN, Status::LexLata) <-
        Exposed(i, v, _, d), (d >= Degree::Disruptive), ConcernVoiced(_, by, _, i), !Emanates(i, by, _);

    // SIG-CUMULATIVE: the pool, and its count and loss accumulated in incident order
    // (crepe has no aggregates; campaigns are small, the pairwise steps are quadratic in a campaign).
    #[rule(STATUS)]
    #[guard("the ground is {st}",
            "the ground is only {st}")]
    HasLexLataGround(i) <- SigGround(i, _, _, st), (st == Status::LexLata);
    /// Readings settled: the pool is the campaign's transboundary cyber-harm incidents that have no lex lata ground of their own.
    #[rule(SIG_CUMULATIVE)]
    Pooled(c, i, loss) <- InCampaign(i, c), Exposed(i, _, _, _), !HasLexLataGround(i), Incident(i, _, _, _, _, _, loss, _, _);
    #[rule(SIG_CUMULATIVE)]
    #[guard("{j} comes after {i} in the campaign's order",
            "{j} does not come after {i}")]
    PoolLater(c, i, j) <- Pooled(c, i, _), Pooled(c, j, _), (i < j);
    #[rule(SIG_CUMULATIVE)]
    PoolGap(c, i, k) <- PoolLater(c, i, j), PoolLater(c, j, k);
    #[rule(SIG_CUMULATIVE)]
    PoolNext(c, i, j) <- PoolLater(c, i, j), !PoolGap(c, i, j);
    #[rule(SIG_CUMULATIVE)]
    PoolHasEarlier(c, j) <- PoolLater(c, _, j);
    #[rule(SIG_CUMULATIVE)]
    PoolHasLater(c, i) <- PoolLater(c, i, _);
    #[rule(SIG_CUMULATIVE)]
    PoolSum(c, i, 1, loss) <- Pooled(c, i, loss), !PoolHasEarlier(c, i);
    #[rule(SIG_CUMULATIVE)]
    PoolSum(c, j, n + 1, s.saturating_add(loss)) <- PoolSum(c, i, n, s), PoolNext(c, i, j), Pooled(c, j, loss);
    #[rule(SIG_CUMULATIVE)]
    PoolTotal(c, n, s) <- PoolSum(c, i, n, s), !PoolHasLater(c, i);
    /// Only pool members get the ground, towards each of their victims.
    // The pool member comes first: a why-not of an incident outside every campaign then stops
    // at its own missing campaign, not at the pools of every other campaign.
    #[rule(SIG_CUMULATIVE)]
    #[guard("the pool of {n} operations with {s} USD of losses reaches the cumulative threshold of {p.cumulative_incidents} or {p.cumulative_loss_usd}",
            "the pool of {n} operations with {s} USD of losses reaches neither {p.cumulative_incidents} nor {p.cumulative_loss_usd}")]
    SigAll(i, v, R::SIG_CUMULATIVE, Status::LexLata) <-
        Pooled(c, i, _), Exposed(i, v, _, _),
        PoolTotal(c, n, s), Profile(p), (n >= p.cumulative_incidents || s >= p.cumulative_loss_usd);
    #[rule(STATUS)]
    SigAll(i, v, g, st) <- SigGround(i, v, g, st);

    // The strongest significance, per victim and per incident (STATUS; `docs/catalogue.md`, Status values).
    #[rule(STATUS)]
    #[guard("{st2} is stronger than {st}",
            "{st2} is not stronger than {st}")]
    SigStronger(i, v, st) <- SigAll(i, v, _, st), SigAll(i, v, _, st2), (st2 > st);
    #[rule(STATUS)]
    SigBestOn(i, v, st) <- SigAll(i, v, _, st), !SigStronger(i, v, st);
    #[rule(STATUS)]
    #[guard("{st2} is stronger than {st}",
            "{st2} is not stronger than {st}")]
    SigBestStronger(i, st) <- SigBestOn(i, _, st), SigBestOn(i, _, st2), (st2 > st);
    #[rule(STATUS)]
    SigBest(i, st) <- SigBestOn(i, _, st), !SigBestStronger(i, st);

    /// F6: general or abstract risks trigger the duty to prevent; not where the profile rejects preventive duties, and not without due diligence.
    #[rule(SIG_RISK)]
    #[guard("{p.preventive?preventive duties are on|preventive duties are off} and {p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}",
            "{p.preventive?due diligence obligations do not bind states|preventive duties are off}")]
    SigRisk(i, st) <- Profile(p), (p.preventive && p.due_diligence), KnownInAdvance(i, _, _), SigBest(i, st);
    #[rule(SIG_RISK)]
    #[guard("{s} knew of it on {t}, before it began on {start}",
            "{s} first knew of it on {t}, not before it began on {start}")]
    KnownInAdvance(i, s, t) <- FirstKnows(s, i, t), Emanates(i, s, _), Incident(i, _, _, _, _, _, _, start, _), (t < start);
    #[rule(STATUS)]
    Significant(i, g, st) <- SigAll(i, _, g, st);
    #[rule(SIG_RISK)]
    Significant(i, R::SIG_RISK, st) <- SigRisk(i, st);

    // ================================================================ ATTR (ARSIWA Arts. 4, 8)
    #[rule(ATTR_ORGAN)]
    #[guard("the organ belongs to {os}",
            "the organ belongs to no state")]
    Attributed(i, s) <- Perpetrator(i, a), Actor(a, ActorKind::StateOrgan, os), let Some(s) = os;
    /// Mere support (funding, safe haven) is not control.
    #[rule(ATTR_CONTROL)]
    #[guard("{b} has {k} over {a}, more than mere support",
            "{b} gives {a} only {k}: mere support is not control")]
    ControlledBy(a, b) <- Perpetrator(_, a), Control(b, a, k), (k != ControlKind::Support);
    #[rule(ATTR_CONTROL)]
    #[guard("{c} has {k} over {b}, more than mere support",
            "{c} gives {b} only {k}: mere support is not control")]
    ControlledBy(a, c) <- ControlledBy(a, b), Control(c, b, k), (k != ControlKind::Support);
    #[rule(ATTR_CONTROL)]
    #[guard("the organ belongs to {os}",
            "the organ belongs to no state")]
    Attributed(i, s) <- Perpetrator(i, a), ControlledBy(a, b), Actor(b, ActorKind::StateOrgan, os), let Some(s) = os;

    // ================================================================ KNOW (Ch. 2.A.IV, 4.C.II.3, 4.D.II)
    #[rule(KNOW_NOTICE)]
    KnowsAt(s, i, t, Basis::Notice) <- Notified(t, _, s, i);
    #[rule(KNOW_NOTICE)]
    KnowsAt(s, i, t, Basis::Notice) <- AssistanceRequested(t, _, s, i);
    /// Amended: knowledge may be shown by any means (ICJ Corfu Channel): a concern addressed to the state is notice.
    #[rule(KNOW_NOTICE)]
    #[guard("the concern was addressed to {to}",
            "the concern was addressed to no state in particular")]
    KnowsAt(s, i, t, Basis::Notice) <- ConcernVoiced(t, _, to, i), let Some(s) = to;
    /// Amended: a warning addressed to the state is notice.
    #[rule(KNOW_NOTICE)]
    KnowsAt(s, i, t, Basis::Notice) <- Warned(t, _, s, i);
    /// Amended: a request for mutual legal assistance addressed to the state is notice.
    #[rule(KNOW_NOTICE)]
    KnowsAt(s, i, t, Basis::Notice) <- MlaRequested(t, _, s, i);
    /// Amended: a notice of countermeasures addressed to the state is notice.
    #[rule(KNOW_NOTICE)]
    KnowsAt(s, i, t, Basis::Notice) <- CmNotified(t, _, s, i);
    #[rule(KNOW_DETECT)]
    KnowsAt(s, i, t, Basis::Detection) <- Detected(t, s, i);
    /// Readings settled: constructive knowledge is derived for the states the incident emanates from; the institution must be in force at the report's time (amended: its latest row dated no later than the report says in force).
    #[rule(KNOW_CONSTRUCTIVE)]
    #[guard("{s}'s {inst} institution was in force{since? from {since}}{until? until {until}} when the operation was reported on {t}",
            "{s} had no monitoring institution or CERT in force on {t}")]
    KnowsAt(s, i, t, Basis::Constructive) <-
        Reported(t, _, i), Emanates(i, s, _), InstSpan(s, inst, since, until, InstitutionStatus::InForce),
        (since <= t && t < until && (inst == Institution::Monitoring || inst == Institution::Cert));
    #[rule(EARLIEST)]
    #[guard("{t2} is before {t}",
            "{t2} is not before {t}")]
    KnowsAtEarlier(s, i, t, b) <- KnowsAt(s, i, t, b), KnowsAt(s, i, t2, b), (t2 < t);
    #[rule(EARLIEST)]
    Knows(s, i, t, b) <- KnowsAt(s, i, t, b), !KnowsAtEarlier(s, i, t, b);
    #[rule(EARLIEST)]
    #[guard("{t2} is before {t}",
            "{t2} is not before {t}")]
    KnowsEarlier(s, i, t) <- Knows(s, i, t, _), Knows(s, i, t2, _), (t2 < t);
    #[rule(EARLIEST)]
    FirstKnows(s, i, t) <- Knows(s, i, t, _), !KnowsEarlier(s, i, t);

    // ================================================================ DUTY (Ch. 4.B-4.D; F12-F13)
    /// Ongoing when the state first knows of it: the duty runs from that knowledge. Knowledge only after the end triggers nothing. Readings settled (amended): not for an operation attributed to the state, which answers for its conduct (NEG-1), not for failing to prevent it (F4, F12).
    #[rule(DUTY_ACTION)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    #[guard("{i} was ongoing when {s} first knew of it on {t}: it began on {start}{end? and ended on {end}| and has not ended}",
            "{i} was not ongoing when {s} first knew of it on {t}: {end?it ran from {start} to {end}|it began only on {start}}")]
    ActionDuty(s, i, t, st) <-
        Profile(p), (p.due_diligence), FirstKnows(s, i, t), Emanates(i, s, _),
        Incident(i, _, _, _, _, _, _, start, end), (start <= t && t < end), SigBest(i, st), !Attributed(i, s);
    /// SIG-RISK: known while imminent, the duty runs from the first knowledge; not for an operation attributed to the state (amended).
    #[rule(DUTY_ACTION)]
    #[guard("{s} knew of {i} on {t}, before it began on {start}",
            "{s} first knew of {i} on {t}, not before it began on {start}")]
    ActionDuty(s, i, t, st) <-
        FirstKnows(s, i, t), Emanates(i, s, _), Incident(i, _, _, _, _, _, _, start, _), (t < start), SigRisk(i, st),
        !Attributed(i, s);
    /// Readings settled: where the profile rejects preventive duties (tallinn-2), an operation known in advance triggers the duty when it starts, from its start; not for an operation attributed to the state (amended).
    #[rule(DUTY_ACTION)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states} and {p.preventive?preventive duties are on|preventive duties are off}",
            "{p.preventive?the reading for profiles without preventive duties does not apply: preventive duties are on|due diligence obligations do not bind states}")]
    #[guard("{s} knew of {i} on {t}, before it began on {start}, which is not after the evaluation time {p.as_of}",
            "{s} first knew of {i} on {t} and it began on {start}: it was not known in advance of a start by the evaluation time {p.as_of}")]
    ActionDuty(s, i, start, st) <-
        Profile(p), (p.due_diligence && !p.preventive), FirstKnows(s, i, t), Emanates(i, s, _),
        Incident(i, _, _, _, _, _, _, start, _), (t < start && start <= p.as_of), SigBest(i, st), !Attributed(i, s);
    /// Readings settled (amended): the victim already knew when it told the state (a notification) no later than the end of the state's window.
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} notified {s} on {t}, within the response window of {p.window_hours} from {since}",
            "{v} notified {s} only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), Notified(t, v, s, i), (t <= since.plus_hours(p.window_hours));
    /// ... or asked it for assistance by then.
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} asked {s} for assistance on {t}, within the response window of {p.window_hours} from {since}",
            "{v} asked {s} for assistance only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), AssistanceRequested(t, v, s, i), (t <= since.plus_hours(p.window_hours));
    /// Decision: the victim also told the state by any other event that gives notice (KNOW-NOTICE, amended): a concern, a warning, an MLA request or a countermeasure notice addressed to the state; a state cannot tell of what it does not know.
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} voiced its concern to {to} on {t}, within the response window of {p.window_hours} from {since}",
            "{v} did not voice its concern to {s} within the response window of {p.window_hours} from {since}, which ended on {since+p.window_hours} (its concern of {t} was addressed to {to?{to}|no state in particular})")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), ConcernVoiced(t, v, to, i), (to == Some(s) && t <= since.plus_hours(p.window_hours));
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} warned {s} on {t}, within the response window of {p.window_hours} from {since}",
            "{v} warned {s} only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), Warned(t, v, s, i), (t <= since.plus_hours(p.window_hours));
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} asked {s} for mutual legal assistance on {t}, within the response window of {p.window_hours} from {since}",
            "{v} asked {s} for mutual legal assistance only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), MlaRequested(t, v, s, i), (t <= since.plus_hours(p.window_hours));
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} notified {s} of countermeasures on {t}, within the response window of {p.window_hours} from {since}",
            "{v} notified {s} of countermeasures only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), CmNotified(t, v, s, i), (t <= since.plus_hours(p.window_hours));
    /// ... or detected the operation itself by then.
    #[rule(DUTY_NOTIFY)]
    #[guard("{v} detected the operation on {t}, within the response window of {p.window_hours} from {since}",
            "{v} detected the operation only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), Detected(t, v, i), (t <= since.plus_hours(p.window_hours));
    /// ... or the operation was publicly reported by then: every targeted state could know of it.
    #[rule(DUTY_NOTIFY)]
    #[guard("the operation was publicly reported on {t}, within the response window of {p.window_hours} from {since}",
            "the operation was publicly reported only on {t}, after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    VictimKnew(s, i, v) <-
        ActionDuty(s, i, since, _), Profile(p), Reported(t, _, i), (t <= since.plus_hours(p.window_hours)), Target(i, v, _);
    /// The status is the weaker of the duty's (profile position `notify`) and the significance towards that victim. Like DUTY-ACTION, it does not arise for an operation attributed to the state (amended).
    #[rule(DUTY_NOTIFY)]
    #[guard("the duty to notify {v} is {st}: the weaker of DUTY-NOTIFY's status, {p.notify}, and of the significance towards {v}, {sv}")]
    NotifyOwed(s, i, v, since, st) <-
        ActionDuty(s, i, since, _), SigBestOn(i, v, sv), Profile(p), let st = sv.min(p.notify), !VictimKnew(s, i, v);
    #[rule(STATUS)]
    #[guard("{st2} is stronger than {st}",
            "{st2} is not stronger than {st}")]
    NotifyOwedStronger(s, i, st) <- NotifyOwed(s, i, _, _, st), NotifyOwed(s, i, _, _, st2), (st2 > st);
    #[rule(STATUS)]
    NotifyDuty(s, i, since, st) <- NotifyOwed(s, i, _, since, st), !NotifyOwedStronger(s, i, st);
    /// Readings settled: needs no significance, and the requested state need not be an origin state.
    #[rule(DUTY_MLA)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    MlaOwed(s, i, r, t) <- Profile(p), (p.due_diligence), MlaRequested(t, r, s, i), CyberHarm(i, _);
    #[rule(EARLIEST)]
    #[guard("{t2} is before {t}",
            "{t2} is not before {t}")]
    MlaOwedEarlier(s, i, t) <- MlaOwed(s, i, _, t), MlaOwed(s, i, _, t2), (t2 < t);
    #[rule(EARLIEST)]
    MlaDuty(s, i, t) <- MlaOwed(s, i, _, t), !MlaOwedEarlier(s, i, t);
    #[rule(DUTY_VULN)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    #[guard("{s} knew of {x} from {since}, by the evaluation time {p.as_of}",
            "{s} knew of {x} only from {since}, after the evaluation time {p.as_of}")]
    VulnOwed(s, x, since) <- Profile(p), (p.due_diligence), Vulnerability(x, s, since, _), (since <= p.as_of);
    #[rule(EARLIEST)]
    #[guard("{t2} is before {t}",
            "{t2} is not before {t}")]
    VulnOwedEarlier(s, t) <- VulnOwed(s, _, t), VulnOwed(s, _, t2), (t2 < t);
    #[rule(EARLIEST)]
    VulnDuty(s, t) <- VulnOwed(s, _, t), !VulnOwedEarlier(s, t);

    #[rule(DUTY_ACTION)]
    Obligation(s, R::DUTY_ACTION, Some(i), since, st) <- ActionDuty(s, i, since, st);
    #[rule(DUTY_NOTIFY)]
    Obligation(s, R::DUTY_NOTIFY, Some(i), since, st) <- NotifyDuty(s, i, since, st);
    #[rule(DUTY_MLA)]
    Obligation(s, R::DUTY_MLA, Some(i), since, Status::LexLata) <- MlaDuty(s, i, since);
    /// Its status is the profile position `vuln` (lex ferenda in kreuzer-2024).
    #[rule(DUTY_VULN)]
    Obligation(s, R::DUTY_VULN, Option::None, since, p.vuln) <- VulnDuty(s, since), Profile(p);

    // ================================================================ INST (F13(d)-(g)) and CAP-2
    #[rule(CAP_2)]
    #[guard("{s}'s capacity is {c}",
            "{s}'s capacity is only {c}")]
    CapacityBound(s) <- State(s, c), (c >= Capacity::Medium);
    #[rule(INST_CRIMINALIZE)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    Obligation(s, R::INST_CRIMINALIZE, Option::None, Time::ALWAYS, Status::LexLata) <- Profile(p), (p.due_diligence), State(s, _);
    #[rule(INST_PROCEDURE)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    Obligation(s, R::INST_PROCEDURE, Option::None, Time::ALWAYS, Status::LexLata) <- Profile(p), (p.due_diligence), State(s, _);
    #[rule(INST_POC)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    Obligation(s, R::INST_POC, Option::None, Time::ALWAYS, Status::LexLata) <- Profile(p), (p.due_diligence), State(s, _);
    #[rule(INST_KNOWLEDGE)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    Obligation(s, R::INST_KNOWLEDGE, Option::None, Time::ALWAYS, Status::LexLata) <- Profile(p), (p.due_diligence), CapacityBound(s);
    #[rule(INST_CI)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    Obligation(s, R::INST_CI, Option::None, Time::ALWAYS, Status::LexLata) <- Profile(p), (p.due_diligence), CapacityBound(s);

    // Readings settled (amended), Institutions: the latest row for (state, institution)
    // dated no later than t decides its status at t; with no such row nothing is known.
    // Each row holds from its `since` until the next row's (stratified negation, as for
    // EARLIEST); the same spans serve KNOW-CONSTRUCTIVE, INST-* and hr_safeguards.
    #[rule(LATEST)]
    #[guard("the row of {b} is later than the row of {a}",
            "the row of {b} is not later than the row of {a}")]
    InstLater(s, x, a, b) <- InstitutionIn(s, x, a, _), InstitutionIn(s, x, b, _), (a < b);
    #[rule(LATEST)]
    InstLaterGap(s, x, a, c) <- InstLater(s, x, a, b), InstLater(s, x, b, c);
    #[rule(LATEST)]
    InstHasLater(s, x, a) <- InstLater(s, x, a, _);
    #[rule(LATEST)]
    InstSpan(s, x, a, b, st) <- InstitutionIn(s, x, a, st), InstLater(s, x, a, b), !InstLaterGap(s, x, a, b);
    #[rule(LATEST)]
    InstSpan(s, x, a, Time::NEVER, st) <- InstitutionIn(s, x, a, st), !InstHasLater(s, x, a);
    #[rule(LATEST)]
    #[guard("{s}'s {x} was in force at the evaluation time {p.as_of}: the row saying so holds from {since}{until? until {until}}",
            "{s}'s {x} was not recorded as in force at the evaluation time {p.as_of}: the row saying so holds from {since}{until? until {until}}")]
    InstInForce(s, x) <- Profile(p), InstSpan(s, x, since, until, InstitutionStatus::InForce), (since <= p.as_of && p.as_of < until);
    /// Decision: rows of the same date that say in force and absent contradict each other; the institution counts as in force (no wrongful act is found on contradictory evidence).
    #[rule(LATEST)]
    #[guard("{s}'s {x} was recorded as absent at the evaluation time {p.as_of}: the row saying so holds from {since}{until? until {until}}",
            "{s}'s {x} was not recorded as absent at the evaluation time {p.as_of}: the row saying so holds from {since}{until? until {until}}")]
    InstAbsent(s, x) <-
        Profile(p), InstSpan(s, x, since, until, InstitutionStatus::Absent), (since <= p.as_of && p.as_of < until),
        !InstInForce(s, x);
    #[rule(INST_CRIMINALIZE)]
    InstLacking(s, R::INST_CRIMINALIZE) <- InstAbsent(s, Institution::CybercrimeLaw);
    #[rule(INST_PROCEDURE)]
    InstLacking(s, R::INST_PROCEDURE) <- InstAbsent(s, Institution::ProceduralLaw);
    /// Either a monitoring institution or a CERT meets the duty: both must be documented as absent.
    #[rule(INST_KNOWLEDGE)]
    InstLacking(s, R::INST_KNOWLEDGE) <- InstAbsent(s, Institution::Monitoring), InstAbsent(s, Institution::Cert);
    #[rule(INST_CI)]
    InstLacking(s, R::INST_CI) <- InstAbsent(s, Institution::CiProtection);
    /// Usually the international point of contact is the national CERT (F13(g)): both must be documented as absent.
    #[rule(INST_POC)]
    InstLacking(s, R::INST_POC) <- InstAbsent(s, Institution::PointOfContact), InstAbsent(s, Institution::Cert);
    /// Human-rights safeguards are best practice: their absence is a recommendation, not a breach; amended: only a documented absence.
    #[rule(INST_PROCEDURE)]
    #[guard("{p.due_diligence?due diligence obligations bind states|due diligence obligations do not bind states}")]
    Recommendation(s, R::INST_PROCEDURE) <- Profile(p), (p.due_diligence), InstAbsent(s, Institution::HrSafeguards);

    // ================================================================ CAP and BREACH (Ch. 5.A; F14)
    #[rule(CAP_1)]
    #[guard("{s} is of {c} capacity and can take some measure under {p.any_feasible}",
            "{s} is of {c} capacity and can take no measure under {p.any_feasible}")]
    CanAct(s) <- State(s, c), Profile(p), (p.any_feasible(c));
    /// Readings settled: a measure at any time up to the end of the window discharges the duty, also one taken before the duty arose.
    #[rule(BREACH_ACTION)]
    #[guard("{s}'s measure of {t} came within the response window of {p.window_hours} from {since}",
            "{s}'s measure of {t} came after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    ActionDischarged(s, i) <-
        ActionDuty(s, i, since, _), Profile(p), MeasureTaken(t, s, i, _), (t <= since.plus_hours(p.window_hours));
    #[rule(CAP_3)]
    #[guard("{s}'s request for assistance of {t} came within the response window of {p.window_hours} from {since}",
            "{s}'s request for assistance of {t} came after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    ActionDischarged(s, i) <-
        ActionDuty(s, i, since, _), State(s, Capacity::Low), Profile(p), AssistanceRequested(t, s, _, i),
        (t <= since.plus_hours(p.window_hours));
    /// Readings settled: a duty with a response window is breached only once the window has ended by the evaluation time; an act at the window's last moment is in time.
    #[rule(BREACH_ACTION)]
    #[guard("the response window of {p.window_hours} ran from {since}")]
    #[guard("it ended on {end}, before the evaluation time {p.as_of}",
            "it ends on {end}, after the evaluation time {p.as_of}: the window is still open")]
    FailedAbout(s, R::DUTY_ACTION, i, st, end) <-
        ActionDuty(s, i, since, st), CanAct(s), Profile(p), let end = since.plus_hours(p.window_hours),
        (end <= p.as_of), !ActionDischarged(s, i);
    /// Decision: a warning up to the end of the window counts, also one given before the duty arose (as for measures).
    #[rule(BREACH_NOTIFY)]
    #[guard("{s}'s warning to {v} of {t} came within the response window of {p.window_hours} from {since}",
            "{s}'s warning to {v} of {t} came after the response window of {p.window_hours} from {since} ended on {since+p.window_hours}")]
    WarnedInTime(s, i, v) <-
        NotifyOwed(s, i, v, since, _), Profile(p), Warned(t, s, v, i), (t <= since.plus_hours(p.window_hours));
    /// A breach only where the profile makes DUTY-NOTIFY binding; otherwise the failure is a concern (STATUS).
    #[rule(BREACH_NOTIFY)]
    #[guard("the response window of {p.window_hours} ran from {since}")]
    #[guard("it ended on {end}, before the evaluation time {p.as_of}",
            "it ends on {end}, after the evaluation time {p.as_of}: the window is still open")]
    FailedAbout(s, R::DUTY_NOTIFY, i, st, end) <-
        NotifyOwed(s, i, v, since, st), Profile(p), let end = since.plus_hours(p.window_hours),
        (end <= p.as_of), !WarnedInTime(s, i, v);
    /// Readings settled: DUTY-MLA's window is the MLA answer window (`mla_window_hours`), not the response window.
    #[rule(BREACH_MLA)]
    #[guard("{s} answered on {t2} ({o}), a compliant answer within the MLA answer window of {p.mla_window_hours} from the request of {t}",
            "{s}'s answer of {t2} ({o}) was not a compliant answer within the MLA answer window of {p.mla_window_hours} from the request of {t}, which ended on {t+p.mla_window_hours}")]
    MlaAnsweredInTime(s, i, r, t) <-
        MlaOwed(s, i, r, t), Profile(p), MlaAnswered(t2, s, r, i, o),
        (o.is_compliant() && t <= t2 && t2 <= t.plus_hours(p.mla_window_hours));
    #[rule(BREACH_MLA)]
    #[guard("{s} answered {r}'s request of {t} on {t2} ({o})",
            "{s}'s answer of {t2} ({o}) was not a compliant answer to the request of {t}")]
    MlaAnsweredEver(s, i, r, t) <- MlaOwed(s, i, r, t), MlaAnswered(t2, s, r, i, o), (o.is_compliant() && t <= t2);
    /// Amended: each request is owed a compliant answer (granted, or refused with reasons); breached when none came within the MLA window nor by as_of (silence, or only refusals without reasons).
    #[rule(BREACH_MLA)]
    #[guard("the MLA answer window of {p.mla_window_hours} for answering the request of {t} ran to {end}")]
    #[guard("it ended on {end}, before the evaluation time {p.as_of}",
            "it ends on {end}, after the evaluation time {p.as_of}: the window is still open")]
    FailedAbout(s, R::DUTY_MLA, i, Status::LexLata, end) <-
        MlaOwed(s, i, r, t), Profile(p), let end = t.plus_hours(p.mla_window_hours), (end <= p.as_of),
        !MlaAnsweredInTime(s, i, r, t), !MlaAnsweredEver(s, i, r, t);
    /// Amended: a compliant answer after the MLA window is late; promptness is an emerging standard, so it is a concern, not a breach.
    #[rule(BREACH_MLA)]
    #[guard("the MLA answer window of {p.mla_window_hours} for answering the request of {t} ran to {end}")]
    #[guard("it ended on {end}, before the evaluation time {p.as_of}",
            "it ends on {end}, after the evaluation time {p.as_of}: the window is still open")]
    FailedAbout(s, R::DUTY_MLA, i, Status::Emerging, end) <-
        MlaOwed(s, i, r, t), Profile(p), let end = t.plus_hours(p.mla_window_hours), (end <= p.as_of),
        !MlaAnsweredInTime(s, i, r, t), MlaAnsweredEver(s, i, r, t);
    /// Amended: breached only where the dataset documents, at the evaluation time (as_of), the absence of every institution that would meet the duty; where it is silent the duty is not assessed (ICJ Pulp Mills, para. 162).
    #[rule(BREACH_INST)]
    #[guard("{d} is an institutional duty",
            "{d} is not an institutional duty")]
    FailedState(s, d, Status::LexLata) <-
        Obligation(s, d, Option::None, _, Status::LexLata), (d.family() == "INST"), InstLacking(s, d);
    /// Not disclosed by the evaluation time; the failure's status is the profile position `vuln`.
    #[rule(DUTY_VULN)]
    #[guard("{x} was {disclosed?disclosed only on {disclosed}, after|not disclosed by} the evaluation time {p.as_of}",
            "{x} was disclosed on {disclosed}, by the evaluation time {p.as_of}")]
    FailedState(s, R::DUTY_VULN, p.vuln) <-
        VulnOwed(s, x, _), Vulnerability(x, s, _, disclosed), Profile(p), (disclosed > p.as_of);

    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not lex lata, so its failure is no breach")]
    Breach(s, d, Some(i)) <- FailedAbout(s, d, i, st, _), (st == Status::LexLata);
    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not lex lata, so its failure is no breach")]
    Breach(s, d, Option::None) <- FailedState(s, d, st), (st == Status::LexLata);
    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not emerging, so its failure is no concern")]
    Concern(s, d, Some(i)) <- FailedAbout(s, d, i, st, _), (st == Status::Emerging), !BreachAbout(s, d, i);
    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not emerging, so its failure is no concern")]
    Concern(s, d, Option::None) <- FailedState(s, d, st), (st == Status::Emerging), !Breach(s, d, Option::None);
    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not lex ferenda, so its failure is no recommendation")]
    Recommendation(s, d) <- FailedAbout(s, d, _, st, _), (st == Status::LexFerenda);
    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not lex ferenda, so its failure is no recommendation")]
    Recommendation(s, d) <- FailedState(s, d, st), (st == Status::LexFerenda);
    #[rule(STATUS)]
    #[guard("the duty is {st}",
            "the duty is {st}, not lex lata, so its failure is no breach")]
    BreachAbout(s, d, i) <- FailedAbout(s, d, i, st, _), (st == Status::LexLata);
    #[rule(BREACH_NEGLIGENT)]
    Negligent(s, i) <- BreachAbout(s, _, i);

    // ================================================================ NEG (Ch. 2.A.VI, 4.A; F4, F12)
    /// Readings settled: lex lata grounds only; the incident must have started; conduct is transboundary when it hits a target other than the attributed state, whether or not that state is an origin.
    #[rule(NEG_1)]
    #[guard("the ground is {st} towards {v}, a state other than {s}",
            "the ground towards {v} is {st}: a violation needs a lex lata ground towards a state other than {s}")]
    #[guard("it began on {start}, by the evaluation time {p.as_of}",
            "it begins only on {start}, after the evaluation time {p.as_of}")]
    Violation(s, i, g) <-
        Attributed(i, s), SigAll(i, v, g, st), (st == Status::LexLata && v != s),
        Incident(i, _, _, _, _, _, _, start, _), Profile(p), (start <= p.as_of);
    #[rule(NEG_1)]
    #[guard("the ground is {g}",
            "the ground is {g}, which is conduct of its own")]
    ViolatedNeg1(s, i) <- Violation(s, i, g), (g != R::DUTY_SUPPLY_CHAIN);
    /// Readings settled: an attributed operation significant only on emerging grounds is a concern, not a violation.
    #[rule(NEG_1)]
    #[guard("the ground towards {v}, a state other than {s}, is {st}",
            "the ground towards {v} is {st}: a concern needs an emerging ground towards a state other than {s}")]
    #[guard("it began on {start}, by the evaluation time {p.as_of}",
            "it begins only on {start}, after the evaluation time {p.as_of}")]
    Concern(s, R::NEG_1, Some(i)) <-
        Attributed(i, s), SigAll(i, v, _, st), (st == Status::Emerging && v != s),
        Incident(i, _, _, _, _, _, _, start, _), Profile(p), (start <= p.as_of), !ViolatedNeg1(s, i);
    /// Conduct, not negligence: needs no significance and is kept under every profile.
    #[rule(DUTY_SUPPLY_CHAIN)]
    #[guard("its vector is {vector}",
            "its vector is {vector}, not supply chain")]
    #[guard("it began on {start}, by the evaluation time {p.as_of}",
            "it begins only on {start}, after the evaluation time {p.as_of}")]
    #[guard("{v} is a state other than {s}",
            "the target {v} is the attributed state itself")]
    Violation(s, i, R::DUTY_SUPPLY_CHAIN) <-
        Attributed(i, s), Incident(i, vector, _, _, _, _, _, start, _), (vector == Vector::SupplyChain), Profile(p), (start <= p.as_of),
        Target(i, v, _), (v != s);

    // ================================================================ RESP (Ch. 5.A-B; F14)
    /// Readings settled: negligence about I injures every target state of I other than S.
    #[rule(RESP_1)]
    #[guard("{v} is a state other than {s}",
            "the target {v} is the responsible state itself")]
    Wrongful(s, v, i, WrongBasis::Negligence) <- Negligent(s, i), Target(i, v, _), (v != s);
    /// NEG-1 conduct injures the targets towards which a lex lata ground holds.
    #[rule(RESP_1)]
    #[guard("the ground is {g}",
            "the ground is {g}, conduct that injures every target (the next clause)")]
    #[guard("towards {v}, a state other than {s}, the ground {g2} is {st}",
            "towards {v}, the ground {g2} is {st}: not the lex lata ground {g} towards a state other than {s}")]
    Wrongful(s, v, i, WrongBasis::Conduct) <-
        Violation(s, i, g), (g != R::DUTY_SUPPLY_CHAIN), SigAll(i, v, g2, st), (g2 == g && st == Status::LexLata && v != s);
    /// DUTY-SUPPLY-CHAIN conduct injures every target state other than S.
    #[rule(RESP_1)]
    #[guard("{v} is a state other than {s}",
            "the target {v} is the responsible state itself")]
    Wrongful(s, v, i, WrongBasis::Conduct) <- Violation(s, i, R::DUTY_SUPPLY_CHAIN), Target(i, v, _), (v != s);

    #[rule(RESP_CESSATION)]
    MeasureEver(s, i) <- MeasureTaken(_, s, i, _);
    #[rule(RESP_CESSATION)]
    WarnedEver(s, i, v) <- Warned(_, s, v, i);
    /// BREACH-ACTION continues while the incident is ongoing at as_of and no measure came later.
    #[rule(RESP_CESSATION)]
    #[guard("{i} was ongoing at the evaluation time {p.as_of}: it began on {start}{end? and ended on {end}| and has not ended}",
            "{i} was not ongoing at the evaluation time {p.as_of}: {end?it ran from {start} to {end}|it began only on {start}}")]
    Continuing(s, i, WrongBasis::Negligence) <-
        BreachAbout(s, R::DUTY_ACTION, i), Incident(i, _, _, _, _, _, _, start, end), Profile(p),
        (start <= p.as_of && p.as_of < end), !MeasureEver(s, i);
    /// BREACH-NOTIFY continues while no later warning came.
    #[rule(RESP_CESSATION)]
    Continuing(s, i, WrongBasis::Negligence) <-
        BreachAbout(s, R::DUTY_NOTIFY, i), NotifyOwed(s, i, v, _, Status::LexLata), !WarnedEver(s, i, v);
    /// BREACH-MLA continues while a request whose window has passed got no later compliant answer (a request still inside its window is no breach).
    #[rule(RESP_CESSATION)]
    #[guard("the MLA answer window of {p.mla_window_hours} for the request of {t} ended on {t+p.mla_window_hours}, before the evaluation time {p.as_of}",
            "the MLA answer window of {p.mla_window_hours} for the request of {t} ends on {t+p.mla_window_hours}, after the evaluation time {p.as_of}")]
    Continuing(s, i, WrongBasis::Negligence) <-
        BreachAbout(s, R::DUTY_MLA, i), MlaOwed(s, i, r, t), Profile(p), (t.plus_hours(p.mla_window_hours) <= p.as_of),
        !MlaAnsweredEver(s, i, r, t);
    /// Conduct (NEG-1, DUTY-SUPPLY-CHAIN) continues while the incident is ongoing at as_of.
    #[rule(RESP_CESSATION)]
    #[guard("{i} was ongoing at the evaluation time {p.as_of}: it began on {start}{end? and ended on {end}| and has not ended}",
            "{i} was not ongoing at the evaluation time {p.as_of}: {end?it ran from {start} to {end}|it began only on {start}}")]
    Continuing(s, i, WrongBasis::Conduct) <-
        Violation(s, i, _), Incident(i, _, _, _, _, _, _, start, end), Profile(p), (start <= p.as_of && p.as_of < end);
    #[rule(RESP_CESSATION)]
    Consequence(s, v, i, ConsequenceKind::Cessation) <- Wrongful(s, v, i, b), Continuing(s, i, b);
    /// Harm occurred: the incident started, its effect is at least disruptive or it caused a loss, and it was not foiled (a foiled operation is judged on its intended effect, but no harm occurred).
    #[rule(HARM_FOILED)]
    #[guard("{i} began on {start}, by the evaluation time {p.as_of}, and its harm is {d}{loss? with a loss of {loss} USD}",
            "no harm occurred by the evaluation time {p.as_of}: {i} began on {start} with {d} harm and {loss?a loss of {loss} USD|no loss}")]
    HarmOccurred(i) <-
        CyberHarm(i, d), Incident(i, _, _, _, _, _, loss, start, _), Profile(p),
        (start <= p.as_of && (d >= Degree::Disruptive || loss > 0)), !Foiled(i);
    /// Amended: the failure could have caused the harm only if the operation had not ended when the failure became complete (its window closed). Decision: an operation still to start then (a failure to prevent an imminent operation) has the nexus too: all its harm came after the failure.
    #[rule(RESP_COMPENSATION)]
    #[guard("the failure is of lex lata",
            "the failure is {st}, not of lex lata")]
    #[guard("the failure became complete on {window_closed}, before {i} ended{ended? on {ended}}",
            "the failure became complete on {window_closed}, when {i} had already ended on {ended}")]
    CausalNexus(s, i) <-
        FailedAbout(s, _, i, st, window_closed), (st == Status::LexLata),
        Incident(i, _, _, _, _, _, _, _, ended), (window_closed < ended);
    /// Conduct (NEG-1, DUTY-SUPPLY-CHAIN) that caused harm.
    #[rule(RESP_COMPENSATION)]
    CompensationOwed(s, v, i) <- Wrongful(s, v, i, WrongBasis::Conduct), HarmOccurred(i);
    /// Amended: negligence only with the causal nexus (ICJ Bosnian Genocide, paras. 462-463; ARSIWA Art. 31).
    #[rule(RESP_COMPENSATION)]
    CompensationOwed(s, v, i) <- Wrongful(s, v, i, WrongBasis::Negligence), HarmOccurred(i), CausalNexus(s, i);
    #[rule(RESP_COMPENSATION)]
    CompensatedTo(s, v, i) <- CompensationPaid(_, s, v, i);
    #[rule(RESP_COMPENSATION)]
    Consequence(s, v, i, ConsequenceKind::Compensation) <- CompensationOwed(s, v, i), !CompensatedTo(s, v, i);
    #[rule(RESP_SATISFACTION)]
    SatisfiedTo(s, v, i) <- SatisfactionGiven(_, s, v, i);
    /// A wrongful act that gives the injured state no compensation claim (no harm occurred, or negligence without the causal nexus) is owed satisfaction: an acknowledgement of the breach, an expression of regret.
    #[rule(RESP_SATISFACTION)]
    Consequence(s, v, i, ConsequenceKind::Satisfaction) <-
        Wrongful(s, v, i, _), !CompensationOwed(s, v, i), !SatisfiedTo(s, v, i);

    // ================================================================ CM (Ch. 5.C; F15; ARSIWA Arts. 49-53)
    /// Readings settled: negligence is complete when its window has passed.
    #[rule(RESP_1)]
    #[guard("the duty is {st}",
            "the duty is {st}, not lex lata")]
    #[guard("{v} is a state other than {s}",
            "the target {v} is the responsible state itself")]
    WrongDone(s, v, i, d, end) <-
        FailedAbout(s, d, i, st, end), (st == Status::LexLata), Target(i, v, _), (v != s);
    /// Readings settled: conduct is complete when the operation started.
    #[rule(RESP_1)]
    WrongDone(s, v, i, R::NEG_1, start) <- Wrongful(s, v, i, WrongBasis::Conduct), Incident(i, _, _, _, _, _, _, start, _);

    #[rule(CM_RETORSION)]
    Admissible(r) <- Response(r, _, _, _, _, Means::Retorsion, _, _, _, _, _);
    /// Readings settled (amended): against a non-state actor only this and the conditions about the response itself (CM-PROPORTION, CM-NO-FORCE, CM-REVERSIBLE) are judged.
    #[rule(CM_STATE_TARGET)]
    #[guard("its means are {m}, not retorsion",
            "it is a retorsion, which needs none of the countermeasure conditions")]
    #[guard("it is taken against {against}, a non-state actor",
            "it is taken against {against}, a state")]
    Inadmissible(r, R::CM_STATE_TARGET) <-
        Response(r, _, _, against, _, m, _, _, _, _, _), (m != Means::Retorsion), let Against::Actor(_) = against;
    #[rule(CM_STATE_TARGET)]
    #[guard("its means are {m}, not retorsion",
            "it is a retorsion, which needs none of the countermeasure conditions")]
    #[guard("it is taken against {against}, a state",
            "it is taken against {against}, a non-state actor")]
    CmAgainstState(r, t, by, x, i, obo) <-
        Response(r, t, by, against, i, m, _, _, _, _, obo), (m != Means::Retorsion), let Against::State(x) = against;
    /// The wrongful act of the target state against the acting state, complete by the response's time.
    #[rule(CM_WRONGFUL)]
    #[guard("the wrongful act was complete on {done}, before the response on {t}",
            "the wrongful act was complete only on {done}, not before the response on {t}")]
    CmWrong(r, by, d) <- CmAgainstState(r, t, by, x, i, _), WrongDone(x, by, i, d, done), (done <= t);
    /// ... or against the state on whose behalf it acts (CM-COLLECTIVE decides whether it may).
    #[rule(CM_WRONGFUL)]
    #[guard("it acts on behalf of {obo}",
            "it acts on behalf of no other state")]
    #[guard("the wrongful act was complete on {done}, before the response on {t}",
            "the wrongful act was complete only on {done}, not before the response on {t}")]
    CmWrong(r, y, d) <- CmAgainstState(r, t, _, x, i, obo), let Some(y) = obo, WrongDone(x, y, i, d, done), (done <= t);
    #[rule(CM_WRONGFUL)]
    CmHasWrong(r) <- CmWrong(r, _, _);
    #[rule(CM_WRONGFUL)]
    Inadmissible(r, R::CM_WRONGFUL) <- CmAgainstState(r, _, _, _, _, _), !CmHasWrong(r);
    #[rule(CM_PURPOSE)]
    #[guard("{x} took a measure on {t2}, before the response on {t}",
            "{x}'s measure of {t2} came only after the response on {t}")]
    MeasureBefore(r) <- CmAgainstState(r, t, _, x, i, _), MeasureTaken(t2, x, i, _), (t2 < t);
    #[rule(CM_PURPOSE)]
    #[guard("{x} warned {v} on {t2}, before the response on {t}",
            "{x}'s warning of {t2} came only after the response on {t}")]
    WarningBefore(r, v) <-
        CmWrong(r, _, R::DUTY_NOTIFY), CmAgainstState(r, t, _, x, i, _), NotifyOwed(x, i, v, _, Status::LexLata),
        Warned(t2, x, v, i), (t2 < t);
    #[rule(CM_PURPOSE)]
    #[guard("{x} answered {q}'s request of {tq} on {t2} ({o}), before the response on {t}",
            "{x}'s answer of {t2} ({o}) was not a compliant answer to the request of {tq} before the response on {t}")]
    MlaAnswerBefore(r, q, tq) <-
        CmAgainstState(r, t, _, x, i, _), MlaOwed(x, i, q, tq), MlaAnswered(t2, x, q, i, o),
        (o.is_compliant() && tq <= t2 && t2 < t);
    #[rule(CM_PURPOSE)]
    #[guard("{x} paid compensation to {y} on {t2}, before the response on {t}",
            "{x} paid compensation to {y} only on {t2}, not before the response on {t}")]
    CompensatedBefore(r, y) <- CmWrong(r, y, _), CmAgainstState(r, t, _, x, i, _), CompensationPaid(t2, x, y, i), (t2 < t);
    #[rule(CM_PURPOSE)]
    #[guard("{x} gave satisfaction to {y} on {t2}, before the response on {t}",
            "{x} gave satisfaction to {y} only on {t2}, not before the response on {t}")]
    SatisfiedBefore(r, y) <- CmWrong(r, y, _), CmAgainstState(r, t, _, x, i, _), SatisfactionGiven(t2, x, y, i), (t2 < t);
    /// Harm occurred by the response's time: the operation started, was not foiled (HARM-FOILED), and is at least disruptive or caused a loss.
    #[rule(CM_PURPOSE)]
    #[guard("{i} had begun by the response on {t} (on {start}), with {d} harm{loss? and a loss of {loss} USD}",
            "no harm had occurred by the response on {t}: {i} began on {start} with {d} harm and {loss?a loss of {loss} USD|no loss}")]
    CmHarmed(r) <-
        CmAgainstState(r, t, _, _, i, _), CyberHarm(i, d), Incident(i, _, _, _, _, _, loss, start, _),
        (start <= t && (d >= Degree::Disruptive || loss > 0)), !Foiled(i);
    /// Compensation was owed at the response's time for conduct that caused harm (RESP-COMPENSATION).
    #[rule(CM_PURPOSE)]
    CmCompensable(r, y) <- CmWrong(r, y, R::NEG_1), CmHarmed(r);
    /// ... and for negligence that caused harm, with the causal nexus (RESP-COMPENSATION, amended).
    #[rule(CM_PURPOSE)]
    #[guard("the wrongful act is a breach of {d}, not conduct",
            "the wrongful act is conduct (NEG-1)")]
    #[guard("the failure became complete on {window_closed}, by the response on {t} and before {i} ended{ended? on {ended}}",
            "the failure became complete on {window_closed}, after the response on {t} or when {i} had already ended{ended? on {ended}}")]
    CmCompensable(r, y) <-
        CmWrong(r, y, d), (d != R::NEG_1), CmHarmed(r), CmAgainstState(r, t, _, x, i, _), WrongDone(x, y, i, d, window_closed),
        Incident(i, _, _, _, _, _, _, _, ended), (window_closed <= t && window_closed < ended);
    /// Continuing: BREACH-ACTION while the operation is ongoing and no measure came before the response.
    #[rule(CM_PURPOSE)]
    #[guard("{i} was ongoing at the response on {t}: it began on {start}{end? and ended on {end}| and has not ended}",
            "{i} was not ongoing at the response on {t}: {end?it ran from {start} to {end}|it began only on {start}}")]
    CmPurpose(r) <-
        CmWrong(r, _, R::DUTY_ACTION), CmAgainstState(r, t, _, _, i, _), Incident(i, _, _, _, _, _, _, start, end),
        (start <= t && t < end), !MeasureBefore(r);
    /// Continuing: BREACH-NOTIFY while a victim not warned in time has no warning before the response (as RESP-CESSATION).
    #[rule(CM_PURPOSE)]
    #[guard("the response window of {p.window_hours} from {since} ended on {end}")]
    #[guard("the window ended on {end}, before the response on {t} and the evaluation time {p.as_of}",
            "the window ends on {end}, after the response on {t} or the evaluation time {p.as_of}")]
    CmPurpose(r) <-
        CmWrong(r, _, R::DUTY_NOTIFY), CmAgainstState(r, t, _, x, i, _), NotifyOwed(x, i, v, since, Status::LexLata),
        Profile(p), let end = since.plus_hours(p.window_hours), (end <= t && end <= p.as_of), !WarnedInTime(x, i, v),
        !WarningBefore(r, v);
    /// Continuing: BREACH-MLA while a request failed by the response's time has no compliant answer to it before the response.
    #[rule(CM_PURPOSE)]
    #[guard("the MLA answer window of {p.mla_window_hours} for the request of {tq} ended on {end}")]
    #[guard("the window ended on {end}, before the response on {t} and the evaluation time {p.as_of}",
            "the window ends on {end}, after the response on {t} or the evaluation time {p.as_of}")]
    CmPurpose(r) <-
        CmWrong(r, _, R::DUTY_MLA), CmAgainstState(r, t, _, x, i, _), MlaOwed(x, i, q, tq), Profile(p),
        let end = tq.plus_hours(p.mla_window_hours), (end <= t && end <= p.as_of), !MlaAnsweredInTime(x, i, q, tq),
        !MlaAnswerBefore(r, q, tq);
    #[rule(CM_PURPOSE)]
    #[guard("{i} was ongoing at the response on {t}: it began on {start}{end? and ended on {end}| and has not ended}",
            "{i} was not ongoing at the response on {t}: {end?it ran from {start} to {end}|it began only on {start}}")]
    CmPurpose(r) <-
        CmWrong(r, _, R::NEG_1), CmAgainstState(r, t, _, _, i, _), Incident(i, _, _, _, _, _, _, start, end),
        (start <= t && t < end);
    /// Reparation outstanding: compensation owed at the response's time and not paid before it.
    #[rule(CM_PURPOSE)]
    CmPurpose(r) <- CmCompensable(r, y), !CompensatedBefore(r, y);
    /// Amended: reparation outstanding is also satisfaction owed (a wrongful act that gives no compensation claim) and not given before the response.
    #[rule(CM_PURPOSE)]
    CmPurpose(r) <- CmWrong(r, y, _), !CmCompensable(r, y), !SatisfiedBefore(r, y);
    /// Readings settled (amended): CM-PURPOSE is judged only where a wrongful act exists; without one, CM-WRONGFUL is the unmet condition.
    #[rule(CM_PURPOSE)]
    Inadmissible(r, R::CM_PURPOSE) <- CmHasWrong(r), !CmPurpose(r);
    /// The notice may come from the acting state or the state it acts for, strictly before the response.
    #[rule(CM_NOTICE)]
    #[guard("{by} notified {x} of the countermeasure on {t2}, before the response on {t}",
            "{by}'s notice of {t2} came only after the response on {t}")]
    CmNoticed(r) <- CmAgainstState(r, t, by, x, i, _), CmNotified(t2, by, x, i), (t2 < t);
    #[rule(CM_NOTICE)]
    #[guard("it acts on behalf of {obo}",
            "it acts on behalf of no other state")]
    #[guard("{y} notified {x} of the countermeasure on {t2}, before the response on {t}",
            "{y}'s notice of {t2} came only after the response on {t}")]
    CmNoticed(r) <- CmAgainstState(r, t, _, x, i, obo), let Some(y) = obo, CmNotified(t2, y, x, i), (t2 < t);
    /// ARSIWA Art. 52(2): urgent countermeasures need no prior notice.
    #[rule(CM_NOTICE)]
    #[guard("the response was {urgent?urgent|not urgent}",
            "the response was {urgent?urgent|not urgent}, and urgent countermeasures need no prior notice")]
    Inadmissible(r, R::CM_NOTICE) <-
        CmAgainstState(r, _, _, _, _, _), Response(r, _, _, _, _, _, _, _, _, urgent, _), (!urgent), !CmNoticed(r);
    #[rule(CM_PROPORTION)]
    #[guard("its means are {m}, not retorsion",
            "it is a retorsion, which needs none of the countermeasure conditions")]
    #[guard("its severity, {sev}, exceeds the injury's, {injury}",
            "its severity, {sev}, does not exceed the injury's, {injury}")]
    Inadmissible(r, R::CM_PROPORTION) <-
        Response(r, _, _, _, i, m, sev, _, _, _, _), (m != Means::Retorsion),
        Incident(i, _, _, injury, _, _, _, _, _), (sev > injury);
    #[rule(CM_NO_FORCE)]
    #[guard("the {m} response {force?amounts|does not amount} to a use of force",
            "{force?it is a retorsion, which needs none of the countermeasure conditions|the {m} response does not amount to a use of force}")]
    Inadmissible(r, R::CM_NO_FORCE) <- Response(r, _, _, _, _, m, _, force, _, _, _), (m != Means::Retorsion && force);
    #[rule(CM_REVERSIBLE)]
    #[guard("the {m} response is {rev?reversible|irreversible}",
            "{rev?the {m} response is reversible|it is a retorsion, which needs none of the countermeasure conditions}")]
    Inadmissible(r, R::CM_REVERSIBLE) <- Response(r, _, _, _, _, m, _, _, rev, _, _), (m != Means::Retorsion && !rev);
    /// Readings settled: "injured" means a target of the incident.
    #[rule(CM_COLLECTIVE)]
    #[guard("{p.collective_cm?the profile permits collective countermeasures|the profile does not permit collective countermeasures}")]
    Inadmissible(r, R::CM_COLLECTIVE) <-
        CmAgainstState(r, _, by, _, i, _), !Target(i, by, _), Profile(p), (!p.collective_cm);
    #[rule(CM_ADMISSIBLE)]
    CmFails(r) <- Inadmissible(r, _);
    #[rule(CM_ADMISSIBLE)]
    #[guard("its means are {m}, not retorsion",
            "it is a retorsion, which needs none of the countermeasure conditions")]
    Admissible(r) <- Response(r, _, _, _, _, m, _, _, _, _, _), (m != Means::Retorsion), !CmFails(r);
}
