//! The vocabulary in which every input file is described: its columns, their types and
//! closed value sets, the ids they define or refer to, what an empty value means, the
//! parties each kind of event has, and the checks that read two columns.
//!
//! The descriptions themselves are in [`files`](super::files), one per input file, written
//! once through the `input_files!` macro defined here, which also makes each file's typed
//! row. One loader ([`load`](mod@super::load)) interprets them, the data-model document
//! (`docs/data-model.md`, written by `diligence docs`) prints them, and the generator and
//! `--assume` read their column lists: the description is the only place that says what a
//! file holds.

use super::schema::Time;
use super::InputFile;

/// A kind of id. Each kind is interned into its own `u32` newtype ([`StateId`](super::StateId),
/// …) and defined by one input file, except campaigns, which are named where they are used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    /// A state (`states.csv`).
    State,
    /// An incident (`incidents.csv`).
    Incident,
    /// An actor (`actors.csv`).
    Actor,
    /// A vulnerability (`vulnerabilities.csv`).
    Vulnerability,
    /// A candidate response (`responses.csv`).
    Response,
    /// A campaign (named in `incidents.csv` `campaign`, defined nowhere).
    Campaign,
}

impl IdKind {
    /// Every kind, in the order of [`IdKind::index`].
    pub const ALL: [IdKind; 6] = [
        IdKind::State,
        IdKind::Incident,
        IdKind::Actor,
        IdKind::Vulnerability,
        IdKind::Response,
        IdKind::Campaign,
    ];

    /// The kind's position in [`IdKind::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The kind as named in messages: "state", "incident", …
    pub fn what(self) -> &'static str {
        match self {
            IdKind::State => "state",
            IdKind::Incident => "incident",
            IdKind::Actor => "actor",
            IdKind::Vulnerability => "vulnerability",
            IdKind::Response => "response",
            IdKind::Campaign => "campaign",
        }
    }

    /// The kind with its indefinite article: "a state", "an incident".
    pub fn a_what(self) -> &'static str {
        match self {
            IdKind::State => "a state",
            IdKind::Incident => "an incident",
            IdKind::Actor => "an actor",
            IdKind::Vulnerability => "a vulnerability",
            IdKind::Response => "a response",
            IdKind::Campaign => "a campaign",
        }
    }

    /// The input file that defines ids of this kind (a column of type
    /// [`Type::Defines`]), if any.
    pub fn defined_in(self) -> Option<InputFile> {
        InputFile::ALL
            .iter()
            .copied()
            .find(|f| f.spec().columns.iter().any(|c| c.ty == Type::Defines(self)))
    }
}

/// A closed set of values (one of the schema's enums), as a column type reads it.
#[derive(Debug)]
pub struct ValueSet {
    /// The enum's name (`Capacity`).
    pub name: &'static str,
    /// The enum's documentation.
    pub doc: &'static str,
    /// Every value as spelled in CSV files, in the enum's order.
    pub values: fn() -> Vec<&'static str>,
    /// The position of a value in [`ValueSet::values`], if it is one.
    pub parse: fn(&str) -> Option<u8>,
}

impl ValueSet {
    /// Every allowed value, comma separated, for messages.
    pub fn expected(&self) -> String {
        (self.values)().join(", ")
    }
}

impl PartialEq for ValueSet {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for ValueSet {}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// Free text.
    Text,
    /// A point in time, ISO 8601 ([`Time::parse`]).
    Time,
    /// A decimal integer ≥ 0.
    Count,
    /// `true` or `false`, in any letter case.
    Flag,
    /// One value of a closed set.
    Choice(&'static ValueSet),
    /// The id this row defines: unique in its file, without commas.
    Defines(IdKind),
    /// An id defined in another file.
    Refers(IdKind),
    /// An id of either of two kinds (never an id of both).
    RefersEither(IdKind, IdKind),
    /// An id of a kind that no file defines: named here, without commas.
    Names(IdKind),
}

impl Type {
    /// True for the columns whose ids the loader interns ([`Type::Defines`],
    /// [`Type::Names`]).
    pub const fn interns(self) -> Option<IdKind> {
        match self {
            Type::Defines(k) | Type::Names(k) => Some(k),
            _ => None,
        }
    }
}

/// What an empty value (or a column left out of the header) of an optional column means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absent {
    /// This value, read as if it had been written.
    Default(&'static str),
    /// No value; the text says what that means.
    Means(&'static str),
}

/// Whether a column must be in the header and hold a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// In the header, and a value on every row.
    Required,
    /// May be left out of the header or empty.
    Optional(Absent),
    /// May be left out of the header or empty, except on rows whose column `.0` holds the
    /// value `.1`.
    RequiredWhen(&'static str, &'static str),
    /// May be left out of the header; whether a row needs a value follows its kind (the
    /// file's [`FileSpec::roles`]).
    PerKind(Role),
}

impl Presence {
    /// True when the column must be in the header.
    pub const fn is_required(self) -> bool {
        matches!(self, Presence::Required)
    }
}

/// The columns whose presence follows a row's kind (`events.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `by`: the acting state.
    By,
    /// `to`: the addressed state.
    To,
    /// `detail`.
    Detail,
}

/// What one kind of row needs in one of its [`Role`] columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// A value is required; the text names the party (`victim`).
    Required(&'static str),
    /// A value may be given; the text names the party or what the value is.
    Optional(&'static str),
    /// The value must be empty (the kind has no such party).
    Forbidden,
    /// A value of this set is required (in place of the column's own type).
    OneOf(&'static ValueSet),
}

/// The parties and detail of one kind of row (a value of the file's `kind` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindRoles {
    /// The kind, as spelled in the file.
    pub kind: &'static str,
    /// What the kind needs in `by`.
    pub by: Need,
    /// What the kind needs in `to`.
    pub to: Need,
    /// What the kind needs in `detail`.
    pub detail: Need,
}

impl KindRoles {
    /// The need of `role`.
    pub fn need(&self, role: Role) -> Need {
        match role {
            Role::By => self.by,
            Role::To => self.to,
            Role::Detail => self.detail,
        }
    }
}

/// A check that reads two columns of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The time in `column`, when given, is not before the time in `other`; reported on
    /// `column`.
    NotBefore {
        /// The later time's column.
        column: &'static str,
        /// The earlier time's column.
        other: &'static str,
    },
}

/// One column of an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its name in the header (and the name of the row's field).
    pub name: &'static str,
    /// What it holds, for people (the field's documentation).
    pub doc: &'static str,
    /// Its type.
    pub ty: Type,
    /// Whether it is required.
    pub presence: Presence,
}

impl Column {
    const fn of(ty: Type, presence: Presence) -> Column {
        Column {
            name: "",
            doc: "",
            ty,
            presence,
        }
    }
    /// A required column of type `ty`.
    pub const fn required(ty: Type) -> Column {
        Column::of(ty, Presence::Required)
    }
    /// An optional column of type `ty` whose empty value is read as `value`.
    pub const fn or(ty: Type, value: &'static str) -> Column {
        Column::of(ty, Presence::Optional(Absent::Default(value)))
    }
    /// An optional column of type `ty` whose empty value is no value, meaning `meaning`.
    pub const fn optional(ty: Type, meaning: &'static str) -> Column {
        Column::of(ty, Presence::Optional(Absent::Means(meaning)))
    }
    /// An optional column of type `ty`, required on rows whose `column` holds `value`.
    pub const fn required_when(ty: Type, column: &'static str, value: &'static str) -> Column {
        Column::of(ty, Presence::RequiredWhen(column, value))
    }
    /// A column of type `ty` whose need follows the row's kind.
    pub const fn per_kind(ty: Type, role: Role) -> Column {
        Column::of(ty, Presence::PerKind(role))
    }
}

/// The description of one input file.
#[derive(Clone, Copy, Debug)]
pub struct FileSpec {
    /// The file.
    pub file: InputFile,
    /// Its name inside a dataset folder.
    pub name: &'static str,
    /// What one row says, for people.
    pub doc: &'static str,
    /// True when every dataset must have the file.
    pub mandatory: bool,
    /// Its columns, in the data model's order (the order in which a row is read).
    pub columns: &'static [Column],
    /// The column whose value is a row's kind, for [`Presence::PerKind`] columns.
    pub kind_column: &'static str,
    /// What each kind needs in the [`Presence::PerKind`] columns.
    pub roles: &'static [KindRoles],
    /// Checks that read two columns.
    pub checks: &'static [Check],
}

impl FileSpec {
    /// What a file's description holds unless it says otherwise (`file`, `name`, `doc` and
    /// `columns` are always given).
    pub const BASE: FileSpec = FileSpec {
        file: InputFile::States,
        name: "",
        doc: "",
        mandatory: false,
        columns: &[],
        kind_column: "kind",
        roles: &[],
        checks: &[],
    };

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The position of the column called `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// The number of `columns` that are required (`required`) or not.
pub const fn count_columns(columns: &[Column], required: bool) -> usize {
    let (mut n, mut k) = (0, 0);
    while k < columns.len() {
        if columns[k].presence.is_required() == required {
            n += 1;
        }
        k += 1;
    }
    n
}

/// The names of the `N` columns that are required (`required`) or not, in order.
pub const fn column_names<const N: usize>(columns: &[Column], required: bool) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut n, mut k) = (0, 0);
    while k < columns.len() {
        if columns[k].presence.is_required() == required {
            out[n] = columns[k].name;
            n += 1;
        }
        k += 1;
    }
    out
}

/// One value of a row as the loader typed it, before it becomes a field of the row.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'r> {
    /// Not given (or not valid: the row is then left out anyway).
    Absent,
    /// A text.
    Text(&'r str),
    /// A time.
    Time(Time),
    /// An integer.
    Count(u64),
    /// A boolean.
    Flag(bool),
    /// The position of a value in its set.
    Choice(&'static ValueSet, u8),
    /// An interned id (a placeholder until the loader interns the ids a file defines).
    Id(IdKind, u32),
}

/// A field of a row, made from a [`Cell`].
pub(crate) trait Field: Sized {
    /// The field, or `None` when the cell does not fit its type (a bug of the description,
    /// never a property of the input).
    fn from_cell(cell: &Cell<'_>) -> Option<Self>;
    /// Sets the interned id of a [`Type::Defines`] or [`Type::Names`] column.
    fn set_id(&mut self, _id: u32) {}
}

impl Field for String {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Text(s) => Some((*s).to_owned()),
            _ => None,
        }
    }
}
impl Field for Time {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Time(t) => Some(*t),
            _ => None,
        }
    }
}
impl Field for u64 {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Count(n) => Some(*n),
            _ => None,
        }
    }
}
impl Field for bool {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Flag(b) => Some(*b),
            _ => None,
        }
    }
}
impl<T: Field> Field for Option<T> {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Absent => Some(None),
            cell => T::from_cell(cell).map(Some),
        }
    }
    fn set_id(&mut self, id: u32) {
        if let Some(t) = self {
            t.set_id(id);
        }
    }
}

/// Declares the input files once: for each, the enum variant, the file name, the
/// dataset's field, the typed row with one field per column (named and documented as the
/// column), each column's description, and the file's other properties ([`FileSpec`]
/// fields). The loader, the data-model document, `--assume` and the generator all read
/// this table.
macro_rules! input_files {
    ($(
        $(#[doc = $fdoc:literal])*
        $variant:ident => $file:literal, $dsfield:ident: $row:ident { $($key:ident : $val:expr),* $(,)? } {
            $( $(#[doc = $cdoc:literal])* $col:ident : $ty:ty = $spec:expr ),* $(,)?
        }
    )*) => {
        /// One input file of a dataset (one relation per file).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum InputFile { $(#[doc = concat!("`", $file, "`.")] $(#[doc = $fdoc])* $variant),* }

        impl InputFile {
            /// Every input file, in the order they are described (and loaded).
            pub const ALL: &'static [InputFile] = &[$(InputFile::$variant),*];
            /// The file's description.
            pub fn spec(self) -> &'static $crate::facts::describe::FileSpec {
                match self { $(InputFile::$variant => &<$row as $crate::facts::describe::Record>::SPEC),* }
            }
            /// The file name inside a dataset folder.
            pub fn file_name(self) -> &'static str { self.spec().name }
            /// Columns that must be in the header, in order.
            pub fn required_columns(self) -> &'static [&'static str] {
                use $crate::facts::describe::{column_names, count_columns, Column, Record};
                match self { $(InputFile::$variant => {
                    const C: &[Column] = <$row as Record>::SPEC.columns;
                    const R: [&str; count_columns(C, true)] = column_names(C, true);
                    &R
                }),* }
            }
            /// Columns that may be left out of the header, in order.
            pub fn optional_columns(self) -> &'static [&'static str] {
                use $crate::facts::describe::{column_names, count_columns, Column, Record};
                match self { $(InputFile::$variant => {
                    const C: &[Column] = <$row as Record>::SPEC.columns;
                    const O: [&str; count_columns(C, false)] = column_names(C, false);
                    &O
                }),* }
            }
            /// Calls `v` with the file's row type.
            pub(crate) fn visit<V: $crate::facts::describe::Visit>(self, v: V) -> V::Out {
                match self { $(InputFile::$variant => v.visit::<$row>()),* }
            }
        }

        /// The rows of one input file, whichever it is.
        pub(crate) enum Rows { $($variant(Vec<$crate::facts::Row<$row>>)),* }

        impl $crate::facts::Dataset {
            /// Appends the rows of one file to this dataset's.
            pub(crate) fn append(&mut self, rows: Rows) {
                match rows { $(Rows::$variant(rows) => {
                    if self.$dsfield.is_empty() {
                        self.$dsfield = rows;
                    } else {
                        self.$dsfield.extend(rows);
                    }
                }),* }
            }
        }

        $(
            $(#[doc = $fdoc])*
            #[derive(Clone, Debug, PartialEq)]
            pub struct $row { $( $(#[doc = $cdoc])* pub $col: $ty, )* }

            impl $crate::facts::describe::Record for $row {
                const SPEC: $crate::facts::describe::FileSpec = $crate::facts::describe::FileSpec {
                    file: InputFile::$variant,
                    name: $file,
                    doc: concat!($($fdoc, "\n"),*),
                    columns: &[$($crate::facts::describe::Column {
                        name: stringify!($col),
                        doc: concat!($($cdoc, "\n"),*),
                        ..$spec
                    }),*],
                    $($key: $val,)*
                    ..$crate::facts::describe::FileSpec::BASE
                };
                #[inline]
                fn build(cells: &[$crate::facts::describe::Cell<'_>]) -> Option<Self> {
                    use $crate::facts::describe::Field;
                    let mut k = 0;
                    Some($row { $( $col: {
                        k += 1;
                        <$ty as Field>::from_cell(cells.get(k - 1)?)?
                    }, )* })
                }
                #[inline]
                fn set_interned(&mut self, ids: &[Option<u32>]) {
                    use $crate::facts::describe::Field;
                    let mut ids = ids.iter();
                    let mut k = 0;
                    $(
                        if Self::SPEC.columns[k].ty.interns().is_some() {
                            if let Some(Some(id)) = ids.next() {
                                <$ty as Field>::set_id(&mut self.$col, *id);
                            }
                        }
                        k += 1;
                    )*
                    let _ = k;
                }
                fn wrap(rows: Vec<$crate::facts::Row<Self>>) -> Rows {
                    Rows::$variant(rows)
                }
                #[inline]
                fn with_cells<'r, R>(f: impl FnOnce(&mut [$crate::facts::describe::Cell<'r>]) -> R) -> R {
                    use $crate::facts::describe::{Cell, Record};
                    f(&mut [Cell::Absent; <$row as Record>::SPEC.columns.len()])
                }
                #[inline(always)]
                fn read_columns<'r>(
                    reader: &mut impl $crate::facts::describe::ReadColumn<'r>,
                    cells: &mut [$crate::facts::describe::Cell<'r>],
                ) {
                    let mut k = 0;
                    $(
                        let _ = stringify!($col);
                        reader.column::<Self>(k, cells);
                        k += 1;
                    )*
                    let _ = k;
                }
            }
        )*

    };
}
pub(crate) use input_files;

/// The typed row of an input file, and its description.
pub(crate) trait Record: Sized + Send + 'static {
    /// The file's description.
    const SPEC: FileSpec;
    /// The row made from one cell per column (in [`FileSpec::columns`] order); `None` only
    /// when the description and the row's types disagree (a bug).
    fn build(cells: &[Cell<'_>]) -> Option<Self>;
    /// Sets the ids interned for the row's [`Type::Defines`] and [`Type::Names`] columns,
    /// in column order (`None`: not given).
    fn set_interned(&mut self, ids: &[Option<u32>]);
    /// The rows as [`Rows`](super::files::Rows).
    fn wrap(rows: Vec<super::Row<Self>>) -> super::files::Rows;
    /// Calls `f` with one [`Cell::Absent`] per column (an array of the row's own length:
    /// setting up a longer one for every record costs more than typing it).
    fn with_cells<'r, R>(f: impl FnOnce(&mut [Cell<'r>]) -> R) -> R;
    /// Calls `reader.column::<Self>(k, cells)` for each column `k`, in order.
    ///
    /// The loop over the columns is written out, one call per column, so that each call,
    /// inlined, reads its column's description (a constant) at compile time: the loader
    /// then types a row as fast as a loader written by hand for the file would.
    fn read_columns<'r>(reader: &mut impl ReadColumn<'r>, cells: &mut [Cell<'r>]);
}

/// Types one column of a record into its cell ([`Record::read_columns`]).
pub(crate) trait ReadColumn<'r> {
    /// Types column `k` of `T`'s description into `cells[k]`.
    fn column<T: Record>(&mut self, k: usize, cells: &mut [Cell<'r>]);
}

/// Something done with the row type of an input file ([`InputFile::visit`]).
pub(crate) trait Visit {
    /// What it gives.
    type Out;
    /// Does it with row type `T`.
    fn visit<T: Record>(self) -> Self::Out;
}
