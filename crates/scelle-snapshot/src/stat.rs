//! `statx` results: what the collector knows about a thing without opening it.
//!
//! Every stat of the walk is relative to an open directory (`statx(dirfd,
//! name, AT_SYMLINK_NOFOLLOW)`) or of an open file (`AT_EMPTY_PATH`), never
//! by a full path that a symlink swapped into the middle could redirect.

use std::ffi::OsStr;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};

use rustix::fs::{AtFlags, FileType, Statx, StatxAttributes, StatxFlags};

/// One `statx` result.
#[derive(Clone, Copy)]
pub(crate) struct Stat {
    raw: Statx,
}

/// The (device, inode) pair that names one object on the host.
pub(crate) type Identity = (u64, u64);

impl Stat {
    /// What `name` in `dir` is, not following a final symlink unless
    /// `follow`. An absolute `name` ignores `dir`.
    pub fn at(dir: BorrowedFd<'_>, name: &OsStr, follow: bool) -> io::Result<Stat> {
        let flags = if follow {
            AtFlags::empty()
        } else {
            AtFlags::SYMLINK_NOFOLLOW
        };
        Ok(Stat {
            raw: rustix::fs::statx(
                dir,
                name,
                flags,
                StatxFlags::BASIC_STATS | StatxFlags::BTIME,
            )?,
        })
    }

    /// What an open file or directory is now.
    pub fn of(fd: impl AsFd) -> io::Result<Stat> {
        Ok(Stat {
            raw: rustix::fs::statx(
                fd,
                "",
                AtFlags::EMPTY_PATH,
                StatxFlags::BASIC_STATS | StatxFlags::BTIME,
            )?,
        })
    }

    /// The kind of object (regular file, directory, symlink, ...).
    pub fn file_type(&self) -> FileType {
        FileType::from_raw_mode(u32::from(self.raw.stx_mode))
    }

    pub fn is_file(&self) -> bool {
        self.file_type() == FileType::RegularFile
    }

    pub fn is_symlink(&self) -> bool {
        self.file_type() == FileType::Symlink
    }

    /// The permission bits, with setuid, setgid and sticky.
    pub fn mode(&self) -> u32 {
        u32::from(self.raw.stx_mode) & 0o7777
    }

    pub fn size(&self) -> u64 {
        self.raw.stx_size
    }

    pub fn uid(&self) -> u32 {
        self.raw.stx_uid
    }

    pub fn gid(&self) -> u32 {
        self.raw.stx_gid
    }

    /// Bytes the filesystem has allocated (`st_blocks` × 512).
    pub fn allocated(&self) -> u64 {
        self.raw.stx_blocks.saturating_mul(512)
    }

    pub fn nlink(&self) -> u64 {
        u64::from(self.raw.stx_nlink)
    }

    pub fn ino(&self) -> u64 {
        self.raw.stx_ino
    }

    /// The device holding the object, encoded as `st_dev` is.
    pub fn dev(&self) -> u64 {
        rustix::fs::makedev(self.raw.stx_dev_major, self.raw.stx_dev_minor)
    }

    /// The device a character or block device stands for, encoded as `st_rdev` is.
    pub fn rdev(&self) -> u64 {
        rustix::fs::makedev(self.raw.stx_rdev_major, self.raw.stx_rdev_minor)
    }

    pub fn identity(&self) -> Identity {
        (self.dev(), self.ino())
    }

    pub fn mtime_ns(&self) -> i64 {
        nanos(self.raw.stx_mtime)
    }

    /// The modification time in whole seconds (the tar header's mtime).
    pub fn mtime_seconds(&self) -> i64 {
        self.raw.stx_mtime.tv_sec
    }

    pub fn atime_ns(&self) -> i64 {
        nanos(self.raw.stx_atime)
    }

    pub fn ctime_ns(&self) -> i64 {
        nanos(self.raw.stx_ctime)
    }

    /// The inode flags set (immutable, append-only, ...), among those the
    /// filesystem reports.
    pub fn attributes(&self) -> StatxAttributes {
        self.raw.stx_attributes & self.raw.stx_attributes_mask
    }

    /// The birth time, when the filesystem keeps one.
    pub fn btime_ns(&self) -> Option<i64> {
        StatxFlags::from_bits_retain(self.raw.stx_mask)
            .contains(StatxFlags::BTIME)
            .then(|| nanos(self.raw.stx_btime))
    }
}

fn nanos(time: rustix::fs::StatxTimestamp) -> i64 {
    crate::metadata::nanos(time.tv_sec, i64::from(time.tv_nsec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn statx_agrees_with_std_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"twelve bytes").unwrap();
        let std = std::fs::metadata(&path).unwrap();
        let ours = Stat::at(rustix::fs::CWD, path.as_os_str(), false).unwrap();
        assert!(ours.is_file());
        assert_eq!(ours.size(), 12);
        assert_eq!(ours.identity(), (std.dev(), std.ino()));
        assert_eq!(ours.mode(), std.mode() & 0o7777);
        assert_eq!(
            ours.mtime_ns(),
            std.mtime() * 1_000_000_000 + std.mtime_nsec()
        );
        let file = std::fs::File::open(&path).unwrap();
        assert_eq!(Stat::of(&file).unwrap().identity(), ours.identity());
    }

    #[test]
    fn a_final_symlink_is_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("link")).unwrap();
        let link = dir.path().join("link");
        assert!(Stat::at(rustix::fs::CWD, link.as_os_str(), false)
            .unwrap()
            .is_symlink());
        assert!(
            Stat::at(rustix::fs::CWD, link.as_os_str(), true)
                .unwrap()
                .file_type()
                == FileType::Directory
        );
    }
}
