//! File versions per platform: `filever`'s `W32i` is I386 and never Alpha, a
//! version with no platform fills no platform's row, and two different
//! versions of one file for one platform are reported as a contradiction
//! naming both versions and both lines.

use kbwiz_engine::evidence::{enrich, Evidence, Fact};
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse::parse_input;
use kbwiz_engine::summary::{hotfix_check, summarise, FixState};
use kbwiz_engine::tree::{diagnose_inputs, ContradictionFound, EvidenceRef, Finding};

fn evidence(name: &str, text: &str) -> Vec<Evidence> {
    let mut ev = parse_input(name, text.as_bytes()).evidence;
    enrich(&mut ev, Kb::embedded());
    ev
}

fn sample(rel: &str) -> (String, Vec<u8>) {
    let path = format!("{}/../../tests/data/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
    (name, bytes)
}

fn finding(inputs: &[(String, Vec<u8>)]) -> Finding {
    let refs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    diagnose_inputs(&refs, Kb::embedded())
        .findings
        .into_iter()
        .find(|f| f.article == "Q319207")
        .expect("Q319207 finding")
}

type Row = (
    String,
    String,
    String,
    Option<String>,
    Option<usize>,
    FixState,
);

/// The hotfix check as (file, platform, required, found, line, state).
fn rows(ev: &[Evidence]) -> Vec<Row> {
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    hotfix_check(ev, article)
        .into_iter()
        .map(|r| {
            (
                r.file,
                r.platform,
                r.required,
                r.found,
                r.source.map(|i| ev[i].line),
                r.state,
            )
        })
        .collect()
}

fn row(
    file: &str,
    platform: &str,
    required: &str,
    found: Option<&str>,
    line: Option<usize>,
    state: FixState,
) -> Row {
    (
        file.into(),
        platform.into(),
        required.into(),
        found.map(Into::into),
        line,
        state,
    )
}

const FILEVER: &str =
    "--a-- W32i   DLL ENU      2.0.1493.3000 shp    231,200 03-01-2001 distmgr.dll\n";

#[test]
fn filever_w32i_is_i386_and_never_alpha() {
    let ev = evidence("filever.txt", FILEVER);
    let Fact::FileVersion(f) = &ev[0].fact else {
        panic!("{:?}", ev[0].fact)
    };
    assert_eq!(f.platform.as_deref(), Some("I386"));
    use FixState::*;
    assert_eq!(
        rows(&ev),
        [
            row(
                "Baseutil.dll",
                "Alpha",
                "2.00.1493.3253",
                None,
                None,
                Unknown
            ),
            row(
                "Distmgr.dll",
                "Alpha",
                "2.00.1493.3257",
                None,
                None,
                Unknown
            ),
            row(
                "Baseutil.dll",
                "I386",
                "2.00.1493.3253",
                None,
                None,
                Unknown
            ),
            row(
                "Distmgr.dll",
                "I386",
                "2.00.1493.3257",
                Some("2.0.1493.3000"),
                Some(1),
                NotFixed
            ),
        ]
    );
}

/// A version beside a file name and nothing else says which file, not
/// which platform: it gets a row of its own and fills no platform's row.
#[test]
fn a_version_without_a_platform_fills_only_its_own_row() {
    let ev = evidence(
        "bare.txt",
        "Distmgr.dll 2.00.1493.2000\nBaseutil.dll 2.00.1493.3253\n",
    );
    use FixState::*;
    assert_eq!(
        rows(&ev),
        [
            row(
                "Baseutil.dll",
                "Alpha",
                "2.00.1493.3253",
                None,
                None,
                Unknown
            ),
            row(
                "Distmgr.dll",
                "Alpha",
                "2.00.1493.3257",
                None,
                None,
                Unknown
            ),
            row(
                "Baseutil.dll",
                "I386",
                "2.00.1493.3253",
                None,
                None,
                Unknown
            ),
            row("Distmgr.dll", "I386", "2.00.1493.3257", None, None, Unknown),
            row(
                "Baseutil.dll",
                "not shown",
                "2.00.1493.3253",
                Some("2.00.1493.3253"),
                Some(2),
                Fixed
            ),
            row(
                "Distmgr.dll",
                "not shown",
                "2.00.1493.3257",
                Some("2.00.1493.2000"),
                Some(1),
                NotFixed
            ),
        ]
    );
    // The evidence summary checks it against every platform's fix alike.
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    let states: Vec<(String, Option<String>, FixState)> = summarise(&ev, article)
        .files
        .into_iter()
        .map(|f| (f.version, f.platform, f.state))
        .collect();
    assert_eq!(
        states,
        [
            ("2.00.1493.2000".into(), None, NotFixed),
            ("2.00.1493.3253".into(), None, Fixed)
        ]
    );
}

/// The parser sample: the article's table (Alpha and I386 rows), a filever
/// line (W32i), a PowerShell table (I386 by its path) and a bare version.
#[test]
fn per_platform_answers_for_the_version_sample() {
    let (name, bytes) = sample("parse/versions.txt");
    let ev = evidence(&name, &String::from_utf8(bytes).expect("UTF-8"));
    use FixState::*;
    assert_eq!(
        rows(&ev),
        [
            row(
                "Baseutil.dll",
                "Alpha",
                "2.00.1493.3253",
                Some("2.00.1493.3253"),
                Some(4),
                Fixed
            ),
            row(
                "Distmgr.dll",
                "Alpha",
                "2.00.1493.3257",
                None,
                None,
                Unknown
            ),
            row(
                "Baseutil.dll",
                "I386",
                "2.00.1493.3253",
                Some("2.00.1493.3253"),
                Some(13),
                Fixed
            ),
            // Two I386 listings disagree: the lower one, as the diagnosis reads it.
            row(
                "Distmgr.dll",
                "I386",
                "2.00.1493.3257",
                Some("2.0.1493.3000"),
                Some(8),
                NotFixed
            ),
            row(
                "Distmgr.dll",
                "not shown",
                "2.00.1493.3257",
                Some("2.00.1493.2000"),
                Some(15),
                NotFixed
            ),
        ]
    );
}

fn cited(path: &str, line: usize, text: &str) -> EvidenceRef {
    EvidenceRef {
        kind: "file_version".into(),
        path: path.into(),
        line,
        text: text.into(),
    }
}

#[test]
fn two_versions_for_one_platform_are_a_contradiction() {
    let f = finding(&[sample("parse/versions.txt")]);
    assert_eq!(
        f.contradictions,
        [ContradictionFound {
            id: "versions_differ:Distmgr.dll:I386".into(),
            text: "Distmgr.dll for I386 is listed at different versions: 2.0.1493.3000 (versions.txt line 8) and 2.00.1493.3257 (versions.txt line 5). One server holds one copy: the listings may come from different servers, from a copy outside the SMS folders, or from before and after an update. Until that is settled, kbwiz goes by the lowest, 2.0.1493.3000: the fix counts only where every copy has it.".into(),
            evidence: vec![
                cited("versions.txt", 5, "  1-Mar-2001  17:45  2.00.1493.3257  231,312  Distmgr.dll   I386"),
                cited("versions.txt", 8, "--a-- W32i   DLL ENU      2.0.1493.3000 shp    231,200 03-01-2001 distmgr.dll"),
            ],
            uncited: 0,
        }]
    );
    // The tree reads the lowest version of all, here the bare line's.
    let step = &f.steps[0];
    assert_eq!(step.question, "distmgr_version");
    assert_eq!(step.answer.to_string(), "2.00.1493.2000");
    assert_eq!(step.label, "below");
}

/// Across inputs, three versions: each named once, with its first line.
#[test]
fn contradiction_across_inputs_names_every_version() {
    let a = (
        "server-a.txt".to_string(),
        b"C:\\SMS\\bin\\i386\\distmgr.dll 2.00.1493.3257\n".to_vec(),
    );
    let b = (
        "server-b.txt".to_string(),
        format!("{FILEVER}Distmgr.dll I386 2.00.1493.3100\n--a-- W32i   DLL ENU      2.00.1493.3000 shp    231,200 03-01-2001 distmgr.dll\n").into_bytes(),
    );
    let f = finding(&[a, b]);
    assert_eq!(f.contradictions.len(), 1);
    let c = &f.contradictions[0];
    assert_eq!(c.id, "versions_differ:Distmgr.dll:I386");
    assert_eq!(
        c.text,
        "Distmgr.dll for I386 is listed at different versions: 2.0.1493.3000 (server-b.txt line 1), 2.00.1493.3100 (server-b.txt line 2) and 2.00.1493.3257 (server-a.txt line 1). One server holds one copy: the listings may come from different servers, from a copy outside the SMS folders, or from before and after an update. Until that is settled, kbwiz goes by the lowest, 2.0.1493.3000: the fix counts only where every copy has it."
    );
    let lines: Vec<(&str, usize)> = c
        .evidence
        .iter()
        .map(|e| (e.path.as_str(), e.line))
        .collect();
    assert_eq!(
        lines,
        [
            ("server-a.txt", 1),
            ("server-b.txt", 1),
            ("server-b.txt", 2),
            ("server-b.txt", 3)
        ]
    );
}

#[test]
fn equal_versions_and_other_platforms_are_no_contradiction() {
    let text = "Distmgr.dll I386 2.0.1493.3257\nDistmgr.dll I386 2.00.1493.3257\nDistmgr.dll Alpha 2.00.1493.3000\nDistmgr.dll 2.00.1493.1000\nDistmgr.dll 2.00.1493.2000\n";
    let f = finding(&[("same.txt".to_string(), text.as_bytes().to_vec())]);
    assert_eq!(f.contradictions, []);
    assert_eq!(f.verdict, Verdict::InsufficientEvidence);
    // Without a platform, two listings may be two servers: no contradiction.
    let bare = "Distmgr.dll 2.00.1493.1000\nDistmgr.dll 2.00.1493.3257\n";
    let f = finding(&[("bare.txt".to_string(), bare.as_bytes().to_vec())]);
    assert_eq!(f.contradictions, []);
}

/// The scenario whose listing and log contradict each other keeps exactly
/// its declared contradiction.
#[test]
fn declared_contradictions_are_unchanged() {
    let f = finding(&[
        sample("scenarios/contradictory/distmgr.log"),
        sample("scenarios/contradictory/versions.txt"),
    ]);
    let ids: Vec<&str> = f.contradictions.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["fixed_but_fanning_out"]);
}
