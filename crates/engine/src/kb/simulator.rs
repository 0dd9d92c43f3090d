//! Simulator defaults for an article's fault (`simulator.json`): how often a
//! failed job is retried, which messages mark a failure and a fan-out, and what
//! each retry sends again.

use serde::{Deserialize, Serialize};

/// `simulator.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimDefaults {
    /// Seconds between retries of a failed package when the component is idle
    /// (Q319207: at least once an hour, so 3600).
    pub retry_interval_s: u32,
    /// Seconds between retries at the busiest (the component retries more often
    /// while it works on other packages; the article gives no figure, so this
    /// is a model assumption stated in `assumptions`).
    pub min_gap_s: u32,
    /// Message IDs raised when the local distribution point is not updated.
    pub failure_messages: Vec<u32>,
    /// Message IDs raised once per child site per retry.
    pub fan_out_messages: Vec<u32>,
    /// What one retry re-sends: the simulator queues one job per site below
    /// the central site for each unpatched retry, or none.
    pub resend: Resend,
    /// The folder where the resulting jobs queue up, without its drive
    /// (`\SMS\Inboxes\Schedule.box`): listings of it give the simulator's
    /// initial backlog, and reports name it as where the backlog accumulates.
    pub backlog_folder: String,
    /// Default number of child sites in the simulated hierarchy.
    pub child_sites: u32,
    /// Which defaults the article states and which are assumptions.
    #[serde(default)]
    pub assumptions: Vec<String>,
}

/// What a retry re-sends. The default is what the simulator's model does
/// when no article says otherwise: every retry re-sends to every site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resend {
    /// The package information, to every child site (one job per site).
    #[default]
    PackageInfoToEveryChildSite,
    /// Nothing beyond the failed step.
    Nothing,
}
