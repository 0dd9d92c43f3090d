//! Thread stories in `api::scan`'s report: each thread of a log followed
//! from the line that started it to its exiting line, on a distmgr.log and
//! a PkgXferMgr.log of `tests/data/scenarios/cm-*` and on a log that reuses
//! a thread ID.

use kbwiz_engine::api;
use kbwiz_engine::kb::Kb;

mod scenario;
use scenario::inputs;

/// `(thread, first line, last line, started, exited, entries, lines)`.
type Story = (
    u32,
    usize,
    usize,
    Option<usize>,
    Option<usize>,
    usize,
    usize,
);

fn stories(files: &[(String, Vec<u8>)], input: &str) -> Vec<Story> {
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let scan = api::scan(&refs, Kb::embedded());
    scan.threads
        .iter()
        .filter(|s| s.input.ends_with(input))
        .map(|s| {
            (
                s.thread,
                s.first_line,
                s.last_line,
                s.started,
                s.exited,
                s.entries,
                s.lines,
            )
        })
        .collect()
}

#[test]
fn package_processing_threads_from_start_to_exit() {
    let files = inputs(&["cm-dcv-reassigned"]);
    assert_eq!(
        stories(&files, "distmgr-ps1.log"),
        [
            // SMS_EXECUTIVE's thread, which starts Distribution Manager.
            (2496, 1, 1, None, None, 1, 1),
            // The main thread: started on line 1, never exits.
            (3648, 1, 20, Some(1), None, 8, 8),
            (5636, 2, 3, Some(2), None, 1, 1),
            // Two package processing threads: started by the main thread,
            // their own five lines, exiting.
            (5800, 5, 11, Some(5), Some(11), 5, 5),
            (5816, 13, 19, Some(13), Some(19), 5, 5),
        ]
    );
    let files_json = {
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        serde_json::to_value(api::scan(&refs, Kb::embedded())).expect("json")
    };
    let first = &files_json["threads"][3];
    assert_eq!(first["path"], "cm-dcv-reassigned/distmgr-ps1.log");
    assert_eq!(first["thread"], 5800);
    assert_eq!(first["component"], "SMS_DISTRIBUTION_MANAGER");
    assert_eq!(first["started"], 5);
    assert_eq!(first["exited"], 11);
    assert_eq!(first["first"]["utc"], "2026-11-18T14:05:02Z");
}

#[test]
fn sending_threads_that_announce_their_own_start() {
    let files = inputs(&["cm-hash-clients"]);
    assert_eq!(
        stories(&files, "PkgXferMgr-ps1.log"),
        [
            (2040, 1, 5, None, None, 2, 2),
            (8360, 2, 4, Some(2), None, 3, 3),
            (8368, 6, 8, Some(6), None, 3, 3),
        ]
    );
}

#[test]
fn a_reused_thread_id_has_two_stories() {
    let line = |msg: &str, thread: u32| {
        format!("<![LOG[{msg}]LOG]!><time=\"10:00:00.000+000\" date=\"11-18-2026\" component=\"SMS_DISTRIBUTION_MANAGER\" context=\"\" type=\"1\" thread=\"{thread}\" file=\"\">\n")
    };
    let text = [
        line(
            "Started package processing thread for package 'A', thread ID = 0x10 (16)",
            1,
        ),
        line("Start updating the package A...", 16),
        line("Exiting package processing thread for package A.", 16),
        line(
            "Started package processing thread for package 'B', thread ID = 0x10 (16)",
            1,
        ),
        line("Start updating the package B...", 16),
        // A start announced again before the first story ended.
        line(
            "Started package processing thread for package 'C', thread ID = 0x10 (16)",
            1,
        ),
        line("Start updating the package C...", 16),
    ]
    .concat();
    let files = vec![("reuse.log".to_string(), text.into_bytes())];
    assert_eq!(
        stories(&files, "reuse.log"),
        [
            (1, 1, 6, None, None, 3, 3),
            (16, 1, 3, Some(1), Some(3), 2, 2),
            (16, 4, 5, Some(4), None, 1, 1),
            (16, 6, 7, Some(6), None, 1, 1),
        ]
    );
}
