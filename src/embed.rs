//! How the app is hosted: the full site (or offline file), or a widget inside a
//! host page's custom element. The widget shell (`widget.rs`) builds these.

use yew::Callback;

/// Colour theme a widget host can force; the site follows the system setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Parse the widget's `theme` attribute (`light`, `dark`, anything else = system).
    pub fn from_attr(value: Option<&str>) -> Self {
        match value.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("light") => Theme::Light,
            Some(v) if v.eq_ignore_ascii_case("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The CSS class the app root carries for this theme.
    pub fn class(self) -> &'static str {
        match self {
            Theme::System => "theme-system",
            Theme::Light => "theme-light",
            Theme::Dark => "theme-dark",
        }
    }
}

/// A verdict reached, as the widget reports it to its host (`kbwiz-verdict`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VerdictEvent {
    pub article: String,
    /// `confirmed`, `likely`, `ruled_out` or `insufficient_evidence`.
    pub verdict: String,
    /// The outcome's id, when the tree reached one.
    pub outcome: Option<String>,
}

/// Widget settings from the host element's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    /// The article to open (`article` attribute).
    pub article: String,
    /// `compact` attribute present: a narrower layout with fewer panels.
    pub compact: bool,
    pub theme: Theme,
    /// Called whenever the verdict changes.
    pub on_verdict: Callback<VerdictEvent>,
}
