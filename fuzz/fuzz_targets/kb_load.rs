//! The KB loader on hostile files: the first byte picks which file of the
//! Q319207 article is replaced by the rest of the data (as lossy UTF-8); the
//! other files keep their real contents, so the fuzzer reaches validation
//! too. Loading must return an article or a `KbError`, never panic.
#![no_main]
use kbwiz_engine::kb::Article;
use libfuzzer_sys::fuzz_target;

const FILES: [(&str, &str); 8] = [
    ("article.md", include_str!("../../kb/Q319207/article.md")),
    (
        "article.json",
        include_str!("../../kb/Q319207/article.json"),
    ),
    ("tree.json", include_str!("../../kb/Q319207/tree.json")),
    (
        "messages.json",
        include_str!("../../kb/Q319207/messages.json"),
    ),
    (
        "registry.json",
        include_str!("../../kb/Q319207/registry.json"),
    ),
    ("files.json", include_str!("../../kb/Q319207/files.json")),
    (
        "remediation.json",
        include_str!("../../kb/Q319207/remediation.json"),
    ),
    (
        "simulator.json",
        include_str!("../../kb/Q319207/simulator.json"),
    ),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let target = usize::from(pick) % FILES.len();
    let files: Vec<(&str, &str)> = FILES
        .iter()
        .enumerate()
        .map(|(i, &(name, real))| (name, if i == target { &*text } else { real }))
        .collect();
    if let Ok(article) = Article::from_files("kb/Q319207", &files) {
        // A valid article renders without panicking.
        let _ = article.html();
    }
});
