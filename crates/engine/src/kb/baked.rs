//! The embedded articles as the browser build has them: built by code that
//! `build.rs` wrote from their JSON at build time (see `bake.rs`), so the
//! wasm carries neither the JSON nor a reader for it.
//!
//! There is no validation and no error detail here: the native `kb_embedded`
//! tests have already loaded, validated and compared exactly these files,
//! and the test `baked_articles_are_the_articles_serde_reads` checks that the
//! code builds what serde reads from them.

// Every type an article can hold, whether or not the embedded ones use it.
#![allow(unused_imports)]

use crate::evidence::Severity;
use crate::kb::article::Article;
use crate::kb::files::{FileRow, Files, Platform, Release};
use crate::kb::messages::{MessageDef, MessageRole, Messages};
use crate::kb::meta::{FixStatus, Metadata, Prose, Related, Signal};
use crate::kb::registry::{Registry, RegistryKeyDef, Warning};
use crate::kb::remediation::{Remediation, Remedy, RemedyKind, ServiceAction, Step};
use crate::kb::simulator::{Resend, SimDefaults};
use crate::kb::tree::{
    ChoiceOption, Condition, Contradiction, Field, MessageFilter, Node, Outcome, Question,
    QuestionKind, Rule, Tree, Verdict,
};
use chrono::{NaiveDate, NaiveTime};
use std::collections::BTreeMap;

// `pub(crate) fn article(folder: &str, dir: &str) -> Option<Article>`: the
// article in `kb/<folder>`, labelled `dir`; `None` for a folder that is not
// embedded or whose JSON does not have the model's shape.
include!(concat!(env!("OUT_DIR"), "/baked_kb.rs"));

// The helpers the written code calls: one call per value, so each string,
// list and map costs the wasm a call rather than its construction inline.

fn s(text: &str) -> String {
    text.to_string()
}

fn ss(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

/// Inserted one by one: `collect` into a map would bring a sort routine of
/// its own into the wasm.
fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut next = BTreeMap::new();
    for (label, node) in pairs {
        next.insert(label.to_string(), node.to_string());
    }
    next
}

/// A date `bake.rs` has checked exists.
fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A time `bake.rs` has checked exists.
fn time(h: u32, m: u32, s: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, s).unwrap_or_default()
}

// The writer itself, for its refusals.
#[cfg(test)]
#[allow(dead_code)]
#[path = "bake.rs"]
mod bake;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baked_articles_are_the_articles_serde_reads() {
        for (folder, files) in crate::kb::load::embedded_files() {
            let label = format!("kb/{folder}");
            let mut serde = Article::from_files(&label, files).expect("valid");
            // The browser build shows the HTML rendered at build time and
            // carries no Markdown.
            serde.markdown = String::new();
            assert_eq!(article(folder, &label), Some(serde), "{label}");
        }
        assert_eq!(article("no-such-folder", "kb/no-such-folder"), None);
    }

    #[test]
    fn bake_writes_none_for_what_does_not_fit() {
        let ok: Vec<(String, String)> = crate::kb::load::embedded_files()[0]
            .1
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        assert!(bake::article_arm("x", &ok).contains("=> Some(Article {"));
        let without_tree: Vec<_> = ok
            .iter()
            .filter(|(n, _)| n != "tree.json")
            .cloned()
            .collect();
        assert_eq!(
            bake::article_arm("x", &without_tree),
            "        \"x\" => None,\n"
        );
        let bad_json: Vec<_> = ok
            .iter()
            .map(|(n, t)| {
                let t = if n == "messages.json" { "{" } else { t };
                (n.clone(), t.to_string())
            })
            .collect();
        assert_eq!(
            bake::article_arm("x", &bad_json),
            "        \"x\" => None,\n"
        );
        assert_eq!(time(17, 25, 0), NaiveTime::from_hms_opt(17, 25, 0).unwrap());
    }
}
