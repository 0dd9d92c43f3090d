//! Placeholders pasted from an article's own text (`<package ID>`,
//! `<SITE CODE>`, `...\Retry History\<package ID>`) are never read as data:
//! no fact carries one as a package ID, site, name, path or key, the problem
//! is reported with its line, the diagnosis of such a paste is not
//! `confirmed`, and no clean-up .reg names a placeholder key.

use kbwiz_engine::evidence::{enrich, Evidence, Fact, Problem, StatusMessage, StatusOrigin};
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse::parse_input;
use kbwiz_engine::remedy::{cleanup_reg, strongest_cleanup, RegError, RegForm};
use kbwiz_engine::tree::{diagnose, diagnose_inputs, Diagnosis, Finding};

const KEY: &str = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\";

fn data(rel: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/data/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn diagnosis(inputs: &[(&str, Vec<u8>)]) -> Diagnosis {
    let refs: Vec<(&str, &[u8])> = inputs.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    diagnose_inputs(&refs, Kb::embedded())
}

fn q319207(findings: &[Finding]) -> &Finding {
    findings
        .iter()
        .find(|f| f.article == "Q319207")
        .expect("Q319207 finding")
}

fn status(e: &Evidence) -> &StatusMessage {
    match &e.fact {
        Fact::StatusMessage(m) => m,
        other => panic!("line {}: not a status message: {other:?}", e.line),
    }
}

/// Does `v` look like an article's placeholder (`<...>`)?
fn angled(v: &str) -> bool {
    let v = v.trim();
    v.starts_with('<') && v.ends_with('>')
}

fn problem(line: usize, message: &str) -> Problem {
    Problem {
        line,
        message: message.to_owned(),
    }
}

fn in_message(placeholder: &str, what: &str) -> String {
    format!(
        "`{placeholder}` is a placeholder from an article's text, not {what}; the message is read without it"
    )
}

#[test]
fn article_paste_reports_each_placeholder_with_its_line() {
    let parsed = parse_input(
        "article-placeholders.txt",
        &data("parse/article-placeholders.txt"),
    );
    let expected = vec![
        problem(4, &in_message("<package ID>", "a package ID")),
        problem(4, &in_message("<package source>", "a package source path")),
        problem(
            4,
            &in_message("<Distribution Point location>", "a distribution point path"),
        ),
        problem(8, &in_message("<package name>", "a package name")),
        problem(8, &in_message("<package ID>", "a package ID")),
        problem(11, &in_message("<PACKAGE ID>", "a package ID")),
        problem(12, &in_message("<SITE CODE>", "a site code")),
        problem(
            19,
            "`<package ID>` is a placeholder from an article's text, not a registry key name; key and its values skipped",
        ),
        problem(22, &in_message("<site code>", "a site code")),
        problem(22, &in_message("<server>", "a server name")),
        problem(22, &in_message("<package ID>", "a package ID")),
        problem(22, &in_message("<package source>", "a package source path")),
        problem(
            22,
            &in_message("<Distribution Point location>", "a distribution point path"),
        ),
        problem(24, &in_message("<site code>", "a site code")),
        problem(24, &in_message("<server>", "a server name")),
        problem(24, &in_message("<package ID>", "a package ID")),
    ];
    assert_eq!(parsed.report.problems, expected);
    // The messages are kept (their IDs were seen), the key is not.
    let facts: Vec<(usize, u32, Option<StatusOrigin>)> = parsed
        .evidence
        .iter()
        .map(|e| {
            let m = status(e);
            (e.line, m.id, m.origin)
        })
        .collect();
    assert_eq!(
        facts,
        [
            (3, 2328, Some(StatusOrigin::MessageIdLine)),
            (7, 2302, Some(StatusOrigin::MessageIdLine)),
            (10, 2339, Some(StatusOrigin::MessageIdLine)),
            (22, 2328, Some(StatusOrigin::ViewerExport)),
            (24, 2339, Some(StatusOrigin::Statmsg)),
        ]
    );
    assert_eq!(parsed.report.keys, Some(0));
}

#[test]
fn no_fact_carries_a_placeholder_as_a_value() {
    let mut evidence = parse_input(
        "article-placeholders.txt",
        &data("parse/article-placeholders.txt"),
    )
    .evidence;
    enrich(&mut evidence, Kb::embedded());
    for e in &evidence {
        let m = status(e);
        let fields = [
            &m.package_id,
            &m.package_name,
            &m.package_source,
            &m.dp_path,
            &m.child_site,
            &m.site,
            &m.system,
        ];
        for v in fields.into_iter().flatten() {
            assert!(!angled(v), "line {}: {v:?} kept as a value", e.line);
        }
        for (id, v) in &m.attributes {
            assert!(!angled(v), "line {}: attribute {id} = {v:?}", e.line);
        }
    }
    // The STATMSG line keeps its real fields.
    let statmsg = status(&evidence[4]);
    assert_eq!(
        statmsg.component.as_deref(),
        Some("SMS_DISTRIBUTION_MANAGER")
    );
    assert_eq!(statmsg.attributes, []);
}

#[test]
fn a_paste_of_the_article_is_not_a_confirmed_fault() {
    let d = diagnosis(&[(
        "article-placeholders.txt",
        data("parse/article-placeholders.txt"),
    )]);
    let f = q319207(&d.findings);
    assert_eq!(f.verdict, Verdict::InsufficientEvidence);
    assert_eq!(f.outcome, None);
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("retried")
    );
    assert!(f.packages.is_empty(), "{:?}", f.packages);
    assert!(f.sites.is_empty(), "{:?}", f.sites);
    assert!(f.steps.iter().all(|s| s.packages.is_empty()));
    let article = Kb::embedded().article("Q319207").expect("article");
    assert_eq!(
        cleanup_reg(f, article, RegForm::Regedit4),
        Err(RegError::NoCleanupStep {
            article: "Q319207".into()
        })
    );
    assert_eq!(
        strongest_cleanup(&d.findings, Kb::embedded(), RegForm::Version5),
        None
    );
}

/// Real evidence beside the article's text: the diagnosis is the real
/// one's, and the clean-up deletes the real package's key only.
#[test]
fn placeholders_beside_a_real_log_add_no_package() {
    let d = diagnosis(&[
        ("distmgr.log", data("scenarios/full-fault/distmgr.log")),
        (
            "article-placeholders.txt",
            data("parse/article-placeholders.txt"),
        ),
    ]);
    let f = q319207(&d.findings);
    assert_eq!(f.verdict, Verdict::Confirmed);
    assert_eq!(f.packages, ["CEN00012"]);
    let article = Kb::embedded().article("Q319207").expect("article");
    let reg = cleanup_reg(f, article, RegForm::Version5).expect("cleanup");
    assert_eq!(reg.keys, [format!("{KEY}CEN00012")]);
    assert!(reg.skipped.is_empty());
    let children: Vec<Vec<&str>> = f
        .sites
        .iter()
        .map(|s| s.children.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(children, [vec!["PR1", "PR2", "PR3"]]);
}

fn message(line: usize, id: u32, package: &str, child: Option<&str>, hour: u32) -> Evidence {
    use chrono::{NaiveDate, TimeZone, Utc};
    let day = NaiveDate::from_ymd_opt(2004, 6, 7).expect("date");
    let time = Utc.from_utc_datetime(&day.and_hms_opt(hour, 5, 0).expect("time"));
    Evidence {
        input: "session.json".into(),
        line,
        text: String::new(),
        fact: Fact::StatusMessage(StatusMessage {
            id,
            origin: Some(StatusOrigin::Statmsg),
            component: Some("SMS_DISTRIBUTION_MANAGER".into()),
            site: Some("CEN".into()),
            time: kbwiz_engine::evidence::Stamp {
                utc: Some(time),
                ..Default::default()
            },
            attributes: vec![(400, package.into())],
            child_site: child.map(Into::into),
            ..StatusMessage::default()
        }),
    }
}

/// Evidence that already holds placeholders (a session saved by an older
/// build, say) is read as if they were not there.
#[test]
fn diagnosis_ignores_placeholders_already_in_evidence() {
    let evidence = vec![
        message(1, 2328, "<package ID>", None, 9),
        message(2, 2339, "<package ID>", Some("<site code>"), 9),
        message(3, 2328, "<PACKAGE ID>", None, 10),
        message(4, 2339, "<PACKAGE ID>", Some("<SITE CODE>"), 10),
    ];
    let findings = diagnose(&evidence, Kb::embedded());
    let f = q319207(&findings);
    assert_eq!(f.verdict, Verdict::InsufficientEvidence);
    assert!(f.packages.is_empty(), "{:?}", f.packages);
    assert!(f.sites.is_empty(), "{:?}", f.sites);
}

/// The clean-up file refuses a placeholder even when a finding names one.
#[test]
fn cleanup_never_writes_a_placeholder_key() {
    let d = diagnosis(&[("r.reg", data("scenarios/reg-only/retry-history.reg"))]);
    let mut f = q319207(&d.findings).clone();
    f.packages = vec![
        "<PACKAGE ID>".into(),
        "CEN00012".into(),
        "<package id>".into(),
    ];
    let article = Kb::embedded().article("Q319207").expect("article");
    for form in [RegForm::Regedit4, RegForm::Version5] {
        let reg = cleanup_reg(&f, article, form).expect("cleanup");
        assert_eq!(reg.keys, [format!("{KEY}CEN00012")]);
        assert_eq!(reg.skipped, ["<PACKAGE ID>", "<package id>"]);
    }
}

/// Placeholders are whole values: text that merely holds angle brackets, or
/// a real value, is kept.
#[test]
fn only_whole_placeholders_are_refused() {
    let text = "Message ID: 2339 - SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package CEN00012 to child site PR1.\n\nMessage ID: 2328 - SMS Distribution Manager failed to copy package CEN00012 from \\\\<server>\\share to \\\\DP01\\SMSPKGC$\\CEN00012\\.\n";
    let parsed = parse_input("mixed.txt", text.as_bytes());
    assert_eq!(
        parsed.report.problems,
        [problem(3, &in_message("<server>", "a value"))]
    );
    let mut evidence = parsed.evidence;
    enrich(&mut evidence, Kb::embedded());
    let a = status(&evidence[0]);
    assert_eq!(a.package_id.as_deref(), Some("CEN00012"));
    assert_eq!(a.child_site.as_deref(), Some("PR1"));
    let b = status(&evidence[1]);
    assert_eq!(b.package_id.as_deref(), Some("CEN00012"));
    // A path made from a template is no path.
    assert_eq!(b.package_source, None);
    assert_eq!(b.dp_path.as_deref(), Some("\\\\DP01\\SMSPKGC$\\CEN00012\\"));
}

/// In a STATMSG line, a value written between `<` and `>` keeps its
/// brackets when it is a placeholder (so it is dropped as one), and loses
/// them otherwise; the fast path and the general reader agree.
#[test]
fn statmsg_bracketed_values() {
    use kbwiz_engine::parse::{statmsg_fast_path_agrees, StatmsgTokens};
    let body = "ID=2339 SEV=I LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=<server> SITE=<Site Code> PID=1 TID=2 GMTDATE=<Mon Jun 07 23:23:16.472 2004> ISTR0=<package ID> ISTR1=\"\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=<package ID>";
    let tokens: Vec<(&str, &str)> = StatmsgTokens::new(body)
        .filter(|(k, _)| ["SYS", "SITE", "GMTDATE", "ISTR0", "AVAL0"].contains(k))
        .collect();
    assert_eq!(
        tokens,
        [
            ("SYS", "<server>"),
            ("SITE", "<Site Code>"),
            ("GMTDATE", "Mon Jun 07 23:23:16.472 2004"),
            ("ISTR0", "<package ID>"),
            ("AVAL0", "<package ID>"),
        ]
    );
    let line = format!("STATMSG: {body}");
    assert!(statmsg_fast_path_agrees(&line));
    assert!(statmsg_fast_path_agrees(
        &line.replace("<package ID>", "<1 2>")
    ));
    let logged = format!("{line}  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=1288 (0x508)>\n");
    let parsed = parse_input("t.log", logged.as_bytes());
    let m = status(&parsed.evidence[0]);
    assert_eq!((m.site.as_deref(), m.system.as_deref()), (None, None));
    assert_eq!(m.package_id, None);
    assert_eq!(m.attributes, []);
    assert!(m.time.utc.is_some());
    assert_eq!(
        parsed.report.problems,
        [
            problem(1, &in_message("<Site Code>", "a site code")),
            problem(1, &in_message("<server>", "a server name")),
            problem(1, &in_message("<package ID>", "a package ID")),
        ]
    );
}
