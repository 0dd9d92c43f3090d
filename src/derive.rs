//! The diagnosis of large evidence, and what the views show of it, worked
//! out a step at a time outside the reducer. When the inputs hold more
//! facts than the reducer diagnoses at once
//! ([`crate::state::STEPWISE_FACTS`]), it marks the diagnosis pending;
//! this hook gathers every input's evidence and walks the articles' trees
//! ([`kbwiz_engine::steps::diagnose`]), giving the browser a turn whenever
//! a step has taken its share of a frame, and hands the result back with
//! [`Action::Diagnosed`]. A change of the inputs meanwhile ends the walk at
//! its next turn; the reducer would not take its result anyway.
//!
//! Once large inputs are diagnosed, [`use_views_made`] goes on the same
//! way to make what the Evidence, Simulator, Log and Timeline views show
//! (the evidence grouped for the wizard's article, the simulator's
//! calibration, the inputs' line indexes, the merged timeline), so that a
//! first visit finds it made rather than making it in one long task.

use crate::state::{Action, AppState, DiagnosisState, Input, ViewsMade};
use kbwiz_engine::evidence::Evidence;
use kbwiz_engine::steps::{self, Turn};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Work between two turns for the browser, in milliseconds: half a frame,
/// so a step that runs over still leaves the frame its paint.
const SLICE_MS: f64 = 8.0;

/// Facts copied between two looks at the clock while every input's
/// evidence is gathered into one list.
const COPY_FACTS: usize = 8_192;

/// Facts grouped, or timeline rows gathered, sorted or merged, between two
/// looks at the clock while the views' summary and timeline are made: the
/// timeline's runs of this many rows are what [`Timeline::of`] sorts.
///
/// [`Timeline::of`]: kbwiz_engine::summary::Timeline::of
const VIEW_STEP: usize = 16_384;

/// Bytes of text whose lines are indexed between two looks at the clock.
const LINE_STEP: usize = 1 << 20;

/// Turns given only when the slice is spent, and a stop once `stale`.
struct Turns {
    since: Cell<f64>,
    stale: Rc<Cell<bool>>,
}

impl Turns {
    /// A turn for the browser whatever the slice has left: before a step
    /// that takes a slice of its own, or work that must not lengthen the
    /// task that started it.
    async fn fresh(&self) -> Turn {
        self.since.set(f64::NEG_INFINITY);
        self.turn().await
    }

    async fn turn(&self) -> Turn {
        if js_sys::Date::now() - self.since.get() >= SLICE_MS {
            crate::turn::give_turn().await;
            self.since.set(js_sys::Date::now());
        }
        if self.stale.get() {
            Turn::Stop
        } else {
            Turn::Go
        }
    }
}

/// Work out a pending diagnosis of `state`'s inputs, a step at a time.
#[hook]
pub fn use_stepwise_diagnosis(state: UseReducerHandle<AppState>) {
    let pending = state.diagnosis;
    use_effect_with(pending, move |pending| {
        let stale = Rc::new(Cell::new(false));
        if let DiagnosisState::Pending { change } = *pending {
            let inputs = state.inputs.clone();
            let kb = Rc::clone(&state.kb.0);
            let dispatcher = state.dispatcher();
            let turns = Turns {
                since: Cell::new(js_sys::Date::now()),
                stale: Rc::clone(&stale),
            };
            yew::platform::spawn_local(async move {
                let Some(evidence) = gather(&inputs, &turns).await else {
                    return;
                };
                let diagnosis = steps::diagnose(&evidence, &kb, |_| turns.turn()).await;
                if let Some((findings, index)) = diagnosis {
                    dispatcher.dispatch(Action::Diagnosed {
                        change,
                        evidence,
                        findings,
                        index: Rc::new(index),
                    });
                }
            });
        }
        move || stale.set(true)
    });
}

/// Every input's evidence in input order, as the reducer would list it
/// ([`crate::state::all_evidence`]), copied a slice at a time; `None` if
/// the inputs changed meanwhile.
async fn gather(inputs: &[Rc<Input>], turns: &Turns) -> Option<Rc<Vec<Evidence>>> {
    if inputs.len() == 1 {
        return Some(crate::state::all_evidence(inputs));
    }
    let total = inputs.iter().map(|i| i.evidence.len()).sum();
    let mut all = Vec::with_capacity(total);
    for input in inputs {
        for slice in input.evidence.chunks(COPY_FACTS) {
            all.extend_from_slice(slice);
            if turns.turn().await == Turn::Stop {
                return None;
            }
        }
    }
    Some(Rc::new(all))
}

/// Once large inputs are diagnosed, make what the Evidence, Simulator, Log
/// and Timeline views show of them a step at a time, and keep it: first the evidence
/// grouped for the wizard's article, then the simulator's calibration,
/// then each input's line index, then the merged timeline
/// ([`AppState::made`], [`Input::keep_line_index`]).
/// A view visited meanwhile says what it waits for; the page is told when
/// it is made ([`Action::ViewMade`]). A change of the inputs, of the
/// diagnosis or of the article ends the work at its next turn.
#[hook]
pub fn use_views_made(state: UseReducerHandle<AppState>) {
    let deps = (
        state.diagnosis,
        state.made.clone(),
        state.session.article.clone(),
    );
    use_effect_with(deps, move |(diagnosis, made, article)| {
        let stale = Rc::new(Cell::new(false));
        if *diagnosis == DiagnosisState::Ready && state.views_take_steps() {
            let (made, article) = (Rc::clone(&made.0), article.clone());
            let (inputs, evidence) = (state.inputs.clone(), Rc::clone(&state.evidence.0));
            let kb = Rc::clone(&state.kb.0);
            let dispatcher = state.dispatcher();
            let turns = Turns {
                since: Cell::new(js_sys::Date::now()),
                stale: Rc::clone(&stale),
            };
            let told = move |made: &ViewsMade| {
                if made.take_awaited() {
                    dispatcher.dispatch(Action::ViewMade);
                }
            };
            yew::platform::spawn_local(async move {
                // Not in the task that rendered the diagnosis.
                if turns.fresh().await == Turn::Stop {
                    return;
                }
                let article_id = article;
                if let Some(article) = kb.article(&article_id) {
                    if made.summary_of(article.id()).is_none() {
                        let summary =
                            steps::summarise(&evidence, article, VIEW_STEP, |_| turns.turn()).await;
                        let Some(summary) = summary else { return };
                        made.keep_summary(article.id(), Rc::new(summary));
                        told(&made);
                    }
                }
                // The simulator's calibration, a slice of the facts at a
                // time (made in one step, it is where CI saw tasks of 53 to
                // 54 ms after a 100 MiB verdict).
                if made.calibration_of(&article_id).is_none() {
                    if turns.fresh().await == Turn::Stop {
                        return;
                    }
                    let named = crate::state::named(&article_id);
                    let calibration =
                        steps::calibrate(&evidence, &kb, named, VIEW_STEP, |_| turns.turn()).await;
                    let Some(calibration) = calibration else {
                        return;
                    };
                    let calibrated = crate::state::with_specs(&kb, calibration);
                    made.keep_calibration(&article_id, Rc::new(calibrated));
                }
                // The Timeline shows each row's line, the Log view a page
                // of lines: both read the inputs' line index.
                for input in inputs.iter().filter(|i| !i.lines_indexed()) {
                    let ranges = steps::line_ranges(&input.text, LINE_STEP, |_| turns.turn()).await;
                    let Some(ranges) = ranges else { return };
                    input.keep_line_index(ranges);
                }
                if made.timeline.get().is_none() {
                    let parts = crate::state::timeline_parts(&inputs);
                    let merged = steps::timeline(&parts, VIEW_STEP, |_| turns.turn()).await;
                    let Some(merged) = merged else { return };
                    // Made by a view meanwhile, the one kept is as good.
                    let _ = made.timeline.set(merged);
                    told(&made);
                }
            });
        }
        move || stale.set(true)
    });
}
