//! Evidence summaries, the hotfix check and the timeline over the scenario
//! inputs in tests/data/scenarios, with exact expectations.

use kbwiz_engine::evidence::{enrich, Fact};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse::parse_input;
use kbwiz_engine::summary::{hotfix_check, summarise, timeline, FixState};
use std::path::Path;

fn read(rel: &str) -> (String, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/scenarios")
        .join(rel);
    (
        rel.to_string(),
        std::fs::read(&path).expect("scenario file"),
    )
}

fn evidence(files: &[&str]) -> Vec<kbwiz_engine::evidence::Evidence> {
    let mut all = Vec::new();
    for f in files {
        let (name, bytes) = read(f);
        all.extend(parse_input(&name, &bytes).evidence);
    }
    enrich(&mut all, Kb::embedded());
    all
}

#[test]
fn full_fault_groups_failures_and_fan_out_per_package() {
    let ev = evidence(&["full-fault/distmgr.log"]);
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    let s = summarise(&ev, article);
    let ids: Vec<(u32, usize)> = s.messages.iter().map(|g| (g.id, g.items.len())).collect();
    assert_eq!(ids, vec![(2328, 3), (2339, 9)]);
    assert_eq!(s.packages.len(), 1);
    let p = &s.packages[0];
    assert_eq!(p.package, "CEN00012");
    assert_eq!(p.failures.len(), 3);
    assert_eq!((p.attempts, p.failure_ids.clone()), (3, vec![2328]));
    assert_eq!(p.fanouts.len(), 9);
    assert_eq!(
        p.child_sites.iter().cloned().collect::<Vec<_>>(),
        ["PR1", "PR2", "PR3"]
    );
    assert_eq!(
        p.first_failure.map(|t| t.to_rfc3339()),
        Some("2004-06-07T16:05:12.201+00:00".to_string())
    );
    assert_eq!(
        p.last_failure.map(|t| t.to_rfc3339()),
        Some("2004-06-07T18:05:12.201+00:00".to_string())
    );
    // Every index points at a status message for that package.
    for i in p.failures.iter().chain(&p.fanouts) {
        let Fact::StatusMessage(m) = &ev[*i].fact else {
            panic!("not a status message")
        };
        assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
    }
    assert!(s.files.is_empty());
}

#[test]
fn registry_keys_are_matched_to_packages() {
    let ev = evidence(&["reg-only/retry-history.reg"]);
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    let s = summarise(&ev, article);
    let with_keys: Vec<&str> = s
        .packages
        .iter()
        .filter(|p| !p.keys.is_empty())
        .map(|p| p.package.as_str())
        .collect();
    assert_eq!(with_keys, ["CEN00012", "CEN00015"]);
    // The parent `Retry History` key matches no package pattern.
    assert_eq!(s.registry.len(), 2);
    assert_eq!(s.other_keys, 1);
    assert_eq!(ev[s.registry[0]].line, 5);
}

#[test]
fn hotfix_check_reads_the_patched_listing() {
    let ev = evidence(&["patched/versions.txt"]);
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    let rows: Vec<(String, String, Option<String>, FixState)> = hotfix_check(&ev, article)
        .into_iter()
        .map(|r| (r.file, r.platform, r.found, r.state))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "Baseutil.dll".into(),
                "Alpha".into(),
                None,
                FixState::Unknown
            ),
            (
                "Distmgr.dll".into(),
                "Alpha".into(),
                None,
                FixState::Unknown
            ),
            (
                "Baseutil.dll".into(),
                "I386".into(),
                Some("2.00.1493.3253".into()),
                FixState::Fixed
            ),
            (
                "Distmgr.dll".into(),
                "I386".into(),
                Some("2.00.1493.3257".into()),
                FixState::Fixed
            ),
        ]
    );
}

#[test]
fn timeline_is_in_utc_order_without_duplicate_lines() {
    let (name, bytes) = read("full-fault/distmgr.log");
    let parsed = parse_input(&name, &bytes);
    let rows = timeline(&[(&parsed.entries, &parsed.evidence)]);
    let mut lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
    let count = lines.len();
    lines.sort_unstable();
    lines.dedup();
    assert_eq!(lines.len(), count, "a line appears twice");
    assert_eq!(count, parsed.entries.len());
    let times: Vec<_> = rows.iter().filter_map(|r| r.time.sort_key()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(rows.iter().filter(|r| r.message == Some(2328)).count(), 3);
}

#[test]
fn a_dir_row_without_a_version_does_not_hide_a_real_one() {
    let listing = "Directory of D:\\SMS\\bin\\i386\n\n03/01/2001  05:45p             231,312 Distmgr.dll\n\nDistmgr.dll 2.00.1493.3257\n";
    let mut ev = parse_input("mixed.txt", listing.as_bytes()).evidence;
    enrich(&mut ev, Kb::embedded());
    let versions: Vec<&str> = ev
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::FileVersion(f) => Some(f.version.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(versions, ["", "2.00.1493.3257"]);
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    let i386 = hotfix_check(&ev, article)
        .into_iter()
        .find(|r| r.file == "Distmgr.dll" && r.platform == "I386")
        .expect("row");
    assert_eq!(i386.found.as_deref(), Some("2.00.1493.3257"));
    assert_eq!(i386.state, FixState::Fixed);
    assert!(summarise(&ev, article)
        .files
        .iter()
        .all(|f| !f.version.is_empty()));
}

/// Two failed processings, each raising 2328 and 2302 in the same second, an
/// hour apart: four failure messages, two attempts.
#[test]
fn failures_raised_together_count_as_one_attempt() {
    let line = |id: u32, time: &str| {
        format!(
            "STATMSG: ID={id} SEV=E LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL01 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 {time} 2004 ISTR0=\"CEN00012\" ISTR1=\"\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=\"CEN00012\"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 09:05:12.201 2004 Pacific Daylight Time><thread=1288 (0x508)>\n"
        )
    };
    let text = [
        line(2328, "16:05:12.201"),
        line(2302, "16:05:12.900"),
        line(2328, "17:05:13.000"),
        line(2302, "17:05:13.500"),
    ]
    .concat();
    let mut ev = parse_input("distmgr.log", text.as_bytes()).evidence;
    enrich(&mut ev, Kb::embedded());
    let article = Kb::embedded().article("Q319207").expect("Q319207");
    let s = summarise(&ev, article);
    let p = &s.packages[0];
    assert_eq!(
        (p.failures.len(), p.attempts, p.failure_ids.clone()),
        (4, 2, vec![2302, 2328])
    );
}
