//! Q319207's facts as encoded under `kb/Q319207/`, asserted exactly against
//! the article: metadata, the three status messages, the Retry History key,
//! the file table, both install methods, the workaround, the status and the
//! registry warnings.

use chrono::{NaiveDate, NaiveTime};
use kbwiz_engine::evidence::Severity;
use kbwiz_engine::kb::{
    Article, Kb, MessageRole, Placeholder, Platform, RemedyKind, Resend, ServiceAction, Signal,
    Step,
};

fn article() -> &'static Article {
    Kb::embedded()
        .article("Q319207")
        .expect("Q319207 is embedded")
}

#[test]
fn metadata() {
    let m = &article().meta;
    assert_eq!(m.id, "Q319207");
    assert_eq!(
        m.title,
        "SMS: Retrying a Package Update May Create Many Jobs"
    );
    assert_eq!(m.product, "Microsoft Systems Management Server");
    assert_eq!(m.versions, vec!["2.0"]);
    assert_eq!(m.keywords, vec!["kbsms200", "kbPackage", "kbSoftwareDist"]);
    assert_eq!(m.technology, vec!["kbSMSSearch", "kbSMS200"]);
    assert_eq!(m.query_words, vec!["prodsms"]);
    assert_eq!(m.issue_type.as_deref(), Some("kbbug"));
    assert_eq!(m.solution_type.as_deref(), Some("kbfix"));
    assert_eq!(
        m.last_modified,
        NaiveDate::from_ymd_opt(2002, 8, 6).unwrap()
    );
    let related: Vec<(&str, &str)> = m
        .related
        .iter()
        .map(|r| (r.id.as_str(), r.title.as_str()))
        .collect();
    assert_eq!(
        related,
        vec![
            ("Q256986", "Description of the Microsoft Windows Registry"),
            (
                "Q323206",
                "SMS: List of Bugs Fixed in the Systems Management Server 2.0 SP4 HRP"
            ),
        ]
    );
    let status = m.status.as_ref().expect("status");
    assert!(status.confirmed);
    assert_eq!(
        status.first_fixed_in.as_deref(),
        Some("Systems Management Server 2.0 Service Pack 4 Hotfix Rollup Package (HRP)")
    );
    assert_eq!(status.see.as_deref(), Some("Q323206"));
    assert!(m.symptoms.signals.contains(&Signal::Backlog {
        folder: "\\SMS\\Inboxes\\Schedule.box".into(),
        what: "job files".into()
    }));
}

#[test]
fn status_messages_and_templates() {
    let a = article();
    let got: Vec<(u32, &str, MessageRole, Option<Severity>)> = a
        .messages
        .status_messages
        .iter()
        .map(|m| (m.id, m.template.as_str(), m.role, m.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                2328,
                "SMS Distribution Manager failed to copy package <package ID> from <package source> to <Distribution Point location>.",
                MessageRole::Failure,
                Some(Severity::Error)
            ),
            (
                2302,
                "SMS Distribution Manager failed to process package <package name> (package ID = <package ID>).",
                MessageRole::Failure,
                Some(Severity::Error)
            ),
            (
                2339,
                "SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package <package ID> to child site <site code>.",
                MessageRole::FanOut,
                Some(Severity::Info)
            ),
        ]
    );
    for m in &a.messages.status_messages {
        assert_eq!(m.component, "SMS_DISTRIBUTION_MANAGER");
    }
    let placeholders = |id| a.message(id).unwrap().parsed().unwrap().placeholders();
    assert_eq!(
        placeholders(2328),
        vec![
            Placeholder::PackageId,
            Placeholder::PackageSource,
            Placeholder::DpLocation
        ]
    );
    assert_eq!(
        placeholders(2302),
        vec![Placeholder::PackageName, Placeholder::PackageId]
    );
    assert_eq!(
        placeholders(2339),
        vec![Placeholder::PackageId, Placeholder::SiteCode]
    );
    assert!(a.message(2300).is_none());
}

#[test]
fn retry_history_key() {
    let a = article();
    let key = a.registry_key("retry_history").expect("key");
    assert_eq!(
        key.path,
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\<package ID>"
    );
    assert_eq!(
        key.match_path("hkey_local_machine\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\LAB00012"),
        Some(vec![(Placeholder::PackageId, "LAB00012".to_string())])
    );
    assert_eq!(
        key.match_path("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History"),
        None
    );
    assert_eq!(
        key.match_path("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\LAB00012\\Sub"),
        None
    );
    assert_eq!(
        key.path_for(|_| Some("LAB00012".into())).as_deref(),
        Some("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\LAB00012")
    );
    assert_eq!(key.risk.as_deref(), Some("registry_editor"));
    assert_eq!(
        a.warning("registry_backup").unwrap().see.as_deref(),
        Some("Q256986")
    );
    assert!(a
        .warning("registry_editor")
        .unwrap()
        .text
        .contains("reinstalling the operating system"));
}

#[test]
fn file_table() {
    let a = article();
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let d = NaiveDate::from_ymd_opt(2001, 3, 1).unwrap();
    let rows: Vec<_> = a
        .files
        .rows
        .iter()
        .map(|r| {
            (
                r.date,
                r.time,
                r.version.as_str(),
                r.size,
                r.name.as_str(),
                r.platform,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                d,
                t(17, 25),
                "2.00.1493.3253",
                811_792,
                "Baseutil.dll",
                Platform::Alpha
            ),
            (
                d,
                t(17, 45),
                "2.00.1493.3257",
                360_720,
                "Distmgr.dll",
                Platform::Alpha
            ),
            (
                d,
                t(17, 25),
                "2.00.1493.3253",
                527_296,
                "Baseutil.dll",
                Platform::I386
            ),
            (
                d,
                t(17, 45),
                "2.00.1493.3257",
                231_312,
                "Distmgr.dll",
                Platform::I386
            ),
        ]
    );
    assert_eq!(
        a.required_version("DISTMGR.DLL", Some(Platform::I386)),
        Some("2.00.1493.3257")
    );
    assert_eq!(
        a.required_version("baseutil.dll", None),
        Some("2.00.1493.3253")
    );
    assert_eq!(a.required_version("sender.dll", None), None);
    let release = a.files.release.as_ref().expect("release");
    assert_eq!(release.based_on, "SMS 2.0 Service Pack 3");
    assert_eq!(release.language, "English");
    assert!(release.or_later);
    assert_eq!(
        release.ships_in,
        "Systems Management Server 2.0 Service Pack 4 Hotfix Rollup Package (HRP)"
    );
    assert_eq!(release.ships_in_article.as_deref(), Some("Q323206"));
}

#[test]
fn remediation_entries() {
    let a = article();
    let ids: Vec<(&str, RemedyKind)> = a
        .remediation
        .entries
        .iter()
        .map(|r| (r.id.as_str(), r.kind))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("workaround", RemedyKind::Workaround),
            ("obtain_fix", RemedyKind::ObtainFix),
            ("fix_installer", RemedyKind::Fix),
            ("fix_manual", RemedyKind::Fix),
            ("registry_cleanup", RemedyKind::Cleanup),
        ]
    );

    let installer = a.remedy("fix_installer").unwrap();
    assert_eq!(installer.platforms, vec![Platform::I386]);
    assert_eq!(
        installer.scope.as_deref(),
        Some("every site in the SMS hierarchy")
    );
    let commands: Vec<&str> = installer
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Command { command, .. } => Some(command.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(commands, vec!["Q319207.exe", "Q319207.exe /s"]);

    let manual = a.remedy("fix_manual").unwrap();
    let services = vec![
        "SMS Site Component Manager".to_string(),
        "SMS Executive".to_string(),
        "Windows Management".to_string(),
        "SMS SQL Monitor".to_string(),
    ];
    assert_eq!(
        manual.steps[1],
        Step::Services {
            action: ServiceAction::Stop,
            services: services.clone(),
            on: Some("the site server".into())
        }
    );
    assert_eq!(
        manual.steps[2],
        Step::ReplaceFile {
            file: "Baseutil.dll".into(),
            folder: "<Sms_root_folder>\\Bin\\<Platform>".into()
        }
    );
    assert_eq!(
        manual.steps[3],
        Step::ReplaceFile {
            file: "Distmgr.dll".into(),
            folder: "<Sms_root_folder>\\Bin\\<Platform>".into()
        }
    );
    assert_eq!(
        manual.steps[4],
        Step::Services {
            action: ServiceAction::Start,
            services,
            on: Some("the site server".into())
        }
    );

    let cleanup = a.remedy("registry_cleanup").unwrap();
    assert_eq!(
        cleanup.steps[0],
        Step::Warning {
            warning: "registry_backup".into()
        }
    );
    assert_eq!(
        cleanup.steps[1],
        Step::Warning {
            warning: "registry_editor".into()
        }
    );
    assert!(
        matches!(&cleanup.steps[2], Step::RegistryDelete { key, .. } if key == "retry_history")
    );

    let obtain = a.remedy("obtain_fix").unwrap();
    assert!(obtain.steps.contains(&Step::Link {
        text: "Product Support Services phone numbers and support costs".into(),
        target: "http://support.microsoft.com/default.aspx?scid=fh;EN-US;CNTACTMS".into()
    }));
}

#[test]
fn simulator_defaults() {
    let sim = article()
        .simulator
        .as_ref()
        .and_then(kbwiz_engine::kb::SimDefaults::retry_loop)
        .expect("simulator.json of the retry loop");
    assert_eq!(sim.retry_interval_s, 3600);
    assert_eq!(sim.min_gap_s, 300);
    assert_eq!(sim.failure_messages, vec![2328, 2302]);
    assert_eq!(sim.fan_out_messages, vec![2339]);
    assert_eq!(sim.resend, Resend::PackageInfoToEveryChildSite);
    assert_eq!(sim.backlog_folder, "\\SMS\\Inboxes\\Schedule.box");
}

#[test]
fn markdown_renders_the_facts_and_escapes_html() {
    let html = article().html().expect("Markdown natively");
    for fact in [
        "2.00.1493.3257",
        "231,312",
        "Retry History\\&lt;package ID&gt;",
        "<code>Q319207.exe</code>",
        "Q323206",
        "Q256986",
    ] {
        assert!(html.contains(fact), "missing {fact}");
    }
    assert!(
        !html.contains("<package"),
        "a placeholder leaked as raw HTML"
    );
}
