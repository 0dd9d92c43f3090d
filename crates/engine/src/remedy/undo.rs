//! The undo of a registry clean-up: a `.reg` file that puts back exactly
//! what the fix's `.reg` deletes or changes (keys, values, types), taken
//! from the admin's own regedit export of those keys, never invented.
//!
//! The fix is read back with kbwiz's own `.reg` parser, so the undo answers
//! the file the admin will actually merge. A key the fix deletes is covered
//! by the export when the export holds it or any key above it (regedit
//! exports a key with everything below it): then the undo writes that key
//! and every key below it with their values, or nothing when the export
//! shows the key did not exist. A value the fix sets is put back as the
//! export has it, or deleted (`"name"=-`) when the export's key did not
//! have it; a key the fix creates is deleted. When any key is not covered,
//! no undo is written: the admin is given the `regedit /e` command that
//! exports what is missing, to paste before merging the fix.

use super::reg::RegForm;
use crate::evidence::{Fact, RegData, RegValue, RegistryKey};
use serde::Serialize;

/// A command to run before the fix, and the key it exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportFirst {
    /// The key whose export the undo needs (the parent of a key the fix
    /// deletes or changes, so that its absence shows too).
    pub key: String,
    /// The exact command line: `regedit /e "FILE" "KEY"`.
    pub command: String,
}

/// What the undo of a fix is: the file, or what to export first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UndoReg {
    /// The keys the fix deletes or changes, as its `.reg` names them.
    pub fix_keys: Vec<String>,
    /// The undo `.reg` as text (regedit's form; `bytes` is the file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reg: Option<String>,
    /// The undo file, encoded for its form (Windows-1252 or UTF-16LE with BOM).
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
    /// The keys the undo restores or deletes, in order.
    pub keys: Vec<String>,
    /// What to export before the fix when the pasted export does not cover
    /// every key it touches (then `reg` is absent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub export_first: Vec<ExportFirst>,
    /// Values the REGEDIT4 form cannot hold exactly (characters outside
    /// Windows-1252): the undo is then refused in that form.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_exact: Vec<String>,
}

/// The registry keys of a `.reg` text as kbwiz's parser reads them.
pub fn reg_keys(bytes: &[u8]) -> Vec<RegistryKey> {
    crate::parse::scan(&[("fix.reg", bytes)])
        .evidence
        .into_iter()
        .filter_map(|e| match e.fact {
            Fact::RegistryKey(k) => Some(k),
            _ => None,
        })
        .collect()
}

fn same_key(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether `key` is `root` or below it.
fn under(key: &str, root: &str) -> bool {
    same_key(key, root)
        || (key.len() > root.len()
            && key.is_char_boundary(root.len())
            && same_key(&key[..root.len()], root)
            && key[root.len()..].starts_with('\\'))
}

/// The key above `key` (itself for a root).
fn parent(key: &str) -> &str {
    key.rsplit_once('\\').map_or(key, |(p, _)| p)
}

/// The undo of the fix `fix` (its registry keys, [`reg_keys`]) from the
/// admin's export `export` (the registry keys of the pasted `.reg`), in `form`.
pub fn undo_reg(fix: &[RegistryKey], export: &[RegistryKey], form: RegForm) -> UndoReg {
    let exported: Vec<&RegistryKey> = export.iter().filter(|k| !k.deleted).collect();
    let covered = |key: &str| exported.iter().any(|e| under(key, &e.path));
    let mut lines: Vec<String> = vec![form.header().to_string(), String::new()];
    let mut keys: Vec<String> = Vec::new();
    let mut export_first: Vec<ExportFirst> = Vec::new();
    let mut not_exact = Vec::new();
    for f in fix {
        if !covered(&f.path) {
            let key = parent(&f.path).to_string();
            if !export_first.iter().any(|e| same_key(&e.key, &key)) {
                let command = format!(
                    "regedit /e \"kbwiz-before-{}.reg\" \"{key}\"",
                    export_first.len() + 1
                );
                export_first.push(ExportFirst { key, command });
            }
            continue;
        }
        if f.deleted {
            for e in exported.iter().filter(|e| under(&e.path, &f.path)) {
                if keys.iter().any(|k| same_key(k, &e.path)) {
                    continue;
                }
                lines.push(format!("[{}]", e.path));
                for v in &e.values {
                    if let Some(line) = value_line(v, form, &mut not_exact) {
                        lines.push(line);
                    }
                }
                lines.push(String::new());
                keys.push(e.path.clone());
            }
            continue;
        }
        match exported.iter().find(|e| same_key(&e.path, &f.path)) {
            None => {
                // The fix creates the key: the undo deletes it.
                lines.push(format!("[-{}]", f.path));
                lines.push(String::new());
                keys.push(f.path.clone());
            }
            Some(e) => {
                lines.push(format!("[{}]", e.path));
                for set in &f.values {
                    let before = e
                        .values
                        .iter()
                        .find(|v| v.name.eq_ignore_ascii_case(&set.name));
                    let line = match before {
                        Some(v) => value_line(v, form, &mut not_exact),
                        None => Some(format!("{}=-", value_name(&set.name))),
                    };
                    lines.extend(line);
                }
                lines.push(String::new());
                keys.push(e.path.clone());
            }
        }
    }
    let fix_keys = fix.iter().map(|f| f.path.clone()).collect();
    if !export_first.is_empty() || !not_exact.is_empty() {
        return UndoReg {
            fix_keys,
            reg: None,
            bytes: None,
            keys: Vec::new(),
            export_first,
            not_exact,
        };
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    let bytes = form.encode(&text);
    UndoReg {
        fix_keys,
        reg: Some(text),
        bytes: Some(bytes),
        keys,
        export_first,
        not_exact,
    }
}

/// A value's name as regedit writes it.
fn value_name(name: &str) -> String {
    if name.is_empty() {
        "@".to_string()
    } else {
        format!("\"{}\"", escape(name))
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `hex(n):` data, comma-separated.
fn hex(kind: Option<u32>, bytes: &[u8]) -> String {
    let codes: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    match kind {
        None => format!("hex:{}", codes.join(",")),
        Some(k) => format!("hex({k:x}):{}", codes.join(",")),
    }
}

/// A registry string's bytes in `form`, NUL-terminated.
fn string_bytes(text: &str, form: RegForm, not_exact: &mut Vec<String>) -> Vec<u8> {
    match form {
        RegForm::Regedit4 => {
            let (mut bytes, missing) = crate::parse::cp1252::encode(text);
            if missing > 0 {
                not_exact.push(text.to_string());
            }
            bytes.push(0);
            bytes
        }
        RegForm::Version5 => {
            let mut bytes = Vec::new();
            for unit in text.encode_utf16().chain([0]) {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            bytes
        }
    }
}

/// One value's line, as regedit exports it; `None` for a deletion (an
/// export holds none).
fn value_line(v: &RegValue, form: RegForm, not_exact: &mut Vec<String>) -> Option<String> {
    let name = value_name(&v.name);
    if form == RegForm::Regedit4 && crate::parse::cp1252::encode(&v.name).1 > 0 {
        not_exact.push(v.name.clone());
    }
    let data = match &v.data {
        RegData::String(s) => {
            if form == RegForm::Regedit4 && crate::parse::cp1252::encode(s).1 > 0 {
                not_exact.push(s.clone());
            }
            format!("\"{}\"", escape(s))
        }
        RegData::Dword(n) => format!("dword:{n:08x}"),
        RegData::ExpandString(s) => hex(Some(2), &string_bytes(s, form, not_exact)),
        RegData::MultiString(parts) => {
            let mut bytes = Vec::new();
            for p in parts {
                let mut b = string_bytes(p, form, not_exact);
                bytes.append(&mut b);
            }
            bytes.extend(string_bytes("", form, not_exact));
            hex(Some(7), &bytes)
        }
        RegData::Binary { kind: 3, bytes } => hex(None, bytes),
        RegData::Binary { kind, bytes } => hex(Some(*kind), bytes),
        RegData::Delete => return None,
    };
    Some(format!("{name}={data}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_below_compare_by_whole_names() {
        assert!(under(r"HKLM\A\B", r"hklm\a"));
        assert!(under(r"HKLM\A", r"HKLM\A"));
        assert!(!under(r"HKLM\AB", r"HKLM\A"));
        assert_eq!(parent(r"HKLM\A\B"), r"HKLM\A");
    }

    #[test]
    fn values_are_written_as_regedit_exports_them() {
        let mut none = Vec::new();
        let line = |name: &str, data: RegData, form| {
            value_line(
                &RegValue {
                    name: name.into(),
                    data,
                },
                form,
                &mut Vec::new(),
            )
        };
        assert_eq!(
            line("Retry Count", RegData::Dword(3), RegForm::Regedit4).as_deref(),
            Some("\"Retry Count\"=dword:00000003")
        );
        assert_eq!(
            line("", RegData::String("a\\\"b".into()), RegForm::Regedit4).as_deref(),
            Some("@=\"a\\\\\\\"b\"")
        );
        assert_eq!(
            line("x", RegData::ExpandString("%A%".into()), RegForm::Regedit4).as_deref(),
            Some("\"x\"=hex(2):25,41,25,00")
        );
        assert_eq!(
            line(
                "x",
                RegData::MultiString(vec!["a".into()]),
                RegForm::Version5
            )
            .as_deref(),
            Some("\"x\"=hex(7):61,00,00,00,00,00")
        );
        assert_eq!(
            line(
                "x",
                RegData::Binary {
                    kind: 0,
                    bytes: vec![1]
                },
                RegForm::Version5
            )
            .as_deref(),
            Some("\"x\"=hex(0):01")
        );
        assert_eq!(line("x", RegData::Delete, RegForm::Version5), None);
        assert!(value_line(
            &RegValue {
                name: "Ж".into(),
                data: RegData::Dword(1)
            },
            RegForm::Regedit4,
            &mut none
        )
        .is_some());
        assert_eq!(none, ["Ж"]);
    }
}
