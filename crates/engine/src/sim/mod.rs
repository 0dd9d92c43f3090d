//! The retry-loop simulator: what a package whose local distribution keeps
//! failing and being retried (the fault Q319207 describes) does to a
//! hierarchy over time, and what each remedy changes. The model reads no
//! article; an article's `simulator.json` gives the defaults and how its
//! evidence calibrates the run ([`Calibration`]).
//!
//! # The model
//! Every constant below is a field of [`Params`] (defaults in brackets).
//!
//! - The central (package-creating) site has a [`Hierarchy`] below it; one
//!   unpatched processing of a package queues one site-communication job in
//!   Schedule.box for every site below the central site.
//! - `failing_packages` packages have a failing local distribution point at the
//!   central site. All are first processed at time 0; that first processing is
//!   a send (jobs for every site below), not a retry, patched or not.
//! - Distribution Manager retries a failing package `retry_interval_s` (default 3600)
//!   after its last processing, and also whenever other package work arrives
//!   ([`Arrivals`], every 900 s by default, or seeded Poisson), but never within
//!   `min_gap_s` (default 300) of its last processing, and at most once per instant.
//! - Unpatched, every retry queues a job for every site below (an article's
//!   `simulator.json` may say a retry re-sends nothing: [`simulate_with`],
//!   [`compare_with`] and [`Calibration::resend`]). With `hotfix`,
//!   retries update local distribution points only. With `workaround`, nothing
//!   fails: no retries. With `key_deleted_at_s = T`, no retry happens from T.
//!   With `repaired_at_s = R`, the first processing at or after R succeeds
//!   (and, unpatched, still sends) and ends that package's retries.
//! - The Sender sends `capacity_per_hour` (default 2000) jobs per hour, one at a time
//!   (a single server with a fixed service time); the backlog is what is
//!   queued and not yet sent, starting at `initial_backlog` (default 0).
//!
//! Jobs are fungible: a processing's fan-out is one event with a count and the
//! Sender is advanced in closed form, so a run costs O(packages x instants),
//! not O(sites x retries). Everything is integer arithmetic; Poisson arrivals
//! come from a seeded PCG generator, so a run is a pure function of [`Params`].
//! Invariant: `initial_backlog + created = sent + backlog` at every instant.
//!
//! [`compare`] runs the baseline and every remedy side by side; [`calibrate_for`]
//! proposes parameters from parsed evidence as an article says.
//!
//! A second model, [`content`], simulates Configuration Manager's content
//! distribution (packages x distribution points behind Distribution
//! Manager's thread limits); an article's `simulator.json` chooses the model.
//! [`param_specs`] lists either model's parameters for the shells.

mod arrivals;
mod calibrate;
mod compare;
pub mod content;
mod hierarchy;
mod params;
mod result;
mod run;
mod sender;
mod spec;

#[cfg(not(target_arch = "wasm32"))]
pub use calibrate::{calibrate, calibrate_with};
pub use calibrate::{
    calibrate_for, params_of, Calibrating, Calibration, CalibrationIds, ChildSiteFanOut, Proposed,
    Source,
};
pub(crate) use calibrate::{processing_starts, SAME_PROCESSING_WINDOW_S};
pub use compare::{compare, compare_with, Comparison, Scenario, ScenarioRun};
pub use hierarchy::{Hierarchy, SiteLink};
pub use params::{
    Arrivals, ParamError, Params, HOUR_S, MAX_CAPACITY_PER_HOUR, MAX_HOURS, MAX_PACKAGES,
    MAX_SITES, MAX_WORK,
};
pub use result::{HourRow, SimResult, Totals};
pub use spec::{content_specs, param_specs, retry_loop_specs, ModelParams};

use crate::kb::Resend;

/// Run one scenario, every unpatched retry re-sending to every site below
/// (the model's default). Fails only when `params` are out of bounds.
pub fn simulate(params: &Params) -> Result<SimResult, ParamError> {
    simulate_with(params, Resend::default())
}

/// [`simulate`], each unpatched retry re-sending as `resend` (an article's
/// `simulator.json`) says.
pub fn simulate_with(params: &Params, resend: Resend) -> Result<SimResult, ParamError> {
    let sites = params.validate()?;
    Ok(run::run(params, sites, resend))
}
