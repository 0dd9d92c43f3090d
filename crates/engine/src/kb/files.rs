//! Files and versions (`files.json`): the fixed versions per platform, with
//! date, time, size and name as the article's table gives them, and where the
//! fix ships.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// `files.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    /// The release the table describes.
    #[serde(default)]
    pub release: Option<Release>,
    /// The table, in the article's order.
    pub rows: Vec<FileRow>,
    /// Notes printed with the table.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A release carrying the fixed files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// What the table is (`English post-Service Pack 3 version of this fix`).
    pub name: String,
    pub language: String,
    /// The release the fix is built on (`SMS 2.0 SP3`).
    pub based_on: String,
    /// Where the fix ships (`SMS 2.0 SP4 Hotfix Rollup Package (HRP)`).
    pub ships_in: String,
    /// Article describing that package (`Q323206`).
    #[serde(default)]
    pub ships_in_article: Option<String>,
    /// The versions listed are minimums ("or later").
    pub or_later: bool,
}

/// One row of the file table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRow {
    #[serde(deserialize_with = "crate::kb::dates::date")]
    pub date: NaiveDate,
    /// `17:25` (serialised as `HH:MM:SS`).
    #[serde(deserialize_with = "crate::kb::dates::time")]
    pub time: NaiveTime,
    /// Dotted version (`2.00.1493.3257`).
    pub version: String,
    /// Size in bytes.
    pub size: u64,
    /// File name as printed (`Distmgr.dll`); compared case-insensitively.
    pub name: String,
    pub platform: Platform,
}

/// Processor platforms of the SMS 2.0 era, as the file table names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Platform {
    Alpha,
    I386,
}

impl Platform {
    /// `Alpha`, `I386`; also reads `x86`, `Intel` and `axp` case-insensitively.
    pub fn from_name(name: &str) -> Option<Platform> {
        match name.trim().to_ascii_lowercase().as_str() {
            "alpha" | "axp" | "axp64" => Some(Platform::Alpha),
            "i386" | "x86" | "intel" => Some(Platform::I386),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Platform::Alpha => "Alpha",
            Platform::I386 => "I386",
        }
    }
}

impl Files {
    /// Rows for `file` (case-insensitive name).
    pub fn rows_for<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a FileRow> + 'a {
        self.rows
            .iter()
            .filter(move |r| r.name.eq_ignore_ascii_case(file))
    }

    /// Whether the article lists `file` at all.
    pub fn knows(&self, file: &str) -> bool {
        self.rows_for(file).next().is_some()
    }

    /// The fixed version of `file` for `platform`; with no platform, the lowest
    /// version over all platforms (the least a fixed file can be).
    pub fn required_version(&self, file: &str, platform: Option<Platform>) -> Option<&str> {
        let mut rows = self
            .rows
            .iter()
            .filter(|r| r.name.eq_ignore_ascii_case(file))
            .filter(|r| platform.is_none_or(|p| r.platform == p));
        let first = rows.next()?;
        let lowest = rows.fold(first, |low, r| {
            if compare_versions(&r.version, &low.version) == Some(Ordering::Less) {
                r
            } else {
                low
            }
        });
        Some(lowest.version.as_str())
    }
}

/// Compare dotted versions numerically, part by part (`2.00.1493.3257` vs
/// `2.0.1493.900`); missing trailing parts count as 0. `None` when either side
/// has a part that is not a number (or does not fit in 64 bits).
pub fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    let parse = |v: &str| -> Option<Vec<u64>> {
        v.trim()
            .split('.')
            .map(|p| p.trim().parse::<u64>().ok())
            .collect()
    };
    let (a, b) = (parse(a)?, parse(b)?);
    let len = a.len().max(b.len());
    for i in 0..len {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        match x.cmp(&y) {
            Ordering::Equal => {}
            other => return Some(other),
        }
    }
    Some(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(
            compare_versions("2.00.1493.3257", "2.0.1493.900"),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare_versions("2.00.1493.3257", "2.0.1493.3257.0"),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare_versions("2.00.1239.0", "2.00.1493.3253"),
            Some(Ordering::Less)
        );
        assert_eq!(compare_versions("2.x", "2.0"), None);
        assert_eq!(compare_versions("99999999999999999999999", "1"), None);
        assert_eq!(compare_versions("", "1"), None);
    }

    #[test]
    fn platform_names() {
        assert_eq!(Platform::from_name(" x86 "), Some(Platform::I386));
        assert_eq!(Platform::from_name("ALPHA"), Some(Platform::Alpha));
        assert_eq!(Platform::from_name("ia64"), None);
    }
}
