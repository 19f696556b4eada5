//! The chain of custody: `<ID>.custody.jsonl`, an append-only log of signed,
//! hash-linked events that travels next to the archive.
//!
//! Each line is one JSON object, byte for byte:
//!
//! ```text
//! {"entry":{...},"sig":"<base64 Ed25519 signature>"}
//! ```
//!
//! The signature covers the line's bytes **before** `,"sig":"`, so there is no
//! re-serialisation to get wrong. Each entry holds its sequence number, the
//! SHA-256 of the previous line (without its newline) and the signer's public
//! key; deleting, reordering, inserting, duplicating or changing a byte of any
//! line breaks a signature or a link. [`append`] takes an exclusive lock and
//! fsyncs; [`verify_log`] reports every finding.
//!
//! ```
//! use scelle_custody::{append, create, verify_log, Draft, Keyring};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let log = dir.path().join("demo.custody.jsonl");
//! let key = scelle_sign::SecretKey::generate().unwrap();
//! let mut sealed = Draft::new("sealed", "demo");
//! sealed.details.insert("seal_sha256".into(), "00".repeat(32).into());
//! create(&log, &key, sealed).unwrap();
//! append(&log, &key, Draft::new("note", "demo")).unwrap();
//!
//! let keyring = Keyring::from_public_keys(vec![key.public_key()]);
//! let report = verify_log(&log, None, &keyring).unwrap();
//! assert_eq!(report.entries.len(), 2);
//! assert!(report.findings.is_empty());
//! ```

mod entry;
mod head;
mod keyring;
mod line;
pub mod lines;
mod log;
mod verify;

pub use entry::{Draft, Entry, EVENTS, FORMAT_VERSION};
pub use head::{ExpectedHead, Head};
pub use keyring::{Keyring, KnownKey};
pub use line::{encode_line, split_line, LineParts};
pub use log::{append, create, log_path_for, start, Appended, Started};
pub use verify::{
    seal_of, verify_journal, verify_lines, verify_log, verify_log_against, verify_log_with_seal,
    CustodyFinding, CustodyFindingKind, CustodyReport, SignerStatus, VerifiedEntry,
    MAX_KEPT_ENTRIES, MAX_KEPT_FINDINGS,
};

/// Why a custody operation could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing the log failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The log cannot be appended to as it is.
    #[error("{path}: {reason}")]
    Unusable {
        /// The log.
        path: String,
        /// What is wrong, and what to do.
        reason: String,
    },
    /// A keyring file is malformed.
    #[error("keyring {path}: {reason}")]
    Keyring {
        /// The keyring file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The entry could not be signed (agent or token refused, absent, ...);
    /// nothing was written.
    #[error("{0}; nothing was written to the custody log")]
    Sign(#[from] scelle_sign::Error),
}
