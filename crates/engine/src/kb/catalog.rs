//! What the library holds, for an admin who has no evidence yet: its
//! libraries (the articles of one product, with the versions they cover) and
//! the symptoms its articles declare (`admin_sees` in `article.json`), each
//! with the articles that cause it. The start page's "What do you see?" list
//! and `kbwiz kb symptoms` are drawn from here, and so are the examples
//! the start page gives of what to paste and what to search for
//! ([`Examples`]), so that no article's facts are written into its markup.
//!
//! Symptoms group by their words, compared with ASCII case and runs of white
//! space folded, so two articles that describe one symptom alike meet under
//! it; the first article's spelling is the one shown.

use crate::kb::Kb;
use crate::tree::order;
use serde::{Deserialize, Serialize};

/// The articles of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    /// The product as the articles name it.
    pub product: String,
    /// Every version any of its articles applies to, sorted as text
    /// (`1.2`, `2.0`, `2.0 SP1`).
    pub versions: Vec<String>,
    /// Its articles' IDs, in the KB's order.
    pub articles: Vec<String>,
}

/// A symptom and the articles that cause it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symptom {
    /// The product of the articles that declare it.
    pub product: String,
    /// The symptom as the first article declaring it words it.
    pub text: String,
    /// The articles that declare it, in the KB's order.
    pub articles: Vec<String>,
}

/// What the start page shows before anything is pasted, without the KB
/// itself: the libraries, the symptoms, each article's title and which
/// articles have a model of their fault. The site's first view reads this
/// small file (`kbwiz-index.json`) and paints the start page from it while
/// the app and the KB data load; the app draws the same page from
/// [`index`] of its KB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Always `kbwiz-index`.
    pub format: String,
    pub version: u32,
    pub libraries: Vec<Library>,
    pub symptoms: Vec<Symptom>,
    /// Every article's ID and title, in the KB's order.
    pub articles: Vec<(String, String)>,
    /// The articles with a simulator model.
    pub simulated: Vec<String>,
    /// A few of the articles' facts, named on the start page as examples.
    #[serde(default)]
    pub examples: Examples,
}

/// A few facts of each kind the articles hold, which the start page names
/// as examples of what an admin may paste or search for: drawn from the
/// articles in the KB's order, the first [`EXAMPLES_PER_KIND`] distinct
/// ones of each kind (names compared without ASCII case). Empty lists for
/// an empty KB, where the page says the same in general words.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Status message IDs (`messages.json` `status_messages`).
    pub messages: Vec<u32>,
    /// Components whose log lines the articles read (`messages.json`
    /// `log_lines`).
    pub components: Vec<String>,
    /// Registry key names: the last part of a key's path
    /// (`registry.json`) that is not a placeholder. A name that is also
    /// among [`Examples::components`] is left out, so that the page does
    /// not offer one name twice.
    pub keys: Vec<String>,
    /// File names of the fixed-version tables (`files.json`).
    pub files: Vec<String>,
}

/// How many examples of each kind the index keeps (a few bytes each in
/// the first view's index).
pub const EXAMPLES_PER_KIND: usize = 3;

impl Index {
    /// An article's title.
    pub fn title(&self, id: &str) -> Option<&str> {
        self.articles
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, t)| t.as_str())
    }
}

/// The start page's index of `kb`.
pub fn index(kb: &Kb) -> Index {
    Index {
        format: "kbwiz-index".into(),
        version: 1,
        libraries: libraries(kb),
        symptoms: symptoms(kb),
        articles: kb
            .articles()
            .iter()
            .map(|a| (a.id().to_string(), a.meta.title.clone()))
            .collect(),
        simulated: kb
            .articles()
            .iter()
            .filter(|a| a.simulator.is_some())
            .map(|a| a.id().to_string())
            .collect(),
        examples: examples(kb),
    }
}

/// The [`Examples`] of `kb`.
pub fn examples(kb: &Kb) -> Examples {
    let articles = kb.articles();
    let mut messages: Vec<u32> = Vec::new();
    for id in articles
        .iter()
        .flat_map(|a| &a.messages.status_messages)
        .map(|m| m.id)
    {
        if messages.len() < EXAMPLES_PER_KIND && !messages.contains(&id) {
            messages.push(id);
        }
    }
    let components = first_names(
        articles
            .iter()
            .flat_map(|a| &a.messages.log_lines)
            .map(|l| l.component.as_str()),
        &[],
    );
    let keys = first_names(
        articles
            .iter()
            .flat_map(|a| &a.registry.keys)
            .filter_map(|k| key_name(&k.path)),
        &components,
    );
    let files = first_names(
        articles
            .iter()
            .flat_map(|a| &a.files.rows)
            .map(|r| r.name.as_str()),
        &[],
    );
    Examples {
        messages,
        components,
        keys,
        files,
    }
}

/// The first [`EXAMPLES_PER_KIND`] distinct non-blank names of `names`,
/// trimmed, none among `taken` (ASCII case aside).
fn first_names<'a>(names: impl Iterator<Item = &'a str>, taken: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        if out.len() == EXAMPLES_PER_KIND {
            break;
        }
        let seen = |list: &[String]| list.iter().any(|o| o.eq_ignore_ascii_case(name));
        if !seen(&out) && !seen(taken) {
            out.push(name.to_string());
        }
    }
    out
}

/// A registry key's name: the last part of its path with no `<slot>` in
/// it (`Queue` of `HKEY_LOCAL_MACHINE\...\Queue\<package ID>`).
fn key_name(path: &str) -> Option<&str> {
    path.rsplit('\\')
        .map(str::trim)
        .find(|part| !part.is_empty() && !part.contains('<'))
}

/// The KB's libraries, one per product, in the order their first article
/// comes in the KB.
pub fn libraries(kb: &Kb) -> Vec<Library> {
    let mut out: Vec<Library> = Vec::new();
    for a in kb.articles() {
        let at = match out.iter().position(|l| l.product == a.meta.product) {
            Some(i) => i,
            None => {
                out.push(Library {
                    product: a.meta.product.clone(),
                    versions: Vec::new(),
                    articles: Vec::new(),
                });
                out.len() - 1
            }
        };
        let lib = &mut out[at];
        lib.articles.push(a.id().to_string());
        for v in &a.meta.versions {
            if !lib.versions.contains(v) {
                lib.versions.push(v.clone());
            }
        }
    }
    for lib in &mut out {
        order::sort(&mut lib.versions);
    }
    out
}

/// The symptoms the KB's articles declare, grouped per product and per
/// wording; within a product, the symptoms with the most articles first,
/// then alphabetically.
pub fn symptoms(kb: &Kb) -> Vec<Symptom> {
    let mut out: Vec<(String, Symptom)> = Vec::new();
    for a in kb.articles() {
        for text in &a.meta.admin_sees {
            let key = fold(text);
            if key.is_empty() {
                continue;
            }
            let product = &a.meta.product;
            match out
                .iter_mut()
                .find(|(k, s)| *k == key && s.product == *product)
            {
                Some((_, s)) => {
                    if !s.articles.iter().any(|id| id == a.id()) {
                        s.articles.push(a.id().to_string());
                    }
                }
                None => out.push((
                    key,
                    Symptom {
                        product: product.clone(),
                        text: text.trim().to_string(),
                        articles: vec![a.id().to_string()],
                    },
                )),
            }
        }
    }
    let order: Vec<String> = libraries(kb).into_iter().map(|l| l.product).collect();
    let rank = |p: &str| order.iter().position(|o| o == p).unwrap_or(usize::MAX);
    order::sort_by(&mut out, |(ka, a), (kb_, b)| {
        rank(&a.product)
            .cmp(&rank(&b.product))
            .then(b.articles.len().cmp(&a.articles.len()))
            .then(ka.cmp(kb_))
    });
    out.into_iter().map(|(_, s)| s).collect()
}

/// Lower-case ASCII letters and one space for each run of white space
/// (ASCII only: Unicode case tables cost the wasm about 8 KB, see
/// `kb/search.rs`).
fn fold(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kb::{Article, Files, Messages, Registry};
    use serde_json::json;

    #[test]
    fn folding_ignores_case_and_spacing() {
        assert_eq!(fold("  Packages  never\treach "), "packages never reach");
    }

    /// The test article under `id`, with these facts in place of its own.
    fn article(id: &str, messages: serde_json::Value, keys: &[&str], files: &[&str]) -> Article {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/kb/good/TEST0001"
        );
        let mut a = Article::load_dir(dir).expect("TEST0001 loads");
        a.meta.id = id.to_string();
        a.messages = serde_json::from_value::<Messages>(messages).expect("messages");
        a.registry = serde_json::from_value::<Registry>(json!({
            "keys": keys.iter().enumerate().map(|(i, path)| json!({
                "id": format!("k{i}"), "path": path, "meaning": "m"
            })).collect::<Vec<_>>()
        }))
        .expect("registry");
        a.files = serde_json::from_value::<Files>(json!({
            "rows": files.iter().map(|name| json!({
                "date": "2002-03-01", "time": "17:25", "version": "1.0",
                "size": 1, "name": name, "platform": "I386"
            })).collect::<Vec<_>>()
        }))
        .expect("files");
        a
    }

    fn status(ids: &[u32]) -> Vec<serde_json::Value> {
        ids.iter()
            .map(|id| {
                json!({ "id": id, "component": "TEST_SENDER", "template": "t",
                        "proves": "p", "role": "info" })
            })
            .collect()
    }

    fn lines(components: &[&str]) -> Vec<serde_json::Value> {
        components
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({ "id": format!("l{i}"), "component": c, "pattern": "x <f>",
                        "proves": "p", "role": "info" })
            })
            .collect()
    }

    #[test]
    fn examples_are_the_first_distinct_facts_in_kb_order() {
        // Given out of order: the KB sorts its articles by ID.
        let kb = Kb::from_articles(vec![
            article(
                "TEST0002",
                json!({ "status_messages": status(&[7002, 7001, 7003]),
                        "log_lines": lines(&["SECOND_COMP", "THIRD_COMP", "FOURTH_COMP"]) }),
                &[
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\Queue\\<package ID>",
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\second_comp",
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\Flags",
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\Later",
                ],
                &["second.dll", "FIRST.DLL", "third.exe", "fourth.dll"],
            ),
            article(
                "TEST0001",
                json!({ "status_messages": status(&[7001, 7001]),
                        "log_lines": lines(&["FIRST_COMP", " first_comp "]) }),
                &["HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\<site code>"],
                &["First.dll"],
            ),
        ])
        .expect("two articles");
        assert_eq!(
            examples(&kb),
            Examples {
                messages: vec![7001, 7002, 7003],
                components: vec![
                    "FIRST_COMP".to_string(),
                    "SECOND_COMP".to_string(),
                    "THIRD_COMP".to_string()
                ],
                // `Test` stands for the key with a slot in its last part;
                // `second_comp` is a component already.
                keys: vec!["Test".to_string(), "Queue".to_string(), "Flags".to_string()],
                files: vec![
                    "First.dll".to_string(),
                    "second.dll".to_string(),
                    "third.exe".to_string()
                ],
            }
        );
        assert_eq!(index(&kb).examples, examples(&kb));
    }

    #[test]
    fn an_article_without_such_facts_gives_no_examples() {
        let bare = article("TEST0001", json!({}), &[], &[]);
        let kb = Kb::from_articles(vec![bare]).expect("one article");
        assert_eq!(examples(&kb), Examples::default());
        assert_eq!(examples(&Kb::default()), Examples::default());
    }

    #[test]
    fn an_index_written_before_the_examples_still_reads() {
        let old = r#"{"format":"kbwiz-index","version":1,"libraries":[],"symptoms":[],"articles":[],"simulated":[]}"#;
        let read: Index = serde_json::from_str(old).expect("reads");
        assert_eq!(read.examples, Examples::default());
    }
}
