//! Status Message Viewer exports and copies (tab-separated rows, header
//! optional, columns in any order when there is one, dates in the admin's
//! regional format) and `Message ID: 2328 - text` lines as KB articles print
//! them. Named fields (package ID, child site) are left to `evidence::enrich`.

use super::out::Out;
use super::{datetime, placeholder, statmsg};
use crate::evidence::{Fact, Format, Severity, StatusMessage, StatusOrigin};

/// A column of the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Severity,
    Type,
    SiteCode,
    DateTime,
    System,
    Component,
    MessageId,
    ProcessId,
    ThreadId,
    Description,
    Other,
}

/// The viewer's default column order (used when no header row was seen).
const DEFAULT_ORDER: [Column; 8] = [
    Column::Severity,
    Column::Type,
    Column::SiteCode,
    Column::DateTime,
    Column::System,
    Column::Component,
    Column::MessageId,
    Column::Description,
];

/// A header cell's column, compared without case, spaces or slashes.
fn column(cell: &str) -> Column {
    // ASCII only: every header name matched below is ASCII, and Unicode case
    // mapping would put its tables in the browser's wasm for nothing.
    let key: String = cell
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "severity" => Column::Severity,
        "type" => Column::Type,
        "sitecode" | "site" => Column::SiteCode,
        "datetime" | "date" | "time" => Column::DateTime,
        "system" | "machine" => Column::System,
        "component" => Column::Component,
        "messageid" => Column::MessageId,
        "processid" => Column::ProcessId,
        "threadid" => Column::ThreadId,
        "description" => Column::Description,
        _ => Column::Other,
    }
}

/// The columns of a header row, when the row is one (it names a message ID
/// column and at least two other known columns).
pub fn header(fields: &[&str]) -> Option<Vec<Column>> {
    let columns: Vec<Column> = fields.iter().map(|f| column(f)).collect();
    let known = columns.iter().filter(|c| **c != Column::Other).count();
    (columns.contains(&Column::MessageId) && known >= 3).then_some(columns)
}

/// Severity as the viewer words it (`Error`, `Warning`, `Informational`) or codes it.
pub fn severity_word(s: &str) -> Option<Severity> {
    let s = s.trim();
    let starts =
        |w: &str| s.len() >= 4 && w.len() >= s.len() && w[..s.len()].eq_ignore_ascii_case(s);
    if starts("error") {
        Some(Severity::Error)
    } else if starts("warning") {
        Some(Severity::Warning)
    } else if starts("informational") || starts("information") {
        Some(Severity::Info)
    } else {
        statmsg::severity(s)
    }
}

/// Does a headerless tab row look like a viewer row in the default order?
pub fn is_headerless_row(fields: &[&str]) -> bool {
    fields.len() >= DEFAULT_ORDER.len()
        && severity_word(fields[0]).is_some()
        && datetime::number(fields[6].trim(), 9).is_some()
}

/// One row; `columns` from the header, or the default order.
pub(crate) fn row(
    out: &mut Out,
    no: usize,
    line: &str,
    fields: &[&str],
    columns: Option<&[Column]>,
) {
    let mut msg = StatusMessage {
        origin: Some(StatusOrigin::ViewerExport),
        ..StatusMessage::default()
    };
    let mut id = None;
    let last = fields.len().saturating_sub(1);
    for (i, cell) in fields.iter().enumerate() {
        let col = match columns {
            Some(cols) => cols.get(i).copied().unwrap_or(Column::Other),
            // Without a header the description is the last cell, whatever came between.
            None if i == last && i >= DEFAULT_ORDER.len() - 1 => Column::Description,
            None => DEFAULT_ORDER.get(i).copied().unwrap_or(Column::Other),
        };
        let cell = cell.trim();
        let shared = |out: &mut Out| (!cell.is_empty()).then(|| out.cache.share(cell));
        match col {
            Column::Severity => msg.severity = severity_word(cell),
            Column::SiteCode => msg.site = shared(out),
            Column::System => msg.system = shared(out),
            Column::Component => msg.component = shared(out),
            Column::MessageId => id = datetime::number(cell, 9),
            Column::Description => msg.description = (!cell.is_empty()).then(|| cell.to_owned()),
            Column::DateTime => match datetime::locale_datetime(cell) {
                Some(local) => msg.time = datetime::stamp(local, None, None),
                None if !cell.is_empty() => {
                    out.problem(
                        no,
                        format!("unreadable date {cell:?}; row kept without a time"),
                    );
                }
                None => {}
            },
            Column::Type | Column::ProcessId | Column::ThreadId | Column::Other => {}
        }
    }
    match id {
        Some(id) => {
            msg.id = id;
            placeholder::scrub_status(out, no, &mut msg);
            if let Some(text) = &msg.description {
                placeholder::scan_text(out, text, &[(0, no)]);
            }
            out.saw(Format::StatusExport);
            out.count();
            out.evidence(no, line, Fact::StatusMessage(msg));
        }
        None => out.problem(no, "status row without a numeric message ID; skipped"),
    }
}

/// The `Message ID:` label, matched without case.
pub fn message_id_rest(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let head = trimmed.get(..11)?;
    head.eq_ignore_ascii_case("message id:")
        .then(|| &trimmed[11..])
}

/// A `Message ID: n - text` paragraph being read (the text may wrap).
#[derive(Debug, Default)]
pub(crate) struct MessageIdBlock {
    pending: Option<(usize, String)>,
    /// Where each physical line starts in the joined text, with its number:
    /// a placeholder is reported on the line it is on.
    starts: Vec<(usize, usize)>,
}

impl MessageIdBlock {
    pub fn start(&mut self, out: &mut Out, no: usize, line: &str) {
        self.flush(out);
        self.pending = Some((no, line.trim().to_owned()));
        self.starts.clear();
        self.starts.push((0, no));
    }

    /// A wrapped continuation (line `no`) of the description.
    pub fn next_line(&mut self, no: usize, line: &str) {
        if let Some((_, text)) = &mut self.pending {
            if text.len() < 64 * 1024 {
                text.push(' ');
                self.starts.push((text.len(), no));
                text.push_str(line.trim());
            }
        }
    }

    pub fn flush(&mut self, out: &mut Out) {
        let Some((no, text)) = self.pending.take() else {
            return;
        };
        let rest = message_id_rest(&text).unwrap_or("").trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(id) = datetime::number(&rest[..digits], 9) else {
            out.problem(no, "Message ID: without a number; skipped");
            return;
        };
        let description = rest[digits..].trim_start();
        let description = description
            .strip_prefix('-')
            .or_else(|| description.strip_prefix(':'))
            .unwrap_or(description)
            .trim();
        placeholder::scan_text(out, &text, &self.starts);
        let msg = StatusMessage {
            id,
            origin: Some(StatusOrigin::MessageIdLine),
            description: (!description.is_empty()).then(|| description.to_owned()),
            ..StatusMessage::default()
        };
        out.saw(Format::StatusExport);
        out.count();
        out.evidence(no, &text, Fact::StatusMessage(msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_in_any_order() {
        let cols =
            header(&["Message ID", "Severity", "Date / Time", "Description"]).expect("header");
        assert_eq!(
            cols,
            [
                Column::MessageId,
                Column::Severity,
                Column::DateTime,
                Column::Description
            ]
        );
        assert!(header(&["Error", "Milestone", "CEN"]).is_none());
    }

    #[test]
    fn severity_words() {
        assert_eq!(severity_word("Error"), Some(Severity::Error));
        assert_eq!(severity_word("Info"), Some(Severity::Info));
        assert_eq!(severity_word("Informational"), Some(Severity::Info));
        assert_eq!(severity_word("W"), Some(Severity::Warning));
        assert_eq!(severity_word("Milestone"), None);
    }

    #[test]
    fn message_id_label() {
        assert_eq!(message_id_rest("  Message ID: 2328 - x"), Some(" 2328 - x"));
        assert_eq!(message_id_rest("message id:2302"), Some("2302"));
        assert_eq!(message_id_rest("Message"), None);
        assert_eq!(message_id_rest("Message IDé: 1"), None);
    }
}
