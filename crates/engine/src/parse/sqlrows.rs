//! SQL query results as an admin pastes them: SQL Server Management Studio's
//! "Copy with Headers" (tab-separated, `NULL` for a null) or a results file
//! saved as CSV (comma-separated, fields quoted when they hold a comma, a
//! quote or a line break). A header row of column names comes first, in any
//! order; each row after it with as many cells becomes one fact.
//!
//! What a table or a column means is an article's knowledge: this reader
//! keeps names and values as they are, and rules (`sql_rows`) pick the
//! columns they need by name.
//!
//! A header candidate is only taken for one once the next line is a row of
//! as many cells (or a blank line, or the end of the input, which make it an
//! empty result): otherwise the line goes back to the other readers.

use super::out::Out;
use crate::evidence::{Fact, Format, Shared, SqlCell, SqlResult, SqlRow};

/// Physical lines one row may span (a quoted cell holding line breaks).
const MAX_ROW_LINES: usize = 32;
/// Characters of one row's text.
const MAX_ROW_CHARS: usize = 64 * 1024;
/// Characters of one column name.
const MAX_NAME: usize = 128;

/// The cell separator of a result block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delimiter {
    Tab,
    Comma,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Delimiter::Tab => b'\t',
            Delimiter::Comma => b',',
        }
    }

    /// The separator a line uses: a tab when it holds one, else a comma.
    fn of(line: &str) -> Option<Delimiter> {
        if line.contains('\t') {
            Some(Delimiter::Tab)
        } else if line.contains(',') {
            Some(Delimiter::Comma)
        } else {
            None
        }
    }
}

/// A line split into cells: `None` when a quoted cell is still open at the
/// end of the line (the row goes on on the next line).
fn split(line: &str, delimiter: Delimiter) -> Option<Vec<String>> {
    let sep = delimiter.byte() as char;
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    // At the start of a cell, a quote opens a quoted cell.
    let mut at_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        if c == sep {
            cells.push(std::mem::take(&mut cell));
            at_start = true;
            continue;
        }
        if at_start && c == '"' {
            quoted = true;
            at_start = false;
            continue;
        }
        if at_start && c.is_whitespace() && delimiter == Delimiter::Comma {
            // Spaces after a comma before an opening quote.
            cell.push(c);
            if chars.peek() == Some(&'"') && cell.trim().is_empty() {
                cell.clear();
            }
            continue;
        }
        at_start = false;
        cell.push(c);
    }
    if quoted {
        return None;
    }
    cells.push(cell);
    Some(cells)
}

/// A column name: a SQL identifier (`PkgID`, `DPNALPath`, `#Count`), or,
/// in brackets or quotes, any name of letters, digits, spaces and `_-/.#`.
fn column_name(cell: &str) -> Option<&str> {
    let cell = cell.trim();
    let wrapped = cell.len() >= 2
        && ((cell.starts_with('[') && cell.ends_with(']'))
            || (cell.starts_with('"') && cell.ends_with('"')));
    let name = if wrapped {
        cell[1..cell.len() - 1].trim()
    } else {
        cell
    };
    let mut chars = name.chars();
    let first = chars.next()?;
    let inner = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '_' | '#' | '$' | '@' | '.')
            || (wrapped && matches!(c, ' ' | '-' | '/'))
    };
    let ok = name.len() <= MAX_NAME
        && (first.is_ascii_alphabetic() || matches!(first, '_' | '#' | '@'))
        && chars.all(inner);
    ok.then_some(name)
}

/// The column names of a header line, when it can be one: at least two
/// cells, each a column name.
pub(crate) fn header(line: &str) -> Option<(Delimiter, Vec<String>)> {
    let delimiter = Delimiter::of(line)?;
    let sep = delimiter.byte() as char;
    let cells: Vec<&str> = line.trim_end_matches(['\r', '\n']).split(sep).collect();
    if cells.len() < 2 {
        return None;
    }
    cells
        .iter()
        .map(|c| column_name(c).map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .map(|names| (delimiter, names))
}

/// A cell's value: `None` for an empty cell or SSMS's `NULL`.
fn value(cell: &str) -> Option<String> {
    let v = cell.trim();
    (!v.is_empty() && v != "NULL").then(|| v.to_owned())
}

/// A header seen but not confirmed yet.
#[derive(Debug)]
struct Candidate {
    line: usize,
    text: String,
    delimiter: Delimiter,
    names: Vec<String>,
}

/// A confirmed result block.
#[derive(Debug)]
struct Block {
    header_line: usize,
    delimiter: Delimiter,
    columns: Vec<Shared>,
    /// A row whose quoted cell is still open: first line, lines, text.
    partial: Option<(usize, usize, String)>,
}

/// What [`SqlBlock::line`] made of a line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Taken {
    /// Read as part of the result.
    Row,
    /// Not part of it: the block is closed.
    Not,
}

/// The result block being read, if any.
#[derive(Debug, Default)]
pub(crate) struct SqlBlock {
    candidate: Option<Candidate>,
    block: Option<Block>,
}

impl SqlBlock {
    /// Whether a header or a block is open (it wants the next line first).
    pub fn open(&self) -> bool {
        self.candidate.is_some() || self.block.is_some()
    }

    /// Take `line` as a header candidate, if it can be one.
    pub fn try_header(&mut self, no: usize, line: &str) -> bool {
        let Some((delimiter, names)) = header(line) else {
            return false;
        };
        self.candidate = Some(Candidate {
            line: no,
            text: line.trim_end().to_owned(),
            delimiter,
            names,
        });
        true
    }

    /// Whether `line` confirms the header candidate (a row of as many
    /// cells, or a blank line); `None` when there is no candidate.
    pub fn confirms(&self, line: &str) -> Option<bool> {
        let c = self.candidate.as_ref()?;
        Some(
            line.trim().is_empty()
                || split(line, c.delimiter).is_none_or(|cells| cells.len() == c.names.len()),
        )
    }

    /// Drop the header candidate: its line and text, to be read otherwise.
    pub fn drop_candidate(&mut self) -> Option<(usize, String)> {
        self.candidate.take().map(|c| (c.line, c.text))
    }

    /// The next line while a block is open (a candidate is confirmed by it:
    /// call [`SqlBlock::confirms`] first).
    pub fn line(&mut self, out: &mut Out, no: usize, line: &str) -> Taken {
        if let Some(c) = self.candidate.take() {
            self.confirm(out, c);
            if line.trim().is_empty() {
                self.close(out);
                return Taken::Not;
            }
        }
        let Some(block) = &mut self.block else {
            return Taken::Not;
        };
        // A row continued from the line before (an open quoted cell).
        let (first, text) = match block.partial.take() {
            Some((first, lines, mut text)) => {
                text.push('\n');
                text.push_str(line);
                if lines + 1 > MAX_ROW_LINES || text.len() > MAX_ROW_CHARS {
                    out.problem(
                        first,
                        format!(
                            "a quoted cell not closed within {MAX_ROW_LINES} lines; row skipped"
                        ),
                    );
                    return Taken::Row;
                }
                match split(&text, block.delimiter) {
                    None => {
                        block.partial = Some((first, lines + 1, text));
                        return Taken::Row;
                    }
                    Some(_) => (first, text),
                }
            }
            None => {
                if line.trim().is_empty() {
                    self.close(out);
                    return Taken::Not;
                }
                if !line.as_bytes().contains(&block.delimiter.byte()) && block.columns.len() > 1 {
                    // No separator at all: the result has ended.
                    self.close(out);
                    return Taken::Not;
                }
                (no, line.to_owned())
            }
        };
        let Some(cells) = split(&text, block.delimiter) else {
            block.partial = Some((first, 1, text));
            return Taken::Row;
        };
        if cells.len() != block.columns.len() {
            out.problem(
                first,
                format!(
                    "a result row of {} cells under a header of {} columns (line {}); row skipped",
                    cells.len(),
                    block.columns.len(),
                    block.header_line
                ),
            );
            return Taken::Row;
        }
        let cells = block
            .columns
            .iter()
            .zip(&cells)
            .map(|(column, cell)| SqlCell {
                column: column.clone(),
                value: value(cell),
            })
            .collect();
        let header_line = block.header_line;
        out.count();
        out.evidence(
            first,
            text.trim_end(),
            Fact::SqlRow(SqlRow { header_line, cells }),
        );
        Taken::Row
    }

    fn confirm(&mut self, out: &mut Out, c: Candidate) {
        let columns: Vec<Shared> = c.names.iter().map(|n| out.cache.share(n)).collect();
        out.saw(Format::SqlResults);
        out.evidence(
            c.line,
            &c.text,
            Fact::SqlResult(SqlResult {
                columns: columns.clone(),
            }),
        );
        self.block = Some(Block {
            header_line: c.line,
            delimiter: c.delimiter,
            columns,
            partial: None,
        });
    }

    /// End the block (a header candidate alone is an empty result: a blank
    /// line or the end of the input follows it).
    pub fn close(&mut self, out: &mut Out) {
        if let Some(c) = self.candidate.take() {
            self.confirm(out, c);
        }
        if let Some(block) = self.block.take() {
            if let Some((first, _, _)) = block.partial {
                out.problem(first, "a quoted cell never closed; row skipped");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_cells() {
        assert_eq!(
            split(r#"a,"b,c","say ""hi""",,d"#, Delimiter::Comma),
            Some(vec![
                "a".into(),
                "b,c".into(),
                "say \"hi\"".into(),
                "".into(),
                "d".into()
            ])
        );
        assert_eq!(split(r#"a,"open"#, Delimiter::Comma), None);
        assert_eq!(
            split("a\t\"b\"\tNULL", Delimiter::Tab),
            Some(vec!["a".into(), "b".into(), "NULL".into()])
        );
        assert_eq!(
            split(r#"a, "b""#, Delimiter::Comma),
            Some(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn headers_are_column_names() {
        assert_eq!(
            header("PkgID\tDPNALPath\tSiteCode"),
            Some((
                Delimiter::Tab,
                vec!["PkgID".into(), "DPNALPath".into(), "SiteCode".into()]
            ))
        );
        assert_eq!(
            header(r#""Site Code",[Package ID],Name"#).map(|h| h.1),
            Some(vec!["Site Code".into(), "Package ID".into(), "Name".into()])
        );
        assert_eq!(header("PkgID"), None);
        assert_eq!(header("Used 0 out of 3, allowed"), None);
        assert_eq!(header("1,2,3"), None);
        assert_eq!(header("a,,b"), None);
    }

    #[test]
    fn null_and_empty_cells_have_no_value() {
        assert_eq!(value(" NULL "), None);
        assert_eq!(value(""), None);
        assert_eq!(value("null"), Some("null".into()));
    }
}
