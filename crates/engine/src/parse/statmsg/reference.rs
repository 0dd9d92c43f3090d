//! The general reading of a status message: a `KEY=value` tokenizer that
//! knows quoted values (which may hold spaces, quotes and re-joined line
//! breaks), `<...>` values and unquoted values with spaces
//! (`GMTDATE=Mon Jun 07 23:23:16.472 2004`), with keys in any order and junk
//! words skipped. Every line can be read this way; it is what the fast path
//! ([`super::fast`]) must agree with.

use super::{severity, Fields, MAX_ATTRS};
use crate::parse::cache::dates::DateMemo;
use crate::parse::{datetime, trim};

/// Iterates `(KEY, value)` pairs; quotes and angle brackets are stripped.
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    /// The key found while looking for the end of the last value (its start
    /// and length), so that it is not read twice.
    next_key: Option<(usize, usize)>,
}

/// Bytes a key may hold after its first letter: `A-Z`, `0-9`, `_`.
pub(super) const KEY_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_';
        b += 1;
    }
    table
};

/// Does `bytes[at..]` start with `KEY=` (an uppercase letter, then uppercase
/// letters, digits or underscores)? The key's length if so.
pub(super) fn key_at(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    if !rest.first()?.is_ascii_uppercase() {
        return None;
    }
    let len = rest.iter().position(|&b| !KEY_BYTE[usize::from(b)])?;
    (rest[len] == b'=').then_some(len)
}

/// How a value ends.
enum After {
    /// Not here: the value goes on; the next possible end is at or after this
    /// position (past a run of white space, so that a long run is crossed
    /// once, not once per byte).
    No(usize),
    /// At the end of the text.
    End,
    /// White space, then the next `KEY=` (its start and length).
    Key(usize, usize),
}

/// Does a value end at `at`: end of text, or white space then `KEY=`?
fn value_ends_at(bytes: &[u8], at: usize) -> After {
    let mut i = at;
    if i >= bytes.len() {
        return After::End;
    }
    if !bytes[i].is_ascii_whitespace() {
        return After::No(i);
    }
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= bytes.len() {
        return After::End;
    }
    match key_at(bytes, i) {
        Some(len) => After::Key(i, len),
        None => After::No(i),
    }
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Self {
        Tokens {
            text,
            pos: 0,
            next_key: None,
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let bytes = self.text.as_bytes();
        let (at, key_len) = match self.next_key.take() {
            Some(key) => key,
            None => loop {
                while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
                    self.pos += 1;
                }
                if self.pos >= bytes.len() {
                    return None;
                }
                match key_at(bytes, self.pos) {
                    Some(len) => break (self.pos, len),
                    // Not a key: skip this word.
                    None => {
                        while self.pos < bytes.len() && !bytes[self.pos].is_ascii_whitespace() {
                            self.pos += 1;
                        }
                    }
                }
            },
        };
        let key = &self.text[at..at + key_len];
        let start = at + key_len + 1;
        let value = match bytes.get(start) {
            Some(b'"') => quoted(bytes, start + 1, b'"'),
            Some(b'<') => {
                let mut value = quoted(bytes, start + 1, b'>');
                (value.from, value.to) = keep_placeholder(bytes, value.from, value.to);
                value
            }
            _ => unquoted(bytes, start),
        };
        self.pos = value.end;
        self.next_key = value.next_key;
        // All delimiters are ASCII, so these are char boundaries.
        Some((key, self.text.get(value.from..value.to).unwrap_or("")))
    }
}

/// The span `start..end` of a value written between `<` and `>`, with the
/// brackets when its words make it a placeholder as articles print them
/// (`SITE=<site code>`, `AVAL0=<package ID>`): it is then dropped as one
/// (`parse::placeholder::scrub_status`), not read as the site `site code`.
/// Other bracketed values (`GMTDATE=<Mon Jun 07 23:23:16.472 2004>`) are read
/// without their brackets, as before. Only values that open with `<` come
/// here, so a real log's lines never do.
#[inline(never)]
pub(super) fn keep_placeholder(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    let Some(open) = start.checked_sub(1) else {
        return (start, end);
    };
    match bytes.get(open..=end) {
        Some(whole)
            if whole.first() == Some(&b'<')
                && whole.last() == Some(&b'>')
                && crate::evidence::is_placeholder_bytes(whole) =>
        {
            (open, end + 1)
        }
        _ => (start, end),
    }
}

/// Where a value is, where reading goes on, and the next key if already found.
struct Value {
    from: usize,
    to: usize,
    end: usize,
    next_key: Option<(usize, usize)>,
}

impl Value {
    /// A value running to the end of the text.
    fn to_end(from: usize, len: usize) -> Self {
        Value {
            from,
            to: len,
            end: len,
            next_key: None,
        }
    }

    /// A value `from..to` ended as `after` says (not [`After::No`]).
    fn ended(from: usize, to: usize, end: usize, after: After) -> Self {
        Value {
            from,
            to,
            end,
            next_key: match after {
                After::Key(at, len) => Some((at, len)),
                After::End | After::No(_) => None,
            },
        }
    }
}

/// A value opened by a quote at `from - 1`: closed by the first `close` that is
/// followed by the end or by `KEY=`; unterminated values run to the end.
fn quoted(bytes: &[u8], from: usize, close: u8) -> Value {
    let mut search = from;
    // A byte loop: most values are a few bytes long (`ISTR3=""`), too short
    // for memchr's set-up to pay.
    while let Some(found) = bytes
        .get(search..)
        .and_then(|rest| rest.iter().position(|&b| b == close))
    {
        let at = search + found;
        match value_ends_at(bytes, at + 1) {
            // No close quote lies in white space: on from there.
            After::No(next) => search = next,
            after => return Value::ended(from, at, at + 1, after),
        }
    }
    Value::to_end(from, bytes.len())
}

/// An unquoted value: runs until whitespace followed by `KEY=`, or the end.
fn unquoted(bytes: &[u8], from: usize) -> Value {
    let mut i = from;
    while i < bytes.len() {
        // The next ASCII white space; unquoted values are short (`SEV=E`).
        match bytes[i..].iter().position(u8::is_ascii_whitespace) {
            Some(found) => i += found,
            None => break,
        }
        match value_ends_at(bytes, i) {
            After::No(next) => i = next,
            after => return Value::ended(from, i, i, after),
        }
    }
    Value::to_end(from, bytes.len())
}

/// Read one key's value into `fields` (keys kbwiz does not use are
/// ignored). A later value of the same key replaces an earlier one, except a
/// `GMTDATE` that does not read as a date. Dates are read through `dates`
/// when given (the fast reading's memo), else by [`datetime::sms_date`].
fn take<'a>(fields: &mut Fields<'a>, key: &str, value: &'a str, dates: Option<&mut DateMemo>) {
    let index = |key: &str, prefix: &str, limit: usize| {
        key.strip_prefix(prefix)
            .and_then(|n| datetime::number(n, 2))
            .map(|n| n as usize)
            .filter(|&n| n < limit)
    };
    match key {
        "ID" => fields.id = datetime::number(trim::both(value), 9),
        "SEV" => fields.severity = severity(value),
        "COMP" => fields.component = Some(value),
        "SYS" => fields.system = Some(value),
        "SITE" => fields.site = Some(value),
        "GMTDATE" => {
            let date = match dates {
                Some(memo) => memo.sms_date(value),
                None => datetime::sms_date(value),
            };
            if let Some((utc, _)) = date {
                fields.utc = Some(utc);
            }
        }
        _ => {
            if let Some(n) = index(key, "ISTR", fields.istr.len()) {
                fields.istr[n] = Some(value);
            } else if let Some(n) = index(key, "AVAL", MAX_ATTRS) {
                fields.avals[n] = Some(value);
            } else if let Some(n) = index(key, "AID", MAX_ATTRS) {
                fields.aids[n] = datetime::number(trim::both(value), 9);
            }
        }
    }
}

/// Read any `KEY=value` text into `fields`: keys in any order, junk words
/// skipped (`dates` as for [`take`]).
#[inline(never)]
pub(super) fn read<'a>(body: &'a str, mut dates: Option<&mut DateMemo>, fields: &mut Fields<'a>) {
    for (key, value) in Tokens::new(body) {
        take(fields, key, value, dates.as_deref_mut());
    }
}
