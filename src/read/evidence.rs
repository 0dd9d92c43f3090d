//! The parsing worker's batches read back on the page: [`Evidence`],
//! [`Entry`] and [`InputReport`] as the engine's serde derives write them
//! (`src/worker/protocol.rs`), and the timestamps in them as chrono writes
//! them.

use super::{boolean, list, shared, string, strings, u32, u64, u8, unit, usize, Cx, Obj, Res};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use kbwiz_engine::evidence::{
    Entry, Evidence, Fact, FileVersion, Format, InputReport, Problem, RegData, RegValue,
    RegistryKey, ScheduleBacklog, Severity, Stamp, StatusMessage, StatusOrigin,
};
use serde_json::Value;

const SEVERITY: [(&str, Severity); 3] = [
    ("info", Severity::Info),
    ("warning", Severity::Warning),
    ("error", Severity::Error),
];

const FORMAT: [(&str, Format); 6] = [
    ("sms-log", Format::SmsLog),
    ("cmtrace-log", Format::CmtraceLog),
    ("status-export", Format::StatusExport),
    ("reg", Format::Reg),
    ("file-versions", Format::FileVersions),
    ("unknown", Format::Unknown),
];

fn severity(cx: &Cx, v: &Value) -> Severity {
    unit(cx, v, &SEVERITY, Severity::Info)
}

fn format(cx: &Cx, v: &Value) -> Format {
    unit(cx, v, &FORMAT, Format::Unknown)
}

/// A batch (a JSON array) of items read with `f`.
pub fn batch<T>(json: &str, f: super::Reader<T>) -> Res<Vec<T>> {
    let v = super::parse(json)?;
    let cx = Cx::default();
    let items = list(&cx, &v, f);
    cx.finish(items)
}

/// The report of an input (`report` message).
pub fn report(json: &str) -> Res<InputReport> {
    super::read_text(json, input_report)
}

// `text` goes through `into()` so that this builds whether the engine's
// `Evidence::text` is a `String` or a shared text type made from one.
#[allow(clippy::useless_conversion)]
pub fn evidence(cx: &Cx, v: &Value) -> Evidence {
    let o = Obj::of(cx, v, "struct Evidence");
    let text: String = o.req("text", string);
    Evidence {
        input: o.req("path", shared),
        line: o.req("line", usize),
        text: text.into(),
        fact: fact(&o),
    }
}

#[derive(Clone, Copy)]
enum Kind {
    StatusMessage,
    RegistryKey,
    FileVersion,
    ScheduleBacklog,
}

/// The fact flattened into its evidence object, tagged by `kind`.
fn fact(o: &Obj) -> Fact {
    let kinds = [
        ("status_message", Kind::StatusMessage),
        ("registry_key", Kind::RegistryKey),
        ("file_version", Kind::FileVersion),
        ("schedule_backlog", Kind::ScheduleBacklog),
    ];
    match o.tag("kind", &kinds) {
        Some(Kind::StatusMessage) => Fact::StatusMessage(status_message(o)),
        Some(Kind::RegistryKey) => Fact::RegistryKey(RegistryKey {
            path: o.req("key", string),
            deleted: o.req("deleted", boolean),
            values: o.req("values", |cx, v| list(cx, v, reg_value)),
        }),
        Some(Kind::FileVersion) => Fact::FileVersion(FileVersion {
            file: o.req("file", string),
            version: o.req("version", string),
            platform: o.opt("platform", string),
            size: o.opt("size", u64),
            date: o.opt("date", string),
        }),
        // A placeholder for an unknown kind (the problem is noted).
        Some(Kind::ScheduleBacklog) | None => Fact::ScheduleBacklog(ScheduleBacklog {
            folder: o.req("folder", string),
            count: o.req("count", u64),
        }),
    }
}

const ORIGINS: [(&str, StatusOrigin); 3] = [
    ("statmsg", StatusOrigin::Statmsg),
    ("viewer_export", StatusOrigin::ViewerExport),
    ("message_id_line", StatusOrigin::MessageIdLine),
];

fn status_message(o: &Obj) -> StatusMessage {
    StatusMessage {
        id: o.req("id", u32),
        origin: o.opt("origin", |cx, v| {
            unit(cx, v, &ORIGINS, StatusOrigin::Statmsg)
        }),
        severity: o.opt("severity", severity),
        component: o.opt("component", shared),
        site: o.opt("site", shared),
        system: o.opt("system", shared),
        time: o.req("time", stamp),
        strings: o.or_default("strings", |cx, v| list(cx, v, shared)),
        attributes: o.or_default("attributes", |cx, v| list(cx, v, attribute)),
        description: o.opt("description", string),
        package_id: o.opt("package_id", shared),
        package_name: o.opt("package_name", shared),
        package_source: o.opt("package_source", shared),
        dp_path: o.opt("dp_path", shared),
        child_site: o.opt("child_site", shared),
    }
}

/// An attribute: `[id, value]`.
fn attribute(cx: &Cx, v: &Value) -> (u32, kbwiz_engine::evidence::Shared) {
    match v.as_array().map(Vec::as_slice) {
        Some([id, value]) => (u32(cx, id), shared(cx, value)),
        _ => {
            cx.note(|| super::invalid(v, "a tuple of size 2"));
            (0, "".into())
        }
    }
}

#[derive(Clone, Copy)]
enum RegType {
    String,
    Dword,
    ExpandString,
    MultiString,
    Binary,
    Delete,
}

/// A value: its name and, flattened beside it, its data tagged by `type`
/// with the content in `data`.
fn reg_value(cx: &Cx, v: &Value) -> RegValue {
    let o = Obj::of(cx, v, "struct RegValue");
    let types = [
        ("string", RegType::String),
        ("dword", RegType::Dword),
        ("expand_string", RegType::ExpandString),
        ("multi_string", RegType::MultiString),
        ("binary", RegType::Binary),
        ("delete", RegType::Delete),
    ];
    let data = match o.tag("type", &types) {
        Some(RegType::String) => RegData::String(o.req("data", string)),
        Some(RegType::Dword) => RegData::Dword(o.req("data", u32)),
        Some(RegType::ExpandString) => RegData::ExpandString(o.req("data", string)),
        Some(RegType::MultiString) => RegData::MultiString(o.req("data", strings)),
        Some(RegType::Binary) => o.req("data", binary),
        Some(RegType::Delete) | None => RegData::Delete,
    };
    RegValue {
        name: o.req("name", string),
        data,
    }
}

/// `Binary`'s content: `{ kind, bytes }`.
fn binary(cx: &Cx, v: &Value) -> RegData {
    let o = Obj::of(cx, v, "struct variant RegData::Binary");
    RegData::Binary {
        kind: o.req("kind", u32),
        bytes: o.req("bytes", |cx, v| list(cx, v, u8)),
    }
}

pub fn entry(cx: &Cx, v: &Value) -> Entry {
    let o = Obj::of(cx, v, "struct Entry");
    Entry {
        first_line: o.req("first_line", usize),
        last_line: o.req("last_line", usize),
        component: o.opt("component", shared),
        severity: o.opt("severity", severity),
        time: o.req("time", stamp),
    }
}

fn input_report(cx: &Cx, v: &Value) -> InputReport {
    let o = Obj::of(cx, v, "struct InputReport");
    InputReport {
        path: o.req("path", string),
        format: o.req("format", format),
        blocks: o.or_default("blocks", |cx, v| list(cx, v, format)),
        bytes: o.req("bytes", usize),
        entries: o.req("entries", usize),
        keys: o.opt("keys", usize),
        values: o.opt("values", usize),
        problems: o.req("problems", |cx, v| list(cx, v, problem)),
    }
}

fn problem(cx: &Cx, v: &Value) -> Problem {
    let o = Obj::of(cx, v, "struct Problem");
    Problem {
        line: o.req("line", usize),
        message: o.req("message", string),
    }
}

fn stamp(cx: &Cx, v: &Value) -> Stamp {
    let o = Obj::of(cx, v, "struct Stamp");
    Stamp {
        local: o.opt("local", |cx, v| naive(cx, v, false)),
        utc: o.opt("utc", |cx, v| naive(cx, v, true).and_utc()),
        bias_minutes: o.opt("bias_minutes", super::i32),
        zone: o.opt("zone", shared),
    }
}

/// A time as chrono writes it: `NaiveDateTime`'s `2004-06-07T16:23:16.472`,
/// or with `utc` a `DateTime<Utc>`'s `2004-06-07T23:23:16.472Z`; a leap
/// second is written as second 60.
fn naive(cx: &Cx, v: &Value, utc: bool) -> NaiveDateTime {
    let text = v.as_str().unwrap_or_default();
    let text = if utc {
        text.strip_suffix('Z')
    } else {
        Some(text)
    };
    match text.and_then(parse_naive) {
        Some(t) => t,
        None => {
            let what = if utc {
                "a DateTime<Utc>"
            } else {
                "a NaiveDateTime"
            };
            cx.note(|| super::invalid(v, what));
            NaiveDateTime::default()
        }
    }
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    let (date, time) = s.split_once('T')?;
    // The year may carry a sign and more than four digits.
    let (sign, date) = match date.as_bytes().first()? {
        b'-' => (-1, &date[1..]),
        b'+' => (1, &date[1..]),
        _ => (1, date),
    };
    let mut d = date.splitn(3, '-');
    let year = sign * i32::try_from(digits(d.next()?)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, digits(d.next()?)?, digits(d.next()?)?)?;
    let (hms, frac) = match time.split_once('.') {
        Some((hms, frac)) if (1..=9).contains(&frac.len()) => {
            let scale = 10u32.pow(9 - frac.len() as u32);
            (hms, digits(frac)? * scale)
        }
        Some(_) => return None,
        None => (time, 0),
    };
    let mut t = hms.splitn(3, ':');
    let (h, m, sec) = (digits(t.next()?)?, digits(t.next()?)?, digits(t.next()?)?);
    let (sec, nano) = if sec == 60 {
        (59, frac + 1_000_000_000)
    } else {
        (sec, frac)
    };
    Some(date.and_time(NaiveTime::from_hms_nano_opt(h, m, sec, nano)?))
}

/// A run of ASCII digits (at least one) as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

// Native only: the samples are read from disk.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use kbwiz_engine::parse::parse_input;

    fn samples() -> Vec<(String, Vec<u8>)> {
        let dir = format!("{}/tests/data/parse", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("tests/data/parse")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file() && e.file_name() != "README.md")
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).expect("readable"))
            })
            .collect();
        files.sort();
        assert_eq!(files.len(), 16);
        files
    }

    #[test]
    fn every_sample_reads_back_as_parsed() {
        let mut kinds = std::collections::BTreeSet::new();
        for (name, bytes) in samples() {
            let parsed = parse_input(&name, &bytes);
            // One batch as the worker writes it (`protocol::json_batches`).
            let json = serde_json::to_string(&parsed.evidence).expect("evidence");
            let read = batch(&json, evidence);
            assert_eq!(read, Ok(parsed.evidence.clone()), "{name}: evidence");
            let json = serde_json::to_string(&parsed.entries).expect("entries");
            let read = batch(&json, entry);
            assert_eq!(read, Ok(parsed.entries.clone()), "{name}: entries");
            let json = serde_json::to_string(&parsed.report).expect("report");
            assert_eq!(report(&json), Ok(parsed.report), "{name}: report");
            for e in &parsed.evidence {
                kinds.insert(kbwiz_engine::tree::fact_kind(&e.fact));
            }
        }
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            [
                "file_version",
                "registry_key",
                "schedule_backlog",
                "status_message"
            ]
        );
    }

    #[test]
    // `text: String::from(..).into()`: see `evidence`.
    #[allow(clippy::useless_conversion)]
    fn every_registry_type_and_optional_field_reads_back() {
        let data = [
            RegData::String("s".into()),
            RegData::Dword(7),
            RegData::ExpandString("%x%".into()),
            RegData::MultiString(vec!["a".into(), "b".into()]),
            RegData::Binary {
                kind: 3,
                bytes: vec![0, 255],
            },
            RegData::Delete,
        ];
        let key = Evidence {
            input: "a.reg".into(),
            line: 2,
            text: String::from("[HKEY]").into(),
            fact: Fact::RegistryKey(RegistryKey {
                path: "HKEY".into(),
                deleted: true,
                values: data
                    .into_iter()
                    .map(|data| RegValue {
                        name: "v".into(),
                        data,
                    })
                    .collect(),
            }),
        };
        let stamp = Stamp {
            local: parse_naive("2004-06-07T16:23:16.472"),
            utc: parse_naive("2004-06-07T23:23:59.999999999").map(|t| t.and_utc()),
            bias_minutes: Some(-420),
            zone: Some("Pacific Daylight Time".into()),
        };
        let message = Evidence {
            input: "m.log".into(),
            line: 1,
            text: String::from("m").into(),
            fact: Fact::StatusMessage(StatusMessage {
                id: 2302,
                origin: Some(StatusOrigin::ViewerExport),
                severity: Some(Severity::Warning),
                component: Some("SMS_DISTRIBUTION_MANAGER".into()),
                site: Some("A01".into()),
                system: Some("S".into()),
                time: stamp.clone(),
                strings: vec!["x".into()],
                attributes: vec![(400, "P0100001".into())],
                description: Some("d".into()),
                package_id: Some("P0100001".into()),
                package_name: Some("n".into()),
                package_source: Some("\\\\s".into()),
                dp_path: Some("\\\\d".into()),
                child_site: Some("B02".into()),
            }),
        };
        let file = Evidence {
            input: "f.txt".into(),
            line: 3,
            text: String::from("f").into(),
            fact: Fact::FileVersion(FileVersion {
                file: "distmgr.dll".into(),
                version: "2.00.1493.3257".into(),
                platform: Some("i386".into()),
                size: Some(10),
                date: Some("2002-08-06".into()),
            }),
        };
        let items = [key, message, file];
        let json = serde_json::to_string(&items).expect("json");
        assert_eq!(batch(&json, evidence), Ok(items.to_vec()));
        for t in [
            "2004-06-07T16:23:16",
            "2004-06-07T16:23:16.500",
            "2004-06-07T16:23:16.000001",
            "2004-06-07T16:23:16.000000001",
            "2004-12-31T23:59:60.250",
            "-0044-03-15T12:00:00",
            "+10000-01-01T00:00:00",
        ] {
            let chrono: NaiveDateTime = t.parse().expect("chrono reads it");
            assert_eq!(parse_naive(t), Some(chrono), "{t}");
            assert_eq!(format!("{chrono:?}"), t, "chrono writes {t} so");
        }
        for t in [
            "2004-06-07 16:23:16",
            "2004-06-07T16:23",
            "2004-06-07T16:23:16.",
            "x",
        ] {
            assert_eq!(parse_naive(t), None, "{t}");
        }
    }

    #[test]
    fn a_broken_batch_says_why() {
        assert_eq!(
            batch("[{\"path\":\"a\",\"line\":1,\"text\":\"t\",\"kind\":\"gossip\"}]", evidence),
            Err("unknown variant `gossip`, expected one of `status_message`, `registry_key`, `file_version`, `schedule_backlog`".into())
        );
        assert_eq!(
            batch("{}", entry),
            Err("invalid type: map, expected a sequence".into())
        );
    }
}
