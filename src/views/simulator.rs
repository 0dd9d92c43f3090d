//! The simulator view: parameters proposed from the evidence (each saying
//! whether the evidence or a default gave it), every one editable with a
//! slider and a number field, and the engine's comparison of the unpatched
//! baseline with each remedy as one backlog chart and a totals table.
//!
//! All modelling is the engine's (`api::calibrate_model`, from the article's
//! `simulator.json`, and `sim::compare_with` or `sim::content::compare`);
//! the parameters, with their labels, units and ranges, are the model's
//! list (`sim::param_specs`, which the article may restate), read and set
//! by name ([`ModelParams`]). This file maps them to fields and results to a
//! chart and a table. A run is memoised on the parameters, so re-rendering
//! costs nothing and every change re-simulates once. The content-distribution
//! model's view is [`content`].

mod content;

use std::rc::Rc;

use crate::components::chart::{ChartData, Guide, GuideAxis, LineChart, Series};
use crate::components::chart_scale::XAxis;
use crate::components::format::{group, hours_minutes};
use crate::components::param_input::ParamInput;
use crate::shared::Shared;
use crate::state::{calibrated, ViewsMade};
use kbwiz_engine::api::ModelCalibration;
use kbwiz_engine::evidence::Evidence;
use kbwiz_engine::kb::{Kb, ParamSpec, Resend};
use kbwiz_engine::sim::{
    self, Calibration, Comparison, ModelParams, ParamError, Params, Proposed, Scenario, Source,
    HOUR_S,
};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    /// The articles whose simulator models can apply.
    pub kb: Shared<Kb>,
    /// Evidence to calibrate from (all inputs, enriched).
    pub evidence: Shared<Vec<Evidence>>,
    /// The article whose `simulator.json` models the fault (empty: the one
    /// the KB's simulator articles and the evidence point to).
    #[prop_or_default]
    pub article: AttrValue,
    /// Parameters the admin set earlier (restored from storage), if any.
    #[prop_or_default]
    pub params: Option<Params>,
    /// Called with the parameters whenever the admin changes one.
    #[prop_or_default]
    pub on_params: Callback<Params>,
    /// Where the app keeps what it made of the evidence: the calibration
    /// is made once per article and evidence, not on every visit.
    #[prop_or_default]
    pub made: Option<Shared<ViewsMade>>,
}

/// "from the evidence (N facts)".
fn from_evidence(facts: usize) -> String {
    let word = if facts == 1 { "fact" } else { "facts" };
    format!("from the evidence ({} {word})", group(facts as u64))
}

/// The note of a value: `origin` when it is the proposed one, else what
/// was proposed and where from.
fn edited(current: u64, proposed: u64, unit: &str, origin: String) -> String {
    if current == proposed {
        return origin;
    }
    // "1 package", "1 DP": a plural unit word loses its s for one.
    let word = unit.len() > 1 && unit.ends_with('s') && unit.chars().all(char::is_alphabetic);
    let unit = if proposed == 1 && word {
        &unit[..unit.len() - 1]
    } else {
        unit
    };
    format!("edited; proposed {} {unit} ({origin})", group(proposed))
}

/// What the retry loop's calibration proposed for a parameter, by name.
fn proposed(name: &str, c: &Calibration) -> Option<Proposed<u64>> {
    let widen = |p: &Proposed<u32>| Proposed {
        value: u64::from(p.value),
        source: p.source,
        evidence: p.evidence,
    };
    match name {
        "sites" => Some(c.child_sites.clone()),
        "failing" => Some(widen(&c.failing_packages)),
        "hours" => Some(widen(&c.hours)),
        "retry" => Some(c.retry_interval_s.clone()),
        "initial" => Some(c.initial_backlog.clone()),
        _ => None,
    }
}

/// Where a retry-loop parameter's current value came from, in words.
pub fn note(spec: &ParamSpec, c: &Calibration, p: &Params) -> String {
    let name = spec.name.as_str();
    let value = |p: &Params| ModelParams::RetryLoop(p.clone()).get(name).unwrap_or(0);
    let halfway = || {
        format!(
            "default: half-way through the run ({})",
            hours_minutes(p.horizon_s() / 2)
        )
    };
    let origin = match (name, proposed(name, c)) {
        (_, Some(prop)) if prop.source == Source::Evidence => from_evidence(prop.evidence),
        ("other", _) if c.retry_interval_s.source == Source::Evidence => {
            "off: the observed retry interval already includes retries caused by other work"
                .to_string()
        }
        ("key-deleted", _) if p.key_deleted_at_s.is_none() => return halfway(),
        ("repaired", _) if p.repaired_at_s.is_none() => return halfway(),
        ("key-deleted" | "repaired", _) => return "set by you".to_string(),
        _ => "default".to_string(),
    };
    edited(value(p), value(&c.params), &spec.unit, origin)
}

/// One number field per parameter of `specs`, over `params`.
fn param_fields(
    specs: &[ParamSpec],
    params: &ModelParams,
    note: impl Fn(&ParamSpec) -> String,
    change: &Callback<ModelParams>,
) -> Html {
    specs
        .iter()
        .map(|spec| {
            let on_change = {
                let (change, params, name) = (change.clone(), params.clone(), spec.name.clone());
                Callback::from(move |v: u64| change.emit(params.set(&name, v)))
            };
            html! {
                <ParamInput id={format!("sim-{}", spec.name)} label={spec.label.clone()} unit={spec.unit.clone()}
                    value={params.get(&spec.name).unwrap_or(0)} min={spec.min} max={params.slider_max(spec)} step={spec.step.max(1)}
                    note={html! { { note(spec) } }}
                    on_change={on_change} />
            }
        })
        .collect()
}

/// The stable name of a scenario, used as the table row's `data-scenario`.
pub fn scenario_key(s: Scenario) -> &'static str {
    match s {
        Scenario::Baseline => "baseline",
        Scenario::Hotfix => "hotfix",
        Scenario::Workaround => "workaround",
        Scenario::KeyDeleted => "key_deleted",
        Scenario::Repaired => "repaired",
    }
}

/// The scenario that matches the admin's site: the hotfix if installed.
fn yours(p: &Params) -> Scenario {
    if p.hotfix {
        Scenario::Hotfix
    } else {
        Scenario::Baseline
    }
}

fn series_label(run: &sim::ScenarioRun) -> String {
    match run.at_s {
        Some(at) => format!("{} at {}", run.label, hours_minutes(at)),
        None => run.label.clone(),
    }
}

/// Backlog over time per scenario: x is hours from the start (0 = the
/// initial backlog, h = hour h, plotted at its end), y the highest backlog
/// within that hour, so a spike the Sender drains inside an hour still shows.
pub fn chart_data(c: &Comparison, initial_backlog: u64, mine: Scenario) -> ChartData {
    let hours = c.runs.first().map_or(0, |r| r.result.series.len());
    let xs = (0..=hours).map(|h| h as f64).collect();
    let series = c
        .runs
        .iter()
        .map(|run| Series {
            label: series_label(run),
            values: std::iter::once(initial_backlog as f64)
                .chain(run.result.hourly_peak.iter().map(|peak| *peak as f64))
                .collect(),
            emphasis: run.scenario == mine,
        })
        .collect();
    ChartData { xs, series }
}

struct Run {
    comparison: Result<Comparison, ParamError>,
    chart: Option<Rc<ChartData>>,
}

fn run(p: &Params, resend: Resend) -> Run {
    let comparison = sim::compare_with(p, resend);
    let chart = comparison
        .as_ref()
        .ok()
        .map(|c| Rc::new(chart_data(c, p.initial_backlog, yours(p))));
    Run { comparison, chart }
}

/// One sentence on what the unpatched run means for this hierarchy, so a
/// small peak over a short run is not read as harmless.
fn unpatched_sentence(c: &Comparison, p: &Params, folder: &str) -> Option<Html> {
    let run = c.runs.iter().find(|r| r.scenario == Scenario::Baseline)?;
    let t = &run.result.totals;
    let packages = run.result.failing_packages;
    let sites = run.result.sites_below;
    Some(html! {
        <p class="sim-meaning">{ format!(
            "Unpatched, in {} h: {} failing {} {} retried {} times, queuing {} jobs for {} child {}; {folder} peaks at {} jobs{}.",
            group(u64::from(p.hours)),
            group(u64::from(packages)),
            if packages == 1 { "package" } else { "packages" },
            if packages == 1 { "is" } else { "are" },
            group(t.retries),
            group(t.created),
            group(sites),
            if sites == 1 { "site" } else { "sites" },
            group(t.peak_backlog),
            match run.result.peak_at_s {
                0 => " at the start".to_string(),
                at => format!(", {} after the start", hours_minutes(at)),
            },
        ) }</p>
    })
}

/// The last column's name in the stacked (phone) layout.
const THRESHOLD_LABEL: &str = "Backlog above the threshold from";

fn totals_table(c: &Comparison, mine: Scenario) -> Html {
    let cell = |class: &'static str, label: &'static str, value: u64, text: String| {
        html! { <td class={class} data-label={label} data-value={value.to_string()}>{ text }</td> }
    };
    let rows = c.runs.iter().map(|run| {
        let r = &run.result;
        let t = &r.totals;
        let crossed = match r.threshold_exceeded_at_s {
            Some(at) => html! {
                <td class="threshold-at" data-label={THRESHOLD_LABEL} data-value={at.to_string()}>{ hours_minutes(at) }</td>
            },
            None => html! { <td class="threshold-at" data-label={THRESHOLD_LABEL} data-value="">{ "never" }</td> },
        };
        let is_mine = run.scenario == mine;
        html! {
            <tr data-scenario={scenario_key(run.scenario)} class={is_mine.then_some("yours")}>
                <th scope="row">
                    { series_label(run) }
                    if is_mine { <span class="badge">{ "your site" }</span> }
                </th>
                { cell("retries", "Retries", t.retries, group(t.retries)) }
                { cell("created", "Jobs created", t.created, group(t.created)) }
                { cell("sent", "Jobs sent", t.sent, group(t.sent)) }
                { cell("peak", "Peak backlog", t.peak_backlog, group(t.peak_backlog)) }
                { cell("peak-at", "Peak at", r.peak_at_s, hours_minutes(r.peak_at_s)) }
                { cell("backlog-end", "Backlog at end", t.backlog_end, group(t.backlog_end)) }
                { crossed }
            </tr>
        }
    });
    let threshold = c.runs.first().map_or(0, |r| r.result.threshold);
    html! {
        <div class="table-wrap">
            <table class="sim-totals">
                <caption>{ "Totals per scenario" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Scenario" }</th>
                        <th scope="col">{ "Retries" }</th>
                        <th scope="col">{ "Jobs created" }</th>
                        <th scope="col">{ "Jobs sent" }</th>
                        <th scope="col">{ "Peak backlog" }</th>
                        <th scope="col">{ "Peak at" }</th>
                        <th scope="col">{ "Backlog at end" }</th>
                        <th scope="col">{ format!("Backlog above {} from", group(threshold)) }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

fn guides(p: &Params) -> Vec<Guide> {
    let midpoint = p.horizon_s() / 2;
    let hours = |s: u64| s as f64 / HOUR_S as f64;
    vec![
        Guide {
            axis: GuideAxis::X,
            at: hours(p.key_deleted_at_s.unwrap_or(midpoint)),
            label: "T".to_string(),
        },
        Guide {
            axis: GuideAxis::X,
            at: hours(p.repaired_at_s.unwrap_or(midpoint)),
            label: "R".to_string(),
        },
        Guide {
            axis: GuideAxis::Y,
            at: p.backlog_threshold as f64,
            label: "threshold".to_string(),
        },
    ]
}

/// The simulator: calibrated from the evidence by the article's own model,
/// or a message saying why no model applies.
#[function_component(SimulatorView)]
pub fn simulator_view(props: &SimulatorProps) -> Html {
    let calibration = use_memo(
        (
            props.kb.clone(),
            props.evidence.clone(),
            props.article.clone(),
            props.made.clone(),
        ),
        |(kb, ev, article, made)| {
            if let Some(kept) = made.as_ref().and_then(|m| m.calibration_of(article)) {
                return kept;
            }
            let made_now = Rc::new(calibrated(kb, ev, article));
            if let Some(m) = made {
                m.keep_calibration(article, Rc::clone(&made_now));
            }
            made_now
        },
    );
    match &**calibration {
        Ok((ModelCalibration::RetryLoop(c), specs)) => html! {
            <SimulatorRun calibration={Shared(Rc::new(c.clone()))} specs={Shared(Rc::clone(specs))} params={props.params.clone()} on_params={props.on_params.clone()} />
        },
        Ok((ModelCalibration::ContentDistribution(c), specs)) => html! {
            <content::ContentRun calibration={Shared(Rc::new(c.clone()))} specs={Shared(Rc::clone(specs))} />
        },
        Err(e) => html! {
            <section class="simulator" aria-labelledby="sim-h">
                <h2 id="sim-h">{ "Simulator" }</h2>
                <p class="sim-error" role="alert">{ e.clone() }</p>
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct RunProps {
    calibration: Shared<Calibration>,
    /// The model's parameters, labelled as the article says.
    specs: Shared<Vec<ParamSpec>>,
    params: Option<Params>,
    on_params: Callback<Params>,
}

/// The parameters, the chart and the totals over one calibration.
#[function_component(SimulatorRun)]
fn simulator_run(props: &RunProps) -> Html {
    let calibration = props.calibration.0.clone();
    let params = {
        let proposed = calibration.params.clone();
        let restored = props.params.clone();
        use_state_eq(move || restored.unwrap_or(proposed))
    };
    {
        // New evidence or restored parameters from the app replace ours.
        let params = params.clone();
        let calibration = Rc::clone(&calibration);
        use_effect_with(
            (props.params.clone(), props.calibration.clone()),
            move |(restored, _)| {
                params.set(
                    restored
                        .clone()
                        .unwrap_or_else(|| calibration.params.clone()),
                );
            },
        );
    }
    let result = use_memo(((*params).clone(), calibration.resend), |(p, resend)| {
        run(p, *resend)
    });

    let change = {
        let params = params.clone();
        let on_params = props.on_params.clone();
        Callback::from(move |next: Params| {
            if next != *params {
                params.set(next.clone());
                on_params.emit(next);
            }
        })
    };
    let fields = {
        let change = change.reform(|next: ModelParams| match next {
            ModelParams::RetryLoop(p) => p,
            ModelParams::ContentDistribution(_) => Params::default(),
        });
        let p: &Params = &params;
        param_fields(
            &props.specs.0,
            &ModelParams::RetryLoop(p.clone()),
            |spec| note(spec, &calibration, p),
            &change,
        )
    };
    let on_hotfix = {
        let change = change.clone();
        let params = params.clone();
        Callback::from(move |_: Event| {
            change.emit(Params {
                hotfix: !params.hotfix,
                ..(*params).clone()
            })
        })
    };
    let on_reset = {
        let change = change.clone();
        let proposed = calibration.params.clone();
        Callback::from(move |_: MouseEvent| change.emit(proposed.clone()))
    };

    let central = calibration
        .central_site
        .clone()
        .unwrap_or_else(|| "not seen in the evidence".to_string());
    // Where the jobs pile up, as the article names it (its last folder).
    let folder = calibration
        .backlog_folder
        .as_deref()
        .map(|f| f.rsplit('\\').next().unwrap_or(f).to_string())
        .unwrap_or_else(|| "the queue".to_string());
    let article_id = calibration.article.clone().unwrap_or_default();
    let output = match (&result.comparison, &result.chart) {
        (Ok(c), Some(chart)) => html! {
            <>
                { for unpatched_sentence(c, &params, &folder) }
                <LineChart data={Rc::clone(chart)} title={format!("{folder} backlog by scenario")}
                    x_label="Time from the first processing" x_unit="h"
                    y_label="Backlog (highest in each hour)" y_unit="jobs" x_axis={XAxis::Hours} guides={guides(&params)} />
                <p class="hint sim-reading">{ "The chart plots the highest backlog within each hour. The table's \"Peak backlog\" is that highest point and \"Peak at\" the moment it was reached; \"Backlog at end\" is the count at the run's last second, which can be below the last hour's high." }</p>
                { totals_table(c, yours(&params)) }
            </>
        },
        (Err(e), _) => html! {
            <p class="sim-error" role="alert">{ format!("Cannot simulate these parameters: {e}.") }</p>
        },
        (Ok(_), None) => html! {},
    };

    html! {
        <section class="simulator" aria-labelledby="sim-h">
            <h2 id="sim-h">{ "Simulator" }</h2>
            <p class="sim-intro">
                { format!("What the retry loop does to {folder} over time, unpatched and with each remedy. Values are proposed from your evidence; change any of them. Central site: ") }
                <strong class="central-site">{ central }</strong>{ "." }
            </p>
            <form class="sim-params" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset>
                    <legend>{ "Parameters" }</legend>
                    <div class="param-grid">{ fields }</div>
                    <div class="param param-check">
                        <input type="checkbox" id="sim-hotfix" checked={params.hotfix} onchange={on_hotfix} />
                        <label for="sim-hotfix">{ format!("The {article_id} fix is installed at the central site") }</label>
                    </div>
                    <button type="button" class="sim-reset" onclick={on_reset}>{ "Reset to proposed values" }</button>
                </fieldset>
            </form>
            <div class="sim-output">{ output }</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(p: &Params, name: &str, v: u64) -> Params {
        match ModelParams::RetryLoop(p.clone()).set(name, v) {
            ModelParams::RetryLoop(p) => p,
            ModelParams::ContentDistribution(_) => unreachable!("same model"),
        }
    }

    #[test]
    fn sites_keep_the_hierarchy_until_changed() {
        let p = Params::default();
        assert_eq!(set(&p, "sites", 110).hierarchy, p.hierarchy);
        assert_eq!(
            set(&p, "sites", 7).hierarchy,
            kbwiz_engine::sim::Hierarchy::flat(7)
        );
    }

    #[test]
    fn zero_other_work_switches_arrivals_off() {
        use kbwiz_engine::sim::Arrivals;
        let p = set(&Params::default(), "other", 0);
        assert_eq!(p.arrivals, Arrivals::Off);
        let p = set(&p, "other", 600);
        assert_eq!(p.arrivals, Arrivals::Every { interval_s: 600 });
    }

    #[test]
    fn oversized_values_reach_the_engine_as_errors() {
        let p = set(&Params::default(), "hours", u64::MAX);
        assert_eq!(p.hours, u32::MAX);
        assert!(sim::compare(&p).is_err());
    }

    #[test]
    fn edited_values_say_what_was_proposed() {
        let origin = || "default".to_string();
        assert_eq!(edited(5, 5, "packages", origin()), "default");
        assert_eq!(
            edited(5, 1, "packages", origin()),
            "edited; proposed 1 package (default)"
        );
        assert_eq!(
            edited(5, 1, "DPs", origin()),
            "edited; proposed 1 DP (default)"
        );
        assert_eq!(
            edited(5, 1, "s", origin()),
            "edited; proposed 1 s (default)"
        );
        assert_eq!(from_evidence(1), "from the evidence (1 fact)");
    }

    #[test]
    fn chart_has_a_point_per_hour_plus_the_start() {
        let p = Params::default();
        let c = sim::compare(&p).expect("defaults are valid");
        let data = chart_data(&c, p.initial_backlog, Scenario::Baseline);
        assert_eq!(data.xs.len(), 73);
        assert_eq!(data.series.len(), 5);
        assert!(data.series.iter().all(|s| s.values.len() == 73));
        assert!(data.series[0].emphasis);
    }
}
