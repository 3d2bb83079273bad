//! `diligence`: a Datalog reasoner for the harm prevention rule in cyberspace.
#![deny(missing_docs)]
#![allow(missing_docs)] // lifted module by module

pub mod facts;
pub mod generate;
pub mod profile;
