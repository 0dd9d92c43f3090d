//! Proposing simulator parameters from evidence.

use chrono::{NaiveDate, NaiveDateTime};
use kbwiz_engine::evidence::{Evidence, Fact, RegistryKey, ScheduleBacklog, Stamp, StatusMessage};
use kbwiz_engine::sim::{
    calibrate, calibrate_with, simulate, Arrivals, CalibrationIds, Hierarchy, Params, Source,
};

fn at(h: u32, m: u32, s: u32) -> Stamp {
    let local: Option<NaiveDateTime> =
        NaiveDate::from_ymd_opt(2002, 3, 1).and_then(|d| d.and_hms_opt(h, m, s));
    Stamp {
        local,
        ..Stamp::default()
    }
}

fn fact(fact: Fact) -> Evidence {
    Evidence {
        input: "distmgr.log".into(),
        line: 1,
        text: String::new(),
        fact,
    }
}

fn failure(id: u32, package: &str, time: Stamp) -> Evidence {
    fact(Fact::StatusMessage(StatusMessage {
        id,
        site: Some("CEN".into()),
        package_id: Some(package.into()),
        time,
        ..StatusMessage::default()
    }))
}

fn fanout(site: &str, child: &str, time: Stamp) -> Evidence {
    fact(Fact::StatusMessage(StatusMessage {
        id: 2339,
        site: Some(site.into()),
        child_site: Some(child.into()),
        package_id: Some("CEN00001".into()),
        time,
        ..StatusMessage::default()
    }))
}

fn key(path: &str, deleted: bool) -> Evidence {
    fact(Fact::RegistryKey(RegistryKey {
        path: path.into(),
        deleted,
        values: Vec::new(),
    }))
}

const RETRY_HISTORY: &str =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\";

fn evidence() -> Vec<Evidence> {
    vec![
        // CEN00001 fails at 10:00, 10:15, 10:30 and 11:30 (2328 then 2302 each time).
        failure(2328, "CEN00001", at(10, 0, 0)),
        failure(2302, "CEN00001", at(10, 0, 2)),
        failure(2328, "cen00001", at(10, 15, 0)),
        failure(2302, "CEN00001", at(10, 15, 1)),
        failure(2328, "CEN00001", at(10, 30, 0)),
        failure(2328, "CEN00001", at(11, 30, 0)),
        // CEN00002 fails twice, 15 minutes apart.
        failure(2302, "CEN00002", at(10, 5, 0)),
        failure(2302, "CEN00002", at(10, 20, 0)),
        // Fan-out from the central site to two children, and from P01 below.
        fanout("CEN", "P01", at(10, 0, 3)),
        fanout("CEN", "p02", at(10, 0, 3)),
        fanout("CEN", "P01", at(10, 15, 3)),
        fanout("P01", "S11", at(12, 0, 0)),
        // A retried package known only from the registry, and a deleted key.
        key(&format!("{RETRY_HISTORY}CEN00003"), false),
        key(&format!("{RETRY_HISTORY}CEN00004"), true),
        key(
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Tracing",
            false,
        ),
        fact(Fact::ScheduleBacklog(ScheduleBacklog {
            folder: "D:\\SMS\\Inboxes\\Schedule.box".into(),
            count: 5120,
        })),
    ]
}

#[test]
fn proposes_a_scenario_from_evidence() {
    let c = calibrate(&evidence());
    assert_eq!(c.central_site.as_deref(), Some("CEN"));
    assert_eq!(c.child_site_codes, ["P01", "P02", "S11"]);
    assert_eq!(
        (c.child_sites.value, c.child_sites.source),
        (3, Source::Evidence)
    );
    assert_eq!(c.package_ids, ["CEN00001", "CEN00002", "CEN00003"]);
    assert_eq!(c.failing_packages.value, 3);
    assert_eq!(c.failing_packages.evidence, 9);
    // Gaps: 900, 900, 3600 (CEN00001) and 900 (CEN00002): median 900.
    assert_eq!(c.retry_interval_s.value, 900);
    assert_eq!(c.retry_interval_s.evidence, 4);
    // 10:00:00 to 12:00:00.
    assert_eq!(c.span_s.value, 7200);
    // Two hours of evidence: the run is a day, so the hourly loop shows.
    assert_eq!((c.hours.value, c.hours.source), (24, Source::Default));
    assert_eq!(c.initial_backlog.value, 5120);
    assert_eq!(c.params.retry_interval_s, 900);
    assert_eq!(c.params.arrivals, Arrivals::Off);
    assert_eq!(c.params.min_gap_s, 300);
    let r = simulate(&c.params).expect("calibrated parameters are valid");
    assert_eq!(r.sites_below, 3);
    assert_eq!(r.failing_packages, 3);
}

#[test]
fn says_what_came_from_defaults() {
    let c = calibrate(&[]);
    let d = Params::default();
    assert_eq!(c.params, d);
    for source in [
        c.child_sites.source,
        c.failing_packages.source,
        c.retry_interval_s.source,
        c.span_s.source,
        c.hours.source,
        c.initial_backlog.source,
    ] {
        assert_eq!(source, Source::Default);
    }
    assert_eq!(c.child_sites.value, 110);
    assert_eq!(c.central_site, None);
}

#[test]
fn message_ids_are_parameters() {
    let ids = CalibrationIds {
        failure_ids: vec![2302],
        fanout_ids: vec![],
        same_processing_window_s: 60,
    };
    let c = calibrate_with(&evidence(), &ids);
    assert_eq!(c.child_sites.source, Source::Default);
    // Only 2302: CEN00001 at 10:00:02 and 10:15:01, CEN00002 at 10:05, 10:20.
    assert_eq!(c.retry_interval_s.value, 899);
    assert_eq!(c.package_ids, ["CEN00001", "CEN00002", "CEN00003"]);
}

#[test]
fn sites_without_a_reporting_site_hang_below_the_central_site() {
    let mut m = StatusMessage {
        id: 2339,
        child_site: Some("X01".into()),
        ..StatusMessage::default()
    };
    let e = vec![fact(Fact::StatusMessage(m.clone())), {
        m.child_site = Some("X02".into());
        fact(Fact::StatusMessage(m))
    }];
    let c = calibrate(&e);
    assert_eq!(c.central_site, None);
    assert_eq!(c.child_sites.value, 2);
    assert!(matches!(c.params.hierarchy, Hierarchy::Parents { .. }));
}
