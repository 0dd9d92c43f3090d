//! Loading articles: from a folder on disk (an admin's own folder, through
//! [`Kb::with_dir`]), from in-memory files (tests), or from the copy embedded
//! at build time by `build.rs`. Every file is parsed with its JSON path
//! tracked, so a typo names where it is; then the article is validated as a
//! whole. The browser build is the exception: its embedded articles are
//! built by generated code, with no JSON read ([`embedded_article`]).

use crate::kb::article::{Article, Kb};
use crate::kb::error::{Issue, KbError, Problem};
use crate::kb::validate::validate;
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));
}

/// Files an article folder may hold, and whether each is required.
const FILES: [(&str, bool); 9] = [
    ("article.md", true),
    ("article.json", true),
    ("tree.json", true),
    ("messages.json", false),
    ("registry.json", false),
    ("files.json", false),
    ("remediation.json", false),
    ("simulator.json", false),
    ("README.md", false),
];

impl Article {
    /// Parse and validate an article from its files (`(file name, contents)`);
    /// `dir` labels the files in messages (`kb/Q319207`).
    pub fn from_files(dir: &str, files: &[(&str, &str)]) -> Result<Article, KbError> {
        let mut issues = Vec::new();
        let label = |name: &str| format!("{dir}/{name}");
        let allowed = FILES.map(|(n, _)| n).join(", ");
        for (name, _) in files {
            if !FILES.iter().any(|(n, _)| n == name) {
                issues.push(Issue::new(
                    label(name),
                    "",
                    Problem::UnexpectedFile(allowed.clone()),
                ));
            }
        }
        // A UTF-8 byte-order mark (Windows editors add one) is not content.
        let get = |name: &str| {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, c)| c.strip_prefix('\u{feff}').unwrap_or(c))
        };
        for (name, required) in FILES {
            if required && get(name).is_none() {
                issues.push(Issue::new(label(name), "", Problem::MissingFile));
            }
        }
        fn parse<T: DeserializeOwned>(
            file: String,
            text: Option<&str>,
            issues: &mut Vec<Issue>,
        ) -> Option<T> {
            let text = text?;
            let de = &mut serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize(de) {
                Ok(v) => Some(v),
                Err(e) => {
                    let path = e.path().to_string();
                    let path = if path == "." { String::new() } else { path };
                    issues.push(Issue::new(file, path, Problem::Json(e.inner().to_string())));
                    None
                }
            }
        }
        let meta = parse(label("article.json"), get("article.json"), &mut issues);
        let tree = parse(label("tree.json"), get("tree.json"), &mut issues);
        let messages = parse(label("messages.json"), get("messages.json"), &mut issues);
        let registry = parse(label("registry.json"), get("registry.json"), &mut issues);
        let files_table = parse(label("files.json"), get("files.json"), &mut issues);
        let remediation = parse(
            label("remediation.json"),
            get("remediation.json"),
            &mut issues,
        );
        let simulator = parse(label("simulator.json"), get("simulator.json"), &mut issues);
        // Every file that failed to parse has left an issue.
        let (Some(meta), Some(tree), Some(markdown), true) =
            (meta, tree, get("article.md"), issues.is_empty())
        else {
            return Err(KbError::Invalid(issues));
        };
        let article = Article {
            dir: dir.to_string(),
            meta,
            markdown: markdown.to_string(),
            messages: messages.unwrap_or_default(),
            registry: registry.unwrap_or_default(),
            files: files_table.unwrap_or_default(),
            remediation: remediation.unwrap_or_default(),
            simulator,
            tree,
        };
        let issues = validate(&article);
        if issues.is_empty() {
            Ok(article)
        } else {
            Err(KbError::Invalid(issues))
        }
    }

    /// Load and validate the article in folder `dir`.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Article, KbError> {
        let dir = dir.as_ref();
        let label = dir.display().to_string();
        let io = |file: String| move |source| KbError::Io { file, source };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(label.clone()))? {
            let entry = entry.map_err(io(label.clone()))?;
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(io(path.display().to_string()))?;
            files.push((name, text));
        }
        files.sort();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Article::from_files(&label, &refs)
    }
}

impl Kb {
    /// Load every article folder under `root` (a `kb/` folder), collecting the
    /// problems of all of them before failing.
    pub fn load_dir(root: impl AsRef<Path>) -> Result<Kb, KbError> {
        collect(article_dirs(root.as_ref())?.iter().map(Article::load_dir))
    }

    /// This KB with the articles of an admin's own folder added (`root` holds
    /// one folder per article, in the same format as `kb/`). Each article is
    /// validated on its own: one with problems, or with an ID this KB already
    /// has, is left out and its problems returned, so a bad article never
    /// replaces or blocks a good one. Fails only when `root` cannot be read.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_dir(&self, root: impl AsRef<Path>) -> Result<(Kb, Vec<Issue>), KbError> {
        let dirs = article_dirs(root.as_ref())?;
        let mut articles = self.articles().to_vec();
        let mut rejected = Vec::new();
        for dir in dirs {
            match Article::load_dir(&dir) {
                Ok(a)
                    if self.article(a.id()).is_some()
                        || articles.iter().any(|b| b.id().eq_ignore_ascii_case(a.id())) =>
                {
                    rejected.push(Issue::new(
                        format!("{}/article.json", a.dir),
                        "id",
                        Problem::Duplicate {
                            what: "article id",
                            id: a.id().to_string(),
                        },
                    ))
                }
                Ok(a) => articles.push(a),
                Err(KbError::Invalid(mut issues)) => rejected.append(&mut issues),
                Err(e @ KbError::Io { .. }) => rejected.push(Issue::new(
                    dir.display().to_string(),
                    "",
                    Problem::Unreadable(e.to_string()),
                )),
            }
        }
        Ok((Kb::from_articles(articles)?, rejected))
    }

    /// Build from in-memory folders: `(folder label, [(file name, contents)])`.
    pub fn from_files(articles: &[(&str, &[(&str, &str)])]) -> Result<Kb, KbError> {
        collect(
            articles
                .iter()
                .map(|(dir, files)| Article::from_files(dir, files)),
        )
    }

    /// The articles under the repository's `kb/` folder, embedded at build time.
    pub fn try_embedded() -> Result<&'static Kb, &'static KbError> {
        static KB: OnceLock<Result<Kb, KbError>> = OnceLock::new();
        KB.get_or_init(|| {
            let labelled: Vec<(String, &[(&str, &str)])> = embedded::ARTICLES
                .iter()
                .map(|(dir, files)| (format!("kb/{dir}"), *files))
                .collect();
            collect(
                labelled
                    .iter()
                    .map(|(dir, files)| embedded_article(dir, files)),
            )
        })
        .as_ref()
    }

    /// The embedded KB.
    ///
    /// # Panics
    /// Only when the KB compiled into the binary is invalid, which the
    /// `kb_embedded` test rules out before anything ships.
    pub fn embedded() -> &'static Kb {
        match Kb::try_embedded() {
            Ok(kb) => kb,
            Err(e) => panic!("the embedded KB is invalid:\n{}", e.embedded_text()),
        }
    }
}

/// The folders directly under `root`, sorted: one per article.
fn article_dirs(root: &Path) -> Result<Vec<std::path::PathBuf>, KbError> {
    let io = |source| KbError::Io {
        file: root.display().to_string(),
        source,
    };
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(root).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// An embedded article. Natively: parsed and validated like any other (the
/// `kb_embedded` test fails on any problem). In the browser it is built by
/// code that `build.rs` wrote from the same files ([`crate::kb::baked`]),
/// without serde's derived deserializers, a JSON reader, JSON-path tracking
/// or validation, which the native tests have already done for exactly these
/// files: that keeps the KB model's deserializers, serde_path_to_error, the
/// validator, the Markdown parser and the JSON itself out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
fn embedded_article(dir: &str, files: &[(&str, &str)]) -> Result<Article, KbError> {
    Article::from_files(dir, files)
}

#[cfg(target_arch = "wasm32")]
fn embedded_article(dir: &str, _files: &[(&str, &str)]) -> Result<Article, KbError> {
    let folder = dir.strip_prefix("kb/").unwrap_or(dir);
    crate::kb::baked::article(folder, dir).ok_or_else(|| {
        KbError::Invalid(vec![Issue::new(
            dir.to_string(),
            "",
            Problem::Json("not the shape of an article".into()),
        )])
    })
}

/// The embedded article folders, `(folder, [(file name, contents)])`.
#[cfg(test)]
pub(crate) fn embedded_files() -> &'static [(&'static str, &'static [(&'static str, &'static str)])]
{
    embedded::ARTICLES
}

/// The build-time HTML of an embedded article whose Markdown is exactly `md`.
/// The browser build embeds no Markdown (`build.rs`): there every source is
/// empty, and the article's folder (`dir`, `kb/<folder>`) picks the entry.
pub(crate) fn prerendered(dir: &str, md: &str) -> Option<&'static str> {
    embedded::HTML
        .iter()
        .find(|(folder, source, _)| {
            *source == md && (!source.is_empty() || dir.strip_prefix("kb/") == Some(*folder))
        })
        .map(|(_, _, html)| *html)
}

/// Gather articles, or every problem of every article that failed.
fn collect(results: impl Iterator<Item = Result<Article, KbError>>) -> Result<Kb, KbError> {
    let mut articles = Vec::new();
    let mut issues = Vec::new();
    for r in results {
        match r {
            Ok(a) => articles.push(a),
            Err(KbError::Invalid(mut i)) => issues.append(&mut i),
            Err(io) => return Err(io),
        }
    }
    if issues.is_empty() {
        Kb::from_articles(articles)
    } else {
        Err(KbError::Invalid(issues))
    }
}

#[cfg(test)]
mod prerender_tests {
    use super::*;

    #[test]
    fn every_embedded_article_is_prerendered_by_the_engines_renderer() {
        for article in Kb::embedded().articles() {
            let html = prerendered(&article.dir, &article.markdown).expect("build.rs rendered it");
            assert_eq!(html, crate::kb::markdown::to_html(&article.markdown));
        }
        assert_eq!(prerendered("kb/Q319207", "# not an article"), None);
    }
}
