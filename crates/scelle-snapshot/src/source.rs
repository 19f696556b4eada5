//! Opening source files and directories without changing them.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use nix::libc;

/// An open source file and whether O_NOATIME is in effect for it.
pub(crate) struct Source {
    pub file: File,
    pub noatime: bool,
}

/// Opens `path` read-only without following a final symlink, without
/// blocking on a FIFO, and with O_NOATIME when the kernel allows it (the
/// caller owns the file or has CAP_FOWNER); otherwise without it.
pub(crate) fn open(path: &Path, extra_flags: libc::c_int) -> io::Result<Source> {
    let flags = libc::O_NOFOLLOW | libc::O_NONBLOCK | extra_flags;
    let attempt = |noatime: bool| {
        OpenOptions::new()
            .read(true)
            .custom_flags(flags | if noatime { libc::O_NOATIME } else { 0 })
            .open(path)
    };
    match attempt(true) {
        Ok(file) => Ok(Source {
            file,
            noatime: true,
        }),
        Err(error) if error.raw_os_error() == Some(libc::EPERM) => Ok(Source {
            file: attempt(false)?,
            noatime: false,
        }),
        Err(error) => Err(error),
    }
}

/// A small text file of the host (os-release, machine-id), read without
/// touching its atime; `None` when absent or unreadable.
pub(crate) fn read_host_file(path: &Path) -> Option<String> {
    // /etc/os-release is usually a symlink into /usr/lib.
    let source = open(&std::fs::canonicalize(path).ok()?, 0).ok()?;
    let mut text = String::new();
    source.file.take(64 * 1024).read_to_string(&mut text).ok()?;
    Some(text)
}
