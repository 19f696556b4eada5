//! What a case is about: the facts given at `scelle case init`, and
//! `case.json`, their readable copy.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The `format` of case.json.
pub const CASE_FORMAT: &str = "scelle-case";

/// NIS2 (directive (EU) 2022/2555) class of the organisation, if it is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nis2Class {
    /// An essential entity (art. 3(1)).
    Essential,
    /// An important entity (art. 3(2)).
    Important,
}

/// A category of impact (the four DICT criteria French practice uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Services or data could not be used.
    Availability,
    /// Data or systems were altered.
    Integrity,
    /// Data was disclosed or accessed.
    Confidentiality,
    /// Logs or proofs of who did what were lost or altered.
    Traceability,
}

impl Impact {
    /// Every category, in display order.
    pub const ALL: [Impact; 4] = [
        Impact::Availability,
        Impact::Integrity,
        Impact::Confidentiality,
        Impact::Traceability,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Impact::Availability => "availability",
            Impact::Integrity => "integrity",
            Impact::Confidentiality => "confidentiality",
            Impact::Traceability => "traceability",
        }
    }

    /// Parses a command-line name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Impact::ALL
            .into_iter()
            .find(|impact| impact.name() == text)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "impact {text:?} is not one of availability, integrity, confidentiality, traceability"
                ))
            })
    }
}

/// The facts of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    /// Case or file number.
    pub case_id: String,
    /// Short title.
    pub title: String,
    /// When the incident was discovered (RFC 3339 UTC): deadlines run from it.
    pub discovered: String,
    /// Personal data is involved (GDPR art. 33 applies).
    pub personal_data: bool,
    /// NIS2 class, when the organisation is an essential or important entity.
    pub nis2: Option<Nis2Class>,
    /// Opérateur d'importance vitale (code de la défense, art. L1332-6-2).
    pub oiv: bool,
    /// The order or law the work rests on.
    pub legal_basis: Option<String>,
    /// The organisation that suffered the incident.
    pub organization: Option<String>,
    /// Data protection officer.
    pub dpo: Option<String>,
    /// Legal counsel.
    pub counsel: Option<String>,
    /// Categories of impact, sorted, each once.
    pub impact: Vec<Impact>,
    /// IANA time zone for local times and calendar-month deadlines.
    pub time_zone: String,
}

impl CaseFacts {
    /// Checks the facts and puts them in canonical form (UTC time, sorted
    /// impacts); errors name the field.
    pub fn normalized(mut self) -> Result<Self, Error> {
        if !valid_case_id(&self.case_id) {
            return Err(Error::Invalid(format!(
                "case id {:?}: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                self.case_id
            )));
        }
        if self.title.trim().is_empty() {
            return Err(Error::Invalid("the title is empty".into()));
        }
        self.discovered =
            parse_time(&self.discovered, "discovered")?.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.time_zone()?;
        self.impact.sort();
        self.impact.dedup();
        Ok(self)
    }

    /// When the incident was discovered.
    pub fn discovered_at(&self) -> Result<DateTime<Utc>, Error> {
        parse_time(&self.discovered, "discovered")
    }

    /// The case's time zone.
    pub fn time_zone(&self) -> Result<Tz, Error> {
        self.time_zone.parse::<Tz>().map_err(|_| {
            Error::Invalid(format!(
                "time zone {:?} is not an IANA name such as Europe/Paris",
                self.time_zone
            ))
        })
    }
}

/// case.json: the facts as they stand, for people and scripts. The journal
/// is the record; `scelle case status` says when the two disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    /// Always [`CASE_FORMAT`].
    pub format: String,
    /// 1.
    pub format_version: u32,
    /// The facts.
    #[serde(flatten)]
    pub facts: CaseFacts,
}

/// Parses an RFC 3339 time with its offset.
pub fn parse_time(text: &str, what: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| {
            Error::Invalid(format!(
                "{what} {text:?} is not an RFC 3339 time such as 2026-11-20T14:30:00+01:00 ({error})"
            ))
        })
}

fn valid_case_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn facts() -> CaseFacts {
        CaseFacts {
            case_id: "INC-2026-042".into(),
            title: "Webshell on www1".into(),
            discovered: "2026-11-20T14:30:00+01:00".into(),
            personal_data: true,
            nis2: Some(Nis2Class::Important),
            oiv: false,
            legal_basis: None,
            organization: Some("ACME SAS".into()),
            dpo: None,
            counsel: None,
            impact: vec![Impact::Integrity, Impact::Availability, Impact::Integrity],
            time_zone: "Europe/Paris".into(),
        }
    }

    #[test]
    fn facts_are_normalized() {
        let facts = facts().normalized().unwrap();
        assert_eq!(facts.discovered, "2026-11-20T13:30:00Z");
        assert_eq!(facts.impact, vec![Impact::Availability, Impact::Integrity]);
    }

    #[test]
    fn bad_facts_are_refused_by_name() {
        let bad = |change: fn(&mut CaseFacts), word: &str| {
            let mut facts = facts();
            change(&mut facts);
            let error = facts.normalized().unwrap_err().to_string();
            assert!(error.contains(word), "{error}");
        };
        bad(|f| f.case_id = "../x".into(), "case id");
        bad(|f| f.title = " ".into(), "title");
        bad(|f| f.discovered = "yesterday".into(), "discovered");
        bad(|f| f.discovered = "2026-11-20 14:30".into(), "RFC 3339");
        bad(|f| f.time_zone = "Mars/Olympus".into(), "time zone");
    }
}
