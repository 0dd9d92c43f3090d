//! Placeholders met where a value belongs (an article's `Message ID:` lines,
//! its registry path, a status-message template pasted to try the tool): the
//! value is dropped where the parser extracts it, and the input's problems
//! say so with the line, e.g. line 11: `` `<PACKAGE ID>` is a placeholder
//! from an article's text, not a package ID; the message is read without
//! it``. What the placeholder is "not" comes from its own name when it is one
//! a KB template uses (`<package ID>`, `<site code>`, ...), else from where it
//! stood (a site code column, `SYS=`, a key name).
//!
//! The checks cost one byte compare per value that does not start with `<`
//! (every value of a real log), so the log readers call them on every line.

use super::out::Out;
use crate::evidence::{is_placeholder, StatusMessage};
use crate::kb::Placeholder;

/// What a value standing for `placeholder` would have been.
fn what(placeholder: Placeholder) -> &'static str {
    match placeholder {
        Placeholder::PackageId => "a package ID",
        Placeholder::PackageName => "a package name",
        Placeholder::PackageSource => "a package source path",
        Placeholder::DpLocation => "a distribution point path",
        Placeholder::SiteCode => "a site code",
    }
}

/// The placeholder as shown in a problem: trimmed, white space runs as one
/// space (a placeholder wrapped over two lines reads as one).
fn shown(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The placeholders of one fact, each reported once (case aside).
#[derive(Default)]
pub(crate) struct Reported {
    seen: Vec<String>,
}

impl Reported {
    /// Report `text`, a placeholder found at line `no` where `place` (what
    /// the value there would be, when its name does not say) belongs, unless
    /// this fact reported it already; `then` says what was done about it.
    pub fn report(&mut self, out: &mut Out, no: usize, text: &str, place: &str, then: &str) {
        let inner = text.trim().trim_start_matches('<').trim_end_matches('>');
        let not = match Placeholder::from_name(inner) {
            Some(named) => what(named),
            None => place,
        };
        self.report_as(out, no, text, not, then);
    }

    /// [`Reported::report`], saying `not` whatever the placeholder's name.
    pub fn report_as(&mut self, out: &mut Out, no: usize, text: &str, not: &str, then: &str) {
        let text = shown(text);
        if self.seen.iter().any(|s| s.eq_ignore_ascii_case(&text)) {
            return;
        }
        out.problem(
            no,
            format!("`{text}` is a placeholder from an article's text, not {not}; {then}"),
        );
        self.seen.push(text);
    }
}

/// What is done with a status message holding a placeholder.
const KEPT: &str = "the message is read without it";

/// Could `value` be a placeholder? The one compare made for every value:
/// does it start with `<`, or with white space or a control character
/// (which the full check trims)?
#[inline(always)]
fn suspect(value: &str) -> bool {
    matches!(value.as_bytes().first(), Some(&b) if b == b'<' || b <= b' ')
}

/// Drop placeholders from the values a status message read at line `no`
/// carries (site, system, attribute values and the package ID taken from
/// attribute 400; insertion strings stay as written, as
/// [`crate::evidence::enrich`] skips them) and report each.
///
/// The parsers set the package ID from an attribute only, so the
/// attributes' check covers it. A log's status message costs a few byte
/// compares here, with no branch per value (`|`, not `||`) and the
/// reporting kept in a cold function (measured in `docs/performance.md`).
#[inline]
pub(crate) fn scrub_status(out: &mut Out, no: usize, message: &mut StatusMessage) {
    let some = |value: &Option<crate::evidence::Shared>| value.as_deref().is_some_and(suspect);
    let strings = message
        .strings
        .iter()
        .fold(false, |any, s| any | suspect(s));
    let values = message
        .attributes
        .iter()
        .fold(false, |any, (_, value)| any | suspect(value));
    if some(&message.site) | some(&message.system) | strings | values {
        scrub_found(out, no, message);
    }
}

/// [`scrub_status`] once a value may be a placeholder.
#[cold]
#[inline(never)]
fn scrub_found(out: &mut Out, no: usize, message: &mut StatusMessage) {
    let mut reported = Reported::default();
    for (slot, place) in [
        (&mut message.site, "a site code"),
        (&mut message.system, "a server name"),
    ] {
        if let Some(value) = slot.take_if(|value| is_placeholder(value)) {
            reported.report(out, no, &value, place, KEPT);
        }
    }
    for s in message.strings.iter().filter(|s| is_placeholder(s)) {
        reported.report(out, no, s, "a value", KEPT);
    }
    let mut dropped = Vec::new();
    message.attributes.retain(|(id, value)| {
        let keep = !is_placeholder(value);
        if !keep {
            dropped.push((*id, crate::evidence::Shared::clone(value)));
        }
        keep
    });
    for (id, value) in dropped {
        let place = if id == super::statmsg::ATTR_PACKAGE_ID {
            "a package ID"
        } else {
            "a value"
        };
        reported.report(out, no, &value, place, KEPT);
    }
    if let Some(value) = message.package_id.take_if(|value| is_placeholder(value)) {
        reported.report(out, no, &value, "a package ID", KEPT);
    }
}

/// Report the placeholders in a message's rendered text (`failed to copy
/// package <package ID> from ...`): `text` as read, `lines` the offsets in
/// it where each physical line starts, with its number (ascending; the
/// first at offset 0). The text is kept as it is: [`crate::evidence::enrich`]
/// fills no field from a placeholder.
pub(crate) fn scan_text(out: &mut Out, text: &str, lines: &[(usize, usize)]) {
    let mut reported = Reported::default();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'<', &text.as_bytes()[from..]).map(|i| from + i) {
        // A placeholder is short: look for its `>` a little way on only.
        let window = &text.as_bytes()[open + 1..text.len().min(open + 2 + 64)];
        let Some(close) = memchr::memchr2(b'>', b'<', window).map(|i| open + 1 + i) else {
            from = open + 1;
            continue;
        };
        let token = &text[open..=close];
        if text.as_bytes()[close] == b'>' && is_placeholder(token) {
            let no = lines
                .iter()
                .take_while(|(at, _)| *at <= open)
                .last()
                .map_or(0, |(_, no)| *no);
            reported.report(out, no, token, "a value", KEPT);
            from = close + 1;
        } else {
            from = close;
        }
    }
}
