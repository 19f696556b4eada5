//! The exit codes scripts can rely on.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success; the evidence or signature checked is intact |
//! | 1 | the evidence or a signature failed verification |
//! | 2 | usage or input error: the check or the job could not run |
//! | 3 | acquisition finished, but some items are incomplete |
//! | 4 | AUTHENTIC: no finding and a valid signature, but not anchored (neither `--expect` nor a pinned key) |
//! | 130 | interrupted by Ctrl-C or SIGTERM (extract: nothing kept) |

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
    /// Exit 4.
    Unanchored = 4,
    /// Exit 130 (128 + SIGINT, as shells report it).
    Interrupted = 130,
}

impl Status {
    /// Exit 0 for intact (or unauthenticated when allowed), 4 for
    /// authentic but not anchored, 1 otherwise.
    pub fn from_verdict(verdict: scelle_core::Verdict, allow_unauthenticated: bool) -> Self {
        if verdict == scelle_core::Verdict::Authentic {
            Status::Unanchored
        } else if verdict.accepted(allow_unauthenticated) {
            Status::Success
        } else {
            Status::Failed
        }
    }
}

/// Exit 1 for errors that are verification failures, 2 for everything else.
pub fn status_of_error(error: &anyhow::Error) -> Status {
    let failed = error.chain().any(|cause| {
        cause
            .downcast_ref::<scelle_sign::Error>()
            .is_some_and(scelle_sign::Error::is_invalid_signature)
            || cause
                .downcast_ref::<scelle_core::Error>()
                .is_some_and(scelle_core::Error::is_invalid_signature)
    });
    if failed {
        Status::Failed
    } else {
        Status::Error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_what_scripts_rely_on() {
        assert_eq!(Status::Success as u8, 0);
        assert_eq!(Status::Failed as u8, 1);
        assert_eq!(Status::Error as u8, 2);
        assert_eq!(Status::Incomplete as u8, 3);
        assert_eq!(Status::Unanchored as u8, 4);
        use scelle_core::Verdict;
        assert_eq!(
            Status::from_verdict(Verdict::Authentic, true),
            Status::Unanchored
        );
        assert_eq!(
            Status::from_verdict(Verdict::Intact, false),
            Status::Success
        );
        assert_eq!(
            Status::from_verdict(Verdict::Unauthenticated, false),
            Status::Failed
        );
        let invalid = anyhow::Error::new(scelle_sign::Error::BadSignature {
            origin: "f.minisig".into(),
        });
        assert_eq!(status_of_error(&invalid), Status::Failed);
        let unreadable = anyhow::anyhow!("cannot read the archive");
        assert_eq!(status_of_error(&unreadable), Status::Error);
    }
}
