//! Each model's parameters as the shells show them: name, label, unit and
//! slider range ([`ParamSpec`]), and reading or setting a parameter by its
//! name ([`ModelParams`]). A shell lists [`param_specs`] and needs no code
//! per parameter; an article's `simulator.json` may restate any label, unit
//! or range in its own words (`parameters`).

use serde::{Deserialize, Serialize};

use super::content::ContentParams;
use super::hierarchy::Hierarchy;
use super::params::{Arrivals, Params, HOUR_S, MAX_SITES};
use crate::kb::{ParamSpec, SimDefaults};

fn spec(name: &str, label: &str, unit: &str, (min, max, step): (u64, u64, u64)) -> ParamSpec {
    ParamSpec {
        name: name.into(),
        label: label.into(),
        unit: unit.into(),
        min,
        max,
        step,
        max_from: None,
    }
}

/// A spec whose slider ends at the run's hours.
fn within_run(mut s: ParamSpec) -> ParamSpec {
    s.max_from = Some("hours".into());
    s
}

/// The retry loop's parameters, in display order.
pub fn retry_loop_specs() -> Vec<ParamSpec> {
    vec![
        spec(
            "sites",
            "Sites below the central site",
            "sites",
            (0, 2000, 1),
        ),
        spec(
            "failing",
            "Packages with a failing local distribution point",
            "packages",
            (0, 100, 1),
        ),
        spec("hours", "Hours simulated", "h", (1, 24 * 30, 1)),
        spec("retry", "Retry interval", "s", (60, 4 * 3600, 60)),
        spec(
            "other",
            "Other package work arrives every (0 = none)",
            "s",
            (0, 2 * 3600, 60),
        ),
        spec(
            "min-gap",
            "Minimum gap between processings of a package",
            "s",
            (0, 3600, 30),
        ),
        spec("capacity", "Sender capacity", "jobs/h", (100, 20_000, 100)),
        spec("initial", "Jobs already queued", "jobs", (0, 100_000, 500)),
        spec(
            "threshold",
            "Backlog threshold to watch",
            "jobs",
            (0, 200_000, 1000),
        ),
        within_run(spec(
            "key-deleted",
            "Retry keys deleted at T",
            "h",
            (0, 0, 1),
        )),
        within_run(spec(
            "repaired",
            "Distribution point repaired at R",
            "h",
            (0, 0, 1),
        )),
    ]
}

/// The content-distribution model's parameters, in display order.
pub fn content_specs() -> Vec<ParamSpec> {
    vec![
        spec("packages", "Packages distributed", "packages", (0, 500, 1)),
        spec("dps", "Distribution points", "DPs", (0, 1000, 1)),
        spec("hours", "Hours simulated", "h", (1, 24 * 30, 1)),
        spec(
            "max_packages",
            "Packages processed at once",
            "threads",
            (1, 50, 1),
        ),
        spec(
            "threads_per_package",
            "Threads per package",
            "threads",
            (1, 999, 1),
        ),
        spec("retry_count", "Retries", "retries", (0, 1000, 1)),
        spec(
            "retry_delay_minutes",
            "Delay before retrying",
            "min",
            (1, 1440, 1),
        ),
        spec("process_s", "Processing a package", "s", (1, 3600, 10)),
        spec("dp_thread_s", "Creating one DP's job", "s", (1, 600, 1)),
        spec("send_s", "Sending a package to a DP", "s", (1, 7200, 30)),
        spec(
            "fail_s",
            "A failing send gives up after",
            "s",
            (1, 3600, 10),
        ),
        spec(
            "failing_dps",
            "Failing distribution points",
            "DPs",
            (0, 50, 1),
        ),
        spec(
            "bad_source_packages",
            "Packages with a bad source",
            "packages",
            (0, 50, 1),
        ),
        within_run(spec("fixed_at_hours", "Fault fixed at", "h", (0, 0, 1))),
    ]
}

/// The parameters of `defaults`' model, with the article's own labels,
/// units and ranges where it gives them.
pub fn param_specs(defaults: &SimDefaults) -> Vec<ParamSpec> {
    let mut specs = match defaults {
        SimDefaults::RetryLoop(_) => retry_loop_specs(),
        SimDefaults::ContentDistribution(_) => content_specs(),
    };
    for given in defaults.parameters() {
        if let Some(s) = specs.iter_mut().find(|s| s.name == given.name) {
            *s = given.clone();
        }
    }
    specs
}

/// Either model's parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum ModelParams {
    RetryLoop(Params),
    ContentDistribution(ContentParams),
}

impl ModelParams {
    /// A parameter's value by its [`ParamSpec::name`]; `None` for a name the
    /// model does not have.
    pub fn get(&self, name: &str) -> Option<u64> {
        match self {
            ModelParams::RetryLoop(p) => retry_loop_get(p, name),
            ModelParams::ContentDistribution(p) => content_get(p, name),
        }
    }

    /// These parameters with `name` set to `v` (unchanged for an unknown
    /// name). Values too large for a parameter's type are saturated, so the
    /// model refuses them as out of bounds.
    pub fn set(&self, name: &str, v: u64) -> ModelParams {
        match self {
            ModelParams::RetryLoop(p) => ModelParams::RetryLoop(retry_loop_set(p, name, v)),
            ModelParams::ContentDistribution(p) => {
                ModelParams::ContentDistribution(content_set(p, name, v))
            }
        }
    }

    /// The slider's maximum for `spec`, here.
    pub fn slider_max(&self, spec: &ParamSpec) -> u64 {
        spec.max_from
            .as_deref()
            .and_then(|other| self.get(other))
            .unwrap_or(spec.max)
    }
}

fn retry_loop_get(p: &Params, name: &str) -> Option<u64> {
    let midpoint_h = p.horizon_s() / 2 / HOUR_S;
    Some(match name {
        "sites" => p.hierarchy.sites_below(MAX_SITES).unwrap_or(MAX_SITES),
        "failing" => u64::from(p.failing_packages),
        "hours" => u64::from(p.hours),
        "retry" => p.retry_interval_s,
        "other" => p.arrivals.mean_interval_s().unwrap_or(0),
        "min-gap" => p.min_gap_s,
        "capacity" => p.capacity_per_hour,
        "initial" => p.initial_backlog,
        "threshold" => p.backlog_threshold,
        "key-deleted" => p.key_deleted_at_s.map_or(midpoint_h, |s| s / HOUR_S),
        "repaired" => p.repaired_at_s.map_or(midpoint_h, |s| s / HOUR_S),
        _ => return None,
    })
}

fn retry_loop_set(p: &Params, name: &str, v: u64) -> Params {
    let mut p = p.clone();
    let as_u32 = u32::try_from(v).unwrap_or(u32::MAX);
    match name {
        // The same count keeps the hierarchy's shape.
        "sites" if Some(v) != p.hierarchy.sites_below(MAX_SITES) => {
            p.hierarchy = Hierarchy::flat(as_u32)
        }
        "failing" => p.failing_packages = as_u32,
        "hours" => p.hours = as_u32,
        "retry" => p.retry_interval_s = v,
        "other" => {
            p.arrivals = match (v, p.arrivals) {
                (0, _) => Arrivals::Off,
                (_, Arrivals::Poisson { seed, .. }) => Arrivals::Poisson {
                    mean_interval_s: v,
                    seed,
                },
                _ => Arrivals::Every { interval_s: v },
            }
        }
        "min-gap" => p.min_gap_s = v,
        "capacity" => p.capacity_per_hour = v,
        "initial" => p.initial_backlog = v,
        "threshold" => p.backlog_threshold = v,
        "key-deleted" => p.key_deleted_at_s = Some(v.saturating_mul(HOUR_S)),
        "repaired" => p.repaired_at_s = Some(v.saturating_mul(HOUR_S)),
        _ => {}
    }
    p
}

fn content_get(p: &ContentParams, name: &str) -> Option<u64> {
    Some(match name {
        "packages" => u64::from(p.packages),
        "dps" => u64::from(p.dps),
        "hours" => u64::from(p.hours),
        "max_packages" => u64::from(p.max_packages),
        "threads_per_package" => u64::from(p.threads_per_package),
        "retry_count" => u64::from(p.retry_count),
        "retry_delay_minutes" => p.retry_delay_s / 60,
        "process_s" => p.process_s,
        "dp_thread_s" => p.dp_thread_s,
        "send_s" => p.send_s,
        "fail_s" => p.fail_s,
        "failing_dps" => u64::from(p.failing_dps),
        "bad_source_packages" => u64::from(p.bad_source_packages),
        // Never fixed shows as the run's end.
        "fixed_at_hours" => p.fixed_at_s.map_or(u64::from(p.hours), |s| s / HOUR_S),
        _ => return None,
    })
}

fn content_set(p: &ContentParams, name: &str, v: u64) -> ContentParams {
    let mut p = p.clone();
    let as_u32 = u32::try_from(v).unwrap_or(u32::MAX);
    match name {
        "packages" => p.packages = as_u32,
        "dps" => p.dps = as_u32,
        "hours" => p.hours = as_u32,
        "max_packages" => p.max_packages = as_u32,
        "threads_per_package" => p.threads_per_package = as_u32,
        "retry_count" => p.retry_count = as_u32,
        "retry_delay_minutes" => p.retry_delay_s = v.saturating_mul(60),
        "process_s" => p.process_s = v,
        "dp_thread_s" => p.dp_thread_s = v,
        "send_s" => p.send_s = v,
        "fail_s" => p.fail_s = v,
        "failing_dps" => p.failing_dps = as_u32,
        "bad_source_packages" => p.bad_source_packages = as_u32,
        "fixed_at_hours" => {
            p.fixed_at_s = (v < u64::from(p.hours)).then(|| v.saturating_mul(HOUR_S))
        }
        _ => {}
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_reads_and_writes_its_parameter() {
        let models = [
            (
                ModelParams::RetryLoop(Params::default()),
                retry_loop_specs(),
            ),
            (
                ModelParams::ContentDistribution(ContentParams::default()),
                content_specs(),
            ),
        ];
        for (p, specs) in models {
            for s in specs {
                let v = p.get(&s.name).expect("known") + 1;
                assert_eq!(p.set(&s.name, v).get(&s.name), Some(v), "{}", s.name);
            }
            assert_eq!(p.get("nope"), None);
        }
    }

    #[test]
    fn a_fix_at_the_runs_end_is_no_fix() {
        let p = ModelParams::ContentDistribution(ContentParams::default());
        let never = p.set("fixed_at_hours", 168);
        assert!(matches!(never, ModelParams::ContentDistribution(ref c) if c.fixed_at_s.is_none()));
        assert_eq!(never.get("fixed_at_hours"), Some(168));
        let spec = within_run(spec("fixed_at_hours", "x", "h", (0, 0, 1)));
        assert_eq!(never.slider_max(&spec), 168);
    }
}
