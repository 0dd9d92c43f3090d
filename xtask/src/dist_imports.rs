//! Short names for the site wasm's imports from its wasm-bindgen glue.
//!
//! wasm-bindgen names every function the wasm imports from the glue after
//! the JavaScript it wraps plus a 16-digit hash (`__wbg_appendChild_dbf7…`),
//! and writes each name twice: in the wasm's import section and as a key of
//! the glue's import object. Random hex digits do not compress, and there
//! are almost two hundred of them. `dist` renames each such import to a
//! short name (`w0`, `w1`, ...) in both files, after wasm-opt, before the
//! offline file and the widget copy them, and updates the Subresource
//! Integrity hashes Trunk put on the page.
//!
//! Nothing else changes: the wasm is re-emitted byte for byte but for the
//! import section's names, and the glue is left as it is unless every name
//! renamed appears in it exactly once.

use crate::run::{Error, Result};
use base64::Engine as _;
use sha2::{Digest, Sha384};
use std::path::Path;

/// The `integrity` value of `bytes` as Trunk writes it: `sha384-BASE64`.
fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Whether `name` is one of wasm-bindgen's hashed import names.
fn hashed(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("__wbg_") else {
        return false;
    };
    match rest.rsplit_once('_') {
        Some((_, hash)) => hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// The short name of the `i`th import renamed: `w` and `i` in base 36.
fn short(mut i: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[i % 36]);
        i /= 36;
        if i == 0 {
            break;
        }
    }
    digits.push(b'w');
    digits.iter().rev().map(|&b| char::from(b)).collect()
}

/// What a rename pass made: the new bytes, and each `(old name, new name)`.
type Renamed = (Vec<u8>, Vec<(String, String)>);

/// A LEB128 number at `*at` (advancing it), or None past the end.
fn leb(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn push_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A length-prefixed name at `*at`.
fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a str> {
    let len = usize::try_from(leb(bytes, at)?).ok()?;
    let s = std::str::from_utf8(bytes.get(*at..*at + len)?).ok()?;
    *at += len;
    Some(s)
}

fn push_name(out: &mut Vec<u8>, s: &str) {
    push_leb(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Skip table or memory limits at `*at`.
fn limits(bytes: &[u8], at: &mut usize) -> Option<()> {
    let flags = *bytes.get(*at)?;
    *at += 1;
    leb(bytes, at)?;
    if flags & 1 != 0 {
        leb(bytes, at)?;
    }
    Some(())
}

/// The import section `section` with hashed names renamed; the renames made.
fn rename_section(section: &[u8]) -> Option<Renamed> {
    let mut at = 0;
    let count = leb(section, &mut at)?;
    let mut out = Vec::with_capacity(section.len());
    push_leb(&mut out, count);
    let mut renames = Vec::new();
    for _ in 0..count {
        let module = name(section, &mut at)?;
        let field = name(section, &mut at)?;
        let desc_start = at;
        let kind = *section.get(at)?;
        at += 1;
        match kind {
            0 => {
                leb(section, &mut at)?;
            }
            1 => {
                at += 1; // reference type
                limits(section, &mut at)?;
            }
            2 => limits(section, &mut at)?,
            3 => at += 2, // value type, mutability
            _ => return None,
        }
        push_name(&mut out, module);
        if kind == 0 && hashed(field) {
            let to = short(renames.len());
            push_name(&mut out, &to);
            renames.push((field.to_string(), to));
        } else {
            push_name(&mut out, field);
        }
        out.extend_from_slice(section.get(desc_start..at)?);
    }
    (at == section.len()).then_some((out, renames))
}

/// `wasm` with its hashed import names shortened, and the renames; None when
/// the module cannot be read (then nothing is renamed).
pub fn rename(wasm: &[u8]) -> Option<Renamed> {
    if wasm.get(..8)? != b"\0asm\x01\0\0\0" {
        return None;
    }
    let mut out = wasm[..8].to_vec();
    let mut renames = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let len = usize::try_from(leb(wasm, &mut at)?).ok()?;
        let body = wasm.get(at..at + len)?;
        at += len;
        out.push(id);
        if id == 2 {
            let (section, r) = rename_section(body)?;
            push_leb(&mut out, section.len() as u64);
            out.extend_from_slice(&section);
            renames = r;
        } else {
            push_leb(&mut out, len as u64);
            out.extend_from_slice(body);
        }
    }
    Some((out, renames))
}

/// `js` with every rename applied, or None unless each old name occurs in it
/// exactly once (as its key in the import object).
pub fn rename_in_glue(js: &str, renames: &[(String, String)]) -> Option<String> {
    let mut out = js.to_string();
    for (from, to) in renames {
        if out.matches(from.as_str()).count() != 1 {
            return None;
        }
        out = out.replacen(from.as_str(), to, 1);
    }
    Some(out)
}

/// Shorten the imports of `site/<wasm>` and the glue's names for them, in
/// place; returns `html` with both files' integrity hashes updated. Leaves
/// everything as it is when either file is not in the expected shape.
pub fn shorten_site_imports(site: &Path, glue: &str, wasm: &str, html: &str) -> Result<String> {
    let read = |name: &str| {
        std::fs::read(site.join(name)).map_err(|e| Error(format!("cannot read {name}: {e}")))
    };
    let (js_bytes, wasm_bytes) = (read(glue)?, read(wasm)?);
    let js = String::from_utf8(js_bytes.clone())
        .map_err(|e| Error(format!("{glue} is not UTF-8: {e}")))?;
    let Some((new_wasm, renames)) = rename(&wasm_bytes) else {
        return Ok(html.to_string());
    };
    let Some(new_js) = rename_in_glue(&js, &renames) else {
        return Ok(html.to_string());
    };
    if renames.is_empty() {
        return Ok(html.to_string());
    }
    let mut html = html.to_string();
    for (name, old, new) in [
        (glue, js_bytes.as_slice(), new_js.as_bytes()),
        (wasm, wasm_bytes.as_slice(), new_wasm.as_slice()),
    ] {
        let (from, to) = (sri(old), sri(new));
        if !html.contains(&from) {
            return Err(Error(format!(
                "dist/site/index.html: no integrity {from} for {name} to update"
            )));
        }
        html = html.replace(&from, &to);
    }
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(site.join(name), bytes)
            .map_err(|e| Error(format!("cannot write {name}: {e}")))
    };
    write(glue, new_js.as_bytes())?;
    write(wasm, &new_wasm)?;
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `f` (hashed), `g` (not) and a memory from `m`.
    fn module(f: &str) -> Vec<u8> {
        let mut imports = Vec::new();
        push_leb(&mut imports, 3);
        for (field, desc) in [
            (f, &[0u8, 0][..]),
            ("__wbindgen_init_externref_table", &[0, 0]),
            ("memory", &[2, 1, 17, 0x80, 0x80, 0x04]),
        ] {
            push_name(&mut imports, "./app_bg.js");
            push_name(&mut imports, field);
            imports.extend_from_slice(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // A type section: one `() -> ()` function type.
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        wasm.push(2);
        push_leb(&mut wasm, imports.len() as u64);
        wasm.extend_from_slice(&imports);
        wasm
    }

    #[test]
    fn renames_hashed_function_imports_only() {
        let old = "__wbg_appendChild_dbf7ad2f48413560";
        let (wasm, renames) = rename(&module(old)).expect("a module");
        assert_eq!(renames, vec![(old.to_string(), "w0".to_string())]);
        assert_eq!(wasm, module("w0"));
        let js = format!(
            "const imports = {{ {old}: function(a) {{}}, __wbindgen_init_externref_table: f }};"
        );
        assert_eq!(
            rename_in_glue(&js, &renames).as_deref(),
            Some("const imports = { w0: function(a) {}, __wbindgen_init_externref_table: f };")
        );
        // A name the glue holds twice (or not at all) renames nothing.
        assert_eq!(rename_in_glue(&format!("{js}{old}"), &renames), None);
        assert_eq!(rename_in_glue("", &renames), None);
    }

    #[test]
    fn names_and_numbers() {
        assert!(hashed("__wbg_body_5f971cbc6950ca4f"));
        assert!(!hashed("__wbg_body"));
        assert!(!hashed("__wbindgen_throw_4c88d8bf264fd984"));
        assert!(!hashed("__wbg_body_5f971cbc6950ca4g"));
        assert_eq!(
            (0..38).map(short).collect::<Vec<_>>()[35..],
            ["wz", "w10", "w11"]
        );
        let mut v = Vec::new();
        push_leb(&mut v, 624_485);
        assert_eq!(v, [0xe5, 0x8e, 0x26]);
        assert_eq!(leb(&v, &mut 0), Some(624_485));
        assert_eq!(rename(b"not wasm"), None);
    }
}
