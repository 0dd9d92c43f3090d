//! The knowledge base: article model, its one reader (folders, files, the KB
//! data file) and validator, and natively the articles embedded at build time.
//!
//! One folder per article under the repository's `kb/` (`kb/Q319207/`), each
//! file named for what it holds and parsed with `deny_unknown_fields`:
//! `article.md` (the article in our words), `article.json` ([`Metadata`]),
//! `messages.json` ([`Messages`]), `registry.json` ([`Registry`]),
//! `files.json` ([`Files`]), `remediation.json` ([`Remediation`]),
//! `simulator.json` ([`SimDefaults`]) and `tree.json` ([`tree::Tree`]).
//! Only `article.md`, `article.json` and `tree.json` are required.

mod article;
pub mod bundle;
mod dates;
mod error;
pub mod files;
pub mod json_path;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod meta;
pub mod registry;
pub mod remediation;
pub mod simulator;
pub mod template;
pub mod tree;
mod validate;

pub use article::{Article, ArticleText, Kb};
pub use error::{Issue, KbError, Problem};
pub use files::{compare_versions, FileRow, Files, Platform, Release};
pub use messages::{MessageDef, MessageRole, Messages};
pub use meta::{FixStatus, Metadata, Prose, Related, Signal};
pub use registry::{Registry, RegistryKeyDef, Warning};
pub use remediation::{Remediation, Remedy, RemedyKind, ServiceAction, Step};
pub use simulator::{Resend, SimDefaults};
pub use template::{Part, Placeholder, Template, TemplateError, MAX_CAPTURE};
pub use validate::validate;
