//! Turning `stat` results into manifest fields.

use std::collections::HashMap;
use std::path::Path;

use nix::unistd::{Gid, Group, Uid, User};
use rustix::fs::FileType;
use scelle_manifest::{Item, ItemKind, LosslessText, SpecialKind, Status};

use crate::stat::Stat;

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
pub(crate) fn kind_of(stat: &Stat) -> (ItemKind, Option<SpecialKind>) {
    match stat.file_type() {
        FileType::RegularFile => (ItemKind::File, None),
        FileType::Directory => (ItemKind::Dir, None),
        FileType::Symlink => (ItemKind::Symlink, None),
        FileType::Fifo => (ItemKind::Special, Some(SpecialKind::Fifo)),
        FileType::Socket => (ItemKind::Special, Some(SpecialKind::Socket)),
        FileType::CharacterDevice => (ItemKind::Special, Some(SpecialKind::CharDevice)),
        _ => (ItemKind::Special, Some(SpecialKind::BlockDevice)),
    }
}

/// An item for `path` with every field `stat` tells, status complete and no content yet.
pub(crate) fn item_from_metadata(path: &Path, metadata: &Stat, names: &mut Names) -> Item {
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
        mode: Some(format!("{:04o}", metadata.mode())),
        uid: Some(metadata.uid()),
        gid: Some(metadata.gid()),
        user: names.user(metadata.uid()),
        group: names.group(metadata.gid()),
        mtime_ns: Some(metadata.mtime_ns()),
        atime_ns: Some(metadata.atime_ns()),
        ctime_ns: Some(metadata.ctime_ns()),
        btime_ns: metadata.btime_ns(),
        inode: Some(metadata.ino()),
        device: Some(metadata.dev()),
        rdev: matches!(
            special,
            Some(SpecialKind::CharDevice | SpecialKind::BlockDevice)
        )
        .then(|| metadata.rdev()),
        nlink: Some(metadata.nlink()),
        link_target: None,
        read: None,
        image: None,
        command: None,
        extended: None,
        listing_noatime: None,
    }
}

/// An item for something that vanished or could not be stat'ed: every
/// `stat` field null, nothing invented.
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
        mode: None,
        uid: None,
        gid: None,
        user: None,
        group: None,
        mtime_ns: None,
        atime_ns: None,
        ctime_ns: None,
        btime_ns: None,
        inode: None,
        device: None,
        rdev: None,
        nlink: None,
        link_target: None,
        read: None,
        image: None,
        command: None,
        extended: None,
        listing_noatime: None,
    }
}

pub(crate) fn nanos(seconds: i64, nanoseconds: i64) -> i64 {
    seconds
        .saturating_mul(1_000_000_000)
        .saturating_add(nanoseconds)
}
