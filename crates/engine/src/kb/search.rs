//! Finding an article without evidence: a search over what an admin may
//! have in hand, the words of a title, a status message ID, a registry path
//! or value name, a file name, an error code from a log line (`2302`,
//! `Retry History`, `error = 3`, `Distmgr.dll`).
//!
//! The whole query is looked for first, as written (case and runs of white
//! space aside), in every field of every article; an article where it does
//! not stand whole matches when each of its words stands in some field.
//! Articles where the whole query stands rank first, then those matched in
//! more fields; ties keep the KB's order (by ID).

use crate::kb::{Article, Kb};
use serde::Serialize;

/// One article found, with where the query matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub article: String,
    pub title: String,
    /// Where the query (or its words) stood: `title`, `status message
    /// 2302`, `registry key ...`, `file Distmgr.dll`, `log line ...`.
    pub matched: Vec<String>,
    /// Whether the whole query stood in one field.
    pub whole: bool,
}

/// Every searchable field of an article: `(where, text)`.
fn fields(a: &Article) -> Vec<(String, String)> {
    let mut out = vec![
        ("ID".to_string(), a.id().to_string()),
        ("title".to_string(), a.meta.title.clone()),
        ("symptoms".to_string(), a.meta.symptoms.summary.clone()),
        ("cause".to_string(), a.meta.cause.summary.clone()),
    ];
    out.extend(
        a.meta
            .keywords
            .iter()
            .map(|k| ("keyword".to_string(), k.clone())),
    );
    for m in &a.messages.status_messages {
        let place = format!("status message {}", m.id);
        out.push((place.clone(), m.id.to_string()));
        out.push((place, m.template.clone()));
    }
    for l in &a.messages.log_lines {
        out.push((format!("log line {}", l.pattern), l.pattern.clone()));
    }
    for k in &a.registry.keys {
        out.push((format!("registry key {}", k.path), k.path.clone()));
    }
    for r in &a.files.rows {
        out.push((
            format!("file {}", r.name),
            format!("{} {}", r.name, r.version),
        ));
    }
    out
}

/// Lower case with runs of white space made one space. ASCII only: the
/// Unicode case and property tables would cost the browser build more than
/// the whole search (the KB is written in English).
fn folded(text: &str) -> String {
    text.split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// Whether `query` stands in `text` as whole words at its ends (`error = 3`
/// is not in `error = 32`), a `<slot>` of a pattern or template standing
/// for any one word of the query after its start (`error = 3` is in
/// `..., error = <error>`).
fn stands_in(text: &str, query: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let q: Vec<char> = query.chars().collect();
    let word = |c: &char| c.is_ascii_alphanumeric();
    (0..t.len()).any(|start| {
        if start > 0 && word(&t[start - 1]) && q.first().is_some_and(word) {
            return false;
        }
        // The query starts on the text itself, not on a slot: a slot alone
        // stands for any word and would match every query.
        if q.first() != Some(&t[start]) {
            return false;
        }
        let (mut i, mut j) = (start, 0);
        while j < q.len() {
            if i < t.len() && t[i] == '<' {
                // A slot: skip it in the text, one word of the query.
                let Some(close) = t[i..].iter().position(|c| *c == '>') else {
                    return false;
                };
                let taken = q[j..]
                    .iter()
                    .take_while(|c| !c.is_ascii_whitespace())
                    .count();
                if taken == 0 {
                    return false;
                }
                i += close + 1;
                j += taken;
                continue;
            }
            if i >= t.len() || t[i] != q[j] {
                return false;
            }
            i += 1;
            j += 1;
        }
        // Whole words at the end too.
        !(i < t.len() && word(&t[i]) && q.last().is_some_and(word))
    })
}

/// The articles of `kb` that `query` finds, best first. An empty query
/// finds nothing.
pub fn search(kb: &Kb, query: &str) -> Vec<Hit> {
    let query = folded(query);
    if query.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = query.split(' ').collect();
    let mut hits = Vec::new();
    for a in kb.articles() {
        let fields: Vec<(String, String)> = fields(a)
            .into_iter()
            .map(|(place, text)| (place, folded(&text)))
            .collect();
        fn note(matched: &mut Vec<String>, place: &str) {
            if !matched.iter().any(|m| m == place) {
                matched.push(place.to_string());
            }
        }
        let mut matched: Vec<String> = Vec::new();
        for (place, text) in &fields {
            if stands_in(text, &query) {
                note(&mut matched, place);
            }
        }
        let whole = !matched.is_empty();
        if !whole {
            let every_word = words
                .iter()
                .all(|w| fields.iter().any(|(_, text)| text.contains(w)));
            if !every_word {
                continue;
            }
            for (place, text) in &fields {
                if words.iter().any(|w| text.contains(w)) {
                    note(&mut matched, place);
                }
            }
        }
        hits.push(Hit {
            article: a.id().to_string(),
            title: a.meta.title.clone(),
            matched,
            whole,
        });
    }
    // Stable: ties keep the KB's order.
    crate::tree::order::sort_by_key(&mut hits, |h| {
        (!h.whole, std::cmp::Reverse(h.matched.len()))
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_message_id_path_file_and_words() {
        let kb = Kb::embedded();
        let ids =
            |q: &str| -> Vec<String> { search(kb, q).into_iter().map(|h| h.article).collect() };
        assert!(ids("2302").contains(&"Q319207".to_string()));
        let hits = search(kb, "retry   HISTORY");
        let q319207 = hits.iter().find(|h| h.article == "Q319207").expect("found");
        assert!(q319207.whole);
        assert!(
            q319207
                .matched
                .iter()
                .any(|m| m.starts_with("registry key HKEY_LOCAL_MACHINE")),
            "{:?}",
            q319207.matched
        );
        assert!(ids("distmgr.dll").contains(&"Q319207".to_string()));
        assert_eq!(search(kb, "   "), []);
        assert!(stands_in(
            "cannot update the package server <server>, error = <error>",
            "error = 3"
        ));
        assert!(!stands_in("win32 error = 32", "error = 3"));
        assert!(stands_in("win32 error = 32", "error = 32"));
        assert!(!stands_in("distmgr.dll", "mgr"));
        assert_eq!(search(kb, "no-such-word-anywhere"), []);
        // Words apart: each must stand somewhere in the article.
        let apart = search(kb, "package jobs flood");
        assert!(apart.iter().all(|h| !h.matched.is_empty()));
    }
}
