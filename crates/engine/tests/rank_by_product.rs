//! A shell that reads its inputs itself (the web app) ranks the findings by
//! product as `api::diagnose` does (`api::rank_by_product`).

use kbwiz_engine::api;
use kbwiz_engine::kb::Kb;

mod scenario;

fn same_order_as_diagnose(dir: &str) {
    let kb = Kb::embedded();
    let files = scenario::inputs(&[dir]);
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let d = api::diagnose(&refs, kb);
    // As the web app holds its inputs: each one's report, entries and
    // evidence completed with the KB.
    let read: Vec<_> = refs
        .iter()
        .map(|(name, bytes)| {
            let (report, evidence, entries) = kbwiz_engine::parse::scan_input(name, bytes);
            let text = String::from_utf8_lossy(bytes);
            let evidence = api::complete_input(name, &text, evidence, &entries, kb);
            (report, entries, evidence)
        })
        .collect();
    let all: Vec<_> = read
        .iter()
        .flat_map(|(_, _, e)| e.iter().cloned())
        .collect();
    let mut findings = kbwiz_engine::tree::diagnose(&all, kb);
    let parts: Vec<_> = read
        .iter()
        .map(|(r, en, ev)| (r, en.as_slice(), ev.as_slice()))
        .collect();
    let products = api::rank_by_product(&mut findings, &parts, kb);
    assert_eq!(products, d.products, "{dir}");
    let order: Vec<&str> = findings
        .iter()
        .filter(|f| api::assessed(f))
        .map(|f| f.article.as_str())
        .collect();
    let expected: Vec<&str> = d.findings.iter().map(|f| f.article.as_str()).collect();
    assert_eq!(order, expected, "{dir}");
}

#[test]
fn configmgr_and_sms_logs_rank_as_the_diagnosis_does() {
    for dir in [
        "cm-dcv-reassigned",
        "cm-hash-clients",
        "q319189-loop",
        "full-fault",
    ] {
        same_order_as_diagnose(dir);
    }
}
