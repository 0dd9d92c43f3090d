//! What a content-distribution run reports.

use serde::{Deserialize, Serialize};

/// Give-ups listed one by one in a result, at most (the totals count all).
pub const MAX_GAVE_UP_LISTED: usize = 1000;

/// Totals over the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContentTotals {
    /// Jobs: packages x distribution points.
    pub jobs: u64,
    /// Jobs whose content reached their DP.
    pub delivered: u64,
    /// Jobs that gave up once their retries ran out.
    pub gave_up: u64,
    /// Jobs neither delivered nor given up at the end.
    pub waiting_end: u64,
    /// Sends PkgXferMgr started.
    pub sends: u64,
    /// Sends that failed.
    pub send_failures: u64,
    /// Package processings that failed (bad source).
    pub processing_failures: u64,
    /// Most packages waiting for a package processing thread at once.
    pub peak_packages_waiting: u64,
    /// Most jobs waiting for a sending thread at once.
    pub peak_jobs_queued: u64,
    /// When that peak was first reached.
    pub peak_jobs_queued_at_s: u64,
    /// The last delivery, if any.
    pub last_delivery_s: Option<u64>,
}

/// One hour of the run, `[hour * 3600, (hour + 1) * 3600)`; the levels are
/// those at the hour's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContentHour {
    pub hour: u32,
    /// Jobs neither delivered nor given up.
    pub waiting: u64,
    /// Packages waiting for a package processing thread.
    pub packages_waiting: u64,
    /// Jobs waiting for a sending thread.
    pub jobs_queued: u64,
    /// Jobs waiting for their restart time after a failure.
    pub retrying: u64,
    pub delivered: u64,
    /// Failed sends and failed package processings.
    pub failures: u64,
    pub gave_up: u64,
}

/// One distribution point's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DpOutcome {
    /// The DP's number (0-based; the failing ones come first).
    pub dp: u32,
    /// When its last package arrived, if every package did.
    pub complete_at_s: Option<u64>,
    pub delivered: u32,
    pub gave_up: u32,
}

/// A job that gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GaveUp {
    pub at_s: u64,
    pub package: u32,
    pub dp: u32,
}

/// The outcome of a content-distribution run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentResult {
    #[serde(flatten)]
    pub totals: ContentTotals,
    /// When the fault was fixed, if it was ([`super::ContentParams::fixed_at_s`]).
    pub fixed_at_s: Option<u64>,
    pub series: Vec<ContentHour>,
    pub dps: Vec<DpOutcome>,
    /// The first [`MAX_GAVE_UP_LISTED`] give-ups, by time, package and DP.
    pub gave_up: Vec<GaveUp>,
}

impl ContentResult {
    /// When the last DP got all its content, if every DP did.
    pub fn all_complete_at_s(&self) -> Option<u64> {
        self.dps
            .iter()
            .map(|d| d.complete_at_s)
            .try_fold(0, |latest, at| at.map(|at| latest.max(at)))
    }
}
