//! The redaction invariant under varied names: the full-fault log and its
//! status export and registry export, with the site codes, servers,
//! shares, folders and package number replaced by generated ones, diagnose
//! the same redacted as in the original ([`redaction::check`]), and no
//! generated name is left in the redacted inputs unless the map says why
//! it was kept.

mod redaction;

use proptest::prelude::*;

const LOG: &str = include_str!("../../../tests/data/scenarios/full-fault/distmgr.log");
const EXPORT: &str =
    include_str!("../../../tests/data/scenarios/export-and-reg/status-messages.txt");
const REG: &[u8] = include_bytes!("../../../tests/data/scenarios/export-and-reg/retry-history.reg");

/// The names the samples use, each with what replaces it.
#[derive(Debug)]
struct Names {
    site: String,
    children: [String; 3],
    server: String,
    source: String,
    dp: String,
    share: String,
    folder: String,
    number: String,
}

fn site() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9]{2}"
}

fn server() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9-]{2,10}[A-Z0-9]"
}

fn names() -> impl Strategy<Value = Names> {
    (
        site(),
        [site(), site(), site()],
        (server(), server(), server()),
        "[A-Za-z][A-Za-z0-9]{2,9}",
        "[A-Za-z][A-Za-z0-9_]{2,12}",
        "[0-9A-F]{5}",
    )
        .prop_map(
            |(site, children, (server, source, dp), share, folder, number)| Names {
                site,
                children,
                server,
                source,
                dp,
                share,
                folder,
                number,
            },
        )
        .prop_filter("distinct names", |n| {
            let all = [
                &n.site,
                &n.children[0],
                &n.children[1],
                &n.children[2],
                &n.server,
                &n.source,
                &n.dp,
                &n.share,
                &n.folder,
            ];
            let upper: std::collections::HashSet<String> =
                all.iter().map(|v| v.to_uppercase()).collect();
            upper.len() == all.len()
        })
}

/// `text` with the samples' names replaced by `n`'s: each name first by a
/// marker (longest first, so a package ID goes before its site code), then
/// each marker by its new name, so that no new name is replaced again.
fn rename(text: &str, n: &Names) -> String {
    let package = format!("{}{}", n.site, n.number);
    let pairs: [(&str, &str); 10] = [
        ("CEN00012", &package),
        ("CENTRAL01", &n.server),
        ("Office2000", &n.folder),
        ("Packages", &n.share),
        ("SRC01", &n.source),
        ("DP01", &n.dp),
        ("PR1", &n.children[0]),
        ("PR2", &n.children[1]),
        ("PR3", &n.children[2]),
        ("CEN", &n.site),
    ];
    let marker = |i: usize| {
        char::from_u32(0xE000 + i as u32)
            .unwrap_or('\u{E000}')
            .to_string()
    };
    let mut out = text.to_string();
    for (i, (old, _)) in pairs.iter().enumerate() {
        out = out.replace(old, &marker(i));
    }
    for (i, (_, new)) in pairs.iter().enumerate() {
        out = out.replace(&marker(i), new);
    }
    out
}

/// The UTF-16 registry export with its names replaced, still UTF-16.
fn rename_reg(n: &Names) -> Vec<u8> {
    let units: Vec<u16> = REG[2..]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = rename(&String::from_utf16_lossy(&units), n);
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn varied_names_diagnose_the_same_redacted(n in names()) {
        let inputs = vec![
            ("distmgr.log".to_string(), rename(LOG, &n).into_bytes()),
            ("status-messages.txt".to_string(), rename(EXPORT, &n).into_bytes()),
            ("retry-history.reg".to_string(), rename_reg(&n)),
        ];
        let red = redaction::check("generated", &inputs);
        let package = format!("{}{}", n.site, n.number);
        for value in [&n.site, &package, &n.server, &n.dp, &n.source, &n.children[0]] {
            let kept = red.map.kept.iter().any(|k| k.value.eq_ignore_ascii_case(value)
                || (value.len() == 8 && k.value.eq_ignore_ascii_case(&value[..3])));
            let mapped = red.map.entries.iter().any(|e| e.value == *value);
            prop_assert!(kept || mapped, "{value} neither mapped nor kept: {:?}", red.map);
            if !kept {
                for input in &red.inputs {
                    prop_assert!(!redaction::has_token(&input.text, value), "{value} left in {}", input.name);
                }
            }
        }
    }
}

/// Names a generated case once broke on: a child site spelled like a word
/// the KB reads (`SQL`) is kept, and the others' pseudonyms must sort
/// around it as their values do; a package of a kept site is kept whole.
#[test]
fn kept_site_codes_keep_their_place_in_sorted_lists() {
    let named = |site: &str, children: [&str; 3]| Names {
        site: site.into(),
        children: children.map(String::from),
        server: "CORPSMS01".into(),
        source: "FILES02".into(),
        dp: "DPHOST7".into(),
        share: "Installs".into(),
        folder: "Visio2002".into(),
        number: "0001A".into(),
    };
    for n in [
        named("CEN", ["YPN", "SQL", "ABA"]),
        named("CEN", ["SQL", "ABC", "AAA"]),
        named("SQL", ["PR1", "ZZZ", "AB1"]),
    ] {
        let inputs = vec![
            ("distmgr.log".to_string(), rename(LOG, &n).into_bytes()),
            (
                "status-messages.txt".to_string(),
                rename(EXPORT, &n).into_bytes(),
            ),
            ("retry-history.reg".to_string(), rename_reg(&n)),
        ];
        let red = redaction::check("named", &inputs);
        assert!(
            red.map.kept.iter().any(|k| k.value == "SQL"),
            "{:?}",
            red.map.kept
        );
        if n.site == "SQL" {
            assert!(
                red.map.kept.iter().any(|k| k.value == "SQL0001A"),
                "{:?}",
                red.map.kept
            );
        }
    }
}

/// Values spelled like words the KB writes into remedies: a share `bin` (as
/// in `<Sms_root_folder>\Bin\<Platform>`), child sites `COM` (as in
/// `support.microsoft.com`) and `WAS` (a scope: where a package `was
/// created`). The remedies keep the KB's words as written; the values are
/// still replaced in the inputs.
#[test]
fn values_spelled_like_kb_step_words_leave_the_steps_alone() {
    let named = |children: [&str; 3], share: &str| Names {
        site: "A00".into(),
        children: children.map(String::from),
        server: "AAA0".into(),
        source: "AA-0".into(),
        dp: "A0A0".into(),
        share: share.into(),
        folder: "AAa".into(),
        number: "A0AA0".into(),
    };
    let cases = [
        (
            named(["A01", "A10", "A0A"], "bin"),
            "bin",
            r#""folder":"<Sms_root_folder>\\Bin\\<Platform>""#,
        ),
        (
            named(["A01", "COM", "A0A"], "Installs"),
            "COM",
            "support.microsoft.com/",
        ),
        (
            named(["WAS", "A10", "A0A"], "Installs"),
            "WAS",
            "the package was created",
        ),
    ];
    for (n, value, kb_words) in cases {
        let inputs = vec![
            ("distmgr.log".to_string(), rename(LOG, &n).into_bytes()),
            (
                "status-messages.txt".to_string(),
                rename(EXPORT, &n).into_bytes(),
            ),
            ("retry-history.reg".to_string(), rename_reg(&n)),
        ];
        let red = redaction::check(value, &inputs);
        assert!(
            red.map.entries.iter().any(|e| e.value == value),
            "{value} not mapped: {:?}",
            red.map.entries
        );
        let refs: Vec<(&str, &[u8])> = red
            .inputs
            .iter()
            .map(|i| (i.name.as_str(), i.bytes.as_slice()))
            .collect();
        let triage = redaction::triage(&refs).to_string();
        assert!(
            triage.contains(kb_words),
            "{kb_words} is not in the redacted triage"
        );
    }
}
