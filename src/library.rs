//! The knowledge base this page holds: the built-in articles, read from the
//! KB data file when the page starts (`kbwiz-kb.json` beside the site or the
//! widget, or inlined in the offline file), plus the admin's own articles
//! loaded during the session. The app keeps its own handle in its state;
//! the JS API, which has no state of its own, reads it from here.
//!
//! Articles' text is not in the data: it is fetched the first time one is
//! opened, from beside the data file (the offline file carries it inline).

use kbwiz_engine::kb::load::Folder;
use kbwiz_engine::kb::{Issue, Kb};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The element that says where the KB data is: a `<link href>` to fetch
/// (site), or a `<script type="application/json">` holding it (offline).
pub const DATA_ELEMENT_ID: &str = "kbwiz-kb";

#[derive(Default)]
struct Library {
    kb: Rc<Kb>,
    /// The data file's URL: article texts are named relative to it.
    base: Option<String>,
    /// Article texts fetched so far, by file name.
    texts: HashMap<String, Rc<str>>,
}

thread_local! {
    static LIBRARY: RefCell<Library> = RefCell::new(Library::default());
}

/// The knowledge base as it stands.
pub fn kb() -> Rc<Kb> {
    LIBRARY.with(|l| Rc::clone(&l.borrow().kb))
}

/// Read the KB data `text` (from `url`, against which article texts are
/// fetched) and make it the page's knowledge base.
pub fn install(text: &str, url: Option<String>) -> Result<Rc<Kb>, String> {
    let kb = Rc::new(Kb::from_bundle(text).map_err(|e| e.to_string())?);
    LIBRARY.with(|l| {
        let mut l = l.borrow_mut();
        l.kb = Rc::clone(&kb);
        l.base = url;
    });
    Ok(kb)
}

/// Add the admin's own articles (`(folder, [(file name, text)])`): each is
/// read and validated on its own; those with problems are left out and
/// their problems returned. They last as long as the page.
pub fn add(folders: &[Folder]) -> (Rc<Kb>, Vec<Issue>) {
    LIBRARY.with(|l| {
        let mut l = l.borrow_mut();
        let (kb, rejected) = l.kb.with_articles(folders);
        l.kb = Rc::new(kb);
        (Rc::clone(&l.kb), rejected)
    })
}

/// Group files picked or dropped by the admin into article folders: by the
/// folder in their relative path (`KB1/article.json`), or all in one article
/// when they come without folders.
pub fn folders_of(files: Vec<(String, String)>) -> Vec<Folder> {
    let mut folders: Vec<Folder> = Vec::new();
    for (path, text) in files {
        let path = path.replace('\\', "/");
        let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let name = parts.pop().unwrap_or_default().to_string();
        let folder = parts
            .last()
            .map_or_else(|| "your articles".to_string(), |f| f.to_string());
        match folders.iter_mut().find(|(f, _)| *f == folder) {
            Some((_, files)) => files.push((name, text)),
            None => folders.push((folder, vec![(name, text)])),
        }
    }
    folders
}

/// Load the page's KB data, from wherever the page says it is.
pub async fn load_from_page() -> Result<Rc<Kb>, String> {
    let element = gloo::utils::document()
        .get_element_by_id(DATA_ELEMENT_ID)
        .ok_or("this page names no KB data (no #kbwiz-kb element)")?;
    if let Some(link) = element.dyn_ref::<web_sys::HtmlLinkElement>() {
        let url = link.href();
        let text = fetch_text(&url).await?;
        install(&text, Some(url))
    } else {
        install(&element.text_content().unwrap_or_default(), None)
    }
}

/// The text of `url`, or why it could not be had.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = |what: &str| format!("cannot load {url}: {what}");
    let response = JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .map_err(|_| failed("network error"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed("no response"))?;
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| failed("unreadable"))
}

/// The HTML of an article's text stored in file `name` beside the data,
/// fetched once.
pub async fn article_text(name: &str) -> Result<Rc<str>, String> {
    let (known, base) = LIBRARY.with(|l| {
        let l = l.borrow();
        (l.texts.get(name).cloned(), l.base.clone())
    });
    if let Some(html) = known {
        return Ok(html);
    }
    let base = base.ok_or("this page has no place to fetch article texts from")?;
    let url = web_sys::Url::new_with_base(name, &base)
        .map_err(|_| format!("not a file name: {name}"))?
        .href();
    let html: Rc<str> = Rc::from(fetch_text(&url).await?);
    LIBRARY.with(|l| {
        l.borrow_mut()
            .texts
            .insert(name.to_string(), Rc::clone(&html))
    });
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_group_by_their_folder() {
        let f = |p: &str| (p.to_string(), String::new());
        let folders = folders_of(vec![
            f("mine/KB1/article.json"),
            f("mine/KB2/tree.json"),
            f("mine\\KB1\\tree.json"),
            f("article.md"),
        ]);
        let names: Vec<(&str, Vec<&str>)> = folders
            .iter()
            .map(|(d, fs)| (d.as_str(), fs.iter().map(|(n, _)| n.as_str()).collect()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("KB1", vec!["article.json", "tree.json"]),
                ("KB2", vec!["tree.json"]),
                ("your articles", vec!["article.md"]),
            ]
        );
    }
}
