//! The input files, each described once: its columns in the data model's order, their
//! types, closed value sets, the ids they define or refer to, what an empty value means,
//! and the checks that read two columns. The description makes the typed row of each
//! file (one field per column, named as the column) and is what the loader interprets,
//! `diligence docs` prints into `docs/data-model.md`, and `--assume` and the generator read.
//!
//! The vocabulary is in [`describe`](super::describe); the `///` lines become both the rows'
//! documentation and the data model's.

use super::describe::{input_files, Check, Column, IdKind, KindRoles, Need, Role, Type};
use super::schema::*;

input_files! {
    /// One row per state.
    States => "states.csv", states: StateRow { mandatory: true } {
        /// The state's id, by which every other file names it.
        id: StateId = Column::required(Type::Defines(IdKind::State)),
        /// Its name, for people.
        name: String = Column::required(Type::Text),
        /// Its technical and institutional capacity (CAP-1).
        capacity: Capacity = Column::optional(
            Type::Choice(&Capacity::SET),
            "undocumented: no measure is feasible for the state (CAP-1) and it is not of \
             medium or high capacity (CAP-2)",
        ),
    }

    /// One row per institution a state has established (or is documented as lacking).
    Institutions => "institutions.csv", institutions: InstitutionRow {} {
        /// The state.
        state: StateId = Column::required(Type::Refers(IdKind::State)),
        /// The institution.
        institution: Institution = Column::required(Type::Choice(&Institution::SET)),
        /// Since when it is in force (or lacking).
        since: Option<Time> = Column::optional(Type::Time, "always"),
        /// In force from `since`, or documented as lacking from `since` (a missing row means
        /// "not documented", never "absent").
        status: InstitutionStatus = Column::or(Type::Choice(&InstitutionStatus::SET), "in_force"),
    }

    /// One row per incident: a cyber operation and its effect.
    Incidents => "incidents.csv", incidents: IncidentRow {
        mandatory: true,
        checks: &[Check::NotBefore { column: "end", other: "start" }],
    } {
        /// The incident's id.
        id: IncidentId = Column::required(Type::Defines(IdKind::Incident)),
        /// Its title, for people.
        title: String = Column::required(Type::Text),
        /// When the operation started.
        start: Time = Column::required(Type::Time),
        /// When it ended (not before `start`).
        end: Option<Time> = Column::optional(Type::Time, "still ongoing"),
        /// How the harm was caused (HARM-1, HARM-2).
        vector: Vector = Column::required(Type::Choice(&Vector::SET)),
        /// What it did (HARM-3).
        effect: Effect = Column::required(Type::Choice(&Effect::SET)),
        /// How severe it was.
        severity: Severity = Column::required(Type::Choice(&Severity::SET)),
        /// How widely it struck.
        scale: Scale = Column::or(Type::Choice(&Scale::SET), "targeted"),
        /// The people it killed or injured.
        casualties: u64 = Column::or(Type::Count, "0"),
        /// The economic loss it caused, in US dollars.
        loss_usd: u64 = Column::or(Type::Count, "0"),
        /// The campaign it belongs to (SIG-CUMULATIVE).
        campaign: Option<CampaignId> = Column::optional(Type::Names(IdKind::Campaign), "none"),
        /// Where the facts come from.
        source: String = Column::or(Type::Text, ""),
        /// The operation took effect, or was stopped before its effect (HARM-FOILED).
        outcome: Outcome = Column::or(Type::Choice(&Outcome::SET), "occurred"),
    }

    /// One row per state an incident struck, and the sector struck there.
    Targets => "targets.csv", targets: TargetRow {} {
        /// The incident.
        incident: IncidentId = Column::required(Type::Refers(IdKind::Incident)),
        /// The state struck.
        state: StateId = Column::required(Type::Refers(IdKind::State)),
        /// The sector struck.
        sector: Sector = Column::required(Type::Choice(&Sector::SET)),
    }

    /// One row per state an incident emanates from, and how (LINK-1).
    Origins => "origins.csv", origins: OriginRow {} {
        /// The incident.
        incident: IncidentId = Column::required(Type::Refers(IdKind::Incident)),
        /// The state it emanates from.
        state: StateId = Column::required(Type::Refers(IdKind::State)),
        /// Run from the state's territory, by persons under its jurisdiction, or from
        /// infrastructure under its control.
        link: Link = Column::required(Type::Choice(&Link::SET)),
    }

    /// One row per actor: a state organ or a non-state actor.
    Actors => "actors.csv", actors: ActorRow {} {
        /// The actor's id.
        id: ActorId = Column::required(Type::Defines(IdKind::Actor)),
        /// Its name, for people.
        name: String = Column::required(Type::Text),
        /// What it is.
        kind: ActorKind = Column::required(Type::Choice(&ActorKind::SET)),
        /// The state whose organ it is (required for a `state_organ`), else its home state.
        state: Option<StateId> =
            Column::required_when(Type::Refers(IdKind::State), "kind", "state_organ"),
    }

    /// One row per actor who carried out an incident.
    Perpetrators => "perpetrators.csv", perpetrators: PerpetratorRow {} {
        /// The incident.
        incident: IncidentId = Column::required(Type::Refers(IdKind::Incident)),
        /// The actor.
        actor: ActorId = Column::required(Type::Refers(IdKind::Actor)),
    }

    /// One row per link of control between two actors (ATTR-CONTROL).
    Control => "control.csv", control: ControlRow {} {
        /// The controlling actor.
        controller: ActorId = Column::required(Type::Refers(IdKind::Actor)),
        /// The controlled actor.
        controlled: ActorId = Column::required(Type::Refers(IdKind::Actor)),
        /// How it controls.
        kind: ControlKind = Column::required(Type::Choice(&ControlKind::SET)),
    }

    /// The timeline: one row per event about an incident.
    Events => "events.csv", events: EventRow { roles: EVENT_ROLES } {
        /// When it happened.
        time: Time = Column::required(Type::Time),
        /// What happened.
        kind: EventKind = Column::required(Type::Choice(&EventKind::SET)),
        /// The acting state.
        by: Option<StateId> = Column::per_kind(Type::Refers(IdKind::State), Role::By),
        /// The addressed state.
        to: Option<StateId> = Column::per_kind(Type::Refers(IdKind::State), Role::To),
        /// The incident it is about.
        incident: IncidentId = Column::required(Type::Refers(IdKind::Incident)),
        /// A detail: the measure taken, the answer given, or free text.
        detail: Detail = Column::per_kind(Type::Text, Role::Detail),
    }

    /// One row per vulnerability a state knew of.
    Vulnerabilities => "vulnerabilities.csv", vulnerabilities: VulnRow {} {
        /// The vulnerability's id.
        id: VulnId = Column::required(Type::Defines(IdKind::Vulnerability)),
        /// The product it is in.
        product: String = Column::required(Type::Text),
        /// The state that knew of it.
        known_by: StateId = Column::required(Type::Refers(IdKind::State)),
        /// Since when.
        since: Time = Column::required(Type::Time),
        /// When it was disclosed.
        disclosed: Option<Time> = Column::optional(Type::Time, "not disclosed"),
    }

    /// One row per candidate response to judge (CM-*).
    Responses => "responses.csv", responses: ResponseRow {} {
        /// The response's id.
        id: ResponseId = Column::required(Type::Defines(IdKind::Response)),
        /// When it is (or would be) taken.
        time: Time = Column::required(Type::Time),
        /// The responding state.
        by: StateId = Column::required(Type::Refers(IdKind::State)),
        /// The state or actor it is taken against (CM-STATE-TARGET).
        against: Against = Column::required(Type::RefersEither(IdKind::State, IdKind::Actor)),
        /// The incident it responds to.
        incident: IncidentId = Column::required(Type::Refers(IdKind::Incident)),
        /// Its means.
        means: Means = Column::required(Type::Choice(&Means::SET)),
        /// How severe it is.
        severity: Severity = Column::required(Type::Choice(&Severity::SET)),
        /// Whether it uses force.
        uses_force: bool = Column::or(Type::Flag, "false"),
        /// Whether it can be reversed.
        reversible: bool = Column::or(Type::Flag, "true"),
        /// Whether it is urgent.
        urgent: bool = Column::or(Type::Flag, "false"),
        /// The injured state on whose behalf it is taken (collective countermeasures).
        on_behalf_of: Option<StateId> = Column::optional(Type::Refers(IdKind::State), "none"),
    }
}

/// The parties and detail of each event kind (`—` in the data model is
/// [`Need::Forbidden`]).
const EVENT_ROLES: &[KindRoles] = {
    use Need::{Forbidden, OneOf, Optional, Required};
    const TEXT: Need = Optional("free text");
    const fn kind(kind: &'static str, by: Need, to: Need, detail: Need) -> KindRoles {
        KindRoles {
            kind,
            by,
            to,
            detail,
        }
    }
    &[
        kind("notification", Required("victim"), Required("origin"), TEXT),
        kind(
            "assistance_request",
            Required("requesting state"),
            Required("requested state"),
            TEXT,
        ),
        kind("detection", Required("detecting state"), Forbidden, TEXT),
        kind(
            "public_report",
            Optional("reporting state"),
            Forbidden,
            Optional("the source"),
        ),
        kind(
            "measure",
            Required("origin state"),
            Forbidden,
            OneOf(&MeasureKind::SET),
        ),
        kind(
            "warning",
            Required("warning state"),
            Required("warned state"),
            TEXT,
        ),
        kind(
            "mla_request",
            Required("requesting state"),
            Required("requested state"),
            TEXT,
        ),
        kind(
            "mla_response",
            Required("requested state"),
            Required("requesting state"),
            OneOf(&MlaOutcome::SET),
        ),
        kind(
            "concern",
            Required("protesting state"),
            Optional("addressed state"),
            TEXT,
        ),
        kind(
            "cm_notice",
            Required("injured state"),
            Required("responsible state"),
            TEXT,
        ),
        kind(
            "compensation",
            Required("paying state"),
            Required("receiving state"),
            TEXT,
        ),
        kind(
            "satisfaction",
            Required("responsible state"),
            Required("injured state"),
            Optional("acknowledgement, regret"),
        ),
    ]
};

#[cfg(test)]
mod tests {
    //! The descriptions are consistent: what the loader relies on without checking it per
    //! row.

    use super::*;
    use crate::facts::describe::{Absent, Presence};

    #[test]
    fn every_event_kind_has_its_roles_once() {
        let kinds: Vec<&str> = EVENT_ROLES.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, (EventKind::SET.values)());
    }

    #[test]
    fn every_default_is_a_value_of_its_column() {
        for f in InputFile::ALL {
            for c in f.spec().columns {
                if let Presence::Optional(Absent::Default(v)) = c.presence {
                    let ok = match c.ty {
                        Type::Choice(set) => (set.parse)(v).is_some(),
                        Type::Count => v.parse::<u64>().is_ok(),
                        Type::Flag => v == "true" || v == "false",
                        Type::Text => true,
                        _ => false,
                    };
                    assert!(ok, "{f} {}: default `{v}`", c.name);
                }
            }
        }
    }

    #[test]
    fn ids_are_interned_by_one_file_each_and_not_referred_to_there() {
        for kind in IdKind::ALL {
            let interning: Vec<_> = InputFile::ALL
                .iter()
                .filter(|f| {
                    f.spec()
                        .columns
                        .iter()
                        .any(|c| c.ty.interns() == Some(kind))
                })
                .collect();
            assert_eq!(interning.len(), 1, "{kind:?}: {interning:?}");
            let refers = |c: &Column| match c.ty {
                Type::Refers(k) => k == kind,
                Type::RefersEither(a, b) => a == kind || b == kind,
                _ => false,
            };
            assert!(
                !interning[0].spec().columns.iter().any(refers),
                "{kind:?} is defined and referred to in one file"
            );
        }
    }

    #[test]
    fn columns_that_depend_on_another_come_after_it() {
        for f in InputFile::ALL {
            let spec = f.spec();
            for (k, c) in spec.columns.iter().enumerate() {
                let on = match c.presence {
                    Presence::RequiredWhen(on, _) => on,
                    Presence::PerKind(_) => spec.kind_column,
                    _ => continue,
                };
                let at = spec.position(on).expect("the column it depends on");
                assert!(at < k, "{f} {}", c.name);
                assert!(matches!(spec.columns[at].ty, Type::Choice(_)));
            }
            for check in spec.checks {
                let Check::NotBefore { column, other } = check;
                assert!(spec.position(column).is_some() && spec.position(other).is_some());
            }
        }
    }
}
