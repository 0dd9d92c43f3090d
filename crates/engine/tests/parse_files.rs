//! Behaviour of the file-listing readers: the KB's table, filever, PowerShell
//! VersionInfo, bare versions, `dir` listings and Schedule.box backlogs.

use kbwiz_engine::evidence::{Fact, FileVersion, Format, ScheduleBacklog};

mod common;
use common::sample;

fn fv(
    file: &str,
    version: &str,
    platform: Option<&str>,
    size: Option<u64>,
    date: Option<&str>,
) -> FileVersion {
    FileVersion {
        file: file.to_owned(),
        version: version.to_owned(),
        platform: platform.map(str::to_owned),
        size,
        date: date.map(str::to_owned),
    }
}

#[test]
fn version_listings() {
    let p = sample("versions.txt");
    assert_eq!(p.report.format, Format::FileVersions);
    assert_eq!(p.report.problems, []);
    let found: Vec<(usize, &FileVersion)> = p
        .evidence
        .iter()
        .map(|e| match &e.fact {
            Fact::FileVersion(f) => (e.line, f),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                4,
                &fv(
                    "Baseutil.dll",
                    "2.00.1493.3253",
                    Some("Alpha"),
                    Some(811_792),
                    Some("1-Mar-2001 17:25")
                )
            ),
            (
                5,
                &fv(
                    "Distmgr.dll",
                    "2.00.1493.3257",
                    Some("I386"),
                    Some(231_312),
                    Some("1-Mar-2001 17:45")
                )
            ),
            // filever: `W32i` is its word for 32-bit Intel.
            (
                8,
                &fv(
                    "distmgr.dll",
                    "2.0.1493.3000",
                    Some("I386"),
                    Some(231_200),
                    Some("03-01-2001")
                )
            ),
            // PowerShell: FileVersion column, platform from the path.
            (
                13,
                &fv("baseutil.dll", "2.00.1493.3253", Some("I386"), None, None)
            ),
            (15, &fv("Distmgr.dll", "2.00.1493.2000", None, None, None)),
        ]
    );
}

#[test]
fn dir_listing_with_schedule_box_backlog() {
    let p = sample("schedule-box-dir.txt");
    assert_eq!(p.report.format, Format::FileVersions);
    assert_eq!(p.report.problems, []);
    assert_eq!(p.report.entries, 6);
    let facts: Vec<(usize, &Fact)> = p.evidence.iter().map(|e| (e.line, &e.fact)).collect();
    assert_eq!(
        facts,
        [
            (
                6,
                &Fact::FileVersion(fv(
                    "distmgr.dll",
                    "",
                    Some("I386"),
                    Some(231_312),
                    Some("03/01/2001 05:45 PM")
                ))
            ),
            (
                7,
                &Fact::FileVersion(fv(
                    "baseutil.dll",
                    "",
                    Some("I386"),
                    Some(527_296),
                    Some("03/01/2001 05:25 PM")
                ))
            ),
            (
                16,
                &Fact::ScheduleBacklog(ScheduleBacklog {
                    folder: r"C:\SMS\Inboxes\schedule.box".to_owned(),
                    count: 1204
                })
            ),
        ]
    );
}
