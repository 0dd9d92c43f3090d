//! The fast content-distribution run. Jobs are numbered `package x dps +
//! dp`, so the FIFO order of a batch that becomes ready at one instant is
//! the order of its numbers. Every successful send lasts `send_s` and every
//! failing one `fail_s`, and sends start in time order, so their ends come
//! out of two FIFO queues in time order (as do restart times, a fixed delay
//! after the failures): only Distribution Manager's few package events need
//! a heap. A run costs O(attempts + package waves), with no scan of the jobs.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::params::ContentParams;
use super::result::{
    ContentHour, ContentResult, ContentTotals, DpOutcome, GaveUp, MAX_GAVE_UP_LISTED,
};
use crate::sim::params::HOUR_S;

/// Distribution Manager's events, ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PkgEvent {
    /// DP threads of wave `wave` exit, each having created its job.
    Wave { package: u32, wave: u32 },
    /// A package with no DPs is processed: its thread is free.
    Processed { package: u32 },
    /// A bad source's processing fails.
    Failed { package: u32 },
    /// A failed package's restart time.
    Restart { package: u32 },
}

/// Counters, per-hour rows and per-DP outcomes, shared with the reference.
pub(crate) struct Book {
    pub totals: ContentTotals,
    pub series: Vec<ContentHour>,
    pub dps: Vec<DpOutcome>,
    pub gave_up: Vec<GaveUp>,
    packages: u32,
    hour: usize,
}

impl Book {
    pub fn new(p: &ContentParams) -> Self {
        Book {
            totals: ContentTotals {
                jobs: p.jobs(),
                ..ContentTotals::default()
            },
            series: (0..p.hours)
                .map(|hour| ContentHour {
                    hour,
                    ..ContentHour::default()
                })
                .collect(),
            dps: (0..p.dps)
                .map(|dp| DpOutcome {
                    dp,
                    ..DpOutcome::default()
                })
                .collect(),
            gave_up: Vec::new(),
            packages: p.packages,
            hour: 0,
        }
    }

    fn row(&mut self) -> &mut ContentHour {
        let last = self.series.len().saturating_sub(1);
        &mut self.series[self.hour.min(last)]
    }

    /// Close every hour that ends at or before `t`, with the levels given.
    pub fn close_hours(&mut self, t: u64, levels: impl Fn() -> (u64, u64, u64)) {
        while self.hour < self.series.len() && (self.hour as u64 + 1) * HOUR_S <= t {
            let (packages_waiting, jobs_queued, retrying) = levels();
            let waiting = self.totals.jobs - self.totals.delivered - self.totals.gave_up;
            let row = &mut self.series[self.hour];
            row.waiting = waiting;
            row.packages_waiting = packages_waiting;
            row.jobs_queued = jobs_queued;
            row.retrying = retrying;
            self.hour += 1;
        }
    }

    pub fn delivered(&mut self, t: u64, dp: u32) {
        self.totals.delivered += 1;
        self.totals.last_delivery_s = Some(t);
        self.row().delivered += 1;
        let packages = self.packages;
        let outcome = &mut self.dps[dp as usize];
        outcome.delivered += 1;
        if outcome.delivered == packages {
            outcome.complete_at_s = Some(t);
        }
    }

    pub fn failed_send(&mut self) {
        self.totals.send_failures += 1;
        self.row().failures += 1;
    }

    pub fn failed_processing(&mut self) {
        self.totals.processing_failures += 1;
        self.row().failures += 1;
    }

    /// Jobs (numbered `package x dps + dp`) that gave up at `t`, in any
    /// order; listed by package and DP, which is their numbers' order.
    pub fn gave_up(&mut self, t: u64, mut jobs: Vec<u32>) {
        jobs.sort_unstable();
        let dps = self.dps.len() as u32;
        let n = jobs.len() as u64;
        self.totals.gave_up += n;
        self.row().gave_up += n;
        let room = MAX_GAVE_UP_LISTED.saturating_sub(self.gave_up.len());
        for (i, job) in jobs.into_iter().enumerate() {
            let (package, dp) = (job / dps, job % dps);
            self.dps[dp as usize].gave_up += 1;
            if i < room {
                self.gave_up.push(GaveUp {
                    at_s: t,
                    package,
                    dp,
                });
            }
        }
    }

    pub fn sent(&mut self) {
        self.totals.sends += 1;
    }

    /// The levels after an instant's work, for the peaks.
    pub fn levels(&mut self, t: u64, packages_waiting: u64, jobs_queued: u64) {
        let totals = &mut self.totals;
        totals.peak_packages_waiting = totals.peak_packages_waiting.max(packages_waiting);
        if jobs_queued > totals.peak_jobs_queued {
            totals.peak_jobs_queued = jobs_queued;
            totals.peak_jobs_queued_at_s = t;
        }
    }

    pub fn finish(
        mut self,
        p: &ContentParams,
        levels: impl Fn() -> (u64, u64, u64),
    ) -> ContentResult {
        self.close_hours(u64::MAX, levels);
        self.totals.waiting_end = self.totals.jobs - self.totals.delivered - self.totals.gave_up;
        ContentResult {
            totals: self.totals,
            fixed_at_s: p.fixed_at_s,
            series: self.series,
            dps: self.dps,
            gave_up: self.gave_up,
        }
    }
}

/// Run validated parameters.
pub(crate) fn run(p: &ContentParams) -> ContentResult {
    let horizon = p.horizon_s();
    let dps = p.dps;
    let fixed = p.fixed_at_s.unwrap_or(u64::MAX);
    let per_wave = p.threads_per_package;
    let waves = dps.div_ceil(per_wave);
    let threads = p.sending_threads();
    let mut book = Book::new(p);

    let mut send_failures = vec![
        0u32;
        if p.failing_dps > 0 {
            p.jobs() as usize
        } else {
            0
        }
    ];
    let mut package_failures = vec![0u32; p.bad_source_packages as usize];
    // Ends of sends in progress (time, job), successful and failing.
    let mut ok_ends: VecDeque<(u64, u32)> = VecDeque::new();
    let mut fail_ends: VecDeque<(u64, u32)> = VecDeque::new();
    let mut restarts: VecDeque<(u64, u32)> = VecDeque::new();
    let mut events: BinaryHeap<Reverse<(u64, PkgEvent)>> = BinaryHeap::new();
    let mut jobs_queued: VecDeque<u32> = VecDeque::new();
    let mut packages_queued: VecDeque<u32> = (0..p.packages).collect();
    let mut sending = 0u64;
    let mut processing = 0u32;
    let mut ready_jobs: Vec<u32> = Vec::new();
    let mut ready_packages: Vec<u32> = Vec::new();
    let mut now = 0u64;
    let mut first = true;

    loop {
        if !first {
            let fronts = [
                ok_ends.front().map(|e| e.0),
                fail_ends.front().map(|e| e.0),
                restarts.front().map(|e| e.0),
                events.peek().map(|e| e.0 .0),
            ];
            match fronts.into_iter().flatten().min() {
                Some(t) if t < horizon => now = t,
                _ => break,
            }
        }
        first = false;
        let t = now;
        let (pw, jq, rt) = (
            packages_queued.len() as u64,
            jobs_queued.len() as u64,
            restarts.len() as u64,
        );
        book.close_hours(t, || (pw, jq, rt));
        let mut gave_up = Vec::new();

        while let Some(&(_, job)) = ok_ends.front().filter(|e| e.0 == t) {
            ok_ends.pop_front();
            sending -= 1;
            book.delivered(t, job % dps);
        }
        while let Some(&(_, job)) = fail_ends.front().filter(|e| e.0 == t) {
            fail_ends.pop_front();
            sending -= 1;
            book.failed_send();
            let failures = &mut send_failures[job as usize];
            *failures += 1;
            if *failures > p.retry_count {
                gave_up.push(job);
            } else {
                restarts.push_back((t + p.retry_delay_s, job));
            }
        }
        while let Some(&(_, job)) = restarts.front().filter(|e| e.0 == t) {
            restarts.pop_front();
            ready_jobs.push(job);
        }
        while let Some(&Reverse((_, event))) = events.peek().filter(|e| e.0 .0 == t) {
            events.pop();
            match event {
                PkgEvent::Wave { package, wave } => {
                    let from = wave * per_wave;
                    let to = (from + per_wave).min(dps);
                    ready_jobs.extend((from..to).map(|dp| package * dps + dp));
                    if wave + 1 < waves {
                        let next = PkgEvent::Wave {
                            package,
                            wave: wave + 1,
                        };
                        events.push(Reverse((t + p.dp_thread_s, next)));
                    } else {
                        processing -= 1;
                    }
                }
                PkgEvent::Processed { .. } => processing -= 1,
                PkgEvent::Failed { package } => {
                    processing -= 1;
                    book.failed_processing();
                    let failures = &mut package_failures[package as usize];
                    *failures += 1;
                    if *failures > p.retry_count {
                        gave_up.extend((0..dps).map(|dp| package * dps + dp));
                    } else {
                        let restart = PkgEvent::Restart { package };
                        events.push(Reverse((t + p.retry_delay_s, restart)));
                    }
                }
                PkgEvent::Restart { package } => ready_packages.push(package),
            }
        }
        if !gave_up.is_empty() {
            book.gave_up(t, gave_up);
        }

        // Distribution Manager takes waiting packages while it has threads.
        ready_packages.sort_unstable();
        packages_queued.extend(ready_packages.drain(..));
        while processing < p.max_packages {
            let Some(package) = packages_queued.pop_front() else {
                break;
            };
            processing += 1;
            let processed = t + p.process_s;
            let event = if package < p.bad_source_packages && t < fixed {
                PkgEvent::Failed { package }
            } else if waves == 0 {
                PkgEvent::Processed { package }
            } else {
                events.push(Reverse((
                    processed + p.dp_thread_s,
                    PkgEvent::Wave { package, wave: 0 },
                )));
                continue;
            };
            events.push(Reverse((processed, event)));
        }

        // PkgXferMgr sends waiting jobs while it has threads.
        ready_jobs.sort_unstable();
        jobs_queued.extend(ready_jobs.drain(..));
        while sending < threads {
            let Some(job) = jobs_queued.pop_front() else {
                break;
            };
            sending += 1;
            book.sent();
            if job % dps < p.failing_dps && t < fixed {
                fail_ends.push_back((t + p.fail_s, job));
            } else {
                ok_ends.push_back((t + p.send_s, job));
            }
        }
        book.levels(t, packages_queued.len() as u64, jobs_queued.len() as u64);
    }
    let (pw, jq, rt) = (
        packages_queued.len() as u64,
        jobs_queued.len() as u64,
        restarts.len() as u64,
    );
    book.finish(p, || (pw, jq, rt))
}
