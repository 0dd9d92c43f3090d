//! The KB data file: every article's files in one compact JSON document, as
//! the browser loads them (`kbwiz-kb.json` beside the site and the widget,
//! inlined in the offline file).
//!
//! ```json
//! {"format": 1, "articles": [{"dir": "kb/Q319207",
//!   "headings": ["Symptoms", "Cause", ...],
//!   "text": {"file": "kbwiz-prose/Q319207-1a2b3c4d.html"},
//!   "files": {"article.json": {...}, "tree.json": {...}, ...}}]}
//! ```
//!
//! Each file's JSON is kept as written (minified) and read by the same
//! reader and validator as a folder ([`Article::from_files`]), so the browser
//! has no reader of its own. The Markdown is not there: the data carries its
//! headings (what the validator checks prose references against) and its
//! HTML, rendered by the engine's renderer when the data is written, either
//! inline (`{"html": "..."}`, for the offline file) or as a file beside the
//! data fetched when the article is opened (`{"file": "..."}`), so the data
//! the first view waits for stays small as the library grows.

use crate::kb::article::{ArticleText, Kb};
use crate::kb::error::{Issue, KbError, Problem};
use crate::kb::load::Outlined;
use crate::kb::Article;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The version of the data file's shape this build reads and writes.
pub const FORMAT: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundle<'a> {
    format: u32,
    #[serde(borrow)]
    articles: Vec<BundledArticle<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BundledArticle<'a> {
    dir: String,
    headings: Vec<String>,
    text: BundledText,
    #[serde(borrow)]
    files: BTreeMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum BundledText {
    Html(String),
    File(String),
}

impl Kb {
    /// Read the KB data file. Every article goes through the same reader and
    /// validator as a folder; the problems of all of them are collected.
    pub fn from_bundle(text: &str) -> Result<Kb, KbError> {
        let bundle: Bundle = serde_json::from_str(text).map_err(|e| {
            let path = crate::kb::json_path::path_of(text, &e);
            KbError::Invalid(vec![Issue::new(
                "KB data",
                path,
                Problem::Json(e.to_string()),
            )])
        })?;
        if bundle.format != FORMAT {
            return Err(KbError::Invalid(vec![Issue::new(
                "KB data",
                "format",
                Problem::Json(format!(
                    "format {} is not the format {FORMAT} this build reads",
                    bundle.format
                )),
            )]));
        }
        let mut articles = Vec::new();
        let mut issues = Vec::new();
        for a in bundle.articles {
            let files: Vec<(&str, &str)> = a
                .files
                .iter()
                .map(|(name, raw)| (name.as_str(), raw.get()))
                .collect();
            let outlined = Outlined {
                text: match a.text {
                    BundledText::Html(html) => ArticleText::Html(html),
                    BundledText::File(name) => ArticleText::File(name),
                },
                headings: a.headings,
            };
            match Article::assemble(&a.dir, &files, Some(outlined)) {
                Ok(article) => articles.push(article),
                Err(e) => issues.extend(e.issues().iter().cloned()),
            }
        }
        if issues.is_empty() {
            Kb::from_articles(articles)
        } else {
            Err(KbError::Invalid(issues))
        }
    }
}

/// Where the data file puts each article's HTML.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPlacement {
    /// In the data itself (the offline file: nothing to fetch).
    Inline,
    /// In files beside the data, under this folder.
    Beside(&'static str),
}

/// A KB data file written from article folders (`(label, files)`, as
/// [`crate::kb::load::read_folder`] reads them): the data and the files to
/// write beside it (`(relative path, contents)`, empty when inline). Each
/// article is validated first; any problem fails the whole write.
#[cfg(not(target_arch = "wasm32"))]
pub fn write(
    folders: &[crate::kb::load::Folder],
    placement: TextPlacement,
) -> Result<(String, Vec<(String, String)>), KbError> {
    use serde_json::{json, Map, Value};
    let mut articles = Vec::new();
    let mut beside = Vec::new();
    let mut issues = Vec::new();
    for (dir, files) in folders {
        let article = match Article::from_files(dir, &crate::kb::load::refs(files)) {
            Ok(a) => a,
            Err(e) => {
                issues.extend(e.issues().iter().cloned());
                continue;
            }
        };
        let Some(html) = article.html() else {
            continue;
        };
        let mut json_files = Map::new();
        for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".json")) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let value: Value = serde_json::from_str(text).map_err(|e| {
                KbError::Invalid(vec![Issue::new(
                    format!("{dir}/{name}"),
                    "",
                    Problem::Json(e.to_string()),
                )])
            })?;
            json_files.insert(name.clone(), value);
        }
        let text = match placement {
            TextPlacement::Inline => json!({ "html": html }),
            TextPlacement::Beside(folder) => {
                let name = format!("{folder}/{}-{:08x}.html", article.id(), fnv1a(&html));
                beside.push((name.clone(), html));
                json!({ "file": name })
            }
        };
        articles.push(json!({
            "dir": dir,
            "headings": article.headings,
            "text": text,
            "files": json_files,
        }));
    }
    if !issues.is_empty() {
        return Err(KbError::Invalid(issues));
    }
    let data = json!({ "format": FORMAT, "articles": articles });
    Ok((data.to_string(), beside))
}

/// A short content hash for the names of files beside the data, so a new
/// build never meets a cached old text.
#[cfg(not(target_arch = "wasm32"))]
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn embedded_folders() -> Vec<(String, Vec<(String, String)>)> {
        crate::kb::load::embedded_files()
            .iter()
            .map(|(dir, files)| {
                (
                    format!("kb/{dir}"),
                    files
                        .iter()
                        .map(|(n, t)| (n.to_string(), t.to_string()))
                        .collect(),
                )
            })
            .collect()
    }

    /// The data file read back is the embedded KB, apart from the text's form.
    #[test]
    fn round_trips_the_embedded_kb() {
        for placement in [TextPlacement::Inline, TextPlacement::Beside("prose")] {
            let (data, beside) = write(&embedded_folders(), placement).expect("writes");
            let read = Kb::from_bundle(&data).expect("reads");
            let embedded = Kb::embedded();
            assert_eq!(read.articles().len(), embedded.articles().len());
            for (r, e) in read.articles().iter().zip(embedded.articles()) {
                let mut r = r.clone();
                let html = match (&r.text, placement) {
                    (ArticleText::Html(h), TextPlacement::Inline) => h.clone(),
                    (ArticleText::File(name), TextPlacement::Beside(_)) => {
                        assert!(name.starts_with(&format!("prose/{}-", e.id())), "{name}");
                        beside
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, h)| h.clone())
                            .expect("written beside")
                    }
                    other => panic!("unexpected text {other:?}"),
                };
                assert_eq!(Some(html), e.html());
                r.text = e.text.clone();
                assert_eq!(&r, e);
            }
        }
    }

    #[test]
    fn problems_name_the_file_and_path() {
        let (data, _) = write(&embedded_folders(), TextPlacement::Inline).expect("writes");
        let broken = data.replacen("\"start\":", "\"begin\":", 1);
        let err = Kb::from_bundle(&broken).expect_err("invalid");
        let first = err.issues()[0].to_string();
        // The first article's tree (articles are written in ID order).
        let first_dir = &embedded_folders()[0].0;
        assert!(
            first.starts_with(&format!(
                "{first_dir}/tree.json: begin: unknown field `begin`"
            )),
            "{first}"
        );
        let err = Kb::from_bundle("{\"format\": 2, \"articles\": []}").expect_err("format");
        assert_eq!(
            err.to_string(),
            "KB data: format: format 2 is not the format 1 this build reads"
        );
        let err =
            Kb::from_bundle("{\"format\": 1, \"articles\": [{\"dir\": 3}]}").expect_err("bad");
        assert!(
            err.to_string()
                .starts_with("KB data: articles[0].dir: invalid type"),
            "{err}"
        );
        assert_eq!(
            Kb::from_bundle("{\"format\": 1, \"articles\": []}")
                .expect("empty")
                .articles()
                .len(),
            0
        );
    }
}
