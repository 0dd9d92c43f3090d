//! The site's wasm-bindgen glue without what only a reader of it needs.
//!
//! wasm-bindgen writes the glue for people: a JSDoc block over every export,
//! a comment over every cast intrinsic, four spaces per level of nesting.
//! None of it runs, and it is a tenth of the first view's JavaScript after
//! gzip. Trunk's own minifier cannot parse the glue (it fails on
//! `export default`) and leaves it as written, so `dist` compacts it here,
//! before the offline file and the widget copy it, and updates the
//! Subresource Integrity hash Trunk put on the page for it.
//!
//! The compaction is line-based and only ever removes whole comment lines
//! and indentation, which cannot change what the script means unless a line
//! break falls inside a string. JavaScript breaks a string across lines only
//! in a template literal or after a backslash, so glue with a line that ends
//! in a backslash, or that opens a template literal without closing it (an
//! odd number of backticks), is left exactly as it is.

use crate::run::{Error, Result};
use base64::Engine as _;
use sha2::{Digest, Sha384};
use std::path::Path;

/// `js` without comment lines, indentation and blank lines; unchanged when a
/// string may run across lines (see the module docs).
pub fn compact(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.lines() {
        let t = line.trim();
        if in_block {
            match t.find("*/") {
                None => continue,
                Some(end) if end + 2 == t.len() => {
                    in_block = false;
                    continue;
                }
                // Code after the end of a comment: not a shape the glue has.
                Some(_) => return js.to_string(),
            }
        }
        if let Some(rest) = t.strip_prefix("/*") {
            match rest.find("*/") {
                None => {
                    in_block = true;
                    continue;
                }
                Some(end) if end + 2 == rest.len() => continue,
                // Code after a one-line comment: kept as it is.
                Some(_) => {}
            }
        }
        if t.starts_with("//") || t.is_empty() {
            continue;
        }
        if t.matches('`').count() % 2 == 1 || t.ends_with('\\') {
            return js.to_string();
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

/// The `integrity` value of `bytes` as Trunk writes it: `sha384-BASE64`.
pub fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Compact `site/<glue>` in place; returns `html` (the site's page) with the
/// glue's integrity hash updated.
pub fn compact_site_glue(site: &Path, glue: &str, html: &str) -> Result<String> {
    let path = site.join(glue);
    let js = std::fs::read_to_string(&path)
        .map_err(|e| Error(format!("cannot read {}: {e}", path.display())))?;
    let compacted = compact(&js);
    if compacted == js {
        return Ok(html.to_string());
    }
    let (old, new) = (sri(js.as_bytes()), sri(compacted.as_bytes()));
    if !html.contains(&old) {
        return Err(Error(format!(
            "dist/site/index.html: no integrity {old} for {glue} to update"
        )));
    }
    std::fs::write(&path, &compacted)
        .map_err(|e| Error(format!("cannot write {}: {e}", path.display())))?;
    Ok(html.replace(&old, &new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_comments_indentation_and_blank_lines() {
        let js = "/**\n * Docs.\n * @returns {string}\n */\nexport function f(a) {\n    // why\n    \
                  return a; /* kept */\n\n}\n/* one line */\n    /*\n    more\n    */\n/* c */ g();\nconst s = \"  x  \";\n";
        assert_eq!(
            compact(js),
            "export function f(a) {\nreturn a; /* kept */\n}\n/* c */ g();\nconst s = \"  x  \";\n"
        );
    }

    #[test]
    fn leaves_glue_with_template_literals_alone() {
        let js = "function f(x) {\n    return `a\n    b${x}`;\n}\n";
        assert_eq!(compact(js), js);
        let js = "const s = 'a\\\n    b';\n";
        assert_eq!(compact(js), js);
        // One-line template literals are fine.
        assert_eq!(compact("    f(`${x}`);\n"), "f(`${x}`);\n");
        // A backtick inside a comment does not count.
        assert_eq!(compact("/** `f` */\nf();\n"), "f();\n");
        // Nor does code after the end of a comment block get dropped.
        let odd = "/*\n x */ f();\n";
        assert_eq!(compact(odd), odd);
    }

    #[test]
    fn integrity_is_base64_sha384() {
        // sha384("") = 38b060a7...; base64 of it:
        assert_eq!(
            sri(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }
}
