//! Every article under the repository's `kb/` loads and validates, both from
//! disk and as embedded at build time, and the two agree.

use kbwiz_engine::kb::Kb;
use std::path::Path;

fn kb_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../kb"))
}

#[test]
fn every_article_on_disk_validates() {
    match Kb::load_dir(kb_root()) {
        Ok(kb) => assert!(kb.article("Q319207").is_some()),
        Err(e) => panic!("the KB under kb/ is invalid:\n{e}"),
    }
}

#[test]
fn embedded_kb_validates_and_matches_disk() {
    let embedded = match Kb::try_embedded() {
        Ok(kb) => kb,
        Err(e) => panic!("the embedded KB is invalid:\n{e}"),
    };
    let disk = Kb::load_dir(kb_root()).expect("kb/ loads");
    let ids = |kb: &Kb| {
        kb.articles()
            .iter()
            .map(|a| a.id().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(embedded), ids(&disk));
    for (e, d) in embedded.articles().iter().zip(disk.articles()) {
        assert_eq!(e.meta, d.meta);
        assert_eq!(e.messages, d.messages);
        assert_eq!(e.tree, d.tree);
        assert_eq!(e.text, d.text);
        assert_eq!(e.headings, d.headings);
    }
    assert_eq!(
        embedded.articles()[0].dir,
        format!("kb/{}", embedded.articles()[0].id())
    );
}
