//! The diagnosis of large evidence, worked out a step at a time outside the
//! reducer. When the inputs hold more facts than the reducer diagnoses at
//! once ([`crate::state::STEPWISE_FACTS`]), it marks the diagnosis pending;
//! this hook gathers every input's evidence and walks the articles' trees
//! ([`kbwiz_engine::steps::diagnose`]), giving the browser a turn whenever
//! a step has taken its share of a frame, and hands the result back with
//! [`Action::Diagnosed`]. A change of the inputs meanwhile ends the walk at
//! its next turn; the reducer would not take its result anyway.

use crate::state::{Action, AppState, DiagnosisState, Input};
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

/// Turns given only when the slice is spent, and a stop once `stale`.
struct Turns {
    since: Cell<f64>,
    stale: Rc<Cell<bool>>,
}

impl Turns {
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
