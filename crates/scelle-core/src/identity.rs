//! Who and what: evidence ids, the operator's name, the roots of a scene.

use std::fmt;
use std::path::PathBuf;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::error::{refuse, Context, Result};
use crate::text::Untrusted;

/// Longest evidence id accepted (it names a directory and a file).
pub const MAX_ID_LEN: usize = 128;

/// An evidence id: names the archive `<ID>.tar.zst`, its bag directory and
/// its custody log, so only 1 to 128 letters, digits, `.`, `_` and `-`, not
/// starting with `.` or `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EvidenceId(String);

impl EvidenceId {
    /// Checks `id` against the rules above.
    pub fn parse(id: &str) -> Result<Self> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if id.is_empty()
            || id.len() > MAX_ID_LEN
            || !id.chars().all(allowed)
            || id.starts_with(['.', '-'])
        {
            refuse!(
                "--id \"{}\" is not usable: use 1 to {MAX_ID_LEN} letters, digits, '.', '_' or '-', not starting with '.' or '-'",
                Untrusted(id)
            );
        }
        Ok(Self(id.to_string()))
    }

    /// `<hostname>-<UTC yyyymmddThhmmssZ>`, the hostname reduced to safe characters.
    pub fn for_this_host() -> Self {
        let host = nix::unistd::gethostname()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let host: String = host
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .take(64)
            .collect();
        let host = host.trim_start_matches(['.', '-']);
        let host = if host.is_empty() { "host" } else { host };
        Self(format!("{host}-{}", Utc::now().format("%Y%m%dT%H%M%SZ")))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `<ID>.tar.zst`.
    pub fn archive_name(&self) -> String {
        format!("{}.tar.zst", self.0)
    }

    /// `<ID>.custody.jsonl`.
    pub fn custody_log_name(&self) -> String {
        format!("{}.custody.jsonl", self.0)
    }
}

impl fmt::Display for EvidenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The login name of whoever runs scelle (`$SUDO_USER` first: responders use sudo).
pub fn default_operator() -> String {
    std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .ok()
        .filter(|name| !name.is_empty())
        .or_else(|| {
            nix::unistd::User::from_uid(nix::unistd::getuid())
                .ok()
                .flatten()
                .map(|user| user.name)
        })
        .unwrap_or_else(|| format!("uid {}", nix::unistd::getuid()))
}

/// `actor`, or the login name.
pub fn actor_or_operator(actor: &Option<String>) -> Option<String> {
    Some(actor.clone().unwrap_or_else(default_operator))
}

/// Each path made absolute with symlinks resolved; a missing one is refused
/// before anything is written.
pub fn resolve_roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    paths
        .iter()
        .map(|path| {
            std::fs::canonicalize(path)
                .with_context(|| format!("cannot collect {}", path.display()))
        })
        .collect()
}

/// Keeps, in order, the roots not inside (or equal to) another: collecting
/// one twice would store its files twice.
pub fn outermost(roots: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = Vec::new();
    for (index, root) in roots.iter().enumerate() {
        let inside_other = roots.iter().enumerate().any(|(other_index, other)| {
            other_index != index
                && root.starts_with(other)
                && (root != other || other_index < index)
        });
        if !inside_other {
            kept.push(root.clone());
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_repeated_roots_are_collected_once() {
        let roots = ["/var/log", "/srv", "/var", "/srv", "/etc/passwd"]
            .map(PathBuf::from)
            .to_vec();
        assert_eq!(
            outermost(roots),
            ["/srv", "/var", "/etc/passwd"].map(PathBuf::from)
        );
    }

    #[test]
    fn ids_are_filename_safe() {
        assert!(EvidenceId::parse("web01-20261125T091500Z").is_ok());
        for bad in [
            "",
            "../x",
            "a/b",
            ".hidden",
            "-flag",
            "é",
            "a b",
            &"x".repeat(129),
        ] {
            assert!(EvidenceId::parse(bad).is_err(), "{bad:?}");
        }
        assert!(EvidenceId::parse(EvidenceId::for_this_host().as_str()).is_ok());
    }
}
