//! The content-distribution model's inputs and their bounds.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::kb::ContentDefaults;

use super::super::params::{HOUR_S, MAX_HOURS};

/// Most packages accepted.
pub const MAX_PACKAGES: u32 = 10_000;
/// Most distribution points accepted.
pub const MAX_DPS: u32 = 10_000;
/// Most jobs (packages x distribution points) accepted.
pub const MAX_JOBS: u64 = 1_000_000;
/// Most attempts (sends and package processings) one run may cost.
pub const MAX_ATTEMPTS: u64 = 20_000_000;

/// One scenario of content distribution. Times are seconds from the start
/// of the run, when every package is queued for distribution to every DP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentParams {
    /// Packages distributed (all queued at the start).
    pub packages: u32,
    /// Distribution points every package goes to.
    pub dps: u32,
    /// Length of the run in hours (1 to 8760).
    pub hours: u32,
    /// Maximum number of packages Distribution Manager processes at once
    /// (its package processing threads). Console default 3, range 1-50.
    pub max_packages: u32,
    /// Maximum threads per package: DP threads each package processing
    /// thread runs at once. Console default 5, range 1-999. PkgXferMgr may
    /// send `max_packages x threads_per_package` jobs at once.
    pub threads_per_package: u32,
    /// Retries of a failed distribution before it gives up. Default 100.
    pub retry_count: u32,
    /// Delay before retrying, in seconds. Default 1800 (30 minutes).
    pub retry_delay_s: u64,
    /// A package processing thread's hashing and compression, in seconds,
    /// before its DP threads start.
    pub process_s: u64,
    /// A DP thread's life: it creates one PkgXferMgr job, then exits.
    pub dp_thread_s: u64,
    /// A successful send of a package to a DP, in seconds.
    pub send_s: u64,
    /// How long a failing send holds a sending thread before it fails.
    pub fail_s: u64,
    /// DPs (the first ones) that fail every send until the fault is fixed.
    pub failing_dps: u32,
    /// Packages (the first ones) whose source cannot be read: their
    /// processing fails, so every DP of theirs fails, until the fix.
    pub bad_source_packages: u32,
    /// When the fault is fixed: an attempt that starts then or later works.
    pub fixed_at_s: Option<u64>,
}

impl Default for ContentParams {
    fn default() -> Self {
        ContentParams {
            packages: 50,
            dps: 200,
            hours: 7 * 24,
            max_packages: 3,
            threads_per_package: 5,
            retry_count: 100,
            retry_delay_s: 1800,
            process_s: 120,
            dp_thread_s: 30,
            send_s: 120,
            fail_s: 60,
            failing_dps: 1,
            bad_source_packages: 0,
            fixed_at_s: Some(72 * HOUR_S),
        }
    }
}

/// Why a set of parameters was refused: the parameter and its bound.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {bound}")]
pub struct ContentParamError {
    field: &'static str,
    bound: &'static str,
}

impl ContentParamError {
    /// The parameter's name (as in `simulator.json` where it has one).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What the parameter must be.
    pub fn bound(&self) -> &'static str {
        self.bound
    }
}

impl ContentParams {
    /// The parameters an article's `simulator.json` gives.
    pub fn of(d: &ContentDefaults) -> Self {
        ContentParams {
            packages: d.packages,
            dps: d.dps,
            hours: d.hours,
            max_packages: d.max_packages,
            threads_per_package: d.threads_per_package,
            retry_count: d.retry_count,
            retry_delay_s: u64::from(d.retry_delay_minutes) * 60,
            process_s: u64::from(d.process_s),
            dp_thread_s: u64::from(d.dp_thread_s),
            send_s: u64::from(d.send_s),
            fail_s: u64::from(d.fail_s),
            failing_dps: d.failing_dps,
            bad_source_packages: d.bad_source_packages,
            fixed_at_s: d.fixed_at_hours.map(|h| u64::from(h) * HOUR_S),
        }
    }

    /// The run's length in seconds.
    pub fn horizon_s(&self) -> u64 {
        u64::from(self.hours) * HOUR_S
    }

    /// Jobs in the run: one per package and DP.
    pub fn jobs(&self) -> u64 {
        u64::from(self.packages) * u64::from(self.dps)
    }

    /// PkgXferMgr's sending threads: the product of the two limits.
    pub fn sending_threads(&self) -> u64 {
        u64::from(self.max_packages) * u64::from(self.threads_per_package)
    }

    /// Check every bound, so that no run allocates or loops without limit.
    pub fn validate(&self) -> Result<(), ContentParamError> {
        let err = |field, bound| Err(ContentParamError { field, bound });
        if self.hours == 0 || self.hours > MAX_HOURS {
            return err("hours", "the run lasts 1 to 8760 hours");
        }
        if self.packages > MAX_PACKAGES {
            return err("packages", "at most 10000 packages");
        }
        if self.dps > MAX_DPS {
            return err("dps", "at most 10000 distribution points");
        }
        if self.jobs() > MAX_JOBS {
            return err(
                "dps",
                "at most 1000000 jobs (packages x distribution points)",
            );
        }
        if !(1..=50).contains(&self.max_packages) {
            return err("max_packages", "the maximum number of packages is 1 to 50");
        }
        if !(1..=999).contains(&self.threads_per_package) {
            return err(
                "threads_per_package",
                "the threads per package are 1 to 999",
            );
        }
        if self.retry_count > 1000 {
            return err("retry_count", "at most 1000 retries");
        }
        if !(60..=86_400).contains(&self.retry_delay_s) {
            return err(
                "retry_delay_minutes",
                "the delay before retrying is 1 to 1440 minutes",
            );
        }
        for (field, value) in [
            ("process_s", self.process_s),
            ("dp_thread_s", self.dp_thread_s),
            ("send_s", self.send_s),
            ("fail_s", self.fail_s),
        ] {
            if !(1..=self.horizon_s().max(1)).contains(&value) {
                return err(field, "a duration is at least 1 s and at most the run");
            }
        }
        if self.failing_dps > self.dps {
            return err("failing_dps", "at most the distribution points of the run");
        }
        if self.bad_source_packages > self.packages {
            return err("bad_source_packages", "at most the packages of the run");
        }
        // Failing jobs are tried at most once per delay (and the retries).
        let tries =
            (self.horizon_s() / self.retry_delay_s + 1).min(u64::from(self.retry_count) + 1);
        let failing = u64::from(self.failing_dps) * u64::from(self.packages)
            + u64::from(self.bad_source_packages);
        if self.jobs() + failing.saturating_mul(tries) > MAX_ATTEMPTS {
            return err(
                "packages",
                "this run would cost more than 20000000 attempts",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_partial_json_takes_them() {
        assert_eq!(ContentParams::default().validate(), Ok(()));
        let p: ContentParams =
            serde_json::from_str(r#"{"dps": 7, "fixed_at_s": null}"#).expect("json");
        assert_eq!((p.dps, p.fixed_at_s, p.max_packages), (7, None, 3));
    }

    #[test]
    fn refuses_out_of_range_settings() {
        let field = |f: fn(&mut ContentParams)| {
            let mut p = ContentParams::default();
            f(&mut p);
            p.validate().map_err(|e| e.field())
        };
        assert_eq!(field(|p| p.max_packages = 51), Err("max_packages"));
        assert_eq!(
            field(|p| p.threads_per_package = 0),
            Err("threads_per_package")
        );
        assert_eq!(field(|p| p.retry_delay_s = 30), Err("retry_delay_minutes"));
        assert_eq!(field(|p| p.send_s = 0), Err("send_s"));
        assert_eq!(field(|p| p.failing_dps = 201), Err("failing_dps"));
        assert_eq!(field(|p| p.hours = 0), Err("hours"));
        assert_eq!(
            field(|p| {
                p.packages = 5000;
                p.dps = 5000;
            }),
            Err("dps")
        );
    }
}
