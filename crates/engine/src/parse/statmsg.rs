//! The `STATMSG: ID=2302 SEV=E ... GMTDATE=... ISTR0="..." ... AVAL0="..."`
//! lines that SMS components write to their logs when they raise a status
//! message: a `KEY=value` tokenizer that knows quoted values (which may hold
//! spaces, quotes and re-joined line breaks), `<...>` values and unquoted
//! values with spaces (`GMTDATE=Mon Jun 07 23:23:16.472 2004`).

use super::datetime;
use super::datetime::DateMemo;
use super::out::Interner;
use crate::evidence::{Severity, Stamp, StatusMessage, StatusOrigin};

/// The marker that starts a status message in a log line.
pub const MARKER: &str = "STATMSG:";

/// Attribute ID that carries the package ID.
pub const ATTR_PACKAGE_ID: u32 = 400;

/// Iterates `(KEY, value)` pairs; quotes and angle brackets are stripped.
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    /// The key found while looking for the end of the last value (its start
    /// and length), so that it is not read twice.
    next_key: Option<(usize, usize)>,
}

/// Bytes a key may hold after its first letter: `A-Z`, `0-9`, `_`.
const KEY_BYTE: [bool; 256] = {
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
fn key_at(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    if !rest.first()?.is_ascii_uppercase() {
        return None;
    }
    let len = rest.iter().position(|&b| !KEY_BYTE[usize::from(b)])?;
    (rest[len] == b'=').then_some(len)
}

/// How a value ends.
enum After {
    /// Not here: the value goes on.
    No,
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
        return After::No;
    }
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= bytes.len() {
        return After::End;
    }
    match key_at(bytes, i) {
        Some(len) => After::Key(i, len),
        None => After::No,
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
            Some(b'<') => quoted(bytes, start + 1, b'>'),
            _ => unquoted(bytes, start),
        };
        self.pos = value.end;
        self.next_key = value.next_key;
        // All delimiters are ASCII, so these are char boundaries.
        Some((key, self.text.get(value.from..value.to).unwrap_or("")))
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
                After::End | After::No => None,
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
            After::No => search = at + 1,
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
            After::No => i += 1,
            after => return Value::ended(from, i, i, after),
        }
    }
    Value::to_end(from, bytes.len())
}

/// `I`/`W`/`E` as STATMSG writes severities.
pub fn severity(code: &str) -> Option<Severity> {
    match code.trim() {
        "I" | "i" => Some(Severity::Info),
        "W" | "w" => Some(Severity::Warning),
        "E" | "e" => Some(Severity::Error),
        _ => None,
    }
}

/// Attribute slots read per message (SMS writes one to three; more are ignored).
const MAX_ATTRS: usize = 16;

/// Parse the text from `STATMSG:` on. `None` when it has no numeric `ID=`.
/// `time` gets UTC from `GMTDATE`; the caller adds the log's local time.
/// Repeated values (component, site, insertion strings) are shared through `strings`.
/// `GMTDATE`s are read through `dates`, which remembers the last one's date words.
pub fn parse(text: &str, strings: &mut Interner, dates: &mut DateMemo) -> Option<StatusMessage> {
    let body = text.trim_start().strip_prefix(MARKER).unwrap_or(text);
    let mut msg = StatusMessage {
        origin: Some(StatusOrigin::Statmsg),
        ..StatusMessage::default()
    };
    let mut id = None;
    // Borrowed until the end, so that each kept string is allocated once.
    let mut istr: [Option<&str>; 10] = [None; 10];
    let mut aids: [Option<u32>; MAX_ATTRS] = [None; MAX_ATTRS];
    let mut avals: [Option<&str>; MAX_ATTRS] = [None; MAX_ATTRS];
    let index = |key: &str, prefix: &str, limit: usize| {
        key.strip_prefix(prefix)
            .and_then(|n| datetime::number(n, 2))
            .map(|n| n as usize)
            .filter(|&n| n < limit)
    };
    for (key, value) in Tokens::new(body) {
        match key {
            "ID" => id = datetime::number(value.trim(), 9),
            "SEV" => msg.severity = severity(value),
            "COMP" => msg.component = Some(strings.get(value)),
            "SYS" => msg.system = Some(strings.get(value)),
            "SITE" => msg.site = Some(strings.get(value)),
            "GMTDATE" => {
                if let Some((utc, _)) = dates.sms_date(value) {
                    msg.time = Stamp {
                        utc: Some(utc.and_utc()),
                        ..Stamp::default()
                    };
                }
            }
            _ => {
                if let Some(n) = index(key, "ISTR", istr.len()) {
                    istr[n] = Some(value);
                } else if let Some(n) = index(key, "AVAL", MAX_ATTRS) {
                    avals[n] = Some(value);
                } else if let Some(n) = index(key, "AID", MAX_ATTRS) {
                    aids[n] = datetime::number(value.trim(), 9);
                }
            }
        }
    }
    msg.id = id?;
    // Up to the last non-empty one: SMS writes all ten, most of them `""`,
    // and an empty string at the end says nothing a missing one does not.
    if let Some(last) = istr.iter().rposition(|s| s.is_some_and(|s| !s.is_empty())) {
        msg.strings = istr[..=last]
            .iter()
            .map(|s| strings.get(s.unwrap_or_default()))
            .collect();
    }
    for (aid, val) in aids.iter().zip(&avals) {
        if let (Some(aid), Some(val)) = (aid, val) {
            let val = strings.get(val);
            if *aid == ATTR_PACKAGE_ID && msg.package_id.is_none() {
                msg.package_id = Some(crate::evidence::Shared::clone(&val));
            }
            msg.attributes.push((*aid, val));
        }
    }
    Some(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_quoted_unquoted_and_spaced_dates() {
        let t: Vec<_> = Tokens::new(
            r#"ID=2302 SOURCE="SMS Server" GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0="a "b" c" ISTR1="" X=<1 2>"#,
        )
        .collect();
        assert_eq!(
            t,
            [
                ("ID", "2302"),
                ("SOURCE", "SMS Server"),
                ("GMTDATE", "Mon Jun 07 23:23:16.472 2004"),
                ("ISTR0", r#"a "b" c"#),
                ("ISTR1", ""),
                ("X", "1 2"),
            ]
        );
    }

    #[test]
    fn every_ascii_white_space_separates() {
        let t: Vec<_> = Tokens::new("A=x y\x0cB=1\rC=2\nD=3\tE=4 F=\r\n").collect();
        assert_eq!(
            t,
            [
                ("A", "x y"),
                ("B", "1"),
                ("C", "2"),
                ("D", "3"),
                ("E", "4"),
                ("F", "")
            ]
        );
    }

    #[test]
    fn unterminated_and_junk() {
        let t: Vec<_> = Tokens::new(r#"junk ID=1 ISTR0="open"#).collect();
        assert_eq!(t, [("ID", "1"), ("ISTR0", "open")]);
        assert_eq!(Tokens::new("= \" =\"").count(), 0);
    }

    #[test]
    fn full_message() {
        let m = parse(r#"STATMSG: ID=2328 SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0="CEN00012" ISTR1="\\SRC\share" ISTR2="" NUMATTRS=1 AID0=400 AVAL0="CEN00012""#, &mut Interner::default(), &mut DateMemo::default())
            .expect("parses");
        assert_eq!(m.id, 2328);
        assert_eq!(m.severity, Some(Severity::Error));
        assert_eq!(m.component.as_deref(), Some("SMS_DISTRIBUTION_MANAGER"));
        assert_eq!(m.system.as_deref(), Some("CENTRAL1"));
        assert_eq!(m.site.as_deref(), Some("CEN"));
        assert_eq!(m.strings, ["CEN00012".into(), r"\\SRC\share".into()]);
        assert_eq!(m.attributes, [(400, "CEN00012".into())]);
        assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
        assert_eq!(
            m.time.utc.map(|u| u.to_string()).as_deref(),
            Some("2004-06-07 23:23:16.472 UTC")
        );
    }

    #[test]
    fn no_id_is_none() {
        assert!(parse(
            "STATMSG: SEV=E",
            &mut Interner::default(),
            &mut DateMemo::default()
        )
        .is_none());
        assert!(parse(
            "STATMSG: ID=x",
            &mut Interner::default(),
            &mut DateMemo::default()
        )
        .is_none());
    }
}
