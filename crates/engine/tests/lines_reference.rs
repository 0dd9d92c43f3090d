//! Differential tests of the log-line matcher's two readings: with its
//! prefilter ([`LineMatcher::new`]: an entry is tried only against the lines
//! whose longest literal word its message holds) every input must give the
//! facts that trying every line of the entry's component gives
//! ([`LineMatcher::reference`]). The inputs are every scenario under
//! `tests/data/scenarios`, logs made to poison the prefilter (the required
//! word in another case, beside squashed white space, across a `~`, in a
//! paste of no component), and generated lines built from the articles'
//! own patterns.

use kbwiz_engine::evidence::{Evidence, Fact, LineMatcher};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse::{decode, parse_input};
use proptest::prelude::*;

mod scenario;

/// The log-line facts of `bytes` read by `matcher`.
fn facts(matcher: &LineMatcher, name: &str, bytes: &[u8]) -> Vec<Evidence> {
    let parsed = parse_input(name, bytes);
    let text = decode(bytes);
    matcher.facts(name, &text, &parsed.entries)
}

/// The `log_line` facts `LineMatcher::new` reads in `bytes`: line,
/// article and line id.
fn line_facts(name: &str, bytes: &[u8]) -> Vec<(usize, String, String)> {
    facts(&LineMatcher::new(Kb::embedded()), name, bytes)
        .into_iter()
        .filter_map(|e| match e.fact {
            Fact::LogLine(l) => Some((e.line, l.article.to_string(), l.log_line.to_string())),
            _ => None,
        })
        .collect()
}

/// Both readings of `bytes` give the same facts; returns how many of them
/// are `log_line` facts.
fn same_both_ways(name: &str, bytes: &[u8]) -> usize {
    let kb = Kb::embedded();
    let fast = facts(&LineMatcher::new(kb), name, bytes);
    let reference = facts(&LineMatcher::reference(kb), name, bytes);
    if let Some((a, b)) = fast.iter().zip(&reference).find(|(a, b)| a != b) {
        panic!("{name}: {a:?}\nreference: {b:?}");
    }
    assert_eq!(fast.len(), reference.len(), "{name}: number of facts");
    fast.iter()
        .filter(|e| matches!(e.fact, Fact::LogLine(_)))
        .count()
}

#[test]
fn every_scenario_reads_the_same() {
    let files = scenario::all_inputs();
    let lines: usize = files
        .iter()
        .map(|(name, bytes)| same_both_ways(name, bytes))
        .sum();
    assert!(files.len() >= 70, "{} scenario files", files.len());
    // The scenarios do hold declared lines: the comparison is not empty.
    assert!(lines > 50, "{lines} log_line facts");
}

const TRAILER: &str = "$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time><thread=1288 (0x508)>";

/// Lines that hold a pattern's required word in a shape the prefilter must
/// still let through, or must not be fooled by.
#[test]
fn lines_made_to_poison_the_prefilter() {
    let lines = [
        // Another case, and white space squashed around the word.
        "processing   INCOMING\tfile C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\RD5L85BW.PKG",
        "SQL MSG #99901>   this sitecode (PR9) does not exist in the parent table",
        // The word alone, without the rest of the pattern.
        "SiteCode PR9 is fine",
        "sitecode",
        // Two parts of one message, the word in the second.
        "Nothing here~Cannot update the package server PR9 for package PRI00001, error = 3",
        // Non-ASCII beside the word, and a word in a non-ASCII case.
        "Processing incoming fïle X.PKG",
        "Processing incoming file Ünïcode.PKG",
        "PROCESSİNG incoming file X.PKG",
        // Two patterns in one message.
        "Processing incoming file A.PKG~SQL Msg #99901> This SiteCode (AB1) does not exist in the parent table",
    ];
    let mut log = String::new();
    for line in lines {
        log.push_str(&format!("{line}  {TRAILER}\r\n"));
    }
    // The same lines pasted as a KB article quotes them (no component).
    for line in lines {
        log.push_str(&format!("~{line}\r\n"));
    }
    log.push_str("\r\n~Processing incoming\r\n file Z.PKG\r\n");
    same_both_ways("poison.log", log.as_bytes());
    let found = line_facts("poison.log", log.as_bytes());
    let line = |n: usize, id: &str| (n, "Q319189".to_string(), id.to_string());
    // In the log (lines 1 to 9) and as a paste (10 to 18, and 20 to 21):
    // the other case, the tab and the part after a `~` are read; the words
    // alone, a non-ASCII letter inside a word, are not.
    assert_eq!(
        found,
        [
            line(1, "incoming_pkg"),
            line(2, "site_not_in_parent"),
            line(5, "server_not_updated"),
            line(7, "incoming_pkg"),
            line(9, "incoming_pkg"),
            line(9, "site_not_in_parent"),
            line(10, "incoming_pkg"),
            line(11, "site_not_in_parent"),
            line(14, "server_not_updated"),
            line(16, "incoming_pkg"),
            line(18, "incoming_pkg"),
            line(18, "site_not_in_parent"),
            line(20, "incoming_pkg"),
        ]
    );
}

/// The prefilter reads an ASCII message word by word (split at white
/// space) and looks a pattern's whole words up: these lines put white space
/// the split must know (or leave to the substring search) beside such words,
/// and glue other text to them.
#[test]
fn whole_words_beside_any_white_space() {
    let lines = [
        // Non-ASCII white space: the message is searched, not split.
        "Processing\u{a0}incoming\u{3000}file A.PKG",
        "Processing incoming file\u{85}B.PKG",
        // ASCII white space other than the space.
        "Processing incoming\u{b}file C.PKG",
        "Processing incoming\u{c}file\tD.PKG",
        "Processing\r\nincoming file E.PKG",
        // Whole words glued to other text: no match either way.
        "Processing incomingfile F.PKG",
        "Processing xincoming file G.PKG",
        // A word that one line holds whole and another does not.
        "XPackage PRI00001 doesn't have a compressed copy of the source directory, starting the compression",
    ];
    let mut log = String::new();
    for line in lines {
        log.push_str(&format!("{line}  {TRAILER}\n"));
    }
    same_both_ways("whole-words.log", log.as_bytes());
    let found = line_facts("whole-words.log", log.as_bytes());
    let line = |n: usize, article: &str, id: &str| (n, article.to_string(), id.to_string());
    // Lines 5 and 6 are one entry (its first line ends at the `\r\n`).
    assert_eq!(
        found,
        [
            line(1, "Q319189", "incoming_pkg"),
            line(2, "Q319189", "incoming_pkg"),
            line(3, "Q319189", "incoming_pkg"),
            line(4, "Q319189", "incoming_pkg"),
            line(5, "Q319189", "incoming_pkg"),
            line(9, "Q326045", "no_compressed_copy"),
        ]
    );
}

/// A log line built from a declared pattern: its literal words, some
/// cased or spaced otherwise, some dropped, and values in its slots.
fn pattern_lines() -> impl Strategy<Value = String> {
    let kb = Kb::embedded();
    let patterns: Vec<String> = kb
        .articles()
        .iter()
        .flat_map(|a| a.messages.log_lines.iter().map(|l| l.pattern.clone()))
        .collect();
    (
        proptest::sample::select(patterns),
        proptest::collection::vec(0u8..8, 1..40),
    )
        .prop_map(|(pattern, choices)| {
            let mut out = String::new();
            let mut choice = choices.iter().cycle();
            for (i, word) in pattern.split(' ').enumerate() {
                let word = if word.starts_with('<') {
                    ["PR9", "3", "X.PKG", "\\\\S1\\SMS_SITE", "PRI00001"][i % 5].to_string()
                } else {
                    word.to_string()
                };
                match choice.next().copied().unwrap_or(0) {
                    0 => out.push_str(&word.to_ascii_uppercase()),
                    1 => {} // a word dropped
                    2 => out.push_str(&format!("{word}\t ")),
                    3 => out.push_str(&format!("{word}~")),
                    5 => out.push_str(&format!("{word}\u{a0}")),
                    6 => out.push_str(&format!("{word}\u{b}")),
                    _ => out.push_str(&word),
                }
                out.push(' ');
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn lines_built_from_patterns_read_the_same(lines in proptest::collection::vec(pattern_lines(), 1..12)) {
        let mut log = String::new();
        for (i, line) in lines.iter().enumerate() {
            if i % 3 == 2 {
                log.push_str(&format!("~{line}\r\n"));
            } else {
                log.push_str(&format!("{line}  {TRAILER}\r\n"));
            }
        }
        same_both_ways("generated.log", log.as_bytes());
    }
}

/// The prefilter keeps short messages that put no line forward, to pass
/// over them when they come again: the same text in another component's
/// log, or pasted with no component, is read afresh, and many messages
/// sharing the kept slots push none of them out wrongly.
#[test]
fn a_message_seen_before_is_read_again_where_its_component_differs() {
    let message = "Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN00012.PKG.";
    let at = |component: &str, line: &str| {
        format!("{line}  $$<{component}><Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n")
    };
    let mut log = String::new();
    for round in 0..40 {
        // Scheduler has no such line: nothing put forward, and kept.
        log.push_str(&at("SMS_SCHEDULER", message));
        log.push_str(&at("SMS_SCHEDULER", message));
        // Distribution Manager does.
        log.push_str(&at("SMS_DISTRIBUTION_MANAGER", message));
        // Short messages of every length around it, filling the slots.
        log.push_str(&at(
            "SMS_DISTRIBUTION_MANAGER",
            &format!("Used {round} out of 3 allowed processing threads."),
        ));
        log.push_str(&at("SMS_DISTRIBUTION_MANAGER", &"x".repeat(round * 4)));
    }
    log.push_str(&format!("~{message}\r\n"));
    let lines = same_both_ways("repeated.log", log.as_bytes());
    let found = line_facts("repeated.log", log.as_bytes());
    // Each round's third line, and the paste.
    let expected: Vec<usize> = (0..40).map(|round| round * 5 + 3).chain([201]).collect();
    assert_eq!(lines, 41);
    assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), expected);
    assert!(found.iter().all(|f| f.2 == "incoming_pkg"), "{found:?}");
}
