//! kbwiz-engine: the pure core of kbwiz.
//!
//! Everything that understands SMS lives here, with no browser or terminal
//! dependency, so the web app, the widget and the CLI are thin shells:
//!
//! - [`api`]: the shells' three calls (scan, diagnose, simulate), each
//!   returning the report its `--json` output and JS API call serialise;
//! - [`kb`]: the knowledge-base model, the embedded articles and their validation;
//! - [`parse`]: evidence parsers (component logs, status-message exports, .reg
//!   exports, file-version listings) that never panic on any bytes;
//! - [`evidence`]: the typed facts they produce, with provenance;
//! - [`tree`]: decision-tree sessions and `diagnose`;
//! - [`remedy`]: remediation output (generated .reg clean-up, its undo, Markdown report);
//! - [`redact`]: consistent pseudonyms for the values in the inputs, before sharing;
//! - [`case`]: the case file that hands a diagnosis to a colleague;
//! - [`sim`]: the retry-loop simulator;
//! - [`summary`]: evidence grouped for display, the hotfix check, the timeline;
//! - [`steps`]: reading an input and diagnosing in steps, with a turn for
//!   the page between them;
//! - [`sample`]: generated logs for the benchmarks and the CLI's profile training.

pub mod api;
pub mod case;
pub mod evidence;
pub mod fixes;
pub mod kb;
pub mod parse;
pub mod redact;
pub mod remedy;
pub mod sample;
pub mod sim;
pub mod steps;
pub mod summary;
pub mod tree;
