//! Buffers of facts a caller has finished with, for the next facts to fill.

use crate::evidence::{Evidence, Fact, Shared};

/// The buffers of facts already handed out and given back, for the next
/// facts to fill instead of allocating their own: a caller that reads a large
/// input in chunks (`Out::drain_into`) drops a chunk's facts just before the
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
    pub fn keep(&mut self, e: &mut Evidence) {
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
