//! The knowledge base: article model, the articles embedded at build time, and
//! their validation.
//!
//! One folder per article under the repository's `kb/` (`kb/Q319207/`), each
//! file named for what it holds and parsed with `deny_unknown_fields`:
//! `article.md` (the article in our words), `article.json` ([`Metadata`]),
//! `messages.json` ([`Messages`]), `registry.json` ([`Registry`]),
//! `files.json` ([`Files`]), `remediation.json` ([`Remediation`]),
//! `simulator.json` ([`SimDefaults`]) and `tree.json` ([`tree::Tree`]).
//! Only `article.md`, `article.json` and `tree.json` are required.

mod article;
mod error;
pub mod files;
// Used by the browser build only; native builds test it against serde.
#[cfg(any(test, target_arch = "wasm32"))]
mod baked;
mod load;
pub mod markdown;
pub mod messages;
pub mod meta;
pub mod registry;
pub mod remediation;
pub mod simulator;
pub mod template;
pub mod tree;
mod validate;

pub use article::{Article, Kb};
pub use error::{Issue, KbError, Problem};
pub use files::{compare_versions, FileRow, Files, Platform, Release};
pub use messages::{MessageDef, MessageRole, Messages};
pub use meta::{FixStatus, Metadata, Prose, Related, Signal};
pub use registry::{Registry, RegistryKeyDef, Warning};
pub use remediation::{Remediation, Remedy, RemedyKind, ServiceAction, Step};
pub use simulator::{Resend, SimDefaults};
pub use template::{Part, Placeholder, Template, TemplateError, MAX_CAPTURE};
pub use validate::validate;
