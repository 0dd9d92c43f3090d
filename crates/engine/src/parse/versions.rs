//! File versions from whatever listing shows them: the KB's own table
//! (`1-Mar-2001 17:45 2.00.1493.3257 231,312 Distmgr.dll I386`), the `filever`
//! tool, PowerShell `VersionInfo` tables, or a bare version beside a file name.
//! The platform comes from a `\I386\` / `\ALPHA\` path or a platform column:
//! the KB table's `I386` / `Alpha`, or `filever`'s platform word.
//!
//! `filever` prints a platform word per file (`--a-- W32i   DLL ENU ...`):
//! `W32i` is 32-bit Windows on Intel, so I386. Its other words (for other
//! processors and 16-bit or 64-bit files) name no platform the KB's file
//! tables list, and are read as no platform; none is ever read as Alpha.
//! A row with no platform says which file and version, not where: the
//! hotfix check ([`crate::summary::hotfix_check`]) gives it a row of its own
//! rather than a guess at a platform.

use super::out::Out;
use crate::evidence::{Fact, FileVersion, Format};

/// Extensions of files that carry a version resource.
const EXTENSIONS: &[&str] = &[".dll", ".exe", ".sys", ".ocx", ".cpl", ".drv"];

/// `2.00.1493.3257`: three or four dot-separated numbers.
pub fn is_version(s: &str) -> bool {
    let parts = s.split('.');
    let mut count = 0;
    for part in parts {
        if part.is_empty() || part.len() > 5 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        count += 1;
    }
    (3..=4).contains(&count)
}

/// Does the word name a versioned file (ends in `.dll`, `.exe`, ...)?
pub fn is_file_name(word: &str) -> bool {
    let len = word.len();
    EXTENSIONS.iter().any(|ext| {
        len > ext.len()
            && word
                .get(len - ext.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(ext))
    })
}

/// A platform as the KB writes it, from a column or a path segment
/// (`filever`'s `W32i` included).
pub fn platform(word: &str) -> Option<&'static str> {
    let trimmed = word.trim_matches(|c: char| c == '\\' || c == '/');
    if trimmed.eq_ignore_ascii_case("i386")
        || trimmed.eq_ignore_ascii_case("x86")
        || trimmed.eq_ignore_ascii_case("intel")
        || trimmed.eq_ignore_ascii_case("w32i")
    {
        Some("I386")
    } else if trimmed.eq_ignore_ascii_case("alpha") || trimmed.eq_ignore_ascii_case("axp") {
        Some("Alpha")
    } else {
        None
    }
}

/// The platform named by a path's folders (`C:\SMS\bin\i386\distmgr.dll`).
pub fn platform_in_path(path: &str) -> Option<&'static str> {
    path.split(['\\', '/']).rev().skip(1).find_map(platform)
}

/// Split a path into its last component.
pub fn base_name(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

/// `231,312` or `231312`: a size in bytes.
fn size(word: &str) -> Option<u64> {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    let digits: String = word.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

/// A date word: digits and letters joined by `-`, `/` or `.` (`1-Mar-2001`, `03/01/2001`).
fn is_date(word: &str) -> bool {
    let seps = word
        .bytes()
        .filter(|b| matches!(b, b'-' | b'/' | b'.'))
        .count();
    seps == 2
        && word.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'/' | b'.'))
        && !is_version(word)
}

fn is_clock(word: &str) -> bool {
    word.contains(':')
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
}

/// Header state of a version listing (PowerShell puts ProductVersion first).
#[derive(Debug, Default)]
pub(crate) struct VersionTable {
    /// Which version column (0-based among version columns) is FileVersion.
    file_version_column: Option<usize>,
}

impl VersionTable {
    /// A header row (`ProductVersion   FileVersion      FileName`)?
    pub fn header(&mut self, line: &str) -> bool {
        let words: Vec<&str> = line.split_ascii_whitespace().collect();
        let versions: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| w.to_ascii_lowercase().ends_with("version"))
            .collect();
        if versions.is_empty() || !words.iter().any(|w| w.eq_ignore_ascii_case("FileName")) {
            return false;
        }
        self.file_version_column = versions
            .iter()
            .position(|w| w.eq_ignore_ascii_case("FileVersion"));
        true
    }

    /// A row naming a file and a version; `dir_platform` from an enclosing `dir` listing.
    /// Returns false when the line is not one.
    pub fn row(
        &self,
        out: &mut Out,
        no: usize,
        line: &str,
        dir_platform: Option<&'static str>,
    ) -> bool {
        let words: Vec<&str> = line
            .split_ascii_whitespace()
            .map(|w| w.trim_matches(|c| c == ',' || c == ';' || c == '"' || c == '\''))
            .collect();
        let versions: Vec<&str> = words.iter().copied().filter(|w| is_version(w)).collect();
        let Some(file) = words.iter().rev().find(|w| is_file_name(w)) else {
            return false;
        };
        let version = match self.file_version_column.and_then(|i| versions.get(i)) {
            Some(v) => *v,
            None => match versions.last() {
                Some(v) => *v,
                None => return false,
            },
        };
        let platform = platform_in_path(file)
            .or_else(|| words.iter().find_map(|w| platform(w)))
            .or(dir_platform);
        let size = words
            .iter()
            .filter(|w| !is_version(w))
            .find_map(|w| size(w));
        let date = words.iter().position(|w| is_date(w)).map(|i| {
            match words.get(i + 1).filter(|w| is_clock(w)) {
                Some(clock) => format!("{} {}", words[i], clock),
                None => words[i].to_owned(),
            }
        });
        out.saw(Format::FileVersions);
        out.count();
        out.evidence(
            no,
            line,
            Fact::FileVersion(FileVersion {
                file: base_name(file).to_owned(),
                version: version.to_owned(),
                platform: platform.map(str::to_owned),
                size,
                date,
            }),
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert!(is_version("2.00.1493.3257"));
        assert!(is_version("2.0.1493"));
        assert!(!is_version("2.00"));
        assert!(!is_version("1.2.3.4.5"));
        assert!(!is_version("2.00.1493.325712"));
        assert!(is_file_name("Distmgr.DLL"));
        assert!(!is_file_name(".dll"));
        assert_eq!(
            platform_in_path(r"C:\SMS\bin\i386\distmgr.dll"),
            Some("I386")
        );
        assert_eq!(
            platform_in_path(r"D:\sms\BIN\ALPHA\baseutil.dll"),
            Some("Alpha")
        );
        assert_eq!(platform_in_path("distmgr.dll"), None);
        assert_eq!(platform("W32i"), Some("I386"));
        assert_eq!(platform("w32I"), Some("I386"));
        assert_eq!(platform("W16"), None);
        assert_eq!(size("231,312"), Some(231_312));
        assert!(is_date("1-Mar-2001"));
        assert!(!is_date("2.00.1493"));
    }
}
