//! Doctrinal profiles (catalogue section P).
pub mod params;
pub use params::{Params, Sovereignty};
