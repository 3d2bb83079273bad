//! A loaded, validated dataset: the interned symbols, and every input row with the line it
//! came from (the leaves of every proof).

use std::fmt;
use std::hash::BuildHasher;
use std::path::PathBuf;

use hashbrown::HashTable;

use super::describe::IdKind;
use super::files::*;
use super::schema::*;

impl InputFile {
    /// True for the files a dataset must have (`states.csv`, `incidents.csv`).
    pub fn is_mandatory(self) -> bool {
        self.spec().mandatory
    }
}

impl fmt::Display for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// Where an input row came from: file and line (the header is line 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Src {
    /// The input file (the relation the row belongs to).
    pub file: InputFile,
    /// The 1-based line of the record's start (the header is line 1).
    pub line: u32,
    /// 0 for a row of the dataset folder; `k ≥ 1` for a row of the `k`-th file added with
    /// `--assume` (its path is `Symbols::assumed[k - 1]`; see [`Symbols::src_text`]).
    pub assumed: u8,
}

impl Src {
    /// A row of the dataset folder.
    pub fn new(file: InputFile, line: u32) -> Src {
        Src {
            file,
            line,
            assumed: 0,
        }
    }
}

impl fmt::Display for Src {
    /// `events.csv:12` (an assumed row: `assumed#K:12`; [`Symbols::src_text`] names its file).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.assumed {
            0 => write!(f, "{}:{}", self.file, self.line),
            k => write!(f, "assumed#{k}:{}", self.line),
        }
    }
}

/// A typed row together with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<T> {
    /// File and line.
    pub src: Src,
    /// The row's values.
    pub data: T,
}

/// One interner: string id ⇄ dense `u32`.
///
/// Each name is stored once, in `names`; the hash table holds only indices into it (4 bytes
/// a slot, so that a table of millions of ids stays small in the cache), hashed with
/// FxHash, several times faster than std's SipHash on short ids. FxHash does not resist
/// deliberately colliding keys: a dataset crafted that way only slows its own loading.
#[derive(Clone, Default)]
pub struct Interner {
    names: Vec<String>,
    /// Indices into `names`, hashed by name with [`hash_name`].
    table: HashTable<u32>,
}

/// The hash of an interned name.
fn hash_name(name: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(name)
}

impl fmt::Debug for Interner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

impl Interner {
    /// Interns `name`, returning its index and whether it was new.
    pub fn intern(&mut self, name: &str) -> (u32, bool) {
        match self.find(name) {
            (Some(i), _) => (i, false),
            (None, hash) => self.insert_new(hash, name.to_owned()),
        }
    }

    /// Interns `name`, taking the string when it is new (no copy).
    pub fn intern_owned(&mut self, name: String) -> (u32, bool) {
        match self.find(&name) {
            (Some(i), _) => (i, false),
            (None, hash) => self.insert_new(hash, name),
        }
    }

    /// The index of `name` if interned, and its hash.
    fn find(&self, name: &str) -> (Option<u32>, u64) {
        let hash = hash_name(name);
        let names = &self.names;
        let found = self.table.find(hash, |&i| names[i as usize] == name);
        (found.copied(), hash)
    }

    /// Adds `name` (not interned yet, hashing to `hash`) as the next index.
    fn insert_new(&mut self, hash: u64, name: String) -> (u32, bool) {
        let i = self.names.len() as u32;
        let names = &self.names;
        self.table
            .insert_unique(hash, i, |&j| hash_name(&names[j as usize]));
        self.names.push(name);
        (i, true)
    }

    /// Makes room for `additional` more names (growing a table of millions of names step
    /// by step rehashes every name each time).
    pub fn reserve(&mut self, additional: usize) {
        let names = &self.names;
        self.table
            .reserve(additional, |&j| hash_name(&names[j as usize]));
        self.names.reserve(additional);
    }

    /// The index of `name`, if interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.find(name).0
    }
    /// The name of index `i`.
    pub fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }
    /// Number of interned names.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    /// True when nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    /// All names in index order.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// The interners of every kind of id in a dataset.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    /// State ids ([`StateId`]).
    pub states: Interner,
    /// Incident ids ([`IncidentId`]).
    pub incidents: Interner,
    /// Actor ids ([`ActorId`]).
    pub actors: Interner,
    /// Response ids ([`ResponseId`]).
    pub responses: Interner,
    /// Vulnerability ids ([`VulnId`]).
    pub vulns: Interner,
    /// Campaign ids ([`CampaignId`]).
    pub campaigns: Interner,
    /// The files added with `--assume`, as given (rows from them have `Src::assumed` ≥ 1).
    pub assumed: Vec<String>,
}

impl Symbols {
    /// The id string of a state.
    pub fn state(&self, s: StateId) -> &str {
        self.states.name(s.0)
    }
    /// The id string of an incident.
    pub fn incident(&self, i: IncidentId) -> &str {
        self.incidents.name(i.0)
    }
    /// The id string of an actor.
    pub fn actor(&self, a: ActorId) -> &str {
        self.actors.name(a.0)
    }
    /// The id string of a response.
    pub fn response(&self, r: ResponseId) -> &str {
        self.responses.name(r.0)
    }
    /// The id string of a vulnerability.
    pub fn vuln(&self, v: VulnId) -> &str {
        self.vulns.name(v.0)
    }
    /// Where a row came from, for people: `events.csv:12` for a row of the dataset,
    /// `what-if/events.csv:2 (assumed)` for a row of a file added with `--assume`.
    pub fn src_text(&self, src: Src) -> String {
        match src.assumed {
            0 => src.to_string(),
            k => match self.assumed.get(usize::from(k) - 1) {
                Some(path) => format!("{path}:{} (assumed)", src.line),
                None => src.to_string(),
            },
        }
    }
    /// The id string of a campaign.
    pub fn campaign(&self, c: CampaignId) -> &str {
        self.campaigns.name(c.0)
    }
    /// The interner of ids of `kind`.
    pub fn of(&self, kind: IdKind) -> &Interner {
        match kind {
            IdKind::State => &self.states,
            IdKind::Incident => &self.incidents,
            IdKind::Actor => &self.actors,
            IdKind::Vulnerability => &self.vulns,
            IdKind::Response => &self.responses,
            IdKind::Campaign => &self.campaigns,
        }
    }
    /// Every interner, in [`IdKind::ALL`] order.
    pub(crate) fn interners_mut(&mut self) -> [&mut Interner; 6] {
        let Symbols {
            states,
            incidents,
            actors,
            responses,
            vulns,
            campaigns,
            assumed: _,
        } = self;
        [states, incidents, actors, vulns, responses, campaigns]
    }
}

/// A whole validated dataset. Every vector is in file order.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// The folder it was loaded from (empty for generated or in-memory datasets; `facts`
    /// for the shipped dataset built into the binary).
    pub dir: PathBuf,
    /// Whether this is the shipped dataset built into the binary ([`super::shipped`]),
    /// not read from a folder.
    pub shipped: bool,
    /// The ids of every kind, interned.
    pub symbols: Symbols,
    /// The rows of `states.csv`, in file order.
    pub states: Vec<Row<StateRow>>,
    /// The rows of `institutions.csv`.
    pub institutions: Vec<Row<InstitutionRow>>,
    /// The rows of `incidents.csv`.
    pub incidents: Vec<Row<IncidentRow>>,
    /// The rows of `targets.csv`.
    pub targets: Vec<Row<TargetRow>>,
    /// The rows of `origins.csv`.
    pub origins: Vec<Row<OriginRow>>,
    /// The rows of `actors.csv`.
    pub actors: Vec<Row<ActorRow>>,
    /// The rows of `perpetrators.csv`.
    pub perpetrators: Vec<Row<PerpetratorRow>>,
    /// The rows of `control.csv`.
    pub control: Vec<Row<ControlRow>>,
    /// The rows of `events.csv`.
    pub events: Vec<Row<EventRow>>,
    /// The rows of `vulnerabilities.csv`.
    pub vulnerabilities: Vec<Row<VulnRow>>,
    /// The rows of `responses.csv`.
    pub responses: Vec<Row<ResponseRow>>,
}

impl Dataset {
    /// The states an incident is recorded against: its origin states (origins.csv), then its
    /// target states (targets.csv), in file order (a state may come twice).
    pub fn origin_and_target_states(&self, i: IncidentId) -> impl Iterator<Item = StateId> + '_ {
        let origins = self.origins.iter().filter(move |o| o.data.incident == i);
        let targets = self.targets.iter().filter(move |t| t.data.incident == i);
        origins
            .map(|o| o.data.state)
            .chain(targets.map(|t| t.data.state))
    }

    /// The latest time anywhere in the dataset (incident starts and ends, events,
    /// institutions, vulnerabilities, responses): the default `as_of` ("Readings settled").
    pub fn latest_time(&self) -> Option<Time> {
        let incidents = self
            .incidents
            .iter()
            .flat_map(|r| [Some(r.data.start), r.data.end])
            .flatten();
        let events = self.events.iter().map(|r| r.data.time);
        let insts = self.institutions.iter().filter_map(|r| r.data.since);
        let vulns = self
            .vulnerabilities
            .iter()
            .flat_map(|r| [Some(r.data.since), r.data.disclosed])
            .flatten();
        let responses = self.responses.iter().map(|r| r.data.time);
        incidents
            .chain(events)
            .chain(insts)
            .chain(vulns)
            .chain(responses)
            .max()
    }

    /// Total number of input rows.
    pub fn row_count(&self) -> usize {
        self.states.len()
            + self.institutions.len()
            + self.incidents.len()
            + self.targets.len()
            + self.origins.len()
            + self.actors.len()
            + self.perpetrators.len()
            + self.control.len()
            + self.events.len()
            + self.vulnerabilities.len()
            + self.responses.len()
    }
}

/// One problem with the input, positioned.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputError {
    /// The file's path as given (or its name for a missing mandatory file).
    pub file: String,
    /// 1-based line (the header is line 1); 0 when the problem concerns the file as a whole.
    pub line: u64,
    /// 1-based column (field position); 0 when the problem concerns the whole line or file.
    pub column: u64,
    /// What is wrong, naming the column and the offending value.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// All problems found while loading a dataset, sorted by file, line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, e) in self.0.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}
