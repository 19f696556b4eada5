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
    /// The facts that decide which regimes apply and when their clocks
    /// start (absent from case files written before them: none apply).
    #[serde(default, flatten)]
    pub regimes: Regimes,
}

/// Which notification regimes beyond the basic ones apply, and the times
/// their clocks start from.
///
/// Three times are kept apart, as the texts keep them: when the incident
/// **occurred** (shown, starts no clock), when it was **discovered**
/// (detected: the case's reference), and when the organisation became
/// **aware** of it with reasonable certainty — GDPR art. 33(1), NIS2 art.
/// 23(4) and DORA count from awareness; without it, from the discovery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regimes {
    /// When the incident began, as far as known (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred: Option<String>,
    /// When the organisation became aware of it (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aware: Option<String>,
    /// GDPR art. 34: the breach is likely to result in a high risk to the
    /// persons concerned, who are then told without undue delay.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub high_risk: bool,
    /// The art. 34(3) exemption relied on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art34_exemption: Option<Art34Exemption>,
    /// The organisation is a processor of the data: art. 33(2), it tells
    /// the controller without undue delay (the controller notifies the CNIL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub processor: bool,
    /// A financial entity under DORA (regulation (EU) 2022/2554).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dora: bool,
    /// DORA: when the incident was classified as major (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dora_classified: Option<String>,
}

/// Why the persons concerned need not be told (GDPR art. 34(3)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Art34Exemption {
    /// (a) the data were made unintelligible to anyone not authorised (encryption).
    #[serde(rename = "a")]
    Protected,
    /// (b) measures taken since make the high risk no longer likely.
    #[serde(rename = "b")]
    Mitigated,
    /// (c) it would involve disproportionate effort: a public communication instead.
    #[serde(rename = "c")]
    PublicCommunication,
}

impl Art34Exemption {
    /// Parses `a`, `b` or `c`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        serde_json::from_value(serde_json::Value::String(text.into())).map_err(|_| {
            Error::Invalid(format!(
                "art. 34(3) exemption {text:?} is a (data unintelligible), b (risk no longer likely) or c (public communication)"
            ))
        })
    }

    /// `a`, `b` or `c`.
    pub fn letter(self) -> &'static str {
        match self {
            Art34Exemption::Protected => "a",
            Art34Exemption::Mitigated => "b",
            Art34Exemption::PublicCommunication => "c",
        }
    }
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
        let discovered = parse_time(&self.discovered, "discovered")?;
        self.discovered = discovered.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.time_zone()?;
        let regimes = &mut self.regimes;
        for (field, name) in [
            (&mut regimes.occurred, "occurred"),
            (&mut regimes.aware, "aware"),
            (&mut regimes.dora_classified, "dora-classified"),
        ] {
            if let Some(text) = field {
                *text = parse_time(text, name)?.to_rfc3339_opts(SecondsFormat::Secs, true);
            }
        }
        let time =
            |text: &Option<String>| text.as_deref().map(|t| parse_time(t, "time")).transpose();
        if time(&regimes.occurred)?.is_some_and(|occurred| occurred > discovered) {
            return Err(Error::Invalid(format!(
                "the incident cannot have occurred ({}) after it was discovered ({})",
                regimes.occurred.as_deref().unwrap_or_default(),
                self.discovered
            )));
        }
        if time(&regimes.aware)?.is_some_and(|aware| aware < discovered) {
            return Err(Error::Invalid(format!(
                "awareness ({}) cannot come before the discovery ({}): give the detection time as --discovered",
                regimes.aware.as_deref().unwrap_or_default(),
                self.discovered
            )));
        }
        if regimes.art34_exemption.is_some() && !regimes.high_risk {
            return Err(Error::Invalid(
                "an art. 34(3) exemption is only relied on for a high-risk breach: add --high-risk"
                    .into(),
            ));
        }
        if regimes.dora_classified.is_some() && !regimes.dora {
            return Err(Error::Invalid(
                "--dora-classified is the DORA classification time: add --dora".into(),
            ));
        }
        self.impact.sort();
        self.impact.dedup();
        Ok(self)
    }

    /// When the incident was discovered.
    pub fn discovered_at(&self) -> Result<DateTime<Utc>, Error> {
        parse_time(&self.discovered, "discovered")
    }

    /// When the organisation became aware of it: the clock of GDPR, NIS2
    /// and DORA (the discovery, unless an awareness time was given).
    pub fn aware_at(&self) -> Result<DateTime<Utc>, Error> {
        match &self.regimes.aware {
            Some(aware) => parse_time(aware, "aware"),
            None => self.discovered_at(),
        }
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
            regimes: Regimes::default(),
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
        bad(
            |f| f.regimes.occurred = Some("2026-11-21T00:00:00Z".into()),
            "occurred",
        );
        bad(
            |f| f.regimes.aware = Some("2026-11-20T10:00:00Z".into()),
            "awareness",
        );
        bad(
            |f| f.regimes.art34_exemption = Some(Art34Exemption::Protected),
            "--high-risk",
        );
        bad(
            |f| f.regimes.dora_classified = Some("2026-11-20T15:00:00Z".into()),
            "--dora",
        );
    }
}
