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
use crate::kb::{Kb, LiteralWord, Pattern};
use crate::parse::Lines;
use memchr::memmem::Finder;
use rustc_hash::FxHashMap;

/// Every article's log lines, compiled once, grouped by component.
///
/// An entry is tried only against the lines of its component, and of those
/// only against the lines whose [`Pattern::required_words`] its message
/// holds: one ASCII lower-casing of the message and a substring search per
/// distinct word, where trying a pattern costs squashing and lower-casing
/// each message part first (`docs/performance.md`, "The log-line
/// prefilter"). [`LineMatcher::reference`] tries every line of the
/// component, for the differential tests.
pub struct LineMatcher {
    lines: Vec<Compiled>,
    /// One group per component some line names.
    groups: Vec<Group>,
    /// Every line: for entries of no known component (`~` pastes).
    all: Group,
    /// Whether the required words are looked for first.
    prefilter: bool,
    markers: Markers,
}

struct Compiled {
    article: Shared,
    id: Shared,
    component: String,
    pattern: Pattern,
}

/// Words of a pattern looked for before it is tried, at the least: every
/// word it holds whole, then its longest others up to this many. One word
/// is too few where a long word is common in the log (`package` in
/// Distribution Manager's lines); the words after the first are looked for
/// only when the ones before them are there.
const WORDS_PER_LINE: usize = 2;

/// The lines of one component ([`component_key`]) and the words their
/// messages must hold.
struct Group {
    key: String,
    /// Indexes into [`LineMatcher::lines`], in declaration order, each with
    /// its required words ([`needed_words`]).
    lines: Vec<(usize, Vec<Need>)>,
    /// The distinct required words of the group's lines.
    words: Vec<Finder<'static>>,
    /// The whole words ([`LiteralWord::whole`]) among `words`, by their
    /// text: an ASCII message's words are looked up here, one hash each,
    /// instead of a substring search of the message per required word.
    whole: FxHashMap<Box<[u8]>, usize>,
    /// Bit `n` set when a whole word is `n` bytes long (bit 63 for longer
    /// ones): a message's word of another length is not looked up.
    whole_lengths: u64,
}

/// A word a line's message must hold: the index of its finder in
/// [`Group::words`], and whether the line holds it whole (another line may
/// hold the same word inside a longer run).
#[derive(Clone, Copy)]
struct Need {
    word: usize,
    whole: bool,
}

/// The bit of [`Group::whole_lengths`] for a word of `len` bytes.
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// The words a line's message must hold: its whole words, then its longest
/// others to make [`WORDS_PER_LINE`], each kind longest first (the longer a
/// word, the rarer). Picked by hand, as a library sort would add its own
/// code to the wasm for a few words.
fn needed_words(pattern: &Pattern) -> Vec<LiteralWord<'_>> {
    let mut words = pattern.literal_words();
    let mut needed = Vec::new();
    fn pick<'p>(words: &mut Vec<LiteralWord<'p>>, whole: bool) -> Option<LiteralWord<'p>> {
        let mut best: Option<usize> = None;
        for (i, w) in words.iter().enumerate() {
            if w.whole == whole && best.is_none_or(|b| w.text.len() > words[b].text.len()) {
                best = Some(i);
            }
        }
        best.map(|b| words.remove(b))
    }
    while let Some(w) = pick(&mut words, true) {
        needed.push(w);
    }
    while needed.len() < WORDS_PER_LINE {
        match pick(&mut words, false) {
            Some(w) => needed.push(w),
            None => break,
        }
    }
    needed
}

/// Components whose group an input's reader remembers: a log names a few
/// (one to a handful of components share a file); past these, a
/// component's group is looked up each time.
const MAX_KNOWN_COMPONENTS: usize = 32;

impl Group {
    fn new(key: String, lines: Vec<usize>, compiled: &[Compiled]) -> Group {
        let mut words: Vec<Finder<'static>> = Vec::new();
        let mut whole = FxHashMap::default();
        let mut whole_lengths = 0;
        let lines = lines
            .into_iter()
            .map(|i| {
                let needs = needed_words(&compiled[i].pattern)
                    .into_iter()
                    .map(|word| {
                        let at = match words.iter().position(|f| f.needle() == word.text) {
                            Some(at) => at,
                            None => {
                                words.push(Finder::new(word.text).into_owned());
                                words.len() - 1
                            }
                        };
                        if word.whole {
                            whole.insert(Box::<[u8]>::from(word.text), at);
                            whole_lengths |= length_bit(word.text.len());
                        }
                        Need {
                            word: at,
                            whole: word.whole,
                        }
                    })
                    .collect();
                (i, needs)
            })
            .collect();
        Group {
            key,
            lines,
            words,
            whole,
            whole_lengths,
        }
    }
}

/// A component name as logs (`SMS_DISTRIBUTION_MANAGER`) and the viewer
/// (`SMS Distribution Manager`) spell it: letters and digits, upper-case.
pub fn component_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Which lines an entry is read against.
#[derive(Clone, Copy)]
enum Wanted {
    /// An entry of a component no line names: not read.
    None,
    /// The lines of group `n`.
    Group(usize),
    /// An entry of no known component: every line.
    All,
}

/// Buffers kept from entry to entry, so that matching allocates nothing per
/// line: a message part with its white space squashed, the same lower-cased,
/// the whole message lower-cased (for the prefilter), whether it holds
/// each required word (once looked for), the message each whole word was
/// last seen in, and the candidate lines.
#[derive(Default)]
struct Buffers {
    orig: String,
    lower: String,
    message: Vec<u8>,
    found: Vec<Option<bool>>,
    /// Per word of the group: the number of the last message that held it
    /// whole; compared with `message_no`, so nothing is cleared per message.
    seen_in: Vec<u64>,
    message_no: u64,
    candidates: Vec<usize>,
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
                        id: Shared::from(def.id.as_str()),
                        component: component_key(&def.component),
                        pattern,
                    });
                }
            }
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut keys: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            match keys.iter_mut().find(|(k, _)| *k == l.component) {
                Some((_, members)) => members.push(i),
                None => keys.push((l.component.clone(), vec![i])),
            }
        }
        for (key, members) in keys {
            groups.push(Group::new(key, members, &lines));
        }
        let all = Group::new(String::new(), (0..lines.len()).collect(), &lines);
        LineMatcher {
            lines,
            groups,
            all,
            prefilter: true,
            markers: Markers::new(),
        }
    }

    /// [`LineMatcher::new`] without the prefilter: every entry is tried
    /// against every line of its component. The reference the differential
    /// tests compare the fast reading with.
    pub fn reference(kb: &Kb) -> LineMatcher {
        LineMatcher {
            prefilter: false,
            ..LineMatcher::new(kb)
        }
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
            known_groups: Vec::new(),
            buffers: Buffers::default(),
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

    /// The group of lines an entry of component `key` is read against.
    fn wanted(&self, key: &str) -> Wanted {
        self.groups
            .iter()
            .position(|g| g.key == key)
            .map_or(Wanted::None, Wanted::Group)
    }

    /// The lines of `group` that `message` can match, in declaration order,
    /// into `buffers.candidates`.
    ///
    /// An ASCII message is split into its words (at the white space that
    /// squashing squashes) and each word as long as some whole word is
    /// looked up in [`Group::whole`]: one pass and a hash a word, where a
    /// substring search per required word read a status message line's
    /// 300 bytes some forty times (`docs/performance.md`, "Whole words").
    /// The other required words, and every word of a message with
    /// non-ASCII text (where white space may be a character the split does
    /// not know), are looked for by substring search, each once and only
    /// when a line still needs it.
    fn candidates(&self, group: &Group, message: &str, buffers: &mut Buffers) {
        let Buffers {
            candidates,
            message: lowered,
            found,
            seen_in,
            message_no,
            ..
        } = buffers;
        candidates.clear();
        if !self.prefilter {
            candidates.extend(group.lines.iter().map(|(i, _)| *i));
            return;
        }
        lowered.clear();
        lowered.extend_from_slice(message.as_bytes());
        lowered.make_ascii_lowercase();
        found.clear();
        found.resize(group.words.len(), None);
        let by_word = message.is_ascii();
        if by_word {
            *message_no += 1;
            if seen_in.len() < group.words.len() {
                seen_in.resize(group.words.len(), 0);
            }
            let mut note = |word: &[u8]| {
                if group.whole_lengths & length_bit(word.len()) != 0 {
                    if let Some(&at) = group.whole.get(word) {
                        seen_in[at] = *message_no;
                    }
                }
            };
            // Split at the ASCII characters `char::is_whitespace` holds:
            // at spaces alone, found by `memchr`'s vector search, unless
            // the message holds another of them.
            if memchr::memchr3(b'\t', b'\n', b'\r', lowered).is_none()
                && memchr::memchr2(0x0b, 0x0c, lowered).is_none()
            {
                let mut start = 0;
                for space in memchr::memchr_iter(b' ', lowered) {
                    note(&lowered[start..space]);
                    start = space + 1;
                }
                note(&lowered[start..]);
            } else {
                lowered
                    .split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
                    .for_each(note);
            }
        }
        for (i, needs) in &group.lines {
            let holds_all = needs.iter().all(|&Need { word, whole }| {
                if by_word && whole {
                    seen_in[word] == *message_no
                } else {
                    *found[word].get_or_insert_with(|| group.words[word].find(lowered).is_some())
                }
            });
            if holds_all {
                candidates.push(*i);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn match_message(
        &self,
        input: &Shared,
        message: &str,
        group: &Group,
        entry: &Entry,
        last: usize,
        buffers: &mut Buffers,
        out: &mut Vec<Evidence>,
    ) {
        self.candidates(group, message, buffers);
        if buffers.candidates.is_empty() {
            return;
        }
        for piece in crate::parse::message_lines(message) {
            if piece.trim().is_empty() {
                continue;
            }
            let Buffers {
                orig,
                lower,
                candidates,
                ..
            } = &mut *buffers;
            squash_into(piece, orig);
            lower.clear();
            lower.push_str(orig);
            lower.make_ascii_lowercase();
            for &i in candidates.iter() {
                let l = &self.lines[i];
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
    /// Per component with declared lines: its group, first line and summary.
    components: Vec<(usize, usize, ComponentLog)>,
    /// The components met and the lines each is read against, so that an
    /// entry's group is found by comparing its shared component name (a
    /// log names a few components, shared from entry to entry) rather
    /// than by reading the name.
    known_groups: Vec<(Shared, Wanted)>,
    buffers: Buffers,
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
            let group = self.group_of(entry.component.as_ref());
            // An entry of a component no article declares lines for is
            // passed over unread.
            let wanted = !matches!(group, Wanted::None);
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
            let lines = match (group, &entry.component) {
                (Wanted::Group(n), Some(component)) => {
                    match self.components.iter_mut().find(|(g, ..)| *g == n) {
                        Some((_, _, log)) => {
                            log.entries += 1;
                            log.last = entry.time.clone();
                        }
                        None => self.components.push((
                            n,
                            entry.first_line,
                            ComponentLog {
                                component: component.clone(),
                                entries: 1,
                                first: entry.time.clone(),
                                last: entry.time.clone(),
                            },
                        )),
                    }
                    &self.matcher.groups[n]
                }
                _ => &self.matcher.all,
            };
            let message = self.matcher.markers.message_of(text);
            self.matcher.match_message(
                &self.input,
                message,
                lines,
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

    /// The lines an entry of `component` is read against, kept from the
    /// last entry when it is the same shared name.
    fn group_of(&mut self, component: Option<&Shared>) -> Wanted {
        let Some(component) = component else {
            return Wanted::All;
        };
        // By where the name lies first; then by the name.
        if let Some(at) = self
            .known_groups
            .iter()
            .rposition(|(c, _)| Shared::ptr_eq(c, component))
            .or_else(|| self.known_groups.iter().rposition(|(c, _)| c == component))
        {
            return self.known_groups[at].1;
        }
        let g = self.matcher.wanted(&component_key(component));
        if self.known_groups.len() < MAX_KNOWN_COMPONENTS {
            self.known_groups.push((component.clone(), g));
        }
        g
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
            &self.matcher.all,
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
    // Printable ASCII with single spaces, most of a log line, is copied in
    // one piece; from the first byte that may need squashing on, the text
    // is read a character at a time.
    let bytes = text.as_bytes();
    let (mut clean, mut in_space) = (0, false);
    while let Some(&b) = bytes.get(clean) {
        if b >= 0x80 || (b <= b' ' && (b != b' ' || in_space)) {
            break;
        }
        in_space = b == b' ';
        clean += 1;
    }
    out.push_str(&text[..clean]);
    for c in text[clean..].chars() {
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

/// The markers [`Markers::message_of`] looks for, compiled once: `str::find`
/// and `rfind` built a searcher per entry, about a twelfth of a scan of a
/// log full of declared lines.
struct Markers {
    log_open: Finder<'static>,
    log_close: Finder<'static>,
    trailer: Finder<'static>,
}

impl Markers {
    fn new() -> Markers {
        Markers {
            log_open: Finder::new(b"<![LOG[").into_owned(),
            log_close: Finder::new(b"]LOG]!>").into_owned(),
            trailer: Finder::new(b"$$<").into_owned(),
        }
    }

    /// The message of an entry's text: inside `<![LOG[...]LOG]!>` for a
    /// CMTrace line, before the last `$$<` trailer for an SMS log line,
    /// before the first tab for a CMTrace copy (message, component, date,
    /// thread), else the text.
    fn message_of<'t>(&self, text: &'t str) -> &'t str {
        if let Some(start) = self.log_open.find(text.as_bytes()) {
            let body = &text[start + "<![LOG[".len()..];
            return self
                .log_close
                .find(body.as_bytes())
                .map_or(body, |end| &body[..end]);
        }
        // The last trailer: a forward finder again after each one found (a
        // line holds one or two), where a reverse finder adds its own code
        // to the wasm.
        let mut last = None;
        while let Some(at) = text
            .as_bytes()
            .get(last.map_or(0, |l| l + 1)..)
            .and_then(|rest| self.trailer.find(rest))
        {
            last = Some(last.map_or(0, |l| l + 1) + at);
        }
        if let Some(at) = last {
            return &text[..at];
        }
        match memchr::memchr(b'\t', text.as_bytes()) {
            Some(at) => &text[..at],
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::template::squash_spaces;

    #[test]
    fn messages_of_each_shape() {
        let m = Markers::new();
        assert_eq!(
            m.message_of("<![LOG[Copied $$<x>]LOG]!><time=\"1\">"),
            "Copied $$<x>"
        );
        assert_eq!(m.message_of("<![LOG[Cut off"), "Cut off");
        assert_eq!(m.message_of("a $$<b> c  $$<SMS_X><date>"), "a $$<b> c  ");
        assert_eq!(m.message_of("Message\tSMS_X\t1/1/2000"), "Message");
        assert_eq!(m.message_of("plain"), "plain");
    }

    /// The squashing with its ASCII fast path gives what the plain
    /// squashing of templates gives, wherever the first byte that needs care
    /// falls.
    #[test]
    fn squashing_agrees_with_the_plain_squashing() {
        let texts = [
            "",
            " ",
            "  ",
            "plain text with single spaces",
            "two  spaces",
            "trailing  ",
            " leading",
            "tab\there",
            "space then tab \t end",
            "crlf\r\n",
            "non-ASCII fïle  after",
            "no-break\u{a0}space",
            "ideographic\u{3000}\u{3000}space",
            "control\u{1}char  ",
            "\u{85}next line",
        ];
        let mut out = String::new();
        for text in texts {
            squash_into(text, &mut out);
            assert_eq!(out, squash_spaces(text), "{text:?}");
        }
    }
}
