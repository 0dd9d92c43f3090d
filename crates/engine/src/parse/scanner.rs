//! The line dispatcher: reads decoded text line by line (whole, or in chunks
//! for a page that reports progress between them), recognises which block each
//! line belongs to, and hands it to that block's parser. One input may mix
//! blocks (a log excerpt, then a .reg export, then a `dir` listing).

use super::cache::Reading;
use super::cmtrace::{self, CmtraceBlock};
use super::lines::{complete_prefix_len, Lines};
use super::listing::{self, Listing};
use super::out::{Out, ParsedInput};
use super::reg::{self, RegBlock};
use super::smslog::SmsBlock;
use super::sqlrows::{self, SqlBlock, Taken};
use super::statmsg;
use super::status::{self, Column, DetailBlock, MessageIdBlock, PendingRow, RowLine};
use super::versions::VersionTable;
use crate::evidence::{Entry, Evidence, InputReport};

/// The block the last recognised line belonged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    None,
    Sms,
    Cmtrace,
    Reg,
    StatusRows,
    MessageId,
    Listing,
    SqlRows,
    Details,
}

/// How far a scan has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Decoded bytes read so far.
    pub done: usize,
    /// Decoded bytes in the whole input, as given to [`Scanner::new`].
    pub total: usize,
}

/// Scans one input's decoded text, fed whole or in chunks of any size.
///
/// ```
/// use kbwiz_engine::parse::Scanner;
/// let text = "Start deleting the package CEN00012...  $$<SMS_DISTRIBUTION_MANAGER><Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time><thread=297 (0x129)>\n";
/// let mut scanner = Scanner::new("distmgr.log", text.len());
/// for chunk in text.as_bytes().chunks(40) {
///     // A real caller splits on char boundaries; ASCII here.
///     scanner.feed(std::str::from_utf8(chunk).unwrap());
/// }
/// assert_eq!(scanner.progress().done, text.len());
/// let parsed = scanner.finish();
/// assert_eq!(parsed.report.entries, 1);
/// ```
#[derive(Debug)]
pub struct Scanner {
    out: Out,
    total: usize,
    done: usize,
    /// Lines read so far (the number of the last line).
    line_no: usize,
    /// An incomplete last line carried to the next chunk.
    carry: String,
    mode: Mode,
    sms: SmsBlock,
    cmtrace: CmtraceBlock,
    reg: Option<RegBlock>,
    columns: Option<Vec<Column>>,
    /// A viewer row whose description may go on over the next lines.
    viewer_row: Option<PendingRow>,
    /// A status message's details (`Label: value` lines) being read.
    details: DetailBlock,
    message_id: MessageIdBlock,
    listing: Listing,
    versions: VersionTable,
    /// A SQL query result being read (or a header waiting for its first row).
    sql: SqlBlock,
    /// Set while a dropped SQL header candidate's line is read again, so
    /// it is not taken for one twice.
    no_sql_header: bool,
    /// Lines holding NUL bytes: (how many, the first).
    nul_lines: (usize, usize),
    /// Lines holding U+FFFD, what decoding put where bytes were not valid
    /// text: (how many, the first).
    replaced_lines: (usize, usize),
}

/// Where the chunk of `text` that starts at `from` ends when a caller feeds a
/// [`Scanner`] about `size` bytes at a time: `from + size` (at least one
/// byte), moved forward to a char boundary, at most `text.len()`.
pub fn chunk_end(text: &str, from: usize, size: usize) -> usize {
    let mut end = from.saturating_add(size.max(1)).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// `text` cut into chunks as [`chunk_end`] cuts it, in order.
pub fn chunks(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut from = 0;
    std::iter::from_fn(move || {
        (from < text.len()).then(|| {
            let end = chunk_end(text, from, size);
            let chunk = &text[from..end];
            from = end;
            chunk
        })
    })
}

/// Count a line with something suspect: (how many, the first line number).
fn note(seen: &mut (usize, usize), no: usize) {
    if seen.0 == 0 {
        seen.1 = no;
    }
    seen.0 += 1;
}

impl Scanner {
    /// A scanner for the input `name`, whose decoded text is about `total`
    /// bytes long: it sizes the first reservations and the progress figures,
    /// so the input's size in bytes will do where the text is decoded as it
    /// is fed ([`crate::parse::parse_input`]).
    pub fn new(name: &str, total: usize) -> Self {
        Self::reading(name, total, Reading::Fast)
    }

    /// A scanner in reference mode: it reads as [`Scanner::new`]'s does but
    /// keeps no memo and takes no fast path (no shared strings, no date,
    /// zone, trailer or STATMSG memo, no STATMSG fast path, no spare
    /// buffers). What every shortcut must agree with: tests and fuzz
    /// targets compare the two scanners' results.
    pub fn reference(name: &str, total: usize) -> Self {
        Self::reading(name, total, Reading::Reference)
    }

    fn reading(name: &str, total: usize, reading: Reading) -> Self {
        Scanner {
            out: Out::new(name, total, reading),
            total,
            done: 0,
            line_no: 0,
            carry: String::new(),
            mode: Mode::None,
            sms: SmsBlock::default(),
            cmtrace: CmtraceBlock::default(),
            reg: None,
            columns: None,
            viewer_row: None,
            details: DetailBlock::default(),
            message_id: MessageIdBlock::default(),
            listing: Listing::default(),
            versions: VersionTable::default(),
            sql: SqlBlock::default(),
            no_sql_header: false,
            nul_lines: (0, 0),
            replaced_lines: (0, 0),
        }
    }

    /// The size in bytes recorded in the report (the raw input's, not the text's).
    pub fn set_input_bytes(&mut self, bytes: usize) {
        self.out.parsed.report.bytes = bytes;
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: self.total,
        }
    }

    /// Read the next chunk of text. Complete lines are parsed now; an
    /// unfinished last line waits for the next chunk (or [`Scanner::finish`]).
    pub fn feed(&mut self, chunk: &str) {
        self.done = self.done.saturating_add(chunk.len());
        if chunk.is_empty() {
            // Nothing to complete: a carried CR still waits for its LF.
            return;
        }
        let Some(rest) = self.complete_carry(chunk) else {
            return;
        };
        let end = complete_prefix_len(rest);
        self.lines(&rest[..end]);
        self.carry.push_str(&rest[end..]);
    }

    /// Finish the line carried from the last chunk with the start of `chunk`,
    /// and return the rest of `chunk`; `None` when all of it went to the
    /// carry. Only the carried line is copied: copying the whole chunk behind
    /// it would copy the whole input once more when fed in chunks.
    fn complete_carry<'c>(&mut self, chunk: &'c str) -> Option<&'c str> {
        if self.carry.is_empty() {
            return Some(chunk);
        }
        let mut rest = chunk;
        // The carry holds no line end but perhaps a final CR.
        if self.carry.ends_with('\r') {
            // A CR, and then LF (one CR LF) or anything else: either way the
            // carried line is complete.
            self.carry.pop();
            if let Some(after) = rest.strip_prefix('\n') {
                rest = after;
            }
        } else {
            let bytes = rest.as_bytes();
            match memchr::memchr2(b'\n', b'\r', bytes) {
                // A CR ending the chunk may be the first half of a CR LF.
                Some(at) if bytes[at] == b'\n' || at + 1 < bytes.len() => {
                    let skip = if bytes[at] == b'\r' && bytes[at + 1] == b'\n' {
                        2
                    } else {
                        1
                    };
                    // Line ends are ASCII: char boundaries.
                    self.carry.push_str(&rest[..at]);
                    rest = &rest[at + skip..];
                }
                _ => {
                    self.carry.push_str(rest);
                    return None;
                }
            }
        }
        let line = std::mem::take(&mut self.carry);
        self.line_no += 1;
        self.line(self.line_no, &line, false);
        // Keep the buffer for the next carried line.
        self.carry = line;
        self.carry.clear();
        Some(rest)
    }

    /// Move the evidence and log entries read so far that no later line can
    /// change into `evidence` and `entries` (cleared first), so that a caller
    /// feeding a large input in chunks can use and drop them as it goes
    /// instead of holding them all. The report still counts them.
    pub fn drain_into(&mut self, evidence: &mut Vec<Evidence>, entries: &mut Vec<Entry>) {
        self.out.drain_into(evidence, entries);
    }

    /// Close every open block and return the report alone: for a caller that
    /// took the evidence and entries with [`Scanner::drain_into`]. Whatever
    /// is left replaces the contents of `evidence` and `entries`.
    pub fn finish_drained(
        self,
        evidence: &mut Vec<Evidence>,
        entries: &mut Vec<Entry>,
    ) -> InputReport {
        let mut parsed = self.finish();
        std::mem::swap(evidence, &mut parsed.evidence);
        std::mem::swap(entries, &mut parsed.entries);
        parsed.report
    }

    /// Parse the last line, close every open block and return the results.
    pub fn finish(mut self) -> ParsedInput {
        let carry = std::mem::take(&mut self.carry);
        self.lines(&carry);
        self.switch(Mode::None);
        // Said once per input, where it first happens; an input that is not
        // text at all is already reported as unrecognised as a whole.
        if self.out.parsed.report.format != crate::evidence::Format::Unknown {
            let (n, first) = self.nul_lines;
            if n > 0 {
                self.out.problem(first, format!("NUL bytes on {n} line(s), the first here: the rest of each line was read (a damaged file, or UTF-16 without its byte order mark?)"));
            }
            let (n, first) = self.replaced_lines;
            if n > 0 {
                self.out.problem(first, format!("bytes that are not valid text on {n} line(s), the first here: shown as U+FFFD, the rest of each line was read"));
            }
        }
        self.out.finish()
    }

    fn lines(&mut self, text: &str) {
        // NULs and U+FFFD are looked for once in the whole text, and line by
        // line only if it holds one: a log holds neither.
        let clean = memchr::memchr2(0, 0xEF, text.as_bytes()).is_none();
        for line in Lines::new(text) {
            self.line_no += 1;
            self.line(self.line_no, line, clean);
        }
    }

    /// Close the current block if `mode` is another one.
    fn switch(&mut self, mode: Mode) {
        if mode != Mode::Sms {
            self.sms.close(&mut self.out);
        }
        if mode != Mode::Cmtrace {
            self.cmtrace.flush(&mut self.out);
        }
        if mode != Mode::MessageId {
            self.message_id.flush(&mut self.out);
        }
        if mode != Mode::Reg {
            if let Some(reg) = &mut self.reg {
                reg.close(&mut self.out);
            }
            self.reg = None;
        }
        if mode != Mode::StatusRows {
            self.flush_viewer_row();
            self.columns = None;
        }
        if mode != Mode::Listing {
            self.listing.leave();
        }
        if mode != Mode::SqlRows {
            self.sql.close(&mut self.out);
        }
        if mode != Mode::Details {
            self.details.flush(&mut self.out);
        }
        self.mode = mode;
    }

    /// One line; `clean` when the text it came from is known to hold no NUL
    /// and no U+FFFD.
    fn line(&mut self, no: usize, line: &str, clean: bool) {
        // Both checks are memchr scans for bytes a log never holds (0x00, and
        // 0xEF, the first byte of U+FFFD's UTF-8 form).
        // One pass finds either; the rare line that has one is looked at again.
        let bytes = line.as_bytes();
        if !clean && memchr::memchr2(0, 0xEF, bytes).is_some() {
            if memchr::memchr(0, bytes).is_some() {
                note(&mut self.nul_lines, no);
            }
            if line.contains('\u{FFFD}') {
                note(&mut self.replaced_lines, no);
            }
        }
        // Entries in progress get the first claim.
        if self.cmtrace.in_progress() && self.cmtrace.next_line(&mut self.out, no, line) {
            return;
        }
        if let Some(reg) = &mut self.reg {
            if reg.continuing() {
                reg.line(&mut self.out, no, line);
                return;
            }
        }
        if self.sql.open() && self.sql_line(no, line) {
            return;
        }
        if let Some(row) = &mut self.viewer_row {
            match row.line(line) {
                RowLine::Taken => {
                    if row.complete() {
                        self.flush_viewer_row();
                    }
                    return;
                }
                RowLine::Ended => self.flush_viewer_row(),
            }
        }
        // The hot path: a log line with its trailer.
        if let Some(how) = self.sms.trailer_of(&self.out, line) {
            if self.mode != Mode::Sms {
                self.switch(Mode::Sms);
            }
            self.sms.trailer_line(&mut self.out, no, line, how);
            return;
        }
        if line.contains(cmtrace::OPEN) {
            self.switch(Mode::Cmtrace);
            self.cmtrace.start(&mut self.out, no, line);
            return;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed == "\u{1a}" {
            self.blank();
            return;
        }
        if let Some(version) = reg::header(trimmed) {
            self.switch(Mode::Reg);
            self.reg = Some(RegBlock::new(&mut self.out, no, version));
            return;
        }
        if self.mode == Mode::Reg && RegBlock::claims(line) {
            if let Some(reg) = &mut self.reg {
                reg.line(&mut self.out, no, line);
            }
            return;
        }
        if status::detail_start(trimmed) {
            self.switch(Mode::Details);
            self.details.start(&mut self.out, no, line);
            return;
        }
        if self.mode == Mode::Details {
            if self.details.next(&mut self.out, line) {
                return;
            }
            self.switch(Mode::None);
        }
        if status::message_id_rest(trimmed).is_some() {
            self.switch(Mode::MessageId);
            self.message_id.start(&mut self.out, no, line);
            return;
        }
        if line.contains('\t') && self.tab_row(no, line) {
            return;
        }
        if !self.no_sql_header
            && (line.contains(',') || line.contains('\t'))
            && self.sql.try_header(no, line)
        {
            return;
        }
        if line.contains(statmsg::MARKER) {
            if self.mode != Mode::Sms {
                self.switch(Mode::Sms);
            }
            self.sms.push(&mut self.out, no, line);
            return;
        }
        if let Some(folder) = listing::directory_of(trimmed) {
            self.switch(Mode::Listing);
            self.listing.enter(&mut self.out, folder);
            return;
        }
        match self.mode {
            Mode::Sms => {
                self.sms.push(&mut self.out, no, line);
                return;
            }
            Mode::MessageId => {
                self.message_id.next_line(no, line);
                return;
            }
            Mode::Reg => {
                // A version listing pasted right after an export ends it.
                let platform = self.listing.platform();
                if self.versions.row(&mut self.out, no, line, platform) {
                    self.switch(Mode::None);
                } else if let Some(reg) = &mut self.reg {
                    reg.line(&mut self.out, no, line);
                }
                return;
            }
            _ => {}
        }
        if let Some(count) = listing::files_count(trimmed) {
            self.listing.summary(&mut self.out, no, line, count);
            return;
        }
        if trimmed.starts_with("Total Files Listed") {
            self.listing.leave();
            return;
        }
        if self.mode == Mode::Listing && self.listing.row(&mut self.out, no, line) {
            return;
        }
        if self.versions.header(trimmed) {
            return;
        }
        let platform = self.listing.platform();
        if self.versions.row(&mut self.out, no, line, platform) {
            return;
        }
        if self.mode == Mode::None {
            // Perhaps the first line of a wrapped log entry.
            self.sms.push(&mut self.out, no, line);
        }
    }

    /// A line while a SQL result (or its header candidate) is open: true
    /// when the result took it. A candidate the line does not confirm is
    /// dropped and its line read again as any other line.
    fn sql_line(&mut self, no: usize, line: &str) -> bool {
        match self.sql.confirms(line) {
            Some(true) => self.switch(Mode::SqlRows),
            Some(false) => {
                if let Some((at, text)) = self.sql.drop_candidate() {
                    self.no_sql_header = true;
                    self.line(at, &text, false);
                    self.no_sql_header = false;
                }
                return false;
            }
            None => {}
        }
        match self.sql.line(&mut self.out, no, line) {
            Taken::Row => true,
            Taken::Not => {
                if self.mode == Mode::SqlRows {
                    self.mode = Mode::None;
                }
                // A blank line that closed it is read as a blank line.
                false
            }
        }
    }

    /// Write the viewer row waiting for the rest of its description.
    fn flush_viewer_row(&mut self) {
        if let Some(row) = self.viewer_row.take() {
            row.write(&mut self.out);
        }
    }

    /// A tab-separated line: a viewer header or row, or a CMTrace copy.
    fn tab_row(&mut self, no: usize, line: &str) -> bool {
        let fields: Vec<&str> = line.split('\t').collect();
        if let Some(columns) = status::header(&fields) {
            self.switch(Mode::StatusRows);
            self.columns = Some(columns);
            return true;
        }
        if let Some(columns) = self.columns.as_deref() {
            // A SQL result's header after a viewer export starts the result.
            if fields.len() >= 2 && sqlrows::header(line).is_none() {
                match PendingRow::start(no, line, &fields, Some(columns)) {
                    Some(row) => self.viewer_row = Some(row),
                    None => status::row(&mut self.out, no, line, &fields, Some(columns)),
                }
                return true;
            }
        }
        if cmtrace::is_clipboard_row(&fields) {
            if self.mode != Mode::Cmtrace {
                self.switch(Mode::Cmtrace);
            }
            cmtrace::clipboard_row(&mut self.out, no, line, &fields);
            return true;
        }
        if status::is_headerless_row(&fields) {
            if self.mode != Mode::StatusRows {
                self.switch(Mode::StatusRows);
            }
            // A row may go on below (its description's other lines).
            match PendingRow::start(no, line, &fields, None) {
                Some(row) if !status::has_ids_after(&fields) => self.viewer_row = Some(row),
                _ => status::row(&mut self.out, no, line, &fields, None),
            }
            return true;
        }
        false
    }

    /// A blank line ends wrapped entries and paragraphs, not tables or exports.
    fn blank(&mut self) {
        match self.mode {
            Mode::Sms | Mode::None => {
                self.sms.close(&mut self.out);
                self.mode = Mode::None;
            }
            Mode::MessageId => self.message_id.flush(&mut self.out),
            Mode::Details => self.details.blank(&mut self.out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_on_char_boundaries() {
        let text = format!("{}é{}", "a".repeat(9), "b".repeat(10));
        assert_eq!(chunk_end(&text, 0, 10), 11);
        assert_eq!(chunk_end(&text, 11, 10), text.len());
        assert_eq!(chunk_end(&text, 0, 0), 1);
        assert_eq!(chunk_end("", 0, 10), 0);
        let cut: Vec<&str> = chunks(&text, 10).collect();
        assert_eq!(cut, ["aaaaaaaaaé", "bbbbbbbbbb"]);
        assert_eq!(chunks("", 4).count(), 0);
    }
}
