//! Reading a disk, volume or image file once: whole and piecewise SHA-256,
//! optional extra digests, and sector-level retries around read errors.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;

use md5::Md5;
use scelle_hash::Sha256Digest;
use scelle_manifest::{ByteRange, DeviceFacts, ImageRecord};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::device::partition_table;
use crate::direct::DirectSectors;

/// Below this many bytes, a failing area is read sector by sector rather
/// than halved again.
const SCAN_BELOW: usize = 64 << 10;

/// Default piece size for piecewise hashes: 64 MiB.
pub const DEFAULT_PIECE_SIZE: u64 = 64 << 20;

/// How images are read.
#[derive(Clone, Debug)]
pub struct ImageOptions {
    /// Piece size for piecewise SHA-256.
    pub piece_size: u64,
    /// Abort the freeze after this many unreadable sectors.
    pub max_errors: Option<u64>,
    /// Extra digests: `md5`, `sha1`.
    pub extra_hashes: Vec<String>,
}

impl Default for ImageOptions {
    fn default() -> Self {
        Self {
            piece_size: DEFAULT_PIECE_SIZE,
            max_errors: None,
            extra_hashes: Vec::new(),
        }
    }
}

/// Anything that can be read at an offset: a device, a file, a test double.
pub(crate) trait ReadAt {
    fn read_at(&self, buffer: &mut [u8], offset: u64) -> io::Result<usize>;

    /// Called once a failed area has been salvaged.
    fn recovered(&self) {}
}

impl ReadAt for std::fs::File {
    fn read_at(&self, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
        FileExt::read_at(self, buffer, offset)
    }

    /// Linux cuts a file's read-ahead window on every read error (to a
    /// quarter each time), so after one bad area the rest of a disk was
    /// read page by page, ten times slower (measured on the bad-sector
    /// benchmark); resetting the access pattern restores the window.
    fn recovered(&self) {
        let _ = rustix::fs::fadvise(self, 0, None, rustix::fs::Advice::Normal);
    }
}

/// An extra digest on the same stream.
enum Extra {
    Md5(Md5),
    Sha1(Sha1),
}

impl Extra {
    fn new(name: &str) -> Option<Self> {
        match name {
            "md5" => Some(Extra::Md5(Md5::new())),
            "sha1" => Some(Extra::Sha1(Sha1::new())),
            _ => None,
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Extra::Md5(hasher) => hasher.update(data),
            Extra::Sha1(hasher) => hasher.update(data),
        }
    }

    fn finish(self) -> String {
        let bytes: Vec<u8> = match self {
            Extra::Md5(hasher) => hasher.finalize().to_vec(),
            Extra::Sha1(hasher) => hasher.finalize().to_vec(),
        };
        scelle_hash::hex::encode(&bytes)
    }
}

/// The names [`ImageOptions::extra_hashes`] accepts.
pub const EXTRA_HASHES: [&str; 2] = ["md5", "sha1"];

/// Yields exactly `size` bytes of the source, bad sectors as zeros.
pub(crate) struct ImageReader<S> {
    source: S,
    size: u64,
    position: u64,
    sector: u64,
    max_errors: Option<u64>,
    piece_size: u64,
    piece: Sha256,
    piece_filled: u64,
    pieces: Vec<Sha256Digest>,
    extras: Vec<(String, Extra)>,
    first_bytes: Vec<u8>,
    zero_bytes_read: u64,
    zero_bytes_filled: u64,
    ranges: Vec<ByteRange>,
    bad_sectors: u64,
    /// Set when `max_errors` was exceeded: the freeze must stop.
    pub aborted: Option<String>,
    /// Sector retries past the page cache, for a block device.
    direct: Option<DirectSectors>,
}

impl<S: ReadAt> ImageReader<S> {
    pub fn new(source: S, size: u64, sector: u64, options: &ImageOptions) -> Self {
        Self {
            source,
            size,
            position: 0,
            sector: sector.max(512),
            max_errors: options.max_errors,
            piece_size: options.piece_size.max(1),
            piece: Sha256::new(),
            piece_filled: 0,
            pieces: Vec::new(),
            extras: options
                .extra_hashes
                .iter()
                .filter_map(|name| Some((name.clone(), Extra::new(name)?)))
                .collect(),
            first_bytes: Vec::new(),
            zero_bytes_read: 0,
            zero_bytes_filled: 0,
            ranges: Vec::new(),
            bad_sectors: 0,
            aborted: None,
            direct: None,
        }
    }

    /// Retries sectors through `direct` (the same block device, opened
    /// with O_DIRECT), so a bad sector costs only itself.
    pub fn with_direct(mut self, direct: DirectSectors) -> Self {
        self.direct = Some(direct);
        self
    }

    /// One read at `offset` for a sector retry: past the page cache when
    /// it can be.
    fn read_for_retry(&mut self, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
        if let Some(read) = self
            .direct
            .as_mut()
            .and_then(|direct| direct.read_sector(buffer, offset))
        {
            return read;
        }
        self.source.read_at(buffer, offset)
    }

    /// What the reading established (the whole-image SHA-256 is the member's).
    pub fn finish(mut self, mut device: DeviceFacts) -> ImageRecord {
        if self.piece_filled > 0 {
            self.pieces
                .push(Sha256Digest::from_bytes(self.piece.finalize().into()));
        }
        device.partition_table = partition_table(&self.first_bytes, self.sector as usize);
        ImageRecord {
            piece_size: self.piece_size,
            pieces: self.pieces,
            retry_sector_size: self.sector,
            unreadable_ranges: self.ranges,
            zero_bytes_read: self.zero_bytes_read,
            zero_bytes_filled: self.zero_bytes_filled,
            extra_hashes: self
                .extras
                .into_iter()
                .map(|(name, hasher)| (name, hasher.finish()))
                .collect::<BTreeMap<_, _>>(),
            device,
        }
    }

    /// Fills `buffer` from the source; on an error, sector by sector, zeros
    /// where a sector cannot be read.
    fn fill(&mut self, buffer: &mut [u8]) -> io::Result<()> {
        let mut done = 0;
        while done < buffer.len() {
            let offset = self.position + done as u64;
            match self.source.read_at(&mut buffer[done..], offset) {
                Ok(0) => {
                    let missing = (buffer.len() - done) as u64;
                    self.unreadable(
                        &mut buffer[done..],
                        offset,
                        "the source ended before its announced size",
                    )?;
                    self.zero_bytes_filled += missing;
                    done = buffer.len();
                }
                Ok(n) => {
                    self.count_zeros(&buffer[done..done + n]);
                    done += n;
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.salvage(&mut buffer[done..], offset)?;
                    self.source.recovered();
                    done = buffer.len();
                }
            }
        }
        Ok(())
    }

    /// Reads `buffer` at `offset` after a read of it failed, as few reads
    /// as a bad area allows: halves are read whole and split again where
    /// they fail, down to [`SCAN_BELOW`] bytes, within which every sector
    /// is read on its own (the bad ones become zeros). A whole bad area
    /// costs one failed read per sector plus a few dozen; one bad sector in
    /// a large read costs some twenty reads, not one per sector of it.
    fn salvage(&mut self, buffer: &mut [u8], offset: u64) -> io::Result<()> {
        let sector = self.sector as usize;
        if buffer.len() <= SCAN_BELOW.max(sector) {
            let mut done = 0;
            while done < buffer.len() {
                let at = offset + done as u64;
                let end = buffer
                    .len()
                    .min(done + sector - (at % self.sector) as usize);
                self.retry_sector(&mut buffer[done..end], at)?;
                done = end;
            }
            return Ok(());
        }
        // Split on a sector boundary of the device.
        let middle = offset + buffer.len() as u64 / 2;
        let half = (middle - middle % self.sector - offset) as usize;
        let (first, second) = buffer.split_at_mut(half.max(sector));
        for (part, at) in [(first, offset), (second, offset + half.max(sector) as u64)] {
            if self.read_whole(part, at) {
                self.count_zeros(part);
            } else {
                self.salvage(part, at)?;
            }
        }
        Ok(())
    }

    /// Whether `buffer` could be read whole at `offset`.
    fn read_whole(&mut self, buffer: &mut [u8], offset: u64) -> bool {
        let mut filled = 0;
        while filled < buffer.len() {
            match self
                .source
                .read_at(&mut buffer[filled..], offset + filled as u64)
            {
                Ok(0) => return false,
                Ok(n) => filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        true
    }

    /// One sector (or what is left of it) after a failed large read.
    fn retry_sector(&mut self, buffer: &mut [u8], offset: u64) -> io::Result<()> {
        let mut filled = 0;
        while filled < buffer.len() {
            match self.read_for_retry(&mut buffer[filled..], offset + filled as u64) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    self.bad_sectors += 1;
                    self.zero_bytes_filled += buffer.len() as u64;
                    return self.unreadable(buffer, offset, &error.to_string());
                }
            }
        }
        if filled < buffer.len() {
            self.zero_bytes_filled += (buffer.len() - filled) as u64;
            return self.unreadable(
                &mut buffer[filled..],
                offset + filled as u64,
                "the source ended before its announced size",
            );
        }
        self.count_zeros(buffer);
        Ok(())
    }

    /// Zero-fills `buffer`, records its range (merged with the previous one
    /// when adjacent), and enforces `max_errors`.
    fn unreadable(&mut self, buffer: &mut [u8], offset: u64, error: &str) -> io::Result<()> {
        buffer.fill(0);
        let length = buffer.len() as u64;
        match self.ranges.last_mut() {
            Some(last) if last.offset + last.length == offset => last.length += length,
            _ => self.ranges.push(ByteRange {
                offset,
                length,
                error: error.to_string(),
            }),
        }
        if let Some(limit) = self.max_errors {
            if self.bad_sectors > limit {
                let message = format!("more than {limit} unreadable sectors (--max-errors); imaging stopped at byte {offset}");
                self.aborted = Some(message.clone());
                return Err(io::Error::other(message));
            }
        }
        Ok(())
    }

    fn count_zeros(&mut self, data: &[u8]) {
        let zero_block = |block: &[u8]| block.chunks_exact(8).all(|word| word == [0u8; 8]);
        self.zero_bytes_read += data
            .chunks_exact(4096)
            .filter(|block| zero_block(block))
            .count() as u64
            * 4096;
    }

    fn account(&mut self, mut data: &[u8]) {
        if self.first_bytes.len() < 8192 {
            let take = data.len().min(8192 - self.first_bytes.len());
            self.first_bytes.extend_from_slice(&data[..take]);
        }
        for (_, hasher) in &mut self.extras {
            hasher.update(data);
        }
        while !data.is_empty() {
            let room = (self.piece_size - self.piece_filled) as usize;
            let take = data.len().min(room);
            self.piece.update(&data[..take]);
            self.piece_filled += take as u64;
            data = &data[take..];
            if self.piece_filled == self.piece_size {
                let done = std::mem::take(&mut self.piece);
                self.pieces
                    .push(Sha256Digest::from_bytes(done.finalize().into()));
                self.piece_filled = 0;
            }
        }
    }
}

impl<S: ReadAt> Read for ImageReader<S> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.aborted.is_some() || self.position >= self.size {
            return Ok(0);
        }
        let want = buffer
            .len()
            .min(usize::try_from(self.size - self.position).unwrap_or(usize::MAX));
        self.fill(&mut buffer[..want])?;
        self.account(&buffer[..want]);
        self.position += want as u64;
        Ok(want)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk whose chosen byte ranges fail to read.
    struct FaultyDisk {
        data: Vec<u8>,
        /// Failing byte ranges, as (start, end).
        bad: Vec<(u64, u64)>,
        /// Reads that failed, to count the cost of a bad area.
        failed_reads: std::cell::Cell<u64>,
    }

    impl FaultyDisk {
        fn new(data: Vec<u8>, bad: Vec<(u64, u64)>) -> Self {
            Self {
                data,
                bad,
                failed_reads: std::cell::Cell::new(0),
            }
        }
    }

    impl ReadAt for &FaultyDisk {
        fn read_at(&self, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
            (*self).read_at(buffer, offset)
        }
    }

    impl ReadAt for FaultyDisk {
        fn read_at(&self, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
            let end = (offset + buffer.len() as u64).min(self.data.len() as u64);
            if offset >= end {
                return Ok(0);
            }
            if self
                .bad
                .iter()
                .any(|&(start, stop)| start < end && offset < stop)
            {
                self.failed_reads.set(self.failed_reads.get() + 1);
                return Err(io::Error::from_raw_os_error(5));
            }
            let n = (end - offset) as usize;
            buffer[..n].copy_from_slice(&self.data[offset as usize..end as usize]);
            Ok(n)
        }
    }

    fn disk(size: usize) -> Vec<u8> {
        (0..size).map(|i| (i % 251) as u8 + 1).collect()
    }

    fn read_all(reader: &mut impl Read) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let n = reader.read(&mut buffer).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buffer[..n]);
        }
    }

    #[test]
    fn bad_sectors_become_zeros_and_ranges_everything_else_intact() {
        let data = disk(1 << 20);
        let bad = vec![(4096, 5000), (70_000, 70_100), (70_100, 71_000)];
        let source = FaultyDisk::new(data.clone(), bad);
        let mut reader = ImageReader::new(source, data.len() as u64, 512, &ImageOptions::default());
        let out = read_all(&mut reader);
        assert_eq!(out.len(), data.len());
        let record = reader.finish(DeviceFacts::default());
        let ranges: Vec<(u64, u64)> = record
            .unreadable_ranges
            .iter()
            .map(|r| (r.offset, r.length))
            .collect();
        // Sector granularity: 4096..5120 and 69632..71168.
        assert_eq!(ranges, [(4096, 1024), (69_632, 1536)]);
        for (offset, length) in &ranges {
            assert!(out[*offset as usize..(offset + length) as usize]
                .iter()
                .all(|&b| b == 0));
        }
        let mut expected = data.clone();
        for (offset, length) in &ranges {
            expected[*offset as usize..(offset + length) as usize].fill(0);
        }
        assert_eq!(out, expected, "every readable byte is intact");
        assert_eq!(record.zero_bytes_filled, 1024 + 1536);
        assert!(record.unreadable_ranges[0]
            .error
            .contains("Input/output error"));
    }

    #[test]
    fn a_bad_area_costs_about_one_failed_read_per_sector() {
        // 1 MiB of bad sectors in the middle of 8 MiB, read in 1 MiB reads.
        let data = disk(8 << 20);
        let source = FaultyDisk::new(data.clone(), vec![(3 << 20, 4 << 20)]);
        let mut reader =
            ImageReader::new(&source, data.len() as u64, 512, &ImageOptions::default());
        let mut buffer = vec![0u8; 1 << 20];
        while reader.read(&mut buffer).unwrap() > 0 {}
        let record = reader.finish(DeviceFacts::default());
        assert_eq!(record.unreadable_ranges.len(), 1);
        assert_eq!(
            (
                record.unreadable_ranges[0].offset,
                record.unreadable_ranges[0].length
            ),
            (3 << 20, 1 << 20)
        );
        let sectors = (1 << 20) / 512;
        let failed = source.failed_reads.get();
        assert!(
            failed >= sectors && failed <= sectors + 32,
            "{failed} failed reads"
        );

        // One bad sector in a 1 MiB read: a few dozen reads, not 2,048.
        let single = FaultyDisk::new(data.clone(), vec![(5 << 20, (5 << 20) + 512)]);
        let mut reader =
            ImageReader::new(&single, data.len() as u64, 512, &ImageOptions::default());
        while reader.read(&mut buffer).unwrap() > 0 {}
        assert!(
            single.failed_reads.get() <= 16,
            "{}",
            single.failed_reads.get()
        );
        let record = reader.finish(DeviceFacts::default());
        assert_eq!(record.unreadable_ranges[0].length, 512);
    }

    #[test]
    fn max_errors_aborts() {
        let data = disk(1 << 16);
        let source = FaultyDisk::new(data.clone(), vec![(0, 4096)]);
        let options = ImageOptions {
            max_errors: Some(3),
            ..ImageOptions::default()
        };
        let mut reader = ImageReader::new(source, data.len() as u64, 512, &options);
        let mut buffer = vec![0u8; 1 << 16];
        assert!(reader.read(&mut buffer).is_err());
        assert!(reader.aborted.as_ref().unwrap().contains("more than 3"));
    }

    #[test]
    fn pieces_and_extra_hashes_cover_the_stream() {
        let data = disk(300_000);
        let options = ImageOptions {
            piece_size: 100_000,
            max_errors: None,
            extra_hashes: vec!["md5".into(), "sha1".into()],
        };
        let source = FaultyDisk::new(data.clone(), vec![]);
        let mut reader = ImageReader::new(source, data.len() as u64, 512, &options);
        assert_eq!(read_all(&mut reader), data);
        let record = reader.finish(DeviceFacts::default());
        let expected: Vec<Sha256Digest> = data.chunks(100_000).map(Sha256Digest::of).collect();
        assert_eq!(record.pieces, expected);
        assert_eq!(record.extra_hashes["md5"].len(), 32);
        assert_eq!(record.extra_hashes["sha1"].len(), 40);
        assert_eq!(record.zero_bytes_read, 0);
    }

    #[test]
    fn source_shorter_than_announced_is_padded_and_recorded() {
        let data = disk(10_000);
        let source = FaultyDisk::new(data.clone(), vec![]);
        let mut reader = ImageReader::new(source, 12_000, 512, &ImageOptions::default());
        let out = read_all(&mut reader);
        assert_eq!(out.len(), 12_000);
        let record = reader.finish(DeviceFacts::default());
        assert_eq!(record.unreadable_ranges[0].offset, 10_000);
        assert_eq!(record.zero_bytes_filled, 2_000);
    }
}
