//! Diagnosis never panics, whatever the bytes: arbitrary inputs (and
//! arbitrary lines mixed into a real fault) go through scan + enrich +
//! diagnose, the report stays inert Markdown, and any clean-up file parses
//! back into deletions only.

use kbwiz_engine::evidence::Fact;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse;
use kbwiz_engine::remedy::{cleanup_reg, report_markdown, RegForm};
use kbwiz_engine::tree::diagnose_inputs;
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag};

const FAULT: &str = include_str!("../../../tests/data/scenarios/full-fault/distmgr.log");

fn check(inputs: &[(&str, &[u8])]) {
    let kb = Kb::embedded();
    let d = diagnose_inputs(inputs, kb);
    let md = report_markdown(&d, kb);
    for e in Parser::new(&md) {
        assert!(!matches!(
            e,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::Link { .. })
                | Event::Start(Tag::Image { .. })
        ));
    }
    for f in &d.findings {
        let Some(article) = kb.article(&f.article) else {
            continue;
        };
        for form in [RegForm::Regedit4, RegForm::Version5] {
            if let Ok(reg) = cleanup_reg(f, article, form) {
                let back = parse::scan(&[("c.reg", reg.bytes.as_slice())]);
                assert!(back
                    .evidence
                    .iter()
                    .all(|e| matches!(&e.fact, Fact::RegistryKey(k) if k.deleted)));
                assert_eq!(back.evidence.len(), reg.keys.len());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&[("x", bytes.as_slice())]);
    }

    #[test]
    fn a_fault_with_arbitrary_lines_mixed_in(extra in proptest::collection::vec("[ -~\\t]{0,120}", 0..12), at in 0usize..40) {
        let mut lines: Vec<String> = FAULT.lines().map(str::to_string).collect();
        let at = at.min(lines.len());
        for (i, l) in extra.into_iter().enumerate() {
            lines.insert(at + i, l);
        }
        let text = lines.join("\r\n");
        check(&[("distmgr.log", text.as_bytes())]);
    }
}
