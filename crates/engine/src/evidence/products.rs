//! Which product the inputs come from: SMS 1.x/2.0 or Configuration
//! Manager, so that triage can put the matching library's findings first.
//!
//! Two kinds of sign are read:
//! - the log format, which is format knowledge and lives here: SMS 1.x and
//!   2.0 write `$$<COMPONENT><date><thread=..>` trailers whose date names
//!   the time zone (or, in SMS 1.x, nothing); Configuration Manager writes
//!   CMTrace lines (`<![LOG[...]LOG]!>`) and, where it keeps the trailer,
//!   dates with a bias (`<08-22-2016 04:15:01.917+420>`) (FORMATS.md);
//! - the components, which are the KB's knowledge: a component that only
//!   articles of one product declare (in `messages.json`, status messages
//!   and log lines) points at that product. A component both products
//!   declare (`SMS_DISTRIBUTION_MANAGER`) points at neither.
//!
//! A format points at the KB's products whose name holds its product
//! family's name ([`Generation::family`]); the products themselves and
//! their components come from the articles.

use super::{component_key, Entry, Evidence, Fact, Format, InputReport};
use crate::kb::Kb;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The two generations of log format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Generation {
    /// SMS 1.x / 2.0 trailers, dated with a zone name or nothing.
    Sms,
    /// CMTrace lines, or trailers dated with a bias.
    ConfigMgr,
}

impl Generation {
    /// The product family's name as the KB's `product` fields spell it.
    pub fn family(self) -> &'static str {
        match self {
            Generation::Sms => "Systems Management Server",
            Generation::ConfigMgr => "Configuration Manager",
        }
    }

    fn sign(self) -> &'static str {
        match self {
            Generation::Sms => "SMS 1.x/2.0 log trailers",
            Generation::ConfigMgr => "Configuration Manager log format",
        }
    }
}

/// What one input's log entries and status messages show of their
/// product, gathered while it is read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InputSigns {
    pub input: String,
    /// Entries dated as SMS 1.x/2.0 trailers date them.
    pub sms_dates: usize,
    /// Entries dated with a bias and no zone name.
    pub biased_dates: usize,
    /// The components of the entries, by [`component_key`], with the name
    /// as first written.
    pub components: BTreeMap<String, String>,
    /// The last component noted: a log names one component line after
    /// line, shared, so it is looked up once per run of lines.
    #[serde(skip)]
    last: Option<super::Shared>,
    /// The components of the input's status messages, as
    /// [`InputSigns::status_message`] notes them (keyed as `components`).
    #[serde(skip)]
    status_components: BTreeMap<String, String>,
    #[serde(skip)]
    last_status: Option<super::Shared>,
}

impl InputSigns {
    pub fn new(input: &str) -> Self {
        InputSigns {
            input: input.to_string(),
            ..InputSigns::default()
        }
    }

    /// Note one log entry.
    pub fn entry(&mut self, e: &Entry) {
        match (&e.time.zone, e.time.bias_minutes, e.time.local) {
            (Some(_), _, _) => self.sms_dates += 1,
            (None, Some(_), _) => self.biased_dates += 1,
            (None, None, Some(_)) => self.sms_dates += 1,
            (None, None, None) => {}
        }
        if let Some(c) = &e.component {
            if self
                .last
                .as_ref()
                .is_some_and(|l| super::Shared::ptr_eq(l, c))
            {
                return;
            }
            self.last = Some(c.clone());
            if self.components.len() < 256 {
                let key = component_key(c);
                self.components.entry(key).or_insert_with(|| c.to_string());
            }
        }
    }
}

impl InputSigns {
    /// Note a batch of the input's log entries and facts, in order.
    pub fn note(&mut self, entries: &[Entry], evidence: &[Evidence]) {
        entries.iter().for_each(|e| self.entry(e));
        evidence.iter().for_each(|e| self.status_message(e));
    }

    /// Note one fact of the input: a status message's component.
    pub fn status_message(&mut self, e: &Evidence) {
        let Fact::StatusMessage(m) = &e.fact else {
            return;
        };
        let Some(c) = &m.component else { return };
        if self
            .last_status
            .as_ref()
            .is_some_and(|l| super::Shared::ptr_eq(l, c))
        {
            return;
        }
        self.last_status = Some(c.clone());
        self.status_components
            .entry(component_key(c))
            .or_insert_with(|| c.to_string());
    }
}

/// A product the inputs look like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductMatch {
    /// The product as the KB's articles name it.
    pub product: String,
    /// How many signs point at it (a log format per input, a component
    /// only its articles declare).
    pub score: usize,
    /// The inputs that point at it.
    pub inputs: Vec<String>,
    /// What pointed at it, in words.
    pub signs: Vec<String>,
}

/// The products of `kb` that the inputs of `reports` look like, most signs
/// first (ties by name); products nothing points at are left out. `signs`
/// holds what each input's entries and status messages showed (see
/// [`InputSigns`]).
pub fn recognise<'r>(
    reports: impl IntoIterator<Item = &'r InputReport>,
    signs: &[InputSigns],
    kb: &Kb,
) -> Vec<ProductMatch> {
    // Each product's components, from its articles.
    let mut declared: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for a in kb.articles() {
        let set = declared.entry(a.meta.product.as_str()).or_default();
        set.extend(
            a.messages
                .status_messages
                .iter()
                .map(|m| component_key(&m.component)),
        );
        set.extend(
            a.messages
                .log_lines
                .iter()
                .map(|l| component_key(&l.component)),
        );
    }
    let own = |product: &str, key: &str| {
        declared.get(product).is_some_and(|s| s.contains(key))
            && declared
                .iter()
                .all(|(p, s)| *p == product || !s.contains(key))
    };
    let mut found: BTreeMap<String, ProductMatch> = BTreeMap::new();
    let mut add = |product: &str, input: &str, sign: String| {
        let m = found
            .entry(product.to_string())
            .or_insert_with(|| ProductMatch {
                product: product.to_string(),
                score: 0,
                inputs: Vec::new(),
                signs: Vec::new(),
            });
        m.score += 1;
        if !m.inputs.iter().any(|i| i == input) {
            m.inputs.push(input.to_string());
        }
        if !m.signs.contains(&sign) {
            m.signs.push(sign);
        }
    };
    for report in reports {
        let input = report.path.as_str();
        let s = signs.iter().find(|s| s.input == input);
        let cmtrace = report.blocks.contains(&Format::CmtraceLog);
        let generation = match s {
            _ if cmtrace => Some(Generation::ConfigMgr),
            Some(s) if s.biased_dates > s.sms_dates => Some(Generation::ConfigMgr),
            Some(s) if s.sms_dates > 0 => Some(Generation::Sms),
            _ => None,
        };
        if let Some(g) = generation {
            for product in declared.keys() {
                if product
                    .to_ascii_lowercase()
                    .contains(&g.family().to_ascii_lowercase())
                {
                    add(product, input, g.sign().to_string());
                }
            }
        }
        // Components of its entries and of its status messages.
        let mut components: BTreeMap<String, String> =
            s.map(|s| s.components.clone()).unwrap_or_default();
        for (key, name) in s.iter().flat_map(|s| &s.status_components) {
            components
                .entry(key.clone())
                .or_insert_with(|| name.clone());
        }
        for (key, name) in &components {
            for product in declared.keys() {
                if own(product, key) {
                    add(product, input, format!("component {name}"));
                }
            }
        }
    }
    let mut out: Vec<ProductMatch> = found.into_values().collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.product.cmp(&b.product)));
    out
}
