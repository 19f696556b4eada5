//! The trusted comment of the two signatures of a bag (`manifest.json.minisig`
//! and `tagmanifest-sha256.txt.minisig`): signed with the file, so what it says
//! (which evidence, which file, when) is as authentic as the signature.
//!
//! `evidence:<ID> file:<file in the bag> signed:<RFC 3339 UTC> tool:scelle-<version>
//! key:<file|ssh-agent|pkcs11>`, one printable line (minisign 0.12 refuses
//! control characters in it). `key:` (where the signing key was kept) is
//! absent from signatures made before scelle 0.3.

use chrono::{DateTime, SecondsFormat, Utc};

/// What the trusted comment of a manifest signature states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedComment {
    /// The evidence id the signature is for.
    pub evidence_id: String,
    /// When the signer's clock said it signed.
    pub signed: DateTime<Utc>,
    /// The tool and version that signed (`scelle-0.1.0`).
    pub tool: String,
    /// Where the signing key was kept: `file`, `ssh-agent`, `pkcs11`.
    pub key: String,
}

impl TrustedComment {
    /// The comment for `evidence_id`, signed now by this version of scelle
    /// with a key kept as `key` says.
    pub fn now(evidence_id: &str, tool_version: &str, key: &str) -> Self {
        Self {
            evidence_id: evidence_id.to_string(),
            signed: Utc::now(),
            tool: format!("scelle-{tool_version}"),
            key: key.to_string(),
        }
    }

    /// The comment's text for the signature of `file` (its name in the bag).
    pub fn to_text(&self, file: &str) -> String {
        format!(
            "evidence:{} file:{file} signed:{} tool:{} key:{}",
            self.evidence_id,
            self.signed.to_rfc3339_opts(SecondsFormat::Secs, true),
            self.tool,
            self.key
        )
    }

    /// Whether `text` names `evidence_id` and `file` (the check a verifier
    /// makes: a signature lifted from another archive, or from the other
    /// signed file of this one, names another id or file).
    pub fn names(text: &str, evidence_id: &str, file: &str) -> bool {
        let mut words = text.split(' ');
        words.next().and_then(|word| word.strip_prefix("evidence:")) == Some(evidence_id)
            && words.next().and_then(|word| word.strip_prefix("file:")) == Some(file)
    }

    /// The `key:` word of a comment (where the signing key was kept), when
    /// it has one.
    pub fn key_kind(text: &str) -> Option<&str> {
        text.split_whitespace()
            .find_map(|word| word.strip_prefix("key:"))
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
        let comment = TrustedComment::now("web01-20261125T091500Z", "0.1.0", "ssh-agent");
        let text = comment.to_text("scelle/manifest.json");
        assert!(
            text.starts_with("evidence:web01-20261125T091500Z file:scelle/manifest.json signed:")
        );
        let id = "web01-20261125T091500Z";
        assert!(TrustedComment::names(&text, id, "scelle/manifest.json"));
        assert!(!TrustedComment::names(
            &text,
            "web01",
            "scelle/manifest.json"
        ));
        assert!(!TrustedComment::names(&text, id, "tagmanifest-sha256.txt"));
        assert_eq!(
            TrustedComment::signed_time(&text).map(|t| t.timestamp()),
            Some(comment.signed.timestamp())
        );
        assert!(!text.chars().any(char::is_control));
        assert_eq!(TrustedComment::key_kind(&text), Some("ssh-agent"));
        assert_eq!(TrustedComment::key_kind("evidence:x file:y"), None);
        assert_eq!(TrustedComment::signed_time("signed:yesterday"), None);
    }
}
