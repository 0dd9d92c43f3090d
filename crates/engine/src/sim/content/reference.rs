//! The content-distribution model written the plain way, as the twin the
//! fast run ([`super::simulate`]) is tested and benchmarked against: every
//! job, package and thread has its own state; each step finds the next
//! instant by looking at every one of them, and each free thread takes the
//! first waiting job by looking at every job. Slow (O(jobs) per instant and
//! per thread started) and plainly right; same rules, same result.

use super::params::{ContentParamError, ContentParams};
use super::result::ContentResult;
use super::run::Book;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    /// Not created yet: its package's DP thread has not run.
    Absent,
    /// Waiting for a sending thread since `since`.
    Queued {
        since: u64,
    },
    /// Being sent; done at `until`, delivered or failed.
    Sending {
        until: u64,
        works: bool,
    },
    /// Failed; queued again at `at`.
    Retrying {
        at: u64,
    },
    Delivered,
    GaveUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Package {
    /// Waiting for a package processing thread since `since`.
    Queued {
        since: u64,
    },
    /// Holding a thread since `start`; `works` is false for a bad source
    /// before the fix; `waves_done` DP-thread waves have created their jobs.
    Processing {
        start: u64,
        works: bool,
        waves_done: u32,
    },
    /// Failed; queued again at `at`.
    Retrying {
        at: u64,
    },
    Done,
    GaveUp,
}

/// Run `p` event by event, the plain way.
pub fn simulate(p: &ContentParams) -> Result<ContentResult, ContentParamError> {
    p.validate()?;
    let horizon = p.horizon_s();
    let dps = p.dps as usize;
    let fixed = p.fixed_at_s.unwrap_or(u64::MAX);
    let waves = p.dps.div_ceil(p.threads_per_package);
    let mut jobs = vec![Job::Absent; p.jobs() as usize];
    let mut job_failures = vec![0u32; jobs.len()];
    let mut packages = vec![Package::Queued { since: 0 }; p.packages as usize];
    let mut package_failures = vec![0u32; packages.len()];
    let mut book = Book::new(p);

    // The end of a processing package's next step: a wave, or the failure.
    let next_step = |pkg: &Package| match *pkg {
        Package::Processing {
            start,
            works: false,
            ..
        } => Some(start + p.process_s),
        Package::Processing { start, .. } if waves == 0 => Some(start + p.process_s),
        Package::Processing {
            start, waves_done, ..
        } => Some(start + p.process_s + u64::from(waves_done + 1) * p.dp_thread_s),
        _ => None,
    };
    let levels = |packages: &[Package], jobs: &[Job]| {
        (
            packages
                .iter()
                .filter(|k| matches!(k, Package::Queued { .. }))
                .count() as u64,
            jobs.iter()
                .filter(|j| matches!(j, Job::Queued { .. }))
                .count() as u64,
            jobs.iter()
                .filter(|j| matches!(j, Job::Retrying { .. }))
                .count() as u64,
        )
    };

    let mut t = 0u64;
    loop {
        let l = levels(&packages, &jobs);
        book.close_hours(t, || l);
        let mut gave_up = Vec::new();

        // Sends that end now.
        for (j, job) in jobs.iter_mut().enumerate() {
            if let Job::Sending { until, works } = *job {
                if until != t {
                    continue;
                }
                let dp = (j % dps) as u32;
                if works {
                    *job = Job::Delivered;
                    book.delivered(t, dp);
                } else {
                    book.failed_send();
                    job_failures[j] += 1;
                    *job = if job_failures[j] > p.retry_count {
                        gave_up.push(j as u32);
                        Job::GaveUp
                    } else {
                        Job::Retrying {
                            at: t + p.retry_delay_s,
                        }
                    };
                }
            }
        }
        // Restart times that come now.
        for job in jobs.iter_mut() {
            if *job == (Job::Retrying { at: t }) {
                *job = Job::Queued { since: t };
            }
        }
        // Distribution Manager's packages.
        for (k, pkg) in packages.iter_mut().enumerate() {
            match *pkg {
                Package::Retrying { at } if at == t => *pkg = Package::Queued { since: t },
                Package::Processing { works: false, .. } if next_step(pkg) == Some(t) => {
                    book.failed_processing();
                    package_failures[k] += 1;
                    *pkg = if package_failures[k] > p.retry_count {
                        gave_up.extend((0..dps).map(|dp| (k * dps + dp) as u32));
                        Package::GaveUp
                    } else {
                        Package::Retrying {
                            at: t + p.retry_delay_s,
                        }
                    };
                }
                // A package with no DPs: done when processed.
                Package::Processing {
                    start, works: true, ..
                } if waves == 0 && start + p.process_s == t => *pkg = Package::Done,
                Package::Processing { works: true, .. } if waves == 0 => {}
                Package::Processing {
                    start,
                    works: true,
                    waves_done,
                } => {
                    let wave_end = start + p.process_s + u64::from(waves_done + 1) * p.dp_thread_s;
                    if wave_end == t {
                        let from = waves_done * p.threads_per_package;
                        let to = (from + p.threads_per_package).min(p.dps);
                        for dp in from..to {
                            jobs[k * dps + dp as usize] = Job::Queued { since: t };
                        }
                        *pkg = if waves_done + 1 == waves {
                            Package::Done
                        } else {
                            Package::Processing {
                                start,
                                works: true,
                                waves_done: waves_done + 1,
                            }
                        };
                    }
                }
                _ => {}
            }
        }
        if !gave_up.is_empty() {
            book.gave_up(t, gave_up);
        }

        // Each free package processing thread takes the first waiting package.
        loop {
            let busy = packages
                .iter()
                .filter(|k| matches!(k, Package::Processing { .. }))
                .count() as u32;
            if busy >= p.max_packages {
                break;
            }
            let first = packages
                .iter()
                .enumerate()
                .filter_map(|(k, pkg)| match pkg {
                    Package::Queued { since } => Some((*since, k)),
                    _ => None,
                })
                .min();
            let Some((_, k)) = first else { break };
            packages[k] = Package::Processing {
                start: t,
                works: !(k < p.bad_source_packages as usize && t < fixed),
                waves_done: 0,
            };
        }
        // Each free sending thread takes the first waiting job.
        loop {
            let busy = jobs
                .iter()
                .filter(|j| matches!(j, Job::Sending { .. }))
                .count() as u64;
            if busy >= p.sending_threads() {
                break;
            }
            let first = jobs
                .iter()
                .enumerate()
                .filter_map(|(j, job)| match job {
                    Job::Queued { since } => Some((*since, j)),
                    _ => None,
                })
                .min();
            let Some((_, j)) = first else { break };
            book.sent();
            let works = !((j % dps) < p.failing_dps as usize && t < fixed);
            let lasts = if works { p.send_s } else { p.fail_s };
            jobs[j] = Job::Sending {
                until: t + lasts,
                works,
            };
        }
        let (packages_waiting, jobs_queued, _) = levels(&packages, &jobs);
        book.levels(t, packages_waiting, jobs_queued);

        // The next instant anything happens.
        let job_next = jobs.iter().filter_map(|j| match *j {
            Job::Sending { until, .. } => Some(until),
            Job::Retrying { at } => Some(at),
            _ => None,
        });
        let package_next = packages.iter().filter_map(|k| match *k {
            Package::Retrying { at } => Some(at),
            Package::Processing { .. } => next_step(k),
            _ => None,
        });
        match job_next.chain(package_next).min() {
            Some(next) if next < horizon => t = next,
            _ => break,
        }
    }
    let l = levels(&packages, &jobs);
    Ok(book.finish(p, || l))
}
