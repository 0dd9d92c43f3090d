//! Citations stay bounded on large inputs: a step, a finding and a
//! contradiction cite at most `MAX_CITED` lines (the first and the latest
//! halves) and count the rest, so that a 100 MB log does not make a
//! diagnosis, its JSON or its report as large as the log.

use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{diagnose_inputs, Finding, Step, MAX_CITED};

const FULL_FAULT: &str = include_str!("../../../tests/data/scenarios/full-fault/distmgr.log");
/// The full-fault log 40 times over: its three failure messages become 120.
const COPIES: usize = 40;

fn finding(text: &str) -> Finding {
    let diagnosis = diagnose_inputs(&[("distmgr.log", text.as_bytes())], Kb::embedded());
    diagnosis
        .findings
        .into_iter()
        .find(|f| f.article == "Q319207")
        .expect("a Q319207 finding")
}

fn step<'a>(f: &'a Finding, question: &str) -> &'a Step {
    f.steps
        .iter()
        .find(|s| s.question == question)
        .unwrap_or_else(|| panic!("no step {question}"))
}

#[test]
fn long_logs_cite_the_first_and_latest_lines_and_count_the_rest() {
    let small = finding(FULL_FAULT);
    let big = finding(&FULL_FAULT.repeat(COPIES));
    let lines_per_copy = FULL_FAULT.lines().count();
    assert_eq!(big.verdict, small.verdict);
    assert_eq!(big.outcome, small.outcome);
    let path = |f: &Finding| -> Vec<(String, String)> {
        f.steps
            .iter()
            .map(|s| (s.question.clone(), s.label.clone()))
            .collect()
    };
    assert_eq!(path(&big), path(&small));

    // The small log is cited whole.
    let failure = step(&small, "dp_failure");
    assert_eq!((failure.evidence.len(), failure.uncited), (3, 0));

    // 120 failure lines: the first 25 and the latest 25 cited, 70 counted.
    let big_failure = step(&big, "dp_failure");
    assert_eq!(big_failure.evidence.len(), MAX_CITED);
    assert_eq!(big_failure.uncited, COPIES * 3 - MAX_CITED);
    let first = &big_failure.evidence[0];
    assert_eq!(
        (first.line, &first.text),
        (failure.evidence[0].line, &failure.evidence[0].text)
    );
    let last = &big_failure.evidence[MAX_CITED - 1];
    assert_eq!(
        last.line,
        failure.evidence[2].line + (COPIES - 1) * lines_per_copy
    );
    assert_eq!(last.text, failure.evidence[2].text);
    // Cited lines stay in input order across the cut.
    let lines: Vec<usize> = big_failure.evidence.iter().map(|e| e.line).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");

    // A step backed by a few lines is not cut.
    let retried = step(&big, "retried");
    assert_eq!((retried.evidence.len(), retried.uncited), (3, 0));

    // Nine fan-out lines per copy: 360, of which 50 cited.
    let fan_out = step(&big, "fan_out");
    assert_eq!(step(&small, "fan_out").evidence.len(), 9);
    assert_eq!(
        (fan_out.evidence.len(), fan_out.uncited),
        (MAX_CITED, COPIES * 9 - MAX_CITED)
    );

    // The finding cites at most MAX_CITED of all the lines the path used.
    assert_eq!(small.uncited, 0);
    assert_eq!(big.evidence.len(), MAX_CITED);
    // The retried lines are failure lines: the path uses 3 + 9 lines a copy.
    assert_eq!(small.evidence.len(), 12);
    assert_eq!(big.evidence.len() + big.uncited, COPIES * 12);
}

#[test]
fn the_report_says_where_a_long_list_was_cut() {
    let text = FULL_FAULT.repeat(COPIES);
    let diagnosis = diagnose_inputs(&[("distmgr.log", text.as_bytes())], Kb::embedded());
    let md = kbwiz_engine::remedy::report_markdown(&diagnosis, Kb::embedded());
    // The failure step, the fan-out step, and the finding's evidence list.
    assert_eq!(md.matches("   - ... 70 more lines ...\n").count(), 1);
    assert_eq!(md.matches("   - ... 310 more lines ...\n").count(), 1);
    assert_eq!(md.matches("\n- ... 430 more lines ...\n").count(), 1);
}
