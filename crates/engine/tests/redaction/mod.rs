//! The redaction invariant, shared by the scenario test and the property
//! test: the redacted inputs' triage is the original's with pseudonyms in
//! place of values, and no value of the map is left in them.
#![allow(dead_code)] // each test file uses its own subset

use kbwiz_engine::api;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::redact::Redaction;

/// The triage of these inputs, as JSON.
pub fn triage(inputs: &[(&str, &[u8])]) -> serde_json::Value {
    let d = api::diagnose(inputs, Kb::embedded());
    serde_json::to_value(d.triage()).expect("json")
}

/// The KB's own words in a triage (titles, question texts, help, summaries,
/// what to paste): they stay as the KB has them, even where a value is
/// spelled like one of their words (a share named `Packages`).
const KB_PROSE: &[&str] = &[
    "title",
    "text",
    "note",
    "help",
    "summary",
    "outcome_title",
    "question",
    "wants",
    "artefact",
    "proves",
    "meaning",
    // a remedy's scope and its steps' fields, as the KB writes them: a
    // command (whose `<field>` slots are filled like a text's), services,
    // where, a file and its folder (`<Sms_root_folder>\\Bin\\<Platform>`),
    // a link's target (`support.microsoft.com`, whatever a site `COM`
    // becomes)
    "scope",
    "command",
    "services",
    "on",
    "file",
    "folder",
    "target",
];

/// Keys whose strings are identifiers of the KB or of kbwiz's own
/// vocabulary (an article ID such as `...-contentinfo-tar`, an answer type
/// `yes`, a verdict): never a value, so the same in both triages even where
/// a site code is spelled like one of their words.
const KB_IDS: &[&str] = &[
    "article",
    "via",
    "action",
    "could_become",
    "id",
    "key",
    "kind",
    "label",
    "outcome",
    "question",
    "state",
    "type",
    "verdict",
    "warning",
];

/// Compare `got` (the redacted inputs' triage) with `orig` (the originals')
/// leaf by leaf: every string is the original with pseudonyms in place of
/// values, except the KB's prose outside cited evidence, whose own words
/// may stay as the KB has them. Returns the first difference.
pub fn same_with_pseudonyms(
    orig: &serde_json::Value,
    got: &serde_json::Value,
    red: &Redaction,
    path: &str,
) -> Option<String> {
    use serde_json::Value;
    match (orig, got) {
        (Value::String(o), Value::String(g)) => {
            let key = path.rsplit('.').next().unwrap_or("");
            let key = key.split('[').next().unwrap_or(key);
            if KB_IDS.contains(&key) {
                return (g != o).then(|| format!("{path}: expected {o:?}, got {g:?}"));
            }
            let prose = KB_PROSE.contains(&key) && !path.contains("evidence");
            let expected = red.redactor.apply(o);
            // KB prose with a value filled in (a remediation step naming the
            // missing folder) keeps the KB's own words even where one is
            // spelled like a value (`updates`, a folder `Updates`): then it
            // differs from the expected text only in words the map names.
            let kb_words_kept = prose && (g == o || red.redactor.apply(g) == expected);
            (g != &expected && !kb_words_kept)
                .then(|| format!("{path}: expected {expected:?}, got {g:?}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items, got {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| same_with_pseudonyms(x, y, red, &format!("{path}[{i}]")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if a.len() != b.len() || a.keys().any(|k| !b.contains_key(k)) {
                return Some(format!(
                    "{path}: keys {:?}, got {:?}",
                    a.keys().collect::<Vec<_>>(),
                    b.keys().collect::<Vec<_>>()
                ));
            }
            a.iter()
                .find_map(|(k, x)| same_with_pseudonyms(x, &b[k], red, &format!("{path}.{k}")))
        }
        (a, b) => (a != b).then(|| format!("{path}: expected {a}, got {b}")),
    }
}

/// Check the invariant on one input set; return the redaction.
pub fn check(label: &str, inputs: &[(String, Vec<u8>)]) -> Redaction {
    let refs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let red = api::redact(&refs, Kb::embedded());
    let red_refs: Vec<(&str, &[u8])> = red
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.bytes.as_slice()))
        .collect();
    if let Some(diff) = same_with_pseudonyms(&triage(&refs), &triage(&red_refs), &red, "") {
        panic!(
            "{label}: the redacted diagnosis differs: {diff}\nmap: {:?}",
            red.map
        );
    }
    for input in &red.inputs {
        for e in &red.map.entries {
            assert!(
                !has_token(&input.text, &e.value) && !has_token(&input.name, &e.value),
                "{label}: {} still holds {:?}",
                input.name,
                e.value
            );
        }
    }
    red
}

/// Whether `value` stands in `text` as a whole token (any case).
pub fn has_token(text: &str, value: &str) -> bool {
    let (text, value) = (text.to_lowercase(), value.to_lowercase());
    text.match_indices(&value).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !joins(before) && !joins(after)
    })
}
