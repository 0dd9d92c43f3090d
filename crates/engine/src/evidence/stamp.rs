//! A point in time as a log or export states it: the local wall-clock time as
//! written, the zone or bias that came with it, and the UTC instant when that
//! can be worked out. Local time is kept beside UTC because admins read their
//! logs in local time, and because a zone name can be missing or wrong.

use super::Shared;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stamp {
    /// The wall-clock time as written in the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<NaiveDateTime>,
    /// The UTC instant, when the input gave UTC (GMTDATE) or a usable zone/bias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc: Option<DateTime<Utc>>,
    /// Windows bias in minutes (UTC = local + bias), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bias_minutes: Option<i32>,
    /// The zone name as written (`Pacific Daylight Time`), when written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Shared>,
}

impl Stamp {
    /// The best instant for ordering: UTC when known, else local taken as UTC.
    pub fn sort_key(&self) -> Option<DateTime<Utc>> {
        self.utc.or_else(|| self.local.map(|l| l.and_utc()))
    }
}
