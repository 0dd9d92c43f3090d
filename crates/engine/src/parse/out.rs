//! What a scan of one input accumulates: the report, the evidence and the log
//! entries, with the problem list capped so that a huge garbage input cannot
//! make memory grow with its size.

use super::cache::{ReadCache, Reading};
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

/// Accumulates one input's results while its lines are read.
#[derive(Debug)]
pub(crate) struct Out {
    pub parsed: ParsedInput,
    /// Problems not listed because of [`MAX_PROBLEMS`].
    pub dropped_problems: usize,
    /// The input's name, shared by all its evidence.
    pub name: Shared,
    /// Everything kept from line to line only to read faster.
    pub(super) cache: ReadCache,
    /// Facts already handed out by [`Out::drain_into`].
    drained: usize,
    /// A fact that lines still to come may change (an open registry key,
    /// whose values follow it), by its number among all facts: it and what
    /// follows it are not drained yet.
    pub held: Option<usize>,
}

impl Out {
    pub fn new(name: &str, bytes: usize, reading: Reading) -> Self {
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
            cache: ReadCache::new(reading),
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
            text: self.cache.text(text),
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
        evidence.iter_mut().for_each(|e| self.cache.keep(e));
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
