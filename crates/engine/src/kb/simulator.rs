//! An article's simulator model (`simulator.json`): which of the engine's
//! models simulates its fault, the defaults for what the evidence does not
//! show and how the evidence is read.
//!
//! The file names its model with `"model"`: absent (or `"retry_loop"`) is
//! the retry loop of a package whose local distribution keeps failing
//! ([`RetryLoopDefaults`]); `"content_distribution"` is packages times
//! distribution points behind Distribution Manager's thread limits
//! ([`ContentDefaults`]).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `simulator.json`: the model and its defaults.
#[derive(Debug, Clone, PartialEq)]
pub enum SimDefaults {
    /// No `"model"`, or `"model": "retry_loop"`.
    RetryLoop(RetryLoopDefaults),
    /// `"model": "content_distribution"`.
    ContentDistribution(ContentDefaults),
}

/// The model names `simulator.json` accepts.
pub const MODEL_NAMES: [&str; 2] = ["retry_loop", "content_distribution"];

impl SimDefaults {
    /// The retry-loop defaults, when this is that model.
    pub fn retry_loop(&self) -> Option<&RetryLoopDefaults> {
        match self {
            SimDefaults::RetryLoop(d) => Some(d),
            SimDefaults::ContentDistribution(_) => None,
        }
    }

    /// The content-distribution defaults, when this is that model.
    pub fn content(&self) -> Option<&ContentDefaults> {
        match self {
            SimDefaults::ContentDistribution(d) => Some(d),
            SimDefaults::RetryLoop(_) => None,
        }
    }

    /// The model's name as `simulator.json` spells it.
    pub fn model_name(&self) -> &'static str {
        match self {
            SimDefaults::RetryLoop(_) => MODEL_NAMES[0],
            SimDefaults::ContentDistribution(_) => MODEL_NAMES[1],
        }
    }

    /// The parameter labels, units and ranges the article declares.
    pub fn parameters(&self) -> &[ParamSpec] {
        match self {
            SimDefaults::RetryLoop(d) => &d.parameters,
            SimDefaults::ContentDistribution(d) => &d.parameters,
        }
    }

    /// Which defaults the article states and which are model choices.
    pub fn assumptions(&self) -> &[String] {
        match self {
            SimDefaults::RetryLoop(d) => &d.assumptions,
            SimDefaults::ContentDistribution(d) => &d.assumptions,
        }
    }
}

impl<'de> Deserialize<'de> for SimDefaults {
    /// The object is read whole, its `"model"` taken out, and the rest read
    /// as that model's defaults (unknown fields refused, as everywhere).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let model = match object.remove("model") {
            None => MODEL_NAMES[0].to_string(),
            Some(serde_json::Value::String(name)) => name,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "model: expected a string, found {other}"
                )))
            }
        };
        let rest = serde_json::Value::Object(object);
        match model.as_str() {
            "retry_loop" => RetryLoopDefaults::deserialize(rest)
                .map(SimDefaults::RetryLoop)
                .map_err(D::Error::custom),
            "content_distribution" => ContentDefaults::deserialize(rest)
                .map(SimDefaults::ContentDistribution)
                .map_err(D::Error::custom),
            other => Err(D::Error::unknown_variant(other, &MODEL_NAMES)),
        }
    }
}

impl Serialize for SimDefaults {
    /// The retry loop as it always was (no `"model"`); another model with
    /// its `"model"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SimDefaults::RetryLoop(d) => d.serialize(serializer),
            SimDefaults::ContentDistribution(d) => {
                let mut value = serde_json::to_value(d).map_err(serde::ser::Error::custom)?;
                let mut object = serde_json::Map::new();
                object.insert("model".into(), self.model_name().into());
                if let serde_json::Value::Object(fields) = &mut value {
                    object.append(fields);
                }
                serde_json::Value::Object(object).serialize(serializer)
            }
        }
    }
}

/// The retry loop's `simulator.json` (no `"model"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryLoopDefaults {
    /// Seconds between retries of a failed package when the component is idle
    /// (Q319207: at least once an hour, so 3600).
    pub retry_interval_s: u32,
    /// Seconds between retries at the busiest (the component retries more often
    /// while it works on other packages; the article gives no figure, so this
    /// is a model assumption stated in `assumptions`).
    pub min_gap_s: u32,
    /// Message IDs raised when the local distribution point is not updated.
    pub failure_messages: Vec<u32>,
    /// Message IDs raised once per child site per retry.
    pub fan_out_messages: Vec<u32>,
    /// What one retry re-sends: the simulator queues one job per site below
    /// the central site for each unpatched retry, or none.
    pub resend: Resend,
    /// The folder where the resulting jobs queue up, without its drive
    /// (`\SMS\Inboxes\Schedule.box`): listings of it give the simulator's
    /// initial backlog, and reports name it as where the backlog accumulates.
    pub backlog_folder: String,
    /// Default number of child sites in the simulated hierarchy.
    pub child_sites: u32,
    /// Labels, units and ranges of the parameters, over the model's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamSpec>,
    /// Which defaults the article states and which are assumptions.
    #[serde(default)]
    pub assumptions: Vec<String>,
}

/// What a retry re-sends. The default is what the simulator's model does
/// when no article says otherwise: every retry re-sends to every site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resend {
    /// The package information, to every child site (one job per site).
    #[default]
    PackageInfoToEveryChildSite,
    /// Nothing beyond the failed step.
    Nothing,
}

/// One parameter as the simulator view shows it: its name in the model
/// (`max_packages`), its label, unit and slider range. The model gives one
/// for each of its parameters; an article may restate any of them in its
/// own words and with the range its product allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub unit: String,
    pub min: u64,
    pub max: u64,
    #[serde(default = "one")]
    pub step: u64,
    /// The slider's maximum is this other parameter's value (a time within
    /// the run is at most the run's hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_from: Option<String>,
}

fn one() -> u64 {
    1
}

/// The content-distribution model's `simulator.json`
/// (`"model": "content_distribution"`): the Software Distribution component
/// settings' defaults, the size of the run, the fault, and the log lines
/// that calibrate it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentDefaults {
    /// Maximum number of packages processed at once (package processing
    /// threads).
    pub max_packages: u32,
    /// Maximum threads per package (DP threads each package may run).
    pub threads_per_package: u32,
    /// Number of retries of a failed distribution.
    pub retry_count: u32,
    /// Delay before retrying, in minutes.
    pub retry_delay_minutes: u32,
    /// Packages distributed at the start of the run.
    pub packages: u32,
    /// Distribution points each package goes to.
    pub dps: u32,
    /// Length of the run in hours.
    pub hours: u32,
    /// Seconds a package processing thread hashes and compresses a package
    /// before it starts DP threads.
    pub process_s: u32,
    /// Seconds a DP thread takes to create its PkgXferMgr job.
    pub dp_thread_s: u32,
    /// Seconds PkgXferMgr takes to send a package to a DP.
    pub send_s: u32,
    /// Seconds a failing send holds a sending thread before it fails.
    pub fail_s: u32,
    /// Distribution points that fail every send until the fault is fixed.
    pub failing_dps: u32,
    /// Packages whose source cannot be read: their processing fails, so
    /// every DP of theirs fails, until the fault is fixed.
    pub bad_source_packages: u32,
    /// Hours from the start when the fault is fixed (absent: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_at_hours: Option<u32>,
    /// Which log lines of this article calibrate the run.
    #[serde(default)]
    pub evidence: ContentEvidence,
    /// Labels, units and ranges of the parameters, over the model's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamSpec>,
    /// Which defaults the article or Microsoft's documentation states, and
    /// which are model choices; notes for readers, not read by the engine.
    #[serde(default)]
    pub assumptions: Vec<String>,
}

/// How the content-distribution model reads evidence: each entry names one
/// of the article's `messages.json` log lines and the slots to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentEvidence {
    /// A line saying how many package processing threads are in use out
    /// of how many are allowed: the allowed count is the maximum number of
    /// packages, and a line with every thread in use shows packages waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_use: Option<ThreadUseLine>,
    /// Lines naming a package being distributed (the `field` slot): the
    /// distinct packages are the run's packages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<FieldLine>,
    /// Lines naming a distribution point a package is sent to: the
    /// distinct DPs are the run's DPs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dps: Vec<FieldLine>,
    /// Lines naming a distribution point whose send failed: the distinct
    /// DPs are the failing DPs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failing_dps: Vec<FieldLine>,
}

/// A log line of the article and the slot that reads one value from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldLine {
    /// The line's id in the article's `messages.json`.
    pub line: String,
    /// The slot of its pattern that holds the value.
    pub field: String,
}

/// The thread-use line and its two number slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadUseLine {
    pub line: String,
    /// The slot with the threads in use.
    pub used: String,
    /// The slot with the threads allowed.
    pub allowed: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_model_is_the_retry_loop_and_round_trips_without_one() {
        let text = r#"{"retry_interval_s": 3600, "min_gap_s": 300, "failure_messages": [2328],
            "fan_out_messages": [2339], "resend": "nothing", "backlog_folder": "\\X", "child_sites": 3}"#;
        let d: SimDefaults = serde_json::from_str(text).expect("valid");
        assert_eq!(d.retry_loop().map(|r| r.child_sites), Some(3));
        let back = serde_json::to_value(&d).expect("json");
        assert!(back.get("model").is_none());
        let tagged: SimDefaults =
            serde_json::from_str(&text.replacen('{', r#"{"model": "retry_loop","#, 1))
                .expect("valid");
        assert_eq!(tagged, d);
    }

    #[test]
    fn content_distribution_is_chosen_by_model_and_keeps_it() {
        let text = r#"{"model": "content_distribution", "max_packages": 3, "threads_per_package": 5,
            "retry_count": 100, "retry_delay_minutes": 30, "packages": 4, "dps": 6, "hours": 48,
            "process_s": 60, "dp_thread_s": 10, "send_s": 300, "fail_s": 30, "failing_dps": 1,
            "bad_source_packages": 0, "fixed_at_hours": 24}"#;
        let d: SimDefaults = serde_json::from_str(text).expect("valid");
        let c = d.content().expect("content model");
        assert_eq!((c.max_packages, c.fixed_at_hours), (3, Some(24)));
        let back = serde_json::to_string(&d).expect("json");
        assert!(back.contains(r#""model":"content_distribution""#), "{back}");
        assert_eq!(serde_json::from_str::<SimDefaults>(&back).expect("again"), d);
    }

    #[test]
    fn unknown_models_and_fields_are_refused() {
        let err = serde_json::from_str::<SimDefaults>(r#"{"model": "queue"}"#).expect_err("no");
        assert!(err.to_string().contains("unknown variant `queue`"), "{err}");
        let err = serde_json::from_str::<SimDefaults>(
            r#"{"model": "content_distribution", "max_packages": 3}"#,
        )
        .expect_err("incomplete");
        assert!(err.to_string().contains("missing field"), "{err}");
    }
}
