//! Matching two records item by item.

use std::collections::HashMap;

use std::collections::HashSet;

use scelle_manifest::{ItemKind, LosslessText};
use serde::{Deserialize, Serialize};

use crate::{Entry, Error, Record};

/// Fields `--ignore` may name.
pub const IGNORABLE: [&str; 7] = ["mtime", "mode", "owner", "size", "content", "link", "kind"];

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Present now, absent from the baseline.
    Added,
    /// In the baseline, absent now.
    Removed,
    /// Content differs.
    Modified,
    /// Same content, other metadata.
    Metadata,
    /// Same content under another path.
    Moved,
}

/// How urgently a difference deserves a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Timestamps only.
    Low,
    /// Removed, moved, owner or mode changes.
    Medium,
    /// Content added or changed.
    High,
    /// Executables, setuid/setgid bits, persistence and access paths (cron,
    /// systemd, ssh keys, sudoers, ld.so.preload, rc scripts).
    Critical,
}

/// One field that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Which.
    pub field: String,
    /// Baseline value.
    pub old: String,
    /// Value now.
    pub new: String,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// What happened.
    pub change: ChangeKind,
    /// How serious it looks.
    pub severity: Severity,
    /// The path now (for removed items, the baseline path), byte-exact.
    pub path: LosslessText,
    /// For moved items, where the content was in the baseline.
    pub moved_from: Option<LosslessText>,
    /// Old and new values.
    pub fields: Vec<FieldChange>,
}

/// Every difference, most serious first.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AuditReport {
    /// Items in the baseline.
    pub baseline_items: u64,
    /// Items found now.
    pub live_items: u64,
    /// The differences.
    pub differences: Vec<Difference>,
}

impl AuditReport {
    /// Intact when nothing differs from the trusted record (the record's
    /// signature was checked before the comparison could run).
    pub fn intact(&self) -> bool {
        self.differences.is_empty()
    }
}

/// An item's path relative to the root it was collected under.
fn relative(path: &[u8], roots: &[Vec<u8>]) -> Option<(usize, Vec<u8>)> {
    roots
        .iter()
        .enumerate()
        .filter(|(_, root)| {
            path.starts_with(root)
                && (path.len() == root.len() || path[root.len()] == b'/' || root.ends_with(b"/"))
        })
        .max_by_key(|(_, root)| root.len())
        .map(|(index, root)| (index, path[root.len()..].to_vec()))
}

/// Compares `live` with `baseline`; root *i* of one stands for root *i* of
/// the other. `ignore` names fields of [`IGNORABLE`] to leave out.
pub fn compare(baseline: &Record, live: &Record, ignore: &[String]) -> Result<AuditReport, Error> {
    if baseline.roots.len() != live.roots.len() {
        return Err(Error::Roots(format!(
            "the baseline has {} root(s), {} path(s) were given: give one PATH per baseline root, in the same order",
            baseline.roots.len(),
            live.roots.len()
        )));
    }
    let key = |item: &Entry, roots: &[Vec<u8>]| {
        item.path.to_bytes().and_then(|path| relative(&path, roots))
    };
    let mut before: HashMap<(usize, Vec<u8>), &Entry> = baseline
        .items
        .iter()
        .filter_map(|item| Some((key(item, &baseline.roots)?, item)))
        .collect();
    let ignored = |field: &str| ignore.iter().any(|name| name == field);
    let mut differences = Vec::new();
    let mut added = Vec::new();
    for item in &live.items {
        let Some(item_key) = key(item, &live.roots) else {
            continue;
        };
        match before.remove(&item_key) {
            None => added.push(item),
            Some(old) => {
                let fields = changed_fields(old, item, &ignored);
                if fields.is_empty() {
                    continue;
                }
                let change = if fields.iter().any(|f| f.field == "content") {
                    ChangeKind::Modified
                } else {
                    ChangeKind::Metadata
                };
                differences.push(Difference {
                    severity: severity(change, item, Some(old), &fields),
                    change,
                    path: item.path.clone(),
                    moved_from: None,
                    fields,
                });
            }
        }
    }
    // What is left of the baseline was removed, unless its content turned up elsewhere.
    let mut removed_by_hash: HashMap<_, Vec<&Entry>> = HashMap::new();
    for item in before.values() {
        if let Some(sha) = item.sha256 {
            removed_by_hash.entry(sha).or_default().push(item);
        }
    }
    let mut moved_sources = HashSet::new();
    for item in added {
        let origin = item
            .sha256
            .and_then(|sha| removed_by_hash.get_mut(&sha).and_then(Vec::pop));
        match origin {
            Some(old) if item.kind == ItemKind::File => {
                moved_sources.insert(old.path.clone());
                differences.push(Difference {
                    change: ChangeKind::Moved,
                    severity: severity(ChangeKind::Moved, item, Some(old), &[]),
                    path: item.path.clone(),
                    moved_from: Some(old.path.clone()),
                    fields: Vec::new(),
                });
            }
            _ => differences.push(Difference {
                change: ChangeKind::Added,
                severity: severity(ChangeKind::Added, item, None, &[]),
                path: item.path.clone(),
                moved_from: None,
                fields: Vec::new(),
            }),
        }
    }
    for item in before.values() {
        if moved_sources.contains(&item.path) {
            continue;
        }
        differences.push(Difference {
            change: ChangeKind::Removed,
            severity: severity(ChangeKind::Removed, item, None, &[]),
            path: item.path.clone(),
            moved_from: None,
            fields: Vec::new(),
        });
    }
    differences.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.path.to_display().cmp(&b.path.to_display()))
    });
    Ok(AuditReport {
        baseline_items: baseline.items.len() as u64,
        live_items: live.items.len() as u64,
        differences,
    })
}

fn changed_fields(old: &Entry, new: &Entry, ignored: &dyn Fn(&str) -> bool) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let mut check = |field: &'static str, group: &str, old: String, new: String| {
        if old != new && !ignored(group) {
            fields.push(FieldChange {
                field: field.to_string(),
                old,
                new,
            });
        }
    };
    let hash = |item: &Entry| item.sha256.map(|s| s.to_string()).unwrap_or_default();
    let link = |item: &Entry| {
        item.link_target
            .as_ref()
            .map(LosslessText::to_display)
            .unwrap_or_default()
    };
    check(
        "kind",
        "kind",
        old.kind.name().into(),
        new.kind.name().into(),
    );
    check("content", "content", hash(old), hash(new));
    check("size", "size", old.size.to_string(), new.size.to_string());
    check("mode", "mode", shown(&old.mode), shown(&new.mode));
    check("uid", "owner", shown(&old.uid), shown(&new.uid));
    check("gid", "owner", shown(&old.gid), shown(&new.gid));
    check(
        "mtime_ns",
        "mtime",
        shown(&old.mtime_ns),
        shown(&new.mtime_ns),
    );
    check("link_target", "link", link(old), link(new));
    fields
}

/// A recorded value, or `unknown` where the record has none.
fn shown<T: ToString>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "unknown".to_string(), ToString::to_string)
}

/// Executables, setuid/setgid and persistence paths first.
fn severity(
    change: ChangeKind,
    item: &Entry,
    old: Option<&Entry>,
    fields: &[FieldChange],
) -> Severity {
    let mode = |item: &Entry| {
        item.mode
            .as_deref()
            .and_then(|mode| u32::from_str_radix(mode, 8).ok())
            .unwrap_or(0)
    };
    let path = item.path.to_display();
    let sensitive = [
        "/cron",
        "/systemd/",
        "/.ssh/",
        "authorized_keys",
        "ld.so.preload",
        "sudoers",
        "rc.local",
        "/init.d/",
        "/.bashrc",
        "/profile",
    ]
    .iter()
    .any(|part| path.contains(part));
    // A script dropped in a web root runs without an execute bit.
    let script = [
        ".php", ".phtml", ".jsp", ".asp", ".aspx", ".cgi", ".pl", ".py", ".sh",
    ]
    .iter()
    .any(|extension| path.to_ascii_lowercase().ends_with(extension));
    let executable = item.kind == ItemKind::File && (mode(item) & 0o111 != 0 || script);
    let privileged = mode(item) & 0o6000 != 0;
    let gained_privilege = old.is_some_and(|old| mode(item) & 0o6111 & !mode(old) != 0);
    match change {
        ChangeKind::Added | ChangeKind::Modified if executable || privileged || sensitive => {
            Severity::Critical
        }
        ChangeKind::Metadata
            if gained_privilege || (sensitive && fields.iter().any(|f| f.field != "mtime_ns")) =>
        {
            Severity::Critical
        }
        ChangeKind::Added | ChangeKind::Modified => Severity::High,
        ChangeKind::Metadata if fields.iter().all(|f| f.field == "mtime_ns") => Severity::Low,
        _ => Severity::Medium,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_matched_relative_to_their_root() {
        let roots = vec![b"/srv/www".to_vec(), b"/etc".to_vec()];
        assert_eq!(
            relative(b"/srv/www/a.php", &roots),
            Some((0, b"/a.php".to_vec()))
        );
        assert_eq!(relative(b"/srv/www", &roots), Some((0, Vec::new())));
        assert_eq!(relative(b"/srv/wwwx/a", &roots), None);
        assert_eq!(
            relative(b"/etc/cron.d/x", &roots),
            Some((1, b"/cron.d/x".to_vec()))
        );
    }
}
