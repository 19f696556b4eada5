//! Turning `stat` results into manifest fields.

use std::collections::HashMap;
use std::fs::Metadata;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use nix::unistd::{Gid, Group, Uid, User};
use scelle_manifest::{Item, ItemKind, LosslessText, SpecialKind, Status};

/// Owner names by id, looked up once each.
#[derive(Default)]
pub(crate) struct Names {
    users: HashMap<u32, Option<String>>,
    groups: HashMap<u32, Option<String>>,
}

impl Names {
    fn user(&mut self, uid: u32) -> Option<String> {
        self.users
            .entry(uid)
            .or_insert_with(|| {
                User::from_uid(Uid::from_raw(uid))
                    .ok()
                    .flatten()
                    .map(|user| user.name)
            })
            .clone()
    }

    fn group(&mut self, gid: u32) -> Option<String> {
        self.groups
            .entry(gid)
            .or_insert_with(|| {
                Group::from_gid(Gid::from_raw(gid))
                    .ok()
                    .flatten()
                    .map(|group| group.name)
            })
            .clone()
    }
}

/// What kind of item a `stat` result describes.
pub(crate) fn kind_of(metadata: &Metadata) -> (ItemKind, Option<SpecialKind>) {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        (ItemKind::File, None)
    } else if file_type.is_dir() {
        (ItemKind::Dir, None)
    } else if file_type.is_symlink() {
        (ItemKind::Symlink, None)
    } else if file_type.is_fifo() {
        (ItemKind::Special, Some(SpecialKind::Fifo))
    } else if file_type.is_socket() {
        (ItemKind::Special, Some(SpecialKind::Socket))
    } else if file_type.is_char_device() {
        (ItemKind::Special, Some(SpecialKind::CharDevice))
    } else {
        (ItemKind::Special, Some(SpecialKind::BlockDevice))
    }
}

/// An item for `path` with every field `stat` tells, status complete and no content yet.
pub(crate) fn item_from_metadata(path: &Path, metadata: &Metadata, names: &mut Names) -> Item {
    let (kind, special) = kind_of(metadata);
    Item {
        kind,
        path: LosslessText::from_os(path.as_os_str()),
        archive_path: None,
        status: Status::Complete,
        reason: None,
        special,
        size: metadata.size(),
        sha256: None,
        mode: format!("{:04o}", metadata.mode() & 0o7777),
        uid: metadata.uid(),
        gid: metadata.gid(),
        user: names.user(metadata.uid()),
        group: names.group(metadata.gid()),
        mtime_ns: nanos(metadata.mtime(), metadata.mtime_nsec()),
        atime_ns: nanos(metadata.atime(), metadata.atime_nsec()),
        ctime_ns: nanos(metadata.ctime(), metadata.ctime_nsec()),
        btime_ns: metadata.created().ok().and_then(system_time_ns),
        inode: metadata.ino(),
        device: metadata.dev(),
        rdev: matches!(
            special,
            Some(SpecialKind::CharDevice | SpecialKind::BlockDevice)
        )
        .then(|| metadata.rdev()),
        nlink: metadata.nlink(),
        link_target: None,
        read: None,
        image: None,
        command: None,
    }
}

/// An item for something that vanished or could not be stat'ed.
pub(crate) fn unexamined_item(path: &Path, kind: ItemKind, reason: String) -> Item {
    Item {
        kind,
        path: LosslessText::from_os(path.as_os_str()),
        archive_path: None,
        status: Status::Unreadable,
        reason: Some(reason),
        special: None,
        size: 0,
        sha256: None,
        mode: "0000".into(),
        uid: 0,
        gid: 0,
        user: None,
        group: None,
        mtime_ns: 0,
        atime_ns: 0,
        ctime_ns: 0,
        btime_ns: None,
        inode: 0,
        device: 0,
        rdev: None,
        nlink: 0,
        link_target: None,
        read: None,
        image: None,
        command: None,
    }
}

pub(crate) fn nanos(seconds: i64, nanoseconds: i64) -> i64 {
    seconds
        .saturating_mul(1_000_000_000)
        .saturating_add(nanoseconds)
}

fn system_time_ns(time: SystemTime) -> Option<i64> {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).ok(),
        Err(before) => i64::try_from(before.duration().as_nanos()).ok().map(|n| -n),
    }
}
