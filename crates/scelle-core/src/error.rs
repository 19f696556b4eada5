//! The one error type of the workflow layer.

use std::fmt::Display;

/// Why an operation could not run. Findings (a hash that differs, a broken
/// chain) are not errors: they are in the operation's report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request cannot be carried out as given; the message says what to
    /// do instead (a missing file, a flag that needs another, a refusal to
    /// overwrite).
    #[error("{0}")]
    Refused(String),
    /// What the operation was doing when a lower layer failed.
    #[error("{context}")]
    Context {
        /// What was being done, with the path involved.
        context: String,
        /// What failed.
        #[source]
        source: Box<Error>,
    },
    /// A failure the user can fix, with its advice ([`crate::problem`]).
    #[error(transparent)]
    Problem(#[from] crate::problem::Problem),
    /// The value of `option` is what failed (`--key me.pub`).
    #[error("{option}")]
    Given {
        /// The option, as typed (`--key`).
        option: &'static str,
        /// What failed.
        #[source]
        source: Box<Error>,
    },
    /// Reading or writing a file.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Keys and signatures.
    #[error(transparent)]
    Sign(#[from] scelle_sign::Error),
    /// Collecting the scene.
    #[error(transparent)]
    Snapshot(#[from] scelle_snapshot::Error),
    /// The verification could not run.
    #[error(transparent)]
    Verify(#[from] scelle_verify::Error),
    /// The custody log.
    #[error(transparent)]
    Custody(#[from] scelle_custody::Error),
    /// The case file.
    #[error(transparent)]
    Case(#[from] scelle_case::Error),
    /// A trusted timestamp.
    #[error(transparent)]
    Timestamp(#[from] scelle_timestamp::Error),
    /// A baseline or an audit.
    #[error(transparent)]
    Audit(#[from] scelle_audit::Error),
    /// The evidence locker (S3 Object Lock).
    #[error(transparent)]
    Locker(#[from] scelle_locker::Error),
    /// A JSON document could not be written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A value given (a time, a digest) does not parse.
    #[error(transparent)]
    Invalid(Box<dyn std::error::Error + Send + Sync>),
}

impl From<chrono::ParseError> for Error {
    fn from(error: chrono::ParseError) -> Self {
        Self::Invalid(Box::new(error))
    }
}

impl From<scelle_hash::ParseDigestError> for Error {
    fn from(error: scelle_hash::ParseDigestError) -> Self {
        Self::Invalid(Box::new(error))
    }
}

impl Error {
    /// `error` caused by the value of `option`.
    pub fn given(option: &'static str, error: impl Into<Error>) -> Self {
        Self::Given {
            option,
            source: Box::new(error.into()),
        }
    }

    /// A refusal with its explanation.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::Refused(message.into())
    }

    /// Whether this is, at its root, a signature that does not verify (exit 1
    /// rather than 2: the evidence failed, the check itself ran).
    pub fn is_invalid_signature(&self) -> bool {
        match self {
            Self::Sign(error) => error.is_invalid_signature(),
            Self::Context { source, .. } | Self::Given { source, .. } => {
                source.is_invalid_signature()
            }
            other => {
                // A lower crate's error may carry a signature error inside.
                let mut cause = std::error::Error::source(other);
                while let Some(error) = cause {
                    if error
                        .downcast_ref::<scelle_sign::Error>()
                        .is_some_and(scelle_sign::Error::is_invalid_signature)
                    {
                        return true;
                    }
                    cause = error.source();
                }
                false
            }
        }
    }
}

/// The result of an operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds what was being done to an error, as `anyhow::Context` does, but
/// keeping the typed error underneath.
pub trait Context<T> {
    /// Wraps the error with `context`.
    fn context(self, context: impl Display) -> Result<T>;
    /// Wraps the error with the context `make` builds (only on failure).
    fn with_context<C: Display>(self, make: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: impl Display) -> Result<T> {
        self.map_err(|error| Error::Context {
            context: context.to_string(),
            source: Box::new(error.into()),
        })
    }

    fn with_context<C: Display>(self, make: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|error| Error::Context {
            context: make().to_string(),
            source: Box::new(error.into()),
        })
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, context: impl Display) -> Result<T> {
        self.ok_or_else(|| Error::Refused(context.to_string()))
    }

    fn with_context<C: Display>(self, make: impl FnOnce() -> C) -> Result<T> {
        self.ok_or_else(|| Error::Refused(make().to_string()))
    }
}

/// The error and its causes on one line, `what: cause: cause`, as the CLI
/// shows it and as custody entries record it.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        let shown = error.to_string();
        if !text.ends_with(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        cause = error.source();
    }
    text
}

/// Returns early with [`Error::Refused`] and a formatted message.
macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err($crate::Error::Refused(format!($($arg)*)))
    };
}
pub(crate) use refuse;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keeps_the_cause_and_its_kind() {
        let failed: Result<()> = Err(Error::Sign(scelle_sign::Error::BadSignature {
            origin: "f.minisig".into(),
        }));
        let error = failed.context("checking f").unwrap_err();
        assert!(error.is_invalid_signature());
        assert_eq!(error.to_string(), "checking f");
        let cause = std::error::Error::source(&error).unwrap();
        assert!(cause.to_string().contains("f.minisig"), "{cause}");
        assert!(!Error::refused("no").is_invalid_signature());
    }
}
