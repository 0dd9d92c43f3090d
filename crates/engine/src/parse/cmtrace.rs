//! CMTrace-format logs (`<![LOG[message]LOG]!><time="..." date="..."
//! component="..." type="1" ...>`, messages possibly spanning lines) and the
//! tab-separated rows CMTrace's Copy puts on the clipboard
//! (`message<TAB>component<TAB>10/9/2018 3:36:30 PM<TAB>1424 (0x0590)`).

use super::out::Out;
use super::{datetime, statmsg};
use crate::evidence::{Entry, Fact, Format, Severity, Stamp};

pub const OPEN: &str = "<![LOG[";
const CLOSE: &str = "]LOG]!>";
/// Lines one entry may span before it is given up.
const MAX_LINES: usize = 10_000;
const MAX_BYTES: usize = 1 << 20;

/// The value of `name="..."` inside an attribute block.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut search = attrs;
    loop {
        let at = search.find(name)?;
        let after = &search[at + name.len()..];
        let preceded_ok = search[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_ascii_whitespace() || c == '<');
        if let (true, Some(value)) = (preceded_ok, after.strip_prefix("=\"")) {
            return value.find('"').map(|end| &value[..end]);
        }
        search = after;
    }
}

/// The parts of a complete entry: `(message, attribute block)`, or `None`
/// when the closing `]LOG]!><...>` has not been seen yet.
fn split(text: &str) -> Option<(&str, &str)> {
    let open = text.find(OPEN)?;
    let body = &text[open + OPEN.len()..];
    let close = body.rfind(CLOSE)?;
    let attrs = body[close + CLOSE.len()..].trim_start().strip_prefix('<')?;
    let end = attrs.rfind('>')?;
    Some((&body[..close], &attrs[..end]))
}

fn severity(kind: &str) -> Option<Severity> {
    match kind.trim() {
        "1" => Some(Severity::Info),
        "2" => Some(Severity::Warning),
        "3" => Some(Severity::Error),
        _ => None,
    }
}

/// Record an entry from a message, component, time and severity.
fn emit(
    out: &mut Out,
    (first, last): (usize, usize),
    text: &str,
    message: &str,
    component: Option<&str>,
    time: Stamp,
    severity: Option<Severity>,
) {
    out.saw(Format::CmtraceLog);
    let mut severity = severity;
    if let Some(at) = message.find(statmsg::MARKER) {
        if let Some(mut msg) = statmsg::parse(&message[at..], &mut out.cache) {
            super::placeholder::scrub_status(out, first, &mut msg);
            severity = severity.or(msg.severity);
            msg.time = Stamp {
                utc: msg.time.utc.or(time.utc),
                ..time.clone()
            };
            out.evidence(first, text, Fact::StatusMessage(msg));
        }
    }
    let component = component
        .filter(|c| !c.is_empty())
        .map(|c| out.cache.share(c));
    out.entry(Entry {
        first_line: first,
        last_line: last,
        component,
        severity,
        time,
    });
}

fn emit_entry(out: &mut Out, first: usize, last: usize, text: &str, message: &str, attrs: &str) {
    let time = attribute(attrs, "time")
        .zip(attribute(attrs, "date"))
        .and_then(|(t, d)| datetime::cmtrace_stamp(t, d));
    if time.is_none() {
        out.problem(
            first,
            "CMTrace entry with an unreadable time or date; kept without a time",
        );
    }
    let severity = attribute(attrs, "type").and_then(severity);
    let component = attribute(attrs, "component");
    emit(
        out,
        (first, last),
        text,
        message,
        component,
        time.unwrap_or_default(),
        severity,
    );
}

/// A CMTrace entry being read across lines.
#[derive(Debug, Default)]
pub(crate) struct CmtraceBlock {
    pending: String,
    first: usize,
    lines: usize,
    /// `]LOG]!>` has been seen: only then can the entry be complete (checking
    /// earlier would rescan the growing entry on every line).
    closing: bool,
}

impl CmtraceBlock {
    pub fn in_progress(&self) -> bool {
        self.lines > 0
    }

    /// A line holding `<![LOG[`.
    pub fn start(&mut self, out: &mut Out, no: usize, line: &str) {
        self.flush(out);
        out.saw(Format::CmtraceLog);
        if let Some((message, attrs)) = split(line) {
            emit_entry(out, no, no, line, message, attrs);
        } else {
            self.pending.push_str(line);
            self.first = no;
            self.lines = 1;
            self.closing = line.contains(CLOSE);
        }
    }

    /// The next line of an entry in progress. Returns false (and gives the
    /// entry up) when the line starts another entry instead.
    pub fn next_line(&mut self, out: &mut Out, no: usize, line: &str) -> bool {
        if line.contains(OPEN) {
            self.flush(out);
            return false;
        }
        if self.lines >= MAX_LINES || self.pending.len() + line.len() > MAX_BYTES {
            self.flush(out);
            return false;
        }
        self.pending.push('\n');
        self.pending.push_str(line);
        self.lines += 1;
        // Look at this line and the few bytes before it, in case the closing
        // marker itself was broken over the line end.
        let mut tail = self
            .pending
            .len()
            .saturating_sub(line.len() + CLOSE.len() + 1);
        while !self.pending.is_char_boundary(tail) {
            tail -= 1;
        }
        self.closing |= self.pending[tail..].contains(CLOSE);
        if !self.closing {
            return true;
        }
        if let Some((message, attrs)) = split(&self.pending) {
            emit_entry(out, self.first, no, &self.pending, message, attrs);
            self.pending.clear();
            self.lines = 0;
            self.closing = false;
        }
        true
    }

    /// Give up an unfinished entry, reporting it.
    pub fn flush(&mut self, out: &mut Out) {
        if self.lines > 0 {
            out.problem(
                self.first,
                format!(
                    "CMTrace entry not closed by ]LOG]!><...> within {} lines; skipped",
                    self.lines
                ),
            );
            self.pending.clear();
            self.lines = 0;
            self.closing = false;
        }
    }
}

/// Is this tab-separated row a CMTrace clipboard copy (`... <TAB>1424 (0x0590)`)?
pub fn is_clipboard_row(fields: &[&str]) -> bool {
    fields.len() >= 4 && is_thread(fields[fields.len() - 1])
}

/// `1424 (0x0590)`.
fn is_thread(s: &str) -> bool {
    let Some((dec, hex)) = s.trim().split_once(' ') else {
        return false;
    };
    let hex = hex
        .trim()
        .strip_prefix("(0x")
        .and_then(|h| h.strip_suffix(')'));
    datetime::number(dec, 10).is_some()
        && hex.is_some_and(|h| {
            !h.is_empty() && h.len() <= 8 && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// A clipboard row: message (which may itself hold tabs), component, local date, thread.
pub(crate) fn clipboard_row(out: &mut Out, no: usize, line: &str, fields: &[&str]) {
    let count = fields.len();
    let date = fields[count - 2];
    let component = fields[count - 3];
    let message_end = line
        .match_indices('\t')
        .nth(count - 4)
        .map_or(line.len(), |(at, _)| at);
    let message = &line[..message_end];
    let time = match datetime::locale_datetime(date) {
        Some(local) => datetime::stamp(local, None, None),
        None => {
            out.problem(
                no,
                format!("unreadable date {date:?}; row kept without a time"),
            );
            Stamp::default()
        }
    };
    emit(
        out,
        (no, no),
        line,
        message,
        Some(component.trim()),
        time,
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_by_whole_name() {
        let a = r#"time="10:22:50.842+480" date="1-2-2015" component="SMS_DISTRIBUTION_MANAGER" context="" type="3" thread="12" file="x.cpp:42""#;
        assert_eq!(attribute(a, "time"), Some("10:22:50.842+480"));
        assert_eq!(attribute(a, "type"), Some("3"));
        assert_eq!(attribute(a, "context"), Some(""));
        assert_eq!(attribute(a, "missing"), None);
    }

    #[test]
    fn split_needs_the_closing_block() {
        assert_eq!(
            split("<![LOG[a]LOG]!><time=\"1\">"),
            Some(("a", "time=\"1\""))
        );
        assert_eq!(split("<![LOG[a]LOG]!><time=\"1\""), None);
        assert_eq!(split("<![LOG[a"), None);
    }

    #[test]
    fn thread_cell() {
        assert!(is_thread("1424 (0x0590)"));
        assert!(!is_thread("1424"));
        assert!(!is_thread("x (0x1)"));
    }
}
