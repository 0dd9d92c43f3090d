//! The three source forms, reduced to numbered lines of the article's text.

use crate::Problem;

/// How the article was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The archive's page: front matter, `## Qnnnnnn: title`, `{% raw %}`.
    Page,
    /// The original plain text.
    Text,
    /// A current support article in Markdown.
    Markdown,
}

/// One line of the article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line in the source file.
    pub no: usize,
    /// The text, the page form's TAB indent and trailing white space removed.
    pub text: String,
}

impl Line {
    /// Leading spaces.
    pub fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// An article's text and what surrounds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub form: Form,
    /// Front matter `key: value` pairs (quotes removed).
    pub front: Vec<(String, String)>,
    /// The page form's `## Qnnnnnn: title` heading.
    pub heading: Option<String>,
    pub lines: Vec<Line>,
}

impl Doc {
    pub fn front(&self, key: &str) -> Option<&str> {
        self.front
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Split `bytes` into lines, decoding each as UTF-8 (bytes that are not are
/// replaced and reported), and find the article's text in them.
pub fn read(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Doc {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut raw: Vec<String> = Vec::new();
    for (i, chunk) in bytes.split(|&b| b == b'\n').enumerate() {
        let chunk = chunk.strip_suffix(b"\r").unwrap_or(chunk);
        let text = match std::str::from_utf8(chunk) {
            Ok(t) => t.to_string(),
            Err(_) => {
                problems.push(Problem {
                    line: i + 1,
                    message: "not UTF-8: undecodable bytes replaced with U+FFFD".into(),
                });
                String::from_utf8_lossy(chunk).into_owned()
            }
        };
        raw.push(text);
    }
    if bytes.is_empty() {
        problems.push(Problem {
            line: 0,
            message: "the file is empty".into(),
        });
    }

    // Front matter: `---` on the first line, up to the next `---`.
    let mut front = Vec::new();
    let mut body_start = 0;
    if raw.first().map(|l| l.trim()) == Some("---") {
        match raw.iter().skip(1).position(|l| l.trim() == "---") {
            Some(end) => {
                for l in &raw[1..=end] {
                    if let Some((k, v)) = l.split_once(':') {
                        let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
                        front.push((k.trim().to_string(), v));
                    }
                }
                body_start = end + 2;
            }
            None => problems.push(Problem {
                line: 1,
                message: "front matter opened with `---` is never closed; read as text".into(),
            }),
        }
    }

    // Only after the front matter: a `{% raw %}` inside it opens nothing.
    let raw_open = raw
        .iter()
        .skip(body_start)
        .position(|l| l.trim() == "{% raw %}")
        .map(|p| p + body_start);
    let lower = name.to_ascii_lowercase();
    let markdown_name = lower.ends_with(".md") || lower.ends_with(".markdown");
    let mut heading = None;
    let (form, from, to) = match raw_open {
        Some(open) => {
            heading = raw[body_start..open]
                .iter()
                .find_map(|l| l.trim().strip_prefix("## ").map(|h| h.trim().to_string()));
            let close = raw[open + 1..]
                .iter()
                .position(|l| l.trim() == "{% endraw %}")
                .map(|p| open + 1 + p);
            if close.is_none() {
                problems.push(Problem {
                    line: open + 1,
                    message: "`{% raw %}` is never closed by `{% endraw %}`; read to the end"
                        .into(),
                });
            }
            (Form::Page, open + 1, close.unwrap_or(raw.len()))
        }
        None if markdown_name
            || (!front.is_empty() && !raw.iter().any(|l| l.trim().starts_with("Article:"))) =>
        {
            (Form::Markdown, body_start, raw.len())
        }
        None => (Form::Text, body_start, raw.len()),
    };

    let slice = raw.get(from..to).unwrap_or(&[]);
    // The page form indents every line with one TAB; so do some .TXT copies.
    let tabbed = form != Form::Markdown
        && slice
            .iter()
            .filter(|l| !l.trim().is_empty())
            .all(|l| l.starts_with('\t'))
        || form == Form::Page;
    let lines = slice
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if tabbed {
                l.strip_prefix('\t').unwrap_or(l)
            } else {
                l
            };
            // Any TAB left inside is a column gap: keep columns apart.
            Line {
                no: from + i + 1,
                text: l.replace('\t', "    ").trim_end().to_string(),
            }
        })
        .collect();
    Doc {
        form,
        front,
        heading,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_form_strips_tab_and_numbers_lines() {
        let text = "---\ntitle: \"Q1: T\"\n---\n\n## Q100001: T\n\n{% raw %}\n\n\tArticle: Q100001\n\t  x\n{% endraw %}\n";
        let mut p = Vec::new();
        let d = read("Q100001.txt", text.as_bytes(), &mut p);
        assert_eq!(d.form, Form::Page);
        assert_eq!(d.heading.as_deref(), Some("Q100001: T"));
        assert_eq!(d.lines[1].text, "Article: Q100001");
        assert_eq!(d.lines[1].no, 9);
        assert_eq!(d.lines[2].indent(), 2);
        assert!(p.is_empty());
    }

    #[test]
    fn raw_inside_front_matter_is_not_the_text() {
        let mut p = Vec::new();
        let d = read("x.txt", b"---\n{% raw %}\n---\nbody\n", &mut p);
        assert_eq!(d.lines.len(), 2);
        assert_eq!(d.lines[0].text, "body");
    }

    #[test]
    fn bad_bytes_are_reported_by_line() {
        let mut p = Vec::new();
        let d = read("x.txt", b"a\n\xff\xfe\n", &mut p);
        assert_eq!(d.form, Form::Text);
        assert_eq!(p[0].line, 2);
    }
}
