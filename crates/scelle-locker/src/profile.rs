//! AWS's shared files: `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`)
//! and `~/.aws/config` (or `AWS_CONFIG_FILE`), the profile `AWS_PROFILE`
//! names (default `default`).

use std::io::Read;
use std::path::PathBuf;

/// The `key = value` pairs of section `[name]` (or `[profile name]`, as
/// the config file spells it) of an INI text.
pub fn section(text: &str, name: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            inside = header == name || header.strip_prefix("profile ").map(str::trim) == Some(name);
            continue;
        }
        if inside {
            if let Some((key, value)) = line.split_once('=') {
                pairs.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
    }
    pairs
}

/// The value of `key` in `pairs`.
pub fn value(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
}

/// The profile in use.
pub fn name() -> String {
    std::env::var("AWS_PROFILE")
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "default".into())
}

/// The text of the shared file `env` names, or `~/.aws/<default>`;
/// `None` when there is none. At most 1 MiB is read.
pub fn read(env: &str, default: &str) -> Option<String> {
    let path = std::env::var_os(env).map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".aws").join(default))
    })?;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_read_from_both_spellings_of_a_section() {
        let credentials = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\
                           # comment\n[ceph]\nAWS_ACCESS_KEY_ID=C\naws_secret_access_key= D \n\
                           aws_session_token = E\n";
        let ceph = section(credentials, "ceph");
        assert_eq!(value(&ceph, "aws_access_key_id").as_deref(), Some("C"));
        assert_eq!(value(&ceph, "aws_secret_access_key").as_deref(), Some("D"));
        assert_eq!(value(&ceph, "aws_session_token").as_deref(), Some("E"));
        let default = section(credentials, "default");
        assert_eq!(value(&default, "aws_access_key_id").as_deref(), Some("A"));
        assert_eq!(value(&default, "aws_session_token"), None);
        let config = "[profile ceph]\nregion = eu-west-3\nendpoint_url = http://127.0.0.1:7480\n";
        assert_eq!(
            value(&section(config, "ceph"), "region").as_deref(),
            Some("eu-west-3")
        );
        assert!(section(config, "other").is_empty());
    }
}
