//! The unpatched baseline and each remedy of Q319207, run side by side on the
//! same parameters for a comparison chart.

use serde::{Deserialize, Serialize};

use super::params::{ParamError, Params};
use super::result::SimResult;
use crate::kb::Resend;

/// The labelled scenarios of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// No remedy: the fault as Q319207 describes it.
    Baseline,
    /// The Q319207 hotfix (SMS 2.0 SP4 hotfix rollup).
    Hotfix,
    /// No local distribution point at the creating site.
    Workaround,
    /// The registry keys that keep the packages retried are deleted at a
    /// given time.
    KeyDeleted,
    /// The distribution point is repaired at a given time.
    Repaired,
}

impl Scenario {
    /// Every scenario, in chart order.
    pub const ALL: [Scenario; 5] = [
        Scenario::Baseline,
        Scenario::Hotfix,
        Scenario::Workaround,
        Scenario::KeyDeleted,
        Scenario::Repaired,
    ];

    /// A short label for charts and tables.
    pub fn label(self) -> &'static str {
        match self {
            Scenario::Baseline => "unpatched",
            Scenario::Hotfix => "hotfix",
            Scenario::Workaround => "workaround",
            Scenario::KeyDeleted => "key deleted",
            Scenario::Repaired => "point repaired",
        }
    }
}

/// One scenario's run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRun {
    pub scenario: Scenario,
    pub label: String,
    /// When the key was deleted or the point repaired, for those scenarios.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_s: Option<u64>,
    pub result: SimResult,
}

/// Every scenario of [`Scenario::ALL`], in that order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub runs: Vec<ScenarioRun>,
}

impl Comparison {
    /// The run of one scenario.
    pub fn get(&self, scenario: Scenario) -> Option<&ScenarioRun> {
        self.runs.iter().find(|run| run.scenario == scenario)
    }
}

/// Run the baseline (all remedies of `params` switched off) and each remedy
/// alone on top of it. The key-deletion and repair times are
/// `params.key_deleted_at_s` and `params.repaired_at_s`, or half-way through
/// the run when unset. Every unpatched retry re-sends to every site below
/// (the model's default); [`compare_with`] takes an article's `resend`.
pub fn compare(params: &Params) -> Result<Comparison, ParamError> {
    compare_with(params, Resend::default())
}

/// [`compare`], each unpatched retry re-sending as `resend` says.
pub fn compare_with(params: &Params, resend: Resend) -> Result<Comparison, ParamError> {
    let baseline = Params {
        hotfix: false,
        workaround: false,
        key_deleted_at_s: None,
        repaired_at_s: None,
        ..params.clone()
    };
    let sites = baseline.validate()?;
    let midpoint = baseline.horizon_s() / 2;
    let runs = Scenario::ALL
        .iter()
        .map(|&scenario| {
            let mut p = baseline.clone();
            let mut at_s = None;
            match scenario {
                Scenario::Baseline => {}
                Scenario::Hotfix => p.hotfix = true,
                Scenario::Workaround => p.workaround = true,
                Scenario::KeyDeleted => {
                    let at = params.key_deleted_at_s.unwrap_or(midpoint);
                    p.key_deleted_at_s = Some(at);
                    at_s = Some(at);
                }
                Scenario::Repaired => {
                    let at = params.repaired_at_s.unwrap_or(midpoint);
                    p.repaired_at_s = Some(at);
                    at_s = Some(at);
                }
            }
            ScenarioRun {
                scenario,
                label: scenario.label().to_string(),
                at_s,
                result: super::run::run(&p, sites, resend),
            }
        })
        .collect();
    Ok(Comparison { runs })
}
