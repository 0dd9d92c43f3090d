//! Which known fixes a server has and lacks, from the file versions pasted
//! (`fixes::fixes`, `api::diagnose`'s `fixes`), across every article.

use kbwiz_engine::api;
use kbwiz_engine::fixes::FixState;
use kbwiz_engine::kb::Kb;

fn diagnose(scenario: &str, file: &str) -> api::DiagnoseReport {
    let path = format!(
        "{}/../../tests/data/scenarios/{scenario}/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("scenario file");
    api::diagnose(&[(file, bytes.as_slice())], Kb::embedded())
}

fn states(d: &api::DiagnoseReport) -> Vec<(&str, FixState, Option<&str>)> {
    d.fixes
        .iter()
        .map(|f| (f.article.as_str(), f.state, f.via.as_deref()))
        .collect()
}

#[test]
fn a_hotfixed_server_has_the_sp4_rollup_fixes_and_lacks_a_later_one() {
    let d = diagnose("q316316-hotfixed", "bin-i386.txt");
    assert_eq!(
        states(&d),
        [
            ("Q319189", FixState::Lacks, Some("Q324204")),
            ("Q324204", FixState::Lacks, None),
            ("Q309381", FixState::Has, None),
            ("Q316316", FixState::Has, Some("Q319207")),
            ("Q318834", FixState::Has, None),
            ("Q319207", FixState::Has, None),
        ]
    );
    let q324204 = &d.fixes[1];
    assert_eq!(q324204.files.len(), 1);
    let c = &q324204.files[0];
    assert_eq!(
        (
            c.file.as_str(),
            c.seen.as_str(),
            c.needs.as_str(),
            c.at.as_str()
        ),
        (
            "Baseutil.dll",
            "2.00.1493.3253",
            "2.0.1493.3260",
            "bin-i386.txt:2"
        )
    );
    assert_eq!(
        q324204.ships_in.as_deref(),
        Some("Systems Management Server 2.0 Service Pack 4 Hotfix Rollup Package (HRP)")
    );
    // Files below the fix come first in each fix's list.
    let q318834 = d
        .fixes
        .iter()
        .find(|f| f.article == "Q318834")
        .expect("Q318834");
    assert_eq!(
        q318834
            .files
            .iter()
            .map(|c| c.file.as_str())
            .collect::<Vec<_>>(),
        ["Baseutil.dll", "Distmgr.dll"]
    );
}

#[test]
fn an_old_server_lacks_the_fixes_its_files_predate() {
    let d = diagnose("q318834-old-baseutil", "versions.txt");
    let lacks: Vec<&str> = d
        .fixes
        .iter()
        .filter(|f| f.state == FixState::Lacks)
        .map(|f| f.article.as_str())
        .collect();
    assert!(
        lacks.contains(&"Q318834") && lacks.contains(&"Q319207"),
        "{lacks:?}"
    );
    let q318834 = d
        .fixes
        .iter()
        .find(|f| f.article == "Q318834")
        .expect("Q318834");
    let below: Vec<(&str, &str)> = q318834
        .files
        .iter()
        .map(|c| (c.file.as_str(), c.seen.as_str()))
        .collect();
    assert_eq!(
        below,
        [
            ("Distmgr.dll", "2.00.1493.3197"),
            ("Baseutil.dll", "2.00.1493.3150")
        ]
    );
}

#[test]
fn without_file_versions_nothing_is_said_of_fixes() {
    let d = diagnose("full-fault", "distmgr.log");
    assert!(d.fixes.is_empty());
    let json = serde_json::to_value(d.triage()).expect("json");
    assert_eq!(json["fixes"], serde_json::json!([]));
}
