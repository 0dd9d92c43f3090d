//! Generated inputs of a known shape: the distmgr.log the parse and
//! diagnose benchmarks time, and that `cargo xtask cli` runs the CLI over to
//! train its profile-guided build. One generator, so that what is timed and
//! what the build is trained on are the same lines
//! (`tests/bench/page/distmgr-log.mjs` writes the same text in the browser).

use std::fmt::Write as _;

/// A deterministic SMS 2.0 distmgr.log of at least `size` bytes (it stops at
/// the first line end past `size`), CRLF line ends. Every other line is a
/// STATMSG line (IDs 2300, 2328, 2302 and 2339 in turn, 97 packages, 7
/// child sites); the rest are two ordinary Distribution Manager messages.
/// Each line's trailer is a millisecond later than the last one's.
pub fn distmgr_log(size: usize) -> String {
    let mut log = String::with_capacity(size.saturating_add(4096));
    let ids = [(2300, 'I'), (2328, 'E'), (2302, 'E'), (2339, 'I')];
    let mut n: u64 = 0;
    while log.len() < size {
        let (ms, sec, min, pkg) = (n % 1000, (n / 1000) % 60, (n / 60_000) % 60, n % 97);
        let trailer = format!(
            "$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:{min:02}:{sec:02}.{ms:03} 2004 Pacific Daylight Time><thread=1288 (0x508)>"
        );
        // Writing to a String cannot fail.
        let _ = if n.is_multiple_of(2) {
            let (id, sev) = ids[(n / 2 % 4) as usize];
            write!(
                log,
                "STATMSG: ID={id} SEV={sev} LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:{min:02}:{sec:02}.{ms:03} 2004 ISTR0=\"CEN{pkg:05}\" ISTR1=\"PR{}\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=\"CEN{pkg:05}\"  {trailer}\r\n",
                n % 7
            )
        } else if n.is_multiple_of(3) {
            write!(
                log,
                "Used 0 out of 3 allowed processing threads.  {trailer}\r\n"
            )
        } else {
            write!(
                log,
                "Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN{pkg:05}.PKG.  {trailer}\r\n"
            )
        };
        n += 1;
    }
    log
}

/// A small deterministic generator (a 64-bit LCG, top bits out): the same
/// log on every machine, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number below `n` (at least 1).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A date and time in SMS 2.0's trailer form: `Mon Jun 07 16:23:16.472 2004`.
fn sms_time(t: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = DAYS[t.weekday().num_days_from_monday() as usize];
    let month = MONTHS[t.month0() as usize];
    format!(
        "{day} {month} {:02} {:02}:{:02}:{:02}.{:03} {}",
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() / 1_000_000,
        t.year()
    )
}

/// A deterministic site-server log of at least `size` bytes (to the first
/// line end past it), CRLF line ends, shaped like a real one rather than
/// like [`distmgr_log`]'s two repeated lines: three components sharing the
/// file (Distribution Manager, Scheduler, Sender) on several threads each;
/// about two lines in five STATMSG lines with IDs, severities, sites,
/// servers, process and thread IDs, insertion strings and zero to two
/// attribute pairs that vary from line to line; times that advance by 0 to
/// 2 seconds a line, so a 100 MiB log spans about five days and crosses
/// midnight several times; and the zone's name changing from Pacific
/// Daylight Time to Pacific Standard Time after the third day, with the
/// status messages' GMTDATE kept in UTC.
pub fn mixed_log(size: usize) -> String {
    let mut log = String::with_capacity(size.saturating_add(4096));
    let mut rng = Lcg(0x5EED_0FC0_FFEE);
    let start = chrono::NaiveDate::from_ymd_opt(2004, 6, 7)
        .and_then(|d| d.and_hms_opt(22, 30, 0))
        .unwrap_or_default();
    let mut local = start;
    // (component, threads)
    let components: [(&str, &[u32]); 3] = [
        ("SMS_DISTRIBUTION_MANAGER", &[1288, 297, 2044, 3120]),
        ("SMS_SCHEDULER", &[1412, 1416]),
        ("SMS_SENDER", &[868, 872, 1900]),
    ];
    let statmsgs = [
        (2300, 'I'),
        (2301, 'I'),
        (2302, 'E'),
        (2328, 'E'),
        (2339, 'I'),
        (2342, 'W'),
    ];
    let sites = [
        ("CEN", "CENTRAL1"),
        ("PR1", "PRIMARY1"),
        ("PR2", "PRIMARY2"),
    ];
    while log.len() < size {
        local += chrono::Duration::milliseconds(rng.below(2000) as i64);
        let days = (local - start).num_days();
        let (zone, bias_hours) = if days < 3 {
            ("Pacific Daylight Time", 7)
        } else {
            ("Pacific Standard Time", 8)
        };
        let (component, threads) = components[match rng.below(10) {
            0..=5 => 0,
            6..=7 => 1,
            _ => 2,
        }];
        let thread = threads[rng.below(threads.len() as u64) as usize];
        let pkg = rng.below(97);
        let trailer = format!(
            "$$<{component}><{} {zone}><thread={thread} (0x{thread:X})>",
            sms_time(local)
        );
        let _ = if rng.below(5) < 2 {
            let (id, sev) = statmsgs[rng.below(statmsgs.len() as u64) as usize];
            let (site, server) = sites[rng.below(sites.len() as u64) as usize];
            let pid = [312, 1840][rng.below(2) as usize];
            let gmt = sms_time(local + chrono::Duration::hours(bias_hours));
            let child = rng.below(7);
            let mut strings = [format!("CEN{pkg:05}"), String::new(), String::new()];
            match rng.below(3) {
                0 => strings[1] = format!("PR{child}"),
                1 => {
                    strings[1] = format!(r"\\SRCSRV\packages\pkg {pkg}");
                    strings[2] = format!(r"\\DP0{child}\SMSPKGC$\CEN{pkg:05}\");
                }
                _ => {}
            }
            let attrs = match rng.below(4) {
                0 => "NUMATTRS=0".to_owned(),
                1 => format!(
                    "NUMATTRS=2 AID0=400 AVAL0=\"CEN{pkg:05}\" AID1=404 AVAL1=\"PR{child}\""
                ),
                _ => format!("NUMATTRS=1 AID0=400 AVAL0=\"CEN{pkg:05}\""),
            };
            write!(
                log,
                "STATMSG: ID={id} SEV={sev} LEV=M SOURCE=\"SMS Server\" COMP=\"{component}\" SYS={server} SITE={site} PID={pid} TID={thread} GMTDATE={gmt} ISTR0=\"{}\" ISTR1=\"{}\" ISTR2=\"{}\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" {attrs}  {trailer}\r\n",
                strings[0], strings[1], strings[2]
            )
        } else {
            let message = match (component, rng.below(4)) {
                ("SMS_DISTRIBUTION_MANAGER", 0) => format!("Start deleting the package CEN{pkg:05}..."),
                ("SMS_DISTRIBUTION_MANAGER", 1) => format!(
                    "Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN{pkg:05}.PKG."
                ),
                ("SMS_DISTRIBUTION_MANAGER", _) => {
                    format!("Used {} out of 3 allowed processing threads.", rng.below(4))
                }
                ("SMS_SCHEDULER", 0) => format!("Package CEN{pkg:05} scheduled for site PR{}.", rng.below(7)),
                ("SMS_SCHEDULER", _) => "Waiting for something to happen...".to_owned(),
                (_, 0) => format!("Sending started for CEN{pkg:05}."),
                _ => format!("Checking for sending capacity. Used 0 out of {} allowed sending threads.", 1 + rng.below(5)),
            };
            write!(log, "{message}  {trailer}\r\n")
        };
    }
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The log reads as it is meant to: one entry per line, a status
    /// message on every other line, no problems.
    #[test]
    fn the_generated_log_reads_as_described() {
        let log = distmgr_log(64 * 1024);
        let lines = log.matches("\r\n").count();
        assert!(log.len() >= 64 * 1024 && log.ends_with("\r\n"));
        let parsed = crate::parse::parse_input("distmgr.log", log.as_bytes());
        assert_eq!(parsed.report.entries, lines);
        assert_eq!(parsed.evidence.len(), lines.div_ceil(2));
        assert!(parsed.report.problems.is_empty());
        assert_eq!(&log[..log.find('\r').unwrap_or(0)], concat!(
            "STATMSG: ID=2300 SEV=I LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:00:00.000 2004 ",
            "ISTR0=\"CEN00000\" ISTR1=\"PR0\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=\"CEN00000\"  ",
            "$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time><thread=1288 (0x508)>"
        ));
    }

    /// The status messages take the four IDs in turn, their packages count
    /// up to 96 and start again, and the child site is the line number
    /// modulo 7.
    #[test]
    fn status_messages_take_their_ids_and_packages_in_turn() {
        let log = distmgr_log(200 * 1024);
        let parsed = crate::parse::parse_input("distmgr.log", log.as_bytes());
        let msgs: Vec<_> = parsed
            .evidence
            .iter()
            .filter_map(|e| match &e.fact {
                crate::evidence::Fact::StatusMessage(m) => Some(m),
                _ => None,
            })
            .collect();
        assert!(msgs.len() > 200);
        let ids: Vec<u32> = msgs[..6].iter().map(|m| m.id).collect();
        assert_eq!(ids, [2300, 2328, 2302, 2339, 2300, 2328]);
        let n = 98; // line index 196: package 196 % 97 = 2, child site 196 % 7 = 0
        assert_eq!(msgs[n].package_id.as_deref(), Some("CEN00002"));
        assert_eq!(msgs[n].strings[1].as_ref(), "PR0");
    }

    /// The mixed log reads without a problem, one entry a line, about two
    /// lines in five status messages, with every component, both zones and
    /// several days.
    #[test]
    fn the_mixed_log_reads_as_described() {
        let log = mixed_log(2 * 1024 * 1024);
        let lines = log.matches("\r\n").count();
        let parsed = crate::parse::parse_input("mixed.log", log.as_bytes());
        assert_eq!(parsed.report.problems, []);
        assert_eq!(parsed.report.entries, lines);
        let share = parsed.evidence.len() as f64 / lines as f64;
        assert!((0.35..0.45).contains(&share), "{share}");
        let mut components: Vec<&str> = parsed
            .entries
            .iter()
            .filter_map(|e| e.component.as_deref())
            .collect();
        components.sort_unstable();
        components.dedup();
        assert_eq!(
            components,
            ["SMS_DISTRIBUTION_MANAGER", "SMS_SCHEDULER", "SMS_SENDER"]
        );
        let days: std::collections::BTreeSet<_> = parsed
            .entries
            .iter()
            .filter_map(|e| e.time.local.map(|t| t.date()))
            .collect();
        assert!(days.len() >= 2, "{days:?}");
        // Every entry's UTC time is its local time and the zone's bias.
        assert!(parsed.entries.iter().all(|e| e.time.utc.is_some()));
    }
}
