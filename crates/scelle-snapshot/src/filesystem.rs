//! What kind of filesystem a file lies on, as far as reading it goes.
//!
//! The kind is looked up by device in the mount table
//! (`/proc/self/mountinfo`), never by asking the filesystem (`statfs`): a
//! hung network or FUSE filesystem would not answer that either.

use std::collections::HashMap;

use crate::stat::Stat;

/// How files of a filesystem are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Filesystem {
    /// A disk, tmpfs, overlay...: sizes are true, reads return.
    Ordinary,
    /// A kernel pseudo filesystem (procfs, sysfs, debugfs, tracefs,
    /// securityfs, cgroup, configfs, efivarfs, pstore, bpf): sizes say
    /// nothing of the content, and links lead back into the host.
    Pseudo,
    /// A network or user-space filesystem (NFS, SMB, 9p, Ceph, AFS, Lustre,
    /// FUSE, ...): a read may block forever, in a wait no signal ends, when
    /// the server or daemon stops answering.
    Remote,
}

const PSEUDO: [&str; 11] = [
    "proc",
    "sysfs",
    "debugfs",
    "tracefs",
    "securityfs",
    "cgroup",
    "cgroup2",
    "configfs",
    "efivarfs",
    "pstore",
    "bpf",
];

const REMOTE: [&str; 13] = [
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "ceph",
    "afs",
    "coda",
    "lustre",
    "gfs2",
    "ocfs2",
    "glusterfs",
];

impl Filesystem {
    /// The kind of a filesystem type as the mount table names it.
    fn of_type(fs_type: &str) -> Self {
        if PSEUDO.contains(&fs_type) {
            Filesystem::Pseudo
        } else if REMOTE.contains(&fs_type)
            || fs_type == "fuse"
            || fs_type.starts_with("fuse.")
            || fs_type == "fuseblk"
        {
            Filesystem::Remote
        } else {
            Filesystem::Ordinary
        }
    }
}

/// The kind of each mounted device's filesystem.
pub(crate) struct Filesystems {
    by_device: HashMap<u64, Filesystem>,
}

impl Filesystems {
    /// The mount table as it is now.
    pub fn read() -> Self {
        let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        Self {
            by_device: parse_mountinfo(&text),
        }
    }

    /// The kind of filesystem `stat` lies on; a device the table does not
    /// know (a mount made since, a btrfs subvolume) makes it read again
    /// once, and is ordinary if still unknown.
    pub fn of(&mut self, stat: &Stat) -> Filesystem {
        if let Some(kind) = self.by_device.get(&stat.dev()) {
            return *kind;
        }
        let fresh = Self::read().by_device;
        self.by_device.extend(fresh);
        *self
            .by_device
            .entry(stat.dev())
            .or_insert(Filesystem::Ordinary)
    }
}

/// Device (encoded as `st_dev`) to filesystem kind, from mountinfo lines:
/// `ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [TAGS...] - TYPE SOURCE ...`.
fn parse_mountinfo(text: &str) -> HashMap<u64, Filesystem> {
    text.lines()
        .filter_map(|line| {
            let (before, after) = line.split_once(" - ")?;
            let (major, minor) = before.split(' ').nth(2)?.split_once(':')?;
            let device = rustix::fs::makedev(major.parse().ok()?, minor.parse().ok()?);
            let fs_type = after.split(' ').next()?;
            Some((device, Filesystem::of_type(fs_type)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo_lines_give_each_device_its_kind() {
        let table = parse_mountinfo(
            "22 1 0:21 / /proc rw,nosuid - proc proc rw\n\
             30 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n\
             41 30 0:45 / /mnt/share rw master:2 - nfs4 srv:/export rw\n\
             42 30 0:46 / /mnt/sshfs rw - fuse.sshfs u@h: rw\n\
             garbage line\n",
        );
        assert_eq!(table[&rustix::fs::makedev(0, 21)], Filesystem::Pseudo);
        assert_eq!(table[&rustix::fs::makedev(254, 0)], Filesystem::Ordinary);
        assert_eq!(table[&rustix::fs::makedev(0, 45)], Filesystem::Remote);
        assert_eq!(table[&rustix::fs::makedev(0, 46)], Filesystem::Remote);
        assert_eq!(table.len(), 4);
    }

    #[test]
    fn proc_is_pseudo_here() {
        let stat = Stat::at(
            rustix::fs::CWD,
            std::ffi::OsStr::new("/proc/self/status"),
            true,
        )
        .unwrap();
        assert_eq!(Filesystems::read().of(&stat), Filesystem::Pseudo);
    }
}
