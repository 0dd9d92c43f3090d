//! Hash routes: each view has a URL (`#/evidence`, `#/log/2/118`, ...) that
//! works from file:// and under any sub-path, because nothing but the
//! fragment changes. In a widget the route is internal state instead, so a
//! widget never touches its host page's URL.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Route {
    #[default]
    Inputs,
    Evidence,
    Timeline,
    /// The log view of input `input` around `line`.
    Log {
        input: u32,
        line: usize,
    },
    Wizard,
    Outcome,
    Simulator,
    Article(String),
    /// Drafting an article from a Microsoft KB article file.
    Import,
}

impl Route {
    /// Parse a location hash (`#/evidence`); anything unknown is the inputs view.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        match parts.next().unwrap_or("") {
            "evidence" => Route::Evidence,
            "timeline" => Route::Timeline,
            "log" => {
                let input = parts.next().and_then(|p| p.parse().ok());
                let line = parts.next().and_then(|p| p.parse().ok()).unwrap_or(1);
                input.map_or(Route::Inputs, |input| Route::Log { input, line })
            }
            "wizard" => Route::Wizard,
            "outcome" => Route::Outcome,
            "simulator" => Route::Simulator,
            "import" => Route::Import,
            // An article ID is letters, digits, '-' and '_' (`Q319207`,
            // `CM-content-distribution-error-80070070`); anything else (or
            // none) is the inputs view, which lists the articles kbwiz knows.
            "article" => parts
                .next()
                .filter(|id| {
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                })
                .map_or(Route::Inputs, |id| Route::Article(id.to_string())),
            _ => Route::Inputs,
        }
    }

    /// The main navigation entry this route belongs to.
    pub fn tab(&self) -> Tab {
        match self {
            Route::Inputs | Route::Import => Tab::Inputs,
            Route::Evidence | Route::Log { .. } => Tab::Evidence,
            Route::Timeline => Tab::Timeline,
            Route::Wizard => Tab::Wizard,
            Route::Outcome => Tab::Outcome,
            Route::Simulator => Tab::Simulator,
            Route::Article(_) => Tab::Article,
        }
    }
}

impl fmt::Display for Route {
    /// The hash for this route (`#/log/2/118`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Inputs => f.write_str("#/inputs"),
            Route::Evidence => f.write_str("#/evidence"),
            Route::Timeline => f.write_str("#/timeline"),
            Route::Log { input, line } => write!(f, "#/log/{input}/{line}"),
            Route::Wizard => f.write_str("#/wizard"),
            Route::Outcome => f.write_str("#/outcome"),
            Route::Simulator => f.write_str("#/simulator"),
            Route::Article(id) => write!(f, "#/article/{id}"),
            Route::Import => f.write_str("#/import"),
        }
    }
}

/// The navigation tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Inputs,
    Evidence,
    Timeline,
    Wizard,
    Outcome,
    Simulator,
    Article,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Inputs,
        Tab::Evidence,
        Tab::Timeline,
        Tab::Wizard,
        Tab::Outcome,
        Tab::Simulator,
        Tab::Article,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Inputs => "Inputs",
            Tab::Evidence => "Evidence",
            Tab::Timeline => "Timeline",
            Tab::Wizard => "Wizard",
            Tab::Outcome => "Fix",
            Tab::Simulator => "Simulator",
            Tab::Article => "Article",
        }
    }

    /// Where the tab leads.
    pub fn route(self, article: &str) -> Route {
        match self {
            Tab::Inputs => Route::Inputs,
            Tab::Evidence => Route::Evidence,
            Tab::Timeline => Route::Timeline,
            Tab::Wizard => Route::Wizard,
            Tab::Outcome => Route::Outcome,
            Tab::Simulator => Route::Simulator,
            Tab::Article => Route::Article(article.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_round_trip() {
        for r in [
            Route::Inputs,
            Route::Evidence,
            Route::Timeline,
            Route::Log {
                input: 2,
                line: 118,
            },
            Route::Wizard,
            Route::Outcome,
            Route::Simulator,
            Route::Article("Q319207".into()),
            Route::Article("CM-content-distribution-error-80070070".into()),
            Route::Import,
        ] {
            assert_eq!(Route::from_hash(&r.to_string()), r);
        }
    }

    #[test]
    fn unknown_or_hostile_hashes_fall_back() {
        assert_eq!(Route::from_hash(""), Route::Inputs);
        assert_eq!(Route::from_hash("#/nope"), Route::Inputs);
        assert_eq!(Route::from_hash("#/log/x/1"), Route::Inputs);
        assert_eq!(
            Route::from_hash("#/log/3"),
            Route::Log { input: 3, line: 1 }
        );
        assert_eq!(Route::from_hash("#/article/<img src=x>"), Route::Inputs);
        assert_eq!(Route::from_hash("#/article/"), Route::Inputs);
        assert_eq!(Route::from_hash("#/article/a b"), Route::Inputs);
    }
}
