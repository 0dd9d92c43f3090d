//! The diagnosis as a Markdown report for a ticket: inputs, then each finding
//! with its verdict, path (question, answer, source, evidence lines),
//! contradictions, evidence, remediation steps and the next artefacts to
//! paste. Pasted text is always inert (see [`super::markdown`]).

use crate::evidence::InputReport;
use crate::kb::remediation::{ServiceAction, Step as RemedyStep};
use crate::kb::tree::Verdict;
use crate::kb::{Article, Kb, Placeholder};
use crate::tree::{Diagnosis, EvidenceRef, Finding, Source, Step};
use std::fmt::Write as _;

use super::markdown::{code, text};

/// A verdict as the report words it.
pub fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Confirmed => "confirmed",
        Verdict::Likely => "likely",
        Verdict::RuledOut => "ruled out",
        Verdict::InsufficientEvidence => "insufficient evidence",
    }
}

fn cite(e: &EvidenceRef) -> String {
    format!("{} line {}: {}", code(&e.path), e.line, code(&e.text))
}

fn source_words(step: &Step) -> String {
    match &step.source {
        Source::Evidence { by_absence: false } => "from evidence".to_string(),
        Source::Evidence { by_absence: true } => {
            "from evidence (messages absent where they would show)".to_string()
        }
        Source::Admin => "answered by the admin".to_string(),
        Source::AdminOverride { evidence_answer } => {
            format!(
                "answered by the admin, overriding the evidence answer {}",
                code(&evidence_answer.to_string())
            )
        }
        Source::NotKnown => "not known".to_string(),
    }
}

/// The whole diagnosis as Markdown.
pub fn report_markdown(diagnosis: &Diagnosis, kb: &Kb) -> String {
    report_of(&diagnosis.scan.inputs, &diagnosis.findings, kb)
}

/// [`report_markdown`] from its parts, borrowed: the report reads the
/// inputs' reports and the findings, not the evidence, so a caller holding
/// them elsewhere (the web app's state) need not copy them into a
/// [`Diagnosis`].
pub fn report_of<'a>(
    inputs: impl IntoIterator<Item = &'a InputReport>,
    findings: impl IntoIterator<Item = &'a Finding>,
    kb: &Kb,
) -> String {
    let mut md = String::from("# kbwiz diagnosis\n\n## Inputs\n\n");
    let mut inputs = inputs.into_iter().peekable();
    if inputs.peek().is_none() {
        md.push_str("No input was given.\n");
    }
    for input in inputs {
        let _ = writeln!(
            md,
            "- {}: {}, {} bytes, {} entries read",
            code(&input.path),
            input.format.name(),
            input.bytes,
            input.entries
        );
        for p in &input.problems {
            let _ = writeln!(md, "  - line {}: {}", p.line, code(&p.message));
        }
    }
    for (n, finding) in findings.into_iter().enumerate() {
        finding_section(&mut md, n + 1, finding, kb.article(&finding.article));
    }
    md
}

fn finding_section(md: &mut String, n: usize, f: &Finding, article: Option<&Article>) {
    let _ = write!(
        md,
        "\n## {n}. {}: {}\n\n**Verdict: {}.**",
        text(&f.article),
        text(&f.title),
        verdict_words(f.verdict)
    );
    match &f.outcome_title {
        Some(t) => {
            let _ = writeln!(md, " {}\n", text(t));
        }
        None => md.push_str(" The evidence stops before an outcome.\n\n"),
    }
    if let Some(s) = &f.summary {
        let _ = writeln!(md, "{}\n", text(s));
    }
    if !f.packages.is_empty() {
        let list: Vec<String> = f.packages.iter().map(|p| code(p)).collect();
        let _ = writeln!(md, "Affected packages: {}\n", list.join(", "));
    }
    for site in &f.sites {
        let _ = writeln!(md, "Site hierarchy: {}.\n", text(&site.describe()));
    }
    if let Some(q) = &f.needs {
        let _ = writeln!(md, "Question for the admin: {}\n", text(&q.text));
    }

    md.push_str("### Path\n\n");
    if f.steps.is_empty() {
        md.push_str("No question was answered.\n");
    }
    for (i, step) in f.steps.iter().enumerate() {
        let _ = writeln!(
            md,
            "{}. {} **{}** ({}; {})",
            i + 1,
            text(&step.text),
            code(&step.answer.to_string()),
            source_words(step),
            text(&step.why)
        );
        for (k, e) in step.evidence.iter().enumerate() {
            elided(md, "   ", k, step.uncited);
            let _ = writeln!(md, "   - {}", cite(e));
        }
    }

    if !f.contradictions.is_empty() {
        md.push_str("\n### Contradictions\n\n");
        for c in &f.contradictions {
            let _ = writeln!(md, "- {}", text(&c.text));
            for (k, e) in c.evidence.iter().enumerate() {
                elided(md, "  ", k, c.uncited);
                let _ = writeln!(md, "  - {}", cite(e));
            }
        }
    }

    if !f.evidence.is_empty() {
        md.push_str("\n### Evidence used\n\n");
        for (k, e) in f.evidence.iter().enumerate() {
            elided(md, "", k, f.uncited);
            let _ = writeln!(md, "- {} ({})", cite(e), text(&e.kind));
        }
    }

    if !f.remediation.is_empty() {
        md.push_str("\n### Remediation\n");
        for r in &f.remediation {
            let _ = writeln!(md, "\n#### {}\n\n{}\n", text(&r.title), text(&r.summary));
            if let Some(scope) = &r.scope {
                let _ = writeln!(md, "Apply to: {}\n", text(scope));
            }
            for (i, step) in r.steps.iter().enumerate() {
                let _ = writeln!(md, "{}. {}", i + 1, remedy_step(step, f, article));
            }
        }
    }

    if !f.next_artefacts.is_empty() {
        md.push_str("\n### What to paste next\n\n");
        for a in &f.next_artefacts {
            let could: Vec<&str> = a.could_become.iter().map(|v| verdict_words(*v)).collect();
            let _ = writeln!(
                md,
                "- {} (the verdict could become: {})",
                text(&a.artefact),
                could.join(", ")
            );
        }
    }
}

fn remedy_step(step: &RemedyStep, f: &Finding, article: Option<&Article>) -> String {
    match step {
        RemedyStep::Text { text: t } => text(t),
        RemedyStep::Command { text: t, command } => format!("{} {}", text(t), code(command)),
        RemedyStep::Services {
            action,
            services,
            on,
        } => {
            let verb = match action {
                ServiceAction::Stop => "Stop",
                ServiceAction::Start => "Start",
            };
            let names: Vec<String> = services.iter().map(|s| text(s)).collect();
            let place = on
                .as_deref()
                .map(|o| format!(" on {}", text(o)))
                .unwrap_or_default();
            format!("{verb} these services{place}: {}.", names.join(", "))
        }
        RemedyStep::ReplaceFile { file, folder } => {
            format!(
                "Replace {} in {} with the fix's version.",
                code(file),
                code(folder)
            )
        }
        RemedyStep::RegistryDelete { key, note } => {
            let def = article.and_then(|a| a.registry_key(key));
            let mut s =
                String::from("Delete these registry keys (the generated .reg file does it):");
            match def {
                Some(def) if !f.packages.is_empty() => {
                    for p in &f.packages {
                        if let Some(path) =
                            def.path_for(|ph| (ph == Placeholder::PackageId).then(|| p.clone()))
                        {
                            let _ = write!(s, "\n   - {}", code(&path));
                        }
                    }
                }
                Some(def) => {
                    let _ = write!(s, " {} for each affected package.", code(&def.path));
                }
                None => {
                    let _ = write!(s, " {}", code(key));
                }
            }
            if let Some(n) = note {
                let _ = write!(s, "\n   {}", text(n));
            }
            s
        }
        RemedyStep::Warning { warning } => {
            let t = article
                .and_then(|a| a.warning(warning))
                .map_or(warning.as_str(), |w| w.text.as_str());
            format!("**Warning:** {}", text(t))
        }
        RemedyStep::Note { text: t } => format!("Note: {}", text(t)),
        RemedyStep::Link { text: t, target } => format!("{}: {}", text(t), code(target)),
    }
}

/// Before the `n`th cited line: where a long list was cut (after the first
/// half of [`crate::tree::MAX_CITED`]), say how many lines are not shown.
fn elided(md: &mut String, indent: &str, n: usize, uncited: usize) {
    if uncited > 0 && n == crate::tree::MAX_CITED / 2 {
        let _ = writeln!(md, "{indent}- ... {uncited} more lines ...");
    }
}
