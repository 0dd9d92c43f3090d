//! The discrete-event loop. Events are instants, not jobs: a processing that
//! fans out to N sites queues N jobs in one step, and the Sender is advanced
//! in closed form between instants, so a run costs O(packages x instants)
//! whatever the size of the hierarchy.

use super::arrivals::ArrivalStream;
use super::params::{Params, HOUR_S};
use super::result::{HourRow, SimResult, Totals};
use super::sender::Sender;
use crate::kb::Resend;

/// One failing package's retry state.
#[derive(Debug, Clone, Copy)]
struct Package {
    /// Last processing (first processing or retry).
    last: u64,
    /// When the retry timer fires.
    due: u64,
}

/// Counters, series, peak and threshold of a run in progress.
struct Book {
    sender: Sender,
    totals: Totals,
    series: Vec<HourRow>,
    /// Highest backlog seen in each hour (backlog only rises when jobs are queued).
    hourly_peak: Vec<u64>,
    hour: usize,
    peak_at_s: u64,
    threshold: u64,
    threshold_exceeded_at_s: Option<u64>,
}

impl Book {
    fn row(&mut self) -> &mut HourRow {
        // `hour` never passes the last row: the loop stops at the horizon.
        let last = self.series.len().saturating_sub(1);
        &mut self.series[self.hour.min(last)]
    }

    fn advance(&mut self, dt: u64) {
        let sent = self.sender.advance(dt);
        self.totals.sent += sent;
        self.row().sent += sent;
    }

    fn queue(&mut self, at: u64, jobs: u64) {
        self.sender.queue(jobs);
        self.totals.created = self.totals.created.saturating_add(jobs);
        let row = self.row();
        row.created = row.created.saturating_add(jobs);
        self.watch(at);
    }

    fn watch(&mut self, at: u64) {
        let backlog = self.sender.backlog;
        if let Some(peak) = self.hourly_peak.get_mut(self.hour) {
            *peak = (*peak).max(backlog);
        }
        if backlog > self.totals.peak_backlog {
            self.totals.peak_backlog = backlog;
            self.peak_at_s = at;
        }
        if backlog > self.threshold && self.threshold_exceeded_at_s.is_none() {
            self.threshold_exceeded_at_s = Some(at);
        }
    }

    fn retries(&mut self, n: u64) {
        self.totals.retries += n;
        self.row().retries += n;
    }

    fn close_hour(&mut self) {
        let backlog = self.sender.backlog;
        self.row().backlog = backlog;
        self.hour += 1;
        // What the Sender carries into the next hour is that hour's first level.
        if let Some(peak) = self.hourly_peak.get_mut(self.hour) {
            *peak = backlog;
        }
    }
}

/// Run a validated scenario with `sites` sites below the central site, each
/// unpatched retry re-sending as `resend` says.
pub(crate) fn run(p: &Params, sites: u64, resend: Resend) -> SimResult {
    // Jobs one unpatched retry queues.
    let retry_jobs = match resend {
        Resend::PackageInfoToEveryChildSite => sites,
        Resend::Nothing => 0,
    };
    let horizon = p.horizon_s();
    let step = p.retry_interval_s.max(p.min_gap_s).max(1);
    let key_deleted = p.key_deleted_at_s.unwrap_or(u64::MAX);
    let repaired = if p.workaround {
        0
    } else {
        p.repaired_at_s.unwrap_or(u64::MAX)
    };
    let mut book = Book {
        sender: Sender::new(p.capacity_per_hour, p.initial_backlog),
        totals: Totals::default(),
        series: (0..p.hours)
            .map(|hour| HourRow {
                hour,
                ..HourRow::default()
            })
            .collect(),
        hourly_peak: vec![0; p.hours as usize],
        hour: 0,
        peak_at_s: 0,
        threshold: p.backlog_threshold,
        threshold_exceeded_at_s: None,
    };
    book.watch(0);

    // First processing at 0: a send to every site below, patched or not.
    book.queue(0, u64::from(p.failing_packages).saturating_mul(sites));
    let mut packages: Vec<Package> = if repaired == 0 {
        Vec::new() // The first processing succeeded: nothing to retry.
    } else {
        let first = Package { last: 0, due: step };
        vec![first; p.failing_packages as usize]
    };

    let mut arrivals = ArrivalStream::new(&p.arrivals, horizon);
    let mut next_arrival = arrivals.next();
    let mut hour_end = HOUR_S;
    let mut now = 0;
    loop {
        let next_due = packages.iter().map(|pkg| pkg.due).min();
        let t = [next_arrival, next_due]
            .into_iter()
            .flatten()
            .fold(hour_end, u64::min);
        book.advance(t - now);
        now = t;
        if t == hour_end {
            book.close_hour();
            if hour_end >= horizon {
                break;
            }
            hour_end += HOUR_S;
        }
        let arrival = next_arrival == Some(t);
        if arrival {
            next_arrival = arrivals.next();
        }
        if t >= key_deleted {
            packages.clear(); // The retry keys are gone: no retry from now on.
        }
        let mut retried = 0u64;
        for pkg in &mut packages {
            let by_timer = pkg.due <= t;
            let by_arrival = arrival && t > pkg.last && t - pkg.last >= p.min_gap_s;
            if by_timer || by_arrival {
                pkg.last = t;
                pkg.due = t.saturating_add(step);
                retried += 1;
            }
        }
        if retried > 0 {
            book.retries(retried);
            if !p.hotfix && retry_jobs > 0 {
                book.queue(t, retried.saturating_mul(retry_jobs));
            }
            if t >= repaired {
                // These processings succeeded: those packages are done.
                packages.retain(|pkg| pkg.last != t);
            }
        }
    }

    let totals = Totals {
        backlog_end: book.sender.backlog,
        ..book.totals
    };
    SimResult {
        totals,
        sites_below: sites,
        failing_packages: p.failing_packages,
        peak_at_s: book.peak_at_s,
        threshold: p.backlog_threshold,
        threshold_exceeded_at_s: book.threshold_exceeded_at_s,
        series: book.series,
        hourly_peak: book.hourly_peak,
    }
}
