//! A FUSE filesystem that never answers reads of some files: the real way
//! to make a `read` hang, as a dead NFS server or a stuck FUSE daemon does.
//!
//! It speaks the FUSE protocol on /dev/fuse itself (no libfuse), so the
//! test needs only root and the kernel's fuse module. Files:
//! `a-small-hung` (100 bytes) and `b-big-hung` (2 MiB) are listed and
//! opened, but their reads are never answered; `c-ok` reads normally.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// The content of `c-ok`.
pub const OK_CONTENT: &[u8] = b"this file answers\n";

const ROOT: u64 = 1;
/// (node, name, size): the files of the root directory.
const FILES: [(u64, &str, u64); 3] = [
    (2, "a-small-hung", 100),
    (3, "b-big-hung", 2 << 20),
    (4, "c-ok", OK_CONTENT.len() as u64),
];

/// A mounted hung filesystem, unmounted (lazily) when dropped.
pub struct HungFuse {
    mountpoint: PathBuf,
}

impl HungFuse {
    /// Mounts it on `mountpoint` (an empty directory) and serves it on a thread.
    pub fn mount(mountpoint: &Path) -> Self {
        let device = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/fuse")
            .expect("/dev/fuse (the fuse kernel module) is needed");
        let options = format!(
            "fd={},rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions",
            device.as_raw_fd()
        );
        nix::mount::mount(
            Some("scelle-hung"),
            mountpoint,
            Some("fuse"),
            nix::mount::MsFlags::MS_NOSUID | nix::mount::MsFlags::MS_NODEV,
            Some(options.as_str()),
        )
        .expect("mounting a FUSE filesystem (needs root)");
        std::thread::spawn(move || serve(device));
        Self {
            mountpoint: mountpoint.to_path_buf(),
        }
    }
}

impl Drop for HungFuse {
    fn drop(&mut self) {
        // Detached: gone from the tree at once, torn down when its last
        // user (a reader still blocked in it) is gone.
        let _ = nix::mount::umount2(&self.mountpoint, nix::mount::MntFlags::MNT_DETACH);
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

/// `struct fuse_attr` of `node`.
fn attr(node: u64) -> Vec<u8> {
    let (mode, size, nlink) = match FILES.iter().find(|(n, _, _)| *n == node) {
        Some((_, _, size)) => (0o100_644u32, *size, 1u32),
        None => (0o040_755, 0, 2),
    };
    let mut out = Vec::new();
    for value in [
        node,
        size,
        size.div_ceil(512),
        1_700_000_000,
        1_700_000_000,
        1_700_000_000,
    ] {
        out.extend(value.to_le_bytes());
    }
    for value in [0u32, 0, 0, mode, nlink, 0, 0, 0, 4096, 0] {
        out.extend(value.to_le_bytes());
    }
    out
}

/// Answers requests until the connection ends; reads of the hung files never.
fn serve(mut device: File) {
    let mut buffer = vec![0u8; (1 << 20) + 4096];
    loop {
        let n = match device.read(&mut buffer) {
            Ok(n) => n,
            Err(error) if error.raw_os_error() == Some(nix::libc::EINTR) => continue,
            Err(_) => return, // unmounted or aborted
        };
        let request = &buffer[..n];
        let opcode = u32_at(request, 4);
        let unique = u64_at(request, 8);
        let node = u64_at(request, 16);
        let body = &request[40..];
        let reply: Result<Vec<u8>, i32> = match opcode {
            26 => {
                // INIT: protocol 7.31, no optional features.
                let mut out = Vec::new();
                for value in [7u32, 31, u32_at(body, 8), 0] {
                    out.extend(value.to_le_bytes());
                }
                out.extend(16u16.to_le_bytes());
                out.extend(12u16.to_le_bytes());
                out.extend((128u32 << 10).to_le_bytes()); // max_write
                out.extend(1u32.to_le_bytes()); // time_gran
                out.extend([0u8; 36]);
                Ok(out)
            }
            1 => {
                // LOOKUP
                let name = &body[..body.iter().position(|&b| b == 0).unwrap_or(body.len())];
                match FILES.iter().find(|(_, n, _)| n.as_bytes() == name) {
                    Some((found, _, _)) if node == ROOT => {
                        let mut out = Vec::new();
                        for value in [*found, 0, 3600, 3600] {
                            out.extend(value.to_le_bytes());
                        }
                        out.extend([0u8; 8]);
                        out.extend(attr(*found));
                        Ok(out)
                    }
                    _ => Err(nix::libc::ENOENT),
                }
            }
            3 => {
                // GETATTR
                let mut out = Vec::new();
                out.extend(3600u64.to_le_bytes());
                out.extend([0u8; 8]);
                out.extend(attr(node));
                Ok(out)
            }
            14 | 27 => Ok([0u8; 16].to_vec()), // OPEN, OPENDIR: fh 0
            15 if node == 4 => {
                // READ of c-ok
                let offset = u64_at(body, 8) as usize;
                let size = u32_at(body, 16) as usize;
                let start = offset.min(OK_CONTENT.len());
                Ok(OK_CONTENT[start..(start + size).min(OK_CONTENT.len())].to_vec())
            }
            15 => continue, // READ of a hung file: never answered
            28 => {
                // READDIR: everything at offset 0, nothing after.
                let mut out = Vec::new();
                if u64_at(body, 8) == 0 {
                    let entries = [(ROOT, ".", 4u32), (ROOT, "..", 4)]
                        .into_iter()
                        .chain(FILES.iter().map(|(n, name, _)| (*n, *name, 8u32)));
                    for (index, (ino, name, kind)) in entries.enumerate() {
                        out.extend(ino.to_le_bytes());
                        out.extend((index as u64 + 1).to_le_bytes());
                        out.extend((name.len() as u32).to_le_bytes());
                        out.extend(kind.to_le_bytes());
                        out.extend(name.as_bytes());
                        while out.len() % 8 != 0 {
                            out.push(0);
                        }
                    }
                }
                Ok(out)
            }
            18 | 25 | 29 => Ok(Vec::new()), // RELEASE, FLUSH, RELEASEDIR
            2 | 36 | 42 => continue,        // FORGET, INTERRUPT, BATCH_FORGET: no reply
            _ => Err(nix::libc::ENOSYS),
        };
        let (error, payload) = match reply {
            Ok(payload) => (0i32, payload),
            Err(errno) => (-errno, Vec::new()),
        };
        let mut out = Vec::with_capacity(16 + payload.len());
        out.extend(((16 + payload.len()) as u32).to_le_bytes());
        out.extend(error.to_le_bytes());
        out.extend(unique.to_le_bytes());
        out.extend(payload);
        if device.write_all(&out).is_err() {
            return;
        }
    }
}
