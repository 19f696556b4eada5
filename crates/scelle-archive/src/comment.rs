//! The trusted comment of `manifest.json.minisig`: signed with the manifest,
//! so what it says (which evidence, when) is as authentic as the signature.
//!
//! `evidence:<ID> file:scelle/manifest.json signed:<RFC 3339 UTC> tool:scelle-<version>`,
//! one printable line (minisign 0.12 refuses control characters in it).

use chrono::{DateTime, SecondsFormat, Utc};

use crate::layout;

/// What the trusted comment of a manifest signature states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedComment {
    /// The evidence id the signature is for.
    pub evidence_id: String,
    /// When the signer's clock said it signed.
    pub signed: DateTime<Utc>,
    /// The tool and version that signed (`scelle-0.1.0`).
    pub tool: String,
}

impl TrustedComment {
    /// The comment for `evidence_id`, signed now by this version of scelle.
    pub fn now(evidence_id: &str, tool_version: &str) -> Self {
        Self {
            evidence_id: evidence_id.to_string(),
            signed: Utc::now(),
            tool: format!("scelle-{tool_version}"),
        }
    }

    /// The comment's text.
    pub fn to_text(&self) -> String {
        format!(
            "evidence:{} file:{} signed:{} tool:{}",
            self.evidence_id,
            layout::MANIFEST,
            self.signed.to_rfc3339_opts(SecondsFormat::Secs, true),
            self.tool
        )
    }

    /// Whether `text` names `evidence_id` (the check a verifier makes: a
    /// signature lifted from another archive names another id).
    pub fn names(text: &str, evidence_id: &str) -> bool {
        text.split(' ')
            .any(|word| word.strip_prefix("evidence:") == Some(evidence_id))
    }

    /// The `signed:` time of a comment, when it has a valid one (any scelle
    /// comment: manifests, baselines, signed files).
    pub fn signed_time(text: &str) -> Option<DateTime<Utc>> {
        let value = text
            .split_whitespace()
            .find_map(|word| word.strip_prefix("signed:"))?;
        DateTime::parse_from_rfc3339(value)
            .ok()
            .map(|time| time.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_comments_read_back() {
        let comment = TrustedComment::now("web01-20261125T091500Z", "0.1.0");
        let text = comment.to_text();
        assert!(
            text.starts_with("evidence:web01-20261125T091500Z file:scelle/manifest.json signed:")
        );
        assert!(TrustedComment::names(&text, "web01-20261125T091500Z"));
        assert!(!TrustedComment::names(&text, "web01"));
        assert_eq!(
            TrustedComment::signed_time(&text).map(|t| t.timestamp()),
            Some(comment.signed.timestamp())
        );
        assert!(!text.chars().any(char::is_control));
        assert_eq!(TrustedComment::signed_time("signed:yesterday"), None);
    }
}
