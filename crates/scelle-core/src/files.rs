//! Files the workflow writes: always new, always whole.

use std::io::Write;
use std::path::Path;

use scelle_atomic::AtomicFile;

use crate::error::{Context, Result};

/// Writes `contents` to a new file with `mode`, atomically, never replacing one.
pub fn write_new_file(path: &Path, contents: impl AsRef<[u8]>, mode: u32) -> Result<()> {
    let mut file = AtomicFile::create(path, mode)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(contents.as_ref())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.commit()
        .with_context(|| format!("cannot finish {}", path.display()))?;
    Ok(())
}
