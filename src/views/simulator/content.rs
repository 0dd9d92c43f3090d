//! The content-distribution model's view: its parameters (as the article
//! labels them), the jobs waiting over time for each setting compared, a
//! totals table, and the distribution points that get their content only
//! after the fault is fixed, or never. All numbers are the engine's
//! (`sim::content::compare`).

use std::rc::Rc;

use super::{edited, from_evidence, param_fields};
use crate::components::chart::{ChartData, Guide, GuideAxis, LineChart, Series};
use crate::components::chart_scale::XAxis;
use crate::components::format::{group, hours_minutes};
use crate::shared::Shared;
use kbwiz_engine::kb::ParamSpec;
use kbwiz_engine::sim::content::{
    self, ContentCalibration, ContentComparison, ContentParamError, ContentParams, ContentResult,
};
use kbwiz_engine::sim::{ModelParams, Source, HOUR_S};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ContentRunProps {
    pub calibration: Shared<ContentCalibration>,
    pub specs: Shared<Vec<ParamSpec>>,
}

/// DPs listed one by one under the table, at most.
const DPS_LISTED: usize = 12;

/// Where a parameter's current value came from, in words.
fn note(spec: &ParamSpec, c: &ContentCalibration, p: &ContentParams) -> String {
    let value = |p: &ContentParams| {
        ModelParams::ContentDistribution(p.clone())
            .get(&spec.name)
            .unwrap_or(0)
    };
    let origin = match c.proposed(&spec.name) {
        Some(prop) if prop.source == Source::Evidence => from_evidence(prop.evidence),
        _ => "default".to_string(),
    };
    edited(value(p), value(&c.params), &spec.unit, origin)
}

/// Jobs waiting (neither delivered nor given up) at each hour's end, per
/// setting; x = 0 is the start, when every job waits.
fn chart_data(c: &ContentComparison) -> ChartData {
    let hours = c.runs.first().map_or(0, |r| r.result.series.len());
    ChartData {
        xs: (0..=hours).map(|h| h as f64).collect(),
        series: c
            .runs
            .iter()
            .enumerate()
            .map(|(i, run)| Series {
                label: run.label.clone(),
                values: std::iter::once(run.result.totals.jobs as f64)
                    .chain(run.result.series.iter().map(|h| h.waiting as f64))
                    .collect(),
                emphasis: i == 0,
            })
            .collect(),
    }
}

fn when(at: Option<u64>) -> String {
    at.map_or_else(|| "never".to_string(), hours_minutes)
}

fn totals_table(c: &ContentComparison) -> Html {
    let cell = |class: &'static str, value: String, text: String| {
        html! { <td class={class} data-value={value}>{ text }</td> }
    };
    let rows = c.runs.iter().map(|run| {
        let (p, r) = (&run.params, &run.result);
        let t = &r.totals;
        let complete = r.all_complete_at_s();
        html! {
            <tr data-scenario={run.scenario.key()}>
                <th scope="row">{ run.label.clone() }</th>
                { cell("threads", p.sending_threads().to_string(), format!("{} x {}", p.max_packages, p.threads_per_package)) }
                { cell("delay", (p.retry_delay_s / 60).to_string(), format!("{} min", p.retry_delay_s / 60)) }
                { cell("delivered", t.delivered.to_string(), group(t.delivered)) }
                { cell("gave-up", t.gave_up.to_string(), group(t.gave_up)) }
                { cell("peak-queue", t.peak_jobs_queued.to_string(), group(t.peak_jobs_queued)) }
                { cell("complete-at", complete.map(|s| s.to_string()).unwrap_or_default(), when(complete)) }
            </tr>
        }
    });
    html! {
        <div class="table-wrap">
            <table class="sim-totals">
                <caption>{ "Totals per setting" }</caption>
                <thead><tr>
                    <th scope="col">{ "Setting" }</th>
                    <th scope="col">{ "Threads" }</th>
                    <th scope="col">{ "Retry delay" }</th>
                    <th scope="col">{ "Jobs delivered" }</th>
                    <th scope="col">{ "Jobs that gave up" }</th>
                    <th scope="col">{ "Most jobs queued" }</th>
                    <th scope="col">{ "Every DP complete at" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// The DPs of the run as configured that complete only after the fix, or
/// never, by number.
fn late_dps(r: &ContentResult) -> Html {
    let fixed = r.fixed_at_s.unwrap_or(0);
    let late: Vec<_> = r
        .dps
        .iter()
        .filter(|d| {
            d.complete_at_s
                .is_none_or(|at| r.fixed_at_s.is_some() && at >= fixed)
        })
        .collect();
    if late.is_empty() {
        return html! {};
    }
    let more = late.len().saturating_sub(DPS_LISTED);
    let items = late.iter().take(DPS_LISTED).map(|d| {
        let text = match d.complete_at_s {
            Some(at) => format!("DP {}: all content at {}", d.dp + 1, hours_minutes(at)),
            None => format!(
                "DP {}: {} packages delivered, {} gave up",
                d.dp + 1,
                group(u64::from(d.delivered)),
                group(u64::from(d.gave_up))
            ),
        };
        html! { <li data-dp={d.dp.to_string()}>{ text }</li> }
    });
    html! {
        <>
            <h3>{ "Distribution points complete after the fix, or never (as configured)" }</h3>
            <ul class="sim-dps">{ for items }</ul>
            if more > 0 { <p class="hint">{ format!("and {} more", group(more as u64)) }</p> }
        </>
    }
}

struct Run {
    comparison: Result<ContentComparison, ContentParamError>,
    chart: Option<Rc<ChartData>>,
}

/// The content-distribution simulator over one calibration.
#[function_component(ContentRun)]
pub fn content_run(props: &ContentRunProps) -> Html {
    let calibration = props.calibration.0.clone();
    let params = {
        let proposed = calibration.params.clone();
        use_state_eq(move || proposed)
    };
    {
        let params = params.clone();
        let calibration = Rc::clone(&calibration);
        use_effect_with(props.calibration.clone(), move |_| {
            params.set(calibration.params.clone())
        });
    }
    let result = use_memo((*params).clone(), |p| {
        let comparison = content::compare(p);
        let chart = comparison.as_ref().ok().map(|c| Rc::new(chart_data(c)));
        Run { comparison, chart }
    });
    let change = {
        let params = params.clone();
        Callback::from(move |next: ModelParams| {
            if let ModelParams::ContentDistribution(p) = next {
                params.set(p);
            }
        })
    };
    let p: &ContentParams = &params;
    let fields = param_fields(
        &props.specs.0,
        &ModelParams::ContentDistribution(p.clone()),
        |spec| note(spec, &calibration, p),
        &change,
    );
    let on_reset = {
        let proposed = calibration.params.clone();
        let params = params.clone();
        Callback::from(move |_: MouseEvent| params.set(proposed.clone()))
    };
    let guides: Vec<Guide> = p
        .fixed_at_s
        .map(|at| Guide {
            axis: GuideAxis::X,
            at: at as f64 / HOUR_S as f64,
            label: "fixed".to_string(),
        })
        .into_iter()
        .collect();
    let output = match (&result.comparison, &result.chart) {
        (Ok(c), Some(chart)) => {
            let first = &c.runs[0].result;
            html! {
                <>
                    <p class="sim-meaning">{ format!(
                        "As configured, in {} h: {} of {} jobs delivered, {} gave up after their retries; at most {} packages waited for a processing thread and {} jobs for a sending thread.",
                        group(u64::from(p.hours)), group(first.totals.delivered), group(first.totals.jobs),
                        group(first.totals.gave_up), group(first.totals.peak_packages_waiting), group(first.totals.peak_jobs_queued),
                    ) }</p>
                    <LineChart data={Rc::clone(chart)} title="Jobs waiting by setting"
                        x_label="Time from the start" x_unit="h"
                        y_label="Jobs neither delivered nor given up" y_unit="jobs" x_axis={XAxis::Hours} guides={guides} />
                    { totals_table(c) }
                    { late_dps(first) }
                </>
            }
        }
        (Err(e), _) => html! {
            <p class="sim-error" role="alert">{ format!("Cannot simulate these parameters: {e}.") }</p>
        },
        (Ok(_), None) => html! {},
    };
    let seen = if calibration.threads_exhausted > 0 {
        format!(
            " Your log shows every package processing thread in use {} times.",
            group(calibration.threads_exhausted as u64)
        )
    } else {
        String::new()
    };
    html! {
        <section class="simulator" aria-labelledby="sim-h">
            <h2 id="sim-h">{ "Simulator" }</h2>
            <p class="sim-intro">{ format!(
                "How packages reach distribution points through Distribution Manager's threads, as configured and with each change. Values are proposed from your evidence; change any of them.{seen}"
            ) }</p>
            <form class="sim-params" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset>
                    <legend>{ "Parameters" }</legend>
                    <div class="param-grid">{ fields }</div>
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

    #[test]
    fn the_chart_starts_with_every_job_waiting() {
        let p = ContentParams {
            packages: 2,
            dps: 3,
            hours: 5,
            ..ContentParams::default()
        };
        let c = content::compare(&p).expect("valid");
        let data = chart_data(&c);
        assert_eq!(data.xs.len(), 6);
        assert_eq!(data.series.len(), 4);
        assert_eq!(data.series[0].values[0], 6.0);
        assert_eq!(data.series[3].values[0], 4.0);
        assert!(data.series[0].emphasis);
    }
}
