//! A FUSE filesystem whose files fail the way real storage fails: reads
//! never answered (a dead NFS server, a stuck FUSE daemon) or answered with
//! EIO over a byte range (bad sectors, once a loop device sits on it).
//!
//! It speaks the FUSE protocol on /dev/fuse itself (no libfuse), so the
//! tests need only root and the kernel's fuse module.

use std::fs::File;
use std::io::{Read, Write};
use std::ops::Range;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

const ROOT: u64 = 1;

/// How a file answers reads.
pub enum Reads {
    /// With its content.
    Answer(Vec<u8>),
    /// Never: the read waits forever. The file has this size.
    Hang(u64),
    /// With its content, but EIO for any read touching one of the ranges.
    FailIn(Vec<u8>, Vec<Range<u64>>),
}

impl Reads {
    fn size(&self) -> u64 {
        match self {
            Reads::Answer(content) | Reads::FailIn(content, _) => content.len() as u64,
            Reads::Hang(size) => *size,
        }
    }
}

/// A mounted test filesystem, unmounted (lazily) when dropped.
pub struct TestFuse {
    mountpoint: PathBuf,
}

impl TestFuse {
    /// Mounts `files` (name, behaviour) on `mountpoint` (an empty
    /// directory) and serves them on a thread.
    pub fn mount(mountpoint: &Path, files: Vec<(&'static str, Reads)>) -> Self {
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
        std::thread::spawn(move || serve(device, files));
        Self {
            mountpoint: mountpoint.to_path_buf(),
        }
    }
}

impl Drop for TestFuse {
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

/// The files, by node: node 2 is the first.
type Files = Vec<(&'static str, Reads)>;

fn file(files: &Files, node: u64) -> Option<&(&'static str, Reads)> {
    files.get(usize::try_from(node).ok()?.checked_sub(2)?)
}

/// `struct fuse_attr` of `node`.
fn attr(files: &Files, node: u64) -> Vec<u8> {
    let (mode, size, nlink) = match file(files, node) {
        Some((_, reads)) => (0o100_644u32, reads.size(), 1u32),
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
fn serve(mut device: File, files: Files) {
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
                match files.iter().position(|(n, _)| n.as_bytes() == name) {
                    Some(index) if node == ROOT => {
                        let found = index as u64 + 2;
                        let mut out = Vec::new();
                        for value in [found, 0, 3600, 3600] {
                            out.extend(value.to_le_bytes());
                        }
                        out.extend([0u8; 8]);
                        out.extend(attr(&files, found));
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
                out.extend(attr(&files, node));
                Ok(out)
            }
            14 | 27 => Ok([0u8; 16].to_vec()), // OPEN, OPENDIR: fh 0
            15 => {
                // READ
                let offset = u64_at(body, 8);
                let size = u64::from(u32_at(body, 16));
                match file(&files, node).map(|(_, reads)| reads) {
                    Some(Reads::Hang(_)) => continue, // never answered
                    Some(Reads::FailIn(_, bad))
                        if bad
                            .iter()
                            .any(|bad| offset < bad.end && bad.start < offset + size) =>
                    {
                        Err(nix::libc::EIO)
                    }
                    Some(Reads::Answer(content) | Reads::FailIn(content, _)) => {
                        let start = (offset as usize).min(content.len());
                        let end = (start + size as usize).min(content.len());
                        Ok(content[start..end].to_vec())
                    }
                    None => Err(nix::libc::EISDIR),
                }
            }
            28 => {
                // READDIR: everything at offset 0, nothing after.
                let mut out = Vec::new();
                if u64_at(body, 8) == 0 {
                    let entries = [(ROOT, ".", 4u32), (ROOT, "..", 4)].into_iter().chain(
                        files
                            .iter()
                            .enumerate()
                            .map(|(index, (name, _))| (index as u64 + 2, *name, 8u32)),
                    );
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
            17 => {
                // STATFS, answered so that `df` run by a test in parallel
                // (the triage profile's) does not fail on this mount.
                let used = files.iter().map(|(_, reads)| reads.size()).sum::<u64>() / 512;
                let mut out = Vec::new();
                for value in [used, 0, 0, files.len() as u64 + 1, 0] {
                    out.extend(value.to_le_bytes());
                }
                for value in [512u32, 255, 512, 0] {
                    out.extend(value.to_le_bytes());
                }
                out.extend([0u8; 24]);
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
