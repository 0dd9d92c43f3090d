//! A wizard session reads its facts through an index of them
//! (`Session::fact_index`), kept while the facts are the same: the path it
//! advances along on evidence alone is the start of the diagnosis's path
//! (which goes on through questions evidence leaves open), on every
//! scenario and every article, and the same whether the session made the
//! index itself, was given the diagnosis's, or had its facts changed
//! under it.

use kbwiz_engine::api;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{Diagnosing, Session};
use std::rc::Rc;

mod scenario;

fn path(steps: &[kbwiz_engine::tree::Step]) -> Vec<(String, String)> {
    steps
        .iter()
        .map(|s| (s.question.clone(), s.label.clone()))
        .collect()
}

#[test]
fn a_session_advances_along_the_diagnosis_path() {
    let kb = Kb::embedded();
    let dirs = scenario::dirs();
    let (mut walked, mut steps) = (0, 0);
    for dir in &dirs {
        let files = scenario::inputs(&[dir]);
        let inputs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let evidence = Rc::new(api::scan(&inputs, kb).evidence);
        let (findings, index) = Diagnosing::new(&evidence, kb).finish();
        let index = Rc::new(index);
        for finding in &findings {
            let expected = path(&finding.steps);
            // The session's own index.
            let mut own = Session::new(&finding.article, Rc::clone(&evidence));
            own.advance(kb).expect("advances");
            let advanced = path(&own.steps);
            assert!(
                expected.starts_with(&advanced),
                "{dir} {}: {advanced:?} against {expected:?}",
                finding.article
            );
            steps += advanced.len();
            // The diagnosis's index, given.
            let mut given = Session::new(&finding.article, Vec::new());
            given.set_evidence(Rc::clone(&evidence), Some(Rc::clone(&index)));
            assert!(Rc::ptr_eq(&given.fact_index(), &index));
            given.advance(kb).expect("advances");
            assert_eq!(path(&given.steps), advanced, "{dir} {}", finding.article);
            // An index made of no facts, then the facts changed by hand:
            // the old index is not read.
            let mut changed = Session::new(&finding.article, Vec::new());
            let empty = changed.fact_index();
            changed.evidence = Rc::clone(&evidence);
            assert!(!Rc::ptr_eq(&changed.fact_index(), &empty));
            changed.advance(kb).expect("advances");
            assert_eq!(path(&changed.steps), advanced, "{dir} {}", finding.article);
            walked += 1;
        }
    }
    assert!(walked > 1000, "{walked} article walks");
    assert!(steps > 500, "{steps} steps answered by evidence");
}
