//! The importer for the browser: `kbwiz-import` behind one function, built
//! as a wasm module of its own (`cargo xtask import-module`, run by Trunk
//! before each build) that the site's "Import an article" page loads when
//! it is first opened. The importer reads the archive's layouts with the
//! `regex` crate, several times the size of everything else the page
//! loads first; kept apart, it costs the first view nothing.

use wasm_bindgen::prelude::*;

/// Import the article file `name` (its `bytes` as read): the report of
/// `kbwiz_import::report`, as JSON, the same one `kbwiz kb import` prints
/// from.
#[wasm_bindgen]
pub fn import_article(name: &str, bytes: &[u8]) -> String {
    let label = "your draft";
    let report = kbwiz_import::report::import(name, bytes, label);
    // The report holds strings and numbers only: serialising cannot fail.
    serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same counts and draft `kbwiz kb import` reports for the test
    /// article (`tests/data/import/Q900001.txt`).
    #[test]
    fn the_json_is_the_import_report() {
        let text = include_bytes!("../../../tests/data/import/Q900001.txt");
        let v: serde_json::Value =
            serde_json::from_str(&import_article("Q900001.txt", text)).expect("json");
        assert_eq!(v["id"], "Q900001");
        assert_eq!(v["title"], "Example: Widget Mover Retries a Package");
        assert_eq!(
            v["counts"],
            serde_json::json!({"messages": 2, "registry_keys": 2, "file_rows": 2,
                "related": 3, "log_lines": 2, "todos": 31})
        );
        let names: Vec<&str> = v["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter_map(|f| f[0].as_str())
            .collect();
        assert_eq!(names.len(), 6);
        assert!(names.contains(&"article.json") && names.contains(&"tree.json"));
        assert_eq!(v["draft_issues"], serde_json::json!([]));
    }

    #[test]
    fn bytes_that_are_no_article_give_a_report_not_a_panic() {
        let v: serde_json::Value =
            serde_json::from_str(&import_article("x.bin", &[0xff, 0, 0x80, b'\n'])).expect("json");
        assert!(
            v["problems"].as_array().is_some_and(|p| !p.is_empty()),
            "{v}"
        );
    }
}
