//! What is known of a personal data breach, as GDPR art. 33(3) asks a
//! notification to describe it, and the exports built from it: the
//! notification's content for the CNIL and the entry of the breach
//! register (art. 33(5)).
//!
//! The assessment grows as the investigation does: `scelle case breach`
//! records the fields given, keeping the others (GDPR art. 33(4) allows the
//! information to be provided in phases); the journal keeps every version.

use serde::{Deserialize, Serialize};

use crate::document::{Block, Document, Section};
use crate::journal::CaseState;
use crate::words::{Lang, Words};

/// The journal event of a breach assessment.
pub const BREACH_ASSESSED: &str = "breach-assessed";

/// The art. 33(3) description of a breach, as far as it is known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    /// Nature of the breach (what happened to the data: disclosed,
    /// altered, lost, encrypted by ransomware...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<String>,
    /// Categories of persons concerned (customers, employees...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons_categories: Vec<String>,
    /// Approximate number of persons concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons_approx: Option<u64>,
    /// Categories of personal data records concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records_categories: Vec<String>,
    /// Approximate number of records concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_approx: Option<u64>,
    /// Likely consequences for the persons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequences: Option<String>,
    /// Measures taken or proposed, including to mitigate its effects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
    /// When the breach ended (RFC 3339 UTC), once it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
}

impl Breach {
    /// This assessment with the fields `update` gives replacing these.
    pub fn updated(&self, update: &Breach) -> Breach {
        let pick = |new: &Option<String>, old: &Option<String>| new.clone().or(old.clone());
        let list = |new: &Vec<String>, old: &Vec<String>| {
            if new.is_empty() {
                old.clone()
            } else {
                new.clone()
            }
        };
        Breach {
            nature: pick(&update.nature, &self.nature),
            persons_categories: list(&update.persons_categories, &self.persons_categories),
            persons_approx: update.persons_approx.or(self.persons_approx),
            records_categories: list(&update.records_categories, &self.records_categories),
            records_approx: update.records_approx.or(self.records_approx),
            consequences: pick(&update.consequences, &self.consequences),
            measures: pick(&update.measures, &self.measures),
            ended: pick(&update.ended, &self.ended),
        }
    }
}

/// Which export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The content of the notification to the CNIL (art. 33(3)), with the
    /// notifications already made (initial, complementary: art. 33(4)).
    Cnil,
    /// The entry of the breach register the controller keeps (art. 33(5)).
    Register,
}

/// The export, and the art. 33(3) items still missing ("to complete").
pub fn export(case: &CaseState, kind: Export, lang: Lang) -> (Document, Vec<String>) {
    let words = &Words::for_lang(lang);
    let facts = &case.facts;
    let breach = case.breach.clone().unwrap_or_default();
    let zone = facts.time_zone().unwrap_or(chrono_tz::UTC);
    let when = |time: &str| crate::report::show_time(time, zone);
    let mut missing = Vec::new();
    let mut given = |id: &str, value: Option<String>| -> (String, String) {
        let label = words.t(&format!("breach-{id}"));
        match value {
            Some(value) if !value.trim().is_empty() => (label, value),
            _ => {
                missing.push(label.clone());
                (label, words.t("breach-missing"))
            }
        }
    };
    let listed = |list: &[String]| (!list.is_empty()).then(|| list.join(", "));
    let counted = |count: Option<u64>| count.map(|count| format!("≈ {count}"));
    let controller = vec![
        given("organization", facts.organization.clone()),
        given("dpo", facts.dpo.clone()),
    ];
    let dates = vec![
        given("occurred", facts.regimes.occurred.as_deref().map(when)),
        given("ended", breach.ended.as_deref().map(when)),
        (words.t("discovered"), when(&facts.discovered)),
        (
            words.t("breach-aware"),
            when(facts.regimes.aware.as_deref().unwrap_or(&facts.discovered)),
        ),
    ];
    let description = vec![
        given("nature", breach.nature.clone()),
        given("persons-categories", listed(&breach.persons_categories)),
        given("persons-approx", counted(breach.persons_approx)),
        given("records-categories", listed(&breach.records_categories)),
        given("records-approx", counted(breach.records_approx)),
        given("consequences", breach.consequences.clone()),
        given("measures", breach.measures.clone()),
    ];
    let subjects = if !facts.regimes.high_risk {
        words.t("breach-subjects-no-high-risk")
    } else if let Some(exemption) = facts.regimes.art34_exemption {
        words.with(
            "breach-subjects-exempt",
            &[("letter", exemption.letter().into())],
        )
    } else {
        words.t("breach-subjects-owed")
    };
    let notifications: Vec<Vec<String>> = case
        .notifications
        .iter()
        .filter(|notification| notification.to == "CNIL")
        .enumerate()
        .map(|(index, notification)| {
            vec![
                if index == 0 {
                    words.t("breach-initial")
                } else {
                    words.t("breach-complementary")
                },
                when(&notification.sent),
                notification.reference.clone(),
                words.notification_kind(notification.kind),
                notification
                    .receipt
                    .as_ref()
                    .map(|receipt| format!("{} (SHA-256 {})", receipt.file, receipt.sha256))
                    .unwrap_or_default(),
                notification.delay_reasons.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut sections = vec![
        Section {
            heading: words.t("breach-section-controller"),
            blocks: vec![Block::Facts(controller)],
        },
        Section {
            heading: words.t("breach-section-dates"),
            blocks: vec![Block::Facts(dates)],
        },
        Section {
            heading: words.t("breach-section-description"),
            blocks: vec![Block::Facts(description)],
        },
        Section {
            heading: words.t("breach-section-subjects"),
            blocks: vec![Block::Paragraph(subjects)],
        },
        Section {
            heading: words.t("breach-section-notifications"),
            blocks: vec![if notifications.is_empty() {
                Block::Paragraph(words.t("breach-no-notification"))
            } else {
                Block::Table {
                    head: words.head("breach-notifications-head", 6),
                    rows: notifications,
                }
            }],
        },
    ];
    if !missing.is_empty() {
        sections.push(Section {
            heading: words.t("breach-section-missing"),
            blocks: vec![Block::List(missing.clone())],
        });
    }
    let (title, notice) = match kind {
        Export::Cnil => ("breach-title-cnil", "breach-notice-cnil"),
        Export::Register => ("breach-title-register", "breach-notice-register"),
    };
    let document = crate::report::case_document(words, facts, title, notice, sections);
    (document, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_keeps_what_it_does_not_give() {
        let first = Breach {
            nature: Some("exfiltration".into()),
            persons_approx: Some(1200),
            ..Default::default()
        };
        let second = first.updated(&Breach {
            persons_approx: Some(15000),
            measures: Some("mots de passe réinitialisés".into()),
            ..Default::default()
        });
        assert_eq!(second.nature.as_deref(), Some("exfiltration"));
        assert_eq!(second.persons_approx, Some(15000));
        assert_eq!(
            second.measures.as_deref(),
            Some("mots de passe réinitialisés")
        );
    }
}
