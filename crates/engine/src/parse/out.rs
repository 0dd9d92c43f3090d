//! What a scan of one input accumulates: the report, the evidence and the log
//! entries, with the problem list capped so that a huge garbage input cannot
//! make memory grow with its size.

pub(crate) use super::interner::{Interner, Slot};
use crate::evidence::{Entry, Evidence, Fact, Format, InputReport, Problem, Shared};

/// Problems listed per input; beyond this only a count is kept.
pub const MAX_PROBLEMS: usize = 1000;

/// Input bytes per reserved log entry.
const ENTRY_RESERVE_BYTES: usize = 200;
/// Input bytes per reserved evidence fact.
const EVIDENCE_RESERVE_BYTES: usize = 400;

fn reserve(bytes: usize, per: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        0
    } else {
        bytes / per
    }
}

/// The result of scanning one input.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedInput {
    pub report: InputReport,
    pub evidence: Vec<Evidence>,
    pub entries: Vec<Entry>,
}

/// The buffers of facts already handed out and given back, for the next
/// facts to fill instead of allocating their own: a caller that reads a large
/// input in chunks ([`Out::drain_into`]) drops a chunk's facts just before the
/// next chunk makes as many again, and the allocator's work for each fact's
/// line, insertion strings and attributes cost more than reading them.
/// Buffers are emptied when kept, and at most [`Spare::MAX`] of each kind
/// are kept, so memory stays bounded.
#[derive(Debug, Default)]
pub(crate) struct Spare {
    texts: Vec<String>,
    strings: Vec<Vec<Shared>>,
    attributes: Vec<Vec<(u32, Shared)>>,
}

impl Spare {
    /// Buffers kept of each kind: about two chunks' facts.
    const MAX: usize = 2048;
    /// Larger buffers (a line of a wrapped entry, say) are let go.
    const MAX_TEXT: usize = 4096;
    const MAX_LIST: usize = 32;

    /// Keep the buffers of a fact that is done with (taken out of it, not
    /// the fact moved: a fact is some 300 bytes).
    fn keep(&mut self, e: &mut Evidence) {
        let mut text = std::mem::take(&mut e.text);
        if self.texts.len() < Self::MAX && text.capacity() <= Self::MAX_TEXT {
            text.clear();
            self.texts.push(text);
        }
        if let Fact::StatusMessage(m) = &mut e.fact {
            let mut strings = std::mem::take(&mut m.strings);
            let mut attributes = std::mem::take(&mut m.attributes);
            if self.strings.len() < Self::MAX && (1..=Self::MAX_LIST).contains(&strings.capacity())
            {
                strings.clear();
                self.strings.push(strings);
            }
            if self.attributes.len() < Self::MAX
                && (1..=Self::MAX_LIST).contains(&attributes.capacity())
            {
                attributes.clear();
                self.attributes.push(attributes);
            }
        }
    }

    /// A copy of `s`, in a kept buffer when there is one. (Without one, a
    /// plain copy: growing an empty string to fit took the allocator's
    /// slower path, and a scan that keeps its facts never has a spare.)
    pub fn text(&mut self, s: &str) -> String {
        match self.texts.pop() {
            Some(mut text) => {
                text.push_str(s);
                text
            }
            None => s.to_owned(),
        }
    }

    /// `strings` as a list, in a kept buffer when there is one.
    pub fn strings(&mut self, strings: impl Iterator<Item = Shared>) -> Vec<Shared> {
        match self.strings.pop() {
            Some(mut list) => {
                list.extend(strings);
                list
            }
            None => strings.collect(),
        }
    }

    /// An empty list of attributes.
    pub fn attributes(&mut self) -> Vec<(u32, Shared)> {
        self.attributes.pop().unwrap_or_default()
    }
}

/// Accumulates one input's results while its lines are read.
#[derive(Debug)]
pub(crate) struct Out {
    pub parsed: ParsedInput,
    /// Problems not listed because of [`MAX_PROBLEMS`].
    pub dropped_problems: usize,
    /// The input's name, shared by all its evidence.
    pub name: Shared,
    pub strings: Interner,
    pub zones: super::datetime::ZoneMemo,
    /// Trailer dates, remembered for the next line.
    pub dates: super::datetime::DateMemo,
    /// What the next STATMSG line may share with the last one.
    pub statmsg: super::statmsg::Memo,
    /// Buffers of drained facts, for the next ones.
    pub spare: Spare,
    /// Facts already handed out by [`Out::drain_into`].
    drained: usize,
    /// A fact that lines still to come may change (an open registry key,
    /// whose values follow it), by its number among all facts: it and what
    /// follows it are not drained yet.
    pub held: Option<usize>,
}

impl Out {
    pub fn new(name: &str, bytes: usize) -> Self {
        Out {
            parsed: ParsedInput {
                report: InputReport {
                    path: name.to_owned(),
                    format: Format::Unknown,
                    blocks: Vec::new(),
                    bytes,
                    entries: 0,
                    keys: None,
                    values: None,
                    problems: Vec::new(),
                },
                // Growing vectors of large elements by doubling copies them
                // again and again; a log has about one entry per 100-300
                // bytes, so reserve for that (untouched capacity costs no RAM).
                // Not on wasm32, whose linear memory is committed as it grows.
                evidence: Vec::with_capacity(reserve(bytes, EVIDENCE_RESERVE_BYTES)),
                entries: Vec::with_capacity(reserve(bytes, ENTRY_RESERVE_BYTES)),
            },
            dropped_problems: 0,
            name: Shared::from(name),
            strings: Interner::default(),
            zones: Default::default(),
            dates: Default::default(),
            statmsg: Default::default(),
            spare: Spare::default(),
            drained: 0,
            held: None,
        }
    }

    /// Note that a block of `format` was seen (the first one names the input).
    pub fn saw(&mut self, format: Format) {
        let report = &mut self.parsed.report;
        if report.blocks.last() != Some(&format) && !report.blocks.contains(&format) {
            report.blocks.push(format);
        }
        if report.format == Format::Unknown {
            report.format = format;
        }
    }

    pub fn problem(&mut self, line: usize, message: impl Into<String>) {
        if self.parsed.report.problems.len() < MAX_PROBLEMS {
            self.parsed.report.problems.push(Problem {
                line,
                message: message.into(),
            });
        } else {
            self.dropped_problems += 1;
        }
    }

    /// Count one entry (log entry, status row, registry key or value, version row).
    pub fn count(&mut self) {
        self.parsed.report.entries += 1;
    }

    pub fn evidence(&mut self, line: usize, text: &str, fact: Fact) {
        self.parsed.evidence.push(Evidence {
            input: Shared::clone(&self.name),
            line,
            text: self.spare.text(text),
            fact,
        });
    }

    /// The number the next fact will have among all of this input's facts.
    pub fn next_fact(&self) -> usize {
        self.drained + self.parsed.evidence.len()
    }

    /// The fact numbered `index` (see [`Out::next_fact`]), unless drained.
    pub fn fact_mut(&mut self, index: usize) -> Option<&mut Evidence> {
        let at = index.checked_sub(self.drained)?;
        self.parsed.evidence.get_mut(at)
    }

    /// Move what is settled into `evidence` and `entries` (cleared first).
    pub fn drain_into(&mut self, evidence: &mut Vec<Evidence>, entries: &mut Vec<Entry>) {
        evidence.iter_mut().for_each(|e| self.spare.keep(e));
        evidence.clear();
        entries.clear();
        let keep = self
            .held
            .and_then(|held| held.checked_sub(self.drained))
            .map_or(self.parsed.evidence.len(), |at| {
                at.min(self.parsed.evidence.len())
            });
        if keep == self.parsed.evidence.len() {
            // Swapped, not copied: the caller's emptied vector comes back
            // to be filled again.
            std::mem::swap(evidence, &mut self.parsed.evidence);
        } else {
            evidence.extend(self.parsed.evidence.drain(..keep));
        }
        self.drained += evidence.len();
        std::mem::swap(entries, &mut self.parsed.entries);
    }

    pub fn entry(&mut self, entry: Entry) {
        self.parsed.entries.push(entry);
        self.count();
    }

    /// Close the report: list the problems not listed, name an unrecognised input.
    pub fn finish(mut self) -> ParsedInput {
        if self.dropped_problems > 0 {
            let n = self.dropped_problems;
            self.parsed.report.problems.push(Problem {
                line: 0,
                message: format!("{n} more problems not listed"),
            });
        }
        if self.parsed.report.format == Format::Unknown && self.parsed.report.bytes > 0 {
            self.parsed.report.problems.push(Problem {
                line: 0,
                message: "no log, status message, registry export or file listing recognised"
                    .to_owned(),
            });
        }
        self.parsed
    }
}
