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
}
