//! The fast path: a status message whose keys come in SMS's own order, read
//! key by key with each value's end found the way [`super::Tokens`] finds it, the
//! keys a line shares with the one before it taken from [`Memo`]. Any other
//! line is left to the general reading ([`super::reference`]).

use super::memo::{self, Memo};
use super::reference::{keep_placeholder, key_at, KEY_BYTE};
use super::{severity, Fields, MAX_ATTRS};
use crate::parse::cache::dates::DateMemo;
use crate::parse::cache::swar::{self, Key};
use crate::parse::{datetime, trim};

/// The keys SMS writes, in its order: ten before the insertion strings, the
/// ten strings, the attribute count, then attribute pairs.
pub(super) const HEAD_KEYS: [Key; 10] = [
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
pub(super) const ISTR_KEYS: [Key; 10] = [
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
    /// this position (past a run of white space, as the general reading skips one).
    No(usize),
    /// The end of the text.
    End,
    /// White space, then the expected key and `=`; the key starts here.
    Expected(usize),
    /// White space, then some other `KEY=`: not SMS's order.
    Other,
}

/// The general reading's test for a value's end (`reference::value_ends_at`),
/// told which key should come next: a compare with that key
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
/// [`super::Tokens`] would end it) and where the expected `next` key starts (`None`:
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
/// [`super::Tokens`] ends it: at the start of that white space.
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

/// Where `ISTR0` stands among the values of [`ORDER`].
const FIRST_ISTR: usize = 10;

/// When `bytes[at..]` holds insertion strings `first..=9`, all empty, then
/// `NUMATTRS=`: how far from `at` `NUMATTRS` starts. The fast path's values
/// for those strings are then all `""` (each closing quote is followed by
/// one space and the next key), read here in one compare instead of one
/// value at a time.
fn empty_strings_from(bytes: &[u8], at: usize, first: usize) -> Option<usize> {
    let run = EMPTY_STRINGS.get(first * EMPTY_STRING_LEN..)?;
    // Cheap test first: is this string empty at all?
    let found = bytes.get(at + 6..at + 8) == Some(&b"\"\""[..])
        && swar::starts_at(bytes, at, run.as_bytes());
    // The run ends with `NUMATTRS=`.
    found.then(|| run.len() - NUMATTRS.name.len() - 1)
}

/// The fast path: a line whose keys come in SMS's own order (`ID SEV LEV
/// SOURCE COMP SYS SITE PID TID GMTDATE ISTR0..ISTR9 NUMATTRS` and
/// `NUMATTRS` pairs of `AIDn AVALn`), each value ended where [`super::Tokens`] would
/// end it. Fills `fields` and returns `true`; `false` (with `fields` partly filled) for
/// any other line, which the general tokenizer then reads.
///
/// The keys are read in one loop that only collects values, and the fields
/// are stored from them afterwards: no per-key dispatch on the hot path.
pub(super) fn read<'a>(body: &'a str, memo: &mut Memo, fields: &mut Fields<'a>) -> bool {
    read_fields(body, memo, fields).is_some()
}

/// [`read`], `None` where it gives up.
fn read_fields<'a>(body: &'a str, memo: &mut Memo, fields: &mut Fields<'a>) -> Option<()> {
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
    if let Some((spans, gmtdate)) = memo.head.recall(bytes, start) {
        for (value, &(from, to)) in values[middle.clone()].iter_mut().zip(spans) {
            *value = body.get(start + from..start + to)?;
        }
        line.at = start + gmtdate;
    } else {
        let mut spans = [(0, 0); memo::COUNT];
        for (i, span) in middle.clone().zip(&mut spans) {
            let (from, to) = line.span(&ORDER[i], &ORDER[i + 1])?;
            values[i] = body.get(from..to)?;
            *span = (from - start, to - start);
        }
        let end = line.at + ORDER[middle.end].name.len() + 1;
        memo.head
            .remember(bytes.get(start..end)?, spans, line.at - start);
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
        if let Some(numattrs) = empty_strings_from(bytes, line.at, i - FIRST_ISTR) {
            // They stay "", and NUMATTRS comes next.
            line.at += numattrs;
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
    if let Some((tail, last_aval)) = memo.tail.recall(bytes, start) {
        let last = tail.attrs - 1;
        fields.aids[..tail.attrs].copy_from_slice(&tail.aids);
        for (slot, &(from, to)) in fields.avals.iter_mut().zip(&tail.avals) {
            *slot = Some(body.get(start + from..start + to)?);
        }
        line.at = start + last_aval;
        fields.avals[last] = Some(line.last(&AVAL_KEYS[last])?);
    } else {
        attributes(body, &mut line, memo, fields)?;
    }
    // Each field by its place in SMS's order; LEV, SOURCE, PID and TID are
    // not used.
    // (Read in place: taking the array apart copied it.)
    let [id, sev, _lev, _source, comp, sys, site, _pid, _tid, gmt, ..] = &values;
    fields.id = datetime::number(trim::both(id), 9);
    fields.severity = severity(sev);
    fields.component = Some(comp);
    fields.system = Some(sys);
    fields.site = Some(site);
    fields.utc = utc.or_else(|| memo.dates.sms_date(gmt).map(|(utc, _)| utc));
    for (slot, value) in fields.istr.iter_mut().zip(&values[FIRST_ISTR..]) {
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
/// `line` is) into `fields`, and remembered in `memo` for the next line.
fn attributes<'a>(
    body: &'a str,
    line: &mut Cursor<'a>,
    memo: &mut Memo,
    fields: &mut Fields<'a>,
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
        fields.aids[pair] = datetime::number(trim::both(aid), 9);
        fields.avals[pair] = Some(match AID_KEYS.get(pair + 1).filter(|_| pair + 1 < attrs) {
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
                memo.tail.remember(
                    tail,
                    line.at - tail_at,
                    &fields.aids[..attrs],
                    &avals[..pair],
                );
                line.last(&AVAL_KEYS[pair])?
            }
        });
    }
    Some(())
}
