//! SMS component logs: `message  $$<COMPONENT><date><thread=...>` entries in
//! their three generations (SMS 1.x, SMS 2.0, ConfigMgr numeric dates), with
//! pasted entries re-joined when mail or a web page wrapped them over several
//! physical lines. A `STATMSG:` message becomes a status-message fact.

use super::out::{Out, Slot};
use super::{datetime, statmsg, trim};
use crate::evidence::{Entry, Fact, Format};
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// Opens a trailer.
const OPEN: &[u8] = b"$$<";

static STATMSG: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(statmsg::MARKER));

/// Physical lines one entry may be wrapped over before the oldest is given up.
const MAX_WRAPPED_LINES: usize = 8;
/// Bytes one re-joined entry may grow to.
const MAX_WRAPPED_BYTES: usize = 64 * 1024;
/// Lines kept while no log block is open, in case they start a wrapped entry.
const MAX_LEAD_LINES: usize = 3;

/// The parts of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer<'a> {
    /// The message, before the trailer, trailing spaces trimmed.
    pub message: &'a str,
    pub component: &'a str,
    /// The date block's content.
    pub date: &'a str,
    /// The thread block's content (`297 (0x129)`), when present.
    pub thread: Option<&'a str>,
}

/// Where the line's last trailer opener is, if it has one. A backwards
/// `memrchr` for `$`: the trailer ends the line, so the first `$` found from
/// the end is nearly always its own, and one byte search beats a substring
/// search on every line of a log.
pub fn opener(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut end = bytes.len();
    while let Some(at) = memchr::memrchr(b'$', &bytes[..end]) {
        if at >= 1 && bytes[at - 1] == b'$' && bytes.get(at + 1) == Some(&b'<') {
            return Some(at - 1);
        }
        end = at;
    }
    None
}

/// Split a (re-joined) line at its last trailer. With `need_thread`, a trailer
/// without its `<thread=...>` block is incomplete (`None`).
pub fn trailer(line: &str, need_thread: bool) -> Option<Trailer<'_>> {
    trailer_at(line, opener(line)?, need_thread)
}

/// [`trailer`] with the opener already found at `at`.
fn trailer_at(line: &str, at: usize, need_thread: bool) -> Option<Trailer<'_>> {
    let message = trim::end(&line[..at]);
    let rest = &line[at + OPEN.len()..];
    // `>` is ASCII: the positions found are char boundaries. The component and
    // date blocks are 20 to 60 bytes: long enough for memchr's vector search.
    let close_at = |s: &str| memchr::memchr(b'>', s.as_bytes());
    let close = close_at(rest)?;
    let component = trim::both(&rest[..close]);
    let rest = trim::start(&rest[close + 1..]);
    let rest = rest.strip_prefix('<')?;
    let close = close_at(rest)?;
    let date = &rest[..close];
    let rest = trim::start(&rest[close + 1..]);
    let thread = match rest.strip_prefix("<thread=") {
        Some(t) => match close_at(t) {
            Some(close) => Some(trim::both(&t[..close])),
            None if need_thread => return None,
            None => Some(t.trim()),
        },
        None if need_thread => return None,
        None => None,
    };
    if component.is_empty() {
        return None;
    }
    Some(Trailer {
        message,
        component,
        date,
        thread,
    })
}

/// Record one entry spanning `first..=last`; its `text` is the (re-joined) line.
pub(crate) fn emit(out: &mut Out, first: usize, last: usize, text: &str, t: &Trailer<'_>) {
    let time = datetime::sms_stamp(t.date, &mut out.zones, &mut out.dates).unwrap_or_default();
    if time.local.is_none() {
        out.problem(
            first,
            format!("unreadable date <{}>; entry kept without a time", t.date),
        );
    }
    let mut severity = None;
    if let Some(at) = STATMSG.find(t.message.as_bytes()) {
        match statmsg::parse(&t.message[at..], &mut out.strings, &mut out.gmt_dates) {
            Some(mut msg) => {
                severity = msg.severity;
                let utc = msg.time.utc.or(time.utc);
                msg.time = crate::evidence::Stamp {
                    utc,
                    ..time.clone()
                };
                out.evidence(first, text, Fact::StatusMessage(msg));
            }
            None => out.problem(first, "STATMSG without a numeric ID; kept as a log entry"),
        }
    }
    let component = Some(out.strings.get_in(Slot::Entry, t.component));
    out.entry(Entry {
        first_line: first,
        last_line: last,
        component,
        severity,
        time,
    });
}

/// The state of a log block across lines: a wrapped entry being re-joined.
#[derive(Debug, Default)]
pub(crate) struct SmsBlock {
    pending: String,
    first: usize,
    lines: usize,
    /// A log block is open (an entry was read since the last blank line or other block).
    pub active: bool,
}

impl SmsBlock {
    /// A line holding `$$<` at `at`: complete on its own, or completing a wrapped entry.
    pub fn trailer_line(&mut self, out: &mut Out, no: usize, line: &str, at: usize) {
        if self.lines == 0 {
            if let Some(t) = trailer_at(line, at, true) {
                out.saw(Format::SmsLog);
                self.active = true;
                emit(out, no, no, line, &t);
                return;
            }
        }
        self.push(out, no, line);
    }

    /// Any other line while a block is open (or while lines may lead into one).
    pub fn push(&mut self, out: &mut Out, no: usize, line: &str) {
        let limit = if self.active {
            MAX_WRAPPED_LINES
        } else {
            MAX_LEAD_LINES
        };
        if self.lines >= limit || self.pending.len() + line.len() > MAX_WRAPPED_BYTES {
            self.give_up(out);
        }
        if self.lines == 0 {
            self.first = no;
        } else {
            self.pending.push(' ');
        }
        self.pending.push_str(if self.lines == 0 {
            line.trim_end()
        } else {
            line.trim()
        });
        self.lines += 1;
        if let Some(t) = trailer(&self.pending, true) {
            out.saw(Format::SmsLog);
            self.active = true;
            emit(out, self.first, no, &self.pending, &t);
            self.clear();
        }
    }

    /// The block ends (blank line, other block, end of input): read what is
    /// pending leniently (a trailer without its thread block), or report it.
    pub fn flush(&mut self, out: &mut Out, last: usize) {
        if self.lines > 0 {
            if let Some(t) = trailer(&self.pending, false) {
                out.saw(Format::SmsLog);
                emit(out, self.first, last, &self.pending, &t);
            } else if self.active || self.pending.contains(statmsg::MARKER) {
                self.report(out);
            }
            self.clear();
        }
    }

    /// Too many lines without a trailer: report them and start over.
    fn give_up(&mut self, out: &mut Out) {
        if self.lines == 0 {
            return;
        }
        if self.active || self.pending.contains(statmsg::MARKER) {
            self.report(out);
        }
        self.clear();
    }

    fn report(&self, out: &mut Out) {
        let last = self.first + self.lines - 1;
        let lines = if last == self.first {
            String::new()
        } else {
            format!(" (lines {}-{})", self.first, last)
        };
        out.problem(
            self.first,
            format!("log text without a $$<component><date><thread> trailer{lines}; skipped"),
        );
    }

    fn clear(&mut self) {
        self.pending.clear();
        self.lines = 0;
    }

    /// Close the block: flush and forget that it was open.
    pub fn close(&mut self, out: &mut Out, last: usize) {
        self.flush(out, last);
        self.active = false;
    }
}

/// The lines of a message: `~` stands for an embedded line break.
pub fn message_lines(message: &str) -> impl Iterator<Item = &str> {
    message.split('~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_two_trailer() {
        let t = trailer(
            "Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time><thread=297 (0x129)>",
            true,
        )
        .expect("complete");
        assert_eq!(t.message, "Used 0 out of 3 allowed processing threads.");
        assert_eq!(t.component, "SMS_DISTRIBUTION_MANAGER");
        assert_eq!(t.date, "Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time");
        assert_eq!(t.thread, Some("297 (0x129)"));
    }

    #[test]
    fn incomplete_trailers() {
        assert!(trailer("msg  $$<SMS_SCHEDULER>", true).is_none());
        assert!(trailer("msg  $$<SMS_SCHEDULER><Wed Nov 06 08:49:37 1996~>", true).is_none());
        let t =
            trailer("msg  $$<SMS_SCHEDULER><Wed Nov 06 08:49:37 1996~>", false).expect("lenient");
        assert_eq!(t.thread, None);
        assert!(trailer("$$<", false).is_none());
        assert!(trailer("$$<><x><thread=1>", true).is_none());
    }

    #[test]
    fn opener_is_the_last_occurrence() {
        for line in [
            "",
            "$",
            "$$",
            "$$<",
            "a$$$<b",
            "$$<x$",
            "$$<a$$<b",
            "x $$<C><d><thread=1 $>",
            "$<$$ <$$<",
            "no trailer here",
        ] {
            assert_eq!(opener(line), line.rfind("$$<"), "{line:?}");
        }
    }

    #[test]
    fn tilde_breaks() {
        let lines: Vec<_> = message_lines("~Error~~The network path was not found.").collect();
        assert_eq!(lines, ["", "Error", "", "The network path was not found."]);
    }
}
