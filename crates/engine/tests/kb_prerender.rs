//! The HTML `build.rs` embeds for each article is exactly what the engine's
//! renderer produces, so the browser (which carries no Markdown parser) shows
//! the same article as the CLI and the tests.

use kbwiz_engine::kb::{markdown::to_html, Kb};

#[test]
fn embedded_html_equals_the_runtime_rendering() {
    for article in Kb::embedded().articles() {
        let html = article.html();
        assert_eq!(html, to_html(&article.markdown), "{}", article.id());
        assert!(html.contains("<h2>Symptoms</h2>"), "{}", article.id());
    }
}
