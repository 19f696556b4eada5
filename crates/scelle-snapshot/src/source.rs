//! Opening source files and directories without changing them.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::BorrowedFd;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// An open source file and whether O_NOATIME is in effect for it.
pub(crate) struct Source {
    pub file: File,
    pub noatime: bool,
}

/// Opens `name` in directory `dir` read-only, without following a final
/// symlink unless `follow`, without blocking on a FIFO, and with O_NOATIME
/// when the kernel allows it (the caller owns the file or has CAP_FOWNER);
/// otherwise without it. An absolute `name` ignores `dir`.
pub(crate) fn open_at(
    dir: BorrowedFd<'_>,
    name: &OsStr,
    follow: bool,
    extra_flags: OFlags,
) -> io::Result<Source> {
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | extra_flags;
    if !follow {
        flags |= OFlags::NOFOLLOW;
    }
    let attempt = |noatime: bool| {
        let flags = if noatime {
            flags | OFlags::NOATIME
        } else {
            flags
        };
        rustix::fs::openat(dir, name, flags, Mode::empty()).map(File::from)
    };
    match attempt(true) {
        Ok(file) => Ok(Source {
            file,
            noatime: true,
        }),
        Err(rustix::io::Errno::PERM) => Ok(Source {
            file: attempt(false)?,
            noatime: false,
        }),
        Err(error) => Err(error.into()),
    }
}

/// Opens `path` as [`open_at`] does, not following a final symlink.
pub(crate) fn open(path: &Path, extra_flags: OFlags) -> io::Result<Source> {
    open_at(rustix::fs::CWD, path.as_os_str(), false, extra_flags)
}

/// A small text file of the host (os-release, machine-id), read without
/// touching its atime; `None` when absent or unreadable.
pub(crate) fn read_host_file(path: &Path) -> Option<String> {
    // /etc/os-release is usually a symlink into /usr/lib.
    let source = open(&std::fs::canonicalize(path).ok()?, OFlags::empty()).ok()?;
    let mut text = String::new();
    source.file.take(64 * 1024).read_to_string(&mut text).ok()?;
    Some(text)
}
