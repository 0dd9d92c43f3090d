//! regedit exports: `REGEDIT4` and `Windows Registry Editor Version 5.00`, with
//! the edge cases Windows' own regedit accepts (as Wine's reimplementation and
//! its tests document them): `;` comments, `[-key]` deletions, `"name"=-`,
//! `@=` and `""=` defaults, spaces around `=`, `dword:` with 1-8 hex digits,
//! `hex:` / `hex(n):` data continued with `\` (possibly mid-code-unit), `\\` and
//! `\"` escapes, a trailing Ctrl-Z. A bad line is reported with its number and
//! reading goes on with the next one. The Windows 3.1 `REGEDIT` format is
//! recognised and reported as unsupported.

use super::out::Out;
use super::placeholder;
use crate::evidence::{is_placeholder, Fact, Format, RegData, RegValue, RegistryKey};

/// Which regedit format the block's header announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegVersion {
    /// `REGEDIT4`: ANSI, `hex(2)`/`hex(7)` are single-byte strings.
    Four,
    /// `Windows Registry Editor Version 5.00`: `hex(2)`/`hex(7)` are UTF-16LE.
    Five,
    /// Bare `REGEDIT`: Windows 3.1, not supported.
    Win31,
}

/// The version a header line announces, if it is one. regedit takes a `;`
/// comment after `Windows Registry Editor Version 5.00` on the same line
/// (`Windows Registry Editor Version 5.00 ; exported from CENTRAL1`); the
/// shorter headers stand alone.
pub fn header(line: &str) -> Option<RegVersion> {
    let trimmed = line.trim().trim_end_matches('\u{1a}');
    if trimmed == "REGEDIT4" {
        Some(RegVersion::Four)
    } else if trimmed
        .strip_prefix("Windows Registry Editor Version 5.00")
        .is_some_and(|rest| rest.trim_start().is_empty() || rest.trim_start().starts_with(';'))
    {
        Some(RegVersion::Five)
    } else if trimmed == "REGEDIT" {
        Some(RegVersion::Win31)
    } else {
        None
    }
}

/// Root keys as regedit spells them, and the abbreviations people type.
const ROOTS: &[(&str, &str)] = &[
    ("HKEY_LOCAL_MACHINE", "HKLM"),
    ("HKEY_CURRENT_USER", "HKCU"),
    ("HKEY_CLASSES_ROOT", "HKCR"),
    ("HKEY_USERS", "HKU"),
    ("HKEY_CURRENT_CONFIG", "HKCC"),
    ("HKEY_DYN_DATA", "HKDD"),
];

/// REG_BINARY, the type of plain `hex:`.
const REG_BINARY: u32 = 3;

/// A `hex` value continued over lines with `\`.
#[derive(Debug)]
struct Continuation {
    first: usize,
    name: String,
    kind: u32,
    hex: String,
}

/// The state of a registry export block.
#[derive(Debug)]
pub(crate) struct RegBlock {
    version: RegVersion,
    /// Index of the current key's evidence; `None` before any key or after a bad one.
    key: Option<usize>,
    /// A key line was bad: its values are skipped without a problem each.
    skipping: bool,
    cont: Option<Continuation>,
}

impl RegBlock {
    /// A block opened by a header line.
    pub fn new(out: &mut Out, no: usize, version: RegVersion) -> Self {
        out.saw(Format::Reg);
        out.held = None;
        let report = &mut out.parsed.report;
        report.keys.get_or_insert(0);
        report.values.get_or_insert(0);
        if version == RegVersion::Win31 {
            out.problem(
                no,
                "Windows 3.1 REGEDIT format: not a registry export kbwiz reads; its lines are skipped",
            );
        }
        RegBlock {
            version,
            key: None,
            skipping: false,
            cont: None,
        }
    }

    /// Is a `\`-continued value waiting for its next line?
    pub fn continuing(&self) -> bool {
        self.cont.is_some()
    }

    /// Would this line belong to a registry block (key, value, comment)?
    pub fn claims(line: &str) -> bool {
        matches!(
            line.trim_start().as_bytes().first(),
            Some(b'[' | b'"' | b'@' | b';')
        )
    }

    pub fn line(&mut self, out: &mut Out, no: usize, line: &str) {
        if self.version == RegVersion::Win31 {
            return;
        }
        let trimmed = line
            .trim_start_matches([' ', '\t'])
            .trim_end_matches(['\u{1a}', ' ', '\t']);
        if let Some(mut cont) = self.cont.take() {
            if trimmed.starts_with(';') {
                self.cont = Some(cont);
                return;
            }
            let (more, goes_on) = strip_backslash(trimmed);
            cont.hex.push_str(more);
            if goes_on && !trimmed.is_empty() {
                self.cont = Some(cont);
            } else {
                self.finish_hex(out, cont);
            }
            return;
        }
        match trimmed.as_bytes().first() {
            None | Some(b';') => {}
            Some(b'[') => self.key_line(out, no, line, trimmed),
            Some(b'@' | b'"') => self.value_line(out, no, trimmed),
            Some(_) => out.problem(no, "not a key, value or comment; ignored (as regedit does)"),
        }
    }

    /// End of the block or input: finish a value still waiting for lines.
    pub fn close(&mut self, out: &mut Out) {
        if let Some(cont) = self.cont.take() {
            self.finish_hex(out, cont);
        }
        // No value can join the last key now.
        out.held = None;
    }

    fn key_line(&mut self, out: &mut Out, no: usize, line: &str, trimmed: &str) {
        self.key = None;
        out.held = None;
        self.skipping = true;
        let Some(close) = trimmed.rfind(']') else {
            out.problem(
                no,
                "key line without a closing ]; key and its values skipped",
            );
            return;
        };
        let inner = &trimmed[1..close];
        let (deleted, path) = match inner.strip_prefix('-') {
            Some(p) => (true, p),
            None => (false, inner),
        };
        let path = path.trim_end_matches('\\');
        let (root, rest) = match path.split_once('\\') {
            Some((root, rest)) => (root, Some(rest)),
            None => (path, None),
        };
        let full = ROOTS.iter().find_map(|&(full, short)| {
            if root.eq_ignore_ascii_case(full) {
                Some((full, false))
            } else if root.eq_ignore_ascii_case(short) {
                Some((full, true))
            } else {
                None
            }
        });
        let Some((full, abbreviated)) = full else {
            out.problem(
                no,
                format!("unknown root key {root:?}; key and its values skipped"),
            );
            return;
        };
        if abbreviated {
            out.problem(
                no,
                format!("root key {root} is abbreviated (regedit needs {full}); read as {full}"),
            );
        }
        // A key pattern as an article prints it, a placeholder for one of its
        // names: a template of keys, not a key.
        if let Some(name) = rest
            .filter(|r| r.contains('<'))
            .and_then(|r| r.split('\\').find(|name| is_placeholder(name)))
        {
            let then = "key and its values skipped";
            placeholder::Reported::default().report_as(out, no, name, "a registry key name", then);
            return;
        }
        let path = match rest {
            Some(rest) => format!("{full}\\{rest}"),
            None => full.to_owned(),
        };
        self.skipping = false;
        self.key = Some(out.next_fact());
        out.held = self.key;
        out.count();
        if let Some(keys) = &mut out.parsed.report.keys {
            *keys += 1;
        }
        out.evidence(
            no,
            line,
            Fact::RegistryKey(RegistryKey {
                path,
                deleted,
                values: Vec::new(),
            }),
        );
    }

    fn value_line(&mut self, out: &mut Out, no: usize, trimmed: &str) {
        let (name, rest) = if let Some(rest) = trimmed.strip_prefix('@') {
            (String::new(), rest)
        } else {
            match quoted(&trimmed[1..]) {
                Some(found) => found,
                None => {
                    out.problem(no, "value name without its closing quote; value skipped");
                    return;
                }
            }
        };
        let Some(data) = rest.trim_start().strip_prefix('=') else {
            out.problem(no, "value without =; skipped");
            return;
        };
        if self.key.is_none() {
            if !self.skipping {
                out.problem(no, "value before any key; skipped");
            }
            return;
        }
        let data = data.trim_start();
        let parsed = if let Some(s) = data.strip_prefix('"') {
            match quoted(s) {
                Some((s, after)) if after.trim().is_empty() => Ok(RegData::String(s)),
                Some(_) => Err("text after the closing quote".to_owned()),
                None => Err("string without its closing quote".to_owned()),
            }
        } else if data.trim_end() == "-" {
            Ok(RegData::Delete)
        } else if let Some(d) = strip_prefix_ci(data, "dword:") {
            dword(d).map(RegData::Dword)
        } else if let Some(h) = strip_prefix_ci(data, "hex") {
            match hex_kind(h) {
                Some((kind, bytes)) => {
                    let (bytes, goes_on) = strip_backslash(bytes);
                    let cont = Continuation {
                        first: no,
                        name,
                        kind,
                        hex: bytes.to_owned(),
                    };
                    if goes_on {
                        self.cont = Some(cont);
                    } else {
                        self.finish_hex(out, cont);
                    }
                    return;
                }
                None => Err("unknown hex type".to_owned()),
            }
        } else {
            Err("unknown value type".to_owned())
        };
        match parsed {
            Ok(data) => self.push(out, RegValue { name, data }),
            Err(why) => out.problem(no, format!("{why}; value {name:?} skipped")),
        }
    }

    fn finish_hex(&mut self, out: &mut Out, cont: Continuation) {
        match hex_bytes(&cont.hex) {
            Ok(bytes) => {
                let data = self.hex_data(cont.kind, bytes);
                self.push(
                    out,
                    RegValue {
                        name: cont.name,
                        data,
                    },
                );
            }
            Err(why) => out.problem(cont.first, format!("{why}; value {:?} skipped", cont.name)),
        }
    }

    fn hex_data(&self, kind: u32, bytes: Vec<u8>) -> RegData {
        match kind {
            1 => RegData::String(self.text(&bytes)),
            2 => RegData::ExpandString(self.text(&bytes)),
            7 => {
                let mut parts: Vec<String> = self
                    .text_keep_nuls(&bytes)
                    .split('\0')
                    .map(str::to_owned)
                    .collect();
                while parts.last().is_some_and(String::is_empty) {
                    parts.pop();
                }
                RegData::MultiString(parts)
            }
            _ => RegData::Binary { kind, bytes },
        }
    }

    /// Registry string bytes as text: UTF-16LE in version 5, ANSI in REGEDIT4.
    fn text_keep_nuls(&self, bytes: &[u8]) -> String {
        if self.version == RegVersion::Five {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            super::cp1252::decode(bytes)
        }
    }

    fn text(&self, bytes: &[u8]) -> String {
        let mut s = self.text_keep_nuls(bytes);
        if let Some(nul) = s.find('\0') {
            s.truncate(nul);
        }
        s
    }

    fn push(&mut self, out: &mut Out, value: RegValue) {
        let Some(index) = self.key else { return };
        if let Some(crate::evidence::Evidence {
            fact: Fact::RegistryKey(key),
            ..
        }) = out.fact_mut(index)
        {
            key.values.push(value);
            out.count();
            if let Some(values) = &mut out.parsed.report.values {
                *values += 1;
            }
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `(text before a trailing \, whether there was one)`, spaces trimmed.
fn strip_backslash(s: &str) -> (&str, bool) {
    let s = s.trim_end();
    match s.strip_suffix('\\') {
        Some(body) => (body, true),
        None => (s, false),
    }
}

/// A quoted string after its opening quote, with `\\` and `\"` escapes:
/// `(content, text after the closing quote)`.
fn quoted(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, e @ ('\\' | '"'))) => out.push(e),
                Some((_, '0')) => out.push('\0'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    None
}

/// `dword:` data: 1 to 8 hex digits, then only spaces or a `;` comment.
fn dword(s: &str) -> Result<u32, String> {
    let digits = s.bytes().take_while(u8::is_ascii_hexdigit).count();
    let after = s[digits..].trim_start();
    if digits == 0 || digits > 8 || !(after.is_empty() || after.starts_with(';')) {
        return Err(format!("dword:{} is not 1 to 8 hex digits", s.trim()));
    }
    u32::from_str_radix(&s[..digits], 16).map_err(|e| format!("dword: {e}"))
}

/// After `hex`: `:` (REG_BINARY) or `(n):`; returns the type and the byte list.
fn hex_kind(s: &str) -> Option<(u32, &str)> {
    if let Some(bytes) = s.strip_prefix(':') {
        return Some((REG_BINARY, bytes));
    }
    let inner = s.strip_prefix('(')?;
    let close = inner.find(')')?;
    let kind = &inner[..close];
    if kind.is_empty() || kind.len() > 8 {
        return None;
    }
    let kind = u32::from_str_radix(kind, 16).ok()?;
    let bytes = inner[close + 1..].strip_prefix(':')?;
    Some((kind, bytes))
}

/// `01,02, ff` (a trailing comma is allowed; a `;` comment ends the list).
fn hex_bytes(s: &str) -> Result<Vec<u8>, String> {
    let s = s.split(';').next().unwrap_or("");
    let mut bytes = Vec::with_capacity(s.len() / 3 + 1);
    let mut items = s.split(',').map(str::trim).peekable();
    while let Some(item) = items.next() {
        if item.is_empty() && items.peek().is_none() {
            break;
        }
        if item.is_empty() || item.len() > 2 || !item.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("bad hex byte {item:?}"));
        }
        bytes.push(u8::from_str_radix(item, 16).map_err(|e| e.to_string())?);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dwords() {
        assert_eq!(dword("0"), Ok(0));
        assert_eq!(dword("ffffffff"), Ok(u32::MAX));
        assert_eq!(dword("0000001a ; c"), Ok(26));
        assert!(dword("0ffffffff").is_err());
        assert!(dword("").is_err());
        assert!(dword("12x").is_err());
    }

    #[test]
    fn quoted_strings() {
        assert_eq!(quoted(r#"a\\b\"c"=x"#), Some((r#"a\b"c"#.to_owned(), "=x")));
        assert_eq!(quoted("open"), None);
    }

    #[test]
    fn hex_lists() {
        assert_eq!(hex_bytes("01,02,ff,"), Ok(vec![1, 2, 255]));
        assert_eq!(hex_bytes(""), Ok(vec![]));
        assert_eq!(hex_bytes(" 1, 2"), Ok(vec![1, 2]));
        assert!(hex_bytes("01,,02").is_err());
        assert!(hex_bytes("123").is_err());
        assert_eq!(hex_kind("(7):00"), Some((7, "00")));
        assert_eq!(hex_kind("(b):"), Some((11, "")));
        assert_eq!(hex_kind(":1"), Some((3, "1")));
        assert_eq!(hex_kind("(z):"), None);
    }
}
