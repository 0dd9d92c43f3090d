//! Decision-tree sessions and diagnosis.
//!
//! A KB article's tree ([`crate::kb::tree`]) is walked over typed evidence:
//! [`rules`] answers questions from evidence, [`walk`] follows the branches,
//! [`Session`] lets an admin drive the walk (forward, back, jump, override,
//! restart) and [`diagnose`] runs every article's tree as far as evidence alone
//! goes. Nothing here knows any one article. [`number`] writes a number
//! answer's text.

mod conflicts;
mod diagnose;
pub mod index;
pub mod number;
pub mod order;
pub mod rules;
mod session;
mod sites;
mod step;
pub mod walk;
pub mod when;

pub use diagnose::{
    diagnose, diagnose_article, diagnose_inputs, diagnose_reference, scan_inputs,
    ContradictionFound, Diagnosing, Diagnosis, Finding, FindingsJson, NeedsAnswer, NextArtefact,
};
pub use session::{Position, Session, SessionError};
pub use sites::SiteRole;
pub use step::{cite, fact_kind, Answer, EvidenceRef, Source, Step, MAX_CITED};
