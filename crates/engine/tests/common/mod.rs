//! Helpers shared by the parser behaviour tests.

use kbwiz_engine::parse::{parse_input, ParsedInput};

/// Parse the sample `tests/data/parse/<name>`, named as its file.
pub fn sample(name: &str) -> ParsedInput {
    let path = format!(
        "{}/../../tests/data/parse/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_input(name, &bytes)
}
