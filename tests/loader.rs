//! Checks the dataset loader: a valid folder loads into typed rows with their lines, and
//! every class of input problem gives its exact `FILE:LINE:COLUMN: message`, all of them
//! together and sorted.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use diligence::facts::load::load_with_progress;
use diligence::facts::*;
use pretty_assertions::assert_eq;
use tempfile::TempDir;

const STATES: &str = "id,name,capacity\nXA,Xanadu,high\nXB,Borduria,medium\nXC,Carpathia,low\n";
const INCIDENTS: &str = "\
id,title,start,end,vector,effect,severity,scale,casualties,loss_usd,campaign,source
inc-1,Hospital ransomware,2024-02-29,2024-03-02T08:00+02:00,ransomware,functionality,high,broad,2,1500000,camp-1,CERT report
inc-2,\"Grid intrusion, phase 1\",2021-05-07T14:30Z,,intrusion,physical,severe,,,,,
";

/// A dataset folder `facts/` inside a temporary directory.
struct Facts {
    tmp: TempDir,
}

impl Facts {
    /// `states.csv` and `incidents.csv` as above, then `files` (added or replacing them;
    /// `None` content removes a file).
    fn new(files: &[(&str, Option<&[u8]>)]) -> Facts {
        let tmp = tempfile::tempdir().unwrap();
        let facts = Facts { tmp };
        fs::create_dir(facts.dir()).unwrap();
        facts.write("states.csv", STATES.as_bytes());
        facts.write("incidents.csv", INCIDENTS.as_bytes());
        for (name, content) in files {
            match content {
                Some(content) => facts.write(name, content),
                None => fs::remove_file(facts.dir().join(name)).unwrap(),
            }
        }
        facts
    }

    /// The base dataset with text files added or replaced.
    fn with(files: &[(&str, &str)]) -> Facts {
        let files: Vec<_> = files
            .iter()
            .map(|(n, c)| (*n, Some(c.as_bytes())))
            .collect();
        Facts::new(&files)
    }

    fn dir(&self) -> PathBuf {
        self.tmp.path().join("facts")
    }

    fn write(&self, name: &str, content: &[u8]) {
        fs::write(self.dir().join(name), content).unwrap();
    }

    fn load(&self) -> Dataset {
        match load(&self.dir()) {
            Ok(ds) => ds,
            Err(e) => panic!("unexpected errors:\n{}", self.relative(&e)),
        }
    }

    /// The errors of loading, one string each, paths relative to the temporary directory.
    fn errors(&self) -> Vec<String> {
        match load(&self.dir()) {
            Ok(_) => panic!("the dataset loaded without errors"),
            Err(e) => self.relative(&e).lines().map(str::to_owned).collect(),
        }
    }

    fn relative(&self, e: &InputErrors) -> String {
        let prefix = format!("{}/", self.tmp.path().display());
        e.to_string().replace(&prefix, "")
    }
}

/// The errors of a dataset that is the base one plus `files`.
fn errors_with(files: &[(&str, &str)]) -> Vec<String> {
    Facts::with(files).errors()
}

#[test]
fn valid_dataset_loads_typed_values_and_lines() {
    let facts = Facts::with(&[
        (
            "institutions.csv",
            "state,institution,since\nXA,cert,2010-01-01\nXB,point_of_contact,\n",
        ),
        (
            "targets.csv",
            "incident,state,sector\ninc-1,XA,health\ninc-1,XA,health\ninc-2,XC,energy\n",
        ),
        ("origins.csv", "link,state,incident\nterritory,XB,inc-1\n"),
        (
            "actors.csv",
            "id,name,kind,state\nGRU-26165,Unit 26165,state_organ,XB\nLB,LockBit,criminal_group,\n",
        ),
        ("perpetrators.csv", "incident,actor\ninc-1,LB\n"),
        (
            "control.csv",
            "controller,controlled,kind\nGRU-26165,LB,support\n",
        ),
        (
            "events.csv",
            "\
time,kind,by,to,incident,detail
2024-03-01T10:00Z,notification,XA,XB,inc-1,\"Notice via CERT, with IoCs\"
2024-03-05,measure,XB,,inc-1,investigate
2024-03-06,public_report,,,inc-1,
2024-03-07,mla_response,XB,XA,inc-1,refused_with_reasons
2024-03-08,concern,XC,,inc-2,
",
        ),
        (
            "vulnerabilities.csv",
            "id,product,known_by,since,disclosed\nCVE-1,Router OS,XB,2023-01-01,\n",
        ),
        (
            "responses.csv",
            "\
id,time,by,against,incident,means,severity,uses_force,reversible,urgent,on_behalf_of
r-1,2024-04-01,XA,XB,inc-1,economic,moderate,FALSE,,true,
r-2,2024-04-02,XC,LB,inc-1,cyber,low,,false,,XA
",
        ),
        ("notes.txt", "not a CSV file: ignored"),
    ]);
    let ds = facts.load();
    let sym = &ds.symbols;
    let line = |src: Src| format!("{src}");

    assert_eq!(ds.dir, facts.dir());
    assert_eq!(ds.row_count(), 3 + 2 + 2 + 3 + 1 + 2 + 1 + 1 + 5 + 1 + 2);
    assert_eq!(sym.states.names(), ["XA", "XB", "XC"]);
    assert_eq!(ds.states[2].data.capacity, Capacity::Low);
    assert_eq!(ds.states[2].data.name, "Carpathia");
    assert_eq!(line(ds.states[2].src), "states.csv:4");

    let inc1 = &ds.incidents[0].data;
    assert_eq!(sym.incident(inc1.id), "inc-1");
    assert_eq!(inc1.start.to_string(), "2024-02-29T00:00Z");
    assert_eq!(
        inc1.end.map(|t| t.to_string()),
        Some("2024-03-02T06:00Z".into())
    );
    assert_eq!(
        (inc1.vector, inc1.effect, inc1.severity),
        (Vector::Ransomware, Effect::Functionality, Severity::High)
    );
    assert_eq!(
        (inc1.scale, inc1.casualties, inc1.loss_usd),
        (Scale::Broad, 2, 1_500_000)
    );
    assert_eq!(inc1.campaign.map(|c| sym.campaign(c)), Some("camp-1"));
    assert_eq!(inc1.source, "CERT report");
    let inc2 = &ds.incidents[1].data;
    assert_eq!(inc2.title, "Grid intrusion, phase 1");
    assert_eq!(inc2.start.to_string(), "2021-05-07T14:30Z");
    assert_eq!(
        (inc2.end, inc2.scale, inc2.casualties, inc2.loss_usd),
        (None, Scale::Targeted, 0, 0)
    );
    assert_eq!((inc2.campaign, inc2.source.as_str()), (None, ""));
    assert_eq!(line(ds.incidents[1].src), "incidents.csv:3");

    assert_eq!(
        ds.institutions[0].data.since.map(|t| t.to_string()),
        Some("2010-01-01T00:00Z".into())
    );
    assert_eq!(ds.institutions[1].data.since, None);
    assert_eq!(
        ds.institutions[1].data.institution,
        Institution::PointOfContact
    );
    // Duplicate identical rows in files without ids are kept.
    assert_eq!(ds.targets[0].data, ds.targets[1].data);
    assert_eq!(line(ds.targets[1].src), "targets.csv:3");
    assert_eq!(ds.targets[2].data.sector, Sector::Energy);
    // Column order is free.
    assert_eq!(sym.state(ds.origins[0].data.state), "XB");
    assert_eq!(ds.origins[0].data.link, Link::Territory);

    assert_eq!(ds.actors[0].data.state.map(|s| sym.state(s)), Some("XB"));
    assert_eq!(ds.actors[1].data.state, None);
    assert_eq!(ds.actors[1].data.kind, ActorKind::CriminalGroup);
    assert_eq!(sym.actor(ds.perpetrators[0].data.actor), "LB");
    assert_eq!(sym.actor(ds.control[0].data.controller), "GRU-26165");
    assert_eq!(ds.control[0].data.kind, ControlKind::Support);

    let ev: Vec<_> = ds.events.iter().map(|r| &r.data).collect();
    assert_eq!(
        ev[0].detail,
        Detail::Text("Notice via CERT, with IoCs".into())
    );
    assert_eq!(ev[0].to.map(|s| sym.state(s)), Some("XB"));
    assert_eq!(ev[0].time.to_string(), "2024-03-01T10:00Z");
    assert_eq!(
        (ev[1].detail.clone(), ev[1].to),
        (Detail::Measure(MeasureKind::Investigate), None)
    );
    assert_eq!((ev[2].by, ev[2].detail.clone()), (None, Detail::None));
    assert_eq!(ev[3].detail, Detail::Mla(MlaOutcome::RefusedWithReasons));
    assert_eq!((ev[4].kind, ev[4].to), (EventKind::Concern, None));
    assert_eq!(line(ds.events[4].src), "events.csv:6");

    let v = &ds.vulnerabilities[0].data;
    assert_eq!(
        (sym.vuln(v.id), v.product.as_str(), sym.state(v.known_by)),
        ("CVE-1", "Router OS", "XB")
    );
    assert_eq!(v.disclosed, None);

    let r1 = &ds.responses[0].data;
    assert_eq!(sym.response(r1.id), "r-1");
    assert_eq!(
        r1.against,
        Against::State(StateId(sym.states.get("XB").unwrap()))
    );
    assert_eq!(
        (r1.uses_force, r1.reversible, r1.urgent, r1.on_behalf_of),
        (false, true, true, None)
    );
    let r2 = &ds.responses[1].data;
    assert_eq!(
        r2.against,
        Against::Actor(ActorId(sym.actors.get("LB").unwrap()))
    );
    assert_eq!((r2.means, r2.severity), (Means::Cyber, Severity::Low));
    assert_eq!(
        (r2.uses_force, r2.reversible, r2.urgent),
        (false, false, false)
    );
    assert_eq!(r2.on_behalf_of.map(|s| sym.state(s)), Some("XA"));

    assert_eq!(
        ds.latest_time().map(|t| t.to_string()),
        Some("2024-04-02T00:00Z".into())
    );
}

#[test]
fn optional_files_may_be_missing_empty_or_header_only() {
    let facts = Facts::with(&[
        ("targets.csv", ""),
        ("origins.csv", "incident,state,link\n"),
        ("events.csv", "time,kind,incident\r\n"),
    ]);
    let ds = facts.load();
    assert_eq!(
        (
            ds.targets.len(),
            ds.origins.len(),
            ds.events.len(),
            ds.actors.len()
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(ds.incidents.len(), 2);

    // Header-only mandatory files are a valid (empty) dataset.
    let facts = Facts::with(&[
        ("states.csv", "id,name,capacity\n"),
        ("incidents.csv", INCIDENTS.lines().next().unwrap()),
    ]);
    let ds = facts.load();
    assert_eq!(
        (ds.states.len(), ds.incidents.len(), ds.latest_time()),
        (0, 0, None)
    );
}

#[test]
fn missing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nowhere");
    let errors = load(&dir).unwrap_err();
    assert_eq!(
        errors.to_string(),
        format!("{}:0:0: dataset folder does not exist", dir.display())
    );
    fs::write(&dir, "a file").unwrap();
    assert_eq!(
        load(&dir).unwrap_err().to_string(),
        format!("{}:0:0: dataset path is not a folder", dir.display())
    );
}

#[test]
fn mandatory_files_missing_or_empty() {
    let facts = Facts::new(&[("states.csv", None), ("incidents.csv", None)]);
    assert_eq!(
        facts.errors(),
        [
            "facts/incidents.csv:0:0: required file is missing",
            "facts/states.csv:0:0: required file is missing"
        ]
    );
    assert_eq!(
        errors_with(&[("states.csv", "\n")]),
        ["facts/states.csv:0:0: required file is empty (expected a header with columns: id, name, capacity)"]
    );
}

#[test]
fn stray_csv_files_are_errors() {
    assert_eq!(
        errors_with(&[("target.csv", "incident,state,sector\n"), ("notes.csv", "x\n"), ("README.md", "fine")]),
        [
            "facts/notes.csv:0:0: not an input file; expected one of: states.csv, institutions.csv, incidents.csv, \
             targets.csv, origins.csv, actors.csv, perpetrators.csv, control.csv, events.csv, vulnerabilities.csv, \
             responses.csv",
            "facts/target.csv:0:0: not an input file; did you mean `targets.csv`?",
        ]
    );
}

#[test]
fn header_problems() {
    assert_eq!(
        errors_with(&[
            ("states.csv", "id,name,capacty\nXA,Xanadu,high\n"),
            ("targets.csv", "incident,state,sector,notes\ninc-1,XZ,hospitals,n\n"),
            ("origins.csv", "incident,state,link,state\ninc-1,XA,territory,XB\n"),
            ("actors.csv", "id,,kind\n"),
        ]),
        [
            "facts/actors.csv:1:0: missing required column `name`",
            "facts/actors.csv:1:2: empty column name",
            "facts/origins.csv:1:4: duplicate column `state` (also column 2)",
            "facts/states.csv:1:3: unknown column `capacty`; did you mean `capacity`?",
            // The rows of a file whose required columns are all there are still checked;
            // states.csv's required columns are there (capacity is optional), so its ids are
            // read and XZ is reported as unknown.
            "facts/targets.csv:1:4: unknown column `notes`; expected one of: incident, state, sector",
            "facts/targets.csv:2:2: column `state`: unknown state id `XZ` (not defined in states.csv); did you mean `XA`?",
            "facts/targets.csv:2:3: column `sector`: unknown value `hospitals`; expected one of: government, \
             parliament, elections, law_enforcement, military, international_org, energy, water, health, finance, \
             telecom, transport, food, emergency_services, public_core, industry, private",
        ]
    );
}

#[test]
fn ragged_rows() {
    assert_eq!(
        errors_with(&[(
            "origins.csv",
            "incident,state,link\ninc-1,XA,territory,extra\ninc-1,XA\ninc-2,XB,control\n"
        )]),
        [
            "facts/origins.csv:2:0: expected 3 fields as in the header, found 4",
            "facts/origins.csv:3:0: expected 3 fields as in the header, found 2",
        ]
    );
}

#[test]
fn value_problems() {
    let incidents = "\
id,title,start,end,vector,effect,severity,scale,casualties,loss_usd
inc-1,,2021-13-01,,exploit,physical,grave,,-3,1.5
inc-2,T,2021-05-07,2021-05-06,exploit,physical,low,huge,x,99999999999999999999
";
    assert_eq!(
        errors_with(&[("incidents.csv", incidents)]),
        [
            "facts/incidents.csv:2:2: column `title`: required value is empty",
            "facts/incidents.csv:2:3: column `start`: invalid time `2021-13-01`: expected ISO 8601 like \
             `2021-05-07`, `2021-05-07T14:30Z` or `2021-05-07T14:30+02:00`",
            "facts/incidents.csv:2:7: column `severity`: unknown value `grave`; expected one of: low, moderate, \
             high, severe",
            "facts/incidents.csv:2:9: column `casualties`: `-3` is negative; expected an integer ≥ 0",
            "facts/incidents.csv:2:10: column `loss_usd`: `1.5` is not an integer; expected an integer ≥ 0",
            "facts/incidents.csv:3:4: column `end`: `2021-05-06T00:00Z` is before `start` (`2021-05-07T00:00Z`)",
            "facts/incidents.csv:3:8: column `scale`: unknown value `huge`; expected one of: targeted, broad, mass",
            "facts/incidents.csv:3:9: column `casualties`: `x` is not an integer; expected an integer ≥ 0",
            "facts/incidents.csv:3:10: column `loss_usd`: `99999999999999999999` is too large; the maximum is \
             18446744073709551615",
        ]
    );
}

#[test]
fn leap_days_and_offsets() {
    let incidents = "\
id,title,start,end,vector,effect,severity
inc-1,Leap,2024-02-29,2024-02-29T23:30-01:00,exploit,physical,low
inc-2,Not leap,2023-02-29,,exploit,physical,low
inc-3,Local time,2023-03-01T10:00,,exploit,physical,low
";
    assert_eq!(
        errors_with(&[("incidents.csv", incidents)]),
        [
            "facts/incidents.csv:3:3: column `start`: invalid time `2023-02-29`: expected ISO 8601 like \
             `2021-05-07`, `2021-05-07T14:30Z` or `2021-05-07T14:30+02:00`",
            "facts/incidents.csv:4:3: column `start`: invalid time `2023-03-01T10:00`: expected ISO 8601 like \
             `2021-05-07`, `2021-05-07T14:30Z` or `2021-05-07T14:30+02:00`",
        ]
    );
    let ds = Facts::with(&[(
        "incidents.csv",
        &incidents.lines().take(2).collect::<Vec<_>>().join("\n"),
    )])
    .load();
    assert_eq!(ds.incidents[0].data.start.to_string(), "2024-02-29T00:00Z");
    assert_eq!(
        ds.incidents[0].data.end.unwrap().to_string(),
        "2024-03-01T00:30Z"
    );
}

#[test]
fn huge_loss_is_a_positioned_overflow_error_and_max_is_accepted() {
    let head = "id,title,start,vector,effect,severity,loss_usd\n";
    let ds = Facts::with(&[(
        "incidents.csv",
        &format!("{head}inc-1,T,2021-01-01,exploit,physical,low,18446744073709551615\n"),
    )])
    .load();
    assert_eq!(ds.incidents[0].data.loss_usd, u64::MAX);
    assert_eq!(
        errors_with(&[("incidents.csv", &format!("{head}inc-1,T,2021-01-01,exploit,physical,low,18446744073709551616\n"))]),
        ["facts/incidents.csv:2:7: column `loss_usd`: `18446744073709551616` is too large; the maximum is \
          18446744073709551615"]
    );
}

#[test]
fn ids_duplicate_empty_or_with_commas() {
    assert_eq!(
        errors_with(&[
            ("states.csv", "id,name,capacity\nXA,Xanadu,high\n,Nowhere,low\nXA,Again,medium\n\"X,Y\",Comma,low\n"),
            ("actors.csv", "id,name,kind\nLB,LockBit,criminal_group\nLB,LockBit 2,criminal_group\n"),
        ]),
        [
            "facts/actors.csv:3:1: column `id`: duplicate actor id `LB` (first defined on line 2)",
            "facts/states.csv:3:1: column `id`: required value is empty",
            "facts/states.csv:4:1: column `id`: duplicate state id `XA` (first defined on line 2)",
            "facts/states.csv:5:1: column `id`: id `X,Y` contains a comma",
        ]
    );
}

#[test]
fn unknown_references_name_the_id_and_suggest() {
    assert_eq!(
        errors_with(&[
            ("targets.csv", "incident,state,sector\ninc-3,XZ,health\ninc-1,Atlantis,health\n"),
            ("actors.csv", "id,name,kind,state\nAPT1,Unit 61398,state_organ,\nAPT2,Other,proxy,xa\n"),
            ("perpetrators.csv", "incident,actor\ninc-1,APT3\n"),
            ("control.csv", "controller,controlled,kind\nAPT1,LB,direction\n"),
        ]),
        [
            "facts/actors.csv:2:4: column `state`: required for kind `state_organ`",
            "facts/actors.csv:3:4: column `state`: unknown state id `xa` (not defined in states.csv); did you mean \
             `XA`?",
            "facts/control.csv:2:2: column `controlled`: unknown actor id `LB` (not defined in actors.csv)",
            "facts/perpetrators.csv:2:2: column `actor`: unknown actor id `APT3` (not defined in actors.csv); did \
             you mean `APT1`?",
            "facts/targets.csv:2:1: column `incident`: unknown incident id `inc-3` (not defined in incidents.csv); \
             did you mean `inc-1`?",
            "facts/targets.csv:2:2: column `state`: unknown state id `XZ` (not defined in states.csv); did you mean \
             `XA`?",
            "facts/targets.csv:3:2: column `state`: unknown state id `Atlantis` (not defined in states.csv)",
        ]
    );
}

#[test]
fn responses_against_and_booleans() {
    let responses = "\
id,time,by,against,incident,means,severity,uses_force,reversible,urgent
r-1,2024-04-01,XA,XB,inc-1,cyber,low,yes,,
r-2,2024-04-01,XA,LB,inc-1,cyber,low,,,
r-3,2024-04-01,XA,LC,inc-1,cyber,low,,,
r-4,2024-04-01,XA,Nobody,inc-1,cyber,low,,,
r-1,2024-04-01,XQ,XB,inc-9,force,low,,,
";
    assert_eq!(
        errors_with(&[
            ("actors.csv", "id,name,kind\nLB,LockBit,criminal_group\nXB,Shadow Borduria,proxy\n"),
            ("responses.csv", responses),
        ]),
        [
            "facts/responses.csv:2:4: column `against`: `XB` is both a state id and an actor id; rename one of them",
            "facts/responses.csv:2:8: column `uses_force`: `yes` is not a boolean; expected true or false",
            "facts/responses.csv:4:4: column `against`: unknown state or actor id `LC` (defined in neither \
             states.csv nor actors.csv); did you mean `XC`?",
            "facts/responses.csv:5:4: column `against`: unknown state or actor id `Nobody` (defined in neither \
             states.csv nor actors.csv)",
            "facts/responses.csv:6:1: column `id`: duplicate response id `r-1` (first defined on line 2)",
            "facts/responses.csv:6:3: column `by`: unknown state id `XQ` (not defined in states.csv); did you mean \
             `XA`?",
            "facts/responses.csv:6:4: column `against`: `XB` is both a state id and an actor id; rename one of them",
            "facts/responses.csv:6:5: column `incident`: unknown incident id `inc-9` (not defined in \
             incidents.csv); did you mean `inc-1`?",
            "facts/responses.csv:6:6: column `means`: unknown value `force`; expected one of: cyber, economic, \
             diplomatic, retorsion",
        ]
    );
}

#[test]
fn event_parties_and_details_per_kind() {
    let events = "\
time,kind,by,to,incident,detail
2024-03-01,notification,XA,,inc-1,
2024-03-01,assistance_request,,XB,inc-1,
2024-03-01,detection,XA,XB,inc-1,
2024-03-01,public_report,,XB,inc-1,
2024-03-01,measure,XB,,inc-1,
2024-03-01,measure,XB,,inc-1,arrested
2024-03-01,mla_response,XB,XA,inc-1,
2024-03-01,mla_response,XB,XA,inc-1,maybe
2024-03-01,rumour,XZ,,inc-1,
2024-03-01,concern,,,inc-1,
2024-03-01,warning,XA,XB,,
";
    assert_eq!(
        errors_with(&[("events.csv", events)]),
        [
            "facts/events.csv:2:4: column `to`: required for kind `notification`",
            "facts/events.csv:3:3: column `by`: required for kind `assistance_request`",
            "facts/events.csv:4:4: column `to`: must be empty for kind `detection` (found `XB`)",
            "facts/events.csv:5:4: column `to`: must be empty for kind `public_report` (found `XB`)",
            "facts/events.csv:6:6: column `detail`: required for kind `measure`; expected one of: takedown, block, \
             investigate, arrest, prosecute, respond",
            "facts/events.csv:7:6: column `detail`: unknown value `arrested`; expected one of: takedown, block, \
             investigate, arrest, prosecute, respond",
            "facts/events.csv:8:6: column `detail`: required for kind `mla_response`; expected one of: granted, \
             refused_with_reasons, refused",
            "facts/events.csv:9:6: column `detail`: unknown value `maybe`; expected one of: granted, \
             refused_with_reasons, refused",
            "facts/events.csv:10:2: column `kind`: unknown value `rumour`; expected one of: notification, \
             assistance_request, detection, public_report, measure, warning, mla_request, mla_response, concern, \
             cm_notice, compensation, satisfaction",
            "facts/events.csv:10:3: column `by`: unknown state id `XZ` (not defined in states.csv); did you mean \
             `XA`?",
            "facts/events.csv:11:3: column `by`: required for kind `concern`",
            "facts/events.csv:12:5: column `incident`: required value is empty",
        ]
    );
}

/// The amended data model: `institutions.csv` `status` (default `in_force`), `incidents.csv`
/// `outcome` (default `occurred`), and the `satisfaction` event by one state to another.
#[test]
fn institution_status_incident_outcome_and_satisfaction_events() {
    let facts = Facts::with(&[
        (
            "institutions.csv",
            "state,institution,since,status\nXA,cert,2010-01-01,\nXB,ci_protection,2019-05-01,absent\nXB,cert,,in_force\n",
        ),
        (
            "incidents.csv",
            "id,title,start,vector,effect,severity,outcome\ninc-1,Grid,2022-04-08,malware,physical,severe,foiled\ninc-2,Leak,2021-05-07,intrusion,confidentiality,low,\n",
        ),
        (
            "events.csv",
            "time,kind,by,to,incident,detail\n2022-06-01,satisfaction,XB,XA,inc-1,Apology in a joint statement\n",
        ),
    ]);
    let ds = facts.load();
    let status: Vec<_> = ds
        .institutions
        .iter()
        .map(|r| (r.src.line, r.data.status))
        .collect();
    assert_eq!(
        status,
        [
            (2, InstitutionStatus::InForce),
            (3, InstitutionStatus::Absent),
            (4, InstitutionStatus::InForce)
        ]
    );
    let outcome: Vec<_> = ds.incidents.iter().map(|r| r.data.outcome).collect();
    assert_eq!(outcome, [Outcome::Foiled, Outcome::Occurred]);
    assert_eq!(ds.events[0].data.kind, EventKind::Satisfaction);
    assert_eq!(
        ds.events[0].data.detail,
        Detail::Text("Apology in a joint statement".into())
    );

    assert_eq!(
        errors_with(&[
            ("institutions.csv", "state,institution,status\nXA,cert,lacking\n"),
            (
                "incidents.csv",
                "id,title,start,vector,effect,severity,outcome\ninc-1,T,2022-04-08,malware,physical,low,failed\n"
            ),
            ("events.csv", "time,kind,by,to,incident\n2022-06-01,satisfaction,XB,,inc-1\n"),
        ]),
        [
            "facts/events.csv:2:4: column `to`: required for kind `satisfaction`",
            "facts/incidents.csv:2:7: column `outcome`: unknown value `failed`; expected one of: occurred, foiled",
            "facts/institutions.csv:2:3: column `status`: unknown value `lacking`; expected one of: in_force, absent",
        ]
    );
}

#[test]
fn event_parties_when_columns_are_left_out() {
    assert_eq!(
        errors_with(&[(
            "events.csv",
            "time,kind,incident\n2024-03-01,detection,inc-1\n2024-03-01,public_report,inc-1\n"
        )]),
        ["facts/events.csv:2:0: column `by`: required for kind `detection`"]
    );
}

#[test]
fn errors_in_several_files_are_reported_together_and_sorted() {
    assert_eq!(
        errors_with(&[
            ("targets.csv", "incident,state,sector\ninc-1,XA,health\ninc-1,XA,hospitals\n"),
            ("states.csv", "id,name,capacity\nXA,Xanadu,huge\nXB,Borduria,low\nXC,C,low\n"),
            ("origins.csv", "incident,state,link\ninc-2,XB,territory\ninc-1,XB\n"),
            ("stray.csv", ""),
        ]),
        [
            "facts/origins.csv:3:0: expected 3 fields as in the header, found 2",
            "facts/states.csv:2:3: column `capacity`: unknown value `huge`; expected one of: low, medium, high",
            "facts/stray.csv:0:0: not an input file; expected one of: states.csv, institutions.csv, incidents.csv, \
             targets.csv, origins.csv, actors.csv, perpetrators.csv, control.csv, events.csv, vulnerabilities.csv, \
             responses.csv",
            "facts/targets.csv:3:3: column `sector`: unknown value `hospitals`; expected one of: government, \
             parliament, elections, law_enforcement, military, international_org, energy, water, health, finance, \
             telecom, transport, food, emergency_services, public_core, industry, private",
        ]
    );
}

#[test]
fn bom_crlf_and_quoted_newlines() {
    let states = "\u{feff}id,name,capacity\r\nXA,\"Xanadu,\r\nRepublic of\",high\r\n\r\nXB ,  Borduria  ,medium\r\n";
    let targets =
        "incident,state,sector\r\ninc-1,XA,\"he\nalth\"\ninc-1,XB,water\ninc-1,XC,\"x\ny\"\n";
    let facts = Facts::with(&[("states.csv", states), ("targets.csv", targets)]);
    assert_eq!(
        facts.errors(),
        [
            "facts/targets.csv:2:3: column `sector`: unknown value `he\\nalth`; expected one of: government, \
             parliament, elections, law_enforcement, military, international_org, energy, water, health, finance, \
             telecom, transport, food, emergency_services, public_core, industry, private",
            // Line breaks in values are escaped in messages; the records after a quoted
            // line break start on lines 4 and 5.
            "facts/targets.csv:5:2: column `state`: unknown state id `XC` (not defined in states.csv); did you mean \
             `XA`?",
            "facts/targets.csv:5:3: column `sector`: unknown value `x\\ny`; expected one of: government, \
             parliament, elections, law_enforcement, military, international_org, energy, water, health, finance, \
             telecom, transport, food, emergency_services, public_core, industry, private",
        ]
    );
    let facts = Facts::with(&[("states.csv", states)]);
    let ds = facts.load();
    assert_eq!(ds.symbols.states.names(), ["XA", "XB"]);
    assert_eq!(ds.states[0].data.name, "Xanadu,\r\nRepublic of");
    assert_eq!(ds.states[1].data.name, "Borduria");
    assert_eq!(format!("{}", ds.states[1].src), "states.csv:5");
}

#[test]
fn non_utf8_bytes_are_positioned_errors() {
    let facts = Facts::new(&[
        ("states.csv", Some(b"id,name,capacity\nXA,Xan\xE9du,high\n")),
        ("targets.csv", Some(b"incident,st\xFFte,sector\n")),
    ]);
    assert_eq!(
        facts.errors(),
        [
            "facts/states.csv:2:2: column `name`: value is not valid UTF-8 (invalid byte at offset 3)",
            "facts/targets.csv:1:0: missing required column `state`",
            "facts/targets.csv:1:2: column name is not valid UTF-8",
        ]
    );
}

#[test]
fn progress_counts_every_record() {
    let facts = Facts::with(&[(
        "targets.csv",
        "incident,state,sector\ninc-1,XA,health\ninc-2,XB,water\n",
    )]);
    let rows = AtomicUsize::new(0);
    let ds = load_with_progress(&facts.dir(), &|n| {
        rows.fetch_add(n, Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(rows.into_inner(), ds.row_count());
}

#[test]
fn input_errors_display_one_per_line() {
    let e = InputErrors(vec![
        InputError {
            file: "facts/a.csv".into(),
            line: 2,
            column: 3,
            message: "m1".into(),
        },
        InputError {
            file: "facts/b.csv".into(),
            line: 0,
            column: 0,
            message: "m2".into(),
        },
    ]);
    assert_eq!(e.to_string(), "facts/a.csv:2:3: m1\nfacts/b.csv:0:0: m2");
}

#[test]
fn blank_lines_and_a_missing_final_newline_keep_lines_right() {
    let targets = "\n\nincident,state,sector\n\ninc-1,XA,health\n  \n\ninc-1,XZ,water";
    assert_eq!(
        errors_with(&[("targets.csv", targets)]),
        ["facts/targets.csv:8:2: column `state`: unknown state id `XZ` (not defined in states.csv); did you mean \
          `XA`?"]
    );
    let ds = Facts::with(&[("targets.csv", &targets.replace("XZ", "XB"))]).load();
    let lines: Vec<String> = ds.targets.iter().map(|r| r.src.to_string()).collect();
    assert_eq!(lines, ["targets.csv:5", "targets.csv:8"]);
}

#[test]
fn garbage_never_panics_and_every_error_is_one_positioned_line() {
    use rand::seq::{IndexedRandom, SliceRandom};
    use rand::{Rng, SeedableRng};

    const TOKENS: &[&[u8]] = &[
        b"XA",
        b"XB",
        b"XZ",
        b"inc-1",
        b"inc-2",
        b"LB",
        b"",
        b" ",
        b"\"",
        b"\"\"",
        b",",
        b"\n",
        b"\r\n",
        b"\r",
        b"\xFF",
        b"\xEF\xBB\xBF",
        b"2024-02-29",
        b"2023-02-29",
        b"2021-05-07T14:30+02:00",
        b"9999-99-99",
        b"18446744073709551616",
        b"-1",
        b"0",
        b"true",
        b"FALSE",
        b"yes",
        b"health",
        b"measure",
        b"notification",
        b"mla_response",
        b"granted",
        b"state_organ",
        b"high",
        b"territory",
        b"exploit",
        b"physical",
        b"cyber",
        b"\"a,b\"",
        b"\"x\ny\"",
        b"\t",
        b"\xC3\xA9",
        b"\xC3",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for _ in 0..150 {
        let facts = Facts::new(&[]);
        for &file in InputFile::ALL {
            if !file.is_mandatory() && rng.random_bool(0.2) {
                continue;
            }
            let mut columns: Vec<&str> = file
                .required_columns()
                .iter()
                .chain(file.optional_columns())
                .copied()
                .collect();
            columns.shuffle(&mut rng);
            columns.truncate(rng.random_range(0..=columns.len()));
            if rng.random_bool(0.1) {
                columns.push("bogus");
            }
            let mut content = columns.join(",").into_bytes();
            content.push(b'\n');
            for _ in 0..rng.random_range(0..8) {
                let fields = columns.len() + usize::from(rng.random_bool(0.1));
                for k in 0..fields {
                    if k > 0 {
                        content.push(b',');
                    }
                    for _ in 0..rng.random_range(1..3) {
                        content.extend_from_slice(TOKENS.choose(&mut rng).unwrap());
                    }
                }
                if rng.random_bool(0.9) {
                    content.push(b'\n');
                }
            }
            facts.write(file.file_name(), &content);
        }
        if let Err(errors) = load(&facts.dir()) {
            assert!(!errors.0.is_empty());
            let mut sorted = errors.0.clone();
            sorted.sort();
            assert_eq!(sorted, errors.0);
            for e in &errors.0 {
                assert!(!e.to_string().contains(['\n', '\r']), "{e}");
                let lines =
                    fs::read(&e.file).map_or(0, |c| c.split(|&b| b == b'\n').count() as u64);
                assert!(e.line <= lines, "{e}: the file has {lines} lines");
            }
        }
    }
}
