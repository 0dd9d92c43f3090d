//! Log-line evidence: the lines articles declare (`messages.json`
//! `log_lines`) found in an input's log entries, whatever the log's shape
//! (SMS 1.x/2.0 trailer logs, CMTrace logs, KB-style `~` pastes). The
//! parsers stay article-agnostic: they hand over entries (line ranges and
//! components), and this module reads the entries' text against the
//! articles' patterns.
//!
//! Each match becomes a [`LogLine`] fact with its captures and line range;
//! each component with declared lines that an input's entries show becomes
//! one [`ComponentLog`] fact, so that a rule can tell "this log has no such
//! line" from "no log of that component was given".

use super::{Capture, ComponentLog, Entry, Evidence, Fact, LogLine, Shared};
use crate::kb::{Kb, Pattern};
use crate::parse::Lines;

/// Every article's log lines, compiled once.
pub struct LineMatcher {
    lines: Vec<Compiled>,
}

struct Compiled {
    article: Shared,
    id: String,
    component: String,
    pattern: Pattern,
}

/// A component name as logs (`SMS_DISTRIBUTION_MANAGER`) and the viewer
/// (`SMS Distribution Manager`) spell it: letters and digits, upper-case.
pub fn component_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl LineMatcher {
    /// The lines of every article of `kb`; a pattern that does not compile
    /// (the validator reports it) is left out.
    pub fn new(kb: &Kb) -> LineMatcher {
        let mut lines = Vec::new();
        for a in kb.articles() {
            let article: Shared = Shared::from(a.id());
            for def in &a.messages.log_lines {
                if let Ok(pattern) = Pattern::compile(&def.pattern, &a.messages.fields) {
                    lines.push(Compiled {
                        article: article.clone(),
                        id: def.id.clone(),
                        component: component_key(&def.component),
                        pattern,
                    });
                }
            }
        }
        LineMatcher { lines }
    }

    /// Whether any article declares a line.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// A reader of one input's lines: hand it the input's entries in line
    /// order ([`InputLines::entries`], batch by batch), then
    /// [`InputLines::finish`]. `text` is the whole decoded input.
    pub fn input<'m, 't>(&'m self, name: &str, text: &'t str) -> InputLines<'m, 't> {
        InputLines {
            matcher: self,
            input: Shared::from(name),
            lines: Lines::new(text),
            next: 1,
            paste: None,
            components: Vec::new(),
            last_key: None,
            buffers: (String::new(), String::new()),
        }
    }

    /// Every fact of input `name` at once: [`LineMatcher::input`] fed all
    /// of `entries`, in line order.
    pub fn facts(&self, name: &str, text: &str, entries: &[Entry]) -> Vec<Evidence> {
        let mut out = Vec::new();
        let mut reader = self.input(name, text);
        reader.entries(entries, &mut out);
        reader.finish(&mut out);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn match_message(
        &self,
        input: &Shared,
        message: &str,
        component: Option<&str>,
        entry: &Entry,
        last: usize,
        buffers: &mut (String, String),
        out: &mut Vec<Evidence>,
    ) {
        if component.is_some_and(|c| !self.lines.iter().any(|l| l.component == c)) {
            return;
        }
        for piece in crate::parse::message_lines(message) {
            if piece.trim().is_empty() {
                continue;
            }
            let (orig, lower) = buffers;
            squash_into(piece, orig);
            lower.clear();
            lower.push_str(orig);
            lower.make_ascii_lowercase();
            for l in &self.lines {
                if component.is_some_and(|c| c != l.component) {
                    continue;
                }
                let Some(captures) = l.pattern.find_prepared(orig, lower) else {
                    continue;
                };
                out.push(Evidence {
                    input: input.clone(),
                    line: entry.first_line,
                    text: piece.trim().to_string(),
                    fact: Fact::LogLine(LogLine {
                        article: l.article.clone(),
                        log_line: l.id.clone(),
                        component: entry.component.clone(),
                        severity: entry.severity,
                        time: entry.time.clone(),
                        last_line: last,
                        captures: captures
                            .into_iter()
                            .map(|(name, value)| Capture { name, value })
                            .collect(),
                    }),
                });
            }
        }
    }
}

/// One input's lines read forward, once: the entries' text and, between
/// entries, the lines no entry covers (where `~` pastes are looked for).
/// Lines that start with `~` (an article's log excerpt pasted as it is)
/// and no entry covers are read as entries of no known component,
/// continued by the lines after them up to the next `~` line or blank line
/// (the article's own wrapping).
pub struct InputLines<'m, 't> {
    matcher: &'m LineMatcher,
    input: Shared,
    lines: Lines<'t>,
    /// The number of the line `lines` gives next.
    next: usize,
    /// A `~` paste being read: first line, last line, its text.
    paste: Option<(usize, usize, String)>,
    /// Per component with declared lines: its key, first line and summary.
    components: Vec<(String, usize, ComponentLog)>,
    /// The last entry's component and its key: a log names one component
    /// on line after line, shared.
    last_key: Option<(Shared, String)>,
    /// A message part, white space squashed, and the same lower-cased:
    /// kept from line to line so matching allocates nothing per line.
    buffers: (String, String),
}

impl InputLines<'_, '_> {
    /// Read `entries` (in line order, after any read before), appending the
    /// facts of the lines they and the lines before them hold to `out`, in
    /// line order.
    pub fn entries(&mut self, entries: &[Entry], out: &mut Vec<Evidence>) {
        if self.matcher.is_empty() {
            return;
        }
        for entry in entries {
            // Lines before the entry: no entry covers them.
            while self.next < entry.first_line {
                let Some(line) = self.lines.next() else { break };
                let no = self.next;
                self.next += 1;
                self.uncovered(no, line, out);
            }
            self.flush_paste(out);
            let key = self.key_of(entry.component.as_ref());
            // An entry of a component no article declares lines for is
            // passed over unread.
            let wanted = key
                .as_deref()
                .is_none_or(|k| self.matcher.lines.iter().any(|l| l.component == k));
            // One physical line is read in place; a wrapped entry is joined.
            let mut first: Option<&str> = None;
            let mut joined = String::new();
            let last = entry.last_line.max(entry.first_line);
            while self.next <= last {
                let Some(line) = self.lines.next() else { break };
                self.next += 1;
                if !wanted {
                    continue;
                }
                match first {
                    None => first = Some(line),
                    Some(f) => {
                        if joined.is_empty() {
                            joined.push_str(f);
                        }
                        joined.push(' ');
                        joined.push_str(line);
                    }
                }
            }
            if !wanted {
                continue;
            }
            let text = if joined.is_empty() {
                first.unwrap_or("")
            } else {
                joined.as_str()
            };
            if let (Some(key), Some(component)) = (&key, &entry.component) {
                if self.matcher.lines.iter().any(|l| &l.component == key) {
                    match self.components.iter_mut().find(|(k, ..)| k == key) {
                        Some((_, _, log)) => {
                            log.entries += 1;
                            log.last = entry.time.clone();
                        }
                        None => self.components.push((
                            key.clone(),
                            entry.first_line,
                            ComponentLog {
                                component: component.clone(),
                                entries: 1,
                                first: entry.time.clone(),
                                last: entry.time.clone(),
                            },
                        )),
                    }
                }
            }
            let message = message_of(text);
            self.matcher.match_message(
                &self.input,
                message,
                key.as_deref(),
                entry,
                last,
                &mut self.buffers,
                out,
            );
        }
    }

    /// Read the lines after the last entry, then add one [`ComponentLog`]
    /// fact per component with declared lines that the entries showed (at
    /// the component's first line, after the line facts).
    pub fn finish(mut self, out: &mut Vec<Evidence>) {
        if self.matcher.is_empty() {
            return;
        }
        while let Some(line) = self.lines.next() {
            let no = self.next;
            self.next += 1;
            self.uncovered(no, line, out);
        }
        self.flush_paste(out);
        for (_, line, log) in std::mem::take(&mut self.components) {
            out.push(Evidence {
                input: self.input.clone(),
                line,
                text: format!("{} entries of {}", log.entries, log.component),
                fact: Fact::ComponentLog(log),
            });
        }
    }

    /// The [`component_key`] of an entry's component, kept from the last
    /// entry when it is the same shared name.
    fn key_of(&mut self, component: Option<&Shared>) -> Option<String> {
        let component = component?;
        match &self.last_key {
            Some((c, k)) if Shared::ptr_eq(c, component) || c == component => Some(k.clone()),
            _ => {
                let key = component_key(component);
                self.last_key = Some((component.clone(), key.clone()));
                Some(key)
            }
        }
    }

    /// A line no entry covers: a `~` paste's start or continuation, or not.
    fn uncovered(&mut self, no: usize, line: &str, out: &mut Vec<Evidence>) {
        let trimmed = line.trim_start();
        let starts = trimmed.starts_with('~')
            || (trimmed.starts_with('*') && trimmed.trim_start_matches('*').starts_with('~'));
        if starts {
            self.flush_paste(out);
            self.paste = Some((no, no, line.trim().to_string()));
        } else if trimmed.is_empty() {
            self.flush_paste(out);
        } else if let Some((_, last, text)) = &mut self.paste {
            *last = no;
            text.push(' ');
            text.push_str(line.trim());
        }
    }

    fn flush_paste(&mut self, out: &mut Vec<Evidence>) {
        let Some((first, last, text)) = self.paste.take() else {
            return;
        };
        let entry = Entry {
            first_line: first,
            last_line: last,
            component: None,
            severity: None,
            time: Default::default(),
        };
        self.matcher.match_message(
            &self.input,
            &text,
            None,
            &entry,
            last,
            &mut self.buffers,
            out,
        );
    }
}

/// `text` with every run of white space as one space, into `out`.
fn squash_into(text: &str, out: &mut String) {
    out.clear();
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
}

/// The message of an entry's text: inside `<![LOG[...]LOG]!>` for a CMTrace
/// line, before the last `$$<` trailer for an SMS log line, before the first
/// tab for a CMTrace copy (message, component, date, thread), else the text.
fn message_of(text: &str) -> &str {
    if let Some(start) = text.find("<![LOG[") {
        let body = &text[start + "<![LOG[".len()..];
        return body.find("]LOG]!>").map_or(body, |end| &body[..end]);
    }
    if let Some(at) = text.rfind("$$<") {
        return &text[..at];
    }
    match text.find('\t') {
        Some(at) => &text[..at],
        None => text,
    }
}
