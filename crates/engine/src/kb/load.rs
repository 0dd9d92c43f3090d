//! Loading articles: from a folder on disk (an admin's own folder, through
//! [`Kb::with_dir`]), from in-memory files (an admin's files in the browser,
//! tests), from the KB data file ([`crate::kb::bundle`]), or natively from
//! the copy embedded at build time by `build.rs`. Every way ends in the same
//! reader: each file parsed by serde, a parse error located by its JSON path
//! ([`path_of`]), then the article validated as a whole.

use crate::kb::article::{Article, ArticleText, Kb};
use crate::kb::error::{Issue, KbError, Problem};
use crate::kb::json_path::path_of;
use crate::kb::markdown::headings;
use crate::kb::validate::validate;
use serde::de::DeserializeOwned;
#[cfg(not(target_arch = "wasm32"))]
use std::path::Path;

/// The repository's `kb/` folder, embedded natively (`build.rs`). The browser
/// reads the same articles from the KB data file instead.
#[cfg(not(target_arch = "wasm32"))]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));
}

/// An article folder as read: its label (`kb/Q319207`) and its files,
/// `(file name, contents)`.
pub type Folder = (String, Vec<(String, String)>);

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

/// An article's text when it comes from the KB data file rather than as
/// `article.md`: the text (rendered) and the Markdown's headings.
pub(crate) struct Outlined {
    pub text: ArticleText,
    pub headings: Vec<String>,
}

impl Article {
    /// Parse and validate an article from its files (`(file name, contents)`);
    /// `dir` labels the files in messages (`kb/Q319207`).
    pub fn from_files(dir: &str, files: &[(&str, &str)]) -> Result<Article, KbError> {
        Article::assemble(dir, files, None)
    }

    /// [`Article::from_files`], with the text given apart when `outlined`
    /// (then `article.md` is not among the files).
    pub(crate) fn assemble(
        dir: &str,
        files: &[(&str, &str)],
        outlined: Option<Outlined>,
    ) -> Result<Article, KbError> {
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
            let given_apart = name == "article.md" && outlined.is_some();
            if required && !given_apart && get(name).is_none() {
                issues.push(Issue::new(label(name), "", Problem::MissingFile));
            }
        }
        fn parse<T: DeserializeOwned>(
            file: String,
            text: Option<&str>,
            issues: &mut Vec<Issue>,
        ) -> Option<T> {
            let text = text?;
            match serde_json::from_str(text) {
                Ok(v) => Some(v),
                Err(e) => {
                    let path = path_of(text, &e);
                    issues.push(Issue::new(file, path, Problem::Json(e.to_string())));
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
        let outlined = outlined.or_else(|| {
            get("article.md").map(|md| Outlined {
                headings: headings(md),
                text: ArticleText::Markdown(md.to_string()),
            })
        });
        // Every file that failed to parse has left an issue.
        let (Some(meta), Some(tree), Some(outlined), true) =
            (meta, tree, outlined, issues.is_empty())
        else {
            return Err(KbError::Invalid(issues));
        };
        let article = Article {
            dir: dir.to_string(),
            meta,
            text: outlined.text,
            headings: outlined.headings,
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
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Article, KbError> {
        let dir = dir.as_ref();
        let files = read_folder(dir)?;
        Article::from_files(&dir.display().to_string(), &refs(&files))
    }
}

/// The files of one article folder, `(file name, contents)`, sorted; hidden
/// files left out.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_folder(dir: &Path) -> Result<Vec<(String, String)>, KbError> {
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
    Ok(files)
}

/// Borrowed `(name, contents)` pairs.
pub(crate) fn refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect()
}

impl Kb {
    /// Load every article folder under `root` (a `kb/` folder), collecting the
    /// problems of all of them before failing.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_dir(root: impl AsRef<Path>) -> Result<Kb, KbError> {
        collect(article_dirs(root.as_ref())?.iter().map(Article::load_dir))
    }

    /// This KB with the articles of an admin's own folder added (`root` holds
    /// one folder per article, in the same format as `kb/`); see
    /// [`Kb::with_articles`]. Fails only when `root` cannot be read.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_dir(&self, root: impl AsRef<Path>) -> Result<(Kb, Vec<Issue>), KbError> {
        let mut folders = Vec::new();
        let mut unreadable = Vec::new();
        for dir in article_dirs(root.as_ref())? {
            match read_folder(&dir) {
                Ok(files) => folders.push((dir.display().to_string(), files)),
                Err(e) => unreadable.push(Issue::new(
                    dir.display().to_string(),
                    "",
                    Problem::Unreadable(e.to_string()),
                )),
            }
        }
        let (kb, mut rejected) = self.with_articles(&folders);
        unreadable.append(&mut rejected);
        Ok((kb, unreadable))
    }

    /// This KB with an admin's own articles added, each given as its folder's
    /// label and files. Each article is validated on its own: one with
    /// problems, or with an ID this KB already has, is left out and its
    /// problems returned, so a bad article never replaces or blocks a good one.
    pub fn with_articles(&self, folders: &[Folder]) -> (Kb, Vec<Issue>) {
        let mut articles = self.articles().to_vec();
        let mut rejected = Vec::new();
        for (dir, files) in folders {
            match Article::from_files(dir, &refs(files)) {
                Ok(a) if articles.iter().any(|b| b.id().eq_ignore_ascii_case(a.id())) => rejected
                    .push(Issue::new(
                        format!("{}/article.json", a.dir),
                        "id",
                        Problem::Duplicate {
                            what: "article id",
                            id: a.id().to_string(),
                        },
                    )),
                Ok(a) => articles.push(a),
                Err(KbError::Invalid(mut issues)) => rejected.append(&mut issues),
                Err(e @ KbError::Io { .. }) => rejected.push(Issue::new(
                    dir.clone(),
                    "",
                    Problem::Unreadable(e.to_string()),
                )),
            }
        }
        // IDs were checked one by one above, so this cannot fail; were it to,
        // the KB stays as it was.
        match Kb::from_articles(articles) {
            Ok(kb) => (kb, rejected),
            Err(e) => {
                rejected.extend(e.issues().iter().cloned());
                (self.clone(), rejected)
            }
        }
    }

    /// Build from in-memory folders: `(folder label, [(file name, contents)])`.
    pub fn from_files(articles: &[(&str, &[(&str, &str)])]) -> Result<Kb, KbError> {
        collect(
            articles
                .iter()
                .map(|(dir, files)| Article::from_files(dir, files)),
        )
    }

    /// The articles under the repository's `kb/` folder, embedded at build
    /// time (native builds; the browser reads the KB data file).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn try_embedded() -> Result<&'static Kb, &'static KbError> {
        static KB: std::sync::OnceLock<Result<Kb, KbError>> = std::sync::OnceLock::new();
        KB.get_or_init(|| {
            let labelled: Vec<(String, &[(&str, &str)])> = embedded::ARTICLES
                .iter()
                .map(|(dir, files)| (format!("kb/{dir}"), *files))
                .collect();
            collect(
                labelled
                    .iter()
                    .map(|(dir, files)| Article::from_files(dir, files)),
            )
        })
        .as_ref()
    }

    /// The embedded KB.
    ///
    /// # Panics
    /// Only when the KB compiled into the binary is invalid, which the
    /// `kb_embedded` test rules out before anything ships.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn embedded() -> &'static Kb {
        match Kb::try_embedded() {
            Ok(kb) => kb,
            Err(e) => panic!("the embedded KB is invalid:\n{e}"),
        }
    }
}

/// The folders directly under `root`, sorted: one per article.
#[cfg(not(target_arch = "wasm32"))]
pub fn article_dirs(root: &Path) -> Result<Vec<std::path::PathBuf>, KbError> {
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

/// The embedded article folders, `(folder, [(file name, contents)])`.
#[cfg(not(target_arch = "wasm32"))]
pub fn embedded_files() -> &'static [(&'static str, &'static [(&'static str, &'static str)])] {
    embedded::ARTICLES
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
