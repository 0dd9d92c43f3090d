//! Message and path templates with `<placeholder>` slots, as KB articles print
//! them (`failed to copy package <package ID> from <package source> ...`).
//!
//! A template is stored in the JSON as one string. [`Template::parse`] splits it
//! into literal text and [`Placeholder`]s; only the placeholders kbwiz's
//! extractors can fill are accepted, so an article cannot promise a field that
//! nothing reads. [`Template::capture`] matches a rendered text (a status
//! message description, a registry path) against the template and returns what
//! each placeholder stood for.

use crate::kb::tree::Field;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The placeholders kbwiz knows how to fill, each mapped to a named field of
/// [`crate::evidence::StatusMessage`] and to a [`Field`] rules group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placeholder {
    /// `<package ID>`: an SMS package ID such as `LAB00012`.
    PackageId,
    /// `<package name>`.
    PackageName,
    /// `<package source>`: the package's source folder.
    PackageSource,
    /// `<Distribution Point location>`: the distribution point share.
    DpLocation,
    /// `<site code>`: in Distribution Manager's messages, the child site sent to.
    SiteCode,
}

impl Placeholder {
    /// Every known placeholder.
    pub const ALL: [Placeholder; 5] = [
        Placeholder::PackageId,
        Placeholder::PackageName,
        Placeholder::PackageSource,
        Placeholder::DpLocation,
        Placeholder::SiteCode,
    ];

    /// The name as written between `<` and `>` in an article.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::PackageId => "package ID",
            Placeholder::PackageName => "package name",
            Placeholder::PackageSource => "package source",
            Placeholder::DpLocation => "Distribution Point location",
            Placeholder::SiteCode => "site code",
        }
    }

    /// The placeholder written `<name>` (names compare case-insensitively, and
    /// runs of white space count as one space, as re-wrapped articles need).
    pub fn from_name(name: &str) -> Option<Placeholder> {
        let wanted = squash_spaces(name);
        Placeholder::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(&wanted))
    }

    /// The evidence field this placeholder fills.
    pub fn field(self) -> Field {
        match self {
            Placeholder::PackageId => Field::PackageId,
            Placeholder::PackageName => Field::PackageName,
            Placeholder::PackageSource => Field::PackageSource,
            Placeholder::DpLocation => Field::DpPath,
            Placeholder::SiteCode => Field::ChildSite,
        }
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.name())
    }
}

/// The longest text [`Template::capture`] tries to match, in bytes.
pub const MAX_CAPTURE: usize = 4096;

impl PartialEq for Template {
    fn eq(&self, other: &Template) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Template {}

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Literal(String),
    /// A built-in placeholder: it fills a named field of a status message.
    Slot(Placeholder),
    /// A field the article declares (`messages.json` `fields`), by its name
    /// as declared; read by the article's own rules and remediation.
    Named(String),
}

/// Why a template string is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Neither built in nor declared in `messages.json` `fields` (the
    /// message keeps the built-in list it has always given).
    #[error("placeholder <{0}> is not one any extractor fills (known: <package ID>, <package name>, <package source>, <Distribution Point location>, <site code>)")]
    UnknownPlaceholder(String),
    #[error("unclosed '<' at byte {0}")]
    Unclosed(usize),
    #[error("placeholders <{0}> and <{1}> follow each other with no text between, so they cannot be told apart")]
    Adjacent(String, String),
    #[error("a line pattern needs some literal text to look for")]
    NoLiteral,
    #[error("a line pattern may not start with a placeholder: matching would have to try every position")]
    LeadingSlot,
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
    pieces: Vec<Piece>,
}

impl Template {
    /// Split `text` into literals and the built-in placeholders.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        Template::parse_open(text, |_| false)
    }

    /// Split `text` into literals and placeholders: the built-in ones, and
    /// any name `declared` accepts (compared after squashing white space),
    /// which becomes a [`Part::Named`] slot. A built-in name is always the
    /// built-in placeholder, declared or not.
    pub fn parse_open(
        text: &str,
        declared: impl Fn(&str) -> bool,
    ) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = text;
        let mut offset = 0;
        while let Some(open) = rest.find('<') {
            let close = rest[open..]
                .find('>')
                .map(|c| open + c)
                .ok_or(TemplateError::Unclosed(offset + open))?;
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            let squashed = squash_spaces(name);
            let slot = match Placeholder::from_name(name) {
                Some(p) => Part::Slot(p),
                None if declared(squashed.trim()) => Part::Named(squashed.trim().to_string()),
                None => return Err(TemplateError::UnknownPlaceholder(squashed)),
            };
            if let Some(prev) = parts.last().and_then(slot_name) {
                let this = slot_name(&slot).unwrap_or_default();
                return Err(TemplateError::Adjacent(prev, this));
            }
            parts.push(slot);
            offset += close + 1;
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        let pieces = pieces(&parts);
        Ok(Template { parts, pieces })
    }

    /// The pieces, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The built-in placeholders, in order of appearance (a repeated one
    /// appears twice).
    pub fn placeholders(&self) -> Vec<Placeholder> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Slot(s) => Some(*s),
                Part::Literal(_) | Part::Named(_) => None,
            })
            .collect()
    }

    /// Every slot's name as the article writes it (`package ID`, `site`), in
    /// order of appearance.
    pub fn slot_names(&self) -> Vec<String> {
        self.parts.iter().filter_map(slot_name).collect()
    }

    /// Render with values by slot name (built-in placeholders by their
    /// name, `package ID`); missing ones stay as `<name>`.
    pub fn render_named(&self, value: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Slot(_) | Part::Named(_) => {
                    let name = slot_name(part).unwrap_or_default();
                    match value(&name) {
                        Some(v) => out.push_str(&v),
                        None => {
                            out.push('<');
                            out.push_str(&name);
                            out.push('>');
                        }
                    }
                }
            }
        }
        out
    }

    /// [`Template::capture`] with every slot, built-in or declared, by name.
    pub fn capture_named(&self, text: &str) -> Option<Vec<(String, String)>> {
        if text.len() > MAX_CAPTURE {
            return None;
        }
        let squashed = squash_spaces(text);
        let orig = squashed.trim().trim_end_matches('.');
        let lower = orig.to_ascii_lowercase();
        let mut out = Vec::new();
        if match_from(&self.pieces, &lower, orig, 0, &mut out) {
            Some(out.into_iter().map(|(s, v)| (s.name, v)).collect())
        } else {
            None
        }
    }

    /// Render with the given values (missing ones stay as `<name>`).
    pub fn render(&self, value: impl Fn(Placeholder) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Slot(s) => match value(*s) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&s.to_string()),
                },
                Part::Named(n) => {
                    out.push('<');
                    out.push_str(n);
                    out.push('>');
                }
            }
        }
        out
    }

    /// Match `text` against the whole template and return each placeholder's
    /// value, in template order. Literal text compares case-insensitively (ASCII)
    /// with any run of white space equal to any other, so a re-wrapped or
    /// re-cased paste still matches; a slot takes the shortest text that lets the
    /// rest match, and is never empty. Leading and trailing white space and a
    /// final `.` missing from either side are tolerated.
    ///
    /// Texts longer than [`MAX_CAPTURE`] bytes never match: no status message or
    /// registry path is that long, and the bound keeps the backtracking search
    /// cheap on any paste.
    pub fn capture(&self, text: &str) -> Option<Vec<(Placeholder, String)>> {
        if text.len() > MAX_CAPTURE {
            return None;
        }
        let squashed = squash_spaces(text);
        let orig = squashed.trim().trim_end_matches('.');
        // ASCII lower-casing keeps byte offsets, so offsets found in `lower`
        // index `orig` too.
        let lower = orig.to_ascii_lowercase();
        let mut out = Vec::new();
        if match_from(&self.pieces, &lower, orig, 0, &mut out) {
            Some(
                out.into_iter()
                    .filter_map(|(s, v)| s.builtin.map(|p| (p, v)))
                    .collect(),
            )
        } else {
            None
        }
    }
}

/// The name of a slot part (`None` for a literal).
fn slot_name(part: &Part) -> Option<String> {
    match part {
        Part::Slot(p) => Some(p.name().to_string()),
        Part::Named(n) => Some(n.clone()),
        Part::Literal(_) => None,
    }
}

/// What [`Template::capture`] matches: literals white-space-squashed and
/// ASCII-lower-cased, the first trimmed at its start, the last at its end and
/// of a final `.`; empty literals dropped.
fn pieces(parts: &[Part]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Slot(s) => pieces.push(Piece::Slot(SlotRef {
                builtin: Some(*s),
                name: s.name().to_string(),
            })),
            Part::Named(n) => pieces.push(Piece::Slot(SlotRef {
                builtin: None,
                name: n.clone(),
            })),
            Part::Literal(l) => {
                let mut l = squash_spaces(l).to_ascii_lowercase();
                if i == 0 {
                    l = l.trim_start().to_string();
                }
                if i + 1 == parts.len() {
                    l = l.trim_end().trim_end_matches('.').to_string();
                }
                if !l.is_empty() {
                    let finder = memchr::memmem::Finder::new(l.as_bytes()).into_owned();
                    pieces.push(Piece::Literal(l, Box::new(finder)));
                }
            }
        }
    }
    pieces
}

/// A literal keeps its searcher, built once per template.
#[derive(Debug, Clone)]
enum Piece {
    Literal(String, Box<memchr::memmem::Finder<'static>>),
    Slot(SlotRef),
}

/// A slot as matching sees it: its name, and the built-in placeholder it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SlotRef {
    builtin: Option<Placeholder>,
    name: String,
}

/// Backtracking match of `pieces` against `lower[pos..]` to its end. Templates
/// have a handful of slots, and each slot's candidates are the occurrences of
/// the literal after it, so the search stays small; values are cut from `orig`.
fn match_from(
    pieces: &[Piece],
    lower: &str,
    orig: &str,
    pos: usize,
    out: &mut Vec<(SlotRef, String)>,
) -> bool {
    let rest_of = |from: usize| lower.get(from..).unwrap_or("");
    match pieces.split_first() {
        None => pos >= lower.len(),
        Some((Piece::Literal(l, _), rest)) => {
            rest_of(pos).starts_with(l.as_str())
                && match_from(rest, lower, orig, pos + l.len(), out)
        }
        Some((Piece::Slot(s), rest)) => match rest.first() {
            None => {
                let value = orig.get(pos..).unwrap_or("").trim();
                if value.is_empty() {
                    return false;
                }
                out.push((s.clone(), value.to_string()));
                true
            }
            Some(Piece::Literal(_, finder)) => {
                let mut from = pos;
                while let Some(found) = finder.find(rest_of(from).as_bytes()) {
                    let at = from + found;
                    // A UTF-8 needle only matches at a character boundary.
                    let value = orig.get(pos..at).unwrap_or("").trim();
                    if !value.is_empty() {
                        let mark = out.len();
                        out.push((s.clone(), value.to_string()));
                        if match_from(rest, lower, orig, at, out) {
                            return true;
                        }
                        out.truncate(mark);
                    }
                    // Step past this occurrence's first character.
                    from = at + rest_of(at).chars().next().map_or(1, char::len_utf8);
                }
                false
            }
            // Adjacent slots are rejected by `parse`.
            Some(Piece::Slot(_)) => false,
        },
    }
}

/// Every run of white space as one space.
pub(crate) fn squash_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T2328: &str = "SMS Distribution Manager failed to copy package <package ID> from <package source> to <Distribution Point location>.";

    #[test]
    fn parses_placeholders_in_order() {
        let t = Template::parse(T2328).unwrap();
        assert_eq!(
            t.placeholders(),
            vec![
                Placeholder::PackageId,
                Placeholder::PackageSource,
                Placeholder::DpLocation
            ]
        );
    }

    #[test]
    fn rejects_unknown_and_unclosed() {
        assert_eq!(
            Template::parse("copy <package GUID> now"),
            Err(TemplateError::UnknownPlaceholder("package GUID".into()))
        );
        assert_eq!(
            Template::parse("copy <package ID"),
            Err(TemplateError::Unclosed(5))
        );
        assert_eq!(
            Template::parse("<package ID><site code>"),
            Err(TemplateError::Adjacent(
                "package ID".to_string(),
                "site code".to_string()
            ))
        );
    }

    #[test]
    fn captures_values_with_spaces_and_rewrapping() {
        let t = Template::parse(T2328).unwrap();
        let got = t
            .capture("SMS Distribution Manager failed to copy package LAB00012 from\n  \\\\SRC\\Share\\My App to \\\\DP01\\SMSPKGC$\\LAB00012\\.")
            .unwrap();
        assert_eq!(
            got,
            vec![
                (Placeholder::PackageId, "LAB00012".to_string()),
                (
                    Placeholder::PackageSource,
                    "\\\\SRC\\Share\\My App".to_string()
                ),
                (
                    Placeholder::DpLocation,
                    "\\\\DP01\\SMSPKGC$\\LAB00012\\".to_string()
                ),
            ]
        );
    }

    #[test]
    fn capture_backtracks_over_literal_inside_a_value() {
        let t = Template::parse("copy <package source> to <Distribution Point location>").unwrap();
        let got = t.capture("copy C:\\a to b to \\\\DP\\x").unwrap();
        assert_eq!(got[0].1, "C:\\a");
        assert_eq!(got[1].1, "b to \\\\DP\\x");
    }

    #[test]
    fn capture_rejects_other_text_and_empty_slots() {
        let t = Template::parse(T2328).unwrap();
        assert_eq!(
            t.capture("SMS Distribution Manager failed to process package X"),
            None
        );
        assert_eq!(
            t.capture("SMS Distribution Manager failed to copy package  from a to b."),
            None
        );
    }

    #[test]
    fn capture_never_panics_on_multibyte_text() {
        let t = Template::parse("é<package ID>ü").unwrap();
        assert_eq!(
            t.capture("éÄÖü"),
            Some(vec![(Placeholder::PackageId, "ÄÖ".to_string())])
        );
        assert_eq!(t.capture("ü"), None);
        assert_eq!(t.capture(""), None);
    }

    #[test]
    fn render_fills_known_values() {
        let t = Template::parse("key\\<package ID>").unwrap();
        assert_eq!(t.render(|_| Some("A1".into())), "key\\A1");
        assert_eq!(t.render(|_| None), "key\\<package ID>");
    }
}
