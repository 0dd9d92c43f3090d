//! Redaction: every server, site code, package ID, share, folder of a share,
//! package name, account, domain and IP address in the inputs replaced by a
//! consistent pseudonym, so the inputs can be shared and still diagnose the
//! same way.
//!
//! What is a value comes from two places. The parsers' typed facts and the
//! KB's declared fields say what a fact's pieces are (a status message's
//! site and system, its package ID, package name, source and distribution
//! point; a log line's captures of kind `site_code`, `package_id` and
//! `path`; the package ID in a registry key an article declares). Generic
//! shapes find the rest in every line, fact or not: UNC paths, IPv4
//! addresses and `DOMAIN\user` accounts ([`shapes`]). Each value is then
//! replaced wherever it stands as a whole token, in every line of every
//! input and in the inputs' names, so no occurrence outside a fact is left.
//!
//! Pseudonyms keep the form the evidence relies on: a site code stays three
//! characters (`J01`), a package ID is its site's pseudonym followed by its
//! own five hex digits (`CEN00012` -> `J0100012`), a share keeps its `$`,
//! an IP address is one of the documentation ranges (`192.0.2.1`). A
//! pseudonym never equals a real value, a word of the inputs or a word the
//! parsers and the KB read ([`protect`]). A value that is itself such a word
//! cannot be replaced without changing what kbwiz reads; it is kept and
//! listed in the map's `kept` list. Status message IDs, components, times,
//! versions and the KB's facts are never values. Folders of local paths
//! (`D:\SMS\inboxes\...`) are SMS's own and are kept; a package ID in them
//! is replaced.
//!
//! The map from pseudonym to value ([`RedactionMap`]) is the shell's to keep
//! apart from the redacted inputs: it is never written into them.

mod protect;
pub mod shapes;

use crate::evidence::{holds_placeholder, Evidence, Fact};
use crate::kb::{FieldKind, Kb, Placeholder};
use crate::parse::{decode, Encoding};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

pub use protect::protected_words;

/// What a redacted value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    SiteCode,
    PackageId,
    Server,
    Share,
    /// A folder of a UNC path, below its share.
    Folder,
    PackageName,
    Domain,
    User,
    Ip,
}

impl ValueKind {
    /// Site codes and package IDs are upper case in SMS and compared as
    /// written (a site `JUN` must not touch the month in a timestamp);
    /// Windows names are matched whatever their case.
    fn case_sensitive(self) -> bool {
        matches!(self, ValueKind::SiteCode | ValueKind::PackageId)
    }
}

/// One value and its pseudonym.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapEntry {
    pub kind: ValueKind,
    pub pseudonym: String,
    pub value: String,
}

/// A value left as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub kind: ValueKind,
    pub value: String,
    pub reason: String,
}

/// The map from pseudonym to value: the admin's to keep, never part of the
/// redacted inputs. Its JSON is the map file `kbwiz redact` writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactionMap {
    /// Always `kbwiz-redaction-map`.
    pub format: String,
    pub version: u32,
    pub entries: Vec<MapEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Kept>,
}

/// One input, redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedactedInput {
    /// The input's name, its values replaced too.
    pub name: String,
    /// The redacted text.
    pub text: String,
    /// The redacted text in the input's own encoding (a UTF-16 `.reg`
    /// export stays UTF-16 with its BOM): what a shell writes to disk.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Values replaced in this input (occurrences).
    pub replaced: usize,
}

/// What [`crate::api::redact`] returns: the redacted inputs and, apart, the
/// map. `kbwiz.redact` returns this JSON; `kbwiz redact` writes the inputs
/// and the map to separate files.
#[derive(Debug, Clone, Serialize)]
pub struct Redaction {
    pub inputs: Vec<RedactedInput>,
    pub map: RedactionMap,
    /// The replacer, to redact other text (a report) the same way.
    #[serde(skip)]
    pub redactor: Redactor,
}

/// Replaces the values of one map in any text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Longest needle first.
    needles: Vec<Needle>,
}

/// One value to find, and what replaces it.
#[derive(Debug, Clone)]
struct Needle {
    value: String,
    pseudonym: String,
    case_insensitive: bool,
    /// An IP address: a `.` next to it continues it (`10.0.0.1` is not in
    /// `10.0.0.12`). Known from the value's kind: site pseudonyms start
    /// with digits too (`001`), and a site code ending a sentence
    /// (`child site PR1.`) must still be replaced.
    ip: bool,
}

/// Gathers values in the order first met.
struct Collector {
    protected: HashSet<String>,
    /// Upper-cased value -> index in `values`.
    index: HashMap<String, usize>,
    values: Vec<(ValueKind, String)>,
    kept: Vec<Kept>,
    kept_seen: HashSet<String>,
    /// Paths to take apart once every typed value is known.
    paths: Vec<String>,
    /// The query-result columns the KB reads as package IDs, found once.
    package_columns: Vec<String>,
}

impl Collector {
    fn add(&mut self, kind: ValueKind, value: &str) {
        // Trailing dots are punctuation (`PS1DP3.CONTOSO.COM.` ends a
        // sentence); a value with no letter or digit names nothing.
        let value = value.trim().trim_end_matches('.');
        if !value.chars().any(|c| c.is_ascii_alphanumeric())
            || holds_placeholder(value)
            || value.contains(['\r', '\n'])
        {
            return;
        }
        let key = value.to_ascii_uppercase();
        if self.index.contains_key(&key) {
            return;
        }
        if self.is_protected(value) {
            self.keep(kind, value, "spelled like a word kbwiz reads (a keyword of the formats or of the KB's lines, templates and keys)");
            return;
        }
        if kind == ValueKind::PackageId && value.len() == 8 && value.is_char_boundary(3) {
            // The package ID's own site code gets its pseudonym first.
            self.add(ValueKind::SiteCode, &value[..3]);
            // A package of a kept site is kept whole: its five digits name
            // nothing without the site, and a pseudonym of another form
            // would sort apart from the site's other packages.
            let site = value[..3].to_ascii_uppercase();
            if !self.index.contains_key(&site) && self.kept_seen.contains(&site) {
                self.keep(kind, value, "its site code is kept");
                return;
            }
        }
        self.index.insert(key, self.values.len());
        self.values.push((kind, value.to_string()));
    }

    /// Leave `value` as it is, listed once in the map's `kept` with why.
    fn keep(&mut self, kind: ValueKind, value: &str, reason: &str) {
        if self.kept_seen.insert(value.to_ascii_uppercase()) {
            self.kept.push(Kept {
                kind,
                value: value.to_string(),
                reason: reason.into(),
            });
        }
    }

    /// A value the parsers or the KB read as a word (any of its words, for
    /// a value of several: replacing it would change what they read).
    fn is_protected(&self, value: &str) -> bool {
        let upper = value.to_ascii_uppercase();
        self.protected.contains(&upper)
            || (upper.contains(' ') && upper.split(' ').all(|w| self.protected.contains(w)))
    }

    /// A UNC path's server, share and folders (local paths keep their
    /// folders: SMS's own, which its parsers read).
    fn take_apart(&mut self, path: &str) {
        let Some(rest) = path.strip_prefix("\\\\") else {
            return;
        };
        let mut parts = rest.split('\\').filter(|p| !p.is_empty());
        if let Some(host) = parts.next() {
            self.host(host);
        }
        // A share has a name: NAL paths end in `\~`, an elided path in
        // `\...`, neither of which names anything.
        if let Some(share) = parts
            .next()
            .filter(|s| s.chars().any(|c| c.is_ascii_alphanumeric()))
        {
            self.add(ValueKind::Share, share.trim_end_matches('$'));
        }
        for folder in parts {
            let stem = folder.rsplit_once('.').map_or(folder, |(s, _)| s);
            // A folder named by a value already mapped or kept (a package's
            // folder) is that value.
            let known = |v: &str| {
                let upper = v.to_ascii_uppercase();
                self.index.contains_key(&upper) || self.kept_seen.contains(&upper)
            };
            if stem.is_empty()
                || stem.chars().all(|c| c.is_ascii_digit())
                || known(folder)
                || known(stem)
            {
                continue;
            }
            self.add(ValueKind::Folder, stem);
        }
    }

    /// A host: an IP address, a server, or a server and its domain.
    fn host(&mut self, host: &str) {
        if shapes::ipv4s(host).first() == Some(&host) {
            self.add(ValueKind::Ip, host);
        } else if let Some((server, domain)) = host.split_once('.') {
            self.add(ValueKind::Server, server);
            self.add(ValueKind::Domain, domain);
        } else {
            self.add(ValueKind::Server, host);
        }
    }

    /// A field that names a computer: a name, a DNS name, or a UNC path
    /// (its server, share and folders). Other text (a NAL path, a
    /// sentence) names no computer here; its UNC paths are shapes.
    fn server_field(&mut self, value: &str) {
        let value = value.trim();
        if value.starts_with("\\\\") {
            self.path(value);
        } else if !value.is_empty()
            && value
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_'))
        {
            self.host(value);
        }
    }

    /// An account field: `DOMAIN\user`, `user@domain` or a user name.
    fn account(&mut self, value: &str) {
        let value = value.trim();
        if value.contains(char::is_whitespace) {
            return;
        }
        if let Some((domain, user)) = value.split_once('\\') {
            self.add(ValueKind::Domain, domain);
            self.add(ValueKind::User, user);
        } else if let Some((user, domain)) = value.split_once('@') {
            self.add(ValueKind::User, user);
            self.add(ValueKind::Domain, domain);
        } else {
            self.add(ValueKind::User, value);
        }
    }

    fn path(&mut self, path: &str) {
        self.paths.push(path.to_string());
    }
}

/// The values of one fact, by what the parsers and the KB say they are.
fn collect_fact(fact: &Fact, kb: &Kb, c: &mut Collector) {
    match fact {
        Fact::StatusMessage(m) => {
            for site in m.site.iter().chain(&m.child_site) {
                c.add(ValueKind::SiteCode, site);
            }
            if let Some(system) = &m.system {
                c.host(system);
            }
            for pkg in m.package_id.iter().chain(
                m.attributes
                    .iter()
                    .filter(|(id, _)| *id == 400)
                    .map(|(_, v)| v),
            ) {
                c.add(ValueKind::PackageId, pkg);
            }
            if let Some(name) = &m.package_name {
                c.add(ValueKind::PackageName, name);
            }
            for p in m.package_source.iter().chain(&m.dp_path) {
                c.path(p);
            }
        }
        Fact::LogLine(line) => {
            let article = kb.article(&line.article);
            for cap in &line.captures {
                let kind = match Placeholder::from_name(&cap.name) {
                    Some(Placeholder::PackageId) => Some(FieldKind::PackageId),
                    Some(Placeholder::SiteCode) => Some(FieldKind::SiteCode),
                    Some(Placeholder::PackageSource | Placeholder::DpLocation) => {
                        Some(FieldKind::Path)
                    }
                    Some(Placeholder::PackageName) => {
                        c.add(ValueKind::PackageName, &cap.value);
                        None
                    }
                    None => article.and_then(|a| a.field(&cap.name)).map(|f| f.kind),
                };
                match kind {
                    Some(FieldKind::SiteCode) => c.add(ValueKind::SiteCode, &cap.value),
                    Some(FieldKind::PackageId) => c.add(ValueKind::PackageId, &cap.value),
                    Some(FieldKind::Path) => c.path(&cap.value),
                    Some(FieldKind::Server) => c.server_field(&cap.value),
                    Some(FieldKind::Share) => {
                        c.add(ValueKind::Share, cap.value.trim_end_matches('$'))
                    }
                    Some(FieldKind::Account) => c.account(&cap.value),
                    Some(FieldKind::Domain) => c.add(ValueKind::Domain, &cap.value),
                    _ => {}
                }
            }
        }
        Fact::RegistryKey(key) => {
            for article in kb.articles() {
                for def in &article.registry.keys {
                    for (p, value) in def.match_path(&key.path).unwrap_or_default() {
                        match p {
                            Placeholder::PackageId => c.add(ValueKind::PackageId, &value),
                            Placeholder::SiteCode => c.add(ValueKind::SiteCode, &value),
                            _ => {}
                        }
                    }
                }
            }
        }
        Fact::ScheduleBacklog(b) => c.path(&b.folder),
        Fact::FileVersion(_) | Fact::ComponentLog(_) => {}
        // A query result's columns are named by the articles that ask for
        // it: a column a rule reads as the packages (`sql_rows`' `packages`)
        // holds package IDs. Other cells are redacted where their values are
        // shapes (UNC paths, addresses, accounts) or facts found elsewhere.
        Fact::SqlRow(row) => {
            let ids: Vec<&str> = c
                .package_columns
                .iter()
                .filter_map(|column| row.cell(column)?.value.as_deref())
                .collect();
            for id in ids {
                c.add(ValueKind::PackageId, id);
            }
        }
        Fact::SqlResult(_) => {}
    }
}

/// The query-result columns the KB's rules read as package IDs.
fn package_columns(kb: &Kb) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rule in kb.articles().iter().flat_map(|a| a.tree.rules()) {
        if let crate::kb::tree::Rule::SqlRows {
            packages: Some(col),
            ..
        } = rule
        {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(col)) {
                out.push(col.clone());
            }
        }
    }
    out
}

/// Redact `inputs` (name, bytes) with one map for all of them; each
/// redacted input keeps its encoding.
pub fn redact(inputs: &[(&str, &[u8])], kb: &Kb) -> Redaction {
    let decoded: Vec<(Encoding, usize, String)> = inputs
        .iter()
        .map(|(_, bytes)| {
            let (encoding, bom) = crate::parse::sniff(bytes);
            (encoding, bom, decode(bytes).into_owned())
        })
        .collect();
    let scan = crate::api::scan(inputs, kb);
    let texts: Vec<(&str, &str)> = inputs
        .iter()
        .zip(&decoded)
        .map(|((name, _), (_, _, text))| (*name, text.as_str()))
        .collect();
    let mut red = redact_scanned(&texts, &scan.evidence, kb);
    for (input, (encoding, bom, _)) in red.inputs.iter_mut().zip(&decoded) {
        input.bytes = encode(&input.text, *encoding, *bom);
    }
    red
}

/// [`redact`] over texts already decoded and evidence already scanned and
/// enriched from them (the web app's), without reading them again; each
/// redacted input's `bytes` is its UTF-8 text.
pub fn redact_scanned(inputs: &[(&str, &str)], evidence: &[Evidence], kb: &Kb) -> Redaction {
    let mut c = Collector {
        protected: protected_words(kb),
        index: HashMap::new(),
        values: Vec::new(),
        kept: Vec::new(),
        kept_seen: HashSet::new(),
        paths: Vec::new(),
        package_columns: package_columns(kb),
    };
    for e in evidence {
        collect_fact(&e.fact, kb, &mut c);
    }
    for (_, text) in inputs {
        for line in text.lines() {
            for path in shapes::unc_paths(line) {
                c.path(path);
            }
            for ip in shapes::ipv4s(line) {
                c.add(ValueKind::Ip, ip);
            }
            for (domain, user) in shapes::domain_users(line) {
                if !c.is_protected(domain) && !c.is_protected(user) {
                    c.add(ValueKind::Domain, domain);
                    c.add(ValueKind::User, user);
                }
            }
        }
    }
    for path in std::mem::take(&mut c.paths) {
        c.take_apart(&path);
    }
    let lowered: Vec<String> = inputs.iter().map(|(_, t)| t.to_ascii_lowercase()).collect();
    let map = assign(&c, &lowered);
    let redactor = Redactor::new(&map);
    let inputs = inputs
        .iter()
        .map(|(name, text)| {
            let (text, replaced) = redactor.apply_counted(text);
            RedactedInput {
                name: redactor.apply(name),
                bytes: text.as_bytes().to_vec(),
                text,
                replaced,
            }
        })
        .collect();
    Redaction {
        inputs,
        map,
        redactor,
    }
}

/// `text` in `encoding`, with a BOM when the original had one.
fn encode(text: &str, encoding: Encoding, bom: usize) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => {
            let mut out = if bom > 0 {
                vec![0xEF, 0xBB, 0xBF]
            } else {
                Vec::new()
            };
            out.extend_from_slice(text.as_bytes());
            out
        }
        Encoding::Windows1252 => crate::parse::cp1252::encode(text).0,
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let le = encoding == Encoding::Utf16Le;
            let mut out = match (bom > 0, le) {
                (false, _) => Vec::new(),
                (true, true) => vec![0xFF, 0xFE],
                (true, false) => vec![0xFE, 0xFF],
            };
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            out
        }
    }
}

/// Candidate pseudonyms of a kind, in order.
fn candidate(kind: ValueKind, n: usize) -> String {
    match kind {
        ValueKind::SiteCode => {
            // In increasing order, so that pseudonyms sort as values do.
            const LETTERS: &[u8] = b"JKQVWXYZ";
            let letter = LETTERS[(n / 99) % LETTERS.len()] as char;
            let rest = n / (99 * LETTERS.len());
            if rest == 0 {
                format!("{letter}{:02}", n % 99 + 1)
            } else {
                // Past 792 sites: two letters and a digit, still three characters.
                let second = (b'A' + (rest % 26) as u8) as char;
                format!("{letter}{second}{}", n % 10)
            }
        }
        ValueKind::PackageId => format!("PKG{:05}", n + 1),
        ValueKind::Server => format!("SERVER{:03}", n + 1),
        ValueKind::Share => format!("SHARE{:03}", n + 1),
        ValueKind::Folder => format!("Folder{:03}", n + 1),
        ValueKind::PackageName => format!("PackageName{:03}", n + 1),
        ValueKind::Domain => format!("DOMAIN{:03}", n + 1),
        ValueKind::User => format!("user{:03}", n + 1),
        ValueKind::Ip => {
            const NETS: [&str; 3] = ["192.0.2", "198.51.100", "203.0.113"];
            format!("{}.{}", NETS[(n / 254) % 3], n % 254 + 1)
        }
    }
}

/// A site pseudonym sorting strictly between `lo` and `hi` (either open),
/// from the usual sequence (`J01`, `J02`, ...) where it fits, else the first
/// free three-character code in the gap. Only when the gap holds no free
/// code (a value between two kept codes one apart) is order given up for
/// the next free code of the sequence.
fn site_between(
    lo: Option<&str>,
    hi: Option<&str>,
    n: &mut usize,
    free: impl Fn(&str) -> bool,
) -> String {
    let inside = |p: &str| lo.is_none_or(|lo| p > lo) && hi.is_none_or(|hi| p < hi);
    // The sequence increases over its first 792 codes.
    const ORDERED: usize = 792;
    while *n < ORDERED {
        let p = candidate(ValueKind::SiteCode, *n);
        if hi.is_some_and(|hi| p.as_str() >= hi) {
            break;
        }
        *n += 1;
        if inside(&p) && free(&p) {
            return p;
        }
    }
    const DIGITS_LETTERS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let start = lo.unwrap_or("");
    for a in DIGITS_LETTERS
        .iter()
        .filter(|&&a| start.as_bytes().first().is_none_or(|&f| a >= f))
    {
        for b in DIGITS_LETTERS {
            for c in DIGITS_LETTERS {
                let p = String::from_utf8(vec![*a, *b, *c]).unwrap_or_default();
                if hi.is_some_and(|hi| p.as_str() >= hi) {
                    break;
                }
                if inside(&p) && free(&p) {
                    return p;
                }
            }
        }
    }
    loop {
        let p = candidate(ValueKind::SiteCode, *n);
        *n += 1;
        if free(&p) || *n > 1_000_000 {
            return p;
        }
    }
}

/// Give every collected value its pseudonym: unique, not a real value, not
/// a protected word, not found in any input.
fn assign(c: &Collector, lowered: &[String]) -> RedactionMap {
    let mut taken: HashSet<String> = c.index.keys().cloned().collect();
    let mut next: BTreeMap<ValueKind, usize> = BTreeMap::new();
    let mut by_value: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    let free = |p: &str, taken: &HashSet<String>| {
        let upper = p.to_ascii_uppercase();
        let lower = p.to_ascii_lowercase();
        !taken.contains(&upper)
            && !c.protected.contains(&upper)
            && !lowered.iter().any(|t| t.contains(&lower))
    };
    // Each kind in the values' sort order, with pseudonyms that sort the same
    // way: a list kbwiz sorts (child sites, packages) keeps its order. Site
    // codes come first, for the package IDs built on them.
    // Kept site codes stay where they are in that order: each pseudonym is
    // placed between the kept codes around its value.
    let mut values: Vec<&(ValueKind, String)> = c.values.iter().collect();
    values.sort_by_key(|(kind, value)| (*kind, value.to_ascii_uppercase()));
    let mut kept_sites: Vec<String> = c
        .kept
        .iter()
        .filter(|k| k.kind == ValueKind::SiteCode)
        .map(|k| k.value.to_ascii_uppercase())
        .collect();
    kept_sites.sort();
    let mut last_site: Option<String> = None;
    for (kind, value) in values {
        let site_form = *kind == ValueKind::PackageId
            && value.len() == 8
            && value.is_char_boundary(3)
            && value.chars().all(|ch| ch.is_ascii_alphanumeric());
        let pseudonym = match site_form
            .then(|| by_value.get(&value[..3].to_ascii_uppercase()))
            .flatten()
        {
            // Site pseudonyms are unique and never a real site, so the
            // package ID built on one is unique too.
            Some(site) => format!("{site}{}", &value[3..]),
            None if *kind == ValueKind::SiteCode => {
                let upper = value.to_ascii_uppercase();
                let below = kept_sites.iter().rev().find(|k| **k < upper);
                let lo = match (below, last_site.as_ref()) {
                    (Some(k), Some(p)) => Some(k.max(p).clone()),
                    (k, p) => k.or(p).cloned(),
                };
                let hi = kept_sites.iter().find(|k| **k > upper).cloned();
                let n = next.entry(*kind).or_insert(0);
                let p = site_between(lo.as_deref(), hi.as_deref(), n, |p| free(p, &taken));
                last_site = Some(p.to_ascii_uppercase());
                p
            }
            None => loop {
                let n = next.entry(*kind).or_insert(0);
                let p = candidate(*kind, *n);
                *n += 1;
                if free(&p, &taken) {
                    break p;
                }
                if *n > 1_000_000 {
                    break format!("{}-{}", candidate(*kind, 0), entries.len());
                }
            },
        };
        taken.insert(pseudonym.to_ascii_uppercase());
        by_value.insert(value.to_ascii_uppercase(), pseudonym.clone());
        entries.push(MapEntry {
            kind: *kind,
            pseudonym,
            value: value.clone(),
        });
    }
    RedactionMap {
        format: "kbwiz-redaction-map".into(),
        version: 1,
        entries,
        kept: c.kept.clone(),
    }
}

/// Whether the byte before or after a match continues the token.
fn joins(b: Option<&u8>, ip: bool) -> bool {
    b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || (ip && b == b'.') || b >= 0x80)
}

impl Redactor {
    /// The replacer for `map`.
    pub fn new(map: &RedactionMap) -> Redactor {
        let mut needles = Vec::new();
        for e in &map.entries {
            let ip = e.kind == ValueKind::Ip;
            let needle = |value: String, pseudonym: String, case_insensitive| Needle {
                value,
                pseudonym,
                case_insensitive,
                ip,
            };
            if e.kind.case_sensitive() {
                needles.push(needle(e.value.clone(), e.pseudonym.clone(), false));
                let lower = e.value.to_ascii_lowercase();
                if lower != e.value {
                    needles.push(needle(lower, e.pseudonym.to_ascii_lowercase(), false));
                }
            } else {
                needles.push(needle(
                    e.value.to_ascii_lowercase(),
                    e.pseudonym.clone(),
                    true,
                ));
            }
        }
        needles.sort_by(|a, b| {
            b.value
                .len()
                .cmp(&a.value.len())
                .then(a.value.cmp(&b.value))
        });
        Redactor { needles }
    }

    /// `text` with every value replaced.
    pub fn apply(&self, text: &str) -> String {
        self.apply_counted(text).0
    }

    /// `text` with every value replaced, and how many were. A value that a
    /// mail or ticket system wrapped over two lines is found too (the
    /// parsers join such lines): its pseudonym takes its place on the first
    /// line and the line break follows it, so every line keeps its number.
    pub fn apply_counted(&self, text: &str) -> (String, usize) {
        if self.needles.is_empty() {
            return (text.to_string(), 0);
        }
        // start -> (end, replacement)
        let mut claimed: BTreeMap<usize, (usize, String)> = BTreeMap::new();
        // Values over a line break first: the pieces of a wrapped value may
        // look like values of their own (`ges\office` of `packa` / `ges\office xp`).
        let breaks = Breaks::of(text);
        if !breaks.at.is_empty() {
            let joined = breaks.joined(text);
            self.claim(&joined, &breaks, &mut claimed);
        }
        self.claim(text, &Breaks::none(), &mut claimed);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, (end, replacement)) in &claimed {
            out.push_str(&text[at..*start]);
            out.push_str(replacement);
            at = *end;
        }
        out.push_str(&text[at..]);
        (out, claimed.len())
    }

    /// Claim every free whole-token occurrence of every needle in `hay`
    /// (the text, or the text with its line breaks taken out, `breaks`
    /// mapping it back), in the original text's offsets.
    fn claim(&self, hay: &str, breaks: &Breaks, claimed: &mut BTreeMap<usize, (usize, String)>) {
        let lower = hay.to_ascii_lowercase();
        let bytes = hay.as_bytes();
        for Needle {
            value: needle,
            pseudonym,
            case_insensitive: insensitive,
            ip,
        } in &self.needles
        {
            if needle.is_empty() {
                continue;
            }
            let ip = *ip;
            let search = if *insensitive { &lower } else { hay };
            for start in memchr::memmem::find_iter(search.as_bytes(), needle.as_bytes()) {
                let end = start + needle.len();
                if joins(start.checked_sub(1).and_then(|i| bytes.get(i)), ip)
                    || joins(bytes.get(end), ip)
                    || !hay.is_char_boundary(start)
                    || !hay.is_char_boundary(end)
                {
                    continue;
                }
                let (from, to, inner) = breaks.span(start, end);
                if breaks.is_some() && inner.is_empty() {
                    // Found on one line: the first pass had it.
                    continue;
                }
                let overlaps = claimed
                    .range(..to)
                    .next_back()
                    .is_some_and(|(_, (e, _))| *e > from);
                if overlaps {
                    continue;
                }
                let found = &hay[start..end];
                let mut replacement = if *insensitive
                    && found.bytes().any(|c| c.is_ascii_alphabetic())
                    && !found.bytes().any(|c| c.is_ascii_uppercase())
                {
                    pseudonym.to_ascii_lowercase()
                } else {
                    pseudonym.clone()
                };
                replacement.push_str(&inner);
                claimed.insert(from, (to, replacement));
            }
        }
    }
}

/// The line breaks of a text, to search it as if its lines were one.
struct Breaks {
    /// (offset in the joined text, offset in the text, the break itself).
    at: Vec<(usize, usize, &'static str)>,
    some: bool,
}

impl Breaks {
    fn none() -> Breaks {
        Breaks {
            at: Vec::new(),
            some: false,
        }
    }

    fn is_some(&self) -> bool {
        self.some
    }

    fn of(text: &str) -> Breaks {
        let mut at = Vec::new();
        let mut removed = 0;
        for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
            let crlf = i > 0 && text.as_bytes()[i - 1] == b'\r';
            let (start, brk) = if crlf { (i - 1, "\r\n") } else { (i, "\n") };
            at.push((start - removed, start, brk));
            removed += brk.len();
        }
        Breaks { at, some: true }
    }

    fn joined(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (_, orig, brk) in &self.at {
            out.push_str(&text[from..*orig]);
            from = orig + brk.len();
        }
        out.push_str(&text[from..]);
        out
    }

    /// How many bytes of breaks the first `k` breaks removed.
    fn removed(&self, k: usize) -> usize {
        match k.checked_sub(1).and_then(|i| self.at.get(i)) {
            Some((joined, orig, brk)) => orig - joined + brk.len(),
            None => 0,
        }
    }

    /// A joined range in the text's offsets, and the breaks inside it
    /// (binary searches: a large log has a million breaks).
    fn span(&self, start: usize, end: usize) -> (usize, usize, String) {
        if !self.some {
            return (start, end, String::new());
        }
        // A break at the match's start comes before it; at its end, after.
        let first = self.at.partition_point(|(j, _, _)| *j <= start);
        let last = self.at.partition_point(|(j, _, _)| *j < end);
        let inner: String = self.at[first..last.max(first)]
            .iter()
            .map(|(_, _, b)| *b)
            .collect();
        (start + self.removed(first), end + self.removed(last), inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(ValueKind, &str, &str)]) -> RedactionMap {
        RedactionMap {
            format: "kbwiz-redaction-map".into(),
            version: 1,
            entries: entries
                .iter()
                .map(|(kind, value, pseudonym)| MapEntry {
                    kind: *kind,
                    pseudonym: pseudonym.to_string(),
                    value: value.to_string(),
                })
                .collect(),
            kept: Vec::new(),
        }
    }

    #[test]
    fn values_are_replaced_as_whole_tokens_longest_first() {
        let r = Redactor::new(&map(&[
            (ValueKind::SiteCode, "CEN", "X01"),
            (ValueKind::PackageId, "CEN00012", "X0100012"),
            (ValueKind::Server, "DP01", "SERVER01"),
        ]));
        assert_eq!(
            r.apply_counted(r"CEN00012 at \\dp01\x from CEN; CENTRAL and SMS_CEN stay"),
            (
                r"X0100012 at \\server01\x from X01; CENTRAL and SMS_CEN stay".to_string(),
                3
            )
        );
    }

    #[test]
    fn site_codes_match_their_case_only() {
        let r = Redactor::new(&map(&[(ValueKind::SiteCode, "JUN", "X01")]));
        assert_eq!(r.apply("Mon Jun 07 JUN jun"), "Mon Jun 07 X01 x01");
    }

    /// Site pseudonyms start with digits, as IP addresses do; only an IP
    /// address is continued by a `.`. A site code that ends a sentence
    /// (`sent to child site PR1.`) was once left in place.
    #[test]
    fn a_site_code_before_a_full_stop_is_replaced() {
        let r = Redactor::new(&map(&[
            (ValueKind::SiteCode, "PR1", "001"),
            (ValueKind::Ip, "10.1.2.3", "192.0.2.1"),
        ]));
        assert_eq!(
            r.apply("sent to child site PR1. Then PR1, 10.1.2.3 and 10.1.2.3.4"),
            "sent to child site 001. Then 001, 192.0.2.1 and 10.1.2.3.4"
        );
    }

    #[test]
    fn ip_addresses_do_not_match_inside_longer_numbers() {
        let r = Redactor::new(&map(&[(ValueKind::Ip, "10.1.2.3", "192.0.2.1")]));
        assert_eq!(
            r.apply("10.1.2.3 110.1.2.3 10.1.2.30 10.1.2.3.4"),
            "192.0.2.1 110.1.2.3 10.1.2.30 10.1.2.3.4"
        );
    }

    #[test]
    fn a_value_wrapped_over_a_line_break_is_replaced_and_the_break_kept() {
        let r = Redactor::new(&map(&[(ValueKind::Share, "Packages", "SHARE01")]));
        assert_eq!(
            r.apply_counted("\\\\S\\Packa\r\nges\\x\nPackages\n\"pack\nages\""),
            (
                "\\\\S\\SHARE01\r\n\\x\nSHARE01\n\"share01\n\"".to_string(),
                3
            )
        );
        // Lines stay lines: the text has as many breaks as before.
        let (out, _) = r.apply_counted("a Packa\nges b\n");
        assert_eq!(
            (out.as_str(), out.matches('\n').count()),
            ("a SHARE01\n b\n", 2)
        );
    }

    #[test]
    fn site_pseudonyms_stay_three_characters() {
        for n in [0, 98, 99, 791, 792, 5000] {
            assert_eq!(candidate(ValueKind::SiteCode, n).len(), 3, "{n}");
        }
        assert_eq!(candidate(ValueKind::SiteCode, 0), "J01");
        assert_eq!(candidate(ValueKind::SiteCode, 99), "K01");
    }

    #[test]
    fn site_pseudonyms_fall_between_the_kept_codes_around_them() {
        let any = |_: &str| true;
        let mut n = 0;
        // Below a kept `SQL`: the usual sequence fits.
        assert_eq!(site_between(None, Some("SQL"), &mut n, any), "J01");
        // Above it: the sequence goes on past it.
        assert_eq!(site_between(Some("SQL"), None, &mut n, any), "V01");
        // Below a kept `ABC`, where the sequence never goes: the first
        // free code in the gap.
        let mut n = 0;
        assert_eq!(
            site_between(None, Some("ABC"), &mut n, |p| p != "000"),
            "001"
        );
        // Between two kept codes one apart there is no room: order is
        // given up for the next code of the sequence past the gap.
        let mut n = 0;
        assert_eq!(site_between(Some("SQL"), Some("SQM"), &mut n, any), "V01");
    }

    #[test]
    fn encodings_round_trip() {
        for bytes in [
            b"abc".to_vec(),
            vec![0xEF, 0xBB, 0xBF, b'a'],
            vec![0xFF, 0xFE, b'a', 0],
            vec![b'a', 0xE9],
        ] {
            let (enc, bom) = crate::parse::sniff(&bytes);
            let text = decode(&bytes).into_owned();
            assert_eq!(encode(&text, enc, bom), bytes);
        }
    }
}
