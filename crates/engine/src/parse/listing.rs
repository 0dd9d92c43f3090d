//! `dir` listings: the current folder from `Directory of ...`, file rows
//! (date, time, size, name), and the `N File(s)` summary, which for an
//! `...\Inboxes\Schedule.box` folder is the scheduler's job backlog.

use super::out::Out;
use super::versions;
use crate::evidence::{Fact, FileVersion, Format, ScheduleBacklog};

/// The folder the listing is in.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    folder: Option<String>,
}

/// The folder of a `Directory of X` line.
pub fn directory_of(line: &str) -> Option<&str> {
    let trimmed = line.trim();
    let head = trimmed.get(..13)?;
    head.eq_ignore_ascii_case("Directory of ")
        .then(|| trimmed[13..].trim())
        .filter(|f| !f.is_empty())
}

/// The count of an `N File(s)` summary line.
pub fn files_count(line: &str) -> Option<u64> {
    let mut words = line.split_ascii_whitespace();
    let count = words.next()?;
    let label = words.next()?;
    if !label.eq_ignore_ascii_case("File(s)") {
        return None;
    }
    if count.is_empty()
        || count.len() > 20
        || !count.bytes().all(|b| b.is_ascii_digit() || b == b',')
    {
        return None;
    }
    count
        .bytes()
        .filter(u8::is_ascii_digit)
        .try_fold(0u64, |n, d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
}

fn is_schedule_box(folder: &str) -> bool {
    folder
        .to_ascii_lowercase()
        .trim_end_matches('\\')
        .ends_with("schedule.box")
}

impl Listing {
    pub fn platform(&self) -> Option<&'static str> {
        self.folder
            .as_deref()
            .and_then(|f| f.rsplit(['\\', '/']).find_map(versions::platform))
    }

    pub fn enter(&mut self, out: &mut Out, folder: &str) {
        out.saw(Format::FileVersions);
        self.folder = Some(folder.to_owned());
    }

    /// `Total Files Listed:` (dir /s): the next summary is for no one folder.
    pub fn leave(&mut self) {
        self.folder = None;
    }

    pub fn summary(&mut self, out: &mut Out, no: usize, line: &str, count: u64) {
        if let Some(folder) = self.folder.as_deref().filter(|f| is_schedule_box(f)) {
            let folder = folder.to_owned();
            out.saw(Format::FileVersions);
            out.evidence(
                no,
                line,
                Fact::ScheduleBacklog(ScheduleBacklog { folder, count }),
            );
        }
    }

    /// A file row `03/01/2001  05:45 PM   231,312 Distmgr.dll`. Versioned files
    /// (`.dll`, `.exe`) become [`FileVersion`] facts with an empty version: `dir`
    /// shows size and date only. Returns false when the line is not a row.
    pub fn row(&mut self, out: &mut Out, no: usize, line: &str) -> bool {
        let mut rest = line.trim();
        let mut next = || {
            let trimmed = rest.trim_start();
            let end = trimmed
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(trimmed.len());
            let (word, after) = trimmed.split_at(end);
            rest = after;
            word
        };
        let date = next();
        if !(date.len() >= 6
            && date.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && date.contains(['/', '-', '.']))
        {
            return false;
        }
        let time = next();
        if !time.contains(':') {
            return false;
        }
        let mut size_word = next();
        let mut clock = time.to_owned();
        if size_word.eq_ignore_ascii_case("AM") || size_word.eq_ignore_ascii_case("PM") {
            clock = format!("{time} {size_word}");
            size_word = next();
        }
        let name = rest.trim();
        if name.is_empty() {
            return false;
        }
        let size = if size_word.eq_ignore_ascii_case("<DIR>") {
            None
        } else if size_word.bytes().all(|b| b.is_ascii_digit() || b == b',')
            && !size_word.is_empty()
        {
            let digits: String = size_word.chars().filter(char::is_ascii_digit).collect();
            digits.parse().ok()
        } else {
            return false;
        };
        out.saw(Format::FileVersions);
        out.count();
        if size.is_some() && versions::is_file_name(name) {
            out.evidence(
                no,
                line,
                Fact::FileVersion(FileVersion {
                    file: name.to_owned(),
                    version: String::new(),
                    platform: self.platform().map(str::to_owned),
                    size,
                    date: Some(format!("{date} {clock}")),
                }),
            );
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_and_directory_lines() {
        assert_eq!(
            files_count("           1,234 File(s)      5,678,912 bytes"),
            Some(1234)
        );
        assert_eq!(files_count("  2 Dir(s)  1 bytes free"), None);
        assert_eq!(files_count("99999999999999999999 File(s)"), None);
        assert_eq!(
            directory_of(r" Directory of C:\SMS\Inboxes\Schedule.box"),
            Some(r"C:\SMS\Inboxes\Schedule.box")
        );
        assert!(is_schedule_box(r"C:\SMS\inboxes\SCHEDULE.BOX\"));
    }
}
