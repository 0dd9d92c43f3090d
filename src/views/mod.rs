//! The app's views, one file each; each is a small component over engine data.

pub mod article;
pub mod articles;
#[cfg(feature = "case-tools")]
pub mod case;
pub mod evidence;
pub mod import;
pub mod inputs;
pub mod log;
pub mod outcome;
pub mod session;
pub mod simulator;
pub mod timeline;
pub mod wizard;

/// The case tools of the inputs page (`case.rs`), or nothing in a build
/// without the `case-tools` feature.
pub fn case_tools() -> yew::Html {
    #[cfg(feature = "case-tools")]
    return yew::html! { <case::CaseTools /> };
    #[cfg(not(feature = "case-tools"))]
    yew::Html::default()
}

/// The undo `.reg` beside the clean-up's (`case.rs`), or nothing in a build
/// without the `case-tools` feature.
pub fn undo_reg(finding: &kbwiz_engine::tree::Finding) -> yew::Html {
    #[cfg(feature = "case-tools")]
    return yew::html! { <case::UndoReg finding={finding.clone()} /> };
    #[cfg(not(feature = "case-tools"))]
    {
        let _ = finding;
        yew::Html::default()
    }
}

/// A finding's verdict as the header and the Fix page show it: a word, then
/// the outcome's title without the word it may start with ("Confirmed:
/// ..."). An outcome reached because the
/// inputs lack what the fault needs reads "not indicated", not "insufficient
/// evidence", which is kept for a walk that stopped at a question.
pub fn headline(f: &kbwiz_engine::tree::Finding) -> (&'static str, Option<&str>) {
    let word = match (f.verdict, &f.outcome_title) {
        (kbwiz_engine::kb::tree::Verdict::InsufficientEvidence, Some(_)) => "not indicated",
        (v, _) => kbwiz_engine::remedy::report::verdict_words(v),
    };
    let rest = f
        .outcome_title
        .as_deref()
        .map(|title| match title.split_once(':') {
            Some((head, tail)) if head.trim().eq_ignore_ascii_case(word) => tail.trim(),
            _ => title,
        });
    (word, rest)
}
