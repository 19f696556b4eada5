//! Directories opened relative to their parent, listed in a stable order
//! without touching their atimes.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use rustix::fs::{Dir, OFlags};

use crate::source;
use crate::stat::{Identity, Stat};

/// An open directory, what it is, and whether O_NOATIME is in effect.
pub(crate) struct OpenedDir {
    pub fd: OwnedFd,
    pub stat: Stat,
    pub noatime: bool,
}

/// Opens directory `name` in `dir` (O_DIRECTORY, O_NOATIME where allowed,
/// O_NOFOLLOW unless `follow`) and says what it is once open.
pub(crate) fn open_dir_at(
    dir: BorrowedFd<'_>,
    name: &OsStr,
    follow: bool,
) -> io::Result<OpenedDir> {
    let opened = source::open_at(dir, name, follow, OFlags::DIRECTORY)?;
    let fd = OwnedFd::from(opened.file);
    let stat = Stat::of(&fd)?;
    Ok(OpenedDir {
        fd,
        stat,
        noatime: opened.noatime,
    })
}

/// The parent of an open directory, opened through its `..` entry.
pub(crate) fn open_parent(dir: BorrowedFd<'_>) -> io::Result<OpenedDir> {
    open_dir_at(dir, OsStr::new(".."), false)
}

/// The identities of every directory above `dir`, up to `/`.
pub(crate) fn ancestors(dir: BorrowedFd<'_>) -> Vec<Identity> {
    let mut found = Vec::new();
    let Ok(mut identity) = Stat::of(dir).map(|stat| stat.identity()) else {
        return found;
    };
    let Ok(OpenedDir {
        fd: mut current, ..
    }) = open_parent(dir)
    else {
        return found;
    };
    // `/..` is `/`: stop where the parent is the directory itself.
    while let Ok(stat) = Stat::of(&current) {
        if stat.identity() == identity || found.len() > 4096 {
            break;
        }
        identity = stat.identity();
        found.push(identity);
        match open_parent(current.as_fd()) {
            Ok(parent) => current = parent.fd,
            Err(_) => break,
        }
    }
    found
}

/// The names in the open directory `dir` (without `.` and `..`), sorted by
/// their bytes so the same scene always gives the same member order.
///
/// The directory must have been opened with O_NOATIME (as [`open_dir_at`]
/// does where allowed): listing it through `std::fs::read_dir` would
/// update its atime. The listing reads through a duplicate of `dir`, which
/// shares its open flags.
pub(crate) fn sorted_names_in(dir: BorrowedFd<'_>) -> io::Result<Vec<OsString>> {
    let duplicate = rustix::io::fcntl_dupfd_cloexec(dir, 0)?;
    let mut names = Vec::new();
    for entry in Dir::new(duplicate)? {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name != b"." && name != b".." {
            names.push(OsString::from_vec(name.to_vec()));
        }
    }
    names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    Ok(names)
}

/// The names in directory `path`, as [`sorted_names_in`] lists them.
pub(crate) fn sorted_names(path: &Path) -> io::Result<Vec<OsString>> {
    let dir = open_dir_at(rustix::fs::CWD, path.as_os_str(), false)?;
    sorted_names_in(dir.fd.as_fd())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_by_bytes_without_dot_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b", "a", "B", "é", "a\nb"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let names = sorted_names(dir.path()).unwrap();
        let names: Vec<&str> = names.iter().map(|n| n.to_str().unwrap()).collect();
        assert_eq!(names, ["B", "a", "a\nb", "b", "é"]);
    }

    #[test]
    fn ancestors_reach_the_root_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let b = open_dir_at(rustix::fs::CWD, dir.path().join("a/b").as_os_str(), false).unwrap();
        let found = ancestors(b.fd.as_fd());
        let identity = |path: &Path| {
            Stat::at(rustix::fs::CWD, path.as_os_str(), true)
                .unwrap()
                .identity()
        };
        assert_eq!(found.first(), Some(&identity(&dir.path().join("a"))));
        assert_eq!(found.last(), Some(&identity(Path::new("/"))));
        assert!(found.contains(&identity(dir.path())));
    }
}
