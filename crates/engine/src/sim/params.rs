//! The simulator's inputs: every constant of the retry-loop model as a
//! documented, serde-serialisable parameter, and their validation.
//!
//! Validation refuses anything that would make a run allocate or loop without
//! a sane bound (a run is at most a year long and its work is capped), so a
//! slider or a hand-edited JSON document can never hang the browser.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::hierarchy::Hierarchy;

/// Seconds in an hour: the series' bucket and the unit of the Sender's capacity.
pub const HOUR_S: u64 = 3600;
/// Longest run accepted: 365 days.
pub const MAX_HOURS: u32 = 365 * 24;
/// Most sites below the central site accepted.
pub const MAX_SITES: u64 = 1_000_000;
/// Most failing packages accepted.
pub const MAX_PACKAGES: u32 = 100_000;
/// Highest Sender capacity accepted, in jobs per hour.
pub const MAX_CAPACITY_PER_HOUR: u64 = 1_000_000_000;
/// Most package-checks (packages x trigger instants) one run may cost.
pub const MAX_WORK: u64 = 200_000_000;

/// When other package work reaches Distribution Manager. Each arrival makes it
/// retry every failing package whose last processing is at least
/// [`Params::min_gap_s`] old.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arrivals {
    /// No other package work: only the retry timer triggers retries.
    Off,
    /// One arrival every `interval_s` seconds, the first at `interval_s`.
    Every { interval_s: u64 },
    /// Poisson arrivals with the given mean gap, drawn from a PCG generator
    /// seeded with `seed` (gaps rounded to whole seconds, at least 1 s).
    Poisson { mean_interval_s: u64, seed: u64 },
}

impl Arrivals {
    /// The (mean) gap between arrivals, or `None` when off.
    pub fn mean_interval_s(&self) -> Option<u64> {
        match *self {
            Arrivals::Off => None,
            Arrivals::Every { interval_s } => Some(interval_s),
            Arrivals::Poisson {
                mean_interval_s, ..
            } => Some(mean_interval_s),
        }
    }
}

/// One scenario of the retry loop. Times are seconds from the start of the run,
/// when every failing package is processed for the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// The sites below the central (package-creating) site.
    pub hierarchy: Hierarchy,
    /// Packages whose local distribution point at the central site fails.
    pub failing_packages: u32,
    /// Length of the run in hours (1 to [`MAX_HOURS`]).
    pub hours: u32,
    /// Distribution Manager retries a failing package this long after its last
    /// processing (Q319207: "at least once an hour"). Default 3600 s.
    pub retry_interval_s: u64,
    /// Other package work, which triggers extra retries. Default every 900 s.
    pub arrivals: Arrivals,
    /// A package is never processed twice within this many seconds. Default 300 s.
    pub min_gap_s: u64,
    /// Jobs the Sender takes out of Schedule.box per hour. Default 2000.
    pub capacity_per_hour: u64,
    /// Jobs already waiting in Schedule.box at the start. Default 0.
    pub initial_backlog: u64,
    /// The backlog level whose first crossing is reported. Default 10,000 jobs.
    pub backlog_threshold: u64,
    /// The Q319207 hotfix is installed: retries update local distribution
    /// points only; only the first processing queues site-communication jobs.
    pub hotfix: bool,
    /// The workaround: no local distribution point at the creating site, so
    /// nothing fails and nothing is retried (the first send still happens).
    pub workaround: bool,
    /// The registry key that keeps each failing package retried is deleted
    /// at this time: no retry happens from then on (the first processing is
    /// not a retry).
    pub key_deleted_at_s: Option<u64>,
    /// The distribution point is repaired at this time: a processing at or
    /// after it succeeds (and, unpatched, still sends to every site) and ends
    /// the package's retries.
    pub repaired_at_s: Option<u64>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            hierarchy: Hierarchy::Tree {
                fanout: 10,
                depth: 2,
            },
            failing_packages: 1,
            hours: 72,
            retry_interval_s: 3600,
            arrivals: Arrivals::Every { interval_s: 900 },
            min_gap_s: 300,
            capacity_per_hour: 2000,
            initial_backlog: 0,
            backlog_threshold: 10_000,
            hotfix: false,
            workaround: false,
            key_deleted_at_s: None,
            repaired_at_s: None,
        }
    }
}

/// Why a set of parameters was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParamError {
    #[error("the run must last at least one hour")]
    ZeroHours,
    #[error("a run of {hours} hours is longer than the {max} hours (365 days) allowed")]
    TooManyHours { hours: u32, max: u32 },
    #[error("the Sender's capacity must be at least one job per hour")]
    ZeroCapacity,
    #[error("a Sender capacity of {capacity} jobs per hour is above the {max} allowed")]
    CapacityTooLarge { capacity: u64, max: u64 },
    #[error("the retry interval must be at least one second")]
    ZeroRetryInterval,
    #[error("the interval between other package arrivals must be at least one second")]
    ZeroArrivalInterval,
    #[error("{packages} failing packages is more than the {max} allowed")]
    TooManyPackages { packages: u32, max: u32 },
    #[error("the hierarchy has more than {max} sites below the central site")]
    TooManySites { max: u64 },
    #[error("this run would check packages about {estimated} times, above the {max} allowed; use fewer packages, fewer hours or rarer arrivals")]
    TooMuchWork { estimated: u64, max: u64 },
}

impl Params {
    /// The run's length in seconds.
    pub fn horizon_s(&self) -> u64 {
        u64::from(self.hours) * HOUR_S
    }

    /// Check every bound; on success return the number of sites below the
    /// central site (the fan-out of one unpatched processing).
    pub fn validate(&self) -> Result<u64, ParamError> {
        if self.hours == 0 {
            return Err(ParamError::ZeroHours);
        }
        if self.hours > MAX_HOURS {
            return Err(ParamError::TooManyHours {
                hours: self.hours,
                max: MAX_HOURS,
            });
        }
        if self.capacity_per_hour == 0 {
            return Err(ParamError::ZeroCapacity);
        }
        if self.capacity_per_hour > MAX_CAPACITY_PER_HOUR {
            return Err(ParamError::CapacityTooLarge {
                capacity: self.capacity_per_hour,
                max: MAX_CAPACITY_PER_HOUR,
            });
        }
        if self.retry_interval_s == 0 {
            return Err(ParamError::ZeroRetryInterval);
        }
        if self.arrivals.mean_interval_s() == Some(0) {
            return Err(ParamError::ZeroArrivalInterval);
        }
        if self.failing_packages > MAX_PACKAGES {
            return Err(ParamError::TooManyPackages {
                packages: self.failing_packages,
                max: MAX_PACKAGES,
            });
        }
        let sites = self
            .hierarchy
            .sites_below(MAX_SITES)
            .ok_or(ParamError::TooManySites { max: MAX_SITES })?;
        let horizon = self.horizon_s();
        // Trigger instants: timer firings (at most one per retry step) plus
        // arrivals (Poisson gaps are at least 1 s, hence the bound below).
        let step = self.retry_interval_s.max(self.min_gap_s).max(1);
        let arrivals = match self.arrivals {
            Arrivals::Off => 0,
            Arrivals::Every { interval_s } => horizon / interval_s.max(1),
            Arrivals::Poisson {
                mean_interval_s, ..
            } => horizon / mean_interval_s.max(1) * 2 + 16,
        };
        let instants = horizon / step + arrivals + u64::from(self.hours) + 1;
        let estimated = instants.saturating_mul(u64::from(self.failing_packages).max(1));
        if estimated > MAX_WORK {
            return Err(ParamError::TooMuchWork {
                estimated,
                max: MAX_WORK,
            });
        }
        Ok(sites)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_have_110_sites() {
        assert_eq!(Params::default().validate(), Ok(110));
    }

    #[test]
    fn refuses_unbounded_or_empty_runs() {
        let p = |f: fn(&mut Params)| {
            let mut p = Params::default();
            f(&mut p);
            p.validate()
        };
        assert_eq!(p(|p| p.hours = 0), Err(ParamError::ZeroHours));
        assert_eq!(
            p(|p| p.hours = MAX_HOURS + 1),
            Err(ParamError::TooManyHours {
                hours: MAX_HOURS + 1,
                max: MAX_HOURS
            })
        );
        assert_eq!(
            p(|p| p.capacity_per_hour = 0),
            Err(ParamError::ZeroCapacity)
        );
        assert_eq!(
            p(|p| p.retry_interval_s = 0),
            Err(ParamError::ZeroRetryInterval)
        );
        assert_eq!(
            p(|p| p.arrivals = Arrivals::Every { interval_s: 0 }),
            Err(ParamError::ZeroArrivalInterval)
        );
        assert_eq!(
            p(|p| p.hierarchy = Hierarchy::Tree {
                fanout: 1000,
                depth: 3
            }),
            Err(ParamError::TooManySites { max: MAX_SITES })
        );
        assert!(matches!(
            p(|p| {
                p.failing_packages = MAX_PACKAGES;
                p.hours = MAX_HOURS;
                p.arrivals = Arrivals::Every { interval_s: 1 };
            }),
            Err(ParamError::TooMuchWork { .. })
        ));
    }

    #[test]
    fn partial_json_takes_defaults() {
        let p: Params =
            serde_json::from_str(r#"{"failing_packages": 3, "hotfix": true}"#).expect("valid JSON");
        assert_eq!(p.failing_packages, 3);
        assert!(p.hotfix);
        assert_eq!(p.retry_interval_s, 3600);
        assert_eq!(p.arrivals, Arrivals::Every { interval_s: 900 });
    }
}
