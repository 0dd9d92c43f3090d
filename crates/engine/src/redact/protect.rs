//! Words a pseudonym may never replace: the literal text the parsers and the
//! KB read. A log line pattern, a status message template, a registry key
//! path or a parser's own keyword compares these words (case-insensitively
//! for the KB's), so a value spelled like one of them cannot be replaced
//! without changing what kbwiz reads; it is kept and named in the map's
//! `kept` list instead. Pseudonyms avoid them too.

use crate::kb::Kb;
use std::collections::HashSet;

/// The parsers' own words: STATMSG keys, the status viewer's columns and
/// severities, regedit's headers, roots and types, CMTrace attributes, and
/// the names of days, months and time zones that timestamps spell.
const FORMAT_WORDS: &[&str] = &[
    "STATMSG",
    "ID",
    "SEV",
    "LEV",
    "SOURCE",
    "COMP",
    "SYS",
    "SITE",
    "PID",
    "TID",
    "GMTDATE",
    "NUMATTRS",
    "ISTR0",
    "ISTR1",
    "ISTR2",
    "ISTR3",
    "ISTR4",
    "ISTR5",
    "ISTR6",
    "ISTR7",
    "ISTR8",
    "ISTR9",
    "Severity",
    "Type",
    "Code",
    "Date",
    "Time",
    "System",
    "Component",
    "Message",
    "Description",
    "Error",
    "Warning",
    "Information",
    "Milestone",
    "Detail",
    "Audit",
    "REGEDIT",
    "REGEDIT4",
    "Windows",
    "Registry",
    "Editor",
    "Version",
    "HKEY_LOCAL_MACHINE",
    "HKEY_CURRENT_USER",
    "HKEY_CLASSES_ROOT",
    "HKEY_USERS",
    "HKEY_CURRENT_CONFIG",
    "HKEY_DYN_DATA",
    "HKLM",
    "HKCU",
    "HKCR",
    "HKU",
    "HKCC",
    "HKDD",
    "dword",
    "hex",
    "LOG",
    "thread",
    "context",
    "file",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "AM",
    "PM",
    "GMT",
    "UTC",
    "Standard",
    "Daylight",
    "Pacific",
    "Eastern",
    "Central",
    "Mountain",
    "SMS",
];

/// The words (runs of letters, digits and `_`) of `text`, upper-cased.
fn words_of(text: &str, out: &mut HashSet<String>) {
    for word in text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii()))
        .filter(|w| !w.is_empty())
    {
        out.insert(word.to_ascii_uppercase());
    }
}

/// Every word the parsers or the KB's rules read as literal text.
pub fn protected_words(kb: &Kb) -> HashSet<String> {
    let mut out = HashSet::new();
    for w in FORMAT_WORDS {
        out.insert(w.to_ascii_uppercase());
    }
    for article in kb.articles() {
        let m = &article.messages;
        for def in &m.status_messages {
            words_of(&def.template, &mut out);
            words_of(&def.component, &mut out);
        }
        for line in &m.log_lines {
            words_of(&line.pattern, &mut out);
            words_of(&line.component, &mut out);
        }
        for key in &article.registry.keys {
            words_of(&key.path, &mut out);
        }
        for row in &article.files.rows {
            words_of(&row.name, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_everything_but_letters_digits_and_underscores() {
        let mut out = HashSet::new();
        words_of("Cannot copy <package ID> to \\\\x\\SMS_SITE.", &mut out);
        let mut got: Vec<_> = out.into_iter().collect();
        got.sort();
        assert_eq!(
            got,
            ["CANNOT", "COPY", "ID", "PACKAGE", "SMS_SITE", "TO", "X"]
        );
    }
}
