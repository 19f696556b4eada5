use std::path::PathBuf;

/// Why a freeze could not finish. Problems with single source items are not
/// errors: they are recorded in the manifest.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing the archive or a temporary file failed (disk full, I/O error).
    #[error("cannot write the archive: {0}")]
    Output(#[from] std::io::Error),
    /// The user asked to stop (Ctrl-C, SIGTERM): nothing is sealed.
    #[error("stopped by the user (Ctrl-C or SIGTERM) before the end; nothing was sealed")]
    Interrupted,
    /// An `--exclude` pattern is not a valid glob.
    #[error("invalid --exclude pattern {pattern:?}: {reason}")]
    Exclude {
        /// The pattern.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Imaging stopped: too many unreadable sectors (`--max-errors`).
    #[error("imaging {path} stopped: {message}")]
    ImageAborted {
        /// The source.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The evidence id cannot name an archive.
    #[error("evidence id {0}")]
    EvidenceId(#[from] scelle_archive::InvalidEvidenceId),
    /// Signing manifest.json failed.
    #[error("cannot sign the manifest: {0}")]
    Signing(#[from] scelle_sign::Error),
}
