//! The one shape every check reports in. A [`Finding`] says what kind of
//! problem it is (an enum of each check's own, serialised as a stable
//! kebab-case string that scripts can match), where it is (a [`Place`]:
//! archive member, log line, byte offset), in plain words what is wrong, and
//! the value recorded against the value found when there are two. Each
//! report ends with a [`Verdict`]; the CLI's exit code comes from it.
//!
//! Findings are not errors: a check that ran and found tampering returns
//! findings; an error means the check could not run.
//!
//! ```
//! use scelle_finding::{Finding, Place, Verdict};
//! use serde::Serialize;
//!
//! #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
//! #[serde(rename_all = "kebab-case")]
//! enum Kind { BrokenLink }
//!
//! let finding = Finding::new(Kind::BrokenLink, Place::line(3), "does not link to line 2")
//!     .with_values("sha256 of line 2", "another hash");
//! let json = serde_json::to_string(&finding).unwrap();
//! assert!(json.starts_with(r#"{"kind":"broken-link","line":3,"#), "{json}");
//! assert_eq!(Verdict::of(&[finding], true), Verdict::NotIntact);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a finding is. Every part is optional; absent parts are left out of
/// the JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The archive member (its name inside the archive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The line of a log or manifest, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// A byte offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl Place {
    /// Nowhere in particular: the whole thing checked.
    pub fn none() -> Self {
        Self::default()
    }

    /// An archive member.
    pub fn member(name: impl Into<String>) -> Self {
        Self {
            member: Some(name.into()),
            ..Self::default()
        }
    }

    /// A line, from 1.
    pub fn line(number: u64) -> Self {
        Self {
            line: Some(number),
            ..Self::default()
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(member) = &self.member {
            parts.push(member.clone());
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(offset) = self.offset {
            parts.push(format!("byte {offset}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// One problem a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding<K> {
    /// What kind of problem: the check's own enum, a stable string in JSON.
    pub kind: K,
    /// Where.
    #[serde(flatten)]
    pub place: Place,
    /// What is wrong, in plain words.
    pub message: String,
    /// The value recorded (a hash in a manifest, a sequence number).
    #[serde(default)]
    pub expected: Option<String>,
    /// The value found.
    #[serde(default)]
    pub found: Option<String>,
}

impl<K> Finding<K> {
    /// A finding of `kind` at `place`.
    pub fn new(kind: K, place: Place, message: impl Into<String>) -> Self {
        Self {
            kind,
            place,
            message: message.into(),
            expected: None,
            found: None,
        }
    }

    /// With the value recorded and the value found.
    pub fn with_values(mut self, expected: impl ToString, found: impl ToString) -> Self {
        self.expected = Some(expected.to_string());
        self.found = Some(found.to_string());
        self
    }
}

/// What a check concluded, in the words the text and JSON outputs share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No finding, the signers were checked against trusted keys, and the
    /// evidence is anchored in the procès-verbal (seal hash or pinned key).
    Intact,
    /// No finding and a valid signature by the key given, but nothing tied
    /// it to the procès-verbal: neither the seal hash (`--expect`) nor the
    /// key's fingerprint (`--fingerprint`, a keyring) was compared. Whoever
    /// handed over the key could have made the seal.
    Authentic,
    /// No finding, but nobody checked who signed: anyone could have.
    Unauthenticated,
    /// At least one finding.
    NotIntact,
}

impl Verdict {
    /// The verdict of a check with `findings`, whose signers were
    /// `authenticated` against trusted keys or not.
    pub fn of<K>(findings: &[Finding<K>], authenticated: bool) -> Self {
        match (findings.is_empty(), authenticated) {
            (false, _) => Verdict::NotIntact,
            (true, true) => Verdict::Intact,
            (true, false) => Verdict::Unauthenticated,
        }
    }

    /// Whether a caller may treat the evidence as good: intact, or
    /// unauthenticated when it explicitly allowed that
    /// (`--allow-unauthenticated`).
    pub fn accepted(self, allow_unauthenticated: bool) -> bool {
        match self {
            Verdict::Intact | Verdict::Authentic => true,
            Verdict::Unauthenticated => allow_unauthenticated,
            Verdict::NotIntact => false,
        }
    }

    /// The worse of two verdicts (not intact, then unauthenticated, then
    /// authentic, then intact).
    pub fn and(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::NotIntact, _) | (_, Verdict::NotIntact) => Verdict::NotIntact,
            (Verdict::Unauthenticated, _) | (_, Verdict::Unauthenticated) => {
                Verdict::Unauthenticated
            }
            (Verdict::Authentic, _) | (_, Verdict::Authentic) => Verdict::Authentic,
            _ => Verdict::Intact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        SealMismatch,
    }

    #[test]
    fn findings_round_trip_with_their_place_flattened() {
        let finding = Finding::new(Kind::SealMismatch, Place::member("a/b"), "differs")
            .with_values("aa", "bb");
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(json["kind"], "seal-mismatch");
        assert_eq!(json["member"], "a/b");
        assert!(json.get("line").is_none());
        let back: Finding<Kind> = serde_json::from_value(json).unwrap();
        assert_eq!(back, finding);
        assert_eq!(finding.place.to_string(), "a/b");
    }

    #[test]
    fn only_intact_passes_unless_unauthenticated_is_allowed() {
        let none: [Finding<Kind>; 0] = [];
        assert_eq!(Verdict::of(&none, true), Verdict::Intact);
        assert_eq!(Verdict::of(&none, false), Verdict::Unauthenticated);
        assert!(Verdict::Intact.accepted(false));
        assert!(!Verdict::Unauthenticated.accepted(false));
        assert!(Verdict::Unauthenticated.accepted(true));
        assert!(!Verdict::NotIntact.accepted(true));
        assert_eq!(
            Verdict::Intact.and(Verdict::Unauthenticated),
            Verdict::Unauthenticated
        );
        assert_eq!(
            Verdict::Unauthenticated.and(Verdict::NotIntact),
            Verdict::NotIntact
        );
        assert_eq!(
            serde_json::to_string(&Verdict::NotIntact).unwrap(),
            "\"not-intact\""
        );
    }
}
