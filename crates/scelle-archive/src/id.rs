//! The evidence id: it names the archive `<ID>.tar.zst`, its bag directory
//! `<ID>/` and its custody log `<ID>.custody.jsonl`, so it must be safe as
//! a file name everywhere.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest evidence id accepted.
pub const MAX_ID_LEN: usize = 128;

/// An evidence id: 1 to 128 letters, digits, `.`, `_` and `-`, not
/// starting with `.` or `-`. Records that carry one (custody entries,
/// manifest.json) only parse when it follows these rules.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvidenceId(String);

/// Text that is not a usable evidence id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidEvidenceId {
    /// What was given, with control characters escaped (at most 140 characters).
    pub given: String,
}

impl fmt::Display for InvalidEvidenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not usable: use 1 to {MAX_ID_LEN} letters, digits, '.', '_' or '-', not starting with '.' or '-'",
            self.given
        )
    }
}

impl std::error::Error for InvalidEvidenceId {}

impl EvidenceId {
    /// Checks `id` against the rules above.
    pub fn parse(id: &str) -> Result<Self, InvalidEvidenceId> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if id.is_empty()
            || id.len() > MAX_ID_LEN
            || !id.chars().all(allowed)
            || id.starts_with(['.', '-'])
        {
            return Err(InvalidEvidenceId {
                given: id.chars().take(140).flat_map(char::escape_debug).collect(),
            });
        }
        Ok(Self(id.to_string()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `<ID>.tar.zst`.
    pub fn archive_name(&self) -> String {
        format!("{}.tar.zst", self.0)
    }

    /// `<ID>.custody.jsonl`.
    pub fn custody_log_name(&self) -> String {
        format!("{}.custody.jsonl", self.0)
    }
}

impl fmt::Display for EvidenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for EvidenceId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for EvidenceId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for EvidenceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EvidenceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_filename_safe() {
        let id = EvidenceId::parse("web01-20261125T091500Z").unwrap();
        assert_eq!(id.archive_name(), "web01-20261125T091500Z.tar.zst");
        for bad in [
            "",
            "../x",
            "a/b",
            ".hidden",
            "-flag",
            "é",
            "a b",
            "a\nb",
            &"x".repeat(129),
        ] {
            assert!(EvidenceId::parse(bad).is_err(), "{bad:?}");
        }
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"web01-20261125T091500Z\"");
        assert_eq!(serde_json::from_str::<EvidenceId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<EvidenceId>("\"../etc\"").is_err());
    }
}
