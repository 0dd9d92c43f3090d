//! `kbwiz simulate`: run the retry-loop simulator on a scenario given by flags,
//! or proposed from evidence files (`--from-evidence`) with flags overriding
//! the proposal. Prints a summary and a per-hour table, or JSON (`--json`):
//! the totals `retries`, `created`, `sent`, `peak_backlog`, `backlog_end` at top
//! level, plus `series` (and `calibration` when read from evidence). The work
//! is [`kbwiz_engine::api::simulate`]'s; this file maps flags and prints.
//!
//! Evidence is read as an article's `simulator.json` says: `--article`, or the
//! knowledge base's only article with one, or the one the diagnosis of the
//! evidence ranks highest. Without evidence, `--article` starts the scenario
//! from that article's defaults, and without it from the model's.
//!
//! The article's `simulator.json` also picks the model: the retry loop
//! (`--sites`, `--failing`, ...) or content distribution (`--packages`,
//! `--dps`, `--max-packages`, `--threads-per-package`, `--retry-count`,
//! `--retry-delay-min`, `--failing-dps`, `--bad-source`, `--fixed-at-h`);
//! `--compare` runs the latter as configured, with more threads, with a
//! longer retry delay and without the failing DPs, side by side.

use crate::input;
use kbwiz_engine::api::{self, Runs, SimulateReport, SimulateRequest};
use kbwiz_engine::sim::content::{
    ContentCalibration, ContentComparison, ContentParams, ContentResult,
};
use kbwiz_engine::sim::{
    Arrivals, Calibration, Comparison, Hierarchy, ModelParams, Params, SimResult, Source,
};
use std::fmt::Write as _;

/// Arguments of `kbwiz simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Sites below the central site (a flat hierarchy).
    #[arg(long, value_name = "N", required_unless_present_any = ["from_evidence", "article"])]
    pub sites: Option<u32>,
    /// Packages whose local distribution point fails.
    #[arg(long, value_name = "F", required_unless_present_any = ["from_evidence", "article"])]
    pub failing: Option<u32>,
    /// Length of the run in hours.
    #[arg(long, value_name = "H", required_unless_present_any = ["from_evidence", "article"])]
    pub hours: Option<u32>,
    /// The article's hotfix is installed (retries send nothing).
    #[arg(long)]
    pub patched: bool,
    /// No local distribution point at the creating site.
    #[arg(long)]
    pub workaround: bool,
    /// Delete the Retry History keys at this second of the run.
    #[arg(long, value_name = "S")]
    pub key_deleted_s: Option<u64>,
    /// Repair the distribution point at this second of the run.
    #[arg(long, value_name = "S")]
    pub repaired_s: Option<u64>,
    /// Retry interval in seconds [3600].
    #[arg(long, value_name = "S")]
    pub retry_s: Option<u64>,
    /// Seconds between other package arrivals; 0 for none [900].
    #[arg(long, value_name = "S")]
    pub other_s: Option<u64>,
    /// Make other package arrivals Poisson, seeded with this number.
    #[arg(long, value_name = "SEED")]
    pub poisson_seed: Option<u64>,
    /// Minimum seconds between two processings of a package [300].
    #[arg(long, value_name = "S")]
    pub min_gap_s: Option<u64>,
    /// Sender capacity in jobs per hour [2000].
    #[arg(long, value_name = "C")]
    pub capacity: Option<u64>,
    /// Jobs already in Schedule.box at the start [0].
    #[arg(long, value_name = "N")]
    pub initial_backlog: Option<u64>,
    /// Report when the backlog first exceeds this many jobs [10000].
    #[arg(long, value_name = "N")]
    pub threshold: Option<u64>,
    /// Run the baseline and every remedy side by side.
    #[arg(long)]
    pub compare: bool,
    /// Propose the scenario from these evidence files (`-` is standard input).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub from_evidence: Vec<String>,
    /// The article whose simulator defaults (simulator.json) to use; needed
    /// only when several articles have them and the evidence ranks none first.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    #[command(flatten)]
    pub content: Box<ContentArgs>,
}

/// Flags of the content-distribution model.
#[derive(clap::Args, Default)]
pub struct ContentArgs {
    /// Content distribution: packages distributed.
    #[arg(long, value_name = "N")]
    pub packages: Option<u32>,
    /// Content distribution: distribution points per package.
    #[arg(long, value_name = "N")]
    pub dps: Option<u32>,
    /// Content distribution: Maximum number of packages (processing threads).
    #[arg(long, value_name = "N")]
    pub max_packages: Option<u32>,
    /// Content distribution: Maximum threads per package.
    #[arg(long, value_name = "N")]
    pub threads_per_package: Option<u32>,
    /// Content distribution: Number of retries.
    #[arg(long, value_name = "N")]
    pub retry_count: Option<u32>,
    /// Content distribution: Delay before retrying, in minutes.
    #[arg(long, value_name = "MIN")]
    pub retry_delay_min: Option<u64>,
    /// Content distribution: DPs that fail until the fix.
    #[arg(long, value_name = "N")]
    pub failing_dps: Option<u32>,
    /// Content distribution: packages whose source cannot be read.
    #[arg(long, value_name = "N")]
    pub bad_source: Option<u32>,
    /// Content distribution: the fault is fixed at this hour (0 = never).
    #[arg(long, value_name = "H")]
    pub fixed_at_h: Option<u64>,
    /// Content distribution: seconds to send a package to a DP.
    #[arg(long, value_name = "S")]
    pub send_s: Option<u64>,
}

pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let kb = crate::kb()?;
    let inputs = input::read_all(&args.from_evidence)?;
    let request = SimulateRequest {
        article: args.article.as_deref(),
        compare: args.compare,
    };
    let report = api::simulate_model(&input::as_refs(&inputs), kb, request, |base| match base {
        ModelParams::RetryLoop(p) => {
            refuse(
                content_flags(&args.content),
                "the content-distribution model",
            )?;
            Ok(ModelParams::RetryLoop(apply(&args, p)))
        }
        ModelParams::ContentDistribution(p) => {
            refuse(retry_loop_flags(&args), "the retry loop")?;
            Ok(ModelParams::ContentDistribution(apply_content(&args, p)))
        }
    })?;
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&report)?;
        s.push('\n');
        s
    } else {
        report_text(&report)
    };
    crate::output::print(&text)
}

/// The text report: what was calibrated (if anything), then the run(s).
fn report_text(report: &SimulateReport) -> String {
    let mut s = report
        .calibration
        .as_ref()
        .map(calibration_text)
        .unwrap_or_default();
    if let Some(c) = &report.content_calibration {
        s.push_str(&content_calibration_text(c));
    }
    match &report.runs {
        Runs::One(result) => s.push_str(&result_text(&report.params, result)),
        Runs::Compared(comparison) => s.push_str(&comparison_text(comparison)),
        Runs::Content(result) => {
            let p = report.content_params.clone().unwrap_or_default();
            s.push_str(&content_text(&p, result));
        }
        Runs::ContentCompared(comparison) => s.push_str(&content_comparison_text(comparison)),
    }
    s
}

/// An error naming the flags given that belong to the other model.
fn refuse(given: Vec<&'static str>, model: &str) -> Result<(), String> {
    if given.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} belong to {model}, not this article's model",
            given.join(", ")
        ))
    }
}

/// The retry loop's own flags that were given.
fn retry_loop_flags(a: &Args) -> Vec<&'static str> {
    [
        (a.sites.is_some(), "--sites"),
        (a.failing.is_some(), "--failing"),
        (a.patched, "--patched"),
        (a.workaround, "--workaround"),
        (a.key_deleted_s.is_some(), "--key-deleted-s"),
        (a.repaired_s.is_some(), "--repaired-s"),
        (a.retry_s.is_some(), "--retry-s"),
        (a.other_s.is_some(), "--other-s"),
        (a.poisson_seed.is_some(), "--poisson-seed"),
        (a.min_gap_s.is_some(), "--min-gap-s"),
        (a.capacity.is_some(), "--capacity"),
        (a.initial_backlog.is_some(), "--initial-backlog"),
        (a.threshold.is_some(), "--threshold"),
    ]
    .into_iter()
    .filter_map(|(given, flag)| given.then_some(flag))
    .collect()
}

/// The content-distribution model's own flags that were given.
fn content_flags(c: &ContentArgs) -> Vec<&'static str> {
    [
        (c.packages.is_some(), "--packages"),
        (c.dps.is_some(), "--dps"),
        (c.max_packages.is_some(), "--max-packages"),
        (c.threads_per_package.is_some(), "--threads-per-package"),
        (c.retry_count.is_some(), "--retry-count"),
        (c.retry_delay_min.is_some(), "--retry-delay-min"),
        (c.failing_dps.is_some(), "--failing-dps"),
        (c.bad_source.is_some(), "--bad-source"),
        (c.fixed_at_h.is_some(), "--fixed-at-h"),
        (c.send_s.is_some(), "--send-s"),
    ]
    .into_iter()
    .filter_map(|(given, flag)| given.then_some(flag))
    .collect()
}

/// The content-distribution flags given, over `base`.
fn apply_content(args: &Args, base: ContentParams) -> ContentParams {
    let c = &args.content;
    let mut p = base;
    p.hours = args.hours.unwrap_or(p.hours);
    p.packages = c.packages.unwrap_or(p.packages);
    p.dps = c.dps.unwrap_or(p.dps);
    p.max_packages = c.max_packages.unwrap_or(p.max_packages);
    p.threads_per_package = c.threads_per_package.unwrap_or(p.threads_per_package);
    p.retry_count = c.retry_count.unwrap_or(p.retry_count);
    p.retry_delay_s = c
        .retry_delay_min
        .map_or(p.retry_delay_s, |m| m.saturating_mul(60));
    p.failing_dps = c.failing_dps.unwrap_or(p.failing_dps);
    p.bad_source_packages = c.bad_source.unwrap_or(p.bad_source_packages);
    p.send_s = c.send_s.unwrap_or(p.send_s);
    p.fixed_at_s = match c.fixed_at_h {
        Some(0) => None,
        Some(h) => Some(h.saturating_mul(3600)),
        None => p.fixed_at_s,
    };
    p
}

fn content_calibration_text(c: &ContentCalibration) -> String {
    let mut s = String::from("proposed from evidence (flags override):\n");
    if let Some(article) = &c.article {
        let _ = writeln!(s, "  read as article      {article}");
    }
    let rows = [
        ("max packages", &c.max_packages, String::new()),
        ("packages", &c.packages, c.package_ids.join(" ")),
        ("distribution points", &c.dps, c.dp_names.join(" ")),
        ("failing DPs", &c.failing_dps, c.failing_dp_names.join(" ")),
    ];
    for (name, p, names) in rows {
        let _ = writeln!(
            s,
            "  {name:<20} {:<6} {} {names}",
            p.value,
            source(p.source)
        );
    }
    let _ = writeln!(s, "  all threads in use   {} times\n", c.threads_exhausted);
    s
}

fn content_text(p: &ContentParams, r: &ContentResult) -> String {
    let mut s = String::new();
    let t = &r.totals;
    let _ = writeln!(
        s,
        "{} packages x {} DPs = {} jobs, {} hours; threads {}x{}, {} retries {} min apart; failing DPs {}, bad sources {}, fixed at {}",
        p.packages,
        p.dps,
        t.jobs,
        p.hours,
        p.max_packages,
        p.threads_per_package,
        p.retry_count,
        p.retry_delay_s / 60,
        p.failing_dps,
        p.bad_source_packages,
        when(p.fixed_at_s)
    );
    let _ = writeln!(
        s,
        "delivered {}  gave up {}  waiting at end {}  sends {}  failed sends {}  failed processings {}",
        t.delivered, t.gave_up, t.waiting_end, t.sends, t.send_failures, t.processing_failures
    );
    let _ = writeln!(
        s,
        "most packages waiting for a thread {}; most jobs queued {} at {}; every DP complete at {}\n",
        t.peak_packages_waiting,
        t.peak_jobs_queued,
        when(Some(t.peak_jobs_queued_at_s)),
        when(r.all_complete_at_s())
    );
    let _ = writeln!(
        s,
        "{:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "hour", "waiting", "pkgs wait", "queued", "retrying", "delivered", "failures", "gave up"
    );
    for h in &r.series {
        let _ = writeln!(
            s,
            "{:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>8}",
            h.hour,
            h.waiting,
            h.packages_waiting,
            h.jobs_queued,
            h.retrying,
            h.delivered,
            h.failures,
            h.gave_up
        );
    }
    let late: Vec<String> = r
        .dps
        .iter()
        .filter(|d| {
            d.gave_up > 0
                || d.complete_at_s.is_none()
                || p.fixed_at_s.is_some_and(|f| d.complete_at_s > Some(f))
        })
        .map(|d| match d.complete_at_s {
            Some(at) => format!("  DP {:>4}: complete at {}", d.dp, when(Some(at))),
            None => format!(
                "  DP {:>4}: {} delivered, {} gave up, not complete",
                d.dp, d.delivered, d.gave_up
            ),
        })
        .collect();
    if !late.is_empty() {
        let _ = writeln!(
            s,
            "\nDPs complete after the fix, or never:\n{}",
            late.join("\n")
        );
    }
    s
}

fn content_comparison_text(c: &ContentComparison) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<20} {:>9} {:>10} {:>8} {:>8} {:>10} {:>24}",
        "scenario",
        "threads",
        "delay min",
        "delivered",
        "gave up",
        "peak queue",
        "every DP complete"
    );
    for run in &c.runs {
        let t = &run.result.totals;
        let p = &run.params;
        let _ = writeln!(
            s,
            "{:<20} {:>9} {:>10} {:>8} {:>8} {:>10} {:>24}",
            run.label,
            format!("{}x{}", p.max_packages, p.threads_per_package),
            p.retry_delay_s / 60,
            t.delivered,
            t.gave_up,
            t.peak_jobs_queued,
            when(run.result.all_complete_at_s())
        );
    }
    s
}

/// The flags given, over `base`.
fn apply(args: &Args, base: Params) -> Params {
    let mut p = base;
    if let Some(sites) = args.sites {
        p.hierarchy = Hierarchy::flat(sites);
    }
    if let Some(failing) = args.failing {
        p.failing_packages = failing;
    }
    if let Some(hours) = args.hours {
        p.hours = hours;
    }
    p.hotfix |= args.patched;
    p.workaround |= args.workaround;
    p.key_deleted_at_s = args.key_deleted_s.or(p.key_deleted_at_s);
    p.repaired_at_s = args.repaired_s.or(p.repaired_at_s);
    p.retry_interval_s = args.retry_s.unwrap_or(p.retry_interval_s);
    p.min_gap_s = args.min_gap_s.unwrap_or(p.min_gap_s);
    p.capacity_per_hour = args.capacity.unwrap_or(p.capacity_per_hour);
    p.initial_backlog = args.initial_backlog.unwrap_or(p.initial_backlog);
    p.backlog_threshold = args.threshold.unwrap_or(p.backlog_threshold);
    let interval = match args.other_s {
        Some(0) => None,
        Some(s) => Some(s),
        None => p.arrivals.mean_interval_s(),
    };
    p.arrivals = match (interval, args.poisson_seed) {
        (None, _) => Arrivals::Off,
        (Some(interval_s), None) => Arrivals::Every { interval_s },
        (Some(mean_interval_s), Some(seed)) => Arrivals::Poisson {
            mean_interval_s,
            seed,
        },
    };
    p
}

fn source(s: Source) -> &'static str {
    match s {
        Source::Evidence => "from evidence",
        Source::Default => "default",
    }
}

fn calibration_text(c: &Calibration) -> String {
    let mut s = String::from("proposed from evidence (flags override):\n");
    if let Some(article) = &c.article {
        let _ = writeln!(s, "  read as article    {article}");
    }
    let central = c.central_site.as_deref().unwrap_or("unknown");
    let _ = writeln!(s, "  central site       {central}");
    let _ = writeln!(
        s,
        "  sites below        {:<10} {} {}",
        c.child_sites.value,
        source(c.child_sites.source),
        c.child_site_codes.join(" ")
    );
    let _ = writeln!(
        s,
        "  failing packages   {:<10} {} {}",
        c.failing_packages.value,
        source(c.failing_packages.source),
        c.package_ids.join(" ")
    );
    let rows = [
        (
            "retry interval s",
            c.retry_interval_s.value,
            c.retry_interval_s.source,
        ),
        ("time span s", c.span_s.value, c.span_s.source),
        ("hours", u64::from(c.hours.value), c.hours.source),
        (
            "initial backlog",
            c.initial_backlog.value,
            c.initial_backlog.source,
        ),
    ];
    for (name, value, src) in rows {
        let _ = writeln!(s, "  {name:<18} {value:<10} {}", source(src));
    }
    if let Some(folder) = &c.backlog_folder {
        let _ = writeln!(s, "  backlog folder     {folder}");
    }
    for site in &c.fan_out_per_child_site {
        let _ = writeln!(s, "  sent to {:<10} {} times", site.site, site.messages);
    }
    s.push('\n');
    s
}

fn when(at_s: Option<u64>) -> String {
    match at_s {
        Some(s) => format!("{s} s (hour {})", s / 3600),
        None => "never".into(),
    }
}

fn result_text(p: &Params, r: &SimResult) -> String {
    let mut s = String::new();
    let remedies = [
        (p.hotfix, "hotfix"),
        (p.workaround, "workaround"),
        (p.key_deleted_at_s.is_some(), "key deleted"),
        (p.repaired_at_s.is_some(), "point repaired"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| *name)
    .collect::<Vec<_>>()
    .join(", ");
    let remedies = if remedies.is_empty() {
        "none (unpatched)".to_string()
    } else {
        remedies
    };
    let _ = writeln!(
        s,
        "{} sites below, {} failing packages, {} hours; remedies: {remedies}",
        r.sites_below, r.failing_packages, p.hours
    );
    let t = &r.totals;
    let _ = writeln!(
        s,
        "retries {}  created {}  sent {}  peak backlog {} at {}  backlog at end {}",
        t.retries,
        t.created,
        t.sent,
        t.peak_backlog,
        when(Some(r.peak_at_s)),
        t.backlog_end
    );
    let _ = writeln!(
        s,
        "backlog first above {}: {}\n",
        r.threshold,
        when(r.threshold_exceeded_at_s)
    );
    let _ = writeln!(
        s,
        "{:>6} {:>8} {:>12} {:>10} {:>12}",
        "hour", "retries", "created", "sent", "backlog"
    );
    for h in &r.series {
        let _ = writeln!(
            s,
            "{:>6} {:>8} {:>12} {:>10} {:>12}",
            h.hour, h.retries, h.created, h.sent, h.backlog
        );
    }
    s
}

fn comparison_text(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<16} {:>16} {:>8} {:>12} {:>10} {:>12} {:>12}",
        "scenario", "at", "retries", "created", "sent", "peak", "backlog end"
    );
    for run in &c.runs {
        let t = &run.result.totals;
        let at = run.at_s.map(|a| format!("{a} s")).unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<16} {:>16} {:>8} {:>12} {:>10} {:>12} {:>12}",
            run.label, at, t.retries, t.created, t.sent, t.peak_backlog, t.backlog_end
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use kbwiz_engine::sim::simulate;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn args(line: &[&str]) -> Args {
        let argv = std::iter::once("simulate").chain(line.iter().copied());
        match Cli::try_parse_from(argv) {
            Ok(cli) => cli.args,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn flags_become_params() {
        let a = args(&[
            "--sites",
            "1000",
            "--failing",
            "50",
            "--hours",
            "720",
            "--patched",
            "--retry-s",
            "1800",
            "--other-s",
            "600",
            "--min-gap-s",
            "120",
            "--capacity",
            "900",
        ]);
        let p = apply(&a, Params::default());
        assert_eq!(p.hierarchy, Hierarchy::flat(1000));
        assert_eq!((p.failing_packages, p.hours), (50, 720));
        assert!(p.hotfix);
        assert_eq!(
            (p.retry_interval_s, p.min_gap_s, p.capacity_per_hour),
            (1800, 120, 900)
        );
        assert_eq!(p.arrivals, Arrivals::Every { interval_s: 600 });
    }

    #[test]
    fn other_s_zero_switches_arrivals_off_and_a_seed_makes_them_poisson() {
        let off = apply(
            &args(&[
                "--sites",
                "1",
                "--failing",
                "1",
                "--hours",
                "1",
                "--other-s",
                "0",
            ]),
            Params::default(),
        );
        assert_eq!(off.arrivals, Arrivals::Off);
        let poisson = apply(
            &args(&[
                "--sites",
                "1",
                "--failing",
                "1",
                "--hours",
                "1",
                "--poisson-seed",
                "9",
            ]),
            Params::default(),
        );
        assert_eq!(
            poisson.arrivals,
            Arrivals::Poisson {
                mean_interval_s: 900,
                seed: 9
            }
        );
    }

    #[test]
    fn sites_failing_and_hours_are_required_without_evidence() {
        let argv = ["simulate", "--sites", "3"];
        assert!(Cli::try_parse_from(argv).is_err());
        let from = args(&["--from-evidence", "a.log", "b.reg"]);
        assert_eq!(from.from_evidence, ["a.log", "b.reg"]);
        assert_eq!(apply(&from, Params::default()), Params::default());
    }

    #[test]
    fn the_table_shows_totals_and_every_hour() {
        let p = apply(
            &args(&["--sites", "3", "--failing", "1", "--hours", "5"]),
            Params::default(),
        );
        let r = simulate(&p).expect("valid");
        let text = result_text(&p, &r);
        assert!(text.contains("retries 19  created 60  sent 60  peak backlog 3 at 0 s (hour 0)"));
        assert_eq!(text.lines().count(), 3 + 1 + 1 + 5);
    }

    #[test]
    fn content_flags_become_content_params() {
        let a = args(&[
            "--article",
            "X",
            "--packages",
            "10",
            "--dps",
            "20",
            "--max-packages",
            "6",
            "--threads-per-package",
            "10",
            "--retry-count",
            "5",
            "--retry-delay-min",
            "60",
            "--failing-dps",
            "2",
            "--fixed-at-h",
            "0",
            "--hours",
            "48",
        ]);
        let p = apply_content(&a, ContentParams::default());
        assert_eq!((p.packages, p.dps, p.hours), (10, 20, 48));
        assert_eq!((p.max_packages, p.threads_per_package), (6, 10));
        assert_eq!(
            (p.retry_count, p.retry_delay_s, p.failing_dps),
            (5, 3600, 2)
        );
        assert_eq!(p.fixed_at_s, None);
        assert_eq!(retry_loop_flags(&a), Vec::<&str>::new());
        assert_eq!(content_flags(&a.content).len(), 8);
        assert_eq!(
            refuse(vec!["--sites"], "the retry loop"),
            Err("--sites belong to the retry loop, not this article's model".into())
        );
    }

    #[test]
    fn the_content_table_and_comparison_show_give_ups_and_completion() {
        let p = ContentParams {
            packages: 2,
            dps: 3,
            hours: 4,
            retry_count: 1,
            fixed_at_s: None,
            ..ContentParams::default()
        };
        let r = kbwiz_engine::sim::content::simulate(&p).expect("valid");
        let text = content_text(&p, &r);
        assert!(
            text.contains("delivered 4  gave up 2  waiting at end 0"),
            "{text}"
        );
        assert!(
            text.contains("DP    0: 0 delivered, 2 gave up, not complete"),
            "{text}"
        );
        let c = kbwiz_engine::sim::content::compare(&p).expect("valid");
        let table = content_comparison_text(&c);
        assert_eq!(table.lines().count(), 5);
        assert!(table
            .lines()
            .nth(4)
            .is_some_and(|l| l.starts_with("failing DP removed")));
    }
}
