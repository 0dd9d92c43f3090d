//! What a simulation run reports: totals, the per-hour series, the peak and
//! the first crossing of the backlog threshold.

use serde::{Deserialize, Serialize};

/// Totals over the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// Retries of failing packages (first processings are not retries).
    pub retries: u64,
    /// Site-communication jobs queued in Schedule.box.
    pub created: u64,
    /// Jobs the Sender sent.
    pub sent: u64,
    /// Highest backlog reached.
    pub peak_backlog: u64,
    /// Backlog at the end of the run.
    pub backlog_end: u64,
}

/// One hour of the run: `[hour * 3600, (hour + 1) * 3600)` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HourRow {
    pub hour: u32,
    pub retries: u64,
    pub created: u64,
    pub sent: u64,
    /// Backlog at the end of the hour.
    pub backlog: u64,
}

/// The outcome of [`super::simulate`]. Serialises with the totals at top level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimResult {
    #[serde(flatten)]
    pub totals: Totals,
    /// Sites below the central site: the jobs one unpatched processing queues.
    pub sites_below: u64,
    pub failing_packages: u32,
    /// When the backlog first reached its peak, in seconds from the start.
    pub peak_at_s: u64,
    /// The threshold the run watched for ([`super::Params::backlog_threshold`]).
    pub threshold: u64,
    /// When the backlog first exceeded the threshold, if it did.
    pub threshold_exceeded_at_s: Option<u64>,
    pub series: Vec<HourRow>,
    /// The highest backlog within each hour (`series[h].backlog` is the
    /// backlog at the hour's end, which misses a spike the Sender drains
    /// within the hour; charts plot this instead).
    #[serde(default)]
    pub hourly_peak: Vec<u64>,
}
