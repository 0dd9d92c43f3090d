//! Component tests of the article view in headless Chromium: the prose is the
//! engine's rendering of the article's Markdown and the fact tables list the
//! article's messages, keys and files.
#![cfg(target_arch = "wasm32")]

use kbwiz_web::shared::Shared;
use kbwiz_web::views::article::ArticleView;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::texts;

#[derive(Properties, PartialEq)]
struct Props {
    article: String,
}

/// The view in a component of the test's own, as the app renders it.
#[function_component(Article)]
fn article(props: &Props) -> Html {
    let kb = Shared(common::install_kb());
    html! { <ArticleView id={props.article.clone()} {kb} /> }
}

fn mount(article: &str) -> web_sys::Element {
    let root = common::mount_point();
    let props = Props {
        article: article.into(),
    };
    yew::Renderer::<Article>::with_root_and_props(root.clone(), props).render();
    root
}

#[wasm_bindgen_test]
async fn renders_prose_and_tables() {
    let root = mount("q319207");
    yew::scheduler::flush().await;
    assert_eq!(
        texts(&root, ".prose h1"),
        vec!["Q319207: a retried package update can flood the hierarchy with jobs"]
    );
    let sections = texts(&root, ".prose h2");
    assert_eq!(&sections[..3], ["Symptoms", "Cause", "Resolution"]);
    assert_eq!(
        texts(&root, ".messages tbody th"),
        vec!["2328", "2302", "2339"]
    );
    assert_eq!(
        texts(&root, ".messages tbody .sev"),
        vec!["Error", "Error", "Informational"]
    );
    assert_eq!(
        texts(&root, ".files tbody tr"),
        vec![
            "Baseutil.dllAlpha2.00.1493.3253811,7922001-03-0117:25",
            "Distmgr.dllAlpha2.00.1493.3257360,7202001-03-0117:45",
            "Baseutil.dllI3862.00.1493.3253527,2962001-03-0117:25",
            "Distmgr.dllI3862.00.1493.3257231,3122001-03-0117:45",
        ]
    );
    assert_eq!(
        texts(&root, ".registry tbody code"),
        vec!["HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\<package ID>"]
    );
    assert_eq!(texts(&root, ".related strong"), vec!["Q256986", "Q323206"]);
    assert!(texts(&root, ".release dd")
        .iter()
        .any(|t| t == "Systems Management Server 2.0 Service Pack 4 Hotfix Rollup Package (HRP) (see Q323206)"));
    assert!(root.query_selector("script").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn unknown_article_says_so() {
    let root = mount("Q1");
    yew::scheduler::flush().await;
    assert_eq!(
        texts(&root, "[role=alert]"),
        vec!["The knowledge base has no article Q1."]
    );
}
