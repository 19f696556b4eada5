//! Failures a user causes and can fix at once: each has its sentence and
//! its advice in the catalogue (`errors.ftl`), and [`explain`] turns any
//! error into the words the CLI prints — what went wrong, once, with the
//! option at fault, and what to do next.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::path::PathBuf;

use scelle_l10n::{text_arg, Lang};

/// A request scelle refuses because of what was asked, not because
/// something broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `freeze` would overwrite an archive.
    ArchiveExists {
        /// The archive that exists.
        path: PathBuf,
    },
    /// `extract --to` is not an existing directory.
    ToNotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// `verify --key` without `--record`: a secret key given where the
    /// signer's public key was meant.
    KeyWithoutRecord {
        /// The key given.
        key: PathBuf,
    },
}

impl Problem {
    /// The sentence and the advice, in `lang`.
    pub fn explain(&self, lang: Lang) -> Explanation {
        let (id, path) = match self {
            Problem::ArchiveExists { path } => ("archive-exists", path),
            Problem::ToNotADirectory { path } => ("to-not-a-directory", path),
            Problem::KeyWithoutRecord { key } => ("key-without-record", key),
        };
        let shown = path.display().to_string();
        let args = [text_arg("path", &shown), text_arg("key", &shown)];
        Explanation {
            message: lang.format(&format!("error-{id}"), &args),
            advice: Some(lang.format(&format!("advice-{id}"), &args)),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explain(Lang::En).message)
    }
}

impl StdError for Problem {}

/// What the CLI prints for an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// What went wrong, in one line.
    pub message: String,
    /// What to do next, when scelle knows.
    pub advice: Option<String>,
}

/// The words for `error` in `lang`: a known failure (a key of the wrong
/// kind, a missing file, an output that exists) gets its catalogue
/// sentence and advice; any other error its causes on one line, each said
/// once, the operating system's words plain (no "(os error 2)").
pub fn explain(error: &(dyn StdError + 'static), lang: Lang) -> Explanation {
    let option = causes(error).find_map(|cause| match cause.downcast_ref::<crate::Error>() {
        Some(crate::Error::Given { option, .. }) => Some(*option),
        _ => None,
    });
    causes(error)
        .find_map(|cause| known(cause, option, lang))
        .unwrap_or_else(|| Explanation {
            message: plain_chain(error, lang),
            advice: causes(error)
                .filter_map(|cause| cause.downcast_ref::<io::Error>())
                .any(|io| io.kind() == io::ErrorKind::NotFound)
                .then(|| lang.text("advice-not-found")),
        })
}

/// `error` and its sources, outermost first, with the error each
/// transparent variant of [`crate::Error`] wraps (whose `source()` skips it).
fn causes<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&error| error.source())
        .map(unboxed)
        .flat_map(|cause| std::iter::once(cause).chain(wrapped(cause)))
}

/// A boxed [`crate::Error`] (the source of a context) as the error itself.
fn unboxed<'a>(cause: &'a (dyn StdError + 'static)) -> &'a (dyn StdError + 'static) {
    match cause.downcast_ref::<Box<crate::Error>>() {
        Some(boxed) => boxed.as_ref(),
        None => cause,
    }
}

/// The error a transparent variant of [`crate::Error`] wraps.
fn wrapped<'a>(cause: &'a (dyn StdError + 'static)) -> Option<&'a (dyn StdError + 'static)> {
    use crate::Error as E;
    Some(match cause.downcast_ref::<E>()? {
        E::Problem(error) => error,
        E::Io(error) => error,
        E::Sign(error) => error,
        E::Snapshot(error) => error,
        E::Verify(error) => error,
        E::Custody(error) => error,
        E::Case(error) => error,
        E::Timestamp(error) => error,
        E::Audit(error) => error,
        E::Locker(error) => error,
        E::Json(error) => error,
        E::Invalid(error) => error.as_ref(),
        E::Refused(_) | E::Context { .. } | E::Given { .. } => return None,
    })
}

/// The explanation of one typed failure scelle knows, if `cause` is one.
fn known(
    cause: &(dyn StdError + 'static),
    option: Option<&str>,
    lang: Lang,
) -> Option<Explanation> {
    if let Some(problem) = cause.downcast_ref::<Problem>() {
        return Some(problem.explain(lang));
    }
    let given = |path: &str| match option {
        Some(option) => format!("{option} {path}"),
        None => path.to_string(),
    };
    let say = |id: &str, path: &str, advice: &str| {
        let given = given(path);
        Some(Explanation {
            message: lang.format(id, &[text_arg("given", &given)]),
            advice: Some(lang.text(advice)),
        })
    };
    if let Some(error) = cause.downcast_ref::<scelle_sign::Error>() {
        use scelle_sign::Error as Sign;
        return match error {
            Sign::PublicKeyGiven { origin } => {
                say("error-public-key-given", origin, "advice-public-key-given")
            }
            Sign::SecretKeyGiven { origin } => {
                say("error-secret-key-given", origin, "advice-secret-key-given")
            }
            Sign::WrongPassphrase { origin } => {
                say("error-wrong-passphrase", origin, "advice-wrong-passphrase")
            }
            Sign::PassphraseRequired { origin } => say(
                "error-passphrase-required",
                origin,
                "advice-passphrase-required",
            ),
            Sign::Io { path, source } if source.kind() == io::ErrorKind::NotFound => {
                let advice = match option {
                    Some("--key") => "advice-key-not-found",
                    Some("--pubkey") => "advice-pubkey-not-found",
                    _ => "advice-not-found",
                };
                say("error-not-found", path, advice)
            }
            Sign::Io { path, source } if source.kind() == io::ErrorKind::PermissionDenied => {
                say("error-permission-denied", path, "advice-permission-denied")
            }
            _ => None,
        };
    }
    if let Some(scelle_verify::Error::TargetExists { path }) =
        cause.downcast_ref::<scelle_verify::Error>()
    {
        let shown = path.display().to_string();
        let args = [text_arg("path", &shown)];
        return Some(Explanation {
            message: lang.format("error-extract-target-exists", &args),
            advice: Some(lang.format("advice-extract-target-exists", &args)),
        });
    }
    None
}

/// The causes of `error` joined by ": ", skipping a cause its parent
/// already quotes, with the operating system's errors in plain words.
fn plain_chain(error: &(dyn StdError + 'static), lang: Lang) -> String {
    let mut text = String::new();
    let mut os_errors = Vec::new();
    for cause in causes(error) {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            os_errors.push((io.to_string(), os_words(io, lang)));
        }
        let shown = cause.to_string();
        if shown.is_empty() || text.contains(&shown) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&shown);
    }
    for (raw, plain) in os_errors {
        if let Some(plain) = plain {
            text = text.replace(&raw, &plain);
        }
    }
    text
}

/// What the operating system said, in plain words, for the errors a user
/// meets; `None` keeps its own words.
pub fn os_words(error: &io::Error, lang: Lang) -> Option<String> {
    error.raw_os_error()?;
    let id = match error.kind() {
        io::ErrorKind::NotFound => "os-not-found",
        io::ErrorKind::PermissionDenied => "os-permission-denied",
        io::ErrorKind::AlreadyExists => "os-already-exists",
        io::ErrorKind::StorageFull => "os-no-space",
        io::ErrorKind::ReadOnlyFilesystem => "os-read-only",
        io::ErrorKind::IsADirectory => "os-is-a-directory",
        io::ErrorKind::NotADirectory => "os-not-a-directory",
        io::ErrorKind::Interrupted => "os-interrupted",
        _ => {
            // Keep the system's words, without the "(os error N)" code.
            let raw = error.to_string();
            return Some(match raw.rfind(" (os error ") {
                Some(at) => raw[..at].to_string(),
                None => raw,
            });
        }
    };
    Some(lang.text(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_found() -> io::Error {
        io::Error::from_raw_os_error(2)
    }

    #[test]
    fn a_missing_key_file_names_the_option_once_and_says_what_to_do() {
        let error = crate::Error::given(
            "--key",
            scelle_sign::Error::Io {
                path: "nonexistent.key".into(),
                source: not_found(),
            },
        );
        let explained = explain(&error, Lang::En);
        assert_eq!(explained.message, "--key nonexistent.key: no such file");
        assert!(explained.advice.unwrap().contains("scelle key generate"));
        let french = explain(&error, Lang::Fr);
        assert_eq!(
            french.message,
            "--key nonexistent.key : fichier introuvable"
        );
    }

    #[test]
    fn other_errors_say_each_cause_once_in_plain_words() {
        let error = crate::Error::Context {
            context: "cannot read x.tar.zst".into(),
            source: Box::new(crate::Error::Verify(scelle_verify::Error::Io {
                path: "x.tar.zst".into(),
                source: not_found(),
            })),
        };
        let explained = explain(&error, Lang::En);
        assert_eq!(
            explained.message,
            "cannot read x.tar.zst: x.tar.zst: no such file or directory"
        );
        assert!(!explained.message.contains("os error"));
        assert_eq!(
            explained.advice.as_deref(),
            Some("check the path and try again")
        );
    }

    #[test]
    fn every_problem_has_its_words_and_advice_in_both_languages() {
        let problems = [
            Problem::ArchiveExists {
                path: "j2.tar.zst".into(),
            },
            Problem::ToNotADirectory { path: "out".into() },
            Problem::KeyWithoutRecord {
                key: "me.pub".into(),
            },
        ];
        for problem in problems {
            for lang in [Lang::En, Lang::Fr] {
                let explained = problem.explain(lang);
                assert!(!explained.message.is_empty() && explained.advice.is_some());
                assert!(!explained.message.contains('{'), "{}", explained.message);
            }
        }
    }
}
