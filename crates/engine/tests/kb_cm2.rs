//! CM-troubleshoot-content-distribution and
//! CM-dp-installation-upgrade-configuration end to end, on the scenarios
//! `make_cm2.py` writes (CMTrace logs of a site server, a standard DP and a
//! pull DP in three time zones): each article's exact verdict and outcome,
//! the path and the values its lines capture, its rank in the whole
//! library's triage, the hand-overs to the named-failure articles, and the
//! healthy scenarios ruling both out.

use kbwiz_engine::api::DiagnoseReport;
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Step;
use kbwiz_engine::tree::Finding;

mod scenario;
use scenario::{diagnose, finding, path, rank, top, values, verdict};

const TRIAGE: &str = "CM-troubleshoot-content-distribution";
const DP_INSTALL: &str = "CM-dp-installation-upgrade-configuration";

/// Question ids and the branch labels taken.
type StepPath = &'static [(&'static str, &'static str)];

fn remedies(f: &Finding) -> Vec<&str> {
    f.remediation.iter().map(|r| r.id.as_str()).collect()
}

/// The triage questions in order, each answered `no` (or `unknown`) up to
/// `last`, which is answered `yes`.
fn chain_to(last: &str) -> Vec<(&'static str, &'static str)> {
    const ORDER: [&str; 16] = [
        "not_arrived",
        "dm_unreachable",
        "iis_3603",
        "pxe_image",
        "threads_full",
        "disk_full",
        "logon_failure",
        "content_missing",
        "addfile",
        "sharing",
        "bandwidth",
        "pull_capacity",
        "sig_404",
        "rpc_6d9",
        "send_failed",
        "distributed",
    ];
    let mut out = Vec::new();
    for q in ORDER {
        if q == last {
            out.push((q, "yes"));
            return out;
        }
        out.push((q, "no"));
    }
    panic!("no question {last}");
}

/// Where `article` must stand: first, or behind only the articles it
/// hands over to (which rank above it once they are in the library).
fn first_but_for(d: &DiagnoseReport, article: &str, hand_over: &[&str], dir: &str) {
    let at = rank(d, article);
    let above: Vec<&str> = d.findings[..at]
        .iter()
        .map(|f| f.article.as_str())
        .collect();
    assert!(
        above.iter().all(|a| hand_over.contains(a)),
        "{dir}: {article} is behind {above:?}"
    );
}

/// One triage scenario with a fault.
struct Fault {
    dir: &'static str,
    verdict: Verdict,
    outcome: &'static str,
    /// The question that found it.
    question: &'static str,
    /// How many lines the path cites.
    lines: usize,
    /// The article it hands over to.
    hand_over: Option<&'static str>,
}

const fn fault(
    dir: &'static str,
    verdict: Verdict,
    outcome: &'static str,
    question: &'static str,
    lines: usize,
    hand_over: Option<&'static str>,
) -> Fault {
    Fault {
        dir,
        verdict,
        outcome,
        question,
        lines,
        hand_over,
    }
}

/// Every triage scenario with a fault.
const TRIAGE_FAULTS: [Fault; 16] = [
    fault(
        "cm-triage-notarrived",
        Verdict::Likely,
        "o_not_arrived",
        "not_arrived",
        4,
        None,
    ),
    fault(
        "cm-triage-unreachable",
        Verdict::Likely,
        "o_unreachable",
        "dm_unreachable",
        5,
        None,
    ),
    fault(
        "cm-triage-source",
        Verdict::Likely,
        "o_unreachable",
        "dm_unreachable",
        4,
        None,
    ),
    fault(
        "cm-triage-idispatch",
        Verdict::Likely,
        "h_idispatch",
        "iis_3603",
        8,
        Some("CM-content-distribution-idispatch-error"),
    ),
    fault(
        "cm-triage-bootimage",
        Verdict::Likely,
        "h_boot_image",
        "pxe_image",
        3,
        Some("CM-boot-image-distribution-fails"),
    ),
    fault(
        "cm-triage-threads",
        Verdict::Likely,
        "h_threads",
        "threads_full",
        7,
        Some("CM-components-and-threads"),
    ),
    fault(
        "cm-triage-diskfull",
        Verdict::Likely,
        "h_disk_full",
        "disk_full",
        3,
        Some("CM-content-distribution-error-80070070"),
    ),
    fault(
        "cm-triage-logon",
        Verdict::Likely,
        "h_remote_dp",
        "logon_failure",
        3,
        Some("CM-package-distribution-to-remote-dp-fails"),
    ),
    fault(
        "cm-triage-missing",
        Verdict::Likely,
        "o_content_missing",
        "content_missing",
        3,
        None,
    ),
    fault(
        "cm-triage-addfile",
        Verdict::Confirmed,
        "o_addfile",
        "addfile",
        3,
        None,
    ),
    fault(
        "cm-triage-sharing",
        Verdict::Likely,
        "o_sharing",
        "sharing",
        3,
        None,
    ),
    fault(
        "cm-triage-bandwidth",
        Verdict::Confirmed,
        "o_bandwidth",
        "bandwidth",
        6,
        None,
    ),
    fault(
        "cm-triage-pullcap",
        Verdict::Confirmed,
        "o_pull_capacity",
        "pull_capacity",
        6,
        None,
    ),
    fault(
        "cm-triage-sig404",
        Verdict::Confirmed,
        "o_sig_404",
        "sig_404",
        3,
        None,
    ),
    fault(
        "cm-triage-rpc",
        Verdict::Likely,
        "o_rpc",
        "rpc_6d9",
        8,
        None,
    ),
    fault(
        "cm-triage-sendfailed",
        Verdict::Likely,
        "o_send_failed",
        "send_failed",
        4,
        None,
    ),
];

#[test]
fn triage_reaches_each_fault_from_its_log_lines_and_ranks_first() {
    for Fault {
        dir,
        verdict: want,
        outcome,
        question,
        lines,
        hand_over,
    } in TRIAGE_FAULTS
    {
        let d = diagnose(&[dir]);
        assert_eq!(verdict(&d, TRIAGE), (want, Some(outcome)), "{dir}");
        let f = finding(&d, TRIAGE);
        // The not-arrived line is the first question: nothing before it.
        assert_eq!(path(f), chain_to(question), "{dir}");
        assert_eq!(f.evidence.len() + f.uncited, lines, "{dir}");
        match hand_over {
            Some(target) => {
                // The outcome's remedy is the link to the other article.
                assert_eq!(f.remediation.len(), 1, "{dir}");
                assert_eq!(
                    f.remediation[0].steps,
                    [Step::Link {
                        text: "Continue with".into(),
                        target: target.into()
                    }],
                    "{dir}"
                );
                first_but_for(&d, TRIAGE, &[target, DP_INSTALL], dir);
            }
            None => assert_eq!(top(&d), TRIAGE, "{dir}"),
        }
    }
}

#[test]
fn triage_scenarios_leave_the_dp_installation_article_asking_for_hman_log() {
    // No worker thread in DistMgr.log, and no hman.log to say why.
    for dir in ["cm-triage-healthy", "cm-triage-addfile", "cm-triage-sig404"] {
        let d = diagnose(&[dir]);
        let f = finding(&d, DP_INSTALL);
        assert_eq!(
            (f.verdict, f.outcome.as_deref()),
            (Verdict::InsufficientEvidence, None),
            "{dir}"
        );
        assert_eq!(path(f), [("worker", "no")], "{dir}");
        assert_eq!(
            f.needs.as_ref().map(|n| n.question.as_str()),
            Some("hman_done"),
            "{dir}"
        );
    }
}

#[test]
fn healthy_distribution_rules_the_triage_out() {
    let d = diagnose(&["cm-triage-healthy"]);
    assert_eq!(
        verdict(&d, TRIAGE),
        (Verdict::RuledOut, Some("o_distributed"))
    );
    let f = finding(&d, TRIAGE);
    assert_eq!(path(f), chain_to("distributed"));
    // Five installs on the standard DP and two reported by the pull DP,
    // each seen by DistMgr, and the pull DP's own two reports.
    assert_eq!(f.evidence.len() + f.uncited, 10);
    assert!(f.remediation.is_empty());
    // Nothing in the library fits a healthy distribution.
    assert!(d
        .findings
        .iter()
        .all(|f| !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)));
}

#[test]
fn not_arrived_fills_the_resend_query_with_the_package() {
    let d = diagnose(&["cm-triage-notarrived"]);
    let f = finding(&d, TRIAGE);
    assert_eq!(
        values(f),
        [("package", vec!["CS100026"]), ("site", vec!["CS1"])]
    );
    assert_eq!(remedies(f), ["r_site_links", "r_resend"]);
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Text {
            text: "On site CS1 and on the DP's site, clear any error the Scheduler, Sender and Despooler logs show for CS100026."
                .into()
        }
    );
    assert_eq!(
        f.remediation[1].steps[2],
        Step::Command {
            text: "Reset it:".into(),
            command: "UPDATE PkgStatus SET SourceVersion = 0 WHERE Type = 1 AND ID = 'CS100026' AND SiteCode = 'SITECODE'".into()
        }
    );
    // Four tries, 45 minutes apart, all cited from the site server's log.
    assert!(f
        .evidence
        .iter()
        .all(|e| e.path == "cm-triage-notarrived/ps1site-distmgr.log"
            && e.text.contains("hasn't arrived from site CS1")));
}

#[test]
fn unreachable_dp_names_the_dp_and_the_error_and_links_deployment_packages() {
    let d = diagnose(&["cm-triage-unreachable"]);
    let f = finding(&d, TRIAGE);
    assert_eq!(
        values(f),
        [
            (
                "dp_nal",
                vec![
                    r#"["Display=\\PS1DP2.CONTOSO.COM\"]MSWNET:["SMS_SITE=PS1"]\\PS1DP2.CONTOSO.COM\"#
                ]
            ),
            ("win32_error", vec!["53"]),
        ]
    );
    assert_eq!(remedies(f), ["r_reach", "h_deployment_pkg"]);
    assert_eq!(
        f.remediation[1].steps,
        [Step::Link {
            text: "If the missing source belongs to a software update deployment package, continue with".into(),
            target: "CM-deployment-package-distribution-fails".into()
        }]
    );
}

#[test]
fn unreadable_source_names_the_folder_and_error_5() {
    let d = diagnose(&["cm-triage-source"]);
    let f = finding(&d, TRIAGE);
    assert_eq!(
        values(f),
        [
            ("source_dir", vec![r"\\PS1SITE\PKGSOURCE\Viewer 2025"]),
            ("win32_error", vec!["5"]),
        ]
    );
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Text {
            text: "The cited lines name the server or path; the Windows error is 5.".into()
        }
    );
}

#[test]
fn pull_dp_at_capacity_fills_the_job_count_query() {
    let d = diagnose(&["cm-triage-pullcap"]);
    let f = finding(&d, TRIAGE);
    let nal = r#"["Display=\\PS1PDP1.CONTOSO.COM\"]MSWNET:["SMS_SITE=PS1"]\\PS1PDP1.CONTOSO.COM\"#;
    assert_eq!(values(f), [("dp_nal", vec![nal]), ("capacity", vec!["50"])]);
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Command {
            text: format!("Count the unfinished jobs on the site database, NALPATH being {nal}:"),
            // The source page's query as it prints it: its `<>` are SQL,
            // not slots, so the NAL path is named in the text.
            command: "SELECT COUNT(*) FROM DistributionJobs job JOIN DistributionPoints dp ON dp.DPID=job.DPID AND dp.NALPath='NALPATH' WHERE job.State in (2, 3, 4) AND (job.Action<>5) AND (ISNULL(job.SendAction, '') <> '')".into()
        }
    );
}

#[test]
fn bandwidth_signature_rpc_and_retries_carry_their_values() {
    let f = |dir: &str| finding(&diagnose(&[dir]), TRIAGE).clone();
    let bw = f("cm-triage-bandwidth");
    assert_eq!(
        values(&bw),
        [("dp", vec!["PS1DP1.CONTOSO.COM"]), ("priority", vec!["2"])]
    );
    let sig = f("cm-triage-sig404");
    assert_eq!(values(&sig)[0], ("pkg_version", vec!["PS100034.2"]));
    assert_eq!(
        sig.remediation[0].steps[0],
        Step::Text {
            text: "Redistribute PS100034.2 to the pull DP, or give the pull DP a source DP that is not on the site server."
                .into()
        }
    );
    // The pull DP's own log, in Pacific time.
    assert!(sig
        .evidence
        .iter()
        .all(|e| e.path == "cm-triage-sig404/ps1pdp1-pulldp.log"));
    let rpc = f("cm-triage-rpc");
    assert_eq!(
        values(&rpc),
        [(
            "error_count",
            vec!["23", "24", "25", "26", "27", "28", "29", "30"]
        )]
    );
    let retries = f("cm-triage-sendfailed");
    assert_eq!(values(&retries)[0], ("failures", vec!["1", "2", "3", "4"]));
    assert_eq!(
        values(&retries)[1].1[0],
        "2/11/2025 10:15:00 AM Eastern Standard Time"
    );
}

#[test]
fn dp_installation_scenarios() {
    // (scenario, verdict, outcome, path)
    let cases: [(&str, Verdict, &str, StepPath); 5] = [
        (
            "cm-dpinst-healthy",
            Verdict::RuledOut,
            "o_installed",
            &[
                ("worker", "yes"),
                ("iis_3603", "no"),
                ("pxe_started", "yes"),
                ("pxe_done", "yes"),
                ("completed", "yes"),
            ],
        ),
        (
            "cm-dpinst-pxe",
            Verdict::Likely,
            "o_pxe_errors",
            &[
                ("worker", "yes"),
                ("iis_3603", "no"),
                ("pxe_started", "yes"),
                ("pxe_done", "no"),
                ("pxe_errors", "yes"),
            ],
        ),
        (
            "cm-dpinst-iis",
            Verdict::Likely,
            "h_idispatch",
            &[("worker", "yes"), ("iis_3603", "yes")],
        ),
        (
            "cm-dpinst-hman",
            Verdict::Likely,
            "o_hman_failed",
            &[("worker", "no"), ("hman_done", "no")],
        ),
        (
            "cm-dpinst-unfinished",
            Verdict::Likely,
            "o_unfinished",
            &[
                ("worker", "yes"),
                ("iis_3603", "no"),
                ("pxe_started", "no"),
                ("completed", "no"),
            ],
        ),
    ];
    for (dir, want, outcome, steps) in cases {
        let d = diagnose(&[dir]);
        assert_eq!(verdict(&d, DP_INSTALL), (want, Some(outcome)), "{dir}");
        assert_eq!(path(finding(&d, DP_INSTALL)), steps, "{dir}");
        if want == Verdict::RuledOut {
            assert!(
                d.findings
                    .iter()
                    .all(|f| !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)),
                "{dir}"
            );
        } else {
            first_but_for(
                &d,
                DP_INSTALL,
                &["CM-content-distribution-idispatch-error"],
                dir,
            );
        }
    }
}

#[test]
fn dp_installation_follows_the_worker_thread() {
    let d = diagnose(&["cm-dpinst-pxe"]);
    let f = finding(&d, DP_INSTALL);
    let nal = r#"["Display=\\PS1DP3.CONTOSO.COM\"]MSWNET:["SMS_SITE=PS1"]\\PS1DP3.CONTOSO.COM\"#;
    assert_eq!(
        values(f),
        [
            ("dpid", vec!["32"]),
            ("worker", vec!["0x12b4"]),
            ("threads_used", vec!["1"]),
            ("thread_limit", vec!["50"]),
            ("dp_nal", vec![nal]),
            ("dp", vec!["PS1DP3.CONTOSO.COM"]),
        ]
    );
    assert_eq!(remedies(f), ["r_pxe", "r_worker"]);
    assert_eq!(
        f.remediation[1].steps[1],
        Step::Command {
            text: "Name the DP from its ID, on the site database:".into(),
            command: "SELECT * FROM DistributionPoints WHERE DPID = 32".into()
        }
    );
    // The worker's two lines from the site server, then the DP's four
    // setup errors, which also appear when the installation succeeds.
    let cited: Vec<&str> = f.evidence.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        cited,
        [
            "cm-dpinst-pxe/ps1dp3-smsdpprov.log",
            "cm-dpinst-pxe/ps1dp3-smsdpprov.log",
            "cm-dpinst-pxe/ps1dp3-smsdpprov.log",
            "cm-dpinst-pxe/ps1dp3-smsdpprov.log",
            "cm-dpinst-pxe/ps1site-distmgr.log",
            "cm-dpinst-pxe/ps1site-distmgr.log",
        ]
    );

    // The same errors before "Installed PXE" and 2399 rule the fault out.
    let healthy = diagnose(&["cm-dpinst-healthy"]);
    assert_eq!(
        verdict(&healthy, DP_INSTALL),
        (Verdict::RuledOut, Some("o_installed"))
    );

    let upgrade = diagnose(&["cm-dpinst-unfinished"]);
    let f = finding(&upgrade, DP_INSTALL);
    assert_eq!(
        values(f)[..2],
        [("dpid", vec!["5"]), ("worker", vec!["0x8c8"])]
    );
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Text {
            text: "Filter DistMgr.log by worker thread 0x8c8 (DP ID 5, PS1SYS.CONTOSO.COM) and read its last lines: files copied, IIS, MSXML and VC++ redistributable, DP WMI provider, virtual directories, registry, ConfigurePXE."
                .into()
        }
    );
}

#[test]
fn the_idispatch_failure_of_an_installation_hands_over_from_both_articles() {
    let d = diagnose(&["cm-dpinst-iis"]);
    // The installation article cites the worker's lines as well, so it
    // comes before the triage's hand-over.
    assert!(rank(&d, DP_INSTALL) < rank(&d, TRIAGE));
    for article in [DP_INSTALL, TRIAGE] {
        let f = finding(&d, article);
        assert_eq!(
            (f.verdict, f.outcome.as_deref()),
            (Verdict::Likely, Some("h_idispatch"))
        );
        assert_eq!(
            f.remediation[0].steps,
            [Step::Link {
                text: "Continue with".into(),
                target: "CM-content-distribution-idispatch-error".into()
            }]
        );
    }
}

#[test]
fn older_scenarios_keep_their_verdicts() {
    scenario::q319207_scenarios();
    // The SMS 2.0 logs hold none of these components' lines.
    for dir in ["q319189-loop", "q245579-pileup", "q276259-norouting"] {
        let d = diagnose(&[dir]);
        for article in [TRIAGE, DP_INSTALL] {
            assert!(
                d.not_assessed.iter().any(|n| n.article == article)
                    || d.findings.iter().any(|f| f.article == article
                        && !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)),
                "{dir}: {article}"
            );
        }
    }
}
