//! Listing directories in a stable order without touching their atimes.

use std::ffi::OsString;
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use nix::dir::Dir;
use nix::libc;

use crate::source;

/// The names in directory `path` (without `.` and `..`), sorted by their
/// bytes so the same scene always gives the same member order.
///
/// The directory is opened with O_NOATIME like any source file: listing it
/// through `std::fs::read_dir` would update its atime.
pub(crate) fn sorted_names(path: &Path) -> io::Result<Vec<OsString>> {
    let opened = source::open(path, libc::O_DIRECTORY)?;
    let mut dir = Dir::from_fd(opened.file.into()).map_err(io::Error::from)?;
    let mut names = Vec::new();
    for entry in dir.iter() {
        let entry = entry.map_err(io::Error::from)?;
        let name = entry.file_name().to_bytes();
        if name != b"." && name != b".." {
            names.push(OsString::from_vec(name.to_vec()));
        }
    }
    names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    Ok(names)
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
}
