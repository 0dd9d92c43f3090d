//! Windows time-zone display names, as SMS 2.0 writes them at the end of a log
//! trailer's date (`Pacific Daylight Time`), mapped to the Windows bias in
//! minutes (UTC = local + bias). Names are matched case-insensitively; a name
//! not in the table yields `None` and the time stays local only.

/// (display name, bias in minutes). Standard and daylight names of the zones an
/// SMS 2.0 / 2003 site server was likely to run in.
const ZONES: &[(&str, i32)] = &[
    ("Pacific Standard Time", 480),
    ("Pacific Daylight Time", 420),
    ("Mountain Standard Time", 420),
    ("Mountain Daylight Time", 360),
    ("US Mountain Standard Time", 420),
    ("Central Standard Time", 360),
    ("Central Daylight Time", 300),
    ("Canada Central Standard Time", 360),
    ("Mexico Standard Time", 360),
    ("Mexico Daylight Time", 300),
    ("Eastern Standard Time", 300),
    ("Eastern Daylight Time", 240),
    ("US Eastern Standard Time", 300),
    ("SA Pacific Standard Time", 300),
    ("Atlantic Standard Time", 240),
    ("Atlantic Daylight Time", 180),
    ("SA Western Standard Time", 240),
    ("Pacific SA Standard Time", 240),
    ("Pacific SA Daylight Time", 180),
    ("Newfoundland Standard Time", 210),
    ("Newfoundland Daylight Time", 150),
    ("E. South America Standard Time", 180),
    ("E. South America Daylight Time", 120),
    ("SA Eastern Standard Time", 180),
    ("Alaskan Standard Time", 540),
    ("Alaskan Daylight Time", 480),
    ("Hawaiian Standard Time", 600),
    ("Coordinated Universal Time", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Greenwich Standard Time", 0),
    ("GMT Standard Time", 0),
    ("GMT Daylight Time", -60),
    ("W. Europe Standard Time", -60),
    ("W. Europe Daylight Time", -120),
    ("Romance Standard Time", -60),
    ("Romance Daylight Time", -120),
    ("Central Europe Standard Time", -60),
    ("Central Europe Daylight Time", -120),
    ("Central European Standard Time", -60),
    ("Central European Daylight Time", -120),
    ("E. Europe Standard Time", -120),
    ("E. Europe Daylight Time", -180),
    ("GTB Standard Time", -120),
    ("GTB Daylight Time", -180),
    ("FLE Standard Time", -120),
    ("FLE Daylight Time", -180),
    ("South Africa Standard Time", -120),
    ("Israel Standard Time", -120),
    ("Israel Daylight Time", -180),
    ("Egypt Standard Time", -120),
    ("Russian Standard Time", -180),
    ("Russian Daylight Time", -240),
    ("Arabic Standard Time", -180),
    ("Arab Standard Time", -180),
    ("Arabian Standard Time", -240),
    ("India Standard Time", -330),
    ("China Standard Time", -480),
    ("Taipei Standard Time", -480),
    ("Singapore Standard Time", -480),
    ("W. Australia Standard Time", -480),
    ("SE Asia Standard Time", -420),
    ("Tokyo Standard Time", -540),
    ("Korea Standard Time", -540),
    ("AUS Central Standard Time", -570),
    ("AUS Central Daylight Time", -630),
    ("Cen. Australia Standard Time", -570),
    ("Cen. Australia Daylight Time", -630),
    ("AUS Eastern Standard Time", -600),
    ("AUS Eastern Daylight Time", -660),
    ("E. Australia Standard Time", -600),
    ("Tasmania Standard Time", -600),
    ("Tasmania Daylight Time", -660),
    ("New Zealand Standard Time", -720),
    ("New Zealand Daylight Time", -780),
];

/// The Windows bias (UTC = local + bias, in minutes) of a zone display name.
pub fn bias_of(name: &str) -> Option<i32> {
    let name = name.trim();
    ZONES
        .iter()
        .find(|(zone, _)| zone.eq_ignore_ascii_case(name))
        .map(|&(_, bias)| bias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_map_to_windows_bias() {
        assert_eq!(bias_of("Pacific Daylight Time"), Some(420));
        assert_eq!(bias_of("pacific standard time"), Some(480));
        assert_eq!(bias_of(" GMT Daylight Time "), Some(-60));
        assert_eq!(bias_of("India Standard Time"), Some(-330));
        assert_eq!(bias_of("Mars Standard Time"), None);
    }

    #[test]
    fn every_name_is_unique() {
        for (i, (a, _)) in ZONES.iter().enumerate() {
            for (b, _) in &ZONES[i + 1..] {
                assert!(!a.eq_ignore_ascii_case(b), "{a} twice");
            }
        }
    }
}
