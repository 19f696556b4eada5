//! Audit: what differs between a tree and a trusted record of it.
//!
//! Before restoring a backup after an intrusion, compare it with a signed
//! baseline taken before the incident, or with the manifest of the sealed
//! evidence: an attacker's webshell or cron job must not come back with it.
//! [`load_baseline`] accepts only a record whose signature verifies;
//! [`compare`] matches items by their path relative to each root (so a backup
//! restored elsewhere compares with the original) and reports what was added,
//! removed, modified, changed in metadata only, or moved, most dangerous first.
//!
//! ```
//! use scelle_audit::{compare, ChangeKind, Record};
//! use scelle_manifest::LosslessText;
//!
//! let before = Record { roots: vec![b"/srv".to_vec()], items: vec![] };
//! let after = Record { roots: vec![b"/mnt/restore".to_vec()], items: vec![] };
//! let report = compare(&before, &after, &[]).unwrap();
//! assert!(report.differences.is_empty());
//! # let _ = (ChangeKind::Added, LosslessText::from_bytes(b"/"));
//! ```

mod compare;
mod load;

pub use compare::{compare, AuditReport, ChangeKind, Difference, FieldChange, Severity, IGNORABLE};
pub use load::{load_baseline, Entry, Record, RecordBuilder};

/// Why an audit could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The baseline could not be read.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The baseline's signature does not verify, or the archive is not intact.
    #[error("{path}: refusing an unauthenticated baseline: {reason}")]
    NotAuthentic {
        /// The file.
        path: String,
        /// What failed.
        reason: String,
    },
    /// The audited paths do not correspond to the baseline's roots.
    #[error("{0}")]
    Roots(String),
}
