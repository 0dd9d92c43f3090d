//! Keeping the session across reloads, and exporting / importing it as a file.
//!
//! What is saved: each input's name and text (the evidence is re-read from the
//! text on restore, so the saved form cannot disagree with the parser), the
//! article, the wizard's steps and the simulator parameters. localStorage
//! holds a few MB per origin, so inputs larger than [`KEEP_TEXT_BYTES`] in
//! total are not saved, and the admin is told which; a quota error is caught
//! and reported the same way. Nothing is ever lost silently.

use crate::shared::Shared;
use crate::state::{AppState, Input};
use kbwiz_engine::case::indent;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::sim::Params;
use kbwiz_engine::tree::Step;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

pub const KEY: &str = "kbwiz.session.v1";
/// Total input text kept in localStorage (UTF-16 in most browsers: ~2x bytes).
pub const KEEP_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Largest session file accepted on import.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
/// Characters of an import error shown: the reader quotes the offending
/// value in full (as serde does), and a hostile file's value can be
/// megabytes long.
const MAX_MESSAGE_CHARS: usize = 300;

/// Which inputs fit in `limit` bytes of text (all with no limit), taken in
/// order: the rule both saving and the inputs view's warning follow.
fn kept_within(state: &AppState, limit: Option<usize>) -> impl Iterator<Item = bool> + '_ {
    let mut total = 0usize;
    state.inputs.iter().map(move |input| {
        let fits = limit.is_none_or(|l| total + input.text.len() <= l);
        if fits {
            total += input.text.len();
        }
        fits
    })
}

/// The inputs a reload would lose: those beyond [`KEEP_TEXT_BYTES`] of text.
pub fn not_kept(state: &AppState) -> Vec<&crate::state::Input> {
    state
        .inputs
        .iter()
        .zip(kept_within(state, Some(KEEP_TEXT_BYTES)))
        .filter(|(_, kept)| !kept)
        .map(|(input, _)| &**input)
        .collect()
}

/// `message`, cut after [`MAX_MESSAGE_CHARS`] characters with a note of how
/// many were left out.
fn clip(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => message,
        Some((end, _)) => {
            let rest = message[end..].chars().count();
            format!("{}… ({rest} more characters)", &message[..end])
        }
    }
}

/// The saved form of a session (also the export file's format). Read back
/// by `crate::read::session`, which follows these serde attributes (the
/// derived `Deserialize` is what its tests compare it with).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// Always `kbwiz-session`.
    pub format: String,
    pub version: u32,
    pub article: String,
    pub inputs: Vec<SavedInput>,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub params: Option<Params>,
    /// Inputs that were too large to keep (names only).
    #[serde(default)]
    pub dropped: Vec<String>,
    /// The inputs are redacted: kept so that a reload still says so (and
    /// a case saved after it holds them as redacted).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedInput {
    pub name: String,
    pub text: String,
}

impl Saved {
    /// The saved form of `state`; with `limit`, inputs beyond it are dropped
    /// (named in `dropped`).
    pub fn of(state: &AppState, limit: Option<usize>) -> Saved {
        let mut inputs = Vec::new();
        let mut dropped = Vec::new();
        for (input, kept) in state.inputs.iter().zip(kept_within(state, limit)) {
            if kept {
                inputs.push(SavedInput {
                    name: input.name.clone(),
                    text: input.text.to_string(),
                });
            } else {
                dropped.push(input.name.clone());
            }
        }
        Saved {
            format: "kbwiz-session".into(),
            version: 1,
            article: state.session.article.clone(),
            inputs,
            steps: state.session.steps.clone(),
            params: state.sim_params.clone(),
            dropped,
            redacted: state.redacted,
        }
    }

    /// Rebuild an app state, checking everything: an unknown article, or
    /// steps that do not fit the article's tree, are errors (shortened: they
    /// may quote a hostile file).
    pub fn restore(self, kb: Shared<Kb>) -> Result<AppState, String> {
        self.restore_checked(kb).map_err(clip)
    }

    fn restore_checked(self, kb: Shared<Kb>) -> Result<AppState, String> {
        if self.format != "kbwiz-session" || self.version != 1 {
            return Err("this is not a kbwiz session file (version 1)".into());
        }
        if kb.article(&self.article).is_none() {
            return Err(format!(
                "the session is for article {}, which this kbwiz does not have",
                self.article
            ));
        }
        let inputs = self
            .inputs
            .into_iter()
            .map(|saved| Input::parse(0, &saved.name, saved.text.len(), Rc::new(saved.text), &kb))
            .collect();
        let mut state = AppState::with_inputs(kb.clone(), &self.article, inputs);
        // The answers are checked against the evidence now.
        state.settle();
        let mut session = state.session.switched(&self.article);
        session.steps = self.steps;
        session
            .position(&kb)
            .map_err(|e| format!("the session's answers do not fit the article: {e}"))?;
        state.session = session;
        state.redacted = self.redacted;
        if let Some(p) = self.params {
            p.validate()
                .map_err(|e| format!("the session's simulator parameters are invalid: {e}"))?;
            state.sim_params = Some(p);
        }
        if !self.dropped.is_empty() {
            state.notice = Some(format!(
                "Not restored (too large to keep across reloads): {}. Add them again.",
                self.dropped.join(", ")
            ));
        }
        Ok(state)
    }

    /// Parse an exported (or saved) session file.
    pub fn from_json(text: &str) -> Result<Saved, String> {
        if text.len() > MAX_IMPORT_BYTES {
            return Err(format!(
                "the session file is larger than {} MB",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ));
        }
        crate::read::session::session(text)
            .map_err(|e| clip(format!("not a valid kbwiz session file: {e}")))
    }

    /// The export file's text: the saved form as indented JSON, exactly as
    /// `serde_json::to_string_pretty` writes it.
    pub fn to_pretty_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self).map(|compact| indent(&compact))
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Save `state`; returns a message for the admin when something was not saved.
pub fn save(state: &AppState) -> Option<String> {
    let Some(storage) = local() else {
        return Some(
            "This browser does not allow kbwiz to keep the session across reloads.".into(),
        );
    };
    let saved = Saved::of(state, Some(KEEP_TEXT_BYTES));
    let json = serde_json::to_string(&saved).ok()?;
    match storage.set_item(KEY, &json) {
        Ok(()) if saved.dropped.is_empty() => None,
        Ok(()) => Some(format!(
            "Too large to keep across a reload: {}. Everything else is saved.",
            saved.dropped.join(", ")
        )),
        Err(_) => {
            // Quota: keep the answers and parameters without any input text.
            let light = Saved::of(state, Some(0));
            let fallback = serde_json::to_string(&light).ok()?;
            match storage.set_item(KEY, &fallback) {
                Ok(()) => Some(format!(
                    "The browser's storage is full: the inputs ({}) will not survive a reload; answers and parameters will.",
                    light.dropped.join(", ")
                )),
                Err(_) => Some("The browser's storage is full: this session will not survive a reload.".into()),
            }
        }
    }
}

/// The saved session, if any (a broken one is reported, not restored).
pub fn load(kb: Shared<Kb>) -> Option<Result<AppState, String>> {
    let json = local()?.get_item(KEY).ok()??;
    Some(Saved::from_json(&json).and_then(|saved| saved.restore(kb)))
}

/// Forget the saved session.
pub fn clear() {
    if let Some(s) = local() {
        s.remove_item(KEY).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::{clip, indent, Saved, MAX_MESSAGE_CHARS};

    #[test]
    fn indents_like_serde_jsons_pretty_printer() {
        let value = serde_json::json!({
            "format": "kbwiz-session",
            "empty": [],
            "none": {},
            "tricky": "a \"quoted\" {string}, with: [brackets] \\ and \n é",
            "nested": [{"a": 1, "b": [true, null, -1.5e-7]}, [], [[]]],
            "version": 1
        });
        let compact = serde_json::to_string(&value).expect("json");
        let pretty = serde_json::to_string_pretty(&value).expect("json");
        assert_eq!(indent(&compact), pretty);
        assert_eq!(indent("[]"), "[]");
        assert_eq!(indent("{\"a\":{}}"), "{\n  \"a\": {}\n}");
    }

    #[test]
    fn short_messages_are_kept_whole() {
        let m = "é".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(clip(m.clone()), m);
    }

    #[test]
    fn long_messages_are_cut_at_a_character() {
        let m = format!("{}{}", "é".repeat(MAX_MESSAGE_CHARS), "ab");
        assert_eq!(
            clip(m),
            format!("{}… (2 more characters)", "é".repeat(MAX_MESSAGE_CHARS))
        );
    }

    #[test]
    fn a_huge_json_string_gives_a_short_error() {
        let json = format!("\"{}\"", "a".repeat(1 << 20));
        let Err(e) = Saved::from_json(&json) else {
            panic!("a JSON string was read as a session");
        };
        let head = "not a valid kbwiz session file: invalid type: string \"";
        let kept = "a".repeat(MAX_MESSAGE_CHARS - head.len());
        // Left out: the rest of the string, the closing quote and
        // `, expected struct Saved`.
        assert_eq!(e, format!("{head}{kept}… (1048354 more characters)"));
    }
}
