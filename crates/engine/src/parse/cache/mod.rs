//! Everything the scanner keeps from line to line only to read faster, in
//! one place, behind one type: [`ReadCache`]. Each input's scanner owns one
//! (inside its `Out`); parsers ask it for shared strings, trailer stamps,
//! the STATMSG memo and spare buffers, and never see what it keeps.
//!
//! Every shortcut here gives what the plain reading gives. To check that,
//! a scanner made by `Scanner::reference` holds a cache in
//! [`Reading::Reference`], which keeps nothing and takes no shortcut: no
//! shared strings, no date, zone or trailer memo, no STATMSG fast path or
//! memo, no spare buffers, and dates read by the general time reading and
//! chrono's addition. The differential tests (`tests/parse_reference.rs`)
//! and the `scan` fuzz target compare the two readings of every input.
//!
//! - [`interner`]: one shared copy per distinct short string.
//! - [`dates`]: trailer and `GMTDATE` date words, zone names.
//! - [`trailer`]: the last trailer, read again by its time word alone.
//! - [`spare`]: buffers of drained facts, for the next facts.
//! - [`swar`]: byte compares and searches eight bytes at a time, for the
//!   memos and the STATMSG fast path (`parse::statmsg::fast`).
//! - The STATMSG memo itself lives beside the fast path that uses it
//!   (`parse::statmsg::memo`); it is held here with the rest.

pub(crate) mod dates;
mod interner;
mod spare;
pub(crate) mod swar;
mod trailer;

use super::statmsg::memo::Memo as StatmsgMemo;
use crate::evidence::{Entry, Evidence, Shared, Stamp};
use crate::parse::datetime;
pub(crate) use interner::Slot;

/// How a scanner reads: with every shortcut, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Memos, shared strings, fast paths: what every caller uses.
    Fast,
    /// No memo and no fast path: the reading the fast one must equal.
    Reference,
}

/// A copy of `s` of its own: the reference reading shares nothing. Out of
/// line, so that the fast reading's callers carry no trace of it.
#[cold]
#[inline(never)]
fn unshared(s: &str) -> Shared {
    Shared::from(s)
}

/// One input's caches: see the module's documentation.
#[derive(Debug)]
pub(crate) struct ReadCache {
    reading: Reading,
    strings: interner::Interner,
    zones: dates::ZoneMemo,
    /// Trailer dates.
    dates: dates::DateMemo,
    trailer: trailer::TrailerMemo,
    statmsg: StatmsgMemo,
    spare: spare::Spare,
}

impl ReadCache {
    pub fn new(reading: Reading) -> Self {
        ReadCache {
            reading,
            strings: interner::Interner::default(),
            zones: dates::ZoneMemo::default(),
            dates: dates::DateMemo::default(),
            trailer: trailer::TrailerMemo::default(),
            statmsg: StatmsgMemo::default(),
            spare: spare::Spare::default(),
        }
    }

    #[inline(always)]
    fn fast(&self) -> bool {
        self.reading == Reading::Fast
    }

    /// `s` as shared text: the same copy as the last time `s` was asked for.
    #[inline]
    pub fn share(&mut self, s: &str) -> Shared {
        if self.fast() {
            self.strings.get(s)
        } else {
            unshared(s)
        }
    }

    /// [`ReadCache::share`] for a field that repeats its own last value.
    #[inline]
    pub fn share_in(&mut self, slot: Slot, s: &str) -> Shared {
        if self.fast() {
            self.strings.get_in(slot, s)
        } else {
            unshared(s)
        }
    }

    /// `values` (each `None` read as empty) shared, as one list.
    #[inline]
    pub fn share_all(&mut self, values: &[Option<&str>]) -> Vec<Shared> {
        if !self.fast() {
            return values
                .iter()
                .map(|s| unshared(s.unwrap_or_default()))
                .collect();
        }
        let strings = &mut self.strings;
        self.spare
            .strings(values.iter().map(|s| strings.get(s.unwrap_or_default())))
    }

    /// A trailer's date block as a stamp ([`datetime::reference_sms_stamp`]).
    #[inline]
    pub fn trailer_stamp(&mut self, date: &str) -> Option<Stamp> {
        if self.fast() {
            dates::sms_stamp(date, &mut self.zones, &mut self.dates)
        } else {
            datetime::reference_sms_stamp(date)
        }
    }

    /// `line`'s trailer when it differs from the last one remembered in its
    /// time word only: where it opens, its component and stamp.
    #[inline]
    pub fn recall_trailer(&self, line: &str) -> Option<(usize, Shared, Stamp)> {
        if self.fast() {
            self.trailer.recall(line)
        } else {
            None
        }
    }

    /// Remember the trailer just read as `entry` (`trailer` runs from `$$<`
    /// to the end of the line; `date` is its date block).
    #[inline]
    pub fn remember_trailer(&mut self, trailer: &str, date: &str, entry: &Entry) {
        if self.fast() {
            self.trailer.remember(trailer, date, entry, &self.dates);
        }
    }

    /// The STATMSG memo, or `None` for the reference reading.
    #[inline]
    pub fn statmsg_memo(&mut self) -> Option<&mut StatmsgMemo> {
        self.fast().then_some(&mut self.statmsg)
    }

    /// A copy of `s`, in a spare buffer when there is one.
    #[inline]
    pub fn text(&mut self, s: &str) -> String {
        if self.fast() {
            self.spare.text(s)
        } else {
            s.to_owned()
        }
    }

    /// An empty list of attributes, in a spare buffer when there is one.
    #[inline]
    pub fn attributes(&mut self) -> Vec<(u32, Shared)> {
        if self.fast() {
            self.spare.attributes()
        } else {
            Vec::new()
        }
    }

    /// Keep the buffers of a fact the caller is done with.
    #[inline]
    pub fn keep(&mut self, e: &mut Evidence) {
        if self.fast() {
            self.spare.keep(e);
        }
    }
}
