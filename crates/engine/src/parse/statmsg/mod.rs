//! The `STATMSG: ID=2302 SEV=E ... GMTDATE=... ISTR0="..." ... AVAL0="..."`
//! lines that SMS components write to their logs when they raise a status
//! message, read into a [`StatusMessage`].
//!
//! Two readers give the same fields: [`reference`](mod@reference), a tokenizer for any
//! `KEY=value` text, and [`fast`], for lines in SMS's own key order, which
//! takes what a line shares with the one before it from [`memo`]. [`parse`]
//! tries the fast one first unless the scanner reads in reference mode
//! (`parse::cache::Reading`).

mod fast;
pub(crate) mod memo;
mod reference;

use super::cache::{ReadCache, Slot};
use super::trim;
use crate::evidence::{Severity, StatusMessage, StatusOrigin};
use memchr::memmem::Finder;
use memo::Memo;
pub use reference::Tokens;
use std::sync::LazyLock;

/// The marker that starts a status message in a log line.
pub const MARKER: &str = "STATMSG:";

/// Attribute ID that carries the package ID.
pub const ATTR_PACKAGE_ID: u32 = 400;

/// `I`/`W`/`E` as STATMSG writes severities.
pub fn severity(code: &str) -> Option<Severity> {
    match trim::both(code) {
        "I" | "i" => Some(Severity::Info),
        "W" | "w" => Some(Severity::Warning),
        "E" | "e" => Some(Severity::Error),
        _ => None,
    }
}

/// Attribute slots read per message (SMS writes one to three; more are ignored).
const MAX_ATTRS: usize = 16;

/// What a `STATMSG` line says, borrowed from the line until the message is built.
#[derive(Debug, Default, PartialEq)]
struct Fields<'a> {
    id: Option<u32>,
    severity: Option<Severity>,
    component: Option<&'a str>,
    system: Option<&'a str>,
    site: Option<&'a str>,
    utc: Option<chrono::NaiveDateTime>,
    istr: [Option<&'a str>; 10],
    aids: [Option<u32>; MAX_ATTRS],
    avals: [Option<&'a str>; MAX_ATTRS],
}

/// Parse the text from `STATMSG:` on. `None` when it has no numeric `ID=`.
/// `time` gets UTC from `GMTDATE`; the caller adds the log's local time.
/// Repeated values (component, site, insertion strings) are shared through
/// `cache`, which also holds what the last line's `GMTDATE` and keys held.
///
/// Lines in the order SMS writes its keys take the fast path ([`fast::read`]);
/// any other line, or one whose values could be read two ways, is read by the
/// general tokenizer ([`reference::read`]). Both give the same fields for the
/// lines the fast path takes (property tests and the differential tests
/// check it).
pub(crate) fn parse(text: &str, cache: &mut ReadCache) -> Option<StatusMessage> {
    let body = body_of(text);
    let mut fields = Fields::default();
    match cache.statmsg_memo() {
        Some(memo) => {
            if !fast::read(body, memo, &mut fields) {
                fields = Fields::default();
                reference::read(body, Some(&mut memo.dates), &mut fields);
            }
        }
        None => reference::read(body, None, &mut fields),
    }
    build(&fields, cache)
}

/// A searcher for [`MARKER`], built once: most log lines are searched.
static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(MARKER));

/// Where the status message in `text` starts, if it holds one.
pub(crate) fn find(text: &str) -> Option<usize> {
    // Most status lines start with the marker: one compare, not a search.
    if text.starts_with(MARKER) {
        Some(0)
    } else {
        FINDER.find(text.as_bytes())
    }
}

/// The keys and values of a status message: the text after `STATMSG:`.
fn body_of(text: &str) -> &str {
    trim::start(text).strip_prefix(MARKER).unwrap_or(text)
}

/// Does the fast path read `text` (as [`parse`] takes it) as the general
/// tokenizer does, whenever it takes it? For the `statmsg` fuzz target, which
/// mutates real lines into near misses of SMS's order.
#[doc(hidden)]
pub fn fast_path_agrees(text: &str) -> bool {
    let body = body_of(text);
    let mut fast = Fields::default();
    if !fast::read(body, &mut Memo::default(), &mut fast) {
        return true;
    }
    let mut slow = Fields::default();
    reference::read(body, None, &mut slow);
    fast == slow
}

/// The first of `lines` (each as [`parse`] takes it) that is read otherwise
/// with the memo the lines before it left than with a fresh one: whether the
/// fast path takes it, or what it reads. A line the fast path leaves goes to
/// the general reader with the carried date memo, as in [`parse`], so the
/// memo's state after such lines is tested too. For the `statmsg` fuzz
/// target and the memo tests.
#[doc(hidden)]
pub fn memo_disagrees<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut memo = Memo::default();
    lines.into_iter().find(|line| {
        let body = body_of(line);
        let (mut carried, mut fresh) = (Fields::default(), Fields::default());
        let took = fast::read(body, &mut memo, &mut carried);
        if took != fast::read(body, &mut Memo::default(), &mut fresh) {
            return true;
        }
        if !took {
            (carried, fresh) = (Fields::default(), Fields::default());
            reference::read(body, Some(&mut memo.dates), &mut carried);
            reference::read(body, None, &mut fresh);
        }
        carried != fresh
    })
}

/// The message from its fields; `None` without a numeric ID.
fn build(fields: &Fields<'_>, cache: &mut ReadCache) -> Option<StatusMessage> {
    let mut msg = StatusMessage {
        id: fields.id?,
        origin: Some(StatusOrigin::Statmsg),
        severity: fields.severity,
        component: fields.component.map(|s| cache.share_in(Slot::Component, s)),
        system: fields.system.map(|s| cache.share_in(Slot::System, s)),
        site: fields.site.map(|s| cache.share_in(Slot::Site, s)),
        ..StatusMessage::default()
    };
    if let Some(utc) = fields.utc {
        msg.time.utc = Some(utc.and_utc());
    }
    // Up to the last non-empty one: SMS writes all ten, most of them `""`,
    // and an empty string at the end says nothing a missing one does not.
    if let Some(last) = fields
        .istr
        .iter()
        .rposition(|s| s.is_some_and(|s| !s.is_empty()))
    {
        msg.strings = cache.share_all(&fields.istr[..=last]);
    }
    for (id, value) in fields.aids.iter().zip(&fields.avals) {
        if let (Some(id), Some(value)) = (id, value) {
            if msg.attributes.capacity() == 0 {
                msg.attributes = cache.attributes();
            }
            // An attribute often repeats an insertion string (the package
            // ID is both ISTR0 and AVAL0): the same copy, without a lookup.
            let value = match msg.strings.iter().find(|s| ***s == **value) {
                Some(same) => crate::evidence::Shared::clone(same),
                None => cache.share(value),
            };
            if *id == ATTR_PACKAGE_ID && msg.package_id.is_none() {
                msg.package_id = Some(crate::evidence::Shared::clone(&value));
            }
            msg.attributes.push((*id, value));
        }
    }
    Some(msg)
}

#[cfg(test)]
mod tests {
    use super::fast::{HEAD_KEYS, ISTR_KEYS};
    use super::*;
    use crate::parse::cache::{ReadCache, Reading};

    #[test]
    fn tokens_quoted_unquoted_and_spaced_dates() {
        let t: Vec<_> = Tokens::new(
            r#"ID=2302 SOURCE="SMS Server" GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0="a "b" c" ISTR1="" X=<1 2>"#,
        )
        .collect();
        assert_eq!(
            t,
            [
                ("ID", "2302"),
                ("SOURCE", "SMS Server"),
                ("GMTDATE", "Mon Jun 07 23:23:16.472 2004"),
                ("ISTR0", r#"a "b" c"#),
                ("ISTR1", ""),
                ("X", "1 2"),
            ]
        );
    }

    #[test]
    fn every_ascii_white_space_separates() {
        let t: Vec<_> = Tokens::new("A=x y\x0cB=1\rC=2\nD=3\tE=4 F=\r\n").collect();
        assert_eq!(
            t,
            [
                ("A", "x y"),
                ("B", "1"),
                ("C", "2"),
                ("D", "3"),
                ("E", "4"),
                ("F", "")
            ]
        );
    }

    #[test]
    fn unterminated_and_junk() {
        let t: Vec<_> = Tokens::new(r#"junk ID=1 ISTR0="open"#).collect();
        assert_eq!(t, [("ID", "1"), ("ISTR0", "open")]);
        assert_eq!(Tokens::new("= \" =\"").count(), 0);
    }

    #[test]
    fn full_message() {
        let m = parse(r#"STATMSG: ID=2328 SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0="CEN00012" ISTR1="\\SRC\share" ISTR2="" NUMATTRS=1 AID0=400 AVAL0="CEN00012""#, &mut ReadCache::new(Reading::Fast))
            .expect("parses");
        assert_eq!(m.id, 2328);
        assert_eq!(m.severity, Some(Severity::Error));
        assert_eq!(m.component.as_deref(), Some("SMS_DISTRIBUTION_MANAGER"));
        assert_eq!(m.system.as_deref(), Some("CENTRAL1"));
        assert_eq!(m.site.as_deref(), Some("CEN"));
        assert_eq!(m.strings, ["CEN00012".into(), r"\\SRC\share".into()]);
        assert_eq!(m.attributes, [(400, "CEN00012".into())]);
        assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
        assert_eq!(
            m.time.utc.map(|u| u.to_string()).as_deref(),
            Some("2004-06-07 23:23:16.472 UTC")
        );
    }

    #[test]
    fn no_id_is_none() {
        assert!(parse("STATMSG: SEV=E", &mut ReadCache::new(Reading::Fast)).is_none());
        assert!(parse("STATMSG: ID=x", &mut ReadCache::new(Reading::Fast)).is_none());
    }
    /// A line as SMS writes it, with `values` in its key order (`None`: the
    /// key is left out) and `attrs` attribute pairs.
    fn sms_line(values: &[String], attrs: &[(String, String)]) -> String {
        let keys = HEAD_KEYS.iter().chain(ISTR_KEYS.iter());
        let mut line = String::from("STATMSG:");
        for (key, value) in keys.zip(values) {
            line.push_str(&format!(" {}={value}", key.name));
        }
        line.push_str(&format!(" NUMATTRS={}", attrs.len()));
        for (i, (aid, aval)) in attrs.iter().enumerate() {
            line.push_str(&format!(" AID{i}={aid} AVAL{i}={aval}"));
        }
        line
    }

    #[test]
    fn sms_order_takes_the_fast_path() {
        let line = r#" ID=2300 SEV=I LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="CEN00000" ISTR1="PR0" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=1 AID0=400 AVAL0="CEN00000""#;
        let (mut fast, mut slow) = (Fields::default(), Fields::default());
        assert!(fast::read(line, &mut Memo::default(), &mut fast));
        reference::read(line, None, &mut slow);
        assert_eq!(fast, slow);
        assert_eq!(fast.istr[1], Some("PR0"));
        assert_eq!(fast.aids[0], Some(400));
        // Empty strings to the end, read in one compare; and near misses of
        // that run, read one value at a time, all as the tokenizer reads them.
        let empties = r#" ID=2300 SEV=I LEV=M SOURCE="SMS Server" COMP="C" SYS=S SITE=CEN PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="CEN00000" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=0"#;
        for line in [
            empties.to_owned(),
            empties.replace(r#"ISTR0="CEN00000""#, r#"ISTR0="""#),
            empties.replace(r#"ISTR6="" "#, r#"ISTR6=""  "#),
            empties.replace(r#"ISTR9="" "#, r#"ISTR9=""X "#),
            empties.replace(r#"ISTR7="""#, r#"ISTR7="x""#),
            empties.replace("NUMATTRS=0", "NUMATTRS=0 AID0=1"),
        ] {
            let (mut fast, mut slow) = (Fields::default(), Fields::default());
            let took = fast::read(&line, &mut Memo::default(), &mut fast);
            reference::read(&line, None, &mut slow);
            if took {
                assert_eq!(fast, slow, "{line}");
            }
            assert_eq!(
                took,
                !line.contains("AID0") && !line.contains("\"\"X"),
                "{line}"
            );
        }
        // Another order, an extra key, a missing pair: the general reading.
        for other in [
            r#"ID=1 COMP="X" SEV=E"#,
            r#"ID=1 SEV=E LEV=M SOURCE="S" COMP="C" SYS=S SITE=X PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=2 AID0=400 AVAL0="P""#,
            r#"ID=1 SEV=E LEV=M SOURCE="S" COMP="C" SYS=S SITE=X PID=1 TID=2 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=0 EXTRA=1"#,
        ] {
            assert!(
                !fast::read(other, &mut Memo::default(), &mut Fields::default()),
                "{other}"
            );
        }
    }

    /// A value as the property tests draw them: SMS's own kinds, and
    /// quotes, spaces, `=`, `<>` and key-like words inside them.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            // Empty strings, as SMS writes most of them (read in
            // one compare when the rest of them are empty too).
            2 => "\"\"",
            1 => "[A-Z0-9 ]{0,6}",
            1 => "\"[A-Za-z0-9 \"=<>]{0,12}\"",
            1 => "<[A-Z0-9 >=\"]{0,8}>",
            1 => "(Mon )?Jun 0[1-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3} 2004",
            1 => "[A-Z]{1,3}=[0-9]{0,2}",
            1 => "[A-Za-z0-9 =_\t]{0,10}",
        ]
    }

    /// Lines read one after another with one memo, each compared with the
    /// same line read with a fresh memo.
    fn read_in_turn(lines: &[String]) -> Result<(), String> {
        match memo_disagrees(lines.iter().map(String::as_str)) {
            Some(line) => Err(format!("read otherwise with the memo: {line}")),
            None => Ok(()),
        }
    }

    /// The middle keys (LEV to TID) come from the memo when they repeat, and
    /// are read again when any byte of them differs.
    #[test]
    fn repeated_middles_read_as_fresh_ones() {
        let line = |id: &str, site: &str, pid: &str| {
            format!(
                r#"STATMSG: ID={id} SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE={site} PID={pid} TID=1288 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0="CEN00000" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=0"#
            )
        };
        let mut lines = vec![
            line("2300", "CEN", "312"),
            line("2328", "CEN", "312"),
            line("2302", "CEX", "312"),
            line("2302", "CEX", "3120"),
            line("2302", "CE", "3120"),
            line("2302", "CE", "3120 X=1"),
            line("2302", "CE", "3120"),
            line("1", "CE", r#""312 TID=1""#),
        ];
        // Attributes that repeat up to the last value, or differ before it.
        let with = |attrs: &str| line("2302", "CEN", "312").replace("NUMATTRS=0", attrs);
        lines.extend([
            with(r#"NUMATTRS=2 AID0=400 AVAL0="A" AID1=401 AVAL1="B""#),
            with(r#"NUMATTRS=2 AID0=400 AVAL0="A" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=2 AID0=400 AVAL0="AA" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=2 AID0=4000 AVAL0="AA" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=1 AID0=4000 AVAL0="AA" AID1=401 AVAL1="C""#),
            with(r#"NUMATTRS=2 AID0=400 AVAL0="A" AID1=401 AVAL1="B""#),
            with(r#"NUMATTRS=0"#),
        ]);
        assert_eq!(read_in_turn(&lines), Ok(()));
        let mut memo = Memo::default();
        let mut fields = Fields::default();
        for text in &lines[..3] {
            fields = Fields::default();
            assert!(fast::read(body_of(text), &mut memo, &mut fields), "{text}");
        }
        assert_eq!((fields.id, fields.site), (Some(2302), Some("CEX")));
    }

    /// A date block remembered from a quoted `GMTDATE` may start with a quote
    /// or hold a key; an unquoted value with the same words is then read one
    /// value at a time, as a fresh reading does (and not taken at all here).
    #[test]
    fn remembered_dates_with_quotes_or_keys_are_read_again() {
        let line = |n: usize, date: &str| {
            let mut values: Vec<String> = [
                &n.to_string(),
                "E",
                "M",
                "S",
                "C",
                "S",
                "CEN",
                "1",
                "2",
                date,
                "\"x\"",
            ]
            .map(str::to_owned)
            .to_vec();
            values.extend(std::iter::repeat_n("\"\"".to_owned(), 9));
            sms_line(&values, &[])
        };
        for (first, second) in [
            (
                r#"""Mon Jun 07 12:00:00.000 2004""#,
                r#""Mon Jun 07 12:00:01.000 2004"#,
            ),
            (
                r#""Mon Jun 07 12:00:00.000 2004 A=1""#,
                "Mon Jun 07 12:00:01.000 2004 A=1",
            ),
        ] {
            let lines = [line(1, first), line(2, second)];
            assert_eq!(read_in_turn(&lines), Ok(()), "{lines:?}");
            assert!(!fast::read(
                body_of(&lines[1]),
                &mut Memo::default(),
                &mut Fields::default()
            ));
        }
    }

    proptest::proptest! {
        /// Runs of lines whose middles repeat, or differ from a repeated one
        /// by a few bytes, read with the memo as each reads alone.
        #[test]
        fn memo_reads_as_a_fresh_start(
            middle in proptest::collection::vec(value(), memo::COUNT..=memo::COUNT),
            changes in proptest::collection::vec((0..memo::COUNT, "[A-Z0-9 \"=]"), 0..4),
            attr_sets in proptest::collection::vec(
                proptest::collection::vec(("[0-9]{1,3}|x", value()), 0..3),
                1..4,
            ),
            picks in proptest::collection::vec((0usize..4, 0usize..4, value()), 1..12),
        ) {
            // The middle, then each change applied on top of the one before.
            let mut middles = vec![middle];
            for (slot, text) in &changes {
                let mut next = middles[middles.len() - 1].clone();
                next[*slot].push_str(text);
                middles.push(next);
            }
            let lines: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(n, (pick, attrs, istr))| {
                    let mut values = vec![n.to_string(), "E".to_owned()];
                    values.extend(middles[pick % middles.len()].iter().cloned());
                    values.push("Mon Jun 07 23:00:00.000 2004".to_owned());
                    values.push(istr.clone());
                    values.extend(std::iter::repeat_n("\"\"".to_owned(), 9));
                    let mut attrs = attr_sets[attrs % attr_sets.len()].clone();
                    // The last value changes from line to line, as it does
                    // in SMS's lines (the package ID).
                    attrs.push(("400".to_owned(), format!("\"P{n}\"")));
                    sms_line(&values, &attrs)
                })
                .collect();
            proptest::prop_assert_eq!(read_in_turn(&lines), Ok(()));
        }

        /// Runs of lines whose `GMTDATE`s share their date words and differ in
        /// the time word, or in what surrounds it (quotes, `=`, trailing
        /// white space, key-like words), read with the memo as each reads alone.
        #[test]
        fn repeated_dates_read_as_fresh_ones(
            picks in proptest::collection::vec(
                (
                    // Few enough forms that neighbours often share theirs:
                    // a quoted date remembered, then the same words unquoted
                    // or half-quoted, is what the checks are for.
                    proptest::strategy::Strategy::prop_map(
                        (
                            proptest::sample::select(vec!["", "\"", "\"\""]),
                            "[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?",
                            proptest::sample::select(vec![" 2004", " 2004 A=1", " 2004 "]),
                            proptest::sample::select(vec!["", "\""]),
                        ),
                        |(open, time, words, close)| format!("{open}Mon Jun 07 {time}{words}{close}"),
                    ),
                    value(),
                ),
                1..12,
            ),
        ) {
            let lines: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(n, (date, istr))| {
                    let mut values: Vec<String> = [
                        &n.to_string(), "E", "M", "\"SMS Server\"", "\"C\"", "S", "CEN", "1", "2",
                    ]
                    .map(str::to_owned)
                    .to_vec();
                    values.push(date.clone());
                    values.push(istr.clone());
                    values.extend(std::iter::repeat_n("\"\"".to_owned(), 9));
                    sms_line(&values, &[("400".to_owned(), format!("\"P{n}\""))])
                })
                .collect();
            proptest::prop_assert_eq!(read_in_turn(&lines), Ok(()));
        }

        /// Whenever the fast path takes a line, it reads it as the general
        /// tokenizer does: values with quotes, spaces, `=`, `<>` and key-like
        /// words inside them included.
        #[test]
        fn fast_path_agrees_with_the_tokenizer(
            values in proptest::collection::vec(value(), 20..=20),
            attrs in proptest::collection::vec(("[0-9]{1,3}|x", "\"[A-Z0-9 =\"]{0,8}\""), 0..3),
        ) {
            let line = sms_line(&values, &attrs);
            let body = line.strip_prefix(MARKER).unwrap_or(&line);
            let mut fast = Fields::default();
            if fast::read(body, &mut Memo::default(), &mut fast) {
                let mut slow = Fields::default();
                reference::read(body, None, &mut slow);
                proptest::prop_assert_eq!(fast, slow, "{}", line);
            }
        }
    }
}
