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
    // Without a header the description is the last cell, whatever came
    // between, unless two numbers follow it: the Process ID and Thread ID
    // columns Configuration Manager's viewer adds after it.
    let ids_after = columns.is_none() && has_ids_after(fields);
    let last = fields.len().saturating_sub(if ids_after { 3 } else { 1 });
    for (i, cell) in fields.iter().enumerate() {
        let col = match columns {
            Some(cols) => cols.get(i).copied().unwrap_or(Column::Other),
            None if i == last && i >= DEFAULT_ORDER.len() - 1 => Column::Description,
            None if ids_after && i == last + 1 => Column::ProcessId,
            None if ids_after && i == last + 2 => Column::ThreadId,
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
            Column::Description => msg.description = description(cell),
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

/// A viewer row without a header whose last two cells are numbers after
/// a description: Process ID and Thread ID.
pub(crate) fn has_ids_after(fields: &[&str]) -> bool {
    let n = fields.len();
    n >= DEFAULT_ORDER.len() + 2
        && [fields[n - 2], fields[n - 1]]
            .iter()
            .all(|c| datetime::number(c.trim(), 10).is_some())
}

/// A description cell: its lines (a console copy keeps the description's
/// line breaks) joined by single spaces; `None` when empty.
fn description(cell: &str) -> Option<String> {
    let text = if cell.contains('\n') {
        cell.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        cell.to_owned()
    };
    (!text.is_empty()).then_some(text)
}

/// Physical lines one viewer row may span.
const MAX_ROW_LINES: usize = 40;

/// A viewer row whose description goes on over the next lines: the
/// Configuration Manager console keeps a description's line breaks (its
/// "Possible cause" and "Solution" paragraphs) when it copies rows.
#[derive(Debug)]
pub(crate) struct PendingRow {
    first: usize,
    text: String,
    lines: usize,
    columns: Option<Vec<Column>>,
}

/// What a line did to a pending row.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RowLine {
    /// Part of the row: nothing more to do with the line.
    Taken,
    /// Not part of it: the row was written; read the line as any other.
    Ended,
}

impl PendingRow {
    /// A row that may go on: with a header, one with fewer cells than the
    /// header has columns (its message ID among them); without one, any
    /// row (lines without tabs may follow it).
    pub fn start(
        no: usize,
        line: &str,
        fields: &[&str],
        columns: Option<&[Column]>,
    ) -> Option<Self> {
        if let Some(cols) = columns {
            let id_at = cols.iter().position(|c| *c == Column::MessageId)?;
            if fields.len() >= cols.len() || fields.len() <= id_at {
                return None;
            }
        }
        Some(PendingRow {
            first: no,
            text: line.to_owned(),
            lines: 1,
            columns: columns.map(<[Column]>::to_vec),
        })
    }

    /// The next line.
    pub fn line(&mut self, line: &str) -> RowLine {
        let tabs = line.bytes().filter(|b| *b == b'\t').count();
        let own = match &self.columns {
            Some(cols) => {
                // A line with a whole row's tabs is the next row.
                tabs + 1 < cols.len()
            }
            None => {
                let fields: Vec<&str> = line.split('\t').collect();
                !line.trim().is_empty()
                    && (tabs == 0 || (tabs == 2 && has_ids_after_alone(&fields)))
                    && !line.contains(super::cmtrace::OPEN)
                    && !line.contains("$$<")
                    && !line.contains(statmsg::MARKER)
                    && message_id_rest(line).is_none()
            }
        };
        if !own || self.lines >= MAX_ROW_LINES {
            return RowLine::Ended;
        }
        self.text.push('\n');
        self.text.push_str(line);
        self.lines += 1;
        RowLine::Taken
    }

    /// Whether the row has all its cells (a header's count, or, without
    /// one, process and thread IDs after the description).
    pub fn complete(&self) -> bool {
        let fields: Vec<&str> = self.text.split('\t').collect();
        match &self.columns {
            Some(cols) => fields.len() >= cols.len(),
            None => self.lines > 1 && has_ids_after(&fields),
        }
    }

    /// Write the row.
    pub fn write(self, out: &mut Out) {
        let fields: Vec<&str> = self.text.split('\t').collect();
        row(
            out,
            self.first,
            &self.text,
            &fields,
            self.columns.as_deref(),
        );
    }
}

/// The last two of a line's three cells are numbers (the end of a
/// description, Process ID, Thread ID).
fn has_ids_after_alone(fields: &[&str]) -> bool {
    fields.len() == 3
        && fields[1..]
            .iter()
            .all(|c| datetime::number(c.trim(), 10).is_some())
}

/// A `Label: value` line of the viewer's message details (`Severity:
/// Error`, `Date / Time: 11/18/2026 9:05:00 AM`): its column and value.
pub fn detail_line(line: &str) -> Option<(Column, &str)> {
    let (label, value) = line.trim().split_once(':')?;
    if label.len() > 16 || label.trim().is_empty() {
        return None;
    }
    let col = column(label);
    (col != Column::Other).then(|| (col, value.trim()))
}

/// Whether a line opens message details: `Severity: <a severity>`.
pub fn detail_start(line: &str) -> bool {
    matches!(detail_line(line), Some((Column::Severity, v)) if severity_word(v).is_some())
}

/// One status message's details as the Configuration Manager console's
/// Status Message Viewer shows and copies them: a `Label: value` line per
/// column (Severity first), the description possibly over several lines
/// and paragraphs. Ends at the next `Severity:` line, two blank lines, or
/// a line after a blank one that is no label and not the description's.
#[derive(Debug, Default)]
pub(crate) struct DetailBlock {
    first: usize,
    text: String,
    fields: Vec<(Column, String)>,
    /// Blank lines since the last text.
    blanks: usize,
}

impl DetailBlock {
    pub fn start(&mut self, out: &mut Out, no: usize, line: &str) {
        self.flush(out);
        self.first = no;
        self.push(line);
    }

    fn push(&mut self, line: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        if self.text.len() < 64 * 1024 {
            self.text.push_str(line.trim_end());
        }
        self.blanks = 0;
        match detail_line(line) {
            Some((col, value)) => self.fields.push((col, value.to_owned())),
            None => {
                if let Some((_, value)) = self.fields.last_mut() {
                    if value.len() < 64 * 1024 {
                        if !value.is_empty() {
                            value.push(' ');
                        }
                        value.push_str(line.trim());
                    }
                }
            }
        }
    }

    /// The next line of the block: whether it took it (else the block has
    /// ended and the line is someone else's).
    pub fn next(&mut self, out: &mut Out, line: &str) -> bool {
        if self.fields.is_empty() {
            return false;
        }
        let in_description = matches!(self.fields.last(), Some((Column::Description, _)));
        if detail_line(line).is_none() && self.blanks > 0 && !in_description {
            self.flush(out);
            return false;
        }
        self.push(line);
        true
    }

    /// A blank line: a paragraph break in the description; the second in
    /// a row ends the block.
    pub fn blank(&mut self, out: &mut Out) {
        self.blanks += 1;
        if self.blanks >= 2 {
            self.flush(out);
        }
    }

    pub fn flush(&mut self, out: &mut Out) {
        let fields = std::mem::take(&mut self.fields);
        let text = std::mem::take(&mut self.text);
        self.blanks = 0;
        if fields.is_empty() {
            return;
        }
        let no = self.first;
        let mut msg = StatusMessage {
            origin: Some(StatusOrigin::ViewerExport),
            ..StatusMessage::default()
        };
        let mut id = None;
        for (col, value) in &fields {
            let value = value.trim();
            let shared = |out: &mut Out| (!value.is_empty()).then(|| out.cache.share(value));
            match col {
                Column::Severity => msg.severity = severity_word(value),
                Column::SiteCode => msg.site = shared(out),
                Column::System => msg.system = shared(out),
                Column::Component => msg.component = shared(out),
                Column::MessageId => id = datetime::number(value, 9),
                Column::Description => msg.description = description(value),
                Column::DateTime => match datetime::locale_datetime(value) {
                    Some(local) => msg.time = datetime::stamp(local, None, None),
                    None if !value.is_empty() => out.problem(
                        no,
                        format!("unreadable date {value:?}; message kept without a time"),
                    ),
                    None => {}
                },
                Column::Type | Column::ProcessId | Column::ThreadId | Column::Other => {}
            }
        }
        let Some(id) = id else {
            out.problem(
                no,
                "status message details without a numeric Message ID; skipped",
            );
            return;
        };
        msg.id = id;
        placeholder::scrub_status(out, no, &mut msg);
        if let Some(d) = &msg.description {
            placeholder::scan_text(out, d, &[(0, no)]);
        }
        out.saw(Format::StatusExport);
        out.count();
        out.evidence(no, &text, Fact::StatusMessage(msg));
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
