//! Collection profiles: TOML files listing commands and paths, two built in.

use std::path::{Path, PathBuf};
use std::time::Duration;

use globset::Glob;
use scelle_hash::Sha256Digest;
use serde::Deserialize;

use crate::{walk, CommandSpec, RootOptions};

/// The profiles shipped with scelle: (name, TOML text).
pub const BUILTIN_PROFILES: [(&str, &str); 2] = [
    (
        "linux-triage",
        include_str!("../profiles/linux-triage.toml"),
    ),
    ("linux-web", include_str!("../profiles/linux-web.toml")),
];

/// A parsed profile, includes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Its name.
    pub name: String,
    /// What it collects, in a sentence.
    pub description: String,
    /// SHA-256 of its own TOML text (not of the profiles it includes, which are built in).
    pub sha256: Sha256Digest,
    /// Commands, in order (included profiles' first).
    pub commands: Vec<ProfileCommand>,
    /// Paths, in order (included profiles' first).
    pub paths: Vec<ProfilePath>,
}

/// A command of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileCommand {
    /// The command line.
    pub run: String,
    /// Seconds before its process group is killed (default: the freeze's --command-timeout).
    pub timeout: Option<u64>,
    /// Run through `/bin/sh -c`.
    #[serde(default)]
    pub shell: bool,
}

/// A path of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilePath {
    /// An absolute path; any component may hold `*`, `?` or `[...]`.
    pub path: String,
    /// Files larger than this (`512M`, `1G`, bytes) are recorded, not stored.
    pub max_size: Option<String>,
    /// Follow symlinks below it.
    #[serde(default)]
    pub follow_symlinks: bool,
    /// Record metadata only, store no content.
    #[serde(default)]
    pub metadata_only: bool,
    /// Keep only matches that are `/proc` links to files deleted since they
    /// were opened (`/proc/*/fd/*`, `/proc/*/exe`): what processes hold
    /// open after it was unlinked, and deleted running binaries. scelle's
    /// own process is left out.
    #[serde(default)]
    pub only_deleted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    command: Vec<ProfileCommand>,
    #[serde(default)]
    path: Vec<ProfilePath>,
}

/// Loads a built-in profile by name, or a TOML file by path.
pub fn load_profile(name_or_file: &str) -> Result<Profile, String> {
    match BUILTIN_PROFILES
        .iter()
        .find(|(name, _)| *name == name_or_file)
    {
        Some((_, text)) => parse_profile(text, name_or_file),
        None if name_or_file.ends_with(".toml") || name_or_file.contains('/') => {
            let text = std::fs::read_to_string(name_or_file)
                .map_err(|error| format!("{name_or_file}: {error}"))?;
            parse_profile(&text, name_or_file)
        }
        None => Err(format!(
            "no profile named {name_or_file:?} (built in: {}; or give a .toml file)",
            BUILTIN_PROFILES.map(|(name, _)| name).join(", ")
        )),
    }
}

/// Parses profile TOML; `origin` names it in errors. Every size and path is
/// checked here, so a bad profile is refused before anything runs.
pub fn parse_profile(text: &str, origin: &str) -> Result<Profile, String> {
    let file: ProfileFile =
        toml::from_str(text).map_err(|error| format!("profile {origin}: {error}"))?;
    let mut commands = Vec::new();
    let mut paths = Vec::new();
    for included in &file.include {
        let Some((_, text)) = BUILTIN_PROFILES.iter().find(|(name, _)| name == included) else {
            return Err(format!("profile {origin}: includes unknown profile {included:?} (only built-in profiles can be included)"));
        };
        let included = parse_profile(text, included)?;
        commands.extend(included.commands);
        paths.extend(included.paths);
    }
    for path in &file.path {
        if !path.path.starts_with('/') {
            return Err(format!(
                "profile {origin}: path {:?} is not absolute",
                path.path
            ));
        }
        if let Some(size) = &path.max_size {
            parse_size(size)
                .map_err(|error| format!("profile {origin}: path {}: {error}", path.path))?;
        }
        for component in path.path.split('/').filter(|c| !c.is_empty()) {
            Glob::new(component)
                .map_err(|error| format!("profile {origin}: path {}: {error}", path.path))?;
        }
    }
    commands.extend(file.command);
    paths.extend(file.path);
    Ok(Profile {
        name: file.name,
        description: file.description,
        sha256: Sha256Digest::of(text.as_bytes()),
        commands,
        paths,
    })
}

/// `512M`, `1G`, `4096`: bytes, powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a size"))?;
    let shift = match unit {
        "" => 0,
        "K" | "k" => 10,
        "M" | "m" => 20,
        "G" | "g" => 30,
        _ => return Err(format!("unknown unit in {text:?} (use K, M or G)")),
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("{text:?} is too large"))
}

impl Profile {
    /// Its commands as specs, with `default_timeout` where none is set.
    pub fn command_specs(&self, default_timeout: Duration, max_bytes: u64) -> Vec<CommandSpec> {
        self.commands
            .iter()
            .map(|command| CommandSpec {
                line: command.run.clone(),
                shell: command.shell,
                timeout: command.timeout.map_or(default_timeout, Duration::from_secs),
                max_bytes,
            })
            .collect()
    }

    /// Its paths expanded on this host: `(path, rules)` for those present,
    /// and the patterns that matched nothing.
    pub fn expand_paths(&self) -> (Vec<(PathBuf, RootOptions)>, Vec<PathBuf>) {
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for path in &self.paths {
            let options = RootOptions {
                max_file_size: path
                    .max_size
                    .as_deref()
                    .and_then(|size| parse_size(size).ok()),
                metadata_only: path.metadata_only,
                follow_symlinks: path.follow_symlinks,
            };
            let mut matches = expand(&path.path);
            if path.only_deleted {
                matches.retain(|matched| is_deleted_open_file(matched));
            }
            if matches.is_empty() {
                missing.push(PathBuf::from(&path.path));
            }
            found.extend(
                matches
                    .into_iter()
                    .map(|matched| (matched, options.clone())),
            );
        }
        (found, missing)
    }
}

/// Whether `path` is a `/proc/PID/...` link (of another process than this
/// one) to a regular file that no longer has a name: the kernel shows its
/// old name followed by ` (deleted)`.
fn is_deleted_open_file(path: &Path) -> bool {
    let own = format!("/proc/{}/", std::process::id());
    let path_text = path.to_string_lossy();
    if !path_text.starts_with("/proc/") || path_text.starts_with(&own) {
        return false;
    }
    let pid = path_text["/proc/".len()..].split('/').next().unwrap_or("");
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return false; // /proc/self, /proc/thread-self: this process
    }
    let deleted = std::fs::read_link(path).is_ok_and(|target| {
        target
            .as_os_str()
            .as_encoded_bytes()
            .ends_with(b" (deleted)")
    });
    deleted && std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file())
}

/// Expands `pattern` component by component, listing directories with
/// O_NOATIME (as the freeze does), matches sorted by name.
pub fn expand(pattern: &str) -> Vec<PathBuf> {
    let mut current = vec![PathBuf::from("/")];
    for component in pattern.split('/').filter(|c| !c.is_empty()) {
        let is_glob = component.contains(['*', '?', '[']);
        let mut next = Vec::new();
        for base in &current {
            if !is_glob {
                let candidate = base.join(component);
                if candidate.symlink_metadata().is_ok() {
                    next.push(candidate);
                }
                continue;
            }
            let Ok(glob) = Glob::new(component) else {
                continue;
            };
            let matcher = glob.compile_matcher();
            let Ok(names) = walk::sorted_names(base) else {
                continue;
            };
            for name in names {
                if matcher.is_match(Path::new(&name)) {
                    next.push(base.join(name));
                }
            }
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_parse_and_web_includes_triage() {
        let triage = load_profile("linux-triage").unwrap();
        assert!(triage.commands.len() >= 25, "{}", triage.commands.len());
        assert!(triage.paths.iter().any(|p| p.path == "/etc/passwd"));
        let web = load_profile("linux-web").unwrap();
        assert_eq!(web.commands[..triage.commands.len()], triage.commands[..]);
        assert!(web.paths.iter().any(|p| p.path == "/etc/nginx"));
        assert_ne!(web.sha256, triage.sha256);
    }

    #[test]
    fn bad_profiles_are_refused_with_the_reason() {
        assert!(parse_profile("name = ", "x")
            .unwrap_err()
            .contains("profile x"));
        let relative = "name = \"r\"\n[[path]]\npath = \"etc\"\n";
        assert!(parse_profile(relative, "r")
            .unwrap_err()
            .contains("not absolute"));
        let size = "name = \"s\"\n[[path]]\npath = \"/etc\"\nmax_size = \"12Q\"\n";
        assert!(parse_profile(size, "s")
            .unwrap_err()
            .contains("unknown unit"));
        let unknown = "name = \"u\"\nbogus = 1\n";
        assert!(parse_profile(unknown, "u").unwrap_err().contains("bogus"));
        assert!(load_profile("nope").unwrap_err().contains("linux-triage"));
    }

    #[test]
    fn globs_expand_per_component() {
        let dir = tempfile::tempdir().unwrap();
        for user in ["alice", "bob"] {
            std::fs::create_dir_all(dir.path().join(format!("home/{user}/.ssh"))).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("home/carol")).unwrap();
        let pattern = format!("{}/home/*/.ssh", dir.path().display());
        let found = expand(&pattern);
        assert_eq!(
            found,
            [
                dir.path().join("home/alice/.ssh"),
                dir.path().join("home/bob/.ssh")
            ]
        );
        assert!(expand(&format!("{}/nothing/*", dir.path().display())).is_empty());
        assert_eq!(parse_size("512M").unwrap(), 512 << 20);
    }
}
