//! Who and what: evidence ids, the operator's name, the roots of a scene.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::error::{Context, Result};

pub use scelle_archive::EvidenceId;

/// `<hostname>-<UTC yyyymmddThhmmssZ>`, the hostname reduced to safe characters.
pub fn evidence_id_for_this_host() -> EvidenceId {
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
    EvidenceId::parse(&format!("{host}-{}", Utc::now().format("%Y%m%dT%H%M%SZ")))
        .expect("a safe host name and a UTC time make a valid id")
}

/// The evidence id `--id` gives, checked.
pub fn evidence_id(id: &str) -> Result<EvidenceId> {
    EvidenceId::parse(id).map_err(|error| crate::Error::refused(format!("--id {error}")))
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
            resolve_root(path).with_context(|| format!("cannot collect {}", path.display()))
        })
        .collect()
}

/// `path` with every symlink resolved — except a `/proc` link to a file
/// that has no name any more (`/proc/PID/fd/N`, `/proc/PID/exe` of a
/// deleted file, shown as `/tmp/x (deleted)`): that one is kept, with its
/// directory resolved, since the link is the only way left to the file.
pub fn resolve_root(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let reachable = std::fs::metadata(path).is_ok();
            match (reachable, path.parent(), path.file_name()) {
                (true, Some(parent), Some(name)) => Ok(std::fs::canonicalize(parent)?.join(name)),
                _ => Err(error),
            }
        }
        Err(error) => Err(error),
    }
}

/// The paths that exist, resolved, and apart the others in absolute form
/// with what the OS said: a PATH that cannot be reached does not stop a
/// freeze, it is recorded.
pub fn reachable_roots(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut unreachable = Vec::new();
    for path in paths {
        match resolve_root(path) {
            Ok(real) => found.push(real),
            Err(error) => {
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                unreachable.push((absolute, error.to_string()));
            }
        }
    }
    (found, unreachable)
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
    fn the_default_id_is_valid_and_a_bad_one_is_refused() {
        assert!(EvidenceId::parse(evidence_id_for_this_host().as_str()).is_ok());
        let refused = evidence_id("a b").unwrap_err().to_string();
        assert!(
            refused.starts_with("--id \"a b\" is not usable"),
            "{refused}"
        );
    }
}
