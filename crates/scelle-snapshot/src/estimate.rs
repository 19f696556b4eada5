//! A quick metadata-only pass that sizes the job for a progress bar's ETA.

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use crate::walk;

/// Approximately how much a freeze of some roots will read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Regular files found.
    pub files: u64,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// Walks `roots` reading metadata only (listing directories with O_NOATIME,
/// like the freeze), ignoring exclusions and errors: an estimate, not a record.
pub fn estimate(roots: &[PathBuf]) -> Estimate {
    let mut total = Estimate::default();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = pending.pop() {
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_file() {
            total.files += 1;
            total.bytes += metadata.size();
        } else if metadata.is_dir() {
            if let Ok(names) = walk::sorted_names(&path) {
                pending.extend(names.into_iter().map(|name| path.join(name)));
            }
        }
    }
    total
}
