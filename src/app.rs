//! The top-level component: state (one reducer), routing (the page hash on the
//! site, internal state in a widget), persistence, the header with the current
//! verdict, the navigation and the current view.

use crate::components::class::class_list;
use crate::context::AppContext;
use crate::embed::{Embed, VerdictEvent};
use crate::route::Route;
use crate::state::{Action, AppState};
use crate::views;
use yew::prelude::*;

/// Props of the app root: `embed` is `None` for the site and the offline file,
/// and set by the widget shell for a `<kbwiz-widget>`.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub embed: Option<Embed>,
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embed = props.embed.clone();
    let embedded = embed.is_some();
    // The KB as the page loaded it; from here on the state holds its own.
    let kb = crate::shared::Shared(crate::library::kb());
    let named = embed
        .as_ref()
        .map(|e| e.article.clone())
        .filter(|a| kb.article(a).is_some());
    let pinned = named.is_some();
    let article = named
        .or_else(|| {
            // No article named: the KB's first; the diagnosis moves the
            // wizard to the strongest finding once there is evidence.
            kb.articles().first().map(|a| a.id().to_string())
        })
        .unwrap_or_default();

    // State: restored from storage on the site; fresh in a widget.
    let restore_error = use_mut_ref(|| None::<String>);
    let state = {
        let article = article.clone();
        let restore_error = restore_error.clone();
        use_reducer(move || {
            if !embedded {
                match crate::storage::load(kb.clone()) {
                    Some(Ok(state)) => return state,
                    Some(Err(e)) => {
                        *restore_error.borrow_mut() =
                            Some(format!("The saved session could not be restored: {e}"))
                    }
                    None => {}
                }
            }
            let mut fresh = AppState::new(kb, &article);
            fresh.article_pinned = pinned;
            fresh
        })
    };
    crate::derive::use_stepwise_diagnosis(state.clone());
    crate::derive::use_views_made(state.clone());
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if let Some(e) = restore_error.borrow_mut().take() {
                state.dispatch(Action::Notice(Some(e)));
            }
        });
    }

    // Routing.
    let route = use_state(|| {
        if embedded {
            Route::Inputs
        } else {
            Route::from_hash(&current_hash())
        }
    });
    {
        let route = route.clone();
        use_effect_with(embedded, move |embedded| {
            let listener = (!*embedded).then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route.set(Route::from_hash(&current_hash()));
                })
            });
            move || drop(listener)
        });
    }
    let navigate = {
        let route = route.clone();
        Callback::from(move |to: Route| {
            if embedded {
                route.set(to);
            } else {
                gloo::utils::window()
                    .location()
                    .set_hash(&to.to_string())
                    .ok();
                route.set(to);
            }
        })
    };

    // An article the admin chose on the first view, before the app came.
    {
        let state = state.clone();
        let navigate = navigate.clone();
        use_effect_with((), move |_| {
            crate::start::handoff::restore_page();
            if let Some(id) = crate::start::handoff::take(|p| p.pick.take()).flatten() {
                state.dispatch(Action::SelectArticle(id));
                navigate.emit(Route::Wizard);
            }
        });
    }

    // Persist the session after every change (site only).
    {
        let state = state.clone();
        use_effect_with(state.clone(), move |s| {
            if !embedded {
                let problem = crate::storage::save(s);
                if problem.is_some() && problem != s.notice {
                    state.dispatch(Action::Notice(problem));
                }
            }
        });
    }

    // The finding as the session stands, worked out once per render (it walks
    // the tree over every fact); none before there is input to judge.
    let finding = (!state.inputs.is_empty())
        .then(|| state.finding())
        .flatten();
    // Tell a widget's host about verdict changes.
    let verdict = finding.as_ref().map(|f| (f.verdict, f.outcome.clone()));
    {
        let embed = embed.clone();
        let article = state.session.article.clone();
        use_effect_with(verdict.clone(), move |v| {
            if let (Some(embed), Some((verdict, outcome))) = (embed, v.clone()) {
                let word = verdict.name().to_string();
                embed.on_verdict.emit(VerdictEvent {
                    article,
                    verdict: word,
                    outcome,
                });
            }
        });
    }

    let context = AppContext {
        state: state.clone(),
        navigate: navigate.clone(),
        embedded,
        compact: embed.as_ref().is_some_and(|e| e.compact),
    };
    let theme = embed.as_ref().map(|e| e.theme).unwrap_or_default();
    let tab = route.tab();
    let view = match (*route).clone() {
        Route::Inputs => html! { <views::inputs::InputsView /> },
        Route::Evidence => html! { <views::evidence::EvidenceView /> },
        Route::Timeline => html! { <views::timeline::TimelineView /> },
        Route::Log { input, line } => html! { <views::log::LogView {input} {line} /> },
        Route::Wizard => views::wizard::wizard_view(&state, &navigate),
        Route::Outcome => html! { <views::outcome::OutcomeView /> },
        Route::Simulator => {
            let on_params = {
                let state = state.clone();
                Callback::from(move |p| state.dispatch(Action::SetParams(p)))
            };
            html! { <views::simulator::SimulatorView kb={state.kb.clone()} evidence={state.evidence.clone()} article={AttrValue::from(state.session.article.clone())} params={state.sim_params.clone()} {on_params} made={Some(state.made.clone())} /> }
        }
        Route::Article(id) => {
            html! { <views::article::ArticleView id={id} kb={state.kb.clone()} /> }
        }
        Route::Import => html! { <views::import::ImportView /> },
    };
    // The simulator's tab only for an article with a model of its fault.
    let has_model = state
        .kb
        .article(&state.session.article)
        .is_some_and(|a| a.simulator.is_some());
    let nav = {
        let navigate = navigate.clone();
        crate::start::nav(&state.session.article, tab, has_model, move |to: &Route| {
            let navigate = navigate.clone();
            let to = to.clone();
            Some(Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                navigate.emit(to.clone());
            }))
        })
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Notice(None)))
    };
    let weighing = (!state.inputs.is_empty()
        && matches!(
            state.diagnosis,
            crate::state::DiagnosisState::Pending { .. }
        ))
    .then(|| {
        html! {
            <p class="verdict verdict-pending" role="status" aria-live="polite">
                { crate::state::WEIGHING }
            </p>
        }
    });
    let verdict_banner = finding.as_ref().map(|f| {
        let (word, rest) = views::headline(f);
        let class = format!("verdict verdict-{}", f.verdict.name());
        html! {
            <p class={class} role="status" aria-live="polite">
                <span class="label">{ format!("{}: ", f.article) }</span>
                <strong class="verdict-word">{ word }</strong>
                if let Some(rest) = rest { <span class="outcome">{ format!(" — {rest}") }</span> }
            </p>
        }
    });

    html! {
        <ContextProvider<AppContext> context={context}>
            <div class={class_list(&[Some("kbwiz"), Some(theme.class()), embedded.then_some("embedded"), props.embed.as_ref().filter(|e| e.compact).map(|_| "compact")])}>
                <header class="top">
                    { crate::start::brand(embedded) }
                    { for verdict_banner }
                    { for weighing }
                </header>
                { nav }
                if let Some(n) = &state.notice {
                    <div class="notice" role="alert">
                        <span>{ n.clone() }</span>
                        <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                    </div>
                }
                <main id="main">
                    { view }
                    if matches!(*route, Route::Inputs) {
                        if !embedded { <views::session::SessionTools /> { views::case_tools() } }
                        { views::articles::article_list(&state, &navigate) }
                    }
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}
