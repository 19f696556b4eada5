//! Sector reads that bypass the page cache (`O_DIRECT`): through a block
//! device's page cache, one bad 512-byte sector fails its whole 4 KiB page,
//! and seven good sectors would be recorded unreadable with it.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

/// O_DIRECT wants the buffer aligned; 4096 covers every logical sector size
/// up to it.
const ALIGNMENT: usize = 4096;

/// A block device opened with `O_DIRECT`, and a buffer aligned for it.
pub(crate) struct DirectSectors {
    file: File,
    buffer: Vec<u8>,
    start: usize,
    sector: usize,
}

impl DirectSectors {
    /// Reads of whole `sector`-byte sectors of `file` (opened with O_DIRECT).
    pub fn new(file: File, sector: usize) -> Self {
        let buffer = vec![0u8; sector + ALIGNMENT];
        let start = (ALIGNMENT - buffer.as_ptr() as usize % ALIGNMENT) % ALIGNMENT;
        Self {
            file,
            buffer,
            start,
            sector,
        }
    }

    /// Reads the sector at `offset` into `out`; `None` when the request is
    /// not one whole aligned sector (the caller reads through the cache).
    pub fn read_sector(&mut self, out: &mut [u8], offset: u64) -> Option<io::Result<usize>> {
        if out.len() != self.sector || !offset.is_multiple_of(self.sector as u64) {
            return None;
        }
        let aligned = &mut self.buffer[self.start..self.start + self.sector];
        Some(
            self.file
                .read_at(aligned, offset)
                .inspect(|&n| out[..n].copy_from_slice(&aligned[..n])),
        )
    }
}
