//! The incident case file: what happened, what was done about it and when.
//!
//! A case directory holds `case.json` (the facts, readable) and
//! `journal.jsonl`, a signed, hash-linked journal written and checked like
//! a custody log ([`scelle_custody`]). From the journal come the
//! notification deadlines ([`deadline`]) and the report for a bailiff or a
//! lawyer ([`report`]), in French or English, as Markdown or printable HTML.
//!
//! ```
//! use scelle_case::{CaseDir, CaseFacts};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let key = scelle_sign::SecretKey::generate().unwrap();
//! let case = CaseDir::new(dir.path());
//! let facts = CaseFacts {
//!     case_id: "INC-1".into(),
//!     title: "Webshell on www1".into(),
//!     discovered: "2026-11-20T14:30:00+01:00".into(),
//!     personal_data: true,
//!     nis2: None,
//!     oiv: false,
//!     legal_basis: None,
//!     organization: None,
//!     dpo: None,
//!     counsel: None,
//!     impact: vec![],
//!     time_zone: "Europe/Paris".into(),
//!     regimes: Default::default(),
//! };
//! case.init(facts, &key, None).unwrap();
//! case.note(&key, None, "Host isolated from the network").unwrap();
//! let keyring = scelle_custody::Keyring::from_public_keys(vec![key.public_key()]);
//! let state = case.load(&keyring).unwrap();
//! assert!(state.intact());
//! assert_eq!(state.timeline.len(), 2);
//! ```

pub mod annex;
pub mod breach;
pub mod checklist;
mod chronology;
pub mod deadline;
mod document;
mod facts;
mod journal;
pub mod recipient;
pub mod report;
mod signed;
mod words;

pub use document::{Block, Document, Section};
pub use facts::{
    parse_time, Art34Exemption, CaseFacts, CaseFile, Impact, Nis2Class, Regimes, CASE_FORMAT,
};
pub use journal::{
    CaseDir, CaseFinding, CaseFindingKind, CaseState, CheckKind, IntegrityCheck, Notification,
    NotificationKind, Receipt, ReportRequest, SealedEvidence, TimelineEntry, CASE_FILE,
    JOURNAL_FILE,
};
pub use signed::SignedBy;

/// Why a case operation could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that cannot be used, said in words.
    #[error("{0}")]
    Invalid(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The journal could not be written or read.
    #[error(transparent)]
    Custody(#[from] scelle_custody::Error),
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
