//! What `stat` does not tell: extended attributes (with POSIX ACLs and file
//! capabilities decoded from them) and inode flags.
//!
//! Attributes are read without opening the object (a FIFO is never
//! opened) and without a path that a swapped directory could redirect:
//! through `/proc/self/fd/DIRFD/NAME`, the open directory's handle, with
//! the `l*xattr` calls that do not follow a final symlink.

use std::ffi::OsStr;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use rustix::fs::StatxAttributes;
use scelle_manifest::{Extended, LosslessText, Xattr};

/// The most bytes of attribute names, and of one value, read (the kernel's
/// own limit is 64 KiB for both).
const MAX_XATTR_BYTES: usize = 64 * 1024;

/// Extended metadata of `name` in `dir` (for a root, `name` is absolute and
/// `follow` true), with the inode flags of `stat`.
pub(crate) fn read(
    dir: BorrowedFd<'_>,
    name: &OsStr,
    follow: bool,
    attributes: StatxAttributes,
) -> Option<Box<Extended>> {
    let mut extended = Extended {
        flags: flags(attributes),
        ..Extended::default()
    };
    let path = if name.as_bytes().starts_with(b"/") {
        PathBuf::from(name)
    } else {
        PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd())).join(name)
    };
    match xattrs(&path, follow) {
        Ok(xattrs) => extended.xattrs = xattrs,
        Err(error) => extended.xattrs_error = Some(error),
    }
    for xattr in &extended.xattrs {
        let Some(value) = xattr.value.to_bytes() else {
            continue;
        };
        match xattr.name.to_bytes().as_deref() {
            Some(b"system.posix_acl_access") => extended.acl_access = acl_text(&value),
            Some(b"system.posix_acl_default") => extended.acl_default = acl_text(&value),
            Some(b"security.capability") => extended.capabilities = capabilities_text(&value),
            _ => {}
        }
    }
    (!extended.is_empty()).then(|| Box::new(extended))
}

/// The inode flags among `attributes` (those `chattr` sets, and the
/// filesystem's own).
fn flags(attributes: StatxAttributes) -> Vec<String> {
    [
        (StatxAttributes::IMMUTABLE, "immutable"),
        (StatxAttributes::APPEND, "append-only"),
        (StatxAttributes::NODUMP, "nodump"),
        (StatxAttributes::COMPRESSED, "compressed"),
        (StatxAttributes::ENCRYPTED, "encrypted"),
        (StatxAttributes::VERITY, "verity"),
        (StatxAttributes::DAX, "dax"),
    ]
    .into_iter()
    .filter(|(flag, _)| attributes.contains(*flag))
    .map(|(_, name)| name.to_string())
    .collect()
}

/// Every attribute of `path`, sorted by name. A filesystem without
/// extended attributes has none, which is not an error.
fn xattrs(path: &PathBuf, follow: bool) -> Result<Vec<Xattr>, String> {
    let mut names = vec![0u8; MAX_XATTR_BYTES];
    let listed = if follow {
        rustix::fs::listxattr(path, &mut names[..])
    } else {
        rustix::fs::llistxattr(path, &mut names[..])
    };
    let length = match listed {
        Ok(length) => length,
        Err(rustix::io::Errno::NOTSUP) => return Ok(Vec::new()),
        Err(error) => return Err(format!("cannot list extended attributes: {error}")),
    };
    let mut found = Vec::new();
    for name in names[..length]
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
    {
        let name = OsStr::from_bytes(name);
        let mut value = vec![0u8; MAX_XATTR_BYTES];
        let read = if follow {
            rustix::fs::getxattr(path, name, &mut value[..])
        } else {
            rustix::fs::lgetxattr(path, name, &mut value[..])
        };
        match read {
            Ok(length) => found.push(Xattr {
                name: LosslessText::from_os(name),
                value: LosslessText::from_bytes(&value[..length]),
            }),
            // Removed between listing and reading.
            Err(rustix::io::Errno::NODATA) => {}
            Err(error) => {
                return Err(format!(
                    "cannot read extended attribute {}: {error}",
                    name.to_string_lossy()
                ))
            }
        }
    }
    found.sort_by_key(|xattr| xattr.name.to_bytes());
    Ok(found)
}

/// A POSIX ACL xattr value (version 2: 4-byte header, then 8-byte entries
/// of tag, permissions and id, little-endian) in `getfacl`'s short numeric
/// form; `None` when it does not parse.
fn acl_text(value: &[u8]) -> Option<String> {
    let (header, entries) = value.split_at_checked(4)?;
    if u32::from_le_bytes(header.try_into().ok()?) != 2 || entries.len() % 8 != 0 {
        return None;
    }
    let mut parts = Vec::new();
    for entry in entries.chunks_exact(8) {
        let tag = u16::from_le_bytes([entry[0], entry[1]]);
        let perm = u16::from_le_bytes([entry[2], entry[3]]);
        let id = u32::from_le_bytes([entry[4], entry[5], entry[6], entry[7]]);
        let rwx: String = [(4, 'r'), (2, 'w'), (1, 'x')]
            .iter()
            .map(|&(bit, c)| if perm & bit != 0 { c } else { '-' })
            .collect();
        let who = match tag {
            0x01 => "user::".to_string(),
            0x02 => format!("user:{id}:"),
            0x04 => "group::".to_string(),
            0x08 => format!("group:{id}:"),
            0x10 => "mask::".to_string(),
            0x20 => "other::".to_string(),
            _ => return None,
        };
        parts.push(format!("{who}{rwx}"));
    }
    Some(parts.join(","))
}

/// The capability names by bit, as `capability.h` and `getcap` spell them.
const CAPABILITY_NAMES: [&str; 41] = [
    "chown",
    "dac_override",
    "dac_read_search",
    "fowner",
    "fsetid",
    "kill",
    "setgid",
    "setuid",
    "setpcap",
    "linux_immutable",
    "net_bind_service",
    "net_broadcast",
    "net_admin",
    "net_raw",
    "ipc_lock",
    "ipc_owner",
    "sys_module",
    "sys_rawio",
    "sys_chroot",
    "sys_ptrace",
    "sys_pacct",
    "sys_admin",
    "sys_boot",
    "sys_nice",
    "sys_resource",
    "sys_time",
    "sys_tty_config",
    "mknod",
    "lease",
    "audit_write",
    "audit_control",
    "setfcap",
    "mac_override",
    "mac_admin",
    "syslog",
    "wake_alarm",
    "block_suspend",
    "audit_read",
    "perfmon",
    "bpf",
    "checkpoint_restore",
];

/// A `security.capability` value (`struct vfs_cap_data`, revision 1, 2 or
/// 3) as `getcap` writes it: capabilities with the same flags grouped,
/// `e` when the effective bit is set; `None` when it does not parse.
fn capabilities_text(value: &[u8]) -> Option<String> {
    let word = |index: usize| -> Option<u32> {
        Some(u32::from_le_bytes(
            value.get(index * 4..index * 4 + 4)?.try_into().ok()?,
        ))
    };
    let magic = word(0)?;
    let effective = magic & 1 != 0;
    let (permitted, inheritable, rootid) = match (magic & 0xff00_0000, value.len()) {
        (0x0100_0000, 12) => (u64::from(word(1)?), u64::from(word(2)?), None),
        (0x0200_0000, 20) => (
            u64::from(word(1)?) | u64::from(word(3)?) << 32,
            u64::from(word(2)?) | u64::from(word(4)?) << 32,
            None,
        ),
        (0x0300_0000, 24) => (
            u64::from(word(1)?) | u64::from(word(3)?) << 32,
            u64::from(word(2)?) | u64::from(word(4)?) << 32,
            Some(word(5)?),
        ),
        _ => return None,
    };
    // Flags of each capability, then capabilities grouped by flags in bit order.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for bit in 0..64 {
        let (p, i) = (permitted >> bit & 1 != 0, inheritable >> bit & 1 != 0);
        if !p && !i {
            continue;
        }
        let flags = format!(
            "{}{}{}",
            if effective { "e" } else { "" },
            if i { "i" } else { "" },
            if p { "p" } else { "" }
        );
        let name = CAPABILITY_NAMES
            .get(bit)
            .map_or_else(|| format!("cap_{bit}"), |name| format!("cap_{name}"));
        match groups.iter_mut().find(|(group, _)| *group == flags) {
            Some((_, names)) => names.push(name),
            None => groups.push((flags, vec![name])),
        }
    }
    let mut text = groups
        .iter()
        .map(|(flags, names)| format!("{}={flags}", names.join(",")))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(rootid) = rootid {
        text.push_str(&format!(" [rootid={rootid}]"));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acls_decode_to_getfacl_short_form() {
        let mut value = 2u32.to_le_bytes().to_vec();
        for (tag, perm, id) in [
            (1u16, 6u16, u32::MAX),
            (2, 4, 1000),
            (4, 4, u32::MAX),
            (0x10, 4, u32::MAX),
            (0x20, 0, u32::MAX),
        ] {
            value.extend(tag.to_le_bytes());
            value.extend(perm.to_le_bytes());
            value.extend(id.to_le_bytes());
        }
        assert_eq!(
            acl_text(&value).unwrap(),
            "user::rw-,user:1000:r--,group::r--,mask::r--,other::---"
        );
        assert_eq!(acl_text(&value[..7]), None);
    }

    #[test]
    fn capabilities_decode_like_getcap() {
        // setcap cap_setuid,cap_net_raw=ep: revision 2, effective.
        let mut value = 0x0200_0001u32.to_le_bytes().to_vec();
        let permitted: u32 = 1 << 7 | 1 << 13;
        for word in [permitted, 0, 0, 0] {
            value.extend(word.to_le_bytes());
        }
        assert_eq!(
            capabilities_text(&value).unwrap(),
            "cap_setuid,cap_net_raw=ep"
        );
        // Revision 3 with a root id, inheritable only.
        let mut value = 0x0300_0000u32.to_le_bytes().to_vec();
        for word in [0u32, 1 << 21, 0, 0, 100_000] {
            value.extend(word.to_le_bytes());
        }
        assert_eq!(
            capabilities_text(&value).unwrap(),
            "cap_sys_admin=i [rootid=100000]"
        );
        assert_eq!(capabilities_text(&[1, 2, 3]), None);
    }
}
