//! What the library holds, for an admin who has no evidence yet: its
//! libraries (the articles of one product, with the versions they cover) and
//! the symptoms its articles declare (`admin_sees` in `article.json`), each
//! with the articles that cause it. The start page's "What do you see?" list
//! and `kbwiz kb symptoms` are drawn from here.
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
}

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
    }
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

    #[test]
    fn folding_ignores_case_and_spacing() {
        assert_eq!(fold("  Packages  never\treach "), "packages never reach");
    }
}
