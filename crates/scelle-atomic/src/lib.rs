//! Atomic, no-clobber output files.
//!
//! Everything scelle writes (archives, keys, signatures, receipts) goes through
//! [`AtomicFile`]: the bytes are written to `<name>.partial`, fsynced, and only
//! then renamed to `<name>`, with the directory fsynced after. The rename
//! refuses to replace an existing file. A crash or an error therefore never
//! leaves something under the final name that looks finished; at worst a
//! `.partial` file stays behind, which the next run reports instead of
//! silently reusing.
//!
//! ```
//! use std::io::Write;
//! use scelle_atomic::AtomicFile;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let target = dir.path().join("receipt.txt");
//! let mut out = AtomicFile::create(&target, 0o644).unwrap();
//! out.write_all(b"sealed\n").unwrap();
//! assert!(!target.exists());
//! out.commit().unwrap();
//! assert_eq!(std::fs::read(&target).unwrap(), b"sealed\n");
//! // A second file under the same name is refused.
//! assert!(AtomicFile::create(&target, 0o644).is_err());
//! ```

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::fcntl::{renameat2, RenameFlags, AT_FDCWD};

/// A file being written under a temporary name; see the crate documentation.
///
/// Dropping it without [`commit`](AtomicFile::commit) removes the partial file.
#[derive(Debug)]
pub struct AtomicFile {
    file: Option<File>,
    partial: PathBuf,
    target: PathBuf,
    /// Whether commit may replace an existing `target`.
    replaces: bool,
}

impl AtomicFile {
    /// Starts `target.partial` with the given permission bits.
    ///
    /// Fails with `AlreadyExists` if `target` exists, or if a `.partial` file
    /// from an interrupted run is still there (the caller should tell the user
    /// to look at it and remove it).
    pub fn create(target: &Path, mode: u32) -> io::Result<Self> {
        Self::start(target, mode, false)
    }

    /// Like [`AtomicFile::create`], but the commit replaces `target` if it
    /// exists (for a file rewritten as a whole, whose history lives elsewhere).
    pub fn replace(target: &Path, mode: u32) -> io::Result<Self> {
        Self::start(target, mode, true)
    }

    fn start(target: &Path, mode: u32, replaces: bool) -> io::Result<Self> {
        if !replaces && target.symlink_metadata().is_ok() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists; refusing to overwrite it",
                    target.display()
                ),
            ));
        }
        let partial = partial_name(target);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&partial)
            .map_err(|error| {
                if error.kind() == io::ErrorKind::AlreadyExists {
                    io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!(
                            "{} is left over from an interrupted run; inspect it and remove it, then try again",
                            partial.display()
                        ),
                    )
                } else {
                    io::Error::new(error.kind(), format!("cannot create {}: {error}", partial.display()))
                }
            })?;
        Ok(Self {
            file: Some(file),
            partial,
            target: target.to_path_buf(),
            replaces,
        })
    }

    /// The name the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Where the file is until committed (to read back what was written).
    pub fn partial(&self) -> &Path {
        &self.partial
    }

    /// The open partial file (for `fsync`, metadata or seeking).
    pub fn file(&self) -> &File {
        self.file.as_ref().expect("file is present until commit")
    }

    /// Flushes and fsyncs the data, renames it into place (without replacing
    /// anything, unless made by [`AtomicFile::replace`]), and fsyncs the directory.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let file = self.file.take().expect("file is present until commit");
        file.sync_all()?;
        drop(file);
        if self.replaces {
            std::fs::rename(&self.partial, &self.target)?;
        } else {
            rename_no_replace(&self.partial, &self.target)?;
        }
        sync_parent(&self.target)?;
        Ok(self.target.clone())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file
            .as_mut()
            .expect("file is present until commit")
            .write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file
            .as_mut()
            .expect("file is present until commit")
            .flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// `name.partial` beside `name`.
pub fn partial_name(target: &Path) -> PathBuf {
    let mut name = OsString::from(target.as_os_str());
    name.push(".partial");
    PathBuf::from(name)
}

/// Renames `from` (a file or a directory) to `to`, failing if `to` exists;
/// never replaces anything, even a symlink planted at `to`.
pub fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    match renameat2(AT_FDCWD, from, AT_FDCWD, to, RenameFlags::RENAME_NOREPLACE) {
        Ok(()) => Ok(()),
        Err(Errno::EEXIST) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} appeared while writing; refusing to overwrite it",
                to.display()
            ),
        )),
        // Filesystems without RENAME_NOREPLACE (some FUSE and network mounts,
        // older exFAT drivers): a hard link is just as atomic and also refuses
        // to replace; where links are not supported either, check then rename.
        Err(Errno::EINVAL) | Err(Errno::ENOSYS) => match std::fs::hard_link(from, to) {
            Ok(()) => std::fs::remove_file(from),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
            Err(_) if to.symlink_metadata().is_err() => std::fs::rename(from, to),
            Err(error) => Err(error),
        },
        Err(errno) => Err(io::Error::from(errno)),
    }
}

fn sync_parent(path: &Path) -> io::Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.tar.zst");
        let mut out = AtomicFile::create(&target, 0o600).unwrap();
        out.write_all(b"half").unwrap();
        assert!(partial_name(&target).exists());
        drop(out);
        assert!(!partial_name(&target).exists());
        assert!(!target.exists());
    }

    #[test]
    fn stale_partial_is_reported_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("k.key");
        std::fs::write(partial_name(&target), b"old").unwrap();
        let error = AtomicFile::create(&target, 0o600).unwrap_err();
        assert!(error.to_string().contains("interrupted run"), "{error}");
        assert_eq!(std::fs::read(partial_name(&target)).unwrap(), b"old");
    }

    #[test]
    fn commit_refuses_a_file_that_appeared_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x");
        let out = AtomicFile::create(&target, 0o600).unwrap();
        std::fs::write(&target, b"someone else").unwrap();
        assert!(out.commit().is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"someone else");
    }

    #[test]
    fn replace_swaps_the_whole_file_and_leaves_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("case.json");
        std::fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::replace(&target, 0o644).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(
            std::fs::read(&target).unwrap(),
            b"old",
            "unchanged until commit"
        );
        file.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(!partial_name(&target).exists());
    }

    #[test]
    fn mode_is_applied() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret");
        AtomicFile::create(&target, 0o600)
            .unwrap()
            .commit()
            .unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
