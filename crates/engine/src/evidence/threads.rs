//! Thread stories: a thread followed through a log from the line that
//! started it to its exiting line, the way an admin filters a log by thread
//! ID to see what one package processing or sending thread did.
//!
//! Distribution Manager logs a new thread's start on the starting thread
//! (`Started package processing thread for package 'X', thread ID = 0x16A8
//! (5800)`), and the thread itself logs its end (`Exiting package processing
//! thread for package X.`); Package Transfer Manager's sending threads log
//! their own start (`Sending thread starting for Job: ...`). What is read
//! here is the shape of such lines, not any component's wording: a line
//! that says a thread started and names its ID starts that thread's story;
//! a thread's own line that says it starts begins a new story of it; a
//! thread's own line that says it is exiting ends its story. Windows reuses
//! thread IDs, so one ID can have several stories in a log.

use super::{Entry, Shared, Stamp};
use crate::parse::Lines;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One thread's story in one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadSpan {
    /// The input (serialised as `path`, like the evidence's).
    #[serde(rename = "path")]
    pub input: Shared,
    /// The thread ID, in decimal.
    pub thread: u32,
    /// The component of the thread's first own entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<Shared>,
    /// The story's first line: the line that started the thread when the
    /// log shows it, else the thread's first own line.
    pub first_line: usize,
    /// The story's last line (the last physical line of its last entry).
    pub last_line: usize,
    /// The line saying the thread started (logged by it or by the thread
    /// that started it), when seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<usize>,
    /// The thread's exiting line, when seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exited: Option<usize>,
    /// The thread's own entries.
    pub entries: usize,
    /// The physical lines of those entries.
    pub lines: usize,
    /// The time of its first and last own entry.
    pub first: Stamp,
    pub last: Stamp,
}

/// Reads one input's entries in line order and follows every thread.
pub struct ThreadTracker<'t> {
    input: Shared,
    lines: Lines<'t>,
    /// The number of the line `lines` gives next.
    next: usize,
    /// Stories not ended yet, by thread ID.
    open: BTreeMap<u32, ThreadSpan>,
    /// Starts announced by another thread and not yet followed by a line
    /// of the started thread: thread ID -> (line, time).
    announced: BTreeMap<u32, (usize, Stamp)>,
    done: Vec<ThreadSpan>,
    joined: String,
    /// Searchers built once: `hread`/`HREAD` and `xit`/`XIT` (a fast first
    /// look for lines about threads starting or ending).
    words: [memchr::memmem::Finder<'static>; 4],
}

impl<'t> ThreadTracker<'t> {
    /// A tracker of the input `name`, whose decoded text is `text`.
    pub fn new(name: &str, text: &'t str) -> Self {
        ThreadTracker {
            input: Shared::from(name),
            lines: Lines::new(text),
            next: 1,
            open: BTreeMap::new(),
            announced: BTreeMap::new(),
            done: Vec::new(),
            joined: String::new(),
            words: [
                memchr::memmem::Finder::new(b"hread"),
                memchr::memmem::Finder::new(b"HREAD"),
                memchr::memmem::Finder::new(b"xit"),
                memchr::memmem::Finder::new(b"XIT"),
            ],
        }
    }

    /// Follow `entries` (in line order, after those given before).
    pub fn entries(&mut self, entries: &[Entry]) {
        for entry in entries {
            while self.next < entry.first_line {
                if self.lines.next().is_none() {
                    return;
                }
                self.next += 1;
            }
            let last = entry.last_line.max(entry.first_line);
            // One physical line is read in place; a wrapped entry is joined.
            let mut first: Option<&str> = None;
            self.joined.clear();
            while self.next <= last {
                let Some(line) = self.lines.next() else { break };
                self.next += 1;
                match first {
                    None => first = Some(line),
                    Some(f) => {
                        if self.joined.is_empty() {
                            self.joined.push_str(f);
                        }
                        self.joined.push('\n');
                        self.joined.push_str(line);
                    }
                }
            }
            if self.joined.is_empty() {
                self.entry(entry, last, first.unwrap_or(""));
            } else {
                let text = std::mem::take(&mut self.joined);
                self.entry(entry, last, &text);
                self.joined = text;
            }
        }
    }

    fn entry(&mut self, entry: &Entry, last: usize, text: &str) {
        let Some(own) = thread_of(text) else {
            return;
        };
        let message = message_of(text);
        // Most lines say nothing of threads starting or ending: they only
        // add to their thread's story, without a lower-cased copy.
        let bytes = message.as_bytes();
        if self.words.iter().all(|w| w.find(bytes).is_none()) {
            self.own(entry, last, own, false);
            return;
        }
        let lower = message.to_ascii_lowercase();
        let says_start = lower.contains("thread") && lower.contains("start");
        if says_start {
            if let Some(named) = named_thread(&lower).filter(|t| *t != own) {
                // A start announced for another thread: a story still open
                // under that ID is over (the ID is reused).
                if let Some(old) = self.open.remove(&named) {
                    self.done.push(old);
                }
                self.announced
                    .insert(named, (entry.first_line, entry.time.clone()));
                self.own(entry, last, own, false);
                return;
            }
        }
        let starts_itself = says_start && named_thread(&lower).is_none_or(|t| t == own);
        if starts_itself {
            if let Some(old) = self.open.remove(&own) {
                self.done.push(old);
            }
        }
        let span = self.own(entry, last, own, starts_itself);
        if is_exit(&lower) {
            span.exited = Some(entry.first_line);
            if let Some(done) = self.open.remove(&own) {
                self.done.push(done);
            }
        }
    }

    /// Add `entry` to thread `own`'s story (begun here when none is open).
    fn own(&mut self, entry: &Entry, last: usize, own: u32, starts: bool) -> &mut ThreadSpan {
        let announced = self.announced.remove(&own);
        let input = &self.input;
        let span = self.open.entry(own).or_insert_with(|| {
            let (first_line, started) = match &announced {
                Some((line, _)) => (*line, Some(*line)),
                None => (entry.first_line, None),
            };
            ThreadSpan {
                input: input.clone(),
                thread: own,
                component: entry.component.clone(),
                first_line,
                last_line: last,
                started,
                exited: None,
                entries: 0,
                lines: 0,
                first: entry.time.clone(),
                last: entry.time.clone(),
            }
        });
        if starts && span.started.is_none() {
            span.started = Some(entry.first_line);
        }
        span.entries += 1;
        span.lines += last + 1 - entry.first_line;
        span.last_line = last;
        span.last = entry.time.clone();
        span
    }

    /// Every story, ended or not, by first line (then thread ID).
    pub fn finish(mut self) -> Vec<ThreadSpan> {
        self.done
            .extend(std::mem::take(&mut self.open).into_values());
        self.done.sort_by_key(|s| (s.first_line, s.thread));
        self.done
    }
}

/// The thread ID of an entry: CMTrace's `thread="5800"`, an SMS trailer's
/// `<thread=5800 (0x16A8)>` (SMS 1.x: `<thread=D7>`, hex), or a CMTrace
/// copy's last cell `5800 (0x16A8)`.
fn thread_of(text: &str) -> Option<u32> {
    if let Some(at) = text.rfind("thread=\"") {
        return decimal(&text[at + 8..]);
    }
    if let Some(at) = text.rfind("<thread=") {
        let rest = &text[at + 8..];
        let token: &str = rest.split(['>', ' ']).next().unwrap_or("");
        if rest[token.len()..].trim_start().starts_with("(0x") {
            return decimal(token);
        }
        return u32::from_str_radix(token, 16).ok();
    }
    let last = text.rsplit('\t').next().filter(|_| text.contains('\t'))?;
    let (dec, hex) = last.trim().split_once(' ')?;
    hex.trim()
        .starts_with("(0x")
        .then(|| decimal(dec))
        .flatten()
}

/// The leading decimal digits of `s`, as a thread ID.
fn decimal(s: &str) -> Option<u32> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    s[..digits].parse().ok()
}

/// The message of an entry's text (see `evidence::lines`).
fn message_of(text: &str) -> &str {
    if let Some(start) = text.find("<![LOG[") {
        let body = &text[start + 7..];
        return body.find("]LOG]!>").map_or(body, |end| &body[..end]);
    }
    if let Some(at) = text.rfind("$$<") {
        return &text[..at];
    }
    text.split('\t').next().unwrap_or(text)
}

/// The thread a start line names (lower-cased message): `thread ID =
/// 0x16A8 (5800)` or `as thread ID 3648 (0xE40)`.
fn named_thread(lower: &str) -> Option<u32> {
    let at = lower.rfind("thread id")?;
    let rest = lower[at + 9..].trim_start();
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
    if let Some(hex) = rest.strip_prefix("0x") {
        // The decimal in brackets when there is one, else the hex.
        let len = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
        let after = hex[len..].trim_start();
        if let Some(dec) = after.strip_prefix('(').and_then(decimal) {
            return Some(dec);
        }
        return u32::from_str_radix(&hex[..len], 16).ok();
    }
    decimal(rest)
}

/// Whether a thread's own (lower-cased) message says it is ending.
fn is_exit(lower: &str) -> bool {
    let trimmed = lower.trim_start_matches(['~', ' ']);
    trimmed.starts_with("exiting")
        || trimmed.starts_with("exited")
        || (lower.contains("thread") && (lower.contains(" exiting") || lower.contains(" exited")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_ids_in_every_log_shape() {
        assert_eq!(
            thread_of("<![LOG[x]LOG]!><time=\"1\" thread=\"5800\" file=\"\">"),
            Some(5800)
        );
        assert_eq!(
            thread_of("x  $$<SMS_DM><date><thread=297 (0x129)>"),
            Some(297)
        );
        assert_eq!(thread_of("x  $$<SMS_DM><date><thread=D7>"), Some(0xD7));
        assert_eq!(
            thread_of("x\tSMS_DM\t10/9/2018 3:36:30 PM\t1424 (0x0590)"),
            Some(1424)
        );
        assert_eq!(thread_of("no thread here"), None);
    }

    #[test]
    fn named_threads() {
        assert_eq!(
            named_thread(
                "started package processing thread for package 'x', thread id = 0x16a8 (5800)"
            ),
            Some(5800)
        );
        assert_eq!(
            named_thread(
                "sms_executive started sms_distribution_manager as thread id 3648 (0xe40)"
            ),
            Some(3648)
        );
        assert_eq!(
            named_thread("starting the dp manager thread, thread id = 0x5d8"),
            Some(0x5d8)
        );
        assert_eq!(named_thread("sending thread starting for job: 12771"), None);
    }

    #[test]
    fn exits() {
        assert!(is_exit("~exiting package processing thread for package x."));
        assert!(is_exit("sending thread exiting for job 5"));
        assert!(!is_exit("used 1 out of 3 allowed processing threads."));
    }
}
