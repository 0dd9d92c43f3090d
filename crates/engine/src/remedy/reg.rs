//! The generated registry clean-up: a `.reg` file that deletes exactly the
//! affected instances of the keys a finding's remediation names (the
//! `registry_delete` steps), preceded by the article's warnings as `;` comments
//! (regedit ignores lines that do not start with `[`, `@` or `"`).
//!
//! Two forms, as regedit writes them: `REGEDIT4` (ANSI, Windows-1252) for
//! Windows NT 4.0 era servers, and `Windows Registry Editor Version 5.00`
//! (UTF-16LE with a BOM). Both use CRLF line ends.

use crate::kb::remediation::{SetValue, Step};
use crate::kb::tree::RegLiteral;
use crate::kb::{Article, Kb, Placeholder, Template};
use crate::tree::Finding;
use serde::{Deserialize, Serialize};

/// Which regedit format to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegForm {
    /// `REGEDIT4`, Windows-1252.
    Regedit4,
    /// `Windows Registry Editor Version 5.00`, UTF-16LE with BOM.
    Version5,
}

impl RegForm {
    pub(crate) fn header(self) -> &'static str {
        match self {
            RegForm::Regedit4 => "REGEDIT4",
            RegForm::Version5 => "Windows Registry Editor Version 5.00",
        }
    }

    /// A `.reg` file's text encoded as regedit writes this form.
    pub(crate) fn encode(self, text: &str) -> Vec<u8> {
        match self {
            RegForm::Regedit4 => crate::parse::cp1252::encode(text).0,
            RegForm::Version5 => {
                let mut b = vec![0xFF, 0xFE];
                for unit in text.encode_utf16() {
                    b.extend_from_slice(&unit.to_le_bytes());
                }
                b
            }
        }
    }
}

/// Why no clean-up file can be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegError {
    #[error("finding for {article} has no registry clean-up step in its remediation")]
    NoCleanupStep { article: String },
    #[error("finding for {article} names no affected package to clean up")]
    NoPackages { article: String },
    #[error("article {article}: registry key {key} is not in registry.json")]
    UnknownKey { article: String, key: String },
}

/// A generated clean-up file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegCleanup {
    /// The file, encoded for its form.
    pub bytes: Vec<u8>,
    /// The keys it deletes, then the keys it sets values of, in order.
    pub keys: Vec<String>,
    /// Package IDs left out because they cannot be part of a key name safely
    /// (control characters, `\`, `[`, `]`, outside Windows-1252 for REGEDIT4,
    /// or a placeholder such as `<package ID>`).
    pub skipped: Vec<String>,
}

/// Whether a package ID can go into a key line as it is. A placeholder
/// (`<package ID>`) never can: it names no key, whatever evidence made it.
fn safe_value(value: &str, form: RegForm) -> bool {
    !value.is_empty()
        && !crate::evidence::holds_placeholder(value)
        && value.len() <= 256
        && value.trim() == value
        && value.chars().all(|c| {
            !c.is_control()
                && !matches!(c, '\\' | '[' | ']')
                && (form == RegForm::Version5 || encodes_in_1252(c))
        })
}

fn encodes_in_1252(c: char) -> bool {
    crate::parse::cp1252::byte_of(c).is_some()
}

/// Wrap `text` into `;` comment lines of at most about 76 characters.
fn comment_lines(text: &str, out: &mut Vec<String>) {
    let mut line = String::from(";");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.len() + 1 + word.len() > 76 {
            out.push(std::mem::replace(&mut line, String::from(";")));
        }
        line.push(' ');
        line.push_str(word);
    }
    if line.len() > 1 {
        out.push(line);
    }
}

/// The clean-up for `finding` (of `article`) in `form`.
pub fn cleanup_reg(
    finding: &Finding,
    article: &Article,
    form: RegForm,
) -> Result<RegCleanup, RegError> {
    let mut lines: Vec<String> = vec![form.header().to_string(), String::new()];
    let mut keys = Vec::new();
    let mut skipped = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut key_ids: Vec<&str> = Vec::new();
    let mut set_values: Vec<&SetValue> = Vec::new();
    for remedy in &finding.remediation {
        set_values.extend(remedy.set_values.iter());
        for step in &remedy.steps {
            match step {
                Step::Warning { warning } => {
                    if let Some(w) = article.warning(warning) {
                        if !warnings.contains(&w.text) {
                            warnings.push(w.text.clone());
                        }
                    }
                }
                Step::RegistryDelete { key, .. } => key_ids.push(key),
                _ => {}
            }
        }
    }
    if key_ids.is_empty() && set_values.is_empty() {
        return Err(RegError::NoCleanupStep {
            article: finding.article.clone(),
        });
    }
    if !key_ids.is_empty() && finding.packages.is_empty() {
        return Err(RegError::NoPackages {
            article: finding.article.clone(),
        });
    }
    for text in &warnings {
        comment_lines(text, &mut lines);
        lines.push(";".to_string());
    }
    let what = match (key_ids.is_empty(), set_values.is_empty()) {
        (false, true) => "deletes the key below for each affected package, with all its values",
        (true, false) => "sets the values below (regedit creates a missing key)",
        _ => "deletes the first keys below for each affected package, with all their values, and sets the values after them (regedit creates a missing key)",
    };
    comment_lines(
        &format!("Generated by kbwiz for {}: {what}.", finding.article),
        &mut lines,
    );
    lines.push(String::new());
    for id in key_ids {
        let def = article
            .registry_key(id)
            .ok_or_else(|| RegError::UnknownKey {
                article: finding.article.clone(),
                key: id.to_string(),
            })?;
        for package in &finding.packages {
            if !safe_value(package, form) {
                if !skipped.contains(package) {
                    skipped.push(package.clone());
                }
                continue;
            }
            let path = def
                .path_for(|p| (p == Placeholder::PackageId).then(|| package.clone()))
                .ok_or_else(|| RegError::UnknownKey {
                    article: finding.article.clone(),
                    key: id.to_string(),
                })?;
            if path.contains('<') || keys.contains(&path) {
                // A pattern with a placeholder other than the package: not ours to fill.
                continue;
            }
            lines.push(format!("[-{path}]"));
            lines.push(String::new());
            keys.push(path);
        }
    }
    for set in set_values {
        set_value_lines(
            finding,
            article,
            set,
            form,
            &mut lines,
            &mut keys,
            &mut skipped,
        )?;
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    let bytes = form.encode(&text);
    Ok(RegCleanup {
        bytes,
        keys,
        skipped,
    })
}

/// The lines setting `set`: a `[key]` line per key its path names (one per
/// evidence value of a slot in the path), then the value line.
fn set_value_lines(
    finding: &Finding,
    article: &Article,
    set: &SetValue,
    form: RegForm,
    lines: &mut Vec<String>,
    keys: &mut Vec<String>,
    skipped: &mut Vec<String>,
) -> Result<(), RegError> {
    let unknown = || RegError::UnknownKey {
        article: finding.article.clone(),
        key: set.key.clone(),
    };
    let def = article.registry_key(&set.key).ok_or_else(unknown)?;
    let template =
        Template::parse_open(&def.path, |n| article.field(n).is_some()).map_err(|_| unknown())?;
    let values_of = |name: &str| -> Vec<String> {
        if name.eq_ignore_ascii_case(Placeholder::PackageId.name()) {
            return finding.packages.clone();
        }
        finding
            .values
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
            .map(|v| v.values.clone())
            .unwrap_or_default()
    };
    let slots = template.slot_names();
    let mut paths = Vec::new();
    match slots.as_slice() {
        [] => paths.push(template.render_named(|_| None)),
        [one] => {
            for v in values_of(one) {
                if safe_value(&v, form) {
                    paths.push(template.render_named(|_| Some(v.clone())));
                } else if !skipped.contains(&v) {
                    skipped.push(v);
                }
            }
        }
        // Several slots: only when the evidence gives each one value.
        many => {
            let single: Vec<(String, String)> = many
                .iter()
                .filter_map(|n| match values_of(n).as_slice() {
                    [v] if safe_value(v, form) => Some((n.clone(), v.clone())),
                    _ => None,
                })
                .collect();
            if single.len() == many.len() {
                paths.push(template.render_named(|n| {
                    single
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(n))
                        .map(|(_, v)| v.clone())
                }));
            }
        }
    }
    let name = if set.value.is_empty() {
        "@".to_string()
    } else {
        format!("\"{}\"", reg_escape(&set.value))
    };
    let data = match &set.data {
        RegLiteral::Dword(n) => format!("dword:{n:08x}"),
        RegLiteral::Text(t) => format!("\"{}\"", reg_escape(t)),
    };
    let line = format!("{name}={data}");
    if form == RegForm::Regedit4 && !line.chars().all(encodes_in_1252) {
        skipped.push(line);
        return Ok(());
    }
    for path in paths {
        if path.contains('<') || path.chars().any(char::is_control) {
            continue;
        }
        lines.push(format!("[{path}]"));
        lines.push(line.clone());
        lines.push(String::new());
        keys.push(path);
    }
    Ok(())
}

/// A string as regedit quotes it: `\` and `"` escaped.
fn reg_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The clean-up of the strongest finding (findings come strongest first) that
/// calls for one, with that finding's index: what the CLI's `--reg` and the web
/// app's download write.
pub fn strongest_cleanup(
    findings: &[Finding],
    kb: &Kb,
    form: RegForm,
) -> Option<(usize, RegCleanup)> {
    findings.iter().enumerate().find_map(|(i, f)| {
        let article = kb.article(&f.article)?;
        cleanup_reg(f, article, form).ok().map(|c| (i, c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_wrap_without_losing_words() {
        let mut out = Vec::new();
        comment_lines(&"word ".repeat(40), &mut out);
        assert!(out.iter().all(|l| l.starts_with("; ") && l.len() <= 76));
        assert_eq!(
            out.iter().map(|l| l.matches("word").count()).sum::<usize>(),
            40
        );
    }

    #[test]
    fn unsafe_package_ids_are_refused() {
        assert!(safe_value("LAB00012", RegForm::Regedit4));
        assert!(!safe_value(
            "LAB]\r\n[HKEY_LOCAL_MACHINE\\X",
            RegForm::Version5
        ));
        assert!(!safe_value("A\\B", RegForm::Version5));
        assert!(!safe_value("", RegForm::Version5));
        assert!(!safe_value(" LAB", RegForm::Version5));
        assert!(safe_value("ÄBC", RegForm::Regedit4));
        assert!(!safe_value("ЖBC", RegForm::Regedit4));
        assert!(safe_value("ЖBC", RegForm::Version5));
        assert!(!safe_value("<PACKAGE ID>", RegForm::Version5));
        assert!(!safe_value("<package id>", RegForm::Regedit4));
    }
}
