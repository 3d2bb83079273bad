//! `diligence`: a Datalog reasoner for the harm prevention rule in cyberspace.
#![allow(missing_docs)] // lifted module by module

pub mod eval;
pub mod facts;
pub mod generate;
pub mod output;
pub mod profile;
pub mod rules;

pub use eval::{evaluate, EvalOptions, Evaluation};
pub mod cli;
pub mod provenance;
pub mod report;
pub mod whynot;
