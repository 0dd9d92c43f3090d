//! SMS component logs: `message  $$<COMPONENT><date><thread=...>` entries in
//! their three generations (SMS 1.x, SMS 2.0, ConfigMgr numeric dates), with
//! pasted entries re-joined when mail or a web page wrapped them over several
//! physical lines. A `STATMSG:` message becomes a status-message fact.

use super::cache::Slot;
use super::out::Out;
use super::{statmsg, trim};
use crate::evidence::{Entry, Fact, Format, Severity, Shared, Stamp};

/// Opens a trailer.
const OPEN: &[u8] = b"$$<";

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
        Some(block) => match close_at(block) {
            Some(close) => Some(trim::both(&block[..close])),
            None if need_thread => return None,
            None => Some(block.trim()),
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

/// Does `name` look like a component's name (`SMS_DISTRIBUTION_MANAGER`)?
fn component_like(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b' ')
}

/// A trailer without its date and thread blocks, `$$<COMPONENT>` ending the
/// text, as KB articles quote log lines; also `$<COMPONENT>`, a typo found in
/// one. The message before it and the component.
fn dateless(text: &str) -> Option<(&str, &str)> {
    let text = trim::end(text);
    let inner = text.strip_suffix('>')?;
    let open = inner.rfind('<')?;
    let component = trim::both(&inner[open + 1..]);
    let before = &inner[..open];
    let dollars = before
        .strip_suffix("$$")
        .or_else(|| before.strip_suffix('$'))?;
    component_like(component).then(|| (trim::end(dollars), component))
}

/// Where a trailer was cut off, for the problem that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CutIn {
    Component,
    Date,
    Thread,
}

impl CutIn {
    fn block(self) -> &'static str {
        match self {
            CutIn::Component => "component",
            CutIn::Date => "date",
            CutIn::Thread => "thread",
        }
    }
}

/// What a trailer cut off before its end still says (`$$<SMS_DIST`,
/// `$$<COMPONENT><Mon Jun 07 16:2`): the message, the component when its
/// block closed, the date block so far when it was opened, and where the
/// cut is. `None` when the text after the last `$$<` is not the start of a
/// trailer.
fn cut_trailer(text: &str) -> Option<(&str, Option<&str>, Option<&str>, CutIn)> {
    let at = opener(text)?;
    let message = trim::end(&text[..at]);
    let rest = &text[at + OPEN.len()..];
    let Some(close) = rest.find('>') else {
        return Some((message, None, None, CutIn::Component));
    };
    let component = trim::both(&rest[..close]);
    let date = trim::start(&rest[close + 1..]).strip_prefix('<')?;
    if component.is_empty() || date.contains(['<', '>']) {
        return None;
    }
    Some((
        message,
        Some(component),
        Some(trim::both(date)),
        CutIn::Date,
    ))
}

/// Does `text` end inside a quoted STATMSG value (`ISTR1="\\SRCSRV\pack`,
/// no closing quote yet)? A paste that broke the line there broke a word
/// (a path, a package name) unless white space stood at the break, so the
/// next line is joined to it without a space. The value read last runs to
/// the end of the text only when it is unterminated: a closed one ends
/// before its closing quote.
fn in_open_value(text: &str) -> bool {
    let Some(at) = statmsg::find(text) else {
        return false;
    };
    // Past a trailer's opener the break is in the trailer, not in a value.
    if opener(text).is_some_and(|trailer| trailer > at) {
        return false;
    }
    let body = &text[at..];
    let Some((_, value)) = statmsg::Tokens::new(body).last() else {
        return false;
    };
    // The value is a slice of `body` (delimiters are ASCII); checked all the same.
    let Some(from) = (value.as_ptr() as usize).checked_sub(body.as_ptr() as usize) else {
        return false;
    };
    from + value.len() == body.len()
        && from.checked_sub(1).and_then(|q| body.as_bytes().get(q)) == Some(&b'"')
}

/// Record one entry spanning `first..=last`; its `text` is the (re-joined) line.
pub(crate) fn emit(out: &mut Out, first: usize, last: usize, text: &str, parts: &Trailer<'_>) {
    let time = out.cache.trailer_stamp(parts.date).unwrap_or_default();
    if time.local.is_none() {
        out.problem(
            first,
            format!(
                "unreadable date <{}>; entry kept without a time",
                parts.date
            ),
        );
    }
    let component = out.cache.share_in(Slot::Entry, parts.component);
    record(out, first, last, text, parts.message, Some(component), time);
}

/// Record the entry `first..=last` read as `message`, `component` and
/// `time` (and the status message in it, if any).
fn record(
    out: &mut Out,
    first: usize,
    last: usize,
    text: &str,
    message: &str,
    component: Option<Shared>,
    time: Stamp,
) {
    let severity = status(out, first, text, message, &time);
    out.entry(Entry {
        first_line: first,
        last_line: last,
        component,
        severity,
        time,
    });
}

/// The status message in an entry's `message`, if it holds one, as a fact
/// (stamped with the entry's `time` where its own GMTDATE says nothing);
/// its severity, for the entry.
fn status(
    out: &mut Out,
    first: usize,
    text: &str,
    message: &str,
    time: &Stamp,
) -> Option<Severity> {
    let at = statmsg::find(message)?;
    match statmsg::parse(&message[at..], &mut out.cache) {
        Some(mut msg) => {
            super::placeholder::scrub_status(out, first, &mut msg);
            let severity = msg.severity;
            let utc = msg.time.utc.or(time.utc);
            msg.time = Stamp {
                utc,
                ..time.clone()
            };
            out.evidence(first, text, Fact::StatusMessage(msg));
            severity
        }
        None => {
            out.problem(first, "STATMSG without a numeric ID; kept as a log entry");
            None
        }
    }
}

/// The state of a log block across lines: a wrapped entry being re-joined.
#[derive(Debug, Default)]
pub(crate) struct SmsBlock {
    pending: String,
    /// The last pending line ended in white space: it was broken at a space.
    broke_at_space: bool,
    first: usize,
    lines: usize,
    /// A log block is open (an entry was read since the last blank line or other block).
    pub active: bool,
}

/// How a line that ends with a trailer is read: what [`SmsBlock::trailer_of`]
/// found.
pub(crate) enum TrailerLine {
    /// A one-line entry whose trailer differs from the last one's in its
    /// time word only (the cache's trailer memo): where the trailer opens, and the
    /// component and stamp read from it.
    Known(usize, Shared, Stamp),
    /// A trailer opens at this byte ([`opener`]).
    At(usize),
}

impl SmsBlock {
    /// Does `line` hold a trailer, and how is it to be read?
    ///
    /// The last trailer's memo is tried first, at the same distance from
    /// the line's end: a trailer that equals the last one outside its time
    /// word opens where [`opener`] would find it, since the last trailer held
    /// no later `$$<` and a time word (digits, colons and a dot) cannot make
    /// one. So most lines of a log are read without the search for `$`.
    pub fn trailer_of(&self, out: &Out, line: &str) -> Option<TrailerLine> {
        self.known(out, line)
            .or_else(|| opener(line).map(TrailerLine::At))
    }

    /// [`TrailerLine::Known`] for `line`, if it is one.
    fn known(&self, out: &Out, line: &str) -> Option<TrailerLine> {
        if self.lines != 0 {
            return None;
        }
        let (at, component, time) = out.cache.recall_trailer(line)?;
        Some(TrailerLine::Known(at, component, time))
    }

    /// A line holding a trailer, as [`SmsBlock::trailer_of`] found it:
    /// complete on its own, or completing a wrapped entry.
    pub fn trailer_line(&mut self, out: &mut Out, no: usize, line: &str, how: TrailerLine) {
        let at = match how {
            TrailerLine::Known(at, component, time) => {
                // Only made when no wrapped entry is pending (`known`).
                debug_assert_eq!(self.lines, 0);
                out.saw(Format::SmsLog);
                self.active = true;
                record(
                    out,
                    no,
                    no,
                    line,
                    trim::end(&line[..at]),
                    Some(component),
                    time,
                );
                return;
            }
            TrailerLine::At(at) => at,
        };
        self.settle(out, line);
        if self.lines == 0 {
            if let Some(parts) = trailer_at(line, at, true) {
                out.saw(Format::SmsLog);
                self.active = true;
                emit(out, no, no, line, &parts);
                if let Some(entry) = out.parsed.entries.last() {
                    out.cache.remember_trailer(&line[at..], parts.date, entry);
                }
                return;
            }
        }
        self.push(out, no, line);
    }

    /// Any other line while a block is open (or while lines may lead into one).
    pub fn push(&mut self, out: &mut Out, no: usize, line: &str) {
        self.settle(out, line);
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
        } else if self.broke_at_space
            || line.starts_with(|c: char| c.is_whitespace())
            || !in_open_value(&self.pending)
        {
            self.pending.push(' ');
        }
        self.broke_at_space = line.ends_with(|c: char| c.is_whitespace());
        self.pending.push_str(if self.lines == 0 {
            line.trim_end()
        } else {
            line.trim()
        });
        self.lines += 1;
        if let Some(parts) = trailer(&self.pending, true) {
            out.saw(Format::SmsLog);
            self.active = true;
            emit(out, self.first, no, &self.pending, &parts);
            self.clear();
        }
    }

    /// The pending lines end with a trailer that has no date
    /// ([`dateless`]): unless `next` carries that trailer on (a trailer
    /// broken after `$$<COMPONENT>`, its date on the next line), the entry
    /// is complete and is recorded now.
    fn settle(&mut self, out: &mut Out, next: &str) {
        if self.lines > 0 && !trim::start(next).starts_with('<') && self.dateless_entry(out) {
            self.clear();
        }
    }

    /// Record the pending lines as one entry if they end with a trailer
    /// that has no date; whether they did.
    fn dateless_entry(&mut self, out: &mut Out) -> bool {
        let Some((message, component)) = dateless(&self.pending) else {
            return false;
        };
        out.saw(Format::SmsLog);
        self.active = true;
        let component = out.cache.share_in(Slot::Entry, component);
        let last = self.last_line();
        let time = Stamp::default();
        record(
            out,
            self.first,
            last,
            &self.pending,
            message,
            Some(component),
            time,
        );
        true
    }

    /// The number of the last pending line.
    fn last_line(&self) -> usize {
        self.first + self.lines.saturating_sub(1)
    }

    /// The block ends (blank line, other block, end of input): read what is
    /// pending leniently (a trailer without its thread block, or without its
    /// date), keep an entry whose trailer was cut off and report the cut, or
    /// report the lines.
    pub fn flush(&mut self, out: &mut Out) {
        if self.lines == 0 {
            return;
        }
        let last = self.last_line();
        if let Some(parts) = trailer(&self.pending, false) {
            out.saw(Format::SmsLog);
            emit(out, self.first, last, &self.pending, &parts);
            // A thread block without its `>`: the text ends inside it.
            if parts.thread.is_some() && !trim::end(&self.pending).ends_with('>') {
                cut_off(out, last, CutIn::Thread, true);
            }
        } else if self.dateless_entry(out) {
            // Recorded: a trailer with no date is whole.
        } else if let Some((message, component, date, cut)) = cut_trailer(&self.pending) {
            out.saw(Format::SmsLog);
            let time = date
                .and_then(|date| out.cache.trailer_stamp(date))
                .unwrap_or_default();
            let timed = time.local.is_some();
            let component = component.map(|c| out.cache.share_in(Slot::Entry, c));
            record(
                out,
                self.first,
                last,
                &self.pending,
                message,
                component,
                time,
            );
            cut_off(out, last, cut, timed);
        } else if self.active || self.pending.contains(statmsg::MARKER) {
            self.report(out);
        }
        self.clear();
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
    pub fn close(&mut self, out: &mut Out) {
        self.flush(out);
        self.active = false;
    }
}

/// Report a trailer cut off in its `cut` block on line `no`; `timed`: the
/// entry still got a time.
#[cold]
fn cut_off(out: &mut Out, no: usize, cut: CutIn, timed: bool) {
    let kept = if timed {
        "entry kept"
    } else {
        "entry kept without a time"
    };
    out.problem(
        no,
        format!(
            "trailer cut off in its {} block (the text ends there); {kept}",
            cut.block()
        ),
    );
}

/// The lines of a message: `~` stands for an embedded line break.
pub fn message_lines(message: &str) -> impl Iterator<Item = &str> {
    message.split('~')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::cache::Reading;

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

    /// Read `lines` one by one as the scanner reads trailer lines, with or
    /// without the last trailer's memo.
    fn read_lines(lines: &[String], memo: bool) -> crate::parse::ParsedInput {
        let reading = if memo {
            Reading::Fast
        } else {
            Reading::Reference
        };
        let mut out = Out::new("t", 0, reading);
        let mut block = SmsBlock::default();
        for (i, line) in lines.iter().enumerate() {
            match block.trailer_of(&out, line) {
                Some(how) => block.trailer_line(&mut out, i + 1, line, how),
                None => block.push(&mut out, i + 1, line),
            }
        }
        block.close(&mut out);
        out.finish()
    }

    #[test]
    fn the_last_trailers_memo_reads_as_a_fresh_reading_does() {
        let line = |message: &str, component: &str, date: &str| {
            format!("{message}  $$<{component}><{date}><thread=1288 (0x508)>")
        };
        let statmsg = "STATMSG: ID=2302 SEV=E LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=S SITE=CEN PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0=\"P\" ISTR1=\"\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=0";
        let lines: Vec<String> = [
            (
                "Used 0 out of 3",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time",
            ),
            (
                statmsg,
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:00:00.001 2004 Pacific Daylight Time",
            ),
            // The same length, another time; then a time of another length.
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:59:59.999 2004 Pacific Daylight Time",
            ),
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:59:59.9 2004 Pacific Daylight Time",
            ),
            // Not a time, then white space or a non-ASCII char in the time word.
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:5x:59.9 2004 Pacific Daylight Time",
            ),
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:59 59.9 2004 Pacific Daylight Time",
            ),
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:59\u{a0}59 2004 Pacific Daylight Time",
            ),
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:5é:5 2004 Pacific Daylight Time",
            ),
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 25:00:00.000 2004 Pacific Daylight Time",
            ),
            // Another day, zone, component; no zone; no day name; SMS 1.x.
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Tue Jun 08 01:00:00.000 2004 Pacific Daylight Time",
            ),
            (
                "x",
                "SMS_DISTRIBUTION_MANAGER",
                "Tue Jun 08 01:00:00.001 2004 Pacific Standard Time",
            ),
            (
                "x",
                "SMS_SCHEDULER",
                "Tue Jun 08 01:00:00.002 2004 Pacific Standard Time",
            ),
            ("x", "SMS_SCHEDULER", "Tue Jun 08 01:00:00.003 2004"),
            ("x", "SMS_SCHEDULER", "Tue Jun 08 01:00:00.004 2004"),
            ("x", "SMS_SCHEDULER", "Jun 08 01:00:00.004 2004 Mars Time"),
            ("x", "SMS_SCHEDULER", "Jun 08 01:00:00.005 2004 Mars Time"),
            ("x", "SMS_SCHEDULER", "Wed Nov 06 08:49:37 1996~"),
            ("x", "SMS_SCHEDULER", "Wed Nov 06 08:49:38 1996~"),
            // A numeric date (read without the date memo), twice.
            ("x", "SMS_SCHEDULER", "08-22-2016 04:15:01.917+420"),
            ("x", "SMS_SCHEDULER", "08-22-2016 04:15:01.918+420"),
            ("x", "SMS_SCHEDULER", "Wed Nov 06 08:49:39 1996~"),
        ]
        .iter()
        .map(|(m, c, d)| line(m, c, d))
        .collect();
        // Every prefix, so that each line is read after each other one.
        for skip in 0..lines.len() {
            let lines = &lines[skip..];
            let with = read_lines(lines, true);
            assert_eq!(with, read_lines(lines, false), "from line {skip}");
        }
        // A wrapped entry between two trailer lines.
        let mut wrapped = lines[..2].to_vec();
        wrapped.insert(1, "Processing".to_owned());
        wrapped.insert(
            2,
            line(
                "file",
                "SMS_DISTRIBUTION_MANAGER",
                "Mon Jun 07 16:00:00.002 2004 Pacific Daylight Time",
            ),
        );
        assert_eq!(read_lines(&wrapped, true), read_lines(&wrapped, false));
        let all = read_lines(&lines, true);
        assert_eq!(all.entries.len(), lines.len());
        assert_eq!(all.evidence.len(), 1);
    }

    proptest::proptest! {
        /// Runs of trailers that differ in their time word (times, near
        /// times, junk, white space), component, day and zone read the same
        /// with the memo as without it.
        #[test]
        fn the_memo_agrees_on_random_trailers(
            runs in proptest::collection::vec(
                (
                    0..2usize,
                    "(Mon Jun 0[78] |Jun 07 |08-22-2016 )",
                    proptest::prop_oneof![
                        " 2004 Pacific Daylight Time",
                        " 2004",
                        " 2004~",
                        "\\+420",
                        " 2004 Pacific  Standard Time",
                    ],
                    // A run of lines that differ in the time word only.
                    proptest::collection::vec(
                        proptest::prop_oneof![
                            3 => "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}",
                            1 => "[0-9:. a\u{a0}é]{0,12}",
                        ],
                        1..6,
                    ),
                ),
                1..6,
            ),
        ) {
            let mut lines = Vec::new();
            for (c, head, tail, times) in &runs {
                let component = ["SMS_DISTRIBUTION_MANAGER", "SMS_SCHEDULER"][*c];
                for time in times {
                    lines.push(format!(
                        "m  $$<{component}><{head}{time}{tail}><thread=1 (0x1)>"
                    ));
                }
            }
            proptest::prop_assert_eq!(read_lines(&lines, true), read_lines(&lines, false));
        }
    }

    #[test]
    fn tilde_breaks() {
        let lines: Vec<_> = message_lines("~Error~~The network path was not found.").collect();
        assert_eq!(lines, ["", "Error", "", "The network path was not found."]);
    }
}
