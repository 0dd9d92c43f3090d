//! Dates and zone names remembered from one trailer to the next: a log's
//! lines differ from their neighbours in the time of day only, so the words
//! around it and the zone's table lookup are read once per run of equal ones.

use super::swar;
use crate::evidence::{Shared, Stamp};
use crate::parse::datetime::{self, time_of_day};
use crate::parse::{trim, zones};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The last zone name read and what it maps to. A log names the same zone on
/// every line, so the table lookup and the shared copy are made once per run
/// of equal names, not once per line.
#[derive(Debug, Default)]
pub struct ZoneMemo {
    last: Option<(Shared, Option<i32>)>,
}

impl ZoneMemo {
    /// The shared name and its bias (`None` for a name not in the table).
    pub fn get(&mut self, name: &str) -> (Shared, Option<i32>) {
        match &self.last {
            Some((shared, bias)) if **shared == *name => (Shared::clone(shared), *bias),
            _ => {
                let found = (Shared::from(name), zones::bias_of(name));
                self.last = Some((Shared::clone(&found.0), found.1));
                found
            }
        }
    }
}

/// The words around the time of the last SMS date block read. A log's lines
/// differ from their neighbours only in the time of day, so when the text
/// before and after the time word is the same as last time, only the time is
/// parsed; the result is the same as [`datetime::sms_date`]'s by construction (same
/// words before the time, same words after it).
#[derive(Debug, Default)]
pub struct DateMemo {
    last: Option<DateMemoEntry>,
}

#[derive(Debug)]
struct DateMemoEntry {
    /// The text before the time word, ending in white space.
    before: String,
    /// The text after the time word.
    after: String,
    date: NaiveDate,
    /// The zone's range within `after`.
    zone: Option<(usize, usize)>,
    /// `before` or `after` holds a `=`.
    equals: bool,
}

impl DateMemoEntry {
    /// When `text` starts with these words before a time word, then that
    /// word (up to white space) reads as a time and these words after it
    /// follow: the length of that block and the time.
    fn recall(&self, text: &str) -> Option<(usize, NaiveTime)> {
        let rest = text.strip_prefix(self.before.as_str())?;
        let end = swar::find_space(rest.as_bytes(), 0).unwrap_or(rest.len());
        if end == 0 || !rest[end..].starts_with(self.after.as_str()) {
            return None;
        }
        let time = time_of_day(&rest[..end])?;
        Some((self.before.len() + end + self.after.len(), time))
    }
}

impl DateMemo {
    /// Where the time word is in `s`, when `s` is the date block last read
    /// through this memo (the same words before and after the time word,
    /// and no ASCII white space in between): its byte range.
    pub fn time_word_of(&self, s: &str) -> Option<(usize, usize)> {
        let last = self.last.as_ref()?;
        let rest = s.strip_prefix(last.before.as_str())?;
        let word = rest.strip_suffix(last.after.as_str())?;
        if word.is_empty() || word.bytes().any(|b| b.is_ascii_whitespace()) {
            return None;
        }
        Some((last.before.len(), last.before.len() + word.len()))
    }

    /// The date block at the start of `text` when it has the last block's
    /// words before and after its time word: the block's length and what
    /// [`DateMemo::sms_date`] reads from `text[..length]`. That call would take
    /// its own memo path for the same words and the same time word, so the
    /// two agree by construction; `None` when any of it differs.
    ///
    /// For a value whose end is not known yet (STATMSG's unquoted `GMTDATE`):
    /// the caller checks what follows the block. Such a caller finds ends
    /// from `=` signs, so words that hold one are not recalled; the time
    /// word holds none either, being digits, colons and a dot (all that
    /// [`time_of_day`] reads). So the block holds no `=` at all.
    pub fn sms_date_at_start(&self, text: &str) -> Option<(usize, NaiveDateTime)> {
        let last = self.last.as_ref().filter(|last| !last.equals)?;
        let (len, time) = last.recall(text)?;
        Some((len, last.date.and_time(time)))
    }

    /// [`datetime::sms_date`], remembering the date words for the next call.
    pub fn sms_date<'a>(&mut self, s: &'a str) -> Option<(NaiveDateTime, Option<&'a str>)> {
        if let Some(last) = &self.last {
            // A time that does not read here (non-ASCII white space before
            // it, say) is left to the full parse below.
            if let Some((len, time)) = last.recall(s).filter(|&(len, _)| len == s.len()) {
                let after = &s[len - last.after.len()..];
                let zone = last.zone.map(|(from, to)| &after[from..to]);
                return Some((last.date.and_time(time), zone));
            }
        }
        let parts = datetime::sms_date_parts(s, time_of_day)?;
        let (start, end) = parts.time_word;
        self.last = Some(DateMemoEntry {
            before: s[..start].to_owned(),
            after: s[end..].to_owned(),
            date: parts.date,
            zone: parts.zone.map(|(from, to)| (from - end, to - end)),
            equals: s[..start].contains('=') || s[end..].contains('='),
        });
        let zone = parts.zone.map(|(from, to)| &s[from..to]);
        Some((parts.date.and_time(parts.time), zone))
    }
}

/// An SMS date block as a [`Stamp`]: UTC worked out from the zone name when
/// known; what [`datetime::reference_sms_stamp`] reads, through the memos.
#[inline]
pub(crate) fn sms_stamp(s: &str, zones: &mut ZoneMemo, dates: &mut DateMemo) -> Option<Stamp> {
    // The numeric form starts with a digit (`08-22-2016 ...`); SMS 1.x and 2.0
    // dates with a day or month name.
    if trim::start(s).starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(stamp) = datetime::numeric_stamp(s) {
            return Some(stamp);
        }
    }
    let (local, zone) = dates.sms_date(s)?;
    Some(match zone {
        Some(name) => {
            let (name, bias) = zones.get(name);
            datetime::stamp(local, bias, Some(name))
        }
        None => datetime::stamp(local, None, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_milli_opt(h, mi, s, ms))
            .expect("valid test date")
    }

    #[test]
    fn date_memo_agrees_with_a_full_parse() {
        let blocks = [
            "Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time",
            "Mon Jun 07 16:00:01.250 2004 Pacific Daylight Time",
            "Mon Jun 07 16:00:01.250 2004 Pacific Standard Time",
            "Mon Jun 07 9:00:01 2004 Pacific Standard Time",
            "Mon Jun 07 25:00:01 2004 Pacific Standard Time",
            "Mon Jun 07  2004 Pacific Standard Time",
            "Mon Jun 07 2004 Pacific Standard Time",
            "Tue Jun 08 00:00:00.000 2004 Pacific Standard Time",
            "Tue Jun 08 00:00:00.000 2004",
            "Tue Jun 08 00:00:00.000 2004~",
            "Tue Jun 08 00:00:00.000 2004 \u{a0}Zone",
            "Jun 08 00:00:00.000 2004",
            "Jun 08 01:00:00.000 2004",
            "Mon Jun 07 16:00:00 2004",
            "Mon Jun 07 \u{a0}16:00:01 2004",
            "Mon Jun 07 16:00:02 2004",
        ];
        let mut memo = DateMemo::default();
        for block in blocks {
            assert_eq!(memo.sms_date(block), datetime::sms_date(block), "{block}");
        }
        // Twice through, so that every block also follows every other.
        for block in blocks.iter().rev() {
            assert_eq!(memo.sms_date(block), datetime::sms_date(block), "{block}");
        }
        let (time, zone) = memo
            .sms_date("Mon Jun 07 16:00:02.500 2004 Pacific Daylight Time")
            .expect("parses");
        assert_eq!(time, at(2004, 6, 7, 16, 0, 2, 500));
        assert_eq!(zone, Some("Pacific Daylight Time"));
    }

    /// Trailer dates of every generation read through the memos, one after
    /// another, as the reference reading reads each alone.
    #[test]
    fn stamps_through_the_memos_are_the_reference_ones() {
        let blocks = [
            "Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time",
            "Fri Oct 15 17:09:47.677 1999 Pacific Daylight Time",
            "Fri Oct 15 17:09:47.677 1999 Pacific Standard Time",
            "Sun Jul 4 9:46:43.146 2004",
            "Wed Nov 06 08:49:37 1996~",
            "08-22-2016 04:15:01.917+420",
            "08-22-2016 04:15:01.917-060",
            "Fri Oct 35 17:09:46.677 1999",
            "Fri Oct 15 17:09:46.677 99999",
            "Sat Oct 16 23:59:59.999 1999 Pacific Daylight Time",
            "Sun Oct 17 00:00:00.000 1999 Pacific Daylight Time",
        ];
        let (mut zones, mut dates) = (ZoneMemo::default(), DateMemo::default());
        for block in blocks.iter().chain(blocks.iter().rev()) {
            assert_eq!(
                sms_stamp(block, &mut zones, &mut dates),
                datetime::reference_sms_stamp(block),
                "{block}"
            );
        }
    }
}
