//! The KB code never panics on any input: arbitrary template strings, texts
//! matched against templates, and arbitrary file contents given to the loader.

use kbwiz_engine::kb::{Article, Template, MAX_CAPTURE};
use proptest::prelude::*;

const T2302: &str =
    "SMS Distribution Manager failed to process package <package name> (package ID = <package ID>).";

proptest! {
    #[test]
    fn parse_and_capture_never_panic(template in "\\PC{0,60}", text in "\\PC{0,200}") {
        if let Ok(t) = Template::parse(&template) {
            let _ = t.capture(&text);
            let _ = t.render(|_| Some(text.clone()));
        }
    }

    #[test]
    fn capture_of_real_template_never_panics(text in "(\\PC|\\(package ID = |\\)| ){0,120}") {
        let t = Template::parse(T2302).unwrap();
        if let Some(values) = t.capture(&text) {
            prop_assert!(values.iter().all(|(_, v)| !v.is_empty()));
        }
    }

    #[test]
    fn loader_never_panics(json in "\\PC{0,300}", md in "\\PC{0,100}") {
        let _ = Article::from_files(
            "mem/P",
            &[("article.md", &md), ("article.json", &json), ("tree.json", &json), ("messages.json", &json)],
        );
    }
}

#[test]
fn adversarial_long_text_is_rejected_quickly() {
    let t = Template::parse(T2302).unwrap();
    let mut text = String::from("SMS Distribution Manager failed to process package ");
    while text.len() < MAX_CAPTURE - 20 {
        text.push_str(" (package ID = )");
    }
    text.push('x');
    let start = std::time::Instant::now();
    assert_eq!(t.capture(&text), None);
    assert_eq!(t.capture(&text.repeat(4)), None);
    assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
}
