//! Log-line patterns: the text of a component log line an article says
//! proves something, with `<name>` slots for the parts that vary
//! (`SQL Msg #<sql_msg>> This SiteCode (<site>) does not exist in the parent
//! table`). A pattern is a [`Template`] whose slots are the article's
//! declared fields ([`FieldDef`]), matched anywhere in a line.
//!
//! Matching is one forward pass, never backtracking: the first literal is
//! found at its first occurrence in the line, each slot then takes the text up
//! to the first occurrence of the literal after it, and a slot at the end
//! takes the rest of the line (or, for a field of a token kind such as a
//! number or a site code, the token there). So a line costs a few substring
//! searches over it, whatever the line, which keeps a log of a million lines
//! as cheap to match as it is to read. The price is that a slot cannot hold
//! the literal that follows it; the patterns articles print do not need that.
//!
//! Literal text compares case-insensitively (ASCII), with any run of white
//! space equal to any other, as for status message templates.
//!
//! Our matcher, not `regex-lite`: 5.4 KB against 25.4 KB of gzip wasm and
//! 9x faster on a large log (`docs/performance.md`, "Log-line patterns").

use crate::kb::messages::{FieldDef, FieldKind};
use crate::kb::template::{squash_spaces, Part, Template, TemplateError};
use memchr::memmem::Finder;
use std::rc::Rc;

/// A compiled line pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pieces: Vec<LinePiece>,
}

/// A word of a pattern's literal text ([`Pattern::literal_words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiteralWord<'p> {
    /// The word, ASCII lower-cased.
    pub text: &'p [u8],
    /// Whether a line the pattern matches holds it as a whole word: with
    /// white space (or nothing) on both sides, never inside a longer run.
    pub whole: bool,
}

#[derive(Debug, Clone)]
enum LinePiece {
    Literal(Box<Finder<'static>>, usize),
    /// A slot: its field's name (shared with every capture of it) and kind.
    Slot(Rc<str>, FieldKind),
}

impl Pattern {
    /// Compile `text`; its slots must be fields of `fields` (or built-in
    /// placeholders, which count as text unless declared otherwise). A
    /// pattern must have literal text and may not start with a slot.
    pub fn compile(text: &str, fields: &[FieldDef]) -> Result<Pattern, TemplateError> {
        let kind_of = |name: &str| {
            fields
                .iter()
                .find(|f| squash_spaces(&f.name).trim().eq_ignore_ascii_case(name))
                .map(|f| f.kind)
        };
        let template = Template::parse_open(text, |name| kind_of(name).is_some())?;
        let mut pieces = Vec::new();
        for part in template.parts() {
            match part {
                Part::Literal(l) => {
                    let l = squash_spaces(l).to_ascii_lowercase();
                    let l = if pieces.is_empty() {
                        l.trim_start().to_string()
                    } else {
                        l
                    };
                    if !l.is_empty() {
                        let len = l.len();
                        pieces.push(LinePiece::Literal(
                            Box::new(Finder::new(l.as_bytes()).into_owned()),
                            len,
                        ));
                    }
                }
                Part::Slot(p) => {
                    let kind = kind_of(p.name()).unwrap_or(FieldKind::Text);
                    if pieces.is_empty() {
                        return Err(TemplateError::LeadingSlot);
                    }
                    pieces.push(LinePiece::Slot(Rc::from(p.name()), kind));
                }
                Part::Named(n) => {
                    let kind = kind_of(n).unwrap_or(FieldKind::Text);
                    if pieces.is_empty() {
                        return Err(TemplateError::LeadingSlot);
                    }
                    pieces.push(LinePiece::Slot(Rc::from(n.as_str()), kind));
                }
            }
        }
        if !pieces.iter().any(|p| matches!(p, LinePiece::Literal(..))) {
            return Err(TemplateError::NoLiteral);
        }
        Ok(Pattern { pieces })
    }

    /// The runs of literal text without white space, each once, in the
    /// order they first appear, ASCII lower-cased: a line the pattern
    /// matches holds each of them (compared in ASCII lower case), with its
    /// white space as it is or squashed, so a line without one of them need
    /// not be squashed and tried. A word is [`LiteralWord::whole`] where the
    /// literal has white space on both sides of it: the line then holds it
    /// as a whole word too. Empty when the literals are all white space.
    pub fn literal_words(&self) -> Vec<LiteralWord<'_>> {
        let mut words: Vec<LiteralWord<'_>> = Vec::new();
        let literals = self.pieces.iter().filter_map(|p| match p {
            LinePiece::Literal(finder, _) => Some(finder.needle()),
            LinePiece::Slot(..) => None,
        });
        for literal in literals {
            let parts: Vec<&[u8]> = literal.split(|&b| b == b' ').collect();
            for (i, &text) in parts.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                // A space before and after it, inside this literal: the
                // first literal's start is not one (the pattern is matched
                // anywhere in a line), nor a slot's edge.
                let whole = i > 0 && i + 1 < parts.len();
                match words.iter_mut().find(|w| w.text == text) {
                    Some(w) => w.whole |= whole,
                    None => words.push(LiteralWord { text, whole }),
                }
            }
        }
        words
    }

    /// Where in `line` the pattern occurs, with each slot's value by name;
    /// `None` when it does not (or a value is not of its field's kind).
    pub fn find(&self, line: &str) -> Option<Vec<(Rc<str>, String)>> {
        let orig = squash_spaces(line);
        // ASCII lower-casing keeps byte offsets.
        let lower = orig.to_ascii_lowercase();
        self.find_prepared(&orig, &lower)
    }

    /// [`Pattern::find`] on a line already prepared: `orig` with its white
    /// space squashed ([`squash_spaces`]) and `lower`, that ASCII-lower-cased,
    /// so that several patterns tried on one line prepare it once.
    pub fn find_prepared(&self, orig: &str, lower: &str) -> Option<Vec<(Rc<str>, String)>> {
        if orig.len() != lower.len() {
            return None;
        }
        let bytes = lower.as_bytes();
        let mut pos = 0usize;
        let mut out = Vec::new();
        let mut open: Option<(&Rc<str>, FieldKind, usize)> = None;
        for piece in &self.pieces {
            match piece {
                LinePiece::Literal(finder, len) => {
                    let mut from = pos;
                    let at = loop {
                        let found = from + finder.find(bytes.get(from..)?)?;
                        match open {
                            // A slot's value is never empty: look further on.
                            Some((_, _, start))
                                if orig.get(start..found).is_none_or(|v| v.trim().is_empty()) =>
                            {
                                from = found + 1;
                            }
                            _ => break found,
                        }
                    };
                    if let Some((name, kind, start)) = open.take() {
                        let value = orig.get(start..at)?.trim();
                        if !kind.accepts(value) {
                            return None;
                        }
                        out.push((name.clone(), value.to_string()));
                    }
                    pos = at + len;
                }
                LinePiece::Slot(name, kind) => open = Some((name, *kind, pos)),
            }
        }
        if let Some((name, kind, start)) = open {
            let rest = orig.get(start..)?.trim_start();
            let value = if kind.is_token() {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || "._-".contains(c)))
                    .unwrap_or(rest.len());
                rest[..end].trim_end_matches('.')
            } else {
                rest.trim_end().trim_end_matches(['.', '~']).trim_end()
            };
            if value.is_empty() || !kind.accepts(value) {
                return None;
            }
            out.push((name.clone(), value.to_string()));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<FieldDef> {
        let f = |name: &str, kind| FieldDef {
            name: name.into(),
            kind,
            about: String::new(),
            insertion: None,
        };
        vec![
            f("sql_msg", FieldKind::Number),
            f("site", FieldKind::SiteCode),
            f("pkg_file", FieldKind::Path),
            f("error", FieldKind::Number),
        ]
    }

    #[test]
    fn finds_captures_anywhere_in_a_line() {
        let p = Pattern::compile(
            "SQL Msg #<sql_msg>> This SiteCode (<site>) does not exist in the parent table",
            &fields(),
        )
        .unwrap();
        assert_eq!(
            p.find("~SQL Msg #99901> This SiteCode (SEC) does not exist in the parent table,   Sites.~"),
            Some(vec![
                (Rc::from("sql_msg"), "99901".to_string()),
                (Rc::from("site"), "SEC".to_string())
            ])
        );
        assert_eq!(
            p.find("SQL Msg #x> This SiteCode (SEC) does not exist in the parent table"),
            None
        );
        assert_eq!(
            p.find("SQL Msg #1> This SiteCode (SECOND) does not exist in the parent table"),
            None
        );
        assert_eq!(p.find("Processing incoming file"), None);
    }

    #[test]
    fn a_final_slot_takes_the_rest_or_its_token() {
        let p = Pattern::compile("Processing incoming file <pkg_file>", &fields()).unwrap();
        assert_eq!(
            p.find(
                "Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\RD5L85BW.PKG."
            ),
            Some(vec![(
                Rc::from("pkg_file"),
                "C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\RD5L85BW.PKG".to_string()
            )])
        );
        let e = Pattern::compile("error = <error>", &fields()).unwrap();
        assert_eq!(
            e.find("Cannot update the package server X, error = 3 (retrying)"),
            Some(vec![(Rc::from("error"), "3".to_string())])
        );
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert_eq!(
            Pattern::compile("<site> is gone", &fields()).err(),
            Some(TemplateError::LeadingSlot)
        );
        assert_eq!(
            Pattern::compile("x <nope>", &fields()).err(),
            Some(TemplateError::UnknownPlaceholder("nope".into()))
        );
        assert_eq!(
            Pattern::compile("x <site><error>", &fields()).err(),
            Some(TemplateError::Adjacent("site".into(), "error".into()))
        );
    }

    #[test]
    fn literal_words_say_which_are_whole() {
        let p = Pattern::compile(
            "SQL Msg #<sql_msg>> This SiteCode (<site>) does not exist",
            &fields(),
        )
        .unwrap();
        let words: Vec<(&[u8], bool)> = p
            .literal_words()
            .iter()
            .map(|w| (w.text, w.whole))
            .collect();
        let expected: [(&[u8], bool); 10] = [
            (b"sql", false),
            (b"msg", true),
            (b"#", false),
            (b">", false),
            (b"this", true),
            (b"sitecode", true),
            (b"(", false),
            (b")", false),
            (b"does", true),
            (b"not", true),
        ];
        assert_eq!(words[..10], expected);
        assert_eq!(words[10..], [(&b"exist"[..], false)]);
        // A word whole in one place and not in another is whole.
        let e = Pattern::compile("error = <error> error code", &fields()).unwrap();
        let words: Vec<(&[u8], bool)> = e
            .literal_words()
            .iter()
            .map(|w| (w.text, w.whole))
            .collect();
        assert_eq!(
            words,
            [(&b"error"[..], true), (b"=", true), (b"code", false)]
        );
    }

    /// The pass is linear: a line of many near-matches costs one scan.
    #[test]
    fn adversarial_lines_stay_linear() {
        let p = Pattern::compile("a <site> b <error> c", &fields()).unwrap();
        let line = "a ".repeat(200_000) + "x";
        let start = std::time::Instant::now();
        assert_eq!(p.find(&line), None);
        assert!(start.elapsed().as_millis() < 2000, "{:?}", start.elapsed());
    }
}
