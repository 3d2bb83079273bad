//! Input facts: the schema of every CSV file, interning, loading and validation.

pub mod amend;
pub mod dataset;
pub mod describe;
pub mod files;
pub mod load;
pub mod schema;
pub mod shipped;

pub use dataset::{Dataset, InputError, InputErrors, Row, Src, Symbols};
pub use files::*;
pub use load::{load, load_files};
pub use schema::*;
