//! `diligence`: a Datalog reasoner for the harm prevention rule in cyberspace.
#![allow(missing_docs)] // lifted module by module

pub mod facts;
pub mod profile;
pub mod rules;
