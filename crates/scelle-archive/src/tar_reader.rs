//! A tar reader for hostile input: every header is checked, pax headers are
//! capped, and nothing is allocated from a size the archive claims.

use std::io::{self, Read};

/// Largest pax extended header accepted (scelle writes a few hundred bytes).
const MAX_PAX_HEADER: u64 = 1 << 20;
/// Most zero bytes accepted after the end marker. GNU tar and Python's
/// tarfile pad to a 10240-byte record (`tar -b 2048` to 1 MiB); zeros beyond
/// that are not padding any tool writes, and reading them costs time.
pub const MAX_ZERO_PADDING: u64 = 1 << 20;
const BLOCK: usize = 512;

/// A member header, with pax overrides applied.
#[derive(Debug)]
pub struct MemberHeader {
    /// Name bytes (pax `path` if present, else ustar prefix/name).
    pub name: Vec<u8>,
    /// Content size (pax `size` if present).
    pub size: u64,
    /// The ustar typeflag.
    pub typeflag: u8,
    /// The ustar modification time, when the field holds a number.
    pub mtime: Option<u64>,
    /// Every header byte as read: the pax header block, its records and
    /// their padding (when there is one), then the ustar block.
    pub raw: Vec<u8>,
}

impl MemberHeader {
    /// Whether this is a regular file (`0`, or NUL in old archives).
    pub fn is_regular(&self) -> bool {
        matches!(self.typeflag, b'0' | b'\0')
    }

    /// Bytes of content that follow the header: links, devices, directories
    /// and FIFOs have none whatever their size field says.
    pub fn content_size(&self) -> u64 {
        if matches!(self.typeflag, b'1'..=b'6') {
            0
        } else {
            self.size
        }
    }
}

/// What the next step of the archive is.
#[derive(Debug)]
pub enum Next {
    /// A member; its content must be read or skipped before the next call.
    Member(MemberHeader),
    /// The end marker (two zero blocks).
    End,
}

/// Structural problems that stop parsing.
#[derive(Debug)]
pub enum TarProblem {
    /// The stream ended inside a header or member.
    Truncated(String),
    /// A header or pax record is corrupt or unsupported.
    Corrupt(String),
    /// Data after the end marker.
    Trailing(String),
    /// Reading the underlying stream failed.
    Read(io::Error),
}

/// Reads tar headers and content from `inner`.
pub struct TarReader<R> {
    inner: R,
    /// Offset in the tar stream, for messages.
    pub offset: u64,
    /// Content is read through this, allocated once: a zeroed 1 MiB
    /// buffer per member cost two thirds of the time on a million members.
    buffer: Vec<u8>,
}

impl<R: Read> TarReader<R> {
    /// A reader of the tar stream `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            buffer: vec![0u8; 1 << 20],
        }
    }

    /// The underlying reader (to look for data after the end marker).
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The underlying reader, borrowed.
    pub fn content_reader(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The next header, applying a preceding pax `x` header.
    pub fn next_member(&mut self) -> Result<Next, TarProblem> {
        let mut overrides = PaxOverrides::default();
        let mut raw = Vec::new();
        loop {
            let header_offset = self.offset;
            let block = self.block("header")?;
            if block.iter().all(|&b| b == 0) {
                let second = self.block("end marker")?;
                if second.iter().any(|&b| b != 0) {
                    return Err(TarProblem::Corrupt(format!(
                        "a single zero block at offset {header_offset} is followed by data"
                    )));
                }
                if overrides.any() {
                    return Err(TarProblem::Corrupt(
                        "pax header not followed by a member".into(),
                    ));
                }
                return Ok(Next::End);
            }
            check_checksum(&block, header_offset)?;
            let header = tar::Header::from_byte_slice(&block);
            let typeflag = block[156];
            let size = header.size().map_err(|_| {
                TarProblem::Corrupt(format!(
                    "unreadable size in header at offset {header_offset}"
                ))
            })?;
            match typeflag {
                b'x' => {
                    if overrides.any() {
                        return Err(TarProblem::Corrupt(format!(
                            "two pax headers in a row at offset {header_offset}"
                        )));
                    }
                    if size > MAX_PAX_HEADER {
                        return Err(TarProblem::Corrupt(format!(
                            "pax header at offset {header_offset} claims {size} bytes (limit {MAX_PAX_HEADER})"
                        )));
                    }
                    let mut records = vec![0u8; size as usize];
                    self.exact(&mut records, "pax header")?;
                    self.skip_padding(size)?;
                    overrides = parse_pax(&records, header_offset)?;
                    raw.extend_from_slice(&block);
                    raw.extend_from_slice(&records);
                    raw.resize(raw.len().next_multiple_of(BLOCK), 0);
                }
                b'g' => {
                    return Err(TarProblem::Corrupt(format!(
                        "global pax header at offset {header_offset} (scelle never writes one)"
                    )))
                }
                _ => {
                    let name = match overrides.path.take() {
                        Some(path) => path,
                        None => header.path_bytes().into_owned(),
                    };
                    let size = overrides.size.take().unwrap_or(size);
                    raw.extend_from_slice(&block);
                    return Ok(Next::Member(MemberHeader {
                        name,
                        size,
                        typeflag,
                        mtime: header.mtime().ok(),
                        raw,
                    }));
                }
            }
        }
    }

    /// Reads the current member's content in chunks, then its padding.
    pub fn content(&mut self, size: u64, mut sink: impl FnMut(&[u8])) -> Result<(), TarProblem> {
        let mut remaining = size;
        while remaining > 0 {
            let want = self
                .buffer
                .len()
                .min(usize::try_from(remaining).unwrap_or(usize::MAX));
            let n =
                read_some(&mut self.inner, &mut self.buffer[..want]).map_err(TarProblem::Read)?;
            if n == 0 {
                return Err(TarProblem::Truncated(format!(
                    "member content ends {remaining} bytes early at offset {}",
                    self.offset
                )));
            }
            sink(&self.buffer[..n]);
            self.offset += n as u64;
            remaining -= n as u64;
        }
        self.skip_padding(size)
    }

    /// After the end marker, only zero blocks may follow (a record's
    /// padding), at most [`MAX_ZERO_PADDING`] bytes of them. Returns how many.
    pub fn zero_padding(&mut self) -> Result<u64, TarProblem> {
        let mut count = 0u64;
        let mut buffer = [0u8; 64 * 1024];
        loop {
            let n = read_some(&mut self.inner, &mut buffer).map_err(TarProblem::Read)?;
            if n == 0 {
                break;
            }
            if let Some(at) = buffer[..n].iter().position(|&b| b != 0) {
                return Err(TarProblem::Trailing(format!(
                    "data after the end of the tar archive (a non-zero byte at offset {})",
                    self.offset + count + at as u64
                )));
            }
            count += n as u64;
            if count > MAX_ZERO_PADDING {
                return Err(TarProblem::Trailing(format!(
                    "more than {MAX_ZERO_PADDING} zero bytes after the end of the tar archive"
                )));
            }
        }
        if !count.is_multiple_of(BLOCK as u64) {
            return Err(TarProblem::Trailing(format!(
                "{count} zero bytes after the end of the tar archive: not whole 512-byte blocks"
            )));
        }
        self.offset += count;
        Ok(count)
    }

    fn skip_padding(&mut self, size: u64) -> Result<(), TarProblem> {
        let rest = (BLOCK - (size % BLOCK as u64) as usize) % BLOCK;
        let mut padding = [0u8; BLOCK];
        self.exact(&mut padding[..rest], "padding")
    }

    fn block(&mut self, what: &str) -> Result<[u8; BLOCK], TarProblem> {
        let mut block = [0u8; BLOCK];
        self.exact(&mut block, what)?;
        Ok(block)
    }

    fn exact(&mut self, buffer: &mut [u8], what: &str) -> Result<(), TarProblem> {
        let mut filled = 0;
        while filled < buffer.len() {
            let n = read_some(&mut self.inner, &mut buffer[filled..]).map_err(TarProblem::Read)?;
            if n == 0 {
                return Err(TarProblem::Truncated(format!(
                    "the archive ends inside a {what} at offset {}",
                    self.offset + filled as u64
                )));
            }
            filled += n;
        }
        self.offset += buffer.len() as u64;
        Ok(())
    }
}

fn read_some(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buffer) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

fn check_checksum(block: &[u8; BLOCK], offset: u64) -> Result<(), TarProblem> {
    let stored = std::str::from_utf8(&block[148..156])
        .ok()
        .map(|text| text.trim_matches(|c: char| c == '\0' || c == ' '))
        .and_then(|text| u32::from_str_radix(text, 8).ok());
    let computed: u32 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                u32::from(b' ')
            } else {
                u32::from(b)
            }
        })
        .sum();
    if stored != Some(computed) {
        return Err(TarProblem::Corrupt(format!(
            "header checksum mismatch at offset {offset}"
        )));
    }
    Ok(())
}

#[derive(Default)]
struct PaxOverrides {
    path: Option<Vec<u8>>,
    size: Option<u64>,
}

impl PaxOverrides {
    fn any(&self) -> bool {
        self.path.is_some() || self.size.is_some()
    }
}

/// Parses `"<len> <key>=<value>\n"` records; keeps `path` and `size`.
fn parse_pax(mut records: &[u8], offset: u64) -> Result<PaxOverrides, TarProblem> {
    let corrupt =
        || TarProblem::Corrupt(format!("malformed pax record in header at offset {offset}"));
    let mut overrides = PaxOverrides::default();
    while !records.is_empty() {
        let space = records
            .iter()
            .position(|&b| b == b' ')
            .ok_or_else(corrupt)?;
        let length: usize = std::str::from_utf8(&records[..space])
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or_else(corrupt)?;
        if length <= space + 1 || length > records.len() || records[length - 1] != b'\n' {
            return Err(corrupt());
        }
        let record = &records[space + 1..length - 1];
        let equals = record.iter().position(|&b| b == b'=').ok_or_else(corrupt)?;
        let (key, value) = (&record[..equals], &record[equals + 1..]);
        match key {
            b"path" => overrides.path = Some(value.to_vec()),
            b"size" => {
                overrides.size = Some(
                    std::str::from_utf8(value)
                        .ok()
                        .and_then(|text| text.parse().ok())
                        .ok_or_else(corrupt)?,
                )
            }
            _ => {}
        }
        records = &records[length..];
    }
    Ok(overrides)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pax_records_parse_and_reject_lies() {
        let ok = parse_pax(b"12 path=a/b\n15 size=123456\n", 0).unwrap();
        assert_eq!(ok.path.unwrap(), b"a/b");
        assert_eq!(ok.size.unwrap(), 123456);
        for bad in [
            &b"99 path=a\n"[..],
            b"x path=a\n",
            b"9 patha\n\n",
            b"3 p\n",
            b"11 size=zz\n",
        ] {
            assert!(
                parse_pax(bad, 0).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn huge_pax_header_claim_is_refused_without_allocating() {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::XHeader);
        header.set_size(1 << 60);
        header.set_cksum();
        let mut reader = TarReader::new(&header.as_bytes()[..]);
        assert!(
            matches!(reader.next_member(), Err(TarProblem::Corrupt(message)) if message.contains("claims"))
        );
    }

    #[test]
    fn zero_blocks_after_the_end_are_padding_anything_else_is_trailing() {
        let padded = |tail: &[u8]| {
            let mut bytes = vec![0u8; 2 * BLOCK];
            bytes.extend_from_slice(tail);
            let mut reader = TarReader::new(&bytes[..]);
            assert!(matches!(reader.next_member(), Ok(Next::End)));
            reader.zero_padding()
        };
        assert_eq!(padded(&[0u8; 10240 - 1024]).unwrap(), 9216);
        assert_eq!(padded(&[]).unwrap(), 0);
        let mut one_byte = vec![0u8; BLOCK];
        one_byte[7] = 1;
        for bad in [&one_byte[..], &[0u8; 100][..], &vec![0u8; 2 << 20][..]] {
            assert!(matches!(padded(bad), Err(TarProblem::Trailing(_))));
        }
    }

    #[test]
    fn raw_header_bytes_are_kept_for_the_canonical_check() {
        let name = format!("id/data/files/{}", "é".repeat(60));
        let written = crate::tar_header::member_header(&name, 3, 1_700_000_000);
        let mut bytes = written.clone();
        bytes.extend_from_slice(b"abc");
        bytes.resize(bytes.len().next_multiple_of(BLOCK), 0);
        let Ok(Next::Member(header)) = TarReader::new(&bytes[..]).next_member() else {
            panic!("a member");
        };
        assert_eq!(header.raw, written);
        assert_eq!(header.mtime, Some(1_700_000_000));
        assert_eq!(header.name, name.as_bytes());
    }

    #[test]
    fn bad_checksum_is_corrupt_and_short_stream_is_truncated() {
        let mut header = tar::Header::new_ustar();
        header.set_size(4);
        header.set_cksum();
        let mut bytes = header.as_bytes().to_vec();
        bytes[0] = b'z';
        assert!(matches!(
            TarReader::new(&bytes[..]).next_member(),
            Err(TarProblem::Corrupt(_))
        ));
        assert!(matches!(
            TarReader::new(&bytes[..100]).next_member(),
            Err(TarProblem::Truncated(_))
        ));
    }
}
