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
pub mod catalog;
mod dates;
mod error;
pub mod files;
pub mod json_path;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod meta;
pub mod pattern;
pub mod registry;
pub mod remediation;
pub mod search;
pub mod simulator;
pub mod template;
pub mod tree;
mod validate;

pub use article::{Article, ArticleText, Kb};
pub use error::{Issue, KbError, Problem};
pub use files::{compare_versions, FileRow, Files, Platform, Release};
pub use messages::{FieldDef, FieldKind, LineDef, MessageDef, MessageRole, Messages};
pub use meta::{FixStatus, Metadata, Prose, Related, Signal};
pub use pattern::{LiteralWord, Pattern};
pub use registry::{Registry, RegistryKeyDef, Warning};
pub use remediation::{Remediation, Remedy, RemedyKind, ServiceAction, Step};
pub use simulator::{
    ContentDefaults, ContentEvidence, FieldLine, ParamSpec, Resend, RetryLoopDefaults, SimDefaults,
    ThreadUseLine,
};
pub use template::{Part, Placeholder, Template, TemplateError, MAX_CAPTURE};
pub use validate::validate;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every folder `build.rs` embedded loads and validates on its own,
    /// under its folder name as its ID.
    #[test]
    fn every_embedded_folder_is_a_valid_article() {
        let folders = load::embedded_files();
        // Exactly the folders under kb/, none left out by the build.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb");
        let on_disk: Vec<String> = load::article_dirs(&root)
            .expect("kb/ is readable")
            .iter()
            .map(|d| {
                d.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(folders.iter().map(|(f, _)| *f).collect::<Vec<_>>(), on_disk);
        assert!(on_disk.len() >= 20, "{on_disk:?}");
        for (folder, files) in folders {
            let label = format!("kb/{folder}");
            match Article::from_files(&label, files) {
                Ok(a) => assert_eq!(a.id(), *folder),
                Err(e) => panic!("{label}: {e}"),
            }
        }
    }
}
