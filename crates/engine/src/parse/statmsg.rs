//! The `STATMSG: ID=2302 SEV=E ... GMTDATE=... ISTR0="..." ... AVAL0="..."`
//! lines that SMS components write to their logs when they raise a status
//! message: a `KEY=value` tokenizer that knows quoted values (which may hold
//! spaces, quotes and re-joined line breaks), `<...>` values and unquoted
//! values with spaces (`GMTDATE=Mon Jun 07 23:23:16.472 2004`).

use super::datetime::DateMemo;
use super::out::{Interner, Slot, Spare};
pub(crate) use super::statmsg_memo::Memo;
use super::statmsg_memo::{self as memo};
use super::swar::{self, Key};
use super::{datetime, trim};
use crate::evidence::{Severity, StatusMessage, StatusOrigin};

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
/// ([`super::placeholder::scrub_status`]), not read as the site `site code`.
/// Other bracketed values (`GMTDATE=<Mon Jun 07 23:23:16.472 2004>`) are read
/// without their brackets, as before. Only values that open with `<` come
/// here, so a real log's lines never do.
#[inline(never)]
fn keep_placeholder(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
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

/// `I`/`W`/`E` as STATMSG writes severities.
pub fn severity(code: &str) -> Option<Severity> {
    match trim::both(code) {
        "I" | "i" => Some(Severity::Info),
        "W" | "w" => Some(Severity::Warning),
        "E" | "e" => Some(Severity::Error),
        _ => None,
    }
}

/// Attribute slots read per message (SMS writes one to three; more are ignored).
const MAX_ATTRS: usize = 16;

/// What a `STATMSG` line says, borrowed from the line until the message is built.
#[derive(Debug, Default, PartialEq)]
struct Fields<'a> {
    id: Option<u32>,
    severity: Option<Severity>,
    component: Option<&'a str>,
    system: Option<&'a str>,
    site: Option<&'a str>,
    utc: Option<chrono::NaiveDateTime>,
    istr: [Option<&'a str>; 10],
    aids: [Option<u32>; MAX_ATTRS],
    avals: [Option<&'a str>; MAX_ATTRS],
}

/// Parse the text from `STATMSG:` on. `None` when it has no numeric `ID=`.
/// `time` gets UTC from `GMTDATE`; the caller adds the log's local time.
/// Repeated values (component, site, insertion strings) are shared through `strings`.
/// `memo` remembers what the last line's `GMTDATE` and middle keys held.
///
/// Lines in the order SMS writes its keys take a fast path ([`canonical`]);
/// any other line, or one whose values could be read two ways, is read by the
/// general tokenizer ([`general`]). Both give the same fields for the lines
/// the fast path takes (a property test checks it).
pub(crate) fn parse(
    text: &str,
    strings: &mut Interner,
    memo: &mut Memo,
    spare: &mut Spare,
) -> Option<StatusMessage> {
    let body = body_of(text);
    let mut fields = Fields::default();
    if !canonical(body, memo, &mut fields) {
        fields = Fields::default();
        general(body, &mut memo.dates, &mut fields);
    }
    build(&fields, strings, spare)
}

/// The keys and values of a status message: the text after `STATMSG:`.
fn body_of(text: &str) -> &str {
    trim::start(text).strip_prefix(MARKER).unwrap_or(text)
}

/// Does the fast path read `text` (as [`parse`] takes it) as the general
/// tokenizer does, whenever it takes it? For the `statmsg` fuzz target, which
/// mutates real lines into near misses of SMS's order.
#[doc(hidden)]
pub fn fast_path_agrees(text: &str) -> bool {
    let body = body_of(text);
    let mut fast = Fields::default();
    if !canonical(body, &mut Memo::default(), &mut fast) {
        return true;
    }
    let mut slow = Fields::default();
    general(body, &mut DateMemo::default(), &mut slow);
    fast == slow
}

/// The first of `lines` (each as [`parse`] takes it) that is read otherwise
/// with the memo the lines before it left than with a fresh one: whether the
/// fast path takes it, or what it reads. A line the fast path leaves goes to
/// the general reader with the carried date memo, as in [`parse`], so the
/// memo's state after such lines is tested too. For the `statmsg` fuzz
/// target and the memo tests.
#[doc(hidden)]
pub fn memo_disagrees<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut memo = Memo::default();
    lines.into_iter().find(|line| {
        let body = body_of(line);
        let (mut carried, mut fresh) = (Fields::default(), Fields::default());
        let took = canonical(body, &mut memo, &mut carried);
        if took != canonical(body, &mut Memo::default(), &mut fresh) {
            return true;
        }
        if !took {
            (carried, fresh) = (Fields::default(), Fields::default());
            general(body, &mut memo.dates, &mut carried);
            general(body, &mut DateMemo::default(), &mut fresh);
        }
        carried != fresh
    })
}

/// The message from its fields; `None` without a numeric ID.
fn build(f: &Fields<'_>, strings: &mut Interner, spare: &mut Spare) -> Option<StatusMessage> {
    let mut msg = StatusMessage {
        id: f.id?,
        origin: Some(StatusOrigin::Statmsg),
        severity: f.severity,
        component: f.component.map(|s| strings.get_in(Slot::Component, s)),
        system: f.system.map(|s| strings.get_in(Slot::System, s)),
        site: f.site.map(|s| strings.get_in(Slot::Site, s)),
        ..StatusMessage::default()
    };
    if let Some(utc) = f.utc {
        msg.time.utc = Some(utc.and_utc());
    }
    // Up to the last non-empty one: SMS writes all ten, most of them `""`,
    // and an empty string at the end says nothing a missing one does not.
    if let Some(last) = f
        .istr
        .iter()
        .rposition(|s| s.is_some_and(|s| !s.is_empty()))
    {
        msg.strings = spare.strings(
            f.istr[..=last]
                .iter()
                .map(|s| strings.get(s.unwrap_or_default())),
        );
    }
    for (aid, val) in f.aids.iter().zip(&f.avals) {
        if let (Some(aid), Some(val)) = (aid, val) {
            if msg.attributes.capacity() == 0 {
                msg.attributes = spare.attributes();
            }
            // An attribute often repeats an insertion string (the package
            // ID is both ISTR0 and AVAL0): the same copy, without a lookup.
            let val = match msg.strings.iter().find(|s| ***s == **val) {
                Some(same) => crate::evidence::Shared::clone(same),
                None => strings.get(val),
            };
            if *aid == ATTR_PACKAGE_ID && msg.package_id.is_none() {
                msg.package_id = Some(crate::evidence::Shared::clone(&val));
            }
            msg.attributes.push((*aid, val));
        }
    }
    Some(msg)
}

/// Read one key's value into `f` (keys kbwiz does not use are ignored).
/// A later value of the same key replaces an earlier one, except a `GMTDATE`
/// that does not read as a date.
fn take<'a>(f: &mut Fields<'a>, key: &str, value: &'a str, dates: &mut DateMemo) {
    let index = |key: &str, prefix: &str, limit: usize| {
        key.strip_prefix(prefix)
            .and_then(|n| datetime::number(n, 2))
            .map(|n| n as usize)
            .filter(|&n| n < limit)
    };
    match key {
        "ID" => f.id = datetime::number(trim::both(value), 9),
        "SEV" => f.severity = severity(value),
        "COMP" => f.component = Some(value),
        "SYS" => f.system = Some(value),
        "SITE" => f.site = Some(value),
        "GMTDATE" => {
            if let Some((utc, _)) = dates.sms_date(value) {
                f.utc = Some(utc);
            }
        }
        _ => {
            if let Some(n) = index(key, "ISTR", f.istr.len()) {
                f.istr[n] = Some(value);
            } else if let Some(n) = index(key, "AVAL", MAX_ATTRS) {
                f.avals[n] = Some(value);
            } else if let Some(n) = index(key, "AID", MAX_ATTRS) {
                f.aids[n] = datetime::number(trim::both(value), 9);
            }
        }
    }
}

/// Any `KEY=value` line, keys in any order, junk words skipped.
fn general<'a>(body: &'a str, dates: &mut DateMemo, f: &mut Fields<'a>) {
    for (key, value) in Tokens::new(body) {
        take(f, key, value, dates);
    }
}

/// The keys SMS writes, in its order: ten before the insertion strings, the
/// ten strings, the attribute count, then attribute pairs.
const HEAD_KEYS: [Key; 10] = [
    Key::new("ID"),
    Key::new("SEV"),
    Key::new("LEV"),
    Key::new("SOURCE"),
    Key::new("COMP"),
    Key::new("SYS"),
    Key::new("SITE"),
    Key::new("PID"),
    Key::new("TID"),
    Key::new("GMTDATE"),
];
const ISTR_KEYS: [Key; 10] = [
    Key::new("ISTR0"),
    Key::new("ISTR1"),
    Key::new("ISTR2"),
    Key::new("ISTR3"),
    Key::new("ISTR4"),
    Key::new("ISTR5"),
    Key::new("ISTR6"),
    Key::new("ISTR7"),
    Key::new("ISTR8"),
    Key::new("ISTR9"),
];
const NUMATTRS: Key = Key::new("NUMATTRS");
const AID_KEYS: [Key; MAX_ATTRS] = keys([
    "AID0", "AID1", "AID2", "AID3", "AID4", "AID5", "AID6", "AID7", "AID8", "AID9", "AID10",
    "AID11", "AID12", "AID13", "AID14", "AID15",
]);
const AVAL_KEYS: [Key; MAX_ATTRS] = keys([
    "AVAL0", "AVAL1", "AVAL2", "AVAL3", "AVAL4", "AVAL5", "AVAL6", "AVAL7", "AVAL8", "AVAL9",
    "AVAL10", "AVAL11", "AVAL12", "AVAL13", "AVAL14", "AVAL15",
]);

/// [`Key`]s for key names.
const fn keys(names: [&'static str; MAX_ATTRS]) -> [Key; MAX_ATTRS] {
    let mut keys = [Key::new(""); MAX_ATTRS];
    let mut i = 0;
    while i < MAX_ATTRS {
        keys[i] = Key::new(names[i]);
        i += 1;
    }
    keys
}

/// What follows a possible end of a value, for the fast path.
enum Follows {
    /// Not an end: the value goes on; the next possible end is at or after
    /// this position (past a run of white space, as with [`After::No`]).
    No(usize),
    /// The end of the text.
    End,
    /// White space, then the expected key and `=`; the key starts here.
    Expected(usize),
    /// White space, then some other `KEY=`: not SMS's order.
    Other,
}

/// [`value_ends_at`], told which key should come next: a compare with that key
/// instead of reading whatever key is there.
fn follows(bytes: &[u8], at: usize, next: Option<&Key>) -> Follows {
    let mut i = at;
    match bytes.get(i) {
        None => return Follows::End,
        Some(b) if !b.is_ascii_whitespace() => return Follows::No(i),
        Some(_) => {}
    }
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= bytes.len() {
        return Follows::End;
    }
    if next.is_some_and(|key| key.at(bytes, i)) {
        return Follows::Expected(i);
    }
    match key_at(bytes, i) {
        Some(_) => Follows::Other,
        None => Follows::No(i),
    }
}

/// The value starting at `from` on a fast-path line: where it ends (as
/// [`Tokens`] would end it) and where the expected `next` key starts (`None`:
/// the text ended). `None` overall when another key follows instead.
///
/// SMS's own case is tried inline: the value's first possible end (its
/// closing quote, or white space) is followed by one space and the expected
/// key, which starts with a letter, so that space is the whole run of white
/// space. Anything else (a date with spaces in it, the last value, another
/// key) takes [`canonical_value_slow`]: a call per value costs as much as the
/// reading itself.
#[inline(always)]
fn canonical_value(
    bytes: &[u8],
    from: usize,
    next: Option<&Key>,
) -> Option<(usize, usize, Option<usize>)> {
    if let Some(next) = next {
        let quote = bytes.get(from).copied();
        let first = match quote {
            Some(b'"') => swar::find(bytes, from + 1, b'"').map(|end| (from + 1, end, end + 1)),
            Some(b'<') => None,
            _ => swar::find_space(bytes, from).map(|end| (from, end, end)),
        };
        if let Some((start, end, after)) = first {
            if next.after_space(bytes, after) {
                return Some((start, end, Some(after + 1)));
            }
        }
    }
    match (next, bytes.get(from)) {
        (Some(next), Some(b)) if *b != b'"' && *b != b'<' => unquoted_before(bytes, from, next),
        _ => canonical_value_slow(bytes, from, next),
    }
}

/// An unquoted value followed, after white space, by `next` (a date with
/// spaces in it, say), found from the `=` signs instead of from each space.
///
/// A key is `[A-Z][A-Z0-9_]*` and its `=`, after white space. The bytes of a
/// key hold no `=`, so the only key that can start before the first `=` at
/// or after `from` is the one that ends at that `=`: the run of key bytes
/// just before it, if white space at or after `from` comes before that run.
/// If it is not a key, the next `=` is tried. The value then ends where
/// [`Tokens`] ends it: at the start of that white space.
#[inline(never)]
fn unquoted_before(bytes: &[u8], from: usize, next: &Key) -> Option<(usize, usize, Option<usize>)> {
    let mut search = from;
    loop {
        let Some(equals) = swar::find(bytes, search, b'=') else {
            // No key follows: the value runs to the end (the slow reader
            // says where exactly).
            return canonical_value_slow(bytes, from, Some(next));
        };
        let mut key = equals;
        while key > from && KEY_BYTE[usize::from(bytes[key - 1])] {
            key -= 1;
        }
        if key < equals
            && bytes[key].is_ascii_uppercase()
            && key > from
            && bytes[key - 1].is_ascii_whitespace()
        {
            let mut end = key - 1;
            while end > from && bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            // Another key than the expected one: not SMS's order.
            return next.at(bytes, key).then_some((from, end, Some(key)));
        }
        search = equals + 1;
    }
}

/// [`canonical_value`] for any value: each possible end in turn.
#[inline(never)]
fn canonical_value_slow(
    bytes: &[u8],
    from: usize,
    next: Option<&Key>,
) -> Option<(usize, usize, Option<usize>)> {
    let (open, close) = match bytes.get(from) {
        Some(b'"') => (1, b'"'),
        Some(b'<') => (1, b'>'),
        _ => (0, 0),
    };
    let start = from + open;
    let mut search = start;
    loop {
        // The next possible end: a closing quote (the value's end is the
        // byte after it), or white space.
        let found = if open == 1 {
            swar::find(bytes, search, close)
        } else {
            swar::find_space(bytes, search)
        };
        // Unterminated: the value runs to the end of the text.
        let Some(end) = found else {
            return Some((start, bytes.len(), None));
        };
        let value = || match close {
            b'>' => keep_placeholder(bytes, start, end),
            _ => (start, end),
        };
        match follows(bytes, end + open, next) {
            Follows::No(on) => search = on,
            Follows::End => {
                let (start, end) = value();
                return Some((start, end, None));
            }
            Follows::Expected(key) => {
                let (start, end) = value();
                return Some((start, end, Some(key)));
            }
            Follows::Other => return None,
        }
    }
}

/// The keys before the attribute pairs, in SMS's order, each with the key
/// that must follow it: [`HEAD_KEYS`], [`ISTR_KEYS`], then `NUMATTRS`.
const ORDER: [Key; 21] = {
    let mut order = [NUMATTRS; 21];
    let mut i = 0;
    while i < 10 {
        order[i] = HEAD_KEYS[i];
        order[10 + i] = ISTR_KEYS[i];
        i += 1;
    }
    order
};

/// A fast-path line being read key by key; the key at `at` has been checked.
struct Cursor<'a> {
    body: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The value of `key` (the key at `at`), which white space and `next`
    /// must follow; moves on to `next`. `None` when anything else follows.
    fn value(&mut self, key: &Key, next: &Key) -> Option<&'a str> {
        let (start, end) = self.span(key, next)?;
        // All delimiters are ASCII, so these are char boundaries.
        self.body.get(start..end)
    }

    /// [`Cursor::value`]'s place in the text.
    #[inline(always)]
    fn span(&mut self, key: &Key, next: &Key) -> Option<(usize, usize)> {
        let from = self.at + key.name.len() + 1;
        let (start, end, next_at) = canonical_value(self.body.as_bytes(), from, Some(next))?;
        self.at = next_at?;
        Some((start, end))
    }

    /// The value of `key`, the last one: only white space may follow it.
    fn last(&self, key: &Key) -> Option<&'a str> {
        let from = self.at + key.name.len() + 1;
        let bytes = self.body.as_bytes();
        // SMS's own case: a quoted value whose first closing quote ends the
        // text, which is where [`canonical_value_slow`] ends it too.
        if bytes.get(from) == Some(&b'"')
            && swar::find(bytes, from + 1, b'"') == Some(bytes.len() - 1)
        {
            return self.body.get(from + 1..bytes.len() - 1);
        }
        let (start, end, _) = canonical_value(bytes, from, None)?;
        self.body.get(start..end)
    }
}

/// Insertion strings left empty up to the last, then `NUMATTRS`, as SMS
/// writes them: most messages fill two or three of the ten.
const EMPTY_STRINGS: &str = r#"ISTR0="" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS="#;
/// `ISTRn="" `: one empty string and the space after it.
const EMPTY_STRING_LEN: usize = 9;

/// Do `bytes[at..]` hold insertion strings `first..=9`, all empty, then
/// `NUMATTRS=`? Then the fast path's values for them are all `""` (each
/// closing quote is followed by one space and the next key), read here in
/// one compare instead of one value at a time.
fn empty_strings_from(bytes: &[u8], at: usize, first: usize) -> bool {
    let Some(tail) = EMPTY_STRINGS.get(first * EMPTY_STRING_LEN..) else {
        return false;
    };
    // Cheap test first: is this string empty at all?
    bytes.get(at + 6..at + 8) == Some(&b"\"\""[..]) && swar::starts_at(bytes, at, tail.as_bytes())
}

/// The fast path: a line whose keys come in SMS's own order (`ID SEV LEV
/// SOURCE COMP SYS SITE PID TID GMTDATE ISTR0..ISTR9 NUMATTRS` and
/// `NUMATTRS` pairs of `AIDn AVALn`), each value ended where [`Tokens`] would
/// end it. Fills `f` and returns `true`; `false` (with `f` partly filled) for
/// any other line, which the general tokenizer then reads.
///
/// The keys are read in one loop that only collects values, and the fields
/// are stored from them afterwards: no per-key dispatch on the hot path.
fn canonical<'a>(body: &'a str, memo: &mut Memo, f: &mut Fields<'a>) -> bool {
    canonical_fields(body, memo, f).is_some()
}

fn canonical_fields<'a>(body: &'a str, memo: &mut Memo, f: &mut Fields<'a>) -> Option<()> {
    let bytes = body.as_bytes();
    let at = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if !ORDER[0].at(bytes, at) {
        return None;
    }
    let mut line = Cursor { body, at };
    let mut values = [""; 20];
    for i in 0..memo::FIRST {
        values[i] = line.value(&ORDER[i], &ORDER[i + 1])?;
    }
    // The middle keys, LEV to TID: as the last line had them, or one by one.
    let middle = memo::FIRST..memo::FIRST + memo::COUNT;
    let start = line.at;
    if let Some((spans, len)) = memo.head.recall(bytes, start) {
        for (value, &(from, to)) in values[middle.clone()].iter_mut().zip(spans) {
            *value = body.get(start + from..start + to)?;
        }
        // The remembered bytes end with `GMTDATE=`: on to that key.
        line.at = start + len - ORDER[middle.end].name.len() - 1;
    } else {
        let mut spans = [(0, 0); memo::COUNT];
        for (i, span) in middle.clone().zip(&mut spans) {
            let (from, to) = line.span(&ORDER[i], &ORDER[i + 1])?;
            values[i] = body.get(from..to)?;
            *span = (from - start, to - start);
        }
        let end = line.at + ORDER[middle.end].name.len() + 1;
        memo.head.remember(bytes.get(start..end)?, spans);
    }
    // GMTDATE: its date words as the last one's, so that only its time word
    // is read, or any value. Then the insertion strings.
    let mut i = middle.end;
    let from = line.at + ORDER[i].name.len() + 1;
    let mut utc = None;
    if let Some((end, time)) = recalled_gmtdate(body, from, &memo.dates) {
        values[i] = body.get(from..end)?;
        line.at = end + 1;
        utc = Some(time);
    } else {
        values[i] = line.value(&ORDER[i], &ORDER[i + 1])?;
    }
    i += 1;
    loop {
        if empty_strings_from(bytes, line.at, i - 10) {
            // They stay "", and NUMATTRS comes next.
            line.at += EMPTY_STRINGS.len() - (i - 10) * EMPTY_STRING_LEN - NUMATTRS.name.len() - 1;
            break;
        }
        if i == values.len() {
            break;
        }
        values[i] = line.value(&ORDER[i], &ORDER[i + 1])?;
        i += 1;
    }
    // The attributes up to the last value: as the last line had them, or
    // one by one.
    let start = line.at;
    if let Some((tail, len)) = memo.tail.recall(bytes, start) {
        let last = tail.attrs - 1;
        f.aids[..tail.attrs].copy_from_slice(&tail.aids);
        for (slot, &(from, to)) in f.avals.iter_mut().zip(&tail.avals) {
            *slot = Some(body.get(start + from..start + to)?);
        }
        // The remembered bytes end with the last `AVALn=`.
        line.at = start + len - AVAL_KEYS[last].name.len() - 1;
        f.avals[last] = Some(line.last(&AVAL_KEYS[last])?);
    } else {
        attributes(body, &mut line, memo, f)?;
    }
    // Each field by its place in SMS's order; LEV, SOURCE, PID and TID are
    // not used.
    // (Read in place: taking the array apart copied it.)
    let [id, sev, _lev, _source, comp, sys, site, _pid, _tid, gmt, ..] = &values;
    f.id = datetime::number(trim::both(id), 9);
    f.severity = severity(sev);
    f.component = Some(comp);
    f.system = Some(sys);
    f.site = Some(site);
    f.utc = utc.or_else(|| memo.dates.sms_date(gmt).map(|(utc, _)| utc));
    for (slot, value) in f.istr.iter_mut().zip(&values[10..]) {
        *slot = Some(value);
    }
    Some(())
}

/// `GMTDATE`'s value on a fast-path line (it starts at `from`) when its date
/// words are the last `GMTDATE`'s ([`DateMemo::sms_date_at_start`]): where
/// the value ends (`ISTR0` starts one byte on) and the UTC time. The same
/// end as [`Cursor::value`] gives, and the same time as
/// [`DateMemo::sms_date`] reads from the value, or `None`.
///
/// Why the same end: the date block `from..end` does not start with a quote
/// or `<`, does not end in white space and holds no `=` (the memo says so),
/// and ` ISTR0=` follows it. [`canonical_value`] first tries the block's first white
/// space: that can be followed by ` ISTR0=` only at `end`, since the `=`
/// would otherwise lie inside the block or a byte of `ISTR0=` would have to
/// be the space at `end`. Then [`unquoted_before`] finds the first `=` at
/// `ISTR0`'s, whose key starts after the space at `end`, and ends the value
/// at `end`, which is not white space.
fn recalled_gmtdate(
    body: &str,
    from: usize,
    dates: &DateMemo,
) -> Option<(usize, chrono::NaiveDateTime)> {
    let bytes = body.as_bytes();
    let (len, utc) = dates.sms_date_at_start(body.get(from..)?)?;
    let end = from + len;
    // GMTDATE is the tenth key, so ISTR0 follows it.
    const _: () = assert!(memo::FIRST + memo::COUNT == 9);
    let next = &ORDER[memo::FIRST + memo::COUNT + 1];
    let plain = len > 0
        && !matches!(bytes[from], b'"' | b'<')
        && !bytes[end - 1].is_ascii_whitespace()
        && next.after_space(bytes, end);
    plain.then_some((end, utc))
}

/// The fast path's attributes, read one by one from `NUMATTRS=` (where
/// `line` is) into `f`, and remembered in `memo` for the next line.
fn attributes<'a>(
    body: &'a str,
    line: &mut Cursor<'a>,
    memo: &mut Memo,
    f: &mut Fields<'a>,
) -> Option<()> {
    let bytes = body.as_bytes();
    let tail_at = line.at;
    // NUMATTRS says how many attribute pairs follow: none, and the text
    // ends after it; some, and `AID0` follows it.
    let from = line.at + NUMATTRS.name.len() + 1;
    let (start, end, next_at) = canonical_value(bytes, from, Some(&AID_KEYS[0]))?;
    let attrs = datetime::number(trim::both(body.get(start..end)?), 2)? as usize;
    match (next_at, attrs) {
        (None, 0) => {}
        (Some(next_at), 1..=MAX_ATTRS) => line.at = next_at,
        _ => return None,
    }
    let mut avals = [(0, 0); MAX_ATTRS];
    for pair in 0..attrs {
        let aid = line.value(&AID_KEYS[pair], &AVAL_KEYS[pair])?;
        f.aids[pair] = datetime::number(trim::both(aid), 9);
        f.avals[pair] = Some(match AID_KEYS.get(pair + 1).filter(|_| pair + 1 < attrs) {
            Some(next) => {
                let (from, to) = line.span(&AVAL_KEYS[pair], next)?;
                avals[pair] = (from - tail_at, to - tail_at);
                body.get(from..to)?
            }
            None => {
                // The last value runs to the end of the line: what comes
                // before its key is remembered.
                let end = line.at + AVAL_KEYS[pair].name.len() + 1;
                let tail = bytes.get(tail_at..end)?;
                memo.tail.remember(tail, &f.aids[..attrs], &avals[..pair]);
                line.last(&AVAL_KEYS[pair])?
            }
        });
    }
    Some(())
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
        let m = parse(r#"STATMSG: ID=2328 SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0="CEN00012" ISTR1="\\SRC\share" ISTR2="" NUMATTRS=1 AID0=400 AVAL0="CEN00012""#, &mut Interner::default(), &mut Memo::default(), &mut Spare::default())
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
            &mut Memo::default(),
            &mut Spare::default()
        )
        .is_none());
        assert!(parse(
            "STATMSG: ID=x",
            &mut Interner::default(),
            &mut Memo::default(),
            &mut Spare::default()
        )
        .is_none());
    }
    /// A line as SMS writes it, with `values` in its key order (`None`: the
    /// key is left out) and `attrs` attribute pairs.
    fn sms_line(values: &[String], attrs: &[(String, String)]) -> String {
        let keys = HEAD_KEYS.iter().chain(ISTR_KEYS.iter());
        let mut line = String::from("STATMSG:");
        for (key, value) in keys.zip(values) {
            line.push_str(&format!(" {}={value}", key.name));
        }
        line.push_str(&format!(" NUMATTRS={}", attrs.len()));
        for (i, (aid, aval)) in attrs.iter().enumerate() {
            line.push_str(&format!(" AID{i}={aid} AVAL{i}={aval}"));
        }
        line
    }

    #[test]
    fn sms_order_takes_the_fast_path() {
        let line = r#" ID=2300 SEV=I LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="CEN00000" ISTR1="PR0" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=1 AID0=400 AVAL0="CEN00000""#;
        let (mut fast, mut slow) = (Fields::default(), Fields::default());
        assert!(canonical(line, &mut Memo::default(), &mut fast));
        general(line, &mut DateMemo::default(), &mut slow);
        assert_eq!(fast, slow);
        assert_eq!(fast.istr[1], Some("PR0"));
        assert_eq!(fast.aids[0], Some(400));
        // Empty strings to the end, read in one compare; and near misses of
        // that run, read one value at a time, all as the tokenizer reads them.
        let empties = r#" ID=2300 SEV=I LEV=M SOURCE="SMS Server" COMP="C" SYS=S SITE=CEN PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="CEN00000" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=0"#;
        for line in [
            empties.to_owned(),
            empties.replace(r#"ISTR0="CEN00000""#, r#"ISTR0="""#),
            empties.replace(r#"ISTR6="" "#, r#"ISTR6=""  "#),
            empties.replace(r#"ISTR9="" "#, r#"ISTR9=""X "#),
            empties.replace(r#"ISTR7="""#, r#"ISTR7="x""#),
            empties.replace("NUMATTRS=0", "NUMATTRS=0 AID0=1"),
        ] {
            let (mut fast, mut slow) = (Fields::default(), Fields::default());
            let took = canonical(&line, &mut Memo::default(), &mut fast);
            general(&line, &mut DateMemo::default(), &mut slow);
            if took {
                assert_eq!(fast, slow, "{line}");
            }
            assert_eq!(
                took,
                !line.contains("AID0") && !line.contains("\"\"X"),
                "{line}"
            );
        }
        // Another order, an extra key, a missing pair: the general reading.
        for other in [
            r#"ID=1 COMP="X" SEV=E"#,
            r#"ID=1 SEV=E LEV=M SOURCE="S" COMP="C" SYS=S SITE=X PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=2 AID0=400 AVAL0="P""#,
            r#"ID=1 SEV=E LEV=M SOURCE="S" COMP="C" SYS=S SITE=X PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=0 EXTRA=1"#,
        ] {
            assert!(
                !canonical(other, &mut Memo::default(), &mut Fields::default()),
                "{other}"
            );
        }
    }

    /// A value as the property tests draw them: SMS's own kinds, and
    /// quotes, spaces, `=`, `<>` and key-like words inside them.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            // Empty strings, as SMS writes most of them (read in
            // one compare when the rest of them are empty too).
            2 => "\"\"",
            1 => "[A-Z0-9 ]{0,6}",
            1 => "\"[A-Za-z0-9 \"=<>]{0,12}\"",
            1 => "<[A-Z0-9 >=\"]{0,8}>",
            1 => "(Mon )?Jun 0[1-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3} 2004",
            1 => "[A-Z]{1,3}=[0-9]{0,2}",
            1 => "[A-Za-z0-9 =_\t]{0,10}",
        ]
    }

    /// Lines read one after another with one memo, each compared with the
    /// same line read with a fresh memo.
    fn read_in_turn(lines: &[String]) -> Result<(), String> {
        match memo_disagrees(lines.iter().map(String::as_str)) {
            Some(line) => Err(format!("read otherwise with the memo: {line}")),
            None => Ok(()),
        }
    }

    /// The middle keys (LEV to TID) come from the memo when they repeat, and
    /// are read again when any byte of them differs.
    #[test]
    fn repeated_middles_read_as_fresh_ones() {
        let line = |id: &str, site: &str, pid: &str| {
            format!(
                r#"STATMSG: ID={id} SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE={site} PID={pid} TID=1288 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="CEN00000" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=0"#
            )
        };
        let mut lines = vec![
            line("2300", "CEN", "312"),
            line("2328", "CEN", "312"),
            line("2302", "CEX", "312"),
            line("2302", "CEX", "3120"),
            line("2302", "CE", "3120"),
            line("2302", "CE", "3120 X=1"),
            line("2302", "CE", "3120"),
            line("1", "CE", r#""312 TID=1""#),
        ];
        // Attributes that repeat up to the last value, or differ before it.
        let with = |attrs: &str| line("2302", "CEN", "312").replace("NUMATTRS=0", attrs);
        lines.extend([
            with(r#"NUMATTRS=2 AID0=400 AVAL0="A" AID1=401 AVAL1="B""#),
            with(r#"NUMATTRS=2 AID0=400 AVAL0="A" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=2 AID0=400 AVAL0="AA" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=2 AID0=4000 AVAL0="AA" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=1 AID0=4000 AVAL0="AA" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=2 AID0=400 AVAL0="A" AID1=401 AVAL1="B""#),
            with(r#"NUMATTRS=0"#),
        ]);
        assert_eq!(read_in_turn(&lines), Ok(()));
        let mut memo = Memo::default();
        let mut fields = Fields::default();
        for text in &lines[..3] {
            fields = Fields::default();
            assert!(canonical(body_of(text), &mut memo, &mut fields), "{text}");
        }
        assert_eq!((fields.id, fields.site), (Some(2302), Some("CEX")));
    }

    /// A date block remembered from a quoted `GMTDATE` may start with a quote
    /// or hold a key; an unquoted value with the same words is then read one
    /// value at a time, as a fresh reading does (and not taken at all here).
    #[test]
    fn remembered_dates_with_quotes_or_keys_are_read_again() {
        let line = |n: usize, date: &str| {
            let mut values: Vec<String> = [
                &n.to_string(),
                "E",
                "M",
                "S",
                "C",
                "S",
                "CEN",
                "1",
                "2",
                date,
                "\"x\"",
            ]
            .map(str::to_owned)
            .to_vec();
            values.extend(std::iter::repeat_n("\"\"".to_owned(), 9));
            sms_line(&values, &[])
        };
        for (first, second) in [
            (
                r#"""Mon Jun 07 12:00:00.000 2004""#,
                r#""Mon Jun 07 12:00:01.000 2004"#,
            ),
            (
                r#""Mon Jun 07 12:00:00.000 2004 A=1""#,
                "Mon Jun 07 12:00:01.000 2004 A=1",
            ),
        ] {
            let lines = [line(1, first), line(2, second)];
            assert_eq!(read_in_turn(&lines), Ok(()), "{lines:?}");
            assert!(!canonical(
                body_of(&lines[1]),
                &mut Memo::default(),
                &mut Fields::default()
            ));
        }
    }

    proptest::proptest! {
        /// Runs of lines whose middles repeat, or differ from a repeated one
        /// by a few bytes, read with the memo as each reads alone.
        #[test]
        fn memo_reads_as_a_fresh_start(
            middle in proptest::collection::vec(value(), memo::COUNT..=memo::COUNT),
            changes in proptest::collection::vec((0..memo::COUNT, "[A-Z0-9 \"=]"), 0..4),
            attr_sets in proptest::collection::vec(
                proptest::collection::vec(("[0-9]{1,3}|x", value()), 0..3),
                1..4,
            ),
            picks in proptest::collection::vec((0usize..4, 0usize..4, value()), 1..12),
        ) {
            // The middle, then each change applied on top of the one before.
            let mut middles = vec![middle];
            for (slot, text) in &changes {
                let mut next = middles[middles.len() - 1].clone();
                next[*slot].push_str(text);
                middles.push(next);
            }
            let lines: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(n, (pick, attrs, istr))| {
                    let mut values = vec![n.to_string(), "E".to_owned()];
                    values.extend(middles[pick % middles.len()].iter().cloned());
                    values.push("Mon Jun 07 23:00:00.000 2004".to_owned());
                    values.push(istr.clone());
                    values.extend(std::iter::repeat_n("\"\"".to_owned(), 9));
                    let mut attrs = attr_sets[attrs % attr_sets.len()].clone();
                    // The last value changes from line to line, as it does
                    // in SMS's lines (the package ID).
                    attrs.push(("400".to_owned(), format!("\"P{n}\"")));
                    sms_line(&values, &attrs)
                })
                .collect();
            proptest::prop_assert_eq!(read_in_turn(&lines), Ok(()));
        }

        /// Runs of lines whose `GMTDATE`s share their date words and differ in
        /// the time word, or in what surrounds it (quotes, `=`, trailing
        /// white space, key-like words), read with the memo as each reads alone.
        #[test]
        fn repeated_dates_read_as_fresh_ones(
            picks in proptest::collection::vec(
                (
                    // Few enough forms that neighbours often share theirs:
                    // a quoted date remembered, then the same words unquoted
                    // or half-quoted, is what the checks are for.
                    proptest::strategy::Strategy::prop_map(
                        (
                            proptest::sample::select(vec!["", "\"", "\"\""]),
                            "[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?",
                            proptest::sample::select(vec![" 2004", " 2004 A=1", " 2004 "]),
                            proptest::sample::select(vec!["", "\""]),
                        ),
                        |(open, time, words, close)| format!("{open}Mon Jun 07 {time}{words}{close}"),
                    ),
                    value(),
                ),
                1..12,
            ),
        ) {
            let lines: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(n, (date, istr))| {
                    let mut values: Vec<String> = [
                        &n.to_string(), "E", "M", "\"SMS Server\"", "\"C\"", "S", "CEN", "1", "2",
                    ]
                    .map(str::to_owned)
                    .to_vec();
                    values.push(date.clone());
                    values.push(istr.clone());
                    values.extend(std::iter::repeat_n("\"\"".to_owned(), 9));
                    sms_line(&values, &[("400".to_owned(), format!("\"P{n}\""))])
                })
                .collect();
            proptest::prop_assert_eq!(read_in_turn(&lines), Ok(()));
        }

        /// Whenever the fast path takes a line, it reads it as the general
        /// tokenizer does: values with quotes, spaces, `=`, `<>` and key-like
        /// words inside them included.
        #[test]
        fn fast_path_agrees_with_the_tokenizer(
            values in proptest::collection::vec(value(), 20..=20),
            attrs in proptest::collection::vec(("[0-9]{1,3}|x", "\"[A-Z0-9 =\"]{0,8}\""), 0..3),
        ) {
            let line = sms_line(&values, &attrs);
            let body = line.strip_prefix(MARKER).unwrap_or(&line);
            let mut fast = Fields::default();
            if canonical(body, &mut Memo::default(), &mut fast) {
                let mut slow = Fields::default();
                general(body, &mut DateMemo::default(), &mut slow);
                proptest::prop_assert_eq!(fast, slow, "{}", line);
            }
        }
    }
}
