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
    /// Read in one pass as the fields of both models ([`AnyModel`]), then
    /// sorted by `"model"`: a field of the other model is refused as
    /// unknown, a missing one as missing, with serde's own messages.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        AnyModel::deserialize(deserializer)?
            .into_model()
            .map_err(D::Error::custom)
    }
}

/// Which model a `simulator.json` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ModelName {
    #[default]
    RetryLoop,
    ContentDistribution,
}

/// Every field either model's `simulator.json` may hold, read in one pass
/// (the file is read as text once, with line and column for its errors).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnyModel {
    #[serde(default)]
    model: ModelName,
    #[serde(default)]
    parameters: Vec<ParamSpec>,
    #[serde(default)]
    assumptions: Vec<String>,
    // The retry loop's.
    retry_interval_s: Option<u32>,
    min_gap_s: Option<u32>,
    failure_messages: Option<Vec<u32>>,
    fan_out_messages: Option<Vec<u32>>,
    resend: Option<Resend>,
    backlog_folder: Option<String>,
    child_sites: Option<u32>,
    // Content distribution's.
    max_packages: Option<u32>,
    threads_per_package: Option<u32>,
    retry_count: Option<u32>,
    retry_delay_minutes: Option<u32>,
    packages: Option<u32>,
    dps: Option<u32>,
    hours: Option<u32>,
    process_s: Option<u32>,
    dp_thread_s: Option<u32>,
    send_s: Option<u32>,
    fail_s: Option<u32>,
    failing_dps: Option<u32>,
    bad_source_packages: Option<u32>,
    fixed_at_hours: Option<u32>,
    evidence: Option<ContentEvidence>,
}

/// The retry loop's field names, for the "unknown field" message.
const RETRY_LOOP_FIELDS: &[&str] = &[
    "model",
    "retry_interval_s",
    "min_gap_s",
    "failure_messages",
    "fan_out_messages",
    "resend",
    "backlog_folder",
    "child_sites",
    "parameters",
    "assumptions",
];
/// Content distribution's field names, for the "unknown field" message.
const CONTENT_FIELDS: &[&str] = &[
    "model",
    "max_packages",
    "threads_per_package",
    "retry_count",
    "retry_delay_minutes",
    "packages",
    "dps",
    "hours",
    "process_s",
    "dp_thread_s",
    "send_s",
    "fail_s",
    "failing_dps",
    "bad_source_packages",
    "fixed_at_hours",
    "evidence",
    "parameters",
    "assumptions",
];

/// Why a `simulator.json` does not fit its model (serde's words).
#[derive(Debug)]
struct ModelError(String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn missing<T>(value: Option<T>, field: &'static str) -> Result<T, ModelError> {
    value.ok_or_else(|| ModelError(format!("missing field `{field}`")))
}

impl AnyModel {
    fn into_model(self) -> Result<SimDefaults, ModelError> {
        let (expected, others) = match self.model {
            ModelName::RetryLoop => (
                RETRY_LOOP_FIELDS,
                [
                    ("max_packages", self.max_packages.is_some()),
                    ("threads_per_package", self.threads_per_package.is_some()),
                    ("retry_count", self.retry_count.is_some()),
                    ("retry_delay_minutes", self.retry_delay_minutes.is_some()),
                    ("packages", self.packages.is_some()),
                    ("dps", self.dps.is_some()),
                    ("hours", self.hours.is_some()),
                    ("process_s", self.process_s.is_some()),
                    ("dp_thread_s", self.dp_thread_s.is_some()),
                    ("send_s", self.send_s.is_some()),
                    ("fail_s", self.fail_s.is_some()),
                    ("failing_dps", self.failing_dps.is_some()),
                    ("bad_source_packages", self.bad_source_packages.is_some()),
                    ("fixed_at_hours", self.fixed_at_hours.is_some()),
                    ("evidence", self.evidence.is_some()),
                ]
                .to_vec(),
            ),
            ModelName::ContentDistribution => (
                CONTENT_FIELDS,
                [
                    ("retry_interval_s", self.retry_interval_s.is_some()),
                    ("min_gap_s", self.min_gap_s.is_some()),
                    ("failure_messages", self.failure_messages.is_some()),
                    ("fan_out_messages", self.fan_out_messages.is_some()),
                    ("resend", self.resend.is_some()),
                    ("backlog_folder", self.backlog_folder.is_some()),
                    ("child_sites", self.child_sites.is_some()),
                ]
                .to_vec(),
            ),
        };
        if let Some((field, _)) = others.iter().find(|(_, given)| *given) {
            return Err(ModelError(format!(
                "unknown field `{field}`, expected one of {}",
                expected
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(match self.model {
            ModelName::RetryLoop => SimDefaults::RetryLoop(RetryLoopDefaults {
                retry_interval_s: missing(self.retry_interval_s, "retry_interval_s")?,
                min_gap_s: missing(self.min_gap_s, "min_gap_s")?,
                failure_messages: missing(self.failure_messages, "failure_messages")?,
                fan_out_messages: missing(self.fan_out_messages, "fan_out_messages")?,
                resend: missing(self.resend, "resend")?,
                backlog_folder: missing(self.backlog_folder, "backlog_folder")?,
                child_sites: missing(self.child_sites, "child_sites")?,
                parameters: self.parameters,
                assumptions: self.assumptions,
            }),
            ModelName::ContentDistribution => SimDefaults::ContentDistribution(ContentDefaults {
                max_packages: missing(self.max_packages, "max_packages")?,
                threads_per_package: missing(self.threads_per_package, "threads_per_package")?,
                retry_count: missing(self.retry_count, "retry_count")?,
                retry_delay_minutes: missing(self.retry_delay_minutes, "retry_delay_minutes")?,
                packages: missing(self.packages, "packages")?,
                dps: missing(self.dps, "dps")?,
                hours: missing(self.hours, "hours")?,
                process_s: missing(self.process_s, "process_s")?,
                dp_thread_s: missing(self.dp_thread_s, "dp_thread_s")?,
                send_s: missing(self.send_s, "send_s")?,
                fail_s: missing(self.fail_s, "fail_s")?,
                failing_dps: missing(self.failing_dps, "failing_dps")?,
                bad_source_packages: missing(self.bad_source_packages, "bad_source_packages")?,
                fixed_at_hours: self.fixed_at_hours,
                evidence: self.evidence.unwrap_or_default(),
                parameters: self.parameters,
                assumptions: self.assumptions,
            }),
        })
    }
}

impl Serialize for SimDefaults {
    /// The retry loop as it always was (no `"model"`); another model with
    /// its `"model"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// Content distribution's fields after its `"model"`.
        #[derive(Serialize)]
        struct Tagged<'a> {
            model: &'static str,
            #[serde(flatten)]
            defaults: &'a ContentDefaults,
        }
        match self {
            SimDefaults::RetryLoop(d) => d.serialize(serializer),
            SimDefaults::ContentDistribution(d) => Tagged {
                model: self.model_name(),
                defaults: d,
            }
            .serialize(serializer),
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
        assert!(
            back.starts_with(r#"{"model":"content_distribution""#),
            "{back}"
        );
        assert_eq!(
            serde_json::from_str::<SimDefaults>(&back).expect("again"),
            d
        );
    }

    #[test]
    fn unknown_models_and_fields_are_refused() {
        let err = serde_json::from_str::<SimDefaults>(r#"{"model": "queue"}"#).expect_err("no");
        assert!(err.to_string().contains("unknown variant `queue`"), "{err}");
        let err = serde_json::from_str::<SimDefaults>(
            r#"{"retry_interval_s": 1, "min_gap_s": 1, "failure_messages": [], "fan_out_messages": [],
            "resend": "nothing", "backlog_folder": "X", "child_sites": 1, "dps": 3}"#,
        )
        .expect_err("a content field in a retry loop");
        assert!(
            err.to_string()
                .starts_with("unknown field `dps`, expected one of `model`"),
            "{err}"
        );
        let err = serde_json::from_str::<SimDefaults>(
            r#"{"model": "content_distribution", "max_packages": 3}"#,
        )
        .expect_err("incomplete");
        assert!(err.to_string().contains("missing field"), "{err}");
    }
}
