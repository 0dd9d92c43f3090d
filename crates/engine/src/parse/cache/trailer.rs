//! The last one-line log entry's trailer, to read the next one's by.

use super::dates::DateMemo;
use super::swar;
use crate::evidence::{Entry, Shared, Stamp};
use crate::parse::{datetime, trim};
use chrono::NaiveDate;

/// The last one-line entry's trailer and what was read from it.
///
/// The trailers of a log's lines differ from line to line in the time of
/// day only. A trailer whose bytes equal the last one's outside its time
/// word names the same component, date words and zone, so the trailer and
/// date readers (`parse::smslog`, [`super::dates`]) would read the same from it but for the time:
/// only the time word is read (a test compares both readings).
#[derive(Debug)]
struct LastTrailer {
    /// The trailer as written, from `$$<` to the end of the line.
    text: String,
    /// The time word's byte range in `text`.
    time: (usize, usize),
    date: NaiveDate,
    bias: Option<i32>,
    zone: Option<Shared>,
    component: Shared,
}

impl LastTrailer {
    /// The component and stamp of `line`, whose trailer opens at `at`, when
    /// that trailer differs from this one in its time word only.
    fn read(&self, line: &str, at: usize) -> Option<(Shared, Stamp)> {
        let trailer = line.get(at..)?;
        let (from, to) = self.time;
        let (new, old) = (trailer.as_bytes(), self.text.as_bytes());
        if new.len() != old.len()
            || !swar::same(&new[..from], &old[..from])
            || !swar::same(&new[to..], &old[to..])
        {
            return None;
        }
        // Digits, colons and a dot, or not a time: no white space can
        // change where the words of the date block are.
        let time = datetime::time_of_day(trailer.get(from..to)?)?;
        let local = self.date.and_time(time);
        let stamp = datetime::stamp(local, self.bias, self.zone.clone());
        Some((Shared::clone(&self.component), stamp))
    }

    /// What to remember of the entry just read from `trailer` (from `$$<`
    /// to the line's end), whose date block `date` (a part of `trailer`) was
    /// read as `entry`'s time by the date memo `dates`. `None` for a date
    /// that memo did not read (a numeric ConfigMgr date, or no date), whose
    /// time word it cannot place. `reuse` is the last memo, whose buffer is
    /// kept.
    fn after(
        trailer: &str,
        date: &str,
        entry: &Entry,
        dates: &DateMemo,
        reuse: Option<Self>,
    ) -> Option<Self> {
        if trim::start(date).starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let local = entry.time.local?;
        let (word_from, word_to) = dates.time_word_of(date)?;
        let date_at = (date.as_ptr() as usize).checked_sub(trailer.as_ptr() as usize)?;
        let mut text = reuse.map(|last| last.text).unwrap_or_default();
        text.clear();
        text.push_str(trailer);
        Some(LastTrailer {
            text,
            time: (date_at + word_from, date_at + word_to),
            date: local.date(),
            bias: entry.time.bias_minutes,
            zone: entry.time.zone.clone(),
            component: entry.component.clone()?,
        })
    }
}

/// The last trailer remembered, if any.
#[derive(Debug, Default)]
pub(crate) struct TrailerMemo {
    last: Option<LastTrailer>,
}

impl TrailerMemo {
    /// When `line`'s trailer differs from the last one remembered in its
    /// time word only: where it opens (at the same distance from the line's
    /// end), and the component and stamp read from it.
    pub fn recall(&self, line: &str) -> Option<(usize, Shared, Stamp)> {
        let last = self.last.as_ref()?;
        let at = line.len().checked_sub(last.text.len())?;
        let (component, time) = last.read(line, at)?;
        Some((at, component, time))
    }

    /// Remember the trailer just read (see [`LastTrailer::after`]).
    pub fn remember(&mut self, trailer: &str, date: &str, entry: &Entry, dates: &DateMemo) {
        let reuse = self.last.take();
        self.last = LastTrailer::after(trailer, date, entry, dates, reuse);
    }
}
