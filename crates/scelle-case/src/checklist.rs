//! The phases of an incident response, as French practice lists them, and
//! which of them the journal shows done.
//!
//! Document → secure the backups → notify → freeze the scene on an isolated
//! platform → inspect the backups before going back into production →
//! controlled communication → criminal (art. 323-1 ff. code pénal) or civil
//! (art. 145 CPC) action; and the DPO and counsel informed. A step is done
//! when the journal says so: some by what they are (a note documents, a
//! notification notifies, a sealing freezes the scene, an audit inspects
//! the backups), the others by a `step-done` entry (`scelle case done`).

use serde::{Deserialize, Serialize};

use crate::journal::{CaseState, TimelineEntry, AUDIT_RUN};
use crate::Error;

/// The journal event of a step declared done.
pub const STEP_DONE: &str = "step-done";

/// A step of the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Everything documented as it happens (the journal's notes).
    Documented,
    /// Backups secured out of the attacker's reach.
    BackupsSecured,
    /// The authorities notified.
    Notified,
    /// The scene frozen (sealed) on an isolated platform.
    SceneFrozen,
    /// The backups inspected before going back into production.
    BackupsInspected,
    /// Communication controlled (one voice, counsel consulted).
    Communication,
    /// The DPO informed.
    DpoInformed,
    /// Counsel informed.
    CounselInformed,
    /// Criminal complaint or civil action (art. 145 CPC) decided.
    LegalAction,
    /// The incident handled (NIS2's final report runs from then when it was
    /// still ongoing at its deadline).
    IncidentHandled,
}

impl Step {
    /// Every step, in the order of the response.
    pub const ALL: [Step; 10] = [
        Step::Documented,
        Step::BackupsSecured,
        Step::Notified,
        Step::SceneFrozen,
        Step::BackupsInspected,
        Step::Communication,
        Step::DpoInformed,
        Step::CounselInformed,
        Step::LegalAction,
        Step::IncidentHandled,
    ];

    /// The command-line and JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Step::Documented => "documented",
            Step::BackupsSecured => "backups-secured",
            Step::Notified => "notified",
            Step::SceneFrozen => "scene-frozen",
            Step::BackupsInspected => "backups-inspected",
            Step::Communication => "communication",
            Step::DpoInformed => "dpo-informed",
            Step::CounselInformed => "counsel-informed",
            Step::LegalAction => "legal-action",
            Step::IncidentHandled => "incident-handled",
        }
    }

    /// Parses a command-line name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Step::ALL
            .into_iter()
            .find(|step| step.name() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Step::ALL.iter().map(|step| step.name()).collect();
                Error::Invalid(format!("step {text:?} is not one of {}", names.join(", ")))
            })
    }

    /// The journal event that shows this step done by itself, if any.
    fn shown_by(self) -> Option<&'static str> {
        match self {
            Step::Documented => Some("note"),
            Step::Notified => Some("notified"),
            Step::SceneFrozen => Some("evidence-sealed"),
            Step::BackupsInspected => Some(AUDIT_RUN),
            _ => None,
        }
    }
}

/// Where a step stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    /// The step.
    pub step: Step,
    /// The journal line that shows it done, if it is.
    pub line: Option<u64>,
    /// When it was done: the time declared (`case done --at`), else the
    /// entry's.
    pub done: Option<String>,
}

/// The checklist as the journal `case` shows it: each step with the first
/// entry that shows it done.
pub fn checklist(case: &CaseState) -> Vec<StepState> {
    Step::ALL
        .into_iter()
        .map(|step| {
            let shows = |entry: &&TimelineEntry| {
                Some(entry.event.as_str()) == step.shown_by()
                    || entry.event == STEP_DONE
                        && entry.details.get("step").and_then(|v| v.as_str()) == Some(step.name())
            };
            let first = case.timeline.iter().find(shows);
            StepState {
                step,
                line: first.map(|entry| entry.line),
                done: first.map(|entry| {
                    entry
                        .details
                        .get("at")
                        .and_then(|v| v.as_str())
                        .unwrap_or(&entry.time)
                        .to_string()
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_a_name_that_parses_back() {
        for step in Step::ALL {
            assert_eq!(Step::parse(step.name()).unwrap(), step);
        }
        let error = Step::parse("lunch").unwrap_err().to_string();
        assert!(error.contains("scene-frozen"), "{error}");
    }
}
