use scelle_archive::EvidenceId;
use scelle_hash::Sha256Digest;
use scelle_sign::KeyId;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `v` of entries this crate writes.
pub const FORMAT_VERSION: u32 = 1;

/// The events scelle writes; other names are kept and shown, not rejected.
pub const EVENTS: [&str; 9] = [
    "sealed",
    "timestamped",
    "timestamp-failed",
    "transferred",
    "received",
    "verified",
    "copied",
    "extracted",
    "note",
];

/// One custody entry, as signed. Unknown fields (from a newer scelle) are kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Format version.
    pub v: u32,
    /// Position in the log, from 0.
    pub seq: u64,
    /// SHA-256 of the previous line without its newline; 64 zeros for the first.
    pub prev: Sha256Digest,
    /// When, RFC 3339 UTC, as the signer's clock read it.
    pub time: String,
    /// What happened (see [`EVENTS`]).
    pub event: String,
    /// The evidence the log is about (a case journal: the case id).
    pub evidence_id: EvidenceId,
    /// Who acted, as they stated it ("NAME, ROLE"); the keyring says who the key belongs to.
    pub actor: Option<String>,
    /// The machine the entry was written on.
    pub host: Option<String>,
    /// The signer's minisign key id.
    pub key_id: KeyId,
    /// The signer's public key: the base64 line of a minisign `.pub` file.
    pub public_key: String,
    /// Where the signing key was kept (file, ssh-agent, PKCS#11 token);
    /// absent in entries written before scelle 0.3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_source: Option<scelle_sign::KeySource>,
    /// Event-specific facts (seal hash, recipient, result, ...).
    pub details: Map<String, Value>,
    /// Fields this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a caller says about a new entry; the log fills in the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The event.
    pub event: String,
    /// The evidence id.
    pub evidence_id: String,
    /// Who acts, as stated.
    pub actor: Option<String>,
    /// Event-specific facts.
    pub details: Map<String, Value>,
}

impl Draft {
    /// A draft with no actor and no details.
    pub fn new(event: &str, evidence_id: &str) -> Self {
        Self {
            event: event.to_string(),
            evidence_id: evidence_id.to_string(),
            actor: None,
            details: Map::new(),
        }
    }

    /// Adds one detail.
    pub fn detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_string(), value.into());
        self
    }
}
