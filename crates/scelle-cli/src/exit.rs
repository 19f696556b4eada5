//! The exit codes scripts can rely on.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success; the evidence or signature checked is intact |
//! | 1 | the evidence or a signature failed verification |
//! | 2 | usage or input error: the check or the job could not run |
//! | 3 | acquisition finished, but some items are incomplete |

/// One row of the table above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Exit 0.
    Success = 0,
    /// Exit 1.
    Failed = 1,
    /// Exit 2 (also what clap uses for usage errors).
    Error = 2,
    /// Exit 3.
    Incomplete = 3,
}

/// An error that means "the evidence is not intact" rather than "could not run".
#[derive(Debug)]
pub struct VerificationFailed(pub String);

impl std::fmt::Display for VerificationFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VerificationFailed {}

/// Exit 1 for errors that are verification failures, 2 for everything else.
pub fn status_of_error(error: &anyhow::Error) -> Status {
    let failed = error.chain().any(|cause| {
        cause.is::<VerificationFailed>()
            || cause
                .downcast_ref::<scelle_sign::Error>()
                .is_some_and(scelle_sign::Error::is_invalid_signature)
    });
    if failed {
        Status::Failed
    } else {
        Status::Error
    }
}
