//! An article as the engine uses it ([`Article`]: every file of its folder,
//! parsed) and the knowledge base as a whole ([`Kb`]), with the look-ups the
//! diagnosis, the simulator and the UI need.

use crate::kb::files::{Files, Platform};
use crate::kb::messages::{MessageDef, Messages};
use crate::kb::meta::Metadata;
use crate::kb::registry::{Registry, RegistryKeyDef, Warning};
use crate::kb::remediation::{Remediation, Remedy};
use crate::kb::simulator::SimDefaults;
use crate::kb::tree::{Node, Tree};
use serde::Serialize;

/// One article: metadata, Markdown and typed facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Where it was loaded from (`kb/Q319207`), for messages.
    pub dir: String,
    /// `article.json`.
    pub meta: Metadata,
    /// The article in our words, as far as this build holds it.
    pub text: ArticleText,
    /// The headings of `article.md`, which prose references point at.
    pub headings: Vec<String>,
    /// `messages.json` (empty when absent).
    pub messages: Messages,
    /// `registry.json` (empty when absent).
    pub registry: Registry,
    /// `files.json` (empty when absent).
    pub files: Files,
    /// `remediation.json` (empty when absent).
    pub remediation: Remediation,
    /// `simulator.json`, when the article has a simulated fault.
    pub simulator: Option<SimDefaults>,
    /// `tree.json`.
    pub tree: Tree,
}

impl Article {
    /// The article ID (`Q319207`).
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// A status message by ID.
    pub fn message(&self, id: u32) -> Option<&MessageDef> {
        self.messages.status_messages.iter().find(|m| m.id == id)
    }

    /// A status message's template, its slots read with this article's
    /// declared fields.
    pub fn template(
        &self,
        def: &MessageDef,
    ) -> Result<crate::kb::Template, crate::kb::TemplateError> {
        crate::kb::Template::parse_open(&def.template, |name| self.field(name).is_some())
    }

    /// A declared field by name (case-insensitive).
    pub fn field(&self, name: &str) -> Option<&crate::kb::FieldDef> {
        self.messages
            .fields
            .iter()
            .find(|f| f.name.trim().eq_ignore_ascii_case(name.trim()))
    }

    /// A declared log line by id.
    pub fn log_line(&self, id: &str) -> Option<&crate::kb::LineDef> {
        self.messages.log_lines.iter().find(|l| l.id == id)
    }

    /// A registry key pattern by id.
    pub fn registry_key(&self, id: &str) -> Option<&RegistryKeyDef> {
        self.registry.keys.iter().find(|k| k.id == id)
    }

    /// A registry warning by id.
    pub fn warning(&self, id: &str) -> Option<&Warning> {
        self.registry.warnings.iter().find(|w| w.id == id)
    }

    /// A remediation entry by id.
    pub fn remedy(&self, id: &str) -> Option<&Remedy> {
        self.remediation.entries.iter().find(|r| r.id == id)
    }

    /// The fixed version of `file` (case-insensitive) for `platform`, or the
    /// lowest over all platforms when the platform is not known.
    pub fn required_version(&self, file: &str, platform: Option<Platform>) -> Option<&str> {
        self.files.required_version(file, platform)
    }

    /// A tree node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.tree.nodes.iter().find(|n| n.id() == id)
    }

    /// The article's text as HTML, raw HTML escaped; `None` while it is a
    /// file not yet fetched ([`ArticleText::File`]). Natively the Markdown is
    /// rendered here; the browser carries no Markdown renderer, so there an
    /// admin's own article shows its Markdown as preformatted text.
    pub fn html(&self) -> Option<String> {
        match &self.text {
            ArticleText::Html(html) => Some(html.clone()),
            ArticleText::File(_) => None,
            #[cfg(not(target_arch = "wasm32"))]
            ArticleText::Markdown(md) => Some(crate::kb::markdown::to_html(md)),
            #[cfg(target_arch = "wasm32")]
            ArticleText::Markdown(md) => {
                let escaped = md
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                Some(format!("<pre class=\"article-source\">{escaped}</pre>"))
            }
        }
    }
}

/// An article's own words (`article.md`) in the form this build has them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleText {
    /// The Markdown itself (read from a folder or from files).
    Markdown(String),
    /// Rendered to HTML by the engine's renderer when the KB data was
    /// written (the offline file).
    Html(String),
    /// Rendered likewise, in a file beside the KB data (site and widget),
    /// fetched when the article is opened: its name.
    File(String),
}

/// The knowledge base: every article, sorted by ID.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Kb {
    articles: Vec<Article>,
}

impl Kb {
    /// Build from articles already loaded; fails on two articles with one ID.
    pub fn from_articles(mut articles: Vec<Article>) -> Result<Kb, crate::kb::KbError> {
        crate::tree::order::sort_by(&mut articles, |a, b| a.meta.id.cmp(&b.meta.id));
        let mut issues = Vec::new();
        for pair in articles.windows(2) {
            if pair[0].meta.id == pair[1].meta.id {
                issues.push(crate::kb::Issue::new(
                    format!("{}/article.json", pair[1].dir),
                    "id",
                    crate::kb::Problem::Duplicate {
                        what: "article id",
                        id: pair[1].meta.id.clone(),
                    },
                ));
            }
        }
        if issues.is_empty() {
            Ok(Kb { articles })
        } else {
            Err(crate::kb::KbError::Invalid(issues))
        }
    }

    /// All articles, sorted by ID.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// An article by ID (case-insensitive: `q319207` finds `Q319207`).
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles
            .iter()
            .find(|a| a.meta.id.eq_ignore_ascii_case(id))
    }

    /// The first article (by ID) that defines status message `id`, with it.
    /// Two articles may define one ID, each with its own template and
    /// meaning: [`Kb::messages`] gives them all.
    pub fn message(&self, id: u32) -> Option<(&Article, &MessageDef)> {
        self.messages(id).next()
    }

    /// Every article that defines status message `id`, by article ID, with
    /// its definition.
    pub fn messages(&self, id: u32) -> impl Iterator<Item = (&Article, &MessageDef)> {
        self.articles
            .iter()
            .filter_map(move |a| a.message(id).map(|m| (a, m)))
    }
}
