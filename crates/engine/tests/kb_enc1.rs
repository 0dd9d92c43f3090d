//! Q267977, Q276259, Q316316 and Q245579 end to end: each article's verdict
//! on its own scenario, its rank in the triage, the values its lines
//! capture, and the healthy log of the same component ruling it out.
//! Inputs are the scenarios under `tests/data/scenarios/` written by
//! `make_enc1.py`.

use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::{Kb, Step};

mod scenario;
use scenario::{diagnose, finding, path, top, values, verdict};

#[test]
fn q267977_reads_the_failed_decompression_and_asks_about_platforms() {
    let d = diagnose(&["q267977-lfn"]);
    assert_eq!(top(&d), "Q267977");
    assert_eq!(verdict(&d, "Q267977"), (Verdict::Likely, Some("likely")));
    let f = finding(&d, "Q267977");
    assert_eq!(
        path(f),
        [
            ("decompress_failed", "yes"),
            ("error_13", "yes"),
            ("sp_level", "unknown"),
            ("platforms_unsure", "unknown"),
        ]
    );
    // Three failed rounds over three days: two lines each.
    assert_eq!(f.evidence.len() + f.uncited, 6);
    let cited: Vec<(usize, &str)> = f
        .evidence
        .iter()
        .take(2)
        .map(|e| (e.line, e.text.as_str()))
        .collect();
    assert_eq!(
        cited,
        [
            (36, "Failed to write to the output file, Win32 Error = 13"),
            (
                37,
                r"Cannot decompress package D:\SMSPKG\HQ100012.PCK to D:\_S K7Q2P.TMP, CTool return code = 4"
            ),
        ]
    );
    assert_eq!(
        values(f),
        [
            ("pck_file", vec![r"D:\SMSPKG\HQ100012.PCK"]),
            ("tmp_path", vec![r"D:\_S K7Q2P.TMP"]),
            ("ctool_code", vec!["4"]),
        ]
    );
    let ids: Vec<&str> = f.remediation.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["obtain_sp", "recreate", "source_on_nt4", "copy_source"]
    );
    assert_eq!(
        f.remediation[1].steps[0],
        Step::Text {
            text: r"Once the fix is on every site, re-create each package that failed to decompress (from D:\SMSPKG\HQ100012.PCK)."
                .into()
        }
    );
    // What to ask next: the platforms, an admin's answer.
    let needs = f.needs.as_ref().expect("a question for the admin");
    assert_eq!(needs.question, "platforms_unsure");
}

#[test]
fn q267977_is_ruled_out_by_a_healthy_distribution_manager_log() {
    let d = diagnose(&["q267977-healthy"]);
    assert_eq!(
        verdict(&d, "Q267977"),
        (Verdict::RuledOut, Some("no_failure"))
    );
}

#[test]
fn q276259_reads_the_scheduler_and_sender_lines_the_article_gives() {
    let d = diagnose(&["q276259-norouting"]);
    assert_eq!(top(&d), "Q276259");
    assert_eq!(
        verdict(&d, "Q276259"),
        (Verdict::Confirmed, Some("confirmed"))
    );
    let f = finding(&d, "Q276259");
    assert_eq!(
        path(f),
        [("routing_failed", "yes"), ("sender_after_routing", "yes")]
    );
    // 13 failed routing instructions; 138 rounds of three Sender lines.
    assert_eq!(f.evidence.len() + f.uncited, 13 + 3 * 138);
    assert_eq!(values(f), [("dest_site", vec!["T31"])]);
    assert_eq!(
        f.remediation[1].steps[0],
        Step::Text {
            text: "Create an address from this site to every lower-level site in the hierarchy, starting with T31."
                .into()
        }
    );
    let ids: Vec<&str> = f.remediation.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["obtain_sp", "addresses", "delete_requests"]);
}

#[test]
fn q276259_is_ruled_out_by_healthy_scheduler_and_sender_logs() {
    let d = diagnose(&["q276259-healthy"]);
    let f = finding(&d, "Q276259");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::RuledOut, Some("sender_ok"))
    );
    assert_eq!(
        path(f),
        [("routing_failed", "no"), ("sender_no_address", "no")]
    );
}

#[test]
fn q316316_reads_error_998_and_asks_about_data_streams() {
    let d = diagnose(&["q316316-error998"]);
    assert_eq!(top(&d), "Q316316");
    assert_eq!(verdict(&d, "Q316316"), (Verdict::Likely, Some("likely")));
    let f = finding(&d, "Q316316");
    assert_eq!(
        path(f),
        [
            ("error_998", "yes"),
            ("fixed", "unknown"),
            ("streams", "unknown")
        ]
    );
    assert_eq!(f.evidence.len() + f.uncited, 6);
    assert_eq!(
        f.evidence[0].text,
        "Cannot write to output file, Win32 Error = 998"
    );
    let ids: Vec<&str> = f.remediation.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "strip_streams",
            "obtain_fix",
            "install_script",
            "install_manual"
        ]
    );
    // The sched.log beside it speaks to Q276259 only through absence.
    assert_eq!(
        verdict(&d, "Q276259"),
        (Verdict::InsufficientEvidence, Some("not_shown"))
    );
}

#[test]
fn q316316_is_ruled_out_by_the_q319207_hotfix_files() {
    // The fix ships in Q319207's hotfix: its file table decides.
    let d = diagnose(&["q316316-hotfixed"]);
    let f = finding(&d, "Q316316");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::RuledOut, Some("fix_installed"))
    );
    assert_eq!(path(f), [("error_998", "yes"), ("fixed", "yes")]);
}

#[test]
fn q316316_is_ruled_out_by_a_healthy_distribution_manager_log() {
    let d = diagnose(&["q316316-healthy"]);
    assert_eq!(
        verdict(&d, "Q316316"),
        (Verdict::RuledOut, Some("no_error"))
    );
}

#[test]
fn q245579_reads_the_skipped_pkg_files_and_the_failed_update() {
    let d = diagnose(&["q245579-pileup"]);
    assert_eq!(top(&d), "Q245579");
    assert_eq!(
        verdict(&d, "Q245579"),
        (Verdict::Confirmed, Some("confirmed"))
    );
    let f = finding(&d, "Q245579");
    assert_eq!(path(f), [("skip_seen", "yes"), ("update_failed", "yes")]);
    // 22 skipped .PKG files, 7 failed updates.
    assert_eq!(f.evidence.len() + f.uncited, 29);
    assert_eq!(f.packages, ["HQ10001B"]);
    let v = values(f);
    assert_eq!(v[0], ("package", vec!["HQ10001B"]));
    assert_eq!(v[1], ("wanted_version", vec!["3"]));
    assert_eq!(v[2], ("current_version", vec!["2"]));
    assert_eq!(v[3].0, "pkg_file");
    assert_eq!(v[3].1.len(), 22);
    assert_eq!(
        v[3].1[0],
        r"D:\SMS\inboxes\distmgr.box\INCOMING\V02K8R2M.PKG"
    );
    assert_eq!(v[4], ("error", vec!["8"]));
    assert_eq!(
        f.remediation[1].steps[0],
        Step::Text {
            text: "Create package HQ10001B (and other packages meant for the secondary sites) at the child primary site rather than at the central site."
                .into()
        }
    );
}

#[test]
fn q245579_is_ruled_out_by_a_healthy_secondary_site_log() {
    let d = diagnose(&["q245579-healthy"]);
    assert_eq!(verdict(&d, "Q245579"), (Verdict::RuledOut, Some("no_skip")));
}

/// Each article's facts as encoded: versions, where it was first fixed,
/// and the related articles.
#[test]
fn the_four_articles_carry_their_facts() {
    let kb = Kb::embedded();
    let cases: &[(&str, &[&str], &str, &[&str])] = &[
        (
            "Q267977",
            &["2.0 SP2"],
            "Systems Management Server 2.0 Service Pack 3",
            &["Q288239"],
        ),
        (
            "Q276259",
            &["2.0", "2.0 SP1", "2.0 SP2", "2.0 SP3"],
            "Systems Management Server 2.0 Service Pack 4",
            &["Q288239"],
        ),
        (
            "Q316316",
            &["2.0 SP3", "2.0 SP4"],
            "Systems Management Server 2.0 Service Pack 4 Hotfix Rollup Package (HRP)",
            &["Q319207", "Q323206"],
        ),
        (
            "Q245579",
            &["2.0", "2.0 SP1"],
            "Systems Management Server 2.0 Service Pack 2",
            &["Q236325"],
        ),
    ];
    for (id, versions, fixed_in, related) in cases {
        let a = kb.article(id).unwrap_or_else(|| panic!("{id} embedded"));
        let m = &a.meta;
        assert_eq!(m.versions, *versions, "{id}");
        let status = m.status.as_ref().expect("status");
        assert_eq!(status.first_fixed_in.as_deref(), Some(*fixed_in), "{id}");
        let rel: Vec<&str> = m.related.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(rel, *related, "{id}");
    }
}
