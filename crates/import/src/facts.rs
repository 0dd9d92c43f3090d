//! Fact extraction over an article's lines. Each extractor marks the lines it
//! used, so a quoted block is read as one kind of fact only (a status message
//! template is not also taken for a log line).

use crate::source::{Doc, Form, Line};
use crate::{
    Extraction, FileRow, Fix, FixKind, Generation, LogLine, Message, Problem, RegKey, RegValue,
    RelatedRef, Role, Section, Severity,
};
use regex::{Captures, Match, Regex};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A pattern written in this file, compiled on first use. One that failed
/// to compile would match nothing rather than panic; `patterns_compile`
/// makes sure every one compiles.
struct Pat {
    src: &'static str,
    re: OnceLock<Option<Regex>>,
}

impl Pat {
    const fn new(src: &'static str) -> Pat {
        Pat {
            src,
            re: OnceLock::new(),
        }
    }

    fn get(&self) -> Option<&Regex> {
        self.re.get_or_init(|| Regex::new(self.src).ok()).as_ref()
    }

    fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(text))
    }

    fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        self.get()?.captures(text)
    }

    fn find<'h>(&self, text: &'h str) -> Option<Match<'h>> {
        self.get()?.find(text)
    }

    fn captures_iter<'a, 'h: 'a>(
        &'a self,
        text: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'a {
        self.get()
            .into_iter()
            .flat_map(move |r| r.captures_iter(text))
    }

    fn find_iter<'a, 'h: 'a>(&'a self, text: &'h str) -> impl Iterator<Item = Match<'h>> + 'a {
        self.get().into_iter().flat_map(move |r| r.find_iter(text))
    }
}

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: Pat = Pat::new($re);
    };
}

pattern!(
    HEADER_FIELD,
    r"^(Article|Product\(s\)|Version\(s\)|Keyword\(s\)|Last Modified)\s*:\s*(.*)$"
);
// The .TXT form's header: `DOCUMENT:Q319207  06-AUG-2002  [sms]`, `TITLE   :`,
// `PRODUCT :`, `PROD/VER::2.0`, `KEYWORDS:`.
pattern!(
    TXT_FIELD,
    r"^(DOCUMENT|TITLE|PRODUCT|PROD/VER|KEYWORDS)\s*:(.*)$"
);
pattern!(
    FOOTER_FIELD,
    r"^(Technology|Issue type|Solution Type)\s*:\s*(.*)$"
);
pattern!(QUERY_WORDS, r"^Additional query words\s*:\s*(.*)$");
pattern!(ARTICLE_ID, r"\bQ\d{6}\b");
pattern!(REF_ID, r"\bQ(\d{6})\b");
pattern!(
    KB_NUMBER,
    r"(?i)original kb number:?_?\s*(?:&nbsp;)?\s*(\d{5,8})"
);
pattern!(
    PRODUCT_VERSION,
    r"(?i)original product version:?_?\s*(?:&nbsp;)?\s*(.+)$"
);
pattern!(
    MSG_ID_LINE,
    r"(?i)^message\s+id\s*:?\s*(\d{1,6})\b\s*(?:[-:]\s*)?(.*)$"
);
pattern!(MSG_TEXT, r"(?i)^message\s+text\s*:\s*(.*)$");
pattern!(ID_LINE, r"^ID\s*(?:=\s*|\s+)(\d{3,6})\s*[:\-]?\s+(.*)$");
pattern!(STATMSG, r"STATMSG:\s*\**\s*ID=(\d{1,6})");
pattern!(STATMSG_SEV, r"\bSEV=([IWE])\b");
pattern!(STATMSG_COMP, r#"\bCOMP="([^"]*)""#);
pattern!(
    PROSE_IDS,
    r"(?i)\b(?:status\s+(?:message\s+)?(?:code|id)s?(?:\s+of)?|(?:status|error)\s+messages?\s+with\s+(?:code|id)|component\s+status|message\s+id)\s*(\d{3,6}(?:(?:\s*,\s*|\s+or\s+|\s+and\s+)\d{3,6})*)"
);
pattern!(NUMBER, r"\d{3,6}");
pattern!(HIVE, r"(?i)\b(HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU)\\");
pattern!(VALUE_NAME, r"(?i)^value\s+name\s*:\s*(.*)$");
pattern!(DATA_TYPE, r"(?i)^(?:data\s+)?type\s*:\s*(.*)$");
pattern!(VALUE_DATA, r"(?i)^(?:value(?:\s+data)?|data)\s*:\s*(.*)$");
pattern!(
    NAME_TYPE_DATA,
    r#"^"?([A-Za-z0-9 _.\-]+?)"?\s*=\s*(REG_[A-Z_]+|dword|hex(?:\([0-9a-fA-F]\))?)\s*:\s*(.*)$"#
);
pattern!(DATE_DMY, r"^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})$");
pattern!(DATE_MDY, r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$");
pattern!(DATE_ISO, r"^(\d{4})-(\d{2})-(\d{2})$");
pattern!(
    TIME,
    r"(?i)^(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])?\.?m?\.?$"
);
pattern!(VERSION, r"^\d+(?:\.\d+){2,}$");
pattern!(SIZE, r"^(?:\d{1,3}(?:,\d{3})+|\d+)$");
pattern!(FILE_NAME, r"^[A-Za-z0-9_$~\-]+(?:\.[A-Za-z0-9_\-]+)+$");
pattern!(SMS_TRAILER, r"\s*\$\$<([^>]*)>.*$");
pattern!(SHORT_TRAILER, r"\s*\$<([^>]*)>.*$");
pattern!(
    CM_TRAILER,
    r"\s+([A-Za-z_][A-Za-z0-9_]*(?: Provider)?)\s+\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\s+\d+\s+\(0x[0-9A-Fa-f]+\)"
);
pattern!(
    CM_PREFIX,
    r"^(?:\S+\s+){0,3}?([A-Za-z_][A-Za-z0-9_]*(?: Provider)?)\s+\d+\s+\(0x[0-9A-Fa-f]+\)\s+(.*)$"
);
pattern!(THREAD_PREFIX, r"^\d+\s+\(0x[0-9A-Fa-f]+\)\s+(.*)$");
pattern!(
    CMTRACE,
    r#"<!\[LOG\[(.*?)\]LOG\]!>(?:.*component="([^"]*)")?"#
);
pattern!(LOG_FILE, r"(?i)\b([A-Za-z_][A-Za-z0-9_]*\.log)\b");
pattern!(LOG_WORD, r"(?i)\.log\b|\blog(?:s|ged|ging)?\b");
pattern!(
    SERVICE_PACK,
    r"(?i)\bservice\s+pack\s+(\d+)\b|\bSP\s?(\d)\b"
);
pattern!(HRP, r"(?i)\bhotfix\s+rollup\s+package\b|\bHRP\b");
pattern!(EXE, r"\b(Q\d{6})\.exe\b");
// "The English post-Service Pack 3 version of this fix should have the
// following file attributes or later:" and its variants.
pattern!(
    RELEASE_LEAD,
    r"(?i)\bthe ([A-Za-z]+)(?:-language)? (?:post-(Service Pack \d+|SP\d+) )?version of this fix(?: for (.+?))? should have the following file attributes( or later)?"
);
pattern!(
    FIRST_FIXED,
    r"(?i)\bfirst corrected in (?:the )?(.+?)\.(?:\s|$)"
);

/// Where a line sits: which top-level section.
struct Ctx<'a> {
    lines: &'a [Line],
    /// Per line: used by an extractor already.
    used: Vec<bool>,
    /// Per line: heading or its underline.
    heading: Vec<bool>,
    /// First line index of the article body (after the header block).
    body_start: usize,
    /// First line index of the footer (`Additional query words:`).
    footer_start: usize,
    /// Per line: inside a Markdown code fence.
    fenced: Vec<bool>,
}

/// The most facts of one kind kept from one article (the largest real
/// article quotes a few hundred log lines); the de-duplication is linear,
/// so a hostile file cannot make it quadratic past this.
const MAX_FACTS: usize = 5000;

pub fn extract(doc: &Doc, name: &str) -> Extraction {
    let lines = &doc.lines;
    let n = lines.len();
    let mut ex = Extraction::default();
    let mut cx = Ctx {
        lines,
        used: vec![false; n],
        heading: vec![false; n],
        body_start: 0,
        footer_start: n,
        fenced: vec![false; n],
    };
    if doc.form == Form::Markdown {
        let mut inside = false;
        for (i, l) in lines.iter().enumerate() {
            let fence = l.trimmed().starts_with("```") || l.trimmed().starts_with("~~~");
            cx.fenced[i] = inside || fence;
            if fence {
                inside = !inside;
            }
        }
    }
    sections(doc, &mut cx, &mut ex);
    if doc.form == Form::Markdown {
        markdown_meta(doc, name, &mut cx, &mut ex);
    } else {
        archive_meta(doc, name, &mut cx, &mut ex);
    }
    files(&mut cx, &mut ex);
    registry(&mut cx, &mut ex);
    messages(&mut cx, &mut ex);
    related(&mut cx, &mut ex);
    logs(doc.form, &mut cx, &mut ex);
    fixes(&cx, &mut ex);
    status(&cx, &mut ex);
    for (what, n) in [
        ("status messages", ex.messages.len()),
        ("registry keys", ex.registry.len()),
        ("related articles", ex.related.len()),
        ("log lines", ex.log_lines.len()),
        ("file rows", ex.files.len()),
        ("headings", ex.sections.len()),
    ] {
        if n >= MAX_FACTS {
            problem(
                &mut ex,
                0,
                format!("more than {MAX_FACTS} {what}; the rest left out"),
            );
        }
    }
    ex
}

fn problem(ex: &mut Extraction, line: usize, message: impl Into<String>) {
    ex.problems.push(Problem {
        line,
        message: message.into(),
    });
}

/// Squash runs of white space to one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- sections

fn underline_of(line: &str, under: &str) -> Option<u8> {
    let u = under.trim_end();
    let l = line.trim_end();
    if l.trim().is_empty() || l.starts_with(' ') || u.starts_with(' ') || l.chars().count() > 70 {
        return None;
    }
    let (ul, ll) = (u.chars().count(), l.chars().count());
    if ul < 3 || ul.abs_diff(ll) > 2 {
        return None;
    }
    if u.chars().all(|c| c == '=') {
        Some(1)
    } else if u.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

fn sections(doc: &Doc, cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    for i in 0..lines.len() {
        if ex.sections.len() >= MAX_FACTS {
            break;
        }
        if doc.form == Form::Markdown {
            if cx.fenced[i] {
                continue;
            }
            let t = lines[i].text.as_str();
            let hashes = t.chars().take_while(|&c| c == '#').count();
            if hashes >= 2 && t[hashes..].starts_with(' ') {
                ex.sections.push(Section {
                    heading: t[hashes..].trim().trim_matches('#').trim().to_string(),
                    level: if hashes == 2 { 1 } else { 2 },
                    line: lines[i].no,
                });
                cx.heading[i] = true;
            }
            continue;
        }
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        if let Some(level) = underline_of(&lines[i].text, &next.text) {
            ex.sections.push(Section {
                heading: lines[i].trimmed().to_string(),
                level,
                line: lines[i].no,
            });
            cx.heading[i] = true;
            cx.heading[i + 1] = true;
        }
    }
}

/// Index of the line with this source line number.
fn index_of(cx: &Ctx, no: usize) -> usize {
    cx.lines.iter().position(|l| l.no == no).unwrap_or(0)
}

/// The top-level section a line index falls in, upper-cased.
pub fn section_at(sections: &[Section], no: usize) -> Option<String> {
    sections
        .iter()
        .rfind(|s| s.level == 1 && s.line <= no)
        .map(|s| s.heading.to_uppercase())
}

// ---------------------------------------------------------------- metadata

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    let month = |m: &str| -> Option<u32> {
        let m = m.to_ascii_lowercase();
        [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .position(|x| *x == m)
        .and_then(|p| u32::try_from(p + 1).ok())
    };
    let year = |y: &str| -> Option<i32> {
        let v: i32 = y.parse().ok()?;
        Some(match (y.len(), v) {
            (2, v) if v < 70 => 2000 + v,
            (2, v) => 1900 + v,
            _ => v,
        })
    };
    if let Some(c) = DATE_DMY.captures(s) {
        return chrono::NaiveDate::from_ymd_opt(year(&c[3])?, month(&c[2])?, c[1].parse().ok()?);
    }
    if let Some(c) = DATE_MDY.captures(s) {
        return chrono::NaiveDate::from_ymd_opt(
            year(&c[3])?,
            c[1].parse().ok()?,
            c[2].parse().ok()?,
        );
    }
    if let Some(c) = DATE_ISO.captures(s) {
        return chrono::NaiveDate::from_ymd_opt(
            c[1].parse().ok()?,
            c[2].parse().ok()?,
            c[3].parse().ok()?,
        );
    }
    None
}

fn parse_time(s: &str) -> Option<String> {
    let c = TIME.captures(s.trim())?;
    let mut h: u32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    match c.get(3).map(|x| x.as_str().to_ascii_lowercase()) {
        Some(ap) if h > 12 || h == 0 => {
            let _ = ap;
            return None;
        }
        Some(ap) if ap == "p" && h != 12 => h += 12,
        Some(ap) if ap == "a" && h == 12 => h = 0,
        _ => {}
    }
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// `winnt:2.0,2.0 SP1` -> `2.0`, `2.0 SP1`: the platform prefixes dropped.
fn versions(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|v| v.rsplit(':').next().unwrap_or(v).trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.split('.').next().unwrap_or(base).to_string()
}

fn archive_meta(doc: &Doc, name: &str, cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    let first_section = ex
        .sections
        .first()
        .map(|s| index_of(cx, s.line))
        .unwrap_or(lines.len());
    let mut seen_date = false;
    for (i, l) in lines.iter().enumerate().take(first_section) {
        if let Some(c) = TXT_FIELD.captures(l.trimmed()) {
            let value = c[2].trim();
            match &c[1] {
                "DOCUMENT" => {
                    let mut words = value.split_whitespace();
                    ex.id = words.next().unwrap_or_default().to_string();
                    seen_date = true;
                    match words.next().and_then(parse_date) {
                        Some(d) => ex.last_modified = Some(d.to_string()),
                        None => problem(ex, l.no, format!("DOCUMENT line {value:?}: no date read")),
                    }
                }
                "TITLE" => ex.title = value.to_string(),
                "PRODUCT" => ex.product = value.to_string(),
                "PROD/VER" => ex.versions = versions(value),
                _ => ex.keywords = value.split_whitespace().map(String::from).collect(),
            }
            cx.used[i] = true;
            continue;
        }
        let Some(c) = HEADER_FIELD.captures(l.trimmed()) else {
            continue;
        };
        let value = c[2].trim();
        match &c[1] {
            "Article" => ex.id = value.to_string(),
            "Product(s)" => ex.product = value.to_string(),
            "Version(s)" => ex.versions = versions(value),
            "Keyword(s)" => ex.keywords = value.split_whitespace().map(String::from).collect(),
            _ => {
                seen_date = true;
                match parse_date(value) {
                    Some(d) => ex.last_modified = Some(d.to_string()),
                    None => problem(ex, l.no, format!("last-modified date {value:?} not read")),
                }
            }
        }
        cx.used[i] = true;
    }
    cx.body_start = first_section;
    for (i, l) in lines.iter().enumerate().skip(first_section) {
        if let Some(c) = QUERY_WORDS.captures(l.trimmed()) {
            ex.footer.query_words = c[1].split_whitespace().map(String::from).collect();
            cx.footer_start = cx.footer_start.min(i);
        } else if i >= cx.footer_start {
            if let Some(c) = FOOTER_FIELD.captures(l.trimmed()) {
                let v = c[2].trim();
                match &c[1] {
                    "Technology" => {
                        ex.footer.technology = v.split_whitespace().map(String::from).collect()
                    }
                    "Issue type" => ex.footer.issue_type = Some(v.to_string()),
                    _ => ex.footer.solution_type = Some(v.to_string()),
                }
            }
        }
    }
    // Title: the page's `## Qnnnnnn: title`, the front matter's, or a
    // `Qnnnnnn: title` line above the header.
    let titled = doc
        .heading
        .clone()
        .or_else(|| doc.front("title").map(String::from))
        .or_else(|| {
            lines
                .iter()
                .take(first_section)
                .find(|l| {
                    ARTICLE_ID.find(l.trimmed()).is_some_and(|m| m.start() == 0)
                        && !l.trimmed().starts_with("Article")
                })
                .map(|l| l.trimmed().to_string())
        });
    if let Some(t) = titled.filter(|_| ex.title.is_empty()) {
        let t = t.trim();
        match ARTICLE_ID.find(t) {
            Some(m) if m.start() == 0 => {
                if ex.id.is_empty() {
                    ex.id = m.as_str().to_string();
                }
                ex.title = t[m.end()..]
                    .trim_start_matches([':', '-', ' '])
                    .trim()
                    .to_string();
            }
            _ => ex.title = t.to_string(),
        }
    }
    if ex.id.is_empty() {
        ex.id = file_stem(name);
        problem(
            ex,
            0,
            format!(
                "no `Article:` or `DOCUMENT:` line; ID taken from the file name: {}",
                ex.id
            ),
        );
    }
    if ex.title.is_empty() {
        problem(ex, 0, "no title found");
    }
    if !seen_date {
        problem(ex, 0, "no `Last Modified:` line nor `DOCUMENT:` date");
    }
    if ex.sections.is_empty() {
        problem(
            ex,
            0,
            "no section heading (`SYMPTOMS` over `========`) found",
        );
    }
}

fn markdown_meta(doc: &Doc, name: &str, cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    for (i, l) in lines.iter().enumerate() {
        if cx.fenced[i] {
            continue;
        }
        let t = l.trimmed();
        if ex.title.is_empty() {
            if let Some(h) = t.strip_prefix("# ") {
                ex.title = h.trim().to_string();
                cx.used[i] = true;
            }
        }
        if let Some(c) = KB_NUMBER.captures(t) {
            if ex.id.is_empty() {
                ex.id = format!("KB{}", &c[1]);
            }
            cx.used[i] = true;
        }
        if let Some(c) = PRODUCT_VERSION.captures(t) {
            let v = c[1].trim().to_string();
            ex.product = v.clone();
            ex.versions = v.split(',').map(|s| s.trim().to_string()).collect();
            cx.used[i] = true;
        }
    }
    if ex.title.is_empty() {
        ex.title = doc.front("title").unwrap_or_default().to_string();
    }
    if ex.id.is_empty() {
        ex.id = file_stem(name);
    }
    if let Some(d) = doc.front("ms.date") {
        match parse_date(d) {
            Some(d) => ex.last_modified = Some(d.to_string()),
            None => problem(ex, 0, format!("ms.date {d:?} not read")),
        }
    } else {
        problem(ex, 0, "no `ms.date` in the front matter");
    }
    if let Some(c) = doc.front("ms.custom") {
        ex.keywords = vec![c.to_string()];
    }
}

// ---------------------------------------------------------------- file rows

/// Table cells: white space and box/Markdown rules (`|`) both separate.
fn cells(line: &str) -> Vec<&str> {
    line.split(|c: char| c.is_whitespace() || c == '|')
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | '+' | '|' | ':' | ' '))
}

fn is_platform(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "alpha" | "intel" | "i386" | "x86" | "axp" | "ia64" | "x64" | "amd64" | "mips" | "ppc"
    )
}

fn files(cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    let mut i = cx.body_start;
    while i < lines.len() {
        let lower = lines[i].trimmed().to_ascii_lowercase();
        let heads = cells(&lower);
        let has = |w: &str| heads.contains(&w);
        let header = has("version")
            && (has("name") || has("filename") || has("file"))
            && (has("date") || has("size"))
            && heads.len() <= 10
            && heads.iter().all(|c| {
                c.chars()
                    .all(|ch| ch.is_alphanumeric() || ch == '(' || ch == ')')
            });
        if !header || cx.used[i] {
            i += 1;
            continue;
        }
        cx.used[i] = true;
        if ex.release.is_none() {
            let lead = paragraph_before(lines, i);
            if let Some(c) = RELEASE_LEAD.captures(&lead) {
                ex.release = Some(crate::ReleaseFacts {
                    language: c[1].to_string(),
                    based_on: c
                        .get(2)
                        .or_else(|| c.get(3))
                        .map(|m| m.as_str().trim().to_string()),
                    or_later: c.get(4).is_some(),
                });
            }
        }
        let mut j = i + 1;
        while j < lines.len() && !lines[j].is_blank() {
            let text = lines[j].text.as_str();
            cx.used[j] = true;
            if !is_rule(text) {
                match file_row(text) {
                    Ok(mut row) if ex.files.len() < MAX_FACTS => {
                        row.line = lines[j].no;
                        ex.files.push(row);
                    }
                    Ok(_) => {}
                    Err(e) => problem(ex, lines[j].no, format!("file-version row not read: {e}")),
                }
            }
            j += 1;
        }
        i = j;
    }
}

fn file_row(text: &str) -> Result<FileRow, String> {
    let mut row = FileRow {
        date: None,
        time: None,
        version: None,
        size: None,
        name: String::new(),
        platform: None,
        line: 0,
    };
    let toks = cells(text);
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k];
        // `5:03 PM` printed as two cells.
        let joined = toks
            .get(k + 1)
            .filter(|n| {
                matches!(
                    n.to_ascii_lowercase().as_str(),
                    "am" | "pm" | "a.m." | "p.m."
                )
            })
            .map(|n| format!("{t}{n}"));
        if row.date.is_none() {
            if let Some(d) = parse_date(t) {
                row.date = Some(d.to_string());
                k += 1;
                continue;
            }
        }
        if row.time.is_none() {
            if let Some(tm) = joined.as_deref().and_then(parse_time) {
                row.time = Some(tm);
                k += 2;
                continue;
            }
            if let Some(tm) = parse_time(t) {
                row.time = Some(tm);
                k += 1;
                continue;
            }
        }
        if row.version.is_none() && VERSION.is_match(t) {
            row.version = Some(t.to_string());
        } else if row.size.is_none() && SIZE.is_match(t) {
            row.size = Some(
                t.replace(',', "")
                    .parse()
                    .map_err(|_| format!("size {t:?} is too large"))?,
            );
        } else if row.platform.is_none() && is_platform(t) {
            row.platform = Some(t.to_string());
        } else if row.name.is_empty() && FILE_NAME.is_match(t) {
            row.name = t.to_string();
        } else {
            return Err(format!(
                "cell {t:?} is not a date, time, version, size, file name or platform"
            ));
        }
        k += 1;
    }
    if row.name.is_empty() {
        return Err("no file name".into());
    }
    Ok(row)
}

// ---------------------------------------------------------------- registry

fn spell_hive(path: &str) -> String {
    let (root, rest) = path.split_once('\\').unwrap_or((path, ""));
    let root = match root.to_ascii_uppercase().as_str() {
        "HKLM" => "HKEY_LOCAL_MACHINE".to_string(),
        "HKCU" => "HKEY_CURRENT_USER".to_string(),
        "HKCR" => "HKEY_CLASSES_ROOT".to_string(),
        "HKU" => "HKEY_USERS".to_string(),
        other => other.to_string(),
    };
    if rest.is_empty() {
        root
    } else {
        format!("{root}\\{rest}")
    }
}

fn add_key(ex: &mut Extraction, key: String, line: usize) -> usize {
    if ex.registry.len() >= MAX_FACTS {
        return ex.registry.len() - 1;
    }
    if let Some(p) = ex
        .registry
        .iter()
        .position(|k| k.key.eq_ignore_ascii_case(&key))
    {
        return p;
    }
    ex.registry.push(RegKey {
        key,
        values: Vec::new(),
        line,
    });
    ex.registry.len() - 1
}

fn registry(cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    let mut current: Option<usize> = None;
    let mut pending: Option<(RegValue, usize)> = None;
    let flush =
        |ex: &mut Extraction, pending: &mut Option<(RegValue, usize)>, current: Option<usize>| {
            if let Some((v, no)) = pending.take() {
                match current.and_then(|c| ex.registry.get_mut(c)) {
                    Some(k) => k.values.push(v),
                    None => problem(
                        ex,
                        no,
                        format!("registry value {:?} has no key before it", v.name),
                    ),
                }
            }
        };
    let mut i = cx.body_start;
    while i < cx.footer_start.min(lines.len()) {
        let l = &lines[i];
        let t = l
            .trimmed()
            .trim_start_matches("- ")
            .trim_start_matches('>')
            .trim();
        if let Some(m) = HIVE.find(t) {
            // `key` in backticks (Markdown), a quoted key line, or a key in prose.
            let ticked = t[..m.start()].rfind('`').and_then(|open| {
                let rest = &t[open + 1..];
                rest.find('`').map(|close| &rest[..close])
            });
            let key = if let Some(k) = ticked.filter(|k| HIVE.is_match(k)) {
                k.trim().to_string()
            } else if m.start() == 0 || t.starts_with('[') {
                let mut key = t.trim_start_matches('[').trim_end_matches(']').to_string();
                // A key the article wrapped: the next line of the same quote
                // continues it when this one ran to the margin or ends in `\`.
                let mut j = i + 1;
                while let Some(next) = lines.get(j) {
                    let nt = next.trimmed();
                    let wrapped = key.ends_with('\\') || l.text.len() >= 60;
                    if next.is_blank()
                        || next.indent() != l.indent()
                        || !wrapped
                        || nt.to_ascii_uppercase().starts_with("NOTE")
                        || VALUE_NAME.is_match(nt)
                        || nt.split_whitespace().count() > 3
                    {
                        break;
                    }
                    if !key.ends_with('\\') {
                        key.push(' ');
                    }
                    key.push_str(nt);
                    cx.used[j] = true;
                    j += 1;
                }
                i = j - 1;
                key
            } else {
                t[m.start()..]
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(['.', ',', ';', ':', ')', '"', '\''])
                    .to_string()
            };
            flush(ex, &mut pending, current);
            current = Some(add_key(ex, spell_hive(&key), l.no));
            cx.used[i] = true;
            i += 1;
            continue;
        }
        if let Some(c) = VALUE_NAME.captures(t) {
            flush(ex, &mut pending, current);
            pending = Some((
                RegValue {
                    name: c[1].trim().to_string(),
                    kind: String::new(),
                    data: String::new(),
                },
                l.no,
            ));
            cx.used[i] = true;
        } else if let (Some(c), Some((v, _))) = (DATA_TYPE.captures(t), pending.as_mut()) {
            v.kind = c[1].trim().to_string();
            cx.used[i] = true;
        } else if let (Some(c), Some((v, _))) = (VALUE_DATA.captures(t), pending.as_mut()) {
            v.data = c[1].trim().to_string();
            cx.used[i] = true;
        } else if let Some(c) = NAME_TYPE_DATA.captures(t) {
            flush(ex, &mut pending, current);
            pending = Some((
                RegValue {
                    name: c[1].trim().to_string(),
                    kind: c[2].to_string(),
                    data: c[3].trim().to_string(),
                },
                l.no,
            ));
            flush(ex, &mut pending, current);
            cx.used[i] = true;
        } else if l.is_blank() && pending.as_ref().is_some_and(|(v, _)| !v.data.is_empty()) {
            flush(ex, &mut pending, current);
        }
        i += 1;
    }
    flush(ex, &mut pending, current);
}

// ---------------------------------------------------------------- messages

fn add_message(ex: &mut Extraction, m: Message) {
    if ex.messages.len() >= MAX_FACTS {
        return;
    }
    if let Some(old) = ex.messages.iter_mut().find(|o| o.id == m.id) {
        if old.template.is_none() {
            old.template = m.template;
        }
        if old.severity.is_none() {
            old.severity = m.severity;
        }
        if old.component.is_none() {
            old.component = m.component;
        }
        return;
    }
    ex.messages.push(m);
}

/// The text of a quoted block from `first` on: its later lines joined up to
/// a blank line or the next message.
fn block_text(cx: &mut Ctx, i: usize, first: &str) -> String {
    let mut parts = vec![first.trim().to_string()];
    let mut j = i + 1;
    while let Some(l) = cx.lines.get(j) {
        let t = l.trimmed();
        if l.is_blank() || MSG_ID_LINE.is_match(t) || ID_LINE.is_match(t) || cx.heading[j] {
            break;
        }
        parts.push(t.to_string());
        cx.used[j] = true;
        j += 1;
    }
    let text = squash(&parts.join(" "));
    // A message text that runs on with `.` alone on the next line.
    text.trim_end_matches(" .").to_string()
}

fn messages(cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    for i in 0..lines.len() {
        let t = lines[i]
            .trimmed()
            .trim_start_matches('>')
            .trim()
            .replace("**", "");
        if cx.used[i] || cx.heading[i] {
            // Titles and headings can still name IDs in prose.
        } else if let Some(c) = MSG_ID_LINE.captures(&t) {
            let Ok(id) = c[1].parse::<u32>() else {
                continue;
            };
            cx.used[i] = true;
            let mut rest = c[2].trim().to_string();
            if let Some(m) = MSG_TEXT.captures(&rest) {
                rest = m[1].to_string();
            } else if let Some(pos) = rest.find("Message Text:") {
                rest = rest[pos + "Message Text:".len()..].to_string();
            }
            if rest.is_empty() {
                if let Some(m) = lines
                    .get(i + 1)
                    .and_then(|n| MSG_TEXT.captures(n.trimmed()))
                {
                    cx.used[i + 1] = true;
                    rest = block_text(cx, i + 1, &m[1]);
                }
            } else {
                rest = block_text(cx, i, &rest);
            }
            add_message(
                ex,
                Message {
                    id,
                    template: (!rest.is_empty()).then_some(rest),
                    severity: None,
                    component: None,
                    line: lines[i].no,
                },
            );
            continue;
        } else if t.to_ascii_lowercase().starts_with("message id") {
            problem(ex, lines[i].no, "`Message ID` with no number after it");
        } else if let Some(c) = ID_LINE.captures(&t) {
            if let Ok(id) = c[1].parse::<u32>() {
                cx.used[i] = true;
                let text = block_text(cx, i, &c[2]);
                add_message(
                    ex,
                    Message {
                        id,
                        template: Some(text),
                        severity: None,
                        component: None,
                        line: lines[i].no,
                    },
                );
                continue;
            }
        } else if t.starts_with('|') {
            // A box or Markdown table row: `| 2328 | text ... |`.
            let row: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            if let (Some(first), true) = (row.first(), row.len() >= 2) {
                if let (true, Ok(id)) = (
                    first.len() >= 3 && first.chars().all(|c| c.is_ascii_digit()),
                    first.parse::<u32>(),
                ) {
                    let mut text = row[1..].join(" ");
                    // Continuation rows: an empty first cell.
                    let mut j = i + 1;
                    while let Some(n) = lines.get(j) {
                        let nt = n.trimmed();
                        let cells: Vec<&str> =
                            nt.trim_matches('|').split('|').map(str::trim).collect();
                        if !nt.starts_with('|') || cells.first().is_none_or(|c| !c.is_empty()) {
                            break;
                        }
                        text.push(' ');
                        text.push_str(&cells[1..].join(" "));
                        cx.used[j] = true;
                        j += 1;
                    }
                    cx.used[i] = true;
                    add_message(
                        ex,
                        Message {
                            id,
                            template: Some(squash(&text)),
                            severity: None,
                            component: None,
                            line: lines[i].no,
                        },
                    );
                    continue;
                }
            }
        }
        if let Some(c) = STATMSG.captures(&t) {
            if let Ok(id) = c[1].parse::<u32>() {
                let severity = STATMSG_SEV.captures(&t).and_then(|s| match &s[1] {
                    "I" => Some(Severity::Info),
                    "W" => Some(Severity::Warning),
                    "E" => Some(Severity::Error),
                    _ => None,
                });
                let component = STATMSG_COMP.captures(&t).map(|s| s[1].to_string());
                add_message(
                    ex,
                    Message {
                        id,
                        template: None,
                        severity,
                        component,
                        line: lines[i].no,
                    },
                );
            }
        }
        // IDs named in prose, joined with the next line in case the
        // sentence wraps between "status message" and the number.
        let mut prose = t.clone();
        if let Some(n) = lines.get(i + 1) {
            prose.push(' ');
            prose.push_str(n.trimmed());
        }
        for c in PROSE_IDS.captures_iter(&prose) {
            if c.get(0).is_some_and(|m| m.start() >= t.len()) {
                continue;
            }
            for n in NUMBER.find_iter(&c[1]) {
                if let Ok(id) = n.as_str().parse::<u32>() {
                    add_message(
                        ex,
                        Message {
                            id,
                            template: None,
                            severity: None,
                            component: None,
                            line: lines[i].no,
                        },
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------- related

/// The paragraph (run of non-blank lines) ending just before line `i`'s own
/// paragraph, as one string.
fn paragraph_before(lines: &[Line], i: usize) -> String {
    let mut start = i;
    while start > 0 && !lines[start - 1].is_blank() {
        start -= 1;
    }
    let mut end = start;
    while end > 0 && lines[end - 1].is_blank() {
        end -= 1;
    }
    let mut begin = end;
    while begin > 0 && !lines[begin - 1].is_blank() {
        begin -= 1;
    }
    squash(
        &lines[begin..end]
            .iter()
            .map(|l| l.trimmed())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The lead-in of a quoted reference: the nearest paragraph before it that
/// is not itself quoted (indented), skipping the other references of the
/// same list and the notes quoted between them.
fn lead_of_list(lines: &[Line], i: usize) -> String {
    let mut k = i;
    // A list of references is a few dozen paragraphs at most.
    for _ in 0..64 {
        // The start of `k`'s paragraph, then the last line of the one before.
        let mut start = k;
        while start > 0 && !lines[start - 1].is_blank() {
            start -= 1;
        }
        while start > 0 && lines[start - 1].is_blank() {
            start -= 1;
        }
        if start == 0 {
            return String::new();
        }
        let prev = start - 1;
        let mut first = prev;
        while first > 0 && !lines[first - 1].is_blank() {
            first -= 1;
        }
        if lines[first].indent() == 0 {
            return paragraph_of(lines, prev);
        }
        k = prev;
    }
    String::new()
}

/// The paragraph line `i` is in.
fn paragraph_of(lines: &[Line], i: usize) -> String {
    let mut start = i;
    while start > 0 && !lines[start - 1].is_blank() {
        start -= 1;
    }
    let mut end = i;
    while end + 1 < lines.len() && !lines[end + 1].is_blank() {
        end += 1;
    }
    squash(
        &lines[start..=end]
            .iter()
            .map(|l| l.trimmed())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn role_of(context: &str, title: Option<&str>) -> Option<Role> {
    let c = context.to_ascii_lowercase();
    let t = title.unwrap_or_default().to_ascii_lowercase();
    if t.contains("obtain") && t.contains("service pack") {
        Some(Role::ServicePack)
    } else if c.contains("also fixes") || c.contains("problems that are fixed in") {
        Some(Role::Fixes)
    } else if c.contains("hotfix that is described in")
        || c.contains("hotfix that is included in")
        || c.contains("apply the hotfix")
        || c.contains("install the hotfix")
    {
        Some(Role::FixedBy)
    } else if c.contains("for additional information")
        || c.contains("for more information")
        || c.contains("click the following article")
        || c.contains("click the article number")
    {
        Some(Role::SeeAlso)
    } else {
        None
    }
}

fn related(cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    let own = ex.id.clone();
    for i in 0..cx.footer_start.min(lines.len()) {
        if ex.related.len() >= MAX_FACTS {
            break;
        }
        let t = lines[i].trimmed();
        let quoted = ARTICLE_ID.find(t).is_some_and(|m| m.start() == 0);
        for c in REF_ID.captures_iter(t) {
            let Some(m) = c.get(0) else { continue };
            let id = m.as_str().to_string();
            if id == own || t[m.end()..].starts_with(".exe") || t[m.end()..].starts_with(".log") {
                continue;
            }
            let (title, context) = if quoted && m.start() == 0 {
                let mut title = t[m.end()..].trim().to_string();
                if let Some(next) = lines.get(i + 1) {
                    let nt = next.trimmed();
                    if lines[i].text.len() >= 60
                        && !next.is_blank()
                        && next.indent() == lines[i].indent()
                        && ARTICLE_ID.find(nt).is_none_or(|m| m.start() != 0)
                        && !nt.starts_with("Note")
                    {
                        title.push(' ');
                        title.push_str(nt);
                    }
                }
                cx.used[i] = true;
                let context = if lines[i].indent() > 0 {
                    lead_of_list(lines, i)
                } else {
                    paragraph_of(lines, i)
                };
                (Some(title).filter(|t| !t.is_empty()), context)
            } else {
                (None, paragraph_of(lines, i))
            };
            let role = role_of(&context, title.as_deref());
            match ex.related.iter_mut().find(|r| r.id == id) {
                Some(r) => {
                    if r.role.is_none() {
                        r.role = role;
                    }
                    if r.title.is_none() {
                        r.title = title;
                    }
                }
                None => ex.related.push(RelatedRef { id, role, title }),
            }
        }
    }
}

// ---------------------------------------------------------------- log lines

fn has_trailer(t: &str) -> bool {
    t.contains("$$<")
        || t.contains("$<")
        || t.contains("<![LOG[")
        || CM_TRAILER.is_match(t)
        || CM_PREFIX.is_match(t)
}

/// A quoted line with its quote marks removed (`> `, `**`).
fn unquote(t: &str) -> String {
    t.trim()
        .trim_start_matches('>')
        .trim()
        .replace("**", "")
        .trim()
        .to_string()
}

fn logs(form: Form, cx: &mut Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    let end = cx.footer_start.min(lines.len());
    let mut i = cx.body_start;
    while i < end {
        if lines[i].is_blank() || cx.heading[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < end && !lines[i].is_blank() && !cx.heading[i] {
            i += 1;
        }
        let block: Vec<usize> = (start..i)
            .filter(|&k| {
                !(cx.used[k] || form == Form::Markdown && lines[k].trimmed().starts_with("```"))
            })
            .collect();
        if block.is_empty() {
            continue;
        }
        let trailers = block.iter().any(|&k| {
            let t = unquote(&lines[k].text);
            has_trailer(&t) || t.starts_with('~')
        });
        // The lead-in: the paragraph before, or the heading above.
        let (lead, lead_heading) = {
            let mut p = start;
            while p > 0 && lines[p - 1].is_blank() {
                p -= 1;
            }
            if p > 0 && cx.heading[p - 1] {
                let h = if p >= 2 && cx.heading[p - 2] {
                    p - 2
                } else {
                    p - 1
                };
                (lines[h].trimmed().to_string(), true)
            } else {
                (paragraph_before(lines, start), false)
            }
        };
        let quoted = match form {
            Form::Markdown => block
                .iter()
                .all(|&k| lines[k].trimmed().starts_with('>') || cx.fenced[k]),
            _ => block.iter().all(|&k| lines[k].indent() >= 2),
        };
        let lead_logs = LOG_WORD.is_match(&lead) && (lead.ends_with(':') || lead_heading);
        if !(trailers || (lead_logs && (quoted || (lead_heading && form != Form::Markdown)))) {
            continue;
        }
        // The last log named: "X is logged in A.log; then B.log shows:" quotes B.
        let lead_file = LOG_FILE
            .captures_iter(&lead)
            .last()
            .map(|c| c[1].to_string());
        read_log_block(cx, &block, form, lead_file.as_deref(), ex);
    }
}

fn read_log_block(
    cx: &Ctx,
    block: &[usize],
    form: Form,
    lead_file: Option<&str>,
    ex: &mut Extraction,
) {
    let lines = cx.lines;
    // Entries open with `~` when most of the block's lines do; a lone marker
    // (`**********~Processing`) leaves the block in line-per-entry mode.
    let tildes = block
        .iter()
        .filter(|&&k| unquote(&lines[k].text).starts_with('~'))
        .count();
    let tilde = tildes > 0 && tildes * 3 >= block.len();
    // (text, first line no, complete)
    let mut entries: Vec<(String, usize, bool)> = Vec::new();
    let mut prev_wrapped = false;
    for &k in block {
        let raw = unquote(&lines[k].text);
        if raw.is_empty() || raw.chars().all(|c| c == '.') {
            prev_wrapped = false;
            continue;
        }
        // Prose indented into the quote by mistake: a lead-in of its own.
        if raw.ends_with(':') && LOG_WORD.is_match(&raw) && !has_trailer(&raw) {
            prev_wrapped = false;
            if let Some(e) = entries.last_mut() {
                e.2 = true;
            }
            continue;
        }
        let open = entries.last().is_some_and(|e| !e.2);
        let trailer_rest = entries.last().is_some_and(|e| e.2 && e.0.contains("$$<"))
            && (raw.starts_with('<') || raw.starts_with('('));
        if trailer_rest {
            continue;
        }
        let continues =
            open && if tilde {
                !raw.starts_with('~') && !raw.trim_start_matches('*').starts_with('~')
            } else {
                prev_wrapped
            } && !(has_trailer(&raw) && entries.last().is_some_and(|e| has_trailer(&e.0)));
        if continues {
            if let Some(e) = entries.last_mut() {
                e.0.push(' ');
                e.0.push_str(&raw);
                e.2 = has_trailer(&raw) && !tilde;
            }
        } else {
            entries.push((raw.clone(), lines[k].no, false));
        }
        // Wrapped at the margin: long, and not the end of a sentence.
        let width = lines[k].text.len();
        // Markdown quotes keep one entry per line.
        prev_wrapped =
            form != Form::Markdown && width >= 66 && !raw.ends_with('.') && !raw.ends_with("...");
        if has_trailer(&raw) && !tilde {
            if let Some(e) = entries.last_mut() {
                e.2 = !prev_wrapped;
            }
        }
    }
    for (text, no, _) in entries {
        for (component, text, generation) in split_entry(&text) {
            let text = text
                .trim()
                .trim_start_matches('*')
                .trim_start_matches('~')
                .trim_end_matches('~')
                .trim()
                .to_string();
            if text.is_empty() {
                continue;
            }
            let component = component.or_else(|| lead_file.map(String::from));
            if ex.log_lines.len() >= MAX_FACTS
                || ex
                    .log_lines
                    .iter()
                    .any(|l| l.text == text && l.component == component)
            {
                continue;
            }
            ex.log_lines.push(LogLine {
                component,
                text: squash(&text),
                generation,
                line: no,
            });
        }
    }
}

/// One quoted entry split into (component, text, generation); a Markdown
/// line can hold several Configuration Manager entries one after another.
fn split_entry(text: &str) -> Vec<(Option<String>, String, Generation)> {
    if let Some(c) = CMTRACE.captures(text) {
        return vec![(
            c.get(2).map(|m| m.as_str().to_string()),
            c[1].to_string(),
            Generation::CmTrace,
        )];
    }
    if let Some(m) = SMS_TRAILER.captures(text) {
        let start = m.get(0).map_or(text.len(), |x| x.start());
        return vec![(
            Some(m[1].to_string()),
            text[..start].to_string(),
            Generation::SmsTrailer,
        )];
    }
    if let Some(m) = SHORT_TRAILER.captures(text) {
        let start = m.get(0).map_or(text.len(), |x| x.start());
        return vec![(
            Some(m[1].to_string()),
            text[..start].to_string(),
            Generation::SmsShortTrailer,
        )];
    }
    if let Some(c) = CM_PREFIX.captures(text) {
        return vec![(
            Some(c[1].to_string()),
            c[2].to_string(),
            Generation::ConfigMgrPrefix,
        )];
    }
    if let Some(c) = THREAD_PREFIX.captures(text) {
        return vec![(None, c[1].to_string(), Generation::ConfigMgrPrefix)];
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in CM_TRAILER.captures_iter(text) {
        let (Some(all), Some(comp)) = (c.get(0), c.get(1)) else {
            continue;
        };
        out.push((
            Some(comp.as_str().trim().to_string()),
            text[from..all.start()].to_string(),
            Generation::ConfigMgrTrailer,
        ));
        from = all.end();
    }
    if out.is_empty() {
        return vec![(None, text.to_string(), Generation::Plain)];
    }
    if !text[from..].trim().is_empty() {
        out.push((None, text[from..].to_string(), Generation::Plain));
    }
    out
}

// ---------------------------------------------------------------- fixes

fn add_fix(ex: &mut Extraction, kind: FixKind, name: String) {
    let fix = Fix { kind, name };
    if !ex.fixes.contains(&fix) {
        ex.fixes.push(fix);
    }
}

fn fixes(cx: &Ctx, ex: &mut Extraction) {
    let lines = cx.lines;
    let end = cx.footer_start.min(lines.len());
    let mut paragraphs: Vec<(String, Vec<String>)> = Vec::new();
    let mut i = cx.body_start;
    let mut prev_hotfix = false;
    while i < end {
        if lines[i].is_blank() {
            i += 1;
            continue;
        }
        let start = i;
        while i < end && !lines[i].is_blank() {
            i += 1;
        }
        let text = squash(
            &lines[start..i]
                .iter()
                .map(|l| l.trimmed())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let quoted_ref = ARTICLE_ID.find(&text).is_some_and(|m| m.start() == 0);
        let ids: Vec<String> = if quoted_ref && prev_hotfix {
            ARTICLE_ID
                .find_iter(&text)
                .take(1)
                .map(|m| m.as_str().to_string())
                .collect()
        } else {
            Vec::new()
        };
        prev_hotfix = text
            .to_ascii_lowercase()
            .contains("hotfix for the following")
            || text
                .to_ascii_lowercase()
                .contains("hotfix that is described in the following")
            || (quoted_ref && prev_hotfix);
        paragraphs.push((text, ids));
    }
    let own = ex.id.clone();
    let mut own_hotfix = !ex.files.is_empty();
    for (text, quoted_ids) in &paragraphs {
        let lower = text.to_ascii_lowercase();
        // Another article's quoted title is not a mention by this one.
        let title_line = ARTICLE_ID.find(text).is_some_and(|m| m.start() == 0);
        for c in SERVICE_PACK.captures_iter(text).filter(|_| !title_line) {
            if let Some(n) = c.get(1).or_else(|| c.get(2)) {
                add_fix(
                    ex,
                    FixKind::ServicePack,
                    format!("Service Pack {}", n.as_str()),
                );
            }
        }
        if HRP.is_match(text) {
            add_fix(ex, FixKind::Hotfix, "Hotfix Rollup Package".into());
        }
        for c in EXE.captures_iter(text) {
            if c[1] == own {
                own_hotfix = true;
            } else {
                add_fix(ex, FixKind::Hotfix, c[1].to_string());
            }
        }
        if lower.contains("hotfix") || lower.contains("supported fix") {
            own_hotfix = true;
            let mut named: BTreeSet<String> = BTreeSet::new();
            if lower.contains("hotfix that is included in") || lower.contains("hotfix for q") {
                for m in ARTICLE_ID.find_iter(text) {
                    named.insert(m.as_str().to_string());
                }
            }
            for id in named {
                if id != own {
                    add_fix(ex, FixKind::Hotfix, id);
                }
            }
        }
        for id in quoted_ids {
            if *id != own {
                add_fix(ex, FixKind::Hotfix, id.clone());
            }
        }
    }
    if own_hotfix && !own.is_empty() {
        ex.fixes.insert(
            0,
            Fix {
                kind: FixKind::Hotfix,
                name: own,
            },
        );
        let mut seen = Vec::new();
        ex.fixes.retain(|f| {
            let keep = !seen.contains(f);
            seen.push(f.clone());
            keep
        });
    }
}

// ---------------------------------------------------------------- status

/// The STATUS section's facts: confirmed or not, the release that first
/// corrected the problem, the first article it names.
fn status(cx: &Ctx, ex: &mut Extraction) {
    let Some(k) = ex
        .sections
        .iter()
        .position(|s| s.level == 1 && s.heading.eq_ignore_ascii_case("STATUS"))
    else {
        return;
    };
    let from = ex.sections[k].line;
    let to = ex
        .sections
        .iter()
        .skip(k + 1)
        .find(|s| s.level == 1)
        .map_or(usize::MAX, |s| s.line);
    let text = squash(
        &cx.lines
            .iter()
            .filter(|l| l.no > from + 1 && l.no < to)
            .map(|l| l.trimmed())
            .collect::<Vec<_>>()
            .join(" "),
    );
    ex.status.confirmed = text.contains("has confirmed");
    ex.status.first_fixed_in = FIRST_FIXED.captures(&text).map(|c| c[1].to_string());
    ex.status.see = REF_ID
        .find_iter(&text)
        .map(|m| m.as_str().to_string())
        .find(|id| *id != ex.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        assert_eq!(
            parse_date("1-Mar-2001").map(|d| d.to_string()).as_deref(),
            Some("2001-03-01")
        );
        assert_eq!(
            parse_date("01-MAR-2001").map(|d| d.to_string()).as_deref(),
            Some("2001-03-01")
        );
        assert_eq!(
            parse_date("08/26/99").map(|d| d.to_string()).as_deref(),
            Some("1999-08-26")
        );
        assert_eq!(parse_date("31-Feb-2001"), None);
        assert_eq!(parse_time("5:03pm").as_deref(), Some("17:03"));
        assert_eq!(parse_time("12:10am").as_deref(), Some("00:10"));
        assert_eq!(parse_time("17:25").as_deref(), Some("17:25"));
        assert_eq!(parse_time("25:00"), None);
    }

    #[test]
    fn file_rows_in_any_column_order() {
        let r = file_row("  2.0.1380.1  45600  08/26/99  5:03 PM  Sender.dll  x86").expect("row");
        assert_eq!(r.version.as_deref(), Some("2.0.1380.1"));
        assert_eq!(r.size, Some(45_600));
        assert_eq!(r.date.as_deref(), Some("1999-08-26"));
        assert_eq!(r.time.as_deref(), Some("17:03"));
        assert_eq!(r.platform.as_deref(), Some("x86"));
        let r = file_row("| 01-Mar-2001 | 11,803,408 | Smsprov.dll |").expect("box row");
        assert_eq!((r.size, r.version.as_deref()), (Some(11_803_408), None));
        assert!(file_row("  1-Mar-2001  2.0.1.1  ").is_err(), "no file name");
        assert!(
            file_row("  99999999999999999999999 a.dll").is_err(),
            "size overflow"
        );
    }

    #[test]
    fn roles_from_the_lead_in() {
        assert_eq!(
            role_of("apply the hotfix that is described in the following", None),
            Some(Role::FixedBy)
        );
        assert_eq!(
            role_of("this fix also fixes the issues in the following", None),
            Some(Role::Fixes)
        );
        assert_eq!(
            role_of(
                "For additional information, click",
                Some("How to Obtain the Latest X Service Pack")
            ),
            Some(Role::ServicePack)
        );
        assert_eq!(
            role_of("For more information, click the article number below", None),
            Some(Role::SeeAlso)
        );
        assert_eq!(role_of("The change in the following article", None), None);
    }

    #[test]
    fn trailers_tell_the_generation() {
        let one = |t: &str| split_entry(t).into_iter().next().expect("entry");
        let (c, t, g) = one("~Done  $$<SMS_X><Mon Jan 01 00:00:00.000 2001><thread=1 (0x1)>");
        assert_eq!(
            (c.as_deref(), t.as_str(), g),
            (Some("SMS_X"), "~Done", Generation::SmsTrailer)
        );
        assert_eq!(one("Done $<SMS_X>").2, Generation::SmsShortTrailer);
        assert_eq!(one("SMS_X 12 (0xc) Done").2, Generation::ConfigMgrPrefix);
        assert_eq!(
            one("<![LOG[Done]LOG]!><time=\"1\" component=\"C\">").2,
            Generation::CmTrace
        );
        assert_eq!(one("just text").2, Generation::Plain);
        let two =
            split_entry("A SMS_X 01.01.2024 00:00:01 2 (0x2) B SMS_X 01.01.2024 00:00:02 2 (0x2)");
        let texts: Vec<&str> = two.iter().map(|e| e.1.trim()).collect();
        assert_eq!(texts, ["A", "B"]);
        assert!(two.iter().all(|e| e.2 == Generation::ConfigMgrTrailer));
    }

    #[test]
    fn hives_are_spelled_out() {
        assert_eq!(
            spell_hive("HKLM\\SOFTWARE\\X"),
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\X"
        );
        assert_eq!(spell_hive("hkcu\\X"), "HKEY_CURRENT_USER\\X");
        assert_eq!(spell_hive("HKEY_USERS\\X"), "HKEY_USERS\\X");
    }

    #[test]
    fn patterns_compile() {
        for p in [
            &HEADER_FIELD,
            &TXT_FIELD,
            &FOOTER_FIELD,
            &QUERY_WORDS,
            &ARTICLE_ID,
            &REF_ID,
            &KB_NUMBER,
            &PRODUCT_VERSION,
            &MSG_ID_LINE,
            &MSG_TEXT,
            &ID_LINE,
            &STATMSG,
            &STATMSG_SEV,
            &STATMSG_COMP,
            &PROSE_IDS,
            &NUMBER,
            &HIVE,
            &VALUE_NAME,
            &DATA_TYPE,
            &VALUE_DATA,
            &NAME_TYPE_DATA,
            &DATE_DMY,
            &DATE_MDY,
            &DATE_ISO,
            &TIME,
            &VERSION,
            &SIZE,
            &FILE_NAME,
            &SMS_TRAILER,
            &SHORT_TRAILER,
            &CM_TRAILER,
            &CM_PREFIX,
            &THREAD_PREFIX,
            &CMTRACE,
            &LOG_FILE,
            &LOG_WORD,
            &SERVICE_PACK,
            &HRP,
            &EXE,
            &FIRST_FIXED,
            &RELEASE_LEAD,
        ] {
            assert!(p.get().is_some(), "{}", p.src);
        }
    }
}
