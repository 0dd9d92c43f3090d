//! The wizard: the article's tree as steps. Questions evidence answers show
//! the answer and the lines that prove it, with an override; the admin
//! answers the rest; back, jump to any earlier step, restart.

use crate::components::class::class_list;
use crate::components::link::link;
use crate::components::reveal::FocusHeading;
use crate::context::{use_app, use_nav};
use crate::route::Route;
use crate::state::{Action, AppState};
use kbwiz_engine::kb::tree::{Question, QuestionKind};
use kbwiz_engine::remedy::report::verdict_words;
use kbwiz_engine::tree::{number, Answer, EvidenceRef, Position, Source};
use std::rc::Rc;
use yew::prelude::*;

/// How many cited lines a step shows before "+N more".
const FIRST_LINES: usize = 1;

/// The evidence lines behind an answer, each linking to its source: the first
/// one, then "+N more" that opens the rest of those cited (`uncited` were
/// counted, not cited, and are only counted here too).
fn refs(app: &AppState, nav: &Callback<Route>, evidence: &[EvidenceRef], uncited: usize) -> Html {
    if evidence.is_empty() {
        return Html::default();
    }
    let item = |r: &EvidenceRef| {
        let input = app.inputs.iter().find(|i| i.name == r.path);
        html! {
            <li class="evidence-item">
                if let Some(input) = input {
                    { link(nav, Route::Log { input: input.id, line: r.line }, Some("source"), html! { format!("{}:{}", r.path, r.line) }) }
                } else {
                    <span class="source">{ format!("{}:{}", r.path, r.line) }</span>
                }
                <code class="line">{ r.text.clone() }</code>
            </li>
        }
    };
    let more = evidence.len() + uncited - FIRST_LINES.min(evidence.len());
    html! {
        <>
            <ul class="proof">{ for evidence.iter().take(FIRST_LINES).map(item) }</ul>
            if more > 0 {
                <details class="more">
                    <summary>{ format!("+{more} more {}", plural(more, "line", "lines")) }</summary>
                    <ul class="proof">{ for evidence.iter().skip(FIRST_LINES).map(item) }</ul>
                    if uncited > 0 { <p class="hint">{ format!("{uncited} more counted, not listed.") }</p> }
                </details>
            }
        </>
    }
}

/// `one` or `many` as `n` asks.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn source_words(s: &Source) -> String {
    match s {
        Source::Evidence { by_absence: false } => "answered by evidence".into(),
        Source::Evidence { by_absence: true } => {
            "answered by evidence (what the inputs do not show)".into()
        }
        Source::Admin => "answered by you".into(),
        Source::AdminOverride { evidence_answer } => {
            format!("your answer overrides the evidence, which said {evidence_answer}")
        }
        Source::NotKnown => "not known".into(),
    }
}

#[derive(Properties)]
pub struct AnswerProps {
    /// A question of the page's KB.
    pub question: Rc<Question>,
    pub on_answer: Callback<Answer>,
    /// Id prefix for the inputs (unique per rendered question).
    pub prefix: AttrValue,
}

/// The same question is the same controls: compared by ID and kind, not
/// field by field (help text and branches do not change the controls).
impl PartialEq for AnswerProps {
    fn eq(&self, other: &Self) -> bool {
        (Rc::ptr_eq(&self.question, &other.question)
            || (self.question.id == other.question.id && self.question.kind == other.question.kind))
            && self.on_answer == other.on_answer
            && self.prefix == other.prefix
    }
}

/// Answer controls fitting the question's kind.
#[function_component(AnswerControls)]
pub fn answer_controls(props: &AnswerProps) -> Html {
    let value = use_state(String::new);
    let refused = use_state(|| None::<String>);
    let emit = |a: Answer| {
        let cb = props.on_answer.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let unknown = props
        .question
        .next
        .contains_key(kbwiz_engine::kb::tree::UNKNOWN)
        .then(|| html! { <button type="button" onclick={emit(Answer::Unknown)}>{ "I don't know" }</button> });
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                value.set(i.value());
            }
        })
    };
    let id = format!("{}-value", props.prefix);
    let error_id = format!("{}-error", props.prefix);
    // A typed answer that does not fit the question is refused beside its
    // field, in the admin's terms, instead of reaching the session.
    let typed = |kind: &'static str, make: fn(&str) -> Option<Answer>, hint: String| {
        let cb = props.on_answer.clone();
        let v = value.clone();
        let refuse = refused.clone();
        let question_kind: QuestionKind = props.question.kind.clone();
        let submit = Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = v.trim();
            match make(text).filter(|a| a.label(&question_kind).is_some()) {
                Some(a) => {
                    refuse.set(None);
                    cb.emit(a);
                }
                None => refuse.set(Some(refusal(&question_kind, text))),
            }
        });
        html! {
            <form class="answer-form" onsubmit={submit}>
                <label for={id.clone()}>{ hint }</label>
                <input id={id.clone()} type={kind} value={(*value).clone()} oninput={on_value.clone()}
                    aria-invalid={refused.is_some().then_some("true")}
                    aria-describedby={refused.is_some().then(|| error_id.clone())} />
                <button type="submit">{ "Answer" }</button>
                if let Some(why) = &*refused {
                    <p class="field-error" id={error_id.clone()} role="alert">{ why.clone() }</p>
                }
            </form>
        }
    };
    let controls = match &props.question.kind {
        QuestionKind::YesNo => html! {
            <>
                <button type="button" class="yes" onclick={emit(Answer::Yes)}>{ "Yes" }</button>
                <button type="button" class="no" onclick={emit(Answer::No)}>{ "No" }</button>
            </>
        },
        QuestionKind::Choice { options } => html! {
            for o in options.iter() {
                <button type="button" onclick={emit(Answer::Choice(o.id.clone()))}>{ o.label.clone() }</button>
            }
        },
        QuestionKind::Number { threshold, unit } => typed(
            "number",
            |s| number(s).map(Answer::Number),
            format!(
                "Number{} (threshold {})",
                unit.as_ref()
                    .map(|u| format!(" of {u}"))
                    .unwrap_or_default(),
                number::display(*threshold)
            ),
        ),
        QuestionKind::Version { threshold } => typed(
            "text",
            |s| (!s.is_empty()).then(|| Answer::Version(s.to_string())),
            format!("Version (fixed in {threshold})"),
        ),
    };
    html! { <div class="answers">{ controls }{ for unknown }</div> }
}

/// Why a typed answer was refused, said beside its field.
fn refusal(kind: &QuestionKind, text: &str) -> String {
    match kind {
        QuestionKind::Version { threshold } if text.is_empty() => {
            format!("Type a version, such as {threshold}.")
        }
        QuestionKind::Version { threshold } => format!(
            "“{text}” is not a version: type its numbers with dots between them, such as {threshold}."
        ),
        _ if text.is_empty() => "Type a number.".to_string(),
        _ => format!("“{text}” is not a number."),
    }
}

/// One answered step, with "change" and, for evidence answers, "override".
/// The step is read from the app's state by its index rather than passed in:
/// the item renders again whenever that state changes anyway (`use_app`),
/// and a copy of the step in its props, compared on every render, only
/// cost time and wasm.
#[derive(Properties, PartialEq)]
struct StepProps {
    index: usize,
}

#[function_component(StepItem)]
fn step_item(props: &StepProps) -> Html {
    let app = use_app();
    let nav = use_nav();
    let overriding = use_state(|| false);
    let Some(step) = app.session.steps.get(props.index) else {
        return Html::default();
    };
    let question = app
        .kb
        .article(&app.session.article)
        .and_then(|a| a.node(&step.question))
        .and_then(|n| match n {
            kbwiz_engine::kb::tree::Node::Question(q) => Some(q),
            _ => None,
        });
    let change = {
        let app = app.clone();
        let q = step.question.clone();
        Callback::from(move |_| app.dispatch(Action::Jump(q.clone())))
    };
    let toggle = {
        let o = overriding.clone();
        Callback::from(move |_| o.set(!*o))
    };
    let on_override = {
        let app = app.clone();
        let q = step.question.clone();
        let o = overriding.clone();
        Callback::from(move |answer| {
            o.set(false);
            app.dispatch(Action::Override {
                question: q.clone(),
                answer,
            });
        })
    };
    let by_evidence = matches!(step.source, Source::Evidence { .. });
    html! {
        <li class={class_list(&[Some("step"), by_evidence.then_some("by-evidence"), matches!(step.source, Source::AdminOverride { .. }).then_some("override")])}>
            <p class="q">{ step.text.clone() }</p>
            <p class="a"><strong>{ step.answer.to_string() }</strong>{ format!(" — {}", source_words(&step.source)) }</p>
            <p class="why">{ step.why.clone() }</p>
            { refs(&app, &nav, &step.evidence, step.uncited) }
            <div class="row">
                <button type="button" onclick={change}>{ "Change this answer" }</button>
                if by_evidence {
                    <button type="button" class="override-toggle" onclick={toggle} aria-expanded={(*overriding).to_string()}>{ "Override" }</button>
                }
            </div>
            if *overriding {
                if let Some(q) = question {
                    <AnswerControls question={Rc::new(q.clone())} on_answer={on_override} prefix={format!("override-{}", props.index)} />
                }
            }
        </li>
    }
}

/// The wizard: the steps so far and the current question or outcome. A
/// function of the app's state rather than a component of its own (it has
/// no state), which saves the wasm a component's machinery.
pub fn wizard_view(app: &UseReducerHandle<AppState>, nav: &Callback<Route>) -> Html {
    let kb = &*app.kb;
    let position = app.session.position(kb);
    let act = |a: fn() -> Action| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(a()))
    };
    let steps =
        (0..app.session.steps.len()).map(|index| html! { <StepItem key={index} {index} /> });
    let current = match &position {
        Err(e) => html! { <p class="error" role="alert">{ e.to_string() }</p> },
        Ok(Position::Question {
            question,
            suggested,
        }) => {
            let on_answer = {
                let app = app.clone();
                Callback::from(move |a| app.dispatch(Action::Answer(a)))
            };
            html! {
                <div class="current question" key={question.id.clone()}>
                    <FocusHeading text={question.text.clone()} />
                    if !question.help.is_empty() { <p class="help">{ question.help.clone() }</p> }
                    if let Some(s) = suggested {
                        <div class="suggested">
                            <p>{ "Evidence answers: " }<strong>{ s.answer.to_string() }</strong>{ format!(" — {}", s.why) }</p>
                            { refs(app, nav, &s.evidence, s.uncited) }
                            <button type="button" id="accept" class="primary" onclick={act(|| Action::Accept)}>{ "Accept the evidence answer" }</button>
                            <button type="button" onclick={act(|| Action::Advance)}>{ "Accept all evidence answers" }</button>
                            <p class="hint">{ "Or answer yourself (recorded as an override when it differs):" }</p>
                        </div>
                    } else if let Some(a) = &question.artefact {
                        <p class="hint">{ format!("Evidence could answer this if you add: {a}") }</p>
                    }
                    <AnswerControls question={Rc::new((*question).clone())} {on_answer} prefix="current" />
                </div>
            }
        }
        Ok(Position::Outcome { outcome }) => {
            let to_fix = {
                let nav = nav.clone();
                Callback::from(move |_| nav.emit(Route::Outcome))
            };
            html! {
                <div class="current outcome-reached" key={outcome.id.clone()}>
                    <FocusHeading text={outcome.title.clone()} />
                    <p class="verdict-line">{ "Verdict: " }<strong>{ verdict_words(outcome.verdict) }</strong></p>
                    <p>{ outcome.summary.clone() }</p>
                    <button type="button" class="primary" id="to-fix" onclick={to_fix}>{ "What to do" }</button>
                </div>
            }
        }
    };
    html! {
        <section class="wizard" aria-labelledby="wizard-h">
            <h2 id="wizard-h">{ format!("Wizard: {}", app.session.article) }</h2>
            <div class="row">
                <button type="button" id="back" onclick={act(|| Action::Back)} disabled={app.session.steps.is_empty()}>{ "Back" }</button>
                <button type="button" id="restart" onclick={act(|| Action::Restart)} disabled={app.session.steps.is_empty()}>{ "Restart" }</button>
            </div>
            <ol class="steps">{ for steps }</ol>
            { current }
        </section>
    }
}

/// A finite number as a number input gives it (`12`, `-1.5`, `1e3`), read by
/// the browser's own number conversion (JS unary `+`, which cannot throw on a
/// string): Rust's float parser would add about 15 KB gzip of tables and code
/// to the wasm for this one field. Empty text is no number.
fn number(text: &str) -> Option<f64> {
    if text.trim().is_empty() {
        return None;
    }
    let n = wasm_bindgen::JsValue::from_str(text).unchecked_into_f64();
    n.is_finite().then_some(n)
}
