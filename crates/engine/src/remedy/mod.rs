//! Remediation output: generated .reg clean-up files and Markdown reports.
//!
//! - [`reg`]: a regedit file deleting exactly the affected keys (one per
//!   package), in REGEDIT4 (ANSI) or version 5.00 (UTF-16LE) form, preceded by
//!   the article's registry warnings as comments;
//! - [`undo`]: the `.reg` that puts back what the clean-up deletes or
//!   changes, from the admin's own export of those keys;
//! - [`report`]: the whole diagnosis as Markdown for a ticket, with every pasted
//!   text made inert ([`markdown`]).

pub mod markdown;
pub mod reg;
pub mod report;
pub mod undo;

pub use reg::{cleanup_reg, strongest_cleanup, RegCleanup, RegError, RegForm};
pub use report::report_markdown;
pub use undo::{reg_keys, undo_reg, ExportFirst, UndoReg};
