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
    /// A bit per whole word ([`WordSketch`]): a message's word whose bit is
    /// clear is not looked up.
    whole_sketch: WordSketch,
    /// Per word of `words`: the lines (positions in `lines`) whose first
    /// required word it is, when whole. A message's whole words found put
    /// these lines forward; the others are not read.
    triggers: Vec<Vec<usize>>,
    /// The lines whose first required word is not whole (or that require
    /// none): put forward for every message.
    untriggered: Vec<usize>,
}

/// A word a line's message must hold: the index of its finder in
/// [`Group::words`], and whether the line holds it whole (another line may
/// hold the same word inside a longer run).
#[derive(Clone, Copy)]
struct Need {
    word: usize,
    whole: bool,
}

/// A set of words as 4,096 bits, one set for each word by its length and
/// its first and last bytes: a word whose bit is clear is not in the set,
/// one whose bit is set may be. A status message's line holds some thirty
/// words, and most of them (`ID=2300`, `ISTR2=""`) share a length with some
/// whole word of Distribution Manager's lines, so a bit per length let
/// nearly all of them through to a hash and a probe of the table; this
/// sketch lets through about half a word a line (`docs/performance.md`,
/// "Reading a message's words eight bytes at a time").
struct WordSketch([u64; 64]);

impl WordSketch {
    fn new() -> WordSketch {
        WordSketch([0; 64])
    }

    /// The bit of a non-empty `word`, in any case: its first and last bytes
    /// are read with bit 5 set, which lower-cases ASCII letters (other bytes
    /// may then share a bit: a word is only looked up for nothing).
    fn bit(word: &[u8]) -> usize {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return 0;
        };
        let key = (word.len() as u32) << 16 | u32::from(first | 0x20) << 8 | u32::from(last | 0x20);
        (key.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }

    fn insert(&mut self, word: &[u8]) {
        let bit = Self::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_hold(&self, word: &[u8]) -> bool {
        let bit = Self::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
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
        let mut whole_sketch = WordSketch::new();
        let lines: Vec<(usize, Vec<Need>)> = lines
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
                            whole_sketch.insert(word.text);
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
        let mut triggers = vec![Vec::new(); words.len()];
        let mut untriggered = Vec::new();
        for (at, (_, needs)) in lines.iter().enumerate() {
            match needs.first() {
                Some(first) if first.whole => triggers[first.word].push(at),
                _ => untriggered.push(at),
            }
        }
        Group {
            key,
            lines,
            words,
            whole,
            whole_sketch,
            triggers,
            untriggered,
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
    /// A word of the message, lower-cased, to look it up.
    word: Vec<u8>,
    /// Per line of the group (a bit each, by position): put forward.
    forward: Vec<u64>,
    candidates: Vec<usize>,
    /// Short messages read lately that put no line forward ([`RECENT`]
    /// slots, by [`recent_slot`]): a log repeats such messages
    /// (Distribution Manager writes "Used 0 out of 3 allowed processing
    /// threads." on every pass of its loop), and what a message puts
    /// forward depends on its text and its group alone.
    recent: Vec<Recent>,
}

/// Slots of [`Buffers::recent`].
const RECENT: usize = 16;
/// Messages longer than this are not kept in [`Buffers::recent`]: a long
/// message (a status message's line) holds times and IDs, and is seldom
/// repeated whole; keeping each would copy it for nothing.
const RECENT_LEN: usize = 128;

/// A message read lately that put no line forward.
#[derive(Default)]
struct Recent {
    /// The group's address: the groups live as long as the matcher.
    group: usize,
    message: Vec<u8>,
}

/// The slot of [`Buffers::recent`] a message goes to: by its length and
/// its first and last eight bytes, which a message's numbers and names
/// mostly change.
fn recent_slot(message: &[u8]) -> usize {
    let mut key = message.len() as u64;
    for part in [
        message.get(..8),
        message.get(message.len().saturating_sub(8)..),
    ] {
        let mut lanes = [0u8; 8];
        if let Some(part) = part {
            lanes[..part.len()].copy_from_slice(part);
        }
        key = (key ^ u64::from_le_bytes(lanes)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    (key >> 60) as usize % RECENT
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
    /// [`InputLines::finish`], each time with the input's text decoded so
    /// far (it may grow between calls).
    pub fn input<'m>(&'m self, name: &str) -> InputLines<'m> {
        InputLines {
            matcher: self,
            input: Shared::from(name),
            at: 0,
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
        let mut reader = self.input(name);
        reader.entries(text, entries, &mut out);
        reader.finish(text, &mut out);
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
    /// squashing squashes, eight bytes at a time: [`super::words`]) and
    /// each word whose bit is set in [`Group::whole_sketch`] is looked up
    /// in [`Group::whole`]: one pass, and a hash for a word or two of a
    /// status message's thirty, where a substring search per required word
    /// read a status message line's 300 bytes some forty times
    /// (`docs/performance.md`, "Whole words"). Only the lines whose first
    /// required word was found whole, and those whose first word is not
    /// whole, are read further. The other required words, and every word
    /// of a message with non-ASCII text (where white space may be a
    /// character the split does not know), are looked for by substring
    /// search in the message lower-cased, each once and only when a line
    /// still needs it.
    fn candidates(&self, group: &Group, message: &str, buffers: &mut Buffers) {
        let Buffers {
            candidates,
            message: lowered,
            found,
            seen_in,
            message_no,
            word: lowered_word,
            forward,
            recent,
            ..
        } = buffers;
        candidates.clear();
        if !self.prefilter {
            candidates.extend(group.lines.iter().map(|(i, _)| *i));
            return;
        }
        let group_at = std::ptr::from_ref(group) as usize;
        let short = message.len() <= RECENT_LEN;
        if short {
            if recent.is_empty() {
                recent.resize_with(RECENT, Recent::default);
            }
            let seen = &recent[recent_slot(message.as_bytes())];
            if seen.group == group_at && seen.message == message.as_bytes() {
                return;
            }
        }
        found.clear();
        found.resize(group.words.len(), None);
        *message_no += 1;
        if seen_in.len() < group.words.len() {
            seen_in.resize(group.words.len(), 0);
        }
        forward.clear();
        forward.resize(group.lines.len().div_ceil(64), 0);
        let put_forward = |forward: &mut Vec<u64>, at: usize| forward[at / 64] |= 1 << (at % 64);
        for &at in &group.untriggered {
            put_forward(forward, at);
        }
        let by_word = super::words::ascii_words(message.as_bytes(), |word| {
            if word.is_empty() || !group.whole_sketch.may_hold(word) {
                return;
            }
            lowered_word.clear();
            lowered_word.extend_from_slice(word);
            lowered_word.make_ascii_lowercase();
            if let Some(&at) = group.whole.get(lowered_word.as_slice()) {
                if seen_in[at] != *message_no {
                    seen_in[at] = *message_no;
                    for &line in &group.triggers[at] {
                        put_forward(forward, line);
                    }
                }
            }
        });
        // The message lower-cased, made when a substring is first looked for.
        let mut lowered_ready = false;
        let mut holds = |need: &Need| {
            if by_word && need.whole {
                return seen_in[need.word] == *message_no;
            }
            *found[need.word].get_or_insert_with(|| {
                if !lowered_ready {
                    lowered.clear();
                    lowered.extend_from_slice(message.as_bytes());
                    lowered.make_ascii_lowercase();
                    lowered_ready = true;
                }
                group.words[need.word].find(lowered).is_some()
            })
        };
        if !by_word {
            // Every line, by the same loop (one place that reads a line's
            // words keeps that reading inlined).
            forward.fill(u64::MAX);
        }
        for (n, &bits) in forward.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let at = n * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some((i, needs)) = group.lines.get(at) else {
                    break;
                };
                if needs.iter().all(&mut holds) {
                    candidates.push(*i);
                }
            }
        }
        if short && candidates.is_empty() {
            let seen = &mut recent[recent_slot(message.as_bytes())];
            seen.group = group_at;
            seen.message.clear();
            seen.message.extend_from_slice(message.as_bytes());
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
pub struct InputLines<'m> {
    matcher: &'m LineMatcher,
    input: Shared,
    /// Where in the text the next line starts: the text is handed to each
    /// call, so that it can grow between them (a file read as it comes).
    at: usize,
    /// The number of the line at `at`.
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

impl InputLines<'_> {
    /// The line at [`InputLines::at`] in `text`, moving past it.
    fn next_line<'t>(&mut self, text: &'t str) -> Option<&'t str> {
        let mut lines = Lines::new(text.get(self.at..).unwrap_or_default());
        let line = lines.next()?;
        self.at = text.len() - lines.rest().len();
        Some(line)
    }

    /// Read `entries` (in line order, after any read before), appending the
    /// facts of the lines they and the lines before them hold to `out`, in
    /// line order. `text` is the input's text as decoded so far: it holds
    /// every line of `entries`.
    pub fn entries(&mut self, text: &str, entries: &[Entry], out: &mut Vec<Evidence>) {
        if self.matcher.is_empty() {
            return;
        }
        for entry in entries {
            // Lines before the entry: no entry covers them.
            while self.next < entry.first_line {
                let Some(line) = self.next_line(text) else {
                    break;
                };
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
                let Some(line) = self.next_line(text) else {
                    break;
                };
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
    /// the component's first line, after the line facts). `text` is the
    /// whole input's.
    pub fn finish(mut self, text: &str, out: &mut Vec<Evidence>) {
        if self.matcher.is_empty() {
            return;
        }
        while let Some(line) = self.next_line(text) {
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

/// The end marker [`Markers::message_of`] looks for, compiled once:
/// `str::find` built a searcher per entry, about a twelfth of a scan of a
/// log full of declared lines.
struct Markers {
    log_close: Finder<'static>,
}

impl Markers {
    fn new() -> Markers {
        Markers {
            log_close: Finder::new(b"]LOG]!>").into_owned(),
        }
    }

    /// The message of an entry's text: inside `<![LOG[...]LOG]!>` for a
    /// CMTrace line, before the last `$$<` trailer for an SMS log line,
    /// before the first tab for a CMTrace copy (message, component, date,
    /// thread), else the text.
    ///
    /// Both openers hold `<`, so one vector search for `<` finds them both:
    /// searching for each in turn read a status message's line about three
    /// times over (`docs/performance.md`, "Reading a message's words eight
    /// bytes at a time").
    fn message_of<'t>(&self, text: &'t str) -> &'t str {
        let bytes = text.as_bytes();
        let mut last = None;
        for at in memchr::memchr_iter(b'<', bytes) {
            if bytes[at..].starts_with(b"<![LOG[") {
                let body = &text[at + "<![LOG[".len()..];
                return self
                    .log_close
                    .find(body.as_bytes())
                    .map_or(body, |end| &body[..end]);
            }
            if at >= 2 && &bytes[at - 2..at] == b"$$" {
                last = Some(at - 2);
            }
        }
        if let Some(at) = last {
            return &text[..at];
        }
        match memchr::memchr(b'\t', bytes) {
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
        // A CMTrace opener wins over a trailer before it; of overlapping
        // `$`s the last `$$<` counts; a `<` at the start opens nothing.
        assert_eq!(m.message_of("a $$<b> <![LOG[c]LOG]!>"), "c");
        assert_eq!(m.message_of("x $$$<SMS_X>"), "x $");
        assert_eq!(m.message_of("<a> $<b>\tc"), "<a> $<b>");
        assert_eq!(m.message_of("$$<"), "");
    }

    #[test]
    fn the_sketch_holds_every_word_put_in_in_either_case() {
        let words: [&[u8]; 6] = [b"the", b"package", b"failed;", b"=", b"#3603", b"x"];
        let mut sketch = WordSketch::new();
        for w in words {
            sketch.insert(w);
        }
        for w in words {
            assert!(sketch.may_hold(w));
            assert!(sketch.may_hold(&w.to_ascii_uppercase()));
        }
        // Of the words of a status message's line, few share a bit with
        // these six (the exact count pins the bit function).
        let line = b"STATMSG: ID=2300 SEV=I LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 ISTR0=\"CEN00012\" ISTR1=\"\" NUMATTRS=1 AID0=400";
        let held = line
            .split(|&b| b == b' ')
            .filter(|w| sketch.may_hold(w))
            .count();
        assert_eq!(held, 0);
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
