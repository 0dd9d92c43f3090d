//! Fills a status message's named fields (package ID, child site, ...) from the
//! KB's message templates, so that parsers stay article-agnostic.
//!
//! - A `STATMSG:` occurrence carries its insertion strings: ISTR0, ISTR1, ...
//!   fill the template's placeholders in order of appearance.
//! - A row with a rendered `description` (viewer export, `Message ID:` line) is
//!   matched against the template: literal text must match (case and white
//!   space aside), and each placeholder captures what stands in its place.
//!
//! A field that is already set (the package ID from attribute 400, say) is
//! never overwritten, and a placeholder (`<package ID>`, as an article pasted
//! whole prints it) never fills one ([`super::holds_placeholder`]). Messages
//! no article defines are left as they are.

use super::{holds_placeholder, Evidence, Fact, Shared, StatusMessage};
use crate::kb::{Kb, Placeholder, Template};
use rustc_hash::FxHashMap;

/// Fill named fields of every status message in `evidence` that an article of
/// `kb` defines.
pub fn enrich(evidence: &mut [Evidence], kb: &Kb) {
    Enricher::new(kb).enrich(evidence);
}

/// [`enrich`] for evidence that comes a batch at a time (a large log read in
/// chunks): each message ID's template is parsed once for all the batches,
/// not once per batch, which on a log read in 256 KiB chunks cost a tenth of
/// the enriching.
pub struct Enricher<'kb> {
    kb: &'kb Kb,
    /// Each message ID's templates (one per article that defines it, in
    /// article order) with their built-in placeholders in order (empty: no
    /// article defines the ID, or no template parses), so a log of 100,000
    /// STATMSG lines does not list them 100,000 times.
    templates: FxHashMap<u32, Vec<(Template, Vec<Placeholder>)>>,
}

impl<'kb> Enricher<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        Enricher {
            kb,
            templates: FxHashMap::default(),
        }
    }

    /// Fill named fields of every status message in `evidence` that an
    /// article of the KB defines.
    pub fn enrich(&mut self, evidence: &mut [Evidence]) {
        for e in evidence.iter_mut() {
            let Fact::StatusMessage(m) = &mut e.fact else {
                continue;
            };
            let kb = self.kb;
            let templates = self.templates.entry(m.id).or_insert_with(|| {
                kb.messages(m.id)
                    .filter_map(|(a, def)| a.template(def).ok())
                    .map(|t| {
                        let placeholders = t.placeholders();
                        (t, placeholders)
                    })
                    .collect()
            });
            // The first article's reading wins a field; another article's
            // template only fills what the first left empty.
            for (template, placeholders) in templates.iter() {
                fill_from(m, template, placeholders);
            }
        }
    }
}

/// Fill `m`'s fields from its insertion strings, or from its description
/// read against `template`.
fn fill_from(m: &mut StatusMessage, template: &Template, placeholders: &[Placeholder]) {
    if !m.strings.is_empty() {
        for (i, &placeholder) in placeholders.iter().enumerate() {
            let Some(string) = m.strings.get(i).map(Shared::clone) else {
                break;
            };
            let value = unquote(&string);
            if value.is_empty() {
                continue;
            }
            // The insertion string itself when nothing was trimmed: shared, not copied.
            let value = if value.len() == string.len() {
                string
            } else {
                Shared::from(value)
            };
            fill(m, placeholder, value);
        }
    } else if let Some(desc) = &m.description {
        for (placeholder, value) in template.capture(desc).unwrap_or_default() {
            let value = unquote(&value);
            if !value.is_empty() {
                fill(m, placeholder, Shared::from(value));
            }
        }
    }
}

/// The value without one pair of surrounding double quotes (SMS quotes some
/// insertion strings in rendered descriptions: `package "Office XP"`).
fn unquote(value: &str) -> &str {
    let v = crate::parse::trim::both(value);
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .map(crate::parse::trim::both)
        .unwrap_or(v)
}

/// Set the field for `placeholder` unless it is already set, or `value` is
/// itself a placeholder (or a path built from one): an article's template
/// pasted as it is, not a value.
fn fill(m: &mut StatusMessage, placeholder: Placeholder, value: Shared) {
    if holds_placeholder(&value) {
        return;
    }
    let slot = match placeholder {
        Placeholder::PackageId => &mut m.package_id,
        Placeholder::PackageName => &mut m.package_name,
        Placeholder::PackageSource => &mut m.package_source,
        Placeholder::DpLocation => &mut m.dp_path,
        Placeholder::SiteCode => &mut m.child_site,
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::StatusOrigin;

    /// Q319207's real message templates in an otherwise minimal article, so
    /// these tests do not depend on the rest of the KB.
    fn kb() -> Kb {
        const ARTICLE: &str = r#"{"id": "Q319207", "title": "t", "product": "p", "versions": [],
            "keywords": [], "last_modified": "2002-08-06",
            "symptoms": {"section": "S", "summary": ""}, "cause": {"section": "S", "summary": ""}}"#;
        const TREE: &str = r#"{"start": "o", "nodes": [{"type": "outcome", "id": "o", "title": "t",
            "verdict": "insufficient_evidence", "summary": ""}]}"#;
        let files: &[(&str, &str)] = &[
            ("article.md", "# S\n"),
            ("article.json", ARTICLE),
            (
                "messages.json",
                include_str!("../../../../kb/Q319207/messages.json"),
            ),
            ("tree.json", TREE),
        ];
        match Kb::from_files(&[("kb/Q319207", files)]) {
            Ok(kb) => kb,
            Err(e) => panic!("{e}"),
        }
    }

    fn msg(id: u32, strings: &[&str], description: Option<&str>) -> Evidence {
        Evidence {
            input: "t".into(),
            line: 1,
            text: String::new(),
            fact: Fact::StatusMessage(StatusMessage {
                id,
                origin: Some(if strings.is_empty() {
                    StatusOrigin::ViewerExport
                } else {
                    StatusOrigin::Statmsg
                }),
                strings: strings.iter().map(|&s| s.into()).collect(),
                description: description.map(str::to_string),
                ..StatusMessage::default()
            }),
        }
    }

    fn status(e: &Evidence) -> &StatusMessage {
        match &e.fact {
            Fact::StatusMessage(m) => m,
            other => panic!("not a status message: {other:?}"),
        }
    }

    #[test]
    fn statmsg_strings_fill_2328_positionally() {
        let mut ev = vec![msg(
            2328,
            &[
                "LAB00012",
                "\\\\SRC01\\Apps\\Office",
                "\\\\DP01\\SMSPKGC$\\LAB00012",
            ],
            None,
        )];
        enrich(&mut ev, &kb());
        let m = status(&ev[0]);
        assert_eq!(m.package_id.as_deref(), Some("LAB00012"));
        assert_eq!(m.package_source.as_deref(), Some("\\\\SRC01\\Apps\\Office"));
        assert_eq!(m.dp_path.as_deref(), Some("\\\\DP01\\SMSPKGC$\\LAB00012"));
        assert_eq!(m.child_site, None);
    }

    #[test]
    fn statmsg_strings_fill_2302_and_keep_attribute_400() {
        let mut ev = vec![msg(2302, &["Office XP", "LAB00099"], None)];
        if let Fact::StatusMessage(m) = &mut ev[0].fact {
            m.package_id = Some("LAB00012".into());
        }
        enrich(&mut ev, &kb());
        let m = status(&ev[0]);
        assert_eq!(m.package_name.as_deref(), Some("Office XP"));
        assert_eq!(m.package_id.as_deref(), Some("LAB00012"));
    }

    #[test]
    fn descriptions_fill_2302_and_2339() {
        let mut ev = vec![
            msg(
                2302,
                &[],
                Some("SMS Distribution Manager failed to process package \"Office XP (EN)\" (package ID = LAB00012)."),
            ),
            msg(
                2339,
                &[],
                Some("SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package LAB00012 to\n child site S02."),
            ),
        ];
        enrich(&mut ev, &kb());
        let a = status(&ev[0]);
        assert_eq!(a.package_name.as_deref(), Some("Office XP (EN)"));
        assert_eq!(a.package_id.as_deref(), Some("LAB00012"));
        let b = status(&ev[1]);
        assert_eq!(b.package_id.as_deref(), Some("LAB00012"));
        assert_eq!(b.child_site.as_deref(), Some("S02"));
    }

    /// Batches enriched one after another by one [`Enricher`] come out as
    /// the whole enriched at once, the templates kept from batch to batch.
    #[test]
    fn batches_enrich_as_the_whole_does() {
        let facts = vec![
            msg(2328, &["LAB00012", "\\\\S\\A", "\\\\D\\P"], None),
            msg(2339, &["LAB00012", "S02"], None),
            msg(9999, &["A"], None),
            msg(2339, &["LAB00013", "S03"], None),
            msg(2328, &["LAB00014"], None),
        ];
        let kb = kb();
        let mut whole = facts.clone();
        enrich(&mut whole, &kb);
        let mut batched = facts.clone();
        let mut enricher = Enricher::new(&kb);
        for batch in batched.chunks_mut(2) {
            enricher.enrich(batch);
        }
        assert_eq!(batched, whole);
        assert_ne!(whole, facts);
        assert_eq!(status(&batched[3]).child_site.as_deref(), Some("S03"));
        assert_eq!(status(&batched[4]).package_id.as_deref(), Some("LAB00014"));
    }

    #[test]
    fn unrelated_text_and_unknown_ids_are_left_alone() {
        let mut ev = vec![
            msg(2339, &[], Some("Something else entirely")),
            msg(9999, &["A", "B"], None),
        ];
        let before = ev.clone();
        enrich(&mut ev, &kb());
        assert_eq!(ev, before);
    }
}
