//! The Sender draining Schedule.box: one job at a time, each taking
//! 3600 / capacity seconds, exact in integer arithmetic.

use super::params::HOUR_S;

/// Schedule.box and the Sender working on it. Equivalent to a single server
/// with a deterministic service time of `3600 / capacity` seconds: `credit`
/// is the work done on the job in hand, in units of 1/3600 job-seconds-per-hour.
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    capacity_per_hour: u64,
    credit: u64,
    /// Jobs queued and not yet sent.
    pub(crate) backlog: u64,
}

impl Sender {
    pub(crate) fn new(capacity_per_hour: u64, backlog: u64) -> Self {
        Sender {
            capacity_per_hour,
            credit: 0,
            backlog,
        }
    }

    /// Queue `jobs` new jobs.
    pub(crate) fn queue(&mut self, jobs: u64) {
        self.backlog = self.backlog.saturating_add(jobs);
    }

    /// Let `dt` seconds pass; return the jobs sent in that time (a job that
    /// completes exactly at the end of the interval counts).
    pub(crate) fn advance(&mut self, dt: u64) -> u64 {
        if self.backlog == 0 {
            self.credit = 0;
            return 0;
        }
        self.credit = self
            .credit
            .saturating_add(self.capacity_per_hour.saturating_mul(dt));
        let done = self.credit / HOUR_S;
        if done >= self.backlog {
            // Emptied within the interval: the Sender then idles.
            let sent = self.backlog;
            self.backlog = 0;
            self.credit = 0;
            sent
        } else {
            self.backlog -= done;
            self.credit -= done * HOUR_S;
            done
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_one_job_per_service_time_and_idles_when_empty() {
        // 2000 jobs/h: one job every 1.8 s.
        let mut s = Sender::new(2000, 0);
        assert_eq!(s.advance(100), 0);
        s.queue(10);
        assert_eq!(s.advance(1), 0);
        assert_eq!(s.advance(1), 1); // 2 s: the first job (1.8 s) is done
        assert_eq!(s.advance(7), 4); // 9 s: five jobs done in all
        assert_eq!(s.backlog, 5);
        assert_eq!(s.advance(3600), 5);
        assert_eq!(s.backlog, 0);
        // Idle time is not banked: the next job still takes 1.8 s.
        s.queue(1);
        assert_eq!(s.advance(1), 0);
        assert_eq!(s.advance(1), 1);
    }

    #[test]
    fn splitting_an_interval_changes_nothing() {
        let mut whole = Sender::new(7, 100);
        let mut parts = Sender::new(7, 100);
        let sent_whole = whole.advance(10 * 3600);
        let sent_parts: u64 = (0..36_000).map(|_| parts.advance(1)).sum();
        assert_eq!(sent_whole, 70);
        assert_eq!(sent_parts, 70);
        assert_eq!(whole.backlog, parts.backlog);
    }
}
