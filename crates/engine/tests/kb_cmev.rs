//! The Configuration Manager articles that read SQL query results and
//! client logs: CM-duplicate-rows-in-distributioncontentversion,
//! CM-hash-mismatch-error-download-contentinfo-tar and
//! CM-deployment-package-distribution-fails, on the scenarios written by
//! `tests/data/scenarios/make_cmev.py` (logs of servers and clients in
//! several time zones, SQL results, a console status message copy). Each
//! article must reach its exact verdict and rank first among all the
//! articles of the library, and a healthy scenario must rule it out.

use kbwiz_engine::api::DiagnoseReport;
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::tree::Source;

mod scenario;
use scenario::{diagnose, finding, not_assessed_in, ranked_in, top};

const DCV: &str = "CM-duplicate-rows-in-distributioncontentversion";
const HASH: &str = "CM-hash-mismatch-error-download-contentinfo-tar";
const SOURCE: &str = "CM-deployment-package-distribution-fails";
const FAMILY: [&str; 3] = [DCV, HASH, SOURCE];

/// `(question, label, read from evidence)` of a finding's path.
fn path<'d>(d: &'d DiagnoseReport, article: &str) -> Vec<(&'d str, &'d str, bool)> {
    finding(d, article)
        .steps
        .iter()
        .map(|s| {
            (
                s.question.as_str(),
                s.label.as_str(),
                matches!(s.source, Source::Evidence { .. }),
            )
        })
        .collect()
}

/// `(input file, line)` of each fact a finding cites.
fn cited(d: &DiagnoseReport, article: &str) -> Vec<(String, usize)> {
    finding(d, article)
        .evidence
        .iter()
        .map(|e| {
            let file = e.path.rsplit('/').next().unwrap_or("").to_string();
            (file, e.line)
        })
        .collect()
}

fn owned(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
    pairs.iter().map(|(f, l)| (f.to_string(), *l)).collect()
}

#[test]
fn the_detection_query_confirms_stale_rows_first() {
    let d = diagnose(&["cm-dcv-reassigned"]);
    assert_eq!(top(&d), DCV);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            (DCV, Verdict::Confirmed, Some("confirmed")),
            (SOURCE, Verdict::RuledOut, Some("no_missing_source")),
        ]
    );
    assert_eq!(not_assessed_in(&d, &FAMILY), [HASH]);
    assert_eq!(
        path(&d, DCV),
        [("stale_rows", "yes", true), ("version", "unknown", false)]
    );
    let f = finding(&d, DCV);
    assert_eq!(f.packages, ["PS100012", "PS100015", "PS20003A"]);
    assert_eq!(
        f.steps[0].why,
        "3 rows in SQL results where SiteCode differs from SMSSiteCode"
    );
    assert_eq!(
        cited(&d, DCV),
        owned(&[
            ("dcv-detect-cas.tsv", 2),
            ("dcv-detect-cas.tsv", 3),
            ("dcv-detect-cas.tsv", 4)
        ])
    );
    let remedies: Vec<&str> = f.remediation.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(remedies, ["delete_stale_rows", "update_1902"]);
}

#[test]
fn a_listing_of_the_whole_table_shows_the_duplicates() {
    let d = diagnose(&["cm-dcv-table"]);
    assert_eq!(top(&d), DCV);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            (DCV, Verdict::Confirmed, Some("confirmed")),
            (SOURCE, Verdict::RuledOut, Some("no_missing_source")),
        ]
    );
    let f = finding(&d, DCV);
    assert_eq!(f.packages, ["PS100012", "PS100015"]);
    // The moved DP's four rows; DP02's rows repeat nothing, and PS100020's
    // null site code is left out.
    assert_eq!(
        cited(&d, DCV),
        owned(&[
            ("dcv-table-ps1.csv", 2),
            ("dcv-table-ps1.csv", 3),
            ("dcv-table-ps1.csv", 4),
            ("dcv-table-ps1.csv", 5)
        ])
    );
    assert!(
        f.steps[0].why.starts_with(
            "2 distinct SiteCode values in SQL results where SiteCode is not null for DPNALPath"
        ),
        "{}",
        f.steps[0].why
    );
}

#[test]
fn an_empty_detection_result_rules_the_article_out() {
    let d = diagnose(&["cm-dcv-healthy"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            (DCV, Verdict::RuledOut, Some("no_stale_rows")),
            (SOURCE, Verdict::RuledOut, Some("no_missing_source")),
        ]
    );
    // Read from the empty result, cited by its header, not from absence.
    assert_eq!(path(&d, DCV), [("stale_rows", "no", true)]);
    assert_eq!(cited(&d, DCV), owned(&[("dcv-detect-cas.tsv", 1)]));
    assert!(d
        .findings
        .iter()
        .all(|f| !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)));
}

#[test]
fn client_logs_in_two_zones_make_the_hash_mismatch_likely() {
    let d = diagnose(&["cm-hash-clients"]);
    assert_eq!(top(&d), HASH);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [(HASH, Verdict::Likely, Some("likely"))]
    );
    assert_eq!(not_assessed_in(&d, &FAMILY), [SOURCE, DCV]);
    assert_eq!(
        path(&d, HASH),
        [
            ("hash_failed", "yes", true),
            ("several_primaries", "unknown", false)
        ]
    );
    assert_eq!(
        cited(&d, HASH),
        owned(&[
            ("ContentTransferManager-WKS0142.log", 3),
            ("ContentTransferManager-WKS0142.log", 7),
            ("ContentTransferManager-WKS0871.log", 3)
        ])
    );
    let f = finding(&d, HASH);
    let values: Vec<(&str, usize)> = f
        .values
        .iter()
        .map(|v| (v.name.as_str(), v.values.len()))
        .collect();
    assert_eq!(
        values,
        [
            ("provider_type", 1),
            ("expected_hash", 2),
            ("computed_hash", 2)
        ]
    );
    assert_eq!(f.values[0].values, ["24"]);
    // The questions the logs cannot answer name what would.
    let wants: Vec<&str> = f
        .next_artefacts
        .iter()
        .map(|a| a.artefact.as_str())
        .collect();
    assert_eq!(
        wants,
        ["Your answer: the site of each cloud distribution point (Administration > Cloud Services)"]
    );
}

#[test]
fn clean_client_logs_rule_the_hash_mismatch_out() {
    let d = diagnose(&["cm-hash-healthy"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [(HASH, Verdict::RuledOut, Some("no_hash_error"))]
    );
    assert_eq!(path(&d, HASH), [("hash_failed", "no", true)]);
}

#[test]
fn a_missing_source_and_a_shared_location_confirm_the_package_article() {
    let d = diagnose(&["cm-source-shared"]);
    assert_eq!(top(&d), SOURCE);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [(SOURCE, Verdict::Confirmed, Some("confirmed"))]
    );
    assert_eq!(not_assessed_in(&d, &FAMILY), [DCV, HASH]);
    assert_eq!(
        path(&d, SOURCE),
        [
            ("source_missing", "yes", true),
            ("shared_source", "yes", true)
        ]
    );
    let f = finding(&d, SOURCE);
    // The package of the failing line; the other package sharing the
    // source is cited, not named affected.
    assert_eq!(f.packages, ["CAS00042"]);
    assert_eq!(
        cited(&d, SOURCE),
        owned(&[
            ("distmgr-cas.log", 12),
            ("update-packages.csv", 2),
            ("update-packages.csv", 3)
        ])
    );
    assert_eq!(
        f.steps[1].why,
        "2 rows repeating PkgSourcePath in SQL results where PackageType is 5 for PkgSourcePath \\\\SRC01\\Source\\Updates\\SCEP"
    );
    let step = &f.remediation[0].steps[0];
    let text = format!("{step:?}");
    assert!(
        text.contains(
            "\\\\\\\\SRC01\\\\Source\\\\Updates\\\\SCEP\\\\bfdc178c-6e80-47cb-b698-b34dc39b67f4"
        ),
        "{text}"
    );
    // The console's status messages were read beside the logs.
    let viewer_rows = d
        .scan
        .evidence
        .iter()
        .filter(|e| e.input.ends_with("status-viewer-cas.txt"))
        .count();
    assert_eq!(viewer_rows, 4);
}

#[test]
fn own_source_locations_and_no_error_rule_the_package_article_out() {
    let d = diagnose(&["cm-source-healthy"]);
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [(SOURCE, Verdict::RuledOut, Some("no_missing_source"))]
    );
    assert!(d
        .findings
        .iter()
        .all(|f| !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)));
}

/// `(product, score, signs)` of the products the inputs look like.
fn products(d: &DiagnoseReport) -> Vec<(&str, usize, Vec<&str>)> {
    d.products
        .iter()
        .map(|p| {
            (
                p.product.as_str(),
                p.score,
                p.signs.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn inputs_are_recognised_by_format_and_components() {
    let cm = "Microsoft Configuration Manager";
    let sms = "Microsoft Systems Management Server";
    // Three CMTrace logs, two of a component only a ConfigMgr article
    // declares; SQL results and status message copies say nothing.
    let d = diagnose(&["cm-hash-clients"]);
    assert_eq!(
        products(&d),
        [(
            cm,
            6,
            vec![
                "Configuration Manager log format",
                "component ContentTransferManager",
                "component SMS_PACKAGE_TRANSFER_MANAGER"
            ]
        )]
    );
    let d = diagnose(&["cm-source-shared"]);
    assert_eq!(
        products(&d),
        [(cm, 2, vec!["Configuration Manager log format"])]
    );
    // SMS 2.0 trailer logs: distmgr.log and a sender log whose component
    // only SMS articles declare.
    let d = diagnose(&["q319189-loop"]);
    let found = products(&d);
    assert_eq!(found[0].0, sms);
    assert!(found.iter().all(|p| p.0 == sms), "{found:?}");
    // Query results show no product: only the distmgr.log beside them.
    let d = diagnose(&["cm-dcv-table"]);
    assert_eq!(products(&d)[0].0, cm);
    assert_eq!(products(&d)[0].1, 1);
}

#[test]
fn findings_of_the_recognised_product_come_first_within_a_verdict() {
    // A ConfigMgr distmgr.log: the ConfigMgr article ruled out by it comes
    // before every SMS article ruled out by the same log.
    let d = diagnose(&["cm-dcv-reassigned"]);
    let ruled_out: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::RuledOut)
        .map(|f| f.article.as_str())
        .collect();
    // Every ConfigMgr article it rules out (this one among them) before
    // every SMS article.
    let cm_first = ruled_out
        .iter()
        .take_while(|a| a.starts_with("CM-"))
        .count();
    assert!(ruled_out[..cm_first].contains(&SOURCE), "{ruled_out:?}");
    assert!(
        ruled_out[cm_first..].iter().all(|a| a.starts_with('Q')),
        "{ruled_out:?}"
    );
    // An SMS 2.0 distmgr.log: the same ConfigMgr article, ruled out by
    // it too, comes after every SMS article of that verdict.
    let d = diagnose(&["q319189-loop"]);
    let ruled_out: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::RuledOut)
        .map(|f| f.article.as_str())
        .collect();
    let sms_first = ruled_out.iter().take_while(|a| a.starts_with('Q')).count();
    assert!(sms_first > 0, "{ruled_out:?}");
    assert!(
        ruled_out[sms_first..].iter().all(|a| a.starts_with("CM-")),
        "{ruled_out:?}"
    );
    assert!(ruled_out[sms_first..].contains(&SOURCE), "{ruled_out:?}");
}

#[test]
fn sql_rows_rules_name_only_their_columns() {
    use kbwiz_engine::kb::Article;
    let article = r#"{"id": "T1", "title": "t", "product": "p", "versions": [], "keywords": [],
        "last_modified": "2020-01-01", "symptoms": {"section": "S", "summary": ""},
        "cause": {"section": "S", "summary": ""}}"#;
    let tree = r#"{"start": "q", "nodes": [
        {"type": "question", "id": "q", "text": "?", "kind": {"type": "yes_no"},
         "evidence": [
           {"rule": "sql_rows", "columns": [],
            "where": [{"column": "SiteCode", "test": {"differs_from": "SMSSiteCode"}}]},
           {"rule": "sql_rows", "columns": ["PkgID", " "],
            "duplicates": ["DPNALPath"], "per": "pkgid", "distinct": "Other", "packages": "PkgID"}
         ],
         "next": {"yes": "o", "no": "o"}},
        {"type": "outcome", "id": "o", "title": "t", "verdict": "insufficient_evidence", "summary": ""}]}"#;
    let err = Article::from_files(
        "mem/T1",
        &[
            ("article.md", "# S\n"),
            ("article.json", article),
            ("tree.json", tree),
        ],
    )
    .map(|_| ())
    .expect_err("invalid")
    .to_string();
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "mem/T1/tree.json: nodes[0].evidence[0].columns: no columns: a rule must say which results it reads",
            "mem/T1/tree.json: nodes[0].evidence[0].where[0].column: column SiteCode is not one of the rule's columns",
            "mem/T1/tree.json: nodes[0].evidence[0].where[0].test: column SMSSiteCode is not one of the rule's columns",
            "mem/T1/tree.json: nodes[0].evidence[1].columns[1]: empty column name",
            "mem/T1/tree.json: nodes[0].evidence[1].duplicates[0]: column DPNALPath is not one of the rule's columns",
            "mem/T1/tree.json: nodes[0].evidence[1].distinct: column Other is not one of the rule's columns",
        ]
    );
    // An unknown test is a JSON error naming the node and the tests known.
    let tree = tree.replace("differs_from", "differs");
    let err = Article::from_files(
        "mem/T1",
        &[
            ("article.md", "# S\n"),
            ("article.json", article),
            ("tree.json", &tree),
        ],
    )
    .map(|_| ())
    .expect_err("invalid")
    .to_string();
    assert_eq!(
        err,
        "mem/T1/tree.json: nodes[0]: unknown variant `differs`, expected one of `equals`, `not_equals`, `contains`, `at_least`, `is_null`, `same_as`, `differs_from` at line 10 column 8"
    );
}
