//! The open KB vocabulary end to end: articles that declare fields and log
//! lines (Q319189, Q324204), registry value rules and value-setting
//! remediation (Q235184), the triage across articles, and the validator's
//! errors for the new elements. Inputs are the scenarios under
//! `tests/data/scenarios/` written by `make_vocab.py`.

use kbwiz_engine::api::{self};
use kbwiz_engine::evidence::{Fact, RegData};
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::{Article, Kb, Step};
use kbwiz_engine::remedy::{cleanup_reg, RegForm};
use kbwiz_engine::tree::Source;

mod scenario;
use scenario::{diagnose, finding, inputs, not_assessed_in, ranked_in, top};

/// `(article, verdict, outcome)` of every finding, in report order.
/// The articles these tests are about. Other articles of the library read
/// the same logs too; the lists below are held exact for these, and each
/// test that says an article ranks first checks it against all of them.
const FAMILY: [&str; 6] = [
    "Q235184", "Q244405", "Q264171", "Q319189", "Q319207", "Q324204",
];

#[test]
fn the_loop_in_an_sms_log_confirms_q319189_first() {
    let d = diagnose(&["q319189-loop"]);
    assert_eq!(top(&d), "Q319189");
    // Q244405 reads the same log: no deletion in it, so it cannot tell.
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q319189", Verdict::Confirmed, Some("confirmed")),
            (
                "Q244405",
                Verdict::InsufficientEvidence,
                Some("no_deletion")
            ),
        ]
    );
    assert_eq!(
        not_assessed_in(&d, &FAMILY),
        ["Q235184", "Q264171", "Q319207", "Q324204"]
    );
    let f = &d.findings[0];
    let path: Vec<(&str, &str)> = f
        .steps
        .iter()
        .map(|s| (s.question.as_str(), s.label.as_str()))
        .collect();
    assert_eq!(
        path,
        [
            ("fixed", "unknown"),
            ("removed_site", "yes"),
            ("looping", "yes")
        ]
    );
    // 31 rounds of the loop over three days: the SQL message of each (line
    // 10 in the first round) and each round's incoming file line.
    assert_eq!(f.evidence.len() + f.uncited, 62);
    let first: Vec<(&str, usize)> = f
        .evidence
        .iter()
        .take(2)
        .map(|e| (e.kind.as_str(), e.line))
        .collect();
    assert_eq!(first, [("log_line", 6), ("log_line", 10)]);
    assert_eq!(
        f.evidence[1].text,
        "SQL Msg #99901> This SiteCode (PR9) does not exist in the parent table, Sites."
    );
    let values: Vec<(&str, Vec<&str>)> = f
        .values
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            (
                "pkg_file",
                vec![r"C:\SMS\inboxes\distmgr.box\INCOMING\K7Q2M4ZD.PKG"]
            ),
            ("sql_msg", vec!["99901"]),
            ("site", vec!["PR9"]),
        ]
    );
    // The workaround names the file from the log, and the removed site.
    assert_eq!(
        f.remediation[0].steps[1],
        Step::Command {
            text: "From a command prompt on the site server:".into(),
            command: r#"del "C:\SMS\inboxes\distmgr.box\INCOMING\K7Q2M4ZD.PKG""#.into(),
        }
    );
    assert_eq!(
        f.remediation[0].steps[2],
        Step::Note {
            text: "The site the update fails on is PR9, which is no longer in the hierarchy."
                .into()
        }
    );
}

#[test]
fn the_loop_in_a_cmtrace_log_reads_the_same() {
    let sms = diagnose(&["q319189-loop"]);
    let cm = diagnose(&["q319189-cmtrace"]);
    assert_eq!(ranked_in(&cm, &FAMILY), ranked_in(&sms, &FAMILY));
    assert_eq!(cm.findings[0].values, sms.findings[0].values);
    assert_eq!(cm.findings[0].evidence.len() + cm.findings[0].uncited, 62);
    assert_eq!(cm.findings[0].evidence[1].line, 10);
}

#[test]
fn the_articles_own_paste_reads_its_lines_but_not_the_repetition() {
    let d = diagnose(&["q319189-paste"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [("Q319189", Verdict::Likely, Some("likely"))]
    );
    let f = &d.findings[0];
    // No times and no component log: the loop cannot be read, so `unknown`.
    let labels: Vec<&str> = f.steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["unknown", "yes", "unknown"]);
    let lines: Vec<(usize, &str)> = f
        .evidence
        .iter()
        .map(|e| (e.line, e.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [(
            7,
            "SQL Msg #99901> This SiteCode (PR9) does not exist in the parent table, Sites."
        )]
    );
    // The scan's log-line facts: each with its captures and line range.
    let files = inputs(&["q319189-paste"]);
    let scan = api::scan(
        &[(files[0].0.as_str(), files[0].1.as_slice())],
        Kb::embedded(),
    );
    type Seen = (usize, usize, String, Vec<(String, String)>);
    let got: Vec<Seen> = scan
        .evidence
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::LogLine(l) => Some((
                e.line,
                l.last_line,
                l.log_line.to_string(),
                l.captures
                    .iter()
                    .map(|c| (c.name.to_string(), c.value.clone()))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let cap = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        got,
        [
            (
                3,
                3,
                "incoming_pkg".into(),
                cap(&[(
                    "pkg_file",
                    r"C:\SMS\inboxes\distmgr.box\INCOMING\K7Q2M4ZD.PKG"
                )])
            ),
            (
                7,
                8,
                "site_not_in_parent".into(),
                cap(&[("sql_msg", "99901"), ("site", "PR9")])
            ),
            (
                9,
                11,
                "server_not_updated".into(),
                cap(&[
                    (
                        "server",
                        r#"["Display=\\PR9SRV01\"]MSWNET:["SMS_SITE=PR9"]\\PR9SRV01\"#
                    ),
                    ("package", "CEN00034"),
                    ("error", "3"),
                ])
            ),
        ]
    );
}

#[test]
fn a_healthy_distribution_manager_log_rules_q319189_out_by_absence() {
    let d = diagnose(&["q319189-healthy"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q319189", Verdict::RuledOut, Some("no_removed_site")),
            (
                "Q244405",
                Verdict::InsufficientEvidence,
                Some("no_deletion")
            ),
        ]
    );
    let step = &finding(&d, "Q319189").steps[1];
    assert_eq!(step.question, "removed_site");
    assert_eq!(step.source, Source::Evidence { by_absence: true });
    assert_eq!(
        step.why,
        "no line site_not_in_parent logged in q319189-healthy/distmgr.log (90 entries of SMS_DISTRIBUTION_MANAGER)"
    );
}

#[test]
fn the_q324204_file_table_rules_q319189_out() {
    let listing = b"Basesvr.dll  2.0.1493.3269  I386\r\nColleval.dll  2.0.1493.3246  I386\r\n";
    let files = inputs(&["q319189-loop"]);
    let mut refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    refs.push(("versions.txt", listing));
    let d = api::diagnose(&refs, Kb::embedded());
    let q319189 = d
        .findings
        .iter()
        .find(|f| f.article == "Q319189")
        .expect("assessed");
    assert_eq!(
        (q319189.verdict, q319189.outcome.as_deref()),
        (Verdict::RuledOut, Some("fix_installed"))
    );
    let old = b"Basesvr.dll  2.0.1493.3200  I386\r\n";
    refs.pop();
    refs.push(("versions.txt", old));
    let d = api::diagnose(&refs, Kb::embedded());
    assert_eq!(d.findings[0].article, "Q319189");
    assert_eq!(d.findings[0].verdict, Verdict::Confirmed);
    assert_eq!(d.findings[0].steps[0].label, "no");
    assert_eq!(
        d.findings[0].steps[0].why,
        "below Q324204's file table: Basesvr.dll 2.0.1493.3200 (needs 2.0.1493.3269)"
    );
}

#[test]
fn q235184_reads_the_registry_value_and_its_default() {
    let d = diagnose(&["q235184-default"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [("Q235184", Verdict::Likely, Some("likely"))]
    );
    assert_eq!(
        not_assessed_in(&d, &FAMILY),
        ["Q244405", "Q264171", "Q319189", "Q319207", "Q324204"]
    );
    assert_eq!(
        d.findings[0].steps[0].why,
        "value Reserved Flags of HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER is missing, which means dword 0: fails equals 1"
    );
    let d = diagnose(&["q235184-overwrite"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [("Q235184", Verdict::RuledOut, Some("overwrite_on"))]
    );
}

/// The generated .reg sets the value, and kbwiz's own .reg parser reads
/// back exactly that value, in both regedit forms.
#[test]
fn the_set_value_reg_round_trips_through_the_reg_parser() {
    let d = diagnose(&["q235184-default"]);
    let article = Kb::embedded().article("Q235184").expect("embedded");
    for form in [RegForm::Regedit4, RegForm::Version5] {
        let reg = cleanup_reg(&d.findings[0], article, form).expect("a .reg");
        assert_eq!(
            reg.keys,
            ["HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER"]
        );
        let parsed = kbwiz_engine::parse::parse_input("fix.reg", &reg.bytes);
        assert_eq!(parsed.report.problems, []);
        let keys: Vec<_> = parsed
            .evidence
            .iter()
            .filter_map(|e| match &e.fact {
                Fact::RegistryKey(k) => Some(k),
                _ => None,
            })
            .collect();
        assert_eq!(keys.len(), 1, "{form:?}");
        assert_eq!(keys[0].path, reg.keys[0]);
        assert!(!keys[0].deleted);
        assert_eq!(keys[0].values.len(), 1);
        assert_eq!(keys[0].values[0].name, "Reserved Flags");
        assert_eq!(keys[0].values[0].data, RegData::Dword(1));
        // Fed back as evidence, the value now rules the article out.
        let back = api::diagnose(&[("fix.reg", &reg.bytes)], Kb::embedded());
        assert_eq!(
            ranked_in(&back, &FAMILY),
            [("Q235184", Verdict::RuledOut, Some("overwrite_on"))]
        );
    }
}

#[test]
fn q324204_reads_the_collection_evaluator_log() {
    let d = diagnose(&["q324204-timeout"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [("Q324204", Verdict::Confirmed, Some("confirmed"))]
    );
    let counted = &d.findings[0].steps[2];
    assert_eq!(counted.why, "36 occurrences of line waiting_sql");
}

/// Q319207's scenarios keep their verdicts with the other articles in the
/// KB, Q319207 ranks first where it is confirmed or likely, and Q319189
/// is ruled out by absence wherever a Distribution Manager log is given.
#[test]
fn q319207_scenarios_rank_q319207_first() {
    scenario::q319207_scenarios();
    let d = diagnose(&["full-fault"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q319207", Verdict::Confirmed, Some("confirmed")),
            ("Q319189", Verdict::RuledOut, Some("no_removed_site")),
            (
                "Q244405",
                Verdict::InsufficientEvidence,
                Some("no_deletion")
            ),
        ]
    );
    assert_eq!(
        not_assessed_in(&d, &FAMILY),
        ["Q235184", "Q264171", "Q324204"]
    );
}

/// Nothing an article can read: it is not assessed, never a finding.
#[test]
fn inputs_that_say_nothing_assess_nothing() {
    let d = api::diagnose(&[("notes.txt", b"nothing to see here")], Kb::embedded());
    assert_eq!(ranked_in(&d, &FAMILY), []);
    assert_eq!(
        not_assessed_in(&d, &FAMILY),
        ["Q235184", "Q244405", "Q264171", "Q319189", "Q319207", "Q324204"]
    );
    let q319189 = d.not_assessed.iter().find(|n| n.article == "Q319189");
    assert_eq!(
        q319189.map(|n| n.wants.clone()),
        Some(vec![
            "a file version listing of the files in Q324204's hotfix".to_string()
        ])
    );
}

/// Two likely findings: the triage names what would tell them apart.
#[test]
fn two_likely_articles_are_separated_by_an_artefact() {
    let d = diagnose(&["q235184-default", "q319189-paste"]);
    // Alike in strength (one line each, nothing read from absence): by ID.
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q235184", Verdict::Likely, Some("likely")),
            ("Q319189", Verdict::Likely, Some("likely")),
        ]
    );
    assert_eq!(d.separations.len(), 1);
    let s = &d.separations[0];
    assert_eq!(s.articles, ["Q235184".to_string(), "Q319189".to_string()]);
    assert_eq!(
        s.artefact.as_deref(),
        Some("Your answer: whether two packages share one distribution point folder and an update wipes the other's files")
    );
    assert_eq!(
        s.question,
        "Q235184: Does updating one package remove files that another package put into the same distribution point folder?"
    );
}

const ARTICLE: &str = r#"{"id": "T1", "title": "t", "product": "p", "versions": [], "keywords": [],
    "last_modified": "2020-01-01", "symptoms": {"section": "S", "summary": ""},
    "cause": {"section": "S", "summary": ""}}"#;

fn article(messages: &str, tree: &str) -> Result<Article, String> {
    Article::from_files(
        "mem/T1",
        &[
            ("article.md", "# S\n"),
            ("article.json", ARTICLE),
            ("messages.json", messages),
            ("tree.json", tree),
        ],
    )
    .map_err(|e| e.to_string())
}

const OUTCOME_TREE: &str = r#"{"start": "o", "nodes": [{"type": "outcome", "id": "o",
    "title": "t", "verdict": "insufficient_evidence", "summary": ""}]}"#;

#[test]
fn bad_patterns_and_references_name_file_and_json_path() {
    let bad = r#"{"fields": [{"name": "n", "kind": "number"}],
        "log_lines": [
            {"id": "a", "component": "C", "pattern": "<n> leads", "proves": "", "role": "info"},
            {"id": "b", "component": "C", "pattern": "x <m>", "proves": "", "role": "info"},
            {"id": "b", "component": "", "pattern": "x <n><n>", "proves": "", "role": "info"}
        ]}"#;
    let err = article(bad, OUTCOME_TREE).expect_err("invalid");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "mem/T1/messages.json: log_lines[0].pattern: a line pattern may not start with a placeholder: matching would have to try every position",
            "mem/T1/messages.json: log_lines[1].pattern: placeholder <m> is not one any extractor fills (known: <package ID>, <package name>, <package source>, <Distribution Point location>, <site code>)",
            "mem/T1/messages.json: log_lines[2].id: duplicate log line \"b\"",
            "mem/T1/messages.json: log_lines[2].component: empty: component",
            "mem/T1/messages.json: log_lines[2].pattern: placeholders <n> and <n> follow each other with no text between, so they cannot be told apart",
        ]
    );
    let good = r#"{"fields": [{"name": "n", "kind": "number"}],
        "log_lines": [{"id": "a", "component": "C", "pattern": "got <n> items", "proves": "", "role": "info"}]}"#;
    let tree = r#"{"start": "q", "nodes": [
        {"type": "question", "id": "q", "text": "?", "kind": {"type": "yes_no"},
         "evidence": [{"rule": "lines_repeated", "lines": ["a", "z"], "per": "m", "at_least": 2, "min_gap_minutes": 1}],
         "next": {"yes": "o", "no": "o"}},
        {"type": "outcome", "id": "o", "title": "t", "verdict": "insufficient_evidence", "summary": ""}]}"#;
    let err = article(good, tree).expect_err("invalid");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "mem/T1/tree.json: nodes[0].evidence[0].lines[1]: unknown log line \"z\"",
            "mem/T1/tree.json: nodes[0].evidence[0].per: field m is filled by no slot of the lines a, z",
        ]
    );
}

/// An article's status message with declared fields, counted by one of them.
fn sender_article(id: &str, template: &str, fields: &str, distinct: &str) -> Vec<(String, String)> {
    let article = ARTICLE.replace("\"T1\"", &format!("\"{id}\""));
    let messages = format!(
        r#"{{"fields": {fields}, "status_messages": [{{"id": 9100, "component": "SMS_LAN_SENDER",
            "template": "{template}", "proves": "", "role": "failure"}}]}}"#
    );
    let tree = format!(
        r#"{{"start": "q", "nodes": [
        {{"type": "question", "id": "q", "text": "?", "kind": {{"type": "number", "threshold": 2}},
         "evidence": [{{"rule": "count", "ids": [9100], "distinct": "{distinct}"}}],
         "next": {{"at_least": "many", "below": "few"}}}},
        {{"type": "outcome", "id": "many", "title": "t", "verdict": "ruled_out", "summary": ""}},
        {{"type": "outcome", "id": "few", "title": "t", "verdict": "ruled_out", "summary": ""}}]}}"#
    );
    vec![
        ("article.md".into(), "# S\n".into()),
        ("article.json".into(), article),
        ("messages.json".into(), messages),
        ("tree.json".into(), tree),
    ]
}

fn statmsg(peer: &str, link: &str, minute: u32) -> String {
    format!(
        "STATMSG: ID=9100 SEV=E LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_LAN_SENDER\" SYS=CENTRAL01 SITE=CEN PID=1 TID=2 GMTDATE=Mon Jun 07 16:{minute:02}:00.000 2004 ISTR0=\"{peer}\" ISTR1=\"{link}\" NUMATTRS=0  $$<SMS_LAN_SENDER><Mon Jun 07 09:{minute:02}:00.000 2004 Pacific Daylight Time><thread=2 (0x2)>\r\n"
    )
}

/// Two articles define message 9100 with their own templates and fields:
/// each counts by its own reading of the insertion strings.
#[test]
fn rules_count_by_declared_fields_with_each_articles_template() {
    let t1 = sender_article(
        "T1",
        "Sender could not reach site <peer> over <link>",
        r#"[{"name": "peer", "kind": "site_code"}, {"name": "link", "kind": "text"}]"#,
        "peer",
    );
    let t2 = sender_article(
        "T2",
        "Link <wire> to <far site> is down",
        r#"[{"name": "wire", "kind": "text"}, {"name": "far site", "kind": "text"}]"#,
        "far site",
    );
    fn refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect()
    }
    let (r1, r2) = (refs(&t1), refs(&t2));
    let kb =
        Kb::from_files(&[("mem/T1", r1.as_slice()), ("mem/T2", r2.as_slice())]).expect("valid");
    let defined: Vec<(&str, &str)> = kb
        .messages(9100)
        .map(|(a, m)| (a.id(), m.template.as_str()))
        .collect();
    assert_eq!(
        defined,
        [
            ("T1", "Sender could not reach site <peer> over <link>"),
            ("T2", "Link <wire> to <far site> is down"),
        ]
    );
    let log = [
        statmsg("PR1", "LAN", 1),
        statmsg("PR2", "LAN", 2),
        statmsg("PR1", "LAN", 3),
    ]
    .concat();
    let d = api::diagnose(&[("sender.log", log.as_bytes())], &kb);
    let whys: Vec<(&str, &str, &str)> = d
        .findings
        .iter()
        .map(|f| {
            (
                f.article.as_str(),
                f.outcome.as_deref().unwrap_or(""),
                f.steps[0].why.as_str(),
            )
        })
        .collect();
    assert_eq!(
        whys,
        [
            ("T1", "many", "2 distinct peer values of message 9100"),
            ("T2", "few", "1 distinct far site value of message 9100"),
        ]
    );
}

#[test]
fn q244405_reads_a_reported_deletion_and_asks_about_the_copy() {
    let d = diagnose(&["q244405-deleted"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q244405", Verdict::Likely, Some("likely")),
            ("Q319189", Verdict::RuledOut, Some("no_removed_site")),
        ]
    );
    let f = &d.findings[0];
    let lines: Vec<(usize, &str)> = f
        .evidence
        .iter()
        .map(|e| (e.line, e.text.as_str()))
        .collect();
    assert_eq!(lines, [(25, "Successfully deleted the package CEN00041")]);
    assert_eq!(f.packages, ["CEN00041"]);
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Text {
            text: "On each child primary site, delete the compressed copy of package CEN00041 that Distribution Manager left behind.".into()
        }
    );
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("copy_remains")
    );
}

#[test]
fn q264171_reads_message_3400_with_its_own_insertion_order() {
    let d = diagnose(&["q264171-noaddress"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [("Q264171", Verdict::Likely, Some("likely"))]
    );
    // Q212937 reads the same messages to the same verdict: the two tie, and
    // the triage names what tells them apart (the parent's service pack).
    assert_eq!(top(&d), "Q212937");
    let pair = d
        .separations
        .iter()
        .find(|s| s.articles.contains(&"Q264171".to_string()))
        .expect("a separation for Q264171");
    assert_eq!(
        pair.articles,
        ["Q212937".to_string(), "Q264171".to_string()]
    );
    let f = finding(&d, "Q264171");
    // 24 hourly messages; %1 (ISTR0) is the removed site, %2 the parent.
    assert_eq!(f.evidence.len() + f.uncited, 24);
    let values: Vec<(&str, Vec<&str>)> = f
        .values
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [("parent site", vec!["CEN"]), ("removed site", vec!["SX1"])]
    );
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Command {
            text: "On the parent site server (Preinst.exe is in the SMS Resource Kit and the CD's supportability files):".into(),
            command: "Preinst /DELJOB:SX1".into(),
        }
    );
    // The scheduler's log without the message rules the article out.
    let d = diagnose(&["q264171-healthy"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [("Q264171", Verdict::RuledOut, Some("no_message"))]
    );
}

/// An article whose one question is answered by `rule` (JSON), with a
/// registry key, a number field and a log line to refer to.
fn rule_article(kind: &str, rule: &str) -> Kb {
    let messages = r#"{"fields": [{"name": "n", "kind": "number"}, {"name": "v", "kind": "version"}],
        "log_lines": [{"id": "build", "component": "SMS_EXECUTIVE", "pattern": "Running build <v> with <n> threads", "proves": "", "role": "info"}]}"#;
    let registry =
        r#"{"keys": [{"id": "k", "path": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test", "meaning": ""}]}"#;
    let tree = format!(
        r#"{{"start": "q", "nodes": [
        {{"type": "question", "id": "q", "text": "?", "kind": {kind}, "evidence": [{rule}],
         "next": {{"yes": "a", "no": "b", "at_least": "a", "below": "b"}}}},
        {{"type": "outcome", "id": "a", "title": "t", "verdict": "ruled_out", "summary": ""}},
        {{"type": "outcome", "id": "b", "title": "t", "verdict": "insufficient_evidence", "summary": ""}}]}}"#
    );
    let tree = if kind.contains("yes_no") {
        tree.replace(r#", "at_least": "a", "below": "b""#, "")
    } else {
        tree.replace(r#""yes": "a", "no": "b", "#, "")
    };
    let files = [
        ("article.md", "# S\n"),
        ("article.json", ARTICLE),
        ("messages.json", messages),
        ("registry.json", registry),
        ("tree.json", tree.as_str()),
    ];
    Kb::from_files(&[("mem/T1", &files[..])]).unwrap_or_else(|e| panic!("{e}"))
}

/// The first step's (label, why) on `input`, or `None` when evidence
/// does not answer.
fn first_step(kb: &Kb, input: &[u8]) -> Option<(String, String)> {
    let d = api::diagnose(&[("in.txt", input)], kb);
    let f = d.findings.first()?;
    f.steps
        .first()
        .filter(|s| matches!(s.source, Source::Evidence { .. }))
        .map(|s| (s.label.clone(), s.why.clone()))
}

#[test]
fn registry_value_tests_bits_bounds_and_defaults() {
    let reg = |value: &str| {
        format!("REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n{value}\r\n")
    };
    let yes_no = r#"{"type": "yes_no"}"#;
    let bit = rule_article(
        yes_no,
        r#"{"rule": "registry_value", "key": "k", "value": "Flags", "test": {"has_bit": 4}}"#,
    );
    assert_eq!(
        first_step(&bit, reg("\"Flags\"=dword:00000006").as_bytes())
            .map(|s| s.0)
            .as_deref(),
        Some("yes")
    );
    assert_eq!(
        first_step(&bit, reg("\"Flags\"=dword:00000003").as_bytes()),
        Some((
            "no".to_string(),
            "value Flags of HKEY_LOCAL_MACHINE\\SOFTWARE\\Test is dword 3: fails has bit 0x4"
                .to_string()
        ))
    );
    // Missing, with no stated default: no answer. A string cannot have bits.
    assert_eq!(
        first_step(&bit, reg("\"Other\"=dword:00000004").as_bytes()),
        None
    );
    assert_eq!(first_step(&bit, reg("\"Flags\"=\"4\"").as_bytes()), None);
    let at_least = rule_article(
        yes_no,
        r#"{"rule": "registry_value", "key": "k", "value": "Limit", "test": {"at_least": 3}, "missing_means": 5}"#,
    );
    assert_eq!(
        first_step(&at_least, reg("\"Limit\"=dword:00000002").as_bytes())
            .map(|s| s.0)
            .as_deref(),
        Some("no")
    );
    assert_eq!(
        first_step(&at_least, reg("\"Other\"=dword:00000001").as_bytes()),
        Some((
            "yes".to_string(),
            "value Limit of HKEY_LOCAL_MACHINE\\SOFTWARE\\Test is missing, which means dword 5: passes at least 3".to_string()
        ))
    );
    let text = rule_article(
        yes_no,
        r#"{"rule": "registry_value", "key": "k", "value": "", "test": {"equals": "On"}}"#,
    );
    assert_eq!(
        first_step(&text, reg("@=\"on\"").as_bytes())
            .map(|s| s.0)
            .as_deref(),
        Some("yes")
    );
}

#[test]
fn line_value_answers_numbers_and_versions_from_the_latest_line() {
    let log = "Running build 2.0.1493.3000 with 4 threads  $$<SMS_EXECUTIVE><Mon Jun 07 09:05:12.201 2004 Pacific Daylight Time><thread=1 (0x1)>\r\n\
               Running build 2.0.1493.3300 with 2 threads  $$<SMS_EXECUTIVE><Mon Jun 07 10:05:12.201 2004 Pacific Daylight Time><thread=1 (0x1)>\r\n";
    let number = rule_article(
        r#"{"type": "number", "threshold": 3}"#,
        r#"{"rule": "line_value", "line": "build", "field": "n"}"#,
    );
    assert_eq!(
        first_step(&number, log.as_bytes()),
        Some((
            "below".to_string(),
            "n is 2 in the latest line build".to_string()
        ))
    );
    let version = rule_article(
        r#"{"type": "version", "threshold": "2.0.1493.3257"}"#,
        r#"{"rule": "line_value", "line": "build", "field": "v"}"#,
    );
    assert_eq!(
        first_step(&version, log.as_bytes()),
        Some((
            "at_least".to_string(),
            "v is 2.0.1493.3300 in the latest line build".to_string()
        ))
    );
}

proptest::proptest! {
    /// Any pattern text and any line: compiling and matching never panic,
    /// and a match's values are never empty.
    #[test]
    fn patterns_never_panic(pattern in "\\PC{0,40}", line in "\\PC{0,200}") {
        let fields = [kbwiz_engine::kb::FieldDef {
            name: "n".into(),
            kind: kbwiz_engine::kb::FieldKind::Number,
            about: String::new(),
            insertion: None,
        }];
        if let Ok(p) = kbwiz_engine::kb::Pattern::compile(&pattern, &fields) {
            if let Some(found) = p.find(&line) {
                proptest::prop_assert!(found.iter().all(|(_, v)| !v.is_empty()));
            }
        }
    }
}

/// A `file_fixed` rule naming another article names one the KB holds,
/// with a file table: the check an article alone cannot make.
#[test]
fn cross_article_file_tables_exist() {
    let kb = Kb::embedded();
    let mut named = Vec::new();
    for a in kb.articles() {
        for node in &a.tree.nodes {
            let kbwiz_engine::kb::tree::Node::Question(q) = node else {
                continue;
            };
            for rule in &q.evidence {
                if let kbwiz_engine::kb::tree::Rule::FileFixed {
                    article: Some(other),
                } = rule
                {
                    let table = kb.article(other).map_or(0, |t| t.files.rows.len());
                    named.push((a.id().to_string(), other.clone(), table));
                }
            }
        }
    }
    assert!(
        named.contains(&("Q319189".to_string(), "Q324204".to_string(), 14)),
        "{named:?}"
    );
    assert!(named.iter().all(|(_, _, rows)| *rows > 0), "{named:?}");
}

#[test]
fn an_insertion_string_past_istr9_is_refused() {
    let messages = r#"{"fields": [{"name": "n", "kind": "number", "insertion": 10}]}"#;
    assert_eq!(
        article(messages, OUTCOME_TREE).expect_err("invalid"),
        "mem/T1/messages.json: fields[0].insertion: status messages carry insertion strings 0 to 9 (ISTR0..ISTR9)"
    );
}

/// A REG_SZ value with quotes and backslashes, and a default value, set
/// under a key whose path takes a field from the evidence: the .reg reads
/// back through kbwiz's own parser to exactly those values.
#[test]
fn string_values_round_trip_under_a_key_named_from_evidence() {
    let messages = r#"{"fields": [{"name": "site", "kind": "site_code"}],
        "log_lines": [{"id": "gone", "component": "SMS_SCHEDULER", "pattern": "Site <site> is gone", "proves": "", "role": "failure"}]}"#;
    let registry = r#"{"keys": [{"id": "k", "path": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\<site>", "meaning": ""}]}"#;
    let remediation = r#"{"entries": [{"id": "r", "kind": "fix", "title": "t", "summary": "",
        "steps": [{"type": "text", "text": "Import the .reg file."}],
        "set_values": [
            {"key": "k", "value": "Note", "data": "say \"hi\" in C:\\Temp\\x"},
            {"key": "k", "value": "", "data": "default"}
        ]}]}"#;
    let tree = r#"{"start": "q", "nodes": [
        {"type": "question", "id": "q", "text": "?", "kind": {"type": "yes_no"},
         "evidence": [{"rule": "lines_seen", "lines": ["gone"]}], "next": {"yes": "o", "no": "o"}},
        {"type": "outcome", "id": "o", "title": "t", "verdict": "confirmed", "summary": "", "remediation": ["r"]}]}"#;
    let files = [
        ("article.md", "# S\n"),
        ("article.json", ARTICLE),
        ("messages.json", messages),
        ("registry.json", registry),
        ("remediation.json", remediation),
        ("tree.json", tree),
    ];
    let kb = Kb::from_files(&[("mem/T1", &files[..])]).unwrap_or_else(|e| panic!("{e}"));
    let log = "Site PR7 is gone  $$<SMS_SCHEDULER><Mon Jun 07 09:05:12.201 2004 Pacific Daylight Time><thread=1 (0x1)>\r\n";
    let d = api::diagnose(&[("sched.log", log.as_bytes())], &kb);
    let article = kb.article("T1").expect("loaded");
    for form in [RegForm::Regedit4, RegForm::Version5] {
        let reg = cleanup_reg(&d.findings[0], article, form).expect("a .reg");
        assert_eq!(
            reg.keys,
            [
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\PR7",
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\PR7"
            ]
        );
        let parsed = kbwiz_engine::parse::parse_input("fix.reg", &reg.bytes);
        assert_eq!(parsed.report.problems, []);
        let values: Vec<(String, String, RegData)> = parsed
            .evidence
            .iter()
            .filter_map(|e| match &e.fact {
                Fact::RegistryKey(k) => Some(k),
                _ => None,
            })
            .flat_map(|k| {
                k.values
                    .iter()
                    .map(|v| (k.path.clone(), v.name.clone(), v.data.clone()))
            })
            .collect();
        assert_eq!(
            values,
            [
                (
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\PR7".to_string(),
                    "Note".to_string(),
                    RegData::String("say \"hi\" in C:\\Temp\\x".into())
                ),
                (
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\PR7".to_string(),
                    String::new(),
                    RegData::String("default".into())
                ),
            ],
            "{form:?}"
        );
    }
}
